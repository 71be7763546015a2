from django.core.management.base import BaseCommand

from carevillage.audit.tasks import schedule_next_anchor
from carevillage.carepaths.tasks import schedule_next_reminder_sweep
from carevillage.houses.tasks import schedule_next_publishing_run, schedule_next_review_check
from carevillage.messaging.tasks import schedule_next_upload_cleanup
from carevillage.scheduling.tasks import schedule_next_appointment_reminder_sweep


class Command(BaseCommand):
    help = (
        "Queue the recurring background jobs (scheduled publishing, overdue-review check, "
        "care-path and appointment reminder sweeps, audit chain anchoring, upload temp-file cleanup) unless each already has a run waiting. Idempotent: run it "
        "after every deploy; `make run` does it through seed_demo."
    )

    def handle(self, *args, **options):
        schedule_next_publishing_run()
        schedule_next_review_check()
        schedule_next_reminder_sweep()
        schedule_next_anchor()
        schedule_next_upload_cleanup()
        schedule_next_appointment_reminder_sweep()
        self.stdout.write("Periodic tasks queued.")
