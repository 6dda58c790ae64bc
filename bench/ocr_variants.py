"""Preprocessing variants against each other on one kind of photo: fields right, lines read, CPU.

    .venv/bin/python bench/ocr_variants.py --split tune237 --split tune238 \
        [--size 640] [--variant base --variant smooth ...]

For every photo of the independent splits given (of the sizes given; 640 by default, the
photos Tesseract reads worst), each variant prepares the image, Tesseract reads it
(`engine.recognise`) and the extraction runs on the lines; printed per photo and summed: fields
right, the share of printed lines read (`bench/ocr_stages.coverage`) and CPU seconds (not wall:
the machine is shared). No whole-frame retry, two faces or traditional re-read (`read_card`'s
extras): the variants differ in preprocessing only. Bench tool only: nothing here is used by
the product. Each photo's fields swing by one or two with small changes to its image, so a
variant needs a few dozen photos to tell apart from `base`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.ocr import _set_cards  # noqa: E402
from bench.ocr_stages import coverage, fields_right  # noqa: E402
from ocr import engine  # noqa: E402
from ocr import preprocess as pp  # noqa: E402
from ocr.extract import extract_fields  # noqa: E402
from ocr.image import load_image  # noqa: E402


def _prepare(
    img: Image.Image,
    target: float = pp.BODY_HEIGHT,
    upscale: Image.Resampling = Image.Resampling.BICUBIC,
    pre: Callable[[Image.Image], Image.Image] | None = None,
) -> pp.Prepared:
    """`pp.prepare` with its knobs open: body type height, upscaling filter, a filter on the
    card's grey image before it is scaled."""
    img = pp.downscale(img)
    quad = pp.find_card(img)
    plain = pp.plain_border(img)
    if quad is not None:
        img = pp.warp(img, quad)
    gray = img.convert("L")
    if pre is not None:
        gray = pre(gray)
    factor = pp.CARD_WIDTH / max(gray.size)
    if abs(max(gray.size) - pp.CARD_WIDTH) >= 0.05 * pp.CARD_WIDTH:
        size = (round(gray.width * factor), round(gray.height * factor))
        gray = gray.resize(size, Image.Resampling.LANCZOS if factor < 1 else upscale)
    gray, inverted = pp.light_paper(gray)
    gray = pp.flatten_light(gray)
    gray = ImageOps.autocontrast(gray, cutoff=(0.5, 0.2))
    if quad is None:
        gray = pp.deskewed(gray)
    gray = pp.normalise_text_height(gray, target)
    return pp.Prepared(gray, quad is not None, inverted, plain)


def _blur(radius: float) -> Callable[[Image.Image], Image.Image]:
    return lambda gray: gray.filter(ImageFilter.GaussianBlur(radius))


VARIANTS: dict[str, Callable[[Image.Image], pp.Prepared]] = {
    "base": pp.prepare,
    "lanczos": lambda img: _prepare(img, upscale=Image.Resampling.LANCZOS),
    "body44": lambda img: _prepare(img, target=44),
    "smooth": lambda img: _prepare(img, pre=_blur(0.5)),
    "smooth07": lambda img: _prepare(img, pre=_blur(0.7)),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", action="append", required=True)
    ap.add_argument("--size", action="append", help="640, 1280, 12MP (default 640)")
    ap.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    ap.add_argument("--n", type=int, default=60)
    args = ap.parse_args()
    sizes, names = args.size or ["640"], args.variant or ["base", "smooth"]
    total = {name: [0, 0, 0.0, 0.0] for name in names}
    for split in args.split:
        made, printed = _set_cards("indep", split, args.n)
        for card, lines_printed in zip(made, printed, strict=True):
            if card["kind"] != "photo" or card["size"] not in sizes:
                continue
            img = load_image(Path(card["image"]).read_bytes(), longest=pp.MAX_SIDE)
            row = []
            for name in names:
                started = time.process_time()
                prepared = VARIANTS[name](img)
                lines = engine.recognise(prepared.image, "eng+HanS", invert=prepared.inverted)
                result = extract_fields(lines, "CN")
                cpu = time.process_time() - started
                right, fields, _ = fields_right(card, result)
                read = coverage(lines_printed, lines)
                for k, v in enumerate((right, fields, read, cpu)):
                    total[name][k] += v
                row.append(f"{name} {right}/{fields} lines {read:.2f} {cpu:.1f}s")
            print(f"{split} {Path(card['image']).name:28} " + " | ".join(row), flush=True)
    for name, (right, fields, read, cpu) in total.items():
        print(f"{name:10} fields {right}/{fields} = {right / max(1, fields):.3f}"
              f"  lines read (sum) {read:.2f}  CPU {cpu:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
