"""Contacts out of the database as JSON lines, CSV, Excel or vCard 4, streamed in id order.

Exports are opened by people in spreadsheets and address books, and some of their text was typed
by strangers (a campaign link): a CSV or Excel cell must never run as a formula there (OWASP "CSV
injection"), and a vCard value must never end its property or start another one.

The columns come from the field registry (bot/registry.py: the built-ins and a deployment's own
fields), so every field in force is exported; staff-only fields go only to staff.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from bot import registry
from storage.models import Contact


def columns() -> tuple[str, ...]:
    """Every field in force (built-ins, then custom ones), between the record's own columns."""
    return ("id", "external_id", *registry.current().editable, "country", "source", "owner_id",
            "created_at", "updated_at")  # fmt: skip


DATE_COLUMNS = ("created_at", "updated_at")
FORMATS = ("json", "csv", "vcf", "xlsx")
# What spreadsheets read as the start of a formula (OWASP CSV injection): = + - @, tab and CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"  # shown by no spreadsheet, and it makes the cell plain text
# A phone as the validators store it (E.164, maybe an extension): digits only, so it cannot be a
# formula's function call, and it keeps its "+" so the number still dials when pasted.
_STORED_PHONE = re.compile(r"\+[1-9]\d{6,14}(;ext=\d{1,10})?")
# The UTF-8 byte order mark: without it Excel reads a CSV in the local code page, garbling 王伟.
BOM = "\ufeff"


def columns_for(*, staff: bool) -> tuple[str, ...]:
    """The columns one reader may have: staff-only fields (notes, a custom staff-only field)
    go to staff only."""
    hidden = frozenset() if staff else registry.current().staff_only
    return tuple(c for c in columns() if c not in hidden)


def cell_value(contact: Contact, column: str) -> object:
    """A column's value: a field's (built-in or custom) through the registry, else the row's."""
    return contact.value(column) if registry.current().has(column) else getattr(contact, column)


def needs_guard(column: str, value: object) -> bool:
    """Whether a spreadsheet would read this cell as the start of a formula.

    A stored phone is exempt: it is digits only, so at worst a spreadsheet shows it as a number.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return False
    return not (column == "phone" and _STORED_PHONE.fullmatch(value))


def csv_cell(column: str, value: object) -> object:
    """A cell that no spreadsheet runs: a leading formula character gets a `'` in front."""
    if isinstance(value, str) and needs_guard(column, value):
        return FORMULA_GUARD + value
    return value


def csv_value(cell: str) -> str:
    """The value csv_cell() guarded (for import): a `'` before a formula character goes again."""
    if cell.startswith(FORMULA_GUARD) and cell[1:2] and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def contact_record(contact: Contact, cols: tuple[str, ...] | None = None) -> dict[str, object]:
    record: dict[str, object] = {c: cell_value(contact, c) for c in cols or columns()}
    for stamp in DATE_COLUMNS:
        if stamp in record:
            record[stamp] = getattr(contact, stamp).isoformat()
    return record


def write_contacts(
    contacts: Iterable[Contact], fmt: str, out: TextIO, cols: tuple[str, ...] | None = None
) -> int:
    """Write every contact in a text format (json, csv, vcf); returns how many were written."""
    cols = cols or columns()
    if fmt not in FORMATS or fmt == "xlsx":
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    writer = csv.DictWriter(out, fieldnames=cols) if fmt == "csv" else None
    if writer:
        out.write(BOM)
        writer.writeheader()
    count = 0
    for contact in contacts:
        record = contact_record(contact, cols)
        if writer:
            writer.writerow({column: csv_cell(column, v) for column, v in record.items()})
        elif fmt == "json":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(vcard(record))
        count += 1
    return count


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _escape(value: object) -> str:
    """A TEXT property value (RFC 6350 3.4): backslash, comma, semicolon and line breaks escaped."""
    text = _LINE_BREAK.sub("\n", str(value))
    for raw, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def _param(value: object) -> str:
    """A quoted parameter value (RFC 6868): ^ as ^^, line breaks as ^n, a double quote as ^'."""
    text = _LINE_BREAK.sub("\n", str(value))
    for raw, escaped in (("^", "^^"), ("\n", "^n"), ('"', "^'")):
        text = text.replace(raw, escaped)
    return f'"{text}"'


