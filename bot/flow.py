"""The capture conversation as a pure state machine: state + input -> new state + replies.

No Telegram types and no database here. The core (bot/core.py) loads the state, feeds inputs, runs
the effects this module asks for (duplicate check, save) and feeds their results back in, then
stores the new state in the same transaction. Because the whole state is plain data persisted on
every step, a restart or another instance continues the conversation where it was.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot import registry
from bot.fields import Rejected, doubt, format_phone, phone_region
from bot.i18n import t
from bot.replies import Action, Button, Reply, rows


class Mode(StrEnum):
    """What a conversation is for (stored as a plain string in the conversation's JSON)."""

    NEW = "new"  # a rep captures a lead
    EDIT = "edit"  # a rep changes saved contact `contact_id`
    SELF = "self"  # a customer changes their own record
    REGISTER = "register"  # a customer enters themselves


class Step(StrEnum):
    """Where a conversation is when it is not asking a field (then the step is the field's key)."""

    SUMMARY = "summary"
    EDIT_MENU = "edit_menu"
    CONFIRM_CANCEL = "confirm_cancel"
    EMAIL_TYPO = "email_typo"
    DUPLICATE = "duplicate"
    SAVING = "saving"
    CARD_CHOICE = "card_choice"  # a card photo came while a draft held answers: which to keep


class FlowAction(StrEnum):
    """The buttons of a conversation's steps (a plain string in the callback data)."""

    SAVE = "save"
    SAVE_ANYWAY = "save_anyway"
    UPDATE = "update"  # update the duplicate instead
    EDIT = "edit"
    FIELD = "field"
    SUMMARY = "summary"
    PICK = "pick"
    KEEP = "keep"
    SKIP = "skip"
    CANCEL = "cancel"
    DISCARD = "discard"
    CANCEL_YES = "cancel_yes"
    CANCEL_NO = "cancel_no"
    RESUME = "resume"
    RESTART = "restart"
    EMAIL_USE = "email_use"
    EMAIL_KEEP = "email_keep"
    CARD_SAVE_FIRST = "card_save"  # save the open draft, then read the card that came
    CARD_DISCARD = "card_discard"  # drop the open draft, read the card
    CARD_IGNORE = "card_ignore"  # keep the open draft, forget the card


# walk the questions in order to create a contact
ASKING_MODES = frozenset({Mode.NEW, Mode.REGISTER})
CUSTOMER_MODES = frozenset({Mode.SELF, Mode.REGISTER})  # a customer about their own record
SKIP_BUTTON_AFTER = 3  # rejected answers before an optional question offers a Skip button


# --- state -------------------------------------------------------------------------------


@dataclass
class State:
    # new: a rep captures a lead | edit: a rep changes saved contact `contact_id`
    # self: a customer changes their own record | register: a customer enters themselves
    mode: str = Mode.NEW
    step: str = "name"  # a field, or summary | edit_menu | confirm_cancel | email_typo | duplicate
    draft: dict[str, str] = field(default_factory=dict)
    contact_id: int | None = None
    source: str = "manual"
    back_to_summary: bool = False  # a field picked from Edit returns to the summary when answered
    queue: list[str] = field(default_factory=list)  # fields still to ask, e.g. doubtful card fields
    rejects: int = 0
    pending: dict[str, Any] = field(default_factory=dict)
    return_step: str | None = None  # where "No, keep going" after /cancel goes back to
    card_path: str | None = None  # the business-card photo this draft was read from
    campaign: str | None = None  # the campaign a self-registering customer came through
    # the saved contact's values when an edit began: a Save writes only what differs from them,
    # so fields nobody touched (or someone else changed meanwhile) are left as they are
    original: dict[str, str] = field(default_factory=dict)
    # the person's own country (their card's): numbers typed without + are read in it
    region: str | None = None
    # a card read while this draft held answers (CardRead as plain data): it waits for the rep's
    # choice, and after "Save first" for the draft to be saved or discarded; never merged into it
    card: dict[str, Any] | None = None
    card_return: str | None = None  # where "Keep it, ignore the photo" goes back to
    rev: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


# --- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Command:
    name: str  # new | back | skip | cancel
    arg: str = ""


@dataclass(frozen=True)
class Press:
    action: str
    arg: str = ""
    rev: int | None = None


@dataclass(frozen=True)
class SharedContact:
    phone: str
    first_name: str
    last_name: str | None = None
    own: bool = False  # the sender's own number (Telegram checked it): a verified phone


@dataclass(frozen=True)
class Unsupported:
    kind: str  # sticker, voice, location, animation, ...


@dataclass(frozen=True)
class StartEdit:
    contact_id: int
    values: dict[str, str]


@dataclass(frozen=True)
class CardRead:
    """A business card read by OCR: the values found and the ones to ask the rep about."""

    values: dict[str, str]
    doubtful: tuple[str, ...]
    card_path: str | None = None
    region: str | None = None  # the card's country, from the numbers printed on it
    fax: str | None = None  # E.164; a fax is never the phone: it goes into the notes, apart
    small_photo: bool = False  # read from a small photo: a larger one would read better


@dataclass(frozen=True)
class DuplicateCheck:
    """The core's answer to CheckDuplicates: brief descriptions of matching saved contacts."""

    matches: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Saved:
    contact_id: int
    created: bool
    changed: bool = True  # False: an edit whose values the record already held, nothing written
    merged_from: int | None = None  # the edited record, merged meanwhile into `contact_id`


@dataclass(frozen=True)
class SaveRefused:
    """The core's answer when the contact was erased, merged or taken away while editing."""

    reason: str  # a message key


Input = (
    Text | Command | Press | SharedContact | Unsupported | StartEdit | CardRead
    | DuplicateCheck | Saved | SaveRefused
)  # fmt: skip


# --- effects: work the core does for the machine -------------------------------------------


@dataclass(frozen=True)
class CheckDuplicates:
    values: dict[str, str]
    exclude_id: int | None


@dataclass(frozen=True)
class SaveContact:
    values: dict[str, str]
    source: str
    contact_id: int | None  # None: create
    card_path: str | None = None
    campaign: str | None = None
    changed: tuple[str, ...] = ()  # an edit: the only fields to write (see State.original)
    loaded: dict[str, str] = field(default_factory=dict)  # those fields as the edit loaded them


Effect = CheckDuplicates | SaveContact


@dataclass(frozen=True)
class Ctx:
    lang: str
    region: str


@dataclass
class Transition:
    state: State | None  # None: the conversation is over
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    refused: bool = False  # a button press that did nothing (out of date, wrong step)


# --- the machine ---------------------------------------------------------------------------


def start(ctx: Ctx, existing: State | None) -> Transition:
    """/new: a fresh lead, or a choice when an unfinished one exists."""
    if existing is not None and existing.draft:
        state = _bump(existing)
        name = existing.draft.get("name") or "—"
        return Transition(
            state,
            [
                Reply(
                    t(ctx.lang, "capture.resume_question", name=name),
                    rows(
                        Button(t(ctx.lang, "button.resume"), FlowAction.RESUME, rev=state.rev),
                        Button(t(ctx.lang, "button.start_over"), FlowAction.RESTART, rev=state.rev),
                        per_row=2,
                    ),
                )
            ],
        )
    state = State(rev=(existing.rev + 1) if existing else 1)
    return Transition(state, [_intro(state, ctx), _question(state, ctx)])


def _intro(state: State, ctx: Ctx) -> Reply:
    """How many questions /new asks: the built-ins and a deployment's own asked fields."""
    return Reply(t(ctx.lang, "capture.intro", count=len(asked_fields(state))))


def start_edit(
    ctx: Ctx, contact_id: int, values: dict[str, str], *, customer: bool = False
) -> Transition:
    """A rep's /edit, or a customer's Update of their own record: pick fields, then save."""
    mode, source = (Mode.SELF, "self") if customer else (Mode.EDIT, "manual")
    state = State(
        mode=mode, step=Step.EDIT_MENU, draft=dict(values), contact_id=contact_id, source=source,
        original=dict(values), rev=1,
    )  # fmt: skip
    return Transition(state, [_edit_menu(state, ctx)])


def start_register(ctx: Ctx, campaign: str | None = None) -> Transition:
    """A new customer enters their own details (after consent, through a campaign link)."""
    state = State(mode=Mode.REGISTER, step="name", source="self", campaign=campaign, rev=1)
    return Transition(state, [Reply(t(ctx.lang, "register.intro")), _prompt(state, ctx)])


def fields_of(state: State) -> tuple[str, ...]:
    """Every field this conversation may set: the edit menu offers all of them."""
    fields = registry.current()
    return fields.customer if state.mode in CUSTOMER_MODES else fields.editable


def asked_fields(state: State) -> tuple[str, ...]:
    """The questions walked in order (and always shown in the summary, empty or not)."""
    fields = registry.current()
    walked: dict[str, tuple[str, ...]] = {Mode.NEW: fields.asked, Mode.REGISTER: fields.register}
    return walked.get(state.mode, fields_of(state))


def changed_fields(state: State) -> tuple[str, ...]:
    """What this edit changed: the fields whose draft value differs from the loaded one."""
    draft, original = state.draft, state.original
    return tuple(f for f in fields_of(state) if (draft.get(f) or None) != (original.get(f) or None))


def on_card(ctx: Ctx, existing: State | None, card: CardRead) -> Transition:
    """A card photo was read. A draft already holding answers is never mixed with it nor
    dropped unasked: the rep chooses to save that draft first, discard it, or ignore the card."""
    if existing is None or existing.mode != Mode.NEW or not existing.draft:
        return start_card(ctx, existing, card)
    # where "Keep it" returns: the step the rep was at (a pending discard question is dropped)
    back: str | None = existing.step
    if existing.step == Step.CARD_CHOICE:
        back = existing.card_return
    elif existing.step == Step.CONFIRM_CANCEL:
        back = existing.return_step
    asking = _bump(replace(existing, step=Step.CARD_CHOICE, card=asdict(card), card_return=back))
    return Transition(asking, [_prompt(asking, ctx)])


def savable(state: State) -> bool:
    """Whether the draft could be saved as it is: every required field, and a phone or email."""
    draft = state.draft
    required = registry.current().required
    return all(draft.get(f) for f in required) and bool(draft.get("phone") or draft.get("email"))


def _waiting_card(state: State) -> CardRead | None:
    if state.card is None:
        return None
    return CardRead(**{**state.card, "doubtful": tuple(state.card.get("doubtful", ()))})


def _then_card(done: Transition, state: State, ctx: Ctx) -> Transition:
    """After the open draft was saved or discarded: the card waiting for it, from an empty draft."""
    card = _waiting_card(state)
    if card is None:
        return done
    after = start_card(ctx, state, card)
    return Transition(after.state, [*done.replies, *after.replies])


def start_card(ctx: Ctx, existing: State | None, card: CardRead) -> Transition:
    """A card fills a new, empty draft (nothing of an earlier one carried over); the doubtful or
    missing fields are asked next, then the summary."""
    draft = {k: v for k, v in card.values.items() if v}
    if card.fax:
        draft["notes"] = t(ctx.lang, "card.fax_note", fax=format_phone(card.fax, ctx.lang))
    fields = registry.current()
    asked = fields.asked
    queue = [f for f in asked if f in card.doubtful or (f in fields.required and f not in draft)]
    if not draft.get("phone") and not draft.get("email"):
        queue += [f for f in ("phone", "email") if f not in queue]
    queue.sort(key=asked.index)
    state = State(
        mode=Mode.NEW,
        draft=draft,
        source="card",
        queue=queue[1:],
        step=queue[0] if queue else Step.SUMMARY,
        card_path=card.card_path,
        region=card.region,
        rev=(existing.rev + 1) if existing else 1,
    )
    found = _summary_lines(state.draft, ctx)
    replies = [Reply(t(ctx.lang, "card.found", fields=found))]
    if card.fax:
        replies.append(Reply(t(ctx.lang, "card.fax_apart", fax=format_phone(card.fax, ctx.lang))))
    if queue:
        named = registry.current().label_list(queue, ctx.lang)
        replies.append(Reply(t(ctx.lang, "card.check_next", count=len(queue), fields=named)))
        if card.small_photo:  # the rep can act on why so much is asked
            replies.append(Reply(t(ctx.lang, "card.small_photo")))
    return Transition(state, [*replies, _prompt(state, ctx)])


def step(state: State, event: Input, ctx: Ctx) -> Transition:
    """Advance the conversation by one input."""
    if isinstance(event, Press):
        if event.rev != state.rev:
            return _refused(state, ctx)
        return _on_press(state, event, ctx)
    if isinstance(event, DuplicateCheck):
        return _on_duplicates(state, event, ctx)
    if isinstance(event, SaveRefused):
        return Transition(None, [Reply(t(ctx.lang, event.reason), keyboard="remove")])
    if isinstance(event, Saved) and state.mode in CUSTOMER_MODES:
        return Transition(None, [Reply(t(ctx.lang, "self.saved"), keyboard="remove")])
    if isinstance(event, Saved):
        key = "capture.saved" if event.created else "capture.updated"
        done = _done(state, key if event.changed else "capture.unchanged", event.contact_id, ctx)
        if event.merged_from is not None:  # the rep must know which record now holds the edit
            followed = t(ctx.lang, "edit.followed_merge", merged=event.merged_from,
                         survivor=event.contact_id)  # fmt: skip
            done.replies.insert(0, Reply(followed))
        return done
    if isinstance(event, Command):
        return _on_command(state, event, ctx)
    if state.step in fields_of(state) or state.step == Step.EMAIL_TYPO:
        field_name = "email" if state.step == Step.EMAIL_TYPO else state.step
        if isinstance(event, Text):
            return _answer(state, field_name, event.text, ctx)
        if isinstance(event, SharedContact):
            return _on_contact(state, field_name, event, ctx)
        return Transition(state, [Reply(t(ctx.lang, "capture.text_please")), _prompt(state, ctx)])
    # summary, menus and confirmations wait for a button
    return Transition(state, [Reply(t(ctx.lang, "capture.use_buttons")), _prompt(state, ctx)])


# --- transitions -----------------------------------------------------------------------------


def _refused(state: State, ctx: Ctx) -> Transition:
    """A press that does nothing here (out of date, or not for this step): said, and marked so
    the message it came from is not stamped as chosen."""
    stale = Reply(t(ctx.lang, "button.stale"))
    return Transition(state, [stale, _prompt(state, ctx)], refused=True)


def _done(state: State, key: str, contact_id: int, ctx: Ctx) -> Transition:
    """A rep's lead saved, updated or left unchanged; then the card that waited for it, if any."""
    name = state.draft.get("name", "")
    done = Transition(
        None,
        [
            Reply(
                t(ctx.lang, key, id=contact_id, name=name),
                rows(
                    Button(t(ctx.lang, "button.view"), Action.VIEW, str(contact_id)),
                    Button(t(ctx.lang, "button.new_lead"), Action.NEW),
                    per_row=2,
                ),
                keyboard="remove",
            )
        ],
    )
    return _then_card(done, state, ctx)


def region_of(state: State, ctx: Ctx) -> str:
    """Where a number typed without + is read: the person's own country (their number in this
    draft or on record, their card), else the chat's (a customer's language, DEFAULT_REGION)."""
    return phone_region(state.draft.get("phone")) or state.region or ctx.region


def _answer(state: State, field_name: str, text: str, ctx: Ctx) -> Transition:
    result = registry.current().validate(field_name, text, region_of(state, ctx))
    if isinstance(result, Rejected):
        rejected = replace(state, rejects=state.rejects + 1)
        reason = t(ctx.lang, result.reason, **result.params)
        return Transition(rejected, [Reply(reason), _prompt(rejected, ctx)])
    if (slip := doubt(field_name, result)) is not None:
        typo = _bump(
            replace(
                state, step=Step.EMAIL_TYPO, pending={"typed": result, "suggested": slip.suggested}
            )
        )
        return Transition(typo, [_prompt(typo, ctx)])
    return _accept(state, field_name, result, ctx)


def _accept(state: State, field_name: str, value: str | None, ctx: Ctx) -> Transition:
    draft = dict(state.draft)
    if field_name == "phone" and value != draft.get("phone"):
        draft.pop("phone_verified", None)
    if value:
        draft[field_name] = value
    else:
        draft.pop(field_name, None)
    return _advance(replace(state, draft=draft, pending={}), field_name, ctx)


def _advance(state: State, after: str, ctx: Ctx) -> Transition:
    """Go to the next question: back to the summary, the next queued field, or the next in order."""
    nxt: str  # a field's key or Step.SUMMARY
    if state.back_to_summary or state.mode not in ASKING_MODES:
        nxt, queue = Step.SUMMARY, state.queue
    elif state.source == "card":
        nxt, queue = (state.queue[0], state.queue[1:]) if state.queue else (Step.SUMMARY, [])
    else:
        order = asked_fields(state)
        index = order.index(after) + 1 if after in order else len(order)
        nxt, queue = (order[index] if index < len(order) else Step.SUMMARY), []
    moved = _bump(replace(state, step=nxt, queue=queue, rejects=0, back_to_summary=False))
    return Transition(moved, [_prompt(moved, ctx)])


def _on_contact(state: State, field_name: str, shared: SharedContact, ctx: Ctx) -> Transition:
    if field_name not in ("name", "phone"):
        return Transition(state, [Reply(t(ctx.lang, "capture.text_please")), _prompt(state, ctx)])
    if state.mode in CUSTOMER_MODES and not shared.own:  # someone else's card from their phone
        button = t(ctx.lang, "button.share_my_phone")
        said = Reply(t(ctx.lang, "askme.not_own_contact", button=button))
        return Transition(state, [said, _prompt(state, ctx)])
    draft = dict(state.draft)
    phone = registry.current().validate("phone", shared.phone, region_of(state, ctx))
    if isinstance(phone, Rejected):
        reason = t(ctx.lang, phone.reason, **phone.params)
        return Transition(state, [Reply(reason), _prompt(state, ctx)])
    draft["phone"] = phone
    if shared.own and state.mode in CUSTOMER_MODES:
        draft["phone_verified"] = "yes"
    else:
        draft.pop("phone_verified", None)
    full_name = " ".join(p for p in (shared.first_name, shared.last_name) if p)
    name = registry.current().validate("name", full_name, region_of(state, ctx))
    if not isinstance(name, Rejected) and (field_name == "name" or not draft.get("name")):
        draft["name"] = name
    if "name" not in draft:
        moved = _bump(replace(state, draft=draft, step="name", rejects=0))
        return Transition(moved, [_prompt(moved, ctx)])
    done = _bump(replace(state, draft=draft, pending={}))
    return _advance(done, "phone", ctx)


def _skip(state: State, ctx: Ctx) -> Transition:
    field_name = "email" if state.step == Step.EMAIL_TYPO else state.step
    if field_name not in fields_of(state):
        return Transition(
            state, [Reply(t(ctx.lang, "capture.cannot_skip_here")), _prompt(state, ctx)]
        )
    if field_name in registry.current().required:
        label = registry.current().label(field_name, ctx.lang)
        return Transition(
            state, [Reply(t(ctx.lang, "capture.required", field=label)), _prompt(state, ctx)]
        )
    other = {"phone": "email", "email": "phone"}.get(field_name)
    later = state.step == "phone" and state.mode in ASKING_MODES and not state.back_to_summary
    if other and not state.draft.get(other) and not later:
        return Transition(
            state, [Reply(t(ctx.lang, "capture.need_phone_or_email")), _prompt(state, ctx)]
        )
    return _accept(state, field_name, None, ctx)


def _on_command(state: State, cmd: Command, ctx: Ctx) -> Transition:
    if cmd.name == "skip":
        return _skip(state, ctx)
    if cmd.name == "back" and state.step == Step.CARD_CHOICE:
        return _ignore_card(state, ctx)
    if cmd.name == "back":
        return _back(state, ctx)
    if cmd.name == "cancel":
        if state.step == Step.CONFIRM_CANCEL:
            return Transition(state, [_prompt(state, ctx)])
        asking = _bump(replace(state, step=Step.CONFIRM_CANCEL, return_step=state.step))
        return Transition(asking, [_prompt(asking, ctx)])
    if cmd.name == "new":
        return start(ctx, state)
    return Transition(state, [_prompt(state, ctx)])


def _back(state: State, ctx: Ctx) -> Transition:
    """/back: the previous question (showing its current answer), or the menu it came from."""
    current = "email" if state.step == Step.EMAIL_TYPO else state.step
    order = asked_fields(state)
    asking = state.mode in ASKING_MODES
    if current == Step.CONFIRM_CANCEL:
        target = state.return_step or Step.SUMMARY
    elif current in fields_of(state) and (
        not asking or state.back_to_summary or current not in order
    ):
        target = Step.EDIT_MENU
    elif current in order:
        index = order.index(current)
        if index == 0:
            return Transition(state, [Reply(t(ctx.lang, "capture.at_first")), _prompt(state, ctx)])
        target = order[index - 1]
    elif current == Step.SUMMARY:
        target = order[-1] if asking else Step.EDIT_MENU
    else:
        target = Step.SUMMARY
    moved = _bump(
        replace(
            state, step=target, pending={}, rejects=0, queue=[], back_to_summary=False,
            return_step=None,
        )
    )  # fmt: skip
    return Transition(moved, [_prompt(moved, ctx)])


def _begin_save(state: State) -> Transition:
    """Save pressed: a lead is checked for duplicates first. A rep's edit that changed nothing
    is not: it goes straight to the core, which checks the record may still be edited (erased,
    reassigned), writes nothing and answers Saved(changed=False)."""
    if state.mode in CUSTOMER_MODES:
        return _save(state)  # checked after saving: a customer never sees anyone else's data
    if state.mode == Mode.EDIT and not changed_fields(state):
        return _save(state)
    checking = _bump(replace(state, step=Step.SAVING))
    return Transition(checking, effects=[CheckDuplicates(dict(state.draft), state.contact_id)])


def _ignore_card(state: State, ctx: Ctx) -> Transition:
    """Keep the open draft as it was; the card that came is forgotten."""
    kept = _bump(
        replace(state, step=state.card_return or Step.SUMMARY, card=None, card_return=None)
    )
    return Transition(kept, [Reply(t(ctx.lang, "card.ignored")), _prompt(kept, ctx)])


def _on_card_choice(state: State, action: str, ctx: Ctx) -> Transition:
    card = _waiting_card(state)
    if card is None:
        return _refused(state, ctx)
    if action == FlowAction.CARD_IGNORE:
        return _ignore_card(state, ctx)
    if action == FlowAction.CARD_DISCARD:
        after = start_card(ctx, state, card)
        return Transition(after.state, [Reply(t(ctx.lang, "card.draft_discarded")), *after.replies])
    if not savable(state):
        return _refused(state, ctx)
    # the card waits in the state through the duplicate check, until Saved or a discard
    return _begin_save(replace(state, step=Step.SUMMARY, card_return=None))


def _on_press(state: State, press: Press, ctx: Ctx) -> Transition:
    action = press.action
    if action == FlowAction.SAVE and state.step == Step.SUMMARY:
        return _begin_save(state)
    if (
        action in (FlowAction.CARD_SAVE_FIRST, FlowAction.CARD_DISCARD, FlowAction.CARD_IGNORE)
        and state.step == Step.CARD_CHOICE
    ):
        return _on_card_choice(state, action, ctx)
    if action == FlowAction.SAVE_ANYWAY and state.step == Step.DUPLICATE:
        return _save(state)
    if action == FlowAction.UPDATE and state.step == Step.DUPLICATE:
        return _update_instead(state, press.arg, ctx)
    if action == FlowAction.EDIT and state.step in (Step.SUMMARY, Step.DUPLICATE):
        menu = _bump(replace(state, step=Step.EDIT_MENU))
        return Transition(menu, [_prompt(menu, ctx)])
    if (
        action == FlowAction.FIELD
        and press.arg in fields_of(state)
        and state.step == Step.EDIT_MENU
    ):
        asking = _bump(replace(state, step=press.arg, back_to_summary=True, rejects=0))
        return Transition(asking, [_prompt(asking, ctx)])
    if action == FlowAction.SUMMARY and state.step == Step.EDIT_MENU:
        back = _bump(replace(state, step=Step.SUMMARY))
        return Transition(back, [_prompt(back, ctx)])
    if action == FlowAction.PICK and state.step in fields_of(state):
        return _answer(state, state.step, press.arg, ctx)
    if action == FlowAction.KEEP and state.step in fields_of(state):
        return _advance(state, state.step, ctx)
    if action == FlowAction.SKIP and state.step in fields_of(state):
        return _skip(state, ctx)
    if action in (FlowAction.CANCEL, FlowAction.DISCARD) and state.step in (
        Step.SUMMARY,
        Step.DUPLICATE,
        Step.EDIT_MENU,
    ):
        return _on_command(state, Command("cancel"), ctx)
    if action == FlowAction.CANCEL_YES and state.step == Step.CONFIRM_CANCEL:
        if state.card is not None:  # discarded: the card that came meanwhile is read now
            return _on_card_choice(state, FlowAction.CARD_DISCARD, ctx)
        key = "discarded" if state.mode in ASKING_MODES else "edit_discarded"
        key = ("self." if state.mode in CUSTOMER_MODES else "capture.") + key
        return Transition(None, [Reply(t(ctx.lang, key), keyboard="remove")])
    if action == FlowAction.CANCEL_NO and state.step == Step.CONFIRM_CANCEL:
        back = _bump(replace(state, step=state.return_step or Step.SUMMARY, return_step=None))
        return Transition(back, [_prompt(back, ctx)])
    if action == FlowAction.RESUME:
        again = _bump(state)
        return Transition(again, [_prompt(again, ctx)])
    if action == FlowAction.RESTART:
        fresh = State(rev=state.rev + 1)
        return Transition(fresh, [_intro(fresh, ctx), _prompt(fresh, ctx)])
    if action in (FlowAction.EMAIL_USE, FlowAction.EMAIL_KEEP) and state.step == Step.EMAIL_TYPO:
        chosen = state.pending["suggested" if action == FlowAction.EMAIL_USE else "typed"]
        return _accept(replace(state, step="email"), "email", chosen, ctx)
    return _refused(state, ctx)


def _on_duplicates(state: State, check: DuplicateCheck, ctx: Ctx) -> Transition:
    if not check.matches:
        return _save(state)
    lines = "\n".join(
        t(ctx.lang, "duplicate.line" if m.get("editable") else "duplicate.line_colleague", **m)
        for m in check.matches
    )
    warned = _bump(replace(state, step=Step.DUPLICATE, pending={"matches": list(check.matches)}))
    return Transition(
        warned, [Reply(t(ctx.lang, "duplicate.warning", matches=lines)), _prompt(warned, ctx)]
    )


def _update_instead(state: State, contact_id: str, ctx: Ctx) -> Transition:
    """Put what was typed onto the saved contact instead: its values, overridden by the new ones."""
    match = next(
        (
            m
            for m in state.pending.get("matches", [])
            if str(m["id"]) == contact_id and m.get("editable")
        ),
        None,
    )
    if match is None:
        return _refused(state, ctx)
    loaded = dict(match.get("values", {}))
    draft = {**loaded, **{k: v for k, v in state.draft.items() if v}}
    editing = State(
        mode=Mode.EDIT, step=Step.SUMMARY, draft=draft, contact_id=int(contact_id),
        source=state.source, original=loaded, card=state.card, rev=state.rev + 1,
    )  # fmt: skip
    return Transition(editing, [_prompt(editing, ctx)])


def _save(state: State) -> Transition:
    saving = _bump(replace(state, step=Step.SAVING))
    save = SaveContact(
        dict(state.draft),
        state.source,
        state.contact_id,
        state.card_path,
        state.campaign,
        changed_fields(state) if state.contact_id is not None else (),
        {f: state.original[f] for f in changed_fields(state) if f in state.original}
        if state.contact_id is not None else {},
    )  # fmt: skip
    return Transition(saving, effects=[save])


def forget_about(state: State, erased: set[int]) -> dict[str, Any]:
    """An open draft after these contacts were erased: their values gone from it. An edit of one
    keeps only its contact id, so its Save is refused (SaveRefused) rather than writing back."""
    pending = dict(state.pending)
    if "matches" in pending:
        pending["matches"] = [m for m in pending["matches"] if m.get("id") not in erased]
    step = (
        Step.SUMMARY if state.step == Step.DUPLICATE and not pending.get("matches") else state.step
    )
    if state.contact_id in erased:
        return asdict(replace(state, draft={}, original={}, pending={}, rev=state.rev + 1))
    return asdict(replace(state, pending=pending, step=step, rev=state.rev + 1))


def _bump(state: State) -> State:
    return replace(state, rev=state.rev + 1)


# --- rendering -------------------------------------------------------------------------------


def _prompt(state: State, ctx: Ctx) -> Reply:
    """The message that asks for whatever the current step needs."""
    lang, rev = ctx.lang, state.rev
    customer = state.mode in CUSTOMER_MODES
    if state.step in fields_of(state):
        return _question(state, ctx)
    if state.step == Step.EMAIL_TYPO:
        return Reply(
            t(lang, "email.did_you_mean", suggested=state.pending["suggested"]),
            rows(
                Button(
                    t(lang, "button.use", value=state.pending["suggested"]),
                    FlowAction.EMAIL_USE,
                    rev=rev,
                ),
                Button(
                    t(lang, "button.keep_typed", value=state.pending["typed"]),
                    FlowAction.EMAIL_KEEP,
                    rev=rev,
                ),
            ),
        )
    if state.step == Step.SUMMARY:
        original = state.original if state.mode in (Mode.EDIT, Mode.SELF) else None
        save_key = "button.save" if state.mode in ASKING_MODES else "button.save_changes"
        titles: dict[str, str] = {Mode.NEW: "summary.title", Mode.EDIT: "summary.title_edit"}
        title = titles.get(state.mode, "summary.self")
        body = _summary_lines(state.draft, ctx, asked_fields(state), fields_of(state), original)
        return Reply(
            t(lang, title, id=state.contact_id or "") + "\n\n" + body,
            rows(
                Button(t(lang, save_key), FlowAction.SAVE, rev=rev),
                Button(t(lang, "button.edit"), FlowAction.EDIT, rev=rev),
                Button(t(lang, "button.cancel"), FlowAction.CANCEL, rev=rev),
                per_row=3,
            ),
            keyboard="remove",
        )
    if state.step == Step.EDIT_MENU:
        return _edit_menu(state, ctx)
    if state.step == Step.CONFIRM_CANCEL:
        key = "self.confirm_cancel_edit" if customer else "capture.confirm_cancel_edit"
        if state.mode in ASKING_MODES:
            key = "self.confirm_cancel" if customer else "capture.confirm_cancel"
        return Reply(
            t(lang, key),
            rows(
                Button(t(lang, "button.discard"), FlowAction.CANCEL_YES, rev=rev),
                Button(t(lang, "button.keep_going"), FlowAction.CANCEL_NO, rev=rev),
                per_row=2,
            ),
        )
    if state.step == Step.DUPLICATE:
        buttons = [Button(t(lang, "button.save_anyway"), FlowAction.SAVE_ANYWAY, rev=rev)]
        editable = [m for m in state.pending.get("matches", []) if m.get("editable")]
        if editable and state.mode == Mode.NEW:
            first = str(editable[0]["id"])
            buttons.append(
                Button(
                    t(lang, "button.update_instead", id=first), FlowAction.UPDATE, first, rev=rev
                )
            )
        buttons += [
            Button(t(lang, "button.edit"), FlowAction.EDIT, rev=rev),
            Button(t(lang, "button.cancel"), FlowAction.CANCEL, rev=rev),
        ]
        return Reply(t(lang, "duplicate.choose"), rows(*buttons, per_row=2))
    if state.step == Step.CARD_CHOICE:
        return _card_choice(state, ctx)
    if state.step == Step.SAVING:
        return Reply(t(lang, "capture.saving"))
    return Reply(t(lang, "capture.use_buttons"))


def _card_choice(state: State, ctx: Ctx) -> Reply:
    """The open draft or the card that came: Save first only when the draft could be saved."""
    lang, rev = ctx.lang, state.rev
    card = state.card or {}
    values = card.get("values", {})
    read = values.get("name") or values.get("company") or "—"
    text = t(lang, "card.while_draft", name=state.draft.get("name") or "—", card=read)
    buttons = []
    if savable(state):
        save = t(lang, "button.card_save_first")
        buttons.append(Button(save, FlowAction.CARD_SAVE_FIRST, rev=rev))
    else:
        text += "\n" + t(lang, "card.draft_incomplete")
    buttons += [
        Button(t(lang, "button.card_discard"), FlowAction.CARD_DISCARD, rev=rev),
        Button(t(lang, "button.card_ignore"), FlowAction.CARD_IGNORE, rev=rev),
    ]
    return Reply(text, rows(*buttons), keyboard="remove")


def _question(state: State, ctx: Ctx) -> Reply:
    name, lang, rev = state.step, ctx.lang, state.rev
    parts = []
    order = asked_fields(state)
    customer = state.mode in CUSTOMER_MODES
    asking = state.mode in ASKING_MODES and state.source != "card" and not state.back_to_summary
    if asking and name in order:
        parts.append(t(lang, "ask.step", n=order.index(name) + 1, total=len(order)))
    spec = registry.current().spec(name)
    region = region_of(state, ctx)
    share = t(lang, "button.share_my_phone")
    parts.append(spec.question(lang, customer=customer, region=region, button=share))
    if name == "email" and not state.draft.get("phone"):
        parts.append(t(lang, "ask.email_needed"))
    elif not spec.required:
        parts.append(t(lang, "ask.skip_hint"))
    buttons = _answer_buttons(spec, lang, rev)
    current = state.draft.get(name)
    if customer and name == "phone":
        return _own_phone_question(state, parts, ctx)
    if current:
        parts.append(t(lang, "ask.current", value=_shown(name, current, lang)))
        buttons.append(Button(t(lang, "button.keep"), FlowAction.KEEP, rev=rev))
    if state.rejects >= SKIP_BUTTON_AFTER and not spec.required:
        buttons.append(Button(t(lang, "button.skip"), FlowAction.SKIP, rev=rev))
    return Reply("\n".join(parts), rows(*buttons, per_row=2), keyboard="remove")


def _answer_buttons(spec: registry.FieldSpec, lang: str, rev: int) -> list[Button]:
    """A picklist is answered by a press: the button carries the choice's number, which the
    field's validator reads like a typed one (a forged number is refused like a typed one)."""
    if spec.kind == "choice":
        return [
            Button(c.label(lang), FlowAction.PICK, str(i), rev=rev)
            for i, c in enumerate(spec.choices, 1)
        ]
    if spec.kind == "yesno":
        return [Button(t(lang, f"button.{a}"), FlowAction.PICK, a, rev=rev) for a in ("yes", "no")]
    return []


def _own_phone_question(state: State, parts: list[str], ctx: Ctx) -> Reply:
    """A customer's own number. Only a reply keyboard can ask Telegram for it, and Telegram shows
    no inline buttons with one: so keeping the current number (a button that sends it back)
    and skipping are keys of the same keyboard, and the text names what is there."""
    lang, keys = ctx.lang, []
    current = state.draft.get("phone")
    if current:
        keys.append(format_phone(current, lang))
        parts.append(t(lang, "askme.current_phone", value=keys[0]))
    if state.rejects >= SKIP_BUTTON_AFTER:
        keys.append("/skip")
    label = t(lang, "button.share_my_phone")
    return Reply(
        "\n".join(parts), keyboard="contact", contact_button_label=label, text_buttons=tuple(keys)
    )


def _edit_menu(state: State, ctx: Ctx) -> Reply:
    lang, rev = ctx.lang, state.rev
    label = registry.current().label
    fields = [Button(label(f, lang), FlowAction.FIELD, f, rev=rev) for f in fields_of(state)]
    done = Button(t(lang, "button.done_editing"), FlowAction.SUMMARY, rev=rev)
    header = t(lang, "edit.pick_field")
    if state.mode in (Mode.EDIT, Mode.SELF):
        key = "edit.pick_field_contact" if state.mode == Mode.EDIT else "edit.pick_field_self"
        lines = _summary_lines(
            state.draft, ctx, asked_fields(state), fields_of(state), state.original
        )
        header = t(lang, key, id=state.contact_id) + "\n\n" + lines
    return Reply(header, (*rows(*fields, per_row=3), (done,)))


def _summary_lines(
    draft: dict[str, str],
    ctx: Ctx,
    always: tuple[str, ...] | None = None,
    allowed: tuple[str, ...] | None = None,
    original: dict[str, str] | None = None,
) -> str:
    """`always` shown even when empty, the rest of `allowed` when set; with `original` (an edit),
    each changed line says what it was, so a field about to be cleared is plain to see."""
    fields = registry.current()
    always = fields.asked if always is None else always
    allowed = fields.editable if allowed is None else allowed
    lines = []
    extra = (f for f in allowed if f not in always and (draft.get(f) or (original or {}).get(f)))
    for name in (*always, *extra):
        value, label = _shown(name, draft.get(name), ctx.lang), fields.label(name, ctx.lang)
        old = _shown(name, (original or {}).get(name), ctx.lang)
        if original is None or old == value:
            lines.append(t(ctx.lang, "summary.line", field=label, value=value or "—"))
        elif value:
            lines.append(t(ctx.lang, "summary.changed", field=label, value=value, old=old or "—"))
        else:
            lines.append(t(ctx.lang, "summary.cleared", field=label, old=old))
    return "\n".join(lines)


def _shown(name: str, value: str | None, lang: str) -> str | None:
    """A stored value as people read it: a phone formatted, a choice by its label."""
    if value and name == "phone":
        return format_phone(value, lang)
    fields = registry.current()
    return fields.spec(name).shown(value, lang) if fields.has(name) else value


def summary_text(draft: dict[str, str], lang: str, region: str, *, customer: bool = False) -> str:
    """A contact's fields as the summary shows them; /view and the customer's record use it too.

    A customer's view is built from the customer fields alone: staff-only fields never reach
    them."""
    if customer:
        fields = registry.current()
        return _summary_lines(draft, Ctx(lang, region), fields.register, fields.customer)
    return _summary_lines(draft, Ctx(lang, region))
