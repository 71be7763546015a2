"""Small builders for care-path tests: a program, a team that runs it, a patient in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from carevillage.carepaths.enrollments import services
from carevillage.carepaths.models import (
    EnrollmentMode,
    Exercise,
    ExerciseKind,
    Module,
    Program,
    ScheduledQuestionnaire,
    UnlockRule,
)
from carevillage.identity.tests.factories import make_person
from carevillage.questionnaires.models import Questionnaire
from carevillage.questionnaires.tests.helpers import publish
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff


def make_program(
    organization: Any,
    *,
    slug: str = "test-icbt",
    mode: str = EnrollmentMode.REFERRAL,
    duration_days: int = 56,
    modules: int = 3,
    weekly_phq9: bool = True,
    default_care_team: Any = None,
    reminder_time: dt.time = dt.time(9, 0),
) -> Program:
    """A published program: module 1 on day 0, then one module a week; each module has a
    free-text exercise; PHQ-9 on day 0 and then weekly (alerts on item 9 and "severe")."""
    program = Program.objects.create(
        organization=organization,
        slug=slug,
        title={"en": f"Test program {slug}", "fi": f"Testiohjelma {slug}"},
        summary={"en": "A program for tests."},
        house_theme="mental_health",
        enrollment_mode=mode,
        default_care_team=default_care_team,
        duration_days=duration_days,
        reminder_time=reminder_time,
        is_published=True,
    )
    for position in range(1, modules + 1):
        module = Module.objects.create(
            program=program,
            position=position,
            title={"en": f"Module {position}"},
            reading={"en": f"<p>Reading for module {position}.</p>"},
            unlock_rule=UnlockRule.ON_DAY,
            unlock_day=(position - 1) * 7,
        )
        Exercise.objects.create(
            module=module,
            position=1,
            prompt={"en": f"Homework {position}: what did you notice?"},
            kind=ExerciseKind.FREE_TEXT,
        )
    if weekly_phq9:
        questionnaire = Questionnaire.objects.filter(slug="phq-9").first()
        if questionnaire is None:
            questionnaire = publish("phq-9").questionnaire
        ScheduledQuestionnaire.objects.create(
            program=program,
            questionnaire=questionnaire,
            first_day=0,
            every_days=7,
            window_days=3,
            alert_on_critical_flag=True,
            alert_band_codes="severe",
        )
    return program


@dataclass
class CarePathWorld:
    organization: Any
    team: Any
    other_team: Any
    nurse: Any
    doctor: Any
    outsider: Any
    patient: Any
    program: Any


def make_world(**program_options: Any) -> CarePathWorld:
    """An organization with two care teams, a nurse and a doctor in the first, a
    professional in the second, a patient and a published program."""
    organization = make_organization("Lakeside Health District")
    team = make_care_team(organization, "Lakeside mental health team")
    other_team = make_care_team(organization, "Lakeside heart team")
    nurse = make_staff("nurse.lake", organization, care_teams=(team,), first_name="Nina")
    doctor = make_staff("doctor.lake", organization, care_teams=(team,), first_name="Daniel")
    outsider = make_staff("nurse.heart", organization, care_teams=(other_team,))
    patient = make_person("Paula", "Patient")
    program = make_program(organization, **program_options)
    return CarePathWorld(organization, team, other_team, nurse, doctor, outsider, patient, program)


def refer_and_accept(world: CarePathWorld, **options: Any):  # noqa: ANN201 - an Enrollment
    enrollment = services.refer(
        actor=world.nurse,
        person=world.patient,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
        message="Welcome to the program.",
        **options,
    )
    return services.accept_invitation(actor=world.patient.user, enrollment=enrollment)
