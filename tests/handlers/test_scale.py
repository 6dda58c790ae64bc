"""Scale out and stay up: two webhook instances on one PostgreSQL, redeliveries, Telegram faults."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox import SandboxServer
from tests.conftest import BotProcess

SECRET = "webhook-secret-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_instances(tmp_path: Path, fresh_postgres_url: str) -> Iterator[list[BotProcess]]:
    with SandboxServer(host="127.0.0.1", port=0) as server:
        bots = []
        for name in ("a", "b"):
            port = free_port()
            url = f"http://127.0.0.1:{port}/telegram"
            (tmp_path / name).mkdir()
            bot = BotProcess(
                server, tmp_path / name, fresh_postgres_url,
                run_args=("--webhook", url, "--port", str(port), "--secret", SECRET),
            )  # fmt: skip
            bot.url, bot.port = url, port  # type: ignore[attr-defined]
            bots.append(bot)
        bots[0].cli("db", "upgrade")  # once, before two instances start
        for bot in bots:
            bot.start()
        yield bots
        for bot in bots:
            bot.stop()


def route_to(bot: BotProcess) -> None:
    """What a load balancer does: the next update goes to this instance."""
    token = bot.env["TELEGRAM_BOT_TOKEN"]
    answer = httpx.post(
        f"{bot.sandbox.api_url}{token}/setWebhook", data={"url": bot.url, "secret_token": SECRET}
    ).json()
    assert answer["ok"], answer


def handled(bot: BotProcess, user_id: int) -> int:
    return bot.log.read_text().count(f"user={user_id} handler=")


def test_one_conversation_alternating_between_two_instances(
    two_instances: list[BotProcess],
) -> None:
    a, b = two_instances
    a.set_role(501, "rep")
    rep = a.client.user(501, first_name="Ana", language_code="en")
    steps = [
        "/new",
        "Marta Kowalska",
        "+48 512 345 678",
        "marta@example.pl",
        "/skip",
        "/skip",
        "/skip",
    ]
    for i, text in enumerate(steps):
        route_to((a, b)[i % 2])
        rep.send(text)
    assert "Please check the lead" in rep.last.text and "Marta Kowalska" in rep.last.text
    route_to(b)
    rep.press("Save")
    rep.wait_for("Saved as #")
    assert handled(a, 501) >= 4 and handled(b, 501) >= 4
    records = [json.loads(line) for line in a.cli("export").stdout.splitlines()]
    assert [(r["name"], r["phone"]) for r in records] == [("Marta Kowalska", "+48512345678")]

    for bot in (a, b):
        health = httpx.get(f"http://127.0.0.1:{bot.port}/healthz")
        assert health.status_code == 200 and health.json() == {"ok": True}
    forged = httpx.post(
        a.url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
    )
    assert forged.status_code == 403


def test_a_redelivered_update_is_applied_once(two_instances: list[BotProcess]) -> None:
    a, b = two_instances
    a.set_role(502, "rep")
    rep = a.client.user(502, first_name="Ben", language_code="en")
    route_to(a)
    rep.send("/new")
    update = {
        "update_id": 987654, "message": {
            "message_id": 999, "date": 1795400000, "text": "Leon Brandt",
            "chat": {"id": 502, "type": "private", "first_name": "Ben"},
            "from": {"id": 502, "is_bot": False, "first_name": "Ben", "language_code": "en"},
        },
    }  # fmt: skip
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for bot in (a, b, a):  # Telegram retried, and the load balancer spread the retries
        assert httpx.post(bot.url, json=update, headers=headers).status_code == 200
    rep.wait_for("Question 2 of 6")
    rep.send("+49 151 2345 6789")
    questions = [m.text for m in rep.messages if m.text and m.text.startswith("Question")]
    assert questions == ["Question 1 of 6" + questions[0][15:], *questions[1:]]
    assert sum(q.startswith("Question 2 of 6") for q in questions) == 1
    assert questions[-1].startswith("Question 3 of 6")


def test_telegram_errors_are_retried_without_losing_or_doubling(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    bot.client.inject_fault("sendMessage", "502", count=2)
    replies = rep.send("/help", timeout=20)
    assert len([m for m in replies if "/new" in (m.text or "")]) == 1
    bot.client.inject_fault("sendMessage", "429", count=1, retry_after=1)
    replies = rep.send("/mine", timeout=20)
    assert len([m for m in replies if "leads" in (m.text or "").lower()]) == 1
    bot.client.clear_faults()


@pytest.mark.skipif(
    os.environ.get("CAPTURE_TEST_PG_RESTART") != "1",
    reason="opt-in: stops this machine's PostgreSQL (set CAPTURE_TEST_PG_RESTART=1)",
)
def test_the_database_going_away_loses_no_answer(tmp_path: Path, fresh_postgres_url: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    with SandboxServer(host="127.0.0.1", port=0) as server:
        bot = BotProcess(server, tmp_path, fresh_postgres_url)
        bot.start()
        try:
            bot.set_role(503, "rep")
            rep = bot.client.user(503, first_name="Cleo", language_code="en")
            rep.send("/new")
            rep.send("Nadia Petrenko")
            subprocess.run([*ctl, "stop"], check=True)
            try:
                assert "One moment" in rep.send("+380 67 123 4567", timeout=30)[0].text
            finally:
                subprocess.run([*ctl, "start"], check=True)
            assert "Question 3 of 6" in rep.wait_for("Question 3 of 6", timeout=60).text
        finally:
            bot.stop()
