"""Reads of the navigator app."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from carevillage import access
from carevillage.audit.actions import AuditAction

from .models import Assessment, NavigatorVersion, SavedAssessment, VersionStatus

MY_PAGE_ASSESSMENTS = 5


def published_versions() -> QuerySet[NavigatorVersion]:
    return (
        NavigatorVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("navigator")
        .order_by("navigator__name")
    )


def published_for_house(*, house_theme: str, language: str) -> list[dict[str, str]]:
    """The navigators a house offers: slug, title in `language` (or the first offered) and
    the language the title is in."""
    from .walk import localized

    offers = []
    for version in published_versions().filter(navigator__house_theme=house_theme):
        title, lang = localized(version.graph["title"], language, version.graph["languages"])
        offers.append({"slug": version.navigator.slug, "title": title, "lang": lang})
    return offers


def published_version(*, slug: str) -> NavigatorVersion | None:
    return published_versions().filter(navigator__slug=slug).first()


def version_by_id(*, slug: str, version_id: Any) -> NavigatorVersion | None:
    """A version a walk started on (it may have retired since; it never changes)."""
    try:
        version_id = int(version_id)
    except (TypeError, ValueError):
        return None
    return (
        NavigatorVersion.objects.exclude(status=VersionStatus.DRAFT)
        .filter(pk=version_id, navigator__slug=slug)
        .first()
    )


def saved_assessments_for(*, actor: Any, person: Any) -> list[SavedAssessment]:
    """The person's latest saved assessments the actor may see; every one shown is audited."""
    shown = list(
        access.visible(
            actor,
            AuditAction.VIEW_ASSESSMENT,
            SavedAssessment.objects.filter(person=person).select_related("person"),
        )[:MY_PAGE_ASSESSMENTS]
    )
    access.record_listing(actor, AuditAction.VIEW_ASSESSMENT, shown, purpose="my page")
    return shown


def weekly_statistics() -> list[dict[str, Any]]:
    """Disposition counts per navigator and ISO week, newest week first. Anonymous."""
    rows = (
        Assessment.objects.values(
            "version__navigator__name", "version__navigator__slug", "iso_year", "iso_week", "level"
        )
        .annotate(count=Count("pk"))
        .order_by("-iso_year", "-iso_week", "version__navigator__name")
    )
    table: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["iso_year"], row["iso_week"], row["version__navigator__slug"])
        entry = table.setdefault(
            key,
            {
                "navigator": row["version__navigator__name"],
                "week": f"{row['iso_year']}-W{row['iso_week']:02d}",
                "emergency": 0,
                "urgent": 0,
                "soon": 0,
                "self_care": 0,
            },
        )
        entry[row["level"]] += row["count"]
    for entry in table.values():
        entry["total"] = sum(entry[level] for level in ("emergency", "urgent", "soon", "self_care"))
    return list(table.values())


def _version_id(version_id: Any) -> int | None:
    try:
        return int(version_id)
    except (TypeError, ValueError, OverflowError):
        return None


def is_locked_version(*, version_id: Any) -> bool:
    """A published or retired version (never edited again)."""
    pk = _version_id(version_id)
    return (
        pk is not None
        and NavigatorVersion.objects.filter(pk=pk).exclude(status=VersionStatus.DRAFT).exists()
    )


def version_or_404(*, version_id: Any) -> NavigatorVersion:
    pk = _version_id(version_id)
    version = NavigatorVersion.objects.filter(pk=pk).first() if pk is not None else None
    if version is None:
        raise Http404
    return version


def draft_version_or_404(*, version_id: Any) -> NavigatorVersion:
    version = version_or_404(version_id=version_id)
    if version.status != VersionStatus.DRAFT:
        raise Http404
    return version
