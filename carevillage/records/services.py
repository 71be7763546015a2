"""Every write of the health record: what the EHRs file, what professionals withhold,
and the patient's prescription renewal requests.

The filing services are the door the FHIR API's records resources and the
`import_records` command go through. A resend with the same source identifier updates
the one row; invalid data raises a `ValidationError` that says what is wrong and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.identity.models import Person
from carevillage.messaging import services as messaging
from carevillage.messaging.models import ThreadStatus, ThreadTag
from carevillage.notify.services import language_for
from carevillage.tenants.models import CareTeam, PatientRegistration

from .inputs import Coding, DocumentInput, ImmunizationInput, MedicationInput, ResultInput
from .models import (
    ANSWERS,
    Document,
    DocumentStatus,
    Immunization,
    ImmunizationStatus,
    Interpretation,
    Medication,
    MedicationStatus,
    RecordItem,
    RenewalRequest,
    RenewalStatus,
    Result,
    ResultStatus,
)

Item = TypeVar("Item", bound=RecordItem)

# A PDF attachment larger than this is refused (the FHIR API's body limit is smaller).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = ("application/pdf",)
_IDENTIFIER = re.compile(r"^[^|\s][^|]*\|[^|\s][^|]*$")


# --- checking what the EHR sent ---------------------------------------------------------


def _text(value: Any, limit: int, label: str, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(_("%(field)s is missing.") % {"field": label}, code="required")
    if len(text) > limit:
        raise ValidationError(
            _("%(field)s is too long: at most %(limit)d characters.")
            % {"field": label, "limit": limit},
            code="too_long",
        )
    return text


def _choice(value: str, choices: list[str], label: str) -> str:
    if value not in choices:
        raise ValidationError(
            _("%(field)s “%(value)s” is not one of: %(choices)s.")
            % {"field": label, "value": value, "choices": ", ".join(c or '""' for c in choices)},
            code="invalid_choice",
        )
    return value


def _moment(value: Any, label: str, *, required: bool = True) -> dt.datetime | None:
    if value is None:
        if required:
            raise ValidationError(_("%(field)s is missing.") % {"field": label}, code="required")
        return None
    if not isinstance(value, dt.datetime):
        raise ValidationError(
            _("%(field)s must be a date and time.") % {"field": label}, code="invalid"
        )
    if timezone.is_naive(value):
        raise ValidationError(
            _("%(field)s must carry a time zone.") % {"field": label}, code="naive_time"
        )
    return value


def _day(value: Any, label: str, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(_("%(field)s is missing.") % {"field": label}, code="required")
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(_("%(field)s must be a date.") % {"field": label}, code="invalid")
    return value


def _decimal(value: Any, label: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError(
            _("%(field)s must be a number.") % {"field": label}, code="invalid"
        ) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        raise ValidationError(
            _("%(field)s is not a number that can be stored.") % {"field": label},
            code="invalid",
        )
    return number.quantize(Decimal("0.000001"))


def _coding(value: Any, label: str) -> dict[str, str]:
    if not isinstance(value, Coding):
        raise ValidationError(_("%(field)s is missing.") % {"field": label}, code="required")
    return {
        "system": _text(value.system, 200, _("The code system of %(field)s") % {"field": label}),
        "code": _text(value.code, 64, label, required=True),
        "display": _text(value.display, 200, _("The name of %(field)s") % {"field": label}),
    }


def _count(value: Any, label: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
        raise ValidationError(
            _("%(field)s must be a whole number from 1 to 99.") % {"field": label},
            code="invalid",
        )
    return value


def clean_source_identifier(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError(
            _("The entry has no identifier from the sending system."), code="no_identifier"
        )
    if len(text) > 255 or not _IDENTIFIER.match(text):
        raise ValidationError(
            _("The entry's identifier must be “system|value” and at most 255 characters."),
            code="bad_identifier",
        )
    return text


def _result_fields(data: ResultInput) -> dict[str, Any]:
    if not isinstance(data, ResultInput):
        raise TypeError("file_result takes a ResultInput")
    code = _coding(data.code, _("The test code"))
    low = _decimal(data.reference_low, _("The lower reference limit"))
    high = _decimal(data.reference_high, _("The upper reference limit"))
    if low is not None and high is not None and low > high:
        raise ValidationError(
            _("The lower reference limit is above the upper one."), code="reference_range"
        )
    values: dict[str, Any] = {
        "system": code["system"],
        "code": code["code"],
        "display": code["display"] or code["code"],
        "category": _text(data.category, 64, _("The category")),
        "status": _choice(data.status, ResultStatus.values, _("The result's status")),
        "effective_at": _moment(data.effective_at, _("The time the sample was taken")),
        "issued_at": _moment(data.issued_at, _("The time registered"), required=False),
        "value": _decimal(data.value, _("The value")),
        "unit": _text(data.unit, 64, _("The unit")),
        "value_text": _text(data.value_text, 500, _("The value as text")),
        "reference_low": low,
        "reference_high": high,
        "reference_text": _text(data.reference_text, 200, _("The reference range")),
        "interpretation": _choice(
            data.interpretation or "", Interpretation.values, _("The interpretation")
        ),
        "performer": _text(data.performer, 200, _("The performer")),
        "note": _text(data.note, 5000, _("The note")),
    }
    values["effective_until"] = _moment(
        data.effective_until, _("The end of the sampling period"), required=False
    )
    if values["effective_until"] is not None and values["effective_until"] < values["effective_at"]:
        raise ValidationError(_("The sampling period ends before it starts."), code="period")
    values["value_system"] = values["value_code"] = ""
    if data.value_coding is not None:
        if values["value"] is not None:
            raise ValidationError(
                _("The result has both a number and a coded value: send one."), code="two_values"
            )
        coded = _coding(data.value_coding, _("The coded value"))
        values["value_system"], values["value_code"] = coded["system"], coded["code"]
        values["value_text"] = values["value_text"] or coded["display"] or coded["code"]
    if values["value"] is None and not values["value_text"]:
        raise ValidationError(_("The result has neither a value nor a text."), code="no_value")
    return values


def _document_fields(data: DocumentInput) -> dict[str, Any]:
    if not isinstance(data, DocumentInput):
        raise TypeError("file_document takes a DocumentInput")
    kind = _coding(data.type, _("The document type"))
    values: dict[str, Any] = {
        "type_system": kind["system"],
        "type_code": kind["code"],
        "type_display": kind["display"] or kind["code"],
        "title": _text(data.title, 300, _("The title"), required=True),
        "author": _text(data.author, 200, _("The author")),
        "date": _moment(data.date, _("The document's date")),
        "text": _text(data.text, 200_000, _("The text")),
        "status": _choice(data.status, DocumentStatus.values, _("The document's status")),
        "content_type": "",
        "filename": "",
    }
    if data.attachment is not None:
        if not isinstance(data.attachment, bytes) or not data.attachment:
            raise ValidationError(_("The attachment is empty."), code="empty_attachment")
        if len(data.attachment) > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                _("The attachment is too large: at most %(mb)d MB.")
                % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                code="attachment_too_large",
            )
        content_type = (data.content_type or "").split(";")[0].strip().lower()
        if content_type not in ATTACHMENT_TYPES or not data.attachment.startswith(b"%PDF-"):
            raise ValidationError(_("The attachment must be a PDF file."), code="attachment_type")
        name = _text(data.filename, 200, _("The attachment's name")) or "document.pdf"
        values["content_type"] = content_type
        values["filename"] = re.sub(r"[^\w.\- ]", "_", name.rsplit("/", 1)[-1])
    elif not values["text"]:
        raise ValidationError(
            _("The document has neither a text nor an attachment."), code="no_content"
        )
    return values


def _immunization_fields(data: ImmunizationInput) -> dict[str, Any]:
    if not isinstance(data, ImmunizationInput):
        raise TypeError("file_immunization takes an ImmunizationInput")
    vaccine = _coding(data.vaccine, _("The vaccine code"))
    occurred_on = _day(data.occurred_on, _("The vaccination date"))
    if occurred_on is not None and occurred_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(
            _("The vaccination date is in the future."), code="future_vaccination"
        )
    dose, series = (
        _count(data.dose_number, _("The dose number")),
        _count(data.series_doses, _("The number of doses in the series")),
    )
    if dose is not None and series is not None and dose > series:
        raise ValidationError(
            _("The dose number is larger than the number of doses in the series."),
            code="dose_number",
        )
    return {
        "vaccine_system": vaccine["system"],
        "vaccine_code": vaccine["code"],
        "vaccine_display": vaccine["display"] or vaccine["code"],
        "occurred_on": occurred_on,
        "dose_number": dose,
        "series_doses": series,
        "performer": _text(data.performer, 200, _("The vaccinator")),
        "lot_number": _text(data.lot_number, 64, _("The batch number")),
        "status": _choice(data.status, ImmunizationStatus.values, _("The vaccination's status")),
    }


def _medication_fields(data: MedicationInput) -> dict[str, Any]:
    if not isinstance(data, MedicationInput):
        raise TypeError("file_medication takes a MedicationInput")
    code = _coding(data.code, _("The medicine's code"))
    start = _day(data.start_date, _("The start date"), required=False)
    end = _day(data.end_date, _("The end date"), required=False)
    if start is not None and end is not None and end < start:
        raise ValidationError(_("The medicine's end date is before its start date."), code="dates")
    return {
        "system": code["system"],
        "code": code["code"],
        "display": code["display"] or code["code"],
        "name": _text(data.name, 200, _("The medicine's name"), required=True),
        "dosage_text": _text(data.dosage_text, 500, _("The dose")),
        "prescriber": _text(data.prescriber, 200, _("The prescriber")),
        "status": _choice(data.status, MedicationStatus.values, _("The medicine's status")),
        "start_date": start,
        "end_date": end,
        "renewable": bool(data.renewable),
    }


# --- filing ---------------------------------------------------------------------------


def _organization_id(actor: Any) -> int:
    organization_id = getattr(actor, "organization_id", None)
    if organization_id is None:
        # Only an organization's system files entries: the policy refuses anyone else.
        raise access.AccessDenied()
    return int(organization_id)


def _file(
    actor: Any,
    model: type[Item],
    *,
    person: Person,
    source_identifier: str,
    values: dict[str, Any],
    delay: dt.timedelta = dt.timedelta(0),
    is_demo: bool = False,
) -> tuple[Item, bool]:
    if not isinstance(person, Person) or person.pk is None:
        raise ValidationError(_("The entry is not about a known person."), code="no_person")
    source_identifier = clean_source_identifier(source_identifier)
    organization_id = _organization_id(actor)
    existing = (
        model._default_manager.select_for_update()
        .filter(organization_id=organization_id, source_identifier=source_identifier)
        .first()
    )
    if existing is None:
        now = timezone.now()
        row = model(
            person=person,
            organization_id=organization_id,
            source_identifier=source_identifier,
            filed_at=now,
            visible_from=now + delay,
            is_demo=is_demo,
            **values,
        )
        row.save()
        # The decision is about the new entry (its person, its organization): a refusal
        # rolls the row back with the allowed event and keeps the denied one.
        access.require(actor, AuditAction.FILE_RECORD_ITEM, row)
        return row, True
    access.require(actor, AuditAction.UPDATE_RECORD_ITEM, existing)
    if existing.person_id != person.pk:
        raise ValidationError(
            _("This identifier belongs to an entry of another person."), code="other_person"
        )
    for name, value in values.items():
        setattr(existing, name, value)
    existing.version += 1
    existing.save()
    return existing, False


@access.atomic
def file_result(
    actor: Any, *, person: Person, source_identifier: str, data: ResultInput, is_demo: bool = False
) -> tuple[Result, bool]:
    """A test result (FHIR Observation): shown to the person at once."""
    return _file(
        actor,
        Result,
        person=person,
        source_identifier=source_identifier,
        values=_result_fields(data),
        is_demo=is_demo,
    )


def _store_attachment(content: bytes) -> str:
    """The file is named by its content: a resend of the same PDF writes nothing new, and
    a rolled-back filing leaves at most a file the next identical one reuses."""
    storage = Document._meta.get_field("attachment").storage
    name = f"documents/{hashlib.sha256(content).hexdigest()}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(content))
    return name


def document_delay() -> dt.timedelta:
    return dt.timedelta(hours=float(settings.RECORDS_DOCUMENT_DELAY_HOURS))


@access.atomic
def file_document(
    actor: Any,
    *,
    person: Person,
    source_identifier: str,
    data: DocumentInput,
    is_demo: bool = False,
) -> tuple[Document, bool]:
    """A document (FHIR DocumentReference): shown to the person RECORDS_DOCUMENT_DELAY_HOURS
    after it is filed, so the clinician can talk with the patient first (Helsenorge's
    practice). A resend of the same identifier is a new version of the one row; a document
    that `replaces` another marks that one superseded, so only the latest is shown."""
    values = _document_fields(data)
    replaces = clean_source_identifier(data.replaces) if data.replaces else ""
    if replaces and replaces == source_identifier:
        raise ValidationError(_("A document cannot replace itself."), code="replaces_itself")
    if data.attachment is not None:
        values["attachment"] = _store_attachment(data.attachment)
    else:
        values["attachment"] = ""
    document, created = _file(
        actor,
        Document,
        person=person,
        source_identifier=source_identifier,
        values=values,
        delay=document_delay(),
        is_demo=is_demo,
    )
    if replaces:
        earlier = (
            Document.objects.select_for_update()
            .filter(organization_id=document.organization_id, source_identifier=replaces)
            .first()
        )
        if earlier is None or earlier.person_id != document.person_id:
            raise ValidationError(
                _("The document it replaces (%(identifier)s) is not known.")
                % {"identifier": replaces},
                code="replaces_unknown",
            )
        access.require(actor, AuditAction.UPDATE_RECORD_ITEM, earlier)
        earlier.status = DocumentStatus.SUPERSEDED
        earlier.superseded_by = document
        earlier.save(update_fields=["status", "superseded_by", "updated_at"])
    return document, created


@access.atomic
def file_immunization(
    actor: Any,
    *,
    person: Person,
    source_identifier: str,
    data: ImmunizationInput,
    is_demo: bool = False,
) -> tuple[Immunization, bool]:
    """A vaccination (FHIR Immunization): shown at once."""
    return _file(
        actor,
        Immunization,
        person=person,
        source_identifier=source_identifier,
        values=_immunization_fields(data),
        is_demo=is_demo,
    )


@access.atomic
def file_medication(
    actor: Any,
    *,
    person: Person,
    source_identifier: str,
    data: MedicationInput,
    care_team: CareTeam | None = None,
    is_demo: bool = False,
) -> tuple[Medication, bool]:
    """A medicine (FHIR MedicationStatement): shown at once. `care_team`, when the EHR
    says which of the organization's teams prescribed it, gets its renewal requests."""
    values = _medication_fields(data)
    if care_team is not None:
        if care_team.organization_id != _organization_id(actor):
            raise ValidationError(
                _("The care team is not one of the sending organization's."), code="team"
            )
        values["care_team"] = care_team
    return _file(
        actor,
        Medication,
        person=person,
        source_identifier=source_identifier,
        values=values,
        is_demo=is_demo,
    )


