"""The questionnaire engine: validation, enableWhen, answers and scoring.

A definition is a FHIR R4 Questionnaire resource kept as JSON (a dict). Answers are kept
the way a FHIR QuestionnaireResponse holds them: `{linkId: [{"valueX": ...}, ...]}`.
Nothing here touches the database; the services store what these functions return.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage.portal import languages

from . import shape

# FHIR R4 core and SDC extensions we honour (https://hl7.org/fhir/R4/extensibility-registry.html).
TRANSLATION_URL = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL_URL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT_URL = "http://hl7.org/fhir/StructureDefinition/itemWeight"
ITEM_CONTROL_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
UNIT_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
# Our own: scoring, bands, flags and quiz feedback as one JSON document.
SCORING_URL = "https://carevillage.example/fhir/StructureDefinition/questionnaire-scoring"

ITEM_TYPES = {
    "group",
    "display",
    "boolean",
    "decimal",
    "integer",
    "date",
    "dateTime",
    "time",
    "string",
    "text",
    "choice",
    "open-choice",
    "quantity",
}
QUESTION_TYPES = ITEM_TYPES - {"group", "display"}
ITEM_KEYS = {
    "linkId",
    "text",
    "_text",
    "prefix",
    "type",
    "code",
    "required",
    "repeats",
    "readOnly",
    "maxLength",
    "initial",
    "item",
    "answerOption",
    "enableWhen",
    "enableBehavior",
    "extension",
    "definition",
}
ROOT_KEYS = {
    "resourceType",
    "id",
    "meta",
    "url",
    "identifier",
    "version",
    "name",
    "title",
    "_title",
    "status",
    "date",
    "publisher",
    "description",
    "_description",
    "language",
    "code",
    "subjectType",
    "copyright",
    "item",
    "extension",
    "text",
}
OPTION_KEYS = {"valueCoding", "valueString", "valueInteger", "initialSelected", "extension"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
ORDERED_OPERATORS = {">", "<", ">=", "<="}
ANSWER_KEYS = {
    "boolean": "valueBoolean",
    "decimal": "valueDecimal",
    "integer": "valueInteger",
    "date": "valueDate",
    "dateTime": "valueDateTime",
    "time": "valueTime",
    "string": "valueString",
    "text": "valueString",
    "quantity": "valueQuantity",
}
VALUE_KEYS = {
    "valueBoolean",
    "valueDecimal",
    "valueInteger",
    "valueDate",
    "valueDateTime",
    "valueTime",
    "valueString",
    "valueCoding",
    "valueQuantity",
}


class DefinitionError(ValueError):
    """A definition the engine cannot honour. The message names the linkId and construct."""


# ---------------------------------------------------------------------------------------
# Reading a definition


def walk(items: list[dict], parent: dict | None = None) -> Iterator[tuple[dict, dict | None]]:
    for item in items or []:
        yield item, parent
        yield from walk(item.get("item", []), item)


def items_by_link_id(definition: dict) -> dict[str, dict]:
    return {item["linkId"]: item for item, _parent in walk(definition.get("item", []))}


def parents_by_link_id(definition: dict) -> dict[str, str | None]:
    return {
        item["linkId"]: (parent["linkId"] if parent else None)
        for item, parent in walk(definition.get("item", []))
    }


def localized(obj: dict, key: str, language: str) -> str:
    """`obj[key]` in `language` from the FHIR translation extension, else the base text."""
    element = obj.get("_" + key)
    for ext in element.get("extension", []) if isinstance(element, dict) else []:
        if not isinstance(ext, dict) or ext.get("url") != TRANSLATION_URL:
            continue
        parts = {e.get("url"): e for e in ext.get("extension", []) if isinstance(e, dict)}
        lang, content = parts.get("lang") or {}, parts.get("content") or {}
        text = content.get("valueString")
        if lang.get("valueCode") == language and isinstance(text, str):
            return text
    base = obj.get(key, "")
    return base if isinstance(base, str) else ""


def pick(texts: dict | str, language: str) -> str:
    """A {language: text} mapping from the scoring document, falling back to English."""
    if isinstance(texts, str):
        return texts
    return texts.get(language) or texts.get("en") or ""


def _translated_in(obj: dict, key: str, language: str) -> bool:
    """Whether `obj[key]` (if there is one) has its own text in `language`."""
    if not obj.get(key):
        return True
    for ext in (obj.get("_" + key) or {}).get("extension", []):
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        if (
            ext.get("url") == TRANSLATION_URL
            and parts.get("lang", {}).get("valueCode") == language
            and parts.get("content", {}).get("valueString")
        ):
            return True
    return False


def _scoring_texts(scoring: dict) -> list[dict | str]:
    texts: list[dict | str] = []
    for spec in scoring.get("scores", []):
        texts.append(spec.get("label", ""))
    for band in scoring.get("bands", {}).get("ranges", []):
        texts.extend([band.get("label", ""), band.get("advice", "")])
    texts.extend(flag.get("label", "") for flag in scoring.get("flags", []))
    texts.extend(scoring.get("feedback", {}).values())
    return texts


def written_in(definition: dict, language: str) -> bool:
    """Whether every text a respondent reads (title, description, items, options and the
    scoring's labels and advice) has its own version in `language`."""
    if language == base_language(definition):
        return True
    if not all(_translated_in(definition, key, language) for key in ("title", "description")):
        return False
    for item, _parent in walk(definition.get("item", [])):
        if not _translated_in(item, "text", language):
            return False
        for option in item.get("answerOption", []):
            target, key = (
                (option["valueCoding"], "display")
                if "valueCoding" in option
                else (option, "valueString")
            )
            if not _translated_in(target, key, language):
                return False
    return all(
        not texts or (isinstance(texts, dict) and bool(texts.get(language)))
        for texts in _scoring_texts(scoring_of(definition))
    )


def base_language(definition: dict) -> str:
    """The language of the definition's base texts (FHIR `language`; English if unset)."""
    return str(definition.get("language") or "en").lower()


def content_language(definition: dict, language: str) -> str:
    """The language to show the questionnaire in: the visitor's if it is fully written in
    it, else the content language read in its place (bokmål for nynorsk) if fully written
    in that, else its base language — one language throughout, never a mix."""
    for candidate in (language, languages.content_language(language)):
        if written_in(definition, candidate):
            return candidate
    return base_language(definition)


def scoring_of(definition: dict) -> dict:
    for ext in definition.get("extension", []):
        if ext.get("url") == SCORING_URL:
            scoring = json.loads(ext["valueString"])
            return scoring if isinstance(scoring, dict) else {}
    return {}


def option_ordinal(option: dict) -> Decimal | None:
    for ext in option.get("extension", []):
        if ext.get("url") in (ORDINAL_URL, ITEM_WEIGHT_URL):
            return Decimal(str(ext["valueDecimal"]))
    return None


def option_value(option: dict) -> dict:
    for key in ("valueCoding", "valueString", "valueInteger"):
        if key in option:
            return {key: option[key]}
    return {}


def option_label(option: dict, language: str) -> str:
    if "valueCoding" in option:
        coding = option["valueCoding"]
        return localized(coding, "display", language) or coding.get("code", "")
    if "valueString" in option:
        return localized(option, "valueString", language)
    return str(option.get("valueInteger", ""))


def item_control(item: dict) -> str:
    for ext in item.get("extension", []):
        if ext.get("url") == ITEM_CONTROL_URL:
            codings = ext.get("valueCodeableConcept", {}).get("coding", [])
            return codings[0].get("code", "") if codings else ""
    return ""


def item_unit(item: dict) -> dict | None:
    for ext in item.get("extension", []):
        if ext.get("url") == UNIT_URL:
            return ext.get("valueCoding")
    return None


def pages(definition: dict) -> list[list[dict]]:
    """Paged mode when a top-level group asks for it (SDC itemControl "page"): one top-level
    item per page. Otherwise everything on one page."""
    top = definition.get("item", [])
    if any(item.get("type") == "group" and item_control(item) == "page" for item in top):
        return [[item] for item in top]
    return [top]


# ---------------------------------------------------------------------------------------
# Validation


def _check_extensions(obj: dict, allowed: set[str], where: str) -> None:
    if obj.get("modifierExtension"):
        raise DefinitionError(
            _("%(where)s: modifierExtension is not supported.") % {"where": where}
        )
    for ext in obj.get("extension", []):
        if ext.get("url") not in allowed:
            raise DefinitionError(
                _("%(where)s: the extension %(url)s is not supported.")
                % {"where": where, "url": ext.get("url")}
            )


def _where(link_id: str) -> str:
    return _("Item %(link_id)s") % {"link_id": link_id}


def validate(definition: Any) -> dict:
    """Check a FHIR Questionnaire; return it or raise DefinitionError naming what is wrong."""
    if not isinstance(definition, dict) or definition.get("resourceType") != "Questionnaire":
        raise DefinitionError(_("This is not a FHIR Questionnaire resource."))
    try:
        shape.check_plain_json(definition)
        _check_shapes(definition)
    except shape.ShapeError as exc:
        raise DefinitionError(str(exc)) from None
    for key in definition:
        if key not in ROOT_KEYS:
            raise DefinitionError(
                _("The Questionnaire element %(key)s is not supported.") % {"key": key}
            )
    _check_extensions(definition, {SCORING_URL}, _("The Questionnaire"))
    if not isinstance(definition.get("item"), list) or not definition["item"]:
        raise DefinitionError(_("The Questionnaire has no items."))
    seen: dict[str, dict] = {}
    for item, _parent in walk(definition["item"]):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("linkId"), str)
            or not item["linkId"]
        ):
            raise DefinitionError(_("An item has no linkId."))
        link_id = item["linkId"]
        where = _where(link_id)
        if link_id in seen:
            raise DefinitionError(
                _("The linkId %(link_id)s is used more than once.") % {"link_id": link_id}
            )
        seen[link_id] = item
        for key in item:
            if key not in ITEM_KEYS:
                raise DefinitionError(
                    _("%(where)s: the element %(key)s is not supported.")
                    % {"where": where, "key": key}
                )
        if item.get("type") not in ITEM_TYPES:
            raise DefinitionError(
                _("%(where)s: the item type %(type)s is not supported.")
                % {"where": where, "type": item.get("type")}
            )
        _check_extensions(item, {ITEM_CONTROL_URL, UNIT_URL}, where)
        kind = item["type"]
        if kind in ("group", "display") and (item.get("answerOption") or item.get("initial")):
            raise DefinitionError(
                _("%(where)s: a %(type)s cannot have answers.") % {"where": where, "type": kind}
            )
        if kind == "display" and item.get("item"):
            raise DefinitionError(
                _("%(where)s: a display item cannot have nested items.") % {"where": where}
            )
        if kind in ("choice", "open-choice"):
            options = item.get("answerOption")
            if not options:
                raise DefinitionError(
                    _("%(where)s: a choice needs answerOption.") % {"where": where}
                )
            for option in options:
                if set(option) - OPTION_KEYS or len(option_value(option)) != 1:
                    raise DefinitionError(
                        _(
                            "%(where)s: each answerOption needs one valueCoding, valueString or valueInteger."
                        )
                        % {"where": where}
                    )
                _check_extensions(option, {ORDINAL_URL, ITEM_WEIGHT_URL}, where)
        elif item.get("answerOption"):
            raise DefinitionError(
                _("%(where)s: answerOption is only allowed on choice items.") % {"where": where}
            )
        if item.get("enableBehavior") not in (None, "any", "all"):
            raise DefinitionError(
                _("%(where)s: enableBehavior must be any or all.") % {"where": where}
            )
    for item, _parent in walk(definition["item"]):
        for condition in item.get("enableWhen", []):
            _validate_condition(item["linkId"], condition, seen)
    _check_cycles(definition)
    _validate_scoring(scoring_of(definition), seen)
    return definition


