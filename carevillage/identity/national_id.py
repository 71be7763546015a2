"""National identity numbers: validated, encrypted at rest, found by a keyed hash.

The number itself is never stored in clear, logged, or put in a URL. Lookups use an
HMAC-SHA256 of the normalized number under a key only the application holds, so the
hash column alone does not let anyone enumerate numbers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

# Finnish personal identity code (henkilötunnus): DDMMYY, century sign, 3-digit
# individual number, check character. Rules from the Digital and Population Data
# Services Agency (dvv.fi, "Personal identity code"); the 2023 reform added the
# century signs Y, X, W, V, U (1900s) and B, C, D, E, F (2000s).
_FI_PATTERN = re.compile(r"^(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])$")
_FI_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Norwegian fødselsnummer / Swedish personnummer: 11 or 10/12 digits; accepted as digits only.
_DIGITS_PATTERN = re.compile(r"^\d{10,12}$")


class InvalidNationalId(ValueError):
    pass


def normalize(raw: str) -> str:
    value = (raw or "").strip().upper().replace(" ", "")
    if _FI_PATTERN.match(value):
        digits = value[0:6] + value[7:10]
        if _FI_CHECK_CHARS[int(digits) % 31] != value[10]:
            raise InvalidNationalId("check character does not match")
        return value
    if _DIGITS_PATTERN.match(value.replace("-", "")):
        return value.replace("-", "")
    raise InvalidNationalId("not a recognised national identity number")


def lookup_hash(national_id: str) -> str:
    key = settings.NATIONAL_ID_HASH_KEY.encode()
    return hmac.new(key, normalize(national_id).encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    key = hashlib.sha256(settings.NATIONAL_ID_ENCRYPTION_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(national_id: str) -> str:
    return _fernet().encrypt(normalize(national_id).encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:  # wrong key: say so without echoing anything
        raise InvalidNationalId("cannot decrypt with the configured key") from exc


def masked(national_id: str) -> str:
    """Birth-date part only, as shown in lists: 010180-****."""
    if len(national_id) >= 7 and not national_id[:7].isdigit():
        return national_id[:7] + "****"
    return national_id[:6] + "*****"


def finnish_check_character(date_part: str, individual: str) -> str:
    """For building demo and test numbers."""
    return _FI_CHECK_CHARS[int(date_part + individual) % 31]
