"""Customers keep their own details right: invites, consent, self-entry, confirmations, erasure.

Everything here runs inside the core's transaction for one update (`turn`: the session, the user,
their language and the settings), except the reminder sweep, which has transactions of its own.
A customer only ever sees their own record.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot import contacts, flow, hooks, leads, registry
from bot.fields import Rejected, is_personal_number, validate_phone
from bot.i18n import t, user_language
from bot.reminders import Policy, Step, customer_zone, due_step, named_zone, valid_zone
from bot.replies import Action, Button, Outcome, Reply, rows
from bot.roles import SEES_ALL, can_see_contact, is_staff
from storage import crypto, files, repo
from storage.db import read_scope, session_scope
from storage.files import delete_card_image
from storage.models import (
    CONTACT_COLUMNS,
    AuditEvent,
    Campaign,
    Contact,
    DuplicateCandidate,
    Invite,
    Reminder,
    User,
    utcnow,
)

if TYPE_CHECKING:
    from bot.core import Turn

CONSENT_VERSION = "2026-12-08"
SWEEP_BATCH = 500


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


_DEEP_LINK = re.compile(
    r"(?:https?://)?(?:t\.me|telegram\.me)/(\w{3,32})/?\?start=([\w-]{1,64})", re.IGNORECASE
)


def pasted_payload(text: str, bot_username: str) -> str | None:
    """The start payload of a link to this bot pasted as a whole message: people forward the
    invitation as text, and pasting it must do what opening it does."""
    match = _DEEP_LINK.fullmatch(text.strip())
    if match is None or match.group(1).lower() != bot_username.lower():
        return None
    return match.group(2)


# --- staff side: invitations and campaigns ---------------------------------------------------


def invite_customer(turn: Turn, arg: str) -> Outcome:
    """A rep or manager's "Invite customer" on a saved contact: a one-time link to forward."""
    contact = leads.visible_contact(turn, arg)
    if isinstance(contact, Reply):
        return Outcome([contact])
    if contact.customer_user_id is not None:  # an old /view's button: the record has its customer
        return Outcome([turn.say("invite.already_linked", id=contact.id)])
    replaced = _drop_open_invites(turn.session, contact.id or 0)
    token = "i_" + secrets.token_urlsafe(24)
    expires = utcnow() + turn.core.settings.invite_lifetime
    repo.add_invite(
        turn.session,
        Invite(token=token, kind="customer", contact_id=contact.id, created_by=turn.user.id,
               expires_at=expires),
    )  # fmt: skip
    repo.record_audit(turn.session, turn.user.id, "invite", contact_id=contact.id)
    link = deep_link(turn.core.bot_username, token)
    text = t(turn.lang, "invite.created", id=contact.id, link=link, date=f"{expires:%Y-%m-%d}")
    if replaced:
        text += "\n" + t(turn.lang, "invite.older_cancelled", id=contact.id)
    return Outcome([Reply(text)])


def _drop_open_invites(session: Session, contact_id: int) -> int:
    """A record has one live customer link at most: a new link (or a link taken up) cancels the
    others not used yet, so a link forwarded earlier cannot hand the record to whoever holds it
    once its customer is linked. Returns how many were cancelled."""
    dropped = 0
    for invite in repo.invites_for_contact(session, contact_id):
        if invite.kind == "customer" and invite.used_at is None:
            session.delete(invite)
            dropped += 1
    return dropped


CAMPAIGN_NAME_MAX = 80  # a manager's label for the link: which fair, which mailing


def create_campaign(turn: Turn, name: str) -> Outcome:
    name = " ".join(name.split())
    if not name:
        return Outcome([turn.say("campaign.usage")])
    if len(name) > CAMPAIGN_NAME_MAX:  # refused, not cut: a cut name may no longer say which fair
        return Outcome([turn.say("campaign.too_long", max=CAMPAIGN_NAME_MAX, length=len(name))])
    code = secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")
    repo.add_campaign(turn.session, Campaign(code=code, name=name, created_by=turn.user.id))
    link = deep_link(turn.core.bot_username, f"c_{code}")
    return Outcome([turn.say("campaign.created", name=name, link=link)])


