"""DEMO: an EHR client of the demo hospital district, so the FHIR API can be tried from
`make run`. Its private key is written to `var/fhir-demo-ehr/` (never to the database);
`manage.py fhir_demo_token` signs an assertion with it and prints a bearer token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from carevillage.access.scopes import Grants
from carevillage.identity.demo import DEMO_ORGANIZATION
from carevillage.tenants.models import Organization

from .keys import ClientKey
from .models import ApiClient

DEMO_CLIENT_NAME = "Demo EHR (DEMO)"
# Referrals, and the health record's entries (filed, read back, updated, searched).
DEMO_SCOPES = (
    "system/Patient.rs system/ServiceRequest.cr system/Observation.crus "
    "system/DocumentReference.crus system/Immunization.crus system/MedicationStatement.crus"
)


def key_dir() -> Path:
    return Path(settings.VAR_DIR) / "fhir-demo-ehr"


def seed_demo_client() -> ApiClient:
    """The demo EHR client, with a key pair in var/. A fresh var/ (no key) gets a new key
    and the client's registered public key follows it."""
    organization = Organization.objects.get(name=DEMO_ORGANIZATION)
    client = ApiClient.objects.filter(name=DEMO_CLIENT_NAME, organization=organization).first()
    directory = key_dir()
    key_file, info_file = directory / "private-key.pem", directory / "client.json"
    key: ClientKey | None = None
    if client is not None:
        _with_demo_scopes(client)
    if client is not None and key_file.exists() and info_file.exists():
        info = json.loads(info_file.read_text())
        if info.get("client_id") == client.client_id:
            return client
    key = ClientKey.generate("RS384")
    if client is None:
        client = ApiClient(name=DEMO_CLIENT_NAME, organization=organization, scopes=DEMO_SCOPES)
    client.jwks = key.jwks()
    client.save()
    directory.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key.private_pem)
    key_file.chmod(0o600)
    info_file.write_text(
        json.dumps(
            {"client_id": client.client_id, "algorithm": key.algorithm, "kid": key.kid}, indent=2
        )
    )
    return client


def _with_demo_scopes(client: ApiClient) -> None:
    """A demo client registered by an earlier version gets the scopes added since."""
    wanted = str(Grants.parse(f"{client.scopes} {DEMO_SCOPES}"))
    if wanted != str(Grants.parse(client.scopes)):
        client.scopes = wanted
        client.save(update_fields=["scopes"])


def demo_client_files() -> tuple[dict[str, Any], ClientKey]:
    info = json.loads((key_dir() / "client.json").read_text())
    pem = (key_dir() / "private-key.pem").read_text()
    return info, ClientKey(info["algorithm"], info["kid"], pem)
