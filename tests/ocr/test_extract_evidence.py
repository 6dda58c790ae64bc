"""Name, company, title and contacts decided from the card's combined evidence (issue 16): our
own card texts, as a perfect reader would return them, so any miss is the extraction's."""

from __future__ import annotations

from dataclasses import replace

from bot.cards import CONFIDENT
from ocr import Line, extract_fields
from ocr.extract import (
    _without_logo,
    check_across_scripts,
    check_by_unused_reading,
    china_places,
    disagrees_with_domain,
    find_website,
    is_address,
    latin_name,
    latin_scrap_before_han,
    logo_scraps_left,
    misread_suffix,
    name_is_firm,
    pinyin_share,
    pinyin_witness,
    same_in_either_script,
    spells_part_of,
    written_traditional,
)


def card(*rows: tuple[str, float] | tuple[str, float, int]) -> list[Line]:
    """Lines top to bottom, each (text, type height[, left edge]); left-aligned at 60 px."""
    lines, top = [], 40
    for row in rows:
        text, height = row[0], row[1]
        left = row[2] if len(row) > 2 else 60
        width = int(len(text) * height * 0.55)
        lines.append(Line(text, (left, top, width, int(height)), height, 0.97))
        top += int(height * 1.6)
    return lines


def test_title_by_place_when_no_role_word_is_known() -> None:
    result = extract_fields(
        card(
            ("KEYSTONE SECURITY", 50),
            ("Tomasz Wrona", 44),
            ("Locksmith", 24),
            ("M: +48 601 234 567", 20),
            ("tomasz@keystone-security.pl", 20),
        ),
        "PL",
    )
    assert result.name == "Tomasz Wrona"
    assert result.title == "Locksmith"
    assert result.confidence["title"] < CONFIDENT  # place alone: the rep is asked


def test_a_department_is_not_the_title_nor_the_company() -> None:
    result = extract_fields(
        card(
            ("杭州云帆网络科技有限公司", 34),
            ("王芳", 48),
            ("客户服务主任", 24),
            ("市场部", 22),
            ("手机：139 5712 8846", 20),
            ("邮箱：wangfang@yunfan-tech.cn", 20),
        ),
        "CN",
    )
    assert result.title == "客户服务主任"
    assert result.company == "杭州云帆网络科技有限公司"


def test_title_and_department_set_in_one_line() -> None:
    result = extract_fields(
        card(
            ("Lindqvist & Berg", 40),
            ("Sofia Almeida", 40),
            ("Senior Buyer · Procurement Group", 20),
            ("sofia.almeida@lindqvistberg.se", 18),
        ),
        "SE",
    )
    assert result.title == "Senior Buyer"
    assert result.company == "Lindqvist & Berg"


def test_chinese_address_label_and_a_unit_wrapped_onto_its_own_line() -> None:
    result = extract_fields(
        card(
            ("成都锦华贸易有限公司", 34),
            ("赵敏", 46),
            ("采购经理", 24),
            ("公司地址：四川省成都市武侯区人民南路四段27号", 20),
            ("8F-805", 20),
            ("电话：028-8555 3310", 20),
        ),
        "CN",
    )
    assert result.address == "四川省成都市武侯区人民南路四段27号8F-805"


def test_room_and_postcode_in_brackets_end_the_address() -> None:
    result = extract_fields(
        card(
            ("赵敏", 46),
            ("地址：南京市鼓楼区中山北路88号", 20),
            ("1502室（210009）", 20),
        ),
        "CN",
    )
    assert result.address == "南京市鼓楼区中山北路88号1502室(210009)"  # NFKC: ASCII brackets


def test_indian_card_country_code_without_plus_and_pin_code() -> None:
    result = extract_fields(
        card(
            ("Anjali Menon", 44),
            ("Regional Sales Manager", 22),
            ("Tel: 91 22 4912 3456", 20),
            ("anjali.menon@sahyadri-tools.in", 20),
            ("www.sahyadri-tools.in", 20),
            ("#12, 3rd Cross, Indiranagar", 20),
            ("Bengaluru, Karnataka - 560038", 20),
        ),
        "CN",
    )
    assert result.phone is not None and result.phone.e164 == "+912249123456"
    assert result.website == "www.sahyadri-tools.in"
    assert result.address == "#12, 3rd Cross, Indiranagar, Bengaluru, Karnataka - 560038"


def test_the_wordmark_gives_way_to_the_legal_name_holding_its_words() -> None:
    result = extract_fields(
        card(
            ("NORTHBRIDGE ANALYTICS", 60),
            ("Grace Tan", 40),
            ("Data Scientist", 22),
            ("grace.tan@northbridge.sg", 18),
            ("Northbridge Data Analytics Pte. Ltd.", 18),
        ),
        "SG",
    )
    assert result.company == "Northbridge Data Analytics Pte. Ltd."


def test_an_address_before_its_at_is_not_a_website() -> None:
    result = extract_fields(card(("Li Na", 40), ("E: na.li@huaxin.com.cn", 20)), "CN")
    assert result.emails == ["na.li@huaxin.com.cn"]
    assert result.website is None


def test_a_slogan_starting_with_building_is_not_an_address() -> None:
    assert is_address("Building a greener tomorrow") == 0.0
    assert is_address("Building 7, Science Park West") >= 0.9
    assert is_address("Bât. C, 14") >= 0.9


def test_names_with_ranks_degrees_and_english_names() -> None:
    assert latin_name("Eleanor Voss FRICS") == "Eleanor Voss"
    assert latin_name("Lic. Marta Ibáñez Ruiz") == "Marta Ibáñez Ruiz"
    assert latin_name("Me Antoine Girard") == "Antoine Girard"
    assert latin_name("Ho Ka Wai, Kelvin") == "Ho Ka Wai, Kelvin"
    assert latin_name("ZHANG Wei") == "ZHANG Wei"  # a family name in capitals
    assert latin_name("Ana de Souza") == "Ana de Souza"
    assert latin_name("MarcoBellini") == "Marco Bellini"  # the space lost in reading
    assert latin_name("McAllister") is None  # one word is no name


