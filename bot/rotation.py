"""`capture-bot rotate-key`: every sealed value, blind index and audit link under a new key.

One transaction: either the whole database moves to the new key or nothing changes. Sealed
columns are rewritten as text (decrypted with the old key, sealed with the new), blind indexes
and blocking keys are recomputed from the plaintexts, and the audit chain is verified under the
old key, then re-linked under the new one (storage/audit_chain.relink).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bot import contacts
from storage import audit_chain, crypto, repo
from storage.db import session_scope
from storage.models import AuditEvent, Contact, ContactKey

SEALED = {
    "contact": ("id", ("phone", "email", "address", "notes")),
    "auditevent": ("id", ("old_value", "new_value")),
    "conversation": ("chat_id", ("state",)),
    "merge": ("id", ("before",)),
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
    session.execute(ContactKey.__table__.delete())  # type: ignore[attr-defined]
    done = 0
    for contact in session.exec(select(Contact).order_by(col(Contact.id))):
        contact.phone_index = contact.email_index = "stale"  # forces the ORM event to refresh them
        session.add(contact)
        contacts.reindex(session, contact)
        done += 1
    session.flush()
    return done


def _relink(session: Session, old: crypto.Keyring, new: crypto.Keyring) -> int:
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))))
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
