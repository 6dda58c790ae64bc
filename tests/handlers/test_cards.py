"""Business cards through the chat: a photo becomes a lead; bad images get a clear answer."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.fields import format_phone
from tests.conftest import BotProcess

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed (make setup installs it)"
)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def card_png() -> bytes:
    """A plain, flat business card."""
    image = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONT, 64), ImageFont.truetype(FONT, 34)
    draw.text((70, 70), "Daniel Fischer", font=big, fill="black")
    draw.text((70, 160), "Purchasing Manager", font=small, fill="black")
    draw.text((70, 220), "Nordlicht Handel GmbH", font=small, fill="black")
    draw.text((70, 360), "Mobile: +49 151 2345 6789", font=small, fill="black")
    draw.text((70, 420), "Email: d.fischer@nordlicht.example", font=small, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png(width: int, height: int, colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 50_000, height: int = 50_000, depth: int = 8, colour: int = 2) -> bytes:
    """A tiny file whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def gif() -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(card_png())).save(out, "GIF")
    return out.getvalue()


def test_a_gif_and_a_16_bit_png_are_refused_in_chinese(bot: BotProcess, new_user_id: int) -> None:
    bot.set_role(new_user_id, "rep")
    li = bot.client.user(new_user_id, first_name="娜", language_code="zh-hans")
    li.send_photo(gif(), as_document=True, file_name="card.gif")
    assert "只能读取 JPEG、PNG 和 WebP" in li.wait_for("WebP", timeout=30).text
    li.send_photo(bomb_png(6300, 6300, depth=16, colour=6), as_document=True, file_name="d.png")
    assert "色深" in li.wait_for("色深", timeout=30).text


