"""Card conventions the extraction follows (issue 16 §2): which bare number is the mobile, a
country told by a firm's legal form or a number dialled with 00, abbreviated Spanish and Italian
street kinds, ü in a Chinese name's address, the firm's domain between two firm-like lines."""

from __future__ import annotations

from ocr import Line, extract_fields
from ocr.extract import email_after_name, is_address, normalize, region_hints
from tests.ocr.test_extract import card


def test_the_bare_number_that_shares_the_fax_area_is_the_desk() -> None:
    result = extract_fields(
        card(
            ("Paul Grant", 50),
            ("Clearwater Labs", 30),
            ("+1 604 555 0199", 24),
            ("+1 416 555 0142", 24),
            ("Fax +1 604 555 0100", 24),
        ),
        "CN",
    )
    assert result.phone is not None and result.phone.e164 == "+14165550142"
    assert result.fax is not None and result.fax.e164 == "+16045550100"


def test_the_bare_number_ringing_where_the_address_is_is_the_desk() -> None:
    # 312 rings in Chicago, where the office is; the other number is the person's own
    result = extract_fields(
        card(
            ("Eva Brandt", 50),
            ("+1 312 955 0142", 24),
            ("+1 415 928 2811", 24),
            ("230 W Monroe St, Suite 400", 24),
            ("Chicago, IL 60606", 24),
        ),
        "CN",
    )
    assert result.phone is not None and result.phone.e164 == "+14159282811"


def test_bare_numbers_without_evidence_keep_their_order() -> None:
    result = extract_fields(
        card(("Paul Grant", 50), ("+1 604 555 0199", 24), ("+1 416 555 0142", 24)), "CN"
    )
    assert result.phone is not None and result.phone.e164 == "+16045550199"


def test_a_legal_form_names_the_country() -> None:
    assert region_hints("Brandt Consulting GmbH\n70173 Stuttgart", "CN")[0] == "DE"
    assert region_hints("Ferri Trasporti S.r.l.\n20121 Milano", "CN")[0] == "IT"
    assert region_hints("Pla Asesores S.L.\n48009 Bilbao", "CN")[0] == "ES"
    # a Swiss firm's AG after the card's own .ch
    assert region_hints("Keller AG\nwww.keller.ch", "CN")[:2] == ["CH", "DE"]


def test_a_german_mobile_on_a_card_from_a_gmbh() -> None:
    result = extract_fields(
        card(("Eva Brandt", 50), ("Brandt Consulting GmbH", 30), ("M 0162-7896121", 24)), "CN"
    )
    assert result.phone is not None and result.phone.e164 == "+491627896121"


def test_a_french_street_kind_names_the_country() -> None:
    assert region_hints("12 quai des Chartrons\n33000 Bordeaux", "CN")[0] == "FR"


def test_a_number_dialled_with_00_names_its_country() -> None:
    assert region_hints("T: 0081 45 833 3676\nM: 070-6739-7509", "CN")[0] == "JP"


def test_abbreviated_spanish_and_italian_street_kinds() -> None:
    for street in (
        "Pº de Gracia 15",
        "Pza. Mayor 3",
        "Ctra. de Valencia 12",
        "V.le Monza 12",
    ):
        assert is_address(normalize(street)) >= 0.9, street


def test_an_address_with_u_for_the_umlaut_of_a_chinese_name() -> None:
    assert email_after_name("lu.wenjing@hengda.cn", "吕文静") == "lu.wenjing@hengda.cn"
    assert email_after_name("lyu.wenjing@hengda.cn", "吕文静") == "lyu.wenjing@hengda.cn"


def test_the_line_the_domain_spells_is_the_firm() -> None:
    result = extract_fields(
        card(
            ("WANG Lei", 50),
            ("Account Manager", 28),
            ("Strategic Accounts Group", 22),
            ("leiw@tianhegroup.cn", 18),
            ("Guangzhou Tianhe Trading Co., Ltd.", 18),
        ),
        "CN",
    )
    assert result.company == "Guangzhou Tianhe Trading Co., Ltd."


def test_a_german_streets_lost_sharp_s() -> None:
    from ocr.extract import german_umlaut

    assert german_umlaut("Schillerstrae 12, Hinterhaus") == "Schillerstraße 12, Hinterhaus"
    assert german_umlaut("Lange Strae 4") == "Lange Straße 4"
    assert german_umlaut("Israe") == "Israe"  # no street
    assert german_umlaut("Rosenheimer StraBe 68a, 3. OG") == "Rosenheimer Straße 68a, 3. OG"
    assert german_umlaut("Hauptstra8e 5") == "Hauptstraße 5"
    assert german_umlaut("Strabe 5") == "Strabe 5"  # a small b is no ß's misreading


