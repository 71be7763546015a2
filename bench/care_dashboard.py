"""`make bench`: the care-team dashboard with 2,000 enrolled patients and 100,000 responses.

Migrates a fresh SQLite database, then builds one care team running a weekly PHQ-9
program with 2,000 active enrollments, 50 answered PHQ-9s each (100,000 questionnaire
responses, each completing a dated task), some overdue tasks, open alerts and completed
modules. Bulk inserts straight into the tables: this is load data, not a user story.

It then reports
- the number of SQL queries one dashboard page (50 rows, sorted by latest score) takes,
  counted in-process around a real request, and the same for a 10-row page — the count
  does not grow with the rows;
- latency under load: a fixed number of concurrent logged-in requests to the real ASGI
  server (uvicorn, one worker, as `make run` starts it): req/s, p50 and p99.

Every page served writes one audit event per patient shown (50 rows: 50 events, one insert).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import CONCURRENCY, load, percentile  # noqa: E402

from carevillage.devserver import _detach_and_die_with_parent, wait_for  # noqa: E402
from conftest import free_port  # noqa: E402

PATIENTS = int(os.environ.get("BENCH_PATIENTS", "2000"))
RESPONSES_PER_PATIENT = 50  # 2,000 x 50 = 100,000
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = 1.0
PASSWORD = "bench-dashboard-password-2026"
SEQUENTIAL_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
# Measured with this bench's build and timing before the page was reworked for its query
# budget (commit 026a7dd, same database, same machine, run alternately with the new code):
# queries of the first 50-row page of a process (19 once the site and locale are cached)
# and ms per request in-process.
BEFORE = {"queries": 22, "p50": 49.9, "p95": 75.7}


def build(var_dir: Path) -> dict:
    """The care team, its doctor and the enrollments. Returns what the load needs."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carevillage.carepaths.models import (
        Alert,
        Enrollment,
        EnrollmentMode,
        EnrollmentTask,
        Module,
        ModuleCompletion,
        Program,
        ScheduledQuestionnaire,
    )
    from carevillage.identity.models import Person, User
    from carevillage.identity.national_id import finnish_check_character
    from carevillage.questionnaires.instruments import INSTRUMENTS
    from carevillage.questionnaires.models import QuestionnaireResponse
    from carevillage.questionnaires.services import publish_version
    from carevillage.tenants.models import CareTeam, CareTeamMembership, Organization, Role
    from carevillage.tenants.services import add_staff_membership

    rng = random.Random(6)
    now = timezone.now()
    started = now - dt.timedelta(days=7 * RESPONSES_PER_PATIENT + 3)
    with transaction.atomic():
        organization = Organization.objects.create(name="Bench Health District", slug="bench")
        team = CareTeam.objects.create(organization=organization, name="Bench care team")
        doctor = User.objects.create_user(
            "bench.doctor", password=PASSWORD, first_name="Bench", last_name="Doctor"
        )
        TOTPDevice.objects.create(user=doctor, name="bench", confirmed=True)
        add_staff_membership(
            actor=None, user=doctor, organization=organization, unit=None, role=Role.PROFESSIONAL
        )
        CareTeamMembership.objects.create(care_team=team, user=doctor)
        build_phq9, kind, public = INSTRUMENTS["phq-9"]
        version = publish_version(
            actor=None, slug="phq-9", definition=build_phq9(), kind=kind, is_public=public
        )
        program = Program.objects.create(
            organization=organization,
            slug="bench-icbt",
            title={"en": "Bench program (demo)"},
            enrollment_mode=EnrollmentMode.REFERRAL,
            duration_days=7 * RESPONSES_PER_PATIENT + 7,
            is_published=True,
        )
        modules = Module.objects.bulk_create(
            Module(program=program, position=n, title={"en": f"Module {n}"}, unlock_day=7 * n)
            for n in range(1, 10)
        )
        rule = ScheduledQuestionnaire.objects.create(
            program=program,
            questionnaire=version.questionnaire,
            first_day=0,
            every_days=7,
            alert_band_codes="severe",
        )

        persons = []
        for number in range(PATIENTS):
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=number * 7)
            date_part, individual = birth.strftime("%d%m%y"), f"9{number % 100:02d}"
            person = Person(given_name=f"Bench{number:04d}", family_name="Patient (demo)")
            person.set_national_id(
                f"{date_part}-{individual}{finnish_check_character(date_part, individual)}"
            )
            persons.append(person)
        Person.objects.bulk_create(persons, batch_size=2000)
        enrollments = Enrollment.objects.bulk_create(
            (
                Enrollment(
                    program=program,
                    person=person,
                    care_team=team,
                    responsible=doctor if number % 2 else None,
                    referred_by=doctor,
                    source="referral",
                    status="active",
                    time_zone="Europe/Helsinki",
                    invited_at=started,
                    responded_at=started,
                    started_at=started,
                    last_activity_at=now - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 30)),
                )
                for number, person in enumerate(persons)
            ),
            batch_size=2000,
        )
        ModuleCompletion.objects.bulk_create(
            (
                ModuleCompletion(enrollment=enrollment, module=module, completed_at=now)
                for enrollment in enrollments
                for module in modules[: rng.randint(0, 9)]
            ),
            batch_size=5000,
        )

        total_responses = 0
        for offset in range(0, len(enrollments), 100):
            chunk = enrollments[offset : offset + 100]
            responses, days = [], []
            for enrollment in chunk:
                for week in range(RESPONSES_PER_PATIENT):
                    score = rng.randint(0, 27)
                    band = "severe" if score >= 20 else "moderate" if score >= 10 else "mild"
                    responses.append(
                        QuestionnaireResponse(
                            version=version,
                            person_id=enrollment.person_id,
                            status="completed",
                            scores={"total": score},
                            band_code=band,
                            submitted_at=started + dt.timedelta(days=7 * week, hours=10),
                        )
                    )
                    days.append((enrollment, week, score, band))
            QuestionnaireResponse.objects.bulk_create(responses, batch_size=5000)
            total_responses += len(responses)
            tasks = []
            for response, (enrollment, week, score, band) in zip(responses, days, strict=True):
                day_start = started + dt.timedelta(days=7 * week)
                tasks.append(
                    EnrollmentTask(
                        enrollment=enrollment,
                        kind="questionnaire",
                        scheduled_questionnaire=rule,
                        day=7 * week,
                        available_at=day_start,
                        remind_at=day_start + dt.timedelta(hours=9),
                        due_at=day_start + dt.timedelta(days=3),
                        status="completed",
                        completed_at=response.submitted_at,
                        response=response,
                        score=score,
                        band_code=band,
                    )
                )
            for enrollment in chunk[::7]:  # every seventh patient is late with this week's
                day_start = started + dt.timedelta(days=7 * RESPONSES_PER_PATIENT - 7 * 0)
                tasks.append(
                    EnrollmentTask(
                        enrollment=enrollment,
                        kind="questionnaire",
                        scheduled_questionnaire=rule,
                        day=7 * RESPONSES_PER_PATIENT,
                        available_at=now - dt.timedelta(days=4),
                        remind_at=now - dt.timedelta(days=4) + dt.timedelta(hours=9),
                        due_at=now - dt.timedelta(days=1),
                    )
                )
            EnrollmentTask.objects.bulk_create(tasks, batch_size=5000)
            # What the submission service keeps on the enrollment: the latest score and
            # the one before it (the dashboard's score column and trend).
            for enrollment in chunk:
                enrollment.latest_score_questionnaire_id = version.questionnaire_id
            for response, (enrollment, _week, score, _band) in zip(responses, days, strict=True):
                enrollment.previous_score = enrollment.latest_score
                enrollment.latest_score = score
                enrollment.latest_score_at = response.submitted_at
            Enrollment.objects.bulk_update(
                chunk,
                ["latest_score", "previous_score", "latest_score_questionnaire", "latest_score_at"],
            )
            Alert.objects.bulk_create(
                Alert(
                    enrollment=enrollment,
                    response=responses[index * RESPONSES_PER_PATIENT + RESPONSES_PER_PATIENT - 1],
                    reason="band",
                    code="severe",
                    raised_at=now,
                )
                for index, enrollment in enumerate(chunk)
                if (offset + index) % 10 == 0
            )
    return {"team": team.pk, "responses": total_responses, "doctor": doctor}


