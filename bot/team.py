"""The team: role invitations, members, disabling, moving leads, and a contact's history.

Admins (ADMIN_IDS) invite managers and reps; managers invite reps. A disabled member can do
nothing until enabled again; their leads stay and can be moved with /reassign.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from bot import hooks, leads, registry
from bot.customers import deep_link
from bot.fields import format_phone
from bot.i18n import t
from bot.replies import Action, Button, Outcome, Reply, rows
from bot.roles import SEES_ALL, STAFF, holds_at_least
from storage import repo
from storage.models import AuditEvent, Contact, Invite, User, utcnow

if TYPE_CHECKING:
    from bot.core import Turn

# who may hand out (and take away) which role
GRANTS = {"admin": ("manager", "rep"), "manager": ("rep",)}
HISTORY_LIMIT = 30
TEAM_PAGE = 20  # members a /team message lists: 20 lines and buttons fit Telegram's limits


def invite_member(turn: Turn, arg: str) -> Outcome:
    role = arg.strip().lower()
    allowed = GRANTS.get(turn.user.role or "", ())
    if role not in ("rep", "manager"):
        return Outcome([turn.say("team.invite_usage")])
    if role not in allowed:
        return Outcome([turn.refusal()])
    token = "r_" + secrets.token_urlsafe(24)
    expires = utcnow() + turn.core.settings.invite_lifetime
    repo.add_invite(
        turn.session,
        Invite(token=token, kind="role", role=role, created_by=turn.user.id, expires_at=expires),
    )
    link = deep_link(turn.core.bot_username, token)
    role_name = t(turn.lang, f"role.{role}")
    return Outcome(
        [turn.say("team.invite_created", role=role_name, link=link, date=f"{expires:%Y-%m-%d}")]
    )


def join(turn: Turn, token: str) -> Outcome:
    """/start r_<token>: the role the link grants, once."""
    invite = repo.get_invite(turn.session, token)
    if invite is None or invite.kind != "role" or invite.role not in ("rep", "manager"):
        return Outcome([turn.say("invite.invalid")])
    if invite.used_at is not None:
        return Outcome([turn.say("invite.used")])
    if invite.expires_at < utcnow():
        return Outcome([turn.say("invite.expired")])
    if not inviter_may_grant(turn.session, invite.created_by, invite.role):
        return Outcome([turn.say("invite.revoked")])
    if holds_at_least(turn.user.role, invite.role):  # not used up: still for whom it was meant
        return Outcome([turn.say(f"team.already_{turn.user.role}")])
    invite.used_at, invite.used_by = utcnow(), turn.user.id
    turn.session.add(invite)
    repo.set_role(turn.session, turn.user.id, invite.role, actor_id=invite.created_by)
    turn.user.active = True
    role_name = t(turn.lang, f"role.{invite.role}")
    return Outcome([turn.say("team.joined", role=role_name), turn.main_menu()])


def inviter_may_grant(session: Session, inviter_id: int | None, role: str) -> bool:
    """An invitation is only as good as its inviter: still active, and still allowed to grant
    the role (a manager made a rep since cannot have invited a manager)."""
    inviter = repo.get_user(session, inviter_id) if inviter_id is not None else None
    return inviter is not None and inviter.active and role in GRANTS.get(inviter.role or "", ())


def member_name(user: User) -> str:
    """What the team calls someone: their Telegram name, else @username, else their id."""
    if user.first_name:
        return user.first_name
    return f"@{user.username}" if user.username else f"id {user.id}"


def member_label(lang: str, user: User) -> str:
    """ "Mona (id 1002)", or "id 1002" for someone whose name the bot never saw."""
    if not (user.first_name or user.username):
        return member_name(user)
    return t(lang, "team.who", name=member_name(user), id=user.id)


def wrote_to_bot(user: User) -> bool:
    """Someone given a role from the command line has no chat with the bot until they open it;
    their first update sets the chat's command menu."""
    return user.menu_role is not None


