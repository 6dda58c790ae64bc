"""Misread Chinese characters told from the card's own pinyin: which syllable is wrong, where
the glyphs are, and which sound-alike the glyph looks like (drawn in the installed faces)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.extract import Line
from ocr.glyphs import _faces, correct, glyph_boxes, misread, splits


def test_a_spelling_cut_into_syllables() -> None:
    assert ["lian", "xin"] in splits("lianxin", 2)
    assert splits("lianxin", 1) == []
    assert ["hong", "rui"] in splits("hongrui", 2)


def test_the_one_syllable_a_reading_gets_wrong() -> None:
    assert misread("练春", {"lianxin", "xinlian", "jufeng"}) == {(1, "xin")}
    # the domain spells the start of the company's name
    assert misread("鸿窒思博科技有限公司", {"hongrui", "liguiying"}) == {(1, "rui")}
    # read right, or nothing like any spelling: nothing to repair
    assert misread("练鑫", {"lianxin"}) == set()
    assert misread("示柳", {"zhangwei"}) == set()
    # a name's spelling and a domain each fit with a different syllable wrong
    assert misread("示柳", {"qiuliu", "shikong"}) == {(0, "qiu"), (1, "kong")}


def test_glyphs_cut_at_the_gaps_between_characters() -> None:
    ink = Image.new("L", (100, 20), 0)
    draw = ImageDraw.Draw(ink)
    draw.rectangle((2, 2, 14, 17), fill=255)  # a character with a gap of its own (纟 东)
    draw.rectangle((18, 2, 30, 17), fill=255)
    draw.rectangle((40, 2, 68, 17), fill=255)
    assert glyph_boxes(ink, 2) == [(2, 36), (36, 69)]  # the wider gap, not the one in 练


def _line_image(text: str, face: tuple[str, int]) -> tuple[Image.Image, Line]:
    font = ImageFont.truetype(face[0], 60, index=face[1])
    img = Image.new("L", (80 * len(text) + 80, 140), 255)
    ImageDraw.Draw(img).text((40, 30), text, fill=0, font=font)
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    return img, Line(text, (left, top, right - left, bottom - top), bottom - top, 0.5)


@pytest.mark.skipif(not _faces(), reason="no Simplified Chinese typeface installed")
def test_the_sound_alike_that_looks_like_the_glyph_replaces_the_misread_one() -> None:
    img, printed = _line_image("练鑫", _faces()[0])
    misread_line = Line("练春", printed.box, printed.height, 0.46)
    fixed = correct(img, misread_line, {"lianxin", "xinlian"})
    assert fixed.text == "练鑫"
    # the spelling of someone else leaves the reading alone
    assert correct(img, misread_line, {"wangwei"}) == misread_line


@pytest.mark.skipif(not _faces(), reason="no Simplified Chinese typeface installed")
def test_a_spelling_of_another_firm_does_not_rewrite_a_glyph_read_right() -> None:
    # "hongrui" spells 鸿睿, not 鸿达: no character read rui looks like 达
    img, line = _line_image("鸿达科技", _faces()[0])
    assert correct(img, line, {"hongrui"}) == line
