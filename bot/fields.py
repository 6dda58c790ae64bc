"""Validators for the fields a sales rep types, one answer at a time.

Each `validate_<field>(value, region)` returns the normalized value to store, or a `Rejected`
naming an `invalid.*` catalog key so the conversation can say what is wrong and ask again.
Validators never raise: anything a chat client can send is an answer to judge, not a crash.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import email_validator
import phonenumbers
from phonenumbers import (
    CountryCodeSource,
    NumberParseException,
    PhoneNumber,
    PhoneNumberFormat,
    ValidationResult,
)
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.i18n import t


@dataclass(frozen=True)
class Rejected:
    reason: str  # catalog key, e.g. "invalid.phone.too_short"
    params: dict[str, str] = field(default_factory=dict)  # for the message template


Result = str | Rejected
Validator = Callable[[str, str], Result]

NAME_MIN, NAME_MAX = 2, 100
COMPANY_MAX = TITLE_MAX = 120
NOTES_MAX = 1000
ADDRESS_MAX = 300
WEBSITE_MAX = 500
EMAIL_MAX = 254  # RFC 5321 path limit; the library enforces the exact rules
PHONE_MAX = 100  # generous: tel: links with a phone-context and an extension
_RAW_FACTOR = 4  # raw input may shrink when tidied; beyond this it is a paste, not an answer

# --- shared tidying ---------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Joiners are part of the spelling in Persian, Indic scripts and emoji sequences.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})
# Full-width letters and digits from Chinese input methods; CJK punctuation is left alone.
_WIDE_ALNUM = {
    cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFF01, 0xFF5F) if chr(cp).isalnum()
} | {0x3000: " "}


def is_cjk(ch: str) -> bool:
    """A Chinese, Japanese or Korean character: one of them is a whole word (a surname)."""
    return unicodedata.east_asian_width(ch) == "W" and ch.isalpha()


def _too_long(limit: int) -> Rejected:
    return Rejected("invalid.too_long", {"max": str(limit)})


def _visible(ch: str) -> bool:
    return ch == "\n" or ch in _KEPT_FORMAT or unicodedata.category(ch) not in _DROPPED_CATEGORIES


def _tidy(value: str, *, compat: bool, multiline: bool = False) -> str:
    """Drop invisible junk, unify widths and collapse the whitespace that chat clients add."""
    text = _LINE_BREAK.sub("\n", value).replace("\t", " ")
    text = "".join(ch for ch in text if _visible(ch))
    if compat:
        text = unicodedata.normalize("NFKC", text)
    else:
        text = unicodedata.normalize("NFC", text.translate(_WIDE_ALNUM))
    text = "".join(ch for ch in text if _visible(ch))
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _prepare(value: str, limit: int, *, compat: bool, multiline: bool = False) -> Result:
    """The tidied text, or why it cannot be an answer; the raw length is checked first (cheap)."""
    if len(value) > limit * _RAW_FACTOR:
        return _too_long(limit)
    text = _tidy(value, compat=compat, multiline=multiline)
    if not text:
        return Rejected("invalid.empty")
    if len(text) > limit:
        return _too_long(limit)
    return text


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- name -------------------------------------------------------------------------------------

_NAME_SEPARATORS = frozenset(" -\u2010'\u2019.\u00b7") | _KEPT_FORMAT
# Middle dots that Chinese, Japanese and Uyghur names are typed with; stored as U+00B7.
_MIDDLE_DOTS = re.compile(r"\s*[\u00b7\u30fb\u2027\u2022\u2219\u22c5]\s*")
_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")
_URL_LIKE = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)")
# A name is never a bare host name; these are the endings people actually paste.
_COMMON_TLDS = frozenset(
    {"com", "net", "org", "cn", "io", "ai", "co", "app", "dev", "info", "biz", "edu", "gov", "me",
     "xyz", "top", "uk", "hk", "tw", "jp", "sg", "us", "de", "fr", "ru"}
)  # fmt: skip
_HOST_LIKE = re.compile(r"(?i)^[\w-]+(?:\.[\w-]+)*\.([a-z]{2,})(?:/\S*)?$")
_PHONE_DIGITS_MIN = 7


def _looks_like_url(text: str) -> bool:
    host = _HOST_LIKE.match(text)
    return bool(_URL_LIKE.match(text)) or bool(host and host.group(1).lower() in _COMMON_TLDS)


def _shown(chars: str) -> str:
    """Offending characters as the user can see them; invisible ones by code point."""
    unique = list(dict.fromkeys(chars))[:5]
    return " ".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in unique)


def _name_mistake(text: str) -> Rejected | None:
    """A helpful reason when the rep answered with the wrong kind of thing."""
    digits = sum(ch.isdigit() for ch in text)
    if text.startswith("/"):
        return Rejected("invalid.name.command")
    if _EMAIL_LIKE.search(text):
        return Rejected("invalid.name.email")
    if _looks_like_url(text):
        return Rejected("invalid.name.url")
    if digits >= _PHONE_DIGITS_MIN:
        return Rejected("invalid.name.phone")
    if digits:
        return Rejected("invalid.name.digits")
    return None


def validate_name(value: str, region: str) -> Result:
    """Letters of any script plus the separators real names use (O'Brien, 阿依古丽·买买提)."""
    text = _prepare(value, NAME_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    text = _MIDDLE_DOTS.sub("\u00b7", text)
    if mistake := _name_mistake(text):
        return mistake
    bad = "".join(
        ch for ch in text if ch not in _NAME_SEPARATORS and unicodedata.category(ch)[0] not in "LM"
    )
    if bad:
        return Rejected("invalid.name.characters", {"chars": _shown(bad)})
    if not any(unicodedata.category(ch)[0] == "L" for ch in text):
        return Rejected("invalid.no_letters")
    if len(text) < NAME_MIN:
        return Rejected("invalid.name.too_short", {"min": str(NAME_MIN)})
    return text


# --- phone ------------------------------------------------------------------------------------

# Chinese extension markers ("转" = transfer to); phonenumbers knows ext, x, #, ;ext= itself.
_CHINESE_EXTENSION = re.compile(r"\s*(?:分机号|分機號|分机|分機|转|轉)\s*")
_TEL_SCHEME = re.compile(r"(?i)^tel:")
_FALLBACK_REGION = "CN"
_E164_MIN_DIGITS, _E164_MAX_DIGITS = 7, 15


def _region(region: str) -> str | None:
    code = (region or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def _phone_rejected(reason: str, region: str | None) -> Rejected:
    """The reason with a region and a sample number from it, so the rep sees the expected shape.

    Without a usable region (unknown code, non-geographic +800 ...) the bot's home region is shown.
    """
    shown = region or _FALLBACK_REGION
    sample = phonenumbers.example_number_for_type(shown, phonenumbers.PhoneNumberType.MOBILE)
    example = shown_number(sample) if sample else ""
    return Rejected(reason, {"region": shown, "example": example})


def _parse(text: str, region: str | None) -> PhoneNumber | NumberParseException:
    try:
        return phonenumbers.parse(text, region, keep_raw_input=True)
    except NumberParseException as exc:
        return exc


def _best_parse(text: str, region: str | None) -> PhoneNumber | NumberParseException:
    """As typed; failing that, a leading 00 read as + (the region's own prefix may differ)."""
    parsed = _parse(text, region)
    if isinstance(parsed, PhoneNumber) and phonenumbers.is_valid_number(parsed):
        return parsed
    if text.startswith("00"):
        retry = _parse("+" + text[2:], region)
        if isinstance(retry, PhoneNumber) and phonenumbers.is_valid_number(retry):
            return retry
    return parsed


_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "invalid.phone.country_code",
    NumberParseException.NOT_A_NUMBER: "invalid.phone.not_a_number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "invalid.phone.too_short",
    NumberParseException.TOO_SHORT_NSN: "invalid.phone.too_short",
    NumberParseException.TOO_LONG: "invalid.phone.too_long",
}
_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "invalid.phone.too_short",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "invalid.phone.too_short",  # no area code
    ValidationResult.TOO_LONG: "invalid.phone.too_long",
    ValidationResult.INVALID_COUNTRY_CODE: "invalid.phone.country_code",
}


def _typed_country(text: str) -> str | None:
    """The country a number that failed to parse was typed for: "+1 555 0100 0000000000000" is
    too long for the United States, not for the rep's own country. Country codes are
    prefix-free, so the first of the one to three digits after the + that names one is it."""
    digits = re.match(r"\s*(?:\+|00)\s*(\d{1,3})", text)
    if digits is None:
        return None
    for k in range(1, len(digits.group(1)) + 1):
        if (country := _region(phonenumbers.region_code_for_country_code(int(digits[1][:k])))):
            return country
    return None


def _checked_region(number: PhoneNumber, home: str | None) -> str | None:
    """The region a number was judged in: the rep's for national input, else its own country's."""
    if number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY:
        return home
    return _region(phonenumbers.region_code_for_country_code(number.country_code or 0))


def _invalid_number(number: PhoneNumber, home: str | None) -> Rejected:
    """Why phonenumbers refuses a parsed number: its length if that is the cause."""
    reason = _LENGTH_REASONS.get(phonenumbers.is_possible_number_with_reason(number))
    if reason is None:
        typed_in_region = number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY
        reason = "invalid.phone.invalid_for_region" if typed_in_region else "invalid.phone.invalid"
    return _phone_rejected(reason, _checked_region(number, home))


def _e164_length_reason(e164: str) -> str | None:
    """E.164 caps numbers at 15 digits (7 in practice at least); phonenumbers' metadata
    accepts a few outside that (German numbers of 16+ digits, 6-digit Iranian service numbers),
    which other systems would refuse."""
    digits = len(e164) - 1
    if digits > _E164_MAX_DIGITS:
        return "invalid.phone.too_long"
    if digits < _E164_MIN_DIGITS:
        return "invalid.phone.too_short"
    return None


def validate_phone(value: str, region: str) -> Result:
    """A real, dialable number; stored as E.164 so duplicates compare equal however typed."""
    text = _prepare(value, PHONE_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    text = _TEL_SCHEME.sub("tel:", _CHINESE_EXTENSION.sub(" ext. ", text))
    home = _region(region)
    parsed = _best_parse(text, home)
    if isinstance(parsed, NumberParseException):
        return _phone_rejected(
            _PARSE_REASONS.get(parsed.error_type, "invalid.phone.not_a_number"),
            _typed_country(text) or home,
        )
    if not phonenumbers.is_valid_number(parsed):
        return _invalid_number(parsed, home)
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if length_reason := _e164_length_reason(e164):
        return _phone_rejected(length_reason, _checked_region(parsed, home))
    extension = phonenumbers.normalize_digits_only(parsed.extension or "")
    return f"{e164};ext={extension}" if extension else e164


def phone_digits_key(stored: str) -> str:
    """The E.164 part: two records with the same key are the same line, whatever the extension."""
    return stored.partition(";")[0].strip()


@lru_cache(maxsize=1024)
def parse_stored(e164: str) -> PhoneNumber | None:
    """A stored E.164 number parsed (None if it does not parse); callers must not modify it.
    Cached: a parse costs ~40 µs, and the reminder sweep reads each number twice (its time zone,
    then the ask that shows it)."""
    try:
        return phonenumbers.parse(e164, None)
    except NumberParseException:
        return None


_PERSONAL_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        # the US and Canada share one number plan for both: no way to tell, so allowed
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)


def is_personal_number(stored: str) -> bool:
    """A number that belongs to one person (a mobile, no extension), not an office line that
    rings for many: only such a number may link a customer to a record by itself."""
    e164, _, extension = stored.partition(";ext=")
    number = parse_stored(e164)
    if extension or number is None:
        return False
    return phonenumbers.number_type(number) in _PERSONAL_TYPES


def phone_region(stored: str | None) -> str | None:
    """The country of a stored number's plan (US for any +1, GB for any +44), None for none or
    a non-geographic one: numbers typed without + for this person are read in it."""
    number = parse_stored(stored.partition(";ext=")[0]) if stored else None
    if number is None:
        return None
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)  # 0: "ZZ"
    return region if region and region not in ("001", "ZZ") else None


