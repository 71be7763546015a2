"""`{{ measurement|reading }}`: a reading as people write it, in the reader's language
("132/84 mmHg · pulse 72 /min", "83,2 kg")."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from ..models import Measurement
from ..units import readable

register = template.Library()


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}".strip()


@register.filter
def reading(measurement: Measurement | None) -> str:
    if measurement is None:
        return ""
    components = list(measurement.type.components.all())
    shown = {
        c.code: formats.number_format(value, c.decimals)
        for c in components
        if (value := measurement.value(c.code)) is not None
    }
    units = {c.code: readable(c.unit) for c in components}
    if "systolic" in shown and "diastolic" in shown:
        parts = [_with_unit(f"{shown['systolic']}/{shown['diastolic']}", units["systolic"])]
        parts += [
            f"{c.name.lower()} {_with_unit(shown[c.code], units[c.code])}"
            for c in components
            if c.code not in ("systolic", "diastolic") and c.code in shown
        ]
        return " · ".join(parts)
    return " · ".join(
        _with_unit(shown[c.code], units[c.code]) for c in components if c.code in shown
    )


@register.filter
def limit(value: Decimal | None) -> str:
    """A limit without the stored trailing zeros, in the reader's language ("1,5")."""
    if value is None:
        return ""
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return formats.number_format(number)
