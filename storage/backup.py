"""Backups of the whole database, taken while the bot runs, and restores into an empty database.

Three file formats; each is recognised by its first bytes, never by its name, so a renamed or
mis-named backup still restores, and anything else is refused before the target is touched:

- ``sqlite``  — a SQLite database file made with SQLite's online backup API (``*.sqlite``).
- ``pg_dump`` — a ``pg_dump --format=custom`` archive (``*.pgdump``), restored with pg_restore.
- ``logical`` — gzip'd JSON lines (``*.jsonl.gz``): a manifest line naming the schema revision,
  then each table (a line naming its columns, then one JSON array per row), then a trailer with
  every table's row count. It needs no client tools and loads into SQLite or PostgreSQL alike,
  so it is both the fallback when pg_dump cannot dump the server and the way to move between
  the two engines. The trailer is how a truncated file is caught.

A restore always starts from an empty database (no silent overwrite) and always carries the
Alembic revision along, so the bot's start-up migration takes the restored data forward.

Every backup also keeps the audit chain's tail (the newest event's id and hash, read just before
the copy, so the copy holds it) outside the audit table: in the logical format's manifest, and
as a line of ``<data dir>/audit-checkpoints.jsonl``, which ``capture-bot audit verify`` checks.
Deleting the newest audit rows, or all of them, then no longer leaves a chain that verifies.
The checkpoints live in a file rather than a table because whoever can delete rows from the
audit table can delete them from any other table of the same database; the data dir is
another permission, and its backups are copied elsewhere.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    Text,
    Time,
    TypeDecorator,
    create_engine,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage import audit_chain, repo
from storage.crypto import (
    DecryptionError,
    EncryptedJSON,
    EncryptedText,
    Keyring,
    current,
    is_encrypted,
    key_id_of,
)
from storage.db import READ_ONLY, alembic_config, make_engine
from storage.files import append_private_line, create_private_file, private_dirs

log = logging.getLogger(__name__)

Method = Literal["auto", "native", "logical"]
Format = Literal["sqlite", "pg_dump", "logical"]
SUFFIXES: dict[str, str] = {"sqlite": ".sqlite", "pg_dump": ".pgdump", "logical": ".jsonl.gz"}
LOGICAL_FORMAT = "capture-bot-logical"
LOGICAL_VERSION = 1
BATCH = 2000  # rows per INSERT round trip: big enough to be fast, small enough for memory
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PGDMP_MAGIC = b"PGDMP"
_GZIP_MAGIC = b"\x1f\x8b"
_NIGHTLY = re.compile(r"^nightly-(\d{8}T\d{6}Z)(?:-(\d+))?(\.sqlite|\.pgdump|\.jsonl\.gz)$")
# One nightly run at a time in this process: two overlapping runs could prune each other's file.
_NIGHTLY_LOCK = threading.Lock()
CHECKPOINTS = "audit-checkpoints.jsonl"


class BackupError(Exception):
    """A backup or restore cannot go on; the message is one line, fit to print."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file is, learnt from its contents."""

    format: Format
    revision: str  # the Alembic revision of the schema it holds


# --- backup --------------------------------------------------------------------------------


def backup(
    url: str,
    target: Path | None = None,
    *,
    data_dir: Path | None = None,
    method: Method = "auto",
) -> Path:
    """Back the database at `url` up into `target` (a file or a directory) and return the file.

    With no target the file goes to `<data_dir>/backups/capture-<UTC time>.<ext>`. "auto" takes
    the engine's own tool (SQLite's online backup, pg_dump when it can dump this server) and the
    logical export otherwise; "native" insists on the tool, "logical" always exports. The file is
    written under a temporary name and renamed at the end, so a crash never leaves something that
    looks like a finished backup.
    """
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot back up {dialect} databases, only SQLite and PostgreSQL")
    with _plain_errors("backup"):
        fmt = _choose_format(parsed, method)
        path = _target_path(target, data_dir, fmt, prefix="capture")
        tail = _audit_tail(url)
        _write_backup(parsed, fmt, path, tail)
        if data_dir is not None:
            record_checkpoint(data_dir, tail, f"backup {path.name}")
    return path


