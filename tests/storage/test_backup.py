"""Backups and restores on SQLite and PostgreSQL: a restored database exports what the original did.

"native" is SQLite's online backup or pg_dump; "logical" is the portable JSON-lines export (on
PostgreSQL it is also the fallback when pg_dump cannot dump the server). Targets are always new,
empty databases.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from bot.backup_cli import backup_main, restore_main
from bot.config import Settings
from bot.export import write_contacts
from storage import crypto, repo
from storage.backup import (
    CHECKPOINTS,
    BackupError,
    backup,
    describe_backup,
    nightly_backup,
    pg_dump_problem,
    read_checkpoints,
    restore,
)
from storage.db import make_engine, migrate, read_scope, session_scope
from storage.models import Merge
from tests.conftest import TEST_SECRET

NATIVE = {"sqlite": "sqlite", "postgresql": "pg_dump"}


class Fresh:
    """New, empty databases on either engine; the PostgreSQL ones are dropped afterwards."""

    def __init__(self, request: pytest.FixtureRequest, tmp_path: Path) -> None:
        self.request, self.tmp_path, self.created, self.names = (
            request,
            tmp_path,
            [],
            itertools.count(),
        )
        self.admin: Engine | None = None

    def url(self, dialect: str) -> str:
        if dialect == "sqlite":
            return f"sqlite:///{self.tmp_path / f'restored-{next(self.names)}.db'}"
        base = self.request.getfixturevalue("postgres_url")
        if self.admin is None:
            self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
        name = f"capture_restore_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        if self.admin is not None:
            with self.admin.connect() as conn:
                for name in self.created:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.admin.dispose()


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Fresh]:
    databases = Fresh(request, tmp_path)
    yield databases
    databases.close()


def fill(engine: Engine, contacts: int = 30) -> None:
    """Some of everything: awkward text, edits with audit rows, JSON state, keys, a merge."""
    assert contacts >= 3
    with session_scope(engine) as s:
        repo.touch_user(s, 7, first_name="李", username="li", language_code="zh-hans")
        repo.set_role(s, 7, "rep", actor_id=None)
        ids = []
        for i in range(contacts):
            values = {
                "name": f"王伟 {i}", "company": "ACME, Inc." if i % 2 else None,
                "phone": f"+86138{i:08d}", "email": f"w{i}@example.cn",
                "notes": 'two\nlines, "quoted"; ok' if i % 3 == 0 else None,
            }  # fmt: skip
            contact = repo.create_contact(s, values, owner_id=7, source="manual", actor_id=7)
            ids.append(contact.id)
            repo.set_contact_keys(s, contact.id, {f"p:{i}", f"n:wang{i}"})
        repo.update_contact(s, repo.get_contact(s, ids[0]), {"title": "CEO"}, actor_id=7)
        repo.save_conversation(s, 7, {"step": "phone", "draft": {"name": "张伟", "n": [1, None]}})
        candidate = repo.add_candidate(s, ids[1], ids[2], 0.93, "phone,name") or repo.get_candidate(
            s, ids[1], ids[2]
        )
        merged = repo.get_contact(s, ids[2])
        merged.status, merged.merged_into_id = "merged", ids[1]
        s.add(merged)
        repo.add_merge(
            s, Merge(survivor_id=ids[1], merged_id=ids[2], candidate_id=candidate.id,
                     before={"a": {"name": "x"}, "b": {"name": "y"}}, by=7),
        )  # fmt: skip


def snapshot(engine: Engine) -> dict[str, object]:
    """Both exports, every table's row count and, on one engine, every row as stored."""
    result: dict[str, object] = {}
    for fmt in ("json", "csv"):
        out = io.StringIO()
        with read_scope(engine) as session:
            write_contacts(repo.iter_contacts(session), fmt, out)
        result[fmt] = out.getvalue()
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            result[f"rows:{table.name}"] = [tuple(r) for r in rows]
            result[f"count:{table.name}"] = len(rows)
    return result


def counts(snap: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in snap.items() if not k.startswith("rows:")}


