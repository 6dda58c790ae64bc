"""Extraction of what PP-OCR reads on photos: its own slips, from the tuning splits' misses."""

from __future__ import annotations

from ocr import Line, extract_fields


def card(*rows: tuple[str, float]) -> list[Line]:
    """Lines top to bottom, left-aligned, each with its type height in pixels."""
    lines, top = [], 40
    for text, height in rows:
        lines.append(
            Line(text, (60, top, int(len(text) * height * 0.5), int(height)), height, 0.95)
        )
        top += int(height * 1.5)
    return lines


def test_an_at_sign_read_as_an_accented_letter() -> None:
    # no address holds an ä: the one such letter between a mailbox and a domain was the @
    lines = card(
        ("杭州青禾食品有限公司", 60),
        ("任斯", 110),
        ("REN Si Customer Service", 40),
        ("T电话：+86 571 4184 6188", 45),
        ("E电邮：srenäqinghetech.cn", 45),
    )
    assert extract_fields(lines, "CN").emails == ["sren@qinghetech.cn"]
