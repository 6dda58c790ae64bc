"""Every table, in one module (tiangolo's SQLModel layout).

Times are aware UTC datetimes (SQLModel's UTCDateTime keeps them so on SQLite and PostgreSQL).
Personal data at rest (phone, email, address, notes, conversation drafts, merge snapshots, audit
values) is sealed by storage/crypto.py; exact look-ups go through blind indexes set here.
Schema changes go through Alembic migrations in storage/migrations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, Table, event, inspect, text
from sqlmodel import Field, SQLModel

from storage.crypto import EncryptedJSON, EncryptedText, current


def table_of(model: type[SQLModel]) -> Table:
    """The model's Table, for Core statements: SQLModel's metaclass sets `__table__` but does not
    declare it to type checkers, the mapper does."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(SQLModel, table=True):
    """Anyone who has talked to the bot; `role` decides what they may do."""

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None  # as Telegram reports it
    language: str | None = None  # chosen with /language; overrides language_code
    role: str | None = Field(default=None, index=True)  # admin | manager | rep | customer
    region: str | None = None  # for phones typed without +; else DEFAULT_REGION
    timezone: str | None = None  # IANA zone for reminders; else the phone's zone, else the server's
    active: bool = True
    menu_role: str | None = None  # role whose command menu Telegram shows this chat
    # set when a message to this user was refused (never started the bot, blocked it, chat
    # gone): /team marks them; cleared when a later message gets through or they write
    undelivered_at: datetime | None = None
    undelivered_reason: str | None = None  # not_started | blocked | not_found | error
    digest_off: bool = False  # a manager's /digest off: no weekly digest
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


HAS_CARD = text("card_path IS NOT NULL")


class Contact(SQLModel, table=True):
    """A lead or customer record; never hard-deleted, so history and merges stay traceable."""

    __table_args__ = (
        Index("ix_contact_owner_created", "owner_id", "created_at"),
        Index("ix_contact_status_created", "status", "created_at"),
        # /stats groups the active contacts by source: walking this index gives SQLite the
        # groups in order, instead of sorting every active row into a temp b-tree
        Index("ix_contact_status_source", "status", "source"),
        # /find by a piece of a name or company scans this for ids, not the wide table rows
        Index("ix_contact_search", "status", "owner_id", "name", "company", "extra_search"),
        # /find contoso.com: by the blind index of the email's domain or the website's host.
        # Newest first by id, the owner read off the index: a manager's search walks the
        # domain's entries backwards and stops at 10, a rep's skips others' entries unread
        Index("ix_contact_email_domain", "email_domain_index", "status", "id", "owner_id"),
        Index("ix_contact_website_domain", "website_index", "status", "id", "owner_id"),
        # the /stats chart's leads per rep per week read this alone, not the wide rows
        Index("ix_contact_status_created_owner", "status", "created_at", "owner_id"),
        # the hourly card-photo expiry and its check of which photos are still used: at 10^6
        # contacts their full scans stalled every chat for 2 s under SQLite's write lock.
        # Partial: only the contacts that have a card photo are in them.
        Index("ix_contact_card_created", "created_at", sqlite_where=HAS_CARD,
              postgresql_where=HAS_CARD),
        Index("ix_contact_card_path", "card_path", sqlite_where=HAS_CARD,
              postgresql_where=HAS_CARD),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, unique=True)
    name: str
    company: str | None = None
    title: str | None = None
    phone: str | None = Field(default=None, sa_column=Column(EncryptedText))  # E.164[;ext=N]
    email: str | None = Field(default=None, sa_column=Column(EncryptedText))  # normalized
    website: str | None = None
    address: str | None = Field(default=None, sa_column=Column(EncryptedText))
    country: str | None = None
    notes: str | None = Field(default=None, sa_column=Column(EncryptedText))
    # keyed blind indexes (HMAC) of the E.164 number and the lower-cased email: exact look-ups
    phone_index: str | None = Field(default=None, sa_column=Column(String(32), index=True))
    email_index: str | None = Field(default=None, sa_column=Column(String(32), index=True))
    email_domain_index: str | None = Field(default=None, sa_column=Column(String(32)))
    website_index: str | None = Field(default=None, sa_column=Column(String(32)))
    source: str = "manual"  # manual | card | import | self
    status: str = "active"
    owner_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, index=False, nullable=True)
    )
    card_path: str | None = None  # the business-card photo, relative to the data dir
    merged_into_id: int | None = None  # set when status is "merged"
    customer_user_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True, index=True)
    )  # the customer's own Telegram account, once they accepted an invite
    last_confirmed_at: datetime | None = None
    stale: bool = False  # the customer did not confirm after every follow-up
    phone_verified: bool = False  # the customer shared it from their own Telegram account
    erased_at: datetime | None = None  # /forget: personal data removed, this row kept
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # a deployment's own fields (bot/registry.py), sealed; which are filled and what /find may
    # match of them are kept plain beside them
    extra: dict[str, str] | None = Field(default=None, sa_column=Column(EncryptedJSON))
    extra_keys: str | None = None
    extra_search: str | None = None

    def value(self, key: str) -> str | None:
        """A field's value, built-in column or custom."""
        if key in CONTACT_COLUMNS:
            return getattr(self, key)
        return (self.extra or {}).get(key)

    def set_value(self, key: str, value: str | None) -> None:
        if key in CONTACT_COLUMNS:
            setattr(self, key, value)
            return
        extra = {k: v for k, v in (self.extra or {}).items() if k != key}
        if value:
            extra[key] = value
        self.extra = extra or None  # a new dict: SQLAlchemy sees the change
        self.extra_keys = filled_keys(extra)


