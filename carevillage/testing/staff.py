"""Test helpers that read like the user story: make staff, log them in through the real views."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from carevillage.identity.models import User

STAFF_PASSWORD = "correct-horse-battery-staple-42"


def make_user(
    username: str,
    *,
    first_name: str = "",
    last_name: str = "",
    password: str = STAFF_PASSWORD,
    with_authenticator: bool = True,
) -> User:
    user = User.objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name
    )
    if with_authenticator:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def current_code(user: User) -> str:
    """The code the user's authenticator app shows right now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(user: User) -> str:
    return f"{(int(current_code(user)) + 500_000) % 1_000_000:06d}"


def enter_password(
    client: Client, username: str, password: str = STAFF_PASSWORD, next_url: str = ""
) -> Any:
    return client.post(
        reverse("identity:staff_login"),
        {"username": username, "password": password, "next": next_url},
    )


def enter_code(client: Client, code: str) -> Any:
    return client.post(reverse("identity:staff_second_factor"), {"code": code})


def log_in_staff(
    client: Client, user: User, *, next_url: str = "", password: str = STAFF_PASSWORD
) -> HttpResponse:
    """Password, then the authenticator code, through the real login views."""
    response = enter_password(client, user.get_username(), password, next_url=next_url)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("identity:staff_second_factor")
    response = enter_code(client, current_code(user))
    assert response.status_code == 302, response.content.decode()
    return response
