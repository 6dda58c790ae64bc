"""Extraction of what PP-OCR reads on photos: its own slips, from the tuning splits' misses."""

from __future__ import annotations

from ocr import Line, extract_fields
from ocr.extract import (
    company_score,
    repair_roman,
    simplified,
    trade_name_cut,
    traditional,
    traditional_address,
)
from tests.ocr.test_extract import card


def test_an_at_sign_read_as_an_accented_letter() -> None:
    # no address holds an ä: the one such letter between a mailbox and a domain was the @
    lines = card(
        ("杭州青禾食品有限公司", 60),
        ("任斯", 110),
        ("REN Si Customer Service", 40),
        ("T电话：+86 571 4184 6188", 45),
        ("E电邮：srenäqinghetech.cn", 45),
    )
    assert extract_fields(lines, "CN").emails == ["sren@qinghetech.cn"]


def test_a_name_spaced_out_read_as_one_box_a_character() -> None:
    # PP-OCR boxes the characters of a letter-spaced name apart, each a "line" of its own
    lines = [
        Line("广州鼎盛电子有限公司", (240, 175, 285, 36), 29, 1.0),
        Line("鼎", (182, 185, 35, 36), 29, 1.0),
        Line("徐", (169, 273, 58, 49), 39, 1.0),
        Line("垒", (253, 273, 53, 47), 38, 1.0),
        Line("销售经理", (316, 280, 95, 33), 26, 1.0),
        Line("财务部", (160, 313, 75, 38), 30, 1.0),
        Line("M手机：+86 136 0185 7392", (171, 484, 240, 20), 16, 0.99),
        Line("E 电邮:leix@dingshengtech.com.cn", (169, 504, 325, 29), 23, 0.97),
    ]
    result = extract_fields(lines, "CN")
    assert result.name == "徐垒"
    assert result.title == "销售经理"


def test_a_phone_icon_read_as_a_digit_before_the_number() -> None:
    # the handset icon comes out as "0", set apart: with it the number is no number at all
    lines = card(
        ("ALLEN ROBOTICS", 46),
        ("Charles Robles", 60),
        ("Vice President of Sales", 44),
        ("0 0417 827 438", 36),
        ("charles@allen.au", 36),
        ("Suite 8, 189 Birch Pkwy, Melbourne VIC 3000", 42),
    )
    phone = extract_fields(lines, "CN").phone
    assert phone is not None and phone.e164 == "+61417827438" and phone.valid


def test_a_misread_ltd_after_co_is_ltd() -> None:
    # "Lid." after "Co.," is no legal form: the one that is a letter away, still asked
    lines = card(
        ("Shimizu Systems", 72),
        ("Kazuya Nishimura", 73),
        ("Engineer", 43),
        ("M +81-90-5787-3663", 37),
        ("Shimizu Systems Co., Lid.", 45),
    )
    result = extract_fields(lines, "JP")
    assert result.company == "Shimizu Systems Co., Ltd."
    assert result.confidence["company"] < 0.8


def test_the_wordmark_taken_for_the_name_gives_way_to_the_person() -> None:
    # the firm's wordmark in the largest type, the legal name misread beneath: the person is
    # the other name on the card, and the rep is asked
    lines = card(
        ("Nakamura Electric", 64),
        ("Miki Yamamoto", 44),
        ("Director", 30),
        ("Tel: +81 3 6021 4930 (ext 747)", 30),
        ("Mob: 0081 70 4264 7391", 28),
        ("Nakamura Elecuric Co., Lid.", 30),
    )
    result = extract_fields(lines, "JP")
    assert result.name == "Miki Yamamoto"
    assert result.confidence["name"] < 0.8


def test_www_run_into_the_host() -> None:
    # PP-OCR drops the dot after www, leaving no space either
    from ocr.extract import find_website

    assert find_website("网址Web wwwyuanjingtech.com") == "www.yuanjingtech.com"
    assert find_website("WWWSILVERLINE.CA") == "www.silverline.ca"
    assert find_website("wwwf.org") == "wwwf.org"  # too short a name after it to tell


def test_the_label_e_run_into_an_address_on_a_card_of_letter_labels() -> None:
    # "E  doloresa@grupo.com" read without its spaces: the card labels its lines by letters
    lines = card(
        ("Grupo Meridian", 63),
        ("Dolores Alsina Gálvez", 47),
        ("Grupo Meridian SL", 43),
        ("T 0034 935 513 998", 37),
        ("M +34 693 657 384", 36),
        ("Edoloresa@grupo.com", 37),
    )
    assert extract_fields(lines, "ES").emails == ["doloresa@grupo.com"]
    # a capitalised address on a card without letter labels is left as read
    plain = card(("Grupo Meridian SL", 43), ("Tel. +34 693 657 384", 36), ("Edgar@grupo.com", 37))
    assert extract_fields(plain, "ES").emails == ["edgar@grupo.com"]
    # "D | +86 …": the direct line labelled by its letter, as the office's "O" is
    direct = card(
        ("Yuzi Yuan", 54),
        ("D | +86 10 7256 0158  / M | 183 4960 9860", 28),
        ("Eyuzi.yuan@yunfantech.com", 27),
    )
    assert extract_fields(direct, "CN").emails == ["yuzi.yuan@yunfantech.com"]


def test_a_crop_that_cut_the_card_gives_way_to_the_frame_read_as_fully(monkeypatch) -> None:
    # PP-OCR on a crop whose edge ran through the card: lines at x = 0, the name's first
    # letters lost; the whole frame, read as fully, is not cut and wins the tie
    import io

    from PIL import Image

    import ocr
    from ocr.preprocess import Prepared

    crop = [
        Line("Marie & Fils", (0, 11, 492, 105), 84, 0.99),
        Line("lien Chevalier", (0, 94, 240, 62), 49, 1.0),
        Line("Mob. +33 6 62 59 92 73", (0, 221, 300, 46), 37, 0.93),
        Line("erjulien@marie.fr", (0, 251, 177, 57), 45, 1.0),
        Line("59346 Lille", (0, 337, 129, 57), 45, 1.0),
    ]
    whole = [
        Line("Marie & Fils", (206, 383, 396, 138), 110, 0.98),
        Line("Julien Chevalier", (105, 467, 305, 102), 82, 0.99),
        Line("Mob. +33 6 62 59 92 73", (105, 626, 237, 68), 54, 1.0),
        Line("E-mail chevalierjulien@marie.fr", (103, 653, 307, 83), 66, 1.0),
        Line("quai des Chartrons, 59346 Lille", (98, 739, 308, 82), 66, 0.98),
    ]

    def prepare(img, crop=True):
        size = (640, 420) if crop else (1200, 900)
        return Prepared(Image.new("L", size, 255), crop, False, False)

    def read(image, languages, region, engine, inverted=False):
        lines = crop if image.size == (640, 420) else whole
        return ocr.extract_fields(lines, region), lines

    monkeypatch.setattr(ocr, "prepare", prepare)
    monkeypatch.setattr(ocr, "_read", read)
    png = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(png, format="PNG")
    result = ocr.read_card(png.getvalue(), engine="ppocr", region="FR")
    assert result.name == "Julien Chevalier"
    assert result.emails == ["chevalierjulien@marie.fr"]


