"""Every write of scheduling: booking, requests and their answers, cancelling, marking
a visit, and the e-mails that tell the person (never what the visit is about).

Double booking is prevented in the database: a booking locks its professional's row
(`SELECT ... FOR UPDATE`) inside the transaction, then checks the time against the
bookings that hold it and inserts. Two bookings of one professional therefore run one
after the other, and the second sees the first. (SQLite takes one writer at a time:
its transactions begin IMMEDIATE, settings.py.) Every write records its audit action in
the same transaction (`access.require` / `access.record`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import User
from carevillage.notify import services as notify

from . import selectors
from .availability import FreeTime
from .models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    Booking,
    CancelledBy,
    ExceptionKind,
    validate_time_zone,
)

REASON_LIMIT = 500
NOTE_LIMIT = 2000

# What staff may mark a visit as, and from which states.
MARKS = {
    AppointmentStatus.ARRIVED: (AppointmentStatus.BOOKED, AppointmentStatus.NO_SHOW),
    AppointmentStatus.FULFILLED: (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
    AppointmentStatus.NO_SHOW: (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
}


class SlotTaken(ValidationError):
    """The time was free when the page was drawn and is not any more."""


def _text(value: Any, limit: int, label: str) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("%(field)s is too long: at most %(limit)s characters.")
            % {"field": label, "limit": limit},
            code="too_long",
        )
    return text


def appointment_path(appointment_id: int) -> str:
    return reverse("scheduling:appointment", args=[appointment_id])


def tell_person(appointment: Appointment, key: str) -> None:
    """Queue an e-mail to the person (in their language; nothing about the visit)."""
    user = appointment.person.user
    if user is None:
        return
    with translation.override(notify.language_for(user=user)):
        notify.notify_appointment(
            recipient=user, key=key, link_path=appointment_path(appointment.pk)
        )


def _lock_professional(professional_id: Any) -> User:
    """Lock the professional's row for the rest of the transaction: every booking of
    their time takes this lock first, so two run one after the other."""
    try:
        return User.objects.select_for_update().get(pk=professional_id)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ValidationError(
            _("This time is not offered: choose one of the free times."), code="not_offered"
        ) from None


def _claim_time(
    appointment_type: AppointmentType,
    professional_id: Any,
    starts_at: dt.datetime,
    now: dt.datetime,
    moving: Any = None,
) -> tuple[User, dt.datetime]:
    """Lock the professional, then check that `starts_at` is one of the type's free
    times for them now. Raises `SlotTaken` when it was free but no longer is."""
    if starts_at.tzinfo is None:
        raise ValidationError(_("Choose a time from the list."), code="naive")
    professional = _lock_professional(professional_id)

    def times(*, ignore_bookings: bool) -> list[FreeTime]:
        return selectors.free_times_of(
            appointment_type,
            now=now,
            start=starts_at,
            end=starts_at,
            professional_id=professional.pk,
            ignore_bookings=ignore_bookings,
            exclude_appointment_id=moving,
        )

    if any(one.starts_at == starts_at for one in times(ignore_bookings=False)):
        return professional, starts_at + appointment_type.duration
    offered = times(ignore_bookings=True)
    if any(one.starts_at == starts_at for one in offered):
        raise SlotTaken(
            _("This time was just booked by someone else — choose another."), code="slot_taken"
        )
    raise ValidationError(
        _("This time is not offered: choose one of the free times."), code="not_offered"
    )


@access.atomic
def book(
    *,
    actor: Any,
    person: Any,
    appointment_type: AppointmentType,
    professional_id: Any,
    starts_at: dt.datetime,
    on_behalf_of: Any = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book a free time: the person themselves (a type offered for online booking, with
    a team that cares for them), their proxy, or a professional of the team (any type).
    The person gets "You have a new appointment"."""
    now = now or timezone.now()
    if not appointment_type.active:
        raise ValidationError(_("This kind of appointment is no longer offered."), code="inactive")
    professional, ends_at = _claim_time(appointment_type, professional_id, starts_at, now)
    appointment = Appointment.objects.create(
        person=person,
        appointment_type=appointment_type,
        care_team_id=appointment_type.care_team_id,
        professional=professional,
        starts_at=starts_at,
        ends_at=ends_at,
        status=AppointmentStatus.BOOKED,
        created_by=actor if getattr(actor, "pk", None) else None,
        is_demo=appointment_type.is_demo,
    )
    access.require(actor, AuditAction.BOOK_APPOINTMENT, appointment, on_behalf_of)
    tell_person(appointment, f"appointment:{appointment.pk}")
    return appointment