def test_diacritics_are_kept_when_the_email_spells_them_plain() -> None:
    result = extract_fields(
        card(("Zoë Lefèvre", 44), ("Avocate", 22), ("zoe.lefevre@cabinet-lefevre.fr", 18)), "FR"
    )
    assert result.name == "Zoë Lefèvre"


def test_an_at_read_as_g_is_mended_where_the_name_says_so() -> None:
    result = extract_fields(
        card(
            ("Studio Bellini", 40),
            ("MarcoBellini", 40),
            ("Architetto", 22),
            ("marco.bellinigstudio-bellini.it", 18),
        ),
        "IT",
    )
    assert result.name == "Marco Bellini"
    assert result.emails == ["marco.bellini@studio-bellini.it"]
    assert result.website is None


def test_one_letter_of_a_long_address_mended_after_the_name() -> None:
    result = extract_fields(
        card(("Nadia Kowalski", 44), ("Office Manager", 22), ("nadia.kowalsky@brightline.pl", 18)),
        "PL",
    )
    assert result.emails == ["nadia.kowalski@brightline.pl"]


def test_a_domain_mended_after_the_wordmark() -> None:
    result = extract_fields(
        card(
            ("HARBOURLIGHT", 60),
            ("Jonah Ng", 40),
            ("Project Engineer", 22),
            ("jonah.ng@harbourliqht.com.au", 18),
            ("www.harbourliqht.com.au", 18),
        ),
        "AU",
    )
    assert result.emails == ["jonah.ng@harbourlight.com.au"]
    assert result.website == "www.harbourlight.com.au"


def test_a_bare_number_goes_before_a_desk_line_known_by_its_extension() -> None:
    result = extract_fields(
        card(
            ("Dana Whitfield", 44),
            ("Account Executive", 22),
            ("+1 312 854 0147 ext. 220", 20),
            ("(312) 854-0199", 20),
            ("Chicago, IL 60601", 20),
        ),
        "US",
    )
    assert result.phone is not None and result.phone.e164 == "+13128540199"
    assert [p.kind for p in result.phones] == ["other", "office"]


def test_two_readings_of_the_firm_that_disagree_are_asked() -> None:
    result = extract_fields(
        card(
            ("星辰企业管理咨询", 70),
            ("沈思萍", 44),
            ("技术总监", 24),
            ("西安星展企业管理咨询有限公司", 20),
        ),
        "CN",
    )
    assert result.company == "西安星展企业管理咨询有限公司"
    assert result.confidence["company"] < CONFIDENT


def test_logo_scraps_before_a_wordmark() -> None:
    assert _without_logo("Rs | Riverbend Group") == "Riverbend Group"
    assert _without_logo("©) SMITH ARCHITECTS") == "SMITH ARCHITECTS"
    assert _without_logo("(Beijing) Trading Co.") == "(Beijing) Trading Co."
    assert _without_logo("3M Company") == "3M Company"


def test_websites_in_any_country_domain() -> None:
    assert find_website("www.tuinbouw-devries.nl") == "www.tuinbouw-devries.nl"
    assert find_website("kestrel.hk") == "kestrel.hk"
    assert find_website("Mr.Li") is None
    assert find_website("T. Nagar") is None


def test_chinese_name_read_with_its_pinyin_or_with_scraps() -> None:
    result = extract_fields(
        card(
            ("鼎盛化工", 50),
            ("郭 Guo 晓 Xiao 东 Dong", 40),
            ("技术总监", 24),
            ("邮箱：xiaodong.guo@dingsheng-chem.cn", 18),
        ),
        "CN",
    )
    assert result.name == "郭晓东"
    result = extract_fields(
        card(("鼎盛化工", 50), ("郭晓东纹", 40), ("邮箱：xiaodong.guo@dingsheng-chem.cn", 18)), "CN"
    )
    assert result.name == "郭晓东"


def test_a_wechat_label_gives_the_account_and_never_a_phone() -> None:
    result = extract_fields(
        card(
            ("星河贸易有限公司", 40),
            ("陈静", 44),
            ("采购经理", 24),
            ("手机：139 1234 5678", 20),
            ("微信：chenjing_sh", 20),
        ),
        "CN",
    )
    assert result.name == "陈静" and result.wechat == "chenjing_sh"
    assert [p.e164 for p in result.phones] == ["+8613912345678"]


def test_a_wechat_found_by_its_number_is_not_a_second_phone() -> None:
    result = extract_fields(
        card(
            ("Li Na", 44),
            ("Sales Director", 24),
            ("Tel: +86 21 6888 1234", 20),
            ("WeChat: 138 0013 8000", 20),
            ("li.na@example.cn", 20),
        ),
        "CN",
    )
    assert result.wechat == "138 0013 8000"
    assert [p.e164 for p in result.phones] == ["+862168881234"]


def test_a_wordmark_spelling_only_the_start_of_the_domain_is_asked() -> None:
    # "Kimura" read of a sideways "Kimura Trading": the domain agrees with what was read,
    # not with the whole name
    lines = card(
        ("Kimura", 60),
        ("Hanako Ishikawa", 40),
        ("Sales Manager", 22),
        ("Phone: +81 45 871 6553", 20),
        ("Web: https://www.kimura-tradin.co.jp", 20),
    )
    result = extract_fields(lines, "JP")
    assert result.company == "Kimura"
    assert result.confidence["company"] < CONFIDENT
    whole = extract_fields([replace(lines[0], text="Kimura Trading"), *lines[1:]], "JP")
    assert whole.company == "Kimura Trading"
    assert whole.confidence["company"] >= CONFIDENT


