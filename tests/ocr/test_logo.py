"""A logo printed just before a firm's name is not read as its first character."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import without_logo
from ocr.extract import Line
from ocr.glyphs import _faces

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract"),
    pytest.mark.skipif(not _faces(), reason="no Simplified Chinese typeface installed"),
]


def _line(text: str, logo: bool, read_as: str) -> tuple[Image.Image, Line]:
    face = _faces()[0]
    font = ImageFont.truetype(face[0], 56, index=face[1])
    img = Image.new("L", (1100, 200), 255)
    draw = ImageDraw.Draw(img)
    if logo:  # a bar chart, taller than the type beside it
        for k, top in enumerate((90, 70, 50, 40)):
            draw.rectangle((40 + 24 * k, top, 58 + 24 * k, 150), fill=0)
    draw.text((170, 75), text, fill=0, font=font)
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    return img, Line(read_as, (left, top, right - left, bottom - top), 58.0, 0.8)


def test_a_mark_set_apart_before_a_firm_name_is_dropped() -> None:
    img, line = _line("上海中泰文化传媒有限公司", True, "川上海中泰文化传媒有限公司")
    assert without_logo(img, [line], "HanS")[0].text.replace(" ", "") == "上海中泰文化传媒有限公司"


def test_a_place_name_spaced_from_the_street_is_kept() -> None:
    img, line = _line("上海 徐汇区张江路", False, "上海 徐汇区张江路")
    assert without_logo(img, [line], "HanS")[0].text == "上海 徐汇区张江路"
