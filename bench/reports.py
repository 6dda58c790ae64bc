"""Getting the data out: /export to xlsx, the /stats chart, and the outbound hooks.

    .venv/bin/python bench/reports.py [--export-contacts 100000] [--chart-contacts 1000000]
        [--hook-events 5000] [--capture-seconds 30] [--capture-rate 20] [--database sqlite]
        [--out FILE]

Why: issue 18's "done when" asks for four figures.

1. **Export of 10^5 leads to xlsx**: seconds and peak memory. `--export-contacts` leads are
   seeded (SQLite file or a PostgreSQL capture_bench_* database, via bench/reminders.py's
   bulk_insert, so phones, emails, addresses and notes are sealed as the bot seals them), with
   every field filled, a third of them in Chinese. Then a fresh child process (so its peak RSS is
   the export's alone) runs what /export runs: `bot.reports.build_export` for a manager (xlsx,
   every lead), timed; it reports VmHWM and the RSS it had before exporting (the imports).
2. **The chart's render time at 10^6 contacts**: `--chart-contacts` leads over 50 reps and the
   last 10 weeks; `bot.reports.collect_figures` (the counting) and `bot.chart.render` (the
   drawing) timed apart, `--chart-runs` times each.
3. **Hook throughput to a local receiver**: `--hook-events` events queued through the real
   `bot.hooks.record`, delivered by `bot.hooks.deliver_due` sweeps, back to back, to a local
   HTTP receiver answering 200 in a child process; events per second.
4. **Outbox lag under capture load**: `--capture-rate` saves per second (`bot.contacts.create`
   in worker threads, each its own transaction, like the bot's Save) for `--capture-seconds`,
   while the hooks are delivered as the bot delivers them (a sweep right after each update that
   queued events, and every HOOK_SWEEP_SECONDS, 1 s). Lag is created_at → sent_at per event:
   p50, p99, max.

Each phase can be left out with `--skip export,hooks,chart`. Wall times on a shared machine
follow its load; the export's and the drawing's CPU seconds are recorded next to them.

JSON (`--out`): {"bench": "reports", "database", "export": {...}, "chart": {...},
"hooks": {...}, "load_avg_1m"}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ comes first on sys.path and bench/ocr.py would hide the ocr package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import Engine, delete  # noqa: E402

from bench.reminders import (  # noqa: E402
    BENCH_SECRET,
    DEFAULT_POSTGRES_URL,
    bulk_insert,
    engine_url,
    fix_sequences,
    fresh_database,
    postgres_problem,
)
from storage import crypto  # noqa: E402
from storage.models import (  # noqa: E402
    Consent,
    Contact,
    DuplicateCandidate,
    HookEvent,
    Invite,
    User,
    email_index,
    phone_index,
)

REPS = 50
FIRST_REP = 900_000
MANAGER = 800_000
HOOK_SECRET = "bench-hook-secret-0123456789"
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋")


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def contact_rows(n: int, now: datetime, weeks: int = 10) -> Iterator[dict[str, Any]]:
    """Every field filled; a third Chinese; created over the last `weeks` weeks."""
    rng = random.Random(18)
    span = weeks * 7 * 86400
    for i in range(1, n + 1):
        chinese = i % 3 == 0
        name = (SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i // 100) % 10]) if chinese \
            else f"Person {i}"  # fmt: skip
        phone, email = f"+86137{i:08d}", f"lead{i}@example.com"
        if rng.random() < 0.2:  # fields as real leads leave them empty
            email = None
        confirmed = now - timedelta(days=rng.randrange(90)) if i % 50 == 0 else None
        yield {
            "name": name, "company": "上海华信有限公司" if chinese else f"Company {i % 20_000}",
            "title": None if rng.random() < 0.45 else "销售总监" if chinese else "Buyer",
            "phone": phone,
            "email": email, "website": f"https://c{i % 20_000}.example",
            "address": None if rng.random() < 0.6 else
                       "上海市浦东新区世纪大道88号" if chinese else f"{i % 999} Main Street",
            "country": "CN" if chinese else "US", "notes": f"met at fair {i % 50}",
            "phone_index": phone_index(phone), "email_index": email_index(email),
            "source": rng.choice(("manual", "card", "import")), "status": "active",
            "owner_id": FIRST_REP + int(REPS * rng.random() ** 2),  # some reps busier
            "last_confirmed_at": confirmed, "stale": i % 300 == 0,
            "created_at": now - timedelta(seconds=rng.random() * span), "updated_at": now,
        }  # fmt: skip


def seed(engine: Engine, contacts: int) -> float:
    began = time.perf_counter()
    now = datetime.now(UTC)
    users = [
        {"id": FIRST_REP + r, "first_name": f"Rep {r}", "language_code": "en", "role": "rep",
         "active": True, "created_at": now, "last_seen_at": now, "digest_off": False}
        for r in range(REPS)
    ] + [{"id": MANAGER, "first_name": "Mona", "language_code": "en", "role": "manager",
          "active": True, "created_at": now, "last_seen_at": now, "digest_off": False}]  # fmt: skip
    bulk_insert(engine, User.__table__, users)  # type: ignore[arg-type]
    bulk_insert(engine, Contact.__table__, contact_rows(contacts, now))  # type: ignore[arg-type]
    fix_sequences(engine, ["contact"])
    # a customer funnel (3% invited, 2.5% consented) and duplicate candidates (0.2%)
    invites = ({"token": f"i_{i}", "kind": "customer", "contact_id": i, "created_at": now,
                "expires_at": now + timedelta(days=14)} for i in range(33, contacts + 1, 33))
    consents = ({"user_id": 10**9 + i, "contact_id": i, "version": "1", "accepted": True,
                 "at": now} for i in range(40, contacts + 1, 40))
    dupes = ({"a_id": i, "b_id": i + 1, "score": 0.9, "reasons": "name",
              "status": ("open", "merged", "merged", "not_duplicate")[i // 500 % 4], "pending": {},
              "created_at": now} for i in range(500, contacts, 500))  # fmt: skip
    for table, rows in ((Invite, invites), (Consent, consents), (DuplicateCandidate, dupes)):
        bulk_insert(engine, table.__table__, rows)  # type: ignore[attr-defined]
    return time.perf_counter() - began


def settings_for(engine: Engine, work: Path, **more: Any) -> Any:
    from bot.config import load_settings

    return load_settings(capture_data_dir=work, capture_secret_key=BENCH_SECRET,
                         database_url=engine_url(engine), **more)  # fmt: skip


# --- 1. export -----------------------------------------------------------------------------------


def vm_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def export_child(url: str, work: str) -> None:
    """In a fresh process: the manager's /export as the bot builds it; prints JSON."""
    from bot import reports
    from storage.db import make_engine

    crypto.configure(BENCH_SECRET.encode())
    import openpyxl  # noqa: F401  (loaded before the baseline, as in the running bot)

    engine = make_engine(url)
    settings = settings_for(engine, Path(work), export_part_mb=2000)
    before = vm_kb("VmRSS")
    began, cpu = time.perf_counter(), time.process_time()
    job = reports.ExportJob(MANAGER, "xlsx", None, staff=True, lang="en")
    result = reports.build_export(engine, settings, job, lambda done, total: None)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    size = sum(p.stat().st_size for p in result.parts)
    result.cleanup()
    print(json.dumps({"rows": result.rows, "seconds": round(seconds, 2),
                      "cpu_seconds": round(cpu, 2), "bytes": size,
                      "rss_before_mb": round(before / 1024, 1),
                      "peak_rss_mb": round(vm_kb("VmHWM") / 1024, 1),
                      "refused": result.refused}))  # fmt: skip


