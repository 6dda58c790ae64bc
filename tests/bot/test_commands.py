"""The command declarations (bot/commands.py) are the one source of the menu, /help and the
permission check: for every role, the three agree, through the real core."""

from __future__ import annotations

import itertools

import pytest

from bot import commands, flow
from bot.core import Actor, Core
from bot.i18n import LANGUAGES, catalog, t
from bot.replies import Action
from bot.roles import refusal_key, stale_key
from storage import repo
from storage.db import session_scope

ADMIN, MANAGER, REP, CUSTOMER, STRANGER = 1, 2, 3, 4, 5
USERS = {"admin": ADMIN, "manager": MANAGER, "rep": REP, "customer": CUSTOMER, None: STRANGER}
# what a role is told when refused: a rep to ask their manager, a stranger the stranger text
REFUSED = {role: t("en", refusal_key(role) or "stranger.hello") for role in USERS}


@pytest.fixture
def roles_core(sqlite_core: Core) -> Core:
    with session_scope(sqlite_core.engine) as s:
        for role, user_id in USERS.items():
            if role is not None:
                repo.set_role(s, user_id, role, actor_id=None)
    return sqlite_core


def answer(core: Core, user_id: int, event: flow.Command | flow.Press) -> str:
    outcome = core.handle(Actor(user_id, f"U{user_id}", None, "en"), event)
    return "\n".join(r.text for r in outcome.replies)


def test_every_command_has_a_help_text_in_every_language() -> None:
    for command in commands.COMMANDS:
        assert command.help_key() == f"cmd.{command.name}"
        for lang, role in itertools.product(LANGUAGES, USERS):
            key = command.help_key(role)
            assert t(lang, key) != key, (lang, command.name)
            assert key in catalog(lang), (lang, key)  # not only the English fallback


def test_a_stale_button_is_answered_for_each_role(roles_core: Core) -> None:
    """A button whose conversation has ended: staff are sent to /new, a customer (who cannot
    /new) to their own commands, someone without a role hears why, as when refused."""
    for lang in LANGUAGES:
        for role, user_id in USERS.items():
            actor = Actor(user_id, "U", None, lang)
            said = roles_core.handle(actor, flow.Press("save", "", 1)).replies[0].text
            key = stale_key(role)
            assert said == (t(lang, key) if key else t(lang, "stranger.hello")), (lang, role)
            assert ("/new" in said) == (role in ("admin", "manager", "rep")), (lang, role, said)


def test_customers_read_their_own_help_and_cancel(roles_core: Core) -> None:
    """No "discard the lead" for a customer: /help, /cancel with nothing going on, and /cancel
    while changing their details, in both languages."""
    for lang in LANGUAGES:
        actor = Actor(CUSTOMER, "C", None, lang)
        replies = roles_core.handle(actor, flow.Command("help")).replies
        help_text = "\n".join(r.text for r in replies)
        assert f"/cancel — {t(lang, 'cmd.cancel.customer')}" in help_text
        assert t(lang, "cmd.cancel") not in help_text
        idle = roles_core.handle(actor, flow.Command("cancel")).replies[0].text
        assert idle == t(lang, "idle.nothing_to_customer", command="cancel")
    staff_help = answer(roles_core, REP, flow.Command("help"))
    assert f"/cancel — {t('en', 'cmd.cancel')}" in staff_help


@pytest.mark.parametrize("role", list(USERS), ids=lambda r: str(r))
def test_menu_help_and_permission_agree(roles_core: Core, role: str | None) -> None:
    user_id = USERS[role]
    menu = commands.commands_for(role)
    assert menu == tuple(c.name for c in commands.COMMANDS if c.menu and role in c.roles)
    assert {"start", "language", "help"} <= set(menu)

    help_text = answer(roles_core, user_id, flow.Command("help"))
    shown = [line.split(" — ")[0] for line in help_text.splitlines() if line.startswith("/")]
    assert shown == [f"/{name}" for name in menu]

    for command in commands.COMMANDS:
        reply = answer(roles_core, user_id, flow.Command(command.name, "1"))
        answer(roles_core, user_id, flow.Command("cancel"))  # no conversation left behind
        permitted = role in command.roles
        assert (reply == REFUSED[role]) != permitted, f"{role} /{command.name}: {reply!r}"
        assert "I don't know the command" not in reply


@pytest.mark.parametrize("role", list(USERS), ids=lambda r: str(r))
def test_buttons_are_checked_against_their_declaration(roles_core: Core, role: str | None) -> None:
    for action in Action:
        assert action in commands.BUTTONS, action
        if role not in commands.BUTTONS[action].roles:
            reply = answer(roles_core, USERS[role], flow.Press(action, "1", None))
            assert reply == REFUSED[role], f"{role} {action}: {reply!r}"


def test_an_unknown_customer_command_is_unknown_not_a_time_zone(roles_core: Core) -> None:
    reply = answer(roles_core, CUSTOMER, flow.Command("tz", "Asia/Shanghai"))
    assert t("en", "command.unknown", command="tz") in reply


@pytest.mark.parametrize("command", ["view", "edit", "history"])
def test_a_lead_command_without_a_number_shows_itself_as_the_example(
    roles_core: Core, command: str
) -> None:
    """QA: /edit abc and /history answered "e.g. /view 12"."""
    for arg in ("", "abc"):
        reply = answer(roles_core, MANAGER, flow.Command(command, arg))
        assert f"/{command} 12" in reply, reply


@pytest.mark.parametrize("typed", ["a", "%", "😀"])
def test_find_with_one_character_says_it_is_too_short(roles_core: Core, typed: str) -> None:
    """QA: /find a was answered as if nothing had been typed."""
    reply = answer(roles_core, REP, flow.Command("find", typed))
    assert reply == t("en", "find.too_short", text=typed)
    assert answer(roles_core, REP, flow.Command("find", "")) == t("en", "find.usage")


def test_a_campaign_name_too_long_is_refused_not_cut(roles_core: Core) -> None:
    """QA: a 500-character name was confirmed cut to 80 characters without a word."""
    reply = answer(roles_core, MANAGER, flow.Command("campaign", "Canton Fair " * 40))
    assert reply == t("en", "campaign.too_long", max=80, length=len(("Canton Fair " * 40).strip()))
    assert "Campaign" in answer(roles_core, MANAGER, flow.Command("campaign", "Canton Fair 2026"))


@pytest.mark.parametrize("role", list(USERS), ids=lambda r: str(r))
def test_the_help_button_answers_everyone_as_help_does(roles_core: Core, role: str | None) -> None:
    """An old menu's Help pressed after the role was taken away answers, as /help would."""
    pressed = answer(roles_core, USERS[role], flow.Press(Action.HELP, "", None))
    assert pressed == answer(roles_core, USERS[role], flow.Command("help"))
