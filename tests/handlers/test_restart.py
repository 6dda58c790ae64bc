"""Nothing a user typed is lost: kill -9 and a restart continue the conversation where it was."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import SandboxServer
from tests.conftest import BotProcess


@pytest.fixture
def own_bot(tmp_path: Path) -> Iterator[BotProcess]:
    """A bot with its own sandbox, so killing it disturbs no other test; people-speed limits."""
    with SandboxServer(host="127.0.0.1", port=0) as server:
        process = BotProcess(server, tmp_path, USER_RATE_LIMIT="4", USER_RATE_WINDOW="30")
        process.start()
        yield process
        process.stop()


def test_kill_9_mid_conversation_resumes_at_the_same_question(own_bot: BotProcess) -> None:
    own_bot.set_role(321, "rep")
    rep = own_bot.client.user(321, first_name="Rita", language_code="en")
    rep.send("/new")
    rep.send("Zhang Wei")
    rep.send("138 0013 8000")
    own_bot.kill()
    own_bot.start()
    replies = rep.send("zw@example.com")  # answered to the process that never saw the start
    assert "Company?" in replies[-1].text
    for _ in range(3):
        rep.send("/skip")
    summary = rep.last.text
    assert "Name: Zhang Wei" in summary and "Phone: +86 138 0013 8000" in summary
    own_bot.kill()
    own_bot.start()
    replies = rep.press("Save")  # a button sent by the previous process still works
    assert "Saved as #" in replies[0].text
    records = [json.loads(x) for x in own_bot.cli("export").stdout.splitlines()]
    assert [(r["name"], r["email"]) for r in records] == [("Zhang Wei", "zw@example.com")]


def test_a_flood_gets_one_polite_answer_and_changes_nothing(own_bot: BotProcess) -> None:
    own_bot.set_role(322, "rep")
    rep = own_bot.client.user(322, first_name="Fred", language_code="en")
    rep.send("/new")
    rep.send("Flo Flood")
    for text in ("+44 7911 123456", "a@example.com", "x", "y"):
        rep.send(text, wait=False)
    slow = rep.wait_for("slow down")
    time.sleep(1)
    assert [m.text for m in rep.messages].count(slow.text) == 1
    assert "Question 4 of 6" in [m.text for m in rep.messages if "Question" in (m.text or "")][-1]
