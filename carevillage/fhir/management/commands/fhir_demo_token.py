"""DEMO: ask the running village's token endpoint for a token as the demo EHR (what an
EHR's integration engine does) and print it: `TOKEN=$(manage.py fhir_demo_token)`."""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carevillage.fhir.auth import ASSERTION_TYPE
from carevillage.fhir.demo import demo_client_files


class Command(BaseCommand):
    help = "Print a bearer token for the demo EHR client (make run must be running)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default=settings.BASE_URL)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info, key = demo_client_files()
        except (OSError, ValueError, KeyError):
            raise CommandError("no demo EHR key in var/: run `make run` first") from None
        token_url = f"{options['base_url'].rstrip('/')}/fhir/auth/token"
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": key.assertion(info["client_id"], token_url),
        }
        try:
            response = httpx.post(token_url, data=form, timeout=10)
        except httpx.HTTPError as error:
            raise CommandError(
                f"{token_url} did not answer ({error}): is make run running?"
            ) from None
        if response.status_code != 200:
            raise CommandError(f"token refused: {response.text}")
        self.stdout.write(response.json()["access_token"])
