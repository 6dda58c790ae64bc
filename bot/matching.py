"""Duplicate matching for contacts: pure functions over plain data, no storage, no Telegram.

Two reps capturing the same person is the commonest CRM data-quality failure, so every save is
checked before it is committed. Matching never compares all pairs: `blocking_keys` gives each
contact a handful of short strings a database can index, the storage layer finds the contacts
sharing any key with the new one, `worth_reading` picks which of them to read, and
`find_candidates` scores those; `scan` does the same in memory for a batch. A pair can only be
a duplicate if it shares a key, so the keys are built from the same evidence `score` accepts:
phone, email, or a name together with company, email domain or address. No key is a name on
its own: 王伟 and John Smith would make huge blocks.

Scores are Fellegi-Sunter probabilities in 0..1 (bot/linkage.py: per-comparison weights,
estimated from the deployment's own contacts by `estimate_model`), capped by a few rules the
weights cannot learn without labels (`_score`), with reason codes (see `REASON_CODES`) and the
weighed evidence (`Match.evidence`); the bot turns both into text. Addresses are compared by
their parts (bot/address.py).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations, islice, pairwise, permutations, product

import jellyfish
import phonenumbers
import pykakasi
from nicknames import NickNamer
from pykakasi.kanji import Kanwa
from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style.wadegiles import to_wade_glides
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from bot import address as addresses
from bot import job_titles, linkage
from bot.address import Address, AddressLevel
from ocr.extract import FREE_MAIL, GLYPH_SLIPS, free_mail, repair_tld, simplified

DEFAULT_THRESHOLD = 0.8
"""Score at or above which a pair is called a duplicate; a setting, this is its default."""

DEFAULT_REGION = "CN"
"""Region for phone numbers written without a country code (matches Settings.default_region)."""

MAX_BLOCK = 200
"""Blocks larger than this (a switchboard, a giant employer) are compared by sorted
neighbourhood instead of all pairs; storage should also LIMIT a per-key fetch to about this."""

SMALL_BLOCK = 32
"""A per-save check reads every contact of a block up to this size; of a larger one (an office
line, a common name at a big firm) only those that share a second key with the new contact."""

READ_BUDGET = 16
"""Most contacts a per-save check reads (`worth_reading`): bounds its cost at any size."""

NEIGHBOURHOOD = 8
"""How many neighbours each member of an oversize block is compared with, in name order."""

# Reason codes, strongest first in a Match. The chat layer owns the texts (en and zh).
SAME_PHONE = "same_phone"
SAME_EMAIL = "same_email"
SAME_SWITCHBOARD = "same_switchboard"
SHARED_EMAIL = "shared_email"
SIMILAR_NAME_SAME_COMPANY = "similar_name_same_company"
SIMILAR_NAME_SAME_EMAIL_DOMAIN = "similar_name_same_email_domain"
SIMILAR_NAME_SAME_ADDRESS = "similar_name_same_address"
SIMILAR_NAME = "similar_name"
DIFFERENT_NAME = "different_name"
PINYIN_NAME = "pinyin_name"
SWAPPED_NAME = "swapped_name"
NICKNAME = "nickname"
NEW_SURNAME = "new_surname"
LINKED = "linked"
REASON_CODES = (
    SAME_PHONE,
    SAME_EMAIL,
    SAME_SWITCHBOARD,
    SHARED_EMAIL,
    SIMILAR_NAME_SAME_COMPANY,
    SIMILAR_NAME_SAME_EMAIL_DOMAIN,
    SIMILAR_NAME_SAME_ADDRESS,
    SIMILAR_NAME,
    DIFFERENT_NAME,
    PINYIN_NAME,
    SWAPPED_NAME,
    NICKNAME,
    NEW_SURNAME,
    LINKED,
)

# Name similarity levels (0..1) the rules speak of.
SIMILAR_NAME_LEVEL = 0.84
"""At or above: the same name allowing a typo, a nickname, an order swap or romanization."""
DIFFERENT_NAME_LEVEL = 0.6
"""Below: clearly another person, whatever phone or email they share."""
SAME_COMPANY_LEVEL = 0.88
HOMOPHONE_WEIGHT = 0.8
"""Two Chinese names with the same pinyin but other characters (王伟/王薇) are usually two people;
an input-method slip is possible, so they count as 'not clearly different' but not 'similar'."""


@dataclass(frozen=True)
class Person:
    """What matching needs of a contact."""

    id: int | None
    name: str
    company: str | None = None
    phone: str | None = None  # E.164, may carry ";ext=12"; other formats are tolerated
    email: str | None = None
    address: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[tuple[str, str, float], ...] = ()
    """(comparison, level, weight in bits) from `linkage.Model.evidence`, strongest first."""

    def is_duplicate(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        return self.score >= threshold


# --------------------------------------------------------------------------- text folding

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff"  # the katakana middle dot (30fb) parts names
_KANA_ANY = re.compile(f"[{_KANA}]")
_NAME_RUN = re.compile(f"[{_HAN}{_KANA}]+")  # a Japanese given name may be kana: 加藤さゆり
_HAN_ANY = re.compile(f"[{_HAN}]")
_WORD = re.compile(r"[^\W_]+")
_HAN_GAP = re.compile(f"(?<=[{_HAN}])\\s+(?=[{_HAN}])")
_PARENS = re.compile(r"[(（\[【].*?[)）\]】]")


def _fold(text: str) -> str:
    """Case, width and accents must not decide a match: 'José', 'JOSE' and 'ｊｏｓｅ' are one."""
    if text.isascii():  # no width forms, no accents: the normalizations change nothing
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@lru_cache(maxsize=65536)
def _pinyin(han: str) -> str:
    """Toneless pinyin, no spaces: the way Chinese contacts get typed in Latin letters."""
    return _fold("".join(lazy_pinyin(han, style=Style.NORMAL, v_to_u=True, errors="ignore")))


# --------------------------------------------------------------------------- names


def _wordset(*text: str) -> frozenset[str]:
    """Word lists stay readable as prose-like strings."""
    return frozenset(" ".join(text).split())


_HONORIFICS = _wordset(
    "mr mrs ms miss mx dr prof sir madam dame jr sr ii iii iv phd md dds dvm esq mba cpa"
)


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    """Given-name variants from the `nicknames` package (a maintained, hand-curated table of
    English names and their diminutives, shipped in the wheel): loaded once, on first use."""
    return NickNamer()


@lru_cache(maxsize=16384)
def _nick_forms(word: str) -> frozenset[str]:
    """The word and every name it is a nickname of or for: 'bill' -> robert, william, will...
    A pet form the table spells otherwise is read as the spelling it knows (`_pet_spellings`):
    'Suzy' as Suzie and Susie, so as Susan."""
    nn = _nicknamer()
    forms = {word} | nn.canonicals_of(word) | nn.nicknames_of(word)
    if len(forms) == 1:
        for spelling in _pet_spellings(word):
            forms |= nn.canonicals_of(spelling) | nn.nicknames_of(spelling)
    return frozenset(forms)


_PET_ENDINGS = ("ie", "y", "i", "ey", "ee")
"""English pet forms end in any of these as their bearers spell them: Suzy, Suzie, Susi."""


def _pet_spellings(word: str) -> list[str]:
    """The other spellings of a pet form: its ending (-ie, -y, -i, -ey, -ee) swapped, and an s
    for its z (Suzy / Susie, Mandi / Mandy, Dannie / Danny). Only for names of 4+ letters
    with such an ending: the table's own spellings differ no more than that."""
    ending = next((e for e in _PET_ENDINGS if word.endswith(e)), "")
    if len(word) < 4 or not ending or not word.isalpha():
        return []
    stem = word[: -len(ending)]
    stems = dict.fromkeys((stem, stem.replace("z", "s"), stem.replace("s", "z")))
    return [s + e for s in stems for e in _PET_ENDINGS if s + e != word]


@lru_cache(maxsize=16384)
def _canonical(word: str) -> str:
    """One deterministic form for keys: the linked name with most variants ('bob' -> 'robert').
    Comparison does not rely on it (Bill is Robert's and William's), `_nick_related` does."""
    nn = _nicknamer()
    linked = nn.canonicals_of(word)
    if not linked:
        return word
    return max({word, *linked}, key=lambda c: (len(nn.nicknames_of(c)), c))


def _nick_related(a: str, b: str) -> bool:
    if _feminine_form(a, b) or _feminine_form(b, a):
        return False  # the table links Louis and Louise; a couple is not one person
    return len(a) > 1 and len(b) > 1 and (b in _nick_forms(a) or a in _nick_forms(b))


# Polyphonic characters read differently as surnames than pypinyin's default reading.
_SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "查": "zha", "仇": "qiu", "朴": "piao",
    "盖": "ge", "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin", "员": "yun", "燕": "yan",
    "种": "chong", "秘": "bi", "召": "shao", "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi",
}  # fmt: skip
_COMPOUND_SURNAMES = _wordset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 南宫 端木 "
    "西门 万俟 独孤 澹台 公冶 宗政 濮阳 太史 申屠 闻人 赫连 呼延 百里 东郭 拓跋"
)
_MAX_NAME_TOKENS = 4
# Keyboards have no ü: 吕 is typed Lv or Lyu (passports), pypinyin gives lü, folded to lu.
_PINYIN_V = {"lv": "lu", "lyu": "lu", "nv": "nu", "nyu": "nu", "lve": "lue", "nve": "nue"}


@dataclass(frozen=True, slots=True)
class _Name:
    """A name reduced to what comparison needs; `han` keeps the characters of a Chinese name."""

    tokens: tuple[str, ...]  # romanized, folded, nickname-canonical
    raw: tuple[str, ...]  # romanized, folded, as written
    han: tuple[str, ...] | None  # (surname, given) in characters, or None for a Latin name
    generation: str = ""  # 'jr', 'sr', 'ii', 'iii': a father and son share everything else
    written: tuple[str, ...] = ()  # a Chinese or Japanese name's two parts as spaced: 浩 小林
    english: str = ""  # the English given name written beside a Chinese one: 董娜 Leo
    middle: str = ""  # middle initials as written ('s' of 'William S. Smith'), out of `raw`
    dotted: bool = False  # each middle initial written with its full stop ('S.', not 'S')
    # the characters read as Japanese, the usual reading first: 佐藤健一 ('sato', 'kenichi')
    readings: tuple[tuple[str, ...], ...] = ()


def _han_name(han: str) -> _Name:
    """Chinese names are surname first; pinyin joins the given name ('Wang Xiaoming')."""
    if "·" in han:  # transliterated foreign names: 迈克尔·乔丹
        parts = tuple(han.split("·"))
        tokens = tuple(_pinyin(p) for p in parts)
        return _Name(tokens, tokens, parts)
    cut = 2 if han[:2] in _COMPOUND_SURNAMES and len(han) > 2 else 1
    surname, given = han[:cut], han[cut:]
    parts = (surname, given) if given else (surname,)
    tokens = (_SURNAME_READINGS.get(surname) or _pinyin(surname), *map(_pinyin, parts[1:]))
    tokens = tuple(t for t in tokens if t)
    return _Name(tokens, tokens, parts)


_GENERATIONS = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii",
                "iv": "iv"}  # fmt: skip


_NAME_LOOKALIKES = str.maketrans("0158", "olsb")
"""A 0 or 1 inside a name's word is an o or l read or typed as its look-alike digit: no name
is spelt with digits, and these two are the digits a scan or a keyboard swaps for letters
('Mei-1i' for Mei-li, 'J0hn'); a scan also reads a capital S as 5 and B as 8 ('8rown')."""


def _misread_word(word: str) -> str:
    """A word of letters and look-alike digits as the letters it was written with; a word of
    digits alone (a house or record number) is left as it is."""
    if word.isdigit() or not any(c.isdigit() for c in word):
        return word
    return word.translate(_NAME_LOOKALIKES)


_PARTICLE = re.compile(r"(?<![^\W\d_])([^\W\d_])['’ʼ](?=[^\W\d_])")
"""A letter joined to the next word by an apostrophe: O'Connor, D'Souza, N'Diaye. It is part
of the surname (Irish Ó, 'grandson of'; Romance de), never a middle initial."""


_SURNAME_PARTICLES = _wordset(
    "de da das do dos del della di du van von der den ter ten la le al el bin"
)


def _surname_first(text: str) -> str:
    """'Shaw, Terry', 'das Neves, Mariah': a surname before a comma, as lists and forms write
    it, put back after the given name, so the given name is the one compared with a mailbox
    or a pet form. Not 'Smith, Jr.' or 'Lee, PhD' (a suffix after the comma), nor two words
    before it ('John Smith, CFA')."""
    before, comma, after = text.partition(",")
    if not comma or "," in after:
        return text
    head, tail = _WORD.findall(before), _WORD.findall(after)
    if sum(w not in _SURNAME_PARTICLES for w in head) != 1:
        return text
    if not tail or all(w in _HONORIFICS or w in _GENERATIONS for w in tail):
        return text
    return f"{after.strip()} {before.strip()}"


def _latin_name(text: str) -> _Name:
    text = _surname_first(text)
    text = _PARTICLE.sub(" ", text)  # the surname as compared and keyed stays 'connor'
    found = [_misread_word(w) for w in _WORD.findall(text)]
    generation = next((_GENERATIONS[w] for w in found if w in _GENERATIONS), "")
    words = [w for w in found if not w.isdigit() and w not in _HONORIFICS and w not in _GENERATIONS]
    middle = ""
    if sum(len(w) > 1 for w in words) >= 2:
        middle = "".join(w for w in words[1:-1] if len(w) == 1)
        words = [w for w in words if len(w) > 1]  # middle initials are noise once names agree
    raw = tuple(_PINYIN_V.get(w, w) for w in words[:_MAX_NAME_TOKENS])
    dotted = bool(middle) and len(_DOTTED_INITIAL.findall(text)) >= len(middle)
    return _Name(tuple(map(_canonical, raw)), raw, None, generation, middle=middle, dotted=dotted)


_DOTTED_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\.")
"""A letter alone with a full stop after it: an initial as a writer marks one ('S.'). A letter
alone without one may be a particle (Irish 'Ó', Spanish 'y') or a misread one."""


_ITERATION_MARK = "々"
"""Japanese writes a doubled character once and marks the repeat: 佐々木 is 佐佐木."""


def _repeat_marked(text: str) -> str:
    """Each iteration mark replaced by the character before it (dropped if none)."""
    out: list[str] = []
    for c in text:
        if c == _ITERATION_MARK:
            if out and _HAN_ANY.match(out[-1]):
                out.append(out[-1])
            continue
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=1)
def _kakasi() -> pykakasi.kakasi:
    """pykakasi's kanji-kana dictionary (a maintained package): loaded once, on first use."""
    return pykakasi.kakasi()


_LONG_VOWELS = re.compile(r"(?<=[aeiou])h(?![aeiouy])|(?<=o)[ou]|(?<=u)u|(?<=a)a")
_MORA_N = re.compile(r"m(?=[bpm])")


def _passport_spelling(word: str) -> str:
    """A Japanese name in Latin letters as passports write it: long vowels unmarked (Satō,
    Satou, Satoh are all Sato; Yūko Yuuko Yuko), n before b, m, p kept as n (Homma / Honma),
    no apostrophe (Ken'ichi). Applied to both sides, so spellings of one reading meet."""
    word = word.replace("'", "").replace("-", "")
    return _MORA_N.sub("n", _LONG_VOWELS.sub("", word))


MAX_READINGS = 12
"""Readings kept per word of a Japanese name, and whole-name readings compared: kanji in given
names have several (淳 is Atsushi or Jun, 幸子 Yukiko or Sachiko), a handful covers them."""


def _hepburn(kana: str) -> str:
    return _passport_spelling(_fold("".join(i["hepburn"] for i in _kakasi().convert(kana))))


@lru_cache(maxsize=16384)
def _word_readings(word: str, default: str) -> tuple[str, ...]:
    """A name word's readings in pykakasi's dictionary, its usual one first: the word's own
    entries, or for a word of 2-3 kanji it has no entry for, its characters' readings joined
    (七夏: nana + ka, Nanaka). Only readings standing alone (no okurigana after them)."""
    kanwa = Kanwa()
    entries = [y for y, tail in (kanwa.load(word[0]) or {}).get(word, ()) if tail is None]
    if not entries and 2 <= len(word) <= 3:
        chars = [
            [y for y, tail in (kanwa.load(c) or {}).get(c, ()) if tail is None][:4] for c in word
        ]
        if all(chars):
            entries = ["".join(r) for r in product(*chars)]
    found = dict.fromkeys([default, *(_hepburn(e) for e in entries)])
    return tuple(r for r in found if r)[:MAX_READINGS]


