"""A second independent evaluation set for duplicate detection (issue 17), by another author.

Written from issue 17 alone, without reading the matcher or the first evaluation set, so that the
figures do not all rest on one person's assumptions. It models how a CRM fills up: reps type
contacts, customers enter their own, business cards are read by OCR, spreadsheets are imported.
People come from 15 countries (China and English-speaking ones most), each with their country's
names, phone numbering, address layout, company legal forms and mail providers. About 5 % of
people are captured more than once, each extra capture for one reason (`DUPLICATE_KINDS`); about
one person in seven is made together with a look-alike who is someone else (`NEGATIVE_KINDS`).

    python bench/indep_people2.py --seed 21 --people 6000 --show 3

`generate(seed, n)` gives the records (dicts with every key of `FIELDS`, "" when unknown) and the
true pairs (i, j), i < j: every pair of one person's records; `generate_labelled` adds the hard
negatives by kind; `generate_kinds` gives the true pairs by kind too ("two_later": two later
captures of one person, each differing from the first in its own way). `build` keeps who is
behind each record. The `frozen` split is for final figures only: do not look at its records.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, partial
from itertools import combinations

import phonenumbers
from faker import Faker
from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

SPLITS = {"tune": 21, "frozen": 22, **{f"tune{k}": 21 + k for k in range(2, 230)}}
FIELDS = ("name", "company", "title", "email", "phone", "mobile", "address", "website")

Pair = tuple[int, int]

# Why each extra capture of a person differs from the first, and how often (per extra capture).
# Weights are shares among the kinds a person can have (a Chinese homophone needs a Chinese name).
DUPLICATE_KINDS: dict[str, float] = {
    "typo": 14,  # re-typed by a rep with one or two slips, the first letter too
    "sparse": 11,  # a quick capture: the name and one or two other fields
    "self_entered": 10,  # the customer's own entry next to the rep's
    "ocr": 10,  # a business card read by OCR: 0/O, 1/l, rn/m and the like
    "work_vs_mobile": 9,  # the office line on one, the mobile on the other
    "job_change": 8,  # a new company, title and work email; the same mobile
    "case": 5,  # upper or lower case, as an import or a phone keyboard leaves it
    "nickname": 7,  # Bob/Robert, Peggy/Margaret
    "name_order": 5,  # family name first, "Smith, John"
    "english_name": 6,  # a Chinese professional's English name vs their Chinese name
    "script": 6,  # Chinese, Japanese or Korean script vs its romanisation
    "homophone": 4,  # 王伟/王玮: the same pinyin, another character
    "traditional": 3,  # simplified vs traditional characters
}
# For people whose names are in Chinese characters, the script a name is written in is what
# differs most often between two records: these weights replace the ones above for them.
HAN_KINDS = {"english_name": 22, "script": 14, "homophone": 12, "traditional": 10}
# Likewise a formal given name (Robert) and the short form (Bob) for those who have one.
SHORT_FORM_KINDS = {"nickname": 22}
# Two different people who look alike, and how often a look-alike couple is made.
NEGATIVE_KINDS: dict[str, float] = {
    "colleagues": 20,  # one switchboard, one office address, one website
    "spouses": 9,  # one home address and landline
    "parent_child": 9,  # one home address and landline, one family name
    "jr_sr": 7,  # father and son of one name at one address
    "twins": 5,  # one family name, birthday and home, alike given names
    "assistant": 8,  # an assistant who writes from the boss's mailbox
    "shared_mailbox": 9,  # two colleagues entered with info@ / sales@
    "same_name_colleagues": 8,  # two 王伟 on one switchboard
    "common_name_city": 12,  # two John Smiths in one city
    "namesake_abroad": 9,  # one name, different companies in different countries
}
DUPLICATED_SHARE = 0.055  # people captured more than once
EXTRA_CAPTURES = {1: 0.82, 2: 0.14, 3: 0.04}  # how many more times, when they are
LOOKALIKE_SHARE = 0.07  # chance that the next person starts a look-alike couple (2 people)


# --------------------------------------------------------------------------------------------
# Countries


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 region, as phonenumbers knows it
    locale: str  # Faker's
    weight: float  # share of people
    name: str  # in English, as appended to an address
    mobiles: tuple[str, ...]  # national significant numbers: X any digit, N 2-9
    landlines: tuple[str, ...]
    tld: str
    forms: tuple[tuple[str, ...], ...]  # legal forms, each with its written variants
    mail: tuple[str, ...]  # personal mail providers
    han: bool = False  # names written in Chinese characters


COUNTRIES = (
    Country(
        "CN",
        "zh_CN",
        0.33,
        "China",
        ("13XXXXXXXXX", "15NXXXXXXXX", "18XXXXXXXXX", "17NXXXXXXXX", "199XXXXXXXX", "166XXXXXXXX"),
        (),
        ".com.cn",
        (
            ("有限公司", "Co., Ltd.", "Co. Ltd", "CO.,LTD", "Company Limited"),
            ("股份有限公司", "Co., Ltd.", "Corporation Limited", "Corp., Ltd."),
        ),
        ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "hotmail.com", "foxmail.com"),
        han=True,
    ),
    Country(
        "US",
        "en_US",
        0.16,
        "USA",
        ("NXXNXXXXXX",),
        ("NXXNXXXXXX",),
        ".com",
        (
            ("Inc.", "Inc", "Incorporated"),
            ("LLC", "L.L.C."),
            ("Corp.", "Corporation"),
            ("Co.", "Company"),
        ),
        ("gmail.com", "yahoo.com", "hotmail.com", "aol.com", "outlook.com", "icloud.com"),
    ),
    Country(
        "GB",
        "en_GB",
        0.07,
        "United Kingdom",
        ("7NXXXXXXXX",),
        ("20NXXXXXXX", "161NXXXXXX", "121NXXXXXX", "113NXXXXXX"),
        ".co.uk",
        (("Ltd", "Ltd.", "Limited"), ("plc", "PLC"), ("LLP",)),
        ("gmail.com", "btinternet.com", "yahoo.co.uk", "hotmail.co.uk", "outlook.com"),
    ),
    Country(
        "TW",
        "zh_TW",
        0.04,
        "Taiwan",
        ("9XXXXXXXX",),
        ("2NXXXXXXX", "4NXXXXXXX"),
        ".com.tw",
        (("有限公司", "Co., Ltd.", "Co. Ltd"), ("股份有限公司", "Corp.", "Co., Ltd.")),
        ("gmail.com", "yahoo.com.tw", "hotmail.com", "msa.hinet.net"),
        han=True,
    ),
    Country(
        "DE",
        "de_DE",
        0.06,
        "Germany",
        ("15NXXXXXXXX", "16NXXXXXXX", "17NXXXXXXXX"),
        ("30NXXXXXXX", "89NXXXXXXX", "40NXXXXXXX", "69NXXXXXXX"),
        ".de",
        (("GmbH",), ("AG",), ("GmbH & Co. KG", "GmbH & Co KG"), ("e.K.",)),
        ("gmx.de", "web.de", "t-online.de", "gmail.com", "googlemail.com"),
    ),
    Country(
        "JP",
        "ja_JP",
        0.04,
        "Japan",
        ("90XXXXXXXX", "80XXXXXXXX", "70XXXXXXXX"),
        ("3NXXXXXXX", "6NXXXXXXX"),
        ".co.jp",
        (("株式会社", "Co., Ltd.", "K.K.", "Corporation"), ("有限会社", "Ltd.")),
        ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"),
    ),
    Country(
        "FR",
        "fr_FR",
        0.04,
        "France",
        ("6XXXXXXXX", "7NXXXXXXX"),
        ("1NXXXXXXX", "4NXXXXXXX"),
        ".fr",
        (("SA", "S.A."), ("SAS", "S.A.S."), ("SARL", "S.A.R.L.")),
        ("orange.fr", "free.fr", "laposte.net", "gmail.com", "wanadoo.fr"),
    ),
    Country(
        "AU",
        "en_AU",
        0.04,
        "Australia",
        ("4NXXXXXXX",),
        ("2NXXXXXXX", "3NXXXXXXX"),
        ".com.au",
        (("Pty Ltd", "Pty. Ltd.", "Pty Limited"), ("Ltd", "Limited")),
        ("gmail.com", "bigpond.com", "outlook.com", "yahoo.com.au"),
    ),
    Country(
        "CA",
        "en_CA",
        0.04,
        "Canada",
        ("NXXNXXXXXX",),
        ("NXXNXXXXXX",),
        ".ca",
        (("Inc.", "Inc"), ("Ltd.", "Limited"), ("Corp.", "Corporation")),
        ("gmail.com", "hotmail.com", "rogers.com", "shaw.ca", "outlook.com"),
    ),
    Country(
        "IN",
        "en_IN",
        0.04,
        "India",
        ("9NXXXXXXXX", "8NXXXXXXXX", "7NXXXXXXXX"),
        ("11NXXXXXXX", "22NXXXXXXX", "80NXXXXXXX"),
        ".co.in",
        (("Pvt. Ltd.", "Private Limited", "Pvt Ltd"), ("Ltd.", "Limited")),
        ("gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"),
    ),
    Country(
        "KR",
        "ko_KR",
        0.03,
        "South Korea",
        ("10NXXXXXXX",),
        ("2NXXXXXXX",),
        ".co.kr",
        (("Co., Ltd.", "Co. Ltd", "Corp."),),
        ("naver.com", "daum.net", "gmail.com"),
    ),
    Country(
        "ES",
        "es_ES",
        0.03,
        "Spain",
        ("6XXXXXXXX",),
        ("91NXXXXXX", "93NXXXXXX"),
        ".es",
        (("S.L.", "SL"), ("S.A.", "SA")),
        ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"),
    ),
    Country(
        "BR",
        "pt_BR",
        0.03,
        "Brazil",
        ("119NXXXXXXX", "219NXXXXXXX"),
        ("113NXXXXXX", "213NXXXXXX"),
        ".com.br",
        (("Ltda.", "Ltda", "Limitada"), ("S.A.", "S/A")),
        ("gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "yahoo.com.br"),
    ),
    Country(
        "IT",
        "it_IT",
        0.02,
        "Italy",
        ("3NXXXXXXXX",),
        ("02NXXXXXXX", "06NXXXXXXX"),
        ".it",
        (("S.r.l.", "Srl", "SRL"), ("S.p.A.", "SpA")),
        ("gmail.com", "libero.it", "alice.it", "virgilio.it"),
    ),
    Country(
        "NL",
        "nl_NL",
        0.03,
        "Netherlands",
        ("6NXXXXXXX",),
        ("20NXXXXXX", "10NXXXXXX"),
        ".nl",
        (("B.V.", "BV"), ("N.V.", "NV")),
        ("gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.com"),
    ),
)
BY_CODE = {c.code: c for c in COUNTRIES}
ENGLISH = ("US", "GB", "AU", "CA")  # where Jr./Sr. and nicknames are at home


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# China: city, province, area code, postcode prefix, districts (Chinese, English)
CN_CITIES = (
    (
        "上海",
        "Shanghai",
        "",
        "21",
        "200",
        (
            ("浦东新区", "Pudong New Area"),
            ("徐汇区", "Xuhui District"),
            ("静安区", "Jing'an District"),
            ("闵行区", "Minhang District"),
            ("长宁区", "Changning District"),
        ),
    ),
    (
        "北京",
        "Beijing",
        "",
        "10",
        "100",
        (
            ("朝阳区", "Chaoyang District"),
            ("海淀区", "Haidian District"),
            ("东城区", "Dongcheng District"),
            ("丰台区", "Fengtai District"),
        ),
    ),
    (
        "深圳",
        "Shenzhen",
        "广东省",
        "755",
        "518",
        (
            ("南山区", "Nanshan District"),
            ("福田区", "Futian District"),
            ("宝安区", "Bao'an District"),
            ("龙岗区", "Longgang District"),
        ),
    ),
    (
        "广州",
        "Guangzhou",
        "广东省",
        "20",
        "510",
        (
            ("天河区", "Tianhe District"),
            ("越秀区", "Yuexiu District"),
            ("海珠区", "Haizhu District"),
        ),
    ),
    (
        "杭州",
        "Hangzhou",
        "浙江省",
        "571",
        "310",
        (
            ("西湖区", "Xihu District"),
            ("滨江区", "Binjiang District"),
            ("余杭区", "Yuhang District"),
        ),
    ),
    (
        "成都",
        "Chengdu",
        "四川省",
        "28",
        "610",
        (
            ("武侯区", "Wuhou District"),
            ("锦江区", "Jinjiang District"),
            ("高新区", "High-tech Zone"),
        ),
    ),
    (
        "苏州",
        "Suzhou",
        "江苏省",
        "512",
        "215",
        (
            ("工业园区", "Industrial Park"),
            ("姑苏区", "Gusu District"),
            ("吴中区", "Wuzhong District"),
        ),
    ),
    (
        "南京",
        "Nanjing",
        "江苏省",
        "25",
        "210",
        (
            ("鼓楼区", "Gulou District"),
            ("玄武区", "Xuanwu District"),
            ("建邺区", "Jianye District"),
        ),
    ),
    (
        "武汉",
        "Wuhan",
        "湖北省",
        "27",
        "430",
        (
            ("江汉区", "Jianghan District"),
            ("武昌区", "Wuchang District"),
            ("洪山区", "Hongshan District"),
        ),
    ),
    (
        "厦门",
        "Xiamen",
        "福建省",
        "592",
        "361",
        (("思明区", "Siming District"), ("湖里区", "Huli District")),
    ),
    (
        "天津",
        "Tianjin",
        "",
        "22",
        "300",
        (("和平区", "Heping District"), ("河西区", "Hexi District")),
    ),
)
CN_CITY_WEIGHTS = (18, 16, 14, 10, 9, 7, 6, 6, 5, 4, 5)
CN_ROADS = _words(
    "中山 人民 解放 建设 延安 长江 黄河 科技 创业 文化 世纪 东方 "
    "新华 淮海 滨江 金融 学院 光明 和平 高新 软件 望京 复兴 南京"
)
CN_ROAD_KINDS = (("路", "Road", "Rd."), ("大道", "Avenue", "Ave."), ("街", "Street", "St."))
CN_BUILDING_WORDS = _words(
    "金茂 汇丰 华润 恒隆 嘉里 国贸 环球 时代 万达 银泰 星光 新世界 中信 绿地 保利 招商"
)
CN_BUILDING_KINDS = (
    ("大厦", "Building", "Tower"),
    ("中心", "Center", "Centre"),
    ("广场", "Plaza", "Plaza"),
    ("科技园", "Science Park", "Tech Park"),
)
CN_ESTATES = (
    ("花园", "Garden"),
    ("小区", "Residential Community"),
    ("公寓", "Apartments"),
    ("新村", "New Village"),
)
CN_INDUSTRIES = (
    ("科技", "Technology", "Tech"),
    ("信息技术", "Information Technology", "IT"),
    ("网络科技", "Network Technology", "Network"),
    ("贸易", "Trading", "Trading"),
    ("电子", "Electronics", "Electronics"),
    ("实业", "Industrial", "Industrial"),
    ("医药", "Pharmaceutical", "Pharma"),
    ("物流", "Logistics", "Logistics"),
    ("咨询", "Consulting", "Consulting"),
    ("机械设备", "Machinery", "Machinery"),
    ("食品", "Foods", "Foods"),
    ("建筑工程", "Construction Engineering", "Construction"),
    ("文化传媒", "Culture & Media", "Media"),
    ("新能源", "New Energy", "Energy"),
)
CN_BRAND_CHARS = "华鸿瑞泰恒盛达信通科创智汇联新源宏博金嘉宇天海森凯隆辉安佳明德力维尚远"

# Legal forms at the end of the firm names Faker makes, stripped to find the brand.
LEGAL_FORM_AT_END = re.compile(
    r"[ ,]+(Inc|LLC|Ltd|PLC|plc|Corp|Co|Group|GmbH|AG|KG|KGaA|OHG|mbH|e\.K|e\.V|GbR|Stiftung|& Co|"
    r"S\.?A|S\.?L|S\.?L\.?L|S\.?L\.?N\.?E|S\.?Coop|SARL|S\.?A\.?R\.?L|SAS|S\.?A\.?S|S\.?Com|S/A|SPA|"
    r"S\.?p\.?A|S\.?r\.?l|s\.?r\.?l|e figli|Ltda|EI|ME|EIRELI|B\.?V|N\.?V|Pty|Pvt)\.?$"
)
JP_INDUSTRIES = (("保険", "Insurance"), ("電気", "Electric"), ("運輸", "Transport"),
                 ("建設", "Construction"), ("通信", "Communications"), ("水産", "Marine Products"),
                 ("食品", "Foods"), ("印刷", "Printing"), ("製作所", "Works"), ("商事", "Trading"),
                 ("工業", "Industries"))  # fmt: skip
KR_BRANDS = (("한빛", "Hanbit"), ("미래", "Mirae"), ("대성", "Daesung"), ("삼한", "Samhan"),
             ("동양", "Dongyang"), ("신성", "Shinsung"), ("태양", "Taeyang"), ("세진", "Sejin"),
             ("현대", "Hyundae"), ("우리", "Woori"))  # fmt: skip
KR_INDUSTRIES = (("상사", "Trading"), ("전자", "Electronics"), ("건설", "Construction"),
                 ("물산", "Corporation"), ("테크", "Tech"), ("시스템", "Systems"))  # fmt: skip

# Titles: English, and what Chinese, German, French and Japanese cards print.
TITLES = (
    "Sales Manager",
    "Purchasing Manager",
    "General Manager",
    "CEO",
    "CTO",
    "CFO",
    "Founder",
    "Managing Director",
    "Director of Operations",
    "VP Sales",
    "Account Executive",
    "Marketing Manager",
    "HR Manager",
    "Project Manager",
    "Procurement Specialist",
    "Software Engineer",
    "Business Development Manager",
    "Office Manager",
    "Buyer",
    "Head of IT",
    "Senior Consultant",
    "Regional Sales Director",
    "Product Manager",
)
TITLES_NATIVE = {
    "CN": (
        "销售经理",
        "采购经理",
        "总经理",
        "副总经理",
        "技术总监",
        "市场部经理",
        "董事长",
        "工程师",
        "项目经理",
        "商务经理",
        "人事主管",
        "财务总监",
        "区域销售总监",
        "产品经理",
    ),
    "TW": (
        "業務經理",
        "採購經理",
        "總經理",
        "副總經理",
        "技術總監",
        "行銷經理",
        "董事長",
        "工程師",
        "專案經理",
    ),
    "DE": (
        "Geschäftsführer",
        "Vertriebsleiter",
        "Einkaufsleiter",
        "Projektleiter",
        "Leiterin Marketing",
    ),
    "FR": ("Directeur commercial", "Responsable achats", "Chef de projet", "Directrice générale"),
    "JP": ("営業部長", "代表取締役", "課長", "購買部 主任", "取締役"),
    "KR": ("영업부장", "대표이사", "과장", "팀장"),
    "ES": ("Director comercial", "Jefe de compras", "Gerente"),
    "IT": ("Direttore commerciale", "Responsabile acquisti", "Amministratore delegato"),
    "BR": ("Gerente comercial", "Diretor", "Comprador"),
    "NL": ("Directeur", "Inkoper", "Accountmanager"),
}
ASSISTANT_TITLES = (
    "Executive Assistant",
    "Personal Assistant to the CEO",
    "Office Assistant",
    "EA to Managing Director",
)
ASSISTANT_TITLES_CN = ("总经理助理", "董事长秘书", "行政助理")

# English names Chinese professionals choose, and common Korean given names.
ENGLISH_NAMES_ZH = (
    "Kevin",
    "Jason",
    "Eric",
    "Tony",
    "Jack",
    "Leo",
    "Peter",
    "David",
    "Michael",
    "Frank",
    "Alex",
    "Steven",
    "Vincent",
    "Jerry",
    "Andy",
    "Sam",
    "Ben",
    "Allen",
    "Ray",
    "Sunny",
    "Vivian",
    "Cherry",
    "Amy",
    "Grace",
    "Helen",
    "Linda",
    "Lily",
    "Coco",
    "Nancy",
    "Cindy",
    "Wendy",
    "Irene",
    "Emma",
    "Joyce",
    "Jessie",
    "Echo",
    "Crystal",
    "Tina",
    "Ivy",
    "Bella",
    "Annie",
    "Judy",
    "Sophia",
    "William",
    "Robert",
    "Richard",
    "Elizabeth",
    "Catherine",
    "Daniel",
    "Edward",
)
KR_SURNAMES = (
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("오", "Oh"),
    ("신", "Shin"),
    ("권", "Kwon"),
    ("황", "Hwang"),
    ("송", "Song"),
)
KR_GIVEN = (
    ("민준", "Min-jun"),
    ("서연", "Seo-yeon"),
    ("지훈", "Ji-hoon"),
    ("지우", "Ji-woo"),
    ("현우", "Hyun-woo"),
    ("수진", "Soo-jin"),
    ("영호", "Young-ho"),
    ("은지", "Eun-ji"),
    ("동현", "Dong-hyun"),
    ("혜진", "Hye-jin"),
    ("성민", "Sung-min"),
    ("재원", "Jae-won"),
    ("하은", "Ha-eun"),
    ("준영", "Jun-young"),
    ("미경", "Mi-kyung"),
    ("상우", "Sang-woo"),
)

# The formal given name and the short forms people go by (my own list, not a package's).
NICKNAMES = {
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Margaret": ("Peggy", "Maggie", "Meg", "Marge"),
    "Elizabeth": ("Liz", "Beth", "Betty", "Eliza"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Richard": ("Dick", "Rick", "Rich"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Catherine": ("Cathy", "Kate", "Cat"),
    "Michael": ("Mike", "Mikey", "Mick"),
    "Christopher": ("Chris", "Kit"),
    "Anthony": ("Tony",),
    "Edward": ("Ed", "Ted", "Eddie", "Ned"),
    "Charles": ("Charlie", "Chuck"),
    "Thomas": ("Tom", "Tommy"),
    "Joseph": ("Joe", "Joey"),
    "Daniel": ("Dan", "Danny"),
    "Jennifer": ("Jen", "Jenny"),
    "Patricia": ("Pat", "Patty", "Trish"),
    "Susan": ("Sue", "Suzy"),
    "Deborah": ("Deb", "Debbie"),
    "Rebecca": ("Becky", "Becca"),
    "Alexander": ("Alex", "Sandy"),
    "Andrew": ("Andy", "Drew"),
    "Matthew": ("Matt",),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon",),
    "Benjamin": ("Ben", "Benny"),
    "Samuel": ("Sam", "Sammy"),
    "Victoria": ("Vicky", "Tori"),
    "Jessica": ("Jess", "Jessie"),
    "Abigail": ("Abby",),
    "Theodore": ("Ted", "Theo"),
    "Henry": ("Harry", "Hank"),
    "Frederick": ("Fred", "Freddie"),
    "Lawrence": ("Larry",),
    "Gregory": ("Greg",),
    "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"),
    "Donald": ("Don", "Donnie"),
    "Timothy": ("Tim", "Timmy"),
    "Steven": ("Steve",),
    "Stephen": ("Steve",),
    "Jacqueline": ("Jackie",),
    "Mary": ("Polly", "Molly", "Mae"),
    "Sarah": ("Sally", "Sadie"),
    "John": ("Jack", "Johnny"),
    "Harold": ("Harry", "Hal"),
    "Eleanor": ("Ellie", "Nell", "Nora"),
    "Dorothy": ("Dot", "Dottie"),
    "Frances": ("Fran", "Frankie"),
    "Francis": ("Frank",),
    "Gerald": ("Jerry", "Gerry"),
    "Leonard": ("Len", "Leo"),
    "Douglas": ("Doug",),
    "Raymond": ("Ray",),
    "Walter": ("Walt",),
    "Peter": ("Pete",),
    "Philip": ("Phil",),
    "Zachary": ("Zach", "Zack"),
    "Joshua": ("Josh",),
    "Pamela": ("Pam",),
    "Barbara": ("Barb", "Babs"),
    "Cynthia": ("Cindy",),
    "Judith": ("Judy",),
    "Sandra": ("Sandy",),
    "Kimberly": ("Kim",),
    "Christine": ("Chris", "Chrissy"),
    "Anne": ("Annie",),
    "Helen": ("Nell",),
    "Allison": ("Ally",),
    "Samantha": ("Sam",),
    "Nathaniel": ("Nate", "Nat"),
    "Vincent": ("Vince", "Vinny"),
    "Terence": ("Terry",),
    "Albert": ("Al", "Bert"),
    "Eugene": ("Gene",),
    "Clifford": ("Cliff",),
    "Wolfgang": ("Wolf",),
    "Johannes": ("Hannes",),
    "Alejandro": ("Alex",),
    "Francesco": ("Franco",),
    "Giuseppe": ("Beppe", "Peppe"),
    "Guillaume": ("Guy",),
}
COMMON_NAMES = {  # names so frequent that two bearers in one city are ordinary, in their order
    "US": (
        ("John", "Smith"),
        ("James", "Johnson"),
        ("Michael", "Brown"),
        ("David", "Jones"),
        ("Robert", "Williams"),
        ("Mary", "Smith"),
        ("Jennifer", "Miller"),
        ("Chris", "Davis"),
    ),
    "GB": (
        ("David", "Jones"),
        ("John", "Smith"),
        ("Sarah", "Williams"),
        ("James", "Taylor"),
        ("Paul", "Brown"),
        ("Emma", "Wilson"),
    ),
    "CN": (
        ("王", "伟"),
        ("李", "娜"),
        ("张", "伟"),
        ("刘", "洋"),
        ("王", "静"),
        ("李", "强"),
        ("张", "敏"),
        ("王", "磊"),
        ("李", "军"),
        ("刘", "伟"),
        ("陈", "杰"),
        ("王", "芳"),
    ),
}
TW_SURNAMES = {
    "陳": "Chen",
    "林": "Lin",
    "黃": "Huang",
    "張": "Chang",
    "李": "Lee",
    "王": "Wang",
    "吳": "Wu",
    "劉": "Liu",
    "蔡": "Tsai",
    "楊": "Yang",
    "許": "Hsu",
    "鄭": "Cheng",
    "謝": "Hsieh",
    "郭": "Kuo",
    "洪": "Hung",
    "曾": "Tseng",
    "邱": "Chiu",
    "廖": "Liao",
    "賴": "Lai",
    "周": "Chou",
    "徐": "Hsu",
    "蘇": "Su",
    "葉": "Yeh",
    "莊": "Chuang",
    "呂": "Lu",
    "江": "Chiang",
    "何": "Ho",
    "蕭": "Hsiao",
    "羅": "Lo",
    "高": "Kao",
}
CN_SURNAME_READINGS = {
    "单": "Shan",
    "曾": "Zeng",
    "仇": "Qiu",
    "解": "Xie",
    "查": "Zha",
    "区": "Ou",
    "朴": "Piao",
    "翟": "Zhai",
    "乐": "Yue",
    "盖": "Ge",
    "覃": "Qin",
    "缪": "Miao",
    "尉迟": "Yuchi",
    "长孙": "Zhangsun",
    "黑": "He",
    "万俟": "Moqi",
}

# Simplified and traditional forms of characters common in names, firms and addresses.
_ST_PAIRS = (
    "陈陳刘劉张張杨楊黄黃赵趙吴吳孙孫马馬郑鄭冯馮韩韓萧蕭邓鄧许許叶葉罗羅苏蘇卢盧钱錢蒋蔣谢謝邹鄒严嚴汤湯"
    "陆陸贾賈钟鍾龚龔阎閻顾顧吕呂庄莊齐齊贺賀龙龍杰傑伟偉华華国國军軍红紅丽麗强強凤鳳东東兰蘭辉輝刚剛"
    "涛濤鹏鵬飞飛晓曉云雲宁寧庆慶广廣门門区區号號楼樓层層厦廈县縣镇鎮园園业業发發网網络絡电電气氣贸貿实實"
    "团團务務询詢设設计計储儲运運输輸银銀医醫药藥学學术術语語车車机機软軟营營销銷总總经經监監长長师師财財"
    "会會贵貴静靜艳艷凯凱轩軒阳陽颖穎帅帥荣榮岚嵐丰豐兴興达達进進远遠义義礼禮贤賢宝寶权權环環玮瑋炜煒顺順"
    "彦彥诗詩梦夢晖暉坚堅钢鋼铭銘锋鋒锦錦铁鐵键鍵亚亞汉漢爱愛纪紀纯純绍紹维維继繼莲蓮颜顏桥橋栋棟书書乐樂"
    "厂廠产產开開关關际際创創动動讯訊视視传傳场場购購资資质質优優鸿鴻时時间間万萬丝絲买買卖賣贝貝货貨费費"
    "轮輪边邊过過还還这這连連选選邮郵闻聞队隊险險难難项項风風馆館骏駿鱼魚鸟鳥鸣鳴麦麥卫衛厅廳历歷压壓双雙"
    "变變员員围圍图圖圆圓块塊声聲处處备備复復头頭奋奮妇婦娱娛宽寬对對导導岁歲岛島币幣带帶帮幫应應库庫张張"
    "弹彈归歸录錄忆憶态態恒恆惊驚战戰户戶扩擴报報护護拥擁换換损損据據挥揮数數断斷无無旧舊显顯晋晉杂雜条條"
    "来來极極构構标標树樹样樣检檢欢歡欧歐毕畢汇匯沟溝沪滬泽澤洁潔测測济濟润潤渔漁温溫湾灣满滿滨濱灵靈灯燈"
    "点點热熱狮獅独獨玛瑪现現琼瓊画畫畅暢盘盤矿礦码碼硕碩确確祯禎积積称稱税稅稳穩竞競笔筆筑築签簽简簡类類"
    "紧緊约約级級纳納纸紙线線练練组組细細织織终終结結给給统統绿綠综綜习習联聯聪聰胜勝脑腦艺藝节節苹蘋莱萊"
    "获獲蓝藍装裝见見观觀规規览覽订訂认認让讓训訓记記讲講论論访訪证證评評识識译譯试試诚誠话話详詳说說请請"
    "读讀课課调調谈談谭譚贞貞责責败敗赛賽跃躍迁遷违違递遞邻鄰释釋铜銅链鏈锁鎖镜鏡闪閃问問闵閔阁閣阔闊阶階"
    "隐隱雾霧韦韋页頁顶頂预預领領频頻题題饮飲驰馳验驗骆駱鲁魯鲍鮑鸡雞鹤鶴娅婭飒颯迈邁涌湧滢瀅莹瑩"
)
TO_TRADITIONAL = {_ST_PAIRS[i]: _ST_PAIRS[i + 1] for i in range(0, len(_ST_PAIRS), 2)}
TO_SIMPLIFIED = {t: s for s, t in reversed(TO_TRADITIONAL.items())}

# What OCR confuses: Latin look-alikes both ways, and Chinese characters that differ by a stroke.
OCR_LATIN = (
    ("0", "O"),
    ("O", "0"),
    ("o", "0"),
    ("1", "l"),
    ("l", "1"),
    ("I", "l"),
    ("l", "I"),
    ("rn", "m"),
    ("m", "rn"),
    ("5", "S"),
    ("S", "5"),
    ("8", "B"),
    ("B", "8"),
    ("cl", "d"),
    ("2", "Z"),
    ("e", "c"),
    ("h", "b"),
    ("g", "q"),
    ("vv", "w"),
    ("ri", "n"),
    ("6", "b"),
    (".com", ".corn"),
    ("@", "@@"),
    (".", ","),
    ("i", "j"),
)
OCR_HAN = dict(
    zip(
        "己已未末王玉大太人入日曰土士天夭刀力千干问间晴睛辨辩宏宠明朋",
        "已己末未玉王太大入人曰日士土夭天力刀干千间问睛晴辩辨宠宏朋明",
        strict=True,
    )
)
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@cache
def _neighbours() -> dict[str, str]:
    """Keys next to each letter on a QWERTY keyboard: what a slip of the finger types."""
    out: dict[str, str] = {}
    for r, row in enumerate(KEYBOARD):
        for c, ch in enumerate(row):
            near = [row[c + d] for d in (-1, 1) if 0 <= c + d < len(row)]
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(KEYBOARD):
                    near += [
                        KEYBOARD[rr][x] for x in (c - 1, c, c + 1) if 0 <= x < len(KEYBOARD[rr])
                    ]
            out[ch] = "".join(near)
    return out


@cache
def _sorted_cities(locale: str) -> tuple[str, ...]:
    from importlib import import_module

    return tuple(sorted(import_module(f"faker.providers.address.{locale}").Provider.cities))


@cache
def _cn_given_chars() -> tuple[str, ...]:
    from faker.providers.person.zh_CN import Provider

    return tuple(sorted({g for g in Provider.first_names if len(g) == 1}))


@cache
def _homophones() -> dict[str, tuple[str, ...]]:
    """Name characters by their reading with tone: what a pinyin IME offers for one syllable."""
    from faker.providers.person.zh_CN import Provider

    pool = sorted(
        {ch for name in (*Provider.first_names, *Provider.last_names) for ch in name}
        | set(
            "伟玮炜卫维薇巍静晶婧敬娜纳琳林霖磊蕾雷洋阳杨扬军君均俊峻骏杰洁婕捷敏民明铭鸣芳方"
            "放强墙蔷丽莉力立利涛韬陶桃勇永咏颖英瑛鹰斌彬滨宾兵冰华桦骅辉晖慧惠蕙"
        )
    )
    by_reading: dict[str, list[str]] = {}
    for ch in pool:
        if ord(ch) in pinyin_dict:
            by_reading.setdefault(lazy_pinyin(ch, style=Style.TONE3)[0], []).append(ch)
    return {
        ch: tuple(c for c in by_reading[r] if c != ch)
        for r, chars in by_reading.items()
        for ch in chars
        if len(chars) > 1
    }


# --------------------------------------------------------------------------------------------
# The world: companies, addresses and people


@dataclass
class Address:
    country: Country
    lines: tuple[str, ...]  # as written in the country, street first
    city: str
    latin: tuple[str, ...] = ()  # a romanised form (China)


@dataclass
class Company:
    country: Country
    legal: str  # the registered name
    brand: str  # what people call it
    latin: str = ""  # a Chinese firm's English name
    latin_brand: str = ""
    domain: str = ""
    switchboard: str = ""  # E.164
    office: Address | None = None
    mail_style: str = "first.last"
    mailboxes: set[str] = field(default_factory=set)


@dataclass
class Job:
    company: Company
    title: str
    email: str
    line: str  # E.164: a direct line, or the switchboard
    ext: str = ""


@dataclass
class Person:
    pid: int
    country: Country
    family: str  # as written at home (characters for China, Japan, Korea)
    given: str
    family_latin: str
    given_latin: str
    english: str = ""  # the English given name a Chinese professional uses
    nick: str = ""  # the short form they go by, if any
    middle: str = ""
    suffix: str = ""  # Jr. / Sr.
    mobile: str = ""
    personal_email: str = ""
    home: Address | None = None
    home_phone: str = ""
    at_home: bool = False  # captured with the home address and landline (a family business)
    jobs: list[Job] = field(default_factory=list)


def _slug(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def _pinyin(text: str, surname: bool = False) -> str:
    if surname and text in CN_SURNAME_READINGS:
        return CN_SURNAME_READINGS[text]
    return "".join(lazy_pinyin(text)).capitalize()


WG_INITIALS = {"zh": "ch", "ch": "ch", "sh": "sh", "z": "ts", "c": "ts", "s": "s", "q": "ch",
               "x": "hs", "j": "ch", "r": "j", "b": "p", "p": "p", "d": "t", "t": "t", "g": "k",
               "k": "k"}  # fmt: skip
WG_FINALS = (("ong$", "ung"), ("ian$", "ien"), ("ie$", "ieh"), ("ue$", "ueh"), ("^yi$", "i"),
             ("^you$", "yu"), ("^ye$", "yeh"), ("ui$", "uei"), ("v", "u"))  # fmt: skip


def _wade_giles(text: str) -> str:
    """Taiwan's passports romanise given names in Wade-Giles, hyphenated: 志豪 -> Chih-hao."""
    out = []
    for syl in lazy_pinyin(text, style=Style.NORMAL):
        initial = re.match(r"(zh|ch|sh|[zcsqxjrbpdtgk])?", syl).group(0)  # type: ignore[union-attr]
        final = syl[len(initial) :]
        if final == "i" and initial in ("zh", "ch", "sh", "r"):
            final = "ih"
        elif final == "i" and initial in ("z", "c", "s"):
            initial, final = ("tz" if initial != "s" else "ss"), "u"
        elif final == "e" and initial in ("g", "k", "h", ""):
            final = "o" if initial else "e"
        initial = WG_INITIALS.get(initial, initial)
        if not initial.endswith(("ts", "tz")) or final != "u":
            for pat, new in WG_FINALS:
                final = re.sub(pat, new, final)
        out.append(initial + final)
    return "-".join(out).capitalize()


