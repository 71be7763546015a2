"""The one error a messaging service raises for a refusal the user is told about.

A refusal by the access policy is normally a 404 (`access.AccessDenied`). Some refusals
must say why ("Eeva has no care relationship with this patient"): `Refused` carries the
words, is still an `AccessDenied` (so `access.atomic` writes the denied event again after
the rollback), and views show it like a `ValidationError`, as a 400.
"""

from __future__ import annotations

from typing import Any

from carevillage.access.policy import AccessDenied, Decision


class Refused(AccessDenied):
    def __init__(self, message: Any, *, code: str, decision: Decision | None = None) -> None:
        super().__init__(decision.audit_event if decision is not None else None)
        self.messages = [str(message)]
        self.code = code


def refuse_unless(decision: Decision, message: Any, *, code: str) -> None:
    if not decision.allowed:
        raise Refused(message, code=code, decision=decision)
