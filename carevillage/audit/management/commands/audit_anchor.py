from django.core.management.base import BaseCommand

from carevillage.audit.anchors import anchor_chain


class Command(BaseCommand):
    help = "Sign the audit chain's head and append it to AUDIT_ANCHOR_FILE (and AUDIT_ANCHOR_URL)."

    def handle(self, *args: object, **options: object) -> None:
        anchor = anchor_chain()
        if anchor is None:
            self.stdout.write("Nothing new to anchor.")
        else:
            self.stdout.write(f"Anchored event {anchor['event_id']} ({anchor['count']} events).")
