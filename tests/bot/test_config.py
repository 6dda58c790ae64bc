"""Settings: defaults, parsing, and one clear line for a bad value."""

from __future__ import annotations

import multiprocessing
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import SettingsError, create_key_file, load_settings, parse_duration


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ADMIN_IDS", "DEFAULT_REGION", "DATABASE_URL", "LOG_LEVEL", "CAPTURE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(capture_data_dir=tmp_path)
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'capture.db'}"
    assert settings.admin_ids == [] and settings.default_region == "CN"


def test_admin_ids_and_region_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12, 34,56")
    monkeypatch.setenv("DEFAULT_REGION", "gb")
    settings = load_settings()
    assert settings.admin_ids == [12, 34, 56] and settings.default_region == "GB"


@pytest.mark.parametrize(
    ("name", "value"),
    [("ADMIN_IDS", "12,bob"), ("DEFAULT_REGION", "XX"), ("LOG_LEVEL", "LOUD"),
     ("DATABASE_URL", "mysql://x"), ("OCR_WORKERS", "0")],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    message = str(err.value)
    assert message.startswith(f"Bad setting {name}:") and "\n" not in message


def test_secret_key_is_generated_once(tmp_path: Path) -> None:
    old = os.umask(0o022)  # private whatever the umask
    try:
        first = load_settings(capture_data_dir=tmp_path / "data").secret_key
    finally:
        os.umask(old)
    again = load_settings(capture_data_dir=tmp_path / "data").secret_key
    assert first == again and len(first) >= 32
    assert (tmp_path / "data" / "secret.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]  # no temporary left


def _key_in_new_process(data_dir: str, start: Any, out: Any) -> None:
    start.wait()
    out.put(load_settings(capture_data_dir=Path(data_dir)).secret_key)


def test_processes_starting_at_once_end_up_with_one_key(tmp_path: Path) -> None:
    """Each generates a key; exactly one is written and every process uses that one."""
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    processes = [
        context.Process(target=_key_in_new_process, args=(str(tmp_path), start, out))
        for _ in range(6)
    ]
    for process in processes:
        process.start()
    start.set()
    keys = {out.get(timeout=60) for _ in processes}
    for process in processes:
        process.join(60)
    assert keys == {(tmp_path / "secret.key").read_bytes()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


def test_an_existing_key_file_is_read_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("a-key-another-process-wrote-first\n")
    settings = load_settings(capture_data_dir=tmp_path)
    assert settings.secret_key == b"a-key-another-process-wrote-first"
    assert load_settings(capture_data_dir=tmp_path / "none").stored_secret_key() is None


def test_a_process_that_loses_the_race_uses_the_winners_key(tmp_path: Path) -> None:
    """Both saw no secret.key; the other one created it first: it is read, never overwritten."""
    (tmp_path / "secret.key").write_text("the-winners-key-0123456789")
    assert create_key_file(tmp_path / "secret.key") == b"the-winners-key-0123456789"
    assert (tmp_path / "secret.key").read_text() == "the-winners-key-0123456789"
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]
    assert not (tmp_path / "none").exists()  # asking for a stored key generates nothing


def test_durations() -> None:
    assert parse_duration("10s") == timedelta(seconds=10)
    assert parse_duration("30d") == timedelta(days=30)
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_env_example_documents_every_setting() -> None:
    from bot.config import Settings

    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    lines = [line for line in example.splitlines() if "=" in line and not line.startswith("#")]
    named = {line.split("=", 1)[0] for line in lines}
    assert named == {name.upper() for name in Settings.model_fields}
