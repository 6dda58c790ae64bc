"""Reading business cards: photo bytes in, contact fields out (pure data, no Telegram types)."""

from __future__ import annotations

import time

from PIL import Image

from ocr.extract import CardPhone, CardResult, Line, extract_fields
from ocr.image import MAX_DECODED_BYTES, ImageRejected, load_image
from ocr.preprocess import MAX_SIDE, prepare

__all__ = [
    "ENGINES",
    "CardPhone",
    "CardResult",
    "ImageRejected",
    "Line",
    "extract_fields",
    "read_card",
]

ENGINES = ("tesseract", "ppocr")  # Tesseract is the default; PP-OCR needs the [ppocr] extra


def read_card(
    data: bytes,
    *,
    languages: str = "eng+HanS",
    region: str = "CN",
    max_decoded: int = MAX_DECODED_BYTES,
    engine: str = "tesseract",
) -> CardResult:
    """CPU-bound and stateless: run it in a worker pool, never on the event loop."""
    started = time.perf_counter()
    img = load_image(data, longest=MAX_SIDE, max_decoded=max_decoded)
    prepared = prepare(img)
    result = _read(prepared.image, languages, region, engine)
    if prepared.cropped and _thin(result) and (engine == "ppocr" or prepared.plain):
        # the outline found may be a coloured band or a logo on the card, not the card itself
        # (Tesseract reads the whole frame only when its edge is plain: on a textured desk it
        # took tens of seconds)
        whole = _read(prepare(img, crop=False).image, languages, region, engine)
        if _found(whole) > _found(result):
            result = whole
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _read(img: Image.Image, languages: str, region: str, engine: str) -> CardResult:
    if engine == "ppocr":
        from ocr import ppocr

        return extract_fields(ppocr.recognise(img), region)
    from ocr.engine import recognise  # Tesseract and numpy: loaded by the first card only

    return extract_fields(recognise(img, languages), region)


def _found(result: CardResult) -> int:
    return sum(bool(v) for v in (result.name, result.company, result.title, result.phones,
                                 result.emails, result.website, result.address))  # fmt: skip


def _thin(result: CardResult) -> bool:
    """No way to reach the person: nearly every card prints a phone or an email."""
    return not result.phones and not result.emails
