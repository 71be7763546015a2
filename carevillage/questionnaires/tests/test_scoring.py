"""The seeded instruments score and band exactly at the published cut-offs."""

from __future__ import annotations

import pytest

from carevillage.questionnaires import engine
from carevillage.questionnaires.instruments import INSTRUMENTS


def answers_scoring(definition: dict, total: int) -> dict:
    """Answers whose scored items add up to `total`, filling items in order."""
    items = engine.items_by_link_id(definition)
    spec = engine.scoring_of(definition)["scores"][0]
    answers: dict = {}
    remaining = total
    for link_id in spec["items"]:
        options = sorted(items[link_id]["answerOption"], key=engine.option_ordinal)
        best = max(
            (o for o in options if engine.option_ordinal(o) <= remaining),
            key=engine.option_ordinal,
        )
        answers[link_id] = [engine.option_value(best)]
        remaining -= int(engine.option_ordinal(best))
    outcome = engine.score(definition, answers)
    assert outcome.scores["total"] == total, "helper could not reach the total"
    return answers


# (slug, score, band code) at both ends of every band; sources in instruments.py.
BOUNDARIES = [
    # PHQ-9, Kroenke, Spitzer & Williams 2001
    ("phq-9", 0, "minimal"),
    ("phq-9", 4, "minimal"),
    ("phq-9", 5, "mild"),
    ("phq-9", 9, "mild"),
    ("phq-9", 10, "moderate"),
    ("phq-9", 14, "moderate"),
    ("phq-9", 15, "moderately-severe"),
    ("phq-9", 19, "moderately-severe"),
    ("phq-9", 20, "severe"),
    ("phq-9", 27, "severe"),
    # GAD-7, Spitzer et al. 2006
    ("gad-7", 0, "minimal"),
    ("gad-7", 4, "minimal"),
    ("gad-7", 5, "mild"),
    ("gad-7", 9, "mild"),
    ("gad-7", 10, "moderate"),
    ("gad-7", 14, "moderate"),
    ("gad-7", 15, "severe"),
    ("gad-7", 21, "severe"),
    # AUDIT-C, Bush et al. 1998, positive at 3 or more (the lower documented cut-off)
    ("audit-c", 0, "negative"),
    ("audit-c", 2, "negative"),
    ("audit-c", 3, "positive"),
    ("audit-c", 12, "positive"),
    # AUDIT, Babor et al., WHO 2001
    ("audit", 0, "zone-1"),
    ("audit", 7, "zone-1"),
    ("audit", 8, "zone-2"),
    ("audit", 15, "zone-2"),
    ("audit", 16, "zone-3"),
    ("audit", 19, "zone-3"),
    ("audit", 20, "zone-4"),
    ("audit", 40, "zone-4"),
]


@pytest.mark.parametrize(("slug", "total", "band"), BOUNDARIES)
def test_seeded_instrument_band_at_published_boundary(slug, total, band):
    definition = INSTRUMENTS[slug][0]()
    outcome = engine.score(definition, answers_scoring(definition, total))
    assert outcome.band["code"] == band


@pytest.mark.parametrize("slug", ["phq-9", "gad-7", "audit-c", "audit"])
def test_bands_cover_every_possible_score_once(slug):
    definition = INSTRUMENTS[slug][0]()
    scoring = engine.scoring_of(definition)
    top = int(engine.max_score(definition, scoring["scores"][0]))
    for value in range(top + 1):
        matching = [b for b in scoring["bands"]["ranges"] if b["min"] <= value <= b["max"]]
        assert len(matching) == 1, value
    assert top == {"phq-9": 27, "gad-7": 21, "audit-c": 12, "audit": 40}[slug]


def test_phq9_item_9_above_zero_raises_the_critical_flag_whatever_the_total():
    definition = INSTRUMENTS["phq-9"][0]()
    answers = answers_scoring(definition, 0)
    assert engine.score(definition, answers).flags == []
    item9 = engine.items_by_link_id(definition)["phq9-9"]
    answers["phq9-9"] = [engine.option_value(item9["answerOption"][1])]
    outcome = engine.score(definition, answers)
    assert outcome.scores["total"] == 1
    assert outcome.band["code"] == "minimal"
    assert [(f["code"], f["severity"]) for f in outcome.flags] == [
        ("self-harm-thoughts", "critical")
    ]


def test_audit_skips_questions_4_to_8_when_questions_2_and_3_score_zero():
    definition = INSTRUMENTS["audit"][0]()
    items = engine.items_by_link_id(definition)

    def pick(link_id: str, index: int) -> list[dict]:
        return [engine.option_value(items[link_id]["answerOption"][index])]

    answers = {
        "audit-1": pick("audit-1", 2),
        "audit-2": pick("audit-2", 0),
        "audit-3": pick("audit-3", 0),
    }
    answers.update({f"audit-{n}": pick(f"audit-{n}", 4) for n in range(4, 9)})
    answers.update({"audit-9": pick("audit-9", 0), "audit-10": pick("audit-10", 0)})
    # The hidden answers are dropped, not scored: only question 1 counts.
    assert engine.score(definition, answers).scores["total"] == 2
    answers["audit-3"] = pick("audit-3", 1)
    assert engine.score(definition, answers).scores["total"] == 2 + 1 + 5 * 4


def test_quiz_counts_right_answers_and_explains_wrong_ones():
    definition = INSTRUMENTS["stroke-signs"][0]()
    items = engine.items_by_link_id(definition)
    answers = {}
    for link_id in ("stroke-1", "stroke-2", "stroke-3", "stroke-4"):
        options = items[link_id]["answerOption"]
        right = next(o for o in options if engine.option_ordinal(o) == 1)
        answers[link_id] = [engine.option_value(right)]
    answers["stroke-2"] = [engine.option_value(items["stroke-2"]["answerOption"][0])]
    assert engine.score(definition, answers).scores["total"] == 3
    rows = engine.quiz_feedback(definition, answers, "fi")
    assert [r["correct"] for r in rows] == [True, False, True, True]
    assert rows[1]["right_answer"] == "Soitan heti hätänumeroon"
    assert rows[1]["given"] == "Odotan tunnin, meneekö ohi"
