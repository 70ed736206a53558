"""Secrets: random tokens stored as hashes, signed QR payloads, derived manage tokens, NIK hashes.

Every signature has its own purpose (salt), so a QR payload can never pass as anything else.
Old keys listed in SECRET_KEY_FALLBACKS still verify, so the key can be rotated without
invalidating bookings already issued."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

QR_SALT = "antrean.qr.v1"


def new_token() -> str:
    """A reference token with 192 bits from the CSPRNG."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _keys() -> list[str]:
    """Newest last, as itsdangerous expects."""
    config = current_app.config
    return [*config.get("SECRET_KEY_FALLBACKS", []), config["SECRET_KEY"]]


def _hmac(key: str, purpose: str, message: str) -> bytes:
    return hmac.new(f"{purpose}:{key}".encode(), message.encode(), hashlib.sha256).digest()


def nik_hash(nik: str) -> str:
    """Keyed hash for the one-booking-per-person rule: the NIK itself is never stored."""
    key = current_app.config.get("NIK_HASH_KEY") or current_app.config["SECRET_KEY"]
    return _hmac(key, "nik", nik).hex()


def manage_token(code: str, nonce: str) -> str:
    """Derived from the current key, so a retried booking request can be answered again
    with the same token while the database keeps only its hash."""
    digest = _hmac(current_app.config["SECRET_KEY"], "manage", f"{code}:{nonce}")
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def manage_token_matches(token: str | None, stored_hash: str) -> bool:
    if not token:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)


def _qr_serializer() -> URLSafeSerializer:
    return _qr_serializer_for(tuple(_keys()))


@lru_cache(maxsize=4)
def _qr_serializer_for(keys: tuple[str, ...]) -> URLSafeSerializer:
    return URLSafeSerializer(list(keys), salt=QR_SALT)


def sign_qr(code: str) -> str:
    return str(_qr_serializer().dumps(code))


def read_qr(payload: str) -> str | None:
    """The booking code a QR payload names, or None if it is garbled or forged."""
    if not isinstance(payload, str) or len(payload) > 200:
        return None
    try:
        code = _qr_serializer().loads(payload.strip())
    except BadSignature:
        return None
    return code if isinstance(code, str) else None


def new_booking_code() -> str:
    """8 characters from an alphabet without look-alikes (no 0/O, 1/I/L)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))
