"""Fellegi-Sunter weights: estimated without labels, kept as JSON, explained per comparison."""

from __future__ import annotations

import random
from dataclasses import replace

from bench.people import generate
from bot import linkage, matching
from bot.linkage import FIELDS, Model, default_model


def _vectors(rng: random.Random, matches: int, others: int) -> list[linkage.Vector]:
    """Same people agree on name and address; other pairs seldom do."""
    out = []
    for _ in range(matches):
        out.append((5 if rng.random() < 0.9 else 4, rng.choice((1, 4)), 0, 0, 5))
    for _ in range(others):
        out.append((rng.choice((1, 1, 1, 1, 2, 5)), 1, 0, 0, rng.choice((1, 1, 1, 2))))
    return out


def test_em_learns_that_name_and_address_agreeing_means_one_person() -> None:
    rng = random.Random(3)
    u = {f: default_model().u[f] for f in FIELDS}
    model = linkage.em(_vectors(rng, 300, 3000), u)
    assert 0.05 < model.prior < 0.15  # 300 of 3300 blocked pairs
    same = (5, 1, 0, 0, 5)
    namesake_elsewhere = (5, 1, 0, 0, 1)
    assert model.probability(same) > 0.99 > 0.5 > model.probability(namesake_elsewhere)
    assert model.weights["address"][5] > 0 > model.weights["address"][1]


def test_a_comparison_the_records_never_have_keeps_its_prior() -> None:
    rng = random.Random(4)
    model = linkage.em(_vectors(rng, 200, 2000), {f: default_model().u[f] for f in FIELDS})
    prior = default_model()
    assert abs(model.m["email"][4] - prior.m["email"][4]) < 0.05  # no record has an email


def test_model_round_trips_through_json_and_explains_itself() -> None:
    model = linkage.em(_vectors(random.Random(5), 100, 1000), default_model().u)
    again = Model.from_json(model.to_json())
    assert again == model and again.weights == model.weights
    evidence = model.evidence((5, 1, 0, 0, 5))
    assert [f for f, _, _ in evidence][:1] in (["name"], ["address"])
    assert {f for f, _, _ in evidence} == {"name", "phone", "address"}  # missing ones left out


def test_estimate_model_on_contacts_alone_separates_duplicates() -> None:
    people = [r.person for r in generate(1500, seed=9)]
    model = matching.estimate_model(people)
    assert model.pairs > 0 and 0 < model.prior < linkage.MAX_PRIOR
    assert model.weights["name"][5] > 0 > model.weights["name"][1]
    assert model.weights["phone"][4] > 0


def test_name_frequencies_make_a_common_name_weaker_evidence_than_a_rare_one() -> None:
    names = [("wang", "lei")] * 30 + [("wang", "wei")] * 20 + [("li", "na")] * 10
    names += [(f"given{i}", f"family{i}") for i in range(40)] + [()]  # and one without a name
    terms = linkage.Terms.count(names)
    assert terms.records == 100
    rare, common = terms.bits(("given1", "family1")), terms.bits(("wang", "lei"))
    assert rare > 0 > common
    assert abs(rare) <= linkage.MAX_TERM_BITS and abs(common) <= linkage.MAX_TERM_BITS
    # a near match is read as its commoner side: cautious
    assert terms.bits(("given1", "family1"), ("wang", "lei")) == common
    assert terms.bits((), ("wang", "lei")) == 0.0  # no name on one side: nothing to adjust


def test_name_frequencies_are_kept_small_and_round_trip_through_json() -> None:
    names = [("wang", "lei")] * 5 + [(f"g{i}", f"f{i}") for i in range(50)]
    terms = linkage.Terms.count(names, kept=10)
    assert len(terms.counts) <= 10 and "wang" in terms.counts
    model = replace(default_model(), terms=terms)
    again = Model.from_json(model.to_json())
    assert again.terms == terms
    assert Model.from_json(default_model().to_json()).terms.records == 0  # an old model: none


def test_estimate_model_counts_the_contacts_names() -> None:
    people = [r.person for r in generate(600, seed=11)]
    model = matching.estimate_model(people)
    assert model.terms.records == sum(1 for p in people if matching.name_keys(p.name))
    assert model.terms.mean > 0


def test_a_large_stream_is_learnt_from_a_random_sample_with_every_name_counted() -> None:
    """10^6 contacts' features would take over 10 GB: EM learns from a sample drawn as they
    stream past, while the name frequencies still count them all."""
    people = [r.person for r in generate(1500, seed=9)]
    drawn = matching.training_sample(iter(people), most=500)
    assert len(drawn.people) == 500 and len(drawn.terms) == len(people)
    kept = {id(p) for p in drawn.people}
    assert len(kept) == 500 and kept <= {id(p) for p in people}
    assert kept & {id(p) for p in people[500:]}  # drawn from the whole stream, not its start
    assert matching.training_sample(iter(people), most=2000).people == people  # all, in order
    model, full = matching.estimate_model(drawn), matching.estimate_model(people)
    assert model.terms == full.terms
    assert 0 < model.pairs < full.pairs
    assert model.weights["name"][5] > 0 > model.weights["name"][1]
