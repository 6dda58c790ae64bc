"""Fellegi–Sunter weights for duplicate evidence, estimated from the deployment's own contacts.

Hand-set scores cannot say how much "same street, other house number" is worth against "other
phone": that depends on the team's data (one city or twelve countries, mobiles or switchboards).
The Fellegi–Sunter model can: for each comparison (name, phone, email, company, address) and
each level of agreement, m = P(level | same person) and u = P(level | different people); a
pair's match weight is log2(prior odds) + the sum of log2(m/u) over its comparisons, and its
score the posterior probability. As in splink, u comes from random pairs of the records (almost
all of them are different people), m and the prior from expectation-maximisation over the pairs
blocking puts together; neither needs a label. `PRIORS` are the starting point and the model in
use until `estimate` has run on real records (`capture-bot duplicates --train`).

Pure: no storage. `Model.to_json` / `from_json` are what storage keeps.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# Comparisons and their levels, weakest agreement first; level 0 is always "missing on one side"
# and carries no weight (m = u).
COMPARISONS: dict[str, tuple[str, ...]] = {
    "name": ("missing", "different", "weak", "close", "similar", "same"),
    "phone": ("missing", "different", "switchboard", "same_line", "same"),
    "email": ("missing", "different", "same_domain", "shared", "same"),
    "company": ("missing", "different", "similar", "same"),
    "address": ("missing", "different", "same_area", "same_street", "same_building", "same"),
}
FIELDS = tuple(COMPARISONS)

Vector = tuple[int, ...]
"""One level index per comparison, in FIELDS order."""

# Starting values: m (same person) and u (two people) per level, level 0 unused. Round numbers
# from what each level means, not fitted to any data set: a person's second record agrees on
# the name nearly always, on the phone about half the time (a second number is common); two
# random contacts almost never share a phone or a street.
PRIORS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "name": ((1, 0.02, 0.03, 0.07, 0.28, 0.60), (1, 0.95, 0.03, 0.01, 0.007, 0.003)),
    "phone": ((1, 0.45, 0.01, 0.04, 0.50), (1, 0.997, 0.001, 0.0015, 0.0005)),
    "email": ((1, 0.45, 0.05, 0.02, 0.48), (1, 0.985, 0.014, 0.0008, 0.0002)),
    "company": ((1, 0.10, 0.10, 0.80), (1, 0.97, 0.02, 0.01)),
    "address": ((1, 0.08, 0.04, 0.15, 0.08, 0.65), (1, 0.90, 0.09, 0.007, 0.002, 0.001)),
}
PSEUDO_PAIRS = 20.0
"""The priors count as this many pairs in each estimate: a level, or a whole comparison, the
records barely show (febrl has no email) keeps its prior instead of a noisy guess."""
PRIOR_MATCH = 0.05
"""P(same person) for a pair blocking puts together, before its evidence."""

MAX_PRIOR = 0.3
"""At most this share of blocked pairs is taken for duplicates: without a bound, EM can settle
on 'everyone blocked together is one person' (families, colleagues)."""
LEARN = "mu"
"""What EM re-estimates: m and u (bench/dupe_eval.py: learning u from blocked pairs, where
colleagues and neighbours agree far more often than random pairs, gains precision)."""
FLOOR = 1e-4
"""No level's m or u estimate goes below this: one unseen level must not be infinite evidence."""


MAX_TERM_BITS = 6.0
"""A name's frequency moves its agreement weight by at most this many bits either way: a
name seen once is not infinite evidence, nor is 王伟 none at all."""
TERMS_KEPT = 20000
"""Most terms a model keeps counts for (the commonest); any other counts as `Terms.floor`."""


