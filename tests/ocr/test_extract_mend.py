"""Extraction rules that mend a field where the reading is usable but came out a little wrong,
and the confidence rules beside them."""

from __future__ import annotations

from ocr import Line, extract_fields
from ocr.extract import (
    domain_starts_with,
    firm_one_off_host,
    floor_read_as_e,
    german_umlaut,
    is_address,
    latin_name,
    named_in_pinyin,
)


def test_a_hong_kong_floor_read_as_e_starts_the_address() -> None:
    assert floor_read_as_e("38/E, Unit 1, Central Plaza") == "38/F, Unit 1, Central Plaza"
    assert floor_read_as_e("6/EF, Unit 3, Harbour Centre") == "6/F, Unit 3, Harbour Centre"
    assert floor_read_as_e("12/E Road") == "12/E Road"  # no unit after it: left alone
    assert is_address("38/E, Unit 1, Central Plaza") >= 0.7
    lines = [
        Line("Eddie Ho", (136, 152, 279, 47), 47.0, 0.96),
        Line("Chief Executive Officer", (136, 228, 343, 25), 25.0, 0.97),
        Line("Ayers Labs Ltd.", (135, 619, 225, 29), 23.0, 0.96),
        Line("6/EF, Unit 3, Harbour Centre", (136, 657, 369, 27), 23.0, 0.86),
        Line("225 Gloucester Road, Sha Tin, HK", (136, 696, 460, 27), 23.0, 0.96),
    ]
    got = extract_fields(lines, "HK").address
    assert got == "6/F, Unit 3, Harbour Centre, 225 Gloucester Road, Sha Tin, HK"


def test_a_firm_one_letter_off_its_garbled_web_host_is_asked() -> None:
    def card(web: str, firm: str = "Weoks Security Co,") -> list[Line]:
        return [
            Line("Daniel Gilbert", (522, 88, 467, 56), 55.0, 0.79),
            Line("Chartered Surveyor", (522, 166, 326, 38), 35.0, 0.79),
            Line("M: 001 612 572 9436", (522, 496, 341, 32), 30.0, 0.79),
            Line("F: (617) 640-6526", (523, 541, 284, 36), 31.0, 0.71),
            Line("EB: daniel gilbert@outlook,com", (523, 585, 487, 38), 31.0, 0.38),
            Line(web, (522, 630, 520, 38), 38.0, 0.42),
            Line(firm, (521, 674, 334, 38), 31.0, 0.91),
        ]

    assert firm_one_off_host("Weoks Security Co", card("W: httpss//wwwweeks-securitylo"))
    assert not firm_one_off_host("Weeks Security Co", card("W: httpss//wwwweeks-securitylo"))
    assert not firm_one_off_host("Weoks Security Co", card("W: httpss//wwwweoks-securitylo"))
    # a mailbox is the person's: "daniels@" says nothing about "Daniel Solicitors"
    assert not firm_one_off_host("Danield Solicitors", card("daniels@gmail.com"))
    assert extract_fields(card("W: httpss//wwwweeks-securitylo"), "AU").confidence["company"] < 0.8
    # the same card whose host names some other brand: no second reading of the firm's name
    other = card("W: httpss//wwwriverbend-grouplo")
    assert extract_fields(other, "AU").confidence["company"] >= 0.8


def test_the_second_half_of_a_legal_form_boxed_apart_on_the_row_ends_the_firm() -> None:
    lines = [
        Line("HE Zihui", (120, 321, 380, 60), 60.0, 0.87),
        Line("Notary Public", (121, 416, 269, 30), 30.0, 0.97),
        Line("T: +86 571 4578 4489 ext.439", (117, 627, 612, 30), 29.0, 0.94),
        Line("E: zihui@jingchengtech.com.cn", (120, 730, 628, 39), 39.0, 0.92),
        Line("Hangzhou Jingcheng Packaging Materials Co.,", (119, 784, 1031, 62), 39.0, 0.92),
        Line("Ltd", (1165, 785, 74, 63), 63.0, 0.76),
    ]
    got = extract_fields(lines, "CN").company
    assert got == "Hangzhou Jingcheng Packaging Materials Co., Ltd"
    # "Ltd" on a row of its own, further down: no part of the line above
    lines[-1] = Line("Ltd", (1165, 900, 74, 63), 63.0, 0.76)
    assert extract_fields(lines, "CN").company == "Hangzhou Jingcheng Packaging Materials Co."


