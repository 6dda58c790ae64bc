"""Duplicate-matching benchmark: quality on labelled data, and batch-scan speed.

    .venv/bin/python bench/dedupe.py [--n N] [--seed S] [--out FILE] [--sizes 10000,100000]

Prints precision, recall and F1 of `scan` and of per-save `find_candidates` (each record checked
against the earlier ones, in capture order, through blocking keys), the batch-scan time at each
size, compared pairs against all pairs, and the largest block.

Per-save latency at 10^6 contacts needs the database: `per_save` takes any `CandidateStore`,
so the storage layer implements `add`/`fetch` over its key index, loads 10^6 contacts and calls
`per_save_latency(store, probes)` for the p50/p99 that counts. `MemoryStore` here is the
in-memory stand-in, and its latencies measure matching alone. Its max is usually a garbage
collector pause (gen-2 over the whole heap), not matching; p99 is the figure to watch.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.people import Labelled, generate, true_pairs
from bot import matching
from bot.matching import DEFAULT_THRESHOLD, Person


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
        """Newest `limit` per key, as a `LIMIT` would; unique by id."""
        found: dict[int | None, Person] = {}
        for key in keys:
            for p in self.index.get(key, [])[-self.limit :]:
                found[p.id] = p
        return list(found.values())


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

    return {"p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": round(ordered[-1] * 1000, 3)}


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


def quality(records: Sequence[Labelled], threshold: float) -> dict[str, object]:
    people = [r.person for r in records]
    truth = true_pairs(records)
    first_check = warm_up()
    scores = {_pair(a, b): m.score for a, b, m in matching.scan(people, 0.0)}
    scanned = {pair for pair, s in scores.items() if s >= threshold}
    saved, latencies = per_save(MemoryStore(), people, threshold)
    kinds = {r.person.id: r.kind for r in records}
    false_pos = Counter("+".join(sorted({kinds[a], kinds[b]})) for a, b in sorted(scanned - truth))
    reasons = Counter(
        r for a, b, m in matching.scan(people, threshold) if _pair(a, b) in truth for r in m.reasons
    )
    return {
        "records": len(people),
        "true_pairs": len(truth),
        "threshold": threshold,
        "scan": Quality.of(scanned, truth).__dict__,
        "per_save": Quality.of(saved, truth).__dict__,
        "per_save_latency_in_memory": _percentiles(latencies),
        "first_check_ms": round(first_check * 1000, 1),
        "threshold_sweep_scan": sweep(scores, truth),
        "false_positive_kinds": dict(false_pos.most_common()),
        "true_positive_reasons": dict(reasons.most_common()),
    }


def speed(n: int, seed: int, threshold: float) -> dict[str, object]:
    people = [r.person for r in generate(n, seed)]
    matching.clear_caches()  # timings must not profit from an earlier run
    start = time.perf_counter()
    found = sum(1 for _ in matching.scan(people, threshold))
    elapsed = time.perf_counter() - start
    compared = len(matching.candidate_pairs(people))
    sizes = matching.block_sizes(people)
    keys = [len(matching.blocking_keys(p)) for p in people]
    return {
        "records": n,
        "scan_seconds": round(elapsed, 2),
        "duplicate_pairs_found": found,
        "compared_pairs": compared,
        "all_pairs": n * (n - 1) // 2,
        "compared_fraction": compared / (n * (n - 1) // 2),
        "blocks": len(sizes),
        "largest_block": sizes[0] if sizes else 0,
        "blocks_over_max": sum(s > matching.MAX_BLOCK for s in sizes),
        "keys_per_person_max": max(keys),
        "keys_per_person_mean": round(sum(keys) / len(keys), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="records for the quality run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--sizes", default="10000,100000", help="batch-scan sizes to time")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)

    result: dict[str, object] = {"seed": args.seed}
    records = generate(args.n, args.seed)
    result["quality"] = q = quality(records, args.threshold)
    print(f"quality on {q['records']} records, {q['true_pairs']} true pairs, t={args.threshold}")
    for what in ("scan", "per_save"):
        m = q[what]
        assert isinstance(m, dict)
        print(
            f"  {what:9s} precision {m['precision']:.4f}  recall {m['recall']:.4f}  "
            f"F1 {m['f1']:.4f}  (tp {m['true_positives']}, fp {m['false_positives']}, "
            f"fn {m['false_negatives']})"
        )
    print(
        f"  per-save latency in memory (after a {q['first_check_ms']} ms warm-up): "
        f"{q['per_save_latency_in_memory']}"
    )
    sweep_rows = q["threshold_sweep_scan"]
    assert isinstance(sweep_rows, dict)
    print(
        "  threshold sweep (scan): "
        + "  ".join(
            f"{t}: P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}"
            for t, v in sweep_rows.items()
        )
    )
    print(f"  false positives by kind: {q['false_positive_kinds']}")

    result["speed"] = runs = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        s = speed(n, args.seed + n, args.threshold)
        runs.append(s)
        print(
            f"scan {n:>7}: {s['scan_seconds']:7.2f} s, compared {s['compared_pairs']} of "
            f"{s['all_pairs']} pairs ({s['compared_fraction']:.2e}), largest block "
            f"{s['largest_block']}, keys/person max {s['keys_per_person_max']} "
            f"mean {s['keys_per_person_mean']}"
        )
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
