"""Field extraction on the conventions of real cards (issue 16), from known text.

Each card here follows a convention seen on cards people hand out, not one of our generator's
layouts: a wordmark larger than the name, accents, trade titles, departments, fax lines,
messenger handles, social profiles and addresses as each country writes them.
"""

from __future__ import annotations

import pytest

from ocr import extract_fields
from ocr.extract import is_address, latin_name
from tests.ocr.test_extract import card

CONFIDENT = 0.8  # bot/cards.py: below this the rep is asked


def test_a_wordmark_larger_than_the_name_is_the_company() -> None:
    result = extract_fields(
        card(
            ("CONTOSO", 120),
            ("Jane Doe", 48),
            ("Head of Sales", 30),
            ("T +1 206 555 0142", 26),
            ("jane.doe@contoso.com", 26),
        ),
        "US",
    )
    assert result.name == "Jane Doe" and result.confidence["name"] >= CONFIDENT
    assert result.company == "CONTOSO" and result.confidence["company"] >= CONFIDENT


def test_a_company_named_larger_than_the_name_with_a_suffix() -> None:
    result = extract_fields(
        card(("Blue Harbor Logistics GmbH", 90), ("Jürgen Müller", 44), ("Geschäftsführer", 30)),
        "DE",
    )
    assert result.company == "Blue Harbor Logistics GmbH"
    assert result.name == "Jürgen Müller"
    assert result.title == "Geschäftsführer"


