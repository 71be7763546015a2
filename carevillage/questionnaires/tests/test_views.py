"""Self-tests anonymously and questionnaires as a logged-in patient, through the pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from carevillage.audit.models import AuditEvent
from carevillage.identity.tests.factories import make_person
from carevillage.questionnaires.demo import seed_demo
from carevillage.questionnaires.models import AnonymousResultCount, QuestionnaireResponse
from carevillage.questionnaires.selectors import questionnaire_by_slug
from carevillage.questionnaires.tests.helpers import log_in_patient, option_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def instruments():
    seed_demo()
    return {
        slug: questionnaire_by_slug(slug=slug).latest_version()
        for slug in ("phq-9", "audit", "stroke-signs")
    }


def hidden(response, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert match, name
    return match.group(1).replace("&quot;", '"')


def phq9_post(version, code: str, *, item9: str | None = None, previous=None) -> dict:
    data = {f"a:phq9-{n}": option_index(version, f"phq9-{n}", code) for n in range(1, 10)}
    if item9 is not None:
        data["a:phq9-9"] = option_index(version, "phq9-9", item9)
    if previous is not None:
        data.update(
            state=hidden(previous, "state"),
            page=hidden(previous, "page"),
            shown=hidden(previous, "shown"),
        )
    data["action"] = "finish"
    return data


def test_public_self_tests_are_listed_in_each_language(client, instruments):
    page = client.get("/en/self-tests/")
    assert page.status_code == 200
    for title in (
        "Mood self-test (PHQ-9)",
        "Anxiety self-test (GAD-7)",
        "My drinking, full test (AUDIT)",
        "Know the signs of stroke (quiz)",
    ):
        assert title in page.content.decode()
    assert "Mielialan itsearvio (PHQ-9)" in client.get("/fi/self-tests/").content.decode()


def test_anonymous_phq9_gives_score_band_advice_and_stores_only_a_count(client, instruments):
    version = instruments["phq-9"]
    first = client.get("/en/self-tests/phq-9/")
    assert "How hard have these problems made it" not in first.content.decode()
    # Any problem ticked opens the closing question on the same page, without JavaScript.
    second = client.post(
        "/en/self-tests/phq-9/", phq9_post(version, "2", item9="0", previous=first)
    )
    assert "Your answers opened more questions below" in second.content.decode()
    assert "How hard have these problems made it" in second.content.decode()
    data = phq9_post(version, "2", item9="0", previous=second)
    data["a:phq9-difficulty"] = "1"
    result = client.post("/en/self-tests/phq-9/", data)
    assert result.status_code == 303
    text = client.get(result["Location"]).content.decode()
    assert "Total score: 16 out of 27" in text
    assert "Result group: Moderately severe symptoms" in text
    assert "not a diagnosis and not medical advice" in text
    assert "Talk to a professional: log in with e-ID" in text
    assert QuestionnaireResponse.objects.count() == 0
    count = AnonymousResultCount.objects.get()
    assert (count.questionnaire.slug, count.band_code, count.count) == (
        "phq-9",
        "moderately-severe",
        1,
    )


def test_anonymous_phq9_item_9_shows_the_urgent_message(client, instruments):
    version = instruments["phq-9"]
    first = client.get("/en/self-tests/phq-9/")
    second = client.post(
        "/en/self-tests/phq-9/", phq9_post(version, "0", item9="1", previous=first)
    )
    data = phq9_post(version, "0", item9="1", previous=second)
    data["a:phq9-difficulty"] = "0"
    text = client.post("/en/self-tests/phq-9/", data, follow=True).content.decode()
    assert "Total score: 1 out of 27" in text
    assert "You mentioned thoughts of death or of hurting yourself" in text


def test_reloading_or_going_back_from_the_result_counts_once_and_resubmits_nothing(
    client, instruments
):
    version = instruments["phq-9"]
    first = client.get("/en/self-tests/phq-9/")
    data = phq9_post(version, "0", item9="0", previous=first)
    finished = client.post("/en/self-tests/phq-9/", data)
    assert finished.status_code == 303
    assert finished["Location"] == "/en/self-tests/phq-9/?result=1"
    # The answers are not in the address.
    assert "phq9" not in finished["Location"]
    for _reload in range(2):
        page = client.get(finished["Location"])
        assert "Total score: 0 out of 27" in page.content.decode()
    back = client.get("/en/self-tests/phq-9/")
    assert back.status_code == 200
    assert AnonymousResultCount.objects.get().count == 1


def test_unanswered_questions_are_named_in_the_summary_and_nothing_is_counted(client, instruments):
    version = instruments["phq-9"]
    first = client.get("/en/self-tests/phq-9/")
    data = phq9_post(version, "0", previous=first)
    del data["a:phq9-4"]
    data["a:phq9-5"] = "7"
    page = client.post("/en/self-tests/phq-9/", data)
    text = page.content.decode()
    assert page.status_code == 400
    assert 'role="alert"' in text
    assert "Feeling tired or having little energy: Answer this question." in text
    assert "Poor appetite or eating too much: Choose one of the options." in text
    assert AnonymousResultCount.objects.count() == 0


def test_tampered_answers_are_refused_with_a_message(client, instruments):
    version = instruments["phq-9"]
    data = phq9_post(version, "0")
    data.update(state="forged", page="0", shown="[]")
    page = client.post("/en/self-tests/phq-9/", data, follow=True)
    assert "Your earlier answers could not be read" in page.content.decode()
    assert AnonymousResultCount.objects.count() == 0


def test_audit_goes_page_by_page_and_back_keeps_answers(client, instruments):
    version = instruments["audit"]
    first = client.get("/fi/self-tests/audit/")
    assert "Sivu 1/2" in first.content.decode()
    assert "Kuinka usein juot alkoholia sisältäviä juomia?" in first.content.decode()
    answers = {"a:audit-1": option_index(version, "audit-1", "o2")}
    step = client.post(
        "/en/self-tests/audit/",
        {
            **answers,
            "action": "next",
            "state": hidden(first, "state"),
            "page": "0",
            "shown": hidden(first, "shown"),
        },
    )
    # Questions 2 and 3 opened: the same page asks them first.
    assert "Your answers opened more questions" in step.content.decode()
    answers.update(
        {
            "a:audit-2": option_index(version, "audit-2", "n0"),
            "a:audit-3": option_index(version, "audit-3", "f0"),
        }
    )
    second = client.post(
        "/en/self-tests/audit/",
        {
            **answers,
            "action": "next",
            "state": hidden(step, "state"),
            "page": "0",
            "shown": hidden(step, "shown"),
        },
    )
    text = second.content.decode()
    assert "Page 2 of 2" in text
    # WHO skip rule: with 0 points on questions 2 and 3, only questions 9 and 10 are asked.
    assert "could not stop drinking" not in text
    assert "been hurt because of your drinking" in text
    back = client.post(
        "/en/self-tests/audit/",
        {
            "action": "back",
            "state": hidden(second, "state"),
            "page": "1",
            "shown": hidden(second, "shown"),
        },
    )
    assert "Page 1 of 2" in back.content.decode()
    assert re.search(r'value="2" checked', back.content.decode())
    final = client.post(
        "/en/self-tests/audit/",
        {
            "action": "finish",
            "state": hidden(second, "state"),
            "page": "1",
            "shown": hidden(second, "shown"),
            "a:audit-9": option_index(version, "audit-9", "y0"),
            "a:audit-10": option_index(version, "audit-10", "y4"),
        },
        follow=True,
    )
    # Post, redirect, get: Back from the result does not resubmit the answers.
    assert final.redirect_chain[-1][1] == 303
    assert "Total score: 6 out of 40" in final.content.decode()
    assert "Low risk (zone I)" in final.content.decode()


def test_quiz_gives_feedback_per_answer_and_a_final_score(client, instruments):
    version = instruments["stroke-signs"]
    first = client.get("/en/self-tests/stroke-signs/")
    data = {
        "action": "finish",
        "state": hidden(first, "state"),
        "page": "0",
        "shown": hidden(first, "shown"),
        "a:stroke-1": option_index(version, "stroke-1", "a"),
        "a:stroke-2": option_index(version, "stroke-2", "a"),
        "a:stroke-3": option_index(version, "stroke-3", "a"),
        "a:stroke-4": option_index(version, "stroke-4", "b"),
    }
    text = client.post("/en/self-tests/stroke-signs/", data, follow=True).content.decode()
    assert "Correct answers: 3 out of 4" in text
    assert text.count("Not quite") == 1
    assert "Right answer: Call the emergency number at once" in text


def test_patient_saves_a_draft_resumes_on_another_device_and_sees_history(instruments):
    version = instruments["audit"]
    person = make_person("Aino", "Testinen")
    phone, laptop = Client(), Client()
    log_in_patient(phone, person)
    log_in_patient(laptop, person)
    url = "/en/my/questionnaires/audit/"
    first = phone.get(url)
    answers = {
        "a:audit-1": option_index(version, "audit-1", "o4"),
        "a:audit-2": option_index(version, "audit-2", "n2"),
        "a:audit-3": option_index(version, "audit-3", "f3"),
    }
    shown = '["audit-amount", "audit-1", "audit-2", "audit-3"]'
    saved = phone.post(url, {**answers, "action": "save", "page": "0", "shown": shown}, follow=True)
    assert "Your answers are saved as a draft" in saved.content.decode()
    assert hidden(first, "page") == "0"

    resumed = laptop.get(url)
    text = resumed.content.decode()
    assert "You are continuing your saved draft." in text
    assert re.search(rf'name="a:audit-3" value="{answers["a:audit-3"]}" checked', text)
    moved = laptop.post(
        url, {**answers, "action": "next", "page": "0", "shown": shown}, follow=True
    )
    assert "Page 2 of 2" in moved.content.decode()
    # The phone now opens at page 2 as well.
    assert "Page 2 of 2" in phone.get(url).content.decode()

    page2 = {f"a:audit-{n}": option_index(version, f"audit-{n}", "f1") for n in range(4, 9)}
    page2.update(
        {
            "a:audit-9": option_index(version, "audit-9", "y0"),
            "a:audit-10": option_index(version, "audit-10", "y2"),
        }
    )
    shown2 = '["audit-effects"' + "".join(f', "audit-{n}"' for n in range(4, 11)) + "]"
    done = phone.post(url, {**page2, "action": "finish", "page": "1", "shown": shown2}, follow=True)
    text = done.content.decode()
    assert "Total score: 16 out of 40" in text  # 4 + 2 + 3 + 5 * 1 + 0 + 2
    assert "Harmful drinking (zone III)" in text
    response = QuestionnaireResponse.objects.get()
    assert (response.status, response.person, response.band_code) == ("completed", person, "zone-3")

    history = phone.get("/en/my/questionnaires/audit/history/").content.decode()
    assert "<svg" in history and "<table>" in history
    assert "Harmful drinking (zone III)" in history
    export = phone.get(f"/en/my/responses/{response.pk}/fhir/")
    assert export["Content-Type"] == "application/fhir+json"
    assert export.json()["resourceType"] == "QuestionnaireResponse"


def test_someone_elses_response_is_404_and_the_attempt_is_audited(instruments, client):
    version = instruments["phq-9"]
    from carevillage.questionnaires import services

    owner = make_person()
    draft = services.save_draft(actor=owner.user, version=version, answers={}, page=0)
    intruder = make_person()
    log_in_patient(client, intruder)
    assert client.get(f"/en/my/responses/{draft.pk}/").status_code == 404
    assert client.get(f"/en/my/responses/{draft.pk}/fhir/").status_code == 404
    assert (
        AuditEvent.objects.filter(
            actor_user_id=intruder.user.pk, subject_person_id=owner.pk, outcome="deny"
        ).count()
        == 2
    )


def test_my_questionnaires_need_e_id_login(client, instruments):
    page = client.get("/en/my/questionnaires/phq-9/")
    assert page.status_code == 302
    assert page["Location"].startswith("/en/login/?next=")
