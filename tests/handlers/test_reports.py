"""Managers get the data out, through the sandbox as a manager would: /export, /stats, the
weekly digest and the outbound hooks."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import openpyxl
import pytest

from sandbox import SandboxServer
from tests.conftest import BotProcess, Receiver, team_list


def capture(user, name: str, phone: str, company: str) -> int:  # type: ignore[no-untyped-def]
    user.send("/new")
    for answer in (name, phone, "/skip", company, "/skip", "/skip"):
        user.send(answer)
    user.press("Save")  # since the press: saved, or warned of a likely duplicate first
    said = user.wait_for(re.compile(r"Saved as #|may already be saved"), timeout=60)
    if "Saved as #" not in (said.text or ""):
        user.press("Save anyway")
        said = user.wait_for("Saved as #", timeout=60)
    return int(re.search(r"Saved as #(\d+)", said.text or "").group(1))


def json_export(bot: BotProcess) -> list[dict[str, object]]:
    return [json.loads(line) for line in bot.cli("export", "--format", "json").stdout.splitlines()]


def test_export_xlsx_matches_the_cli_json_row_for_row(bot: BotProcess, new_user_id: int) -> None:
    rep = bot.client.user(new_user_id, first_name="Alice", language_code="en")
    boss = bot.client.user(new_user_id + 300_000, first_name="Mona", language_code="zh")
    bot.set_role(rep.id, "rep")
    bot.set_role(boss.id, "manager")
    capture(rep, "王伟", "+86 139 0577 2468", "=HYPERLINK(\"http://evil.example\")")
    capture(rep, "Maria García", "+1 415 555 2671", "Contoso")

    boss.send("/export")
    boss.wait_for(re.compile("导出完成"), timeout=60)
    document = next(m for m in boss.messages if m.document and m.document.file_name[-4:] == "xlsx")
    assert document.document.file_name.startswith("leads-")
    progress = [m for m in boss.messages if m.history and "正在准备导出" in (m.history[0]["text"])]
    assert progress, "the progress message is edited in place"
    sheet = openpyxl.load_workbook(io.BytesIO(document.document.download())).active
    header, *rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    expected = json_export(bot)
    assert len(rows) == len(expected)
    for row, record in zip(rows, expected, strict=True):
        cells = dict(zip(header, row, strict=True))
        for key, value in record.items():
            if key in ("created_at", "updated_at"):
                moment = datetime.fromisoformat(str(value)).astimezone(UTC).replace(tzinfo=None)
                assert abs((cells[key] - moment).total_seconds()) < 0.001, key
            else:
                assert cells[key] == value, (key, cells[key], value)
    hostile = next(r for r in rows if "=HYPERLINK" in str(r[header.index("company")]))
    assert hostile  # text, not a formula (the cell types are checked in tests/bot/test_export.py)
    server_copy = bot.data_dir / "server-export.xlsx"
    bot.cli("export", "--format", "xlsx", "-o", str(server_copy))
    again = openpyxl.load_workbook(server_copy).active
    assert [list(r) for r in again.iter_rows(values_only=True)] == [header, *rows]


def test_a_rep_exports_only_their_own_leads_as_csv(bot: BotProcess, new_user_id: int) -> None:
    alice = bot.client.user(new_user_id, first_name="Alice", language_code="en")
    bruno = bot.client.user(new_user_id + 300_000, first_name="Bruno", language_code="en")
    bot.set_role(alice.id, "rep")
    bot.set_role(bruno.id, "rep")
    # people no other test captures: the bot is shared, and a duplicate warning stops a capture
    mine = capture(alice, "Irina Volkova", "+7 913 555 12 34", "Sibir LLC")
    capture(bruno, "Hans Meier", "+49 30 775 20 41", "Meier GmbH")
    alice.send("/export csv")
    alice.wait_for("Export ready", timeout=60)
    document = next(m for m in alice.messages if m.document)
    rows = list(csv.DictReader(io.StringIO(document.document.download().decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [mine]
    assert "/export csv" in alice.send("/export pdf")[-1].text


def test_stats_is_a_chart_with_the_figures_as_caption(bot: BotProcess, new_user_id: int) -> None:
    boss = bot.client.user(new_user_id, first_name="Mona", language_code="zh")
    bot.set_role(boss.id, "manager")
    chart = boss.send("/stats")[-1]
    assert chart.photo is not None and "有效联系人" in chart.text and "填写率" in chart.text
    assert chart.photo.width == 1200 and len(chart.photo.download()) > 10_000


HOOK_SECRET = "hook-secret-for-the-sandbox"


@pytest.fixture(scope="module")
def hook_receiver() -> Iterator[Receiver]:
    local = Receiver()
    yield local
    local.close()


@pytest.fixture(scope="module")
def weekly_bot(
    tmp_path_factory: pytest.TempPathFactory, hook_receiver: Receiver
) -> Iterator[BotProcess]:
    """A bot with a sandbox of its own (two bots polling one sandbox would take each other's
    updates), whose digest is due now (today, from 00:00 UTC), swept every second, and whose
    contact events go to a local receiver (two failures park an event)."""
    today = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[datetime.now(UTC).weekday()]
    with SandboxServer(host="127.0.0.1", port=0) as server:
        process = BotProcess(
            server, tmp_path_factory.mktemp("weekly"), DIGEST_DAY=today, DIGEST_HOUR="0",
            DIGEST_SWEEP_SECONDS="1", SERVER_TIMEZONE="UTC", HOOK_TARGETS=hook_receiver.url,
            HOOK_SECRET=HOOK_SECRET, HOOK_MAX_ATTEMPTS="2", HOOK_BACKOFF_SECONDS="0.2",
            HOOK_TIMEOUT="2", HOOK_SWEEP_SECONDS="0.2",
        )  # fmt: skip
        process.cli("db", "upgrade")
        process.start()
        yield process
        process.stop()


def test_the_weekly_digest_reaches_managers_once_until_they_say_off(
    weekly_bot: BotProcess, new_user_id: int
) -> None:
    boss = weekly_bot.client.user(new_user_id, first_name="Mona", language_code="en")
    boss.send("/start")
    with sqlite3.connect(weekly_bot.data_dir / "capture.db") as db:  # off before she is a manager
        db.execute('UPDATE "user" SET digest_off = 1 WHERE id = ?', (boss.id,))
    weekly_bot.set_role(boss.id, "manager")
    assert "is off for you" in boss.send("/digest")[-1].text
    time.sleep(2.5)  # two sweeps: nothing for her
    assert not any("Weekly digest" in (m.text or "") for m in boss.messages)
    assert "comes" in boss.send("/digest on")[-1].text
    digest = boss.wait_for("Weekly digest", timeout=30)
    assert digest.photo is not None and "active contacts" in digest.text
    time.sleep(3)  # three more sweeps: the week's digest was claimed once
    assert sum("Weekly digest" in (m.text or "") for m in boss.messages) == 1


def test_a_manager_the_bot_cannot_reach_does_not_stop_the_others_digest(
    weekly_bot: BotProcess, new_user_id: int
) -> None:
    """A manager given the role by id who never wrote to the bot (Telegram would refuse: 'chat
    not found') is not sent the digest, and the one who did gets it."""
    ghost = 49_999  # no chat with the bot in the sandbox; stored first, so swept first
    boss = weekly_bot.client.user(new_user_id, first_name="Olu", language_code="en")
    database = weekly_bot.data_dir / "capture.db"
    for user_id in (ghost, boss.id):  # each made a manager with the digest off, then both on
        weekly_bot.set_role(user_id, "rep")
        with sqlite3.connect(database) as db:
            db.execute('UPDATE "user" SET digest_off = 1 WHERE id = ?', (user_id,))
        weekly_bot.set_role(user_id, "manager")
    boss.send("/start")
    with sqlite3.connect(database) as db:
        db.execute('UPDATE "user" SET digest_off = 0 WHERE id IN (?, ?)', (ghost, boss.id))
    digest = boss.wait_for("Weekly digest", timeout=30)
    assert digest.photo is not None and "active contacts" in digest.text
    admin = weekly_bot.client.user(BotProcess.ADMIN_ID, first_name="Ada", language_code="en")
    admin.send("/start")
    team = team_list(admin.send(f"/team {ghost}"))
    ghost_line = next(line for line in team.splitlines() if line.startswith(f"id {ghost} — "))
    assert "has not opened the bot yet" in ghost_line and "cannot be reached" not in ghost_line


def test_a_manager_given_the_role_from_the_server_gets_the_digest_in_their_telegrams_language(
    weekly_bot: BotProcess, new_user_id: int
) -> None:
    """`capture-bot role ID manager` on digest day, past DIGEST_HOUR, then she opens the bot from
    a Chinese Telegram a few sweeps later: greeted in Chinese, the week's digest in Chinese too."""
    weekly_bot.set_role(new_user_id, "manager")
    time.sleep(2.5)  # two sweeps before she opens the bot: nothing claimed and lost meanwhile
    boss = weekly_bot.client.user(new_user_id, first_name="兰", language_code="zh-hans")
    assert "你好" in boss.send("/start")[0].text
    digest = boss.wait_for(re.compile("每周摘要|Weekly digest"), timeout=30)
    assert "每周摘要" in digest.text and digest.photo is not None, digest.text


def test_hooks_push_a_lead_and_its_erasure_and_an_admin_retries_a_parked_event(
    weekly_bot: BotProcess, hook_receiver: Receiver
) -> None:
    admin = weekly_bot.client.user(BotProcess.ADMIN_ID, first_name="Ada", language_code="en")
    admin.send("/start")
    admin.send("/digest off")
    hook_receiver.script = [500, 500]  # HOOK_MAX_ATTEMPTS=2: then the event is parked
    contact_id = capture(admin, "Chen Jing", "+86 139 1234 5678", "Jade Trading")
    deadline = time.monotonic() + 90  # generous: the machine may be busy
    while "parked 1" not in (shown := admin.send("/hooks")[-1]).text:
        assert time.monotonic() < deadline, shown.text
        time.sleep(0.3)
    assert "failing" in shown.text and "HTTP 500" in shown.text
    assert hook_receiver.url.split("?")[0] in shown.text
    admin.press(next(label for label in shown.button_texts if "Retry" in label))
    while not hook_receiver.delivered():
        assert time.monotonic() < deadline, hook_receiver.requests
        time.sleep(0.1)
    headers, body, _ = hook_receiver.requests[-1]
    created = json.loads(body)
    assert created["event"] == "contact.created" and created["contact"]["id"] == contact_id
    assert created["contact"]["phone"] == "+8613912345678"
    stamp, mac = (p.split("=", 1)[1] for p in headers["X-Capture-Signature"].split(","))
    expected = hmac.new(HOOK_SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(expected.hexdigest(), mac)
    assert len({h["Idempotency-Key"] for h, _, _ in hook_receiver.requests}) == 1  # 3 tries

    admin.send(f"/erase {contact_id}")
    admin.press("Yes, erase")
    while not any(b["event"] == "contact.erased" for b in hook_receiver.delivered()):
        assert time.monotonic() < deadline + 60, hook_receiver.requests
        time.sleep(0.1)
    erased = hook_receiver.delivered()[-1]
    assert erased["contact"] == {"id": contact_id} and "Chen" not in json.dumps(erased)
    assert "working" in admin.send("/hooks")[-1].text
