"""The second independent duplicate set: deterministic, labelled consistently, every kind there."""

from __future__ import annotations

import random
import re
from itertools import combinations

import phonenumbers
import pytest

from bench import indep_people2 as ip

N = 2000


@pytest.fixture(scope="module")
def data() -> ip.Dataset:
    return ip.build(ip.SPLITS["tune"], N)


def test_same_seed_same_data_and_another_seed_other_data() -> None:
    first = ip.generate(5, 300)
    ip.build.cache_clear()
    assert ip.generate(5, 300) == first
    assert ip.generate(6, 300)[0] != first[0]


def test_records_hold_the_contact_fields_and_a_name(data: ip.Dataset) -> None:
    from bot.contacts import MATCH_FIELDS

    assert set(MATCH_FIELDS) <= set(ip.FIELDS)
    for rec in data.records:
        assert tuple(rec) == ip.FIELDS
        assert rec["name"].strip()
        assert any(rec[f] for f in ip.FIELDS if f != "name")


def test_true_pairs_are_every_pair_of_one_persons_records(data: ip.Dataset) -> None:
    records, pairs = ip.generate(ip.SPLITS["tune"], N)
    assert len(records) == len(data.records)
    for i, j in pairs:
        assert 0 <= i < j < len(records)
        assert data.owner[i] == data.owner[j]
    by_person: dict[int, list[int]] = {}
    for i, pid in enumerate(data.owner):
        by_person.setdefault(pid, []).append(i)
    expected = {pair for ids in by_person.values() for pair in combinations(sorted(ids), 2)}
    assert pairs == expected
    assert len(by_person) == N


def test_a_realistic_share_is_captured_more_than_once(data: ip.Dataset) -> None:
    counts: dict[int, int] = {}
    for pid in data.owner:
        counts[pid] = counts.get(pid, 0) + 1
    again = sum(1 for n in counts.values() if n > 1)
    assert 0.03 <= again / N <= 0.08
    assert max(counts.values()) >= 3  # some people three times or more


def test_every_hard_negative_kind_is_there_and_is_two_people(data: ip.Dataset) -> None:
    _, pairs, negatives = ip.generate_labelled(ip.SPLITS["tune"], N)
    assert set(negatives) == set(ip.NEGATIVE_KINDS)
    for kind, kind_pairs in negatives.items():
        assert kind_pairs, kind
        for i, j in kind_pairs:
            assert i < j and data.owner[i] != data.owner[j]
            assert (i, j) not in pairs


def test_every_duplicate_kind_is_there(data: ip.Dataset) -> None:
    _, by_kind, _ = ip.generate_kinds(ip.SPLITS["tune"], N)
    for kind in ip.DUPLICATE_KINDS:
        assert by_kind[kind], kind


def test_people_come_from_many_countries_china_and_english_speaking_most(data: ip.Dataset) -> None:
    shares: dict[str, int] = {}
    for code in data.country.values():
        shares[code] = shares.get(code, 0) + 1
    assert len(shares) >= 10
    top = sorted(shares, key=shares.__getitem__, reverse=True)[:3]
    assert top[0] == "CN" and "US" in top


def _name_words(name: str) -> set[str]:
    words = name.lower().replace(",", " ").replace(".", " ").split()
    return {w for w in words if len(w) > 1 and w not in ("jr", "sr", "ii")}


def test_jr_and_sr_share_a_name_and_a_home_landline(data: ip.Dataset) -> None:
    pairs = data.negatives["jr_sr"]
    alike = [i for i, j in pairs if _name_words(data.records[i]["name"]) == _name_words(
        data.records[j]["name"])]  # fmt: skip
    assert len(alike) >= 0.6 * len(pairs)  # the rest: a typo in a later capture
    suffixed = [
        i for pair in pairs for i in pair if data.records[i]["name"].endswith(("r", "r.", "II"))
    ]
    assert suffixed


@pytest.mark.parametrize(
    "kind", ["colleagues", "assistant", "shared_mailbox", "same_name_colleagues"]
)
def test_colleagues_share_a_firm(data: ip.Dataset, kind: str) -> None:
    pairs = data.negatives[kind]
    same = [(i, j) for i, j in pairs if data.firm[i] == data.firm[j]]
    assert len(same) >= 0.8 * len(pairs)  # the rest: one of them changed jobs since


def test_an_assistant_writes_from_the_boss_mailbox(data: ip.Dataset) -> None:
    for kind in ("assistant", "shared_mailbox"):
        shared = [
            (i, j)
            for i, j in data.negatives[kind]
            if data.records[i]["email"] and data.records[i]["email"] == data.records[j]["email"]
        ]
        assert len(shared) >= 0.3 * len(data.negatives[kind]), kind


def _street(address: str) -> str:
    """The street line's letters and digits: formats differ in the town line and the joins."""
    return re.sub(r"\W", "", address.lower().replace("市", "").replace("省", ""))[:10]


def test_a_family_shares_a_home_but_not_a_mobile(data: ip.Dataset) -> None:
    both, same = 0, 0
    for kind in ("spouses", "parent_child", "jr_sr", "twins"):
        for i, j in data.negatives[kind]:
            a, b = data.records[i], data.records[j]
            assert not a["mobile"] or not b["mobile"] or a["mobile"][-6:] != b["mobile"][-6:]
            if a["address"] and b["address"]:
                both += 1
                same += _street(a["address"]) == _street(b["address"])
    assert same >= 0.3 * both


def test_a_phone_written_any_way_reads_back_as_the_same_number() -> None:
    rng = random.Random(1)
    for e164, region in (("+8613812345678", "CN"), ("+862161234567", "CN"),
                         ("+14155550123", "US"), ("+442079460958", "GB")):  # fmt: skip
        styles = set()
        for _ in range(40):
            text = ip.fmt_phone(e164, rng)
            styles.add(text)
            # 00 is how a rep outside North America dials abroad: read it from China
            where = "CN" if text.startswith("00") else region
            assert phonenumbers.parse(text, where) == phonenumbers.parse(e164), text
        assert len(styles) >= 5
        assert ip.fmt_phone(e164, rng, ext="204").rstrip(")").endswith("204")


def test_a_homophone_is_another_character_read_the_same() -> None:
    from pypinyin import Style, lazy_pinyin

    rng = random.Random(3)
    for name in ("王伟", "李静", "张敏"):
        slipped = ip.homophone(name, rng, surname_len=1)
        assert slipped != name and slipped[0] == name[0]
        assert lazy_pinyin(slipped, style=Style.NORMAL) == lazy_pinyin(name, style=Style.NORMAL)


def test_scripts_and_romanisations() -> None:
    assert ip.convert("陈伟 广州", ip.TO_TRADITIONAL) == "陳偉 廣州"
    assert ip.convert("陳偉", ip.TO_SIMPLIFIED) == "陈伟"
    assert ip._wade_giles("志豪") == "Chih-hao"
    assert ip._wade_giles("俊傑") == "Chun-chieh"


def test_a_typo_can_hit_the_first_letter() -> None:
    rng = random.Random(0)
    slips = [ip.typo("Margaret", rng) for _ in range(200)]
    assert all(s != "Margaret" for s in slips)
    assert any(s[0] != "M" for s in slips)


def test_the_frozen_split_is_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        ip.main(["--seed", str(ip.SPLITS["frozen"]), "--people", "50", "--show", "1"])
