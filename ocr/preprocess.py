"""From an upright RGB photo to a greyscale card image Tesseract reads well.

Pillow does the per-pixel work on small images, numpy the card's straight edges on the
thumbnail; what remains in Python (card outline, corner fitting) handles a few thousand points
at most.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageFilter, ImageMath, ImageOps

MAX_SIDE = 2000  # downscale big photos first: everything after is cheaper, nothing is lost
DETECT_SIDE = 320  # card outline is found on a thumbnail this size
EVEN_LIGHT = 0.85  # paper this even (darkest vs brightest) is left alone
DARK = 110  # grey level below which a region's background counts as dark
NO_TYPE = 0.001  # share of a region's pixels clear of its surroundings: below, it holds no type
CARD_WIDTH = 1400  # px across the card: ~9 pt type then has an x-height near 20 px
BODY_HEIGHT = 34  # px: an ink line of body type (x-height near 20 px, what Tesseract likes)
MAX_TEXT_SCALE = 2.0  # beyond this, up or down, the type was misjudged (a picture, a logo)
MIN_CARD_AREA, MAX_CARD_AREA = 0.08, 0.97  # share of the frame a detected card may cover
EDGE_LINES = 24  # strongest straight edges of the thumbnail tried as the card's sides
EDGE_CROWD = 0.2  # share of a 9x9 neighbourhood that is edge, above which it is type, not a side
EDGE_SUPPORT = 0.6  # share of each side's middle that must lie on an edge across it
THIN_LINE = 5  # px on the thumbnail: dark lines thinner than this are background, not a side
LINE_FLOOR = 8.0  # weakest edge that votes for a side: a white card on white paper is faint
SIDE_FLOOR = 6.0  # weakest edge that counts as lying along a side
EDGE_BETTER = 0.1  # how much better the edges must fit an outline to overrule the colour masks
SETTLE_TURN, SETTLE_STEP = 3.0, 0.25  # degrees a Hough line is turned, at most and per step
EDGE_TURNED = 0.1  # what an outline loses when one side's edge turns the other way
RULE_RUN = 15  # px on the thumbnail that a page's rule runs on unbroken; type mostly does not
RULE_SHARE = 0.15  # share of the thin lines' strength in one direction that makes a page ruled
RULE_FINEST = 4  # px on the thumbnail: lines repeating closer are paper grain or a weave, not rules
RULE_DARK = 0.5  # share of the strongest thin lines' darkness that a faint rule still has
RULED_LARGER = 1.2  # how much larger the rule-free region must be to overrule a smaller outline

Point = tuple[float, float]


PLAIN_BORDER = 12.0  # grey-level spread of the frame's edge below which it is paper or a plain desk


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # greyscale, card only, dark text on light paper
    cropped: bool  # a card outline was found and straightened
    inverted: bool  # some or all of the card was light-on-dark
    plain: bool = False  # the frame's edge is even: a scan or a bare desk, cheap to read whole


def downscale(img: Image.Image, longest: int = MAX_SIDE) -> Image.Image:
    if max(img.size) <= longest:
        return img
    # resize() makes the small image straight from the big one; thumbnail() works in place, so
    # it needed a full copy first, which was the peak of a run on a 40 MP upload
    factor = longest / max(img.size)
    size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _rank(img: Image.Image, size: int, pick: Any) -> Image.Image:
    """Pillow's MinFilter or MaxFilter (`pick`: np.minimum or np.maximum) in numpy, pixel for
    pixel the same (the edge repeated outwards, each band alone): a size-k window is k-1
    passes across and k-1 down instead of Pillow's k*k reads per pixel, several times faster
    on the thumbnails the outline is sought on."""
    if img.mode not in ("L", "RGB") or size < 2:
        rank = ImageFilter.MinFilter if pick is np.minimum else ImageFilter.MaxFilter
        return img.filter(rank(size))
    a = np.asarray(img)
    pad = size // 2
    h, w = a.shape[:2]
    p = np.pad(a, ((pad, pad), (pad, pad)) + ((0, 0),) * (a.ndim - 2), mode="edge")
    rows = p[:, 0:w].copy()
    for k in range(1, size):
        pick(rows, p[:, k : k + w], out=rows)
    out = rows[0:h].copy()
    for k in range(1, size):
        pick(out, rows[k : k + h], out=out)
    return Image.fromarray(out, img.mode)


# the 19 exchanges after which the middle of nine values is in place 4 (Paeth's network)
_MEDIAN9 = ((1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
            (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2))  # fmt: skip


def median3(img: Image.Image) -> Image.Image:
    """`img.filter(ImageFilter.MedianFilter(3))` in numpy, pixel for pixel the same: the nine
    neighbours as nine shifted copies of the image, put in order by a sorting network."""
    if img.mode not in ("L", "RGB"):
        return img.filter(ImageFilter.MedianFilter(3))
    a = np.asarray(img)
    h, w = a.shape[:2]
    p = np.pad(a, ((1, 1), (1, 1)) + ((0, 0),) * (a.ndim - 2), mode="edge")
    v = [p[dy : dy + h, dx : dx + w].copy() for dy in range(3) for dx in range(3)]
    for i, j in _MEDIAN9:
        low = np.minimum(v[i], v[j])
        np.maximum(v[i], v[j], out=v[j])
        v[i] = low
    return Image.fromarray(v[4], img.mode)


def min_filter(img: Image.Image, size: int) -> Image.Image:
    """`img.filter(ImageFilter.MinFilter(size))`, faster."""
    return _rank(img, size, np.minimum)


def max_filter(img: Image.Image, size: int) -> Image.Image:
    """`img.filter(ImageFilter.MaxFilter(size))`, faster."""
    return _rank(img, size, np.maximum)


# ---------------------------------------------------------------- card outline


def otsu(hist: list[int]) -> int:
    """Grey level that best splits a histogram in two."""
    total = sum(hist)
    sum_all = sum(i * n for i, n in enumerate(hist))
    best, best_t, w0, sum0 = -1.0, 0, 0, 0.0
    for t, n in enumerate(hist):
        w0 += n
        if w0 == 0 or w0 == total:
            continue
        sum0 += t * n
        m0, m1 = sum0 / w0, (sum_all - sum0) / (total - w0)
        between = w0 * (total - w0) * (m0 - m1) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def _pixels(img: Image.Image) -> list[tuple[int, int, int]]:
    raw = img.convert("RGB").tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def _border_colour(img: Image.Image) -> tuple[int, ...]:
    """Median colour of the frame's edge: in a photo of a card, that is the table."""
    w, h = img.size
    strips = [
        img.crop((0, 0, w, 2)),
        img.crop((0, h - 2, w, h)),
        img.crop((0, 0, 2, h)),
        img.crop((w - 2, 0, w, h)),
    ]
    pixels = [p for s in strips for p in _pixels(s)]
    return tuple(sorted(p[c] for p in pixels)[len(pixels) // 2] for c in range(3))


def plain_border(img: Image.Image) -> bool:
    """Whether the frame's edge is even: outside the card there is then no texture to read."""
    small = img.convert("L")
    small.thumbnail((DETECT_SIDE, DETECT_SIDE), Image.Resampling.BOX)
    w, h = small.size
    edge = [
        small.crop(box) for box in ((0, 0, w, 2), (0, h - 2, w, h), (0, 0, 2, h), (w - 2, 0, w, h))
    ]
    values = [v for strip in edge for v in strip.tobytes()]
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return spread < PLAIN_BORDER


def _border_plane(band: Image.Image) -> tuple[float, float, float]:
    """Least-squares plane a + b*x + c*y through the frame's edge pixels (x, y in 0..1):
    light falling off across the table, which falls off across the card alike."""
    w, h = band.size
    raw = band.tobytes()
    points = [(x, y) for x in range(w) for y in (0, 1, h - 2, h - 1)]
    points += [(x, y) for y in range(2, h - 2) for x in (0, 1, w - 2, w - 1)]
    n = sx = sy = sxx = syy = sxy = sv = sxv = syv = 0.0
    for x, y in points:
        u, v, val = x / (w - 1), y / (h - 1), raw[y * w + x]
        n, sx, sy = n + 1, sx + u, sy + v
        sxx, syy, sxy = sxx + u * u, syy + v * v, sxy + u * v
        sv, sxv, syv = sv + val, sxv + u * val, syv + v * val
    m = [[n, sx, sy, sv], [sx, sxx, sxy, sxv], [sy, sxy, syy, syv]]
    for c in range(3):
        p = max(range(c, 3), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-9:
            return float(sv / max(n, 1)), 0.0, 0.0
        for r in range(3):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c], strict=True)]
    return m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]


def _divided_by_plane(e: dict[str, Any], plane: tuple[float, float, float]) -> Any:
    """ImageMath: the band `b` over the plane a + b*x + c*y (x, y the 0..255 ramps), x 128."""
    a, b, c = plane
    lit = e["max"](a + b * e["x"] / 255.0 + c * e["y"] / 255.0, 8.0)
    return e["convert"](e["min"](e["b"] * 128.0 / lit, 255.0), "L")


def _unlit(small: Image.Image) -> Image.Image:
    """Each channel divided by the table's brightness there (a plane through the frame's
    edge), scaled so the table is 128: a shaded card then differs from the table as much as a
    lit one does."""
    w, h = small.size
    ramp = Image.linear_gradient("L")
    gy = ramp.resize((w, h), Image.Resampling.BILINEAR)
    gx = ramp.rotate(90, expand=True)  # the top (0) turns to the left
    gx = gx.resize((w, h), Image.Resampling.BILINEAR)
    out = []
    for band in small.split():
        out.append(
            ImageMath.lambda_eval(
                partial(_divided_by_plane, plane=_border_plane(band)),
                b=band.convert("F"),
                x=gx.convert("F"),
                y=gy.convert("F"),
            )
        )
    return Image.merge("RGB", out)


