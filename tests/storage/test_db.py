"""The bot's SQLite engine leaves WAL checkpoints to its timer, so no chat's commit pays for one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from storage.db import checkpoint, make_engine, session_scope

ROWS = 3000  # about 1,500 WAL pages of 4 KiB: past SQLite's automatic checkpoint at 1,000


def fill(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"))
    for start in range(0, ROWS, 100):  # many commits, as chats make them
        with session_scope(engine) as s:
            s.execute(
                text("INSERT INTO filler (body) VALUES (:body)"),
                [{"body": f"{i:04d}" * 500} for i in range(start, start + 100)],
            )


def wal_pages(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size // 4096 if wal.exists() else 0


def test_the_bots_engine_checkpoints_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite:///{path}", background_checkpoints=True)
    fill(engine)
    assert wal_pages(path) > 1000  # no commit copied the WAL back
    assert path.stat().st_size < 100 * 4096
    assert checkpoint(engine)  # all of it copied
    assert path.stat().st_size > 1000 * 4096
    with session_scope(engine) as s:  # the next write starts the WAL from its beginning
        s.execute(text("INSERT INTO filler (body) VALUES ('after')"))
    assert checkpoint(engine, truncate=True)
    assert wal_pages(path) == 0
    with session_scope(engine) as s:
        assert s.execute(text("SELECT count(*) FROM filler")).scalar_one() == ROWS + 1
    engine.dispose()


def test_other_engines_keep_sqlites_automatic_checkpoint(tmp_path: Path) -> None:
    """The command line's engines (imports, migrations, backups) have no timer."""
    path = tmp_path / "cli.db"
    engine = make_engine(f"sqlite:///{path}")
    fill(engine)
    assert wal_pages(path) <= 1100  # reset at each automatic checkpoint, not grown to 1,500
    engine.dispose()
