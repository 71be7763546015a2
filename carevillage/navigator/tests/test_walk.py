"""A citizen walks a navigator without logging in: one question per screen, by form posts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carevillage.navigator.models import Assessment

pytestmark = pytest.mark.django_db

START = reverse("navigator:start", args=["low-back-pain"])
QUESTION = reverse("navigator:question", args=["low-back-pain"])
RESULT = reverse("navigator:result", args=["low-back-pain"])


def answer(client, node: str, value: str):
    return client.post(QUESTION, {"node": node, "answer": value, "action": "next"})


def test_navigators_are_listed_with_the_disclaimer_and_emergency_number(client, low_back):
    page = client.get("/en/navigators/").content.decode()

    assert "Low back pain" in page
    assert reverse("navigator:start", args=["low-back-pain"]) in page
    assert "In an emergency call 112" in page
    assert "does not replace a health professional" in page


def test_finnish_visitor_gets_the_finnish_texts(client, low_back):
    page = client.get("/fi/navigators/").content.decode()
    assert "Alaselkäkipu" in page


def test_walk_to_self_care_one_question_per_screen(client, low_back):
    client.post(START)
    page = client.get(QUESTION).content.decode()
    assert "numbness between your legs" in page
    assert page.count('type="radio"') == 2
    assert "In an emergency call 112" in page

    for node in ("cauda_equina", "injury", "serious_cause", "sciatica"):
        assert answer(client, node, "no")["Location"] == QUESTION
    response = answer(client, "duration", "no")
    assert response["Location"] == RESULT

    result = client.get(RESULT).content.decode()
    assert "You can probably take care of this at home" in result
    # Why: every answer that led here, in plain language.
    assert "Has the pain lasted more than six weeks?" in result
    assert "In an emergency call 112" in result
    assert 'href="/en/navigators/"' in result  # the self-care link, in the visitor's language
    assert Assessment.objects.get().level == "self_care"


def test_a_red_flag_answer_reaches_the_emergency_disposition_in_one_step(client, low_back):
    client.post(START)
    response = answer(client, "cauda_equina", "yes")

    assert response["Location"] == RESULT
    result = client.get(RESULT).content.decode()
    assert "Call 112 now" in result
    assert 'href="tel:112"' in result
    assert "sign that needs help at once" in result


def test_back_changes_the_last_answer(client, low_back):
    client.post(START)
    answer(client, "cauda_equina", "no")
    answer(client, "injury", "yes")
    assert "Call 112 now" in client.get(RESULT).content.decode()

    client.post(QUESTION, {"action": "back"})
    page = client.get(QUESTION).content.decode()
    assert "serious accident" in page
    answer(client, "injury", "no")
    answer(client, "serious_cause", "yes")

    result = client.get(RESULT).content.decode()
    assert "Contact your health centre or the on-call service today" in result
    # The one walk is counted once, with its final disposition.
    assert list(Assessment.objects.values_list("level", flat=True)) == ["urgent"]


def test_no_answer_chosen_gets_a_clear_error_and_keeps_the_question(client, low_back):
    client.post(START)
    response = client.post(QUESTION, {"node": "cauda_equina", "action": "next"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Choose one of the answers to continue." in page
    assert "numbness between your legs" in page
    response = answer(client, "cauda_equina", "maybe")
    assert response.status_code == 400


def test_answers_never_appear_in_the_address(client, low_back):
    client.post(START)
    responses = [
        answer(client, "cauda_equina", "no"),
        answer(client, "injury", "no"),
        answer(client, "serious_cause", "yes"),
    ]
    for response in responses:
        assert "?" not in response["Location"]
        assert "yes" not in response["Location"] and "no" not in response["Location"]


def test_an_answer_from_an_old_tab_does_not_skip_a_question(client, low_back):
    client.post(START)
    answer(client, "cauda_equina", "no")
    # Posting the first question again must not be taken as the answer to the second.
    response = answer(client, "cauda_equina", "yes")
    assert response["Location"] == QUESTION
    assert "serious accident" in client.get(QUESTION).content.decode()


def test_question_without_a_started_walk_goes_to_the_start(client, low_back):
    assert client.get(QUESTION)["Location"] == START
    assert client.get(RESULT)["Location"] == START


def test_unknown_navigator_is_404(client, low_back):
    assert client.get("/en/navigators/no-such/").status_code == 404


def test_result_links_the_provider_finder_filtered_by_service(client, low_back):
    """On-call care is found among the finder's emergency units."""
    client.post(START)
    answer(client, "cauda_equina", "no")
    answer(client, "injury", "no")
    answer(client, "serious_cause", "yes")
    result = client.get(RESULT).content.decode()
    assert "/en/providers/?service=emergency" in result
    assert "On-call emergency clinic" in result
