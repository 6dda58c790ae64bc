"""Reading business cards: photo bytes in, contact fields out (pure data, no Telegram types)."""

from __future__ import annotations

import time

from PIL import Image

from ocr.extract import (
    CardPhone,
    CardResult,
    Line,
    check_across_scripts,
    extract_fields,
    written_traditional,
)
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
    image = prepared.image
    result, lines = _read(image, languages, region, engine)
    edge = cut(lines, prepared.image.size)
    if prepared.cropped and (_thin(result) or edge) and (engine == "ppocr" or prepared.plain):
        # the outline found may be a coloured band, a logo or ruled paper, not the card itself
        # (Tesseract reads the whole frame only when its edge is plain: on a textured desk it
        # took tens of seconds)
        frame = prepare(img, crop=False).image
        whole, whole_lines = _read(frame, languages, region, engine)
        # PP-OCR reads a whole frame about as well as a crop: when the crop cut the card and
        # the frame gives as much, the frame is not cut ("lien Chevalier" at the crop's edge)
        tie = engine == "ppocr" and edge and not cut(whole_lines, frame.size)
        if _found(whole) > _found(result) or (tie and _found(whole) == _found(result)):
            result, image = whole, frame
    if engine == "tesseract" and written_traditional(result):
        from ocr.engine import traditional

        swapped = traditional(languages)
        if swapped:
            again, _ = _read(image, swapped, region, engine)
            if _found(again) >= _found(result):
                check_across_scripts(again, result)
                result = again
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _read(
    img: Image.Image, languages: str, region: str, engine: str
) -> tuple[CardResult, list[Line]]:
    if engine == "ppocr":
        from ocr import ppocr

        lines = ppocr.recognise(img)
    else:
        from ocr.engine import recognise  # Tesseract and numpy: loaded by the first card only

        lines = recognise(img, languages)
    return extract_fields(lines, region), lines


def _found(result: CardResult) -> int:
    return sum(bool(v) for v in (result.name, result.company, result.title, result.phones,
                                 result.emails, result.website, result.address))  # fmt: skip


def _thin(result: CardResult) -> bool:
    """No way to reach the person: nearly every card prints a phone or an email."""
    return not result.phones and not result.emails


EDGE = 0.008  # of the image's longer side: a line this close to an edge runs past it


def cut(lines: list[Line], size: tuple[int, int]) -> bool:
    """A line of text touches the crop's edge: the outline found cut through the card, since a
    card's printing keeps a margin from its own edge. The engines read the image turned
    upright, so the lines' frame is the crop's or, turned a quarter, its transpose: a line
    reaching past the short side across says landscape, down says portrait."""
    boxes = [ln.box for ln in lines]
    short, long = sorted(size)
    portrait = max((y + h for _, y, _, h in boxes), default=0) > short and not any(
        x + w > short for x, _, w, _ in boxes
    )
    width, height = (short, long) if portrait else (long, short)
    margin = EDGE * long
    return any(
        x <= margin or y <= margin or x + w >= width - margin or y + h >= height - margin
        for x, y, w, h in boxes
    )