class World:
    """Everything that is true of the people; records are later views of it."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        self.companies: dict[str, list[Company]] = {c.code: [] for c in COUNTRIES}
        self.used_numbers: set[str] = set()
        self.seed = seed

    def fake(self, country: Country) -> Faker:
        if country.locale not in self.fakers:
            f = Faker(country.locale)
            f.seed_instance(self.seed * 1000 + COUNTRIES.index(country))
            self.fakers[country.locale] = f
        return self.fakers[country.locale]

    def country(self, exclude: str = "") -> Country:
        options = [c for c in COUNTRIES if c.code != exclude]
        return self.rng.choices(options, [c.weight for c in options])[0]

    # Phones ---------------------------------------------------------------------------------

    def number(self, country: Country, patterns: tuple[str, ...]) -> str:
        """A valid, unused number (E.164) from one of the country's numbering patterns."""
        rng = self.rng
        for _ in range(200):
            nsn = "".join(
                rng.choice("23456789")
                if ch == "N"
                else rng.choice("0123456789")
                if ch == "X"
                else ch
                for ch in rng.choice(patterns)
            )
            if country.code in ("US", "CA"):
                nsn = (
                    rng.choice(
                        (
                            "212",
                            "415",
                            "646",
                            "312",
                            "617",
                            "206",
                            "512",
                            "303",
                            "404",
                            "713",
                            "305",
                            "702",
                        )
                        if country.code == "US"
                        else ("416", "604", "514", "403", "613", "905")
                    )
                    + nsn[3:]
                )
            if country.code == "IT" and nsn.startswith("0"):
                parsed = phonenumbers.parse("+39" + nsn)
            else:
                parsed = phonenumbers.parse(
                    f"+{phonenumbers.country_code_for_region(country.code)}{nsn}"
                )
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(parsed) and e164 not in self.used_numbers:
                self.used_numbers.add(e164)
                return e164
        raise RuntimeError(f"no valid number for {country.code}")

    def mobile(self, country: Country) -> str:
        return self.number(country, country.mobiles)

    def landline(self, country: Country, city_code: str = "") -> str:
        if country.code == "CN":
            code = city_code or self.cn_city()[3]
            return self.number(country, (code + "N" + "X" * (6 if code == "592" else 7),))
        return self.number(country, country.landlines)

    # Addresses ------------------------------------------------------------------------------

    def cn_city(self) -> tuple[str, str, str, str, str, tuple[tuple[str, str], ...]]:
        return self.rng.choices(CN_CITIES, CN_CITY_WEIGHTS)[0]

    def address(self, country: Country, home: bool, city: str = "") -> Address:
        rng, f = self.rng, self.fake(country)
        if country.code == "CN":
            cn = next((c for c in CN_CITIES if c[0] == city), None) or self.cn_city()
            town, town_en, prov, _, post, districts = cn
            dist, dist_en = rng.choice(districts)
            road = rng.choice(CN_ROADS)
            kind, kind_en, _ = rng.choice(CN_ROAD_KINDS)
            num = rng.randint(1, 1888)
            postcode = post + f"{rng.randint(0, 999):03d}"
            top = f"{prov}{town}市{dist}"
            top_en = f"{dist_en}, {town_en} {postcode}"
            street, street_en = f"{road}{kind}{num}号", f"No. {num} {_pinyin(road)} {kind_en}"
            if home:
                est, est_en = rng.choice(CN_ESTATES)
                name = "".join(rng.sample(CN_BRAND_CHARS, 2))
                blk, unit, room = (
                    rng.randint(1, 30),
                    rng.randint(1, 4),
                    rng.randint(1, 30) * 100 + rng.randint(1, 4),
                )
                inner = f"{name}{est}{blk}栋{unit}单元{room}室"
                inner_en = f"Room {room}, Unit {unit}, Block {blk}, {_pinyin(name)} {est_en}"
            else:
                word = rng.choice(CN_BUILDING_WORDS)
                b, b_en, b_alt = rng.choice(CN_BUILDING_KINDS)
                floor = rng.randint(2, 45)
                room = floor * 100 + rng.randint(1, 20)
                inner = f"{word}{b}{floor}层{room}室"
                inner_en = f"Room {room}, {floor}/F, {_pinyin(word)} {rng.choice((b_en, b_alt))}"
            return Address(country, (top, street, inner), town, (inner_en, street_en, top_en))
        if country.code in ("TW", "JP", "KR"):
            text = f.address()
            return Address(country, (text,), city or text[:3])
        if country.code == "IT" and not city:  # Faker lists Italy's cities in set order
            city = rng.choice(_sorted_cities("it_IT"))
        city = city or f.city()
        street = f.street_address()
        post = f.postcode()
        code = country.code
        if code in ("US", "CA"):
            region = f.state_abbr() if code == "US" else f.province_abbr()
            last = f"{city}, {region} {post}"
        elif code == "AU":
            last = f"{city} {f.state_abbr()} {post}"
        elif code == "GB":
            return Address(country, (street, city, post), city)
        elif code == "IT":
            last = f"{post} {city} ({f.state_abbr()})"
        elif code == "BR":
            last = f"{post} {city} - {f.estado_sigla()}"
        elif code == "IN":
            last = f"{city} {post}"
        else:
            last = f"{post} {city}"
        if not home and rng.random() < 0.3 and code in ENGLISH:
            street += rng.choice((", Suite ", ", Floor ", ", Unit ")) + str(
                rng.randint(2, 40) * (10 if rng.random() < 0.5 else 1)
            )
        return Address(country, (street, last), city)

    # Companies ------------------------------------------------------------------------------

    def company(self, country: Country, fresh: bool = False) -> Company:
        """An existing firm (people cluster: big firms get more contacts) or a new one."""
        pool = self.companies[country.code]
        if pool and not fresh and self.rng.random() < 0.55:
            weights = [1 + len(c.mailboxes) ** 1.1 for c in pool]
            return self.rng.choices(pool, weights)[0]
        comp = self.new_company(country)
        pool.append(comp)
        return comp

    def new_company(self, country: Country) -> Company:
        rng, f = self.rng, self.fake(country)
        form = rng.choice(country.forms)
        if country.code == "CN":
            town, town_en, *_ = self.cn_city()
            brand = "".join(rng.sample(CN_BRAND_CHARS, rng.choice((2, 2, 3))))
            ind, ind_en, ind_short = rng.choice(CN_INDUSTRIES)
            brand_py = "".join(lazy_pinyin(brand)).capitalize()
            legal = (
                f"{town}{brand}{ind}{form[0]}" if rng.random() < 0.8 else f"{brand}{ind}{form[0]}"
            )
            latin = f"{town_en} {brand_py} {ind_en} {form[1]}"
            slug = (
                _slug(brand_py) if rng.random() < 0.6 else "".join(s[0] for s in lazy_pinyin(brand))
            )
            slug += rng.choice(("", "", "-" + _slug(ind_short), "tech", "group"))
            comp = Company(
                country,
                legal,
                brand,
                latin,
                f"{brand_py} {ind_short}",
                slug + rng.choice((".com", ".com.cn", ".cn")),
            )
            comp.office = self.address(country, home=False, city=town)
            comp.switchboard = self.landline(country, next(c[3] for c in CN_CITIES if c[0] == town))
        else:
            raw = f.company()
            if country.code == "TW":
                brand = re.sub(r"(股份)?有限公司$", "", raw)
                legal = brand + form[0]
                # the name's last two characters: the first two are often a place (台灣, 台北)
                latin_brand = "".join(lazy_pinyin(brand[-2:])).capitalize()
                comp = Company(
                    country,
                    legal,
                    brand,
                    f"{latin_brand} {form[1]}",
                    latin_brand,
                    _slug(latin_brand) + country.tld,
                )
            elif country.code in ("JP", "KR"):
                if country.code == "JP":
                    kanji, _, roman = f.last_name_pair()
                else:
                    kanji, roman = rng.choice(KR_BRANDS)
                ind, ind_en = rng.choice(JP_INDUSTRIES if country.code == "JP" else KR_INDUSTRIES)
                brand, latin_brand = kanji + ind, f"{roman} {ind_en}"
                if country.code == "JP":
                    legal = f"{form[0]}{brand}" if rng.random() < 0.7 else f"{brand}{form[0]}"
                else:
                    legal = rng.choice(("(주)", "주식회사 ")) + brand
                comp = Company(
                    country,
                    legal,
                    brand,
                    f"{latin_brand} {form[1]}",
                    latin_brand,
                    _slug(roman) + rng.choice(("", "-" + _slug(ind_en))) + country.tld,
                )
            else:
                brand = raw
                while (shorter := LEGAL_FORM_AT_END.sub("", brand).strip(" ,-")) != brand:
                    brand = shorter
                brand = brand or raw
                legal = f"{brand} {form[0]}" if not brand.endswith(form[0]) else brand
                if country.code in ("US", "CA", "AU") and rng.random() < 0.3:
                    legal = f"{brand}, {form[0]}"
                comp = Company(
                    country,
                    legal,
                    brand,
                    domain=_slug(brand.split(",")[0].split(" and ")[0])[:20]
                    + rng.choice((country.tld, ".com", country.tld)),
                )
            comp.office = self.address(country, home=False)
            comp.switchboard = self.landline(country)
        comp.mail_style = rng.choices(
            (
                "first.last",
                "flast",
                "first",
                "firstl",
                "first_last",
                "last.first",
                "f.last",
                "firstlast",
                "lastf",
            ),
            (30, 18, 10, 5, 5, 3, 8, 14, 7),
        )[0]
        return comp

    def work_email(self, comp: Company, p: Person) -> str:
        given = _slug(
            p.english
            or p.nick
            or p.given_latin.split("-")[0]
            + p.given_latin[len(p.given_latin.split("-")[0]) :].replace("-", "")
        )
        fam = _slug(p.family_latin)
        style = comp.mail_style
        local = {
            "first.last": f"{given}.{fam}",
            "flast": f"{given[:1]}{fam}",
            "first": given,
            "firstl": f"{given}{fam[:1]}",
            "first_last": f"{given}_{fam}",
            "last.first": f"{fam}.{given}",
            "f.last": f"{given[:1]}.{fam}",
            "firstlast": f"{given}{fam}",
            "lastf": f"{fam}{given[:1]}",
        }[style]
        if comp.country.han and not p.english and style in ("flast", "f.last", "firstl", "lastf"):
            local = f"{fam}{given}"  # wangwei@, the common choice for a pinyin name
        base, n = local, 1
        while local in comp.mailboxes:
            n += 1
            local = f"{base}{n}" if self.rng.random() < 0.7 else f"{base}.{n}"
        comp.mailboxes.add(local)
        return f"{local}@{comp.domain}"

    def personal_email(self, p: Person) -> str:
        rng = self.rng
        prov = rng.choice(p.country.mail)
        if prov == "qq.com" or (prov in ("163.com", "126.com") and rng.random() < 0.3):
            return f"{rng.randint(10**7, 3 * 10**9)}@{prov}"
        given, fam = _slug(p.english or p.given_latin), _slug(p.family_latin)
        num = rng.choice(
            (
                "",
                "",
                str(rng.randint(1, 99)),
                str(rng.randint(1960, 2002)),
                str(rng.randint(100, 9999)),
            )
        )
        local = rng.choice(
            (
                f"{given}{fam}",
                f"{given}.{fam}",
                f"{given[:1]}{fam}",
                f"{fam}{given}",
                f"{given}_{fam}",
                f"{given}{fam[:1]}",
            )
        )
        if p.country.han and rng.random() < 0.4:
            local = _slug(p.family_latin + p.given_latin)
        return f"{local}{num}@{prov}"

    def job(self, p: Person, comp: Company, title: str = "") -> Job:
        rng = self.rng
        if not title:
            native = TITLES_NATIVE.get(p.country.code, ())
            title = rng.choice(native) if native and rng.random() < 0.5 else rng.choice(TITLES)
        line, ext = comp.switchboard, ""
        r = rng.random()
        if r < 0.35:
            ext = str(rng.randint(100, 8999))
        elif r < 0.7:
            code = next((c[3] for c in CN_CITIES if comp.office and c[0] == comp.office.city), "")
            line = self.landline(comp.country, code)
        return Job(comp, title, self.work_email(comp, p), line, ext)

    # People ---------------------------------------------------------------------------------

    def name(self, country: Country, female: bool | None = None) -> tuple[str, str, str, str]:
        """family, given (as written at home), family, given (romanised)."""
        rng, f = self.rng, self.fake(country)
        female = rng.random() < 0.5 if female is None else female
        if country.code == "CN":
            fam = f.last_name()
            given = f.first_name()
            if len(given) == 1 and rng.random() < 0.5:  # most given names have two characters
                given += rng.choice([g for g in _cn_given_chars() if g != given])
            return fam, given, _pinyin(fam, surname=True), _pinyin(given)
        if country.code == "TW":
            fam = rng.choice(sorted(TW_SURNAMES))
            given = f.first_name_female() if female else f.first_name_male()
            return fam, given, TW_SURNAMES[fam], _wade_giles(given)
        if country.code == "JP":
            fam_k, _, fam_r = f.last_name_pair()
            given_k, _, given_r = f.first_name_female_pair() if female else f.first_name_male_pair()
            return fam_k, given_k, fam_r, given_r
        if country.code == "KR":
            fam_h, fam_r = rng.choice(KR_SURNAMES)
            given_h, given_r = rng.choice(KR_GIVEN)
            return fam_h, given_h, fam_r, given_r
        given = f.first_name_female() if female else f.first_name_male()
        if rng.random() < 0.45:  # the formal names behind the short forms are common ones
            formal = [n for n in NICKNAMES if n in _GENDERED[female]]
            if formal and country.code in (*ENGLISH, "IN"):
                given = rng.choice(formal)
        fam = re.sub(r" (II|III|IV)$", "", f.last_name())  # Faker's Germans have "Koch II"
        return fam, given, fam, given

    def person(
        self,
        pid: int,
        country: Country | None = None,
        *,
        female: bool | None = None,
        company: Company | None = None,
        names: tuple[str, str, str, str] | None = None,
        like: Person | None = None,
        english: str | None = None,
    ) -> Person:
        """A new person; `like` lends its English name, short form and middle initial."""
        rng = self.rng
        country = country or self.country()
        fam, given, fam_l, given_l = names or self.name(country, female)
        p = Person(pid, country, fam, given, fam_l, given_l)
        abroad = country.code in ("KR", "JP") and rng.random() < 0.12
        if (country.han and rng.random() < 0.45) or abroad:
            p.english = rng.choice(ENGLISH_NAMES_ZH)
        if given in NICKNAMES and rng.random() < 0.35:
            p.nick = rng.choice(NICKNAMES[given])
        if p.english in NICKNAMES and rng.random() < 0.3:
            p.nick = rng.choice(NICKNAMES[p.english])
        if country.code in ("US", "CA", "GB", "AU") and rng.random() < 0.3:
            p.middle = self.fake(country).first_name()[:1] + "."
        if like:
            p.english, p.nick, p.middle = like.english, like.nick, like.middle
        if english is not None:
            p.english, p.nick = english, ""
        p.mobile = self.mobile(country) if rng.random() < 0.97 else ""
        p.personal_email = self.personal_email(p)
        p.home = self.address(country, home=True)
        p.home_phone = self.landline(country, self._city_code(p.home)) if rng.random() < 0.4 else ""
        p.at_home = rng.random() < 0.06  # a sole trader or a private customer
        comp = company or self.company(country)
        p.jobs.append(self.job(p, comp))
        return p

    def _city_code(self, addr: Address) -> str:
        return next((c[3] for c in CN_CITIES if c[0] == addr.city), "")