def test_spells_part_of_the_domain() -> None:
    assert spells_part_of("Kimura", "kimura-tradin")
    assert spells_part_of("Grupo Hale", "grupo-halcyon")  # the last letter read wrong too
    assert not spells_part_of("Kimura Trading", "kimura-tradin")
    assert not spells_part_of("Northwind", "northwind")
    assert not spells_part_of("Northwind Traders Ltd", "northwind")
    assert not spells_part_of("IBM", "ibmcorp")  # too short to tell


def test_a_firm_name_the_domain_spells_otherwise_is_asked() -> None:
    # "Grupo" makes it a firm's name, but the domain spells more than "Hale": a word cut short
    result = extract_fields(
        card(
            ("Grupo Hale", 60),
            ("Jacques Bühler", 40),
            ("Asesor inmobiliario", 22),
            ("Email jacques@grupo-halcyon.com", 20),
        ),
        "ES",
    )
    assert result.company == "Grupo Hale"
    assert result.confidence["company"] < CONFIDENT


def test_a_chinese_firm_misread_against_its_pinyin_domain_is_asked() -> None:
    # 长城 read as 长域: the domain, changcheng, spells the name the line should have
    lines = card(
        ("杭州长域机电有限公司", 44),
        ("赵丽", 40),
        ("采购经理", 24),
        ("手机 138 0571 2266", 20),
        ("邮箱 zhaoli@changcheng-jd.cn", 20),
    )
    misread = extract_fields(lines, "CN")
    assert misread.company == "杭州长域机电有限公司"
    assert misread.confidence["company"] < CONFIDENT
    right = extract_fields([replace(lines[0], text="杭州长城机电有限公司"), *lines[1:]], "CN")
    assert right.company == "杭州长城机电有限公司"
    assert right.confidence["company"] >= CONFIDENT


def test_a_chinese_firm_with_an_english_domain_stays_sure() -> None:
    # many firms go by an English brand online: the domain says nothing against the name
    result = extract_fields(
        card(
            ("深圳市蓝海电子有限公司", 44),
            ("周强", 40),
            ("销售总监", 24),
            ("邮箱 zhouq@bluewave.com", 20),
        ),
        "CN",
    )
    assert result.company == "深圳市蓝海电子有限公司"
    assert result.confidence["company"] >= CONFIDENT


def test_pinyin_share_tells_a_pinyin_domain_from_an_english_one() -> None:
    assert pinyin_share("changcheng") == 1.0
    assert pinyin_share("huaxiagroup") >= 0.75
    for english in ("bluewave", "riverbend", "crescent", "quartz"):
        assert pinyin_share(english) < 0.75, english


def test_disagrees_with_domain() -> None:
    assert disagrees_with_domain("Ivertine Group", "silverline-group")  # "Group" proves nothing
    assert not disagrees_with_domain("Silverline Group", "silverline-group")
    assert not disagrees_with_domain("Northwind Traders Ltd", "northwind")
    assert not disagrees_with_domain("International Business Machines", "ibm")
    assert not disagrees_with_domain("中兴通讯股份有限公司", "zte")  # the pinyin's initials
    assert disagrees_with_domain("广州黑盛电子有限公司", "dingsheng")
    assert not disagrees_with_domain("广州鼎盛电子有限公司", "dingsheng-tech")
    assert not disagrees_with_domain("Acme Ltd", None)


def test_a_latin_firm_name_the_domain_does_not_spell_is_asked() -> None:
    lines = card(
        ("Brightwater Analytics Ltd", 44),
        ("Olivia Grant", 40),
        ("Data Scientist", 24),
        ("olivia.grant@brightwater.co.uk", 20),
    )
    right = extract_fields(lines, "GB")
    assert right.confidence["company"] >= CONFIDENT
    misread_line = replace(lines[0], text="Brlghtvater Analytics Ltd")
    misread = extract_fields([misread_line, *lines[1:]], "GB")
    assert misread.company == "Brlghtvater Analytics Ltd"
    assert misread.confidence["company"] < CONFIDENT


def test_a_misread_legal_suffix_is_asked() -> None:
    assert misread_suffix("Tanaka Trading Co., Lid.")
    assert misread_suffix("Acme Carp.")
    assert not misread_suffix("Tanaka Trading Co., Ltd.")
    assert not misread_suffix("Holiday Inn")  # a word, not a suffix read wrong
    # "plc" set in small letters, its l read as i: small letters mark a suffix, not a word
    assert misread_suffix("Kalo pic")
    assert misread_suffix("Yamaguchi Trading Ca, Ltd.")
    assert not misread_suffix("Yamaguchi Trading Co., Ltd.")
    assert not misread_suffix("Kalo plc")
    assert not misread_suffix("Kalo Pic")
    assert not misread_suffix("Kalo")
    result = extract_fields(
        card(
            ("Tanaka Trading Co., Lid.", 40),
            ("Hiroshi Tanaka", 44),
            ("Export Manager", 24),
            ("h.tanaka@tanaka-trading.jp", 20),
        ),
        "JP",
    )
    assert result.company == "Tanaka Trading Co., Ltd."  # the one suffix a letter away, asked
    assert result.confidence["company"] < CONFIDENT


def test_an_english_firm_name_on_a_chinese_card_with_a_chinese_one_is_asked() -> None:
    # which of the two is the firm the rep wants on file is not for the reader to guess
    result = extract_fields(
        card(
            ("Morgan & Partners", 40),
            ("青松科技", 44),
            ("陈美琪", 40),
            ("行政助理", 24),
            ("电邮 mq.chen@morgan-partners.hk", 20),
        ),
        "HK",
    )
    assert result.company
    assert result.confidence["company"] < CONFIDENT


def test_generational_suffixes_stay_in_the_name() -> None:
    assert latin_name("Wolfgang Koch II") == "Wolfgang Koch II"
    assert latin_name("John Smith Jr., PhD") == "John Smith Jr."
    assert latin_name("JOHN SMITH III") == "John Smith III"
    assert latin_name("Mary Lee, MBA") == "Mary Lee"


