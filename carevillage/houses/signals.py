from __future__ import annotations

from wagtail.signals import page_published, page_unpublished

from . import page_cache


def _invalidate(sender, **kwargs) -> None:  # noqa: ANN001
    page_cache.invalidate()


def _clear_overdue_flag(sender, instance, **kwargs) -> None:  # noqa: ANN001
    """A newly published review date that is in the future ends the "overdue" flag."""
    from .models import ArticlePage

    if (
        isinstance(instance, ArticlePage)
        and instance.overdue_flagged_at
        and not instance.review_overdue()
    ):
        ArticlePage.objects.filter(pk=instance.pk).update(overdue_flagged_at=None)


page_published.connect(_invalidate, dispatch_uid="houses.invalidate_on_publish")
page_unpublished.connect(_invalidate, dispatch_uid="houses.invalidate_on_unpublish")
page_published.connect(_clear_overdue_flag, dispatch_uid="houses.clear_overdue_flag")
