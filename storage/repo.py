"""Repository functions: plain `verb_noun(session, ...)`; callers own the transaction."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import email_validator
from sqlalchemy import (
    Integer,
    Row,
    Select,
    Text,
    bindparam,
    delete,
    func,
    or_,
    text,
    type_coerce,
)
from sqlalchemy import event as sa_event
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.elements import ColumnElement, SQLCoreOperations
from sqlmodel import Session, SQLModel, col, select

from storage import audit_chain
from storage.crypto import DecryptionError, Keyring, current, key_id_of
from storage.models import (
    CONTACT_COLUMNS,
    AuditEvent,
    Campaign,
    Consent,
    Contact,
    ContactKey,
    Conversation,
    DuplicateCandidate,
    Invite,
    JobClaim,
    MatchModel,
    Merge,
    ProcessedUpdate,
    Reminder,
    Undelivered,
    User,
    domain_index,
    email_index,
    phone_index,
    table_of,
    utcnow,
    web_domain,
)

LAST_SEEN_STEP = timedelta(minutes=1)


def _insert_for(session: Session, model: type[SQLModel]) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (SQLite and PostgreSQL are the two we run on),
    into the model's table (a plain Core statement, not an ORM bulk insert)."""
    table = table_of(model)
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(table)
    return sqlite_insert(table)


# --- users ---------------------------------------------------------------------------------


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def touch_user(
    session: Session,
    user_id: int,
    *,
    first_name: str,
    username: str | None,
    language_code: str | None,
    admin_ids: frozenset[int] = frozenset(),
) -> User:
    """The user as of this update: created on first contact, ADMIN_IDS always admins.

    last_seen_at moves only once it is over a minute old (it is shown by the day), so most
    updates write no user row at all (names only when Telegram reports new ones)."""
    now = utcnow()
    user = session.get(User, user_id)
    if user is None:
        user = User(id=user_id, first_name=first_name, created_at=now, last_seen_at=now)
        session.add(user)
    user.first_name = first_name  # the same value again is no change: no UPDATE for it
    user.username = username
    user.language_code = language_code
    if user.last_seen_at is None or now - user.last_seen_at > LAST_SEEN_STEP:
        user.last_seen_at = now
    if user_id in admin_ids and user.role != "admin":
        user.role = "admin"
    return user


def set_role(session: Session, user_id: int, role: str | None, *, actor_id: int | None) -> User:
    user = session.get(User, user_id) or User(id=user_id)
    old = user.role
    user.role = role
    session.add(user)
    record_audit(session, actor_id, "role", field=str(user_id), old=old, new=role)
    return user


def sync_admins(session: Session, admin_ids: frozenset[int]) -> list[int]:
    """ADMIN_IDS is the one list of admins: an id taken off it stops being admin at start-up
    (audited like any role change); those on it become admins at their next message."""
    demoted = [u.id for u in users_with_role(session, "admin", include_disabled=True)]
    demoted = [i for i in demoted if i not in admin_ids]
    for user_id in demoted:
        set_role(session, user_id, None, actor_id=None)
    return demoted


def set_language(session: Session, user: User, language: str) -> None:
    user.language = language
    session.add(user)


def users_with_role(session: Session, *roles: str, include_disabled: bool = False) -> list[User]:
    query = select(User).where(col(User.role).in_(roles))
    if not include_disabled:
        query = query.where(col(User.active).is_(True))
    return list(session.exec(query))


def users_by_ids(session: Session, ids: set[int]) -> list[User]:
    if not ids:
        return []
    return list(session.exec(select(User).where(col(User.id).in_(ids))))


def record_undelivered(
    session: Session, user_id: int, reason: str, candidate_id: int | None
) -> bool:
    """A message to `user_id` was refused; True when they were reachable until now (the first
    failure, which their inviter hears of once)."""
    session.add(Undelivered(user_id=user_id, candidate_id=candidate_id, reason=reason))
    user = session.get(User, user_id)
    if user is None:
        user = User(id=user_id)
    first = user.undelivered_at is None
    user.undelivered_at, user.undelivered_reason = utcnow(), reason
    session.add(user)
    return first


def clear_undelivered(session: Session, user: User) -> None:
    """A message got through (or they wrote to us): they are reachable again."""
    session.execute(delete(Undelivered).where(col(Undelivered.user_id) == user.id))
    user.undelivered_at = user.undelivered_reason = None
    session.add(user)


def undelivered_alerts(session: Session, limit: int = 20) -> list[Undelivered]:
    query = select(Undelivered).where(col(Undelivered.candidate_id).is_not(None))
    return list(session.exec(query.order_by(col(Undelivered.id).desc()).limit(limit)))


def undelivered_user_ids(session: Session) -> set[int]:
    query = sa_select(col(User.id)).where(col(User.undelivered_at).is_not(None))
    return set(session.execute(query).scalars())


