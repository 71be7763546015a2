"""Junk in a provider import gets a reason, never a crash; the finder survives any query."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carevillage.directory import services
from carevillage.directory.models import OpeningHours, Provider

from .factories import make_postcode, make_provider, make_service
from .test_imports import GOOD, LOCATION, ORG, SERVICE, bundle, csv_bytes

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def known_services():
    make_service("vaccinations", "Vaccinations")
    make_service("pharmacy", "Pharmacy")


def counts() -> tuple[int, int]:
    return Provider.objects.count(), OpeningHours.objects.count()


def with_location(**changes: Any) -> bytes:
    return bundle(ORG, {**LOCATION, **changes}, SERVICE)


BAD_BUNDLES = {
    "address as text": (with_location(address="Main street 1"), "address must be a JSON object"),
    "junk telecom": (
        bundle({**ORG, "telecom": "call us"}, LOCATION, SERVICE),
        "telecom must be a list of JSON objects",
    ),
    "junk telecom entries": (
        bundle(ORG, LOCATION, {**SERVICE, "telecom": [1, 2]}),
        "telecom must be a list of JSON objects",
    ),
    "junk hoursOfOperation": (
        with_location(hoursOfOperation={"mon": "8-16"}),
        "hoursOfOperation must be a list of JSON objects",
    ),
    "junk days": (
        with_location(hoursOfOperation=[{"daysOfWeek": "mon"}]),
        "daysOfWeek has an unknown day",
    ),
    "an object as id": (with_location(id={"value": "loc1"}), "must be a FHIR id"),
    "NaN latitude": (
        with_location(position={"latitude": float("nan"), "longitude": 24.9}),
        "NaN",
    ),
}


@pytest.mark.parametrize("name", BAD_BUNDLES)
def test_a_junk_fhir_element_is_reported_with_its_reason_and_nothing_is_written(importer, name):
    data, reason = BAD_BUNDLES[name]
    report = services.import_fhir_bundle(actor=importer, data=data)
    assert report.imported == 0
    assert any(reason in problem.reason for problem in report.problems), report.problems
    assert counts() == (0, 0)


def test_deeply_nested_json_is_refused_whole(importer):
    report = services.import_fhir_bundle(actor=importer, data=b"[" * 100_000 + b"]" * 100_000)
    assert [p.reason for p in report.problems] == ["The JSON is nested too deeply."]
    assert counts() == (0, 0)


def test_a_csv_field_over_the_limit_refuses_the_file_and_names_the_line(importer):
    huge = GOOD.replace("Step-free", "x" * (csv.field_size_limit() + 1))
    report = services.import_providers_csv(
        actor=importer, data=csv_bytes(GOOD.replace("p1", "p0"), huge)
    )
    assert report.imported == 0
    assert report.problems[0].where == "line 3"
    assert "a field is longer than 131,072 characters" in report.problems[0].reason
    assert counts() == (0, 0)


def test_a_csv_value_longer_than_its_column_is_reported(importer):
    report = services.import_providers_csv(
        actor=importer, data=csv_bytes(GOOD.replace("00530", "0" * 11))
    )
    assert report.problems[0].reason == "postcode is longer than 10 characters."
    assert counts() == (0, 0)


# --- fuzzing ------------------------------------------------------------------------------

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['"', '""', "\n", "\r", ";", ",", "\x00", "25:99", "mon-sun 00:00-24:00"]),
)
JSON_VALUE = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def test_fuzzed_csv_imports_write_only_what_they_report(importer):
    tried = 0
    good_fields = next(csv.reader([GOOD]))

    @FUZZ
    @given(
        changes=st.dictionaries(
            st.integers(min_value=0, max_value=len(good_fields) - 1), CELL, max_size=5
        ),
        extra=st.lists(CELL, max_size=2),
        raw=st.booleans(),
    )
    def run(changes: dict, extra: list, raw: bool) -> None:
        nonlocal tried
        tried += 1
        fields = list(good_fields)
        for index, value in changes.items():
            fields[index] = value
        if raw:
            line = ",".join(fields + extra)
        else:
            out = io.StringIO()
            csv.writer(out).writerow(fields + extra)
            line = out.getvalue().rstrip("\r\n")
        before = Provider.objects.count()
        report = services.import_providers_csv(actor=importer, data=csv_bytes(line))
        after = Provider.objects.count()
        assert after - before <= report.imported
        if report.imported == 0:
            assert after == before
        for problem in report.problems:
            assert problem.reason and problem.where

    run()
    print(f"provider CSV import fuzz: {tried} inputs")


RESOURCES = [ORG, LOCATION, SERVICE]
PATHS: list[tuple] = []


def _paths(value: Any, prefix: tuple) -> None:
    PATHS.append(prefix)
    if isinstance(value, dict):
        for key, item in value.items():
            _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _paths(item, (*prefix, index))


for _index, _resource in enumerate(RESOURCES):
    _paths(_resource, (_index,))


def test_fuzzed_fhir_bundles_write_only_what_they_report(importer):
    tried = 0

    @FUZZ
    @given(
        mutations=st.lists(
            st.tuples(st.sampled_from([p for p in PATHS if len(p) > 1]), JSON_VALUE),
            min_size=1,
            max_size=3,
        ),
        whole=st.one_of(st.none(), JSON_VALUE),
    )
    def run(mutations: list, whole: Any) -> None:
        nonlocal tried
        tried += 1
        resources = copy.deepcopy(RESOURCES)
        for path, value in mutations:
            parent: Any = resources
            try:
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
        data = (
            json.dumps(whole).encode()
            if whole is not None
            else json.dumps(
                {"resourceType": "Bundle", "entry": [{"resource": r} for r in resources]}
            ).encode()
        )
        before = Provider.objects.count()
        report = services.import_fhir_bundle(actor=importer, data=data)
        after = Provider.objects.count()
        assert after - before <= report.imported
        if report.imported == 0:
            assert after == before

    run()
    print(f"provider FHIR Bundle import fuzz: {tried} inputs")


QUERY_VALUE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["00530", "60.17,24.94", "nan,nan", "inf,0", "91,181", "1e309,1", "-0,-0"]),
)


def test_fuzzed_finder_queries_never_fail(client: Client):
    make_postcode()
    make_provider("Kallio station", lat=60.18, lon=24.95)
    tried = 0

    @FUZZ
    @given(
        params=st.dictionaries(
            st.sampled_from(["near", "service", "open_now", "language", "page", "farther"]),
            QUERY_VALUE,
            max_size=6,
        )
    )
    def run(params: dict) -> None:
        nonlocal tried
        tried += 1
        page = client.get("/en/providers/", params)
        assert page.status_code == 200, page.content[:300]

    run()
    print(f"provider finder query fuzz: {tried} inputs")


def test_fuzzed_admin_import_view_never_fails(client: Client):
    from carevillage.tenants.models import Role
    from carevillage.testing.factories import make_organization, make_staff
    from carevillage.testing.staff import log_in_staff

    log_in_staff(client, make_staff("editor.fuzz", make_organization(), role=Role.EDITOR))
    tried = 0

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(fmt=st.sampled_from(["csv", "fhir", "x", ""]), content=st.binary(max_size=200))
    def run(fmt: str, content: bytes) -> None:
        nonlocal tried
        tried += 1
        from django.core.files.uploadedfile import SimpleUploadedFile

        before = counts()
        page = client.post(
            "/admin/directory/import/",
            {"format": fmt, "file": SimpleUploadedFile("x", content)},
        )
        assert page.status_code == 200
        assert counts() == before

    run()
    print(f"provider admin import view fuzz: {tried} inputs")
