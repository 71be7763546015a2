"""Paired devices: the pairing code, the token, the device as an actor.

A patient asks for a pairing code (8 characters, shown once, valid ten minutes); the
device or phone app sends the code to `/api/monitoring/pair` and gets its own token,
which it sends as `Authorization: Bearer <token>` with every upload. Only SHA-256 hashes
of code and token are kept, so a copy of the database pairs nothing. The patient revokes
a device on their devices page; its token stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction

from .errors import MonitoringError
from .models import Device

PAIRING_VALID = dt.timedelta(minutes=10)
# Without 0/O and 1/I/L: a code read aloud or typed on a small screen stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_NAME_LENGTH = 80


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class DeviceActor:
    """A paired device acting with its token. No user and no person of its own (so no
    handler mistakes it for the patient or for staff): the policy asks only handlers
    that list it in `device_actions`."""

    device: Device
    is_device: bool = True
    is_authenticated: bool = True
    is_api_client: bool = False

    @property
    def pk(self) -> None:
        return None

    @property
    def device_id(self) -> int:
        return self.device.pk

    @property
    def device_person_id(self) -> int:
        return self.device.person_id

    def display_name(self) -> str:
        return _("Paired device “%(name)s”") % {"name": self.device.name}

    def primary_organization_name(self) -> str:
        return ""


@dataclass(frozen=True)
class Pairing:
    device: Device
    code: str


@access.atomic
def start_pairing(
    *, actor: Any, person: Any, name: str = "", now: dt.datetime | None = None
) -> Pairing:
    """A new device waiting for its code. The code is returned once and never stored."""
    name = " ".join(name.split())[:MAX_NAME_LENGTH] or _("My device")
    now = now or timezone.now()
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        try:
            with access.atomic():
                device = Device.objects.create(
                    person=person,
                    name=name,
                    pairing_code_hash=_hash(code),
                    pairing_expires_at=now + PAIRING_VALID,
                    created_at=now,
                )
        except IntegrityError:  # the same code twice: draw again
            continue
        access.require(actor, AuditAction.PAIR_DEVICE, device)
        return Pairing(device=device, code=code)
    raise MonitoringError(_("No pairing code could be made just now. Try again."))


@dataclass(frozen=True)
class Paired:
    device: Device
    token: str


@access.atomic
def redeem_pairing(*, code: str, now: dt.datetime | None = None) -> Paired:
    """The device trades a valid code for its token (once: the code is then gone)."""
    now = now or timezone.now()
    normal = _normal_code(code or "")
    device = (
        Device.objects.select_for_update()
        .filter(pairing_code_hash=_hash(normal), revoked_at__isnull=True)
        .first()
        if len(normal) == CODE_LENGTH
        else None
    )
    if device is None or device.pairing_expires_at is None or device.pairing_expires_at < now:
        raise MonitoringError(
            _("This pairing code is not valid or has expired. Ask for a new code on My page."),
            code="invalid-code",
        )
    token = secrets.token_urlsafe(32)
    device.token_hash = _hash(token)
    device.pairing_code_hash = None
    device.pairing_expires_at = None
    device.paired_at = now
    device.save(
        update_fields=["token_hash", "pairing_code_hash", "pairing_expires_at", "paired_at"]
    )
    access.record(DeviceActor(device), AuditAction.PAIR_DEVICE, device, reason="code redeemed")
    return Paired(device=device, token=token)


def device_for_token(token: str) -> Device | None:
    """The active device of a bearer token; None for an unknown token. A revoked one
    is refused and the refusal is audited in its patient's trail."""
    if not token:
        return None
    device = Device.objects.filter(token_hash=_hash(token)).first()
    if device is None:
        return None
    if device.revoked_at is not None:
        access.deny(
            DeviceActor(device),
            AuditAction.RECORD_MEASUREMENT,
            "measurement_device",
            device.pk,
            "revoked device token",
            subject_person_id=device.person_id,
        )
        return None
    return device


@access.atomic
def revoke_device(*, actor: Any, pk: Any, now: dt.datetime | None = None) -> Device:
    """The person ends a device's right to send (its token stops working at once)."""
    try:
        device = Device.objects.select_for_update().filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        device = None
    if device is None:
        raise Http404
    access.require(actor, AuditAction.REVOKE_DEVICE, device)
    if device.revoked_at is None:
        device.revoked_at = now or timezone.now()
        device.pairing_code_hash = None
        device.save(update_fields=["revoked_at", "pairing_code_hash"])
    return device


def devices_of(*, actor: Any, person: Any) -> list[Device]:
    """The person's devices (paired, waiting for their code, revoked), newest first."""
    return list(
        access.visible(
            actor, AuditAction.REVOKE_DEVICE, Device.objects.filter(person=person.pk)
        ).order_by("-created_at", "-pk")
    )
