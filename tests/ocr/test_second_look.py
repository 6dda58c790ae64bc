"""A page that reads poorly is read again darkened, and the surer reading kept line by line."""

from __future__ import annotations

from PIL import Image, ImageDraw

from ocr import engine
from ocr.engine import Word, darkened, merge_looks, second_look


def test_darkening_makes_grey_type_dark_and_leaves_the_paper_light() -> None:
    img = Image.new("L", (3, 1))
    img.putdata([240, 150, 30])
    out = darkened(img)
    paper, grey, black = (out.getpixel((x, 0)) for x in range(3))
    assert paper >= 215  # still paper under any page threshold
    assert grey <= 90  # grey type now well below the paper
    assert black <= 5


def test_a_line_read_more_fully_the_second_time_replaces_the_first_reading() -> None:
    first = [
        Word("Movil:", 10, 100, 60, 20, 0.92, (1, 1, 1)),
        Word("}", 200, 100, 10, 20, 0.77, (1, 1, 2)),
        Word("(WhatsApp)", 220, 100, 100, 20, 0.90, (1, 1, 2)),
        Word("Francisca", 10, 10, 120, 40, 0.95, (2, 1, 1)),
    ]
    second = [
        Word("Movil:", 10, 100, 60, 20, 0.93, (1, 1, 1)),
        Word("659", 80, 100, 30, 20, 0.9, (1, 1, 1)),
        Word("215", 115, 100, 30, 20, 0.9, (1, 1, 1)),
        Word("313", 150, 100, 30, 20, 0.9, (1, 1, 1)),
        Word("(WhatsApp)", 220, 100, 100, 20, 0.9, (1, 1, 1)),
        Word("Sra", 10, 10, 40, 40, 0.4, (2, 1, 1)),  # the darkened name is worse
    ]
    merged = merge_looks(first, second)
    texts = [w.text for w in merged]
    assert "Francisca" in texts and "Sra" not in texts
    assert "659" in texts and "}" not in texts
    # the new line's words are one line, apart from the first reading's lines
    assert len({w.line for w in merged if w.text in ("659", "(WhatsApp)")}) == 1
    assert next(w for w in merged if w.text == "659").line != (1, 1, 1)
    # the two readings disagreed on the line: its words are not sure enough to go unasked
    assert all(w.confidence < 0.8 for w in merged if w.text in ("659", "(WhatsApp)"))


def test_a_surely_read_line_only_the_second_look_found_is_added_and_junk_is_not() -> None:
    first = [Word("Francisca", 10, 10, 120, 40, 0.95, (1, 1, 1))]
    second = [
        Word("www.gual.es", 10, 200, 120, 20, 0.9, (3, 1, 1)),
        Word("ee", 300, 300, 20, 10, 0.3, (4, 1, 1)),
    ]
    texts = [w.text for w in merge_looks(first, second)]
    assert texts == ["Francisca", "www.gual.es"]


def test_a_page_that_reads_well_is_not_read_again(monkeypatch) -> None:
    words = [Word("Customer Service", 10, 10, 300, 20, 0.95, (1, 1, 1))]
    calls: list[str] = []
    monkeypatch.setattr(engine, "ocr_words", lambda img, model, psm=None: calls.append(model))
    assert second_look(Image.new("L", (50, 50), 255), ["eng", "HanS"], words) == words
    assert calls == []


def test_a_poorly_read_latin_page_is_read_again_with_the_latin_model(monkeypatch) -> None:
    img = Image.new("L", (200, 60), 255)
    ImageDraw.Draw(img).rectangle((10, 10, 100, 30), fill=150)
    words = [Word("oO", 10, 10, 30, 20, 0.3, (1, 1, 1))]
    seen: list[tuple[str, int]] = []

    def fake(page: Image.Image, model: str, psm: int | None = None) -> list[Word]:
        seen.append((model, page.getpixel((50, 20))))
        return [Word("Movil", 10, 10, 90, 20, 0.9, (1, 1, 1))]

    monkeypatch.setattr(engine, "ocr_words", fake)
    merged = second_look(img, ["eng", "HanS"], words)
    assert [w.text for w in merged] == ["Movil"]
    assert seen[0][0] == "eng" and seen[0][1] < 100  # the grey box was read darkened


def test_the_second_look_reads_the_page_with_its_paper_evened(monkeypatch) -> None:
    # a blotch of shadow a line or two across: darkened alone, its paper went near black
    img = Image.new("L", (400, 120), 235)
    ImageDraw.Draw(img).ellipse((220, 10, 380, 110), fill=150)
    words = [Word("oO", 10, 10, 30, 20, 0.3, (1, 1, 1))]
    pages: list[Image.Image] = []

    def fake(page: Image.Image, model: str, psm: int | None = None) -> list[Word]:
        pages.append(page)
        return []

    monkeypatch.setattr(engine, "ocr_words", fake)
    second_look(img, ["eng", "HanS"], words)
    assert darkened(img).getpixel((300, 60)) < 100
    assert pages[0].getpixel((300, 60)) > 200  # the blotch's paper is paper again
