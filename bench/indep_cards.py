"""Independent business-card renderer: cards designed as real ones are, scanned or photographed.

    .venv/bin/python bench/indep_cards.py [--seed 11] [--n 12] [--out /tmp/indep_cards]

Why: card reading must be measured on cards it was not written against (issue 16 §1). This
renderer was written from the issue text and general knowledge of business-card design, without
reading the OCR code or the project's other card generator; its vocabularies are its own
(people, phones, addresses and firms come from `bench/indep_people.py`, written the same way).

What it models:
- Designs: logo mark plus company wordmark (often larger than the name), left-aligned, two
  columns, centred, a coloured side band, dark backgrounds, Chinese horizontal with the title
  beside the name, vertical Chinese (name and title in columns), bilingual cards (Chinese and
  English on one face, or front and back scanned side by side), QR-code blocks, icons instead of
  labels, social handles (LinkedIn, WeChat, QQ, X, Skype), department lines and taglines that
  are not the company, post-nominals (", CPA", "Dr.", "Dipl.-Ing.").
- Labels: T:, M:, Mob, Tel, Direct, Office, DID, H/P, Cell, P, Fax, F:, E:, E-mail, Web, Mobil,
  Tél., Port., Móvil, 电话, 手机, 传真, 微信, QQ, 电邮, 邮箱, 网址, 地址, 電話, 手機, 傳真,
  電郵 (with a colon, a full-width colon, or none); fax numbers always labelled as fax.
- Names from ~20 sources (Faker locales and own lists, diacritics kept: José, Müller, Łukasz,
  Nguyễn), Chinese names in simplified and traditional characters, Japanese names.
- Addresses in 12 countries' formats (CN, HK, SG, JP, IN, US, CA, GB, DE, FR, ES, AU), wrapped
  over one to three lines as designers do.
- Scans: flat, 300 or 600 dpi, slight skew. Photos: a desk, wood, fabric, paper or dark surface,
  perspective, rotation up to 180 degrees, a cast shadow, a shadow across the card, glare,
  defocus, motion blur, uneven light and colour cast, sensor noise, JPEG; 640-px, 1280-px and
  12-MP (4000x3000) images.

`generate(seed, n, out_dir)` writes the images and returns one dict per card:
{"image", "kind": "scan"|"photo", "lang": "en"|"zh"|"bi", "truth": {name, company, title, phone,
mobile, fax, email, website, address}, "accept": {field: [other right answers]}, "printed":
{field: text as printed}, "country", "layout", "size"}. Truth phones are E.164 (the card's
country for numbers printed without a country code); "" when the card lacks the field. For
Chinese and bilingual cards the truth is the Chinese form and `accept` holds the English one.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import math
import random
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageFont

try:  # run as a script (bench/ on sys.path) or imported as bench.indep_cards
    import indep_people as people
except ImportError:  # pragma: no cover - import path depends on the caller
    from bench import indep_people as people

SPLITS = {"tune": 11, "frozen": 12, **{f"tune{k}": 11 + k for k in range(2, 260)}}
"""Seeds per split: "frozen" is for final figures only; the tune splits for tuning."""
TRUTH_FIELDS = ("name", "company", "title", "phone", "mobile", "fax", "email", "website",
                "address")

# --------------------------------------------------------------------------------------------
# Fonts (system fonts found through fontconfig)
# --------------------------------------------------------------------------------------------


@functools.cache
def _font_files() -> dict[str, list[tuple[str, int]]]:
    """Font families by kind: latin sans/serif/condensed/mono (regular, bold) and CJK faces."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}|%{family}|%{style}\n"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    fams: dict[str, dict[str, str]] = {}
    cjk: dict[str, str] = {}
    for line in out.splitlines():
        try:
            path, fam, style = line.split("|", 2)
        except ValueError:
            continue
        fam = fam.split(",")[-1].strip()
        if path.endswith(".ttc") and "CJK" in fam:
            weight = "bold" if "Bold" in style else "regular"
            kind = "serif" if "Serif" in fam else "sans"
            cjk.setdefault(f"{kind}-{weight}", path)
            continue
        if "Math" in fam or "Oblique" in style or "Italic" in style or "Light" in style:
            continue
        weight = "bold" if "Bold" in style else "regular"
        fams.setdefault(fam, {})[weight] = path
    latin = {f: v for f, v in fams.items() if "regular" in v and "bold" in v}
    if not latin:  # fall back to Pillow's own font, so generation still works
        latin = {"default": {"regular": "", "bold": ""}}
    return {"latin": [(f, 0) for f in sorted(latin)], "_latin_paths": latin,  # type: ignore
            "_cjk": cjk}  # type: ignore


@functools.cache
def _font(path: str, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    if not path:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size, index=index)


CJK_INDEX = {"sc": 2, "tc": 3, "hk": 4, "jp": 0}