def _write_backup(url: URL, fmt: Format, path: Path, tail: audit_chain.Checkpoint | None) -> None:
    if url.get_backend_name() == "sqlite" and path.resolve() in _sqlite_family(
        _sqlite_path(url).resolve()
    ):
        raise BackupError(f"{path} is the live database itself; choose another backup file")
    private_dirs(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        create_private_file(partial)  # 0600 before any content; the writers below keep the mode
        if fmt == "sqlite":
            _backup_sqlite(_sqlite_path(url), partial)
        elif fmt == "pg_dump":
            _backup_pg_dump(url, partial)
        else:
            engine = make_engine(url.render_as_string(hide_password=False))
            try:
                _write_logical(engine, partial, tail)
            finally:
                engine.dispose()
        _fsync(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _plain_errors(action: str) -> Iterator[None]:
    """Database and disk failures become one printable line instead of a traceback."""
    try:
        yield
    except SQLAlchemyError as exc:
        # a statement's error carries the driver's own message; others (say, a pool timeout) not
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise BackupError(f"{action} failed: {reason}") from exc
    except OSError as exc:
        raise BackupError(f"{action} failed: {exc}") from exc


class BackupSettings(Protocol):
    """What the nightly job needs of bot.config.Settings (storage does not import the bot)."""

    @property
    def capture_data_dir(self) -> Path: ...

    @property
    def effective_database_url(self) -> str: ...


def nightly_backup(
    settings: BackupSettings, *, keep: int | None = None, method: Method = "auto"
) -> Path:
    """Write `<data dir>/backups/nightly-<UTC time>.<ext>` and keep only the newest `keep`.

    Meant for a worker thread while the bot runs: it opens its own connections (the bot's pool
    is untouched), SQLite's backup and pg_dump read one consistent snapshot without blocking
    writers, and a lock keeps two runs in this process from pruning each other. Only files
    named `nightly-*` are pruned, so manual `capture-*` backups stay until someone deletes them.
    `keep` defaults to BACKUP_KEEP (7); at least one is always kept.
    """
    keep = max(1, int(getattr(settings, "backup_keep", 7) if keep is None else keep))
    folder = Path(settings.capture_data_dir) / "backups"
    url = make_url(settings.effective_database_url)
    with _NIGHTLY_LOCK, _plain_errors("nightly backup"):
        private_dirs(folder)
        fmt = _choose_format(url, method)
        path = _unique_name(folder, "nightly", fmt)
        tail = _audit_tail(settings.effective_database_url)
        _write_backup(url, fmt, path, tail)
        record_checkpoint(Path(settings.capture_data_dir), tail, f"nightly backup {path.name}")
        removed = prune_backups(folder, keep)
    log.info("nightly backup %s (%s bytes); removed %d old ones", path, path.stat().st_size,
             len(removed))  # fmt: skip
    return path


# --- the audit chain's tail, kept outside the table ------------------------------------------


def _audit_tail(url: str) -> audit_chain.Checkpoint | None:
    """The newest audit event now (None: no events, or no schema yet for the copy to refuse)."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            tail = repo.audit_tail(session)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    if tail is None:
        return None
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return audit_chain.Checkpoint(tail[0], tail[1], current().key_id, at, "")


def record_checkpoint(
    data_dir: Path, tail: audit_chain.Checkpoint | None, source: str
) -> audit_chain.Checkpoint | None:
    """Append the tail to `<data dir>/audit-checkpoints.jsonl` (0600, flushed to disk)."""
    if tail is None:
        return None
    point = audit_chain.Checkpoint(tail.id, tail.hash, tail.key_id, tail.at, source)
    line = json.dumps({"id": point.id, "hash": point.hash, "key_id": point.key_id,
                       "at": point.at, "source": point.source}) + "\n"  # fmt: skip
    append_private_line(Path(data_dir) / CHECKPOINTS, line)
    return point


def checkpoint_now(url: str, data_dir: Path, source: str) -> audit_chain.Checkpoint | None:
    """Record the chain's tail as it is now (after rotate-key, which re-links every event)."""
    return record_checkpoint(data_dir, _audit_tail(url), source)


def read_checkpoints(data_dir: Path) -> tuple[list[audit_chain.Checkpoint], int]:
    """The recorded tails, and how many lines could not be read (reported, never a traceback)."""
    path = Path(data_dir) / CHECKPOINTS
    found, bad = [], 0
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return [], 0
    for line in lines:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            found.append(audit_chain.Checkpoint(
                int(item["id"]), str(item["hash"]), str(item["key_id"]), str(item["at"]),
                str(item["source"]),
            ))  # fmt: skip
        except (ValueError, TypeError, KeyError):
            bad += 1
    return found, bad


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` nightly backups in `folder`; returns what was deleted.

    Age comes from the time in the name, not from mtimes, which copies and restores reset.
    """
    found = []
    for path in folder.iterdir():
        match = _NIGHTLY.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    found.sort(reverse=True)
    removed = [path for _key, path in found[max(1, keep) :]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def pg_dump_problem(engine: Engine) -> str | None:
    """None when pg_dump can dump this server, else why not (pg_dump refuses newer servers)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return "pg_dump is not on PATH"
    try:
        out = subprocess.run(
            [pg_dump, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"pg_dump --version failed: {exc}"
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    if not match:
        return f"cannot read pg_dump's version from {out.strip()!r}"
    with engine.connect() as conn:
        server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    client = int(match.group(1))
    if client < server:
        return f"pg_dump {client} cannot dump a PostgreSQL {server} server"
    return None


def _choose_format(url: URL, method: Method) -> Format:
    if method not in ("auto", "native", "logical"):
        raise BackupError(f"unknown backup method {method!r}; use auto, native or logical")
    if method == "logical":
        return "logical"
    if url.get_backend_name() == "sqlite":
        return "sqlite"
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        problem = pg_dump_problem(engine)
    finally:
        engine.dispose()
    if problem is None:
        return "pg_dump"
    if method == "native":
        raise BackupError(f"cannot use pg_dump: {problem}")
    log.info("%s: taking a logical backup instead", problem)
    return "logical"


def _target_path(target: Path | None, data_dir: Path | None, fmt: Format, prefix: str) -> Path:
    if target is None:
        if data_dir is None:
            raise BackupError("say where the backup goes: a target file or the data dir")
        target = private_dirs(Path(data_dir) / "backups")
    target = Path(target)
    if target.is_dir():
        return _unique_name(target, prefix, fmt)
    return target


def _unique_name(folder: Path, prefix: str, fmt: Format) -> Path:
    """`<prefix>-<UTC second>.<ext>`, or `-2`, `-3`… after the highest of that second.

    Counting past the highest (not filling gaps) keeps name order equal to age, which pruning
    relies on even when several backups land in one second.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    pattern = re.compile(rf"^{re.escape(prefix)}-{stamp}(?:-(\d+))?\.")
    taken = [int(m.group(1) or 1) for p in folder.iterdir() if (m := pattern.match(p.name))]
    n = max(taken, default=0) + 1
    return folder / f"{prefix}-{stamp}{'' if n == 1 else f'-{n}'}{SUFFIXES[fmt]}"


def _backup_sqlite(source: Path, partial: Path) -> None:
    """One backup step copies every page under one read transaction: a consistent snapshot.

    In WAL mode the bot keeps writing meanwhile. (A stepped backup would restart whenever another
    connection writes, and might never finish on a busy bot.) The copy is switched out of WAL so
    the backup is a single self-contained file, then checked.
    """
    if not source.is_file():
        raise BackupError(f"no database at {source}: nothing to back up")
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            _check_sqlite(dst, source)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup of {source} failed: {exc}") from exc
    finally:
        src.close()


def _check_sqlite(conn: sqlite3.Connection, where: Path) -> str:
    """The copy must read back whole and be a Capture Bot database; returns its revision."""
    status = conn.execute("PRAGMA quick_check").fetchone()[0]
    if status != "ok":
        raise BackupError(f"{where} failed SQLite's integrity check: {status}")
    return _sqlite_revision(conn, where)


def _sqlite_revision(conn: sqlite3.Connection, where: Path) -> str:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if not row:
        raise BackupError(
            f"{where} is a SQLite database but not a Capture Bot one (no schema revision)"
        )
    return str(row[0])


def _backup_pg_dump(url: URL, partial: Path) -> None:
    """pg_dump reads one snapshot (REPEATABLE READ) and never blocks the bot's writes."""
    uri, env = _libpq(url)
    result = subprocess.run(
        ["pg_dump", "--no-password", "--format=custom", "--file", str(partial), "--dbname", uri],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {_last_line(result.stderr)}")


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI for the client tools; the password goes by environment, not the process list."""
    env = {**os.environ, "PGAPPNAME": "capture-bot backup"}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


# --- the logical format --------------------------------------------------------------------

# How a column's values are written to JSON and read back; anything else is JSON already.
_ENCODE: dict[str, Callable[[Any], Any]] = {
    "datetime": lambda v: v.isoformat(),
    "date": lambda v: v.isoformat(),
    "time": lambda v: v.isoformat(),
    "decimal": str,
    "bytes": lambda v: base64.b64encode(v).decode("ascii"),
}
_DECODE: dict[str, Callable[[Any], Any]] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "decimal": Decimal,
    "bytes": base64.b64decode,
}


def _kind(type_: TypeEngine[Any]) -> str:
    base = type_.impl_instance if isinstance(type_, TypeDecorator) else type_
    for cls, kind in (
        (JSON, "json"), (DateTime, "datetime"), (Date, "date"), (Time, "time"),
        (LargeBinary, "bytes"),
    ):  # fmt: skip
        if isinstance(base, cls):
            return kind
    if isinstance(base, Numeric) and base.asdecimal:
        return "decimal"
    return "plain"


def _typed_table(reflected: Table, columns: Sequence[str] | None = None) -> Table:
    """The table with the models' column types where the models know the column.

    Reflected types lose what SQLModel adds (aware UTC datetimes, JSON on SQLite), so reading and
    writing through the models' types gives back exactly what the bot wrote. Columns the models
    do not know (a table from an older revision) keep their reflected type. Sealed columns are
    copied as the sealed text they are: a backup never holds plaintext and needs no key.
    """
    model = SQLModel.metadata.tables.get(reflected.name)
    names = list(columns) if columns is not None else [c.name for c in reflected.columns]
    cols = []
    for name in names:
        source = model.c[name] if model is not None and name in model.c else reflected.c[name]
        kind = Text() if isinstance(source.type, EncryptedText | EncryptedJSON) else source.type
        cols.append(Column(name, kind, primary_key=reflected.c[name].primary_key))
    return Table(reflected.name, MetaData(), *cols)


def _read_tables(conn: Connection) -> Iterator[tuple[Table, list[str], Iterator[Sequence[Any]]]]:
    """Every table of the database in dependency order, rows in primary-key order."""
    meta = MetaData()
    meta.reflect(conn)
    for reflected in meta.sorted_tables:
        table = _typed_table(reflected)
        names = [c.name for c in table.columns]
        query = select(*table.columns).order_by(*(table.primary_key.columns or table.columns))
        rows = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        yield table, names, (tuple(row) for row in rows)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction over every table, so the export is one moment in time.

    PostgreSQL: REPEATABLE READ, like pg_dump. SQLite (WAL): a read transaction sees the database
    as of its first read and never blocks the bot's writer.
    """
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                          postgresql_readonly=True)  # fmt: skip
        else:
            conn = conn.execution_options(**{READ_ONLY: True})
        with conn.begin():
            yield conn


def _db_revision(conn: Connection) -> str:
    if "alembic_version" not in inspect(conn).get_table_names():
        raise BackupError("the database has no schema yet: run `capture-bot db upgrade` first")
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not revision:
        raise BackupError("the database's alembic_version table is empty")
    return str(revision)


def _write_logical(engine: Engine, partial: Path, tail: audit_chain.Checkpoint | None) -> None:
    with (
        _snapshot(engine) as conn,
        gzip.open(partial, "wt", encoding="utf-8", compresslevel=6, newline="\n") as out,
    ):
        header = {
            "format": LOGICAL_FORMAT,
            "version": LOGICAL_VERSION,
            "revision": _db_revision(conn),
            "dialect": engine.dialect.name,
            "created_at": datetime.now(UTC).isoformat(),
            "audit_tail": None if tail is None else {
                "id": tail.id, "hash": tail.hash, "key_id": tail.key_id,
            },
        }  # fmt: skip
        out.write(json.dumps(header) + "\n")
        counts: dict[str, int] = {}
        for table, names, rows in _read_tables(conn):
            kinds = [_kind(c.type) for c in table.columns]
            out.write(json.dumps({"table": table.name, "columns": names, "kinds": kinds}) + "\n")
            counts[table.name] = _write_rows(out, rows, kinds)
        out.write(json.dumps({"end": {"rows": counts}}) + "\n")


def _write_rows(out: IO[str], rows: Iterator[Sequence[Any]], kinds: list[str]) -> int:
    encoders = [(i, _ENCODE[k]) for i, k in enumerate(kinds) if k in _ENCODE]
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    count = 0
    for row in rows:
        values = list(row)
        for i, encode in encoders:
            if values[i] is not None:
                values[i] = encode(values[i])
        out.write(dumps(values) + "\n")
        count += 1
    return count


Section = tuple[str, list[str], Iterator[Sequence[Any]]]


class _LogicalReader:
    """Reads a logical backup back as (table, columns, rows) sections, checking the trailer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: IO[str] = gzip.open(path, "rt", encoding="utf-8", newline="\n")  # noqa: SIM115
        header = self._next()
        if not (isinstance(header, dict) and header.get("format") == LOGICAL_FORMAT):
            self.close()
            raise BackupError(f"{path} is gzip'd but not a Capture Bot backup")
        if header.get("version") != LOGICAL_VERSION or not header.get("revision"):
            self.close()
            raise BackupError(
                f"{path} is a logical backup of version {header.get('version')}, "
                f"which this Capture Bot cannot read"
            )
        self.revision = str(header["revision"])

    def close(self) -> None:
        self.file.close()

    def _next(self) -> Any:
        try:
            line = self.file.readline()
            return json.loads(line) if line else None
        except (EOFError, OSError, ValueError) as exc:
            raise BackupError(f"{self.path} is damaged or incomplete ({exc})") from exc

    def sections(self) -> Iterator[Section]:
        counts: dict[str, int] = {}
        item = self._next()
        while isinstance(item, dict) and "table" in item:
            name, columns, kinds = item["table"], list(item["columns"]), item["kinds"]
            decoders = [(i, _DECODE[k]) for i, k in enumerate(kinds) if k in _DECODE]
            last: list[Any] = []

            def rows(name: str = name, decoders: list = decoders, last: list = last) -> Iterator:
                count = 0
                while isinstance(row := self._next(), list):
                    for i, decode in decoders:
                        if row[i] is not None:
                            row[i] = decode(row[i])
                    count += 1
                    yield row
                counts[name] = count
                last.append(row)

            section = rows()
            yield name, columns, section
            for _ in section:  # the caller may skip a table; the file must still be read past it
                pass
            item = last[0]
        if not (isinstance(item, dict) and "end" in item):
            raise BackupError(f"{self.path} is incomplete: it ends before its last table")
        if item["end"].get("rows") != counts:
            raise BackupError(f"{self.path} is damaged: its row counts do not match its rows")


# --- restore -------------------------------------------------------------------------------


def sniff_format(path: Path) -> Format | None:
    """The format a file's first bytes claim (cheap; describe_backup checks the contents)."""
    with Path(path).open("rb") as f:
        head = f.read(16)
    magics: dict[bytes, Format] = {
        _SQLITE_MAGIC: "sqlite", _PGDMP_MAGIC: "pg_dump", _GZIP_MAGIC: "logical",
    }  # fmt: skip
    return next((fmt for magic, fmt in magics.items() if head.startswith(magic)), None)


def describe_backup(path: Path) -> BackupInfo:
    """What kind of backup `path` is and its schema revision; refuses anything else.

    Called before a restore touches the target, so a wrong file changes nothing.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    fmt = sniff_format(path)
    if fmt == "sqlite":
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return BackupInfo("sqlite", _check_sqlite(conn, path))
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is a damaged SQLite file: {exc}") from exc
        finally:
            conn.close()
    if fmt == "pg_dump":
        return BackupInfo("pg_dump", _pg_dump_revision(path))
    if fmt == "logical":
        reader = _LogicalReader(path)
        reader.close()
        return BackupInfo("logical", reader.revision)
    raise BackupError(
        f"{path} is not a Capture Bot backup "
        "(neither a SQLite backup, a pg_dump archive nor a logical export)"
    )


def restore(url: str, source: Path, *, keyring: Keyring | None) -> BackupInfo:
    """Restore the backup `source` into the empty database at `url`; returns what it was.

    A database that has any table is refused: a restore never merges into or overwrites data. A
    SQLite backup restores into SQLite as a page copy, or into PostgreSQL row by row; a pg_dump
    archive needs PostgreSQL and pg_restore; a logical export goes into either. Row-by-row loads
    run in one transaction, so a failure leaves the target empty again.

    Before the target is touched, the backup must be usable by this code with this key: its
    schema revision must be one these migrations know (a newer one would restore and then fail
    every start), and `keyring` (the key the bot will run with; None: there is none yet) must
    open a value sealed in the backup, or the restored data could not be read.
    """
    source = Path(source)
    with _plain_errors("restore"):
        info = describe_backup(source)
        require_known_revision(info.revision)
        check_backup_key(source, info, keyring)
        _restore(url, source, info)
    return info


def require_known_revision(revision: str) -> None:
    """Refuse a backup from a newer (or unrelated) schema: `db upgrade` could not go on from it."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    try:
        found = script.get_revision(revision)
    except Exception:  # alembic raises several kinds for an unknown or ambiguous revision
        found = None
    if found is None or found.revision != revision:  # not a prefix or "head" standing for one
        newest = script.get_current_head()
        raise BackupError(
            f"the backup is at schema revision {revision!r}, which this Capture Bot does not "
            f"know (its newest is {newest!r}): it was made by a newer version; restore it with "
            "that version or a later one. Nothing was changed"
        )


def check_backup_key(source: Path, info: BackupInfo, keyring: Keyring | None) -> None:
    """Open one sealed value of the backup with `keyring`, or refuse the restore.

    One value is enough: every sealed value is under the same key after rotate-key, and a key
    that opens one is the key the backup was made under. A backup with no sealed value at all
    (no contacts, no audit values) needs no particular key.
    """
    token = _first_sealed_value(source, info)
    if token is None:
        return
    sealed_by = key_id_of(token)
    if keyring is None:
        raise BackupError(
            f"the backup's data is sealed under key {sealed_by!r} and there is no key here yet: "
            "set CAPTURE_SECRET_KEY (or put the data dir's secret.key) to the key that was "
            "current when the backup was made, then restore again. Nothing was changed"
        )
    try:
        keyring.decrypt(token)
    except DecryptionError:
        raise BackupError(
            f"the current key ({keyring.key_id!r}) does not open this backup, whose data is "
            f"sealed under key {sealed_by!r}: set CAPTURE_SECRET_KEY (or the data dir's "
            "secret.key) to the key that was current when the backup was made, then restore "
            "again. Nothing was changed"
        ) from None


def _sealed_columns() -> dict[str, list[str]]:
    """Table -> the columns the models seal (EncryptedText/EncryptedJSON)."""
    found: dict[str, list[str]] = {}
    for table in SQLModel.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, EncryptedText | EncryptedJSON)]
        if names:
            found[table.name] = names
    return found


def _first_sealed_value(source: Path, info: BackupInfo) -> str | None:
    """A sealed token from the backup, read without restoring it; None if it holds none."""
    sealed = _sealed_columns()
    if info.format == "sqlite":
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            for table, columns in sealed.items():
                for column in columns:
                    try:
                        cursor = conn.execute(
                            f'SELECT "{column}" FROM "{table}" WHERE "{column}" LIKE \'e1.%\''
                        )
                    except sqlite3.OperationalError:
                        continue  # a revision before that table or column existed
                    for (value,) in cursor:
                        if is_encrypted(value):
                            return str(value)
        finally:
            conn.close()
        return None
    if info.format == "logical":
        reader = _LogicalReader(source)
        try:
            for table, columns, rows in reader.sections():
                wanted = [i for i, name in enumerate(columns) if name in sealed.get(table, ())]
                if not wanted:
                    continue
                for row in rows:
                    for i in wanted:
                        if is_encrypted(row[i]):
                            return str(row[i])
        finally:
            reader.close()
        return None
    return _first_sealed_in_pg_dump(source, sealed)


def _first_sealed_in_pg_dump(source: Path, sealed: dict[str, list[str]]) -> str | None:
    """Stream the sealed tables' COPY data out of the archive until a token shows."""
    tables = [f"--table={name}" for name in sealed]
    with subprocess.Popen(
        ["pg_restore", "--data-only", *tables, "--file=-", str(source)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None
        try:
            for line in process.stdout:
                for field in line.rstrip("\n").split("\t"):
                    if is_encrypted(field):
                        return field
        finally:
            process.kill()
    return None


def _restore(url: str, source: Path, info: BackupInfo) -> None:
    target = make_url(url)
    dialect = target.get_backend_name()
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot restore into {dialect}, only SQLite and PostgreSQL")
    if info.format == "pg_dump":
        if dialect != "postgresql":
            raise BackupError(
                "a pg_dump archive restores only into PostgreSQL; to move to SQLite, "
                "take a logical backup"
            )
        _restore_pg_dump(target, source)
    elif info.format == "sqlite" and dialect == "sqlite":
        _restore_sqlite_file(source, _sqlite_path(target))
    elif info.format == "sqlite":
        with _sqlite_file_sections(source) as sections:
            _load(url, info.revision, sections)
    else:
        reader = _LogicalReader(source)
        try:
            _load(url, reader.revision, reader.sections())
        finally:
            reader.close()


def _restore_sqlite_file(source: Path, target: Path) -> None:
    if target.resolve() in _sqlite_family(source.resolve()):
        raise BackupError("the backup and the target are the same file")
    private_dirs(target.parent)
    create_private_file(target)
    dst = sqlite3.connect(target, timeout=30)
    try:
        names = [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if names:
            raise BackupError(_not_empty(f"sqlite:///{target}", names))
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(dst)
        finally:
            src.close()
        dst.execute("PRAGMA journal_mode=WAL")  # as the bot runs it
        _check_sqlite(dst, target)
    except sqlite3.Error as exc:
        raise BackupError(f"restoring into {target} failed: {exc}") from exc
    finally:
        dst.close()


def _restore_pg_dump(url: URL, source: Path) -> None:
    """--no-owner: the archive's roles need not exist here; the restoring user owns the tables."""
    _require_empty_url(url.render_as_string(hide_password=False))
    uri, env = _libpq(url)
    result = subprocess.run(
        ["pg_restore", "--no-password", "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", "--dbname", uri, str(source)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {_last_line(result.stderr)}")


def _pg_dump_revision(path: Path) -> str:
    if shutil.which("pg_restore") is None:
        raise BackupError(f"{path} is a pg_dump archive: reading it needs pg_restore on PATH")
    result = subprocess.run(
        ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"{path} is not a readable pg_dump archive: {_last_line(result.stderr)}")
    lines = result.stdout.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("COPY ") and "alembic_version" in line and lines[i + 1] != "\\.":
            return lines[i + 1].strip()
    raise BackupError(f"{path} is a pg_dump archive but not of a Capture Bot database")


@contextmanager
def _sqlite_file_sections(source: Path) -> Iterator[Iterator[Section]]:
    """A SQLite backup read table by table, for loading into PostgreSQL without a middle file."""
    uri = f"{source.resolve().as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            yield ((t.name, names, rows) for t, names, rows in _read_tables(conn))
    finally:
        engine.dispose()


def _load(url: str, revision: str, sections: Iterator[Section]) -> None:
    """Schema by the migrations up to the backup's revision, then the rows, in one transaction."""
    config = alembic_config(url)
    require_known_revision(revision)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _require_empty(conn, url)
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            meta = MetaData()
            meta.reflect(conn)
            for name, columns, rows in sections:
                if name == "alembic_version":
                    continue  # written by the migrations above, at the backup's revision
                reflected = meta.tables.get(name)
                if reflected is None:
                    log.warning("skipping table %s: revision %s does not have it", name, revision)
                    continue
                unknown = [c for c in columns if c not in reflected.c]
                if unknown:
                    raise BackupError(f"table {name} has columns revision {revision} lacks: "
                                      f"{', '.join(unknown)}")  # fmt: skip
                _insert_rows(conn, _typed_table(reflected, columns), columns, rows)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, meta)
    except (SQLAlchemyError, CommandError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise BackupError(f"restore failed, nothing was written: {reason}") from exc
    finally:
        engine.dispose()


def _insert_rows(
    conn: Connection, table: Table, columns: list[str], rows: Iterator[Sequence[Any]]
) -> None:
    """Straight to the driver on the load's transaction: COPY on PostgreSQL, executemany on SQLite.

    Through SQLAlchemy's insert() psycopg sends one statement a row, and building parameter
    dicts dominates on SQLite; this is three to five times faster. Values still go through the
    columns' bind processors, so they are stored exactly as an INSERT would store them.
    """
    dialect = conn.dialect
    processors = [
        (i, p)
        for i, name in enumerate(columns)
        if (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]

    def processed(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for i, process in processors:
            values[i] = process(values[i])
        return values

    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(name) for name in columns)
    driver = conn.connection.driver_connection
    if driver is None:  # the pool invalidated it
        raise BackupError("the database connection was lost")
    cursor = driver.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(processed(row))
        else:
            marks = ", ".join("?" for _ in columns)
            statement = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
            for batch in _batched(rows, BATCH):
                cursor.executemany(statement, [processed(row) for row in batch])
    finally:
        cursor.close()


def _batched(rows: Iterator[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    """itertools.batched arrived in Python 3.12; the bot supports 3.11."""
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _reset_sequences(conn: Connection, meta: MetaData) -> None:
    """Rows came with their ids: each id sequence must move past them or the next insert fails."""
    quote = conn.dialect.identifier_preparer
    for table in meta.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1:
            continue
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"),
            {"t": quote.format_table(table), "c": pk[0].name},
        ).scalar()
        if sequence:
            column, name = quote.quote(pk[0].name), quote.format_table(table)
            conn.execute(
                text(f"SELECT setval(:s, (SELECT COALESCE(MAX({column}), 0) + 1 FROM {name}), "
                     "false)"),
                {"s": sequence},
            )  # fmt: skip


def _require_empty_url(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _require_empty(conn, url)
    finally:
        engine.dispose()


def _require_empty(conn: Connection, url: str) -> None:
    inspector = inspect(conn)
    names = sorted({*inspector.get_table_names(), *inspector.get_view_names()})
    if names:
        raise BackupError(_not_empty(url, names))


def _not_empty(url: str, names: list[str]) -> str:
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    where = make_url(url).render_as_string(hide_password=True)
    return (
        f"refusing to restore into {where}: it is not empty (tables {shown}). "
        "Restore only into a new, empty database"
    )


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"{url} is not a SQLite database file")
    return Path(url.database)


def _sqlite_family(path: Path) -> set[Path]:
    return {path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")}
