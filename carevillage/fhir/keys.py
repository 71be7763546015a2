"""Client-side key handling for the demo EHR and the tests: a key pair with its public JWK,
and a signed client assertion (what an EHR's integration engine does before asking for a
token). The server side never sees a private key."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm


@dataclass(frozen=True)
class ClientKey:
    algorithm: str
    kid: str
    private_pem: str

    @classmethod
    def generate(cls, algorithm: str = "RS384") -> ClientKey:
        private_key: Any
        if algorithm == "ES384":
            private_key = ec.generate_private_key(ec.SECP384R1())
        else:
            private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return cls(algorithm, secrets.token_hex(8), pem)

    def _private(self) -> Any:
        return serialization.load_pem_private_key(self.private_pem.encode(), password=None)

    def public_jwk(self) -> dict[str, Any]:
        public = self._private().public_key()
        encoder = ECAlgorithm if self.algorithm == "ES384" else RSAAlgorithm
        jwk = json.loads(encoder.to_jwk(public))
        jwk.update({"kid": self.kid, "alg": self.algorithm, "use": "sig"})
        return jwk

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}

    def assertion(self, client_id: str, token_endpoint: str, **claims: Any) -> str:
        """A client assertion: iss = sub = client_id, aud = the token endpoint, five
        minutes of life and a fresh jti unless `claims` say otherwise."""
        now = dt.datetime.now(dt.UTC)
        body: dict[str, Any] = {
            "iss": client_id,
            "sub": client_id,
            "aud": token_endpoint,
            "exp": int((now + dt.timedelta(minutes=5)).timestamp()),
            "jti": str(uuid.uuid4()),
        }
        body.update(claims)
        body = {key: value for key, value in body.items() if value is not None}
        return jwt.encode(
            body, self._private(), algorithm=self.algorithm, headers={"kid": self.kid}
        )
