"""Background work of the tenants app (django-tasks; the database backend is the outbox)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from carevillage.identity.models import User

from .models import Organization, Role


@task()
def tell_admins_about_clinical_access(
    *, organization_id: int, granted_user_id: int, actor_user_id: int | None, what: str
) -> int:
    """E-mail the organization's org admins, except the one who made the change, that
    someone got clinical access. Names people and the team, never a patient."""
    organization = Organization.objects.get(pk=organization_id)
    granted = User.objects.get(pk=granted_user_id)
    actor = User.objects.filter(pk=actor_user_id).first() if actor_user_id else None
    admins = (
        User.objects.filter(
            staff_memberships__organization=organization,
            staff_memberships__role=Role.ORG_ADMIN,
            is_active=True,
        )
        .exclude(pk__in=[pk for pk in (actor_user_id, granted_user_id) if pk is not None])
        .exclude(email="")
        .distinct()
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        if what == "professional":
            access = _("the professional role")
        else:
            access = _("membership of the care team %(team)s") % {"team": what}
        values = {
            "actor": actor.display_name() if actor else "",
            "granted": f"{granted.display_name()} ({granted.get_username()})",
            "access": access,
            "organization": organization.name,
        }
        subject = _("Clinical access granted in %(organization)s") % values
        body = (
            _(
                "%(actor)s gave %(granted)s %(access)s in %(organization)s. This gives access "
                "to patients' data.\n\nIf you did not expect this, check the change in the "
                "admin and remove it if it is wrong."
            )
            % values
        )
        for admin in admins:
            send_mail(subject, body, None, [admin.email])
            sent += 1
    return sent
