"""Saved symptom assessments: the patient's own, and their care team's professionals."""

from __future__ import annotations

from carevillage.access.policy import register
from carevillage.audit.actions import AuditAction
from carevillage.navigator.models import SavedAssessment

from .person import PersonalDataHandler


@register(SavedAssessment)
class SavedAssessmentHandler(PersonalDataHandler):
    resource_type = "saved_assessment"
    # The patient saves their own (the row is new: the decision is about it) and reads it.
    self_actions = frozenset({AuditAction.VIEW_ASSESSMENT, AuditAction.SAVE_ASSESSMENT})
    care_team_actions = frozenset({AuditAction.VIEW_ASSESSMENT})
