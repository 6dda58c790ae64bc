"""Contact operations every path shares: capture, card, edit, import, merge.

Each keeps the blocking keys current and can run the duplicate check, so no path can skip it.
Callers own the transaction (a session from storage.db.session_scope).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from bot import hooks, registry
from bot.matching import (
    MAX_BLOCK,
    SMALL_BLOCK,
    Match,
    Person,
    blocking_keys,
    find_candidates,
    worth_reading,
)
from storage import repo
from storage.models import Contact, DuplicateCandidate, Merge, utcnow

MATCH_FIELDS = tuple(f.key for f in registry.BUILTINS if f.matched)  # what a Person holds


def merge_fields() -> tuple[str, ...]:
    """Every stored value a merge, a snapshot or an erasure covers: the fields in force, the
    country derived from them, and custom values of fields since removed from FIELDS_FILE."""
    return (*registry.current().editable, "country")


UNMERGE_WINDOW = timedelta(days=30)


def person(values: Mapping[str, Any], contact_id: int | None = None) -> Person:
    matched: dict[str, Any] = {f: values.get(f) or None for f in MATCH_FIELDS}
    return Person(id=contact_id, **matched)


def person_of(contact: Contact) -> Person:
    return person({f: getattr(contact, f) for f in MATCH_FIELDS}, contact.id)


def values_of(contact: Contact, fields: tuple[str, ...] | None = None) -> dict[str, str]:
    wanted = merge_fields() if fields is None else fields
    return {f: value for f in wanted if (value := contact.value(f))}


def keys_for(values: Mapping[str, Any]) -> set[str]:
    """The blocking keys a contact with these values is stored with: every path that writes
    keys (save, edit, `duplicates --reindex`, the benchmarks' bulk seeding) builds them here."""
    return blocking_keys(person(values))


def reindex(session: Session, contact: Contact) -> None:
    """After any write: the duplicate-blocking keys, and what /find may match of custom values."""
    active = contact.status == "active"
    keys = keys_for({f: getattr(contact, f) for f in MATCH_FIELDS}) if active else set()
    repo.set_contact_keys(session, contact.id or 0, keys)
    search = registry.current().search_text(contact.extra or {}) if active else None
    if contact.extra_search != search:
        contact.extra_search = search
        session.add(contact)


def create(
    session: Session,
    values: Mapping[str, str | None],
    *,
    owner_id: int | None,
    source: str,
    actor_id: int | None,
    card_path: str | None = None,
) -> Contact:
    contact = repo.create_contact(
        session, values, owner_id=owner_id, source=source, actor_id=actor_id, card_path=card_path
    )
    # The new contact's keys are read before any are added, so nothing pending can change that
    # read: its audit event is flushed with the keys, one flush instead of two.
    with session.no_autoflush:
        reindex(session, contact)
    hooks.record(session, "contact.created", contact)
    return contact


def update(
    session: Session, contact: Contact, changes: Mapping[str, str | None], *, actor_id: int | None
) -> list[str]:
    changed = repo.update_contact(session, contact, changes, actor_id=actor_id)
    if changed:
        reindex(session, contact)
        hooks.record(session, "contact.updated", contact, changed=changed)
    return changed


def find_duplicates(
    session: Session,
    values: Mapping[str, Any],
    *,
    threshold: float,
    exclude_id: int | None = None,
    limit: int = 3,
) -> list[tuple[Contact, Match]]:
    """Saved contacts that look like the same person, best first (blocked, never a full scan).

    Three statements at most: the new contact's blocks (ids only), the matched columns of those
    `worth_reading`, and whole rows only of the few found (most saves find none)."""
    new = person(values, exclude_id)
    blocks = repo.key_blocks(session, blocking_keys(new), per_key=MAX_BLOCK, small=SMALL_BLOCK)
    rows = repo.match_values(session, worth_reading(blocks), MATCH_FIELDS, exclude_id=exclude_id)
    found = find_candidates(new, [person(v, i) for i, v in rows], threshold)
    if exclude_id is not None and found:
        apart = repo.not_duplicate_of(session, exclude_id, (p.id or 0 for p, _ in found))
        found = [(p, m) for p, m in found if p.id not in apart]
    found = found[:limit]
    if not found:
        return []
    by_id = {c.id: c for c in repo.contacts_by_ids(session, {p.id or 0 for p, _ in found})}
    return [(by_id[p.id], m) for p, m in found if p.id in by_id]


def record_candidates(
    session: Session, contact_id: int, matches: list[tuple[Contact, Match]]
) -> list[DuplicateCandidate]:
    """Open candidates for the pairs not seen before ("Not a duplicate" is remembered)."""
    created = []
    for other, match in matches:
        candidate = repo.add_candidate(
            session, contact_id, other.id or 0, round(match.score, 3), ",".join(match.reasons)
        )
        if candidate is not None:
            created.append(candidate)
    return created


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do: the conflicting fields a manager must choose between."""

    survivor: Contact
    other: Contact
    conflicts: tuple[str, ...]


def plan_merge(survivor: Contact, other: Contact) -> MergePlan:
    conflicts = tuple(
        f for f in merge_fields()
        if f != "notes" and survivor.value(f) and other.value(f)
        and survivor.value(f) != other.value(f)
    )  # fmt: skip
    return MergePlan(survivor, other, conflicts)


def merge_refusal(survivor: Contact, other: Contact) -> str | None:
    """Why these two may not be merged (a message key), or None. Two records each linked to a
    different customer's own Telegram account are two people's links: merged, one of them would
    read and change what the other gave, so the merge is refused rather than a link dropped."""
    mine, theirs = survivor.customer_user_id, other.customer_user_id
    return "dupe.two_customers" if mine and theirs and mine != theirs else None


def kept_record(session: Session, contact: Contact | None) -> Contact | None:
    """The record a merged-away one now lives in (itself when not merged), however deep the
    chain: what a draft or a number someone still holds means after a manager's merge."""
    seen: set[int] = set()
    while contact is not None and contact.status == "merged" and contact.id not in seen:
        seen.add(contact.id or 0)
        contact = repo.get_contact(session, contact.merged_into_id or 0)
    return contact


def followed_changes(
    kept: Contact, changes: Mapping[str, str | None], loaded: Mapping[str, str | None]
) -> dict[str, str | None]:
    """An edit of a record merged away meanwhile, written onto the record it was merged into:
    only what the user changed. A value they cleared is cleared only if the kept record still
    holds what they saw; a note they changed replaces their part of the joined notes."""
    written: dict[str, str | None] = {}
    for field, new in changes.items():
        now, seen = kept.value(field) or None, loaded.get(field) or None
        if now == seen:
            written[field] = new
        elif field == "notes" and now and seen and seen in now:
            written[field] = now.replace(seen, new or "", 1).strip() or None
        elif field == "notes" and now and new:
            written[field] = f"{now}\n\n{new}"
        elif new:
            written[field] = new
    return written


def merge(
    session: Session,
    plan: MergePlan,
    choices: Mapping[str, int],
    *,
    actor_id: int | None,
    candidate: DuplicateCandidate | None = None,
) -> Merge:
    """Fold `other` into `survivor`: gaps filled, conflicts as chosen, notes joined; reversible."""
    survivor, other = plan.survivor, plan.other
    refusal = merge_refusal(survivor, other)
    if refusal is not None:
        raise ValueError(refusal)
    before: dict[str, Any] = {"survivor": _snapshot(survivor), "merged": _snapshot(other)}
    changes: dict[str, str | None] = {}
    for field in merge_fields():
        mine, theirs = survivor.value(field), other.value(field)
        if not theirs or mine == theirs:
            continue
        if field == "notes" and mine:
            changes[field] = f"{mine}\n\n{theirs}"
        elif not mine or choices.get(field) == other.id:
            changes[field] = theirs
    update(session, survivor, changes, actor_id=actor_id)
    before["applied"] = changes  # what /unmerge takes back, and nothing else
    before["customer"] = _move_customer(session, other, survivor)  # /unmerge gives it back
    other.status = "merged"
    other.merged_into_id = survivor.id
    other.updated_at = utcnow()
    session.add(other)
    reindex(session, other)
    repo.record_audit(
        session, actor_id, "merge", contact_id=survivor.id, field="merged_id",
        new=str(other.id),
    )  # fmt: skip
    repo.record_audit(session, actor_id, "merged_into", contact_id=other.id, new=str(survivor.id))
    if candidate is not None:
        _decide(session, candidate, "merged", actor_id)
    hooks.record(session, "contact.merged", survivor, merged_id=other.id)
    record = Merge(
        survivor_id=survivor.id or 0, merged_id=other.id or 0, before=before, by=actor_id,
        candidate_id=candidate.id if candidate else None,
    )  # fmt: skip
    return repo.add_merge(session, record)


def unmerge(session: Session, contact_id: int, *, actor_id: int | None) -> Merge | str:
    """Undo the newest merge of this contact within 30 days; a reason key when it can't be."""
    record = repo.latest_merge_of(session, contact_id)
    if record is None:  # erasure deletes the merges too: say why there is none
        contact = repo.get_contact(session, contact_id)
        if contact is None:
            return "contact.not_found"
        return "unmerge.erased" if contact.status == "erased" else "unmerge.none"
    survivor = repo.get_contact(session, record.survivor_id)
    other = repo.get_contact(session, record.merged_id)
    if survivor is None or other is None:
        return "unmerge.none"
    if "erased" in (survivor.status, other.status):  # its snapshots were emptied with it
        return "unmerge.erased"
    if utcnow() - record.at > UNMERGE_WINDOW:
        return "unmerge.too_old"
    if not record.before:
        return "unmerge.none"
    applied = record.before.get("applied")
    _restore(session, survivor, record.before["survivor"], actor_id, applied)
    _restore(session, other, record.before["merged"], actor_id)
    moved = record.before.get("customer")
    if moved is not None and survivor.customer_user_id == moved:
        _move_customer(session, survivor, other)
    record.undone_at = utcnow()
    session.add(record)
    for restored in (survivor, other):
        hooks.record(session, "contact.updated", restored, changed=("status",))
    repo.record_audit(
        session, actor_id, "unmerge", contact_id=survivor.id, field="merged_id",
        old=str(other.id),
    )  # fmt: skip
    if record.candidate_id is not None:
        candidate = repo.candidate_by_id(session, record.candidate_id)
        if candidate is not None:
            _decide(session, candidate, "not_duplicate", actor_id)
    return record


def not_duplicate(session: Session, candidate: DuplicateCandidate, actor_id: int | None) -> None:
    _decide(session, candidate, "not_duplicate", actor_id)
    repo.record_audit(
        session, actor_id, "not_duplicate", contact_id=candidate.a_id, new=str(candidate.b_id)
    )


def _decide(
    session: Session, candidate: DuplicateCandidate, status: str, actor_id: int | None
) -> None:
    candidate.status = status
    candidate.decided_by = actor_id
    candidate.decided_at = utcnow()
    candidate.pending = {}
    session.add(candidate)


def _move_customer(session: Session, source: Contact, target: Contact) -> int | None:
    """The customer's link (their /mydata, /update, /forget and reminders) goes with their
    record into the one it is merged into; the id of the customer moved, None when none was.
    A target linked already keeps its own link (the same customer: `merge_refusal`)."""
    user_id = source.customer_user_id
    if user_id is None or target.customer_user_id is not None:
        return None
    target.customer_user_id, source.customer_user_id = user_id, None
    reminder = repo.get_reminder(session, source.id or 0)
    if reminder is not None:
        moved = repo.set_reminder(session, target.id or 0, reminder.user_id, reminder.due_at)
        moved.state, moved.stage = reminder.state, reminder.stage
        moved.last_sent_at = reminder.last_sent_at
        session.delete(reminder)
    session.add(source)
    session.add(target)
    return user_id


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        **{f: contact.value(f) for f in merge_fields()},
        **{f: v for f, v in (contact.extra or {}).items()},  # custom values, in force or not
        "status": contact.status,
        "merged_into_id": contact.merged_into_id,
    }


def _restore(
    session: Session,
    contact: Contact,
    snapshot: dict[str, Any],
    actor_id: int | None,
    applied: dict[str, str | None] | None = None,
) -> None:
    """Put back what the merge wrote (`applied`; every field for merges recorded before it was
    kept), except a field someone changed since: that later edit stays."""
    fields = merge_fields() if applied is None else tuple(applied)
    restore = {
        f: snapshot.get(f) for f in fields
        if applied is None or (contact.value(f) or None) == (applied[f] or None)
    }  # fmt: skip
    repo.update_contact(session, contact, restore, actor_id=actor_id)
    contact.status = snapshot["status"]
    contact.merged_into_id = snapshot["merged_into_id"]
    contact.updated_at = utcnow()
    session.add(contact)
    reindex(session, contact)
