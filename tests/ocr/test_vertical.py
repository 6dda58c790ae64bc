"""Vertical Chinese: columns of glyphs found in the ink and read as ordinary lines."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import recognise
from ocr.glyphs import _faces
from ocr.preprocess import ink_columns

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract"),
    pytest.mark.skipif(not _faces(), reason="no Simplified Chinese typeface installed"),
]


def _card() -> Image.Image:
    """A card with the name and the title set top to bottom on the right, contacts in rows on
    the left (how traditional Chinese cards are laid out)."""
    face = _faces()[0]
    big = ImageFont.truetype(face[0], 64, index=face[1])
    small = ImageFont.truetype(face[0], 30, index=face[1])
    img = Image.new("L", (1400, 800), 255)
    draw = ImageDraw.Draw(img)
    for k, glyph in enumerate("陈咏"):
        draw.text((1150, 200 + 70 * k), glyph, fill=0, font=big)
    for k, glyph in enumerate("项目经理"):
        draw.text((1050, 230 + 38 * k), glyph, fill=60, font=small)
    for k, row in enumerate(["电话 028 2035 0872", "手机 190 9630 9054", "传真 028 5868 0970"]):
        draw.text((150, 500 + 45 * k), row, fill=0, font=small)
    return img


def test_columns_of_glyphs_are_found_and_stacked_labels_are_not_read_as_one() -> None:
    columns = ink_columns(_card())
    assert any(1140 <= x <= 1160 and h >= 120 for x, _, _, h in columns)
    assert any(1040 <= x <= 1060 and h >= 130 for x, _, _, h in columns)


def test_a_vertical_name_and_title_read_as_lines() -> None:
    texts = [ln.text for ln in recognise(_card(), "eng+HanS")]
    assert "陈咏" in texts
    assert "项目经理" in texts
    assert any(t.startswith("电话") for t in texts)