# --- withholding ----------------------------------------------------------------------


def _locked(item: Item) -> Item:
    return type(item)._default_manager.select_for_update().get(pk=item.pk)


@access.atomic
def withhold(actor: Any, item: Item, reason: str) -> Item:
    """Keep an entry from the patient (and their proxies) for now, with a reason the
    trail keeps. A professional of the sending organization's teams that care for them."""
    reason = _text(reason, 2000, _("The reason"))
    if not reason:
        raise ValidationError(
            _("Write why the entry is withheld from the patient."), code="no_reason"
        )
    item = _locked(item)
    access.require(actor, AuditAction.WITHHOLD_RECORD_ITEM, item)
    item.withheld = True
    item.withheld_reason = reason
    item.withheld_by = actor
    item.withheld_at = timezone.now()
    item.save(
        update_fields=["withheld", "withheld_reason", "withheld_by", "withheld_at", "updated_at"]
    )
    return item


@access.atomic
def release(actor: Any, item: Item) -> Item:
    """Show a withheld entry to the patient (from its `visible_from` on)."""
    item = _locked(item)
    access.require(actor, AuditAction.RELEASE_RECORD_ITEM, item)
    item.withheld = False
    item.withheld_reason = ""
    item.withheld_by = None
    item.withheld_at = None
    item.save(
        update_fields=["withheld", "withheld_reason", "withheld_by", "withheld_at", "updated_at"]
    )
    return item


