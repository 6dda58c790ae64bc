"""The bot process's set-up in bot/app.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

import handlers
from bot import registry
from bot.app import GIL_SWITCH_INTERVAL_S, build_application
from bot.config import load_settings
from bot.core import Core
from storage import repo
from storage.db import session_scope
from tests.bot.conftest import CUSTOM_FIELDS_TOML, add_contact
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


def _table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in inspect(engine).get_table_names()
        }


@pytest.mark.parametrize("region", ["CN", "US", "TA"])  # TA: no mobile number to take as sample
def test_the_start_up_warm_up_loads_without_writing_for_any_region(
    sqlite_core: Core, region: str
) -> None:
    """The warm-up runs the validators and the duplicate check on sample values before the
    first rep arrives; it must work for every region a deployment may set, custom fields
    included, and leave the database exactly as it was."""
    fields = registry.parse(CUSTOM_FIELDS_TOML, "test fields")
    previous = registry.configure(fields)
    try:
        contact_id = add_contact(sqlite_core, {"name": "Warm Up", "phone": "+8613800138000"})
        sqlite_core.settings = sqlite_core.settings.model_copy(update={"default_region": region})
        before = _table_counts(sqlite_core.engine)
        sqlite_core.warm_up()
        assert _table_counts(sqlite_core.engine) == before
        with session_scope(sqlite_core.engine) as s:
            assert repo.open_candidates(s, limit=5)[1] == 0  # no alert about its sample
            assert repo.get_contact(s, contact_id) is not None
    finally:
        registry.configure(previous)