@dataclass
class FontSet:
    latin_family: str
    cjk_kind: str  # sans | serif
    cjk_region: str  # sc | tc | hk | jp

    def get(self, text: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        size = max(8, int(size))
        if _has_cjk(text):
            cjk = _font_files()["_cjk"]
            path = cjk.get(f"{self.cjk_kind}-{'bold' if bold else 'regular'}") or \
                cjk.get(f"sans-{'bold' if bold else 'regular'}") or ""
            return _font(path, size, CJK_INDEX[self.cjk_region] if path else 0)
        paths = _font_files()["_latin_paths"][self.latin_family]
        return _font(paths["bold" if bold else "regular"], size)


def _has_cjk(s: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in s)


# --------------------------------------------------------------------------------------------
# Vocabularies of cards (the people, phones and places come from indep_people)
# --------------------------------------------------------------------------------------------

LABELS_EN = [
    {"phone": "T", "mobile": "M", "fax": "F", "email": "E", "web": "W", "sep": ": "},
    {"phone": "T", "mobile": "M", "fax": "F", "email": "E", "web": "W", "sep": "  "},
    {"phone": "Tel", "mobile": "Mob", "fax": "Fax", "email": "Email", "web": "Web", "sep": ": "},
    {"phone": "Tel.", "mobile": "Mob.", "fax": "Fax", "email": "E-mail", "web": "", "sep": " "},
    {"phone": "Office", "mobile": "Mobile", "fax": "Fax", "email": "E-mail", "web": "",
     "sep": ": "},
    {"phone": "Direct", "mobile": "Cell", "fax": "Fax", "email": "Email", "web": "", "sep": " "},
    {"phone": "P", "mobile": "C", "fax": "F", "email": "E", "web": "W", "sep": " "},
    {"phone": "Phone", "mobile": "Mobile", "fax": "Facsimile", "email": "Mail", "web": "Web",
     "sep": ": "},
    {"phone": "O", "mobile": "M", "fax": "F", "email": "", "web": "", "sep": " "},
    {"phone": "D", "mobile": "M", "fax": "F", "email": "E", "web": "", "sep": " | "},
]
LABELS_COUNTRY = {
    "DE": [{"phone": "Tel.", "mobile": "Mobil", "fax": "Fax", "email": "E-Mail", "web": "",
            "sep": " "},
           {"phone": "Telefon", "mobile": "Handy", "fax": "Telefax", "email": "E-Mail",
            "web": "Web", "sep": ": "}],
    "FR": [{"phone": "Tél.", "mobile": "Port.", "fax": "Fax", "email": "E-mail", "web": "",
            "sep": " "},
           {"phone": "Tél", "mobile": "Mobile", "fax": "Fax", "email": "Courriel", "web": "",
            "sep": " : "}],
    "ES": [{"phone": "Tel.", "mobile": "Móvil", "fax": "Fax", "email": "Correo", "web": "Web",
            "sep": ": "},
           {"phone": "T.", "mobile": "M.", "fax": "F.", "email": "E.", "web": "", "sep": " "}],
    "SG": [{"phone": "DID", "mobile": "H/P", "fax": "Fax", "email": "Email", "web": "",
            "sep": ": "}],
    "HK": [{"phone": "Tel", "mobile": "Mobile", "fax": "Fax", "email": "Email", "web": "",
            "sep": ": "}],
    "IN": [{"phone": "Ph", "mobile": "Mob", "fax": "Fax", "email": "Email", "web": "Web",
            "sep": ": "}],
}
LABELS_ZH = [
    {"phone": "电话", "mobile": "手机", "fax": "传真", "email": "邮箱", "web": "网址",
     "addr": "地址", "wechat": "微信", "qq": "QQ"},
    {"phone": "电话", "mobile": "手机", "fax": "传真", "email": "电邮", "web": "网址",
     "addr": "地址", "wechat": "微信", "qq": "QQ"},
    {"phone": "座机", "mobile": "手机", "fax": "传真", "email": "E-mail", "web": "网址",
     "addr": "地址", "wechat": "微信", "qq": "QQ"},
    {"phone": "Tel", "mobile": "手机", "fax": "Fax", "email": "E-mail", "web": "Web",
     "addr": "地址", "wechat": "微信", "qq": "QQ"},
    {"phone": "总机", "mobile": "手机", "fax": "传真", "email": "邮箱", "web": "官网",
     "addr": "公司地址", "wechat": "微信号", "qq": "QQ"},
]
LABELS_TC = [{"phone": "電話", "mobile": "手機", "fax": "傳真", "email": "電郵", "web": "網址",
              "addr": "地址", "wechat": "微信", "qq": "QQ"}]
LABELS_BI = [{"phone": "电话 Tel", "mobile": "手机 Mob", "fax": "传真 Fax", "email": "邮箱 Email",
              "web": "网址 Web", "addr": "地址 Add", "wechat": "微信", "qq": "QQ"},
             {"phone": "T 电话", "mobile": "M 手机", "fax": "F 传真", "email": "E 电邮",
              "web": "W 网址", "addr": "A 地址", "wechat": "微信 WeChat", "qq": "QQ"},
             {"phone": "Tel/电话", "mobile": "Mob/手机", "fax": "Fax/传真", "email": "Email/邮箱",
              "web": "Web", "addr": "Add/地址", "wechat": "WeChat", "qq": "QQ"}]
ZH_COLONS = ["：", "：", "：", ":", ":", " ", " ", "：", "：", "：", ""]

CARD_TITLES_EN = ["Realtor®", "Broker / Owner", "Associate Broker", "Sales Associate",
                  "Solicitor", "Senior Solicitor", "Notary Public", "Mortgage Adviser",
                  "Chartered Surveyor", "Registered Nurse", "Physiotherapist",
                  "Senior Loan Officer", "Licensed Insurance Agent", "Store Manager",
                  "Head Chef", "Sommelier", "Fleet Manager", "Account Manager",
                  "Technical Sales Engineer", "Principal Consultant", "Creative Director",
                  "Owner", "Founder", "Director", "Managing Partner", "Counsel"]
DEPARTMENTS_EN = ["Cloud & AI Department", "Corporate Banking Division", "Research Group",
                  "Sales Department", "Asia Pacific Region", "Global Procurement",
                  "Customer Success Team", "Legal Department", "R&D Center",
                  "Enterprise Solutions Group", "Private Clients"]
DEPARTMENTS_ZH = ["市场部", "华东大区", "技术研发中心", "国际业务部", "销售一部", "采购部",
                  "客户服务中心", "财务部", "人力资源部"]
TAGLINES_EN = ["Building the future together", "Since 1987", "ISO 9001 certified",
               "Your partner in logistics", "Quality you can trust", "Innovation that matters",
               "Award-winning service", "Family owned & operated", "Proudly independent"]
TAGLINES_ZH = ["诚信 · 专业 · 共赢", "专注品质二十年", "让生活更美好", "客户至上 服务第一",
               "科技创造价值"]
POSTNOMINALS = {"US": [", CPA", ", MBA", ", PhD", ", Esq.", ", PE", " MBA"],
                "GB": [" MRICS", " FCA", " LLB", ", MBA"], "AU": [" CPA", " FAICD"],
                "CA": [", CPA", ", P.Eng."], "DE": ["Dr. ", "Dipl.-Ing. ", "Prof. Dr. "],
                "FR": ["Me ", "Dr "], "ES": ["Lic. ", "Dr. "], "IN": ["Dr. ", "CA "]}
HK_GIVEN_TC = ["家明", "志強", "嘉欣", "詠詩", "偉文", "美玲", "子軒", "浩然", "慧敏", "俊傑"]
HK_INDUSTRIES_TC = [("貿易", "Trading"), ("科技", "Technology"), ("物流", "Logistics"),
                    ("地產代理", "Property Agency"), ("工程", "Engineering"), ("設計", "Design")]
TITLES_TC = [("銷售經理", "Sales Manager"), ("採購經理", "Purchasing Manager"),
             ("客戶服務主任", "Customer Service Officer"), ("總經理", "General Manager"),
             ("董事總經理", "Managing Director"), ("市場推廣經理", "Marketing Manager"),
             ("項目經理", "Project Manager"), ("高級工程師", "Senior Engineer"),
             ("會計師", "Accountant"), ("行政助理", "Administrative Assistant"),
             ("地產代理", "Estate Agent"), ("律師", "Solicitor"),
             ("營業代表", "Sales Representative")]
EXTRA_NAME_LOCALES = ["sv_SE", "da_DK", "fi_FI", "nb_NO", "pt_PT", "sk_SK", "hr_HR", "lt_LT",
                      "de_AT", "de_CH", "fr_CH", "it_IT", "es_CO", "es_AR", "fil_PH", "id_ID"]

PALETTES = [  # (background, ink, accent, muted)
    ((255, 255, 255), (25, 25, 25), (0, 82, 155), (110, 110, 110)),
    ((250, 248, 240), (40, 40, 40), (160, 30, 40), (120, 115, 105)),
    ((255, 255, 255), (30, 40, 60), (0, 150, 136), (100, 110, 120)),
    ((245, 245, 245), (20, 20, 20), (230, 120, 0), (90, 90, 90)),
    ((255, 255, 255), (60, 60, 60), (120, 40, 140), (130, 130, 130)),
    ((236, 232, 220), (50, 45, 40), (120, 90, 40), (110, 100, 90)),
    ((255, 255, 255), (0, 0, 0), (200, 0, 0), (80, 80, 80)),
]
DARK_PALETTES = [((20, 30, 60), (240, 240, 240), (212, 175, 55), (170, 175, 190)),
                 ((15, 15, 15), (235, 235, 235), (200, 160, 90), (150, 150, 150)),
                 ((10, 60, 50), (245, 245, 240), (180, 220, 200), (170, 200, 190)),
                 ((60, 20, 30), (250, 240, 240), (230, 190, 120), (200, 170, 170))]


# --------------------------------------------------------------------------------------------
# Card content
# --------------------------------------------------------------------------------------------


@dataclass
class Content:
    lang: str
    country: str
    truth: dict
    accept: dict
    printed: dict
    name: str
    name2: str = ""  # the other-language name on bilingual cards
    postnominal: str = ""
    title: str = ""
    title2: str = ""
    department: str = ""
    company_legal: str = ""
    company_legal2: str = ""
    wordmark: str = ""
    tagline: str = ""
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, value)
    contacts2: list[tuple[str, str, str]] = field(default_factory=list)
    address: list[str] = field(default_factory=list)
    address2: list[str] = field(default_factory=list)
    addr_label: str = ""
    qr: bool = False
    qr_caption: str = ""
    traditional: bool = False
    icons: bool = False
    wordmark2: str = ""  # the English wordmark of a Chinese firm


def _e164(ph: people.Phone) -> str:
    return ph.e164


def _wrap_address(addr: str, rng: random.Random, zh: bool, max_lines: int = 3) -> list[str]:
    """Split an address over lines at commas, as designers do."""
    if zh:
        if len(addr) > 22 and rng.random() < 0.6:
            cut = len(addr) // 2
            for k in range(cut, min(len(addr) - 2, cut + 8)):
                if addr[k] in "号號区區路道街":
                    return [addr[: k + 1], addr[k + 1:].strip()]
        return [addr]
    parts = [p.strip() for p in addr.split(",")]
    if len(parts) <= 1 or rng.random() < 0.25:
        return [addr]
    n = min(max_lines, rng.choice([2, 2, 3]), len(parts))
    size = math.ceil(len(parts) / n)
    return [", ".join(parts[i: i + size]) for i in range(0, len(parts), size)]


def _social(rng: random.Random, p: people.Person, lang: str) -> list[tuple[str, str, str]]:
    if p.script == "ja":
        base = p.ja_roman[0] + p.ja_roman[1]
    elif p.script in ("zh", "hk", "sg", "zhpy"):
        base = (p.en_name or p.py_given or p.given) + p.py_family + p.family
    else:
        base = p.given + p.family
    slug = "".join(ch for ch in people._slug(base) if ch.isascii()) or "contact"
    out = []
    r = rng.random()
    if lang in ("zh", "bi") or p.country in ("CN", "HK", "SG"):
        if r < 0.4:
            out.append(("wechat", "微信" if lang != "en" else "WeChat",
                        rng.choice([f"wx_{slug[:8]}{rng.randint(10, 99)}",
                                    f"{slug[:10]}{rng.randint(1970, 2005)}",
                                    p.mobile.nsn if p.mobile else slug])))
        elif r < 0.6:
            out.append(("qq", "QQ", str(rng.randint(10000000, 2999999999))))
    else:
        if r < 0.45:
            out.append(("linkedin", rng.choice(["in", "LinkedIn", ""]),
                        rng.choice([f"linkedin.com/in/{slug}", f"linkedin.com/in/{slug}-"
                                    f"{rng.randint(10, 99)}a{rng.randint(100, 999)}",
                                    f"/in/{slug}"])))
        elif r < 0.55:
            out.append(("x", "", f"@{slug[:12]}"))
        elif r < 0.62:
            out.append(("skype", "Skype", f"{slug[:10]}.biz"))
    return out


def _join_label(lab: str) -> str:
    """A label glued to its value stays glued only where print does it: CJK label, digit."""
    return lab + " "


def _fmt_phone(ph: people.Phone, rng: random.Random, intl: bool) -> str:
    """Printed number; business cards favour tidy spacing over the free forms people type."""
    for _ in range(6):
        s = people.format_phone(ph, rng)
        if intl and not (s.startswith("+") or s.startswith("00")):
            continue
        if s.startswith(("(1) ", "(86) ")) or (s.startswith("1 ") and
                                                ph.country not in ("US", "CA")):
            continue
        return s
    return people.format_phone(ph, rng)


