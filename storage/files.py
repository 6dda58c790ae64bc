"""Files kept beside the database: business-card photos, under the data dir."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

CARDS = "cards"
_MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG", ".png"), (b"RIFF", ".webp"), (b"GIF8", ".gif"))


def save_card_image(data_dir: Path, data: bytes) -> str:
    """Keep the photo; returns its path relative to the data dir (what the database stores)."""
    suffix = next((ext for magic, ext in _MAGIC if data.startswith(magic)), ".img")
    relative = f"{CARDS}/{time.strftime('%Y%m')}/{uuid.uuid4().hex}{suffix}"
    path = data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def load_card_image(data_dir: Path, relative: str) -> bytes | None:
    path = (data_dir / relative).resolve()
    if data_dir.resolve() not in path.parents or not path.is_file():
        return None
    return path.read_bytes()


def delete_card_image(data_dir: Path, relative: str) -> None:
    path = (data_dir / relative).resolve()
    if data_dir.resolve() in path.parents:
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
