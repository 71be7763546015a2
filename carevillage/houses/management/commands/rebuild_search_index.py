from typing import Any

from django.core.management.base import BaseCommand

from carevillage.houses.services import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the village search index (every live page and every offer). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Indexed {rebuild_search_index()} entries.")
