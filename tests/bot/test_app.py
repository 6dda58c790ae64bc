"""The bot process's set-up in bot/app.py."""

from __future__ import annotations

import sys
from pathlib import Path

import handlers
from bot.app import GIL_SWITCH_INTERVAL_S, build_application
from bot.config import load_settings
from tests.conftest import TEST_SECRET


def test_the_bot_hands_the_gil_to_database_threads_within_a_millisecond(tmp_path: Path) -> None:
    """A worker thread's SQL statement waits for the GIL at most this long while it holds
    SQLite's write lock (the default 5 ms made every other update queue behind it)."""
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        settings = load_settings(
            telegram_bot_token="123456:app-test", capture_data_dir=tmp_path,
            capture_secret_key=TEST_SECRET, database_url="",
        )  # fmt: skip
        app = build_application(settings, handlers.register)
        assert sys.getswitchinterval() <= GIL_SWITCH_INTERVAL_S <= 0.001
        app.bot_data["cards"].close()
        app.bot_data["core"].engine.dispose()
    finally:
        sys.setswitchinterval(before)