def test_a_card_photo_becomes_a_lead(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    replies = rep.send_photo(card_png())
    assert "Reading the card" in replies[0].text
    found = rep.wait_for("Here is what I read", timeout=30).text
    assert "Daniel Fischer" in found and format_phone("+4915123456789", "en") in found
    # the summary, or the first doubtful field to confirm (after the message naming them all)
    rep.wait_for(re.compile("Please check the lead|Current answer"))
    while "Please check the lead" not in (rep.last.text or ""):
        rep.press("Keep current")
    rep.press("Save")
    contact_id = int(re.search(r"Saved as #(\d+)", rep.wait_for("Saved as #").text).group(1))
    record = next(r for r in map(json.loads, bot.cli("export").stdout.splitlines())
                  if r["id"] == contact_id)  # fmt: skip
    assert record["source"] == "card" and record["phone"] == "+4915123456789"
    assert record["email"] == "d.fischer@nordlicht.example"
    shown = rep.send(f"/view {contact_id}")
    assert shown[0].photo is not None and "business card" in shown[0].text
    # a photo of ordinary size reads well: the rep is not told to take another
    assert not any("photo is small" in (m.text or "") for m in rep.messages)


def small(data: bytes, width: int = 640) -> bytes:
    """The photo as a phone's low-resolution setting or a forwarded thumbnail gives it."""
    image = Image.open(io.BytesIO(data))
    out = io.BytesIO()
    image.resize((width, round(width * image.height / image.width))).save(out, "JPEG", quality=80)
    return out.getvalue()


def test_a_small_photo_is_read_and_the_rep_told_why_fields_are_asked(
    bot: BotProcess,
    rep,  # type: ignore[no-untyped-def]
) -> None:
    rep.send_photo(small(card_png()))
    assert "Daniel Fischer" in rep.wait_for("Here is what I read", timeout=30).text
    rep.wait_for("Please check")  # the title, read unsurely at this size
    assert "closer to the card, or sent as a file" in rep.wait_for("photo is small").text


def test_a_small_photo_with_nothing_readable_asks_for_a_larger_one(
    bot: BotProcess, new_user_id: int
) -> None:
    bot.set_role(new_user_id, "rep")
    li = bot.client.user(new_user_id, first_name="娜", language_code="zh-hans")
    picture = Image.new("RGB", (640, 400), (200, 190, 170))  # shapes, no print
    draw = ImageDraw.Draw(picture)
    for i in range(6):
        draw.ellipse((40 + 90 * i, 100, 110 + 90 * i, 170), fill=(30 * i, 80, 120))
    out = io.BytesIO()
    picture.save(out, "PNG")
    li.send_photo(out.getvalue(), as_document=True, file_name="card.png")
    assert "以文件形式发送" in li.wait_for("照片太小", timeout=30).text


@pytest.mark.parametrize(
    ("data", "name", "answer"),
    [
        (b"this is not an image at all", "card.jpg", "not an image"),
        (card_png()[: len(card_png()) // 2], "broken.png", "damaged"),
        (png(60, 40), "tiny.png", "too small"),
        (png(1200, 700), "blank.png", "looks blank"),
        (bomb_png(), "bomb.png", "too many pixels"),
        (bomb_png(6300, 6300, depth=16, colour=6), "deep.png", "too big to open"),
        (gif(), "card.gif", "only JPEG, PNG and WebP"),
    ],
)
def test_bad_images_get_a_clear_answer_and_change_nothing(
    bot: BotProcess,
    rep,
    data: bytes,
    name: str,
    answer: str,  # type: ignore[no-untyped-def]
) -> None:
    rep.send("/new")
    rep.send("Keep Me")
    rep.send_photo(data, as_document=True, file_name=name)
    assert answer in rep.wait_for(answer, timeout=30).text
    assert "Type the lead instead" in rep.last.button_texts
    rep.send("/back")  # the draft is untouched: still at the phone question with the name kept
    assert "Full name" in rep.last.text and "Keep Me" in rep.last.text


def test_a_card_while_a_lead_is_open_asks_and_never_mixes_two_people(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    """QA 46 #18 and #3: typed answers are not replaced unasked; the open lead is saved first
    on request, and the card then starts from an empty draft."""
    rep.send("/new")
    rep.send("Qian Duoduo")
    rep.send_photo(card_png(), wait=False)
    asked = rep.wait_for("I won't mix the two", timeout=30)
    assert "Qian Duoduo" in asked.text and "Daniel Fischer" in asked.text
    assert "not complete" in asked.text  # a name alone cannot be saved yet
    assert asked.button_texts == ["🗑 Discard it, use the card", "↩️ Keep it, ignore the photo"]
    rep.press("Keep it, ignore the photo")
    assert "ignored the photo" in rep.wait_for("ignored").text
    assert "Current answer: Qian Duoduo" in rep.send("/back")[-1].text  # still the typed name
    rep.send("Qian Duoduo")
    rep.send("+86 138 0013 8000")
    for _ in range(3):
        rep.send("/skip")
    rep.send("Met at the fair")  # notes: not to reach the card's lead
    assert "Please check the lead" in rep.last.text
    rep.send_photo(card_png(), wait=False)
    asked = rep.wait_for("I won't mix the two", timeout=30)
    assert asked.button_texts[0] == "💾 Save it first"
    rep.press("Save it first")
    saved = rep.wait_for("Saved as #").text
    assert "Qian Duoduo" in saved
    found = rep.wait_for("Here is what I read", timeout=30).text
    assert "Daniel Fischer" in found and "Met at the fair" not in found and "Qian" not in found
    record = next(r for r in map(json.loads, bot.cli("export").stdout.splitlines())
                  if r["id"] == int(re.search(r"#(\d+)", saved).group(1)))  # fmt: skip
    assert record["name"] == "Qian Duoduo" and record["notes"] == "Met at the fair"
    assert record.get("company") is None and record["source"] == "manual"

    li = bot.client.user(new_user_id + 300_000, first_name="娜", language_code="zh-hans")
    bot.set_role(li.id, "rep")
    li.send("/new")
    li.send("钱多多")
    li.send_photo(card_png(), wait=False)
    asked = li.wait_for("两者不会混在一起", timeout=30)
    assert "钱多多" in asked.text and asked.button_texts[0] == "🗑 放弃它，改用名片"
    li.press("放弃它，改用名片")
    found = li.wait_for("我在名片上识别到", timeout=30).text
    assert any("已放弃那条线索" in (m.text or "") for m in li.messages)
    assert "Daniel Fischer" in found and "钱多多" not in found
