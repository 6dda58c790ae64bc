"""`capture-bot backup [FILE]` and `capture-bot restore FILE`: one line out, exit code 0 or 1."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import Settings
from storage.backup import (
    CHECKPOINTS,
    BackupError,
    Method,
    backup,
    checkpoint_now,
    restore,
    sniff_format,
)
from storage.crypto import Keyring
from storage.db import make_engine
from storage.files import ERASURES, read_erasures

FORMAT_NAMES = {
    "sqlite": "SQLite online backup",
    "pg_dump": "pg_dump archive",
    "logical": "logical export",
}


def backup_main(settings: Settings, target: Path | None, *, method: Method = "auto") -> int:
    """Back up the bot's database; no FILE means `<data dir>/backups/capture-<time>.<ext>`."""
    started = time.monotonic()
    try:
        path = backup(
            settings.effective_database_url,
            target,
            data_dir=settings.capture_data_dir,
            method=method,
        )
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    kind = FORMAT_NAMES.get(sniff_format(path) or "", "unknown format")
    print(f"backup written to {path} ({kind}, {_size(path.stat().st_size)}) in {seconds:.1f} s")
    return 0


def restore_main(settings: Settings, source: Path) -> int:
    """Restore FILE into the (empty) database that DATABASE_URL names.

    The key is the one the bot will run with, never a new one: restoring must not generate a
    secret.key that then cannot read the restored data.
    """
    started = time.monotonic()
    url = settings.effective_database_url
    try:
        key = settings.stored_secret_key()
        info = restore(url, source, keyring=None if key is None else Keyring(key))
    except (BackupError, ValueError) as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            contacts = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
    finally:
        engine.dispose()
    seconds = time.monotonic() - started
    where = make_url(url).render_as_string(hide_password=True)
    print(
        f"restored {source} ({FORMAT_NAMES[info.format]}, schema {info.revision}, "
        f"{contacts} contacts) into {where} in {seconds:.1f} s"
    )
    _restart_checkpoints(settings, source, key)
    ledger = read_erasures(settings.capture_data_dir)
    if ledger:
        print(
            f"{len(ledger)} erasures in {settings.capture_data_dir / ERASURES} are applied again "
            "by `capture-bot db upgrade` and at the bot's next start"
        )
    return 0


def _restart_checkpoints(settings: Settings, source: Path, key: bytes | None) -> None:
    """The audit tails recorded since the backup name events the restored database never had:
    they are moved aside (kept, not deleted), and the restored tail becomes the first one."""
    from storage import crypto

    recorded = settings.capture_data_dir / CHECKPOINTS
    if recorded.exists():
        aside = recorded.with_name(f"{CHECKPOINTS}.before-restore-{time.strftime('%Y%m%dT%H%M%S')}")
        recorded.rename(aside)
        print(f"audit checkpoints recorded before this restore moved to {aside}")
    if key is not None:
        crypto.configure(key)
        checkpoint_now(settings.effective_database_url, settings.capture_data_dir,
                       f"restore of {source.name}")  # fmt: skip


def _size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
