from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .forms import FinderForm

PAGE_SIZE = 20


@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    """`/<lang>/providers/?service=…&near=…` (postcode or "lat,lon")."""
    searched = "near" in request.GET
    form = FinderForm(request.GET if searched else None)
    results: list[selectors.FinderResult] = []
    if searched and form.is_valid():
        data = form.cleaned_data
        results = selectors.find_providers(
            service=selectors.service_by_code(data["service"]) if data["service"] else None,
            near=data["near"],
            open_now=data["open_now"],
            language=data["language"],
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/finder.html",
        {
            "form": form,
            "searched": searched and form.is_valid(),
            "page_obj": Paginator(results, PAGE_SIZE).get_page(request.GET.get("page")),
            "result_count": len(results),
            "query_string": query.urlencode(),
        },
    )
