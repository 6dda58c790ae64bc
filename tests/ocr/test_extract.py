"""Field extraction from known OCR text: pure functions, no Tesseract needed."""

from __future__ import annotations

from ocr import CardPhone, CardResult, Line, extract_fields
from ocr.extract import (
    agree_domains,
    chinese_house_numbers,
    company_after_domain,
    email_after_name,
    find_emails,
    find_website,
    german_umlaut,
    is_address,
    is_department,
    join_firm_pieces,
    latin_name,
    mend_chinese_title,
    name_after_email,
    normalize,
    places_mended,
    region_hints,
    repair_postcode,
    spanish_floor,
    split_at_labels,
    split_name_title,
    title_score,
)


def card(*rows: tuple[str, float]) -> list[Line]:
    """Lines top to bottom, left-aligned, each with its type height in pixels."""
    lines, top = [], 40
    for text, height in rows:
        lines.append(
            Line(text, (60, top, int(len(text) * height * 0.5), int(height)), height, 0.95)
        )
        top += int(height * 1.5)
    return lines


ENGLISH = card(
    ("Dr. Jane Smith", 70),
    ("Founder & CEO", 36),
    ("Northwind Traders Ltd", 44),
    ("Tel: +44 (0)20 7946 0958", 30),
    ("M: +44 (0)7700 900123", 30),
    ("Fax: +44 (0)20 7946 0959", 30),
    ("jane.smith@northwind.co.uk", 30),
    ("www.northwind.co.uk", 30),
    ("12 Baker Street", 30),
    ("London NW1 6XE", 30),
)

CHINESE = card(
    ("张伟", 80),
    ("Zhang Wei", 36),
    ("销售总监", 40),
    ("深圳市星河科技有限公司", 46),
    ("手机：１３８ ００１３ ８０００", 32),
    ("电话：0755-8888 6666", 32),
    ("传真：0755-8888 6667", 32),
    ("邮箱：zhangwei@xinghe.com.cn", 32),
    ("地址：广东省深圳市南山区科技园", 32),
    ("科苑路15号科兴大厦A座1201室", 32),
)


def test_english_card() -> None:
    result = extract_fields(ENGLISH, "CN")
    assert result.name == "Jane Smith"  # the honorific is not part of the name
    assert result.title == "Founder & CEO"
    assert result.company == "Northwind Traders Ltd"
    assert result.emails == ["jane.smith@northwind.co.uk"]
    assert result.website == "www.northwind.co.uk"
    assert result.address == "12 Baker Street, London NW1 6XE"
    assert [(p.e164, p.kind) for p in result.phones] == [
        ("+447700900123", "mobile"),
        ("+442079460958", "office"),
        ("+442079460959", "fax"),
    ]
    assert result.phone is not None and result.phone.e164 == "+447700900123"
    assert all(0.0 < result.confidence[f] <= 1.0 for f in result.confidence)


def test_chinese_card() -> None:
    result = extract_fields(CHINESE, "CN")
    assert result.name == "张伟"  # not the pinyin line
    assert result.title == "销售总监"
    assert result.company == "深圳市星河科技有限公司"
    assert result.emails == ["zhangwei@xinghe.com.cn"]
    assert result.address == "广东省深圳市南山区科技园科苑路15号科兴大厦A座1201室"
    kinds = [(p.e164, p.kind) for p in result.phones]
    assert kinds == [
        ("+8613800138000", "mobile"),  # full-width digits and colon
        ("+8675588886666", "office"),
        ("+8675588886667", "fax"),
    ]


def test_a_fax_is_never_the_phone() -> None:
    only_fax = extract_fields(card(("Li Na", 60), ("Fax: +86 10 6552 9988", 30)), "CN")
    assert [p.kind for p in only_fax.phones] == ["fax"]
    assert only_fax.phone is None and only_fax.confidence["phone"] == 0.0
    fax_first = extract_fields(
        card(("Li Na", 60), ("F +86 10 6552 9988", 30), ("T +86 10 6552 9900", 30)), "CN"
    )
    assert fax_first.phone is not None and fax_first.phone.e164 == "+861065529900"
    assert fax_first.phones[-1].kind == "fax"


def test_uk_trunk_prefix_after_country_code() -> None:
    result = extract_fields(card(("Tom Hardy", 60), ("T +44 (0)20 9876 5432", 30)), "CN")
    assert result.phone is not None and result.phone.e164 == "+442098765432"


def test_national_numbers_take_the_cards_country() -> None:
    us = extract_fields(
        card(("Ann Lee", 60), ("Cell (415) 872-2671", 30), ("1 Market St", 30),
             ("San Francisco, CA 94105", 30)),
        "CN",
    )  # fmt: skip
    assert us.phone is not None and us.phone.e164 == "+14158722671"
    assert us.phone.kind == "mobile" and us.phone.valid
    # no hint at all: a UK mobile is not a Chinese landline just because the default is CN
    uk = extract_fields(card(("Ann Lee", 60), ("Mobile 07998 614436", 30)), "CN")
    assert uk.phone is not None and uk.phone.e164 == "+447998614436"


def test_doubtful_numbers_are_kept_not_dropped() -> None:
    result = extract_fields(card(("Ann Lee", 60), ("Tel +86 10 1234", 30)), "CN")
    assert result.phone is not None and not result.phone.valid
    assert result.confidence["phone"] < 0.6


def test_ocr_confusions_in_emails_and_websites() -> None:
    assert find_emails("E: j0hn.sm1th@examp1e.c0m") == ["john.smith@example.com"]
    assert find_emails("Email: colin _clarke@lloyd.co") == ["colin_clarke@lloyd.co"]
    assert find_emails("mail: anna©acme.com") == ["anna@acme.com"]
    assert find_emails("no address here") == []
    assert find_website("W: wwvw.hel1o-world.c0m") == "www.hello-world.com"
    assert find_website("jane@acme.com") is None  # a domain inside an email is not a website


def test_full_width_text_is_normalized() -> None:
    assert normalize("电话：０１０－１２３４５６７８") == "电话:010-12345678"
    assert normalize("副 总 裁") == "副总裁"


def test_honorifics_and_letters_after_names() -> None:
    assert extract_fields(card(("Mr. Peter Parker", 60)), "CN").name == "Peter Parker"
    assert extract_fields(card(("Sarah Connor, PhD", 60)), "CN").name == "Sarah Connor"
    assert extract_fields(card(("王芳女士", 60), ("经理", 30)), "CN").name == "王芳"


def test_letters_after_a_name_of_any_awarding_body() -> None:
    """ "P.Eng." (a Canadian engineer), "RPh, PharmD": no list holds them all, their shape
    does (capitalised parts of a few letters); a name after the comma is not one."""
    assert latin_name("Margaret R. Beltran, P.Eng.") == "Margaret R. Beltran"
    assert latin_name("KATHERINE WILSON, P.Eng.") == "Katherine Wilson"
    assert latin_name("Ann Lee, RPh, PharmD") == "Ann Lee"
    assert latin_name("Antoine Guillet, P. Eng.") == "Antoine Guillet"  # its parts spaced
    assert latin_name("John Koch, Jr., P.Eng.") == "John Koch Jr."
    assert latin_name("Ann Lee, McKay") is None
    assert latin_name("Smith, Jones & Lee") is None
    result = extract_fields(
        card(("PARAGON HOLDINGS", 43), ("Antoine Guillet, P.Eng.", 62), ("Founder & CEO", 32),
             ("guillet.antoine@paragon-holdings.ca", 27)),
        "CA",
    )  # fmt: skip
    assert result.name == "Antoine Guillet"


def test_five_names_with_an_initial_are_a_persons() -> None:
    """Two given and two family names, as Spanish and Portuguese names are written, and an
    initial among them: a person's; five capitalised words without one stay a slogan's."""
    assert latin_name("Marco Antonio R. Tejeda Aponte") == "Marco Antonio R. Tejeda Aponte"
    assert latin_name("Quality You Can Trust Today") is None
    assert latin_name("R. Tejeda Aponte Ruiz Gil") is None  # the initial first: no rule here


def test_title_is_not_taken_for_the_company() -> None:
    result = extract_fields(
        card(("Max Power", 60), ("Founder & CEO", 30), ("max@contoso.com", 30)), "CN"
    )
    assert result.title == "Founder & CEO"
    assert result.company == "Contoso"  # from the email domain, with low confidence
    assert result.confidence["company"] <= 0.3


def test_company_without_a_legal_suffix() -> None:
    result = extract_fields(
        card(("Max Power", 60), ("Project Engineer", 30), ("Kennedy, Gray and Lowe", 40),
             ("M: +1 212 555 0199", 28)),
        "US",
    )  # fmt: skip
    assert result.company == "Kennedy, Gray and Lowe"


def test_nothing_readable() -> None:
    result = extract_fields([Line("~ |", (0, 0, 10, 10), 10.0, 0.1)], "CN")
    assert result.is_empty() and result.phone is None
    assert set(result.confidence) == {
        "name", "company", "title", "phone", "email", "website", "address"
    }  # fmt: skip
    assert not CardResult(phones=[CardPhone("+8613800138000", "mobile", True, 0.9, "")]).is_empty()


