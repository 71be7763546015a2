"""The demo village for tests of pages that show no house articles or navigators."""

from carevillage import access
from carevillage.audit.services import demo_seeding
from carevillage.portal.management.commands.seed_demo import seed_village


@access.atomic
def seed_demo_without_content() -> None:
    """As `manage.py seed_demo`, less the houses and navigators (about 3 s instead of 12)."""
    with demo_seeding():
        seed_village(with_content=False)