def _off_colour(img: Image.Image, colour: tuple[int, ...]) -> Image.Image:
    """How far each pixel is from `colour`: its largest channel difference (a grey paper
    on a grey table differs in lightness, a coloured one in one channel only)."""
    r, g, b = ImageChops.difference(img, Image.new("RGB", img.size, colour)).split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b)


def _distance_mask(small: Image.Image) -> Image.Image:
    """Set where the colour differs from the table's (the frame's edge) by more than Otsu's
    split of all differences."""
    dist = _off_colour(small, _border_colour(small))
    t = max(otsu(dist.histogram()), 24)
    return dist.point(lambda v: 255 if v > t else 0)


def _masks(small: Image.Image) -> list[Image.Image]:
    """Candidate card masks, most trusted first."""
    masks = [_distance_mask(_unlit(small)), _distance_mask(small)]
    # paper is bright and grey; many tables are neither
    hsv = small.convert("HSV")
    _, s, v = hsv.split()
    tv = otsu(v.histogram())
    paper = ImageChops.darker(
        v.point(lambda x: 255 if x > tv else 0), s.point(lambda x: 255 if x < 60 else 0)
    )
    masks.append(paper)
    return masks


def _runs(mask: Image.Image) -> list[list[tuple[int, int]]]:
    """Per row, the [start, end) runs of set pixels."""
    w, h = mask.size
    raw = mask.tobytes()
    pattern = re.compile(rb"[^\x00]+")
    return [[m.span() for m in pattern.finditer(raw, y * w, (y + 1) * w)] for y in range(h)]


Run = tuple[int, int, int]  # y, x0, x1 (end exclusive)


def components(mask: Image.Image) -> list[list[Run]]:
    """8-connected blobs of set pixels as row runs, largest first (ties: the blob whose first
    run comes first)."""
    w, h = mask.size
    raw = mask.tobytes()
    if len(raw) == w * h:  # a byte a pixel: the runs straight from the pixels
        on = np.zeros((h, w + 2), np.int8)
        on[:, 1:-1] = np.frombuffer(raw, np.uint8).reshape(h, w) != 0
        step = np.diff(on, axis=1)
        ys, x0 = np.nonzero(step == 1)
        x1 = np.nonzero(step == -1)[1]
    else:
        spans = [(y, a - y * w, b - y * w) for y, row in enumerate(_runs(mask)) for a, b in row]
        ys, x0, x1 = (np.array([r[k] for r in spans], np.int64).reshape(-1) for k in range(3))
    n = len(ys)
    if n == 0:
        return []
    # runs in the row above that touch each run (diagonals included) are a range of them
    stride = w + 2
    row = ys.astype(np.int64) * stride
    lo = np.searchsorted(row + x1, row - stride + x0, "left")
    hi = np.searchsorted(row + x0, row - stride + x1, "right")
    count = np.maximum(hi - lo, 0)
    u = np.repeat(np.arange(n), count)
    v = (
        np.repeat(lo, count)
        + np.arange(int(count.sum()))
        - np.repeat(np.cumsum(count) - count, count)
    )
    # each run labelled with the first run of its blob: hook the larger label onto the smaller
    # across each touching pair, then follow the labels home, until every pair agrees
    label = np.arange(n)
    while True:
        lu, lv = label[u], label[v]
        differ = lu != lv
        if not differ.any():
            break
        np.minimum.at(label, np.maximum(lu, lv)[differ], np.minimum(lu, lv)[differ])
        while True:
            home = label[label]
            if np.array_equal(home, label):
                break
            label = home
    size = np.bincount(label, weights=x1 - x0, minlength=n)
    firsts = np.flatnonzero(label == np.arange(n))
    ranked = firsts[np.argsort(-size[firsts], kind="stable")]
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], firsts)
    runs = list(zip(ys.tolist(), x0.tolist(), x1.tolist(), strict=True))
    members = np.split(order, bounds[1:])
    blob = dict(zip(firsts.tolist(), members, strict=True))
    return [[runs[i] for i in blob[f].tolist()] for f in ranked.tolist()]


def largest_component(mask: Image.Image) -> list[Point]:
    """Left and right ends of each row of the biggest blob (enough for a hull)."""
    blobs = components(mask)
    if not blobs:
        return []
    points: list[Point] = []
    for y, x0, x1 in blobs[0]:
        points += [(x0, y), (x1, y), (x0, y + 1), (x1, y + 1)]
    return points


def convex_hull(points: list[Point]) -> list[Point]:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def polygon_area(poly: list[Point]) -> float:
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True)
            )
        )
        / 2
    )


def _quad_from_hull(hull: list[Point]) -> list[Point]:
    """Drop the hull vertex whose removal loses least area until four corners remain."""
    poly = list(hull)
    while len(poly) > 4:
        n = len(poly)
        costs = [polygon_area([poly[i - 1], poly[i], poly[(i + 1) % n]]) for i in range(n)]
        del poly[costs.index(min(costs))]
    return poly


def _intersect(p1: Point, p2: Point, p3: Point, p4: Point) -> Point | None:
    d = (p1[0] - p2[0]) * (p3[1] - p4[1]) - (p1[1] - p2[1]) * (p3[0] - p4[0])
    if abs(d) < 1e-9:
        return None
    a = p1[0] * p2[1] - p1[1] * p2[0]
    b = p3[0] * p4[1] - p3[1] * p4[0]
    return (
        (a * (p3[0] - p4[0]) - (p1[0] - p2[0]) * b) / d,
        (a * (p3[1] - p4[1]) - (p1[1] - p2[1]) * b) / d,
    )


def _fit_sides(outline: list[Point], quad: list[Point]) -> list[Point]:
    """Corners where lines fitted to each side's outline meet: a corner rounded by the card or
    by the mask filters then cuts nothing off."""
    sides = []
    for k in range(4):
        side = quad[k], quad[(k + 1) % 4]
        for tolerance in (6.0, 2.0):  # refit once, closer to the first fit
            near = _near_side(outline, *side, tolerance)
            if len(near) < 4:
                break
            a, b = _line_through(near)
            side = _project(quad[k], a, b), _project(quad[(k + 1) % 4], a, b)
        sides.append(side)
    corners = []
    for k in range(4):
        p = _intersect(*sides[k - 1], *sides[k])
        if p is None:
            return quad
        corners.append(p)
    return corners


def _near_side(outline: list[Point], a: Point, b: Point, tolerance: float) -> list[Point]:
    """Outline points along the middle of side a-b (the ends may be rounded corners)."""
    length = math.dist(a, b) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    near = []
    for p in outline:
        t = ((p[0] - a[0]) * ux + (p[1] - a[1]) * uy) / length
        off = abs((p[0] - a[0]) * uy - (p[1] - a[1]) * ux)
        if 0.15 <= t <= 0.85 and off <= tolerance:
            near.append(p)
    return near


def _project(p: Point, a: Point, b: Point) -> Point:
    length = math.dist(a, b) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    t = (p[0] - a[0]) * ux + (p[1] - a[1]) * uy
    return a[0] + t * ux, a[1] + t * uy


def _line_through(points: list[Point]) -> tuple[Point, Point]:
    """Total least squares: errors across the line, whatever its direction."""
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    syy = sum((p[1] - my) ** 2 for p in points)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    return (mx, my), (mx + math.cos(angle), my + math.sin(angle))


def order_corners(quad: list[Point]) -> list[Point]:
    """Top-left, top-right, bottom-right, bottom-left, with the long side across."""
    cx = sum(p[0] for p in quad) / 4
    cy = sum(p[1] for p in quad) / 4
    pts = sorted(quad, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))  # clockwise on screen
    start = min(range(4), key=lambda i: pts[i][0] + pts[i][1])
    return pts[start:] + pts[:start]


def _fills_frame(quad: list[Point], size: tuple[int, int]) -> bool:
    """Lying along two edges of the picture: a scan or close-up, so the 'background' is card.

    Cropping there only cuts off a coloured band or a logo that differs from the rest.
    """
    w, h = size
    mx, my = 0.02 * w, 0.02 * h
    near = [
        sum(x < mx for x, _ in quad) >= 2,
        sum(x > w - mx for x, _ in quad) >= 2,
        sum(y < my for _, y in quad) >= 2,
        sum(y > h - my for _, y in quad) >= 2,
    ]
    return sum(near) >= 2


def _plausible(quad: list[Point], hull_area: float, size: tuple[int, int]) -> bool:
    frame_area = size[0] * size[1]
    area = polygon_area(quad)
    if not MIN_CARD_AREA * frame_area <= area <= MAX_CARD_AREA * frame_area:
        return False
    if _fills_frame(quad, size):
        return False
    if area < 0.85 * hull_area:  # not four-sided
        return False
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        v1 = (a[0] - b[0], a[1] - b[1])
        v2 = (c[0] - b[0], c[1] - b[1])
        norm = math.hypot(*v1) * math.hypot(*v2)
        if norm == 0:
            return False
        angle = math.degrees(math.acos(max(-1, min(1, (v1[0] * v2[0] + v1[1] * v2[1]) / norm))))
        if not 55 <= angle <= 125:
            return False
    w, h = _side_lengths(quad)
    ratio = max(w, h) / max(1e-6, min(w, h))
    return 1.15 <= ratio <= 2.4