def test_a_character_before_the_name_the_domain_spells_is_a_logo_scrap() -> None:
    def card(firm: str, box_height: int) -> list[Line]:
        return [
            Line(firm, (69, 72, 412, box_height), 47.0, 0.87),
            Line("邹静钧", (72, 278, 248, 80), 75.0, 0.90),
            Line("运营总监", (336, 294, 152, 40), 23.0, 0.94),
            Line("手机 Mob +86 190 8630 5443", (83, 484, 384, 29), 23.0, 0.96),
            Line("邮箱 Email jingjun.zou@tianchenggroup.com.cn", (84, 522, 663, 44), 33.0, 0.91),
        ]

    got = extract_fields(card("人天成包装材料", 109), "CN")  # a mark taller than the type
    assert got.company == "天成包装材料" and got.confidence["company"] < 0.8
    got = extract_fields(card("人天成包装材料", 50), "CN")  # no mark: kept, and asked
    assert got.company == "人天成包装材料" and got.confidence["company"] < 0.8
    got = extract_fields(card("天成包装材料", 50), "CN")
    assert got.company == "天成包装材料" and got.confidence["company"] >= 0.8


def test_a_legal_name_misread_in_one_word_takes_the_wordmarks() -> None:
    band = [  # the legal name set large on a band, the wordmark beside a logo
        Line("Michelangelo Riccardi", (512, 110, 784, 80), 80.0, 0.96),
        Line("Manager", (513, 208, 146, 41), 41.0, 0.97),
        Line("Tel. +33 (0)5 49 48 86 09", (513, 436, 449, 40), 36.0, 0.95),
        Line("Mathieu & Fils", (34, 483, 386, 62), 49.0, 0.94),
        Line("E-mail mriccardi@mathieu.com", (516, 614, 555, 44), 44.0, 0.92),
        Line("Biathlon & Fils SA", (512, 788, 359, 83), 83.0, 0.61),
    ]
    # the domain spells the wordmark's word, not the legal line's
    assert extract_fields(band, "FR").company == "Mathieu & Fils SA"
    band[4] = Line("E-mail mriccardi@gmail.com", (516, 614, 555, 44), 44.0, 0.92)
    assert extract_fields(band, "FR").company == "Biathlon & Fils SA"

    def left(mark_height: float) -> list[Line]:
        return [
            Line("Mathieu & Fils", (241, 114, 640, 65), mark_height, 0.94),
            Line("Marianne Collin", (89, 265, 393, 42), 41.0, 0.96),
            Line("Manager", (90, 338, 127, 33), 33.0, 0.79),
            Line("Tel. +33 5 49 48 86 09", (137, 448, 272, 26), 26.0, 0.86),
            Line("Mathieu & Pils SA", (90, 586, 279, 27), 27.0, 0.93),
        ]

    # no domain to tell, but the wordmark is set larger and one letter apart
    got = extract_fields(left(64.0), "FR")
    assert got.company == "Mathieu & Fils SA" and got.confidence["company"] < 0.8
    # the same type size: neither reading is the better one
    assert extract_fields(left(30.0), "FR").company == "Mathieu & Pils SA"


def test_an_address_line_measured_larger_in_a_blurred_photo_goes_on_the_address() -> None:
    def card(last: str) -> list[Line]:
        return [
            Line("WANG Ganggang", (85, 253, 382, 53), 53.0, 0.95),
            Line("Associate Broker", (86, 320, 214, 25), 25.0, 0.95),
            Line("0086 182 9900 4853", (132, 534, 244, 42), 42.0, 0.94),
            Line("Rm 2812, No. 681 Xiandai Ave", (87, 585, 363, 23), 21.0, 0.95),
            Line(last, (82, 621, 361, 38), 38.0, 0.79),
        ]

    got = extract_fields(card("Gusu District, Suzhou 215439"), "CN").address
    assert got == "Rm 2812, No. 681 Xiandai Ave, Gusu District, Suzhou 215439"
    # a slogan that large is no part of it
    assert extract_fields(card("Your partner in logistics"), "CN").address == (
        "Rm 2812, No. 681 Xiandai Ave"
    )