# --- the customer arrives ------------------------------------------------------------------------


def start_with_payload(turn: Turn, payload: str) -> Outcome | None:
    """/start i_<token> or c_<code>; None when the payload is not ours (plain /start)."""
    if payload.startswith(("i_", "c_")) and is_staff(turn.user.role):
        return Outcome([turn.say(_FOR_CUSTOMERS[payload[0]])])
    if payload.startswith("i_"):
        invite = repo.get_invite(turn.session, payload)
        problem = _invite_problem(turn.session, invite, turn.user.id)
        if problem:
            return Outcome([turn.say(problem)])
        return Outcome([_consent_question(turn, f"i:{payload}")])
    if payload.startswith("c_"):
        campaign = repo.get_campaign(turn.session, payload[2:])
        if campaign is None or not campaign.active:
            return Outcome([turn.say("campaign.invalid")])
        if repo.contact_of_customer(turn.session, turn.user.id):
            return my_record(turn, "customer.already_registered")
        return Outcome([_consent_question(turn, f"c:{campaign.code}")])
    return None


# What staff opening a customer's link (an invitation, a campaign's) are told: it is for
# customers to open, so it neither links them as the customer nor gets used up.
_FOR_CUSTOMERS = {"i": "invite.for_staff", "c": "campaign.for_staff"}


def _invite_problem(session: Session, invite: Invite | None, user_id: int) -> str | None:
    if invite is None or invite.kind != "customer":
        return "invite.unknown"  # never was, or cancelled by a newer link for the same record
    if invite.used_at is not None:
        return "invite.already_mine" if invite.used_by == user_id else "invite.used"
    if invite.expires_at < utcnow():
        return "invite.expired"
    inviter = repo.get_user(session, invite.created_by) if invite.created_by else None
    if inviter is None or not inviter.active or not is_staff(inviter.role):
        return "invite.revoked"  # only as good as its inviter: a disabled member's links stop
    contact = repo.get_contact(session, invite.contact_id or 0)
    if contact is not None and contact.customer_user_id not in (None, user_id):
        return "invite.record_taken"  # linked meanwhile (their shared number): nobody else's
    return None


def consent_text(lang: str) -> str:
    """Names exactly what is stored about a customer, from the field declarations."""
    fields = registry.current()
    staff = tuple(f for f in fields.editable if f in fields.staff_only)
    return t(
        lang, "consent.text", version=CONSENT_VERSION,
        fields=fields.label_list(fields.customer, lang),
        staff_fields=fields.label_list(staff, lang),
    )  # fmt: skip


def _consent_question(turn: Turn, ref: str) -> Reply:
    return Reply(
        consent_text(turn.lang),
        rows(
            Button(t(turn.lang, "button.accept"), Action.CONSENT_YES, ref),
            Button(t(turn.lang, "button.decline"), Action.CONSENT_NO, ref),
            per_row=2,
        ),
        keyboard="remove",
    )


def shared_own_phone(turn: Turn, phone: str) -> Outcome:
    """A customer without a link shares their own number: link it if exactly one contact has it."""
    e164 = validate_phone(phone, turn.region)
    if isinstance(e164, Rejected):
        return Outcome([turn.say("customer.phone_unusable")])
    if repo.contact_of_customer(turn.session, turn.user.id):
        return my_record(turn)
    matches = repo.active_contacts_with_phone(turn.session, e164, limit=2)
    if matches and not _links_by_phone(matches, e164, turn.user.id):
        return Outcome([turn.say("customer.shared_number")])
    if matches:
        return Outcome([_consent_question(turn, f"p:{matches[0].id}")])
    campaign = repo.newest_active_campaign(turn.session)
    if campaign is not None:
        return Outcome(
            [turn.say("customer.not_found_register"), _consent_question(turn, f"c:{campaign.code}")]
        )
    return Outcome([turn.say("customer.not_found")])


