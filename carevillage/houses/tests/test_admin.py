"""Editors write articles in the Wagtail admin; reviewers see what waits for them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from carevillage.houses import services
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

from .factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("editor.eeva", make_organization(), role=Role.EDITOR)


@pytest.fixture
def reviewer():
    doctor = make_staff("doctor.dan", make_organization("Hillside"), role=Role.PROFESSIONAL)
    doctor.groups.add(Group.objects.get(name="Medical reviewers"))
    return doctor


@pytest.fixture
def heart():
    return make_house(make_village(), slug="heart", title="Heart house")


def test_editor_opens_the_article_form_without_typing_who_reviewed_it(client, heart, editor):
    log_in_staff(client, editor)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["houses", "articlepage", heart.pk])
    )
    text = response.content.decode()
    assert response.status_code == 200
    for label in ["Review again after", "Sources", "Audience"]:
        assert label in text
    # Who reviewed it and when is recorded by the reviewer's approval, not typed here.
    for label in ["Medical reviewer", "Last reviewed"]:
        assert label not in text


def test_an_editor_cannot_publish_an_article_without_review(client, heart, editor):
    article = make_article(heart, slug="draft", title="Draft", live=False)
    assert not article.permissions_for_user(editor).can_publish()


def test_a_reviewer_sees_the_article_waiting_for_review(client, heart, editor, reviewer):
    article = make_article(heart, slug="draft", title="Waiting article", live=False)
    services.submit_for_review(actor=editor, article=article)
    log_in_staff(client, reviewer)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Waiting article" in response.content.decode()