def test_a_firm_of_partners_with_and_misread_is_not_a_name() -> None:
    assert latin_name("Holmes, Metcalfe nd Williams") is None
    assert latin_name("Jane Smith, PhD") == "Jane Smith"
    assert latin_name("Jane Smith, MBA, CPA") == "Jane Smith"
    rows = card(
        ("Holmes, Metcalfe nd Williams", 110),  # a white-on-colour band, larger than the name
        ("Dr. Clifford Doyle", 67),
        ("VP of Sales", 42),
        ("Email | clifford@holmes.co.uk", 33),
    )
    result = extract_fields(rows, "GB")
    assert result.name == "Clifford Doyle"
    # the line the domain is made from, as read: no repair tuned to one generator's firm names
    assert result.company == "Holmes, Metcalfe nd Williams"


def test_an_email_label_run_into_the_address() -> None:
    assert find_emails("E-mailchi.hongmei@hengcong.com.cn") == ["chi.hongmei@hengcong.com.cn"]
    assert find_emails("emailme@example.com") == ["emailme@example.com"]


def test_one_lookalike_letter_in_an_email_made_from_the_name() -> None:
    assert email_after_name("kiones@greene.co", "Kimberly Jones") == "kjones@greene.co"
    assert email_after_name("zhangwel@xinghe.cn", "张伟") == "zhangwei@xinghe.cn"
    # a misread name must not spoil the address: B and E are not lower-case lookalikes
    assert email_after_name("bethany@x.com", "Eethany Wilkinson") == "bethany@x.com"
    assert email_after_name("sales@x.com", "Kimberly Jones") == "sales@x.com"
    rows = card(("Kimberly Jones", 60), ("Greene Ltd", 40), ("kiones@greene.co", 30))
    assert extract_fields(rows, "US").emails == ["kjones@greene.co"]


def test_the_tail_of_a_serif_at_sign_read_as_q() -> None:
    assert email_after_name("qiningq@yidong.com", "祁宁") == "qining@yidong.com"
    assert email_after_name("lin.liuq@qi.com", "Lin Liu") == "lin.liu@qi.com"
    assert email_after_name("farouq@x.com", "Jane Smith") == "farouq@x.com"  # not from the name


def test_an_address_in_a_us_territory_keeps_its_last_line() -> None:
    rows = card(
        ("Scott Bennett", 60),
        ("Hall Ltd", 40),
        ("766 Hansen Lodge Apt. 594, West Melissaside", 30),
        ("PW 97876", 30),
    )
    assert extract_fields(rows, "US").address == (
        "766 Hansen Lodge Apt. 594, West Melissaside, PW 97876"
    )


def test_www_with_its_dot_lost_or_spaced_out() -> None:
    assert find_website("www little-barrett.co.uk") == "www.little-barrett.co.uk"
    assert find_website("Www. ward.net") == "www.ward.net"


def test_website_and_email_domain_one_slip_apart() -> None:
    # the surer reading of the shared domain wins, in either direction
    assert agree_domains("www.siith.net", 0.46, ["g@smith.net"], 0.92) == (
        "www.smith.net",
        ["g@smith.net"],
    )
    assert agree_domains("www.smith.net", 0.95, ["g@siith.net"], 0.5) == (
        "www.smith.net",
        ["g@smith.net"],
    )
    # unrelated domains stay as read
    assert agree_domains("www.acme.com", 0.4, ["g@gmail.com"], 0.9) == (
        "www.acme.com",
        ["g@gmail.com"],
    )


def test_a_capital_i_read_as_l_starts_a_name() -> None:
    assert latin_name("lan Ryan") == "Ian Ryan"
    assert latin_name("lan ryan") is None  # not capitalised: not a name at all


def test_letters_after_a_name_run_into_the_next_columns_label() -> None:
    assert latin_name("Glen Barrett, PhD?ie:") == "Glen Barrett"
    assert latin_name("Smith, PhD and Jones") is None


def test_one_letter_of_a_company_named_like_its_domain() -> None:
    assert company_after_domain("Reid-Iurner", "reidturner") == "Reid-Turner"
    assert company_after_domain("Acme Ltd", "acme") == "Acme Ltd"  # not the same letters
    assert company_after_domain("Reid-Turner", "reidturner") == "Reid-Turner"
    assert company_after_domain("Reid-Iurnex", "reidturner") == "Reid-Iurnex"  # two slips


def test_a_wrapped_chinese_address_with_ragged_word_boxes() -> None:
    # the first line's median word height is low (ragged chi_sim boxes), its box is not
    lines = [
        Line("地址:安徽省西宁市孝南区文大道660号", (704, 482, 516, 48), 28.0, 0.92),
        Line("科技园1407室", (981, 535, 243, 58), 58.0, 0.92),
        Line("陈璐", (182, 221, 152, 108), 108.0, 0.9),
    ]
    assert extract_fields(lines, "CN").address == "安徽省西宁市孝南区文大道660号科技园1407室"


def test_a_us_state_before_a_zip_is_not_a_company_suffix() -> None:
    lines = [
        Line("Roberts-Robinson", (420, 76, 556, 45), 45.0),
        Line("Richard Curtis", (377, 187, 646, 66), 66.0),
        Line("4111 Kayla Extensions Suite 092", (370, 562, 654, 40), 32.0),
        Line("Port Samuel, CO 34868", (467, 620, 462, 37), 32.0),
    ]
    result = extract_fields(lines, "US")
    assert result.address == "4111 Kayla Extensions Suite 092, Port Samuel, CO 34868"
    assert result.company == "Roberts-Robinson"


def test_a_room_number_wrapped_onto_the_next_line() -> None:
    lines = [
        Line("韩倩", (655, 196, 94, 74), 74.0),
        Line("陕西省海门市黄浦区上海路213号金融中心1", (365, 715, 673, 54), 35.0),
        Line("908室", (655, 778, 95, 51), 51.0),
    ]
    assert extract_fields(lines, "CN").address == "陕西省海门市黄浦区上海路213号金融中心1908室"


def test_the_next_columns_chinese_label_splits_a_line() -> None:
    parts = split_at_labels(
        Line("恒聪百汇 信息有限公司 。” 网址: www.hengcong.com.cn", (0, 0, 1000, 50))
    )
    assert [p.text for p in parts] == ["恒聪百汇 信息有限公司", "网址: www.hengcong.com.cn"]
    assert parts[1].box[0] > 0
    # a label at the start, or after a number (two phones on one line), stays
    assert len(split_at_labels(Line("地址: 海口市双滦区"))) == 1
    assert len(split_at_labels(Line("手机 +86-13631959634 电话 : 0571-68777795"))) == 1


def test_a_space_read_after_the_dot_before_a_domain() -> None:
    assert find_emails("E: tina_williams@fergusonmoreno. co") == ["tina_williams@fergusonmoreno.co"]
    assert find_website("www.reynolds. biz") == "www.reynolds.biz"
    assert find_website("Shepherdfurt EC5N 3HN, UK") is None  # a comma and a country


def test_domains_read_about_as_surely_are_left_as_read() -> None:
    website, emails = agree_domains("www.qiangguiying.cn", 0.85, ["g@qianggulying.cn"], 0.92)
    assert (website, emails) == ("www.qiangguiying.cn", ["g@qianggulying.cn"])


def test_domains_read_as_surely_follow_the_firm_name_the_card_prints() -> None:
    # a firm's domain mostly spells its name: when the website and the email are one slip
    # apart and about as sure, the one the card's other text spells is the right one
    printed = "Jadestone Capital  Li Wen  Director"
    assert agree_domains("www.jadestone.com", 0.95, ["li@jadestane.com"], 0.93, printed) == (
        "www.jadestone.com",
        ["li@jadestone.com"],
    )
    assert agree_domains("www.jadestcne.com", 0.93, ["li@jadestone.com"], 0.95, printed) == (
        "www.jadestone.com",
        ["li@jadestone.com"],
    )
    # the card spells neither better: left as read
    assert agree_domains("www.jadestone.com", 0.95, ["li@jadestane.com"], 0.93, "Li Wen") == (
        "www.jadestone.com",
        ["li@jadestane.com"],
    )


def test_m_read_as_in_in_a_website_beside_the_email() -> None:
    assert agree_domains("www.inartin.net", 0.6, ["s.brooks@martin.net"], 0.9)[0] == (
        "www.martin.net"
    )


def test_uk_postcode_with_s_for_5_and_a_brace_for_j() -> None:
    assert repair_postcode("Shepherdfurt ECSN 3HN, UK") == "Shepherdfurt EC5N 3HN, UK"
    assert repair_postcode("Port Jennifer NP3 3P}") == "Port Jennifer NP3 3PJ"
    assert repair_postcode("London SW1A 1AA") == "London SW1A 1AA"


def test_a_stray_small_letter_before_a_company() -> None:
    lines = card(("Jane Smith", 60), ("t Davis PLC", 40), ("jane@davis.com", 30))
    assert extract_fields(lines, "US").company == "Davis PLC"