def test_a_chinese_label_with_one_character_misread() -> None:
    # "傳页" is 傳真 with 真 misread: one character of one kind's labels, in its place
    lines = card(
        ("宏达工程", 38),
        ("吳志強", 30),
        ("客戶服務主任", 18),
        ("宏达工程有限公司", 14),
        ("電話 +85238449710 x6222", 14),
        ("傳页30192203", 15),
        ("電郵kamingn@crescent-holdings.hk", 20),
    )
    result = extract_fields(lines, "HK")
    assert result.fax is not None and result.fax.e164 == "+85230192203"
    # "号机" is 手机 or 座机 with one character misread: no kind told; "液话" is 电话
    from ocr.extract import _label_kind

    assert _label_kind("号机：") is None
    assert _label_kind("液话：") == "office"
    assert _label_kind("手线：") is None  # 手机 or 直线


def test_a_letter_label_run_into_a_link() -> None:
    from ocr.extract import find_website

    assert find_website("Whttps://ww.granite.com") == "www.granite.com"
    assert find_website("Whttp://granite.com/en") == "granite.com/en"


def test_a_card_read_too_thinly_to_reach_anyone_is_asked() -> None:
    # a small, blurred photo: the reader made out the firm and a name and nothing else, so
    # what little it read is no surer than the rest it could not read
    lines = [
        Line("武汉运景教育科技有限公司", (182, 75, 527, 79), 63, 0.85),
        Line("张萱小", (89, 238, 263, 103), 82, 0.99),
    ]
    result = extract_fields(lines, "CN")
    assert result.company == "武汉运景教育科技有限公司"
    assert result.confidence["company"] < 0.8
    assert result.confidence["name"] < 0.8


def test_a_phone_icon_read_as_a_digit_hides_the_number_from_the_matcher() -> None:
    # "0 001 206 801 6000": with the icon's "0" no number is found in the line at all
    lines = card(
        ("Ember Coffee Roasters", 47),
        ("Kelly Miller", 78),
        ("Sales Associate", 38),
        ("0 001 206 801 6000", 32),
        ("Fax +1-615-698-6549", 28),
        ("kellym@ember.co", 30),
    )
    phone = extract_fields(lines, "CN").phone
    assert phone is not None and phone.e164 == "+12068016000"


def test_a_street_named_before_its_word_then_the_house_number() -> None:
    # "Gran Vía 208": the street word, accented, between the street's name and the number
    from ocr.extract import is_address

    assert is_address("Gran Vía 208") >= 0.7
    assert is_address("Gran Via.58") >= 0.7
    lines = card(
        ("Inmobiliaria Tovar", 46),
        ("GOYO PIÑA PUIG", 54),
        ("Inmobiliaria Tovar SL", 38),
        ("Mobile: 638 594 108", 37),
        ("Gran Vía 208", 34),
        ("46001 Valencia", 34),
    )
    assert extract_fields(lines, "ES").address == "Gran Vía 208, 46001 Valencia"


def test_a_messenger_label_read_one_character_off_does_not_hide_a_number() -> None:
    # "微仿" may be 微信, but a number to call is not dropped on a guess
    from ocr.extract import _label_kind

    assert _label_kind("微仿 : ") is None


def test_an_address_goes_on_past_a_unit_on_a_line_of_its_own() -> None:
    # "#09-112" or "1°A" alone between the street and the postcode line: the flat, not a number
    # to call, and the address goes on below it
    lines = card(
        ("Vivian Ong", 50),
        ("Business Development Manager", 30),
        ("Mobile: (65) 8769-3238", 28),
        ("Ironbark Software Pte. Ltd.", 28),
        ("258 Shenton Way", 30),
        ("#09-112", 28),
        ("Singapore 434964", 28),
    )
    assert extract_fields(lines, "SG").address == "258 Shenton Way, #09-112, Singapore 434964"


def test_an_address_ends_on_a_line_naming_its_country() -> None:
    # "Wan Chai, Hong Kong", "Singapore382493": a district before the country, or the country
    # with its postcode run in, end the address as the country alone does
    lines = card(
        ("Lau Wai Kit", 40),
        ("Email wlau@quill.com.hk", 27),
        ("Quill Print Limited", 27),
        ("23/F, Unit 10", 27),
        ("Central Plaza, 272 Gloucester Road", 27),
        ("Wan Chai, Hong Kong", 27),
    )
    assert extract_fields(lines, "HK").address == (
        "23/F, Unit 10, Central Plaza, 272 Gloucester Road, Wan Chai, Hong Kong"
    )
    lines = card(("Ahmad Hafiz", 40), ("252 Changi Business Park Crescent", 27),
                 ("#11-87", 27), ("Singapore382493", 27))  # fmt: skip
    assert extract_fields(lines, "SG").address == (
        "252 Changi Business Park Crescent, #11-87, Singapore382493"
    )


def test_a_hong_kong_address_ends_on_its_district_and_hk() -> None:
    # Hong Kong has no postcode: its addresses end on the district and "HK", written as often
    # as "Hong Kong" is
    lines = card(
        ("Chan Siu Ming", 40),
        ("Email smchan@harbourlink.hk", 27),
        ("Room 1203, 12/F", 27),
        ("Harbour Centre, 25 Harbour Road", 27),
        ("Wan Chai, HK", 27),
    )
    assert extract_fields(lines, "HK").address == (
        "Room 1203, 12/F, Harbour Centre, 25 Harbour Road, Wan Chai, HK"
    )


def test_a_degree_sign_after_a_floor_number_is_the_ordinal_sign() -> None:
    # PP-OCR reads the "º" of "4º B" (the fourth floor) as a degree sign
    lines = card(
        ("Ana Pérez", 40),
        ("Tel: +34 914 599 652", 27),
        ("Avenida de la Constitución 206, 4° B, 48008 Bilbao, España", 27),
    )
    assert extract_fields(lines, "ES").address == (
        "Avenida de la Constitución 206, 4º B, 48008 Bilbao, España"
    )


def test_an_m_read_as_two_letters_in_the_top_level_domain() -> None:
    # "crescent.cotn": no such top-level domain; "m" read as "tn" (or "rn") gives a common one
    from ocr.extract import find_emails, find_website

    assert find_emails("Mail: douglasw@crescent.cotn") == ["douglasw@crescent.com"]
    assert find_website("www.crescent.corn") == "www.crescent.com"
    assert find_emails("ana@firma.de") == ["ana@firma.de"]  # a real one is left alone