_FEMININE_NAMES = frozenset(
    {
        "Margaret", "Elizabeth", "Katherine", "Catherine", "Jennifer", "Patricia", "Susan",
        "Deborah", "Rebecca", "Victoria", "Jessica", "Abigail", "Jacqueline", "Mary",
        "Sarah", "Eleanor", "Dorothy", "Frances", "Pamela", "Barbara", "Cynthia", "Judith",
        "Sandra", "Kimberly", "Christine", "Anne", "Helen", "Allison", "Samantha",
    }
)
_GENDERED = {
    True: set(_FEMININE_NAMES),
    False: {n for n in NICKNAMES if n not in _FEMININE_NAMES},
}


# --------------------------------------------------------------------------------------------
# How a record is written down


CHANNELS = {"rep": 0.55, "card": 0.25, "self": 0.12, "import": 0.08}
# The chance that each field is filled, by who wrote the record.
FILLED = {
    "rep": {
        "company": 0.88,
        "title": 0.5,
        "email": 0.7,
        "phone": 0.35,
        "mobile": 0.75,
        "address": 0.3,
        "website": 0.08,
    },
    "card": {
        "company": 0.98,
        "title": 0.9,
        "email": 0.92,
        "phone": 0.8,
        "mobile": 0.6,
        "address": 0.8,
        "website": 0.55,
    },
    "self": {
        "company": 0.6,
        "title": 0.3,
        "email": 0.95,
        "phone": 0.1,
        "mobile": 0.85,
        "address": 0.25,
        "website": 0.05,
    },
    "import": {
        "company": 0.95,
        "title": 0.7,
        "email": 0.85,
        "phone": 0.55,
        "mobile": 0.5,
        "address": 0.5,
        "website": 0.3,
    },
}
WORK_EMAIL = {"rep": 0.8, "card": 1.0, "self": 0.4, "import": 0.85}
ABBREVIATIONS = (
    ("Street", "St."),
    ("Road", "Rd"),
    ("Avenue", "Ave"),
    ("Boulevard", "Blvd"),
    ("Drive", "Dr"),
    ("Suite", "Ste"),
    ("Floor", "Fl."),
    ("Room", "Rm"),
    ("Apt.", "#"),
    ("District", "Dist."),
    ("Straße", "Str."),
    ("straße", "str."),
    ("No. ", "#"),
    ("/F", "F"),
    ("Building", "Bldg"),
    ("Centre", "Ctr"),
    ("Center", "Ctr"),
)


