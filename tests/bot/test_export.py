"""Export formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl.utils import get_column_letter

from bot.export import FORMULA_START, columns, csv_cell, csv_value, vcard, write_contacts
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
    assert tuple(record) == columns() and record["phone"] == "+8613800138000"
    assert record["created_at"] == "2026-11-23T09:30:00+00:00"


def test_csv_round_trips() -> None:
    out = io.StringIO()
    write_contacts([contact()], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert rows[0]["name"] == "王伟" and rows[0]["notes"] == "line one\nline two"


def test_csv_starts_with_a_bom_so_excel_reads_chinese_as_utf8() -> None:
    out = io.StringIO()
    write_contacts([contact()], "csv", out)
    raw = out.getvalue().encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbfid,external_id,")
    # what Excel does with a BOM: decodes as UTF-8; without one it would take the local code page
    assert "王伟" in raw.decode("utf-8-sig").splitlines()[1]


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,2)", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]  # fmt: skip


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(formula: str) -> None:
    """OWASP CSV injection: a campaign stranger's company must not run in the manager's Excel."""
    hostile = contact()
    for column in ("name", "company", "title", "notes", "website", "address", "email"):
        setattr(hostile, column, formula)
    hostile.phone = formula
    out = io.StringIO()
    write_contacts([hostile], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    for column in ("name", "company", "title", "notes", "website", "address", "email", "phone"):
        assert row[column] == "'" + formula, column
        assert not row[column].startswith(FORMULA_START)


@pytest.mark.parametrize("phone", ["+8613800138000", "+14155552671;ext=12"])
def test_csv_keeps_stored_phones_usable(phone: str) -> None:
    """A stored E.164 number is digits only, so its "+" stays: the cell dials when pasted."""
    stored = contact()
    stored.phone = phone
    out = io.StringIO()
    write_contacts([stored], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert row["phone"] == phone


def test_csv_guard_is_undone_on_import() -> None:
    assert [csv_value(str(csv_cell("notes", f))) for f in FORMULAS] == FORMULAS
    assert csv_value("'plain quote") == "'plain quote"


def test_vcard_4_escapes_values() -> None:
    out = io.StringIO()
    write_contacts([contact()], "vcf", out)
    card = out.getvalue()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:王伟\r\n")
    assert "ORG:Acme\\, Ltd\\; Shanghai" in card and "TEL;VALUE=uri:tel:+8613800138000" in card
    assert "NOTE:line one\\nline two" in card and card.endswith("END:VCARD\r\n")


def test_vcard_parameter_values_are_escaped_per_rfc_6868() -> None:
    """A quote in an address must not end ADR's LABEL and start a property of its own."""
    record = {"id": 1, "name": "A", "updated_at": "2026-01-01T00:00:00+00:00",
              "address": 'Bldg "A"\r\nline 2 ^ 3:EMAIL:x@evil.example'}  # fmt: skip
    card = vcard(record)
    unfolded = card.replace("\r\n ", "")
    assert "ADR;LABEL=\"Bldg ^'A^'^nline 2 ^^ 3:EMAIL:x@evil.example\":;;;;;;" in unfolded
    assert not any(line.startswith("EMAIL") for line in card.split("\r\n"))