def test_a_logo_read_as_small_letters_before_a_chinese_firm_is_dropped() -> None:
    assert _without_logo("all 深圳同创信息科技有限公司") == "深圳同创信息科技有限公司"
    assert _without_logo("TCL 科技集团股份有限公司") == "TCL 科技集团股份有限公司"  # a brand


def test_a_scrap_before_the_city_of_a_chinese_firm_is_asked() -> None:
    lines = card(
        ("他杭州恒远物流有限公司", 44),
        ("钱敏", 40),
        ("调度主管", 24),
        ("手机 139 5712 3344", 20),
        ("地址 杭州市西湖区文三路90号", 20),
    )
    scrap = extract_fields(lines, "CN")
    assert scrap.confidence["company"] < CONFIDENT
    clean = extract_fields([replace(lines[0], text="杭州恒远物流有限公司"), *lines[1:]], "CN")
    assert clean.company == "杭州恒远物流有限公司"
    assert clean.confidence["company"] >= CONFIDENT


def test_a_chinese_firm_with_another_column_run_in_is_asked() -> None:
    result = extract_fields(
        card(
            ("电话0086恒远29物流8487有1956限公司", 30),
            ("钱敏", 40),
            ("调度主管", 24),
        ),
        "CN",
    )
    assert result.confidence.get("company", 0.0) < CONFIDENT


def test_a_chinese_legal_name_after_a_logo_read_as_at_is_the_company() -> None:
    # "@ 杭州…": a round logo read as "@" does not make the Chinese name an email
    result = extract_fields(
        card(
            ("@ 杭州恒远物流有限公司", 40),
            ("QIAN Min", 40),
            ("Hangzhou Hengyuan Logistics Co., Ltd.", 30),
            ("Dispatch Supervisor", 24),
            ("Email: qian.min@hengyuan-wl.cn", 20),
        ),
        "CN",
    )
    assert result.company == "杭州恒远物流有限公司"  # the domain, hengyuan, agrees
    assert result.confidence["company"] >= CONFIDENT


def test_a_legal_form_run_into_the_name_is_the_full_name() -> None:
    # the reader lost the space before "Co.": the small print is still the firm's full name
    result = extract_fields(
        card(
            ("Meridian Studio", 44),
            ("Nalei Wu", 40),
            ("Chief Technology Officer", 24),
            ("MeridianStudioCo.", 20),
            ("Email: nalei_wu@meridian.com", 20),
        ),
        "US",
    )
    assert result.company == "MeridianStudio Co."
    assert result.confidence["company"] >= CONFIDENT  # the wordmark agrees: no rival
    result = extract_fields(
        card(
            ("CarbajoEnergía", 40),
            ("Mauricio Guerrero Montoya", 40),
            ("Director comercial", 24),
            ("www.carbajo-energia.es", 20),
            ("Carbajo EnergíaS.L.", 20),
        ),
        "ES",
    )
    assert result.company == "Carbajo Energía S.L."


def test_a_chinese_firm_its_english_name_starts_otherwise_is_asked() -> None:
    def read(first: str) -> dict[str, float]:
        return extract_fields(
            card(
                (first, 44),
                ("Beijing Xinrui Biopharmaceutical Co., Ltd.", 20),
                ("罗韬鸣 区域经理", 40),
                ("邮箱 taomingl@xinruigroup.com.cn", 20),
            ),
            "CN",
        ).confidence

    assert read("新锐生物医药有限公司")["company"] < CONFIDENT  # the city was not read
    assert read("全北京新锐生物医药有限公司")["company"] < CONFIDENT  # a scrap before it
    assert read("北京新锐生物医药有限公司")["company"] >= CONFIDENT


def test_a_chinese_firm_two_characters_off_its_wordmark_is_asked() -> None:
    def read(legal: str) -> float:
        return extract_fields(
            card(
                ("盛世地產代理", 60),
                ("林志強", 44),
                ("營業代表", 24),
                ("電話 2132 2156", 20),
                (legal, 20),
            ),
            "HK",
        ).confidence["company"]

    assert read("瀛世地改代理有限公司") < CONFIDENT
    assert read("盛世地產代理有限公司") >= CONFIDENT


def test_a_wordmark_beside_a_legal_name_read_in_part_is_asked() -> None:
    def read(small_print: str) -> float:
        return extract_fields(
            card(
                ("Samuel Murphy", 40),
                ("Chief Executive Officer", 24),
                ("samuel.murphy@indigo.uk", 20),
                ("Indigo", 30),
                (small_print, 20),
            ),
            "GB",
        ).confidence["company"]

    assert read("rks Lim") < CONFIDENT  # "Indigo Networks Limited" read in part
    assert read("Level 30, 163 Bridge Street") >= CONFIDENT


def test_a_firm_name_starting_at_the_edge_of_the_image_is_asked() -> None:
    def read(left: int) -> float:
        return extract_fields(
            card(
                ("盛世食品有限公司", 44, left),
                ("Shengshi Food Co., Ltd.", 24),
                ("宋荔鸣 会计", 40),
                ("limings@shengshi.com", 20),
            ),
            "CN",
        ).confidence["company"]

    assert read(0) < CONFIDENT  # its start, 苏州, may be beyond the frame
    assert read(60) >= CONFIDENT


def test_a_single_capital_or_a_bracketed_mark_before_a_chinese_firm_is_a_logo() -> None:
    assert _without_logo("A 北京天成企业管理咨询有限公司") == "北京天成企业管理咨询有限公司"
    assert _without_logo("(@) 武汉华茂企业管理咨询有限公司") == "武汉华茂企业管理咨询有限公司"


