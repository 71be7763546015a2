"""A changed password or authenticator device ends the user's live sessions' sockets.

Passwords and devices are changed in several places (the admin's user editor, django-otp's
device admin, `manage.py changepassword`), so the model signals are the one place that
sees them all. The check compares with the stored value: a device's routine saves at
every login (drift, throttling counters) revoke nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .signals import revoke_sessions


@receiver(pre_save, sender=User)
def _password_changed(sender: type[User], instance: User, **kwargs: Any) -> None:
    if instance.pk is None or getattr(instance, "_password", None) is None:
        return  # a new user, or a save without set_password()
    revoke_sessions(instance)


@receiver(pre_save, sender=TOTPDevice)
def _remember_stored_key(sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any) -> None:
    stored = TOTPDevice.objects.filter(pk=instance.pk).values_list("key", "user_id").first()
    instance._stored_key = stored


@receiver(post_save, sender=TOTPDevice)
def _device_reset(
    sender: type[TOTPDevice], instance: TOTPDevice, created: bool, **kwargs: Any
) -> None:
    stored = getattr(instance, "_stored_key", None)
    if created or stored is None or stored != (instance.key, instance.user_id):
        revoke_sessions(instance.user)
        if stored is not None and stored[1] != instance.user_id:
            revoke_sessions(User.objects.get(pk=stored[1]))


@receiver(post_delete, sender=TOTPDevice)
def _device_removed(sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        revoke_sessions(user)
