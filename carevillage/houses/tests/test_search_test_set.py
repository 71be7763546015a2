"""The search test set: per language, a query and the hit a citizen must get first.

Runs on SQLite and on PostgreSQL (CI runs the suite on both); the hit rate must be 100 %
on both. `python -m pytest -s` prints the hit rate per language.
"""

from __future__ import annotations

import pytest

from carevillage.houses import selectors

from .search_corpus import TEST_SET, build_village

pytestmark = pytest.mark.django_db


def first_hits(language: str) -> list[tuple[str, str, str]]:
    """(query, expected, got) for each query of a language."""
    rows = []
    for query, expected in TEST_SET[language]:
        hits = selectors.search(query=query, language=language).hits
        rows.append((query, expected, hits[0].title if hits else "(nothing)"))
    return rows


def test_every_query_of_the_test_set_finds_its_page_first_in_every_language():
    build_village()
    misses = []
    for language in TEST_SET:
        rows = first_hits(language)
        hit = sum(1 for _q, expected, got in rows if expected == got)
        print(f"search test set {language}: {hit}/{len(rows)} first hits")  # noqa: T201
        misses += [f"{language} {q!r}: wanted {e!r}, got {g!r}" for q, e, g in rows if e != g]
    assert misses == []


def test_the_test_set_has_at_least_eight_queries_per_language():
    assert {language: len(rows) >= 8 for language, rows in TEST_SET.items()} == {
        "en": True,
        "fi": True,
        "sv": True,
        "nb": True,
    }