@access.atomic
def request_appointment(
    *,
    actor: Any,
    person: Any,
    appointment_type: AppointmentType,
    note: str = "",
    on_behalf_of: Any = None,
) -> Appointment:
    """Ask for a visit of a request-only type; the team gives it a time or declines."""
    note = _text(note, NOTE_LIMIT, _("Your message"))
    if appointment_type.booking != Booking.REQUEST_ONLY:
        raise ValidationError(
            _("This kind of appointment is booked, not requested: choose a time."),
            code="not_request_only",
        )
    if not appointment_type.active:
        raise ValidationError(_("This kind of appointment is no longer offered."), code="inactive")
    appointment = Appointment.objects.create(
        person=person,
        appointment_type=appointment_type,
        care_team_id=appointment_type.care_team_id,
        status=AppointmentStatus.REQUESTED,
        request_note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
        is_demo=appointment_type.is_demo,
    )
    access.require(actor, AuditAction.REQUEST_APPOINTMENT, appointment, on_behalf_of)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("appointment_type", "care_team__organization", "person__user")
        .get(pk=appointment.pk)
    )


def _changed(
    appointment: Appointment, actor: Any, status: str, reason: str, now: dt.datetime
) -> None:
    appointment.status = status
    appointment.status_reason = reason
    appointment.status_changed_at = now
    appointment.status_changed_by = actor if getattr(actor, "pk", None) else None


