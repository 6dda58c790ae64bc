"""Postal addresses as duplicate evidence: parse, normalise, compare. Pure, no storage.

A person captured twice (a work number once, a mobile the next time) still lives or works at
one address, so the address is evidence, but only when it is compared by its parts: '1 Knox
Street, Byford 6122' and '4 Knox St, Byford' are one street with a slipped digit, 'Flat 2' and
'Flat 5' of one house are two households, and a whole-string ratio can tell neither.

`parse` splits an address into house number, street, unit, locality, postcode and country,
country-aware (postcode shapes and country names; Chinese addresses by their own markers:
省 市 区 路 号 室). `compare` gives an `AddressLevel` that the scorer turns into evidence and that
blocking can key on (`block_parts`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache

import jellyfish
from pypinyin import Style, lazy_pinyin
from rapidfuzz.distance import OSA, Levenshtein

from ocr.extract import simplified

# Street-type and unit words of English-speaking countries, in their usual abbreviations: the
# long and the short form must compare equal. General postal vocabulary, not anyone's data.
_STREET_TYPES = {
    "street": "street", "str": "street", "st": "street", "road": "road", "rd": "road",
    "avenue": "avenue", "av": "avenue", "ave": "avenue", "drive": "drive", "dr": "drive",
    "boulevard": "boulevard", "blvd": "boulevard", "lane": "lane", "ln": "lane",
    "court": "court", "ct": "court", "place": "place", "pl": "place", "square": "square",
    "sq": "square", "terrace": "terrace", "tce": "terrace", "crescent": "crescent",
    "cres": "crescent", "close": "close", "cl": "close", "way": "way", "highway": "highway",
    "hwy": "highway", "parkway": "parkway", "pkwy": "parkway", "circuit": "circuit",
    "cct": "circuit", "parade": "parade", "pde": "parade", "grove": "grove", "gr": "grove",
    "gardens": "gardens", "gdns": "gardens", "row": "row", "mews": "mews", "walk": "walk",
    "circle": "circle", "cir": "circle", "trail": "trail", "trl": "trail",
    "esplanade": "esplanade", "esp": "esplanade",
}  # fmt: skip
# A Chinese street's type in pinyin, as English-language cards and maps write it: 'Tianfu
# Dadao' (天府大道), 'Nanjing Lu' (南京路), 'Chang'an Jie' (长安街), 'Wangfujing Dajie'
# (王府井大街). Read as the English type the same street is also given, so that 'Tianfu Dadao'
# is 'Tianfu Ave' and the street's name is what `_latinised` compares with the characters'.
_STREET_TYPES.update({"lu": "road", "jie": "street", "dajie": "street", "dadao": "avenue"})
_GLUED_TYPES = tuple(sorted({v for v in _STREET_TYPES.values() if len(v) >= 4}, key=len))
"""Long type words typed onto the name ('oliverstreet'): split off when the rest is 3+ letters."""
_UNIT_WORDS = {
    "apt", "apartment", "unit", "suite", "ste", "flat", "room", "rm", "floor", "fl", "level",
    "lvl", "lot", "shop", "office", "studio", "bldg", "building", "#", "no",
}  # fmt: skip
_FLOORS = {"floor", "fl", "flr", "level", "storey", "story"}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_DIRECTIONS = {"north": "n", "south": "s", "east": "e", "west": "w"}

# Country names people write at the end of an address, to ISO 3166 codes.
_COUNTRIES = {
    "usa": "US", "us": "US", "united states": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "gb": "GB", "china": "CN", "prc": "CN",
    "中国": "CN", "中华人民共和国": "CN", "australia": "AU", "canada": "CA", "germany": "DE",
    "deutschland": "DE", "france": "FR", "singapore": "SG", "hong kong": "HK", "香港": "HK",
    "taiwan": "TW", "台湾": "TW", "japan": "JP", "日本": "JP", "new zealand": "NZ",
    "ireland": "IE", "india": "IN", "netherlands": "NL", "spain": "ES", "italy": "IT",
    "korea": "KR", "south korea": "KR", "republic of korea": "KR", "대한민국": "KR", "한국": "KR",
    "hong kong sar": "HK", "香港特别行政区": "HK", "香港特別行政區": "HK", "臺灣": "TW",
}  # fmt: skip
_HAN_REGION_CODES = {
    "香港": "HK", "台湾": "TW", "臺灣": "TW", "澳门": "MO", "澳門": "MO", "日本": "JP",
}  # fmt: skip
"""Where a Chinese-script address that starts with one of them is (they are written largest
part first): Hong Kong, Taiwan, Macau, Japan; any other is read as the mainland's."""
_US_STATES = frozenset({
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in",
    "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh",
    "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut",
    "vt", "va", "wa", "wv", "wi", "wy", "pr",
})  # fmt: skip
"""The US states' (and DC's, Puerto Rico's) postal abbreviations (USPS Publication 28)."""
_STATE_ZIP = re.compile(r"\b([a-z]{2})\.?\s+\d{5}(?:-\d{4})?\s*$")

