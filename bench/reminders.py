"""Reminder sweep at scale: claiming and deciding due reminders among 10^6 linked customers.

    .venv/bin/python bench/reminders.py [--customers 1000000] [--databases sqlite,postgresql]
        [--sweeps 30] [--stats-runs 3] [--postgres-url URL] [--profile] [--out FILE]

Why: the bot runs `bot.customers.sweep` every REMINDER_SWEEP_SECONDS. One run claims up to
SWEEP_BATCH (500) due reminders, with their contacts and customers joined, in one statement
(`storage.repo.claim_due_reminders`: FOR UPDATE OF reminder SKIP LOCKED on PostgreSQL), decides
each one (ask, hold for the morning, follow up, mark stale) and moves its due time (one executemany
UPDATE), all in one transaction. The issue's target: at most 200 ms per batch of 500 among 10^6
customers, with the claim an index range scan (ix_reminder_state_due), never a full scan.

Seeded into a fresh database per `--databases` entry (a SQLite file, or a PostgreSQL database
capture_bench_* dropped afterwards, also on SIGTERM), through the real migrations:
- 50 reps who own the contacts; `--customers` customers, each a user, a linked contact and a
  reminder;
- contacts with phones from China (70%), the US, the UK and Germany, so the daytime rule meets
  several zones; 10% of the customers set a zone of their own; 0.5% of contacts were merged
  (the sweep drops their reminders);
- reminders 92% active, 5% stopped (/stop), 3% unreachable (blocked the bot). Active ones come
  due uniformly over the next CONFIRM_INTERVAL (180 d); stopped and unreachable ones over the
  past and the next interval, so a plan that ignored `state` would wade through them. Stages
  0 to 3, so asks, follow-ups, morning holds and stale marks all happen.
Seeding uses Core `insert` executemany in batches of 20k on SQLite and COPY through psycopg on
PostgreSQL (values pass through the columns' own bind processors, so phones are sealed exactly
as the bot seals them), then ANALYZE on PostgreSQL, as autovacuum would do after a bulk load.
SQLite is left as the bot leaves it (no ANALYZE).

Timing: sweep k runs at a simulated `now` = start + k * step, where step makes 500 reminders
come due between sweeps (plus those earlier sweeps held for the morning or moved to a
follow-up), so every sweep is a full batch — the morning after an outage or a big campaign, not
an ordinary minute (10^6 over 180 days is about 4 a minute). A sweep's time is the whole
transaction: claim, the decisions and their writes, commit. Also recorded per sweep: the claim
query alone (its execute: on SQLite that returns at the first row), the claim with its rows
fetched (`repo.claim_due_reminders`: on SQLite the join's work happens while fetching), the SQL
statements issued and their total time, this thread's CPU time; and the
claim's plan (EXPLAIN QUERY PLAN on SQLite; EXPLAIN (ANALYZE, BUFFERS) in a rolled-back
transaction on PostgreSQL) of the very statement the sweep ran. `--profile` prints a cProfile
of one more sweep. Timings are wall clock on a shared machine; the load average is recorded.

Then a manager's /stats over the same data (`bot.customers.collect_stats`: counts over every
contact and reminder), timed `--stats-runs` times after the sweeps.

JSON (`--out`): {"bench": "reminders", "rows": [one per database], "targets": [...]}; a row
holds seed_seconds, seed_rows_per_s, db_bytes, sweeps, claimed_mean, sent_mean, sweep_ms_p50,
sweep_ms_p95, sweep_ms_max, sweep_ms_mean, ms_per_reminder, claim_ms_p50, claim_ms_p95,
claim_ms_max, claim_fetch_ms_p50, claim_fetch_ms_p95, statements_per_sweep, sql_ms_p50,
cpu_ms_p50, claim_uses_index, claim_full_scan, claim_plan (lines), stats_ms_p50, stats_ms_max,
stats_ms (every run) and load_avg_1m.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ comes first on sys.path and bench/ocr.py would hide the ocr package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, Table, create_engine, event, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot import customers  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from storage import crypto, repo  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from storage.models import Contact, Reminder, User, email_index, phone_index  # noqa: E402

BENCH_SECRET = "bench-secret-key-0123456789abcdef"
DEFAULT_POSTGRES_URL = os.environ.get(
    "CAPTURE_BENCH_POSTGRES_URL",
    os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)
TARGET_MS = 200.0
FIRST_REP = 900_000
REPS = 50
FIRST_CUSTOMER = 10_000_000
BATCH = 20_000
INTERVAL = timedelta(days=180)
# 01:00 UTC is 09:00 in Shanghai: the Chinese majority's day starts with the first sweep.
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
# (share, phone pattern); the zone comes from the number (bot/reminders.py customer_zone)
PHONES = ((0.70, "+86137", 8), (0.15, "+1415", 7), (0.10, "+447700", 6), (0.05, "+49151", 8))
OWN_ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Singapore")


# --- databases -------------------------------------------------------------------------------


def postgres_problem(url: str) -> str | None:
    """None when PostgreSQL answers, else why not (the bench then skips it and says so)."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure means: skip PostgreSQL, and say why
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return None


