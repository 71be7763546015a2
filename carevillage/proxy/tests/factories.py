"""Small factories for the proxy tests: families and powers of attorney as the register
and the service would hold them."""

from __future__ import annotations

import datetime as dt

from carevillage.identity.models import Person
from carevillage.proxy.models import RegisteredGuardianship, RegisteredResidence
from carevillage.testing.factories import make_person


def register_address(person: Person, key: str, *, confidential: bool = False) -> None:
    RegisteredResidence.objects.update_or_create(
        person=person, defaults={"address_key": key, "confidential_address": confidential}
    )


def register_guardian(guardian: Person, child: Person) -> RegisteredGuardianship:
    return RegisteredGuardianship.objects.create(guardian=guardian, child=child)


def make_family(
    child_birth: dt.date,
    *,
    same_address: bool = True,
    guardian_confidential: bool = False,
    child_confidential: bool = False,
) -> tuple[Person, Person]:
    """A guardian (born 1980) and a child born on `child_birth`, in the register."""
    guardian = make_person("Mikael", "Testinen", birth_date=dt.date(1980, 7, 2))
    child = make_person("Ella", "Testinen", birth_date=child_birth)
    register_address(guardian, "home", confidential=guardian_confidential)
    register_address(
        child, "home" if same_address else "other-home", confidential=child_confidential
    )
    register_guardian(guardian, child)
    return guardian, child


def log_in(client, person: Person) -> None:  # noqa: ANN001
    """The person logged in with e-ID (the user their first login creates)."""
    from carevillage.identity.services import new_eid_user
    from carevillage.questionnaires.tests.helpers import log_in_patient

    if person.user_id is None:
        person.user = new_eid_user(person)
        person.save(update_fields=["user"])
    log_in_patient(client, person)


def act_for(client, proxy: Person, subject: Person) -> None:  # noqa: ANN001
    """`proxy` logs in and chooses to act for `subject` (it must be allowed)."""
    from django.urls import reverse

    log_in(client, proxy)
    assert client.post(reverse("proxy:act_for"), {"subject": subject.pk}).status_code == 302
