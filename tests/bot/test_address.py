"""Addresses as duplicate evidence: parsing by parts, country-aware, and fuzzy comparison."""

from __future__ import annotations

import pytest

from bot.address import AddressLevel, level, parse


def test_latin_address_splits_into_parts() -> None:
    a = parse("Flat 2, 10 Downing Street, London SW1A 2AA, UK")
    assert (a.unit, a.number, a.street, a.street_type) == ("2", "10", "downing", "street")
    assert (a.locality, a.postcode, a.country) == ("london", "sw1a2aa", "GB")


def test_street_type_ends_the_street_without_commas() -> None:
    a = parse("123 Main St Suite 400 Springfield IL 62704-1234")
    assert (a.number, a.street, a.unit, a.postcode, a.country) == (
        "123", "main", "400", "62704", "US",
    )  # fmt: skip
    assert a.locality == "springfield il"


def test_australian_unit_slash_number() -> None:
    a = parse("3/25 Pike Pl, Byford WA 6122, Australia")
    assert (a.unit, a.number, a.street, a.postcode, a.country) == ("3", "25", "pike", "6122", "AU")


def test_chinese_address_by_its_markers() -> None:
    a = parse("北京市海淀区中关村大街27号1号楼1201室")
    assert (a.number, a.street, a.street_type, a.unit) == ("27", "中关村", "大街", "1-1201")
    assert a.locality == "北京 海淀" and a.country == "CN"


def test_blank_is_missing() -> None:
    assert parse(None).is_empty and level("", "1 Knox Street") is AddressLevel.MISSING


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("25 Pike Place", "25 Pike Mlace", AddressLevel.SAME),
        ("12 Oliver Street, Byford 4670", "12 oliverstreet, byford 4670", AddressLevel.SAME),
        ("47 Macquarie Street, Paralowie", "47 macquar ie street, paralowie", AddressLevel.SAME),
        ("2150 Holloway Street, Apt 67, Leeds LS1 2AB", "2150 HOLLOWAY ST. APT 67 LEEDS LS1 2AB",
         AddressLevel.SAME),
        ("1 Knox Street, Lakewood Estate, Byford 6122", "4 Knox St, Lakewood Estate, Byford 6122",
         AddressLevel.SAME_STREET),
        ("Flat 2, 10 Downing Street, London", "Flat 5, 10 Downing Street, London",
         AddressLevel.SAME_BUILDING),
        ("8 Stanley Street, Winston Hills 4223", "9 Elm Road, Winston Hills 4223",
         AddressLevel.SAME_AREA),
        ("8 Stanley Street, Leeds LS1 2AB", "8 Stanley Street, Perth 6000", AddressLevel.DIFFERENT),
        ("上海市浦东新区世纪大道100号4501室", "上海市 浦东新区 世纪大道 100号 4501室",
         AddressLevel.SAME),
        ("上海市浦东新区世纪大道100号4501室", "上海市浦东新区世纪大道100号4502室",
         AddressLevel.SAME_BUILDING),
    ],
)  # fmt: skip
def test_compare_levels(a: str, b: str, expected: AddressLevel) -> None:
    assert level(a, b) is expected
    assert level(b, a) is expected


def test_a_chinese_address_and_its_english_translation_are_one_place() -> None:
    han = "浙江省 杭州市 西湖区 文一西路1219号 15楼1514室"
    english = "15/F, Rm 1514, 1219 Wenyi West Road, Xihu District, Hangzhou 310165"
    assert level(han, english) is AddressLevel.SAME
    assert parse(english).number == "1219"  # '15/F' is a floor, not the house
    suzhou = "Rm 1504, China Resources Building, No. 463 Xiandai Ave, Suzhou 215990"
    assert parse(suzhou).number == "463"  # 'No. 463' is the house number
    assert level("苏州市工业园区现代大道463号华润大厦1504室（215990）", suzhou) is AddressLevel.SAME
    # one street, another house: still told apart across scripts
    assert level(han, "88 Wenyi West Road, Xihu District, Hangzhou") is AddressLevel.SAME_STREET


