"""Editors build and change a draft with plain forms instead of writing JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from carevillage.navigator import services
from carevillage.navigator.models import Navigator, NavigatorVersion, VersionStatus
from carevillage.navigator.tests.graphs import sound_graph
from carevillage.navigator.validation import validate
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


def en_fi(name: str, en: str) -> dict[str, str]:
    return {f"{name}_en": en, f"{name}_fi": f"{en} (fi)"}


def form_data(
    *,
    start: str,
    questions: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    dispositions: list[dict[str, Any]],
) -> dict[str, Any]:
    """What the browser posts when the editor fills in the rows of each section."""
    data: dict[str, Any] = {
        "navigator-languages": ["en", "fi"],
        "navigator-start": start,
        **{f"navigator-{k}": v for k, v in en_fi("title", "Sore throat").items()},
        **{f"navigator-{k}": v for k, v in en_fi("intro", "A few questions.").items()},
    }
    for prefix, rows in (
        ("questions", questions),
        ("answers", answers),
        ("dispositions", dispositions),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


def question(node_id: str, text: str, *, red_flag: bool = False) -> dict[str, Any]:
    row = {"id": node_id, "kind": "symptom", **en_fi("text", text)}
    if red_flag:
        row["red_flag"] = "on"
    return row


def answer(question_id: str, value: str, next_node: str) -> dict[str, Any]:
    return {"question": question_id, "value": value, "next": next_node, **en_fi("label", value)}


def disposition(node_id: str, level: str, service: str, link: str = "") -> dict[str, Any]:
    return {
        "id": node_id,
        "level": level,
        "service": service,
        "self_care_link": link,
        **en_fi("text", f"Go to {service}"),
    }


def small_navigator(*, breathing_no_leads_to: str = "fever") -> dict[str, Any]:
    return form_data(
        start="breathing",
        questions=[
            question("breathing", "Is it hard to breathe?", red_flag=True),
            question("fever", "Have you had a fever for over three days?"),
        ],
        answers=[
            answer("breathing", "yes", "emergency"),
            answer("breathing", "no", breathing_no_leads_to),
            answer("fever", "yes", "gp"),
            answer("fever", "no", "home"),
        ],
        dispositions=[
            disposition("emergency", "emergency", "emergency"),
            disposition("gp", "soon", "health_centre"),
            disposition("home", "self_care", "pharmacy", link="/navigators/"),
        ],
    )


@pytest.fixture
def empty_draft(client, editor):
    """An editor creates a navigator and an empty draft in the admin, without any JSON."""
    log_in_staff(client, editor)
    client.post(reverse("navigators:add"), {"slug": "sore-throat", "name": "Sore throat"})
    navigator = Navigator.objects.get(slug="sore-throat")
    response = client.post(reverse("navigator_versions:add"), {"navigator": navigator.pk})
    version = NavigatorVersion.objects.get(navigator=navigator)
    assert response["Location"] == reverse("navigator_versions:edit_as_form", args=[version.pk])
    return version


def test_editor_builds_a_valid_navigator_entirely_through_the_form_page(client, empty_draft):
    url = reverse("navigator_versions:edit_as_form", args=[empty_draft.pk])

    response = client.post(url, small_navigator(), follow=True)

    page = response.content.decode()
    assert "Draft saved." in page
    assert "The validator finds no problems" in page
    empty_draft.refresh_from_db()
    graph = empty_draft.graph
    assert validate(graph) == []
    assert graph["start"] == "breathing"
    assert graph["nodes"]["breathing"]["red_flag"] is True
    assert graph["nodes"]["fever"]["red_flag"] is False
    assert [a["next"] for a in graph["nodes"]["breathing"]["answers"]] == ["emergency", "fever"]
    assert graph["nodes"]["home"]["self_care_link"] == "/navigators/"
    assert graph["title"] == {"en": "Sore throat", "fi": "Sore throat (fi)"}
    # The page reopens with what was saved, ready for the next change.
    assert 'value="Is it hard to breathe?"' in page


def test_an_answer_pointing_to_a_missing_node_shows_the_validators_message(client, empty_draft):
    url = reverse("navigator_versions:edit_as_form", args=[empty_draft.pk])

    response = client.post(url, small_navigator(breathing_no_leads_to="nowhere"), follow=True)

    page = response.content.decode()
    assert "Draft saved." in page
    assert "problems block publishing" in page
    assert "breathing: The answer “no” leads nowhere (“nowhere” does not exist)." in page
    # The question it should have led to is now out of reach, and the validator says so.
    assert "fever: No path from the start reaches this node." in page
    empty_draft.refresh_from_db()
    assert empty_draft.status == VersionStatus.DRAFT
    assert "unhandled_answer" in [p.code for p in validate(empty_draft.graph)]


def test_an_existing_draft_opens_in_the_forms_and_saves_back_unchanged(client, editor):
    navigator = services.create_navigator(actor=editor, slug="throat", name="Throat")
    draft = services.create_draft(actor=editor, navigator=navigator, graph=sound_graph())
    log_in_staff(client, editor)
    url = reverse("navigator_versions:edit_as_form", args=[draft.pk])

    page = client.get(url)
    forms = page.context
    data: dict[str, Any] = {}
    for name in ("navigator_form", "questions", "answers", "dispositions"):
        form_or_set = forms[name]
        subforms = getattr(form_or_set, "forms", [form_or_set])
        if hasattr(form_or_set, "management_form"):
            management = form_or_set.management_form
            for field in management:
                data[field.html_name] = field.value()
        for form in subforms:
            for field in form:
                value = field.value()
                if value in (None, False, ""):
                    continue
                data[field.html_name] = "on" if value is True else value
    response = client.post(url, data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.graph == sound_graph()


def test_a_published_version_cannot_be_edited_through_the_form_page(client, editor, clinician):
    navigator = services.create_navigator(actor=editor, slug="throat", name="Throat")
    draft = services.create_draft(actor=editor, navigator=navigator, graph=sound_graph())
    services.approve_and_publish(actor=clinician, version=draft)
    log_in_staff(client, editor)
    url = reverse("navigator_versions:edit_as_form", args=[draft.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, small_navigator())

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.graph == sound_graph()


def test_a_repeated_node_id_is_refused_and_nothing_is_saved(client, empty_draft):
    url = reverse("navigator_versions:edit_as_form", args=[empty_draft.pk])
    data = small_navigator()
    data["questions-1-id"] = "breathing"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "is used twice" in response.content.decode()
    empty_draft.refresh_from_db()
    assert empty_draft.graph == {}
