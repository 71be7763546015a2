"""Who gets what at every URL that takes an id or a slug.

One table: each URL pattern of the village (found from the URL resolver, so a new one
cannot be forgotten) × seven roles, with the status a user should get:

- the patient herself sees her data; another patient gets 404 (existence is secret);
- the care team that treats her sees it; a professional outside it gets 404;
- anonymous visitors are sent to the login, a patient at a staff page to the staff login;
- every refusal of personal data to a logged-in user writes a "denied" audit event.

The world is the demo village (`seed_demo`): Aino (patient A) with her care path, care
plan, messages and answers; Mikko (patient B); doctor Juha (depression care team), nurse
Sanna (Kallio health-station team), editor Emma and org admin Olli.

Each case runs in a savepoint that is rolled back, so a POST that changes something does
not change the world of the next case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.testing import login_citizen, login_staff

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "patient_a", "patient_b", "pro_in", "pro_out", "editor", "org_admin")

# What a response may be, besides a status code.
LOGIN = "→ e-ID login"
STAFF_LOGIN = "→ staff login"
ADMIN_DENIED = "→ admin home"  # Wagtail's "Sorry, you do not have permission"
DONE = "done"  # an allowed POST: a page (2xx, or 400 for the empty form) or a redirect onwards


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[dict[str, Any]], dict[str, Any]]
    expect: dict[str, int | str]
    method: str = "get"
    # The team whose member is "pro_in" for this object ("pro_out" is the other one).
    team: str = "depression"
    # Refusals here hide someone's personal data: each must be audited as denied.
    personal: bool = True
    # A URL that is not reversed from kwargs (Wagtail's page paths).
    url: Callable[[dict[str, Any]], str] | None = None


def _roles(**expect: int | str) -> dict[str, int | str]:
    missing = set(ROLES) - set(expect)
    assert not missing, missing
    return expect


# The patient's own pages (e-ID, high assurance): staff are sent to the e-ID login.
OWN = _roles(
    anonymous=LOGIN,
    patient_a=200,
    patient_b=404,
    pro_in=LOGIN,
    pro_out=LOGIN,
    editor=LOGIN,
    org_admin=LOGIN,
)
OWN_POST = {**OWN, "patient_a": DONE}
# Pages the patient and her care team share (messages, care plans).
SHARED = _roles(
    anonymous=LOGIN,
    patient_a=200,
    patient_b=404,
    pro_in=200,
    pro_out=404,
    editor=404,
    org_admin=404,
)
# The care team's pages (staff with a second factor only).
TEAM = _roles(
    anonymous=STAFF_LOGIN,
    patient_a=STAFF_LOGIN,
    patient_b=STAFF_LOGIN,
    pro_in=200,
    pro_out=404,
    editor=404,
    org_admin=404,
)
TEAM_POST = {**TEAM, "pro_in": DONE}
# Public pages with a slug: the same for everyone.
PUBLIC = _roles(**dict.fromkeys(ROLES, 200))
# Pages for any logged-in patient (not about another person's data).
ANY_PATIENT = {**OWN, "patient_b": 200}
# The admin: editors edit content, the org admin the organization. Without a staff
# session the admin sends you to the staff login; doctor Juha (pro_in of admin rows) is a
# medical reviewer, so he is in the admin but not allowed here; nurse Sanna is not in it.
NOT_ADMIN = {
    **dict.fromkeys(("anonymous", "patient_a", "patient_b", "pro_out"), STAFF_LOGIN),
    "pro_in": ADMIN_DENIED,
}
CONTENT_ADMIN = _roles(**NOT_ADMIN, editor=200, org_admin=ADMIN_DENIED)
ORGANIZATION_ADMIN = _roles(**NOT_ADMIN, editor=ADMIN_DENIED, org_admin=200)
# Published navigator versions are immutable: their edit links open them read-only.
PUBLISHED_VERSION = {**CONTENT_ADMIN, "editor": 302}
# The form editor has no read-only mode: a published version is not there.
PUBLISHED_VERSION_FORM = {**CONTENT_ADMIN, "editor": 404}


def _admin(name: str, key: str, expect: dict[str, int | str], **extra: str) -> Row:
    return Row(
        name,
        lambda w: {"pk": w[key], **{k: w[v] for k, v in extra.items()}},
        expect,
        personal=False,
    )


def _viewset(namespace: str, key: str, expect: dict[str, int | str]) -> list[Row]:
    # The views behind an object's menu (delete, history, usage) look the object up among
    # those of the organizations one administers before Wagtail's permission check: anyone
    # else in the admin gets the 404 of an object that is not there.
    hidden = {**expect, **{r: 404 for r, e in expect.items() if e == ADMIN_DENIED}}
    return [
        _admin(f"{namespace}:{view}", key, expect if view == "edit" else hidden)
        for view in ("edit", "delete", "history", "history_results", "usage")
    ]


TABLE: list[Row] = [
    # Messages: Aino's thread with the Kallio nurses.
    Row("messaging:thread", lambda w: {"thread_id": w["thread"]}, SHARED, team="kallio"),
    Row(
        "messaging:manage_thread",
        lambda w: {"thread_id": w["thread"]},
        {**SHARED, "patient_a": 404, "pro_in": DONE},
        method="post",
        team="kallio",
    ),
    Row(
        "messaging:attachment",
        lambda w: {"thread_id": w["thread"], "attachment_id": w["attachment"]},
        SHARED,
        team="kallio",
    ),
    Row("messaging:chat_start", lambda w: {"slug": w["chat_service"]}, PUBLIC, personal=False),
    Row(
        "notify:confirm_email",
        lambda w: {"token": "not-a-token-anyone-was-sent"},
        PUBLIC,
        personal=False,
    ),
    # Self-tests, questionnaires, answers.
    Row("questionnaires:self_test", lambda w: {"slug": w["self_test"]}, PUBLIC, personal=False),
    Row("questionnaires:answer", lambda w: {"slug": w["self_test"]}, ANY_PATIENT, personal=False),
    Row("questionnaires:history", lambda w: {"slug": w["self_test"]}, ANY_PATIENT, personal=False),
    Row("questionnaires:response", lambda w: {"pk": w["response"]}, OWN),
    Row("questionnaires:response_fhir", lambda w: {"pk": w["response"]}, OWN),
    # Symptom navigators and house pages.
    Row("navigator:start", lambda w: {"slug": w["navigator"]}, PUBLIC, personal=False),
    # Without answers there is no question or result yet: back to the start.
    Row(
        "navigator:question",
        lambda w: {"slug": w["navigator"]},
        dict.fromkeys(ROLES, 302),
        personal=False,
    ),
    Row(
        "navigator:result",
        lambda w: {"slug": w["navigator"]},
        dict.fromkeys(ROLES, 302),
        personal=False,
    ),
    # A page that does not exist in any language.
    Row(
        "houses:missing_translation",
        lambda w: {"translation_key": "00000000-0000-4000-8000-000000000000"},
        dict.fromkeys(ROLES, 404),
        personal=False,
    ),
    # Village pages (Wagtail): an article.
    Row("wagtail_serve", lambda w: {}, PUBLIC, personal=False, url=lambda w: w["house_url"]),
    # Care paths: Aino's enrollment in the depression program.
    Row("carepaths:enrollment", lambda w: {"pk": w["enrollment"]}, OWN),
    Row("carepaths:accept", lambda w: {"pk": w["enrollment"]}, OWN_POST, method="post"),
    Row("carepaths:decline", lambda w: {"pk": w["enrollment"]}, OWN_POST, method="post"),
    Row(
        "carepaths:complete_task",
        lambda w: {"pk": w["enrollment"], "task_pk": w["task"]},
        OWN_POST,
        method="post",
    ),
    Row(
        "carepaths:module",
        lambda w: {"pk": w["enrollment"], "position": w["module"]},
        OWN,
    ),
    Row(
        "carepaths:save_exercise",
        lambda w: {"pk": w["enrollment"], "position": w["module"], "exercise_pk": w["exercise"]},
        OWN_POST,
        method="post",
    ),
    Row(
        "carepaths:complete_module",
        lambda w: {"pk": w["enrollment"], "position": w["module"]},
        OWN_POST,
        method="post",
    ),
    Row("carepaths:program", lambda w: {"slug": w["program"]}, PUBLIC, personal=False),
    Row(
        "carepaths:join",
        lambda w: {"slug": w["program"]},
        {**OWN_POST, "patient_b": DONE},
        method="post",
        personal=False,
    ),
    Row("carepaths:staff_enrollment", lambda w: {"pk": w["enrollment"]}, TEAM),
    Row(
        "carepaths:staff_end_enrollment",
        lambda w: {"pk": w["enrollment"]},
        TEAM_POST,
        method="post",
    ),
    Row(
        "carepaths:staff_acknowledge_alert",
        lambda w: {"pk": w["alert"]},
        TEAM_POST,
        method="post",
    ),
    # Care plans: Aino's plan, shared with her care team.
    Row("careplans:my_care_plan", lambda w: {"plan_id": w["plan"]}, OWN),
    Row(
        "careplans:my_activity_status",
        lambda w: {"plan_id": w["plan"], "activity_id": w["activity"]},
        OWN_POST,
        method="post",
    ),
    # Both demo teams care for Aino (the health station she is registered with, and the
    # depression team): the editor and the org admin are the ones outside.
    Row("careplans:care_plan_new", lambda w: {"person_id": w["aino"]}, {**TEAM, "pro_out": 200}),
    Row("careplans:care_plan", lambda w: {"plan_id": w["plan"]}, TEAM),
    Row("careplans:care_plan_status", lambda w: {"plan_id": w["plan"]}, TEAM_POST, method="post"),
    Row("careplans:care_plan_goal_new", lambda w: {"plan_id": w["plan"]}, TEAM),
    Row(
        "careplans:care_plan_goal_edit",
        lambda w: {"plan_id": w["plan"], "goal_id": w["goal"]},
        TEAM,
    ),
    Row(
        "careplans:care_plan_goal_remove",
        lambda w: {"plan_id": w["plan"], "goal_id": w["goal"]},
        TEAM_POST,
        method="post",
    ),
    Row("careplans:care_plan_activity_new", lambda w: {"plan_id": w["plan"]}, TEAM),
    Row(
        "careplans:care_plan_activity_edit",
        lambda w: {"plan_id": w["plan"], "activity_id": w["activity"]},
        TEAM,
    ),
    Row(
        "careplans:care_plan_activity_remove",
        lambda w: {"plan_id": w["plan"], "activity_id": w["activity"]},
        TEAM_POST,
        method="post",
    ),
    # Health record: Aino's entries from the Kallio organization, whose two demo teams
    # (the health station and the depression team) both care for her.
    Row("records:document", lambda w: {"pk": w["document"]}, OWN),
    Row("records:document_attachment", lambda w: {"pk": w["letter"]}, OWN),
    Row("records:result", lambda w: {"pk": w["result"]}, OWN),
    Row("records:ask_renewal", lambda w: {"pk": w["medication"]}, OWN),
    # Aino's power of attorney to Helena: hers to change and end (Helena's to give up).
    Row("proxy:change_power", lambda w: {"pk": w["power"]}, OWN),
    Row("proxy:end_power", lambda w: {"pk": w["power"]}, OWN),
    # The whole record to print: whoever is logged in with e-ID gets their own (Mikko's
    # is empty), staff go to the e-ID login. No id, so the row is listed by hand.
    Row("records:print_record", lambda w: {}, ANY_PATIENT, personal=False),
    # The download of one's own whole record: each patient gets hers, staff the e-ID login.
    Row("records:download", lambda w: {}, ANY_PATIENT),
    Row(
        "records_staff:patient_record",
        lambda w: {"person_id": w["aino"]},
        {**TEAM, "pro_out": 200},
        team="kallio",
    ),
    *[
        Row(
            f"records_staff:{view}",
            lambda w: {"kind": "result", "pk": w["result"]},
            {**TEAM_POST, "pro_out": DONE},
            method="post",
            team="kallio",
        )
        for view in ("withhold", "release")
    ],
    # "Not shown to parents" is for a 12-16-year-old's entries: Leo's, with the school
    # nurse; for anyone else the entry is not there.
    Row(
        "records_staff:guardians",
        lambda w: {"kind": "result", "pk": w["leo_result"]},
        TEAM_POST,
        method="post",
        team="kallio",
    ),
    # Aino's renewal request went to the team that prescribed the medicine (depression).
    Row("records_staff:renewal", lambda w: {"pk": w["renewal"]}, TEAM),
    Row(
        "records_staff:thread_renewal",
        lambda w: {"thread_id": w["renewal_thread"]},
        {**TEAM, "pro_in": 302},
    ),
    # Appointments: Aino's video follow-up with the depression team and her request for a
    # phone call. Choosing a time is for a type offered to the person (Mikko is not with
    # the depression team): no one's data, so no audited refusal.
    Row("scheduling:appointment", lambda w: {"pk": w["appointment"]}, OWN),
    Row("scheduling:calendar_file", lambda w: {"pk": w["appointment"]}, OWN),
    Row("scheduling:cancel", lambda w: {"pk": w["appointment"]}, OWN),
    Row("scheduling:change", lambda w: {"pk": w["appointment"]}, OWN),
    Row("scheduling:staff_move", lambda w: {"pk": w["appointment"]}, TEAM),
    Row(
        "scheduling:choose_time",
        lambda w: {"type_id": w["appointment_type"]},
        OWN,
        personal=False,
    ),
    Row(
        "scheduling:confirm",
        lambda w: {"type_id": w["appointment_type"]},
        OWN_POST,
        method="post",
        personal=False,
    ),
    *[
        Row(
            f"scheduling:{view}",
            lambda w, key=key: {"pk": w[key]},
            TEAM_POST,
            method="post",
        )
        for view, key in (
            ("staff_mark", "appointment"),
            ("staff_cancel", "appointment"),
            ("staff_answer", "appointment_request"),
        )
    ],
    # The admin's own views of the village.
    _admin("carepaths_admin_edit", "program_pk", CONTENT_ADMIN),
    _admin("carepaths_admin_modules", "program_pk", CONTENT_ADMIN),
    _admin("carepaths_admin_module_create", "program_pk", CONTENT_ADMIN),
    _admin("carepaths_admin_module", "program_pk", CONTENT_ADMIN, module_id="module_pk"),
    _admin("carepaths_admin_schedules", "program_pk", CONTENT_ADMIN),
    # The second clinician may be a professional of the program's organization (doctor
    # Juha); the org admin edits no programs, so none is there for him.
    _admin(
        "carepaths_admin_approve",
        "program_pk",
        {**CONTENT_ADMIN, "pro_in": 200, "org_admin": 404},
    ),
    _admin("questionnaires_admin_edit", "questionnaire_pk", CONTENT_ADMIN),
    _admin("questionnaires_admin_items", "questionnaire_pk", CONTENT_ADMIN),
    _admin("questionnaires_admin_preview", "questionnaire_pk", CONTENT_ADMIN),
    _admin("questionnaires_admin_export", "questionnaire_pk", CONTENT_ADMIN),
    Row(
        "questionnaires_admin_publish",
        lambda w: {"pk": w["questionnaire_pk"]},
        {**CONTENT_ADMIN, "editor": DONE},
        method="post",
        personal=False,
    ),
    _admin("navigator_versions:edit", "navigator_version_pk", PUBLISHED_VERSION),
    _admin("navigator_versions:approve", "navigator_version_pk", CONTENT_ADMIN),
    _admin("navigator_versions:edit_as_form", "navigator_version_pk", PUBLISHED_VERSION_FORM),
    *_viewset("organizations", "organization_pk", ORGANIZATION_ADMIN)[:-4],
    # Nobody deletes an organization in the admin; its history and usage are the org admin's.
    _admin(
        "organizations:delete",
        "organization_pk",
        {**ORGANIZATION_ADMIN, "pro_in": 404, "editor": 404, "org_admin": ADMIN_DENIED},
    ),
    *_viewset("organizations", "organization_pk", ORGANIZATION_ADMIN)[2:],
    *_viewset("units", "unit_pk", ORGANIZATION_ADMIN),
    *_viewset("care_teams", "care_team_pk", ORGANIZATION_ADMIN),
    *_viewset("staff_memberships", "staff_membership_pk", ORGANIZATION_ADMIN),
    *_viewset("care_team_memberships", "care_team_membership_pk", ORGANIZATION_ADMIN),
    *_viewset("chat_services", "chat_service_pk", ORGANIZATION_ADMIN),
    *_viewset("api_clients", "api_client_pk", ORGANIZATION_ADMIN),
    *_viewset("appointment_types", "appointment_type_pk", ORGANIZATION_ADMIN),
    *_viewset("availability_rules", "availability_rule_pk", ORGANIZATION_ADMIN),
    *_viewset("availability_exceptions", "availability_exception_pk", ORGANIZATION_ADMIN),
    # The FHIR API answers only bearer tokens of API clients: a browser session, whoever
    # it belongs to, gets the OperationOutcome of a missing token.
    Row(
        "fhir:type",
        lambda w: {"resource_type": "Patient"},
        _roles(**dict.fromkeys(ROLES, 401)),
        personal=False,
    ),
    Row(
        "fhir:instance",
        lambda w: {"resource_type": "Patient", "resource_id": w["aino"]},
        _roles(**dict.fromkeys(ROLES, 401)),
        personal=False,
    ),
]


def _patterns_with_parameters(
    patterns: list, namespace: str = "", *, with_parameters: bool = True
) -> set[str]:
    """Names of the village's own URL patterns that take an id, a slug or another value
    (`with_parameters=False`: all of them)."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names |= _patterns_with_parameters(
                pattern.url_patterns, ns, with_parameters=with_parameters
            )
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "") or ""
            takes_values = pattern.pattern.regex.groups or not with_parameters
            if module.startswith("carevillage.") and takes_values:
                names.add(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def test_every_url_with_a_parameter_is_in_the_table():
    in_code = _patterns_with_parameters(get_resolver().url_patterns)
    every_name = _patterns_with_parameters(get_resolver().url_patterns, with_parameters=False)
    in_table = {row.name for row in TABLE}
    assert in_code - in_table == set(), "add these URL patterns to the authorization table"
    assert in_table - every_name == set(), "these rows name URL patterns that no longer exist"


def _world(tmp_path) -> dict[str, Any]:
    """Ids and slugs of the demo village's objects that the table's URLs point at."""
    from wagtail.models import Page

    from carevillage.carepaths.models import (
        Alert,
        Enrollment,
        EnrollmentTask,
        Exercise,
        Program,
    )
    from carevillage.careplans.models import Activity, CarePlan, Goal
    from carevillage.fhir.demo import DEMO_CLIENT_NAME
    from carevillage.fhir.models import ApiClient
    from carevillage.identity.models import Person
    from carevillage.messaging.models import Attachment, ChatService, Thread
    from carevillage.navigator.models import NavigatorVersion
    from carevillage.proxy.models import PowerOfAttorney
    from carevillage.questionnaires.models import Questionnaire, QuestionnaireResponse
    from carevillage.records.demo import _demo_pdf
    from carevillage.records.inputs import Coding, DocumentInput
    from carevillage.records.models import Document, Medication, RenewalRequest, Result
    from carevillage.records.services import file_document, request_renewal
    from carevillage.tenants.models import (
        CareTeam,
        CareTeamMembership,
        Organization,
        StaffMembership,
        Unit,
    )

    aino = Person.objects.get(oidc_subject="demo-aino")
    power = PowerOfAttorney.objects.create(
        giver=aino,
        holder=Person.objects.get(oidc_subject="demo-helena"),
        scopes=["messages"],
        valid_from=timezone.now(),
        valid_until=timezone.now() + dt.timedelta(days=365),
    )
    thread = Thread.objects.filter(patient=aino).order_by("pk").first()
    assert thread is not None
    message = thread.messages.order_by("pk").first()
    stored = "matrix-test-attachment"
    (tmp_path / stored).write_bytes(b"%PDF-1.4\n% demo\n")
    attachment = Attachment.objects.create(
        message=message,
        stored_name=stored,
        original_name="demo.pdf",
        content_type="application/pdf",
        size=16,
    )
    enrollment = (
        Enrollment.objects.filter(person=aino, care_team__name__icontains="depression")
        .order_by("pk")
        .first()
    )
    assert enrollment is not None
    module = enrollment.program.modules.order_by("position").first()
    assert module is not None
    exercise = (
        Exercise.objects.filter(module=module).first()
        or Exercise.objects.filter(module__program=enrollment.program).first()
    )
    task = EnrollmentTask.objects.filter(enrollment=enrollment).order_by("pk").first()
    alert = Alert.objects.filter(enrollment__care_team=enrollment.care_team).order_by("pk").first()
    plan = CarePlan.objects.filter(person=aino, care_team=enrollment.care_team).first()
    assert plan is not None, "Aino's care plan with the depression team"
    goal = Goal.objects.filter(plan=plan).first()
    activity = Activity.objects.filter(plan=plan).first()
    response = QuestionnaireResponse.objects.filter(person=aino).order_by("pk").first()
    self_test = Questionnaire.objects.filter(slug="phq-9").first() or Questionnaire.objects.first()
    document = Document.objects.filter(person=aino).order_by("pk").first()
    # A letter with a PDF (the demo's letters to Aino are text), shown at once.
    letter, _created = file_document(
        ApiClient.objects.get(name=DEMO_CLIENT_NAME),
        person=aino,
        source_identifier="urn:matrix|letter",
        data=DocumentInput(
            type=Coding("http://loinc.org", "11488-4", "Consultation note"),
            title="Matrix letter",
            date=timezone.now(),
            attachment=_demo_pdf(),
            content_type="application/pdf",
            filename="letter.pdf",
        ),
    )
    Document.objects.filter(pk=letter.pk).update(visible_from=timezone.now())
    leo_result = Result.objects.get(person__oidc_subject="demo-leo", hidden_from_guardians=True)
    result = Result.objects.filter(person=aino).order_by("pk").first()
    medication = Medication.objects.filter(person=aino, renewable=True).order_by("pk").first()
    assert document and result and medication, "Aino's demo record"
    renewal = RenewalRequest.objects.filter(person=aino).first() or request_renewal(
        aino.user, medication
    )
    from carevillage.scheduling.models import (
        Appointment,
        AvailabilityException,
        AvailabilityRule,
    )

    appointment = Appointment.objects.get(
        person=aino, status="booked", appointment_type__code="video-follow-up"
    )
    appointment_request = Appointment.objects.get(person=aino, status="requested")
    world = {
        "appointment": appointment.pk,
        "appointment_type": appointment.appointment_type_id,
        "appointment_request": appointment_request.pk,
        "appointment_type_pk": appointment.appointment_type_id,
        "availability_rule_pk": AvailabilityRule.objects.order_by("pk").first().pk,
        "availability_exception_pk": AvailabilityException.objects.order_by("pk").first().pk,
        "aino": aino.pk,
        "thread": thread.pk,
        "attachment": attachment.pk,
        "enrollment": enrollment.pk,
        "module": module.position,
        "module_pk": module.pk,
        "exercise": exercise.pk if exercise else 0,
        "task": task.pk if task else 0,
        "alert": alert.pk if alert else 0,
        "plan": plan.pk,
        "goal": goal.pk if goal else 0,
        "activity": activity.pk if activity else 0,
        "response": response.pk if response else 0,
        "self_test": self_test.slug if self_test else "",
        "document": document.pk,
        "letter": letter.pk,
        "leo_result": leo_result.pk,
        "result": result.pk,
        "medication": medication.pk,
        "renewal": renewal.pk,
        "power": power.pk,
        "renewal_thread": renewal.thread_id,
        "chat_service": ChatService.objects.get(slug="school-nurse").slug,
        "navigator": NavigatorVersion.objects.order_by("pk").first().navigator.slug,
        "navigator_version_pk": NavigatorVersion.objects.order_by("pk").first().pk,
        "program": Program.objects.order_by("slug").first().slug,
        "program_pk": enrollment.program.pk,
        "questionnaire_pk": self_test.pk if self_test else 0,
        "house_url": next(
            p.url for p in Page.objects.live().filter(depth=4) if p.url.startswith("/en/")
        ),
        "organization_pk": Organization.objects.first().pk,
        "unit_pk": Unit.objects.first().pk,
        "care_team_pk": CareTeam.objects.first().pk,
        "staff_membership_pk": StaffMembership.objects.first().pk,
        "care_team_membership_pk": CareTeamMembership.objects.first().pk,
        "chat_service_pk": ChatService.objects.get(slug="school-nurse").pk,
        "api_client_pk": ApiClient.objects.get(name=DEMO_CLIENT_NAME).pk,
    }
    return world


def _clients(eid) -> dict[str, tuple[Client, Any]]:
    from carevillage.identity.models import User

    clients: dict[str, tuple[Client, Any]] = {"anonymous": (Client(), None)}
    for role, sub in [("patient_a", "demo-aino"), ("patient_b", "demo-mikko")]:
        client = Client()
        login_citizen(client, sub)
        clients[role] = (client, User.objects.get(person__oidc_subject=sub))
    for role, username in [
        ("juha", "doctor.juha"),
        ("sanna", "nurse.sanna"),
        ("editor", "editor.emma"),
        ("org_admin", "admin.olli"),
    ]:
        client = Client()
        login_staff(client, username)
        clients[role] = (client, User.objects.get(username=username))
    return clients


def _outcome(response) -> int | str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("identity:login")):
            return LOGIN
        if location.startswith(reverse("identity:staff_login")):
            return STAFF_LOGIN
        if location == "/admin/":
            return ADMIN_DENIED
    return response.status_code