def skip_without_pg_dump(engine: Engine, method: str) -> None:
    if method == "native" and engine.dialect.name == "postgresql":
        problem = pg_dump_problem(engine)
        if problem:
            pytest.skip(problem)


@pytest.mark.parametrize("method", ["native", "logical"])
def test_round_trip_gives_identical_exports(
    engine: Engine, fresh: Fresh, tmp_path: Path, method: str
) -> None:
    skip_without_pg_dump(engine, method)
    fill(engine)
    before = snapshot(engine)
    path = backup(engine.url.render_as_string(hide_password=False), tmp_path, method=method)
    dialect = engine.dialect.name
    assert describe_backup(path).format == (NATIVE[dialect] if method == "native" else "logical")

    target = make_engine(fresh.url(dialect))
    restore(target.url.render_as_string(hide_password=False), path, keyring=crypto.current())
    after = snapshot(target)
    assert after["count:auditevent"] and after["count:alembic_version"] == 1
    assert after == before  # exports, counts and every stored row
    # the restored ids go on from the highest one (PostgreSQL sequences were moved past them)
    with session_scope(target) as s:
        new = repo.create_contact(s, {"name": "after"}, owner_id=7, source="manual", actor_id=7)
        assert new.id == max(r[0] for r in before["rows:contact"]) + 1
    target.dispose()


@pytest.mark.parametrize("method", ["native", "logical"])
def test_backup_while_another_thread_writes_restores_cleanly(
    engine: Engine, fresh: Fresh, tmp_path: Path, method: str
) -> None:
    skip_without_pg_dump(engine, method)
    fill(engine, contacts=5)
    stop, started, errors = threading.Event(), threading.Event(), []

    def write() -> None:
        try:
            for i in itertools.count():
                with session_scope(engine) as s:  # a contact and its audit row, together
                    repo.create_contact(s, {"name": f"live {i}"}, owner_id=7, source="chat",
                                        actor_id=7)  # fmt: skip
                if i == 20:
                    started.set()
                if stop.is_set():
                    return
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)
            started.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(20)
        path = backup(engine.url.render_as_string(hide_password=False), tmp_path, method=method)
    finally:
        stop.set()
        writer.join(20)
    assert not errors
    target = make_engine(fresh.url(engine.dialect.name))
    restore(target.url.render_as_string(hide_password=False), path, keyring=crypto.current())
    with target.connect() as conn:
        contacts = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
        creates = conn.execute(
            text("SELECT count(*) FROM auditevent WHERE action = 'create'")
        ).scalar_one()
    with engine.connect() as conn:
        final = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
    assert 5 + 20 < contacts <= final
    assert creates == contacts  # one moment in time: no contact without its audit row
    target.dispose()


@pytest.mark.parametrize("method", ["native", "logical"])
def test_restore_refuses_a_database_that_is_not_empty(
    engine: Engine, tmp_path: Path, method: str
) -> None:
    skip_without_pg_dump(engine, method)
    fill(engine, contacts=3)
    url = engine.url.render_as_string(hide_password=False)
    path = backup(url, tmp_path, method=method)
    fill(engine, contacts=3)
    before = snapshot(engine)
    with pytest.raises(BackupError, match=r"not empty \(tables alembic_version, "):
        restore(url, path, keyring=crypto.current())
    assert snapshot(engine) == before


def test_random_files_are_refused_before_the_target_is_touched(tmp_path: Path) -> None:
    target = tmp_path / "target.db"
    url = f"sqlite:///{target}"
    plain_sqlite = tmp_path / "other.sqlite"
    with sqlite3.connect(plain_sqlite) as conn:
        conn.execute("CREATE TABLE t (x)")
    other_gzip = tmp_path / "other.jsonl.gz"
    with gzip.open(other_gzip, "wt") as f:
        f.write('{"format": "something-else"}\n')
    random_bytes = tmp_path / "random.bin"
    random_bytes.write_bytes(uuid.uuid4().bytes * 100)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("name,phone\nWang,+8613800138000\n")
    cases = {
        random_bytes: "not a Capture Bot backup",
        text_file: "not a Capture Bot backup",
        plain_sqlite: "SQLite database but not a Capture Bot one",
        other_gzip: "gzip'd but not a Capture Bot backup",
        tmp_path / "missing.sqlite": "no backup file",
    }
    for path, message in cases.items():
        with pytest.raises(BackupError, match=message):
            restore(url, path, keyring=crypto.current())
    assert not target.exists()


