"""Query budgets that hold on both databases."""

from __future__ import annotations

from django.db import connection


def audit_chain_lock_queries(writes: int = 1) -> int:
    """The queries a budget adds for `writes` audit writes on this database: on PostgreSQL
    each write first takes the advisory lock that keeps the hash chain in order (one more
    query); SQLite serializes writers by itself and needs none."""
    return writes if connection.vendor == "postgresql" else 0
