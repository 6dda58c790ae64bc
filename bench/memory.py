"""Peak memory of the real bot process (`python -m handlers run`) with 10^6 contacts stored.

    .venv/bin/python bench/memory.py [--contacts 1000000] [--databases sqlite,postgresql]
        [--reps 10] [--leads 3] [--postgres-url URL] [--out FILE]

Why: the bot must run on a small server however many contacts there are, so nothing may load
"all contacts" into memory. This bench measures the process a deployment runs, not a function.

Per `--databases` entry, a fresh migrated database (a SQLite file, or a PostgreSQL database
capture_bench_* dropped afterwards, also on SIGTERM) is seeded with `--contacts` leads spread
over `--reps` reps (Core executemany / COPY via bench/reminders.py's `bulk_insert`; phones and
emails sealed, blind indexes set; no blocking keys, whose synthetic names would make giant
blocks — bench/dedupe.py covers duplicate checks at scale), one manager is made with
`python -m handlers role ID manager`, and the bot is started against an in-process SandboxServer
(TELEGRAM_RATE_LIMIT=0, USER_RATE_LIMIT=0, the nightly backup moved 12 hours away). Then, all
reps at once: `--leads` full /new captures each (made-up names, so no duplicate warning; one
still gets "Save anyway"), /mine and its older page, /find by name and by phone; and the
manager: /stats, /find, /mine. The slowest reply per command shows reads that scan 10^6 rows
(and, on SQLite, every update waiting behind them for the one writer lock).

Reported, from /proc/<bot pid>/status: VmRSS once started and idle, VmRSS after the traffic,
and VmHWM (the kernel's peak RSS of the process over its whole life), plus the highest VmRSS
sampled every 100 ms; also each command's end-to-end time (they show which reads scan 10^6
rows). JSON (`--out`): {"bench": "memory", "rows": [one per database], "targets": []} with
rss_idle_mb, rss_after_mb, peak_rss_mb (VmHWM), sampled_peak_mb, seed_seconds, startup_seconds,
and <command>_ms per command.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ comes first on sys.path and bench/ocr.py would hide the ocr package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import Engine  # noqa: E402

from bench.reminders import (  # noqa: E402
    BENCH_SECRET,
    DEFAULT_POSTGRES_URL,
    bulk_insert,
    engine_url,
    fix_sequences,
    fresh_database,
    postgres_problem,
)
from sandbox import SandboxClient, SandboxServer, SandboxUser  # noqa: E402
from storage import crypto  # noqa: E402
from storage.models import Contact, User, email_index, phone_index  # noqa: E402

FIRST_REP = 900_000
SYLLABLES = ("ka", "lo", "mi", "ren", "su", "ta", "vo", "zhu", "bei", "dan", "fen", "gu")
MANAGER = 800_000
WAIT = 300.0  # seconds one reply may take; /stats counts 10^6 rows on a busy machine


def contact_rows(n: int, reps: int, now: datetime) -> Iterator[dict[str, Any]]:
    rng = random.Random(7)
    for i in range(1, n + 1):
        phone, email = f"+86137{i:08d}", f"seed{i}@example.com"
        yield {
            "name": f"Seed Person {i}", "company": f"Company {rng.randrange(20_000)}",
            "phone": phone, "email": email, "phone_index": phone_index(phone),
            "email_index": email_index(email), "source": "import", "status": "active",
            "owner_id": FIRST_REP + i % reps, "created_at": now - timedelta(seconds=n - i),
            "updated_at": now,
        }  # fmt: skip


def seed(engine: Engine, contacts: int, reps: int) -> float:
    began = time.perf_counter()
    now = datetime.now(UTC)
    users = [
        {"id": FIRST_REP + r, "first_name": f"Rep {r}", "language_code": "en", "role": "rep",
         "active": True, "created_at": now, "last_seen_at": now}
        for r in range(reps)
    ]  # fmt: skip
    bulk_insert(engine, User.__table__, users)  # type: ignore[arg-type]
    bulk_insert(engine, Contact.__table__, contact_rows(contacts, reps, now))  # type: ignore[arg-type]
    fix_sequences(engine, ["contact"])
    return time.perf_counter() - began


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM and friends in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Vm"):
            name, value = line.split(":", 1)
            out[name] = int(value.split()[0])
    return out


class Sampler(threading.Thread):
    """Highest VmRSS seen every 100 ms: a second opinion next to the kernel's VmHWM."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            try:
                self.peak_kb = max(self.peak_kb, proc_status(self.pid)["VmRSS"])
            except (OSError, KeyError):
                return


