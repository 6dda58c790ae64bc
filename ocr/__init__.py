"""Reading business cards: photo bytes in, contact fields out (pure data, no Telegram types)."""

from __future__ import annotations

import time
from dataclasses import replace

from PIL import Image

from ocr.extract import (
    CardPhone,
    CardResult,
    Line,
    check_across_scripts,
    check_by_unused_reading,
    extract_fields,
    face_unread,
    han_count,
    latin_name_of_chinese_firm,
    written_traditional,
)
from ocr.image import MAX_DECODED_BYTES, SMALL_PHOTO_SIDE, ImageRejected, load_image
from ocr.preprocess import MAX_SIDE, card_faces, downscale, find_card, one_card_round, prepare

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
    if engine != "tesseract":
        return _read_card(data, languages, region, max_decoded, engine)
    from ocr.engine import one_card  # Tesseract and numpy: loaded by the first card only

    with one_card():
        return _read_card(data, languages, region, max_decoded, engine)


def _read_card(
    data: bytes, languages: str, region: str, max_decoded: int, engine: str
) -> CardResult:
    started = time.perf_counter()
    img = load_image(data, longest=MAX_SIDE, max_decoded=max_decoded)
    faces = card_faces(img)
    if faces and one_card_round(find_card(downscale(img)), faces):
        faces = None  # a slanted photo's card, cut in two halves
    if faces:
        # both faces of a card in one scan: read each alone, so that their lines and columns
        # do not run into each other, then extract from the lines of both together
        read = [_read_frame(img.crop(box), languages, region, engine) for box in faces]
        # the Chinese face first, as a bilingual card sets its Chinese above its English
        read.sort(key=lambda r: -sum(han_count(ln.text) for ln in r[1]))
        images = [(image, inverted) for _, _, image, inverted in read]
        firsts = [lines for _, lines, _, _ in read]
        result = extract_fields(stack(firsts), region)
        # read whole too: the type is then another size, and a misread there may be read right
        whole, _, _, _ = _read_frame(img, languages, region, engine)
        _surer(result, whole)
        if any(face_unread(lines) for lines in firsts):
            for name in ("name", "company"):
                result.confidence[name] = min(result.confidence.get(name, 0.0), 0.7)
    else:
        one, lines, image, inverted = _read_frame(img, languages, region, engine)
        result, images, firsts = one, [(image, inverted)], [lines]
    if engine == "tesseract" and written_traditional(result):
        from ocr.engine import traditional

        swapped = traditional(languages)
        if swapped:
            again = extract_fields(
                stack(
                    [
                        latin_kept(_read(image, swapped, region, engine, inverted)[1], first)
                        for (image, inverted), first in zip(images, firsts, strict=True)
                    ]
                ),
                region,
            )
            alone = _found(again)
            latin_filled(again, result)
            if _found(again) >= _found(result):
                check_across_scripts(again, result)
                if alone < _found(result):
                    # the traditional model read the card's Latin type worse: its name and
                    # firm are asked, however the two models agree
                    for name in ("name", "company"):
                        again.confidence[name] = min(again.confidence.get(name, 0.0), 0.6)
                result = again
            else:
                check_by_unused_reading(result, again)
    if latin_name_of_chinese_firm(result):
        result.confidence["name"] = min(result.confidence.get("name", 0.0), 0.6)
    result.small_photo = max(img.size) < SMALL_PHOTO_SIDE
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _read_frame(
    img: Image.Image, languages: str, region: str, engine: str
) -> tuple[CardResult, list[Line], Image.Image, bool]:
    """Read the card found in `img`, or the whole frame when the outline found was not it; the
    image read, and whether preprocessing inverted light type on dark in it."""
    prepared = prepare(img)
    image = prepared.image
    inverted = prepared.inverted
    result, lines = _read(image, languages, region, engine, inverted)
    edge = cut(lines, prepared.image.size)
    if prepared.cropped and (_thin(result) or edge) and (engine == "ppocr" or prepared.plain):
        # the outline found may be a coloured band, a logo or ruled paper, not the card itself
        # (Tesseract reads the whole frame only when its edge is plain: on a textured desk it
        # took tens of seconds)
        framed = prepare(img, crop=False)
        frame = framed.image
        whole, whole_lines = _read(frame, languages, region, engine, framed.inverted)
        # PP-OCR reads a whole frame about as well as a crop: when the crop cut the card and
        # the frame gives as much, the frame is not cut ("lien Chevalier" at the crop's edge)
        tie = engine == "ppocr" and edge and not cut(whole_lines, frame.size)
        if _found(whole) > _found(result) or (tie and _found(whole) == _found(result)):
            result, lines, image, inverted = whole, whole_lines, frame, framed.inverted
    return result, lines, image, inverted


