"""The one error type of care paths: a request the user can correct."""

from __future__ import annotations


class CarePathError(ValueError):
    """A request the user can correct; the message is translated and shown as is."""
