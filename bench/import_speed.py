"""Bulk-import speed: rows a second importing a generated CSV into a fresh SQLite database.

    .venv/bin/python bench/import_speed.py [--rows 10000] [--database-url URL]

The rows are bench/people.py's labelled contacts (English and Chinese, about 20% captured
twice), so the duplicate check does its real work. Prints the rates of parsing + validation
alone, the dry run, the import, and a re-import of the same file (every row already there).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from people import generate  # noqa: E402

from bot.importer import CSV_COLUMNS, import_rows, parse_csv, validate_row  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402


def csv_text(rows: int) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for labelled in generate(rows, seed=11):
        p = labelled.person
        writer.writerow(
            {"external_id": f"bench-{p.id}", "name": p.name, "company": p.company or "",
             "title": p.title or "", "phone": p.phone or "", "email": p.email or "",
             "address": p.address or "", "country": "", "notes": ""}
        )  # fmt: skip
    return out.getvalue()


def timed(label: str, rows: int, work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:7.2f} s  {rows / seconds:8.0f} rows/s")
    return result


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rows", type=int, default=10_000)
    args.add_argument("--database-url", help="default: a new SQLite file in a temporary dir")
    opts = args.parse_args()
    text = csv_text(opts.rows)
    raws = timed("parse", opts.rows, lambda: parse_csv(text))
    timed("parse + validate", opts.rows, lambda: [validate_row(r, "CN") for r in parse_csv(text)])
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(opts.database_url or f"sqlite:///{tmp}/bench.db")
        migrate(engine)

        def run(dry_run: bool):  # type: ignore[no-untyped-def]
            return lambda: import_rows(engine, raws, region="CN", owner=1, dry_run=dry_run)

        dry = timed("dry run", opts.rows, run(True))
        real = timed("import (empty database)", opts.rows, run(False))
        again = timed("re-import (all there)", opts.rows, run(False))
        engine.dispose()
    print(
        f"imported {real.imported}, flagged {len(real.flagged)} (dry run said {len(dry.flagged)}),"
        f" rejected {real.rejected_rows}; re-import skipped {again.skipped}"
    )


if __name__ == "__main__":
    main()
