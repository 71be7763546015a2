from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def emergency_number(language: str | None = None) -> str:
    """The emergency number for a page in `language` (default: the active language).

    settings.EMERGENCY_NUMBERS by language ("nb-NO" finds "nb"), else EMERGENCY_NUMBER.
    """
    code = (language or translation.get_language() or "").lower()
    numbers = settings.EMERGENCY_NUMBERS
    return numbers.get(code) or numbers.get(code.split("-")[0]) or settings.EMERGENCY_NUMBER


def village(request: HttpRequest) -> dict:
    """The village name and a link to the same page in each language."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return {
        "village_name": settings.VILLAGE_NAME,
        "emergency_number": emergency_number(current),
        "language_links": links,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
