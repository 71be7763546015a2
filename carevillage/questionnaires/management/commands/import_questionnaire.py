from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carevillage.questionnaires import engine, services
from carevillage.questionnaires.models import Kind


class Command(BaseCommand):
    help = "Import a FHIR R4 Questionnaire JSON file and publish it as a new version."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a FHIR R4 Questionnaire JSON file")
        parser.add_argument("--slug", default="", help="slug (default: the resource id)")
        parser.add_argument("--kind", default=None, choices=Kind.values)
        parser.add_argument("--public", action="store_true", help="list it as a public self-test")

    def handle(self, *args, **options):
        try:
            text = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from None
        try:
            version = services.import_questionnaire(
                actor=None,
                text=text,
                slug=options["slug"],
                kind=options["kind"],
                is_public=True if options["public"] else None,
            )
        except engine.DefinitionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Published {version.questionnaire.slug} version {version.number}.")