def test_a_hyphenated_domain_misread_where_the_firm_name_is_read_right() -> None:
    # "ember-hoidings.sg" under "Ember Holdings": the l misread in both the website and the
    # email; the firm's name, read surely, spells the domain without its hyphen
    lines = card(
        ("Ember Holdings", 58),
        ("Eric Chua", 60),
        ("Account Executive", 45),
        ("www.ember-hoidings.sg", 41),
        ("eric.chua@ember-hoidings.sg", 41),
        ("Ember Holdings Pte. Ltd.", 41),
    )
    result = extract_fields(lines, "SG")
    assert result.emails == ["eric.chua@ember-holdings.sg"]
    assert result.website == "www.ember-holdings.sg"


def test_an_email_that_already_spells_the_name_is_left_alone() -> None:
    # "ywang" is Yi Wang's initial and family name: no thin letter was lost ("yiwang")
    from ocr.extract import email_after_name

    assert email_after_name("ywang@qinghe-chem.com", "汪一") == "ywang@qinghe-chem.com"
    assert email_after_name("ljones@x.com", "Li Jones") == "ljones@x.com"
    assert email_after_name("ljuan.wei@haichuang.com.cn", "魏丽娟") == "lijuan.wei@haichuang.com.cn"


def test_the_label_e_run_in_and_a_thin_letter_lost_in_one_address() -> None:
    # "Ecastilasilvestre": the label E before the address and one l of Castilla lost
    from ocr.extract import email_after_name

    assert email_after_name("ecastilasilvestre@grupo83.es", "Silvestre Castilla") == (
        "castillasilvestre@grupo83.es"
    )


def test_a_chinese_address_ends_at_its_room() -> None:
    # a Chinese address runs from the province down to the room: a line of characters below
    # one ending in the room or floor number is a slogan, not more of the address
    lines = card(
        ("李永侠", 58),
        ("传真 Fax:+8651229528903", 29),
        ("邮箱Email:liyongxia@huaxin.cn", 29),
        ("江苏省苏州市姑苏区现代大道519号科技园A座14F-1408", 29),
        ("专注品质二十年", 29),
    )
    assert extract_fields(lines, "CN").address == "江苏省苏州市姑苏区现代大道519号科技园A座14F-1408"
    lines = card(
        ("黄博婕", 86),
        ("W网址:https://wwwtiancheng-medi.cn", 44),
        ("深圳市罗湖区福华三路185号国际贸易中心4层411", 47),
        ("诚信·专业·共系", 47),
    )
    assert extract_fields(lines, "CN").address == "深圳市罗湖区福华三路185号国际贸易中心4层411"
    # a wrapped line that goes on with the building is still the address
    lines = card(
        ("黄博婕", 86),
        ("W网址:https://wwwtiancheng-medi.cn", 44),
        ("深圳市罗湖区福华三路185号", 47),
        ("国际贸易中心4层411", 47),
    )
    assert extract_fields(lines, "CN").address == "深圳市罗湖区福华三路185号国际贸易中心4层411"


def test_a_chinese_address_ends_at_the_postcode_after_its_room() -> None:
    # the six-digit postcode, bracketed or after 邮编, follows the room on many cards: the
    # slogan below is no more of the address than after the room alone
    lines = card(
        ("陈立新", 58),
        ("手机 139 1234 5678", 29),
        ("杭州市西湖区文三路88号华星大厦1201室（310012）", 29),
        ("品质成就未来", 29),
    )
    assert extract_fields(lines, "CN").address == "杭州市西湖区文三路88号华星大厦1201室(310012)"
    lines = card(
        ("陈立新", 58),
        ("手机 139 1234 5678", 29),
        ("杭州市西湖区文三路88号华星大厦1201室 邮编310012", 29),
        ("品质成就未来", 29),
    )
    assert extract_fields(lines, "CN").address == "杭州市西湖区文三路88号华星大厦1201室邮编310012"


def test_the_english_address_after_a_wrapped_room_is_not_the_chinese_ones() -> None:
    # the room wrapped onto a line of its own without a character ("12F-1203"): the English
    # address under it is the same address again, not more of it
    lines = card(
        ("陈立新", 58),
        ("手机 139 1234 5678", 29),
        ("地址：上海市 浦东新区 世纪大道100号", 29),
        ("12F-1203", 29),
        ("Room 1203, No.100 Century Avenue", 27),
        ("Pudong New District, Shanghai 200120", 27),
    )
    assert extract_fields(lines, "CN").address == "上海市浦东新区世纪大道100号12F-1203"


def test_the_english_address_with_a_stray_character_is_not_the_chinese_ones() -> None:
    # a blot in the English line under a Chinese address read as one character: still the
    # address's English version, not more of it
    lines = card(
        ("陈立新", 58),
        ("手机 139 1234 5678", 29),
        ("上海市浦东新区世纪大道100号12楼1203室", 29),
        ("Room 1203, 12th 了 Floor, No.100 Century Avenue", 27),
    )
    assert extract_fields(lines, "CN").address == "上海市浦东新区世纪大道100号12楼1203室"


def test_a_letter_label_before_a_chinese_label_misread() -> None:
    # "F传：": the bilingual label F 传真 with its Chinese half cut short; the F still says fax
    from ocr.extract import _label_kind

    assert _label_kind("/F传：") == "fax"
    assert _label_kind("T电话：") != "fax"
    lines = card(
        ("黄博婕", 86),
        ("T电话：+8675579352519/F传：(0755)79019612", 44),
        ("E电邮: bojieh@qq.com", 45),
    )
    result = extract_fields(lines, "CN")
    assert result.fax is not None and result.fax.e164 == "+8675579019612"
    assert result.phone is not None and result.phone.e164 == "+8675579352519"


def test_a_surname_written_in_traditional_characters_is_a_surname() -> None:
    # 陳, 黃, 張: the traditional forms of 陈, 黄, 张 (Hong Kong, Taiwan) sound as they do
    from ocr.extract import han_name

    assert han_name("陳俊傑") == ("陳俊傑", True)
    assert han_name("黃宇雪") == ("黃宇雪", True)
    assert han_name("張偉") == ("張偉", True)
    assert han_name("們好")[1] is False  # a traditional character that sounds like no surname
    lines = card(
        ("汇通科技", 69),
        ("陳俊傑", 50),
        ("Ivan Chan", 31),
        ("電話+85222625161/手機+85268342580（微信同号）", 33),
        ("電郵ivan.chan@thistle.hk", 28),
        ("網址thistle.hk", 30),
    )
    assert extract_fields(lines, "HK").name == "陳俊傑"


def test_a_traditional_name_on_a_card_written_simplified_is_asked() -> None:
    # 黃 on a Suzhou card that writes 网络 and 传真: PP-OCR read 黄 as its traditional form;
    # the one simplified family name that sounds so is put back, and the rep still asked
    lines = card(
        ("安泰网络科技", 79),
        ("黃宇雪", 53),
        ("HUANG Yuxue", 29),
        ("销售经理", 39),
        ("电话Tel:0086 512 37293378", 29),
        ("传真Fax:+86 512 8689 3664", 29),
    )
    result = extract_fields(lines, "CN")
    assert result.name == "黄宇雪" and result.confidence["name"] < 0.8


