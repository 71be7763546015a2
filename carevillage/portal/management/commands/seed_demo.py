from django.core.management.base import BaseCommand

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent
from carevillage.audit.services import demo_seeding
from carevillage.audit.tasks import schedule_next_anchor
from carevillage.carepaths.demo import seed_demo as seed_care_paths
from carevillage.carepaths.tasks import schedule_next_reminder_sweep
from carevillage.careplans.demo import seed_demo as seed_care_plans
from carevillage.fhir.demo import seed_demo_client
from carevillage.fhir.subscriptions import schedule_next_subscription_sweep
from carevillage.houses.demo import seed_demo as seed_houses
from carevillage.identity.demo import seed_identities
from carevillage.messaging.demo import seed_demo as seed_messaging
from carevillage.monitoring.demo import seed_demo as seed_monitoring
from carevillage.monitoring.tasks import schedule_next_silence_check
from carevillage.navigator.demo import seed_demo as seed_navigators
from carevillage.proxy.demo import seed_demo as seed_proxy_relations
from carevillage.questionnaires.demo import seed_demo as seed_questionnaires
from carevillage.records.demo import seed_demo as seed_records
from carevillage.records.tasks import schedule_next_renewal_sweep
from carevillage.scheduling.demo import seed_demo as seed_appointments
from carevillage.scheduling.tasks import schedule_next_appointment_reminder_sweep
from carevillage.tenants.demo import seed_organization


class Command(BaseCommand):
    help = "Create or refresh the demo village (demo persons, staff, organization). Idempotent."

    @access.atomic
    def handle(self, *args, **options):
        # Every audit event the seed writes is the seed's ("CareVillage demo"): a demo
        # person's "Who has viewed my data" never shows the seed as their own doing.
        with demo_seeding():
            seed_village()
        schedule_next_reminder_sweep()
        schedule_next_anchor()
        schedule_next_subscription_sweep()
        schedule_next_renewal_sweep()
        schedule_next_appointment_reminder_sweep()
        schedule_next_silence_check()
        self.stdout.write("Demo village ready.")


def seed_village(*, with_content: bool = True) -> None:
    """Every app's demo data. `with_content=False` leaves out the houses' articles and the
    navigators, most of the seed's time, for tests of pages that show neither."""
    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    _first_entries_in_ainos_trail(people)
    if with_content:
        seed_houses()
        seed_navigators(staff=people["staff"])
    seed_questionnaires()
    seed_messaging()
    seed_care_paths()
    seed_care_plans()
    seed_demo_client()
    seed_records()
    seed_proxy_relations()
    seed_appointments()
    seed_monitoring()


def _first_entries_in_ainos_trail(people: dict) -> None:
    """DEMO: real policy decisions, so "Who has viewed my data" is not empty at first.

    The nurse of Aino's care team looks at her details (allowed); a doctor of another
    team tries to (denied). Done once: later runs leave the trail as it is.
    """
    aino = people["persons"]["demo-aino"]
    if AuditEvent.objects.filter(subject_person_id=aino.pk).exists():
        return
    access.decide(people["staff"]["nurse.sanna"], AuditAction.VIEW_PERSON, aino, purpose="demo")
    access.decide(people["staff"]["doctor.juha"], AuditAction.VIEW_PERSON, aino, purpose="demo")
