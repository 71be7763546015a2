"""`manage.py validate_navigator SLUG [--number N]`: every problem, exit 1 if any."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from carevillage.navigator.models import NavigatorVersion
from carevillage.navigator.validation import validate


class Command(BaseCommand):
    help = "Validate a navigator's newest version (or --number N); exit 1 on any problem."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("slug")
        parser.add_argument("--number", type=int, dest="number", help="version number")

    def handle(self, *args, slug: str, number: int | None = None, **options) -> None:
        versions = NavigatorVersion.objects.filter(navigator__slug=slug).order_by("-number")
        if number is not None:
            versions = versions.filter(number=number)
        version = versions.first()
        if version is None:
            raise CommandError(f"No navigator version found for {slug!r}.")
        problems = validate(version.graph)
        label = f"{slug} v{version.number} ({version.status})"
        if not problems:
            self.stdout.write(f"{label}: no problems.")
            return
        for problem in problems:
            self.stdout.write(f"{label}: [{problem.code}] {problem}")
        raise CommandError(f"{len(problems)} problem(s) in {label}.", returncode=1)