def test_flat_no_is_the_flat_not_the_house() -> None:
    assert (
        level("Flat No 5, 12 High St, Leeds", "Flat 5, 12 High Street, Leeds") is AddressLevel.SAME
    )


def test_a_mistyped_street_type_that_lets_the_locality_run_on() -> None:
    a, b = "4 fox place cabbage tree robina 6051 wa", "4 fox pblace malvern east 6051 wa"
    assert level(a, b) is AddressLevel.SAME
    assert level("68 darling street jeran exton 2154 nsw", "68 darlints treet exton 2154 nsw") == 5


def test_one_number_in_one_postcode_on_a_street_written_otherwise() -> None:
    a, b = "75 white crescent summer hill 7018 sa", "75 summer hill 7018 sa"
    assert level(a, b) is AddressLevel.SAME_STREET
    # another number, or another postcode: only the area
    assert level(a, "76 summer hill 7018 sa") is AddressLevel.SAME_AREA
    assert level(a, "75 hope street summer hill 7250 sa") < AddressLevel.SAME_STREET


def test_a_slipped_house_number_is_one_building_a_neighbour_is_not() -> None:
    street = "seaborn place pleasant acres arundel 3073 nsw"
    assert level(f"74 {street}", f"47 {street}") is AddressLevel.SAME_BUILDING  # swapped
    assert level(f"159 {street}", f"59 {street}") is AddressLevel.SAME_BUILDING  # dropped
    assert level(f"12 {street}", f"13 {street}") is AddressLevel.SAME_STREET  # next door


def test_a_chinese_city_run_into_its_district_is_the_same_area() -> None:
    a = "深圳市 科技园路268號 软件园二期 1901室"
    b = "深圳 罗湖区 科技园路268号 软件园二期 19F-1901（518314）"
    assert level(a, b) >= AddressLevel.SAME_BUILDING
    assert level(a, "广州 天河区 科技园路268号") is AddressLevel.DIFFERENT


def test_two_towns_sharing_only_a_direction_are_different_places() -> None:
    """North Shields and North Berwick share the word North alone, and their postcodes differ:
    two High Streets there are not one street (at 10^5 contacts, namesakes matched this way)."""
    shields = "12 High Street, North Shields, NE29 6QX"
    assert level(shields, "4 High Street, North Berwick, EH39 4HQ") == AddressLevel.DIFFERENT
    assert level(shields, "14 High Street, North Shields, NE29 6QX") == AddressLevel.SAME_STREET


def test_towns_sharing_a_word_but_not_a_postcode_are_different_places() -> None:
    """'Port Marian' and 'Port Jayborough', 'New Haven' and 'New Milford': a word like Port or
    New in common does not make one town when the postcodes differ; the place's own name does
    (a typo in it allowed), and without postcodes a word in common still does."""
    marian = "12 Scott Court, Port Marian, FK7N 3TB"
    assert level(marian, "14 Scott Court, Port Jayborough, BD39 8HJ") is AddressLevel.DIFFERENT
    assert level(marian, "14 Scott Court, Port Maryan, FK8N 3TC") is AddressLevel.SAME_STREET
    assert level("12 Scott Court, Port Marian", "14 Scott Court, Marian") == (
        AddressLevel.SAME_STREET
    )


