"""The core: one update in, one transaction, replies out.

Handlers call `Core.handle` (in a worker thread: it does blocking database work) with plain events.
It loads the user and the chat's conversation state, applies the role rules, runs the pure state
machine in bot/flow.py and the effects it asks for, and stores the new state in the same
transaction as any saved contact — so a crash leaves either both or neither.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import phonenumbers
from phonenumbers import SUPPORTED_REGIONS, PhoneNumberFormat, PhoneNumberType
from sqlalchemy import Engine
from sqlmodel import Session

from bot import commands, contacts, customers, duplicates, flow, hooks, registry, reports, team
from bot.config import Settings
from bot.i18n import LANGUAGES, language_for, language_region, plural_form, t, user_language
from bot.limits import RateLimiter
from bot.matching import Match, Person
from bot.replies import Action, Alert, Button, Outcome, Reply, rows
from bot.roles import can_see_contact, is_staff, refusal_key, stale_key
from storage import repo
from storage.db import checkpoint, read_scope, session_scope
from storage.files import (
    card_images_older_than,
    delete_card_image,
    erasure_ledger_size,
    save_card_image,
)
from storage.models import Contact, User, utcnow

log = logging.getLogger(__name__)

ORPHAN_CARD_SECONDS = 2 * 24 * 3600  # a card photo no saved contact took up within two days


@dataclass(frozen=True)
class Actor:
    """Who sent the update, as Telegram describes them."""

    user_id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class Photo:
    """A photo or image file arrived; the handler reads it only if the core says so."""


@dataclass(frozen=True)
class CardFailed:
    reason: str  # an ocr ImageRejected reason, "unreadable" or "unreadable_small"


@dataclass(frozen=True)
class CardPhoto:
    """A card that was read: the fields for the draft, and the photo to keep with the contact."""

    read: flow.CardRead
    image: bytes = field(repr=False)


Event = (
    flow.Text | flow.Command | flow.Press | flow.SharedContact | flow.Unsupported | Photo
    | CardPhoto | CardFailed
)  # fmt: skip


READ_FIRST_ATTEMPTS = 3
"""Runs of a turn at most: two that may stop for a duplicate check read outside the writer
lock (a second when the draft changed meanwhile through another instance), then one that
checks inside its transaction."""


class ReadFirst(Exception):
    """A turn's duplicate check, asked of `Core.handle` to read before the turn runs again."""

    def __init__(self, values: dict[str, str], exclude_id: int | None) -> None:
        super().__init__("duplicate check read first")
        self.values, self.exclude_id = values, exclude_id
        self.key = json.dumps([values, exclude_id], sort_keys=True, ensure_ascii=False)