def _check_shapes(definition: dict) -> None:
    """Every element the engine, the forms and the result page read has its JSON type."""
    root = _("The Questionnaire")
    for key in ("id", "title", "description", "name", "language", "status", "url", "version"):
        shape.string(definition, key, root)
    shape.translations(definition, "title", root, TRANSLATION_URL)
    shape.translations(definition, "description", root, TRANSLATION_URL)
    shape.extensions(definition, root)
    for ext in definition.get("extension", []):
        if ext["url"] == SCORING_URL:
            _check_scoring_shape(ext)

    def items(container: dict, where: str) -> None:
        for item in shape.list_of_objects(container, "item", where):
            link_id = item.get("linkId")
            here = _where(link_id) if isinstance(link_id, str) else where
            shape.string(item, "linkId", here, required=True)
            for key in ("text", "prefix", "type", "definition", "enableBehavior"):
                shape.string(item, key, here)
            shape.translations(item, "text", here, TRANSLATION_URL)
            for key in ("required", "repeats", "readOnly"):
                shape.boolean(item, key, here)
            shape.integer(item, "maxLength", here, minimum=1)
            for ext in shape.extensions(item, here):
                if ext["url"] == ITEM_CONTROL_URL:
                    concept = shape.obj_of(ext, "valueCodeableConcept", here) or {}
                    for code in shape.list_of_objects(concept, "coding", here):
                        shape.string(code, "code", here)
                elif ext["url"] == UNIT_URL:
                    shape.coding(ext.get("valueCoding"), here, "questionnaire-unit")
            for option in shape.list_of_objects(item, "answerOption", here):
                _check_option_shape(option, here)
            for condition in shape.list_of_objects(item, "enableWhen", here):
                shape.string(condition, "question", here, required=True)
                shape.string(condition, "operator", here, required=True)
                for key, value in condition.items():
                    if key.startswith("answer"):
                        shape.typed_value(key[len("answer") :], value, here, "enableWhen." + key)
            for initial in shape.list_of_objects(item, "initial", here):
                _check_initial_shape(item, initial, here)
            items(item, here)

    items(definition, root)