def build_content(w: people._World, rng: random.Random, lang: str, country: str) -> Content:
    """Who is on the card, what the card says and how it is labelled."""
    p = w.person(country)
    tries = 0
    while lang != "en" and p.script != "zh" and country == "CN" and tries < 5:
        p, tries = w.person(country), tries + 1
    if lang == "en" and rng.random() < 0.15 and p.script == "latin":
        loc = rng.choice(EXTRA_NAME_LOCALES)
        try:
            fk = w.faker(loc)
            p.given = fk.first_name_male() if p.gender == "m" else fk.first_name_female()
            p.family = fk.last_name()
        except AttributeError:
            pass
        p.middle = ""
        w.refresh_emails(p)
    if not p.company:
        p.company = w.company(country)
        w.assign_title(p)
    comp = p.company
    if not p.work:
        p.work = people.Phone(country, comp.switchboard.nsn, comp.switchboard.groups, "work")
    if not p.email_work:
        p.email_work = w.unique_email(p, comp.domain)
    trad = country == "HK" and lang != "en"
    zh = lang in ("zh", "bi")

    # names
    if p.script == "zh":
        zh_name = p.zh_family + p.zh_given
        en_name = (f"{p.en_name} {p.py_family}" if p.en_name and rng.random() < 0.5 else
                   rng.choice([f"{p.py_given} {p.py_family}", f"{p.py_family} {p.py_given}",
                               f"{p.py_family.upper()} {p.py_given}"]))
    elif p.script == "hk":
        zh_name = p.zh_family + rng.choice(HK_GIVEN_TC)
        en_name = rng.choice([f"{p.given} {p.family}", f"{p.given} {p.family} {p.py_given}",
                              f"{p.family} {p.py_given}, {p.given}"])
    elif p.script == "ja":
        zh_name = f"{p.family} {p.given}"
        en_name = f"{p.ja_roman[0]} {p.ja_roman[1]}"
    else:
        zh_name = ""
        mid = f" {p.middle}." if p.middle else ""
        en_name = f"{p.given}{mid} {p.family}"
    if zh and not zh_name:
        lang = "en"
        zh = False
    if lang == "en":
        name, name2 = en_name, ""
        accept_names = [zh_name] if zh_name else []
    else:
        name, name2 = zh_name, en_name if (lang == "bi" or rng.random() < 0.35) else ""
        accept_names = [en_name]
    post = ""
    if lang == "en" and p.script == "latin" and rng.random() < 0.12 and country in POSTNOMINALS:
        post = rng.choice(POSTNOMINALS[country])

    # company
    if comp.lang == "zh":
        legal_zh, legal_en = comp.names[0], comp.names[3]
        mark_zh, mark_en = comp.names[1], comp.names[4]
    elif comp.lang == "ja":
        legal_zh, legal_en = comp.names[0], comp.names[2]
        mark_zh, mark_en = comp.names[1], comp.names[3]
    else:
        legal_en = comp.names[0]
        mark_en = min(comp.names[:-1], key=len)
        if trad or (country == "HK" and zh):
            brand = rng.choice(people.ZH_BRANDS).translate(people.ZH_TRAD)
            ind = rng.choice(HK_INDUSTRIES_TC)
            legal_zh, mark_zh = f"{brand}{ind[0]}有限公司", f"{brand}{ind[0]}"
        elif zh:
            legal_zh, mark_zh = comp.names[0], comp.names[0]
        else:
            legal_zh = mark_zh = ""
    if lang == "en":
        legal, mark, legal2 = legal_en, mark_en, ""
        comp_accept = [mark_en] + ([legal_zh] if legal_zh else [])
    else:
        legal, mark = legal_zh, mark_zh
        legal2 = legal_en if lang == "bi" or rng.random() < 0.5 else ""
        comp_accept = [mark_zh, legal_en, mark_en]
    wordmark_only = rng.random() < 0.15
    company_truth = mark if wordmark_only else legal
    comp_accept = [c for c in [legal, *comp_accept] if c and c != company_truth]

    # title
    if lang == "en":
        title = p.title if p.title.isascii() or country == "JP" else (p.title_alt or "Manager")
        if country == "JP" and not title.isascii():
            title = rng.choice(["Sales Manager", "Section Manager", "Engineer", "President"])
        if rng.random() < 0.25:
            title = rng.choice(CARD_TITLES_EN)
        title2 = ""
    else:
        zh_title = p.title if _has_cjk(p.title) else rng.choice(people.TITLES_ZH)[0]
        en_title = p.title_alt if p.title_alt and p.title_alt.isascii() else \
            dict(people.TITLES_ZH).get(zh_title, "Manager")
        if trad:
            zh_title, en_title = rng.choice(TITLES_TC)
        title, title2 = zh_title, en_title if (lang == "bi" or rng.random() < 0.3) else ""
    has_title = rng.random() < 0.88

    # contacts
    intl = (lang != "zh" and rng.random() < 0.6) or lang == "bi"
    if zh:
        labels = dict(rng.choice(LABELS_TC if trad else (LABELS_BI if lang == "bi" and
                                                          rng.random() < 0.6 else LABELS_ZH)))
        colon = rng.choice(ZH_COLONS)
    else:
        labels = dict(rng.choice(LABELS_COUNTRY.get(country, []) + LABELS_EN))
        colon = labels.pop("sep")
    icons = not zh and rng.random() < 0.18
    contacts: list[tuple[str, str, str]] = []
    printed: dict = {}
    truth = dict.fromkeys(TRUTH_FIELDS, "")
    accept: dict = {k: [] for k in TRUTH_FIELDS}
    has_mobile = rng.random() < 0.78
    has_phone = rng.random() < (0.7 if has_mobile else 0.97)
    has_fax = rng.random() < (0.4 if zh else 0.22)

    def label(kind: str) -> str:
        lab = labels.get(kind, "")
        if icons and kind in ("phone", "mobile", "email", "web"):
            return ""
        if not lab:
            return ""
        sep = colon
        glued_plus = not lab.isascii() and kind in ("phone", "mobile") and intl
        if not sep and (lab[-1:].isascii() or glued_plus):
            sep = " "  # "WeChatwx_..." or "电话+86 ..." is no design anyone prints
        return lab + sep

    if has_phone:
        ph = p.work
        if p.work.nsn == comp.switchboard.nsn and rng.random() < 0.3:
            ph = people.Phone(country, ph.nsn, ph.groups, "work", str(rng.randint(100, 899)))
        s = _fmt_phone(ph, rng, intl)
        contacts.append(("phone", label("phone"), s))
        truth["phone"], printed["phone"] = _e164(ph), s
        board = comp.switchboard
        if ph.nsn != board.nsn and rng.random() < 0.15:  # a direct line and the main number
            main = rng.choice(["总机", "公司电话"]) if zh else rng.choice(["Office", "Main",
                                                                       "Switchboard", "T"])
            sep = (colon or " ") if zh else (": " if len(main) > 1 else " ")
            contacts.append(("phone", main + sep, _fmt_phone(board, rng, intl)))
            accept["phone"].append(_e164(board))
    if has_mobile and p.mobile:
        s = _fmt_phone(p.mobile, rng, intl)
        tail = ""
        if zh and rng.random() < 0.15:
            tail = "（微信同号）"
        elif not zh and country in ("ES", "IN", "GB", "DE", "FR") and rng.random() < 0.12:
            tail = " (WhatsApp)"
        contacts.append(("mobile", label("mobile"), s + tail))
        truth["mobile"], printed["mobile"] = _e164(p.mobile), s
    if has_fax:
        area = getattr(comp, "area", "")
        fax = people._new_phone(rng, country, "fax", area, w.used_phones)
        s = _fmt_phone(fax, rng, intl)
        lab = labels.get("fax") or "Fax"
        contacts.append(("fax", lab + (colon if colon.strip() or (zh and colon and
                                                                  not lab.isascii()) else " "), s))
        truth["fax"], printed["fax"] = _e164(fax), s
    if rng.random() < 0.88:
        email = p.email_work if rng.random() < 0.9 else (p.email_personal or p.email_work)
        contacts.append(("email", label("email"), email))
        truth["email"] = printed["email"] = email
    if rng.random() < 0.55:
        web = rng.choice([f"www.{comp.domain}", comp.domain, f"https://www.{comp.domain}",
                          f"www.{comp.domain}".upper() if rng.random() < 0.1 else
                          f"www.{comp.domain}"])
        contacts.append(("web", label("web"), web))
        truth["website"] = printed["website"] = web
    if rng.random() < 0.4:
        for kind, lab, val in _social(rng, p, lang):
            if kind in ("wechat", "qq") and zh:
                lab = labels.get(kind, lab)
            sep = (colon or (" " if lab[-1:].isascii() else "")) if zh else ": "
            contacts.append((kind, (lab + sep) if lab else "", val))
    if rng.random() < 0.25:
        rng.shuffle(contacts)
    contacts = [(k, _join_label(lab), v) if lab and lab[-1] not in " :：" and
                (lab[-1].isascii() or not v[:1].isalnum()) else (k, lab, v)
                for k, lab, v in contacts]

    # address
    addr_obj = comp.office if rng.random() < 0.85 or not p.address else p.address
    if rng.random() < 0.75 and addr_obj:
        alang = "zh" if zh and country in ("CN", "HK") else ("ja" if country == "JP" and zh
                                                               else "en")
        if country == "JP" and lang == "en":
            alang = "en"
        addr = people.format_address(addr_obj, rng, alang)
        if trad and rng.random() < 0.5:
            for dzh, _ in people.HK_DISTRICTS:
                if dzh in addr and dzh + "區" not in addr:
                    addr = addr.replace(dzh, dzh + "區", 1)
                    break
        addr_lines = _wrap_address(addr, rng, zh and alang != "en")
        truth["address"] = printed["address"] = addr
        addr2: list[str] = []
        if lang == "bi" and country in ("CN", "HK"):
            addr_en = people.format_address(addr_obj, rng, "en")
            addr2 = _wrap_address(addr_en, rng, False)
            accept["address"].append(addr_en)
    else:
        addr_lines, addr2 = [], []

    truth["name"] = name.replace(" ", "") if (zh and _has_cjk(name) and p.script != "ja") \
        else name
    printed["name"] = name
    accept["name"] = [a for a in accept_names if a]
    if post:
        accept["name"].append(post.strip() + " " + name if post.endswith(" ") else name + post)
    truth["company"] = company_truth
    accept["company"] = comp_accept
    if has_title:
        truth["title"] = printed["title"] = title
        if title2:
            accept["title"].append(title2)
    if p.script == "latin" and rng.random() < 0.1:  # names set in capitals
        name = name.upper()
        printed["name"] = name
    c = Content(lang=lang, country=country, truth=truth, accept=accept, printed=printed,
                name=name, name2=name2, postnominal=post,
                title=title if has_title else "", title2=title2 if has_title else "",
                company_legal="" if wordmark_only else legal,
                company_legal2="" if wordmark_only else legal2, wordmark=mark,
                contacts=contacts, address=addr_lines, address2=addr2,
                addr_label=(labels.get("addr", "") + colon) if zh and rng.random() < 0.7 else "",
                traditional=trad, icons=icons, wordmark2=mark_en if lang != "en" else "")
    if rng.random() < 0.12:
        c.department = rng.choice(DEPARTMENTS_ZH if zh else DEPARTMENTS_EN)
    if rng.random() < 0.18:
        c.tagline = rng.choice(TAGLINES_ZH if zh and rng.random() < 0.7 else TAGLINES_EN)
    if rng.random() < 0.16:
        c.qr = True
        c.qr_caption = rng.choice(["扫一扫 加微信", "扫码关注", "Scan to connect", "", "vCard"]) \
            if zh else rng.choice(["Scan to save contact", "", "vCard", "Scan me"])
    if not c.company_legal and not c.wordmark:
        c.wordmark = company_truth
    return c


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


