"""Fields from OCR lines: pure functions, testable from known text without Tesseract.

Order matters: contacts (emails, websites, phones) are recognised by their syntax and claimed
first, then addresses, titles and companies by their words, and the name last, from what is
left, by size. Each field gets a confidence in 0..1: the OCR confidence of its line times how
sure the rule that found it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz


@dataclass(frozen=True)
class Line:
    """One line of text as Tesseract grouped it."""

    text: str
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, width, height in pixels
    height: float = 0.0  # median word height in pixels: the type size
    confidence: float = 1.0  # mean word confidence, 0..1


@dataclass
class CardPhone:
    e164: str
    kind: str  # "mobile" | "office" | "fax" | "other"
    valid: bool
    confidence: float
    raw: str


FIELDS = ("name", "company", "title", "phone", "email", "website", "address")
_KIND_ORDER = {"mobile": 0, "office": 1, "other": 2, "fax": 3}


@dataclass
class CardResult:
    name: str | None = None
    company: str | None = None
    title: str | None = None
    phones: list[CardPhone] = field(default_factory=list)  # mobile, office, other; fax last
    emails: list[str] = field(default_factory=list)
    website: str | None = None
    address: str | None = None
    confidence: dict[str, float] = field(default_factory=dict)
    raw_text: str = ""
    seconds: float = 0.0

    @property
    def phone(self) -> CardPhone | None:
        """The number to call: a fax never is, whatever else the card prints."""
        return next((p for p in self.phones if p.kind != "fax"), None)

    def is_empty(self) -> bool:
        """Nothing a rep could use was read: the bot should ask for a better photo."""
        return not (
            self.name
            or self.company
            or self.title
            or self.phones
            or self.emails
            or self.website
            or self.address
        )


# ---------------------------------------------------------------- vocabulary

HAN = "\u3400-\u9fff\uf900-\ufaff"
HAN_LINE = re.compile(rf"[{HAN}\s]+")  # a line of Chinese characters only
_HAN_RE = re.compile(f"[{HAN}]")


def _vocab(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _ordered(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# About 400 surnames cover well over 95 % of people in mainland China.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
    "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危"
    "玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由竺苍喜滑"
)
COMPOUND_SURNAMES = _vocab(
    "欧阳 上官 司马 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 轩辕"
)
ZH_HONORIFICS = ("先生", "女士", "小姐", "博士", "教授")
NAME_PARTICLES = _vocab("and of the de da di van von der den del la le y")
HONORIFICS = _vocab("dr mr mrs ms miss mx prof sir dame rev")
POSTNOMINALS = _vocab("phd mba cpa md esq msc bsc ma ba pe cfa pmp frcs meng llb llm jd")

EN_TITLE_WORDS = _vocab(
    "director manager engineer researcher officer vp svp evp president chairman chairwoman chair "
    "ceo cto cfo coo cmo cio cso cpo head founder co-founder cofounder partner consultant "
    "specialist analyst executive representative rep lead leader coordinator designer architect "
    "developer scientist advisor adviser associate assistant administrator supervisor buyer owner "
    "principal agent accountant attorney lawyer counsel professor lecturer technician intern "
    "secretary treasurer controller strategist planner producer editor trainer recruiter "
    "proprietor chief superintendent foreman merchandiser purchaser salesman saleswoman fellow "
    "evangelist"
)
ZH_TITLE_WORDS = tuple(
    _vocab(
        "经理 总监 总裁 董事 主任 工程师 主管 顾问 助理 合伙人 创始人 首席 总经理 副总 专员 代表 "
        "业务员 主席 秘书 会计 律师 教授 设计师 负责人 部长 厂长 店长 执行官 总工 技术员 研究员 "
        "院长 所长 行长 主编 策划 董事长 经纪人 销售员 采购员 讲师 医师 分析师"
    )
)
STRONG_COMPANY = re.compile(
    r"(?<![A-Za-z])(?:ltd|limited|inc|incorporated|llc|l\.l\.c|llp|plc|corp|corporation|co"
    r"|company|gmbh|ag|s\.?a|sas|s\.?r\.?l|b\.?v|n\.?v|pty|pte|k\.?k|group|holdings?)\.?"
    r"(?=[\s,.)]|$)",
    re.IGNORECASE,
)
# "Smith, Jones and Lee", "Smith & Sons", "Kennedy-Gray": how firms without a suffix are named
FIRM_NAME = re.compile(
    r"^[A-Z][\w'-]+(?:,\s*[A-Z][\w'-]+)*,?\s+(?:and|&)\s+[A-Z][\w'-]+\.?$"
    r"|^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$"
)
WEAK_COMPANY = re.compile(
    r"(?<![A-Za-z])(?:industries|technologies|technology|solutions|systems|labs?|studios?"
    r"|consulting|enterprises?|international|trading|manufacturing|logistics|partners"
    r"|associates|ventures|capital|media|electronics|software|bank|university|institute"
    r"|sons|brothers|bros)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
ZH_COMPANY = tuple(
    _vocab(
        "有限公司 有限责任公司 股份 集团 公司 事务所 研究院 研究所 工作室 银行 大学 学院 医院 "
        "协会 商行 工厂 制造厂"
    )
)
ZH_ADDRESS_CHARS = frozenset("省市区县镇乡村路街道巷弄号楼层室座栋幢大厦园")
STREET_WORDS = _vocab(
    "street st avenue ave road rd boulevard blvd lane ln drive way court ct place pl square sq "
    "terrace crescent close parkway pkwy highway hwy plaza circle trail row mews gardens grove "
    "walk wharf quay building bldg floor fl suite ste unit flat studio apt apartment tower centre "
    "center house estate park industrial po box room rm"
)
COUNTRIES = _vocab("uk usa us china prc germany france japan korea singapore australia canada")
COUNTRIES |= {"united kingdom", "united states", "hong kong", "p.r. china", "p.r.china"}
UNIT_START = re.compile(
    r"^(?:flat|unit|suite|ste|studio|apt|apartment|room|rm|floor|level|building|bldg"
    r"|p\.?\s?o\.?\s?box)\b",
    re.IGNORECASE,
)
US_STATES = _vocab(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP FM MH PW AA AE AP"
)
US_ZIP = re.compile(r"\b([A-Z]{2})\.?\s+\d{5}(?:-\d{4})?\b")
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
# as OCR may print it: 0 read as O, 1 as I or L, 5 as S; J as a bracket, a letter in lower case
_UK_POSTCODE_OCR = re.compile(
    r"\b([A-Z]{1,2}[\dOISBZG][A-Z\dOIL)\]}]?)\s+([\dOISBZG])"
    r"([A-Za-z)\]}]{2})"
    r"(?![\w)\]}])"
)
# the areas Royal Mail uses: "NO2" can only be N02, there is no area NO
UK_POSTCODE_AREAS = _vocab(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE "
    "SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE"
)
# the letter that may end an outward code: after one digit (A9A) or after two letters (AA9A)
_UK_DISTRICT_LETTER = {1: "ABCDEFGHJKPSTUW", 2: "ABEHMNPRVWXY"}
_DIGIT_LOOKALIKES = str.maketrans("OISLBZG", "0151826")
ADDRESS_LABEL = re.compile(
    r"^\s*(?:(?:address|addr|add|a)\s*[:.|]|address\s|地址|地[\u3400-\u9fff]\s*(?=[:：]))"
    r"\s*[:.|]?\s*",
    re.IGNORECASE,
)

PHONE_LABELS = {
    "fax": _vocab("fax facsimile f 传真 傳真"),
    "mobile": _vocab("mobile mob cell cellphone m hp handy mobil whatsapp 手机 手機 移动电话"),
    "office": _vocab(
        "tel telephone phone ph office direct dir t o d work 电话 電話 座机 办公电话 总机"
    ),
}
EMAIL_LABELS = _vocab("e email mail e-mail")
_LABEL_KIND = {word: kind for kind, words in PHONE_LABELS.items() for word in words}
# Where a trade-fair visitor's national number most likely comes from when the card says nothing.
FOREIGN_REGIONS = _ordered("US GB HK TW SG JP KR DE FR IT ES NL AU CA IN AE RU BR MX TR")
_TLDS = sorted(
    _vocab(
        "com net org io co cn uk de fr jp hk tw sg biz info us ca au eu ai app tech nl it es ch kr"
    )
)


# ---------------------------------------------------------------- text


def normalize(text: str) -> str:
    """NFKC turns full-width digits and colons into ASCII; Tesseract spaces out Chinese."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(?<=[A-Za-z])- (?=[A-Za-z])|(?<=[A-Za-z]) -(?=[A-Za-z])", "-", text)
    text = re.sub(f"(?<=[{HAN}])\\s+(?=[{HAN}0-9])|(?<=[0-9])\\s+(?=[{HAN}])", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    # specks at the card's edge or a rule beside a line come out as | ~ _ and quotes
    return re.sub(r"^(?:[|~_`'\"^*•·‘’“”]+\s*)+|(?:\s*[|~_`'\"^*•·‘’“”]+)+$", "", text)


_HAN_LABEL_INSIDE = re.compile(r"[\s。，、,.”\"'|]*(?=(?:网址|邮箱|电话|手机|传真|地址)\s*[:：]?)")


def split_at_labels(line: Line) -> list[Line]:
    """ "恒聪百汇信息有限公司 。” 网址: www…": the next column's labelled contact run into a
    line of Chinese text is a line of its own (its box is shared out by characters)."""
    for match in _HAN_LABEL_INSIDE.finditer(line.text):
        head, tail = line.text[: match.start()], line.text[match.end() :]
        if match.start() == 0 or han_count(head) < 2 or re.search(r"\d\s*$", head):
            continue
        x, y, w, h = line.box
        cut = round(w * len(head) / max(1, len(line.text)))
        left = Line(head, (x, y, cut, h), line.height, line.confidence)
        right = Line(tail, (x + cut, y, w - cut, h), line.height, line.confidence)
        return [left, *split_at_labels(right)]
    return [line]


def han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\-]*", text)


