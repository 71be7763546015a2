from django.core.management.base import BaseCommand, CommandError

from carevillage.audit.anchors import verify_anchors
from carevillage.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every event's keyed hash, the hash chain, and every anchor "
        "of the chain head kept outside the database. Reports the first problem."
    )

    def handle(self, *args: object, **options: object) -> None:
        checked, broken = verify_chain()
        if broken:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.problem} "
                f"({checked} events before it are intact)."
            )
        anchored, problem = verify_anchors()
        if problem:
            raise CommandError(
                f"Audit anchor {problem.line} does not match: {problem.problem} "
                f"({anchored} anchors before it match)."
            )
        self.stdout.write(
            f"Audit chain intact: {checked} events verified, {anchored} anchors match."
        )
