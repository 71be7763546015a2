"""Register an API client: `manage.py fhir_client_add --name NAME --organization SLUG
--scopes "system/Patient.rs ..." --jwks-file FILE | --jwks-url URL [--care-team ID ...]`.
The client_id is printed on the last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carevillage.access.scopes import Grants, ScopeSyntaxError
from carevillage.fhir import auth
from carevillage.fhir.models import ApiClient
from carevillage.tenants.models import CareTeam, Organization


class Command(BaseCommand):
    help = "Register a FHIR API client (SMART Backend Services) and print its client_id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--organization", required=True, help="the organization's short name")
        parser.add_argument("--scopes", required=True, help='e.g. "system/Patient.rs"')
        keys = parser.add_mutually_exclusive_group(required=True)
        keys.add_argument("--jwks-file", help="a JSON Web Key Set with the client's public keys")
        keys.add_argument("--jwks-url", help="where the client publishes its key set")
        parser.add_argument(
            "--care-team", type=int, action="append", default=[], help="limit to this team (id)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"no organization with the short name {options['organization']!r}")
        try:
            scopes = Grants.parse(options["scopes"])
        except ScopeSyntaxError as error:
            raise CommandError(str(error)) from None
        if not scopes:
            raise CommandError("give at least one scope")
        jwks: dict[str, Any] = {}
        if options["jwks_file"]:
            try:
                jwks = auth.jwks_from_file(options["jwks_file"])
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot use {options['jwks_file']}: {error}") from None
        teams = list(
            CareTeam.objects.filter(pk__in=options["care_team"], organization=organization)
        )
        if len(teams) != len(set(options["care_team"])):
            raise CommandError("every --care-team must be a team of the organization")
        client = ApiClient.objects.create(
            name=options["name"],
            organization=organization,
            scopes=str(scopes),
            jwks=jwks,
            jwks_url=options["jwks_url"] or "",
        )
        client.care_teams.set(teams)
        self.stdout.write(f"Registered {client.name} for {organization.name}: {client.scopes}")
        self.stdout.write(client.client_id)
