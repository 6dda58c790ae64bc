"""Marks above the letters that a reading leaves out: the accents of a name read without them.

Tesseract's English model reads "Bühler" as "Buhler" and "Krejčová" as "Krejcova", confidently:
the letters it has are right, the marks it has no letter for are dropped. The ink still shows
them: small blobs above the body of the type, apart from every letter. A line whose ink holds
more such blobs than its text explains (dots of i and j, the accents it did read, quotes) was
read only in part, whatever the model's confidence.
"""

from __future__ import annotations

import re
import unicodedata

from PIL import Image

from ocr.preprocess import components, otsu

_DIAERESIS = "\u0308"  # two dots: two blobs
PAD_ABOVE = 0.45  # of the line's height: accents over capitals sit above Tesseract's box
LETTER = 0.4  # a blob at least this share of the tallest one's height is a letter
# of the letters' height: how big a mark is, how flat at most, how far above its letter
MARK_HIGH, MARK_WIDE, MARK_MIN, MARK_FLAT, MARK_GAP = 0.5, 0.9, 0.08, 4.0, 0.6
MOST_MARKS = 0.5  # per letter read: more blobs above the type are not accents


def explained(text: str) -> int:
    """How many separate marks above the type `text` accounts for: a dot per i and j, each
    accent (two for a diaeresis) and each quote or apostrophe."""
    count = 0
    for ch in text:
        if ch in "'\"’‘“”`´^°*":
            count += 2
            continue
        parts = unicodedata.normalize("NFD", ch)
        marks = [c for c in parts[1:] if unicodedata.combining(c)]
        if marks:
            count += sum(2 if m == _DIAERESIS else 1 for m in marks)
        elif parts[0] in "ij":
            count += 1
    return count


def marks_above(gray: Image.Image) -> int:
    """Small blobs of ink, each just above a letter and apart from it, in a one-line crop of
    dark type on light paper: dots and accents. Measured against the letter beneath, not the
    line, so a tilted line counts alike; blobs cut by the crop's top edge (a letter of the
    line above) or far above the type (dust, a rule) are not marks."""
    if gray.width < 4 or gray.height < 4:
        return 0
    threshold = otsu(gray.histogram())
    ink = gray.point(lambda v: 255 if v < threshold else 0).convert("L")
    boxes = []
    for blob in components(ink):
        y0 = min(y for y, _, _ in blob)
        y1 = max(y for y, _, _ in blob) + 1
        x0 = min(x for _, x, _ in blob)
        x1 = max(x for _, _, x in blob)
        boxes.append((x0, y0, x1, y1))
    tallest = max((b[3] - b[1] for b in boxes), default=0)
    letters = [b for b in boxes if b[3] - b[1] >= LETTER * tallest]
    if not letters:
        return 0
    size = sorted(b[3] - b[1] for b in letters)[len(letters) // 2]
    found = 0
    for x0, y0, x1, y1 in boxes:
        high, wide = y1 - y0, x1 - x0
        if y0 == 0 or high > MARK_HIGH * size or wide > MARK_WIDE * size:
            continue
        if min(high, wide) < MARK_MIN * size or wide > MARK_FLAT * high:
            continue  # a speck of dust, or a rule
        middle = (x0 + x1) / 2
        if any(
            lx0 - 0.1 * size <= middle <= lx1 + 0.1 * size and 0 <= ly0 - y1 <= MARK_GAP * size
            for lx0, ly0, lx1, _ in letters
        ):
            found += 1
    return found


def unexplained(
    img: Image.Image, box: tuple[int, int, int, int], text: str, ceiling: int = 0
) -> int:
    """Marks above the type in `box` of the page `img` that `text` does not account for;
    nothing above `ceiling` (the bottom of the line above) is looked at. Where the ink above
    holds more blobs than a line's letters could carry accents, it is something else (a
    picture, the line above) and says nothing."""
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return 0
    top = max(0, ceiling, y - round(PAD_ABOVE * h))
    crop = img.crop((max(0, x), top, min(img.width, x + w), min(img.height, y + h)))
    gray = crop if crop.mode == "L" else crop.convert("L")
    found = marks_above(gray)
    letters = len(re.findall(r"[^\W\d_]", text))
    if found > MOST_MARKS * letters:
        return 0
    return max(0, found - explained(text))
