"""SMART Backend Services: a client trades an assertion it signed for a short-lived
bearer token (SMART App Launch 2.0, "Backend Services"; RFC 7523 for the assertion).

The assertion is a JWT signed with one of the client's registered keys (RS384 or ES384)
with iss = sub = client_id, aud = this token endpoint, an `exp` at most five minutes
ahead, and a `jti` never used before. Every refusal names its reason for the client's
developer (RFC 6749 §5.2 error codes) and nothing else: which check failed on a good
signature is useful, but an unknown client looks like a bad signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from django.core.cache import cache
from django.db import IntegrityError
from django.utils import timezone

from carevillage import access
from carevillage.access.scopes import Grants, ScopeSyntaxError

from .models import AccessToken, ApiClient, UsedAssertion

log = logging.getLogger(__name__)

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ALGORITHMS = ["RS384", "ES384"]
MAX_ASSERTION_LIFETIME = dt.timedelta(minutes=5)
TOKEN_LIFETIME = dt.timedelta(minutes=5)
# Clock skew allowed between the client and us.
LEEWAY_SECONDS = 30
JWKS_CACHE_SECONDS = 300


class TokenError(Exception):
    """A refused token request (RFC 6749 §5.2)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    scope: str
    expires_in: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _client_keys(client: ApiClient) -> jwt.PyJWKSet:
    document: Any = client.jwks
    if client.jwks_url:
        key = f"fhir-jwks:{client.pk}:{_hash(client.jwks_url)}"
        document = cache.get(key)
        if document is None:
            try:
                response = httpx.get(client.jwks_url, timeout=5, follow_redirects=False)
                response.raise_for_status()
                document = response.json()
            except (httpx.HTTPError, ValueError):
                log.warning("JWKS of API client %s could not be fetched", client.client_id)
                raise TokenError(
                    "invalid_client", "the client's key set could not be fetched", 401
                ) from None
            cache.set(key, document, JWKS_CACHE_SECONDS)
    try:
        return jwt.PyJWKSet.from_dict(document)
    except (jwt.PyJWKSetError, jwt.InvalidKeyError, TypeError, KeyError):
        raise TokenError("invalid_client", "the client has no usable public keys", 401) from None


def _verified_claims(assertion: str, client: ApiClient, audience: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.DecodeError:
        raise TokenError("invalid_client", "client_assertion is not a JWT", 401) from None
    if header.get("alg") not in ALGORITHMS:
        raise TokenError(
            "invalid_client", "client_assertion must be signed with RS384 or ES384", 401
        )
    keys = [
        key
        for key in _client_keys(client).keys
        if header.get("kid") in (None, key.key_id) and key.algorithm_name in (None, header["alg"])
    ]
    for key in keys:
        try:
            return jwt.decode(
                assertion,
                key=key.key,
                algorithms=[header["alg"]],
                audience=audience,
                issuer=client.client_id,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "jti"]},
            )
        except jwt.InvalidSignatureError:
            continue
        except jwt.ExpiredSignatureError:
            raise TokenError("invalid_client", "client_assertion has expired", 401) from None
        except jwt.InvalidAudienceError:
            raise TokenError(
                "invalid_client", "client_assertion aud must be the token endpoint URL", 401
            ) from None
        except jwt.InvalidIssuerError:
            raise TokenError(
                "invalid_client", "client_assertion iss must be client_id", 401
            ) from None
        except jwt.MissingRequiredClaimError as exc:
            raise TokenError(
                "invalid_client", f"client_assertion has no {exc.claim} claim", 401
            ) from None
        except jwt.InvalidTokenError:
            raise TokenError("invalid_client", "client_assertion is not valid", 401) from None
    raise TokenError("invalid_client", "client_assertion signature does not verify", 401)


def issue_token(*, form: dict[str, str], token_endpoint: str) -> IssuedToken:
    """Check a token request (the POSTed form) and issue a bearer token."""
    if form.get("grant_type") != "client_credentials":
        raise TokenError("unsupported_grant_type", "grant_type must be client_credentials")
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        raise TokenError("invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}")
    assertion = form.get("client_assertion", "")
    if not assertion or len(assertion) > 16_000:
        raise TokenError("invalid_request", "client_assertion is missing")
    try:
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.DecodeError:
        raise TokenError("invalid_client", "client_assertion is not a JWT", 401) from None
    client_id = unverified.get("iss")
    client = (
        ApiClient.objects.select_related("organization")
        .filter(client_id=client_id if isinstance(client_id, str) else "", is_active=True)
        .first()
    )
    if client is None:
        # An unknown or disabled client gets the answer a bad signature gets.
        raise TokenError("invalid_client", "client_assertion signature does not verify", 401)
    claims = _verified_claims(assertion, client, token_endpoint)
    if claims.get("sub") != client.client_id:
        raise TokenError("invalid_client", "client_assertion sub must be client_id", 401)
    now = timezone.now()
    expires = dt.datetime.fromtimestamp(claims["exp"], tz=dt.UTC)
    if expires - now > MAX_ASSERTION_LIFETIME + dt.timedelta(seconds=LEEWAY_SECONDS):
        raise TokenError("invalid_client", "client_assertion exp is more than 5 minutes ahead", 401)
    registered = Grants.parse(client.scopes)
    try:
        asked = Grants.parse(form["scope"]) if form.get("scope") else registered
    except ScopeSyntaxError as exc:
        raise TokenError("invalid_scope", str(exc)) from None
    granted = asked.within(registered)
    if not granted:
        raise TokenError("invalid_scope", "none of the requested scopes is granted to this client")
    token = secrets.token_urlsafe(32)
    try:
        with access.atomic():
            UsedAssertion.objects.filter(expires_at__lt=now - dt.timedelta(minutes=1)).delete()
            UsedAssertion.objects.create(
                client=client, jti=str(claims["jti"])[:255], expires_at=expires
            )
            AccessToken.objects.filter(expires_at__lt=now).delete()
            AccessToken.objects.create(
                client=client,
                token_hash=_hash(token),
                scopes=str(granted),
                expires_at=now + TOKEN_LIFETIME,
            )
    except IntegrityError:
        raise TokenError(
            "invalid_client", "client_assertion jti has been used already", 401
        ) from None
    return IssuedToken(token, str(granted), int(TOKEN_LIFETIME.total_seconds()))


@dataclass(frozen=True)
class Bearer:
    client: ApiClient
    grants: Grants


def bearer(authorization: str) -> Bearer | None:
    """The client and grants of an `Authorization: Bearer ...` header, or None."""
    scheme, _space, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    row = (
        AccessToken.objects.select_related("client__organization")
        .filter(
            token_hash=_hash(token.strip()), expires_at__gt=timezone.now(), client__is_active=True
        )
        .first()
    )
    if row is None:
        return None
    return Bearer(row.client, Grants.parse(row.scopes))


def jwks_from_file(path: str) -> dict[str, Any]:
    """A key set read from a file, refused (ValueError) when it has no usable key."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if any(isinstance(key, dict) and "d" in key for key in document.get("keys", [])):
        raise ValueError("the set holds a private key: register only the public keys")
    try:
        jwt.PyJWKSet.from_dict(document)
    except (jwt.PyJWTError, TypeError, KeyError) as error:
        raise ValueError(f"no usable public key: {error}") from None
    return document