@pytest.mark.parametrize(
    ("text", "box", "station"),
    [
        ("PO Box 123, Springfield, IL 62701", "123", ""),
        ("P.O. Box 99, Springfield IL 62701", "99", ""),
        ("GPO Box 1234, Sydney NSW 2001", "1234", ""),
        ("Locked Bag 3, Sydney NSW 2001", "3", ""),
        ("Unit 1234 Box 5678, DPO AP 12345", "5678", "unit 1234"),
        ("PSC 802 Box 74, APO AE 09499", "74", "psc 802"),
        ("USNS Johnson, FPO AA 34012", "", "usns johnson"),
        ("1 Box Hill Road, Box Hill 3128", "", ""),
        ("Unit 5, 12 Smith Street, Leeds LS1 2AB", "", ""),
    ],
)
def test_box_and_military_addresses_are_read_as_such(text: str, box: str, station: str) -> None:
    parsed = parse(text)
    assert (parsed.box, parsed.station) == (box, station)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Two soldiers of one APO: the post office in common, 'box' is no street.
        ("Unit 1234 Box 5678, DPO AP 12345", "Unit 2234 Box 1678, DPO AP 12345",
         AddressLevel.SAME_AREA),
        ("PSC 9510, Box 4050, APO AE 32036", "PSC 8988, Box 6939, APO AE 56152",
         AddressLevel.DIFFERENT),
        ("Unit 1234 Box 5678, DPO AP 12345", "UNIT 1234 BOX 5678, DPO AP 12345",
         AddressLevel.SAME),
        ("Unit 1234 Box 5678, DPO AP 12345", "Unit 1234 Box 5687, DPO AP 12345",
         AddressLevel.SAME_BUILDING),
        ("USNV Stewart, FPO AA 49641", "USNV Walsh, FPO AA 25113", AddressLevel.DIFFERENT),
        ("USNV Stewart, FPO AA 49641", "USNV Stewart, FPO AA 49641", AddressLevel.SAME_STREET),
        ("PO Box 123, Springfield, IL 62701", "PO Box 99, Springfield, IL 62701",
         AddressLevel.SAME_AREA),
        ("PO Box 123, Springfield, IL 62701", "P.O. Box 123, Springfield IL 62701",
         AddressLevel.SAME),
        ("PO Box 123, Springfield, IL 62701", "12 Main Street, Springfield, IL 62701",
         AddressLevel.SAME_AREA),
    ],
)  # fmt: skip
def test_a_box_is_a_mailbox_at_a_post_office_not_a_street(
    a: str, b: str, expected: AddressLevel
) -> None:
    assert level(a, b) is expected
    assert level(b, a) is expected


def test_a_chinese_street_s_tower_with_no_house_number_is_its_building() -> None:
    """'武汉路E座' written twice is one building, not merely one street; another tower of the
    street is another building (the keys still read such an address as before)."""
    a = "黑龙江省哈尔滨市崇文武汉路E座 629010"
    assert level(a, "黑龙江省 哈尔滨市 崇文武汉路e座 629010") is AddressLevel.SAME
    assert level(a, "黑龙江省哈尔滨市崇文武汉路F座 629010") is AddressLevel.SAME_STREET
    assert parse(a).number == "" and parse(a).compared is not None


def test_one_flat_in_a_named_building_without_house_numbers_is_one_home() -> None:
    """Where buildings go by name, '#506' and 'Flat 506' of Shanti Niwas are one flat; flat
    507 there is a neighbour's."""
    a = "#506, Shanti Niwas, Anna Salai, Gachibowli, Hyderabad, Telangana 500038"
    b = "Flat 506, Shanti Niwas, Anna Salai, Gachibowli, Hyderabad, Telangana"
    assert level(a, b) == AddressLevel.SAME_BUILDING
    assert level(a, b.replace("506", "507")) == AddressLevel.SAME_STREET


def test_an_ordinal_floor_is_not_the_house_number() -> None:
    """'8th Floor' names a storey: read as the house number, it made two towers on two roads
    one building. '5th Avenue' stays a street."""
    a = parse("Room 802, 8th Floor, Pacific Plaza, 12 Garden Road, Central, Hong Kong")
    assert (a.number, a.street, a.unit) == ("12", "garden", "802")
    b = "Room 5, 8th Floor, Pacific Plaza, 77 Canton Road, Tsim Sha Tsui, Hong Kong"
    assert level("Room 802, 8th Floor, Pacific Plaza, 12 Garden Road, Central", b) < (
        AddressLevel.SAME_STREET
    )
    assert parse("350 5th Avenue, New York, NY 10118").street == "5th"