@access.atomic
def set_hidden_from_guardians(actor: Any, item: Item, hidden: bool) -> Item:
    """ "Not shown to parents" on an entry of a youth aged 12 to 16."""
    item = _locked(item)
    access.require(actor, AuditAction.SET_RECORD_GUARDIAN_VISIBILITY, item)
    item.hidden_from_guardians = bool(hidden)
    item.save(update_fields=["hidden_from_guardians", "updated_at"])
    return item


# --- prescription renewal -------------------------------------------------------------


def renewal_team(medication: Medication) -> CareTeam | None:
    """Who handles a renewal: the prescribing team when the EHR named it, else the team
    the person is registered with in the organization, else one running their care path
    there."""
    if medication.care_team_id is not None:
        return medication.care_team
    registration = (
        PatientRegistration.objects.filter(
            person_id=medication.person_id, care_team__organization_id=medication.organization_id
        )
        .select_related("care_team")
        .order_by("pk")
        .first()
    )
    if registration is not None:
        return registration.care_team
    enrollment = (
        Enrollment.objects.filter(
            person_id=medication.person_id,
            care_team__organization_id=medication.organization_id,
            status__in=CARE_STATUSES,
        )
        .select_related("care_team")
        .order_by("pk")
        .first()
    )
    return enrollment.care_team if enrollment is not None else None