def test_uk_postcode_outward_code_from_the_real_areas() -> None:
    # there is no area NO, so the O is a zero; L cannot end a district, so it is a 1
    assert repair_postcode("Lake Beverley NO2 2BU") == "Lake Beverley N02 2BU"
    assert repair_postcode("Janiceshire PO0L 7HY") == "Janiceshire PO01 7HY"
    # a unit letter read in lower case, a J read as a bracket
    assert repair_postcode("West Annamouth W3 8jS") == "West Annamouth W3 8JS"
    assert repair_postcode("O'Brienview NN4 3)S") == "O'Brienview NN4 3JS"
    assert repair_postcode("Room B3 4th floor") == "Room B3 4th floor"  # not a postcode


def test_a_doubtful_postcode_line_still_ends_the_address() -> None:
    lines = card(
        ("Gail Chandler", 57),
        ("E: gchandler@morgan.net", 40),
        ("Studio 8, Summers Green", 36),
        ("O'Brienview NN4 3)S", 36),
    )
    lines[-1] = Line(lines[-1].text, lines[-1].box, lines[-1].height, 0.65)
    result = extract_fields(lines, "GB")
    assert result.address == "Studio 8, Summers Green, O'Brienview NN4 3JS"


def test_dots_after_a_name_are_not_part_of_it() -> None:
    assert latin_name("Nicole Harvey...") == "Nicole Harvey"
    assert latin_name("Nicole Harvey:") == "Nicole Harvey"


def test_the_email_tells_a_names_first_letter_read_in_lower_case() -> None:
    lines = card(
        ("toger Ward, PhD", 60),
        ("VP of Sales", 36),
        ("Morgan Group", 40),
        ("E: rward@little-barrett.co.uk", 30),
    )
    assert extract_fields(lines, "GB").name == "Roger Ward"
    # an address made from the surname alone fits any first letter: no guess
    lines[3] = Line("E: ward@little-barrett.co.uk", lines[3].box, 30, 0.95)
    assert extract_fields(lines, "GB").name is None


def test_a_name_run_into_the_next_columns_phone() -> None:
    lines = card(
        ("Ibarra, Sanchez and Bell", 50),
        ("Scott Bennett = y, 206.396.2870", 50),
        ("VP of Sales", 36),
        ("E scott.bennett@ibarra.net", 30),
    )
    result = extract_fields(lines, "US")
    assert result.name == "Scott Bennett"
    assert result.phone is not None and result.phone.e164 == "+12063962870"


def test_one_letter_of_a_name_from_the_surer_email() -> None:
    assert name_after_email("Eethany Wilkinson", "bwilkinson@wells-wilson.co.uk") == (
        "Bethany Wilkinson"
    )
    assert name_after_email("Lesley Marshalk", "lesley.marshall@x.co") == "Lesley Marshall"
    # the email says nothing about the misread letter, or the name spells it already
    assert name_after_email("Lesley Marshalk", "lesley@richards.co") == "Lesley Marshalk"
    assert name_after_email("Jane Smith", "jsmith@x.com") == "Jane Smith"
    # an address of someone else is no evidence
    assert name_after_email("Jane Smith", "info@x.com") == "Jane Smith"


def test_a_one_read_as_a_bracket_in_a_chinese_house_number() -> None:
    lines = card(
        ("李桂英", 80),
        ("邮箱 li.guiying@hongrui.cn", 30),
        ("地址：四川省宁德市滨城区兰州大道89] 号创新大厦15|9室", 30),
    )
    assert extract_fields(lines, "CN").address == "四川省宁德市滨城区兰州大道891号创新大厦1519室"


def test_uk_postcodes_more_lookalikes() -> None:
    assert repair_postcode("Port Leslie BBW 7EB") == "Port Leslie B8W 7EB"  # no area BB..W
    assert repair_postcode("Kingbury B8} 8GZ") == "Kingbury B8J 8GZ"
    assert repair_postcode("North Jordanside EH7 5wp") == "North Jordanside EH7 5WP"
    assert repair_postcode("Room B3 4th floor") == "Room B3 4th floor"


def test_a_misread_chinese_address_label_and_leading_specks() -> None:
    lines = card(
        ("李桂英", 80),
        ("邮箱 li.guiying@hongrui.cn", 30),
        ("地直 : 云南省太原市南长区姜路170号科技大厦1602室", 30),
    )
    assert extract_fields(lines, "CN").address == "云南省太原市南长区姜路170号科技大厦1602室"
    lines[2] = Line("; 山西省永安市江北区熊大道244号", lines[2].box, 30, 0.9)
    assert extract_fields(lines, "CN").address == "山西省永安市江北区熊大道244号"


def test_a_name_run_into_the_next_columns_email() -> None:
    lines = card(
        ("Miller, Griffiths and Hunt", 53),
        ("Dylan Coleman dylan@kaur.co.uk", 47),
        ("Sales Manager", 38),
    )
    result = extract_fields(lines, "GB")
    assert result.name == "Dylan Coleman"
    assert result.emails == ["dylan@kaur.co.uk"]


def test_www_with_a_dash_for_its_dot_beside_the_same_email_domain() -> None:
    assert agree_domains("www-slater.co", 0.8, ["jo@slater.co"], 0.8) == (
        "www.slater.co",
        ["jo@slater.co"],
    )
    assert agree_domains("www-cs.example.edu", 0.8, ["jo@example.edu"], 0.8)[0] == (
        "www-cs.example.edu"
    )


def test_an_i_lost_beside_an_l_in_an_email_made_from_the_name() -> None:
    assert email_after_name("ljuan.wei@haichuang.com.cn", "魏丽娟") == (
        "lijuan.wei@haichuang.com.cn"
    )
    assert email_after_name("jsmith@x.com", "Jane Smith") == "jsmith@x.com"
    assert email_after_name("wei@x.cn", "魏丽娟") == "wei@x.cn"  # short: no guess


def test_scraps_before_a_chinese_address_label() -> None:
    lines = card(
        ("张军", 85),
        ("邮箱 zhangjun@yinlong.cn", 42),
        ("wwwyuuuuges 地址 : 吉林省佛山市怀柔区贵阳大道145号", 35),
    )
    assert extract_fields(lines, "CN").address == "吉林省佛山市怀柔区贵阳大道145号"


def test_a_one_read_as_a_bracket_where_the_address_wraps() -> None:
    lines = card(
        ("李桂英", 80),
        ("邮箱 li.guiying@hongrui.cn", 30),
        ("地址：新疆维吾尔自治区南京市西夏区李路7]", 30),
        ("号商务中心510室", 30),
    )
    address = extract_fields(lines, "CN").address
    assert address == "新疆维吾尔自治区南京市西夏区李路71号商务中心510室"


def test_a_latin_address_label_run_into_the_chinese_address() -> None:
    # "地址 Add" then the address with no space: Chinese needs none, so printers leave none
    lines = card(
        ("王芳", 70),
        ("手机 +86 139 1234 5678", 30),
        ("地址 Add浙江省杭州市西湖区文三路88号", 30),
    )
    assert extract_fields(lines, "CN").address == "浙江省杭州市西湖区文三路88号"
    lines[2] = Line("地址 Add 浙江省杭州市西湖区文三路88号", lines[2].box, 30.0, 0.95)
    assert extract_fields(lines, "CN").address == "浙江省杭州市西湖区文三路88号"


def test_a_chinese_label_run_into_the_website() -> None:
    # no space between a Chinese label and the host: the host still starts a word
    assert find_website("网址lanshan-tea.cn") == "lanshan-tea.cn"
    assert find_website("W 網址:hk-ferry.com.hk") == "hk-ferry.com.hk"
    assert find_website("montesßaguirre.es") is None  # a letter before it: no host


def test_a_one_letter_email_label_with_a_dot_is_not_the_address() -> None:
    # "E. " is the label; the space after its dot is no underscore or dot split by the reader
    assert find_emails("E. lucia_ferrer@vinos-ferrer.es") == ["lucia_ferrer@vinos-ferrer.es"]
    assert find_emails("Email. tom.hale@hale.co.uk") == ["tom.hale@hale.co.uk"]
    assert find_emails("colin _clarke@x.co") == ["colin_clarke@x.co"]  # still joined
    assert find_emails("j. smith@smith-law.com") == ["j.smith@smith-law.com"]


def test_postcode_letters_are_not_a_company_suffix() -> None:
    # "AB" (Alberta) before a Canadian postcode, "SE" in a UK one: no Swedish or European firm
    lines = card(
        ("Priya Nair", 60),
        ("Cedar & Finch Ltd", 30),
        ("88 Bow Trail SW", 30),
        ("Calgary AB T3C 2E4 Canada", 30),
    )
    assert extract_fields(lines, "CA").address == "88 Bow Trail SW, Calgary AB T3C 2E4 Canada"
    lines = card(
        ("Owen Price", 60),
        ("Cedar & Finch Ltd", 30),
        ("14 Tooley Street", 30),
        ("London W1D 4SE", 30),
    )
    assert extract_fields(lines, "GB").address == "14 Tooley Street, London W1D 4SE"