_POSTCODES = (  # (country, pattern), most specific first
    ("GB", re.compile(r"\b([a-z]{1,2}\d[a-z\d]?) ?(\d[a-z]{2})\b")),
    ("CA", re.compile(r"\b([a-z]\d[a-z]) ?(\d[a-z]\d)\b")),
    ("US", re.compile(r"\b(\d{5})(?:-\d{4})\b")),
    ("JP", re.compile(r"\b(\d{3})-(\d{4})\b")),  # 〒100-0005, written so in Latin letters too
    ("", re.compile(r"\b(\d{4,6})\b")),
)
_TOKEN = re.compile(r"#?[^\W_]+(?:[/-][^\W_]+)*")

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_ANY = re.compile(f"[{_HAN}]")
_CN_PLACE = (
    r"(?P<province>[^省市区县]{2,7}?(?:省|自治区|特别行政区))?"
    r"(?P<city>[^省市区县]{2,7}?市)?"
    r"(?P<district>[^省市区县路街道号]{1,7}?(?:区|县|旗))?"
    r"(?P<town>[^区县路街道号]{1,7}?(?:镇|乡|街道))?"
    r"(?P<street>[^号]{1,14}?(?:大道|大街|路|街|道|巷|弄|胡同|里))?"
)
_CN_SEGMENTS = re.compile(_CN_PLACE + r"(?P<number>[0-9]+(?:-[0-9]+)?)号?" r"(?P<rest>.*)")
_CN_TOWER = re.compile(_CN_PLACE + r"(?P<number>[0-9a-z]{1,3})(?:座|栋|幢|号楼)(?P<rest>.*)")
"""A street's building by its letter or number with no house number ('武汉路E座', '科技园路3栋'):
read for comparison only (`Address.compared`)."""
_CN_UNIT = re.compile(r"([0-9a-z]+)(?:室|房|户)")
_CN_BUILDING = re.compile(r"([0-9a-z]+)(?:栋|幢|座|号楼)")
_CN_NUMERALS = str.maketrans("〇一二三四五六七八九", "0123456789")


@dataclass(frozen=True, slots=True)
class Address:
    """An address reduced to comparable parts; '' where a part is not written."""

    number: str  # house number, '25', '25a', '12-14'
    street: str  # street name without its type, folded: 'knox', '世纪'
    street_type: str  # abbreviated: 'st', '大道'
    unit: str  # flat, suite, room, building/room for Chinese addresses: '67', '3-1201'
    locality: str  # suburb, city, district; words space-separated
    postcode: str
    country: str  # ISO 3166 alpha-2 or ''
    grams: frozenset[str] = frozenset()  # letter trigrams of all the words, for `_loose`
    compared: Address | None = None
    """The parts comparison reads where they differ from those above (which the blocking keys
    are built from and read as they always were): a Chinese street's tower with no house
    number ('武汉路E座') is its number here."""
    # Read for comparison only (the blocking keys use the parts above as they were always
    # read): a post office box or military box number, and the military unit, postal service
    # centre or ship it belongs to ('UNIT 2050 BOX 4190, APO AP 96278': 'unit 2050', '4190').
    box: str = ""
    station: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.locality or self.postcode)


class AddressLevel(IntEnum):
    """How far two addresses agree, weakest first. MISSING: one side has none."""

    MISSING = 0
    DIFFERENT = 1
    SAME_AREA = 2  # same postcode or locality, another street
    SAME_STREET = 3  # same street and area, house numbers differ or one is missing
    SAME_BUILDING = 4  # same street and number, units differ or one is missing
    SAME = 5  # street, number and unit agree (allowing typos)


def _fold(text: str) -> str:
    if text.isascii():  # no width forms, no accents: the normalisations change nothing
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _country_at_end(text: str) -> tuple[str, str]:
    """('GB', text without it) when the address ends with a country's name."""
    stripped = text.rstrip(" ,.")
    for name in sorted(_COUNTRIES, key=len, reverse=True):
        if stripped.endswith(name):
            before = stripped[: -len(name)]
            if not before or not before[-1].isalnum() or _HAN_ANY.match(name):
                return _COUNTRIES[name], before.rstrip(" ,")
    return "", text


