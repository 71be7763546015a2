"""Acting for someone else, through the one policy: the rules (age around birthdays,
shared or different address, confidential address on either side, an ended relation,
a power of attorney expired, revoked, not yet valid or out of scope, a chained one) ×
the kinds of resource the handlers answer for a proxy (questionnaire answers, the
record's vaccinations, documents, results and entries not shown to parents, general
messages with the health station and other threads).

Each cell is asked through `access.decide` as the pages ask it, must agree with
`access.visible(..., on_behalf_of=...)`, and leaves an audit event that names the
proxy as actor, the represented person as subject and on-behalf-of.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.models import Enrollment, EnrollmentSource, EnrollmentStatus
from carevillage.carepaths.tests.factories import make_program
from carevillage.careplans.models import CarePlan
from carevillage.messaging import services as messaging
from carevillage.messaging.models import Attachment, Thread, ThreadTag
from carevillage.proxy import services as proxy_services
from carevillage.proxy.models import RegisteredGuardianship, Scope
from carevillage.questionnaires.models import QuestionnaireResponse, ResponseStatus
from carevillage.questionnaires.tests.helpers import publish
from carevillage.records import services as records
from carevillage.records.inputs import (
    Coding,
    DocumentInput,
    ImmunizationInput,
    MedicationInput,
    ResultInput,
)
from carevillage.records.models import (
    Document,
    Immunization,
    RenewalRequest,
    RenewalStatus,
    Result,
)
from carevillage.tenants.models import PatientRegistration
from carevillage.testing.factories import (
    make_care_team,
    make_organization,
    make_person,
    make_staff,
)
from carevillage.testing.fhir import make_api_client

from .factories import make_family, register_address

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 4, 12, 0))
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"

# Resource kind: (model, the action a proxy asks for)
KINDS: dict[str, tuple[type, AuditAction]] = {
    "answers": (QuestionnaireResponse, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE),
    "vaccination": (Immunization, AuditAction.VIEW_RECORD_IMMUNIZATION),
    "document": (Document, AuditAction.VIEW_RECORD_DOCUMENT),
    "result": (Result, AuditAction.VIEW_RECORD_RESULT),
    # A vaccination a professional marked not shown to parents: the one kind a guardian
    # of a 12–15-year-old would otherwise see.
    "not shown to parents": (Immunization, AuditAction.VIEW_RECORD_IMMUNIZATION),
    "health station message": (Thread, AuditAction.VIEW_THREAD),
    # A general thread the youth did not share with their guardians: their own.
    "youth's own message": (Thread, AuditAction.VIEW_THREAD),
    "attachment": (Attachment, AuditAction.VIEW_ATTACHMENT),
    "renewal thread": (Thread, AuditAction.VIEW_THREAD),
    "renewal request": (RenewalRequest, AuditAction.VIEW_RENEWAL_REQUEST),
    "enrollment": (Enrollment, AuditAction.VIEW_ENROLLMENT),
    "care plan": (CarePlan, AuditAction.VIEW_CARE_PLAN),
}
EVERYTHING = frozenset(KINDS) - {"not shown to parents"}
LIMITED = frozenset({"vaccination", "health station message", "attachment"})
CARE_PATHS = frozenset({"answers", "enrollment", "care plan"})
NOTHING: frozenset[str] = frozenset()


@pytest.fixture(autouse=True)
def at_noon_on_4_december(settings):
    settings.RECORDS_DOCUMENT_DELAY_HOURS = 0
    settings.PROXY_RULESET = "NO"
    with time_machine.travel(NOW, tick=False):
        yield


def file_everything(subject: Any, *, youth: bool) -> dict[str, Any]:
    """The person's data of every kind, filed as the EHR and the person would."""
    harbour = make_organization(f"Harbour {uuid.uuid4().hex[:6]}")
    station = make_care_team(harbour, "Harbour health station")
    PatientRegistration.objects.create(person=subject, organization=harbour, care_team=station)
    nurse = make_staff(f"nurse.{uuid.uuid4().hex[:6]}", harbour, care_teams=(station,))
    ehr = make_api_client(harbour, name=f"EHR {harbour.pk}").client
    rows: dict[str, Any] = {
        "answers": QuestionnaireResponse.objects.create(
            version=publish("phq-9"), person=subject, status=ResponseStatus.IN_PROGRESS
        ),
        "document": records.file_document(
            ehr,
            person=subject,
            source_identifier="urn:t|note",
            data=DocumentInput(
                type=Coding(LOINC, "34108-1", "Outpatient note"),
                title="Outpatient note",
                date=NOW - dt.timedelta(days=1),
                text="Seen at the clinic.",
            ),
        )[0],
    }
    rows["result"] = records.file_result(
        ehr,
        person=subject,
        source_identifier="urn:t|tsh",
        data=ResultInput(
            code=Coding(LOINC, "3016-3", "TSH"),
            effective_at=NOW - dt.timedelta(hours=2),
            value=Decimal("2.1"),
            unit="m[IU]/L",
        ),
    )[0]
    for key in ("vaccination", "not shown to parents") if youth else ("vaccination",):
        rows[key] = records.file_immunization(
            ehr,
            person=subject,
            source_identifier=f"urn:t|{key}",
            data=ImmunizationInput(
                vaccine=Coding(ATC, "J07BD52", "Measles, mumps, rubella"),
                occurred_on=dt.date(2026, 10, 1),
            ),
        )[0]
    if youth:
        records.set_hidden_from_guardians(nurse, rows["not shown to parents"], True)
    for key, tag, shared in (
        ("health station message", ThreadTag.NONE, True),
        ("youth's own message", ThreadTag.NONE, False),
        ("renewal thread", "renewal", True),
    ):
        rows[key] = messaging.start_thread(
            actor=subject.user,
            care_team=station,
            topic=f"DEMO {key}",
            body="A question.",
            client_key=uuid.uuid4(),
            tag=tag,
            shared_with_guardians=shared,
        )
    message = rows["health station message"].messages.get()
    rows["attachment"] = Attachment.objects.create(
        message=message,
        stored_name=f"proxy-{uuid.uuid4().hex}",
        original_name="photo.pdf",
        content_type="application/pdf",
        size=10,
    )
    medicine = records.file_medication(
        ehr,
        person=subject,
        source_identifier="urn:t|med",
        data=MedicationInput(
            code=Coding(ATC, "N06AB06", "sertraline"), name="Sertraline 50 mg", renewable=True
        ),
    )[0]
    rows["renewal request"] = RenewalRequest.objects.create(
        medication=medicine,
        person=subject,
        requested_by=subject.user,
        thread=rows["renewal thread"],
        status=RenewalStatus.PENDING,
        created_at=NOW,
        expires_at=NOW + dt.timedelta(days=14),
    )
    program = make_program(harbour, slug=f"proxy-{uuid.uuid4().hex[:8]}", modules=1)
    rows["enrollment"] = Enrollment.objects.create(
        program=program,
        person=subject,
        care_team=station,
        source=EnrollmentSource.REFERRAL,
        referred_by=nurse,
        responsible=nurse,
        status=EnrollmentStatus.ACTIVE,
        time_zone="Europe/Helsinki",
        started_at=NOW,
    )
    rows["care plan"] = CarePlan.objects.create(
        person=subject, care_team=station, title="DEMO plan", created_by=nurse
    )
    return rows


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], SimpleNamespace]
    allowed: frozenset[str]
    ruleset: str = "NO"
    youth: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def guardian_of(birth: dt.date, **family: Any) -> Callable[[], SimpleNamespace]:
    def build() -> SimpleNamespace:
        guardian, child = make_family(birth, **family)
        return SimpleNamespace(actor=guardian, subject=child)

    return build


