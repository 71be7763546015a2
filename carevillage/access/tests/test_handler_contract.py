"""One definition, two answers: for every registered handler, "may this actor do this to
this object?" (`decide`) and "which objects may they do it to?" (`visible`) agree.

The world is the demo village (`manage.py seed_demo`) plus what it lacks (a consultation,
an internal note with an attachment, a saved symptom assessment) and a few more actors:
anonymous, the org admin, the editor, a professional outside every team, a professional of
another organization, a staff member who is also a patient. Every actor is asked about a
deterministic sample of each handler's resources for each of its actions. A handler whose
model has no rows here fails, so a new handler gets this test by registering.

The handler methods are called directly (no audit events); anonymous actors go through the
policy's own guard, as every call does.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction

from carevillage import access
from carevillage.access.actors import is_api_client
from carevillage.identity.models import Person, User
from carevillage.messaging.models import Attachment, ConsultationMember, Message, Thread, ThreadKind
from carevillage.navigator.models import NavigatorVersion, SavedAssessment
from carevillage.tenants.models import CareTeam, Organization, PatientRegistration, Role
from carevillage.testing.factories import (
    make_care_team,
    make_organization,
    make_person,
    make_staff,
)
from carevillage.testing.fhir import make_api_client

SAMPLE = 6


def _sample(model: type, size: int = SAMPLE) -> list[Any]:
    """Evenly spread over the rows in id order: the same rows on every run."""
    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    if len(ids) > size:
        step = len(ids) / size
        ids = [ids[int(i * step)] for i in range(size - 1)] + [ids[-1]]
    return list(model._default_manager.filter(pk__in=ids).order_by("pk"))


def _attachment(message: Message, name: str) -> Attachment:
    return Attachment.objects.create(
        message=message,
        stored_name=f"contract-{name}",
        original_name=f"{name}.pdf",
        content_type="application/pdf",
        size=10,
    )


def _message(**fields: Any) -> Message:
    return Message.objects.create(client_key=uuid.uuid4(), **fields)


def _complete_the_world() -> None:
    """What the demo village does not seed but every handler needs rows of."""
    staff = {user.username: user for user in User.objects.filter(username__contains=".")}
    aino = Person.objects.get(oidc_subject="demo-aino")
    thread = Thread.objects.filter(patient=aino).first()
    public = _message(thread=thread, author_label="Aino", body="DEMO. A photo.")
    _attachment(public, "photo")
    note = _message(
        thread=thread,
        author=staff["nurse.sanna"],
        author_label="Sanna",
        from_staff=True,
        internal=True,
        body="DEMO. Internal note.",
    )
    _attachment(note, "internal-note")
    consultation = Thread.objects.create(
        kind=ThreadKind.CONSULTATION,
        topic="DEMO consultation",
        patient=aino,
        care_team=thread.care_team,
        created_by=staff["doctor.juha"],
    )
    ConsultationMember.objects.create(thread=consultation, user=staff["doctor.juha"])
    asked = _message(
        thread=consultation, author=staff["doctor.juha"], author_label="Juha", body="DEMO."
    )
    _attachment(asked, "consultation")
    from carevillage.messaging.models import ChatService
    from carevillage.messaging.services import start_anonymous_chat

    service = ChatService.objects.select_related("care_team").first()
    start_anonymous_chat(
        care_team=service.care_team, body="DEMO.", client_key=uuid.uuid4(), rate_key="contract"
    )
    version = NavigatorVersion.objects.order_by("pk").first()
    for person in (aino, Person.objects.get(oidc_subject="demo-elsa")):
        SavedAssessment.objects.create(
            person=person,
            version=version,
            disposition="self_care",
            level="self_care",
            language="en",
            title="DEMO",
            outcome_text="DEMO",
            answers={},
        )


def _extra_actors() -> dict[str, Any]:
    home = Organization.objects.order_by("pk").first()
    elsewhere = make_organization("Contract Other District")
    other_team = make_care_team(elsewhere, "Contract other team")
    outsider = make_staff("contract.outsider", home, first_name="Olga", last_name="Outside")
    foreign = make_staff(
        "contract.foreign", elsewhere, care_teams=(other_team,), first_name="Fredrik"
    )
    # A patient of the foreign team, so that team's professional sees someone.
    PatientRegistration.objects.create(
        person=Person.objects.get(oidc_subject="demo-elsa"),
        organization=elsewhere,
        care_team=other_team,
    )
    # A staff member who is also a patient: own data as self, others' only through a team.
    nurse_patient = make_staff(
        "contract.nursepatient",
        home,
        care_teams=(CareTeam.objects.filter(organization=home).order_by("pk").first(),),
    )
    person = make_person("Noora", "Patient", with_user=False)
    person.user = nurse_patient
    person.save()
    editor_in_team = make_staff("contract.editor", home, role=Role.EDITOR, care_teams=(other_team,))
    first_team = CareTeam.objects.filter(organization=home).order_by("pk").first()
    return {
        # EHRs calling the FHIR API: the policy asks only handlers that let them in.
        "ehr-home": make_api_client(home, name="Contract EHR").client,
        "ehr-one-team": make_api_client(home, name="Team EHR", care_teams=(first_team,)).client,
        "ehr-elsewhere": make_api_client(elsewhere, name="Other EHR").client,
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "foreign": foreign,
        "nurse-patient": User.objects.get(pk=nurse_patient.pk),
        "editor-in-team": editor_in_team,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=None)
        _complete_the_world()
        actors: dict[str, Any] = {
            user.username if "." in user.username else str(user.person): user
            for user in User.objects.select_related("person").order_by("pk")
        }
        actors.update(_extra_actors())
        yield actors
        transaction.set_rollback(True)


def _visible_ids(handler: Any, model: type, actor: Any, action: Any) -> set[Any]:
    if not actor.is_authenticated or is_api_client(actor):
        return set(
            access.visible(actor, action, model._default_manager.all()).values_list("pk", flat=True)
        )
    queryset = handler.visible(actor=actor, action=action, queryset=model._default_manager.all())
    return set(queryset.values_list("pk", flat=True))


def _allowed(handler: Any, actor: Any, action: Any, resource: Any) -> bool:
    if not actor.is_authenticated:
        return False  # the policy refuses before any handler is asked
    if is_api_client(actor):
        return bool(access.decide(actor, action, resource))
    return bool(handler.decide(actor=actor, action=action, resource=resource, on_behalf_of=None))


HANDLERS = sorted(access.handlers().items(), key=lambda item: item[0].__name__)


@pytest.mark.django_db
@pytest.mark.parametrize("model,handler", HANDLERS, ids=[m.__name__ for m, _h in HANDLERS])
def test_decide_and_visible_agree(world, model, handler):
    resources = _sample(model)
    assert resources, f"{model.__name__} has no rows in the test world: add some to it"
    disagreements = []
    allowed_somewhere = False
    for name, actor in world.items():
        for action in sorted(handler.actions):
            visible = _visible_ids(handler, model, actor, action)
            for resource in resources:
                allowed = _allowed(handler, actor, action, resource)
                allowed_somewhere |= allowed
                if allowed != (resource.pk in visible):
                    disagreements.append(
                        f"{name} {action.value if hasattr(action, 'value') else action} "
                        f"{model.__name__}#{resource.pk}: decide={'allow' if allowed else 'deny'}"
                        f", visible={'yes' if resource.pk in visible else 'no'}"
                    )
    assert disagreements == [], (
        f"{type(handler).__name__}: decide and visible disagree in {len(disagreements)} "
        "cases:\n" + "\n".join(disagreements)
    )
    assert allowed_somewhere, f"nobody may do anything to the sampled {model.__name__} rows"
