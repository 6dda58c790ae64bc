"""Settings: defaults, parsing, and one clear line for a bad value."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings, parse_duration


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
    first = load_settings(capture_data_dir=tmp_path).secret_key
    again = load_settings(capture_data_dir=tmp_path).secret_key
    assert first == again and len(first) >= 32
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


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
