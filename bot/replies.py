"""What the core answers with: plain data that handlers/ turn into Telegram messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """An inline button: `rev` binds it to one revision so stale presses are refused."""

    label: str
    action: str
    arg: str = ""
    rev: int | None = None


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    # "contact": a reply keyboard with a share-my-contact button; "remove": take the keyboard away
    keyboard: str | None = None
    contact_button_label: str = ""
    # more reply-keyboard buttons under the contact one; pressing one sends its label as text
    text_buttons: tuple[str, ...] = ()
    document: bytes | None = None
    filename: str = ""
    photo: bytes | None = None


@dataclass(frozen=True)
class Alert:
    """A side message to another chat (a manager's duplicate alert). Its failure is recorded
    and never spoils the sender's own answer."""

    chat_id: int
    reply: Reply
    candidate_id: int | None = None


@dataclass
class Outcome:
    """Everything one update produced."""

    replies: list[Reply] = field(default_factory=list)
    read_card: bool = False  # the handler should download the photo and feed the card back
    run_scan: bool = False  # the handler should run the (long) duplicate scan off the loop
    menu_role: str | None = None  # set when the chat's command menu must change to this role
    alerts: list[Alert] = field(default_factory=list)  # messages for other chats
    lang: str = "en"  # the user's language, for anything the handler words itself
    # A long read (/stats, /find) whose replies the core adds after the update's transaction
    # commits: on SQLite that transaction holds the one writer lock every other chat waits for.
    after_commit: Callable[[], list[Reply]] | None = None
    export: Any = None  # a reports.ExportJob the handler builds off the loop, then sends
    hooks_written: bool = False  # outbound hook events were queued: send them now, not later


def rows(*buttons: Button, per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out `per_row` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
