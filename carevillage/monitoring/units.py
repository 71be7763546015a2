"""Units a reading may arrive in, and how they become the type's canonical UCUM unit.

Every factor names its source. Readings are stored in the canonical unit only (the unit
they came in is kept in `Measurement.original_unit`), so charts and thresholds compare
like with like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Conversion:
    ucum: str
    # Spellings people and devices use for the same unit.
    aliases: tuple[str, ...]
    to_canonical: Callable[[Decimal], Decimal]
    label: str


# One avoirdupois pound is exactly 0.45359237 kg (the International Yard and Pound
# Agreement of 1959; NIST Special Publication 811, appendix B.8).
POUND_IN_KG = Decimal("0.45359237")
# Glucose C6H12O6 has a molar mass of 180.156 g/mol (IUPAC standard atomic weights), so
# 1 mmol/L = 18.0156 mg/dL: mmol/L = mg/dL / 18.0156.
GLUCOSE_MG_DL_PER_MMOL_L = Decimal("18.0156")

CANONICAL_ALIASES: dict[str, tuple[str, ...]] = {
    "kg": ("kg", "kilogram", "kilograms"),
    "mmol/L": ("mmol/L", "mmol/l"),
    "Cel": ("Cel", "°C", "C", "degC"),
    "mm[Hg]": ("mm[Hg]", "mmHg"),
    "%": ("%",),
    "/min": ("/min", "bpm", "{beats}/min"),
    "L/min": ("L/min", "l/min"),
    "/d": ("/d", "{steps}/d", "{steps}"),
    "h": ("h", "hours"),
    "{score}": ("{score}", "1"),
}

CONVERSIONS: dict[str, tuple[Conversion, ...]] = {
    "kg": (Conversion("[lb_av]", ("[lb_av]", "lb", "lbs"), lambda v: v * POUND_IN_KG, "lb"),),
    "mmol/L": (
        Conversion("mg/dL", ("mg/dL", "mg/dl"), lambda v: v / GLUCOSE_MG_DL_PER_MMOL_L, "mg/dl"),
    ),
    # UCUM defines [degF] as 5/9 K with its zero at 459.67 °F below 0 K: °C = (°F − 32) × 5/9.
    "Cel": (Conversion("[degF]", ("[degF]", "°F", "F", "degF"), lambda v: (v - 32) * 5 / 9, "°F"),),
}

# How the canonical units are printed for people (as records.views.units does).
READABLE = {
    "mm[Hg]": "mmHg",
    "mmol/L": "mmol/l",
    "Cel": "°C",
    "L/min": "l/min",
    "/d": "",
    "{score}": "",
    "/min": "/min",
    "[lb_av]": "lb",
    "mg/dL": "mg/dl",
    "[degF]": "°F",
}


def readable(unit: str) -> str:
    return READABLE.get(unit, unit)


class UnknownUnit(ValueError):
    pass


def to_canonical(value: Decimal, unit: str, canonical: str) -> tuple[Decimal, str]:
    """The value in the canonical unit, and the UCUM code of the unit it came in ("" when
    it already was canonical). Raises UnknownUnit for any other unit."""
    unit = unit.strip()
    if not unit or unit in CANONICAL_ALIASES.get(canonical, (canonical,)) or unit == canonical:
        return value, ""
    for conversion in CONVERSIONS.get(canonical, ()):
        if unit in conversion.aliases:
            return conversion.to_canonical(value), conversion.ucum
    raise UnknownUnit(unit)


def alternatives(canonical: str) -> list[tuple[str, str]]:
    """(UCUM code, label) of the units a form offers for this canonical unit."""
    return [(canonical, readable(canonical))] + [
        (conversion.ucum, conversion.label) for conversion in CONVERSIONS.get(canonical, ())
    ]