def shown_number(number: PhoneNumber) -> str:
    """The one display format everywhere: + country code, then the country's own digit groups,
    separated by spaces only (+1 415 555 2671, +44 7911 123456, +86 138 0013 8000)."""
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return re.sub(r"[\s\-.()]+", " ", international).strip()


def format_phone(stored: str, lang: str) -> str:
    """For display: +1 415 555 2671 ext. 12, or 转 12 in Chinese (the word the bot asks for).
    Anything unparseable is shown as it was stored."""
    e164, _, extension = stored.partition(";ext=")
    number = parse_stored(e164)
    if number is None:
        return stored
    shown = shown_number(number)
    return t(lang, "phone.extension", number=shown, ext=extension) if extension else shown


# --- email ------------------------------------------------------------------------------------

_PROBE_LOCAL, _PROBE_DOMAIN = "a", "example.com"


def _library_check(address: str) -> email_validator.ValidatedEmail | None:
    try:
        return email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None


def _email_reason(text: str) -> str:
    """Which half the library objects to, found by validating each half on its own.

    Asking the library again beats matching its English error messages, which change.
    """
    local, at, domain = text.rpartition("@")
    if not at:
        return "invalid.email.no_at"
    if len(text.encode("utf-8", "replace")) > EMAIL_MAX:  # the limit is in bytes: 用户 is 6
        return "invalid.too_long"
    if _library_check(f"{_PROBE_LOCAL}@{domain}") is None:
        return "invalid.email.domain"
    if _library_check(f"{local}@{_PROBE_DOMAIN}") is None:
        return "invalid.email.local_part"
    return "invalid.too_long"  # each half is fine; together they exceed a length limit