def test_a_state_and_zip_code_run_together() -> None:
    # "NY10066": PP-OCR lost the space between the state and the ZIP code
    lines = card(
        ("Henry Olsen", 50),
        ("Mobile:+1-415-461-7567", 29),
        ("Mail:olsen.henry@huang.co", 29),
        ("2014 Franklin Boulevard Suite 2234 New York", 27),
        ("NY10066", 30),
    )
    assert extract_fields(lines, "US").address == (
        "2014 Franklin Boulevard Suite 2234 New York, NY10066"
    )


def test_a_letter_label_run_into_the_website() -> None:
    # "W.www.x.com", "W_wwww.x.com": the label W and its colon read as a dot or an underscore
    from ocr.extract import find_website

    assert find_website("W.www.junipersolicitors.com") == "www.junipersolicitors.com"
    assert find_website("W_wwww.stollbau.com") == "www.stollbau.com"
    assert find_website("M.Sc. works at acme.com") == "acme.com"


def test_a_two_character_label_whose_second_character_was_read_as_digits() -> None:
    # "传51+86-29-2942-2264": 传真 with 真 read as "51"; the first character tells the kind
    # when every label it begins is of one kind
    from ocr.extract import _label_kind

    assert _label_kind("传51") == "fax"
    assert _label_kind("手") == "mobile"  # 手机 and 手機 alike
    assert _label_kind("号") is None  # no label begins so: the end of an address's number


def test_a_letter_label_with_its_colon_read_as_a_dot_before_a_link() -> None:
    from ocr.extract import find_website

    # "W.https://…": the label W, its colon read as a dot
    assert find_website("W.https://www.aurora.com.au") == "www.aurora.com.au"
    assert find_website("W_https://granite.com/en") == "granite.com/en"


def test_a_roman_numeral_read_with_small_ls_in_an_address() -> None:
    # "Phase Il", "Tower lI": a second phase, block or tower of a park or an estate, its "II"
    # read as capital I and small l, which no word mixes
    assert repair_roman("Room 905, Science Park Phase Il, 12 Keji Road") == (
        "Room 905, Science Park Phase II, 12 Keji Road"
    )
    assert repair_roman("Tower lI, 8 Harbour Road") == "Tower II, 8 Harbour Road"
    assert repair_roman("Block IIl, Pioneer Estate") == "Block III, Pioneer Estate"
    # an Italian article and the old abbreviation of Illinois stay as read
    assert repair_roman("Via Il Prato 12, Firenze") == "Via Il Prato 12, Firenze"
    assert repair_roman("400 Lake Shore Dr, Chicago, Ill. 60611") == (
        "400 Lake Shore Dr, Chicago, Ill. 60611"
    )


def test_a_handset_icon_digit_that_makes_a_foreign_number() -> None:
    # "0 93751854" on a Hong Kong card: with the icon's 0 a German landline, without it the
    # card's own Hong Kong mobile
    from ocr.extract import find_phones

    line = Line("0 93751854", (0, 0, 200, 30), 24, 0.95)
    assert [p.e164 for p in find_phones(line, ["HK", "CN"])] == ["+85293751854"]
    # a number that is the card's own with its leading 0 keeps it
    line = Line("0755 2941 0126", (0, 0, 200, 30), 24, 0.95)
    assert [p.e164 for p in find_phones(line, ["CN"])] == ["+8675529410126"]


def test_a_number_dialled_from_abroad_with_00() -> None:
    from ocr.extract import find_phones, idd_plus

    assert idd_plus("001 646 8331908") == "+1 646 8331908"
    assert idd_plus("Tel: 0044 20 7946 0958") == "Tel: +44 20 7946 0958"
    assert idd_plus("0086 21 6288 3000") == "+86 21 6288 3000"
    # no valid number after it: left alone (a Chinese trunk 0 before an area code)
    assert idd_plus("021 6288 3000") == "021 6288 3000"
    assert idd_plus("00 12") == "00 12"
    line = Line("001 646 8331908", (0, 0, 200, 30), 24, 0.95)
    assert [p.e164 for p in find_phones(line, ["US", "CN"])] == ["+16468331908"]


def test_a_line_of_phone_numbers_with_a_bar_and_an_extension_is_no_address() -> None:
    # "302-9844" has the shape of a Japanese postcode
    from ocr.extract import is_address

    assert is_address("0 (647) 302-9844 |5144324139 ext 8117") == 0.0
    assert is_address("(647) 302-9844 x 12") == 0.0
    assert is_address("Tokyo 302-9844") > 0.0


def test_a_house_number_run_into_the_street() -> None:
    # "992-3561Lake Str": PP-OCR lost the space; its unit and house number are no phone
    lines = card(
        ("Luna Obermayr", 60),
        ("Charles Properties", 40),
        ("lobermayr@charles.com", 33),
        ("0 (647) 302-9844 |5144324139 ext 8117", 33),
        ("www.charles.com", 33),
        ("992-3561Lake Str, Montréal", 33),
        ("QC H3B 6N7", 33),
    )
    result = extract_fields(lines, "CN")
    assert result.phone is not None and result.phone.e164 == "+16473029844"
    assert result.address is not None and result.address.startswith("992-3561")


def test_a_site_read_bare_from_a_misread_mailbox_then_marked_www() -> None:
    from ocr.extract import marked_over_bare

    assert marked_over_bare("daltonbotels.hk", "www.daltonhotels.hk")
    assert not marked_over_bare("www.daltonhotels.hk", "www.daltonbotels.hk")
    assert not marked_over_bare("daltonhotels.hk", "www.linkedin.com")
    lines = card(
        ("Dalton Hotels", 54),
        ("Wong Mei Yee, Ken", 65),
        ("Mob: +852 9123 2385", 29),
        ("Email: ken. wougi/daltonbotels.hk", 29),
        ("Wete https://www.daltonhotels.hk", 33),
    )
    assert extract_fields(lines, "CN").website == "www.daltonhotels.hk"


def test_a_country_domain_with_its_c_read_as_an_e() -> None:
    # no registry has "en": one letter off it, "cn"; "comen" is com.cn with its dot lost
    from ocr.extract import find_emails, find_website, repair_tld

    assert find_website("网址：: www.hengruitech.en") == "www.hengruitech.cn"
    assert find_website("网址:www.hainagroup.comen") == "www.hainagroup.com.cn"
    assert find_emails("E: lin@acme.comen") == ["lin@acme.com.cn"]
    assert repair_tld("de") == "de"  # a registry's own is kept
    assert repair_tld("comde") == "com.de"
    # "cojp": co.jp with its dot lost; "coop" and "cool" are registries' own
    assert find_emails("taichi.tanaka@hashimoto-electr.cojp") == [
        "taichi.tanaka@hashimoto-electr.co.jp"
    ]
    assert repair_tld("coop") == "coop"
    assert repair_tld("cool") == "cool"
    assert find_website("https://www.derun.cn/en") == "www.derun.cn/en"  # a path, not a domain