@lru_cache(maxsize=65536)
def parse(text: str | None, country: str = "") -> Address:
    """The parts of a written address; unknown shapes degrade to street/locality words."""
    if not text or not text.strip():
        return Address("", "", "", "", "", "", country)
    folded = _fold(text).replace("\n", ", ").replace("，", ", ")
    found, folded = _country_at_end(folded)
    country = found or country.upper()
    if _japanese(folded):
        parsed = _parse_japanese(folded)
    elif _HAN_ANY.search(folded):
        # Taiwan and Hong Kong write 號, 區, 樓 where the mainland writes 号, 区, 楼: one
        # address in either script is read alike ('蘇州市工業園區創業街1635號')
        folded = simplified(folded)
        start = next((r for r in _HAN_REGION_CODES if folded.lstrip().startswith(r)), "")
        parsed = _parse_han(folded, country or _HAN_REGION_CODES.get(start, "CN"))
    else:
        # The door without the box beside it ('BP 1204, 47 rue de la Paix'): the box's
        # number is no house number.
        parsed = _parse_latin(_BOX.sub(" ", folded), country)
    box, station = _postal(folded)
    grams = _grams(folded)
    if parsed.compared is not None:
        parsed = replace(parsed, compared=replace(parsed.compared, grams=grams))
    return replace(parsed, grams=grams, box=box, station=station)


# Mail delivered to a box, not a door (USPS Publication 28 and its equivalents elsewhere):
# 'PO Box 123', 'P.O. Box 9', 'GPO Box 1234', 'Post Office Box 7', 'Locked Bag 3'; and US
# military mail, 'UNIT 2050 BOX 4190, APO AP 96278', 'PSC 802 BOX 74, APO AE 09499', 'CMR 450
# BOX 2', 'USS Sea Devil, FPO AP 96666' (APO, FPO and DPO are the military post offices).
# Elsewhere a box has its own word: 'BP 1204' (boîte postale, France and francophone
# Africa), 'Postfach 10 12 34' (German), 'Postbus 250' (Dutch), 'Apartado 1234', 'Apdo.'
# (Spanish), 'Casilla 567' (Chile, Argentina), 'Caixa Postal 12' (Portuguese); a French
# firm's card gives it beside the street, 'BP 1204, 47 rue de la Paix'.
_BOX = re.compile(
    r"\b(?:(?:(?:g\.?\s*)?p\.?\s*o\.?\s*|post\s+office\s+)?box|locked\s+bag"
    r"|b\.?\s?p\.?|postfach|postbus|apartado(?:\s+de\s+correos)?|apdo\.?"
    r"|casilla(?:\s+de\s+correos?)?|caixa\s+postal)\s*"
    r"(?:no\.?\s*|#\s*)?(\d+[a-z]?(?:\s\d{2}){0,2})(?![\w/-])"
)
_MILITARY_POST = re.compile(r"\b[adf]po\b")
_MILITARY_STATION = re.compile(r"\b(unit|psc|cmr)\s*#?\s*(\d+)\b")
_SHIP = re.compile(r"\b(us[a-z]{1,3})\s+([a-z][a-z ]*?)\s*(?:,|\bfpo\b|$)")


def _postal(folded: str) -> tuple[str, str]:
    """(box number, station) of a box or military address; ('', '') for a door's."""
    box = m.group(1).replace(" ", "") if (m := _BOX.search(folded)) else ""
    station = ""
    if _MILITARY_POST.search(folded):
        if m := _MILITARY_STATION.search(folded):
            station = f"{m.group(1)} {m.group(2)}"
        elif not box and (m := _SHIP.search(folded)):
            station = f"{m.group(1)} {m.group(2).strip()}"
    return box, station


def _grams(folded: str) -> frozenset[str]:
    """Trigrams of the address's words with types in one form, numbers and spaces gone."""
    words = [_STREET_TYPES.get(w, w) for w in re.findall(r"[^\W\d_]+", folded)]
    text = "".join(words)
    return frozenset(text[i : i + 3] for i in range(len(text) - 2))


_KANA = re.compile(r"[\u3040-\u30ff]")
_JP_PREFECTURE = re.compile(r"(?:東京都|北海道|大阪府|京都府|[^\W\d_]{2,3}?県)")
_JP_BLOCK = re.compile(r"(\d+)(?:丁目|-)(\d+)(?:(?:番地?|-)(\d+))?号?")
"""A Japanese address's block: chōme, banchi, gō ('9丁目14番13号', '9-14-13'). With the
postcode it names one building, however the district's name is written."""
_JP_UNIT = re.compile(r"(\d+)\s*(?:f|階)\b|(\d+)\s*(?:号室|室)")


def _japanese(folded: str) -> bool:
    """Kana, a 〒, or a prefecture (県 is Japanese only; 都/道/府 only in Japan's four names)
    at the start: Chinese addresses have none of them."""
    if not _HAN_ANY.search(folded):
        return False
    if "〒" in folded or _KANA.search(folded) or "丁目" in folded:
        return True
    return bool(_JP_PREFECTURE.match(re.sub(r"^[\d\s-]+", "", folded)))