def test_words_alike_in_two_postcodes_are_not_one_building() -> None:
    """A named estate or park spans roads and postcodes: its name and the town in common do
    not make two flats on two roads one building once the postcodes say two places."""
    a = "Flat 12, Palm Meadows, Mill Road, Hillcrest, Pune, Maharashtra 411014"
    b = "Flat 30, Palm Meadows, Station Road, Hillcrest, Pune, Maharashtra 411038"
    assert level(a, b) < AddressLevel.SAME_STREET
    # one postcode, a digit slipped: still the words decide
    assert level(a, b.replace("411038", "411041").replace("Station", "Mill")) >= (
        AddressLevel.SAME_STREET
    )


def test_one_house_number_on_a_street_read_loosely_survives_a_mistyped_postcode() -> None:
    """'11 narryer close holmeleigh' / '11 narryer close aranah ills': one house, whatever
    the postcodes say; only words alike across two postcodes are not enough."""
    a = "11 narryer close holmeleigh arana hills 3141 vic"
    assert level(a, "11 narryer close aranah ills 3016 vic") >= AddressLevel.SAME_STREET


def test_a_japanese_block_number_in_another_chome_is_another_part_of_the_district() -> None:
    """'2-5-1 Shibaura' is chome 2, block 5, building 1 of the district Shibaura: another chome
    there is the same area, not one street; the same block number is one building."""
    a = "2-5-1 Shibaura, Minato-ku, Tokyo 108-0023"
    assert level(a, "4-12-38 Shibaura, Minato-ku, Tokyo 108-0023") == AddressLevel.SAME_AREA
    assert level(a, "5F, 2-5-1 Shibaura, Minato-ku, Tokyo") >= AddressLevel.SAME_BUILDING


def test_chinese_city_without_shi_run_into_the_street() -> None:
    """'湖北省武汉解放大道' leaves 市 out: 武汉 is the city, not the start of the street."""
    assert level("湖北省武汉解放大道979号", "湖北省武汉市洪山区解放大道979号") == AddressLevel.SAME
    # another street there stays another street
    assert level("湖北省武汉解放大道979号", "湖北省武汉市洪山区中山大道979号") < (
        AddressLevel.SAME_STREET
    )


def test_japanese_address_in_kanji_and_in_romaji() -> None:
    """A Japanese card's two sides: the postcode and the block number (chōme-banchi-gō) are
    written alike, whatever script the district's name is in."""
    kanji_text = "〒530-0001 大阪府大阪市北区梅田9-27-4"
    kanji = parse(kanji_text)
    assert (kanji.postcode, kanji.number, kanji.country) == ("5300001", "9-27-4", "JP")
    romaji = "9-27-4 Umeda, Kita-ku, Osaka, Osaka 530-0001, Japan"
    assert level(kanji_text, romaji) >= AddressLevel.SAME_STREET
    assert parse("愛知県我孫子市丸の内18丁目4番19号").number == "18-4-19"
    # another district's postcode is another place
    assert level(kanji_text, "9-27-4 Umeda, Kita-ku, Osaka 530-0017") <= AddressLevel.SAME_AREA
    # a Chinese address is not read as Japanese
    assert parse("成都市天府大道1227号").country == "CN"


def test_number_before_a_street_is_no_postcode() -> None:
    """'1069 Caoxi Rd N.' with no postcode written: 1069 is the house, so the room and the
    number agree with the other card's 'No. 1069 Caoxi Road North'."""
    a = parse("7/F, Rm 714, 1069 Caoxi Rd N., Pudong New Area, Shanghai")
    assert (a.number, a.street, a.unit, a.postcode) == ("1069", "caoxi", "714", "")
    assert parse("Calle Larios, 57, 41020 Sevilla").postcode == "41020"
    assert level(
        "7/F, Rm 714, 1069 Caoxi Rd N., Pudong New Area, Shanghai",
        "Unit 714, No. 1069 Caoxi Road North, Pudong New Area, Shanghai 200930, P.R.C.",
    ) == AddressLevel.SAME


def test_one_tower_name_on_two_streets_is_two_buildings() -> None:
    """环球大厦 on 中山大道 and on 黄河大道: the shared words do not make one building."""
    assert level(
        "北京市朝阳区中山大道1396号环球大厦30层3003室", "北京市朝阳区黄河大道788号环球大厦3层312室"
    ) < AddressLevel.SAME_STREET
    assert level(
        "北京市朝阳区中山大道1396号环球大厦30层3003室", "北京市朝阳区中山大道1396号环球大厦3层312室"
    ) == AddressLevel.SAME_BUILDING