def test_a_mailbox_whose_at_was_lost_is_not_the_website() -> None:
    # the address read first as a host ending in the site's, then the site itself
    from ocr.extract import marked_over_bare

    assert marked_over_bare("muin.heghengruitech.cn", "www.hengruitech.cn")
    lines = card(
        ("成都恒瑞食品有限公司", 60),
        ("何民", 110),
        ("E-mail: muin.heghengruitech.cn", 33),
        ("网址：: www.hengruitech.en", 33),
        ("手机：+8619125355663", 33),
    )
    assert extract_fields(lines, "CN").website == "www.hengruitech.cn"


def test_a_mail_service_with_its_m_read_as_two_letters() -> None:
    from ocr.extract import find_emails, repair_mail_host

    assert find_emails("E : wen.bai@foxnuail.com") == ["wen.bai@foxmail.com"]
    assert repair_mail_host("hotrnail.com") == "hotmail.com"
    assert repair_mail_host("gruail.com") == "gmail.com"  # PP-OCR on a blurred photo
    assert repair_mail_host("gnx.de") == "gmx.de"
    assert repair_mail_host("acrne.com") == "acrne.com"  # not a mail service: left as read


def test_the_site_another_line_prints_when_the_first_host_was_a_mailbox() -> None:
    # "wen.baigfoxnuail.com": the address with its @ read as g, first taken for the site
    lines = card(
        ("深圳卓越建筑工程有限公司", 45),
        ("白文", 59),
        ("Bai Wen Foreign Trade Sales", 27),
        ("E : wen.baigfoxnuail.com", 32),
        ("T电话：8675531140938", 27),
        ("W址:www.zhuoyue.cn", 30),
    )
    result = extract_fields(lines, "CN")
    assert result.emails == ["wen.bai@foxmail.com"]
    assert result.website == "www.zhuoyue.cn"


def test_hk_after_a_comma_says_hong_kong() -> None:
    from ocr.extract import region_hints

    assert region_hints("263 Kwun Tong Road, Kwun Tong, HK", "CN")[0] == "HK"


def test_a_handset_icon_run_into_the_number_as_a_zero() -> None:
    # on a card from Chicago: with the 0 a Chinese mobile, without it a US number
    from ocr.extract import find_phones

    def read(text: str, regions: list[str]) -> list[str]:
        return [p.e164 for p in find_phones(Line(text, (0, 0, 200, 30), 24, 0.95), regions)]

    assert read("017733820941", ["US", "CN"]) == ["+17733820941"]
    assert read("0917-801-4811", ["US", "CN"]) == ["+19178014811"]
    # a number the first region dials with its trunk 0 keeps it
    assert read("020 7946 0958", ["GB", "CN"]) == ["+442079460958"]
    assert read("013812345678", ["US", "CN"]) == ["+8613812345678"]


def test_the_number_after_one_with_an_extension_is_printed_bare() -> None:
    # the first number's "(ext 668)" is no label of the second: the bare one is the person's
    from ocr.extract import find_phones, order_phones

    line = Line("0 +16172305552 (ext 668) | +1 615 891 8656", (0, 0, 600, 30), 24, 0.95)
    assert order_phones(find_phones(line, ["US", "CN"]))[0].e164 == "+16158918656"


def test_a_french_card_known_by_its_tel_label_or_its_sarl() -> None:
    from ocr.extract import region_hints

    assert region_hints("Tél. 03-55-28-10-93 ext. 133", "CN")[0] == "FR"
    assert region_hints("Evergreen Informatique SARL", "CN")[0] == "FR"


def test_a_mailbox_spelling_another_reading_of_the_family_name_is_kept() -> None:
    # 曾 is "zeng" as a family name and "ceng" in a word: either is the name, no misread
    from ocr.extract import _name_locals, email_after_name

    assert email_after_name("yanming.zeng@163.com", "曾彦明") == "yanming.zeng@163.com"
    assert {"yanming.zeng", "yanming.ceng"} <= _name_locals("曾彦明")
    assert email_after_name("wang.xiaoming@x.cn", "王小明") == "wang.xiaoming@x.cn"


def test_an_address_ends_on_hong_kong_sar() -> None:
    from ocr.extract import names_country

    assert names_country("Causeway Bay, Hong Kong SAR")
    assert names_country("Causeway Bay. Hong Kong SAR")  # the comma read as a dot
    assert names_country("Taipa, Macau")
    assert names_country("Chaoyang District, Beijing, P.R. China")
    assert not names_country("Causeway Bay Plaza")
    lines = card(
        ("Wong Mei Yee, Ken", 65),
        ("Mob: +852 9123 2385", 29),
        ("Flat 14, 40/F, Times Square, 206 Des Voeux Road Central", 30),
        ("Causeway Bay, Hong Kong SAR", 30),
    )
    assert extract_fields(lines, "CN").address == (
        "Flat 14, 40/F, Times Square, 206 Des Voeux Road Central, Causeway Bay, Hong Kong SAR"
    )


def test_a_logo_drawn_as_the_firms_first_character_read_with_the_name() -> None:
    from ocr.extract import logo_char_dropped

    assert logo_char_dropped("德德润电子", "derun") == "德润电子"
    assert logo_char_dropped("乐乐科技", "lele") == "乐乐科技"  # the domain spells it twice
    assert logo_char_dropped("德德润电子", None) == "德德润电子"  # no domain: no evidence
    lines = card(
        ("德德润电子", 70),
        ("吴凯", 57),
        ("财务总监", 35),
        ("Tel: +86 28 4274 4682", 30),
        ("E-mail: wendy.wu@derun.cn", 33),
        ("Web:https://www.derun.cn", 33),
    )
    assert extract_fields(lines, "CN").company == "德润电子"


def test_a_firm_word_misread_in_look_alike_letters_spelled_by_a_surer_wordmark() -> None:
    from ocr.extract import firm_words_from_surer

    name = "Wuhan Dingsheng Loglstlcs Co., Ltd."
    wordmark = Line("DINGSHENG LOGISTICS", (0, 0, 900, 70), 60, 1.0)
    read = Line(name, (0, 100, 700, 30), 28, 0.97)
    assert firm_words_from_surer(name, [wordmark, read]) == "Wuhan Dingsheng Logistics Co., Ltd."
    # the wordmark read less surely than the name: no evidence
    unsure = Line("DINGSHENG LOGISTICS", (0, 0, 900, 70), 60, 0.9)
    assert firm_words_from_surer(name, [unsure, read]) == name
    # a word that differs in other letters is another word
    other = Line("DINGSHENG LOGISTECH", (0, 0, 900, 70), 60, 1.0)
    assert firm_words_from_surer(name, [other, read]) == name


