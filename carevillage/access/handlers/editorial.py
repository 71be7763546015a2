"""Content that clinicians prepare for everyone: questionnaires, symptom navigators, the
provider directory. No person's data; the rules are who may edit and who may approve.

Editing needs the app's editor permission (the Editors group of `tenants`). Making a
questionnaire or a navigator public is a clinical review: a second clinician approves,
never the person who prepared the version, and only a clinical editor or a professional
(`REVIEWER_ROLES`). `review_refusals` names every reason a reviewer is refused, so the
approval page can list them before anyone presses the button.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction
from carevillage.directory.models import Provider
from carevillage.navigator.models import Navigator, NavigatorVersion
from carevillage.questionnaires.models import Questionnaire, QuestionnaireVersion
from carevillage.tenants.models import Role, StaffMembership

# Who may be the second clinician: staff with a clinical or clinical-editing role.
REVIEWER_ROLES = (Role.EDITOR, Role.PROFESSIONAL)

SAME_PERSON = "prepared by the reviewer"
NO_REVIEWER_ROLE = "no reviewer role"


def review_refusals(actor: Any, *, prepared_by_id: int | None) -> set[str]:
    """Why `actor` may not approve a version prepared by `prepared_by_id` (empty: may)."""
    reasons = set()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {NO_REVIEWER_ROLE}
    if prepared_by_id is not None and actor.pk == prepared_by_id:
        reasons.add(SAME_PERSON)
    if not StaffMembership.objects.filter(user=actor, role__in=REVIEWER_ROLES).exists():
        reasons.add(NO_REVIEWER_ROLE)
    return reasons


class EditorialHandler:
    resource_type: ClassVar[str]
    permissions: ClassVar[tuple[str, ...]]
    edit_actions: ClassVar[frozenset[AuditAction]] = frozenset()
    review_actions: ClassVar[frozenset[AuditAction]] = frozenset()
    actions: ClassVar[frozenset[AuditAction]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.actions = frozenset(cls.edit_actions | cls.review_actions)

    def subject_person_id(self, resource: Any) -> int | None:
        return None

    # The field naming who prepared the resource (the first clinician), if any.
    prepared_by_field: ClassVar[str] = ""

    def prepared_by_id(self, resource: Any) -> int | None:
        return getattr(resource, f"{self.prepared_by_field}_id") if self.prepared_by_field else None

    def decide(
        self, *, actor: Any, action: AuditAction, resource: Any, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "content is not edited on anyone's behalf")
        if action in self.review_actions:
            # The second clinician approves by their role (a professional or a clinical
            # editor), not by the editing permission: reviewing is not writing.
            refused = review_refusals(actor, prepared_by_id=self.prepared_by_id(resource))
            if refused:
                return Decision(False, ", ".join(sorted(refused)))
            return Decision(True, "second clinician")
        if not actor.has_perms(self.permissions):
            return Decision(False, "not an editor")
        return Decision(True, "editor")

    def visible(self, *, actor: Any, action: AuditAction, queryset: QuerySet) -> QuerySet:
        if action in self.review_actions:
            if not StaffMembership.objects.filter(user=actor, role__in=REVIEWER_ROLES).exists():
                return queryset.none()
            if self.prepared_by_field:
                return queryset.exclude(**{self.prepared_by_field: actor.pk})
            return queryset
        # Content is not secret; the editor permission opens the admin's lists of it.
        return queryset if actor.has_perms(self.permissions) else queryset.none()


@register(Questionnaire)
class QuestionnaireHandler(EditorialHandler):
    resource_type = "questionnaire"
    permissions = ("questionnaires.change_questionnaire",)
    edit_actions = frozenset(
        {
            AuditAction.IMPORT_QUESTIONNAIRE,
            AuditAction.CREATE_QUESTIONNAIRE,
            AuditAction.EDIT_QUESTIONNAIRE_DRAFT,
        }
    )
    review_actions = frozenset({AuditAction.PUBLISH_QUESTIONNAIRE})

    prepared_by_field = "draft_prepared_by"


@register(QuestionnaireVersion)
class QuestionnaireVersionHandler(EditorialHandler):
    resource_type = "questionnaire_version"
    permissions = ("questionnaires.change_questionnaire",)
    review_actions = frozenset({AuditAction.PUBLISH_QUESTIONNAIRE})

    prepared_by_field = "prepared_by"


@register(Navigator)
class NavigatorHandler(EditorialHandler):
    resource_type = "navigator"
    permissions = ("navigator.add_navigator",)
    edit_actions = frozenset({AuditAction.NAVIGATOR_CREATE})


@register(NavigatorVersion)
class NavigatorVersionHandler(EditorialHandler):
    resource_type = "navigator_version"
    permissions = ("navigator.change_navigatorversion",)
    edit_actions = frozenset(
        {AuditAction.NAVIGATOR_VERSION_CREATE, AuditAction.NAVIGATOR_VERSION_CHANGE}
    )
    review_actions = frozenset({AuditAction.NAVIGATOR_VERSION_PUBLISH})

    prepared_by_field = "author"


@register(Provider)
class ProviderHandler(EditorialHandler):
    resource_type = "directory.Provider"
    permissions = ("directory.add_provider", "directory.change_provider")
    edit_actions = frozenset({AuditAction.DIRECTORY_IMPORT})
