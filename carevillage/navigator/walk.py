"""Walking a published graph: which node comes next, given the answers so far.

Pure functions over a graph that has passed `validation.validate()`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from carevillage.portal import languages


class InvalidAnswer(ValueError):
    """An answer that does not belong to the question it claims to answer."""


@dataclass(frozen=True)
class Step:
    node_id: str
    value: str


@dataclass(frozen=True)
class Position:
    node_id: str
    node: Mapping[str, Any]
    steps: tuple[Step, ...]

    @property
    def finished(self) -> bool:
        return self.node.get("type") == "disposition"


def chosen_answer(node: Mapping[str, Any], value: str) -> Mapping[str, Any]:
    """The answer of a step that `replay` already accepted (so it is there)."""
    answer = answer_for(node, value)
    if answer is None:
        raise InvalidAnswer(value)
    return answer


def answer_for(node: Mapping[str, Any], value: str) -> Mapping[str, Any] | None:
    for answer in node.get("answers", []):
        if answer["value"] == value:
            return answer
    return None


def replay(graph: Mapping[str, Any], answers: Sequence[Sequence[str]]) -> Position:
    """Where a walk stands after these answers; raises InvalidAnswer if they do not fit."""
    node_id = graph["start"]
    steps: list[Step] = []
    for pair in answers:
        asked, value = pair
        node = graph["nodes"][node_id]
        if asked != node_id or node.get("type") != "question":
            raise InvalidAnswer(asked)
        answer = answer_for(node, value)
        if answer is None:
            raise InvalidAnswer(value)
        steps.append(Step(node_id, value))
        node_id = answer["next"]
    return Position(node_id, graph["nodes"][node_id], tuple(steps))


def all_paths(graph: Mapping[str, Any]) -> Iterator[Position]:
    """Every complete walk from the start to a disposition (the graph must be acyclic)."""

    def go(node_id: str, steps: tuple[Step, ...]) -> Iterator[Position]:
        node = graph["nodes"][node_id]
        if node["type"] == "disposition":
            yield Position(node_id, node, steps)
            return
        for answer in node["answers"]:
            yield from go(answer["next"], (*steps, Step(node_id, answer["value"])))

    yield from go(graph["start"], ())


def localized(texts: Mapping[str, str], language: str, fallback: Sequence[str]) -> tuple[str, str]:
    """The text in the visitor's language, else in the content language read in its place
    (bokmål for nynorsk), else in the first offered language; and its code."""
    for lang in (language, languages.content_language(language), *fallback):
        if texts.get(lang):
            return texts[lang], lang
    return "", language
