"""Synthetic, labelled business cards for the OCR benchmark and the OCR tests.

Cards are drawn with Pillow from Faker people (en_US, en_GB, zh_CN) in several layouts and
fonts, then turned into a flat scan or a phone photo (card on a background with tilt,
perspective, shadow, blur and JPEG compression). Every card carries the truth it prints, so the
benchmark can score field by field. Deterministic for a given seed.
"""

from __future__ import annotations

import io
import math
import random
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import phonenumbers
from faker import Faker
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps
from pypinyin import lazy_pinyin

LOCALES = ("en_US", "en_GB", "zh_CN")
KINDS = ("scan", "photo")
LAYOUTS = ("left", "centered", "two_column", "logo", "coloured")

_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
_LIBERATION = "/usr/share/fonts/truetype/liberation/"
_NOTO = "/usr/share/fonts/opentype/noto/"
_SC = 2  # face index of Simplified Chinese in the Noto CJK collections

# (regular, bold, index) per family
LATIN_FONTS = {
    "dejavu-sans": (_DEJAVU + "DejaVuSans.ttf", _DEJAVU + "DejaVuSans-Bold.ttf", 0),
    "dejavu-serif": (_DEJAVU + "DejaVuSerif.ttf", _DEJAVU + "DejaVuSerif-Bold.ttf", 0),
    "dejavu-condensed": (
        _DEJAVU + "DejaVuSansCondensed.ttf",
        _DEJAVU + "DejaVuSansCondensed-Bold.ttf",
        0,
    ),
    "liberation-sans": (
        _LIBERATION + "LiberationSans-Regular.ttf",
        _LIBERATION + "LiberationSans-Bold.ttf",
        0,
    ),
    "liberation-serif": (
        _LIBERATION + "LiberationSerif-Regular.ttf",
        _LIBERATION + "LiberationSerif-Bold.ttf",
        0,
    ),
}
CJK_FONTS = {
    "noto-sans-cjk": (_NOTO + "NotoSansCJK-Regular.ttc", _NOTO + "NotoSansCJK-Bold.ttc", _SC),
    "noto-serif-cjk": (_NOTO + "NotoSerifCJK-Regular.ttc", _NOTO + "NotoSerifCJK-Bold.ttc", _SC),
}

EN_TITLES = (
    "Sales Manager",
    "Founder & CEO",
    "Chief Executive Officer",
    "Senior Software Engineer",
    "Marketing Director",
    "VP of Sales",
    "Head of Procurement",
    "Account Manager",
    "Business Development Manager",
    "Product Manager",
    "Regional Sales Director",
    "Purchasing Manager",
    "Managing Director",
    "Chief Technology Officer",
    "Operations Manager",
    "Senior Consultant",
    "Partner",
    "Project Engineer",
    "Export Manager",
    "Key Account Manager",
    "Sales Representative",
    "General Manager",
    "Technical Director",
    "Co-Founder & CTO",
    "Quality Assurance Specialist",
    "Supply Chain Analyst",
    "Design Lead",
    "President",
    "Research Scientist",
    "Sourcing Specialist",
)
ZH_TITLES = (
    "销售经理",
    "总经理",
    "技术总监",
    "市场部经理",
    "高级工程师",
    "董事长",
    "创始人",
    "项目主管",
    "客户经理",
    "采购经理",
    "副总裁",
    "外贸业务员",
    "区域销售总监",
    "产品经理",
    "财务主管",
    "总裁助理",
    "首席执行官",
    "合伙人",
    "业务代表",
    "技术顾问",
    "销售总监",
    "研发工程师",
)
EN_MOBILE_LABELS = ("M", "Mobile", "Mob", "Cell")
EN_OFFICE_LABELS = ("T", "Tel", "Phone", "Office", "Direct")
EN_FAX_LABELS = ("F", "Fax")
US_AREAS = ("212", "310", "415", "312", "617", "206", "512", "646", "303", "404", "713", "305")
GB_AREAS = ("20", "161", "121", "131", "113", "117", "1223", "1865")
CN_MOBILE_PREFIXES = ("133", "135", "136", "138", "139", "150", "152", "158", "186", "188", "177")
CN_AREAS = ("10", "21", "20", "755", "571", "25", "28", "512", "769")
HONORIFICS = ("Dr.", "Dr", "Mr.", "Ms.", "Prof.")
POSTNOMINALS = ("PhD", "MBA", "CPA")
ZH_BUILDINGS = ("科技大厦", "国际大厦", "创新大厦", "金融中心", "商务中心", "科技园")