def inviter_of(session: Session, user_id: int) -> int | None:
    """Who gave `user_id` their role: the invitation they used, else the audited role change."""
    invite = session.exec(
        select(Invite)
        .where(col(Invite.used_by) == user_id, col(Invite.kind) == "role")
        .order_by(col(Invite.used_at).desc())
    ).first()
    if invite is not None and invite.created_by is not None:
        return invite.created_by
    event = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.action) == "role", col(AuditEvent.field) == str(user_id))
        .order_by(col(AuditEvent.id).desc())
    ).first()
    return event.actor_id if event is not None else None


# --- updates -------------------------------------------------------------------------------


def claim_update(session: Session, update_id: int) -> bool:
    """True the first time this update is seen; False when it was applied already.

    Written in the same transaction as the update's effects: a crash before the commit leaves
    the update unclaimed, so a redelivery applies it then. One insert-if-absent statement; on
    PostgreSQL a concurrent claim of the same id waits for the other transaction's outcome."""
    insert = _insert_for(session, ProcessedUpdate)
    statement = (
        insert.values(update_id=update_id, at=utcnow())
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(insert.table.c.update_id)  # psycopg reports no rowcount for this statement
    )
    return session.execute(statement).first() is not None


def forget_updates_before(session: Session, before: datetime) -> int:
    rows = session.exec(select(ProcessedUpdate).where(col(ProcessedUpdate.at) < before)).all()
    for row in rows:
        session.delete(row)
    return len(rows)


def claim_job(session: Session, key: str) -> bool:
    """True for the one instance that claims this job run; the primary key settles races."""
    if session.get(JobClaim, key) is not None:
        return False
    session.add(JobClaim(key=key))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def lock_chat(session: Session, chat_id: int) -> None:
    """One chat's updates one at a time across every instance (PostgreSQL advisory lock held to
    the end of the transaction; SQLite already has one writer at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(1, :chat)"), {"chat": chat_id % 2**31})


# --- conversations -------------------------------------------------------------------------


def load_conversation(session: Session, chat_id: int) -> dict[str, Any] | None:
    """The state column only: no ORM row is kept, so the save below is one statement."""
    state = session.execute(
        select(Conversation.state).where(col(Conversation.chat_id) == chat_id)
    ).scalar_one_or_none()
    return dict(state) if state is not None else None


def save_conversation(session: Session, chat_id: int, state: Mapping[str, Any] | None) -> None:
    """Persist the chat's state (one upsert), or forget it when the conversation is over (None)."""
    if state is None:
        session.execute(delete(Conversation).where(col(Conversation.chat_id) == chat_id))
        return
    statement = _insert_for(session, Conversation).values(
        chat_id=chat_id, state=dict(state), updated_at=utcnow()
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["chat_id"],
            set_={"state": statement.excluded.state, "updated_at": statement.excluded.updated_at},
        )
    )


# --- contacts ------------------------------------------------------------------------------


def create_contact(
    session: Session,
    values: Mapping[str, str | None],
    *,
    owner_id: int | None,
    source: str,
    actor_id: int | None,
    card_path: str | None = None,
) -> Contact:
    columns: dict[str, Any] = {k: values.get(k) for k in CONTACT_COLUMNS if k != "name"}
    contact = Contact(
        **columns,
        name=values["name"] or "",
        owner_id=owner_id,
        source=source,
        card_path=card_path,
    )
    for key, value in values.items():
        if key not in CONTACT_COLUMNS and value:
            contact.set_value(key, value)
    session.add(contact)
    session.flush()
    record_audit(
        session, actor_id, "create", contact_id=contact.id,
        new=json.dumps({k: v for k, v in values.items() if v}, ensure_ascii=False),
    )  # fmt: skip
    return contact


def update_contact(
    session: Session, contact: Contact, changes: Mapping[str, str | None], *, actor_id: int | None
) -> list[str]:
    """Apply the changed fields, one audit row each; returns the names of fields that changed."""
    changed = []
    for field, new in changes.items():
        old = contact.value(field)
        if (old or None) == (new or None):
            continue
        contact.set_value(field, new or None)
        record_audit(
            session, actor_id, "update", contact_id=contact.id, field=field, old=old, new=new
        )
        changed.append(field)
    if changed:
        contact.updated_at = utcnow()
        session.add(contact)
    return changed


def get_contact(session: Session, contact_id: int) -> Contact | None:
    return session.get(Contact, contact_id)