def filled_keys(extra: Mapping[str, str] | None) -> str | None:
    """Which custom fields hold a value, kept plain beside the sealed `extra` as ",a,b," so
    /stats counts a field with LIKE '%,key,%' without decrypting a row."""
    return "".join(f",{k}" for k in sorted(extra)) + "," if extra else None


# The contact fields that are columns of their own; any other field key is a custom one.
CONTACT_COLUMNS = frozenset(
    {"external_id", "name", "company", "title", "phone", "email", "website", "address",
     "country", "notes"}
)  # fmt: skip


class Conversation(SQLModel, table=True):
    """One chat's place in a conversation; written on every accepted answer so nothing is lost."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    state: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False)
    )
    updated_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Who changed what, when: one row per changed field."""

    __table_args__ = (Index("ix_audit_contact_at", "contact_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    action: str  # create | update | role | export ...
    contact_id: int | None = None
    field: str | None = None
    old_value: str | None = Field(default=None, sa_column=Column(EncryptedText))
    new_value: str | None = Field(default=None, sa_column=Column(EncryptedText))
    # the hash chain (storage/audit_chain.py): digests of the plaintext values, then the links
    old_digest: str | None = None
    new_digest: str | None = None
    prev_hash: str | None = None
    hash: str | None = None


class ContactKey(SQLModel, table=True):
    """Blocking keys (bot/matching.py): duplicate checks fetch only contacts sharing one."""

    __table_args__ = (Index("ix_contactkey_key_contact", "key", "contact_id"),)

    contact_id: int = Field(primary_key=True)
    key: str = Field(primary_key=True)


class MatchModel(SQLModel, table=True):
    """Duplicate-matching weights (bot/linkage.py) estimated from this deployment's contacts by
    `capture-bot duplicates --train`; the newest row is the one in use. Counts, no personal data."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    model: str  # linkage.Model.to_json()
    pairs: int = 0  # blocked pairs the estimate came from
    contacts: int = 0


class DuplicateCandidate(SQLModel, table=True):
    """Two contacts that may be one person, and what a manager decided about them."""

    __table_args__ = (
        Index("ix_dupe_pair", "a_id", "b_id", unique=True),
        Index("ix_dupe_status_created", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    a_id: int  # the lower contact id of the pair
    b_id: int
    score: float
    reasons: str  # comma-separated reason codes
    status: str = "open"  # open | merged | not_duplicate
    # a manager's merge in progress: {"survivor": id, "choices": {field: id}}
    pending: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    decided_at: datetime | None = None


class Merge(SQLModel, table=True):
    """A merge, with both records as they were, so /unmerge can restore them within 30 days."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(index=True)
    merged_id: int = Field(index=True)
    candidate_id: int | None = None
    before: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False)
    )
    by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None