def test_a_wordmark_cut_short_or_run_together_yields_to_the_legal_name() -> None:
    # "Tech" for Technology, and "HengyuanTech" with its space lost
    for wordmark in ("Hengyuan Tech", "HengyuanTech"):
        result = extract_fields(
            card(
                (wordmark, 60),
                ("Olivia Zhang", 40),
                ("Operations Director", 24),
                ("Hangzhou Hengyuan Information Technology Co., Ltd.", 20),
                ("olivia_zhang@hengyuan-tech.com.cn", 20),
            ),
            "CN",
        )
        assert result.company == "Hangzhou Hengyuan Information Technology Co., Ltd.", wordmark


def test_a_scrap_before_any_chinese_city_is_asked_when_the_card_names_no_place() -> None:
    rows = [("罗滔", 44), ("财务总监", 24), ("tluo@163.com", 20)]
    scrap = extract_fields(card(("惑广州易达物流有限公司", 40), *rows), "CN")
    assert scrap.company == "广州易达物流有限公司"  # the scrap dropped, the firm still asked
    assert scrap.confidence["company"] < CONFIDENT
    clean = extract_fields(card(("广州易达物流有限公司", 40), *rows), "CN")
    assert clean.confidence["company"] >= CONFIDENT
    assert "广州" in china_places() and "乌鲁" in china_places()


def test_a_chinese_firm_cut_at_a_line_break_or_a_digit_in_a_firm_is_asked() -> None:
    cut = extract_fields(card(("媒有限公司", 40), ("赵丽", 40), ("采购经理", 24)), "CN")
    assert cut.company == "媒有限公司"
    assert cut.confidence["company"] < CONFIDENT
    trade_only = extract_fields(card(("贸易有限公司", 40), ("赵丽", 40), ("采购经理", 24)), "CN")
    assert trade_only.confidence["company"] < CONFIDENT
    no_end = extract_fields(
        card(
            ("广州易达电子有限", 40), ("赵丽", 40), ("采购经理", 24), ("zhaoli@yidadianzi.com", 20)
        ),
        "CN",
    )
    assert no_end.company == "广州易达电子有限"  # 公司 lost at the card's edge; the domain agrees
    assert no_end.confidence["company"] < CONFIDENT
    group = extract_fields(
        card(("海尔集团", 40), ("赵丽", 40), ("采购经理", 24), ("zhaoli@haier.com", 20)), "CN"
    )
    assert group.confidence["company"] >= CONFIDENT
    misread = extract_fields(
        card(("Whitfield 6 Co", 40), ("Paul Whitfield", 44), ("Partner", 24)), "GB"
    )
    assert misread.company == "Whitfield 6 Co"
    assert misread.confidence["company"] < CONFIDENT
    whole = extract_fields(  # with a number to call: a card read too thinly is asked anyway
        card(
            ("Whitfield & Co", 40), ("Paul Whitfield", 44), ("Partner", 24), ("020 7946 0958", 20)
        ),
        "GB",
    )
    assert whole.confidence["company"] >= CONFIDENT


def test_the_english_name_of_a_firm_whose_chinese_name_is_printed_too_is_asked() -> None:
    lines = card(
        ("新锐医疗器械", 40),
        ("李钢", 40),
        ("Hangzhou Xinrui Medical Devices Co., Ltd.", 20),
        ("Email: gang.li@xinrui-med.com", 20),
    )
    result = extract_fields(lines, "CN")
    assert result.company == "Hangzhou Xinrui Medical Devices Co., Ltd."
    assert result.confidence["company"] < CONFIDENT
    alone = extract_fields([ln for ln in lines if ln.text != "新锐医疗器械"], "CN")
    assert alone.confidence["company"] >= CONFIDENT


def test_a_chinese_line_read_interleaved_with_its_english_form_is_unwoven() -> None:
    lines = card(
        ("Ningbo 宁波 Haixing 海星 Marine 船舶配 Co., 件 Ltd. 有限公司", 40),
        ("Ningbo Haixing Marine Co., Ltd.", 18),
        ("周立群 销售经理", 36),
        ("手机：138 5741 2290", 20),
        ("邮箱：zhou.liqun@haixing-marine.cn", 20),
    )
    result = extract_fields(lines, "CN")
    assert result.company == "宁波海星船舶配件有限公司"
    assert result.name == "周立群"


def test_a_chinese_firm_read_after_a_lone_digit_is_asked() -> None:
    result = extract_fields(
        card(
            ("7 杭州晨光纺织有限公司", 40),
            ("陈思远", 48),
            ("手机：139 0571 6628", 20),
            ("邮箱：chen.siyuan@chenguang-tex.cn", 20),
        ),
        "CN",
    )
    assert result.company == "杭州晨光纺织有限公司"  # the digit dropped, the firm still asked
    assert result.confidence["company"] < CONFIDENT


def test_a_short_last_word_the_email_leaves_out_of_a_name_in_capitals_is_asked() -> None:
    result = extract_fields(
        card(
            ("Hollis & Crane LLP", 30),
            ("MARGARET ANNE DOYLE ACA", 44),
            ("Audit Partner", 24),
            ("T: +44 20 7946 0321", 20),
            ("E: mdoyle@holliscrane.co.uk", 20),
        ),
        "GB",
    )
    assert result.name == "Margaret Anne Doyle Aca"
    assert result.confidence["name"] < CONFIDENT


def test_a_short_wordmark_one_lookalike_letter_off_the_legal_name_is_asked() -> None:
    result = extract_fields(
        card(
            ("Vilta", 60),
            ("Sandra Okafor", 40),
            ("Account Director", 22),
            ("Vllta Limited", 22),
            ("+44 20 7946 0958", 20),
            ("sandra@vllta.co.uk", 20),
        ),
        "GB",
    )
    assert result.company == "Vllta Limited"
    assert result.confidence["company"] < CONFIDENT