def test_vcard_property_values_cannot_break_the_line() -> None:
    record = {"id": 1, "name": "A\rNOTE:x", "notes": "a\r\nEMAIL:x@evil.example",
              "website": "https://a.example\r\nEMAIL:x@evil.example",
              "updated_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
    lines = vcard(record).split("\r\n")
    assert "\r" not in "".join(lines) and "\n" not in "".join(lines)
    assert [line.split(":")[0] for line in lines if line and not line.startswith(" ")] == [
        "BEGIN", "VERSION", "FN", "URL", "NOTE", "UID", "REV", "END",
    ]  # fmt: skip


def test_vcard_long_lines_fold_at_75_octets_between_characters() -> None:
    record = {"id": 1, "name": "王" * 60, "updated_at": "2026-01-01T00:00:00+00:00"}
    card = vcard(record)
    assert all(len(line.encode("utf-8")) <= 75 for line in card.split("\r\n"))
    assert "\r\nFN:" + "王" * 60 + "\r\n" in card.replace("\r\n ", "")


# --- Excel ----------------------------------------------------------------------------------------


def read_xlsx(path) -> tuple[object, list[list[object]]]:  # type: ignore[no-untyped-def]
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_has_a_frozen_filtered_header_dates_as_dates_and_chinese_intact(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.export import write_xlsx

    assert write_xlsx([contact()], tmp_path / "x.xlsx") == 1
    sheet, rows = read_xlsx(tmp_path / "x.xlsx")
    assert tuple(rows[0]) == columns() and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(columns()))}2"
    assert sheet.column_dimensions["C"].width > 10
    record = dict(zip(columns(), rows[1], strict=True))
    assert record["name"] == "王伟" and record["notes"] == "line one\nline two"
    assert record["created_at"] == datetime(2026, 11, 23, 9, 30)  # a date cell, in UTC
    phone = sheet.cell(2, columns().index("phone") + 1)
    assert phone.data_type == "s" and phone.number_format == "@"  # phone as text
    assert record["phone"] == "+8613800138000" and record["id"] == 3


@pytest.mark.parametrize("formula", FORMULAS)
def test_xlsx_cells_never_run_a_formula(tmp_path, formula: str) -> None:  # type: ignore[no-untyped-def]
    """The same guard as CSV: text cells, with Excel's quote prefix so an edit keeps them text;
    the value itself is unchanged, so it still matches the JSON export."""
    from bot.export import write_xlsx

    hostile = contact()
    for column in ("name", "company", "title", "notes", "website", "address", "email", "phone"):
        setattr(hostile, column, formula)
    write_xlsx([hostile], tmp_path / "x.xlsx")
    sheet, _ = read_xlsx(tmp_path / "x.xlsx")
    for cell in sheet[2]:
        column = columns()[cell.column - 1]
        if column in ("name", "company", "title", "notes", "website", "address", "email", "phone"):
            # (without lxml, XML reads a bare CR back as a line break; no validator stores one)
            assert cell.value in (formula, formula.replace("\r", "\n")), column
            assert cell.data_type == "s" and cell.quotePrefix, column


def test_staff_only_fields_go_only_to_staff() -> None:
    from bot import registry
    from bot.export import columns_for

    staff_only = registry.current().staff_only

    assert columns_for(staff=True) == columns()
    assert not set(columns_for(staff=False)) & staff_only and "notes" in columns()


def test_columns_come_from_the_field_registry() -> None:
    from bot import registry

    assert set(registry.current().editable) <= set(columns())


def test_big_csv_comes_in_parts_each_opening_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.export import write_parts

    many = []
    for i in range(1, 301):
        one = contact()
        one.id, one.name = i, f"王伟 {i}"
        many.append(one)
    files = write_parts(many, "csv", tmp_path, "leads", cols=columns(), part_bytes=8000,
                        max_parts=20)  # fmt: skip
    assert files.rows == 300 and len(files.parts) > 3
    ids = []
    for part in files.parts:
        raw = part.read_bytes()
        assert len(raw) <= 8000 and raw.startswith(b"\xef\xbb\xbfid,external_id,")
        ids += [int(r["id"]) for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))]
    assert ids == list(range(1, 301))


def test_exports_over_the_limit_are_refused_with_the_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.export import ExportTooLarge, write_parts

    many = [contact() for _ in range(300)]
    with pytest.raises(ExportTooLarge) as too_many:
        write_parts(many, "vcf", tmp_path, "a", cols=columns(), part_bytes=4000, max_parts=2)
    assert too_many.value.reason == "parts"
    with pytest.raises(ExportTooLarge) as too_big:
        write_parts(many, "xlsx", tmp_path, "b", cols=columns(), part_bytes=4000, max_parts=9)
    assert too_big.value.reason == "xlsx_size" and set(too_big.value.params) == {"size", "limit"}
