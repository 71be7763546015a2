"""Editors keep the directory in the admin and import providers with a per-line report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carevillage.directory.models import Provider
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

from .factories import make_provider, make_service
from .test_imports import GOOD, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = make_staff("editor.erik", make_organization(), role=Role.EDITOR)
    log_in_staff(client, editor)
    return client


def test_editor_lists_and_edits_providers_in_the_admin(editor_client):
    provider = make_provider("Kallio station", lat=60.18, lon=24.95)
    assert "Kallio station" in editor_client.get(reverse("providers:index")).content.decode()
    response = editor_client.get(reverse("providers:edit", args=[provider.pk]))
    assert response.status_code == 200
    assert "Opening hours" in response.content.decode()


def test_editor_imports_a_csv_and_sees_the_bad_lines(editor_client):
    make_service("vaccinations")
    upload = SimpleUploadedFile(
        "providers.csv",
        csv_bytes(GOOD, "p2,Bad,castle,vaccinations,St 2,00530,Helsinki,FI,60.1,24.9,,,,,"),
    )
    response = editor_client.post(reverse("directory_import"), {"format": "csv", "file": upload})
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 provider imported" in text
    assert "line 3" in text and "Kind “castle” is not one of" in text
    assert Provider.objects.filter(external_id="p1").exists()


def test_a_professional_without_directory_rights_cannot_import(client):
    professional = make_staff("nurse.nea", make_organization(), role=Role.PROFESSIONAL)
    log_in_staff(client, professional)
    response = client.get(reverse("directory_import"))
    assert response.status_code in (302, 403)
