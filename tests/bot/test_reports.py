"""/export through the real core: who gets which leads, and every export audited."""

from __future__ import annotations

import io
import json
from datetime import UTC

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


# --- /stats as a chart ----------------------------------------------------------------------------


def test_chart_figures_are_counted_per_rep_per_week(core: Core) -> None:
    from datetime import timedelta

    from storage.models import utcnow

    starts = reports.week_starts(utcnow())
    leads = some_leads(core)
    with session_scope(core.engine) as s:
        old = repo.get_contact(s, leads[REP][0])
        assert old is not None
        old.created_at = starts[0] + timedelta(hours=1)  # the oldest week shown
        s.add(old)
        repo.touch_user(s, REP, first_name="Alice", username=None, language_code="en",
                        admin_ids=frozenset())  # fmt: skip
    figures = reports.collect_figures(core.engine, core.settings)
    weekly = figures["weekly"]
    assert len(weekly["weeks"]) == reports.WEEKS
    assert weekly["reps"]["Alice"] == [1] + [0] * (reports.WEEKS - 2) + [2]
    assert weekly["reps"][f"#{OTHER_REP}"][-1] == 1
    assert figures["funnel"] == {"invited": 0, "consented": 0, "confirmed": 0, "stale": 0}
    assert figures["duplicates"]["open"] >= 0 and figures["total"] == 4


def test_stats_is_one_chart_with_the_figures_as_its_caption(sqlite_core: Core) -> None:
    from PIL import Image

    some_leads(sqlite_core)
    for lang, words in (("en", "active contacts"), ("zh", "有效联系人")):
        outcome = sqlite_core.handle(Actor(MANAGER, "T", None, lang), flow.Command("stats"))
        (reply,) = outcome.replies
        assert words in reply.text and reply.photo is not None
        image = Image.open(io.BytesIO(reply.photo))
        assert image.format == "PNG" and image.size == (1200, 900)


def test_chinese_labels_are_drawn_in_a_cjk_font() -> None:
    """matplotlib warns of every glyph its fonts lack (a box is drawn instead): none here."""
    import warnings

    from bot import chart

    figures = {"total": 3, "weekly": {"weeks": ["11-30"], "reps": {"王伟": [3]}},
               "completeness": {"phone": 50}, "funnel": {"invited": 1},
               "duplicates": {"open": 1}}  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.render(figures, "zh")
    assert not [w for w in caught if "missing from font" in str(w.message)]


# --- the weekly digest ----------------------------------------------------------------------------


def test_the_digest_goes_once_a_week_to_each_manager_at_their_hour(core: Core) -> None:
    from datetime import datetime

    from bot import digest
    from bot.config import load_settings

    settings = load_settings(capture_data_dir=core.settings.capture_data_dir,
                             capture_secret_key="k" * 32, digest_day="monday", digest_hour=9,
                             server_timezone="Asia/Shanghai")  # fmt: skip
    some_leads(core)
    with session_scope(core.engine) as s:
        repo.set_role(s, 8, "admin", actor_id=None)
        far = repo.set_role(s, 9, "manager", actor_id=None)
        far.timezone = "America/New_York"
        s.add(far)
    for user_id in (MANAGER, 8, 9):  # each has opened the bot
        core.handle(Actor(user_id, "T", None, "en"), flow.Command("start"))
    sunday_night = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Mon 07:00 in Shanghai
    assert digest.sweep(core.engine, settings, sunday_night) == []
    monday = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai, Sunday in New York
    sent = digest.sweep(core.engine, settings, monday)
    assert sorted(chat for chat, _ in sent) == [MANAGER, 8]
    text = sent[0][1].text
    assert "Weekly digest" in text and "active contacts" in text and sent[0][1].photo
    assert digest.sweep(core.engine, settings, monday) == []  # claimed: once, whoever sweeps
    new_york_monday = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
    assert [chat for chat, _ in digest.sweep(core.engine, settings, new_york_monday)] == [9]