def _check_option_shape(option: dict, where: str) -> None:
    if "valueCoding" in option:
        shape.coding(option["valueCoding"], where, "answerOption.valueCoding")
        shape.translations(option["valueCoding"], "display", where, TRANSLATION_URL)
    if "valueString" in option:
        shape.typed_value("String", option["valueString"], where, "answerOption.valueString")
        shape.translations(option, "valueString", where, TRANSLATION_URL)
    if "valueInteger" in option:
        shape.typed_value("Integer", option["valueInteger"], where, "answerOption.valueInteger")
    shape.boolean(option, "initialSelected", where)
    for ext in shape.extensions(option, where):
        if ext["url"] in (ORDINAL_URL, ITEM_WEIGHT_URL) and not shape.number(
            ext.get("valueDecimal")
        ):
            raise DefinitionError(
                _("%(where)s: an ordinal value needs a numeric valueDecimal.") % {"where": where}
            )


def _check_initial_shape(item: dict, initial: dict, where: str) -> None:
    """`initial` holds one value of the item's own type (a choice's: one of its options)."""
    kind = item.get("type")
    keys = [key for key in initial if key.startswith("value")]
    if len(keys) != 1 or len(initial) != 1:
        raise DefinitionError(
            _("%(where)s: each initial needs exactly one value.") % {"where": where}
        )
    key = keys[0]
    if kind in ("choice", "open-choice"):
        options = [option_value(o) for o in item.get("answerOption", [])]
        if initial not in options and not (kind == "open-choice" and key == "valueString"):
            raise DefinitionError(
                _("%(where)s: an initial answer of a choice must be one of its options.")
                % {"where": where}
            )
        shape.typed_value(key[len("value") :], initial[key], where, "initial." + key)
        return
    if kind not in ANSWER_KEYS or key != ANSWER_KEYS[kind]:
        raise DefinitionError(
            _("%(where)s: initial needs %(key)s for a %(type)s item.")
            % {"where": where, "key": ANSWER_KEYS.get(str(kind), "-"), "type": kind}
        )
    shape.typed_value(key[len("value") :], initial[key], where, "initial." + key)


