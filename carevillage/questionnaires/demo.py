"""DEMO: the seeded instruments and quiz. Idempotent: `make run` seeds on every start."""

from __future__ import annotations

from .instruments import INSTRUMENTS
from .models import Questionnaire
from .services import publish_version

# The demo house (houses.models.Theme) that offers each self-test or quiz.
DEMO_HOUSES = {
    "phq-9": "mental_health",
    "gad-7": "mental_health",
    "audit-c": "mental_health",
    "audit": "mental_health",
    "stroke-signs": "heart",
}


def seed_demo() -> None:
    for slug, (build, kind, public) in INSTRUMENTS.items():
        publish_version(actor=None, slug=slug, definition=build(), kind=kind, is_public=public)
        Questionnaire.objects.filter(slug=slug).exclude(house_theme=DEMO_HOUSES[slug]).update(
            house_theme=DEMO_HOUSES[slug]
        )
