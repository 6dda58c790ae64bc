"""Every role × every command and button, through the real core and a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import flow
from bot.config import load_settings
from bot.core import Actor, Core
from bot.i18n import t
from storage import repo
from storage.db import make_engine, migrate, session_scope

ADMIN, MANAGER, REP, CUSTOMER, STRANGER, OTHER_REP = 1, 2, 3, 4, 5, 6
STAFF = {ADMIN, MANAGER, REP}
MANAGERS = {ADMIN, MANAGER}
EVERYONE = {ADMIN, MANAGER, REP, CUSTOMER, STRANGER}

# command -> who may use it
MATRIX = {
    "/start": EVERYONE, "/help": EVERYONE, "/language": EVERYONE,
    "/new": STAFF, "/mine": STAFF, "/find Lead": STAFF, "/view 1": STAFF, "/edit 1": STAFF,
    "/dupes": MANAGERS, "/scan": MANAGERS, "/unmerge 1": MANAGERS, "/campaign Fair": MANAGERS,
    "/stats": MANAGERS, "/history 1": MANAGERS, "/invite rep": MANAGERS, "/team": MANAGERS,
    "/reassign 6 3": MANAGERS,
    "/mydata": {CUSTOMER}, "/update": {CUSTOMER}, "/stop": {CUSTOMER},
    "/timezone Asia/Shanghai": {CUSTOMER}, "/forget": {CUSTOMER},
}  # fmt: skip
REFUSALS = (t("en", "role.not_allowed"), t("en", "role.not_for_you"), "I don't know the command",
            t("en", "stranger.hello"))  # fmt: skip


@pytest.fixture
def core(tmp_path: Path) -> Core:
    settings = load_settings(
        capture_data_dir=tmp_path, capture_secret_key="k" * 32, admin_ids=[ADMIN]
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        for user_id, role in ((MANAGER, "manager"), (REP, "rep"), (OTHER_REP, "rep"),
                              (CUSTOMER, "customer")):  # fmt: skip
            repo.set_role(s, user_id, role, actor_id=None)
        mine = repo.create_contact(s, {"name": "Lead One", "phone": "+8613800138001"},
                                   owner_id=REP, source="manual", actor_id=REP)  # fmt: skip
        repo.create_contact(s, {"name": "Lead Two", "phone": "+8613800138002"},
                            owner_id=OTHER_REP, source="manual", actor_id=OTHER_REP)  # fmt: skip
        customer = repo.create_contact(s, {"name": "Cus Tomer", "email": "c@example.com"},
                                       owner_id=REP, source="manual", actor_id=REP)  # fmt: skip
        customer.customer_user_id = CUSTOMER
        repo.add_candidate(s, 1, 2, 0.9, "same_phone")
        assert mine.id == 1
    return Core(settings, engine)


def say(core: Core, user_id: int, text: str) -> str:
    name, _, arg = text[1:].partition(" ")
    outcome = core.handle(Actor(user_id, f"U{user_id}", None, "en"), flow.Command(name, arg))
    return "\n".join(r.text for r in outcome.replies)


@pytest.mark.parametrize("command", list(MATRIX))
def test_each_role_may_use_exactly_its_commands(core: Core, command: str) -> None:
    for user_id in sorted(EVERYONE):
        answer = say(core, user_id, command)
        refused = any(r in answer for r in REFUSALS) and command not in ("/start", "/help")
        allowed = user_id in MATRIX[command]
        assert refused != allowed, f"user {user_id} {command!r}: {answer!r}"
        say(core, user_id, "/cancel")  # leave no conversation behind for the next command


def test_a_rep_sees_and_edits_only_their_own_leads(core: Core) -> None:
    assert "belongs to another rep" in say(core, REP, "/view 2")
    assert "belongs to another rep" in say(core, REP, "/edit 2")
    assert "Lead Two" not in say(core, REP, "/find Lead")
    assert "Lead Two" in say(core, MANAGER, "/find Lead")


def press(core: Core, user_id: int, action: str, arg: str = "") -> str:
    outcome = core.handle(Actor(user_id, "U", None, "en"), flow.Press(action, arg, None))
    return "\n".join(r.text for r in outcome.replies)


@pytest.mark.parametrize(
    ("action", "arg", "allowed"),
    [("dmerge", "1", MANAGERS), ("tdis", str(OTHER_REP), MANAGERS), ("invite", "1", STAFF),
     ("view", "1", STAFF), ("editc", "1", STAFF)],
)  # fmt: skip
def test_buttons_check_the_role_too(core: Core, action: str, arg: str, allowed: set[int]) -> None:
    for user_id in (REP, CUSTOMER, STRANGER, MANAGER):
        answer = press(core, user_id, action, arg)
        refused = (
            answer in (t("en", "role.not_allowed"), t("en", "role.not_for_you"))
            or answer == t("en", "stranger.hello")
            or "no longer" in answer.lower()
            or ("conversation that has ended" in answer)
        )
        assert refused != (user_id in allowed), f"user {user_id} {action}: {answer!r}"
        say(core, user_id, "/cancel")


def test_a_disabled_member_can_do_nothing(core: Core) -> None:
    press(core, MANAGER, "tdis", str(OTHER_REP))
    assert "disabled" in say(core, OTHER_REP, "/mine")
    assert "disabled" in say(core, OTHER_REP, "/start")
    press(core, MANAGER, "tena", str(OTHER_REP))
    assert "Lead Two" in say(core, OTHER_REP, "/mine")


def test_a_refusal_says_ask_your_manager_only_to_reps(core: Core) -> None:
    assert say(core, REP, "/dupes") == t("en", "role.not_allowed")
    assert say(core, ADMIN, "/mydata") == t("en", "role.not_for_you")
    assert say(core, MANAGER, "/hooks") == t("en", "role.not_for_you")
    assert say(core, CUSTOMER, "/new") == t("en", "role.not_for_you")
    assert say(core, STRANGER, "/mydata") == t("en", "stranger.hello")
    declined, erased = 8001, 8002
    with session_scope(core.engine) as s:
        repo.record_consent(s, declined, 3, "v", accepted=False)
        repo.record_consent(s, erased, 3, "v", accepted=True)  # then /forget: no role, no record
    for command in ("/mydata", "/update", "/forget"):
        assert say(core, declined, command) == t("en", "role.declined")
        assert say(core, erased, command) == t("en", "role.data_erased")
    assert "data was erased" in t("en", "role.data_erased")
    assert "您的数据已被删除" in t("zh", "role.data_erased")