def _links_by_phone(matches: list[Contact], e164: str, user_id: int) -> bool:
    """A shared number opens a record only when it is a personal mobile on exactly one active
    record not linked to someone else: an office line or switchboard rings for many people."""
    return (
        len(matches) == 1
        and matches[0].customer_user_id in (None, user_id)
        and is_personal_number(e164)
    )


def consent_answer(turn: Turn, accepted: bool, ref: str) -> Outcome:
    """Accept or Decline on the consent text; the answer is recorded either way."""
    kind, _, value = ref.partition(":")
    if is_staff(turn.user.role):  # the consent text reached them before they joined the team
        return Outcome([turn.say(_FOR_CUSTOMERS.get(kind, "consent.staff"))], refused=True)
    contact: Contact | None = None
    invite: Invite | None = None
    if kind == "i":
        invite = repo.get_invite(turn.session, value)
        problem = _invite_problem(turn.session, invite, turn.user.id)
        if problem or invite is None:  # no invite is a problem
            return Outcome([turn.say(problem or "invite.invalid")], refused=True)
        contact = repo.get_contact(turn.session, invite.contact_id or 0)
    elif kind == "p" and value.isdigit():
        contact = repo.get_contact(turn.session, int(value))
        if contact is not None and contact.customer_user_id not in (None, turn.user.id):
            contact = None
    elif kind == "c":
        campaign = repo.get_campaign(turn.session, value)
        if campaign is None or not campaign.active:
            return Outcome([turn.say("campaign.invalid")], refused=True)
    else:
        return turn.stale_ended()
    if kind != "c" and (contact is None or contact.status != "active"):
        return Outcome([turn.say("invite.invalid")], refused=True)
    repo.record_consent(
        turn.session, turn.user.id, contact.id if contact else None, CONSENT_VERSION, accepted
    )
    if not accepted:
        return Outcome([turn.say("consent.declined")])
    if turn.user.role is None:
        turn.user.role = "customer"
    if kind == "c":
        return turn.run_flow(lambda _state: flow.start_register(turn.ctx, value))
    assert contact is not None  # "i" and "p" without an active contact returned above
    if invite is not None:  # kind "i"
        invite.used_at = utcnow()
        invite.used_by = turn.user.id
        turn.session.add(invite)
    link_customer(turn.session, turn.core.settings, contact, turn.user.id)
    return my_record(turn, "consent.thanks")


def link_customer(session: Session, settings: Any, contact: Contact, user_id: int) -> None:
    """The record is the customer's from now on: its links not used yet stop working."""
    _drop_open_invites(session, contact.id or 0)
    contact.customer_user_id = user_id
    session.add(contact)
    repo.set_reminder(session, contact.id or 0, user_id, utcnow() + settings.confirm_every)
    repo.record_audit(session, user_id, "link_customer", contact_id=contact.id)


# --- the customer's own record ------------------------------------------------------------------


def my_contact(turn: Turn) -> Contact | None:
    return repo.contact_of_customer(turn.session, turn.user.id)


def record_text(turn: Turn, contact: Contact) -> str:
    values = contacts.values_of(contact)
    return flow.summary_text(values, turn.lang, turn.region, customer=True)


def my_record(turn: Turn, intro: str = "customer.your_record") -> Outcome:
    contact = my_contact(turn)
    if contact is None:
        return Outcome([turn.say("customer.no_record")])
    return Outcome(
        [
            Reply(
                t(turn.lang, intro) + "\n\n" + record_text(turn, contact),
                confirm_buttons(turn.lang, contact.id or 0),
            )
        ]
    )


def confirm_buttons(lang: str, contact_id: int) -> tuple[tuple[Button, ...], ...]:
    return rows(
        Button(t(lang, "button.all_correct"), Action.CONFIRM, str(contact_id)),
        Button(t(lang, "button.update"), Action.SELF_UPDATE, str(contact_id)),
        per_row=2,
    )


def confirm(turn: Turn, arg: str) -> Outcome:
    """All correct: stamp the confirmation and plan the next one."""
    contact = my_contact(turn)
    if contact is None or str(contact.id) != arg:
        return turn.stale_ended()
    mark_confirmed(turn.session, turn.core.settings, contact)
    return Outcome([turn.say("customer.confirmed")])


