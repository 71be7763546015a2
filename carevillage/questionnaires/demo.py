"""DEMO: the seeded instruments and quiz. Idempotent: `make run` seeds on every start."""

from __future__ import annotations

from .instruments import INSTRUMENTS
from .services import publish_version


def seed_demo() -> None:
    for slug, (build, kind, public) in INSTRUMENTS.items():
        publish_version(actor=None, slug=slug, definition=build(), kind=kind, is_public=public)
