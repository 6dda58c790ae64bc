"""Fields mended from what the engines actually read: a slip in one line put right by the
card's other lines, written against real card conventions."""

from __future__ import annotations

from ocr import Line, extract_fields
from ocr.extract import (
    _name_locals,
    capital_i_by_mail,
    email_after_name,
    find_emails,
    find_phones,
    find_website,
    is_address,
    latin_name,
    legal_form_echo,
    letter_amid_han,
    longer_name_misread,
    repair_postcode,
    second_level_speck,
    street_named_after_kind,
)


def test_an_extension_marked_with_a_times_sign_rings_a_desk() -> None:
    # PP-OCR reads the small x of "x219" as the multiplication sign
    line = Line("001 615 355 0051 ×219", (644, 396, 416, 43), 35.0, 0.98)
    phones = find_phones(line, ["US"])
    assert [p.e164 for p in phones] == ["+16153550051"]
    assert phones[0].kind == "office"
    assert phones[0].why == "extension"


def test_a_capital_i_read_small_is_mended_where_the_address_spells_the_name() -> None:
    locals_ = {"harish.iyer"}
    assert capital_i_by_mail("Harish lyer", locals_) == "Harish Iyer"
    assert capital_i_by_mail("Necva ihsanoğlu", {"necva.ihsanoglu"}) == "Necva İhsanoğlu"
    assert capital_i_by_mail("Harish lyer", {"info"}) is None  # nothing says it is a name
    assert capital_i_by_mail("Beacon limited", {"harish.iyer"}) is None
    lines = [
        Line("Beacon Accountants", (607, 214, 498, 49), 39.0, 1.0),
        Line("ISO 9001 certified", (727, 278, 262, 34), 27.0, 0.99),
        Line("Harish lyer", (609, 351, 497, 108), 86.0, 0.99),
        Line("Vice President, Engineering", (604, 464, 504, 46), 37.0, 0.99),
        Line("+91-68120-62317", (723, 590, 271, 37), 30.0, 1.0),
        Line("harish.iyer@beaconaccountants.in", (604, 636, 505, 40), 32.0, 1.0),
        Line("beaconaccountants.in", (693, 679, 326, 40), 32.0, 1.0),
        Line("Beacon Accountants Pvt. Ltd.", (613, 767, 486, 39), 31.0, 1.0),
    ]
    got = extract_fields(lines, "IN")
    assert (got.name, got.company) == ("Harish Iyer", "Beacon Accountants Pvt. Ltd.")


def test_a_speck_in_the_second_level_under_a_country_is_dropped() -> None:
    assert find_emails("tang.siuling@blackthorn.ceom.hk") == ["tang.siuling@blackthorn.com.hk"]
    assert find_website("網址 :www.blackthorn.ceom.hk") == "www.blackthorn.com.hk"
    assert second_level_speck(["www", "nets", "hk"]) == ["www", "nets", "hk"]  # a firm's name
    assert second_level_speck(["acme", "info", "hk"]) == ["acme", "info", "hk"]  # a real one


def test_a_french_address_wrapped_before_its_street_is_read_whole() -> None:
    assert street_named_after_kind("quai des Chartrons")
    assert not street_named_after_kind("Granite Assurances")
    lines = [
        Line("Granite Assurances", (515, 102, 678, 42), 44.0, 0.99),
        Line("Mathilde Diallo", (512, 205, 655, 60), 62.0, 0.99),
        Line("Port. 33 672891770 (WhatsApp)", (477, 534, 726, 43), 36.0, 0.99),
        Line("E-mail diallo.mathilde@granite.fr", (468, 593, 744, 43), 36.0, 0.99),
        Line("granite.fr", (735, 652, 210, 43), 36.0, 0.99),
        Line("138", (797, 711, 86, 34), 36.0, 0.99),
        Line("quai des Chartrons", (627, 770, 426, 43), 36.0, 0.99),
        Line("44198 NANTES", (670, 829, 340, 34), 36.0, 0.99),
    ]
    assert extract_fields(lines, "FR").address == "138, quai des Chartrons, 44198 NANTES"


