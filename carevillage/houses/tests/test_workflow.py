"""Medical review: an article goes live only when a medical reviewer approves it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from carevillage.houses import services, tasks
from carevillage.houses.models import ArticlePage
from carevillage.testing.staff import make_user

from .factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    editor = make_user("editor.eeva")
    editor.email = "eeva@example.org"
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = make_user("doctor.dan")
    reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
    return editor, reviewer


@pytest.fixture
def house():
    return make_house(make_village(), slug="heart", title="Heart house")


def test_an_article_is_public_only_after_a_medical_reviewer_approves_it(client, people, house):
    editor, reviewer = people
    draft = make_article(house, slug="new", title="New advice", live=False)
    services.submit_for_review(actor=editor, article=draft)
    assert client.get("/en/heart/new/").status_code == 404

    services.review(actor=reviewer, article=draft, approve=False, comment="Add sources.")
    draft.refresh_from_db()
    assert not draft.live
    state = draft.current_workflow_state
    assert state.status == "needs_changes"  # back with the editor, with the comment
    assert state.current_task_state.get_comment() == "Add sources."
    assert client.get("/en/heart/new/").status_code == 404

    services.submit_for_review(actor=editor, article=draft)
    services.review(actor=reviewer, article=draft, approve=True)
    draft.refresh_from_db()
    assert draft.live
    assert "New advice" in client.get("/en/heart/new/").content.decode()


def test_an_editor_cannot_approve_their_own_article(people, house):
    editor, _reviewer = people
    draft = make_article(house, slug="own", title="Own", live=False)
    services.submit_for_review(actor=editor, article=draft)
    with pytest.raises(PermissionDenied):
        services.review(actor=editor, article=draft, approve=True)
    draft.refresh_from_db()
    assert not draft.live


def test_requesting_changes_needs_a_comment(people, house):
    editor, reviewer = people
    draft = make_article(house, slug="c", title="C", live=False)
    services.submit_for_review(actor=editor, article=draft)
    with pytest.raises(ValueError, match="a comment is needed"):
        services.review(actor=reviewer, article=draft, approve=False, comment=" ")


def test_scheduled_publishing_waits_for_the_go_live_time(client, people, house):
    article = make_article(house, slug="later", title="Later", live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    article.save_revision().publish()
    assert client.get("/en/heart/later/").status_code == 404


def test_overdue_articles_are_flagged_to_editors_once(people, house):
    editor, _ = people
    make_article(
        house,
        slug="old",
        title="Old advice",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
    )
    make_article(house, slug="fresh", title="Fresh advice")
    assert tasks.flag_overdue_reviews.call() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["eeva@example.org"]
    assert "Old advice" in mail.outbox[0].subject
    assert tasks.flag_overdue_reviews.call() == 0
    assert len(mail.outbox) == 1
    assert ArticlePage.objects.get(slug="old").overdue_flagged_at is not None


def test_publishing_a_new_review_date_clears_the_flag(people, house):
    old = make_article(
        house,
        slug="old",
        title="Old advice",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
    )
    services.flag_overdue_reviews()
    old.refresh_from_db()
    old.last_reviewed = timezone.localdate()
    old.next_review_due = timezone.localdate() + datetime.timedelta(days=365)
    old.save_revision().publish()
    old.refresh_from_db()
    assert old.overdue_flagged_at is None


def test_the_daily_check_plans_its_next_run_once():
    from django_tasks_db.models import DBTaskResult

    tasks.schedule_next_review_check()
    tasks.schedule_next_review_check()
    waiting = DBTaskResult.objects.filter(
        task_path__endswith="flag_overdue_reviews", status="READY"
    )
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()
