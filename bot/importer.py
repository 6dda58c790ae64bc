"""Bulk import of leads from CSV and vCard files (`capture-bot import FILE`).

Reading and validating are pure — text in, plain data out — so every quirk of real files (BOMs,
folded and quoted-printable vCards, Chinese text) is tested without a database. Storing runs
each row in its own transaction: a row lands whole or not at all, and a bot running against the
same SQLite file never waits for more than one row. Rows are keyed by external_id (a record of
our own export without one, by the id and creation time it had), so importing the same file, or
an export, twice changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import csv
import dataclasses
import hashlib
import io
import json
import quopri
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import phonenumbers
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot import contacts, registry
from bot.config import Settings
from bot.export import EXTERNAL_ID_PROPERTY, UID_PREFIX, csv_value, text_properties
from bot.fields import Rejected, doubt
from bot.i18n import t
from bot.matching import MAX_BLOCK, Person, blocking_keys, find_candidates
from storage import repo
from storage.db import make_engine, migrate, read_scope, session_scope
from storage.models import Contact

CSV_COLUMNS = (
    "external_id", "name", "company", "title", "phone", "email", "address", "country", "notes",
)  # fmt: skip


def optional_columns() -> tuple[str, ...]:
    """Columns a file may also have: every other field in force (website, custom fields)."""
    return tuple(f for f in registry.current().editable if f not in CSV_COLUMNS)


# What `capture-bot export` writes about a record besides its fields (its id, source, owner,
# times): read past, so an export imports again as it is; an import makes these anew.
_RECORD_COLUMNS = ("id", "source", "owner_id", "created_at", "updated_at")


EXTERNAL_ID_MAX = 200
DEFAULT_THRESHOLD = 0.8


# --- plain data ----------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is one line, fit to print."""


@dataclass(frozen=True)
class RowError:
    """Why one row (or card) is not imported: a field and a catalog reason key."""

    row: int
    where: str  # "row 7" or "card 2 (line 14)", as the report says it
    field: str
    reason: str
    # `field` above is this class's own attribute: the dataclasses function by its full name
    params: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def message(self) -> str:
        """The reason in English, from the same catalog the chat uses."""
        return t("en", self.reason, **self.params)


@dataclass(frozen=True)
class Origin:
    """The record a row of our own export was: its id and creation time in that database.

    A contact without an external_id is known again by these: the id alone could be another
    database's record N, the time (to the second, as a vCard keeps it) tells them apart."""

    id: int
    created_at: datetime

    @staticmethod
    def read(record_id: object, created_at: object) -> Origin | None:
        """From an export's `id` and `created_at` (ISO, or a vCard timestamp); None if not ours."""
        try:
            number, moment = int(str(record_id).strip()), _utc(str(created_at).strip())
        except (ValueError, OverflowError):
            return None
        return Origin(number, moment) if 0 < number < 2**31 else None  # an INTEGER column's ids

    def matches(self, contact: Contact) -> bool:
        return contact.id == self.id and _utc(contact.created_at) == self.created_at