def _side_lengths(quad: list[Point]) -> tuple[float, float]:
    tl, tr, br, bl = quad
    width = max(math.dist(tl, tr), math.dist(bl, br))
    height = max(math.dist(tl, bl), math.dist(tr, br))
    return width, height


def _mask_outline(small: Image.Image) -> list[Point] | None:
    """The card as the region whose colour differs from the table's."""
    small = median3(small)
    for mask in _masks(small):
        # open: drop specks of table texture; close: fill the gaps type leaves in the card
        mask = max_filter(min_filter(mask, 3), 3)
        mask = min_filter(max_filter(mask, 5), 5)
        outline = largest_component(mask)
        hull = convex_hull(outline)
        if len(hull) < 4:
            continue
        quad = _fit_sides(outline, _quad_from_hull(hull))
        quad = order_corners(quad)
        if _plausible(quad, polygon_area(hull), small.size):
            return quad
    return None


def _shifted(a: np.ndarray, dx: int, dy: int, fill: bool) -> np.ndarray:
    """`a` moved by (dx, dy), what comes in from outside the frame set to `fill`."""
    h, w = a.shape
    out = np.full_like(a, fill)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, dy) : h + min(0, dy), max(0, dx) : w + min(0, dx)] = a[
        max(0, -dy) : h + min(0, -dy), max(0, -dx) : w + min(0, -dx)
    ]
    return out


def _thin_dark(small: Image.Image) -> np.ndarray:
    """How much darker than the paper around it each pixel is, as a share of the paper's
    grey: thin dark lines stand out; a shadow dims the rules as much as the paper."""
    g = small.convert("L")
    paper_grey = np.asarray(min_filter(max_filter(g, THIN_LINE), THIN_LINE), np.float32)
    return (paper_grey - np.asarray(g, np.float32)) / np.maximum(paper_grey, 16.0)


def _rules_direction(thin: np.ndarray) -> int | None:
    """The direction (degrees, 0-179) across the thin lines, if one holds `RULE_SHARE` of
    their edges' strength."""
    gx, gy = np.zeros_like(thin), np.zeros_like(thin)
    gx[:, 1:-1] = thin[:, 2:] - thin[:, :-2]
    gy[1:-1] = thin[2:] - thin[:-2]
    mag = np.hypot(gx, gy)
    normal = np.round(np.degrees(np.arctan2(gy, gx))).astype(int) % 180
    hist = np.bincount(normal.ravel(), weights=mag.ravel(), minlength=180)
    near = np.sum([np.roll(hist, k) for k in range(-3, 4)], axis=0)  # within 3 degrees, wrapping
    peak = int(near.argmax())
    return peak if near[peak] >= RULE_SHARE * hist.sum() else None