def test_a_studio_is_a_unit_not_a_street() -> None:
    """'Studio 4' heads many UK addresses as 'Flat 4' does: the unit, not house 4 of a street
    called Studio. Two studios on two streets are two places; two studios of one house are
    its two units."""
    a = parse("Studio 4\nMarlow Yard, Ashford TN23 1AB")
    assert (a.unit, a.number) == ("4", "")
    other_street = level("Studio 4\nMarlow Yard, Ashford TN23 1AB", "Studio 41\nKeld Lane, CT9 2QF")
    assert other_street < AddressLevel.SAME_STREET
    house = "17 Marlow Yard, Ashford TN23 1AB"
    assert level(f"Studio 4, {house}", f"Studio 9, {house}") is AddressLevel.SAME_BUILDING


def test_the_country_of_a_korean_a_hong_kong_and_a_us_address() -> None:
    """The country an address names, for reading a phone number written without its code:
    Korea by name, Hong Kong and Taiwan at the start of a Chinese-script address (written
    largest part first), the US by a state's abbreviation before the ZIP code."""
    assert parse("서울특별시 강남구 테헤란로 152, 대한민국").country == "KR"
    assert parse("152 Teheran-ro, Gangnam-gu, Seoul, South Korea").country == "KR"
    assert parse("香港沙田皇后大道中133號中環廣場23樓7室").country == "HK"
    assert parse("台湾台北市信义区松仁路100号").country == "TW"
    assert parse("Unit F, 30/F, 115 Hennessy Road, Wan Chai, Hong Kong SAR").country == "HK"
    assert parse("3380 Granville Street, Suite 368, Denver, CO 80294").country == "US"
    assert parse("北京市海淀区中关村大街27号").country == "CN"
    assert parse("Hauptstr. 133c, 60545 Frankfurt am Main").country == ""  # no state before it


def test_the_part_with_the_house_number_is_the_street_not_a_building_before_it() -> None:
    """'Unit 512, Times Square, No. 1380 Jiefang Dadao': an English rendering of a Chinese
    address names the building before the numbered street; 'Square' made it read as one."""
    a = parse("Unit 512, Times Square, No. 1380 Jiefang Dadao, Jianghan District, Wuhan 430950")
    assert (a.number, a.street, a.street_type, a.unit) == ("1380", "jiefang", "avenue", "512")
    assert "times" in a.locality.split()
    b = parse("Suite 7, One Market Plaza, 30 Cedar Str, Perth WA 6000")
    assert (b.number, b.street, b.street_type) == ("30", "cedar", "street")
    chinese = "武汉市江汉区解放大道1380号时代广场5层512"
    english = "Unit 512, Times Square, No. 1380 Jiefang Dadao, Jianghan District, Wuhan 430950"
    assert level(chinese, english) >= AddressLevel.SAME_BUILDING


def test_a_chinese_street_type_in_pinyin_is_that_type() -> None:
    """'Tianfu Dadao' is 天府大道, which English cards also write 'Tianfu Ave'; 江南 (one name
    ending in 南) is also read 'Jiangnan', not only a south half of 江 as 文一西路 is Wenyi
    West Road."""
    pinyin = "Room 306, 1578 Tianfu Dadao, Jinjiang District, Chengdu, China"
    assert (parse(pinyin).number, parse(pinyin).street) == ("1578", "tianfu")
    english = "3/F, Rm 306, No. 1578 Tianfu Ave, Jinjiang District, Chengdu 610082"
    assert level(pinyin, english) is AddressLevel.SAME
    assert level("88 Renmin Lu, Shanghai", "上海市人民路88号") is AddressLevel.SAME
    han = "杭州滨江区江南大道1141号716室"
    assert level("Unit 716, 1141 Jiangnan Dadao, Binjiang District, Hangzhou", han) is (
        AddressLevel.SAME
    )
    # 中南路 is written 'Zhongnan Road' and 'Zhong South Road': either reads as it
    wuhan = "湖北省武汉洪山区中南路1668号软件园二期29楼2905室"
    for street in ("Zhong South Road", "Zhongnan Road"):
        english = f"Unit 2905, Software Park Phase II, 1668 {street}, Hongshan District, Wuhan"
        assert level(wuhan, english) >= AddressLevel.SAME_BUILDING