class Core:
    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.admin_ids = frozenset(settings.admin_ids)
        self.bot_username = "capture_bot"  # replaced by the real one once the bot is connected
        self.limiter = RateLimiter(settings.user_rate_limit, settings.user_rate_window)
        duplicates.load_model(engine)  # the weights this deployment's contacts gave, if any
        self._unreachable_ids: set[int] | None = None  # loaded at the first use
        self._ledger_at_checkpoint = -1  # the first checkpoint empties the WAL

    @property
    def _unreachable(self) -> set[int]:
        """Users with a delivery failure on record: only a send to one of them writes when it
        gets through (every other successful send costs nothing)."""
        if self._unreachable_ids is None:
            with read_scope(self.engine) as session:
                self._unreachable_ids = repo.undelivered_user_ids(session)
        return self._unreachable_ids

    # --- entry point -----------------------------------------------------------------------

    def handle(self, actor: Actor, event: Event, update_id: int | None = None) -> Outcome:
        """`update_id`: a redelivered update (same id) is applied once and answered once.

        A long read (`Outcome.after_commit`) runs after the commit, outside the writer lock; a
        crash in between loses only that answer, never anything the user entered.

        The duplicate check before a save is read before the turn takes the writer lock: the
        turn stops where it needs it (`ReadFirst`, rolled back, nothing written), the check
        runs on a read snapshot, and the turn runs again from the start with its answer. At
        10^6 contacts the check is the longest part of a save, and on SQLite every other chat's
        update waited for it. A contact saved in the instant between is not in that snapshot,
        as if it had been saved a moment later; the scheduled scan still pairs the two.
        PostgreSQL has no one writer to keep free, only this chat's own lock: the check reads
        inside the one turn, which saves running the turn twice (10^6: Save p50 32 ms)."""
        checked: dict[str, list[tuple[Contact, Match]]] = {}
        read_first = self.engine.dialect.name == "sqlite"
        for _ in range(READ_FIRST_ATTEMPTS - 1 if read_first else 0):
            try:
                outcome = self._handle(actor, event, update_id, checked, defer=True)
                break
            except ReadFirst as needed:
                with read_scope(self.engine) as session:
                    checked[needed.key] = contacts.find_duplicates(
                        session, needed.values, threshold=self.settings.dedupe_threshold,
                        exclude_id=needed.exclude_id,
                    )  # fmt: skip
        else:
            outcome = self._handle(actor, event, update_id, checked, defer=False)
        if outcome.after_commit is not None:
            read, outcome.after_commit = outcome.after_commit, None
            outcome.replies.extend(read())
        return outcome

    def _handle(
        self,
        actor: Actor,
        event: Event,
        update_id: int | None,
        checked: dict[str, list[tuple[Contact, Match]]],
        *,
        defer: bool,
    ) -> Outcome:
        with session_scope(self.engine) as session:
            repo.lock_chat(session, actor.user_id)
            if update_id is not None and not repo.claim_update(session, update_id):
                return Outcome()
            user = repo.touch_user(
                session, actor.user_id, first_name=actor.first_name, username=actor.username,
                language_code=actor.language_code, admin_ids=self.admin_ids,
            )  # fmt: skip
            if user.undelivered_at is not None:  # they wrote to us: reachable again
                repo.clear_undelivered(session, user)
                self._unreachable.discard(user.id)
            turn = Turn(self, session, user, checked, defer=defer)
            outcome = (
                turn.dispatch(event)
                if user.active
                else Outcome([turn.say("team.you_are_disabled")], refused=True)
            )
            outcome.lang = turn.lang
            outcome.alerts.extend(turn.alerts)
            outcome.hooks_written = bool(session.info.get(hooks.WRITTEN))
            menu = f"{user.role}:{turn.lang}"
            if user.menu_role != menu:
                user.menu_role = menu
                outcome.menu_role = user.role or ""
            session.add(user)
            return outcome

    def undelivered(self, alert: Alert, reason: str) -> list[Alert]:
        """Record a side message Telegram refused; on a member's first failure, the notice for
        whoever invited them (else the admins), so someone can ask them to open the bot."""
        self._unreachable.add(alert.chat_id)
        with session_scope(self.engine) as session:
            first = repo.record_undelivered(session, alert.chat_id, reason, alert.candidate_id)
            if not first or alert.candidate_id is None:
                return []
            member = repo.get_user(session, alert.chat_id)
            told = repo.inviter_of(session, alert.chat_id)
            inviter = repo.get_user(session, told) if told is not None else None
            if inviter is not None and inviter.active and inviter.id != alert.chat_id:
                recipients = [inviter]
            else:  # given the role from the command line: the admins (ADMIN_IDS) hear of it
                ids = self.admin_ids - {alert.chat_id}
                known = {u.id: u for u in repo.users_by_ids(session, set(ids))}
                recipients = [known.get(i) or User(id=i) for i in sorted(ids)]
            member = member or User(id=alert.chat_id)
            link = f"https://t.me/{self.bot_username}"
            notices = []
            for user in recipients:
                lang = user_language(user)
                reason_text = t(lang, f"undelivered.{reason}")
                text = t(
                    lang, "team.unreachable_notice", who=team.member_label(lang, member),
                    link=link, reason=reason_text,
                )  # fmt: skip
                notices.append(Alert(user.id, Reply(text)))
            return notices

    def warm_up(self) -> None:
        """Load at start-up what the first turns would otherwise load while a rep waits (the
        first /new after a start took 150 ms, nine in ten of it Babel's locale data; the first
        phone, e-mail and save 25-50 ms more): plural rules, each field's validator on a
        number, an address and a date, and the duplicate check's statements. Writes nothing."""
        for lang in LANGUAGES:
            plural_form(lang, 1)
        region = self.settings.default_region
        example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
        number = (
            phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL) if example else ""
        )
        fields = registry.current()
        samples: dict[str, str] = {}
        for text in (number, "warm.up@example.com", "next friday"):
            for key in fields.editable:
                value = fields.validate(key, text, region)
                if isinstance(value, str):
                    samples.setdefault(key, value)
        samples["name"] = "Warm Up"
        with read_scope(self.engine) as session:
            contacts.find_duplicates(session, samples, threshold=self.settings.dedupe_threshold)

    def delivered(self, user_id: int) -> None:
        """A message to `user_id` got through: any failure on record is cleared."""
        if user_id not in self._unreachable:
            return
        self._unreachable.discard(user_id)
        with session_scope(self.engine) as session:
            user = repo.get_user(session, user_id)
            if user is not None:
                repo.clear_undelivered(session, user)

    def sync_admins(self) -> list[int]:
        """At start-up: whoever is no longer in ADMIN_IDS is no longer an admin."""
        with session_scope(self.engine) as session:
            demoted = repo.sync_admins(session, self.admin_ids)
        if demoted:
            log.warning("no longer in ADMIN_IDS, admin role removed: %s", demoted)
        return demoted

    def replay_erasures(self) -> list[int]:
        """At start-up and after a restore: nobody erased comes back with an older backup."""
        with session_scope(self.engine) as session:
            erased = customers.replay_erasures(session, self.settings.capture_data_dir)
        if erased:
            log.warning("erased again (the database predates their erasure): %s", erased)
        return erased

    def checkpoint(self) -> bool:
        """SQLite's WAL into the database file, on the bot's timer instead of in a chat's commit
        (`storage.db.make_engine`'s `background_checkpoints`). After an erasure (the erasure
        ledger grew, whoever erased) the WAL is emptied too: its older frames still hold the
        pages the erasure overwrote. True when nothing was left to do."""
        ledger = erasure_ledger_size(self.settings.capture_data_dir)
        truncate = ledger != self._ledger_at_checkpoint
        done = checkpoint(self.engine, truncate=truncate)
        if truncate and done:
            self._ledger_at_checkpoint = ledger
        return done

    def expire_cards(self) -> int:
        """Delete card photos past CARD_RETENTION_DAYS, and photos of drafts never saved."""
        data_dir = self.settings.capture_data_dir
        before = utcnow() - timedelta(days=self.settings.card_retention_days)
        removed = 0
        with session_scope(self.engine) as session:
            for contact in repo.contacts_with_cards_before(session, before):
                delete_card_image(data_dir, contact.card_path or "")
                repo.record_audit(
                    session, None, "card_expired", contact_id=contact.id, old=contact.card_path
                )
                contact.card_path = None
                session.add(contact)
                removed += 1
        removed += reports.remove_stale_exports(data_dir)
        stale = card_images_older_than(data_dir, ORPHAN_CARD_SECONDS)
        with session_scope(self.engine) as session:
            kept = repo.referenced_card_paths(session, stale)
        for path in set(stale) - kept:
            delete_card_image(data_dir, path)
            removed += 1
        return removed

    def export(
        self, job: reports.ExportJob, progress: Callable[[int, int], None]
    ) -> reports.ExportResult:
        """An /export, run by the handler in a worker thread outside any transaction."""
        return reports.build_export(self.engine, self.settings, job, progress)

    def claim_job(self, key: str) -> bool:
        """Whether this instance runs the job `key` (several instances share one database)."""
        with session_scope(self.engine) as session:
            return repo.claim_job(session, key)

    def forget_old_updates(self) -> int:
        """Redeliveries come within minutes; two days of update ids is plenty."""
        with session_scope(self.engine) as session:
            return repo.forget_updates_before(session, utcnow() - timedelta(days=2))

    def scan(self, user_id: int) -> Outcome:
        """A manager's /scan, run by the handler off the event loop and outside any transaction."""
        lang = self.language_of(user_id, None)
        return duplicates.scan_and_alert(self.engine, self.settings.dedupe_threshold, lang)

    def language_of(self, user_id: int, language_code: str | None) -> str:
        """For messages sent outside `handle` (errors, a /scan's result): the language the
        user chose, else the one their Telegram app reported when we last saw them."""
        with session_scope(self.engine) as session:
            user = repo.get_user(session, user_id)
            if user is not None and (user.language or user.language_code):
                return user_language(user)
            return language_for(language_code)