def mark_confirmed(session: Session, settings: Any, contact: Contact) -> None:
    now = utcnow()
    contact.last_confirmed_at = now
    contact.stale = False
    session.add(contact)
    reminder = repo.get_reminder(session, contact.id or 0)
    if reminder is not None and reminder.state != "stopped":
        repo.set_reminder(session, contact.id or 0, reminder.user_id, now + settings.confirm_every)
    repo.record_audit(session, contact.customer_user_id, "confirm", contact_id=contact.id)


def start_update(turn: Turn, arg: str | None = None) -> Outcome:
    contact = my_contact(turn)
    if contact is None or (arg is not None and str(contact.id) != arg):
        return Outcome([turn.say("customer.no_record")])
    values = contacts.values_of(contact, registry.current().customer)
    return turn.run_flow(
        lambda _s: flow.start_edit(turn.ctx, contact.id or 0, values, customer=True)
    )


def stop_reminders(turn: Turn) -> Outcome:
    stopped = 0
    for reminder in repo.reminders_of_user(turn.session, turn.user.id):
        reminder.state = "stopped"
        turn.session.add(reminder)
        stopped += 1
    repo.record_audit(turn.session, turn.user.id, "reminders_stopped", new=str(stopped))
    return Outcome([turn.say("customer.stopped" if stopped else "customer.no_record")])


def set_timezone(turn: Turn, arg: str) -> Outcome:
    zone = arg.strip()
    if not zone:
        current = turn.user.timezone or t(turn.lang, "timezone.automatic")
        return Outcome([turn.say("timezone.usage", zone=current)])
    if not valid_zone(zone):
        return Outcome([turn.say("timezone.invalid", zone=zone[:60])])
    turn.user.timezone = zone
    turn.session.add(turn.user)
    return Outcome([turn.say("timezone.set", zone=zone)])


def my_data(turn: Turn) -> Outcome:
    """/mydata: the record, consents and change history, as a JSON file (PIPL/GDPR access)."""
    contact = my_contact(turn)
    consents = repo.consents_of(turn.session, turn.user.id)
    record: dict[str, Any] = {"telegram_user_id": turn.user.id, "contact": None, "history": []}
    if contact is not None:
        record["contact"] = {
            "id": contact.id, **{f: contact.value(f) for f in registry.current().customer},
            "last_confirmed_at": _iso(contact.last_confirmed_at),
            "created_at": _iso(contact.created_at), "updated_at": _iso(contact.updated_at),
        }  # fmt: skip
        record["history"] = [
            _history_entry(e, turn.user.id)
            for e in repo.audit_for_contact(turn.session, contact.id or 0)
            if e.field is None or e.field in registry.current().customer
        ]
        reminder = repo.get_reminder(turn.session, contact.id or 0)
        record["reminders"] = reminder.state if reminder else None
    record["consents"] = [
        {"version": c.version, "accepted": c.accepted, "at": _iso(c.at)} for c in consents
    ]
    data = json.dumps(record, ensure_ascii=False, indent=2).encode()
    repo.record_audit(
        turn.session, turn.user.id, "export_self", contact_id=contact.id if contact else None
    )
    return Outcome([Reply(t(turn.lang, "mydata.caption"), document=data, filename="my-data.json")])


def _history_entry(event: AuditEvent, user_id: int) -> dict[str, Any]:
    """One change as the customer may see it: values of their own fields only. A create event
    holds every value typed (staff notes too), so it is cut down to the customer's fields; an
    event without a field (a merge, a link) carries internal ids, so its values are left out."""
    old, new = event.old_value, event.new_value
    if event.field is None:
        old = None
        new = _customer_values(new) if event.action == "create" else None
    return {
        "at": _iso(event.at), "action": event.action, "field": event.field, "old": old,
        "new": new, "by_you": event.actor_id == user_id,
    }  # fmt: skip