def _check_scoring_shape(ext: dict) -> None:
    where = _("The scoring extension")
    if not isinstance(ext.get("valueString"), str):
        raise DefinitionError(_("The scoring extension needs its JSON in valueString."))
    try:
        scoring = shape.loads(ext["valueString"])
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            _("The scoring extension is not valid JSON (%(reason)s).") % {"reason": exc.msg}
        ) from None
    if not isinstance(scoring, dict):
        raise DefinitionError(_("The scoring extension must be a JSON object."))
    for score in shape.list_of_objects(scoring, "scores", where):
        shape.string(score, "name", where, required=True)
        if "label" in score:
            shape.localized_text(score["label"], where, "label")
        if not isinstance(score.get("items", []), list) or not all(
            isinstance(link_id, str) for link_id in score.get("items", [])
        ):
            raise DefinitionError(
                _("%(where)s: a score's items must be linkIds.") % {"where": where}
            )
    bands = shape.obj_of(scoring, "bands", where)
    if bands is not None:
        shape.string(bands, "score", where, required=True)
        ranges = shape.list_of_objects(bands, "ranges", where)
        if not ranges:
            raise DefinitionError(
                _("%(where)s: the interpretation bands need ranges.") % {"where": where}
            )
        for band in ranges:
            if not (shape.number(band.get("min")) and shape.number(band.get("max"))):
                raise DefinitionError(
                    _("%(where)s: each band needs a numeric min and max.") % {"where": where}
                )
            for key in ("code", "severity"):
                shape.string(band, key, where)
            shape.localized_text(band.get("label", ""), where, "label")
            shape.localized_text(band.get("advice", ""), where, "advice")
    for flag in shape.list_of_objects(scoring, "flags", where):
        shape.string(flag, "linkId", where, required=True)
        if flag.get("operator") not in ORDERED_OPERATORS | {"=", "!="}:
            raise DefinitionError(
                _("%(where)s: a flag needs an operator such as >= .") % {"where": where}
            )
        if not shape.number(flag.get("value")):
            raise DefinitionError(_("%(where)s: a flag needs a numeric value.") % {"where": where})
        for key in ("code", "severity"):
            shape.string(flag, key, where)
        shape.localized_text(flag.get("label", ""), where, "label")
    shape.boolean(scoring, "quiz", where)
    feedback = shape.obj_of(scoring, "feedback", where) or {}
    for link_id, text in feedback.items():
        shape.localized_text(text, where, f"feedback.{link_id}")


