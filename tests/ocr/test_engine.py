"""Pure helpers of the Tesseract stage: line grouping and choosing among readings."""

from __future__ import annotations

from dataclasses import replace

from ocr.engine import (
    Word,
    _agreed,
    _clear_of,
    _reads_better,
    _spelled,
    _type_sized,
    _whole,
    fit_to_ink,
    join_row_pieces,
    reread_sizes,
    romanised,
    to_lines,
)
from ocr.extract import Line


def word(text: str, left: int, top: int, width: int, height: int) -> Word:
    return Word(text, left, top, width, height, 0.9, (1, 1, 1))


def test_chinese_line_is_not_split_by_ragged_word_boxes() -> None:
    # chi_sim boxes 市 as 20 px and 梁平 as 36 px on one line of 9-point type
    words = [
        word("兴城", 545, 678, 74, 36),
        word("市", 627, 689, 26, 20),
        word("梁平", 676, 678, 58, 36),
    ]
    assert [ln.text.replace(" ", "") for ln in to_lines(words)] == ["兴城市梁平"]


def test_latin_type_of_another_size_is_another_column() -> None:
    words = [word("Sales", 100, 100, 80, 20), word("Manager", 210, 100, 120, 40)]
    assert len(to_lines(words)) == 2


def test_agreed_reading_beats_a_surer_outlier() -> None:
    readings = [("赵傅", 0.85), ("赵倩", 0.8), ("赵倩", 0.7)]
    assert _agreed(readings) == ("赵倩", 0.8)


def test_agreed_ignores_spacing_and_empty_readings() -> None:
    assert _agreed([("", 0.9), ("副总 裁", 0.7), ("副总裁", 0.88)]) == ("副总裁", 0.88)
    assert _agreed([("", 0.9)]) is None


def test_crop_padding_stops_at_the_next_piece_on_the_row() -> None:
    line = Line("地址山西省", (164, 755, 196, 34), 33.0)
    right = Line("汕尾市", (391, 750, 360, 40), 33.0)
    below = Line("传真", (164, 820, 300, 34), 33.0)
    assert _clear_of(line, [line, right, below], 144, 380) == (144, 380)
    assert _clear_of(line, [line, right, below], 144, 420) == (144, 389)


def test_pieces_of_a_chinese_row_become_one_line() -> None:
    rows = [
        Line("地址 : 河北省张家港市黄浦区", (91, 796, 533, 66), 44.0, 0.94),
        Line("ABB 7N 安明", (628, 801, 122, 42), 24.0, 0.65),
        Line("7N", (628, 829, 37, 14), 14.0, 0.82),  # a speck inside the piece above
        Line("路 863 号", (756, 793, 152, 58), 44.0, 0.94),
        Line("传真 (0571) 7442 4452", (91, 562, 438, 48), 43.0, 0.95),
    ]
    joined = join_row_pieces(rows)
    assert [ln.text for ln in joined] == [
        "传真 (0571) 7442 4452",
        "地址 : 河北省张家港市黄浦区 ABB 7N 安明 路 863 号",
    ]
    assert joined[1].box == (91, 793, 817, 69)


def test_a_labelled_piece_beside_a_line_stays_apart() -> None:
    rows = [
        Line("同兴万点网络有限公司", (100, 100, 400, 44), 44.0),
        Line("邮箱 a@b.cn", (520, 100, 300, 44), 44.0),
    ]
    assert len(join_row_pieces(rows)) == 2


def test_a_name_then_the_next_columns_international_number() -> None:
    words = [
        word("Glen", 109, 252, 116, 43),
        word("Barrett,", 248, 253, 205, 61),
        word("PhD?ie:", 479, 260, 165, 50),
        word("+44", 658, 271, 52, 22),
        word("(0)7447", 722, 272, 101, 27),
    ]
    assert [ln.text for ln in to_lines(words)] == ["Glen Barrett, PhD?ie:", "+44 (0)7447"]


def test_a_descender_does_not_make_a_word_a_name_in_large_type() -> None:
    words = [
        word("67363", 96, 616, 100, 35),
        word("Smith", 210, 616, 100, 35),
        word("Crossroad", 320, 616, 200, 35),
        word("Apt.", 540, 616, 100, 45),
        word("114", 661, 625, 69, 32),
    ]
    assert [ln.text for ln in to_lines(words)] == ["67363 Smith Crossroad Apt. 114"]


