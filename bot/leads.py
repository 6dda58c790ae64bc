"""The lead commands: /mine, /find, /view and /edit, and how a list of leads is shown.

Each takes the turn (bot/core.py) and is declared, with the roles that may use it, in
bot/commands.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import contacts, flow, registry
from bot.fields import Rejected, format_phone, is_cjk, validate_phone
from bot.i18n import t
from bot.replies import Action, Button, Outcome, Reply, rows
from bot.roles import can_see_contact, visible_owner
from storage import repo
from storage.db import read_scope
from storage.files import load_card_image
from storage.models import Contact

if TYPE_CHECKING:
    from bot.core import Turn

PAGE_SIZE = 5


def owner_filter(turn: Turn) -> int | None:
    return visible_owner(turn.user.role, turn.user.id, reps_see_all=turn.core.settings.reps_see_all)


def mine(turn: Turn, page: int) -> Outcome:
    """/mine: the user's own leads, newest first, a page at a time."""
    contacts, total = repo.list_contacts(
        turn.session, owner_id=turn.user.id, offset=page * PAGE_SIZE, limit=PAGE_SIZE
    )
    if total == 0:
        return Outcome(
            [
                Reply(
                    t(turn.lang, "mine.empty"),
                    rows(Button(t(turn.lang, "button.new_lead"), Action.NEW)),
                )
            ]
        )
    if not contacts:
        return mine(turn, 0)
    first = page * PAGE_SIZE + 1
    text = t(turn.lang, "mine.title", first=first, last=first + len(contacts) - 1, total=total)
    paging = []
    if page > 0:
        paging.append(Button(t(turn.lang, "button.newer"), Action.MINE, str(page - 1)))
    if first + len(contacts) - 1 < total:
        paging.append(Button(t(turn.lang, "button.older"), Action.MINE, str(page + 1)))
    buttons = (*contact_buttons(contacts), tuple(paging)) if paging else contact_buttons(contacts)
    return Outcome([Reply(text + "\n\n" + contact_lines(contacts, turn.lang), buttons)])


def find(turn: Turn, text: str) -> Outcome:
    """/find: by name, company, phone (or a searchable custom field), within what the user sees."""
    text = " ".join(text.split())[:100]
    if not text:
        return Outcome([turn.say("find.usage")])
    if len(text) < 2 and not is_cjk(text):  # 张, 王: a surname is a query; "a" finds everyone
        return Outcome([turn.say("find.too_short", text=text)])
    phone = validate_phone(text, turn.region)
    exact = None if isinstance(phone, Rejected) else phone
    owner, engine = owner_filter(turn), turn.core.engine
    custom = registry.current().searched_in_extra

    def search() -> list[Reply]:
        # After the update's commit: a name search scans an index (0.2 s at 10^6 contacts),
        # which must not hold SQLite's writer lock meanwhile.
        with read_scope(engine) as session:
            contacts = repo.search_contacts(
                session, text, owner_id=owner, phone=exact, custom=custom
            )
        if not contacts:
            return [turn.say("find.none", text=text)]
        header = t(turn.lang, "find.title", count=len(contacts), text=text)
        lines = contact_lines(contacts, turn.lang)
        return [Reply(header + "\n\n" + lines, contact_buttons(contacts))]

    return Outcome(after_commit=search)


def visible_contact(turn: Turn, arg: str, command: str = "view") -> Contact | Reply:
    """The contact named by `arg` if this user may see it, else the polite refusal; its
    example is the command the user typed (/edit 12 for an /edit without a number)."""
    arg = arg.strip().lstrip("#")
    if not arg.isdigit() or len(arg) > 12:
        return turn.say("contact.usage", command=command)
    contact = repo.get_contact(turn.session, int(arg))
    if contact is None:
        return turn.say("contact.not_found", id=arg)
    if not can_see_contact(
        turn.user.role, turn.user.id, contact.owner_id,
        reps_see_all=turn.core.settings.reps_see_all,
    ):  # fmt: skip
        return turn.say("contact.not_yours", id=arg)
    if contact.status == "erased":
        return turn.say("contact.erased", id=arg, date=f"{contact.erased_at:%Y-%m-%d}")
    if contact.status == "merged":
        return turn.say("contact.merged", id=arg, into=contact.merged_into_id)
    return contact


def view(turn: Turn, arg: str) -> Outcome:
    """/view: one lead's card, with Edit (and Invite while the customer is not linked)."""
    contact = visible_contact(turn, arg)
    if isinstance(contact, Reply):
        return Outcome([contact])
    text = "\n".join(
        [
            t(turn.lang, "view.title", id=contact.id, name=contact.name),
            "",
            flow.summary_text(contacts.values_of(contact), turn.lang, turn.region),
            "",
            customer_line(turn, contact),
            t(
                turn.lang, "view.meta", source=t(turn.lang, f"source.{contact.source}"),
                owner=owner_name(turn, contact), created=f"{contact.created_at:%Y-%m-%d %H:%M}",
                updated=f"{contact.updated_at:%Y-%m-%d %H:%M}",
            ),
        ]
    )  # fmt: skip
    actions = [Button(t(turn.lang, "button.edit"), Action.EDIT, str(contact.id))]
    if contact.customer_user_id is None:
        actions.append(Button(t(turn.lang, "button.invite"), Action.INVITE, str(contact.id)))
    replies = [Reply(text, rows(*actions, per_row=2))]
    if contact.card_path:
        image = load_card_image(turn.core.settings.capture_data_dir, contact.card_path)
        if image is not None:
            replies.insert(0, Reply(t(turn.lang, "view.card", id=contact.id), photo=image))
    return Outcome(replies)


def customer_line(turn: Turn, contact: Contact) -> str:
    if contact.customer_user_id is None:
        return t(turn.lang, "view.not_linked")
    confirmed = f"{contact.last_confirmed_at:%Y-%m-%d}" if contact.last_confirmed_at else "—"
    key = "view.linked_stale" if contact.stale else "view.linked"
    verified = t(turn.lang, "view.phone_verified") if contact.phone_verified else ""
    return t(turn.lang, key, confirmed=confirmed) + verified


def edit(turn: Turn, arg: str) -> Outcome:
    """/edit: the edit menu of a saved lead (once no draft is waiting)."""
    contact = visible_contact(turn, arg, "edit")
    if isinstance(contact, Reply):
        return Outcome([contact])
    state = turn.load_state()
    if state is not None and state.draft:
        return Outcome([turn.say("edit.finish_first")])
    values = contacts.values_of(contact, registry.current().editable)
    return turn.run_flow(lambda _: flow.start_edit(turn.ctx, contact.id or 0, values), state)


# --- rendering helpers -------------------------------------------------------------------


def owner_name(turn: Turn, contact: Contact) -> str:
    owner = repo.get_user(turn.session, contact.owner_id) if contact.owner_id else None
    return owner.first_name if owner and owner.first_name else "—"


def contact_lines(contacts: list[Contact], lang: str) -> str:
    lines = []
    for c in contacts:
        parts = [f"#{c.id} {c.name}"]
        if c.company:
            parts.append(c.company)
        if c.phone:
            parts.append(format_phone(c.phone, lang))
        elif c.email:
            parts.append(c.email)
        lines.append(" · ".join(parts))
    return "\n".join(lines)


def contact_buttons(contacts: list[Contact]) -> tuple[tuple[Button, ...], ...]:
    return rows(
        *(Button(f"#{c.id} {c.name}"[:40], Action.VIEW, str(c.id)) for c in contacts), per_row=1
    )
