"""ID token verification against tokens minted by the real test provider."""

from __future__ import annotations

import base64
import subprocess
import time

import pytest

from carevillage.devserver import provider_command, wait_for
from carevillage.identity import oidc

pytestmark = pytest.mark.django_db


def real_id_token(client, eid) -> tuple[str, str]:
    """Run the flow up to the token endpoint; return (id_token, nonce)."""
    callback = eid.authorize(eid.start(client), sub="demo-aino")
    pending = client.session["oidc_pending"]
    tokens = oidc.exchange_code(
        code=callback.query["code"],
        redirect_uri="http://testserver/oidc/callback/",
        code_verifier=pending["verifier"],
    )
    return tokens["id_token"], pending["nonce"]


def failure_code(id_token: str, nonce: str) -> str:
    with pytest.raises(oidc.LoginFailed) as failure:
        oidc.verify_id_token(id_token, nonce=nonce)
    return failure.value.code


def test_genuine_token_verifies_and_carries_the_eid_claims(client, eid):
    token, nonce = real_id_token(client, eid)
    claims = oidc.verify_id_token(token, nonce=nonce)
    assert claims["sub"] == "demo-aino"
    assert claims["acr"] == "http://eidas.europa.eu/LoA/high"
    assert claims["birthdate"] == "1985-03-14"
    assert claims["national_id"].startswith("140385")


def test_token_with_a_forged_signature_is_refused(client, eid):
    token, nonce = real_id_token(client, eid)
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0xFF
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert failure_code(f"{header}.{payload}.{forged}", nonce) == "bad_signature"


def test_token_with_edited_claims_is_refused(client, eid):
    import json

    token, nonce = real_id_token(client, eid)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["national_id"] = "010101-9999"
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert failure_code(f"{header}.{edited}.{signature}", nonce) == "bad_signature"


def test_unsigned_token_is_refused(client, eid):
    token, nonce = real_id_token(client, eid)
    _header, payload, _signature = token.split(".")
    none_header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    assert failure_code(f"{none_header}.{payload}.", nonce) == "bad_signature"


def test_token_for_another_client_is_refused(client, eid, settings):
    token, nonce = real_id_token(client, eid)
    settings.OIDC_CLIENT_ID = "another-service"
    assert failure_code(token, nonce) == "wrong_audience"


def test_token_from_another_issuer_is_refused(client, eid):
    token, nonce = real_id_token(client, eid)
    genuine = oidc.metadata()
    # The same keys published under another issuer name: the iss claim no longer fits.
    oidc._cache["metadata:" + eid.issuer] = (
        time.monotonic() + 60,
        oidc.ProviderMetadata(
            issuer="https://idp.other.example",
            authorization_endpoint=genuine.authorization_endpoint,
            token_endpoint=genuine.token_endpoint,
            jwks_uri=genuine.jwks_uri,
            end_session_endpoint=genuine.end_session_endpoint,
        ),
    )
    assert failure_code(token, nonce) == "wrong_issuer"


def test_token_with_another_nonce_is_refused(client, eid):
    token, _nonce = real_id_token(client, eid)
    assert failure_code(token, "some-other-nonce") == "wrong_nonce"


@pytest.fixture
def short_lived_provider(settings):
    """A second provider whose tokens live one second."""
    from conftest import free_port

    port = free_port()
    command = provider_command(port)
    command += ["--token-max-age", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    try:
        wait_for(issuer + "/.well-known/openid-configuration", process=process)
        settings.OIDC_ISSUER = issuer
        settings.OIDC_CLOCK_SKEW_SECONDS = 0
        oidc.clear_cache()
        from carevillage.testing.eid import EidLogin

        yield EidLogin(issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)
        oidc.clear_cache()


def test_expired_token_is_refused(client, short_lived_provider):
    token, nonce = real_id_token(client, short_lived_provider)
    time.sleep(2.1)
    assert failure_code(token, nonce) == "expired_token"


def test_private_key_jwt_key_is_generated_once_into_var_in_development(settings, tmp_path):
    settings.OIDC_CLIENT_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_CLIENT_PRIVATE_KEY = ""
    settings.OIDC_CLIENT_PRIVATE_KEY_FILE = str(tmp_path / "oidc_client_private_key.pem")
    oidc.clear_cache()

    first = oidc.client_private_key()
    oidc.clear_cache()
    again = oidc.client_private_key()
    oidc.clear_cache()

    path = tmp_path / "oidc_client_private_key.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert first.thumbprint() == again.thumbprint()
    assert oidc.client_jwks()["keys"][0]["kid"] == first.thumbprint()
    oidc.clear_cache()
