"""Who may do what. Every command and button asks here, so the rules live in one place."""

from __future__ import annotations

ROLES = ("admin", "manager", "rep", "customer")
STAFF = frozenset({"admin", "manager", "rep"})
SEES_ALL = frozenset({"admin", "manager"})
RANK = {"rep": 1, "manager": 2, "admin": 3}  # staff roles, each granting what the one below does
# The commands each role may use are declared with the commands, in bot/commands.py.


def is_staff(role: str | None) -> bool:
    return role in STAFF


def can_see_contact(
    role: str | None, user_id: int, owner_id: int | None, *, reps_see_all: bool = False
) -> bool:
    """Managers and admins see every lead; reps their own (or all, when the setting allows)."""
    if role in SEES_ALL:
        return True
    return role == "rep" and (reps_see_all or owner_id == user_id)


def visible_owner(role: str | None, user_id: int, *, reps_see_all: bool = False) -> int | None:
    """The owner filter for lists and searches: None means every owner."""
    return None if role in SEES_ALL or reps_see_all else user_id


def holds_at_least(role: str | None, other: str) -> bool:
    """Whether `role` already grants what `other` does: a role link never lowers anyone."""
    return RANK.get(role or "", 0) >= RANK[other]


def stale_key(role: str | None) -> str | None:
    """What someone pressing a button of a conversation that has ended is told: staff to start a
    new lead, a customer where their own details are. None for someone without a role: they
    hear why there is nothing here for them (`bot.core.Turn.refusal`)."""
    if role in STAFF:
        return "button.stale_ended"
    return "button.stale_ended_customer" if role == "customer" else None


def refusal_key(role: str | None) -> str | None:
    """What someone refused a command or button is told: a rep has a manager to ask; managers,
    admins and customers have none, and hear only that it is not for their role. None for
    someone without a role: what they hear depends on their past (`bot.core.Turn.refusal`)."""
    if role == "rep":
        return "role.not_allowed"
    return "role.not_for_you" if role in ROLES else None