def _condition_answer(condition: dict) -> tuple[str, Any]:
    keys = [k for k in condition if k.startswith("answer")]
    if len(keys) != 1:
        raise KeyError
    return keys[0], condition[keys[0]]


def _validate_condition(link_id: str, condition: dict, items: dict[str, dict]) -> None:
    where = _where(link_id)
    question = condition.get("question")
    if question not in items:
        raise DefinitionError(
            _("%(where)s: enableWhen refers to %(question)s, which does not exist.")
            % {"where": where, "question": question}
        )
    operator = condition.get("operator")
    if operator not in OPERATORS:
        raise DefinitionError(
            _("%(where)s: the enableWhen operator %(operator)s is not supported.")
            % {"where": where, "operator": operator}
        )
    try:
        key, _value = _condition_answer(condition)
    except KeyError:
        raise DefinitionError(
            _("%(where)s: enableWhen needs exactly one answer.") % {"where": where}
        ) from None
    target = items[question]["type"]
    if operator == "exists":
        allowed = {"answerBoolean"}
    elif target in ("choice", "open-choice"):
        allowed = {"answerCoding", "answerString", "answerInteger"}
    elif target in ("decimal", "integer"):
        allowed = {"answerDecimal", "answerInteger"}
    elif target in ANSWER_KEYS:
        allowed = {"answer" + ANSWER_KEYS[target][len("value") :]}
    else:
        allowed = set()
    if key not in allowed:
        raise DefinitionError(
            _("%(where)s: enableWhen compares %(question)s (%(type)s) with %(key)s.")
            % {"where": where, "question": question, "type": target, "key": key}
        )
    if operator in ORDERED_OPERATORS and key in ("answerBoolean", "answerCoding"):
        raise DefinitionError(
            _("%(where)s: %(operator)s cannot compare %(key)s.")
            % {"where": where, "operator": operator, "key": key}
        )