@dataclass
class CardTruth:
    """What the card prints, in the form the reader should return it."""

    locale: str
    name: str
    company: str
    title: str | None
    phones: list[tuple[str, str]]  # (E.164, kind); kind in mobile/office/fax/other
    emails: list[str]
    website: str | None
    address: str | None

    @property
    def phone(self) -> str | None:
        """The number a rep would call: mobile, then office, then other; never the fax."""
        for kind in ("mobile", "office", "other"):
            for e164, k in self.phones:
                if k == kind:
                    return e164
        return None


@dataclass
class Sample:
    truth: CardTruth
    kind: str  # scan | photo
    layout: str
    font: str
    data: bytes
    notes: list[str] = field(default_factory=list)
    # photos: the card's corners as fractions of the upright frame (upside-down ones excepted)
    corners: list[tuple[float, float]] | None = None


@dataclass
class _Text:
    role: str
    text: str
    size: float  # points at 300 DPI
    bold: bool = False
    cjk: bool = False


# ---------------------------------------------------------------- content


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _valid(number: str, region: str) -> phonenumbers.PhoneNumber | None:
    parsed = phonenumbers.parse(number, region)
    return parsed if phonenumbers.is_valid_number(parsed) else None


def _us_number(rng: random.Random) -> tuple[str, str, str]:
    while True:
        area, exch, line = rng.choice(US_AREAS), str(rng.randint(201, 989)), _digits(rng, 4)
        if exch[1:] == "11" or exch == "555":
            continue
        if _valid(area + exch + line, "US"):
            break
    style = rng.randrange(5)
    printed = [
        f"+1 {area} {exch} {line}",
        f"({area}) {exch}-{line}",
        f"{area}.{exch}.{line}",
        f"+1 ({area}) {exch}-{line}",
        f"+1-{area}-{exch}-{line}",
    ][style]
    return printed, f"+1{area}{exch}{line}", "other"


def _gb_number(rng: random.Random, mobile: bool) -> tuple[str, str, str]:
    while True:
        if mobile:
            national = "07" + rng.choice("4579") + _digits(rng, 8)
        else:
            area = rng.choice(GB_AREAS)
            national = "0" + area + _digits(rng, 10 - len(area))
        parsed = _valid(national, "GB")
        if parsed is None:
            continue
        expected = (
            phonenumbers.PhoneNumberType.MOBILE
            if mobile
            else phonenumbers.PhoneNumberType.FIXED_LINE
        )
        if phonenumbers.number_type(parsed) == expected:
            break
    intl = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    nat = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    style = rng.randrange(3)
    printed = [intl.replace("+44 ", "+44 (0)"), intl, nat][style]
    kind = "mobile" if mobile else "office"
    return printed, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), kind


