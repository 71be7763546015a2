"""Reads of the village's public pages and its search. Nothing here is personal data."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page, Site

from . import text
from .models import ArticlePage, EntryKind, HousePage, SearchEntry, SearchWord, VillageHomePage


def current_locale() -> Locale | None:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def village_home(*, language: str | None = None) -> VillageHomePage | None:
    """The live village home of a language (the default site's root, localized)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    with translation.override(language or translation.get_language()):
        root = site.root_page.localized
    specific = root.specific
    if not isinstance(specific, VillageHomePage) or not specific.live:
        return None
    return specific


def houses_of(*, home: VillageHomePage) -> QuerySet[HousePage]:
    return home.live_houses()


def house_menu(*, language: str | None = None) -> list[HousePage]:
    """The "Choose house" menu: the live houses of the language's village home."""
    home = village_home(language=language)
    return list(houses_of(home=home)) if home else []


def articles_of(*, house: HousePage) -> QuerySet[ArticlePage]:
    return house.live_articles()


def articles_in_other_languages(*, house: HousePage) -> list[ArticlePage]:
    return house.articles_in_other_languages()


def live_translations(*, translation_key: str) -> list[Page]:
    return list(
        Page.objects.filter(translation_key=translation_key)
        .live()
        .public()
        .select_related("locale")
        .specific()
    )


def available_translations(
    *, translation_key: str, languages: list[tuple[str, str]]
) -> list[dict[str, str]]:
    """The live language versions of a page: code, language name, title and address."""
    names = dict(languages)
    versions = []
    for page in live_translations(translation_key=translation_key):
        code = page.locale.language_code
        with translation.override(code):
            versions.append(
                {
                    "code": code,
                    "name": names.get(code, code),
                    "title": page.title,
                    "url": page.get_url() or "",
                }
            )
    return versions


# --- search -----------------------------------------------------------------------------

query_terms = text.query_terms

FIELDS = (("title_stems", 10), ("summary_stems", 3), ("body_stems", 1))
# On a tie, what a citizen most likely came for first.
KIND_ORDER: dict[str, int] = {
    kind: i
    for i, kind in enumerate(
        [
            EntryKind.ARTICLE,
            EntryKind.SELF_TEST,
            EntryKind.NAVIGATOR,
            EntryKind.CHAT,
            EntryKind.PROGRAM,
            EntryKind.HOUSE,
            EntryKind.PROVIDER,
        ]
    )
}
MIN_SUGGESTION_SIMILARITY = 0.4
MIN_SUGGESTED_WORD = 4


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: str
    url: str
    context: str
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    # "Did you mean …?": the query with its unknown words replaced by the closest known ones.
    suggestion: str = ""
    # True when the query found nothing and the hits are the suggestion's.
    showing_suggestion: bool = False


def _candidates(language: str, terms: list[text.Term]) -> QuerySet[SearchEntry]:
    """Entries with any query word: a word form (a stored stem starts with the query stem)
    or, for a stem of four letters or more, a compound containing it.

    On PostgreSQL the language's text search configuration (`finnish`, `swedish`,
    `norwegian`, `english`) also matches each query word as a prefix of a lexeme.
    """
    match = Q()
    for term in terms:
        needle = term.stem if term.matches_inside_words else f" {term.stem}"
        for field, _weight in FIELDS:
            match |= Q(**{f"{field}__contains": needle})
            for shorter in term.shorter_stems:
                match |= Q(**{f"{field}__contains": f" {shorter} "})
    entries = SearchEntry.objects.filter(language=language)
    if connection.vendor == "postgresql":
        config = text.SNOWBALL[language]
        raw = " | ".join(f"'{t.stem}':*" for t in terms)
        entries = entries.annotate(document=SearchVector("title", "summary", "body", config=config))
        match |= Q(document=SearchQuery(raw, config=config, search_type="raw"))
    return entries.filter(match)


def _rank(entries: list[SearchEntry], terms: list[text.Term], total: int) -> list[SearchEntry]:
    """Best first: the rarer query words matched (idf), then where and how well they matched
    (title over summary over body; the same word over a word form over a compound part).
    Ranked here, in Python, so SQLite and PostgreSQL order results the same way."""
    strengths = {
        e.pk: [[text.match_strength(t, getattr(e, f)) * w for f, w in FIELDS] for t in terms]
        for e in entries
    }
    df = [sum(1 for e in entries if any(strengths[e.pk][i])) for i in range(len(terms))]
    idf = [math.log(1 + total / d) if d else 0.0 for d in df]

    def key(entry: SearchEntry) -> tuple[float, float, int, str]:
        per_term = strengths[entry.pk]
        covered = sum(idf[i] for i, s in enumerate(per_term) if any(s))
        score = sum(idf[i] * sum(s) for i, s in enumerate(per_term))
        return (-round(covered, 6), -round(score, 6), KIND_ORDER.get(entry.kind, 99), entry.title)

    return sorted(entries, key=key)


def _snippet(entry: SearchEntry, terms: list[text.Term]) -> SafeString:
    passages = [p for p in [entry.summary, *entry.body.split("\n")] if p.strip()]
    pieces = text.snippet_parts(passages, terms, entry.language)
    escaped = "".join(
        f"<mark>{html.escape(piece)}</mark>" if is_match else html.escape(piece)
        for piece, is_match in pieces
    )
    return mark_safe(escaped)  # noqa: S308 - every piece escaped above


def _hits(language: str, terms: list[text.Term]) -> list[SearchHit]:
    found = list(_candidates(language, terms))
    # Only entries a stored-stem rule matches (or PostgreSQL's lexeme prefix) are kept;
    # the ranking then needs the total for how rare each word is.
    total = SearchEntry.objects.filter(language=language).count()
    labels = dict(EntryKind.choices)
    return [
        SearchHit(
            kind=e.kind,
            kind_label=str(labels.get(e.kind, "")),
            title=e.title,
            url=e.url,
            context=e.context,
            snippet=_snippet(e, terms),
        )
        for e in _rank(found, terms, total)
    ]


def suggestion_for(*, query: str, language: str) -> str:
    """The query with each word the index does not know replaced by the most similar word
    it does know (trigram similarity, as PostgreSQL's pg_trgm counts it); "" if none."""
    words = text.query_terms(query)
    changed = False
    out = []
    for word in words:
        known = SearchWord.objects.filter(
            Q(word=word) | Q(stem=text.stem(word, language)), language=language
        ).exists()
        if known or len(word) < MIN_SUGGESTED_WORD or word.isdigit():
            out.append(word)
            continue
        candidates = SearchWord.objects.filter(
            language=language,
            length__gte=len(word) - 2,
            length__lte=len(word) + 2,
            word__startswith=word[0],
        ).values_list("word", flat=True)
        scored = [
            (text.similarity(word, c), -abs(len(c) - len(word)), c)
            for c in candidates
            # A longer form of the word ("lapsi" -> "lapsen") is an inflection, not a fix.
            if not (len(c) > len(word) and c.startswith(word[:-1]))
        ]
        best = max(scored, default=None)
        if best is not None and best[0] >= MIN_SUGGESTION_SIMILARITY:
            out.append(best[2])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""


def search(*, query: str, language: str | None = None) -> SearchResults:
    """Everything a citizen can find in one language, best first (see _candidates, _rank)."""
    lang = text.language_of(language or translation.get_language())
    terms = text.terms_of(query, lang)
    if not terms:
        return SearchResults(hits=[])
    hits = _hits(lang, terms)
    suggestion = suggestion_for(query=query, language=lang)
    if not hits and suggestion:
        return SearchResults(
            hits=_hits(lang, text.terms_of(suggestion, lang)),
            suggestion=suggestion,
            showing_suggestion=True,
        )
    return SearchResults(hits=hits, suggestion=suggestion)
