"""Confidence rules that ask the rep when the card's own evidence says a name was misread."""

from __future__ import annotations

from ocr import CardResult, Line, extract_fields
from ocr.extract import (
    at_top_edge,
    columns_run_in,
    face_unread,
    fuller_name_misread,
    fuller_name_unread,
    glued_unconfirmed,
    han_legal_name_unread,
    latin_name_of_chinese_firm,
    place_mended,
    place_misread,
    unsure_han_line,
    vietnamese_marks,
)

CONFIDENT = 0.8  # bot/cards.py: at least this sure is not shown to the rep


def rows(*spec: tuple[str, float, float]) -> list[Line]:
    """Lines top to bottom, each (text, type height, the reader's confidence)."""
    lines, top = [], 40
    for text, height, sure in spec:
        lines.append(
            Line(text, (60, top, int(len(text) * height * 0.55), int(height)), height, sure)
        )
        top += int(height * 1.6)
    return lines


def chinese_card(firm_confidence: float) -> list[Line]:
    return rows(
        ("武汉运景教育科技有限公司", 60, firm_confidence),
        ("张萱", 80, 0.99),
        ("销售经理", 30, 0.99),
        ("手机：138 1234 5678", 28, 0.99),
    )


def test_a_chinese_firm_read_unsure_is_asked() -> None:
    assert unsure_han_line(Line("武汉运景教育科技有限公司", confidence=0.78))
    assert not unsure_han_line(Line("武汉远景教育科技有限公司", confidence=0.97))
    assert extract_fields(chinese_card(0.78), "CN").confidence["company"] < CONFIDENT
    assert extract_fields(chinese_card(0.97), "CN").confidence["company"] >= CONFIDENT


def test_a_firm_at_the_top_edge_of_the_frame_is_asked() -> None:
    def frame(top: int) -> list[Line]:
        return [
            Line("必都安泰汽车零部件有限公司", (274, top, 556, 117), 94.0, 0.95),
            Line("马家", (81, 131 + top, 251, 145), 116.0, 0.99),
            Line("行政助理", (340, 186 + top, 174, 78), 62.0, 0.99),
            Line("手机：+8615249275021", (97, 610 + top, 411, 62), 50.0, 0.99),
        ]

    assert at_top_edge(frame(0)[0]) and not at_top_edge(frame(20)[0])
    assert extract_fields(frame(0), "CN").confidence["company"] < CONFIDENT
    assert extract_fields(frame(20), "CN").confidence["company"] >= CONFIDENT


def test_two_columns_read_as_one_line_are_asked() -> None:
    assert columns_run_in("Wong Wai Kit, Kelvin | Riverbend Solutions Ltd")
    assert columns_run_in("深圳 F-mail* 青禾 xilioanovnnoAnNninahata, 教育科技有限公司")
    assert not columns_run_in("TCL科技集团股份有限公司")
    assert not columns_run_in("Riverbend Solutions Ltd")
    lines = rows(
        ("Wong Wai Kit, Kelvin | Riverbend Solutions Ltd", 40, 0.93),
        ("Sales Manager", 30, 0.95),
        ("kelvin.wong@riverbend.com", 28, 0.95),
    )
    assert extract_fields(lines, "HK").confidence["company"] < CONFIDENT


def test_a_name_word_glued_from_a_scrap_is_asked_unless_the_email_spells_it() -> None:
    # "Mei" read as "ei": joined to the word before it like wide letter spacing's "Kim berly"
    assert glued_unconfirmed(
        "Vincent Cheungei Yee", "Vincent Cheung ei Yee", ["meiyee.cheung@netvigator.com"]
    )
    assert glued_unconfirmed("Kimberly Lee", "Kim berly Lee", [])
    assert not glued_unconfirmed("Kimberly Lee", "Kim berly Lee", ["kimberly.lee@abc.com"])
    assert not glued_unconfirmed("Vincent Cheung", "Vincent Cheung", [])

    def card(name: str) -> list[Line]:
        return rows(
            ("Thomas Interiors", 60, 0.94),
            (name, 44, 0.97),
            ("Store Manager", 29, 0.96),
            ("M +852 6015 0065", 24, 0.95),
            ("meiyee.cheung@netvigator.com", 24, 0.9),
        )

    assert extract_fields(card("Vincent Cheung ei Yee"), "HK").confidence["name"] < CONFIDENT
    assert extract_fields(card("Vincent Cheung Mei Yee"), "HK").confidence["name"] >= CONFIDENT