def test_a_cut_off_logical_backup_is_refused_and_leaves_the_target_empty(
    engine: Engine, fresh: Fresh, tmp_path: Path
) -> None:
    fill(engine)
    path = backup(engine.url.render_as_string(hide_password=False), tmp_path, method="logical")
    lines = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)
    no_trailer = tmp_path / "no-trailer.jsonl.gz"
    no_trailer.write_bytes(gzip.compress("".join(lines[:-1]).encode()))
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    for broken, message in ((no_trailer, "incomplete"), (truncated, "damaged or incomplete")):
        url = fresh.url(engine.dialect.name)
        with pytest.raises(BackupError, match=message):
            restore(url, broken, keyring=crypto.current())
        target = make_engine(url)
        assert inspect(target).get_table_names() == []  # rolled back, schema and all
        target.dispose()


def test_a_sqlite_backup_restores_into_postgresql(fresh: Fresh, tmp_path: Path) -> None:
    source = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    migrate(source)
    fill(source)
    path = backup(source.url.render_as_string(), tmp_path / "move.sqlite")
    target = make_engine(fresh.url("postgresql"))
    restore(target.url.render_as_string(hide_password=False), path, keyring=crypto.current())
    assert counts(snapshot(target)) == counts(snapshot(source))
    source.dispose()
    target.dispose()


def test_a_logical_postgresql_backup_restores_into_sqlite_and_pg_dump_does_not(
    fresh: Fresh, tmp_path: Path
) -> None:
    source = make_engine(fresh.url("postgresql"))
    migrate(source)
    fill(source)
    url = source.url.render_as_string(hide_password=False)
    path = backup(url, tmp_path / "move.jsonl.gz", method="logical")
    target = make_engine(fresh.url("sqlite"))
    restore(target.url.render_as_string(), path, keyring=crypto.current())
    assert counts(snapshot(target)) == counts(snapshot(source))
    if pg_dump_problem(source) is None:
        archive = backup(url, tmp_path / "x.pgdump", method="native")
        with pytest.raises(BackupError, match="restores only into PostgreSQL"):
            restore(fresh.url("sqlite"), archive, keyring=crypto.current())
    source.dispose()
    target.dispose()


def test_nightly_keeps_the_newest_backup_keep_files(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path)
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    fill(engine, contacts=3)
    folder = tmp_path / "backups"
    manual = backup(settings.effective_database_url, None, data_dir=tmp_path)
    (folder / "README.txt").write_text("not a backup")

    made = [nightly_backup(settings) for _ in range(9)]  # BACKUP_KEEP defaults to 7
    nightly = sorted(p for p in folder.iterdir() if p.name.startswith("nightly-"))
    assert len(made) == 9 and set(nightly) == set(made[-7:])

    threads = [threading.Thread(target=nightly_backup, args=(settings,), kwargs={"keep": 2})
               for _ in range(4)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    nightly = [p for p in folder.iterdir() if p.name.startswith("nightly-")]
    assert len(nightly) == 2 and all(describe_backup(p).format == "sqlite" for p in nightly)
    assert manual.exists() and (folder / "README.txt").exists()  # only nightly-* are pruned
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]
    engine.dispose()