def _customer_values(created: str | None) -> str | None:
    try:
        values = json.loads(created or "")
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    kept = {k: v for k, v in values.items() if k in registry.current().customer}
    return json.dumps(kept, ensure_ascii=False)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def forget_question(turn: Turn) -> Outcome:
    if my_contact(turn) is None and not repo.consents_of(turn.session, turn.user.id):
        return Outcome([turn.say("customer.no_record")])
    return Outcome(
        [
            Reply(
                t(turn.lang, "forget.question"),
                rows(
                    Button(t(turn.lang, "button.forget_yes"), Action.FORGET, "yes"),
                    Button(t(turn.lang, "button.forget_no"), Action.FORGET, "no"),
                    per_row=2,
                ),
            )
        ]
    )


def forget(turn: Turn, arg: str) -> Outcome:
    """Erase: personal data removed from the record and its history; a tombstone stays."""
    if arg != "yes":
        return Outcome([turn.say("forget.kept")])
    erase_person(
        turn.session, turn.core.settings.capture_data_dir, my_contact(turn), turn.user.id,
        customer=turn.user,
    )  # fmt: skip
    return Outcome([Reply(t(turn.lang, "forget.done"), keyboard="remove")])


def _forget_customer(session: Session, user: User) -> None:
    """The customer's own account: no reminders, no name, no draft, no customer role."""
    for reminder in repo.reminders_of_user(session, user.id):
        session.delete(reminder)
    user.first_name = ""
    user.username = None
    user.timezone = None
    if user.role == "customer":
        user.role = None
    session.add(user)
    repo.save_conversation(session, user.id, None)


def erase_person(
    session: Session,
    data_dir: Path,
    contact: Contact | None,
    actor_id: int | None,
    *,
    customer: User | None = None,
) -> list[int]:
    """Erase a person everywhere at once (PIPL/GDPR): this record and every record merged into
    it, the merge snapshots, the values in their history, their card photos, invitations,
    reminders and open drafts, and the customer's own account. Each record stays as a tombstone
    (status "erased"), and an imported one keeps a blind index of its external_id so a re-import
    cannot bring it back. The erasure is written to the ledger first, so restoring a backup
    taken before it erases the person again (`replay_erasures`). Returns the erased ids."""
    ids = _erased_ids(session, contact)
    files.record_erasure(data_dir, ids, None if customer is None else customer.id)
    _erase(session, data_dir, ids, actor_id)
    if customer is not None:
        _forget_customer(session, customer)
    return sorted(ids)


def _erased_ids(session: Session, contact: Contact | None) -> set[int]:
    """The record and every record merged into it, however deep the chain."""
    if contact is None:
        return set()
    ids = {contact.id or 0}
    frontier = set(ids)
    while frontier:
        frontier = repo.merged_into(session, frontier) - ids
        ids |= frontier
    return ids


def _erase(session: Session, data_dir: Path, ids: set[int], actor_id: int | None) -> None:
    for record in (repo.get_contact(session, i) for i in sorted(ids)):
        if record is not None:
            _erase_record(session, data_dir, record)
    for merge in repo.merges_involving(session, ids):
        merge.before = {}  # nothing left to restore: /unmerge refuses an erased record
        merge.undone_at = merge.undone_at or utcnow()
        session.add(merge)
    for conversation in repo.drafts_about(session, ids):
        state = flow.State.from_dict(conversation.state)
        repo.save_conversation(session, conversation.chat_id, flow.forget_about(state, ids))
    hooks.forget_contacts(session, ids)
    for contact_id in ids:
        repo.erase_audit_values(session, contact_id)
        repo.record_audit(session, actor_id, "erase", contact_id=contact_id)
        erased = repo.get_contact(session, contact_id)
        if erased is not None:
            hooks.record(session, "contact.erased", erased)