@access.atomic
def request_renewal(actor: Any, medication: Medication, message: str = "") -> RenewalRequest:
    """The patient asks for a renewal of a renewable prescription in use: a message thread
    tagged as a renewal goes to the prescribing organization's team (its inbox handles
    it), and the request lapses unanswered after eight days (MyKanta's rule)."""
    message = _text(message, 2000, _("Your message"))
    medication = _locked(medication)
    access.require(actor, AuditAction.REQUEST_PRESCRIPTION_RENEWAL, medication)
    if RenewalRequest.objects.filter(medication=medication, status=RenewalStatus.PENDING).exists():
        raise ValidationError(
            _(
                "You have already asked for a renewal of this medicine: the answer comes to your messages."
            ),
            code="already_pending",
        )
    team = renewal_team(medication)
    if team is None:
        raise ValidationError(
            _(
                "The organization that prescribed this medicine has no care team to handle renewals here: contact it directly."
            ),
            code="no_team",
        )
    body = _("Please renew my prescription: %(medicine)s.") % {"medicine": medication.name}
    if medication.dosage_text:
        body += "\n" + _("Dose: %(dose)s") % {"dose": medication.dosage_text}
    if message:
        body += "\n\n" + message
    thread = messaging.start_thread(
        actor=actor,
        care_team=team,
        topic=(_("Prescription renewal: %(medicine)s") % {"medicine": medication.name})[:200],
        body=body,
        client_key=uuid.uuid4(),
        tag=ThreadTag.RENEWAL,
    )
    now = timezone.now()
    renewal = RenewalRequest.objects.create(
        medication=medication,
        person_id=medication.person_id,
        requested_by=actor,
        thread=thread,
        patient_message=message,
        created_at=now,
        expires_at=RenewalRequest.expiry_for(now),
        is_demo=medication.is_demo,
    )
    access.record(actor, AuditAction.REQUEST_PRESCRIPTION_RENEWAL, renewal)
    return renewal


