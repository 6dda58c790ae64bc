"""Files kept beside the database, under the data dir: business-card photos and the erasure ledger.

Everything in the data dir is personal data or key material, so directories are created 0700
and files 0600 here, whatever the process umask (systemd's UMask=0077 is not there when the bot
runs by hand, in Docker or from cron).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CARDS = "cards"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG", ".png"), (b"RIFF", ".webp"), (b"GIF8", ".gif"))


def private_dirs(path: Path) -> Path:
    """Create `path` and its missing parents as 0700; existing directories keep their mode.

    (Path.mkdir(parents=True) gives the parents the default mode, 0755 under the usual umask.)
    """
    path = Path(path)
    missing = []
    at = path
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first
            directory.mkdir(mode=PRIVATE_DIR)
    return path


def create_private_file(path: Path) -> None:
    """An empty 0600 file unless one is there: tools that open it for writing keep the mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))


def write_new_private_file(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, 0600, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_private_file(path: Path, data: bytes) -> None:
    """Replace `path` atomically: readers and crashes see the old content or the new, never half.

    A 0600 temporary file in the same directory is written and fsynced, renamed over `path`, and
    the directory is fsynced so the rename itself survives a power cut.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        write_new_private_file(temporary, data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new name in `path` durable."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_card_image(data_dir: Path, data: bytes) -> str:
    """Keep the photo; returns its path relative to the data dir (what the database stores)."""
    suffix = next((ext for magic, ext in _MAGIC if data.startswith(magic)), ".img")
    relative = f"{CARDS}/{time.strftime('%Y%m')}/{uuid.uuid4().hex}{suffix}"
    path = data_dir / relative
    private_dirs(path.parent)
    write_new_private_file(path, data)
    return relative


def card_file(data_dir: Path, relative: str) -> Path | None:
    """The card photo a stored path names, or None unless it lies under the cards folder.

    The path comes from the database, which a restored backup or an injected row may have set:
    trusting the whole data dir would hand out secret.key or the database itself as a "photo".
    Symlinks are resolved first, so one in the cards folder cannot point out of it.
    """
    root = (Path(data_dir) / CARDS).resolve()
    path = (root.parent / relative).resolve()
    return path if root in path.parents else None


def load_card_image(data_dir: Path, relative: str) -> bytes | None:
    path = card_file(data_dir, relative)
    return path.read_bytes() if path is not None and path.is_file() else None


def delete_card_image(data_dir: Path, relative: str) -> None:
    path = card_file(data_dir, relative)
    if path is not None:
        path.unlink(missing_ok=True)


def card_images_older_than(data_dir: Path, seconds: float) -> list[str]:
    """Relative paths of card photos not touched for `seconds` (drafts that were never saved)."""
    root = data_dir / CARDS
    if not root.is_dir():
        return []
    cutoff = time.time() - seconds
    return [
        str(p.relative_to(data_dir)) for p in root.rglob("*") if p.is_file()
        and p.stat().st_mtime < cutoff
    ]  # fmt: skip


# --- the erasure ledger: erasures outlive the backups taken before them -------------------------

ERASURES = "erasures.jsonl"


@dataclass(frozen=True)
class Erasure:
    """One erasure as the ledger keeps it: record ids and a Telegram user id, never a value."""

    contact_ids: tuple[int, ...]
    user_id: int | None
    at: datetime


def record_erasure(data_dir: Path, contact_ids: Iterable[int], user_id: int | None) -> None:
    """Append an erasure to `<data dir>/erasures.jsonl` (0600, flushed) before it is committed.

    A backup taken before the erasure still holds the person; the ledger lives outside the
    database (and so outside every backup of it), and a restore or start-up replays it. It is
    written before the commit: an erasure the person asked for that then failed to commit is
    still an erasure they asked for, while one committed but never written down would return
    with the next restore.
    """
    line = json.dumps({
        "contacts": sorted(set(contact_ids)), "user": user_id,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }) + "\n"  # fmt: skip
    append_private_line(Path(data_dir) / ERASURES, line)


def append_private_line(path: Path, line: str) -> None:
    """Append one line to a 0600 file in the data dir and flush it to disk (the ledgers kept
    beside the database: audit checkpoints, erasures)."""
    private_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def erasure_ledger_size(data_dir: Path) -> int:
    """Bytes in the erasure ledger (0 without one): it grows with every erasure, whichever
    process made it, so a change tells that one happened."""
    try:
        return (Path(data_dir) / ERASURES).stat().st_size
    except FileNotFoundError:
        return 0


def read_erasures(data_dir: Path) -> list[Erasure]:
    """Every erasure the ledger holds; a torn last line (a crash while appending) is skipped."""
    try:
        lines = (Path(data_dir) / ERASURES).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        try:
            item = json.loads(line)
            at = datetime.fromisoformat(item["at"])
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            user = item.get("user")
            found.append(Erasure(
                tuple(int(i) for i in item["contacts"]), None if user is None else int(user), at
            ))  # fmt: skip
        except (ValueError, TypeError, KeyError):
            continue
    return found
