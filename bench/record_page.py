"""`make bench`: the patient's health record with 5,000 results and 200 documents.

Migrates a fresh SQLite database and builds one patient whose record came from five
organizations: 5,000 laboratory results of 20 tests, 200 documents, 20 vaccinations and
10 medicines. Bulk inserts straight into the tables: this is load data, not a user story.
The patient's session is made directly (e-ID at a high level of assurance, as the login
leaves it), so the bench needs no e-ID provider.

It then reports
- the SQL queries of each record page, counted in-process around a real request (the
  start page, a result page, a page of the results list, a page of the documents, the
  vaccination card; the print view, which holds the whole record, for comparison);
- latency under load: a fixed number of concurrent requests of the logged-in patient to
  the real ASGI server (uvicorn, one worker, as `make run` starts it): req/s, p50, p95.

Every page served audits the entries it shows (the start page its newest document,
result and vaccination per organization), in one insert.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import CONCURRENCY, load, percentile  # noqa: E402
from care_dashboard import time_requests  # noqa: E402

from carevillage.devserver import _detach_and_die_with_parent, wait_for  # noqa: E402
from conftest import free_port  # noqa: E402

RESULTS = int(os.environ.get("BENCH_RESULTS", "5000"))
DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "200"))
ORGANIZATIONS = 5
TESTS = 20
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = 1.0
SEQUENTIAL_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def build() -> dict:
    """The patient and her record. Returns what the load needs."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from carevillage.identity.models import Person, User
    from carevillage.identity.national_id import finnish_check_character
    from carevillage.records.models import Document, Immunization, Medication, Result
    from carevillage.tenants.models import Organization

    rng = random.Random(15)
    now = timezone.now()
    with transaction.atomic():
        organizations = [
            Organization.objects.create(name=f"Bench district {n} (demo)", slug=f"bench-{n}")
            for n in range(ORGANIZATIONS)
        ]
        user = User.objects.create_user("bench.patient", first_name="Bench", last_name="Patient")
        person = Person(user=user, oidc_subject="bench-patient", given_name="Bench")
        person.family_name = "Patient (demo)"
        person.birth_date = dt.date(1970, 5, 1)
        date_part, individual = "010570", "900"
        person.set_national_id(
            f"{date_part}-{individual}{finnish_check_character(date_part, individual)}"
        )
        person.save()

        def common(n: int, kind: str, filed: dt.datetime) -> dict:
            return {
                "person": person,
                "organization": organizations[n % ORGANIZATIONS],
                "source_identifier": f"urn:bench|{kind}-{n}",
                "filed_at": filed,
                "visible_from": filed,
                "is_demo": True,
            }

        results = []
        for n in range(RESULTS):
            taken = now - dt.timedelta(hours=6 * n + 1)
            value = Decimal(rng.randint(90, 170))
            results.append(
                Result(
                    **common(n, "result", taken),
                    system="http://loinc.org",
                    code=f"9{n % TESTS:03d}-0",
                    display=f"Bench test {n % TESTS} (demo)",
                    category="laboratory",
                    effective_at=taken,
                    value=value,
                    unit="g/L",
                    reference_low=Decimal(117),
                    reference_high=Decimal(155),
                    interpretation="L" if value < 117 else "H" if value > 155 else "N",
                )
            )
        Result.objects.bulk_create(results, batch_size=2000)
        Document.objects.bulk_create(
            (
                Document(
                    **common(n, "document", now - dt.timedelta(days=n + 1)),
                    type_system="http://loinc.org",
                    type_code="34108-1",
                    type_display="Outpatient note",
                    title=f"Bench visit note {n} (demo)",
                    author="Dr. Bench (demo)",
                    date=now - dt.timedelta(days=n + 1),
                    text="DEMO — invented text, not medical advice.\n\n"
                    + "Seen at the clinic. " * 40,
                )
                for n in range(DOCUMENTS)
            ),
            batch_size=500,
        )
        Immunization.objects.bulk_create(
            Immunization(
                **common(n, "vaccine", now - dt.timedelta(days=365 * n + 1)),
                vaccine_system="http://www.whocc.no/atc",
                vaccine_code="J07BB02",
                vaccine_display="Influenza, inactivated, split virus",
                occurred_on=(now - dt.timedelta(days=365 * n + 1)).date(),
                dose_number=1,
                series_doses=1,
            )
            for n in range(20)
        )
        Medication.objects.bulk_create(
            Medication(
                **common(n, "medicine", now - dt.timedelta(days=30 * n + 1)),
                system="http://www.whocc.no/atc",
                code="N06AB06",
                display="sertraline",
                name=f"Bench medicine {n} (demo)",
                dosage_text="1 tablet once a day (demo)",
                status="active" if n < 4 else "completed",
                start_date=(now - dt.timedelta(days=30 * n + 1)).date(),
            )
            for n in range(10)
        )
    newest = Result.objects.filter(person=person).order_by("-effective_at").first()
    assert newest is not None
    return {"user": user, "result": newest.pk}


def session_for(user) -> str:  # noqa: ANN001
    """The session an e-ID login at a high level of assurance leaves (see identity.views)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["loa"] = "high"
    session.save()
    return session.session_key or ""


def count_queries(session: str, url: str) -> tuple[int, float, int]:
    """(queries, milliseconds, bytes) of one request, in-process (after one warm-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), elapsed, len(response.content)


def main() -> None:
    began = time.perf_counter()
    var_dir = Path(tempfile.mkdtemp(prefix="carevillage-bench-record-"))
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
    print(f"Building one record of {RESULTS:,} results and {DOCUMENTS:,} documents…", flush=True)
    built_at = time.perf_counter()
    world = build()
    print(f"  built in {time.perf_counter() - built_at:.0f} s")
    session = session_for(world["user"])
    pages = {
        "start page": "/en/my/record/",
        "result page": f"/en/my/record/results/{world['result']}/",
        "results, page 1": "/en/my/record/results/",
        "documents, page 1": "/en/my/record/documents/",
        "vaccination card": "/en/my/record/vaccinations/card/",
        "print view (all)": "/en/my/record/print/",
    }
    print("SQL queries per page, in-process (one request after a warm-up):")
    for name, url in pages.items():
        queries, ms, size = count_queries(session, url)
        print(f"  {name:<18} {queries:3d} queries  {ms:7.1f} ms  {size / 1024:6.0f} KiB")
    for name in ("start page", "result page"):
        times = time_requests(session, pages[name], SEQUENTIAL_REQUESTS)
        print(
            f"  {name}, one request at a time ({len(times)}): "
            f"p50 {percentile(times, 0.50):.1f} ms  p95 {percentile(times, 0.95):.1f} ms"
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
        cookies = {"sessionid": session}
        for name in ("start page", "result page", "results, page 1"):
            path = pages[name]
            asyncio.run(load(base_url, path, WARMUP_SECONDS, cookies=cookies, timeout=30))
            _ok, latencies, errors = asyncio.run(
                load(base_url, path, SECONDS, cookies=cookies, timeout=30)
            )
            print(
                f"  {name:<18} {len(latencies) / SECONDS:7.1f} req/s  "
                f"p50 {percentile(latencies, 0.50) * 1000:7.1f} ms  "
                f"p95 {percentile(latencies, 0.95) * 1000:7.1f} ms  errors {errors}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"total bench time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
