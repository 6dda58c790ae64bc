"""Which turns of a portrait crop are read."""

from __future__ import annotations

from PIL import Image

from ocr import engine
from ocr.engine import Orientation, Word


def test_a_sideways_card_that_reads_well_a_quarter_turned_is_not_read_upside_down(
    monkeypatch,
) -> None:
    # a landscape card photographed sideways: a portrait crop, OSD unsure
    crop = Image.new("L", (300, 600), 255)
    crop.putpixel((10, 20), 0)  # which way the crop was turned shows in where this dot goes
    card = [Word("Customer Service Supervisor", 10, 10 + 30 * k, 300, 20, 0.93, (1, 1, k))
            for k in range(6)]  # fmt: skip
    specks = [Word("oO", 10, 10, 30, 20, 0.3, (1, 1, 1))]
    read: list[tuple[int, int]] = []

    def fake_read(img: Image.Image, langs: list[str], latin_words=None) -> list[Word]:
        dot = next((x, y) for x in range(img.width) for y in range(img.height)
                   if img.getpixel((x, y)) == 0)  # fmt: skip
        read.append(dot)
        return card if img.width > img.height and dot[1] < img.height // 2 else specks

    monkeypatch.setattr(engine, "_read", fake_read)
    monkeypatch.setattr(engine, "orientation", lambda img: Orientation(0, 0.5))
    img, words = engine._upright(crop, ["eng", "HanS"])
    assert words == card and img.width == 600
    assert len(read) == 2  # upright and a quarter turned; not the other quarter


def test_an_upside_down_card_the_latin_model_reads_turned_is_not_read_in_chinese(
    monkeypatch,
) -> None:
    # a landscape card upside down: upright, the Latin model reads mirrored garbage; turned,
    # it reads the card surely. The Chinese page read and the orientation vote are skipped.
    crop = Image.new("L", (600, 300), 255)
    crop.putpixel((10, 20), 0)  # upside down, this dot goes to the bottom right
    card = [Word("Customer Service Supervisor", 10, 10 + 30 * k, 300, 20, 0.93, (1, 1, k))
            for k in range(6)]  # fmt: skip
    garbage = [Word("“pYT wodxy", 10, 10 + 30 * k, 300, 20, 0.2, (1, 1, k)) for k in range(6)]
    models: list[tuple[str, bool]] = []

    def fake_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        turned = img.getpixel((10, 20)) != 0
        models.append((language, turned))
        if language != "eng":
            raise AssertionError("the Chinese model was not needed")
        return card if turned else garbage

    monkeypatch.setattr(engine, "ocr_words", fake_words)
    monkeypatch.setattr(engine, "orientation", lambda img: Orientation(0, 0.5))
    img, words = engine._upright(crop, ["eng", "HanS"])
    assert words == card and img.getpixel((589, 279)) == 0
    assert models == [("eng", False), ("eng", True)]


def test_a_sideways_card_the_latin_model_reads_a_quarter_turned_is_not_read_in_chinese(
    monkeypatch,
) -> None:
    # a landscape card photographed sideways (a portrait crop, OSD unsure) that the Latin
    # model reads well turned the second quarter: neither the crop as it stands nor the other
    # quarter is read with the Chinese model
    crop = Image.new("L", (300, 600), 255)
    crop.putpixel((10, 20), 0)
    card = [Word("Customer Service Supervisor", 10, 10 + 30 * k, 300, 20, 0.93, (1, 1, k))
            for k in range(6)]  # fmt: skip
    garbage = [Word("“pYT wodxy", 10, 10 + 30 * k, 300, 20, 0.2, (1, 1, k)) for k in range(6)]
    calls: list[tuple[str, tuple[int, int]]] = []

    def fake_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        dot = next((x, y) for x in range(img.width) for y in range(img.height)
                   if img.getpixel((x, y)) == 0)  # fmt: skip
        calls.append((language, dot))
        if language != "eng":
            raise AssertionError("the Chinese model was not needed")
        return card if dot == (20, 289) else garbage  # turned 270 degrees clockwise

    monkeypatch.setattr(engine, "ocr_words", fake_words)
    monkeypatch.setattr(engine, "orientation", lambda img: Orientation(0, 0.5))
    img, words = engine._upright(crop, ["eng", "HanS"])
    assert words == card and img.size == (600, 300) and img.getpixel((20, 289)) == 0
    assert {dot for _, dot in calls} == {(579, 10), (20, 289)}  # the two quarters only


def _quarter_fakes(card: list[Word], specks: list[Word]):
    """ocr_words / _read fakes that read `card` only with `crop` turned 90 degrees clockwise
    (the dot at (10, 20) of a landscape crop then sits at the top right of a portrait)."""
    seen: list[tuple[int, int]] = []

    def turned_right(img: Image.Image) -> bool:
        return img.height > img.width and img.getpixel((img.width - 21, 10)) == 0

    def fake_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        seen.append(img.size)
        return card if turned_right(img) else specks

    def fake_read(img: Image.Image, langs: list[str], latin_words=None) -> list[Word]:
        seen.append(img.size)
        return card if turned_right(img) else specks

    return fake_words, fake_read, seen


def test_a_landscape_crop_that_reads_next_to_nothing_is_tried_a_quarter_turned(
    monkeypatch,
) -> None:
    # a portrait card lying sideways in a landscape frame (its outline not found, or a band
    # taken for it): read as it stands and upside down, only specks come out
    crop = Image.new("L", (600, 300), 255)
    crop.putpixel((10, 20), 0)
    card = [Word("Customer Service Supervisor", 10, 10 + 30 * k, 300, 20, 0.9, (1, 1, k))
            for k in range(6)]  # fmt: skip
    specks = [Word("oO", 10, 10, 30, 20, 0.3, (1, 1, 1))]
    fake_words, fake_read, _ = _quarter_fakes(card, specks)
    monkeypatch.setattr(engine, "ocr_words", fake_words)
    monkeypatch.setattr(engine, "_read", fake_read)
    monkeypatch.setattr(engine, "_flip_votes", lambda *a, **k: None)
    monkeypatch.setattr(engine, "orientation", lambda img: Orientation(0, 0.5))
    img, words = engine._upright(crop, ["eng", "HanS"])
    assert words == card and img.size == (300, 600)


def test_a_landscape_crop_that_reads_well_is_not_turned_a_quarter(monkeypatch) -> None:
    crop = Image.new("L", (600, 300), 255)
    card = [Word("Customer Service Supervisor", 10, 10 + 30 * k, 300, 20, 0.93, (1, 1, k))
            for k in range(6)]  # fmt: skip
    sizes: list[tuple[int, int]] = []

    def fake_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        sizes.append(img.size)
        return card

    monkeypatch.setattr(engine, "ocr_words", fake_words)
    _, words = engine._upright(crop, ["eng", "HanS"])
    assert words == card and sizes == [(600, 300)]