class Painter:
    """Text and shapes on a card, with fitting to a width."""

    def __init__(self, img: Image.Image, fonts: FontSet, scale: float):
        self.img = img
        self.d = ImageDraw.Draw(img)
        self.fonts = fonts
        self.s = scale

    def font(self, text: str, size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        return self.fonts.get(text, size * self.s, bold)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.d.textlength(text, font=self.font(text, size, bold))

    def fit(self, text: str, size: float, max_w: float, bold: bool = False) -> float:
        while size > 9 and self.width(text, size, bold) > max_w * self.s:
            size *= 0.92
        return size

    def text(self, xy: tuple[float, float], text: str, size: float, fill, bold: bool = False,
             anchor: str = "la", max_w: float | None = None, tracking: float = 0) -> float:
        """Draw at card coordinates (unscaled); return the line height used."""
        if max_w:
            size = self.fit(text, size, max_w, bold)
        f = self.font(text, size, bold)
        x, y = xy[0] * self.s, xy[1] * self.s
        if tracking and not _has_cjk(text):
            total = sum(self.d.textlength(ch, font=f) + tracking * self.s for ch in text)
            if anchor[0] == "m":
                x -= total / 2
            elif anchor[0] == "r":
                x -= total
            for ch in text:
                self.d.text((x, y), ch, font=f, fill=fill, anchor="l" + anchor[1])
                x += self.d.textlength(ch, font=f) + tracking * self.s
        else:
            self.d.text((x, y), text, font=f, fill=fill, anchor=anchor)
        return size * 1.32

    def vtext(self, x: float, y: float, text: str, size: float, fill, bold: bool = False) -> float:
        """Vertical text, one character under another; returns the column height."""
        f = self.font(text, size, bold)
        yy = y
        for ch in text:
            if ch == " ":
                yy += size * 0.5
                continue
            self.d.text((x * self.s, yy * self.s), ch, font=f, fill=fill, anchor="mt")
            yy += size * 1.08
        return yy - y

    def rect(self, box, fill=None, outline=None, width: int = 1) -> None:
        self.d.rectangle([v * self.s for v in box], fill=fill, outline=outline,
                         width=max(1, int(width * self.s)))

    def line(self, pts, fill, width: float = 1) -> None:
        self.d.line([v * self.s for v in pts], fill=fill, width=max(1, int(width * self.s)))


def draw_logo(pt: Painter, rng: random.Random, x: float, y: float, size: float, text: str,
              colour, bg) -> None:
    """A logo mark: a shape with an initial or a character, or an abstract mark."""
    s = size
    kind = rng.choice(["circle", "square", "hex", "tri", "bars", "ring", "swoosh"])
    d = pt.d
    k = pt.s
    box = [x * k, y * k, (x + s) * k, (y + s) * k]
    ch = ""
    if text:
        words = [w for w in text.split() if w[:1].isalpha()]
        ch = text[0] if _has_cjk(text) else "".join(w[0] for w in words[:2]).upper()
    if kind == "circle":
        d.ellipse(box, fill=colour)
    elif kind == "square":
        d.rounded_rectangle(box, radius=s * k * 0.18, fill=colour)
    elif kind == "hex":
        cx, cy, r = (x + s / 2) * k, (y + s / 2) * k, s * k / 2
        d.polygon([(cx + r * math.cos(math.pi / 3 * i + math.pi / 6),
                    cy + r * math.sin(math.pi / 3 * i + math.pi / 6)) for i in range(6)],
                  fill=colour)
    elif kind == "tri":
        d.polygon([((x + s / 2) * k, y * k), ((x + s) * k, (y + s) * k), (x * k, (y + s) * k)],
                  fill=colour)
        ch = ""
    elif kind == "bars":
        for i in range(4):
            h = s * (0.35 + 0.65 * (i + 1) / 4)
            d.rectangle([(x + i * s / 4) * k, (y + s - h) * k, (x + i * s / 4 + s / 5.5) * k,
                         (y + s) * k], fill=colour)
        ch = ""
    elif kind == "ring":
        d.ellipse(box, outline=colour, width=max(2, int(s * k * 0.12)))
    else:
        d.arc(box, 200, 520, fill=colour, width=max(2, int(s * k * 0.14)))
        d.ellipse([(x + s * 0.38) * k, (y + s * 0.38) * k, (x + s * 0.62) * k,
                   (y + s * 0.62) * k], fill=colour)
        ch = ""
    if ch and kind != "ring":
        pt.text((x + s / 2, y + s / 2), ch, s * (0.5 if len(ch) == 1 else 0.38), bg, True, "mm")
    elif ch:
        pt.text((x + s / 2, y + s / 2), ch, s * 0.42, colour, True, "mm")


def draw_qr(pt: Painter, rng: random.Random, x: float, y: float, size: float, ink, bg) -> None:
    """A QR-code-like block: three finder squares and random modules."""
    n = 25
    m = size / n
    k = pt.s
    d = pt.d
    d.rectangle([x * k, y * k, (x + size) * k, (y + size) * k], fill=bg)
    for i in range(n):
        for j in range(n):
            if rng.random() < 0.5:
                d.rectangle([(x + i * m) * k, (y + j * m) * k, (x + (i + 1) * m) * k,
                             (y + (j + 1) * m) * k], fill=ink)
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        bx, by = x + fx * m, y + fy * m
        d.rectangle([bx * k, by * k, (bx + 8 * m) * k if fx == 0 else (bx + 7 * m) * k,
                     (by + 8 * m) * k if fy == 0 else (by + 7 * m) * k], fill=bg)
        d.rectangle([bx * k, by * k, (bx + 7 * m) * k, (by + 7 * m) * k], fill=ink)
        d.rectangle([(bx + m) * k, (by + m) * k, (bx + 6 * m) * k, (by + 6 * m) * k], fill=bg)
        d.rectangle([(bx + 2 * m) * k, (by + 2 * m) * k, (bx + 5 * m) * k, (by + 5 * m) * k],
                    fill=ink)


def draw_icon(pt: Painter, kind: str, x: float, y: float, s: float, colour) -> None:
    """A small contact icon in place of a text label."""
    k = pt.s
    d = pt.d
    d.ellipse([x * k, y * k, (x + s) * k, (y + s) * k], fill=colour)
    bg = (255, 255, 255)
    cx, cy = (x + s / 2) * k, (y + s / 2) * k
    r = s * k / 2
    if kind in ("phone", "mobile", "fax"):
        d.rounded_rectangle([cx - r * 0.28, cy - r * 0.5, cx + r * 0.28, cy + r * 0.5],
                            radius=r * 0.1, fill=bg)
    elif kind == "email":
        d.rectangle([cx - r * 0.5, cy - r * 0.32, cx + r * 0.5, cy + r * 0.32], fill=bg)
        d.line([cx - r * 0.5, cy - r * 0.32, cx, cy + r * 0.05, cx + r * 0.5, cy - r * 0.32],
               fill=colour, width=max(1, int(r * 0.12)))
    else:
        d.ellipse([cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45], outline=bg,
                  width=max(1, int(r * 0.12)))
        d.line([cx - r * 0.45, cy, cx + r * 0.45, cy], fill=bg, width=max(1, int(r * 0.1)))


def _contact_lines(c: Content, rng: random.Random, joined: bool) -> list[tuple[str, str]]:
    """(kind, text) lines; `joined` puts two short items on one line with a separator."""
    items = [(k, f"{lab}{val}") for k, lab, val in c.contacts]
    if not joined:
        return items
    out, i = [], 0
    sep = rng.choice(["  |  ", "   ", "  ·  ", "  /  "])
    while i < len(items):
        k, t = items[i]
        if i + 1 < len(items) and k in ("phone", "mobile", "fax") and \
                items[i + 1][0] in ("phone", "mobile", "fax") and \
                len(t) + len(items[i + 1][1]) < 46:
            out.append((k + "+" + items[i + 1][0], t + sep + items[i + 1][1]))
            i += 2
        else:
            out.append((k, t))
            i += 1
    return out


W, H = 1050, 600  # card units: 3.5 x 2 inches at 300 dpi


def _palette(rng: random.Random, dark: bool):
    return rng.choice(DARK_PALETTES if dark else PALETTES)


def layout_left(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    bg, ink, acc, muted = pal
    m = rng.uniform(55, 80)
    y = m
    logo = rng.uniform(70, 105)
    draw_logo(pt, rng, m, y, logo, c.wordmark or c.company_legal, acc, bg)
    wm_size = rng.uniform(58, 78) if big_company else rng.uniform(34, 44)
    wm = c.wordmark or c.company_legal
    pt.text((m + logo + 22, y + logo / 2), wm.upper() if rng.random() < 0.4 and wm.isascii()
            else wm, wm_size, acc, True, "lm", max_w=W - m * 2 - logo - 30,
            tracking=rng.choice([0, 0, 3]))
    y += logo + rng.uniform(30, 55)
    name_size = rng.uniform(40, 50) if big_company else rng.uniform(50, 64)
    name = c.name + c.postnominal if c.postnominal and not c.postnominal.endswith(" ") else \
        c.postnominal + c.name
    y += pt.text((m, y), name, name_size, ink, True, max_w=W - 2 * m)
    if c.name2:
        y += pt.text((m, y), c.name2, name_size * 0.55, muted, max_w=W - 2 * m)
    if c.title:
        y += pt.text((m, y), c.title, rng.uniform(26, 32), muted, max_w=W - 2 * m)
    if c.title2:
        y += pt.text((m, y), c.title2, 24, muted, max_w=W - 2 * m)
    if c.department:
        y += pt.text((m, y), c.department, 24, muted, max_w=W - 2 * m)
    _bottom_block(pt, c, rng, pal, m, y + 12, W - 2 * m - (170 if c.qr else 0))
    if c.qr:
        draw_qr(pt, rng, W - m - 150, H - m - 150, 150, ink, bg)


def _bottom_block(pt: Painter, c: Content, rng: random.Random, pal, x: float, y_min: float,
                  max_w: float, align: str = "l") -> None:
    """Contacts and address, from the bottom margin upward."""
    _, ink, _, muted = pal
    lines = _contact_lines(c, rng, joined=rng.random() < 0.4)
    addr = [("address", (c.addr_label + c.address[0]) if c.address else "")] + \
        [("address", a) for a in c.address[1:]] if c.address else []
    if c.company_legal and c.company_legal != c.wordmark:
        addr = [("company", c.company_legal), *addr]
    if c.company_legal2:
        addr.append(("company2", c.company_legal2))
    allines = lines + addr + ([("tag", c.tagline)] if c.tagline else [])
    size = rng.uniform(24, 30)
    avail = H - 50 - y_min
    while size > 14 and len(allines) * size * 1.3 > avail:
        size *= 0.93
    y = H - 50 - len(allines) * size * 1.3
    anchor = {"l": "la", "m": "ma", "r": "ra"}[align]
    for kind, t in allines:
        col = ink if kind not in ("tag", "company2") else muted
        bold = kind == "company"
        if c.icons and kind.split("+")[0] in ("phone", "mobile", "email", "web") \
                and align == "l":
            draw_icon(pt, kind.split("+")[0], x, y + size * 0.1, size * 0.95, pal[2])
            pt.text((x + size * 1.4, y), t, size, col, bold, anchor, max_w=max_w - size * 1.4)
        else:
            pt.text((x, y), t, size, col, bold, anchor, max_w=max_w)
        y += size * 1.3


def layout_two_col(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    bg, ink, acc, muted = pal
    m = rng.uniform(50, 70)
    mid = W * rng.uniform(0.42, 0.5)
    wm = c.wordmark or c.company_legal
    logo = rng.uniform(60, 90)
    draw_logo(pt, rng, m, m, logo, wm, acc, bg)
    pt.text((m + logo + 18, m + logo / 2), wm, rng.uniform(52, 70) if big_company else 36, acc,
            True, "lm", max_w=W - m - logo - 40)
    y = m + logo + 60
    name = c.postnominal + c.name if c.postnominal.endswith(" ") else c.name + c.postnominal
    y += pt.text((m, y), name, rng.uniform(40, 48) if big_company else rng.uniform(48, 58), ink,
                 True, max_w=mid - m - 10)
    if c.name2:
        y += pt.text((m, y), c.name2, 26, muted, max_w=mid - m - 10)
    if c.title:
        y += pt.text((m, y), c.title, 27, muted, max_w=mid - m - 10)
    if c.title2:
        y += pt.text((m, y), c.title2, 23, muted, max_w=mid - m - 10)
    if c.department:
        y += pt.text((m, y), c.department, 23, muted, max_w=mid - m - 10)
    pt.line([mid, m + logo + 50, mid, H - m], acc, 2)
    lines = _contact_lines(c, rng, joined=False)
    addr = list(c.address)
    if addr and c.addr_label:
        addr[0] = c.addr_label + addr[0]
    right = lines + [("address", a) for a in addr]
    if c.company_legal and c.company_legal != wm:
        right.insert(0, ("company", c.company_legal))
    if c.company_legal2:
        right.append(("company2", c.company_legal2))
    size = 26.0
    avail = H - m - (m + logo + 50)
    while size > 14 and len(right) * size * 1.35 > avail:
        size *= 0.93
    yy = m + logo + 50 + max(0, (avail - len(right) * size * 1.35) / 2)
    align_right = rng.random() < 0.35
    for kind, t in right:
        col = muted if kind == "company2" else ink
        if align_right:
            pt.text((W - m, yy), t, size, col, kind == "company", "ra", max_w=W - mid - m - 20)
        else:
            pt.text((mid + 25, yy), t, size, col, kind == "company", max_w=W - mid - m - 25)
        yy += size * 1.35
    if c.qr:
        draw_qr(pt, rng, m, H - m - 120, 120, ink, bg)


def layout_centred(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    bg, ink, acc, muted = pal
    cx = W / 2
    y = rng.uniform(40, 60)
    wm = c.wordmark or c.company_legal
    logo = rng.uniform(60, 85)
    if rng.random() < 0.7:
        draw_logo(pt, rng, cx - logo / 2, y, logo, wm, acc, bg)
        y += logo + 12
    wm_size = rng.uniform(50, 68) if big_company else rng.uniform(30, 38)
    y += pt.text((cx, y), wm.upper() if wm.isascii() and rng.random() < 0.5 else wm, wm_size,
                 acc, True, "ma", max_w=W - 120, tracking=rng.choice([0, 2, 4]))
    if c.tagline and rng.random() < 0.5:
        y += pt.text((cx, y), c.tagline, 20, muted, anchor="ma", max_w=W - 160)
        c = _replace(c, tagline="")
    y += 18
    name = c.postnominal + c.name if c.postnominal.endswith(" ") else c.name + c.postnominal
    y += pt.text((cx, y), name, rng.uniform(38, 46) if big_company else rng.uniform(46, 56), ink,
                 True, "ma", max_w=W - 120)
    if c.name2:
        y += pt.text((cx, y), c.name2, 24, muted, anchor="ma", max_w=W - 160)
    t = " · ".join(x for x in (c.title, c.department) if x) if rng.random() < 0.5 else c.title
    if t:
        y += pt.text((cx, y), t, 26, muted, anchor="ma", max_w=W - 140)
    if c.title2:
        y += pt.text((cx, y), c.title2, 22, muted, anchor="ma", max_w=W - 140)
    pt.line([cx - 160, y + 6, cx + 160, y + 6], acc, 2)
    _bottom_block(pt, _replace(c, contacts=[(k, lab, v) for k, lab, v in c.contacts]), rng, pal,
                  cx, y + 16, W - 120, "m")


def layout_band(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    bg, ink, acc, muted = pal
    band = W * rng.uniform(0.28, 0.36)
    left = rng.random() < 0.7
    bx0 = 0 if left else W - band
    pt.rect([bx0, 0, bx0 + band, H], fill=acc)
    wm = c.wordmark or c.company_legal
    logo = band * 0.42
    draw_logo(pt, rng, bx0 + band / 2 - logo / 2, H * 0.25, logo, wm, bg, acc)
    pt.text((bx0 + band / 2, H * 0.25 + logo + 22), wm, rng.uniform(30, 44), bg, True, "ma",
            max_w=band - 30)
    x = band + 50 if left else 55
    wmax = W - band - 100
    y = 60
    name = c.postnominal + c.name if c.postnominal.endswith(" ") else c.name + c.postnominal
    y += pt.text((x, y), name, rng.uniform(44, 54), ink, True, max_w=wmax)
    if c.name2:
        y += pt.text((x, y), c.name2, 24, muted, max_w=wmax)
    if c.title:
        y += pt.text((x, y), c.title, 27, acc, max_w=wmax)
    if c.title2:
        y += pt.text((x, y), c.title2, 22, muted, max_w=wmax)
    if c.department:
        y += pt.text((x, y), c.department, 22, muted, max_w=wmax)
    _bottom_block(pt, c, rng, pal, x, y + 14, wmax)


def layout_zh(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    """Chinese horizontal: logo and company on top, name large with the title beside it."""
    bg, ink, acc, muted = pal
    m = rng.uniform(45, 65)
    wm = c.company_legal or c.wordmark
    logo = rng.uniform(64, 84)
    draw_logo(pt, rng, m, m, logo, c.wordmark or wm, acc, bg)
    pt.text((m + logo + 18, m + logo * 0.38), wm, rng.uniform(40, 52) if big_company else
            rng.uniform(30, 36), acc, True, "lm", max_w=W - 2 * m - logo - 20)
    if c.company_legal2:
        pt.text((m + logo + 18, m + logo * 0.82), c.company_legal2, 18, muted, False, "lm",
                max_w=W - 2 * m - logo - 20)
    y = m + logo + rng.uniform(36, 56)
    nsize = rng.uniform(52, 66) if not big_company else rng.uniform(44, 50)
    name = c.name
    if len(name) == 2 and rng.random() < 0.5:
        name = name[0] + "\u3000" + name[1]
    pt.text((m + 10, y), name, nsize, ink, True)
    nx = m + 10 + pt.width(name, nsize, True) / pt.s + 24
    if c.title:
        pt.text((nx, y + nsize * 0.38), c.title, 26, muted, anchor="la", max_w=W - nx - m)
    y += nsize * 1.3
    sub = " ".join(x for x in (c.name2, c.title2) if x)
    if sub:
        y += pt.text((m + 10, y), sub, 22, muted, max_w=W - 2 * m)
    if c.department:
        y += pt.text((m + 10, y), c.department, 22, muted, max_w=W - 2 * m)
    pt.line([m, y + 4, W - m, y + 4], acc, 2)
    lines = _contact_lines(c, rng, joined=False)
    addr = list(c.address)
    if addr and c.addr_label:
        addr[0] = c.addr_label + addr[0]
    two = len(lines) > 3 and rng.random() < 0.6
    size = 23.0
    rows = (math.ceil(len(lines) / 2) if two else len(lines)) + len(addr) + len(c.address2)
    avail = H - 40 - (y + 16)
    while size > 13 and rows * size * 1.35 > avail:
        size *= 0.93
    yy = max(y + 16, H - 40 - rows * size * 1.35 - rng.uniform(0, 30))
    if two:
        half = math.ceil(len(lines) / 2)
        for i in range(half):
            pt.text((m + 10, yy), lines[i][1], size, ink, max_w=W / 2 - m - 20)
            if half + i < len(lines):
                pt.text((W / 2 + 10, yy), lines[half + i][1], size, ink, max_w=W / 2 - m - 20)
            yy += size * 1.35
    else:
        for _, t in lines:
            yy += pt.text((m + 10, yy), t, size, ink, max_w=W - 2 * m - (130 if c.qr else 0)) \
                * 1.35 / 1.32
    for a in addr:
        yy += pt.text((m + 10, yy), a, size, ink, max_w=W - 2 * m - (130 if c.qr else 0)) \
            * 1.35 / 1.32
    for a in c.address2:
        yy += pt.text((m + 10, yy), a, size * 0.9, muted,
                      max_w=W - 2 * m - (130 if c.qr else 0)) * 1.35 / 1.32
    if c.qr:
        draw_qr(pt, rng, W - m - 110, H - m - 130, 110, ink, bg)
        if c.qr_caption:
            pt.text((W - m - 55, H - m - 14), c.qr_caption, 15, muted, anchor="ma")


def layout_vertical(pt: Painter, c: Content, rng: random.Random, pal, big_company: bool) -> None:
    """Traditional vertical Chinese: name and title in columns on the right, read right to left;
    company in a column on the far right; contacts horizontal on the left."""
    bg, ink, acc, muted = pal
    m = 50
    x = W - m - 20
    wm = c.company_legal or c.wordmark
    csize = 30 if len(wm) <= 12 else 24
    per_col = int((H - 2 * m) / (csize * 1.08))
    for k in range(0, len(wm), per_col):  # a long firm name takes a second column
        pt.vtext(x, m, wm[k: k + per_col], csize, acc, True)
        x -= csize * 1.3
    x -= 50 - csize * 1.3
    nsize = 64 if len(c.name) <= 3 else 50
    pt.vtext(x, m + 40, c.name, nsize, ink, True)
    x -= nsize + 26
    if c.title:
        pt.vtext(x, m + 70, c.title, 28, muted)
        x -= 60
    left_w = x - m - 20
    lines = _contact_lines(c, rng, joined=False)
    extra = [t for t in (c.name2, c.title2) if t]
    addr = list(c.address)
    if addr and c.addr_label:
        addr[0] = c.addr_label + addr[0]
    allines = [t for t in extra] + [t for _, t in lines] + addr
    size = 22.0
    while size > 12 and len(allines) * size * 1.4 > H - 2 * m:
        size *= 0.93
    yy = H - m - len(allines) * size * 1.4
    draw_logo(pt, rng, m, m, 70, c.wordmark or wm, acc, bg)
    for t in allines:
        pt.text((m, yy), t, size, ink, max_w=left_w)
        yy += size * 1.4


def _replace(c: Content, **kw) -> Content:
    d = dict(c.__dict__)
    d.update(kw)
    return Content(**d)


LAYOUTS_EN = [("left", layout_left, 30), ("two_col", layout_two_col, 25),
              ("centred", layout_centred, 25), ("band", layout_band, 20)]
LAYOUTS_ZH = [("zh", layout_zh, 50), ("vertical", layout_vertical, 15),
              ("left", layout_left, 12), ("two_col", layout_two_col, 12),
              ("centred", layout_centred, 11)]


def render_card(c: Content, rng: random.Random, scale: float,
                two_faces: bool = False) -> tuple[Image.Image, str]:
    """The printed card (or both faces of a bilingual card side by side) as an RGB image."""
    dark = rng.random() < 0.18
    pal = _palette(rng, dark)
    fams = [f for f, _ in _font_files()["latin"]]
    fam = rng.choices(fams, [1 if "Mono" in f else 6 for f in fams])[0]
    fonts = FontSet(fam, rng.choice(["sans", "sans", "serif"]),
                    "tc" if c.traditional else ("jp" if c.country == "JP" else "sc"))
    big = rng.random() < 0.4
    if c.lang == "bi" and two_faces:
        # front and back: the Chinese face and the English face, scanned side by side
        zh_face = _replace(c, name2="", title2="", company_legal2="", address2=[])
        en_name = c.accept["name"][0] if c.accept["name"] else c.name
        en_face = _replace(c, name=en_name, name2="", title=c.title2 or c.title, title2="",
                           company_legal=c.company_legal2 or c.company_legal,
                           company_legal2="", wordmark=c.wordmark2 or c.wordmark,
                           address=c.address2 or c.address, address2=[], addr_label="",
                           contacts=[(k, _en_label(lab), v) for k, lab, v in c.contacts])
        a, la = _one_face(zh_face, rng, scale, pal, fonts, big, LAYOUTS_ZH)
        b, lb = _one_face(en_face, rng, scale, pal, fonts, big, LAYOUTS_EN)
        gap = int(40 * scale)
        vertical = rng.random() < 0.5
        size = (a.width, a.height * 2 + gap) if vertical else (a.width * 2 + gap, a.height)
        both = Image.new("RGB", size, (250, 250, 250))
        both.paste(a, (0, 0))
        both.paste(b, (0, a.height + gap) if vertical else (a.width + gap, 0))
        return both, f"front_back:{la}+{lb}"
    if c.lang == "bi":  # both languages on one face: English block added under the Chinese one
        return _one_face(c, rng, scale, pal, fonts, big, LAYOUTS_ZH)
    return _one_face(c, rng, scale, pal, fonts, big, LAYOUTS_ZH if c.lang == "zh" else LAYOUTS_EN)


def _en_label(lab: str) -> str:
    for zh, en in (("电话", "Tel: "), ("手机", "Mob: "), ("传真", "Fax: "), ("邮箱", "Email: "),
                   ("电邮", "E-mail: "), ("网址", "Web: "), ("微信", "WeChat: "), ("座机", "Tel: "),
                   ("总机", "Tel: "), ("電話", "Tel: "), ("手機", "Mob: "), ("傳真", "Fax: "),
                   ("電郵", "Email: "), ("網址", "Web: "), ("官网", "Web: ")):
        if zh in lab:
            return en
    return lab


def _one_face(c: Content, rng: random.Random, scale: float, pal, fonts: FontSet, big: bool,
              layouts) -> tuple[Image.Image, str]:
    name, fn, _ = rng.choices(layouts, [x[2] for x in layouts])[0]
    img = Image.new("RGB", (int(W * scale), int(H * scale)), pal[0])
    pt = Painter(img, fonts, scale)
    if rng.random() < 0.25 and pal[0][0] > 200:  # a thin accent stripe or frame
        if rng.random() < 0.5:
            pt.rect([0, H - 14, W, H], fill=pal[2])
        else:
            pt.rect([18, 18, W - 18, H - 18], outline=pal[3], width=2)
    fn(pt, c, rng, pal, big)
    return img, name


# --------------------------------------------------------------------------------------------
# Scans and photos
# --------------------------------------------------------------------------------------------


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination for the 8x8 perspective system."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                for k in range(col, n + 1):
                    m[r][k] -= f * m[col][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]):
    """Coefficients mapping output points dst to input points src (PIL's PERSPECTIVE)."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return _solve(a, b)


def _noise_tile(rng: random.Random, sigma: float) -> Image.Image:
    return _noise(rng, (256, 256), sigma)


def _noise(rng: random.Random, size: tuple[int, int], sigma: float) -> Image.Image:
    """Grey noise around 128 from our own rng (Pillow's effect_noise is not seeded)."""
    raw = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    k = sigma / 74  # uniform 0..255 has a standard deviation of about 74
    return raw.point(lambda v: int(128 + (v - 128) * k))


def _add_noise(img: Image.Image, rng: random.Random, amount: float) -> Image.Image:
    """Sensor noise from a tiled noise patch (cheap at 12 MP)."""
    tile = _noise_tile(rng, 40)
    noise = Image.new("L", img.size)
    for x in range(0, img.width, 256):
        for y in range(0, img.height, 256):
            noise.paste(tile, (x, y))
    noise_rgb = Image.merge("RGB", (noise, noise, noise))
    grey = Image.new("RGB", img.size, (128, 128, 128))
    return ImageChops.add(img, ImageChops.subtract(noise_rgb, grey, 1.0, 0), 1.0, 0) if \
        amount > 0.5 else Image.blend(img, ImageChops.overlay(img, noise_rgb), amount)


def _background(rng: random.Random, size: tuple[int, int]) -> tuple[Image.Image, str]:
    """A surface the card lies on, drawn small and scaled up."""
    kind = rng.choice(["wood", "fabric", "desk", "paper", "dark", "marble"])
    sw, sh = max(64, size[0] // 4), max(48, size[1] // 4)
    img = Image.new("RGB", (sw, sh))
    d = ImageDraw.Draw(img)
    if kind == "wood":
        base = rng.choice([(150, 105, 65), (120, 80, 50), (185, 140, 95), (95, 65, 45)])
        img.paste(base, [0, 0, sw, sh])
        for i in range(0, sh, 2):
            shade = rng.randint(-25, 25)
            col = tuple(max(0, min(255, v + shade)) for v in base)
            off = math.sin(i / rng.uniform(8, 20)) * 6
            d.line([(0, i + off), (sw, i - off)], fill=col, width=rng.randint(1, 3))
    elif kind == "fabric":
        base = rng.choice([(70, 80, 110), (120, 40, 40), (60, 100, 70), (180, 170, 150),
                           (90, 90, 90), (40, 50, 80)])
        img.paste(base, [0, 0, sw, sh])
        step = rng.choice([2, 3])
        for i in range(0, max(sw, sh), step):
            col = tuple(max(0, v - 18) for v in base)
            d.line([(i, 0), (i, sh)], fill=col)
            col = tuple(min(255, v + 12) for v in base)
            d.line([(0, i), (sw, i)], fill=col)
    elif kind == "desk":
        base = rng.choice([(205, 205, 200), (230, 228, 220), (170, 175, 180), (215, 200, 180)])
        img.paste(base, [0, 0, sw, sh])
    elif kind == "paper":
        img.paste((245, 245, 240), [0, 0, sw, sh])
        for y in range(rng.randint(5, 12), sh, rng.randint(8, 12)):
            d.line([(0, y), (sw, y)], fill=(170, 190, 220))
    elif kind == "dark":
        base = rng.choice([(30, 30, 32), (45, 40, 38), (20, 25, 35)])
        img.paste(base, [0, 0, sw, sh])
    else:
        img.paste((225, 225, 222), [0, 0, sw, sh])
        for _ in range(14):
            pts = [(rng.uniform(0, sw), rng.uniform(0, sh))]
            for _ in range(6):
                pts.append((pts[-1][0] + rng.uniform(-sw / 4, sw / 4),
                            pts[-1][1] + rng.uniform(-sh / 6, sh / 6)))
            d.line(pts, fill=(170, 170, 175), width=rng.randint(1, 2))
        img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = _noise(rng, (sw, sh), 30)
    img = Image.blend(img, ImageChops.overlay(img, Image.merge("RGB", (noise,) * 3)), 0.25)
    return img.resize(size, Image.BILINEAR), kind


def _gradient_mask(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Uneven light: bright on one side, darker on the other (a radial-ish falloff)."""
    small = Image.new("L", (32, 24))
    cx, cy = rng.uniform(0, 32), rng.uniform(0, 24)
    px = small.load()
    for x in range(32):
        for y in range(24):
            dist = math.hypot(x - cx, y - cy) / 40
            px[x, y] = int(255 * max(0.45, 1 - dist * rng.uniform(0.7, 1.0)))
    return small.resize(size, Image.BILINEAR)


def _rotation(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.55:
        return rng.uniform(-12, 12)
    if r < 0.7:
        return rng.choice([90, -90]) + rng.uniform(-10, 10)
    if r < 0.82:
        return 180 + rng.uniform(-10, 10)
    return rng.uniform(-180, 180)


def make_photo(card: Image.Image, rng: random.Random, out_size: tuple[int, int],
               work_size: tuple[int, int]) -> tuple[Image.Image, dict]:
    """A phone photo of the card: surface, pose, light, blur, noise."""
    fx = {}
    ww, wh = work_size
    bg, fx["surface"] = _background(rng, work_size)
    angle = _rotation(rng)
    fx["rotation"] = round(angle, 1)
    if ww < wh:  # portrait frame, landscape card: it fills the width
        frac = rng.uniform(0.75, 0.97)
    else:
        frac = rng.uniform(0.55, 0.95) if ww < 1000 else rng.uniform(0.5, 0.9)
    cw = ww * frac
    ch = cw * card.height / card.width
    if ch > wh * 0.88:
        ch = wh * 0.88
        cw = ch * card.width / card.height
    # effects on the card itself (cheaper than on the frame): defocus, motion blur
    k = card.width / cw  # card pixels per frame pixel
    cimg = card
    r = rng.random()
    if r < 0.3:
        rad = rng.uniform(0.5, 1.8) * k
        cimg = cimg.filter(ImageFilter.GaussianBlur(rad))
        fx["defocus"] = round(rad / k, 2)
    elif r < 0.45:
        length = int(rng.uniform(2, 6) * k)
        ang = rng.uniform(0, math.pi)
        acc = None
        steps = 7
        for i in range(steps):
            t = (i / (steps - 1) - 0.5) * length
            sh = ImageChops.offset(cimg, int(t * math.cos(ang)), int(t * math.sin(ang)))
            acc = sh if acc is None else Image.blend(acc, sh, 1 / (i + 1))
        cimg = acc
        fx["motion_blur"] = round(length / k, 1)
    # pose: a rotated rectangle with each corner pushed a little (perspective)
    cx, cy = ww / 2 + rng.uniform(-0.08, 0.08) * ww, wh / 2 + rng.uniform(-0.08, 0.08) * wh
    th = math.radians(angle)
    corners = []
    persp = rng.uniform(0, 0.12)
    fx["perspective"] = round(persp, 3)
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * cw / 2, sy * ch / 2
        x += rng.uniform(-persp, persp) * cw
        y += rng.uniform(-persp, persp) * ch
        corners.append((cx + x * math.cos(th) - y * math.sin(th),
                        cy + x * math.sin(th) + y * math.cos(th)))
    # keep the card in the frame: scale the quad about the centre if it spills over
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    over = max((max(xs) - min(xs)) / (ww * 0.96), (max(ys) - min(ys)) / (wh * 0.96), 1)
    corners = [(cx + (x - cx) / over, cy + (y - cy) / over) for x, y in corners]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    dx = max(0, 4 - min(xs)) - max(0, max(xs) - ww + 4)
    dy = max(0, 4 - min(ys)) - max(0, max(ys) - wh + 4)
    corners = [(x + dx, y + dy) for x, y in corners]
    x0, y0 = int(min(p[0] for p in corners)), int(min(p[1] for p in corners))
    x1, y1 = int(max(p[0] for p in corners)) + 1, int(max(p[1] for p in corners)) + 1
    local = [(x - x0, y - y0) for x, y in corners]
    src = [(0, 0), (cimg.width, 0), (cimg.width, cimg.height), (0, cimg.height)]
    coeffs = _perspective_coeffs(local, src)
    rgba = cimg.convert("RGBA")
    warped = rgba.transform((x1 - x0, y1 - y0), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    # cast shadow
    if rng.random() < 0.75:
        mask = warped.getchannel("A").filter(ImageFilter.GaussianBlur(max(2, ww / 150)))
        off = (int(rng.uniform(-0.012, 0.02) * ww), int(rng.uniform(0.004, 0.025) * ww))
        shade = Image.new("RGB", mask.size, (0, 0, 0))
        dark = mask.point(lambda v: int(v * rng.uniform(0.35, 0.6)))
        bg.paste(shade, (x0 + off[0], y0 + off[1]), dark)
        fx["shadow"] = True
    bg.paste(warped, (x0, y0), warped)
    # a shadow across part of the card (hand, phone)
    if rng.random() < 0.25:
        m = Image.new("L", work_size, 0)
        dm = ImageDraw.Draw(m)
        px, py = rng.uniform(0, ww), rng.uniform(0, wh)
        dm.polygon([(px, py), (px + rng.uniform(0.3, 0.8) * ww, py - rng.uniform(0, 0.3) * wh),
                    (ww * 1.2, wh * 1.2), (px - 0.2 * ww, wh * 1.2)],
                   fill=int(255 * rng.uniform(0.25, 0.5)))
        m = m.filter(ImageFilter.GaussianBlur(ww / 60))
        bg.paste(Image.new("RGB", work_size, (0, 0, 0)), (0, 0), m)
        fx["hand_shadow"] = True
    # uneven light and colour cast
    lum = _gradient_mask(work_size, rng)
    bg = ImageChops.multiply(bg, Image.merge("RGB", (lum, lum, lum)))
    cast = rng.choice([(1.0, 1.0, 1.0), (1.06, 1.0, 0.9), (0.94, 0.98, 1.06), (1.04, 1.02, 0.94)])
    if cast != (1.0, 1.0, 1.0):
        chans = [c.point(lambda v, f=f: min(255, int(v * f))) for c, f in zip(bg.split(), cast,
                                                                             strict=True)]
        bg = Image.merge("RGB", chans)
        fx["colour_cast"] = True
    bg = ImageEnhance.Brightness(bg).enhance(rng.uniform(0.85, 1.25))
    # glare: a soft bright blob, usually on the glossy card
    if rng.random() < 0.3:
        g = Image.new("L", work_size, 0)
        dg = ImageDraw.Draw(g)
        gx = rng.uniform(min(xs), max(xs))
        gy = rng.uniform(min(ys), max(ys))
        rx, ry = rng.uniform(0.05, 0.16) * ww, rng.uniform(0.03, 0.1) * wh
        dg.ellipse([gx - rx, gy - ry, gx + rx, gy + ry], fill=int(255 * rng.uniform(0.5, 0.9)))
        g = g.filter(ImageFilter.GaussianBlur(rx / 2.5))
        bg.paste(Image.new("RGB", work_size, (255, 255, 250)), (0, 0), g)
        fx["glare"] = True
    if rng.random() < 0.2:
        bg = bg.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
        fx["soft"] = True
    bg = _add_noise(bg, rng, rng.uniform(0.05, 0.18))
    if out_size != work_size:  # a 12-MP photo: the phone's upscaled, denoised look
        bg = bg.resize(out_size, Image.BILINEAR)
    return bg, fx


def make_scan(card: Image.Image, rng: random.Random) -> tuple[Image.Image, dict]:
    """A flatbed or sheet-feeder scan: flat, small skew, white margin, light noise."""
    fx = {}
    margin = int(card.width * rng.uniform(0.0, 0.08))
    page = Image.new("RGB", (card.width + 2 * margin, card.height + 2 * margin),
                     rng.choice([(255, 255, 255), (248, 248, 246), (238, 238, 238)]))
    page.paste(card, (margin, margin))
    if rng.random() < 0.6:
        ang = rng.uniform(-3, 3)
        page = page.rotate(ang, Image.BICUBIC, expand=True, fillcolor=page.getpixel((0, 0)))
        fx["skew"] = round(ang, 2)
    if rng.random() < 0.5:
        page = _add_noise(page, rng, rng.uniform(0.03, 0.08))
    return page, fx


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

EN_COUNTRIES = {"US": 18, "GB": 12, "CA": 6, "AU": 8, "DE": 8, "FR": 6, "ES": 6, "IN": 6,
                "SG": 5, "JP": 5, "CN": 12, "HK": 8}


def generate(seed: int, n: int, out_dir: Path) -> list[dict]:
    """Render n cards into out_dir; one dict per card (see the module docstring)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    w = people._World(seed * 1000 + 7)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        rng = random.Random(f"indep-cards-{seed}-{i}")
        w.rng = random.Random(f"indep-cards-people-{seed}-{i}")
        lang = rng.choices(["en", "zh", "bi"], [50, 30, 20])[0]
        if lang == "en":
            country = rng.choices(list(EN_COUNTRIES), list(EN_COUNTRIES.values()))[0]
        else:
            country = rng.choices(["CN", "HK"], [82, 18])[0]
        c = build_content(w, rng, lang, country)
        kind = "scan" if rng.random() < 0.4 else "photo"
        if kind == "scan":
            scale = rng.choice([1.0, 1.0, 2.0])
            card, layout = render_card(c, rng, scale, two_faces=rng.random() < 0.6)
            img, fx = make_scan(card, rng)
            size = "600dpi" if scale == 2.0 else "300dpi"
        else:
            r = rng.random()
            if r < 0.3:
                size, out_size, work, scale = "640", (640, 480), (640, 480), 0.9
            elif r < 0.8:
                size, out_size, work, scale = "1280", (1280, 960), (1280, 960), 1.3
            else:
                size, out_size, work, scale = "12MP", (4000, 3000), (1600, 1200), 1.6
            card, layout = render_card(c, rng, scale)
            portrait = rng.random() < 0.25
            if portrait:
                out_size, work = (out_size[1], out_size[0]), (work[1], work[0])
            img, fx = make_photo(card, rng, out_size, work)
        ext = "png" if kind == "scan" and rng.random() < 0.5 else "jpg"
        path = out_dir / f"card_{seed}_{i:04d}_{kind}_{lang}.{ext}"
        if ext == "jpg":
            img.save(path, "JPEG", quality=rng.randint(72, 92))
        else:
            img.save(path, "PNG", compress_level=1)
        out.append({"image": str(path), "kind": kind, "lang": c.lang, "truth": c.truth,
                    "accept": {k: v for k, v in c.accept.items() if v}, "printed": c.printed,
                    "country": c.country, "layout": layout, "size": size, "effects": fx,
                    "gen_seconds": round(time.perf_counter() - t0, 3)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=SPLITS["tune"])
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--out", type=Path, default=Path("/tmp/indep_cards"))
    ap.add_argument("--show", type=int, default=8, help="print this many cards' truths")
    args = ap.parse_args()
    t = time.perf_counter()
    cards = generate(args.seed, args.n, args.out)
    dt = time.perf_counter() - t
    for card in cards[: args.show]:
        print(json.dumps({k: card[k] for k in ("image", "kind", "lang", "layout", "size",
                                               "truth")}, ensure_ascii=False))
    print(f"{len(cards)} cards in {dt:.1f} s ({dt / max(1, len(cards)):.2f} s a card)")
    describe(cards)


def describe(cards: list[dict]) -> None:
    """Counts by kind, language, size, layout, country and field present; seconds by size."""
    from collections import Counter, defaultdict

    def show(title: str, counter: Counter) -> None:
        print(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))

    show("kind", Counter(c["kind"] for c in cards))
    show("lang", Counter(c["lang"] for c in cards))
    show("size", Counter(c["size"] for c in cards))
    show("layout", Counter(c["layout"].split(":")[0] for c in cards))
    show("country", Counter(c["country"] for c in cards))
    show("fields", Counter(f for c in cards for f in TRUTH_FIELDS if c["truth"][f]))
    show("effects", Counter(e for c in cards for e in c["effects"]))
    secs = defaultdict(list)
    for c in cards:
        secs[c["size"]].append(c["gen_seconds"])
    print("  seconds a card: " + ", ".join(
        f"{k} {sorted(v)[len(v) // 2]:.2f}" for k, v in sorted(secs.items())))


if __name__ == "__main__":
    main()


_ = io  # kept for callers that save to memory
