"""The threshold rules on their own: levels, a rise over days, silence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from carevillage.monitoring.rules import (
    Level,
    Rule,
    RuleKind,
    defaults_for,
    evaluate,
    silence,
)

NOW = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
SYSTOLIC = Rule("blood-pressure", "systolic", RuleKind.ABOVE, orange=D(140), red=D(150))
SPO2 = Rule("spo2", "spo2", RuleKind.BELOW, orange=D(94), red=D(92))
RISE = Rule("weight", "weight", RuleKind.RISE, orange=D(1), red=D(2), days=3)


def _levels(findings):
    return [(f.rule.key, f.level) for f in findings]


def test_above_gives_red_over_orange_and_nothing_below_orange():
    assert _levels(evaluate([SYSTOLIC], (NOW, {"systolic": D(139)}), [])) == []
    assert _levels(evaluate([SYSTOLIC], (NOW, {"systolic": D(140)}), [])) == [
        ("blood-pressure.systolic.above", Level.ORANGE)
    ]
    assert _levels(evaluate([SYSTOLIC], (NOW, {"systolic": D(162)}), [])) == [
        ("blood-pressure.systolic.above", Level.RED)
    ]


def test_below_counts_at_or_below_the_level():
    assert evaluate([SPO2], (NOW, {"spo2": D(95)}), []) == []
    assert evaluate([SPO2], (NOW, {"spo2": D(94)}), [])[0].level == Level.ORANGE
    assert evaluate([SPO2], (NOW, {"spo2": D(92)}), [])[0].level == Level.RED


def test_a_rise_is_measured_from_the_lowest_reading_within_its_days():
    earlier = [
        (NOW - dt.timedelta(days=5), {"weight": D("70.0")}),  # outside the 3 days
        (NOW - dt.timedelta(days=2), {"weight": D("80.0")}),
        (NOW - dt.timedelta(days=1), {"weight": D("80.6")}),
    ]
    assert evaluate([RISE], (NOW, {"weight": D("80.9")}), earlier) == []
    found = evaluate([RISE], (NOW, {"weight": D("81.2")}), earlier)
    assert _levels(found) == [("weight.weight.rise", Level.ORANGE)]
    assert found[0].value == D("1.2")
    assert evaluate([RISE], (NOW, {"weight": D("82.0")}), earlier)[0].level == Level.RED
    # Without earlier readings in the window there is no rise to speak of.
    assert evaluate([RISE], (NOW, {"weight": D("99")}), earlier[:1]) == []


def test_a_missing_component_and_absent_levels_raise_nothing():
    only_red = Rule("blood-pressure", "systolic", RuleKind.ABOVE, red=D(180))
    assert evaluate([only_red], (NOW, {"systolic": D(170)}), []) == []
    assert evaluate([SYSTOLIC], (NOW, {"diastolic": D(99)}), []) == []


def test_silence_counts_whole_days_since_the_last_reading_or_the_start():
    rule = Rule("weight", "weight", RuleKind.SILENCE, orange=D(2), red=D(4))
    assert silence(rule, NOW - dt.timedelta(days=1, hours=23), NOW, NOW) is None
    assert silence(rule, NOW - dt.timedelta(days=2), NOW, NOW).level == Level.ORANGE
    assert silence(rule, None, NOW - dt.timedelta(days=4), NOW).level == Level.RED
    assert silence(SYSTOLIC, None, NOW - dt.timedelta(days=9), NOW) is None


def test_the_defaults_name_blood_pressure_spo2_and_weight_rules():
    assert {r.key for r in defaults_for("blood-pressure")} == {
        "blood-pressure.systolic.above",
        "blood-pressure.diastolic.above",
    }
    assert defaults_for("spo2")[0].red == D(92)
    assert defaults_for("weight")[0].kind == RuleKind.RISE