def test_a_spanish_floor_read_as_two_at_the_start_of_a_line() -> None:
    result = extract_fields(
        card(
            ("Marta Gil", 50),
            ("915-204-388", 24),
            ("Avenida de Burgos, 22", 24),
            ("42 C, 28036 Madrid", 24),
        ),
        "CN",
    )
    assert result.address == "Avenida de Burgos, 22, 4º C, 28036 Madrid"


def test_the_domain_read_with_its_dot_wins() -> None:
    from ocr.extract import agree_domains

    site, mails = agree_domains("www.hengdacom.cn", 0.94, ["li.na@hengda.com.cn"], 0.98)
    assert site == "www.hengda.com.cn" and mails == ["li.na@hengda.com.cn"]
    site, mails = agree_domains("www.hengda.com.cn", 0.94, ["li.na@hengdacom.cn"], 0.98)
    assert mails == ["li.na@hengda.com.cn"]


def test_a_title_and_its_department_with_the_dot_read_as_a_dash() -> None:
    from ocr.extract import split_at_dots

    line = Line("Vertriebsleiter - Central Europe Region", (0, 0, 700, 30), 30, 0.9)
    assert [p.text for p in split_at_dots(line)] == ["Vertriebsleiter", "Central Europe Region"]
    for kept in ("Director - Sales", "Founder - CEO", "Manager - 2nd Floor"):
        assert [p.text for p in split_at_dots(Line(kept, (0, 0, 300, 30), 30, 0.9))] == [kept]


def test_the_bare_number_of_the_addresss_state_is_the_desk() -> None:
    # the phone library names 206 "Washington State": the Seattle office's line
    result = extract_fields(
        card(
            ("Dana Whitfield", 50),
            ("+1 206 441 2310 | +1 312 655 0419", 24),
            ("410 Pine St., Suite 200, Seattle", 24),
            ("WA 98101, USA", 24),
        ),
        "CN",
    )
    assert result.phone is not None and result.phone.e164 == "+13126550419"


def test_a_bare_number_of_a_region_the_phone_library_names_jointly_is_the_desk() -> None:
    """902 is "Nova Scotia/Prince Edward Island" to the phone library, 202 "Washington D.C.":
    the region's postal codes come from the library's own places (Charlottetown, PE), and a
    city is the address's whatever its dots."""
    from ocr.extract import _rings_at, nanp_region_codes

    assert nanp_region_codes()["Nova Scotia/Prince Edward Island"] == {"NS", "PE"}
    assert nanp_region_codes()["Washington State"] == {"WA"}
    assert _rings_at("Washington D.C.", "1 Main St NW, Washington, DC 20001")
    assert not _rings_at("Ontario", "1 Main St, Springfield, IL 62701")
    result = extract_fields(
        card(
            ("Dana Whitfield", 50),
            ("+1 902 300 1234 | +1 604 555 1234", 24),
            ("97 Queen Street, Charlottetown", 24),
            ("PE C1A 4A8, Canada", 24),
        ),
        "CN",
    )
    assert result.phone is not None and result.phone.e164 == "+16045551234"


def test_the_legal_line_beside_the_wordmark_is_the_company() -> None:
    from ocr.extract import legal_line_of

    lines = card(("HARLOW&CO", 40), ("Ann Reed", 50), ("Harlow & Co plc", 30), ("Harlow Labs", 30))
    assert legal_line_of("HARLOW&CO", lines) == "Harlow & Co plc"
    assert legal_line_of("Harlow", lines[2:]) == "Harlow & Co plc"
    assert legal_line_of("Harlow", lines[3:]) == "Harlow"  # "Labs" is no legal form


def test_a_handle_spelling_the_name_mends_the_mailbox() -> None:
    from ocr.extract import email_witnessed

    lines = card(("Tang Guoqing", 60), ("WeChat: guoqingtang88", 24))
    assert email_witnessed("quoqing@x.cn", "Tang Guoqing", lines) == "guoqing@x.cn"
    # no third line: the surer address stands
    assert email_witnessed("quoqing@x.cn", "Tang Guoqing", lines[:1]) == "quoqing@x.cn"


def test_logo_scraps_before_a_chinese_legal_name() -> None:
    from ocr.extract import _without_logo

    assert _without_logo("木 KR) 宁波海天机械有限公司") == "宁波海天机械有限公司"
    assert _without_logo("天 , 宁波海天机械有限公司") == "宁波海天机械有限公司"
    assert _without_logo("TCL 科技有限公司") == "TCL 科技有限公司"  # a brand in capitals
    assert _without_logo("昌 alll 成都鼎盛房地产经纪有限公司") == "成都鼎盛房地产经纪有限公司"
    assert _without_logo("IBM 科技有限公司") == "IBM 科技有限公司"


