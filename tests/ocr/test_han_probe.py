"""The Chinese model reads a page only when the lines the Latin model read poorly hold Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import engine, tessapi
from ocr.engine import Word

CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pytestmark = pytest.mark.skipif(
    not (CJK.exists() and LATIN.exists()), reason="needs Noto Sans CJK and DejaVu Sans"
)


def page(rows: list[str]) -> Image.Image:
    img = Image.new("L", (900, 70 * len(rows) + 40), 255)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(rows):
        han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        font = ImageFont.truetype(str(CJK if han else LATIN), 34)
        draw.text((40, 30 + 70 * k), text, fill=0, font=font)
    return img


def unsure(words: list[Word]) -> list[Word]:
    """The same words read as a blurred photo's: too unsure for the page to read well."""
    return [Word(w.text, w.left, w.top, w.width, w.height, 0.4, w.line) for w in words]


def page_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    calls: list[tuple[str, int]] = []
    real = tessapi.tsv

    def counted(img: Image.Image, language: str, psm: int, variables: dict[str, str]) -> str:
        calls.append((language, psm))
        return real(img, language, psm, variables)

    monkeypatch.setattr(tessapi, "tsv", counted)
    return calls


def test_a_latin_card_read_unsurely_is_not_read_again_by_the_chinese_model(monkeypatch) -> None:
    img = page(["Maria Lindqvist", "Account Director", "Nordvik Logistics AB"])
    latin = unsure(engine.ocr_words(img, "eng"))
    calls = page_reads(monkeypatch)
    assert engine._read(img, ["eng", "HanS"], latin) == latin
    assert ("HanS", 11) not in calls  # only the small montage of the weak lines was read


def test_a_card_with_chinese_is_read_by_the_chinese_model(monkeypatch) -> None:
    img = page(["王建国", "销售经理", "Wang Jianguo"])
    latin = engine.ocr_words(img, "eng")
    calls = page_reads(monkeypatch)
    words = engine._read(img, ["eng", "HanS"], latin)
    assert ("HanS", 11) in calls
    assert any(w.han for w in words)
