"""Interface languages whose content is read in another language.

Nynorsk (nn) is an interface language (Norway's public services must offer it, Språklova
§ 8), but the village's content — pages, self-tests, navigators, programs — is written in
fi, sv, nb and en. A nynorsk page therefore shows its chrome in nynorsk and its content
in bokmål, with the shared "not yet written in" notice naming bokmål.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO

# Interface language -> the content language read in its place.
CONTENT_FALLBACK = {"nn": "nb"}


def content_language(code: str | None) -> str:
    """The content language to look for first for interface language `code`."""
    short = (code or "").lower()
    return CONTENT_FALLBACK.get(short, CONTENT_FALLBACK.get(short[:2], short))


def install_fallbacks() -> None:
    """Let Wagtail find bokmål pages for /nn/ URLs.

    Wagtail's `get_supported_content_language_variant` (Locale.get_active, page URLs) tries
    Django's LANG_INFO "fallback" list, the mechanism Django uses for zh-hant -> zh-hans;
    with nn -> nb a nynorsk request gets the bokmål locale and page URLs keep /nn/.
    """
    for code, fallback in CONTENT_FALLBACK.items():
        info = LANG_INFO.setdefault(code, {"code": code, "bidi": False})
        info["fallback"] = [fallback]
