"""Would telling the rep "the photo is blurred" name why fields are asked? Fields read by blur.

    .venv/bin/python bench/photo_blur.py --splits tune2,tune3,tune4,tune5 [--out FILE]

For every photo of the independent card splits given: a no-reference blur measure on the card
as Tesseract is handed it (after `ocr.preprocess.prepare`, so the type is at one height
whatever the photo's size), the blur the generator applied (its record, `effects`), and the
share of the card's fields `ocr.read_card` gets right. Printed: fields right by blur band and by
the generator's record, per photo size, and how well a threshold on the measure finds the photos
the generator blurred. Bench tool only: the product has no blur measure (see the finding in
`ocr/image.py` beside SMALL_PHOTO_SIDE).

The measure is Crété-Roffet et al.'s "blur effect" (2007): blur the image again with a wide
box filter; the share of neighbour-to-neighbour variation that survives says how blurred it
already was (0 sharp, 1 flat).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.ocr import SET_FIELDS, _set_cards, _set_read, _set_right, _set_truth  # noqa: E402
from ocr import read_card  # noqa: E402
from ocr.image import load_image  # noqa: E402
from ocr.preprocess import MAX_SIDE, prepare  # noqa: E402

BANDS = (0.0, 0.22, 0.26, 0.30, 0.35, 1.01)
WIDTH = 11  # the re-blur's box, in pixels of the prepared card


def blur_effect(gray: np.ndarray, width: int = WIDTH) -> float:
    """The larger of the horizontal and vertical blur effects: 0 sharp, towards 1 blurred."""
    a = gray.astype(np.float64)
    worst = 0.0
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (width // 2, width // 2)
        sums = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis)
        sums = np.insert(sums, 0, 0.0, axis=axis)
        n = a.shape[axis]
        reblurred = (sums.take(range(width, width + n), axis=axis)
                     - sums.take(range(n), axis=axis)) / width  # fmt: skip
        d_own = np.abs(np.diff(a, axis=axis))
        d_again = np.abs(np.diff(reblurred, axis=axis))
        total = d_own.sum()
        if total:
            worst = max(worst, float((total - np.maximum(0, d_own - d_again).sum()) / total))
    return worst


def blurred_by_generator(effects: dict) -> str:
    """The generator's record, in words: heavy blur is a defocus of 0.8 px or a 3 px smear."""
    if effects.get("defocus", 0) >= 0.8:
        return "defocus"
    if effects.get("motion_blur", 0) >= 3:
        return "motion"
    return "light" if effects.get("defocus") or effects.get("motion_blur") else "sharp"


def measure(splits: list[str]) -> list[dict]:
    rows = []
    for split in splits:
        made, _ = _set_cards("indep", split, 60)
        for card in made:
            if card["kind"] != "photo":
                continue
            data = Path(card["image"]).read_bytes()
            prepared = prepare(load_image(data, longest=MAX_SIDE))
            result = read_card(data)
            wanted = [(f, w) for f in SET_FIELDS if (w := _set_truth(card["truth"], f))]
            rows.append({
                "split": split, "size": card["size"],
                "blur": round(blur_effect(np.asarray(prepared.image)), 4),
                "generator": blurred_by_generator(card["effects"]),
                "right": sum(_set_right(f, w, _set_read(result, f)) for f, w in wanted),
                "fields": len(wanted),
            })  # fmt: skip
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def report(rows: list[dict]) -> None:
    def share(group: list[dict]) -> str:
        right, total = sum(r["right"] for r in group), sum(r["fields"] for r in group)
        return f"{len(group):3d} photos, fields right {right / total:.3f}" if total else "-"

    for sizes in (("640",), ("1280", "12MP")):
        of_size = [r for r in rows if r["size"] in sizes]
        print(f"photos of {' and '.join(sizes)}")
        for lo, hi in pairwise(BANDS):
            band = [r for r in of_size if lo <= r["blur"] < hi]
            if band:
                print(f"  blur {lo:.2f}-{min(hi, 1):.2f}: {share(band)}")
        by_record: dict[str, list[dict]] = defaultdict(list)
        for r in of_size:
            by_record[r["generator"]].append(r)
        for record, group in sorted(by_record.items()):
            print(f"  generator {record:8s}: {share(group)}")
        heavy = [r for r in of_size if r["generator"] in ("defocus", "motion")]
        for limit in BANDS[2:-1]:
            flagged = [r for r in of_size if r["blur"] >= limit]
            hits = sum(r["generator"] in ("defocus", "motion") for r in flagged)
            print(
                f"  blur >= {limit:.2f} flags {len(flagged)}: {hits} blurred by the generator "
                f"(of {len(heavy)})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="tune2,tune3,tune4,tune5")
    parser.add_argument("--out", type=Path, help="write the per-photo rows as JSON here")
    args = parser.parse_args(argv)
    rows = measure(args.splits.split(","))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
