"""The OpenID Connect relying party for the national e-ID, on Authlib's client.

Authorization-code flow with PKCE (S256), state, nonce and acr_values; the provider is
found by discovery from OIDC_ISSUER. When discovery advertises a
`pushed_authorization_request_endpoint`, the request is pushed first (RFC 9126) and the
browser only carries its `request_uri`. The client authenticates with
OIDC_CLIENT_AUTH_METHOD: `client_secret_basic` (id and secret form-encoded before
Basic, RFC 6749 §2.3.1), `client_secret_post` or `private_key_jwt` (RFC 7523).

The ID token's signature (against the provider's JWKS), issuer, audience, expiry,
issued-at and nonce are verified before anyone is logged in. Brokers that keep profile
claims out of the ID token give them from UserInfo, whose `sub` must be the ID token's.
Each failure raises `LoginFailed` with a code the views turn into a translated message
and a denied audit event.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode

import httpx
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet, RSAKey

SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")
# The profile claims a person's record needs; fetched from UserInfo when the ID token
# lacks them (OpenID Connect Core §5.4: with a code flow they belong in UserInfo).
_PROFILE_CLAIMS = ("given_name", "family_name", "name", "birthdate")


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
    userinfo_endpoint: str | None = None
    pushed_authorization_request_endpoint: str | None = None


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
    if not isinstance(doc, dict) or str(doc.get("issuer", "")).rstrip("/") != issuer:
        raise LoginFailed("wrong_issuer", "discovery document names another issuer")
    try:
        result = ProviderMetadata(
            issuer=doc["issuer"],
            authorization_endpoint=doc["authorization_endpoint"],
            token_endpoint=doc["token_endpoint"],
            jwks_uri=doc["jwks_uri"],
            end_session_endpoint=doc.get("end_session_endpoint"),
            userinfo_endpoint=doc.get("userinfo_endpoint"),
            pushed_authorization_request_endpoint=doc.get("pushed_authorization_request_endpoint"),
        )
    except KeyError as exc:
        raise LoginFailed("provider_error", f"discovery lacks {exc}") from exc
    _cache["metadata:" + issuer] = (time.monotonic() + _CACHE_SECONDS, result)
    return result


def _jwks(uri: str, *, refresh: bool = False) -> KeySet:
    cached = _cache.get("jwks:" + uri)
    if cached and not refresh and cached[0] > time.monotonic():
        return cached[1]
    try:
        keys = KeySet.import_key_set(_get_json(uri))
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise LoginFailed("provider_error", "unusable JWKS") from exc
    _cache["jwks:" + uri] = (time.monotonic() + _CACHE_SECONDS, keys)
    return keys


def clear_cache() -> None:
    _cache.clear()


# --- client authentication ------------------------------------------------------------


def _form_encoded_basic(
    client: Any, method: str, uri: str, headers: dict[str, str], body: str
) -> tuple[str, dict[str, str], str]:
    """client_secret_basic as RFC 6749 §2.3.1 says: form-encode id and secret, then Basic.

    Authlib's built-in method skips the encoding, so a secret with "+" or "%" reaches a
    conformant provider as another secret.
    """
    credentials = f"{quote_plus(client.client_id)}:{quote_plus(client.client_secret)}"
    headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    return uri, headers, body


def client_private_key() -> RSAKey:
    """This service's key for private_key_jwt: OIDC_CLIENT_PRIVATE_KEY (PEM), else the PEM
    file OIDC_CLIENT_PRIVATE_KEY_FILE (development: generated there once)."""
    cached = _cache.get("client_key")
    if cached:
        return cached[1]
    pem = settings.OIDC_CLIENT_PRIVATE_KEY
    if not pem:
        path = Path(settings.OIDC_CLIENT_PRIVATE_KEY_FILE)
        if not path.exists():
            if settings.PRODUCTION:
                raise LoginFailed("provider_error", "no private key for private_key_jwt")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
            path.chmod(0o600)
        pem = path.read_text()
    key = RSAKey.import_key(pem)
    key = RSAKey.import_key(key.as_dict(private=True, kid=key.thumbprint()))
    _cache["client_key"] = (float("inf"), key)
    return key


def client_jwks() -> dict[str, Any]:
    """The public half of the private_key_jwt key, to register at the provider."""
    if settings.OIDC_CLIENT_AUTH_METHOD != "private_key_jwt":
        return {"keys": []}
    public = client_private_key().as_dict(private=False)
    return {"keys": [dict(public, use="sig", alg="RS256")]}


def _client(*, redirect_uri: str | None = None) -> OAuth2Client:
    method = settings.OIDC_CLIENT_AUTH_METHOD
    if method not in CLIENT_AUTH_METHODS:
        raise LoginFailed("provider_error", f"unknown OIDC_CLIENT_AUTH_METHOD {method!r}")
    secret: Any = settings.OIDC_CLIENT_SECRET
    if method == "private_key_jwt":
        secret = client_private_key()
    client = OAuth2Client(
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=secret,
        token_endpoint_auth_method=method,
        scope=settings.OIDC_SCOPES,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS,
    )
    client.register_client_auth_method(("client_secret_basic", _form_encoded_basic))
    if method == "private_key_jwt":
        # No fixed audience: the assertion names the endpoint it is sent to (PAR or
        # token), which RFC 7523 §3 allows and conformant providers accept.
        client.register_client_auth_method(PrivateKeyJWT(headers={"kid": secret.kid}))
    return client


def _error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    return f"{body.get('error', '')} {body.get('error_description', '')}".strip()


# --- the login ---------------------------------------------------------------------


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
    params = {
        "ui_locales": ui_locale,
        "acr_values": " ".join(settings.OIDC_ACR_HIGH),
    }
    with _client(redirect_uri=redirect_uri) as client:
        url, _state = client.create_authorization_url(
            meta.authorization_endpoint,
            state=state,
            code_verifier=code_verifier,
            nonce=nonce,
            **params,
        )
        if meta.pushed_authorization_request_endpoint:
            url = _push(
                client,
                meta,
                redirect_uri=redirect_uri,
                state=state,
                nonce=nonce,
                code_verifier=code_verifier,
                extra=params,
            )
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def _push(
    client: OAuth2Client,
    meta: ProviderMetadata,
    *,
    redirect_uri: str,
    state: str,
    nonce: str,
    code_verifier: str,
    extra: dict[str, str],
) -> str:
    """RFC 9126: send the request to the provider directly; the browser gets a handle."""
    assert meta.pushed_authorization_request_endpoint
    form = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.OIDC_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(code_verifier),
        "code_challenge_method": "S256",
        **extra,
    }
    if client.token_endpoint_auth_method == "client_secret_post":
        del form["client_id"]  # the authentication method adds it; twice is an error
    try:
        response = client.request(
            "POST",
            meta.pushed_authorization_request_endpoint,
            data=form,
            auth=client.client_auth(client.token_endpoint_auth_method),
            withhold_token=True,
        )
    except httpx.HTTPError as exc:
        raise LoginFailed("provider_unreachable", type(exc).__name__) from exc
    if response.status_code not in (200, 201):
        raise LoginFailed(
            "provider_error", f"PAR HTTP {response.status_code} {_error_code(response)}"
        )
    try:
        request_uri = response.json()["request_uri"]
    except (ValueError, KeyError, TypeError) as exc:
        raise LoginFailed("provider_error", "PAR answer has no request_uri") from exc
    query = urlencode({"client_id": settings.OIDC_CLIENT_ID, "request_uri": request_uri})
    separator = "&" if "?" in meta.authorization_endpoint else "?"
    return meta.authorization_endpoint + separator + query


def exchange_code(*, code: str, redirect_uri: str, code_verifier: str) -> dict[str, Any]:
    meta = metadata()
    with _client(redirect_uri=redirect_uri) as client:
        try:
            tokens = client.fetch_token(
                meta.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
        except OAuthError as exc:
            raise LoginFailed("token_rejected", str(exc.error)) from exc
        except httpx.HTTPStatusError as exc:
            raise LoginFailed("token_rejected", f"HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise LoginFailed("provider_unreachable", type(exc).__name__) from exc
        except ValueError as exc:
            raise LoginFailed("provider_error", "token response is not JSON") from exc
    if not tokens.get("id_token"):
        raise LoginFailed("provider_error", "no id_token in token response")
    return dict(tokens)


def _header(token: str) -> dict[str, Any]:
    try:
        encoded = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, IndexError) as exc:
        raise LoginFailed("bad_token", "malformed token") from exc
    if not isinstance(header, dict):
        raise LoginFailed("bad_token", "malformed token header")
    return header


def _signing_key(jwks_uri: str, kid: str | None) -> Any:
    keys = _jwks(jwks_uri)
    for attempt in range(2):
        try:
            return keys.get_by_kid(kid)
        except InvalidKeyIdError:
            if attempt == 0:  # the provider may have rotated its keys
                keys = _jwks(jwks_uri, refresh=True)
    raise LoginFailed("bad_signature", "no key with that kid")


def _verified_jwt(token: str, meta: ProviderMetadata) -> tuple[dict[str, Any], dict[str, Any]]:
    """Signature check only: (header, claims)."""
    header = _header(token)
    alg = str(header.get("alg") or "none")
    if alg not in SIGNING_ALGORITHMS:
        raise LoginFailed("bad_signature", f"unacceptable alg {alg}")
    key = _signing_key(meta.jwks_uri, header.get("kid"))
    try:
        decoded = jwt.decode(token, key, algorithms=SIGNING_ALGORITHMS)
    except BadSignatureError as exc:
        raise LoginFailed("bad_signature") from exc
    except (JoseError, ValueError) as exc:
        raise LoginFailed("bad_token", type(exc).__name__) from exc
    return dict(decoded.header), dict(decoded.claims)


_CLAIM_FAILURES = {"iss": "wrong_issuer", "aud": "wrong_audience", "nonce": "wrong_nonce"}


def verify_id_token(id_token: str, *, nonce: str) -> dict[str, Any]:
    """Verify signature, issuer, audience, expiry and nonce; return the claims."""
    meta = metadata()
    header, claims = _verified_jwt(id_token, meta)
    id_claims = CodeIDToken(
        claims,
        header,
        options={
            "iss": {"essential": True, "value": meta.issuer},
            "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
        },
        params={"nonce": nonce},
    )
    try:
        id_claims.validate(leeway=settings.OIDC_CLOCK_SKEW_SECONDS)
    except ExpiredTokenError as exc:
        raise LoginFailed("expired_token") from exc
    except ClaimError as exc:
        raise LoginFailed(_CLAIM_FAILURES.get(exc.claim, "bad_token"), exc.claim) from exc
    # The nonce is required here (we always send one): a token without it is refused too.
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginFailed("wrong_nonce")
    return dict(id_claims)


def userinfo(*, access_token: str) -> dict[str, Any]:
    """The UserInfo answer (JSON, or a JWT signed by the provider)."""
    meta = metadata()
    if not meta.userinfo_endpoint:
        raise LoginFailed("provider_error", "no userinfo_endpoint")
    try:
        response = httpx.get(
            meta.userinfo_endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_HTTP_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as exc:
        raise LoginFailed("provider_unreachable", type(exc).__name__) from exc
    if response.status_code != 200:
        raise LoginFailed("provider_error", f"UserInfo HTTP {response.status_code}")
    if response.headers.get("content-type", "").startswith("application/jwt"):
        _header_unused, claims = _verified_jwt(response.text.strip(), meta)
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if claims.get("iss") != meta.issuer or settings.OIDC_CLIENT_ID not in audiences:
            raise LoginFailed("bad_token", "signed UserInfo for another party")
        return claims
    try:
        claims = response.json()
    except ValueError as exc:
        raise LoginFailed("provider_error", "UserInfo is not JSON") from exc
    if not isinstance(claims, dict):
        raise LoginFailed("provider_error", "UserInfo is not an object")
    return claims


def complete(*, code: str, redirect_uri: str, code_verifier: str, nonce: str) -> tuple[dict, str]:
    """Code → verified claims, profile completed from UserInfo when needed.

    Returns (claims, id_token)."""
    tokens = exchange_code(code=code, redirect_uri=redirect_uri, code_verifier=code_verifier)
    claims = verify_id_token(tokens["id_token"], nonce=nonce)
    wanted = (*_PROFILE_CLAIMS, settings.OIDC_NATIONAL_ID_CLAIM)
    if not all(
        claims.get(name) for name in ("given_name", "family_name", settings.OIDC_NATIONAL_ID_CLAIM)
    ):
        if not tokens.get("access_token"):
            raise LoginFailed("provider_error", "no access token for UserInfo")
        info = userinfo(access_token=str(tokens["access_token"]))
        # OpenID Connect Core §5.3.2: the UserInfo sub MUST be checked against the ID token's.
        if str(info.get("sub", "")) != str(claims["sub"]):
            raise LoginFailed("userinfo_sub_mismatch")
        for name in wanted:
            if not claims.get(name) and info.get(name):
                claims[name] = info[name]
    return claims, str(tokens["id_token"])


def end_session_url(*, post_logout_redirect_uri: str, id_token_hint: str = "") -> str | None:
    """RP-initiated logout at the provider.

    client_id identifies us (OpenID Connect RP-Initiated Logout 1.0, §2). id_token_hint
    only where OIDC_LOGOUT_ID_TOKEN_HINT asks for it: a broker's ID token may carry the
    national id, which otherwise never goes into a URL.
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
    if settings.OIDC_LOGOUT_ID_TOKEN_HINT and id_token_hint:
        params["id_token_hint"] = id_token_hint
    separator = "&" if "?" in meta.end_session_endpoint else "?"
    return meta.end_session_endpoint + separator + urlencode(params)
