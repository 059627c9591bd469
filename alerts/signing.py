"""Webhook signatures: the Standard Webhooks scheme, plus last release's headers for one more release.

Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and `webhook-signature:
v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">`. The signing key is the base64 part of a
`whsec_…` secret; a brand that still has a plain secret (the previous form) is signed with its UTF-8
bytes. While a secret is rotated two are valid: the signature header then carries one `v1,…` per
secret, space-separated, and a receiver holding either verifies.

The previous headers (`X-Greenchain-Signature: sha256=<hex HMAC over "<timestamp>.<body>">` with the
whole secret string as key, `X-Greenchain-Timestamp`, `X-Greenchain-Id`) are still sent, signed with
the current secret only; they go away in the next release (docs/alerts.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as _random
import time

SIGNATURE_HEADER = "X-Greenchain-Signature"
TIMESTAMP_HEADER = "X-Greenchain-Timestamp"
ID_HEADER = "X-Greenchain-Id"
EVENT_HEADER = "X-Greenchain-Event"

SECRET_PREFIX = "whsec_"
MIN_KEY_BYTES = 24  # Standard Webhooks: a random key of 24 to 64 bytes
MAX_SECRETS = 2  # the current one and, while rotating, the previous one


class SecretError(ValueError):
    """A webhook secret that must not be used: malformed or too short."""


def new_secret() -> str:
    """A fresh `whsec_` secret with a 32-byte random key."""
    return SECRET_PREFIX + base64.b64encode(_random.token_bytes(32)).decode("ascii")


def signing_key(secret: str) -> bytes:
    """The HMAC key of a secret: base64-decoded for `whsec_…`, else (previous form) its UTF-8 bytes."""
    if secret.startswith(SECRET_PREFIX):
        encoded = secret[len(SECRET_PREFIX):]
        try:  # padding is optional, as the reference library reads it
            key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
        except binascii.Error:
            raise SecretError("a whsec_ secret must be base64 after the prefix") from None
    else:
        key = secret.encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise SecretError(f"secret too short: its key has {len(key)} bytes, at least {MIN_KEY_BYTES} are needed")
    return key


def standard_signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64>` of HMAC-SHA256(key, b"<id>.<timestamp>." + body)."""
    mac = hmac.new(signing_key(secret), f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode("ascii")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Previous scheme: `sha256=<hex>` of HMAC-SHA256(secret string, b"<timestamp>." + body)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secrets: list[str], key: str, event: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """Headers for one delivery attempt; the timestamp (and so the signature) is fresh on each retry.

    `secrets` is the current secret first, then the previous one while rotating.
    """
    if not 1 <= len(secrets) <= MAX_SECRETS:
        raise SecretError(f"expected 1 or {MAX_SECRETS} secrets, got {len(secrets)}")
    ts = int(now if now is not None else time.time())
    return {
        "Content-Type": "application/json; charset=utf-8",
        "webhook-id": key,
        "webhook-timestamp": str(ts),
        "webhook-signature": " ".join(standard_signature(s, key, ts, body) for s in secrets),
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: signature(secrets[0], ts, body),
        ID_HEADER: key,
        "Idempotency-Key": key,
        EVENT_HEADER: event,
        "User-Agent": "greenchain-alerts/2",
    }


def verify(secret: str, timestamp: str, sig: str, body: bytes, tolerance_s: int = 300,
           now: float | None = None) -> bool:
    """Previous scheme: True when `sig` matches and the timestamp is within `tolerance_s` of now."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, ts, body), sig)
