"""Every benchmark in one go (`make bench`): one bench/results.json and a summary table.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME,...] [--out bench/results.json]
        [--postgres-url URL]

Each bench runs as its own process (its own memory, its own crash), writes its figures with
`--out` into bench/out/run_all/<name>.json (its output goes to <name>.log there and to the
console), and gets a time limit; a bench that fails or overruns is recorded with its error and
the last lines of its output, and the others still run. PostgreSQL databases are named
capture_bench_* and dropped afterwards (the flow bench's here, the others' by the benches).

Sizes (full run: 34 minutes on 2 cores at 35aab85, 23 of them dedupe, whose PostgreSQL load
uses COPY since ce16c20; `--quick`: about a minute):

    name         full                                            quick
    ocr          60 scans + 60 photos                            5 + 5
    flow_sqlite  10^6 contacts, 50 reps x 5 captures answering   10^4, 4 reps x 2 every
                 every 2 s, then 20 reps x 5 at once (saturation) 0.5 s, then 4 at once
                 (both with docs/fields.example.toml in force: the issue's test deployment)
    flow_pg      the same on PostgreSQL                          the same on PostgreSQL
    dedupe       F1 on 20k labelled records; per-save check      F1 on 2k; 10^4 contacts,
                 p99 at 10^6 contacts, SQLite and PostgreSQL     200 probes
    reminders    sweeps of 500 among 10^6 customers, both DBs;   2x10^4 customers, 5 sweeps
                 a manager's /stats over them (3 runs)
    memory       bot RSS over 10^6 contacts, both DBs            2x10^4 contacts

bench/results.json (gitignored; the lead copies figures into README.md):
{"mode", "started", "seconds", "machine": {cpu, cores, ram_gb, python, sqlite, postgresql,
tesseract, git, load_avg_start, load_avg_end}, "benches": {name: {"ok", "seconds", "command",
"returncode", "error", "log", "result": the bench's own JSON}}}.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "bench" / "out" / "run_all"
DEFAULT_POSTGRES_URL = os.environ.get(
    "CAPTURE_BENCH_POSTGRES_URL",
    os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)


@dataclass
class Bench:
    name: str
    what: str  # one line for the summary
    full: list[str]  # script and arguments after the interpreter; {pg} is a fresh database URL
    quick: list[str]
    limit_s: float  # full run's time limit; quick runs get a fifth, at least 5 minutes
    postgres: bool = False  # needs a fresh capture_bench_* database passed as {pg}
    summary: Callable[[dict[str, Any]], list[str]] = field(default=lambda _r: [])


# --- the summary lines, each bench's figures by its own JSON keys ------------------------


def _get(data: Any, *path: Any, default: Any = "?") -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return default
    return data


OCR_TARGETS = {"scan": 0.97, "photo": 0.92}  # bench/ocr.py TARGETS: share of fields right
FLOW_CORE_P99_MS = 50.0  # bench/flow.py: core p99 on SQLite


def summary_ocr(r: dict[str, Any]) -> list[str]:
    out = []
    for kind, target in OCR_TARGETS.items():
        right = _get(r, "fields", kind, "overall")
        out.append(
            f"{kind}: fields right {right}, "
            f"cards fully right {_get(r, 'cards_fully_right', kind)}, "
            f"seconds p50 {_get(r, 'seconds', kind, 'p50')} p95 {_get(r, 'seconds', kind, 'p95')}"
        )
        if isinstance(right, float) and right < target:
            out.append(f"MISSED {kind} fields right >= {target}: {right}")
    return out


def summary_flow(r: dict[str, Any]) -> list[str]:
    """The paced phase (reps answering like people; the target is judged on it), then the
    saturation phase (zero think time: the machine's capacity) when there was one."""
    out = []
    for phase in (r, r.get("saturation")):
        if not isinstance(phase, dict):
            continue
        think = phase.get("think_s")
        pace = (
            f"every {think:g} s (offered {phase.get('offered_updates_per_s')}/s)"
            if isinstance(think, (int, float)) and think
            else "at once (saturation)"
        )
        out.append(
            f"{r.get('database', '?')} {r.get('contacts', 0):,} contacts, {phase.get('reps')} "
            f"reps {pace}: {phase.get('updates_per_s')} updates/s; core p50/p99 "
            f"{phase.get('core_ms_p50')}/{phase.get('core_ms_p99')} ms, handled p99 "
            f"{phase.get('bot_ms_p99')} ms, end-to-end p99 {phase.get('end_to_end_ms_p99')} ms, "
            f"{phase.get('bot_cpu_ms_per_update')} ms CPU/update; duplicate warnings "
            f"{phase.get('duplicates_warned')}/{phase.get('duplicates_expected')}"
        )
    out.append(f"{len(r.get('asked_fields') or ())} questions asked ({r.get('fields_file')})")
    core = r.get("core_ms_p99")
    if r.get("database") == "sqlite" and isinstance(core, float) and core > FLOW_CORE_P99_MS:
        out.append(f"MISSED core p99 < {FLOW_CORE_P99_MS:g} ms on SQLite: {core}")
    return out


def summary_dedupe(r: dict[str, Any]) -> list[str]:
    out = [
        f"F1 scan {_get(r, 'quality', 'scan', 'f1')}, per save "
        f"{_get(r, 'quality', 'per_save', 'f1')} on {_get(r, 'quality', 'records')} records"
    ]
    for row in r.get("rows", []):
        if row.get("database") in ("sqlite", "postgresql"):
            out.append(
                f"{row['database']} {row.get('contacts', 0):,} contacts: per-save check "
                f"p50 {row.get('check_p50_ms')} ms, p99 {row.get('check_p99_ms')} ms"
            )
    return out


def summary_reminders(r: dict[str, Any]) -> list[str]:
    out = []
    for row in r.get("rows", []):
        out.append(
            f"{row['database']} {row['customers']:,} customers: sweep of "
            f"{row['claimed_mean']:.0f} p50 {row['sweep_ms_p50']} ms, p95 {row['sweep_ms_p95']} "
            f"ms, max {row['sweep_ms_max']} ms; claim query p95 {row['claim_ms_p95']} ms "
            f"({'index' if row['claim_uses_index'] else 'NO INDEX'})"
        )
        # a manager's /stats over the same data (collect_stats); absent from older JSON
        runs = row.get("stats_ms") or []
        out.append(
            f"  {row['database']} /stats p50 {row.get('stats_ms_p50', '?')} ms, "
            f"max {row.get('stats_ms_max', '?')} ms over {len(runs)} runs"
        )
    return out


def summary_memory(r: dict[str, Any]) -> list[str]:
    return [
        f"{row['database']} {row['contacts']:,} contacts: peak RSS {row['peak_rss_mb']} MB, "
        f"idle {row['rss_idle_mb']} MB, after traffic {row['rss_after_mb']} MB"
        for row in r.get("rows", [])
    ]


def summary_reports(r: dict[str, Any]) -> list[str]:
    export, chart, hooks = r.get("export", {}), r.get("chart", {}), r.get("hooks", {})
    return [
        f"xlsx export of {export.get('rows', 0):,} leads: {export.get('seconds')} s "
        f"(CPU {export.get('cpu_seconds')} s), peak RSS {export.get('peak_rss_mb')} MB",
        f"chart at {chart.get('contacts', 0):,} contacts: counting p50 "
        f"{chart.get('collect_ms_p50')} ms, drawing p50 {chart.get('render_ms_p50')} ms",
        f"hooks: {hooks.get('throughput_per_s')} events/s; outbox lag under "
        f"{hooks.get('saves_per_s')} saves/s p50 {hooks.get('lag_ms_p50')} ms, "
        f"p99 {hooks.get('lag_ms_p99')} ms",
    ]


def benches() -> list[Bench]:
    def flow(db: str, pg: bool) -> Bench:
        url = ["--database-url", "{pg}"] if pg else []
        fields = ["--fields", "docs/fields.example.toml"]  # issue 15's test deployment
        return Bench(
            f"flow_{db}", f"capture flow, {db}",
            ["bench/flow.py", "--contacts", "1000000", "--reps", "50", "--think", "2",
             "--leads", "5", "--saturation-reps", "20", *fields, *url],
            ["bench/flow.py", "--contacts", "10000", "--reps", "4", "--think", "0.5",
             "--leads", "2", "--saturation-reps", "4", *fields, *url],
            limit_s=900, postgres=pg, summary=summary_flow,
        )  # fmt: skip

    return [
        Bench("ocr", "OCR accuracy and latency", ["bench/ocr.py", "--set", "own", "--n", "60"],
              ["bench/ocr.py", "--set", "own", "--n", "5"], limit_s=900, summary=summary_ocr),
        flow("sqlite", False),
        flow("pg", True),
        Bench("dedupe", "duplicates: F1, per-save check",
              ["bench/dedupe.py", "--sizes", "1000000", "--databases", "sqlite,postgresql",
               "--postgres-url", "{server}"],
              ["bench/dedupe.py", "--sizes", "10000", "--n", "2000", "--probes", "200",
               "--databases", "sqlite,postgresql", "--postgres-url", "{server}"],
              limit_s=1800, summary=summary_dedupe),
        Bench("reminders", "reminder sweep",
              ["bench/reminders.py", "--customers", "1000000", "--sweeps", "30",
               "--postgres-url", "{server}"],
              ["bench/reminders.py", "--customers", "20000", "--sweeps", "5",
               "--postgres-url", "{server}"],
              limit_s=1200, summary=summary_reminders),
        Bench("memory", "bot memory",
              ["bench/memory.py", "--contacts", "1000000", "--postgres-url", "{server}"],
              ["bench/memory.py", "--contacts", "20000", "--reps", "3", "--leads", "1",
               "--postgres-url", "{server}"],
              limit_s=1200, summary=summary_memory),
        Bench("reports", "export, chart, hooks",
              ["bench/reports.py", "--export-contacts", "100000", "--chart-contacts", "1000000"],
              ["bench/reports.py", "--export-contacts", "5000", "--chart-contacts", "20000",
               "--hook-events", "500", "--capture-seconds", "5"],
              limit_s=1800, summary=summary_reports),
    ]  # fmt: skip


# --- running ------------------------------------------------------------------------------


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh empty database capture_bench_* for a bench that takes a URL; dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"capture_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_one(bench: Bench, quick: bool, server: str) -> dict[str, Any]:
    """Run one bench to completion or its time limit; never raises for the bench's failures."""
    out = WORK / f"{bench.name}.json"
    log = WORK / f"{bench.name}.log"
    out.unlink(missing_ok=True)
    limit = max(300.0, bench.limit_s / 5) if quick else bench.limit_s
    record: dict[str, Any] = {"ok": False, "what": bench.what, "log": str(log.relative_to(ROOT))}
    began = time.perf_counter()
    try:
        with postgres_database(server) if bench.postgres else _no_database() as pg:
            args = [a.format(pg=pg, server=server) for a in (bench.quick if quick else bench.full)]
            command = [PYTHON, *args, "--out", str(out)]
            record["command"] = " ".join(
                [
                    ".venv/bin/python",
                    *(a if a != pg else "<capture_bench_* database>" for a in args),
                ]
            )
            print(
                f"\n=== {bench.name}: {record['command']} (limit {limit / 60:.0f} min)", flush=True
            )
            code, tail = _run(command, log, limit)
        record["returncode"] = code
        crashed = _first_traceback(log)
        if code == 0 and out.exists() and not crashed:
            record["ok"] = True
        elif crashed:  # e.g. a simulated user's thread died: the figures cover part of the run
            record["error"] = f"exit code {code}, but a traceback in the output:\n{crashed}"
        else:
            why = "timed out" if code is None else f"exit code {code}"
            record["error"] = f"{why}; last output:\n" + "".join(tail)
        if out.exists():
            record["result"] = json.loads(out.read_text())
    except Exception as exc:  # a broken bench (or database) must not stop the others
        record["error"] = f"{type(exc).__name__}: {exc}"
    record["seconds"] = round(time.perf_counter() - began, 1)
    return record


def _first_traceback(log: Path) -> str | None:
    """The first traceback a bench printed, as its last frame and the exception's first line
    (a thread that died lets the bench exit 0 with figures from part of the run)."""
    lines = (log.read_text(errors="replace") if log.exists() else "").splitlines()
    starts = [i for i, line in enumerate(lines) if "Traceback (most recent call last)" in line]
    if not starts:
        return None
    frames: list[str] = []
    for line in lines[starts[0] + 1 :]:
        if line.startswith(" "):
            frames.append(line.strip())
            continue
        return "\n".join([*frames[-2:], line[:500]])
    return "\n".join(frames[-2:])


@contextmanager
def _no_database() -> Iterator[str]:
    yield ""


def _run(command: list[str], log: Path, limit: float) -> tuple[int | None, deque[str]]:
    """The bench's output to its log and the console; SIGTERM at the limit (the benches then
    drop their databases), SIGKILL a minute later. Its own process group, so a bot it started
    goes too."""
    tail: deque[str] = deque(maxlen=25)
    deadline = time.monotonic() + limit
    # the bench's temporary files (SQLite databases of 10^6 rows, bot logs) go where they are
    # removed afterwards, even when the bench forgets them or is stopped at its limit
    scratch = tempfile.mkdtemp(prefix=f"capture-bench-{log.stem}-")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": scratch}
    with log.open("w") as sink:
        child = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", start_new_session=True,
        )  # fmt: skip
        assert child.stdout is not None
        timer = _Watchdog(child, deadline)
        try:
            for line in child.stdout:
                sink.write(line)
                sink.flush()
                print(f"  {line}", end="", flush=True)
                tail.append(line)
            code = child.wait()
        except BaseException:  # run_all itself was stopped: stop the bench the same way
            timer.stop_now()
            child.wait()
            raise
        finally:
            timer.cancel()
            shutil.rmtree(scratch, ignore_errors=True)
    return (None if timer.fired else code), tail


