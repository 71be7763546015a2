"""Medical review: an article goes live only when a medical reviewer approves it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from carevillage.houses import services, tasks
from carevillage.houses.models import ArticlePage, ArticleReview
from carevillage.testing.staff import make_user

from .factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    editor = make_user("editor.eeva")
    editor.email = "eeva@example.org"
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = make_user("doctor.dan", first_name="Dan", last_name="Doctor")
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


def test_a_new_approval_clears_the_overdue_flag_and_the_overdue_note(client, people, house):
    editor, reviewer = people
    old = make_article(
        house,
        slug="old",
        title="Old advice",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
    )
    services.flag_overdue_reviews()
    assert "Review overdue" in client.get("/en/heart/old/").content.decode()
    services.submit_for_review(actor=editor, article=old)
    services.review(actor=reviewer, article=old, approve=True)
    old.refresh_from_db()
    assert old.overdue_flagged_at is None
    assert "Review overdue" not in client.get("/en/heart/old/").content.decode()


def test_the_public_reviewed_by_and_date_come_from_the_approval(client, people, house):
    editor, reviewer = people
    draft = make_article(house, slug="fresh-advice", title="Fresh advice", live=False)
    services.submit_for_review(actor=editor, article=draft)
    services.review(actor=reviewer, article=draft, approve=True)
    text = client.get("/en/heart/fresh-advice/").content.decode()
    review = ArticleReview.objects.get(article=draft)
    assert (review.reviewer, review.reviewed_on) == (reviewer, timezone.localdate())
    assert "<dt>Reviewed by</dt><dd>Dan Doctor</dd>" in text
    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">' in text
    next_due = services.add_months(today, 12)
    assert f'<time datetime="{next_due:%Y-%m-%d}">' in text
    assert "approved this version in the village's medical review" in text


def test_an_approval_in_the_wagtail_admin_is_recorded_too(people, house):
    editor, reviewer = people
    draft = make_article(house, slug="admin-approved", title="Admin approved", live=False)
    services.submit_for_review(actor=editor, article=draft)
    # What the admin's "Approve and publish" does.
    draft.current_workflow_state.current_task_state.approve(user=reviewer)
    draft.refresh_from_db()
    assert draft.live
    assert draft.reviews.get().reviewer == reviewer


def test_requesting_changes_records_no_review(people, house):
    editor, reviewer = people
    draft = make_article(house, slug="needs-work", title="Needs work", live=False)
    services.submit_for_review(actor=editor, article=draft)
    services.review(actor=reviewer, article=draft, approve=False, comment="Add sources.")
    assert not ArticleReview.objects.filter(article=draft).exists()


def test_an_editor_cannot_type_a_reviewer_on_the_article():
    names = {field.name for field in ArticlePage._meta.get_fields()}
    assert not names & {"medical_reviewer", "reviewer_organization", "last_reviewed"}


def test_the_daily_check_plans_its_next_run_once():
    from django_tasks_db.models import DBTaskResult

    tasks.schedule_next_review_check()
    tasks.schedule_next_review_check()
    waiting = DBTaskResult.objects.filter(
        task_path__endswith="flag_overdue_reviews", status="READY"
    )
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()
