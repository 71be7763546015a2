"""Org admins register their organization's API clients in the admin (and from the
command line): keys as a JWKS, scopes checked, nothing of another organization."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from carevillage.fhir.keys import ClientKey
from carevillage.fhir.models import ApiClient
from carevillage.tenants.models import Role
from carevillage.testing.factories import make_care_team, make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour():
    return make_organization("Harbour Health District")


@pytest.fixture
def admin_client(client, harbour):
    log_in_staff(client, make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN))
    return client


def form(harbour, **changes):  # noqa: ANN001, ANN003, ANN201
    data = {
        "name": "Harbour EHR",
        "organization": harbour.pk,
        "scopes": "system/Patient.rs system/ServiceRequest.cr",
        "jwks": json.dumps(ClientKey.generate().jwks()),
        "jwks_url": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_org_admin_registers_a_client_and_sees_its_client_id(admin_client, harbour):
    response = admin_client.post(reverse("api_clients:add"), form(harbour))
    assert response.status_code == 302
    client = ApiClient.objects.get()
    assert (client.organization, client.scopes) == (
        harbour,
        "system/Patient.rs system/ServiceRequest.cr",
    )
    listing = admin_client.get(reverse("api_clients:index")).content.decode()
    assert client.client_id in listing


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"scopes": "patient/*.read"}, "Not a SMART system scope"),
        ({"jwks": "{not json"}, "not a JSON Web Key Set"),
        ({"jwks": ""}, "Give the client&#x27;s public keys or the URL"),
    ],
)
def test_bad_registrations_are_named_and_not_saved(admin_client, harbour, changes, message):
    response = admin_client.post(reverse("api_clients:add"), form(harbour, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiClient.objects.exists()


def test_a_private_key_is_refused(admin_client, harbour):
    key = ClientKey.generate()
    private = {"keys": [{**key.public_jwk(), "d": "secret"}]}
    response = admin_client.post(
        reverse("api_clients:add"), form(harbour, jwks=json.dumps(private))
    )
    assert "holds a private key" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_another_organizations_client_is_not_there(admin_client, harbour):
    hillside = make_organization("Hillside Municipality")
    theirs = ApiClient.objects.create(
        name="Hillside EHR", organization=hillside, scopes="system/Patient.r"
    )
    assert "Hillside EHR" not in admin_client.get(reverse("api_clients:index")).content.decode()
    assert admin_client.get(reverse("api_clients:edit", args=[theirs.pk])).status_code == 404
    response = admin_client.post(
        reverse("api_clients:add"), form(harbour, organization=hillside.pk)
    )
    assert response.status_code == 200
    assert not ApiClient.objects.filter(name="Harbour EHR").exists()


def test_fhir_client_add_prints_the_client_id_last(harbour, tmp_path, capsys):
    team = make_care_team(harbour, "Harbour heart team")
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps(ClientKey.generate("ES384").jwks()))
    call_command(
        "fhir_client_add",
        "--name=Harbour EHR",
        f"--organization={harbour.slug}",
        "--scopes=system/Patient.rs",
        f"--jwks-file={keys}",
        f"--care-team={team.pk}",
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    client = ApiClient.objects.get(client_id=last)
    assert list(client.care_teams.all()) == [team]
    with pytest.raises(CommandError, match="no organization"):
        call_command(
            "fhir_client_add",
            "--name=X",
            "--organization=nope",
            "--scopes=system/Patient.r",
            f"--jwks-file={keys}",
        )
    with pytest.raises(CommandError, match="not a SMART system scope"):
        call_command(
            "fhir_client_add",
            "--name=X",
            f"--organization={harbour.slug}",
            "--scopes=Patient.read",
            f"--jwks-file={keys}",
        )