@lru_cache(maxsize=65536)
def _japanese_readings(parts: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The name in characters read as Japanese (Hepburn, passport spelling), surname first:
    the dictionary's first word is the surname, the rest the given name, unless the writer
    spaced them. The dictionary's reading first, then the others its words have. Empty when a
    character has no Japanese reading (伟, a simplified form, is Chinese)."""
    words: list[tuple[str, str]] = []
    for part in parts:
        segments = []
        for item in _kakasi().convert(part):
            if not item["orig"].strip():
                continue
            if not item["hepburn"] or not item["hepburn"].isascii():
                return ()
            segments.append((item["orig"], _passport_spelling(_fold(item["hepburn"]))))
        if len(segments) > (2 if len(parts) == 1 else 1):
            rest = segments[len(parts) == 1 :]
            joined = ("".join(o for o, _ in rest), "".join(r for _, r in rest))
            segments = [*segments[: len(parts) == 1], joined]
        words.extend(segments)
    options = [_word_readings(o, r) for o, r in words if r]
    return tuple(islice(product(*options), MAX_READINGS)) if options else ()


_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")


def _in_order(text: str) -> tuple[str, ...]:
    """A table of letters kept readable as a spaced string, in its order."""
    return tuple(text.split())


_RR_INITIALS = _in_order("g kk n d tt r m b pp s ss - j jj ch k t p h")
_RR_MEDIALS = _in_order("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
_RR_FINALS = ("", *_in_order("k k k n n n t l k m l l l p l m p p t t ng t t k t p t"))
"""Revised Romanization of Korean (the official standard since 2000), jamo by jamo: a
Hangul syllable is its initial, medial and final consonant by Unicode's own arithmetic.
Syllable by syllable on purpose: the standard writes no sound change inside a given name
(한복남 Han Boknam, 홍빛나 Hong Bitna), and cards hyphenate it (석영 Seok-young). The
korean-romanizer package romanizes as a word is pronounced (석영 'seogyeong', 철우 'cheoru')
and raises on ㄶ before some consonants (않마), so it is not used (stop 38)."""
_KOREAN_COMPOUND_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")


def _romanize_hangul(word: str) -> str:
    out = []
    for c in word:
        index = ord(c) - 0xAC00
        initial, medial, final = index // 588, index % 588 // 28, index % 28
        out.append(_RR_INITIALS[initial].strip("-") + _RR_MEDIALS[medial] + _RR_FINALS[final])
    return "".join(out)


def _korean_reading(text: str) -> tuple[str, ...]:
    """A Korean name in Hangul as (surname, given name) in Revised Romanization: 김서연 is
    ('gim', 'seoyeon'). The surname is the first syllable (two for 남궁, 황보...), or the
    first word when the name is spaced. Empty for anything else."""
    words = _HANGUL_RUN.findall(text)
    if len(words) == 1 and 2 <= len(words[0]) <= 5:
        cut = 2 if words[0][:2] in _KOREAN_COMPOUND_SURNAMES and len(words[0]) > 3 else 1
        words = [words[0][:cut], words[0][cut:]]
    if len(words) != 2 or "".join(words) != re.sub(r"\s+", "", text):
        return ()
    return tuple(_romanize_hangul(w) for w in words)


_HELD_KEY = re.compile(r"([^\W\d_])\1{2,}")
"""One letter or character three or more times running: no name has it, a held key does."""


@lru_cache(maxsize=65536)
def _name(name: str) -> _Name | None:
    """Parsed name, or None when blank. '王伟 (David)': the Chinese characters win."""
    unbracketed = _PARENS.sub(" ", name or "")
    folded = _fold(unbracketed if unbracketed.strip() else name or "").replace("•", "·")
    folded = _HELD_KEY.sub(r"\1", folded)  # '강강강서연': a key held down
    folded = _repeat_marked(folded)
    parts = ["".join(_NAME_RUN.findall(part)) for part in folded.split("·")]
    han = "·".join(p for p in parts if p)
    if not _HAN_ANY.search(han):
        han = ""  # all kana (ジョン・スミス): no pinyin to read, kept as written
    parsed = _han_name(han) if han else _latin_name(folded)
    runs = _NAME_RUN.findall(folded)
    if han and "·" not in han and len(runs) == 2 and _HAN_GAP.search(folded):
        parsed = replace(parsed, written=tuple(runs))
    if han and "·" not in han and len(han) > 1:
        parsed = replace(parsed, readings=_japanese_readings(parsed.written or (han,)))
    elif not han and _HANGUL_RUN.search(folded) and (korean := _korean_reading(folded.strip())):
        parsed = replace(parsed, readings=(korean,))
    if han:
        latin = [w for w in _WORD.findall(_fold(name)) if w.isascii() and w.isalpha()]
        if len(latin) == 2 and parsed.tokens and parsed.tokens[0] in latin:
            # 'Emma Zhang 章亮': the English name written out with the surname beside it
            latin.remove(parsed.tokens[0])
        if len(latin) == 1 and len(latin[0]) > 1 and latin[0] not in _HONORIFICS:
            parsed = replace(parsed, english=latin[0])
    return parsed if parsed.tokens else None


def _anagram(tokens: Sequence[str]) -> str:
    """Order- and spacing-free: 'Wang Wei', 'Wei Wang', 'Wangwei', 王伟 all give 'aegiwnw'."""
    return "".join(sorted("".join(tokens)))


def name_keys(name: str) -> set[str]:
    """Romanized, order-independent, nickname-canonical forms: sorted tokens and the anagram."""
    parsed = _name(name)
    if parsed is None:
        return set()
    return {" ".join(sorted(parsed.tokens)), _anagram(parsed.tokens)}


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


TYPO_SIMILARITY = 0.9
"""One slipped key (including a swap of neighbours) in a name part of 4+ letters: 'Jhon'."""
INITIAL_SIMILARITY = 0.75
"""'J' for 'John': not a different person, but too weak to be 'similar' by itself."""
SHORT_PART_WEIGHT = 0.85
"""A changed letter in a part of 3 or fewer letters is another name (Li/Lin, Wei/Wen)."""
MISSING_PART_WEIGHT = 0.92
"""'Mary Smith' for 'Mary Ann Smith': a dropped middle name costs a little."""
ONE_GENERATION_SIMILARITY = 0.74
"""A suffix on one side only: not 'similar', so a firm or street alone does not pair them."""
GENERATION_SIMILARITY = 0.5
"""Father and son with one name: 'clearly different', so nothing shared makes them one."""
LONE_PART_WEIGHT = 0.8
"""'Smith' for 'John Smith': never 'similar' alone, though not a different person either."""


FEMININE_FORM_SIMILARITY = 0.6
"""Paul/Paula, Louis/Louise, Gabriel/Gabriela: a name and its feminine form are a couple or
siblings at one address far more often than a slipped key; only a channel may pair them."""


TRUNCATED_SIMILARITY = 0.8
"""A given name cut short ('Barb' for 'Barbara'): with the rest equal, just 'similar'."""


def _feminine_form(base: str, other: str) -> bool:
    """`other` is `base` with a feminine ending (-a, -e, -le, -ne, -ine) of European given
    names: Paula, Louise, Danielle, Jeanne, Josephine."""
    return len(base) >= 4 and other[: len(base)] == base and other[len(base) :] in _FEMININE


_FEMININE = frozenset({"a", "e", "le", "ne", "ine"})


def _part_similarity(a: str, b: str, romanized: bool = False) -> float:
    """One name part against another; 'wei'/'wen' stays a different name, 'jhon'/'john' not.

    `romanized`: one side is pinyin made from characters, so a changed letter is another
    syllable (qian/qiang), never a typo.
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    if romanized and not (_all_syllables(a) and _all_syllables(b)):
        romanized = False  # 'Donh' for 董 is no syllable at all: a typo, not another syllable
    if _two_korean_surnames(a, b):  # Cho / Choi: another family, as Li / Lin is
        return Levenshtein.normalized_similarity(a, b) * SHORT_PART_WEIGHT
    short, long = sorted((a, b), key=len)
    if _feminine_form(short, long) and _known_english_given(short):
        return FEMININE_FORM_SIMILARITY  # Paul/Paula: a given name the `nicknames` table knows
    if not romanized and len(short) >= 3 and long.startswith(short):
        if len(long) == len(short) + 1 and len(short) > 3:
            # 'Katherin', 'Sharm': the last key dropped, one slip as any other; no given name
            # of which the longer one is the feminine form (Katherin is none)
            return TYPO_SIMILARITY
        return TRUNCATED_SIMILARITY  # Barb/Barbara, Raj/Rajesh: the commonest short form
    if not romanized and _bounced(a, b):
        # A key struck twice ('AAli', 'Jiia', 'MMai'): every letter kept and in order, one
        # doubled. In a short part a changed letter is another name (Li/Lin); a doubled one
        # adds a letter no other name needs there, so it is one slip as in a long part.
        return TYPO_SIMILARITY
    if not romanized and (_lost_first_key(a, b) or _short_swap(a, b) or _no_vowel_left(a, b)):
        return TYPO_SIMILARITY
    value = Levenshtein.normalized_similarity(a, b)  # stricter than Indel: karen/marie 0.4
    if romanized or min(len(a), len(b)) <= 3:
        return value * SHORT_PART_WEIGHT
    if value < TYPO_SIMILARITY and OSA.distance(a, b) == 1 and (a[0] == b[0] or _swap(a, b)):
        return TYPO_SIMILARITY
    return value


_KOREAN_SURNAME_GROUPS = (
    "kim gim", "lee yi rhee rhie", "park pak bak", "choi choe chey", "jung jeong chung",
    "cho jo joe", "kang gang", "jang chang", "yoon yun", "lim im rim", "shin sin",
    "seo suh", "kwon gwon", "hwang", "ahn an", "song", "yoo yu", "ryu yoo yu", "hong",
    "jeon jun chun", "cheon chun", "ko go koh", "moon mun", "yang", "son sohn",
    "bae pae", "baek paek paik", "heo hur huh", "nam", "noh roh", "ha", "kwak gwak",
    "sung seong", "cha", "joo ju chu", "woo", "min", "na ra", "jin chin", "ji jee",
    "eom um uhm", "chae", "won", "bang", "gong kong", "hyun hyeon", "han", "oh",
    "yeo", "kil gil", "pyo", "seok suk",
)  # fmt: skip
_KOREAN_SURNAMES = tuple(frozenset(group.split()) for group in _KOREAN_SURNAME_GROUPS)
"""Korean surnames as they are romanized, each group one surname in its usual spellings
(최 is Choi, Choe; 조 is Cho, Jo). Two names from no common group are two surnames, however
alike their letters: Cho / Choi, Jang / Jung, Kang / Kwang are other families, not slips."""
_KOREAN_SURNAME_WORDS = frozenset().union(*_KOREAN_SURNAMES)
_KOREAN_SURNAME_RANK = {
    w: rank
    for rank, group in reversed(list(enumerate(_KOREAN_SURNAME_GROUPS)))
    for w in group.split()
}
"""Each spelling's group, commonest surname first (Kim is a fifth of Koreans, Min a few in a
thousand): the smaller rank where a spelling is in two groups (yoo is 유 before 류)."""
_KOREAN_SURNAME_SPELLING = {
    w: g.split()[0] for g in reversed(_KOREAN_SURNAME_GROUPS) for w in g.split()
}
"""Each spelling's group as cards usually write it: gim is Kim, bak Park."""


def _lost_first_key(a: str, b: str) -> bool:
    """'ans' for 'Hans', 'uan' for 'Yuan': the first key missed, which the rest of the part
    spelt out letter for letter shows (in a part of 3 letters a changed one is another name,
    `SHORT_PART_WEIGHT`; a lost first one leaves no other name). Not when what is left is a
    name of its own: Ella / Bella and Lex / Alex are two names or a pet form (the `nicknames`
    table decides those), 'an' / 'yan' two pinyin syllables."""
    short, long = sorted((a, b), key=len)
    return (
        len(short) >= 3
        and long[1:] == short
        and short.isalpha()
        and not _known_english_given(short)
        and not _chinese_spelling(short)
    )


def _short_swap(a: str, b: str) -> bool:
    """'Aro' for 'Rao', 'Ikm' for 'Kim': two neighbouring letters of a 3-letter part swapped
    (`_swap`), which makes no name; Amy / May and Hou / Huo are two names (the `nicknames`
    table and pinyin say so), as a changed letter in a short part is (`SHORT_PART_WEIGHT`).
    So are two syllable blocks of a Korean name typed in the wrong order (상권우 for 권상우),
    which no table here can call a name or not: a namesake whose name is the same three
    syllables in another order is far rarer than the slip."""
    return (
        len(a) == len(b) == 3
        and OSA.distance(a, b) == 1
        and _swap(a, b)
        and a.isalpha()
        and not all(_known_english_given(x) or _chinese_spelling(x) for x in (a, b))
    )


_VOWELS = frozenset("aeiouy")


def _no_vowel_left(a: str, b: str) -> bool:
    """'Kjm' for 'Kim': one letter of a short part changed into a part with no vowel, which
    no name is spelt so; a changed letter that leaves a vowel may be another name (Li / Lu)."""
    return (
        len(a) == len(b) >= 3
        and a.isalpha()
        and b.isalpha()
        and Levenshtein.distance(a, b) == 1
        and (not _VOWELS & set(a)) != (not _VOWELS & set(b))
    )


def _two_korean_surnames(a: str, b: str) -> bool:
    return (
        a in _KOREAN_SURNAME_WORDS
        and b in _KOREAN_SURNAME_WORDS
        and not any(a in g and b in g for g in _KOREAN_SURNAMES)
    )


def _swap(a: str, b: str) -> bool:
    """Two neighbouring letters swapped, the first two included ('Ivkram'/'Vikram',
    'Elne'/'Lene'): fast typing's commonest slip, and one that keeps every letter. A changed
    first letter is another name ('Mark'/'Park'); a swap leaves the name, just misordered."""
    return len(a) == len(b) and sorted(a) == sorted(b)


def _aligned(a: Sequence[str], b: Sequence[str], romanized: bool = False) -> tuple[float, bool]:
    """Best token alignment, scored by mean and worst token so one wrong given name counts.

    Returns the similarity and whether the best alignment keeps the written order.
    """
    if len(a) > len(b):
        a, b = b, a
    best, best_in_order = 0.0, True
    for order, perm in enumerate(permutations(b, len(a))):
        sims = [_part_similarity(x, y, romanized) for x, y in zip(a, perm, strict=True)]
        value = (sum(sims) / len(sims) + min(sims)) / 2
        if value > best + 1e-9:
            best, best_in_order = value, order == 0
    if len(a) < len(b):
        best *= LONE_PART_WEIGHT if len(a) == 1 else MISSING_PART_WEIGHT ** (len(b) - len(a))
    return best, best_in_order


COMPACT_STRICTNESS = 3.0
"""Without token boundaries a different given name hides in a long string ('zhouxiuzhen' vs
'zhaoyuzhen' is 86% alike), so each point of difference counts three times."""


def _compact(a: Sequence[str], b: Sequence[str]) -> float:
    """Token boundaries differ ('Wang Xiao Ming' / 'Wangxiaoming'): compare without spaces."""
    ca, cb = "".join(a), "".join(b)
    ra, rb = "".join(reversed(a)), "".join(reversed(b))
    best = max(_ratio(ca, cb), _ratio(ra, cb), _ratio(ca, rb))
    return max(0.0, 1.0 - COMPACT_STRICTNESS * (1.0 - best))


def _token_similarity(
    a: Sequence[str], b: Sequence[str], romanized: bool = False
) -> tuple[float, bool]:
    value, in_order = _aligned(a, b, romanized)
    if len(a) != len(b) and not _other_korean_family(a, b):
        value, in_order = max(value, _compact(a, b)), True
    elif romanized and value < 1.0 and _compact(a, b) == 1.0:
        # 'Jinjia Na' for 金佳纳 (jin jia na): every syllable's letters in order, the space
        # put after the wrong one. Only the whole name letter for letter: 'Li Ming' against
        # 'Lin Ming' run together is still one syllable another.
        value, in_order = 1.0, True
    return value, in_order


def _other_korean_family(a: Sequence[str], b: Sequence[str]) -> bool:
    """Each name starts or ends with a Korean surname and no two of them are one family:
    'Sungmin Choi' / 'Sung-min Cho' run together are a letter apart, yet two surnames."""
    ends_a = {a[0], a[-1]} & _KOREAN_SURNAME_WORDS
    ends_b = {b[0], b[-1]} & _KOREAN_SURNAME_WORDS
    return bool(ends_a and ends_b) and all(
        _two_korean_surnames(x, y) for x in ends_a for y in ends_b
    )


def _bounced(a: str, b: str) -> bool:
    """One is the other with one character doubled: a syllable block typed twice. Korean
    given names are two syllables, so a doubled one makes a name no one has."""
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[i] == long[i + 1] and long[:i] + long[i + 1 :] == short for i in range(len(short))
    )


_DOUBLED = re.compile(r"(.)\1")


def _all_bounced(a: str, b: str) -> bool:
    """`_bounced`, or each of several syllable blocks typed twice (김하하은은 for 김하은: a
    key that bounces bounces again in one name). The other keeps no block twice itself."""
    short, long = sorted((a, b), key=len)
    if _bounced(a, b):
        return True
    return len(long) > len(short) and _DOUBLED.sub(r"\1", long) == short == _DOUBLED.sub(
        r"\1", short
    )


_RR_SURNAMES = {"i": "lee", "u": "woo", "o": "oh", "no": "noh"}
"""Revised Romanization's spelling of four surnames no one writes so on a card: 이 is Lee."""
_KOREAN_SPELLINGS = (("young", "yeong"), ("woo", "u"), ("oo", "u"), ("ee", "i"), ("-", ""))
"""Spellings of one Hangul syllable people use besides the standard's: 영 Young, 우 Woo
(Hyun-woo for 현우, the standard's Hyeonu), 훈 Hoon."""


def _korean_spelling(text: str) -> str:
    for written, standard in _KOREAN_SPELLINGS:
        text = text.replace(written, standard)
    return text


def _one_korean_surname(standard: str, written: str) -> bool:
    standard = _RR_SURNAMES.get(standard, standard)
    return standard == written or any(standard in g and written in g for g in _KOREAN_SURNAMES)


def _korean_similarity(reading: tuple[str, ...], latin: Sequence[str]) -> float:
    """A Hangul name against one in Latin letters: the surname in any of its usual spellings
    (김 Kim or Gim), first or last; the given name written as one word or hyphenated, its
    syllables spelt as people spell them (Young-ho for 영호). One vowel spelt eo/u apart
    (Sung-min for 성민, Seongmin) is 'similar': it is also how two names differ (서연/수연)."""
    surname, given = reading
    best = 0.0
    for at in (0, -1) if len(latin) > 1 else ():
        if not _one_korean_surname(surname, latin[at]):
            continue
        rest = latin[1:] if at == 0 else latin[:-1]
        a, b = _korean_spelling(given), _korean_spelling("".join(rest))
        if a == b:
            part = 1.0
        elif a.replace("eo", "u") == b.replace("eo", "u"):
            part = SIMILAR_NAME_LEVEL
        else:
            part = _part_similarity(a, b)
        best = max(best, ((1 + part) / 2 + part) / 2)
    return best


def name_similarity(a: str, b: str) -> tuple[float | None, tuple[str, ...]]:
    """Similarity of two names in 0..1 (None when either is blank) and the name-form reasons."""
    return _name_similarity(_name(a), _name(b))


def _name_similarity(na: _Name | None, nb: _Name | None) -> tuple[float | None, tuple[str, ...]]:
    if na is None or nb is None:
        return None, ()
    if na.generation != nb.generation:
        if na.generation and nb.generation:
            return GENERATION_SIMILARITY, ()  # John Smith Jr. is not John Smith Sr.
        value, kept = _name_similarity(replace(na, generation=""), replace(nb, generation=""))
        # 'John Smith' may be the senior of 'John Smith Jr.': a channel must say it is one.
        return (None if value is None else min(value, ONE_GENERATION_SIMILARITY)), kept
    if _two_middle_initials(na, nb):
        # 'Robert A. Williams' / 'Robert B. Williams': each writer kept an initial, and they
        # differ; an initial is a letter read off the card, so two are two people, as Jr./Sr.
        value, _ = _name_similarity(replace(na, dotted=False), replace(nb, dotted=False))
        return (None if value is None else min(value, GENERATION_SIMILARITY)), ()
    if na.han is not None and nb.han is not None:
        return _han_similarity(na, nb)
    hangul_a, hangul_b = na.han is None and bool(na.readings), nb.han is None and bool(nb.readings)
    if hangul_a != hangul_b:  # 김서연 and 'KIM Seo-yeon'
        korean, other = (na, nb) if hangul_a else (nb, na)
        if other.han is None and other.raw[0].isascii():
            value = _korean_similarity(korean.readings[0], other.raw)
            return value, (PINYIN_NAME,) if value >= DIFFERENT_NAME_LEVEL else ()
    if hangul_a and hangul_b and _all_bounced("".join(na.raw), "".join(nb.raw)):
        return TYPO_SIMILARITY, ()  # 임준준영 for 임준영: a key struck twice
    romanized = na.han is not None or nb.han is not None
    value, in_order = _token_similarity(na.raw, nb.raw, romanized)
    if romanized and value < 1.0:
        # Taiwan's passports and cards spell names in Wade–Giles: 林志明 is 'Chih-ming Lin'.
        han, latin = (na, nb) if na.han is not None else (nb, na)
        taiwan = tuple(_PASSPORT_SURNAMES.get(w, w) for w in latin.raw)
        wade, wade_in_order = _token_similarity(_wade_giles(han.han), taiwan)
        if (syllable := _other_wade_syllable(han.han, taiwan)) is not None:
            wade = min(wade, syllable)  # 俊賢 is Chun-hsien; 'Chun-hsiung' is 俊雄
        if wade > value:
            value, in_order = wade, wade_in_order
        spelt = tuple(map(_passport_spelling, latin.raw))
        for reading in han.readings:  # 佐藤健一 is 'Kenichi Sato' (Japanese), not 'Zuo Tengjianyi'
            japanese = _token_similarity(reading, spelt)
            if japanese[0] > value:
                value, in_order = japanese
        if _english_first(latin):
            # 'Nancy Lai Ya-ping' for 賴雅萍, 'STEVEN TAO JUN' for 陶军: the English name a card
            # puts before the Chinese one, read without it as '李玉兰 Eric Li' is
            rest = replace(latin, tokens=latin.tokens[1:], raw=latin.raw[1:])
            inner, _ = _name_similarity(han, rest)
            if inner is not None and inner > value:
                value, in_order = inner, True
    flags: list[str] = []
    nicknamed = None if romanized else _with_nicknames(na.raw, nb.raw)
    if nicknamed is not None:
        # A part that is a nickname of one of the other's is read as that part; keep the
        # better reading: 'Frank' may be a surname, and a typo ('Rcky') has no variants.
        canonical, canonical_in_order = _token_similarity(nicknamed, nb.raw)
        if canonical > value:
            if value < SIMILAR_NAME_LEVEL <= canonical:
                flags.append(NICKNAME)
            value, in_order = canonical, canonical_in_order
    if value >= DIFFERENT_NAME_LEVEL:
        if romanized:
            flags.insert(0, PINYIN_NAME)
        if not in_order and len(na.raw) == len(nb.raw) > 1:
            flags.append(SWAPPED_NAME)
    return min(value, 1.0), tuple(flags)


def _english_first(latin: _Name) -> bool:
    """An English given name (the `nicknames` table's, and no Chinese syllable: not 'Ben')
    before a Chinese name of two or more parts in Latin letters: 'Nancy Lai Ya-ping'."""
    first, rest = latin.raw[0], latin.raw[1:]
    return (
        len(rest) >= 2
        and _known_english_given(first)
        and not _chinese_spelling(first)
        and all(_chinese_spelling(part) for part in rest)
    )


_PASSPORT_SURNAMES = {"lee": "li"}
"""李 as Taiwan's, Hong Kong's and Singapore's passports and cards spell it ('Mei-ling Lee'
for 李美玲), not in Wade–Giles (Li): read as Li against a name in characters."""


def _two_middle_initials(na: _Name, nb: _Name) -> bool:
    """Both names keep middle initials, each with its full stop (`_DOTTED_INITIAL`), and no
    letter of one is among the other's: 'Emma J. Wilson' / 'Emma R. Wilson'. One side without
    an initial ('Adam K. Roy' / 'Adam Roy'), one initial of two ('John A. B. Fox' / 'John B.
    Fox') or a letter without a stop ('Olwen Ó Nádhraigh', the Irish particle) says nothing."""
    return na.dotted and nb.dotted and not set(na.middle) & set(nb.middle)


def _wade_splits(text: str, count: int) -> list[tuple[str, ...]]:
    """Every way to cut `text` into `count` Wade–Giles syllables ('chunhsiung': chun hsiung)."""
    if count == 0:
        return [()] if not text else []
    syllables = _wade_giles_syllables()
    return [
        (text[:i], *rest)
        for i in range(1, min(len(text), 6) + 1)
        if text[:i] in syllables
        for rest in _wade_splits(text[i:], count - 1)
    ]


@lru_cache(maxsize=16384)
def _other_wade_syllable(han: tuple[str, ...] | None, latin: tuple[str, ...]) -> float | None:
    """The Latin name gives the surname and a given name that reads as Wade–Giles syllables,
    one per character, and no reading of it is the characters' own: 'Hsiu-chih Huang' for
    黃秀霞 (hsiu-hsia). Each syllable is a character, so one changed is another name, and the
    given names are weighed as a changed pinyin syllable is (`_part_similarity` with
    `romanized`). None when that does not apply: a letter that makes no syllable
    ('Hsiu-hsai') stays a typo."""
    if han is None or len(han) != 2 or len(han[1]) < 2:
        return None
    surname = _wade_giles((han[0],))[0]
    own = _wade_giles(tuple(han[1]))
    if surname not in latin:
        return None
    rest = list(latin)
    rest.remove(surname)
    given = "".join(rest)
    splits = _wade_splits(given, len(own))
    if not splits or own in splits:
        return None
    part = Levenshtein.normalized_similarity("".join(own), given) * SHORT_PART_WEIGHT
    return ((1.0 + part) / 2 + part) / 2  # the surname's 1.0 and this part, as `_aligned`


def _wade(syllable: str) -> str:
    """One pinyin syllable in Wade–Giles by pypinyin, its final -ai kept: pypinyin's table of
    finals turns -ai into -ei for the syllables it does not list whole (赖 lai, 海 hai, 麦 mai,
    外 wai become 'lei', 'hei', 'mei', 'wei'), where Wade–Giles, and Taiwan's passports with it,
    write Lai, Hai, Mai, Wai ('Chih-cheng Lai' is 赖志诚)."""
    wade = to_wade_glides(syllable)
    if syllable.endswith("ai") and wade.endswith("ei"):
        return wade[:-2] + "ai"
    return wade


@lru_cache(maxsize=16384)
def _wade_giles(parts: tuple[str, ...] | None) -> tuple[str, ...]:
    """A Chinese name's parts in Wade–Giles, as Latin names are folded (no apostrophes)."""
    return tuple(
        _wade_fold("".join(map(_wade, lazy_pinyin(p, style=Style.NORMAL, errors="ignore"))))
        for p in parts or ()
    )


def _with_nicknames(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...] | None:
    """`a` with each part that is a variant of a part of `b` replaced by it; None if none is."""
    out, changed = list(a), False
    for i, x in enumerate(a):
        if x in b:
            continue
        for y in b:
            if y not in a and _nick_related(x, y):
                out[i], changed = y, True
                break
    return tuple(out) if changed else None


HOMOPHONE_LEVEL = 2
"""The name comparison's level ('weak') a homophone (王伟/王薇) is weighed at."""
HOMOPHONE_SLIP_WEIGHT = 0.88
"""韩英钧/韩英军: one character of a two-character given name swapped for a homophone, the rest
equal, is the input method's commonest slip; two people differing only so are rare. With a
one-character given name (王伟/王薇) the homophone is another common name: HOMOPHONE_WEIGHT."""


def _one_character_slip(a: Sequence[str], b: Sequence[str]) -> bool:
    """Names of 3+ characters (same pinyin) differing in exactly one: 韩英钧/韩英军, and a
    traditional form for a simplified one (蘇勇丝/苏勇丝)."""
    x, y = "".join(a), "".join(b)
    if len(x) != len(y) or len(x) < 3 or len(a) != len(b):
        return False
    return sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _script_pair(a: str, b: str) -> bool:
    """Two characters that are one character in its traditional and simplified forms (偉/伟,
    蘭/兰, 潔/洁), as OpenCC converts them; two simplified homophones (伟/玮) stay two."""
    return a != b and simplified(a) == simplified(b)


def _script_variants(a: str, b: str) -> bool:
    """王偉 / 王伟, 楊玉蘭 / 杨玉兰: one name written in traditional and simplified characters."""
    return len(a) == len(b) and a != b and simplified(a) == simplified(b)


_GLYPH_TWINS = frozenset(
    frozenset(pair)
    for pair in _wordset(
        "王玉 人入 入八 己已 已巳 未末 土士 日曰 大太 太犬 刀力 千干 干于 天夭 木术 今令 "
        "免兔 戊戌 戌戍 贝见 田由 由甲 甲申 午牛 失矢 白自 目日 且旦 广厂 问间 住往 候侯 "
        "拔拨 辨辩 睛晴 治冶 折拆 斤斥 兵乒 乒乓 夫天 末米 宇字 杨扬 汪江 洁沽 鸣呜 峰锋"
    )
)
"""Characters one stroke or dot apart (形近字), which a card reader or a reader of a small
print takes for one another: 王/玉, 人/入, 己/已. The commonest pairs that Chinese teaching
drills as look-alikes; two names apart by one of them are one name misread."""


