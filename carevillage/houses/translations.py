"""A page's language versions. Knows Wagtail's Page only, so models can use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from carevillage.portal.languages import content_language


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    exists: bool
    current: bool


def language_versions(*, page: Page, languages: list[tuple[str, str]]) -> list[LanguageVersion]:
    """The same page in each language; a missing one points at the "not in this language" page.

    A language whose content is read in another (nynorsk: bokmål) links to that version under
    its own prefix (/nn/...), where Wagtail serves the bokmål page with nynorsk chrome.
    """
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
        translated = live.get(code) or live.get(content_language(code))
        with translation.override(code):
            if translated is not None:
                url = translated.get_url() or ""
            else:
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
