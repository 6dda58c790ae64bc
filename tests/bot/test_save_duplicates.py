"""A rep's Save through the real core: the duplicate search runs once when the check in the same
update found nobody, and a lookalike saved anyway still becomes a candidate the managers hear of."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot import flow
from bot.config import load_settings
from bot.core import Actor, Core
from bot.replies import Outcome
from storage import repo
from storage.db import make_engine, migrate, session_scope
from storage.models import DuplicateCandidate

MANAGER, REP = 2, 3
ACTOR = Actor(REP, "Rep", None, "en")


@pytest.fixture
def core(tmp_path: Path) -> Core:
    settings = load_settings(capture_data_dir=tmp_path, capture_secret_key="k" * 32)
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        repo.set_role(s, MANAGER, "manager", actor_id=None)
        repo.set_role(s, REP, "rep", actor_id=None)
    core = Core(settings, engine)
    capture(core, "Zhang Wei", "138 0013 8000")
    assert "Saved as #1" in texts(press(core, "save"))
    return core


def capture(core: Core, name: str, phone: str) -> None:
    core.handle(ACTOR, flow.Command("new"))
    for answer in (name, phone, "/skip", "/skip", "/skip", "/skip"):
        if answer == "/skip":
            core.handle(ACTOR, flow.Command("skip"))
        else:
            core.handle(ACTOR, flow.Text(answer))


def press(core: Core, action: str) -> Outcome:
    with session_scope(core.engine) as s:
        rev = (repo.load_conversation(s, REP) or {})["rev"]
    return core.handle(ACTOR, flow.Press(action, "", rev))


def texts(outcome: Outcome) -> str:
    return "\n".join(r.text for r in outcome.replies)


@pytest.fixture
def statements(core: Core) -> Iterator[list[str]]:
    """Every SQL statement the core runs while the test goes on."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(core.engine, "before_cursor_execute", record)
    yield seen
    event.remove(core.engine, "before_cursor_execute", record)


def candidates(core: Core) -> list[tuple[int, int]]:
    with session_scope(core.engine) as s:
        return [(c.a_id, c.b_id) for c in s.exec(select(DuplicateCandidate))]


def test_a_clear_save_searches_once_and_alerts_nobody(core: Core, statements: list[str]) -> None:
    capture(core, "Li Na", "139 1234 5678")
    statements.clear()
    saved = press(core, "save")
    assert "Saved as #2" in texts(saved) and saved.alerts == []
    searches = [s for s in statements if s.startswith("SELECT contact.id") and "contactkey" in s]
    assert len(searches) == 1, searches
    assert not any("user.role IN" in s for s in statements)  # no managers looked up
    assert candidates(core) == []


def test_a_lookalike_saved_anyway_is_flagged_to_the_managers(core: Core) -> None:
    capture(core, "Zhang Wei", "138 0013 8000")
    assert "#1 Zhang Wei" in texts(press(core, "save"))
    saved = press(core, "save_anyway")
    assert "Saved as #2" in texts(saved)
    assert [to for to, _ in saved.alerts] == [MANAGER]
    assert "#1" in saved.alerts[0][1].text and "#2" in saved.alerts[0][1].text
    assert candidates(core) == [(1, 2)]