def test_a_wordmark_one_letter_off_the_start_of_a_longer_line_is_asked() -> None:
    result = extract_fields(
        card(
            ("NORTHWIND DATA", 40),
            ("KWAME MENSAH", 50),
            ("Solutions Architect", 22),
            ("www.northwind.io", 20),
            ("M: +44 7700 900 412", 20),
            ("Northwlnd Data Lid", 20),
        ),
        "GB",
    )
    assert result.company == "NORTHWIND DATA"
    assert result.confidence["company"] < CONFIDENT


def test_a_company_gets_back_the_accents_its_wordmark_prints() -> None:
    result = extract_fields(
        card(
            ("Lucía Ferrández", 44),
            ("ROBÓTICA LEVANTE", 34),
            ("+34 961 234 567", 20),
            ("lucia@robotica-levante.es", 20),
            ("Robotica Levante S.L.", 20),
        ),
        "ES",
    )
    assert result.company == "Robótica Levante S.L."


def test_a_lone_capital_before_the_firm_is_asked_unless_its_domain_spells_it() -> None:
    rows = [
        ("K Lindqvist Holdings AB", 60),
        ("Emma Sjöberg", 44),
        ("Project Manager", 24),
        ("M +46 70 123 45 67", 20),
    ]
    result = extract_fields(card(*rows), "SE")
    assert result.company == "K Lindqvist Holdings AB"
    assert result.confidence["company"] < CONFIDENT
    result = extract_fields(card(*rows, ("emma@klindqvist.se", 20)), "SE")
    assert result.confidence["company"] >= CONFIDENT


def test_a_company_read_after_a_mark_or_a_bracketed_scrap_is_asked() -> None:
    for wordmark in ("© Solvane", "(3 Solvane Group", "i [t Solvane Group"):
        result = extract_fields(
            card(
                (wordmark, 56),
                ("Ines Moreau", 40),
                ("Sales Director", 22),
                ("+33 1 42 68 53 00", 20),
                ("ines@solvane.fr", 20),
            ),
            "FR",
        )
        assert "Solvane" in (result.company or "")
        assert result.confidence["company"] < CONFIDENT, wordmark


def test_a_scrap_before_the_city_of_the_cards_number_is_asked() -> None:
    rows = [
        ("周林", 48),
        ("电话 (010) 6521 3380", 20),
        ("网址 : haina-edu.cn", 20),
    ]
    result = extract_fields(card(("息北京海纳教育科技有限公司", 40), *rows), "CN")
    assert result.company == "北京海纳教育科技有限公司"  # dropped, still asked
    assert result.confidence["company"] < CONFIDENT
    result = extract_fields(card(("中国北京海纳教育科技有限公司", 40), *rows), "CN")
    assert result.confidence["company"] >= CONFIDENT  # a country before the city: no scrap


def test_a_chinese_firm_read_in_the_wrong_script_is_asked() -> None:
    def company_sure(first: str, phone: str) -> float:
        rows = [(first, 40), ("林美玲", 48), ("电话 " + phone, 20), ("lin@meiling.com", 20)]
        result = extract_fields(card(*rows), "CN")
        assert result.company == first
        return result.confidence["company"]

    # one simplified (设) and one traditional (計) character: one of them is misread
    assert company_sure("美玲设計有限公司", "+86 10 6521 3380") < CONFIDENT
    # simplified on a Hong Kong card, where firms write traditional characters
    assert company_sure("美玲设计有限公司", "+852 2701 0028") < CONFIDENT
    assert company_sure("美玲設計有限公司", "+852 2701 0028") >= CONFIDENT
    assert company_sure("美玲设计有限公司", "+86 10 6521 3380") >= CONFIDENT


def test_a_name_word_with_a_second_capital_misread_is_asked() -> None:
    def name_sure(name: str) -> float:
        rows = [("Harbour Lights Ltd", 40), (name, 48), ("Sales Manager", 22)]
        result = extract_fields(card(*rows, ("+44 20 7946 0321", 20)), "GB")
        assert result.name == name
        return result.confidence["name"]

    assert name_sure("Minh TIan") < CONFIDENT  # "Tian", its small i read as a capital
    assert name_sure("Minh Tian") >= CONFIDENT
    assert name_sure("Ryan McDonald") >= CONFIDENT


def test_a_firm_that_spells_the_mailbox_of_a_person_is_asked() -> None:
    def company_of(person: str, local: str) -> tuple[str | None, float]:
        # as read off a photo: the person's line boxed taller than the wordmark above it, and
        # a Skype handle read as the firm's website
        lines = [
            Line("Cobalt Print", (250, 130, 451, 71), 71.0, 0.86),
            Line(person, (96, 324, 751, 126), 52.0, 0.86),
            Line("Managing Director", (96, 431, 463, 49), 49.0, 0.56),
            Line(f"E-mail: {local}@cobalt-print.io", (893, 566, 802, 51), 49.0, 0.87),
            Line("Mobile: +1 617 555 0142", (894, 636, 619, 43), 42.0, 0.82),
            Line(f"Skype: {local}s. biz", (892, 708, 518, 51), 40.0, 0.84),
            Line("Office: +1 858 555 0179", (892, 772, 602, 45), 42.0, 0.95),
        ]
        result = extract_fields(lines, "US")
        return result.company, result.confidence["company"]

    company, sure = company_of("Marisol Sierra Vega", "marisol")
    assert company == "Cobalt Print" or sure < CONFIDENT
    # a firm named after the family, whose domain spells the mailbox too
    rows = [("Hartley & Sons Ltd", 40), ("Tom Hartley", 44), ("Director", 22)]
    result = extract_fields(card(*rows, ("hartley@hartley-sons.co.uk", 20)), "GB")
    assert result.company == "Hartley & Sons Ltd"
    assert result.confidence["company"] >= CONFIDENT