def _rule_free(small: Image.Image) -> tuple[np.ndarray, int] | None:
    """Where a ruled page's paper shows (its rules, widened across to meet), and the rules'
    spacing in px; None on a page without evenly spaced rules.

    On lined paper a card as white as the page differs from it neither in colour nor, on its
    lit sides, by an edge; but the rules, thin dark lines running on evenly spaced across
    the page, stop under the card. Thin dark lines are kept where they run on along the
    page's one main direction for `RULE_RUN` px (type and the card's own dividers are mostly
    shorter or fewer), widened across to half their spacing: what they leave is the card."""
    thin = _thin_dark(small)
    peak = _rules_direction(thin)
    if peak is None:
        # a grainy photo's specks point every way and drowned the rules of a page the card
        # hides half of: the direction is judged again with the grain smoothed away (the
        # rules are still traced on the page as it is: a thin rule may not outlast that)
        peak = _rules_direction(_thin_dark(median3(small)))
    if peak is None:
        return None  # no one direction stands out: not a ruled page
    t = math.radians(peak)
    nx, ny = math.cos(t), math.sin(t)  # across the rules
    on = thin > max(RULE_DARK * float(np.percentile(thin, 95)), 0.03)
    half = RULE_RUN // 2
    along = [(round(-k * ny), round(k * nx)) for k in range(-half, half + 1)]
    run = np.ones_like(on)
    for dx, dy in along:  # erosion along the rules: the frame's edge does not end a rule
        run &= _shifted(on, dx, dy, True)
    rules = np.zeros_like(on)
    for dx, dy in along:
        rules |= _shifted(run, dx, dy, False)
    # the rules' spacing: the lag at which their profile across the page repeats best
    ys, xs = np.nonzero(rules)
    if len(xs) < 4 * RULE_RUN:
        return None
    rho = np.round(xs * nx + ys * ny).astype(int)
    profile = np.bincount(rho - rho.min()).astype(np.float64)
    profile -= profile.mean()
    energy = float((profile**2).sum())
    lags = range(3, min(60, len(profile) // 3))
    if energy <= 0 or not lags:
        return None
    corr = [float((profile[:-k] * profile[k:]).sum()) / energy for k in lags]
    best = int(np.argmax(corr))
    if corr[best] < 0.3:
        return None  # the lines are not evenly spaced: veins or texture, not rules
    spacing = lags[best]
    if spacing < RULE_FINEST:
        return None  # grain or a weave: no page is ruled this finely
    # a rule has neighbours a spacing away; the card's shadowed side, a divider or a line of
    # type running along the rules has none
    beside = np.zeros_like(rules)
    for s in range(spacing - 2, spacing + 3):
        beside |= _shifted(rules, round(s * nx), round(s * ny), False)
        beside |= _shifted(rules, round(-s * nx), round(-s * ny), False)
    rules &= beside
    paper = rules.copy()
    reach = spacing // 2 + 1
    for k in range(1, reach + 1):  # each rule widened across to meet its neighbours
        for s in (k, -k):
            paper |= _shifted(rules, round(s * nx), round(s * ny), True)
    return paper, spacing


def _rules_outline(small: Image.Image) -> tuple[list[Point], int] | None:
    """The card as the largest region where the page's rules are interrupted, as four
    corners on the thumbnail, and the rules' spacing (how far off a side along them may be)."""
    found = _rule_free(small)
    if found is None:
        return None
    paper, spacing = found
    size = 2 * (spacing // 2) + 1  # a rule broken beside the card leaves a notch this tall
    mask = Image.fromarray(np.where(paper, 0, 255).astype(np.uint8))
    mask = max_filter(min_filter(mask, size), size)
    # a rule broken off short by a shadow or the card's rim leaves a spur a rule or two wide on
    # the region, which the four-sidedness test would reject: a card is many rules wide, so
    # what a wider opening takes off is no card
    spur = 4 * (spacing // 2) + 1
    mask = max_filter(min_filter(mask, spur), spur)
    blobs = components(mask)
    if not blobs:
        return None
    outline: list[Point] = []
    for y, x0, x1 in blobs[0]:
        outline += [(x0, y), (x1, y), (x0, y + 1), (x1, y + 1)]
    hull = convex_hull(outline)
    if len(hull) < 4:
        return None
    rough = _quad_from_hull(hull)
    # across the rules the region is known to a rule only: a side slanted to them ends in
    # steps up to half a spacing past it, which the hull takes in as area the card lacks
    stairs = _perimeter(hull) * (spacing // 2) / 2
    for quad in (order_corners(_fit_sides(outline, rough)), order_corners(rough)):
        if _plausible(quad, polygon_area(hull) - stairs, small.size):
            return quad, spacing
    return None


def _perimeter(poly: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(poly, poly[1:] + poly[:1], strict=True))


def _covers(outer: list[Point], inner: list[Point]) -> bool:
    """Whether `outer` holds `inner` and is clearly larger: where a page's rules stop, the card
    lies, so an outline inside that region is a band or a panel printed on the card."""
    if polygon_area(outer) < RULED_LARGER * polygon_area(inner):
        return False
    slack = 0.03 * math.dist(outer[0], outer[2])  # corners the two share may differ a little
    for p in inner:
        for a, b in zip(outer, outer[1:] + outer[:1], strict=True):
            # how far outside this side of the clockwise (on screen) outline
            cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
            if cross < -slack * math.dist(a, b):
                return False
    return True


def find_card(img: Image.Image) -> list[Point] | None:
    """Four corners of the card in `img` (TL, TR, BR, BL), or None if no card stands out.

    A white card on white paper or pale marble hardly differs from the table in colour, but
    its edges are straight: the outline whose four sides lie on edges best wins, and the colour
    masks' outline keeps the benefit of the doubt (the edges also find rules and bands printed
    on the card)."""
    small = img.copy()
    small.thumbnail((DETECT_SIDE, DETECT_SIDE), Image.Resampling.BOX)
    scale = img.width / small.width
    quad = _mask_outline(small)
    edges = Edges(small)
    best = edges.outline()
    if best is not None and (quad is None or best[0] > edges.fit(quad) + EDGE_BETTER):
        quad = edges.refine(best[1])
    found = _rules_outline(small)
    if found is not None:
        # the region ends anywhere up to half a spacing from the card's side
        ruled = edges.refine(edges.snap(found[0], found[1] // 2 + 2))
        if quad is None or edges.fit(ruled) > edges.fit(quad) or _covers(ruled, quad):
            quad = ruled
    if quad is not None:
        quad = edges.widened(quad)
    return None if quad is None else [(x * scale, y * scale) for x, y in quad]


Line2 = tuple[float, float]  # a straight line as (angle of its normal, distance from origin)


class Edges:
    """The thumbnail's edges, one pixel wide, and the long straight lines among them."""

    def __init__(self, small: Image.Image) -> None:
        # thin dark lines closed over (a grey closing): the rules of lined paper and the veins
        # of marble were the strongest straight lines and took the place of the card's sides,
        # and their strength set the cut below which a card as pale as the paper went unseen;
        # the card's own edge is a step, which closing leaves where it is
        small = max_filter(small.convert("RGB"), THIN_LINE)
        small = min_filter(small, THIN_LINE)
        a = np.asarray(small.filter(ImageFilter.GaussianBlur(1.0)), np.float32)
        gx, gy = np.zeros_like(a), np.zeros_like(a)
        gx[:, 1:-1] = a[:, 2:] - a[:, :-2]
        gy[1:-1] = a[2:] - a[:-2]
        # per pixel, the channel that changes most: a red card on a brown desk differs in hue
        best = np.hypot(gx, gy).argmax(axis=2)[..., None]
        self.gx = np.take_along_axis(gx, best, 2)[..., 0]
        self.gy = np.take_along_axis(gy, best, 2)[..., 0]
        self.mag = np.hypot(self.gx, self.gy)
        self.h, self.w = self.mag.shape
        self.strong = max(float(np.percentile(self.mag, 80)), SIDE_FLOOR)
        self._hits: dict[Line2, tuple[np.ndarray, np.ndarray, np.ndarray, int]] = {}
        self._thinned: np.ndarray | None = None
        self._settled: list[Line2] | None = None

    def _thin(self) -> np.ndarray:
        """Non-maximum suppression across each edge (worked out once)."""
        if self._thinned is None:
            self._thinned = self._suppress()
        return self._thinned

    def _suppress(self) -> np.ndarray:
        ang = np.round(np.degrees(np.arctan2(self.gy, self.gx)) / 45).astype(int) % 4
        p = np.pad(self.mag, 1)
        h, w = self.h, self.w
        keep = np.zeros(self.mag.shape, bool)
        for k, (dy, dx) in enumerate(((0, 1), (1, 1), (1, 0), (1, -1))):
            n1 = p[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]
            n2 = p[1 - dy : 1 - dy + h, 1 - dx : 1 - dx + w]
            keep |= (ang == k) & (self.mag >= n1) & (self.mag >= n2)
        return keep

    def lines(self) -> list[Line2]:
        """The strongest straight lines (Hough), each edge pixel voting near its own direction;
        pixels in crowded neighbourhoods (type, a logo) do not vote."""
        thr = max(float(np.percentile(self.mag, 90)), LINE_FLOOR)
        edge = ((self.mag > thr) & self._thin()).astype(np.float32)
        k = 4
        c = np.pad(np.pad(edge, k).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        n = 2 * k + 1
        crowd = (c[n:, n:] - c[:-n, n:] - c[n:, :-n] + c[:-n, :-n]) / n**2
        ys, xs = np.nonzero((edge > 0) & (crowd < EDGE_CROWD))
        inner = (xs > 1) & (xs < self.w - 2) & (ys > 1) & (ys < self.h - 2)
        ys, xs = ys[inner], xs[inner]
        normal = np.round(np.degrees(np.arctan2(self.gy[ys, xs], self.gx[ys, xs]))).astype(int)
        weight = np.minimum(self.mag[ys, xs], 3 * thr)
        diag = int(math.hypot(self.w, self.h)) + 1
        votes = np.zeros((180, 2 * diag + 1), np.float32)
        for d in range(-3, 4):
            t = (normal + d) % 180
            th = np.radians(t)
            rho = np.round(xs * np.cos(th) + ys * np.sin(th)).astype(int) + diag
            np.add.at(votes, (t, rho), weight)
        p = np.pad(votes, 1)
        rows, cols = votes.shape
        votes = np.zeros_like(votes)
        for dy in (0, 1, 2):
            for dx in (0, 1, 2):
                votes += p[dy : dy + rows, dx : dx + cols]
        found: list[Line2] = []
        for _ in range(EDGE_LINES):
            t, r = divmod(int(votes.argmax()), votes.shape[1])
            if votes[t, r] <= 0:
                break
            found.append((math.radians(t), float(r - diag)))
            for dt in range(-10, 11):  # clear the peak's neighbourhood (angles wrap at 180)
                tt, rr = t + dt, r
                if not 0 <= tt < 180:
                    tt, rr = tt % 180, 2 * diag - r
                votes[tt, max(0, rr - 10) : rr + 11] = 0
        return found

    def _settle(self, lines: list[Line2]) -> list[Line2]:
        """Each line turned (up to SETTLE_TURN degrees) and moved (up to 1 px) onto the pose with
        the most edge pixels running along it: a Hough peak is whole degrees and pixels, smeared
        by the votes of its neighbours, and on marble a vein beside the card's side can pull it
        a degree or a pixel off, so that the side's ends leave the edge it lies on."""
        if not lines:
            return lines
        edge = (self.mag > self.strong) & self._thin()
        # each edge pixel's direction, nought elsewhere and on a one-pixel frame round the
        # picture, where the poses that leave it are clipped to
        unit = np.zeros((self.h + 2, self.w + 2), np.complex64)
        unit[1:-1, 1:-1] = np.where(edge, (self.gx + 1j * self.gy) / np.maximum(self.mag, 1e-6), 0)
        flat = unit.ravel()
        # the turns, least first: a tie keeps the line as Hough found it
        turns = np.radians(np.arange(-SETTLE_TURN, SETTLE_TURN + 1e-6, 2 * SETTLE_STEP))
        turns = turns[np.argsort(np.abs(turns), kind="stable")]
        step = math.radians(SETTLE_STEP)
        fine_dt = np.array([0.0, -step, step, 0.0, -step, step, 0.0, -step, step])
        fine_dr = np.array([0.0, 0.0, 0.0, -1.0, -1.0, -1.0, 1.0, 1.0, 1.0])
        diag = int(math.hypot(self.w, self.h)) + 2
        settled = []
        for t0, r0 in lines:
            nx, ny = math.cos(t0), math.sin(t0)
            s = np.arange(-diag, diag + 1, dtype=np.float32)
            x, y = r0 * nx - s * ny, r0 * ny + s * nx
            inside = (x >= -5) & (x < self.w + 5) & (y >= -5) & (y < self.h + 5)
            on = np.abs(flat[self._cell(x, y)]) > 0
            if not on.any():
                settled.append((t0, r0))
                continue
            # turn about the middle of the edge pixels the line runs through
            mid = float(np.median(s[on]))
            px, py = r0 * nx - mid * ny, r0 * ny + mid * nx
            pose = partial(self._poses, flat, t0, (px, py), s[inside][None, :])
            # turned every other step first, then a step either way and a pixel either side
            counts, _ = pose(turns, np.zeros_like(turns))
            fine = turns[int(counts.argmax())] + fine_dt
            counts, r = pose(fine, fine_dr)
            j = int(counts.argmax())
            settled.append((float(t0 + fine[j]), float(r[j])))
        return settled

    def _poses(
        self,
        flat: np.ndarray,
        t0: float,
        pivot: Point,
        s: np.ndarray,
        dt: np.ndarray,
        dr: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each pose (the line of normal `t0` through `pivot`, turned by `dt` and moved by
        `dr`), how many edge pixels of `flat` (`_settle`) run along it at `s`, and its distance
        from the origin."""
        t = t0 + dt[:, None]
        r = pivot[0] * np.cos(t) + pivot[1] * np.sin(t) + dr[:, None]
        ct, st = np.cos(t), np.sin(t)
        val = flat[self._cell(r * ct - s * st, r * st + s * ct)]
        across = np.abs(val.real * math.cos(t0) + val.imag * math.sin(t0))
        return (across > 0.9).sum(axis=1), r[:, 0]

    def _cell(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Indices into the thumbnail framed by one pixel, raveled; points outside clipped to
        the frame."""
        xi = np.clip(np.round(x).astype(int) + 1, 0, self.w + 1)
        yi = np.clip(np.round(y).astype(int) + 1, 0, self.h + 1)
        return yi * (self.w + 2) + xi

    def refine(self, quad: list[Point]) -> list[Point]:
        """Each side refitted to the edge pixels along it: the Hough lines are whole degrees,
        and a rule running past the card's side can tilt its peak by a degree or two."""
        ys, xs = np.nonzero((self.mag > self.strong) & self._thin())
        points: list[Point] = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
        fitted = order_corners(_fit_sides(points, quad))
        return fitted if _plausible(fitted, polygon_area(fitted), (self.w, self.h)) else quad

    def snap(self, quad: list[Point], reach: int) -> list[Point]:
        """Each side moved (up to `reach` px, turned up to 2 degrees) onto the line the edges
        trace best there: the rule-free region ends anywhere between the card's side and the
        next rule, or at a rule the card's shadow hid."""
        lines = []
        for k in range(4):
            a, b = quad[k], quad[(k + 1) % 4]
            t0 = math.atan2(b[0] - a[0], -(b[1] - a[1]))
            r0 = a[0] * math.cos(t0) + a[1] * math.sin(t0)
            best = (-1.0, 0.0, (t0, r0))
            for dt in (-2.0, -1.0, 0.0, 1.0, 2.0):
                t = t0 + math.radians(dt)
                # turn about the side's middle
                mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
                rm = mx * math.cos(t) + my * math.sin(t)
                for dr in range(-reach, reach + 1):
                    score = self._side((t, rm + dr), a, b)
                    key = (score, -abs(dr) - abs(dt))
                    if key > best[:2]:
                        best = (score, key[1], (t, rm + dr))
            lines.append(best[2])
        corners = [_meet(lines[k - 1], lines[k]) for k in range(4)]
        if any(p is None for p in corners):
            return quad
        snapped = order_corners([p for p in corners if p is not None])
        return snapped if _plausible(snapped, polygon_area(snapped), (self.w, self.h)) else quad

    def _along(self, line: Line2) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Running counts, pixel by pixel along the line, of points inside the picture, of
        those on a strong edge running along the line (within 2 px), and of those whose edge
        grows brighter towards the line's normal."""
        if line in self._hits:
            return self._hits[line]
        t, r = line
        nx, ny = math.cos(t), math.sin(t)
        diag = int(math.hypot(self.w, self.h)) + 2
        s = np.arange(-diag, diag + 1, dtype=np.float32)
        x, y = r * nx - s * ny, r * ny + s * nx
        inside = (x >= 1) & (x < self.w - 1) & (y >= 1) & (y < self.h - 1)
        hit = np.zeros(s.shape, bool)
        up = np.zeros(s.shape, bool)
        for o in (0, -1, 1, -2, 2):
            xi = np.clip(np.round(x + o * nx).astype(int), 0, self.w - 1)
            yi = np.clip(np.round(y + o * ny).astype(int), 0, self.h - 1)
            m = self.mag[yi, xi]
            across = (self.gx[yi, xi] * nx + self.gy[yi, xi] * ny) / np.maximum(m, 1e-6)
            hit |= (m > self.strong) & (np.abs(across) > 0.9)
            up |= (m > self.strong) & (across > 0.9)
        hit &= inside
        up &= hit
        found = (
            np.concatenate(([0], np.cumsum(inside))),
            np.concatenate(([0], np.cumsum(hit))),
            np.concatenate(([0], np.cumsum(up))),
            diag,
        )
        self._hits[line] = found
        return found

    def _span(self, line: Line2, a: Point, b: Point) -> tuple[int, int]:
        """Where the middle of the side a-b (its corners may be rounded) lies in `_along`."""
        t = line[0]
        diag = int(math.hypot(self.w, self.h)) + 2
        sa = -a[0] * math.sin(t) + a[1] * math.cos(t)
        sb = -b[0] * math.sin(t) + b[1] * math.cos(t)
        lo, hi = sorted((sa, sb))
        lo, hi = lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)
        return min(2 * diag + 1, max(0, round(lo) + diag)), min(
            2 * diag + 1, max(0, round(hi) + diag + 1)
        )

    def _side(self, line: Line2, a: Point, b: Point) -> float:
        """Share of the side a-b's middle (its corners may be rounded) that lies on an edge."""
        inside, hit, _, _ = self._along(line)
        i0, i1 = self._span(line, a, b)
        seen = inside[i1] - inside[i0]
        if seen < 0.5 * max(1, i1 - i0):
            return 0.0
        return float(hit[i1] - hit[i0]) / seen

    def _brighter_in(self, line: Line2, a: Point, b: Point, centre: Point) -> bool:
        """Whether most of the edge along the side a-b grows brighter towards `centre`."""
        _, hit, up, _ = self._along(line)
        i0, i1 = self._span(line, a, b)
        t, r = line
        towards = centre[0] * math.cos(t) + centre[1] * math.sin(t) > r
        ups = 2 * (up[i1] - up[i0]) > hit[i1] - hit[i0]
        return bool(ups == towards)

    def fit(self, quad: list[Point]) -> float:
        """How well the edges trace this outline (`_traced`)."""
        sides = []
        for k in range(4):
            a, b = quad[k], quad[(k + 1) % 4]
            t = math.atan2(b[0] - a[0], -(b[1] - a[1]))  # the side's normal
            if t < 0:
                t += math.pi
            sides.append(self._side((t, a[0] * math.cos(t) + a[1] * math.sin(t)), a, b))
        return _traced(sides)

    def settled(self) -> list[Line2]:
        """The strongest lines, each settled onto its edge (worked out once)."""
        if self._settled is None:
            self._settled = self._settle(self.lines())
        return self._settled

    def widened(self, quad: list[Point]) -> list[Point]:
        """`quad`, or the card it is a coloured band of. A band printed across a card's full
        height (or width) has three straight sides the card's own edges trace; its fourth is
        where the print stops and the paper goes on. When two facing sides of the outline go
        on straight along edges past one of the other two, as far as a strong line that also
        lies on an edge, the card ends there."""
        sides = [_line_of(quad[k], quad[(k + 1) % 4]) for k in range(4)]
        best: tuple[float, list[Point]] | None = None
        for k in range(4):
            before, after = sides[k - 1], sides[(k + 1) % 4]
            a, b = quad[k], quad[(k + 1) % 4]
            reach = min(math.dist(quad[k - 1], a), math.dist(quad[(k + 2) % 4], b))
            for line in self.settled():
                if abs(math.sin(line[0] - sides[k][0])) > math.sin(math.radians(10)):
                    continue
                p, q = _meet(before, line), _meet(after, line)
                if p is None or q is None:
                    continue
                # beyond side k, away from the quad, by a good part of the card
                if min(_beyond(quad[k - 1], a, p), _beyond(quad[(k + 2) % 4], b, q)) < (
                    WIDER_BAND * reach
                ):
                    continue
                new = list(quad)
                new[k], new[(k + 1) % 4] = p, q
                new = order_corners(new)
                if not _plausible(new, polygon_area(new), (self.w, self.h)):
                    continue
                # card-shaped: two faces scanned one above the other, of one width, are not
                # one card (about square)
                w, h = _side_lengths(new)
                if not FACE_ASPECT[0] <= max(w, h) / min(w, h) <= FACE_ASPECT[1]:
                    continue
                traced = [
                    self._side(_line_of(a, p), a, p),
                    self._side(_line_of(b, q), b, q),
                    self._side(_line_of(p, q), p, q),
                ]
                # the far side on an edge, and the two sides going on past the band too, one
                # maybe faint (a cream card on a pale scanner lid), the other clear
                if traced[2] < EDGE_SUPPORT or min(traced[:2]) < FAINT_SIDE:
                    continue
                if traced[0] + traced[1] < 2 * EDGE_SUPPORT:
                    continue
                area = polygon_area(new)
                if best is None or area > best[0]:
                    best = (area, new)
        return quad if best is None else best[1]

    def outline(self) -> tuple[float, list[Point]] | None:
        """The plausible card outline of four of the strongest lines that the edges trace best."""
        lines = self.settled()
        near = math.radians(25)

        def parallel(p: Line2, q: Line2) -> bool:
            d = abs(p[0] - q[0]) % math.pi
            return min(d, math.pi - d) < near

        n = len(lines)
        pairs = [
            (i, j) for i, j in itertools.combinations(range(n), 2) if parallel(lines[i], lines[j])
        ]
        best: tuple[float, list[Point]] | None = None
        if len(pairs) < 2:
            return best
        # each corner worked out once: where two lines meet, and whether it lies in the frame
        meet = [[_meet(p, q) for q in lines] for p in lines]
        across = np.array([[not parallel(p, q) for q in lines] for p in lines])
        framed = np.array(
            [
                [
                    pt is not None
                    and -0.03 * self.w <= pt[0] <= 1.03 * self.w
                    and -0.03 * self.h <= pt[1] <= 1.03 * self.h
                    for pt in row
                ]
                for row in meet
            ]
        )
        big = np.zeros((n, n, 2))  # corners' x and y (nought where the lines do not meet)
        for i, row in enumerate(meet):
            for j, pt in enumerate(row):
                if pt is not None:
                    big[i, j] = pt
        # the quads of two pairs of parallel lines, in the order the pairs come
        first, second = np.triu_indices(len(pairs), 1)
        ends = np.array(pairs)
        a, b = ends[first, 0], ends[first, 1]
        c, d = ends[second, 0], ends[second, 1]
        keep = across[a, c] & framed[a, c] & framed[c, b] & framed[b, d] & framed[d, a]
        # a quad's area is at most that of the box round its corners: one clearly smaller
        # than the least card (`_plausible`) is not worth ordering
        pts = np.stack([big[a, c], big[c, b], big[b, d], big[d, a]], axis=1)
        box = np.ptp(pts[..., 0], axis=1) * np.ptp(pts[..., 1], axis=1)
        keep &= box >= MIN_CARD_AREA * self.w * self.h * (1 - 1e-6)
        for k in np.flatnonzero(keep):
            ia, ib, ic, id_ = int(a[k]), int(b[k]), int(c[k]), int(d[k])
            a_, b_, c_, d_ = lines[ia], lines[ib], lines[ic], lines[id_]
            quad = order_corners(
                [meet[ia][ic], meet[ic][ib], meet[ib][id_], meet[id_][ia]]  # type: ignore[list-item]
            )
            if not _plausible(quad, polygon_area(quad), (self.w, self.h)):
                continue
            along = list(
                zip(
                    _sides_of(quad, (a_, b_, c_, d_)),
                    zip(quad, quad[1:] + quad[:1], strict=True),
                    strict=True,
                )
            )
            sides = []
            for line, (p, q) in along:  # one side off the edges rules the quad out
                sides.append(self._side(line, p, q))
                if sides[-1] < EDGE_SUPPORT:
                    break
            if min(sides) < EDGE_SUPPORT:
                continue
            score = _traced(sides)
            if best is not None and score <= best[0]:
                continue
            # the card is brighter or darker than all around it; a side whose edge turns the
            # other way is the outer edge of the card's shadow
            centre = (sum(x for x, _ in quad) / 4, sum(y for _, y in quad) / 4)
            if len({self._brighter_in(line, p, q, centre) for line, (p, q) in along}) > 1:
                score -= EDGE_TURNED
            if best is None or score > best[0]:
                best = (score, quad)
        return best


FAINT_SIDE = 0.4  # share on an edge of a side the paper goes on along, where its edge is faint
WIDER_BAND = 0.2  # of the card's side: a band's outline is widened past this much more paper


def _line_of(a: Point, b: Point) -> Line2:
    """The line through a and b, as (angle of its normal in [0, pi), distance from origin)."""
    t = math.atan2(b[0] - a[0], -(b[1] - a[1]))
    if t < 0:
        t += math.pi
    return (t, a[0] * math.cos(t) + a[1] * math.sin(t))


def _beyond(start: Point, end: Point, p: Point) -> float:
    """How far `p` lies past `end`, along the direction from `start` to `end`."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    n = math.hypot(dx, dy) or 1.0
    return ((p[0] - end[0]) * dx + (p[1] - end[1]) * dy) / n


def _traced(sides: list[float]) -> float:
    """How well edges trace an outline from its sides' shares: the worst side, a little of
    the rest (one side half in shadow must not pass for a rule printed on the card)."""
    return min(sides) + 0.25 * sum(sides) / 4


def _meet(p: Line2, q: Line2) -> Point | None:
    (t1, r1), (t2, r2) = p, q
    det = math.cos(t1) * math.sin(t2) - math.sin(t1) * math.cos(t2)
    if abs(det) < 0.2:
        return None
    return (
        (r1 * math.sin(t2) - r2 * math.sin(t1)) / det,
        (math.cos(t1) * r2 - math.cos(t2) * r1) / det,
    )


def _sides_of(quad: list[Point], lines: tuple[Line2, ...]) -> list[Line2]:
    """For each side of the ordered quad, the line it lies on."""
    out = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        out.append(
            min(
                lines,
                key=lambda ln: abs(mid[0] * math.cos(ln[0]) + mid[1] * math.sin(ln[0]) - ln[1]),
            )
        )
    return out


def ink_boxes(gray: Image.Image) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of lines of ink, found without Tesseract.

    Glyphs are merged along the line (1/8 horizontal scale) but not across lines (1/2
    vertical), so each blob is a line or a word of type.
    """
    return [
        box
        for box in _ink_blobs(gray, 8, 2)
        if 12 <= box[3] <= 0.3 * gray.height and box[2] >= 0.6 * box[3]
    ]


def _ink_blobs(gray: Image.Image, fx: int, fy: int) -> list[tuple[int, int, int, int]]:
    """Boxes of ink blobs on the image shrunk `fx` across and `fy` down (the shrinking merges
    glyphs along that direction), in page coordinates; blobs touching the image's edge are
    the card's edge or the table, not type."""
    small = gray.resize((max(1, gray.width // fx), max(1, gray.height // fy)), Image.Resampling.BOX)
    threshold = otsu(small.histogram())
    ink = max_filter(small.point(lambda v: 255 if v < threshold else 0), 3)
    boxes = []
    for blob in components(ink):
        x0 = min(x for _, x, _ in blob)
        x1 = max(x for _, _, x in blob)
        y0 = min(y for y, _, _ in blob)
        y1 = max(y for y, _, _ in blob) + 1
        if not (x0 == 0 or y0 == 0 or x1 >= ink.width or y1 >= ink.height):
            boxes.append((x0 * fx, y0 * fy, (x1 - x0) * fx, (y1 - y0) * fy))
    return boxes


COLUMN_RATIO = 1.8  # a blob of ink this many times taller than wide may be a column of type
GLYPH_SQUARE = (0.6, 1.4)  # a Han glyph's height over its width: about square


def ink_columns(gray: Image.Image) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of columns of vertical type (traditional Chinese
    cards set the name, title and company top to bottom), found without Tesseract.

    The transpose of `ink_boxes`: glyphs are merged down the page (1/8 vertical scale) but not
    across (1/2 horizontal), so glyphs stacked in a column become one tall, narrow blob, while
    a horizontal line stays as wide as it is long.
    """
    return [
        box
        for box in _ink_blobs(gray, 2, 8)
        if box[2] >= 16
        and COLUMN_RATIO * box[2] <= box[3] <= 0.9 * gray.height
        and _glyph_column(gray, box)
    ]


def glyph_cells(gray: Image.Image, box: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    """Top and bottom of each glyph stacked in `box`: rows of ink split by blank rows, pieces
    joined while they stay within a square (二 and 旦 are strokes with white between)."""
    x, y, w, h = box
    crop = gray.crop((x, y, x + w, y + h))
    threshold = otsu(crop.histogram())
    ink = crop.point(lambda v: 1 if v < threshold else 0)
    data = ink.tobytes()
    counts = [sum(data[r * w : (r + 1) * w]) for r in range(h)]
    span = _main_span([sum(data[c::w]) for c in range(w)])
    if span is None:
        return []
    width = span[1] - span[0]
    runs: list[list[int]] = []
    for r, n in enumerate(counts):
        if n and runs and runs[-1][1] == r:
            runs[-1][1] = r + 1
        elif n:
            runs.append([r, r + 1])
    cells: list[list[int]] = []
    for top, bottom in runs:
        if cells and bottom - cells[-1][0] <= GLYPH_SQUARE[1] * width:
            cells[-1][1] = bottom
        else:
            cells.append([top, bottom])
    return [(y + top, y + bottom) for top, bottom in cells]


def _main_span(counts: list[int]) -> tuple[int, int] | None:
    """The widest run of inked positions: a sliver of the next column's glyphs at the edge of
    the box is set apart by white."""
    runs: list[list[int]] = []
    for i, n in enumerate(counts):
        if n and runs and i - runs[-1][1] <= 2:
            runs[-1][1] = i + 1
        elif n:
            runs.append([i, i + 1])
    if not runs:
        return None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    return a, b


def column_span(gray: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """Left and right of the column's own glyphs within `box` (page coordinates)."""
    x, y, w, h = box
    crop = gray.crop((x, y, x + w, y + h))
    threshold = otsu(crop.histogram())
    data = crop.point(lambda v: 1 if v < threshold else 0).tobytes()
    span = _main_span([sum(data[c::w]) for c in range(w)])
    return (x + span[0], x + span[1]) if span else (x, x + w)


def _glyph_column(gray: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Does the column stack two or more glyphs, nearly all square? Not a stack of short
    horizontal labels (rows half as tall as wide), a large name over a smaller title, a bar of
    a logo or a rule."""
    cells = glyph_cells(gray, box)
    if len(cells) < 2:
        return False
    left, right = column_span(gray, box)
    low, high = GLYPH_SQUARE
    square = sum(low <= (b - t) / max(1, right - left) <= high for t, b in cells)
    return square >= 0.75 * len(cells)


# ---------------------------------------------------------------- geometry


def perspective_coeffs(dst: list[Point], src: list[Point]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE) mapping output `dst` to input `src`."""
    m = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    for c in range(8):  # Gauss-Jordan with partial pivoting on the 8x8 system
        p = max(range(c, 8), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(8):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c], strict=True)]
    return [m[i][8] / m[i][i] for i in range(8)]


def warp(img: Image.Image, quad: list[Point]) -> Image.Image:
    """Cut the card out and make it a flat rectangle."""
    w, h = _side_lengths(quad)
    w, h = max(1, round(w)), max(1, round(h))
    dst: list[Point] = [(0, 0), (w, 0), (w, h), (0, h)]
    return img.transform(
        (w, h), Image.Transform.PERSPECTIVE, perspective_coeffs(dst, quad), Image.Resampling.BICUBIC
    )


# ---------------------------------------------------------------- tone


def dark_regions(gray: Image.Image) -> Image.Image | None:
    """Mask (at 1/8 scale) of the card's dark areas: a coloured band, a dark card.

    Medians ignore the type, which covers far less than half of any area: a band across the
    card has dark rows; a block has a dark neighbourhood wider than any line of type (so a
    bold name alone never looks like a dark area).
    """
    small = gray.resize((max(8, gray.width // 8), max(8, gray.height // 8)), Image.Resampling.BOX)
    w, h = small.size
    pixels = np.asarray(small)
    # each row's and column's median (the upper one of an even count)
    dark_rows = np.sort(pixels, axis=1)[:, w // 2] < DARK
    dark_cols = np.sort(pixels, axis=0)[h // 2, :] < DARK
    block = np.asarray(small.filter(ImageFilter.MedianFilter(17)))
    local = np.asarray(small.filter(ImageFilter.MedianFilter(5)))
    # a dark row may run past the card's edge: never invert what is plainly light
    dark = (dark_rows[:, None] | dark_cols[None, :] | (block < DARK)) & (local < 170)
    mask = Image.fromarray(np.where(dark, 255, 0).astype(np.uint8))
    # close the holes that bold light type leaves
    mask = min_filter(max_filter(mask, 5), 5)
    return mask if mask.getbbox() else None


def _light_type(gray: Image.Image, background: Image.Image, region: Image.Image) -> bool:
    """Is the type in this dark region lighter than its surroundings (a band) or darker (a
    shadow)? Shadows make dark rows too, but inverting them turns good text bad."""
    lighter = ImageChops.subtract(gray, background).point(lambda v: 255 if v > 50 else 0)
    darker = ImageChops.subtract(background, gray).point(lambda v: 255 if v > 50 else 0)
    n_light = lighter.histogram(region)[255]
    n_dark = darker.histogram(region)[255]
    return n_light > 1.5 * n_dark and n_light > 0.002 * gray.width * gray.height


def _quantile(hist: list[int], q: float) -> int:
    total, seen = sum(hist), 0
    for level, n in enumerate(hist):
        seen += n
        if seen >= q * total:
            return level
    return len(hist) - 1


def light_paper(gray: Image.Image) -> tuple[Image.Image, bool]:
    """Dark type on light paper everywhere: psm 11 skipped white-on-blue bands entirely."""
    mask = dark_regions(gray)
    if mask is None:
        return gray, False
    small = gray.resize(mask.size, Image.Resampling.BOX)
    background = small.filter(ImageFilter.MedianFilter(5)).resize(
        gray.size, Image.Resampling.BILINEAR
    )
    inverted_any = False
    for blob in components(mask):
        region = Image.new("L", mask.size, 0)
        for y, x0, x1 in blob:
            region.paste(255, (x0, y, x1, y + 1))
        full = region.resize(gray.size, Image.Resampling.NEAREST)
        if not _light_type(gray, background, full):
            continue
        glare = [
            hole
            for hole in _holes(region)
            if not _holds_type(gray, background, hole.resize(gray.size, Image.Resampling.NEAREST))
        ]
        if glare:
            # glare on the dark card: inverted with it, after taking the glare's own light
            # away (the card's level put back), or it inverts to a dark blob over the type
            for hole in glare:
                region.paste(255, mask=hole)
            level = Image.new("L", gray.size, _quantile(small.histogram(region), 0.5))
            unlit = ImageChops.add(ImageChops.subtract(gray, background), level)
            within = max_filter(region, 3).resize(gray.size, Image.Resampling.NEAREST)
            gray = Image.composite(unlit, gray, within)
        gray = _invert_region(gray, region)
        inverted_any = True
    return gray, inverted_any


def _holes(region: Image.Image) -> list[Image.Image]:
    """The gaps wholly inside a region (reaching none of the image's edges), one mask each."""
    w, h = region.size
    out = []
    for blob in components(ImageOps.invert(region)):
        if any(y in (0, h - 1) or x0 == 0 or x1 == w for y, x0, x1 in blob):
            continue
        hole = Image.new("L", region.size, 0)
        for y, x0, x1 in blob:
            hole.paste(255, (x0, y, x1, y + 1))
        out.append(hole)
    return out


def _holds_type(gray: Image.Image, background: Image.Image, region: Image.Image) -> bool:
    """Any type, light or dark, clear of its surroundings? Glare on a dark card is too light
    to count as dark, and washes its type out: left alone, the spot stayed light type on light
    paper inside the inverted card, walled off by the paper painted along the region's edge
    (a name lost the letters the glare covered)."""
    lighter = ImageChops.subtract(gray, background).point(lambda v: 255 if v > 50 else 0)
    darker = ImageChops.subtract(background, gray).point(lambda v: 255 if v > 50 else 0)
    area = region.histogram()[255]
    return lighter.histogram(region)[255] + darker.histogram(region)[255] > NO_TYPE * area


def _invert_region(gray: Image.Image, region: Image.Image) -> Image.Image:
    # The coarse mask's edge is a few pixels off. Inside it, invert; along it, paint paper:
    # a dark frame left around a band made Tesseract take the band for a picture and skip it.
    inner = min_filter(region, 3).resize(gray.size, Image.Resampling.NEAREST)
    outer = max_filter(region, 3).resize(gray.size, Image.Resampling.NEAREST)
    inverted = ImageOps.invert(gray)
    # the band's own colour becomes the paper: white, or Otsu on the page calls it ink
    paper = max(1, _quantile(inverted.histogram(inner), 0.8))
    inverted = inverted.point(lambda v: min(255, v * 255 // paper))
    out = Image.composite(Image.new("L", gray.size, 255), gray, outer)
    return Image.composite(inverted, out, inner)


def flatten_light(gray: Image.Image) -> Image.Image:
    """Divide by the paper's own brightness, so a shadow across the card does not make
    Tesseract's single page threshold call half the card ink (after bands are inverted:
    before, it painted white-on-blue type white on white)."""
    small = gray.resize((max(8, gray.width // 16), max(8, gray.height // 16)), Image.Resampling.BOX)
    paper = max_filter(small, 7).filter(ImageFilter.GaussianBlur(2))
    hist = paper.histogram()
    if _quantile(hist, 0.05) >= EVEN_LIGHT * _quantile(hist, 0.95):
        return gray  # evenly lit, as scans are: dividing would only add noise
    paper = paper.resize(gray.size, Image.Resampling.BILINEAR)
    return ImageMath.lambda_eval(
        lambda e: e["convert"](e["min"](e["g"] * 255 / (e["p"] + 1), 255), "L"), g=gray, p=paper
    )


EVEN_STEP = 4  # the paper's brightness is sought on the page shrunk this much
GRAIN = 0.7  # px: the blur that smooths a photo's grain before the paper is divided out


def evened(gray: Image.Image, text: float = BODY_HEIGHT) -> Image.Image:
    """The paper evened out at the scale of the glyphs: each pixel divided by the brightest
    paper within about a line of body type (`text` px) of it, after the grain is smoothed.
    `flatten_light` evens a shadow across the card; this also evens the blotches, vignette
    and glare a line or two across that a photo's paper shows, where Tesseract's one page
    threshold broke grey type into specks or ran it into the paper."""
    step = EVEN_STEP
    small = gray.resize(
        (max(1, gray.width // step), max(1, gray.height // step)), Image.Resampling.BOX
    )
    window = max(3, round(text / step) | 1)  # wider than any stroke: only paper is brightest
    paper = max_filter(small, window).filter(ImageFilter.GaussianBlur(window / 2))
    paper = paper.resize(gray.size, Image.Resampling.BILINEAR)
    smooth = gray.filter(ImageFilter.GaussianBlur(GRAIN))
    return ImageMath.lambda_eval(
        lambda e: e["convert"](e["min"](e["g"] * 255 / (e["p"] + 1), 255), "L"), g=smooth, p=paper
    )


def scale_to_card(img: Image.Image, width: int = CARD_WIDTH) -> Image.Image:
    long_side = max(img.size)
    if abs(long_side - width) < 0.05 * width:
        return img
    factor = width / long_side
    size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
    return img.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)


def text_height(gray: Image.Image) -> float | None:
    """The height of the card's body type in pixels: the median line of ink (most lines on a
    card are contacts in small type; the name and the logo are few)."""
    heights = sorted(box[3] for box in ink_boxes(gray))
    return float(heights[len(heights) // 2]) if len(heights) >= 3 else None


def normalise_text_height(gray: Image.Image, target: float = BODY_HEIGHT) -> Image.Image:
    """Scale so the body type is `target` px tall whatever the photo: a card that fills a
    12-MP frame and one that is a corner of a 640-px photo then read alike."""
    height = text_height(gray)
    if height is None:
        return gray
    factor = min(MAX_TEXT_SCALE, max(1 / MAX_TEXT_SCALE, target / height))
    factor = min(factor, MAX_SIDE / max(gray.size))
    if abs(factor - 1) < 0.2:
        return gray
    size = (max(1, round(gray.width * factor)), max(1, round(gray.height * factor)))
    return gray.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)


SKEW_LIMIT, SKEW_STEP = 15.0, 0.5  # degrees: the slants tried, either way
SKEW_SIDE = 500  # px: the slant is sought on the page shrunk to this
SKEW_CLEAR = 1.2  # how much more sharply the rows must stack at a slant than level
SKEW_LEAST = 1.0  # degrees: a smaller slant is left (turning costs a resampling)


def skew(gray: Image.Image) -> float:
    """Degrees the page's lines of type run down to the right (negative: up), within
    SKEW_LIMIT, by projection profiles: sheared by each slant tried, the ink of lines of type
    stacks into the fewest rows (the sum of squared row counts is largest) at the lines'
    own slant. Blobs touching the page's edge (the table, a ruled page's rules) and tall ones
    (a picture) do not vote. 0 where no slant stacks them clearly better than level."""
    f = SKEW_SIDE / max(gray.size)
    small = gray.resize(
        (max(1, round(gray.width * f)), max(1, round(gray.height * f))), Image.Resampling.BOX
    )
    threshold = otsu(small.histogram())
    mask = small.point(lambda v: 255 if v < threshold else 0)
    ys: list[np.ndarray] = []
    xs: list[np.ndarray] = []
    for blob in components(mask):
        runs = np.array(blob)
        top, bottom = runs[:, 0].min(), runs[:, 0].max() + 1
        if runs[:, 1].min() == 0 or top == 0 or runs[:, 2].max() >= mask.width:
            continue
        if bottom >= mask.height or bottom - top > 0.2 * mask.height:
            continue
        for y, a, b in blob:
            xs.append(np.arange(a, b))
            ys.append(np.full(b - a, y))
    if sum(len(x) for x in xs) < 50:
        return 0.0
    y_all, x_all = np.concatenate(ys).astype(float), np.concatenate(xs).astype(float)

    def stacked(degrees: float) -> float:
        rows = np.round(y_all - x_all * math.tan(math.radians(degrees)))
        counts = np.bincount((rows - rows.min()).astype(np.int64)).astype(float)
        return float((counts**2).sum())

    angles = np.arange(-SKEW_LIMIT, SKEW_LIMIT + 1e-9, SKEW_STEP)
    scores = [stacked(float(a)) for a in angles]
    best = int(np.argmax(scores))
    if scores[best] < SKEW_CLEAR * stacked(0.0):
        return 0.0
    return float(angles[best])


def deskewed(gray: Image.Image) -> Image.Image:
    """The page turned so its lines of type run level (see `skew`), the corners it uncovers
    filled with paper: Tesseract reads a slanted line worse, and its box is taller than its
    type, which misjudges the type's height (`text_height`)."""
    angle = skew(gray)
    if abs(angle) < SKEW_LEAST:
        return gray
    paper = _quantile(gray.histogram(), 0.9)
    return gray.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=paper)


def prepare(img: Image.Image, card_width: int = CARD_WIDTH, crop: bool = True) -> Prepared:
    """Crop and straighten the card, then greyscale at the size and contrast Tesseract likes.
    `crop=False` keeps the whole frame (the outline found was a coloured band, not the card)."""
    img = downscale(img)
    quad = find_card(img) if crop else None
    plain = plain_border(img)
    if quad is not None:
        img = warp(img, quad)
    gray = scale_to_card(img.convert("L"), card_width)
    gray, inverted = light_paper(gray)
    gray = flatten_light(gray)
    gray = ImageOps.autocontrast(gray, cutoff=(0.5, 0.2))
    if quad is None:  # a card found is straightened by its warp; the whole frame is not
        gray = deskewed(gray)
    gray = normalise_text_height(gray)
    return Prepared(gray, quad is not None, inverted, plain)


# ---------------------------------------------------------------- two faces in one image

FACES_SIDE = 1000  # px: the whole frame is looked at this size for two faces
FACE_ASPECT = (1.4, 2.2)  # long over short side of one card face
FRAME_ASPECT = (1.6, 2.2)  # the same for half a frame whose paper could not be told apart
FACE_SEAM = 0.02  # of the paper's length: blank on either side of its middle between two faces
FACE_SIZES = 1.3  # the two faces' lengths along the cut differ at most this much
FACE_MIDDLE = (0.35, 0.65)  # where along the paper a gap between two faces may lie
INK_STEP = 60  # grey levels below the paper that are type
DARK_PAPER = 100  # grey level of the cards' paper below which their type is light on dark
PAPER_STEP = 8  # grey levels between the table (the frame's edge) and the cards' paper
PAPER_SHARE = 0.6  # of the box round what differs from the table that must be paper


def card_faces(img: Image.Image) -> list[tuple[int, int, int, int]] | None:
    """Two boxes (left, top, right, bottom) in `img` when it holds both faces of a card side by
    side or one above the other (a bilingual card scanned front and back at once), else None.

    Only on a plain table (a scan, a bare desk), whose colour tells where the cards' paper is:
    the paper, cut across at a blank gap in its printing near the middle, makes two
    card-shaped halves of one size. Half of one card is about square instead (its long side
    halved), so a single card is never cut."""
    if not plain_border(img):
        return None
    small = img.convert("RGB")
    small.thumbnail((FACES_SIDE, FACES_SIDE), Image.Resampling.BOX)
    thumb = small.copy()
    thumb.thumbnail((DETECT_SIDE, DETECT_SIDE), Image.Resampling.BOX)
    distance = _off_colour(median3(thumb), _border_colour(thumb))
    paper = distance.point(lambda v: 255 if v > PAPER_STEP else 0)
    found = paper.getbbox()
    if found is None:
        return None
    aspect = FACE_ASPECT
    tight = _quantile(paper.crop(found).histogram(), 1 - PAPER_SHARE) == 0
    up = small.width / thumb.width
    apart_on_table = False  # the paper's pieces are sought only when no type gives the cut
    pieces: list[tuple[int, int, int, int]] | None = None
    if tight or found == (0, 0, *thumb.size):
        # no table round the paper, or paper of the table's colour: the frame is the cards, if
        # it was cut to them (a photo's 4:3 cut in half is nearly card-shaped too)
        region, aspect = (0, 0, *small.size), FRAME_ASPECT
    else:
        x0, y0, x1, y1 = (round(v * up) for v in found)
        region = (x0, y0, min(x1, small.width), min(y1, small.height))
        apart_on_table = True
    gray = small.convert("L").crop(region)
    level = _quantile(gray.histogram(), 0.5)  # the paper: most of the cards is blank
    ink = gray.point(lambda v: 255 if v < level - INK_STEP else 0)
    if level < DARK_PAPER:
        # dark cards: their type is lighter than the paper, and so is the table showing
        # between the two faces, which is no type
        table = _off_colour(median3(small), _border_colour(thumb))
        # the paper's rim, half table in the thumbnail, is no type either
        on_paper = min_filter(table.point(lambda v: 255 if v > PAPER_STEP else 0), 7)
        on_paper = on_paper.crop(region)
        light = gray.point(lambda v: 255 if v > level + INK_STEP else 0)
        ink = ImageChops.multiply(light, on_paper)
    # glyphs merged along the lines (a quarter across), kept apart between them (half down)
    shrunk = ink.resize((max(1, ink.width // 4), max(1, ink.height // 2)), Image.Resampling.BOX)
    blobs = []
    for blob in components(shrunk.point(lambda v: 255 if v else 0)):
        bx0 = min(x for _, x, _ in blob) * 4
        bx1 = max(x for _, _, x in blob) * 4
        by0 = min(y for y, _, _ in blob) * 2
        by1 = (max(y for y, _, _ in blob) + 1) * 2
        if (bx1 - bx0) * (by1 - by0) >= 24:
            blobs.append((bx0, by0, bx1 - bx0, by1 - by0))
    x0, y0, x1, y1 = region
    size = (x1 - x0, y1 - y0)
    scale = img.width / small.width
    for axis in (0, 1):
        cut = _faces_cut(blobs, size, axis, aspect) if len(blobs) >= 4 else None
        if cut is None and apart_on_table and pieces is None:
            pieces = _paper_pieces(small, _border_colour(thumb), region)
        if cut is None and pieces is not None and len(pieces) >= 2:
            # dark cards printed in light type: no dark ink marks their lines, but the pieces
            # of paper lie apart on the table
            cut = _faces_cut(pieces, size, axis, aspect)
        if cut is not None:
            return [
                (
                    round((b[0] + x0) * scale),
                    round((b[1] + y0) * scale),
                    round((b[2] + x0) * scale),
                    round((b[3] + y0) * scale),
                )
                for b in cut
            ]
    return None


def one_card_round(quad: list[Point] | None, faces: list[tuple[int, int, int, int]]) -> bool:
    """The card outline found (`quad`, as `find_card` gives it) holds the middles of both
    `faces`: they are two halves of one card, not two faces. A card photographed at a slant
    has a bounding box squarer than itself, so halved it gives two card-shaped parts; two
    faces side by side or stacked lie in two outlines, one card's outline holds one face."""
    if quad is None:
        return False
    for left, top, right, bottom in faces:
        p = ((left + right) / 2, (top + bottom) / 2)
        sides = zip(quad, quad[1:] + quad[:1], strict=True)
        turns = [(b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) for a, b in sides]
        if not (all(t > 0 for t in turns) or all(t < 0 for t in turns)):
            return False
    return True


PIECE_SHARE = 0.05  # of the paper's box: a smaller piece of paper is a speck or a shadow
PIECE_STEP = 24  # grey levels off the table's colour that are surely paper (dark or coloured)


def _paper_pieces(
    small: Image.Image, table: tuple[int, ...], region: tuple[int, int, int, int]
) -> list[tuple[int, int, int, int]]:
    """The boxes (x, y, width, height, in `region`'s frame) of the separate pieces of paper
    on the table in `small`: at this size a narrow strip of table between two faces shows."""
    crop = median3(small.crop(region))
    paper = _off_colour(crop, table).point(lambda v: 255 if v > PIECE_STEP else 0)
    least = PIECE_SHARE * crop.width * crop.height
    boxes = []
    for blob in components(paper):
        bx0, bx1 = min(x for _, x, _ in blob), max(x for _, _, x in blob) + 1
        by0, by1 = min(y for y, _, _ in blob), max(y for y, _, _ in blob) + 1
        if (bx1 - bx0) * (by1 - by0) >= least:
            boxes.append((bx0, by0, bx1 - bx0, by1 - by0))
    return boxes


def _faces_cut(
    blobs: list[tuple[int, int, int, int]],
    size: tuple[int, int],
    axis: int,
    aspect: tuple[float, float] = FACE_ASPECT,
) -> list[tuple[int, int, int, int]] | None:
    """Cut the paper (`size`, holding the blobs) across `axis` (0: down the page, faces side
    by side) into two card-shaped parts of about one size: at its middle when no printing
    crosses it there, else in the middle of the widest blank gap near it (a band printed
    along one face's edge reaches the seam)."""
    length, across = size[axis], size[1 - axis]
    spans = sorted((b[axis], b[axis] + b[axis + 2]) for b in blobs)
    clear = FACE_SEAM * length
    half = length // 2
    if not any(a < half + clear and b > half - clear for a, b in spans):
        mid = half
    else:
        best: tuple[int, int] | None = None
        reach = spans[0][1]
        for a, b in spans[1:]:
            near = FACE_MIDDLE[0] <= (reach + a) / 2 / length <= FACE_MIDDLE[1]
            if a > reach and near and (best is None or a - reach > best[1] - best[0]):
                best = (reach, a)
            reach = max(reach, b)
        if best is None:
            return None
        mid = (best[0] + best[1]) // 2
    first, second = mid, length - mid
    if max(first, second) > FACE_SIZES * min(first, second):
        return None
    for part in (first, second):
        if not aspect[0] <= max(part, across) / max(1, min(part, across)) <= aspect[1]:
            return None
    if (first > across) != (second > across):
        return None
    if axis == 0:
        return [(0, 0, mid, across), (mid, 0, length, across)]
    return [(0, 0, across, mid), (0, mid, across, length)]