def validate_email(value: str, region: str) -> Result:
    """Syntax only (no DNS: reps type offline); the library's normalized, lower-case-domain form."""
    text = _prepare(value, EMAIL_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    checked = _library_check(text)
    if checked is None:
        reason = _email_reason(text)
        return Rejected(reason, {"max": str(EMAIL_MAX)} if reason == "invalid.too_long" else {})
    local, _, domain = checked.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


COMMON_EMAIL_DOMAINS = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
    "163.com", "126.com", "qq.com", "sina.com", "sohu.com", "foxmail.com", "yeah.net",
    "aliyun.com",
)  # fmt: skip
# Real providers one or two edits from a common one: never "correct" these.
_REAL_LOOKALIKES = frozenset(
    {"mail.com", "email.com", "ymail.com", "gmx.com", "139.com", "189.cn", "sina.cn", "163.net",
     "126.net", "yahoo.cn", "live.com", "me.com", "mac.com", "yeah.com", "tom.com", "21cn.com"}
)  # fmt: skip


def _max_typo_distance(domain: str) -> int:
    """One slip in a short domain, two in a long one: qq.co is a typo, acme.com is not."""
    return 2 if len(domain) >= 10 else 1


def email_typo_suggestion(email: str) -> str | None:
    """The address with a likely-mistyped common domain corrected, for a "did you mean" prompt."""
    local, at, domain = email.strip().rpartition("@")
    domain = domain.lower()
    if not at or not local or domain in COMMON_EMAIL_DOMAINS or domain in _REAL_LOOKALIKES:
        return None
    limit = _max_typo_distance(domain)
    matches = process.extract(
        domain, COMMON_EMAIL_DOMAINS, scorer=OSA.distance, score_cutoff=limit, limit=2
    )
    if not matches or (len(matches) > 1 and matches[0][1] == matches[1][1]):
        return None  # nothing close, or two equally close: guessing would mislead
    return f"{local}@{matches[0][0]}"