def guardianship_ended() -> SimpleNamespace:
    guardian, child = make_family(dt.date(2016, 5, 20))
    RegisteredGuardianship.objects.filter(guardian=guardian, child=child).update(
        ended_at=NOW - dt.timedelta(days=1)
    )
    return SimpleNamespace(actor=guardian, subject=child)


def elsa_and_helena() -> tuple[Any, Any]:
    elsa = make_person("Elsa", "Testinen", birth_date=dt.date(1941, 12, 5))
    helena = make_person("Helena", "Testinen", birth_date=dt.date(1968, 4, 17))
    return elsa, helena


def attorney(
    scopes: tuple[str, ...] = (Scope.MESSAGES, Scope.RECORDS),
    *,
    starts: dt.timedelta = dt.timedelta(0),
    lasts: dt.timedelta = dt.timedelta(days=365),
    revoked: bool = False,
    giver_confidential: bool = False,
) -> Callable[[], SimpleNamespace]:
    def build() -> SimpleNamespace:
        elsa, helena = elsa_and_helena()
        given_at = NOW + starts
        power = proxy_services.grant_power_of_attorney(
            actor=elsa.user,
            holder_national_id=helena.national_id,
            scopes=scopes,
            valid_from=given_at,
            valid_until=given_at + lasts,
            now=min(NOW, given_at),
        )
        if revoked:
            proxy_services.end_power_of_attorney(actor=elsa.user, power=power)
        if giver_confidential:
            register_address(elsa, "elsa", confidential=True)
        return SimpleNamespace(actor=helena, subject=elsa)

    return build


