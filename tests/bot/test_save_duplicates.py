"""A rep's Save through the real core: the duplicate search runs once when the check in the same
update found nobody, and a lookalike saved anyway still becomes a candidate the managers hear of."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlmodel import select

from bot import contacts, duplicates, flow, linkage, matching
from bot.config import load_settings
from bot.core import Actor, Core
from bot.replies import Outcome
from storage import repo
from storage.db import session_scope
from storage.models import DuplicateCandidate
from tests.bot.conftest import MANAGER, REP

ACTOR = Actor(REP, "Rep", None, "en")


@pytest.fixture
def core(sqlite_core: Core) -> Core:
    core = sqlite_core
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
    searches = [s for s in statements if "FROM contactkey" in s and "LIMIT" in s]
    assert len(searches) == 1, searches
    assert not any(s.startswith("SELECT contact.id") for s in statements)  # nobody to read
    assert not any("user.role IN" in s for s in statements)  # no managers looked up
    assert candidates(core) == []


def test_the_check_before_a_save_reads_while_other_chats_can_write(
    core: Core, writable_during: Callable[[Engine, str], list[bool]]
) -> None:
    """At 10^6 contacts the check is the longest part of a save: SQLite's one writer must be
    free meanwhile, and the save still happens once, with the warning when there is one."""
    capture(core, "Li Na", "139 1234 5678")
    writable = writable_during(core.engine, "FROM contactkey WHERE key")
    saved = press(core, "save")
    assert "Saved as #2" in texts(saved)
    assert writable == [True]
    capture(core, "Zhang Wei", "138 0013 8000")
    assert "#1 Zhang Wei" in texts(press(core, "save"))
    assert writable == [True, True]
    assert "Saved as #3" in texts(press(core, "save_anyway"))
    with session_scope(core.engine) as s:
        assert [c.id for c in repo.contacts_by_ids(s, {1, 2, 3, 4})] == [1, 2, 3]


def test_a_lookalike_saved_anyway_is_flagged_to_the_managers(core: Core) -> None:
    capture(core, "Zhang Wei", "138 0013 8000")
    assert "#1 Zhang Wei" in texts(press(core, "save"))
    saved = press(core, "save_anyway")
    assert "Saved as #2" in texts(saved)
    assert [alert.chat_id for alert in saved.alerts] == [MANAGER]
    assert "#1" in saved.alerts[0].reply.text and "#2" in saved.alerts[0].reply.text
    # The manager sees what each piece of evidence weighed, strongest first.
    assert "Evidence (weight" in saved.alerts[0].reply.text
    assert "phone same +" in saved.alerts[0].reply.text
    assert "name same +" in saved.alerts[0].reply.text
    assert candidates(core) == [(1, 2)]


def test_trained_weights_are_kept_and_used_by_the_next_start(core: Core) -> None:
    with session_scope(core.engine) as s:
        for i, name in enumerate(("Mary Smith", "Peter Smith", "Mary Smith", "Li Na", "王伟")):
            values = {"name": name, "phone": f"+86138001380{i:02d}", "address": "12 Oak St, Leeds"}
            contacts.create(s, values, owner_id=REP, source="manual", actor_id=REP)
    try:
        assert duplicates.train(core.engine) == (None, 6)  # too few to say anything
        model, people = duplicates.train(core.engine, minimum=2)
        assert people == 6 and model and model.pairs > 0 and matching.current_model() == model
        matching.use_model(linkage.default_model())
        Core(core.settings, core.engine)  # a restart reads the newest estimate
        assert matching.current_model() == model
    finally:
        matching.use_model(linkage.default_model())


OFFICE_LINE = "010 8433 6614"  # a Beijing fixed line: the switchboard of a big office
COLLEAGUES = [f"{family} {given}" for family in ("Li", "Wang", "Liu", "Chen", "Yang", "Zhao",
              "Huang", "Zhou") for given in ("Na", "Jing", "Min", "Jun", "Tao")]  # fmt: skip


def test_a_lookalike_on_a_big_office_line_is_found_without_reading_the_office(
    core: Core, statements: list[str]
) -> None:
    """40 colleagues share the line: the check reads only the one who also shares a name token."""
    with session_scope(core.engine) as s:
        for name in COLLEAGUES:
            values = {"name": name, "phone": "+861084336614", "company": "Acme"}
            contacts.create(s, values, owner_id=REP, source="manual", actor_id=REP)
        zhang = contacts.create(
            s, {"name": "Zhang Wei", "phone": "+861084336614", "company": "Acme"},
            owner_id=REP, source="manual", actor_id=REP,
        )  # fmt: skip
    capture(core, "Wei Zhang", OFFICE_LINE)  # no company: the line and the name are the evidence
    statements.clear()
    answer = texts(press(core, "save"))
    assert f"#{zhang.id} Zhang Wei" in answer
    reads = [s for s in statements if s.startswith("SELECT contact.id") and " IN (" in s]
    # the matched columns of Zhang Wei (maybe #1 too), not of 40; then the whole row of the found
    assert len(reads) == 2 and all(r.count("?") <= 2 for r in reads), reads
    assert "contact.notes" not in reads[0] and "contact.notes" in reads[1], reads


def test_a_colleague_on_the_office_line_is_not_a_duplicate(core: Core) -> None:
    with session_scope(core.engine) as s:
        for name in COLLEAGUES:
            values = {"name": name, "phone": "+861084336614", "company": "Acme"}
            contacts.create(s, values, owner_id=REP, source="manual", actor_id=REP)
    capture(core, "Sun Li", OFFICE_LINE)
    assert "Saved as" in texts(press(core, "save"))


def test_an_edit_check_skips_pairs_marked_not_a_duplicate_and_returns_whole_contacts(
    core: Core,
) -> None:
    """The check of an edited contact leaves out what a manager called "Not a duplicate" (either
    side of the pair) and still finds the others, best first, as whole rows."""
    phone = "+8613800138000"  # #1 Zhang Wei's
    with session_scope(core.engine) as s:
        ids = [
            contacts.create(
                s, {"name": "Zhang Wei", "phone": phone, "company": f"Firm {i}"},
                owner_id=REP, source="manual", actor_id=REP,
            ).id or 0
            for i in range(3)
        ]  # fmt: skip
        edited = ids[1]
        for other in (1, ids[2]):
            candidate = repo.add_candidate(s, edited, other, 0.9, "same_phone")
            assert candidate is not None
            contacts.not_duplicate(s, candidate, MANAGER)
    with session_scope(core.engine) as s:
        values = {"name": "Zhang Wei", "phone": phone}
        found = contacts.find_duplicates(s, values, threshold=0.8, exclude_id=edited)
        assert [c.id for c, _ in found] == [ids[0]]
        assert found[0][0].company == "Firm 0" and found[0][0].status == "active"
        everyone = contacts.find_duplicates(s, values, threshold=0.8, limit=10)
        assert sorted(c.id or 0 for c, _ in everyone) == sorted([1, *ids])


@pytest.fixture
def core_on_either(engine: Engine, tmp_path: Path) -> Core:
    """A core on SQLite and on PostgreSQL, with one contact saved."""
    settings = load_settings(capture_data_dir=tmp_path, capture_secret_key="k" * 32)
    with session_scope(engine) as s:
        repo.set_role(s, REP, "rep", actor_id=None)
    core = Core(settings, engine)
    capture(core, "Zhang Wei", "138 0013 8000")
    assert "Saved as #1" in texts(press(core, "save"))
    return core


def test_a_save_runs_its_turn_twice_only_where_the_check_must_wait_outside(
    core_on_either: Core,
) -> None:
    """SQLite: the turn stops for the check, read outside the one writer lock, then runs again;
    PostgreSQL: no global writer to keep free, so the check reads inside the one turn."""
    core = core_on_either
    capture(core, "Li Na", "139 1234 5678")
    with session_scope(core.engine) as s:
        rev = (repo.load_conversation(s, REP) or {})["rev"]
    turns: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("SELECT conversation.state"):
            turns.append(statement)

    event.listen(core.engine, "before_cursor_execute", count)
    try:
        saved = core.handle(ACTOR, flow.Press("save", "", rev))
    finally:
        event.remove(core.engine, "before_cursor_execute", count)
    assert "Saved as #2" in texts(saved)
    assert len(turns) == (2 if core.engine.dialect.name == "sqlite" else 1)