@contextmanager
def fresh_database(kind: str, postgres_url: str, workdir: Path) -> Iterator[Engine]:
    """A new migrated database (SQLite file or PostgreSQL capture_bench_*), removed afterwards."""
    name = f"capture_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    if kind == "sqlite":
        path = workdir / f"{name}.db"
        engine = make_engine(f"sqlite:///{path}")
        try:
            migrate(engine)
            yield engine
        finally:
            engine.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def engine_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def database_bytes(engine: Engine) -> int:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())
    path = engine.url.database or ""
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )


def bulk_insert(engine: Engine, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Fast loading that still goes through the column types (sealing, UTC datetimes).

    SQLite: Core executemany, one transaction per BATCH rows. PostgreSQL: one COPY, each value
    first through its column's bind processor, as an INSERT would send it. Every row must have
    the same keys. Returns the number of rows.
    """
    if engine.dialect.name != "postgresql":
        count = 0
        for chunk in _chunks(rows, BATCH):
            with engine.begin() as conn:
                conn.execute(insert(table), chunk)
            count += len(chunk)
        return count
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    names = list(first)
    processors = [table.c[n].type.bind_processor(engine.dialect) for n in names]
    quote = engine.dialect.identifier_preparer
    columns = ", ".join(quote.quote(n) for n in names)
    sql = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
    count = 0
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in _prepend(first, iterator):
                copy.write_row(
                    [p(row[n]) if p else row[n] for n, p in zip(names, processors, strict=True)]
                )
                count += 1
        raw.commit()
    finally:
        raw.close()
    return count


def fix_sequences(engine: Engine, tables: Sequence[str]) -> None:
    """Rows loaded with explicit ids leave PostgreSQL's sequences behind; the bot inserts later."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for name in tables:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))"
                )
            )


def analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepend(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


# --- the data set ----------------------------------------------------------------------------


def rep_rows(now: datetime) -> Iterator[dict[str, Any]]:
    for r in range(REPS):
        yield {"id": FIRST_REP + r, "first_name": f"Rep {r}", "language_code": "en",
               "role": "rep", "timezone": None, "active": True, "created_at": now,
               "last_seen_at": now}  # fmt: skip


def customer_rows(n: int, now: datetime, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(1, n + 1):
        yield {
            "id": FIRST_CUSTOMER + i, "first_name": f"Customer {i}",
            "language_code": "zh" if rng.random() < 0.6 else "en", "role": "customer",
            "timezone": rng.choice(OWN_ZONES) if rng.random() < 0.1 else None,
            "active": True, "created_at": now, "last_seen_at": now,
        }  # fmt: skip


def phone_of(i: int, rng: random.Random) -> str:
    pick = rng.random()
    for share, prefix, digits in PHONES:
        if pick < share:
            return f"{prefix}{i % 10**digits:0{digits}d}"
        pick -= share
    return f"+86137{i:08d}"


def contact_rows(n: int, now: datetime, seed: int = 8) -> Iterator[dict[str, Any]]:
    """Linked customers' contacts; ids are 1..n so reminders can name them."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        phone = phone_of(i, rng)
        email = f"customer{i}@example.com"
        merged = rng.random() < 0.005
        yield {
            "id": i, "name": f"Customer {i}", "company": f"Company {rng.randrange(20_000)}",
            "title": None, "phone": phone, "email": email, "phone_index": phone_index(phone),
            "email_index": email_index(email), "source": "self",
            "status": "merged" if merged else "active", "merged_into_id": 1 if merged else None,
            "owner_id": FIRST_REP + i % REPS, "customer_user_id": FIRST_CUSTOMER + i,
            "last_confirmed_at": now - timedelta(days=rng.randrange(180)), "stale": False,
            "phone_verified": rng.random() < 0.5, "created_at": now, "updated_at": now,
        }  # fmt: skip


def reminder_rows(n: int, start: datetime, seed: int = 9) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    span = INTERVAL.total_seconds()
    for i in range(1, n + 1):
        pick = rng.random()
        state = "active" if pick < 0.92 else "stopped" if pick < 0.97 else "unreachable"
        if state == "active":
            due = start + timedelta(seconds=rng.random() * span)
        else:
            due = start + timedelta(seconds=(rng.random() * 2 - 1) * span)
        stage = rng.choices((0, 1, 2, 3), weights=(80, 10, 6, 4))[0]
        yield {
            "contact_id": i, "user_id": FIRST_CUSTOMER + i, "state": state, "due_at": due,
            "stage": stage, "last_sent_at": due - timedelta(days=3) if stage else None,
        }  # fmt: skip


def seed(engine: Engine, n: int) -> dict[str, float]:
    """Users, contacts and reminders for `n` customers; seconds per table."""
    now = START - timedelta(days=200)
    seconds: dict[str, float] = {}
    for label, table, rows in (
        ("users", User.__table__, _chain(rep_rows(now), customer_rows(n, now))),
        ("contacts", Contact.__table__, contact_rows(n, now)),
        ("reminders", Reminder.__table__, reminder_rows(n, START)),
    ):
        began = time.perf_counter()
        bulk_insert(engine, table, rows)  # type: ignore[arg-type]
        seconds[label] = time.perf_counter() - began
    began = time.perf_counter()
    fix_sequences(engine, ["contact"])
    analyze(engine)
    seconds["analyze"] = time.perf_counter() - began
    return seconds


def _chain(*parts: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for part in parts:
        yield from part


# --- timing the sweep ------------------------------------------------------------------------


@dataclass
class StatementLog:
    """SQL statements on one engine while `on`: count, time, and the claim query's own."""

    engine: Engine
    on: bool = False
    count: int = 0
    seconds: float = 0.0
    claim_seconds: float = 0.0
    claim: tuple[str, Any] | None = None  # the first claim statement and its parameters
    _started: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)

    def reset(self) -> None:
        self.count, self.seconds, self.claim_seconds = 0, 0.0, 0.0

    def _before(self, _conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        self._started.append(time.perf_counter())

    def _after(self, _conn, _cursor, statement, params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        took = time.perf_counter() - self._started.pop()
        if not self.on:
            return
        self.count += 1
        self.seconds += took
        if is_claim(statement):
            self.claim_seconds += took
            if self.claim is None:
                self.claim = (statement, params)


def is_claim(statement: str) -> bool:
    return "FROM reminder" in statement and "ORDER BY reminder.due_at" in statement


@dataclass
class SweepTimes:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    claim: list[float] = field(default_factory=list)
    claim_fetch: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    claimed: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)


def bench_settings(engine: Engine, workdir: Path) -> Settings:
    """The bot's settings with the defaults that matter here spelled out (no .env is read)."""
    return load_settings(
        _env_file=None, database_url=engine_url(engine), capture_data_dir=workdir,
        capture_secret_key=BENCH_SECRET, confirm_interval="180d", reminder_followups="3d,7d",
        server_timezone="",
    )  # fmt: skip


def run_sweeps(
    engine: Engine, settings: Settings, active: int, sweeps: int, log: StatementLog
) -> SweepTimes:
    """`sweeps` sweeps at a simulated clock that brings about one batch due between them."""
    step = INTERVAL * (customers.SWEEP_BATCH / max(active, 1))
    times = SweepTimes()
    fetched: list[float] = []
    claim_due = repo.claim_due_reminders

    def timed_claim(session: Any, now: datetime, limit: int) -> Any:
        began = time.perf_counter()
        try:
            return claim_due(session, now, limit)
        finally:
            fetched.append(time.perf_counter() - began)

    repo.claim_due_reminders = timed_claim  # type: ignore[assignment]  # timing only
    try:
        _timed_sweeps(engine, settings, sweeps, step, log, times, fetched)
    finally:
        repo.claim_due_reminders = claim_due  # type: ignore[assignment]
    return times


def _timed_sweeps(
    engine: Engine,
    settings: Settings,
    sweeps: int,
    step: timedelta,
    log: StatementLog,
    times: SweepTimes,
    fetched: list[float],
) -> None:
    gc.collect()
    for k in range(1, sweeps + 1):
        fetched.clear()
        now = START + step * k
        log.reset()
        log.on = True
        began, began_cpu = time.perf_counter(), time.thread_time()
        result = customers.sweep(engine, settings, now=now)
        times.wall.append(time.perf_counter() - began)
        times.cpu.append(time.thread_time() - began_cpu)
        log.on = False
        times.claim.append(log.claim_seconds)
        times.claim_fetch.append(sum(fetched))
        times.sql.append(log.seconds)
        times.statements.append(log.count)
        times.claimed.append(result.claimed)
        times.sent.append(len(result.messages))


def claim_plan(engine: Engine, claim: tuple[str, Any] | None, now: datetime) -> list[str]:
    """The plan of the claim statement exactly as the sweep sent it, at `now` (a time with a
    backlog due, so PostgreSQL's ANALYZE shows a full batch locked)."""
    if claim is None:
        return ["(no claim statement was seen)"]
    statement, params = claim
    process = Reminder.__table__.c.due_at.type.bind_processor(engine.dialect)
    moment = process(now) if process else now
    stamp = type(moment)

    def at_now(value: Any) -> Any:
        return moment if isinstance(value, stamp) and _is_time(value) else value

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            params = {k: at_now(v) for k, v in params.items()}
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).all()
            conn.rollback()  # ANALYZE ran the FOR UPDATE: release the locks, change nothing
            return [r[0] for r in rows]
        params = tuple(at_now(v) for v in params)
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        conn.rollback()
        return [str(r[-1]) for r in rows]


def _is_time(value: Any) -> bool:
    """A due_at parameter: a datetime (PostgreSQL) or SQLite's stored text form of one."""
    if isinstance(value, datetime):
        return True
    return isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " "


def plan_verdict(plan: Sequence[str]) -> tuple[bool, bool]:
    """(uses ix_reminder_state_due, scans the whole reminder table)."""
    joined = "\n".join(plan)
    uses = "ix_reminder_state_due" in joined
    full = any(
        line.strip().startswith("SCAN reminder") or "Seq Scan on reminder" in line for line in plan
    )
    return uses, full


def time_stats(engine: Engine, settings: Settings, runs: int) -> list[float]:
    """Seconds per `collect_stats` call (the first one may read the table from disk)."""
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        customers.collect_stats(engine, settings)
        seconds.append(time.perf_counter() - began)
    return seconds


def profile_one(engine: Engine, settings: Settings, now: datetime) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    customers.sweep(engine, settings, now=now)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def bench_database(
    kind: str,
    n: int,
    sweeps: int,
    postgres_url: str,
    workdir: Path,
    profile: bool,
    stats_runs: int = 3,
) -> dict[str, Any]:
    with fresh_database(kind, postgres_url, workdir) as engine:
        began = time.perf_counter()
        seeded = seed(engine, n)
        seed_seconds = time.perf_counter() - began
        rows = REPS + 3 * n
        size = database_bytes(engine)
        print(
            f"{kind}: seeded {rows:,} rows in {seed_seconds:.1f} s "
            f"({', '.join(f'{k} {v:.1f} s' for k, v in seeded.items())}); {size / 1e6:.0f} MB",
            flush=True,
        )
        with engine.connect() as conn:
            active = int(
                conn.execute(text("SELECT count(*) FROM reminder WHERE state = 'active'")).scalar()
            )
        settings = bench_settings(engine, workdir)
        log = StatementLog(engine)
        times = run_sweeps(engine, settings, active, sweeps, log)
        step = INTERVAL * (customers.SWEEP_BATCH / max(active, 1))
        plan = claim_plan(engine, log.claim, START + step * (sweeps + 1))
        uses_index, full_scan = plan_verdict(plan)
        claimed = sum(times.claimed)
        stats_seconds = time_stats(engine, settings, stats_runs) or [0.0]
        row = {
            "bench": "reminders", "database": kind, "customers": n,
            "load_avg_1m": round(os.getloadavg()[0], 2),
            "seed_seconds": round(seed_seconds, 1),
            "seed_rows_per_s": round(rows / seed_seconds),
            **{f"seed_{k}_seconds": round(v, 1) for k, v in seeded.items()},
            "db_bytes": size, "sweeps": sweeps,
            "claimed_mean": round(statistics.mean(times.claimed), 1),
            "sent_mean": round(statistics.mean(times.sent), 1),
            "sweep_ms_p50": ms(statistics.median(times.wall)),
            "sweep_ms_p95": ms(percentile(times.wall, 95)),
            "sweep_ms_max": ms(max(times.wall)),
            "sweep_ms_mean": ms(statistics.mean(times.wall)),
            "ms_per_reminder": round(sum(times.wall) * 1000 / max(claimed, 1), 3),
            "claim_ms_p50": ms(statistics.median(times.claim)),
            "claim_ms_p95": ms(percentile(times.claim, 95)),
            "claim_ms_max": ms(max(times.claim)),
            "claim_fetch_ms_p50": ms(statistics.median(times.claim_fetch)),
            "claim_fetch_ms_p95": ms(percentile(times.claim_fetch, 95)),
            "statements_per_sweep": round(statistics.mean(times.statements), 1),
            "sql_ms_p50": ms(statistics.median(times.sql)),
            "cpu_ms_p50": ms(statistics.median(times.cpu)),
            "claim_uses_index": uses_index, "claim_full_scan": full_scan, "claim_plan": plan,
            "stats_ms_p50": ms(statistics.median(stats_seconds)),
            "stats_ms_max": ms(max(stats_seconds)), "stats_ms": [ms(x) for x in stats_seconds],
        }  # fmt: skip
        print(
            f"  {sweeps} sweeps, {row['claimed_mean']:.0f} claimed and {row['sent_mean']:.0f} "
            f"sent each: p50 {row['sweep_ms_p50']} ms, p95 {row['sweep_ms_p95']} ms, "
            f"max {row['sweep_ms_max']} ms ({row['ms_per_reminder']} ms a reminder)\n"
            f"  claim query p50 {row['claim_ms_p50']} ms, p95 {row['claim_ms_p95']} ms (with "
            f"its rows fetched p50 {row['claim_fetch_ms_p50']} ms, "
            f"p95 {row['claim_fetch_ms_p95']} ms); "
            f"{row['statements_per_sweep']:.0f} statements a sweep taking "
            f"{row['sql_ms_p50']} ms (p50); CPU p50 {row['cpu_ms_p50']} ms; "
            f"load {row['load_avg_1m']}\n"
            f"  /stats (collect_stats) p50 {row['stats_ms_p50']} ms, max {row['stats_ms_max']} ms "
            f"over {len(stats_seconds)} runs\n"
            f"  claim plan ({'index' if uses_index else 'NO INDEX'}"
            f"{', FULL SCAN' if full_scan else ''}):",
            flush=True,
        )
        for line in plan:
            print(f"    {line}")
        if profile:
            print(profile_one(engine, settings, START + step * (sweeps + 1)))
        return row


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql")
    parser.add_argument("--sweeps", type=int, default=30, help="timed sweeps per database")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="server to create capture_bench_* databases on")  # fmt: skip
    parser.add_argument("--stats-runs", type=int, default=3, help="timed /stats calls")
    parser.add_argument("--profile", action="store_true", help="cProfile one more sweep")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if unknown := set(kinds) - {"sqlite", "postgresql"}:
        parser.error(f"unknown database {', '.join(sorted(unknown))}")
    # A SIGTERM (run_all's time limit) must still drop the databases: make it an exception.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    crypto.configure(BENCH_SECRET.encode())
    skipped: dict[str, str] = {}
    if "postgresql" in kinds and (problem := postgres_problem(args.postgres_url)):
        print(f"PostgreSQL not reachable ({problem}): skipped", file=sys.stderr)
        skipped["postgresql"] = problem
        kinds.remove("postgresql")

    result: dict[str, Any] = {"bench": "reminders", "customers": args.customers,
                              "sweep_batch": customers.SWEEP_BATCH, "rows": [],
                              "targets": [], "skipped": skipped}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="capture-bench-reminders-") as tmp:
        for kind in kinds:
            row = bench_database(
                kind,
                args.customers,
                args.sweeps,
                args.postgres_url,
                Path(tmp),
                args.profile,
                args.stats_runs,
            )
            result["rows"].append(row)
            result["targets"] += [
                {"target": f"sweep batch p95 <= {TARGET_MS:g} ms", "database": kind,
                 "customers": args.customers, "value": row["sweep_ms_p95"], "limit": TARGET_MS,
                 "ok": row["sweep_ms_p95"] <= TARGET_MS},
                {"target": "claim uses ix_reminder_state_due, no full scan", "database": kind,
                 "customers": args.customers, "value": row["claim_uses_index"], "limit": True,
                 "ok": row["claim_uses_index"] and not row["claim_full_scan"]},
            ]  # fmt: skip
    print("targets:")
    for t in result["targets"]:
        print(f"  {'ok    ' if t['ok'] else 'MISSED'} {t['database']:<10} {t['target']}: "
              f"{t['value']}")  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
