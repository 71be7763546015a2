from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


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
        "emergency_number": settings.EMERGENCY_NUMBER,
        "language_links": links,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
