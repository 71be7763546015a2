"""The keys of the audit trail's HMACs, kept outside the database.

`AUDIT_HMAC_KEY` (with its id `AUDIT_HMAC_KEY_ID`) signs new events and anchors. After a
rotation the previous keys stay in `AUDIT_HMAC_OLD_KEYS` ("id:key,id:key") so events and
anchors they signed still verify. Someone who can write the database but does not hold
the key cannot make a forged or rewritten event verify.
"""

from __future__ import annotations

from django.conf import settings


class UnknownKey(LookupError):
    """An event or anchor names a key this installation does not hold."""


def current_key_id() -> str:
    return str(settings.AUDIT_HMAC_KEY_ID)


def current_key() -> bytes:
    return key_for(current_key_id())


def _keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for pair in str(getattr(settings, "AUDIT_HMAC_OLD_KEYS", "") or "").split(","):
        key_id, sep, key = pair.strip().partition(":")
        if sep and key_id and key:
            keys[key_id] = key
    keys[current_key_id()] = str(settings.AUDIT_HMAC_KEY)
    return keys


def key_for(key_id: str) -> bytes:
    try:
        return _keys()[key_id].encode()
    except KeyError:
        raise UnknownKey(f"no audit key with id {key_id!r}") from None