def list_contacts(
    session: Session, *, owner_id: int | None, offset: int = 0, limit: int = 5
) -> tuple[list[Contact], int]:
    """A page of active contacts, newest first, and the total; owner_id None means everyone's."""
    query = select(Contact).where(col(Contact.status) == "active")
    count = select(func.count()).select_from(Contact).where(col(Contact.status) == "active")
    if owner_id is not None:
        query = query.where(col(Contact.owner_id) == owner_id)
        count = count.where(col(Contact.owner_id) == owner_id)
    page = session.exec(
        query.order_by(col(Contact.created_at).desc(), col(Contact.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return list(page), int(session.exec(count).one())


def search_contacts(
    session: Session,
    text: str,
    *,
    owner_id: int | None,
    phone: str | None = None,
    limit: int = 10,
    custom: bool = False,
) -> list[Contact]:
    """An exact phone (`phone`, already E.164), email or domain (contoso.com: the domain of an
    email or a website) first, by its blind index; only when that finds nothing a substring
    search over name and company (`_search_names`).

    Phone and email are sealed, so only their blind indexes can be compared. Each exact
    look-up is its own query: with an OR of the two, SQLite walks the status index instead.
    """
    exact = []
    if phone:
        exact.append(col(Contact.phone_index) == phone_index(phone))
    if email := _as_email(text):
        exact.append(col(Contact.email_index) == email_index(email))
    elif domain := _as_domain(text):
        key = domain_index(domain)
        exact.append(col(Contact.email_domain_index) == key)
        exact.append(col(Contact.website_index) == key)
    found: dict[int | None, Contact] = {}
    for condition in exact:
        for contact in _search(session, condition, owner_id, limit):
            found[contact.id] = contact
    if found:
        return sorted(found.values(), key=lambda c: -(c.id or 0))[:limit]
    return _search_names(session, text, owner_id, limit, custom=custom)


def _search_names(
    session: Session, text: str, owner_id: int | None, limit: int, *, custom: bool = False
) -> list[Contact]:
    """The newest active contacts with `text` in their name or company (or, with `custom`, in
    a searchable custom field), ignoring case.

    No index can find a substring, so something is scanned: the ids come from the narrow
    ix_contact_search (status, owner, name, company), and only the newest `limit` table rows,
    which carry every sealed column, are read. SQLite's LIKE already ignores ASCII case, as its
    lower() does, so no lower() per row; PostgreSQL's lower() LIKE is faster than its ILIKE.
    """
    pattern = f"%{text.lower()}%"
    name: SQLCoreOperations[str | None]
    company: SQLCoreOperations[str | None]
    if session.get_bind().dialect.name == "postgresql":
        name, company = func.lower(col(Contact.name)), func.lower(col(Contact.company))
    else:
        name, company = col(Contact.name), col(Contact.company)
    matches = or_(name.like(pattern), company.like(pattern))
    if custom:  # lower-cased when stored; in the same narrow index
        matches = or_(matches, col(Contact.extra_search).like(pattern))
    ids = sa_select(col(Contact.id)).where(col(Contact.status) == "active", matches)
    if owner_id is not None:
        ids = ids.where(col(Contact.owner_id) == owner_id)
    newest = ids.order_by(col(Contact.id).desc()).limit(limit).scalar_subquery()
    query = select(Contact).where(col(Contact.id).in_(newest)).order_by(col(Contact.id).desc())
    return list(session.exec(query))


def _as_email(text: str) -> str | None:
    """The address as the bot stores it (email-validator's normal form); an address the
    validator refuses may still have been imported, so it is looked up as typed."""
    text = text.strip()
    if "@" not in text.lstrip("@") or any(c.isspace() for c in text):
        return None  # "@contoso.com" is a domain
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        return text


_DOMAIN = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$")


def _as_domain(text: str) -> str | None:
    """contoso.com, @contoso.com, www.contoso.com or https://contoso.com/about: the domain to
    look up; None for anything else (a name, a company, "Acme Ltd.")."""
    text = text.strip()
    if any(c.isspace() for c in text) or "@" in text.lstrip("@"):
        return None
    domain = web_domain(text)
    return domain if domain and _DOMAIN.match(domain) else None


def _search(
    session: Session, condition: ColumnElement[bool], owner_id: int | None, limit: int
) -> list[Contact]:
    """The newest active contacts meeting `condition` (an indexed equality): the ids from the
    index first, then only those rows, which carry every sealed column."""
    ids = sa_select(col(Contact.id)).where(condition, col(Contact.status) == "active")
    if owner_id is not None:
        ids = ids.where(col(Contact.owner_id) == owner_id)
    newest = ids.order_by(col(Contact.id).desc()).limit(limit).scalar_subquery()
    query = select(Contact).where(col(Contact.id).in_(newest)).order_by(col(Contact.id).desc())
    return list(session.exec(query))


def iter_contacts(
    session: Session, batch: int = 1000, owner_id: int | None = None
) -> Iterator[Contact]:
    """Every active contact (of one owner, if given) in id order, fetched in batches so exports
    stay small in memory."""
    last = 0
    while True:
        query = select(Contact).where(col(Contact.id) > last, col(Contact.status) == "active")
        if owner_id is not None:
            query = query.where(col(Contact.owner_id) == owner_id)
        rows = list(session.exec(query.order_by(col(Contact.id)).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id or last


def count_contacts(session: Session, owner_id: int | None = None) -> int:
    """Active contacts (of one owner, if given): what an export will hold."""
    query = select(func.count()).select_from(Contact).where(col(Contact.status) == "active")
    if owner_id is not None:
        query = query.where(col(Contact.owner_id) == owner_id)
    return int(session.exec(query).one())


def contacts_with_cards_before(
    session: Session, before: datetime, limit: int = 500
) -> list[Contact]:
    query = select(Contact).where(
        col(Contact.card_path).is_not(None), col(Contact.created_at) < before
    )
    return list(session.exec(query.limit(limit)))


def referenced_card_paths(session: Session, paths: list[str]) -> set[str]:
    """The given card photos that a contact or an unfinished draft still points at."""
    if not paths:
        return set()
    query = select(Contact.card_path).where(col(Contact.card_path).in_(paths))
    found: set[str] = {p for p in session.exec(query) if p}
    drafts = {row.state.get("card_path") for row in session.exec(select(Conversation))}
    return found | {p for p in paths if p in drafts}


def get_contact_by_external_id(session: Session, external_id: str) -> Contact | None:
    return session.exec(select(Contact).where(col(Contact.external_id) == external_id)).first()


def erased_external_id(external_id: str) -> str:
    """The tombstone an erased record keeps in place of its external_id: a keyed blind index,
    so a re-import of the same row is recognised without the id itself being kept."""
    return "erased:" + current().blind_index(external_id)


def is_erased_external_id(session: Session, external_id: str) -> bool:
    return get_contact_by_external_id(session, erased_external_id(external_id)) is not None


# --- duplicates ------------------------------------------------------------------------------


def save_match_model(session: Session, model: str, *, pairs: int, contacts: int) -> MatchModel:
    row = MatchModel(model=model, pairs=pairs, contacts=contacts)
    session.add(row)
    session.flush()
    return row


def latest_match_model(session: Session) -> MatchModel | None:
    """The newest estimate of the duplicate-matching weights, or None before any."""
    return session.exec(select(MatchModel).order_by(col(MatchModel.id).desc()).limit(1)).first()


def set_contact_keys(session: Session, contact_id: int, keys: set[str]) -> None:
    """Replace a contact's blocking keys (after every create, edit and merge).

    Keys hold phones, emails and names, so they are stored as blind indexes too."""
    keys = {current().blind_index(k) for k in keys}
    existing = set(
        session.exec(select(ContactKey.key).where(col(ContactKey.contact_id) == contact_id))
    )
    for key in existing - keys:
        row = session.get(ContactKey, (contact_id, key))
        if row is not None:
            session.delete(row)
    for key in keys - existing:
        session.add(ContactKey(contact_id=contact_id, key=key))


def key_blocks(
    session: Session, keys: set[str], *, per_key: int, small: int | None = None
) -> dict[str, list[int]]:
    """The newest `per_key` contact ids of each key that has any, newest first; one statement.

    Each key is a LIMITed range of the (key, contact_id) index and the index holds both columns,
    so no contact row is read here: the caller picks which ids are worth reading
    (`bot.matching.worth_reading`), then reads them with `match_values`.

    With `small`, a block of more than `small` ids comes back with only its ids that are in
    another block too: `worth_reading` reads nothing else of such a block, so its choice is
    the same, but at 10^6 contacts the database drops thousands of rows instead of Python.
    """
    plain = {current().blind_index(k): k for k in keys}
    if not plain:
        return {}
    params: dict[str, Any] = {f"key{i}": key for i, key in enumerate(sorted(plain))}
    params["per_key"] = per_key
    if small is not None:
        params["small"] = small
    rows = session.execute(_key_blocks_query(len(plain), small is not None), params)
    blocks: dict[str, list[int]] = {}
    for key, contact_id in rows:
        blocks.setdefault(plain[key], []).append(contact_id)
    return blocks


@lru_cache(maxsize=128)
def _key_blocks_query(count: int, shared_only: bool) -> Any:
    """Plain SQL text, built once per key count: SQLAlchemy's compiling of the same union as
    Core took 20-40 ms per key count and its cache key about 1 ms per check."""
    blocks = " UNION ALL ".join(
        f"SELECT * FROM (SELECT key, contact_id FROM contactkey WHERE key = :key{i} "
        f"ORDER BY contact_id DESC LIMIT :per_key) AS b{i}"
        for i in range(count)
    )
    where = (
        " WHERE key IN (SELECT key FROM b GROUP BY key HAVING count(*) <= :small)"
        " OR contact_id IN (SELECT contact_id FROM b GROUP BY contact_id HAVING count(*) > 1)"
        if shared_only
        else ""
    )
    return text(
        f"WITH b (key, contact_id) AS ({blocks}) SELECT key, contact_id FROM b{where} "
        "ORDER BY key, contact_id DESC"
    )


def not_erased_ids(session: Session, ids: set[int]) -> set[int]:
    """Which of these contacts exist and are not erased (the erasure ledger's replay)."""
    found: set[int] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = select(Contact.id).where(
            col(Contact.id).in_(chunk), col(Contact.status) != "erased"
        )
        found.update(i for i in session.exec(query) if i is not None)
    return found


def contacts_by_ids(
    session: Session, ids: set[int], *, exclude_id: int | None = None
) -> list[Contact]:
    """The active ones of these contacts, read by primary key.

    Status is checked here, not in SQL: without ANALYZE statistics SQLite walks the status
    index (nearly every row is active) instead of the primary key, reading the whole table.
    Keys of merged or erased contacts are removed by `bot.contacts.reindex`, so the check rarely
    drops a row.
    """
    ids = ids - {exclude_id} if exclude_id is not None else ids
    if not ids:
        return []
    rows = session.exec(select(Contact).where(col(Contact.id).in_(sorted(ids))))
    return [c for c in rows if c.status == "active"]


def match_values(
    session: Session, ids: set[int], fields: Iterable[str], *, exclude_id: int | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """(id, {field: value}) of the active ones of these contacts, only the columns named (a
    duplicate check scores these): no notes or custom values decrypted, no ORM objects built.
    Status is checked in Python, as in `contacts_by_ids`."""
    ids = ids - {exclude_id} if exclude_id is not None else ids
    if not ids:
        return []
    names = list(fields)
    columns = [Contact.__table__.c[f] for f in names]  # type: ignore[attr-defined]
    query = sa_select(
        Contact.__table__.c.id,  # type: ignore[attr-defined]
        Contact.__table__.c.status,  # type: ignore[attr-defined]
        *columns,
    ).where(Contact.__table__.c.id.in_(sorted(ids)))  # type: ignore[attr-defined]
    return [
        (row[0], dict(zip(names, row[2:], strict=True)))
        for row in session.execute(query)
        if row[1] == "active"
    ]


def not_duplicate_of(session: Session, contact_id: int, others: Iterable[int]) -> set[int]:
    """Which of `others` were marked "Not a duplicate" of this contact; one statement."""
    wanted = set(others) - {contact_id}
    if not wanted:
        return set()
    query = select(DuplicateCandidate.a_id, DuplicateCandidate.b_id).where(
        or_(
            (col(DuplicateCandidate.a_id) == contact_id) & col(DuplicateCandidate.b_id).in_(wanted),
            (col(DuplicateCandidate.b_id) == contact_id) & col(DuplicateCandidate.a_id).in_(wanted),
        ),
        col(DuplicateCandidate.status) == "not_duplicate",
    )
    return {b if a == contact_id else a for a, b in session.exec(query)}


def get_candidate(session: Session, a_id: int, b_id: int) -> DuplicateCandidate | None:
    a, b = sorted((a_id, b_id))
    query = select(DuplicateCandidate).where(
        col(DuplicateCandidate.a_id) == a, col(DuplicateCandidate.b_id) == b
    )
    return session.exec(query).first()


def add_candidate(
    session: Session, a_id: int, b_id: int, score: float, reasons: str
) -> DuplicateCandidate | None:
    """A new open candidate, or None when the pair is known already (open, decided or merged)."""
    if get_candidate(session, a_id, b_id) is not None:
        return None
    a, b = sorted((a_id, b_id))
    candidate = DuplicateCandidate(a_id=a, b_id=b, score=score, reasons=reasons)
    session.add(candidate)
    session.flush()
    return candidate


def candidate_by_id(session: Session, candidate_id: int) -> DuplicateCandidate | None:
    return session.get(DuplicateCandidate, candidate_id)


def open_candidates(session: Session, limit: int = 10) -> tuple[list[DuplicateCandidate], int]:
    """Open candidates, oldest first, and how many there are."""
    where = col(DuplicateCandidate.status) == "open"
    query = select(DuplicateCandidate).where(where).order_by(col(DuplicateCandidate.id))
    count = select(func.count()).select_from(DuplicateCandidate).where(where)
    return list(session.exec(query.limit(limit))), int(session.exec(count).one())


def add_merge(session: Session, merge: Merge) -> Merge:
    session.add(merge)
    session.flush()
    return merge


def latest_merge_of(session: Session, contact_id: int) -> Merge | None:
    """The newest merge not undone in which this contact survived or was merged away."""
    query = (
        select(Merge)
        .where(
            or_(col(Merge.survivor_id) == contact_id, col(Merge.merged_id) == contact_id),
            col(Merge.undone_at).is_(None),
        )
        .order_by(col(Merge.id).desc())
    )
    return session.exec(query).first()


def merged_into(session: Session, survivor_ids: set[int]) -> set[int]:
    """The records merged (and not unmerged) into these."""
    query = select(Merge.merged_id).where(
        col(Merge.survivor_id).in_(survivor_ids), col(Merge.undone_at).is_(None)
    )
    return set(session.exec(query))


def merges_involving(session: Session, ids: set[int]) -> list[Merge]:
    query = select(Merge).where(or_(col(Merge.survivor_id).in_(ids), col(Merge.merged_id).in_(ids)))
    return list(session.exec(query))


def drafts_about(session: Session, ids: set[int]) -> list[Conversation]:
    """Open conversations editing, or warned about, one of these contacts. Drafts are sealed,
    so each is opened: one per chat, a few thousand at most."""
    found = []
    for conversation in session.exec(select(Conversation)):
        state = conversation.state
        warned = {m.get("id") for m in (state.get("pending") or {}).get("matches", [])}
        if state.get("contact_id") in ids or warned & ids:
            found.append(conversation)
    return found


# --- audit ---------------------------------------------------------------------------------


def record_audit(
    session: Session,
    actor_id: int | None,
    action: str,
    *,
    contact_id: int | None = None,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> AuditEvent:
    """Append to the hash chain: the event's content and the previous event's hash, sealed."""
    keyring = current()
    prev = _audit_tail(session)
    fields: dict[str, Any] = {
        "at": utcnow(), "actor_id": actor_id, "action": action, "contact_id": contact_id,
        "field": field, "old_digest": audit_chain.digest(old, keyring),
        "new_digest": audit_chain.digest(new, keyring),
    }  # fmt: skip
    event = AuditEvent(
        **fields, old_value=old, new_value=new, prev_hash=prev,
        hash=audit_chain.link(prev, fields, keyring),
    )  # fmt: skip
    session.add(event)
    session.info["audit_tail"] = event.hash
    return event


@sa_event.listens_for(OrmSession, "after_transaction_end")
def _forget_audit_tail(session: OrmSession, transaction: object) -> None:
    """The cached tail is only good inside the transaction that read (and locked) it."""
    if getattr(transaction, "parent", None) is None:
        session.info.pop("audit_tail", None)


def _audit_tail(session: Session) -> str | None:
    """The newest event's hash. On PostgreSQL an advisory lock held to the end of the
    transaction keeps other instances from appending to the same tail (a fork in the chain);
    SQLite has one writer at a time anyway."""
    if "audit_tail" in session.info:
        return session.info["audit_tail"]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:id)"), {"id": audit_chain.AUDIT_LOCK_ID}
        )
    query = select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    tail = session.exec(query).first()
    session.info["audit_tail"] = tail
    return tail


_SEALED_AUDIT = ("old_value", "new_value")


def _opened(row: Row[Any], keyring: Keyring) -> audit_chain.Event:
    values: dict[str, Any] = {}
    problem = None
    for name in _SEALED_AUDIT:
        token = getattr(row, name)
        try:
            values[name] = None if token is None else keyring.decrypt(token)
        except (DecryptionError, UnicodeDecodeError) as exc:
            values[name] = None
            problem = problem or f"its {name} does not decrypt ({exc})"
    plain: dict[str, Any] = {k: v for k, v in row._mapping.items() if k not in _SEALED_AUDIT}
    return audit_chain.Event(**plain, **values, problem=problem)


def verify_audit(
    session: Session, batch: int = 2000, checkpoints: Iterable[audit_chain.Checkpoint] = ()
) -> audit_chain.VerifyResult:
    """Walk the whole chain in id order, a batch at a time, then compare the recorded tails.

    The values are read raw and opened here: a tampered ciphertext is a break at its event, not
    an exception out of the ORM.
    """
    table = table_of(AuditEvent)
    columns = [
        type_coerce(c, Text).label(c.name) if c.name in _SEALED_AUDIT else c for c in table.c
    ]
    keyring = current()

    def rows() -> Iterator[audit_chain.Event]:
        last = 0
        while True:
            query = sa_select(*columns).where(table.c.id > last).order_by(table.c.id)
            page = session.execute(query.limit(batch)).all()
            if not page:
                return
            for row in page:
                yield _opened(row, keyring)
            last = page[-1].id

    result = audit_chain.verify(rows(), keyring)
    return audit_chain.check_checkpoints(
        result, checkpoints, lambda event_id: audit_hash(session, event_id), keyring.key_id
    )


def audit_key_problem(session: Session) -> str | None:
    """Why the current key cannot be the audit trail's (its newest sealed value is under another
    key id), or None: a wrong key must not read as a broken chain."""
    table = table_of(AuditEvent)
    value = type_coerce(table.c.new_value, Text)
    query = sa_select(value).where(table.c.new_value.is_not(None)).order_by(table.c.id.desc())
    token = session.execute(query.limit(1)).scalar()
    if not token:
        return None
    keyring = current()
    sealed_by = key_id_of(token)
    if sealed_by is None or sealed_by == keyring.key_id:
        return None
    try:
        keyring.decrypt(token)
    except DecryptionError:
        current_id = keyring.key_id
        return f"the audit trail is sealed under key {sealed_by!r}, not the current {current_id!r}"
    return None


def audit_hash(session: Session, event_id: int) -> str | None:
    return session.exec(select(AuditEvent.hash).where(AuditEvent.id == event_id)).first()


def audit_tail(session: Session) -> tuple[int, str] | None:
    """The newest event's id and hash, to keep outside the table (backups, checkpoints)."""
    query = select(AuditEvent.id, AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    row = session.exec(query).first()
    return None if row is None or row[0] is None or not row[1] else (int(row[0]), str(row[1]))


def contact_without_create_event(session: Session) -> int | None:
    """The first contact whose "create" event is gone (its history was deleted), if any."""
    created = (
        sa_select(col(AuditEvent.id))
        .where(col(AuditEvent.contact_id) == col(Contact.id), col(AuditEvent.action) == "create")
        .exists()
    )
    query = select(Contact.id).where(~created).order_by(col(Contact.id)).limit(1)
    return session.exec(query).first()


def erase_audit_values(session: Session, contact_id: int) -> None:
    """Erasure reaches the history too: the events stay, the personal values go."""
    query = select(AuditEvent).where(col(AuditEvent.contact_id) == contact_id)
    for event in session.exec(query):
        if event.old_value is not None or event.new_value is not None:
            event.old_value = event.new_value = None
            session.add(event)


def audit_for_contact(session: Session, contact_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(col(AuditEvent.contact_id) == contact_id)
    return list(session.exec(query.order_by(col(AuditEvent.id))))


# --- customers: invites, campaigns, consent, reminders ------------------------------------------


def add_invite(session: Session, invite: Invite) -> Invite:
    session.add(invite)
    return invite


def get_invite(session: Session, token: str) -> Invite | None:
    return session.get(Invite, token)


def add_campaign(session: Session, campaign: Campaign) -> Campaign:
    session.add(campaign)
    session.flush()
    return campaign


def get_campaign(session: Session, code: str) -> Campaign | None:
    return session.exec(select(Campaign).where(col(Campaign.code) == code)).first()


def newest_active_campaign(session: Session) -> Campaign | None:
    query = select(Campaign).where(col(Campaign.active).is_(True)).order_by(col(Campaign.id).desc())
    return session.exec(query).first()


def record_consent(
    session: Session, user_id: int, contact_id: int | None, version: str, accepted: bool
) -> Consent:
    consent = Consent(user_id=user_id, contact_id=contact_id, version=version, accepted=accepted)
    session.add(consent)
    return consent


def consents_of(session: Session, user_id: int) -> list[Consent]:
    query = select(Consent).where(col(Consent.user_id) == user_id).order_by(col(Consent.id))
    return list(session.exec(query))


def contact_of_customer(session: Session, user_id: int) -> Contact | None:
    query = select(Contact).where(
        col(Contact.customer_user_id) == user_id, col(Contact.status) == "active"
    )
    return session.exec(query.order_by(col(Contact.id).desc())).first()


def active_contacts_with_phone(session: Session, phone: str, limit: int = 3) -> list[Contact]:
    query = select(Contact).where(
        col(Contact.phone_index) == phone_index(phone), col(Contact.status) == "active"
    )
    return list(session.exec(query.limit(limit)))


def get_reminder(session: Session, contact_id: int) -> Reminder | None:
    return session.get(Reminder, contact_id)


def set_reminder(session: Session, contact_id: int, user_id: int, due_at: datetime) -> Reminder:
    """Start (or restart) a customer's confirmation cycle."""
    reminder = session.get(Reminder, contact_id) or Reminder(
        contact_id=contact_id, user_id=user_id, due_at=due_at
    )
    reminder.user_id = user_id
    reminder.due_at = due_at
    reminder.stage = 0
    reminder.state = "active"
    session.add(reminder)
    return reminder


class DueReminder(NamedTuple):
    """A claimed reminder with its contact's and its customer's columns (None when gone)."""

    contact_id: int
    user_id: int
    stage: int
    status: str | None  # the contact's; None: no such contact
    owner_id: int | None
    name: str | None
    phone: str | None  # phone, email and address left sealed (DUE_SEALED): crypto.open_stored
    email: str | None
    company: str | None
    title: str | None
    address: str | None
    website: str | None
    extra: str | None  # the fields without a column of their own, sealed JSON: crypto.open_json
    user_found: int | None  # the customer's user id; None: no such user
    language: str | None
    language_code: str | None
    timezone: str | None


DUE_SEALED = frozenset({"phone", "email", "address", "extra"})  # sealed columns read raw
_REMINDER = table_of(Reminder)
_CONTACT = table_of(Contact)
_USER = table_of(User)
_USER_COLUMNS = ("id", "language", "language_code", "timezone")


@lru_cache(maxsize=2)
def _claim_statement(locking: bool) -> Select[Any]:
    """Built once (and its cache key with it): the columns of DueReminder, in order."""
    contact = [
        type_coerce(_CONTACT.c[c], Text()) if c in DUE_SEALED else _CONTACT.c[c]
        for c in DueReminder._fields[3:13]  # status, owner_id, then the fields an ask shows
    ]
    query = (
        sa_select(
            _REMINDER.c.contact_id, _REMINDER.c.user_id, _REMINDER.c.stage, *contact,
            *(_USER.c[c] for c in _USER_COLUMNS),
        )
        .select_from(
            _REMINDER.outerjoin(_CONTACT, _CONTACT.c.id == _REMINDER.c.contact_id)
            .outerjoin(_USER, _USER.c.id == _REMINDER.c.user_id)
        )
        .where(_REMINDER.c.state == "active",
               _REMINDER.c.due_at <= bindparam("now", type_=_REMINDER.c.due_at.type))
        .order_by(_REMINDER.c.due_at)
        .limit(bindparam("limit", type_=Integer))
    )  # fmt: skip
    return query.with_for_update(of=_REMINDER, skip_locked=True) if locking else query


def claim_due_reminders(session: Session, now: datetime, limit: int) -> list[DueReminder]:
    """The due reminders with their contacts and customers, locked for this transaction: another
    instance skips them (PostgreSQL's SKIP LOCKED; SQLite has one writer at a time anyway).

    Plain rows, not ORM objects (building and flushing 1,500 entities a batch cost more than the
    sweep's decisions), and the sealed fields left sealed: most rows never need them. Walks the
    (state, due_at) index; the contact and the customer come by primary key (NULL when gone).
    The caller moves each one's due time before committing, so none is sent twice.
    """
    conn = session.connection()
    query = _claim_statement(conn.dialect.name == "postgresql")
    rows = conn.execute(query, {"now": now, "limit": limit}).all()
    return [DueReminder._make(row) for row in rows]


# b_sent is the time of the message just sent, or None to keep the previous one (a hold)
_MOVE = (
    sa_update(_REMINDER)
    .where(_REMINDER.c.contact_id == bindparam("b_id"))
    .values(due_at=bindparam("b_due", type_=_REMINDER.c.due_at.type), stage=bindparam("b_stage"),
            last_sent_at=func.coalesce(bindparam("b_sent", type_=_REMINDER.c.last_sent_at.type),
                                       _REMINDER.c.last_sent_at))
)  # fmt: skip


def write_reminder_batch(
    session: Session,
    moves: list[tuple[int, datetime, int, datetime | None]],
    dropped: list[int],
    stale: list[int],
) -> None:
    """A sweep batch's writes, one statement each: the moves (contact id, due, stage, sent at or
    None to keep the last) as one executemany, reminders dropped, contacts marked stale."""
    conn = session.connection()
    if moves:
        conn.execute(
            _MOVE, [{"b_id": i, "b_due": due, "b_stage": st, "b_sent": sent}
                    for i, due, st, sent in moves],
        )  # fmt: skip
    if dropped:
        conn.execute(delete(_REMINDER).where(_REMINDER.c.contact_id.in_(dropped)))
    if stale:
        conn.execute(sa_update(_CONTACT).where(_CONTACT.c.id.in_(stale)).values(stale=True))


def user_languages(session: Session, ids: set[int]) -> dict[int, Row[Any]]:
    """Users' id, language, language_code and timezone by id (rows, not entities)."""
    if not ids:
        return {}
    query = sa_select(*(_USER.c[c] for c in _USER_COLUMNS)).where(_USER.c.id.in_(ids))
    return {user.id: user for user in session.connection().execute(query).all()}


def reminders_of_user(session: Session, user_id: int) -> list[Reminder]:
    return list(session.exec(select(Reminder).where(col(Reminder.user_id) == user_id)))


def invites_for_contact(session: Session, contact_id: int) -> list[Invite]:
    return list(session.exec(select(Invite).where(col(Invite.contact_id) == contact_id)))