def test_a_firm_whose_longer_name_elsewhere_was_misread_is_asked() -> None:
    def card(small_print: str) -> list[Line]:
        return rows(
            ("Pedrero Abogados", 49, 0.93),
            ("Ornella Carducci", 62, 0.96),
            ("Manager", 39, 0.95),
            ("Mob: +34 627 835 862", 35, 0.9),
            ("ornella.carducci@pedrero-abogados.com", 30, 0.9),
            (small_print, 31, 0.9),
        )

    assert fuller_name_unread("Pedrero Abogados", 0, card("Pedrero Abogados S$..."))
    assert not fuller_name_unread("Pedrero Abogados", 0, card("www.pedrero-abogados.com"))
    misread = extract_fields(card("Pedrero Abogados S$..."), "ES")
    assert misread.company == "Pedrero Abogados" and misread.confidence["company"] < CONFIDENT
    assert extract_fields(card("Calle Mayor 4, Madrid"), "ES").confidence["company"] >= CONFIDENT


def test_a_wordmark_whose_legal_name_below_was_read_badly_is_asked() -> None:
    # "Harwick Ledger" as the wordmark and "Hanwiek Ladger Pvy Lié" in doubtful small print:
    # the same words' first letters and lengths, then more — the firm's full name, misread
    def card(small_print: str, sure: float = 0.7) -> list[Line]:
        return rows(
            ("Harwick Ledger", 49, 0.99),
            ("Dana Whitlow", 62, 0.98),
            ("Mob: +61 412 555 018", 35, 0.9),
            (small_print, 31, sure),
        )

    assert fuller_name_misread("Harwick Ledger", 0, card("Hanwiek Ladger Pvy Lié"))
    assert not fuller_name_misread("Harwick Ledger", 0, card("Hanwiek Ladger Pvy Lié", 0.95))
    assert not fuller_name_misread("Harwick Ledger", 0, card("Level 3, 88 Pitt Street"))
    assert not fuller_name_misread("Harwick Ledger", 0, card("Harbour Lane Sydney"))
    misread = extract_fields(card("Hanwiek Ladger Pvy Lié"), "AU")
    assert misread.company == "Harwick Ledger" and misread.confidence["company"] < CONFIDENT


def test_a_latin_name_beside_a_chinese_firm_is_asked() -> None:
    # a bilingual card whose Chinese face gave the firm but not the person: the English form
    # of the name is not the one the Chinese side prints
    firm = "武汉远景化工有限公司"
    assert latin_name_of_chinese_firm(CardResult(name="ZHANG Leixue", company=firm))
    assert not latin_name_of_chinese_firm(CardResult(name="张垒学", company=firm))
    assert not latin_name_of_chinese_firm(
        CardResult(name="ZHANG Leixue", company="Wuhan Yuanjing Chemical Co., Ltd.")
    )


def test_a_chinese_firm_whose_city_is_one_character_off_the_cards_is_asked() -> None:
    def card(firm: str) -> list[Line]:
        return rows(
            (firm, 53, 0.95),
            ("杨玉苇", 60, 0.97),
            ("高级工程师", 30, 0.95),
            ("手机：176 3689 0464", 24, 0.95),
            ("地址：上海市长宁区漕溪北路700号", 28, 0.95),
        )

    address = "上海市长宁区漕溪北路700号"
    assert place_misread("十海永信企业管理咨询有限公司", address, [])
    assert not place_misread("上海永信企业管理咨询有限公司", address, [])
    assert not place_misread("永信企业管理咨询有限公司", address, [])
    misread = extract_fields(card("十海永信企业管理咨询有限公司"), "CN")
    assert misread.confidence["company"] < CONFIDENT
    right = extract_fields(card("上海永信企业管理咨询有限公司"), "CN")
    assert right.confidence["company"] >= CONFIDENT


