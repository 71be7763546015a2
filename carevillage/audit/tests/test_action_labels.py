"""Every sentence of "Who has viewed my data" reads in every interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from carevillage.audit.actions import AuditAction

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# nn joins the check as soon as its catalogue exists.
OPTIONAL = ["nn"] if any(PACKAGE_DIR.rglob("locale/nn/LC_MESSAGES/django.po")) else []
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"] + OPTIONAL


def _sources() -> dict[str, str]:
    """Each action's English sentence: the msgid its translations are found by."""
    with translation.override("en"):
        return {member.value: str(member.label) for member in AuditAction}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_audit_action_label_is_translated(language):
    catalog = translation.trans_real.translation(language)
    untranslated = [
        value
        for value, source in _sources().items()
        if source not in catalog._catalog or not catalog.gettext(source).strip()
    ]
    assert untranslated == [], f"{language}: no translation for {untranslated}"


def test_every_audit_action_label_reads_in_english():
    with translation.override("en"):
        empty = [member.value for member in AuditAction if not str(member.label).strip()]
    assert empty == []
