"""/export through the real core: who gets which leads, and every export audited."""

from __future__ import annotations

import json

import openpyxl
from sqlmodel import col, select

from bot import flow, reports
from bot.core import Actor, Core
from storage import repo
from storage.db import session_scope
from storage.models import AuditEvent
from tests.bot.conftest import MANAGER, REP, VALUES, add_contact

OTHER_REP = 4


def some_leads(core: Core) -> dict[int, list[int]]:
    with session_scope(core.engine) as s:
        repo.set_role(s, OTHER_REP, "rep", actor_id=None)
    mine = [add_contact(core, {f: v[0] for f, v in VALUES.items()}, owner=REP) for _ in range(3)]
    theirs = [add_contact(core, {f: v[1] for f, v in VALUES.items()}, owner=OTHER_REP)]
    return {REP: mine, OTHER_REP: theirs}


def export_as(core: Core, user_id: int, arg: str = "") -> reports.ExportResult:
    outcome = core.handle(Actor(user_id, "T", None, "en"), flow.Command("export", arg))
    assert outcome.export is not None, [r.text for r in outcome.replies]
    seen: list[tuple[int, int]] = []
    result = core.export(outcome.export, lambda done, total: seen.append((done, total)))
    assert seen and seen[0] == (0, result.rows)
    return result


def test_reps_get_their_own_leads_and_managers_everyone(sqlite_core: Core) -> None:
    leads = some_leads(sqlite_core)
    rep = export_as(sqlite_core, REP)
    sheet = openpyxl.load_workbook(rep.parts[0]).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == leads[REP] and rep.rows == 3
    manager = export_as(sqlite_core, MANAGER, "json")
    records = [json.loads(line) for line in manager.parts[0].read_text().splitlines()]
    assert [r["id"] for r in records] == sorted(leads[REP] + leads[OTHER_REP])
    assert records[0]["notes"] == VALUES["notes"][0]  # staff see staff-only fields
    for result in (rep, manager):
        result.cleanup()
        assert not result.parts[0].exists()


def test_every_export_is_audited_with_who_and_how_many(sqlite_core: Core) -> None:
    some_leads(sqlite_core)
    export_as(sqlite_core, MANAGER, "csv").cleanup()
    with session_scope(sqlite_core.engine) as s:
        event = s.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    assert event is not None and event.action == "export" and event.actor_id == MANAGER
    assert event.field == "csv" and event.new_value == "rows=4 parts=1"


def test_bad_format_customers_and_empty_exports_get_a_polite_answer(sqlite_core: Core) -> None:
    said = sqlite_core.handle(Actor(MANAGER, "T", None, "en"), flow.Command("export", "pdf"))
    assert "/export csv" in said.replies[0].text and said.export is None
    stranger = sqlite_core.handle(Actor(999, "T", None, "en"), flow.Command("export"))
    assert stranger.export is None and stranger.replies
    empty = export_as(sqlite_core, REP)
    assert empty.refused == "export.empty" and not empty.parts
    text, files = reports.export_messages(empty)
    assert "no leads" in text and files == []