def _cn_number(rng: random.Random, mobile: bool) -> tuple[str, str, str]:
    while True:
        if mobile:
            national = rng.choice(CN_MOBILE_PREFIXES) + _digits(rng, 8)
        else:
            area = rng.choice(CN_AREAS)
            national = "0" + area + _digits(rng, 8 if len(area) == 2 else rng.choice((7, 8)))
            if national[len(area) + 1] in "01":
                continue
        if _valid(national, "CN"):
            break
    if mobile:
        a, b, c = national[:3], national[3:7], national[7:]
        printed = rng.choice(
            (f"+86 {a} {b} {c}", f"{a}-{b}-{c}", national, f"{a} {b} {c}", f"+86-{national}")
        )
        return printed, "+86" + national, "mobile"
    area, rest = national[1 : 1 + (2 if national[1] in "12" else 3)], national
    local = rest[1 + len(area) :]
    printed = rng.choice(
        (
            f"0{area}-{local}",
            f"+86 {area} {local[:4]} {local[4:]}",
            f"(0{area}) {local[:4]} {local[4:]}",
            f"+86-{area}-{local}",
        )
    )
    return printed, "+86" + national[1:], "office"


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _en_content(fake: Faker, locale: str, rng: random.Random) -> tuple[CardTruth, list[_Text]]:
    first, last = fake.first_name(), fake.last_name()
    name = f"{first} {last}"
    printed_name = name
    roll = rng.random()
    if roll < 0.1:
        printed_name = f"{rng.choice(HONORIFICS)} {name}"
    elif roll < 0.17:
        printed_name = f"{name}, {rng.choice(POSTNOMINALS)}"
    company = fake.company()
    title = rng.choice(EN_TITLES) if rng.random() < 0.93 else None
    domain = (
        _slug(company.split(",")[0].split(" ")[0]) + rng.choice((".com", ".io", ".net", ".co"))
        if rng.random() < 0.6
        else fake.domain_name()
    )
    if locale == "en_GB" and rng.random() < 0.5:
        domain = domain.rsplit(".", 1)[0] + ".co.uk"
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", first, f"{first}_{last}"))
    email = "".join(ch for ch in f"{local}@{domain}".lower() if ch.isalnum() or ch in "@._-")
    website = f"www.{domain}" if rng.random() < 0.6 else None

    phones: list[tuple[str, str, str, str]] = []  # printed, e164, kind, label
    if locale == "en_US":
        n = rng.choice((1, 2, 2, 3))
        kinds = ["mobile", "office", "fax"][:n]
        for kind in kinds:
            printed, e164, _ = _us_number(rng)
            phones.append((printed, e164, kind, ""))
    else:
        n = rng.choice((1, 2, 2, 3))
        kinds = ["mobile", "office", "fax"][:n]
        for kind in kinds:
            printed, e164, _ = _gb_number(rng, mobile=kind == "mobile")
            phones.append((printed, e164, kind, ""))
    labelled = []
    unlabeled = len(phones) == 1 and rng.random() < 0.3 and phones[0][2] != "fax"
    for printed, e164, kind, _ in phones:
        if unlabeled:
            truth_kind = kind if locale == "en_GB" else "other"
            labelled.append((printed, e164, truth_kind, ""))
            continue
        labels = {"mobile": EN_MOBILE_LABELS, "office": EN_OFFICE_LABELS, "fax": EN_FAX_LABELS}
        labelled.append((printed, e164, kind, rng.choice(labels[kind])))

    if locale == "en_US":
        street = fake.street_address()
        tail = f"{fake.city()}, {fake.state_abbr()} {fake.zipcode()}"
        addr_lines = [street, tail] if rng.random() < 0.6 else [f"{street}, {tail}"]
    else:
        street = fake.street_address().replace("\n", ", ")
        while re.search(r"\d[IlOo]\b", street):  # "Flat 85l": ambiguous even to a person
            street = fake.street_address().replace("\n", ", ")
        tail = f"{fake.city()} {fake.postcode()}"
        addr_lines = [street, tail] if rng.random() < 0.6 else [f"{street}, {tail}"]
        if rng.random() < 0.3:
            addr_lines[-1] += ", UK"
    address = ", ".join(addr_lines) if rng.random() < 0.85 else None

    sep = rng.choice((": ", " ", " | "))
    texts = [_Text("name", printed_name, rng.uniform(14, 19), bold=rng.random() < 0.7)]
    if title:
        texts.append(_Text("title", title, rng.uniform(8.5, 10.5)))
    texts.append(_Text("company", company, rng.uniform(10, 14), bold=True))
    for printed, _, _, label in labelled:
        texts.append(_Text("phone", f"{label}{sep}{printed}" if label else printed, 8))
    email_label = rng.choice(("", "E" + sep, "Email" + sep))
    texts.append(_Text("email", email_label + email, 8))
    if website:
        texts.append(_Text("website", website, 8))
    if address:
        for line in addr_lines:
            texts.append(_Text("address", line, 8))
    truth = CardTruth(
        locale=locale,
        name=name,
        company=company,
        title=title,
        phones=[(e164, kind) for _, e164, kind, _ in labelled],
        emails=[email],
        website=website,
        address=address,
    )
    return truth, texts


