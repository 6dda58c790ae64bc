"""Business cards in real-world conventions, for tuning the OCR until an independent set exists.

Not the independent evaluation (that is bench/indep_cards.py, written by someone who has not read
`ocr/`): these cards were made by the author of the extraction, from the conventions issue 16
lists — a company wordmark larger than the name, names with diacritics from many countries,
departments under the title, fax lines, LinkedIn and WeChat handles, addresses as each country
writes them, dark cards, two columns, photos small and large, upside down. Use them to tune; report
the independent set.

`generate(seed, n, out_dir)` has the same shape as indep_cards: a list of
{"image", "kind", "lang", "truth": {name, company, title, phone, mobile, fax, email, website,
address}}.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import phonenumbers
from faker import Faker
from PIL import Image, ImageDraw, ImageFont

from bench import cards

SPLITS = {"tune": 21, "check": 22}
LOCALES = {  # Faker locale: (phone region, language of the card)
    "en_US": ("US", "en"),
    "en_GB": ("GB", "en"),
    "de_DE": ("DE", "en"),
    "fr_FR": ("FR", "en"),
    "es_ES": ("ES", "en"),
    "it_IT": ("IT", "en"),
    "pl_PL": ("PL", "en"),
    "nl_NL": ("NL", "en"),
    "en_CA": ("CA", "en"),
    "en_AU": ("AU", "en"),
    "vi_VN": ("VN", "en"),
    "zh_CN": ("CN", "zh"),
    "zh_TW": ("TW", "zh"),
}
TITLES = (
    "Realtor", "Mortgage Broker", "Solicitor", "Partner", "Sales Executive", "Office Manager",
    "Senior Associate", "Chief Financial Officer", "Account Director", "Creative Director",
    "Software Developer", "Head of Partnerships", "Customer Success Lead", "Procurement Officer",
    "Architect", "Physiotherapist", "Financial Advisor", "Owner", "Geschäftsführer",
    "Directeur Commercial", "Gerente de Ventas", "Responsabile Acquisti", "Project Lead",
)  # fmt: skip
ZH_TITLES = (
    "销售",
    "采购",
    "客服",
    "销售经理",
    "总经理",
    "市场总监",
    "技术总监",
    "客户经理",
    "董事长",
)
DEPARTMENTS = ("Cloud & AI Department", "Research Division", "Global Sales Team", "Finance Dept.")
ZH_DEPARTMENTS = ("市场部", "销售部", "技术部")
SUFFIX = {
    "de_DE": "GmbH", "fr_FR": "SARL", "es_ES": "S.L.", "it_IT": "S.r.l.", "pl_PL": "Sp. z o.o.",
    "nl_NL": "B.V.", "en_GB": "Ltd", "en_US": "Inc.", "en_CA": "Inc.", "en_AU": "Pty Ltd",
    "vi_VN": "JSC",
}  # fmt: skip
SYLLABLES = "ka ve lo tri no va sen dor mi ra zu fel qui bro tan lux nex or cal py ven ta ri"
LABELS = (  # office, mobile, fax, email, web
    ("T", "M", "F", "E", "W"),
    ("Tel", "Mob", "Fax", "Email", "Web"),
    ("Phone:", "Mobile:", "Fax:", "E-mail:", ""),
    ("Direct", "Cell", "Fax", "", ""),
    ("Office", "M.", "F.", "", ""),
)
ZH_LABELS = (
    ("电话：", "手机：", "传真：", "邮箱：", "网址："),
    ("电话", "手机", "传真", "电邮：", ""),
)
LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LATIN_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def _brand(rng: random.Random) -> str:
    parts = rng.sample(SYLLABLES.split(), rng.choice((2, 2, 3)))
    return "".join(parts).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text.lower()))


def _number(region: str, mobile: bool, rng: random.Random) -> str:
    kind = (
        phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    example = phonenumbers.example_number_for_type(region, kind)
    for _ in range(50):
        digits = str(example.national_number)
        tail = "".join(rng.choice("0123456789") for _ in range(4))
        candidate = phonenumbers.parse(f"+{example.country_code}{digits[:-4]}{tail}")
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def _printed(e164: str, rng: random.Random) -> str:
    number = phonenumbers.parse(e164)
    style = rng.choice((phonenumbers.PhoneNumberFormat.INTERNATIONAL,) * 2 + (
        phonenumbers.PhoneNumberFormat.NATIONAL,))  # fmt: skip
    return phonenumbers.format_number(number, style)


def _content(locale: str, fake: Faker, rng: random.Random) -> tuple[dict, list[tuple[str, str]]]:
    """The truth and the card's lines as (role, text)."""
    region, lang = LOCALES[locale]
    zh = lang == "zh"
    name = fake.name().replace(" ", "") if zh else fake.name()
    # the person's name only: honorifics and degrees are not part of it
    name = re.sub(
        r"^(?:(?:\S*\.\S*|Quý|cô|Cô|Bà|Ông|Anh|Chị|Bác|Cụ|Em|pan|pani|Pan|Pani)\s+)+", "", name
    )
    name = re.sub(r",?\s+(?:B\.\S*|M\.\S*|MBA|PhD)$", "", name)
    brand = _brand(rng)
    if zh:
        company = fake.company()
    else:
        company = brand if rng.random() < 0.5 else f"{brand} {SUFFIX.get(locale, 'Ltd')}"
    domain = brand.lower() + rng.choice((".com", ".io", ".net", ".co")) if not zh else (
        brand.lower() + ".cn")  # fmt: skip
    words = [_slug(w) for w in re.split(r"[\s-]+", fake.name() if zh else name) if _slug(w)]
    if zh:
        local = _slug(fake.user_name())
    else:
        local = rng.choice((f"{words[0]}.{words[-1]}", f"{words[0][0]}{words[-1]}", words[0]))
    email = f"{local}@{domain}"
    title = rng.choice(ZH_TITLES if zh else TITLES)
    office = _number(region, False, rng)
    mobile = _number(region, True, rng) if rng.random() < 0.7 else None
    fax = _number(region, False, rng) if rng.random() < 0.35 else None
    website = f"www.{domain}" if rng.random() < 0.6 else None
    address_lines = [ln.strip() for ln in fake.address().split("\n") if ln.strip()]
    labels = rng.choice(ZH_LABELS if zh else LABELS)
    truth = {
        "name": name,
        "company": company,
        "title": title,
        "phone": office,
        "mobile": mobile,
        "fax": fax,
        "email": email,
        "website": website,
        "address": ("" if zh else ", ").join(address_lines),
    }
    lines = [("company", company), ("name", name), ("title", title)]
    if rng.random() < 0.25:
        lines.append(("department", rng.choice(ZH_DEPARTMENTS if zh else DEPARTMENTS)))
    lines.append(("contact", f"{labels[0]} {_printed(office, rng)}".strip()))
    if mobile:
        lines.append(("contact", f"{labels[1]} {_printed(mobile, rng)}".strip()))
    if fax:
        lines.append(("contact", f"{labels[2]} {_printed(fax, rng)}".strip()))
    lines.append(("contact", f"{labels[3]} {email}".strip()))
    if website:
        lines.append(("contact", f"{labels[4]} {website}".strip()))
    if zh and rng.random() < 0.5:
        lines.append(("contact", rng.choice(("微信：", "QQ：")) + str(rng.randint(10**7, 10**9))))
    elif rng.random() < 0.25:
        lines.append(("contact", f"linkedin.com/in/{words[0]}{words[-1]}"))
    prefix = "地址：" if zh and rng.random() < 0.7 else ""
    lines += [("address", prefix + a if i == 0 else a) for i, a in enumerate(address_lines)]
    return truth, lines


