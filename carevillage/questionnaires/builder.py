"""The structured item builder: admin formsets <-> the draft's FHIR Questionnaire JSON.

Editors who do not write JSON edit the top-level items, one level of group children and
the answer options of choice items as rows. Saving rebuilds the definition from the rows;
what the rows do not show (enableWhen, initial, itemControl, the scoring extension, option
systems) is carried over from the item or option with the same linkId or code, so the
builder and the JSON editor can be used on the same draft. The engine validates the
result, exactly as it validates JSON pasted into the other editor.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import engine
from .instruments import ANSWERS
from .models import Kind, Questionnaire

BASE_LANGUAGE = "en"
CHOICE_TYPES = ("choice", "open-choice")
# The builder owns these item keys; every other key of an existing item is kept as it was.
BUILT_ITEM_KEYS = {"linkId", "type", "text", "_text", "required", "repeats", "answerOption", "item"}


def translated_languages() -> list[str]:
    # Content languages: nynorsk pages read the bokmål texts (portal.languages).
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != BASE_LANGUAGE]


def language_names() -> dict[str, str]:
    return dict(settings.LANGUAGES)


# ---------------------------------------------------------------------------------------
# JSON -> rows


def unsupported_reason(definition: dict) -> str:
    """Why this draft cannot be shown as rows without losing something, or ""."""
    for item in definition.get("item", []):
        for child in item.get("item", []):
            if child.get("item"):
                return str(
                    _("Item %(link_id)s nests items more than one level deep; edit it as JSON.")
                    % {"link_id": child.get("linkId")}
                )
    for item, _parent in engine.walk(definition.get("item", [])):
        for option in item.get("answerOption", []):
            if "valueCoding" not in option:
                return str(
                    _("Item %(link_id)s has answer options without a code; edit it as JSON.")
                    % {"link_id": item.get("linkId")}
                )
    return ""


def _texts(obj: dict, key: str, prefix: str) -> dict[str, str]:
    """Base text and translations; a missing translation is an empty field, not the base."""
    row = {f"{prefix}_{BASE_LANGUAGE}": obj.get(key, "")}
    for language in translated_languages():
        row[f"{prefix}_{language}"] = ""
    for ext in (obj.get("_" + key) or {}).get("extension", []):
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        language = parts.get("lang", {}).get("valueCode")
        if ext.get("url") == engine.TRANSLATION_URL and f"{prefix}_{language}" in row:
            row[f"{prefix}_{language}"] = parts.get("content", {}).get("valueString", "")
    return row


def rows_from_definition(definition: dict) -> tuple[dict, list[dict], list[dict]]:
    """The initial data of the title form, the item formset and the option formset."""
    title = _texts(definition, "title", "title")
    items: list[dict] = []
    options: list[dict] = []
    for item, parent in engine.walk(definition.get("item", [])):
        items.append(
            {
                "link_id": item["linkId"],
                "parent": parent["linkId"] if parent else "",
                "type": item.get("type", ""),
                "required": bool(item.get("required")),
                "repeats": bool(item.get("repeats")),
                **_texts(item, "text", "text"),
            }
        )
        for option in item.get("answerOption", []):
            coding = option["valueCoding"]
            ordinal = engine.option_ordinal(option)
            options.append(
                {
                    "item": item["linkId"],
                    "code": coding.get("code", ""),
                    "ordinal": ordinal,
                    **_texts(coding, "display", "display"),
                }
            )
    return title, items, options


# ---------------------------------------------------------------------------------------
# rows -> JSON


def _translations(texts: dict[str, str]) -> dict:
    return {
        "extension": [
            {
                "url": engine.TRANSLATION_URL,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": text},
                ],
            }
            for language, text in texts.items()
            if text
        ]
    }


def _set_text(obj: dict, key: str, row: dict, prefix: str) -> None:
    obj[key] = row.get(f"{prefix}_{BASE_LANGUAGE}", "")
    others = {lang: row.get(f"{prefix}_{lang}", "") for lang in translated_languages()}
    if any(others.values()):
        obj["_" + key] = _translations(others)
    else:
        obj.pop("_" + key, None)
    if not obj[key]:
        del obj[key]


def _ordinal(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _build_option(row: dict, previous: dict | None) -> dict:
    option = copy.deepcopy(previous) if previous else {}
    coding = option.get("valueCoding") or {"system": ANSWERS}
    coding["code"] = row["code"]
    _set_text(coding, "display", row, "display")
    option["valueCoding"] = coding
    extensions = [
        e for e in option.get("extension", []) if e.get("url") not in (engine.ORDINAL_URL,)
    ]
    if row.get("ordinal") is not None:
        extensions.insert(0, {"url": engine.ORDINAL_URL, "valueDecimal": _ordinal(row["ordinal"])})
        extensions = [e for e in extensions if e.get("url") != engine.ITEM_WEIGHT_URL]
    if extensions:
        option["extension"] = extensions
    else:
        option.pop("extension", None)
    return option


def definition_from_rows(
    previous: dict,
    title: dict,
    item_rows: list[dict],
    option_rows: list[dict],
    *,
    removed_items: set[str] | frozenset[str] = frozenset(),
) -> dict:
    """Rebuild the definition. Rows come in the editor's order, deleted rows left out; the
    options of an item removed in the same save go with it."""
    choice_ids = {row["link_id"] for row in item_rows if row["type"] in CHOICE_TYPES}
    for row in option_rows:
        if row["item"] not in choice_ids and row["item"] not in removed_items:
            raise engine.DefinitionError(
                _("The option %(code)s belongs to %(link_id)s, which is not a choice item.")
                % {"code": row["code"], "link_id": row["item"]}
            )
    definition = copy.deepcopy(previous) or {"resourceType": "Questionnaire", "status": "draft"}
    definition["resourceType"] = "Questionnaire"
    _set_text(definition, "title", title, "title")
    old_items = engine.items_by_link_id(previous) if previous.get("item") else {}
    old_options = {
        (link_id, option["valueCoding"].get("code")): option
        for link_id, item in old_items.items()
        for option in item.get("answerOption", [])
        if "valueCoding" in option
    }
    built: list[tuple[dict, str]] = []
    for row in item_rows:
        link_id = row["link_id"]
        old = old_items.get(link_id, {})
        item = {k: copy.deepcopy(v) for k, v in old.items() if k not in BUILT_ITEM_KEYS}
        item = {"linkId": link_id, "type": row["type"], **item}
        _set_text(item, "text", row, "text")
        if row.get("required"):
            item["required"] = True
        if row.get("repeats"):
            item["repeats"] = True
        if row["type"] in CHOICE_TYPES:
            item["answerOption"] = [
                _build_option(o, old_options.get((link_id, o["code"])))
                for o in option_rows
                if o["item"] == link_id
            ]
        built.append((item, row.get("parent") or ""))
    top: list[dict] = []
    groups = {item["linkId"]: item for item, parent in built if not parent}
    for item, parent in built:
        if not parent:
            top.append(item)
        elif parent in groups:
            groups[parent].setdefault("item", []).append(item)
        else:
            raise engine.DefinitionError(
                _("Item %(link_id)s: the group %(parent)s is not a top-level item.")
                % {"link_id": item["linkId"], "parent": parent}
            )
    definition["item"] = top
    return definition


# ---------------------------------------------------------------------------------------
# Forms


def _text_fields(prefix: str, label: str, *, required_base: bool) -> dict[str, forms.Field]:
    names = language_names()
    fields: dict[str, forms.Field] = {
        f"{prefix}_{BASE_LANGUAGE}": forms.CharField(
            label=f"{label} ({names.get(BASE_LANGUAGE, BASE_LANGUAGE)})",
            required=required_base,
        )
    }
    for language in translated_languages():
        fields[f"{prefix}_{language}"] = forms.CharField(
            label=f"{label} ({names.get(language, language)})", required=False
        )
    return fields


class TitleForm(forms.Form):
    """The title, and for a new questionnaire its slug, kind and visibility."""

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("title", str(_("Title")), required_base=True))
        if new:
            self.fields["slug"] = forms.SlugField(label=_("Slug"))
            self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
            self.fields["is_public"] = forms.BooleanField(
                label=_("List as a public self-test"), required=False
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Questionnaire.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A questionnaire with this slug already exists."))
        return slug


class ItemForm(forms.Form):
    link_id = forms.CharField(label=_("linkId"), max_length=100)
    parent = forms.CharField(
        label=_("In group (linkId)"),
        required=False,
        help_text=_("Leave empty for a top-level item."),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", "---------"), *((t, t) for t in sorted(engine.ITEM_TYPES, key=str.lower))],
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    repeats = forms.BooleanField(label=_("Repeats"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("text", str(_("Text")), required_base=False))


class OptionForm(forms.Form):
    item = forms.CharField(label=_("Item (linkId)"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=100)
    ordinal = forms.DecimalField(label=_("Ordinal value"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("display", str(_("Display")), required_base=True))


ItemFormSet = forms.formset_factory(ItemForm, extra=3, can_order=True, can_delete=True)
OptionFormSet = forms.formset_factory(OptionForm, extra=6, can_order=True, can_delete=True)


def kept_rows(formset: forms.BaseFormSet) -> list[dict]:
    """The filled, not deleted rows in the editor's order."""
    return [form.cleaned_data for form in formset.ordered_forms]


def removed_link_ids(formset: forms.BaseFormSet) -> set[str]:
    return {form.cleaned_data.get("link_id", "") for form in formset.deleted_forms}
