"""Every published demo page, questionnaire and navigator is complete in fi, sv, nb and en.

The demo is seeded as `seed_demo` seeds it and then walked. A field that is missing in a
Nordic language, or that is still the English text, fails with its name, e.g.
"article heart/chest-pain [nb] summary: same as English".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from wagtail.models import Page

from carevillage.houses.demo import DEMO_NOTICE
from carevillage.houses.demo import seed_demo as seed_houses
from carevillage.houses.models import ArticlePage, HousePage, VillageHomePage
from carevillage.identity.demo import seed_identities
from carevillage.navigator import selectors as navigator_selectors
from carevillage.navigator.demo import seed_demo as seed_navigators
from carevillage.questionnaires import engine
from carevillage.questionnaires import selectors as questionnaire_selectors
from carevillage.questionnaires.demo import seed_demo as seed_questionnaires
from carevillage.tenants.demo import seed_organization

pytestmark = pytest.mark.django_db

NORDIC = ("fi", "sv", "nb")
PAGE_FIELDS = {
    VillageHomePage: ("title", "intro"),
    HousePage: ("title", "intro"),
    ArticlePage: ("title", "summary", "body"),
}


def _problem(name: str, language: str, field: str, value: str, english: str) -> str | None:
    if not (value or "").strip():
        return f"{name} [{language}] {field}: missing"
    if value.strip() == (english or "").strip():
        return f"{name} [{language}] {field}: same as English"
    return None


def _page_name(page: Page) -> str:
    parent = page.get_parent()
    kind = type(page).__name__.removesuffix("Page").lower()
    return (
        f"{kind} {parent.slug}/{page.slug}"
        if isinstance(page, ArticlePage)
        else f"{kind} {page.slug}"
    )


def test_every_demo_page_is_written_in_fi_sv_nb_and_en():
    seed_houses()
    problems = []
    english_pages = [
        page.specific
        for page in Page.objects.live()
        .filter(locale__language_code="en")
        .type(VillageHomePage, HousePage, ArticlePage)
    ]
    assert sum(isinstance(p, ArticlePage) for p in english_pages) == 24
    for page in english_pages:
        name = _page_name(page)
        fields = PAGE_FIELDS[type(page)]
        for language in NORDIC:
            version = page.get_translation_or_none(
                page.locale.__class__.objects.get(language_code=language)
            )
            if version is None or not version.live:
                problems.append(f"{name} [{language}]: no published version")
                continue
            version = version.specific
            for field in fields:
                problem = _problem(
                    name, language, field, getattr(version, field), getattr(page, field)
                )
                if problem:
                    problems.append(problem)
            if isinstance(version, ArticlePage) and DEMO_NOTICE[language] not in version.body:
                problems.append(f"{name} [{language}] body: not marked as demo content")
    assert problems == []


# --- questionnaires ---------------------------------------------------------------------


def _definition_texts(definition: dict) -> Iterator[tuple[str, dict, str]]:
    """(name, object, key) of every FHIR text a visitor reads."""
    yield "title", definition, "title"
    yield "description", definition, "description"
    for item, _parent in engine.walk(definition.get("item", [])):
        yield f"item {item['linkId']}", item, "text"
        for option in item.get("answerOption", []):
            if "valueCoding" in option:
                code = option["valueCoding"]["code"]
                yield f"item {item['linkId']} option {code}", option["valueCoding"], "display"


def _scoring_texts(scoring: dict) -> Iterator[tuple[str, Any]]:
    """(name, {language: text}) of every text of the scoring document."""
    for spec in scoring.get("scores", []):
        yield f"score {spec['name']} label", spec.get("label")
    for band in scoring.get("bands", {}).get("ranges", []):
        yield f"band {band['code']} label", band.get("label")
        yield f"band {band['code']} advice", band.get("advice")
    for flag in scoring.get("flags", []):
        yield f"flag {flag['code']} label", flag.get("label")
    for link_id, feedback in scoring.get("feedback", {}).items():
        yield f"feedback {link_id}", feedback


def test_every_demo_questionnaire_is_written_in_fi_sv_nb_and_en():
    seed_questionnaires()
    problems = []
    questionnaires = list(questionnaire_selectors.public_self_tests().order_by("slug"))
    assert {q.slug for q in questionnaires} >= {"phq-9", "gad-7", "audit-c", "audit"}
    for questionnaire in questionnaires:
        version = questionnaire.latest_version()
        assert version is not None, questionnaire.slug
        definition = version.definition
        for name, obj, key in _definition_texts(definition):
            english = obj.get(key, "")
            if not english:
                problems.append(f"{questionnaire.slug} {name} [en]: missing")
            for language in NORDIC:
                # engine.localized falls back to English; the same text means "not written".
                value = engine.localized(obj, key, language)
                problem = _problem(f"{questionnaire.slug} {name}", language, key, value, english)
                if problem:
                    problems.append(problem)
        for name, texts in _scoring_texts(engine.scoring_of(definition)):
            texts = texts if isinstance(texts, dict) else {"en": texts or ""}
            for language in NORDIC:
                problem = _problem(
                    f"{questionnaire.slug} {name}",
                    language,
                    "text",
                    texts.get(language, ""),
                    texts.get("en", ""),
                )
                if problem:
                    problems.append(problem)
        for language in NORDIC:
            assert questionnaire.title(language) != questionnaire.title("en"), questionnaire.slug
    assert problems == []


def test_standard_instruments_say_they_are_demo_renderings_in_every_language():
    seed_questionnaires()
    marker = {
        "en": "not the official validated wording",
        "fi": "ei PHQ-9-kyselyn virallinen validoitu käännös",
        "sv": "inte den officiella validerade översättningen",
        "nb": "ikke den offisielle validerte oversettelsen",
    }
    for slug in ("phq-9", "gad-7", "audit-c", "audit"):
        questionnaire = questionnaire_selectors.questionnaire_by_slug(slug=slug)
        assert questionnaire is not None
        version = questionnaire.latest_version()
        assert version is not None
        definition = version.definition
        for language, words in marker.items():
            description = engine.localized(definition, "description", language)
            assert words.replace("PHQ-9", slug.upper()) in description, (slug, language)


# --- navigators -------------------------------------------------------------------------


def _graph_texts(graph: dict) -> Iterator[tuple[str, Any]]:
    yield "title", graph.get("title")
    yield "intro", graph.get("intro")
    for node_name, node in graph.get("nodes", {}).items():
        yield f"node {node_name} text", node.get("text")
        for answer in node.get("answers", []):
            yield f"node {node_name} answer {answer['value']}", answer.get("label")


def _seed_navigators() -> None:
    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    seed_navigators(staff=people["staff"])


def test_every_demo_navigator_is_written_in_fi_sv_nb_and_en():
    _seed_navigators()
    problems = []
    versions = list(navigator_selectors.published_versions())
    assert len(versions) == 4
    for version in versions:
        slug = version.navigator.slug
        offered = version.graph["languages"]
        for language in NORDIC:
            if language not in offered:
                problems.append(f"navigator {slug} [{language}]: not offered")
        for name, texts in _graph_texts(version.graph):
            texts = texts or {}
            for language in NORDIC:
                problem = _problem(
                    f"navigator {slug} {name}",
                    language,
                    "text",
                    texts.get(language, ""),
                    texts.get("en", ""),
                )
                if problem:
                    problems.append(problem)
    assert problems == []


def test_a_demo_navigator_published_in_fewer_languages_is_brought_up_to_all_four():
    from carevillage.navigator import demo, services
    from carevillage.navigator.models import Navigator, VersionStatus

    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    staff = people["staff"]
    old = demo.low_back_pain()
    old["languages"] = ["en", "fi"]
    navigator = services.create_navigator(
        actor=staff["editor.emma"], slug="low-back-pain", name="Low back pain (demo)"
    )
    draft = services.create_draft(actor=staff["editor.emma"], navigator=navigator, graph=old)
    services.approve_and_publish(actor=staff["nurse.sanna"], version=draft)

    seed_navigators(staff=staff)

    navigator = Navigator.objects.get(slug="low-back-pain")
    published = navigator.versions.get(status=VersionStatus.PUBLISHED)
    assert published.graph["languages"] == ["en", "fi", "sv", "nb"]
    assert navigator.versions.count() == 2


# --- content an editor has not written in every language --------------------------------


def _without(texts: Any, languages: tuple[str, ...]) -> Any:
    """A copy of a navigator graph with the texts of `languages` removed."""
    if isinstance(texts, dict):
        return {k: _without(v, languages) for k, v in texts.items() if k not in languages}
    if isinstance(texts, list):
        return [_without(v, languages) for v in texts]
    return texts


def _english_and_finnish_questionnaire() -> dict:
    from carevillage.questionnaires.instruments import item, option, questionnaire, text

    return questionnaire(
        title_en="Sleep check (editor's own)",
        title_fi="Unikysely (toimittajan oma)",
        title_sv="Sömnkoll (redaktörens egen)",  # a Swedish title, but no Swedish questions
        items=[
            item(
                "sleep-1",
                "choice",
                "Do you wake up rested?",
                "Heräätkö levänneenä?",
                required=True,
                answerOption=[
                    option("y", "Usually", "Yleensä", 1),
                    option("n", "Rarely", "Harvoin", 0),
                ],
            )
        ],
        scoring={
            "scores": [{"name": "total", "label": text("Score", "Pisteet"), "items": ["sleep-1"]}]
        },
    )


def test_a_questionnaire_not_written_in_the_visitors_language_says_so_and_is_not_mixed(client):
    from carevillage.questionnaires.services import publish_version

    publish_version(
        actor=None,
        slug="sleep-check",
        definition=_english_and_finnish_questionnaire(),
        kind="self_test",
        is_public=True,
    )

    page = client.get("/sv/self-tests/sleep-check/").content.decode()
    assert "Det här finns ännu inte på svenska. Det visas på English." in page
    assert '<h1 lang="en">Sleep check (editor&#x27;s own)</h1>' in page
    assert '<div lang="en">' in page
    assert "Do you wake up rested?" in page and "Usually" in page
    # One language throughout: not the Swedish title over English questions.
    assert "Sömnkoll" not in page

    finnish = client.get("/fi/self-tests/sleep-check/").content.decode()
    assert "content-language-notice" not in finnish
    assert '<div lang="fi">' in finnish and "Heräätkö levänneenä?" in finnish


def test_the_demo_self_tests_need_no_notice_in_any_language(client):
    seed_questionnaires()
    for language, words in {
        "fi": "Vähän kiinnostusta tai iloa",
        "sv": "Lite intresse för eller glädje",
        "nb": "Lite interesse for eller glede",
        "en": "Little interest or joy",
    }.items():
        page = client.get(f"/{language}/self-tests/phq-9/").content.decode()
        assert "content-language-notice" not in page, language
        assert f'<div lang="{language}">' in page and words in page, language


def test_a_navigator_not_offered_in_the_visitors_language_says_which_language_it_is_in(client):
    from carevillage.navigator import demo, services

    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    graph = _without(demo.low_back_pain(), ("sv", "nb"))
    graph["languages"] = ["en", "fi"]
    navigator = services.create_navigator(
        actor=people["staff"]["editor.emma"], slug="back", name="Back"
    )
    draft = services.create_draft(
        actor=people["staff"]["editor.emma"], navigator=navigator, graph=graph
    )
    services.approve_and_publish(actor=people["staff"]["nurse.sanna"], version=draft)

    page = client.get("/nb/navigators/back/").content.decode()
    assert "Dette er ennå ikke skrevet på norsk (bokmål). Det vises på English." in page
    assert '<h1 lang="en">Low back pain</h1>' in page

    finnish = client.get("/fi/navigators/back/").content.decode()
    assert "content-language-notice" not in finnish
    assert '<h1 lang="fi">Alaselkäkipu</h1>' in finnish


def test_a_house_lists_articles_not_yet_in_its_language_in_the_language_they_are_in(client):
    from carevillage.houses.tests.factories import make_article, make_house, make_village

    home = make_village()
    house = make_house(home, slug="heart", title="Heart house", translations={"sv": "Hjärthuset"})
    make_article(
        house,
        slug="pulse",
        title="Taking your pulse",
        summary="How to count your pulse.",
        translations={"sv": ("Att ta pulsen", "<p>Räkna pulsen.</p>")},
    )
    make_article(house, slug="new-study", title="A new heart study", summary="Only in English.")

    swedish_house = house.get_translation(house.locale.__class__.objects.get(language_code="sv"))
    page = client.get(swedish_house.url).content.decode()

    written, other = page.split('id="other-language-articles"')
    assert "Att ta pulsen" in written
    assert "De här artiklarna finns ännu inte på svenska." in other
    assert 'hreflang="en" lang="en">A new heart study</a>' in other
    assert '<span class="muted" lang="en">Only in English.</span>' in other
    assert "Taking your pulse" not in page

    english = client.get(house.url).content.decode()
    assert "other-language-articles" not in english
