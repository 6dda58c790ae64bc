"""Loading an uploaded photo safely: refuse what we cannot or should not read, before decoding.

Every refusal is an `ImageRejected` with a machine-readable `reason`; the bot turns the reason
into a polite message, so the set of reasons is part of the interface.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageFile, ImageOps, ImageStat, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# What decoding may cost: width x height x channels x bytes per channel. Pixels alone let a
# 783 KB 16-bit RGBA PNG of 6300x6300 (39.7 MP) through, and one OCR run of it took 746 MB.
MAX_DECODED_BYTES = 128 * 1024 * 1024  # OCR_MAX_DECODED_MB; a 40 MP JPEG (120 MB) still fits
# The formats phones and scanners send. Opening only these keeps Pillow's other parsers (TIFF,
# PSD, ICNS, ...) away from uploads; anything else is refused by name, never decoded.
FORMATS = ("JPEG", "PNG", "WEBP")
MIN_LONG_SIDE, MIN_SHORT_SIDE = 200, 100
# A card photo whose long side is under this many pixels is read, but its body type is only
# 5-7 px tall: on the independent card set Tesseract reads 0.30 of such photos' fields (0.84 at
# 1280 px) and PP-OCR about half (0.98), so the rep is told that a larger photo reads better.
SMALL_PHOTO_SIDE = 1000
# Blur is not named the same way: on 101 photos of 1,000 px and more (bench/photo_blur.py,
# tune2-tune5), the 17 a blur measure flags (15 of them blurred by the generator) read 0.66 of
# their fields against 0.77 for the sharpest, too small a gap for a hint to name the reason.
BLANK_STDDEV = 4.0  # grey levels; a card with even one line of type is far above this
BLANK_RANGE = 24  # grey levels between the 0.05 % and 99.95 % quantiles

REASONS = frozenset({
    "not_image", "unsupported_format", "corrupt", "too_large", "too_many_pixels",
    "too_much_memory", "too_small", "blank",
})  # fmt: skip


class ImageRejected(ValueError):
    """The upload cannot be read as a card; `reason` says why in one stable word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def open_checked(data: bytes) -> ImageFile.ImageFile:
    """Open lazily and check size limits from the header, so a bomb is never decoded."""
    if len(data) > MAX_BYTES:
        raise ImageRejected("too_large", f"{len(data)} bytes, limit {MAX_BYTES}")
    if not data:
        raise ImageRejected("not_image", "empty upload")
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit; ours is lower and checked just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise ImageRejected("too_many_pixels", str(exc)) from exc
    except UnidentifiedImageError as exc:
        other = _other_format(data)
        if other:
            raise ImageRejected("unsupported_format", other) from exc
        raise ImageRejected("not_image", "not a format Pillow recognises") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("corrupt", str(exc)) from exc
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise ImageRejected("too_many_pixels", f"{width}x{height}")
    if width <= 0 or height <= 0:
        raise ImageRejected("corrupt", f"{width}x{height}")
    return img


def _other_format(data: bytes) -> str:
    """The name of an image format we do not take (for the refusal), from its header alone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as other:
                return str(other.format or "")
    except Exception:  # not an image at all, however broken
        return ""


def decoded_bytes(img: ImageFile.ImageFile) -> int:
    """What decoding `img` at its current size takes: width x height x channels x bytes each.

    The bytes per channel come from the file's raw mode (a 16-bit PNG says "RGBA;16B"), since
    Pillow reports such an image as plain 8-bit RGBA before it is decoded.
    """
    raw = str(img.tile[0][3]) if img.tile and isinstance(img.tile[0][3], str) else img.mode
    if img.mode in ("I", "F"):
        depth = 4
    elif ";16" in raw or img.mode.startswith("I;16"):
        depth = 2
    else:
        depth = 1
    return img.width * img.height * len(img.getbands()) * depth


def decode(
    img: ImageFile.ImageFile, longest: int | None = None, max_decoded: int = MAX_DECODED_BYTES
) -> Image.Image:
    """Decode fully, upright per EXIF, as RGB on white (transparent PNGs would read as black).

    With `longest`, a big JPEG is decoded at a reduced scale (JPEG's own 1/2, 1/4 or 1/8, never
    below `longest`): a 4000-px photo then decodes at 2000 px in half the time and needs no
    resampling after, and nothing beyond `longest` pixels is used anyway. The memory limit is
    checked after that reduction and before anything is decoded.
    """
    try:
        if longest and img.format == "JPEG" and max(img.size) > longest:
            factor = longest / max(img.size)
            img.draft("RGB", (round(img.width * factor), round(img.height * factor)))
    except (OSError, ValueError) as exc:
        raise ImageRejected("corrupt", str(exc)) from exc
    if decoded_bytes(img) > max_decoded:
        raise ImageRejected(
            "too_much_memory", f"{decoded_bytes(img)} bytes decoded, limit {max_decoded}"
        )
    try:
        img.load()
        ImageOps.exif_transpose(img, in_place=True)  # not a copy: it doubled a big photo's peak
    except Image.DecompressionBombError as exc:
        raise ImageRejected("too_many_pixels", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise ImageRejected("corrupt", str(exc)) from exc
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # pasted through its own alpha onto white: one RGB copy, not three RGBA ones
        rgba = img if img.mode == "RGBA" else img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return img if img.mode == "RGB" else img.convert("RGB")  # no second copy of a big photo


def check_content(img: Image.Image) -> None:
    """Refuse thumbnails and near-uniform pictures: OCR on them only produces noise."""
    long_side, short_side = max(img.size), min(img.size)
    if long_side < MIN_LONG_SIDE or short_side < MIN_SHORT_SIDE:
        raise ImageRejected("too_small", f"{img.width}x{img.height}")
    small = img.convert("L")
    small.thumbnail((800, 800))
    stddev = ImageStat.Stat(small).stddev[0]
    hist = small.histogram()
    total = sum(hist)
    lo, hi = _quantile(hist, total * 0.0005), _quantile(hist, total * 0.9995)
    if stddev < BLANK_STDDEV and hi - lo < BLANK_RANGE:
        raise ImageRejected("blank", f"stddev {stddev:.1f}, range {hi - lo}")


def _quantile(hist: list[int], count: float) -> int:
    seen = 0
    for level, n in enumerate(hist):
        seen += n
        if seen > count:
            return level
    return len(hist) - 1


def load_image(
    data: bytes, longest: int | None = None, max_decoded: int = MAX_DECODED_BYTES
) -> Image.Image:
    """Bytes from Telegram to an upright RGB image, or `ImageRejected`."""
    img = decode(open_checked(data), longest, max_decoded)
    check_content(img)
    return img