def _uri(value: object) -> str:
    """A URI value has no escapes: a line break would end the property, so it is dropped."""
    return _LINE_BREAK.sub("", str(value))


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 6350 3.2), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def custom_property(key: str) -> str:
    """The vCard extended property (RFC 6350 6.10) a field without a property of its own uses."""
    return "X-CAPTURE-" + key.upper().replace("_", "-")


# Properties with a structure of their own, written here and read by the importer by hand; every
# other field travels as one text value in the property it declares, else X-CAPTURE-<KEY>, so a
# field added to the registry is exported and re-imported with no change here.
STRUCTURED_VCARD = frozenset({"FN", "TEL", "EMAIL", "URL", "ADR", "ORG", "NOTE"})


def text_properties() -> dict[str, str]:
    """vCard property -> field key, for the fields that travel as one text value."""
    return {
        spec.vcard or custom_property(spec.key): spec.key
        for spec in registry.current().fields
        if spec.vcard not in STRUCTURED_VCARD
    }


# Which record a card is, so that an import of the export recognises it: the UID names the record
# (its id here), CREATED (RFC 9554) its creation time, which tells it from record N of another
# database; the record's own external id travels beside them, as the field-less key it is.
UID_PREFIX = "urn:capture-bot:contact:"
EXTERNAL_ID_PROPERTY = custom_property("external_id")


def vcard_timestamp(value: object) -> str:
    """An ISO time as a vCard timestamp (RFC 6350 4.3.5), in UTC: 20261208T014451Z."""
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def vcard(record: dict[str, object]) -> str:
    """One vCard 4.0 (RFC 6350) for a contact record."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(record['name'])}"]
    if record.get("company"):
        lines.append(f"ORG:{_escape(record['company'])}")
    if record.get("phone"):
        lines.append(f"TEL;VALUE=uri:tel:{_uri(record['phone'])}")
    if record.get("email"):
        lines.append(f"EMAIL:{_escape(record['email'])}")
    if record.get("website"):
        lines.append(f"URL:{_uri(record['website'])}")
    if record.get("address"):
        lines.append(f"ADR;LABEL={_param(record['address'])}:;;;;;;")
    if record.get("notes"):
        lines.append(f"NOTE:{_escape(record['notes'])}")
    for prop, key in text_properties().items():
        if record.get(key):
            lines.append(f"{prop}:{_escape(record[key])}")
    if record.get("external_id"):
        lines.append(f"{EXTERNAL_ID_PROPERTY}:{_escape(record['external_id'])}")
    lines.append(f"UID:{UID_PREFIX}{record['id']}")
    if record.get("created_at"):
        lines.append(f"CREATED:{vcard_timestamp(record['created_at'])}")
    lines.append(f"REV:{record['updated_at']}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# --- Excel --------------------------------------------------------------------------------------

# Column widths in characters: wide enough for a typical value, so the sheet reads at once.
_WIDTHS = {"id": 8, "external_id": 14, "name": 22, "company": 28, "title": 22, "phone": 18,
           "email": 30, "website": 30, "address": 40, "country": 8, "notes": 40, "source": 9,
           "owner_id": 12, "created_at": 20, "updated_at": 20}  # fmt: skip
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header


def write_xlsx(
    contacts: Iterable[Contact],
    target: str | Path | BinaryIO,
    cols: tuple[str, ...] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """One sheet of contacts: a frozen, filtered header row of the same keys as JSON and CSV,
    dates as dates (UTC), phones as text, and text never read as a formula.

    openpyxl's write-only mode streams rows to a temporary file, so memory stays flat. Every
    text cell is stored as a string (a cell starting with "=" is not a formula), and the cells
    csv_cell() would guard get Excel's quote prefix: they stay text when edited, and the value
    is the one JSON has, with no `'` added."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = cols or columns()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("leads")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(cols, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(column, 20)
    bold = Font(bold=True)
    header = []
    for column in cols:
        heading = WriteOnlyCell(sheet, column)
        heading.font = bold
        header.append(heading)
    sheet.append(header)

    def cell(column: str, value: object) -> object:
        if isinstance(value, datetime):
            moment = WriteOnlyCell(sheet, value.astimezone(UTC).replace(tzinfo=None))
            moment.number_format = "yyyy-mm-dd hh:mm:ss"
            return moment
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # never stored: the validators drop them
        guard = needs_guard(column, value)
        if column != "phone" and not guard:
            return value
        text = WriteOnlyCell(sheet, value)
        text.data_type = "s"  # a string, even when it starts with "="
        text.number_format = "@"  # and it stays text when someone edits it
        text.quotePrefix = guard
        return text

    count = 0
    for contact in contacts:
        if count == XLSX_MAX_ROWS:
            raise ExportTooLarge("xlsx_rows", rows=XLSX_MAX_ROWS)
        sheet.append([cell(c, cell_value(contact, c)) for c in cols])
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
    book.save(target)
    return count


