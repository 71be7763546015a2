"""Staff log in with a password and a code from their authenticator app."""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.models import User
from carevillage.identity.staff_views import PENDING_MAX_AGE_SECONDS
from carevillage.tenants.models import Role
from carevillage.testing.factories import (
    STAFF_PASSWORD,
    make_care_team,
    make_organization,
    make_staff,
    make_unit,
    make_user,
)
from carevillage.testing.staff import (
    current_code,
    enter_code,
    enter_password,
    log_in_staff,
    wrong_code,
)

pytestmark = pytest.mark.django_db

STAFF_HOME = "/en/staff/"
SECOND_FACTOR = "/en/staff/login/second-factor/"


@pytest.fixture
def organization():
    return make_organization("Harbour Health District")


@pytest.fixture
def nurse(organization):
    unit = make_unit(organization, "Harbour health station")
    team = make_care_team(organization, "Harbour nurses", unit=unit)
    return make_staff(
        "nurse.noora",
        organization,
        unit=unit,
        care_teams=(team,),
        first_name="Noora",
        last_name="Nurmi",
    )


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def denied_login_events():
    return AuditEvent.objects.filter(action="staff_login", outcome=Outcome.DENIED)


def error_summary(response) -> str:
    match = re.search(
        r'<div class="error-box" role="alert".*?</div>', response.content.decode(), re.S
    )
    assert match, "no error summary on the page"
    return match.group(0)


def fail_password(client, username: str, times: int) -> None:
    for _ in range(times):
        enter_password(client, username, password="not-the-password")


def test_password_and_code_take_staff_to_their_home_with_organization_unit_and_teams(client, nurse):
    response = enter_password(client, "nurse.noora")
    assert response.status_code == 302
    assert response["Location"] == SECOND_FACTOR
    assert not is_logged_in(client)

    response = enter_code(client, current_code(nurse))
    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME

    page = client.get(STAFF_HOME).content.decode()
    assert "Welcome, Noora Nurmi" in page
    assert "Harbour Health District" in page
    assert "Harbour health station" in page
    assert "Professional" in page
    assert "Harbour nurses" in page
    assert "Open the admin" not in page
    assert AuditEvent.objects.filter(
        action="staff_login", outcome=Outcome.ALLOWED, actor_user_id=nurse.pk
    ).exists()


def test_wrong_password_shows_one_generic_error_logs_nobody_in_and_is_audited(client, nurse):
    response = enter_password(client, "nurse.noora", password="guess")

    assert response.status_code == 200
    assert "The username or password is wrong" in error_summary(response)
    assert not is_logged_in(client)
    assert "staff_login_pending" not in client.session
    event = denied_login_events().get()
    assert event.actor_user_id == nurse.pk
    assert event.reason == "wrong password"


def test_unknown_username_gets_exactly_the_wrong_password_answer(client, nurse):
    unknown = enter_password(client, "nobody.here", password="guess")
    known = enter_password(client, "nurse.noora", password="guess")

    assert error_summary(unknown) == error_summary(known)
    assert denied_login_events().count() == 2


def test_empty_fields_are_named_and_linked_to_their_error_messages(client, nurse):
    response = client.post(reverse("identity:staff_login"), {"username": "", "password": ""})

    page = response.content.decode()
    assert '<a href="#id_username">Enter your username.</a>' in page
    assert 'id="id_username_error"' in page
    assert re.search(r'<input[^>]*aria-describedby="id_username_error"[^>]*id="id_username"', page)
    assert 'autocomplete="current-password"' in page
    assert not denied_login_events().exists()


def test_wrong_code_shows_error_logs_nobody_in_and_is_audited(client, nurse):
    enter_password(client, "nurse.noora")

    response = enter_code(client, wrong_code(nurse))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The code is wrong or has expired." in error_summary(response)
    assert re.search(r'<input[^>]*aria-describedby="id_code_helptext id_code_error"', page)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert not is_logged_in(client)
    assert denied_login_events().get().reason == "wrong code"
    nurse.refresh_from_db()
    assert nurse.failed_login_count == 1