def log_in(doctor) -> str:  # noqa: ANN001
    """The doctor's session through the real password and second-factor views."""
    from django.test import Client
    from django.urls import reverse

    from carevillage.testing.staff import current_code

    client = Client(HTTP_HOST="127.0.0.1")
    client.post(
        reverse("identity:staff_login"), {"username": doctor.username, "password": PASSWORD}
    )
    response = client.post(reverse("identity:staff_second_factor"), {"code": current_code(doctor)})
    assert response.status_code == 302, "bench login failed"
    return client.cookies["sessionid"].value


def count_queries(session: str, url: str) -> tuple[int, int, float]:
    """(queries, rows shown, milliseconds) for one request, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    rows = response.content.decode().count('<th scope="row">')
    return len(captured), rows, elapsed


def time_requests(session: str, url: str, count: int = SEQUENTIAL_REQUESTS) -> list[float]:
    """Milliseconds for each of `count` requests one after the other, in-process: the
    work one request costs, without waiting behind others."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    client.get(url)  # warm: templates compiled, site and locale cached
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    began = time.perf_counter()
    var_dir = Path(tempfile.mkdtemp(prefix="carevillage-bench-dashboard-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "carevillage.settings",
        "CAREVILLAGE_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    print("Migrating a fresh database…", flush=True)
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True)
    print(
        f"Building {PATIENTS:,} enrollments and {PATIENTS * RESPONSES_PER_PATIENT:,} "
        "questionnaire responses…",
        flush=True,
    )
    built_at = time.perf_counter()
    world = build(var_dir)
    print(f"  built in {time.perf_counter() - built_at:.0f} s ({world['responses']:,} responses)")
    session = log_in(world["doctor"])
    url = f"/en/care-team/?team={world['team']}&sort=score&dir=desc"
    queries, rows, cold_ms = count_queries(session, url)
    few_queries, few_rows, _ms = count_queries(
        session, f"/en/care-team/?team={world['team']}&alerts=1&overdue=1&sort=score"
    )
    print(
        f"one dashboard page: {queries} SQL queries for {rows} rows ({few_queries} for {few_rows})"
    )
    print(f"  first request in-process: {cold_ms:.0f} ms")
    times = time_requests(session, url)
    p50, p95 = percentile(times, 0.50), percentile(times, 0.95)
    print(
        f"one request at a time, in-process ({len(times)} requests, 50 rows): "
        f"p50 {p50:.1f} ms  p95 {p95:.1f} ms"
    )
    if BEFORE["queries"]:
        print(
            f"  before (026a7dd): {BEFORE['queries']} queries, p50 {BEFORE['p50']:.1f} ms, "
            f"p95 {BEFORE['p95']:.1f} ms; now {queries} queries, "
            f"{BEFORE['p50'] / p50:.1f}x less time per request (p50)"
        )

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "carevillage.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(base_url + "/healthz", process=server)
        print(f"{CONCURRENCY} concurrent connections, {SECONDS:.0f} s per URL, one uvicorn worker")
        for name, path in (
            ("sorted by latest score", url),
            ("open alerts only", f"/en/care-team/?team={world['team']}&alerts=1&sort=alerts"),
        ):
            cookies = {"sessionid": session}
            asyncio.run(load(base_url, path, WARMUP_SECONDS, cookies=cookies, timeout=30))
            _ok, latencies, errors = asyncio.run(
                load(base_url, path, SECONDS, cookies=cookies, timeout=30)
            )
            print(
                f"{name:<24} {len(latencies) / SECONDS:7.1f} req/s  "
                f"p50 {percentile(latencies, 0.50) * 1000:7.1f} ms  "
                f"p95 {percentile(latencies, 0.95) * 1000:7.1f} ms  "
                f"p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  errors {errors}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"total bench time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
