"""Saved symptom assessments: the patient's own, and their care team's professionals."""

from __future__ import annotations

from carevillage.access.policy import register
from carevillage.navigator.models import SavedAssessment

from .person import PersonalDataHandler


@register(SavedAssessment)
class SavedAssessmentHandler(PersonalDataHandler):
    resource_type = "saved_assessment"
    self_actions = frozenset({"view_assessment"})
    care_team_actions = frozenset({"view_assessment"})
