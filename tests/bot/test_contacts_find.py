"""/find through the real core: a phone or email typed any way finds its contact exactly."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from bot import flow
from bot.core import Actor, Core
from storage import repo
from storage.db import session_scope
from tests.bot.conftest import MANAGER, REP


@pytest.fixture
def core(sqlite_core: Core) -> Core:
    with session_scope(sqlite_core.engine) as s:
        for name, values in (
            ("Lead One", {"phone": "+8613800138001", "email": "Lead.One@Example.com"}),
            ("Desk 13800138001", {"company": "lead.one@example.com"}),  # a LIKE would match
            ("Lead Three", {"phone": "+8613800138003"}),
        ):
            repo.create_contact(
                s, {"name": name, **values}, owner_id=REP, source="manual", actor_id=REP
            )
    return sqlite_core


def find(core: Core, text: str, user_id: int = MANAGER) -> str:
    outcome = core.handle(Actor(user_id, "U", None, "en"), flow.Command("find", text))
    return "\n".join(r.text for r in outcome.replies)


@pytest.mark.parametrize(
    "typed",
    [
        "13800138001",
        "+86 138 0013 8001",
        "138-0013-8001",
        "LEAD.ONE@example.COM",
        " lead.one@example.com",
    ],
)
def test_a_phone_or_email_finds_only_its_contact(core: Core, typed: str) -> None:
    answer = find(core, typed)
    assert "Lead One" in answer
    assert "Desk" not in answer and "Lead Three" not in answer


def test_other_text_still_searches_names_and_companies(core: Core) -> None:
    assert "Desk 13800138001" in find(core, "desk")
    assert "Lead Three" in find(core, "three", REP)
    assert "Desk 13800138001" in find(core, "13800138")  # not a whole phone number


def test_a_name_search_runs_after_the_update_commits_so_others_can_write_meanwhile(
    core: Core, writable_during: Callable[[Engine, str], list[bool]]
) -> None:
    """At 10^6 contacts a name search scans an index for 0.2 s; SQLite's writer must be free."""
    writable = writable_during(core.engine, " LIKE ")
    assert "Lead Three" in find(core, "three")
    assert writable == [True]