def member_line(lang: str, member: User) -> str:
    """One /team line: name, role, and when last active (or that they never opened the bot)."""
    role = t(lang, f"role.{member.role}")
    line = t(lang, "team.line", who=member_label(lang, member), role=role)
    if wrote_to_bot(member):
        line += t(lang, "team.last_active", seen=f"{member.last_seen_at:%Y-%m-%d}")
    else:
        line += t(lang, "team.never_opened")
    if member.undelivered_at is not None:
        reason = t(lang, f"undelivered.{member.undelivered_reason or 'error'}")
        line += t(lang, "team.unreachable_mark", reason=reason)
    if not member.active:
        line += t(lang, "team.disabled_mark")
    return line


def members(turn: Turn, query: str = "", page: int = 0) -> Outcome:
    """/team [name or id]: a page of members (Telegram takes at most 4,096 characters and 100
    buttons a message, so a big team is paged), or those whose name, @username or id matches."""
    staff = repo.users_with_role(turn.session, *STAFF, include_disabled=True)
    query = " ".join(query.split())[:64]
    shown = [m for m in staff if member_matches(m, query)] if query else staff
    if not shown:
        return Outcome([turn.say("team.no_match", query=query)])
    shown.sort(key=lambda u: (u.role or "", member_name(u).lower(), u.id))
    pages = (len(shown) + TEAM_PAGE - 1) // TEAM_PAGE
    page = min(max(page, 0), pages - 1) if not query else 0
    first = page * TEAM_PAGE
    chunk = shown[first : first + TEAM_PAGE]
    if query:
        title = t(turn.lang, "team.title_match", query=query, count=len(shown))
    elif pages > 1:
        title = t(turn.lang, "team.title_page", count=len(shown), first=first + 1,
                  last=first + len(chunk))  # fmt: skip
    else:
        title = t(turn.lang, "team.title", count=len(shown))
    lines = [title, *(member_line(turn.lang, m) for m in chunk)]
    if query and len(shown) > len(chunk):
        lines.append(t(turn.lang, "team.more_matches", count=len(shown) - len(chunk)))
    buttons = [_toggle_button(turn.lang, m) for m in chunk if _may_manage(turn, m)]
    if any(m.undelivered_at is not None or not wrote_to_bot(m) for m in chunk):
        link = f"https://t.me/{turn.core.bot_username}"
        lines += ["", t(turn.lang, "team.unreachable_hint", link=link)]
    paging = []
    if page > 0:
        paging.append(Button(t(turn.lang, "button.previous_page"), Action.TEAM, str(page - 1)))
    if page + 1 < pages and not query:
        paging.append(Button(t(turn.lang, "button.next_page"), Action.TEAM, str(page + 1)))
    markup = rows(*buttons, per_row=2)
    return Outcome([Reply("\n".join(lines), (*markup, tuple(paging)) if paging else markup)])


def member_matches(member: User, query: str) -> bool:
    """A manager looks someone up by the id /team shows, or by part of a name or @username."""
    if query.isdigit():
        return member.id == int(query)
    needle = query.lstrip("@").casefold()
    return any(needle in (v or "").casefold() for v in (member.first_name, member.username))


def _toggle_button(lang: str, member: User) -> Button:
    key, action = (
        ("button.enable", Action.ENABLE_MEMBER)
        if not member.active
        else ("button.disable", Action.DISABLE_MEMBER)
    )
    return Button(t(lang, key, name=member_name(member)[:20]), action, str(member.id))


def _may_manage(turn: Turn, member: User) -> bool:
    if member.id == turn.user.id or member.id in turn.core.admin_ids:
        return False
    return member.role in GRANTS.get(turn.user.role or "", ())


