"""Changes in the domain that subscriptions are told about: connected in FhirConfig.ready,
run inside the change's transaction (the delivery is written with the change)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from carevillage.carepaths.models import EnrollmentTask
from carevillage.questionnaires.models import QuestionnaireResponse, ResponseStatus

from . import subscriptions


@receiver(post_save, sender=QuestionnaireResponse, dispatch_uid="fhir-questionnaire-response")
def questionnaire_response_saved(
    sender: Any, instance: QuestionnaireResponse, **kwargs: Any
) -> None:
    if instance.status == ResponseStatus.COMPLETED:
        subscriptions.resource_changed("QuestionnaireResponse", instance.pk)


@receiver(post_save, sender=EnrollmentTask, dispatch_uid="fhir-enrollment-task")
def enrollment_task_saved(sender: Any, instance: EnrollmentTask, **kwargs: Any) -> None:
    """A response becomes the care team's (and its EHR's) when it answers a care-path
    task, which happens after the response itself was saved."""
    if instance.response_id is not None:
        subscriptions.resource_changed("QuestionnaireResponse", instance.response_id)
