"""enableWhen for every operator and answer type, and definitions the engine refuses."""

from __future__ import annotations

import itertools
import json

import pytest

from carevillage.questionnaires import engine, services

CODING_LO = {"system": "urn:demo", "code": "lo"}
CODING_HI = {"system": "urn:demo", "code": "hi"}

# type -> (value kind, low value, high value)
ORDERED = {
    "decimal": ("Decimal", 1.5, 2.5),
    "integer": ("Integer", 1, 2),
    "date": ("Date", "2026-01-01", "2026-02-01"),
    "dateTime": ("DateTime", "2026-01-01T10:00:00+00:00", "2026-01-01T12:00:00+00:00"),
    "time": ("Time", "08:00:00", "09:30:00"),
    "string": ("String", "apple", "banana"),
    "quantity": ("Quantity", {"value": 60, "unit": "kg"}, {"value": 70, "unit": "kg"}),
}
UNORDERED = {
    "boolean": ("Boolean", False, True),
    "choice": ("Coding", CODING_LO, CODING_HI),
}
# (operator, answer is high?, expected enabled) when the condition compares with the low value.
TRUTH = [
    ("=", False, True),
    ("=", True, False),
    ("!=", False, False),
    ("!=", True, True),
    (">", True, True),
    (">", False, False),
    ("<", True, False),
    ("<", False, False),
    (">=", True, True),
    (">=", False, True),
    ("<=", True, False),
    ("<=", False, True),
]


def definition_with(
    kind: str, condition: dict, behavior: str | None = None, extra: list | None = None
) -> dict:
    question = {"linkId": "q", "type": kind, "text": "Q"}
    if kind == "choice":
        question["answerOption"] = [{"valueCoding": CODING_LO}, {"valueCoding": CODING_HI}]
    dependent = {
        "linkId": "d",
        "type": "string",
        "text": "D",
        "enableWhen": [condition, *(extra or [])],
    }
    if behavior:
        dependent["enableBehavior"] = behavior
    return engine.validate(
        {
            "resourceType": "Questionnaire",
            "item": [
                {"linkId": "g1", "type": "group", "text": "G1", "item": [question]},
                {"linkId": "g2", "type": "group", "text": "G2", "item": [dependent]},
            ],
        }
    )


CASES = [
    (kind, op, high, expected) for kind, (op, high, expected) in itertools.product(ORDERED, TRUTH)
] + [
    (kind, op, high, expected)
    for kind, (op, high, expected) in itertools.product(UNORDERED, TRUTH)
    if op in ("=", "!=")
]


@pytest.mark.parametrize(("kind", "operator", "answer_high", "expected"), CASES)
def test_enable_when_operator_by_answer_type_in_nested_groups(
    kind, operator, answer_high, expected
):
    value_kind, low, high = {**ORDERED, **UNORDERED}[kind]
    definition = definition_with(
        kind, {"question": "q", "operator": operator, f"answer{value_kind}": low}
    )
    answers = {"q": [{f"value{value_kind}": high if answer_high else low}]}
    assert ("d" in engine.enabled_link_ids(definition, answers)) is expected


@pytest.mark.parametrize("kind", [*ORDERED, *UNORDERED])
def test_enable_when_exists_by_answer_type(kind):
    value_kind, low, _high = {**ORDERED, **UNORDERED}[kind]
    answered = {"q": [{f"value{value_kind}": low}]}
    exists = definition_with(kind, {"question": "q", "operator": "exists", "answerBoolean": True})
    absent = definition_with(kind, {"question": "q", "operator": "exists", "answerBoolean": False})
    assert "d" in engine.enabled_link_ids(exists, answered)
    assert "d" not in engine.enabled_link_ids(exists, {})
    assert "d" in engine.enabled_link_ids(absent, {})
    assert "d" not in engine.enabled_link_ids(absent, answered)


@pytest.mark.parametrize(("behavior", "expected"), [("any", True), ("all", False), (None, True)])
def test_enable_behavior_any_needs_one_condition_all_needs_every(behavior, expected):
    definition = definition_with(
        "integer",
        {"question": "q", "operator": ">", "answerInteger": 1},
        behavior,
        extra=[{"question": "q", "operator": ">", "answerInteger": 5}],
    )
    assert ("d" in engine.enabled_link_ids(definition, {"q": [{"valueInteger": 3}]})) is expected
    assert "d" in engine.enabled_link_ids(definition, {"q": [{"valueInteger": 9}]})


def test_hidden_question_answers_are_dropped_and_hide_their_own_followers():
    definition = engine.validate(
        {
            "resourceType": "Questionnaire",
            "item": [
                {"linkId": "smoke", "type": "boolean", "text": "Do you smoke?"},
                {
                    "linkId": "how-many",
                    "type": "integer",
                    "text": "How many a day?",
                    "enableWhen": [{"question": "smoke", "operator": "=", "answerBoolean": True}],
                },
                {
                    "linkId": "heavy",
                    "type": "string",
                    "text": "Tell us more",
                    "enableWhen": [{"question": "how-many", "operator": ">", "answerInteger": 20}],
                },
            ],
        }
    )
    answers = {
        "smoke": [{"valueBoolean": False}],
        "how-many": [{"valueInteger": 30}],
        "heavy": [{"valueString": "x"}],
    }
    assert engine.prune(definition, answers) == {"smoke": [{"valueBoolean": False}]}


