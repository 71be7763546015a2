"""Every write the houses app makes: the review workflow and overdue-review flags."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carevillage.audit.services import actor_for, record_event

from .models import ArticlePage

REVIEWERS_GROUP = "Medical reviewers"
EDITORS_GROUP = "Editors"
# The workflow itself (draft → medical review → published) is created by migration
# 0003_medical_review_workflow.


def submit_for_review(*, actor, article: ArticlePage) -> None:  # noqa: ANN001
    """The editor's latest draft goes to the medical reviewers; it stays unpublished."""
    with transaction.atomic():
        workflow = article.get_workflow()
        if workflow is None:
            raise PermissionDenied(_("No review workflow covers this article."))
        article.save_revision(user=actor)
        state = article.current_workflow_state
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(actor)  # back to the reviewer who asked for changes
        elif state is None:
            workflow.start(article, actor)
        else:
            raise PermissionDenied(_("This article is already waiting for review."))
        record_event(
            actor=actor_for(actor),
            action="houses.article.submit_for_review",
            outcome="allow",
            resource_type="houses.ArticlePage",
            resource_id=article.pk,
        )


def review(*, actor, article: ArticlePage, approve: bool, comment: str = "") -> None:  # noqa: ANN001
    """A medical reviewer approves (the article goes live) or requests changes with a comment."""
    with transaction.atomic():
        state = article.current_workflow_state
        task_state = state.current_task_state if state else None
        if task_state is None:
            raise PermissionDenied(_("This article is not waiting for review."))
        task = task_state.task.specific
        if not task.get_actions(article, actor):
            raise PermissionDenied(_("Only a medical reviewer can review this article."))
        if not approve and not comment.strip():
            raise ValueError(_("Say what should change: a comment is needed."))
        task.on_action(task_state, actor, "approve" if approve else "reject", comment=comment)
        record_event(
            actor=actor_for(actor),
            action="houses.article.approve" if approve else "houses.article.request_changes",
            outcome="allow",
            resource_type="houses.ArticlePage",
            resource_id=article.pk,
        )


def flag_overdue_reviews(*, today: datetime.date | None = None) -> int:
    """Tell the editors about each live article whose review date has passed. Once each.

    Idempotent: an article is flagged once (overdue_flagged_at); publishing a new review
    date clears the flag (see signals).
    """
    today = today or timezone.localdate()
    flagged = 0
    overdue = ArticlePage.objects.live().filter(
        next_review_due__lt=today, overdue_flagged_at__isnull=True
    )
    editors = (
        list(
            Group.objects.get(name=EDITORS_GROUP)
            .user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if Group.objects.filter(name=EDITORS_GROUP).exists()
        else []
    )
    for article in overdue.select_related("owner", "locale"):
        with transaction.atomic():
            # Claim the row first: two workers never flag (and mail) the same article twice.
            claimed = ArticlePage.objects.filter(
                pk=article.pk, overdue_flagged_at__isnull=True
            ).update(overdue_flagged_at=timezone.now())
            if not claimed:
                continue
            recipients = sorted(
                {
                    *editors,
                    *([article.owner.email] if article.owner and article.owner.email else []),
                }
            )
            if recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    send_mail(
                        subject=_("Article review overdue: %(title)s") % {"title": article.title},
                        message=_(
                            "The article “%(title)s” (%(language)s) was due for medical review on "
                            "%(date)s. Please review it or update its review date in the admin."
                        )
                        % {
                            "title": article.title,
                            "language": article.locale.language_code,
                            "date": article.next_review_due.isoformat(),
                        },
                        from_email=None,
                        recipient_list=recipients,
                    )
            record_event(
                actor=actor_for(None),
                action="houses.article.review_overdue",
                outcome="allow",
                resource_type="houses.ArticlePage",
                resource_id=article.pk,
            )
            flagged += 1
    return flagged
