"""Field validators: examples in both scripts, catalog coverage, and properties over any Unicode."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import fields
from bot.fields import (
    Rejected,
    email_typo_suggestion,
    format_phone,
    phone_digits_key,
    validate_address,
    validate_company,
    validate_email,
    validate_name,
    validate_notes,
    validate_phone,
    validate_title,
    validate_website,
)
from bot.i18n import LANGUAGES, catalog, t
from bot.registry import VALIDATORS

E164_WITH_EXT = re.compile(r"^\+[1-9][0-9]{6,14}(;ext=[0-9]+)?$")


def reason(result: str | Rejected) -> str:
    assert isinstance(result, Rejected), f"expected a rejection, got {result!r}"
    return result.reason


# --- every validator --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@pytest.mark.parametrize("blank", ["", "   ", "\u3000\t\n", "\u200b\u200e\ufeff", "\x00\x07"])
def test_blank_answers_are_rejected_as_empty(name: str, blank: str) -> None:
    assert reason(VALIDATORS[name](blank, "CN")) == "invalid.empty"


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_huge_pastes_are_rejected_early_and_cheaply(name: str) -> None:
    result = VALIDATORS[name]("8" * 5_000_000, "CN")
    assert reason(result) == "invalid.too_long"
    assert int(result.params["max"]) > 0


@pytest.mark.parametrize(
    ("name", "limit"),
    [("name", 100), ("company", 120), ("title", 120), ("address", 300), ("notes", 1000)],
)
def test_length_limits(name: str, limit: int) -> None:
    validator = VALIDATORS[name]
    assert validator("王" * limit, "CN") == "王" * limit
    assert validator(f"  {'王' * limit}  ", "CN") == "王" * limit  # padding does not count
    assert validator("王" * (limit + 1), "CN") == Rejected("invalid.too_long", {"max": str(limit)})


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@pytest.mark.parametrize(
    "nasty", ["\ud800", "a\udfffb", "\u202eevil", "😀" * 3, "\x1b[31m", "\U0010ffff", "\u0300"]
)
def test_strange_unicode_never_raises(name: str, nasty: str) -> None:
    assert isinstance(VALIDATORS[name](nasty, "CN"), str | Rejected)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("zhangwei_88", "zhangwei_88"),
        ("微信：Zhang-Wei88", "Zhang-Wei88"),  # the card's label comes along; case is kept
        ("WeChat: wxid_a1b2c3d4", "wxid_a1b2c3d4"),
        # an ID that starts like the label is the ID, whole
        ("wxid_a1b2c3d4", "wxid_a1b2c3d4"),
        ("wxzhang88", "wxzhang88"),
        ("wx_zhang88", "wx_zhang88"),
        ("WeChat ID: zhang88", "zhang88"),
        ("wx zhang88", "zhang88"),
        ("微信号zhang_88", "zhang_88"),
        ("138 0013 8000", "+8613800138000"),  # found by the mobile number on the account
        ("ｚｈａｎｇｗｅｉ＿８８", "zhangwei_88"),  # full-width, as Chinese keyboards type it
    ],
)
def test_a_wechat_id_or_the_number_on_the_account(typed: str, stored: str) -> None:
    assert fields.validate_wechat(typed, "CN") == stored


@pytest.mark.parametrize("typed", ["8zhangwei", "abc", "zhang wei", "a" * 21, "张伟"])
def test_what_cannot_be_a_wechat_id_is_refused_with_the_rule(typed: str) -> None:
    assert fields.validate_wechat(typed, "CN") == Rejected("invalid.wechat")


def test_validators_share_one_signature() -> None:
    assert set(VALIDATORS) == {
        "name", "phone", "email", "wechat", "company", "title", "notes", "address", "website",
    }  # fmt: skip
    assert all(VALIDATORS[name] is getattr(fields, f"validate_{name}") for name in VALIDATORS)


# --- name -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王伟", "王伟"),
        ("  欧阳   娜娜 ", "欧阳 娜娜"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽 • 买买提", "阿依古丽·买买提"),  # bullet typed for the middle dot
        ("阿依古丽・买买提", "阿依古丽·买买提"),  # katakana middle dot
        ("José Álvarez", "José Álvarez"),
        ("Jose\u0301", "José"),  # combining accent composed
        ("O'Brien", "O'Brien"),
        ("O’Brien", "O’Brien"),
        ("Mary-Jane St. John", "Mary-Jane St. John"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("Иван Петров", "Иван Петров"),
        ("محمد علي", "محمد علي"),
        ("राहुल शर्मा", "राहुल शर्मा"),
        ("Ｗａｎｇ　Ｗｅｉ", "Wang Wei"),  # full-width letters and ideographic space
        ("Li\u200b Na\u200e", "Li Na"),  # zero-width space and LTR mark dropped
        ("Li", "Li"),
    ],
)
def test_names_accepted(typed: str, stored: str) -> None:
    assert validate_name(typed, "CN") == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("王", "invalid.name.too_short"),
        ("13800138000", "invalid.name.phone"),
        ("+86 138 0013 8000", "invalid.name.phone"),
        ("１３８００１３８０００", "invalid.name.phone"),
        ("zhang.wei@163.com", "invalid.name.email"),
        ("https://acme.com", "invalid.name.url"),
        ("www.acme.cn", "invalid.name.url"),
        ("acme.com", "invalid.name.url"),
        ("/start", "invalid.name.command"),
        ("／cancel", "invalid.name.command"),  # full-width slash
        ("Li Na 2", "invalid.name.digits"),
        ("王伟😀", "invalid.name.characters"),
        ("Li_Na", "invalid.name.characters"),
        ("--", "invalid.no_letters"),
    ],
)
def test_names_rejected_with_a_helpful_reason(typed: str, why: str) -> None:
    assert reason(validate_name(typed, "CN")) == why


def test_name_characters_reason_shows_what_to_remove() -> None:
    assert validate_name("王伟😀#😀", "CN") == Rejected(
        "invalid.name.characters", {"chars": "😀 #"}
    )
    assert validate_name("Li\ue000Na", "CN") == Rejected(
        "invalid.name.characters", {"chars": "U+E000"}
    )


# --- phone ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("138 0013 8000", "CN", "+8613800138000"),
        ("138-0013-8000", "CN", "+8613800138000"),
        ("+86 138 0013 8000", "US", "+8613800138000"),
        ("(+86) 138.0013.8000", "CN", "+8613800138000"),
        ("１３８００１３８０００", "CN", "+8613800138000"),  # full-width digits
        ("＋８６ １３８ ００１３ ８０００", "GB", "+8613800138000"),
        ("0086 138 0013 8000", "US", "+8613800138000"),  # 00 though the US prefix is 011
        ("011 44 20 7946 0958", "US", "+442079460958"),  # the region's own prefix
        ("00 44 20 7946 0958", "CN", "+442079460958"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("415.555.2671", "US", "+14155552671"),
        ("+1 415-555-2671 ext. 12", "CN", "+14155552671;ext=12"),
        ("+1 415 555 2671 x12", "CN", "+14155552671;ext=12"),
        ("010 6552 9988转12", "CN", "+861065529988;ext=12"),
        ("010-6552-9988 分机 305", "CN", "+861065529988;ext=305"),
        ("tel:+1-415-555-2671", "CN", "+14155552671"),
        ("TEL:+1-415-555-2671;ext=12", "CN", "+14155552671;ext=12"),
        ("tel：+1-415-555-2671", "CN", "+14155552671"),  # full-width colon
        ("tel:6552-9988;phone-context=+86-10", "CN", "+861065529988"),
        ("020 7946 0958", "gb", "+442079460958"),  # region code in lower case
    ],
)
def test_phones_accepted_and_stored_as_e164(typed: str, region: str, stored: str) -> None:
    assert validate_phone(typed, region) == stored


@pytest.mark.parametrize(
    ("typed", "region", "why"),
    [
        ("12", "US", "invalid.phone.too_short"),
        ("138", "CN", "invalid.phone.too_short"),
        ("+86 138 0013 8000 0000", "CN", "invalid.phone.too_long"),
        ("1234567890123456789", "US", "invalid.phone.too_long"),
        ("hello", "CN", "invalid.phone.not_a_number"),
        ("电话", "CN", "invalid.phone.not_a_number"),
        ("+999 1234 5678", "CN", "invalid.phone.country_code"),
        ("138 0013 8000", "", "invalid.phone.country_code"),  # no region, no +
        ("6552 9988", "CN", "invalid.phone.invalid_for_region"),  # area code missing
        ("4155552671", "GB", "invalid.phone.invalid_for_region"),
        ("+1 999 555 2671", "CN", "invalid.phone.invalid"),
        # phonenumbers calls these valid, but E.164 allows 15 digits at most (7 at least here)
        ("30000000000000", "DE", "invalid.phone.too_long"),
        ("9601", "IR", "invalid.phone.too_short"),
    ],
)
def test_phones_rejected_with_distinct_reasons(typed: str, region: str, why: str) -> None:
    assert reason(validate_phone(typed, region)) == why


def test_phone_reason_names_the_region_and_shows_an_example() -> None:
    result = validate_phone("138", "CN")
    assert result == Rejected(
        "invalid.phone.too_short", {"region": "CN", "example": "+86 131 2345 6789"}
    )
    assert "+86 131 2345 6789" in t("zh", result.reason, **result.params)
    us = validate_phone("+1 999 555 2671", "CN")
    assert isinstance(us, Rejected)
    assert us.params["region"] == "US"  # the number's own country, not the rep's


@pytest.mark.parametrize(
    ("stored", "shown", "key"),
    [
        ("+8613800138000", "+86 138 0013 8000", "+8613800138000"),
        ("+14155552671;ext=12", "+1 415 555 2671 ext. 12", "+14155552671"),
        ("+442079460958", "+44 20 7946 0958", "+442079460958"),
    ],
)
def test_format_phone_and_digits_key(stored: str, shown: str, key: str) -> None:
    assert format_phone(stored, "en") == shown
    assert phone_digits_key(stored) == key


def test_a_chinese_reader_sees_the_extension_after_zhuan_as_the_bot_asks_for_it() -> None:
    stored = validate_phone("(010) 6552 9988 转 123", "CN")
    assert stored == "+861065529988;ext=123"  # the stored value is the same in every language
    assert format_phone(stored, "zh") == "+86 10 6552 9988 转 123"
    assert format_phone(stored, "en") == "+86 10 6552 9988 ext. 123"
    assert validate_phone(format_phone(stored, "zh"), "CN") == stored  # shown, typed back: same


def test_format_phone_shows_unparseable_legacy_values_as_stored() -> None:
    assert format_phone("call Li", "en") == "call Li"


# --- email ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("zhang.wei@163.com", "zhang.wei@163.com"),
        ("  Zhang.Wei@QQ.COM ", "Zhang.Wei@qq.com"),  # domain lower-cased, local part kept
        ("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com"),  # full-width input method
        ("li@163。com", "li@163.com"),  # ideographic full stop in the domain
        ("x@münchen.DE", "x@münchen.de"),
        ("x@xn--mnchen-3ya.de", "x@münchen.de"),  # IDNA shown in Unicode
        ("用户@例子.广告", "用户@例子.广告"),
        ("o'brien+crm@example.co.uk", "o'brien+crm@example.co.uk"),
    ],
)
def test_emails_accepted(typed: str, stored: str) -> None:
    assert validate_email(typed, "CN") == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("zhang.wei", "invalid.email.no_at"),
        ("zhang.wei.163.com", "invalid.email.no_at"),
        ("zhang@163", "invalid.email.domain"),
        ("zhang@", "invalid.email.domain"),
        ("zhang@-163.com", "invalid.email.domain"),
        ("zhang@localhost", "invalid.email.domain"),
        ("zhang@163..com", "invalid.email.domain"),
        ("zhang wei@163.com", "invalid.email.local_part"),
        ("zhang..wei@163.com", "invalid.email.local_part"),
        ("@163.com", "invalid.email.local_part"),
        ("用" * 90 + "@qq.com", "invalid.too_long"),  # 90 characters, 270 bytes
        ("a" * 250 + "@qq.com", "invalid.too_long"),
    ],
)
def test_emails_rejected_with_a_reason(typed: str, why: str) -> None:
    assert reason(validate_email(typed, "CN")) == why


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("li@gmial.com", "li@gmail.com"),
        ("li@gmai.com", "li@gmail.com"),
        ("li@gamil.com", "li@gmail.com"),
        ("li@GMIAL.COM", "li@gmail.com"),
        ("li@gmaill.con", "li@gmail.com"),
        ("王伟@163.cm", "王伟@163.com"),
        ("王伟@163.con", "王伟@163.com"),
        ("li@qq.con", "li@qq.com"),
        ("li@qq.co", "li@qq.com"),
        ("li@hotmial.com", "li@hotmail.com"),
        ("li@outlok.com", "li@outlook.com"),
        ("li@yaho.com", "li@yahoo.com"),
        ("li@icloud.con", "li@icloud.com"),
        ("li@foxmial.com", "li@foxmail.com"),
        ("li@yeah.nte", "li@yeah.net"),
        ("li@aliyun.cm", "li@aliyun.com"),
    ],
)
def test_email_typo_suggestions(typed: str, suggested: str) -> None:
    assert email_typo_suggestion(typed) == suggested


@pytest.mark.parametrize(
    "typed",
    [
        "li@gmail.com",
        "li@163.com",
        "li@126.com",
        "li@qq.com",
        "li@acme.com",
        "li@acme.com.cn",
        "li@huawei.com",
        "li@mail.com",  # a real provider one letter from gmail.com
        "li@ymail.com",
        "li@139.com",
        "li@sina.cn",
        "li@16.com",  # as close to 163.com as to 126.com: no guess
        "no-at-sign",
        "@gmial.com",
        "",
    ],
)
def test_no_email_suggestion_for_known_unrelated_or_ambiguous_domains(typed: str) -> None:
    assert email_typo_suggestion(typed) is None


# --- company, title, notes, address -----------------------------------------------------------


@pytest.mark.parametrize(
    ("validator", "typed", "stored"),
    [
        (validate_company, "  华为技术有限公司 ", "华为技术有限公司"),
        (validate_company, "Ｓｏｎｙ（中国）有限公司", "Sony（中国）有限公司"),  # brackets kept
        (validate_company, "Acme,   Inc.", "Acme, Inc."),
        (validate_company, "3M", "3M"),
        (validate_company, "X", "X"),
        (validate_title, "销售  经理", "销售 经理"),
        (validate_title, "Head of\nSales", "Head of Sales"),
        (validate_title, "CEO", "CEO"),
        (validate_notes, "Met at expo.\r\nLikes tea 🍵", "Met at expo.\nLikes tea 🍵"),
        (validate_notes, "第一行\n\n\n\n第二行，  好的。", "第一行\n\n第二行， 好的。"),
        (validate_notes, "  a  \u2028  b  ", "a\nb"),
        (validate_notes, "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # joiners kept
        (validate_address, "北京市朝阳区建国路８８号", "北京市朝阳区建国路88号"),
        (validate_address, "北京市朝阳区，\n建国路88号", "北京市朝阳区，建国路88号"),
        (validate_address, "1 Main St\nSpringfield,\nIL 62701", "1 Main St, Springfield, IL 62701"),
    ],
)
def test_free_text_accepted(validator: fields.Validator, typed: str, stored: str) -> None:
    assert validator(typed, "CN") == stored


@pytest.mark.parametrize("validator", [validate_company, validate_title, validate_address])
@pytest.mark.parametrize("typed", ["???", "——", "😀😀"])
def test_free_text_needs_a_letter_or_digit(validator: fields.Validator, typed: str) -> None:
    assert reason(validator(typed, "CN")) == "invalid.no_letters"


# --- website ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acme.com", "https://acme.com"),
        ("WWW.Acme.COM", "https://www.acme.com"),
        ("http://acme.com", "http://acme.com"),
        ("HTTPS://Acme.com/About/Team?x=1#top", "https://acme.com/About/Team?x=1#top"),
        ("https://acme.com/", "https://acme.com"),
        ("acme.com:8080/shop", "https://acme.com:8080/shop"),
        ("ｗｗｗ．ａｃｍｅ．ｃｎ", "https://www.acme.cn"),
        ("https：//www.acme.cn", "https://www.acme.cn"),  # full-width colon
        ("例子.广告/关于", "https://例子.广告/关于"),
        ("medium.com/@acme", "https://medium.com/@acme"),
    ],
)
def test_websites_accepted(typed: str, stored: str) -> None:
    assert validate_website(typed, "CN") == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("acme", "invalid.website.invalid"),
        ("localhost:8000", "invalid.website.invalid"),
        ("acme .com", "invalid.website.invalid"),
        ("https://", "invalid.website.invalid"),
        ("https://user:pw@acme.com", "invalid.website.invalid"),
        ("acme.com:99999", "invalid.website.invalid"),
        ("ftp://acme.com", "invalid.website.scheme"),
        ("javascript:alert(1)", "invalid.website.scheme"),
        ("li@acme.com", "invalid.website.email"),
        ("mailto:li@acme.com", "invalid.website.email"),
    ],
)
def test_websites_rejected(typed: str, why: str) -> None:
    assert reason(validate_website(typed, "CN")) == why


# --- catalogs ---------------------------------------------------------------------------------

_SOURCE_KEYS = set(re.findall(r'"(invalid\.[a-z_.]+)"', Path(fields.__file__).read_text()))

# One input per reason, so every key used in the code is shown to a user at least once here.
_ONE_OF_EACH = [
    ("name", ""), ("name", "x" * 101), ("name", "--"), ("name", "王"), ("name", "Li_Na"),
    ("name", "Li 2"), ("name", "13800138000"), ("name", "a@b.cn"), ("name", "www.acme.cn"),
    ("name", "/start"), ("phone", "hello"), ("phone", "138"), ("phone", "+86 138 0013 8000 0000"),
    ("phone", "+999 1234 5678"), ("phone", "6552 9988"), ("phone", "+1 999 555 2671"),
    ("email", "li"), ("email", "li@163"), ("email", "l i@163.com"), ("website", "acme"),
    ("website", "ftp://acme.com"), ("website", "li@acme.com"), ("wechat", "1abc"),
    ("number", "twelve"), ("date", "someday"), ("yesno", "maybe"), ("choice", "Gold"),
    ("choices", "Retail, Gold"),
]  # fmt: skip
_PICKLIST = {"retail": ("Retail", "零售"), "finance": ("Finance", "金融")}
# The validators of the kinds a deployment's own fields can be (bot/registry.py), beside the
# built-in fields' own.
CHECKS = {
    **VALIDATORS, "number": fields.validate_number, "date": fields.validate_date,
    "yesno": fields.validate_yesno,
    "choice": lambda typed, region: fields.validate_choice(typed, _PICKLIST),
    "choices": lambda typed, region: fields.validate_choices(typed, _PICKLIST),
}  # fmt: skip


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_reason_key_in_the_code_is_in_both_catalogs() -> None:
    assert len(_SOURCE_KEYS) > 15
    for lang in LANGUAGES:
        assert set(catalog(lang)) >= _SOURCE_KEYS, lang


def test_catalog_templates_agree_on_placeholders() -> None:
    for key in _SOURCE_KEYS:
        assert _placeholders(catalog("en")[key]) == _placeholders(catalog("zh")[key]), key


def test_every_reason_is_reachable_and_formats_in_both_languages() -> None:
    seen: set[str] = set()
    for name, typed in _ONE_OF_EACH:
        result = CHECKS[name](typed, "CN")
        assert isinstance(result, Rejected), (name, typed)
        seen.add(result.reason)
        for lang in LANGUAGES:
            text = t(lang, result.reason, **result.params)
            assert "{" not in text and "}" not in text, (lang, result)
            assert _placeholders(catalog(lang)[result.reason]) <= set(result.params)
    assert seen == _SOURCE_KEYS


# --- properties -------------------------------------------------------------------------------

_PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_REGIONS = st.sampled_from(["CN", "US", "GB", "DE", "JP", "IN", "BR", "", "ZZ", "cn"])
_ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
_PHONEISH = st.text(alphabet="0123456789０１２３４５６７８９ +-().x#转;=tel:ext", max_size=30)
_EMAILISH = st.text(alphabet="abcAB.+-_@ 1用户例子ａ＠．。", max_size=25) | st.emails().map(str)


@_PROPERTY
@given(st.sampled_from(sorted(VALIDATORS)), _ANY_TEXT | _PHONEISH | _EMAILISH, _REGIONS)
def test_any_text_never_crashes_and_output_is_stable(name: str, typed: str, region: str) -> None:
    result = VALIDATORS[name](typed, region)
    if isinstance(result, Rejected):
        assert result.reason in _SOURCE_KEYS
        assert all(isinstance(v, str) for v in result.params.values())
    else:
        assert result and result == result.strip()
        assert VALIDATORS[name](result, region) == result  # idempotent


@_PROPERTY
@given(_ANY_TEXT | _PHONEISH, _REGIONS)
def test_a_returned_phone_is_always_a_valid_e164_number(typed: str, region: str) -> None:
    result = validate_phone(typed, region)
    if isinstance(result, str):
        assert E164_WITH_EXT.match(result), result
        number = phonenumbers.parse(phone_digits_key(result), None)
        assert phonenumbers.is_valid_number(number)
        assert validate_phone(result, "US") == result  # stored form needs no region


@_PROPERTY
@given(_ANY_TEXT | _EMAILISH)
def test_a_returned_email_always_revalidates_to_itself(typed: str) -> None:
    result = validate_email(typed, "CN")
    if isinstance(result, str):
        assert "@" in result
        assert validate_email(result, "CN") == result
        email_typo_suggestion(result)  # never raises either


@_PROPERTY
@given(
    st.sampled_from(["CN", "US", "GB", "DE", "JP", "IN", "FR", "AU"]),
    st.sampled_from(list(phonenumbers.PhoneNumberType.values())),
    st.sampled_from(["{}", " {} ", "tel:{}", "{} ext. 7", "{} 转 7"]),
)
def test_example_numbers_round_trip(region: str, kind: int, shape: str) -> None:
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        return
    for style in (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.E164,
    ):
        typed = shape.format(phonenumbers.format_number(example, style))
        stored = validate_phone(typed, region)
        assert isinstance(stored, str), typed
        assert phone_digits_key(stored) == phonenumbers.format_number(
            example, phonenumbers.PhoneNumberFormat.E164
        )
        assert validate_phone(format_phone(stored, "en"), "US") == stored


# --- the kinds of a deployment's own fields ---------------------------------------------------

TODAY = date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("3/12", "CN", "2026-03-12"),  # month first in China and the US
        ("3/12", "US", "2026-03-12"),
        ("3/12", "GB", "2026-12-03"),  # day first in most other places
        ("12月3日", "CN", "2026-12-03"),
        ("2027年1月5日", "CN", "2027-01-05"),
        ("next friday", "CN", "2026-12-04"),
        ("friday", "GB", "2026-12-04"),  # a weekday alone is the coming one
        ("下周五", "CN", "2026-12-04"),
        ("明天", "CN", "2026-12-04"),
        ("2027-01-05", "US", "2027-01-05"),
        ("１２月３日", "CN", "2026-12-03"),  # full-width digits from a Chinese keyboard
    ],
)
def test_dates_are_read_as_people_type_them(typed: str, region: str, stored: str) -> None:
    assert fields.validate_date(typed, region, today=TODAY) == stored


@pytest.mark.parametrize("typed", ["someday", "32/13", "13/13", "", "3/12/99999", "x" * 70])
def test_dates_that_cannot_be_read_are_refused_not_guessed(typed: str) -> None:
    assert isinstance(fields.validate_date(typed, "GB", today=TODAY), Rejected)


@pytest.mark.parametrize(
    ("typed", "stored"), [("1200", "1200"), ("1,200", "1200"), ("12.50", "12.50"), ("-3", "-3")]
)
def test_numbers(typed: str, stored: str) -> None:
    assert fields.validate_number(typed, "CN") == stored


@pytest.mark.parametrize("typed", ["twelve", "1,2,3,4", "3.5万", "nan", "inf", "1e999"])
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    assert reason(fields.validate_number(typed, "CN")) == "invalid.number"


def test_choices_are_taken_by_value_label_or_number_and_stored_by_value() -> None:
    for typed in ("retail", "Retail", "零售", "1", " RETAIL "):
        assert fields.validate_choice(typed, _PICKLIST) == "retail", typed
    assert reason(fields.validate_choice("3", _PICKLIST)) == "invalid.choice"
    assert fields.validate_choices("金融、retail", _PICKLIST) == "retail,finance"
    assert reason(fields.validate_choices(" , ", _PICKLIST)) == "invalid.choices"


@pytest.mark.parametrize(
    ("typed", "stored"), [("Yes", "yes"), ("是", "yes"), ("no", "no"), ("否", "no")]
)
def test_yes_or_no(typed: str, stored: str) -> None:
    assert fields.validate_yesno(typed, "CN") == stored


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("+1 555 0100 000000000000000", "US"),  # QA: reported as too long for CN
        ("0044 20 1", "GB"),
        ("+852 12", "HK"),
        ("13800", "CN"),  # no country typed: the rep's own
    ],
)
def test_a_refused_number_is_judged_for_the_country_typed(typed: str, country: str) -> None:
    refused = fields.validate_phone(typed, "CN")
    assert isinstance(refused, Rejected) and refused.params["region"] == country


def test_a_country_is_named_in_the_users_language_never_by_its_code() -> None:
    refused = fields.validate_phone("+44 20 1", "CN")
    assert isinstance(refused, Rejected)
    assert "(United Kingdom)" in t("en", refused.reason, **refused.params)
    assert "（英国）" in t("zh", refused.reason, **refused.params)
    assert "不带 + 的中国号码" in t("zh", "ask.phone", region="CN")