def _check_cycles(definition: dict) -> None:
    """An item depends on its parent and on the questions in its enableWhen."""
    parents = parents_by_link_id(definition)
    items = items_by_link_id(definition)
    deps = {
        link_id: [c["question"] for c in item.get("enableWhen", [])]
        + ([parents[link_id]] if parents[link_id] else [])
        for link_id, item in items.items()
    }
    state: dict[str, int] = {}

    def visit(link_id: str, path: list[str]) -> None:
        if state.get(link_id) == 2:
            return
        if state.get(link_id) == 1:
            cycle = path[path.index(link_id) :] + [link_id]
            raise DefinitionError(
                _("enableWhen forms a cycle: %(cycle)s.") % {"cycle": " → ".join(cycle)}
            )
        state[link_id] = 1
        for dep in deps[link_id]:
            visit(dep, path + [link_id])
        state[link_id] = 2

    for link_id in items:
        visit(link_id, [])


def _validate_scoring(scoring: dict, items: dict[str, dict]) -> None:
    scores = {score["name"] for score in scoring.get("scores", [])}
    for score in scoring.get("scores", []):
        for link_id in score.get("items", []):
            if link_id not in items:
                raise DefinitionError(
                    _("The score %(name)s refers to %(link_id)s, which does not exist.")
                    % {"name": score["name"], "link_id": link_id}
                )
    bands = scoring.get("bands")
    if bands and bands.get("score") not in scores:
        raise DefinitionError(_("The interpretation bands refer to an unknown score."))
    for flag in scoring.get("flags", []):
        if flag.get("linkId") not in items:
            raise DefinitionError(
                _("A flag refers to %(link_id)s, which does not exist.")
                % {"link_id": flag.get("linkId")}
            )


# ---------------------------------------------------------------------------------------
# enableWhen


def _comparable(value_key: str, value: Any) -> Any:
    if value_key in ("Boolean", "String"):
        return value
    if value_key in ("Decimal", "Integer"):
        return Decimal(str(value))
    if value_key == "Date":
        return dt.date.fromisoformat(value)
    if value_key == "DateTime":
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else timezone.make_aware(parsed, dt.UTC)
    if value_key == "Time":
        return dt.time.fromisoformat(value)
    if value_key == "Coding":
        return (value.get("system", ""), value.get("code"))
    if value_key == "Quantity":
        return (value.get("unit") or value.get("code"), Decimal(str(value["value"])))
    raise ValueError(value_key)


def _answer_matches(answer: dict, operator: str, key: str, expected: Any) -> bool:
    expected_kind = key[len("answer") :]
    ((value_key, value),) = answer.items()
    kind = value_key[len("value") :]
    numeric = {"Decimal", "Integer"}
    if kind != expected_kind and not (kind in numeric and expected_kind in numeric):
        return False
    left = _comparable(kind, value)
    right = _comparable(expected_kind, expected)
    if kind == "Quantity":
        if left[0] != right[0]:
            return False
        left, right = left[1], right[1]
    if operator == "=":
        return left == right
    if operator == "!=":
        return left != right
    try:
        return {
            ">": left > right,
            "<": left < right,
            ">=": left >= right,
            "<=": left <= right,
        }[operator]
    except TypeError:
        return False


def _condition_holds(condition: dict, answers: list[dict]) -> bool:
    key, expected = _condition_answer(condition)
    operator = condition["operator"]
    if operator == "exists":
        return bool(answers) == bool(expected)
    # With no answer only "exists" can hold; for "!=" FHIR R4 leaves this open and we
    # choose "not enabled", so a follow-up question never appears before its trigger.
    return any(_answer_matches(answer, operator, key, expected) for answer in answers)


def enabled_link_ids(definition: dict, answers: dict[str, list[dict]]) -> set[str]:
    """The linkIds that are enabled given these answers (the definition is acyclic)."""
    items = items_by_link_id(definition)
    parents = parents_by_link_id(definition)
    memo: dict[str, bool] = {}

    def enabled(link_id: str) -> bool:
        if link_id in memo:
            return memo[link_id]
        item = items[link_id]
        result = True
        parent = parents[link_id]
        if parent and not enabled(parent):
            result = False
        elif item.get("enableWhen"):
            outcomes = [
                _condition_holds(
                    c, answers.get(c["question"], []) if enabled(c["question"]) else []
                )
                for c in item["enableWhen"]
            ]
            result = all(outcomes) if item.get("enableBehavior") == "all" else any(outcomes)
        memo[link_id] = result
        return result

    return {link_id for link_id in items if enabled(link_id)}


