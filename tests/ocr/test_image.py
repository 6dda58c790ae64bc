"""Upload limits: every refusal has its reason, and bombs are refused before decoding."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from ocr import ImageRejected
from ocr.image import MAX_BYTES, MAX_DECODED_BYTES, REASONS, decoded_bytes, load_image


def encode(img: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def text_card(size: tuple[int, int] = (600, 350)) -> Image.Image:
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((40, 40), "Jane Smith  +44 20 7946 0958", fill="black")
    return img


def png_claiming(width: int, height: int, depth: int = 8, colour: int = 2) -> bytes:
    """A few hundred bytes whose header claims width x height pixels (colour 2: RGB, 6: RGBA)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def reason(data: bytes) -> str:
    with pytest.raises(ImageRejected) as caught:
        load_image(data)
    assert caught.value.reason in REASONS
    return caught.value.reason


def test_not_an_image() -> None:
    assert reason(b"%PDF-1.7 this is a document") == "not_image"
    assert reason(b"") == "not_image"


def test_corrupt_and_truncated() -> None:
    jpeg = encode(text_card(), "JPEG", quality=90)
    assert reason(jpeg[: len(jpeg) // 2]) == "corrupt"
    png = encode(text_card())
    assert reason(png[:-200]) == "corrupt"


def test_too_many_bytes() -> None:
    assert reason(b"\xff\xd8" + b"\0" * MAX_BYTES) == "too_large"


def test_decompression_bombs_are_refused_from_the_header() -> None:
    assert reason(png_claiming(50_000, 50_000)) == "too_many_pixels"  # Pillow's own limit
    assert reason(png_claiming(8_000, 6_000)) == "too_many_pixels"  # ours: 40 megapixels


def test_decoded_memory_is_limited_before_decoding() -> None:
    """39.7 MP passes the pixel limit, but 16-bit RGBA makes it 318 MB to decode: refused."""
    assert reason(png_claiming(6300, 6300, depth=16, colour=6)) == "too_much_memory"
    assert reason(png_claiming(6300, 6300, depth=8, colour=6)) == "too_much_memory"  # 159 MB
    # 8-bit RGB of the same size (119 MB) is allowed: it gets as far as decoding the bad data
    assert reason(png_claiming(6300, 6300, depth=8, colour=2)) == "corrupt"


def test_decoded_bytes_count_channels_and_their_depth() -> None:
    def opened(data: bytes) -> Image.Image:
        return Image.open(io.BytesIO(data))

    assert decoded_bytes(opened(png_claiming(100, 50, depth=16, colour=6))) == 100 * 50 * 4 * 2
    assert decoded_bytes(opened(png_claiming(100, 50, depth=8, colour=2))) == 100 * 50 * 3
    assert decoded_bytes(opened(png_claiming(100, 50, depth=16, colour=0))) == 100 * 50 * 2


def test_the_memory_limit_is_a_setting() -> None:
    card = encode(text_card((1000, 600)).convert("RGBA"))  # 2.4 MB decoded
    with pytest.raises(ImageRejected, match="too_much_memory"):
        load_image(card, max_decoded=2_000_000)
    assert load_image(card, max_decoded=MAX_DECODED_BYTES).size == (1000, 600)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO"])
def test_only_jpeg_png_and_webp_are_read(fmt: str) -> None:
    assert reason(encode(text_card((256, 200)), fmt)) == "unsupported_format"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_cards_load(fmt: str) -> None:
    assert load_image(encode(text_card(), fmt)).size == (600, 350)


def test_too_small() -> None:
    assert reason(encode(text_card((180, 120)))) == "too_small"
    assert reason(encode(text_card((600, 90)))) == "too_small"


def test_blank() -> None:
    assert reason(encode(Image.new("RGB", (800, 500), "white"))) == "blank"
    grey = Image.new("RGB", (1200, 800), (128, 128, 128))
    assert reason(encode(grey, "JPEG", quality=40)) == "blank"


def test_a_card_loads_upright_on_white() -> None:
    img = load_image(encode(text_card()))
    assert img.mode == "RGB" and img.size == (600, 350)
    # stored sideways, EXIF says "rotate 90° clockwise to display"
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways = text_card().transpose(Image.Transpose.ROTATE_90)
    assert load_image(encode(sideways, "JPEG", exif=exif)).size == (600, 350)
    # black type on a transparent background must not come out black on black
    clear = Image.new("RGBA", (600, 350), (0, 0, 0, 0))
    ImageDraw.Draw(clear).text((40, 40), "Jane Smith", fill=(0, 0, 0, 255))
    loaded = load_image(encode(clear))
    assert loaded.getpixel((5, 5)) == (255, 255, 255)


def test_rejections_carry_a_stable_reason() -> None:
    with pytest.raises(ValueError, match="unknown reason"):
        ImageRejected("sad")
    exc = ImageRejected("blank", "stddev 0.1")
    assert exc.reason == "blank" and "stddev" in str(exc)
