"""The patient's side of a care path, through the pages: invitation, enrollment page,
modules and exercises, tasks, ended programs and joining an open program."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.models import (
    Enrollment,
    EnrollmentMode,
    EnrollmentStatus,
    EnrollmentTask,
    Exercise,
    ExerciseAnswer,
    ExerciseKind,
    MeasurementKind,
    MeasurementTask,
    ModuleCompletion,
    TaskStatus,
    UnlockRule,
)
from carevillage.carepaths.tests.factories import make_program, make_world, refer_and_accept
from carevillage.identity.tests.factories import make_person
from carevillage.questionnaires.tests.helpers import log_in_patient, option_index

pytestmark = pytest.mark.django_db


def text_of(response) -> str:  # noqa: ANN001
    return re.sub(r"\s+", " ", response.content.decode())


def patient_client(person) -> Client:  # noqa: ANN001
    client = Client()
    log_in_patient(client, person)
    return client


def invite(world, **options):  # noqa: ANN001, ANN201
    return services.refer(
        actor=world.nurse,
        person=world.patient,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
        message="Hello Paula, this program could help you.",
        **options,
    )


def test_another_patient_guessing_an_enrollment_id_gets_404_and_a_denied_audit_event():
    world = make_world()
    enrollment = refer_and_accept(world)
    intruder = make_person("Ilkka", "Intruder")
    client = patient_client(intruder)

    for url in (
        f"/en/my/care-paths/{enrollment.pk}/",
        f"/en/my/care-paths/{enrollment.pk}/modules/1/",
        f"/en/my/care-paths/{enrollment.pk}/accept/",
    ):
        assert client.get(url).status_code == 404
    exercise = Exercise.objects.get(module__program=world.program, module__position=1)
    answer_url = f"/en/my/care-paths/{enrollment.pk}/modules/1/exercises/{exercise.pk}/"
    assert client.post(answer_url, {f"answer-{exercise.pk}-text": "mine now"}).status_code == 404

    denied = AuditEvent.objects.filter(
        actor_user_id=intruder.user.pk,
        subject_person_id=world.patient.pk,
        resource_type="enrollment",
        outcome=Outcome.DENIED,
    )
    assert denied.count() == 4
    assert not ExerciseAnswer.objects.exists()


def test_my_page_shows_the_invitation_with_who_referred_and_the_message():
    world = make_world()
    enrollment = invite(world)
    page = text_of(patient_client(world.patient).get("/en/my/"))
    assert "Invitation: Test program test-icbt" in page
    assert "Nina Person from Lakeside mental health team invites you" in page
    assert "Hello Paula, this program could help you." in page
    assert f'href="/en/my/care-paths/{enrollment.pk}/accept/"' in page
    assert f'href="/en/my/care-paths/{enrollment.pk}/decline/"' in page


def test_my_page_without_programs_says_so():
    person = make_person("Eero", "Empty")
    page = text_of(patient_client(person).get("/en/my/"))
    assert "You are not taking part in any program." in page


def test_accepting_starts_the_program_writes_its_tasks_and_opens_module_one():
    world = make_world()
    enrollment = invite(world)
    client = patient_client(world.patient)

    confirm = text_of(client.get(f"/en/my/care-paths/{enrollment.pk}/accept/"))
    assert "Join the program Test program test-icbt" in confirm
    assert "Accept and start" in confirm
    assert not EnrollmentTask.objects.exists()

    accepted = client.post(f"/en/my/care-paths/{enrollment.pk}/accept/", follow=True)
    page = text_of(accepted)
    assert accepted.redirect_chain[-1][0] == f"/en/my/care-paths/{enrollment.pk}/"
    assert "You have joined the program Test program test-icbt" in page
    assert "0 of 3 modules done" in page
    assert f'href="/en/my/care-paths/{enrollment.pk}/modules/1/"' in page
    assert f'href="/en/my/care-paths/{enrollment.pk}/modules/2/"' not in page
    # PHQ-9 on day 0 and weekly to day 56: 9 dated tasks, the first to do now.
    assert EnrollmentTask.objects.filter(enrollment=enrollment).count() == 9
    assert "Answer Mood self-test (PHQ-9)" in page
    assert f"/en/my/questionnaires/phq-9/?next=/en/my/care-paths/{enrollment.pk}/" in page

    module = client.get(f"/en/my/care-paths/{enrollment.pk}/modules/1/")
    assert module.status_code == 200
    assert "Reading for module 1." in text_of(module)

    my_page = text_of(client.get("/en/my/"))
    assert "Invitation:" not in my_page
    assert "0 of 3 modules done" in my_page
    assert "Mood self-test (PHQ-9): due by" in my_page


def test_answering_an_invitation_twice_gets_a_clear_error_and_changes_nothing():
    world = make_world()
    enrollment = invite(world)
    client = patient_client(world.patient)
    client.post(f"/en/my/care-paths/{enrollment.pk}/accept/")
    started_at = Enrollment.objects.get(pk=enrollment.pk).started_at

    again = client.post(f"/en/my/care-paths/{enrollment.pk}/decline/", {"reason": "changed"})
    assert again.status_code == 400
    assert 'role="alert"' in again.content.decode()
    assert "This invitation has already been answered." in text_of(again)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert enrollment.started_at == started_at
    assert "This invitation has already been answered." in text_of(
        client.get(f"/en/my/care-paths/{enrollment.pk}/accept/")
    )


def test_declining_with_a_reason_tells_the_team_and_clears_my_page():
    world = make_world()
    enrollment = invite(world)
    client = patient_client(world.patient)

    too_long = client.post(f"/en/my/care-paths/{enrollment.pk}/decline/", {"reason": "x" * 2001})
    assert too_long.status_code == 400
    assert "The reason can be at most 2000 characters." in text_of(too_long)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.INVITED

    declined = client.post(
        f"/en/my/care-paths/{enrollment.pk}/decline/",
        {"reason": "I already see a therapist."},
        follow=True,
    )
    assert "You declined the invitation." in text_of(declined)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DECLINED
    assert enrollment.end_reason == "I already see a therapist."
    assert "Invitation:" not in text_of(client.get("/en/my/"))
    assert not EnrollmentTask.objects.exists()


def test_a_module_stays_locked_until_local_midnight_of_its_day():
    world = make_world()
    # Accepted on Monday 2 March 2026 at 12:00 in Helsinki (UTC+2): day 7 begins on
    # Monday 9 March at 00:00 Helsinki time, which is 8 March 22:00 UTC.
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        enrollment = refer_and_accept(world, time_zone="Europe/Helsinki")
    client = patient_client(world.patient)
    url = f"/en/my/care-paths/{enrollment.pk}/modules/2/"

    with time_machine.travel(dt.datetime(2026, 3, 8, 21, 59, tzinfo=dt.UTC), tick=False):
        assert client.get(url).status_code == 404
        page = text_of(client.get(f"/en/my/care-paths/{enrollment.pk}/"))
        assert "Opens on March 9, 2026" in page
        assert f'href="{url}"' not in page
    with time_machine.travel(dt.datetime(2026, 3, 8, 22, 0, tzinfo=dt.UTC), tick=False):
        assert client.get(url).status_code == 200
        assert f'href="{url}"' in text_of(client.get(f"/en/my/care-paths/{enrollment.pk}/"))


def test_a_module_after_the_previous_one_opens_when_that_one_is_done():
    world = make_world(modules=2)
    second = world.program.modules.get(position=2)
    second.unlock_rule = UnlockRule.AFTER_PREVIOUS
    second.save()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    url = f"/en/my/care-paths/{enrollment.pk}/modules/2/"

    assert client.get(url).status_code == 404
    assert "Opens after the previous module" in text_of(
        client.get(f"/en/my/care-paths/{enrollment.pk}/")
    )
    first = Exercise.objects.get(module__program=world.program, module__position=1)
    base = f"/en/my/care-paths/{enrollment.pk}/modules/1/"
    client.post(f"{base}exercises/{first.pk}/", {f"answer-{first.pk}-text": "I slept better."})
    client.post(f"{base}done/")
    assert client.get(url).status_code == 200


def test_an_empty_exercise_answer_gets_a_specific_error_and_saves_nothing():
    world = make_world()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    exercise = Exercise.objects.get(module__program=world.program, module__position=1)

    response = client.post(
        f"/en/my/care-paths/{enrollment.pk}/modules/1/exercises/{exercise.pk}/",
        {f"answer-{exercise.pk}-text": "   "},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Write something in every field before saving." in text_of(response)
    assert f'href="#exercise-{exercise.pk}"' in html
    assert 'aria-invalid="true"' in html
    assert not ExerciseAnswer.objects.exists()


def test_a_small_form_exercise_keeps_what_was_typed_when_a_field_is_missing():
    world = make_world()
    module = world.program.modules.get(position=1)
    form = Exercise.objects.create(
        module=module,
        position=2,
        prompt={"en": "Describe one situation."},
        kind=ExerciseKind.FORM,
        fields=[
            {"name": "situation", "label": {"en": "What happened?"}},
            {"name": "thought", "label": {"en": "What did you think?"}},
        ],
    )
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    url = f"/en/my/care-paths/{enrollment.pk}/modules/1/exercises/{form.pk}/"

    page = client.get(f"/en/my/care-paths/{enrollment.pk}/modules/1/").content.decode()
    assert f'<label for="answer-{form.pk}-situation">What happened?</label>' in page
    assert f'<label for="answer-{form.pk}-thought">What did you think?</label>' in page

    missing = client.post(url, {f"answer-{form.pk}-situation": "A meeting at work"})
    assert missing.status_code == 400
    assert "A meeting at work</textarea>" in missing.content.decode()
    assert not ExerciseAnswer.objects.exists()

    saved = client.post(
        url,
        {
            f"answer-{form.pk}-situation": "A meeting at work",
            f"answer-{form.pk}-thought": "They will think I am slow",
        },
        follow=True,
    )
    assert "Your answer was saved." in text_of(saved)
    assert ExerciseAnswer.objects.get(exercise=form).answers == {
        "situation": "A meeting at work",
        "thought": "They will think I am slow",
    }


def test_marking_a_module_done_needs_every_exercise_answered_then_counts_as_progress():
    world = make_world()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    exercise = Exercise.objects.get(module__program=world.program, module__position=1)
    base = f"/en/my/care-paths/{enrollment.pk}/modules/1/"

    too_early = client.post(f"{base}done/")
    assert too_early.status_code == 400
    assert "Answer every exercise in this module before marking it done." in text_of(too_early)
    assert not ModuleCompletion.objects.exists()

    client.post(
        f"{base}exercises/{exercise.pk}/", {f"answer-{exercise.pk}-text": "I noticed my mood."}
    )
    done = client.post(f"{base}done/", follow=True)
    page = text_of(done)
    assert "Module 1 is marked as done." in page
    assert "1 of 3 modules done" in page
    assert ModuleCompletion.objects.filter(enrollment=enrollment).count() == 1
    module_page = text_of(client.get(base))
    assert "Mark module as done" not in module_page
    assert "I noticed my mood." in module_page


def test_an_ended_program_stays_readable_but_nothing_can_be_changed():
    world = make_world()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    exercise = Exercise.objects.get(module__program=world.program, module__position=1)
    base = f"/en/my/care-paths/{enrollment.pk}/modules/1/"
    client.post(f"{base}exercises/{exercise.pk}/", {f"answer-{exercise.pk}-text": "First try."})
    services.end_enrollment(
        actor=world.doctor,
        enrollment=enrollment,
        status=EnrollmentStatus.DISCONTINUED,
        reason="Moved to another city.",
    )

    page = text_of(client.get(f"/en/my/care-paths/{enrollment.pk}/"))
    assert "This program was discontinued." in page
    assert "Moved to another city." in page
    assert "Your tasks" not in page
    module = text_of(client.get(base))
    assert "First try." in module
    assert "<textarea" not in module
    assert "Mark module as done" not in module

    changed = client.post(
        f"{base}exercises/{exercise.pk}/", {f"answer-{exercise.pk}-text": "Rewritten."}
    )
    assert changed.status_code == 400
    assert "This program has ended" in text_of(changed)
    assert ExerciseAnswer.objects.get().answers == {"text": "First try."}
    assert client.post(f"{base}done/").status_code == 400
    assert not ModuleCompletion.objects.exists()
    my_page = text_of(client.get("/en/my/"))
    assert "Ended programs" in my_page
    assert "Discontinued" in my_page


def test_a_measurement_task_can_be_marked_as_done_from_the_enrollment_page():
    world = make_world(weekly_phq9=False)
    MeasurementTask.objects.create(program=world.program, kind=MeasurementKind.WEIGHT, first_day=0)
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    task = EnrollmentTask.objects.get(enrollment=enrollment)

    page = text_of(client.get(f"/en/my/care-paths/{enrollment.pk}/"))
    assert "Mark Weight as done" in page
    assert "Measured values will be sent with home measurements" in page
    done = client.post(f"/en/my/care-paths/{enrollment.pk}/tasks/{task.pk}/done/", follow=True)
    assert "The task is marked as done." in text_of(done)
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert "Nothing to do right now." in text_of(done)


def test_a_questionnaire_task_returns_to_the_program_and_its_score_is_charted():
    world = make_world()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    here = f"/en/my/care-paths/{enrollment.pk}/"
    url = f"/en/my/questionnaires/phq-9/?next={here}"
    version = world.program.scheduled_questionnaires.get().questionnaire.latest_version()

    first = client.get(url)
    assert (
        f'action="/en/my/questionnaires/phq-9/?next=%2Fen%2Fmy%2Fcare-paths%2F{enrollment.pk}%2F"'
        in (first.content.decode())
    )
    shown = re.search(r'name="shown" value="([^"]*)"', first.content.decode()).group(1)
    data = {f"a:phq9-{n}": option_index(version, f"phq9-{n}", "0") for n in range(1, 10)}
    submitted = client.post(
        url,
        {**data, "action": "finish", "page": "0", "shown": shown.replace("&quot;", '"')},
        follow=True,
    )
    result = submitted.content.decode()
    assert "Back to your care program" in result
    assert f'href="{here}"' in result

    task = EnrollmentTask.objects.filter(enrollment=enrollment).order_by("day").first()
    assert task.status == TaskStatus.COMPLETED
    assert task.score == 0
    page = text_of(client.get(here))
    assert "Your results over time" in page
    assert "<svg" in page
    assert "Mood self-test (PHQ-9): " in page


def test_the_questionnaire_ignores_a_next_address_outside_the_site():
    world = make_world()
    refer_and_accept(world)
    client = patient_client(world.patient)
    for outside in ("https://evil.example/", "//evil.example/", "/en/not-a-page/"):
        page = client.get("/en/my/questionnaires/phq-9/", {"next": outside})
        assert 'action="/en/my/questionnaires/phq-9/"' in page.content.decode()


def test_a_citizen_joins_an_open_program_from_its_public_page():
    world = make_world()
    program = make_program(
        world.organization,
        slug="better-sleep-test",
        mode=EnrollmentMode.OPEN,
        default_care_team=world.team,
        weekly_phq9=False,
    )
    anonymous = Client()
    public = text_of(anonymous.get("/en/care-paths/better-sleep-test/"))
    assert "Test program better-sleep-test" in public
    assert 'href="/en/care-paths/better-sleep-test/join/"' in public
    login = anonymous.get("/en/care-paths/better-sleep-test/join/")
    assert login.status_code == 302
    assert login["Location"].startswith("/en/login/?next=")

    citizen = make_person("Sini", "Sleeper")
    client = patient_client(citizen)
    confirm = text_of(client.get("/en/care-paths/better-sleep-test/join/"))
    assert "Join and start" in confirm
    joined = client.post("/en/care-paths/better-sleep-test/join/", follow=True)
    enrollment = Enrollment.objects.get(person=citizen, program=program)
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert joined.redirect_chain[-1][0] == f"/en/my/care-paths/{enrollment.pk}/"
    assert "You have joined the program Test program better-sleep-test" in text_of(joined)

    again = client.post("/en/care-paths/better-sleep-test/join/")
    assert again.status_code == 400
    assert "You are already taking part in this program." in text_of(again)
    assert Enrollment.objects.filter(person=citizen).count() == 1
    assert "You are already taking part in this program." in text_of(
        client.get("/en/care-paths/better-sleep-test/")
    )


def test_a_referral_only_program_cannot_be_joined_from_its_page():
    world = make_world()
    citizen = make_person("Sini", "Sleeper")
    client = patient_client(citizen)
    page = text_of(client.get(f"/en/care-paths/{world.program.slug}/"))
    assert "By referral from your care team." in page
    assert "/join/" not in page
    refused = client.post(f"/en/care-paths/{world.program.slug}/join/")
    assert refused.status_code == 400
    assert "This program cannot be joined without a referral." in text_of(refused)
    assert not Enrollment.objects.filter(person=citizen).exists()


def test_my_own_reads_of_my_program_appear_in_who_has_viewed_my_data():
    world = make_world()
    enrollment = refer_and_accept(world)
    client = patient_client(world.patient)
    client.get(f"/en/my/care-paths/{enrollment.pk}/")
    page = text_of(client.get("/en/my/"))
    assert "Viewed your care program" in page
    assert "Invited you to a care program" in page


def test_a_house_lists_the_open_programs_of_its_theme_only():
    from carevillage.houses.tests.factories import make_house, make_village

    world = make_world()
    make_program(
        world.organization,
        slug="calm-evenings",
        mode=EnrollmentMode.OPEN,
        default_care_team=world.team,
        weekly_phq9=False,
    )
    home = make_village()
    mind = make_house(home, slug="mind", title="Mental health house")
    mind.theme = "mental_health"
    mind.save_revision().publish()
    surgery = make_house(home, slug="surgery", title="Surgery house")
    surgery.theme = "surgery"
    surgery.save_revision().publish()

    page = text_of(Client().get(mind.url))
    assert "Self-care programs you can join" in page
    assert 'href="/en/care-paths/calm-evenings/"' in page
    # The referral-only program of the same theme is not offered for joining.
    assert f'href="/en/care-paths/{world.program.slug}/"' not in page
    assert "/en/care-paths/" not in text_of(Client().get(surgery.url))


def test_a_nynorsk_patient_reads_the_program_in_bokmal_not_english():
    world = make_world()
    world.program.title = {**world.program.title, "nb": "Testprogram på bokmål"}
    world.program.save(update_fields=["title"])
    enrollment = invite(world)

    confirm = text_of(
        patient_client(world.patient).get(f"/nn/my/care-paths/{enrollment.pk}/accept/")
    )

    assert "Testprogram på bokmål" in confirm
    assert "Test program test-icbt" not in confirm