def test_backups_keep_the_audit_tail_so_a_cut_or_emptied_chain_shows(
    tmp_path: Path, fresh: Fresh
) -> None:
    settings = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path)
    url = settings.effective_database_url
    engine = make_engine(url)
    migrate(engine)
    fill(engine, contacts=3)
    with read_scope(engine) as s:
        tail = repo.audit_tail(s)
    assert tail is not None
    nightly = nightly_backup(settings)
    logical = backup(url, tmp_path / "x.jsonl.gz", data_dir=tmp_path, method="logical")
    with gzip.open(logical, "rt") as f:
        assert json.loads(f.readline())["audit_tail"]["id"] == tail[0]
    points, unreadable = read_checkpoints(tmp_path)
    assert unreadable == 0 and [(p.id, p.hash) for p in points] == [tail, tail]
    assert points[0].source == f"nightly backup {nightly.name}"
    assert (tmp_path / CHECKPOINTS).stat().st_mode & 0o777 == 0o600
    with read_scope(engine) as s:
        assert repo.verify_audit(s, checkpoints=points).ok

    # the backup holds the tail it recorded: restored, it verifies against the checkpoints
    restored = make_engine(fresh.url("sqlite"))
    restore(str(restored.url), nightly, keyring=crypto.current())
    with read_scope(restored) as s:
        assert repo.verify_audit(s, checkpoints=points).ok
    restored.dispose()

    with engine.begin() as conn:  # the newest two events deleted
        conn.execute(text("DELETE FROM auditevent WHERE id > :id"), {"id": tail[0] - 2})
    with read_scope(engine) as s:
        cut = repo.verify_audit(s, checkpoints=points)
    assert not cut.ok and cut.broken_id == tail[0] and "newest events were deleted" in cut.reason
    with engine.begin() as conn:  # then all of them
        conn.execute(text("DELETE FROM auditevent"))
    with read_scope(engine) as s:
        emptied = repo.verify_audit(s, checkpoints=points)
    assert not emptied.ok and emptied.broken_id == tail[0] and "is empty" in emptied.reason
    engine.dispose()