def test_a_chinese_firms_city_one_character_off_the_cards_is_the_cards_city() -> None:
    address = "北京市朝阳区中关村大街405号"
    assert place_mended("北妹德润包装材料有限公司", address, []) == "北京德润包装材料有限公司"
    assert place_mended("北京德润包装材料有限公司", address, []) == "北京德润包装材料有限公司"
    assert place_mended("东方德润包装材料有限公司", address, []) == "东方德润包装材料有限公司"
    assert place_mended("北妹德润包装材料有限公司", None, []) == "北妹德润包装材料有限公司"
    # a word of its own starts a real firm's name: 北方 is no misread 北京
    assert place_mended("北方德润包装材料有限公司", address, []) == "北方德润包装材料有限公司"
    lines = rows(
        ("北妹德润包装材料有限公司", 53, 0.95),
        ("杨玉苇", 60, 0.97),
        ("手机：176 3689 0464", 24, 0.95),
        (f"地址：{address}", 28, 0.95),
    )
    result = extract_fields(lines, "CN")
    assert result.company == "北京德润包装材料有限公司"
    assert result.confidence["company"] < CONFIDENT


def test_a_misread_city_is_mended_before_characters_before_the_brand_are_dropped() -> None:
    """ "北妹德润…" in a box taller than its type, beside derunpack.com: the two characters
    before the brand (德润, derun) are the card's city misread, not a logo's scraps to drop."""
    address = "北京市朝阳区中关村大街405号"
    lines = rows(
        ("北妹德润包装材料有限公司", 53, 0.95),
        ("杨玉苇", 60, 0.97),
        ("手机：176 3689 0464", 24, 0.95),
        ("邮箱：yang@derunpack.com", 24, 0.95),
        (f"地址：{address}", 28, 0.95),
    )
    firm = lines[0]
    lines[0] = Line(firm.text, (*firm.box[:3], 110), firm.height, firm.confidence)
    result = extract_fields(lines, "CN")
    assert result.company == "北京德润包装材料有限公司"
    assert result.confidence["company"] < CONFIDENT


def test_a_legal_form_misread_as_a_short_word_asks_for_the_firm() -> None:
    """The wordmark "NORTHWIND ENERGY" and the small print "Northwind Energy pic" (plc): the
    firm's full name was printed and misread, so the wordmark alone is asked."""
    card = rows(
        ("NORTHWIND ENERGY", 36, 0.94),
        ("GILLIAN GILBERT", 54, 0.95),
        ("Civil Engineer", 35, 0.96),
        ("gillian@northwind-energy.com", 28, 0.9),
        ("Northwind Energy pic", 25, 0.82),
    )
    assert fuller_name_unread("NORTHWIND ENERGY", 0, card)
    wider = rows(("Northwind Energy", 36, 0.94), ("Northwind Energy Solutions", 25, 0.9))
    assert not fuller_name_unread("Northwind Energy", 0, wider)
    assert extract_fields(card, "GB").confidence["company"] < CONFIDENT


def test_a_face_read_as_scraps_is_unread() -> None:
    """A two-sided card whose one face came out as scraps: the names the other face gives
    are asked, as the unread face may print the ones the rep wants."""
    scraps = rows(("PU Red", 65, 0.22), ("SS", 39, 0.31), ("VN: :el", 36, 0.22), ("是 =e", 37, 0.2))
    read = rows(("Shengshi Logistics", 43, 0.94), ("Kaigui Deng", 64, 0.94), ("Tel: 1", 28, 0.2))
    assert face_unread(scraps)
    assert not face_unread(read)