def _zh_address(fake: Faker, rng: random.Random) -> str:
    province = fake.province()
    city = fake.city_name() + "市"
    district = fake.district() + "区"
    street = fake.street_name().rstrip("路街") + rng.choice(("路", "大道", "街"))
    number = f"{rng.randint(1, 999)}号"
    tail = ""
    if rng.random() < 0.6:
        tail = f"{rng.choice(ZH_BUILDINGS)}{rng.randint(2, 28)}{rng.randint(1, 20):02d}室"
    prefix = "" if province.endswith("市") else province
    return f"{prefix}{city}{district}{street}{number}{tail}"


def _zh_content(fake: Faker, rng: random.Random) -> tuple[CardTruth, list[_Text]]:
    name = fake.name()
    while not 2 <= len(name) <= 3:
        name = fake.name()
    company = fake.company()
    title = rng.choice(ZH_TITLES) if rng.random() < 0.95 else None
    pinyin = lazy_pinyin(name)
    given, family = "".join(pinyin[1:]), pinyin[0]
    domain = (
        _slug("".join(lazy_pinyin(company[:2]))) + rng.choice((".com", ".cn", ".com.cn"))
        if rng.random() < 0.6
        else fake.domain_name()
    )
    email = rng.choice((f"{family}{given}", f"{given}.{family}", f"{family}.{given}"))
    email = f"{email}@{domain}"
    website = f"www.{domain}" if rng.random() < 0.5 else None
    address = _zh_address(fake, rng) if rng.random() < 0.9 else None

    n = rng.choice((1, 2, 2, 3))
    kinds = ["mobile", "office", "fax"][:n]
    zh_labels = rng.random() < 0.75
    colon = rng.choice(("：", ": ", " "))
    labels = (
        {"mobile": "手机", "office": "电话", "fax": "传真"}
        if zh_labels
        else {"mobile": "Mob", "office": "Tel", "fax": "Fax"}
    )
    phones = []
    for kind in kinds:
        printed, e164, _ = _cn_number(rng, mobile=kind == "mobile")
        phones.append((f"{labels[kind]}{colon}{printed}", e164, kind))

    texts = [_Text("name", name, rng.uniform(16, 20), bold=rng.random() < 0.7, cjk=True)]
    if rng.random() < 0.4:
        texts.append(_Text("pinyin", f"{given.capitalize()} {family.capitalize()}", 9))
    if title:
        texts.append(_Text("title", title, rng.uniform(9, 11), cjk=True))
    texts.append(_Text("company", company, rng.uniform(10.5, 13), bold=True, cjk=True))
    for printed, _, _ in phones:
        texts.append(_Text("phone", printed, 8.5, cjk=True))
    email_label = rng.choice(("", "邮箱" + colon, "E-mail" + colon))
    texts.append(_Text("email", email_label + email, 8.5, cjk=True))
    if website:
        texts.append(
            _Text(
                "website", ("网址" + colon if rng.random() < 0.4 else "") + website, 8.5, cjk=True
            )
        )
    if address:
        label = "地址" + colon if rng.random() < 0.7 else ""
        full = label + address
        if len(full) > 24:
            cut = rng.randint(14, min(22, len(full) - 4))
            texts.append(_Text("address", full[:cut], 8.5, cjk=True))
            texts.append(_Text("address", full[cut:], 8.5, cjk=True))
        else:
            texts.append(_Text("address", full, 8.5, cjk=True))
    truth = CardTruth(
        locale="zh_CN",
        name=name,
        company=company,
        title=title,
        phones=[(e164, kind) for _, e164, kind in phones],
        emails=[email],
        website=website,
        address=address,
    )
    return truth, texts


# ---------------------------------------------------------------- drawing

