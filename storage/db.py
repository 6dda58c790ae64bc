"""Engine and session set-up for SQLite (embedded default) and PostgreSQL (several instances)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from storage.files import create_private_file, private_dirs

MIGRATIONS = Path(__file__).with_name("migrations")
# SQLite has one writer at a time. Its busy handler makes waiting threads sleep in growing steps
# (p99 of seconds under 20 chatting reps); a lock in this process wakes the next one at once.
_WRITE_LOCKS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()
READ_ONLY = "capture_read_only"
BUSY_TIMEOUT_MS = 30_000
TRUNCATE_WAIT_MS = 200  # a checkpoint that empties the WAL holds new writers back this long at most


def make_engine(url: str, *, background_checkpoints: bool = False) -> Engine:
    """SQLite gets WAL, foreign keys, a busy timeout and write-locking transactions.

    Every SQLite transaction starts with BEGIN IMMEDIATE: a read that later writes would otherwise
    fail at once with SQLITE_BUSY when another thread wrote in between (busy_timeout does not help).

    `background_checkpoints`: no commit copies the WAL back into the database file; the caller
    runs `checkpoint` on a timer instead (the bot: every second, off the event loop). SQLite's
    automatic checkpoint runs inside the commit that fills the WAL to 1,000 pages, so one update
    in a few dozen saves paid for writing those pages to random places in the file and syncing
    it, holding the one writer lock while every other chat waited.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        # Created here 0600 (SQLite gives its -wal and -shm files the database file's mode).
        private_dirs(Path(database).parent)
        create_private_file(Path(database))
    connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # erased text is overwritten, not left in free pages a backup would copy
        cursor.execute("PRAGMA secure_delete=ON")
        if background_checkpoints:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        readonly = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    _WRITE_LOCKS[engine] = threading.Lock()
    return engine


def checkpoint(engine: Engine, *, truncate: bool = False) -> bool:
    """Copy what the SQLite WAL holds into the database file; True when all of it was.

    PASSIVE by default: it waits for no reader or writer and nobody waits for it; the next
    write then starts the WAL from its beginning once no reader needs it. `truncate` also
    empties the WAL file, so pages an erasure overwrote do not stay in it as older frames: it
    waits for readers and writers at most `TRUNCATE_WAIT_MS` (False when that was not enough,
    to try again later). PostgreSQL checkpoints on its own: always True."""
    if engine.dialect.name != "sqlite":
        return True
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()  # autocommit (isolation_level None): no BEGIN around it
        if not truncate:
            busy, frames, copied = cursor.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            return not busy and copied == frames
        cursor.execute(f"PRAGMA busy_timeout={TRUNCATE_WAIT_MS}")
        try:
            busy, frames, copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return not busy
    finally:
        connection.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to run at every start."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A long read (scans, exports) that takes no write lock, so chats go on meanwhile."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{READ_ONLY: True})
        with Session(bind=connection, expire_on_commit=False) as session:
            yield session  # closing the connection ends the transaction; objects stay loaded


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error."""
    lock = _WRITE_LOCKS.get(engine) or nullcontext()
    with lock, Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