@dataclass(frozen=True)
class Terms:
    """How often each term (a name part) occurs among the deployment's contacts, as splink's
    term-frequency adjustment uses it: two records agreeing on a rare name are stronger
    evidence than two agreeing on a common one. Only the commonest terms are kept; the rest
    are rare, which is all the adjustment needs to know of them."""

    counts: dict[str, int]
    records: int
    floor: int = 1  # the count of a term not listed
    mean: float = 0.0  # a record's value frequency averaged over records (u of 'same')

    @classmethod
    def count(cls, values: Sequence[Sequence[str]], kept: int = TERMS_KEPT) -> Terms:
        """From each record's terms (empty when it has none)."""
        counter = Counter(t for terms in values for t in set(terms))
        records = sum(1 for terms in values if terms)
        if not records:
            return cls({}, 0)
        common = dict(counter.most_common(kept))
        floor = 1 if len(common) == len(counter) else max(1, min(common.values()))
        table = cls({t: n for t, n in common.items() if n > floor}, records, floor)
        mean = sum(table.frequency(terms) for terms in values if terms) / records
        return cls(table.counts, records, floor, mean)

    def frequency(self, terms: Sequence[str]) -> float:
        """P(a random record has these terms), taking the terms as independent."""
        value = 1.0
        for t in dict.fromkeys(terms):
            value *= self.counts.get(t, self.floor) / self.records
        return value

    def expected(self, terms: Sequence[str]) -> float:
        """About how many records have these terms (0 with no counts, or no terms)."""
        if not self.records or not terms:
            return 0.0
        return self.records * self.frequency(terms)

    def bits(self, *values: Sequence[str]) -> float:
        """Weight adjustment for records agreeing on these values: log2(mean / frequency) of
        the commonest of them (the cautious reading of a near match), within MAX_TERM_BITS."""
        if not self.records or not self.mean or not all(values):
            return 0.0
        common = max(self.frequency(v) for v in values)
        return max(-MAX_TERM_BITS, min(MAX_TERM_BITS, math.log2(self.mean / common)))


NO_TERMS = Terms({}, 0)