def timed(
    user: SandboxUser, text: str, expect: str, took: dict[str, list[float]], key: str
) -> None:
    began = time.perf_counter()
    user.send(text, wait=False)
    user.wait_for(expect, timeout=WAIT)
    took.setdefault(key, []).append(time.perf_counter() - began)


def word(number: int, length: int) -> str:
    """A made-up word per number, so no two bench leads look alike to the duplicate check."""
    parts = []
    for _ in range(length):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def capture(user: SandboxUser, rep: int, n: int, took: dict[str, list[float]]) -> None:
    """One full /new capture, every step timed until the reply it must produce arrives."""
    key = (rep * 7919 + n * 104_729) % 12**6
    steps = [
        ("/new", "Question 1 of 6"),
        (f"{word(key, 3)} {word(key // 7 + 11, 3)}", "Question 2 of 6"),
        (f"+86 139 {rep % 10_000:04d} {n:04d}", "Question 3 of 6"),
        (f"lead{rep}.{n}@example.org", "Question 4 of 6"),
        (f"{word(key // 13 + 5, 2)} Trading", "Question 5 of 6"),
        ("Buyer", "Question 6 of 6"),
        ("From the bench", "Please check the lead"),
    ]
    for text, expected in steps:
        began = time.perf_counter()
        user.send(text, wait=False)
        user.wait_for(expected, timeout=WAIT)
        took.setdefault("capture_step", []).append(time.perf_counter() - began)
    began = time.perf_counter()
    user.press("Save", wait=False)
    reply = user.wait_for(re.compile("Saved as #|Save it anyway"), timeout=WAIT)
    if "Saved as #" not in (reply.text or ""):  # a look-alike after all: save it anyway
        user.press("Save anyway", wait=False)
        user.wait_for("Saved as #", timeout=WAIT)
    took.setdefault("save", []).append(time.perf_counter() - began)


def rep_traffic(
    client: SandboxClient, rep_id: int, leads: int, took: dict[str, list[float]]
) -> None:
    user = client.user(rep_id, first_name=f"Rep {rep_id}", language_code="en")
    for n in range(leads):
        capture(user, rep_id, n, took)
    timed(user, "/mine", "Your leads 1", took, "mine")
    began = time.perf_counter()
    user.press("Older", wait=False)
    user.wait_for("Your leads 6", timeout=WAIT)
    took.setdefault("mine_older", []).append(time.perf_counter() - began)
    timed(user, f"/find Seed Person {rep_id % 1000 * 7 + 1}", "match", took, "find_name")
    timed(user, "/find +86 137 0000 0042", "match", took, "find_phone")


def manager_traffic(client: SandboxClient, took: dict[str, list[float]]) -> None:
    user = client.user(MANAGER, first_name="Bench Manager", language_code="en")
    timed(user, "/stats", "active contacts", took, "stats")
    timed(user, "/find Company 123", "match", took, "find_company")
    timed(user, "/mine", "leads", took, "mine_manager")
    timed(user, "/stats", "active contacts", took, "stats")