def _han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def fmt_phone(e164: str, rng: random.Random, ext: str = "", plain: bool = False) -> str:
    """One number as people write it: +86 138 1234 5678, 138-1234-5678, (021) 6123 4567 ext. 12,
    0044 20 7946 0958, +44 (0)20 7946 0958, 415.555.0123, 1-415-555-0123, 13812345678."""
    num = phonenumbers.parse(e164)
    F = phonenumbers.PhoneNumberFormat
    intl = phonenumbers.format_number(num, F.INTERNATIONAL)
    nat = phonenumbers.format_number(num, F.NATIONAL)
    cc = str(num.country_code)
    styles = {
        "intl": 25,
        "national": 25,
        "e164": 8,
        "digits": 12,
        "dashes": 12,
        "intl00": 4,
        "brackets": 6,
        "dots": 4 if cc == "1" else 0,
        "one": 4 if cc == "1" else 0,
    }
    if plain:
        styles = {"national": 40, "digits": 40, "intl": 10, "dashes": 10}
    style = rng.choices(list(styles), list(styles.values()))[0]
    if style == "intl":
        text = intl
    elif style == "national":
        text = nat
    elif style == "e164":
        text = e164
    elif style == "digits":
        text = re.sub(r"\D", "", nat)
    elif style == "dashes":
        text = re.sub(
            r"[ ()]+", "-", (intl if rng.random() < 0.5 else nat).replace(") ", "-")
        ).strip("-")
        text = ("+" if text[0] != "+" and rng.random() < 0 else "") + text
    elif style == "intl00":
        text = "00" + intl[1:]
    elif style == "brackets":
        rest = intl.split(" ", 1)[1] if " " in intl else intl
        if nat.startswith("0") and rng.random() < 0.6:
            text = f"+{cc} (0){rest}"
        else:
            text = f"(+{cc}) {rest}"
    elif style == "dots":
        text = re.sub(r"\D", "", nat)
        text = f"{text[:3]}.{text[3:6]}.{text[6:]}"
    else:
        text = re.sub(r"\D", "", nat)
        text = f"1-{text[:3]}-{text[3:6]}-{text[6:]}"
    if ext:
        sep = rng.choice(
            (" ext. ", " ext ", " x", " X", "-", " #", " 转")
            if cc == "86"
            else (" ext. ", " ext ", " x", " Ext. ", " #", " (ext. ")
        )
        text += sep + ext + (")" if sep == " (ext. " else "")
    return text


