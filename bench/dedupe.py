"""Duplicate-matching benchmark: quality on labelled data, batch scan and per-save check speed.

    .venv/bin/python bench/dedupe.py [--sizes 10000,100000,1000000] [--databases sqlite,postgresql]
        [--probes 2000] [--scan-max 100000] [--memory-max 300000] [--n 20000] [--seed 1]
        [--threshold 0.8] [--postgres-url URL] [--out FILE] [--cold] [--model em|priors|both]
        [--show N]

Three parts, because the issue's targets are about the bot's own code on a real database:

1. Quality on `--n` labelled records in memory (bench/people.py): precision, recall and F1 of
   `matching.scan` and of a per-save `find_candidates` replay, a threshold sweep, and what the
   false positives are.
2. For each of `--sizes`, one labelled data set (`size` contacts plus held-out saves) and:
   - memory (sizes up to `--memory-max`): `matching.scan` time and quality (sizes up to
     `--scan-max`), and `MemoryStore` per-save latency, which is matching alone;
   - each of `--databases`: a fresh migrated database (SQLite file, or a PostgreSQL database
     `capture_bench_*`, dropped afterwards) bulk-loaded into `contact` and `contactkey` by
     bench/reminders.py's `bulk_insert` (Core executemany on SQLite, COPY on PostgreSQL; keys
     are `blocking_keys(contacts.person(values))` as blind indexes, what `contacts.reindex`
     stores; one `contacts.create`, rolled back, proves the rows are the same), then the real
     per-save check `contacts.find_duplicates` timed for `--probes` held-out saves (half true
     duplicates of a loaded contact, half new people) each in its own `session_scope`, and the
     real batch scan `bot.duplicates.scan_pairs` timed and scored against the labels (sizes up
     to `--scan-max`).
3. The issue's targets, each marked ok or MISSED.

The weights are those a deployment runs with: before measuring, each data set trains them
from its loaded contacts as `capture-bot duplicates --train` does (`--model em`; on a database
`bot.duplicates.train` itself, in memory its estimation step `duplicates.estimate`). The
default `--model both` first measures the in-memory per-save check with the built-in weights
too (`priors_check_*`); `--model priors` measures with those alone. `--show N` prints N false
alerts of each in-memory row.

Timings are wall-clock on a shared machine: the load average is recorded with every row. The
garbage collector's view of the bench's own millions of objects is frozen (`gc.freeze`) while
timing, so a gen-2 pass over the data set, which a bot process does not hold, is not counted.
A full default run takes about half an hour on two cores; `--sizes 10000` takes a minute.

JSON (`--out`): the flat part is `rows`, one object of scalars per (database, contacts) with
the units in the key names:

    bench, database ("memory" | "sqlite" | "postgresql"), contacts, load_avg_1m,
    model ("em" | "priors"), train_seconds, train_pairs, train_prior (the weights measured with),
    generate_seconds, keys_seconds, contact_keys, keys_per_contact_mean, largest_block,
    blocks_over_max (memory rows); seed_seconds, db_bytes (database rows);
    check_probes, check_duplicate_probes, check_fresh_probes,
    check_p50_ms, check_p95_ms, check_p99_ms, check_max_ms, check_mean_ms,
    check_duplicate_p99_ms, check_fresh_p99_ms, check_cpu_p50_ms, check_cpu_p99_ms (this
    process's CPU time, database rows), check_precision, check_recall,
    check_precision_at_realistic_share (3% duplicates), check_false_alerts_per_1000_new_saves,
    priors_check_precision, priors_check_recall, priors_check_precision_at_realistic_share,
    priors_check_false_alerts_per_1000_new_saves (memory rows with --model both),
    check_agrees_with_memory (probes whose top-3 equals MemoryStore's, database rows; absent
    above --memory-max),
    page_cache_dropped (with --cold: the OS page cache was dropped before the timed checks),
    fetch_p50_ms, fetch_p99_ms, fetched_p50, fetched_p99, fetched_max, queries_per_check
    (`repo.key_blocks` and `repo.match_values` alone, as `contacts.find_duplicates` calls
    them, database rows),
    scan_seconds, scan_pairs, scan_precision, scan_recall, scan_f1,
    scan_agrees_with_memory (database rows; absent above --scan-max).

`targets` is a list of {target, database, contacts, value, limit, ok}. `quality`, `speed`
(the in-memory scan rows as before), `machine` and `diagnostics` (query plans of the slowest
check, block sizes) are nested and for reading, not for collecting.

`CandidateStore`/`per_save_latency` remain the storage-agnostic hook; `MemoryStore` is the
in-memory stand-in whose latencies measure matching alone. Its max is usually a garbage
collector pause (gen-2 over the whole heap), not matching; p99 is the figure to watch.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlmodel import Session, col, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.people import Labelled, generate, true_pairs
from bench.reminders import (
    DEFAULT_POSTGRES_URL,
    bulk_insert,
    fix_sequences,
    fresh_database,
    postgres_problem,
)
from bot import contacts, duplicates, linkage, matching, registry
from bot.duplicates import scan_pairs
from bot.matching import DEFAULT_THRESHOLD, Person
from storage import crypto, repo
from storage.db import session_scope
from storage.models import Contact, ContactKey, email_index, filled_keys, phone_index

BENCH_SECRET = b"bench-secret-key-0123456789abcdef"
"""Phone, email and address are sealed and keys are blind indexes: the bench needs a keyring."""


class CandidateStore(Protocol):
    """What a per-save check needs from storage: index a contact's keys, fetch by keys."""

    def add(self, person: Person, keys: set[str]) -> None: ...

    def fetch(self, keys: set[str]) -> list[Person]: ...