class _Watchdog:
    """Ends a bench that outlives its limit: SIGTERM to its group, SIGKILL 60 s later."""

    def __init__(self, child: subprocess.Popen[str], deadline: float) -> None:
        self.child, self.deadline, self.fired = child, deadline, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        if self._stop.wait(max(0.0, self.deadline - time.monotonic())):
            return
        self.fired = True
        self._signal(signal.SIGTERM)
        if not self._stop.wait(60):
            self._signal(signal.SIGKILL)

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # the bench's own group, nothing else
            os.killpg(self.child.pid, sig)

    def stop_now(self) -> None:
        """SIGTERM now, SIGKILL after a minute; returns once the bench has ended."""
        self._signal(signal.SIGTERM)
        try:
            self.child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)

    def cancel(self) -> None:
        self._stop.set()


# --- the machine --------------------------------------------------------------------------


def machine(server: str) -> dict[str, Any]:
    """What the figures came from: they mean little without the machine and the versions."""
    info: dict[str, Any] = {
        "cpu": _cpu_model(), "cores": os.cpu_count(), "ram_gb": _ram_gb(),
        "os": platform.platform(), "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "postgresql": _postgres_version(server),
        "tesseract": _first_line(["tesseract", "--version"]),
        "git": _first_line(["git", "-C", str(ROOT), "describe", "--always", "--dirty"]),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }  # fmt: skip
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _postgres_version(server: str) -> str | None:
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(server, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar())
        engine.dispose()
        return version
    except Exception as exc:  # not reachable: the benches skip it and say so too
        return f"unavailable ({type(exc).__name__})"