def _parse_japanese(text: str) -> Address:
    """'〒530-0001 大阪府大阪市北区梅田9-27-4': postcode, block number and floor as numbers,
    which its English form ('9-27-4 Umeda, Kita-ku, Osaka 530-0001') writes alike; the place
    names stay in characters (locality: up to the ward or town; street: the district)."""
    postcode = ""
    if m := re.search(r"〒?\s*(\d{3})-?(\d{4})(?!\d)", text):
        postcode, text = m.group(1) + m.group(2), text[: m.start()] + text[m.end() :]
    number = street = locality = ""
    rest = text
    if m := _JP_BLOCK.search(text):
        number = "-".join(g for g in m.groups() if g)
        place, rest = re.sub(r"[\s,]+", "", text[: m.start()]), text[m.end() :]
        place = _JP_PREFECTURE.sub("", place, count=1)
        cut = max((place.rfind(c) for c in "市区郡町村"), default=-1)
        locality, street = place[: cut + 1], place[cut + 1 :]
    unit = ""
    if u := _JP_UNIT.search(rest):
        unit = u.group(1) or u.group(2)
    return Address(number, street, "", unit, locality, postcode, "JP")


def _parse_han(text: str, country: str) -> Address:
    text = re.sub(r"\s+", "", text.translate(_CN_NUMERALS))
    postcode = ""
    if m := re.search(r"(?<![0-9])([0-9]{6})(?![0-9])", text):
        postcode, text = m.group(1), (text[: m.start()] + text[m.end() :])
    m = _CN_SEGMENTS.match(text)
    if m is None or not m.group("number"):
        unread = Address("", text, "", "", "", postcode, country)
        if (tower := _CN_TOWER.match(text)) and tower.group("street"):
            return replace(unread, compared=_han_parts(tower, postcode, country))
        return unread
    return _han_parts(m, postcode, country)


def _han_parts(m: re.Match[str], postcode: str, country: str) -> Address:
    street = m.group("street") or ""
    street_type = ""
    for suffix in ("大道", "大街", "胡同", "路", "街", "道", "巷", "弄", "里"):
        if street.endswith(suffix):
            street, street_type = street[: -len(suffix)], suffix
            break
    locality = " ".join(
        (m.group(g) or "").rstrip("省市区县旗镇乡") for g in ("city", "district", "town")
    ).split()
    rest = m.group("rest")
    building = _CN_BUILDING.search(rest)
    room = _CN_UNIT.search(rest)
    unit = "-".join(x.group(1) for x in (building, room) if x)
    return Address(m.group("number"), street, street_type, unit, " ".join(locality), postcode,
                   country)  # fmt: skip


def _postcode(text: str, country: str) -> tuple[str, str, str]:
    """(postcode, its country if the shape tells, text without it); the last match wins."""
    for shape, pattern in _POSTCODES:
        if shape and country and shape != country:
            continue
        matches = list(pattern.finditer(text))
        if not shape:  # a bare 4-6 digit run is a postcode only after a street's words
            matches = [m for m in matches if re.search(r"[^\W\d_]", text[: m.start()])
                       and not _numbers_a_street(text[m.end() :])]  # fmt: skip
        if matches:
            m = matches[-1]
            code = "".join(g for g in m.groups() if g)
            return code, shape, text[: m.start()] + " " + text[m.end() :]
    return "", "", text


def _numbers_a_street(after: str) -> bool:
    """'1069 Caoxi Rd N.': a number followed, before the next comma, by a street's name and
    type is the house number, not a postcode (which ends an address or precedes the town)."""
    words = re.findall(r"[^\W\d_]+", after.split(",", 1)[0])
    return any(w in _STREET_TYPES for w in words[1:4])


def _unglue(word: str) -> list[str]:
    if word in _STREET_TYPES:
        return [word]
    for kind in _GLUED_TYPES:
        if word.endswith(kind) and len(word) - len(kind) >= 3:
            return [word[: -len(kind)], kind]
    return [word]


def _leads_a_street(tokens: list[str], i: int) -> bool:
    """tokens[i] is a number opening its part ('1380', or after 'No.') and a word follows:
    '1380 Jiefang Dadao', where a street's name follows its house number."""
    opening = i == 0 or (i == 1 and tokens[0] == "no")
    return opening and i + 1 < len(tokens) and tokens[i + 1].isalpha()


# Canada Post writes a suite before the civic number with a hyphen: '12A-1028 Wellington St'
# is suite 12A at number 1028 (Canadian Addressing Guide). Not in the US, where Queens' '123-45
# 67th Ave' is one house number.
_CA_UNIT_CIVIC = re.compile(r"\d+[a-z]?-\d+[a-z]?")