def test_a_place_with_descenders_then_its_postcode_stays_one_line() -> None:
    # 'Singapore' is taller than '687466' only by its descenders: the same type, one line
    words = [word("Singapore", 65, 435, 106, 23), word("687466", 179, 436, 78, 17)]
    assert [ln.text for ln in to_lines(words)] == ["Singapore 687466"]
    words = [
        word("Minato-ku,", 111, 757, 150, 34),
        word("Tokyo", 271, 757, 94, 34),
        word("106-0032", 380, 758, 130, 26),
    ]
    assert [ln.text for ln in to_lines(words)] == ["Minato-ku, Tokyo 106-0032"]


def test_a_logo_mark_read_as_letters_before_a_wordmark_is_its_own_line() -> None:
    # a square mark taller than the wordmark, reaching above and below it, close beside it
    words = [word("YR", 107, 101, 88, 105), word("Yongxin", 232, 133, 209, 51)]
    words.append(word("Realty", 464, 133, 161, 51))
    assert [ln.text for ln in to_lines(words)] == ["YR", "Yongxin Realty"]
    words = [word("A", 86, 80, 91, 90), word("Axix", 205, 102, 96, 55)]
    assert [ln.text for ln in to_lines(words)] == ["A", "Axix"]
    # a capital in larger type that stands on the same line is a drop cap or a name's start
    words = [word("J", 100, 90, 40, 70), word("Smith", 150, 104, 150, 56)]
    assert [ln.text for ln in to_lines(words)] == ["J Smith"]


def test_the_cards_own_romanisation_chooses_among_readings() -> None:
    lines = [
        Line("Qian Zhao"),
        Line("E-mail: qian.zhao@hongruisibo.com.cn"),
        Line("www.hongruisibo.com.cn"),
    ]
    spellings = romanised(lines)
    assert {"qianzhao", "zhaoqian", "hongruisibo"} <= spellings
    # the surer but wrong reading loses to the one the pinyin spells
    assert _spelled([("赵傅", 0.85), ("赵倩", 0.6), ("赵倩", 0.5)], spellings) == ("赵倩", 0.6)
    # a company named like its domain: the start of the reading
    readings = [("鸿窒思博科技有限公司", 0.9), ("鸿睿思博科技有限公司", 0.8)]
    assert _spelled(readings, spellings) == ("鸿睿思博科技有限公司", 0.8)
    # nothing spelled: the readings are left to agree among themselves
    assert _spelled([("销售经理", 0.9)], spellings) is None
    assert _spelled([("赵傅", 0.9)], set()) is None
    # homophones: the spelled readings agree among themselves, the surest does not win alone
    readings = [("刘凤英", 0.77), ("刘风英", 0.89), ("刘凤英", 0.72)]
    assert _spelled(readings, {"liufengying"}) == ("刘凤英", 0.77)


def test_generic_mail_hosts_are_not_a_companys_spelling() -> None:
    assert romanised([Line("lili.zhou@163.com")]) == {"lilizhou", "zhoulili"}


def test_a_repeated_character_read_once_comes_back_from_the_spelling() -> None:
    readings = [("周 丽", 0.46), ("周丽", 0.5)]
    doubled = _spelled(readings, {"zhoulili", "lilizhou"})
    assert doubled is not None and doubled[0] == "周丽丽"
    as_read = _spelled(readings, {"zhouli"})  # spelled as read: left alone
    assert as_read is not None and as_read[0].replace(" ", "") == "周丽"
    assert _spelled([("王丽", 0.5)], {"zhoulili"}) is None  # another name altogether


def test_a_lines_box_shrinks_to_its_ink() -> None:
    # Tesseract boxed two characters of 68 px type as 138 px tall, down into the title
    line = Line("全髓", (631, 272, 134, 138), 138.0, 0.61)
    inks = [(624, 308, 152, 68), (616, 418, 168, 42), (500, 100, 300, 50)]
    fitted = fit_to_ink(line, inks)
    assert fitted.box == (631, 308, 134, 68)
    assert fitted.height == 68.0
    snug = Line("财务主管", (616, 418, 168, 42), 42.0, 0.96)
    assert fit_to_ink(snug, inks) == snug


