"""What the houses app does when pages are published and when other apps change offers."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, WorkflowState
from wagtail.signals import page_published, page_unpublished, workflow_approved

from . import page_cache, services


def _invalidate(sender: Any, **kwargs: Any) -> None:
    page_cache.invalidate()


def _index_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    services.index_page(page=instance)


def _unindex(sender: Any, instance: Page, **kwargs: Any) -> None:
    services.remove_page(page_id=instance.pk)


def _record_approval(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    services.record_approval(workflow_state=instance, user=user)


# What the index holds from other apps; a change to any of them re-indexes the offers
# once, after the change commits (a CSV import of 1,000 providers re-indexes once).
OFFER_MODELS = [
    "questionnaires.Questionnaire",
    "questionnaires.QuestionnaireVersion",
    "navigator.Navigator",
    "navigator.NavigatorVersion",
    "carepaths.Program",
    "messaging.ChatService",
    "directory.Provider",
    "directory.Service",
]


def _reindex_offers() -> None:
    services.index_offers()


def _offers_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata
    if any(entry[1] is _reindex_offers for entry in connection.run_on_commit):
        return  # already planned for this transaction
    transaction.on_commit(_reindex_offers)


page_published.connect(_invalidate, dispatch_uid="houses.invalidate_on_publish")
page_unpublished.connect(_invalidate, dispatch_uid="houses.invalidate_on_unpublish")
page_published.connect(_index_published, dispatch_uid="houses.index_on_publish")
page_unpublished.connect(_unindex, dispatch_uid="houses.unindex_on_unpublish")
post_delete.connect(_unindex, sender=Page, dispatch_uid="houses.unindex_on_delete")
workflow_approved.connect(_record_approval, dispatch_uid="houses.record_approval")
for model in OFFER_MODELS:
    post_save.connect(_offers_changed, sender=model, dispatch_uid=f"houses.offers.save.{model}")
    post_delete.connect(_offers_changed, sender=model, dispatch_uid=f"houses.offers.del.{model}")