def test_five_failures_lock_the_account_and_then_even_the_right_password_is_refused(client, nurse):
    fail_password(client, "nurse.noora", times=4)
    enter_password(client, "nurse.noora")
    response = enter_code(client, wrong_code(nurse))  # the fifth failure

    assert "This account is locked" in error_summary(response)
    assert f"about {settings.STAFF_LOGIN_LOCK_MINUTES} minutes" in error_summary(response)
    assert denied_login_events().filter(reason="wrong code; account locked").exists()

    # At the password step a locked account answers like a wrong password: the answer
    # must not tell a guesser that this username exists.
    response = enter_password(client, "nurse.noora")
    assert response.status_code == 200
    assert "The username or password is wrong" in error_summary(response)
    assert not is_logged_in(client)
    assert "staff_login_pending" not in client.session
    assert denied_login_events().filter(reason="account locked").exists()


def test_lock_set_while_someone_is_at_the_code_step_refuses_the_right_code(client, nurse):
    enter_password(client, "nurse.noora")
    fail_password(client.__class__(), "nurse.noora", times=5)  # someone else, elsewhere

    response = enter_code(client, current_code(nurse))

    assert "This account is locked" in error_summary(response)
    assert not is_logged_in(client)


def test_lock_ends_after_the_configured_minutes(client, nurse):
    fail_password(client, "nurse.noora", times=5)
    nurse.refresh_from_db()
    expected_end = timezone.now() + dt.timedelta(minutes=settings.STAFF_LOGIN_LOCK_MINUTES)
    assert abs(nurse.locked_until - expected_end) < dt.timedelta(seconds=30)

    # Travel to just after the lock ends.
    User.objects.filter(pk=nurse.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    response = log_in_staff(client, nurse)

    assert response["Location"] == STAFF_HOME
    assert is_logged_in(client)
    nurse.refresh_from_db()
    assert nurse.locked_until is None and nurse.failed_login_count == 0


def test_session_key_changes_at_login(client, nurse):
    enter_password(client, "nurse.noora")
    key_before = client.session.session_key
    assert key_before

    enter_code(client, current_code(nurse))

    assert client.session.session_key != key_before
    assert is_logged_in(client)


def test_user_without_staff_membership_is_sent_to_e_id(client):
    make_user("citizen.cecilia")

    response = enter_password(client, "citizen.cecilia")

    assert "This login is for staff. Citizens log in with e-ID." in error_summary(response)
    assert not is_logged_in(client)
    assert "staff_login_pending" not in client.session
    assert denied_login_events().get().reason == "not staff"


def test_password_step_expires_after_five_minutes(client, nurse):
    enter_password(client, "nurse.noora")
    session = client.session
    session["staff_login_pending"]["started"] -= PENDING_MAX_AGE_SECONDS + 1
    session.save()

    response = enter_code(client, current_code(nurse))

    assert response.status_code == 302
    assert response["Location"] == reverse("identity:staff_login")
    assert not is_logged_in(client)
    assert "took too long" in client.get(response["Location"]).content.decode()


def test_code_step_without_password_step_goes_back_to_the_password(client):
    response = client.get(SECOND_FACTOR)

    assert response.status_code == 302
    assert response["Location"] == reverse("identity:staff_login")


def test_staff_home_needs_a_full_login(client, nurse):
    response = client.get(STAFF_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:staff_login"))

    client.force_login(nurse)  # a password without the second factor
    assert client.get(STAFF_HOME).status_code == 302


def test_safe_next_is_followed_and_foreign_next_ignored(client, nurse, organization):
    response = log_in_staff(client, nurse, next_url="/en/staff/?tab=teams")
    assert response["Location"] == "/en/staff/?tab=teams"

    other = make_staff("doctor.dora", organization)
    response = log_in_staff(client.__class__(), other, next_url="https://evil.example/")
    assert response["Location"] == STAFF_HOME


def test_admin_without_second_factor_redirects_to_staff_login(client, organization):
    admin = make_staff("admin.aapo", organization, role=Role.ORG_ADMIN)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("identity:staff_login") + "?next=%2Fadmin%2F"


def test_org_admin_reaches_the_admin_after_full_login(client, organization):
    admin = make_staff("admin.aapo", organization, role=Role.ORG_ADMIN)

    response = log_in_staff(client, admin, next_url="/admin/")
    assert response["Location"] == "/admin/"

    assert client.get("/admin/").status_code == 200
    assert "Open the admin" in client.get(STAFF_HOME).content.decode()


def test_professional_is_turned_away_from_the_admin(client, nurse):
    log_in_staff(client, nurse)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:staff_login"))


def test_demo_totp_prints_the_code_the_login_accepts(client, nurse, capsys):
    call_command("demo_totp", "nurse.noora")
    code = capsys.readouterr().out.strip()

    assert re.fullmatch(r"[0-9]{6}", code)
    enter_password(client, "nurse.noora")
    assert enter_code(client, code)["Location"] == STAFF_HOME


def test_a_locked_account_answers_exactly_like_an_unknown_username(client, nurse):
    fail_password(client, "nurse.noora", times=settings.STAFF_LOGIN_MAX_FAILURES)
    nurse.refresh_from_db()
    assert nurse.is_locked()

    locked = enter_password(client, "nurse.noora")  # even the right password
    unknown = enter_password(client, "nobody.here", password="guess")

    assert locked.status_code == unknown.status_code == 200
    assert error_summary(locked) == error_summary(unknown)
    assert "locked" in error_summary(unknown)  # the one message names both possibilities
    assert denied_login_events().filter(reason="account locked").exists()


def _seconds(client, username: str, password: str) -> float:
    started = time.perf_counter()
    enter_password(client, username, password=password)
    return time.perf_counter() - started


def test_every_password_step_failure_takes_about_as_long_as_a_password_check(client, nurse):
    """A locked account used to answer in 8 ms and a wrong password in 220 ms."""
    User.objects.filter(pk=nurse.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=10))
    make_user("nurse.other")
    timings = {
        case: statistics.median(_seconds(client, name, password) for _ in range(3))
        for case, (name, password) in {
            "unknown": ("nobody.here", "guess"),
            "locked": ("nurse.noora", "guess"),
            "wrong": ("nurse.other", "guess"),
        }.items()
    }

    fastest, slowest = min(timings.values()), max(timings.values())
    assert fastest > 0.4 * slowest, timings


def test_failures_for_one_username_are_throttled_whether_it_exists_or_not(client, nurse, settings):
    settings.STAFF_LOGIN_FAILURES_PER_USERNAME = 3
    settings.STAFF_LOGIN_MAX_FAILURES = 100  # the lock would answer first otherwise
    fail_password(client, "nurse.noora", times=3)
    fail_password(client, "nobody.here", times=3)

    real = enter_password(client, "nurse.noora")  # the right password, too late
    unknown = enter_password(client, "nobody.here", password="guess")

    assert real.status_code == unknown.status_code == 429
    assert "Too many failed logins" in error_summary(real)
    assert error_summary(real) == error_summary(unknown)
    assert "staff_login_pending" not in client.session
    assert denied_login_events().filter(reason="throttled").count() == 2
    # Another username from elsewhere is not affected.
    other = make_staff("nurse.nelli", nurse.staff_memberships.get().organization)
    assert enter_password(client.__class__(), "nurse.nelli")["Location"] == SECOND_FACTOR
    assert other.pk


def test_failures_from_one_address_are_throttled_across_usernames(client, nurse, settings):
    settings.STAFF_LOGIN_FAILURES_PER_IP = 4
    for name in ("a.one", "b.two", "c.three", "d.four"):
        enter_password(client, name, password="guess")

    response = enter_password(client, "nurse.noora")

    assert response.status_code == 429
    assert "Too many failed logins" in error_summary(response)
    assert not is_logged_in(client)
    # The same person from another address logs in.
    assert (
        client.post(
            reverse("identity:staff_login"),
            {"username": "nurse.noora", "password": STAFF_PASSWORD},
            REMOTE_ADDR="10.0.0.9",
        )["Location"]
        == SECOND_FACTOR
    )