def _parse_latin(text: str, country: str) -> Address:
    state = _STATE_ZIP.search(text.rstrip(" ,."))
    code, shape, text = _postcode(text, country)
    # 'Denver, CO 80294': a state's abbreviation before a ZIP code ends a US address.
    country = country or shape or ("US" if state and state.group(1) in _US_STATES else "")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    number = unit = street = street_type = ""
    locality: list[str] = []
    street_done = False
    for part in parts:
        tokens = _TOKEN.findall(part)
        words: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            bare = tok.lstrip("#")
            after_unit = i > 0 and tokens[i - 1] in _UNIT_WORDS  # 'Flat No 5' is the flat
            if (
                tok == "no"
                and not (number or after_unit)
                and i + 1 < len(tokens)
                and tokens[i + 1][:1].isdigit()
            ):
                tok = bare = tokens[i + 1]  # 'No. 538 Wensan Rd': the house number
                i += 1
            if tok in _UNIT_WORDS or tok.startswith("#"):
                value = bare if tok.startswith("#") and bare else None
                following = tokens[i + 1] if i + 1 < len(tokens) else ""
                if value is None and any(c.isdigit() for c in following):
                    value, i = following, i + 1
                if value and not unit:
                    unit = value
                i += 1
                continue
            if re.fullmatch(r"\d+/?f", bare):  # '15/F', '23F': a floor, not a house
                i += 1
                continue
            if _ORDINAL.fullmatch(bare) and i + 1 < len(tokens) and tokens[i + 1] in _FLOORS:
                i += 2  # '11th Floor': a floor, not a house ('5th Avenue' stays a street)
                continue
            if bare[:1].isdigit() and not number and street_done and _leads_a_street(tokens, i):
                # 'Times Square, No. 1380 Jiefang Dadao': the street has the house number;
                # the part read as one before it without a number named a building or estate
                locality.extend(street.split())
                street, street_type, street_done = "", "", False
            if bare[:1].isdigit() and not street_done and not number:
                if "/" in bare:  # '3/25 Pike Pl': unit 3, number 25
                    unit, _, bare = bare.partition("/")
                elif country == "CA" and _CA_UNIT_CIVIC.fullmatch(bare):
                    unit, _, bare = bare.partition("-")
                number = bare
                i += 1
                continue
            words.extend(_unglue(_DIRECTIONS.get(tok, tok)))
            i += 1
        if not words:
            continue
        if not street_done and (number or _STREET_TYPES.get(words[-1])):
            cut = next((k for k, w in enumerate(words) if k and w in _STREET_TYPES), None)
            if cut is not None:  # '2150 holloway st leeds': the type ends the street
                street_type = _STREET_TYPES[words[cut]]
                locality.extend(w for w in words[cut + 1 :] if not w.isdigit())
                words = words[:cut]
            street, street_done = " ".join(words), True
        else:
            locality.extend(w for w in words if not w.isdigit())
    if not street_done and locality and not number:
        street, locality = locality[0], locality[1:]
    return Address(number, street, street_type, unit, " ".join(locality), code, country)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


STREET_SIMILAR = 0.8
"""'pike' / 'mike', 'holloway' / 'hollowya': one slip in a street name of 4+ letters."""
LOCALITY_SIMILAR = 0.8


def _compact(a: Address) -> str:
    """'tweed p lace' and 'tweed place' are one street once spaces go."""
    return (a.street + a.street_type).replace(" ", "")


def _street_similarity(a: Address, b: Address) -> float:
    """Street names alike; a street whose type was mistyped ('Pike Mlace') has an unknown last
    word and no type, so it is also read without that word."""
    value = max(_similar(a.street, b.street), _similar(_compact(a), _compact(b)))
    first_a, first_b = a.street.partition(" ")[0], b.street.partition(" ")[0]
    if a.number and a.number == b.number and min(len(first_a), len(first_b)) >= 4:
        # '13 pearson treet hazelwood': an unread type left the street unbounded
        value = max(value, _similar(first_a, first_b))
    for x, y in ((a, b), (b, a)):
        if _city_run_in(x, y):
            value = max(value, _similar(x.street_type, y.street_type) if x.street_type else 1.0)
        words = x.street.split()
        if not x.street_type and y.street_type and len(words) > 1:
            value = max(value, _similar(" ".join(words[:-1]), y.street))
            # With no type read, the locality ran on into the street ('fox pblace malvern
            # east', 'darlints treet exton'): its first words against the other's street.
            k = len(y.street.split())
            for n in (k, k + 1):
                value = max(value, _similar("".join(words[:n]), _compact(y)))
    return value