def _utc(moment: datetime | str) -> datetime:
    """A time in UTC, naive, to the second (naive ones are UTC already, as stored)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


@dataclass(frozen=True)
class RawRow:
    """One CSV row or vCard as read, before any validation."""

    row: int  # CSV: the spreadsheet row (the header is row 1); vCard: the card's number
    values: Mapping[str, str]  # CSV column name -> text ("" when empty)
    kind: str = "csv"  # csv | vcf | json: the prefix of a derived external_id
    line: int = 0  # vCard: the line of BEGIN:VCARD
    problems: tuple[RowError, ...] = ()  # found while reading: wrong cell count, undecodable text
    origin: Origin | None = None  # a row of our own export: the record it was

    @property
    def where(self) -> str:
        if self.kind == "vcf":
            return f"card {self.row} (line {self.line})"
        return f"line {self.row}" if self.kind == "json" else f"row {self.row}"


@dataclass(frozen=True)
class ValidRow:
    """A row every validator accepted: the values contacts.create stores, external_id included."""

    row: int
    where: str
    values: Mapping[str, str]
    doubts: tuple[RowError, ...] = ()  # valid, yet the chat would ask: kept as typed, reported
    origin: Origin | None = None

    @property
    def external_id(self) -> str:
        return self.values["external_id"]


# --- CSV -----------------------------------------------------------------------------------


def _header(cells: list[str]) -> list[str]:
    """The column names, or ImportFileError naming what is missing or unknown."""
    columns = [c.strip().lstrip("\ufeff").lower() for c in cells]
    missing = [c for c in CSV_COLUMNS if c not in columns]
    optional = (*optional_columns(), *_RECORD_COLUMNS)
    unknown = [c for c in columns if c not in CSV_COLUMNS and c not in optional]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if unknown:
        problems.append("unknown " + ", ".join(repr(c) for c in unknown))
    if repeated:
        problems.append("repeated " + ", ".join(repeated))
    if problems:
        raise ImportFileError(
            f"wrong CSV header ({'; '.join(problems)}); expected: {','.join(CSV_COLUMNS)}"
        )
    return columns


def parse_csv(text: str) -> list[RawRow]:
    """Rows of a CSV with the documented header, in any column order; blank rows are skipped.

    Row numbers are the ones a spreadsheet shows (a quoted cell may span several lines).
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    number = 1
    try:
        first = next(reader, None)
        if first is None:
            raise ImportFileError("the file is empty")
        columns = _header(first)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            problems: tuple[RowError, ...] = ()
            if len(cells) != len(columns):
                params = {"found": str(len(cells)), "expected": str(len(columns))}
                problems = (RowError(number, f"row {number}", "row", "import.columns", params),)
            values = {
                col: csv_value(cells[i]) if i < len(cells) else "" for i, col in enumerate(columns)
            }
            origin = Origin.read(values.get("id", ""), values.get("created_at", ""))
            rows.append(RawRow(number, values, problems=problems, origin=origin))
    except csv.Error as exc:
        raise ImportFileError(f"not a readable CSV at row {number + 1}: {exc}") from None
    return rows


def parse_json_lines(text: str) -> list[RawRow]:
    """`capture-bot export --format json`: one JSON object a line, keyed like the CSV columns."""
    known = (*CSV_COLUMNS, *optional_columns())
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise ImportFileError(f"line {number} is not a JSON object") from None
        if not isinstance(item, dict):
            raise ImportFileError(f"line {number} is not a JSON object")
        values = {c: "" if item.get(c) is None else str(item[c]) for c in known}
        origin = Origin.read(item.get("id"), item.get("created_at"))
        rows.append(RawRow(number, values, kind="json", origin=origin))
    return rows


# --- vCard ---------------------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")
# The properties read by hand in `_card_values`; the rest come from `export.text_properties`.
_PROPERTY_FIELDS = {
    "FN": "name", "N": "name", "ORG": "company", "TEL": "phone", "EMAIL": "email",
    "ADR": "address", "NOTE": "notes", "URL": "website", "UID": "external_id",
    EXTERNAL_ID_PROPERTY: "external_id", "CREATED": "created_at",
}  # fmt: skip
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CARET = {"n": "\n", "^": "^", "'": '"'}  # RFC 6868 escapes in parameter values