_SCHEMES = (  # background, text, accent
    ((255, 255, 255), (20, 20, 20), (0, 82, 155)),
    ((250, 248, 240), (50, 50, 50), (160, 30, 40)),
    ((255, 255, 255), (40, 40, 60), (0, 128, 96)),
    ((245, 245, 245), (10, 10, 10), (230, 120, 0)),
)
_DARK_SCHEMES = (
    ((16, 42, 92), (255, 255, 255), (255, 200, 60)),
    ((30, 30, 30), (240, 240, 240), (200, 160, 80)),
)


def _font(family: tuple[str, str, int], points: float, bold: bool, scale: float):
    path = family[1] if bold else family[0]
    return ImageFont.truetype(path, max(8, round(points * 300 / 72 * scale)), index=family[2])


def _fit(draw, text, family, points, bold, scale, width):
    """Shrink text that would not fit the column, as a designer would."""
    while True:
        font = _font(family, points, bold, scale)
        if draw.textlength(text, font=font) <= width or points < 5.5:
            return font
        points *= 0.93


def _draw_card(
    texts: list[_Text],
    layout: str,
    latin: tuple[str, str, int],
    cjk: tuple[str, str, int],
    rng: random.Random,
    size_mm: tuple[float, float],
    scale: float,
) -> tuple[Image.Image, float]:
    w = round(size_mm[0] / 25.4 * 300 * scale)
    h = round(size_mm[1] / 25.4 * 300 * scale)
    dark = layout == "coloured" and rng.random() < 0.6
    bg, fg, accent = rng.choice(_DARK_SCHEMES if dark else _SCHEMES)
    card = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(card)
    mx, my = round(w * 0.065), round(h * 0.09)
    top = [t for t in texts if t.role in ("name", "pinyin", "title")]
    company = [t for t in texts if t.role == "company"]
    contact = [t for t in texts if t.role in ("phone", "email", "website", "address")]
    bottom = 0.0

    def family(t: _Text):
        return cjk if t.cjk else latin

    def block(items, x, y, width, align="left", colour=fg, gap=0.3):
        nonlocal bottom
        for t in items:
            font = _fit(draw, t.text, family(t), t.size, t.bold, scale, width)
            tw = draw.textlength(t.text, font=font)
            tx = (
                x
                if align == "left"
                else (x + (width - tw) / 2 if align == "center" else x + width - tw)
            )
            ascent, descent = font.getmetrics()
            draw.text((tx, y), t.text, font=font, fill=colour)
            bottom = max(bottom, y + ascent + descent)
            y += (ascent + descent) * (1 + gap * rng.uniform(0.7, 1.1))
        return y

    def height(items, gap=0.3):
        total = 0.0
        for t in items:
            a, d = _font(family(t), t.size, t.bold, scale).getmetrics()
            total += (a + d) * (1 + gap)
        return total

    def contacts_at_bottom(y, x=mx, width=w - 2 * mx, align="left", gap=0.2):
        block(contact, x, max(y + h * 0.03, h - my - height(contact, gap)), width, align, gap=gap)

    inner = w - 2 * mx
    if layout == "left":
        y = block(top, mx, my, inner)
        y = block(company, mx, y + h * 0.01, inner, colour=accent)
        contacts_at_bottom(y)
    elif layout == "centered":
        y = block(company, mx, my, inner, "center", accent)
        y = block(top, mx, y + h * 0.03, inner, "center")
        contacts_at_bottom(y, align="center")
    elif layout == "two_column":
        col = inner * 0.44
        c = company[0]
        if draw.textlength(c.text, font=_font(family(c), 8.5, c.bold, scale)) <= col:
            y = block(top, mx, my * 1.5, col)
            block(company, mx, y + h * 0.05, col, colour=accent)
        else:  # a long firm name runs across the top instead of into the other column
            y = block(company, mx, my, inner, colour=accent)
            block(top, mx, y + h * 0.06, col)
        right = w - mx - inner * 0.52
        block(
            contact,
            right,
            max(my, (h - height(contact, 0.22)) / 2),
            inner * 0.52,
            "right" if rng.random() < 0.5 else "left",
            gap=0.22,
        )
    elif layout == "logo":
        side = round(h * 0.24)
        x0, y0 = w - mx - side, my
        shape = [x0, y0, x0 + side, y0 + side]
        if rng.random() < 0.5:
            draw.rounded_rectangle(shape, radius=side // 6, fill=accent)
        else:
            draw.ellipse(shape, fill=accent)
        initials = "".join(p[0] for p in company[0].text.split()[:2] if p[:1].isalpha())
        initials = (initials or company[0].text[:1]).upper()[:2]
        lf = _font(cjk if company[0].cjk else latin, 18, True, scale)
        draw.text((x0 + side / 2, y0 + side / 2), initials, font=lf, fill=bg, anchor="mm")
        y = block(company, mx, my, x0 - 2 * mx, colour=accent)
        y = block(top, mx, y + h * 0.02, x0 - 2 * mx)
        contacts_at_bottom(y)
    elif dark:  # coloured: a dark card with light type
        y = block(top, mx, my, inner)
        y = block(company, mx, y + h * 0.01, inner, colour=accent)
        contacts_at_bottom(y)
    else:  # coloured: a band with the company in white
        band_text = height(company, 0)
        band = round(band_text + 2 * h * 0.06)
        draw.rectangle([0, 0, w, band], fill=accent)
        block(company, mx, h * 0.06, inner, colour=(255, 255, 255))
        y = block(top, mx, band + h * 0.04, inner)
        contacts_at_bottom(y)
    return card, bottom / h


def render_card(
    texts: list[_Text],
    layout: str,
    latin: tuple[str, str, int],
    cjk: tuple[str, str, int],
    rng: random.Random,
    size_mm: tuple[float, float] = (90, 54),
    scale: float = 1.0,
) -> Image.Image:
    """Draw the card at 300 DPI times `scale`, shrinking the type until everything fits."""
    state = rng.getstate()
    for _ in range(12):
        rng.setstate(state)
        card, bottom = _draw_card(texts, layout, latin, cjk, rng, size_mm, scale)
        if bottom <= 0.96:
            break
        texts = [replace(t, size=t.size * (0.92 if t.size > 9.5 else 0.97)) for t in texts]
    return card


# ---------------------------------------------------------------- capture


def _to_jpeg(img: Image.Image, quality: int, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, exif=exif or Image.Exif())
    return out.getvalue()


def scan(card: Image.Image, rng: random.Random) -> tuple[bytes, list[str]]:
    """A flatbed scan: a little skew, sometimes lower DPI and a visible bed, PNG or JPEG."""
    notes = []
    img = card
    dpi = rng.choice((300, 300, 300, 200, 400))
    if dpi != 300:
        img = img.resize(
            (round(img.width * dpi / 300), round(img.height * dpi / 300)), Image.LANCZOS
        )
        notes.append(f"{dpi}dpi")
    if rng.random() < 0.5:
        pad = round(img.width * rng.uniform(0.02, 0.12))
        bed = Image.new("RGB", (img.width + 2 * pad, img.height + 2 * pad), (238, 238, 236))
        bed.paste(img, (pad, pad))
        img = bed
        notes.append("bed")
    angle = rng.uniform(-2.0, 2.0)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(238, 238, 236))
    noise = Image.effect_noise(img.size, 6).convert("RGB")
    img = Image.blend(img, noise, 0.04)
    if rng.random() < 0.5:
        out = io.BytesIO()
        img.save(out, "PNG", optimize=False)
        return out.getvalue(), [*notes, f"skew{angle:+.1f}", "png"]
    q = rng.randint(80, 95)
    return _to_jpeg(img, q), [*notes, f"skew{angle:+.1f}", f"q{q}"]