def replay_erasures(session: Session, data_dir: Path) -> list[int]:
    """Erase again whatever the ledger says was erased but the database holds (a backup from
    before the erasure was restored); returns the record ids erased now.

    A record that is still not erased proves the database predates that erasure. A customer's
    account is forgotten again with it, or, for a customer who had no record, when the account
    was last seen well before the erasure (the press that asked for it touched it, so a live
    account that came back afterwards is never forgotten twice).
    """
    ledger = files.read_erasures(data_dir)
    # at every start: two reads for the whole ledger, and rows loaded only for what is undone
    not_erased = repo.not_erased_ids(session, {i for e in ledger for i in e.contact_ids})
    user_ids = {e.user_id for e in ledger if e.user_id is not None}
    users = {user.id: user for user in repo.users_by_ids(session, user_ids)}
    erased: list[int] = []
    for entry in ledger:
        stale = [repo.get_contact(session, i) for i in entry.contact_ids if i in not_erased]
        if stale:
            ids = set().union(*(_erased_ids(session, r) for r in stale if r is not None))
            _erase(session, data_dir, ids, None)
            erased += sorted(ids)
        customer = users.get(entry.user_id) if entry.user_id is not None else None
        if customer is not None and (stale or _seen_before(customer, entry.at)):
            _forget_customer(session, customer)
    return erased


def _seen_before(user: User, at: datetime) -> bool:
    seen = user.last_seen_at
    return seen is None or seen < at - 2 * repo.LAST_SEEN_STEP


def _erase_record(session: Session, data_dir: Path, contact: Contact) -> None:
    if contact.card_path:
        delete_card_image(data_dir, contact.card_path)
    if contact.external_id and not contact.external_id.startswith("erased:"):
        contact.external_id = repo.erased_external_id(contact.external_id)
    for field in (
        *CONTACT_COLUMNS - {"name", "external_id"},
        "card_path",
        "extra",
        "extra_keys",
        "extra_search",
    ):  # every value, custom ones included
        setattr(contact, field, None)
    contact.name = ""
    contact.status = "erased"
    contact.erased_at = utcnow()
    contact.customer_user_id = None
    contact.merged_into_id = None
    session.add(contact)
    contacts.reindex(session, contact)
    reminder = repo.get_reminder(session, contact.id or 0)
    if reminder is not None:
        session.delete(reminder)
    for invite in repo.invites_for_contact(session, contact.id or 0):
        session.delete(invite)


# --- staff side: erasure on request (people who never used the bot) -----------------------------


def erase_question(turn: Turn, arg: str) -> Outcome:
    """/erase ID: asks first, naming the record, because nothing can bring it back."""
    contact = _erasable(turn, arg)
    if isinstance(contact, str):
        return Outcome([turn.say(contact, id=arg.strip()[:20])])
    cid = str(contact.id)
    return Outcome(
        [
            Reply(
                t(turn.lang, "erase.question", id=cid, name=contact.name),
                rows(
                    Button(t(turn.lang, "button.erase_yes"), Action.ERASE, cid),
                    Button(t(turn.lang, "button.erase_no"), Action.ERASE, "no"),
                    per_row=2,
                ),
            )
        ]
    )


def erase_answer(turn: Turn, arg: str) -> Outcome:
    if arg == "no":
        return Outcome([turn.say("erase.kept")])
    contact = _erasable(turn, arg)
    if isinstance(contact, str):
        return Outcome([turn.say(contact, id=arg[:20])])
    customer = repo.get_user(turn.session, contact.customer_user_id or 0)
    ids = erase_person(
        turn.session, turn.core.settings.capture_data_dir, contact, turn.user.id, customer=customer
    )  # fmt: skip
    shown = ", ".join(f"#{i}" for i in ids)
    return Outcome([turn.say("erase.done", ids=shown, count=len(ids))])


def _erasable(turn: Turn, arg: str) -> Contact | str:
    """The active record to erase (a merged-away number means the person it was merged into),
    or the message key saying why not."""
    if turn.user.role not in SEES_ALL:
        return "role.not_allowed"
    arg = arg.strip().lstrip("#")
    if not arg.isdigit() or len(arg) > 12:
        return "erase.usage"
    contact = contacts.kept_record(turn.session, repo.get_contact(turn.session, int(arg)))
    if contact is None:
        return "contact.not_found"
    if contact.status == "erased":
        return "erase.already"
    return contact


# --- the reminder sweep -------------------------------------------------------------------------


@dataclass
class SweepResult:
    messages: list[tuple[int, Reply]]  # (chat, message) to send now
    claimed: int