# --- exports sent through Telegram: parts under the upload limit --------------------------------


class ExportTooLarge(Exception):
    """Why an export cannot be sent: `reason` names an `export.too_large.*` message."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass
class ExportFiles:
    """An export written to files in a private folder, each under the part limit."""

    parts: list[Path]
    rows: int


def write_parts(
    contacts: Iterable[Contact],
    fmt: str,
    folder: Path,
    stem: str,
    *,
    cols: tuple[str, ...],
    part_bytes: int,
    max_parts: int,
    progress: Callable[[int], None] | None = None,
) -> ExportFiles:
    """Write the export into files of at most `part_bytes` each.

    Text formats are cut between records, and each CSV part has its own BOM and header, so every
    part opens alone. An Excel file cannot be cut after the fact: one over the limit is refused
    (ExportTooLarge), as is an export needing more than `max_parts` parts."""
    if fmt == "xlsx":
        path = folder / f"{stem}.xlsx"
        rows = write_xlsx(contacts, path, cols, progress)
        size = path.stat().st_size
        if size > part_bytes:
            raise ExportTooLarge("xlsx_size", size=_mb(size), limit=_mb(part_bytes))
        return ExportFiles([path], rows)
    head = (BOM + _csv_line(cols)).encode() if fmt == "csv" else b""
    parts: list[Path] = []
    out: BinaryIO | None = None
    size = rows = 0
    try:
        for contact in contacts:
            record = contact_record(contact, cols)
            if fmt == "csv":
                chunk = _csv_line([csv_cell(c, v) for c, v in record.items()]).encode()
            elif fmt == "json":
                chunk = (json.dumps(record, ensure_ascii=False) + "\n").encode()
            else:
                chunk = vcard(record).encode()
            if out is None or (size + len(chunk) > part_bytes and size > len(head)):
                if out is not None:
                    out.close()
                if len(parts) == max_parts:
                    raise ExportTooLarge("parts", parts=max_parts, limit=_mb(part_bytes))
                parts.append(folder / f"{stem}-{len(parts) + 1}.{fmt}")
                out = parts[-1].open("xb")
                out.write(head)
                size = len(head)
            out.write(chunk)
            size += len(chunk)
            rows += 1
            if progress is not None and rows % 1000 == 0:
                progress(rows)
        if out is None:  # no rows: one file with the header alone
            parts.append(folder / f"{stem}-1.{fmt}")
            parts[-1].write_bytes(head)
    finally:
        if out is not None:
            out.close()
    if len(parts) == 1:
        single = parts[0].with_name(f"{stem}.{fmt}")
        parts = [parts[0].rename(single)]
    return ExportFiles(parts, rows)


def _csv_line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"