def _glyph_slip(a: str, b: str) -> bool:
    """One character of the name read as its look-alike (`_GLYPH_TWINS`), the rest the same
    or one character in its other script (張玉梅 / 张王梅)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    twins = 0
    for x, y in zip(a, b, strict=True):
        if x == y or _script_pair(x, y):
            continue
        if frozenset((x, y)) not in _GLYPH_TWINS:
            return False
        twins += 1
    return twins == 1


def _han_similarity(na: _Name, nb: _Name) -> tuple[float, tuple[str, ...]]:
    """By characters; an exact homophone (王伟/王薇) is 'not clearly different', no more."""
    assert na.han is not None and nb.han is not None
    value, in_order = _aligned(na.han, nb.han)
    if value < 1.0:
        joined_a, joined_b = "".join(na.han), "".join(nb.han)
        if joined_a == joined_b or _script_variants(joined_a, joined_b):
            # '中島 七夏' / '中島七夏': one name, split where its writer split it; 王偉 / 王伟
            return 1.0, ()
        if (na.written and "".join(reversed(na.written)) == joined_b) or (
            nb.written and "".join(reversed(nb.written)) == joined_a
        ):  # '浩 小林' / '小林浩', '陽一 加藤' / '加藤 陽一': given name first on one side
            return 1.0, (SWAPPED_NAME,)
    kana = _KANA_ANY.search("".join((*na.han, *nb.han)))  # pinyin leaves kana out: no homophone
    if value < HOMOPHONE_WEIGHT and sorted(na.tokens) == sorted(nb.tokens) and not kana:
        value, in_order = HOMOPHONE_WEIGHT, True
        if _one_character_slip(na.han, nb.han):
            value = HOMOPHONE_SLIP_WEIGHT
    elif value < HOMOPHONE_WEIGHT and _glyph_slip("".join(na.han), "".join(nb.han)):
        # 张王梅 / 张玉梅: a character misread as its look-alike is as near as a homophone
        value, in_order = HOMOPHONE_WEIGHT, True
        if _one_character_slip(na.han, nb.han):
            value = HOMOPHONE_SLIP_WEIGHT
    swapped = not in_order and value >= DIFFERENT_NAME_LEVEL and len(na.han) == len(nb.han) > 1
    return value, (SWAPPED_NAME,) if swapped else ()


# --------------------------------------------------------------------------- companies

_LEGAL_LATIN = _wordset(
    "ltd limited inc incorporated llc llp lp plc co company corp corporation gmbh mbh ag kg "
    "sa sas sarl srl spa bv nv pty pte oy ab as kk group holding holdings "
    "ltda lda sl se ev gbr ug ohg kgaa aps asa oyj sro kft pvt sdn bhd ltee",
    "private",  # India's 'Private Limited' ('Pvt. Ltd.' in short)
)
_LEGAL_HAN = (
    "株式会社", "有限会社", "合同会社",
    "股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "分公司", "总公司", "公司",
    "集团", "控股", "股份",
)  # fmt: skip
_LEGAL_JA = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社")
"""Japanese legal forms (kabushiki kaisha and the rest), before or after the name: left in,
every 株式会社 would share its first six pinyin letters and count as one firm."""
# Descriptors people drop when they write a company down ('Huawei' for 华为技术有限公司).
_GENERIC_LATIN = _wordset(
    "technologies technology tech software solutions systems services consulting international "
    "global industries enterprises partners associates labs media networks digital china",
    "information it",  # 信息 is one above; 'Huayuan IT' is Huayuan Information Technology
)
_GENERIC_HAN = (
    "科技", "技术", "网络", "信息", "传媒", "软件", "电子", "咨询", "贸易", "实业", "投资",
    "发展", "文化", "传播", "服务", "国际", "中国",
)  # fmt: skip
_PLACES_HAN = (
    "中国", "北京市", "北京", "上海市", "上海", "天津", "重庆", "深圳市", "深圳", "广州市", "广州",
    "杭州市", "杭州", "南京", "苏州", "成都", "武汉", "西安", "香港", "台湾", "厦门", "青岛",
)  # fmt: skip


def _strip_han_suffixes(text: str, suffixes: Sequence[str]) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text


def _strip_latin_suffixes(words: list[str], suffixes: frozenset[str]) -> list[str]:
    while len(words) > 1 and words[-1] in suffixes:
        words = words[:-1]
    return words


def normalize_company(name: str | None) -> str:
    """Legal form, brackets, punctuation and case removed: 'ACME Ltd.' and 'Acme, Inc.' agree.

    Chinese legal forms too: 华为技术有限公司 -> 华为技术. Words stay space-separated.
    """
    if not name:
        return ""
    text = _fold(_PARENS.sub(" ", name.replace("㈜", " "))).replace("&", " and ")
    text = text.replace("＆", " and ")
    text = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", text)  # S.A. -> SA, L.L.C. -> LLC
    text = _HAN_GAP.sub("", text.replace(".", " "))  # spaces mean nothing between characters
    words = _WORD.findall(text)
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    words = _strip_latin_suffixes(words, _LEGAL_LATIN)
    if words and _HAN_ANY.search(words[-1]):
        words[-1] = _strip_han_suffixes(words[-1], _LEGAL_HAN)
    if words and _HAN_ANY.search(words[0]):
        for form in _LEGAL_JA:  # Japanese firms put the legal form first as often as last
            if words[0].startswith(form) and len(words[0]) > len(form):
                words[0] = words[0][len(form) :]
                break
    words = _strip_korean_legal(words)
    return " ".join(words)


_LEGAL_KO = ("주식회사", "유한책임회사", "유한회사", "합자회사", "합명회사")
"""Korean legal forms (jusik hoesa and the rest, ㈜ in short), before or after the name."""


def _strip_korean_legal(words: list[str]) -> list[str]:
    """'주식회사 현대물산', '현대물산 주식회사', '주식회사현대물산': the firm is 현대물산."""
    if not words:
        return words
    for form in _LEGAL_KO:
        if words[0].startswith(form):
            words = [words[0][len(form) :], *words[1:]]
            break
    for form in _LEGAL_KO:
        if words and words[-1].endswith(form):
            words = [*words[:-1], words[-1][: -len(form)]]
            break
    return [w for w in words if w]


@lru_cache(maxsize=65536)
def _company_core(name: str | None) -> str:
    """Normalized, then descriptors and a leading city dropped, spaces removed: the brand."""
    words = normalize_company(name).split()
    if not words:
        return ""
    words = _strip_latin_suffixes(words, _GENERIC_LATIN | _LEGAL_LATIN)
    core = "".join(w for w in words if w != "and")
    if _HAN_ANY.search(core):
        # Descriptors and places as simplified characters write them (蘇州明華智實業 is 苏州's
        # 明華智, a 实业), the brand kept in the record's own script (Taiwan's is a signal)
        simple = simplified(core)
        same_length = len(simple) == len(core)
        stripped = _strip_han_suffixes(simple if same_length else core, _GENERIC_HAN + _LEGAL_HAN)
        for place in _PLACES_HAN:
            if stripped.startswith(place) and len(stripped) - len(place) >= 2:
                stripped = stripped[len(place) :]
                break
        if same_length and stripped:  # the same characters cut from the record's own
            start = simple.find(stripped)
            stripped = core[start : start + len(stripped)] if start >= 0 else stripped
        core = stripped if len(stripped) >= 2 else core
    for place in _places_latin():  # 'Shenzhen Antai Machinery' is 深圳安泰's brand, Antai
        if core.startswith(place) and len(core) - len(place) >= 4:
            return core[len(place) :]
    return core


@lru_cache(maxsize=65536)
def _firm_words(name: str | None) -> tuple[str, ...]:
    """The brand's words, romanized (a Chinese name by its syllables: 东方财富 -> dong fang cai
    fu), joining to what `_company_similarity` compares; for scoring only (the keys use
    `_company_core`). One word when the core cannot be split so."""
    core = _company_core(name)
    if not core:
        return ()
    text = _pinyin(core) if _HAN_ANY.search(core) else core
    if _HAN_ANY.search(core):
        words = [
            _fold(w) for w in lazy_pinyin(core, style=Style.NORMAL, v_to_u=True, errors="ignore")
        ]
    else:
        written = normalize_company(name).split()
        stripped = _strip_latin_suffixes(written, _GENERIC_LATIN | _LEGAL_LATIN)
        words = [w for w in stripped if w != "and"]
        # a leading city `_company_core` dropped, of one word or more ("Xi'an": xi, an)
        cut = next((k for k in range(len(words)) if "".join(words[k:]) == text), 0)
        words = words[cut:]
    return tuple(words) if "".join(words) == text else (text,)


def _diverging(words: Sequence[str], other: str, romanized: bool = False) -> bool:
    """`other` starts with this firm's first word(s) and then goes on with another word:
    'Roberts and Sons' / 'Roberts, Slater and Knight', 'Williams, Green and Li' /
    williamsscottandwelch.com, 东方财富 / 东方航空 are two firms that share a founder's name or a
    leading word, not one firm written short ('Verity' / 'Verity Cosmetics').

    `romanized`: `words` are a Chinese name's syllables and `other` is Latin (a domain, an
    English name), which may go on in English (启明进出口 / qiming-impe.com, 瑞丰家具 /
    'Ruifeng Furniture'): only another Chinese name, all pinyin syllables, goes on otherwise."""
    done = 0
    for k, word in enumerate(words):
        if other.startswith("and" + word, done):  # williamsgreenandli.com: the 'and' kept
            done += 3
        if not other.startswith(word, done):
            rest = other[done:]
            if k == 0 or len(rest) < 2 or rest[:3] == word[:3] or word.startswith(rest):
                return False  # ('Acme Intl' / acmeinternational.com: the word cut short)
            return not romanized or _all_syllables(other[done:])
        done += len(word)
    return False


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, from pypinyin's dictionary."""
    readings = (r for value in pinyin_dict.values() for r in value.split(","))
    return frozenset(
        s for r in readings if (s := _fold(r)).isascii() and any(c in "aeiouv" for c in s)
    )


@lru_cache(maxsize=1)
def _wade_giles_syllables() -> frozenset[str]:
    """The same syllables as Taiwan spells them ('hsiao', 'chia', 'jung'), folded like names."""
    return frozenset(
        w for p in _syllables() if (w := _wade_fold(_wade(p)))
    )


def _wade_fold(text: str) -> str:
    """Wade–Giles as names are typed: no apostrophes, ü as u ('hsü' is 'Hsu')."""
    return re.sub(r"[^a-z]", "", _fold(text.replace("v", "u")))


def _chinese_spelling(text: str) -> bool:
    """`text` is a Chinese name part in Latin letters: pinyin or Wade–Giles syllables."""
    return _all_syllables(text) or _all_syllables(text, _wade_giles_syllables())


@lru_cache(maxsize=65536)
def _all_syllables(text: str, syllables: frozenset[str] | None = None) -> bool:
    """`text` splits into pinyin syllables: 'liangnuo', 'shuzi'; not 'impe', 'furniture'."""
    syllables = syllables or _syllables()
    ends = {0}
    for i in range(1, len(text) + 1):
        if any(j in ends and text[j:i] in syllables for j in range(max(0, i - 6), i)):
            ends.add(i)
    return len(text) in ends


@lru_cache(maxsize=1)
def _places_latin() -> tuple[str, ...]:
    places = {_pinyin(p.removesuffix("市")) for p in _PLACES_HAN}
    return tuple(sorted(places, key=len, reverse=True))


def _company_similarity(
    a: str, b: str, words_a: Sequence[str] = (), words_b: Sequence[str] = ()
) -> float:
    """Same brand allowing a typo; a Chinese name against its pinyin counts too, and so does a
    name against a longer one it starts ('Verity' / 'Verity Cosmetics', 瑞丰家具 / 'Ruifeng'),
    unless the two go on with other words after a shared start (`_diverging`; `words_a` and
    `words_b` are `_firm_words`)."""
    if not a or not b:
        return 0.0
    a_hangul, b_hangul = bool(_HANGUL_RUN.search(a)), bool(_HANGUL_RUN.search(b))
    if a_hangul != b_hangul and (a if b_hangul else b).isascii():
        hangul, latin = (a, words_b or (b,)) if a_hangul else (b, words_a or (a,))
        return FIRM_PREFIX_SIMILARITY if _korean_brand(hangul, latin) else 0.0
    value = _ratio(a, b)
    if value < SAME_COMPANY_LEVEL and (
        _firm_slip(a, b) or _initials_of(a, words_b) or _initials_of(b, words_a)
    ):
        value = SAME_COMPANY_LEVEL
    a_han, b_han = bool(_HAN_ANY.search(a)), bool(_HAN_ANY.search(b))
    ta, tb = _pinyin(a) if a_han else a, _pinyin(b) if b_han else b
    if a_han != b_han:
        value = max(value, _ratio(ta, tb))
    if _firms_diverge(a, b, words_a, words_b):
        return value
    if a_han != b_han and _same_brand(*((words_a, words_b) if a_han else (words_b, words_a))):
        return max(value, FIRM_PREFIX_SIMILARITY)
    if a_han != b_han and _same_japanese_brand(a if a_han else b, words_b if a_han else words_a):
        return max(value, FIRM_PREFIX_SIMILARITY)
    return max(value, FIRM_PREFIX_SIMILARITY) if _same_firm_start(ta, tb) else value


_KOREAN_TRADES = {
    "전자": "electronics", "테크": "tech", "시스템": "systems", "시스템즈": "systems",
    "산업": "industries", "건설": "construction", "물산": "trading", "상사": "trading",
    "무역": "trading", "제약": "pharmaceutical", "화학": "chemical", "통신": "telecom",
    "솔루션": "solutions", "소프트": "soft", "바이오": "bio", "반도체": "semiconductor",
    "자동차": "motors", "중공업": "heavy", "식품": "foods", "기술": "technology",
    "네트웍스": "networks", "엔지니어링": "engineering", "디자인": "design", "미디어": "media",
    "컨설팅": "consulting", "그룹": "group", "홀딩스": "holdings", "증권": "securities",
    "보험": "insurance", "화장품": "cosmetics", "물류": "logistics", "에너지": "energy",
    "전기": "electric", "기계": "machinery", "정밀": "precision", "철강": "steel",
    "해운": "shipping", "개발": "development", "정보": "information", "코리아": "korea",
}  # fmt: skip
"""A Korean firm's trade words and the English its bilingual card gives for them:
(주)동양전자 is 'Dongyang Electronics', (주)미래테크 'Mirae Tech'."""


def _korean_brand(hangul: str, latin_words: Sequence[str]) -> bool:
    """A firm written in Hangul and one in Latin letters are one: the Hangul brand in Revised
    Romanization (or the spellings people use, Woori for 우리) starts the Latin name, and
    what follows it is the English of the trade words the Hangul name ends with (or
    nothing). 'Dongyang Chemical' is not 동양전자."""
    trades: list[str] = []
    core = hangul
    while word := next((w for w in _KOREAN_TRADES if core.endswith(w) and core != w), ""):
        trades.append(_KOREAN_TRADES[word])
        core = core[: -len(word)]
    if not _HANGUL_RUN.fullmatch(core):
        return False
    # eo is also written u (성 Sung, 삼성 Samsung), and 우 is Woo as often as U (우리 Woori)
    brand = _korean_spelling(_romanize_hangul(core)).replace("eo", "u")
    latin = _korean_spelling("".join(latin_words)).replace("wu", "u").replace("eo", "u")
    if len(brand) < 3 or not latin.startswith(brand):
        return False
    rest = latin[len(brand) :]
    # one card may leave the trade out ('Sejin' / 'Sejin Systems', `_other_trades`)
    if not (rest and trades):
        return True
    return any(rest.startswith(t[:4]) or t.startswith(rest) for t in trades)


def _initials_of(short: str, words: Sequence[str]) -> bool:
    """'VP' for Vargas Pires, 'CB' for Chadwick-Byrne: a firm written by its words' initials."""
    return (
        2 <= len(words) <= 5
        and short.isascii()
        and short.isalpha()
        and short == "".join(w[0] for w in words)
    )


