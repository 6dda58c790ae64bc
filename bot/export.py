"""Contacts out of the database as JSON lines, CSV or vCard 4, streamed in id order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from storage.models import Contact

COLUMNS = (
    "id", "external_id", "name", "company", "title", "phone", "email", "website", "address",
    "country", "notes", "source", "owner_id", "created_at", "updated_at",
)  # fmt: skip
FORMATS = ("json", "csv", "vcf")


def contact_record(contact: Contact) -> dict[str, object]:
    record: dict[str, object] = {c: getattr(contact, c) for c in COLUMNS}
    for stamp in ("created_at", "updated_at"):
        record[stamp] = getattr(contact, stamp).isoformat()
    return record


def write_contacts(contacts: Iterable[Contact], fmt: str, out: TextIO) -> int:
    """Write every contact in `fmt`; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    writer = csv.DictWriter(out, fieldnames=COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    for contact in contacts:
        record = contact_record(contact)
        if writer:
            writer.writerow(record)
        elif fmt == "json":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(vcard(record))
        count += 1
    return count


def _escape(value: object) -> str:
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def vcard(record: dict[str, object]) -> str:
    """One vCard 4.0 (RFC 6350) for a contact record."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(record['name'])}"]
    if record.get("company"):
        lines.append(f"ORG:{_escape(record['company'])}")
    if record.get("title"):
        lines.append(f"TITLE:{_escape(record['title'])}")
    if record.get("phone"):
        phone = str(record["phone"])
        lines.append(f"TEL;VALUE=uri:tel:{phone}")
    if record.get("email"):
        lines.append(f"EMAIL:{_escape(record['email'])}")
    if record.get("website"):
        lines.append(f"URL:{record['website']}")
    if record.get("address"):
        lines.append(f'ADR;LABEL="{_escape(record["address"])}":;;;;;;')
    if record.get("notes"):
        lines.append(f"NOTE:{_escape(record['notes'])}")
    lines.append(f"UID:urn:capture-bot:contact:{record['id']}")
    lines.append(f"REV:{record['updated_at']}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
