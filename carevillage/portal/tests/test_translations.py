"""The fi, sv, nb and nn catalogues are complete, usable at run time, and keep every placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ["fi", "sv", "nb", "nn"]
# The project catalogue plus each app's own (carevillage/<app>/locale/), for every language.
LOCALE_DIRS = sorted(
    {path.parents[2] for path in PACKAGE_DIR.rglob("locale/*/LC_MESSAGES/django.po")}
)

# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %d, %.1f ...
# "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _load(locale_dir: Path, language: str) -> Catalog:
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _forms(message: Message) -> list[tuple[str, str]]:
    """Pairs of (source text, translation): one pair per plural form."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        return [
            (singular if index == 0 else plural, text) for index, text in enumerate(message.string)
        ]
    return [(message.id, message.string)]


def _placeholders(text: str) -> set[str]:
    return {match for match in PLACEHOLDER.findall(text) if match != "%%"}


def _label(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


@pytest.fixture(
    scope="module",
    params=[(d, lang) for d in LOCALE_DIRS for lang in LANGUAGES],
    ids=lambda p: f"{p[0].relative_to(PACKAGE_DIR)}-{p[1]}",
)
def catalog(request) -> Catalog:
    return _load(*request.param)


def test_project_catalogue_covers_the_frame():
    for language in LANGUAGES:
        assert len(_messages(_load(LOCALE_DIR, language))) > 50


@pytest.mark.parametrize("locale_dir", LOCALE_DIRS, ids=lambda d: str(d.relative_to(PACKAGE_DIR)))
def test_every_catalogue_exists_in_every_language(locale_dir):
    for language in LANGUAGES:
        assert (locale_dir / language / "LC_MESSAGES" / "django.po").exists(), language


def test_header_declares_language_charset_and_plural_rule(catalog):
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == str(catalog.locale)
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert headers["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy, "the header is marked fuzzy"


def test_every_message_is_translated(catalog):
    untranslated = [
        _label(message)
        for message in _messages(catalog)
        if not all(text.strip() for _source, text in _forms(message))
    ]
    assert untranslated == []


def test_no_message_is_marked_fuzzy(catalog):
    # Fuzzy entries are left out of the compiled catalogue, so the page would show English.
    assert [_label(message) for message in _messages(catalog) if message.fuzzy] == []


def test_plural_messages_have_every_plural_form(catalog):
    for message in _messages(catalog):
        if isinstance(message.id, tuple):
            assert len(message.string) == catalog.num_plurals, _label(message)


def test_translations_keep_every_placeholder_of_the_source(catalog):
    missing = [
        (source, sorted(_placeholders(source) - _placeholders(text)))
        for message in _messages(catalog)
        for source, text in _forms(message)
        if _placeholders(source) - _placeholders(text)
    ]
    assert missing == []


def test_translations_add_no_placeholder_the_code_does_not_fill(catalog):
    unknown = [
        (source, sorted(_placeholders(text) - _placeholders(source)))
        for message in _messages(catalog)
        for source, text in _forms(message)
        if _placeholders(text) - _placeholders(source)
    ]
    assert unknown == []


def test_named_placeholders_format_without_error(catalog):
    for message in _messages(catalog):
        for source, text in _forms(message):
            names = re.findall(r"%\(([^)]*)\)", source)
            if names:
                text % {name: 1 for name in names}
