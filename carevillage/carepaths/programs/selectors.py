"""Reads of program templates: what anyone may read about a published program, and the
programs an editor may author. A template holds nobody's data; a person's path in a
program is in `carepaths.enrollments`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.tenants.models import Organization

from ..models import EnrollmentMode, Module, Program, in_language


def editable_organizations(*, user: Any) -> QuerySet[Organization]:
    """Organizations whose programs this user may author (the policy: where they are an
    editor)."""
    return access.visible(user, AuditAction.CREATE_CARE_PROGRAM, Organization.objects.all())


def editable_programs(*, user: Any) -> QuerySet[Program]:
    return access.visible(user, AuditAction.CHANGE_CARE_PROGRAM, Program.objects.all())


def approvable_programs(*, user: Any) -> QuerySet[Program]:
    """Programs this user may approve as the second clinician (the policy decides)."""
    return access.visible(user, AuditAction.APPROVE_CARE_PROGRAM, Program.objects.all())


def program_for_review(*, user: Any, pk: Any) -> Program | None:
    """One program for its approval page: its editors see why they cannot approve it, the
    second clinicians of its organization may approve it; None for anyone else."""
    try:
        pk = int(pk)
    except (TypeError, ValueError, OverflowError):
        return None
    reachable = Q(pk__in=editable_programs(user=user).values("pk")) | Q(
        pk__in=approvable_programs(user=user).values("pk")
    )
    return (
        Program.objects.filter(reachable, pk=pk)
        .select_related("organization", "default_care_team", "prepared_by", "approved_by")
        .first()
    )


def published_programs() -> Any:
    """The programs offered to anyone: approved by a second clinician as they are now."""
    return Program.objects.filter(is_published=True)


def open_programs_for_house(*, house_theme: str, language: str) -> list[dict[str, str]]:
    """Published programs anyone may join, listed on their house: slug, title, summary."""
    return [
        {
            "slug": p.slug,
            "title": p.title_in(language),
            "summary": in_language(p.summary, language),
        }
        for p in published_programs().filter(
            house_theme=house_theme, enrollment_mode=EnrollmentMode.OPEN
        )
    ]


def program_by_slug(*, slug: str) -> Program:
    program = (
        published_programs()
        .filter(slug=slug)
        .select_related("organization", "default_care_team")
        .first()
    )
    if program is None:
        raise Http404
    return program


def modules_of(*, program: Program) -> list[Module]:
    """A program's modules in order (a template: no one's data)."""
    return list(program.modules.order_by("position"))
