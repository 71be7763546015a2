"""Care paths listen to questionnaire submissions: a scheduled questionnaire answered
completes its task and may raise an alert for the care team."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from carevillage.questionnaires.signals import response_submitted


@receiver(response_submitted, dispatch_uid="carepaths.record_questionnaire_submission")
def _on_response_submitted(sender: Any, response: Any, **kwargs: Any) -> None:
    from .enrollments.services import record_questionnaire_submission

    record_questionnaire_submission(response=response)
