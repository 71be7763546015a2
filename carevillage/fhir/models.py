"""API clients (an EHR, a national integration platform, a research system), the
assertions they signed (kept until expiry so none is accepted twice) and the bearer
tokens they were given (stored as hashes)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from carevillage.tenants.models import CareTeam, Organization


def new_client_id() -> str:
    return f"cv-{secrets.token_urlsafe(18)}"


class ApiClient(models.Model):
    """A system that calls the FHIR API with its own keys. It acts for its organization
    (and only for `care_teams` when any are set) within `scopes` (SMART v2 system scopes,
    e.g. "system/Patient.rs system/ServiceRequest.c")."""

    name = models.CharField(_("name"), max_length=200)
    client_id = models.CharField(max_length=64, unique=True, default=new_client_id)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="api_clients"
    )
    care_teams = models.ManyToManyField(CareTeam, blank=True, related_name="api_clients")
    scopes = models.TextField(_("scopes"), help_text=_("SMART system scopes, separated by spaces."))
    # The client's public keys: a JWKS document, or a URL it is fetched from (keys rotate
    # by publishing a new set there).
    jwks = models.JSONField(default=dict, blank=True)
    jwks_url = models.URLField(blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The access policy's actor protocol (carevillage.access.actors.ApiClientActor).
    is_api_client = True
    is_authenticated = True

    class Meta:
        verbose_name = _("API client")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.name})"

    def display_name(self) -> str:
        return self.name

    def primary_organization_name(self) -> str:
        return self.organization_name

    @cached_property
    def organization_name(self) -> str:
        return self.organization.name

    @cached_property
    def _care_team_ids(self) -> list[int]:
        return list(self.care_teams.values_list("pk", flat=True))

    def care_team_ids(self) -> list[int]:
        return self._care_team_ids


class UsedAssertion(models.Model):
    """A client assertion's `jti`, kept until the assertion expires: a second use of the
    same assertion is refused (SMART Backend Services, RFC 7523 §3)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "jti"], name="fhir_assertion_once")
        ]

    def __str__(self) -> str:
        return f"assertion of client {self.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class AccessToken(models.Model):
    """A bearer token given to a client: only its SHA-256 is stored."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.TextField()
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"token of client {self.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "active"
    ERROR = "error", "error"
    OFF = "off", "off"


class Subscription(models.Model):
    """An R4 Subscription of a client: a `rest-hook` POSTed to `endpoint` whenever a
    resource matching `criteria` (e.g. "QuestionnaireResponse?questionnaire=...") is
    created or changed, and the client may see it."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="subscriptions")
    criteria = models.CharField(max_length=1000)
    resource_type = models.CharField(max_length=64, db_index=True)
    # The criteria's search parameters, parsed once.
    parameters = models.JSONField(default=dict)
    endpoint = models.URLField(max_length=2000)
    # Extra headers the client asked for on each notification (e.g. its own credential).
    headers = models.JSONField(default=list)
    reason = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE
    )
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # FHIR meta.versionId: 1 when created, one more on each update (If-Match compares it).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"subscription {self.pk} of client {self.client_id}: {self.criteria}"


class Delivery(models.Model):
    """One notification owed for one change of one resource: written in the change's own
    transaction (an outbox), POSTed by a task until the endpoint answers 2xx. Its
    `idempotency_key` travels in a header on every try, so the receiver can tell a retry
    (after a killed worker or a lost answer) from a new change."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    resource_type = models.CharField(max_length=64)
    resource_id = models.CharField(max_length=64)
    idempotency_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    # A try in progress holds the delivery until then; a worker killed mid-try lets it go.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"delivery {self.pk} of {self.resource_type}/{self.resource_id}"


class ExternalIdentifier(models.Model):
    """The EHR's own identifier of a resource it created here (`ServiceRequest.identifier`):
    a resend with the same identifier (or `If-None-Exist: identifier=...`) finds the
    resource instead of creating it twice."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    resource_type = models.CharField(max_length=64)
    system = models.CharField(max_length=500)
    value = models.CharField(max_length=200)
    resource_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "resource_type", "system", "value"], name="fhir_identifier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.system}|{self.value} of client {self.client_id}"
