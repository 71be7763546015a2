"""The record pages' query budgets: the start page, a result page, the vaccination card
and the print view take a fixed number of queries however long the record is. Each budget counts the
whole request: session, user, person, the page's reads, its one audit insert (with its
savepoint) and the session save."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent
from carevillage.identity.models import Person
from carevillage.records.models import Document, Immunization, Result
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content
from carevillage.testing.factories import make_organization
from carevillage.testing.queries import audit_chain_lock_queries

pytestmark = pytest.mark.django_db

# One audit write per page; on PostgreSQL it takes the chain's lock (one query more).
START_PAGE_BUDGET = 12 + audit_chain_lock_queries()
RESULT_PAGE_BUDGET = 12 + audit_chain_lock_queries()
VACCINATION_CARD_BUDGET = 12 + audit_chain_lock_queries()
# The print view reads each kind once and audits every entry it shows, in one insert.
PRINT_VIEW_BUDGET = 16 + audit_chain_lock_queries()


@pytest.fixture
def aino(client, eid):
    seed_demo_without_content()
    login_citizen(client, "demo-aino")
    return Person.objects.get(oidc_subject="demo-aino")


def _long_record(person: Person, *, results: int, documents: int, vaccinations: int = 0) -> None:
    """Bulk rows over three organizations (load data, not a user story)."""
    organizations = [make_organization(f"Budget district {n}") for n in range(3)]
    past = timezone.now() - dt.timedelta(days=1)

    def common(n: int, kind: str) -> dict:
        return {
            "person": person,
            "organization": organizations[n % 3],
            "source_identifier": f"urn:budget|{kind}-{n}",
            "filed_at": past,
            "visible_from": past,
        }

    Result.objects.bulk_create(
        Result(
            **common(n, "result"),
            system="http://loinc.org",
            code=("2345-7", "2160-0", "2951-2")[n % 3],
            display=f"Budget test {n % 3}",
            effective_at=past - dt.timedelta(days=n),
            value=Decimal(100 + n % 40),
            unit="g/L",
            reference_low=Decimal(117),
            reference_high=Decimal(155),
            interpretation="L" if n % 40 < 17 else "N",
        )
        for n in range(results)
    )
    Document.objects.bulk_create(
        Document(
            **common(n, "document"),
            type_system="http://loinc.org",
            type_code="34108-1",
            type_display="Outpatient note",
            title=f"Budget note {n}",
            date=past - dt.timedelta(days=n),
            text="DEMO text.",
        )
        for n in range(documents)
    )
    Immunization.objects.bulk_create(
        Immunization(
            **common(n, "vaccine"),
            vaccine_system="http://www.whocc.no/atc",
            vaccine_code="J07BB02",
            vaccine_display="Influenza, inactivated, split virus",
            occurred_on=past.date() - dt.timedelta(days=365 * n),
        )
        for n in range(vaccinations)
    )


def _count(client, url: str) -> tuple[int, str]:
    client.get(url)  # the process's first page reads the site and locale once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_start_page_takes_twelve_queries_however_long_the_record(
    client, aino, django_assert_max_num_queries
):
    short, _page = _count(client, "/en/my/record/")
    _long_record(aino, results=300, documents=30)
    client.get("/en/my/record/")
    with django_assert_max_num_queries(START_PAGE_BUDGET):
        response = client.get("/en/my/record/")
    page = response.content.decode()
    # The three new organizations are there with their counts and newest entries.
    for n in range(3):
        assert f"Budget district {n}" in page
    assert "100 results." in page and "10 documents." in page
    assert "Budget note 0" in page  # the newest document
    long, _page = _count(client, "/en/my/record/")
    assert long == short, "the start page's queries grow with the record"


def test_start_page_audits_the_newest_entries_it_shows_in_one_insert(client, aino):
    _long_record(aino, results=30, documents=6)
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/my/record/")
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 1
    newest = Document.objects.get(source_identifier="urn:budget|document-0")
    assert AuditEvent.objects.filter(
        pk__gt=before, resource_type="record_document", resource_id=str(newest.pk)
    ).exists()


def test_result_page_takes_twelve_queries_with_hundreds_of_the_same_test(
    client, aino, django_assert_max_num_queries
):
    _long_record(aino, results=300, documents=0)
    newest = Result.objects.get(source_identifier="urn:budget|result-0")
    url = reverse("records:result", args=[newest.pk])
    client.get(url)
    with django_assert_max_num_queries(RESULT_PAGE_BUDGET):
        response = client.get(url)
    page = response.content.decode()
    assert "The newest 50 of 100 results of this test" in page
    assert "?code=2345-7" in page
    # An older result of the same test opens too, and is among the rows it lists.
    oldest = Result.objects.get(source_identifier="urn:budget|result-297")
    older = client.get(reverse("records:result", args=[oldest.pk])).content.decode()
    assert "Budget test 0" in older


def test_vaccination_card_takes_twelve_queries_with_many_vaccinations(
    client, aino, django_assert_max_num_queries
):
    _long_record(aino, results=0, documents=0, vaccinations=30)
    url = "/en/my/record/vaccinations/card/"
    client.get(url)
    with django_assert_max_num_queries(VACCINATION_CARD_BUDGET):
        response = client.get(url)
    assert response.content.decode().count("Influenza, inactivated, split virus") >= 30


def _print_view(client) -> tuple[int, str, int]:
    """Queries of the print view, its page, and the audit events it wrote."""
    client.get("/en/my/record/print/")  # the process's first page reads the site and locale
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/my/record/print/")
    assert response.status_code == 200
    return len(queries), response.content.decode(), AuditEvent.objects.count() - before


def _more_results(person: Person, stop: int) -> None:
    """More results of the same tests, from result-N up to `stop` (older ones)."""
    template = Result.objects.get(source_identifier="urn:budget|result-0")
    start = Result.objects.filter(source_identifier__startswith="urn:budget|").count()
    Result.objects.bulk_create(
        Result(
            person=person,
            organization_id=template.organization_id,
            source_identifier=f"urn:budget|result-{n}",
            filed_at=template.filed_at,
            visible_from=template.visible_from,
            system=template.system,
            code=template.code,
            display=template.display,
            effective_at=template.effective_at - dt.timedelta(hours=n),
            value=Decimal(100 + n % 40),
            unit="g/L",
        )
        for n in range(start, stop)
    )


def test_print_view_takes_the_same_queries_for_a_short_record_as_for_5000_results(
    client, aino, django_assert_max_num_queries
):
    _long_record(aino, results=30, documents=20, vaccinations=10)
    short, page, audited = _print_view(client)
    assert "Budget test 0" in page and "Budget note 19" in page
    _more_results(aino, 5_000)
    long, page, long_audited = _print_view(client)
    assert long == short <= PRINT_VIEW_BUDGET, "the print view's queries grow with the record"
    with django_assert_max_num_queries(PRINT_VIEW_BUDGET):
        client.get("/en/my/record/print/")
    # Every result is printed, and every entry shown is in her trail: one event each.
    assert page.count("Budget test ") == 5_000
    assert long_audited - audited == 5_000 - 30
    oldest = Result.objects.get(source_identifier="urn:budget|result-4999")
    assert AuditEvent.objects.filter(
        action="view_record_result", resource_id=str(oldest.pk), subject_person_id=aino.pk
    ).exists()


def test_print_view_leaves_out_withheld_and_not_yet_shown_entries_of_a_long_record(client, aino):
    _long_record(aino, results=2_000, documents=20)
    withheld = Result.objects.get(source_identifier="urn:budget|result-7")
    Result.objects.filter(pk=withheld.pk).update(withheld=True, display="Withheld budget test")
    later = Document.objects.get(source_identifier="urn:budget|document-3")
    Document.objects.filter(pk=later.pk).update(
        visible_from=timezone.now() + dt.timedelta(days=1), title="Not yet shown budget note"
    )
    before = AuditEvent.objects.count()
    page = client.get("/en/my/record/print/").content.decode()
    assert "Withheld budget test" not in page and "Not yet shown budget note" not in page
    assert page.count("Budget test ") == 2_000 - 1
    shown = AuditEvent.objects.filter(pk__gt=before)
    assert not shown.filter(resource_type="record_result", resource_id=str(withheld.pk)).exists()
    assert not shown.filter(resource_type="record_document", resource_id=str(later.pk)).exists()


def test_long_lists_are_pages_with_older_entries_behind_a_link(client, aino):
    _long_record(aino, results=120, documents=60)
    organization = Document.objects.get(source_identifier="urn:budget|document-0").organization
    page = client.get(f"/en/my/record/documents/?organization={organization.pk}").content
    assert "20 documents, newest first." in page.decode()
    first = client.get("/en/my/record/results/").content.decode()
    assert "Page 1 of 3" in first and 'rel="next"' in first
    assert first.count("<tr>") == 50 + 1  # the header row and 50 results
    last = client.get("/en/my/record/results/?page=3").content.decode()
    assert "Page 3 of 3" in last
    # Bad input is no filter and the first page, not an error.
    assert client.get("/en/my/record/results/?page=x&organization=y").status_code == 200
