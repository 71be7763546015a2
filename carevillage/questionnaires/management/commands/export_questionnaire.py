import json

from django.core.management.base import BaseCommand, CommandError

from carevillage.questionnaires import fhir, selectors


class Command(BaseCommand):
    help = "Print the current version of a questionnaire as FHIR R4 Questionnaire JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, **options):
        questionnaire = selectors.questionnaire_by_slug(slug=options["slug"])
        version = questionnaire and selectors.current_version(questionnaire=questionnaire)
        if not version:
            raise CommandError(f"No published questionnaire with the slug {options['slug']!r}.")
        self.stdout.write(
            json.dumps(fhir.questionnaire_json(version), indent=2, ensure_ascii=False)
        )
