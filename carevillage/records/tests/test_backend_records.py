"""The health record's rules, through the services and selectors the pages and the FHIR
API use: who reads what, the document delay, withholding, resends, renewal requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from carevillage import access
from carevillage.audit.models import AuditEvent
from carevillage.messaging.models import Message, Thread, ThreadTag
from carevillage.records import selectors, services
from carevillage.records.inputs import (
    Coding,
    DocumentInput,
    ImmunizationInput,
    MedicationInput,
    ResultInput,
)
from carevillage.records.models import Document, DocumentStatus, RenewalStatus, Result
from carevillage.tenants.models import PatientRegistration
from carevillage.testing.factories import (
    make_care_team,
    make_organization,
    make_person,
    make_staff,
)
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def world():
    harbour = make_organization("Harbour Health District")
    team = make_care_team(harbour, "Harbour nurses")
    elsewhere = make_organization("Inland Health District")
    aino = make_person("Aino", "Harbour", birth_date=dt.date(1985, 3, 14))
    bruno = make_person("Bruno", "Harbour", birth_date=dt.date(1979, 1, 2))
    today = timezone.localdate()
    youth = make_person("Leo", "Harbour", birth_date=today.replace(year=today.year - 15))
    for person in (aino, bruno, youth):
        PatientRegistration.objects.create(person=person, organization=harbour, care_team=team)
    return SimpleNamespace(
        harbour=harbour,
        team=team,
        aino=aino,
        bruno=bruno,
        youth=youth,
        nurse=make_staff("nurse.harbour", harbour, care_teams=(team,)),
        ehr=make_api_client(harbour, name="Harbour EHR").client,
        other_ehr=make_api_client(elsewhere, name="Inland EHR").client,
    )


def tsh(value: str = "2.1", **extra) -> ResultInput:
    return ResultInput(
        code=Coding(LOINC, "3016-3", "TSH"),
        effective_at=timezone.now() - dt.timedelta(hours=2),
        value=Decimal(value),
        unit="m[IU]/L",
        reference_low=Decimal("0.4"),
        reference_high=Decimal("4.0"),
        **extra,
    )


def note(title: str = "Outpatient note", **extra) -> DocumentInput:
    return DocumentInput(
        type=Coding(LOINC, "34108-1", "Outpatient note"),
        title=title,
        date=timezone.now(),
        text="Seen at the clinic.",
        **extra,
    )


def denied(resource) -> bool:
    return AuditEvent.objects.filter(
        outcome="deny", resource_id=str(resource.pk), action__startswith="view_record"
    ).exists()


def test_patient_never_reads_another_patients_entries_by_id(world):
    result, _ = services.file_result(
        world.ehr, person=world.bruno, source_identifier="urn:lab|b1", data=tsh()
    )
    aino = world.aino.user
    with pytest.raises(Http404):
        selectors.result_for(aino, world.aino, result.pk)
    with pytest.raises(Http404):
        selectors.result_for(aino, world.bruno, result.pk)
    assert denied(result)
    assert selectors.results_for(aino, world.bruno) == []
    assert selectors.record_counts(aino, world.bruno)["result"] == 0
    # Bruno himself reads it.
    assert selectors.result_for(world.bruno.user, world.bruno, result.pk) == result


def test_document_is_shown_a_day_after_it_is_filed(world, settings):
    settings.RECORDS_DOCUMENT_DELAY_HOURS = 24
    filed_at = timezone.now()
    with time_machine.travel(filed_at, tick=False):
        document, created = services.file_document(
            world.ehr, person=world.aino, source_identifier="urn:doc|1", data=note()
        )
    assert created
    aino = world.aino.user
    with time_machine.travel(filed_at + dt.timedelta(hours=23), tick=False):
        assert selectors.documents_for(aino, world.aino) == []
        assert selectors.record_counts(aino, world.aino)["document"] == 0
        with pytest.raises(Http404):
            selectors.document_for(aino, world.aino, document.pk)
        # The care team sees it already, to talk with the patient first.
        assert selectors.team_record_for(world.nurse, world.aino).documents == [document]
    with time_machine.travel(filed_at + dt.timedelta(hours=25), tick=False):
        assert selectors.documents_for(aino, world.aino) == [document]
        assert selectors.document_for(aino, world.aino, document.pk).text == "Seen at the clinic."


def test_withheld_entry_is_invisible_to_the_patient_everywhere(world):
    result, _ = services.file_result(
        world.ehr, person=world.aino, source_identifier="urn:lab|a1", data=tsh()
    )
    with pytest.raises(ValidationError) as error:
        services.withhold(world.nurse, result, "  ")
    assert "why" in str(error.value)
    services.withhold(world.nurse, result, "Results discussed at the visit first.")
    aino = world.aino.user
    assert selectors.results_for(aino, world.aino) == []
    assert selectors.result_history(aino, world.aino, "3016-3") == []
    assert selectors.record_counts(aino, world.aino)["result"] == 0
    assert selectors.patient_record(aino, world.aino).results == []
    with pytest.raises(Http404):
        selectors.result_for(aino, world.aino, result.pk)
    assert denied(result)
    team_view = selectors.team_record_for(world.nurse, world.aino).results
    assert team_view == [result] and team_view[0].withheld
    assert AuditEvent.objects.filter(
        action="withhold_record_item", outcome="allow", resource_id=str(result.pk)
    ).exists()
    services.release(world.nurse, result)
    assert [r.pk for r in selectors.result_history(aino, world.aino, "3016-3")] == [result.pk]


def test_a_professional_outside_the_organization_cannot_withhold(world):
    result, _ = services.file_result(
        world.ehr, person=world.aino, source_identifier="urn:lab|a1", data=tsh()
    )
    elsewhere = make_organization("Third District")
    stranger = make_staff(
        "nurse.third", elsewhere, care_teams=(make_care_team(elsewhere, "Third"),)
    )
    with pytest.raises(access.AccessDenied):
        services.withhold(stranger, result, "No reason of theirs.")
    result.refresh_from_db()
    assert not result.withheld
    assert AuditEvent.objects.filter(action="withhold_record_item", outcome="deny").exists()


def test_resend_with_the_same_identifier_updates_the_one_row(world):
    first, created = services.file_result(
        world.ehr, person=world.aino, source_identifier="urn:lab|a1", data=tsh("2.1")
    )
    again, created_again = services.file_result(
        world.ehr, person=world.aino, source_identifier="urn:lab|a1", data=tsh("4.8")
    )
    assert created and not created_again and again.pk == first.pk
    assert Result.objects.filter(person=world.aino).count() == 1
    shown = selectors.result_history(world.aino.user, world.aino, "3016-3")
    assert [row.value for row in shown] == [Decimal("4.8")]


def test_a_new_document_version_hides_the_old_one(world, settings):
    settings.RECORDS_DOCUMENT_DELAY_HOURS = 0
    old, _ = services.file_document(
        world.ehr, person=world.aino, source_identifier="urn:doc|v1", data=note("First")
    )
    same, created = services.file_document(
        world.ehr, person=world.aino, source_identifier="urn:doc|v1", data=note("First, fixed")
    )
    assert not created and same.pk == old.pk and same.version == 2
    new, _ = services.file_document(
        world.ehr,
        person=world.aino,
        source_identifier="urn:doc|v2",
        data=note("Second", replaces="urn:doc|v1", attachment=PDF, content_type="application/pdf"),
    )
    old.refresh_from_db()
    assert old.status == DocumentStatus.SUPERSEDED and old.superseded_by == new
    aino = world.aino.user
    assert [d.title for d in selectors.documents_for(aino, world.aino)] == ["Second"]
    with pytest.raises(Http404):
        selectors.document_for(aino, world.aino, old.pk)
    assert selectors.document_for(aino, world.aino, new.pk).attachment.read() == PDF


def test_invalid_data_is_refused_with_a_specific_error_and_changes_nothing(world):
    with pytest.raises(ValidationError) as error:
        services.file_result(
            world.ehr,
            person=world.aino,
            source_identifier="urn:lab|bad",
            data=ResultInput(
                code=Coding(LOINC, "3016-3", "TSH"),
                effective_at=timezone.now(),
                value=Decimal("1"),
                reference_low=Decimal("5"),
                reference_high=Decimal("1"),
            ),
        )
    assert "reference limit" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.file_document(
            world.ehr,
            person=world.aino,
            source_identifier="urn:doc|bad",
            data=note(attachment=b"MZ not a pdf", content_type="application/pdf"),
        )
    assert "PDF" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.file_result(world.ehr, person=world.aino, source_identifier="no-bar", data=tsh())
    assert "system|value" in str(error.value)
    with pytest.raises(ValidationError):
        services.file_immunization(
            world.ehr,
            person=world.aino,
            source_identifier="urn:imm|bad",
            data=ImmunizationInput(
                vaccine=Coding("http://www.whocc.no/atc", "J07BB02", "Influenza"),
                occurred_on=timezone.localdate(),
                dose_number=3,
                series_doses=2,
            ),
        )
    assert not Result.objects.exists() and not Document.objects.exists()


def test_api_client_of_another_organization_cannot_file_for_aino(world):
    with pytest.raises(access.AccessDenied):
        services.file_result(
            world.other_ehr, person=world.aino, source_identifier="urn:lab|x", data=tsh()
        )
    assert not Result.objects.exists()
    assert AuditEvent.objects.filter(
        action="file_record_item", outcome="deny", subject_person_id=world.aino.pk
    ).exists()
    # Nor may the own organization's client file for someone its teams have no tie with.
    stranger = make_person("Sami", "Stranger")
    with pytest.raises(access.AccessDenied):
        services.file_result(world.ehr, person=stranger, source_identifier="urn:lab|y", data=tsh())
    assert not Result.objects.exists()


def test_not_shown_to_parents_is_for_youth_only(world):
    youth_result, _ = services.file_result(
        world.ehr, person=world.youth, source_identifier="urn:lab|leo", data=tsh()
    )
    adult_result, _ = services.file_result(
        world.ehr, person=world.aino, source_identifier="urn:lab|aino", data=tsh()
    )
    services.set_hidden_from_guardians(world.nurse, youth_result, True)
    youth_result.refresh_from_db()
    assert youth_result.hidden_from_guardians
    assert selectors.may_hide_from_guardians(world.nurse, youth_result)
    assert not selectors.may_hide_from_guardians(world.nurse, adult_result)
    with pytest.raises(access.AccessDenied):
        services.set_hidden_from_guardians(world.nurse, adult_result, True)
    # The youth still sees their own result.
    assert selectors.result_for(world.youth.user, world.youth, youth_result.pk) == youth_result


def _medicine(world, *, renewable: bool = True, identifier: str = "urn:med|1"):
    medication, _ = services.file_medication(
        world.ehr,
        person=world.aino,
        source_identifier=identifier,
        data=MedicationInput(
            code=Coding("http://www.whocc.no/atc", "H03AA01", "levothyroxine"),
            name="Levothyroxine 50 microgram tablet",
            dosage_text="1 tablet in the morning",
            renewable=renewable,
        ),
    )
    return medication


def test_renewal_request_goes_to_the_team_inbox_and_is_answered(world):
    medication = _medicine(world)
    aino = world.aino.user
    renewal = services.request_renewal(aino, medication, "Running out next week.")
    thread = renewal.thread
    assert thread.tag == ThreadTag.RENEWAL and thread.care_team == world.team
    assert renewal.expires_at - renewal.created_at == dt.timedelta(days=8)
    assert Thread.objects.filter(care_team=world.team, tag=ThreadTag.RENEWAL).count() == 1
    with pytest.raises(ValidationError) as error:
        services.request_renewal(aino, medication)
    assert "already asked" in str(error.value)
    listed = selectors.medications_for(aino, world.aino).current
    assert listed[0].renewal == renewal and not listed[0].can_ask_renewal
    with pytest.raises(ValidationError) as error:
        services.answer_renewal(world.nurse, renewal, RenewalStatus.REFUSED)
    assert "reason" in str(error.value)
    with pytest.raises(access.AccessDenied):
        services.answer_renewal(aino, renewal, RenewalStatus.RENEWED)
    services.answer_renewal(world.nurse, renewal, RenewalStatus.RENEWED)
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.RENEWED and renewal.answered_by == world.nurse
    answer = Message.objects.filter(thread=thread, from_staff=True).get()
    assert "renewed" in answer.body
    assert [r.status for r in selectors.renewal_requests_for(aino, world.aino)] == ["renewed"]
    # Answered: the patient may ask again later.
    assert selectors.medications_for(aino, world.aino).current[0].can_ask_renewal


def test_only_a_renewable_prescription_can_be_renewed(world):
    medication = _medicine(world, renewable=False)
    with pytest.raises(access.AccessDenied):
        services.request_renewal(world.aino.user, medication)
    with pytest.raises(access.AccessDenied):
        services.request_renewal(world.bruno.user, _medicine(world, identifier="urn:med|2"))


def test_unanswered_renewal_lapses_after_eight_days_once(world):
    medication = _medicine(world)
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        renewal = services.request_renewal(world.aino.user, medication)
    assert services.expire_renewals(asked_at + dt.timedelta(days=7, hours=23)) == 0
    with time_machine.travel(asked_at + dt.timedelta(days=8, minutes=1), tick=False):
        assert services.expire_renewals() == 1
        messages = Message.objects.filter(thread=renewal.thread).count()
        assert services.expire_renewals() == 0
        assert Message.objects.filter(thread=renewal.thread).count() == messages
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.EXPIRED
    told = Message.objects.filter(thread=renewal.thread, author__isnull=True).get()
    assert "8 days" in told.body
    assert (
        AuditEvent.objects.filter(
            action="expire_prescription_renewal", resource_id=str(renewal.pk)
        ).count()
        == 1
    )
    # A lapsed request can be asked again.
    assert services.request_renewal(world.aino.user, medication).status == RenewalStatus.PENDING
