"""`capture-bot ocr IMAGE... [--json]`: what the OCR reads on each card, and how sure it is.

Admins use it to see why a card was misread; a bad file prints a clear line and the others
still run (the exit code is then 1).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ocr import CardResult, ImageRejected, read_card
from ocr.image import MAX_DECODED_BYTES

FIELDS = ("name", "company", "title", "phones", "fax", "emails", "website", "address")


def as_record(path: str, result: CardResult) -> dict[str, object]:
    """The JSON line: phones as E.164, mobile first (read_card already orders them)."""
    return {
        "file": path,
        "name": result.name,
        "company": result.company,
        "title": result.title,
        "phones": [p.e164 for p in result.phones if p.kind != "fax"],
        "fax": result.fax.e164 if result.fax else None,
        "emails": list(result.emails),
        "website": result.website,
        "address": result.address,
        "confidence": {k: round(v, 2) for k, v in result.confidence.items()},
        "raw_text": result.raw_text,
        "seconds": round(result.seconds, 3),
    }


def as_table(record: dict[str, object]) -> str:
    confidence = record["confidence"]
    assert isinstance(confidence, dict)
    lines = [f"{record['file']}  ({record['seconds']} s)"]
    for field in FIELDS:
        value = record[field]
        shown = ", ".join(value) if isinstance(value, list) else value
        key = "phone" if field == "phones" else "email" if field == "emails" else field
        sure = confidence.get(key)
        lines.append(
            f"  {field:8} {shown or '—'}" + (f"  [{sure:.2f}]" if sure is not None else "")
        )
    return "\n".join(lines)


def main(
    paths: list[str],
    as_json: bool,
    languages: str,
    region: str,
    max_decoded: int = MAX_DECODED_BYTES,
    engine: str = "tesseract",
) -> int:
    failed = False
    for path in paths:
        try:
            data = Path(path).read_bytes()
            result = read_card(
                data, languages=languages, region=region, max_decoded=max_decoded, engine=engine
            )
        except OSError as exc:
            print(f"{path}: cannot read the file ({exc.strerror or exc})", file=sys.stderr)
            failed = True
            continue
        except ImageRejected as exc:
            print(f"{path}: not read — {exc.reason}", file=sys.stderr)
            failed = True
            continue
        record = as_record(path, result)
        print(json.dumps(record, ensure_ascii=False) if as_json else as_table(record))
    return 1 if failed else 0