@dataclass(frozen=True)
class Doubt:
    """A valid value that is likely a slip: the chat asks before keeping it, an import keeps it
    as typed and reports the row, so both judge it by this one check."""

    reason: str  # catalog key, e.g. "email.did_you_mean"
    suggested: str

    @property
    def params(self) -> dict[str, str]:
        return {"suggested": self.suggested}


def doubt(field_name: str, value: str) -> Doubt | None:
    """What to ask about a value its validator accepted (the email's mistyped common domain)."""
    if field_name != "email":
        return None
    suggested = email_typo_suggestion(value)
    return Doubt("email.did_you_mean", suggested) if suggested and suggested != value else None


# --- free text --------------------------------------------------------------------------------


def _free_text(value: str, limit: int) -> Result:
    text = _prepare(value, limit, compat=False)
    if isinstance(text, Rejected) or _has_alnum(text):
        return text
    return Rejected("invalid.no_letters")


def validate_company(value: str, region: str) -> Result:
    """Kept as typed (Chinese full-width brackets included); only letter widths are unified."""
    return _free_text(value, COMPANY_MAX)


def validate_title(value: str, region: str) -> Result:
    """A job title: any script, one line."""
    return _free_text(value, TITLE_MAX)


def validate_notes(value: str, region: str) -> Result:
    """Free text where line breaks carry meaning, so they survive (blank runs shrink to one)."""
    return _prepare(value, NOTES_MAX, compat=False, multiline=True)


def _line_joiner(last: str) -> str:
    """A comma, unless the line already ends in punctuation (no space after Chinese ，)."""
    if not unicodedata.category(last).startswith("P"):
        return ", "
    return "" if unicodedata.east_asian_width(last) in "WF" else " "