def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, max(10, px), index=2 if path.endswith(".ttc") else 0)


def render(lines: list[tuple[str, str]], zh: bool, rng: random.Random) -> Image.Image:
    """A card at 300 dpi (1050 x 600 px): wordmark, classic, centred or two columns; some dark."""
    layout = rng.choice(("wordmark", "classic", "centred", "columns"))
    dark = rng.random() < 0.2
    bg, fg = ((28, 40, 64), (245, 245, 240)) if dark else ((250, 250, 246), (25, 25, 30))
    img = Image.new("RGB", (1050, 600), bg)
    draw = ImageDraw.Draw(img)
    regular = CJK if zh else rng.choice((LATIN, SERIF))
    bold = CJK_BOLD if zh else LATIN_BOLD
    sizes = {"name": 54, "company": 40, "title": 30, "department": 26, "contact": 24, "address": 24}
    if layout == "wordmark":
        sizes["company"], sizes["name"] = 78, 40
    left = [ln for ln in lines if ln[0] in ("company", "name", "title", "department")]
    right = [ln for ln in lines if ln[0] in ("contact", "address")]
    columns = [(left, 60), (right, 560)] if layout == "columns" else [(left + right, 60)]
    for column, x0 in columns:
        y = 50
        for role, text in column:
            size = sizes[role] if layout != "columns" or role not in ("contact", "address") else 21
            font = _font(bold if role in ("name", "company") else regular, size)
            width = 990 - x0 if layout != "columns" else 440
            while draw.textlength(text, font=font) > width and size > 14:
                size -= 2
                font = _font(bold if role in ("name", "company") else regular, size)
            x = x0
            if layout == "centred":
                x = (1050 - draw.textlength(text, font=font)) / 2
            draw.text((x, y), text, font=font, fill=fg)
            y += round(size * 1.45) + (14 if role in ("company", "title", "department") else 0)
    return img


def generate(seed: int, n: int, out_dir: Path | str) -> list[dict]:
    """n cards, half flat scans, half phone photos (640 px to 12 MP, some upside down)."""
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        locale = rng.choice(list(LOCALES))
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(10**9))
        truth, lines = _content(locale, fake, rng)
        zh = LOCALES[locale][1] == "zh"
        card = render(lines, zh, rng)
        kind = "scan" if i % 2 == 0 else "photo"
        if kind == "scan":
            data, _ = cards.scan(card, rng)
        else:
            data, _ = cards.photo(card.resize((2100, 1200)), rng)
            photo = Image.open(__import__("io").BytesIO(data))
            size = rng.choice((640, 1600, 3000, 4000))
            if rng.random() < 0.15:
                photo = photo.rotate(180)
            factor = size / max(photo.size)
            photo = photo.resize((round(photo.width * factor), round(photo.height * factor)))
            buf = __import__("io").BytesIO()
            photo.convert("RGB").save(buf, "JPEG", quality=88)
            data = buf.getvalue()
        path = out / f"variant-{seed}-{i:03d}.jpg"
        path.write_bytes(data)
        made.append({"image": str(path), "kind": kind, "lang": LOCALES[locale][1], "truth": truth})
    return made