def _city_run_in(x: Address, y: Address) -> bool:
    """'湖北省武汉解放大道' against '武汉市洪山区解放大道': with 市 left out the city reads as
    the start of the street's name. So it is when what x's street has before y's is a place
    y names."""
    if not (y.street and x.street != y.street and x.street.endswith(y.street)):
        return False
    place = x.street[: -len(y.street)]
    return len(place) >= 2 and bool(_HAN_ANY.match(place)) and any(
        w.startswith(place) for w in y.locality.split()
    )


def _area(a: Address, b: Address) -> bool | None:
    """Same area by postcode or locality; None when neither side says."""
    verdicts = []
    other_code = False
    if a.postcode and b.postcode:
        verdicts.append(same_code := OSA.distance(a.postcode, b.postcode) <= 1)
        other_code = not same_code
    if a.locality and b.locality:
        # Any word in common places two addresses together when their postcodes agree or are
        # not written; when the postcodes differ, the words that name the place must (the
        # longest of each): 'Port Marian' / 'Port Jayborough', 'New Haven' / 'New Milford' and
        # two suburbs of one state ('… Port Pirie NSW' / '… Pakenham NSW') share only a word.
        words_a, words_b = _place_words(a.locality), _place_words(b.locality)
        shared = (
            _similar(_longest(words_a), _longest(words_b)) >= LOCALITY_SIMILAR
            if other_code
            else bool(words_a & words_b)
        )
        verdicts.append(_similar(a.locality, b.locality) >= LOCALITY_SIMILAR or shared
                        or _han_within(a.locality, b.locality))  # fmt: skip
    if a.country and b.country and a.country != b.country:
        return False
    return any(verdicts) if verdicts else None


def _longest(words: set[str]) -> str:
    return max(words, key=lambda w: (len(w), w), default="")


def _place_words(locality: str) -> set[str]:
    """The words that name a place: not a direction's letter ('South Neilburgh' and 'South
    Angelamouth' share only 's'), nor a Latin word shorter than 3 letters."""
    return {w for w in locality.split() if len(w) >= 3 or _HAN_ANY.match(w)}


_BLOCK_NUMBER = re.compile(r"(\d+)-\d+-\d+")
"""A Japanese address's number, chome-banchi-go ('8-14-20 Minatomirai'): the name before it is
a district, the numbers its block and building, so it has no street to share."""


def _other_block(x: str, y: str) -> bool:
    """Two chome-banchi-go numbers in another chome: another part of the district."""
    bx, by = _BLOCK_NUMBER.fullmatch(x), _BLOCK_NUMBER.fullmatch(y)
    return bx is not None and by is not None and bx.group(1) != by.group(1)


def _number_slip(x: str, y: str) -> bool:
    """Two digits swapped or one doubled or dropped ('74'/'47', '11'/'1', '159'/'59'): a typo
    of one number far more often than the house across the road, which differs by a changed
    digit ('12'/'13') and stays another house."""
    if not (x.isdigit() and y.isdigit()):
        return False
    if len(x) == len(y):
        return sorted(x) == sorted(y) and OSA.distance(x, y) == 1
    short, long = sorted((x, y), key=len)
    return len(long) == len(short) + 1 and Levenshtein.distance(x, y) == 1


def _han_within(a: str, b: str) -> bool:
    """深圳 and 深圳罗湖 (the city, and the city run into its district when 市 is left out):
    one Chinese place name of 2+ characters inside the other's."""
    words_a, words_b = a.split(), b.split()
    return any(
        len(x) >= 2 and _HAN_ANY.match(x) and x in y
        for xs, ys in ((words_a, words_b), (words_b, words_a))
        for x in xs
        for y in ys
    )


def _same_postcode(a: Address, b: Address) -> bool:
    return bool(a.postcode and b.postcode) and OSA.distance(a.postcode, b.postcode) <= 1


LOOSE_SIMILAR = 0.7
"""Share of letter trigrams two addresses' words have in common (Dice) at which they read as
one place even if their parts could not be lined up: 'stanleykstreet miami winstonbhills'."""


def _loose(a: Address, b: Address) -> bool:
    if not (a.grams and b.grams):
        return False
    return 2 * len(a.grams & b.grams) / (len(a.grams) + len(b.grams)) >= LOOSE_SIMILAR


def _in_han(a: Address) -> bool:
    return bool(_HAN_ANY.search(a.street + a.locality))


_HAN_DIGITS = dict(
    zip(
        "0123456789", ("ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu"), strict=True
    )
)
_HAN_DIRECTIONS = {"东": "e", "南": "s", "西": "w", "北": "n"}


def _roman(text: str) -> str:
    """Pinyin, digits read as Chinese numerals (文三路 was parsed as 文3: 'Wensan Rd')."""
    text = "".join(_HAN_DIGITS.get(c, c) for c in text)
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).replace(" ", "")


