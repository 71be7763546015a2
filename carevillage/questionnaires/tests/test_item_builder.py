"""Editors build and edit a questionnaire's items in the admin without writing JSON."""

from __future__ import annotations

import pytest

from carevillage.audit.models import AuditEvent
from carevillage.questionnaires import engine
from carevillage.questionnaires.models import Questionnaire, QuestionnaireVersion
from carevillage.questionnaires.tests.helpers import publish
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("0", "Never", "Ei koskaan", 0),
    ("1", "Sometimes", "Joskus", 1),
    ("2", "Often", "Usein", 3),
]
QUESTIONS = [
    ("mood", "Have you felt low?", "Oletko tuntenut olosi alakuloiseksi?"),
    ("sleep", "Have you slept badly?", "Oletko nukkunut huonosti?"),
    ("worry", "Have you worried a lot?", "Oletko huolehtinut paljon?"),
]


@pytest.fixture
def editor(client):
    user = make_staff("editor.test", make_organization(), role=Role.EDITOR)
    log_in_staff(client, user)
    return user


def approve(pk: int, username: str = "doctor.reviewer"):  # noqa: ANN201 - the response
    """A second clinician (another editor) approves and publishes the draft."""
    from django.test import Client

    reviewer = Client()
    log_in_staff(
        reviewer, make_staff(username, make_organization(f"{username} district"), role=Role.EDITOR)
    )
    return reviewer.post(f"/admin/questionnaires/{pk}/publish/", {"confirm": "on"})


