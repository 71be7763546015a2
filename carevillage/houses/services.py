"""Every write the houses app makes: the review workflow, overdue-review flags, the search index."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.services import actor_for, record_event
from carevillage.carepaths.programs.selectors import open_programs_for_house
from carevillage.directory.selectors import providers_with_services
from carevillage.messaging.selectors import chat_services
from carevillage.navigator.selectors import published_for_house
from carevillage.questionnaires.selectors import self_tests_for_house

from . import page_cache, text
from .models import (
    ArticlePage,
    ArticleReview,
    EntryKind,
    HousePage,
    SearchEntry,
    SearchWord,
    Theme,
)

REVIEWERS_GROUP = "Medical reviewers"
EDITORS_GROUP = "Editors"
# The workflow itself (draft → medical review → published) is created by migration
# 0003_medical_review_workflow.


def submit_for_review(*, actor: Any, article: ArticlePage) -> None:
    """The editor's latest draft goes to the medical reviewers; it stays unpublished."""
    with access.atomic():
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
            action=AuditAction.ARTICLE_SUBMIT_FOR_REVIEW,
            outcome="allow",
            resource_type="houses.ArticlePage",
            resource_id=article.pk,
        )


# The time an approval is recorded at: now, unless `review(reviewed_at=…)` says otherwise
# (the demo village seeds reviews made months ago).
_approval_time: ContextVar[datetime.datetime | None] = ContextVar("approval_time", default=None)


@contextmanager
def _approving_at(when: datetime.datetime | None) -> Iterator[None]:
    token = _approval_time.set(when)
    try:
        yield
    finally:
        _approval_time.reset(token)