def test_an_address_in_a_house_style_of_the_name_is_not_mended() -> None:
    from ocr.extract import email_after_name

    # the given name and the family name's initial; the capitals mark LI as the family name
    assert email_after_name("jingyul@dingsheng.com", "LI Jingyu") == "jingyul@dingsheng.com"
    assert email_after_name("chenl@hengrui.com", "LI Chen") == "chenl@hengrui.com"
    # an initial and the family name, whatever given name the card prints
    assert email_after_name("cchow@clearview.com", "Ivan Chow") == "cchow@clearview.com"
    # the first letter read twice is still mended where no house style spells the address
    assert email_after_name("mmatthew@x.com", "Matthew Lee") == "matthew@x.com"


def test_a_letter_put_in_an_address_that_spells_both_names() -> None:
    from ocr.extract import email_after_name

    assert email_after_name("james.davise@x.com", "James Davis") == "james.davis@x.com"
    # an address of one name lengthened by a letter may be a house style of its own
    assert email_after_name("jamesx@x.com", "James Davis") == "jamesx@x.com"


def test_the_mail_label_and_the_gap_after_it_read_into_the_address() -> None:
    from ocr.extract import email_after_name

    assert email_after_name("e_yuhuaz@qiming.cn", "Yuhua Zhuge") == "yuhuaz@qiming.cn"
    assert email_after_name("e_smith@x.com", "Yuhua Zhuge") == "e_smith@x.com"


def test_a_country_printed_as_dotted_initials_ends_an_address() -> None:
    from ocr.extract import names_country

    assert names_country("P.R.C.")
    assert names_country("Shenzhen 518182, U.S.A.")
    assert not names_country("A.B.C.")
    lines = card(
        ("CHEN Jia", 52),
        ("Chairman", 28),
        ("+86-185-1815-3604", 27),
        ("Rm 1913, No.1773 Huaqiang North Road", 25),
        ("Bao'an District, Shenzhen 518182", 27),
        ("P.R.C.", 27),
    )
    assert extract_fields(lines, "CN").address.endswith("Shenzhen 518182, P.R.C")


def test_an_indian_domain_makes_numbers_indian() -> None:
    lines = card(
        ("Priya Rao", 86),
        ("Travel Consultant", 43),
        ("C 074832 55325", 42),
        ("E raopriya@williamspharma.in", 42),
    )
    assert extract_fields(lines, "CN").phone.e164 == "+917483255325"


def test_a_firm_word_one_letter_off_the_wordmark_that_repeats_the_name() -> None:
    from ocr.extract import mend_firm_words

    wordmark = Line("Kestrel Automation", (0, 0, 500, 60), 48, 1.0)
    read = Line("Kestel Automation e.K.", (0, 100, 300, 33), 33, 0.95)
    assert mend_firm_words(read.text, [wordmark, read]) == ("Kestrel Automation e.K.", False)
    # a letter cut at the start, and a word the wordmark does not confirm: ask
    wordmark = Line("Dingsheng Medical", (0, 0, 500, 60), 48, 1.0)
    read = Line("ingsheng Medical Devices Co., L.at", (0, 100, 400, 33), 33, 0.89)
    assert mend_firm_words(read.text, [wordmark, read]) == (
        "Dingsheng Medical Devices Co., L.at",
        True,
    )
    # a surer line sharing no word with the firm's name is no wordmark of it
    other = Line("Kestrel Bailey", (0, 0, 500, 60), 48, 1.0)
    read = Line("Kestel Automation e.K.", (0, 100, 300, 33), 33, 0.95)
    assert mend_firm_words(read.text, [other, read])[0] == "Kestel Automation e.K."
    # nor is a web address, which the domain rules weigh on their own
    url = Line("https://www.embor.com.au", (0, 0, 300, 20), 20, 1.0)
    read = Line("Ember Semiconductors Pty. Ltd", (0, 100, 400, 20), 20, 0.99)
    assert mend_firm_words(read.text, [url, read])[0] == read.text


def test_the_legal_name_under_a_wordmark_read_one_letter_off() -> None:
    lines = [
        Line("VH", (75, 92, 58, 27), 37, 1.0),
        Line("Verity Holdings", (173, 92, 289, 54), 43, 0.98),
        Line("Nicholas Morgan", (53, 208, 539, 79), 63, 1.0),
        Line("Cell 4032361552", (56, 343, 222, 36), 29, 0.95),
        Line("Vierity Holdings Corp.", (57, 458, 305, 41), 33, 0.97),
        Line("3317 Elizabeth Street, Unit 2482", (58, 498, 423, 39), 31, 0.9),
        Line("Ottawa, ON K1P 2J3", (56, 537, 270, 41), 33, 0.9),
    ]
    assert extract_fields(lines, "CA").company == "Verity Holdings Corp."


def test_a_domain_mended_by_the_wordmark_before_it_picks_the_firm() -> None:
    lines = [
        Line("SP", (465, 50, 58, 46), 37, 1.0),
        Line("Smith Pharma", (265, 129, 461, 48), 38, 1.0),
        Line("Josephine Cook", (332, 209, 330, 46), 37, 1.0),
        Line("Stte Supervtor Enterprae Solutioos Group", (246, 257, 499, 33), 26, 0.73),
        Line("Tel. +1-614-881-5265", (363, 309, 271, 29), 23, 0.95),
        Line("https://www.srith.io", (365, 376, 263, 31), 25, 0.98),
    ]
    assert extract_fields(lines, "US").company == "Smith Pharma"


def test_a_cut_mailbox_whose_last_letter_is_half_a_glyph() -> None:
    from ocr.extract import finish_cut_email

    site = "www.shengshitech.com"
    assert finish_cut_email("E-mail: liuyongyi@shengshited", site) == ("liuyongyi@shengshitech.com")
    assert finish_cut_email("E-mail: liuyongyi@shengshitec", site) == ("liuyongyi@shengshitech.com")
    assert finish_cut_email("E-mail: liuyongyi@shengsxxxx", site) is None


def test_a_legal_form_run_into_the_name_before_it() -> None:
    from ocr.extract import legal_form_apart

    assert legal_form_apart("Juniper SemiconductorsCorp.") == "Juniper Semiconductors Corp."
    assert legal_form_apart("Meridian StudioLtd") == "Meridian Studio Ltd"
    assert legal_form_apart("McCoy Partners") == "McCoy Partners"
    assert legal_form_apart("PepsiCo, Inc.") == "PepsiCo, Inc."  # a brand's own Co
    assert legal_form_apart("Meridian StudioCo.") == "Meridian Studio Co."
    assert legal_form_apart("www.juniperCorp.com") == "www.juniperCorp.com"
    lines = card(
        ("JUNIPERSEMICONDUCTORS", 72),
        ("Rose Jones", 48),
        ("Founder", 39),
        ("Direct +1 305339 0148|Cell +1858 617 3903", 39),
        ("Juniper SemiconductorsCorp.", 44),
    )
    assert extract_fields(lines, "US").company == "Juniper Semiconductors Corp."


def test_an_english_ordinals_small_letters_misread() -> None:
    from ocr.extract import english_ordinal

    assert english_ordinal("Unit 5, 29uh Floor, IFC Tower") == "Unit 5, 29th Floor, IFC Tower"
    assert english_ordinal("22rd Street") == "22nd Street"
    assert english_ordinal("12th Floor, 1st Avenue") == "12th Floor, 1st Avenue"
    assert english_ordinal("25mm Pipe Works") == "25mm Pipe Works"


