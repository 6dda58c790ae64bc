"""Signed button data: a forged or altered button is refused, and signatures survive restarts."""

from __future__ import annotations

import base64
import hashlib
import hmac

from bot.replies import Button
from storage import crypto

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data


def signing_key() -> bytes:
    """The buttons' own subkey: a leaked or brute-forced button MAC says nothing about the master
    secret, the encryption key or the audit chain's key (storage/crypto.py derives each apart)."""
    return crypto.current().button_key


def _mac(key: bytes, user_id: int, payload: str) -> str:
    digest = hmac.new(key, f"{user_id}|{payload}".encode(), hashlib.sha256).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode()


def encode_button(key: bytes, user_id: int, button: Button) -> str:
    """`action|arg|rev|mac`, bound to the user it was sent to."""
    rev = "" if button.rev is None else str(button.rev)
    payload = f"{button.action}|{button.arg}|{rev}"
    data = f"{payload}|{_mac(key, user_id, payload)}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long for Telegram: {payload!r}")
    return data


def decode_button(key: bytes, user_id: int, data: str) -> tuple[str, str, int | None] | None:
    """(action, arg, rev) when the signature holds for this user, else None."""
    parts = data.split("|")
    if len(parts) != 4:
        return None
    action, arg, rev, mac = parts
    if not hmac.compare_digest(mac, _mac(key, user_id, f"{action}|{arg}|{rev}")):
        return None
    if rev and not rev.isdigit():
        return None
    return action, arg, int(rev) if rev else None
