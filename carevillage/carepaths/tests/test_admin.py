"""Editors build care programs in the admin: settings, modules with reading and exercises,
scheduled questionnaires and measurements. Driven through the real admin pages: each test
opens a page, fills in its form as rendered, and posts it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.models import (
    EnrollmentTask,
    Exercise,
    MeasurementTask,
    Module,
    Program,
    ScheduledQuestionnaire,
)
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.questionnaires.tests.helpers import publish
from carevillage.tenants.models import Role
from carevillage.tenants.services import add_staff_membership
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------
# Helpers: a page's form as the browser would send it


def form_values(html: str) -> dict[str, Any]:
    """The values the page's main form would post if submitted unchanged."""
    soup = BeautifulSoup(html, "html.parser")
    forms = soup.find_all("form", method="post")
    form = max(forms, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
    values: dict[str, Any] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if field.name == "textarea":
            values[name] = field.text.lstrip("\n")
        elif field.name == "select":
            # Like a browser: the selected option, else the first one.
            chosen = field.find("option", selected=True) or field.find("option")
            values[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values[name] = field.get("value", "on")
        elif field.get("type") != "submit":
            values[name] = field.get("value", "")
    return values


def rich_text(text: str) -> str:
    """What the rich-text editor posts for one paragraph."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def submit(client: Any, url: str, changes: dict[str, Any], drop: tuple[str, ...] = ()) -> Any:
    values = form_values(client.get(url).content.decode())
    values.update(changes)
    for name in drop:
        values.pop(name, None)
    return client.post(url, values)


def errors_of(response: Any) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    summary = soup.find(attrs={"role": "alert", "id": "error-summary"})
    return summary.get_text(" ", strip=True) if summary else ""


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def editor(client, world):
    user = make_staff("editor.lake", world.organization, role=Role.EDITOR)
    log_in_staff(client, user)
    return user


NEW_PROGRAM = {
    "slug": "walking-after-stroke",
    "title_en": "Walking after a stroke",
    "title_fi": "Kävely aivoinfarktin jälkeen",
    "summary_en": "Demo program.",
    "enrollment_mode": "referral",
    "duration_days": "30",
    "reminder_time": "08:30",
    "house_theme": "heart",
}


# ---------------------------------------------------------------------------------------
# Programs


def test_editor_creates_a_program_with_titles_per_language_and_sees_it_listed(
    client, editor, world
):
    response = submit(client, "/admin/care-programs/new/", NEW_PROGRAM)
    program = Program.objects.get(slug="walking-after-stroke")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/care-programs/{program.pk}/modules/"
    assert program.organization == world.organization
    assert program.title == {"en": "Walking after a stroke", "fi": "Kävely aivoinfarktin jälkeen"}
    assert program.duration_days == 30 and str(program.reminder_time) == "08:30:00"
    assert not program.is_published
    assert AuditEvent.objects.filter(
        action="create_care_program", resource_id=str(program.pk)
    ).exists()
    listing = client.get("/admin/care-programs/").content.decode()
    assert "Walking after a stroke" in listing and world.program.title["en"] in listing
    assert "Care programs" in client.get("/admin/").content.decode()  # in the admin menu


def test_the_program_form_has_one_title_input_per_language(client, editor):
    page = client.get("/admin/care-programs/new/").content.decode()
    for code in ("fi", "sv", "nb", "en"):
        assert f'name="title_{code}"' in page and f'name="summary_{code}"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"enrollment_mode": "open", "default_care_team": ""}, "An open program needs a care team"),
        ({"duration_days": "0"}, "A program lasts at least 1 day."),
        ({"title_en": "", "title_fi": ""}, "Give the program a title in at least one language."),
        ({"slug": "test-icbt"}, "This short name is already in use"),
        ({"reminder_time": "25:99"}, "Give the time as hours and minutes"),
    ],
)
def test_bad_program_settings_are_refused_with_a_specific_error_and_nothing_saved(
    client, editor, world, changes, message
):
    before = Program.objects.count()
    response = submit(client, "/admin/care-programs/new/", {**NEW_PROGRAM, **changes})
    assert response.status_code == 200
    assert message in errors_of(response)
    assert Program.objects.count() == before


def test_an_open_program_cannot_use_a_care_team_of_another_organization(client, editor):
    elsewhere = make_care_team(make_organization("Hill Health"), "Hill nurses")
    response = submit(
        client,
        "/admin/care-programs/new/",
        {**NEW_PROGRAM, "enrollment_mode": "open", "default_care_team": str(elsewhere.pk)},
    )
    assert "Select a valid choice" in errors_of(response)
    assert not Program.objects.filter(slug="walking-after-stroke").exists()


def test_editor_publishes_an_open_program_run_by_a_team_of_the_organization(client, editor, world):
    program = world.program
    response = submit(
        client,
        f"/admin/care-programs/{program.pk}/",
        {
            "enrollment_mode": "open",
            "default_care_team": str(world.team.pk),
            "title_sv": "Testprogram",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.enrollment_mode == "open" and program.default_care_team == world.team
    assert program.title["sv"] == "Testprogram" and program.title["en"] == "Test program test-icbt"


def test_a_program_cannot_be_shortened_below_its_last_module_or_schedule(client, editor, world):
    # The factory's third module unlocks on day 14 and PHQ-9 runs weekly to day 56.
    response = submit(client, f"/admin/care-programs/{world.program.pk}/", {"duration_days": "10"})
    assert "falls on day 14" in errors_of(response)
    world.program.refresh_from_db()
    assert world.program.duration_days == 56


def test_the_edit_pages_say_running_enrollments_keep_their_tasks(client, editor, world):
    enrollment = refer_and_accept(world)
    tasks_before = list(enrollment.tasks.values_list("day", "due_at"))
    page = client.get(f"/admin/care-programs/{world.program.pk}/").content.decode()
    assert "their tasks are not rewritten" in page
    submit(
        client,
        f"/admin/care-programs/{world.program.pk}/schedules/",
        {"questionnaires-0-every_days": "14", "questionnaires-0-window_days": "5"},
    )
    assert ScheduledQuestionnaire.objects.get(program=world.program).every_days == 14
    assert list(enrollment.tasks.values_list("day", "due_at")) == tasks_before


# ---------------------------------------------------------------------------------------
# Modules and exercises


def test_editor_adds_a_module_with_rich_text_reading_and_a_form_exercise(client, editor, world):
    program = world.program
    response = submit(
        client,
        f"/admin/care-programs/{program.pk}/modules/new/",
        {
            "title_en": "Noticing thoughts",
            "title_fi": "Ajatusten huomaaminen",
            "reading_en": rich_text("Thoughts are not facts."),
            "unlock_rule": "previous",
            "exercises-0-prompt_en": "Write down one moment this week.",
            "exercises-0-kind": "form",
            "exercises-0-field_names": "situation\nthought",
            "exercises-0-labels_en": "What happened\nWhat you thought",
            "exercises-0-labels_fi": "Mitä tapahtui\nMitä ajattelit",
        },
    )
    assert response.status_code == 302, errors_of(response)
    module = Module.objects.get(program=program, title__en="Noticing thoughts")
    assert module.position == 4 and module.unlock_rule == "previous"
    assert "Thoughts are not facts." in module.reading["en"]
    assert module.reading["en"].startswith("<p")
    (exercise,) = module.exercises.all()
    assert exercise.kind == "form"
    assert exercise.fields == [
        {"name": "situation", "label": {"en": "What happened", "fi": "Mitä tapahtui"}},
        {"name": "thought", "label": {"en": "What you thought", "fi": "Mitä ajattelit"}},
    ]
    # The saved module opens again with its exercise filled in.
    again = form_values(client.get(response["Location"]).content.decode())
    assert again["exercises-0-field_names"].splitlines() == ["situation", "thought"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unlock_day": "57"}, "Day 57 is after the program ends: the program lasts 56 days."),
        ({"unlock_day": "-1"}, "The unlock day cannot be negative."),
        (
            {
                "exercises-0-prompt_en": "Fill in",
                "exercises-0-kind": "form",
                "exercises-0-field_names": "situation\nsituation",
                "exercises-0-labels_en": "One\nTwo",
            },
            "Each field name can be used once; repeated: situation.",
        ),
        (
            {
                "exercises-0-prompt_en": "Fill in",
                "exercises-0-kind": "form",
                "exercises-0-field_names": "situation\nthought",
                "exercises-0-labels_en": "Only one",
            },
            "Give exactly one label per field name (2).",
        ),
        (
            {
                "exercises-0-prompt_en": "Fill in",
                "exercises-0-kind": "form",
                "exercises-0-field_names": "Situation now",
                "exercises-0-labels_en": "One",
            },
            "“Situation now” is not a valid field name",
        ),
        ({"title_en": ""}, "Give the module a title in at least one language."),
    ],
)
def test_bad_module_input_is_refused_with_a_specific_error_and_nothing_saved(
    client, editor, world, changes, message
):
    before = (Module.objects.count(), Exercise.objects.count())
    response = submit(
        client,
        f"/admin/care-programs/{world.program.pk}/modules/new/",
        {"title_en": "New module", "unlock_rule": "day", "unlock_day": "7", **changes},
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert (Module.objects.count(), Exercise.objects.count()) == before


def test_editor_reorders_and_removes_modules(client, editor, world):
    program = world.program
    first, second, third = program.modules.order_by("position")
    url = f"/admin/care-programs/{program.pk}/modules/"
    client.post(url, {"module": second.pk, "action": "up"})
    assert list(program.modules.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
        third.pk,
    ]
    client.post(url, {"module": second.pk, "action": "remove"})
    assert list(program.modules.order_by("position").values_list("pk", "position")) == [
        (first.pk, 1),
        (third.pk, 2),
    ]


def test_a_module_a_patient_has_worked_on_cannot_be_removed(client, editor, world):
    from carevillage.carepaths.enrollments import services

    enrollment = refer_and_accept(world)
    first = world.program.modules.get(position=1)
    services.answer_exercise(
        actor=world.patient.user,
        enrollment=enrollment,
        exercise=first.exercises.get(),
        data={"text": "My answer"},
    )
    response = client.post(
        f"/admin/care-programs/{world.program.pk}/modules/",
        {"module": first.pk, "action": "remove"},
    )
    assert "Patients have already worked on this module" in errors_of(response)
    assert Module.objects.filter(pk=first.pk).exists()
    # Nor can its answered exercise be deleted from the module page.
    response = submit(
        client,
        f"/admin/care-programs/{world.program.pk}/modules/{first.pk}/",
        {"exercises-0-DELETE": "on"},
    )
    assert "Patients have answered the exercise" in errors_of(response)
    assert first.exercises.count() == 1


# ---------------------------------------------------------------------------------------
# Schedules


def test_editor_schedules_a_questionnaire_with_alerts_and_a_measurement(client, editor, world):
    program = world.program
    url = f"/admin/care-programs/{program.pk}/schedules/"
    gad7 = publish("gad-7")
    response = submit(
        client,
        url,
        {
            "questionnaires-1-questionnaire": str(gad7.questionnaire.pk),
            "questionnaires-1-first_day": "0",
            "questionnaires-1-every_days": "28",
            "questionnaires-1-last_day": "56",
            "questionnaires-1-window_days": "7",
            "questionnaires-1-alert_band_codes": "severe",
            "measurements-0-kind": "weight",
            "measurements-0-first_day": "0",
            "measurements-0-every_days": "7",
            "measurements-0-window_days": "2",
        },
    )
    assert response.status_code == 302, errors_of(response)
    gad = ScheduledQuestionnaire.objects.get(program=program, questionnaire=gad7.questionnaire)
    assert (gad.first_day, gad.every_days, gad.last_day, gad.window_days) == (0, 28, 56, 7)
    assert gad.alert_bands() == {"severe"} and gad.alert_on_critical_flag
    weight = MeasurementTask.objects.get(program=program)
    assert (weight.kind, weight.every_days, weight.last_day) == ("weight", 7, None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"questionnaires-0-first_day": "14", "questionnaires-0-last_day": "7"},
            "The last day cannot be before the first day.",
        ),
        (
            {"questionnaires-0-every_days": "0"},
            "Repeat every must be at least 1 day; leave it empty for once.",
        ),
        (
            {"questionnaires-0-last_day": "60"},
            "Day 60 is after the program ends: the program lasts 56 days.",
        ),
        (
            {"questionnaires-0-alert_band_codes": "severe, terrible"},
            "phq-9 has no band terrible. Its bands are: minimal, mild, moderate",
        ),
        (
            {
                "measurements-0-kind": "weight",
                "measurements-0-first_day": "0",
                "measurements-0-window_days": "0",
            },
            "Give the patient at least 1 day to complete it.",
        ),
    ],
)
def test_bad_schedules_are_refused_with_a_specific_error_and_nothing_saved(
    client, editor, world, changes, message
):
    before = list(ScheduledQuestionnaire.objects.values())
    response = submit(client, f"/admin/care-programs/{world.program.pk}/schedules/", changes)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert list(ScheduledQuestionnaire.objects.values()) == before
    assert not MeasurementTask.objects.exists()


def test_a_schedule_patients_have_tasks_from_cannot_be_removed_or_repointed(client, editor, world):
    refer_and_accept(world)
    response = submit(
        client,
        f"/admin/care-programs/{world.program.pk}/schedules/",
        {"questionnaires-0-DELETE": "on"},
    )
    assert "Patients already have tasks from the schedule" in errors_of(response)
    assert ScheduledQuestionnaire.objects.filter(program=world.program).exists()
    assert EnrollmentTask.objects.exists()
    gad7 = publish("gad-7")
    response = submit(
        client,
        f"/admin/care-programs/{world.program.pk}/schedules/",
        {"questionnaires-0-questionnaire": str(gad7.questionnaire.pk)},
    )
    assert "add a new schedule instead of changing what it asks for" in errors_of(response)
    assert ScheduledQuestionnaire.objects.get(program=world.program).questionnaire.slug == "phq-9"


# ---------------------------------------------------------------------------------------
# Who may do this


def test_an_editor_of_another_organization_sees_none_of_its_programs(client, world):
    other = make_staff("editor.hill", make_organization("Hill Health"), role=Role.EDITOR)
    log_in_staff(client, other)
    listing = client.get("/admin/care-programs/")
    assert listing.status_code == 200
    assert world.program.slug not in listing.content.decode()
    for path in ("", "modules/", "schedules/", "modules/new/"):
        assert client.get(f"/admin/care-programs/{world.program.pk}/{path}").status_code == 404
    response = client.post(
        f"/admin/care-programs/{world.program.pk}/", {**NEW_PROGRAM, "duration_days": "99"}
    )
    assert response.status_code == 404
    world.program.refresh_from_db()
    assert world.program.duration_days == 56


def test_an_org_admin_without_the_editor_role_is_refused(client, world):
    admin = make_staff("admin.lake", world.organization, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    # Wagtail turns a refusal into a redirect to the admin home with an error message.
    for url in ("/admin/care-programs/", f"/admin/care-programs/{world.program.pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    home = client.get("/admin/").content.decode()
    assert "Care programs" not in home


def test_a_professional_without_the_editor_role_is_refused(client, world):
    log_in_staff(client, world.nurse)
    assert client.get("/admin/care-programs/").status_code in (302, 403)
    response = client.post(f"/admin/care-programs/{world.program.pk}/", NEW_PROGRAM)
    assert response.status_code in (302, 403)
    world.program.refresh_from_db()
    assert world.program.duration_days == 56


def test_an_editor_in_two_organizations_chooses_where_the_program_belongs(client, world):
    second = make_organization("Hill Health")
    user = make_staff("editor.both", world.organization, role=Role.EDITOR)
    add_staff_membership(actor=None, user=user, organization=second, role=Role.EDITOR)
    log_in_staff(client, user)
    response = submit(
        client, "/admin/care-programs/new/", {**NEW_PROGRAM, "organization": str(second.pk)}
    )
    assert response.status_code == 302
    assert Program.objects.get(slug="walking-after-stroke").organization == second
