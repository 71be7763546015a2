"""The JSON shape of every element the engine reads, checked before anything reads it.

`engine.validate` checks meaning (linkIds exist, operators fit the item type); this module
checks that each element the engine, the forms and the result page touch has the JSON type
they expect, so a definition that passes can be rendered and scored for every citizen. A
published definition is served to everyone who opens the self-test: one wrongly typed
element (`"initial": "x"`, a translation extension without its parts) would otherwise
break the page for all of them, not only for the editor who imported it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from django.utils.translation import gettext as _

# Deeper than any real questionnaire (groups in groups in groups); far below Python's
# recursion limit, so nothing that walks the definition can run out of stack.
MAX_DEPTH = 40
MAX_TEXT = 20_000


class ShapeError(ValueError):
    """The definition's JSON has the wrong shape somewhere; the message says where."""


def _refuse_constant(name: str) -> Any:
    raise ShapeError(
        _("The file contains %(value)s, which is not a number JSON allows.") % {"value": name}
    )


def loads(text: str | bytes) -> Any:
    """`json.loads`, refusing NaN and Infinity (not JSON) and nesting deeper than MAX_DEPTH."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ShapeError(_("The JSON is nested too deeply.")) from None
    check_plain_json(data)
    return data


def check_plain_json(value: Any, depth: int = 0) -> None:
    """Plain JSON only: no NaN or infinities, text that can be stored (no unpaired
    surrogates), nesting at most MAX_DEPTH levels."""
    if depth > MAX_DEPTH:
        raise ShapeError(_("The JSON is nested too deeply."))
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ShapeError(_("The JSON has a key that is not text."))
            _check_text(key)
            check_plain_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_plain_json(item, depth + 1)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ShapeError(_("The JSON contains a number that is not finite."))
    elif isinstance(value, str):
        _check_text(value)
    elif value is not None and not isinstance(value, (bool, int)):
        raise ShapeError(_("The JSON contains a value of an unknown kind."))


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ShapeError(
            _("The text “%(start)s…” contains a broken character (an unpaired surrogate).")
            % {"start": value[:20].encode("utf-8", "replace").decode("utf-8")}
        ) from None


# --- element types ----------------------------------------------------------------------


def _fail(where: str, element: str, expected: str) -> ShapeError:
    return ShapeError(
        _("%(where)s: %(element)s must be %(expected)s.")
        % {"where": where, "element": element, "expected": expected}
    )


def _text_word() -> str:
    return _("text")


def string(obj: dict, key: str, where: str, *, required: bool = False) -> None:
    if key not in obj:
        if required:
            raise _fail(where, key, _text_word())
        return
    if not isinstance(obj[key], str):
        raise _fail(where, key, _text_word())
    if len(obj[key]) > MAX_TEXT:
        raise ShapeError(
            _("%(where)s: %(element)s is longer than %(limit)s characters.")
            % {"where": where, "element": key, "limit": MAX_TEXT}
        )


def boolean(obj: dict, key: str, where: str) -> None:
    if key in obj and not isinstance(obj[key], bool):
        raise _fail(where, key, _("true or false"))


def integer(obj: dict, key: str, where: str, *, minimum: int | None = None) -> None:
    if key not in obj:
        return
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, key, _("a whole number"))
    if minimum is not None and value < minimum:
        raise _fail(where, key, _("at least %(minimum)s") % {"minimum": minimum})


def number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def list_of_objects(obj: dict, key: str, where: str) -> list[dict]:
    if key not in obj:
        return []
    value = obj[key]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(where, key, _("a list of objects"))
    return value


def obj_of(obj: dict, key: str, where: str) -> dict | None:
    if key not in obj:
        return None
    if not isinstance(obj[key], dict):
        raise _fail(where, key, _("an object"))
    return obj[key]


def extensions(obj: dict, where: str) -> list[dict]:
    found = list_of_objects(obj, "extension", where)
    for ext in found:
        string(ext, "url", where, required=True)
    return found


def translations(obj: dict, key: str, where: str, translation_url: str) -> None:
    """`_key` (FHIR primitive extension): translation extensions with a lang code and text."""
    element = obj_of(obj, "_" + key, where)
    if element is None:
        return
    for ext in extensions(element, where):
        if ext["url"] != translation_url:
            continue
        parts = list_of_objects(ext, "extension", where)
        found = {part["url"]: part for part in parts if isinstance(part.get("url"), str)}
        lang, content = found.get("lang"), found.get("content")
        if (
            lang is None
            or content is None
            or not isinstance(lang.get("valueCode"), str)
            or not isinstance(content.get("valueString"), str)
        ):
            raise ShapeError(
                _(
                    "%(where)s: each translation of %(element)s needs a lang (valueCode) and a content (valueString)."
                )
                % {"where": where, "element": key}
            )


def coding(value: Any, where: str, element: str) -> None:
    if not isinstance(value, dict):
        raise _fail(where, element, _("a Coding object"))
    for key in ("system", "code", "display"):
        if key in value and not isinstance(value[key], str):
            raise _fail(where, f"{element}.{key}", _text_word())


def quantity(value: Any, where: str, element: str) -> None:
    if not isinstance(value, dict) or not number(value.get("value")):
        raise _fail(where, element, _("a Quantity with a numeric value"))
    for key in ("system", "code", "unit"):
        if key in value and not isinstance(value[key], str):
            raise _fail(where, f"{element}.{key}", _text_word())


def _iso(parse: Any, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def typed_value(kind: str, value: Any, where: str, element: str) -> None:
    """A FHIR value[x] / answer[x] of `kind` (Boolean, Decimal, Integer, ...)."""
    ok = {
        "Boolean": lambda v: isinstance(v, bool),
        "Decimal": number,
        "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "String": lambda v: isinstance(v, str),
        "Date": lambda v: _iso(dt.date.fromisoformat, v),
        "DateTime": lambda v: _iso(dt.datetime.fromisoformat, v),
        "Time": lambda v: _iso(dt.time.fromisoformat, v),
    }
    if kind == "Coding":
        coding(value, where, element)
    elif kind == "Quantity":
        quantity(value, where, element)
    elif kind in ok:
        if not ok[kind](value):
            raise ShapeError(
                _("%(where)s: %(element)s is not a valid %(kind)s.")
                % {"where": where, "element": element, "kind": kind}
            )
    else:
        raise ShapeError(
            _("%(where)s: %(element)s is not supported.") % {"where": where, "element": element}
        )


def localized_text(value: Any, where: str, element: str) -> None:
    """Texts of the scoring document: plain text or {language code: text}."""
    if isinstance(value, str):
        return
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return
    raise _fail(where, element, _("text, or an object of texts by language"))
