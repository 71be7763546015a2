"""FHIR R4 import and export, by service and by management command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from carevillage.questionnaires import engine, fhir, services
from carevillage.questionnaires.demo import seed_demo
from carevillage.questionnaires.instruments import INSTRUMENTS
from carevillage.questionnaires.models import Questionnaire, QuestionnaireVersion
from carevillage.questionnaires.tests.helpers import publish

pytestmark = pytest.mark.django_db

IDENTITY = ("id", "url", "version", "date")


def export(slug: str) -> dict:
    out = io.StringIO()
    call_command("export_questionnaire", slug, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("slug", list(INSTRUMENTS))
def test_export_import_export_keeps_the_meaning(slug, tmp_path):
    seed_demo()
    exported = export(slug)
    assert exported["resourceType"] == "Questionnaire"
    assert exported["id"] == slug and exported["version"] == "1" and exported["status"] == "active"
    path = tmp_path / "q.json"
    path.write_text(json.dumps(exported))
    out = io.StringIO()
    call_command("import_questionnaire", str(path), "--slug", f"copy-{slug}", stdout=out)
    assert f"Published copy-{slug} version 1." in out.getvalue()
    again = export(f"copy-{slug}")
    strip = lambda r: {k: v for k, v in r.items() if k not in IDENTITY}  # noqa: E731
    assert strip(again) == strip(exported)
    # And the meaning, not just the bytes: the same answers give the same scores and bands.
    original = Questionnaire.objects.get(slug=slug).latest_version().definition
    copied = Questionnaire.objects.get(slug=f"copy-{slug}").latest_version().definition
    items = engine.items_by_link_id(original)
    answers = {
        link_id: [engine.option_value(item["answerOption"][-1])]
        for link_id, item in items.items()
        if item.get("answerOption")
    }
    assert engine.score(original, answers).as_json() == engine.score(copied, answers).as_json()


def test_import_keeps_item_types_enable_when_required_repeats_and_initial(tmp_path):
    resource = {
        "resourceType": "Questionnaire",
        "id": "intake",
        "title": "Intake",
        "item": [
            {
                "linkId": "weight",
                "type": "quantity",
                "text": "Weight",
                "required": True,
                "extension": [
                    {
                        "url": engine.UNIT_URL,
                        "valueCoding": {
                            "system": "http://unitsofmeasure.org",
                            "code": "kg",
                            "display": "kg",
                        },
                    }
                ],
            },
            {"linkId": "born", "type": "date", "text": "Born"},
            {"linkId": "seen", "type": "dateTime", "text": "Seen"},
            {"linkId": "wake", "type": "time", "text": "Wake"},
            {"linkId": "note", "type": "text", "text": "Note", "maxLength": 200, "readOnly": False},
            {
                "linkId": "pets",
                "type": "open-choice",
                "text": "Pets",
                "repeats": True,
                "answerOption": [
                    {"valueString": "cat"},
                    {"valueInteger": 3, "initialSelected": True},
                ],
            },
            {
                "linkId": "smoke",
                "type": "boolean",
                "text": "Smoke",
                "initial": [{"valueBoolean": False}],
            },
            {
                "linkId": "more",
                "type": "group",
                "text": "More",
                "enableBehavior": "all",
                "enableWhen": [
                    {"question": "smoke", "operator": "=", "answerBoolean": True},
                    {
                        "question": "weight",
                        "operator": ">",
                        "answerQuantity": {"value": 50, "unit": "kg"},
                    },
                ],
                "item": [
                    {
                        "linkId": "more.1",
                        "type": "decimal",
                        "text": "Packs",
                        "code": [{"system": "urn:x", "code": "p"}],
                    }
                ],
            },
        ],
    }
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(resource))
    call_command("import_questionnaire", str(path), stdout=io.StringIO())
    exported = export("intake")
    assert exported["item"] == resource["item"]
    assert exported["title"] == "Intake"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "The file is not valid JSON (line 1)"),
        (
            json.dumps(
                {
                    "resourceType": "Questionnaire",
                    "id": "x",
                    "item": [{"linkId": "a", "type": "url"}],
                }
            ),
            "Item a: the item type url is not supported.",
        ),
    ],
)
def test_malformed_import_by_command_fails_clearly_and_changes_nothing(content, message, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_questionnaire", str(path))
    assert Questionnaire.objects.count() == 0
    assert QuestionnaireVersion.objects.count() == 0


def test_export_of_an_unknown_slug_fails_clearly():
    with pytest.raises(CommandError, match="No published questionnaire with the slug 'nope'"):
        call_command("export_questionnaire", "nope")


def test_response_export_nests_answers_as_the_questionnaire_nests_items():
    from carevillage.identity.tests.factories import make_person

    person = make_person()
    version = publish("audit")
    items = engine.items_by_link_id(version.definition)
    answers = {
        "audit-1": [engine.option_value(items["audit-1"]["answerOption"][0])],
        "audit-9": [engine.option_value(items["audit-9"]["answerOption"][0])],
        "audit-10": [engine.option_value(items["audit-10"]["answerOption"][0])],
    }
    draft = services.save_draft(actor=person.user, version=version, answers=answers, page=1)
    response = services.submit_response(actor=person.user, response=draft)
    resource = fhir.response_json(response)
    assert resource["status"] == "completed"
    assert resource["questionnaire"].endswith("/fhir/Questionnaire/audit|1")
    groups = {group["linkId"]: group for group in resource["item"]}
    assert [i["linkId"] for i in groups["audit-amount"]["item"]] == ["audit-1"]
    assert groups["audit-effects"]["item"][0]["answer"][0]["valueCoding"]["code"] == "y0"
