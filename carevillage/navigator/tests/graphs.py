"""Small graph builders for tests."""

from __future__ import annotations

from typing import Any

LANGS = ["en", "fi"]


def t(word: str) -> dict[str, str]:
    return {"en": word, "fi": f"{word} (fi)"}


def q(answers: dict[str, str], *, red_flag: bool = False, kind: str = "symptom") -> dict:
    return {
        "type": "question",
        "kind": kind,
        "red_flag": red_flag,
        "text": t("Question?"),
        "answers": [{"value": v, "label": t(v), "next": n} for v, n in answers.items()],
    }


def d(level: str, service: str = "health_centre") -> dict[str, Any]:
    node = {"type": "disposition", "level": level, "text": t(level), "service": service}
    if level == "self_care":
        node["self_care_link"] = "/navigators/"
    return node


def make_graph(start: str, nodes: dict[str, dict]) -> dict[str, Any]:
    return {
        "languages": list(LANGS),
        "title": t("Title"),
        "intro": t("Intro"),
        "start": start,
        "nodes": nodes,
    }


def sound_graph() -> dict[str, Any]:
    """Age first, one red flag, one ordinary question, three dispositions."""
    return make_graph(
        "age",
        {
            "age": q({"child": "danger", "adult": "danger"}, kind="age_band"),
            "danger": q({"yes": "er", "no": "pain"}, red_flag=True),
            "pain": q({"yes": "gp", "no": "home"}),
            "er": d("emergency", "emergency"),
            "gp": d("soon"),
            "home": d("self_care", "pharmacy"),
        },
    )