def _background(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Desk, cloth or wood: a base colour, soft large-scale variation and grain."""
    w, h = size
    palette = (
        (120, 84, 52),
        (150, 110, 70),
        (60, 60, 64),
        (30, 34, 40),
        (90, 110, 140),
        (170, 170, 165),
        (110, 40, 40),
        (70, 95, 60),
        (200, 195, 185),
    )
    base = Image.new("RGB", (w, h), rng.choice(palette))
    soft = Image.effect_noise((max(4, w // 64), max(4, h // 64)), 40).resize((w, h), Image.BICUBIC)
    soft = soft.convert("RGB")
    base = Image.blend(base, ImageOps.colorize(soft.convert("L"), "black", "white"), 0.12)
    if rng.random() < 0.5:  # wood-like grain: noise stretched along one axis
        grain = Image.effect_noise((max(4, w // 40), h), 60).resize((w, h), Image.BICUBIC)
        base = Image.blend(base, grain.convert("RGB"), 0.10)
    fine = Image.effect_noise((w, h), 25).convert("RGB")
    return Image.blend(base, fine, 0.06)


def _coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Perspective coefficients mapping output points `dst` to input points `src`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    n = 8
    m = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def photo(card_hi: Image.Image, rng: random.Random) -> tuple[bytes, list[str]]:
    """A phone photo: the card lying on a background, tilted, in perspective, shaded, blurred."""
    data, notes, _ = photo_with_corners(card_hi, rng)
    return data, notes


def photo_with_corners(
    card_hi: Image.Image, rng: random.Random
) -> tuple[bytes, list[str], list[tuple[float, float]]]:
    """`photo`, and where the card's corners (TL, TR, BR, BL) are in the upright picture."""
    notes = []
    long_side = rng.choice((1600, 2000, 2400, 3000, 4032))
    w, h = long_side, round(long_side * 3 / 4)
    bg = _background((w, h), rng)
    card_w = w * rng.uniform(0.5, 0.8)
    card_h = card_w * card_hi.height / card_hi.width
    angle = rng.uniform(-18, 18)
    cx = w / 2 + rng.uniform(-0.08, 0.08) * w
    cy = h / 2 + rng.uniform(-0.08, 0.08) * h
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = []
    for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = dx * card_w / 2, dy * card_h / 2
        jitter = card_w * 0.06
        x += rng.uniform(-jitter, jitter)
        y += rng.uniform(-jitter, jitter)
        corners.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    # keep the card inside the frame
    minx = min(p[0] for p in corners)
    maxx = max(p[0] for p in corners)
    miny = min(p[1] for p in corners)
    maxy = max(p[1] for p in corners)
    sx = max(0, -minx + 0.02 * w) - max(0, maxx - 0.98 * w)
    sy = max(0, -miny + 0.02 * h) - max(0, maxy - 0.98 * h)
    corners = [(x + sx, y + sy) for x, y in corners]
    src = [(0, 0), (card_hi.width, 0), (card_hi.width, card_hi.height), (0, card_hi.height)]
    warped = card_hi.transform((w, h), Image.PERSPECTIVE, _coeffs(corners, src), Image.BICUBIC)
    mask = Image.new("L", card_hi.size, 255).transform(
        (w, h), Image.PERSPECTIVE, _coeffs(corners, src), Image.BILINEAR
    )
    # a soft drop shadow under the card
    shadow = mask.filter(ImageFilter.GaussianBlur(w / 150))
    bg = Image.composite(Image.new("RGB", (w, h), (0, 0, 0)), bg, shadow.point(lambda v: v // 3))
    img = Image.composite(warped, bg, mask)
    notes.append(f"tilt{angle:+.0f}")
    # uneven light: a gradient darkening one side
    if rng.random() < 0.7:
        strength = rng.uniform(0.15, 0.45)
        grad = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270)))
        grad = grad.resize((w, h), Image.BILINEAR)
        dark = grad.point(lambda v, s=strength: round(255 - v * s))
        img = Image.composite(img, Image.new("RGB", (w, h), (0, 0, 0)), dark)
        notes.append(f"shadow{strength:.2f}")
    blur = rng.choice((0.0, 0.6, 1.0, 1.5)) * long_side / 2000
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
        notes.append(f"blur{blur:.1f}")
    noise = Image.effect_noise((w, h), 20).convert("RGB")
    img = Image.blend(img, noise, 0.05)
    quality = rng.randint(55, 90)
    notes.append(f"q{quality}")
    exif = None
    roll = rng.random()
    upright_corners = [(x / w, y / h) for x, y in corners]  # as fractions of the frame
    if roll < 0.08:
        img = img.rotate(180)
        notes.append("upside-down")
    elif roll < 0.16:
        # the phone was held sideways: pixels stored rotated, EXIF says how to show them
        img = img.transpose(Image.ROTATE_90)
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90 CW to display
        notes.append("exif-rotated")
    return _to_jpeg(img, quality, exif), notes, upright_corners


