"""Bad input to the questionnaire importer and pages: a specific error, nothing changed.

A definition the importer accepts is published to every citizen, so "accepted" must mean
"renders and scores": the fuzz tests below publish every accepted definition and answer
it through the public page.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carevillage.questionnaires import engine, services
from carevillage.questionnaires.instruments import INSTRUMENTS
from carevillage.questionnaires.models import (
    AnonymousResultCount,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
)
from carevillage.tenants.models import Role
from carevillage.testing.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SLEEP = {
    "resourceType": "Questionnaire",
    "id": "sleep-check",
    "title": "Sleep check (demo)",
    "item": [
        {"linkId": "hours", "type": "integer", "text": "Hours of sleep?", "required": True},
        {
            "linkId": "rested",
            "type": "boolean",
            "text": "Rested?",
            "enableWhen": [{"question": "hours", "operator": "<", "answerInteger": 7}],
        },
    ],
}


def phq9() -> dict:
    return INSTRUMENTS["phq-9"][0]()


@pytest.fixture
def editor(client: Client) -> Any:
    user = make_staff("editor.fuzz", make_organization(), role=Role.EDITOR)
    log_in_staff(client, user)
    return user


def counts() -> tuple[int, ...]:
    return (
        Questionnaire.objects.count(),
        QuestionnaireVersion.objects.count(),
        QuestionnaireResponse.objects.count(),
        AnonymousResultCount.objects.count(),
        Questionnaire.objects.exclude(draft_definition=None).count(),
    )


def import_page(client: Client, text: str) -> Any:
    return client.post(
        "/admin/questionnaires/import/",
        {"text": text, "kind": "self_test", "is_public": "on", "slug": "fuzzed"},
    )


def mutated(change: Any) -> str:
    definition = phq9()
    change(definition)
    return json.dumps(definition)


def scoring_changed(change: Any) -> Any:
    def apply(definition: dict) -> None:
        scoring = json.loads(definition["extension"][0]["valueString"])
        change(scoring)
        definition["extension"][0]["valueString"] = json.dumps(scoring)

    return apply


BAD_DEFINITIONS = {
    "enableWhen is text": (
        mutated(lambda d: d["item"][0].__setitem__("enableWhen", "x")),
        "enableWhen must be a list of objects",
    ),
    "initial is text": (
        mutated(lambda d: d["item"][0].__setitem__("initial", "x")),
        "initial must be a list of objects",
    ),
    "initial of another type": (
        json.dumps(
            {**SLEEP, "item": [{**SLEEP["item"][0], "initial": [{"valueString": "eight"}]}]}
        ),
        "initial needs valueInteger for a integer item",
    ),
    "translation without its parts": (
        mutated(
            lambda d: d.__setitem__("_title", {"extension": [{"url": engine.TRANSLATION_URL}]})
        ),
        "each translation of title needs a lang",
    ),
    "scoring is not JSON": (
        mutated(lambda d: d["extension"][0].__setitem__("valueString", "{scores")),
        "The scoring extension is not valid JSON",
    ),
    "band without numbers": (
        mutated(scoring_changed(lambda s: s["bands"]["ranges"][0].__setitem__("min", "low"))),
        "each band needs a numeric min and max",
    ),
    "NaN": ('{"resourceType": "Questionnaire", "item": [], "x": NaN}', "NaN"),
    "deep nesting": ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "unpaired surrogate in the title": (
        mutated(lambda d: d.__setitem__("title", "Mood \ud800")),
        "unpaired surrogate",
    ),
}


@pytest.mark.parametrize("name", BAD_DEFINITIONS)
def test_a_malformed_definition_gets_a_specific_error_and_changes_nothing(client, editor, name):
    text, reason = BAD_DEFINITIONS[name]
    before = counts()
    page = import_page(client, text)
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert counts() == before


def test_a_published_definition_that_fails_todays_checks_is_refused_politely(client):
    """Stored before the checks existed: the page says it is unavailable; no 500 for anyone."""
    good = services.publish_version(
        actor=None, slug="mood", definition=phq9(), kind="self_test", is_public=True
    )
    broken = copy.deepcopy(good.definition)
    broken["item"][0]["initial"] = "x"
    QuestionnaireVersion(
        questionnaire=good.questionnaire, number=2, definition=broken, published_at=timezone.now()
    ).save(force_insert=True)
    page = client.get("/en/self-tests/mood/")
    assert page.status_code == 503
    assert "This self-test is not available" in page.content.decode()
    assert client.post("/en/self-tests/mood/", {"action": "finish"}).status_code == 503


def test_a_broken_translation_in_a_stored_definition_falls_back_to_the_base_text():
    item = {"text": "Base", "_text": {"extension": [{"url": engine.TRANSLATION_URL}]}}
    assert engine.localized(item, "text", "fi") == "Base"
    item["_text"] = "junk"
    assert engine.localized(item, "text", "fi") == "Base"


# --- fuzzing ------------------------------------------------------------------------------

SURROGATES = st.sampled_from(["\ud800", "a\udfff", "\udbff\udc00x"])
TEXT = st.one_of(st.text(max_size=12), SURROGATES)
JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)
SCORING_KEY = "__scoring__"


def _unpacked(definition: dict) -> dict:
    """The definition with its scoring document as JSON, so the fuzzer reaches inside it."""
    definition = copy.deepcopy(definition)
    for ext in definition.get("extension", []):
        if ext.get("url") == engine.SCORING_URL:
            ext[SCORING_KEY] = json.loads(ext.pop("valueString"))
    return definition


def _packed(definition: dict) -> dict:
    for ext in definition.get("extension", []):
        if isinstance(ext, dict) and SCORING_KEY in ext:
            ext["valueString"] = json.dumps(ext.pop(SCORING_KEY))
    return definition


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


BASES = [_unpacked(phq9()), _unpacked(SLEEP)]
PATHS = [(index, path) for index, base in enumerate(BASES) for path in _paths(base)[1:]]


def _apply(base: dict, path: tuple, kind: str, value: Any) -> dict:
    definition = copy.deepcopy(base)
    parent = definition
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "replace":
        parent[last] = value
    elif isinstance(parent[last], dict) and kind == "add":
        parent[last]["fuzz" if not isinstance(value, str) else value or "x"] = value
    else:
        parent[last] = value
    return definition


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(PATHS), st.sampled_from(["replace", "delete", "add"]), JSON_VALUE),
    min_size=1,
    max_size=3,
)


def _mutate(mutations: list) -> str:
    index = mutations[0][0][0]
    definition = copy.deepcopy(BASES[index])
    for (base, path), kind, value in mutations:
        if base != index:
            continue
        try:
            definition = _apply(definition, path, kind, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the path
    return json.dumps(_packed(definition))


def _answer_everything(client: Client, slug: str) -> None:
    """Open the public page and press Finish with the first option of every choice."""
    first = client.get(f"/en/self-tests/{slug}/")
    assert first.status_code == 200, first.content[:500]
    text = first.content.decode()
    state = text.split('name="state" value="')[1].split('"')[0] if 'name="state"' in text else ""
    version = QuestionnaireVersion.objects.filter(questionnaire__slug=slug).latest("number")
    data = {"state": state, "page": "0", "shown": "[]", "action": "finish"}
    for item, _parent in engine.walk(version.definition["item"]):
        if item["type"] in ("choice", "open-choice"):
            data[engine.field_name(item["linkId"])] = "0"
        elif item["type"] in ("integer", "decimal"):
            data[engine.field_name(item["linkId"])] = "1"
    finished = client.post(f"/en/self-tests/{slug}/", data, follow=True)
    assert finished.status_code in (200, 400), finished.content[:500]


def test_fuzzed_questionnaire_imports_are_refused_cleanly_or_work_for_citizens(client, editor):
    tried = {"inputs": 0, "accepted": 0}
    reviewer = Client()
    log_in_staff(
        reviewer, make_staff("doctor.fuzz", make_organization("Fuzz district"), role=Role.EDITOR)
    )

    @FUZZ
    @given(mutations=MUTATIONS)
    def run(mutations: list) -> None:
        tried["inputs"] += 1
        text = _mutate(mutations)
        before = counts()
        page = import_page(client, text)
        assert page.status_code in (200, 302), page.content[:300]
        if page.status_code == 200:
            assert counts() == before
            return
        tried["accepted"] += 1
        questionnaire = Questionnaire.objects.get(slug="fuzzed")
        published = reviewer.post(
            f"/admin/questionnaires/{questionnaire.pk}/publish/", {"confirm": "on"}
        )
        assert published.status_code in (302, 400)
        assert client.get("/admin/questionnaires/").status_code == 200
        if QuestionnaireVersion.objects.filter(questionnaire=questionnaire).exists():
            _answer_everything(Client(), "fuzzed")

    run()
    print(f"questionnaire import fuzz: {tried['inputs']} inputs, {tried['accepted']} accepted")
    assert tried["inputs"] >= 50


def test_fuzzed_service_import_never_fails_with_anything_but_a_definition_error():
    tried = 0
    editor = make_staff("editor.service", make_organization(), role=Role.EDITOR)

    @settings(max_examples=150, deadline=None)
    @given(mutations=MUTATIONS)
    def run(mutations: list) -> None:
        nonlocal tried
        tried += 1
        before = counts()
        try:
            services.import_as_draft(actor=editor, text=_mutate(mutations), slug="fuzzed")
        except engine.DefinitionError:
            assert counts() == before

    run()
    print(f"questionnaire service import fuzz: {tried} inputs")


POST_VALUE = st.one_of(st.text(max_size=20), st.sampled_from(["0", "1", "-1", "99", "true", ""]))


def test_fuzzed_self_test_answers_never_fail_and_store_nothing(client):
    services.publish_version(
        actor=None, slug="phq-9", definition=phq9(), kind="self_test", is_public=True
    )
    first = client.get("/en/self-tests/phq-9/").content.decode()
    state = first.split('name="state" value="')[1].split('"')[0]
    fields = [engine.field_name(f"phq9-{n}") for n in range(1, 10)]
    tried = 0

    @FUZZ
    @given(
        answers=st.dictionaries(st.sampled_from(fields), POST_VALUE, max_size=9),
        page=POST_VALUE,
        shown=st.one_of(POST_VALUE, JSON_VALUE.map(json.dumps)),
        action=st.sampled_from(["next", "back", "save", "finish", "", "x"]),
        forged=st.booleans(),
    )
    def run(answers: dict, page: str, shown: str, action: str, forged: bool) -> None:
        nonlocal tried
        tried += 1
        data = {**answers, "page": page, "shown": shown, "action": action}
        data["state"] = "forged" if forged else state
        response = client.post("/en/self-tests/phq-9/", data)
        assert response.status_code in (200, 302, 303, 400)
        assert QuestionnaireResponse.objects.count() == 0
        result = client.get("/en/self-tests/phq-9/?result=1")
        assert result.status_code in (200, 302)

    run()
    print(f"self-test answer fuzz: {tried} inputs")


def test_fuzzed_preview_and_edit_views_never_fail(client, editor):
    questionnaire = services.import_as_draft(actor=editor, text=json.dumps(SLEEP), slug="sleep")
    tried = 0

    @FUZZ
    @given(
        state=st.one_of(st.text(max_size=30), st.just("")),
        data=st.dictionaries(
            st.sampled_from(["a:hours", "a:rested", "page", "shown", "action"]),
            POST_VALUE,
            max_size=5,
        ),
        definition=st.one_of(st.text(max_size=40), st.just(json.dumps(SLEEP))),
        pk=st.one_of(st.just(questionnaire.pk), st.integers(min_value=1, max_value=10**6)),
    )
    def run(state: str, data: dict, definition: str, pk: int) -> None:
        nonlocal tried
        tried += 1
        before = counts()
        preview = client.post(f"/admin/questionnaires/{pk}/preview/", {**data, "state": state})
        assert preview.status_code in (200, 302, 303, 400, 404)
        edit = client.post(f"/admin/questionnaires/{pk}/", {"definition": definition})
        assert edit.status_code in (200, 302, 404)
        if edit.status_code != 302:
            assert counts() == before

    run()
    print(f"admin preview/edit fuzz: {tried} inputs")
