"""The navigator validator: a pure function over a version's graph.

A graph is plain JSON::

    {
      "languages": ["en", "fi"],
      "title": {"en": "...", "fi": "..."},
      "intro": {"en": "...", "fi": "..."},
      "start": "node id",
      "nodes": {
        "<id>": {"type": "question", "kind": "symptom" | "age_band" | "sex",
                 "red_flag": false, "text": {...},
                 "answers": [{"value": "yes", "label": {...}, "next": "<id>"}, ...]},
        "<id>": {"type": "disposition", "level": "emergency" | "urgent" | "soon" | "self_care",
                 "text": {...}, "service": "health_centre", "self_care_link": "/en/..."}
      }
    }

`validate()` never stops at the first problem: an editor fixes a graph faster when
they see every problem at once. Publishing is refused while the list is not empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

LEVELS = ("emergency", "urgent", "soon", "self_care")
QUESTION_KINDS = ("age_band", "sex", "symptom")
DEMOGRAPHIC_KINDS = ("age_band", "sex")
SEX_VALUES = ("female", "male")


@dataclass(frozen=True)
class Problem:
    code: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.node or '-'}: {self.message}"


def rank(node: Mapping[str, Any]) -> int:
    """Order questions must keep on every path: age/sex, then red flags, then the rest."""
    if node.get("kind") in DEMOGRAPHIC_KINDS:
        return 0
    return 1 if node.get("red_flag") else 2


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _missing_languages(texts: Any, languages: list[str]) -> list[str]:
    if not isinstance(texts, Mapping):
        return list(languages)
    return [lang for lang in languages if not _is_text(texts.get(lang))]


def validate(graph: Any) -> list[Problem]:
    """Every problem that keeps this graph from being published; empty when it is sound."""
    problems: list[Problem] = []

    def add(code: str, node: str, message: str) -> None:
        problems.append(Problem(code, node, message))

    if not isinstance(graph, Mapping):
        add("malformed", "", _("The navigator must be a JSON object."))
        return problems
    languages = graph.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(_is_text(lang) for lang in languages)
    ):
        add("malformed", "", _("List at least one language the navigator is offered in."))
        languages = []
    for field, label in (("title", _("title")), ("intro", _("introduction"))):
        for lang in _missing_languages(graph.get(field), languages):
            add(
                "missing_text",
                "",
                _("The %(field)s is missing in language “%(lang)s”.")
                % {"field": label, "lang": lang},
            )
    nodes = graph.get("nodes")
    if not isinstance(nodes, Mapping) or not nodes:
        add("malformed", "", _("The navigator has no nodes."))
        return problems
    start = graph.get("start")
    if start not in nodes:
        add("unknown_start", "", _("The start node “%(start)s” does not exist.") % {"start": start})

    # 1. Each node on its own.
    edges: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        edges[node_id] = []
        if not isinstance(node, Mapping) or node.get("type") not in ("question", "disposition"):
            add("malformed", node_id, _("A node must be a question or a disposition."))
            continue
        for lang in _missing_languages(node.get("text"), languages):
            add(
                "missing_text",
                node_id,
                _("The text is missing in language “%(lang)s”.") % {"lang": lang},
            )
        if node["type"] == "disposition":
            _check_disposition(node_id, node, add)
            continue
        kind = node.get("kind", "symptom")
        if kind not in QUESTION_KINDS:
            add("malformed", node_id, _("Unknown kind of question “%(kind)s”.") % {"kind": kind})
        if kind in DEMOGRAPHIC_KINDS and node.get("red_flag"):
            add("malformed", node_id, _("An age or sex question cannot be a red flag."))
        answers = node.get("answers")
        if not isinstance(answers, list) or not answers:
            add("dead_end", node_id, _("The question has no answers: the walk would stop here."))
            answers = []
        values: list[Any] = []
        for answer in answers:
            value = answer.get("value") if isinstance(answer, Mapping) else None
            if not _is_text(value):
                add("malformed", node_id, _("Every answer needs a value."))
                continue
            if value in values:
                add(
                    "duplicate_answer",
                    node_id,
                    _("The answer “%(value)s” is listed twice.") % {"value": value},
                )
            values.append(value)
            for lang in _missing_languages(answer.get("label"), languages):
                add(
                    "missing_text",
                    node_id,
                    _("The label of answer “%(value)s” is missing in language “%(lang)s”.")
                    % {"value": value, "lang": lang},
                )
            target = answer.get("next")
            if target not in nodes:
                add(
                    "unhandled_answer",
                    node_id,
                    _("The answer “%(value)s” leads nowhere (“%(target)s” does not exist).")
                    % {"value": value, "target": target or ""},
                )
            else:
                edges[node_id].append(target)
        if kind == "sex":
            for value in SEX_VALUES:
                if value not in values:
                    add(
                        "unhandled_answer",
                        node_id,
                        _("The sex question does not handle the answer “%(value)s”.")
                        % {"value": value},
                    )
            for value in values:
                if value not in SEX_VALUES:
                    add(
                        "malformed",
                        node_id,
                        _("“%(value)s” is not a value of the sex question.") % {"value": value},
                    )
        if node.get("red_flag") and not any(
            isinstance(nodes.get(target), Mapping)
            and nodes[target].get("type") == "disposition"
            and nodes[target].get("level") == "emergency"
            for target in edges[node_id]
        ):
            add(
                "red_flag_without_emergency",
                node_id,
                _("A red-flag question needs an answer that leads straight to an emergency."),
            )

    if start not in nodes:
        return problems

    # 2. Reachability from the start.
    reachable: set[str] = set()
    stack: list[str] = [str(start)]  # a key of `nodes` (checked above)
    while stack:
        node_id = stack.pop()
        if node_id in reachable:
            continue
        reachable.add(node_id)
        stack.extend(edges.get(node_id, []))
    for node_id in nodes:
        if node_id not in reachable:
            add("unreachable", node_id, _("No path from the start reaches this node."))

    # 3. Cycles (an iterative depth-first search over what can be reached).
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(reachable, white)
    reported: set[tuple[str, str]] = set()
    for root in sorted(reachable):
        if colour[root] != white:
            continue
        colour[root] = grey
        frames = [(root, iter(edges.get(root, [])))]
        while frames:
            node_id, children = frames[-1]
            child = next(children, None)
            if child is None:
                colour[node_id] = black
                frames.pop()
            elif colour[child] == grey:
                if (node_id, child) not in reported:
                    reported.add((node_id, child))
                    add(
                        "cycle",
                        node_id,
                        _("An answer leads back to “%(target)s”: the walk could go round forever.")
                        % {"target": child},
                    )
            elif colour[child] == white:
                colour[child] = grey
                frames.append((child, iter(edges.get(child, []))))

    # 4. Order of questions. For each question, the highest rank asked before it on any
    # walk from the start (a fixed point, so it also terminates on cycles); a question
    # ranked lower than something asked before it breaks the order on some path.
    def is_question(node_id: str) -> bool:
        node = nodes[node_id]
        return isinstance(node, Mapping) and node.get("type") == "question"

    asked_before = dict.fromkeys(reachable, -1)
    changed = True
    while changed:
        changed = False
        for node_id in reachable:
            if not is_question(node_id):
                continue
            carried = max(asked_before[node_id], rank(nodes[node_id]))
            for target in edges[node_id]:
                if carried > asked_before[target]:
                    asked_before[target] = carried
                    changed = True
    for node_id in sorted(reachable):
        if not is_question(node_id) or rank(nodes[node_id]) >= asked_before[node_id]:
            continue
        if rank(nodes[node_id]) == 0:
            add(
                "demographic_order",
                node_id,
                _("This age or sex question comes after a symptom question on some path."),
            )
        else:
            add(
                "red_flag_order",
                node_id,
                _("This red-flag question comes after a non-red-flag question on some path."),
            )
    return problems


def _check_disposition(node_id: str, node: Mapping[str, Any], add: Any) -> None:
    if node.get("level") not in LEVELS:
        add(
            "malformed",
            node_id,
            _("A disposition's level must be one of: %(levels)s.") % {"levels": ", ".join(LEVELS)},
        )
    if node.get("answers"):
        add("malformed", node_id, _("A disposition ends the walk: it cannot have answers."))
    if not _is_text(node.get("service")):
        add("malformed", node_id, _("Name the service that fits this disposition."))
    if node.get("level") == "self_care" and not _is_text(node.get("self_care_link")):
        add("malformed", node_id, _("A self-care disposition needs a link to self-care advice."))
