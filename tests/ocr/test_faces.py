"""Both faces of a bilingual card scanned into one image (issue 16): found, read apart, merged."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import Line, read_card, stack
from ocr.preprocess import card_faces, one_card_round

CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_fonts = pytest.mark.skipif(
    not (CJK.exists() and LATIN.exists()), reason="needs Noto Sans CJK and DejaVu Sans"
)
FACE = (1050, 600)  # a card's 85 x 48.5 mm at about 310 dpi
TABLE = (228, 228, 228)  # the scanner's lid

CHINESE = [  # (text, size, x, y)
    ("上海华联贸易有限公司", 40, 70, 60),
    ("王建国", 64, 70, 150),
    ("销售经理", 34, 70, 270),
    ("手机 138 1234 5678", 30, 70, 380),
    ("地址 上海市浦东新区世纪大道100号", 30, 70, 430),
]
ENGLISH = [
    ("Shanghai Hualian Trading Co., Ltd.", 36, 70, 60),
    ("Jianguo Wang", 56, 70, 150),
    ("Sales Manager", 32, 70, 270),
    ("Mobile +86 138 1234 5678", 30, 70, 380),
    ("jianguo.wang@hualian-trade.com", 30, 70, 430),
]


def face(
    lines: list[tuple[str, int, int, int]],
    paper: tuple[int, int, int] = (252, 250, 244),
    ink: tuple[int, int, int] = (30, 30, 30),
) -> Image.Image:
    img = Image.new("RGB", FACE, paper)
    draw = ImageDraw.Draw(img)
    for text, size, x, y in lines:
        han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        font = ImageFont.truetype(str(CJK if han else LATIN), size)
        draw.text((x, y), text, font=font, fill=ink)
    return img


def scan(faces: list[Image.Image], across: bool = True, gap: int = 40) -> Image.Image:
    """The faces on the scanner's lid, side by side (or one above the other), `gap` apart."""
    margin = 80
    w, h = FACE
    size = (2 * (margin + w) + gap, 2 * margin + h)
    if not across:
        size = (2 * margin + w, 2 * (margin + h) + gap)
    if len(faces) == 1:
        size = (2 * margin + w, 2 * margin + h)
    img = Image.new("RGB", size, TABLE)
    for i, one in enumerate(faces):
        at = (margin + i * (w + gap), margin) if across else (margin, margin + i * (h + gap))
        img.paste(one, at)
    return img


def jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


@needs_fonts
def test_two_faces_side_by_side_are_found_apart() -> None:
    img = scan([face(CHINESE), face(ENGLISH)])
    boxes = card_faces(img)
    assert boxes is not None and len(boxes) == 2
    left, right = sorted(boxes)
    seam = 80 + FACE[0] + 20  # the middle of the gap between the faces
    assert left[2] <= seam + 40 and right[0] >= seam - 40
    assert left[0] <= 80 + 70 and right[2] >= 80 + 2 * FACE[0] + 40 - 70


@needs_fonts
def test_two_faces_one_above_the_other_are_found_apart() -> None:
    img = scan([face(CHINESE), face(ENGLISH)], across=False)
    boxes = card_faces(img)
    assert boxes is not None and len(boxes) == 2
    top, bottom = sorted(boxes, key=lambda b: b[1])
    seam = 80 + FACE[1] + 20
    assert top[3] <= seam + 40 and bottom[1] >= seam - 40


@needs_fonts
def test_two_dark_faces_with_light_type_are_found_apart() -> None:
    # a maroon card printed in white and gold: its type is lighter than its paper, and so is
    # the lid between the two faces
    dark, light = (60, 22, 30), (245, 240, 235)
    img = scan([face(CHINESE, dark, light), face(ENGLISH, dark, light)], across=False)
    boxes = card_faces(img)
    assert boxes is not None and len(boxes) == 2
    top, bottom = sorted(boxes, key=lambda b: b[1])
    seam = 80 + FACE[1] + 20
    assert top[3] <= seam + 40 and bottom[1] >= seam - 40
    assert card_faces(scan([face(CHINESE, dark, light)])) is None
    assert card_faces(scan([face(ENGLISH, dark, light)])) is None


@needs_fonts
def test_a_single_card_with_two_columns_is_not_split() -> None:
    # blank down its middle, and blank between its top and bottom blocks: still one card
    lines = [(t, s, x, y) for t, s, x, y in CHINESE[:3]] + [
        (t, s, x + 560, y - 200) for t, s, x, y in ENGLISH[3:]
    ]
    assert card_faces(scan([face(lines)])) is None
    assert card_faces(scan([face(CHINESE)])) is None
    assert card_faces(scan([face(ENGLISH)])) is None