def bench_export(engine: Engine, work: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--export-child", engine_url(engine), str(work)],
        capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- 2. chart ------------------------------------------------------------------------------------


def bench_chart(engine: Engine, work: Path, runs: int) -> dict[str, Any]:
    from bot import chart, reports

    settings = settings_for(engine, work)
    chart.render(reports.collect_figures(engine, settings), "zh")  # fonts and caches warm
    counting, drawing, drawing_cpu = [], [], []
    for _ in range(runs):
        began = time.perf_counter()
        figures = reports.collect_figures(engine, settings)
        counting.append(time.perf_counter() - began)
        began, cpu = time.perf_counter(), time.process_time()
        png = chart.render(figures, "zh")
        drawing.append(time.perf_counter() - began)
        drawing_cpu.append(time.process_time() - cpu)
    (work / "chart.png").write_bytes(png)
    return {"contacts": figures["total"], "runs": runs,
            "collect_ms_p50": round(1000 * statistics.median(counting)),
            "collect_ms_max": round(1000 * max(counting)),
            "render_ms_p50": round(1000 * statistics.median(drawing)),
            "render_ms_max": round(1000 * max(drawing)),
            "render_cpu_ms_p50": round(1000 * statistics.median(drawing_cpu)),
            "png_bytes": len(png)}  # fmt: skip


# --- 3 and 4. hooks ------------------------------------------------------------------------------


def receiver_child() -> None:
    """A local receiver answering 200 to every POST; prints its port, runs until killed."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def queue_events(engine: Engine, count: int) -> None:
    """`count` contact.updated events through the real hooks.record, 500 a transaction."""
    from sqlmodel import col, select

    from bot import hooks
    from storage.db import session_scope

    done = 0
    while done < count:
        with session_scope(engine) as session:
            query = select(Contact).where(col(Contact.id) > done).order_by(col(Contact.id))
            for contact in session.exec(query.limit(min(500, count - done))):
                hooks.record(session, "contact.updated", contact, changed=("company",))
                done += 1


async def drain(engine: Engine, settings: Any) -> int:
    """Sweeps back to back until nothing is due; returns the events delivered."""
    import httpx

    from bot import hooks

    sent = 0
    async with httpx.AsyncClient(timeout=settings.hook_timeout) as client:
        while results := await hooks.deliver_due(engine, settings, client):
            sent += sum(1 for r in results if r.error is None)
    return sent


async def deliver_as_the_bot(
    engine: Engine, settings: Any, stop: threading.Event, saved: list[Any]
) -> None:
    """The bot's delivery: a sweep every HOOK_SWEEP_SECONDS, and one right after each update
    that queued events (handlers.respond); `saved[0]` is set to the callback savers call."""
    import httpx

    from bot import hooks

    loop, nudge = asyncio.get_running_loop(), asyncio.Event()
    saved.append(lambda: loop.call_soon_threadsafe(nudge.set))
    async with httpx.AsyncClient(timeout=settings.hook_timeout) as client:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(nudge.wait(), timeout=settings.hook_sweep_seconds)
            nudge.clear()
            results = await hooks.deliver_due(engine, settings, client)
            if stop.is_set() and not results:
                return


def bench_hooks(engine: Engine, work: Path, events: int, seconds: float, rate: float) -> dict:
    from bot import contacts, hooks
    from storage.db import session_scope

    child = subprocess.Popen([sys.executable, __file__, "--receiver-child"],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        port = int(child.stdout.readline())  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port}/events"
        settings = settings_for(engine, work, hook_targets=url, hook_secret=HOOK_SECRET)
        hooks.configure([url])
        queue_events(engine, events)
        began = time.perf_counter()
        sent = asyncio.run(drain(engine, settings))
        throughput = sent / (time.perf_counter() - began)
        with session_scope(engine) as session:
            session.execute(delete(HookEvent))

        stop, saves, save_ms, saved = threading.Event(), [0], [], []

        def rep(index: int) -> None:
            while not saved:
                time.sleep(0.01)
            rng = random.Random(index)
            while not stop.is_set():
                began = time.perf_counter()
                n = rng.randrange(10**8)
                values = {"name": f"Load Lead {n}", "phone": f"+86139{n:08d}"}
                with session_scope(engine) as session:
                    contacts.create(session, values, owner_id=FIRST_REP, source="manual",
                                    actor_id=FIRST_REP)  # fmt: skip
                save_ms.append(1000 * (time.perf_counter() - began))
                saves[0] += 1
                saved[0]()
                stop.wait(max(0.0, 4 / rate - (time.perf_counter() - began)))

        workers = [threading.Thread(target=rep, args=(i,), daemon=True) for i in range(4)]
        for w in workers:
            w.start()
        threading.Timer(seconds, stop.set).start()
        asyncio.run(deliver_as_the_bot(engine, settings, stop, saved))
        for w in workers:
            w.join()
        asyncio.run(drain(engine, settings))
        lags = hooks.lag_seconds(engine)
    finally:
        hooks.configure([])
        child.kill()
        child.wait()
    return {
        "throughput_events": events, "throughput_per_s": round(throughput, 1),
        "capture_seconds": seconds, "saves": saves[0],
        "saves_per_s": round(saves[0] / seconds, 1),
        "save_ms_p50": round(statistics.median(save_ms), 1) if save_ms else None,
        "lag_events": len(lags), "lag_ms_p50": round(1000 * percentile(lags, 0.5)),
        "lag_ms_p99": round(1000 * percentile(lags, 0.99)),
        "lag_ms_max": round(1000 * max(lags)) if lags else None,
        "sweep_seconds": settings.hook_sweep_seconds,
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--export-contacts", type=int, default=100_000)
    parser.add_argument("--chart-contacts", type=int, default=1_000_000)
    parser.add_argument("--chart-runs", type=int, default=3)
    parser.add_argument("--hook-events", type=int, default=5000)
    parser.add_argument("--capture-seconds", type=float, default=30)
    parser.add_argument("--capture-rate", type=float, default=20, help="saves per second")
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--chart-png", type=Path, help="keep the chart drawn at 10^6 here")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--skip", default="", help="phases to leave out: export,hooks,chart")
    parser.add_argument("--export-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--receiver-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_child:
        export_child(*args.export_child)
        return 0
    if args.receiver_child:
        receiver_child()
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drop the databases
    crypto.configure(BENCH_SECRET.encode())
    if args.database == "postgresql" and (problem := postgres_problem(args.postgres_url)):
        print(f"PostgreSQL not reachable: {problem}", file=sys.stderr)
        return 1
    result: dict[str, Any] = {"bench": "reports", "database": args.database}
    with tempfile.TemporaryDirectory(prefix="capture-bench-reports-") as tmp:
        work = Path(tmp)
        skip = {s.strip() for s in args.skip.split(",") if s.strip()}
        with fresh_database(args.database, args.postgres_url, work) as engine:
            result["export_seed_seconds"] = round(seed(engine, args.export_contacts), 1)
            if "export" not in skip:
                result["export"] = bench_export(engine, work)
                print("export", result["export"], file=sys.stderr)
            if "hooks" not in skip:
                result["hooks"] = bench_hooks(engine, work, args.hook_events,
                                              args.capture_seconds, args.capture_rate)  # fmt: skip
                print("hooks", result["hooks"], file=sys.stderr)
        if "chart" in skip:
            args.chart_contacts = 0
        with fresh_database(args.database, args.postgres_url, work) as engine:
            result["chart_seed_seconds"] = round(seed(engine, args.chart_contacts), 1)
            if "chart" not in skip:
                result["chart"] = bench_chart(engine, work, args.chart_runs)
                print("chart", result["chart"], file=sys.stderr)
            if args.chart_png and "chart" not in skip:
                args.chart_png.write_bytes((work / "chart.png").read_bytes())
    result["load_avg_1m"] = round(os.getloadavg()[0], 2)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