class Turn:
    """The handling of one update: the user, their language and region, and the session.

    What the command and button handlers in other modules get (bot/commands.py)."""

    core: Core
    session: Session
    user: User
    lang: str
    region: str
    ctx: flow.Ctx

    def __init__(
        self,
        core: Core,
        session: Session,
        user: User,
        checked: dict[str, list[tuple[Contact, Match]]],
        *,
        defer: bool,
    ) -> None:
        self.core = core
        self.session = session
        self.user = user
        # duplicate checks read before this turn's transaction (Core.handle), by ReadFirst.key
        self.checked = checked
        self.defer_checks = defer
        self.lang = user_language(user)
        # a customer's own country: from their language (zh → CN, en-US → US) before the
        # company's DEFAULT_REGION; their number on record comes first in the flow (region_of)
        own = None if is_staff(user.role) else language_region(user.language_code)
        if own is None and not is_staff(user.role) and self.lang == "zh":
            own = "CN"
        own = own if own in SUPPORTED_REGIONS else None
        self.region = user.region or own or core.settings.default_region
        self.ctx = flow.Ctx(self.lang, self.region)
        self.alerts: list[Alert] = []
        # The people this turn's duplicate check found nobody like, as (person, exclude id).
        self.checked_clear: list[tuple[Person, int | None]] = []

    def say(self, key: str, **params: object) -> Reply:
        return Reply(t(self.lang, key, **params))

    # --- routing -----------------------------------------------------------------------------

    def dispatch(self, event: Event) -> Outcome:
        role = self.user.role
        if isinstance(event, flow.Text):
            payload = customers.pasted_payload(event.text, self.core.bot_username)
            if payload is not None:
                return self.command(flow.Command("start", payload))
        if isinstance(event, flow.Command):
            return self.command(event)
        if isinstance(event, flow.Press) and event.rev is None:
            return self.menu_press(event)
        if not is_staff(role):
            return self.customer_event(event)
        if isinstance(event, Photo):
            state = self.load_state()
            if state is not None and state.mode == flow.Mode.EDIT:
                return Outcome([self.say("edit.finish_first")])
            return Outcome([self.say("card.reading")], read_card=True)
        if isinstance(event, CardPhoto):
            path = save_card_image(self.core.settings.capture_data_dir, event.image)
            card = replace(event.read, card_path=path)
            return self.run_flow(lambda state: flow.on_card(self.ctx, state, card))
        if isinstance(event, CardFailed):
            return self.card_failed(event.reason)
        state = self.load_state()
        if state is None:
            if isinstance(event, flow.Press):
                return self.stale_ended()
            return Outcome([self.say("idle.hint")])
        return self.step_flow(state, event)

    def customer_event(self, event: Event) -> Outcome:
        """Customers and strangers: their own flow, their own shared number, else a hint."""
        state = self.load_state()
        flow_input = (flow.Text, flow.Press, flow.SharedContact, flow.Unsupported)
        in_flow = state is not None and state.mode in flow.CUSTOMER_MODES
        if in_flow and state is not None and isinstance(event, flow_input):
            return self.step_flow(state, event)
        if isinstance(event, flow.SharedContact) and event.own:
            return customers.shared_own_phone(self, event.phone)
        if isinstance(event, flow.Press):
            return self.stale_ended()
        if self.user.role == "customer":
            return Outcome([self.say("customer.hint")])
        return Outcome([self.stranger_hello()])

    def stranger_hello(self) -> Reply:
        return Reply(
            t(self.lang, "stranger.hello"),
            keyboard="contact",
            contact_button_label=t(self.lang, "button.share_my_phone"),
        )

    def stale_ended(self) -> Outcome:
        """A button of a conversation that has ended, answered for this user's role
        (`roles.stale_key`); someone without one hears why, as for a refusal."""
        key = stale_key(self.user.role)
        return Outcome([self.say(key) if key is not None else self.refusal()], refused=True)

    def refusal(self) -> Reply:
        """A command or button not for this user's role (`roles.refusal_key`); someone without
        one hears why: they declined the consent text, their data was erased (a consent they
        gave stays on record), or, new here, the stranger text."""
        key = refusal_key(self.user.role)
        if key is not None:
            return self.say(key)
        consents = repo.consents_of(self.session, self.user.id)
        if any(c.accepted for c in consents):
            return self.say("role.data_erased")
        if consents:
            return self.say("role.declined")
        return self.stranger_hello()

    def command(self, cmd: flow.Command) -> Outcome:
        """A typed command, checked against its declaration (bot/commands.py) and run."""
        command = commands.BY_NAME.get(cmd.name)
        if command is None:
            return Outcome([self.say("command.unknown", command=cmd.name)])
        if not commands.allowed(cmd.name, self.user.role):
            return Outcome([self.refusal()])
        return command.run(self, cmd)

    def menu_press(self, press: flow.Press) -> Outcome:
        """Buttons not tied to a conversation step (menus, paging, views, language, consent),
        checked against their declaration (bot/commands.py) and run."""
        button = commands.BUTTONS.get(press.action)
        if button is None:
            return self.stale_ended()
        if not commands.may_press(press.action, self.user.role):
            return Outcome([self.refusal()], refused=True)
        return button.run(self, press)

    def set_language(self, lang: str) -> Outcome:
        if lang not in LANGUAGES:
            return self.stale_ended()
        repo.set_language(self.session, self.user, lang)
        self.lang = lang
        self.ctx = flow.Ctx(self.lang, self.region)
        return Outcome([self.say("language.set"), self.main_menu()])

    # --- the conversation ---------------------------------------------------------------------

    def load_state(self) -> flow.State | None:
        data = repo.load_conversation(self.session, self.user.id)
        return flow.State.from_dict(data) if data else None

    def run_flow(
        self, first: Callable[[flow.State | None], flow.Transition], state: flow.State | None = None
    ) -> Outcome:
        """Run one transition and the effects it asks for, then persist the resulting state."""
        if state is None:
            state = self.load_state()
        transition = first(state)
        replies, refused = list(transition.replies), transition.refused
        while transition.effects:
            waiting = transition.state
            assert waiting is not None, "an effect comes with the state that takes its result"
            result = self.perform(transition.effects[0])
            transition = flow.step(waiting, result, self.ctx)
            replies.extend(transition.replies)
        final = transition.state
        repo.save_conversation(self.session, self.user.id, final.to_dict() if final else None)
        return Outcome(replies, refused=refused)

    def step_flow(self, state: flow.State, event: flow.Input) -> Outcome:
        """One input into the conversation going on."""
        return self.run_flow(lambda _state: flow.step(state, event, self.ctx), state)

    def perform(self, effect: flow.Effect) -> flow.Input:
        if isinstance(effect, flow.CheckDuplicates):
            exclude = effect.exclude_id
            if exclude is not None:  # an edit of a record merged meanwhile: not its own duplicate
                kept = contacts.kept_record(self.session, repo.get_contact(self.session, exclude))
                exclude = kept.id if kept is not None else exclude
            return flow.DuplicateCheck(tuple(self.duplicates(effect.values, exclude)))
        by_customer = effect.source == "self"
        contact: Contact | None
        merged_from: int | None = None
        if effect.contact_id is None:
            owner: int | None = self.user.id
            if by_customer:  # a customer's own record belongs to whoever ran their campaign
                campaign = repo.get_campaign(self.session, effect.campaign or "")
                owner = campaign.created_by if campaign else None
            contact = contacts.create(
                self.session, effect.values, owner_id=owner, source=effect.source,
                actor_id=self.user.id, card_path=effect.card_path,
            )  # fmt: skip
            if by_customer:
                customers.link_customer(self.session, self.core.settings, contact, self.user.id)
        else:
            # merged by a manager meanwhile: the edit goes to the record it now lives in
            contact = contacts.kept_record(
                self.session, repo.get_contact(self.session, effect.contact_id)
            )
            refused = self.edit_refused(contact, by_customer)
            if refused is not None:
                return flow.SaveRefused(refused)
            assert contact is not None
            changes: dict[str, str | None] = {f: effect.values.get(f) for f in effect.changed}
            merged_from = effect.contact_id if contact.id != effect.contact_id else None
            if merged_from is not None:
                changes = contacts.followed_changes(contact, changes, effect.loaded)
            changed = contacts.update(self.session, contact, changes, actor_id=self.user.id)
            if "phone" in changed:
                contact.phone_verified = False
            if not changed and not by_customer:  # the record already held these values
                return flow.Saved(
                    contact.id or 0, created=False, changed=False, merged_from=merged_from
                )
        if by_customer:
            contact.phone_verified = contact.phone_verified or bool(
                effect.values.get("phone_verified") and contact.phone == effect.values.get("phone")
            )
            customers.mark_confirmed(self.session, self.core.settings, contact)
        self.flag_duplicates(contact, created=effect.contact_id is None)
        return flow.Saved(
            contact.id or 0, created=effect.contact_id is None, merged_from=merged_from
        )

    def edit_refused(self, contact: Contact | None, by_customer: bool) -> str | None:
        """Checked again at Save, on the record a merge meanwhile kept: the lead may have been
        erased or reassigned, or the customer unlinked, since the draft was opened; then nothing
        is written."""
        if contact is None or contact.status != "active":
            return "edit.gone"
        if by_customer:
            return None if contact.customer_user_id == self.user.id else "edit.gone"
        owner_ok = can_see_contact(
            self.user.role, self.user.id, contact.owner_id,
            reps_see_all=self.core.settings.reps_see_all,
        )  # fmt: skip
        return None if owner_ok else "edit.not_yours_now"

    def flag_duplicates(self, contact: Contact, *, created: bool = False) -> None:
        """A save that still looks like someone else becomes a candidate the managers hear of.

        When this same transaction's check already found nobody like exactly these values (the
        usual Save), the search is not run again: the saved contact can only take a place in the
        blocks it joined, so the second search would see a subset of the same contacts, scored
        against the same person. A check in an earlier update ("Save anyway") is searched again.
        """
        values = contacts.values_of(contact)
        saved = contacts.person(values)
        if any(
            person == saved and (exclude == contact.id or (created and exclude is None))
            for person, exclude in self.checked_clear
        ):
            return
        matches = contacts.find_duplicates(
            self.session, values, threshold=self.core.settings.dedupe_threshold,
            exclude_id=contact.id,
        )  # fmt: skip
        candidates = contacts.record_candidates(self.session, contact.id or 0, matches)
        self.alerts.extend(duplicates.alerts_for(self.session, candidates))

    def duplicates(self, values: dict[str, str], exclude_id: int | None) -> list[dict[str, Any]]:
        """Saved contacts that look like this person, described for the rep's warning; read
        outside the writer lock when the turn may be run again (`Core.handle`)."""
        needed = ReadFirst(values, exclude_id)
        found = self.checked.get(needed.key)
        if found is None:
            if self.defer_checks:
                raise needed
            found = contacts.find_duplicates(
                self.session, values, threshold=self.core.settings.dedupe_threshold,
                exclude_id=exclude_id,
            )  # fmt: skip
        if not found:
            self.checked_clear.append((contacts.person(values), exclude_id))
        return [
            duplicates.warning_match(
                self.session,
                self.user,
                self.lang,
                contact,
                match,
                reps_see_all=self.core.settings.reps_see_all,
            )
            for contact, match in found
        ]

    def card_failed(self, reason: str) -> Outcome:
        return Outcome(
            [
                Reply(
                    t(self.lang, f"card.rejected.{reason}"),
                    rows(Button(t(self.lang, "button.type_instead"), Action.NEW)),
                )
            ]
        )

    # --- commands ----------------------------------------------------------------------------

    def main_menu(self) -> Reply:
        """What follows a language change or joining the team: the role's own starting point."""
        if self.user.role == "customer":
            return self.say("customer.hint")
        if not is_staff(self.user.role):
            return self.stranger_hello()
        return Reply(
            t(self.lang, "menu.title"),
            rows(
                Button(t(self.lang, "button.new_lead"), Action.NEW),
                Button(t(self.lang, "button.my_leads"), Action.MINE, "0"),
                Button(t(self.lang, "button.help"), Action.HELP),
                per_row=3,
            ),
        )

    def cmd_start(self, arg: str = "") -> Outcome:
        """/start, or a deep link's payload: a team invite (r_...), a customer's or a campaign's."""
        if arg.startswith("r_"):
            return team.join(self, arg)
        if arg:
            linked = customers.start_with_payload(self, arg)
            if linked is not None:
                return linked
        hello = self.say("start.hello", name=self.user.first_name or "")
        if self.user.role == "customer" and customers.my_contact(self) is not None:
            return customers.my_record(self)
        if not is_staff(self.user.role):
            return Outcome([hello, self.stranger_hello()])
        return Outcome([hello, self.main_menu()])

    def cmd_new(self) -> Outcome:
        return self.run_flow(lambda state: flow.start(self.ctx, state))

    def cmd_help(self) -> Outcome:
        lines = [t(self.lang, "help.title")]
        lines += [f"/{c} — {t(self.lang, key)}" for c, key in commands.menu_of(self.user.role)]
        if is_staff(self.user.role):
            lines.append("")
            lines.append(t(self.lang, "help.capture_tips"))
        return Outcome([Reply("\n".join(lines))])

    def cmd_language(self) -> Outcome:
        return Outcome(
            [
                Reply(
                    t(self.lang, "language.choose"),
                    rows(
                        Button("English", Action.LANGUAGE, "en"),
                        Button("中文", Action.LANGUAGE, "zh"),
                        per_row=2,
                    ),
                )
            ]
        )
