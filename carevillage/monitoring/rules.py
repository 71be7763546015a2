"""Threshold rules of home measurements, and their evaluation: pure functions of values
and times, no database (tested on their own in tests/test_rules.py).

A rule watches one component of one measurement type and has two levels, orange (look
at it soon) and red (act today); either may be absent. Kinds:

- `above`: the value is at or above the level;
- `below`: the value is at or below the level;
- `rise`: the value is higher than the lowest reading of the previous `days` days by at
  least the level (heart-failure weight gain);
- `silence`: no reading of the type for at least `days` days (the level is the number of
  days; checked by the periodic task, not by a reading).

The defaults below apply to everyone followed in a care path that measures the type; the
care team changes them per patient (`Threshold`, with a reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum


class RuleKind(StrEnum):
    ABOVE = "above"
    BELOW = "below"
    RISE = "rise"
    SILENCE = "silence"


class Level(StrEnum):
    ORANGE = "orange"
    RED = "red"


@dataclass(frozen=True)
class Rule:
    type_code: str
    component: str
    kind: RuleKind
    orange: Decimal | None = None
    red: Decimal | None = None
    # The look-back of a rise; ignored by the other kinds.
    days: int = 0

    @property
    def key(self) -> str:
        """What identifies the rule for one patient ("one open alert per patient × rule")."""
        return f"{self.type_code}.{self.component}.{self.kind}"

    def with_levels(self, orange: Decimal | None, red: Decimal | None, days: int = 0) -> Rule:
        return replace(self, orange=orange, red=red, days=days or self.days)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    level: Level
    # The value that crossed (the rise itself for a rise, the days for a silence).
    value: Decimal
    limit: Decimal


D = Decimal

# Defaults, each with its source:
# - blood pressure: NICE NG136 (hypertension in adults, 2019, updated 2023), 1.2.x: home
#   average 150/95 mmHg or more is stage 2 hypertension (orange); 180 systolic or 120
#   diastolic is severe hypertension needing same-day assessment (red).
# - SpO2: NHS England, "Pulse oximetry to detect early deterioration of patients with
#   COVID-19 in primary and community care settings" (2020/2021): 93-94 % seek advice
#   (orange at 94 or below), 92 % or below urgent assessment (red).
# - weight: ESC 2021 heart failure guideline, patient self-care: an unexpected weight gain
#   of more than 2 kg in 3 days should be reported (red: a rise of 2 kg within 3 days).
# - temperature: NHS "High temperature (fever) in adults": 38 °C or above is a fever
#   (orange); NEWS2 (Royal College of Physicians 2017) scores 39.1 °C or above highest
#   (red).
# - blood glucose: NHS "Low blood sugar (hypoglycaemia)": below 4 mmol/L is low (orange at
#   3.9 or below); International Hypoglycaemia Study Group level 2, below 3.0 mmol/L (red
#   at 2.9 or below).
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("blood-pressure", "systolic", RuleKind.ABOVE, orange=D(150), red=D(180)),
    Rule("blood-pressure", "diastolic", RuleKind.ABOVE, orange=D(95), red=D(120)),
    Rule("spo2", "spo2", RuleKind.BELOW, orange=D(94), red=D(92)),
    Rule("weight", "weight", RuleKind.RISE, red=D(2), days=3),
    Rule("temperature", "temperature", RuleKind.ABOVE, orange=D(38), red=D("39.1")),
    Rule("blood-glucose", "blood-glucose", RuleKind.BELOW, orange=D("3.9"), red=D("2.9")),
)


def defaults_for(type_code: str) -> list[Rule]:
    return [rule for rule in DEFAULT_RULES if rule.type_code == type_code]


def _level(rule: Rule, value: Decimal, crossed: object) -> Finding | None:
    for level, limit in ((Level.RED, rule.red), (Level.ORANGE, rule.orange)):
        if limit is not None and crossed(value, limit):  # type: ignore[operator]
            return Finding(rule, level, value, limit)
    return None


Reading = tuple[dt.datetime, dict[str, Decimal]]


def evaluate(rules: list[Rule], reading: Reading, earlier: list[Reading]) -> list[Finding]:
    """What one new reading crosses. `earlier` are the patient's previous readings of
    the same type (any order); only a rise looks at them."""
    at, values = reading
    findings = []
    for rule in rules:
        value = values.get(rule.component)
        if value is None:
            continue
        found: Finding | None = None
        if rule.kind == RuleKind.ABOVE:
            found = _level(rule, value, lambda v, limit: v >= limit)
        elif rule.kind == RuleKind.BELOW:
            found = _level(rule, value, lambda v, limit: v <= limit)
        elif rule.kind == RuleKind.RISE:
            window = [
                before[rule.component]
                for when, before in earlier
                if at - dt.timedelta(days=rule.days) <= when < at and rule.component in before
            ]
            if window:
                found = _level(rule, value - min(window), lambda v, limit: v >= limit)
        if found is not None:
            findings.append(found)
    return findings


def silence(
    rule: Rule, last_reading_at: dt.datetime | None, since: dt.datetime, now: dt.datetime
) -> Finding | None:
    """A `silence` rule: the days without a reading, counted from the last reading or,
    with none, from `since` (when following began)."""
    if rule.kind != RuleKind.SILENCE:
        return None
    start = last_reading_at or since
    days = D((now - start) // dt.timedelta(days=1))
    return _level(rule, days, lambda v, limit: v >= limit)
