"""The vectorised searches in ocr.preprocess give what the plain Python ones they replaced gave."""

from __future__ import annotations

import functools
import itertools
import math
import random

import pytest
from PIL import Image, ImageDraw

from ocr import preprocess as pp
from ocr.preprocess import (
    EDGE_SUPPORT,
    EDGE_TURNED,
    Edges,
    Line2,
    Point,
    _meet,
    _plausible,
    _sides_of,
    _traced,
    order_corners,
    polygon_area,
)


def _outline_before(edges: Edges) -> tuple[float, list[Point]] | None:
    """`Edges.outline` as it was: every pair of pairs of parallel lines tried in Python."""
    lines = edges._settle(edges.lines())
    near = math.radians(25)

    def parallel(p: Line2, q: Line2) -> bool:
        d = abs(p[0] - q[0]) % math.pi
        return min(d, math.pi - d) < near

    pairs = [(p, q) for p, q in itertools.combinations(lines, 2) if parallel(p, q)]
    best: tuple[float, list[Point]] | None = None
    meet = functools.cache(_meet)
    for (a, b), (c, d) in itertools.combinations(pairs, 2):
        if parallel(a, c):
            continue
        corners = [meet(a, c), meet(c, b), meet(b, d), meet(d, a)]
        if any(p is None for p in corners):
            continue
        quad = [p for p in corners if p is not None]
        if not all(
            -0.03 * edges.w <= x <= 1.03 * edges.w and -0.03 * edges.h <= y <= 1.03 * edges.h
            for x, y in quad
        ):
            continue
        quad = order_corners(quad)
        if not _plausible(quad, polygon_area(quad), (edges.w, edges.h)):
            continue
        along = list(
            zip(
                _sides_of(quad, (a, b, c, d)),
                zip(quad, quad[1:] + quad[:1], strict=True),
                strict=True,
            )
        )
        sides = [edges._side(line, p, q) for line, (p, q) in along]
        if min(sides) < EDGE_SUPPORT:
            continue
        score = _traced(sides)
        if best is not None and score <= best[0]:
            continue
        centre = (sum(x for x, _ in quad) / 4, sum(y for _, y in quad) / 4)
        if len({edges._brighter_in(line, p, q, centre) for line, (p, q) in along}) > 1:
            score -= EDGE_TURNED
        if best is None or score > best[0]:
            best = (score, quad)
    return best


def _photo(seed: int) -> Image.Image:
    """A card, turned a little, on a table with stripes and blotches, with lines of 'type'."""
    rng = random.Random(seed)
    w, h = 320, 240
    table = tuple(rng.randrange(40, 200) for _ in range(3))
    img = Image.new("RGB", (w, h), table)
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randrange(3, 9)):  # stripes and edges of other things: more lines
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = rng.randrange(w), rng.randrange(h)
        shade = tuple(max(0, v - rng.randrange(20, 60)) for v in table)
        draw.line((x0, y0, x1, y1), fill=shade, width=rng.randrange(2, 5))
    cx, cy = w / 2 + rng.uniform(-30, 30), h / 2 + rng.uniform(-20, 20)
    cw, ch = rng.uniform(120, 200), rng.uniform(70, 110)
    turn = math.radians(rng.uniform(-20, 20))

    def at(dx: float, dy: float) -> Point:
        return (
            cx + dx * math.cos(turn) - dy * math.sin(turn),
            cy + dx * math.sin(turn) + dy * math.cos(turn),
        )

    corners = [at(dx * cw / 2, dy * ch / 2) for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    draw.polygon(corners, fill=(235, 235, 228) if seed % 2 else (30, 40, 90))
    ink = (20, 20, 20) if seed % 2 else (240, 240, 240)
    for k in range(rng.randrange(2, 6)):  # lines of type, and a rule, along the card
        y = -ch / 3 + k * ch / 7
        x0, x1 = -cw / 3, rng.uniform(-cw / 10, cw / 3)
        draw.line([at(x0, y), at(x1, y)], fill=ink, width=rng.randrange(1, 4))
    return img


@pytest.mark.parametrize("seed", range(12))
def test_outline_as_before(seed: int) -> None:
    small = _photo(seed)
    edges = Edges(small)
    assert len(edges._settle(edges.lines())) >= 8  # enough lines for thousands of quads
    assert Edges(small).outline() == _outline_before(Edges(small))


def test_outline_finds_the_card() -> None:
    found = [Edges(_photo(seed)).outline() for seed in range(12)]
    assert sum(f is not None for f in found) >= 6  # the search has real work to do
    assert pp.EDGE_LINES >= 8


def _components_before(mask: Image.Image) -> list[list[pp.Run]]:
    """`components` as it was: a union-find over row runs in Python."""
    w = mask.width
    parent: list[int] = []
    runs: list[pp.Run] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    prev: list[int] = []
    for y, row in enumerate(pp._runs(mask)):
        cur = []
        for a, b in row:
            x0, x1 = a - y * w, b - y * w
            idx = len(runs)
            runs.append((y, x0, x1))
            parent.append(idx)
            for j in prev:
                _, p0, p1 = runs[j]
                if p0 <= x1 and x0 <= p1:
                    ra, rb = find(idx), find(j)
                    if ra != rb:
                        parent[ra] = rb
            cur.append(idx)
        prev = cur
    blobs: dict[int, list[pp.Run]] = {}
    for i, run in enumerate(runs):
        blobs.setdefault(find(i), []).append(run)
    return sorted(blobs.values(), key=lambda b: -sum(x1 - x0 for _, x0, x1 in b))


def _specks(seed: int, w: int = 97, h: int = 61) -> Image.Image:
    """Random specks, strokes, a spiral and blobs of equal size (ties in the order)."""
    rng = random.Random(seed)
    img = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randrange(20, 60)):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.rectangle(
            (x, y, x + rng.randrange(3), y + rng.randrange(3)), fill=rng.randrange(1, 256)
        )
    for _ in range(6):
        pts = [(rng.randrange(w), rng.randrange(h)) for _ in range(3)]
        draw.line(pts, fill=255, width=1)
    for k in range(4):  # four squares of one size: their order is the order they start in
        draw.rectangle((5 + 20 * k, 50 - 3 * k, 8 + 20 * k, 53 - 3 * k), fill=255)
    spiral = [(48 + r * math.cos(r / 3), 30 + r * math.sin(r / 3)) for r in range(2, 28)]
    draw.line(spiral, fill=200, width=1)  # a U-shape joined late: roots merge
    return img


@pytest.mark.parametrize("seed", range(20))
def test_components_as_before(seed: int) -> None:
    mask = _specks(seed)
    before = _components_before(mask)
    assert len(before) >= 5
    assert pp.components(mask) == before


def test_components_edge_cases() -> None:
    empty = Image.new("L", (9, 7), 0)
    full = Image.new("L", (9, 7), 255)
    diagonal = Image.new("L", (6, 6), 0)
    for k in range(6):
        diagonal.putpixel((k, 5 - k), 255)
    for mask in (empty, full, diagonal, _specks(0).convert("1")):
        assert pp.components(mask) == _components_before(mask)
