"""Template helpers for the patient's side of care paths: the My page summary, texts in
the page's language, and module reading rendered safely."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from carevillage.carepaths.enrollments import patient_selectors as selectors
from carevillage.carepaths.models import Module

register = template.Library()


@register.filter
def module_title(module: Module) -> str:
    return module.title_in(translation.get_language())


@register.filter
def reading_html(html: str) -> SafeString:
    """Reading written in the admin's rich-text editor, expanded (page and document links)
    and cleaned to a small set of tags: nothing an editor pasted can run script here."""
    from wagtail.rich_text import expand_db_html
    from wagtail.whitelist import Whitelister

    return mark_safe(Whitelister().clean(expand_db_html(html or "")))  # noqa: S308 - cleaned


@register.inclusion_tag("carepaths/patient/my_page_summary.html", takes_context=True)
def my_care_paths(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    language = translation.get_language()
    now = timezone.now()
    views = [
        selectors.enrollment_view(
            actor=user, enrollment=enrollment, language=language, now=now, scores=False
        )
        for enrollment in selectors.own_enrollments(actor=user)
    ]
    return {
        "invitations": [v for v in views if v.enrollment.status == "invited"],
        "active": [v for v in views if v.enrollment.is_active],
        "ended": [v for v in views if v.enrollment.has_ended],
    }