def chained() -> SimpleNamespace:
    """Elsa → Helena (every area), Helena → Kari (every area): Kari gets nothing of
    Elsa's."""
    elsa, helena = elsa_and_helena()
    kari = make_person("Kari", "Testinen", birth_date=dt.date(1990, 1, 1))
    for giver, holder in ((elsa, helena), (helena, kari)):
        proxy_services.grant_power_of_attorney(
            actor=giver.user,
            holder_national_id=holder.national_id,
            scopes=Scope.values,
            valid_from=NOW,
            valid_until=NOW + dt.timedelta(days=30),
        )
    return SimpleNamespace(actor=kari, subject=elsa)


def youth_who_also_gave_a_power_of_attorney() -> SimpleNamespace:
    """Finland: a 16-year-old (limited band until 18) gives the guardian a power of
    attorney for messages: both authorities count, each for its own."""
    guardian, child = make_family(dt.date(2010, 12, 4))
    proxy_services.grant_power_of_attorney(
        actor=child.user,
        holder_national_id=guardian.national_id,
        scopes=[Scope.MESSAGES],
        valid_from=NOW,
        valid_until=NOW + dt.timedelta(days=30),
    )
    return SimpleNamespace(actor=guardian, subject=child)


CASES = [
    # Norway (Helsenorge): under 12 full with a shared address, 12–15 limited, 16 none.
    Case("NO 11, the day before the 12th birthday", guardian_of(dt.date(2014, 12, 5)), EVERYTHING),
    Case("NO 12 on the birthday", guardian_of(dt.date(2014, 12, 4)), LIMITED, youth=True),
    Case("NO 15, the day before 16", guardian_of(dt.date(2010, 12, 5)), LIMITED, youth=True),
    Case("NO 16 on the birthday", guardian_of(dt.date(2010, 12, 4)), NOTHING, youth=True),
    Case(
        "NO 10 at another address", guardian_of(dt.date(2016, 5, 20), same_address=False), NOTHING
    ),
    Case(
        "NO 10, guardian's address confidential",
        guardian_of(dt.date(2016, 5, 20), guardian_confidential=True),
        NOTHING,
    ),
    Case(
        "NO 10, child's address confidential",
        guardian_of(dt.date(2016, 5, 20), child_confidential=True),
        NOTHING,
    ),
    Case("NO 10, guardianship ended in the register", guardianship_ended, NOTHING),
    # Finland: under 10 full, 10–17 limited, no address rule.
    Case(
        "FI 9 at another address",
        guardian_of(dt.date(2017, 5, 20), same_address=False),
        EVERYTHING,
        ruleset="FI",
    ),
    Case(
        "FI 10 at another address",
        guardian_of(dt.date(2016, 5, 20), same_address=False),
        LIMITED,
        ruleset="FI",
    ),
    Case(
        "FI 16",
        guardian_of(dt.date(2010, 12, 4)),
        LIMITED,
        ruleset="FI",
        youth=True,
    ),
    Case(
        "FI 10, child's turvakielto",
        guardian_of(dt.date(2016, 5, 20), child_confidential=True),
        NOTHING,
        ruleset="FI",
    ),
    Case(
        "FI 16, guardian also holds the youth's power of attorney for messages",
        youth_who_also_gave_a_power_of_attorney,
        LIMITED | {"renewal thread", "youth's own message"},
        ruleset="FI",
        youth=True,
    ),
    # Powers of attorney.
    Case(
        "power of attorney for messages and records",
        attorney(),
        EVERYTHING - CARE_PATHS,
    ),
    Case("power of attorney for care programs", attorney((Scope.CARE_PATHS,)), CARE_PATHS),
    Case(
        "power of attorney for appointments only (out of scope)",
        attorney((Scope.APPOINTMENTS,)),
        NOTHING,
    ),
    Case(
        "power of attorney expired yesterday",
        attorney(starts=-dt.timedelta(days=366), lasts=dt.timedelta(days=365)),
        NOTHING,
    ),
    Case("power of attorney revoked by the giver", attorney(revoked=True), NOTHING),
    Case("power of attorney from tomorrow", attorney(starts=dt.timedelta(days=1)), NOTHING),
    Case("giver's address confidential", attorney(giver_confidential=True), NOTHING),
    Case("chained power of attorney", chained, NOTHING),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_proxy_reaches_exactly_what_the_rules_allow_and_every_answer_is_audited(
    case: Case, settings
):
    settings.PROXY_RULESET = case.ruleset
    world = case.build()
    rows = file_everything(world.subject, youth=case.youth)
    actor = world.actor.user
    outcomes = {}
    for kind, resource in rows.items():
        model, action = KINDS[kind]
        decision = access.decide(actor, action, resource, on_behalf_of=world.subject)
        outcomes[kind] = bool(decision)
        shown = access.visible(actor, action, model.objects.all(), on_behalf_of=world.subject)
        assert shown.filter(pk=resource.pk).exists() == bool(decision), (
            f"{kind}: decide and visible disagree"
        )
        event = AuditEvent.objects.filter(action=action, resource_id=str(resource.pk)).latest("id")
        assert (
            event.actor_user_id,
            event.subject_person_id,
            event.on_behalf_of_person_id,
            event.outcome,
        ) == (
            actor.pk,
            world.subject.pk,
            world.subject.pk,
            Outcome.ALLOWED if decision else Outcome.DENIED,
        ), kind
    expected = {kind: kind in case.allowed for kind in rows}
    assert outcomes == expected


def test_the_person_still_sees_what_is_not_shown_to_parents():
    guardian, child = make_family(dt.date(2012, 1, 1))  # 14
    rows = file_everything(child, youth=True)
    hidden, shown = rows["not shown to parents"], rows["vaccination"]
    ask = AuditAction.VIEW_RECORD_IMMUNIZATION
    assert access.decide(child.user, ask, hidden)
    assert access.decide(guardian.user, ask, shown, on_behalf_of=child)
    assert not access.decide(guardian.user, ask, hidden, on_behalf_of=child)


def test_guardian_cannot_reach_someone_elses_data_by_naming_their_child():
    guardian, child = make_family(dt.date(2016, 5, 20))
    stranger = make_person("Vieras", "Testinen", birth_date=dt.date(2016, 1, 1))
    vaccination = file_everything(stranger, youth=False)["vaccination"]
    decision = access.decide(
        guardian.user, AuditAction.VIEW_RECORD_IMMUNIZATION, vaccination, on_behalf_of=child
    )
    assert not decision
    assert decision.reason == "not the represented person's data"


def test_a_relation_the_register_ends_ends_access_at_the_next_call():
    guardian, child = make_family(dt.date(2016, 5, 20))
    vaccination = file_everything(child, youth=False)["vaccination"]
    ask = AuditAction.VIEW_RECORD_IMMUNIZATION
    assert access.decide(guardian.user, ask, vaccination, on_behalf_of=child)
    RegisteredGuardianship.objects.filter(child=child).update(ended_at=NOW)
    assert not access.decide(guardian.user, ask, vaccination, on_behalf_of=child)


def test_a_proxy_never_does_staff_work_for_the_person():
    guardian, child = make_family(dt.date(2016, 5, 20))
    rows = file_everything(child, youth=False)
    assert not access.decide(
        guardian.user, AuditAction.WITHHOLD_RECORD_ITEM, rows["result"], on_behalf_of=child
    )
    assert not access.decide(
        guardian.user, AuditAction.VIEW_INTERNAL_NOTES, rows["renewal thread"], on_behalf_of=child
    )


def test_a_proxy_cannot_give_a_power_of_attorney_for_the_person():
    elsa, helena = elsa_and_helena()
    power = proxy_services.grant_power_of_attorney(
        actor=elsa.user,
        holder_national_id=helena.national_id,
        scopes=Scope.values,
        valid_from=NOW,
        valid_until=NOW + dt.timedelta(days=30),
    )
    assert not access.decide(
        helena.user, AuditAction.CHANGE_POWER_OF_ATTORNEY, power, on_behalf_of=elsa
    )


def test_a_holder_never_sees_more_than_the_giver_a_withheld_entry_stays_withheld():
    build = attorney((Scope.RECORDS,))
    world = build()
    rows = file_everything(world.subject, youth=False)
    station = PatientRegistration.objects.get(person=world.subject).care_team
    nurse = make_staff("nurse.withholds", station.organization, care_teams=(station,))
    records.withhold(nurse, rows["result"], "The doctor calls first.")
    ask = AuditAction.VIEW_RECORD_RESULT
    assert not access.decide(world.subject.user, ask, rows["result"])
    assert not access.decide(world.actor.user, ask, rows["result"], on_behalf_of=world.subject)
    # The rest of the record stays open to the holder.
    assert access.decide(
        world.actor.user,
        AuditAction.VIEW_RECORD_DOCUMENT,
        rows["document"],
        on_behalf_of=world.subject,
    )


def test_a_list_shown_to_a_proxy_is_audited_with_on_behalf_of():
    guardian, child = make_family(dt.date(2016, 5, 20))
    file_everything(child, youth=False)
    ask = AuditAction.VIEW_RECORD_IMMUNIZATION
    shown = list(access.visible(guardian.user, ask, Immunization.objects.all(), on_behalf_of=child))
    assert [row.person_id for row in shown] == [child.pk]
    before = AuditEvent.objects.count()
    access.record_listing(guardian.user, ask, shown, on_behalf_of=child)
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.subject_person_id, event.on_behalf_of_person_id, event.actor_user_id) == (
        child.pk,
        child.pk,
        guardian.user_id,
    )


@pytest.mark.parametrize(
    "birth,may_write", [(dt.date(2016, 5, 20), True), (dt.date(2013, 1, 1), False)]
)
def test_a_guardian_writes_for_a_child_under_12_and_only_reads_for_an_older_one(birth, may_write):
    guardian, child = make_family(birth)
    thread = file_everything(child, youth=not may_write)["health station message"]
    assert access.decide(guardian.user, AuditAction.VIEW_THREAD, thread, on_behalf_of=child)
    assert (
        bool(access.decide(guardian.user, AuditAction.SEND_MESSAGE, thread, on_behalf_of=child))
        is may_write
    )
