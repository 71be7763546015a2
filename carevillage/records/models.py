"""The patient's health record as the organizations' EHRs send it: documents, results,
vaccinations, medicines, and the patient's prescription renewal requests.

Every row is personal health data: read it through `selectors`, write it through
`services`. A row belongs to one person and to the organization that sent it, and is
known by the EHR's own identifier (`source_identifier`, "system|value"): a resend of the
same identifier updates the one row, never adds a second.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


# PDF attachments are kept outside MEDIA_ROOT: they are served only through the
# access-checked document view, never as a static file.
def record_files() -> FileSystemStorage:
    return FileSystemStorage(location=settings.VAR_DIR / "records")


# MyKanta's rule for prescription renewal requests: the request is handled within eight
# days, after which it lapses and the patient is told (Kanta, "Reseptin uusiminen",
# kanta.fi/omakanta-reseptit).
RENEWAL_ANSWER_DAYS = 8


class RecordItem(models.Model):
    """What every entry of the record shares."""

    person = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="record_%(class)ss",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "tenants.Organization",
        on_delete=models.PROTECT,
        related_name="record_%(class)ss",
        verbose_name=_("organization"),
    )
    # The EHR's identifier of the entry, "system|value": a resend updates the one row.
    source_identifier = models.CharField(_("source identifier"), max_length=255)
    filed_at = models.DateTimeField(_("filed at"))
    # When the patient may see it: at once, or (documents) after the configured delay.
    visible_from = models.DateTimeField(_("visible from"), db_index=True)
    withheld = models.BooleanField(_("withheld from the patient"), default=False)
    withheld_reason = models.TextField(_("reason for withholding"), blank=True)
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withheld by"),
    )
    withheld_at = models.DateTimeField(_("withheld at"), null=True, blank=True)
    # Items of a youth (12-16) a professional keeps from the guardians (the proxy app
    # reads it; the person still sees the item).
    hidden_from_guardians = models.BooleanField(_("not shown to parents"), default=False)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # A resend of the same identifier bumps the version (the FHIR API's meta.versionId,
    # what an update's If-Match names).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source_identifier"],
                name="%(class)s_one_row_per_source_identifier",
            ),
        ]


class DocumentStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Replaced by a newer version")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")


class Document(RecordItem):
    # LOINC document type, e.g. 18842-5 discharge summary, 11488-4 consult note,
    # 34108-1 outpatient note (loinc.org).
    type_system = models.CharField(_("type code system"), max_length=200)
    type_code = models.CharField(_("type code"), max_length=64)
    type_display = models.CharField(_("type"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author"), max_length=200, blank=True)
    date = models.DateTimeField(_("date"))
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(
        _("attachment"), storage=record_files, upload_to="documents/", blank=True
    )
    content_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    filename = models.CharField(_("attachment name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.CURRENT
    )
    # A new document that replaces an earlier one marks that one superseded and points
    # here.
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced"
    )

    class Meta(RecordItem.Meta):
        ordering = ["-date", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class ResultStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PRELIMINARY = "preliminary", _("Preliminary")
    FINAL = "final", _("Final")
    AMENDED = "amended", _("Amended")
    CORRECTED = "corrected", _("Corrected")
    CANCELLED = "cancelled", _("Cancelled")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")


class Interpretation(models.TextChoices):
    # HL7 v3 ObservationInterpretation codes (terminology.hl7.org).
    NONE = "", _("Not given")
    NORMAL = "N", _("Normal")
    HIGH = "H", _("High")
    LOW = "L", _("Low")
    CRITICAL_HIGH = "HH", _("Critically high")
    CRITICAL_LOW = "LL", _("Critically low")
    ABNORMAL = "A", _("Abnormal")


OUT_OF_RANGE = ("H", "L", "HH", "LL", "A")


class Result(RecordItem):
    # LOINC observation code, UCUM unit (loinc.org, ucum.org).
    system = models.CharField(_("code system"), max_length=200)
    code = models.CharField(_("code"), max_length=64, db_index=True)
    display = models.CharField(_("test"), max_length=200)
    category = models.CharField(_("category"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResultStatus.choices, default=ResultStatus.FINAL
    )
    effective_at = models.DateTimeField(_("taken at"))
    # A sample collected over a time (a 24-hour urine: FHIR effectivePeriod) ends here;
    # `effective_at` is its start.
    effective_until = models.DateTimeField(_("taken until"), null=True, blank=True)
    issued_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    value_text = models.CharField(_("value as text"), max_length=500, blank=True)
    # A coded value (FHIR valueCodeableConcept), e.g. SNOMED CT 10828004 "Positive"; the
    # text the patient reads is `value_text`.
    value_system = models.CharField(_("value code system"), max_length=200, blank=True)
    value_code = models.CharField(_("value code"), max_length=64, blank=True)
    reference_low = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    reference_high = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    reference_text = models.CharField(_("reference range"), max_length=200, blank=True)
    interpretation = models.CharField(
        _("interpretation"),
        max_length=2,
        choices=Interpretation.choices,
        default=Interpretation.NONE,
        blank=True,
    )
    performer = models.CharField(_("performed by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(RecordItem.Meta):
        ordering = ["-effective_at", "-pk"]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        indexes = [models.Index(fields=["person", "code", "effective_at"])]

    def __str__(self) -> str:
        return self.display

    @property
    def out_of_range(self) -> bool:
        return self.interpretation in OUT_OF_RANGE


class ImmunizationStatus(models.TextChoices):
    COMPLETED = "completed", _("Given")
    NOT_DONE = "not-done", _("Not given")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")


class Immunization(RecordItem):
    vaccine_system = models.CharField(_("vaccine code system"), max_length=200)
    vaccine_code = models.CharField(_("vaccine code"), max_length=64)
    vaccine_display = models.CharField(_("vaccine"), max_length=200)
    occurred_on = models.DateField(_("given on"))
    dose_number = models.PositiveSmallIntegerField(_("dose"), null=True, blank=True)
    series_doses = models.PositiveSmallIntegerField(_("doses in series"), null=True, blank=True)
    performer = models.CharField(_("given by"), max_length=200, blank=True)
    lot_number = models.CharField(_("batch"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImmunizationStatus.choices,
        default=ImmunizationStatus.COMPLETED,
    )

    class Meta(RecordItem.Meta):
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("vaccination")
        verbose_name_plural = _("vaccinations")

    def __str__(self) -> str:
        return self.vaccine_display


class MedicationStatus(models.TextChoices):
    ACTIVE = "active", _("In use")
    COMPLETED = "completed", _("Finished")
    STOPPED = "stopped", _("Stopped")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")


class Medication(RecordItem):
    # ATC code (WHO Collaborating Centre for Drug Statistics Methodology, atcddd.fhi.no).
    system = models.CharField(_("code system"), max_length=200)
    code = models.CharField(_("code"), max_length=64)
    display = models.CharField(_("substance"), max_length=200)
    name = models.CharField(_("medicine"), max_length=200)
    dosage_text = models.CharField(_("dose"), max_length=500, blank=True)
    prescriber = models.CharField(_("prescribed by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MedicationStatus.choices,
        default=MedicationStatus.ACTIVE,
    )
    start_date = models.DateField(_("started"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    renewable = models.BooleanField(_("can be renewed"), default=False)
    # The team that handles renewal requests of this prescription (when the EHR says
    # which); otherwise the team the person is registered with in the organization.
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care team"),
    )

    class Meta(RecordItem.Meta):
        ordering = ["-start_date", "-pk"]
        verbose_name = _("medicine")
        verbose_name_plural = _("medicines")

    def __str__(self) -> str:
        return self.name


class RenewalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    RENEWED = "renewed", _("Renewed")
    REFUSED = "refused", _("Not renewed")
    APPOINTMENT = "appointment", _("Book an appointment")
    EXPIRED = "expired", _("Expired unanswered")


ANSWERS = (RenewalStatus.RENEWED, RenewalStatus.REFUSED, RenewalStatus.APPOINTMENT)


class RenewalRequest(models.Model):
    medication = models.ForeignKey(
        Medication, on_delete=models.PROTECT, related_name="renewal_requests"
    )
    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="renewal_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The message thread the care team handles it in (tagged as a renewal).
    thread = models.ForeignKey(
        "messaging.Thread", on_delete=models.PROTECT, related_name="renewal_requests"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RenewalStatus.choices, default=RenewalStatus.PENDING
    )
    patient_message = models.TextField(_("message"), blank=True)
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked on"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        constraints = [
            models.UniqueConstraint(
                fields=["medication"],
                condition=Q(status="pending"),
                name="one_pending_renewal_per_medication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medication} ({self.status})"

    @staticmethod
    def expiry_for(created_at: dt.datetime) -> dt.datetime:
        return created_at + dt.timedelta(days=RENEWAL_ANSWER_DAYS)