def test_a_letter_of_a_uk_postcodes_unit_read_as_a_digit() -> None:
    from ocr.extract import repair_postcode

    assert repair_postcode("Cambridge,CB2 38E") == "Cambridge,CB2 3BE"
    assert repair_postcode("Toronto, ON M5J 2J2") == "Toronto, ON M5J 2J2"
    assert repair_postcode("SW1 123") == "SW1 123"


def test_the_floor_abbreviated_with_its_l_read_as_a_capital_i() -> None:
    lines = card(
        ("Cynthia Patterson", 56),
        ("Director", 28),
        ("(403) 627-6200", 27),
        ("5774 Bay Avenue FI 2163 Montréal", 27),
        ("QC H3B 6T6", 27),
    )
    assert extract_fields(lines, "CA").address == "5774 Bay Avenue Fl 2163 Montréal, QC H3B 6T6"


def test_a_country_domain_with_its_c_read_as_an_o() -> None:
    from ocr.extract import repair_tld

    assert repair_tld("on") == "cn"
    assert repair_tld("om") == "om"  # Oman's


def test_the_mail_domain_agrees_with_the_website_once_the_wordmark_mended_it() -> None:
    lines = [
        Line("Ember Semiconductors", (150, 63, 804, 62), 50, 0.99),
        Line("Elizabeth Bailey", (61, 164, 331, 46), 37, 1.0),
        Line("Director of Operations", (63, 216, 260, 28), 22, 0.97),
        Line("M +61437 214 581", (62, 375, 228, 25), 20, 0.96),
        Line("ebailey@erbercom.au", (61, 408, 269, 26), 21, 0.96),
        Line("https://www.embor.com.au", (62, 440, 307, 25), 20, 0.99),
        Line("Ember Semiconductors Pty. Ltd", (63, 471, 403, 26), 21, 0.99),
    ]
    result = extract_fields(lines, "AU")
    assert result.website == "www.ember.com.au"
    assert result.emails == ["ebailey@ember.com.au"]


def test_h_slash_p_is_a_handphone_not_a_phone() -> None:
    # Singapore and Malaysia label a mobile "H/P" (handphone): its "P" is no office phone
    lines = card(
        ("Paragon Studio", 50),
        ("Jack Goh", 60),
        ("Site Supervisor", 36),
        ("DID: +65-6226-3489 ext 427", 30),
        ("H/P: +65 9051 5001", 30),
    )
    phone = extract_fields(lines, "CN").phone
    assert phone is not None and phone.e164 == "+6590515001" and phone.kind == "mobile"


def test_a_spanish_floor_on_its_own_line_with_its_ordinal_read_as_o() -> None:
    # "C/ Mayor 63" / "9º C" / "48005 Bilbao": the floor's raised º comes out as a small o
    lines = card(
        ("Lastra Logística", 50),
        ("Ignacio Sosa Luna", 60),
        ("M.+34644937726", 30),
        ("E. ignacios@lastra.com", 30),
        ("C/ Mayor 63", 30),
        ("9oC", 30),
        ("48005 Bilbao", 30),
    )
    assert extract_fields(lines, "CN").address == "C/ Mayor 63, 9º C, 48005 Bilbao"


def test_a_chinese_firm_with_one_character_before_its_trade_is_asked() -> None:
    # the logo's 華 read as a line apart: "茂物流有限公司" is what is left of 華茂物流有限公司
    lines = card(
        ("華", 80),
        ("鄧偉文", 60),
        ("茂物流有限公司", 40),
        ("電話:35504142", 30),
        ("手機:+85295083729", 30),
    )
    result = extract_fields(lines, "HK")
    assert result.company == "茂物流有限公司"
    assert result.confidence["company"] < 0.8
    assert not trade_name_cut("華茂物流有限公司") and not trade_name_cut("北京天成文化传媒有限公司")


def test_a_name_one_letter_off_its_email_is_asked() -> None:
    # "Anh Trin" beside anh.tran@: the name or the address misread, and neither says which
    lines = card(
        ("Zephyr Systems", 50),
        ("Anh Trin", 60),
        ("Site Supervisor", 36),
        ("+61778927575", 30),
        ("anh.tran@zephyr.au", 30),
    )
    result = extract_fields(lines, "CN")
    assert result.name == "Anh Trin"
    assert result.confidence["name"] < 0.8


def test_an_address_one_letter_off_a_chinese_names_pinyin_is_mended() -> None:
    # 袁曦 is xyuan@: a misread character would be another syllable, not one letter off
    from ocr.extract import email_after_name

    assert email_after_name("xyuao@huaxin-furn.com", "袁曦") == "xyuan@huaxin-furn.com"
    assert email_after_name("tom.wu@huaxin-furn.com", "袁曦") == "tom.wu@huaxin-furn.com"


def test_a_wordmark_naming_a_trade_is_not_the_person() -> None:
    # "Okamoto Real Estate" over the person's name and a misread legal name: a trade, no name
    lines = card(
        ("Okamoto Real Estate", 70),
        ("Ryosuke Yamaguchi", 60),
        ("Camuto Real Estate Co, Esd.", 30),
        ("+81 3 5900 9780", 30),
    )
    assert extract_fields(lines, "JP").name == "Ryosuke Yamaguchi"
    assert company_score("Crescent Builders") > 0 and company_score("Ana Constructor") == 0


def test_a_title_set_beside_the_name_on_its_row_supports_the_name() -> None:
    # "林萍  外贸业务员": the title to the right of the name, in smaller type, on one row
    lines = [
        Line("杭州星辰化工有限公司", (201, 80, 608, 66), 52.9, 1.0),
        Line("林萍", (80, 247, 201, 71), 57.0, 1.0),
        Line("外贸业务员", (290, 256, 186, 53), 42.8, 1.0),
        Line("手机:+86-135-5932-5651", (83, 528, 356, 36), 28.5, 0.99),
        Line("地址:浙江省杭州余杭区文三路696号", (81, 650, 507, 41), 32.6, 1.0),
    ]
    result = extract_fields(lines, "CN")
    assert result.name == "林萍" and result.title == "外贸业务员"
    assert result.confidence["name"] >= 0.8


def test_an_address_of_the_given_name_and_family_initial_supports_the_name() -> None:
    # rhysl@ for Rhys Lyons: the given name and the family name's initial, a house style
    lines = card(
        ("SCOTT MOTORS", 50),
        ("Rhys Lyons", 50),
        ("office: +44 20 8484 1528", 30),
        ("E-mail: rhysl@scott.uk", 30),
        ("Scott Motors Limited", 30),
    )
    result = extract_fields(lines, "GB")
    assert result.name == "Rhys Lyons" and result.confidence["name"] >= 0.8