@dataclass(frozen=True)
class _Property:
    name: str
    params: Mapping[str, tuple[str, ...]]
    value: str

    def param(self, key: str) -> str:
        values = self.params.get(key, ())
        return values[0] if values else ""

    @property
    def preferred(self) -> bool:
        types = {v.lower() for v in self.params.get("TYPE", ())}
        return "pref" in types or self.param("PREF") == "1"


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _is_quoted_printable(line: str) -> bool:
    head = _split_unquoted(line, ":")[0].upper()
    return "QUOTED-PRINTABLE" in head


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of their first physical line.

    A line starting with a space or tab continues the previous one (RFC 6350 folding); a
    quoted-printable value ending in "=" continues on the next line (vCard 2.1/3.0 soft breaks).
    """
    lines: list[list[int | str]] = []
    soft_break = False
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        if lines and soft_break:
            lines[-1][1] = str(lines[-1][1])[:-1] + line
        elif lines and line[:1] in (" ", "\t"):
            lines[-1][1] = str(lines[-1][1]) + line[1:]
        else:
            lines.append([number, line])
        last = str(lines[-1][1])
        soft_break = last.endswith("=") and _is_quoted_printable(last)
    return [(int(n), str(s)) for n, s in lines]


def _property(line: str) -> _Property | None:
    head, *rest = _split_unquoted(line, ":")
    if not rest:
        return None
    value = ":".join(rest)
    name, *raw_params = _split_unquoted(head, ";")
    params: dict[str, list[str]] = defaultdict(list)
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        if not eq:  # vCard 2.1: TEL;CELL;QUOTED-PRINTABLE:...
            key, val = ("ENCODING" if raw.strip().upper() in _BARE_ENCODINGS else "TYPE"), raw
        params[key.strip().upper()].extend(v.strip().strip('"') for v in _split_unquoted(val, ","))
    base = name.rsplit(".", 1)[-1].strip().upper()  # item1.TEL -> TEL
    return _Property(base, {k: tuple(v) for k, v in params.items()}, value)


def _decoded(prop: _Property) -> str:
    """The value with QUOTED-PRINTABLE or BASE64 undone in its CHARSET (UTF-8 by default)."""
    encoding = prop.param("ENCODING").upper()
    charset = prop.param("CHARSET") or "utf-8"
    if encoding == "QUOTED-PRINTABLE":
        return quopri.decodestring(prop.value.encode("utf-8")).decode(charset)
    if encoding in ("B", "BASE64"):
        return base64.b64decode(prop.value, validate=False).decode(charset)
    return prop.value


def _split_escaped(value: str, separator: str) -> list[str]:
    """Split at separators not escaped by a backslash; escapes are kept for _unescape."""
    parts, current, chars = [], [], iter(value)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value, flags=re.S)


def _components(value: str) -> list[str]:
    """A structured value (N, ORG, ADR): its ;-parts, each with its ,-list joined by ", "."""
    return [
        ", ".join(p for p in (_unescape(v).strip() for v in _split_escaped(part, ",")) if p)
        for part in _split_escaped(value, ";")
    ]


def _name_from_n(parts: list[str]) -> str:
    """N is family;given;additional;prefix;suffix. Chinese names are written family first."""
    family, given, additional = (*parts, "", "", "")[:3]
    if _HAN.search(family + given):
        return family + given
    return " ".join(p for p in (given, additional, family) if p)


def _address(prop: _Property, value: str) -> str:
    """The LABEL parameter when there is one (vCard 4), else the components in local order."""
    label = prop.param("LABEL")
    if label:
        label = re.sub(r"\^([n^'])", lambda m: _CARET[m.group(1)], label)
        return _unescape(label)
    parts = _components(value)
    pobox, extended, street, city, region, code, country = (*parts, "", "", "", "", "", "", "")[:7]
    if _HAN.search("".join(parts)):  # 中国上海市浦东新区世纪大道100号
        return "".join(p for p in (country, region, city, street, extended, pobox) if p)
    return ", ".join(
        p for p in (street, extended, pobox, city, f"{region} {code}".strip(), country) if p
    )


def _card_values(props: Sequence[_Property], decoded: Sequence[str]) -> dict[str, str]:
    """The contact fields of one card; extra phones and emails are kept in the notes."""
    by_name: dict[str, list[tuple[_Property, str]]] = defaultdict(list)
    for prop, value in zip(props, decoded, strict=True):
        by_name[prop.name].append((prop, value))

    def first(name: str) -> str:
        return _unescape(by_name[name][0][1]).strip() if by_name[name] else ""

    values = {"external_id": first(EXTERNAL_ID_PROPERTY) or first("UID"), "name": first("FN")}
    if not values["name"] and by_name["N"]:
        values["name"] = _name_from_n(_components(by_name["N"][0][1]))
    if by_name["ORG"]:
        values["company"] = ", ".join(p for p in _components(by_name["ORG"][0][1]) if p)
    if by_name["ADR"]:
        values["address"] = _address(*by_name["ADR"][0])
    if by_name["URL"]:
        values["website"] = by_name["URL"][0][1].strip()
    notes = [_unescape(v).strip() for _, v in by_name["NOTE"]]
    for name, key, label in (("TEL", "phone", "phone"), ("EMAIL", "email", "email")):
        ranked = sorted(by_name[name], key=lambda pv: not pv[0].preferred)
        found = [_unescape(v).strip() for _, v in ranked if v.strip()]
        values[key] = found[0] if found else ""
        notes.extend(f"{label}: {extra}" for extra in found[1:])
    values["notes"] = "\n".join(n for n in notes if n)
    for name, key in text_properties().items():
        if value := first(name):
            values[key] = value
    return values


def _card(number: int, line: int, props: list[_Property], ended: bool) -> RawRow:
    where = f"card {number} (line {line})"
    problems = [] if ended else [RowError(number, where, "card", "import.vcard.unterminated")]
    plain = text_properties()
    wanted = [p for p in props if p.name in _PROPERTY_FIELDS or p.name in plain]
    decoded = []
    for prop in wanted:
        try:
            decoded.append(_decoded(prop))
        except (LookupError, UnicodeDecodeError, binascii.Error, ValueError) as exc:
            encoding = prop.param("ENCODING") or "text"
            detail = f"{encoding} in {prop.param('CHARSET') or 'UTF-8'}: {type(exc).__name__}"
            field_name = _PROPERTY_FIELDS.get(prop.name) or plain[prop.name]
            problems.append(
                RowError(number, where, field_name, "import.vcard.decode", {"detail": detail})
            )
            decoded.append("")
    values = _card_values(wanted, decoded)
    return RawRow(number, values, "vcf", line, tuple(problems), _card_origin(wanted, decoded))


def _card_origin(props: Sequence[_Property], decoded: Sequence[str]) -> Origin | None:
    """The record a card of our own export was: UID urn:capture-bot:contact:N and CREATED."""
    found: dict[str, str] = {}
    for prop, value in zip(props, decoded, strict=True):
        found.setdefault(prop.name, _unescape(value).strip())
    uid = found.get("UID", "")
    if not uid.startswith(UID_PREFIX):
        return None
    return Origin.read(uid.removeprefix(UID_PREFIX), found.get("CREATED", ""))


def parse_vcards(text: str) -> list[RawRow]:
    """Every card of a vCard 2.1, 3.0 or 4.0 file; lines outside cards are ignored."""
    cards: list[RawRow] = []
    current: tuple[int, list[_Property]] | None = None
    for number, line in _unfold(text.removeprefix("\ufeff")):
        prop = _property(line)
        if prop is None:
            continue
        marker = prop.value.strip().upper() == "VCARD"
        if prop.name == "BEGIN" and marker:
            if current is not None:
                cards.append(_card(len(cards) + 1, current[0], current[1], ended=False))
            current = (number, [])
        elif prop.name == "END" and marker and current is not None:
            cards.append(_card(len(cards) + 1, current[0], current[1], ended=True))
            current = None
        elif current is not None:
            current[1].append(prop)
    if current is not None:
        cards.append(_card(len(cards) + 1, current[0], current[1], ended=False))
    if not cards:
        raise ImportFileError("no vCards found (no BEGIN:VCARD line)")
    return cards


# --- validation ----------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def derived_external_id(raw: RawRow) -> str:
    """A stable id for a row that has none: the same card read again gets the same id,
    however it was folded or encoded, so a re-import is recognised."""
    content = {k: _fold(v) for k, v in sorted(raw.values.items()) if k != "external_id" and v}
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return f"{raw.kind}:{digest[:24]}"


def validate_row(raw: RawRow, region: str) -> ValidRow | list[RowError]:
    """The chat's validators on every field; a contact needs a name and a phone or an email.

    `region` is for phones written without +, unless the row's own `country` says otherwise.
    """
    errors = list(raw.problems)

    def reject(field_name: str, reason: str, **params: str) -> None:
        errors.append(RowError(raw.row, raw.where, field_name, reason, params))

    country = raw.values.get("country", "").strip().upper()
    bad_country = bool(country) and country not in phonenumbers.SUPPORTED_REGIONS
    if bad_country:
        reject("country", "import.country", value=raw.values["country"].strip())
    values: dict[str, str] = {}
    doubts = []
    fields = registry.current()
    for name in fields.editable:
        text = raw.values.get(name, "")
        if not text.strip() or (name == "phone" and bad_country):  # no region to judge it in
            continue
        result = fields.validate(name, text, country or region)
        if isinstance(result, Rejected):
            if result.reason != "invalid.empty":  # nothing visible: as good as an empty cell
                reject(name, result.reason, **result.params)
        else:
            values[name] = result
            if (slip := doubt(name, result)) is not None:
                doubts.append(RowError(raw.row, raw.where, name, slip.reason, slip.params))
    failed = {e.field for e in errors}
    if "name" not in values and "name" not in failed:
        reject("name", "import.name_required")
    if (
        not values.get("phone")
        and not values.get("email")
        and not failed & {"phone", "email", "country"}
    ):
        reject("phone", "import.phone_or_email")
    external_id = raw.values.get("external_id", "").strip()
    if len(external_id) > EXTERNAL_ID_MAX:
        reject("external_id", "invalid.too_long", max=str(EXTERNAL_ID_MAX))
    if errors:
        return errors
    values["external_id"] = external_id or derived_external_id(raw)
    if country:
        values["country"] = country
    return ValidRow(raw.row, raw.where, values, tuple(doubts), raw.origin)


# --- storing -------------------------------------------------------------------------------


@dataclass
class Report:
    """What an import did (or, in a dry run, would do)."""

    source: str
    dry_run: bool = False
    read: int = 0
    unit: str = "rows"  # "cards" for a vCard file
    imported: int = 0
    skipped: int = 0  # already there: same external_id
    erased: int = 0  # the person asked to be erased: never imported again
    flagged: list[tuple[str, str]] = field(default_factory=list)  # (where, "#12 王伟 ...")
    rejected: list[RowError] = field(default_factory=list)
    doubtful: list[RowError] = field(default_factory=list)  # imported as typed, worth a look

    @property
    def rejected_rows(self) -> int:
        return len({e.where for e in self.rejected})

    def render(self) -> str:
        counts = [
            ("would be imported" if self.dry_run else "imported", str(self.imported)),
            ("already there (skipped)", str(self.skipped)),
            ("flagged as duplicate", f"{len(self.flagged)}"
             + (" (imported; see /dupes)" if self.flagged and not self.dry_run else "")),
            ("rejected", str(self.rejected_rows)),
        ]  # fmt: skip
        if self.doubtful:
            counts.insert(-1, ("flagged to check", str(len({d.where for d in self.doubtful}))))
        if self.erased:
            counts.insert(2, ("erased on request (skipped)", str(self.erased)))
        width = max(len(label) for label, _ in counts) + 1
        lines = [f"{self.source}: {self.read} {self.unit} read"]
        if self.dry_run:
            lines[0] += " (dry run: nothing written)"
        lines.extend(f"  {label + ':':<{width}} {value}" for label, value in counts)
        if self.rejected:
            lines.append("")
            lines.extend(f"{e.where}: {e.field} — {e.message()}" for e in self.rejected)
        if self.doubtful:
            lines.append("")
            lines.extend(
                f"{d.where}: {d.field} — {d.message()} (kept as typed; check it)"
                for d in self.doubtful
            )
        if self.flagged:
            lines.append("")
            lines.extend(
                f"{where}: possible duplicate of {others}" for where, others in self.flagged
            )
        return "\n".join(lines)


def _described(found: Iterable[tuple[Contact, object]]) -> list[str]:
    return [f"#{contact.id} {contact.name}" for contact, _match in found]


class _FileIndex:
    """Earlier rows of this file, blocked like saved contacts: a dry run writes none of them,
    yet must flag a row that repeats an earlier one just as the real import would."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Person]] = defaultdict(list)
        self.where: dict[int, str] = {}

    def matches(self, values: Mapping[str, str], threshold: float) -> list[str]:
        new = contacts.person(values)
        pool = {p.id: p for k in blocking_keys(new) for p in self.by_key[k][:MAX_BLOCK]}
        found = find_candidates(new, pool.values(), threshold)
        return [f"{self.where[p.id or 0]} of this file" for p, _match in found]

    def add(self, values: Mapping[str, str], row: int, where: str) -> None:
        earlier = contacts.person(values, -row)  # negative: never a saved contact's id
        self.where[-row] = where
        for key in blocking_keys(earlier):
            self.by_key[key].append(earlier)