def _surer(result: CardResult, other: CardResult) -> None:
    """Per field, the surer of two readings of one card, but the Chinese form over the English
    one a bilingual card prints beside it, as `extract_fields` keeps on one face."""
    for name in ("name", "company", "title", "address"):
        value, mine = getattr(other, name), getattr(result, name)
        if not value or (mine and han_count(mine) and not han_count(value)):
            continue
        chinese = han_count(value) and not han_count(mine or "")
        if chinese or other.confidence.get(name, 0.0) > result.confidence.get(name, 0.0):
            setattr(result, name, value)
            result.confidence[name] = other.confidence[name]


def latin_kept(again: list[Line], first: list[Line]) -> list[Line]:
    """The lines of a card read again with the traditional Chinese model, each line that the
    first reading found no Chinese in kept as first read: the Chinese model reads Latin type
    worse ("Unit 19, 外 Floor" for "4th Floor"), and a Chinese character in an English line
    ran it into the Chinese address above it."""
    out = []
    for line in again:
        same = next((ln for ln in first if _overlap(ln.box, line.box) >= 0.8), None)
        if same is not None and han_count(line.text) and not han_count(same.text):
            line = same
        out.append(line)
    return out


def latin_filled(again: CardResult, first: CardResult) -> None:
    """The email, website and numbers of the first reading where the traditional Chinese
    model's reading of the same card lost them ("電郵 :karen.lautaylor-apparelLcom" for
    "karen.lau@taylor-apparel.com"): that model reads Latin type worse, and a card's Chinese
    fields are no worse read for its email being misread."""
    if not again.emails and first.emails:
        again.emails = list(first.emails)
        again.confidence["email"] = first.confidence.get("email", 0.0)
    if not again.website and first.website:
        again.website = first.website
        again.confidence["website"] = first.confidence.get("website", 0.0)
    if not again.phones and first.phones:
        again.phones = list(first.phones)
        again.confidence["phone"] = first.confidence.get("phone", 0.0)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two boxes (left, top, width, height)."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / (a[2] * a[3] + b[2] * b[3] - w * h)


FACE_GAP = 2.0  # type heights left blank between two faces' lines stacked one above the other


def stack(faces: list[list[Line]]) -> list[Line]:
    """The lines of each face, the next face's below the last one's: one card's lines to the
    extraction, the faces' columns kept apart."""
    out: list[Line] = []
    top = 0
    for lines in faces:
        if not lines:
            continue
        gap = FACE_GAP * max(ln.height for ln in lines)
        shift = top - min(ln.box[1] for ln in lines) + round(gap) if out else 0
        out += [
            replace(ln, box=(ln.box[0], ln.box[1] + shift, ln.box[2], ln.box[3])) for ln in lines
        ]
        top = max(ln.box[1] + ln.box[3] for ln in out)
    return out


def _read(
    img: Image.Image, languages: str, region: str, engine: str, inverted: bool = True
) -> tuple[CardResult, list[Line]]:
    """`inverted`: preprocessing turned light type on dark into dark on light somewhere in
    `img`; where it did not, Tesseract need not try each unsure line inverted."""
    if engine == "ppocr":
        from ocr import ppocr

        lines = ppocr.recognise(img)
    else:
        from ocr.engine import recognise  # Tesseract and numpy: loaded by the first card only

        lines = recognise(img, languages, invert=inverted)
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