@access.atomic
def accept_request(
    *,
    actor: Any,
    appointment: Appointment,
    professional_id: Any,
    starts_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Appointment:
    """A professional of the team gives a requested visit a free time; the person is told."""
    now = now or timezone.now()
    appointment = _locked(appointment)
    access.require(actor, AuditAction.ACCEPT_APPOINTMENT_REQUEST, appointment)
    professional, ends_at = _claim_time(
        appointment.appointment_type, professional_id, starts_at, now
    )
    appointment.professional = professional
    appointment.starts_at = starts_at
    appointment.ends_at = ends_at
    _changed(appointment, actor, AppointmentStatus.BOOKED, "", now)
    appointment.save()
    tell_person(appointment, f"appointment:{appointment.pk}")
    return appointment


@access.atomic
def decline_request(
    *, actor: Any, appointment: Appointment, reason: str, now: dt.datetime | None = None
) -> Appointment:
    """A professional declines a request, with the reason the person reads."""
    reason = _text(reason, REASON_LIMIT, _("The reason"))
    if not reason:
        raise ValidationError(
            _("Write the reason the request is declined: the patient reads it."),
            code="no_reason",
        )
    now = now or timezone.now()
    appointment = _locked(appointment)
    access.require(actor, AuditAction.DECLINE_APPOINTMENT_REQUEST, appointment)
    _changed(appointment, actor, AppointmentStatus.DECLINED, reason, now)
    appointment.save()
    tell_person(appointment, f"appointment-change:{appointment.pk}:declined")
    return appointment


@access.atomic
def move(
    *,
    actor: Any,
    appointment: Appointment,
    professional_id: Any,
    starts_at: dt.datetime,
    on_behalf_of: Any = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Move a booked visit to another free time of its type. The person (or their proxy)
    moves an online-booked visit until the cut-off; the clinic moves any, and the person
    is told. Reminders start again for the new time."""
    now = now or timezone.now()
    appointment = _locked(appointment)
    decision = access.require(actor, AuditAction.MOVE_APPOINTMENT, appointment, on_behalf_of)
    by_patient = on_behalf_of is not None or decision.reason == "self"
    if by_patient and cutoff_passed(appointment, now):
        raise ValidationError(whom_to_call(appointment), code="cutoff")
    if starts_at == appointment.starts_at and str(professional_id) == str(
        appointment.professional_id
    ):
        raise ValidationError(_("Choose a time other than the one you have."), code="same")
    professional, ends_at = _claim_time(
        appointment.appointment_type, professional_id, starts_at, now, moving=appointment.pk
    )
    appointment.professional = professional
    appointment.starts_at = starts_at
    appointment.ends_at = ends_at
    _changed(appointment, actor, AppointmentStatus.BOOKED, "", now)
    appointment.save()
    appointment.reminders.all().delete()
    if not by_patient:
        tell_person(
            appointment, f"appointment-change:{appointment.pk}:moved:{int(starts_at.timestamp())}"
        )
    return appointment


def cutoff_passed(appointment: Appointment, now: dt.datetime | None = None) -> bool:
    """Whether the person can no longer cancel the booked visit online."""
    if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at is None:
        return False
    now = now or timezone.now()
    return now > appointment.starts_at - appointment.appointment_type.cancellation_cutoff


def whom_to_call(appointment: Appointment) -> str:
    """The sentence a person reads after the cut-off: whom to call, and why."""
    hours = appointment.appointment_type.cancellation_cutoff_hours
    phone = appointment.appointment_type.contact_phone
    team = appointment.care_team.name
    if phone:
        return _(
            "Less than %(hours)s hours before the visit it can no longer be cancelled "
            "online. Call %(team)s on %(phone)s, so the time can be given to someone else."
        ) % {"hours": hours, "team": team, "phone": phone}
    return _(
        "Less than %(hours)s hours before the visit it can no longer be cancelled online. "
        "Call %(team)s, so the time can be given to someone else."
    ) % {"hours": hours, "team": team}


@access.atomic
def cancel(
    *,
    actor: Any,
    appointment: Appointment,
    reason: str = "",
    on_behalf_of: Any = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Cancel an open appointment. The person (or their proxy) cancels a booked visit
    online until the type's cut-off (after it: `whom_to_call`); the clinic cancels at any
    time, with the reason the person reads, and the person is told."""
    reason = _text(reason, REASON_LIMIT, _("The reason"))
    now = now or timezone.now()
    appointment = _locked(appointment)
    decision = access.require(actor, AuditAction.CANCEL_APPOINTMENT, appointment, on_behalf_of)
    by_patient = on_behalf_of is not None or decision.reason == "self"
    if by_patient:
        if cutoff_passed(appointment, now):
            raise ValidationError(whom_to_call(appointment), code="cutoff")
    elif not reason:
        raise ValidationError(
            _("Write the reason the visit is cancelled: the patient reads it."),
            code="no_reason",
        )
    _changed(appointment, actor, AppointmentStatus.CANCELLED, reason, now)
    appointment.cancelled_by = CancelledBy.PATIENT if by_patient else CancelledBy.CLINIC
    appointment.save()
    if not by_patient:
        tell_person(appointment, f"appointment-change:{appointment.pk}:cancelled")
    return appointment


@access.atomic
def mark(
    *,
    actor: Any,
    appointment: Appointment,
    status: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """A professional of the team marks a visit arrived, done or not attended."""
    if status not in MARKS:
        raise ValidationError(_("Choose arrived, done or did not come."), code="status")
    reason = _text(reason, REASON_LIMIT, _("The reason"))
    now = now or timezone.now()
    appointment = _locked(appointment)
    access.require(actor, AuditAction.CHANGE_APPOINTMENT, appointment)
    if appointment.status not in MARKS[AppointmentStatus(status)]:
        raise ValidationError(
            _("The visit cannot be marked so: its status is “%(status)s”.")
            % {"status": appointment.get_status_display()},
            code="transition",
        )
    if (
        status == AppointmentStatus.NO_SHOW
        and appointment.starts_at
        and now < appointment.starts_at
    ):
        raise ValidationError(
            _("A visit can be marked as not attended only once its time has begun."),
            code="too_early",
        )
    _changed(appointment, actor, status, reason, now)
    appointment.save()
    return appointment


def when_text(appointment: Appointment, zone: Any = None) -> str:
    """The visit's time in the current language and zone (for messages and pages)."""
    if appointment.starts_at is None:
        return ""
    local = timezone.localtime(appointment.starts_at, zone)
    return formats.date_format(local, "DATETIME_FORMAT")


# --- setting up (a team's types and open times; no one's data) --------------------------

LANGUAGE_CODES = ("en", "fi", "sv", "nb", "nn")


def define_appointment_type(
    *,
    care_team: Any,
    code: str,
    names: dict[str, str],
    preparation: dict[str, str] | None = None,
    **settings: Any,
) -> AppointmentType:
    """Create or update a team's appointment type, known by its code."""
    fields: dict[str, Any] = {f"name_{lang}": names.get(lang, "") for lang in LANGUAGE_CODES}
    fields |= {f"preparation_{lang}": (preparation or {}).get(lang, "") for lang in LANGUAGE_CODES}
    fields |= settings
    kind, _created = AppointmentType.objects.update_or_create(
        care_team=care_team, code=code, defaults=fields
    )
    return kind


def add_open_time(
    *,
    professional: Any,
    care_team: Any,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    time_zone: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    is_demo: bool = False,
) -> AvailabilityRule:
    """A professional's weekly open time for a team (the same one again is not added)."""
    validate_time_zone(time_zone)
    if end_time <= start_time:
        raise ValidationError(_("An open time must end after it starts."), code="order")
    rule, _created = AvailabilityRule.objects.get_or_create(
        professional=professional,
        care_team=care_team,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        time_zone=time_zone,
        defaults={"valid_from": valid_from, "valid_until": valid_until, "is_demo": is_demo},
    )
    return rule


def add_exception(
    *,
    professional: Any,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    care_team: Any,
    note: str = "",
    is_demo: bool = False,
) -> AvailabilityException:
    """Close a stretch of a professional's time in every team (a holiday, a sick day;
    `care_team` is the team recording it) or open an extra one for `care_team`.
    Bookings already made stay: the clinic cancels them one by one."""
    if ends_at <= starts_at:
        raise ValidationError(_("An exception must end after it starts."), code="order")
    if kind not in ExceptionKind.values:
        raise ValidationError(_("Choose closed or extra open time."), code="kind")
    return AvailabilityException.objects.create(
        professional=professional,
        care_team=care_team,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        note=_text(note, 200, _("Note")),
        is_demo=is_demo,
    )
