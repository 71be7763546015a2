"""ServiceRequest: an EHR refers a patient to a care program. The request becomes the same
invitation the care team's referral page makes (through `carepaths.enrollments.services`), e-mail
included; reading it back shows whether the patient accepted.

- `subject`: the patient by national identity number (`identifier`) or `Patient/<id>`;
  someone who never logged in gets a record, as on the referral page;
- `instantiatesCanonical`: the program, `.../PlanDefinition/<program short name>`;
- `requester`: the professional, by username (`identifier.system` = USERNAME_SYSTEM);
  they become the responsible professional and must be in the care team;
- `performer` (optional): `CareTeam/<id>`, else the program's default team;
- `note[0].text` (optional): the message the patient reads with the invitation.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.servicerequest import ServiceRequest

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.carepaths.enrollments import services as carepath_services
from carevillage.carepaths.errors import CarePathError
from carevillage.carepaths.models import Enrollment, EnrollmentStatus, Program
from carevillage.fhir.errors import FhirError, invalid
from carevillage.fhir.models import ExternalIdentifier
from carevillage.identity import selectors as identity_selectors
from carevillage.tenants.models import CareTeam

from .base import USERNAME_SYSTEM, Created, Kind, base_url, reference_id
from .patient import national_number

STATUS = {
    EnrollmentStatus.INVITED: "active",
    EnrollmentStatus.ACTIVE: "active",
    EnrollmentStatus.DECLINED: "revoked",
    EnrollmentStatus.COMPLETED: "completed",
    EnrollmentStatus.DISCONTINUED: "revoked",
}
MAX_NOTE = 2000


def canonical(program: Program) -> str:
    return f"{base_url()}/PlanDefinition/{program.slug}"


def to_fhir(enrollment: Enrollment) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(enrollment.pk),
        "status": STATUS[EnrollmentStatus(enrollment.status)],
        "intent": "order",
        "instantiatesCanonical": [canonical(enrollment.program)],
        "subject": {"reference": f"Patient/{enrollment.person_id}"},
        "performer": [
            {
                "reference": f"CareTeam/{enrollment.care_team_id}",
                "display": enrollment.care_team.name,
            }
        ],
    }
    if enrollment.invited_at:
        resource["authoredOn"] = enrollment.invited_at.isoformat()
    if enrollment.referred_by is not None:
        resource["requester"] = {
            "identifier": {"system": USERNAME_SYSTEM, "value": enrollment.referred_by.username},
            "display": enrollment.referred_by.display_name(),
        }
    if enrollment.referral_message:
        resource["note"] = [{"text": enrollment.referral_message}]
    return SERVICE_REQUEST.output(resource)


def _enrollments() -> Any:
    return Enrollment.objects.select_related("program", "care_team", "referred_by")


def read(client: Any, resource_id: str) -> dict[str, Any]:
    return to_fhir(access.get(client, AuditAction.VIEW_REFERRAL, _enrollments(), pk=resource_id))


def _program(request: Any, client: Any) -> Program:
    canonicals = request.instantiatesCanonical or []
    if len(canonicals) != 1:
        raise invalid(
            "instantiatesCanonical must name exactly one care program",
            "ServiceRequest.instantiatesCanonical",
        )
    url = str(canonicals[0]).split("|")[0].rstrip("/")
    _head, marker, slug = url.rpartition("/PlanDefinition/")
    program = (
        Program.objects.filter(slug=slug, organization_id=client.organization_id, is_published=True)
        .select_related("default_care_team")
        .first()
        if marker and slug
        else None
    )
    if program is None:
        raise FhirError(
            422,
            "not-found",
            f"instantiatesCanonical {url} is not a published care program of "
            f"{client.organization_name}",
            "ServiceRequest.instantiatesCanonical[0]",
        )
    return program


def _care_team(request: Any, program: Program) -> CareTeam:
    performers = request.performer or []
    if not performers:
        if program.default_care_team is None:
            raise invalid(
                "performer must name the CareTeam: the program has no default team",
                "ServiceRequest.performer",
            )
        return program.default_care_team
    team_id = reference_id(performers[0].reference, "CareTeam", "ServiceRequest.performer[0]")
    team = CareTeam.objects.filter(pk=team_id if team_id.isdigit() else 0).first()
    if team is None:
        raise FhirError(
            422, "not-found", f"CareTeam/{team_id} is not known", "ServiceRequest.performer[0]"
        )
    return team


def _requester(request: Any) -> Any:
    identifier = request.requester.identifier if request.requester else None
    if identifier is None or identifier.system != USERNAME_SYSTEM or not identifier.value:
        raise invalid(
            f"requester.identifier must name the professional (system {USERNAME_SYSTEM})",
            "ServiceRequest.requester",
        )
    user = identity_selectors.user_by_username(identifier.value)
    if user is None:
        raise FhirError(
            422,
            "not-found",
            f"requester {identifier.value} is not a professional here",
            "ServiceRequest.requester.identifier",
        )
    return user


def _identifiers(request: Any, condition: str | None) -> list[tuple[str, str]]:
    """The EHR's identifiers of this request: its `identifier`s, and the one named by an
    `If-None-Exist: identifier=system|value` header."""
    found = [(str(i.system or ""), str(i.value)) for i in (request.identifier or []) if i.value]
    if condition:
        name, _eq, value = condition.partition("=")
        system, bar, code = value.partition("|")
        if name.strip() != "identifier" or not value:
            raise FhirError(
                400,
                "not-supported",
                "If-None-Exist supports identifier=system|value only",
                "If-None-Exist",
            )
        found.append((system, code) if bar else ("", value))
    return found


def _existing(client: Any, identifiers: list[tuple[str, str]]) -> Enrollment | None:
    for system, value in identifiers:
        known = ExternalIdentifier.objects.filter(
            client=client, resource_type="ServiceRequest", system=system, value=value
        ).first()
        if known is not None:
            return access.get(
                client, AuditAction.VIEW_REFERRAL, _enrollments(), pk=known.resource_id
            )
    return None


def create(client: Any, body: dict[str, Any], condition: str | None) -> Created:
    request = SERVICE_REQUEST.validated(body)
    identifiers = _identifiers(request, condition)
    existing = _existing(client, identifiers)
    if existing is not None:
        # A resend (a lost answer, a retried transaction): the referral made the first time.
        return Created(to_fhir(existing), str(existing.pk), created=False)
    if request.status != "active" or request.intent != "order":
        raise invalid("a referral is status active, intent order", "ServiceRequest.status")
    program = _program(request, client)
    team = _care_team(request, program)
    professional = _requester(request)
    message = request.note[0].text if request.note else ""
    if len(message or "") > MAX_NOTE:
        raise invalid(
            f"note[0].text is longer than {MAX_NOTE} characters", "ServiceRequest.note[0].text"
        )
    subject = request.subject
    options = {
        "actor": client,
        "program": program,
        "care_team": team,
        "responsible": professional,
        "referred_by": professional,
        "message": message or "",
    }
    # The referral and the EHR's identifiers of it commit together: a resend after a lost
    # answer finds the referral.
    with access.atomic():
        enrollment = _refer(client, subject, options)
        for system, value in identifiers:
            ExternalIdentifier.objects.get_or_create(
                client=client,
                resource_type="ServiceRequest",
                system=system[:500],
                value=value[:200],
                defaults={"resource_id": str(enrollment.pk)},
            )
    enrollment = _enrollments().get(pk=enrollment.pk)
    return Created(to_fhir(enrollment), str(enrollment.pk))


def _refer(client: Any, subject: Any, options: dict[str, Any]) -> Enrollment:
    try:
        if subject.identifier is not None:
            number = national_number(
                subject.identifier.system,
                subject.identifier.value or "",
                "ServiceRequest.subject.identifier",
            )
            return carepath_services.refer_by_national_id(national_id=number, **options)
        person_id = reference_id(subject.reference, "Patient", "ServiceRequest.subject")
        person = access.get(client, AuditAction.VIEW_PERSON, _persons(), pk=person_id)
        return carepath_services.refer(person=person, **options)
    except CarePathError as error:
        raise FhirError(422, "business-rule", str(error), "ServiceRequest") from None


def _persons() -> Any:
    from carevillage.identity.models import Person

    return Person.objects.all()


SERVICE_REQUEST = Kind(
    resource_type="ServiceRequest",
    model=ServiceRequest,
    documentation=(
        "A referral to a care program: becomes the invitation the patient sees on My page. "
        "subject by identifier or Patient reference; instantiatesCanonical "
        "[base]/PlanDefinition/<program>; requester.identifier "
        f"{USERNAME_SYSTEM}|<username>; performer CareTeam/<id> (optional)."
    ),
    read=read,
    create=create,
)
