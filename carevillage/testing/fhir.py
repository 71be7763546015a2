"""API clients for tests: a registered client with its key, and a token from the real
token endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carevillage.fhir.keys import ClientKey
from carevillage.fhir.models import ApiClient

TOKEN_URL = "http://testserver/fhir/auth/token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class RegisteredClient:
    client: ApiClient
    key: ClientKey

    def token_form(self, **claims: Any) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self.key.assertion(self.client.client_id, TOKEN_URL, **claims),
        }

    def token(self, http: Any, scope: str | None = None) -> str:
        form = self.token_form()
        if scope is not None:
            form["scope"] = scope
        response = http.post("/fhir/auth/token", form)
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    def headers(self, http: Any, scope: str | None = None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(http, scope)}"}


def make_api_client(
    organization: Any,
    scopes: str = "system/*.cruds",
    *,
    name: str = "Lakeside EHR",
    algorithm: str = "RS384",
    care_teams: tuple[Any, ...] = (),
) -> RegisteredClient:
    key = ClientKey.generate(algorithm)
    client = ApiClient.objects.create(
        name=name, organization=organization, scopes=scopes, jwks=key.jwks()
    )
    client.care_teams.set(care_teams)
    return RegisteredClient(client, key)