def run_bot(url: str, work: Path, reps: int, leads: int) -> dict[str, Any]:
    """Start the bot, drive the traffic, read its memory; the bot is stopped in any case."""
    with SandboxServer(host="127.0.0.1", port=0) as server:
        env = {
            **os.environ, "TELEGRAM_BOT_TOKEN": "5555:bench", "TELEGRAM_API_URL": server.api_url,
            "TELEGRAM_FILE_URL": server.file_url, "DATABASE_URL": url,
            "CAPTURE_DATA_DIR": str(work), "CAPTURE_SECRET_KEY": BENCH_SECRET,
            "TELEGRAM_RATE_LIMIT": "0", "USER_RATE_LIMIT": "0", "LOG_LEVEL": "INFO",
            "BACKUP_HOUR": str((datetime.now(UTC).hour + 12) % 24),
        }  # fmt: skip
        role = subprocess.run(
            [sys.executable, "-m", "handlers", "role", str(MANAGER), "manager"], env=env, cwd=work,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if role.returncode:
            raise SystemExit(f"bot role failed: {role.stderr[-2000:]}")
        log_path = work / "bot.log"
        began = time.perf_counter()
        with log_path.open("wb") as log:
            bot = subprocess.Popen(
                [sys.executable, "-m", "handlers", "run"], env=env, cwd=work, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        sampler = Sampler(bot.pid)
        try:
            deadline = time.monotonic() + 300
            while "Application started" not in log_path.read_text(errors="replace"):
                if time.monotonic() > deadline or bot.poll() is not None:
                    raise SystemExit(f"bot did not start:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.05)
            startup = time.perf_counter() - began
            time.sleep(2)  # let start-up work (command menus, the first sweep) settle
            idle = proc_status(bot.pid)
            sampler.start()
            client = SandboxClient(server.url, timeout=WAIT)
            took: dict[str, list[float]] = {}
            errors: list[str] = []

            def guarded(target, *args) -> None:  # type: ignore[no-untyped-def]
                try:
                    target(*args)
                except Exception as exc:  # recorded: a failed step must not hide the figures
                    errors.append(f"{type(exc).__name__}: {str(exc)[:500]}")

            jobs = [(rep_traffic, client, FIRST_REP + r, leads, took) for r in range(reps)]
            jobs.append((manager_traffic, client, took))
            threads = [threading.Thread(target=guarded, args=job) for job in jobs]
            traffic_began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            traffic = time.perf_counter() - traffic_began
            time.sleep(1)
            after = proc_status(bot.pid)
            sampler.stop.set()
            sampler.join()
        finally:
            sampler.stop.set()
            bot.terminate()
            try:
                bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
    if errors:
        print(f"  traffic errors: {errors[:3]}", file=sys.stderr)
    return {
        "startup_seconds": round(startup, 1), "traffic_seconds": round(traffic, 1),
        "rss_idle_mb": round(idle["VmRSS"] / 1024, 1),
        "rss_after_mb": round(after["VmRSS"] / 1024, 1),
        "peak_rss_mb": round(after["VmHWM"] / 1024, 1),
        "sampled_peak_mb": round(max(sampler.peak_kb, after["VmRSS"]) / 1024, 1),
        **{f"{k}_ms": round(max(v) * 1000, 1) for k, v in sorted(took.items())},
        "capture_step_ms_median": round(statistics.median(took.get("capture_step", [0])) * 1000, 1),
        "errors": errors,
    }  # fmt: skip


def bench_database(
    kind: str, contacts: int, reps: int, leads: int, postgres_url: str, work: Path
) -> dict[str, Any]:
    with fresh_database(kind, postgres_url, work) as engine:
        seeded = seed(engine, contacts, reps)
        print(f"{kind}: seeded {contacts:,} contacts in {seeded:.1f} s", flush=True)
        url = engine_url(engine)
        engine.dispose()  # the bot is the only client from here on
        figures = run_bot(url, work, reps, leads)
    row = {"bench": "memory", "database": kind, "contacts": contacts, "reps": reps,
           "leads_per_rep": leads, "load_avg_1m": round(os.getloadavg()[0], 2),
           "seed_seconds": round(seeded, 1), **figures}  # fmt: skip
    slow = ", ".join(f"{k[:-3]} {v:.0f}" for k, v in row.items() if k.endswith("_ms"))
    print(
        f"  bot RSS idle {row['rss_idle_mb']} MB, after traffic {row['rss_after_mb']} MB, "
        f"peak (VmHWM) {row['peak_rss_mb']} MB; started in {row['startup_seconds']} s; "
        f"slowest reply per command (ms): {slow}",
        flush=True,
    )
    return row


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql")
    parser.add_argument("--reps", type=int, default=10, help="reps typing at once")
    parser.add_argument("--leads", type=int, default=3, help="full captures per rep")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="server to create capture_bench_* databases on")  # fmt: skip
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if unknown := set(kinds) - {"sqlite", "postgresql"}:
        parser.error(f"unknown database {', '.join(sorted(unknown))}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drop the databases
    crypto.configure(BENCH_SECRET.encode())
    skipped: dict[str, str] = {}
    if "postgresql" in kinds and (problem := postgres_problem(args.postgres_url)):
        print(f"PostgreSQL not reachable ({problem}): skipped", file=sys.stderr)
        skipped["postgresql"] = problem
        kinds.remove("postgresql")
    result: dict[str, Any] = {"bench": "memory", "contacts": args.contacts, "rows": [],
                              "targets": [], "skipped": skipped}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="capture-bench-memory-") as tmp:
        for kind in kinds:
            work = Path(tmp) / kind
            work.mkdir()
            result["rows"].append(
                bench_database(kind, args.contacts, args.reps, args.leads, args.postgres_url, work)
            )
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if any(row["errors"] for row in result["rows"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