@dataclass(frozen=True)
class Model:
    """m and u per comparison and level, the prior for blocked pairs, and name frequencies."""

    m: dict[str, tuple[float, ...]]
    u: dict[str, tuple[float, ...]]
    prior: float = PRIOR_MATCH
    pairs: int = 0  # blocked pairs the estimate came from; 0 for the priors
    iterations: int = 0
    terms: Terms = NO_TERMS
    weights: dict[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        w = {
            f: tuple(
                0.0 if level == 0 else math.log2(max(mv, FLOOR) / max(uv, FLOOR))
                for level, (mv, uv) in enumerate(zip(self.m[f], self.u[f], strict=True))
            )
            for f in FIELDS
        }
        object.__setattr__(self, "weights", w)

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def weight(self, vector: Vector, adjust: dict[str, float] | None = None) -> float:
        """log2 odds; `adjust` adds bits per comparison (a name's frequency, `Terms.bits`)."""
        parts = (self.weights[f][lv] for f, lv in zip(FIELDS, vector, strict=True))
        return self.prior_weight + sum(parts) + sum((adjust or {}).values())

    def probability(self, vector: Vector, adjust: dict[str, float] | None = None) -> float:
        w = max(-60.0, min(60.0, self.weight(vector, adjust)))
        return 1.0 / (1.0 + 2.0 ** (-w))

    def evidence(
        self, vector: Vector, adjust: dict[str, float] | None = None
    ) -> tuple[tuple[str, str, float], ...]:
        """(comparison, level, weight in bits) for each comparison both records have, strongest
        first: what the manager is shown as the reasons."""
        extra = adjust or {}
        items = [
            (f, COMPARISONS[f][lv], round(self.weights[f][lv] + extra.get(f, 0.0), 1))
            for f, lv in zip(FIELDS, vector, strict=True)
            if lv
        ]
        return tuple(sorted(items, key=lambda x: -abs(x[2])))

    def to_json(self) -> str:
        t = self.terms
        return json.dumps(
            {"m": self.m, "u": self.u, "prior": self.prior, "pairs": self.pairs,
             "iterations": self.iterations,
             "terms": {"counts": t.counts, "records": t.records, "floor": t.floor,
                       "mean": t.mean}},
            ensure_ascii=False,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        m = {f: tuple(data["m"][f]) for f in FIELDS}
        u = {f: tuple(data["u"][f]) for f in FIELDS}
        t = data.get("terms") or {}
        terms = Terms(
            t.get("counts", {}), t.get("records", 0), t.get("floor", 1), t.get("mean", 0.0)
        )
        return cls(m, u, data["prior"], data.get("pairs", 0), data.get("iterations", 0), terms)


def default_model() -> Model:
    return Model({f: PRIORS[f][0] for f in FIELDS}, {f: PRIORS[f][1] for f in FIELDS})


def _normalise(counts: Sequence[float]) -> tuple[float, ...]:
    """Level 0 (missing) stays 1; the others sum to 1, none below FLOOR."""
    total = sum(counts[1:])
    if total <= 0:
        return (1.0, *(1.0 / (len(counts) - 1) for _ in counts[1:]))
    return (1.0, *(max(c / total, FLOOR) for c in counts[1:]))


def estimate_u(
    records: int, compare: Callable[[int, int], Vector], samples: int = 20000, seed: int = 0
) -> dict[str, tuple[float, ...]]:
    """u from random pairs of the records: at this count nearly all are two people."""
    rng = random.Random(seed)
    counts = {f: [0.0] * len(COMPARISONS[f]) for f in FIELDS}
    if records < 2:
        return {f: PRIORS[f][1] for f in FIELDS}
    for _ in range(samples):
        i, j = rng.sample(range(records), 2)
        for f, lv in zip(FIELDS, compare(i, j), strict=True):
            counts[f][lv] += 1
    # A level random pairs never reached keeps a little of the prior rather than zero.
    return {
        f: _normalise([c + PSEUDO_PAIRS * p for c, p in zip(counts[f], PRIORS[f][1], strict=True)])
        for f in FIELDS
    }


def em(
    vectors: Iterable[Vector],
    u: dict[str, tuple[float, ...]],
    start: Model | None = None,
    iterations: int = 40,
    tolerance: float = 1e-6,
    learn: str = LEARN,
) -> Model:
    """m, u and the prior by expectation-maximisation over blocked pairs; `u` from random pairs
    is where u starts, and it and `PRIORS` count as `PSEUDO_PAIRS` pairs throughout."""
    counts = Counter(vectors)
    model = start or default_model()
    model = Model(model.m, u, model.prior)
    total = sum(counts.values())
    if not total:
        return model
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007
        m_counts = {f: [PSEUDO_PAIRS * p for p in PRIORS[f][0]] for f in FIELDS}
        u_counts = {f: [PSEUDO_PAIRS * p for p in u[f]] for f in FIELDS}
        matched = 0.0
        for vector, n in counts.items():
            g = model.probability(vector) * n
            matched += g
            for f, lv in zip(FIELDS, vector, strict=True):
                m_counts[f][lv] += g
                u_counts[f][lv] += n - g
        prior = min(max(matched / total, 1e-6), MAX_PRIOR)
        m = {f: _normalise(m_counts[f]) for f in FIELDS} if "m" in learn else model.m
        new_u = {f: _normalise(u_counts[f]) for f in FIELDS} if "u" in learn else u
        shift = max(abs(a - b) for f in FIELDS for a, b in zip(m[f], model.m[f], strict=True))
        u_shift = (abs(a - b) for f in FIELDS for a, b in zip(new_u[f], model.u[f], strict=True))
        shift = max(shift, *u_shift)
        settled = shift < tolerance and abs(prior - model.prior) < tolerance
        model = Model(m, new_u, prior)
        if settled:
            break
    return Model(model.m, model.u, model.prior, pairs=total, iterations=done)
