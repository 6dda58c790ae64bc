"""Accents the reading left out, told from the ink above the letters."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import _with_marks
from ocr.extract import Line
from ocr.marks import explained, marks_above, unexplained

SERIF = ImageFont.truetype("DejaVuSerif-Bold.ttf", 48)
SANS = ImageFont.truetype("DejaVuSans.ttf", 30)


def page(*rows: tuple[str, int, ImageFont.FreeTypeFont]) -> tuple[Image.Image, list[Line]]:
    """White paper with each row of text drawn at its top; the lines with their ink boxes."""
    img = Image.new("L", (900, 400), 255)
    draw = ImageDraw.Draw(img)
    lines = []
    for text, top, font in rows:
        draw.text((40, top), text, font=font, fill=0)
        # Tesseract's box: the letters' own ink, without marks above the capitals
        x0, _, x1, y1 = draw.textbbox((40, top), text.replace("ü", "u"), font=font)
        _, y0, _, _ = draw.textbbox((40, top), "H", font=font)
        lines.append(Line(text, (x0, y0, x1 - x0, y1 - y0), float(y1 - y0), 0.92))
    return img, lines


@pytest.mark.parametrize(
    ("text", "count"),
    [("Buhler", 0), ("Bühler", 2), ("Alois", 1), ("Krejčová", 3), ("O'Brien", 3), ("Muñoz", 1)],
)
def test_marks_a_reading_accounts_for(text: str, count: int) -> None:
    assert explained(text) == count


def test_accents_over_the_letters_are_counted() -> None:
    img, (line,) = page(("Alois Krejčová", 100, SERIF))
    x, y, w, h = line.box
    crop = img.crop((x, y - h // 2, x + w, y + h))
    assert marks_above(crop) == 4  # the dots of i and j, the caron and the acute


def test_a_name_read_without_its_accents_leaves_marks_unexplained() -> None:
    img, (line,) = page(("Jacques Bühler", 100, SERIF))
    assert unexplained(img, line.box, "Jacques Buhler") == 2
    assert unexplained(img, line.box, "Jacques Bühler") == 0


def test_plain_names_and_their_dots_are_explained() -> None:
    img, lines = page(("Alice Jiménez", 60, SERIF), ("William Smith", 200, SANS))
    assert [unexplained(img, ln.box, ln.text) for ln in lines] == [0, 0]


def test_the_line_above_is_not_read_as_accents() -> None:
    # a row of dots in small print right above a name: its dots are not the name's marks
    img, (above, name) = page((". " * 14, 118, SANS), ("Robert Hanson", 130, SERIF))
    assert unexplained(img, name.box, name.text) == 4  # blind to the line above, they count
    assert _with_marks(img, name, [above, name]).confidence == name.confidence


def test_a_line_read_without_its_accents_is_doubtful() -> None:
    img, (line,) = page(("Jacques Bühler", 100, SERIF))
    read = Line("Jacques Buhler", line.box, line.height, line.confidence)
    assert _with_marks(img, read, [read]).confidence < 0.8 * line.confidence
    assert _with_marks(img, line, [line]).confidence == line.confidence


def test_numbers_are_left_alone() -> None:
    img, (line,) = page(("Tel 0049 30 1234", 100, SERIF))
    read = Line("Tel 0049 30 1234", line.box, line.height, line.confidence)
    assert _with_marks(img, read, [read]).confidence == line.confidence