# ---------------------------------------------------------------- samples


def _pack(texts: list[_Text], rng: random.Random) -> list[_Text]:
    """Long contact blocks put two numbers on a line, as printed cards do."""
    contact = [t for t in texts if t.role in ("phone", "email", "website", "address")]
    phones = [i for i, t in enumerate(texts) if t.role == "phone"]
    if len(contact) <= 5 or len(phones) < 2:
        return texts
    i, j = phones[0], phones[1]
    gap = rng.choice(("   ", "  |  ", "    "))
    joined = replace(texts[i], text=texts[i].text + gap + texts[j].text)
    return [joined if k == i else t for k, t in enumerate(texts) if k != j]


def _wrap_address(texts: list[_Text]) -> list[_Text]:
    """A narrow column breaks a long address at its last comma instead of running off."""
    out: list[_Text] = []
    for t in texts:
        if t.role == "address" and not t.cjk and len(t.text) > 26 and ", " in t.text:
            head, tail = t.text.rsplit(", ", 1)
            out += [replace(t, text=head), replace(t, text=tail)]
        else:
            out.append(t)
    return out


def make_card(
    rng: random.Random, fakers: dict[str, Faker], locale: str, layout: str | None = None
) -> tuple[CardTruth, Image.Image, Image.Image, str, str]:
    """One card: its truth, a 300-DPI render, a 600-DPI render (for photos), layout and font."""
    layout = layout or rng.choice(LAYOUTS)
    if locale == "zh_CN":
        truth, texts = _zh_content(fakers[locale], rng)
        font = rng.choice(sorted(CJK_FONTS))
        family = CJK_FONTS[font]
        size = (90, 54)
    else:
        truth, texts = _en_content(fakers[locale], locale, rng)
        font = rng.choice(sorted(LATIN_FONTS))
        family = LATIN_FONTS[font]
        size = (88.9, 50.8) if locale == "en_US" else (85, 55)
    texts = _pack(texts, rng)
    if layout == "two_column":
        texts = _wrap_address(texts)
    state = rng.getstate()
    lo = render_card(
        texts,
        layout,
        family,
        family if locale == "zh_CN" else CJK_FONTS["noto-sans-cjk"],
        rng,
        size,
        1.0,
    )
    rng.setstate(state)
    hi = render_card(
        texts,
        layout,
        family,
        family if locale == "zh_CN" else CJK_FONTS["noto-sans-cjk"],
        rng,
        size,
        2.0,
    )
    return truth, lo, hi, layout, font


def fakers(seed: int) -> dict[str, Faker]:
    out = {}
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 31 + i)
        out[locale] = fake
    return out


def generate(n_per_kind: int, seed: int = 1) -> Iterator[Sample]:
    """`n_per_kind` scans and as many photos, locales and layouts taken in turn."""
    rng = random.Random(seed)
    fk = fakers(seed)
    for i in range(n_per_kind * 2):
        kind = KINDS[i % 2]
        locale = LOCALES[(i // 2) % len(LOCALES)]
        layout = LAYOUTS[(i // 6) % len(LAYOUTS)]
        truth, lo, hi, layout, font = make_card(rng, fk, locale, layout)
        corners = None
        if kind == "scan":
            data, notes = scan(lo, rng)
        else:
            data, notes, corners = photo_with_corners(hi, rng)
        yield Sample(truth, kind, layout, font, data, notes, corners)