def _join_lines(text: str) -> str:
    """Multi-line addresses become one line, with a comma where the rep had a line break."""
    parts = [line for line in text.split("\n") if line]
    joined = parts[0]
    for part in parts[1:]:
        joined += _line_joiner(joined[-1])
        joined += part
    return joined


def validate_address(value: str, region: str) -> Result:
    """A postal address on one line; pasted multi-line blocks keep their breaks as commas."""
    text = _prepare(value, ADDRESS_MAX, compat=False, multiline=True)
    if isinstance(text, Rejected):
        return text
    text = _join_lines(text)
    if len(text) > ADDRESS_MAX:
        return _too_long(ADDRESS_MAX)
    return text if _has_alnum(text) else Rejected("invalid.no_letters")


# --- website ----------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_WEB_SCHEMES = frozenset({"http", "https"})
_OTHER_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "file", "ftp"})
_BARE_EMAIL = re.compile(r"^(?:mailto:)?[^/@]+@[^/@]+$", re.IGNORECASE)


def _with_scheme(text: str) -> Result:
    """https:// in front of a bare host; other schemes (mailto:, ftp://) are not websites."""
    scheme = _SCHEME.match(text)
    name = scheme.group(1).lower() if scheme else ""
    if "://" in text:
        return text if name in _WEB_SCHEMES else Rejected("invalid.website.scheme")
    if _BARE_EMAIL.match(text):
        return Rejected("invalid.website.email")
    if name in _OTHER_SCHEMES:
        return Rejected("invalid.website.scheme")
    return "https://" + text


def _host(host: str) -> str | None:
    """The host's normalized (IDNA, lower-case) form, using the email library's domain rules."""
    checked = _library_check(f"{_PROBE_LOCAL}@{host}")
    return checked.domain.lower() if checked else None


# WeChat's own rule for an ID a user sets: 6-20 letters, digits, _ or -, starting with a letter
# (older system IDs look like wxid_abc123, which fits). People are also found by the mobile number
# on their account, so a valid phone number is kept too, as E.164.
_WECHAT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}")
WECHAT_MAX = 40
# a label typed or read along with the ID ("WeChat: zhang88", "微信号 zhang88"). A Latin one only
# before a colon or a space: wxid_abc123 and wxzhang88 are IDs that start with the same letters
_WECHAT_LABEL = re.compile(
    r"(?i)^(?:(?:we\s?chat|weixin|wx)(?:\s*id)?(?:\s*[:：]\s*|\s+)|微信(?:号|id)?\s*[:：]?\s*)"
)


def validate_wechat(value: str, region: str) -> Result:
    """A WeChat ID as typed (IDs are case-sensitive), or the phone number they use on WeChat."""
    text = _prepare(value, WECHAT_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    text = _WECHAT_LABEL.sub("", text)
    if _WECHAT_ID.fullmatch(text):
        return text
    if sum(ch.isdigit() for ch in text) >= _PHONE_DIGITS_MIN:
        phone = validate_phone(text, region)
        if not isinstance(phone, Rejected):
            return phone
    return Rejected("invalid.wechat")


def validate_website(value: str, region: str) -> Result:
    """A web address people can open: https:// added when missing, host lower-cased."""
    text = _prepare(value, WEBSITE_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    if " " in text:
        return Rejected("invalid.website.invalid")
    text = _with_scheme(text)
    if isinstance(text, Rejected):
        return text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return Rejected("invalid.website.invalid")
    host = _host(parts.hostname or "")
    if host is None or parts.username is not None or parts.password is not None:
        return Rejected("invalid.website.invalid")
    netloc = f"{host}:{port}" if port is not None else host
    path = "" if parts.path == "/" and not parts.query and not parts.fragment else parts.path
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))


# --- the kinds of value a deployment's own fields can hold (see bot/registry.py) ---------------

TEXT_MAX = 500
NUMBER_MAX = 40
_NUMBER_GROUPING = re.compile(r"(?<=\d)[,_' ](?=\d{3}\b)")
_CN_MONTH_DAY = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?$")
_CN_NEXT_WEEKDAY = re.compile(r"^下(?:个)?(?:周|星期|礼拜)([一二三四五六日天])$")
_CN_WEEKDAYS = {"一": "monday", "二": "tuesday", "三": "wednesday", "四": "thursday",
                "五": "friday", "六": "saturday", "日": "sunday", "天": "sunday"}  # fmt: skip