def formset(prefix: str, rows: list[dict], *, initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is False:
                continue
            data[f"{prefix}-{index}-{name}"] = "on" if value is True else str(value)
    return data


def question(link_id: str, en: str, fi: str, order: int, **extra: object) -> dict:
    return {
        "link_id": link_id,
        "type": "choice",
        "text_en": en,
        "text_fi": fi,
        "required": True,
        "ORDER": order,
        **extra,
    }


def options_for(link_id: str) -> list[dict]:
    return [
        {"item": link_id, "code": code, "display_en": en, "display_fi": fi, "ordinal": ordinal}
        for code, en, fi, ordinal in ANSWERS
    ]


def build_page(questions: list[dict], *, slug: str = "low-mood-check") -> dict[str, str]:
    options = [row for q in questions for row in options_for(q["link_id"])]
    return {
        "title_en": "Low mood check (demo)",
        "title_fi": "Mielialatesti (demo)",
        "slug": slug,
        "kind": "self_test",
        "is_public": "on",
        **formset("items", questions),
        **formset("options", options),
    }


def test_editor_builds_previews_and_publishes_a_choice_questionnaire_without_json(client, editor):
    assert "Build a new questionnaire" in client.get("/admin/questionnaires/").content.decode()
    # Entered out of order: the Order numbers decide where each question goes.
    questions = [
        question("sleep", *QUESTIONS[1][1:], order=2),
        question("mood", *QUESTIONS[0][1:], order=1),
        question("worry", *QUESTIONS[2][1:], order=3),
    ]
    page = client.post("/admin/questionnaires/new/items/", build_page(questions), follow=True)
    text = page.content.decode()
    assert "Draft saved. Preview it, then publish." in text
    assert 'value="Have you slept badly?"' in text  # the saved rows are shown again
    questionnaire = Questionnaire.objects.get(slug="low-mood-check")
    assert questionnaire.versions.count() == 0
    assert AuditEvent.objects.filter(
        action="create_questionnaire", resource_id=str(questionnaire.pk), actor_user_id=editor.pk
    ).exists()
    # Not public before a second clinician approves it.
    assert client.get("/en/self-tests/low-mood-check/").status_code == 404

    preview = client.get(f"/admin/questionnaires/{questionnaire.pk}/preview/").content.decode()
    assert "Preview of an unpublished draft" in preview
    assert "Have you felt low?" in preview
    assert "Sometimes" in preview
    assert preview.index("Have you felt low?") < preview.index("Have you slept badly?")

    assert approve(questionnaire.pk).status_code == 302
    version = QuestionnaireVersion.objects.get(questionnaire=questionnaire)
    assert version.number == 1

    export = client.get(f"/admin/questionnaires/{questionnaire.pk}/export/").json()
    assert [item["linkId"] for item in export["item"]] == ["mood", "sleep", "worry"]
    mood = export["item"][0]
    assert mood["type"] == "choice"
    assert mood["required"] is True
    assert engine.localized(mood, "text", "fi") == "Oletko tuntenut olosi alakuloiseksi?"
    assert [o["valueCoding"]["code"] for o in mood["answerOption"]] == ["0", "1", "2"]
    assert [engine.option_ordinal(o) for o in mood["answerOption"]] == [0, 1, 3]
    assert engine.option_label(mood["answerOption"][2], "fi") == "Usein"
    assert engine.localized(export, "title", "fi") == "Mielialatesti (demo)"


def test_duplicate_link_id_shows_the_engines_message_and_saves_nothing(client, editor):
    questions = [
        question("mood", *QUESTIONS[0][1:], order=1),
        question("mood", *QUESTIONS[1][1:], order=2),
    ]
    page = client.post("/admin/questionnaires/new/items/", build_page(questions))
    assert page.status_code == 200
    text = page.content.decode()
    assert "The draft was not saved." in text
    assert "The linkId mood is used more than once." in text
    assert 'value="Have you slept badly?"' in text  # what the editor typed is kept
    assert Questionnaire.objects.count() == 0


def test_duplicate_link_id_in_an_existing_draft_leaves_the_draft_as_it_was(client, editor):
    version = publish("gad-7")
    questionnaire = version.questionnaire
    page = client.post(
        f"/admin/questionnaires/{questionnaire.pk}/items/",
        build_page(
            [question("mood", "A", "", order=1), question("mood", "B", "", order=2)], slug=""
        ),
    )
    assert "The linkId mood is used more than once." in page.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.draft_definition is None


def shown_rows(client, questionnaire) -> tuple[dict, list[dict], list[dict]]:
    """The rows the Edit items page shows, numbered in the order shown."""
    page = client.get(f"/admin/questionnaires/{questionnaire.pk}/items/")
    assert page.status_code == 200
    title = dict(page.context["title_form"].initial)
    items = [dict(form.initial) for form in page.context["items"].initial_forms]
    options = [dict(form.initial) for form in page.context["options"].initial_forms]
    for rows in (items, options):
        for index, row in enumerate(rows):
            row["ORDER"] = index + 1
    return title, items, options


def post_rows(client, questionnaire, title: dict, items: list[dict], options: list[dict]):  # noqa: ANN201
    data = {
        **title,
        **formset("items", items, initial=len(items)),
        **formset("options", options, initial=len(options)),
    }
    return client.post(f"/admin/questionnaires/{questionnaire.pk}/items/", data, follow=True)


@pytest.mark.parametrize("slug", ["audit", "phq-9"])
def test_saving_the_rows_unchanged_keeps_groups_scoring_and_translations(client, editor, slug):
    version = publish(slug)
    title, items, options = shown_rows(client, version.questionnaire)
    page = post_rows(client, version.questionnaire, title, items, options)
    assert "Draft saved" in page.content.decode()
    version.questionnaire.refresh_from_db()
    assert version.questionnaire.draft_definition == version.definition


def test_editor_removes_reorders_and_adds_items(client, editor):
    version = publish("phq-9")
    questionnaire = version.questionnaire
    title, items, options = shown_rows(client, questionnaire)
    difficulty = next(row for row in items if row["link_id"] == "phq9-difficulty")
    difficulty["DELETE"] = True
    next(row for row in items if row["link_id"] == "phq9-2")["ORDER"] = 0
    items.append({"link_id": "notes", "type": "text", "text_en": "Anything else?", "ORDER": 99})
    page = post_rows(client, questionnaire, title, items, options)
    assert "Draft saved" in page.content.decode()
    questionnaire.refresh_from_db()
    draft = questionnaire.draft_definition
    link_ids = [item["linkId"] for item in draft["item"]]
    assert link_ids[0] == "phq9-2"
    assert link_ids[-1] == "notes"
    assert "phq9-difficulty" not in link_ids
    assert engine.scoring_of(draft) == engine.scoring_of(version.definition)


def test_removing_a_scored_item_shows_the_engines_message_and_keeps_the_draft(client, editor):
    version = publish("gad-7")
    questionnaire = version.questionnaire
    title, items, options = shown_rows(client, questionnaire)
    next(row for row in items if row["link_id"] == "gad7-3")["DELETE"] = True
    page = post_rows(client, questionnaire, title, items, options)
    assert "The score total refers to gad7-3, which does not exist." in page.content.decode()
    questionnaire.refresh_from_db()
    assert questionnaire.draft_definition is None


def test_option_for_an_item_that_is_not_a_choice_is_refused(client, editor):
    questions = [question("mood", *QUESTIONS[0][1:], order=1, type="string")]
    page = client.post("/admin/questionnaires/new/items/", build_page(questions))
    assert "The option 0 belongs to mood, which is not a choice item." in page.content.decode()
    assert Questionnaire.objects.count() == 0


def test_professional_without_editor_role_cannot_open_the_item_builder(client):
    nurse = make_staff("nurse.test", make_organization())
    log_in_staff(client, nurse)
    assert client.get("/admin/questionnaires/new/items/").status_code in (302, 403)


def test_a_draft_nested_deeper_than_the_builder_shows_sends_the_editor_to_json(client, editor):
    version = publish("audit")
    questionnaire = version.questionnaire
    definition = dict(version.definition)
    inner = {"linkId": "inner", "type": "group", "item": [{"linkId": "x", "type": "string"}]}
    definition["item"] = [{**definition["item"][0], "item": [inner]}, *definition["item"][1:]]
    questionnaire.draft_definition = definition
    questionnaire.save()
    page = client.get(f"/admin/questionnaires/{questionnaire.pk}/items/").content.decode()
    assert "Item inner nests items more than one level deep; edit it as JSON." in page
    assert "Save draft" not in page
