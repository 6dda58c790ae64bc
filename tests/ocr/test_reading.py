"""The reading layer: Tesseract in this process, orientation, and photos of any size."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageOps

from ocr import read_card, tessapi
from ocr.engine import _flip_votes, _languages, ocr_words
from ocr.image import load_image
from ocr.preprocess import MAX_SIDE, prepare

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs the tesseract binary on PATH"
)
FIXTURES = Path(__file__).with_name("fixtures")


def card() -> Image.Image:
    return prepare(load_image((FIXTURES / "en_scan.jpg").read_bytes(), longest=MAX_SIDE)).image


def test_in_process_reading_is_the_commands() -> None:
    if not tessapi.available():
        pytest.skip("libtesseract cannot be loaded here")
    img = card()
    here = ocr_words(img, "eng")
    previous = tessapi.configure(command=True)
    try:
        there = ocr_words(img, "eng")
    finally:
        tessapi.configure(command=previous)
    assert [(w.text, w.left, w.top, w.width, w.height) for w in here] == [
        (w.text, w.left, w.top, w.width, w.height) for w in there
    ]
    assert all(abs(a.confidence - b.confidence) < 0.01 for a, b in zip(here, there, strict=True))


def test_lines_read_both_ways_tell_which_way_is_up() -> None:
    img = card()
    langs = _languages("eng+HanS")
    up, down = _flip_votes(img, langs) or (0.0, 0.0)
    assert up > down + 0.15
    up, down = _flip_votes(img.rotate(180), langs) or (0.0, 0.0)
    assert down > up + 0.15


def photo_of_card(frame: tuple[int, int], turn: int = 0) -> bytes:
    """The scanned card lying on a plain grey desk, filling about 60 % of the frame's width."""
    scan = Image.open(FIXTURES / "en_scan.jpg").convert("RGB")
    width = round(0.6 * frame[0])
    scan = scan.resize((width, round(scan.height * width / scan.width)), Image.Resampling.LANCZOS)
    desk = Image.new("RGB", frame, (92, 96, 104))
    desk.paste(scan, ((frame[0] - scan.width) // 2, (frame[1] - scan.height) // 2))
    if turn:
        desk = desk.rotate(turn)
    out = io.BytesIO()
    desk.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_a_small_and_a_huge_photo_of_one_card_read_alike() -> None:
    small = read_card(photo_of_card((960, 720)))
    huge = read_card(photo_of_card((4000, 3000)))
    assert small.name == huge.name == "Janice Clayton"
    assert small.phone and huge.phone and small.phone.e164 == huge.phone.e164 == "+447783378876"
    assert small.emails == huge.emails


def test_an_upside_down_photo_reads_like_the_upright_one() -> None:
    upright = read_card(photo_of_card((1600, 1200)))
    turned = read_card(photo_of_card((1600, 1200), turn=180))
    assert turned.name == upright.name == "Janice Clayton"
    assert turned.phone and upright.phone and turned.phone.e164 == upright.phone.e164


def test_the_command_is_used_when_asked() -> None:
    """OCR_TESSERACT_PROCESS=1: bot/cli.py puts the setting in force this way at start."""
    previous = tessapi.configure(command=True)
    try:
        assert not tessapi.available()
    finally:
        tessapi.configure(command=previous)


def test_a_scan_whose_coloured_band_is_taken_for_the_card_is_read_whole() -> None:
    scan = Image.open(FIXTURES / "en_scan.jpg").convert("RGB")
    w, h = scan.size
    card = Image.new("RGB", (w + w // 2, h), (250, 248, 240))
    card.paste(scan, (0, 0))
    ImageDraw.Draw(card).rectangle((w, 0, w + w // 2, h), fill=(160, 30, 40))
    page = Image.new("RGB", (card.width + 80, card.height + 80), (238, 238, 238))
    page.paste(card, (40, 40))
    out = io.BytesIO()
    page.save(out, "PNG")
    assert prepare(load_image(out.getvalue(), longest=MAX_SIDE)).cropped  # the band, alone
    result = read_card(out.getvalue())
    assert result.name == "Janice Clayton"
    assert result.phone and result.phone.e164 == "+447783378876"


def test_light_type_on_dark_is_read_inverted_only_when_asked() -> None:
    """Preprocessing turns a card's light-on-dark type dark on light and says so; where it
    found none, Tesseract's inverted second reading of unsure lines is switched off."""
    from ocr.engine import recognise

    dark = ImageOps.invert(card())
    assert "Janice" in " ".join(line.text for line in recognise(dark, "eng"))
    assert "Janice" not in " ".join(line.text for line in recognise(dark, "eng", invert=False))
    # dark type on light paper reads the same either way
    upright = [line.text for line in recognise(card(), "eng", invert=False)]
    assert upright == [line.text for line in recognise(card(), "eng")]
