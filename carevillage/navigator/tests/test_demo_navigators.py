"""Every path through every demo navigator ends where its clinical rule says it should.

The expected dispositions are written here as the rules themselves (a Centor/McIsaac
score, NICE traffic lights, …), independently of how the graphs are wired in demo.py.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carevillage.identity.demo import seed_identities
from carevillage.navigator import demo
from carevillage.navigator.models import NavigatorVersion, VersionStatus
from carevillage.navigator.validation import validate
from carevillage.navigator.walk import all_paths


def answers_of(position) -> dict[str, str]:
    """{"fever": "yes", ...}: node names without the score suffix the graph adds."""
    result = {}
    for step in position.steps:
        name = step.node_id
        for prefix in ("danger", "fever", "glands", "tonsils", "cough", "red", "amber", "temp"):
            if name.startswith(prefix + "_"):
                name = prefix
        result[name] = step.value
    return result


def sore_throat_rule(a: dict[str, str]) -> str:
    if a["danger"] == "yes":
        return "emergency"
    score = {"3_14": 1, "15_44": 0, "45_plus": -1}[a["age"]]
    score += sum(a[c] == "yes" for c in ("fever", "glands", "tonsils")) + (a["cough"] == "no")
    return "soon" if score >= 3 else "self_care"


def low_back_rule(a: dict[str, str]) -> str:
    if a.get("cauda_equina") == "yes" or a.get("injury") == "yes":
        return "emergency"
    if a.get("serious_cause") == "yes":
        return "urgent"
    if a.get("sciatica") == "yes" or a.get("duration") == "yes":
        return "soon"
    return "self_care"


def child_fever_rule(a: dict[str, str]) -> str:
    if a["red"] == "yes":
        return "emergency"
    if a["amber"] == "yes" or a.get("temp") == "yes":
        return "urgent"
    return "self_care"


def urinary_rule(a: dict[str, str]) -> str:
    if a["sex"] == "male" or a.get("age") == "under_15":
        return "soon"
    if a["sepsis"] == "yes":
        return "emergency"
    if a["kidney"] == "yes":
        return "urgent"
    if "yes" in (a["pregnant"], a.get("recurrent"), a.get("typical")):
        return "soon"
    return "self_care"


CASES = {
    # slug: (rule, number of distinct paths)
    "sore-throat": (sore_throat_rule, 3 * (1 + 16)),
    "low-back-pain": (low_back_rule, 6),
    "child-fever": (child_fever_rule, 3 + 3 + 3 + 2),
    "urinary-symptoms-women": (urinary_rule, 8),
}


@pytest.mark.parametrize("slug", sorted(CASES))
def test_every_path_of_the_demo_navigator_ends_in_the_expected_disposition(slug):
    rule, path_count = CASES[slug]
    graph = demo.DEMO_NAVIGATORS[slug][1]()
    paths = list(all_paths(graph))

    assert len(paths) == path_count
    for position in paths:
        assert position.node["level"] == rule(answers_of(position)), position.steps


@pytest.mark.parametrize("slug", sorted(CASES))
def test_demo_navigator_passes_the_validator_and_is_marked_demo(slug):
    graph = demo.DEMO_NAVIGATORS[slug][1]()
    assert validate(graph) == []
    assert graph["languages"] == ["en", "fi", "sv", "nb"]
    for node in graph["nodes"].values():
        if node["type"] == "disposition":
            for language in graph["languages"]:
                assert node["text"][language].startswith("DEMO"), language


@pytest.mark.django_db
def test_seeding_twice_publishes_each_demo_navigator_once():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)

    published = NavigatorVersion.objects.filter(status=VersionStatus.PUBLISHED)
    assert sorted(v.navigator.slug for v in published) == sorted(CASES)
    assert NavigatorVersion.objects.count() == len(CASES)
    staff = seed_identities()["staff"]
    for version in published:
        assert version.author == staff["editor.emma"]
        assert version.approved_by == staff["nurse.sanna"]


@pytest.mark.parametrize("slug", sorted(CASES))
def test_every_disposition_links_to_a_service_the_provider_finder_knows(slug):
    from carevillage.directory.demo import SERVICES
    from carevillage.navigator.views import FINDER_SERVICE_CODES

    graph = demo.DEMO_NAVIGATORS[slug][1]()
    for node in graph["nodes"].values():
        if node["type"] == "disposition":
            assert FINDER_SERVICE_CODES[node["service"]] in SERVICES, node["service"]