# ---------------------------------------------------------------- emails and websites

_AT = re.compile(r"\s*[@©®]\s*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:[.,][A-Za-z0-9\-]+)*[.,][A-Za-z01]{2,}")
_URL = re.compile(
    r"(?:https?://)?(?:www[.,])?[A-Za-z0-9\-]+(?:[.,][A-Za-z0-9\-]+)*"
    r"[.,](?:" + "|".join(_TLDS) + r")(?:[.,](?:cn|uk|hk|tw|au|jp|sg))?(?![A-Za-z0-9])"
    r"(?:/[^\s]*)?",
    re.IGNORECASE,
)

_SPACED_TLD = re.compile(
    r"(?<=[a-z0-9]{2}\.)\s+(?=(?:" + "|".join(_TLDS) + r")(?![A-Za-z0-9-]))"
)  # a dot, not a comma, and lower case: "London, UK" and "Ltd. Co" are not domains


def _unconfuse(label: str) -> str:
    """O/0 and l/1 (or i/1) look alike; between letters they are letters. Between two
    consonants a 1 was an i ("sm1th"), elsewhere an l ("examp1e", "he1lo")."""
    label = re.sub(r"(?<=[a-z])0|0(?=[a-z])", "o", label)
    label = re.sub(r"(?<=[b-df-hj-np-tv-z])1(?=[b-df-hj-np-tv-xz])", "i", label)
    return re.sub(r"(?<=[a-z])1(?=[a-z])|^1(?=[a-z]{2})|(?<=[a-z]{2})1$", "l", label)


def repair_domain(domain: str) -> str:
    labels = domain.lower().replace(",", ".").strip(".").split(".")
    labels = [_unconfuse(lb) if re.search("[a-z]", lb) else lb for lb in labels]
    tld = labels[-1].replace("0", "o").replace("1", "l")
    return ".".join([*labels[:-1], tld])


