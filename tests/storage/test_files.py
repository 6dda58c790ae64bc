"""Files beside the database are private: 0700 directories, 0600 files, whatever the umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import make_engine, migrate
from storage.files import (
    delete_card_image,
    load_card_image,
    replace_private_file,
    save_card_image,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """0022, the usual default outside systemd: files would be created 0644 by default."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_card_photos_and_their_folders_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    relative = save_card_image(data_dir, JPEG)
    path = data_dir / relative
    assert load_card_image(data_dir, relative) == JPEG and path.suffix == ".jpg"
    assert mode(path) == 0o600
    assert [mode(d) for d in (data_dir, data_dir / "cards", path.parent)] == [0o700] * 3


@pytest.mark.parametrize(
    "stored", ["secret.key", "capture.db", "cards/../secret.key", "backups/x.sqlite", "cards/link"]
)
def test_a_card_path_outside_the_cards_folder_is_never_read_or_deleted(
    tmp_path: Path, stored: str
) -> None:
    """A path in the database is trusted only under cards/: secret.key is no card photo."""
    (tmp_path / "secret.key").write_bytes(b"the master secret")
    (tmp_path / "capture.db").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "x.sqlite").write_bytes(b"SQLite format 3\x00")
    save_card_image(tmp_path, JPEG)
    (tmp_path / "cards" / "link").symlink_to(tmp_path / "secret.key")
    assert load_card_image(tmp_path, stored) is None
    assert load_card_image(tmp_path, str(tmp_path / "secret.key")) is None
    delete_card_image(tmp_path, stored)
    assert (tmp_path / "secret.key").read_bytes() == b"the master secret"
    assert (tmp_path / "backups" / "x.sqlite").exists() and (tmp_path / "capture.db").exists()


def test_an_existing_data_dir_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o750)  # the admin chose it: not ours to change
    save_card_image(tmp_path, JPEG)
    assert mode(tmp_path) == 0o750 and mode(tmp_path / "cards") == 0o700


def test_a_new_sqlite_database_is_private(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'capture.db'}")
    migrate(engine)
    files = sorted((tmp_path / "data").iterdir())
    assert [p.name for p in files] == ["capture.db", "capture.db-shm", "capture.db-wal"]
    assert {mode(p) for p in files} == {0o600} and mode(tmp_path / "data") == 0o700
    engine.dispose()


def test_replace_private_file_is_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "secret.key"
    target.write_text("old")
    target.chmod(0o644)
    replace_private_file(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # no temporary file left
