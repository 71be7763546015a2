from django.core.management.base import BaseCommand, CommandError

from carevillage.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.problem} "
                f"({checked} events before it are intact)."
            )
        self.stdout.write(f"Audit chain intact: {checked} events verified.")
