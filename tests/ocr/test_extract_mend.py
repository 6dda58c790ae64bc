"""Extraction rules that mend a field where the reading is usable but came out a little wrong,
and the confidence rules beside them."""

from __future__ import annotations

from ocr import Line, extract_fields
from ocr.extract import floor_read_as_e, is_address


def test_a_hong_kong_floor_read_as_e_starts_the_address() -> None:
    assert floor_read_as_e("38/E, Unit 1, Central Plaza") == "38/F, Unit 1, Central Plaza"
    assert floor_read_as_e("6/EF, Unit 3, Harbour Centre") == "6/F, Unit 3, Harbour Centre"
    assert floor_read_as_e("12/E Road") == "12/E Road"  # no unit after it: left alone
    assert is_address("38/E, Unit 1, Central Plaza") >= 0.7
    lines = [
        Line("Eddie Ho", (136, 152, 279, 47), 47.0, 0.96),
        Line("Chief Executive Officer", (136, 228, 343, 25), 25.0, 0.97),
        Line("Ayers Labs Ltd.", (135, 619, 225, 29), 23.0, 0.96),
        Line("6/EF, Unit 3, Harbour Centre", (136, 657, 369, 27), 23.0, 0.86),
        Line("225 Gloucester Road, Sha Tin, HK", (136, 696, 460, 27), 23.0, 0.96),
    ]
    got = extract_fields(lines, "HK").address
    assert got == "6/F, Unit 3, Harbour Centre, 225 Gloucester Road, Sha Tin, HK"
