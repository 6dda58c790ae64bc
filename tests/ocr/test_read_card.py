"""read_card end to end on cards made by bench/cards.py (see fixtures/make.py)."""

from __future__ import annotations

import io
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import (
    CardPhone,
    CardResult,
    ImageRejected,
    Line,
    cut,
    latin_filled,
    latin_kept,
    read_card,
)
from ocr.engine import installed

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs the tesseract binary on PATH"
)
FIXTURES = Path(__file__).with_name("fixtures")
CJK_TC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # face 3: TC
CARDS = {  # file: (name, phone to call)
    "en_scan.jpg": ("Janice Clayton", "+447783378876"),
    "zh_scan.jpg": ("刘勇", "+8615073681930"),
    "photo.jpg": ("Mary Ramsey", "+15128580777"),
}


def read(name: str) -> CardResult:
    return read_card((FIXTURES / name).read_bytes())


@pytest.mark.parametrize("name", sorted(CARDS))
def test_reads_name_and_phone(name: str) -> None:
    result = read(name)
    want_name, want_phone = CARDS[name]
    assert result.name == want_name
    assert result.phone is not None and result.phone.e164 == want_phone
    assert result.phone.kind == "mobile" and result.phone.valid
    assert result.seconds > 0 and not result.is_empty()  # how fast: bench/ocr.py


def test_english_scan_in_full() -> None:
    result = read("en_scan.jpg")
    assert result.company == "Stokes-Baker"
    assert [p.kind for p in result.phones] == ["mobile", "office", "fax"]  # fax last
    assert result.emails and result.emails[0].endswith("@stephenson.co.uk")


def test_chinese_scan_in_full() -> None:
    result = read("zh_scan.jpg")
    assert result.company == "飞利信信息有限公司"
    assert result.title == "外贸业务员"
    assert result.address is not None and result.address.startswith("江西省")


def test_upside_down_card() -> None:
    upright = Image.open(FIXTURES / "en_scan.jpg")
    out = io.BytesIO()
    upright.rotate(180).save(out, "JPEG", quality=90)
    result = read_card(out.getvalue())
    assert result.name == "Janice Clayton"


def test_safe_to_run_in_threads() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(read, ["en_scan.jpg", "zh_scan.jpg"]))
    assert [r.name for r in results] == ["Janice Clayton", "刘勇"]


def test_languages_setting_is_accepted() -> None:
    assert read_card((FIXTURES / "en_scan.jpg").read_bytes(), languages="eng").name == (
        "Janice Clayton"
    )
    with pytest.raises(ImageRejected):
        read_card(b"not an image")


def test_a_line_running_into_the_crop_edge_means_the_crop_cut_the_card() -> None:
    inside = [Line("Julia Davis", (120, 80, 400, 40)), Line("+44 7549 496575", (120, 700, 380, 24))]
    assert not cut(inside, (1400, 800))
    assert cut([*inside, Line("2512 ext 6020", (0, 300, 210, 24))], (1400, 800))
    assert cut([*inside, Line("Glasgow G2", (900, 760, 300, 36))], (1400, 800))  # bottom edge


def test_the_edge_is_found_in_the_frame_the_engine_read_turned_a_quarter() -> None:
    # an 1400 x 800 crop read turned upright: lines run down to y = 1300, so the frame is
    # 800 wide, and a line ending at x = 796 touches its right edge (not so in 1400 x 800)
    turned = [Line("Julia Davis", (100, 100, 400, 40)), Line("Glasgow", (100, 1300, 300, 30))]
    assert not cut(turned, (1400, 800))
    assert cut([*turned, Line("+44 141 793 8791", (500, 600, 296, 24))], (1400, 800))


@pytest.mark.skipif(
    not {"chi_tra", "HanT"} & installed() or not CJK_TC.exists(),
    reason="needs Debian's tesseract-ocr-chi-tra and fonts-noto-cjk",
)
def test_a_hong_kong_card_is_read_in_traditional_characters() -> None:
    # the simplified models read 號 as 号 and 陳 as 陈: a +852 card is read again with chi_tra
    img = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(img)
    for (x, y), text, size in [
        ((60, 50), "陳嘉豪", 64),
        ((60, 175), "銷售經理", 34),
        ((60, 250), "永昌貿易有限公司", 40),
        ((60, 380), "手機 +852 9123 4567", 30),
        ((60, 430), "電郵 kelvin.chan@wingcheong.com.hk", 30),
        ((60, 480), "香港九龍彌敦道100號12樓", 30),
    ]:
        draw.text((x, y), text, font=ImageFont.truetype(str(CJK_TC), size, index=3), fill="black")
    out = io.BytesIO()
    img.save(out, "PNG")
    result = read_card(out.getvalue())
    assert result.name == "陳嘉豪"
    assert result.title == "銷售經理"
    assert result.address is not None and result.address.startswith("香港九龍彌敦道100號")


def test_the_traditional_reread_keeps_the_latin_lines_as_first_read() -> None:
    first = [
        Line("地址香港尖沙咀区轩尼诗道19号", (98, 729, 653, 53), 33.0, 0.69),
        Line("Unit 19, 4th Floor, Millennium City", (98, 778, 336, 29), 23.0, 0.95),
    ]
    again = [
        Line("地址香港尖沙咀區軒尼詩道19號", (98, 729, 653, 53), 33.0, 0.94),
        Line("Unit 19, 外 Floor, Millennium City", (98, 778, 336, 29), 23.0, 0.81),
        Line("Room 5", (98, 900, 100, 29), 23.0, 0.9),
    ]
    kept = latin_kept(again, first)
    assert kept[0] == again[0]  # the Chinese line takes the traditional reading
    assert kept[1] == first[1]  # the English line keeps the first one
    assert kept[2] == again[2]  # nothing first read there


def test_the_traditional_reread_takes_the_first_readings_email_it_misread() -> None:
    phone = CardPhone("+85259759498", "mobile", True, 0.92, "5975 9498")
    first = CardResult(
        name="刘志强",
        emails=["karen.lau@taylor-apparel.com"],
        website="www.taylor-apparel.com",
        phones=[phone],
        confidence={"name": 0.3, "email": 0.6, "website": 0.9, "phone": 0.92},
    )
    again = CardResult(name="劉志強", website="www.other.com", confidence={"name": 0.9})
    latin_filled(again, first)
    assert again.name == "劉志強"  # its own Chinese kept
    assert again.emails == ["karen.lau@taylor-apparel.com"] and again.confidence["email"] == 0.6
    assert again.website == "www.other.com"  # read by both: its own kept
    assert again.phones == [phone]