@pytest.mark.parametrize(
    "printed, name",
    [
        ("José García", "José García"),
        ("JOSÉ GARCÍA", "José García"),
        ("Dr. Jürgen Müller-Lüdenscheidt", "Jürgen Müller-Lüdenscheidt"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("Ana de la Cruz", "Ana de la Cruz"),
        ("Siobhán O'Sullivan", "Siobhán O'Sullivan"),
        ("Łukasz Żółkiewski", "Łukasz Żółkiewski"),
        ("Дмитрий Иванов", "Дмитрий Иванов"),
    ],
)
def test_names_in_any_alphabet(printed: str, name: str) -> None:
    assert latin_name(printed) == name
    result = extract_fields(card((printed, 60), ("Sales Manager", 30)), "US")
    assert result.name == name


@pytest.mark.parametrize(
    "title", ["Realtor®", "Mortgage Broker", "Solicitor", "Licensed Real Estate Salesperson",
              "Directeur Commercial", "Gerente de Ventas", "销售", "采购经理", "客服专员"]
)  # fmt: skip
def test_real_job_titles(title: str) -> None:
    rows = [("Alex Morgan", 60), (title, 30)] if title.isascii() or "é" in title else [
        ("王芳", 60), (title, 30)]  # fmt: skip
    assert extract_fields(card(*rows), "US").title == title


def test_a_fax_is_kept_apart_and_never_the_phone() -> None:
    result = extract_fields(
        card(("Jane Doe", 50), ("Tel +44 20 7946 0958", 26), ("Fax +44 20 7946 0959", 26)), "GB"
    )
    assert result.phone is not None and result.phone.e164 == "+442079460958"
    assert result.fax is not None and result.fax.e164 == "+442079460959"
    zh = extract_fields(card(("王芳", 60), ("传真：010-6552 9900", 30)), "CN")
    assert zh.phone is None and zh.fax is not None and zh.fax.e164 == "+861065529900"


def test_a_department_is_not_the_company() -> None:
    result = extract_fields(
        card(
            ("Microsoft", 70),
            ("Priya Raman", 48),
            ("Principal Program Manager", 28),
            ("Cloud & AI Department", 28),
            ("priya.raman@microsoft.com", 26),
        ),
        "US",
    )
    assert result.company == "Microsoft"
    assert result.name == "Priya Raman"
    zh = extract_fields(card(("张伟", 70), ("销售部", 30), ("经理", 30)), "CN")
    assert zh.company != "销售部"


def test_the_email_domain_stands_in_for_a_logo_only_company() -> None:
    result = extract_fields(
        card(("Priya Raman", 48), ("Account Executive", 28), ("priya@fabrikam.io", 26)), "US"
    )
    assert result.company == "Fabrikam" and result.confidence["company"] < CONFIDENT


def test_a_linkedin_profile_is_not_the_website() -> None:
    result = extract_fields(
        card(("Jane Doe", 50), ("linkedin.com/in/janedoe", 26), ("www.contoso.com", 26)), "US"
    )
    assert result.website == "www.contoso.com"
    only = extract_fields(card(("Jane Doe", 50), ("in/ linkedin.com/in/janedoe", 26)), "US")
    assert only.website is None


def test_messenger_labels_are_not_glued_onto_the_address() -> None:
    lines = card(
        ("王芳", 60),
        ("采购经理", 30),
        ("地址：上海市浦东新区世纪大道100号 微信：wangfang88", 28),
        ("QQ：12345678", 28),
        ("电邮：wangfang@example.cn", 28),
    )
    result = extract_fields(lines, "CN")
    assert result.address == "上海市浦东新区世纪大道100号"
    assert result.phone is None  # a QQ number is not a phone
    assert result.emails == ["wangfang@example.cn"]


@pytest.mark.parametrize(
    "rows, address",
    [
        (["Friedrichstraße 123", "10117 Berlin"], "Friedrichstraße 123, 10117 Berlin"),
        (["12 rue de la Paix", "75002 Paris", "France"], "12 rue de la Paix, 75002 Paris, France"),
        (["Calle de Alcalá 45", "28014 Madrid"], "Calle de Alcalá 45, 28014 Madrid"),
        (["200 Bay Street, Suite 1200", "Toronto, ON M5J 2J2"],
         "200 Bay Street, Suite 1200, Toronto, ON M5J 2J2"),
        (["Level 5, 123 Pitt Street", "Sydney NSW 2000"],
         "Level 5, 123 Pitt Street, Sydney NSW 2000"),
        (["1-1-1 Marunouchi, Chiyoda-ku", "Tokyo 100-0005"],
         "1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005"),
        (["〒100-0005 東京都千代田区丸の内1-1-1"], "〒100-0005東京都千代田区丸の内1-1-1"),
        (["台北市信義區信義路五段7號"], "台北市信義區信義路五段7號"),
        (["221B Baker Street", "London NW1 6XE"], "221B Baker Street, London NW1 6XE"),
        (["1600 Amphitheatre Pkwy", "Mountain View, CA 94043"],
         "1600 Amphitheatre Pkwy, Mountain View, CA 94043"),
    ],
)  # fmt: skip
def test_addresses_as_each_country_writes_them(rows: list[str], address: str) -> None:
    assert is_address(rows[0]) >= 0.7
    lines = card(("Alex Morgan", 60), ("Sales Manager", 30), *((r, 26) for r in rows))
    assert extract_fields(lines, "US").address == address


def test_two_names_and_nothing_to_tell_them_apart_are_asked() -> None:
    result = extract_fields(card(("Alex Morgan", 50), ("Jamie Fischer", 48)), "US")
    assert result.name is not None and result.confidence["name"] < CONFIDENT


def test_a_name_without_support_is_not_confident() -> None:
    # a wordmark that reads like a name, no email to tell: the rep is asked
    result = extract_fields(card(("Morgan Stanley", 80), ("Alex Fischer", 40)), "US")
    assert result.confidence["name"] < CONFIDENT


@pytest.mark.parametrize(
    ("printed", "email", "name", "title"),
    [
        ("蒋亭人力资源经理", None, "蒋亭", "人力资源经理"),
        ("潘洋高级工程师", None, "潘洋", "高级工程师"),
        ("赵雨林会计", "zhao.yulin@x.cn", "赵雨林", "会计"),
    ],
)
def test_a_chinese_name_and_title_read_as_one_line(
    printed: str, email: str | None, name: str, title: str
) -> None:
    rows = [("上海中泰文化传媒有限公司", 40), (printed, 50)] + ([(email, 26)] if email else [])
    result = extract_fields(card(*rows), "CN")
    assert (result.name, result.title) == (name, title)


def test_a_bilingual_address_keeps_to_its_language_and_floors_start_addresses() -> None:
    zh = extract_fields(
        card(("王芳", 60), ("地址 Add: 深圳市宝安区华强北路153号汇金广场6层614", 26),
             ("Room 614, Huijin Plaza", 26)),
        "CN",
    )  # fmt: skip
    assert zh.address == "深圳市宝安区华强北路153号汇金广场6层614"
    jp = extract_fields(
        card(("Jun Yamamoto", 60), ("22F, 5-7-9 Shibuya, Shibuya-ku", 26), ("Tokyo 150-0002", 26)),
        "JP",
    )
    assert jp.address == "22F, 5-7-9 Shibuya, Shibuya-ku, Tokyo 150-0002"


def test_a_pinyin_name_on_a_chinese_card_is_asked() -> None:
    result = extract_fields(card(("Wendy Tang", 50), ("上海中泰文化传媒有限公司", 40)), "CN")
    assert result.name == "Wendy Tang" and result.confidence["name"] < CONFIDENT
