"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable) and the real bot.

The bot runs as `python -m handlers run` in a subprocess — the production code path — pointed at a
sandbox (the project's stand-in for the Telegram Bot API) started in this process.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (every table on SQLModel.metadata)
from bot.config import WEEKDAYS
from sandbox.client import BotMessage
from storage import crypto
from storage.db import make_engine, migrate

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ["no_proxy"] = os.environ["NO_PROXY"]
# How long the sandbox client waits after the bot's last message before it takes a reply as
# whole. The bot sends one turn's messages a few milliseconds apart; tests that wait for slow
# work (OCR, reminders) use wait_for. Set SANDBOX_SETTLE=0.3 on a badly overloaded machine.
os.environ.setdefault("SANDBOX_SETTLE", "0.15")

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_pg_problem: str | None = None
TEST_SECRET = "test-secret-key-for-signing-buttons"


@pytest.fixture(scope="session", autouse=True)
def keyring() -> object:
    """The same key the test bots get, so tests can read what they wrote."""
    return crypto.configure(TEST_SECRET.encode())


def _postgres_problem() -> str | None:
    """None when PostgreSQL answers, else why not (said in the header and in every skip)."""
    global _pg_problem
    if _pg_problem is None:
        try:
            engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_problem = ""
        except Exception as exc:
            _pg_problem = f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return _pg_problem or None


def pytest_report_header(config: pytest.Config) -> str:
    problem = _postgres_problem()
    if problem:
        return f"postgresql: {problem} — the PostgreSQL tests are SKIPPED"
    return f"postgresql: reachable at {POSTGRES_URL} — the PostgreSQL tests run"


@contextmanager
def scratch_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; a skip naming why when unreachable."""
    problem = _postgres_problem()
    if problem:
        pytest.skip(problem)
    name = f"capture_test_{uuid.uuid4().hex[:10]}"
    # pool_pre_ping: a test may restart PostgreSQL, leaving the pooled admin connection dead.
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One database for the storage tests of this session (emptied after each test)."""
    with scratch_postgres() as url:
        yield url


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A database of this test's own (for bots that leave data behind)."""
    with scratch_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'capture.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database; on PostgreSQL the tables are emptied afterwards (shared database)."""
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    if engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{t}"' for t in SQLModel.metadata.tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY"))
    engine.dispose()


# --- the real bot against the sandbox ----------------------------------------------------------


