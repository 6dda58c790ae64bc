"""Every chat command, declared once: who may use it, what runs it, and its help text.

Telegram's command menu (bot/app.py, handlers.set_menu), /help and the permission check in
`Turn.command` all read `COMMANDS`, so they cannot disagree. A command's one-line description
is the catalog key `cmd.<name>` in bot/locales/*.json (`cmd.<name>.customer` for customers,
where declared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import customers, digest, duplicates, flow, hooks, leads, reports, roles, team
from bot.replies import Action, Outcome

if TYPE_CHECKING:
    from bot.core import Turn

Role = str | None  # None: a stranger (no role yet)
ROLES: tuple[Role, ...] = (None, *roles.ROLES)
STRANGER: frozenset[Role] = frozenset({None})
CUSTOMER: frozenset[Role] = frozenset({"customer"})
STAFF: frozenset[Role] = frozenset(roles.STAFF)
MANAGERS: frozenset[Role] = frozenset(roles.SEES_ALL)
ADMINS: frozenset[Role] = frozenset({"admin"})
EVERYONE: frozenset[Role] = frozenset(ROLES)


@dataclass(frozen=True)
class Command:
    """One chat command. `run` gets the turn and the command as typed (its argument in `arg`)."""

    name: str
    roles: frozenset[Role]  # who may use it; anyone else is told it is not for their role
    run: Callable[[Turn, flow.Command], Outcome]
    menu: bool = True  # in Telegram's menu and /help; /back and /skip are typed inside a flow
    # customers' own description, `cmd.<name>.customer`, where the team's would mislead them
    customer_help: bool = False

    def help_key(self, role: Role = None) -> str:
        if role == "customer" and self.customer_help:
            return f"cmd.{self.name}.customer"
        return f"cmd.{self.name}"


def _flow_step(turn: Turn, cmd: flow.Command) -> Outcome:
    """/back, /skip and /cancel: a step of the conversation going on, if any (a customer's only
    inside their own update flow)."""
    state = turn.load_state()
    if state is None or (turn.user.role == "customer" and state.mode not in flow.CUSTOMER_MODES):
        key = "idle.nothing_to_customer" if turn.user.role == "customer" else "idle.nothing_to"
        return Outcome([turn.say(key, command=cmd.name)])
    return turn.step_flow(state, cmd)


# In menu order: /start first, the role's own commands, then /cancel, /language and /help.
COMMANDS: tuple[Command, ...] = (
    Command("start", EVERYONE, lambda turn, cmd: turn.cmd_start(cmd.arg), customer_help=True),
    Command("new", STAFF, lambda turn, cmd: turn.cmd_new()),
    Command("mine", STAFF, lambda turn, cmd: leads.mine(turn, 0)),
    Command("find", STAFF, lambda turn, cmd: leads.find(turn, cmd.arg)),
    Command("view", STAFF, lambda turn, cmd: leads.view(turn, cmd.arg)),
    Command("edit", STAFF, lambda turn, cmd: leads.edit(turn, cmd.arg)),
    Command("export", STAFF, lambda turn, cmd: reports.export_request(turn, cmd.arg)),
    Command("dupes", MANAGERS, lambda turn, cmd: duplicates.list_open(turn.session, turn.lang)),
    Command("scan", MANAGERS, lambda turn, cmd: Outcome([turn.say("scan.started")], run_scan=True)),
    Command(
        "unmerge", MANAGERS,
        lambda turn, cmd: duplicates.unmerge_command(turn.session, turn.user, turn.lang, cmd.arg),
    ),
    Command("campaign", MANAGERS, lambda turn, cmd: customers.create_campaign(turn, cmd.arg)),
    Command("stats", MANAGERS, lambda turn, cmd: reports.stats(turn)),
    Command("digest", MANAGERS, lambda turn, cmd: digest.command(turn, cmd.arg)),
    Command("history", MANAGERS, lambda turn, cmd: team.history(turn, cmd.arg)),
    Command("invite", MANAGERS, lambda turn, cmd: team.invite_member(turn, cmd.arg)),
    Command("team", MANAGERS, lambda turn, cmd: team.members(turn, cmd.arg)),
    Command("reassign", MANAGERS, lambda turn, cmd: team.reassign(turn, cmd.arg)),
    Command("erase", MANAGERS, lambda turn, cmd: customers.erase_question(turn, cmd.arg)),
    Command("hooks", ADMINS, lambda turn, cmd: hooks.hooks_command(turn)),
    Command("mydata", CUSTOMER, lambda turn, cmd: customers.my_data(turn)),
    Command("update", CUSTOMER, lambda turn, cmd: customers.start_update(turn)),
    Command("stop", CUSTOMER, lambda turn, cmd: customers.stop_reminders(turn)),
    Command("forget", CUSTOMER, lambda turn, cmd: customers.forget_question(turn)),
    Command("timezone", CUSTOMER, lambda turn, cmd: customers.set_timezone(turn, cmd.arg)),
    Command("back", STAFF | CUSTOMER, _flow_step, menu=False),
    Command("skip", STAFF | CUSTOMER, _flow_step, menu=False),
    Command("cancel", STAFF | CUSTOMER, _flow_step, customer_help=True),
    Command("language", EVERYONE, lambda turn, cmd: turn.cmd_language()),
    Command("help", EVERYONE, lambda turn, cmd: turn.cmd_help()),
)
BY_NAME = {c.name: c for c in COMMANDS}
assert len(BY_NAME) == len(COMMANDS), "a command is declared twice"


@dataclass(frozen=True)
class Button:
    """What pressing a button outside a conversation step runs, and who may press it."""

    action: Action
    roles: frozenset[Role]
    run: Callable[[Turn, flow.Press], Outcome]


def _page(turn: Turn, press: flow.Press) -> Outcome:
    if not press.arg.isdigit():
        return turn.stale_ended()
    return leads.mine(turn, int(press.arg))


def _team_page(turn: Turn, press: flow.Press) -> Outcome:
    if not press.arg.isdigit():
        return turn.stale_ended()
    return team.members(turn, page=int(press.arg))


def _duplicates(turn: Turn, press: flow.Press) -> Outcome:
    return duplicates.press(turn.session, turn.user, turn.lang, press.action, press.arg)


BUTTONS: dict[str, Button] = {
    b.action: b
    for b in (
        Button(Action.LANGUAGE, EVERYONE, lambda turn, press: turn.set_language(press.arg)),
        Button(Action.CONSENT_YES, EVERYONE,
               lambda turn, press: customers.consent_answer(turn, True, press.arg)),
        Button(Action.CONSENT_NO, EVERYONE,
               lambda turn, press: customers.consent_answer(turn, False, press.arg)),
        Button(Action.CONFIRM, CUSTOMER, lambda turn, press: customers.confirm(turn, press.arg)),
        Button(Action.SELF_UPDATE, CUSTOMER,
               lambda turn, press: customers.start_update(turn, press.arg)),
        Button(Action.FORGET, CUSTOMER, lambda turn, press: customers.forget(turn, press.arg)),
        Button(Action.NEW, STAFF, lambda turn, press: turn.cmd_new()),
        Button(Action.MINE, STAFF, _page),
        Button(Action.VIEW, STAFF, lambda turn, press: leads.view(turn, press.arg)),
        Button(Action.EDIT, STAFF, lambda turn, press: leads.edit(turn, press.arg)),
        Button(Action.INVITE, STAFF,
               lambda turn, press: customers.invite_customer(turn, press.arg)),
        Button(Action.DISABLE_MEMBER, STAFF,
               lambda turn, press: team.set_active(turn, press.arg, False)),
        Button(Action.ENABLE_MEMBER, STAFF,
               lambda turn, press: team.set_active(turn, press.arg, True)),
        Button(Action.TEAM, MANAGERS, _team_page),
        Button(Action.HELP, EVERYONE, lambda turn, press: turn.cmd_help()),  # as /help is
        Button(Action.ERASE, STAFF, lambda turn, press: customers.erase_answer(turn, press.arg)),
        Button(Action.RETRY_HOOKS, STAFF, lambda turn, press: hooks.retry_press(turn, press.arg)),
        *(Button(a, STAFF, _duplicates) for a in (Action.DUPE_MERGE, Action.DUPE_KEEP,
                                                 Action.DUPE_VALUE, Action.DUPE_NOT,
                                                 Action.DUPE_LATER)),
    )
}  # fmt: skip


def commands_for(role: Role) -> tuple[str, ...]:
    """The commands a role sees in Telegram's menu and in /help, in menu order."""
    role = role if role in ROLES else None
    return tuple(c.name for c in COMMANDS if c.menu and role in c.roles)


def menu_of(role: Role) -> tuple[tuple[str, str], ...]:
    """Each command of a role's menu and /help with the catalog key of its description there."""
    return tuple((name, BY_NAME[name].help_key(role)) for name in commands_for(role))


def allowed(name: str, role: Role) -> bool:
    command = BY_NAME.get(name)
    return command is not None and (role if role in ROLES else None) in command.roles


def may_press(action: str, role: Role) -> bool:
    button = BUTTONS.get(action)
    return button is not None and (role if role in ROLES else None) in button.roles
