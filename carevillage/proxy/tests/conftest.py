"""The demo village under Norway's rules (Helsenorge), for the pages a proxy uses."""

from __future__ import annotations

import pytest

from carevillage.identity.models import Person
from carevillage.testing.demo import seed_demo_without_content


@pytest.fixture
def demo_village(settings) -> dict[str, Person]:  # noqa: ANN001
    settings.PROXY_RULESET = "NO"
    seed_demo_without_content()
    return {p.oidc_subject: p for p in Person.objects.filter(oidc_subject__startswith="demo-")}
