"""Export formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from bot.export import COLUMNS, write_contacts
from storage.models import Contact


def contact() -> Contact:
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    return Contact(
        id=3, name="王伟", company="Acme, Ltd; Shanghai", phone="+8613800138000",
        email="wei@example.cn", notes="line one\nline two", source="card", owner_id=5,
        created_at=at, updated_at=at,
    )  # fmt: skip


def test_json_lines_have_the_documented_keys() -> None:
    out = io.StringIO()
    assert write_contacts([contact()], "json", out) == 1
    record = json.loads(out.getvalue())
    assert tuple(record) == COLUMNS and record["phone"] == "+8613800138000"
    assert record["created_at"] == "2026-11-23T09:30:00+00:00"


def test_csv_round_trips() -> None:
    out = io.StringIO()
    write_contacts([contact()], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["name"] == "王伟" and rows[0]["notes"] == "line one\nline two"


def test_vcard_4_escapes_values() -> None:
    out = io.StringIO()
    write_contacts([contact()], "vcf", out)
    card = out.getvalue()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:王伟\r\n")
    assert "ORG:Acme\\, Ltd\\; Shanghai" in card and "TEL;VALUE=uri:tel:+8613800138000" in card
    assert "NOTE:line one\\nline two" in card and card.endswith("END:VCARD\r\n")
