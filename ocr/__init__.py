"""Reading business cards: photo bytes in, contact fields out (pure data, no Telegram types)."""

from __future__ import annotations

import time

from ocr.engine import recognise
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
    if engine == "ppocr":
        from ocr import ppocr

        lines = ppocr.recognise(prepared.image)
    else:
        lines = recognise(prepared.image, languages)
    result = extract_fields(lines, region)
    result.seconds = round(time.perf_counter() - started, 3)
    return result
