"""`capture-bot rotate-key`: every sealed value, blind index and audit link under a new key.

One transaction: either the whole database moves to the new key or nothing changes. Sealed
columns are rewritten as text (decrypted with the old key, sealed with the new), blind indexes
and blocking keys are recomputed from the plaintexts, and the audit chain is verified under the
old key, then re-linked under the new one (storage/audit_chain.relink).

When the key lives in `<data dir>/secret.key`, the database and the file cannot change in one
step, so the order is: the new key goes to `secret.key.new` (atomically, 0600, fsynced), then
the database commits, then `secret.key.new` is renamed over `secret.key`. A crash at any point
leaves the key the data is sealed under on disk: before the commit it is still secret.key, after
it secret.key.new, which the next command settles (settle_interrupted_rotation) by asking the
database which of the two it is under.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, col, select

from bot import contacts, registry
from storage import audit_chain, crypto, repo
from storage.db import make_engine, session_scope
from storage.files import fsync_dir, replace_private_file
from storage.models import AuditEvent, Contact, ContactKey, table_of

log = logging.getLogger(__name__)

SEALED = {
    "contact": ("id", (*(f.key for f in registry.BUILTINS if f.sealed and f.column), "extra")),
    "auditevent": ("id", ("old_value", "new_value")),
    "conversation": ("chat_id", ("state",)),
    "merge": ("id", ("before",)),
    "hookevent": ("id", ("payload",)),
}


def rotate_key(engine: Engine, *, old: bytes, new: bytes) -> dict[str, int]:
    old_ring = crypto.Keyring(old)
    new_ring = crypto.configure(new, previous=[old])
    counts = {"values": 0, "indexes": 0, "events": 0}
    try:
        with session_scope(engine) as session:
            counts["values"] = _reseal(session, new_ring)
            counts["indexes"] = _reindex(session)
            counts["events"] = _relink(session, old_ring, new_ring)
    except BaseException:
        crypto.configure(old)  # nothing changed: keep working under the old key
        raise
    crypto.configure(new)
    return counts


def _reseal(session: Session, ring: crypto.Keyring) -> int:
    changed = 0
    for table, (key, columns) in SEALED.items():
        for column in columns:
            rows = session.execute(text(f'SELECT "{key}", "{column}" FROM "{table}"')).all()
            for row_key, value in rows:
                if value is None or not ring.needs_rotation(str(value)):
                    continue
                session.execute(
                    text(f'UPDATE "{table}" SET "{column}" = :v WHERE "{key}" = :k'),
                    {"v": ring.reencrypt(str(value)), "k": row_key},
                )
                changed += 1
    return changed


def _reindex(session: Session) -> int:
    """Blind indexes can't be re-keyed, only recomputed from the values they index."""
    session.expire_all()
    session.execute(table_of(ContactKey).delete())
    done = 0
    for contact in session.exec(select(Contact).order_by(col(Contact.id))):
        contact.phone_index = contact.email_index = "stale"  # forces the ORM event to refresh them
        session.add(contact)
        contacts.reindex(session, contact)
        done += 1
    session.flush()
    return done


def _relink(session: Session, old: crypto.Keyring, new: crypto.Keyring) -> int:
    # read from the table, so every id is set (the model's `int | None` is for unsaved rows)
    events = cast(
        list[audit_chain.ChainRow],
        list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))),
    )
    linked = 0
    for relinked in audit_chain.relink(events, new, old=old):
        event: Any = session.get(AuditEvent, relinked.id)
        event.old_digest, event.new_digest = relinked.old_digest, relinked.new_digest
        event.prev_hash, event.hash = relinked.prev_hash, relinked.hash
        session.add(event)
        linked += 1
    session.info.pop("audit_tail", None)
    repo.record_audit(session, None, "rotate_key", new=str(linked))
    return linked


def rotate_key_file(
    engine: Engine, key_file: Path, pending: Path, *, old: bytes, new: bytes
) -> dict[str, int]:
    """rotate_key for a key kept in `key_file`: at no moment is the data's key missing from disk.

    The new key is on disk (`pending`) before the database commits, and becomes `key_file` only
    after. If the rotation fails, `pending` is removed once the database shows it was not used.
    """
    replace_private_file(pending, new)
    try:
        counts = rotate_key(engine, old=old, new=new)
    except BaseException:
        try:
            if not _sealed_under(engine, new):
                pending.unlink(missing_ok=True)
        except Exception:  # the database cannot say: the next start settles it
            log.warning("left %s for the next start to settle", pending)
        raise
    os.replace(pending, key_file)
    fsync_dir(key_file.parent)
    return counts


def settle_interrupted_rotation(url: str, key_file: Path, pending: Path) -> str | None:
    """Finish or undo a rotate-key that stopped between its commit and its rename.

    The rotation's own audit event (`rotate_key`) is sealed under the new key in the same
    transaction, so the database tells which key is in use: the newest such event opens with
    the pending key only if that rotation committed. Then the pending key becomes secret.key;
    otherwise it was never used and is moved aside (kept, not deleted: keys are never destroyed
    automatically). Returns what was done, for the log; None if there was nothing to settle.
    """
    try:
        new = pending.read_text().strip().encode()
    except FileNotFoundError:
        return None  # another process settled it
    engine = make_engine(url)
    try:
        committed = _sealed_under(engine, new)
    finally:
        engine.dispose()
    if committed:
        try:
            os.replace(pending, key_file)
        except FileNotFoundError:
            return None
        fsync_dir(key_file.parent)
        return (
            f"an interrupted rotate-key had committed: {pending.name} is now {key_file.name} "
            "(back it up: it is the key of the database from now on)"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    unused = key_file.with_name(f"{key_file.name}.unused-{stamp}")
    try:
        os.replace(pending, unused)
    except FileNotFoundError:
        return None
    fsync_dir(key_file.parent)
    return (
        f"an interrupted rotate-key had not changed the database: its key was never used, "
        f"moved to {unused.name} (delete it); {key_file.name} is unchanged"
    )


def _sealed_under(engine: Engine, new: bytes) -> bool:
    """True if the newest rotate_key audit event is sealed under `new`: that rotation committed."""
    ring = crypto.Keyring(new)
    with engine.connect() as conn:
        if "auditevent" not in inspect(conn).get_table_names():
            return False
        value = conn.execute(
            text("SELECT new_value FROM auditevent WHERE action = 'rotate_key' "
                 "ORDER BY id DESC LIMIT 1")
        ).scalar()  # fmt: skip
    if value is None or crypto.key_id_of(str(value)) != ring.key_id:
        return False
    try:
        ring.decrypt(str(value))
    except crypto.DecryptionError:
        return False
    return True