def _first_line(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text_ = (done.stdout or done.stderr).strip()
    return text_.splitlines()[0] if text_ else None


# --- main ---------------------------------------------------------------------------------


def print_summary(results: dict[str, Any], by_name: dict[str, Bench]) -> None:
    m = results["machine"]
    print(
        f"\n{'=' * 100}\n{results['mode']} run of {results['started']} on {m['cpu']}, "
        f"{m['cores']} cores, {m['ram_gb']} GB; Python {m['python']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m['postgresql']}; load {m['load_avg_start']} -> {m['load_avg_end']}"
    )
    print(f"{'bench':<12} {'status':<7} {'time':>7}  figures")
    for name, rec in results["benches"].items():
        status = "ok" if rec["ok"] else "FAILED"
        lines = []
        if "result" in rec:
            try:
                lines = by_name[name].summary(rec["result"])
            except Exception as exc:  # a bench changed its JSON: say so, keep going
                lines = [f"(no summary: {type(exc).__name__} {exc})"]
        if not rec["ok"]:
            error = (rec.get("error") or "?").strip().splitlines() or ["?"]
            lines += [error[0], error[-1][:160]] if len(error) > 1 else error
        first, *rest = lines or [""]
        print(f"{name:<12} {status:<7} {rec['seconds']:>6.0f}s  {first}")
        for line in rest:
            print(f"{'':<29}{line}")
        for t in _get(rec, "result", "targets", default=[]) or []:
            if isinstance(t, dict) and not t.get("ok", True):
                print(f"{'':<29}MISSED {t.get('target')} ({t.get('database')}): {t.get('value')}"
                      f" vs {t.get('limit')}")  # fmt: skip
    print(f"total {results['seconds'] / 60:.1f} min; figures in {results['out']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    parser.add_argument("--only", help="comma-separated bench names (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="server the benches create capture_bench_* databases on")  # fmt: skip
    args = parser.parse_args(argv)
    all_benches = benches()
    by_name = {b.name: b for b in all_benches}
    chosen = all_benches
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        if unknown := [n for n in names if n not in by_name]:
            parser.error(f"unknown bench {', '.join(unknown)}; known: {', '.join(by_name)}")
        chosen = [by_name[n] for n in names]
    # SIGTERM: the running bench gets it too (run_one's finally blocks then drop databases)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    WORK.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(args.postgres_url), "benches": {}, "out": str(args.out),
    }  # fmt: skip
    for bench in chosen:
        results["benches"][bench.name] = run_one(bench, args.quick, args.postgres_url)
        results["seconds"] = round(time.perf_counter() - began, 1)
        args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")  # after each
    results["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - began, 1)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_summary(results, by_name)
    return 0 if all(r["ok"] for r in results["benches"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
