"""Which stage of reading a photographed card went wrong, per photo of an independent split.

    .venv/bin/python bench/ocr_stages.py --split tune [--oracle] [--only NAME ...]

For each photo (scans with --scans): was the card found (worst corner's error as a share of
the card's diagonal, against the corners the generator used, recorded while the split is
generated again into a scratch folder), which way up the warped card came out, the body type's
height after preprocessing, and how much of the printed text Tesseract read (share of printed
lines found in the OCR lines, fuzzy ratio >= 80), fields right through the full pipeline, and
with --oracle the same reading from the true corners, turned upright: what a perfect crop and
rotation would give. Bench tool only: nothing here is used by the product.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from bench import indep_cards  # noqa: E402
from bench.ocr import SET_FIELDS, _set_read, _set_right, _set_truth  # noqa: E402
from ocr import engine, read_card  # noqa: E402
from ocr.extract import extract_fields, simplified  # noqa: E402
from ocr.image import load_image  # noqa: E402
from ocr.preprocess import MAX_SIDE, downscale, find_card, prepare, text_height, warp  # noqa: E402


def generate_with_corners(split: str, n: int, out: Path) -> list[dict]:
    """The split's cards, each photo with the frame corners of the card (TL, TR, BR, BL of
    the card itself) in `effects["corners"]`."""
    path = out / "cards.json"
    if path.exists():
        return json.loads(path.read_text())
    m = indep_cards
    orig_photo, orig_coeffs, orig_paste = m.make_photo, m._perspective_coeffs, Image.Image.paste
    seen: dict = {}

    def coeffs(dst, src):
        seen["local"] = dst
        return orig_coeffs(dst, src)

    def paste(self, im, box=None, mask=None):
        if mask is im and isinstance(im, Image.Image) and im.mode == "RGBA":
            seen["xy"] = box
        return orig_paste(self, im, box, mask)

    def photo(card, rng, out_size, work_size):
        seen.clear()
        img, fx = orig_photo(card, rng, out_size, work_size)
        fx_ = out_size[0] / work_size[0]
        x0, y0 = seen["xy"]
        fx["corners"] = [((x + x0) * fx_, (y + y0) * fx_) for x, y in seen["local"]]
        return img, fx

    m.make_photo, m._perspective_coeffs, Image.Image.paste = photo, coeffs, paste
    try:
        made = m.generate(m.SPLITS[split], n, out)
    finally:
        m.make_photo, m._perspective_coeffs, Image.Image.paste = orig_photo, orig_coeffs, orig_paste
    path.write_text(json.dumps(made, ensure_ascii=False))
    return made


def corner_error(found: list | None, want: list) -> tuple[float, int]:
    """Worst corner's distance / diagonal over the best cyclic matching, and the shift: how
    many quarter turns clockwise the warped card is from upright (0 = upright)."""
    if found is None:
        return 1.0, -1
    best = (math.inf, 0)
    for k in range(4):
        worst = max(math.dist(found[j], want[(j + k) % 4]) for j in range(4))
        best = min(best, (worst, k))
    return best[0] / math.dist(want[0], want[2]), best[1]


def norm(text: str) -> str:
    """One script for Chinese (項目經理 read as 项目经理 is the line found, not lost)."""
    text = unicodedata.normalize("NFKC", text)
    if re.search(r"[\u4e00-\u9fff]", text):
        text = simplified(text)
    return re.sub(r"[\s,.;:]+", "", text.casefold())


def coverage(printed: list[dict], lines: list) -> float:
    """Share of the printed lines that some OCR line (or two joined) reads nearly right."""
    got = [norm(ln.text) for ln in lines]
    joined = " ".join(got)
    wants = [norm(p["text"]) for p in printed if norm(p["text"])]
    hit = 0
    for want in wants:
        if any(fuzz.ratio(want, g) >= 80 for g in got) or (
            len(want) >= 4 and fuzz.partial_ratio(want, joined) >= 90
        ):
            hit += 1
    return hit / max(1, len(wants))


def fields_right(card: dict, result) -> tuple[int, int, list[str]]:
    right = total = 0
    wrong = []
    for field in SET_FIELDS:
        want = _set_truth(card["truth"], field)
        if want is None:
            continue
        total += 1
        ok = _set_right(field, want, _set_read(result, field))
        right += ok
        if not ok:
            wrong.append(field)
    return right, total, wrong


def oracle_lines(img: Image.Image, corners: list) -> list:
    """Warp with the true corners (card upright), then the pipeline's own preprocessing."""
    from ocr import preprocess

    card = warp(img, corners)
    saved = preprocess.find_card
    preprocess.find_card = lambda _img: None
    try:
        prepared = prepare(card)
    finally:
        preprocess.find_card = saved
    return engine.recognise(prepared.image, "eng+HanS")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="tune")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--scans", action="store_true")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = Path("/tmp/ocr_stages") / f"{args.split}-{args.n}"
    made = generate_with_corners(args.split, args.n, out)
    printed_lines = json.loads(
        (ROOT / "bench" / "out" / f"indep-{args.split}-{args.n}" / "lines.json").read_text()
    )
    rows = []
    tot = {"r": 0, "t": 0, "or": 0}
    for card, printed in zip(made, printed_lines, strict=True):
        name = Path(card["image"]).name
        if args.only and not any(o in name for o in args.only):
            continue
        if card["kind"] != "photo" and not args.scans:
            continue
        data = Path(card["image"]).read_bytes()
        img = downscale(load_image(data, longest=MAX_SIDE))
        fx = card["effects"]
        if card["kind"] == "photo":
            k = img.width / Image.open(card["image"]).width
            want = [(x * k, y * k) for x, y in fx["corners"]]
            err, turn = corner_error(find_card(img), want)
        else:
            want, err, turn = [], 0.0, 0
        prepared = prepare(img)
        th = text_height(prepared.image)
        started = time.perf_counter()
        lines = engine.recognise(prepared.image, "eng+HanS")
        secs = time.perf_counter() - started
        cov = coverage(printed, lines)
        result = read_card(data)
        r, t, wrong = fields_right(card, result)
        row = {
            "name": name,
            "size": card["size"],
            "surface": fx.get("surface", "-"),
            "rot": fx.get("rotation", 0),
            "err": round(err, 3),
            "turn": turn,
            "cropped": prepared.cropped,
            "img": prepared.image.size,
            "th": th,
            "cov": round(cov, 2),
            "right": f"{r}/{t}",
            "wrong": wrong,
            "secs": round(secs, 2),
            "effects": sorted(k for k in fx if k not in ("corners", "surface", "rotation")),
        }
        tot["r"] += r
        tot["t"] += t
        if args.oracle and want:
            olines = oracle_lines(img, want)
            row["ocov"] = round(coverage(printed, olines), 2)
            orr, _, _ = fields_right(card, extract_fields(olines, "CN"))
            row["oright"] = f"{orr}/{t}"
            tot["or"] += orr
        rows.append(row)
        print(
            f"{name:28} {row['size']:5} {row['surface']:6} rot {row['rot']:7.1f} "
            f"err {row['err']:.3f} turn {turn:2d} th {th or 0:5.1f} img {row['img']} "
            f"cov {cov:.2f} {row['right']}"
            + (f" oracle cov {row['ocov']:.2f} {row['oright']}" if "ocov" in row else "")
            + f" {secs:.1f}s {' '.join(row['effects'])} wrong={','.join(wrong)}",
            flush=True,
        )
    print(f"fields right {tot['r']}/{tot['t']} = {tot['r'] / max(1, tot['t']):.3f}", end="")
    if args.oracle:
        print(f"; with the true crop {tot['or']}/{tot['t']} = {tot['or'] / max(1, tot['t']):.3f}")
    else:
        print()
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
