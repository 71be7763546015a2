from django.core.management.base import BaseCommand
from django.db import transaction

from carevillage.identity.demo import seed_identities
from carevillage.tenants.demo import seed_organization


class Command(BaseCommand):
    help = "Create or refresh the demo village (demo persons, staff, organization). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        people = seed_identities()
        seed_organization(persons=people["persons"], staff=people["staff"])
        self.stdout.write("Demo village ready.")
