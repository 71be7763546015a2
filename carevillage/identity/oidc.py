"""A small OpenID Connect relying party for the national e-ID.

Authorization-code flow with PKCE (S256), state and nonce. The provider is found by
discovery from OIDC_ISSUER; the ID token's signature (against the provider's JWKS),
issuer, audience, expiry, issued-at and nonce are all verified before anyone is
logged in. Each failure raises `LoginFailed` with a code the views turn into a
translated message and a denied audit event.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
from django.conf import settings


class LoginFailed(Exception):
    """The login cannot complete. `code` names the reason; no detail leaks to the user."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


_cache: dict[str, tuple[float, Any]] = {}
_CACHE_SECONDS = 300


def _get_json(url: str) -> Any:
    try:
        response = httpx.get(url, timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise LoginFailed("provider_unreachable", f"{url}: {type(exc).__name__}") from exc


def metadata(*, refresh: bool = False) -> ProviderMetadata:
    issuer = settings.OIDC_ISSUER
    cached = _cache.get("metadata:" + issuer)
    if cached and not refresh and cached[0] > time.monotonic():
        return cached[1]
    doc = _get_json(issuer + "/.well-known/openid-configuration")
    if str(doc.get("issuer", "")).rstrip("/") != issuer:
        raise LoginFailed("wrong_issuer", "discovery document names another issuer")
    try:
        result = ProviderMetadata(
            issuer=doc["issuer"],
            authorization_endpoint=doc["authorization_endpoint"],
            token_endpoint=doc["token_endpoint"],
            jwks_uri=doc["jwks_uri"],
            end_session_endpoint=doc.get("end_session_endpoint"),
        )
    except KeyError as exc:
        raise LoginFailed("provider_error", f"discovery lacks {exc}") from exc
    _cache["metadata:" + issuer] = (time.monotonic() + _CACHE_SECONDS, result)
    return result


def _jwks(uri: str, *, refresh: bool = False) -> jwt.PyJWKSet:
    cached = _cache.get("jwks:" + uri)
    if cached and not refresh and cached[0] > time.monotonic():
        return cached[1]
    try:
        keys = jwt.PyJWKSet.from_dict(_get_json(uri))
    except jwt.PyJWTError as exc:
        raise LoginFailed("provider_error", "unusable JWKS") from exc
    _cache["jwks:" + uri] = (time.monotonic() + _CACHE_SECONDS, keys)
    return keys


def clear_cache() -> None:
    _cache.clear()


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def begin(*, redirect_uri: str, ui_locale: str) -> AuthorizationRequest:
    meta = metadata()
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.OIDC_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "ui_locales": ui_locale,
        "acr_values": " ".join(settings.OIDC_ACR_HIGH),
    }
    separator = "&" if "?" in meta.authorization_endpoint else "?"
    return AuthorizationRequest(
        url=meta.authorization_endpoint + separator + urlencode(params),
        state=state,
        nonce=nonce,
        code_verifier=code_verifier,
    )


def exchange_code(*, code: str, redirect_uri: str, code_verifier: str) -> dict[str, Any]:
    meta = metadata()
    try:
        response = httpx.post(
            meta.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
            auth=(settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET),
            timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as exc:
        raise LoginFailed("provider_unreachable", type(exc).__name__) from exc
    if response.status_code != 200:
        try:
            error = response.json().get("error", "")
        except ValueError:
            error = ""
        raise LoginFailed("token_rejected", f"HTTP {response.status_code} {error}")
    try:
        tokens = response.json()
    except ValueError as exc:
        raise LoginFailed("provider_error", "token response is not JSON") from exc
    if not isinstance(tokens, dict) or not tokens.get("id_token"):
        raise LoginFailed("provider_error", "no id_token in token response")
    return tokens


def verify_id_token(id_token: str, *, nonce: str) -> dict[str, Any]:
    """Verify signature, issuer, audience, expiry and nonce; return the claims."""
    meta = metadata()
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise LoginFailed("bad_token", "malformed ID token") from exc
    if header.get("alg") in (None, "none") or header.get("alg", "").startswith("HS"):
        raise LoginFailed("bad_signature", f"unacceptable alg {header.get('alg')}")
    key = _signing_key(meta.jwks_uri, header.get("kid"))
    try:
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"],
            audience=settings.OIDC_CLIENT_ID,
            issuer=meta.issuer,
            leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.InvalidSignatureError as exc:
        raise LoginFailed("bad_signature") from exc
    except jwt.ExpiredSignatureError as exc:
        raise LoginFailed("expired_token") from exc
    except jwt.InvalidIssuerError as exc:
        raise LoginFailed("wrong_issuer") from exc
    except jwt.InvalidAudienceError as exc:
        raise LoginFailed("wrong_audience") from exc
    except jwt.PyJWTError as exc:
        raise LoginFailed("bad_token", type(exc).__name__) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginFailed("wrong_nonce")
    return claims


def _signing_key(jwks_uri: str, kid: str | None) -> Any:
    keys = _jwks(jwks_uri)
    for attempt in range(2):
        candidates = [k for k in keys.keys if kid is None or k.key_id == kid]
        if candidates:
            return candidates[0].key
        if attempt == 0:  # the provider may have rotated its keys
            keys = _jwks(jwks_uri, refresh=True)
    raise LoginFailed("bad_signature", "no key with that kid")


def end_session_url(*, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout at the provider.

    No id_token_hint: the ID token carries the national id, which never goes into a URL.
    client_id identifies us instead (allowed by OpenID Connect RP-Initiated Logout 1.0, §2).
    """
    try:
        meta = metadata()
    except LoginFailed:
        return None
    if not meta.end_session_endpoint:
        return None
    params = {
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "client_id": settings.OIDC_CLIENT_ID,
    }
    separator = "&" if "?" in meta.end_session_endpoint else "?"
    return meta.end_session_endpoint + separator + urlencode(params)
