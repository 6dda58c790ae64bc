"""Accented Latin names read again by the Latin script model, kept only where they differ from
eng's reading in the accents."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import engine
from ocr.engine import Word, accents, installed, only_accents, recognise
from ocr.extract import Line

SANS = ImageFont.truetype("DejaVuSans.ttf", 34)

needs_latin = pytest.mark.skipif(
    shutil.which("tesseract") is None or engine.ACCENTED_MODEL not in installed(),
    reason="the Latin script model is not installed (Debian's tesseract-ocr-script-latn)",
)


def card(*rows: str) -> Image.Image:
    img = Image.new("L", (900, 70 * len(rows) + 40), 255)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(rows):
        draw.text((40, 30 + 70 * k), text, font=SANS, fill=0)
    return img


@pytest.mark.parametrize(
    ("read", "accented", "kept"),
    [
        ("Alois Krejcova", "Alois Krejčová", "Alois Krejčová"),
        ("Alois Krejéova", "Alois Krejčová", "Alois Krejčová"),  # eng's é for č
        ("80331 Miinchen", "80331 München", "80331 München"),
        ("Ana Munoz", "Ana Muñoz", "Ana Muñoz"),
        ("Jose Smith", "José Smyth", "José Smith"),  # a word spelt otherwise stays eng's
        ("Robert Hanson", "Róbert Hänsen", "Róbert Hanson"),
        ("Robert Hanson", "Robert Hanson", None),
        ("Robert Hanson", "Robert H. Hanson", None),  # words do not pair up
        ("Tom", "ÆØÅ", None),  # mostly letters eng has not: not the same word
        ("Harhour Street", "Hərhour Street", None),  # a phonetic letter, not an accent
        ("Straße 174, 2. Etage", "Straße 174, 2.Etage", None),
        ("StraBe 174, 2. Etage", "Straße 174, 2.Etage", "Straße 174, 2. Etage"),
    ],
)
def test_only_the_accents_are_taken(read: str, accented: str, kept: str | None) -> None:
    assert only_accents(read, accented) == kept


@needs_latin
def test_accented_names_keep_their_accents() -> None:
    texts = [ln.text for ln in recognise(card("José García", "Alois Krejčová", "80331 München"))]
    assert texts == ["José García", "Alois Krejčová", "80331 München"]


@needs_latin
def test_a_card_with_accents_has_its_plain_looking_lines_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # on a blurred photo the marks above the type are not seen; eng read José's é, so the
    # street it read surely without its accent is read again too
    monkeypatch.setattr(engine, "_lost_marks", lambda *args: 0)
    texts = [ln.text for ln in recognise(card("José Pérez", "Avenida de Cádiz 12"))]
    assert texts == ["José Pérez", "Avenida de Cádiz 12"]


def test_a_latin_reading_spelt_otherwise_is_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    img = card("Krejcova")
    line = Line("Krejcova", (40, 38, 160, 34), 34.0, 0.6)
    monkeypatch.setattr(engine, "installed", lambda: frozenset({"eng", "Latin"}))
    latin = [Word("Krejčovo", 0, 0, 10, 10, 0.97, (1, 1, 1))]
    seen: list[str] = []

    def reading(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        seen.append(language)
        return [replace_box(w, img) for w in latin]

    monkeypatch.setattr(engine, "ocr_words", reading)
    assert accents(img, [line], ["eng", "HanS"]) == [line]
    assert seen == ["Latin"]  # it was asked, and its reading not taken
    latin = [Word("Krejčová", 0, 0, 10, 10, 0.97, (1, 1, 1))]
    assert [ln.text for ln in accents(img, [line], ["eng", "HanS"])] == ["Krejčová"]


def test_nothing_is_read_again_without_the_latin_model(monkeypatch: pytest.MonkeyPatch) -> None:
    img = card("Krejcova")
    line = Line("Krejcova", (40, 38, 160, 34), 34.0, 0.6)
    monkeypatch.setattr(engine, "installed", lambda: frozenset({"eng", "HanS"}))
    monkeypatch.setattr(engine, "ocr_words", lambda *a, **k: pytest.fail("read again"))
    assert accents(img, [line], ["eng", "HanS"]) == [line]


def replace_box(word: Word, sheet: Image.Image) -> Word:
    """A word in the middle of a one-line sheet."""
    third = sheet.height // 3
    return Word(word.text, 10, third, 100, third, word.confidence, word.line)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Frida Moller", True),
        ("Maria Buitrago", True),
        ("Jean-Luc O'Neill", True),
        ("MAURYCY KLECZAR", True),
        ("John A. Smith", True),
        ("Frida", False),  # one word: a title, a wordmark
        ("A Foxglove Solutions", False),  # a logo's letter before a wordmark, not an initial
        ("Office manager", False),
        ("83 Cecil Street", False),
        ("Tel. 6563", False),
        ("Senior Vice President Of Sales Asia", False),
    ],
)
def test_name_like_lines(text: str, name: bool) -> None:
    assert engine._name_like(text) is name


def test_a_surely_read_name_is_read_again_for_accents(monkeypatch: pytest.MonkeyPatch) -> None:
    # eng reads Møller's ø as o, surely, and the ink shows no mark above it: on a card with
    # no other accent the name was never read again
    img = card("Frida Moller", "Office manager")
    name = Line("Frida Moller", (40, 38, 300, 34), 34.0, 0.96)
    title = Line("Office manager", (40, 108, 300, 34), 34.0, 0.95)
    monkeypatch.setattr(engine, "installed", lambda: frozenset({"eng", "Latin"}))
    monkeypatch.setattr(engine, "_lost_marks", lambda *args: 0)
    seen: list[int] = []

    def reading(sheet: Image.Image, language: str, psm: int | None = None) -> list[Word]:
        assert language == "Latin"
        seen.append(sheet.height)
        words = [Word(text, 0, 0, 10, 10, 0.96, (1, 1, 1)) for text in ("Frida", "Møller")]
        return [replace_box(w, sheet) for w in words]

    monkeypatch.setattr(engine, "ocr_words", reading)
    out = accents(img, [name, title], ["eng", "HanS"])
    assert [ln.text for ln in out] == ["Frida Møller", "Office manager"]
    assert len(seen) == 1  # the name alone, in one montage