def test_a_name_that_is_the_firms_own_is_asked() -> None:
    def name_of(wordmark: str) -> tuple[str | None, float]:
        # as read off a scan: a wide wordmark, the person below it, the legal name in small print
        lines = [
            Line(wordmark, (168, 154, 1000, 140), 112.0, 0.99),
            Line("Mme Claire Dubois", (169, 305, 517, 67), 54.0, 0.99),
            Line("Sales Manager", (168, 374, 271, 46), 36.7, 0.98),
            Line("+33 1 42 68 53 00", (163, 471, 481, 50), 39.7, 0.97),
            Line("linkedin.com/in/clairedubois", (160, 554, 605, 53), 42.8, 0.99),
            Line("Moreau Conseil SARL", (158, 596, 409, 48), 38.7, 0.99),
            Line("12 rue de la Paix, 75002 Paris", (158, 681, 731, 55), 43.8, 0.97),
        ]
        result = extract_fields(lines, "FR")
        return result.name, result.confidence["name"]

    name, sure = name_of("Moreau Conseil")
    assert name == "Claire Dubois" or sure < CONFIDENT
    # a firm named after its founder is not the founder's name
    assert not name_is_firm("Jean Moreau", "Moreau Conseil SARL")
    assert not name_is_firm("Claire Dubois", "Moreau Conseil SARL")
    assert name_is_firm("Moreau Conseil", "Moreau Conseil SARL")
    # the wordmark inside a legal name that starts with the city
    assert name_is_firm("Shengshi Auto Parts", "Chengdu Shengshi Auto Parts Co., Ltd.")
    assert not name_is_firm("Auto Shengshi", "Chengdu Shengshi Auto Parts Co., Ltd.")
    assert not name_is_firm("Jia Pan", "Chengdu Jia Panels Co., Ltd.")
    assert name_is_firm("安泰設計", "安泰設計有限公司")
    assert not name_is_firm("鄧俊傑", "安泰設計有限公司")


def test_a_logos_scraps_left_before_or_inside_a_firm_are_asked() -> None:
    assert logo_scraps_left("© Briora")
    assert logo_scraps_left("all Grupo Bluepeak")
    assert logo_scraps_left("远 】 深圳远景化工有限公司")
    assert logo_scraps_left("Torera \\ naed")
    assert not logo_scraps_left("Grupo Bluepeak")
    assert not logo_scraps_left("van Leeuwen Logistiek BV")
    assert not logo_scraps_left("深圳远景化工有限公司")
    assert not logo_scraps_left("Kalo plc")


def test_the_person_is_taken_when_the_name_found_is_the_firm() -> None:
    """The wordmark, largest and name-like, was taken for the person though the firm's legal
    name spells it: the next name-like line is the person, and the rep is still asked."""
    result = extract_fields(
        card(
            ("Shengshi Auto Parts", 60),
            ("Pan Jia", 36),
            ("Marketing Manager", 20),
            # a domain that does not start with the wordmark's word: that alone would tell
            # the brand from the person (test_extract_mend)
            ("W www.ssap-auto.com.cn", 20),
            ("T 02887016996", 20),
            ("Chengdu Shengshi Auto Parts Co., Ltd.", 22),
            ("Unit 2902, 930 Hongxing Road, Jinjiang District, Chengdu 610667", 20),
        ),
        "CN",
    )
    assert result.name == "Pan Jia"
    assert result.company == "Chengdu Shengshi Auto Parts Co., Ltd."
    assert result.confidence["name"] < CONFIDENT


def test_a_spanish_firm_read_without_its_accents_is_asked() -> None:
    def company_sure(firm: str, phone: str) -> float:
        rows = [(firm, 40), ("Lucía Ferrer", 44), ("Directora Comercial", 22), (phone, 20)]
        result = extract_fields(card(*rows, ("lucia@ferrer-grupo.es", 20)), "ES")
        assert result.company == firm
        return result.confidence["company"]

    assert company_sure("Clinica Dental Ferrer S.L.", "+34 915 42 76 10") < CONFIDENT
    assert company_sure("Clínica Dental Ferrer S.L.", "+34 915 42 76 10") >= CONFIDENT
    assert company_sure("Automatizacion Ferrer S.A.", "+52 55 5281 4400") < CONFIDENT
    # Italian writes "Clinica" without an accent
    assert company_sure("Clinica Dentale Ferrer S.r.l.", "+39 06 4201 7730") >= CONFIDENT


def test_a_chinese_card_from_hong_kong_macau_or_taiwan_is_written_traditional() -> None:
    def traditional(first: str, phone: str) -> bool:
        rows = [(first, 40), ("Tel " + phone, 20), ("lin@meiling.com", 20)]
        return written_traditional(extract_fields(card(*rows), "CN"))

    assert traditional("美玲设计有限公司", "+852 2701 0028")  # read simplified: read again
    assert traditional("美玲設計有限公司", "+886 2 2701 0028")
    assert not traditional("美玲设计有限公司", "+86 10 6521 3380")  # the mainland
    assert not traditional("Meiling Design Ltd", "+852 2701 0028")  # no Chinese to read again


def test_two_models_reading_a_chinese_line_alike_but_for_script_agree() -> None:
    assert same_in_either_script("新銳貿易有限公司", "新锐贸易有限公司")  # script only
    assert not same_in_either_script("多議貿易有限公司", "金诚贸易有限公司")  # misread
    assert not same_in_either_script("全華信設計有限公司", "華信设计有限公司")  # a logo's scrap