def _answer_text(renewal: RenewalRequest, outcome: str, reason: str) -> str:
    medicine = renewal.medication.name
    if outcome == RenewalStatus.RENEWED:
        text = _("Your prescription for %(medicine)s has been renewed.") % {"medicine": medicine}
    elif outcome == RenewalStatus.REFUSED:
        text = _("Your prescription for %(medicine)s was not renewed.") % {"medicine": medicine}
    else:
        text = _(
            "Before your prescription for %(medicine)s can be renewed, please book an appointment."
        ) % {"medicine": medicine}
    return f"{text}\n\n{reason}" if reason else text


def _patient_language(renewal: RenewalRequest) -> str:
    user = renewal.person.user if renewal.person.user_id else None
    return language_for(user=user) if user is not None else settings.LANGUAGE_CODE


@access.atomic
def answer_renewal(
    actor: Any, request: RenewalRequest, outcome: str, reason: str = ""
) -> RenewalRequest:
    """A professional of the team the request went to answers it: renewed, refused (with
    the reason the patient reads), or "book an appointment". The answer is a message in
    the request's thread (the patient is notified as for any answer) and the thread is
    marked done."""
    if outcome not in ANSWERS:
        raise ValidationError(
            _("Choose renewed, not renewed or book an appointment."), code="outcome"
        )
    reason = _text(reason, 2000, _("The reason"))
    if outcome == RenewalStatus.REFUSED and not reason:
        raise ValidationError(
            _("Write the reason the prescription is not renewed: the patient reads it."),
            code="no_reason",
        )
    renewal = (
        # Only the request's row is locked: PostgreSQL cannot lock the nullable side of
        # the outer joins that select_related makes.
        RenewalRequest.objects.select_for_update(of=("self",))
        .select_related("medication", "person", "thread__care_team__organization")
        .get(pk=request.pk)
    )
    access.require(actor, AuditAction.ANSWER_PRESCRIPTION_RENEWAL, renewal)
    renewal.status = outcome
    renewal.answer_reason = reason
    renewal.answered_by = actor
    renewal.answered_at = timezone.now()
    renewal.save(update_fields=["status", "answer_reason", "answered_by", "answered_at"])
    with translation.override(_patient_language(renewal)):
        body = _answer_text(renewal, outcome, reason)
    messaging.send_message(
        actor=actor,
        thread=renewal.thread,
        body=body,
        client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"renewal-answer:{renewal.pk}"),
    )
    messaging.set_thread_status(actor=actor, thread=renewal.thread, status=ThreadStatus.DONE)
    return renewal