def address_text(addr: Address, rng: random.Random, latin: bool, partial: bool = False) -> str:
    c = addr.country
    if c.code == "CN":
        if partial:
            return (
                addr.lines[0].split("市")[0] + ("市" if rng.random() < 0.5 else "")
                if not latin
                else addr.latin[2].split(" ")[-2].rstrip(",")
            )
        if latin:
            lines = list(addr.latin)
            if rng.random() < 0.3:
                lines = lines[1:] if rng.random() < 0.5 else lines
            text = ", ".join(lines) + rng.choice(("", "", ", China", ", P.R. China", ", PRC"))
            return _abbreviate(text, rng)
        top = addr.lines[0]
        if rng.random() < 0.5:
            top = re.sub(r"^..省", "", top)
        if rng.random() < 0.2:
            top = top.replace("市", "", 1)
        parts = [top, addr.lines[1], addr.lines[2]]
        if rng.random() < 0.25:
            parts = parts[:2]
        return "".join(parts) if rng.random() < 0.8 else " ".join(parts)
    if partial:
        return addr.city
    lines = list(addr.lines)
    if c.code == "GB" and rng.random() < 0.3:
        lines = [lines[0], f"{lines[1]} {lines[2]}"]
    text = rng.choice((", ", ", ", " ", "\n")).join(lines)
    if rng.random() < 0.12:
        text += ", " + c.name
    return _abbreviate(text, rng)