@needs_fonts
def test_a_single_card_on_a_lid_of_its_own_colour_is_not_split() -> None:
    img = face(CHINESE)
    frame = Image.new("RGB", (FACE[0] + 160, FACE[1] + 160), (252, 250, 244))
    frame.paste(img, (80, 80))
    assert card_faces(frame) is None


def test_stacked_faces_keep_each_face_below_the_last() -> None:
    first = [Line("王建国", (10, 20, 100, 40), 40.0), Line("销售经理", (10, 80, 100, 30), 30.0)]
    second = [Line("Jianguo Wang", (10, 30, 200, 40), 40.0)]
    lines = stack([first, second])
    assert lines[:2] == first  # the first face is left where it was read
    assert lines[2].box[1] >= 80 + 30 + 40  # below the first face's last line, a gap apart
    assert stack([first]) == first


@needs_fonts
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract binary")
def test_a_bilingual_card_scanned_front_and_back_keeps_the_chinese_face_and_both_contacts() -> None:
    result = read_card(jpeg(scan([face(CHINESE), face(ENGLISH)])))
    assert result.name == "王建国"
    assert result.company == "上海华联贸易有限公司"
    assert result.address is not None and result.address.startswith("上海市浦东新区")
    assert result.phone is not None and result.phone.e164 == "+8613812345678"
    assert len([p for p in result.phones if p.e164 == "+8613812345678"]) == 1  # once, not twice
    assert result.emails == ["jianguo.wang@hualian-trade.com"]


def test_each_field_is_taken_from_the_surer_reading() -> None:
    from ocr import CardResult, _surer

    faces = CardResult(name="Jianguo Wang", company="上海华联贸易有限公司", address=None)
    faces.confidence = {"name": 0.6, "company": 0.9}
    whole = CardResult(name="王建国", company="上海华联贸易", address="上海市浦东新区世纪大道100号")
    whole.confidence = {"name": 0.8, "company": 0.7, "address": 0.9}
    _surer(faces, whole)
    assert (faces.name, faces.company, faces.address) == (
        "王建国",
        "上海华联贸易有限公司",
        "上海市浦东新区世纪大道100号",
    )
    assert faces.confidence["name"] == 0.8


def test_the_chinese_form_is_kept_over_the_english_one_whichever_is_surer() -> None:
    from ocr import CardResult, _surer

    faces = CardResult(name="王建国", company="Hualian Trading")
    faces.confidence = {"name": 0.6, "company": 0.9}
    whole = CardResult(name="Jianguo Wang", company="华联贸易")
    whole.confidence = {"name": 0.95, "company": 0.5}
    _surer(faces, whole)
    assert (faces.name, faces.company) == ("王建国", "华联贸易")


@needs_fonts
def test_two_dark_faces_side_by_side_are_found_apart() -> None:
    # navy cards printed in white: the type is lighter than the paper, so no dark ink marks
    # the lines; the two pieces of paper apart on the lid still tell the faces
    def dark(lines: list[tuple[str, int, int, int]]) -> Image.Image:
        img = Image.new("RGB", FACE, (25, 35, 70))
        draw = ImageDraw.Draw(img)
        for text, size, x, y in lines:
            han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
            font = ImageFont.truetype(str(CJK if han else LATIN), size)
            draw.text((x, y), text, font=font, fill=(250, 250, 250))
        return img

    img = scan([dark(CHINESE), dark(ENGLISH)])
    boxes = card_faces(img)
    assert boxes is not None and len(boxes) == 2
    left, right = sorted(boxes)
    seam = 80 + FACE[0] + 20
    assert left[2] <= seam + 40 and right[0] >= seam - 40
    assert card_faces(scan([dark(CHINESE)])) is None  # one dark card is not cut


def test_a_slanted_card_halved_is_one_card_not_two_faces() -> None:
    # a photographed card at a slant: its bounding box halves into two card-shaped parts,
    # yet the one card outline found holds both halves' middles
    quad = [(171.0, 374.0), (1706.0, 108.0), (1955.0, 992.0), (341.0, 1305.0)]
    halves = [(68, 18, 1008, 1362), (1008, 18, 1950, 1362)]
    assert one_card_round(quad, halves)
    # two faces side by side: the outline found is one face's, the other's middle outside
    face_quad = [(113.0, 119.0), (1164.0, 119.0), (1164.0, 719.0), (122.0, 719.0)]
    faces = [(111, 111, 1186, 726), (1186, 111, 2261, 726)]
    assert not one_card_round(face_quad, faces)
    assert not one_card_round(None, faces)
