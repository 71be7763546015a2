"""Fixtures for messaging: a care team with a nurse, patients registered with it, a real
SMTP server for the e-mail notifications."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from carevillage.identity.models import Person, User
from carevillage.identity.tests.factories import make_person
from carevillage.tenants.models import CareTeam, PatientRegistration
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff


@dataclass
class Village:
    team: CareTeam
    other_team: CareTeam
    nurse: User
    colleague: User
    outsider: User


@pytest.fixture
def village(db, settings, tmp_path) -> Village:
    settings.MESSAGING_ATTACHMENT_DIR = tmp_path / "attachments"
    org = make_organization()
    team = make_care_team(org, "Harbour nurses")
    other_team = make_care_team(org, "Depression care team")
    return Village(
        team=team,
        other_team=other_team,
        nurse=make_staff("nurse.hanna", org, care_teams=(team,), first_name="Hanna"),
        colleague=make_staff("nurse.ville", org, care_teams=(team,), first_name="Ville"),
        outsider=make_staff("doctor.outi", org, care_teams=(other_team,), first_name="Outi"),
    )


def register(person: Person, team: CareTeam) -> Person:
    PatientRegistration.objects.get_or_create(
        person=person, organization=team.organization, defaults={"care_team": team}
    )
    return person


def log_in_patient(client, eid, sub: str, team: CareTeam | None = None) -> Person:  # noqa: ANN001
    """A real e-ID login; the person is registered with `team` afterwards."""
    eid.log_in(client, sub)
    person = Person.objects.get(oidc_subject=sub)
    if team is not None:
        register(person, team)
    return person


def another_patient(team: CareTeam) -> Person:
    return register(make_person("Olli", "Muu"), team)


class _Collector:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free port; Django sends its mail there."""
    from conftest import free_port

    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.DEFAULT_FROM_EMAIL = "village@example.org"
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def run_queued_tasks(task_path: str) -> int:
    """Run what is queued, through django-tasks-db's own worker code (claim, run, record).

    The worker command's loop closes database connections between tasks, which a test
    inside a transaction cannot allow, so this drives the same Worker.run_task directly.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    queued = DBTaskResult.objects.ready().filter(backend_name="default", task_path=task_path)
    for result in queued:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
