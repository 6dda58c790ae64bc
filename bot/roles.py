"""Who may do what. Every command and button asks here, so the rules live in one place."""

from __future__ import annotations

ROLES = ("admin", "manager", "rep", "customer")
STAFF = frozenset({"admin", "manager", "rep"})
SEES_ALL = frozenset({"admin", "manager"})

# The commands each role sees in /help and in Telegram's command menu, in menu order.
_STAFF = ("new", "mine", "find", "view", "edit", "export")
_MANAGERS = (
    "dupes", "scan", "unmerge", "campaign", "stats", "digest", "history", "invite", "team",
    "reassign", "erase",
)  # fmt: skip
_ALWAYS = ("cancel", "language", "help")
COMMANDS: dict[str | None, tuple[str, ...]] = {
    None: ("start", "help", "language"),
    "customer": ("start", "mydata", "update", "stop", "forget", "timezone", "language", "help"),
    "rep": (*_STAFF, *_ALWAYS),
    "manager": (*_STAFF, *_MANAGERS, *_ALWAYS),
    "admin": (*_STAFF, *_MANAGERS, "hooks", *_ALWAYS),
}


def is_staff(role: str | None) -> bool:
    return role in STAFF


def commands_for(role: str | None) -> tuple[str, ...]:
    return COMMANDS.get(role, COMMANDS[None])


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
