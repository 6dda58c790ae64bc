"""Capture-flow speed: many reps doing full captures through the sandbox, with many contacts stored.

    .venv/bin/python bench/flow.py [--contacts 100000] [--reps 20] [--leads 5] [--think 0]
                                   [--saturation-reps 0] [--database-url URL] [--out FILE]

Two ways to drive the bot (one phase each, against the same bot and database):
- paced (`--think S`, S > 0): each rep waits a random 0.5S-1.5S after reading a reply before
  sending the next answer, as a person typing on a phone does (an answer takes at least 1-2 s);
  reps start spread over the first S seconds. The offered load is reps / S updates/s; 50 reps at
  2 s is 25 updates/s, more than a real sales team sends. This is the reply latency reps see.
- saturation (`--think 0`, the default): every rep sends the next answer the instant the reply
  arrives, so the bot, the sandbox and the simulated users compete for the CPUs; updates/s is
  then the capacity of this machine, and latency is mostly queueing.
`--think S --saturation-reps N` runs the paced phase, then a saturation phase with N other reps.

Prints three latency figures per update and phase, from the bot's own log line for each update:
- core: the bot's work before its reply goes out (the core's transaction off the event loop) —
  the reply latency excluding Telegram's own network time; target p99 < 50 ms on SQLite;
- handled: core plus sending the replies to the sandbox over HTTP (the sandbox stands in for
  Telegram's network and shares this machine's two cores with the simulated users);
- end to end: from a simulated user's send until the reply that step must produce has arrived;
and the updates per second the bot sustained (and the offered load when paced), the bot
process's CPU time per update (all its threads; Linux only) and the load average when the phase
ended: the machine is shared, so latency figures mean little without them.

JSON: the first phase's figures at the top level ("think_s", "offered_updates_per_s", "reps",
"updates", "updates_per_s", "core_ms_p50/p99", "bot_ms_p50/p99", "end_to_end_ms_p50/p99",
"bot_cpu_ms_per_update", "load_average") with "contacts" and "database"; the saturation phase's
under "saturation" when one ran after a paced phase.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.dedupe import load_people, values  # noqa: E402
from bench.people import generate  # noqa: E402
from bot.contacts import keys_for  # noqa: E402
from sandbox import SandboxClient, SandboxServer  # noqa: E402
from storage import crypto  # noqa: E402
from storage.db import make_engine, migrate, session_scope  # noqa: E402
from storage.models import User, utcnow  # noqa: E402

FIRST_REP = 900_000
BENCH_SECRET = "bench-secret-key-0123456789abcdef"


def seed(url: str, contacts: int, reps: int) -> float:
    """Load `contacts` generated people (bench/people.py: names, firms, phones, addresses as
    reps capture them) spread over the reps, through the write path's own key building
    (`contacts.keys_for`, the phone and email blind indexes; bench/dedupe.py's `load_people`
    checks the rows equal what `contacts.create` writes), so every capture's duplicate check
    runs against them. Returns seconds taken (generating included)."""
    started = time.perf_counter()
    crypto.configure(BENCH_SECRET.encode())
    engine = make_engine(url)
    migrate(engine)
    now = utcnow()
    with session_scope(engine) as session:
        session.execute(
            insert(User),
            [{"id": FIRST_REP + r, "first_name": f"Rep {r}", "role": "rep", "active": True,
              "created_at": now, "last_seen_at": now} for r in range(reps)],
        )  # fmt: skip
    people = [r.person for r in generate(contacts, seed=7)]
    keys = [keys_for(values(p)) for p in people]
    load_people(engine, people, keys, lambda p: FIRST_REP + (p.id or 0) % reps)
    engine.dispose()
    return time.perf_counter() - started


def _letters(number: int) -> str:
    """Names may not contain digits: 901 -> 'Jab'."""
    return "".join(chr(97 + int(d)) for d in str(number)).capitalize()


GIVEN = (
    "Anna",
    "Boris",
    "Chen",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Luca",
    "Mei",
    "Nils",
    "Olga",
    "Pavel",
    "Qing",
    "Rosa",
    "Sven",
    "Tariq",
)
FAMILY = (
    "Abe",
    "Brandt",
    "Costa",
    "Dahl",
    "Eze",
    "Fong",
    "Gupta",
    "Haas",
    "Ito",
    "Jensen",
    "Kovac",
    "Lind",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quist",
    "Rossi",
    "Silva",
    "Tan",
)


def _person(a: int, b: int) -> str:
    """A distinct person per (rep, lead), so the duplicate check has nothing to say."""
    return f"{GIVEN[a % 20]} {_letters(a)}{FAMILY[b % 20].lower()} {FAMILY[(a // 20 + b) % 20]}"


def one_rep(
    client: SandboxClient, rep_id: int, leads: int, timings: list[float], think: float = 0.0
) -> None:
    """Full captures, each step timed until the reply that step must produce has arrived; with
    `think`, a random 0.5-1.5 x think seconds between reading a reply and sending the next."""
    rng = random.Random(rep_id)
    user = client.user(rep_id, first_name=f"Rep {rep_id}", language_code="en")
    if think:
        time.sleep(rng.uniform(0, think))  # reps do not all start in the same instant
    for n in range(leads):
        steps = [
            ("/new", "Question 1 of 6"),
            (_person(rep_id, n), "Question 2 of 6"),
            (f"+86 139 {rep_id % 10_000:04d} {n:04d}", "Question 3 of 6"),
            (f"lead{rep_id}.{n}@example.org", "Question 4 of 6"),
            (f"{_person(n, rep_id).split()[1]} {_letters(rep_id * 97 + n)} Ltd", "Question 5 of 6"),
            ("Buyer", "Question 6 of 6"),
            ("From the bench", "Please check the lead"),
        ]
        for text, expected in steps:
            if think:
                time.sleep(rng.uniform(0.5 * think, 1.5 * think))
            began = time.perf_counter()
            user.send(text, wait=False)
            user.wait_for(expected)
            timings.append(time.perf_counter() - began)
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
        began = time.perf_counter()
        user.press("Save", wait=False)
        user.wait_for("Saved as #")
        timings.append(time.perf_counter() - began)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process, from /proc (None where there is no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--leads", type=int, default=5, help="full captures per rep")
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a rep takes to answer (uniform 0.5x-1.5x); 0: saturation",
    )  # fmt: skip
    parser.add_argument(
        "--saturation-reps", type=int, default=0,
        help="after a paced phase (--think > 0), a saturation phase with this many other reps",
    )  # fmt: skip
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="capture-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    url = args.database_url or f"sqlite:///{work / 'capture.db'}"
    database = make_url(url).get_backend_name()
    phases = [(args.reps, args.think)]
    if args.think > 0 and args.saturation_reps > 0:
        phases.append((args.saturation_reps, 0.0))
    seeded = seed(url, args.contacts, sum(reps for reps, _ in phases))
    print(f"seeded {args.contacts:,} contacts in {seeded:.1f} s ({database})")

    with SandboxServer(host="127.0.0.1", port=0) as server:
        env = {
            **os.environ, "TELEGRAM_BOT_TOKEN": "5555:bench", "TELEGRAM_API_URL": server.api_url,
            "TELEGRAM_FILE_URL": server.file_url, "DATABASE_URL": url,
            "CAPTURE_DATA_DIR": str(work), "CAPTURE_SECRET_KEY": BENCH_SECRET,
            "TELEGRAM_RATE_LIMIT": "0", "USER_RATE_LIMIT": "0", "LOG_LEVEL": "INFO",
            "PYTHONPATH": str(ROOT),  # this tree's bot, not whichever one is installed
        }  # fmt: skip
        log_path = work / "bot.log"
        with log_path.open("wb") as log:
            bot = subprocess.Popen(
                [sys.executable, "-m", "handlers", "run"], env=env, cwd=work, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "Application started" not in log_path.read_text(errors="replace"):
                if time.monotonic() > deadline or bot.poll() is not None:
                    raise SystemExit(f"bot did not start:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.05)
            client = SandboxClient(server.url)
            results = []
            first_rep = FIRST_REP
            for reps, think in phases:
                results.append(
                    run_phase(client, bot.pid, log_path, first_rep, reps, args.leads, think)
                )
                first_rep += reps
        finally:
            bot.terminate()
            bot.wait(timeout=30)

    figures: dict[str, object] = {"contacts": args.contacts, "database": database, **results[0]}
    if len(results) > 1:
        figures["saturation"] = results[1]
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def run_phase(
    client: SandboxClient,
    pid: int,
    log_path: Path,
    first_rep: int,
    reps: int,
    leads: int,
    think: float,
) -> dict[str, object]:
    """One phase: `reps` reps doing `leads` captures each; prints and returns its figures."""
    timings: list[float] = []
    threads = [
        threading.Thread(target=one_rep, args=(client, first_rep + r, leads, timings, think))
        for r in range(reps)
    ]
    log_start = log_path.stat().st_size
    cpu_before = cpu_seconds(pid)
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    cpu_after = cpu_seconds(pid)
    load = os.getloadavg()
    time.sleep(0.2)  # the last update's log line
    with log_path.open("rb") as log:
        log.seek(log_start)
        text = log.read().decode(errors="replace")
    lines = re.findall(r"update=\d+ .* core_ms=([\d.]+) ms=([\d.]+)", text)
    core_ms = [float(core) for core, _ in lines]
    bot_ms = [float(total) for _, total in lines]
    figures: dict[str, object] = {
        "mode": "paced" if think else "saturation",
        "think_s": think,
        "offered_updates_per_s": round(reps / think, 1) if think else None,
        "reps": reps,
        "updates": len(bot_ms),
        "updates_per_s": round(len(bot_ms) / wall, 1),
        "core_ms_p50": round(statistics.median(core_ms), 1),
        "core_ms_p99": round(percentile(core_ms, 99), 1),
        "bot_ms_p50": round(statistics.median(bot_ms), 1),
        "bot_ms_p99": round(percentile(bot_ms, 99), 1),
        "end_to_end_ms_p50": round(statistics.median(timings) * 1000, 1),
        "end_to_end_ms_p99": round(percentile(timings, 99) * 1000, 1),
        "bot_cpu_ms_per_update": (
            round((cpu_after - cpu_before) * 1000 / len(bot_ms), 1)
            if cpu_before is not None and cpu_after is not None
            else None
        ),
        "load_average": [round(x, 2) for x in load],
    }
    if think:
        print(
            f"paced, {reps} reps answering every {think:g} s (0.5-1.5x): offered "
            f"{figures['offered_updates_per_s']} updates/s at most"
        )
    else:
        print(f"saturation, {reps} reps answering the instant a reply arrives:")
    print(f"{figures['updates']} updates in {wall:.1f} s: {figures['updates_per_s']} updates/s")
    for label, key in (("core per update", "core_ms"), ("handled (core + send)", "bot_ms")):
        print(f"{label + ':':23} p50 {figures[key + '_p50']} ms, p99 {figures[key + '_p99']} ms")
    print(f"{'end to end:':23} p50 {figures['end_to_end_ms_p50']} ms, "
          f"p99 {figures['end_to_end_ms_p99']} ms")  # fmt: skip
    if figures["bot_cpu_ms_per_update"] is not None:
        print(f"{'bot CPU per update:':23} {figures['bot_cpu_ms_per_update']} ms (all threads)")
    loads = " ".join(f"{x:.2f}" for x in load)
    print(f"{'load average at end:':23} {loads} ({os.cpu_count()} cpus)")
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
