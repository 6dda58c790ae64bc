"""Peak memory of one OCR run (`ocr.read_card`) on the largest images the limit allows.

    .venv/bin/python bench/image_memory.py [--limit-mb 128] [--out FILE]

Why: a 783 KB 16-bit RGBA PNG of 6300 x 6300 (39.7 megapixels, under the 40 MP limit) took one
OCR run to 746 MB. The limit is now on decoded bytes (width x height x channels x bytes per
channel, OCR_MAX_DECODED_MB), so this bench runs `read_card` on the largest image of each kind
the limit lets through, and on that 16-bit PNG, which must be refused before decoding.

Each image is written to a temporary file by this process, then read in a fresh subprocess
(`--child FILE`), which reports its RSS high-water mark (VmHWM from /proc/self/status) after
the imports and after the run: the difference is what the upload cost. Cards are a generated
business card (bench/cards.py) scaled up to the size, so the run goes through preprocessing and
Tesseract rather than stopping at "blank". JSON (`--out`): {"bench": "image_memory", "rows": [{case,
width, height, decoded_mb, outcome, seconds, base_mb, peak_mb, added_mb}]}.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script, this file's folder comes first on sys.path, and bench/ocr.py would hide `ocr`
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(path: str, limit_mb: int) -> None:
    from ocr import ImageRejected, read_card

    data = Path(path).read_bytes()
    base = _hwm_mb()
    started = time.perf_counter()
    try:
        result = read_card(data, max_decoded=limit_mb * 2**20)
        outcome = f"read: {result.name or '-'}"
    except ImageRejected as exc:
        outcome = f"refused: {exc.reason}"
    seconds = time.perf_counter() - started
    print(json.dumps({"outcome": outcome, "seconds": round(seconds, 2), "base_mb": round(base, 1),
                      "peak_mb": round(_hwm_mb(), 1)}))  # fmt: skip


def card(width: int, height: int, mode: str):  # type: ignore[no-untyped-def]
    """A generated business card (bench/cards.py, the OCR bench's), scaled to the size."""
    import random

    from faker import Faker
    from PIL import Image

    from bench.cards import make_card

    fake = Faker("en_GB")
    fake.seed_instance(14)
    _truth, _lo, hi, _layout, _font = make_card(random.Random(14), {"en_GB": fake}, "en_GB")
    return hi.resize((width, height), Image.Resampling.BILINEAR).convert(mode)


def png_16bit_rgba(width: int, height: int, content: bool) -> bytes:
    """A 16-bit RGBA PNG written by hand (Pillow saves 8 bits a channel at most)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + payload))
        return struct.pack(">I", len(payload)) + kind + payload + crc

    packer = zlib.compressobj(6)
    body = []
    if content:
        import numpy as np

        pixels = np.asarray(card(width, height, "RGBA"), dtype=">u2") * 257
        for row in pixels:
            body.append(packer.compress(b"\0" + row.tobytes()))
    else:
        row = b"\0" + bytes(width * 8)
        body = [packer.compress(row) for _ in range(height)]
    body.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(body))
            + chunk(b"IEND", b""))  # fmt: skip


def encoded(width: int, height: int, mode: str, fmt: str) -> bytes:
    out = io.BytesIO()
    card(width, height, mode).save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def cases(limit: int) -> list[tuple[str, int, int, int, bytes]]:
    """(name, width, height, decoded bytes, file): the largest allowed of each kind, the bomb."""
    from ocr.image import MAX_PIXELS

    def side(per_pixel: int) -> int:
        most = min(limit // per_pixel, MAX_PIXELS)
        return int(most**0.5)

    rgba, rgb, deep = side(4), side(3), side(8)
    return [
        ("largest allowed 8-bit RGBA PNG", rgba, rgba, rgba * rgba * 4,
         encoded(rgba, rgba, "RGBA", "PNG")),
        ("largest allowed 8-bit RGB PNG", rgb, rgb, rgb * rgb * 3, encoded(rgb, rgb, "RGB", "PNG")),
        ("largest allowed 16-bit RGBA PNG", deep, deep, deep * deep * 8,
         png_16bit_rgba(deep, deep, content=True)),
        ("6300x6300 16-bit RGBA PNG (the issue's case)", 6300, 6300, 6300 * 6300 * 8,
         png_16bit_rgba(6300, 6300, content=False)),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit-mb", type=int, default=None, help="OCR_MAX_DECODED_MB")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from ocr.image import MAX_DECODED_BYTES

    limit_mb = args.limit_mb or MAX_DECODED_BYTES // 2**20
    if args.child:
        child(args.child, limit_mb)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="image_memory_") as folder:
        for name, width, height, decoded, data in cases(limit_mb * 2**20):
            path = Path(folder) / "upload"
            path.write_bytes(data)
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            run = subprocess.run(
                [sys.executable, __file__, "--child", str(path), "--limit-mb", str(limit_mb)],
                capture_output=True, text=True, check=True, env=env, timeout=600,
            )  # fmt: skip
            measured = json.loads(run.stdout.strip().splitlines()[-1])
            row = {"case": name, "width": width, "height": height, "file_kb": len(data) // 1024,
                   "decoded_mb": round(decoded / 2**20, 1), **measured,
                   "added_mb": round(measured["peak_mb"] - measured["base_mb"], 1)}  # fmt: skip
            rows.append(row)
            print(f"{name}: {width}x{height}, {row['file_kb']} KB file, {row['decoded_mb']} MiB "
                  f"decoded -> {row['outcome']} in {row['seconds']} s; peak RSS "
                  f"{row['peak_mb']} MB ({row['base_mb']} MB after imports, +{row['added_mb']})",
                  flush=True)  # fmt: skip
    result = {"bench": "image_memory", "limit_mb": limit_mb, "rows": rows}
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