class Invite(SQLModel, table=True):
    """A one-time deep link: a customer to their record, or (later) a member to a role."""

    token: str = Field(primary_key=True)  # the /start payload
    kind: str  # customer | role
    contact_id: int | None = None
    role: str | None = None
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class Campaign(SQLModel, table=True):
    """A self-entry link (`?start=c_<code>`) new customers register through."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    active: bool = True


class Consent(SQLModel, table=True):
    """A customer's answer to the consent text, with the text's version and the time."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    contact_id: int | None = Field(default=None, index=True)
    version: str
    accepted: bool
    at: datetime = Field(default_factory=utcnow)


class Reminder(SQLModel, table=True):
    """When to next ask a linked customer to confirm their details; claimed by the sweep."""

    __table_args__ = (Index("ix_reminder_state_due", "state", "due_at"),)

    contact_id: int = Field(primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    state: str = "active"  # active | stopped (customer's /stop) | unreachable (blocked the bot)
    due_at: datetime
    stage: int = 0  # 0: the regular ask; 1..n: follow-ups sent without an answer
    last_sent_at: datetime | None = None


def phone_index(phone: str | None) -> str | None:
    """The blind index of a stored phone: of its E.164 part, so an extension still matches."""
    return current().blind_index(phone.split(";")[0]) if phone else None


def email_index(email: str | None) -> str | None:
    return current().blind_index(email.strip().lower()) if email else None


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def web_domain(value: str | None) -> str | None:
    """The domain an email, a web address or a typed domain names, as /find compares them:
    lower case, no scheme, path, port or leading "www." (anna@Contoso.com, https://www.contoso
    .com/about and contoso.com all give contoso.com)."""
    text = (value or "").strip().lower()
    text = text.rpartition("@")[2]
    text = _SCHEME.sub("", text)
    text = re.split(r"[/?#:]", text, maxsplit=1)[0].strip(".")
    text = text.removeprefix("www.")
    return text or None


def domain_index(value: str | None) -> str | None:
    """The blind index of `web_domain(value)`; kept apart from the email index by a prefix."""
    domain = web_domain(value)
    return current().blind_index(f"domain:{domain}") if domain else None


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _index_contact(_mapper: object, _connection: object, contact: Contact) -> None:
    """Every ORM write keeps the blind indexes in step with the sealed values."""
    contact.phone_index = phone_index(contact.phone)
    contact.email_index = email_index(contact.email)
    contact.email_domain_index = domain_index(contact.email)
    contact.website_index = domain_index(contact.website)


class Undelivered(SQLModel, table=True):
    """A side message (a manager's duplicate alert) Telegram refused: /dupes lists it until a
    later message to that user gets through."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    candidate_id: int | None = None
    reason: str
    at: datetime = Field(default_factory=utcnow)


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already applied: a redelivered update (webhook retry) is skipped."""

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    at: datetime = Field(default_factory=utcnow, index=True)


class HookEvent(SQLModel, table=True):
    """The outbox: one contact event for one hook target (bot/hooks.py), written in the same
    transaction as the change, so an event is never lost nor sent for a change rolled back."""

    __table_args__ = (
        Index("ix_hookevent_state_next", "state", "next_at"),
        Index("ix_hookevent_target_contact", "target", "contact_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)  # the order events happened in
    target: str  # the receiver's URL, as HOOK_TARGETS names it
    event: str  # contact.created | contact.updated | contact.merged | contact.erased
    contact_id: int
    key: str = Field(unique=True)  # the idempotency key the receiver sees
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False)
    )
    state: str = "pending"  # pending | sent | parked (after HOOK_MAX_ATTEMPTS failures)
    attempts: int = 0
    next_at: datetime = Field(default_factory=utcnow)  # due (or leased until, while sending)
    last_error: str | None = None  # "HTTP 500", "timeout", ... never the response body
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class JobClaim(SQLModel, table=True):
    """A periodic job's run, claimed by the first instance to get there (one backup a day)."""

    key: str = Field(primary_key=True)  # e.g. "backup:2026-11-23"
    at: datetime = Field(default_factory=utcnow)