def _known(session: Session, row: ValidRow) -> str | None:
    """"skipped" when the row's contact is already here (by external_id, or as the very record
    our export wrote), "erased" when that person asked to be erased; None when it is new."""
    if repo.get_contact_by_external_id(session, row.external_id) is not None:
        return "skipped"
    if repo.is_erased_external_id(session, row.external_id):
        return "erased"
    if row.origin is not None:
        same = repo.get_contact(session, row.origin.id)
        if same is not None and row.origin.matches(same):
            return "erased" if same.status == "erased" else "skipped"
    return None


def _store(
    session: Session, row: ValidRow, *, owner: int | None, threshold: float
) -> tuple[str, list[str]]:
    """("skipped" | "erased" | "imported", the duplicates found) for one row, in the caller's
    transaction."""
    if known := _known(session, row):
        return known, []
    contact = contacts.create(session, row.values, owner_id=owner, source="import", actor_id=None)
    found = contacts.find_duplicates(
        session, row.values, threshold=threshold, exclude_id=contact.id
    )
    contacts.record_candidates(session, contact.id or 0, found)
    return "imported", _described(found)


def import_rows(
    engine: Engine,
    raws: Sequence[RawRow],
    *,
    region: str,
    owner: int | None = None,
    dry_run: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    source: str = "import",
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate and store each row in its own transaction; a dry run only reads, in one
    read-only transaction (no write lock: a bot on the same SQLite file goes on meanwhile)."""
    unit = "cards" if raws and raws[0].kind == "vcf" else "rows"
    report = Report(source, dry_run, read=len(raws), unit=unit)
    with ExitStack() as stack:
        dry = _DryRun(stack.enter_context(read_scope(engine)), threshold) if dry_run else None
        for done, raw in enumerate(raws, start=1):
            checked = validate_row(raw, region)
            if isinstance(checked, list):
                report.rejected.extend(checked)
            elif dry is not None:
                _count(report, checked, *dry.check(checked))
            else:
                try:
                    with session_scope(engine) as session:
                        outcome = _store(session, checked, owner=owner, threshold=threshold)
                except IntegrityError:  # the same external_id committed meanwhile elsewhere
                    outcome = "skipped", []
                _count(report, checked, *outcome)
            if progress is not None:
                progress(done, len(raws))
    return report


class _DryRun:
    """The dry-run twin of _store: reads only, and remembers each row in memory instead."""

    def __init__(self, session: Session, threshold: float) -> None:
        self.session, self.threshold = session, threshold
        self.seen_ids: set[str] = set()
        self.in_file = _FileIndex()

    def check(self, row: ValidRow) -> tuple[str, list[str]]:
        if row.external_id in self.seen_ids:
            return "skipped", []
        if known := _known(self.session, row):
            return known, []
        found = _described(
            contacts.find_duplicates(self.session, row.values, threshold=self.threshold)
        )
        found += self.in_file.matches(row.values, self.threshold)
        self.seen_ids.add(row.external_id)
        self.in_file.add(row.values, row.row, row.where)
        return "imported", found


def _count(report: Report, row: ValidRow, outcome: str, found: list[str]) -> None:
    if outcome == "skipped":
        report.skipped += 1
        return
    if outcome == "erased":
        report.erased += 1
        return
    report.imported += 1
    report.doubtful.extend(row.doubts)
    if found:
        report.flagged.append((row.where, ", ".join(found)))


# --- the command ---------------------------------------------------------------------------


def read_rows(path: Path) -> list[RawRow]:
    """The rows of a CSV or vCard file (by extension, else by content); ImportFileError if not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path.name} is not UTF-8 (bad byte at offset {exc.start}); "
            "save it as “CSV UTF-8” or vCard 3/4 in UTF-8"
        ) from None
    suffix = path.suffix.lower()
    is_vcard = suffix in (".vcf", ".vcard") or (
        suffix != ".csv" and text.lstrip().upper().startswith("BEGIN:VCARD")
    )
    if suffix in (".json", ".jsonl") or (suffix != ".csv" and text.lstrip().startswith("{")):
        return parse_json_lines(text)
    return parse_vcards(text) if is_vcard else parse_csv(text)


