"""An independent client walks the API over real HTTP: discovery from the two documents,
a token with an assertion signed by PyJWT, then search, read, paging and counting with
fhirpy (PyPI) — none of the project's own client code."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fhir.resources.R4B.patient import Patient
from fhirpy import SyncFHIRClient
from jwt.algorithms import ECAlgorithm

from carevillage.fhir.mapping.base import FINNISH_ID
from carevillage.fhir.models import ApiClient
from carevillage.testing.factories import make_care_team, make_organization, make_person

pytestmark = pytest.mark.usefixtures("committing_db")


def test_fhirpy_discovers_gets_a_token_searches_reads_and_pages(live_server):
    organization = make_organization("Independent Health District")
    team = make_care_team(organization, "Independent team")
    people = [make_person("Ilona", f"Independent{i}") for i in range(5)]
    for person in people:
        team.registrations.create(person=person, organization=organization)
    key = ec.generate_private_key(ec.SECP384R1())
    public = ECAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"kid": "k1", "alg": "ES384"}
    client = ApiClient.objects.create(
        name="Independent EHR",
        organization=organization,
        scopes="system/Patient.rs",
        jwks={"keys": [public]},
    )
    base = f"{live_server.url}/fhir"

    smart = requests.get(f"{base}/.well-known/smart-configuration", timeout=10).json()
    assert "ES384" in smart["token_endpoint_auth_signing_alg_values_supported"]
    metadata = requests.get(f"{base}/metadata", timeout=10).json()
    assert metadata["fhirVersion"] == "4.0.1"
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assertion = jwt.encode(
        {
            "iss": client.client_id,
            "sub": client.client_id,
            "aud": smart["token_endpoint"],
            "exp": int(time.time()) + 240,
            "jti": str(uuid.uuid4()),
        },
        pem,
        algorithm="ES384",
        headers={"kid": "k1"},
    )
    token = requests.post(
        smart["token_endpoint"],
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": "system/Patient.rs",
        },
        timeout=10,
    ).json()["access_token"]

    fhir = SyncFHIRClient(base, authorization=f"Bearer {token}")
    found = fhir.resources("Patient").search(identifier=f"{FINNISH_ID}|{people[2].national_id}")
    [patient] = found.fetch()
    assert patient["name"][0]["family"] == "Independent2"
    read = fhir.reference("Patient", patient["id"]).to_resource()
    Patient.model_validate(read.serialize())
    ids = ",".join(str(p.pk) for p in people)
    everyone = fhir.resources("Patient").search(_id=ids).limit(2).fetch_all()
    assert [r["id"] for r in everyone] == [str(p.pk) for p in people]
    assert fhir.resources("Patient").search(_id=ids).count() == 5
