"""Small helpers that make questionnaire tests read like the user's story."""

from __future__ import annotations

from carevillage.questionnaires import engine, services
from carevillage.questionnaires.instruments import INSTRUMENTS


def publish(slug: str):  # noqa: ANN201 - a QuestionnaireVersion
    build, kind, public = INSTRUMENTS[slug]
    return services.publish_version(
        actor=None, slug=slug, definition=build(), kind=kind, is_public=public
    )


def option_index(version, link_id: str, code: str) -> str:
    """The form value of the option with this code."""
    item = engine.items_by_link_id(version.definition)[link_id]
    for index, option in enumerate(item["answerOption"]):
        if option["valueCoding"]["code"] == code:
            return str(index)
    raise LookupError(code)


def log_in_patient(client, person) -> None:  # noqa: ANN001
    """What the e-ID login leaves in the session (tests of the real flow live in identity)."""
    client.force_login(person.user)
    session = client.session
    session["loa"] = "high"
    session.save()
