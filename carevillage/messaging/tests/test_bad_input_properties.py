"""Property tests: whatever a form or a script sends to the messaging and notify
endpoints that take ids or JSON, the answer is a specific 4xx, never a 500, and nothing
is written. Each test prints how many inputs it tried."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from carevillage.messaging.models import ConsultationMember, Message, Thread
from carevillage.messaging.selectors import parse_id
from carevillage.notify.models import PushSubscription
from carevillage.testing.staff import log_in_staff

from .conftest import log_in_patient

# Ids a person could type or a script could send: numbers too large for any database
# column, negative, spaced, non-ASCII digits, and ordinary text.
ID_LIKE = st.one_of(
    st.integers(min_value=2**63, max_value=2**200).map(str),
    st.integers(max_value=0).map(str),
    st.text(alphabet="0123456789 +-e.٣", min_size=1, max_size=40),
    st.text(max_size=30),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts() -> tuple[int, int, int, int]:
    return (
        Thread.objects.count(),
        Message.objects.count(),
        ConsultationMember.objects.count(),
        PushSubscription.objects.count(),
    )


def test_consultation_form_with_any_member_or_patient_ids_answers_400_and_writes_nothing(
    village,
):
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    before = _counts()
    tried = []

    @PROPERTY
    @given(
        members=st.lists(ID_LIKE, min_size=1, max_size=3), patient=st.one_of(st.just(""), ID_LIKE)
    )
    def attempt(members: list[str], patient: str) -> None:
        # A short digit string can be a real colleague's id, which is a valid consultation.
        assume(all(parse_id(member) is None for member in members))
        tried.append(1)
        response = nurse.post(
            reverse("messaging:consultations"),
            {
                "topic": "Dosage",
                "body": "What would you do?",
                "members": members,
                "patient": patient,
                "client_key": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert _counts() == before

    attempt()
    print(f"consultation form: {len(tried)} inputs")
    assert len(tried) >= 20


def test_huge_or_odd_ids_in_addresses_and_manage_forms_never_answer_500(client, eid, village):
    aino = log_in_patient(client, eid, "demo-aino", village.team)
    client.post(
        reverse("messaging:new_thread"),
        {
            "care_team": village.team.pk,
            "topic": "Rash",
            "body": "It itches.",
            "client_key": str(uuid.uuid4()),
        },
    )
    thread = Thread.objects.get(patient=aino)
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    before = _counts()
    tried = []

    @PROPERTY
    @given(
        thread_id=st.integers(min_value=2**63, max_value=2**80),
        value=ID_LIKE,
        action=st.sampled_from(["assign", "add_member"]),
    )
    def attempt(thread_id: int, value: str, action: str) -> None:
        # Only values that name no row: an empty assignee (back to the team) or a real
        # id is a valid form.
        assume(parse_id(value) is None and value.strip() != "")
        tried.append(1)
        assert nurse.get(f"/en/messages/{thread_id}/").status_code == 404
        assert nurse.get(f"/en/messages/{thread.pk}/attachments/{thread_id}/").status_code == 404
        field = "assignee" if action == "assign" else "member"
        response = nurse.post(
            reverse("messaging:manage_thread", args=[thread.pk]), {"action": action, field: value}
        )
        assert response.status_code in (400, 404)
        response = client.post(
            reverse("messaging:new_thread"),
            {"care_team": value, "topic": "T", "body": "B", "client_key": str(uuid.uuid4())},
        )
        assert response.status_code == 400
        assert _counts() == before

    attempt()
    print(f"ids in addresses and forms: {len(tried)} inputs")
    assert len(tried) >= 20


def test_push_subscription_endpoint_with_any_json_answers_400_and_writes_nothing(
    client, eid, village
):
    log_in_patient(client, eid, "demo-aino", village.team)
    url = reverse("notify:push_subscription")
    before = _counts()
    tried = []

    @PROPERTY
    @given(
        body=st.one_of(
            JSON_VALUES.map(json.dumps),
            st.dictionaries(
                st.sampled_from(["action", "endpoint", "keys"]), JSON_VALUES, max_size=3
            ).map(lambda d: json.dumps({**d, "action": "subscribe"})),
            st.integers(min_value=1, max_value=100_000).map(lambda n: "[" * n + "]" * n),
            st.integers(min_value=1, max_value=5_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
            st.binary(max_size=50).map(lambda b: b.decode("latin-1")),
        )
    )
    def attempt(body: str) -> None:
        tried.append(1)
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"]
        assert _counts() == before

    attempt()
    print(f"push subscription JSON: {len(tried)} inputs")
    assert len(tried) >= 20


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_gets_its_own_error(client, eid, village, depth):
    log_in_patient(client, eid, "demo-aino", village.team)
    response = client.post(
        reverse("notify:push_subscription"),
        data="[" * depth + "]" * depth,
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error in ("The request is nested too deeply.", "The request is too large.")
    assert not PushSubscription.objects.exists()


def test_integer_overflow_in_consultation_members_gets_a_specific_error(village):
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    response = nurse.post(
        reverse("messaging:consultations"),
        {"topic": "T", "body": "B", "members": [str(2**64)], "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert "Choose the colleagues from the list." in response.content.decode()
    assert not Thread.objects.exists()