def expire_renewals(now: dt.datetime | None = None) -> int:
    """Requests left unanswered for eight days lapse (MyKanta's rule) and the patient is
    told in the request's thread (the notification says only "you have a new message").
    Idempotent: a lapsed request is not pending any more, so a second run finds nothing;
    each request is its own transaction, so one failure does not hold back the others."""
    now = now or timezone.now()
    due = list(
        RenewalRequest.objects.filter(
            status=RenewalStatus.PENDING, expires_at__lte=now
        ).values_list("pk", flat=True)
    )
    expired = 0
    for pk in due:
        with access.atomic():
            renewal = (
                RenewalRequest.objects.select_for_update(of=("self",))
                .select_related("medication", "person", "thread")
                .filter(pk=pk, status=RenewalStatus.PENDING)
                .first()
            )
            if renewal is None:
                continue
            renewal.status = RenewalStatus.EXPIRED
            renewal.answered_at = now
            renewal.save(update_fields=["status", "answered_at"])
            access.record(None, AuditAction.EXPIRE_PRESCRIPTION_RENEWAL, renewal)
            with translation.override(_patient_language(renewal)):
                body = _(
                    "Your renewal request for %(medicine)s was not handled within 8 days and has lapsed. "
                    "Please ask again, or contact your health station or pharmacy."
                ) % {"medicine": renewal.medication.name}
            messaging.post_service_message(
                thread=renewal.thread,
                body=body,
                client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"renewal-expired:{renewal.pk}"),
            )
            expired += 1
    return expired


__all__ = [
    "answer_renewal",
    "expire_renewals",
    "file_document",
    "file_immunization",
    "file_medication",
    "file_result",
    "release",
    "request_renewal",
    "set_hidden_from_guardians",
    "withhold",
]
