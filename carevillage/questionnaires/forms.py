"""Turning a definition page into what the templates render, and answers back into FHIR."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import engine


def _values_for(item: dict, answers: list[dict]) -> list[str]:
    """Answers as the strings the form fields show."""
    out = []
    for answer in answers:
        ((key, value),) = answer.items()
        if key == "valueBoolean":
            out.append("true" if value else "false")
        elif key == "valueQuantity":
            out.append(str(value.get("value", "")))
        elif key == "valueDateTime":
            out.append(value[:16])
        else:
            out.append(str(value))
    return out


def _initial(item: dict) -> list[dict]:
    if item.get("initial"):
        return [dict(i) for i in item["initial"]]
    return [
        engine.option_value(o) for o in item.get("answerOption", []) if o.get("initialSelected")
    ]


def render_items(
    items: list[dict],
    *,
    answers: dict[str, list[dict]],
    enabled: set[str],
    errors: dict[str, str],
    language: str,
    fresh: bool,
    counter: list[int] | None = None,
    depth: int = 2,
) -> list[dict[str, Any]]:
    """View models for the enabled items of one page, nested as in the definition."""
    counter = counter if counter is not None else [0]
    rows = []
    for item in items:
        link_id = item["linkId"]
        if link_id not in enabled:
            continue
        counter[0] += 1
        field_id = f"q{counter[0]}"
        given = answers.get(link_id)
        if given is None and fresh:
            given = _initial(item)
        given = given or []
        row: dict[str, Any] = {
            "link_id": link_id,
            "kind": item["type"],
            "text": engine.localized(item, "text", language),
            "prefix": item.get("prefix", ""),
            "id": field_id,
            "name": engine.field_name(link_id),
            "required": bool(item.get("required")),
            "repeats": bool(item.get("repeats")),
            "readonly": bool(item.get("readOnly")),
            "max_length": item.get("maxLength"),
            "error": errors.get(link_id, ""),
            "heading_level": min(depth, 6),
            "values": _values_for(item, given),
        }
        if item["type"] in ("choice", "open-choice"):
            row["options"] = [
                {
                    "index": str(i),
                    "label": engine.option_label(option, language),
                    "checked": engine.option_value(option) in given,
                    "id": f"{field_id}-{i}",
                }
                for i, option in enumerate(item["answerOption"])
            ]
            other = [
                a["valueString"]
                for a in given
                if "valueString" in a and item["type"] == "open-choice"
            ]
            row["other"] = other[0] if other else ""
        if item["type"] == "quantity":
            unit = engine.item_unit(item) or {}
            row["unit"] = unit.get("display") or unit.get("code", "")
        if item["type"] not in ("choice", "open-choice", "boolean", "group", "display"):
            count = max(len(row["values"]), 1) + (1 if row["repeats"] else 0)
            row["inputs"] = [
                {
                    "id": field_id if n == 0 else f"{field_id}-{n}",
                    "value": (row["values"][n : n + 1] or [""])[0],
                }
                for n in range(count if row["repeats"] else 1)
            ]
        row["children"] = render_items(
            item.get("item", []),
            answers=answers,
            enabled=enabled,
            errors=errors,
            language=language,
            fresh=fresh,
            counter=counter,
            depth=depth + 1,
        )
        rows.append(row)
    return rows


def error_summary(rows: list[dict]) -> list[dict[str, str]]:
    out = []
    for row in rows:
        if row["error"]:
            target = row["options"][0]["id"] if row.get("options") else row["id"]
            out.append({"id": target, "text": f"{row['text']}: {row['error']}"})
        out.extend(error_summary(row["children"]))
    return out


def page_link_ids(page_items: list[dict]) -> list[str]:
    return [item["linkId"] for item, _p in engine.walk(page_items)]


def more_questions_message() -> str:
    return _("Your answers opened more questions below. Answer them and continue.")