def sweep(engine: Engine, settings: Any, now: datetime | None = None) -> SweepResult:
    """Claim the due reminders and decide each: ask, hold for the morning, or mark stale.

    Due times move forward in the same transaction that claims them, and messages go out only
    after it commits: a crash loses at most one ask (the next follow-up comes), never doubles one.

    A batch is plain tuples, not ORM objects: one read claims the reminders together with their
    contacts and customers, then one executemany UPDATE moves them (plus a DELETE for dropped
    ones, and for stale ones their owners, an UPDATE and audit events). Building, tracking and
    flushing 1,500 entities cost more than the decisions did. Sealed fields are opened only when
    a decision needs them: the phone for a zone, the rest for an ask.
    """
    now = now or utcnow()
    policy = Policy(settings.confirm_every, settings.followup_waits)
    server = settings.server_timezone or None
    messages: list[tuple[int, Reply]] = []
    with session_scope(engine) as session:
        due = repo.claim_due_reminders(session, now, SWEEP_BATCH)
        moves: list[tuple[int, datetime, int, datetime | None]] = []
        dropped: list[int] = []
        stale: list[repo.DueReminder] = []
        # in claim order: (reminder, None, None) tells a stale contact's owner, (reminder, its
        # opened phone or None, the new stage) asks the customer
        notes: list[tuple[repo.DueReminder, str | None, int | None]] = []
        steps: dict[tuple[int, ZoneInfo], Step] = {}  # a step depends on nothing else here
        for due_one in due:
            if due_one.status != "active" or due_one.user_found is None:
                dropped.append(due_one.contact_id)
                continue
            phone: str | None = None
            zone: ZoneInfo | None
            if policy.goes_stale(due_one.stage):
                zone = _UTC  # not looked at: a stale step does not depend on the time of day
            else:
                own = due_one.timezone
                zone = named_zone(own) if own else None
                if zone is None:
                    phone = crypto.open_stored(due_one.phone)
                    zone = customer_zone(None, phone, server)
            step = steps.get((due_one.stage, zone))
            if step is None:
                step = steps[due_one.stage, zone] = due_step(policy, due_one.stage, now, zone)
            moves.append((due_one.contact_id, step.due_at, step.stage, now if step.send else None))
            if step.stale:
                stale.append(due_one)
                notes.append((due_one, None, None))
            if step.send:
                notes.append((due_one, phone, step.stage))
        repo.write_reminder_batch(session, moves, dropped, [d.contact_id for d in stale])
        owners = repo.user_languages(session, {d.owner_id for d in stale if d.owner_id})
        for due_one in stale:
            repo.record_audit(session, None, "stale", contact_id=due_one.contact_id)
    # Written after the commit: the write lock (SQLite) and the row locks are not held for it.
    for due_one, phone, stage in notes:
        if stage is not None:
            messages.append((due_one.user_id, _ask(settings, due_one, phone, stage)))
        elif owner := owners.get(due_one.owner_id or 0):
            text = t(user_language(owner), "reminder.owner_stale", id=due_one.contact_id,
                     name=due_one.name)  # fmt: skip
            messages.append((owner.id, Reply(text)))
    return SweepResult(messages, len(due))


_UTC = ZoneInfo("UTC")


def _ask(settings: Any, due: repo.DueReminder, phone: str | None, stage: int) -> Reply:
    """The ask (stage 1) or a follow-up, with the record as the customer sees it. `phone` is the
    opened phone if the zone needed it, else None (opened here)."""
    values = {}
    extra: dict[str, str] | None = None
    fields = registry.current()
    for name in fields.customer:
        if not fields.spec(name).column:  # in the sealed JSON, opened once
            if extra is None:
                extra = crypto.open_json(due.extra) or {}
            value = extra.get(name)
        else:
            value = getattr(due, name)  # a customer field missing from the claim fails loudly
            if name == "phone" and phone is not None:
                value = phone
            elif value and name in repo.DUE_SEALED:
                value = crypto.open_stored(value)
        if value:
            values[name] = value
    lang = user_language(due)
    key = "reminder.ask" if stage <= 1 else "reminder.followup"
    body = flow.summary_text(values, lang, settings.default_region, customer=True)
    return Reply(t(lang, key) + "\n\n" + body, confirm_buttons(lang, due.contact_id))