def review(
    *,
    actor: Any,
    article: ArticlePage,
    approve: bool,
    comment: str = "",
    reviewed_at: datetime.datetime | None = None,
) -> None:
    """A medical reviewer approves (the article goes live) or requests changes with a comment.

    An approval is recorded as an ArticleReview (see record_approval), which is what the
    public page shows as "Reviewed by … / last reviewed".
    """
    with access.atomic():
        state = article.current_workflow_state
        task_state = state.current_task_state if state else None
        if task_state is None:
            raise PermissionDenied(_("This article is not waiting for review."))
        task = task_state.task.specific
        if not task.get_actions(article, actor):
            raise PermissionDenied(_("Only a medical reviewer can review this article."))
        if not approve and not comment.strip():
            raise ValueError(_("Say what should change: a comment is needed."))
        with _approving_at(reviewed_at):
            task.on_action(task_state, actor, "approve" if approve else "reject", comment=comment)
        record_event(
            actor=actor_for(actor),
            action=AuditAction.ARTICLE_APPROVE if approve else AuditAction.ARTICLE_REQUEST_CHANGES,
            outcome="allow",
            resource_type="houses.ArticlePage",
            resource_id=article.pk,
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def record_approval(*, workflow_state: WorkflowState, user: Any) -> ArticleReview | None:
    """The workflow approved an article: keep who approved it and when, for the public page.

    Called from Wagtail's `workflow_approved` signal (see signals), so an approval in the
    Wagtail admin is recorded exactly like one through `review()`.
    """
    page = workflow_state.content_object
    if not isinstance(page, Page):
        return None
    article = page.specific
    if not isinstance(article, ArticlePage) or user is None or not user.is_authenticated:
        return None
    approved = (
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    when = _approval_time.get() or (approved.finished_at if approved else None) or timezone.now()
    reviewed_on = timezone.localdate(when)
    review = ArticleReview.objects.create(
        article=article,
        reviewer=user,
        reviewer_name=user.display_name() if hasattr(user, "display_name") else str(user),
        reviewer_organization=(
            user.primary_organization_name() if hasattr(user, "primary_organization_name") else ""
        ),
        reviewed_at=when,
        next_review_due=add_months(reviewed_on, article.review_interval_months),
        task_state=approved,
    )
    ArticlePage.objects.filter(pk=article.pk).update(overdue_flagged_at=None)
    transaction.on_commit(page_cache.invalidate)
    return review


def _latest_review_due() -> Subquery:
    return Subquery(
        ArticleReview.objects.filter(article=OuterRef("pk"))
        .order_by("-reviewed_at", "-pk")
        .values("next_review_due")[:1]
    )


def flag_overdue_reviews(*, today: datetime.date | None = None) -> int:
    """Tell the editors about each live article whose review date has passed. Once each.

    Idempotent: an article is flagged once (overdue_flagged_at); publishing a new review
    date clears the flag (see signals).
    """
    today = today or timezone.localdate()
    flagged = 0
    # Overdue: the latest approval's next review date has passed, or there is no approval.
    overdue = (
        ArticlePage.objects.live()
        .filter(overdue_flagged_at__isnull=True)
        .annotate(review_due=_latest_review_due())
        .filter(Q(review_due__lt=today) | Q(review_due__isnull=True))
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
        with access.atomic():
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
                            "date": (
                                article.review_due.isoformat()
                                if article.review_due
                                else _("(never recorded)")
                            ),
                        },
                        from_email=None,
                        recipient_list=recipients,
                    )
            record_event(
                actor=actor_for(None),
                action=AuditAction.ARTICLE_REVIEW_OVERDUE,
                outcome="allow",
                resource_type="houses.ArticlePage",
                resource_id=article.pk,
            )
            flagged += 1
    return flagged


# --- the search index -------------------------------------------------------------------

INDEX_LANGUAGES = ("fi", "sv", "nb", "en")


@dataclass(frozen=True)
class Document:
    """What one entry of the index says, before it is stemmed."""

    kind: str
    key: str
    title: str
    url: str
    summary: str = ""
    paragraphs: tuple[str, ...] = ()
    context: str = ""
    # Searchable, never shown: e.g. "Self-test" in the language, so "itsearvio" finds them.
    keywords: str = ""


def _store(documents: list[Document], language: str) -> list[SearchEntry]:
    entries = []
    for doc in documents:
        body = "\n".join(doc.paragraphs)
        entries.append(
            SearchEntry(
                kind=doc.kind,
                key=doc.key,
                language=language,
                title=doc.title[:300],
                summary=doc.summary,
                body=body,
                context=doc.context[:300],
                url=doc.url[:500],
                title_stems=text.stems_of(doc.title, language),
                summary_stems=text.stems_of(f"{doc.summary} {doc.keywords}", language),
                body_stems=text.stems_of(body, language),
            )
        )
    SearchEntry.objects.bulk_create(entries)
    _add_words(entries, language)
    return entries


def _add_words(entries: list[SearchEntry], language: str) -> None:
    found = {
        word
        for entry in entries
        for field in (entry.title, entry.summary, entry.body)
        for word in text.words(field)
        if 3 <= len(word) <= 100 and not word.isdigit()
    }
    SearchWord.objects.bulk_create(
        [
            SearchWord(language=language, word=w, stem=text.stem(w, language)[:100], length=len(w))
            for w in sorted(found)
        ],
        ignore_conflicts=True,
    )


def _page_document(page: Page) -> tuple[Document, str] | None:
    specific = page.specific
    language = text.language_of(specific.locale.language_code)
    with translation.override(language):
        url = specific.get_url() or ""
    key = f"page:{specific.pk}"
    if isinstance(specific, ArticlePage):
        parent = specific.get_parent()
        return (
            Document(
                kind=EntryKind.ARTICLE,
                key=key,
                title=specific.title,
                url=url,
                summary=specific.summary,
                paragraphs=tuple(text.plain_paragraphs(specific.body)),
                context=parent.title if parent else "",
            ),
            language,
        )
    if isinstance(specific, HousePage):
        return (
            Document(
                kind=EntryKind.HOUSE, key=key, title=specific.title, url=url, summary=specific.intro
            ),
            language,
        )
    return None


@access.atomic
def index_page(*, page: Page) -> None:
    """Put a live house or article into the index of its language (or take it out)."""
    SearchEntry.objects.filter(key=f"page:{page.pk}").delete()
    if not page.live or page.get_view_restrictions().exists():
        return
    found = _page_document(page)
    if found is not None:
        document, language = found
        _store([document], language)


def remove_page(*, page_id: int) -> None:
    SearchEntry.objects.filter(key=f"page:{page_id}").delete()


def _house_titles(language: str) -> dict[str, str]:
    """Theme -> the live house's title in a language (where a self-test "lives")."""
    titles: dict[str, str] = {}
    for house in HousePage.objects.live().public().filter(locale__language_code=language):
        titles.setdefault(house.theme, house.title)
    return titles


def _offer_documents(language: str) -> list[Document]:
    """What the other apps offer citizens, read through their selectors, in one language."""
    houses = _house_titles(language)
    documents: list[Document] = []
    with translation.override(language):
        self_test, navigator, program = (
            str(EntryKind.SELF_TEST.label),
            str(EntryKind.NAVIGATOR.label),
            str(EntryKind.PROGRAM.label),
        )
        for theme in ["", *Theme.values]:
            house = houses.get(theme, "")
            for test in self_tests_for_house(house_theme=theme, language=language):
                documents.append(
                    Document(
                        kind=EntryKind.SELF_TEST,
                        key=f"self_test:{test['slug']}",
                        title=test["title"],
                        url=_reverse("questionnaires:self_test", test["slug"]),
                        keywords=self_test,
                        context=house,
                    )
                )
            for nav in published_for_house(house_theme=theme, language=language):
                documents.append(
                    Document(
                        kind=EntryKind.NAVIGATOR,
                        key=f"navigator:{nav['slug']}",
                        title=nav["title"],
                        url=_reverse("navigator:start", nav["slug"]),
                        keywords=navigator,
                        context=house,
                    )
                )
            for prog in open_programs_for_house(house_theme=theme, language=language):
                documents.append(
                    Document(
                        kind=EntryKind.PROGRAM,
                        key=f"program:{prog['slug']}",
                        title=prog["title"],
                        url=_reverse("carepaths:program", prog["slug"]),
                        summary=prog["summary"],
                        keywords=program,
                        context=house,
                    )
                )
        for service in chat_services():
            documents.append(
                Document(
                    kind=EntryKind.CHAT,
                    key=f"chat:{service['slug']}",
                    title=service["title"],
                    url=_reverse("messaging:chat_start", service["slug"]),
                    summary=_("Ask anonymously, without logging in. Answered by: %(team)s.")
                    % {"team": service["team"]},
                    keywords=str(EntryKind.CHAT.label),
                    context=service["team"],
                )
            )
        for provider in providers_with_services():
            offered = [s.name for s in provider.services.all()]
            documents.append(
                Document(
                    kind=EntryKind.PROVIDER,
                    key=f"provider:{provider.pk}",
                    title=provider.name,
                    url=_reverse("directory:finder")
                    + f"?near={provider.postcode}&service=&language=",
                    summary=", ".join(offered),
                    keywords=str(EntryKind.PROVIDER.label),
                    paragraphs=(
                        f"{provider.get_kind_display()}. {provider.street_address}, "
                        f"{provider.postcode} {provider.city}",
                    ),
                    context=provider.city,
                )
            )
    return documents


def _reverse(name: str, *args: str) -> str:
    return reverse(name, args=args)


OFFER_KINDS = [
    EntryKind.SELF_TEST,
    EntryKind.NAVIGATOR,
    EntryKind.PROGRAM,
    EntryKind.CHAT,
    EntryKind.PROVIDER,
]


@access.atomic
def index_offers() -> int:
    """Rebuild the index of what the other apps offer (small: tens to a few thousand rows)."""
    SearchEntry.objects.filter(kind__in=OFFER_KINDS).delete()
    stored = 0
    for language in INDEX_LANGUAGES:
        stored += len(_store(_offer_documents(language), language))
    return stored


@access.atomic
def rebuild_search_index() -> int:
    """Every live house and article and every offer, in every language. Idempotent."""
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    pages = Page.objects.live().public().type(ArticlePage, HousePage).select_related("locale")
    by_language: dict[str, list[Document]] = {}
    for page in pages.specific():
        found = _page_document(page)
        if found is not None:
            by_language.setdefault(found[1], []).append(found[0])
    stored = sum(len(_store(docs, language)) for language, docs in by_language.items())
    return stored + index_offers()