class ProgressBar:
    """A one-line bar on stderr, drawn only on a terminal and at most ten times a second."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.enabled = stream.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self.last < 0.1):
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\r" + " " * (self.width + 30) + "\r")
        self.stream.flush()


def main(
    settings: Settings, path: Path, *, dry_run: bool, region: str | None, owner: int | None
) -> int:
    """Import FILE and print the report: 0 once the file was read (even with rejected rows),
    2 when it cannot be read, has the wrong header or --region is unknown."""
    home = (region or settings.default_region).strip().upper()
    if home not in phonenumbers.SUPPORTED_REGIONS:
        print(f"--region {region!r} is not a country code like CN or US", file=sys.stderr)
        return 2
    try:
        raws = read_rows(path)
    except ImportFileError as exc:
        print(f"cannot import {path}: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(settings.effective_database_url)
    try:
        migrate(engine)
        if owner is not None:
            with read_scope(engine) as session:
                if repo.get_user(session, owner) is None:
                    print(f"note: user {owner} has not talked to the bot yet", file=sys.stderr)
        threshold = float(getattr(settings, "dedupe_threshold", DEFAULT_THRESHOLD))
        report = import_rows(
            engine, raws, region=home, owner=owner, dry_run=dry_run, threshold=threshold,
            source=path.name, progress=ProgressBar(),
        )  # fmt: skip
        if not dry_run:
            with session_scope(engine) as session:
                repo.record_audit(
                    session, None, "import", field=path.name,
                    new=json.dumps(
                        {"read": report.read, "imported": report.imported,
                         "skipped": report.skipped, "flagged": len(report.flagged),
                         "rejected": report.rejected_rows, "owner": owner},
                    ),
                )  # fmt: skip
    finally:
        engine.dispose()
    print(report.render())
    return 0
