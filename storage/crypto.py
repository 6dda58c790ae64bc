"""Encryption at rest: keys derived from CAPTURE_SECRET_KEY, sealed values, blind indexes.

Why this shape:
- One secret, several subkeys (HKDF-SHA256, one `info` per purpose), so a leak or misuse of one
  purpose (say the button-signing key in a log) reveals nothing about the others.
- Values are sealed with AES-256-GCM into a text token ``e1.<key_id>.<base64url(nonce|ct|tag)>``.
  Text, so the columns stay ``Text`` on SQLite and PostgreSQL and backups stay portable. The
  prefix ``e1.<key_id>.`` is the associated data: changing the key id or the version of a token
  breaks its tag instead of silently picking another key.
- The key id is a short HKDF fingerprint of the secret (not the secret, not reversible): a token
  names the key that sealed it, so after ``rotate-key`` old tokens still open with the previous
  secret until everything has been rewritten under the new one.
- Ciphertexts are randomized, so SQL cannot compare them. Exact look-ups and duplicate checks
  use blind indexes instead: an HMAC of the (caller-normalized) value under its own subkey.
  ``EncryptedText`` refuses ``==``/``LIKE``/``IN`` against a value, so a forgotten
  ``Contact.phone == phone`` fails loudly instead of never matching.
- A value without the token prefix is returned as is (rows written before encryption existed),
  unless the keyring was made with ``allow_legacy=False`` — switch that on once the migration
  has encrypted every row, so that a planted plaintext is refused too.

Not covered by design: the associated data does not name the row or column, so someone who can
write the database can move a ciphertext from one row to another (it still decrypts). Such a
writer can also delete rows; the audit chain (storage/audit_chain.py) is what detects tampering.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Dialect, Text
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

__all__ = [
    "DecryptionError",
    "EncryptedJSON",
    "EncryptedText",
    "Keyring",
    "KeyringNotConfigured",
    "configure",
    "current",
    "is_encrypted",
]

VERSION = "e1"
MIN_SECRET_BYTES = 16
_SALT = b"capture-bot keyring v1"  # fixed: the secret is the only input that must stay secret
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_ID_CHARS = 8  # 48 bits: tells a handful of keys apart, says nothing useful about them
_BLIND_INDEX_BYTES = 16  # 128 bits
_TOKEN = re.compile(r"e1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{38,})")  # 38 chars = nonce + tag
_TOKEN_LIKE = re.compile(r"e1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]*")  # truncated/mangled tokens


class DecryptionError(ValueError):
    """A token that does not open: tampered, truncated, or sealed under a key we do not hold."""


class KeyringNotConfigured(RuntimeError):
    """storage.crypto.configure() was not called before touching an encrypted column."""


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(secret: bytes, purpose: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_SALT, info=f"capture-bot/{purpose}".encode()
    )
    return hkdf.derive(secret)


def is_encrypted(value: object) -> bool:
    """True for a token this module wrote; False for legacy plaintext (and anything else)."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def key_id_of(value: str) -> str | None:
    """Which key sealed this token (None for plaintext): rotation rewrites the ones not current."""
    match = _TOKEN.fullmatch(value)
    return match.group(1) if match else None


class Keyring:
    """The subkeys of one secret, plus the keyrings of earlier secrets for reading old tokens.

    Only the current secret seals, indexes and signs; previous secrets only open old tokens.
    """

    __slots__ = (
        "_aead",
        "_audit_key",
        "_blind_key",
        "_button_key",
        "_openers",
        "allow_legacy",
        "key_id",
        "previous",
    )

    def __init__(
        self,
        secret: bytes | str,
        previous: Sequence[bytes | str] = (),
        *,
        allow_legacy: bool = True,
    ) -> None:
        if isinstance(secret, str):
            secret = secret.encode()
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(
                f"CAPTURE_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes "
                f"(got {len(secret)}); use e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`"
            )
        self.key_id = _b64e(_derive(secret, "key-id"))[:_KEY_ID_CHARS]
        self._aead = AESGCM(_derive(secret, "encryption"))
        self._blind_key = _derive(secret, "blind-index")
        self._audit_key = _derive(secret, "audit-chain")
        self._button_key = _derive(secret, "buttons")
        self.allow_legacy = allow_legacy
        self.previous: tuple[Keyring, ...] = tuple(
            Keyring(old, allow_legacy=allow_legacy) for old in previous
        )
        self._openers: dict[str, AESGCM] = {}
        for ring in (*reversed(self.previous), self):  # the current key wins a (2^-48) clash
            self._openers[ring.key_id] = ring._aead

    def __repr__(self) -> str:  # never the keys
        old = ", ".join(r.key_id for r in self.previous)
        return f"Keyring(key_id={self.key_id!r}, previous=[{old}])"

    # --- sealing ---------------------------------------------------------------------------

    def encrypt(self, plaintext: str) -> str:
        """Seal under the current key; a fresh random nonce each time, so equal values differ."""
        if not isinstance(plaintext, str):
            raise TypeError(f"encrypt() takes str, not {type(plaintext).__name__}")
        prefix = f"{VERSION}.{self.key_id}."
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), prefix.encode("ascii"))
        return prefix + _b64e(nonce + sealed)

    def decrypt(self, token: str) -> str:
        """Open a token sealed under the current or a previous key; plaintext passes (legacy)."""
        match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
        if match is None:
            if not isinstance(token, str):
                raise TypeError(f"decrypt() takes str, not {type(token).__name__}")
            if _TOKEN_LIKE.fullmatch(token) or not self.allow_legacy:
                raise DecryptionError(
                    "not an encrypted value (malformed token, or plaintext where a token belongs)"
                )
            return token
        key_id, body = match.groups()
        aead = self._openers.get(key_id)
        if aead is None:
            raise DecryptionError(
                f"value sealed under unknown key {key_id!r} (current key {self.key_id!r}; "
                "after rotate-key, pass the old secret as a previous key)"
            )
        try:
            raw = _b64d(body)
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError("malformed token (bad base64)") from exc
        if len(raw) < _NONCE_BYTES + _TAG_BYTES:
            raise DecryptionError("malformed token (too short)")
        prefix = f"{VERSION}.{key_id}.".encode("ascii")
        try:
            plain = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], prefix)
        except InvalidTag as exc:
            raise DecryptionError(
                f"value under key {key_id!r} failed authentication: tampered or corrupted"
            ) from exc
        return plain.decode("utf-8")

    def needs_rotation(self, value: str | None) -> bool:
        """True if rotate-key must rewrite this stored value (old key, or legacy plaintext)."""
        return value is not None and key_id_of(value) != self.key_id

    def reencrypt(self, value: str) -> str:
        """A stored value (token under any known key, or legacy plaintext) sealed under ours."""
        return self.encrypt(self.decrypt(value))

    # --- keyed digests -----------------------------------------------------------------------

    def blind_index(self, value: str) -> str:
        """Deterministic keyed HMAC (128 bits, base64url, 22 chars) for equality look-ups.

        Normalize first (E.164 phone, lower-cased email): the index only matches identical input.
        Without the key it cannot be brute-forced the way a plain hash of a phone number can.
        """
        mac = hmac.new(self._blind_key, value.encode("utf-8"), hashlib.sha256).digest()
        return _b64e(mac[:_BLIND_INDEX_BYTES])

    def audit_mac(self, data: bytes) -> str:
        """Full-length HMAC-SHA256 (base64url, 43 chars) under the audit-chain subkey."""
        return _b64e(hmac.new(self._audit_key, data, hashlib.sha256).digest())

    @property
    def button_key(self) -> bytes:
        """Key for signing inline buttons (bot/security.py), apart from the data keys."""
        return self._button_key


