"""Shared fixtures for the core's tests: the real core on a SQLite file of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.core import Core
from storage import repo
from storage.db import make_engine, migrate, session_scope

MANAGER, REP = 2, 3


@pytest.fixture
def sqlite_core(tmp_path: Path) -> Core:
    """A migrated SQLite database with a manager (`MANAGER`) and a rep (`REP`), and its core."""
    settings = load_settings(capture_data_dir=tmp_path, capture_secret_key="k" * 32)
    engine = make_engine(f"sqlite:///{tmp_path / 'capture.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        repo.set_role(s, MANAGER, "manager", actor_id=None)
        repo.set_role(s, REP, "rep", actor_id=None)
    return Core(settings, engine)
