"""A Latin card's unsure line is read again, cut out and sharpened (engine.doubtful_lines)."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr.engine import doubtful_lines
from ocr.extract import Line

SANS = ImageFont.truetype("DejaVuSans.ttf", 30)


def _page(text: str) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """One line of type, blurred as a phone's photo blurs it."""
    img = Image.new("L", (900, 120), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), text, font=SANS, fill=0)
    x0, y0, x1, y1 = draw.textbbox((40, 40), text, font=SANS)
    box = (round(x0), round(y0), round(x1 - x0), round(y1 - y0))
    return img.filter(ImageFilter.GaussianBlur(1.5)), box


def test_an_unsure_line_is_read_again_and_the_surer_reading_kept() -> None:
    img, box = _page("Tel +44 20 7946 0321")
    page_read = Line("Tel +44 20 7 } 0321", box, float(box[3]), 0.45)
    out = doubtful_lines(img, [page_read], ["eng", "HanS"])
    assert out[0].text.replace(" ", "") == "Tel+442079460321"
    assert out[0].confidence > 0.55
    assert out[0].box == box


def test_sure_lines_chinese_cards_and_accented_lines_are_left_alone() -> None:
    img, box = _page("Tel +44 20 7946 0321")
    sure = Line("Tel +44 20 7946 0321", box, float(box[3]), 0.95)
    assert doubtful_lines(img, [sure], ["eng", "HanS"])[0] is sure
    unsure = Line("Tel +44 20 7 } 0321", box, float(box[3]), 0.45)
    han = Line("电话", (0, 0, 30, 30), 30.0, 0.9)
    assert doubtful_lines(img, [unsure, han], ["eng", "HanS"])[0] is unsure
    accented = Line("Élise Mendès", box, float(box[3]), 0.45)  # the Latin model's accents
    assert doubtful_lines(img, [accented], ["eng", "HanS"])[0] is accented