def _matches(actual: int | str, expected: int | str) -> bool:
    if expected == DONE:
        return actual in (200, 204, 302, 303, 400)
    return actual == expected


def test_each_role_gets_what_it_should_at_each_url(eid, settings, tmp_path):
    settings.MESSAGING_ATTACHMENT_DIR = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    world = _world(tmp_path)
    clients = _clients(eid)
    failures: list[str] = []
    cases = 0
    for row in TABLE:
        url = row.url(world) if row.url else reverse(row.name, kwargs=row.kwargs(world))
        for role in ROLES:
            client_role = role
            if role in ("pro_in", "pro_out"):
                in_team = "juha" if row.team == "depression" else "sanna"
                out_team = "sanna" if in_team == "juha" else "juha"
                client_role = in_team if role == "pro_in" else out_team
            client, user = clients[client_role]
            expected = row.expect[role]
            cases += 1
            with transaction.atomic():
                last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
                response = getattr(client, row.method)(url)
                actual = _outcome(response)
                if not _matches(actual, expected):
                    failures.append(
                        f"{row.name} {url} as {role}: got {actual}, expected {expected}"
                    )
                elif expected == 404 and row.personal and user is not None:
                    denied = AuditEvent.objects.filter(
                        pk__gt=last_event or 0, actor_user_id=user.pk, outcome=Outcome.DENIED
                    )
                    if not denied.exists():
                        failures.append(f"{row.name} {url} as {role}: 404 without a denied event")
                transaction.set_rollback(True)
    print(f"authorization matrix: {cases} cases, {len(failures)} failures")
    assert not failures, "\n".join(failures)