def test_a_city_run_into_its_district_is_both_places_in_english() -> None:
    """'杭州西湖区' (市 left out) against 'Xihu District, Hangzhou': one area, one building."""
    a = "浙江省杭州西湖区天目山路206号8层810"
    b = "Unit 810, No.206 Tianmushan Rd., Xihu District, Hangzhou 310455"
    assert level(a, b) >= AddressLevel.SAME_BUILDING
    assert level(a, "Unit 810, No.206 Tianmushan Rd., Xuhui District, Shanghai") < (
        AddressLevel.SAME_STREET
    )


def test_a_french_boite_postale_beside_the_door() -> None:
    """'BP 1204' is a box, not house number 1204; the door beside it is compared as any door,
    whether the other card gives the box or not."""
    a = parse("BP 1204, 47 rue de la Paix, 31197 TOULOUSE")
    assert (a.box, a.number, a.street) == ("1204", "47", "rue de la paix")
    both = ("BP 1204, 47, rue de la Paix, TOULOUSE", "BP 1204, 47 rue de la Paix, 31197 TOULOUSE")
    assert level(*both) == AddressLevel.SAME
    assert level("BP 1204, 47 rue de la Paix, Toulouse", "47 rue de la Paix, Toulouse") == (
        AddressLevel.SAME
    )
    assert parse("Postfach 10 12 34, 40213 Düsseldorf").box == "101234"


def test_a_canadian_suite_before_the_civic_number() -> None:
    """'12A-1028 Wellington St' is suite 12A at 1028 in Canada; a US hyphenated number is one."""
    a = parse("12A-1028 Wellington Str S, Vancouver, BC V6B 3E5")
    assert (a.unit, a.number, a.country) == ("12a", "1028", "CA")
    assert (
        level(
            "1028 Wellington St S, #12A, Vancouver, BC, Canada",
            "12A-1028 Wellington Str S, Vancouver, BC V6B 3E5",
        )
        == AddressLevel.SAME
    )
    assert parse("123-45 Queens Blvd, Forest Hills, NY 11375").number == "123-45"


def test_a_town_alone_that_the_other_address_lies_in_says_nothing() -> None:
    """'Teixeira' on one card, a full address in Teixeira on the other: the lone word is read as
    a street, and two streets would count against the pair; it only says where the other is.
    Another town stays a different place, and a street without its number stays that street."""
    full = "Recanto Maria Vitória Pinto, 27 22994961 Teixeira - ES, Brazil"
    assert level("Teixeira", full) == AddressLevel.MISSING
    assert level(full, "Teixeira") == AddressLevel.MISSING
    assert level("South Jason", "96 Williams Brow South Jason ACT 2099") == AddressLevel.MISSING
    assert level("江苏省南京", "江苏省南京市玄武区珠江路1号") == AddressLevel.MISSING
    assert level("Berlin", full) == AddressLevel.DIFFERENT
    assert level("Smith Road", "12 Smith Road, Murphyside") == AddressLevel.SAME_STREET


def test_a_chinese_address_in_traditional_characters_is_read_as_in_simplified() -> None:
    """Taiwan and Hong Kong write 號, 區, 樓 where the mainland writes 号, 区, 楼: one building
    in either script is one building."""
    a = "蘇州市工業園區創業街1635號"
    b = "江苏省苏州市工业园区创业街1635号环球科技园33层3304室"
    assert level(a, b) >= AddressLevel.SAME_BUILDING
    assert level("臺灣台北市信義路五段7號", "台湾台北市信义路五段7号") == AddressLevel.SAME
    assert parse("臺灣台北市信義路五段7號").country == "TW"
    assert level(a, "江苏省苏州市工业园区创业街1636号") < AddressLevel.SAME_BUILDING