def test_a_german_city_after_its_postcode_gets_its_umlaut_back() -> None:
    assert german_umlaut("Goethestraße 73, 3. OG, 50845 Koln") == (
        "Goethestraße 73, 3. OG, 50845 Köln"
    )
    assert german_umlaut("80331 Munchen") == "80331 München"
    assert german_umlaut("50845 Berlin") == "50845 Berlin"
    assert german_umlaut("Koln Street 5") == "Koln Street 5"  # no postcode before it
    lines = [
        Line("Ekber Ihsanoglu", (81, 240, 477, 61), 61.0, 0.96),
        Line("Fleet Manager", (80, 316, 255, 36), 34.0, 0.96),
        Line("+49 160 54485337", (629, 411, 330, 26), 25.0, 0.96),
        Line("Goethestraße 73, 3. OG", (627, 503, 407, 31), 28.0, 0.96),
        Line("50845 Koln", (628, 552, 189, 27), 27.0, 0.88),
    ]
    assert extract_fields(lines, "DE").address == "Goethestraße 73, 3. OG, 50845 Köln"


def test_a_legal_name_whose_form_was_read_one_letter_off_is_the_firms_full_name() -> None:
    lines = [
        Line("Lumen Cloud", (313, 147, 581, 83), 83.0, 0.96),
        Line("Melissa Price", (112, 364, 345, 50), 50.0, 0.96),
        Line("Solicitor", (112, 446, 120, 30), 30.0, 0.97),
        Line("M 07552 164161", (111, 659, 204, 26), 25.0, 0.95),
        Line("https://www.lumen-cloud.com", (110, 748, 357, 33), 33.0, 0.90),
        Line("Lumen Cloud pic", (110, 837, 222, 34), 27.0, 0.93),
    ]
    got = extract_fields(lines, "GB")
    assert got.company == "Lumen Cloud Plc" and got.confidence["company"] < 0.8


def test_a_chinese_name_over_its_pinyin_is_the_person_on_a_card_read_poorly() -> None:
    def card(latin: str) -> list[Line]:
        return [
            Line("余子思", (154, 424, 337, 160), 160.0, 0.93),
            Line(latin, (157, 559, 215, 48), 48.0, 0.86),
            Line("668° £680 S804", (208, 875, 424, 50), 50.0, 0.32),
        ]

    assert named_in_pinyin(card("YU Zisi"))
    assert extract_fields(card("YU Zisi"), "CN").name == "余子思"
    assert not named_in_pinyin(card("Grace Lin"))  # no pinyin of it printed
    assert extract_fields(card("Grace Lin"), "CN").name == "Grace Lin"


def test_a_name_whose_first_word_starts_the_domain_is_the_brand() -> None:
    assert domain_starts_with("Jiuzhou Chem", "jiuzhougroup")
    assert not domain_starts_with("Anna Smith", "annabelle")  # too short to tell
    assert not domain_starts_with("Gui Ma", "jiuzhougroup")
    lines = [
        Line("Jiuzhou Chem", (439, 244, 807, 100), 100.0, 0.93),
        Line("Gui Ma", (720, 405, 262, 57), 57.0, 0.95),
        Line("Founder", (771, 496, 159, 33), 33.0, 0.96),
        Line("Web: jiuzhougroup.com.cn", (674, 586, 352, 30), 30.0, 0.90),
        Line("Tel: 029-4123-2856", (640, 629, 402, 28), 24.0, 0.91),
    ]
    assert extract_fields(lines, "CN").name == "Gui Ma"


def test_ma_as_the_second_of_two_words_is_a_family_name_not_a_degree() -> None:
    assert latin_name("Gui Ma") == "Gui Ma"
    assert latin_name("Helen Ward MA") == "Helen Ward"
    assert latin_name("Helen Ward, MA") == "Helen Ward"


def test_a_letter_before_the_firm_its_domain_spells_after_it_is_a_logo() -> None:
    def card(email: str) -> list[Line]:
        return [
            Line("G Pereira Abogados", (93, 93, 1021, 96), 88.0, 0.78),
            Line("Roberta Montes Llanos", (96, 266, 488, 30), 30.0, 0.96),
            Line("Project Manager", (96, 318, 289, 34), 34.0, 0.96),
            Line("Mobile: +34 683 701 570", (667, 414, 436, 27), 26.0, 0.96),
            Line(email, (667, 508, 603, 34), 34.0, 0.93),
        ]

    got = extract_fields(card("E-mail: roberta.montes@pereira.es"), "ES")
    assert got.company == "Pereira Abogados" and got.confidence["company"] < 0.8
    # a domain that does not spell the name tells nothing: the letter stays, asked
    got = extract_fields(card("E-mail: roberta.montes@gmail.com"), "ES")
    assert got.company == "G Pereira Abogados" and got.confidence["company"] < 0.8