def mark_unreachable(engine: Engine, user_id: int) -> None:
    """The customer blocked the bot or has no chat with it (Telegram's 403, or "chat not
    found"): stop asking, and say so in /stats."""
    with session_scope(engine) as session:
        for reminder in repo.reminders_of_user(session, user_id):
            reminder.state = "unreachable"
            session.add(reminder)
        repo.record_audit(session, None, "unreachable", field=str(user_id))


# --- managers' figures --------------------------------------------------------------------------


def stats_reply(figures: dict[str, Any], lang: str) -> Reply:
    """/stats in words (the chart's caption, bot/reports.py): counted after the update's commit
    (`Outcome.after_commit`), because at 10^6 contacts the count takes 0.2-0.8 s and must not
    hold SQLite's writer lock."""
    lines = [t(lang, "stats.title", count=figures["total"])]
    by_source = ", ".join(
        f"{t(lang, f'source.{s}')} {n}" for s, n in sorted(figures["by_source"].items())
    )
    lines.append(t(lang, "stats.sources", sources=by_source or "—"))
    complete = ", ".join(
        f"{registry.current().label(f, lang)} {p}%" for f, p in figures["completeness"].items()
    )
    lines.append(t(lang, "stats.completeness", fields=complete))
    lines.append(t(lang, "stats.customers", **figures["customers"]))
    lines.append(t(lang, "stats.duplicates", open=figures["open_duplicates"]))
    return Reply("\n".join(lines))


def collect_stats(engine: Engine, settings: Any) -> dict[str, Any]:
    """Counted by the database, never by loading contacts: one pass over the active contacts
    (conditional counts, per source), then two counts the indexes answer."""
    since = utcnow() - settings.confirm_every
    fields = registry.current()
    # how complete the records are: every field that may be empty and is not staff-only
    filled = [f for f in fields.editable if f not in fields.required | fields.staff_only]
    counts = {
        "total": func.count(),
        **{field: _filled(field) for field in filled},
        "linked": func.count(col(Contact.customer_user_id)),
        "confirmed": func.count().filter(col(Contact.last_confirmed_at) >= since),
        "stale": func.count().filter(col(Contact.stale)),
    }
    per_source = (
        select(Contact.source, *(count.label(name) for name, count in counts.items()))
        .where(col(Contact.status) == "active")
        .group_by(Contact.source)
    )
    with read_scope(engine) as s:
        sources = [row._mapping for row in s.exec(per_source)]
        unreachable = s.exec(
            select(func.count()).select_from(Reminder).where(col(Reminder.state) == "unreachable")
        ).one()
        open_dupes = s.exec(
            select(func.count())
            .select_from(DuplicateCandidate)
            .where(col(DuplicateCandidate.status) == "open")
        ).one()
    sums = {name: sum(row[name] for row in sources) for name in counts}
    total = sums["total"]
    return {
        "total": total, "by_source": {row["source"]: row["total"] for row in sources},
        "completeness": {f: round(100 * sums[f] / total) if total else 0 for f in filled},
        "customers": {"linked": sums["linked"], "confirmed": sums["confirmed"],
                      "stale": sums["stale"], "unreachable": unreachable},
        "open_duplicates": open_dupes,
    }  # fmt: skip


def _filled(field: str) -> Any:
    """Counts the rows with a value: a column that is not NULL, or a custom field named in the
    plain `extra_keys` (no row decrypted)."""
    if field in CONTACT_COLUMNS:
        return func.count(getattr(Contact, field))
    return func.count().filter(col(Contact.extra_keys).like(f"%,{field},%"))


def can_invite(turn: Turn, contact: Contact) -> bool:
    return is_staff(turn.user.role) and can_see_contact(
        turn.user.role, turn.user.id, contact.owner_id, reps_see_all=turn.core.settings.reps_see_all
    )
