"""The FHIR API as an EHR uses it: discovery, patients by identity number, referrals as
ServiceRequests, and every refusal as a specific OperationOutcome. Every returned
resource is validated against the R4 models."""

from __future__ import annotations

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from carevillage.audit.models import AuditEvent
from carevillage.audit.selectors import trail_page
from carevillage.audit.services import verify_chain
from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.fhir.mapping.base import FINNISH_ID, USERNAME_SYSTEM
from carevillage.identity import national_id
from carevillage.identity.models import Person
from carevillage.notify.models import Notification, NotificationEmail
from carevillage.testing.factories import make_care_team, make_organization, make_person
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db

FHIR = "application/fhir+json"
UNKNOWN_ID = "150385-9" + "72" + national_id.finnish_check_character("150385", "972")


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def ehr(world):
    return make_api_client(world.organization)


def outcome(response, status: int, code: str) -> str:  # noqa: ANN001
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(FHIR)
    parsed = OperationOutcome.model_validate(response.json())
    assert parsed.issue[0].code == code
    return parsed.issue[0].diagnostics or ""


def bundle(response):  # noqa: ANN001, ANN201
    assert response.status_code == 200, response.content
    return Bundle.model_validate(response.json())


def referral(world, **changes):  # noqa: ANN001, ANN003, ANN201
    body = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
        "subject": {"identifier": {"system": FINNISH_ID, "value": world.patient.national_id}},
        "instantiatesCanonical": [f"http://testserver/fhir/PlanDefinition/{world.program.slug}"],
        "requester": {"identifier": {"system": USERNAME_SYSTEM, "value": world.doctor.username}},
        "performer": [{"reference": f"CareTeam/{world.team.pk}"}],
        "note": [{"text": "Referred from the outpatient clinic."}],
    }
    body.update(changes)
    return body


def post(client, path, body, headers):  # noqa: ANN001, ANN201
    return client.post(path, body, content_type=FHIR, **headers)


def test_discovery_documents_describe_what_works(client):
    smart = client.get("/fhir/.well-known/smart-configuration").json()
    assert smart["token_endpoint"] == "http://testserver/fhir/auth/token"
    assert "client_credentials" in smart["grant_types_supported"]
    assert "private_key_jwt" in smart["token_endpoint_auth_methods_supported"]
    assert {"RS384", "ES384"} <= set(smart["token_endpoint_auth_signing_alg_values_supported"])
    response = client.get("/fhir/metadata?_format=json")
    assert response["Content-Type"].startswith(FHIR)
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    resources = {r.type: r for r in statement.rest[0].resource}
    assert {i.code for i in resources["Patient"].interaction} == {"read", "search-type"}
    assert {p.name for p in resources["Patient"].searchParam} >= {"identifier", "_id"}
    assert {i.code for i in resources["ServiceRequest"].interaction} == {"read", "create"}
    assert {i.code for i in resources["Subscription"].interaction} == {"read", "create", "update"}
    assert resources["Subscription"].versioning == "versioned-update"
    assert resources["QuestionnaireResponse"].searchInclude == ["QuestionnaireResponse:patient"]
    assert "system/Subscription.cru" in smart["scopes_supported"]
    outcome(client.get("/fhir/metadata?_format=xml"), 406, "not-supported")


def test_without_a_token_or_with_a_bad_one_everything_is_401(client):
    assert "bearer token" in outcome(client.get("/fhir/Patient"), 401, "login")
    bad = client.get("/fhir/Patient/1", HTTP_AUTHORIZATION="Bearer not-a-token")
    outcome(bad, 401, "login")
    assert bad["WWW-Authenticate"].startswith("Bearer")


def test_patient_found_by_identity_code_only_once_the_organization_cares_for_them(
    client, world, ehr
):
    headers = ehr.headers(client)
    search = f"/fhir/Patient?identifier={FINNISH_ID}|{world.patient.national_id}"
    assert bundle(client.get(search, **headers)).entry is None
    outcome(client.get(f"/fhir/Patient/{world.patient.pk}", **headers), 404, "not-found")
    denied = AuditEvent.objects.filter(
        action="view_person", outcome="deny", subject_person_id=world.patient.pk
    )
    assert denied.count() == 1

    refer_and_accept(world)
    found = bundle(client.get(search, **headers))
    [entry] = found.entry
    patient = Patient.model_validate(entry.resource.model_dump())
    assert patient.name[0].family == "Patient"
    assert patient.identifier[0].value == world.patient.national_id
    read = client.get(f"/fhir/Patient/{world.patient.pk}", **headers)
    assert Patient.model_validate(read.json()).id == str(world.patient.pk)
    [viewed] = AuditEvent.objects.filter(
        action="view_person", outcome="allow", subject_person_id=world.patient.pk
    )
    # The trail names the client and its organization, not a user.
    assert (viewed.actor_user_id, viewed.actor_label) == (None, "Lakeside EHR")
    assert viewed.actor_organization == "Lakeside Health District"
    assert AuditEvent.objects.filter(
        action="find_person", outcome="allow", subject_person_id=world.patient.pk
    ).exists()
    # The person's "Who has viewed my data" names the EHR and its organization, and the
    # chain with the client's events still verifies.
    page = trail_page(actor=world.patient.user, person=world.patient)
    [ehr_entry] = [entry for entry in page.object_list if entry.who == "Lakeside EHR"][:1]
    assert ehr_entry.organization == "Lakeside Health District"
    assert verify_chain()[1] is None