def test_a_missing_model_is_read_with_its_stand_in() -> None:
    from ocr.engine import _STAND_INS, _languages, installed

    langs = _languages("eng+HanS")
    assert langs[0] == "eng"
    assert langs[1] in installed() and langs[1] in ("HanS", _STAND_INS["HanS"])


def test_a_line_holding_two_stacked_rows_is_cut_into_them() -> None:
    # Tesseract numbered both rows of a slightly tilted photo as one line
    words = [
        word("Technical", 300, 560, 120, 30),
        word("Director", 430, 562, 110, 30),
        word("WeChat:", 300, 612, 100, 30),
        word("15943865131", 410, 614, 160, 30),
    ]
    assert [ln.text for ln in to_lines(words)] == ["Technical Director", "WeChat: 15943865131"]


def test_one_row_of_mixed_sizes_stays_one_line() -> None:
    words = [word("Zhao", 100, 100, 80, 40), word("Qian", 190, 104, 80, 36)]
    assert [ln.text for ln in to_lines(words)] == ["Zhao Qian"]


def test_a_chinese_line_read_surely_and_whole_is_not_read_again() -> None:
    name = Line("黄彬军", (80, 100, 150, 50), 50.0, 0.93)
    assert _whole(name, name)
    # ink beside a short line is the next field (a title set close), not more of the name
    assert _whole(name, Line("黄彬军", (80, 100, 300, 50), 50.0, 0.93))
    # a long line whose ink goes on was cut short: read it again, whole
    address = Line("地址上海市徐汇区张江路506号", (80, 300, 500, 30), 30.0, 0.92)
    assert not _whole(address, Line(address.text, (80, 300, 700, 30), 30.0, 0.92))
    assert _whole(address, address)
    assert not _whole(Line("南京华信食品", (80, 100, 150, 50), 50.0, 0.8), name)  # unsure


def test_a_long_chinese_line_is_read_again_at_fewer_sizes() -> None:
    # names and titles are short and get every size to agree on; an address is long, and
    # the montage's cost grows with it
    assert len(reread_sizes("黄彬军")) == 3
    assert len(reread_sizes("销售总监")) == 3
    assert len(reread_sizes("上海市徐汇区张江路506号")) == 2
    assert len(reread_sizes("上海云帆企业管理咨询有限公司")) == 2
    assert len(reread_sizes("huang.binjun@example.cn")) == 1  # Latin: one size, as before


def test_specks_are_not_lines_worth_reading_again() -> None:
    inks = [(0, 0, 300, 34)] * 5 + [(0, 0, 40, 80)]
    assert _type_sized(Line("洗", (428, 297, 66, 13), 13.0, 0.0), inks)
    assert not _type_sized(Line("eee", (811, 797, 329, 2), 2.0, 0.4), inks)
    assert not _type_sized(Line("i", (1321, 37, 8, 7), 7.0, 0.59), inks)


def test_a_page_read_twice_in_one_card_is_read_once(monkeypatch) -> None:
    from PIL import Image, ImageDraw

    from ocr import engine, tessapi

    calls: list[tuple[str, int]] = []
    real_tsv = tessapi.tsv

    def counted(img, language, psm, variables) -> str:  # the real Tesseract, counted
        calls.append((language, psm))
        return real_tsv(img, language, psm, variables)

    monkeypatch.setattr(tessapi, "tsv", counted)
    page = Image.new("L", (360, 60), 255)
    ImageDraw.Draw(page).text((10, 10), "Sales Manager", fill=0, font_size=32)
    other = page.rotate(180)
    with engine.one_card():
        first = engine.ocr_words(page, "eng")
        again = engine.ocr_words(page.copy(), "eng")
        engine.ocr_words(page, "HanS")  # another model
        engine.ocr_words(page, "eng", psm=6)  # another mode
        engine.ocr_words(other, "eng")  # another image
    assert first == again and " ".join(w.text for w in first) == "Sales Manager"
    assert calls == [("eng", 11), ("HanS", 11), ("eng", 6), ("eng", 11)]
    engine.ocr_words(page, "eng")  # outside a card nothing is kept
    assert len(calls) == 5