def test_a_manager_given_the_role_from_the_server_gets_the_digest_once_they_write_in_their_language(
    sqlite_core: Core,
) -> None:
    """Telegram refuses a bot's first word: the digest is not claimed (and lost for the week)
    before they open the bot, and then it reads their Telegram's language like every reply."""
    from datetime import datetime

    from bot import digest
    from bot.config import load_settings

    settings = load_settings(capture_data_dir=sqlite_core.settings.capture_data_dir,
                             capture_secret_key="k" * 32, digest_day="wed")  # fmt: skip
    wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    with session_scope(sqlite_core.engine) as s:
        repo.set_role(s, 40, "manager", actor_id=None)  # `capture-bot role 40 manager`
    assert 40 not in [c for c, _ in digest.sweep(sqlite_core.engine, settings, wednesday)]
    assert 40 not in [c for c, _ in digest.sweep(sqlite_core.engine, settings, wednesday)]
    said = sqlite_core.handle(Actor(40, "兰", None, "zh-hans"), flow.Command("start"))
    assert "你好" in said.replies[0].text
    (reply,) = [r for c, r in digest.sweep(sqlite_core.engine, settings, wednesday) if c == 40]
    assert "每周摘要" in reply.text and "Weekly digest" not in reply.text
    assert digest.sweep(sqlite_core.engine, settings, wednesday) == []  # once


def test_a_manager_the_bot_could_not_reach_is_not_swept_until_they_write(sqlite_core: Core) -> None:
    from datetime import datetime

    from bot import digest
    from bot.config import load_settings
    from bot.replies import Alert, Reply

    settings = load_settings(capture_data_dir=sqlite_core.settings.capture_data_dir,
                             capture_secret_key="k" * 32, digest_day="wed")  # fmt: skip
    wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    boss = Actor(MANAGER, "T", None, "en")
    sqlite_core.handle(boss, flow.Command("start"))
    sqlite_core.undelivered(Alert(MANAGER, Reply("x")), "blocked")
    assert digest.sweep(sqlite_core.engine, settings, wednesday) == []
    sqlite_core.handle(boss, flow.Command("digest"))
    assert [c for c, _ in digest.sweep(sqlite_core.engine, settings, wednesday)] == [MANAGER]


def test_digest_off_stops_it_and_on_brings_it_back(sqlite_core: Core) -> None:
    from datetime import datetime

    from bot import digest
    from bot.config import load_settings

    settings = load_settings(capture_data_dir=sqlite_core.settings.capture_data_dir,
                             capture_secret_key="k" * 32, digest_day="wed")  # fmt: skip
    boss = Actor(MANAGER, "T", None, "zh")
    said = sqlite_core.handle(boss, flow.Command("digest", "off")).replies[0].text
    assert "已关闭" in said
    wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert digest.sweep(sqlite_core.engine, settings, wednesday) == []
    said = sqlite_core.handle(boss, flow.Command("digest", "on")).replies[0].text
    assert "每周一" in said and "09:00" in said  # the core's own settings: Mondays 09:00 UTC
    assert [c for c, _ in digest.sweep(sqlite_core.engine, settings, wednesday)] == [MANAGER]
    usage = sqlite_core.handle(boss, flow.Command("digest", "weekly")).replies[0].text
    assert "/digest on" in usage
    rep = sqlite_core.handle(Actor(REP, "T", None, "en"), flow.Command("digest", "off"))
    assert "does not allow" in rep.replies[0].text


def test_custom_fields_are_exported_and_charted(sqlite_core: Core, custom_fields) -> None:  # type: ignore[no-untyped-def]
    """A deployment's own fields (FIELDS_FILE) are columns of the sheet, a staff-only one
    included for staff, and bars of the chart's completeness."""
    from tests.bot.conftest import CUSTOM_VALUES

    values = {f: v[0] for f, v in VALUES.items()} | {f: v[0] for f, v in CUSTOM_VALUES.items()}
    add_contact(sqlite_core, values, owner=REP)
    result = export_as(sqlite_core, MANAGER)
    sheet = openpyxl.load_workbook(result.parts[0]).active
    header, row = [[c.value for c in r] for r in sheet.iter_rows()]
    record = dict(zip(header, row, strict=True))
    assert record["industry"] == "retail" and record["linkedin"] == CUSTOM_VALUES["linkedin"][0]
    result.cleanup()
    figures = reports.collect_figures(sqlite_core.engine, sqlite_core.settings)
    reply = reports.stats_reply(figures, "zh")
    assert "行业" in reply.text and reply.photo
