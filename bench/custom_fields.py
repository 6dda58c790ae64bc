"""A deployment's own fields at scale: what the one-sealed-JSON-column layout costs.

    .venv/bin/python bench/custom_fields.py [--contacts 1000000] [--database-url URL] [--out FILE]

Custom values live in `contact.extra` (one sealed JSON document per contact), with the filled
keys (`extra_keys`) and the searchable values (`extra_search`, part of ix_contact_search) kept
plain beside it (bot/registry.py, docs/operations.md section 14). Seeds `--contacts` leads the
way bench/flow.py does, three in four with three custom fields of docs/fields.example.toml (a
picklist, a date, a staff-only URL), then times what those fields add:

- the bytes a contact's custom values add to the database file (SQLite);
- reading one contact and its custom values (one row, one more decryption), p50/p99;
- /find matching a searchable custom value (an index scan, as /find by name), p50/p99, next to
  /find by name on the same data;
- /stats completeness per field, custom fields counted from `extra_keys` without decrypting a
  row, next to the same count without them.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot import registry  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.customers import collect_stats  # noqa: E402
from storage import crypto, repo  # noqa: E402
from storage.db import make_engine, migrate, read_scope  # noqa: E402
from storage.models import Contact, utcnow  # noqa: E402

SECRET = "bench-secret-key-for-custom-fields"
# the documented example deployment (docs/fields.example.toml): its industry, follow-up date
# and staff-only LinkedIn are filled here
FIELDS_FILE = ROOT / "docs" / "fields.example.toml"


def seed(url: str, contacts: int, *, custom: bool) -> float:
    started = time.perf_counter()
    engine = make_engine(url)
    migrate(engine)
    fields = registry.current()
    rng = random.Random(11)
    now = utcnow()
    choices = [c.value for c in fields.spec("industry").choices]
    batch = 10_000
    for start in range(0, contacts, batch):
        rows = []
        for i in range(start, min(start + batch, contacts)):
            row = {
                "name": f"Seed Person {i}", "company": f"Company {rng.randrange(20_000)}",
                "phone": f"+86137{i:08d}", "email": f"seed{i}@example.com", "source": "import",
                "status": "active", "owner_id": 900_000 + i % 20, "created_at": now,
                "updated_at": now,
            }  # fmt: skip
            row |= {"extra": None, "extra_keys": None, "extra_search": None}  # every row alike
            if custom and i % 4:  # three in four filled, as real data is never complete
                extra = {"industry": rng.choice(choices),
                         "next_followup": f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}",
                         "linkedin": f"https://linkedin.com/in/seed-person-{i}"}  # fmt: skip
                row |= {"extra": extra, "extra_keys": ",industry,linkedin,next_followup,",
                        "extra_search": fields.search_text(extra)}  # fmt: skip
            rows.append(row)
        with engine.begin() as conn:
            conn.execute(insert(Contact), rows)
    engine.dispose()
    return time.perf_counter() - started


def timed(action, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    times = []
    for i in range(runs):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 3)}  # fmt: skip


def measure(url: str, contacts: int) -> dict[str, object]:
    engine = make_engine(url)
    settings = load_settings(capture_data_dir=tempfile.mkdtemp(), capture_secret_key=SECRET)
    rng = random.Random(5)
    figures: dict[str, object] = {}

    def read_one(_: int) -> None:
        with read_scope(engine) as s:
            contact = repo.get_contact(s, rng.randrange(1, contacts + 1))
            assert contact is not None
            contact.value("industry")

    def find(text: str, custom: bool):  # type: ignore[no-untyped-def]
        def run(_: int) -> None:
            with read_scope(engine) as s:
                repo.search_contacts(s, text, owner_id=None, custom=custom)

        return run

    figures["read_one_contact"] = timed(read_one, 2000)
    figures["find_custom_value"] = timed(find("制造业", True), 15)
    figures["find_name_only"] = timed(find("seed person 99999", False), 15)
    figures["find_name_with_custom_search_on"] = timed(find("seed person 99999", True), 15)
    figures["stats_with_custom_fields"] = timed(lambda _: collect_stats(engine, settings), 5)
    previous = registry.configure(registry.Registry())
    try:
        figures["stats_builtins_only"] = timed(lambda _: collect_stats(engine, settings), 5)
    finally:
        registry.configure(previous)
    engine.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary dir")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    crypto.configure(SECRET.encode())
    registry.configure(registry.load(FIELDS_FILE))
    result: dict[str, object] = {"contacts": args.contacts}
    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            url = args.database_url
            result["database"] = "postgresql"
            result["seed_s"] = round(seed(url, args.contacts, custom=True), 1)
        else:
            result["database"] = "sqlite"
            sizes = {}
            for custom in (False, True):
                path = Path(tmp) / f"bench-{custom}.db"
                url = f"sqlite:///{path}"
                result[f"seed_s{'_custom' if custom else ''}"] = round(
                    seed(url, args.contacts, custom=custom), 1
                )
                sizes[custom] = os.path.getsize(path)
            result["db_bytes_builtins_only"] = sizes[False]
            result["db_bytes_with_custom"] = sizes[True]
            filled = args.contacts * 3 // 4
            result["bytes_per_filled_contact"] = round((sizes[True] - sizes[False]) / filled)
        result |= measure(url, args.contacts)
        result["load_average"] = round(os.getloadavg()[0], 2)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
