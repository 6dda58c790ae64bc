"""A name in large type and the title beside it in small type, read as one line, are split
where the type changes size and each part is read again at its own size."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import split_sizes
from ocr.extract import Line
from ocr.glyphs import _faces

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract"),
    pytest.mark.skipif(not _faces(), reason="no Simplified Chinese typeface installed"),
]


def _row(big: str, small: str) -> Image.Image:
    face = _faces()[0]
    img = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), big, fill=0, font=ImageFont.truetype(face[0], 90, index=face[1]))
    font = ImageFont.truetype(face[0], 36, index=face[1])
    draw.text((60 + 95 * len(big), 90), small, fill=0, font=font)
    return img


def test_a_large_name_and_a_small_title_read_as_one_line_are_split() -> None:
    img = _row("王峰", "房产经纪人")
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    # read as the name's last glyph run into the title, boxed round both sizes of type
    line = Line("峰房产经纪人", (left, top, right - left, bottom - top), 36.0, 0.81)
    texts = [ln.text.replace(" ", "") for ln in split_sizes(img, [line], "HanS")]
    assert texts == ["王峰", "房产经纪人"]


def test_a_line_of_one_type_size_is_left_alone() -> None:
    face = _faces()[0]
    img = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(img).text(
        (40, 40), "房产经纪人", fill=0, font=ImageFont.truetype(face[0], 60, index=face[1])
    )
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    line = Line("房产经纪人", (left, top, right - left, bottom - top), 60.0, 0.9)
    assert split_sizes(img, [line], "HanS") == [line]


def test_the_first_glyph_of_a_letter_spaced_name_left_unread_is_taken_in() -> None:
    img = _row("王 峰", "房产经纪人")
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    # Tesseract boxed the line from 峰 on: 王, set apart, was left out
    start = left + 111  # where 峰 starts
    line = Line("峰房产经纪人", (start, top, right - start, bottom - top), 36.0, 0.81)
    texts = [ln.text.replace(" ", "") for ln in split_sizes(img, [line], "HanS")]
    assert texts == ["王峰", "房产经纪人"]


def test_a_round_logo_before_a_firm_name_is_not_a_name() -> None:
    face = _faces()[0]
    img = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(img)
    draw.ellipse((40, 40, 130, 130), fill=0)
    font = ImageFont.truetype(face[0], 40, index=face[1])
    draw.text((150, 65), "上海青禾网络科技有限公司", fill=0, font=font)
    left, top, right, bottom = img.point(lambda v: 255 - v).getbbox()
    line = Line("上海青禾网络科技有限公司", (left, top, right - left, bottom - top), 40.0, 0.8)
    assert split_sizes(img, [line], "HanS") == [line]