@pytest.fixture
def writable_during() -> Iterator[Callable[[Engine, str], list[bool]]]:
    """`writable_during(engine, marker)`: a list that gets, at each statement containing `marker`,
    whether another connection could take the SQLite file's write lock at once right then.
    A long read must not keep every other chat waiting for SQLite's one writer."""
    listeners: list[tuple[Engine, Callable[..., None]]] = []

    def watch(engine: Engine, marker: str) -> list[bool]:
        writable: list[bool] = []

        def try_to_write(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            if marker not in statement:
                return
            other = sqlite3.connect(engine.url.database or "", timeout=0)  # no waiting
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                writable.append(True)
            except sqlite3.OperationalError:  # "database is locked"
                writable.append(False)
            finally:
                other.close()

        event.listen(engine, "before_cursor_execute", try_to_write)
        listeners.append((engine, try_to_write))
        return writable

    yield watch
    for engine, listener in listeners:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[object]:
    from sandbox import SandboxServer

    server = SandboxServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


HANDLED_LINE = re.compile(rb"capture\.updates: update=(\d+) ")


class BotProcess:
    """The bot as a real process; restartable and killable like in production."""

    ADMIN_ID = 1001

    def __init__(
        self,
        sandbox: object,
        data_dir: Path,
        database_url: str | None = None,
        run_args: tuple[str, ...] = (),
        **env: str,
    ) -> None:
        from sandbox import SandboxClient

        self.sandbox = sandbox
        self.client = SandboxClient(sandbox.url, token=sandbox.control_token, handled=self.handled)
        self.data_dir = data_dir
        self._handled: set[int] = set()
        self._log_read = 0
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "4242:test-token",
            "TELEGRAM_API_URL": sandbox.api_url,
            "TELEGRAM_FILE_URL": sandbox.file_url,
            "CAPTURE_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url or f"sqlite:///{data_dir / 'capture.db'}",
            "CAPTURE_SECRET_KEY": TEST_SECRET,
            "ADMIN_IDS": str(self.ADMIN_ID),
            "DEFAULT_REGION": "CN",
            "LOG_LEVEL": "INFO",
            "TELEGRAM_RATE_LIMIT": "0",
            "USER_RATE_LIMIT": "0",  # tests type faster than people; test_restart checks the limit
            "OCR_WORKERS": "2",
            # no weekly digest during a test session unless a test asks for one: on the digest
            # day every new manager gets one at the next sweep, a side message that lands
            # among what a test reads (three days ahead: no time zone is there yet)
            "DIGEST_DAY": WEEKDAYS[(datetime.now(UTC).weekday() + 3) % 7],
            **env,
        }
        self.run_args = run_args
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "bot.log"

    def handled(self, update_id: int) -> bool:
        """Whether the bot has logged this update as handled (handlers.respond logs each one
        after its replies are sent): the sandbox client then stops waiting for more replies."""
        if update_id in self._handled:
            return True
        try:
            with self.log.open("rb") as log:
                log.seek(self._log_read)
                chunk = log.read()
        except FileNotFoundError:
            return False
        complete = chunk.rfind(b"\n") + 1  # a line still being written is read next time
        self._log_read += complete
        self._handled.update(int(m) for m in HANDLED_LINE.findall(chunk[:complete]))
        return update_id in self._handled

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "handlers", *args], env=self.env, cwd=self.data_dir,
            capture_output=True, text=True, check=check, timeout=120,
        )  # fmt: skip

    def start(self) -> None:
        # A restart appends to the same log: only a line written by this start counts.
        seen = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "handlers", "run", *self.run_args], env=self.env,
                cwd=self.data_dir,
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot exited at start:\n{self.log.read_text()[-3000:]}")
            if "Application started" in self.log.read_bytes()[seen:].decode(errors="replace"):
                return
            time.sleep(0.05)
        raise RuntimeError(f"bot did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """kill -9: no chance to flush or say goodbye."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def set_role(self, user_id: int, role: str) -> None:
        self.cli("role", str(user_id), role)


@pytest.fixture(scope="session")
def bot(sandbox: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """One bot for the whole session; tests keep apart by using their own user ids."""
    process = BotProcess(sandbox, tmp_path_factory.mktemp("bot"))
    process.cli("db", "upgrade")
    process.start()
    yield process
    process.stop()


_ids = itertools.count(50_000)


@pytest.fixture
def new_user_id() -> Iterator[int]:
    """A Telegram user id no other test uses."""
    yield next(_ids)


@pytest.fixture
def rep(bot: BotProcess, new_user_id: int):  # type: ignore[no-untyped-def]
    """A sales rep talking to the bot in English."""
    bot.set_role(new_user_id, "rep")
    return bot.client.user(new_user_id, first_name="Alice", language_code="en")


def team_list(messages: list[BotMessage]) -> str:
    """The /team reply among what one send collected: a job's side message (a weekly digest to
    a new manager, a duplicate alert) may arrive beside it, before or after."""
    return next(m.text for m in messages if (m.text or "").startswith(("The team", "团队成员")))


class Receiver:
    """A local HTTP receiver for outbound hooks: answers each POST from `script` (a status code,
    or "hang" to answer only after `hang_seconds`, past the sender's timeout), then 200; keeps
    every request (headers, body) it was sent."""

    def __init__(self, hang_seconds: float = 3.0) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        receiver = self
        self.script: list[int | str] = []
        self.requests: list[tuple[dict[str, str], bytes, int | str]] = []
        self.hang_seconds = hang_seconds
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    answer = receiver.script.pop(0) if receiver.script else 200
                    receiver.requests.append((dict(self.headers), body, answer))
                if answer == "hang":
                    time.sleep(receiver.hang_seconds)
                    answer = 200
                self.send_response(int(answer))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/capture-events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def delivered(self) -> list[dict[str, object]]:
        """The bodies answered 2xx, in the order they came."""
        import json

        return [json.loads(body) for _, body, answer in self.requests if answer in (200, "hang")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    local = Receiver()
    yield local
    local.close()