def _abbreviate(text: str, rng: random.Random) -> str:
    if rng.random() < 0.4:
        for long, short in ABBREVIATIONS:
            if rng.random() < 0.5:
                text = text.replace(long, short)
    return text


def company_text(comp: Company, rng: random.Random, latin: bool) -> str:
    if comp.latin:
        if latin or (not comp.country.han and comp.country.code not in ("JP", "KR")):
            name = comp.latin if rng.random() < 0.6 else comp.latin_brand
        else:
            name = comp.legal if rng.random() < 0.65 else comp.brand
        if comp.latin and name == comp.latin and rng.random() < 0.4:
            form = next((fm for fm in comp.country.forms for v in fm[1:] if name.endswith(v)), ())
            if form:
                old = next(v for v in form[1:] if name.endswith(v))
                name = name[: -len(old)] + rng.choice(form[1:])
        return name
    r = rng.random()
    if r < 0.55:
        return comp.legal
    if r < 0.85:
        return comp.brand
    words = re.findall(r"[A-Za-zÀ-ÿ]+", comp.brand)
    if r < 0.92 and len(words) >= 2:
        return "".join(
            w[0].upper() for w in words if w.lower() not in ("and", "und", "et", "e", "y")
        )
    forms = [fm for fm in comp.country.forms if comp.legal.endswith(fm[0])]
    return (comp.brand.rstrip(",") + " " + rng.choice(forms[0])) if forms else comp.legal


def website_text(domain: str, rng: random.Random) -> str:
    return (
        rng.choice(("www.", "www.", "https://www.", "http://www.", "", "https://"))
        + domain
        + rng.choice(("", "", "", "/"))
    )


def name_styles(p: Person) -> dict[str, float]:
    """How this person's name gets written, and how often, before anything goes wrong."""
    styles: dict[str, float]
    latin_only = (p.family, p.given) == (p.family_latin, p.given_latin)  # also in Seoul
    if p.country.han and not latin_only:
        styles = {"native": 55, "latin": 12, "latin_ff": 10}
        if p.english:
            styles |= {"english": 25, "native_english": 10}
        return styles
    if p.country.code in ("JP", "KR") and not latin_only:
        styles = {"native": 50, "latin": 30, "latin_ff": 15}
        return styles | ({"english": 10} if p.english else {})
    if p.english:  # a Chinese name abroad: mostly the English name people know them by
        return {"english": 70, "latin": 22, "latin_ff": 8}
    return {"latin": 92, "latin_ff": 8}


def pick_style(p: Person, channel: str, rng: random.Random) -> str:
    native = "native" in name_styles(p)
    if channel == "card" and p.english and native and rng.random() < 0.5:  # cards print both
        return "native_english"
    styles = name_styles(p)
    return rng.choices(list(styles), list(styles.values()))[0]


def name_text(p: Person, style: str, rng: random.Random, given: str = "") -> str:
    """The name in one style; `given` replaces the given name it goes by (a nickname...)."""
    c = p.country
    if style == "native":
        sep = " " if c.code == "JP" and rng.random() < 0.6 else ""
        return f"{p.family}{sep}{given or p.given}"
    latin_given = given or p.nick or p.given_latin
    if style in ("english", "native_english"):
        first = given or p.nick or p.english
        if style == "native_english":
            return rng.choice(
                (
                    f"{p.family}{p.given} {first} {p.family_latin}",
                    f"{first} {p.family_latin} {p.family}{p.given}",
                )
            )
        if rng.random() < 0.15 and c.han:
            return f"{first} {p.family_latin} {p.given_latin}"
        return f"{first} {p.family_latin}"
    middle = f" {p.middle}" if p.middle and rng.random() < 0.5 else ""
    suffix = f" {p.suffix}" if p.suffix and rng.random() < 0.85 else ""
    if style == "latin_ff":
        if c.han or c.code in ("JP", "KR"):
            fam = p.family_latin.upper() if rng.random() < 0.5 else p.family_latin
            return f"{fam} {latin_given}"
        if rng.random() < 0.6:
            return f"{p.family_latin}, {latin_given}{middle}{suffix}"
        return f"{p.family_latin.upper()} {latin_given}{middle}{suffix}"
    if c.han and rng.random() < 0.1:
        return f"{latin_given} {p.family_latin.upper()}"
    return f"{latin_given}{middle} {p.family_latin}{suffix}"


def typo(text: str, rng: random.Random, n: int = 1) -> str:
    """Slips of the finger anywhere in the word, the first letter as likely as any other."""
    for _ in range(n):
        if _han(text):
            text = homophone(text, rng)
            continue
        spots = [i for i, ch in enumerate(text) if ch.isalpha()]
        if len(spots) < 3:
            return text
        i = rng.choice(spots)
        ch = text[i]
        near = _neighbours().get(ch.lower(), "")
        op = rng.choices(("sub", "del", "ins", "swap", "double"), (40, 20, 15, 20, 5))[0]
        if op == "sub" and near:
            new = rng.choice(near)
            text = text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]
        elif op == "del":
            text = text[:i] + text[i + 1 :]
        elif op == "ins" and near:
            text = text[:i] + rng.choice(near) + text[i:]
        elif op == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
            a, b = text[i], text[i + 1]
            a, b = (b.upper(), a.lower()) if a.isupper() else (b, a)
            text = text[:i] + a + b + text[i + 2 :]
        else:
            text = text[:i] + ch + text[i:]
    return text


def digit_slip(text: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    i = rng.choice(spots[3:] or spots)
    if (
        rng.random() < 0.5
        and i + 1 < len(text)
        and text[i + 1].isdigit()
        and text[i] != text[i + 1]
    ):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1 :]


def homophone(text: str, rng: random.Random, surname_len: int = 0) -> str:
    """One character replaced by another of the same reading, as a pinyin keyboard offers it."""
    table = _homophones()
    spots = [i for i, ch in enumerate(text) if ch in table and i >= surname_len]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + rng.choice(table[text[i]]) + text[i + 1 :]


def ocr_misread(text: str, rng: random.Random) -> str:
    if _han(text) and rng.random() < 0.6:
        spots = [i for i, ch in enumerate(text) if ch in OCR_HAN]
        if spots:
            i = rng.choice(spots)
            return text[:i] + OCR_HAN[text[i]] + text[i + 1 :]
    options = [(a, b) for a, b in OCR_LATIN if a in text]
    if not options:
        return text
    a, b = rng.choice(options)
    starts = [m.start() for m in re.finditer(re.escape(a), text)]
    i = rng.choice(starts)
    return text[:i] + b + text[i + len(a) :]


