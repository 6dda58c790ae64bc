"""/find at 10^6 contacts: by email domain or website, by one Chinese character, by name.

    .venv/bin/python bench/find.py [--contacts 1000000] [--databases sqlite,postgresql]
        [--probes 200] [--postgres-url URL] [--out FILE]

Why: phones and emails are sealed, so a domain can only be found through its blind index
(`email_domain_index`, `website_index`, migration 0009); this shows that a search by domain
stays an index look-up however many contacts there are, for a rep (their own leads) and a
manager (everyone's), on a common mail domain (30% of contacts use gmail.com) and a company's.

Per database, a fresh migrated one is seeded with `--contacts` contacts (Core executemany /
COPY through the column types: emails sealed, blind indexes set) over 50 reps: 30% @gmail.com,
10% @qq.com, the rest @ one of 20,000 company domains, which half of them also have as website.
Names are 2-character Chinese names for one contact in ten. Then `--probes` searches of each
kind go through `storage.repo.search_contacts` (what /find runs after its update commits),
each in its own read transaction, and the time of each is reported (p50, p99, max, in ms).
JSON (`--out`): {"bench": "find", "rows": [one per database and kind]}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine  # noqa: E402

from bench.reminders import (  # noqa: E402
    BENCH_SECRET,
    DEFAULT_POSTGRES_URL,
    analyze,
    bulk_insert,
    fix_sequences,
    fresh_database,
    postgres_problem,
)
from storage import crypto, repo  # noqa: E402
from storage.db import read_scope  # noqa: E402
from storage.models import Contact, domain_index, email_index, phone_index  # noqa: E402

REPS = 50
FIRST_REP = 900_000
COMPANIES = 20_000
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def company_domain(n: int) -> str:
    return f"firm{n}.example"


def contact_rows(n: int, now: datetime) -> Iterator[dict[str, Any]]:
    rng = random.Random(11)
    for i in range(1, n + 1):
        roll, firm = rng.random(), rng.randrange(COMPANIES)
        domain = "gmail.com" if roll < 0.3 else "qq.com" if roll < 0.4 else company_domain(firm)
        email = f"p{i}@{domain}"
        site = f"https://www.{company_domain(firm)}" if rng.random() < 0.5 else None
        name = (rng.choice(SURNAMES) + rng.choice(GIVEN)) if i % 10 == 0 else f"Person {i}"
        phone = f"+86137{i:08d}"
        yield {
            "name": name, "company": f"Firm {firm}", "phone": phone, "email": email,
            "website": site, "phone_index": phone_index(phone), "email_index": email_index(email),
            "email_domain_index": domain_index(email), "website_index": domain_index(site),
            "source": "import", "status": "active", "owner_id": FIRST_REP + i % REPS,
            "created_at": now - timedelta(seconds=n - i), "updated_at": now,
        }  # fmt: skip


def probes(kind: str, count: int, contacts: int) -> list[tuple[str, int | None]]:
    """(text, owner) pairs: half as a rep, half as a manager (owner None)."""
    rng = random.Random(kind)
    texts = {
        "company_domain": lambda: company_domain(rng.randrange(COMPANIES)),
        "gmail_domain": lambda: "gmail.com",
        "one_cjk_char": lambda: rng.choice(SURNAMES),
        "name": lambda: f"Person {rng.randrange(1, contacts + 1)}",
    }[kind]
    return [(texts(), FIRST_REP + rng.randrange(REPS) if i % 2 else None) for i in range(count)]


def run_kind(engine: Engine, kind: str, count: int, contacts: int) -> dict[str, Any]:
    took: dict[str, list[float]] = {"rep": [], "manager": []}
    found = 0
    for text, owner in probes(kind, count, contacts):
        began = time.perf_counter()
        with read_scope(engine) as session:
            found += len(repo.search_contacts(session, text, owner_id=owner))
        took["manager" if owner is None else "rep"].append((time.perf_counter() - began) * 1000)
    row: dict[str, Any] = {"kind": kind, "probes": count, "found_per_probe": found / count}
    for who, values in took.items():
        values.sort()
        row[f"{who}_p50_ms"] = round(statistics.median(values), 2)
        row[f"{who}_p99_ms"] = round(values[min(len(values) - 1, int(len(values) * 0.99))], 2)
        row[f"{who}_max_ms"] = round(values[-1], 2)
    return row


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--postgres-url", default=os.environ.get("TEST_POSTGRES_URL",
                                                                 DEFAULT_POSTGRES_URL))
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    crypto.configure(BENCH_SECRET)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-find-") as work:
        for kind in args.databases.split(","):
            if kind == "postgresql" and (problem := postgres_problem(args.postgres_url)):
                print(f"postgresql skipped: {problem}")
                continue
            with fresh_database(kind, args.postgres_url, Path(work)) as engine:
                began = time.perf_counter()
                table = Contact.__table__
                bulk_insert(engine, table, contact_rows(args.contacts, datetime.now(UTC)))  # type: ignore[arg-type]
                fix_sequences(engine, ["contact"])
                analyze(engine)
                seeded = time.perf_counter() - began
                print(f"{kind}: {args.contacts} contacts seeded in {seeded:.0f} s")
                for search in ("company_domain", "gmail_domain", "one_cjk_char", "name"):
                    row = {"database": kind, "contacts": args.contacts,
                           **run_kind(engine, search, args.probes, args.contacts)}  # fmt: skip
                    rows.append(row)
                    print(json.dumps(row))
    if args.out:
        Path(args.out).write_text(json.dumps({"bench": "find", "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