def _place_runs(word: str) -> tuple[str, ...]:
    """A locality word in characters, and for one of four its two halves: '杭州西湖' is the
    city and the district run together (杭州西湖区, with 市 left out), which an English address
    writes as two words ('Xihu District, Hangzhou'). Most Chinese place names are two
    characters; the whole run stays too, for a four-character name."""
    if len(word) == 4 and _HAN_ANY.fullmatch(word[0]) and _HAN_ANY.fullmatch(word[-1]):
        return (word, word[:2], word[2:])
    return (word,)


@lru_cache(maxsize=4096)
def _latinised(a: Address, whole: bool = False) -> Address:
    """A Chinese address in the terms of its English translation: street and places in
    pinyin, a trailing 东/南/西/北 as the direction word ('文一西路' = 'Wenyi West Road'),
    the room alone as the unit ('30-2603' = 'Rm 2603, Building 30'). `whole`: the street's
    name read as one word, direction and all: 江南大道 is 'Jiangnan Dadao', not a south of 江
    (中南路 is written both 'Zhongnan Road' and 'Zhong South Road')."""
    if not _in_han(a):
        return a
    street, direction = a.street, ""
    if not whole and len(street) > 1 and street[-1] in _HAN_DIRECTIONS:
        street, direction = street[:-1], _HAN_DIRECTIONS[street[-1]]
    street = " ".join(w for w in (_roman(street), direction) if w)
    locality = " ".join(_roman(p) for w in a.locality.split() for p in _place_runs(w))
    return replace(a, street=street, street_type="", unit=a.unit.rpartition("-")[2],
                   locality=locality, grams=frozenset())  # fmt: skip


def _postal_level(a: Address, b: Address) -> AddressLevel:
    """Box and military addresses: a post office (or a unit, a ship) holds many boxes, so
    another box there is another person's, as another flat is, and a box is no street
    ('Unit 1234 Box 5678' and 'Unit 4321 Box 8765' of one APO share nothing but the post
    office). A box against a door: the same area at most."""
    if a.postcode and b.postcode:
        area: bool | None = _same_postcode(a, b)
    else:
        area = _area(a, b)
    if area is False:
        return AddressLevel.DIFFERENT
    near = AddressLevel.SAME_AREA if area else AddressLevel.DIFFERENT
    if not ((a.box or a.station) and (b.box or b.station)):
        return near  # a box (or a ship) and a door
    if a.station and b.station and a.station != b.station:
        return near  # another unit, service centre or ship
    if a.box and b.box:
        if a.box == b.box:
            return AddressLevel.SAME
        return AddressLevel.SAME_BUILDING if _number_slip(a.box, b.box) else near
    if a.station and a.station == b.station:
        return AddressLevel.SAME_STREET  # one ship or unit, a box on one side only
    return near


def compare(a: Address, b: Address) -> AddressLevel:
    """The level two parsed addresses agree at; both in one place's terms."""
    if a.is_empty or b.is_empty:
        return AddressLevel.MISSING
    level = _compare_parsed(a, b)
    if level < AddressLevel.SAME_STREET and (_place_of(a, b) or _place_of(b, a)):
        return AddressLevel.MISSING
    return level


def _compare_parsed(a: Address, b: Address) -> AddressLevel:
    a, b = a.compared or a, b.compared or b
    if (a.box or a.station or b.box or b.station) and not _doors_beside(a, b):
        return _postal_level(a, b)
    if _in_han(a) != _in_han(b):  # one written in characters, one in English
        han = a if _in_han(a) else b
        if han.street[-1:] in _HAN_DIRECTIONS and len(han.street) > 1:
            # the direction read off as a word, or the street's name read whole: the nearer
            return max(_compare_read(_latinised(a), _latinised(b)),
                       _compare_read(_latinised(a, True), _latinised(b, True)))  # fmt: skip
        a, b = _latinised(a), _latinised(b)
    return _compare_read(a, b)


def _place_of(place: Address, full: Address) -> bool:
    """One record gives only a town ('Teixeira', 'South Jason', 江苏省南京), which the other's
    full address lies in: the parser reads a lone word as a street, so the two would count as
    two streets, where the first says no more than where the other is. Weighed as no address
    (neither for nor against): two people of one name in one town are common enough."""
    if place.number or place.unit or place.postcode or place.box or place.station:
        return False
    if place.street_type:
        return False  # 'Smith Road': a street, compared as one
    if not (full.number or full.unit) or not place.grams:
        return False
    return place.grams <= full.grams


