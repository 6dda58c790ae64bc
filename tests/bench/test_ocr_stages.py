"""The stages bench counts a printed line as found whichever Chinese script it was read in."""

from __future__ import annotations

from types import SimpleNamespace

from bench.ocr_stages import coverage


def test_a_traditional_line_read_in_simplified_characters_is_found() -> None:
    printed = [{"text": "項目經理"}, {"text": "台北市信義區松仁路100號"}, {"text": "Jane Chen"}]
    read = [SimpleNamespace(text=t) for t in ("项目经理", "台北市信义区松仁路100号")]
    assert coverage(printed, read) == 2 / 3
    assert coverage(printed, [SimpleNamespace(text="销售经理")]) == 0
