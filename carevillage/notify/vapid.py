"""VAPID keys (RFC 8292): the P-256 key pair that identifies this server to the browsers'
push services. Plain functions without Django, so settings can generate a development key.

Keys travel as base64url without padding: the private key as its raw 32-byte scalar, the
public key as the 65-byte uncompressed point a browser takes as `applicationServerKey`.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def public_key_for(private_key: str) -> str:
    """The application server key browsers need to subscribe; empty without a private key."""
    if not private_key:
        return ""
    scalar = int.from_bytes(b64url_decode(private_key), "big")
    public = ec.derive_private_key(scalar, ec.SECP256R1()).public_key()
    return b64url(
        public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