def test_a_letter_set_apart_amid_a_chinese_firm_name_is_asked() -> None:
    assert letter_amid_han("上海云帆新和 E 源有限公司")
    assert not letter_amid_han("上海云帆新能源有限公司")
    assert not letter_amid_han("TCL科技集团股份有限公司")  # a brand in letters before it
    lines = [
        Line("上海 云帆新和 E 源有限公司", (248, 168, 536, 74), 45.0, 0.84),
        Line("吴雨梁", (160, 312, 176, 65), 65.0, 0.91),
        Line("Mob/ 手机 +86 134 3128 2090", (169, 556, 345, 29), 21.0, 0.93),
        Line("Email/ 邮箱 wu.yuliang@yunfan.com", (169, 587, 443, 39), 39.0, 0.92),
    ]
    got = extract_fields(lines, "CN")
    assert got.company == "上海云帆新和 E 源有限公司"
    assert got.confidence["company"] < 0.8


def test_a_wordmark_over_its_legal_name_misread_by_a_letter_or_two_is_asked() -> None:
    lines = [
        Line("CRESCENT PLUMBING & HEATING", (244, 129, 1002, 55), 44.0, 0.99),
        Line("Arjun Sharma", (87, 280, 377, 56), 45.0, 1.0),
        Line("Product Manager", (83, 354, 246, 41), 33.0, 0.99),
        Line("E-mail: arjun@crescent.com", (84, 487, 395, 31), 24.0, 0.92),
        Line("Cresceut Plunbing & Heating 11.P", (84, 570, 495, 34), 27.0, 0.93),
    ]
    assert longer_name_misread("CRESCENT PLUMBING & HEATING", 0, lines)
    assert not longer_name_misread("Arjun Sharma", 1, lines)
    # the same letters, the space before the ampersand lost and LLC read "LI.C"
    beside = [lines[0], Line("Johnson &Associates LI.C", (717, 336, 505, 46), 37.0, 0.95)]
    assert longer_name_misread("Johnson & Associates", 0, beside)
    got = extract_fields(lines, "IN")
    assert got.company == "CRESCENT PLUMBING & HEATING"
    assert got.confidence["company"] < 0.8


def test_the_last_character_of_a_chinese_legal_form_read_twice_is_dropped() -> None:
    assert legal_form_echo("卓越物流有限公司司") == "卓越物流有限公司"
    assert legal_form_echo("卓越物流有限公司") == "卓越物流有限公司"
    assert legal_form_echo("华茂集团团") == "华茂集团"


def test_a_family_name_in_capitals_is_no_uk_postcode_with_every_digit_misread() -> None:
    assert repair_postcode("LIU Bin") == "LIU Bin"
    assert is_address("LIU Bin") == 0.0
    assert repair_postcode("Leeds, LSI 2SH") == "Leeds, LS1 2SH"  # one digit read right


def test_a_particle_last_is_a_given_name() -> None:
    assert latin_name("LIU Bin") == "LIU Bin"  # Bin, a Chinese given name, not "son of"
    assert latin_name("Mohammed bin Salman") == "Mohammed bin Salman"
    assert latin_name("Jan van") is None  # a particle in small letters still joins a name


def test_a_domain_read_less_surely_than_the_wordmark_takes_the_firms_spelling() -> None:
    lines = [
        Line("Bluepeak Properties", (305, 65, 790, 69), 69.0, 0.94),
        Line("Amy Lim", (592, 177, 219, 50), 49.0, 0.96),
        Line("Barrister", (642, 241, 124, 24), 24.0, 0.96),
        Line("M 65 87437187", (584, 547, 248, 28), 28.0, 0.95),
        Line("jiahui.lim@biuepeakproperties.com.sg", (400, 592, 615, 35), 35.0, 0.35),
        Line("Biuepeak Properties Pte. Ltd.", (443, 637, 530, 35), 35.0, 0.92),
    ]
    got = extract_fields(lines, "SG")
    assert got.company == "Bluepeak Properties Pte. Ltd."
    assert got.emails == ["jiahui.lim@bluepeakproperties.com.sg"]
    # read as surely as the wordmark, the address keeps its own letters ("zyiq" by "Zyig")
    mail = Line("jiahui.lim@biuepeakproperties.com.sg", (400, 592, 615, 35), 35.0, 0.9)
    got = extract_fields([*lines[:4], mail, lines[5]], "SG")
    assert got.emails == ["jiahui.lim@biuepeakproperties.com.sg"]


def test_a_hong_kong_name_with_the_english_name_first_mends_its_address() -> None:
    assert "siuling.lam" in _name_locals("Vincent Lam Siu Ling")
    got = email_after_name("siuliog.lam@northwind.hk", "Vincent Lam Siu Ling")
    assert got == "siuling.lam@northwind.hk"
