"""Duplicate detection on data the matcher was not written against, at the alert threshold.

    .venv/bin/python bench/dupe_eval.py [--sets people,indep,febrl4] [--split tune ...] [--frozen]
        [--people 1500] [--febrl-limit 0] [--threshold T] [--model em|priors] [--show 0]
        [--out FILE]

Prints, per set, the blocking step's recall (true pairs that share a key, so are compared at
all), and precision, recall and F1 of `matching.scan` at the alert threshold (the setting's
default unless --threshold):
- people: bench/people.py, the generator the matcher was tuned on (a floor check only);
- indep: bench/indep_people.py's "tune" split (seed SPLITS["tune"]), or the splits named by
  `--split` that it has (repeatable: tune, tune3 ... tune6); with --frozen also its "frozen"
  split, which is for final figures only and never looked at while tuning;
- indep2: bench/indep_people2.py, a second set written from the issue by another author who
  read none of the matcher: its "tune" split, or the splits named by `--split` that it has
  (tune, tune2 ... tune4); with --frozen its frozen split too;
- febrl4: the record-linkage benchmark via bench/febrl.py (name + address, a distinct mobile
  per record), all 5,000 people unless --febrl-limit.
`--show N` prints N missed and N false pairs of each non-frozen set, for tuning;
`--show-unblocked N` prints N true pairs of each non-frozen set that share no blocking key
(so are never compared), and every row reports keys per contact and the largest block.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import febrl, indep_people, indep_people2, people  # noqa: E402
from bot import linkage, matching  # noqa: E402
from bot.contacts import MATCH_FIELDS  # noqa: E402
from bot.matching import Person  # noqa: E402

TARGETS = {"indep": (0.95, 0.98), "febrl4": (0.90, 0.98)}
"""Issue 17: F1 and precision at the alert threshold each set must reach."""


def persons(records: Sequence[dict[str, Any]]) -> list[Person]:
    """Records (dicts with the contact's fields) as the matcher sees saved contacts: id = index."""
    return [
        Person(i, **{f: (r.get(f) or None) for f in MATCH_FIELDS})  # type: ignore[arg-type]
        for i, r in enumerate(records)
    ]


def evaluate(
    name: str,
    ps: list[Person],
    truth: set[tuple[int, int]],
    threshold: float,
    show: int,
    fit: bool = True,
    unblocked: int = 0,
) -> dict[str, Any]:
    """Blocking recall and scan quality; with `fit`, the weights are first estimated from
    these records alone (no labels), as a deployment's `duplicates --train` does."""
    started = time.perf_counter()
    model = matching.estimate_model(ps) if fit else linkage.default_model()
    matching.use_model(model)
    fitted = time.perf_counter() - started
    compared = matching.candidate_pairs(ps)
    found: dict[tuple[int, int], matching.Match] = {}
    for a, b, m in matching.scan(ps, threshold):
        assert a.id is not None and b.id is not None
        found[(min(a.id, b.id), max(a.id, b.id))] = m
    tp = len(found.keys() & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    row = {
        "set": name, "records": len(ps), "true_pairs": len(truth), "threshold": threshold,
        "blocking_recall": round(len(compared & truth) / max(1, len(truth)), 4),
        "compared_pairs": len(compared), "precision": round(precision, 4),
        "recall": round(recall, 4), "f1": round(f1, 4), "false_positives": len(found) - tp,
        "false_negatives": len(truth) - tp, "seconds": round(time.perf_counter() - started, 1),
        "model": "em" if fit else "priors", "fit_seconds": round(fitted, 1),
        "prior": round(model.prior, 5), "em_pairs": model.pairs,
    }  # fmt: skip
    counts = [len(matching.blocking_keys(p)) for p in ps]
    row["keys_mean"] = round(sum(counts) / max(1, len(counts)), 2)
    row["keys_max"] = max(counts, default=0)
    row["largest_block"] = max(matching.block_sizes(ps), default=0)
    for i, j in sorted(truth - compared)[:unblocked]:
        print(f"  unblocked: {i} {j}\n    {_short(ps[i])}\n    {_short(ps[j])}")
    if show:
        for label, pairs in (("missed", sorted(truth - found.keys())),
                             ("false", sorted(found.keys() - truth))):  # fmt: skip
            for i, j in pairs[:show]:
                m = matching.score(ps[i], ps[j])
                print(f"  {label}: {m.score:.2f} {','.join(m.reasons)} "
                      f"blocked={(i, j) in compared}")  # fmt: skip
                print(f"    {_short(ps[i])}\n    {_short(ps[j])}")
    matching.use_model(linkage.default_model())  # after --show, so it shows the scores scan saw
    return row


def _short(p: Person) -> str:
    return " | ".join(str(getattr(p, f) or "") for f in MATCH_FIELDS)


def people_set(n: int) -> tuple[list[Person], set[tuple[int, int]]]:
    records = people.generate(n, seed=1)
    ps = [r.person for r in records]
    index = {p.id: i for i, p in enumerate(ps)}
    ps = [Person(i, p.name, p.company, p.phone, p.email, p.address, p.title)
          for i, p in enumerate(ps)]  # fmt: skip
    truth = {tuple(sorted((index[a], index[b]))) for a, b in people.true_pairs(records)}
    return ps, truth  # type: ignore[return-value]


SPLIT_CHOICES = sorted({*indep_people.SPLITS, *indep_people2.SPLITS} - {"frozen"})
"""`--split` names: the non-frozen splits of indep and indep2 together."""


def _splits(names: list[str] | None, have: dict[str, int], frozen: bool) -> list[str]:
    """The asked splits (tune if none) that a set has, in order, then frozen with --frozen."""
    return [s for s in dict.fromkeys(names or ["tune"]) if s in have] + ["frozen"] * frozen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sets", default="people,indep,indep2,febrl4")
    parser.add_argument("--frozen", action="store_true", help="also the frozen split (reports)")
    parser.add_argument(
        "--split", action="append", choices=SPLIT_CHOICES,
        help="a split of indep and indep2 to run instead of tune (repeatable; a set without "
        "that split skips it); the frozen one only by --frozen",
    )  # fmt: skip
    parser.add_argument("--people", type=int, default=1500, help="people per indep split")
    parser.add_argument("--febrl-limit", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=matching.DEFAULT_THRESHOLD)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--show-unblocked", type=int, default=0)
    parser.add_argument(
        "--model", choices=("em", "priors"), default="em",
        help="em: weights estimated from each set's records first (no labels); priors: the "
        "built-in starting weights",
    )  # fmt: skip
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    sets = {s.strip() for s in args.sets.split(",") if s.strip()}
    fit = args.model == "em"
    rows = []
    if "people" in sets:
        ps, truth = people_set(6 * args.people)
        rows.append(evaluate("people (tuned on)", ps, truth, args.threshold, args.show, fit))
    if "indep" in sets:
        for split in _splits(args.split, indep_people.SPLITS, args.frozen):
            records, truth = indep_people.generate(indep_people.SPLITS[split], args.people)
            show = 0 if split == "frozen" else args.show
            unblocked = 0 if split == "frozen" else args.show_unblocked
            ps = persons(records)
            rows.append(evaluate(f"indep {split}", ps, truth, args.threshold, show, fit, unblocked))
    if "indep2" in sets:
        # A second author's set (bench/indep_people2.py): a record's office line and mobile
        # become the one phone a contact has, the mobile first, as a card's reading does.
        for split in _splits(args.split, indep_people2.SPLITS, args.frozen):
            records, truth = indep_people2.generate(indep_people2.SPLITS[split], args.people)
            ps = persons([dict(r, phone=r.get("mobile") or r.get("phone") or "") for r in records])
            show = 0 if split == "frozen" else args.show
            unblocked = 0 if split == "frozen" else args.show_unblocked
            name = f"indep2 {split}"
            rows.append(evaluate(name, ps, truth, args.threshold, show, fit, unblocked))
    if "febrl4" in sets:
        records, truth = febrl.load(args.febrl_limit)
        rows.append(evaluate("febrl4", persons(records), truth, args.threshold, args.show, fit,
                             args.show_unblocked))  # fmt: skip
    print(f"{'set':18s} {'records':>7} {'pairs':>6} {'blocking':>8} {'precision':>9} "
          f"{'recall':>7} {'F1':>7}  fp/fn  target")  # fmt: skip
    for r in rows:
        kind = "indep" if r["set"].startswith("indep") else r["set"]  # indep2's targets too
        f1_min, p_min = TARGETS.get(kind, (None, None))
        verdict = (
            ""
            if f1_min is None
            else ("ok" if r["f1"] >= f1_min and r["precision"] >= p_min else "MISSED")
            + f" (F1>={f1_min}, P>={p_min})"
        )
        print(f"{r['set']:18s} {r['records']:>7} {r['true_pairs']:>6} {r['blocking_recall']:>8.4f} "
              f"{r['precision']:>9.4f} {r['recall']:>7.4f} {r['f1']:>7.4f}  "
              f"{r['false_positives']}/{r['false_negatives']}  {verdict}  "
              f"keys {r['keys_mean']}/{r['keys_max']} block {r['largest_block']}")  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