def convert(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


@dataclass
class Capture:
    """What one record of a person is: who wrote it, from which job, in which style."""

    channel: str
    job: int = 0
    style: str = ""
    given: str = ""
    must: frozenset[str] = frozenset()  # fields filled whatever the channel
    never: frozenset[str] = frozenset()  # fields left empty
    email: str = ""  # work / personal; empty: by the channel


def render(p: Person, cap: Capture, rng: random.Random) -> dict[str, str]:
    filled = FILLED[cap.channel]
    has = {f: (f in cap.must or rng.random() < filled[f]) and f not in cap.never for f in filled}
    style = cap.style or pick_style(p, cap.channel, rng)
    latin = style not in ("native", "native_english") or (
        style == "native_english" and rng.random() < 0.5
    )
    job = p.jobs[min(cap.job, len(p.jobs) - 1)]
    rec = dict.fromkeys(FIELDS, "")
    rec["name"] = name_text(p, style, rng, cap.given)
    if cap.channel == "self" and latin and not p.country.han and rng.random() < 0.25:
        rec["name"] = rec["name"].lower()
    comp = job.company
    if has["company"]:
        rec["company"] = (
            company_text(comp, rng, latin)
            if cap.channel != "self"
            else (comp.latin_brand if latin and comp.latin_brand else comp.brand)
        )
    if has["title"]:
        rec["title"] = job.title
    if has["email"]:
        work = cap.email == "work" or (not cap.email and rng.random() < WORK_EMAIL[cap.channel])
        rec["email"] = job.email if work and not p.at_home else p.personal_email
        if p.at_home and rng.random() < 0.3:
            rec["email"] = job.email
    plain = cap.channel == "self"
    line, ext = (p.home_phone, "") if p.at_home and p.home_phone else (job.line, job.ext)
    if has["phone"] and line:
        rec["phone"] = fmt_phone(line, rng, ext if rng.random() < 0.8 else "", plain)
    if has["mobile"] and p.mobile:
        rec["mobile"] = fmt_phone(p.mobile, rng, plain=plain)
    where = p.home if p.at_home else comp.office
    if has["address"] and where:
        rec["address"] = address_text(where, rng, latin, partial=cap.channel == "self")
    if has["website"] and comp.domain:
        rec["website"] = website_text(comp.domain, rng)
    if cap.channel == "card" and rng.random() < 0.2:  # cards print the name in capitals
        rec["name"] = rec["name"].upper()
    if not any(rec[f] for f in FIELDS if f != "name"):
        rec["mobile" if p.mobile and "mobile" not in cap.never else "email"] = (
            fmt_phone(p.mobile, rng) if p.mobile and "mobile" not in cap.never else job.email
        )
    return rec


# --------------------------------------------------------------------------------------------
# Why a person is captured twice


def _formal_and_short(p: Person) -> tuple[str, str]:
    """The formal given name and a short form of it, for people whose name has one."""
    formal = p.english or p.given_latin
    if formal in NICKNAMES:
        return formal, p.nick or NICKNAMES[formal][0]
    return "", ""


def eligible(p: Person, kind: str) -> bool:
    han = p.country.han
    if kind == "nickname":
        return bool(_formal_and_short(p)[0])
    if kind == "english_name":
        return han and bool(p.english)
    if kind == "script":
        return "native" in name_styles(p)
    if kind == "homophone":
        return p.country.code == "CN" and homophone(p.given, random.Random(0)) != p.given
    if kind == "traditional":
        table = TO_TRADITIONAL if p.country.code == "CN" else TO_SIMPLIFIED
        return han and convert(p.family + p.given, table) != p.family + p.given
    if kind == "job_change":
        return bool(p.mobile) and not p.at_home
    if kind == "work_vs_mobile":
        return bool(p.mobile) and not p.at_home
    return True


def base_capture(p: Person, kinds: list[str], rng: random.Random, must: frozenset[str]) -> Capture:
    """The first record, drawn so that what the later captures differ in is there to differ."""
    cap = Capture(rng.choices(list(CHANNELS), list(CHANNELS.values()))[0], must=must)
    cap.email = "work" if "email" in must else ""
    cap.style = pick_style(p, cap.channel, rng)
    latin = "english" if p.english else "latin"
    if any(k in kinds for k in ("script", "homophone", "traditional")):
        cap.style = "native"
    elif "english_name" in kinds:
        cap.style = rng.choice(("native", "latin", "latin_ff"))
    elif "name_order" in kinds:
        cap.style = "latin" if not p.english or rng.random() < 0.5 else "english"
    elif "nickname" in kinds or ("case" in kinds and cap.style.startswith("native")):
        cap.style = latin
    if "nickname" in kinds:
        formal, short = _formal_and_short(p)
        cap.given = formal if rng.random() < 0.5 else short
    if "work_vs_mobile" in kinds:
        cap.must |= {"phone"}
        cap.never |= {"mobile"}
        cap.email = "work"
    if "job_change" in kinds:
        cap.must |= {"mobile", "company"}
    return cap


def duplicate(w: World, p: Person, kind: str, base: Capture, rng: random.Random) -> dict[str, str]:
    """One more record of `p`, differing from the first for the reason `kind`."""
    cap = Capture(
        rng.choices(list(CHANNELS), list(CHANNELS.values()))[0],
        style=base.style,
        given=base.given,
        must=base.must - {"phone"},
        never=base.never - {"mobile"},
    )
    if kind == "typo":
        cap.channel = "rep"
        rec = render(p, cap, rng)
        if rng.random() < 0.85:
            rec["name"] = typo(rec["name"], rng, 1 if rng.random() < 0.75 else 2)
        for f, chance in (("company", 0.25), ("address", 0.2), ("email", 0.1), ("title", 0.1)):
            if rec[f] and rng.random() < chance:
                rec[f] = typo(rec[f], rng)
        for f in ("phone", "mobile"):
            if rec[f] and rng.random() < 0.06:
                rec[f] = digit_slip(rec[f], rng)
        return rec
    if kind == "sparse":
        cap.channel = "rep"
        rec = render(p, replace(cap, must=frozenset()), rng)
        keep = {
            "name",
            *rng.sample(
                [f for f in ("mobile", "email", "company", "phone") if rec[f]] or ["company"], k=1
            ),
        }
        if rng.random() < 0.3:
            keep |= {f for f in ("company", "title") if rec[f]}
        return {f: (v if f in keep else "") for f, v in rec.items()} | (
            {"company": company_text(p.jobs[0].company, rng, False)}
            if not any(rec[f] for f in keep if f != "name")
            else {}
        )
    if kind == "self_entered":
        cap.channel = "self"
        cap.style = ""
        return render(p, cap, rng)
    if kind == "ocr":
        cap.channel = "card"
        rec = render(p, cap, rng)
        spots = [f for f in FIELDS if rec[f]]
        for f in rng.sample(spots, k=min(len(spots), rng.choice((1, 1, 2, 3)))):
            rec[f] = ocr_misread(rec[f], rng)
        return rec
    if kind == "work_vs_mobile":
        cap.channel = rng.choice(("rep", "self", "rep"))
        cap.never = frozenset({"phone"})
        cap.must = frozenset({"mobile"})
        cap.email = "personal"
        rec = render(p, cap, rng)
        if rec["email"] == p.jobs[0].email:
            rec["email"] = ""
        return rec
    if kind == "job_change":
        if len(p.jobs) == 1:
            abroad = rng.random() < 0.1
            country = w.country(exclude=p.country.code) if abroad else p.country
            comp = w.company(country)
            while comp is p.jobs[0].company:
                comp = w.company(country, fresh=True)
            p.jobs.append(w.job(p, comp))
        cap.job = len(p.jobs) - 1
        cap.must = frozenset({"mobile", "company"})
        cap.email = "work"
        return render(p, cap, rng)
    if kind == "case":
        rec = render(p, cap, rng)
        how = rng.choice((str.upper, str.lower, str.upper))
        for f in ("name", "company", "title", "address"):
            if rec[f] and (f == "name" or rng.random() < 0.5):
                rec[f] = how(rec[f])
        if rec["email"] and rng.random() < 0.3:
            rec["email"] = rec["email"].upper() if how is str.upper else rec["email"].capitalize()
        return rec
    if kind == "nickname":
        formal, short = _formal_and_short(p)
        cap.given = formal if base.given != formal else short
        cap.style = "english" if p.english else "latin"
        return render(p, cap, rng)
    if kind == "name_order":
        cap.style = "latin_ff"
        return render(p, cap, rng)
    if kind == "english_name":
        cap.style = "english"
        return render(p, cap, rng)
    if kind == "script":
        cap.style = (
            rng.choice(("latin", "latin_ff")) if not p.english or rng.random() < 0.5 else "english"
        )
        return render(p, cap, rng)
    if kind == "homophone":
        rec = render(p, cap, rng)
        rec["name"] = homophone(rec["name"], rng, len(p.family) if rng.random() < 0.85 else 0)
        return rec
    if kind == "traditional":
        table = TO_TRADITIONAL if p.country.code == "CN" else TO_SIMPLIFIED
        rec = render(p, cap, rng)
        for f in ("name", "company", "title", "address"):
            rec[f] = convert(rec[f], table)
        return rec
    raise ValueError(kind)


# --------------------------------------------------------------------------------------------
# Look-alikes: two people who are not one


Couple = tuple[Person, Person, frozenset[str]]  # and the fields that make them look alike


def _share_home(w: World, a: Person, b: Person) -> None:
    if not a.home_phone:
        a.home_phone = w.landline(a.country, w._city_code(a.home) if a.home else "")
    b.home, b.home_phone = a.home, a.home_phone
    a.at_home = b.at_home = True


def _given_like(w: World, p: Person, female: bool | None) -> tuple[str, str]:
    """A sibling's given name: the same first character (Chinese) or the same first letter."""
    for _ in range(50):
        _, given, _, given_l = w.name(p.country, female)
        if p.country.han and len(p.given) == 2:
            given = p.given[0] + given[-1]
            given_l = _pinyin(given) if p.country.code == "CN" else _wade_giles(given)
        if given != p.given and given_l[:1] == p.given_latin[:1]:
            return given, given_l
    return given, given_l


def _common_name(country: Country, rng: random.Random) -> tuple[str, str, str, str]:
    first, second = rng.choice(COMMON_NAMES[country.code])
    if country.han:  # family name first
        return first, second, _pinyin(first, True), _pinyin(second)
    return second, first, second, first


def lookalike(w: World, kind: str, pid: int) -> Couple:
    rng = w.rng
    if kind in ("colleagues", "assistant", "shared_mailbox"):
        a = w.person(pid)
        comp = a.jobs[0].company
        b = w.person(pid + 1, a.country, company=comp)
        a.at_home = b.at_home = False
        for p in (a, b):
            p.jobs[0].line, p.jobs[0].ext = (
                comp.switchboard,
                str(rng.randint(100, 899)) if rng.random() < 0.4 else "",
            )
        if kind == "colleagues":
            return a, b, frozenset({"company", "phone", "address"})
        if kind == "assistant":
            native = a.country.han and rng.random() < 0.6
            b.jobs[0].title = rng.choice(ASSISTANT_TITLES_CN if native else ASSISTANT_TITLES)
            if a.country.code == "TW":
                b.jobs[0].title = convert(b.jobs[0].title, TO_TRADITIONAL)
            a.jobs[0].title = rng.choice(
                ("CEO", "Managing Director", "General Manager", "总经理" if native else "President")
            )
            b.jobs[0].email = a.jobs[0].email
            if rng.random() < 0.5:
                a.jobs[0].line = b.jobs[0].line = w.landline(
                    a.country, w._city_code(comp.office) if comp.office else ""
                )
                a.jobs[0].ext = b.jobs[0].ext = ""
            return a, b, frozenset({"company", "email", "phone"})
        box = rng.choice(("info", "sales", "contact", "office", "service", "hello"))
        box = f"{box}@{comp.domain}"
        a.jobs[0].email = b.jobs[0].email = box
        return a, b, frozenset({"company", "email"})
    if kind == "same_name_colleagues":
        country = BY_CODE["CN"] if rng.random() < 0.8 else BY_CODE[rng.choice(("US", "GB"))]
        names = _common_name(country, rng)
        # mostly they go by their Chinese names: then only the rest tells them apart
        english = "" if rng.random() < 0.6 else None
        a = w.person(pid, country, names=names, english=english)
        comp = a.jobs[0].company
        b = w.person(pid + 1, country, company=comp, names=names, english=english)
        a.at_home = b.at_home = False
        for p in (a, b):
            p.jobs[0].line, p.jobs[0].ext = comp.switchboard, ""
        return a, b, frozenset({"company", "phone"})
    if kind == "common_name_city":
        country = BY_CODE[rng.choice(("CN", "CN", "US", "US", "GB"))]
        names = _common_name(country, rng)
        a = w.person(pid, country, names=names)
        fresh = w.company(country, fresh=True)
        b = w.person(pid + 1, country, names=names, company=fresh, english="")
        office = a.jobs[0].company.office
        if country.code == "CN" or office is None:
            b.jobs[0].company.office = w.address(country, False, office.city if office else "")
        else:  # another street in the same town
            near = w.address(country, home=False)
            lines = (near.lines[0], *office.lines[1:])
            if country.code == "GB":
                lines = (*lines[:-1], near.lines[-1])
            b.jobs[0].company.office = replace(office, lines=lines)
        return a, b, frozenset({"address"})
    if kind == "namesake_abroad":
        a = w.person(pid)
        there = w.country(exclude=a.country.code)
        if a.country.han and not there.han:
            names = (a.family_latin, a.given_latin, a.family_latin, a.given_latin)
        elif there.han and not a.country.han:
            there = BY_CODE["US"] if a.country.code != "US" else BY_CODE["GB"]
            names = (a.family, a.given, a.family_latin, a.given_latin)
        elif there.han:  # one name in Taipei and in Shanghai, each in its own characters
            table = TO_SIMPLIFIED if there.code == "CN" else TO_TRADITIONAL
            names = (
                convert(a.family, table),
                convert(a.given, table),
                a.family_latin,
                a.given_latin,
            )
        else:
            names = (a.family, a.given, a.family_latin, a.given_latin)
        b = w.person(pid + 1, there, names=names, like=None if there.han else a)
        return a, b, frozenset({"company"})
    # a family under one roof
    country = w.country() if kind != "jr_sr" else BY_CODE[rng.choice((*ENGLISH, "US", "US"))]
    a = w.person(pid, country, female=False if kind == "jr_sr" else None)
    if kind == "jr_sr":
        b = w.person(
            pid + 1, country, names=(a.family, a.given, a.family_latin, a.given_latin), like=a
        )
        a.suffix, b.suffix = rng.choice(
            (("Sr.", "Jr."), ("Sr", "Jr"), ("", "Jr."), ("Sr.", ""), ("", "II"))
        )
        if rng.random() < 0.4:  # the family firm
            b.jobs = [w.job(b, a.jobs[0].company)]
            b.jobs[0].line = a.jobs[0].line
    elif kind == "spouses":
        wife = rng.random() < 0.5
        fam_name = country.han or country.code in ("KR",) or rng.random() < 0.2
        other = w.name(country, female=wife)
        names = other if fam_name else (a.family, other[1], a.family_latin, other[3])
        b = w.person(pid + 1, country, names=names)
        if rng.random() < 0.15:  # one mailbox for the household
            box = rng.choice(("family", "home", "s", "household"))
            a.personal_email = b.personal_email = (
                f"{_slug(a.family_latin)}{box}{rng.randint(1, 99)}@{rng.choice(country.mail)}"
            )
    elif kind == "parent_child":
        other = w.name(country)
        b = w.person(pid + 1, country, names=(a.family, other[1], a.family_latin, other[3]))
    else:  # twins
        female = rng.random() < 0.5
        given, given_l = _given_like(w, a, female)
        b = w.person(pid + 1, country, names=(a.family, given, a.family_latin, given_l))
    _share_home(w, a, b)
    return a, b, frozenset({"address", "phone"})


# --------------------------------------------------------------------------------------------
# The data set


@dataclass
class Dataset:
    records: list[dict[str, str]]
    owner: list[int]  # the person behind each record
    firm: list[str]  # the registered name of the firm the record was captured at
    country: dict[int, str]  # each person's country
    duplicates: dict[str, list[Pair]]  # true pairs by why the later record differs
    negatives: dict[str, list[Pair]]  # look-alike pairs of two people, by kind

    @property
    def pairs(self) -> set[Pair]:
        return {pair for pairs in self.duplicates.values() for pair in pairs}


def _pick(rng: random.Random, weights: dict[str, float], ok: Callable[[str], bool]) -> str:
    kinds = [k for k in weights if ok(k)]
    return rng.choices(kinds, [weights[k] for k in kinds])[0]


@cache
def build(seed: int, n_people: int) -> Dataset:
    """The people of one seed, their records (shuffled) and every labelled pair."""
    w = World(seed)
    rng = w.rng
    people: list[Person] = []
    couples: list[tuple[str, int, int, frozenset[str]]] = []
    while len(people) < n_people:
        if len(people) + 2 <= n_people and rng.random() < LOOKALIKE_SHARE:
            kind = rng.choices(list(NEGATIVE_KINDS), list(NEGATIVE_KINDS.values()))[0]
            a, b, alike = lookalike(w, kind, len(people))
            couples.append((kind, a.pid, b.pid, alike))
            people += [a, b]
        else:
            people.append(w.person(len(people)))
    alike_of: dict[int, frozenset[str]] = {}
    for _, i, j, alike in couples:
        alike_of[i] = alike_of[j] = alike
    drafts: list[tuple[int, str, dict[str, str]]] = []  # person, kind ("" for the first), record
    for p in people:
        extra = 0
        if rng.random() < DUPLICATED_SHARE:
            extra = rng.choices(list(EXTRA_CAPTURES), list(EXTRA_CAPTURES.values()))[0]
        weights = (
            DUPLICATE_KINDS
            | (HAN_KINDS if p.country.han else {})
            | (SHORT_FORM_KINDS if eligible(p, "nickname") else {})
        )
        kinds = [_pick(rng, weights, partial(eligible, p)) for _ in range(extra)]
        must = frozenset(f for f in sorted(alike_of.get(p.pid, ())) if rng.random() < 0.8)
        cap = base_capture(p, kinds, rng, must)
        drafts.append((p.pid, "", render(p, cap, rng)))
        drafts += [(p.pid, kind, duplicate(w, p, kind, cap, rng)) for kind in kinds]
    order = list(range(len(drafts)))
    rng.shuffle(order)
    position = {draft: pos for pos, draft in enumerate(order)}
    records = [drafts[d][2] for d in order]
    owner = [drafts[d][0] for d in order]
    firm = [people[drafts[d][0]].jobs[-1 if drafts[d][1] == "job_change" else 0].company.legal
            for d in order]  # fmt: skip
    by_person: dict[int, list[int]] = {}
    for d, (pid, _, _) in enumerate(drafts):
        by_person.setdefault(pid, []).append(d)
    duplicates: dict[str, list[Pair]] = {k: [] for k in [*DUPLICATE_KINDS, "two_later"]}
    for ds in by_person.values():
        for x, y in combinations(ds, 2):
            kind = drafts[y][1] if drafts[x][1] == "" else "two_later"
            i, j = sorted((position[x], position[y]))
            duplicates[kind].append((i, j))
    negatives: dict[str, list[Pair]] = {k: [] for k in NEGATIVE_KINDS}
    for kind, a_pid, b_pid, _ in couples:
        for x in by_person[a_pid]:
            for y in by_person[b_pid]:
                i, j = sorted((position[x], position[y]))
                negatives[kind].append((i, j))
    for pairs in (*duplicates.values(), *negatives.values()):
        pairs.sort()
    return Dataset(
        records, owner, firm, {p.pid: p.country.code for p in people}, duplicates, negatives
    )


def generate(seed: int, n_people: int) -> tuple[list[dict[str, str]], set[Pair]]:
    """Records and the set of true duplicate pairs (i, j), i < j."""
    data = build(seed, n_people)
    return [dict(r) for r in data.records], data.pairs


def generate_labelled(
    seed: int, n_people: int
) -> tuple[list[dict[str, str]], set[Pair], dict[str, list[Pair]]]:
    """Records, true pairs, and the hard negatives by kind (two people who look alike)."""
    data = build(seed, n_people)
    return (
        [dict(r) for r in data.records],
        data.pairs,
        {k: list(v) for k, v in data.negatives.items()},
    )


def generate_kinds(
    seed: int, n_people: int
) -> tuple[list[dict[str, str]], dict[str, list[Pair]], dict[str, list[Pair]]]:
    """Records, the true pairs by duplicate kind, and the hard negatives by kind."""
    data = build(seed, n_people)
    return (
        [dict(r) for r in data.records],
        {k: list(v) for k, v in data.duplicates.items()},
        {k: list(v) for k, v in data.negatives.items()},
    )


def _show(records: list[dict[str, str]], pair: Pair) -> str:
    lines = []
    for i in pair:
        filled = {f: records[i][f].replace("\n", " / ") for f in FIELDS if records[i][f]}
        lines.append(f"    [{i}] " + " | ".join(f"{f}={v}" for f, v in filled.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=SPLITS["tune"])
    ap.add_argument("--people", type=int, default=6000)
    ap.add_argument("--show", type=int, default=0, help="print N pairs of each kind")
    args = ap.parse_args(argv)
    if args.seed == SPLITS["frozen"] and args.show:
        ap.error("the frozen split is for final figures only: do not print its records")
    data = build(args.seed, args.people)
    people = len(set(data.owner))
    counts = Counter(Counter(data.owner).values())
    captured_again = sum(n for k, n in counts.items() if k > 1)
    print(
        f"seed {args.seed}: {people} people, {len(data.records)} records, "
        f"{captured_again} people ({captured_again / people:.1%}) captured more than once "
        f"({', '.join(f'{n}x{k}' for k, n in sorted(counts.items()) if k > 1)}), "
        f"{len(data.pairs)} true pairs"
    )
    countries = Counter(data.country.values())
    print(
        "people by country: "
        + ", ".join(f"{c} {n / people:.0%}" for c, n in countries.most_common())
    )
    rng = random.Random(args.seed)
    for title, groups in (("true pairs", data.duplicates), ("hard negatives", data.negatives)):
        print(f"\n{title}: {sum(len(v) for v in groups.values())}")
        for kind, pairs in groups.items():
            print(f"  {kind:22} {len(pairs):5}")
            for pair in rng.sample(pairs, min(args.show, len(pairs))):
                print(_show(data.records, pair))


if __name__ == "__main__":
    main()
