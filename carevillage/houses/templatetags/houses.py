from __future__ import annotations

from django import template

from carevillage.houses import page_cache
from carevillage.houses.selectors import house_menu

register = template.Library()


@register.simple_tag
def choose_house_menu() -> list[dict[str, str]]:
    """The houses of the current language for the header menu (cached until a publish)."""

    def build() -> list[dict[str, str]]:
        return [{"title": h.title, "url": h.get_url()} for h in house_menu()]

    return page_cache.cached("house_menu", build)  # type: ignore[return-value]
