"""The audit trail's hash chain: each event's MAC covers its content and the previous MAC.

What the chain covers, and why digests rather than the stored values:
- Each link is HMAC(audit-chain subkey, canonical(event + prev)), where the event holds the
  time, actor, action, contact, field and *digests* of the old and new values: keyed HMACs of
  the PLAINTEXTS (``digest()``), not the ciphertexts in old_value/new_value.
  (a) Re-encrypting the values (a random nonce every time, a new key id after ``rotate-key``)
      rewrites the ciphertexts but not the digests, so the chain's content does not move.
  (b) Erasing a customer (GDPR) blanks old_value/new_value but keeps the digests, so the chain
      still verifies: the history says "field X changed at T by A", no longer to what.
  Digests use the audit subkey, never the blind-index subkey, so an erased value's digest
  cannot be joined with a live contact's blind index by someone reading the database.
- ``verify()`` also checks every value still present against its digest (when the caller passes
  the decrypted values), so a ciphertext moved from one audit row to another is caught too.
- Editing a row breaks its own MAC; deleting or inserting a row breaks the next row's
  ``prev_hash``. A key holder can of course rewrite the whole chain, and deleting the *newest*
  rows (or all of them) leaves a shorter valid chain: ``check_checkpoints()`` compares it with
  the tails recorded outside the table (each backup's, and the nightly job's in the data dir).
- A value that no longer decrypts (a tampered ciphertext) is reported at its event, like any
  other break, when the caller passes the reason as the row's ``problem``.

Limits worth knowing:
- A digest is deterministic, so whoever holds CAPTURE_SECRET_KEY can test guesses against an
  erased value's digest (phone numbers are a small space). Erasure hides the value from readers
  of the database, not from the key holder. Rotating the key (``relink``) re-keys such digests.
- Rotation changes the audit subkey, so ``rotate-key`` must run ``relink(rows, new, old=old)``:
  it verifies every link under the old key first (a rotation must not launder tampering) and
  yields the digests and links under the new key.

Note for the lead (integration):
- Appends must be serialized, or two writers read the same tail hash and the chain forks. On
  PostgreSQL with several bot instances take ``SELECT pg_advisory_xact_lock(AUDIT_LOCK_ID)``
  in the appending transaction *before* reading the tail hash (released at commit). SQLite
  already serializes writers (every write transaction is BEGIN IMMEDIATE in storage/db.py).
- Compute the link from exactly the ``at`` that is stored (aware UTC; naive is read as UTC),
  and stream ``verify()`` from the database (``yield_per``), in id order.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from storage.crypto import Keyring

__all__ = [
    "AUDIT_LOCK_ID",
    "ChainBroken",
    "ChainRow",
    "Checkpoint",
    "Event",
    "Relinked",
    "VerifyResult",
    "canonical",
    "check_checkpoints",
    "digest",
    "link",
    "relink",
    "verify",
]

# Arbitrary constant for pg_advisory_xact_lock: "capture audit" squeezed into a bigint.
AUDIT_LOCK_ID = 0x4341_5055_4155_4454
_FORMAT = 1  # part of every canonical form, so a future layout cannot collide with this one


class ChainRow(Protocol):
    """An audit row as verify() reads it: a dataclass, an ORM object or a SQLAlchemy Row.

    ``old_value``/``new_value`` (decrypted plaintexts) are optional attributes; when present and
    not None they must match their digests. An optional ``problem`` (say, a value that does not
    decrypt) breaks the chain at this row with that reason.
    """

    @property
    def id(self) -> int: ...
    @property
    def at(self) -> datetime | str: ...
    @property
    def actor_id(self) -> int | None: ...
    @property
    def action(self) -> str: ...
    @property
    def contact_id(self) -> int | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def old_digest(self) -> str | None: ...
    @property
    def new_digest(self) -> str | None: ...
    @property
    def prev_hash(self) -> str | None: ...
    @property
    def hash(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Event:
    """A ChainRow as plain data: what the repository hands verify() after opening the values."""

    id: int
    at: datetime
    actor_id: int | None
    action: str
    contact_id: int | None
    field: str | None
    old_digest: str | None
    new_digest: str | None
    prev_hash: str | None
    hash: str | None
    old_value: str | None = None
    new_value: str | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What `capture-bot audit verify` prints; ``broken_id`` is the first row that fails."""

    ok: bool
    rows_checked: int
    broken_id: int | None = None
    reason: str | None = None
    last_id: int | None = None  # the newest row verified: compare with a copy kept elsewhere
    last_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Relinked:
    """One row's new chain columns under the new key, for an UPDATE by id."""

    id: int
    old_digest: str | None
    new_digest: str | None
    prev_hash: str | None
    hash: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's newest event at one moment, kept outside the table so a cut tail shows.

    ``key_id`` is the key the hash was made under: after rotate-key every hash changes, so a
    checkpoint under an earlier key can no longer be compared and is skipped.
    """

    id: int
    hash: str
    key_id: str
    at: str
    source: str  # where it was kept, for the report: "nightly backup nightly-...sqlite"


def check_checkpoints(
    result: VerifyResult,
    checkpoints: Iterable[Checkpoint],
    hash_of: Callable[[int], str | None],
    key_id: str,
) -> VerifyResult:
    """A verified chain must still hold every recorded tail: the event, with the same hash.

    A chain that verifies has every row up to its end intact, so a checkpoint past its end means
    the newest rows were deleted (or all of them), and one whose hash differs means rows were
    deleted and others appended in their place.
    """
    if not result.ok:
        return result
    for point in sorted(checkpoints, key=lambda c: c.id, reverse=True):
        if point.key_id != key_id:
            continue
        if result.last_id is None or point.id > result.last_id:
            end = f"ends at event {result.last_id}" if result.last_id else "is empty"
            reason = (
                f"the newest events were deleted: {point.source} ({point.at}) recorded event "
                f"{point.id}, and the table {end}"
            )
        elif not _same(hash_of(point.id), point.hash):
            reason = (
                f"it differs from {point.source} ({point.at}): events were deleted and others "
                "written in their place"
            )
        else:
            continue
        return VerifyResult(
            False, result.rows_checked, point.id, reason, result.last_id, result.last_hash
        )
    return result


class ChainBroken(ValueError):
    """relink() refused: the chain does not verify under the old key."""

    def __init__(self, result: VerifyResult) -> None:
        super().__init__(f"audit chain broken at row {result.broken_id}: {result.reason}")
        self.result = result


def _iso_utc(at: datetime | str) -> str:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def canonical(event_fields: Mapping[str, Any]) -> bytes:
    """One byte string per event, whatever the database returned (naive/aware time, int types).

    Reads at, actor_id, action, contact_id, field, old_digest, new_digest and prev (or
    prev_hash); other keys (ids, ciphertexts) are ignored on purpose.
    """
    prev = event_fields["prev"] if "prev" in event_fields else event_fields.get("prev_hash")
    doc = {
        "v": _FORMAT,
        "at": _iso_utc(event_fields["at"]),
        "actor_id": _opt_int(event_fields.get("actor_id")),
        "action": event_fields["action"],
        "contact_id": _opt_int(event_fields.get("contact_id")),
        "field": event_fields.get("field"),
        "old_digest": event_fields.get("old_digest"),
        "new_digest": event_fields.get("new_digest"),
        "prev": prev,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(value: str | None, keyring: Keyring) -> str | None:
    """Keyed digest of a plaintext old/new value; what the chain covers instead of ciphertext."""
    if value is None:
        return None
    return keyring.audit_mac(b"value\x00" + value.encode("utf-8"))


def link(prev_hash: str | None, event_fields: Mapping[str, Any], keyring: Keyring) -> str:
    """The MAC to store in ``hash`` for a new event appended after ``prev_hash`` (None: first)."""
    return keyring.audit_mac(b"link\x00" + canonical({**event_fields, "prev": prev_hash}))


def _fields(row: ChainRow) -> dict[str, Any]:
    return {
        "at": row.at,
        "actor_id": row.actor_id,
        "action": row.action,
        "contact_id": row.contact_id,
        "field": row.field,
        "old_digest": row.old_digest,
        "new_digest": row.new_digest,
    }


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return hmac.compare_digest(a.encode(), b.encode())


def _check(row: ChainRow, expected_prev: str | None, keyring: Keyring) -> str | None:
    """Why this row breaks the chain, or None."""
    if not row.hash:
        return "row has no hash (written before the chain existed, or its hash was removed)"
    if not _same(row.hash, link(row.prev_hash, _fields(row), keyring)):
        return "row edited or forged: its hash does not match its content"
    if not _same(row.prev_hash, expected_prev):
        if expected_prev is None:
            return "rows before it deleted: the first row must have no prev_hash"
        return "row deleted or inserted before it: prev_hash is not the previous row's hash"
    problem = getattr(row, "problem", None)
    if problem:
        return str(problem)
    for name in ("old", "new"):
        value = getattr(row, f"{name}_value", None)
        if value is not None and not _same(getattr(row, f"{name}_digest"), digest(value, keyring)):
            return f"{name}_value does not match its digest (value replaced or moved)"
    return None


def verify(
    rows: Iterable[ChainRow], keyring: Keyring, *, after_hash: str | None = None
) -> VerifyResult:
    """Walk the chain in id order holding one hash, so 10^6 rows need no memory to speak of.

    ``after_hash``: the hash of the row just before the first one given, to verify only the
    rows added since a known-good point (None: the rows start at the beginning of the chain).
    """
    expected_prev: str | None = after_hash
    checked = 0
    last_id: int | None = None
    for row in rows:
        if last_id is not None and row.id <= last_id:
            return VerifyResult(
                False, checked, row.id, "rows not in id order", last_id, expected_prev
            )
        reason = _check(row, expected_prev, keyring)
        if reason is not None:
            return VerifyResult(False, checked, row.id, reason, last_id, expected_prev)
        checked += 1
        last_id, expected_prev = row.id, row.hash
    return VerifyResult(True, checked, None, None, last_id, expected_prev)


def relink(rows: Iterable[ChainRow], new: Keyring, *, old: Keyring | None) -> Iterator[Relinked]:
    """The chain re-keyed under ``new`` (rotate-key), or built for rows without links (old=None).

    With ``old``, every row is verified first and ChainBroken is raised at the first failure
    (rows already yielded belong to a chain prefix that did verify; roll the transaction back).
    Rows must carry ``old_value``/``new_value`` plaintexts: a value present gets a fresh digest;
    a blanked (erased) value keeps no plaintext, so its old digest is re-keyed opaquely.
    Without ``old`` (backfilling rows written before the chain), digests come from the values.
    """
    expected_prev: str | None = None
    new_prev: str | None = None
    for checked, row in enumerate(rows):
        if not (hasattr(row, "old_value") and hasattr(row, "new_value")):
            raise TypeError("relink() needs old_value/new_value (decrypted; None when erased)")
        if old is not None:
            reason = _check(row, expected_prev, old)
            if reason is not None:
                raise ChainBroken(VerifyResult(False, checked, row.id, reason))
            expected_prev = row.hash
        digests: dict[str, str | None] = {}
        for name in ("old", "new"):
            value = getattr(row, f"{name}_value", None)
            stored = getattr(row, f"{name}_digest") if old is not None else None
            if value is not None:
                digests[name] = digest(value, new)
            elif stored is not None:
                digests[name] = new.audit_mac(b"rekey\x00" + stored.encode("ascii"))
            else:
                digests[name] = None
        fields = {**_fields(row), "old_digest": digests["old"], "new_digest": digests["new"]}
        new_hash = link(new_prev, fields, new)
        yield Relinked(row.id, digests["old"], digests["new"], new_prev, new_hash)
        new_prev = new_hash