def prune(definition: dict, answers: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Drop answers of hidden items, repeatedly, since hiding one can hide another."""
    while True:
        enabled = enabled_link_ids(definition, answers)
        kept = {k: v for k, v in answers.items() if k in enabled and v}
        if kept == answers:
            return kept
        answers = kept


# ---------------------------------------------------------------------------------------
# Answers from a form


@dataclass
class PageResult:
    answers: dict[str, list[dict]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def field_name(link_id: str) -> str:
    return "a:" + link_id


def _parse_one(item: dict, raw: str) -> dict:
    kind = item["type"]
    raw = raw.strip()
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(_("Choose yes or no."))
        return {"valueBoolean": raw == "true"}
    if kind == "integer":
        try:
            return {"valueInteger": int(raw)}
        except ValueError:
            raise ValueError(_("Enter a whole number, for example 12.")) from None
    if kind in ("decimal", "quantity"):
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Enter a number, for example 3.5.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number, for example 3.5."))
        if kind == "decimal":
            return {"valueDecimal": float(number)}
        unit = item_unit(item) or {}
        return {
            "valueQuantity": {
                "value": float(number),
                **{k: v for k, v in unit.items() if k in ("system", "code")},
                "unit": unit.get("display") or unit.get("code", ""),
            }
        }
    if kind == "date":
        try:
            return {"valueDate": dt.date.fromisoformat(raw).isoformat()}
        except ValueError:
            raise ValueError(_("Enter a date as year-month-day, for example 2026-03-31.")) from None
    if kind == "dateTime":
        try:
            parsed = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("Enter a date and time, for example 2026-03-31T14:30.")) from None
        if parsed.tzinfo is None:
            parsed = timezone.make_aware(parsed)
        return {"valueDateTime": parsed.astimezone(dt.UTC).isoformat()}
    if kind == "time":
        try:
            return {"valueTime": dt.time.fromisoformat(raw).isoformat()}
        except ValueError:
            raise ValueError(_("Enter a time as hours and minutes, for example 14:30.")) from None
    if kind in ("string", "text"):
        limit = item.get("maxLength")
        if limit and len(raw) > limit:
            raise ValueError(
                _("Use at most %(limit)s characters (you used %(count)s).")
                % {"limit": limit, "count": len(raw)}
            )
        return {"valueString": raw}
    raise ValueError(kind)


def parse_page(
    definition: dict,
    page_items: list[dict],
    data: Any,
    previous: dict[str, list[dict]],
    *,
    check_required: bool = True,
) -> PageResult:
    """Read the answers of one page from POST data (a QueryDict), validate enabled items.

    `previous` are the answers so far; the page's answers replace theirs for its items.
    """
    result = PageResult()
    page_questions = [
        item for top in page_items for item, _p in walk([top]) if item["type"] in QUESTION_TYPES
    ]
    for item in page_questions:
        link_id = item["linkId"]
        if item.get("readOnly"):
            if previous.get(link_id):
                result.answers[link_id] = previous[link_id]
            continue
        values: list[dict] = []
        try:
            if item["type"] in ("choice", "open-choice"):
                options = item["answerOption"]
                for raw in data.getlist(field_name(link_id)):
                    if raw == "other" and item["type"] == "open-choice":
                        continue
                    if not raw.isdigit() or int(raw) >= len(options):
                        raise ValueError(_("Choose one of the options."))
                    values.append(option_value(options[int(raw)]))
                other = data.get(field_name(link_id) + ":other", "").strip()
                if item["type"] == "open-choice" and other:
                    values.append({"valueString": other})
            else:
                for raw in data.getlist(field_name(link_id)):
                    if raw.strip():
                        values.append(_parse_one(item, raw))
            if not item.get("repeats") and len(values) > 1:
                raise ValueError(_("Give only one answer."))
        except ValueError as exc:
            result.errors[link_id] = str(exc)
            continue
        result.answers[link_id] = values
    merged = {**previous, **result.answers}
    merged = {k: v for k, v in merged.items() if v}
    enabled = enabled_link_ids(definition, merged)
    result.errors = {k: v for k, v in result.errors.items() if k in enabled}
    if check_required:
        for item in page_questions:
            link_id = item["linkId"]
            if (
                link_id in enabled
                and item.get("required")
                and not merged.get(link_id)
                and link_id not in result.errors
            ):
                result.errors[link_id] = _("Answer this question.")
    result.answers = merged
    return result


def missing_required(definition: dict, answers: dict[str, list[dict]]) -> list[str]:
    enabled = enabled_link_ids(definition, answers)
    return [
        link_id
        for link_id, item in items_by_link_id(definition).items()
        if link_id in enabled and item.get("required") and not answers.get(link_id)
    ]


# ---------------------------------------------------------------------------------------
# Scoring


def _answer_ordinal(item: dict, answer: dict) -> Decimal | None:
    for option in item.get("answerOption", []):
        if option_value(option) == answer:
            return option_ordinal(option)
    ((key, value),) = answer.items()
    if key in ("valueInteger", "valueDecimal"):
        return Decimal(str(value))
    return None


def max_score(definition: dict, score: dict) -> Decimal:
    items = items_by_link_id(definition)
    total = Decimal(0)
    for link_id in score.get("items", []):
        ordinals = [option_ordinal(o) or Decimal(0) for o in items[link_id].get("answerOption", [])]
        total += max(ordinals, default=Decimal(0))
    return total


@dataclass
class Outcome:
    scores: dict[str, float]
    band: dict | None
    flags: list[dict]

    def as_json(self) -> dict:
        return {"scores": self.scores, "band": self.band, "flags": self.flags}


def score(definition: dict, answers: dict[str, list[dict]]) -> Outcome:
    """Sum ordinal values per score, find the band, raise the item flags. Server-side only."""
    scoring = scoring_of(definition)
    items = items_by_link_id(definition)
    answers = prune(definition, answers)
    scores: dict[str, float] = {}
    for spec in scoring.get("scores", []):
        total = Decimal(0)
        for link_id in spec.get("items", []):
            for answer in answers.get(link_id, []):
                total += _answer_ordinal(items[link_id], answer) or Decimal(0)
        scores[spec["name"]] = float(total)
    band = None
    bands = scoring.get("bands")
    if bands:
        value = scores[bands["score"]]
        for candidate in bands["ranges"]:
            if candidate["min"] <= value <= candidate["max"]:
                band = candidate
                break
    flags = []
    for flag in scoring.get("flags", []):
        item = items[flag["linkId"]]
        for answer in answers.get(flag["linkId"], []):
            ordinal = _answer_ordinal(item, answer)
            if ordinal is not None and _answer_matches(
                {"valueDecimal": float(ordinal)}, flag["operator"], "answerDecimal", flag["value"]
            ):
                flags.append(flag)
                break
    return Outcome(scores=scores, band=band, flags=flags)


def quiz_feedback(definition: dict, answers: dict[str, list[dict]], language: str) -> list[dict]:
    """Per question of a knowledge quiz: the answer given, whether it was right, the right
    answer and the explanation. A right option carries ordinal value 1, a wrong one 0."""
    scoring = scoring_of(definition)
    feedback = scoring.get("feedback", {})
    rows = []
    for item, _parent in walk(definition.get("item", [])):
        if item["type"] not in ("choice", "open-choice"):
            continue
        given = answers.get(item["linkId"], [])
        right = [o for o in item["answerOption"] if (option_ordinal(o) or 0) > 0]
        given_labels = [
            option_label(o, language) for o in item["answerOption"] if option_value(o) in given
        ]
        rows.append(
            {
                "question": localized(item, "text", language),
                "given": ", ".join(given_labels),
                "correct": bool(given)
                and all(option_value(o) in given for o in right)
                and len(given) == len(right),
                "right_answer": ", ".join(option_label(o, language) for o in right),
                "explanation": pick(feedback.get(item["linkId"], ""), language),
            }
        )
    return rows
