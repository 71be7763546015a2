from __future__ import annotations

import pytest

from carevillage.navigator import demo, services
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff


@pytest.fixture
def harbour():
    return make_organization("Harbour Health District")


@pytest.fixture
def editor(harbour):
    return make_staff("editor.eeva", harbour, role=Role.EDITOR, first_name="Eeva")


@pytest.fixture
def clinician(harbour):
    return make_staff("doctor.kaisa", harbour, role=Role.EDITOR, first_name="Kaisa")


@pytest.fixture
def publish(editor, clinician):
    """Publish a navigator built from a graph: written by the editor, approved by another."""

    def publish(slug: str, graph: dict):
        navigator = services.create_navigator(actor=editor, slug=slug, name=slug)
        version = services.create_draft(actor=editor, navigator=navigator, graph=graph)
        return services.approve_and_publish(actor=clinician, version=version)

    return publish


@pytest.fixture
def low_back(publish):
    return publish("low-back-pain", demo.low_back_pain())