def repair_email(raw: str) -> str | None:
    """Undo typical OCR slips, then let email-validator decide whether it is an address."""
    text = _AT.sub("@", raw.strip())
    match = _EMAIL.search(text)
    if not match:
        return None
    local, _, domain = match.group(0).partition("@")
    local = re.sub(
        r"^(?:e-mail[:.]?|email[:.])(?=[a-z0-9])", "", local, flags=re.IGNORECASE
    )  # label, colon lost
    if local.islower() or not re.search("[A-HJ-Z]", local):
        local = local.replace("I", "l")  # printed lower case: a capital I is an l
    local = _unconfuse(local.lower()).strip(".")
    try:
        checked = validate_email(f"{local}@{repair_domain(domain)}", check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def _close_dots(text: str) -> str:
    """ "fergusonmoreno. co", "reynolds. biz": a space read after the dot before a domain."""
    return _SPACED_TLD.sub("", text)


def find_emails(text: str) -> list[str]:
    text = _close_dots(_AT.sub("@", text))
    if "@" in text:  # "colin _clarke@x.co": Tesseract splits at underscores and dots
        text = re.sub(r"\s+(?=[._-][\w.-]*@)|(?<=[._-])\s+(?=[\w.-]*@)", "", text)
        # an underscore lost altogether leaves a lower-case word before the address
        text = re.sub(
            r"(?<![\w.-])([a-z]{2,}) (?=[a-z][\w.-]*@)",
            lambda m: m.group(0) if m.group(1) in EMAIL_LABELS else m.group(1) + "_",
            text,
        )
    found = []
    for token in re.findall(r"\S+@\S+", text):
        email = repair_email(token)
        if email and email not in found:
            found.append(email)
    return found


def find_website(text: str) -> str | None:
    """The first host that is not part of an email address, as `www.example.com`."""
    text = _close_dots(_AT.sub("@", text))
    # "www little-barrett.co.uk", "Www. ward.net": the dot after www lost or spaced out
    text = re.sub(r"(?i)(?<![\w.])w{3}(?:\s*[.,]\s*|\s+)(?=[a-z0-9-]+[.,][a-z])", "www.", text)
    # a top-level domain is letters: "c0m", "0rg", "ne1" are OCR slips
    text = re.sub(
        r"(?<=[.,])([a-z0-9]{2,4})(?![\w-])",
        lambda m: (
            m.group(1).translate(str.maketrans("01", "ol"))
            if re.search("[a-z]", m.group(1))
            else m.group(1)
        ),
        text,
        flags=re.IGNORECASE,
    )
    for match in _URL.finditer(text):
        start = match.start()
        before = text[:start]
        if before.endswith(("@", ".")) or re.search(r"\S*@\S*$", before):
            continue
        url = re.sub(r"^https?://", "", match.group(0), flags=re.IGNORECASE).rstrip("/.,")
        host, _, path = url.partition("/")
        host = re.sub(r"^[wv]{2,5}[.,]", "www.", repair_domain(host))
        if not host.startswith("www.") and host.count(".") < 1:
            continue
        return host + ("/" + path if path else "")
    return None


_SURER = 0.15  # confidence margin for one reading to overrule another


def agree_domains(
    website: str | None, website_conf: float, emails: list[str], email_conf: float
) -> tuple[str | None, list[str]]:
    """A card's website and email mostly share one domain: when they differ by a slip or two
    ("www.siith.net" beside "@smith.net"), the surer reading wins for both."""
    if not website or not emails:
        return website, emails
    host, slash, path = website.partition("/")
    if host.startswith("www-") and host[4:] in {e.partition("@")[2] for e in emails}:
        host = "www." + host[4:]  # "www-slater.co" beside "@slater.co": the dot read as a dash
        website = host + slash + path
    www = host.startswith("www.")
    bare = host.removeprefix("www.")
    for email in emails:
        local, _, domain = email.partition("@")
        # "inartin" for "martin": m read as in or rn changes the length by one
        if domain == bare or abs(len(domain) - len(bare)) > 1 or fuzz.ratio(domain, bare) < 80:
            continue
        if website_conf + _SURER < email_conf:
            return ("www." if www else "") + domain + slash + path, emails
        if email_conf + _SURER < website_conf:
            return website, [f"{local}@{bare}" if e == email else e for e in emails]
    return website, emails  # about as sure of both: no telling which one slipped


# ---------------------------------------------------------------- phones

_NUMBERISH = re.compile(r"(?<![A-Za-z])[+(]?[0-9][0-9OoIl\s().\-/]{5,}[0-9]")


def repair_digits(text: str) -> str:
    """Letters that Tesseract puts in place of digits, fixed only inside digit runs."""

    def fix(match: re.Match[str]) -> str:
        chunk = match.group(0)
        if sum(ch.isdigit() for ch in chunk) < 5:
            return chunk
        return chunk.translate(str.maketrans("OoIl", "0011"))

    return _NUMBERISH.sub(fix, text)


def region_hints(text: str, default: str) -> list[str]:
    """Regions to read national numbers in: what the card itself says, then the default."""
    found: list[str] = []

    def add(region: str) -> None:
        if region and region != "ZZ" and region not in found:
            found.append(region)

    for match in re.finditer(r"\+\s?(\d{1,3})", text):
        digits = match.group(1)
        for n in range(1, len(digits) + 1):
            if int(digits[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                add(phonenumbers.region_code_for_country_code(int(digits[:n])))
                break
    if any(m.group(1) in US_STATES for m in US_ZIP.finditer(text)) or re.search(
        r"\bU\.?S\.?A\b|United States", text
    ):
        add("US")
    if UK_POSTCODE.search(text) or re.search(r"\bUK\b|United Kingdom|England|London", text):
        add("GB")
    if re.search(r"\.uk\b", text, re.IGNORECASE):
        add("GB")
    if han_count(text) >= 4 or re.search(r"\.cn\b|China|P\.\s?R\.\s?C", text, re.IGNORECASE):
        add("CN")
    add(default.upper())
    return found


def _label_kind(before: str) -> str | None:
    """Kind from the label just before a number: "Tel/Fax" is a phone, "F" alone a fax."""
    tokens = re.findall(f"[A-Za-z]+|[{HAN}]+", before)
    kinds = []
    for i, token in enumerate(tokens):
        low = token.lower()
        kind = _LABEL_KIND.get(low)
        if kind is None and _HAN_RE.match(token):
            kind = next(
                (
                    k
                    for word, k in _LABEL_KIND.items()
                    if len(word) > 1 and word in token and _HAN_RE.match(word)
                ),
                None,
            )
        if kind and (len(low) > 1 or i == len(tokens) - 1):
            kinds.append(kind)
    if not kinds:
        return None
    if "fax" in kinds and len(set(kinds)) > 1:
        return next(k for k in reversed(kinds) if k != "fax")
    return kinds[-1]


def _kind_from_type(number: phonenumbers.PhoneNumber) -> str:
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE:
        return "mobile"
    if kind == PhoneNumberType.FIXED_LINE:
        return "office"
    return "other"


def _spans(text: str, regions: list[str]) -> list[tuple[int, int, str]]:
    """Where the numbers are in a line; any region's matcher may find one the others miss."""
    found: list[tuple[int, int, str]] = []
    for region in regions:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            if len(re.sub(r"\D", "", m.raw_string)) < 7:
                continue
            if all(m.end <= s or e <= m.start for s, e, _ in found):
                found.append((m.start, m.end, m.raw_string))
    return sorted(found)


def _fits(number: phonenumbers.PhoneNumber, raw: str, region: str, label: str | None) -> bool:
    """Valid, and printed the way that region prints its own numbers.

    A national number is valid in many countries: "(415) 872-2671" is also a landline in
    Dandong. But a Chinese card would print a landline with its trunk 0, and a number labelled
    mobile that is a landline here is probably someone else's mobile.
    """
    if not phonenumbers.is_valid_number(number):
        return False
    kind = phonenumbers.number_type(number)
    if label == "mobile" and kind == PhoneNumberType.FIXED_LINE:
        return False
    if raw.lstrip().startswith("+"):
        return True
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = metadata.national_prefix if metadata else None
    digits = re.sub(r"\D", "", raw)
    return not (prefix and not digits.startswith(prefix) and kind == PhoneNumberType.FIXED_LINE)


def _choose(raw: str, regions: list[str], label: str | None):
    """The card's regions first, then where visitors come from; invalid numbers are kept."""
    first_valid = None
    candidates = [*regions, *(r for r in FOREIGN_REGIONS if r not in regions)]
    for region in candidates:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if _fits(number, raw, region, label):
            return number, True, region not in regions
        if first_valid is None and phonenumbers.is_valid_number(number):
            first_valid = (number, True, region not in regions)
        if raw.lstrip().startswith("+"):
            break  # the region does not matter
    if first_valid:
        return first_valid
    try:
        return phonenumbers.parse(raw, regions[0]), False, False
    except phonenumbers.NumberParseException:
        return None


def find_phones(line: Line, regions: list[str]) -> list[CardPhone]:
    text = repair_digits(normalize(line.text))
    phones = []
    prev_end = 0
    for start, end, raw in _spans(text, regions):
        label = _label_kind(text[prev_end:start])
        prev_end = end
        chosen = _choose(raw, regions, label)
        if chosen is None:
            continue
        number, valid, guessed = chosen
        kind = label or _kind_from_type(number)
        certainty = (1.0 if valid else 0.5) * (1.0 if label or kind != "other" else 0.85)
        certainty *= 0.7 if guessed else 1.0
        phones.append(
            CardPhone(
                e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
                kind=kind,
                valid=valid,
                confidence=round(line.confidence * certainty, 3),
                raw=raw.strip(),
            )
        )
    return phones


def order_phones(phones: Iterable[CardPhone]) -> list[CardPhone]:
    """Mobile first, then office, other, fax; one entry per number (the surest kind wins)."""
    best: dict[str, CardPhone] = {}
    for phone in phones:
        seen = best.get(phone.e164)
        if seen is None or (seen.kind == "other" and phone.kind != "other"):
            best[phone.e164] = phone
    return sorted(best.values(), key=lambda p: _KIND_ORDER[p.kind])


# ---------------------------------------------------------------- line classes


def title_score(text: str) -> float:
    """How much a line reads like a job title (0 = not at all)."""
    if re.search(r"\d|@", text):
        return 0.0
    if han_count(text) and any(word in text for word in ZH_TITLE_WORDS):
        return 1.0 if len(text) <= 16 else 0.5
    words = [w.lower().strip("-") for w in re.split(r"[\s&/,|]+", text) if w]
    if not words or len(words) > 8:
        return 0.0
    hits = sum(w in EN_TITLE_WORDS or w.rstrip("s") in EN_TITLE_WORDS for w in words)
    if not hits:
        # "VP of Sales", "Co-Founder": compound words
        hits = sum(any(p in EN_TITLE_WORDS for p in w.split("-")) for w in words)
    return min(1.0, 0.6 + 0.2 * hits) if hits else 0.0


def company_score(text: str) -> float:
    if "@" in text or "www." in text.lower():
        return 0.0
    if han_count(text):
        if any(text.rstrip().endswith(s) for s in ("有限公司", "有限责任公司", "集团", "公司")):
            return 1.0
        return 0.8 if any(s in text for s in ZH_COMPANY) else 0.0
    # "Port Samuel, CO 34868": a state before a ZIP code, not "Co." of a company
    text = US_ZIP.sub(lambda m: " " if m.group(1) in US_STATES else m.group(0), text)
    if STRONG_COMPANY.search(text):
        return 1.0 if re.search(r"[A-Za-z]{2}", STRONG_COMPANY.sub("", text)) else 0.0
    return 0.6 if WEAK_COMPANY.search(text) else 0.0


def is_address(text: str) -> float:
    """How much a line reads like part of a postal address (0 = not at all)."""
    text = repair_postcode(text)
    if ADDRESS_LABEL.match(text) and len(ADDRESS_LABEL.sub("", text)) >= 4:
        return 1.0
    if "@" in text:
        return 0.0
    han = han_count(text)
    if han >= 3:
        if any(s in text for s in ("有限公司", "公司", "集团")) and not re.search(r"\d号", text):
            return 0.0
        marks = sum(ch in ZH_ADDRESS_CHARS for ch in text)
        if marks >= 3 or (marks >= 2 and re.search(r"\d", text)):
            return 1.0 if re.search(r"[路街道号]", text) else 0.7
        return 0.0
    words = [w.lower().rstrip(".") for w in re.findall(r"[A-Za-z][A-Za-z.']*", text)]
    street = any(w in STREET_WORDS for w in words)
    if re.match(r"^\s*\d+[A-Za-z]?(?:[-/]\d+)?,?\s+[A-Za-z]", text) and len(words) >= 1:
        return 1.0 if street else 0.8
    if UNIT_START.match(text):
        return 0.9
    if any(m.group(1) in US_STATES for m in US_ZIP.finditer(text)):
        return 0.9
    if UK_POSTCODE.search(text):
        return 0.9
    return 0.5 if street and re.search(r"\d", text) else 0.0


def repair_house_numbers(text: str) -> str:
    """ "Flat O6B", "l2 High St": letters in place of digits inside a number."""
    return re.sub(
        r"\b[0-9OIl]*[0-9][0-9OIl]*(?=[A-Za-z]?\b)",
        lambda m: m.group(0).translate(str.maketrans("OIl", "011")),
        text,
    )


def _uk_outward(raw: str) -> str | None:
    """ "NO2" is N02, "PO0L" is PO01, "ECSN" is EC5N: the outward code as the areas and the
    letters allowed after a district's digit say it must be (None: no reading fits)."""
    for k in (2, 1):
        area, rest = raw[:k], raw[k:]
        if area not in UK_POSTCODE_AREAS or not 1 <= len(rest) <= 2:
            continue
        digit = rest[0].translate(_DIGIT_LOOKALIKES)
        if not digit.isdigit():
            continue
        if len(rest) == 1:
            return area + digit
        last = rest[1]
        if last in _UK_DISTRICT_LETTER[k]:
            return area + digit + last
        if last.translate(_DIGIT_LOOKALIKES).isdigit():
            return area + digit + last.translate(_DIGIT_LOOKALIKES)
    return None


def chinese_house_numbers(text: str) -> str:
    """ "兰州大道89] 号": a 1 read as a bracket or bar inside or at the end of a number."""
    text = re.sub(r"(?<=\d)[\]|Il!](?=\d)", "1", text)
    return re.sub(r"(?<=\d)\s*[\]|Il!]\s*(?=[号室楼层座])", "1", text)


def repair_postcode(text: str) -> str:
    """UK postcodes have digits and letters in fixed places: an O or I where a digit belongs
    is a 0 or 1, a bracket where a letter belongs is a J, and the unit is in capitals."""

    def fix(m: re.Match[str]) -> str:
        outward, sector, unit = m.groups()
        outward = _uk_outward(re.sub(r"[)\]}]$", "J", outward))
        if outward is None or unit.lower() in {"st", "nd", "rd", "th"}:  # "B3 4th floor"
            return m.group(0)
        unit = re.sub(r"[)\]}]", "J", unit).upper()
        return f"{outward} {sector.translate(_DIGIT_LOOKALIKES)}{unit}"

    return _UK_POSTCODE_OCR.sub(fix, text)


def _is_continuation(prev: Line, line: Line, han_card: bool) -> bool:
    """The next line of a wrapped address: just below, same column, same type size."""
    px, py, pw, ph = prev.box
    x, y, w, _ = line.box
    if prev.box == (0, 0, 0, 0) or line.box == (0, 0, 0, 0):
        return True  # text without geometry: trust the order
    size = max(prev.height, line.height, 1)
    gap = y - (py + ph)
    if gap > 1.6 * size or gap < -0.5 * size:
        return False
    low, high = (0.5, 2.0) if han_card else (0.6, 1.6)  # Chinese word boxes vary more
    sizes = [(line.height or 1) / (prev.height or 1)]
    if han_card:  # a few ragged Chinese word boxes pull the median down; the line's box does not
        sizes.append((line.box[3] or 1) / (prev.box[3] or 1))
    if not any(low <= ratio <= high for ratio in sizes):
        return False
    tol = 1.5 * size
    aligned = (
        abs(x - px) < tol
        or abs((x + w) - (px + pw)) < tol
        or abs((x + w / 2) - (px + pw / 2)) < tol
    )
    return aligned


# ---------------------------------------------------------------- names


def _name_locals(name: str) -> set[str]:
    """The ways a firm turns a person's name into the part of an email before the @."""
    if han_count(name):
        syllables = lazy_pinyin(name)
        first, last = "".join(syllables[1:]), syllables[0]  # family name first
    else:
        words = [re.sub(r"[^a-z]", "", w) for w in name.lower().split()]
        words = [w for w in words if w]
        if len(words) < 2:
            return set()
        first, last = words[0], words[-1]
    if not first or not last:
        return set()
    return {
        f"{first}.{last}",
        f"{first}_{last}",
        f"{first}{last}",
        f"{first[0]}{last}",
        f"{first[0]}.{last}",
        f"{last}.{first}",
        f"{last}{first}",
        f"{last}{first[0]}",
        first,
        last,
    }


# lower-case letters Tesseract takes for one another in small type
_LOOKALIKES = {frozenset(p) for p in ("ij", "il", "jl", "ce", "co", "uv", "nh", "ft", "ao", "rt")}


def _one_letter_more(longer: str, shorter: str) -> bool:
    """`shorter` is `longer` less one thin letter (i, l or j), not a dot or a dash."""
    return len(longer) == len(shorter) + 1 and any(
        longer[i] in "ilj" and longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def email_after_name(email: str, name: str) -> str:
    """One letter misread in an address built from the name ("kiones" for K. Jones's
    "kjones"): the name on the card says which letter it was."""
    local, _, domain = email.partition("@")
    if len(local) < 4:
        return email
    candidates = _name_locals(name)
    if local[-1] == "q" and local[:-1] in candidates:
        return f"{local[:-1]}@{domain}"  # the tail of a serif @ read as a letter
    # "ljuan.wei" for Lijuan Wei: a thin i lost beside an l (only in a long address)
    dropped = [c for c in candidates if len(c) >= 6 and _one_letter_more(c, local)]
    if len(dropped) == 1:
        return f"{dropped[0]}@{domain}"
    for candidate in candidates:
        if len(candidate) != len(local):
            continue
        slips = [frozenset(p) for p in zip(candidate, local, strict=True) if p[0] != p[1]]
        if len(slips) == 1 and slips[0] in _LOOKALIKES:
            return f"{candidate}@{domain}"
    return email


def name_after_email(name: str, email: str) -> str:
    """One letter of a name misread ("Eethany Wilkinson") where the surer email made from it
    ("bwilkinson@") says which: the one letter that, changed, makes the name spell the
    address. Any other number of such letters (none, or several) leaves the name alone."""
    local = email.partition("@")[0]
    if han_count(name) or len(local) < 4 or local in _name_locals(name):
        return name
    variants = set()
    for i, ch in enumerate(name):
        if not ch.isalpha():
            continue
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if letter == ch.lower():
                continue
            variant = name[:i] + (letter.upper() if ch.isupper() else letter) + name[i + 1 :]
            if local in _name_locals(variant):
                variants.add(variant)
    return variants.pop() if len(variants) == 1 else name


def firm_and(company: str) -> str:
    """ "Holmes, Metcalfe nd Williams": the "and" of a firm of partners lost a letter."""
    return re.sub(
        r"^([A-Z][\w'-]+(?:, [A-Z][\w'-]+)+),? (?:nd|an|ad|aud|amd|ana) (?=[A-Z][\w'-]+$)",
        r"\1 and ",
        company,
    )


def _strip_honorifics(words: list[str]) -> list[str]:
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower().rstrip(".").replace(".", "") in {
        p.replace(".", "") for p in POSTNOMINALS
    }:
        words = words[:-1]
    return words


def _only_postnominals(text: str) -> bool:
    """ "PhD", "MBA, CPA": what may follow a comma after a person's name."""
    plain = {p.replace(".", "") for p in POSTNOMINALS}
    words = [w.lower().replace(".", "") for w in re.split(r"[\s,]+", text) if w]
    return all(w in plain for w in words)


def _postnominal_then_noise(text: str) -> bool:
    """ "PhD?ie: +44": letters after the name glued to what follows (not "PhD and Lee")."""
    match = re.match(r"\s*([A-Za-z.]+)([^\sA-Za-z,.]\S*)", text)
    return match is not None and _only_postnominals(match.group(1))


def _capital_i(word: str) -> str:
    """A capital I in sans type is read as l: "lan Ryan" is Ian Ryan; no name starts with l."""
    return "I" + word[1:] if re.fullmatch(r"l[a-z]+", word) else word


def latin_name(text: str) -> str | None:
    """2-4 capitalised words, honorifics and letters after the name removed."""
    # "Nicole Harvey...": dots or a colon left of the next column's label
    text = re.sub(r"\s*(?:[.…]{2,}|[:;])$", "", text.strip())
    if "," in text:
        head, rest = text.split(",", 1)
        if _postnominal_then_noise(rest):
            text = head  # "Glen Barrett, PhD?ie:": the next column's label run in
        elif not _only_postnominals(rest):
            return None  # "Holmes, Metcalfe nd Williams": a firm of partners, "and" misread
    if re.search(r"[\d@/|:&]", text) or han_count(text) or FIRM_NAME.match(text):
        return None
    words: list[str] = []
    for w in text.replace(",", " ").split():
        if (
            words
            and re.fullmatch(r"[a-z]{2,}", w)
            and w not in NAME_PARTICLES
            and re.fullmatch(r"[A-Z][a-z]*", words[-1])
        ):
            words[-1] += w  # "Kim berly": wide letter spacing split the word
        elif w:
            words.append(w)
    words = _strip_honorifics(words)
    if not 2 <= len(words) <= 4:
        return None
    if any(re.fullmatch(r"[A-Z][a-z]+", w) for w in words[1:]):
        words = [_capital_i(words[0]), *words[1:]]
    for w in words:
        if not re.fullmatch(r"[A-Z][A-Za-z'’\-]*\.?|[A-Z]\.", w):
            return None
    name = " ".join(words)
    if name.isupper():
        name = " ".join(w.capitalize() if len(w) > 2 else w for w in words)
    return name


def han_name(text: str) -> tuple[str | None, bool]:
    """A 2-4 character Chinese name and whether it starts with a known surname."""
    for token in re.split(r"[\s|/,:()]+", text):
        token = token.strip()
        for suffix in ZH_HONORIFICS:
            if token.endswith(suffix) and len(token) > len(suffix) + 1:
                token = token[: -len(suffix)]
        if not re.fullmatch(f"[{HAN}]{{2,4}}", token):
            continue
        if any(w in token for w in ZH_TITLE_WORDS) or any(s in token for s in ZH_COMPANY):
            continue
        known = token[:2] in COMPOUND_SURNAMES or token[0] in SURNAMES
        if known or len(token) <= 3:
            return token, known
    return None, False


# ---------------------------------------------------------------- assembly


@dataclass
class _Scored:
    value: str
    confidence: float
    index: int


def _relative_size(line: Line, tallest: float) -> float:
    return (line.height / tallest) if tallest else 1.0


def _domain_stem(result: CardResult) -> str | None:
    hosts = [e.split("@", 1)[1] for e in result.emails]
    if result.website:
        hosts.insert(0, result.website.split("/")[0])
    for host in hosts:
        parts = host.removeprefix("www.").split(".")
        if parts and parts[0] not in {
            "gmail",
            "outlook",
            "hotmail",
            "yahoo",
            "qq",
            "163",
            "126",
            "icloud",
            "foxmail",
            "sina",
            "example",
        }:
            return parts[0]
    return None


def extract_fields(lines: list[Line], region: str) -> CardResult:
    """Everything the card says about the person, from OCR lines in reading order."""
    lines = [Line(normalize(ln.text), ln.box, ln.height, ln.confidence) for ln in lines]
    lines = [part for ln in lines if ln.text for part in split_at_labels(ln)]
    result = CardResult(raw_text="\n".join(ln.text for ln in lines))
    all_text = result.raw_text
    han_card = han_count(all_text) >= 4
    regions = region_hints(all_text, region)
    claimed: set[int] = set()
    conf: dict[str, float] = dict.fromkeys(FIELDS, 0.0)

    # contacts: recognised by syntax, wherever they are
    phones: list[CardPhone] = []
    for i, line in enumerate(lines):
        emails = find_emails(line.text)
        for email in emails:
            if email not in result.emails:
                result.emails.append(email)
                conf["email"] = max(conf["email"], line.confidence)
        website = find_website(line.text)
        if website and result.website is None:
            result.website = website
            conf["website"] = line.confidence * (1.0 if website.startswith("www.") else 0.8)
        text_wo = _URL.sub(" ", _EMAIL.sub(" ", _AT.sub("@", line.text)))
        found = (
            []
            if is_address(line.text) >= 0.9 and not _label_kind(line.text)
            else find_phones(Line(text_wo, line.box, line.height, line.confidence), regions)
        )
        phones += found
        if emails or website or found:
            claimed.add(i)
    result.website, result.emails = agree_domains(
        result.website, conf["website"], result.emails, conf["email"]
    )
    result.phones = order_phones(phones)
    if result.phone:
        conf["phone"] = result.phone.confidence

    _assign_address(lines, claimed, han_card, result, conf)
    tallest = max((ln.height for ln in lines), default=0.0)
    _assign_title(lines, claimed, han_card, result, conf)
    _assign_company(lines, claimed, han_card, tallest, result, conf)
    _assign_name(lines, claimed, han_card, tallest, result, conf)
    if result.company is None:
        _company_fallback(lines, claimed, tallest, result, conf)
    if result.company and conf["company"] < max(conf["website"], conf["email"]):
        result.company = company_after_domain(result.company, _domain_stem(result))
    if result.name and result.emails and conf["email"] > conf["name"]:
        result.name = name_after_email(result.name, result.emails[0])
    if result.name:
        result.emails = [email_after_name(e, result.name) for e in result.emails]
    if result.company:
        result.company = firm_and(result.company)
    result.confidence = {k: round(max(0.0, min(1.0, v)), 3) for k, v in conf.items()}
    return result


def _assign_address(lines, claimed, han_card, result, conf) -> None:
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        score = is_address(line.text)
        if score >= 0.7 and (best is None or score > best[0]):
            best = (score, i)
        if score >= 1.0:
            break
    if best is None:
        return
    start = best[1]
    parts = [start]
    # upwards: the street or unit line above a city/postcode line
    while len(parts) < 3:
        prev = _neighbour(lines, parts[0], -1, claimed)
        if prev is None or is_address(lines[prev].text) < 0.7:
            break
        if not _is_continuation(lines[prev], lines[parts[0]], han_card):
            break
        parts.insert(0, prev)
    cur = start
    while len(parts) < 5:
        more = _continuation(lines, cur, claimed, han_card)
        if not more:
            break
        parts += more
        cur = more[-1]
    # "wwwyuuuuges 地址 : 吉林省…": the next column's scraps before the label
    texts = [re.sub(r"^[^\u3400-\u9fff]*(?=地址)", "", lines[i].text) for i in parts]
    texts = [ADDRESS_LABEL.sub("", t) for t in texts]
    texts = [repair_house_numbers(repair_postcode(t)).strip(" ,;:|.") for t in texts]
    if han_card and han_count("".join(texts)) >= 3:
        address = chinese_house_numbers("".join(texts))  # "李路7]" wrapped before "号"
    else:
        address = ", ".join(t for t in texts if t)
    if address:
        result.address = address
        claimed.update(parts)
        conf["address"] = min(lines[i].confidence for i in parts) * best[0]


def _continuation(lines: list[Line], cur: int, claimed: set[int], han_card: bool) -> list[int]:
    """The next line(s) of the address below line `cur`: an address-like line, or plain lines
    that lead to one ("Robinson Manors" before "South Dannystad BS2N 0UT"), or the country."""
    chain: list[int] = []
    for _ in range(3):
        nxt = _neighbour(lines, cur, 1, claimed | set(chain))
        if nxt is None or not _is_continuation(lines[cur], lines[nxt], han_card):
            return []
        text = lines[nxt].text
        # a doubtful read is noise, unless it is plainly the postcode line ("NN4 3)S")
        doubtful = lines[nxt].confidence < 0.7 and is_address(text) < 0.9
        if doubtful or company_score(text) or title_score(text):
            return []
        chain.append(nxt)
        if han_card:
            plain = han_count(text) >= 2 and not han_name(text)[1]
            # "…金融中心1" then "908室": a room number wrapped onto the next line
            room = re.fullmatch(r"[\dA-Za-z\-]+\s*[室号楼层座]", text) is not None
            return chain if plain or room or is_address(text) >= 0.7 else []
        if (
            is_address(text) >= 0.7
            or (re.search(r"\d", text) and "," in text)
            or text.strip(" .").lower() in COUNTRIES
        ):
            return chain
        if re.search(r"[@\d]", text) or len(text.split()) > 5:
            return []
        cur = nxt
    return []


def _neighbour(lines: list[Line], i: int, step: int, claimed: set[int]) -> int | None:
    """The closest unclaimed line above or below in the same column."""
    x, y, w, h = lines[i].box
    best, best_gap = None, None
    for j, other in enumerate(lines):
        if j == i or j in claimed:
            continue
        ox, oy, ow, oh = other.box
        if lines[i].box == (0, 0, 0, 0):
            if j == i + step:
                return j
            continue
        gap = (oy - (y + h)) if step > 0 else (y - (oy + oh))
        overlap = min(x + w, ox + ow) - max(x, ox)
        if gap < -0.5 * max(h, oh) or overlap <= 0:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = j, gap
    return best


def _assign_title(lines, claimed, han_card, result, conf) -> None:
    scored = []
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        score = title_score(line.text)
        if score and company_score(line.text) < 1.0:
            prefer = 1.0 if (han_count(line.text) > 0) == han_card else 0.7
            scored.append((score * prefer, i))
    if scored:
        score, i = max(scored)
        result.title = lines[i].text.strip(" ,|")
        claimed.add(i)
        conf["title"] = lines[i].confidence * score


def _assign_company(lines, claimed, han_card, tallest, result, conf) -> None:
    scored = []
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        score = company_score(line.text)
        if score:
            prefer = 1.0 if (han_count(line.text) > 0) == han_card else 0.6
            scored.append((score * prefer + 0.1 * _relative_size(line, tallest), i))
    if scored:
        score, i = max(scored)
        result.company = _without_stray_letter(lines[i].text.strip(" ,|"))
        claimed.add(i)
        conf["company"] = lines[i].confidence * min(1.0, score)


def _assign_name(lines, claimed, han_card, tallest, result, conf) -> None:
    best: tuple[float, str, int] | None = None
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        size = _relative_size(line, tallest)
        if han_card:
            name, known = han_name(line.text)
            if name:
                score = size * (1.0 if known else 0.6)
                if best is None or score > best[0]:
                    best = (score, name, i)
                continue
        name = latin_name(line.text)
        if name and not title_score(line.text) and not company_score(line.text):
            score = size * (0.5 if han_card else 1.0)
            if best is None or score > best[0]:
                best = (score, name, i)
    if best is None and not han_card:
        best = _name_from_email(lines, claimed, tallest, result.emails)
    if best:
        score, name, i = best
        result.name = name
        claimed.add(i)
        conf["name"] = lines[i].confidence * min(1.0, 0.4 + 0.6 * score)


def _name_before_number(text: str) -> str | None:
    """ "Scott Bennett = y, 206.396.2870": a name run into the next column's phone, its label
    garbled; what comes before the number, less short scraps, may be the name."""
    match = re.search(r"[+(]?\d|\S+@", text)  # a phone number, or an email address
    if not match:
        return None
    words = text[: match.start()].split()
    while words and (len(words[-1].strip(",.:;|")) <= 2 or not re.search("[A-Za-z]", words[-1])):
        words.pop()
    return latin_name(" ".join(words)) if words else None


def _name_from_email(lines, claimed, tallest, emails) -> tuple[float, str, int] | None:
    """No line reads as a name: one whose first letter came out in lower case ("toger Ward")
    or that ran into a phone number is the name if an email address is made from it, and
    that address tells which letter it starts with."""
    locals_ = {e.partition("@")[0] for e in emails}
    if not locals_:
        return None
    best = None
    for i, line in enumerate(lines):
        text = line.text.strip()
        candidates = []
        if re.match(r"[a-z][a-z]+ [A-Z]", text) and i not in claimed:
            candidates = [letter + text[1:] for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        elif i in claimed and not re.match(r"\S*(?:@|www)", text, re.IGNORECASE):
            candidates = [text]
        names = [
            name
            for candidate in candidates
            if (name := _name_before_number(candidate) if i in claimed else latin_name(candidate))
            and not title_score(name)
            and not company_score(name)
            and _name_locals(name) & locals_
        ]
        if len(names) == 1:  # "ward@" fits any first letter and so tells none
            score = _relative_size(line, tallest)
            if best is None or score > best[0]:
                best = (score, names[0], i)
    return best


def _without_stray_letter(text: str) -> str:
    """ "t Davis PLC": a speck before a capitalised name read as a lone small letter."""
    return re.sub(r"^[a-z] (?=[A-Z])", "", text)


def company_after_domain(company: str, stem: str | None) -> str:
    """One letter of a company name misread ("Reid-Iurner") where the domain named after it
    ("reidturner.net") was read right: letters only, same length, one letter apart. The
    caller asks only when the domain was read with more confidence than the company."""
    if not stem or han_count(company):
        return company
    letters = [(i, ch) for i, ch in enumerate(company) if ch.isalpha()]
    slug = "".join(ch.lower() for _, ch in letters)
    if len(slug) != len(stem) or not stem.isalpha():
        return company
    slips = [k for k, (a, b) in enumerate(zip(slug, stem, strict=True)) if a != b]
    if len(slips) != 1 or len(slug) < 5:
        return company
    i, ch = letters[slips[0]]
    new = stem[slips[0]].upper() if ch.isupper() else stem[slips[0]]
    return company[:i] + new + company[i + 1 :]


def _company_fallback(lines, claimed, tallest, result, conf) -> None:
    """No legal suffix ("Contoso"): the line that matches the email domain or is named like a
    firm, else the largest unexplained line, else the email domain itself."""
    stem = _domain_stem(result)
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        text = line.text
        letters = len(re.findall(r"[^\W\d_]", text))
        if i in claimed or letters < 3 or letters < 0.6 * len(text.replace(" ", "")):
            continue
        if re.fullmatch(r"[A-Z]{1,3}", text) or line.confidence < 0.5:  # logo initials, noise
            continue
        if len(text.split()) > 7 or title_score(text) or re.search(r"\d{3}", text):
            continue
        score = 0.4 * _relative_size(line, tallest) + 0.2 * line.confidence
        score += 0.3 if FIRM_NAME.match(text) else 0.0
        if stem:
            slug = re.sub(r"[^a-z0-9]", "", text.lower())
            similarity = fuzz.partial_ratio(stem, slug) / 100 if slug else 0.0
            score += 0.5 * similarity if similarity >= 0.8 else 0.0
        if best is None or score > best[0]:
            best = (score, i)
    if best:
        score, i = best
        result.company = _without_stray_letter(lines[i].text.strip(" ,|"))
        claimed.add(i)
        conf["company"] = lines[i].confidence * min(0.8, score)
    elif stem:
        result.company = stem.capitalize()
        conf["company"] = 0.3
