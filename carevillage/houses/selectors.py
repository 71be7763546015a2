"""Reads of the village's public pages. Nothing here is personal data, so no `actor=`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page, Site

from .models import ArticlePage, HousePage, VillageHomePage


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
    return HousePage.objects.child_of(home).live().public().order_by("path")


def house_menu(*, language: str | None = None) -> list[HousePage]:
    """The "Choose house" menu: the live houses of the language's village home."""
    home = village_home(language=language)
    return list(houses_of(home=home)) if home else []


def articles_of(*, house: HousePage) -> QuerySet[ArticlePage]:
    return ArticlePage.objects.child_of(house).live().public().order_by("title")


def articles_in_other_languages(*, house: HousePage) -> list[ArticlePage]:
    """The house's live articles not yet written in its language, each once, in the first
    language it exists in (the site's default language first, then LANGUAGES order), so a
    visitor sees they exist and in which language, instead of not seeing them at all."""
    from django.conf import settings

    order = [settings.LANGUAGE_CODE] + [code for code, _name in settings.LANGUAGES]
    rank = {code: order.index(code) for code in order}
    here = set(ArticlePage.objects.child_of(house).values_list("translation_key", flat=True))
    other_houses = HousePage.objects.filter(translation_key=house.translation_key).exclude(
        pk=house.pk
    )
    chosen: dict[object, ArticlePage] = {}
    for house_version in other_houses.select_related("locale"):
        for article in (
            ArticlePage.objects.child_of(house_version)
            .live()
            .public()
            .exclude(translation_key__in=here)
            .select_related("locale")
        ):
            current = chosen.get(article.translation_key)
            code = article.locale.language_code
            if current is None or rank.get(code, len(order)) < rank.get(
                current.locale.language_code, len(order)
            ):
                chosen[article.translation_key] = article
    return sorted(chosen.values(), key=lambda article: article.title)


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    exists: bool
    current: bool


def language_versions(*, page: Page, languages: list[tuple[str, str]]) -> list[LanguageVersion]:
    """The same page in each language; a missing one points at the "not in this language" page."""
    from django.urls import reverse

    live = {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .public()
        .select_related("locale")
    }
    current = translation.get_language()
    versions = []
    for code, name in languages:
        translated = live.get(code)
        if translated is not None:
            with translation.override(code):
                url = translated.get_url()
        else:
            with translation.override(code):
                url = reverse("houses:missing_translation", args=[page.translation_key])
        versions.append(
            LanguageVersion(
                code=code,
                name=name,
                url=url,
                exists=translated is not None,
                current=code == current,
            )
        )
    return versions


def live_translations(*, translation_key: str) -> list[Page]:
    return list(
        Page.objects.filter(translation_key=translation_key)
        .live()
        .public()
        .select_related("locale")
        .specific()
    )


# --- search -----------------------------------------------------------------------------

WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]*>")
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class SearchHit:
    article: ArticlePage
    house: HousePage | None
    snippet: SafeString


def query_terms(query: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(query) if len(w) >= 2][:10]


def search_articles(*, query: str, language: str | None = None) -> list[SearchHit]:
    """Live articles of one language matching the query, best first.

    Two passes through the configured Wagtail search backend (PostgreSQL full-text search in
    production, SQLite FTS5 by default): ranked full-text matches first, then prefix matches
    ("autocomplete") so a word finds the compounds it starts — Nordic languages write
    "astmamedisiner" and "hjertesvikt" as one word.
    """
    terms = query_terms(query)
    if not terms:
        return []
    with translation.override(language or translation.get_language()):
        locale = current_locale()
    if locale is None:
        return []
    articles = ArticlePage.objects.live().public().filter(locale=locale)
    text = " ".join(terms)
    ranked: list[ArticlePage] = list(articles.search(text, operator="or"))
    seen = {a.pk for a in ranked}
    for term in terms:
        for article in articles.autocomplete(term):
            if article.pk not in seen:
                seen.add(article.pk)
                ranked.append(article)
    # Final order: where the words occur (title over summary over body), then the
    # backend's own full-text rank. Both databases thus rank the same way.
    backend_rank = {a.pk: i for i, a in enumerate(ranked)}
    ranked.sort(key=lambda a: (-relevance(a, terms), backend_rank[a.pk]))
    parents = {
        h.path: h
        for h in HousePage.objects.filter(path__in={a.path[: -Page.steplen] for a in ranked})
    }
    return [
        SearchHit(
            article=a,
            house=parents.get(a.path[: -Page.steplen]),
            snippet=highlighted_snippet(f"{a.summary} {TAG.sub(' ', a.body)}", terms),
        )
        for a in ranked
    ]


FIELD_WEIGHTS = (("title", 10), ("summary", 3), ("body", 1))


def relevance(article: ArticlePage, terms: list[str]) -> int:
    """Words that start with a query term, weighted by field; whole words count double."""
    score = 0
    for field, weight in FIELD_WEIGHTS:
        words = [w.casefold() for w in WORD.findall(TAG.sub(" ", getattr(article, field)))]
        for term in terms:
            for word in words:
                if word == term:
                    score += 2 * weight
                elif word.startswith(term):
                    score += weight
    return score


def highlighted_snippet(text: str, terms: list[str]) -> SafeString:
    """A short passage around the first matching word, with every match in <mark>."""
    plain = html.unescape(" ".join(text.split()))
    folded = plain.casefold()
    starts = [folded.find(t) for t in terms if folded.find(t) >= 0]
    first = min(starts) if starts else 0
    begin = max(0, first - SNIPPET_CHARS // 3)
    if begin:
        space = plain.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    window = plain[begin : begin + SNIPPET_CHARS]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(window):
        out.append(html.escape(window[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(window[last:]))
    prefix = "… " if begin else ""
    suffix = " …" if begin + SNIPPET_CHARS < len(plain) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above
