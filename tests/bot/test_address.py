"""Addresses as duplicate evidence: parsing by parts, country-aware, and fuzzy comparison."""

from __future__ import annotations

import pytest

from bot.address import AddressLevel, level, parse


def test_latin_address_splits_into_parts() -> None:
    a = parse("Flat 2, 10 Downing Street, London SW1A 2AA, UK")
    assert (a.unit, a.number, a.street, a.street_type) == ("2", "10", "downing", "street")
    assert (a.locality, a.postcode, a.country) == ("london", "sw1a2aa", "GB")


def test_street_type_ends_the_street_without_commas() -> None:
    a = parse("123 Main St Suite 400 Springfield IL 62704-1234")
    assert (a.number, a.street, a.unit, a.postcode, a.country) == (
        "123", "main", "400", "62704", "US",
    )  # fmt: skip
    assert a.locality == "springfield il"


def test_australian_unit_slash_number() -> None:
    a = parse("3/25 Pike Pl, Byford WA 6122, Australia")
    assert (a.unit, a.number, a.street, a.postcode, a.country) == ("3", "25", "pike", "6122", "AU")


def test_chinese_address_by_its_markers() -> None:
    a = parse("北京市海淀区中关村大街27号1号楼1201室")
    assert (a.number, a.street, a.street_type, a.unit) == ("27", "中关村", "大街", "1-1201")
    assert a.locality == "北京 海淀" and a.country == "CN"


def test_blank_is_missing() -> None:
    assert parse(None).is_empty and level("", "1 Knox Street") is AddressLevel.MISSING


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("25 Pike Place", "25 Pike Mlace", AddressLevel.SAME),
        ("12 Oliver Street, Byford 4670", "12 oliverstreet, byford 4670", AddressLevel.SAME),
        ("47 Macquarie Street, Paralowie", "47 macquar ie street, paralowie", AddressLevel.SAME),
        ("2150 Holloway Street, Apt 67, Leeds LS1 2AB", "2150 HOLLOWAY ST. APT 67 LEEDS LS1 2AB",
         AddressLevel.SAME),
        ("1 Knox Street, Lakewood Estate, Byford 6122", "4 Knox St, Lakewood Estate, Byford 6122",
         AddressLevel.SAME_STREET),
        ("Flat 2, 10 Downing Street, London", "Flat 5, 10 Downing Street, London",
         AddressLevel.SAME_BUILDING),
        ("8 Stanley Street, Winston Hills 4223", "9 Elm Road, Winston Hills 4223",
         AddressLevel.SAME_AREA),
        ("8 Stanley Street, Leeds LS1 2AB", "8 Stanley Street, Perth 6000", AddressLevel.DIFFERENT),
        ("上海市浦东新区世纪大道100号4501室", "上海市 浦东新区 世纪大道 100号 4501室",
         AddressLevel.SAME),
        ("上海市浦东新区世纪大道100号4501室", "上海市浦东新区世纪大道100号4502室",
         AddressLevel.SAME_BUILDING),
    ],
)  # fmt: skip
def test_compare_levels(a: str, b: str, expected: AddressLevel) -> None:
    assert level(a, b) is expected
    assert level(b, a) is expected
