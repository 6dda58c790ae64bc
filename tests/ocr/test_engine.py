"""Pure helpers of the Tesseract stage: line grouping and choosing among readings."""

from __future__ import annotations

from ocr.engine import Word, _agreed, _clear_of, to_lines
from ocr.extract import Line


def word(text: str, left: int, top: int, width: int, height: int) -> Word:
    return Word(text, left, top, width, height, 0.9, (1, 1, 1))


def test_chinese_line_is_not_split_by_ragged_word_boxes() -> None:
    # chi_sim boxes 市 as 20 px and 梁平 as 36 px on one line of 9-point type
    words = [
        word("兴城", 545, 678, 74, 36),
        word("市", 627, 689, 26, 20),
        word("梁平", 676, 678, 58, 36),
    ]
    assert [ln.text.replace(" ", "") for ln in to_lines(words)] == ["兴城市梁平"]


def test_latin_type_of_another_size_is_another_column() -> None:
    words = [word("Sales", 100, 100, 80, 20), word("Manager", 210, 100, 120, 40)]
    assert len(to_lines(words)) == 2


def test_agreed_reading_beats_a_surer_outlier() -> None:
    readings = [("赵傅", 0.85), ("赵倩", 0.8), ("赵倩", 0.7)]
    assert _agreed(readings) == ("赵倩", 0.8)


def test_agreed_ignores_spacing_and_empty_readings() -> None:
    assert _agreed([("", 0.9), ("副总 裁", 0.7), ("副总裁", 0.88)]) == ("副总裁", 0.88)
    assert _agreed([("", 0.9)]) is None


def test_crop_padding_stops_at_the_next_piece_on_the_row() -> None:
    line = Line("地址山西省", (164, 755, 196, 34), 33.0)
    right = Line("汕尾市", (391, 750, 360, 40), 33.0)
    below = Line("传真", (164, 820, 300, 34), 33.0)
    assert _clear_of(line, [line, right, below], 144, 380) == (144, 380)
    assert _clear_of(line, [line, right, below], 144, 420) == (144, 389)
