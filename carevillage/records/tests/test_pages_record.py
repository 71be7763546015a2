"""The patient's health-record pages: login, what appears, what never appears, another
person's entries by guessed id, the PDF, the renewal form, the five languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from carevillage.audit.models import AuditEvent
from carevillage.identity.models import Person
from carevillage.records.models import (
    Document,
    Medication,
    MedicationStatus,
    RenewalRequest,
    RenewalStatus,
    Result,
)
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "nb", "nn", "en")


@pytest.fixture
def demo(eid):
    seed_demo_without_content()


@pytest.fixture
def aino(client, demo):
    login_citizen(client, "demo-aino")
    return Person.objects.get(oidc_subject="demo-aino")


def _others(aino: Person, model):
    return model._default_manager.exclude(person=aino)


def test_start_page_without_a_session_goes_to_the_e_id_login(client):
    response = client.get("/en/my/record/")
    assert response.status_code == 302
    assert "/en/login/" in response["Location"]


def test_a_person_without_entries_sees_what_will_appear_and_from_where(client, demo):
    login_citizen(client, "demo-mikko")
    response = client.get("/en/my/record/")
    assert response.status_code == 200
    assert "your results appear here when your health station or hospital sends them." in (
        response.content.decode()
    )


def test_aino_sees_her_own_record_and_my_page_links_to_it(client, aino):
    page = client.get("/en/my/record/").content.decode()
    assert "Test results" in page and "Vaccinations" in page and "Medicines" in page
    own_result = Result.objects.filter(person=aino, withheld=False).first()
    assert own_result is not None and own_result.display in page
    assert reverse("records:my_record") in client.get("/en/my/").content.decode()


def test_another_patients_document_by_guessed_id_is_404_and_audited(client, aino):
    other = _others(aino, Document).first()
    assert other is not None
    before = AuditEvent.objects.filter(outcome="deny").count()
    assert client.get(reverse("records:document", args=[other.pk])).status_code == 404
    assert client.get(reverse("records:document_attachment", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("records:result", args=[_others(aino, Result).first().pk])).status_code
        == 404
    )
    assert AuditEvent.objects.filter(outcome="deny").count() > before


def test_withheld_and_not_yet_visible_entries_appear_on_no_page(client, aino):
    hidden = Result.objects.filter(person=aino).first()
    hidden.withheld = True
    hidden.display = "Withheld test name for this check"
    hidden.save()
    document = Document.objects.filter(person=aino).first()
    document.visible_from = document.visible_from.replace(year=2999)
    document.title = "A document not shown yet"
    document.save()
    page = client.get("/en/my/record/").content.decode()
    assert "Withheld test name for this check" not in page
    assert "A document not shown yet" not in page
    assert client.get(reverse("records:result", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("records:document", args=[document.pk])).status_code == 404


def test_a_result_with_history_has_a_chart_with_a_band_a_table_and_decimal_commas(client, aino):
    code = "718-7"  # haemoglobin: four visits in the demo
    row = Result.objects.filter(person=aino, code=code).first()
    page = client.get("/fi" + reverse("records:result", args=[row.pk])[3:]).content.decode()
    assert "<svg" in page and "<rect" in page and "<table" in page
    assert "g/l" in page
    inr_like = Result.objects.filter(person=aino, value__isnull=False).exclude(value=0)
    decimals = [r for r in inr_like if r.value != r.value.to_integral_value()]
    if decimals:
        other = client.get("/fi" + reverse("records:result", args=[decimals[0].pk])[3:])
        assert re.search(r"\d,\d", other.content.decode())


def test_vaccination_card_prints_and_links_to_english(client, aino):
    page = client.get("/fi/my/record/vaccinations/card/").content.decode()
    assert "print.css" in page
    assert 'href="/en/my/record/vaccinations/card/"' in page


def test_asking_for_a_renewal_twice_is_a_clear_error_that_changes_nothing(client, aino):
    medication = next(
        m
        for m in Medication.objects.filter(
            person=aino, renewable=True, status=MedicationStatus.ACTIVE
        )
        if not m.renewal_requests.filter(status=RenewalStatus.PENDING).exists()
    )
    url = reverse("records:ask_renewal", args=[medication.pk])
    start = client.get("/en/my/record/medicines/").content.decode()
    link = start[start.find("Sertraline") :][:1500]
    assert f'href="{url}"' in start, link
    assert client.get(url).status_code == 200
    response = client.post(url, {"message": "DEMO: running out"})
    assert response.status_code == 302
    assert RenewalRequest.objects.filter(medication=medication).count() == 1
    again = client.post(url, {"message": "again"})
    assert again.status_code == 400
    assert "already asked" in again.content.decode()
    assert RenewalRequest.objects.filter(medication=medication).count() == 1
    assert response["Location"].startswith(reverse("records:medicines"))
    assert "Waiting for an answer" in client.get("/en/my/record/medicines/").content.decode()


def test_a_medicine_that_cannot_be_renewed_gets_a_clear_error(client, aino):
    medication = (
        Medication.objects.filter(person=aino)
        .exclude(renewable=True, status=MedicationStatus.ACTIVE)
        .first()
    )
    if medication is None:
        medication = Medication.objects.filter(person=aino).first()
        medication.renewable = False
        medication.save()
    response = client.post(reverse("records:ask_renewal", args=[medication.pk]), {"message": ""})
    assert response.status_code == 400
    assert "This medicine cannot be renewed here" in response.content.decode()
    assert not RenewalRequest.objects.filter(medication=medication, status="pending").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_record_page_renders_in_each_language(client, aino, language):
    result = Result.objects.filter(person=aino, withheld=False).first()
    document = Document.objects.filter(person=aino, withheld=False, status="current").first()
    for path in (
        "/my/record/",
        "/my/record/documents/",
        "/my/record/results/",
        "/my/record/medicines/",
        "/my/record/print/",
        f"/my/record/results/{result.pk}/",
        f"/my/record/documents/{document.pk}/",
        "/my/record/vaccinations/card/",
    ):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        if language == "fi":
            page = response.content.decode()
            for english in ("Test results", "Vaccinations", "Back to my health record"):
                assert english not in page, (path, english)


def test_dates_are_in_the_readers_language_format(client, aino):
    document = Document.objects.filter(person=aino, withheld=False, status="current").first()
    # 22:30 UTC on 24 August is 01:30 on 25 August in Helsinki: the reader's day.
    Document.objects.filter(pk=document.pk).update(
        date=dt.datetime(2026, 8, 24, 22, 30, tzinfo=dt.UTC)
    )
    url = reverse("records:document", args=[document.pk])[3:]
    assert "25.8.2026" in client.get("/fi" + url).content.decode()
    assert "2026-08-25" in client.get("/sv" + url).content.decode()
    assert "25.08.2026" in client.get("/nb" + url).content.decode()
    english = client.get("/en" + url).content.decode()
    assert "25 Aug 2026" in english and "08/25/2026" not in english


def test_print_view_without_a_session_goes_to_the_e_id_login(client):
    response = client.get("/en/my/record/print/")
    assert response.status_code == 302
    assert "/en/login/" in response["Location"]


def test_print_view_has_the_whole_record_but_nothing_withheld_and_is_audited(client, aino):
    withheld = Result.objects.filter(person=aino).first()
    withheld.withheld = True
    withheld.display = "Withheld test name for the print check"
    withheld.save()
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    start = client.get("/en/my/record/").content.decode()
    assert 'href="/en/my/record/print/"' in start and "Print my record" in start
    response = client.get("/en/my/record/print/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "print.css" in page
    document = Document.objects.filter(person=aino, withheld=False, status="current").first()
    assert document.title in page
    assert document.text.splitlines()[-1] in page  # the text itself, not only the title
    shown = Result.objects.filter(person=aino, withheld=False)
    assert shown.count() > 1 and all(r.display in page for r in shown)
    assert "Withheld test name for the print check" not in page
    assert "Influenza, inactivated, split virus" in page
    assert "Sertraline 50 mg tablet (DEMO)" in page and "Amoxicillin" in page
    # Out of range is said in words: the low haemoglobin is marked "Low", not only coloured.
    assert "▼ Low" in page
    read = AuditEvent.objects.filter(
        pk__gt=before, subject_person_id=aino.pk, action="view_record_result", outcome="allow"
    ).values_list("resource_id", flat=True)
    assert {str(r.pk) for r in shown} <= set(read)
    assert str(withheld.pk) not in set(read)