def test_a_surname_read_traditional_is_sure_when_the_address_spells_the_name() -> None:
    # 黃 read on a card that writes simplified: 黄, the one simplified surname of that sound,
    # and lipeng.huang@ spells the name, so the rep need not be asked
    lines = card(
        ("中泰医疗器械", 50),
        ("黃丽鹏", 70),
        ("人力资源经理", 36),
        ("手机196 2268 6390", 30),
        ("邮箱lipeng.huang@zhongtaigroup.cn", 30),
        ("成都中泰医疗器械有限公司", 30),
    )
    result = extract_fields(lines, "CN")
    assert result.name == "黄丽鹏" and result.confidence["name"] >= 0.8


def test_a_wordmark_that_is_the_firms_name_less_its_legal_form_is_no_rival() -> None:
    # "Paragon Law" as the wordmark, "Paragon Law Ltd" in the small print: one firm, read twice
    lines = [
        Line("Paragon Law", (220, 112, 468, 81), 65.2, 1.0),
        Line("Dejan Sokić", (81, 288, 286, 61), 48.9, 1.0),
        Line("Paragon Law Ltd", (1046, 354, 266, 36), 28.5, 0.99),
        Line("Site Supervisor", (84, 360, 228, 42), 33.6, 1.0),
        Line("W: paragon-law.co.uk", (1003, 398, 308, 37), 29.5, 0.98),
        Line("M: +44-7427-659479", (1008, 588, 304, 36), 28.5, 0.99),
    ]
    result = extract_fields(lines, "GB")
    assert result.company == "Paragon Law Ltd" and result.confidence["company"] >= 0.8


def test_a_wordmark_with_its_logo_character_read_twice_is_no_misspelling() -> None:
    # "云云帆贸易": the logo drawn as the firm's first character, boxed with the wordmark;
    # the legal name below agrees with it, and the firm is not asked
    lines = [
        Line("云云帆贸易", (60, 62, 313, 65), 52.0, 1.0),
        Line("姜曦捷", (52, 172, 108, 41), 32.8, 1.0),
        Line("采购", (53, 212, 47, 26), 20.8, 1.0),
        Line("手机18477039959", (57, 278, 153, 17), 13.6, 1.0),
        Line("邮箱xijiej@yunfantech.cn", (56, 299, 212, 21), 16.8, 1.0),
        Line("南京云帆贸易有限公司", (56, 342, 177, 20), 16.0, 0.99),
        Line("地址江苏省南京市玄武区汉中路1384号", (56, 365, 306, 21), 16.8, 1.0),
    ]
    result = extract_fields(lines, "CN")
    assert result.company == "南京云帆贸易有限公司" and result.confidence["company"] >= 0.8


def test_an_address_of_the_given_name_and_an_initial_of_a_double_or_chinese_family_name() -> None:
    # ignacios@ for Ignacio Sosa Luna (Sosa, the first of two family names, is the one in
    # use), qianghuiq@ for 秦强晖 (the family name first, its initial after the given name)
    from ocr.extract import _email_fit

    assert _email_fit("Ignacio Sosa Luna", {"ignacios"}) == 1.0
    assert _email_fit("秦强晖", {"qianghuiq"}) == 1.0
    assert _email_fit("秦强晖", {"qiangq"}) < 0.9


def test_an_m_read_as_rn_in_an_address_the_name_spells() -> None:
    # "subrarnaniam": the m of Subramaniam read as r and n; the name on the card has the m
    from ocr.extract import email_after_name

    assert (
        email_after_name("revathi_subrarnaniam@pinnaclelabs.uk", "Revathi Subramaniam")
        == "revathi_subramaniam@pinnaclelabs.uk"
    )
    assert email_after_name("vernon.kim@x.uk", "Vernon Kim") == "vernon.kim@x.uk"


def test_a_traditional_address_with_characters_read_simplified() -> None:
    # 湾 and 楼 among 區, 號, 廣場: the address is written traditional, those two misread
    lines = card(
        ("華茂物流有限公司", 50),
        ("鄧偉文", 60),
        ("手機:+85295083729", 30),
        ("地址:香港湾仔區港湾道76號時代廣場7楼20室", 30),
    )
    assert extract_fields(lines, "HK").address == "香港灣仔區港灣道76號時代廣場7樓20室"
    # a mainland address, written simplified, is left as it is
    mainland = "上海市浦东新区世纪大道1997号25层"
    assert traditional_address(mainland) == mainland
    # any character only the simplified set has is mended, not only an address's usual words
    assert traditional_address("臺北市信義區信义路五段7號") == "臺北市信義區信義路五段7號"
    # one both scripts share is kept as printed: Taiwan writes 台 and 里 too
    assert traditional_address("台北市中正區忠孝里3號") == "台北市中正區忠孝里3號"


def test_chinese_text_converts_between_the_two_scripts() -> None:
    assert simplified("副總經理") == "副总经理"
    assert simplified("軟件工程師") == "软件工程师"
    assert simplified("楊玉蘭") == "杨玉兰"
    assert simplified("销售经理 Sales") == "销售经理 Sales"
    assert simplified("Sales Manager") == "Sales Manager"
    assert traditional("港湾道") == "港灣道"


def test_a_chinese_firm_that_starts_with_its_trade_lost_its_own_name() -> None:
    # 深圳德润教育科技有限公司, its city and its name (德润) read apart in a vertical column
    assert trade_name_cut("教育科技有限公司")
    assert not trade_name_cut("德润教育科技有限公司")
    lines = [
        Line("教育科技有限公司", (80, 60, 400, 40), 40.0, 0.92),
        Line("陈华涵", (80, 160, 200, 60), 60.0, 0.99),
        Line("手机 +86 138 1234 5678", (80, 300, 300, 24), 24.0, 0.99),
    ]
    assert extract_fields(lines, "CN").confidence["company"] < 0.8


def test_a_web_address_cut_after_its_first_label_is_finished_from_the_mailbox() -> None:
    from ocr.extract import finish_cut_site

    mailbox = ["kelvin.chow@herreralogistics.com.hk"]
    cut = "網址:https://www.herreralogistics."
    assert finish_cut_site(cut, mailbox) == "www.herreralogistics.com.hk"
    assert finish_cut_site("Web: www.herreralogistics", mailbox) == "www.herreralogistics.com.hk"
    # another firm's host, or an address read whole, is left to find_website
    assert finish_cut_site("網址:https://www.herrera.", mailbox) is None
    assert finish_cut_site("www.herreralogistics.com.hk", mailbox) is None
    lines = [
        Line("云帆物流有限公司", (216, 88, 518, 61), 49, 1.0),
        Line("周志強", (90, 255, 183, 65), 52, 1.0),
        Line("電郵:kelvin.chow@herreralogistics.com.hk", (710, 481, 563, 33), 26, 1.0),
        Line("電話：+85221291780", (97, 486, 299, 25), 20, 1.0),
        Line(cut, (713, 524, 459, 25), 20, 0.98),
    ]
    assert extract_fields(lines, "HK").website == "www.herreralogistics.com.hk"