def test_a_sideways_card_is_turned_to_where_most_is_read() -> None:
    # a portrait crop of a card photographed sideways: unturned, Tesseract reads a few specks
    # about as surely as it reads the whole card turned a quarter
    card = [word("Customer Service Supervisor", 10, 10, 300, 20)] * 6
    specks = [replace(word("oO", 10, 10, 30, 20), confidence=0.92)] * 2
    assert _reads_better(card, specks, portrait=True)
    assert not _reads_better(specks, card, portrait=True)
    # upside down, a card reads as much as upright: only a surer reading wins
    assert not _reads_better(card, specks, portrait=False)


def test_a_card_read_without_chinese_votes_its_orientation_with_the_latin_model() -> None:
    from ocr.engine import vote_model

    langs = ["eng", "HanS"]
    latin_only = [word("Sales", 100, 100, 80, 20), word("Manager", 190, 100, 120, 20)]
    assert vote_model(langs, latin_only) == "eng"
    # Chinese on the page: the Latin model cannot tell upright Chinese
    assert vote_model(langs, [*latin_only, word("经理", 100, 140, 40, 20)]) == "HanS"
    # nothing read: nothing says the card is Latin
    assert vote_model(langs, []) == "HanS"
    assert vote_model(["eng"], latin_only) == "eng"
    assert vote_model(["HanS"], latin_only) == "HanS"


def test_a_word_taller_only_by_its_descender_stays_on_the_line() -> None:
    # 'Toriq' is boxed 32 px tall for the 22 px of 'Co.' beside it: its q hangs below the line
    words = [word("Toriq", 140, 604, 93, 32), word("Co.", 256, 607, 50, 22)]
    assert [ln.text for ln in to_lines(words)] == ["Toriq Co."]


def test_a_chinese_rereading_does_not_break_the_email_the_page_read_whole(monkeypatch) -> None:
    from PIL import Image

    from ocr import engine

    name = Line("董志辉", (10, 10, 150, 50), 50.0, 0.95)
    mail = Line("电邮 zhihuid@antai-edu.com.cn", (10, 100, 400, 20), 20.0, 0.55)
    title = Line("采购主管", (10, 150, 120, 20), 20.0, 0.5)
    broken = {mail.text: "电邮 : zh ihuid@anta i-edu .com.cn", title.text: "采购主管"}

    def reread(img, todo, *args, **kwargs):
        return [replace(line, text=broken[line.text], confidence=0.8) for line in todo]

    monkeypatch.setattr(engine, "reread", reread)
    monkeypatch.setattr(engine, "_corrected", lambda img, line, *a: line)
    page = Image.new("L", (600, 200), 255)
    lines = engine._reread_lines(page, [name, mail, title], ["eng", "HanS"])
    assert "zhihuid@antai-edu.com.cn" in [ln.text for ln in lines][1]
    assert lines[2].confidence == 0.8  # a line without an address takes the second reading
    assert engine.lost_address("W www.antai-edu.com.cn", "W www. antai-edu.com.cn")
    assert not engine.lost_address("电邮 a.b@c-d.cn", "电邮：a.b@c-d.cn")
    assert not engine.lost_address("销售总监", "销售总监")


def test_a_latin_word_of_the_next_line_does_not_replace_a_house_number() -> None:
    from ocr.engine import merge_scripts

    def han_word(text: str, left: int, top: int, width: int, height: int, conf: float) -> Word:
        return Word(text, left, top, width, height, conf, (10, 1, 1))

    # chi_sim reads the address whole; its number's box is taller than the glyphs beside it
    chinese = [
        han_word("珠江路", 700, 836, 96, 31, 0.97),
        han_word("1310", 795, 828, 59, 45, 0.92),
        han_word("号", 868, 837, 29, 30, 0.93),
    ]
    # eng made nothing of the Chinese, and read the English line under it surely
    latin = [
        Word("13105832F", 752, 835, 271, 32, 0.0, (3, 1, 1)),
        Word("Medical", 780, 875, 104, 23, 0.96, (4, 1, 1)),
    ]
    merged = merge_scripts(chinese, latin)
    assert [w.text for w in merged] == ["珠江路", "1310", "号"]
    # a Latin word on the run's own row still replaces what chi_sim made of it
    run = [han_word("zh", 100, 100, 20, 20, 0.5), han_word("ihuid@anta", 125, 100, 100, 20, 0.5)]
    mail = Word("zhihuid@antai-edu.com.cn", 100, 101, 240, 19, 0.9, (5, 1, 1))
    assert [w.text for w in merge_scripts(run, [mail])] == [mail.text]
