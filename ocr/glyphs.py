"""A Chinese character the recogniser cannot read, told from the card's own spelling of it.

Chinese cards spell the person's name (and often the firm's) in pinyin: in the email address
("lian.xin@"), the domain ("hongrui.cn") or a line of its own. When a reading of a Chinese
line spells all but one of its syllables, the odd character was misread (the fast chi_sim
model reads 鑫 as 套 or 春, 睿 as 窒). The characters that sound like the spelled syllable are
few (about twenty); each is drawn in the installed Chinese typefaces and compared with the
glyph on the card, and the closest replaces the misread one only if it looks clearly more
like the glyph than the misread character does.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import subprocess
import unicodedata
from collections import defaultdict

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageStat
from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from ocr.extract import HAN_LINE, Line, encodes
from ocr.preprocess import otsu

SIDE = 24  # px: glyphs are compared at this size
MARGIN = 0.03  # how much closer the best sound-alike must look than the next one
AT_LEAST = 0.6  # and how close it must look at all (cosine of the blurred ink)


def _plain(syllable: str) -> str:
    """Tone marks off, ü as u (as spellings on cards and `romanised` have it)."""
    text = unicodedata.normalize("NFD", syllable)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("ü", "u")


@functools.cache
def homophones() -> dict[str, str]:
    """Syllable to the common characters (GB 2312) read that way, any of their readings."""
    out: dict[str, str] = defaultdict(str)
    for code, readings in pinyin_dict.items():
        char = chr(code)
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        if not encodes(char, "gb2312"):
            continue
        for reading in {_plain(r) for r in readings.split(",")}:
            out[reading] += char
    return dict(out)


def readings(char: str) -> set[str]:
    return {_plain(r) for r in pinyin(char, style=Style.TONE, heteronym=True)[0]}


def splits(spelling: str, n: int) -> list[list[str]]:
    """Ways to cut a spelling into n pinyin syllables ("lianxin": lian|xin, li|an|xin)."""
    if n == 0:
        return [[]] if not spelling else []
    out = []
    for k in range(1, min(6, len(spelling)) + 1):
        head = spelling[:k]
        if head in homophones():
            out += [[head, *rest] for rest in splits(spelling[k:], n - 1)]
    return out


def misread(han: str, spellings: set[str]) -> set[tuple[int, str]]:
    """Where a line of Chinese differs by one syllable from one of the card's spellings of its
    start, and what that syllable should be: (position, syllable) for each spelling that fits
    so (a name's 示柳 is qiuliu with its first syllable wrong, or shikong with its second)."""
    found = set()
    for spelling in spellings:
        for n in range(2, min(4, len(han)) + 1):
            for parts in splits(spelling, n):
                odd = [i for i, s in enumerate(parts) if s not in readings(han[i])]
                if len(odd) == 1:
                    found.add((odd[0], parts[odd[0]]))
    return found


@functools.cache
def _faces() -> tuple[tuple[str, int], ...]:
    """The installed Simplified Chinese typefaces (file, face index), found by fontconfig."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "index", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = set()
    for row in out.splitlines():
        match = re.match(r"(.+?): (.*?):index=(\d+)", row)
        if match and " SC" in match.group(2) and "Mono" not in match.group(2):
            faces.add((match.group(1), int(match.group(3))))
    return tuple(sorted(faces))


@functools.cache
def _font(path: str, index: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, 48, index=index)


@functools.cache
def _rendered(char: str) -> tuple[tuple[Image.Image, float], ...]:
    out = []
    for path, index in _faces():
        img = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(img).text((8, 0), char, fill=255, font=_font(path, index))
        box = img.getbbox()
        if box:
            out.append(_normal(img.crop(box)))
    return tuple(out)


def _normal(ink: Image.Image) -> tuple[Image.Image, float]:
    """Ink (white on black) scaled to a blurred square, and its aspect ratio."""
    aspect = ink.width / max(1, ink.height)
    return ink.resize((SIDE, SIDE), Image.Resampling.BOX).filter(
        ImageFilter.GaussianBlur(1)
    ), aspect


def _similarity(a: tuple[Image.Image, float], b: tuple[Image.Image, float]) -> float:
    dot = ImageStat.Stat(ImageChops.multiply(a[0], b[0])).sum[0]
    aa = ImageStat.Stat(ImageChops.multiply(a[0], a[0])).sum[0]
    bb = ImageStat.Stat(ImageChops.multiply(b[0], b[0])).sum[0]
    cosine = dot / math.sqrt(aa * bb) if aa and bb else 0.0
    return cosine - 0.2 * abs(math.log(max(a[1], 0.05) / max(b[1], 0.05)))


def glyph_boxes(ink: Image.Image, n: int) -> list[tuple[int, int]]:
    """Column spans of n characters in a line's ink: cut in the blank column nearest to where
    evenly pitched characters would end (characters like 练 have gaps of their own)."""
    width, height = ink.size
    columns = [ink.crop((x, 0, x + 1, height)).getbbox() is not None for x in range(width)]
    if not any(columns):
        return []
    left = columns.index(True)
    right = width - columns[::-1].index(True)
    gaps = []  # blank runs inside the ink: (start, end)
    x = left
    while x < right:
        if not columns[x]:
            start = x
            while x < right and not columns[x]:
                x += 1
            gaps.append((start, x))
        x += 1
    pitch = (right - left) / n
    cuts = [left]
    for j in range(1, n):
        want = left + j * pitch
        near = [g for g in gaps if abs((g[0] + g[1]) / 2 - want) < 0.35 * pitch]
        if near:
            g = min(near, key=lambda g: abs((g[0] + g[1]) / 2 - want))
            cuts.append(round((g[0] + g[1]) / 2))
        else:
            cuts.append(round(want))
    cuts.append(right)
    return list(itertools.pairwise(cuts))


def correct(img: Image.Image, line: Line, spellings: set[str]) -> Line:
    """The line with its one character that the card's spelling says was misread replaced by
    the sound-alike that looks most like the glyph; the line unchanged when unsure."""
    text = line.text
    if not spellings or not HAN_LINE.fullmatch(text) or not _faces():
        return line
    han = re.sub(r"\s+", "", text)
    if not 2 <= len(han) <= 12:
        return line
    odds = misread(han, spellings)
    if not odds:
        return line
    x, y, w, h = line.box
    crop = img.convert("L").crop((x, y, x + w, y + h))
    cut = otsu(crop.histogram())
    ink = crop.point(lambda v: 255 if v <= cut else 0)
    spans = glyph_boxes(ink, len(han))
    if len(spans) != len(han):
        return line
    fixes = {fix for i, syllable in odds if (fix := _replacement(ink, spans, han, i, syllable))}
    if len(fixes) != 1:  # none looks right, or two spellings each fix a different glyph
        return line
    i, char = fixes.pop()
    fixed = han[:i] + char + han[i + 1 :]
    return Line(fixed, line.box, line.height, max(line.confidence, 0.7))


def _replacement(
    ink: Image.Image, spans: list[tuple[int, int]], han: str, i: int, syllable: str
) -> tuple[int, str] | None:
    """The sound-alike of `syllable` that the glyph at `i` clearly looks like, if any."""
    glyph = ink.crop((spans[i][0], 0, spans[i][1], ink.height))
    box = glyph.getbbox()
    if not box:
        return None
    seen = _normal(glyph.crop(box))

    def likeness(char: str) -> float:
        return max((_similarity(seen, r) for r in _rendered(char)), default=0.0)

    scored = sorted(((likeness(c), c) for c in homophones().get(syllable, "")), reverse=True)
    if not scored:
        return None
    best, char = scored[0]
    # 丽丽, 丹丹: a syllable spelled twice in a name is the same character twice
    twins = [han[j] for j in (i - 1, i + 1) if 0 <= j < len(han) and syllable in readings(han[j])]
    if twins and likeness(twins[0]) >= best - 2 * MARGIN:
        best, char = likeness(twins[0]), twins[0]
    elif len(scored) > 1 and scored[1][0] > best - MARGIN:
        return None  # two sound-alikes look about as much like it: no telling which
    # the spelling says the character read is wrong; the glyph must still look at least as
    # much like the sound-alike (睿 0.97 against 害 0.96), else the spelling is of another line
    if best < AT_LEAST or best < likeness(han[i]):
        return None
    return i, char
