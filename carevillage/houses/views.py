"""Thin views: the village home hook, search, and "this page is not in your language"."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from . import page_cache, selectors

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view behind the anonymous page cache (see page_cache)."""
    response = page_cache.serve_cached(request, lambda: wagtail_serve(request, path))
    if response is None:  # wagtail_serve answers every path (a 404 is an exception)
        raise Http404
    return response


def serve_village_home(request: HttpRequest) -> HttpResponse | None:
    """The Wagtail village home of the request's language, or None before one is published."""

    def render() -> HttpResponse | None:
        return wagtail_serve(request, "") if selectors.village_home() else None

    return page_cache.serve_cached(request, render)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    error = ""
    results = selectors.SearchResults(hits=[])
    if len(query) > MAX_QUERY_LENGTH:
        error = "too_long"
    elif query and not selectors.query_terms(query):
        error = "too_short"
    elif query:
        results = selectors.search(query=query)
    hits = results.hits
    page = Paginator(hits, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "houses/search.html",
        {
            "query": query,
            "error": error,
            "max_query_length": MAX_QUERY_LENGTH,
            "page_obj": page,
            "result_count": len(hits),
            "suggestion": results.suggestion,
            "showing_suggestion": results.showing_suggestion,
            "suggested_houses": selectors.house_menu() if query and not hits else [],
        },
    )


@require_GET
def missing_translation(request: HttpRequest, translation_key: uuid.UUID) -> HttpResponse:
    versions = selectors.available_translations(
        translation_key=str(translation_key), languages=settings.LANGUAGES
    )
    if not versions:
        raise Http404
    return render(
        request,
        "houses/missing_translation.html",
        {"versions": versions},
        status=404,
    )


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """The bare Django view `make bench` compares against (routed only when BENCH=1)."""
    return HttpResponse(b"ok", content_type="text/plain")
