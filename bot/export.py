"""Contacts out of the database as JSON lines, CSV or vCard 4, streamed in id order.

Exports are opened by people in spreadsheets and address books, and some of their text was typed
by strangers (a campaign link): a CSV cell must never run as a formula there (OWASP "CSV
injection"), and a vCard value must never end its property or start another one.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import TextIO

from bot import registry
from storage.models import Contact


def columns() -> tuple[str, ...]:
    """Every field in force (built-ins, then custom ones), between the record's own columns."""
    return ("id", "external_id", *registry.current().editable, "country", "source", "owner_id",
            "created_at", "updated_at")  # fmt: skip


FORMATS = ("json", "csv", "vcf")
# What spreadsheets read as the start of a formula (OWASP CSV injection): = + - @, tab and CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"  # shown by no spreadsheet, and it makes the cell plain text
# A phone as the validators store it (E.164, maybe an extension): digits only, so it cannot be a
# formula's function call, and it keeps its "+" so the number still dials when pasted.
_STORED_PHONE = re.compile(r"\+[1-9]\d{6,14}(;ext=\d{1,10})?")
# The UTF-8 byte order mark: without it Excel reads a CSV in the local code page, garbling 王伟.
BOM = "\ufeff"


def csv_cell(column: str, value: object) -> object:
    """A cell that no spreadsheet runs: a leading formula character gets a `'` in front.

    A stored phone keeps its "+": it is digits only, so at worst a spreadsheet shows it as a number.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if column == "phone" and _STORED_PHONE.fullmatch(value):
        return value
    return FORMULA_GUARD + value


def csv_value(cell: str) -> str:
    """The value csv_cell() guarded (for import): a `'` before a formula character goes again."""
    if cell.startswith(FORMULA_GUARD) and cell[1:2] and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def contact_record(contact: Contact) -> dict[str, object]:
    record: dict[str, object] = {
        c: contact.value(c) if registry.current().has(c) else getattr(contact, c) for c in columns()
    }
    for stamp in ("created_at", "updated_at"):
        record[stamp] = getattr(contact, stamp).isoformat()
    return record


def write_contacts(contacts: Iterable[Contact], fmt: str, out: TextIO) -> int:
    """Write every contact in `fmt`; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    writer = csv.DictWriter(out, fieldnames=columns()) if fmt == "csv" else None
    if writer:
        out.write(BOM)
        writer.writeheader()
    count = 0
    for contact in contacts:
        record = contact_record(contact)
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
    """The vCard extended property (RFC 6350 6.10) a custom field travels in."""
    return "X-CAPTURE-" + key.upper().replace("_", "-")


def vcard(record: dict[str, object]) -> str:
    """One vCard 4.0 (RFC 6350) for a contact record."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(record['name'])}"]
    if record.get("company"):
        lines.append(f"ORG:{_escape(record['company'])}")
    if record.get("title"):
        lines.append(f"TITLE:{_escape(record['title'])}")
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
    for key in registry.current().custom:  # a deployment's own fields as extended properties
        if record.get(key):
            lines.append(f"{custom_property(key)}:{_escape(record[key])}")
    lines.append(f"UID:urn:capture-bot:contact:{record['id']}")
    lines.append(f"REV:{record['updated_at']}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