@dataclass
class MemoryStore:
    """A dict standing in for the key table (key -> contact ids) a database would index."""

    limit: int = matching.MAX_BLOCK
    index: dict[str, list[Person]] = field(default_factory=dict)

    def add(self, person: Person, keys: set[str]) -> None:
        for key in keys:
            self.index.setdefault(key, []).append(person)

    def fetch(self, keys: set[str]) -> list[Person]:
        """Newest `limit` per key, as a `LIMIT` would, then `matching.worth_reading`, as
        `contacts.find_duplicates` reads them."""
        blocks = {k: self.index[k][-self.limit :] for k in keys if k in self.index}
        by_id = {p.id: p for ps in blocks.values() for p in ps}
        ids = {k: [p.id or 0 for p in ps] for k, ps in blocks.items()}
        return [by_id[i] for i in matching.worth_reading(ids)]


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int

    @classmethod
    def of(cls, predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> Quality:
        tp = len(predicted & truth)
        fp, fn = len(predicted) - tp, len(truth) - tp
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f1, 4), tp, fp, fn)


def _pair(a: Person, b: Person) -> tuple[int, int]:
    assert a.id is not None and b.id is not None
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def per_save(
    store: CandidateStore, people: Iterable[Person], threshold: float = DEFAULT_THRESHOLD
) -> tuple[set[tuple[int, int]], list[float]]:
    """Check each contact against the store before adding it, as the bot will on save.

    Returns the predicted duplicate pairs and each check's latency in seconds.
    """
    predicted: set[tuple[int, int]] = set()
    latencies: list[float] = []
    for person in people:
        start = time.perf_counter()
        keys = matching.blocking_keys(person)
        found = matching.find_candidates(person, store.fetch(keys), threshold)
        latencies.append(time.perf_counter() - start)
        predicted.update(_pair(person, other) for other, _ in found)
        store.add(person, keys)
    return predicted, latencies


def per_save_latency(
    store: CandidateStore, probes: Sequence[Person], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, float]:
    """p50/p99/max in ms of checking `probes` against an already-loaded store (not adding them).

    The hook for the 10^6-contact target: load the store with storage's own bulk insert first.
    """
    times = []
    for person in probes:
        start = time.perf_counter()
        matching.find_candidates(person, store.fetch(matching.blocking_keys(person)), threshold)
        times.append(time.perf_counter() - start)
    return _percentiles(times)


def _percentiles(seconds: Sequence[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    if not ordered:
        return {}

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)

    return {
        "p50_ms": at(0.5),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 3),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 3),
    }


def warm_up() -> float:
    """First use loads pypinyin's and phonenumbers' tables; seconds, reported apart."""
    start = time.perf_counter()
    for phone in ("+8613800138000", "+14155550123", "+447700900123"):
        matching.score(Person(1, "王伟", "华为", phone), Person(2, "Wang Wei", "Huawei", phone))
    return time.perf_counter() - start