def test_a_chinese_company_the_two_models_read_differently_is_asked() -> None:
    def company_sure(traditional: str, simplified: str) -> float:
        # a domain that is an English brand: no pinyin to tell the scrap 全 by on its own
        rows = [("Tel +852 2701 0028", 20), ("chan@sinodesign.com.hk", 20)]
        first = extract_fields(card((simplified, 40), ("陳大文", 48), *rows), "CN")
        again = extract_fields(card((traditional, 40), ("陳大文", 48), *rows), "CN")
        assert again.company == traditional and again.confidence["company"] >= CONFIDENT
        check_across_scripts(again, first)
        return again.confidence["company"]

    assert company_sure("華信設計有限公司", "華信設計有限公司") >= CONFIDENT
    assert company_sure("全華信設計有限公司", "华信设计有限公司") < CONFIDENT
    # alike but for script: the characters are confirmed, but not which script the card
    # prints (a Hong Kong card may print a mainland firm's name in simplified), so asked
    assert company_sure("華信設計有限公司", "华信设计有限公司") < CONFIDENT


def test_a_logo_read_as_a_few_small_letters_before_a_latin_wordmark() -> None:
    # the monogram beside "Thistle Holdings" read as "alll": no firm's name starts with a
    # word in small letters before its capitalised words
    assert _without_logo("alll Thistle Holdings") == "Thistle Holdings"
    assert _without_logo("all Quill Partners") == "Quill Partners"
    # a particle starts a name in small letters on purpose; one capitalised word is left alone
    assert _without_logo("de Vries Holdings") == "de Vries Holdings"
    assert _without_logo("van Dijk Partners") == "van Dijk Partners"
    assert _without_logo("all Quill") == "all Quill"


def test_a_number_read_as_taiwans_only_by_a_guess_does_not_make_a_card_traditional() -> None:
    def traditional(*rows: tuple[str, float]) -> bool:
        return written_traditional(extract_fields(card(*rows), "CN"))

    # a Nanjing landline read without its area code 025 is valid only in Taiwan
    mainland = [("南京恒瑞生物医药有限公司", 40), ("电话 7598 3615", 20), ("手机 18037600662", 20)]
    assert not traditional(*mainland)
    # the same guess alone, on a card naming a mainland city, tells nothing either
    assert not traditional(("电话 7598 3615", 20), ("地址 浙江省杭州西湖区文三路1195号", 20))
    # a Hong Kong card printing its numbers bare: the guess is all there is
    assert traditional(("海纳设计", 40), ("张家明", 48), ("电话 3548 1849", 20))
    # a number with its +code is not a guess
    assert traditional(("南京恒瑞生物医药有限公司", 40), ("电话 +886 2 2701 0028", 20))


def test_a_chinese_firm_against_a_domain_of_its_pinyin_then_its_english_trade() -> None:
    # ruizhi-impe: 睿智 (rui zhi) in pinyin, then "import/export" cut short in English
    assert disagrees_with_domain("武汉容智进出口有限公司", "ruizhi-impe")  # 容 misread for 睿
    assert not disagrees_with_domain("武汉睿智进出口有限公司", "ruizhi-impe")
    assert not disagrees_with_domain("广州恒瑞包装材料有限公司", "hengrui-pack")
    assert not disagrees_with_domain("武汉睿智进出口有限公司", "wise-trade")  # an English brand


def test_a_chinese_firm_the_unused_traditional_reading_reads_otherwise_is_asked() -> None:
    rows = [("Tel +852 6239 3722", 20), ("mwong@saffron.hk", 20)]
    first = extract_fields(card(("金城工程有限公司", 40), ("黄嘉欣", 48), *rows), "CN")
    assert first.confidence["company"] >= CONFIDENT
    same = extract_fields(card(("金城工程有限公司", 40), ("黃嘉欣", 48), *rows), "CN")
    check_by_unused_reading(first, same)  # the same characters: a second witness
    assert first.confidence["company"] >= CONFIDENT
    # 誠 is 诚 in simplified, not 城: one of the models misread
    other = extract_fields(card(("金誠工程有限公司", 40), ("黃嘉欣", 48), *rows), "CN")
    check_by_unused_reading(first, other)
    assert first.confidence["company"] < CONFIDENT


def test_a_chinese_name_its_pinyin_spells_is_as_sure_as_that_reading() -> None:
    lines = [
        Line("杭州天成进出口有限公司", (60, 40, 600, 60), 60.0, 0.95),
        Line("吴钢", (60, 140, 120, 60), 60.0, 0.61),
        Line("项目经理", (60, 220, 160, 36), 36.0, 0.93),
        Line("WU Gang Project Manager", (60, 270, 500, 30), 30.0, 0.97),
        Line("Tel: +86 571 7290 5661", (60, 320, 400, 26), 26.0, 0.92),
    ]
    assert pinyin_witness("吴钢", 1, lines) == 0.97
    assert pinyin_witness("吴钥", 1, lines) == 0.0  # 钥 (yao) misread for 钢
    assert pinyin_witness("吴钢", 1, lines[:3]) == 0.0  # no romanisation printed
    got = extract_fields(lines, "CN")
    assert got.name == "吴钢" and got.confidence["name"] >= CONFIDENT
    lines[3] = Line("Project Manager", (60, 270, 500, 30), 30.0, 0.97)
    assert extract_fields(lines, "CN").confidence["name"] < CONFIDENT


def test_capitals_before_a_chinese_firm_no_other_line_spells_are_a_logo() -> None:
    rows = [("杨强明", 48), ("手机 +86 184 7417 4429", 20)]
    got = extract_fields(
        card(("LAY 锦程家具", 40), *rows, ("qiangming.yang@jincheng-furn.com.cn", 20)), "CN"
    )
    assert got.company == "锦程家具" and got.confidence["company"] < CONFIDENT
    # no domain to spell the characters: kept as read, asked
    got = extract_fields(card(("LAY 锦程家具", 40), *rows), "CN")
    assert got.company == "LAY 锦程家具" and got.confidence["company"] < CONFIDENT
    # a brand in capitals the domain spells too is the firm's own
    lines = card(("TCL 科技", 40), *rows, ("yang@tcl.com", 20))
    assert latin_scrap_before_han("TCL 科技", lines, extract_fields(lines, "CN")) is None