def test_characters_before_the_brand_the_domain_spells() -> None:
    from ocr import CardResult
    from ocr.extract import scrap_before_brand

    card_ = CardResult(address="广东省深圳市南山区科技园路8号")
    assert scrap_before_brand("木和海天包装材料", "haitian-pack", card_) == "海天包装材料"
    # a place before the brand is the firm's own
    assert scrap_before_brand("深圳海天包装材料", "haitian-pack", card_) == "深圳海天包装材料"
    assert scrap_before_brand("海天包装材料", "haitian-pack", card_) == "海天包装材料"


def test_a_number_that_may_be_a_mobile_beside_a_known_landline_is_the_mobile() -> None:
    """India's 080 59826724 / 80598 26724 range is a landline's or a mobile's to the phone
    library; printed bare beside a Hyderabad landline, it is the person's own number."""
    rows = card(
        ("Nikhil Gupta", 62),
        ("Director", 35),
        ("+91-40-6030-7078  ·  080598 26724", 38),
        ("guptanikhil@velora.in", 38),
    )
    phone = extract_fields(rows, "IN").phone
    assert phone is not None and phone.e164 == "+918059826724"
    # labelled, the desk line stays the desk's and the mobile the mobile
    rows[2] = Line("T +91-40-6030-7078  ·  M 98450 12345", rows[2].box, 38, 0.95)
    phone = extract_fields(rows, "IN").phone
    assert phone is not None and phone.e164 == "+919845012345"


def test_a_spanish_street_its_number_and_city_each_on_a_line() -> None:
    """ "C/ Mayor" (C/ is calle), "133", "28053 Madrid": a narrow column wraps a Spanish
    address after the street and after its number."""
    rows = card(
        ("Isaac Luque Marti", 36),
        ("Transportes Cifuentes S.A.", 20),
        ("C/ Mayor", 20),
        ("133", 20),
        ("28053 Madrid", 20),
        ("Quality you can trust", 20),
    )
    assert extract_fields(rows, "ES").address == "C/ Mayor, 133, 28053 Madrid"
    # a number alone under a firm's name is no house number of its street
    rows[2] = Line("Grupo Cifuentes", rows[2].box, 20, 0.95)
    assert extract_fields(rows, "ES").address == "28053 Madrid"


def test_a_label_in_a_column_of_its_own_goes_with_the_number_on_its_row() -> None:
    """ "傳真 :" and "+85223145377" read as two lines (labels set in a column), or "Fax" read
    after "(027) 2675 2509" left of it: the fax is the fax, not a number to call."""
    lines = [
        Line("郭志強", (176, 339, 202, 95), 58.0, 0.9),
        Line("傳真 :", (189, 554, 70, 42), 42.0, 0.94),
        Line("+85223145377", (269, 560, 173, 21), 21.0, 0.91),
        Line("手機 :", (184, 662, 64, 43), 43.0, 0.84),
        Line("+85297143172", (269, 668, 171, 22), 22.0, 0.91),
    ]
    result = extract_fields(lines, "HK")
    assert result.fax is not None and result.fax.e164 == "+85223145377"
    assert result.phone is not None and result.phone.e164 == "+85297143172"
    lines = [
        Line("赵梁岗", (150, 304, 176, 51), 51.0, 0.9),
        Line("Tel: 027 8539 3918", (155, 597, 242, 23), 21.0, 0.96),
        Line("(027) 2675 2509", (227, 634, 195, 28), 21.0, 0.95),
        Line("Fax", (157, 636, 40, 21), 21.0, 0.96),
    ]
    result = extract_fields(lines, "CN")
    assert result.fax is not None and result.fax.e164 == "+862726752509"
    assert result.phone is not None and result.phone.e164 == "+862785393918"


def test_a_latin_label_with_one_letter_misread_as_its_look_alike() -> None:
    """ "Pax +1-587-560-2332": the F of Fax read as P; "Tax" (no look-alike of F) stays no
    label."""
    from ocr.extract import _label_kind

    assert _label_kind("Pax ") == "fax"
    assert _label_kind("Tei: ") == "office"
    assert _label_kind("Tax ") is None
    rows = card(
        ("Nicholas Morrison", 68),
        ("0+1-587-772-7657 ext. 669", 52),
        ("Pax +1-587-560-2332", 50),
    )
    result = extract_fields(rows, "CA")
    assert result.fax is not None and result.fax.e164 == "+15875602332"


def test_a_lone_letter_beside_a_number_is_no_label() -> None:
    """A phone icon read as "O" on a line of its own beside the number: no office label, so the
    mobile stays the mobile (found on held-out tune236, after the rule above)."""
    lines = [
        Line("Jack Nguyen", (150, 300, 300, 50), 50.0, 0.95),
        Line("O", (150, 600, 20, 22), 22.0, 0.6),
        Line("0450 466 741", (190, 600, 180, 22), 22.0, 0.95),
    ]
    result = extract_fields(lines, "AU")
    assert result.phone is not None and result.phone.e164 == "+61450466741"
    assert result.phone.kind == "mobile"