def test_restoring_an_older_backup_starts_the_checkpoints_afresh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tails recorded after the backup name events the restored database never had: they are
    kept aside, and the restored tail is the first new checkpoint, so verify passes."""
    live = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "live",
                    capture_secret_key=TEST_SECRET)  # fmt: skip
    engine = make_engine(live.effective_database_url)
    migrate(engine)
    fill(engine, contacts=3)
    assert backup_main(live, None) == 0
    (older,) = (tmp_path / "live" / "backups").iterdir()
    with session_scope(engine) as s:  # events after the backup, and a checkpoint of them
        repo.create_contact(s, {"name": "Later"}, owner_id=None, source="manual", actor_id=None)
    nightly_backup(live)
    engine.dispose()
    for name in ("capture.db", "capture.db-wal", "capture.db-shm"):
        (tmp_path / "live" / name).unlink(missing_ok=True)
    capsys.readouterr()
    assert restore_main(live, older) == 0
    assert "audit checkpoints recorded before this restore moved to" in capsys.readouterr().out
    (aside,) = (tmp_path / "live").glob(f"{CHECKPOINTS}.before-restore-*")
    assert len(aside.read_text().splitlines()) == 2
    points, _ = read_checkpoints(tmp_path / "live")
    restored = make_engine(live.effective_database_url)
    with read_scope(restored) as s:
        assert [(p.id, p.hash) for p in points] == [repo.audit_tail(s)]
        assert repo.verify_audit(s, checkpoints=points).ok
    restored.dispose()


def test_cli_prints_one_line_and_refuses_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "live")
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    fill(engine, contacts=4)
    assert backup_main(settings, tmp_path / "b.sqlite") == 0
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and out.startswith(f"backup written to {tmp_path / 'b.sqlite'} (")

    keyless = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "new")
    assert restore_main(keyless, tmp_path / "b.sqlite") == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "there is no key here yet: set CAPTURE_SECRET_KEY" in err
    assert not (tmp_path / "new").exists()  # no database, and no secret.key generated
    wrong = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "new",
                     capture_secret_key="not-the-key-the-backup-was-made-under")  # fmt: skip
    assert restore_main(wrong, tmp_path / "b.sqlite") == 1
    assert "does not open this backup" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()

    other = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "new",
                     capture_secret_key=TEST_SECRET)  # fmt: skip
    assert restore_main(other, tmp_path / "b.sqlite") == 0
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and "4 contacts" in out and "schema " in out
    assert restore_main(other, tmp_path / "b.sqlite") == 1
    assert "restore failed: refusing to restore" in capsys.readouterr().err
    with make_engine(other.effective_database_url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(text("contact"))).scalar() == 4
    engine.dispose()


def target_is_empty(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return not Path(parsed.database or "").exists()
    target = make_engine(url)
    try:
        return inspect(target).get_table_names() == []
    finally:
        target.dispose()


@pytest.mark.parametrize("method", ["native", "logical"])
def test_restore_refuses_a_key_that_does_not_open_the_backup(
    engine: Engine, fresh: Fresh, tmp_path: Path, method: str
) -> None:
    """Else the restore succeeds and the bot fails later, on the first sealed value it reads."""
    skip_without_pg_dump(engine, method)
    fill(engine, contacts=3)
    path = backup(engine.url.render_as_string(hide_password=False), tmp_path, method=method)
    url = fresh.url(engine.dialect.name)
    wrong = crypto.Keyring(b"a-key-the-backup-was-not-made-under")
    for keyring, message in ((wrong, "does not open this backup"), (None, "no key here yet")):
        with pytest.raises(BackupError, match=message):
            restore(url, path, keyring=keyring)
        assert target_is_empty(url)
    restore(url, path, keyring=crypto.Keyring(TEST_SECRET))
    assert not target_is_empty(url)


def test_a_backup_without_sealed_values_needs_no_key(tmp_path: Path) -> None:
    source = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(source)
    path = backup(source.url.render_as_string(), tmp_path / "empty.sqlite")
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert restore(target, path, keyring=None).format == "sqlite"
    source.dispose()


@pytest.mark.parametrize("method", ["native", "logical"])
def test_restore_refuses_a_backup_from_a_newer_schema(
    engine: Engine, fresh: Fresh, tmp_path: Path, method: str
) -> None:
    """Else a page copy or pg_restore succeeds, and then every start fails in `db upgrade`."""
    skip_without_pg_dump(engine, method)
    fill(engine, contacts=3)
    url = fresh.url(engine.dialect.name)
    with engine.connect() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    try:
        # "0999": newer than this code; "00": a prefix of known revisions, but none of them
        for revision, message in (("0999", r"revision '0999', which .* does not know"),
                                  ("00", "does not know")):  # fmt: skip
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
            path = backup(engine.url.render_as_string(hide_password=False), tmp_path,
                          method=method)  # fmt: skip
            with pytest.raises(BackupError, match=message):
                restore(url, path, keyring=crypto.current())
            assert target_is_empty(url)
    finally:
        with engine.begin() as conn:  # the PostgreSQL test database is shared
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": head})


def test_backups_and_their_folder_are_private(tmp_path: Path) -> None:
    """0600 files in a 0700 folder, whatever the umask (systemd's UMask= is not always there)."""
    old = os.umask(0o022)
    try:
        settings = Settings(_env_file=None, database_url="", capture_data_dir=tmp_path / "data")
        engine = make_engine(settings.effective_database_url)
        migrate(engine)
        fill(engine, contacts=3)
        made = [
            backup(settings.effective_database_url, None, data_dir=settings.capture_data_dir),
            backup(settings.effective_database_url, None, data_dir=settings.capture_data_dir,
                   method="logical"),
            nightly_backup(settings),
        ]  # fmt: skip
        restored = tmp_path / "restored" / "capture.db"
        restore(f"sqlite:///{restored}", made[0], keyring=crypto.current())
        engine.dispose()
    finally:
        os.umask(old)
    assert mode(tmp_path / "data") == mode(tmp_path / "data" / "backups") == 0o700
    assert [mode(p) for p in made] == [0o600] * 3
    assert mode(restored) == 0o600 and mode(restored.parent) == 0o700
    database = tmp_path / "data" / "capture.db"
    assert {mode(p) for p in database.parent.glob("capture.db*")} == {0o600}  # -wal, -shm too


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