def test_group_children_are_hidden_with_their_group():
    definition = engine.validate(
        {
            "resourceType": "Questionnaire",
            "item": [
                {"linkId": "a", "type": "boolean", "text": "A"},
                {
                    "linkId": "g",
                    "type": "group",
                    "text": "G",
                    "enableWhen": [{"question": "a", "operator": "=", "answerBoolean": True}],
                    "item": [{"linkId": "g.1", "type": "string", "text": "G1", "required": True}],
                },
            ],
        }
    )
    assert engine.missing_required(definition, {"a": [{"valueBoolean": False}]}) == []
    assert engine.missing_required(definition, {"a": [{"valueBoolean": True}]}) == ["g.1"]


def _import_error(resource: object) -> str:
    text = resource if isinstance(resource, str) else json.dumps(resource)
    with pytest.raises(engine.DefinitionError) as info:
        services.parse_fhir_json(text)
    return str(info.value)


def _questionnaire(*items: dict) -> dict:
    return {"resourceType": "Questionnaire", "item": list(items)}


def test_import_refuses_bad_json_with_the_line():
    assert "not valid JSON (line 2)" in _import_error('{"resourceType":\n "Questionnaire",,}')


def test_import_refuses_an_unknown_item_type_naming_the_item():
    message = _import_error(
        _questionnaire({"linkId": "pic", "type": "attachment", "text": "Photo"})
    )
    assert message == "Item pic: the item type attachment is not supported."


def test_import_refuses_enable_when_to_a_missing_link_id():
    message = _import_error(
        _questionnaire(
            {
                "linkId": "a",
                "type": "string",
                "text": "A",
                "enableWhen": [{"question": "ghost", "operator": "exists", "answerBoolean": True}],
            }
        )
    )
    assert message == "Item a: enableWhen refers to ghost, which does not exist."


def test_import_refuses_duplicate_link_ids_even_when_nested():
    message = _import_error(
        _questionnaire(
            {"linkId": "a", "type": "string", "text": "A"},
            {
                "linkId": "g",
                "type": "group",
                "text": "G",
                "item": [{"linkId": "a", "type": "string", "text": "A again"}],
            },
        )
    )
    assert message == "The linkId a is used more than once."


def test_import_refuses_enable_when_cycles_including_through_a_parent_group():
    direct = _import_error(
        _questionnaire(
            {
                "linkId": "a",
                "type": "boolean",
                "text": "A",
                "enableWhen": [{"question": "b", "operator": "exists", "answerBoolean": True}],
            },
            {
                "linkId": "b",
                "type": "boolean",
                "text": "B",
                "enableWhen": [{"question": "a", "operator": "exists", "answerBoolean": True}],
            },
        )
    )
    assert "enableWhen forms a cycle: a → b → a" in direct
    via_parent = _import_error(
        _questionnaire(
            {
                "linkId": "g",
                "type": "group",
                "text": "G",
                "enableWhen": [{"question": "g.1", "operator": "exists", "answerBoolean": True}],
                "item": [{"linkId": "g.1", "type": "boolean", "text": "G1"}],
            }
        )
    )
    assert "cycle" in via_parent


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            {"linkId": "c", "type": "choice", "text": "C", "answerValueSet": "http://x"},
            "Item c: the element answerValueSet is not supported.",
        ),
        (
            {
                "linkId": "c",
                "type": "string",
                "text": "C",
                "extension": [{"url": "http://example.org/calc", "valueString": "1+1"}],
            },
            "Item c: the extension http://example.org/calc is not supported.",
        ),
        ({"linkId": "c", "type": "choice", "text": "C"}, "Item c: a choice needs answerOption."),
        (
            {
                "linkId": "n",
                "type": "boolean",
                "text": "N",
                "enableWhen": [{"question": "n2", "operator": ">", "answerBoolean": True}],
            },
            "Item n: enableWhen refers to n2, which does not exist.",
        ),
    ],
)
def test_import_never_drops_a_construct_silently(item, message):
    assert _import_error(_questionnaire(item)) == message


def test_import_refuses_what_is_not_a_questionnaire():
    assert (
        _import_error({"resourceType": "Patient"}) == "This is not a FHIR Questionnaire resource."
    )
    assert _import_error(_questionnaire()) == "The Questionnaire has no items."


def test_ordered_operator_on_a_coding_is_refused():
    message = _import_error(
        _questionnaire(
            {
                "linkId": "c",
                "type": "choice",
                "text": "C",
                "answerOption": [{"valueCoding": CODING_LO}],
            },
            {
                "linkId": "d",
                "type": "string",
                "text": "D",
                "enableWhen": [{"question": "c", "operator": ">", "answerCoding": CODING_LO}],
            },
        )
    )
    assert message == "Item d: > cannot compare answerCoding."
