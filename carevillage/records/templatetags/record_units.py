"""`{{ result.unit|ucum }}`: the readable name of a UCUM unit code (no queries)."""

from django import template

from carevillage.records.views.units import readable_unit

register = template.Library()


@register.filter
def ucum(code: str) -> str:
    return readable_unit(code or "")