def test_a_chinese_wordmark_beside_its_legal_name_read_poorly_is_asked() -> None:
    woven = "六 “北京地 Emall: 机址 ; 新北京 ;139 4759 锐 cheng@xin 家具有西组限区公司学院路 665"
    lines = [Line("新锐家具", confidence=0.92), Line(woven, confidence=0.67)]
    assert han_legal_name_unread("新锐家具", 0, lines)
    # no legal form after it, or the legal name itself taken: nothing to ask
    assert not han_legal_name_unread("新锐家具", 0, [lines[0], Line("新锐家具 家居 设计")])
    assert not han_legal_name_unread("北京新锐家具有限公司", 0, lines)
    card = rows(
        ("新锐家具", 28, 0.92),
        ("程兰", 73, 0.93),
        ("人力资源经理", 21, 0.95),
        ("手机 189 4759 0455", 20, 0.9),
        ("E-mail: cheng.lanyang@xinrui.cn", 27, 0.9),
    )
    assert extract_fields(card, "CN").confidence["company"] >= CONFIDENT
    card.insert(4, Line(woven, (0, 404, 363, 82), 82.0, 0.67))
    assert extract_fields(card, "CN").confidence["company"] < CONFIDENT


def test_a_vietnamese_name_with_its_marks_read_is_asked() -> None:
    assert vietnamese_marks("Quang F. Vù") and vietnamese_marks("Nguyễn Văn An")
    assert vietnamese_marks("Đỗ Hùng")
    # no marks read, or marks of another language beside a short word
    assert not vietnamese_marks("Nguyen Van An")
    assert not vietnamese_marks("Hélène Le Gall") and not vietnamese_marks("José García")

    def lines(name: str) -> list[Line]:
        return rows(
            ("QUARTZ SOLAR", 55, 0.96),
            (name, 31, 0.95),
            ("Tax Consultant", 19, 0.97),
            ("Mobile: 7735151239", 21, 0.97),
            ("Mail: qvu@quartzsolar.com", 26, 0.91),
        )

    assert extract_fields(lines("Quang F. Vù"), "US").confidence["name"] < CONFIDENT
    assert extract_fields(lines("Quang F. Vu"), "US").confidence["name"] >= CONFIDENT


def test_a_chinese_name_a_syllable_short_of_its_mailbox_is_asked() -> None:
    """ "金蕾" beside jinyonglei@: the address spells a three-character name, 金勇蕾, one of
    whose characters was not read; the two read are asked, not trusted."""
    from ocr.extract import han_name_short_of_mailbox

    assert han_name_short_of_mailbox("金蕾", ["jinyonglei@xinruitech.cn"])
    assert han_name_short_of_mailbox("金蕾", ["yonglei.jin@xinruitech.cn"])  # given name first
    assert not han_name_short_of_mailbox("金蕾", ["jinlei@xinruitech.cn"])
    assert not han_name_short_of_mailbox("金蕾", ["jinlei88@xinruitech.cn"])
    lines = rows(
        ("上海新锐家具有限公司", 40, 1.0),
        ("金蕾", 73, 1.0),
        ("副总经理", 36, 1.0),
        ("E-mail:jinyonglei@xinruitech.cn", 28, 1.0),
        ("手机：15047057102", 24, 1.0),
    )
    result = extract_fields(lines, "CN")
    assert result.name == "金蕾" and result.confidence["name"] < CONFIDENT
    lines[3] = Line("E-mail:jinlei@xinruitech.cn", lines[3].box, 28, 1.0)
    assert extract_fields(lines, "CN").confidence["name"] >= CONFIDENT


def test_a_chinese_legal_form_cut_before_its_last_character_is_asked() -> None:
    """ "广州锦程地产经纪有限公": no firm's name ends so; the line's end was lost, and with it
    perhaps more of the name, so the rep is asked."""
    from ocr.extract import han_legal_form_cut

    assert han_legal_form_cut("广州锦程地产经纪有限公")
    assert not han_legal_form_cut("广州锦程地产经纪有限公司")
    assert not han_legal_form_cut("公")
    lines = rows(
        ("广州锦程地产经纪有限公", 60, 0.95),
        ("朱亭", 70, 0.95),
        ("手机 +86 132 1323 6521", 28, 0.95),
    )
    result = extract_fields(lines, "CN")
    assert result.company == "广州锦程地产经纪有限公司"
    assert result.confidence["company"] < CONFIDENT