def test_client_of_another_organization_sees_nothing_and_is_audited(client, world):
    refer_and_accept(world)
    other = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    headers = other.headers(client)
    search = f"/fhir/Patient?identifier={FINNISH_ID}|{world.patient.national_id}"
    assert bundle(client.get(search, **headers)).entry is None
    outcome(client.get(f"/fhir/Patient/{world.patient.pk}", **headers), 404, "not-found")
    [denied] = AuditEvent.objects.filter(actor_label="Fjord EHR", outcome="deny")
    assert denied.subject_person_id == world.patient.pk
    enrollment = Enrollment.objects.get(person=world.patient)
    outcome(client.get(f"/fhir/ServiceRequest/{enrollment.pk}", **headers), 404, "not-found")


def test_a_client_limited_to_one_team_sees_only_that_teams_patients(client, world):
    refer_and_accept(world)
    heart = make_api_client(world.organization, name="Heart EHR", care_teams=(world.other_team,))
    read = client.get(f"/fhir/Patient/{world.patient.pk}", **heart.headers(client))
    outcome(read, 404, "not-found")


def test_missing_scope_is_403_and_names_the_interaction(client, world):
    refer_and_accept(world)
    searcher = make_api_client(world.organization, "system/Patient.s", name="Search only")
    headers = searcher.headers(client)
    message = outcome(client.get(f"/fhir/Patient/{world.patient.pk}", **headers), 403, "forbidden")
    assert message == "the token's scopes do not allow read of Patient"
    outcome(post(client, "/fhir/ServiceRequest", referral(world), headers), 403, "forbidden")
    assert Enrollment.objects.count() == 1


def test_search_pages_with_next_links_in_a_stable_order(client, world, ehr):
    people = [make_person("Aada", f"Example{i}") for i in range(3)]
    for person in people:
        world.team.registrations.create(person=person, organization=world.organization)
    headers = ehr.headers(client)
    ids = ",".join(str(p.pk) for p in people)
    first = bundle(client.get(f"/fhir/Patient?_id={ids}&_count=2", **headers))
    assert [e.resource.id for e in first.entry] == [str(p.pk) for p in people[:2]]
    [next_link] = [link.url for link in first.link if link.relation == "next"]
    second = bundle(client.get(next_link.replace("http://testserver", ""), **headers))
    assert [e.resource.id for e in second.entry] == [str(people[2].pk)]
    assert not [link for link in second.link if link.relation == "next"]


def test_bad_search_input_is_named(client, ehr):
    headers = ehr.headers(client)
    assert "birthdate" in outcome(
        client.get("/fhir/Patient?birthdate=1990", **headers), 400, "not-supported"
    )
    assert "Finnish personal identity code" in outcome(
        client.get(f"/fhir/Patient?identifier={FINNISH_ID}|010190-0000", **headers),
        400,
        "code-invalid",
    )
    assert "system must be" in outcome(
        client.get("/fhir/Patient?identifier=urn:x|1", **headers), 400, "code-invalid"
    )
    outcome(client.get("/fhir/Patient?_count=-1", **headers), 400, "invalid")
    outcome(client.get("/fhir/Patient?_count=many", **headers), 400, "invalid")
    outcome(client.get("/fhir/Encounter", **headers), 404, "not-supported")
    outcome(client.delete("/fhir/Patient/1", **headers), 405, "not-supported")


def test_service_request_becomes_the_invitation_the_patient_sees(client, world, ehr):
    NotificationEmail.objects.create(
        user=world.patient.user, address="paula@example.test", confirmed_at=timezone.now()
    )
    headers = ehr.headers(client)
    response = post(client, "/fhir/ServiceRequest", referral(world), headers)
    assert response.status_code == 201, response.content
    created = ServiceRequest.model_validate(response.json())
    enrollment = Enrollment.objects.get(person=world.patient)
    assert response["Location"] == f"http://testserver/fhir/ServiceRequest/{enrollment.pk}"
    assert enrollment.status == EnrollmentStatus.INVITED
    assert (enrollment.referred_by, enrollment.responsible) == (world.doctor, world.doctor)
    assert enrollment.referral_message == "Referred from the outpatient clinic."
    assert created.status == "active"
    assert created.subject.reference == f"Patient/{world.patient.pk}"
    # The invitation's notification is queued for the patient, as from the referral page.
    assert Notification.objects.filter(recipient=world.patient.user).exists()
    [event] = AuditEvent.objects.filter(
        action="refer_to_program", outcome="allow", subject_person_id=world.patient.pk
    )
    assert (event.actor_user_id, event.actor_label) == (None, "Lakeside EHR")

    read = client.get(response["Location"].replace("http://testserver", ""), **headers)
    assert ServiceRequest.model_validate(read.json()).id == str(enrollment.pk)


