"""What the core answers with: plain data that handlers/ turn into Telegram messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What a button outside a conversation step does: the first part of its callback data
    (a plain string there, and in the database), declared with its roles in bot/commands.py."""

    LANGUAGE = "lang"
    CONSENT_YES = "cyes"
    CONSENT_NO = "cno"
    CONFIRM = "confirm"  # a customer: my record is still right
    SELF_UPDATE = "selfupd"  # a customer: change my record
    FORGET = "forget"  # a customer: yes, erase me
    NEW = "new"
    MINE = "mine"
    VIEW = "view"
    EDIT = "editc"
    INVITE = "invite"  # a customer invite for a lead
    DISABLE_MEMBER = "tdis"
    ENABLE_MEMBER = "tena"
    TEAM = "team"  # a page of /team
    HELP = "help"
    ERASE = "erase"
    RETRY_HOOKS = "hretry"
    DUPE_MERGE = "dmerge"
    DUPE_KEEP = "dkeep"
    DUPE_VALUE = "dval"
    DUPE_NOT = "dnot"
    DUPE_LATER = "dlater"


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
    # a button press that did nothing (out of date, wrong step, not allowed, already decided):
    # the handler leaves the message as it was rather than stamping the press as chosen
    refused: bool = False


def rows(*buttons: Button, per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out `per_row` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