# --- the process-wide keyring ----------------------------------------------------------------

_current: Keyring | None = None


def configure(
    secret: bytes | str, previous: Sequence[bytes | str] = (), *, allow_legacy: bool = True
) -> Keyring:
    """Set the keyring the encrypted column types use; call once at start-up (and in the CLI)."""
    global _current
    _current = Keyring(secret, previous, allow_legacy=allow_legacy)
    return _current


def current() -> Keyring:
    """The configured keyring; failing loudly beats writing plaintext or unreadable rows."""
    if _current is None:
        raise KeyringNotConfigured(
            "encrypted columns need a key: call storage.crypto.configure(settings.secret_key) "
            "at start-up (CAPTURE_SECRET_KEY)"
        )
    return _current


# --- SQLAlchemy column types --------------------------------------------------------------------

# Comparing a column of randomized ciphertexts with a value can never match: refuse it.
_VALUE_COMPARISONS = frozenset(
    {
        operators.eq, operators.ne, operators.lt, operators.le, operators.gt, operators.ge,
        operators.like_op, operators.not_like_op, operators.ilike_op, operators.not_ilike_op,
        operators.in_op, operators.not_in_op, operators.between_op, operators.not_between_op,
        operators.contains_op, operators.not_contains_op, operators.startswith_op,
        operators.not_startswith_op, operators.endswith_op, operators.not_endswith_op,
        operators.regexp_match_op, operators.not_regexp_match_op, operators.icontains_op,
        operators.istartswith_op, operators.iendswith_op,
    }
)  # fmt: skip


class _NoValueComparisons(TypeDecorator.Comparator):
    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if op in _VALUE_COMPARISONS and not all(o is None for o in other):
            raise TypeError(
                f"{self.expr} is encrypted (randomized): SQL cannot compare it with a value. "
                "Look it up by its blind index column instead."
            )
        return super().operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        if op in _VALUE_COMPARISONS and other is not None:
            raise TypeError(f"{self.expr} is encrypted: compare its blind index instead")
        return super().reverse_operate(op, other, **kwargs)


class EncryptedText(TypeDecorator[str]):
    """A str sealed with the current keyring on write and opened on read; None stays NULL."""

    impl = Text
    cache_ok = True
    comparator_factory = _NoValueComparisons

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return open_stored(value)


def open_stored(value: str | None) -> str | None:
    """A sealed column's value as read raw (EncryptedText's reading), for queries that leave the
    opening to the caller because most rows never need it (the reminder sweep)."""
    return None if value is None else current().decrypt(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A dict/list as JSON, sealed; legacy plaintext JSON (text or native json) still reads."""

    impl = Text
    cache_ok = True
    comparator_factory = _NoValueComparisons

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return open_json(value)


def open_json(value: Any) -> Any:
    """A sealed JSON column's value as read raw (EncryptedJSON's reading), opened by the caller
    only for the rows that need it (the reminder sweep)."""
    if value is None or not isinstance(value, str):
        return value  # psycopg already parsed a legacy native json/jsonb column
    if is_encrypted(value):
        return json.loads(current().decrypt(value))
    plain = current().decrypt(value)  # legacy: refused here when allow_legacy is off
    try:
        return json.loads(plain)
    except json.JSONDecodeError:
        # A bare string from a still-native json column arrives parsed (no quotes); keep it.
        return plain