def _compare_read(a: Address, b: Address) -> AddressLevel:
    """`compare` once both addresses are in one script."""
    if _other_block(a.number, b.number):
        return min(_strict(a, b), AddressLevel.SAME_AREA)
    strict = _strict(a, b)
    if strict >= AddressLevel.SAME_STREET or not _loose(a, b) or _two_buildings(a, b):
        return strict
    if a.postcode and b.postcode and not _same_postcode(a, b) and not _one_number(a, b):
        return strict  # words alike in two postcodes: a named estate's two roads, two towns
    # Parts swapped or a street type mistyped: the words still agree as a whole.
    if a.unit and b.unit and a.unit != b.unit:
        return AddressLevel.SAME_BUILDING
    if a.number and b.number and a.number != b.number:
        return AddressLevel.SAME_STREET
    return AddressLevel.SAME if a.number and b.number else AddressLevel.SAME_STREET


def _doors_beside(a: Address, b: Address) -> bool:
    """A box on one record only, and a street and house number on both: a firm's card gives
    its box beside its door ('BP 1204, 47 rue de la Paix'), another card leaves the box off,
    so the doors are compared as any two are."""
    one_box = bool(a.box) != bool(b.box) and not (a.station or b.station)
    return one_box and all(x.street and x.number for x in (a, b))


def _two_buildings(a: Address, b: Address) -> bool:
    """Two named streets, each with its own house number and unit ('中山大道1396号环球大厦
    30层3003室' / '黄河大道788号环球大厦3层312室'): two offices in two buildings, however many
    words the two share besides (a tower's name such as 环球大厦 is on many streets of one
    city). A typo in a street and its number, with no unit to differ, stays one street."""
    return (
        bool(a.street and b.street and a.number and b.number and a.unit and b.unit)
        and a.number != b.number
        and a.unit != b.unit
        and _street_similarity(a, b) < STREET_SIMILAR
    )


def _one_number(a: Address, b: Address) -> bool:
    """One house number on both: with the words alike, a postcode mistyped or misremembered."""
    return bool(a.number) and a.number == b.number


def _strict(a: Address, b: Address) -> AddressLevel:
    area = _area(a, b)
    if area is False:
        return AddressLevel.DIFFERENT
    street = _street_similarity(a, b) >= STREET_SIMILAR
    if not street:
        if area and a.number and a.number == b.number and _same_postcode(a, b):
            # One house number in one postcode, the street written otherwise or left out
            # ('75 White Cres, Summer Hill 7018' / '75 Summer Hill 7018'): as near as one street.
            return AddressLevel.SAME_STREET
        return AddressLevel.SAME_AREA if area else AddressLevel.DIFFERENT
    if a.number and b.number and a.number != b.number:
        if area and _number_slip(a.number, b.number):
            return AddressLevel.SAME_BUILDING
        return AddressLevel.SAME_STREET  # `area` is not False past the first test
    if not (a.number and b.number):
        if not (a.number or b.number) and a.unit and a.unit == b.unit:
            # 'Flat 506, Shanti Niwas, Anna Salai' / '#506, Shanti Niwas, Anna Salai': where
            # buildings go by name, not number, one flat in the named building is one home.
            return AddressLevel.SAME_BUILDING
        return AddressLevel.SAME_STREET
    if a.unit and b.unit and a.unit != b.unit:
        return AddressLevel.SAME_BUILDING
    if (a.unit or b.unit) and not (a.unit and b.unit):
        return AddressLevel.SAME_BUILDING
    return AddressLevel.SAME


def level(a: str | None, b: str | None) -> AddressLevel:
    return compare(parse(a), parse(b))


def _phonetic(word: str) -> str:
    """A word's sound for keys; Chinese in pinyin first, so that 杭州 and 'Hangzhou' (an
    address written once in characters, once in English) share their locality's key."""
    if _HAN_ANY.search(word):
        word = "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")) or word
    if not word.isascii() or not word.isalpha():
        return word[:4]
    return jellyfish.metaphone(word)[:4] or word[:4]


def block_parts(address: Address) -> set[str]:
    """Short, typo-tolerant handles of where someone is, for blocking keys with a name part:
    the postcode, the house number, the street's sound, the locality's first and last words'
    sounds (suburb or district, and city). A typo in one of them leaves the others."""
    parts: set[str] = set()
    if address.postcode:
        parts.add(f"z{address.postcode}")
    if address.street:
        parts.add("s" + "".join(_phonetic(w) for w in address.street.split()[:2]))
    if address.number:
        parts.add(f"n{address.number}")
    words = [w for w in address.locality.split() if len(w) > 3] or address.locality.split()
    if words:
        parts.update(f"l{_phonetic(w)}" for w in {words[0], words[-1]})
    return parts


def household(address: Address) -> str:
    """House number and street sound: one building (a family, an office) whatever the names
    say, so that a record whose name was mistyped beyond recognition is still compared (and
    the name decides). '' without both."""
    if not (address.number and address.street):
        return ""
    return address.number + "".join(_phonetic(w) for w in address.street.split()[:2])


def clear_caches() -> None:
    parse.cache_clear()
    _latinised.cache_clear()