def test_a_name_and_the_firm_read_as_one_line_are_split_where_the_domain_starts() -> None:
    def card(email: str) -> list[Line]:
        return [
            Line("Sa Silverline Systems", (105, 106, 531, 47), 37.0, 0.76),
            Line("Chan Chi Keung, Kelvin Silverline Systems Ltd.", (81, 258, 961, 52), 33.0, 0.96),
            Line("Data Scientist", (82, 314, 229, 28), 28.0, 0.97),
            Line("M | +852 9633 4285", (645, 417, 323, 35), 27.0, 0.96),
            Line(email, (645, 464, 596, 35), 35.0, 0.90),
        ]

    got = extract_fields(card("E | kelvin.chan@silverline-systems.hk"), "HK")
    assert got.name == "Chan Chi Keung, Kelvin"
    assert got.company == "Silverline Systems Ltd."
    got = extract_fields(card("E | kelvin.chan@gmail.com"), "HK")  # nothing tells where
    assert got.name != "Chan Chi Keung, Kelvin"


def test_a_monogram_before_a_wordmark_in_capitals_is_dropped_and_asked() -> None:
    def card(email: str) -> list[Line]:
        return [
            Line("O ORCHARD GROUP", (93, 101, 885, 73), 58.0, 0.92),
            Line("Ralf Widmer", (89, 232, 335, 48), 39.0, 1.0),
            Line("Partner", (84, 298, 129, 38), 31.0, 1.0),
            Line("+44 7579 658047", (84, 547, 319, 41), 33.0, 0.98),
            Line(email, (84, 587, 401, 43), 35.0, 1.0),
        ]

    # the domain starts with the letter only as the word after it does: no witness to it
    for email in ("ralf.widmer@gmail.com", "ralf.widmer@orchardgroup.co.uk"):
        got = extract_fields(card(email), "GB")
        assert got.company == "ORCHARD GROUP" and got.confidence["company"] < 0.8
    # a domain that spells the letter and the word both: the letter is the firm's own
    got = extract_fields(card("ralf.widmer@oorchard.com"), "GB")
    assert got.company == "O ORCHARD GROUP"


def test_a_wordmark_run_together_and_read_surer_mends_the_legal_name() -> None:
    lines = [
        Line("BORREGOTRANSPORTES", (368, 52, 662, 51), 41.0, 1.0),
        Line("Olivia Cerro Cueto", (383, 132, 638, 66), 53.0, 1.0),
        Line("Mob: 0034 617 883 125", (300, 487, 798, 45), 36.0, 0.9),
        Line("Borrege Traneportes SL", (462, 583, 479, 46), 37.0, 0.86),
        Line("46014 Valencia", (561, 678, 280, 42), 34.0, 0.89),
    ]
    assert extract_fields(lines, "ES").company == "Borrego Transportes SL"
    # read no more surely than the legal name: nothing says which of the two is right
    lines[0] = Line("BORREGOTRANSPORTES", (368, 52, 662, 51), 41.0, 0.85)
    assert extract_fields(lines, "ES").company == "Borrege Traneportes SL"


def test_a_logo_mark_read_as_a_capital_before_the_wordmark_is_no_letter_of_the_name() -> None:
    """ "OTanaka Industries" set large over "Tanaka Industries Co., Ltd.": the round mark
    before the wordmark read as an O; the legal line's spelling stands."""
    from ocr.extract import legal_name_after_wordmark

    lines = [
        Line("OTanaka Industries", (108, 106, 1133, 130), 104.0, 0.97),
        Line("Kaori Murakami", (113, 302, 451, 52), 42.0, 1.0),
        Line("Tanaka Industries Co., Ltd.", (112, 687, 480, 37), 29.5, 0.97),
    ]
    company = "Tanaka Industries Co., Ltd."
    assert legal_name_after_wordmark(company, lines, None) == company
    # one letter misread in the small print is still mended by the larger wordmark
    lines[0] = Line("Tanaka Industries", (108, 106, 1133, 130), 104.0, 0.97)
    lines[2] = Line("Tanaka Indostries Co., Ltd.", (112, 687, 480, 37), 29.5, 0.97)
    assert legal_name_after_wordmark("Tanaka Indostries Co., Ltd.", lines, None) == company
