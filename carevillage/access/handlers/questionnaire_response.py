"""Questionnaire responses are personal health data: the person's own, and their care team's."""

from __future__ import annotations

from carevillage.access.policy import register
from carevillage.questionnaires.models import QuestionnaireResponse

from .person import PersonalDataHandler


@register(QuestionnaireResponse)
class QuestionnaireResponseHandler(PersonalDataHandler):
    resource_type = "questionnaire_response"
    # A person answers and reads their own; a professional of their care team reads.
    self_actions = frozenset({"view_questionnaire_response", "answer_questionnaire"})
    care_team_actions = frozenset({"view_questionnaire_response"})
