"""Tesseract through pytesseract: words with boxes, grouped into lines; script and orientation.

Each call starts a `tesseract` process, so this module keeps no state and is safe to call from
several threads at once.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import itertools
import os
import re
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
import pytesseract
from PIL import Image, ImageFilter
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from ocr import marks, tessapi
from ocr.extract import HAN_LINE, Line, free_mail
from ocr.glyphs import correct
from ocr.preprocess import column_span, evened, glyph_cells, ink_boxes, ink_columns, otsu

# OpenMP inside Tesseract spins on every core it sees: on a shared 2-core machine one card took
# 0.6-0.9 s with the default and 0.15-0.25 s with one thread. The bot parallelises across cards
# itself, so one thread per process is also the right setting there. An operator's value wins.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# a field label starts a new piece of information, not the rest of a line
_LABELLED = re.compile(
    r"(?:手机|电话|传真|邮箱|网址|地址|e-?mail|email|tel|mob|mobile|fax|www|web|[mtfewa])"
    r"(?:[:：|.]|$)",
    re.IGNORECASE,
)
_HAN_LABEL = re.compile(r"(?:手机|电话|传真|邮箱|网址|地址)")
_TIMEOUT = 30  # seconds; a stuck tesseract must not hold a worker forever
READS_WELL = 0.75  # mean word confidence of a card read in the right script, upright
UNREAD, TURNED_SURER = 0.4, 0.3  # Latin reading this unsure: try it upside down; this much surer
# a landscape crop read next to nothing (this unsure, or fewer characters surely read than a
# phone number and an email hold) is tried turned a quarter; a turn reading surely this many
# times as many characters, and this many more (or half TURNED_SURER surer), is read in full
SCANTY = 20
QUARTER_SURER, QUARTER_MORE = 2.0, 10.0
OSD_TRUSTED = 2.0  # OSD confidence below this was wrong on degraded photos (see notes)
# orientation by lines read both ways: how many, and when their verdict is clear enough
VOTE_LINES, VOTE_SURE, VOTE_MARGIN = 5, 0.3, 0.15
VOTE_WIDTH = 10  # line heights: how much of each line the vote reads
THRESHOLD: int | None = None
PSM = 11  # sparse text: cards are scattered blocks, not paragraphs
READ_SURE = 0.9  # a Chinese line read this surely on the page is kept as it is...
WIDER = 1.1  # ...unless its ink is this much wider than what was read
SHORT_LINE = 6  # characters: a name or a title, not an address
REREAD_BELOW = 0.7  # confidence under which a Latin line on a Chinese card is read again
MAX_MISSED = 8  # uncovered ink blobs worth a second look; more is noise or a picture
REREAD_HEIGHT = 40  # px: line height in the montage of lines read a second time
# Chinese lines: read at several sizes, keep the agreed one
REREAD_HEIGHTS: tuple[int, ...] = (32, 40, 52)
# a long Chinese line (an address, a firm's full name) at the two outer sizes only: the
# montage's cost grows with the length of what it holds, and with the page's reading there
# are still three readings to agree on; short lines (names, titles) keep all three
LONG_REREAD_HEIGHTS: tuple[int, ...] = (32, 52)
SMALLEST_TYPE = 0.3  # of the body type's height: a line less tall is a speck, not worth a re-read
STACKED = 1.8  # a line this many times taller than its words holds more than one row
DESCENDS = 0.6  # of the type's height: how far a descender reaches below the letters
RISES = 0.25  # of a number's height: how far larger type beside it reaches above its top
# a logo read as letters before a wordmark: this many at most, a box about this square
# (long side over short) and this many times as tall as the word after it
LOGO_LETTERS, LOGO_SQUARE, MARK_TALL = 3, 1.6, 1.3
REREAD_PAD_X, REREAD_PAD_Y = 0.6, 0.3  # of the line height: Tesseract's boxes can clip a glyph


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..1
    line: tuple[int, int, int]  # block, paragraph, line as Tesseract numbered them

    @property
    def han(self) -> bool:
        return bool(_HAN.search(self.text))


@dataclass(frozen=True)
class Orientation:
    rotate: int  # degrees clockwise that make the text upright
    confidence: float


def _config(psm: int, language: str) -> str:
    config = f"--oem 1 --psm {psm}"
    if THRESHOLD is not None:
        config += f" -c thresholding_method={THRESHOLD}"
    if _is_han(language) or any(_is_han(part) for part in language.split("+")):
        # without it Chinese comes out with a space between every character
        config += " -c preserve_interword_spaces=1"
    if not _inverts():
        config += " -c tessedit_do_invert=0"
    return config


def _for_tesseract(img: Image.Image) -> Image.Image:
    """Hand images over as BMP: writing PNG costs tens of milliseconds and gains nothing."""
    img = img.copy()
    img.format = "BMP"
    return img


_card = threading.local()


def _inverts() -> bool:
    """Does Tesseract read each unsure line again inverted (light type on dark)? See
    `recognise`."""
    return bool(getattr(_card, "invert", True))


@contextlib.contextmanager
def one_card() -> Iterator[None]:
    """Within it, an image read again with the same model and mode is not read again (a card
    found to print traditional Chinese was read through once more, its Latin reading of
    the same page too; a frame read whole repeated its crop's orientation reads)."""
    _card.reads = {}
    try:
        yield
    finally:
        _card.reads = None


def ocr_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
    reads: dict[tuple[object, ...], list[Word]] | None = getattr(_card, "reads", None)
    if reads is None:
        return _ocr_words(img, language, psm)
    digest = hashlib.blake2b(img.tobytes(), digest_size=16).digest()
    key = (digest, img.size, img.mode, language, psm or PSM, THRESHOLD, _inverts())
    if key not in reads:
        reads[key] = _ocr_words(img, language, psm)
    return list(reads[key])


def _ocr_words(img: Image.Image, language: str, psm: int | None = None) -> list[Word]:
    if tessapi.available():
        return _parse_tsv(tessapi.tsv(img, language, psm or PSM, _variables(language)))
    try:
        data = pytesseract.image_to_data(
            _for_tesseract(img),
            lang=language,
            config=_config(psm or PSM, language),
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT,
        )
    except RuntimeError:  # pytesseract's timeout: a stuck run reads as nothing, not a crash
        return []
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if text.strip() and conf >= 0:
            words.append(
                Word(
                    text.strip(),
                    data["left"][i],
                    data["top"][i],
                    data["width"][i],
                    data["height"][i],
                    conf / 100,
                    (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                )
            )
    return words


def _variables(language: str) -> dict[str, str]:
    """What `_config` passes with -c, for the in-process API (which keeps values between calls,
    so each is set every time)."""
    han = _is_han(language) or any(_is_han(part) for part in language.split("+"))
    return {
        "preserve_interword_spaces": "1" if han else "0",
        "thresholding_method": str(THRESHOLD or 0),
        # deprecated for `invert_threshold` in Tesseract 5.3, but read by 4.x and 5.x alike
        "tessedit_do_invert": "1" if _inverts() else "0",
    }


def _parse_tsv(text: str) -> list[Word]:
    """Tesseract's TSV rows: level, page, block, paragraph, line, word, box, confidence, text."""
    words = []
    for row in text.splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or not cells[11].strip() or not cells[0].isdigit():
            continue
        conf = float(cells[10])
        if conf < 0:
            continue
        left, top, width, height = (int(v) for v in cells[6:10])
        line = (int(cells[2]), int(cells[3]), int(cells[4]))
        words.append(Word(cells[11].strip(), left, top, width, height, conf / 100, line))
    return words


def to_lines(words: list[Word]) -> list[Line]:
    """Tesseract's own line grouping, top to bottom, cut where a wide gap separates columns
    and joined where sparse-text mode broke one line in two."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        groups.setdefault(word.line, []).append(word)
    parts: list[list[Word]] = []
    for group in groups.values():
        for row in _split_rows(_without_specks(group)):
            parts += _split_columns(sorted(row, key=lambda w: w.left))
    parts = _join_pieces(parts)
    return sorted((_line(p) for p in parts), key=lambda ln: (ln.box[1], ln.box[0]))


def _split_rows(words: list[Word]) -> list[list[Word]]:
    """Rows stacked in one of Tesseract's lines: on a photo whose lines are not quite level,
    or where the Latin reading was merged into a Chinese one, a 'line' can hold the words of
    two or three rows, which then read as one garbled line."""
    heights = sorted(w.height for w in words)
    span = max(w.top + w.height for w in words) - min(w.top for w in words)
    if span < STACKED * heights[len(heights) // 2]:
        return [words]
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.top + w.height / 2):
        for row in rows:
            top = min(w.top for w in row)
            bottom = max(w.top + w.height for w in row)
            shared = min(bottom, word.top + word.height) - max(top, word.top)
            if shared >= 0.5 * min(word.height, bottom - top):
                row.append(word)
                break
        else:
            rows.append([word])
    return rows


def _join_pieces(parts: list[list[Word]]) -> list[list[Word]]:
    """Pieces on one baseline, close together and of one type size are one line."""
    parts = sorted(parts, key=lambda p: min(w.left for w in p))
    joined: list[list[Word]] = []
    for part in parts:
        for line in joined:
            if _continues(line, part):
                line.extend(part)
                break
        else:
            joined.append(list(part))
    return joined


def _continues(left: list[Word], right: list[Word]) -> bool:
    if left[0].line == right[0].line:
        return False  # split on purpose by _split_columns
    lh = sorted(w.height for w in left)[len(left) // 2]
    rh = sorted(w.height for w in right)[len(right) // 2]
    if not 1 / 1.6 <= lh / max(rh, 1) <= 1.6:
        return False
    l_top, l_bottom = min(w.top for w in left), max(w.top + w.height for w in left)
    r_top, r_bottom = min(w.top for w in right), max(w.top + w.height for w in right)
    shared = min(l_bottom, r_bottom) - max(l_top, r_top)
    gap = min(w.left for w in right) - max(w.left + w.width for w in left)
    if _LABELLED.match(right[0].text):  # "邮箱 …" beside a company name: the next column
        return False
    return shared >= 0.6 * min(lh, rh) and -0.2 * lh < gap < 1.2 * max(lh, rh)


def _without_specks(words: list[Word]) -> list[Word]:
    """Dust and rules come back as tiny, doubtful 'words' inside a line of real type."""
    heights = sorted(w.height for w in words)
    median = heights[len(heights) // 2]
    kept = [w for w in words if w.height >= 0.35 * median or w.confidence >= 0.6]
    return kept or words


def _split_columns(words: list[Word]) -> list[list[Word]]:
    """Two-column cards: Tesseract may join a left and a right line that share a baseline."""
    parts = [[words[0]]]
    for prev, word in itertools.pairwise(words):
        gap = word.left - (prev.left + prev.width)
        small, big = sorted((prev.height, word.height))
        # beyond 2.5 it is a speck, not type; Chinese word boxes vary too much to tell
        other_size = 1.4 * small < big < 2.5 * small and not (prev.han or word.han)
        # tops level and little more below: one size, a word taller by its descenders only
        # ("Toriq" beside "Co.")
        descends = abs(prev.top - word.top) <= RISES * small and big - small <= DESCENDS * small
        other_size = other_size and not descends
        # a name in large type, then a number in small type: the next column's phone line
        # (the type size of the words so far: "Apt." is tall only by its descender; and large
        # type rises above the number, where "Singapore 687466" only hangs below it)
        so_far = sorted(w.height for w in parts[-1])[len(parts[-1]) // 2]
        name_then_number = (
            min(prev.height, so_far) > 1.3 * word.height
            and word.top - prev.top > RISES * word.height
            and prev.text[:1].isalpha()
            and re.match(r"[+(]?\d", word.text) is not None
        )
        if (
            gap > 2.5 * big
            or (other_size and gap > small)
            or (name_then_number and gap > 0)
            or (prev is words[0] and _logo_mark(prev, word) and gap > 0)
        ):
            parts.append([])
        parts[-1].append(word)
    return parts


def _logo_mark(mark: Word, word: Word) -> bool:
    """ "A Axix", "YR Yongxin Realty", "(9 Payne & Sons": a logo before a wordmark read as a
    letter or two. Its box is about square, and taller than the word after it, past both its
    top and its bottom; type of a larger size (a drop cap, a name) stands on the line."""
    return (
        len(mark.text) <= LOGO_LETTERS
        and not (mark.han or word.han)
        and 1 / LOGO_SQUARE <= mark.width / max(1, mark.height) <= LOGO_SQUARE
        and mark.height > MARK_TALL * word.height
        and mark.top < word.top
        and mark.top + mark.height > word.top + word.height
    )


def _line(words: list[Word]) -> Line:
    left = min(w.left for w in words)
    top = min(w.top for w in words)
    right = max(w.left + w.width for w in words)
    bottom = max(w.top + w.height for w in words)
    heights = sorted(w.height for w in words)
    return Line(
        text=_join(words),
        box=(left, top, right - left, bottom - top),
        height=float(heights[len(heights) // 2]),
        confidence=sum(w.confidence for w in words) / len(words),
    )


def _join(words: list[Word]) -> str:
    """Chinese words that touch belong together; spaces would split names and companies."""
    out = words[0].text
    for prev, word in itertools.pairwise(words):
        gap = word.left - (prev.left + prev.width)
        touching = gap < 0.5 * max(prev.height, word.height)
        han = _HAN.search(prev.text[-1:]) and _HAN.search(word.text[:1])
        out += word.text if (han and touching) else " " + word.text
    return out


def mean_confidence(words: list[Word]) -> float:
    """Character-weighted: long words count more than stray specks."""
    total = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / total if total else 0.0


def han_share(words: list[Word]) -> float:
    total = sum(len(w.text) for w in words)
    return sum(len(_HAN.findall(w.text)) for w in words) / total if total else 0.0


def _same_rows(word: Word, top: int, bottom: int) -> bool:
    """Most of the word's height lies between `top` and `bottom`: a word of the next line whose
    middle reaches into a tall run's padding is not part of it (the line under a Chinese
    address, "Medical", took the place of its house number "1310", read right by chi_sim)."""
    shared = min(bottom, word.top + word.height) - max(top, word.top)
    return shared >= 0.5 * min(word.height, bottom - top)


def merge_scripts(chinese: list[Word], latin: list[Word]) -> list[Word]:
    """Chinese words from chi_sim; Latin runs from eng where it is surer (it reads @ and .)."""
    out: list[Word] = []
    run: list[Word] = []

    def flush() -> None:
        if not run:
            return
        left = min(w.left for w in run)
        right = max(w.left + w.width for w in run)
        top = min(w.top for w in run)
        bottom = max(w.top + w.height for w in run)
        pad = 0.3 * (bottom - top)
        inside = [
            w
            for w in latin
            if left - pad <= w.left + w.width / 2 <= right + pad
            and top - pad <= w.top + w.height / 2 <= bottom + pad
            and _same_rows(w, top, bottom)
        ]
        if inside and mean_confidence(inside) >= mean_confidence(run) - 0.02:
            out.extend(replace(w, line=run[0].line) for w in inside)
        else:
            out.extend(run)
        run.clear()

    for word in chinese:
        if run and (word.line != run[-1].line or word.han):
            flush()
        if word.han:
            out.append(word)
        else:
            run.append(word)
    flush()
    return out


def orientation(img: Image.Image) -> Orientation:
    """Tesseract's OSD; the caller decides whether the confidence is worth acting on."""
    if tessapi.available():
        found = tessapi.osd(img)
        return Orientation(*found) if found else Orientation(0, 0.0)
    try:
        osd = pytesseract.image_to_osd(
            _for_tesseract(img),
            config="-c min_characters_to_try=10",
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT,
        )
    except (pytesseract.TesseractError, RuntimeError):  # too few characters, or timed out
        return Orientation(0, 0.0)
    return Orientation(int(osd.get("rotate", 0)), float(osd.get("orientation_conf", 0.0)))


def _is_han(language: str) -> bool:
    """chi_sim, chi_tra, or Debian's script models HanS and HanT."""
    return language.startswith("chi") or language.split("/")[-1] in ("HanS", "HanT")


def _is_latin(language: str) -> bool:
    return language in ("eng", "Latin", "script/Latin")


@functools.cache
def installed() -> frozenset[str]:
    """The models tesseract has (pytesseract's own list leaves out HanS: it keeps lower case)."""
    try:
        listed = subprocess.run(
            [pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())


# what to read with when a model is not installed: Debian's script model or the language one
_STAND_INS = {"HanS": "chi_sim", "chi_sim": "HanS", "HanT": "chi_tra", "Latin": "eng"}


def traditional(languages: str) -> str | None:
    """The languages with the simplified Chinese model swapped for the traditional one, or None
    when no traditional model is installed (Debian's tesseract-ocr-chi-tra): the simplified
    models read 號 as 号 and 貿 as 贸, so a Hong Kong or Taiwan card needs the other."""
    langs = [lang for lang in languages.split("+") if lang]
    swap = {"HanS": "HanT", "chi_sim": "chi_tra"}
    if not any(lang in swap for lang in langs) or not {"HanT", "chi_tra"} & installed():
        return None
    return "+".join(swap.get(lang, lang) for lang in langs)


def _languages(languages: str) -> list[str]:
    langs = [lang for lang in languages.split("+") if lang]
    have = installed()
    if have:
        langs = [
            lang if lang in have or _STAND_INS.get(lang) not in have else _STAND_INS[lang]
            for lang in langs
        ]
    return langs or ["eng"]


def _split_langs(langs: list[str]) -> tuple[str | None, str | None]:
    """The Latin and the Chinese model, when those are all that was asked for."""
    latin = next((lang for lang in langs if _is_latin(lang)), None)
    chinese = next((lang for lang in langs if _is_han(lang)), None)
    if latin is None or any(lang not in (latin, chinese) for lang in langs):
        return None, None
    return latin, chinese


def _read(img: Image.Image, langs: list[str], latin_words: list[Word] | None = None) -> list[Word]:
    """One upright reading: Latin first (fast); Chinese too when the Latin model struggles.
    `latin_words`: the Latin model's reading of this image, when it was already made."""
    latin, chinese = _split_langs(langs)
    if latin is None:
        return ocr_words(img, "+".join(langs))
    words = ocr_words(img, latin) if latin_words is None else latin_words
    if chinese is None or _reads_well(words):
        return words
    han = ocr_words(img, chinese)
    if han_share(han) < 0.05:  # no Chinese after all: a poor photo, keep the Latin reading
        return han if mean_confidence(han) > mean_confidence(words) + 0.1 else words
    return merge_scripts(han, words)


def _reads_well(words: list[Word]) -> bool:
    """High mean confidence and no sizeable unreadable line (Chinese read as Latin looks so)."""
    if mean_confidence(words) < READS_WELL:
        return False
    chars = sum(len(w.text) for w in words)
    weak = sum(len(w.text) for w in words if w.confidence < 0.5)
    return weak <= 0.1 * chars


def vote_model(langs: list[str], words: list[Word]) -> str:
    """The model that reads the orientation vote: the Chinese one reads Latin type too, and the
    Latin one cannot tell upright Chinese; but where the page read in both scripts shows no
    Chinese at all, the card is Latin, and the Latin model (several times cheaper) says as much."""
    latin = next((lang for lang in langs if _is_latin(lang)), None)
    chinese = next((lang for lang in langs if _is_han(lang)), None)
    if latin and chinese and words and not any(w.han for w in words):
        return latin
    return chinese or "+".join(langs)


def _flip_votes(
    img: Image.Image, langs: list[str], words: list[Word] | None = None
) -> tuple[float, float] | None:
    """Mean confidence of the card's widest lines of body type read upright and upside down,
    from one small montage (the lines stacked, then the stack turned over beneath them).
    `words`: the page's reading so far (see `vote_model`)."""
    boxes = ink_boxes(img)
    if len(boxes) < 2:
        return None
    heights = sorted(b[3] for b in boxes)
    body = heights[len(heights) // 2]
    widest = sorted((b for b in boxes if 0.6 * body <= b[3] <= 2 * body), key=lambda b: -b[2])
    # the start of each: a few words say which way up as well as the whole line does
    lines = [
        Line("", (x, y, min(w, VOTE_WIDTH * h), h), float(h), 0.0)
        for x, y, w, h in widest[:VOTE_LINES]
    ]
    if not lines:
        return None
    sheet, _ = montage(img, lines)
    both = Image.new("L", (sheet.width, 2 * sheet.height), 255)
    both.paste(sheet, (0, 0))
    both.paste(sheet.rotate(180), (0, sheet.height))
    model = vote_model(langs, words or [])
    read = ocr_words(both, model, psm=6)
    up = [w for w in read if w.top + w.height / 2 < sheet.height]
    down = [w for w in read if w.top + w.height / 2 >= sheet.height]
    return mean_confidence(up), mean_confidence(down)


def _upright(img: Image.Image, langs: list[str]) -> tuple[Image.Image, list[Word]]:
    """The reading of the card turned the right way up, and the image it was read from."""
    best_img, best = _upright_or_over(img, langs)
    latin, _ = _split_langs(langs)
    scanty = mean_confidence(best) < UNREAD or read_surely(best) < SCANTY
    if img.height <= 1.15 * img.width and latin is not None and scanty:
        # a landscape crop that reads next to nothing either way up: maybe its text runs
        # across it (a portrait card on its side, or a band or the whole frame taken for the
        # card). Only such crops pay for the quarter turns, read in Latin first
        return _quarter_turned(img, langs, latin, best_img, best)
    return best_img, best


def _upright_or_over(img: Image.Image, langs: list[str]) -> tuple[Image.Image, list[Word]]:
    """`_upright`, a landscape image tried only as it stands and upside down."""
    portrait = img.height > 1.15 * img.width
    latin, _ = _split_langs(langs)
    first = ocr_words(img, latin) if latin and not portrait else None
    if first is not None and _reads_well(first):
        return img, first
    if first is not None and latin is not None and mean_confidence(first) < UNREAD:
        # the Latin model made next to nothing of it: upside down, most likely. Read so, the
        # Latin type (and the Latin model reads a Chinese card's numbers and email) comes out
        # far surer, and the page need not be read in the second script, nor voted on, as it
        # stands
        upside_down = img.rotate(180)
        turned_first = ocr_words(upside_down, latin)
        if mean_confidence(turned_first) >= mean_confidence(first) + TURNED_SURER:
            return upside_down, _read(upside_down, langs, turned_first)
    words = [] if portrait else _read(img, langs, first)
    if words and mean_confidence(words) >= READS_WELL:
        return img, words  # a Chinese card, read well in both scripts: upright
    if not portrait:
        # poorly read: maybe upside down. A few lines read both ways say so, for a fraction
        # of the price of OSD.
        votes = _flip_votes(img, langs, words)
        if votes and max(votes) >= VOTE_SURE and abs(votes[0] - votes[1]) >= VOTE_MARGIN:
            if votes[1] > votes[0]:
                img = img.rotate(180)
                return img, _read(img, langs)
            return img, words
    # OSD is right on clean cards, often wrong on bad photos
    osd = orientation(img)
    if osd.confidence >= OSD_TRUSTED:
        turns = [osd.rotate] if osd.rotate or portrait else []
    else:
        turns = [0, 90, 270] if portrait else [180]
    if turns == [0, 90, 270] and latin is not None:
        # a portrait crop, most likely a landscape card photographed sideways: the Latin
        # model turned each quarter first, and the quarter it reads well is the card, without
        # reading the page as it stands or the other quarter in the second script
        quarters = {turn: img.rotate(-turn, expand=True) for turn in (90, 270)}
        reads = {turn: ocr_words(q, latin) for turn, q in quarters.items()}
        well = [turn for turn, words in reads.items() if _reads_well(words)]
        if len(well) == 1:
            return quarters[well[0]], reads[well[0]]
    best_img, best = img, words
    for turn in turns:
        turned_img = img.rotate(-turn, expand=True) if turn else img
        probe = None
        if turn == 180 and first is not None and latin is not None:
            # the Latin model alone first: upside down, it reads no better than upright did,
            # and the second script's reading (the dearer one) is then not worth making
            probe = ocr_words(turned_img, latin)
            if mean_confidence(probe) <= mean_confidence(first):
                continue
        turned = _read(turned_img, langs, probe)
        if not best or _reads_better(turned, best, portrait):
            best_img, best = turned_img, turned
            if turn == 90 and _reads_well(turned):
                break  # turned a quarter, the card reads well: the other quarter is it upside down
    return best_img, best


def _quarter_turned(
    img: Image.Image, langs: list[str], latin: str, best_img: Image.Image, best: list[Word]
) -> tuple[Image.Image, list[Word]]:
    """The quarter turn of `img` that reads surest in the Latin model, read in full, when it
    reads more surely than `best` (the reading so far) does; else `best`."""
    quarters = {turn: img.rotate(-turn, expand=True) for turn in (90, 270)}
    probes = {turn: ocr_words(q, latin) for turn, q in quarters.items()}
    turn = max(probes, key=lambda t: read_surely(probes[t]))
    probe = probes[turn]
    surer = mean_confidence(probe) >= mean_confidence(best) + TURNED_SURER / 2
    if not surer and read_surely(probe) < QUARTER_SURER * read_surely(best) + QUARTER_MORE:
        return best_img, best
    turned = _read(quarters[turn], langs, probes[turn])
    if read_surely(turned) > read_surely(best):
        return quarters[turn], turned
    return best_img, best


def read_surely(words: list[Word]) -> float:
    """Characters read, each counted by the confidence it was read with."""
    return sum(w.confidence * len(w.text) for w in words)


def _reads_better(turned: list[Word], best: list[Word], portrait: bool) -> bool:
    """Upside down, a card reads about as much as upright, only less surely. Sideways, the
    model reads a few specks, maybe as surely as the whole card turned a quarter: a portrait
    crop is turned to where the most is read surely."""
    if portrait:
        return read_surely(turned) > read_surely(best)
    return mean_confidence(turned) > mean_confidence(best) + 0.05


def words_by_span(
    sheet: Image.Image, language: str, spans: list[tuple[int, int]]
) -> list[list[Word]]:
    """One Tesseract call over a montage of cut-out lines, its words handed back to the line
    whose band their middle falls in: one call costs less than a call per line."""
    found: list[list[Word]] = [[] for _ in spans]
    for word in ocr_words(sheet, language, psm=6):
        middle = word.top + word.height / 2
        for k, (top, bottom) in enumerate(spans):
            if top <= middle <= bottom:
                found[k].append(word)
                break
    return found


def montage(
    img: Image.Image,
    lines: list[Line],
    sizes: list[tuple[int, ...]] | None = None,
    others: list[Line] | None = None,
) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The lines cut out, scaled to each of their `sizes` (default REREAD_HEIGHT) and stacked
    line by line: one Tesseract call reads them all, each at sizes the model likes, without
    the page layout analysis in the way."""
    sizes = sizes or [(REREAD_HEIGHT,)] * len(lines)
    crops = []
    for line, heights in zip(lines, sizes, strict=True):
        x, y, w, h = line.box
        px, py = round(REREAD_PAD_X * h), round(REREAD_PAD_Y * h)
        x0, x1 = _clear_of(line, others or [], x - px, x + w + px)
        box = (max(0, x0), max(0, y - py), min(img.width, x1), min(img.height, y + h + py))
        crop = img.crop(box)
        for height in heights:
            factor = height / max(1, h)
            size = (max(1, round(crop.width * factor)), max(1, round(crop.height * factor)))
            crops.append(crop.resize(size, Image.Resampling.LANCZOS))
    gap = max(max(hs) for hs in sizes) // 2
    sheet = Image.new(
        "L", (max(c.width for c in crops) + 2 * gap, sum(c.height + gap for c in crops) + gap), 255
    )
    spans, top = [], gap
    for crop in crops:
        sheet.paste(crop, (gap, top))
        spans.append((top, top + crop.height))
        top += crop.height + gap
    return sheet, spans


def _clear_of(line: Line, others: list[Line], x0: int, x1: int) -> tuple[int, int]:
    """Padding up to, not into, the next piece of text on the same row: a neighbour's glyph
    in the crop gets read as part of the line."""
    x, y, w, h = line.box
    for other in others:
        ox, oy, ow, oh = other.box
        if other.box == line.box or min(y + h, oy + oh) - max(y, oy) < 0.5 * min(h, oh):
            continue
        if ox >= x + w:
            x1 = min(x1, max(x + w, ox - 2))
        elif ox + ow <= x:
            x0 = max(x0, min(x, ox + ow + 2))
    return x0, x1


def _agreed(readings: list[tuple[str, float]]) -> tuple[str, float] | None:
    """The reading closest to all the others, each weighted by its confidence.

    Chinese glyphs misread at one size are often read right at another, and wrong readings
    rarely agree with each other, while right ones do.
    """
    keyed = [(re.sub(r"\s+", "", t), t, c) for t, c in readings]
    keyed = [k for k in keyed if k[0]]
    if not keyed:
        return None

    def support(item: tuple[str, str, float]) -> tuple[float, float]:
        agree = sum(c * fuzz.ratio(item[0], k) / 100 for k, _, c in keyed)
        return agree, item[2]

    _, text, conf = max(keyed, key=support)
    return text, conf


_ROMAN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}")


def _plain_pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).replace("v", "u").lower()


def romanised(lines: list[Line]) -> set[str]:
    """How the card spells its Chinese name and company in Latin letters: the pinyin name line
    ("Qian Zhao"), in either order, the part of an email before the @ ("qian.zhao") and the
    firm's domain ("hongruisibo.com")."""
    out: set[str] = set()
    for line in lines:
        text = line.text.strip()
        if _ROMAN_NAME.fullmatch(text):
            words = re.split(r"[ -]", text.lower())
            out |= {"".join(words), "".join(words[-1:] + words[:-1])}
        mailboxes = re.findall(
            r"([A-Za-z]+(?:[._][A-Za-z]+)?)@([A-Za-z0-9-]+)((?:\.[\w-]+)*)", text
        )
        for local, host, rest in mailboxes:
            parts = re.split(r"[._]", local.lower())
            out |= {"".join(parts), "".join(reversed(parts))}
            if not free_mail(host + rest):
                out.add(host.lower())
        for host in re.findall(r"www[.,]([A-Za-z0-9-]+)", text, re.IGNORECASE):
            out.add(host.lower())
    return {s.replace("v", "u") for s in out if len(s) >= 4}


def _doubled(han: str) -> list[str]:
    """ "周丽" for 周丽丽: a repeated glyph is read once (the recogniser merges a character
    with its twin); given names like 丽丽 are common, and the card's spelling "zhou.lili"
    says when it happened."""
    return [han[: i + 1] + han[i] + han[i + 1 :] for i in range(1, len(han))]


def _spelled(readings: list[tuple[str, float]], spellings: set[str]) -> tuple[str, float] | None:
    """The surest Chinese reading whose pinyin is one of the card's own spellings (the whole
    of a name, or the start of a company named like its domain): OCR that rereads 赵倩 as
    赵傅 at one size of three is told apart by the "Qian Zhao" printed under it. Homophones
    are left to agreement among the spelled readings."""
    if not spellings:
        return None
    matching = []
    for text, conf in readings:
        han = "".join(_HAN.findall(text))
        if len(han) < 2:
            continue
        if any(_plain_pinyin(han[:k]) in spellings for k in range(2, len(han) + 1)):
            matching.append((text, conf))
        elif len(han) <= 3 and HAN_LINE.fullmatch(text):
            matching += [(d, conf) for d in _doubled(han) if _plain_pinyin(d) in spellings]
    # homophones spell alike (刘凤英, 刘风英): among those, the reading most agree on
    return _agreed(matching) if matching else None


def reread(
    img: Image.Image,
    lines: list[Line],
    language: str,
    sizes: list[tuple[int, ...]] | None = None,
    others: list[Line] | None = None,
    spellings: set[str] | None = None,
) -> list[Line]:
    """Read the lines again one by one, each at its `sizes`; keep the reading that the card's
    own romanisation (`spellings`, see `romanised`) spells out, else the one most readings
    (and the first reading) agree on. A line read at one size only keeps its first reading
    unless the second is surer.

    On the whole page, chi_sim misread large bold names (曹淑兰 as 锝淑三) that it reads right
    from a cut-out line scaled to a common height.
    """
    if not lines:
        return lines
    sizes = sizes or [(REREAD_HEIGHT,)] * len(lines)
    sheet, spans = montage(img, lines, sizes, others)
    found = words_by_span(sheet, language, spans)
    out, k = [], 0
    for line, heights in zip(lines, sizes, strict=True):
        readings = []
        for words in found[k : k + len(heights)]:
            if words:
                words.sort(key=lambda w: w.left)
                readings.append((_join(words), sum(w.confidence for w in words) / len(words)))
        k += len(heights)
        if len(heights) == 1:
            if readings and readings[0][1] > line.confidence + 0.03:
                line = Line(readings[0][0], line.box, line.height, readings[0][1])
            out.append(line)
            continue
        candidates = [(line.text, line.confidence)] * bool(line.text) + readings
        chosen = _spelled(candidates, spellings or set()) or _agreed(candidates)
        if chosen:
            line = Line(chosen[0], line.box, line.height, chosen[1])
        out.append(line)
    return out


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)


def missed(
    img: Image.Image, lines: list[Line], inks: list[tuple[int, int, int, int]] | None = None
) -> list[Line]:
    """Ink that no line covers. Sparse-text mode dropped whole lines it could not place:
    short bold Chinese names and titles most of all."""
    found = []
    for box in ink_boxes(img) if inks is None else inks:
        covered = sum(_overlap(box, line.box) for line in lines)
        if covered < 0.4 * box[2] * box[3]:
            found.append(Line("", box, float(box[3]), 0.0))
    return sorted(found, key=lambda ln: -ln.box[2] * ln.box[3])[:MAX_MISSED]


def fit_to_ink(line: Line, inks: list[tuple[int, int, int, int]]) -> Line:
    """Tesseract's word boxes on large bold Chinese type can be twice as tall as the glyphs
    (全丹 came back 138 px tall for 68 px of ink), or clip them (a name boxed 115 px wide of
    its 144); cut out with such a box, the line below is read into it, or half a glyph is
    read. The ink in and around the box says where the line really is."""
    x, y, w, h = line.box
    covering = [b for b in inks if _overlap(b, line.box) >= 0.5 * w * h and b[3] <= 2 * h]
    if covering:  # the line is a part of a blob of ink: the whole blob
        x0 = min(x, *(b[0] for b in covering))
        y0 = min(y, *(b[1] for b in covering))
        x1 = max(x + w, *(b[0] + b[2] for b in covering))
        y1 = max(y + h, *(b[1] + b[3] for b in covering))
        return Line(line.text, (x0, y0, x1 - x0, y1 - y0), line.height, line.confidence)
    inside = [b for b in inks if _overlap(b, line.box) >= 0.6 * b[2] * b[3]]
    if not inside:
        return line
    top = min(b[1] for b in inside)
    bottom = max(b[1] + b[3] for b in inside)
    if bottom - top >= 0.75 * h:
        return line
    return Line(
        line.text, (x, top, w, bottom - top), min(line.height, bottom - top), line.confidence
    )


def _inside(small: Line, big: Line) -> bool:
    return _overlap(small.box, big.box) >= 0.7 * small.box[2] * small.box[3]


def join_row_pieces(lines: list[Line]) -> list[Line]:
    """A Chinese line that came back in pieces (an address with a garbled place name in the
    middle): pieces side by side on one row, close together, become one line again, to be
    read again whole. Specks inside a bigger line are dropped."""
    lines = [
        ln
        for ln in lines
        if not any(
            o is not ln and o.box[2] * o.box[3] > ln.box[2] * ln.box[3] and _inside(ln, o)
            for o in lines
        )
    ]
    out: list[Line] = []
    for line in sorted(lines, key=lambda ln: ln.box[0]):
        for k, left in enumerate(out):
            if _same_row(left, line):
                out[k] = _joined(left, line)
                break
        else:
            out.append(line)
    return sorted(out, key=lambda ln: (ln.box[1], ln.box[0]))


def _same_row(left: Line, right: Line) -> bool:
    lx, ly, lw, lh = left.box
    rx, ry, _, rh = right.box
    if not (_HAN.search(left.text) or _HAN.search(right.text)):
        return False
    if _LABELLED.match(right.text) or _HAN_LABEL.match(right.text):
        return False  # the next column's contact
    if not 1 / 1.8 <= lh / max(rh, 1) <= 1.8:
        return False
    shared = min(ly + lh, ry + rh) - max(ly, ry)
    gap = rx - (lx + lw)
    return shared >= 0.6 * min(lh, rh) and -0.2 * max(lh, rh) < gap < 0.8 * max(lh, rh)


def _joined(left: Line, right: Line) -> Line:
    x0, y0 = min(left.box[0], right.box[0]), min(left.box[1], right.box[1])
    x1 = max(left.box[0] + left.box[2], right.box[0] + right.box[2])
    y1 = max(left.box[1] + left.box[3], right.box[1] + right.box[3])
    n_left, n_right = len(left.text), len(right.text)
    conf = (left.confidence * n_left + right.confidence * n_right) / max(1, n_left + n_right)
    return Line(f"{left.text} {right.text}", (x0, y0, x1 - x0, y1 - y0), left.height, conf)


def _corrected(img: Image.Image, line: Line, spellings: set[str], others: list[Line]) -> Line:
    """`glyphs.correct` on the line's box widened up to its neighbours: Tesseract's boxes
    can clip the last character, which then looks like another one."""
    if not line.text:
        return line
    x, y, w, h = line.box
    x0, x1 = _clear_of(line, others, max(0, x - h // 2), min(img.width, x + w + h // 2))
    fixed = correct(img, replace(line, box=(x0, y, x1 - x0, h)), spellings)
    return replace(fixed, box=line.box)


def _mostly_han(text: str) -> bool:
    """Chinese, not a Latin email or website behind a Chinese label (chi_sim drops its dots)."""
    chars = re.sub(r"\s+", "", text)
    return len(_HAN.findall(chars)) >= 0.4 * len(chars) > 0


def _readable(line: Line) -> bool:
    return line.confidence >= 0.6 and len(re.findall(r"\w", line.text)) >= 2


def recognise(img: Image.Image, languages: str = "eng+HanS", invert: bool = True) -> list[Line]:
    """Lines of the card, turned upright first if it was photographed sideways or upside down.

    Then one more Tesseract call reads, from a montage, the Chinese lines (chi_sim misreads
    large bold names on the whole page) and any ink no line covers.

    `invert=False`: the image holds no light type on dark (preprocessing inverted none), so
    Tesseract does not read each unsure line a second time inverted, which cost a fifth of
    its time for nothing.
    """
    previous = _inverts()
    _card.invert = invert
    try:
        return _recognise(img, languages)
    finally:
        _card.invert = previous


def _recognise(img: Image.Image, languages: str) -> list[Line]:
    langs = _languages(languages)
    img, words = _upright(img, langs)
    words = second_look(img, langs, words)
    lines = _reread_lines(img, to_lines(words), langs)
    chinese = next((lang for lang in langs if _is_han(lang)), None)
    if chinese:
        lines = vertical_lines(img, lines, chinese)
        lines = without_logo(img, lines, chinese)
        lines = split_sizes(img, lines, chinese)
    lost: dict[tuple[object, ...], int] = {}  # the marks of a line, looked for once
    lines = accents(img, lines, langs, lost)
    marked = [_with_marks(img, line, lines, lost) for line in lines]
    # a line doubted for the marks it lost ("Chenl Li": the i's dot) is read again too, and
    # its new reading checked for marks in turn
    again = doubtful_lines(img, marked, langs)
    return [
        new if new is old else _with_marks(img, new, again, lost)
        for old, new in zip(marked, again, strict=True)
    ]


DOUBTFUL = 0.8  # a Latin card's line read less surely than this is read again...
DOUBT_SURER = 0.1  # ...and the new reading kept when this much surer
# unsharp mask of the sharpened take: radius in px at REREAD_HEIGHT, strength in percent
SHARPEN_RADIUS, SHARPEN_PERCENT = 2.0, 150


def _sharpened(img: Image.Image) -> Image.Image:
    return img.filter(
        ImageFilter.UnsharpMask(radius=SHARPEN_RADIUS, percent=SHARPEN_PERCENT, threshold=0)
    )


def doubtful_lines(img: Image.Image, lines: list[Line], langs: list[str]) -> list[Line]:
    """A Latin card's lines read unsurely on the page, read again by the Latin model from one
    montage, each cut out at REREAD_HEIGHT as it is and sharpened (a blurred photo's line
    reads best from one or the other); the surest reading kept where it is clearly surer.
    Without the page's layout analysis, a line the page split or ran into specks ("Chenl Li",
    a phone's digits) reads whole. Chinese cards have their own re-reads (`_reread_lines`)."""
    latin = next((lang for lang in langs if _is_latin(lang)), None)
    if latin is None or any(_HAN.search(line.text) for line in lines):
        return lines
    todo = [
        i
        for i, line in enumerate(lines)
        if line.confidence < DOUBTFUL
        and len(line.text) >= 2
        and line.box[3] > 0
        and not any(_european(c) for c in line.text)  # the accents the Latin model found
    ]
    if not todo:
        return lines
    sheet, spans = montage(img, [lines[i] for i in todo], others=lines)
    # each line once more, sharpened, below the plain takes: one Tesseract call for both
    sharp = _sharpened(sheet)
    both = Image.new("L", (sheet.width, 2 * sheet.height), 255)
    both.paste(sheet, (0, 0))
    both.paste(sharp, (0, sheet.height))
    spans = spans + [(top + sheet.height, bottom + sheet.height) for top, bottom in spans]
    found = words_by_span(both, latin, spans)
    out = list(lines)
    for k, i in enumerate(todo):
        best, text = lines[i].confidence + DOUBT_SURER, None
        for words in (found[k], found[k + len(todo)]):
            if not words:
                continue
            confidence = sum(w.confidence for w in words) / len(words)
            if confidence > best:
                best, text = confidence, _join(sorted(words, key=lambda w: w.left))
        if text is not None:
            out[i] = replace(lines[i], text=text, confidence=best)
    return out


DARKEN = 2.0  # gamma of the second look: grey type darker, the paper barely so
LOOK_SURE = 0.6  # words read less surely than this count for nothing when two reads compare
LOOK_BETTER = 1.1  # how much more surely a line must be read to replace the first reading
LOOK_NEW = 0.7  # a line only the second look found is kept when read this surely
LOOK_DOUBT = 0.79  # at most this sure: a line the two readings disagree on
LOOK_BLOCK = 10_000  # the second look's block numbers start here, apart from the first's


def darkened(img: Image.Image, gamma: float = DARKEN) -> Image.Image:
    """Mid-grey type made dark, the paper left light: grey contact lines beside a black name
    fell under Tesseract's single page threshold on photos ("Movil: 6 } (WhatsApp)" for
    "Movil: 659 215 313 (WhatsApp)"), and came out whole from the page darkened so."""
    table = [round(255 * (v / 255) ** gamma) for v in range(256)]
    return img.point(table)


def _sure_chars(words: list[Word]) -> float:
    return read_surely([w for w in words if w.confidence >= LOOK_SURE])


def _centre_in(word: Word, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    cx, cy = word.left + word.width / 2, word.top + word.height / 2
    return x <= cx <= x + w and y <= cy <= y + h


def merge_looks(first: list[Word], second: list[Word]) -> list[Word]:
    """Line by line, the surer of two readings of one page: each line of the second reading
    replaces the first reading's words inside it when it reads clearly more of them surely;
    a line only the second found is added when it is read surely."""
    out = list(first)
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in second:
        groups.setdefault(word.line, []).append(word)
    for key, group in groups.items():
        left = min(w.left for w in group)
        top = min(w.top for w in group)
        right = max(w.left + w.width for w in group)
        bottom = max(w.top + w.height for w in group)
        box = (left, top, right - left, bottom - top)
        inside = [w for w in out if _centre_in(w, box)]
        mine = _sure_chars(group)
        if inside:
            if mine <= LOOK_BETTER * _sure_chars(inside):
                continue
        elif mean_confidence(group) < LOOK_NEW or len(re.findall(r"\w", _join(group))) < 3:
            continue
        line = (key[0] + LOOK_BLOCK, key[1], key[2])
        # the two readings disagree: what comes of the line is the rep's to check
        out = [w for w in out if w not in inside] + [
            replace(w, line=line, confidence=min(w.confidence, LOOK_DOUBT)) for w in group
        ]
    return out


def second_look(img: Image.Image, langs: list[str], words: list[Word]) -> list[Word]:
    """A page that does not read well read again, its paper evened at the scale of the glyphs
    (`evened`: blotches, vignette and glare a line or two across divided out, the grain
    smoothed) and darkened (`darkened`), with the model that read it, Chinese where the page
    holds any; the surer reading kept line by line."""
    if not words or _reads_well(words):
        return words
    latin, chinese = _split_langs(langs)
    model = chinese if chinese and any(w.han for w in words) else latin
    if model is None:
        return words
    return merge_looks(words, ocr_words(darkened(evened(img)), model))


TALLER = 1.4  # glyphs this many times taller than the rest of the line are another size
GLYPHS_WIDE = 1.6  # of their height: tall ink this wide is two glyphs or more, a name


def _ink_rows(img: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int] | None:
    """Top and bottom of the ink in `box` (its own threshold), in page coordinates."""
    x, y, w, h = box
    crop = img.crop((x, y, x + w, y + h))
    threshold = max(1, otsu(crop.histogram()))
    ink = crop.point(lambda v: 255 if v < threshold else 0).getbbox()
    return (y + ink[1], y + ink[3]) if ink else None


def _tall_ink_before(
    img: Image.Image, lines: list[Line], i: int, x: int, rows: tuple[int, int]
) -> int:
    """Where a large name really starts: a letter-spaced name's first glyph (王 of "王  峰")
    stands apart, unread, left of the line; glyphs as tall in the same rows, no other line's,
    at most one glyph's width apart, are the name's."""
    tall = rows[1] - rows[0]
    left = max(0, x - 3 * tall)
    if left >= x:
        return x
    box = (left, rows[0], x - left, tall)
    start = x
    ink = _ink(img, box)
    for run in reversed(_ink_runs(img, box, ink)):
        if start - run[1] > 1.5 * tall or _ink_height(img, run, box, ink) < 0.7 * tall:
            break
        glyph = (run[0], rows[0], run[1] - run[0], tall)
        if any(k != i and _overlap(ln.box, glyph) for k, ln in enumerate(lines)):
            break
        start = run[0]
    return start


def split_sizes(img: Image.Image, lines: list[Line], language: str) -> list[Line]:
    """A name in large type and the title beside it in small type ("王峰 房产经纪人"), read
    as one line: the recogniser loses glyphs of the name and runs the rest into the title
    ("峰房产经纪人"). Where a Chinese line's glyphs start tall and go on short, it is cut
    there and each part read again at its own size."""
    todo: list[tuple[int, Line, Line]] = []
    for i, line in enumerate(lines):
        x, y, w, h = line.box
        if len(_HAN.findall(line.text)) < 3 or not _mostly_han(line.text):
            continue
        ink = _ink(img, line.box)
        runs = _ink_runs(img, line.box, ink)
        if len(runs) < 3:
            continue
        heights = [_ink_height(img, run, line.box, ink) for run in runs]
        cut = None
        for k in range(len(runs) - 2, 0, -1):  # the longest run of tall glyphs first
            rest = sorted(heights[k:])
            if min(heights[:k]) >= TALLER * rest[len(rest) // 2] and max(rest) < min(heights[:k]):
                cut = k
                break
        if cut is None:
            continue
        middle = (runs[cut - 1][1] + runs[cut][0]) // 2
        big = _ink_rows(img, (x, y, middle - x, h))
        small = _ink_rows(img, (middle, y, x + w - middle, h))
        if big is None or small is None:
            continue
        start = _tall_ink_before(img, lines, i, x, big)
        if middle - start < GLYPHS_WIDE * (big[1] - big[0]):
            continue  # one tall mark: a logo before a firm's name, not a name of two glyphs
        todo.append(
            (
                i,
                Line("", (start, big[0], middle - start, big[1] - big[0]), big[1] - big[0], 0.0),
                Line(
                    "",
                    (middle, small[0], x + w - middle, small[1] - small[0]),
                    small[1] - small[0],
                    0.0,
                ),
            )
        )
    if not todo:
        return lines
    parts = [part for _, big, small in todo for part in (big, small)]
    cut_from = {i for i, _, _ in todo}
    others = [ln for k, ln in enumerate(lines) if k not in cut_from]
    # each part padded up to, not into, the other
    read = reread(img, parts, language, [REREAD_HEIGHTS] * len(parts), others + parts)
    read = [replace(ln, text=re.sub(r"^[\W_]+|[\W_]+$", "", ln.text)) for ln in read]
    out = [ln for k, ln in enumerate(lines) if k not in cut_from]
    for k, (i, _, _) in enumerate(todo):
        name, title = read[2 * k], read[2 * k + 1]
        if len(_HAN.findall(name.text)) >= 1 and len(_HAN.findall(title.text)) >= 2:
            out += [name, title]
        else:
            out.append(lines[i])
    return sorted(out, key=lambda ln: (ln.box[1], ln.box[0]))


LOGO_GAP = 0.3  # of the line's height: white between a logo and the name beside it...
LOGO_APART = 3.0  # ...and this many times the line's usual gap (a letter-spaced name is not)
GLYPH_WIDE = 1.15  # line heights: a blot of ink wider than a Han glyph is
LOGO_TALL = 1.2  # a mark this much taller than the type beside it is a picture
LOGO_WIDE = 2.0  # line heights: a mark wider than this is not a logo ahead of a name
FIRM_LENGTH = 5  # Han characters: a firm's name, not a person's (who may be letter-spaced)


def _ink(img: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    """The ink of `box` under its own Otsu threshold: True where inked, rows by columns."""
    x, y, w, h = box
    crop = img.crop((x, y, x + w, y + h))
    threshold = max(1, otsu(crop.histogram()))
    return np.asarray(crop) < threshold


def _ink_runs(
    img: Image.Image, box: tuple[int, int, int, int], ink: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Left and right of each run of inked columns in `box`, in page coordinates (`ink`:
    `_ink` of the box, when the caller has it)."""
    x = box[0]
    cols = (_ink(img, box) if ink is None else ink).any(axis=0).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], cols, [0]))))
    return [(x + int(a), x + int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _ink_height(
    img: Image.Image,
    span: tuple[int, int],
    box: tuple[int, int, int, int],
    ink: np.ndarray | None = None,
) -> int:
    """Height of the ink in columns `span` of the line `box` (its own threshold; `ink`: `_ink`
    of the box, when the caller has it)."""
    ink = _ink(img, box) if ink is None else ink
    rows = np.flatnonzero(ink[:, max(0, span[0] - box[0]) : max(0, span[1] - box[0])].any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def without_logo(img: Image.Image, lines: list[Line], language: str) -> list[Line]:
    """A firm's name read with the logo before it as one more glyph (川上海中泰 for a bar
    chart beside 上海中泰): where the line's ink starts with a mark set apart by a wide gap,
    the name is read again without it. Names in long Han lines only: a letter-spaced
    person's name has wide gaps of its own, and a label (地址) starts its line on purpose."""
    todo, logos = [], []
    for i, line in enumerate(lines):
        if (
            len(_HAN.findall(line.text)) < FIRM_LENGTH
            or not _mostly_han(line.text)
            or _HAN_LABEL.match(line.text)
        ):
            continue
        x, y, w, h = line.box
        ink = _ink(img, line.box)
        runs = _ink_runs(img, line.box, ink)
        if len(runs) < 2:
            continue
        gaps = sorted(b[0] - a[1] for a, b in itertools.pairwise(runs[1:]))
        usual = gaps[len(gaps) // 2] if gaps else 0
        # the first mark: its runs closer than the gap that sets a logo apart are one
        first, rest, pieces = runs[0], runs[1:], 1
        while rest and rest[0][0] - first[1] < max(LOGO_GAP * line.height, LOGO_APART * usual):
            first, rest, pieces = (first[0], rest[0][1]), rest[1:], pieces + 1
        if not rest or first[1] - first[0] > LOGO_WIDE * line.height:
            continue
        # not type: one blot wider than a glyph, or a mark taller than the letters
        wide = pieces == 1 and first[1] - first[0] > GLYPH_WIDE * line.height
        if not wide and _ink_height(img, first, line.box, ink) < LOGO_TALL * _ink_height(
            img, (rest[0][0], x + w), line.box, ink
        ):
            continue
        start = rest[0][0]
        todo.append((i, Line("", (start, y, x + w - start, h), line.height, 0.0)))
        # the crop's padding stops short of the logo
        logos.append(Line("", (x, y, first[1] - x, h), line.height, 0.0))
    if not todo:
        return lines
    sizes = [REREAD_HEIGHTS] * len(todo)
    cut_from = {i for i, _ in todo}
    others = [ln for k, ln in enumerate(lines) if k not in cut_from] + logos
    better = reread(img, [t for _, t in todo], language, sizes, others)
    out = list(lines)
    for (i, cut), read in zip(todo, better, strict=True):
        # the rest read again as it was read with the mark: the mark was the extra glyph
        text = re.sub(r"^[\W_]+", "", read.text)  # a sliver of the mark read as a bar
        new, was = re.sub(r"[\W_]+", "", text), re.sub(r"[\W_]+", "", lines[i].text)
        if len(_HAN.findall(new)) >= FIRM_LENGTH - 1 and was.endswith(new) and new != was:
            out[i] = Line(text, cut.box, lines[i].height, lines[i].confidence)
    return out


COLUMN_GAP = 0.25  # of the glyph size: space between glyphs laid side by side again
ACROSS_SURE = 0.7  # a line read this surely across a column is real (garbage joins columns)
# a column is cut into glyphs by their gaps, which may cut one glyph in two: however sure
# the model was of each piece, the name or company read from it is shown to the rep to check
COLUMN_SURE = 0.75


def _across(line: Line, column: tuple[int, int, int, int]) -> bool:
    """A line read surely across the column and well past it: the column is a stack of short
    words in rows (labels, the first words of left-aligned lines), not vertical type."""
    x, _, w, _ = column
    lx, _, lw, _ = line.box
    spans = lx <= x + w / 4 and lx + lw >= x + 3 * w / 4
    past = x - lx > w or lx + lw - x - w > w
    return spans and past and line.confidence >= ACROSS_SURE and _overlap(line.box, column) > 0


def vertical_lines(img: Image.Image, lines: list[Line], language: str) -> list[Line]:
    """Columns of vertical Chinese (name, title, company set top to bottom) read as lines.

    Tesseract's Chinese model reads rows only: a column comes back as single glyphs misread
    as Latin letters. Cut into its glyphs and laid side by side, it is an ordinary line. A
    column some line read across runs past is not vertical type but a stack of short words
    (labels, first words of left-aligned lines)."""
    columns = [c for c in ink_columns(img) if not any(_across(ln, c) for ln in lines)]
    if not columns:
        return lines
    strips, cells_of = [], []
    for x, y, w, h in columns:
        cells = glyph_cells(img, (x, y, w, h))
        left, right = column_span(img, (x, y, w, h))
        glyphs = [img.crop((left, top, right, bottom)) for top, bottom in cells]
        gap = round(COLUMN_GAP * w)
        strip = Image.new("L", (sum(g.width + gap for g in glyphs) + gap, w + 2 * gap), 255)
        left = gap
        for glyph in glyphs:
            strip.paste(glyph, (left, gap + (w - glyph.height) // 2))
            left += glyph.width + gap
        strips.append(strip)
        cells_of.append(cells)
    found = []
    for strip in strips:  # one line each (psm 7): read stacked on one sheet, fewer names read
        box = Line("", (0, 0, strip.width, strip.height), float(strip.height), 0.0)
        sheet, _ = montage(strip, [box])
        words = sorted(ocr_words(sheet, language, psm=7), key=lambda w: w.left)
        found.append(Line(_join(words) if words else "", box.box, 0.0, mean_confidence(words)))
    out = list(lines)
    for (x, y, w, h), cells, read in zip(columns, cells_of, found, strict=True):
        if len(_HAN.findall(read.text)) < 2 or not _readable(read):
            continue
        # what Tesseract made of the column's glyphs: lines mostly inside it
        out = [ln for ln in out if _overlap(ln.box, (x, y, w, h)) < 0.5 * ln.box[2] * ln.box[3]]
        heights = sorted(b - t for t, b in cells)
        text = read.text.replace(" ", "")
        sure = min(read.confidence, COLUMN_SURE)
        out.append(Line(text, (x, y, w, h), float(heights[len(heights) // 2]), sure))
    return sorted(out, key=lambda ln: (ln.box[1], ln.box[0]))


MARK_DOUBT = 0.75  # confidence kept by a line whose ink shows marks its text leaves out


def _ceiling(line: Line, lines: list[Line]) -> int | None:
    """The bottom of the lines above `line`, up to which its marks are looked for; None where
    a line reaches over its top: whose ink is above it is not clear."""
    x, y, w, h = line.box
    ceiling = 0
    for other in lines:
        ox, oy, ow, oh = other.box
        if other is line or min(x + w, ox + ow) <= max(x, ox) or oy >= y:
            continue
        if oy + oh > y + 0.3 * h:
            return None
        ceiling = max(ceiling, oy + oh)
    return ceiling


def _lost_marks(
    img: Image.Image, line: Line, lines: list[Line], memo: dict[tuple[object, ...], int] | None
) -> int:
    """Marks above the type of a Latin line that its text leaves out (see `marks`); `memo`
    keeps the count per box, text and ceiling for the next asker on the same image."""
    ceiling = _ceiling(line, lines)
    if ceiling is None:
        return 0
    if memo is None:
        return marks.unexplained(img, line.box, line.text, ceiling)
    key = (line.box, line.text, ceiling)
    if key not in memo:
        memo[key] = marks.unexplained(img, line.box, line.text, ceiling)
    return memo[key]


def _with_marks(
    img: Image.Image,
    line: Line,
    lines: list[Line],
    memo: dict[tuple[object, ...], int] | None = None,
) -> Line:
    """A Latin line read without accents its ink shows ("Buhler" for Bühler) is doubtful,
    however sure the model was of the letters it did read. Lines with digits (numbers,
    addresses) are not names: their marks are left alone."""
    if (
        _HAN.search(line.text)
        or re.search(r"\d", line.text)
        or not re.search(r"[^\W\d_]", line.text)
    ):
        return line
    if _lost_marks(img, line, lines, memo) <= 0:
        return line
    return replace(line, confidence=line.confidence * MARK_DOUBT)


# Debian's tesseract-ocr-script-latn: the Latin script's letters with their accents, which the
# English model lacks ("Krejcova", "Munchen"); it reads worse than eng otherwise
ACCENTED_MODEL = "Latin"
ACCENT_UNSURE = 0.8  # a Latin line eng read less surely than this is read again for accents
MAX_ACCENT_LINES = 12  # the lines read again for accents, per card: the neediest first
_NOT_WORDS = re.compile(r"@|www|https?:|\.(?:com|net|org)\b", re.IGNORECASE)


def _plain(text: str) -> str:
    """`text` without its accents: é e, ü u, č c."""
    parts = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in parts if not unicodedata.combining(c)))


def _accented_alike(word: str, other: str) -> bool:
    """`other` is `word` but for accented letters: eng reads "Munchen" for München, and also
    "Miinchen", "Krejéova" for Krejčová, "Strafe" for Straße; so each accented letter of
    `other` may stand where `word` has one or two other characters, all else being equal."""
    if other == word:
        return False
    if _plain(other) == _plain(word):
        return True
    foreign = [c for c in other if not c.isascii()]
    if not foreign or not all(_european(c) for c in foreign) or 2 * len(foreign) > len(other):
        return False
    pattern = "".join(re.escape(c) if c.isascii() else r"\S{1,2}?" for c in other)
    return re.fullmatch(pattern, word) is not None


def _european(ch: str) -> bool:
    """A letter of Latin-1 or Latin Extended-A/B (é, č, ł, ø, ß, ș), not one of the phonetic
    letters (ə) or symbols (º) the Latin model also has."""
    return "\u00c0" <= ch <= "\u024f" and ch.isalpha() and ch not in "×÷"


def only_accents(read: str, accented: str) -> str | None:
    """`read` with the accents of `accented`, where the two readings differ in accents only,
    word by word: a word spelt otherwise keeps the first reading. None when nothing gains one.
    Words are paired where the readings agree around them ("2. Etage" read "2.Etage")."""
    words, others = read.split(), accented.split()
    out = list(words)
    pairs = difflib.SequenceMatcher(None, words, others, autojunk=False)
    for tag, i0, i1, j0, j1 in pairs.get_opcodes():
        if tag == "replace" and i1 - i0 == j1 - j0:
            for k in range(i1 - i0):
                if _accented_alike(words[i0 + k], others[j0 + k]):
                    out[i0 + k] = others[j0 + k]
    return " ".join(out) if out != words else None


def _latin_words(line: Line) -> bool:
    """A line of Latin words: not Chinese, an email, a website or a phone number."""
    if _HAN.search(line.text) or _NOT_WORDS.search(line.text):
        return False
    letters = len(re.findall(r"[^\W\d_]", line.text))
    return letters >= 2 and letters >= len(re.findall(r"\d", line.text))


def _accent_need(
    img: Image.Image,
    line: Line,
    lines: list[Line],
    memo: dict[tuple[object, ...], int] | None = None,
) -> int | None:
    """How badly a line of Latin words needs reading again for accents: 0 when eng left out
    marks its ink shows, 1 when eng read an accent (it knows a few, é, ü: the line may hold
    more it has no letter for), 2 when eng read it unsurely or it looks like a name, 3
    otherwise (worth it on a card whose other lines have accents); None for other lines."""
    if not _latin_words(line):
        return None
    if _lost_marks(img, line, lines, memo) > 0:
        return 0
    if any(_european(c) for c in line.text):
        return 1
    return 2 if line.confidence < ACCENT_UNSURE or _name_like(line.text) else 3


def _name_like(text: str) -> bool:
    """Two to four capitalised words of letters: a person's name, or a firm's. eng reads
    the name's letters surely and drops what it has no letter for ("Maria Buitrago" for
    María, "Frida Moller" for Møller, "Kleczar" for Klęczar, marks its ink check cannot
    see), and the name is what must be spelt right. A lone capital is a logo's letter before
    a wordmark ("A Foxglove Solutions"), which the Latin model read as Å."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        len(word) >= 2 and word[0].isupper() and all(c.isalpha() or c in ".-'’" for c in word)
        for word in words
    )


def accents(
    img: Image.Image,
    lines: list[Line],
    langs: list[str],
    memo: dict[tuple[object, ...], int] | None = None,
) -> list[Line]:
    """Latin lines eng read unsurely, with an accent or without the marks their ink shows (and
    on such a card its other Latin lines), read again from one montage by the Latin script
    model, which has the accented letters; its reading is kept where it differs from eng's in
    accents only. Nothing is done without that model."""
    if not any(lang == "eng" for lang in langs) or ACCENTED_MODEL not in installed():
        return lines
    need = {i: _accent_need(img, line, lines, memo) for i, line in enumerate(lines)}
    # a card with accents has them in its other lines too (the firm, the street, the city):
    # those are read again with the lines that show theirs, in the same call
    accented = any(n is not None and n < 2 for n in need.values())
    todo = sorted(
        (i for i, n in need.items() if n is not None and (n < 3 or accented)),
        key=lambda i: (need[i], lines[i].confidence),
    )[:MAX_ACCENT_LINES]
    if not todo:
        return lines
    sheet, spans = montage(img, [lines[i] for i in todo], others=lines)
    found = words_by_span(sheet, ACCENTED_MODEL, spans)
    out = list(lines)
    for i, words in zip(todo, found, strict=True):
        if not words:
            continue
        latin = _join(sorted(words, key=lambda w: w.left))
        text = only_accents(lines[i].text, latin)
        if text is None:
            continue
        confidence = lines[i].confidence
        if text == latin:
            # the two models agree on every letter eng has: eng was unsure of the accents only
            confidence = max(confidence, sum(w.confidence for w in words) / len(words))
        out[i] = replace(lines[i], text=text, confidence=confidence)
    return out


def _whole(line: Line, fitted: Line) -> bool:
    """Read surely and as wide as the ink it stands on: nothing of the line is left to read.
    A short line (a name, a title) read surely is whole even so: the ink beside it is the
    next field, set close (秦杰 beside 总经理 was read again as 秦总经杰理); a long one (an
    address) whose ink goes on was cut short by the page's layout analysis."""
    if line.confidence < READ_SURE:
        return False
    return fitted.box[2] <= WIDER * line.box[2] or len(_HAN.findall(line.text)) <= SHORT_LINE


def _type_sized(line: Line, inks: list[tuple[int, int, int, int]]) -> bool:
    """Tall enough to be a line of type: on a textured desk or a busy logo, Tesseract returns
    dozens of specks and rules a few pixels tall, which scaled up to a line's height made the
    montage of lines to read again several times the size of the card, for nothing."""
    if not inks:
        return True
    heights = sorted(b[3] for b in inks)
    return line.box[3] >= SMALLEST_TYPE * heights[len(heights) // 2]


def reread_sizes(text: str) -> tuple[int, ...]:
    """The heights a line read on a Chinese card is read again at: a Latin line at one, a
    Chinese one at several, fewer when it is long (see LONG_REREAD_HEIGHTS)."""
    if not _mostly_han(text):
        return (REREAD_HEIGHT,)
    return LONG_REREAD_HEIGHTS if len(_HAN.findall(text)) > SHORT_LINE else REREAD_HEIGHTS


# an email or web address as the Latin model reads it on the page
_ADDRESS = re.compile(
    r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


def lost_address(first: str, again: str) -> bool:
    """The Chinese model's second reading of a line loses an email or web address the first
    reading held whole: the page's Latin runs come from the Latin model (`merge_scripts`),
    and chi_sim reading them again from the montage splits them with spaces or drops their
    dots ("zhihuid@antai-edu.com.cn" came back "zh ihuid@anta i-edu .com.cn")."""
    return any(found not in again for found in _ADDRESS.findall(first))


def _reread_lines(img: Image.Image, lines: list[Line], langs: list[str]) -> list[Line]:
    """Chinese lines and ink no line covers, read again from a montage."""
    chinese = next((lang for lang in langs if _is_han(lang)), None)
    # on a Chinese card, also the lines read poorly: they may be Chinese read as Latin
    han_card = chinese is not None and any(_HAN.search(line.text) for line in lines)
    if han_card:
        lines = join_row_pieces(lines)
    han = [
        i
        for i, line in enumerate(lines)
        if han_card and (_mostly_han(line.text) or line.confidence < REREAD_BELOW)
    ]
    inks = ink_boxes(img)
    fitted = {i: fit_to_ink(lines[i], inks) for i in han}
    # read surely, and covering its ink: read again, it only picked up the rows around it
    # (黄彬军 came back as 技术黄总彬监军)
    han = [i for i in han if not _whole(lines[i], fitted[i]) and _type_sized(fitted[i], inks)]
    for i in han:
        lines[i] = fitted[i]
    extra = missed(img, lines, inks)
    if not han and not extra:
        return lines
    latin = next((lang for lang in langs if _is_latin(lang)), None)
    language = chinese if han else (latin or "+".join(langs))
    sizes = [reread_sizes(lines[i].text) for i in han] + [
        REREAD_HEIGHTS if han else (REREAD_HEIGHT,)
    ] * len(extra)
    todo = [lines[i] for i in han] + extra
    spellings = romanised(lines) if han else set()
    assert language is not None  # lines are han only when a Chinese model was asked for
    better = reread(img, todo, language, sizes, lines + extra, spellings)
    if spellings:  # a character the card spells but the model cannot read
        better = [_corrected(img, line, spellings, lines + extra) for line in better]
    for i, line in zip(han, better, strict=False):
        if not lost_address(lines[i].text, line.text):
            lines[i] = line
    lines += [line for line in better[len(han) :] if _readable(line)]
    return sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
