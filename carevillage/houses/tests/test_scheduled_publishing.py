"""Scheduled publishing: an article set to go live later appears when its time comes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carevillage.houses import tasks
from carevillage.houses.tests.factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


def test_scheduled_article_goes_live_when_the_publishing_task_runs(client):
    home = make_village()
    house = make_house(home, slug="heart", title="Heart")
    article = make_article(house, slug="later", title="Published later", live=False)
    # An editor schedules it for a minute from now.
    article.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404

    # The minute passes (moved back in the stored schedule rather than waiting).
    revision = article.get_latest_revision()
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    tasks.publish_scheduled_pages.call()

    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_publishing_task_plans_its_next_run_once():
    tasks.schedule_next_publishing_run()
    tasks.schedule_next_publishing_run()
    waiting = DBTaskResult.objects.filter(
        task_path__endswith="publish_scheduled_pages", status="READY"
    )
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()