def sweep(
    scores: dict[tuple[int, int], float], truth: set[tuple[int, int]]
) -> dict[str, dict[str, float]]:
    """Precision/recall/F1 at other thresholds, to choose the setting from data."""
    out = {}
    for t in (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        q = Quality.of({pair for pair, s in scores.items() if s >= t}, truth)
        out[f"{t:.2f}"] = {"precision": q.precision, "recall": q.recall, "f1": q.f1}
    return out


def quality(records: Sequence[Labelled], threshold: float, model: str = "em") -> dict[str, object]:
    people = [r.person for r in records]
    truth = true_pairs(records)
    first_check = warm_up()
    matching.use_model(linkage.default_model())
    trained = train_in_memory(people) if model in ("em", "both") else {"model": "priors"}
    compared = matching.candidate_pairs(people)
    by_index = {i: p.id or 0 for i, p in enumerate(people)}
    compared_ids = {tuple(sorted((by_index[i], by_index[j]))) for i, j in compared}
    scores = {_pair(a, b): m.score for a, b, m in matching.scan(people, 0.0)}
    scanned = {pair for pair, s in scores.items() if s >= threshold}
    saved, latencies = per_save(MemoryStore(), people, threshold)
    kinds = {r.person.id: r.kind for r in records}
    false_pos = Counter("+".join(sorted({kinds[a], kinds[b]})) for a, b in sorted(scanned - truth))
    reasons = Counter(
        r for a, b, m in matching.scan(people, threshold) if _pair(a, b) in truth for r in m.reasons
    )
    matching.use_model(linkage.default_model())
    return {
        "records": len(people),
        "true_pairs": len(truth),
        "threshold": threshold,
        **trained,
        "blocking_recall": round(len(compared_ids & truth) / max(1, len(truth)), 4),
        "compared_pairs": len(compared),
        "scan": Quality.of(scanned, truth).__dict__,
        "per_save": Quality.of(saved, truth).__dict__,
        "per_save_latency_in_memory": _percentiles(latencies),
        "first_check_ms": round(first_check * 1000, 1),
        "threshold_sweep_scan": sweep(scores, truth),
        "false_positive_kinds": dict(false_pos.most_common()),
        "true_positive_reasons": dict(reasons.most_common()),
    }


def speed(
    people: Sequence[Person], threshold: float
) -> tuple[dict[str, Any], set[tuple[int, int]]]:
    """In-memory batch scan of `people`: seconds, block statistics, and the pairs it found."""
    matching.clear_caches()  # timings must not profit from an earlier run
    start = time.perf_counter()
    found = {_pair(a, b) for a, b, _ in matching.scan(people, threshold)}
    elapsed = time.perf_counter() - start
    n = len(people)
    compared = len(matching.candidate_pairs(people))
    sizes = matching.block_sizes(people)
    keys = [len(matching.blocking_keys(p)) for p in people]
    matching.clear_caches()
    return {
        "records": n,
        "scan_seconds": round(elapsed, 2),
        "duplicate_pairs_found": len(found),
        "compared_pairs": compared,
        "all_pairs": n * (n - 1) // 2,
        "compared_fraction": compared / (n * (n - 1) // 2),
        "blocks": len(sizes),
        "largest_block": sizes[0] if sizes else 0,
        "blocks_over_max": sum(s > matching.MAX_BLOCK for s in sizes),
        "keys_per_person_max": max(keys),
        "keys_per_person_mean": round(sum(keys) / len(keys), 2),
    }, found


# --------------------------------------------------------------------------- one data set


@dataclass
class Workload:
    """`contacts` records to load (ids 1..n, capture order) and held-out saves to check."""

    loaded: list[Person]
    truth: set[tuple[int, int]]
    duplicates: list[Person]  # saves of someone already loaded
    fresh: list[Person]  # saves of someone new (colleagues, namesakes and family included)
    warm: list[Person]  # untimed first checks (connections, pypinyin, page cache)
    partners: dict[int, set[int]]  # probe id -> loaded ids of the same person
    generate_seconds: float
    keys: list[set[str]] = field(default_factory=list)
    keys_seconds: float = 0.0

    @property
    def probes(self) -> list[Person]:
        return self.duplicates + self.fresh


def workload(n: int, seed: int, probes: int) -> Workload:
    """One generator run of n + held-out records; the held-out ones are the saves to check.

    Held out from the same run (not a second seed), so a duplicate probe's twin is loaded.
    """
    per_kind = max(1, probes // 2)
    extra = 8 * per_kind + 50  # about a fifth of held-out records have a loaded twin
    start = time.perf_counter()
    records = generate(n + extra, seed)
    generated = time.perf_counter() - start
    loaded, held = records[:n], records[n:]  # generate() numbers records 1.. in capture order
    by_entity: dict[int, set[int]] = defaultdict(set)
    for r in loaded:
        by_entity[r.entity].add(r.person.id or 0)
    partners = {r.person.id or 0: by_entity.get(r.entity, set()) for r in held}
    dup = [r.person for r in held if partners[r.person.id or 0]]
    fresh = [r.person for r in held if not partners[r.person.id or 0]]
    return Workload(
        loaded=[r.person for r in loaded],
        truth=true_pairs(loaded),
        duplicates=dup[:per_kind],
        fresh=fresh[:per_kind],
        warm=fresh[per_kind : per_kind + 20],
        partners=partners,
        generate_seconds=round(generated, 1),
    )


def compute_keys(w: Workload) -> None:
    """What `contacts.reindex` would store for each loaded contact."""
    start = time.perf_counter()
    w.keys = [contacts.keys_for(values(p)) for p in w.loaded]
    w.keys_seconds = round(time.perf_counter() - start, 1)
    matching.clear_caches()


def values(p: Person) -> dict[str, Any]:
    """A Person as the values dict the bot's save path passes around."""
    return {f: getattr(p, f) for f in contacts.MATCH_FIELDS}


def block_stats(keys: Sequence[set[str]]) -> dict[str, Any]:
    """Contacts per key, as `contactkey` holds them: a per-save fetch reads these blocks."""
    counts = Counter(k for ks in keys for k in ks)
    sizes = sorted(counts.values(), reverse=True)
    return {
        "contact_keys": sum(sizes),
        "distinct_keys": len(sizes),
        "keys_per_contact_mean": round(sum(sizes) / max(1, len(keys)), 2),
        "largest_block": sizes[0] if sizes else 0,
        "blocks_over_max": sum(s > matching.MAX_BLOCK for s in sizes),
        "biggest_blocks": dict(counts.most_common(8)),
    }


REALISTIC_SHARE = 0.03
"""Share of saves that are someone already stored, as a team sees it (the probes are half)."""


def check_quality(w: Workload, results: dict[int, tuple[int, ...]]) -> dict[str, float]:
    """Precision of what the checks returned, recall over the duplicate probes, and the
    precision a team would see if `REALISTIC_SHARE` of its saves were duplicates: right and
    wrong answers per duplicate probe and per new-person probe, weighted by that share."""
    returned = sum(len(ids) for ids in results.values())
    right = sum(len(set(ids) & w.partners[pid]) for pid, ids in results.items())
    hits = sum(bool(set(results[p.id or 0]) & w.partners[p.id or 0]) for p in w.duplicates)

    def per_probe(probes: Sequence[Person]) -> tuple[float, float]:
        ok = sum(len(set(results[p.id or 0]) & w.partners[p.id or 0]) for p in probes)
        wrong = sum(len(results[p.id or 0]) for p in probes) - ok
        return ok / max(1, len(probes)), wrong / max(1, len(probes))

    dup_ok, dup_wrong = per_probe(w.duplicates)
    _, fresh_wrong = per_probe(w.fresh)
    s = REALISTIC_SHARE
    wrong = s * dup_wrong + (1 - s) * fresh_wrong
    return {
        "check_precision": round(right / returned, 4) if returned else 1.0,
        "check_recall": round(hits / len(w.duplicates), 4) if w.duplicates else 1.0,
        "check_precision_at_realistic_share": round(s * dup_ok / (s * dup_ok + wrong), 4)
        if dup_ok + wrong
        else 1.0,
        "check_false_alerts_per_1000_new_saves": round(1000 * fresh_wrong, 2),
    }


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the bench's own data set out of the collector while timing (a bot holds no such)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


MODELS = ("em", "priors", "both")
"""--model: em, the weights `capture-bot duplicates --train` estimates from the loaded contacts
(what a deployment runs with); priors, the built-in starting weights; both, each measured."""


def train_in_memory(people: Sequence[Person]) -> dict[str, Any]:
    """Estimate the weights from the loaded contacts and use them, as `duplicates --train`
    does (`duplicates.estimate` is its estimation step; the stored rows are read back as
    `contacts.person_of` gives them, here `contacts.person` of the same values)."""
    start = time.perf_counter()
    model = duplicates.estimate([contacts.person(values(p), p.id) for p in people])
    if model is not None:
        matching.use_model(model)
    return _trained(model or matching.current_model(), time.perf_counter() - start)


def _trained(model: linkage.Model, seconds: float) -> dict[str, Any]:
    return {
        "model": "em" if model.pairs else "priors",
        "train_seconds": round(seconds, 1),
        "train_pairs": model.pairs,
        "train_prior": round(model.prior, 5),
    }


def check_in_memory(
    store: MemoryStore, w: Workload, threshold: float
) -> dict[int, tuple[int, ...]]:
    """Each probe's `find_duplicates` answer (its top 3) from the in-memory store."""
    results = {}
    for p in w.probes:
        found = matching.find_candidates(p, store.fetch(matching.blocking_keys(p)), threshold)
        results[p.id or 0] = tuple(o.id or 0 for o, _ in found[:3])  # find_duplicates' limit
    return results


def show_false_alerts(w: Workload, results: dict[int, tuple[int, ...]], show: int) -> None:
    """The first `show` alerts on new-person probes, with the contact they were matched to."""
    by_id = {p.id: p for p in w.loaded}
    shown = 0
    for p in w.fresh:
        for other_id in results[p.id or 0]:
            if shown >= show:
                return
            other = by_id[other_id]
            m = matching.score(p, other)
            print(f"  false alert {m.score:.2f} {','.join(m.reasons)} {m.evidence}")
            for x in (p, other):
                print("    " + " | ".join(str(getattr(x, f) or "") for f in contacts.MATCH_FIELDS))
            shown += 1


def memory_row(
    w: Workload, threshold: float, scan_max: int, model: str = "em", show: int = 0
) -> tuple[dict[str, Any], dict[int, tuple[int, ...]], set[tuple[int, int]] | None, dict]:
    """Matching alone: MemoryStore checks (newest MAX_BLOCK per key) and the in-memory scan.

    With `model` em (or both) the weights are first estimated from the loaded contacts as
    production's `duplicates --train` does; with both, the per-save quality with the built-in
    weights is measured first and kept as `priors_check_*`."""
    store = MemoryStore()
    for p, keys in zip(w.loaded, w.keys, strict=True):
        store.add(p, keys)
    warm_up()
    priors: dict[str, Any] = {}
    matching.use_model(linkage.default_model())
    if model == "both":
        measured = check_quality(w, check_in_memory(store, w, threshold))
        priors = {f"priors_{k}": v for k, v in measured.items()}
    trained = _trained(linkage.default_model(), 0)
    if model in ("em", "both"):
        trained = train_in_memory(w.loaded)
    matching.clear_caches()
    with frozen_heap():
        latency = per_save_latency(store, w.probes, threshold)
        matching.clear_caches()
        dup = per_save_latency(store, w.duplicates, threshold).get("p99_ms")
        matching.clear_caches()
        fresh = per_save_latency(store, w.fresh, threshold).get("p99_ms")
    results = check_in_memory(store, w, threshold)
    if show:
        show_false_alerts(w, results, show)
    del store
    stats = block_stats(w.keys)
    row: dict[str, Any] = {
        "bench": "dedupe",
        "database": "memory",
        "contacts": len(w.loaded),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "generate_seconds": w.generate_seconds,
        "keys_seconds": w.keys_seconds,
        **{k: v for k, v in stats.items() if k != "biggest_blocks"},
        **_check_fields(latency, w),
        "check_duplicate_p99_ms": dup,
        "check_fresh_p99_ms": fresh,
        **check_quality(w, results),
        **trained,
        **priors,
    }
    scanned = None
    speed_row: dict[str, Any] = {}
    if len(w.loaded) <= scan_max:
        with frozen_heap():
            speed_row, scanned = speed(w.loaded, threshold)
        q = Quality.of(scanned, w.truth)
        row.update(
            scan_seconds=speed_row["scan_seconds"], scan_pairs=len(scanned),
            scan_precision=q.precision, scan_recall=q.recall, scan_f1=q.f1,
        )  # fmt: skip
    return row, results, scanned, {"blocks": stats, "speed": speed_row}


def _check_fields(latency: dict[str, float], w: Workload) -> dict[str, Any]:
    return {
        "check_probes": len(w.probes),
        "check_duplicate_probes": len(w.duplicates),
        "check_fresh_probes": len(w.fresh),
        **{f"check_{k}": v for k, v in latency.items()},
    }


# --------------------------------------------------------------------------- databases


def _writable(engine: Engine, model_table: Any) -> tuple[Any, dict[str, Any]]:
    """The model's columns that the migrated table has (the models may run ahead of the
    migrations while someone is editing them), and the scalar defaults of the NOT NULL ones."""
    present = {c["name"] for c in inspect(engine).get_columns(model_table.name)}
    cols = [c for c in model_table.columns if c.name in present]
    defaults = {
        c.name: c.default.arg
        for c in cols
        if not c.nullable and c.default is not None and c.default.is_scalar
    }
    return sql_table(model_table.name, *(sql_column(c.name, c.type) for c in cols)), defaults


def custom_columns(extra: Mapping[str, str] | None) -> dict[str, Any]:
    """A contact's custom values as the write path stores them (`Contact.set_value` and
    `contacts.reindex`): sealed `extra`, plain `extra_keys` and the searchable `extra_search`."""
    extra = dict(extra) if extra else None
    return {"extra": extra, "extra_keys": filled_keys(extra),
            "extra_search": registry.current().search_text(extra or {})}  # fmt: skip


def same_as_bot(engine: Engine, p: Person, extra: Mapping[str, str] | None = None) -> None:
    """Fail before loading if the bulk rows would differ from what `contacts.create` writes
    (the storage layer is still changing: blind-indexed keys, sealed columns, custom values)."""
    with Session(engine) as session:
        try:
            made = contacts.create(
                session, {**values(p), **(extra or {})}, owner_id=None, source="import",
                actor_id=None,
            )  # fmt: skip
            session.flush()
            query = select(ContactKey.key).where(col(ContactKey.contact_id) == made.id)
            stored = {c: getattr(made, c) for c in ("extra", "extra_keys", "extra_search")}
            bot = (set(session.exec(query)), made.phone_index, made.email_index, stored)
        finally:
            session.rollback()
    keys = contacts.keys_for(values(p))
    ours = (
        {crypto.current().blind_index(k) for k in keys},
        phone_index(p.phone),
        email_index(p.email),
        custom_columns(extra),
    )
    if bot != ours:
        raise RuntimeError(f"bulk seeding no longer matches contacts.create: {bot} != {ours}")


def seed(engine: Engine, w: Workload) -> float:
    return load_people(engine, w.loaded, w.keys, lambda p: 1000 + (p.id or 0) % 20)


def load_people(
    engine: Engine,
    people: Sequence[Person],
    keys: Sequence[set[str]],
    owner_of: Callable[[Person], int],
    extra_of: Callable[[Person], Mapping[str, str] | None] | None = None,
) -> float:
    """Bulk-load contacts (ids = `Person.id`) and their keys (`contacts.keys_for`, as every
    save stores them, with the phone and email blind indexes; with `extra_of`, a deployment's
    own field values as `custom_columns` stores them) with bench/reminders.py's
    `bulk_insert` (Core executemany on SQLite, COPY on PostgreSQL, values through the column
    types, so sealed as the bot seals them); seconds including the upkeep a loaded database
    gets before serving (PostgreSQL: VACUUM ANALYZE, autovacuum being off here; SQLite: a WAL
    checkpoint). Also bench/flow.py's seeding."""
    same_as_bot(engine, people[0], extra_of(people[0]) if extra_of else None)
    contact_table, defaults = _writable(engine, Contact.__table__)
    key_table, _ = _writable(engine, ContactKey.__table__)
    names = [c.name for c in contact_table.columns]
    blind = crypto.current().blind_index  # what repo.set_contact_keys stores for a key
    now = datetime.now(UTC)

    def contact_rows() -> Iterator[dict[str, Any]]:
        for p in people:
            row = dict.fromkeys(names)
            row.update(defaults)
            row.update(values(p), id=p.id, source="import", status="active")
            row.update(owner_id=owner_of(p), created_at=now, updated_at=now)
            row.update(phone_index=phone_index(p.phone), email_index=email_index(p.email))
            if extra_of is not None:
                row.update(custom_columns(extra_of(p)))
            yield {k: row[k] for k in names}

    def key_rows() -> Iterator[dict[str, Any]]:
        for p, ks in zip(people, keys, strict=True):
            for k in ks:
                yield {"contact_id": p.id, "key": blind(k)}

    start = time.perf_counter()
    bulk_insert(engine, contact_table, contact_rows())
    bulk_insert(engine, key_table, key_rows())
    if engine.dialect.name == "postgresql":
        fix_sequences(engine, ["contact"])
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("VACUUM ANALYZE contact"))
            conn.execute(text("VACUUM ANALYZE contactkey"))
    else:
        raw = engine.raw_connection()  # outside BEGIN IMMEDIATE, which would block a checkpoint
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return round(time.perf_counter() - start, 1)


def database_bytes(engine: Engine) -> int:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())
    path = engine.url.database or ""
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )


def drop_page_cache() -> bool:
    """Every page of the database from disk again, as after the OS reclaimed its cache (this
    development VM does that within minutes); False where not allowed (not root, not Linux)."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("1\n")
    except OSError as exc:
        print(f"  could not drop the page cache ({exc}): the checks run warm", file=sys.stderr)
        return False
    return True


def check_saves(
    engine: Engine, probes: Sequence[Person], threshold: float
) -> tuple[list[float], list[float], dict[int, tuple[int, ...]]]:
    """The real check before a save: `contacts.find_duplicates`, one `session_scope` each, as
    the bot runs it for a new contact (so checking out a connection and BEGIN are timed too).

    Wall-clock seconds, and this thread's CPU seconds: on a busy machine the gap is mostly
    waiting for a core (and, on PostgreSQL, the server's share)."""
    times, cpu, results = [], [], {}
    for p in probes:
        new = values(p)
        with session_scope(engine) as session:
            start, start_cpu = time.perf_counter(), time.thread_time()
            found = contacts.find_duplicates(session, new, threshold=threshold)
            times.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
        results[p.id or 0] = tuple(c.id or 0 for c, _ in found)
    return times, cpu, results


def fetch_profile(engine: Engine, probes: Sequence[Person]) -> dict[str, Any]:
    """Where a check's time goes: `repo.key_blocks` and `repo.match_values` alone (the
    contacts `matching.worth_reading` picks), contacts read, queries."""
    queries = 0

    def count(*_: Any) -> None:
        nonlocal queries
        queries += 1

    times, fetched = [], []
    event.listen(engine, "before_cursor_execute", count)
    try:
        for p in probes:
            keys = matching.blocking_keys(contacts.person(values(p)))
            with session_scope(engine) as session:
                start = time.perf_counter()
                blocks = repo.key_blocks(
                    session, keys, per_key=matching.MAX_BLOCK, small=matching.SMALL_BLOCK
                )
                rows = repo.match_values(
                    session, matching.worth_reading(blocks), contacts.MATCH_FIELDS
                )
                times.append(time.perf_counter() - start)
            fetched.append(len(rows))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    ms = _percentiles(times)
    ordered = sorted(fetched)
    begin = 1 if engine.dialect.name == "sqlite" else 0  # the BEGIN IMMEDIATE statement
    return {
        "fetch_p50_ms": ms["p50_ms"],
        "fetch_p99_ms": ms["p99_ms"],
        "fetched_p50": ordered[len(ordered) // 2],
        "fetched_p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "fetched_max": ordered[-1],
        "queries_per_check": round(queries / len(probes) - begin, 2),
    }


def explain_slowest(
    engine: Engine, probes: Sequence[Person], times: Sequence[float], threshold: float
) -> dict[str, Any]:
    """The statements the slowest check issued, and the database's plan for each shape."""
    slowest = probes[max(range(len(times)), key=times.__getitem__)]
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with session_scope(engine) as session:
            contacts.find_duplicates(session, values(slowest), threshold=threshold)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    shapes: dict[str, tuple[str, Any]] = {}
    for statement, parameters in seen:
        shapes.setdefault(" ".join(statement.split())[:60], (statement, parameters))
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )  # fmt: skip
    plans = {}
    with engine.connect() as conn:
        for statement, parameters in shapes.values():
            rows = conn.exec_driver_sql(prefix + statement, parameters).fetchall()
            plans[" ".join(statement.split())[:160]] = [" | ".join(map(str, r)) for r in rows]
    return {
        "slowest_ms": round(max(times) * 1000, 1),
        "slowest_probe_keys": sorted(matching.blocking_keys(slowest)),
        "statements": len(seen),
        "plans": plans,
    }


def database_row(
    kind: str,
    engine: Engine,
    w: Workload,
    threshold: float,
    scan_max: int,
    memory_results: dict[int, tuple[int, ...]] | None,
    memory_scan: set[tuple[int, int]] | None,
    *,
    cold: bool = False,
    model: str = "em",
) -> tuple[dict[str, Any], dict[str, Any]]:
    row: dict[str, Any] = {"bench": "dedupe", "database": kind, "contacts": len(w.loaded)}
    row["seed_seconds"] = seed(engine, w)
    row["db_bytes"] = database_bytes(engine)
    matching.use_model(linkage.default_model())
    if model in ("em", "both"):
        start = time.perf_counter()
        trained, _ = duplicates.train(engine)  # `capture-bot duplicates --train`
        row.update(_trained(trained or linkage.default_model(), time.perf_counter() - start))
    warm_up()
    check_saves(engine, w.warm, threshold)  # connections, page cache; not counted
    if cold:
        row["page_cache_dropped"] = drop_page_cache()
    matching.clear_caches()
    with frozen_heap():
        times, cpu, results = check_saves(engine, w.probes, threshold)
    dup_times, fresh_times = times[: len(w.duplicates)], times[len(w.duplicates) :]
    row.update(_check_fields(_percentiles(times), w))
    cpu_ms = _percentiles(cpu)
    row.update(check_cpu_p50_ms=cpu_ms["p50_ms"], check_cpu_p99_ms=cpu_ms["p99_ms"])
    row["check_duplicate_p99_ms"] = _percentiles(dup_times).get("p99_ms")
    row["check_fresh_p99_ms"] = _percentiles(fresh_times).get("p99_ms")
    row.update(check_quality(w, results))
    if memory_results is not None:
        row["check_agrees_with_memory"] = sum(results[k] == memory_results[k] for k in results)
    matching.clear_caches()
    with frozen_heap():
        row.update(fetch_profile(engine, w.probes))
    diagnostics = explain_slowest(engine, w.probes, times, threshold)
    if len(w.loaded) <= scan_max:
        matching.clear_caches()
        with frozen_heap():
            start = time.perf_counter()
            pairs = list(scan_pairs(engine, threshold))
            row["scan_seconds"] = round(time.perf_counter() - start, 2)
        found = {_pair(contacts.person_of(p.a), contacts.person_of(p.b)) for p in pairs}
        q = Quality.of(found, w.truth)
        row.update(
            scan_pairs=len(found), scan_precision=q.precision, scan_recall=q.recall,
            scan_f1=q.f1,
        )  # fmt: skip
        if memory_results is not None:
            row["scan_agrees_with_memory"] = found == memory_scan
    row["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return row, diagnostics


# --------------------------------------------------------------------------- report


def _ms(row: dict[str, Any]) -> str:
    return "/".join(f"{row.get(f'check_{q}_ms', float('nan')):.1f}" for q in ("p50", "p95", "p99"))


def print_row(row: dict[str, Any]) -> None:
    kind, n = row["database"], row["contacts"]
    if kind == "memory":
        head = (
            f"{kind:10s} {n:>8}: generated in {row['generate_seconds']} s, keys in "
            f"{row['keys_seconds']} s; {row['contact_keys']} keys, largest block "
            f"{row['largest_block']}, {row['blocks_over_max']} over {matching.MAX_BLOCK}"
        )
    else:
        head = (
            f"{kind:10s} {n:>8}: seeded in {row['seed_seconds']} s, "
            f"{row['db_bytes'] / 2**20:.0f} MiB"
        )
    print(head)
    if "train_seconds" in row:
        print(
            f"{'':21s}weights: {row['model']}"
            + (
                f" (trained on the contacts in {row['train_seconds']} s, "
                f"{row['train_pairs']} blocked pairs, prior {row['train_prior']})"
                if row["model"] == "em" else " (built-in)"
            )
        )  # fmt: skip
    if "priors_check_precision" in row:
        print(
            f"{'':21s}with the built-in weights: precision {row['priors_check_precision']:.4f} "
            f"recall {row['priors_check_recall']:.4f}; precision at {REALISTIC_SHARE:.0%} "
            f"duplicates {row['priors_check_precision_at_realistic_share']:.4f} "
            f"({row['priors_check_false_alerts_per_1000_new_saves']} false per 1000 new)"
        )
    print(
        f"{'':21s}check p50/p95/p99 {_ms(row)} ms, max {row['check_max_ms']:.1f} "
        f"({row['check_probes']} probes; duplicates p99 {row.get('check_duplicate_p99_ms')}, "
        f"new p99 {row.get('check_fresh_p99_ms')}); precision {row['check_precision']:.4f} "
        f"recall {row['check_recall']:.4f}; precision at {REALISTIC_SHARE:.0%} duplicates "
        f"{row['check_precision_at_realistic_share']:.4f} "
        f"({row['check_false_alerts_per_1000_new_saves']} false per 1000 new)"
        + (
            f"; CPU p50/p99 {row['check_cpu_p50_ms']:.1f}/{row['check_cpu_p99_ms']:.1f} ms"
            if "check_cpu_p50_ms" in row
            else ""
        )
        + (
            f"; same top-3 as memory {row['check_agrees_with_memory']}/{row['check_probes']}"
            if "check_agrees_with_memory" in row else ""
        )
    )  # fmt: skip
    if "fetch_p50_ms" in row:
        print(
            f"{'':21s}fetch alone p50/p99 {row['fetch_p50_ms']:.1f}/{row['fetch_p99_ms']:.1f} ms,"
            f" rows fetched p50/p99/max {row['fetched_p50']}/{row['fetched_p99']}/"
            f"{row['fetched_max']}, {row['queries_per_check']} queries a check"
        )
    if "scan_seconds" in row:
        agree = row.get("scan_agrees_with_memory")
        print(
            f"{'':21s}scan {row['scan_seconds']:.2f} s, {row['scan_pairs']} pairs, precision "
            f"{row['scan_precision']:.4f} recall {row['scan_recall']:.4f} F1 {row['scan_f1']:.4f}"
            + ("" if agree is None else f" ({'same as' if agree else 'DIFFERS from'} memory)")
        )


def targets(quality_run: dict[str, Any], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets: F1 >= 0.95; check p99 <= 20 ms at 10^6; scan of 10^5 <= 60 s."""
    out = []

    def add(target: str, database: str, n: int, value: float, limit: float, ok: bool) -> None:
        out.append(
            {"target": target, "database": database, "contacts": n, "value": value,
             "limit": limit, "ok": ok}
        )  # fmt: skip

    for what in ("scan", "per_save"):
        f1 = quality_run[what]["f1"]
        add(f"{what}_f1", "memory", quality_run["records"], f1, 0.95, f1 >= 0.95)
    for r in rows:
        if "scan_f1" in r:
            add("scan_f1", r["database"], r["contacts"], r["scan_f1"], 0.95, r["scan_f1"] >= 0.95)
        if r["database"] != "memory" and r["contacts"] >= 1_000_000:
            p99 = r["check_p99_ms"]
            add("check_p99_ms", r["database"], r["contacts"], p99, 20.0, p99 <= 20.0)
        if r["database"] != "memory" and r["contacts"] == 100_000 and "scan_seconds" in r:
            s = r["scan_seconds"]
            add("scan_seconds", r["database"], r["contacts"], s, 60.0, s <= 60.0)
    return out


def machine(postgres: str | None, problem: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql_skipped": problem,
    }
    if postgres and not problem:
        engine = create_engine(postgres)
        with engine.connect() as conn:
            info["postgresql"] = conn.execute(text("SHOW server_version")).scalar()
            for setting in ("shared_buffers", "autovacuum"):
                info[f"postgresql_{setting}"] = conn.execute(text(f"SHOW {setting}")).scalar()
        engine.dispose()
    return info


def _print_quality(q: dict[str, Any], threshold: float) -> None:
    print(
        f"quality on {q['records']} records, {q['true_pairs']} true pairs, t={threshold}, "
        f"weights {q['model']}"
    )
    print(
        f"  blocking alone: {q['blocking_recall']:.4f} of true pairs compared "
        f"({q['compared_pairs']} pairs compared)"
    )
    for what in ("scan", "per_save"):
        m = q[what]
        print(
            f"  {what:9s} precision {m['precision']:.4f}  recall {m['recall']:.4f}  "
            f"F1 {m['f1']:.4f}  (tp {m['true_positives']}, fp {m['false_positives']}, "
            f"fn {m['false_negatives']})"
        )
    print(
        f"  per-save latency in memory (after a {q['first_check_ms']} ms warm-up): "
        f"{q['per_save_latency_in_memory']}"
    )
    print(
        "  threshold sweep (scan): "
        + "  ".join(
            f"{t}: P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}"
            for t, v in q["threshold_sweep_scan"].items()
        )
    )
    print(f"  false positives by kind: {q['false_positive_kinds']}")


def _csv(text_: str) -> list[str]:
    return [s.strip() for s in text_.split(",") if s.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="records for the quality run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="contacts per data set (comma-separated)"
    )
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="sqlite, postgresql, or none"
    )
    parser.add_argument("--probes", type=int, default=2000, help="checked saves per size")
    parser.add_argument(
        "--scan-max", type=int, default=100_000, help="largest size whose batch scan is timed"
    )
    parser.add_argument(
        "--memory-max", type=int, default=300_000,
        help="largest size also matched in memory (MemoryStore): at 10^6 its index, the EM "
        "training in memory and the workload together went past 18 GB of RSS",
    )  # fmt: skip
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="server to create capture_bench_* databases on")  # fmt: skip
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--model", choices=MODELS, default="both",
        help="em: estimate the weights from the loaded contacts first, as `capture-bot "
        "duplicates --train` does; priors: the built-in weights; both (default): the per-save "
        "quality in memory with each, then em",
    )  # fmt: skip
    parser.add_argument(
        "--show", type=int, default=0, help="print this many false alerts of each memory row"
    )
    parser.add_argument(
        "--cold", action="store_true",
        help="drop the OS page cache before each timed check phase (root, Linux): the worst case",
    )  # fmt: skip
    args = parser.parse_args(argv)
    kinds = [k for k in _csv(args.databases) if k != "none"]
    if unknown := set(kinds) - {"sqlite", "postgresql"}:
        parser.error(f"unknown database {', '.join(sorted(unknown))}")
    # A SIGTERM must still drop the databases: turn it into an exception the finally blocks see.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    crypto.configure(BENCH_SECRET)

    problem = None
    if "postgresql" in kinds:
        problem = postgres_problem(args.postgres_url)
        if problem:
            print(
                f"PostgreSQL NOT reachable at {args.postgres_url} ({problem}): running SQLite only",
                file=sys.stderr,
            )
            kinds.remove("postgresql")
    started = time.perf_counter()
    result: dict[str, Any] = {
        "bench": "dedupe",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "threshold": args.threshold,
        "machine": machine(args.postgres_url if "postgresql" in kinds else None, problem),
    }
    result["quality"] = q = quality(generate(args.n, args.seed), args.threshold, args.model)
    _print_quality(q, args.threshold)

    rows: list[dict[str, Any]] = []
    result["rows"] = rows
    result["speed"] = speeds = []
    result["diagnostics"] = diagnostics = {}
    with tempfile.TemporaryDirectory(prefix="capture_bench_") as tmp:
        for n in (int(s) for s in _csv(args.sizes)):
            w = workload(n, args.seed + n, args.probes)
            compute_keys(w)
            memory_results: dict[int, tuple[int, ...]] | None = None
            memory_scan = None
            if n <= args.memory_max:
                row, memory_results, memory_scan, extra = memory_row(
                    w, args.threshold, args.scan_max, args.model, args.show
                )
                rows.append(row)
                print_row(row)
                if extra["speed"]:
                    speeds.append(extra["speed"])
                diagnostics[f"memory {n}"] = extra["blocks"]
            for kind in kinds:
                with fresh_database(kind, args.postgres_url, Path(tmp)) as engine:
                    row, diag = database_row(
                        kind, engine, w, args.threshold, args.scan_max, memory_results,
                        memory_scan, cold=args.cold, model=args.model,
                    )  # fmt: skip
                rows.append(row)
                diagnostics[f"{kind} {n}"] = diag
                print_row(row)
            del w
            gc.collect()

    result["targets"] = checks = targets(q, rows)
    result["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    result["seconds"] = round(time.perf_counter() - started, 1)
    print("targets:")
    for c in checks:
        print(
            f"  {'ok    ' if c['ok'] else 'MISSED'} {c['target']:13s} {c['database']:10s} "
            f"{c['contacts']:>8}: {c['value']} (limit {c['limit']})"
        )
    print(f"load average {result['machine']['load_avg_start']} -> "
          f"{result['machine']['load_avg_end']} on {os.cpu_count()} cores; "
          f"{result['seconds']} s in all")  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