def test_a_slanted_photo_keeps_its_wrapped_address() -> None:
    # a card photographed at a slant: each upright box is its type size plus its width times
    # the slant (0.3), so neighbouring boxes overlap although the lines are 45 px apart
    def slanted(text: str, width: int, size: int, centre: int) -> Line:
        height = size + round(0.3 * width)
        return Line(text, (80, centre - height // 2, width, height), 0.8 * height, 0.98)

    lines = [
        slanted("Hugo Brandt", 220, 60, 120),
        slanted("Sales Director", 200, 30, 180),
        slanted("Tel. +49 30 1234 5678", 330, 30, 225),
        slanted("Brandt & Vogel GmbH", 260, 30, 270),
        slanted("Hauptstraße 12, Haus B", 360, 30, 315),
        slanted("10115 Berlin", 250, 30, 360),
    ]
    assert extract_fields(lines, "DE").address == "Hauptstraße 12, Haus B, 10115 Berlin"


def test_a_unit_and_house_number_is_not_a_phone() -> None:
    # "unit-house" as Canada writes it: eight digits with a dash, no valid number anywhere
    lines = card(
        ("Mara Quinn", 60),
        ("Alder & Pine Ltd", 30),
        ("M +1 604 555 0182", 30),
        ("3305-1120 Alder Gate, Surrey", 30),
        ("BC V3T 2W1, Canada", 30),
    )
    result = extract_fields(lines, "CN")  # a visitor's card, read where 8 digits may be a phone
    assert result.address == "3305-1120 Alder Gate, Surrey, BC V3T 2W1, Canada"
    assert [p.raw for p in result.phones] == ["+1 604 555 0182"]


def test_an_address_line_naming_a_tech_park_is_not_a_company() -> None:
    # "Tech", "Industrial", "Software" name parks and zones in addresses too; the postcode says
    # what the line is
    lines = card(
        ("Li Na", 60),
        ("Hangzhou Qiantang Optics Co., Ltd.", 30),
        ("Room 1203, Building 5, 88 Binjiang Road", 30),
        ("Binjiang Tech Park, Hangzhou 310052", 30),
    )
    assert extract_fields(lines, "CN").address == (
        "Room 1203, Building 5, 88 Binjiang Road, Binjiang Tech Park, Hangzhou 310052"
    )


def test_the_english_address_after_a_wrapped_chinese_one_is_not_joined_to_it() -> None:
    lines = card(
        ("孙悦", 70),
        ("手机 +86 138 0571 2233", 30),
        ("地址:杭州市西湖区文三路88号", 30),
        ("3栋 1204室", 30),
        ("Room 1204, Building 3, 88 Wensan Road, Xihu District, Hangzhou 310012", 26),
    )
    assert extract_fields(lines, "CN").address == "杭州市西湖区文三路88号3栋1204室"


def test_a_chinese_agent_role_is_the_title_on_a_chinese_card() -> None:
    # "物業代理" (property agent) is a licensed role in Hong Kong, not a firm: no brand before it
    lines = card(
        ("周志明", 80),
        ("Chow Chi Ming", 36),
        ("物業代理", 40),
        ("Property Agent", 30),
        ("恒信置業有限公司", 46),
        ("電話：2345 6789", 32),
    )
    result = extract_fields(lines, "HK")
    assert result.name == "周志明"
    assert result.title == "物業代理"
    assert result.company == "恒信置業有限公司"


def test_an_extension_after_a_dash_is_not_glued_into_the_number() -> None:
    # a desk extension printed after a dash: the number is the part before it
    lines = card(
        ("王建国", 80),
        ("采购经理", 40),
        ("苏州恒达电子有限公司", 46),
        ("电话：(0512) 6858 3321-806", 32),
        ("Tel: +86 21 5432 1098-77", 32),
    )
    result = extract_fields(lines, "CN")
    numbers = [p.e164 for p in result.phones]
    assert "+8651268583321" in numbers
    assert "+862154321098" in numbers
    assert all(len(n) <= 14 for n in numbers)


def test_a_surname_in_capitals_comes_first_in_the_address() -> None:
    # "GUO Guangming": the capitals mark the family name, so "gguo" is initial + surname,
    # not "guo" with its first letter read twice
    assert email_after_name("gguo@hengtong.cn", "GUO Guangming") == "gguo@hengtong.cn"
    assert email_after_name("jjones@acme.com", "John Jones") == "jjones@acme.com"


def test_a_two_sided_chinese_card_keeps_its_chinese_address() -> None:
    # the English side is printed higher up on its face, so read first; the Chinese name
    # and firm make the Chinese address the card's own
    lines = [
        Line("成都天府软件有限公司", (100, 60, 600, 50), 50.0, 0.95),
        Line("李明", (100, 200, 160, 90), 90.0, 0.95),
        Line("销售经理", (100, 320, 200, 40), 40.0, 0.95),
        Line("手机：138 1234 5678", (100, 400, 400, 40), 40.0, 0.95),
        Line("成都市高新区天府大道88号软件园5栋301室", (100, 700, 900, 40), 40.0, 0.95),
        Line("Tianfu Software Co., Ltd.", (1200, 60, 600, 40), 40.0, 0.95),
        Line("Li Ming", (1200, 200, 300, 70), 70.0, 0.95),
        Line("Room 301, Building 5, Software Park", (1200, 600, 700, 30), 30.0, 0.95),
        Line("88 Tianfu Avenue, Chengdu 610041", (1200, 640, 700, 30), 30.0, 0.95),
    ]
    lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
    result = extract_fields(lines, "CN")
    assert result.name == "李明"
    assert result.address == "成都市高新区天府大道88号软件园5栋301室"


def test_place_lines_above_the_postcode_line_belong_to_the_address() -> None:
    # "Koramangala, Bengaluru" has no street word or number of its own: it is the address
    # because it runs on, in the same column and type, into the line with the PIN code
    lines = card(
        ("Ravi Menon", 60),
        ("Senior Architect", 30),
        ("Bluepeak Studio Pvt Ltd", 36),
        ("Mob +91 98450 12345", 24),
        ("Prestige Towers, 5th Block", 24),
        ("Koramangala, Bengaluru", 24),
        ("Karnataka - 560095", 24),
    )
    result = extract_fields(lines, "IN")
    assert result.address == (
        "Prestige Towers, 5th Block, Koramangala, Bengaluru, Karnataka - 560095"
    )
    assert result.company == "Bluepeak Studio Pvt Ltd"


def test_a_skype_name_that_looks_like_a_host_is_not_the_website() -> None:
    assert find_website("Skype: jonasberg.net") is None
    assert find_website("WeChat: lin.media.cn") is None
    lines = card(
        ("Jonas Berg", 60),
        ("Art Director", 30),
        ("E: jonas@bergdesign.se", 24),
        ("Skype: jonasberg.net", 24),
        ("W: bergdesign.se", 24),
    )
    assert extract_fields(lines, "SE").website == "bergdesign.se"


def test_an_email_label_run_into_the_address_is_not_part_of_it() -> None:
    # the reader lost the colon: a capitalised label before a lower-case address
    assert find_emails("Emailmarta.ruiz@solbay.es") == ["marta.ruiz@solbay.es"]
    assert find_emails("邮箱Email13912345678@163.com") == ["13912345678@163.com"]
    assert find_emails("E-maalkeith@harrow.co.uk") == ["keith@harrow.co.uk"]
    # an address that is printed as it is keeps its letters
    assert find_emails("emailbox@solbay.es") == ["emailbox@solbay.es"]


def test_a_web_label_run_into_the_host_is_not_part_of_it() -> None:
    assert find_website("Webwww.lakeside-dental.com") == "www.lakeside-dental.com"
    assert find_website("网址Weblakeside-dental.com") == "lakeside-dental.com"
    assert find_website("webcraft.io") == "webcraft.io"


def test_an_icon_read_before_a_first_name_and_initial_address_is_dropped() -> None:
    # "nadiak" is Nadia K.'s address (first name and the surname's initial); the mail icon
    # before it was read as an "e" or an "o"
    assert email_after_name("enadiak@lumen.de", "Nadia Kowalski") == "nadiak@lumen.de"
    assert email_after_name("onadiak@lumen.de", "Nadia Kowalski") == "nadiak@lumen.de"
    assert email_after_name("nadiak@lumen.de", "Nadia Kowalski") == "nadiak@lumen.de"


def test_a_unit_number_on_a_line_of_its_own_continues_the_address() -> None:
    # Singapore prints the unit ("#11-87") on its own line between the street and the
    # postcode line; the address went on past it only when it had a street word
    lines = card(
        ("Ahmad Hafiz", 52),
        ("Senior Solicitor", 27),
        ("Tel. 0065 6212 6697", 24),
        ("252 Changi Business Park Crescent", 25),
        ("#11-87", 24),
        ("Singapore 382493", 25),
    )
    result = extract_fields(lines, "SG")
    assert result.address == "252 Changi Business Park Crescent, #11-87, Singapore 382493"


def test_a_district_and_country_line_ends_the_address() -> None:
    # "Wan Chai, Hong Kong": no number and no street word, but it ends in a country
    lines = card(
        ("Lau Wai Kit", 39),
        ("Interior Designer", 27),
        ("Cell +852-9248-0586", 24),
        ("23/F, Unit 10", 24),
        ("Central Plaza, 272 Gloucester Road", 25),
        ("Wan Chai, Hong Kong", 25),
    )
    result = extract_fields(lines, "HK")
    assert result.address == (
        "23/F, Unit 10, Central Plaza, 272 Gloucester Road, Wan Chai, Hong Kong"
    )


def test_a_title_printed_in_both_scripts_on_one_line_keeps_the_chinese() -> None:
    # "Chairman 董事长": a Chinese card's title is its Chinese one, as with the name
    lines = card(
        ("武汉远景化工有限公司", 40),
        ("王伟", 60),
        ("Chairman 董事长", 30),
        ("手机 138 0013 8000", 24),
    )
    assert extract_fields(lines, "CN").title == "董事长"


def test_a_space_read_inside_a_website_host() -> None:
    # "www. grupo 35.es": the reader spaced out the dot after www and split the name
    assert find_website("www. grupo 35.es") == "www.grupo35.es"
    assert find_website("www.ward 2.co.uk") == "www.ward2.co.uk"
    # a host and a word after it stay apart
    assert find_website("www.ward.net Tel") == "www.ward.net"


def test_an_email_cut_at_the_line_end_is_finished_from_the_website() -> None:
    # the crop's edge (or a mark printed over it) cut the mailbox's domain short; the card's
    # website names the whole domain
    lines = card(
        ("Tingyu Zhang", 60),
        ("E: tingyu_zhang@tongchuang-", 30),
        ("W: tongchuang-impe.com", 30),
    )
    assert extract_fields(lines, "CN").emails == ["tingyu_zhang@tongchuang-impe.com"]
    # a domain that is not the start of the website's is left out, not guessed
    other = card(("Tingyu Zhang", 60), ("E: tingyu@abc", 30), ("W: tongchuang-impe.com", 30))
    assert extract_fields(other, "CN").emails == []


def test_a_scrap_read_before_a_chinese_firms_city_is_dropped() -> None:
    from ocr.extract import without_scrap_before_city

    assert without_scrap_before_city("人北京汇通家具有限公司", None, []) == "北京汇通家具有限公司"
    assert without_scrap_before_city("人上海金诚化工有限公司", "上海市徐汇区", []) == (
        "上海金诚化工有限公司"
    )
    # the first two characters a place themselves: nothing to drop
    assert without_scrap_before_city("江苏南京汇通有限公司", None, []) == "江苏南京汇通有限公司"
    assert without_scrap_before_city("中山东方电器有限公司", None, []) == "中山东方电器有限公司"
    assert without_scrap_before_city("北京汇通家具有限公司", None, []) == "北京汇通家具有限公司"
    assert without_scrap_before_city("鼎盛化工", None, []) == "鼎盛化工"


def test_a_short_chinese_line_woven_with_its_misread_pinyin_is_unwoven() -> None:
    from ocr.extract import unweave

    def line(text: str, y: int) -> Line:
        return Line(text, (72, y, 300, 40), 40.0, 0.9)

    woven = line("黄 Huana 英 Yina", 262)
    lines = [woven, line("Huang Ying", 336), line("房产经纪人", 381)]
    assert unweave(woven, lines).text == "黄英"
    title = line("软件 Snfhware 工程 Fnnine 师", 445)
    assert unweave(title, [title, line("Software Engineer", 485)]).text == "软件工程师"
    # no English line of the card spells the woven words: left as read
    assert unweave(woven, [woven, line("Sales Manager", 336)]) == woven


def test_a_certification_after_the_address_is_not_part_of_it() -> None:
    result = extract_fields(
        card(
            ("Northwind Analytics", 40),
            ("Ellen Park", 36),
            ("ellen@northwind.io", 20),
            ("4326 Madison Street, Apt 8B, Seattle, WA 98125", 20),
            ("ISO 9001 certified", 20),
        ),
        "US",
    )
    assert result.address == "4326 Madison Street, Apt 8B, Seattle, WA 98125"
    assert is_address("ISO/IEC 27001 certified") == 0.0
    assert is_address("50754 Köln") > 0.5


def test_a_mobile_number_marked_as_the_wechat_id_too_is_not_an_address() -> None:
    text = "手机 +86-191-5141-0233（微信同号）"
    assert is_address(text) == 0.0
    assert is_address("机 +86-191-5141-0233 微信 同 号 )") == 0.0  # label cut short
    assert is_address("南京市建邺区汉中路978号华润大厦15F-1514") == 1.0


def test_a_name_read_on_one_line_with_a_key_account_title() -> None:
    def split(text: str) -> list[str]:
        return [ln.text for ln in split_name_title(Line(text, (0, 0, 800, 50), 50, 0.9), set())]

    assert split("赵浩勇大客户经理") == ["赵浩勇", "大客户经理"]  # not 赵浩勇大 / 客户经理
    assert split("欧阳明华销售经理") == ["欧阳明华", "销售经理"]  # a two-character surname


def test_a_firms_sales_region_is_not_the_persons_name() -> None:
    result = extract_fields(
        card(
            ("南京德润网络科技有限公司", 34),
            ("马兰艳", 53),
            ("华东大区", 22),
            ("手机 +86-191-5141-0233（微信同号）", 23),
            ("地址 南京市建邺区汉中路978号华润大厦15F-1514", 23),
        ),
        "CN",
    )
    assert is_department("华东大区")
    assert result.name == "马兰艳"
    assert result.phone is not None and result.phone.e164 == "+8619151410233"


def test_a_letter_spaced_chinese_name_whose_gap_was_read_as_a_letter() -> None:
    result = extract_fields(
        card(
            ("武汉鼎盛网络科技有限公司", 47),
            ("刘 i 宇", 47),
            ("Lily Liu", 22),
            ("T 电话: +862758899350", 23),
            ("E 电邮: liu.yu@dingsheng-netw.com", 23),
        ),
        "CN",
    )
    assert result.name == "刘宇"  # the email is liu.yu@, not lily.liu@


def test_a_spanish_floors_ordinal_sign_read_as_a_two() -> None:
    assert spanish_floor("Calle de Colón 62, 52 B, 28042 Madrid") == (
        "Calle de Colón 62, 5º B, 28042 Madrid"
    )
    assert spanish_floor("C/ Colón, 118, 92 D, 48001 Bilbao") == "C/ Colón, 118, 9º D, 48001 Bilbao"
    assert spanish_floor("12 Main Street, 22 B, Springfield") == "12 Main Street, 22 B, Springfield"
    result = extract_fields(
        card(
            ("Ferrer Abogados", 40),
            ("Lucía Ferrer", 36),
            ("lucia@ferrer-abogados.es", 20),
            ("Calle de Colón 62, 52 B, 28042 Madrid", 20),
        ),
        "ES",
    )
    assert result.address == "Calle de Colón 62, 5º B, 28042 Madrid"


def test_a_one_read_as_a_bracket_before_a_chinese_house_number() -> None:
    read = "苏州市工业园区星湖街 ]942号4层409"
    assert chinese_house_numbers(read) == "苏州市工业园区星湖街1942号4层409"
    assert chinese_house_numbers("兰州大道89] 号") == "兰州大道891号"


def test_a_uk_postcodes_unit_letter_read_twice_small_then_capital() -> None:
    assert repair_postcode("Cardiff, CF10 6xXP") == "Cardiff, CF10 6XP"
    assert repair_postcode("B3 4th floor") == "B3 4th floor"  # an ordinal, not a unit
    assert repair_postcode("M1 5EN") == "M1 5EN"


def test_a_chinese_firms_city_boxed_apart_on_its_row_is_joined_to_it() -> None:
    lines = [
        Line("陈梓钢", (80, 286, 200, 66), 61.0, 0.86),
        Line("南京", (654, 311, 103, 50), 50.0, 0.75),
        Line("华茂新能 源有限公司", (757, 311, 315, 34), 34.0, 0.8),
        Line("电邮 zchen@huamaotech.cn", (692, 453, 467, 35), 34.0, 0.93),
    ]
    assert [ln.text for ln in join_firm_pieces(lines)] == [
        "陈梓钢",
        "南京华茂新能源有限公司",
        "电邮 zchen@huamaotech.cn",
    ]
    # a vertical card: the name's column beside the firm's is not its start
    columns = [
        Line("南京华茂新能源有限公司", (1228, 104, 46, 440), 35.0, 0.75),
        Line("刘晖海", (1148, 152, 82, 264), 73.0, 0.62),
    ]
    assert join_firm_pieces(columns) == columns


def test_a_chinese_legal_form_boxed_apart_ends_the_firm_name() -> None:
    lines = [
        Line("金產科技有限", (140, 84, 338, 64), 64.0, 0.79),
        Line("公司", (478, 85, 94, 44), 44.0, 0.96),
        Line("Clearview Motors Ltd", (197, 142, 246, 18), 17.0, 0.96),
        Line("梁志強", (72, 244, 272, 86), 82.0, 0.68),
    ]
    assert [ln.text for ln in join_firm_pieces(lines)] == [
        "金產科技有限公司",
        "Clearview Motors Ltd",
        "梁志強",
    ]
    assert join_firm_pieces(lines)[0].confidence == 0.79
    # a tail on another row, or after a line that has its own legal form, stays apart
    apart = [lines[0], Line("公司", (478, 300, 94, 44), 44.0, 0.96)]
    assert join_firm_pieces(apart) == apart
    whole = [Line("金诚科技有限公司", (140, 84, 338, 64), 64.0, 0.9), lines[1]]
    assert join_firm_pieces(whole) == whole


def test_a_name_beside_the_firm_on_its_row_is_not_joined_to_it() -> None:
    lines = [
        Line("吳浩然", (288, 112, 123, 40), 40.0, 0.99),
        Line("華信貿易有限公司", (405, 112, 340, 40), 40.0, 1.0),
    ]
    assert join_firm_pieces(lines) == lines


def test_email_at_read_as_a_before_a_dashed_firm_domain() -> None:
    """The @ read as an "a", the domain the firm's name with a dash between its words."""
    texts = [
        "Lattice Biotech",
        "Vincent Lee",
        "Bookkeeper",
        "Tel. 6994 3413",
        "E-mail kokleongalattice-biotech.sg",
    ]
    lines = [Line(t, (70, 80 + k * 45, 500, 40), 30, 0.98) for k, t in enumerate(texts)]
    assert extract_fields(lines, "SG").emails == ["kokleong@lattice-biotech.sg"]


def test_honorific_marks_the_person_under_a_larger_wordmark() -> None:
    """The firm's wordmark printed larger than the name, no email to tell them apart: the line
    with "Dr." (its "Prof." misread) is the person's."""
    lines = [
        Line("Döhn Logistik", (405, 53, 556, 95), 76.0, 1.0),
        Line("Prot. Dr. Patrik Pokorný", (368, 181, 646, 74), 59.0, 0.96),
        Line("+49 221 4036 5372", (533, 416, 323, 50), 40.0, 0.9),
    ]
    result = extract_fields(lines, "DE")
    assert (result.name, result.company) == ("Patrik Pokorný", "Döhn Logistik")


def test_degree_with_its_first_dot_lost_is_no_part_of_the_name() -> None:
    from ocr.extract import latin_name

    assert latin_name("Dipl-Ing. Putri Rahayu") == "Putri Rahayu"


def test_bare_host_on_an_email_line_gives_way_to_the_site() -> None:
    """The mailbox misread without its @ reads as a bare host; the line marked www below it is
    the card's site, and the wordmark that site is named after is the firm."""
    lines = [
        Line("YARROW PRINT", (606, 273, 702, 87), 69.0, 0.97),
        Line("Naja Mathiasen", (724, 418, 474, 75), 60.0, 1.0),
        Line("Tax Consultant", (836, 504, 261, 42), 33.0, 0.98),
        Line("E nja.mabianmgouckook.com", (761, 686, 408, 40), 32.0, 0.54),
        Line("heps:/wwwyarrow.io", (826, 724, 283, 40), 32.0, 0.79),
    ]
    result = extract_fields(lines, "US")
    assert result.website == "www.yarrow.io"
    assert (result.name, result.company) == ("Naja Mathiasen", "YARROW PRINT")


def test_chinese_firm_spelling_the_domain_beats_its_english_wordmark() -> None:
    """Both faces of a bilingual card: 远景信息科技 (no legal suffix) is what yuanjing-tech.com
    spells in pinyin, and the Chinese name is the firm's on a Chinese card."""
    lines = [
        Line("远景信息科技", (114, 47, 202, 36), 29.0, 1.0),
        Line("熊恺大客户经理", (41, 149, 229, 42), 34.0, 1.0),
        Line("M手机+86-184-4285-4828", (45, 370, 215, 19), 15.0, 1.0),
        Line("E 电邮xiong.kai@yuanjing-tech.com", (45, 394, 294, 21), 17.0, 1.0),
        Line("Yuanjing Tech", (168, 520, 487, 94), 75.0, 1.0),
        Line("Xiong Kai", (89, 692, 210, 57), 46.0, 1.0),
        Line("Key Account Manager", (89, 760, 289, 45), 36.0, 0.98),
    ]
    assert extract_fields(lines, "CN").company == "远景信息科技"


def test_a_digit_after_the_name_in_an_address_is_printed_not_a_speck() -> None:
    """A number added to a taken mailbox ("czescik2") is part of the address."""
    email = "antoni.czescik2@ward-medical.co.uk"
    assert email_after_name(email, "Antoni Częścik") == email
    assert email_after_name("james.davise@x.com", "James Davis") == "james.davis@x.com"


def test_letter_labels_p_for_phone_and_c_for_cell() -> None:
    """US and Hong Kong cards label the office line "P" and the mobile "C" (cell)."""
    lines = card(
        ("Wong Ho Yin", 60),
        ("Paralegal", 36),
        ("P +852 2172 5638 ext 582", 30),
        ("C +852 5816 4049", 30),
    )
    result = extract_fields(lines, "HK")
    assert result.phone is not None and result.phone.e164 == "+85258164049"
    assert result.phone.kind == "mobile"
    assert {p.kind for p in result.phones} == {"mobile", "office"}


def test_digits_ending_one_line_are_no_country_code_of_the_next() -> None:
    """ "wx kevinche81" above "02020643665" (Guangzhou's 020): no +81, Japan."""
    from ocr.extract import region_hints

    assert region_hints("WeChat: wx kevinche81\n02020643665", "CN") == ["CN"]
    assert region_hints("Tel 44 20 7946 0958", "CN")[0] == "GB"


def test_a_firm_on_its_own_line_does_not_stop_a_name_and_title_split() -> None:
    """ "云帆电子" (a trade word: a firm) above "胡侠区域经理": the name and title read as one
    line still split, and the address whose @ came out as ß is found with the right name."""
    lines = card(
        ("云帆电子", 78),
        ("胡侠区域经理", 100),
        ("Tel/电话:008621 77825396", 46),
        ("Email/xiaßyunfan-elec.com.cn", 46),
        ("Web yunfan elec.com.cn", 45),
    )
    result = extract_fields(lines, "CN")
    assert (result.name, result.company, result.title) == ("胡侠", "云帆电子", "区域经理")
    assert result.emails == ["xia@yunfan-elec.com.cn"]
    assert result.website == "yunfan-elec.com.cn"


def test_a_site_cut_at_a_gap_read_for_its_dash() -> None:
    from ocr.extract import site_cut_at_a_gap

    rows = card(("Web yunfan elec.com.cn", 40))
    emails = ["xia@yunfan-elec.com.cn"]
    assert site_cut_at_a_gap("elec.com.cn", emails, rows) == "yunfan-elec.com.cn"
    # no gap printed: a firm mailing from a group's longer domain keeps its own site
    assert site_cut_at_a_gap("elec.com.cn", emails, card(("elec.com.cn", 40))) == "elec.com.cn"


def test_the_bowl_of_an_at_read_as_a_bracket() -> None:
    assert find_emails("F-Mail: ftschentscher(@wagenknecht-automation.de") == [
        "ftschentscher@wagenknecht-automation.de"
    ]


def test_a_lost_dot_before_the_country_domain_and_a_hong_kong_name() -> None:
    """ "howakit@frosthk" beside www.frost.hk: the dot lost; Ho Wai Kit, Stanley's address
    spells his Chinese name, whose thin i was lost."""
    from ocr.extract import finish_cut_email

    assert finish_cut_email("Mail: howaikit@frosthk", "www.frost.hk") == "howaikit@frost.hk"
    assert email_after_name("howakit@frost.hk", "Ho Wai Kit, Stanley") == "howaikit@frost.hk"
    assert email_after_name("stanley.ho@frost.hk", "Ho Wai Kit, Stanley") == (
        "stanley.ho@frost.hk"
    )


def test_the_site_the_address_confirms_of_two_printed() -> None:
    """Both faces print the site; one reading ("wwwcironbark.com") is off by a letter and the
    other agrees with the email's domain: that one is the site."""
    lines = card(
        ("Ken Chow", 40),
        ("Email: chowkaming@ironbark.com", 20),
        ("Web: wwwcironbark.com", 20),
        ("網址：www.ironbark.com", 20),
    )
    assert extract_fields(lines, "HK").website == "www.ironbark.com"


def test_a_german_floor_read_with_a_zero_joins_the_address() -> None:
    assert normalize("3. 0G") == "3. OG"
    assert normalize("Release 3.0G") == "Release 3.0G"
    lines = card(
        ("Werner Köster", 50),
        ("Am Marktplatz 127", 22),
        ("3. 0G", 22),
        ("60533 Frankfurt am Main", 26),
    )
    assert extract_fields(lines, "DE").address == (
        "Am Marktplatz 127, 3. OG, 60533 Frankfurt am Main"
    )


def test_a_surname_that_is_a_title_word_when_the_address_spells_the_name() -> None:
    """Pastor is a Spanish family name as well as a title."""
    lines = card(
        ("Grupo Bramble", 52),
        ("Ale Pastor Alegre", 35),
        ("Abogada", 29),
        ("+34 609 116 420", 22),
        ("ale@grupo-bramble.es", 25),
    )
    result = extract_fields(lines, "ES")
    assert (result.name, result.title) == ("Ale Pastor Alegre", "Abogada")


def test_a_misread_name_does_not_rewrite_the_address() -> None:
    """ "Đng" (Đặng with its vowel lost) has no vowel: the name is misread, the address not."""
    assert email_after_name("dangduong@fry.com.au", "Duơng Đng") == "dangduong@fry.com.au"


def test_gmx_with_its_m_read_as_n() -> None:
    assert find_emails("laszlo.lakatos94@gnx.de") == ["laszlo.lakatos94@gmx.de"]
    assert find_emails("ab@gnu.org") == ["ab@gnu.org"]


def test_a_traditional_family_name_on_a_mainland_card() -> None:
    lines = card(
        ("成都锦程生物医药有限公司", 56),
        ("黃新雨", 60),
        ("手机:196-1841-7466", 24),
        ("成都市锦江区天府大道134号12F-1208", 24),
    )
    assert extract_fields(lines, "CN").name == "黄新雨"
    hk = card(("黃新雨", 60), ("電話:+852 2345 6789", 24), ("香港九龍彌敦道12號", 24))
    assert extract_fields(hk, "CN").name == "黃新雨"


def test_a_french_accountants_title_beside_its_department() -> None:
    lines = card(
        ("RUIZ ASSURANCES", 50),
        ("Your partner in logistics", 24),
        ("NATHALIE JOYE", 40),
        ("Expert-comptable·Sales Department", 24),
        ("E |joye.nathalie@ruizassurances.fr", 20),
    )
    assert extract_fields(lines, "FR").title == "Expert-comptable"


def test_an_rn_read_as_m_in_a_domain_the_firm_spells() -> None:
    lines = card(("Acorn Engineering", 50), ("Toni Sexton", 64), ("www.acom.io", 36))
    assert extract_fields(lines, "US").website == "www.acorn.io"
    # a firm that is not spelled so keeps its domain
    other = card(("Beacon Engineering", 50), ("Toni Sexton", 64), ("www.acom.io", 36))
    assert extract_fields(other, "US").website == "www.acom.io"


def test_a_site_marked_www_over_a_mailbox_read_without_its_at() -> None:
    from ocr.extract import marked_over_bare

    assert marked_over_bare("emalthaopighengrugroup.com", "www.hengruigroup.com")
    assert not marked_over_bare("hengruigroup.com", "www.linkedin.com")


def test_a_floor_and_room_read_run_together() -> None:
    """ "13F1310": room 1310 on the 13th floor, the dash between them lost."""
    lines = card(
        ("杨晓春", 60),
        ("启明生物医药有限公司", 40),
        ("A地址:北京市朝阳区望京街560号", 24),
        ("创新大厦13F1310", 24),
    )
    assert extract_fields(lines, "CN").address == "北京市朝阳区望京街560号创新大厦13F-1310"
    lines = card(("杨晓春", 60), ("地址:北京市朝阳区望京街560号创新大厦13F2310", 24))
    assert extract_fields(lines, "CN").address.endswith("13F2310")  # not that floor's room


def test_a_name_word_without_a_vowel_is_asked() -> None:
    from ocr.extract import vowel_lost

    lines = card(
        ("Fry & Partners", 36),
        ("Duơng Đng", 62),
        ("Graphic Designer", 32),
        ("dangduong@fry.com.au", 29),
    )
    result = extract_fields(lines, "AU")
    assert result.confidence["name"] < 0.8
    assert result.emails == ["dangduong@fry.com.au"]
    ng = extract_fields(card(("Ng Wai Man", 60), ("Sales Manager", 30)), "HK")
    assert ng.name == "Ng Wai Man" and not vowel_lost("Ng Wai Man")


def test_a_c_label_is_a_cell_phone() -> None:
    lines = card(
        ("Jeffrey Moore", 56),
        ("Logistics Coordinator", 31),
        ("P +1 206 759 6829", 21),
        ("C (786) 471-7994", 24),
    )
    result = extract_fields(lines, "US")
    assert result.phone is not None and result.phone.e164 == "+17864717994"
    assert result.phone.kind == "mobile"


def test_a_colon_read_after_a_title_keeps_it_a_title() -> None:
    assert title_score("Supply Chain Analyst:") == title_score("Supply Chain Analyst") > 0


def test_a_linkedin_path_without_its_host_is_no_firm() -> None:
    lines = card(
        ("María Hernández", 56),
        ("Tax Consultant", 30),
        ("T +14042015740", 30),
        ("LinkedIn: /in/mariahernandez", 30),
        ("8949 Madison Street, Ste. 2794", 28),
    )
    assert "linkedin" not in (extract_fields(lines, "US").company or "").lower()


def test_an_indian_address_says_the_region_numbers_are_read_in() -> None:
    text = "C 080012 88985\n#704, Residency Rd, Banjara Hills, Hyderabad, Telangana - 500024"
    assert "IN" in region_hints(text, "CN")
    assert region_hints(text, "CN").index("IN") < region_hints(text, "CN").index("CN")


def test_a_canadian_postcode_digit_read_as_a_letter_is_mended() -> None:
    assert repair_postcode("Toronto, ON MSV 1V5") == "Toronto, ON M5V 1V5"
    assert repair_postcode("ON M5V 3K7") == "ON M5V 3K7"
    assert repair_postcode("QC H2X 1Y4") == "QC H2X 1Y4"
    assert repair_postcode("ON MSV") == "ON MSV"  # no postcode to mend


def test_a_chinese_title_with_its_english_beside_it_keeps_the_chinese() -> None:
    lines = card(("吴韬峰", 80), ("采购 Purchase", 40), ("电话: +862843173941", 30))
    assert extract_fields(lines, "CN").title == "采购"


def test_a_lettered_building_above_the_street_is_part_of_the_address() -> None:
    assert is_address("Bât. B") >= 0.7 and is_address("Tower A") >= 0.7
    assert is_address("Building the future") == 0.0
    lines = card(
        ("Concepción Gras", 34),
        ("Chef de projet", 28),
        ("+33 427 25 72 16", 24),
        ("Bât. B", 26),
        ("100 rue de la République", 25),
        ("69008 Lyon", 30),
    )
    assert extract_fields(lines, "FR").address == "Bât. B, 100 rue de la République, 69008 Lyon"


def test_an_email_word_split_at_a_letter_gap_is_joined() -> None:
    assert find_emails("邮箱 Email: ren.hongqian g@zhuoyue.cn") == ["ren.hongqiang@zhuoyue.cn"]
    assert find_emails("mary jane@x.com") == ["mary_jane@x.com"]  # as before: an underscore


def test_a_spanish_floor_read_as_two_without_its_space_is_mended() -> None:
    assert spanish_floor("Calle de Colón 29, 22D, 28014 Madrid") == (
        "Calle de Colón 29, 2º D, 28014 Madrid"
    )
    assert spanish_floor("Calle de Colón 62, 52 B, 28014 Madrid") == (
        "Calle de Colón 62, 5º B, 28014 Madrid"
    )


def test_a_german_streets_umlaut_read_as_two_is_mended() -> None:
    assert german_umlaut("Miihlenweg 19, 60579 Frankfurt am Main") == (
        "Mühlenweg 19, 60579 Frankfurt am Main"
    )
    assert german_umlaut("Kiiskinen 4, Helsinki") == "Kiiskinen 4, Helsinki"  # Finnish


def test_a_chinese_title_one_character_off_a_common_one_is_mended() -> None:
    assert mend_chinese_title("点经理") == "总经理"
    assert mend_chinese_title("力资源经理") == "人力资源经理"  # its first character cut
    assert mend_chinese_title("小贸业务员") == "外贸业务员"
    # a character titles use may be another title: kept
    assert mend_chinese_title("副经理") == "副经理"
    assert mend_chinese_title("部门经理") == "部门经理"
    assert mend_chinese_title("销售经理") == "销售经理"
    # traditional titles too, mended in the card's script
    assert mend_chinese_title("項月經理") == "項目經理"
    assert mend_chinese_title("銷售經埋") == "銷售經理"
    assert mend_chinese_title("銷售經理") == "銷售經理"
    lines = card(("赵磊", 80), ("运敬总监", 40), ("手机 138 1234 5678", 30))
    result = extract_fields(lines, "CN")
    assert result.title == "运营总监" and result.confidence["title"] < 0.8
    assert result.name == "赵磊"


def test_a_design_studio_named_by_its_trade_is_a_firm() -> None:
    from ocr.extract import company_score

    assert company_score("云帆設計") > 0 and company_score("启明设计") > 0
    assert company_score("设计师") == 0.0  # the designer: a title
    lines = card(("云帆設計", 40), ("楊志強", 70), ("董事總經理", 30), ("電話: +852 2555 2435", 21))
    assert extract_fields(lines, "HK").company == "云帆設計"


def test_a_city_and_a_misread_character_touching_the_firm_line_start_it() -> None:
    lines = [
        Line("成都点", (208, 89, 199, 82), 82.0, 0.87),
        Line("越食品有限公司", (407, 89, 465, 79), 79.0, 0.92),
        Line("业务经理", (287, 271, 153, 30), 30.0, 0.94),
    ]
    assert [ln.text for ln in join_firm_pieces(lines)] == ["成都点越食品有限公司", "业务经理"]


def test_a_name_read_unsure_does_not_mend_a_surely_read_email() -> None:
    lines = [
        Line("机馨健", (99, 256, 188, 53), 53.0, 0.45),
        Line("业务经理", (287, 271, 153, 30), 30.0, 0.94),
        Line("手机 :187 5885 2571", (98, 562, 259, 28), 22.0, 0.92),
        Line("E-mail:xinjianj@zhuoyue-food.cn", (98, 597, 441, 28), 28.0, 0.92),
    ]
    assert extract_fields(lines, "CN").emails == ["xinjianj@zhuoyue-food.cn"]


def test_a_host_in_capitals_with_spaced_dots_and_a_misread_www_are_found() -> None:
    assert find_website("Www. QUILL. AU") == "www.quill.au"
    assert find_website("avww.yunfan.cn") == "www.yunfan.cn"
    assert find_website("Inc. Sydney. AU") is None  # no www: a sentence, not a host
    assert find_website("aww.com") == "aww.com"  # a host of its own


def test_a_countrys_own_mail_service_is_no_firm() -> None:
    """seznam.cz, bigpond.com, uol.com.br are mail services as gmail.com is (the maintained
    list, `ocr.extract.FREE_MAIL`): the mailbox's domain does not name the employer; a
    firm's does."""
    for mail, company in (
        ("jan.novak@seznam.cz", None),
        ("tom.brown@bigpond.com", None),
        ("ana.souza@uol.com.br", None),
        ("taro.sato1987@docomo.ne.jp", None),  # a Japanese mobile carrier's mail
        ("jan.novak@northwind.cz", "Northwind"),
    ):
        lines = card(
            ("Jan Novak", 40), ("Sales Director", 25), (f"E: {mail}", 22),
            ("M: +420 601 234 567", 22),
        )  # fmt: skip
        assert extract_fields(lines, "CZ").company == company, mail


def test_a_desk_line_goes_before_the_firms_switchboard() -> None:
    """公司电话 / 总机 / Main reach the firm's reception; 座机 is the person's own desk."""
    lines = card(
        ("德润贸易", 50),
        ("高轩鸿", 70),
        ("行政助理", 36),
        ("公司电话0086 29 3226 4506", 30),
        ("传真029 3926 7594 | 座机+862966787027", 30),
    )
    result = extract_fields(lines, "CN")
    assert result.phone is not None and result.phone.e164 == "+862966787027"
    assert result.fax is not None and result.fax.e164 == "+862939267594"


def test_a_switchboard_in_the_cards_own_language_is_the_firms_line() -> None:
    """Centralino (Italy), Standard (France), Centralita (Spain): the firm's main line, an
    office number that comes after the person's own desk line, whatever its type."""
    for label, region, main, desk, want in (
        ("Centralino", "IT", "+39 02 8901 2345", "Diretto +39 02 8901 2399", "+390289012399"),
        ("Standard", "FR", "+33 1 42 68 53 00", "Ligne directe +33 1 42 68 53 17", "+33142685317"),
        ("Centralita", "ES", "+34 912 345 600", "Directo +34 912 345 678", "+34912345678"),
    ):
        lines = card(
            ("Giulia Conti", 60),
            ("Responsabile Acquisti", 30),
            (f"{label}: {main}", 26),
            (desk, 26),
        )
        result = extract_fields(lines, region)
        assert result.phone is not None and result.phone.e164 == want, label
        firm = next(p for p in result.phones if p.e164 != want)
        assert (firm.kind, firm.why) == ("office", "switchboard"), label


def test_a_country_codes_one_read_as_a_closing_bracket() -> None:
    """ "+6) 490 985 820" on an Australian card: the 1 of +61 read as ")", which closes no
    bracket; "(+1) 555 …" keeps its brackets."""
    from ocr.extract import repair_digits

    assert repair_digits("M | +6) 490 985 820") == "M | +61 490 985 820"
    assert repair_digits("(+1) 555 0123") == "(+1) 555 0123"
    lines = card(("Tina Götz", 60), ("Founder", 36), ("M | +6) 490 985 820", 30))
    phone = extract_fields(lines, "CN").phone
    assert phone is not None and phone.e164 == "+61490985820"


def test_the_legal_name_with_its_suffix_misread_is_still_the_fuller_name() -> None:
    """ "Hunter Veterinary Clinic pic" under the wordmark: plc one letter off, the full name."""
    lines = card(
        ("Hunter Veterinary Clinic", 60),
        ("Jeffrey Turner", 50),
        ("Chief Technology Officer", 30),
        ("M 07706 440342", 30),
        ("turner.jeffrey@hunter.com", 30),
        ("Hunter Veterinary Clinic pic", 30),
    )
    company = extract_fields(lines, "GB").company
    assert company is not None and company.lower() == "hunter veterinary clinic plc"


def test_a_chinese_addresss_province_or_city_one_character_off_a_real_one_is_mended() -> None:
    assert places_mended("广朱省广州市天河区环市东路1460号") == "广东省广州市天河区环市东路1460号"
    assert places_mended("广东省 广朱市 天河区") == "广东省 广州市 天河区"
    assert places_mended("江苏省苏卅市工业园区") == "江苏省苏州市工业园区"
    # real places are kept, and a read place near several real ones
    assert places_mended("咸宁市咸安区") == "咸宁市咸安区"
    assert places_mended("北凉市朝阳区") == "北凉市朝阳区"
    assert places_mended("上海静安区") == "上海静安区"
    assert places_mended("吉林省佛山市") == "吉林省佛山市"  # a real city, if not of that province
    assert places_mended("梳州市余杭区") == "梳州市余杭区"  # 杭州, 柳州, 徐州 … one off
    assert places_mended("梳州市余杭区", {"杭州"}) == "杭州市余杭区"  # a number in 杭州
    lines = card(
        ("赵磊", 80), ("手机 138 1234 5678", 30), ("地址：广朱省广州市天河区花城大道1266号", 30)
    )
    assert extract_fields(lines, "CN").address == "广东省广州市天河区花城大道1266号"



def test_the_line_under_the_name_is_the_title_over_a_slogan() -> None:
    """ "Your partner in logistics" has a role's word (partner) and a slogan's (your); the line
    under the name, "Dental Hygienist", has no role's word but the place cards print titles."""
    rows = card(
        ("Raymond Byrne", 49),
        ("Dental Hygienist", 23),
        ("E-mail raymond.byrne@corent.com", 20),
        ("Corent Ltd", 20),
        ("Your partner in logistics", 20),
    )
    assert extract_fields(rows, "GB").title == "Dental Hygienist"
    # no line under the name but the slogan: it stays, asked
    result = extract_fields([rows[0], *rows[2:]], "GB")
    assert result.title == "Your partner in logistics"
    assert result.confidence["title"] < 0.8


def test_of_two_readings_of_the_title_at_one_place_the_fuller() -> None:
    """A title line read twice, whole and in part ("客服主管", "客服"): both read as titles,
    and the one that holds the other is what the card prints."""
    lines = [
        Line("赵杰欣", (88, 300, 200, 60), 60.0, 0.95),
        Line("客服主管", (88, 402, 168, 38), 21.0, 0.97),
        Line("客服", (94, 402, 75, 38), 38.0, 0.95),
        Line("手机 +86 185 5495 6804", (93, 513, 467, 42), 27.0, 0.91),
    ]
    assert extract_fields(lines, "CN").title == "客服主管"


def test_a_family_name_read_apart_from_its_given_name_and_the_title() -> None:
    """ "余" large, then "朋 销售经理" on its row: the given name was read with the small title
    beside it; the name is 余朋 and the title 销售经理."""
    lines = [
        Line("深圳天成机械设备有限公司", (152, 156, 536, 88), 35.0, 0.94),
        Line("余", (160, 316, 88, 72), 71.0, 0.82),
        Line("朋 销售经理", (317, 320, 220, 66), 28.0, 0.92),
        Line("E-mail: peng_yu@tiancheng.cn", (172, 673, 402, 29), 29.0, 0.94),
    ]
    result = extract_fields(lines, "CN")
    assert (result.name, result.title) == ("余朋", "销售经理")
    # a logo's character beside the firm's name is no family name
    logo = [
        Line("华", (60, 40, 60, 60), 60.0, 0.9),
        Line("信 电子有限公司", (130, 45, 300, 50), 40.0, 0.9),
    ]
    assert extract_fields(logo, "CN").name is None