def set_active(turn: Turn, arg: str, active: bool) -> Outcome:
    member = repo.get_user(turn.session, int(arg)) if arg.isdigit() else None
    if member is None or not _may_manage(turn, member):
        return Outcome([turn.refusal()], refused=True)
    member.active = active
    turn.session.add(member)
    repo.record_audit(
        turn.session, turn.user.id, "enable" if active else "disable", field=str(member.id)
    )
    key = "team.enabled" if active else "team.disabled"
    return Outcome([turn.say(key, name=member.first_name or str(member.id))])


def reassign(turn: Turn, arg: str) -> Outcome:
    """/reassign FROM TO: every active lead of one member goes to another."""
    parts = arg.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return Outcome([turn.say("team.reassign_usage")])
    source, target = (int(p) for p in parts)
    if source == target:
        return Outcome([turn.say("team.reassign_same", id=source)])
    receiver = repo.get_user(turn.session, target)
    if receiver is None or receiver.role not in STAFF or not receiver.active:
        return Outcome([turn.say("team.reassign_bad_target", id=target)])
    query = select(Contact).where(col(Contact.owner_id) == source, col(Contact.status) == "active")
    moved = 0
    for contact in turn.session.exec(query):
        contact.owner_id = target
        turn.session.add(contact)
        repo.record_audit(
            turn.session, turn.user.id, "reassign", contact_id=contact.id, field="owner_id",
            old=str(source), new=str(target),
        )  # fmt: skip
        hooks.record(turn.session, "contact.updated", contact, changed=("owner_id",))
        moved += 1
    return Outcome([turn.say("team.reassigned", count=moved, source=source, target=target)])


def history(turn: Turn, arg: str) -> Outcome:
    """/history ID: who changed what, when (managers and admins)."""
    if turn.user.role not in SEES_ALL:
        return Outcome([turn.refusal()])
    contact = leads.visible_contact(turn, arg, "history")
    if isinstance(contact, Reply):
        return Outcome([contact])
    events = repo.audit_for_contact(turn.session, contact.id or 0)
    people = {e.actor_id for e in events if e.actor_id}
    people |= {int(v) for e in events if e.action == "reassign" for v in (e.old_value, e.new_value)
               if v and v.isdigit()}  # fmt: skip
    names = {u.id: member_name(u) for u in repo.users_by_ids(turn.session, people)}
    lines = [t(turn.lang, "history.title", id=contact.id, count=len(events))]
    for event in events[-HISTORY_LIMIT:]:
        lines.append(f"{event.at:%Y-%m-%d %H:%M} — {history_sentence(turn.lang, event, names)}")
    return Outcome([Reply("\n".join(lines))])


HISTORY_ACTIONS = frozenset({
    "create", "merge", "merged_into", "unmerge", "not_duplicate", "invite", "link_customer",
    "confirm", "export_self", "erase", "stale", "card_expired",
})  # fmt: skip


def history_sentence(lang: str, event: AuditEvent, names: dict[int, str]) -> str:
    """One audit event as a sentence: who did what (values as the chat shows them)."""

    def person(user_id: int | None) -> str:
        if user_id is None:
            return t(lang, "history.system")
        return names.get(user_id) or f"id {user_id}"

    who = person(event.actor_id)
    old, new = event.old_value, event.new_value
    if event.action == "update" and event.field:
        field = registry.current().label_list([event.field], lang)
        if event.field == "phone":
            old, new = (format_phone(v, lang) if v else v for v in (old, new))
        key = "history.update"
        if old is None and new is None:
            key = "history.update_hidden"  # values blanked by an erasure
        elif not old:
            key = "history.update_set"
        elif not new:
            key = "history.update_cleared"
        return t(lang, key, who=who, field=field, old=old or "", new=new or "")
    if event.action == "reassign":
        source = person(int(old)) if old and old.isdigit() else "—"
        target = person(int(new)) if new and new.isdigit() else "—"
        return t(lang, "history.reassign", who=who, old=source, new=target)
    if event.action in HISTORY_ACTIONS:
        return t(lang, f"history.{event.action}", who=who, old=old or "", new=new or "")
    return t(lang, "history.other", who=who, action=event.action)
