"""The team: role invitations, members, disabling, moving leads, and a contact's history.

Admins (ADMIN_IDS) invite managers and reps; managers invite reps. A disabled member can do
nothing until enabled again; their leads stay and can be moved with /reassign.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from bot import hooks
from bot.customers import deep_link
from bot.i18n import t
from bot.replies import Button, Outcome, Reply, rows
from bot.roles import SEES_ALL, STAFF
from storage import repo
from storage.models import Contact, Invite, User, utcnow

if TYPE_CHECKING:
    from bot.core import _Turn

# who may hand out (and take away) which role
GRANTS = {"admin": ("manager", "rep"), "manager": ("rep",)}
HISTORY_LIMIT = 30


def invite_member(turn: _Turn, arg: str) -> Outcome:
    role = arg.strip().lower()
    allowed = GRANTS.get(turn.user.role or "", ())
    if role not in ("rep", "manager"):
        return Outcome([turn.say("team.invite_usage")])
    if role not in allowed:
        return Outcome([turn.say("role.not_allowed")])
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


def join(turn: _Turn, token: str) -> Outcome:
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
    if turn.user.role == "admin":
        return Outcome([turn.say("team.already_admin")])
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


def members(turn: _Turn) -> Outcome:
    staff = repo.users_with_role(turn.session, *STAFF, include_disabled=True)
    lines = [t(turn.lang, "team.title", count=len(staff))]
    buttons: list[Button] = []
    for member in sorted(staff, key=lambda u: (u.role or "", u.first_name)):
        state = "" if member.active else t(turn.lang, "team.disabled_mark")
        lines.append(
            t(turn.lang, "team.line", id=member.id, name=member.first_name or "—",
              role=t(turn.lang, f"role.{member.role}"), seen=f"{member.last_seen_at:%Y-%m-%d}")
            + state
        )  # fmt: skip
        if _may_manage(turn, member):
            key, action = (
                ("button.enable", "tena") if not member.active else ("button.disable", "tdis")
            )
            buttons.append(
                Button(
                    t(turn.lang, key, name=(member.first_name or str(member.id))[:20]),
                    action,
                    str(member.id),
                )
            )
    return Outcome([Reply("\n".join(lines), rows(*buttons, per_row=2))])


def _may_manage(turn: _Turn, member: User) -> bool:
    if member.id == turn.user.id or member.id in turn.core.admin_ids:
        return False
    return member.role in GRANTS.get(turn.user.role or "", ())


def set_active(turn: _Turn, arg: str, active: bool) -> Outcome:
    member = repo.get_user(turn.session, int(arg)) if arg.isdigit() else None
    if member is None or not _may_manage(turn, member):
        return Outcome([turn.say("role.not_allowed")])
    member.active = active
    turn.session.add(member)
    repo.record_audit(
        turn.session, turn.user.id, "enable" if active else "disable", field=str(member.id)
    )
    key = "team.enabled" if active else "team.disabled"
    return Outcome([turn.say(key, name=member.first_name or str(member.id))])


def reassign(turn: _Turn, arg: str) -> Outcome:
    """/reassign FROM TO: every active lead of one member goes to another."""
    parts = arg.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return Outcome([turn.say("team.reassign_usage")])
    source, target = (int(p) for p in parts)
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


def history(turn: _Turn, arg: str) -> Outcome:
    """/history ID: who changed what, when (managers and admins)."""
    if turn.user.role not in SEES_ALL:
        return Outcome([turn.say("role.not_allowed")])
    contact = turn.visible_contact(arg)
    if isinstance(contact, Reply):
        return Outcome([contact])
    events = repo.audit_for_contact(turn.session, contact.id or 0)
    names = {
        u.id: u.first_name
        for u in repo.users_by_ids(turn.session, {e.actor_id for e in events if e.actor_id})
    }
    lines = [t(turn.lang, "history.title", id=contact.id, count=len(events))]
    for event in events[-HISTORY_LIMIT:]:
        who = names.get(event.actor_id or 0) or (
            str(event.actor_id) if event.actor_id else t(turn.lang, "history.system")
        )
        change = ""
        if event.field:
            change = f" {event.field}: {event.old_value or '—'} → {event.new_value or '—'}"
        lines.append(f"{event.at:%Y-%m-%d %H:%M} {who}: {event.action}{change}")
    return Outcome([Reply("\n".join(lines))])
