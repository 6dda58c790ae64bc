"""All settings in one place, read from the environment and `.env`.

The names are fixed: deployment tooling and the README rely on them.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from ocr.image import MAX_DECODED_BYTES
from storage.files import fsync_dir, private_dirs, write_new_private_file

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as DIGEST_DAY names them


def parse_duration(text: str) -> timedelta:
    """Staging needs reminders in seconds, production in days: accept both as `10s`, `30d`."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 10s, 5m, 12h or 30d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


class SettingsError(Exception):
    """A setting is wrong; the message is one line naming it, fit to print at start-up."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    database_url: str = ""
    capture_data_dir: Path = Path("./data")
    capture_secret_key: str = ""
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_region: str = "CN"
    log_level: str = "INFO"
    fields_file: Path | None = None  # a deployment's own contact fields (docs/operations.md)

    ocr_languages: str = "eng+HanS"  # HanS: Debian's script model; chi_sim when absent
    # tesseract (the default) or ppocr (PP-OCR on ONNX Runtime: pip install -e '.[ppocr]')
    ocr_engine: Literal["tesseract", "ppocr"] = "tesseract"
    ocr_workers: int = Field(default=2, ge=1, le=32)
    # the `tesseract` command per call instead of libtesseract in-process (more CPU, less memory)
    ocr_tesseract_process: bool = False
    # memory one upload may take to decode (width x height x channels x bytes per channel), MiB
    ocr_max_decoded_mb: int = Field(default=MAX_DECODED_BYTES // 2**20, ge=1, le=4096)
    card_retention_days: int = Field(default=365, ge=0)
    reps_see_all: bool = False
    dedupe_threshold: float = Field(default=0.8, ge=0.0, le=1.0)  # score that makes a duplicate
    telegram_rate_limit: int = Field(default=30, ge=0)  # messages a second overall; 0: no limit
    user_rate_limit: int = Field(default=20, ge=0)  # messages one user may send per window; 0: off
    user_rate_window: float = Field(default=10.0, gt=0)  # seconds

    confirm_interval: str = "180d"  # how often linked customers confirm their details
    reminder_followups: str = "3d,7d"  # waits before each follow-up when there is no answer
    reminder_sweep_seconds: float = Field(default=60.0, gt=0)  # how often due reminders are sent
    invite_ttl: str = "14d"  # how long an invitation link works
    server_timezone: str = ""  # for customers with no zone of their own or from their phone
    backup_keep: int = Field(default=7, ge=1)  # nightly backups kept in the data dir
    db_retry_seconds: float = Field(default=300.0, ge=0)  # how long an update waits for the DB
    webhook_secret: str = ""  # webhook mode: Telegram's secret-token header must carry this
    backup_hour: int = Field(default=3, ge=0, le=23)  # UTC hour of the nightly backup
    # /export sends files of at most this many MiB (Telegram takes 50 MB from bots; a local
    # Bot API server 2000 MB), and refuses an export needing more than EXPORT_MAX_PARTS files
    export_part_mb: int = Field(default=45, ge=1, le=2000)
    export_max_parts: int = Field(default=10, ge=1, le=100)
    # the weekly digest to managers and admins: the day, and the hour in each one's time zone
    digest_day: str = "mon"
    digest_hour: int = Field(default=9, ge=0, le=23)
    digest_sweep_seconds: float = Field(default=300.0, gt=0)  # how often due digests are looked for
    # outbound hooks (bot/hooks.py): contact events POSTed to these URLs, signed with HOOK_SECRET
    hook_targets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    hook_secret: str = Field(default="", validate_default=True)
    hook_max_attempts: int = Field(default=10, ge=1, le=100)  # failures before an event is parked
    hook_backoff_seconds: float = Field(default=5.0, gt=0)  # the first retry's wait; doubles
    hook_timeout: float = Field(default=10.0, gt=0, le=300)  # seconds a receiver may take
    hook_sweep_seconds: float = Field(default=1.0, gt=0)  # how often due events are sent
    hook_batch: int = Field(default=200, ge=1, le=5000)  # events claimed per sweep

    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = Field(default=8081, ge=0, le=65535)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError("must be comma-separated Telegram user ids, like 12345,67890")
            return [int(p) for p in parts]
        return value

    @field_validator("hook_targets", mode="before")
    @classmethod
    def _urls(cls, value: object) -> object:
        if isinstance(value, str):
            value = [p.strip() for p in value.split(",") if p.strip()]
        for url in value if isinstance(value, list | tuple) else ():  # else pydantic says why
            parts = urlsplit(str(url))
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{url!r} is not an http:// or https:// URL")
        return value

    @field_validator("hook_secret")
    @classmethod
    def _hooks_are_signed(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("hook_targets") and len(value.encode()) < 16:
            raise ValueError(
                "must be set (16+ characters) when HOOK_TARGETS is: receivers check the "
                "signature with it"
            )
        return value

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        region = value.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(
                f"{value!r} is not an ISO country code phonenumbers knows, like CN or US"
            )
        return region

    @field_validator("confirm_interval", "invite_ttl")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value.strip()

    @field_validator("reminder_followups")
    @classmethod
    def _durations(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                parse_duration(part)
        return value.strip()

    @field_validator("digest_day")
    @classmethod
    def _weekday(cls, value: str) -> str:
        day = value.strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ValueError(f"{value!r} is not a day of the week like mon or fri")
        return day

    @field_validator("ocr_engine", mode="before")
    @classmethod
    def _engine(cls, value: str) -> str:
        engine = str(value).strip().lower()
        if engine == "ppocr":
            from ocr.ppocr import available

            if not available():
                raise ValueError(
                    "ppocr needs the optional PP-OCR engine: pip install -e '.[ppocr]'"
                )
        return engine

    @field_validator("server_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from bot.reminders import valid_zone

        if value.strip() and not valid_zone(value.strip()):
            raise ValueError(f"{value!r} is not an IANA time zone like Asia/Shanghai")
        return value.strip()

    @property
    def confirm_every(self) -> timedelta:
        return parse_duration(self.confirm_interval)

    @property
    def followup_waits(self) -> tuple[timedelta, ...]:
        return tuple(parse_duration(p) for p in self.reminder_followups.split(",") if p.strip())

    @property
    def ocr_max_decoded_bytes(self) -> int:
        return self.ocr_max_decoded_mb * 2**20

    @property
    def invite_lifetime(self) -> timedelta:
        return parse_duration(self.invite_ttl)

    @field_validator("capture_secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value.encode()) < 16:
            raise ValueError("must be at least 16 characters (try: openssl rand -base64 32)")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"{value!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("must start with sqlite:/// or postgresql+psycopg://")
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.capture_data_dir / 'capture.db').resolve()}"

    @property
    def key_file(self) -> Path:
        """Where the key lives when CAPTURE_SECRET_KEY is unset."""
        return self.capture_data_dir / "secret.key"

    @property
    def pending_key_file(self) -> Path:
        """rotate-key's new key, on disk before the database moves to it (bot/rotation.py)."""
        return self.capture_data_dir / "secret.key.new"

    def stored_secret_key(self) -> bytes | None:
        """The key if there is one, without generating: restore must not invent a key."""
        if self.capture_secret_key:
            return self.capture_secret_key.encode()
        try:
            return self.key_file.read_text().strip().encode()
        except FileNotFoundError:
            return None

    @cached_property
    def secret_key(self) -> bytes:
        """Key material; generated once into the data dir so signed buttons survive restarts."""
        return self.stored_secret_key() or create_key_file(self.key_file)


def create_key_file(path: Path) -> bytes:
    """Generate secret.key, 0600, unless another process starting at once gets there first.

    The key is written whole into a private temporary file (O_CREAT|O_EXCL, 0600) and then
    hard-linked to secret.key: link() fails with FileExistsError when the name is taken, so
    exactly one process's key wins and the others read it, and no process ever sees the file
    existing but still empty (which creating secret.key itself with O_EXCL would allow).
    """
    private_dirs(path.parent)
    key = secrets.token_urlsafe(48).encode()
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        write_new_private_file(temporary, key)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text().strip().encode()
        except OSError:  # a file system without hard links: create the name itself, exclusively
            try:
                write_new_private_file(path, key)
            except FileExistsError:
                return path.read_text().strip().encode()
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(path.parent)
    log.warning(
        "CAPTURE_SECRET_KEY is not set: generated one into %s. Back it up, or set it.", path
    )
    return key


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning pydantic's report into one line that names the setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"Bad setting {name}: {message}") from None
