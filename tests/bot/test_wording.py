"""What users read (issue 19), through the real core: real plurals, named fields, one phone
format, human history and team lines, in English and Chinese."""

from __future__ import annotations

import re

from bot import flow
from bot.core import CardPhoto, Core
from tests.bot.conftest import MANAGER, REP, Chat, add_contact


def card(values: dict[str, str], doubtful: tuple[str, ...]) -> CardPhoto:
    return CardPhoto(flow.CardRead(values, doubtful), b"\x89PNG\r\n\x1a\n")


def test_a_card_names_the_fields_to_check(core: Core) -> None:
    rep = Chat(core, REP)
    said = rep.send(card({"name": "Anna Berg", "company": "Nordlicht AB"}, ("company",)))
    # no phone and no email on the card: both asked, with the doubtful company, by name
    assert "Please check 3 fields I was not sure about or could not read: " in said
    assert "phone, email and company." in said and "field(s)" not in said

    rep.command("cancel")
    rep.press("cancel_yes")
    said = rep.send(card({"name": "Anna Berg", "phone": "+46701234567"}, ("name",)))
    assert "Please check one field I was not sure about or could not read: name." in said


def test_a_card_names_the_fields_to_check_in_chinese(core: Core) -> None:
    rep = Chat(core, REP, "zh")
    said = rep.send(card({"name": "王伟", "phone": "+8613800138000"}, ("phone", "title")))
    assert "有 2 个字段我不太确定或没读到，请核对：电话和职位。" in said


def test_find_counts_in_words(core: Core) -> None:
    add_contact(core, {"name": "Oskar Lind", "company": "Lindqvist AB"})
    add_contact(core, {"name": "Pia Lind", "company": "Lindqvist AB"})
    boss = Chat(core, MANAGER)
    assert '2 matches for "Lindqvist"' in boss.command("find", "Lindqvist")
    assert '1 match for "Oskar"' in boss.command("find", "Oskar")
    assert "“Oskar”有 1 条匹配" in Chat(core, MANAGER, "zh").command("find", "Oskar")


def test_phone_numbers_have_one_format_everywhere(core: Core) -> None:
    us = add_contact(core, {"name": "Ruth Hale", "phone": "+14015555555"})
    uk = add_contact(core, {"name": "Ian Moss", "phone": "+447911123456"}, owner=MANAGER)
    boss = Chat(core, MANAGER)
    view_us, view_uk = boss.command("view", str(us)), boss.command("view", str(uk))
    assert "Phone: +1 401 555 5555" in view_us and "Phone: +44 7911 123456" in view_uk
    listed = boss.command("find", "Ruth")
    assert "+1 401 555 5555" in listed and "401-555" not in listed
    boss.command("edit", str(us))
    asked = boss.press("field", "phone")
    assert "+1 401 555 5555" in asked and "401-555" not in asked
    # a refused number's example has the same shape
    assert re.search(r"e\.g\. \+\d+( \d+)+\.", boss.text("55"))