def _firms_diverge(a: str, b: str, words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Two firm names (`_company_core`, `_firm_words`) share a start and then go on with
    other words: two firms (`_diverging`)."""
    a_han, b_han = bool(_HAN_ANY.search(a)), bool(_HAN_ANY.search(b))
    ta, tb = _pinyin(a) if a_han else a, _pinyin(b) if b_han else b
    if a_han == b_han:
        return _diverging(words_a, tb) or _diverging(words_b, ta)
    # the Chinese name's syllables against the Latin one
    if _brand_cut(ta, words_b) if a_han else _brand_cut(tb, words_a):
        return True
    return _diverging(words_a, tb, True) if a_han else _diverging(words_b, ta, True)


def _brand_cut(syllables: str, latin_words: Sequence[str]) -> bool:
    """The Chinese brand's pinyin ends inside a word of the Latin name: 维宇 (weiyu) against
    'Weiyuanbo Machinery', 维鸿 (weihong) against 'Weihongda'. A Chinese brand spelt in
    Latin letters is written as one word, so 'Weiyuanbo' is a brand of three characters
    (维远博), not 维宇 with more after it; 瑞丰 against 'Ruifeng Furniture' ends with a word."""
    latin = "".join(latin_words)
    if not syllables or len(latin_words) == 0 or not latin.startswith(syllables):
        return False
    ends = {sum(len(w) for w in latin_words[: k + 1]) for k in range(len(latin_words))}
    return len(syllables) not in ends


def _same_brand(syllables: Sequence[str], latin: Sequence[str]) -> bool:
    """A Chinese firm's brand is nearly always its first two characters after the city
    (德润, 华为), and its English name puts their pinyin as its first word and goes on in
    English: 南京德润医疗器械 and 'Derun Medical' (`_diverging` has ruled out another Chinese
    name going on). `_same_firm_start` asks 6 letters, more than most brands have. Like it,
    a city `_company_core` does not know is read as the brand."""
    brand = "".join(syllables[:2])
    return len(syllables) > 2 and len(latin) > 1 and len(brand) >= 4 and latin[0] == brand


@lru_cache(maxsize=16384)
def _japanese_firm_words(core: str) -> tuple[str, ...]:
    """A firm in kanji or kana word by word as Japanese reads it (pykakasi's dictionary):
    田中通信 is ('tanaka', 'tsushin'). Empty when a character has no Japanese reading."""
    items = [i for i in _kakasi().convert(core) if i["orig"].strip()]
    words = [_passport_spelling(_fold(i["hepburn"])) for i in items]
    return tuple(words) if words and all(w.isascii() and w.isalpha() for w in words) else ()


def _same_japanese_brand(core: str, latin: Sequence[str]) -> bool:
    """A Japanese firm is named by its first word (a family or place name, 田中, 小林) and then
    its trade, and its English name keeps that word and gives the trade in English, or leaves
    it out: 田中通信 and 'Tanaka Communications', 小林食品 and 'Kobayashi Foods', 田中システムズ and
    'Tanaka Systems' (the descriptor dropped: `_firm_words` is ('tanaka',))."""
    words = _japanese_firm_words(core)
    return len(words) > 1 and len(latin) >= 1 and len(words[0]) >= 4 and words[0] == latin[0]


def _firm_slip(a: str, b: str) -> bool:
    """One slipped key in a Latin brand of 5+ letters ('Berget' for 'Berger'), as in a name
    part (`_part_similarity`): a short brand's one letter weighs more in a ratio than a
    long one's, though it is the same slip. The first letter must agree or be swapped with
    the second: 'Denton' and 'Fenton' are two firms."""
    return (
        min(len(a), len(b)) >= 5 and a.isascii() and b.isascii()
        and OSA.distance(a, b) == 1 and (a[0] == b[0] or _swap(a, b))
    )  # fmt: skip


FIRM_PREFIX_SIMILARITY = 0.9
"""A brand that starts the other's name counts as the same company (level 'same')."""


def _same_firm_start(a: str, b: str) -> bool:
    """One is the start of the other (4+ letters), or they share their first 6 letters and
    those are most of the shorter name ('Silverline Logistic' / 'Silverline Logistics Co'),
    not just a founder's surname both firms begin with ('Roberts, Rodgers and Young' /
    'Robertson, Martin and Wells')."""
    n = min(len(a), len(b))
    shared = next((i for i in range(n) if a[i] != b[i]), n)
    return shared == n >= 4 or (shared >= 6 and shared >= FIRM_SHARED_START * n)


FIRM_SHARED_START = 0.5


# --------------------------------------------------------------------------- phone, email, address

_ROLE_MAILBOXES = _wordset(
    "info sales contact office admin hello support service enquiries enquiry inquiries marketing "
    "hr jobs team mail help billing accounts reception noreply no-reply"
)


def normalize_phone(phone: str | None, region: str = DEFAULT_REGION) -> tuple[str, str]:
    """(E.164, extension); formatting must not hide a duplicate. ('', '') when there is none."""
    return _phone(phone, region)


_EXTENSION_WORDS = re.compile(
    r"[（(]?\s*(?:转|分机|內線|内线|ext\.?|x)\s*(\d{1,6})\s*[）)]?\s*$", re.IGNORECASE
)
"""'(0571) 5720 8665 转5141', '…（分机1869）': an extension as people write it in Chinese."""


_MISREAD_DIGITS = str.maketrans("OoDQIli|ZzSsBbGgq", "00001111225586699")
"""What a card reader or a hurried typist puts for a digit: O for 0, l for 1, Z for 2, S for
5, B for 8, b and G for 6, g and q for 9 (not x: it marks an extension)."""
_LONE_LETTER = re.compile(r"(?<![A-Za-z])[OoDQIli|ZzSsBbGgq](?![A-Za-z])")


def _undo_misreads(text: str) -> str:
    """'+86 133 7716 O144', '404-S54-1874', '7493B204': a letter alone among a number's
    digits is a misread digit, not part of it (phonenumbers would read it off a keypad, O as
    6, or drop it). Words ('ext', '1-800-FLOWERS') are left as they are."""
    if sum(c.isdigit() for c in text) < 6:
        return text
    return _LONE_LETTER.sub(lambda m: m.group().translate(_MISREAD_DIGITS), text)


@lru_cache(maxsize=65536)
def _phone(phone: str | None, region: str = DEFAULT_REGION) -> tuple[str, str]:
    """(E.164, extension); a number phonenumbers cannot parse is compared by its digits."""
    if not phone or not phone.strip():
        return "", ""
    text = _EXTENSION_WORDS.sub(r" ext. \1", _undo_misreads(phone.strip()))
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", text.split(";")[0])
        return (f"+{digits}" if digits else ""), ""
    if not parsed.extension and not phonenumbers.is_valid_number(parsed):
        parsed = _dashed_extension(text, region) or parsed
    if not phonenumbers.is_valid_number(parsed):
        parsed = _bracketed_country(text) or parsed
    number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return number, parsed.extension or ""


_DASHED_EXTENSION = re.compile(r"^(.*\d)\s*-\s*(\d{1,6})$")


def _dashed_extension(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    """'0086 25 2726 7447-1361', '+86-28-7029-7856-7023': a switchboard and a desk joined by a
    dash, as Chinese cards print 总机-分机. Only when the whole is no valid number and the part
    before the dash is one, so a dash inside a number ('0512-8270-0778') stays part of it."""
    m = _DASHED_EXTENSION.match(text)
    if m is None:
        return None
    try:
        main = phonenumbers.parse(m.group(1), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(main):
        return None
    main.extension = m.group(2)
    return main


_BRACKETED_COUNTRY = re.compile(r"^\(\s*([1-9]\d{0,2})\s*\)(.*)$")


def _bracketed_country(text: str) -> phonenumbers.PhoneNumber | None:
    """'(852) 9635 6017', '(44) 7591 466273': a country code in brackets, as many cards print
    it, read in the default region as an area code. Taken as the country's code only when the
    number is then valid and it was not ('(010) 8080-2530' and '(212) 805-3319' stay)."""
    m = _BRACKETED_COUNTRY.match(text)
    if m is None:
        return None
    try:
        parsed = phonenumbers.parse(f"+{m.group(1)} {m.group(2)}", None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


PHONE_TAIL = 9
"""Digits a number is keyed and compared by: the same subscriber whatever country code a
number typed without one was given ('063071 08517' read in the default region)."""


def _tail(e164: str) -> str:
    return e164[-PHONE_TAIL:]


@lru_cache(maxsize=65536)
def _lines(e164: str) -> tuple[str, ...]:
    """What a number is keyed and compared by: its last `PHONE_TAIL` digits, and a national
    number shorter than that on its own too. '6098 2464' typed without its country code is read
    in the default region (+86 6098 2464) and '+65 6098 2464' ends in other 9 digits, but both
    hold the same 8-digit subscriber number (Singapore, Hong Kong, the Nordics)."""
    try:
        national = phonenumbers.national_significant_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        national = ""
    tail = _tail(e164)
    return (tail, national) if 0 < len(national) < PHONE_TAIL else (tail,)


def _same_line(a: str, b: str) -> bool:
    return bool(a and b) and not set(_lines(a)).isdisjoint(_lines(b))


@lru_cache(maxsize=65536)
def _number_type(e164: str) -> int | None:
    """phonenumbers' type of a number (None when it does not parse). Asked only of a shared
    number: the type costs as much as the parse, and most candidates share no number."""
    try:
        return phonenumbers.number_type(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return None


def _is_mobile(e164: str) -> bool:
    """A mobile is personal, a fixed line may be an office's."""
    return _number_type(e164) == phonenumbers.PhoneNumberType.MOBILE


def _maybe_mobile(e164: str) -> bool:
    """A mobile, or a number the North American plan cannot tell from one."""
    return _number_type(e164) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    )


def _is_fixed_line(e164: str) -> bool:
    """The numbering plan says a fixed line (not 'fixed line or mobile', as in North America)."""
    return _number_type(e164) == phonenumbers.PhoneNumberType.FIXED_LINE


def normalize_email(email: str | None) -> str:
    """Case-insensitive; '+tag' sub-addresses reach the same mailbox; an '@' typed twice
    (jian_li@@tonghui.com) is one."""
    if not email or "@" not in email:
        return ""
    written = email.strip().removeprefix("mailto:")
    head, at, tail = written.rpartition("@")
    if at and "I" in head[1:] and head[1:].replace("I", "").islower():
        # A capital I after the first letter of a lower-case mailbox ('samI@') is its l read
        # off the card: the two are one stroke in the sans-serif faces cards are set in, and
        # a mailbox is written in lower case.
        written = head[:1] + head[1:].replace("I", "l") + at + tail
    local, _, domain = _fold(written).rpartition("@")
    local = local.split("+", 1)[0].rstrip("@")
    # No mailbox name holds a comma (RFC 5322 leaves it out of an unquoted local part): one
    # read or typed there is the dot beside it on the key and on the page ('eileen,moore@').
    local = local.replace(",", ".")
    if domain == "googlemail.com":
        domain = "gmail.com"
    # A top-level domain no registry has, one glyph slip from a common one ('olson.corn'):
    # the card's '.com' misread, so one firm's domain, not a second firm beside it.
    host, dot, tld = domain.rpartition(".")
    if dot and host and tld:
        domain = f"{host}.{repair_tld(tld)}"
    return f"{local}@{domain}" if local and domain else ""


# --------------------------------------------------------------------------- features


@dataclass(frozen=True, slots=True)
class _Features:
    """Everything comparison needs, computed once per contact (scan reuses it for every pair)."""

    name: _Name | None
    phone: str
    ext: str
    email: str
    role_email: bool
    domain: str  # corporate email domain, '' for free mail
    company: str
    address: Address
    mail_firm: str  # the name in the corporate email's domain: 'weihmann' of weihmann.com
    alias: _Name | None = None  # the formal name the person's own mailbox spells (`_alias`)
    firm_words: tuple[str, ...] = ()  # `_firm_words` of the company, for scoring only
    role: tuple[str, frozenset[str]] = ("", frozenset())  # `_role` of the job title
    firm_written: tuple[str, ...] = ()  # `_firm_written`: a Latin firm's words as written
    mail_phone: str = ""  # the mobile a mailbox is named by (`_mailbox_number`), E.164
    adopted: _Name | None = None  # the English name a Chinese name's mailbox spells
    japanese: bool = False  # `_looks_japanese`: the record says Japan somewhere
    unplaced: str = ""  # the phone as written, when neither it nor the record names a country


_GENERIC_CCTLDS = frozenset(
    {"io", "ai", "co", "me", "tv", "fm", "ly", "cc", "ws", "to", "gg", "im", "sh", "ac", "la", "nu"}
)
"""Country-code domains sold worldwide as generic ones (a start-up's .io, a podcast's .fm):
they say nothing of where the mailbox's owner is."""


def _record_regions(domain: str, address: Address) -> tuple[str, ...]:
    """The countries a number written without its country code may be dialled in, as the
    record says them: the mailbox's country domain (hmartin@callahan.com.au: 0470 503 165 is
    an Australian mobile), then the address's country."""
    tld = domain.rpartition(".")[2].upper() if domain else ""
    tld = "" if tld.lower() in _GENERIC_CCTLDS else ("GB" if tld == "UK" else tld)
    found = (r for r in (tld, address.country) if r and r in phonenumbers.SUPPORTED_REGIONS)
    return tuple(dict.fromkeys(found))


def _record_phone(phone: str | None, regions: tuple[str, ...]) -> tuple[str, str]:
    """(E.164, extension), a number without its country code read in the first of the
    record's regions where it is a valid number, else in the default region: a Chinese mobile
    beside a .de mailbox stays Chinese unless Germany's plan takes it too."""
    if phone and not phone.lstrip().startswith("+"):
        for region in regions:
            number, ext = _phone(phone, region)
            if _valid_number(number):
                return number, ext
    return _phone(phone)


def _valid_number(e164: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False


@lru_cache(maxsize=65536)
def _features(p: Person) -> _Features:
    email = normalize_email(p.email)
    local, _, domain = email.partition("@")
    address = addresses.parse(p.address)
    phone, ext = _record_phone(p.phone, _record_regions(domain, address))
    return _Features(
        name=(name := _name(p.name)),
        phone=phone,
        ext=ext,
        email=email,
        role_email=local in _ROLE_MAILBOXES,
        domain="" if not domain or free_mail(domain) else domain,
        company=_company_core(p.company),
        address=address,
        mail_firm=_domain_name(domain) if domain and not free_mail(domain) else "",
        alias=(
            _alias(name, local, work=bool(domain) and not _free_mail_like(domain))
            if local and local not in _ROLE_MAILBOXES
            else None
        ),
        firm_words=_firm_words(p.company),
        role=_role(p.title),
        firm_written=_firm_written(p.company),
        mail_phone=_mailbox_number(local),
        adopted=_english_alias(name, local) if local and local not in _ROLE_MAILBOXES else None,
        japanese=_looks_japanese(p, phone, domain),
        unplaced=_unplaced(p.phone, _record_regions(domain, address)),
    )


def _unplaced(phone: str | None, regions: tuple[str, ...]) -> str:
    """The number as written when it was read in the default region only because nothing
    placed it: no country code, no country domain, no country in the address."""
    if not phone or regions:
        return ""
    text = phone.strip()
    return "" if text.startswith("+") or re.sub(r"[^\d+]", "", text).startswith("00") else text


_FREE_MAIL_BRANDS = frozenset(d.split(".", 1)[0] for d in FREE_MAIL)


def _free_mail_like(domain: str) -> bool:
    """A free-mail domain, or one of the same provider in another country (hotmail.es,
    yahoo.co.in): a mailbox anyone, a spouse too, may hold. For reading a mailbox's name
    only; `free_mail` itself stays the test the comparison levels use."""
    return free_mail(domain) or domain.split(".", 1)[0] in _FREE_MAIL_BRANDS


def _looks_japanese(p: Person, phone: str, domain: str) -> bool:
    """The record says Japan: kana in the name, firm or address, a Japanese legal form (株式会社)
    or postal mark (〒), a +81 number or a .jp mailbox. Kanji alone do not: Chinese names use
    them too."""
    text = " ".join(x for x in (p.name, p.company, p.address) if x)
    return (
        bool(_KANA_ANY.search(text))
        or "〒" in text
        or any(form in text for form in _LEGAL_JA)
        or phone.startswith("+81")
        or domain.endswith(".jp")
    )


_DIGITS_MAILBOX = re.compile(r"\d{8,15}")


def _mailbox_number(local: str) -> str:
    """The mobile number a mailbox is named by (18710570784@126.com: Chinese mail providers
    offer one's own mobile as the address), in E.164; '' for any other mailbox. Only a number
    that reads as a mobile: a QQ number (739024048@qq.com) is an account, not a line."""
    if not _DIGITS_MAILBOX.fullmatch(local):
        return ""
    number, _ = _phone(local)
    return number if _is_mobile(number) else ""


def _firm_written(company: str | None) -> tuple[str, ...]:
    """A Latin firm name's words without its legal form and a leading city, descriptors kept:
    ('sejin', 'systems'). Empty for a Chinese one."""
    words = [w for w in normalize_company(company).split() if w != "and"]
    if not words or any(_HAN_ANY.search(w) for w in words):
        return ()
    if len(words) > 2 and words[0] in _places_latin():
        words = words[1:]
    return tuple(words)


def _other_trades(a: Sequence[str], b: Sequence[str]) -> bool:
    """One brand, then each firm its own trade: 'Sejin Systems' / 'Sejin Electronics', 'Sato
    Industries' / 'Sato Construction'. Groups and namesake firms name their companies so;
    one firm written twice keeps its trade or leaves it out ('Sejin' / 'Sejin Systems'), and
    a trade cut short or spelt out is the same one ('Tech' / 'Technology', 'IT' /
    'Information Technology')."""
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    rest_a, rest_b = a[shared:], b[shared:]
    if not shared or not rest_a or not rest_b:
        return False
    return not any(_same_title_word(x, y) for x in rest_a for y in rest_b)


_TITLE_FILLER = _wordset("of and the for in at")


def _role(title: str | None) -> tuple[str, frozenset[str]]:
    """A job title as (script, words): ('latin', {'sales', 'manager'}), ('han', {'技术总监'});
    ('', ∅) for none or a mix. Titles are compared only within one script: 'Founder' and
    代表取締役 may be one role in two languages."""
    folded = _fold(title or "").strip()
    if not folded:
        return "", frozenset()
    if _HAN_ANY.search(folded) or _KANA_ANY.search(folded):
        if re.search(r"[a-z]", folded):
            return "", frozenset()
        han = re.sub(r"\s+", "", folded)
        if not _KANA_ANY.search(han):
            han = simplified(han)  # 副總經理 (Taiwan, Hong Kong) is 副总经理
        return "han", frozenset([han])
    if _HANGUL_RUN.search(folded) and not re.search(r"[a-z]", folded):
        return "hangul", frozenset([re.sub(r"\s+", "", folded)])  # 팀장, 대표이사: as 经理 is
    if not folded.isascii():
        return "", frozenset()
    return "latin", frozenset(w for w in _WORD.findall(folded) if w not in _TITLE_FILLER)


def _other_roles(fa: _Features, fb: _Features) -> bool:
    """Both records give a title in one script and neither title's words hold the other's:
    'Sales Manager' / 'Regional Sales Director', 技术总监 / 商务经理. At one firm that is two
    people of one name far more often than one person written twice (whose second record
    repeats the role, or leaves it out: 'Director' / 'Sales Director' is one role)."""
    (script_a, a), (script_b, b) = fa.role, fb.role
    if not script_a or script_a != script_b:
        return False
    if script_a in ("han", "hangul"):
        x, y = next(iter(a)), next(iter(b))
        return x not in y and y not in x and _ratio(x, y) < TITLE_WORD_SIMILARITY
    a, b = _spelt_out(a, b), _spelt_out(b, a)
    return not (_held(a, b) or _held(b, a))


def _one_role(fa: _Features, fb: _Features) -> bool:
    """Both records give one title, each one's words held by the other's ('Office Manager' /
    'Office Mgr', 产品经理 / 产品经理), or a Chinese title and its English form (产品经理 /
    'Product Manager'), as bilingual cards and two reps' records write one role."""
    (script_a, a), (script_b, b) = fa.role, fb.role
    if not script_a or not script_b:
        return False
    if "hangul" in (script_a, script_b) and script_a != script_b:
        return False  # no dictionary here reads a Korean title in English
    if script_a != script_b:
        han, latin = (a, b) if script_a == "han" else (b, a)
        return _english_role(next(iter(han)), latin)
    if script_a in ("han", "hangul"):
        return a == b
    return _same_words(a, b)


def _same_words(a: frozenset[str], b: frozenset[str]) -> bool:
    a, b = _spelt_out(a, b), _spelt_out(b, a)
    return _held(a, b) and _held(b, a)


def _english_role(han: str, latin: frozenset[str]) -> bool:
    """A Chinese title one of whose English forms (CC-CEDICT's senses of its words) is the
    Latin title: 销售经理 / 'Sales Manager', 首席执行官 / 'CEO'. A title written in kana is
    Japanese, which the Chinese dictionary does not read."""
    if _KANA_ANY.search(han):
        return False
    return any(_same_words(form, latin) for form in job_titles.english_forms(han))


TITLE_WORD_SIMILARITY = 0.75
"""Title words this alike are one word mistyped or misread ('Projcct', 'Markcting', 'CE0')."""
_LOOKALIKE_DIGITS = str.maketrans("01", "ol")


INITIALISM_LETTERS = (2, 4)
"""A title word this long may be the initials of the other title's words ('BD', 'CFO')."""


def _spelt_out(words: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """The title's words with an initialism replaced by the other title's words it is made
    of: {'bd', 'manager'} against 'Business Development Manager' is that title's words. Cards
    shorten a role so ('VP Sales', 'CFO', 'BD'); order is not kept, so the initials are
    matched as a set of first letters."""
    out = set(words)
    low, high = INITIALISM_LETTERS
    for w in words:
        if not low <= len(w) <= high or not w.isalpha():
            continue
        if any(_same_title_word(w, v) for v in other):
            continue
        for spelt in combinations(sorted(other - words), len(w)):
            if sorted(v[0] for v in spelt) == sorted(w):
                out.discard(w)
                out.update(spelt)
                break
    return frozenset(out)


def _held(words: frozenset[str], other: frozenset[str]) -> bool:
    """Each word is in the other title, mistyped, misread or cut short ('Mgr', 'Dir.')."""
    return all(any(_same_title_word(w, v) for v in other) for w in words)


def _same_title_word(a: str, b: str) -> bool:
    a, b = a.translate(_LOOKALIKE_DIGITS), b.translate(_LOOKALIKE_DIGITS)
    if a == b or _ratio(a, b) >= TITLE_WORD_SIMILARITY:
        return True
    short, long = sorted((a, b), key=len)
    letters = iter(long)
    return short[0] == long[0] and all(c in letters for c in short)  # 'mgr' in 'manager'


def _local_words(local: str) -> list[str]:
    """A mailbox's name parts, digits dropped: 'gao.jerry1963' -> ['gao', 'jerry']."""
    return [w for w in re.split(r"[._\-]+", re.sub(r"\d+", "", local)) if w]


def _alias(name: _Name | None, local: str, work: bool = False) -> _Name | None:
    """'Laurie Griffin' <lawrence_griffin@aol.com>: the mailbox spells the given name the person
    was registered with, so 'Lawrence Griffin' is read as this person's name too. Name variants
    from the contact's own data, not a typed table; only a mailbox holding the record's own
    surname and a given name with the same initial (Bob/Robert stays with `nicknames`), so a
    spouse's mailbox does not lend its owner's name. The surname may be cut to its initial
    after the given name, a common firm pattern: katharinas@ of 'Katja Schwital'. On a `work`
    mailbox (not free mail) a pet form with another initial is read too (`_mailbox_pet_form`:
    Lola <doloresc@firm>): a firm gives its staff, not their families, a mailbox."""
    if name is None or name.han is not None or len(name.raw) < 2:
        return None
    words = _local_words(local)
    given = name.raw[0]
    # 'Concha Font Gámez' <concepcion.font@firm>: a Spanish or Portuguese name has two
    # surnames and a firm's mailbox often holds the first; any part after the given name will
    # do there (free mail stays with the last, as for the pet forms below).
    surnames = reversed(name.raw[1:]) if work else name.raw[-1:]
    for surname in dict.fromkeys(surnames):
        alias = _alias_for(name, given, surname, words, work)
        if alias is not None:
            return alias
    return None


def _alias_for(
    name: _Name, given: str, surname: str, words: list[str], work: bool
) -> _Name | None:
    whole = (given + surname, surname + given)  # wugang@ of 'Wu Gang' spells him, no initial
    glued = _glued(words, name, surname)
    if glued:
        words = glued  # resendezguadalupe@ of 'Lupe Reséndez': surname and given name run together
    elif (
        len(words) == 1 and len(words[0]) > 4 and words[0] not in (given, *whole)
        and words[0][-1] == surname[0]
    ):  # fmt: skip
        words = [words[0][:-1], surname]  # katharinas@ of 'Katja Schwital': given + initial
    if len(words) != 2 or surname not in words:
        return None
    other = words[1] if words[0] == surname else words[0]
    if len(other) < 3 or other == given or not other.isalpha():
        return None
    if other[0] != given[0] and not (work and _mailbox_pet_form(given, other)):
        return None
    # The first of two surnames stands for both ('concepcion.font@' of 'Concha Font Gámez').
    rest = surname if surname == name.raw[-1] else " ".join(name.raw[1:])
    return replace(_latin_name(f"{other} {rest}"), generation=name.generation)


GLUED_GIVEN_LETTERS = 3
"""The fewest letters a given name run together with the surname in a mailbox is read from
('kennedypatricia'): a shorter rest is an initial or a number's stray letters."""


def _glued(words: list[str], name: _Name, surname: str) -> list[str]:
    """A one-word mailbox that is the surname and another word run together, either way round
    ('kennedypatricia@', 'patriciakennedy@'), as [that word, surname]; [] if it is not. Mail
    providers and firms hand out such mailboxes when dots are not allowed or not used. Not
    when the other word is a part of the written name: youngho@ of 'Park Young-ho' is his
    given name run together, not a 'Ho' called Young."""
    if len(words) != 1 or len(surname) < 2:
        return []
    word = words[0]
    for rest in (word.removeprefix(surname), word.removesuffix(surname)):
        if (
            rest != word
            and len(rest) >= GLUED_GIVEN_LETTERS
            and rest.isalpha()
            and rest not in name.raw
        ):
            return [rest, surname]
    return []


MAILBOX_PET_RUN = 2
"""Letters in a row a pet form shares with its long name, when the initials differ: Lola of
Dolores, Lupe of Guadalupe, Nacho of Ignacio, Hans of Johannes (the clipped or altered
middle or end, the way Spanish, Italian and German short forms are made)."""


def _mailbox_pet_form(short: str, long: str) -> bool:
    """`short` may be a pet form of `long` made from inside it: shorter, and sharing a run of
    `MAILBOX_PET_RUN` letters. Only read where the person's own mailbox spells the long name with
    their surname (`_alias`), which is what says the two are one person's."""
    if len(short) >= len(long):
        return False
    runs = {short[i : i + MAILBOX_PET_RUN] for i in range(len(short) - MAILBOX_PET_RUN + 1)}
    return any(run in long for run in runs)


def _english_alias(name: _Name | None, local: str) -> _Name | None:
    """'Jerry Gao' for 高海燕 <gaojerry1963@>, 'Linda Chen' for 'CHEN YAN' <linda.chen@>:
    Chinese professionals often go by an English given name and put it, with their surname,
    in their mailbox, so the record itself says both names are one person's. Only a Chinese
    name (in characters, or two parts of pinyin), a mailbox holding its surname, and beside
    it a given name that is no Chinese spelling or a known English one (`_english_given`)."""
    if name is None:
        return None
    if name.han is not None:
        surnames: tuple[str, ...] = name.raw[:1]
    elif len(name.raw) == 2 and all(_chinese_spelling(p) for p in name.raw):
        surnames = name.raw  # 'Zhou Bing' or 'Bing Zhou': which part is the surname is unknown
    else:
        return None
    words = _local_words(local)
    for surname in surnames:
        if len(words) == 2 and surname in words:
            other = words[1] if words[0] == surname else words[0]
        elif len(words) == 1 and words[0] != surname and surname in (
            words[0][: len(surname)], words[0][-len(surname) :]
        ):
            other = words[0].removeprefix(surname) if words[0].startswith(surname) else (
                words[0].removesuffix(surname)
            )
        else:
            continue
        latin = _latin_name(f"{other} {surname}")
        if other not in name.raw and _english_given(latin, surname):
            return latin
    return None


_SECOND_LEVEL = _wordset("com co net org edu gov ac or ne ltd plc gen biz")
"""Labels under a country code that are not the owner's name: acme.com.cn, acme.co.uk."""


def _domain_name(domain: str) -> str:
    """The owner's name in a domain, letters only: 'mail.qiming-impe.com.cn' -> 'qimingimpe'.
    One writes the firm, the other only an email at it: the two still name one firm."""
    labels = domain.split(".")[:-1]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    name = re.sub(r"[^a-z]", "", labels[-1]) if labels else ""
    for word in _DOMAIN_TAILS:  # 'antaigroup', 'ruizhitech': the brand is what is left
        if name.endswith(word) and len(name) - len(word) >= 3:
            return name[: -len(word)]
    return name


def _domain_words(domain: str) -> tuple[str, ...]:
    """The words of a hyphenated domain's owner: mirae-electronics.co.kr is ('mirae',
    'electronics'); a firm's domain spells its name as the firm writes it."""
    labels = domain.split(".")[:-1]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    if not labels or "-" not in labels[-1]:
        return ()
    return tuple(w for w in labels[-1].split("-") if w.isalpha())


_DOMAIN_TAILS = sorted(_GENERIC_LATIN | _LEGAL_LATIN, key=lambda w: (-len(w), w))


def _firm_matches_domain(core: str, name: str, words: Sequence[str] = ()) -> bool:
    """A firm written out and the name of a domain: 'Weihmann AG' and weihmann.com (not
    'Williams, Green and Li' and williamsscottandwelch.com: `_diverging`), allowing the slip
    two written firm names are allowed (`SAME_COMPANY_LEVEL`)."""
    han = bool(_HAN_ANY.search(core))
    text = _pinyin(core) if han else core
    if not han and len(name) >= 6 and _ratio(text, name) >= SAME_COMPANY_LEVEL:
        return True  # 'Egnlish Print' and englishprint.co: a slip, as between two firm names
    if han and _brand_and_trade(words, name):
        return True
    return (
        bool(text) and len(name) >= 3 and _same_firm_start(text, name)
        and not _diverging(words, name, han)
    )  # fmt: skip


def _brand_and_trade(syllables: Sequence[str], name: str) -> bool:
    """A Chinese firm's domain is its brand's pinyin (its first two characters, as
    `_same_brand` reads them) and then its trade in English: 宏泰机械设备 at
    hongtai-machinery.com. What follows the brand must not read as pinyin (hongtaixin is
    another firm's name, not a trade)."""
    brand = "".join(syllables[:2])
    if len(syllables) < 2 or len(brand) < 4 or not name.startswith(brand):
        return False
    rest = name[len(brand) :]
    return len(rest) >= 4 and not _all_syllables(rest)


# --------------------------------------------------------------------------- scoring


def _interp(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in pairwise(zip(xs, ys, strict=True)):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ys[-1]


def _name_only_score(name: float) -> float:
    """Capped well below any sane threshold: 王伟 or John Smith alone is not a duplicate."""
    return _interp(name, (0.5, 1.0), (0.0, 0.5))


# Name similarity at or above each level of the name comparison (linkage.COMPARISONS["name"]).
NAME_LEVELS = (DIFFERENT_NAME_LEVEL, 0.75, SIMILAR_NAME_LEVEL, 0.97)
COMPANY_LEVELS = (0.7, SAME_COMPANY_LEVEL)
CAPPED = 0.5
"""Where the rules cap a pair the model would call likely: clearly different names sharing a
mailbox or line, two desks on one switchboard, a name with no shared channel or context."""


def _level(value: float, cuts: Sequence[float]) -> int:
    """1 + how many cuts `value` reaches (0 is kept for 'missing')."""
    return 1 + sum(value >= c for c in cuts)


@dataclass(frozen=True, slots=True)
class _Comparison:
    vector: linkage.Vector
    name: float | None
    name_flags: tuple[str, ...]
    same_line: bool
    same_mailbox: bool
    other_desk: bool  # both on one switchboard with their own extensions
    other_mailbox: bool  # both with their own (not role) mailbox at one corporate domain


def _phone_level(fa: _Features, fb: _Features) -> tuple[int, bool]:
    """(level, other desk). Levels: different, switchboard (a desk against its main line),
    same fixed line, same number (a mobile, or one desk's extension). A mailbox named by a
    mobile (`_mailbox_number`) is that mobile: 黃桦文 <18710570784@126.com> and 黄桦文 on
    187 1057 0784 share it. Two numbers that are not one as read are read again, one that
    nothing placed in the other record's country (`_placed_line`): '(21) 96392-7557' is
    '+55 21 96392-7557', not a Chinese number cut short."""
    if any(x.mail_phone and _same_line(x.mail_phone, y.phone) for x, y in ((fa, fb), (fb, fa))):
        return 4, False
    if not (fa.phone and fb.phone):
        return 0, False
    (phone_a, ext_a), (phone_b, ext_b) = (fa.phone, fa.ext), (fb.phone, fb.ext)
    if not _same_line(phone_a, phone_b):
        (phone_a, ext_a), (phone_b, ext_b) = _placed_line(fa, fb.phone), _placed_line(fb, fa.phone)
    if not _same_line(phone_a, phone_b):
        return 1, False
    if ext_a != ext_b:
        both = bool(ext_a and ext_b)
        return (1 if both else 2), both
    # A North American number may be a mobile or a fixed line; read as her own, unless a
    # 'Jr.'/'Sr.' says a family whose home line it may be.
    family = any(f.name is not None and f.name.generation for f in (fa, fb))
    mobile = _is_mobile if family else _maybe_mobile
    if not ext_a and not (mobile(phone_a) or mobile(phone_b)):
        # Either side's number read as a mobile says it is one: the other may have been
        # typed without its country code and read in the default region (0458 280 797).
        return 3, False
    return 4, False


_SEPARATORS = re.compile(r"[._-]")


def _email_level(fa: _Features, fb: _Features) -> int:
    """different, same corporate domain, one shared role mailbox (info@), same person's; as
    missing for a work and a personal mailbox that each spell their owner's name."""
    if not (fa.email and fb.email):
        return 0
    if _one_mailbox(fa.email, fb.email):
        return 3 if fa.role_email else 4
    (local_a, _, domain_a), (local_b, _, domain_b) = (f.email.partition("@") for f in (fa, fb))
    if local_a == local_b and _domain_slip(local_a, domain_a, domain_b) and not fa.role_email:
        return 4  # sophia.wang@ruiyugroup.cn read as sophia.wang@rujyugroup.cn
    if fa.domain and fa.domain == fb.domain:
        # 'mary.jones' / 'maryjnoes' is one mailbox mistyped; 'wei.liu2' is a namesake's.
        a, b = _SEPARATORS.sub("", local_a), _SEPARATORS.sub("", local_b)
        digits = re.sub(r"\D", "", a) == re.sub(r"\D", "", b)
        if not digits or _ratio(a, b) < TYPO_SIMILARITY:
            return 2
        if _surname_initial_added(a, fb.name, b) or _surname_initial_added(b, fa.name, a):
            return 2
        # Each the owner's name, or the English name a Chinese one goes by (`_english_alias`).
        own_a = _firm_mailbox(fa.name, a) or _firm_mailbox(fa.adopted, a) or _read_in(fa.name, a)
        own_b = _firm_mailbox(fb.name, b) or _firm_mailbox(fb.adopted, b) or _read_in(fb.name, b)
        return 2 if own_a and own_b else 4
    work_and_personal = bool(fa.domain) != bool(fb.domain)
    if work_and_personal and _spells(fa.name, local_a) and _spells(fb.name, local_b):
        # A work and a personal mailbox, each its owner's name: one person has both as often
        # as two namesakes have one each, so the pair weighs nothing either way.
        return 0
    return 1


def _surname_initial_added(taken: str, name: _Name | None, local: str) -> bool:
    """'meilingl@' for Lim Mei Ling where 'meiling@' is taken: the firm told a second Mei
    Ling from the first by her surname's initial, so the two mailboxes are two people's, not
    one typed twice ('jdeleonn@' for jdeleon@ adds no initial; 'jsmiths@' for jsmith@ adds
    the initial of a surname the mailbox already spells). Either end of the name may be the
    surname ('Lim Mei Ling')."""
    if name is None or name.han is not None or len(name.raw) < 2 or len(taken) < 3:
        return False
    ends = (name.raw[0], name.raw[-1])
    return any(local == taken + part[0] and part not in taken for part in ends)


_LOOKALIKES = ({"1", "l", "i"}, {"0", "o"})
"""Characters a card reader (or a reader of a card) takes for one another in a mailbox: l, I
and 1; o and 0. Folded to lower case, so 'Iuqiangyang' is 'iuqiangyang'."""


def _one_mailbox(a: str, b: str) -> bool:
    """The same address, or one read with a look-alike (`_misread_mailbox`, `_misread_glyphs`):
    lankai@ / 1ankai@, harinakshis@ / hannakshis@."""
    if not (a and b):
        return False
    if a == b:
        return True
    (local_a, _, domain_a), (local_b, _, domain_b) = a.partition("@"), b.partition("@")
    return domain_a == domain_b and (
        _misread_mailbox(local_a, local_b) or _misread_glyphs(local_a, local_b)
    )


_GLYPH_MISREADS = (*GLYPH_SLIPS, ("j", "i"), ("c", "e"))
"""The letters OCR takes for two (`ocr.extract.GLYPH_SLIPS`), which change a mailbox's length
where `_LOOKALIKES` do not, the dotted 'j' for an 'i', and a 'c' for an 'e' whose bar a small
print or a scan loses (pcter.zhang@ for peter.zhang@)."""


def _glyph_folded(local: str) -> str:
    for glyphs, letter in _GLYPH_MISREADS:
        local = local.replace(glyphs, letter)
    return local


def _misread_glyphs(a: str, b: str) -> bool:
    """'harinakshis' / 'hannakshis', 'denis' / 'denjs': one mailbox name, one of them read
    with a confused glyph (`_GLYPH_MISREADS`). Not with digits: a numbered mailbox stays its
    own ('wei.liu1')."""
    if a == b or min(len(a), len(b)) < MAILBOX_SLIP_LOCAL or any(c.isdigit() for c in a + b):
        return False
    return _glyph_folded(a) == _glyph_folded(b)


def _misread_mailbox(a: str, b: str) -> bool:
    """'lankai' / '1ankai', 'luqiangyang' / 'iuqiangyang': one mailbox name with a look-alike
    read for a letter. Not a digit at the end or before another digit: 'wei.liu1' and
    'wei.liul' may be two mailboxes, 'li10' a numbered one."""
    if len(a) != len(b) or len(a) < MAILBOX_SLIP_LOCAL or a == b:
        return False
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y:
            continue
        if not any(x in group and y in group for group in _LOOKALIKES):
            return False
        if i + 1 >= len(a) or not a[i + 1].isalpha():
            return False
    return True


MAILBOX_SLIP_LOCAL = 4
"""A mailbox name at least this long, written the same at two domains a character apart, is
one mailbox whose domain was misread or mistyped ('kjdgroup', 'sato-trading,co.jp'): few
people share a mailbox name of this length at two domains so alike."""


def _two_mail_firms(fa: _Features, fb: _Features) -> bool:
    """Both records give a work mailbox, at two domains that are neither one read with a slip
    (`_domain_slip`) nor one firm's two names (one the start of the other: tidewater.com and
    tidewater-partners.com)."""
    a, b = fa.mail_firm, fb.mail_firm
    if not (a and b) or a == b or fa.domain == fb.domain:
        return False
    if any(_free_mail_like(d) for d in (fa.domain, fb.domain)):
        return False
    if Levenshtein.distance(fa.domain, fb.domain) <= 1:
        return False
    return not (a.startswith(b) or b.startswith(a) or _same_firm_start(a, b))


def _domain_slip(local: str, a: str, b: str) -> bool:
    return len(local) >= MAILBOX_SLIP_LOCAL and Levenshtein.distance(a, b) == 1


def _spells(name: _Name | None, local: str) -> bool:
    """The mailbox is its owner's whole name, given and surname in either order:
    ziyou.yang@ of 'Ziyou Yang' and ziyu.yang@ of 杨子玉 are each written right, so two
    mailboxes of two people whose names differ by a letter, not one mailbox mistyped."""
    if name is None or len(name.raw) < 2:
        return False
    letters = re.sub(r"[^a-z]", "", local)
    if letters in ("".join(name.raw), "".join(reversed(name.raw))):
        return True
    # a given name of two words after or before the surname: siewlan.goh@ of 'Goh Siew Lan',
    # smith.maryann@ of 'Mary Ann Smith'
    raw = name.raw
    return any(letters == "".join(raw[k:] + raw[:k]) for k in range(1, len(raw)))


def _firm_mailbox(name: _Name | None, local: str) -> bool:
    """The mailbox is made of its owner's name as firms make them: the whole name
    (`_spells`), the given name alone, or one part and the other's initial (qiangl@, jsmith@
    of 李强 and John Smith). Two such mailboxes at one domain a letter apart are two people's,
    each written right, not one mistyped."""
    if _spells(name, local):
        return True
    if name is None or len(name.raw) < 2:
        return False
    letters = re.sub(r"[^a-z]", "", local)
    first, last = name.raw[0], name.raw[-1]
    return any(
        letters in (x, x + y[0], y[0] + x) for x, y in ((first, last), (last, first))
    )


def _read_in(name: _Name | None, local: str) -> bool:
    """A name in characters whose reading the firm's mailbox is made of (`_firm_mailbox`):
    yui.takahashi@ of 高橋結衣, as a Japanese firm writes its staff's names in Latin letters.
    Beside yuki.takahashi@ of 'Yuki Takahashi' that is two colleagues' mailboxes, each
    written right, not one mistyped."""
    if name is None or name.han is None:
        return False
    return any(_firm_mailbox(_latin_name(" ".join(r)), local) for r in name.readings)


_NUMBERED = re.compile(r"^([a-z._\-]+?)[._\-]?([1-9])$")
"""A mailbox a firm numbered: one digit after the name (two or more read as a year, 'ward96')."""


def _numbered_mailbox(f: _Features, other: _Features | None = None) -> bool:
    """The person's own work mailbox is their name with a number after it: wei.liu2@,
    mbrown2@, david.jones.2@ at the firm's domain. Firms number a mailbox when the plain one
    is taken, by someone of the same name there: the firm itself says it has two of them, so
    a name and the firm are no more context than for 王伟 (`_score`). Only at the domain of
    the firm the record names: at a mail provider (sharma27@rediffmail.com) the number is a
    year or a taken handle, not a second colleague. The firm may be named by the `other`
    record of the pair (thomas.powell2@harris.com beside 'Harris Corp.')."""
    if not f.mail_firm or f.role_email or f.name is None:
        return False
    found = _NUMBERED.match(f.email.partition("@")[0])
    if found is None or not _firm_mailbox(f.name, found.group(1)):
        return False
    firms = [f] + ([other] if other is not None else [])
    return any(
        x.company and _firm_matches_domain(x.company, f.mail_firm, x.firm_words) for x in firms
    )


def _numbered_at_one_firm(f: _Features) -> bool:
    """A numbered mailbox at a firm's own domain, for a pair both of whose records name that
    one firm (`_score`): hyejin_kwon.2@shinsung.co.kr beside (주)신성시스템 twice. The firm
    numbered it because the plain one was taken, as `_numbered_mailbox` says; with the firm
    named on both records, neither the domain need spell the firm (a Korean or Chinese firm
    written in its own script) nor the mailbox the name as this code romanizes it (kwon for
    권, hsiao for 蕭): the number alone is the firm's word. Not a role mailbox (sales2@)."""
    local, _, domain = f.email.partition("@")
    if not f.mail_firm or f.role_email or f.name is None or _free_mail_like(domain):
        return False
    found = _NUMBERED.match(local)
    return found is not None and re.sub(r"[._\-]", "", found.group(1)) not in _ROLE_MAILBOXES


DECLARED_NAME_SIMILARITY = 0.9
"""'Leo Dong' for '董娜 Leo': the record itself says its English name: 'similar'."""


def _declared_name(na: _Name | None, nb: _Name | None) -> bool:
    """A Chinese name written with an English given name beside it ('董娜 Leo', '吴虹（Eric）')
    against the Latin 'Given Surname' of that English name and the same surname."""
    if na is None or nb is None or (na.han is None) == (nb.han is None):
        return False
    han, latin = (na, nb) if na.han is not None else (nb, na)
    if not han.english or len(latin.raw) != 2 or not han.tokens:
        return False
    return sorted(latin.raw) == sorted((han.english, han.tokens[0]))


ADOPTED_NAME_SIMILARITY = SIMILAR_NAME_LEVEL
"""'Lily Wu' for 吴慧小: an English given name taken by a Chinese person, read so only on one
personal mobile or mailbox (`_adopted_name`), which makes it hers: 'similar', as a slip of
her name on that channel is, not a near name the model may weigh below one (a deployment whose
records rarely repeat a mobile gives that channel few bits)."""


def _adopted_name(na: _Name | None, nb: _Name | None) -> bool:
    """One is a Chinese name, the other a Latin 'Given Surname' with the same surname and a
    given name that is not pinyin ('Lily', 'Coco'; not 'Lei'): the English name many Chinese
    professionals use at work. Alone it says nothing (every 吴 could be Lily Wu); only a
    personal channel both records share makes it the same person, so `_compare` asks for one.
    A given name that reads as pinyin ('Linda': lin-da) stays a different name: cautious."""
    if na is None or nb is None:
        return False
    if na.han is None and nb.han is None:
        # 'Tina Chiu' for 'Shu-hua Chiu': the Chinese name in Latin letters, pinyin or Wade–Giles
        return _adopted_latin(na, nb) or _adopted_latin(nb, na)
    if na.han is None or nb.han is None:
        han, latin = (na, nb) if na.han is not None else (nb, na)
        if len(han.tokens) != 2 or "·" in "".join(han.han or ()):
            return False
        if any(_english_given(latin, s) for s in {han.tokens[0], _wade_giles(han.han)[0]}):
            return True
        # 'Kevin Fujii' for 藤井充: the surname in its Japanese reading, and an English given
        # name the `nicknames` table knows (a Japanese one, 'Haruto', may be the kanji's own
        # reading the dictionary lacks: that is `_mailbox_spells_the_other`'s case)
        return any(
            _english_given(latin, reading[0])
            and _known_english_given(next(p for p in latin.raw if p != reading[0]))
            for reading in han.readings
            if len(reading) == 2
        )
    return False


def _pet_of_the_mailbox(fa: _Features, fb: _Features) -> bool:
    """One work mailbox (at a firm's domain) spelling one record's whole name, and the other
    record that very surname with another given name: 'Paco Prat' on francisco.prat@, a pet
    name the nicknames table does not know (Spanish, Italian). A spouse shares a personal
    mailbox, not a work one; an assistant on the boss's mailbox has a surname of her own."""
    if not fa.domain or fa.role_email:
        return False
    local = fa.email.partition("@")[0]
    for owner, other in ((fa.name, fb.name), (fb.name, fa.name)):
        if owner is None or other is None or owner.han is not None or other.han is not None:
            continue
        if len(owner.raw) < 2 or len(other.raw) < 2 or owner.generation != other.generation:
            continue
        same_surname = other.raw[1:] == owner.raw[1:] and other.raw[0] != owner.raw[0]
        if same_surname and _spells(owner, local) and not _spells(other, local):
            return True
    return False


def _mailbox_spells_the_other(fa: _Features, fb: _Features) -> bool:
    """One record's name in characters (佐藤涼平, 中島 七夏), the other's in Latin letters,
    and the first record's own mailbox spells the Latin name in full (ryohei.sato@): the
    record says how its owner writes the name in Latin letters. A given name's kanji have
    several readings and the dictionary may lack the one used (陽翔 read Haruto), so without
    this the two names count as two. `_compare` asks for one
    mobile too: an assistant on her boss's mailbox does not share his mobile."""
    for native, latin in ((fa, fb), (fb, fa)):
        if native.name is None or native.name.han is None or native.role_email:
            continue
        if latin.name is None or latin.name.han is not None or len(latin.name.raw) < 2:
            continue
        if _spells(latin.name, native.email.partition("@")[0]):
            return True
    return False


def _mailbox_names_the_other(fa: _Features, fb: _Features) -> bool:
    """One record's own mailbox spells the other record's whole Latin name and not its own:
    'Joey Gall' <joey.hall@>, 'Joey Hall'. The mailbox was copied from the card or typed by
    its owner; the name on the record is the slip."""
    for x, y in ((fa, fb), (fb, fa)):
        if x.name is None or y.name is None or x.role_email or not x.email:
            continue
        if x.name.han is not None or y.name.han is not None or len(y.name.raw) < 2:
            continue
        if x.name.generation != y.name.generation:
            continue  # 'Simon Pollard Jr' <pollardsimon@>: the mailbox spells father and son
        local = x.email.partition("@")[0]
        if _spells(y.name, local) and not _spells(x.name, local):
            return True
        # susanh1976@ on 'Qusa Herman': the given name in full and the surname's initial,
        # one surname on both records, and the record's own given name not in it
        letters = re.sub(r"[^a-z]", "", local)
        given, surname = y.name.raw[0], y.name.raw[-1]
        if (
            len(given) >= MAILBOX_SURNAME_LETTERS
            and letters == given + surname[0]
            and x.name.raw[-1] == surname
            and not _firm_mailbox(x.name, local)
        ):
            return True
    return False


def _mailbox_reads_the_other(fa: _Features, fb: _Features) -> bool:
    """A Latin name's own mailbox spells the other record's Chinese given name in pinyin,
    alone or with the surname both records give: 'Jack Yuan' <zinuo@yuanjing.com.cn> and
    袁子诺. The mailbox says which Chinese name the English one stands for, as `_english_alias`
    reads an English name out of a Chinese name's mailbox."""
    for latin, native in ((fa, fb), (fb, fa)):
        han, name = native.name, latin.name
        if han is None or han.han is None or len(han.tokens) != 2 or "·" in "".join(han.han):
            continue
        if name is None or name.han is not None or len(name.raw) < 2 or latin.role_email:
            continue
        surname, given = han.tokens
        written = {_PASSPORT_SURNAMES.get(p, p) for p in name.raw}
        surnames = {surname, *_wade_giles(han.han)[:1]}
        if not latin.email or given in name.raw or not written & surnames:
            continue
        letters = re.sub(r"[^a-z]", "", latin.email.partition("@")[0])
        forms = {given + surname, surname + given, given + surname[0], surname[0] + given}
        if len(given) >= MAILBOX_SURNAME_LETTERS and letters in {given, *forms}:
            return True
    return False


def _english_given(latin: _Name, surname: str) -> bool:
    """'Lily Wu' beside the surname 'wu': two parts, one the surname, the other no Chinese
    spelling (not 'Lei'; 'Linda', lin-da, stays a different name: cautious)."""
    if len(latin.raw) != 2 or surname not in latin.raw:
        return False
    given = latin.raw[1] if latin.raw[0] == surname else latin.raw[0]
    if len(given) < 3 or not given.isalpha() or not given.isascii():
        return False
    return not _chinese_spelling(given) or _known_english_given(given)


def _known_english_given(given: str) -> bool:
    """'Annie', 'Tina', 'Linda', 'Ben' can be cut into pinyin syllables (an-nie, ti-na), yet
    the `nicknames` table knows them as English given names and their short forms: on one
    personal channel with the surname they are the adopted English name. A name the table
    links to nothing ('Lei', 'Ming') stays pinyin: cautious."""
    return len(_nick_forms(given)) > 1


def _adopted_latin(chinese: _Name, english: _Name) -> bool:
    """'Shu-hua Chiu' / 'Tina Chiu', 'Feihui Zhong' / 'Sam Zhong': one surname, and beside it
    a Chinese given name spelt in Latin letters on one side, an English one on the other."""
    surnames = [t for t in chinese.raw if t in english.raw]
    if len(surnames) != 1 or not 2 <= len(chinese.raw) <= 3:
        return False
    surname = surnames[0]
    given = "".join(t for t in chinese.raw if t != surname)
    return (
        _chinese_spelling(surname)
        and len(given) >= 2
        and _chinese_spelling(given)
        and _english_given(english, surname)
    )


def _short_for_alias(f: _Features) -> bool:
    """The written given name is a short form of the one the person's own mailbox spells
    ('Dan Blanchet' <daniel.blanchet@>): the mailbox says which long name it is short for.
    `_compare` then reads 'Dan' as Daniel, so Dan is not also taken for Danielle at his
    address (a couple), though 'Dan' alone would be a fine short form of either."""
    if f.alias is None or f.name is None:
        return False
    short, full = f.name.raw[0], f.alias.raw[0]
    # 'da Cunha, Luiz Fernando' <dacunhal@>: the mailbox glues the written name's own first
    # words ('da' + 'cunha'), it spells no longer given name.
    raw = f.name.raw
    glued = any(full == "".join(raw[:k]) for k in range(2, len(raw) + 1))
    return len(short) < len(full) and full.startswith(short) and not glued


def _mailbox_given(f: _Features) -> str:
    """The given name the person's own mailbox spells: the long name of `_alias`, or the
    written one when the mailbox is made of it (christina@, christina.moore@, christinam@).
    '' when the mailbox says nothing of it (cmoore@, info@, none) or nothing sure."""
    if f.name is None or f.name.han is not None or len(f.name.raw) < 2 or f.role_email:
        return ""
    given, surname = f.name.raw[0], f.name.raw[-1]
    if f.alias is not None:
        # Only a name the `nicknames` table knows (not 'tsanto' of tsantos@), and not a slip
        # of the written one (robet.cook@ of Robert Cook: which is right is unknown).
        long = f.alias.raw[0]
        known = len(_nick_forms(long)) > 1
        return long if known and _part_similarity(given, long) < TYPO_SIMILARITY else ""
    letters = re.sub(r"[^a-z]", "", f.email.partition("@")[0])
    forms = {given, given + surname, surname + given, given + surname[0]}
    # either family name of a Spanish or Portuguese one: christina_soria@ of 'Christina Soria
    # Arreola' (a mailbox keeps the first surname, the name writes both)
    forms |= {form for part in f.name.raw[1:-1] for form in (given + part, part + given)}
    return given if letters and letters in forms else ""


SHORT_FORM_LETTERS = 4
"""A given name this short may be the start of the other's as its bearer's own short form
(Alex, Dan, Raj): not two names even when each mailbox spells one."""


def _two_given_names(fa: _Features, fb: _Features) -> bool:
    """Each record's own mailbox spells its given name and the two differ, neither a nickname
    nor a short form of the other: each was written right, so a letter apart (Christina /
    Christian) or a feminine form (Joseph / Josephine) is two people, not a slip."""
    a, b = _mailbox_given(fa), _mailbox_given(fb)
    if not (a and b) or a == b or _nick_related(a, b):
        return False
    assert fa.name is not None and fb.name is not None  # a mailbox spells no given name without
    if fa.name.raw[-1] != fb.name.raw[-1]:
        return False  # 'Huang Xuan' / 'Xuan Huang': which part is the given name is not known
    short, long = sorted((a, b), key=len)
    return not (len(short) <= SHORT_FORM_LETTERS and long.startswith(short))


PET_FORM_SIMILARITY = 0.75
"""'Fritz' for 'Friedrich': 'close', read so only on one personal mobile or mailbox."""
PET_FORM_RUN = 3


def _pet_form(na: _Name | None, nb: _Name | None) -> bool:
    """One surname, and given names sharing a run of 3+ letters: Fritz/Friedrich, Concha/
    Concepción, Hans/Johannes, Álex/Alejandro. Pet forms outside English (the `nicknames`
    table's reach) are cut from the name's own letters. Alone that is also a brother, so
    `_compare` asks for one mobile or personal mailbox both records share. A feminine form
    (Paul/Paula) is not one: `FEMININE_FORM_SIMILARITY` weighs it."""
    if na is None or nb is None or na.han is not None or nb.han is not None:
        return False
    if len(na.raw) < 2 or len(nb.raw) < 2 or na.generation != nb.generation:
        return False
    a, b = na.raw[0], nb.raw[0]
    surname = na.raw[-1] == nb.raw[-1] or (
        _part_similarity(na.raw[-1], nb.raw[-1]) >= TYPO_SIMILARITY
    )  # 'Ignacio MMagaña': a slip in the surname too
    if not surname or a == b or _feminine_form(a, b) or _feminine_form(b, a):
        return False
    # the run starts one of them: a pet form is the full name cut down, and keeps the run it
    # starts with (Hans of Johannes, Toni of Antonio); Eshana and Nathan only share 'han'
    if a[:PET_FORM_RUN] in b or b[:PET_FORM_RUN] in a:
        return True
    if _clipped(a, b) or _clipped(b, a):
        return True
    # Nell / Helen: the nicknames table links each to Ellen, not to each other
    return len(a) > 1 and len(b) > 1 and bool((_nick_forms(a) & _nick_forms(b)) - {a, b})


CLIPPED_LETTERS = 2


def _clipped(short: str, long: str) -> bool:
    """A pet form clipped from the start of the name, with or without a pet ending: Uli/Ulrich,
    Jo/Johannes, Ed/Edward, Gabi/Gabriele (the German, Dutch and English habit the `nicknames`
    table lists only for English names), too short for `PET_FORM_RUN`."""
    if len(short) >= len(long) or not short.isalpha():
        return False
    ending = next((e for e in _PET_ENDINGS if short.endswith(e) and len(short) > len(e)), "")
    stems = {short, short[: len(short) - len(ending)]}
    return any(len(s) >= CLIPPED_LETTERS and long.startswith(s) for s in stems)


def _pet_form_at_work(fa: _Features, fb: _Features, company_level: int, address_level: int) -> bool:
    """A pet form cut from the given name (`_pet_form`: Lexi/Alexandra, Uli/Ulrich) at one
    firm with a second context there: one office (street or building) or one role. A firm
    alone holds brothers and cousins ('Fritz' and 'Friedrich Zobel' at Acme stay two); two of
    one family at one firm, at its one office or in one job, with given names one of which is
    cut from the other, are far rarer than one person whose card gives the short name. Not at
    a firm named after the family (where relatives share desk and title), nor with two roles."""
    if company_level != 3 or not _pet_form(fa.name, fb.name):
        return False
    if not (address_level >= AddressLevel.SAME_STREET or _one_role(fa, fb)):
        return False
    return not (_other_roles(fa, fb) or _family_firm(fa) or _family_firm(fb))


def _one_surname(na: _Name | None, nb: _Name | None) -> bool:
    """Two Latin names of one surname (or a slip of it) and two given names: 'Lola Perralta' /
    'Dolores Peralta', 'Pepe Corona' / 'José Corona'. A pet name need share no letter with the
    formal one (Lola, Pepe, Memo, Bob), so this alone is as much a relative; `_compare` asks
    for the rest of one person's card: one mobile (a mailbox is lent to an assistant, who
    may share the surname), one firm and no second job there."""
    if na is None or nb is None or na.han is not None or nb.han is not None:
        return False
    if len(na.raw) < 2 or len(nb.raw) < 2 or na.generation != nb.generation:
        return False
    surname = _part_similarity(na.raw[-1], nb.raw[-1]) >= TYPO_SIMILARITY
    return surname and na.raw[0] != nb.raw[0]


def _one_mailbox_in_one_role(fa: _Features, fb: _Features) -> bool:
    """One mailbox, made of one record's name as a firm makes them (kwalker@ of Kim Walker,
    `_firm_mailbox`), and one role on both records: the person's own work mailbox. A shared
    one made of neither name (minjun@ of 'Choi Min-jun' and 'Seo Min-jun') is a team's."""
    if not fa.email or fa.email != fb.email or fa.role_email:
        return False
    local = _SEPARATORS.sub("", fa.email.partition("@")[0])
    return _one_role(fa, fb) and any(_firm_mailbox(f.name, local) for f in (fa, fb))


def _family_firm(f: _Features) -> bool:
    """The firm carries the person's surname ('Peralta e Hijos', 'Sato Industries'): a
    family's firm, where relatives share the desk and the phone."""
    if f.name is None or not f.firm_words:
        return False
    surname = f.name.raw[-1]
    return any(_part_similarity(surname, w) >= TYPO_SIMILARITY for w in f.firm_words)


SHORT_SLIP_SIMILARITY = 0.75
"""'Ly Peng' for 陆朋: 'close', read so only on one personal mobile or mailbox."""


def _one_short_slip(na: _Name | None, nb: _Name | None) -> bool:
    """The names agree part for part (in order or swapped) but for one part a single slip
    apart: a changed, dropped, added or swapped letter ('Ly'/'Lu', 'Bia'/'Bai', 'U'/'Wu',
    'Ele'/'Lee'). In a short part that is another name (Li/Lin, `SHORT_PART_WEIGHT`), and
    alone it stays so; on one mobile or personal mailbox both records share it is the same
    person mistyped. Not a feminine form (Paul/Paula), not two Korean families (Cho/Choi),
    not two generations."""
    if na is None or nb is None or na.generation != nb.generation:
        return False
    a, b = na.raw, nb.raw
    if len(a) != len(b) or len(a) < 2:
        return False
    for other in (b, tuple(reversed(b))):
        diffs = [(x, y) for x, y in zip(a, other, strict=True) if x != y]
        if len(diffs) != 1:
            continue
        x, y = diffs[0]
        if (
            OSA.distance(x, y) == 1
            and not (_feminine_form(x, y) or _feminine_form(y, x))
            and not _two_korean_surnames(x, y)
        ):
            return True
    return False


def _compare(fa: _Features, fb: _Features) -> _Comparison:
    name, name_flags = _name_similarity(fa.name, fb.name)
    alias_a, alias_b = fa.alias or fa.adopted, fb.alias or fb.adopted
    if (alias_a or alias_b) and (name is None or name < SIMILAR_NAME_LEVEL):
        # Both mailboxes may spell the formal name neither record writes ('Pat Kennedy'
        # <kennedy.patricia@> and 'P. Kennedy' <kennedypatricia@>).
        # Not the one mailbox's reading against itself: 'Daniel Zhao' read off daniel.zhao@ on
        # 赵琳's record and on 赵玉英's, who answers it for him, says nothing of their names.
        itself = fa.email == fb.email and (name is None or name < DIFFERENT_NAME_LEVEL)
        for x, y in ((alias_a, fb.name), (fa.name, alias_b), (alias_a, alias_b))[: 3 - itself]:
            value, _ = _name_similarity(x, y)
            if value is not None and name is not None and value > name:
                name, name_flags = value, (NICKNAME,)
    elif name is not None and (_short_for_alias(fa) or _short_for_alias(fb)):
        full, _ = _name_similarity(
            fa.alias if _short_for_alias(fa) else fa.name,
            fb.alias if _short_for_alias(fb) else fb.name,
        )
        if full is not None and full < SIMILAR_NAME_LEVEL:
            name, name_flags = min(name, full), ()
    # Christina <christina@> and Christian <christian@> (`_two_given_names`): two names
    if name is not None and name > DIFFERENT_NAME_LEVEL and _two_given_names(fa, fb):
        name, name_flags = DIFFERENT_NAME_LEVEL, ()
    phone_level, other_desk = _phone_level(fa, fb)
    email_level = _email_level(fa, fb)
    company_level = 0
    if fa.company and fb.company:
        similarity = _company_similarity(fa.company, fb.company, fa.firm_words, fb.firm_words)
        company_level = _level(similarity, COMPANY_LEVELS)
    # The firm on one side, an email at it on the other ('Weihmann AG', @weihmann.com); not
    # when both firms are written and are two ('Jasper Fitness' / 'Jasper Packaging', whose
    # staff may both be at jasper.hk): the names say more than a domain they might share.
    two_firms = bool(fa.company and fb.company) and company_level < 3 and _firms_diverge(
        fa.company, fb.company, fa.firm_words, fb.firm_words
    )
    if company_level < 3 and not two_firms and (
        (fa.company and _firm_matches_domain(fa.company, fb.mail_firm, fa.firm_words))
        or (fb.company and _firm_matches_domain(fb.company, fa.mail_firm, fb.firm_words))
    ):
        # 'Mirae Systems' against @mirae-electronics.co.kr: one group, two firms
        group = any(
            _other_trades(x.firm_written, _domain_words(y.domain)) for x, y in ((fa, fb), (fb, fa))
        )
        company_level = 2 if group else 3
    if company_level == 3 and _other_trades(fa.firm_written, fb.firm_written):
        company_level = 2  # one group's two firms: alike, not one employer
    if company_level == 3 and fa.company and fb.company:
        # 현대시스템 / 'Hyundae Tech': one brand, two trades (the Latin one read with its
        # descriptors, which the brand comparison leaves out)
        for k, e in ((fa, fb), (fb, fa)):
            hangul = _HANGUL_RUN.search(k.company) and e.company.isascii()
            if hangul and e.firm_written and not _korean_brand(k.company, e.firm_written):
                company_level = 2
    address_level = int(addresses.compare(fa.address, fb.address))
    if (
        name is not None
        and name < ADOPTED_NAME_SIMILARITY
        and (
            phone_level == 4
            or email_level == 4
            or (company_level == 3 and address_level == AddressLevel.SAME and _one_role(fa, fb))
        )
        and _adopted_name(fa.name, fb.name)
    ):  # 'Lily Wu' on 吴慧小's own mobile or mailbox; 'Crystal Guo', 财务总监 of 郭燕琴's firm
        # in her very room (保利大厦1815室): a colleague of her surname in her job and her room
        # is far rarer than her English name
        name, name_flags = ADOPTED_NAME_SIMILARITY, (PINYIN_NAME,)
    elif (
        name is not None
        and name < DIFFERENT_NAME_LEVEL
        and email_level == 4
        and fa.email == fb.email
        and _pet_of_the_mailbox(fa, fb)
    ):  # 'Paco Prat' on francisco.prat@canales-alimentacion.com
        name, name_flags = PET_FORM_SIMILARITY, (NICKNAME,)
    elif (
        name is not None
        and name < DIFFERENT_NAME_LEVEL
        and (
            phone_level == 4
            or (email_level == 4 and fa.email == fb.email)
            or (phone_level == 3 and company_level == 3)
        )
        and _pet_form(fa.name, fb.name)
    ):  # 'Fritz Zobel' on Friedrich Zobel's own mobile; 'Álex' on Alejandro's line at his firm
        name, name_flags = PET_FORM_SIMILARITY, (NICKNAME,)
    elif (
        name is not None
        and name < PET_FORM_SIMILARITY
        and _pet_form_at_work(fa, fb, company_level, address_level)
    ):  # 'Lexi Dickerson' at Alexandra's firm and her suite; 'Uli Barth' its Store Manager
        name, name_flags = PET_FORM_SIMILARITY, (NICKNAME,)
    elif (
        name is not None
        and name < DIFFERENT_NAME_LEVEL
        and (phone_level == 4 or (email_level == 4 and fa.email == fb.email))
        and _one_short_slip(fa.name, fb.name)
    ):  # 'Ly Peng' for 陆朋, 'Bia Guo' for 白国 on his own mobile or mailbox
        name, name_flags = SHORT_SLIP_SIMILARITY, ()
    elif (
        name is not None
        and name < DIFFERENT_NAME_LEVEL
        and (phone_level == 4 or (email_level == 4 and _one_mailbox_in_one_role(fa, fb)))
        and company_level == 3
        and not (_other_roles(fa, fb) or _family_firm(fa) or _family_firm(fb))
        and _one_surname(fa.name, fb.name)
    ):  # 'Lola Peralta' on Dolores Peralta's own mobile, at her firm: her pet name. On her
        # work mailbox too when both records give one role there ('Iknm Walker' / 'Kim
        # Walker' <kwalker@hall.com>, President both): the assistant it is lent to has a
        # title of her own (`_assistant_on_mailbox`).
        name, name_flags = PET_FORM_SIMILARITY, (NICKNAME,)
    elif (
        name is not None
        and name < SIMILAR_NAME_LEVEL
        and phone_level == 4
        and _mailbox_spells_the_other(fa, fb)
    ):  # 佐藤涼平 <ryohei.sato@> and 'Sato Ryohei' on one mobile
        name, name_flags = SIMILAR_NAME_LEVEL, (PINYIN_NAME,)
    elif (
        name is not None
        and DIFFERENT_NAME_LEVEL <= name < SIMILAR_NAME_LEVEL
        and _mailbox_names_the_other(fa, fb)
    ):  # 'Joey Gall' <joey.hall@> is Joey Hall
        name = SIMILAR_NAME_LEVEL
    elif name is not None and name < SIMILAR_NAME_LEVEL and _mailbox_reads_the_other(fa, fb):
        # 'Jack Yuan' <zinuo@yuanjing.com.cn> is 袁子诺
        name, name_flags = SIMILAR_NAME_LEVEL, (PINYIN_NAME,)
    if (
        name is not None
        and name > GENERATION_SIMILARITY
        and fa.name is not None
        and fb.name is not None
        and _two_middle_initials(fa.name, fb.name)
    ):  # 'John A. Smith' / 'Johnny S. Smith': no pet form or mailbox makes two initials one
        name, name_flags = GENERATION_SIMILARITY, ()
    if name is not None and name < DECLARED_NAME_SIMILARITY and _declared_name(fa.name, fb.name):
        name, name_flags = DECLARED_NAME_SIMILARITY, (PINYIN_NAME,)
    homophone = (
        name is not None
        and name == HOMOPHONE_WEIGHT
        and bool(fa.name and fb.name and fa.name.han and fb.name.han)
    )  # both in characters: 'Ji' against 为集 is a lone part (LONE_PART_WEIGHT), either way round
    name_level = (
        0 if name is None else (HOMOPHONE_LEVEL if homophone else _level(name, NAME_LEVELS))
    )
    if company_level == 1 and email_level == 4 and fa.email != fb.email:
        # liuyang@lhtech.com at 力汇 (Lihui), liuyang@shtech.com at Shenghua Trading: each
        # domain is its own record's firm, not one domain misread (`_domain_slip`).
        email_level = 1
    if company_level == 1:
        # Two firms: a job change, or two people. Each firm's own mailbox and office follow from
        # that one fact, so their differing is not evidence a second time (Fellegi–Sunter takes
        # comparisons as independent; these three are one).
        if email_level == 1 and fa.mail_firm and fb.mail_firm:
            email_level = 0
        if address_level == 1:
            address_level = 0
    return _Comparison(
        vector=(name_level, phone_level, email_level, company_level, address_level),
        name=name,
        name_flags=name_flags,
        same_line=_same_line(fa.phone, fb.phone),
        same_mailbox=_one_mailbox(fa.email, fb.email),
        other_desk=other_desk,
        other_mailbox=email_level == 2 and not (fa.role_email or fb.role_email),
    )


_model = linkage.default_model()


def use_model(model: linkage.Model) -> None:
    """The weights every score uses from now on (estimated by `estimate_model`, kept by storage)."""
    global _model
    _model = model


def current_model() -> linkage.Model:
    return _model


def _initial_for(na: _Name | None, nb: _Name | None) -> bool:
    """'J. Thompson' / 'Jeffrey Thompson': one surname, and one given name is only the
    other's initial. At one firm or on one line that is how the same person's card or
    signature reads far more often than a second J. Thompson there; a firm's street or a
    shared domain alone is still too wide (`_score` asks 'similar' names there)."""
    if na is None or nb is None or na.han is not None or nb.han is not None:
        return False
    if len(na.raw) != 2 or len(nb.raw) != 2 or na.raw[1] != nb.raw[1]:
        return False
    short, full = sorted((na.raw[0], nb.raw[0]), key=len)
    return len(short) == 1 and len(full) > 1 and full[0] == short


def _new_surname(na: _Name | None, nb: _Name | None) -> bool:
    """'Angus McGregor' / 'Angus Tiller': one given name, another family name. At one home
    that is a married (or maiden) name far more often than a second Angus living there; a
    family shares the surname, not the given name. Latin names only: 王伟/李伟 share little."""
    if na is None or nb is None or na.han is not None or nb.han is not None:
        return False
    if len(na.raw) < 2 or len(nb.raw) < 2 or na.generation != nb.generation:
        return False
    if all(_chinese_spelling(p) for p in (*na.raw, *nb.raw)):
        return False  # 'Chen Fanglei' / 'Chen Xiazi': the surname first, and kept at marriage
    first_a, first_b = na.raw[0], nb.raw[0]
    return (
        min(len(first_a), len(first_b)) >= 3
        and _part_similarity(first_a, first_b) >= TYPO_SIMILARITY
        and _part_similarity(na.raw[-1], nb.raw[-1]) < DIFFERENT_NAME_LEVEL
    )


RARE_NAME_BITS = 2.0
"""A name at least this much rarer than the average agreeing name (`linkage.Terms.bits`) is
not 'common' in the rule for short Chinese names."""
COMMON_NAME_SHARERS = 5.0
"""A name about this many of the deployment's contacts carry (`linkage.Terms.expected`, known
once the weights are trained) is 'common' as 王伟 is: James Brown, 张秀梅 among 10^5 contacts.
Two of them at one firm or on one street are namesakes often enough that the firm or the
street is no context; one home, one line or a personal channel is."""
SAME_LEVEL = len(NAME_LEVELS) + 1
"""The name comparison's level for one name written the same (pinyin or characters)."""
FIRM_AND_ROLE_SCORE = 0.9
"""One full name at one firm and in one role there ('Revathi Mehta', Quantity Surveyor at
Kennedy Wealth Management, twice) or at one street ('Agnès Daniel' of Baron at 124 rue Lucy
Schneider twice): two contexts at once, which a namesake seldom has. EM may weigh the two
different mailboxes and lines such a pair also has at several bits and leave it at 0.5 to
0.7. Not for a name many share (`common`: 王伟, a firm's numbered mailbox, or two roles
there), nor for two mailboxes at the firm or two desks on its line."""
MARRIED_NAME_LEVEL = 3
"""The name comparison's level ('close') a new surname at one home is weighed at."""
SIMILAR_LEVEL = NAME_LEVELS.index(SIMILAR_NAME_LEVEL) + 2
"""The name comparison's level for 'similar' (a slip or a known pet form) and above."""
SAME_MOBILE_SCORE = 0.95
"""A similar name on one personal number (a mobile, or one desk's own extension) is one
person, at two firms too: people keep their mobile when they change jobs, and their new
card gives the new firm, its mailbox and its street. EM cannot learn this: among the pairs
it weighs, a firm differing is nearly always two people, and it leaves that -7 bits, which
outweighs the shared mobile (indep2: 'Leo Mahmood' at RH and at Thomas, Henderson and Green
on one +44 7480 number scored 0.14). A family sharing one mobile writes two given names; a
father and son, a 'Jr.' (`ONE_GENERATION_SIMILARITY`): neither name is 'similar'.
One number the records cannot tell a mobile (no country code: 07666 809955 read as a Chinese
fixed line) under two firms' names is the same: a firm's line is not another firm's, so the
number is the person's own, a mobile or a home line."""


def _sharers(fa: _Features, fb: _Features) -> float:
    """About how many of the deployment's contacts carry the commoner of the two names, of
    those written in full (0 before the weights are trained, or for a lone word: how many carry
    a surname says nothing of how many share a whole name)."""
    full = [t for f in (fa, fb) if len(t := _name_terms(f.name)) > 1]
    return max((_model.terms.expected(t) for t in full), default=0.0)


UNSHARED_NAME = 0.2
"""A short name the deployment's counts expect fewer than this many contacts to carry (its
surname's share times its given name's, `linkage.Terms.expected`): 吴楠, 吕云. A second
contact of that name anywhere among them is then less likely than one in five, so two at one
firm are one person written twice, not the two 王伟 a large firm holds."""


def _unshared_name(fa: _Features, fb: _Features) -> bool:
    """The name is short but, by the deployment's own counts, not a common one (`UNSHARED_NAME`;
    False before the weights are trained, when nothing is counted)."""
    return 0.0 < _sharers(fa, fb) < UNSHARED_NAME


def _one_english_name(fa: _Features, fb: _Features) -> bool:
    """Both records write the same English name beside the Chinese one ('Judy Jia 贾艳'):
    贾艳 is common, a 贾艳 who goes by Judy is not."""
    if fa.name is None or fb.name is None:
        return False
    if fa.name.english and fa.name.english == fb.name.english:
        return True
    return _mailbox_english(fa, fb) or _mailbox_english(fb, fa)


def _mailbox_english(f: _Features, other: _Features) -> bool:
    """刘浩 <ericliu@> and '刘浩 Eric Liu', 李洁 <crystalli@> and 'Crystal Li': the English
    name one record's own mailbox spells beside its Chinese name (`_english_alias`) is the one
    the other record writes, beside the Chinese name or as its name. As with one English name
    written on both (`_one_english_name`), a 刘浩 who goes by Eric is not a common name."""
    adopted, name = f.adopted, other.name
    if adopted is None or name is None:
        return False
    return name.english == adopted.raw[0] or name.raw == adopted.raw


def _pinyin_short(name: _Name | None) -> bool:
    """'Fang Wang', 'WANG Fang': a surname and a one-syllable given name in pinyin, 王芳 in
    Latin letters, which `_short_han` (and so `common`) only knows in characters."""
    return (
        name is not None
        and name.han is None
        and len(name.raw) == 2
        and all(part in _syllables() for part in name.raw)
    )


def _pinyin_common(fa: _Features, fb: _Features) -> bool:
    """'Fang Wang' / 'WANG Fang' on both records: 王芳 in Latin letters is as common as in
    characters, and a large firm has two. Both written so: 'Chi Mai' against 'C. Mai' is an
    initial, not the name twice; 'Hong Hong' repeats one word, which no count says is common
    (`_one_term_twice`)."""
    return all(_pinyin_short(f.name) and not _one_term_twice(f.name) for f in (fa, fb))


def _short_han(name: _Name | None) -> bool:
    return name is not None and name.han is not None and len("".join(name.han)) <= 2


def _one_middle_initial(fa: _Features, fb: _Features) -> bool:
    """'William S. Smith' on both records: a middle initial each writer kept, and the same one.
    Few namesakes share it (one in twenty or so), so it is context for a same name, unless
    the records give two firms or two roles (two Nat B. Dodsons, each in his own job); one
    side without it ('Matthew Jackson') says nothing either way."""
    na, nb = fa.name, fb.name
    if na is None or nb is None or not na.middle or na.middle != nb.middle:
        return False
    return not _other_roles(fa, fb)


def _one_side_generation(na: _Name | None, nb: _Name | None) -> bool:
    """'Sr.' or 'Jr.' written on one record only. A father and son share a home and often a
    line, so the suffix alone keeps them apart (`ONE_GENERATION_SIMILARITY`); at one firm's
    address in one role there (`_score`) a son in his father's very job is far rarer than a
    card without it. Without the address a record may be the other one's (Jr. and Sr. both
    at the firm, in one role: the bare name is either)."""
    return na is not None and nb is not None and bool(na.generation) != bool(nb.generation)


def _two_generations(fa: _Features, fb: _Features) -> bool:
    """'Clayton Johns Sr.' / 'Clayton Johns Jr.': the records say two men."""
    na, nb = fa.name, fb.name
    return na is not None and nb is not None and bool(na.generation and nb.generation) and (
        na.generation != nb.generation
    )


def _rare_homophone(fa: _Features, fb: _Features, c: _Comparison) -> bool:
    """Two names in characters read alike (a homophone), whose reading the deployment's own
    contacts say is rare (`linkage.Terms`, `RARE_NAME_BITS`, as for a same name), and nothing
    says two people: no two roles at the firm, no two mailboxes there, no two desks. Terms are
    counted by the romanized name, so 王伟 and 王玮 count as one name: Wang Wei is common, and
    two of that sound at a large firm stay two."""
    if _other_roles(fa, fb) or c.other_mailbox or c.other_desk:
        return False
    bits = _model.terms.bits(_name_terms(fa.name), _name_terms(fb.name))
    return bits >= RARE_NAME_BITS


def _two_firms(fa: _Features, fb: _Features, vector: linkage.Vector) -> bool:
    """The records show two employers by their work mailboxes' domains (or one domain and a
    firm name it is not): a Bookkeeper <swati_iyer@bauer.com> and one
    <swatii@granite-plumbing.io>. A role held at two firms is a trade many hold, not context
    for one name; a mailbox, a line or a street between them still is."""
    email_level = vector[2]
    if fa.mail_firm and fb.mail_firm:
        return email_level in (0, 1) and fa.domain != fb.domain
    # One side's work mailbox, the other's firm name in Latin letters, and the name is not the
    # domain's. Two firm names alone are not enough: 'Debo IT' and 'Chengdu Debo Information
    # Technology' are one firm the name comparison may miss, and 小川製作所 is ogawa.co.jp.
    for x, y in ((fa, fb), (fb, fa)):
        if x.mail_firm and not x.company and y.company and y.company.isascii() and not y.domain:
            return not _firm_matches_domain(y.company, x.mail_firm, y.firm_words)
    return False


def _firm_number(fa: _Features, fb: _Features, phone_level: int) -> bool:
    """One shared number, read as hers only because the North American plan cannot tell a
    mobile from a fixed line (`_maybe_mobile`). Asked of two records with two mailboxes of
    their own at one firm's domain: a firm gives one person one mailbox, so two are two
    people, and the number they share is the firm's main line, which the plan leaves
    unknowable (Beatriz Fernández <beatriz_fernandez@cobalt.com> and <fernandezbeatriz@…>).
    Only when each mailbox is made of its record's name: one a slip of the other is one."""
    if phone_level != 4 or not (fa.phone and fb.phone) or fa.ext or fb.ext:
        return False
    if not _same_line(fa.phone, fb.phone):
        return False  # a mailbox named by a mobile: that is hers
    if not all(_own_firm_mailbox(f) for f in (fa, fb)):
        return False  # nathanirl@ beside nathaniel@: one mailbox mistyped, not a second one
    return not (_is_mobile(fa.phone) or _is_mobile(fb.phone))


def _desks_on_the_switchboard(fa: _Features, fb: _Features, phone_level: int) -> bool:
    """One fixed line with no extension, and each record its own mailbox at the firm made of
    its name (kpotter@ and katie@ at triera.co.uk, both 0161 394 6428): the line is the
    firm's, which every colleague gives, and a firm gives one person one mailbox, so these
    are two people, as on a line the plan cannot tell (`_firm_number`). One mailbox a slip
    of the other (kimd@ / kjmd@) is not its own name, so one person still."""
    if phone_level != 3 or fa.ext or fb.ext or not (fa.phone and fb.phone):
        return False
    if not _same_line(fa.phone, fb.phone):
        return False
    # Or a number both records write without a country code that no reading takes for a
    # mobile (7028243385, (702) 824-3385): nothing says it is one person's own.
    unplaced = bool(fa.unplaced and fb.unplaced)
    if not (_is_fixed_line(fa.phone) or unplaced):
        return False
    return all(_own_firm_mailbox(f) for f in (fa, fb))


def _own_firm_mailbox(f: _Features) -> bool:
    """The record's mailbox is made of its own name (or the formal or English name it goes
    by), as a firm makes one for each of its people (`_firm_mailbox`)."""
    local = _SEPARATORS.sub("", f.email.partition("@")[0])
    if any(_firm_mailbox(name, local) for name in (f.name, f.alias, f.adopted)):
        return True
    # Or one with the family name in it, whatever the given name's form: manuel_amaya@ of
    # 'Manolo Amaya Padrón' (a Spanish mailbox keeps the first surname only)
    return f.name is not None and any(
        len(part) >= MAILBOX_SURNAME_LETTERS and part in local for part in f.name.raw[1:]
    )


MAILBOX_SURNAME_LETTERS = 3
"""A family name this long found in a mailbox is not there by chance ('li' is in 'oliver')."""


def _two_buildings(a: Address, b: Address) -> bool:
    """Both addresses give a house number, and two (one missing may be the same building)."""
    x, y = (v.compared or v for v in (a, b))
    return bool(x.number and y.number) and x.number != y.number


def _two_names_spelt(fa: _Features, fb: _Features) -> bool:
    """Two names a letter apart (LIU Jingming, 刘婷鸣: Liu Tingming), each spelt whole by its
    own record's mailbox and not by the other's: each name was written right twice, by the
    card and by the firm that made the mailbox, so the letter is two names, not a slip. (Not
    asked of a pet form and its full name, which one person may go by at two firms.)"""
    na, nb = fa.name, fb.name
    if na is None or nb is None or not (fa.email and fb.email):
        return False
    if sorted(na.raw) == sorted(nb.raw):
        return False
    la, lb = fa.email.partition("@")[0], fb.email.partition("@")[0]
    return _spells(na, la) and _spells(nb, lb) and not (_spells(na, lb) or _spells(nb, la))


def _digit_slip(a: str, b: str) -> bool:
    """Two numbers one digit apart, as a card's reader or a typist makes of one number
    (+82 10-5900-6642 read as 010-5900-2642), or two neighbouring digits swapped as a typist
    does (070-8301-5493 typed 070-8301-4593)."""
    a, b = a.lstrip("+"), b.lstrip("+")
    return len(a) == len(b) and (
        sum(x != y for x, y in zip(a, b, strict=True)) <= 1 or OSA.distance(a, b) <= 1
    )


def _two_mobiles(fa: _Features, fb: _Features, phone_level: int) -> bool:
    """Each record gives a mobile, by the numbering plan (not North America's, where a firm's
    line reads as one), and they are two numbers, not one misread (`_digit_slip`). A mobile
    is one person's; two at one firm are two people's, each as much theirs as a mailbox is."""
    if phone_level != 1 or not (fa.phone and fb.phone):
        return False
    a, b = _placed_by(fa, fb.phone), _placed_by(fb, fa.phone)
    return _is_mobile(a) and _is_mobile(b) and not _digit_slip(a, b)


def _placed_by(f: _Features, other: str) -> str:
    """The record's number, or, when nothing placed it (`_unplaced`), read in the country of
    the other record's number: two cards from one firm are dialled in one country ('07300
    170990' beside '+44 7304 111460' is a British mobile, not a Chinese fixed line)."""
    return _placed_line(f, other)[0]


def _placed_line(f: _Features, other: str) -> tuple[str, str]:
    """`_placed_by` with the extension as that reading gives it: '(21) 96392-7557' read in
    China is a short number and extension 7557, in Brazil a mobile and none."""
    if not f.unplaced:
        return f.phone, f.ext
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(other))
    except phonenumbers.NumberParseException:
        return f.phone, f.ext
    if not region or region == DEFAULT_REGION:
        return f.phone, f.ext
    number, ext = _phone(f.unplaced, region)
    return (number, ext) if _valid_number(number) else (f.phone, f.ext)


_ASSISTANT_LATIN = _wordset(
    "assistant assistent assistentin asistente assistente assistante ea pa secretary "
    "secretaria secretario secretaire segretaria sekretar sekretarin secretaresse"
)
_ASSISTANT_WRITTEN = ("助理", "秘书", "秘書", "アシスタント", "비서")


def _assistant(f: _Features) -> bool:
    """The title says an assistant or secretary ('Executive Assistant', 'EA to the CEO', 秘书)."""
    script, words = f.role
    if script in ("han", "hangul"):
        return any(w in next(iter(words)) for w in _ASSISTANT_WRITTEN)
    return bool(words & _ASSISTANT_LATIN)


def _assistant_on_mailbox(fa: _Features, fb: _Features) -> bool:
    """One personal mailbox on both records, two clearly different names, and one title an
    assistant's the other's is not: the boss's mailbox, which the assistant answers (issue 17's
    hard negative), not one person under a second name."""
    if not fa.email or fa.email != fb.email or fa.role_email or _assistant(fa) == _assistant(fb):
        return False
    name, _ = _name_similarity(fa.name, fb.name)
    return name is not None and name < DIFFERENT_NAME_LEVEL


def _two_private_mailboxes(fa: _Features, fb: _Features) -> bool:
    """Two personal mailboxes at one free-mail provider, more than a slip apart or with two
    numbers ('theodore_barton1984@' / 'theodore.barton1989@', 'carl_evans@' /
    'carl.evans31@', 'chris_davis@' / 'chrisd@' at outlook.com): a provider gives each
    account holder one name, so these are two holders, a father and son or two namesakes, as
    two mailboxes at one firm are (`_email_level`'s level 2). One person keeps one account
    at a provider; 'danielleandre1995@' read 'daniclleandre1995@' is one mailbox."""
    if fa.domain or fb.domain or fa.role_email or fb.role_email or not (fa.email and fb.email):
        return False
    (local_a, _, domain_a), (local_b, _, domain_b) = (f.email.partition("@") for f in (fa, fb))
    if domain_a != domain_b or _one_mailbox(fa.email, fb.email):
        return False
    a, b = _SEPARATORS.sub("", local_a), _SEPARATORS.sub("", local_b)
    return re.sub(r"\D", "", a) != re.sub(r"\D", "", b) or _ratio(a, b) < TYPO_SIMILARITY


def _household_line(fa: _Features, fb: _Features, phone_level: int, company_level: int) -> bool:
    """One number no plan calls a mobile, under two employers' names, and each record its own
    private mailbox (free mail, two accounts, not one name at two providers): a home's line,
    which a household shares ('Teresa Shaw' <teresa_shaw1975@outlook.com> and 'Terry Shaw'
    <terence.shaw2001@hotmail.co.uk> on one 0161 number), not one person's. One person who
    changed jobs keeps a private mailbox as he keeps his number; two at once are two people."""
    if phone_level not in (3, 4) or company_level != 1 or not (fa.email and fb.email):
        return False
    if fa.domain or fb.domain or fa.role_email or fb.role_email or fa.email == fb.email:
        return False
    if _is_mobile(_placed_by(fa, fb.phone)) or _is_mobile(_placed_by(fb, fa.phone)):
        return False
    (local_a, _, _), (local_b, _, _) = (f.email.partition("@") for f in (fa, fb))
    a, b = _SEPARATORS.sub("", local_a), _SEPARATORS.sub("", local_b)
    return a != b and not _one_mailbox(fa.email, fb.email)


def _score(fa: _Features, fb: _Features) -> Match:
    c = _compare(fa, fb)
    name_level, phone_level, email_level, company_level, address_level = c.vector
    homophone = c.name == HOMOPHONE_WEIGHT and name_level == HOMOPHONE_LEVEL
    one_role = _one_role(fa, fb)
    same_role = company_level == 3 and one_role  # one firm and one role there ('Office Manager')
    own_mailbox = email_level == 4 and c.same_mailbox
    if homophone and (phone_level == 4 or own_mailbox) and not (
        c.other_mailbox or _other_roles(fa, fb)
    ):
        # 张蔷 and 张强 on one mobile or one desk's own extension: parents give two children
        # two names, not one sound twice, so the input method's slip is the one person. So
        # on one personal mailbox (尹兵 / 尹冰, yinbing@ both): a firm gives one person one.
        c = replace(c, vector=(SIMILAR_LEVEL, *c.vector[1:]))
        name_level = SIMILAR_LEVEL
    elif homophone and company_level == 3 and _rare_homophone(fa, fb, c):
        # 岳莉 typed 岳利 at her firm: few of the deployment's contacts are called Yue Li at all,
        # so a colleague whose name sounds the same is far rarer than the input method's slip.
        c = replace(c, vector=(SIMILAR_LEVEL, *c.vector[1:]))
        name_level = SIMILAR_LEVEL
    elif (
        homophone
        and address_level == AddressLevel.SAME
        and not any(f.company or f.domain for f in (fa, fb))
        and not (c.other_mailbox or _other_roles(fa, fb))
    ):
        # 张鹏 and 张朋 in one flat (科技园A座616室), no firm on either record: a home, where
        # parents give two children two names, not one sound twice. Weighed as a close name.
        c = replace(c, vector=(HOMOPHONE_LEVEL + 1, *c.vector[1:]))
        name_level = HOMOPHONE_LEVEL + 1
    elif homophone and same_role:
        # 李娜 typed 李那 by the input method, at her firm in her role: the slip, not a
        # colleague called 李那 who does the same job there. Weighed as a close name.
        c = replace(c, vector=(HOMOPHONE_LEVEL + 1, *c.vector[1:]))
        name_level = HOMOPHONE_LEVEL + 1
    if (
        same_role
        and address_level >= AddressLevel.SAME_STREET
        and c.name is not None
        and _one_side_generation(fa.name, fb.name)
    ):  # 'Raymond Serrano Sr.' / 'Raymond Serrano', the firm's Regional Sales Director there
        assert fa.name is not None and fb.name is not None
        bare, flags = _name_similarity(
            replace(fa.name, generation=""), replace(fb.name, generation="")
        )
        if bare is not None and bare > c.name:
            c = replace(c, name=bare, name_flags=flags, vector=(_level(bare, NAME_LEVELS),
                                                                *c.vector[1:]))  # fmt: skip
            name_level = c.vector[0]
    adjust = _name_bits(name_level, fa, fb)
    value = _model.probability(c.vector, adjust)
    personal = phone_level == 4 or email_level == 4
    same_name = name_level == len(NAME_LEVELS) + 1
    # One role or one middle initial is context for a same name, unless the records give two
    # addresses in two places: 'Chris B. Davis', Project Manager in Michigan and in Nebraska.
    # One role is so for a name written with a slip too ('Stwven Hardy', Account Executive):
    # the slip is the typist's, and a namesake in that role is no likelier for it.
    # Not under two firms' names ('Software Engineer' at Royal Verhoeven and at 加藤建設): a
    # role held at two employers is a trade many hold, as at two work domains (`_two_firms`);
    # and the firms' two offices say nothing more (`_compare` leaves them unweighed). Nor on
    # two mobiles (`_two_mobiles`): each is its own holder's, and a role alone, with no firm
    # the two share, does not outweigh a second person's own number (팀장 Dong-hyun Lim and
    # 임동현, 팀장, each on his own 010 number).
    elsewhere = address_level == AddressLevel.DIFFERENT
    context = (
        company_level == 3
        or address_level >= AddressLevel.SAME_STREET
        or (email_level == 2 or phone_level in (2, 3) or email_level == 3)
        or (
            name_level >= SIMILAR_LEVEL
            and one_role
            and not elsewhere
            and company_level != 1
            and not _two_firms(fa, fb, c.vector)
            and not _two_mobiles(fa, fb, phone_level)
        )
        or (same_name and company_level != 1 and not elsewhere and _one_middle_initial(fa, fb))
    )
    # A close name (one more slip than 'similar', or 'J.' for 'Josephine') only counts at one
    # house, or with two contexts at once (one line and one firm): a firm or a street alone
    # holds too many people for a near-miss name to mean the same one.
    # One firm and one role there: a second context, as a line is.
    contexts = (
        (company_level == 3 or email_level == 2)
        + (phone_level in (2, 3))
        + (address_level >= AddressLevel.SAME_STREET)
        + same_role
    )
    needed = 3 if address_level >= AddressLevel.SAME_BUILDING or contexts >= 2 else 4
    # 'J. Thompson' at Jeffrey Thompson's firm or on his line: a card with an initial.
    if (company_level == 3 or phone_level == 3) and _initial_for(fa.name, fb.name):
        needed = 3
    # 王伟, 刘洋, 李静: a one-character given name is shared by many at any large firm, so the
    # firm or its domain is not enough context; one home, a line of their own (`own_line`) or a
    # personal channel is. Unless the deployment's own contacts say this one is rare
    # (`linkage.Terms`): 高铠 twice at one firm is one person far more often than two.
    # 王芳 written 'Fang Wang' on both records is as common (`_pinyin_common`).
    # So is any name many of them carry (`COMMON_NAME_SHARERS`), however long.
    rare = adjust.get("name", 0.0) >= RARE_NAME_BITS
    common_name = (
        (
            (_short_han(fa.name) or _short_han(fb.name) or _pinyin_common(fa, fb))
            and not _one_english_name(fa, fb)
            and not _unshared_name(fa, fb)
        )
        or _sharers(fa, fb) >= COMMON_NAME_SHARERS
    ) and not rare
    common = common_name
    # david.jones2@ at the firm: it has two David Joneses, however rare the name elsewhere.
    common = common or _numbered_mailbox(fa, fb) or _numbered_mailbox(fb, fa)
    # hyejin_kwon.2@ beside (주)신성시스템 on both records: the same, said by the firm itself.
    common = common or (
        company_level == 3
        and bool(fa.company and fb.company)
        and (_numbered_at_one_firm(fa) or _numbered_at_one_firm(fb))
    )
    # Two roles at one firm ('Sales Manager' / 'CEO'): the firm holds two of that name.
    common = common or (company_level == 3 and _other_roles(fa, fb))
    # One building, the firm named on one record only: the firm's office, which the other card
    # gives without the firm's name (张伟 at 人民南路1766号812, 成都汇通's, and 张伟 there with
    # a private mailbox). For a common name that is the firm again, not a home.
    firm_office = (
        address_level >= AddressLevel.SAME_BUILDING
        and company_level == 0
        and bool(fa.company or fa.domain) != bool(fb.company or fb.domain)
    )
    home = (
        address_level >= AddressLevel.SAME_BUILDING
        and company_level < 3
        and email_level != 2
        and not firm_office
    )
    # One home, two employers (or two titles), and no line or mailbox between them: a
    # family's two namesakes (a father and a son who leaves off the 'Jr.'), each with his own
    # job. One person who changed jobs keeps his mobile or private mailbox, or at least his
    # trade ('Product Manager' at both); nothing carries over here.
    two_jobs = (
        address_level >= AddressLevel.SAME_BUILDING
        and phone_level < 3
        and email_level < 3
        and (
            (company_level == 1 and not one_role)
            or (company_level == 0 and _other_roles(fa, fb))
        )
    )
    # One home and one name, and each record its own private mailbox (two free-mail ones) and
    # its own number, with no firm between them: a household's two namesakes (a father and a
    # son who leaves off the 'Jr.', issue 17's parent and child at one address). One person
    # writes one private mailbox on his cards; a second one and a second number at once, and no
    # employer to explain either, is a second person.
    two_private = (
        address_level >= AddressLevel.SAME_BUILDING
        and phone_level == 1
        and email_level == 1
        and company_level != 3
        and not (fa.domain or fb.domain)
    )
    # A fixed line shared by two records of one firm is, for all we know, its switchboard: two
    # 王伟 there share it as they share the firm (issue 17). A number that may be a mobile (the
    # North American plan does not say) or a record without the firm leaves it a line.
    # So is one the records give two roles on (财务总监 / 软件工程师): a desk's own line is
    # one person's, and a firm's main line answers for all its staff, in every role.
    own_line = phone_level == 3 and not (
        (company_level == 3 or firm_office or _other_roles(fa, fb)) and _is_fixed_line(fa.phone)
    )
    # 'Shanghai Jiakai Trading' <bli@jkgroup.com> / 'Likai Trading' <bli@lktech.com>: two firm
    # names a slip apart, each with its own work domain (`_two_mail_firms`). A firm's staff
    # share one domain, so the names' likeness is two firms', not one written twice; without
    # a line or a street between them the firm is no context for the name.
    alike_firms = (
        company_level == 3
        and fa.company != fb.company
        and phone_level < 3
        and address_level < AddressLevel.SAME_STREET
        and _two_mail_firms(fa, fb)
    )
    # Two work domains (`_two_mail_firms`) on one street and nothing closer: two firms'
    # offices on a long street ('169 Orchard Road' / '293 Orchard Rd'), two namesakes.
    street_firms = (
        company_level < 3
        and phone_level < 3
        and address_level == AddressLevel.SAME_STREET
        and _two_mail_firms(fa, fb)
    )
    # David Jones twice at one firm, each on his own mobile (`_two_mobiles`), and no mailbox
    # between them: a firm of any size may hold two of a name this common, and one person
    # carries one mobile. A rare name (`rare`) is the other way round: one man with a second
    # phone is likelier than a namesake at his firm; and so is a name of unknown frequency
    # (weights not yet trained on the deployment's contacts), which may be either.
    # A name that is only alike ('Jimmy Taylor' / 'Jim D. Taylor', 伊藤京助 / 'Ito Yosuke'),
    # however rare: a slip and a second mobile at once is one coincidence more than a colleague.
    mobiles = (
        company_level == 3
        and (("name" in adjust and not rare) or name_level < SAME_LEVEL)
        and _two_mobiles(fa, fb, phone_level)
    )
    # 'Realtor' at 48 Shenton Way, 'Freelance Designer' at 61: one street, two buildings and
    # two roles, and no line or mailbox between them. A street holds many people; one person
    # at two of its buildings in two jobs is rarer than a namesake there.
    street_roles = (
        address_level == AddressLevel.SAME_STREET
        and _two_buildings(fa.address, fb.address)
        and phone_level < 3
        and email_level < 3
        and _other_roles(fa, fb)
    )
    # Rules the model cannot learn from pairs it never sees labelled:
    # At a home only: at an office two colleagues may share a given name.
    office = any(f.company or f.domain for f in (fa, fb))
    married = address_level == AddressLevel.SAME and not office and _new_surname(fa.name, fb.name)
    if married:  # the given name agrees and the surname is explained: weigh the name as close
        value = max(value, _model.probability((MARRIED_NAME_LEVEL, *c.vector[1:])))
    # Her own mobile and her name, whatever firm, mailbox or street each gives; one line under
    # two firms' names is hers too (a firm's line is not another firm's).
    own = phone_level == 4 or (phone_level == 3 and company_level == 1)
    household = _household_line(fa, fb, phone_level, company_level)
    if own and name_level >= SIMILAR_LEVEL and not household:
        value = max(value, SAME_MOBILE_SCORE)
    # 吴轩 twice at one firm as its 技术总监: a common name (only that; not a numbered
    # mailbox or two roles), one role, and at most one firm mailbox between them, so no
    # second 吴轩 shows a mailbox or desk of their own. EM weighs such pairs at 0.7-0.8:
    # among the pairs it learns from, two colleagues at one firm are the common case.
    common_in_role = (
        name_level == SAME_LEVEL
        and same_role
        and common_name
        and common == common_name
        and not (c.other_mailbox or c.other_desk or phone_level == 2)
        and not (fa.domain and fb.domain and fa.email != fb.email)
    )
    # One full name at one firm, in one role there or at one street: two contexts at once.
    if common_in_role or (
        name_level == SAME_LEVEL
        and company_level == 3
        and (one_role or address_level >= AddressLevel.SAME_STREET)
        and not (common or _other_roles(fa, fb) or c.other_mailbox or c.other_desk)
        and not (_pinyin_short(fa.name) or _pinyin_short(fb.name))
    ):
        value = max(value, FIRM_AND_ROLE_SCORE)
    if _one_side_generation(fa.name, fb.name) and name_level < SIMILAR_LEVEL and (
        company_level == 1
        or (email_level == 1 and company_level != 3)
        or _other_roles(fa, fb)
    ):  # 'Steven Clark Sr.' / 'Steven Clark': a home's line and street, two jobs or mailboxes;
        # at one firm, a private mailbox beside the firm's is one man's (the suffix left off);
        # two titles there (Architect / Procurement Manager) are the father's and the son's,
        # however alike the firm made their mailboxes
        value = min(value, CAPPED)
    if c.name is not None and c.name < DIFFERENT_NAME_LEVEL and not married:
        value = min(value, CAPPED * c.name)  # clearly two people, whatever they share
    elif c.other_desk and email_level != 4:
        value = min(value, CAPPED)  # two extensions of one switchboard are two desks
    elif c.other_mailbox and (
        phone_level < 3
        or (common and phone_level < 4)
        or _firm_number(fa, fb, phone_level)
        or _desks_on_the_switchboard(fa, fb, phone_level)
    ):
        value = min(value, CAPPED)  # two personal mailboxes at one firm, no line in common;
        # for 王伟 even on one office line (two 王伟 share the switchboard); and on a number
        # the numbering plan cannot tell from the firm's own line (`_firm_number`)
    elif (
        c.name is not None
        and not personal
        and not married
        and (
            name_level < needed
            or not context
            or two_jobs
            or two_private
            or (common and not (home or own_line or same_role))
            or alike_firms
            or street_firms
            or mobiles
            or street_roles
            or (
                NICKNAME not in c.name_flags
                and _two_names_spelt(fa, fb)
                and not _adopted_name(fa.name, fb.name)  # 'Crystal Guo' <crystalguo@> is 郭燕琴
            )
        )
    ):
        value = min(value, _name_only_score(c.name))  # a name needs a channel or a context
    if phone_level != 4 and _assistant_on_mailbox(fa, fb):
        value = min(value, CAPPED)
    if phone_level < 3 and _two_private_mailboxes(fa, fb):
        value = min(value, CAPPED)
    if household:
        value = min(value, CAPPED)  # a home's line and two private mailboxes: two people
    value = round(min(max(value, 0.0), 1.0), 4)

    reasons: list[str] = []
    reasons += [SAME_PHONE] * (phone_level >= 3 or (c.same_line and phone_level == 4))
    reasons += [SAME_EMAIL] * (email_level == 4 and c.same_mailbox)
    reasons += [SAME_SWITCHBOARD] * (c.same_line and phone_level in (1, 2))
    reasons += [SHARED_EMAIL] * (email_level == 3)
    similar = c.name is not None and c.name >= SIMILAR_NAME_LEVEL
    if similar:
        company = company_level == 3
        domain = email_level == 2 or (email_level == 4 and not c.same_mailbox)
        address = address_level >= AddressLevel.SAME_STREET
        reasons += [SIMILAR_NAME_SAME_COMPANY] * company
        reasons += [SIMILAR_NAME_SAME_EMAIL_DOMAIN] * (domain and not company)
        reasons += [SIMILAR_NAME_SAME_ADDRESS] * address
        if not (company or domain or address):
            reasons.append(SIMILAR_NAME)
    elif c.name is not None and c.name < DIFFERENT_NAME_LEVEL and (c.same_line or c.same_mailbox):
        reasons.append(DIFFERENT_NAME)
    reasons += c.name_flags
    reasons += [NEW_SURNAME] * married
    return Match(value, tuple(reasons), _model.evidence(c.vector, adjust))


def comparison_vector(a: Person, b: Person) -> linkage.Vector:
    """The levels `linkage` weighs, for estimating a model."""
    return _compare(_features(a), _features(b)).vector


TRAIN_CONTACTS = 200_000
"""The most contacts EM learns from. A contact's parsed features take about 10 KB, so learning
from all of 10^6 took over 10 GB; a random sample keeps every pair of contacts with the same
chance (the sample's share squared) whether or not it is one person, so the share of
duplicates among blocked pairs and what a duplicate looks like come out unbiased."""


@dataclass(frozen=True)
class TrainingSample:
    """What EM learns from: at most `TRAIN_CONTACTS` contacts drawn at random, and every
    contact's name terms (the name frequencies count them all)."""

    people: list[Person]
    terms: list[tuple[str, ...]]


def training_sample(people: Iterable[Person], most: int | None = None) -> TrainingSample:
    """Draw the sample while the contacts stream past (reservoir sampling), so 10^6 of them
    are never held at once; fewer than `most` are all kept, in order."""
    most = most or TRAIN_CONTACTS
    rng = random.Random(0)
    sample: list[Person] = []
    terms: list[tuple[str, ...]] = []
    for seen, p in enumerate(people):
        terms.append(name_terms(p.name))
        if len(sample) < most:
            sample.append(p)
        elif (j := rng.randrange(seen + 1)) < most:
            sample[j] = p
    return TrainingSample(sample, terms)


def estimate_model(
    people: Iterable[Person] | TrainingSample, samples: int = 20000
) -> linkage.Model:
    """Fellegi–Sunter weights from these contacts alone (no labels): u from random pairs, m
    and the prior by EM over the pairs blocking puts together, both from a sample of them
    (`training_sample`), and how common each name part is among them all (`linkage.Terms`)."""
    drawn = people if isinstance(people, TrainingSample) else training_sample(people)
    sample = drawn.people
    features = [_features.__wrapped__(p) for p in sample]

    def compare(i: int, j: int) -> linkage.Vector:
        return _compare(features[i], features[j]).vector

    u = linkage.estimate_u(len(features), compare, samples)
    # EM learns what a duplicate looks like among pairs sharing a line, a mailbox, a firm or a
    # house; pairs sharing only a whole name are mostly namesakes and would teach it that a
    # duplicate has nothing else in common (F1 0.97 -> 0.95 on bench/indep_people.py).
    vectors = (compare(i, j) for i, j in _candidate_pairs(features, whole_name=False))
    model = linkage.em(vectors, u)
    return replace(model, terms=linkage.Terms.count(drawn.terms))


def _name_terms(name: _Name | None) -> tuple[str, ...]:
    """What a name's frequency is counted by: its first and last part as written (romanized),
    so 王伟 and 'Wang Wei' count as one name, and a middle name or a nickname does not split
    it. A Korean name counts by its surname and its given name: 김민준 as ('kim', 'minjun'),
    as 'Kim Min-jun' and 'Minjun Kim' do (`_korean_terms`). Empty for no name."""
    if name is None:
        return ()
    if name.han is None and name.readings:  # Hangul: (surname, given name) romanized
        surname, given = name.readings[0]
        surname = _RR_SURNAMES.get(surname, surname)
        return (_KOREAN_SURNAME_SPELLING.get(surname, surname), given)
    return _korean_terms(name.raw) or tuple(dict.fromkeys((name.raw[0], name.raw[-1])))


@lru_cache(maxsize=1)
def _rr_syllables() -> frozenset[str]:
    """Every Hangul syllable in Revised Romanization (11,172 of them)."""
    return frozenset(_romanize_hangul(chr(0xAC00 + i)) for i in range(11172))


def _korean_terms(raw: Sequence[str]) -> tuple[str, ...]:
    """A romanized Korean name of three words, a surname at one end and the given name's two
    syllables (spaced or hyphenated: 'Kim Min-jun', 'Min Jun Kim') as ('kim', 'minjun'): the
    given name is one name, not its last syllable, spelt as the standard does (Ji-hoon as
    지훈's 'jihun'). Where both ends could be a surname (Min,
    Kim), the commoner one is. Empty for any other name."""
    if len(raw) != 3:
        return ()
    syllables = _rr_syllables()
    ends = [
        (rank, at)
        for at in (0, 2)
        if (rank := _KOREAN_SURNAME_RANK.get(raw[at])) is not None
        and all(_korean_spelling(w) in syllables for i, w in enumerate(raw) if i != at)
    ]
    if not ends:
        return ()
    at = min(ends)[1]
    given = _korean_spelling("".join(w for i, w in enumerate(raw) if i != at))
    return (_KOREAN_SURNAME_SPELLING[raw[at]], given)


def _one_term_twice(name: _Name | None) -> bool:
    """'Lee Lee', 'Xu Xu': given name and surname alike. Its terms are one word, counted as
    if it were a lone 'Lee' (as common as all the Lees together), which it is not."""
    return name is not None and len(name.raw) > 1 and name.raw[0] == name.raw[-1]


def name_terms(name: str) -> tuple[str, ...]:
    """The terms a name's frequency is counted by (`_name_terms`), from the written name."""
    return _name_terms(_name(name))


def _name_bits(c_name_level: int, fa: _Features, fb: _Features) -> dict[str, float]:
    """The name's frequency adjustment (`linkage.Terms.bits`) when the names agree (similar or
    same): 'Michael Hornig' twice at one firm says more than 王磊 twice."""
    if c_name_level < NAME_LEVELS.index(SIMILAR_NAME_LEVEL) + 2:
        return {}
    if _one_term_twice(fa.name) or _one_term_twice(fb.name):
        return {}  # no count says how rare 'Lee Lee' is: weigh it as an average name
    terms = [_name_terms(fa.name), _name_terms(fb.name)]
    if {len(t) for t in terms} == {1, 2}:
        # 'Zhaoziyi' for 赵子宜: names this alike are one name, the single word it run
        # together; weigh it by the name written in parts, not as one rare word or a surname.
        terms = [t for t in terms if len(t) == 2]
    bits = _model.terms.bits(*terms)
    return {"name": bits} if bits else {}


def score(a: Person, b: Person) -> Match:
    """How likely two contacts are one person, with the evidence as reason codes."""
    return _score(_features(a), _features(b))


# --------------------------------------------------------------------------- blocking


@lru_cache(maxsize=65536)
def _sound(token: str) -> str:
    """A name part's sound (Metaphone): 'Floyd'/'Flyd', 'Smith'/'Smyth', 'Everett'/'Evrett'
    share it; pinyin already merges homophones (王伟/王玮 are both 'wang wei'). A part of 3
    letters or fewer is kept as written: a changed letter there is another name anyway."""
    if len(token) > 3 and token.isascii() and token.isalpha():
        return _one_code_each(jellyfish.metaphone(token))[:6] or token[:6]
    return token[:6]  # 'li', 'liu', 'lin' are one sound to Metaphone but three names


_RUN = re.compile(r"(.)\1+")


def _one_code_each(code: str) -> str:
    """A Metaphone code with each run of one letter kept once, as Soundex keeps it: a slipped
    letter next to its sound-alike ('Ortegq', ORTKK) sounds as the name does ('Ortega', ORTK);
    Metaphone only drops a doubled letter as written."""
    return _RUN.sub(r"\1", code)


def _key_tokens(name: _Name) -> list[str]:
    """Sounds of the first and last part and their two initials: survive a swap, a middle name,
    a typo in either part that keeps its sound (or in the other part, whose own key then
    holds), and typos in both parts that spare their first letters."""
    first, last = name.tokens[0], name.tokens[-1]
    # A surname the nickname table reads as a given name's pet form ('Ren' as Lauren's, 'Ray'
    # as Raymond's) keeps its own sound too: 'Ray Ren' meets 任刚颖 (ren) at their firm.
    raw = {_sound(name.raw[-1])} if name.raw and name.raw[-1] != last else set()
    return sorted({_sound(first), _sound(last), *raw, "".join(sorted({first[0], last[0]})) + "."})


def _japanese_key_tokens(name: _Name) -> list[str]:
    """The sounds of a kanji name's usual Japanese reading (the dictionary's, `_name`'s first),
    those the pinyin does not give already; none for any other name."""
    if name.han is None or not name.readings:
        return []
    return sorted({_sound(t) for t in name.readings[0]} - set(_key_tokens(name)))


@lru_cache(maxsize=16384)
def _japanese_handles(core: str) -> set[str]:
    """A firm in kanji or kana by the ends of its Japanese reading (田中通信 is Tanaka Tsushin),
    as its Latin name begins; none when a character has no Japanese reading."""
    if not core or not (_HAN_ANY.search(core) or _KANA_ANY.search(core)):
        return set()
    items = [i for i in _kakasi().convert(core) if i["orig"].strip()]
    if not items or not all(i["hepburn"] and i["hepburn"].isascii() for i in items):
        return set()
    text = "".join(c for c in _fold("".join(i["hepburn"] for i in items)) if c.isalnum())
    return _company_handles(_passport_spelling(text)) if len(text) > 1 else set()


def _company_handles(core: str) -> set[str]:
    """The brand's two ends (a typo inside leaves both; at one end, the other), in pinyin for a
    Chinese name so that 华为 and Huawei meet."""
    text = _pinyin(core) if _HAN_ANY.search(core) else core
    return {f"^{text[:4]}", f"${text[-4:]}"} if len(text) > 4 else {f"^{text}"}


WHOLE_NAME = "n:"
"""The whole-name key's prefix: a recall key, which weight estimation does not learn from."""
NAME_SOUND = "ns:"
"""A name part's sound with the other part's initial: a recall key, like `WHOLE_NAME`."""
NAME_ENDS = "ne:"
"""The last letters of the first and last name part: a recall key, like `WHOLE_NAME`."""
NAME_END_LETTERS = 3
"""Letters kept of each part's end: 'Kirk' and 'irk' share three."""


def _name_ends(name: _Name) -> str:
    """The first and last part's ends as written, order-free (a swapped name keeps them).
    None for one part, for a name in characters and for one all in pinyin: so few syllables
    end a Chinese name that 'Wang Ying', 'Zhang Ming', 'Huang Jing' ... would share one block
    (106 of 6,000 people on indep_people2), where the sound keys already hold."""
    first, last = name.raw[0], name.raw[-1]
    if len(name.raw) < 2 or name.han is not None or all(map(_all_syllables, (first, last))):
        return ""
    return "|".join(sorted(t[-NAME_END_LETTERS:] for t in (first, last)))


def _keys(f: _Features, whole_name: bool = True) -> set[str]:
    keys: set[str] = set()
    for line in _lines(f.phone) if f.phone else ():
        keys.add(f"p:{line};ext={f.ext}" if f.ext else f"p:{line}")
    if f.email and not f.role_email:
        keys.add(f"e:{f.email}")
    if f.name is None:
        return keys
    sounds = _key_tokens(f.name)
    japanese = _japanese_key_tokens(f.name) if f.japanese and whole_name else []
    if whole_name and len(f.name.tokens) > 1:
        # The whole name, order- and spacing-free: the same person written down twice with no
        # channel in common (a mobile on one card, a mailbox on the other). Common names make
        # big blocks, which `worth_reading` reads only where a second key is shared.
        keys.add(f"{WHOLE_NAME}{_anagram(f.name.tokens)[:32]}")
    if whole_name and len(f.name.tokens) > 1:
        # One part's sound and the other's initial, either way round: a typo in each part that
        # spares one part's sound ('Tracey Bensln', 'Malcolm Hoplt') or a pet form beside it
        # ('Nick' / 'Nicholae Rodriguez', 'F. Stumpf'), with no channel in common.
        # The initial as written: nicknames' canonical form may start otherwise (Bob, Robert).
        tokens, raw = f.name.tokens, f.name.raw
        keys.add(f"{NAME_SOUND}{_sound(tokens[0])}|{raw[-1][0]}")
        keys.add(f"{NAME_SOUND}{_sound(tokens[-1])}|{raw[0][0]}")
    if whole_name and (ends := _name_ends(f.name)):
        # The ends of the first and last part as written: a lost or mistyped first letter in
        # each ('ackie irk' for Jackie Kirk, 'Micmael artin', 'Sanjay Atel') changes every
        # sound and initial, and keeps the ends.
        keys.add(f"{NAME_ENDS}{ends}")
    if whole_name and len(f.name.tokens) > 2:
        # An English given name before a Chinese one ('Amy Wang Haiyan', 'Dan Xu Ping') or a
        # second given name after it ('Cathy Li Feiqin'): each record may give one of them.
        tokens = f.name.tokens
        keys.update(f"{WHOLE_NAME}{_anagram(t)[:32]}" for t in (tokens[1:], tokens[:-1]))
    if whole_name:
        keys.update(f"{WHOLE_NAME}{_anagram(t)[:32]}" for t in _korean_key_names(f.name))
    if whole_name and (reading := _japanese_key_name(f)):
        # 岡本 裕美子 meets 'Yumiko Okamoto' with no channel in common, as the scorer reads it.
        keys.add(f"{WHOLE_NAME}{_anagram(reading)[:32]}")
    if whole_name and (wade := _wade_giles_key_name(f.name)):
        # 呂淑娟 meets 'Shu-chuan Lu' as Taiwan spells it, as the scorer reads it.
        keys.add(f"{WHOLE_NAME}{_anagram(wade)[:32]}")
    if f.phone and not f.ext and not _is_mobile(f.phone):
        # A fixed line may be a whole office's; the line and a name part is one person.
        keys.update(f"pn:{_tail(f.phone)}|{t}" for t in sounds)
    # With a firm, also the letters of the whole name in order: 'Dengwei' and 邓伟 / Deng Wei.
    firm = [*sounds, _anagram(f.name.tokens)[:12]]
    # The firm by its ends, from the company and from the corporate email's domain: one record
    # may have only the firm, the other only an email at it ('Weihmann AG', @weihmann.com).
    handles = _company_handles(f.company) if f.company else set()
    if f.mail_firm:
        handles |= _company_handles(f.mail_firm)
    keys.update(f"c:{h}|{t}" for h in handles for t in firm)
    if whole_name and f.name.han is not None and _says_taiwan(f):
        # A Chinese name on a record that says Taiwan also by its Wade–Giles sounds with the
        # firm: 徐心怡 <hsini.hsu@jituan.com.tw> meets 'Hsu Hsin-i' at Jituan. The surname
        # also as the passports spell it (`_PASSPORT_SURNAMES`): 李靜怡 meets 'Ching-i Lee'.
        wade = _wade_giles(f.name.han)
        passport = {p for p, w in _PASSPORT_SURNAMES.items() if wade and w == wade[0]}
        wade_sounds = {_sound(t) for t in (*wade, *passport) if t} - set(sounds)
        keys.update(f"c:{h}|{t}" for h in handles for t in wade_sounds)
    if japanese:
        # A name in kanji also by its Japanese reading, with the firm also as Japanese reads
        # it: 鈴木健一 at 田中通信 meets 'Kenichi Suzuki' at Tanaka Communications.
        handles |= _japanese_handles(f.company)
        keys.update(f"c:{h}|{t}" for h in handles for t in japanese)
    for part in addresses.block_parts(f.address):
        keys.update(f"a:{part[:16]}|{t}" for t in sounds)
    if household := addresses.household(f.address):
        keys.add(f"h:{household[:32]}")
    if f.address.number and f.address.postcode:
        # The house number in its postcode: holds when the street is garbled ('weipap lace')
        # and both names were replaced or mistyped; the scorer then decides.
        keys.add(f"hz:{f.address.number[:8]}|{f.address.postcode[:10]}")
    return keys


def _japanese_key_name(f: _Features) -> tuple[str, ...]:
    """A kanji name's usual Japanese reading, for its whole-name key, where the record says
    Japan (`_looks_japanese`) or the name is spaced between surname and given name as Japanese
    write it (阿部 結衣; a Chinese name is written solid). Empty otherwise."""
    name = f.name
    if name is None or name.han is None or not name.readings:
        return ()
    if not (f.japanese or name.written):
        return ()
    reading = name.readings[0]  # as a Latin name's key has it: 'Abe' is read as Abel's pet form
    return tuple(map(_canonical, reading)) if len(reading) > 1 else ()


def _says_taiwan(f: _Features) -> bool:
    """The record says Taiwan: a .tw mailbox, a +886 number, a Taiwanese address, or the firm
    written in traditional characters (王鼎餐飲集團)."""
    firm = f.company if _HAN_ANY.search(f.company) else ""
    return (
        f.email.rpartition(".")[2] == "tw"
        or f.phone.startswith("+886")
        or f.address.country == "TW"
        or bool(firm and simplified(firm) != firm)
    )


def _wade_giles_key_name(name: _Name | None) -> tuple[str, ...]:
    """A Chinese name in traditional characters (呂淑娟, 李哲維: Taiwan and Hong Kong write them)
    in Wade–Giles, as Taiwan's passports and cards spell it, for its whole-name key. Traditional
    by OpenCC's conversion (`simplified`); a name written alike in both scripts (林志明)
    is not told, and keeps its pinyin key only. Empty for any other name, or where Wade–Giles
    spells it as pinyin does."""
    if name is None or name.han is None or "·" in "".join(name.han) or len(name.han) < 2:
        return ()
    written = "".join(name.han)
    if simplified(written) == written:
        return ()
    wade = tuple(map(_canonical, _wade_giles(name.han)))
    return wade if wade != name.tokens and all(wade) else ()


def _woo_spelt(name: _Name, given: str) -> str:
    """The romanized given name with each syllable 우 spelt 'woo' ('sangwoo' for 상우's
    'sangu'); '' when it has none."""
    hangul = "".join(_HANGUL_RUN.findall("".join(name.raw)))
    syllables = [_romanize_hangul(c) for c in hangul]
    for cut in range(1, len(syllables)):
        if "".join(syllables[cut:]) == given:
            tail = hangul[cut:]
            if "우" not in tail:
                return ""
            return "".join("woo" if c == "우" else _romanize_hangul(c) for c in tail)
    return ""


def _korean_key_names(name: _Name) -> list[tuple[str, ...]]:
    """A Hangul name's whole-name keys as the Latin names it is written as would have them:
    its surname in each usual spelling (Kim, Gim), its given name as the standard spells it
    and with 영 as Young."""
    if name.han is not None or not name.readings:
        return []
    surname, given = name.readings[0]
    spellings = {_RR_SURNAMES.get(surname, surname)}
    spellings |= next((g for g in _KOREAN_SURNAMES if surname in g or spellings & g), set())
    # 성민 is Seongmin to the standard and Sungmin as most write it (ŏ as u, McCune-Reischauer's
    # habit): the scorer takes eo/u as one vowel slip, the key must let them meet.
    givens = {given, given.replace("yeong", "young"), given.replace("eo", "u")}
    # 우 is Woo on cards (Sang-woo for 상우, the standard's Sangu), as the scorer reads it
    # (`_KOREAN_SPELLINGS`); only the syllable 우 itself, not the u of 수 or 구.
    if woo := _woo_spelt(name, given):
        givens |= {woo, woo.replace("eo", "u")}
    return [_latin_name(f"{g} {s}").tokens for s in sorted(spellings) for g in sorted(givens)]


def blocking_keys(p: Person) -> set[str]:
    """Short strings a database indexes; any two contacts `score` could call duplicates share one.

    Phone (a short national number on its own too), email (not role mailboxes), the house
    (number and street; number and postcode), the whole name (two parts at least), each of its
    first and last part's sound with the other's initial (`NAME_SOUND`), and each
    name handle (`_key_tokens`: the sounds of the first and last name part, their initials)
    with a fixed line, with either end of the firm (from the company and from the corporate
    email's domain, with the name's letters too), and with each of postcode, house number,
    street and locality (Chinese in pinyin). A typo anywhere leaves keys that hold. The whole
    name alone makes big blocks for 王伟 or John Smith: `worth_reading` reads of those only the
    members sharing a second key, and `scan` a window. A kanji name on a record that says
    Japan also by its Japanese reading with the firm, a Chinese name on one that says Taiwan
    by its Wade–Giles sounds with the firm. The ends of the first and last part
    (`NAME_ENDS`) and, for a name of three parts or more, its first two and its last two.
    About 17 on average (bench/people.py) before the two name-sound keys; with them 21 on
    indep_people and febrl4, 20 on indep_people2; with the name ends and the Taiwanese
    sounds 22 and 21; 41 at most (53 for a Japanese name with a firm and a corporate mailbox,
    62 for a Taiwanese one).
    """
    return _keys(_features(p))


def worth_reading(
    blocks: Mapping[str, Sequence[int]], small: int = SMALL_BLOCK, budget: int = READ_BUDGET
) -> set[int]:
    """Which contacts of the new one's blocks a per-save check reads and scores.

    All of a small block; of a big one (a switchboard, 王伟 at a big firm) only the members
    sharing a second key: a duplicate shares its line and a name part, or a name and a company.
    Reading a contact is the check's cost (a random page, a decryption), so at most `budget`
    are read, those sharing the most keys first (a duplicate shares most of its keys, a
    colleague or neighbour one or two), the newest first among equals. A duplicate whose
    only shared key is a big block is left to `scan`.
    """
    shared = Counter(i for ids in blocks.values() for i in set(ids))
    found: set[int] = set()
    for ids in blocks.values():
        found.update(ids if len(ids) <= small else (i for i in ids if shared[i] > 1))
    if len(found) <= budget:
        return found
    return set(sorted(found, key=lambda i: (-shared[i], -i))[:budget])


def _blocks(features: Sequence[_Features], whole_name: bool = True) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for key in _keys(f, whole_name):
            blocks[key].append(i)
    return blocks


def _block_pairs(members: list[int], features: Sequence[_Features]) -> Iterator[tuple[int, int]]:
    """All pairs of a normal block; a sliding window over name order for an oversize one."""
    if len(members) <= MAX_BLOCK:
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                yield i, j
        return

    def order(i: int) -> str:
        name = features[i].name
        return " ".join(sorted(name.tokens)) if name else ""

    ranked = sorted(members, key=order)
    for x, i in enumerate(ranked):
        for j in ranked[x + 1 : x + 1 + NEIGHBOURHOOD]:
            yield (i, j) if i < j else (j, i)


def _candidate_pairs(
    features: Sequence[_Features], whole_name: bool = True
) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for members in _blocks(features, whole_name).values():
        if len(members) > 1:
            pairs.update(_block_pairs(members, features))
    return pairs


def candidate_pairs(people: Sequence[Person]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a blocking key: what `scan` scores, never all pairs."""
    return _candidate_pairs([_features(p) for p in people])


def block_sizes(people: Sequence[Person]) -> list[int]:
    """Sizes of all blocks, largest first; for the benchmark and for tuning MAX_BLOCK."""
    features = [_features(p) for p in people]
    return sorted((len(m) for m in _blocks(features).values()), reverse=True)


def clear_caches() -> None:
    """Forget memoized parses; for honest timings and long-lived workers."""
    cached_parses = (_name, _company_core, _firm_words, _phone, _number_type, _lines, _pinyin,
                     _wade_giles, _all_syllables, _features)  # fmt: skip
    for cached in (*cached_parses, _sound):
        cached.cache_clear()
    addresses.clear_caches()


def find_candidates(
    new: Person, existing: Iterable[Person], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[Person, Match]]:
    """Score a new contact against already-fetched (blocked) contacts; duplicates, best first."""
    fn = _features(new)
    found = []
    for other in existing:
        if other is new or (new.id is not None and other.id == new.id):
            continue
        match = _score(fn, _features(other))
        if match.score >= threshold:
            found.append((other, match))
    found.sort(key=lambda pm: (-pm[1].score, pm[0].id if pm[0].id is not None else -1))
    return found


def scan(
    people: Iterable[Person], threshold: float = DEFAULT_THRESHOLD
) -> Iterator[tuple[Person, Person, Match]]:
    """Every duplicate pair in a batch, each once, comparing only pairs that share a block."""
    people = list(people)
    features = [_features.__wrapped__(p) for p in people]  # no cache churn on big batches
    found: dict[tuple[int, int], Match] = {}
    for i, j in sorted(_candidate_pairs(features)):
        match = _score(features[i], features[j])
        if match.score >= threshold:
            found[(i, j)] = match
            yield people[i], people[j], match
    for (i, j), match in _linked(features, found, max(threshold, DEFAULT_THRESHOLD)).items():
        if match.score >= threshold:
            yield people[i], people[j], match


# A record sure of more duplicates than this is an import gone wrong or a shared line, not one
# person captured again and again: the pairs linked through it would grow with the square.
MAX_LINKS = 20


def _unlinkable_names(na: _Name | None, nb: _Name | None) -> bool:
    """Names a third record cannot join: two names in characters that differ (王纳刚 /
    王娜芳: each is its owner's legal name, no alias or spelling explains the other), two
    middle initials (`_two_middle_initials`), or a 'Sr.'/'Jr.' on one side only with given
    names that are not one ('Daniel Grant Sr.' / 'Danny Grant': the record between them may
    be either man)."""
    if na is None or nb is None:
        return False
    similarity, _ = _name_similarity(na, nb)
    if similarity is None:
        return False
    if na.han is not None and nb.han is not None and similarity < DIFFERENT_NAME_LEVEL:
        return True
    if _two_middle_initials(na, nb):
        return True  # 'Emma J. Wilson' / 'Emma A. Wilson': the bare 'Emma Wilson' is either
    return _one_side_generation(na, nb) and similarity < SIMILAR_NAME_LEVEL


def _linked(
    features: Sequence[_Features], found: Mapping[tuple[int, int], Match], sure: float
) -> dict[tuple[int, int], Match]:
    """Pairs not found that are each a duplicate (at `sure` or above) of one third contact:
    her mobile on one card, her mailbox on another, both on a third. The two share only the
    name, which alone is no duplicate, yet each is her. One step only (no chains through
    chains), and not when the two give two roles (two desks of one name, each like the third
    in one way). Scored as the weaker link, with the pair's own reasons after LINKED."""
    links: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), m in found.items():
        if m.score >= sure:
            links[i].append((j, m.score))
            links[j].append((i, m.score))
    best: dict[tuple[int, int], float] = {}
    for near in links.values():
        if len(near) > MAX_LINKS:
            continue
        for (a, sa), (b, sb) in combinations(near, 2):
            pair = (min(a, b), max(a, b))
            if pair not in found:
                best[pair] = max(best.get(pair, 0.0), min(sa, sb))
    added: dict[tuple[int, int], Match] = {}
    for (i, j), via in sorted(best.items()):
        if _other_roles(features[i], features[j]) or _two_generations(features[i], features[j]):
            continue
        if _unlinkable_names(features[i].name, features[j].name):
            continue
        own = _score(features[i], features[j])
        value = max(own.score, via)
        added[(i, j)] = Match(value, (LINKED, *own.reasons), own.evidence)
    return added