_DAY_MONTH = re.compile(r"^(\d+)\s*[/.-]\s*(\d+)$")
_MONTH_FIRST_REGIONS = frozenset({"US", "CN", "TW", "HK", "JP", "KR", "PH", "CA"})
_YES = frozenset({"yes", "y", "true", "1", "是", "是的", "对", "有", "✅"})
_NO = frozenset({"no", "n", "false", "0", "否", "不", "不是", "没有", "无", "❌"})


def validate_text(value: str, region: str) -> Result:
    return _free_text(value, TEXT_MAX)


def validate_number(value: str, region: str) -> Result:
    """A number as people type it ("1,200", "1 200.50", "3.5万" is refused, not guessed)."""
    text = _prepare(value, NUMBER_MAX, compat=True)
    if isinstance(text, Rejected):
        return text
    plain = _NUMBER_GROUPING.sub("", text)
    try:
        number = float(plain)
    except ValueError:
        return Rejected("invalid.number")
    if number != number or number in (float("inf"), float("-inf")):
        return Rejected("invalid.number")
    return plain if "." in plain or "e" in plain.lower() else str(int(number))


def validate_date(value: str, region: str, *, today: date | None = None) -> Result:
    """A date as people type it ("3/12", "12月3日", "next friday", "明天"), stored as YYYY-MM-DD.

    Numeric day/month order follows the user's region (3/12 is 12 March in the US and China, 3
    December in most other places); anything dateparser cannot read is refused, never guessed.
    """
    import dateparser  # imported on first use: it loads its language data (a second or so)

    text = _prepare(value, 60, compat=True)
    if isinstance(text, Rejected):
        return text
    today = today or date.today()
    if match := _CN_MONTH_DAY.match(text):
        year, month, day = match.groups()
        text = f"{year or today.year}-{int(month):02d}-{int(day):02d}"
    elif match := _CN_NEXT_WEEKDAY.match(text):
        text = f"next {_CN_WEEKDAYS[match.group(1)]}"
    order = "MDY" if region.upper() in _MONTH_FIRST_REGIONS else "DMY"
    settings: dict[str, object] = {
        "DATE_ORDER": order, "RELATIVE_BASE": datetime.combine(today, datetime.min.time())
    }  # fmt: skip
    if (pair := _DAY_MONTH.match(text)) and (
        max(int(pair[1]), int(pair[2])) > 31 or min(int(pair[1]), int(pair[2])) > 12
    ):
        return Rejected("invalid.date")  # "32/13": dateparser would read a year into it
    if not any(ch.isdigit() for ch in text):
        settings["PREFER_DATES_FROM"] = "future"  # "friday" is the coming one
    try:
        parsed = dateparser.parse(text, languages=["en", "zh"], settings=settings)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return Rejected("invalid.date")
    return parsed.date().isoformat()


def validate_yesno(value: str, region: str) -> Result:
    text = _prepare(value, 20, compat=True)
    if isinstance(text, Rejected):
        return text
    answer = text.lower().rstrip(".!")
    if answer in _YES:
        return "yes"
    if answer in _NO:
        return "no"
    return Rejected("invalid.yesno")


def validate_choice(value: str, choices: dict[str, tuple[str, ...]]) -> Result:
    """One of `choices` (value -> its labels), typed as its value, any label or its number."""
    text = _prepare(value, 200, compat=True)
    if isinstance(text, Rejected):
        return text
    wanted = text.casefold()
    keys = list(choices)
    if wanted.isdigit() and 1 <= int(wanted) <= len(keys):
        return keys[int(wanted) - 1]
    for key, labels in choices.items():
        if wanted == key.casefold() or any(wanted == label.casefold() for label in labels):
            return key
    return Rejected("invalid.choice")


_LIST_SEPARATORS = re.compile(r"\s*[,;，、；\n]\s*")


def validate_choices(value: str, choices: dict[str, tuple[str, ...]]) -> Result:
    """Several of `choices`, separated by commas (or 、), each as `validate_choice` takes it;
    stored comma-separated in the order the choices are declared."""
    picked = set()
    for part in _LIST_SEPARATORS.split(value.strip()):
        if not part:
            continue
        one = validate_choice(part, choices)
        if isinstance(one, Rejected):
            return Rejected("invalid.choices", {"value": part[:40]})
        picked.add(one)
    if not picked:
        return Rejected("invalid.choices", {"value": value.strip()[:40]})
    return ",".join(k for k in choices if k in picked)