def test_referral_of_someone_who_never_logged_in_makes_their_record(client, world, ehr):
    body = referral(world, subject={"identifier": {"system": FINNISH_ID, "value": UNKNOWN_ID}})
    response = post(client, "/fhir/ServiceRequest", body, ehr.headers(client))
    assert response.status_code == 201, response.content
    person = Person.objects.get(national_id_hash=national_id.lookup_hash(UNKNOWN_ID))
    assert Enrollment.objects.get(person=person).status == EnrollmentStatus.INVITED


@pytest.mark.parametrize(
    "changes,status,code,named",
    [
        ({"colour": "blue"}, 400, "structure", "ServiceRequest.colour"),
        ({"authoredOn": "yesterday"}, 400, "structure", "ServiceRequest.authoredOn"),
        ({"intent": "plan"}, 400, "invalid", "intent order"),
        (
            {"subject": {"identifier": {"system": FINNISH_ID, "value": "010190-0000"}}},
            400,
            "code-invalid",
            "ServiceRequest.subject.identifier",
        ),
        (
            {"instantiatesCanonical": ["http://testserver/fhir/PlanDefinition/nope"]},
            422,
            "not-found",
            "not a published care program",
        ),
        (
            {"requester": {"identifier": {"system": USERNAME_SYSTEM, "value": "nobody"}}},
            422,
            "not-found",
            "nobody",
        ),
        ({"performer": [{"reference": "CareTeam/999999"}]}, 422, "not-found", "CareTeam/999999"),
        ({"subject": {"reference": "Patient/999999"}}, 404, "not-found", "is not known"),
    ],
)
def test_bad_referral_is_named_and_changes_nothing(
    client, world, ehr, changes, status, code, named
):
    headers = ehr.headers(client)
    events = AuditEvent.objects.filter(outcome="allow").count()
    response = post(client, "/fhir/ServiceRequest", referral(world, **changes), headers)
    assert named in outcome(response, status, code)
    assert not Enrollment.objects.exists()
    assert AuditEvent.objects.filter(outcome="allow").count() == events


def test_referral_to_a_team_of_another_organization_is_refused(client, world):
    fjord = make_organization("Fjord Hospital")
    fjord_team = make_care_team(fjord, "Fjord team")
    other = make_api_client(fjord, name="Fjord EHR")
    body = referral(world, performer=[{"reference": f"CareTeam/{fjord_team.pk}"}])
    response = post(client, "/fhir/ServiceRequest", body, other.headers(client))
    # The program is Lakeside's: Fjord's client cannot name it.
    assert "not a published care program of Fjord Hospital" in outcome(response, 422, "not-found")
    assert not Enrollment.objects.exists()


def test_body_that_is_not_json_or_too_large_is_refused(client, ehr, settings):
    headers = ehr.headers(client)
    response = client.post("/fhir/ServiceRequest", "{", content_type=FHIR, **headers)
    assert "not JSON" in outcome(response, 400, "invalid")
    response = client.post(
        "/fhir/ServiceRequest", "<x/>", content_type="application/xml", **headers
    )
    outcome(response, 415, "not-supported")
    settings.FHIR_MAX_BODY_BYTES = 100
    response = post(
        client,
        "/fhir/ServiceRequest",
        {"resourceType": "ServiceRequest", "note": [{"text": "x" * 200}]},
        headers,
    )
    outcome(response, 413, "too-costly")


def test_rate_limit_per_client(client, ehr, settings):
    settings.FHIR_REQUESTS_PER_MINUTE = 3
    headers = ehr.headers(client)
    codes = [client.get("/fhir/Patient?_id=1", **headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_resent_referral_is_found_not_made_twice(client, world, ehr):
    headers = ehr.headers(client)
    body = referral(world, identifier=[{"system": "urn:oid:1.2.246.10.1", "value": "REF-1"}])
    first = post(client, "/fhir/ServiceRequest", body, headers)
    again = post(client, "/fhir/ServiceRequest", body, headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Enrollment.objects.count() == 1
    # The same with the header, for a body without the identifier.
    other = make_person("Olli", "Other")
    plain = referral(
        world, subject={"identifier": {"system": FINNISH_ID, "value": other.national_id}}
    )
    condition = {**headers, "HTTP_IF_NONE_EXIST": "identifier=urn:oid:1.2.246.10.1|REF-2"}
    assert post(client, "/fhir/ServiceRequest", plain, condition).status_code == 201
    assert post(client, "/fhir/ServiceRequest", plain, condition).status_code == 200
    assert Enrollment.objects.count() == 2
    bad = {**headers, "HTTP_IF_NONE_EXIST": "name=x"}
    outcome(post(client, "/fhir/ServiceRequest", plain, bad), 400, "not-supported")
