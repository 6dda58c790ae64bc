"""Independent duplicate-detection evaluation set: contacts as reps capture them in the wild.

    .venv/bin/python bench/indep_people.py [--seed 1] [--people 1500] [--show 12]

Why: the matcher must be measured on data it was not written against (issue 17). This generator
was written from the issue text and general knowledge of contact data only, without reading the
matcher or the project's other people generator; every vocabulary here (nicknames, homophones,
streets, companies, titles, phone formats) is its own.

What it models, per person (one entity):
- 12 countries with their own phone formats and address formats (CN, HK, SG, JP, IN, US, CA, GB,
  DE, FR, ES, AU); names from ~20 name sources (Faker locales plus own lists), diacritics kept.
- Phones as people type them: spaces, dashes, dots, brackets, trunk 0, `+cc`, `00cc`, `cc` without
  plus, country code often missing, extensions (`x204`, `ext. 12`, `转8021`); a person may have
  a mobile, a work line (the company's switchboard, perhaps with an extension) and a home line.
- Most people appear once; a few percent are captured twice or three times. A second capture of
  a person changes what was captured: the other phone (work vs mobile), the other email (work vs
  personal), no phone or no email at all, the address written another way (St/Street, unit
  formats, postcode dropped, Chinese vs English), the company's long or short name, a
  reworded title. Nothing guarantees a shared phone or email. The name may carry a typo anywhere
  (first letter included), a nickname (Peggy/Margaret, Bill/William, ...), given and family name
  swapped, capitals, a middle initial, accents dropped, a second Spanish surname dropped,
  Chinese homophone slips (王伟/王玮), pinyin instead of characters, an English name added.
- Hard negatives (different people who must not be paired): Jr./Sr. (same name, same address),
  parent and child at one address, spouses and siblings at one address, an assistant using the
  boss's email, two people with one name (王伟) on one switchboard, a shared info@ mailbox,
  colleagues at one office. Their own duplicates always keep what tells them apart (their own
  mobile or email, the suffix), so the labels stay fair.

`generate(seed, n_people)` -> (records, true pairs i<j). `generate_labelled` also returns the hard
negative pairs by kind. `SPLITS` names the tuning and the frozen seed: report them apart and never
look at frozen misses while tuning.
"""

from __future__ import annotations

import argparse
import itertools
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker
from pypinyin import lazy_pinyin

SPLITS = {"tune": 1, "frozen": 2, **{f"tune{k}": k for k in range(3, 230)}}
"""Seed per split: "frozen" is for final figures only; "tune3".."tune6" are more tuning seeds
(tuning on one seed over-fits it), so some can be held out while others are tuned on."""
FIELDS = ("name", "phone", "email", "company", "title", "address", "website", "notes")

DUP_RATE = 0.045  # people captured more than once
TRIPLE_RATE = 0.15  # of those, captured three times

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby", "Robbie", "Bert"),
    "William": ("Bill", "Will", "Billy", "Liam", "Willie"),
    "Elizabeth": ("Liz", "Beth", "Betty", "Eliza", "Lizzie", "Betsy", "Libby", "Bess"),
    "Margaret": ("Peggy", "Maggie", "Meg", "Marge", "Margie", "Greta"),
    "Richard": ("Dick", "Rick", "Rich", "Richie", "Ricky"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Jack", "Johnny"),
    "Edward": ("Ed", "Eddie", "Ted", "Ned"),
    "Charles": ("Chuck", "Charlie", "Chas"),
    "Henry": ("Hank", "Harry", "Hal"),
    "Katherine": ("Kate", "Kathy", "Katie", "Kit", "Kay"),
    "Catherine": ("Cathy", "Cate", "Cat"),
    "Mary": ("Molly", "Polly", "Mae"),
    "Sarah": ("Sally", "Sadie"),
    "Patricia": ("Patty", "Pat", "Trish", "Tricia", "Patsy"),
    "Jennifer": ("Jen", "Jenny", "Jenn"),
    "Susan": ("Sue", "Susie", "Suzy"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Alexander": ("Alex", "Sandy", "Sasha"),
    "Alexandra": ("Alex", "Lexi", "Sandra"),
    "Anthony": ("Tony",),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Nicholas": ("Nick", "Nicky"),
    "Andrew": ("Andy", "Drew"),
    "Christopher": ("Chris", "Kit"),
    "Daniel": ("Dan", "Danny"),
    "David": ("Dave", "Davy"),
    "Stephen": ("Steve", "Stevie"),
    "Thomas": ("Tom", "Tommy"),
    "Timothy": ("Tim", "Timmy"),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammie"),
    "Benjamin": ("Ben", "Benny", "Benji"),
    "Joseph": ("Joe", "Joey"),
    "Matthew": ("Matt",),
    "Gregory": ("Greg",),
    "Jeffrey": ("Jeff",),
    "Lawrence": ("Larry", "Laurie"),
    "Gerald": ("Jerry", "Gerry"),
    "Frederick": ("Fred", "Freddie"),
    "Francis": ("Frank", "Frankie"),
    "Abigail": ("Abby", "Gail"),
    "Theodore": ("Ted", "Teddy", "Theo"),
    "Peter": ("Pete",),
    "Raymond": ("Ray",),
    "Ronald": ("Ron", "Ronnie"),
    "Kenneth": ("Ken", "Kenny"),
    "Douglas": ("Doug",),
    "Leonard": ("Len", "Lenny"),
    "Eugene": ("Gene",),
    "Dorothy": ("Dot", "Dottie", "Dolly"),
    "Barbara": ("Barb", "Babs"),
    "Christine": ("Chrissy", "Tina"),
    "Josephine": ("Jo", "Josie"),
    "Jacqueline": ("Jackie",),
    "Kimberly": ("Kim",),
    "Pamela": ("Pam",),
    "Cynthia": ("Cindy",),
    "Judith": ("Judy",),
    "Theresa": ("Terry", "Tess", "Tessa"),
    "Virginia": ("Ginny",),
    "Eleanor": ("Ellie", "Nell", "Nora"),
    "Frances": ("Fran", "Frankie"),
    "Nathaniel": ("Nate", "Nat"),
    "Zachary": ("Zach", "Zack"),
    "Jonathan": ("Jon", "Jonny"),
    "Joshua": ("Josh",),
    "Johannes": ("Hans", "Jo"),
    "Josef": ("Sepp",),
    "Friedrich": ("Fritz",),
    "Wolfgang": ("Wolf",),
    "Ulrich": ("Uli",),
    "Katharina": ("Kathi", "Katja"),
    "Franziska": ("Franzi",),
    "Maximilian": ("Max",),
    "José": ("Pepe",),
    "Francisco": ("Paco", "Pancho", "Curro"),
    "Ignacio": ("Nacho",),
    "Dolores": ("Lola",),
    "Concepción": ("Concha",),
    "Guadalupe": ("Lupe",),
    "Manuel": ("Manolo",),
    "Enrique": ("Quique",),
    "Guillermo": ("Memo", "Guille"),
    "Alejandro": ("Álex", "Alex"),
    "Giuseppe": ("Beppe", "Pino"),
    "Giovanni": ("Gianni",),
    "Venkatesh": ("Venky",),
    "Subramanian": ("Subbu",),
    "Rajesh": ("Raj",),
}
NICK_BY_LANG = {
    "en": [k for k in NICKNAMES if k.isascii()][:64],
    "de": ["Johannes", "Josef", "Friedrich", "Wolfgang", "Ulrich", "Katharina", "Franziska",
           "Maximilian", "Alexander", "Thomas", "Michael", "Elizabeth"],
    "es": ["José", "Francisco", "Ignacio", "Dolores", "Concepción", "Guadalupe", "Manuel",
           "Enrique", "Guillermo", "Alejandro"],
    "it": ["Giuseppe", "Giovanni"],
    "in": ["Venkatesh", "Subramanian", "Rajesh"],
}

# Given-name pairs that are different people (siblings, twins) and must stay apart.
SIBLING_PAIRS = [("Daniel", "Danielle"), ("Paul", "Paula"), ("Louis", "Louise"),
                 ("Eric", "Erica"), ("Robert", "Roberta"), ("Joseph", "Josephine"),
                 ("Carl", "Carla"), ("Julian", "Juliana"), ("Francis", "Frances"),
                 ("Adrian", "Adriana"), ("Jean", "Jeanne"), ("Christian", "Christina"),
                 ("Gabriel", "Gabriela"), ("Marco", "Marta"), ("Ethan", "Emma")]

ZH_SURNAMES = [  # character, pinyin as a surname (pypinyin reads some as common words)
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"),
    ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
    ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"),
    ("彭", "Peng"), ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"), ("袁", "Yuan"),
    ("潘", "Pan"), ("蒋", "Jiang"), ("蔡", "Cai"), ("余", "Yu"), ("杜", "Du"), ("叶", "Ye"),
    ("程", "Cheng"), ("苏", "Su"), ("魏", "Wei"), ("吕", "Lü"), ("丁", "Ding"), ("任", "Ren"),
    ("沈", "Shen"), ("姚", "Yao"), ("卢", "Lu"), ("姜", "Jiang"), ("崔", "Cui"), ("钟", "Zhong"),
    ("谭", "Tan"), ("陆", "Lu"), ("汪", "Wang"), ("范", "Fan"), ("金", "Jin"), ("石", "Shi"),
    ("廖", "Liao"), ("贾", "Jia"), ("夏", "Xia"), ("韦", "Wei"), ("方", "Fang"), ("白", "Bai"),
    ("邹", "Zou"), ("孟", "Meng"), ("熊", "Xiong"), ("秦", "Qin"), ("邱", "Qiu"), ("江", "Jiang"),
    ("欧阳", "Ouyang"), ("司马", "Sima"), ("上官", "Shangguan"), ("诸葛", "Zhuge"),
]
ZH_SURNAME_WEIGHTS = [30 if i < 10 else 8 if i < 40 else 3 for i in range(len(ZH_SURNAMES) - 4)]
ZH_SURNAME_WEIGHTS += [1, 1, 1, 1]

# Characters read alike (toneless pinyin): a pinyin input method offers all of them.
HOMOPHONES = ["伟玮炜纬苇", "丽莉俐荔", "静婧晶菁", "敏民珉旻", "芳方舫", "杰洁捷婕",
              "明铭鸣", "磊蕾垒", "娜纳", "涛韬滔", "强蔷", "洋阳扬", "勇永咏", "艳燕彦雁妍",
              "霞侠", "平萍苹", "刚钢岗", "辉慧晖惠", "华桦骅", "红宏鸿虹", "建健剑", "峰锋枫丰",
              "鹏朋", "斌彬宾", "宇雨羽禹", "婷亭庭", "晨辰琛", "浩昊皓", "思斯丝", "佳嘉",
              "欣馨新", "怡宜仪", "军君钧", "文雯", "凯恺铠", "琳林霖", "雪学", "晓小筱"]
HOMO_OF = {c: g for g in HOMOPHONES for c in g}
ZH_GIVEN_EXTRA = "秀英桂兰国梁志海春玉子博一诺子轩梓涵雨萱天佑俊逸家豪子墨若曦"
ZH_COMMON_FULL = ["王伟", "李娜", "张伟", "王芳", "刘洋", "李静", "张敏", "王静", "刘伟", "张丽",
                  "李强", "王磊"]
ZH_TRAD = str.maketrans("陈刘张杨黄赵吴郑谢韩冯邓萧叶苏钟谭陆贾邹"
                        "伟丽静敏杰涛强艳辉华红建峰鹏斌晓学军",
                        "陳劉張楊黃趙吳鄭謝韓馮鄧蕭葉蘇鍾譚陸賈鄒"
                        "偉麗靜敏傑濤強艷輝華紅建峰鵬斌曉學軍")
EN_NAMES_ZH = ["David", "Kevin", "Jason", "Eric", "Tony", "Jack", "Leo", "Peter", "Frank",
               "Michael", "Vincent", "Allen", "Amy", "Cherry", "Vivian", "Grace", "Helen",
               "Coco", "Sunny", "Lily", "Emily", "Jessica", "Annie", "Iris", "Candy", "Wendy"]

CANTONESE = [("陳", "Chan"), ("黃", "Wong"), ("李", "Lee"), ("張", "Cheung"), ("劉", "Lau"),
             ("何", "Ho"), ("吳", "Ng"), ("梁", "Leung"), ("林", "Lam"), ("曾", "Tsang"),
             ("楊", "Yeung"), ("周", "Chow"), ("鄧", "Tang"), ("馮", "Fung"), ("郭", "Kwok")]
HOKKIEN = ["Tan", "Lim", "Ng", "Goh", "Teo", "Koh", "Ong", "Chua", "Lee", "Wong", "Sim", "Yeo"]
SG_GIVEN = ["Wei Ming", "Jia Hui", "Kai Xiang", "Hui Min", "Zhi Wei", "Li Ting", "Jun Jie",
            "Mei Ling", "Siew Lan", "Boon Keng", "Kok Leong", "Shu Fen"]
MALAY_INDIAN_SG = ["Nur Aisyah binti Rahman", "Muhammad Faizal", "Siti Nurhaliza",
                   "Ravi Chandran", "Priya Raj", "Ahmad Hafiz"]

IN_GIVEN_M = ["Rahul", "Arjun", "Vikram", "Rohan", "Aditya", "Sanjay", "Venkatesh", "Suresh",
              "Karthik", "Amit", "Rajesh", "Subramanian", "Anand", "Prakash", "Nikhil", "Harish"]
IN_GIVEN_F = ["Priya", "Ananya", "Sneha", "Kavya", "Divya", "Lakshmi", "Meera", "Pooja",
              "Deepa", "Neha", "Aishwarya", "Shalini", "Revathi", "Swati"]
IN_SURNAMES = ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kumar", "Rao",
               "Menon", "Desai", "Joshi", "Mehta", "Banerjee", "Chatterjee", "Krishnan",
               "Pillai", "Agarwal", "Subramaniam", "Venkataraman"]

# Name sources per country: (Faker locale or own source, weight)
NAME_SOURCES = {
    "US": [("en_US", 70), ("es_MX", 10), ("vi_VN", 4), ("pl_PL", 3), ("it_IT", 4), ("IN", 5),
           ("ZHPY", 4)],
    "CA": [("en_US", 60), ("fr_FR", 25), ("ZHPY", 8), ("IN", 7)],
    "GB": [("en_GB", 75), ("pl_PL", 6), ("ga_IE", 6), ("IN", 7), ("pt_BR", 3), ("tr_TR", 3)],
    "AU": [("en_US", 65), ("en_GB", 10), ("vi_VN", 8), ("it_IT", 5), ("ZHPY", 7), ("nl_NL", 5)],
    "DE": [("de_DE", 75), ("tr_TR", 10), ("pl_PL", 6), ("cs_CZ", 4), ("hu_HU", 5)],
    "FR": [("fr_FR", 85), ("es_ES", 5), ("pt_BR", 5), ("it_IT", 5)],
    "ES": [("es_ES", 85), ("es_MX", 10), ("ro_RO", 5)],
    "IN": [("IN", 100)],
    "JP": [("ja_JP", 100)],
    "CN": [("ZH", 100)],
    "HK": [("HK", 100)],
    "SG": [("SG", 85), ("SGX", 15)],
}
COUNTRY_WEIGHTS = {"CN": 34, "US": 18, "GB": 8, "DE": 6, "FR": 4, "ES": 4, "AU": 5, "CA": 3,
                   "IN": 5, "JP": 3, "HK": 4, "SG": 3}
LANG_OF_LOCALE = {"en_US": "en", "en_GB": "en", "de_DE": "de", "es_ES": "es", "es_MX": "es",
                  "it_IT": "it"}

# --------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------

CC = {"CN": "86", "HK": "852", "SG": "65", "JP": "81", "IN": "91", "US": "1", "CA": "1",
      "GB": "44", "DE": "49", "FR": "33", "ES": "34", "AU": "61"}
TRUNK = {"CN": "0", "JP": "0", "IN": "0", "GB": "0", "DE": "0", "FR": "0", "AU": "0"}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _raw_number(rng: random.Random, country: str, kind: str, area: str) -> tuple[str, list[int]]:
    """A national significant number and how it is grouped when written."""
    c = country
    if c == "CN":
        if kind == "mobile":
            n = rng.choice(["13", "15", "18", "17", "19"]) + _digits(rng, 9)
            return n, [3, 4, 4]
        n = area + rng.choice("2345678") + _digits(rng, 7)
        return n, [len(area), 4, 4]
    if c in ("US", "CA"):
        n = area + rng.choice("23456789") + _digits(rng, 6)
        return n, [3, 3, 4]
    if c == "GB":
        if kind == "mobile":
            return "7" + rng.choice("45789") + _digits(rng, 8), [4, 6]
        if area == "20":
            return "20" + rng.choice("378") + _digits(rng, 7), [2, 4, 4]
        if area == "29":
            return "29" + rng.choice("2") + _digits(rng, 7), [2, 4, 4]
        rest = 10 - len(area)
        return area + rng.choice("2345678") + _digits(rng, rest - 1), (
            [3, 3, 4] if len(area) == 3 else [4, 6])
    if c == "DE":
        if kind == "mobile":
            return rng.choice(["151", "152", "157", "160", "162", "170", "171", "176"]) + \
                _digits(rng, 8), [3, 8]
        return area + rng.choice("2345678") + _digits(rng, 7), [len(area), 8]
    if c == "FR":
        first = rng.choice("67") if kind == "mobile" else area
        return first + _digits(rng, 8), [1, 2, 2, 2, 2]
    if c == "ES":
        if kind == "mobile":
            return "6" + _digits(rng, 8), [3, 3, 3]
        return area + rng.choice("2345") + _digits(rng, 6), [3, 3, 3]
    if c == "AU":
        if kind == "mobile":
            return "4" + _digits(rng, 8), [3, 3, 3]
        return area + rng.choice("3456789") + _digits(rng, 7), [1, 4, 4]
    if c == "IN":
        if kind == "mobile":
            return rng.choice("6789") + _digits(rng, 9), [5, 5]
        return area + rng.choice("234567") + _digits(rng, 7), [2, 4, 4]
    if c == "JP":
        if kind == "mobile":
            return rng.choice(["90", "80", "70"]) + _digits(rng, 8), [2, 4, 4]
        if len(area) == 2:
            return area + rng.choice("2345678") + _digits(rng, 6), [2, 3, 4]
        return area + rng.choice("2345678") + _digits(rng, 7), [1, 4, 4]
    if c == "HK":
        first = rng.choice("569") if kind == "mobile" else rng.choice("23")
        return first + _digits(rng, 7), [4, 4]
    if c == "SG":
        first = rng.choice("89") if kind == "mobile" else "6"
        return first + _digits(rng, 7), [4, 4]
    raise ValueError(c)


@dataclass(frozen=True)
class Phone:
    country: str
    nsn: str
    groups: tuple[int, ...]
    kind: str  # mobile | work | home | switchboard
    ext: str = ""

    @property
    def e164(self) -> str:
        return "+" + CC[self.country] + self.nsn


def _new_phone(rng: random.Random, country: str, kind: str, area: str, used: set[str]) -> Phone:
    for _ in range(60):
        nsn, groups = _raw_number(rng, country, "mobile" if kind == "mobile" else "fixed", area)
        e164 = "+" + CC[country] + nsn
        if e164 in used:
            continue
        try:
            ok = phonenumbers.is_valid_number(phonenumbers.parse(e164))
        except phonenumbers.NumberParseException:
            ok = False
        if ok:
            used.add(e164)
            return Phone(country, nsn, tuple(groups), kind)
    used.add(e164)
    return Phone(country, nsn, tuple(groups), kind)


def _split(nsn: str, groups: tuple[int, ...]) -> list[str]:
    out, i = [], 0
    for g in groups:
        out.append(nsn[i:i + g])
        i += g
    if i < len(nsn):
        out[-1] += nsn[i:]
    return [p for p in out if p]


def format_phone(p: Phone, rng: random.Random) -> str:
    """One way a person might write this number on a form or a card."""
    parts = _split(p.nsn, p.groups)
    cc = CC[p.country]
    trunk = TRUNK.get(p.country, "")
    if p.country == "CN" and p.kind == "mobile":
        trunk = ""
    missing_cc = rng.random() < (0.6 if p.country == "CN" else 0.45)
    sep = rng.choice([" ", " ", "-", "", "."] if p.country in ("US", "CA", "FR") else
                     [" ", " ", "-", ""])
    if missing_cc:
        if p.country in ("US", "CA"):
            s = rng.choice([f"({parts[0]}) {parts[1]}-{parts[2]}", sep.join(parts),
                            "1-" + "-".join(parts), "".join(parts)])
        elif trunk and p.country in ("CN", "AU", "JP") and len(parts) == 3 and \
                p.kind != "mobile" and rng.random() < 0.4:
            s = f"({trunk}{parts[0]}) {sep.join(parts[1:]) if sep else ''.join(parts[1:])}"
        else:
            first = trunk + parts[0]
            s = sep.join([first, *parts[1:]])
    else:
        style = rng.random()
        if style < 0.45:
            s = f"+{cc} " + " ".join(parts)
        elif style < 0.6:
            s = f"+{cc}" + "".join(parts)
        elif style < 0.7:
            s = f"+{cc}-" + "-".join(parts)
        elif style < 0.8:
            s = f"00{cc} " + " ".join(parts)
        elif style < 0.88 and trunk and p.country in ("GB", "DE", "AU", "FR"):
            s = f"+{cc} ({trunk})" + " ".join(parts)
        elif style < 0.94:
            s = f"({cc}) " + sep.join(parts)
        else:
            s = f"{cc} " + "".join(parts)
    if p.ext:
        if p.country in ("CN",):
            s += rng.choice([f" 转{p.ext}", f"-{p.ext}", f" ext.{p.ext}", f"（分机{p.ext}）"])
        elif p.country == "DE":
            s += rng.choice([f"-{p.ext}", f" Durchwahl {p.ext}", f" ext. {p.ext}"])
        else:
            s += rng.choice([f" x{p.ext}", f" ext. {p.ext}", f" ext {p.ext}", f" (ext {p.ext})"])
    return s


# --------------------------------------------------------------------------------------------
# Places and addresses
# --------------------------------------------------------------------------------------------

# city_zh, city_en, province_zh, province_en, postcode prefix, area code,
# districts (zh, en), roads (zh)
CN_CITIES = [
    ("上海", "Shanghai", "", "", "200", "21",
     [("浦东新区", "Pudong New Area"), ("徐汇区", "Xuhui District"), ("静安区", "Jing'an District"),
      ("长宁区", "Changning District"), ("闵行区", "Minhang District")],
     ["张江路", "世纪大道", "南京西路", "淮海中路", "漕溪北路", "虹桥路", "陆家嘴环路", "碧波路"]),
    ("北京", "Beijing", "", "", "100", "10",
     [("朝阳区", "Chaoyang District"), ("海淀区", "Haidian District"),
      ("东城区", "Dongcheng District"), ("西城区", "Xicheng District")],
     ["建国路", "中关村大街", "学院路", "东三环中路", "望京街", "知春路", "朝阳北路"]),
    ("深圳", "Shenzhen", "广东省", "Guangdong", "518", "755",
     [("南山区", "Nanshan District"), ("福田区", "Futian District"), ("罗湖区", "Luohu District"),
      ("宝安区", "Bao'an District")],
     ["深南大道", "科技园路", "华强北路", "滨海大道", "福华三路", "宝安大道"]),
    ("广州", "Guangzhou", "广东省", "Guangdong", "510", "20",
     [("天河区", "Tianhe District"), ("越秀区", "Yuexiu District"), ("海珠区", "Haizhu District")],
     ["天河路", "花城大道", "环市东路", "体育西路", "中山大道"]),
    ("杭州", "Hangzhou", "浙江省", "Zhejiang", "310", "571",
     [("西湖区", "Xihu District"), ("滨江区", "Binjiang District"), ("余杭区", "Yuhang District")],
     ["文三路", "江南大道", "文一西路", "天目山路"]),
    ("成都", "Chengdu", "四川省", "Sichuan", "610", "28",
     [("高新区", "High-tech Zone"), ("锦江区", "Jinjiang District"), ("武侯区", "Wuhou District")],
     ["天府大道", "红星路", "人民南路", "科华北路"]),
    ("南京", "Nanjing", "江苏省", "Jiangsu", "210", "25",
     [("鼓楼区", "Gulou District"), ("玄武区", "Xuanwu District"), ("建邺区", "Jianye District")],
     ["中山路", "珠江路", "江东中路", "汉中路"]),
    ("武汉", "Wuhan", "湖北省", "Hubei", "430", "27",
     [("江汉区", "Jianghan District"), ("洪山区", "Hongshan District")],
     ["解放大道", "珞喻路", "中南路"]),
    ("苏州", "Suzhou", "江苏省", "Jiangsu", "215", "512",
     [("工业园区", "Suzhou Industrial Park"), ("姑苏区", "Gusu District")],
     ["星湖街", "人民路", "现代大道"]),
    ("西安", "Xi'an", "陕西省", "Shaanxi", "710", "29",
     [("雁塔区", "Yanta District"), ("碑林区", "Beilin District")],
     ["科技路", "长安南路", "高新路"]),
]
CN_BUILDINGS = [("创新大厦", "Innovation Tower"), ("国际贸易中心", "International Trade Center"),
                ("汇金广场", "Huijin Plaza"), ("时代广场", "Times Square"),
                ("科技园A座", "Tech Park Block A"), ("金融中心", "Financial Center"),
                ("软件园二期", "Software Park Phase II"), ("华润大厦", "China Resources Building")]
CN_ROAD_SUFFIX = [("中路", ["Middle Road", "Rd (M)", "Zhong Road"]),
                  ("西路", ["West Road", "Rd W.", "Road West"]),
                  ("东路", ["East Road", "Rd E.", "Road East"]),
                  ("北路", ["North Road", "Rd N.", "Road North"]),
                  ("南路", ["South Road", "Rd S.", "Road South"]),
                  ("环路", ["Ring Road", "Ring Rd"]),
                  ("大道", ["Avenue", "Ave", "Boulevard", "Dadao"]),
                  ("大街", ["Street", "St", "Dajie"]),
                  ("路", ["Road", "Rd", "Rd."]), ("街", ["Street", "St"])]

HK_DISTRICTS = [("灣仔", "Wan Chai"), ("中環", "Central"), ("銅鑼灣", "Causeway Bay"),
                ("尖沙咀", "Tsim Sha Tsui"), ("觀塘", "Kwun Tong"), ("沙田", "Sha Tin")]
HK_ROADS = [("港灣道", "Harbour Road"), ("皇后大道中", "Queen's Road Central"),
            ("軒尼詩道", "Hennessy Road"), ("彌敦道", "Nathan Road"), ("觀塘道", "Kwun Tong Road"),
            ("德輔道中", "Des Voeux Road Central"), ("告士打道", "Gloucester Road")]
HK_BUILDINGS = [("中環廣場", "Central Plaza"), ("海港中心", "Harbour Centre"),
                ("時代廣場", "Times Square"), ("創紀之城", "Millennium City"),
                ("國際金融中心", "IFC Tower")]

JP_AREAS = [("東京都", "Tokyo", "渋谷区", "Shibuya-ku", "渋谷", "Shibuya", "150-0002", "3"),
            ("東京都", "Tokyo", "港区", "Minato-ku", "六本木", "Roppongi", "106-0032", "3"),
            ("東京都", "Tokyo", "千代田区", "Chiyoda-ku", "丸の内", "Marunouchi", "100-0005", "3"),
            ("東京都", "Tokyo", "新宿区", "Shinjuku-ku", "西新宿", "Nishi-Shinjuku", "160-0023",
             "3"),
            ("大阪府", "Osaka", "大阪市北区", "Kita-ku, Osaka", "梅田", "Umeda", "530-0001", "6"),
            ("神奈川県", "Kanagawa", "横浜市西区", "Nishi-ku, Yokohama", "みなとみらい",
             "Minatomirai", "220-0012", "45")]

# city, region code, region name, postcode maker, area codes
US_CITIES = [("San Francisco", "CA", "California", "941", ["415", "628"]),
             ("Austin", "TX", "Texas", "787", ["512", "737"]),
             ("Chicago", "IL", "Illinois", "606", ["312", "773"]),
             ("New York", "NY", "New York", "100", ["212", "646", "917"]),
             ("Seattle", "WA", "Washington", "981", ["206"]),
             ("Boston", "MA", "Massachusetts", "021", ["617"]),
             ("Denver", "CO", "Colorado", "802", ["303", "720"]),
             ("Atlanta", "GA", "Georgia", "303", ["404", "678"]),
             ("Phoenix", "AZ", "Arizona", "850", ["602", "480"]),
             ("Portland", "OR", "Oregon", "972", ["503"]),
             ("Miami", "FL", "Florida", "331", ["305", "786"]),
             ("Columbus", "OH", "Ohio", "432", ["614"]),
             ("Minneapolis", "MN", "Minnesota", "554", ["612"]),
             ("Nashville", "TN", "Tennessee", "372", ["615"]),
             ("San Diego", "CA", "California", "921", ["619", "858"])]
CA_CITIES = [("Toronto", "ON", "Ontario", "M5V", ["416", "647"]),
             ("Vancouver", "BC", "British Columbia", "V6B", ["604", "778"]),
             ("Montréal", "QC", "Québec", "H3B", ["514", "438"]),
             ("Calgary", "AB", "Alberta", "T2P", ["403", "587"]),
             ("Ottawa", "ON", "Ontario", "K1P", ["613"])]
GB_CITIES = [("London", ["EC1V", "SE1", "N1", "W1F", "SW1A", "E14", "WC2H"], "20"),
             ("Manchester", ["M1", "M2", "M4"], "161"), ("Birmingham", ["B1", "B3", "B5"], "121"),
             ("Leeds", ["LS1", "LS2"], "113"), ("Bristol", ["BS1", "BS8"], "117"),
             ("Edinburgh", ["EH1", "EH3"], "131"), ("Glasgow", ["G1", "G2"], "141"),
             ("Cambridge", ["CB1", "CB2"], "1223"), ("Cardiff", ["CF10"], "29")]
DE_CITIES = [("Berlin", (10115, 14199), "30"), ("München", (80331, 81929), "89"),
             ("Hamburg", (20095, 22769), "40"), ("Köln", (50667, 51149), "221"),
             ("Frankfurt am Main", (60306, 60599), "69"), ("Stuttgart", (70173, 70629), "711"),
             ("Düsseldorf", (40210, 40629), "211"), ("Leipzig", (4103, 4357), "341")]
FR_CITIES = [("Paris", (75001, 75020), "1"), ("Lyon", (69001, 69009), "4"),
             ("Marseille", (13001, 13016), "4"), ("Toulouse", (31000, 31500), "5"),
             ("Bordeaux", (33000, 33800), "5"), ("Lille", (59000, 59800), "3"),
             ("Nantes", (44000, 44300), "2")]
ES_CITIES = [("Madrid", (28001, 28055), "91"), ("Barcelona", (8001, 8042), "93"),
             ("Valencia", (46001, 46026), "96"), ("Sevilla", (41001, 41020), "95"),
             ("Bilbao", (48001, 48015), "94"), ("Málaga", (29001, 29018), "95")]
AU_CITIES = [("Sydney", "NSW", "2000", "2"), ("Parramatta", "NSW", "2150", "2"),
             ("Chatswood", "NSW", "2067", "2"), ("Melbourne", "VIC", "3000", "3"),
             ("Richmond", "VIC", "3121", "3"), ("Brisbane", "QLD", "4000", "7"),
             ("Fortitude Valley", "QLD", "4006", "7"), ("Perth", "WA", "6000", "8"),
             ("Fremantle", "WA", "6160", "8"), ("Adelaide", "SA", "5000", "8")]
IN_CITIES = [("Mumbai", "Maharashtra", "4000", "22", ["Andheri East", "Bandra West", "Powai"]),
             ("Bengaluru", "Karnataka", "5600", "80", ["Indiranagar", "Koramangala",
                                                       "Whitefield"]),
             ("New Delhi", "Delhi", "1100", "11", ["Connaught Place", "Saket", "Nehru Place"]),
             ("Pune", "Maharashtra", "4110", "20", ["Baner", "Kharadi", "Hinjewadi"]),
             ("Hyderabad", "Telangana", "5000", "40", ["Banjara Hills", "Gachibowli"]),
             ("Chennai", "Tamil Nadu", "6000", "44", ["T. Nagar", "Adyar", "Guindy"])]
SG_STREETS = ["Anson Road", "Orchard Road", "Cecil Street", "Robinson Road", "Shenton Way",
              "Changi Business Park Crescent", "Fusionopolis Way", "Jurong West Street 41",
              "Tampines Avenue 5", "Ang Mo Kio Avenue 3"]

EN_STREET_BASES = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lincoln", "Park",
                   "Lake", "Hill", "Church", "Mill", "Station", "King", "Queen", "High",
                   "Victoria", "George", "Albert", "Bridge", "River", "Market", "Spring",
                   "Union", "Franklin", "Jefferson", "Madison", "Sunset", "Highland", "Ridge",
                   "Chestnut", "Walnut", "Willow", "Birch", "Harbour", "Wellington", "Collins",
                   "Elizabeth", "Pitt", "Bourke", "Knox", "Pike", "Front", "Bay", "Granville"]
EN_STREET_TYPES = [("Street", ["St", "St.", "Str"]), ("Avenue", ["Ave", "Ave.", "Av"]),
                   ("Road", ["Rd", "Rd."]), ("Boulevard", ["Blvd", "Blvd."]),
                   ("Drive", ["Dr", "Dr."]), ("Lane", ["Ln", "La"]), ("Court", ["Ct"]),
                   ("Place", ["Pl", "Pl."]), ("Terrace", ["Tce", "Terr"]),
                   ("Crescent", ["Cres", "Cr"]), ("Parade", ["Pde"]), ("Highway", ["Hwy"]),
                   ("Way", ["Wy"]), ("Close", ["Cl"]), ("Square", ["Sq"]),
                   ("Parkway", ["Pkwy"]), ("Circuit", ["Cct"])]
EN_DIRECTIONS = [("North", "N"), ("South", "S"), ("East", "E"), ("West", "W")]
DE_STREETS = ["Hauptstraße", "Bahnhofstraße", "Goethestraße", "Schillerstraße", "Friedrichstraße",
              "Kaiserstraße", "Leopoldstraße", "Mozartstraße", "Berliner Straße",
              "Lindenallee", "Gartenweg", "Königsallee", "Am Marktplatz", "Rosenheimer Straße",
              "Schloßstraße", "Mühlenweg"]
FR_STREETS = ["rue de la Paix", "avenue des Champs-Élysées", "boulevard Haussmann",
              "rue Saint-Honoré", "rue de Rivoli", "avenue Jean Jaurès", "rue Victor Hugo",
              "place Bellecour", "rue de la République", "quai des Chartrons",
              "boulevard de la Croisette", "rue du Faubourg Saint-Antoine"]
ES_STREETS = ["Calle de Alcalá", "Gran Vía", "Paseo de la Castellana", "Calle Mayor",
              "Avenida Diagonal", "Carrer de Balmes", "Calle de Serrano",
              "Avenida de la Constitución", "Calle Larios", "Calle de Colón"]
IN_STREETS = ["MG Road", "14th Cross Road", "100 Feet Road", "Linking Road", "Brigade Road",
              "Residency Road", "Anna Salai", "Baner Road", "Road No. 12", "Outer Ring Road"]
IN_BUILDINGS = ["Sai Residency", "Prestige Tech Park", "Brigade Gateway", "Lodha Excelus",
                "DLF Cyber City", "Embassy Golf Links", "Green Glen Layout", "Shanti Niwas"]
EN_BUILDINGS = ["Riverside House", "The Exchange", "Harbour View Tower", "One Market Plaza",
                "Kingsway Business Park", "Canary Wharf Tower", "Merchant Square"]


@dataclass
class Address:
    country: str
    f: dict  # the parts; meaning depends on the country

    def key(self) -> tuple:
        return (self.country, tuple(sorted(self.f.items())))


def _pinyin_cap(zh: str) -> str:
    return "".join(lazy_pinyin(zh)).capitalize()


def _road_en(road: str, rng: random.Random) -> str:
    for suf, ens in CN_ROAD_SUFFIX:
        if road.endswith(suf):
            stem = road[: -len(suf)]
            return f"{_pinyin_cap(stem)} {rng.choice(ens)}"
    return _pinyin_cap(road)


def _new_address(rng: random.Random, country: str, place: dict, office: bool) -> Address:
    """An address in `place` (city chosen for the person or the company)."""
    c = country
    if c == "CN":
        f = {"road": rng.choice(place["roads"]), "no": str(rng.randint(1, 1999)),
             "district": place["district"]}
        if office or rng.random() < 0.6:
            f["floor"] = str(rng.randint(2, 32))
            f["room"] = f["floor"] + f"{rng.randint(1, 18):02d}"
            if rng.random() < 0.5:
                f["building"] = rng.choice(range(len(CN_BUILDINGS)))
        else:
            f["compound"] = rng.randint(1, 30)
            f["room"] = f"{rng.randint(1, 30)}{rng.randint(1, 4):02d}"
        f["postcode"] = place["postcode"] + _digits(rng, 3)
    elif c == "HK":
        f = {"road": rng.choice(range(len(HK_ROADS))), "no": str(rng.randint(1, 300)),
             "district": place["district"], "floor": str(rng.randint(2, 45)),
             "flat": rng.choice("ABCDEFGH") if not office else str(rng.randint(1, 20)),
             "building": rng.choice(range(len(HK_BUILDINGS)))}
    elif c == "JP":
        f = {"chome": rng.randint(1, 9), "ban": rng.randint(1, 30), "go": rng.randint(1, 20),
             "floor": str(rng.randint(2, 30)) if office else ""}
    elif c in ("US", "CA"):
        base = rng.choice(EN_STREET_BASES)
        ti = rng.randrange(len(EN_STREET_TYPES)) if rng.random() < 0.5 else 0
        f = {"no": str(rng.randint(1, 9899)), "base": base, "type": ti,
             "dir": rng.randrange(4) if rng.random() < 0.15 else -1,
             "unit": (str(rng.randint(100, 2900)) if office else
                      rng.choice(["", "", str(rng.randint(1, 40)) + rng.choice(["", "A", "B"])])),
             "unit_kind": "Suite" if office else "Apt",
             "postcode": place["postcode"] + (
                 _digits(rng, 2) if c == "US" else
                 f" {rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(1, 9)}")}
    elif c in ("GB", "AU"):
        base = rng.choice(EN_STREET_BASES)
        ti = rng.randrange(len(EN_STREET_TYPES)) if rng.random() < 0.5 else 0
        f = {"no": str(rng.randint(1, 300)), "base": base, "type": ti, "dir": -1,
             "unit": str(rng.randint(1, 30)) if (office or rng.random() < 0.35) else "",
             "unit_kind": ("Suite" if c == "AU" else "Floor") if office else (
                 "Unit" if c == "AU" else "Flat"),
             "building": rng.choice(EN_BUILDINGS) if office and rng.random() < 0.3 else ""}
        if c == "GB":
            f["postcode"] = (rng.choice(place["outward"]) + " " + str(rng.randint(1, 9)) +
                             rng.choice("ABDEFGHJLNPQRSTUWXYZ") +
                             rng.choice("ABDEFGHJLNPQRSTUWXYZ"))
        else:
            f["postcode"] = place["postcode"]
    elif c == "DE":
        f = {"street": rng.choice(DE_STREETS), "no": str(rng.randint(1, 180)) +
             (rng.choice("abc") if rng.random() < 0.1 else ""),
             "postcode": f"{rng.randint(*place['range']):05d}",
             "extra": rng.choice(["", "", "3. OG", "Hinterhaus", "2. Etage"]) if office else ""}
    elif c == "FR":
        f = {"street": rng.choice(FR_STREETS), "no": str(rng.randint(1, 150)),
             "bis": rng.random() < 0.08,
             "postcode": f"{rng.randint(*place['range']):05d}",
             "extra": rng.choice(["", "Bât. B", "3e étage", "BP 1204"]) if office else ""}
    elif c == "ES":
        f = {"street": rng.choice(ES_STREETS), "no": str(rng.randint(1, 250)),
             "piso": f"{rng.randint(1, 9)}º {rng.choice('ABCD')}" if rng.random() < 0.7 else "",
             "postcode": f"{rng.randint(*place['range']):05d}"}
    elif c == "IN":
        f = {"flat": str(rng.randint(1, 12)) + f"{rng.randint(1, 9):02d}" if rng.random() < 0.7
             else "", "building": rng.choice(IN_BUILDINGS), "street": rng.choice(IN_STREETS),
             "locality": rng.choice(place["localities"]),
             "postcode": place["postcode"] + f"{rng.randint(1, 99):02d}"}
    elif c == "SG":
        f = {"no": str(rng.randint(1, 300)), "street": rng.choice(SG_STREETS),
             "unit": f"#{rng.randint(2, 30):02d}-{rng.randint(1, 120):02d}",
             "postcode": f"{rng.randint(10, 82):02d}{rng.randint(0, 9999):04d}"}
    else:
        raise ValueError(c)
    f.update({k: v for k, v in place.items() if k in ("city", "region", "cityi", "areai")})
    return Address(c, f)


def _en_street(f: dict, rng: random.Random, abbrev: bool) -> str:
    full, abbrs = EN_STREET_TYPES[f["type"]]
    t = rng.choice(abbrs) if abbrev else full
    s = f"{f['base']} {t}"
    if f.get("dir", -1) >= 0:
        d_full, d_ab = EN_DIRECTIONS[f["dir"]]
        s += " " + (d_ab if abbrev else d_full)
    return s


def format_address(a: Address, rng: random.Random, lang: str = "", level: int = 0) -> str:
    """Write the address as a person would; level 1+ adds abbreviations and dropped parts."""
    f, c = a.f, a.country
    drop_pc = level > 0 and rng.random() < 0.35
    ab = rng.random() < (0.6 if level else 0.3)
    if c == "CN":
        city = CN_CITIES[f["cityi"]]
        dist = city[6][f["district"]]
        if lang != "en":
            parts = []
            if city[2] and rng.random() < 0.4:
                parts.append(city[2])
            parts.append(city[0] + ("市" if rng.random() < 0.75 else ""))
            if not (level and rng.random() < 0.3):
                parts.append(dist[0])
            no = f["no"] + rng.choice(["号", "号", "號", "号"] if level else ["号"])
            parts.append(f["road"] + no)
            if "building" in f:
                parts.append(CN_BUILDINGS[f["building"]][0])
            if "compound" in f:
                parts.append(f"{f['compound']}{rng.choice(['栋', '幢', '号楼'])}")
            if "floor" in f:
                unit = rng.choice([f"{f['floor']}楼{f['room']}室", f"{f['floor']}层{f['room']}",
                                   f"{f['room']}室", f"{f['floor']}F-{f['room']}"])
            else:
                unit = f"{f['room']}室"
            parts.append(unit)
            sep = rng.choice(["", "", " "])
            s = sep.join(parts)
            if not drop_pc and rng.random() < 0.3:
                s += f" 邮编{f['postcode']}" if rng.random() < 0.5 else f"（{f['postcode']}）"
            return s
        unit = (rng.choice([f"Room {f['room']}", f"Rm {f['room']}", f"Unit {f['room']}",
                            f"{f['floor']}/F, Rm {f['room']}" if "floor" in f
                            else f"#{f['room']}"]))
        parts = [unit]
        if "building" in f:
            parts.append(CN_BUILDINGS[f["building"]][1])
        if "compound" in f:
            parts.append(f"Building {f['compound']}")
        parts.append(rng.choice([f"No. {f['no']} ", f"No.{f['no']} ", f"{f['no']} "]) +
                     _road_en(f["road"], rng))
        if not (level and rng.random() < 0.3):
            parts.append(dist[1])
        parts.append(city[1] + ("" if drop_pc else " " + f["postcode"]))
        if rng.random() < 0.5:
            parts.append(rng.choice(["China", "P.R. China", "PRC", "P.R.C."]))
        return ", ".join(parts)
    if c == "HK":
        dist = HK_DISTRICTS[f["district"]]
        road = HK_ROADS[f["road"]]
        bld = HK_BUILDINGS[f["building"]]
        if lang == "zh":
            return (f"香港{dist[0]}{road[0]}{f['no']}號{bld[0]}{f['floor']}樓"
                    f"{f['flat']}{'室' if f['flat'].isdigit() else '座'}")
        unit = rng.choice([f"Flat {f['flat']}, {f['floor']}/F", f"{f['floor']}/F, Unit {f['flat']}",
                           f"Unit {f['flat']}, {f['floor']}th Floor"])
        return ", ".join([unit, bld[1], f"{f['no']} {road[1]}", dist[1],
                          rng.choice(["Hong Kong", "HK", "Hong Kong SAR"])])
    if c == "JP":
        ar = JP_AREAS[f["areai"]]
        num = f"{f['chome']}-{f['ban']}-{f['go']}"
        if lang == "ja":
            s = ("" if drop_pc else f"〒{ar[6]} ") + f"{ar[0]}{ar[2]}{ar[4]}{num}"
            return s + (f" {f['floor']}F" if f["floor"] else "")
        s = f"{num} {ar[5]}, {ar[3]}, {ar[1]}" + ("" if drop_pc else f" {ar[6]}")
        if f["floor"]:
            s = f"{f['floor']}F, " + s
        return s + (", Japan" if rng.random() < 0.5 else "")
    if c in ("US", "CA"):
        street = f"{f['no']} {_en_street(f, rng, ab)}"
        unit = ""
        if f["unit"]:
            kinds = (["Suite", "Ste", "Ste.", "#", "Unit", "Fl"] if f["unit_kind"] == "Suite"
                     else ["Apt", "Apt.", "#", "Unit"])
            k = rng.choice(kinds) if level or rng.random() < 0.5 else f["unit_kind"]
            unit = f"#{f['unit']}" if k == "#" else f"{k} {f['unit']}"
        region = f["region"][1] if (ab or level == 0) else f["region"][2]
        if c == "CA" and rng.random() < 0.3 and unit and not unit.startswith("#"):
            first = f"{f['unit']}-{street}"
            unit = ""
        else:
            first = street
        tail = f"{f['city']}, {region}" + ("" if drop_pc else f" {f['postcode']}")
        if c == "US" and not drop_pc and level and rng.random() < 0.15:
            tail += f"-{_digits(rng, 4)}"
        parts = [first] + ([unit] if unit else []) + [tail]
        if rng.random() < 0.2:
            parts.append("USA" if c == "US" else "Canada")
        s = ", ".join(parts) if rng.random() < 0.8 else " ".join(parts)
        return s.upper() if level and rng.random() < 0.1 else s
    if c in ("GB", "AU"):
        street = f"{f['no']} {_en_street(f, rng, ab)}"
        parts = []
        if f["unit"]:
            if c == "AU" and f["unit_kind"] == "Unit" and rng.random() < 0.5:
                street = f"{f['unit']}/{street}"
            else:
                k = f["unit_kind"]
                if k == "Floor":
                    parts.append(rng.choice([f"Floor {f['unit']}", f"{f['unit']}th Floor",
                                             f"Level {f['unit']}"]))
                else:
                    parts.append(f"{rng.choice([k, k, k[:1] + '.' if k == 'Unit' else k])} "
                                 f"{f['unit']}")
        if f.get("building"):
            parts.append(f["building"])
        parts.append(street)
        if c == "GB":
            parts.append(f["city"])
            if not drop_pc:
                pc = f["postcode"]
                parts.append(pc if rng.random() < 0.8 else pc.replace(" ", ""))
            if rng.random() < 0.2:
                parts.append(rng.choice(["UK", "United Kingdom"]))
            return ", ".join(parts)
        tail = f"{f['city']} {f['region'][1]}" + ("" if drop_pc else f" {f['postcode']}")
        parts.append(tail)
        if rng.random() < 0.15:
            parts.append("Australia")
        s = ", ".join(parts)
        return s.upper() if level and rng.random() < 0.1 else s
    if c == "DE":
        street = f["street"]
        if ab or level:
            v = rng.random()
            if "straße" in street and v < 0.5:
                street = street.replace("straße", "str.").replace("Straße", "Str.")
            elif "straße" in street and v < 0.8:
                street = street.replace("straße", "strasse").replace("Straße", "Strasse")
            street = street.replace("ß", "ss") if rng.random() < 0.2 else street
        pc = "" if drop_pc else (("D-" if rng.random() < 0.15 else "") + f["postcode"] + " ")
        parts = [f"{street} {f['no']}"] + ([f["extra"]] if f["extra"] else []) + \
            [f"{pc}{f['city']}"]
        if rng.random() < 0.15:
            parts.append("Deutschland" if rng.random() < 0.5 else "Germany")
        return ", ".join(parts)
    if c == "FR":
        street = f["street"]
        if ab or level:
            for long, short in (("avenue", "av."), ("boulevard", "bd"), ("rue", "r."),
                                ("place", "pl."), ("quai", "q.")):
                if street.startswith(long) and rng.random() < 0.6:
                    street = short + street[len(long):]
        no = f["no"] + (" bis" if f["bis"] else "")
        first = f"{no}{rng.choice([' ', ', '])}{street}"
        city = f["city"].upper() if rng.random() < 0.4 else f["city"]
        parts = ([f["extra"]] if f["extra"] else []) + [first] + \
            [(f"{f['postcode']} " if not drop_pc else "") + city]
        if rng.random() < 0.15:
            parts.append("France")
        return ", ".join(parts)
    if c == "ES":
        street = f["street"]
        if ab or level:
            for long, short in (("Calle de ", "C/ "), ("Calle ", "C/ "), ("Avenida ", "Avda. "),
                                ("Paseo de la ", "Pº de la "), ("Carrer de ", "C/ ")):
                if street.startswith(long) and rng.random() < 0.6:
                    street = short + street[len(long):]
                    break
        first = f"{street}, {f['no']}" if rng.random() < 0.6 else f"{street} {f['no']}"
        if f["piso"]:
            first += ", " + (f["piso"].replace(" ", "") if level else f["piso"])
        pc = "" if drop_pc else f"{f['postcode']} "
        parts = [first, f"{pc}{f['city']}"]
        if rng.random() < 0.15:
            parts.append("España" if rng.random() < 0.6 else "Spain")
        return ", ".join(parts)
    if c == "IN":
        street = f["street"].replace("Road", "Rd") if ab else f["street"]
        parts = []
        if f["flat"]:
            parts.append(rng.choice([f"Flat {f['flat']}", f"#{f['flat']}", f"No. {f['flat']}"]))
        parts += [f["building"], street, f["locality"], f["city"]]
        region = f["region"]
        parts.append(region + ("" if drop_pc else rng.choice([" ", " - ", " "]) + f["postcode"]))
        return ", ".join(parts)
    if c == "SG":
        parts = [f"{f['no']} {f['street'].replace('Road', 'Rd') if ab else f['street']}",
                 f["unit"], "Singapore" + ("" if drop_pc else f" {f['postcode']}")]
        return ", ".join(parts)
    raise ValueError(c)


def _new_place(rng: random.Random, country: str) -> tuple[dict, str]:
    """(a city for addresses, the area code of its landlines)."""
    c = country
    if c == "CN":
        i = rng.randrange(len(CN_CITIES))
        city = CN_CITIES[i]
        return ({"cityi": i, "postcode": city[4], "roads": city[7],
                 "district": rng.randrange(len(city[6]))}, city[5])
    if c == "HK":
        return {"district": rng.randrange(len(HK_DISTRICTS))}, ""
    if c == "JP":
        i = rng.randrange(len(JP_AREAS))
        return {"areai": i}, JP_AREAS[i][7]
    if c in ("US", "CA"):
        city = rng.choice(US_CITIES if c == "US" else CA_CITIES)
        return ({"city": city[0], "region": (city[1], city[1], city[2]), "postcode": city[3]},
                rng.choice(city[4]))
    if c == "GB":
        city = rng.choice(GB_CITIES)
        return {"city": city[0], "outward": city[1]}, city[2]
    if c == "AU":
        city = rng.choice(AU_CITIES)
        return ({"city": city[0], "region": (city[1], city[1]), "postcode": city[2]}, city[3])
    if c in ("DE", "FR", "ES"):
        city = rng.choice({"DE": DE_CITIES, "FR": FR_CITIES, "ES": ES_CITIES}[c])
        return {"city": city[0], "range": city[1]}, city[2]
    if c == "IN":
        city = rng.choice(IN_CITIES)
        return ({"city": city[0], "region": city[1], "postcode": city[2],
                 "localities": city[4]}, city[3])
    if c == "SG":
        return {}, ""
    raise ValueError(c)


# --------------------------------------------------------------------------------------------
# Companies and titles
# --------------------------------------------------------------------------------------------

BRAND_WORDS = ["Northwind", "Bluepeak", "Ironbark", "Silverline", "Brightwater", "Redwood",
               "Kestrel", "Halcyon", "Lumen", "Vantage", "Cobalt", "Summit", "Harborlight",
               "Meridian", "Aurora", "Pinnacle", "Evergreen", "Granite", "Tidewater", "Orchard",
               "Foxglove", "Beacon", "Keystone", "Clearview", "Sterling", "Ashford", "Crescent",
               "Fairmont", "Juniper", "Larkspur", "Nimbus", "Oakridge", "Quartz", "Riverbend",
               "Sable", "Thistle", "Upland", "Verity", "Zephyr", "Acorn", "Bramble", "Driftwood",
               "Ember", "Flint", "Glacier", "Indigo", "Jasper", "Kinetic", "Lattice", "Mosaic",
               "Onyx", "Paragon", "Quill", "Saffron", "Tandem", "Wren", "Yarrow", "Blackthorn"]
COIN_A = ["Vel", "Zan", "Tor", "Quin", "Lux", "Nex", "Ori", "Sol", "Ver", "Kal", "Dyn", "Aer",
          "Cor", "Mar", "Tri", "Syn", "Ax", "Eon", "Zy", "Opt", "Bri", "Hel"]
COIN_B = ["ora", "ix", "ent", "is", "on", "ium", "ex", "era", "ica", "ify", "o", "ly", "ara",
          "iq", "ova", "ant"]
INDUSTRIES_EN = ["Logistics", "Realty", "Dental Group", "Software", "Analytics", "Capital",
                 "Partners", "Solicitors", "Architects", "Coffee Roasters", "Builders", "Foods",
                 "Pharma", "Medical", "Insurance Brokers", "Consulting", "Robotics", "Energy",
                 "Solar", "Packaging", "Print", "Motors", "Hotels", "Travel", "Labs", "Studio",
                 "Design", "Marketing", "Law", "Accountants", "Engineering",
                 "Plumbing & Heating", "Electrical", "Interiors", "Fitness", "Wines", "Apparel",
                 "Cosmetics", "Biotech", "Semiconductors", "Freight", "Properties",
                 "Wealth Management", "Veterinary Clinic", "Translation Services", "Events",
                 "Security", "Networks", "Cloud", "Health"]
INDUSTRIES_DE = ["Maschinenbau", "Logistik", "Elektrotechnik", "Immobilien", "Steuerberatung",
                 "Versicherungsmakler", "Softwareentwicklung", "Medizintechnik", "Bau",
                 "Automation", "Verpackungen", "Druckerei"]
INDUSTRIES_FR = ["Immobilier", "Conseil", "Transports", "Architectes", "Assurances",
                 "Informatique", "Cosmétiques", "Ingénierie", "Distribution", "Avocats"]
INDUSTRIES_ES = ["Inmobiliaria", "Asesores", "Transportes", "Construcciones", "Abogados",
                 "Consultoría", "Alimentación", "Energía", "Logística", "Ingeniería"]
LEGAL = {"US": ["Inc.", "LLC", "Corp.", "Co.", "", ""], "CA": ["Inc.", "Ltd.", "Corp.", ""],
         "GB": ["Ltd", "Limited", "LLP", "plc", ""], "AU": ["Pty Ltd", "Pty. Ltd.", ""],
         "DE": ["GmbH", "AG", "GmbH & Co. KG", "e.K."], "FR": ["SAS", "SARL", "SA"],
         "ES": ["S.L.", "S.A.", "SL"], "IN": ["Pvt. Ltd.", "Private Limited", "LLP"],
         "SG": ["Pte. Ltd.", "Pte Ltd"], "HK": ["Limited", "Ltd."], "JP": ["Co., Ltd.", "K.K."]}
LEGAL_VARIANTS = {"Inc.": ["Inc", "Incorporated", ""], "LLC": ["L.L.C.", ""],
                  "Corp.": ["Corporation", "Corp", ""], "Co.": ["Company", ""],
                  "Ltd": ["Ltd.", "Limited", ""], "Limited": ["Ltd", "Ltd.", ""],
                  "Pty Ltd": ["Pty. Ltd.", "P/L", ""], "Pty. Ltd.": ["Pty Ltd", ""],
                  "GmbH": [""], "AG": [""], "GmbH & Co. KG": ["GmbH & Co.KG", ""],
                  "SAS": ["S.A.S.", ""], "SARL": ["S.A.R.L.", ""], "SA": ["S.A.", ""],
                  "S.L.": ["SL", ""], "S.A.": ["SA", ""], "SL": ["S.L.", ""],
                  "Pvt. Ltd.": ["Pvt Ltd", "Private Limited", ""],
                  "Private Limited": ["Pvt. Ltd.", ""], "LLP": [""], "plc": ["PLC", ""],
                  "Pte. Ltd.": ["Pte Ltd", ""], "Pte Ltd": ["Pte. Ltd.", ""],
                  "Ltd.": ["Limited", "Ltd", ""], "Co., Ltd.": ["Co. Ltd", ""], "K.K.": [""],
                  "": [""], "e.K.": [""]}
ZH_BRANDS = ["恒瑞", "华信", "中泰", "鼎盛", "瑞丰", "博远", "星辰", "天成", "金诚", "宏达",
             "永信", "汇通", "嘉和", "盛世", "新锐", "云帆", "海纳", "德润", "远景", "启明",
             "精诚", "卓越", "安泰", "锦程", "睿智", "华茂", "同创", "青禾", "九州", "易达"]
ZH_INDUSTRIES = [("信息科技", "Information Technology", "Tech"),
                 ("网络科技", "Network Technology", "Network"),
                 ("电子", "Electronics", "Electronics"),
                 ("贸易", "Trading", "Trading"), ("物流", "Logistics", "Logistics"),
                 ("医疗器械", "Medical Devices", "Medical"),
                 ("生物医药", "Biopharmaceutical", "Bio"),
                 ("建筑工程", "Construction Engineering", "Construction"),
                 ("房地产经纪", "Real Estate Agency", "Realty"), ("食品", "Food", "Food"),
                 ("文化传媒", "Culture Media", "Media"), ("新能源", "New Energy", "Energy"),
                 ("机械设备", "Machinery", "Machinery"),
                 ("包装材料", "Packaging Materials", "Pack"),
                 ("教育科技", "Education Technology", "Edu"),
                 ("企业管理咨询", "Management Consulting", "Consulting"),
                 ("进出口", "Import & Export", "Imp & Exp"), ("化工", "Chemical", "Chem"),
                 ("家具", "Furniture", "Furniture"), ("汽车零部件", "Auto Parts", "Auto Parts")]
TLD = {"CN": [".com", ".cn", ".com.cn"],
       "HK": [".com.hk", ".com", ".hk"], "SG": [".com.sg", ".sg"],
       "JP": [".co.jp", ".jp", ".com"], "IN": [".in", ".co.in", ".com"],
       "US": [".com", ".io", ".co"],
       "CA": [".ca", ".com"], "GB": [".co.uk", ".com", ".uk"], "DE": [".de", ".com"],
       "FR": [".fr", ".com"], "ES": [".es", ".com"], "AU": [".com.au", ".au"]}

TITLES_EN = ["Realtor", "Real Estate Broker", "Solicitor", "Barrister", "Chartered Accountant",
             "Account Executive", "Key Account Manager", "Sales Director", "Regional Sales Manager",
             "Business Development Manager", "Procurement Manager", "Purchasing Agent", "Buyer",
             "Customer Service Representative", "Office Manager", "Chief Executive Officer",
             "Founder & CEO", "Managing Director", "Partner", "Senior Associate", "Paralegal",
             "Software Engineer", "Senior Software Engineer", "Product Manager",
             "Head of Marketing", "Marketing Coordinator", "HR Business Partner",
             "Talent Acquisition Specialist", "Financial Advisor", "Mortgage Broker",
             "Insurance Agent", "Loan Officer", "Property Manager", "Architect",
             "Civil Engineer", "Project Manager", "Operations Manager", "Supply Chain Analyst",
             "Logistics Coordinator", "Store Manager", "Dental Hygienist", "Pharmacist",
             "Veterinarian", "Interior Designer", "Graphic Designer", "Event Planner",
             "Travel Consultant", "Tax Consultant", "Bookkeeper", "Site Supervisor",
             "Quantity Surveyor", "Estimator", "IT Support Technician", "Data Scientist",
             "Chief Technology Officer", "Chief Financial Officer", "Vice President of Sales",
             "Vice President, Engineering", "Director of Operations", "Senior Vice President"]
TITLES_DE = ["Geschäftsführer", "Vertriebsleiter", "Einkaufsleiter", "Kundenberaterin",
             "Rechtsanwalt", "Steuerberater", "Projektleiter", "Softwareentwickler", "Prokurist",
             "Immobilienmakler", "Leiterin Marketing"]
TITLES_FR = ["Directeur commercial", "Responsable achats", "Chargée de clientèle", "Avocat",
             "Expert-comptable", "Agent immobilier", "Chef de projet", "Ingénieur commercial",
             "Gérant"]
TITLES_ES = ["Director comercial", "Jefe de compras", "Asesor inmobiliario", "Abogada",
             "Gerente", "Ejecutivo de cuentas", "Responsable de atención al cliente"]
TITLES_ZH = [("销售经理", "Sales Manager"), ("销售总监", "Sales Director"), ("采购", "Purchaser"),
             ("采购经理", "Purchasing Manager"), ("客服", "Customer Service"),
             ("客服主管", "Customer Service Supervisor"), ("总经理", "General Manager"),
             ("副总经理", "Deputy General Manager"), ("董事长", "Chairman"),
             ("市场部经理", "Marketing Manager"), ("财务总监", "CFO"),
             ("行政助理", "Administrative Assistant"), ("技术总监", "Technical Director"),
             ("软件工程师", "Software Engineer"), ("产品经理", "Product Manager"),
             ("人力资源经理", "HR Manager"), ("区域经理", "Regional Manager"),
             ("大客户经理", "Key Account Manager"), ("外贸业务员", "Foreign Trade Sales"),
             ("律师", "Lawyer"), ("会计", "Accountant"), ("房产经纪人", "Real Estate Agent"),
             ("项目经理", "Project Manager"), ("高级工程师", "Senior Engineer"),
             ("运营总监", "Operations Director"), ("业务经理", "Business Manager")]
TITLES_JA = ["営業部長", "課長", "代表取締役", "エンジニア", "マネージャー", "主任"]
TITLE_ABBREV = [("Vice President", "VP"), ("Senior", "Sr."), ("Manager", "Mgr"),
                ("Director", "Dir."), ("Chief Executive Officer", "CEO"),
                ("Chief Technology Officer", "CTO"), ("Chief Financial Officer", "CFO"),
                ("Business Development", "BD"), ("Representative", "Rep"),
                ("Assistant", "Asst."), ("Customer Service", "Customer Svc"),
                (" of ", " "), (", ", " ")]
ASSISTANT_TITLES = ["Executive Assistant", "Personal Assistant to the CEO", "Office Manager",
                    "Secretary"]

PERSONAL_DOMAINS = {"CN": ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"],
                    "HK": ["gmail.com", "yahoo.com.hk", "netvigator.com"],
                    "SG": ["gmail.com", "hotmail.com", "singnet.com.sg"],
                    "JP": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
                    "IN": ["gmail.com", "yahoo.co.in", "rediffmail.com"],
                    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"],
                    "CA": ["gmail.com", "outlook.com", "shaw.ca"],
                    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com"],
                    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com"],
                    "FR": ["orange.fr", "free.fr", "gmail.com", "laposte.net"],
                    "ES": ["gmail.com", "hotmail.es", "telefonica.net"],
                    "AU": ["gmail.com", "bigpond.com", "outlook.com.au"]}

NOTES_EN = ["Met at the trade show booth", "Interested in the Pro plan", "Call back after Q3",
            "Prefers WhatsApp", "Referred by a customer", "Wants a quote for 200 units",
            "Asked for the brochure", "Decision maker", "Budget approved for next year",
            "Spoke at the conference", "Follow up in two weeks", "Existing customer"]
NOTES_ZH = ["展会上认识", "对专业版感兴趣", "下季度再联系", "偏好微信联系", "客户推荐",
            "需要报价", "决策人", "已寄样品", "老客户", "下周回访"]

# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------


@dataclass
class Company:
    country: str
    names: list[str]  # surface forms: [canonical, variants...]
    domain: str
    switchboard: Phone
    office: Address
    lang: str  # en | zh | de | fr | es | ja


@dataclass
class Person:
    pid: int
    country: str
    script: str  # latin | zh | hk | sg | ja | in
    given: str
    family: str
    gender: str
    zh_given: str = ""
    zh_family: str = ""
    py_given: str = ""
    py_family: str = ""
    en_name: str = ""  # an English name a Chinese person uses
    middle: str = ""
    suffix: str = ""
    ja_roman: tuple[str, str] = ("", "")
    mobile: Phone | None = None
    work: Phone | None = None
    home: Phone | None = None
    email_work: str = ""
    email_personal: str = ""
    company: Company | None = None
    title: str = ""
    title_alt: str = ""
    address: Address | None = None  # the address this contact was captured with
    group: str = ""  # hard-negative group kind
    gid: int = -1
    keep_suffix: bool = False
    tags: list[str] = field(default_factory=list)


def _ascii(s: str) -> str:
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace(
        "Ł", "L").replace("đ", "d").replace("Đ", "D").replace("æ", "ae").replace("œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _display_key(p: Person) -> str:
    return p.zh_family + p.zh_given if p.script == "zh" else f"{p.given} {p.family}".lower()


def _slug(s: str) -> str:
    return "".join(ch for ch in _ascii(s).lower() if ch.isalnum())


class _World:
    """All random state of one generation: one rng, seeded Faker instances, uniqueness sets."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        self.seed = seed
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()
        self.used_domains: set[str] = set()
        self.companies: dict[str, list[Company]] = defaultdict(list)
        self.names_at: set[tuple[int, str]] = set()
        self.next_pid = 0

    def faker(self, loc: str) -> Faker:
        if loc not in self.fakers:
            fk = Faker(loc)
            fk.seed_instance(self.seed * 7919 + len(self.fakers))
            self.fakers[loc] = fk
        return self.fakers[loc]

    # -- names --------------------------------------------------------------------------------
    def name_for(self, country: str, p: Person, gender: str) -> None:
        rng = self.rng
        src = rng.choices([s for s, _ in NAME_SOURCES[country]],
                          [w for _, w in NAME_SOURCES[country]])[0]
        p.gender = gender
        if src == "ZH" or src == "ZHPY":
            fam_zh, fam_py = rng.choices(ZH_SURNAMES, ZH_SURNAME_WEIGHTS)[0]
            n = 1 if rng.random() < 0.35 else 2
            chars = []
            for k in range(n):
                if rng.random() < 0.75:
                    chars.append(rng.choice(rng.choice(HOMOPHONES)))
                else:
                    chars.append(rng.choice(ZH_GIVEN_EXTRA))
                if k == 1 and chars[0] == chars[1]:
                    chars[1] = rng.choice(ZH_GIVEN_EXTRA)
            p.zh_family, p.zh_given = fam_zh, "".join(chars)
            p.py_family = fam_py
            p.py_given = "".join(lazy_pinyin(p.zh_given)).capitalize().replace("v", "ü")
            p.script = "zh"
            p.family, p.given = p.py_family, p.py_given
            if src == "ZHPY" or rng.random() < 0.25:
                p.en_name = rng.choice(EN_NAMES_ZH)
            if src == "ZHPY":
                p.script = "zhpy"  # overseas Chinese: written in Latin letters
            return
        if src == "HK":
            zh, rom = rng.choice(CANTONESE)
            p.script, p.family, p.zh_family = "hk", rom, zh
            p.given = rng.choice(["Kelvin", "Ivan", "Alvin", "Winnie", "Karen", "Gigi", "Ken",
                                  "Raymond", "Stanley", "Queenie", "Carmen", "Eddie", "Vincent"])
            p.py_given = rng.choice(["Tai Man", "Ka Ming", "Wai Kit", "Siu Ling", "Mei Yee",
                                     "Chi Keung", "Ho Yin"])
            return
        if src == "SG":
            p.script, p.family = "sg", rng.choice(HOKKIEN)
            p.py_given = rng.choice(SG_GIVEN)
            p.given = rng.choice(EN_NAMES_ZH) if rng.random() < 0.6 else p.py_given
            return
        if src == "SGX":
            full = rng.choice(MALAY_INDIAN_SG).split(" ")
            p.script, p.given, p.family = "latin", full[0], " ".join(full[1:])
            return
        if src == "IN":
            p.script = "in"
            p.given = rng.choice(IN_GIVEN_M if gender == "m" else IN_GIVEN_F)
            p.family = rng.choice(IN_SURNAMES)
            return
        if src == "ja_JP":
            fk = self.faker("ja_JP")
            g = fk.first_name_male_pair() if gender == "m" else fk.first_name_female_pair()
            f = fk.last_name_pair()
            p.script, p.given, p.family = "ja", g[0], f[0]
            p.ja_roman = (g[2], f[2])
            return
        fk = self.faker(src)
        lang = LANG_OF_LOCALE.get(src, "")
        formal = [n for n in NICK_BY_LANG.get(lang, [])]
        if formal and rng.random() < 0.55:
            p.given = rng.choice(formal)
        else:
            p.given = fk.first_name_male() if gender == "m" else fk.first_name_female()
        p.family = fk.last_name()
        if src in ("es_ES", "es_MX") and rng.random() < 0.55:
            p.family += " " + fk.last_name()
        p.script = "latin"
        if rng.random() < 0.08:
            p.middle = rng.choice("ABCDEFGHJKLMNPRSTW")

    # -- companies ----------------------------------------------------------------------------
    def company(self, country: str) -> Company:
        """An existing company of the country (so colleagues arise) or a new one."""
        pool = self.companies[country]
        if pool and self.rng.random() < min(0.55, 0.04 * len(pool)):
            weights = [1.0 / (i + 1) for i in range(len(pool))]
            return self.rng.choices(pool, weights)[0]
        comp = self.new_company(country)
        pool.append(comp)
        return comp

    def new_company(self, country: str, small: bool = False) -> Company:
        rng = self.rng
        c = country
        place, area = _new_place(rng, c)
        lang = {"CN": "zh", "DE": "de", "FR": "fr", "ES": "es", "JP": "ja"}.get(c, "en")
        if c == "CN":
            brand = rng.choice(ZH_BRANDS)
            ind = rng.choice(ZH_INDUSTRIES)
            city_zh, city_en = CN_CITIES[place["cityi"]][0], CN_CITIES[place["cityi"]][1]
            brand_py = "".join(lazy_pinyin(brand)).capitalize()
            canonical = f"{city_zh}{brand}{ind[0]}有限公司"
            names = [canonical, f"{brand}{ind[0]}", f"{city_zh}{brand}{ind[0]}有限责任公司",
                     f"{city_en} {brand_py} {ind[1]} Co., Ltd.", f"{brand_py} {ind[2]}",
                     f"{brand}{ind[0][:2]}"]
            slug = brand_py.lower() + rng.choice(["", "tech", "group", "-" + _slug(ind[2])[:4]])
        elif c == "JP":
            fk = self.faker("ja_JP")
            fam = fk.last_name_pair()
            ind = rng.choice([("商事", "Trading"), ("工業", "Industries"), ("電機", "Electric"),
                              ("不動産", "Real Estate"), ("システムズ", "Systems")])
            canonical = f"株式会社{fam[0]}{ind[0]}"
            names = [canonical, f"{fam[0]}{ind[0]}株式会社", f"{fam[2]} {ind[1]} Co., Ltd.",
                     f"{fam[2]} {ind[1]}"]
            slug = _slug(fam[2]) + "-" + _slug(ind[1])[:6]
        else:
            style = rng.random()
            legal = rng.choice(LEGAL[c])
            if c == "DE":
                fam = self.faker("de_DE").last_name()
                core = f"{fam} {rng.choice(INDUSTRIES_DE)}" if style < 0.6 else \
                    f"{rng.choice(BRAND_WORDS)} {rng.choice(INDUSTRIES_DE)}"
            elif c == "FR":
                fam = self.faker("fr_FR").last_name()
                core = rng.choice([f"{fam} {rng.choice(INDUSTRIES_FR)}", f"{fam} & Fils",
                                   f"{rng.choice(BRAND_WORDS)} {rng.choice(INDUSTRIES_FR)}"])
            elif c == "ES":
                fam = self.faker("es_ES").last_name()
                core = rng.choice([f"{rng.choice(INDUSTRIES_ES)} {fam}",
                                   f"{fam} {rng.choice(INDUSTRIES_ES)}",
                                   f"Grupo {rng.choice(BRAND_WORDS)}"])
            else:
                fam = self.faker("en_GB" if c in ("GB", "AU") else "en_US").last_name()
                if style < 0.35:
                    core = f"{rng.choice(BRAND_WORDS)} {rng.choice(INDUSTRIES_EN)}"
                elif style < 0.55:
                    core = f"{rng.choice(COIN_A)}{rng.choice(COIN_B)}"
                    core += rng.choice(["", " " + rng.choice(INDUSTRIES_EN)])
                elif style < 0.75:
                    core = f"{fam} {rng.choice(INDUSTRIES_EN)}"
                elif style < 0.85:
                    core = f"{fam} & {rng.choice(['Sons', 'Co', 'Partners', 'Associates'])}"
                else:
                    w = rng.choice(BRAND_WORDS)
                    core = f"{w} {rng.choice(['Group', 'Holdings', 'Solutions', 'Systems'])}"
            canonical = f"{core} {legal}".strip()
            alts = [f"{core} {v}".strip() for v in LEGAL_VARIANTS.get(legal, [""])]
            short = core.split(" ")[0] if len(core.split(" ")) > 1 else core
            names = [canonical, *alts, short if len(short) > 4 else core]
            words = [x for x in core.split(" ") if x.isalpha() and len(x) > 1]
            slug = _slug(words[0] if words else core)
            if len(words) > 1 and rng.random() < 0.4:
                slug += rng.choice(["", "-"]) + _slug(words[1])
        domain = slug + rng.choice(TLD[c])
        while domain in self.used_domains:
            domain = slug + str(rng.randint(2, 99)) + rng.choice(TLD[c])
        self.used_domains.add(domain)
        board = _new_phone(rng, c, "switchboard", area, self.used_phones)
        office = _new_address(rng, c, place, office=True)
        comp = Company(c, names, domain, board, office, lang)
        comp.place, comp.area = place, area  # type: ignore[attr-defined]
        return comp

    # -- people -------------------------------------------------------------------------------
    def person(self, country: str | None = None, company: Company | bool | None = True,
               gender: str | None = None) -> Person:
        rng = self.rng
        c = country or rng.choices(list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values()))[0]
        p = Person(pid=self.next_pid, country=c, script="latin", given="", family="", gender="")
        self.next_pid += 1
        self.name_for(c, p, gender or rng.choice("mf"))
        place, area = _new_place(rng, c)
        p.mobile = _new_phone(rng, c, "mobile", area, self.used_phones)
        if company is True:
            company = self.company(c) if rng.random() < 0.85 else None
        p.company = company or None
        if p.company:  # two people of one name at one firm only where a group wants it
            key = (id(p.company), _display_key(p))
            while key in self.names_at:
                self.name_for(c, p, p.gender)
                key = (id(p.company), _display_key(p))
            self.names_at.add(key)
        self.assign_title(p)
        if p.company:
            ext = str(rng.randint(100, 8999)) if rng.random() < 0.3 else ""
            if rng.random() < 0.5:
                p.work = Phone(c, p.company.switchboard.nsn, p.company.switchboard.groups,
                               "work", ext)
            else:
                p.work = _new_phone(rng, c, "work", p.company.area, self.used_phones)  # type: ignore
            p.email_work = self.unique_email(p, p.company.domain)
            p.address = p.company.office if rng.random() < 0.8 else \
                _new_address(rng, c, place, office=False)
        else:
            p.address = _new_address(rng, c, place, office=False)
        if rng.random() < 0.6 or not p.company:
            p.email_personal = self.unique_email(p, rng.choice(PERSONAL_DOMAINS[c]), True)
        if rng.random() < 0.12:
            p.home = _new_phone(rng, c, "home", area, self.used_phones)
        return p

    def assign_title(self, p: Person) -> None:
        rng = self.rng
        if not p.company:
            p.title = rng.choice(["Realtor", "Consultant", "Freelance Designer", "Photographer",
                                  "Tutor", "Personal Trainer", ""]) if p.country != "CN" else \
                rng.choice(["个体经营", "自由职业", ""])
            return
        lang = p.company.lang
        if lang == "zh":
            zh, en = rng.choice(TITLES_ZH)
            p.title, p.title_alt = (zh, en) if rng.random() < 0.8 else (en, zh)
        elif lang == "ja":
            p.title = rng.choice(TITLES_JA)
        elif lang in ("de", "fr", "es") and rng.random() < 0.7:
            p.title = rng.choice({"de": TITLES_DE, "fr": TITLES_FR, "es": TITLES_ES}[lang])
        else:
            p.title = rng.choice(TITLES_EN)
            alt = p.title
            for long, short in TITLE_ABBREV:
                if long in alt and rng.random() < 0.7:
                    alt = alt.replace(long, short)
            p.title_alt = alt if alt != p.title else ""

    def refresh_emails(self, p: Person) -> None:
        """Emails made again after a group gave the person another name."""
        if p.email_work and p.company:
            p.email_work = self.unique_email(p, p.company.domain)
        if p.email_personal:
            p.email_personal = self.unique_email(
                p, p.email_personal.split("@", 1)[1], personal=True)

    def unique_email(self, p: Person, domain: str, personal: bool = False) -> str:
        rng = self.rng
        if p.script in ("zh", "zhpy", "sg", "hk"):
            g = _slug(p.py_given or p.given)
            f = _slug(p.py_family or p.family)
            en = _slug(p.en_name or p.given)
        elif p.script == "ja":
            g, f = _slug(p.ja_roman[0]), _slug(p.ja_roman[1])
            en = g
        else:
            g, f = _slug(p.given), _slug(p.family.split(" ")[0])
            en = g
        if personal and p.country == "CN" and rng.random() < 0.5:
            local = str(rng.randint(10000000, 3999999999)) if domain == "qq.com" else \
                p.mobile.nsn if p.mobile else f + g
        else:
            forms = [f"{g}.{f}", f"{g[:1]}{f}", f"{g}{f[:1]}", f"{g}", f"{g}_{f}", f"{f}{g}",
                     f"{en}.{f}", f"{f}.{g}"]
            if personal:
                forms += [f"{g}{f}{rng.randint(1, 99)}", f"{g}.{f}{rng.randint(60, 99)}",
                          f"{en}{rng.randint(100, 999)}"]
            local = rng.choice(forms)
        email = f"{local}@{domain}"
        k = 2
        while email in self.used_emails:
            email = f"{local}{k}@{domain}"
            k += 1
        self.used_emails.add(email)
        return email


# --------------------------------------------------------------------------------------------
# Rendering a person as one captured record, and the perturbations of a second capture
# --------------------------------------------------------------------------------------------

QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_POS = {ch: (r, c) for r, row in enumerate(QWERTY) for c, ch in enumerate(row)}


def _neighbour(ch: str, rng: random.Random) -> str:
    low = ch.lower()
    if low not in _POS:
        return rng.choice("aeiou") if ch.isalpha() else ch
    r, c = _POS[low]
    opts = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if (dr or dc) and 0 <= r + dr < 3 and 0 <= c + dc < len(QWERTY[r + dr]):
                opts.append(QWERTY[r + dr][c + dc])
    out = rng.choice(opts)
    return out.upper() if ch.isupper() else out


def typo(s: str, rng: random.Random, first: bool | None = None) -> str:
    """One keyboard slip anywhere in s, the first letter included."""
    idx = [i for i, ch in enumerate(s) if ch.isalpha()]
    if not idx:
        return s
    i = idx[0] if (first or (first is None and rng.random() < 0.2)) else rng.choice(idx)
    op = rng.random()
    if op < 0.4:
        return s[:i] + _neighbour(s[i], rng) + s[i + 1:]
    if op < 0.6 and len(idx) > 3:
        rest = s[i + 1:]
        if s[i].isupper() and rest[:1].islower():  # "Olis" for "Solis"
            rest = rest[0].upper() + rest[1:]
        return s[:i] + rest
    if op < 0.75:
        return s[:i] + s[i] + s[i:]
    if i + 1 < len(s) and s[i + 1].isalpha():
        a, b = s[i], s[i + 1]
        if a.isupper() and b.islower():  # "Oslis" for "Solis": the capital stays in front
            a, b = a.lower(), b.upper()
        return s[:i] + b + a + s[i + 2:]
    return s[:i] + _neighbour(s[i], rng) + s[i + 1:]


def _pinyin_name(p: Person, rng: random.Random, given: str | None = None) -> str:
    g = given or p.py_given
    if " " not in g and len(g) > 4 and rng.random() < 0.15:  # "Xiao Ming", "Xiao-Ming"
        syl = lazy_pinyin(p.zh_given)
        if len(syl) == 2:
            g = rng.choice([" ", "-"]).join(s.capitalize() for s in syl)
    fam = p.py_family
    style = rng.random()
    if style < 0.45:
        return f"{fam} {g}"
    if style < 0.7:
        return f"{g} {fam}"
    if style < 0.85:
        return f"{fam.upper()} {g}"
    return f"{fam}{g.lower()}" if rng.random() < 0.5 else f"{fam} {g.lower()}"


def render_name(p: Person, rng: random.Random) -> str:
    """The name as captured the first time: its most usual form for the person's script."""
    s = p.script
    if s == "zh":
        r = rng.random()
        full = p.zh_family + p.zh_given
        if p.en_name and r < 0.3:
            return rng.choice([f"{full} {p.en_name}", f"{p.en_name} {p.py_family}",
                               f"{full}（{p.en_name}）"])
        return full if r < 0.9 else _pinyin_name(p, rng)
    if s == "zhpy":
        if p.en_name and rng.random() < 0.5:
            return f"{p.en_name} {p.py_family}"
        return _pinyin_name(p, rng)
    if s == "hk":
        return rng.choice([f"{p.given} {p.family}", f"{p.family} {p.py_given}, {p.given}",
                           f"{p.given} {p.family} {p.py_given}"])
    if s == "sg":
        if p.given != p.py_given:
            return rng.choice([f"{p.given} {p.family}", f"{p.given} {p.family} {p.py_given}"])
        return f"{p.family} {p.py_given}"
    if s == "ja":
        return rng.choice([f"{p.family}{p.given}", f"{p.family} {p.given}",
                           f"{p.ja_roman[0]} {p.ja_roman[1]}"])
    given = p.given
    if given in NICKNAMES and not p.suffix and rng.random() < 0.3:  # short name from the start
        given = rng.choice(NICKNAMES[given])
    name = given + (f" {p.middle}." if p.middle and rng.random() < 0.6 else "") + " " + p.family
    if p.suffix:
        name += rng.choice([" ", ", "]) + p.suffix
    return name


NAME_PERTURBATIONS_LATIN = [("exact", 26), ("typo", 18), ("nickname", 40), ("swap", 7),
                            ("case", 7), ("middle", 5), ("ascii", 6), ("surname2", 4),
                            ("typo2", 4), ("honorific", 3)]
NAME_PERTURBATIONS_ZH = [("exact", 26), ("pinyin", 22), ("homophone", 22), ("swap_pinyin", 8),
                         ("en_name", 8), ("space", 6), ("trad", 5), ("typo_pinyin", 3)]


def perturb_name(p: Person, first: str, rng: random.Random, mild: bool) -> tuple[str, str]:
    """A second capture's name, and what was done (for the summary)."""
    if p.script == "zh":
        choices = NAME_PERTURBATIONS_ZH
        if mild:
            choices = [c for c in choices if c[0] in ("exact", "pinyin", "homophone", "space",
                                                      "trad")]
        kind = rng.choices([k for k, _ in choices], [w for _, w in choices])[0]
        full = p.zh_family + p.zh_given
        if kind == "exact":
            return full, kind
        if kind == "pinyin":
            if any("\u4e00" <= ch <= "\u9fff" for ch in first):
                return _pinyin_name(p, rng), kind
            return full, kind
        if kind == "homophone":
            pos = [i for i, ch in enumerate(p.zh_given) if len(HOMO_OF.get(ch, "")) > 1]
            if not pos:
                return full, "exact"
            i = rng.choice(pos)
            alt = rng.choice([ch for ch in HOMO_OF[p.zh_given[i]] if ch != p.zh_given[i]])
            return p.zh_family + p.zh_given[:i] + alt + p.zh_given[i + 1:], kind
        if kind == "swap_pinyin":
            return f"{p.py_given} {p.py_family}" if rng.random() < 0.5 else \
                f"{p.py_given}, {p.py_family.upper()}", kind
        if kind == "en_name":
            en = p.en_name or rng.choice(EN_NAMES_ZH)
            return rng.choice([f"{en} {p.py_family}", f"{full} {en}", f"{en} {full}",
                               f"{p.py_family} {p.py_given} ({en})"]), kind
        if kind == "space":
            return p.zh_family + " " + p.zh_given, kind
        if kind == "trad":
            t = full.translate(ZH_TRAD)
            return (t, kind) if t != full else (full, "exact")
        return typo(f"{p.py_family} {p.py_given}", rng), kind
    if p.script in ("zhpy", "hk", "sg", "ja"):
        kind = rng.choice(["exact", "exact", "swap", "case", "typo"] if not mild else
                          ["exact", "case", "swap"])
        if kind == "exact" or (p.script == "ja" and kind == "typo"):
            if p.script == "ja":
                return rng.choice([f"{p.family}{p.given}", f"{p.family} {p.given}",
                                   f"{p.ja_roman[0]} {p.ja_roman[1]}",
                                   f"{p.ja_roman[1].upper()} {p.ja_roman[0]}"]), "exact"
            return render_name(p, rng), "exact"
        words = first.replace(",", "").split()
        if kind == "swap":
            return " ".join(words[-1:] + words[:-1]), kind
        if kind == "case":
            return first.upper() if rng.random() < 0.5 else first.lower(), kind
        return typo(first, rng), kind
    # Latin-script names
    choices = NAME_PERTURBATIONS_LATIN
    if mild:
        choices = [c for c in choices if c[0] in ("exact", "case", "middle", "ascii", "typo",
                                                  "honorific", "nickname")]
    if p.given not in NICKNAMES:
        choices = [c for c in choices if c[0] != "nickname"]
    kind = rng.choices([k for k, _ in choices], [w for _, w in choices])[0]
    given, family, suffix = p.given, p.family, p.suffix
    tail = (rng.choice([" ", ", "]) + suffix) if suffix else ""
    if kind == "nickname":
        if given in first.split():  # else the first capture already has the nickname
            given = rng.choice(NICKNAMES[given])
        return f"{given} {family}{tail}", kind
    if kind == "exact":
        return f"{given} {family}{tail}", kind
    if kind == "typo":
        target = rng.random()
        if target < 0.5:
            given = typo(given, rng)
        else:
            family = typo(family, rng)
        return f"{given} {family}{tail}", kind
    if kind == "typo2":
        return f"{typo(given, rng)} {typo(family, rng)}{tail}", kind
    if kind == "swap":
        return rng.choice([f"{family}, {given}", f"{family} {given}",
                           f"{family.upper()} {given}"]) + tail, kind
    if kind == "case":
        s = f"{given} {family}{tail}"
        return rng.choice([s.upper(), s.lower(), f"{given.lower()} {family.upper()}{tail}"]), kind
    if kind == "middle":
        if p.middle:
            return f"{given} {family}{tail}", kind
        return f"{given} {rng.choice('ABCDEJKLMPRS')}. {family}{tail}", kind
    if kind == "ascii":
        a = _ascii(f"{given} {family}")
        if a == f"{given} {family}":
            return f"{given[0]}. {family}{tail}", "initial"
        return a + tail, kind
    if kind == "surname2":
        parts = family.split(" ")
        if len(parts) > 1:
            return f"{given} {parts[0]}{tail}", kind
        return f"{given} {family}{tail}", "exact"
    hon = rng.choice(["Dr. ", "Mr. ", "Ms. ", "Mrs. ", "Prof. "] if p.country != "DE" else
                     ["Dr. ", "Herr ", "Frau "])
    return f"{hon}{given} {family}{tail}", "honorific"


def perturb_company(c: Company, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return c.names[0]
    if r < 0.9:
        return rng.choice(c.names[1:])
    return typo(c.names[0], rng) if c.lang != "zh" else c.names[1]


def perturb_title(p: Person, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55 or not (p.title_alt or p.title):
        return p.title
    if r < 0.85 and p.title_alt:
        return p.title_alt
    if r < 0.92 and p.title and p.title.isascii():
        return p.title.lower() if rng.random() < 0.5 else typo(p.title, rng)
    return ""


def _website(c: Company, rng: random.Random) -> str:
    return rng.choice([f"www.{c.domain}", f"https://{c.domain}", f"http://www.{c.domain}/",
                       c.domain, f"https://www.{c.domain}/"])


def _note(p: Person, rng: random.Random) -> str:
    if rng.random() > 0.25:
        return ""
    if p.country in ("CN",) and rng.random() < 0.8:
        return rng.choice(NOTES_ZH)
    return rng.choice(NOTES_EN)


def _addr_lang(p: Person, rng: random.Random) -> str:
    if p.country == "CN":
        return "zh" if rng.random() < 0.75 else "en"
    if p.country == "HK":
        return "zh" if rng.random() < 0.3 else "en"
    if p.country == "JP":
        return "ja" if rng.random() < 0.6 else "en"
    return ""


def render_first(p: Person, rng: random.Random) -> dict:
    """The first capture of a person: what a rep typed or a card gave."""
    rec = dict.fromkeys(FIELDS, "")
    rec["name"] = render_name(p, rng)
    phones = [x for x in (p.mobile, p.work, p.home) if x]
    if rng.random() < 0.93:
        office = p.group in ("switchboard_namesake", "colleagues", "assistant", "shared_mailbox")
        ph = rng.choices(phones, ([2, 6, 1] if office else [6, 3, 1])[: len(phones)])[0]
        rec["phone"] = format_phone(ph, rng)
    emails = [e for e in (p.email_work, p.email_personal) if e]
    if emails and rng.random() < 0.78:
        rec["email"] = emails[0] if rng.random() < 0.7 else rng.choice(emails)
    if p.company and rng.random() < 0.85:
        rec["company"] = perturb_company(p.company, rng) if rng.random() < 0.3 else \
            p.company.names[0]
    if p.title and rng.random() < 0.7:
        rec["title"] = p.title
    if p.address and rng.random() < 0.5:
        rec["address"] = format_address(p.address, rng, _addr_lang(p, rng))
    if p.company and rng.random() < 0.25:
        rec["website"] = _website(p.company, rng)
    rec["notes"] = _note(p, rng)
    return rec


def _digits_of(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


EVIDENCE_MODES = [("same_phone", 24), ("same_phone_email", 12), ("same_email_other_phone", 14),
                  ("other_phone_same_address", 20), ("other_phone_other_email_company", 10),
                  ("no_phone_no_email_address", 8), ("mobile_only", 12)]
EVIDENCE_MODES_STRICT = [("same_phone", 40), ("same_phone_email", 20),
                         ("same_email_other_phone", 20), ("mobile_only", 20)]


def own_evidence(p: Person) -> tuple[set[str], set[str]]:
    """Phone numbers and emails only this person of its group has: what tells them apart."""
    phones = {p.mobile.nsn} if p.mobile else set()
    emails = {p.email_personal.lower()} if p.email_personal else set()
    if p.email_work and p.group not in ("assistant", "shared_mailbox"):
        emails.add(p.email_work.lower())
    return phones, emails


def ensure_own_evidence(p: Person, rec: dict, rng: random.Random) -> None:
    """A group member's first capture carries at least one thing only they have."""
    phones, emails = own_evidence(p)
    digits = _digits_of(rec["phone"])
    if any(n in digits for n in phones) or rec["email"].lower() in emails:
        return
    if emails and (not rec["email"] or not p.mobile or rng.random() < 0.5):
        rec["email"] = sorted(emails)[0]
    elif p.mobile:
        rec["phone"] = format_phone(p.mobile, rng)


def render_again(p: Person, first: dict, rng: random.Random, strict: bool) -> tuple[dict, str,
                                                                                     str]:
    """A later capture of the same person, with what was shared and how the name changed."""
    modes = EVIDENCE_MODES_STRICT if strict else EVIDENCE_MODES
    mode = rng.choices([m for m, _ in modes], [w for _, w in modes])[0]
    rec = dict.fromkeys(FIELDS, "")
    first_digits = _digits_of(first["phone"])
    own = [x for x in (p.mobile, p.work, p.home) if x]

    def same_phone() -> Phone | None:
        for x in own:
            if first_digits and x.nsn in first_digits:
                return x
        return None

    def other_phone() -> Phone | None:
        cands = [x for x in own if not (first_digits and x.nsn in first_digits)]
        return rng.choice(cands) if cands else None

    emails = [e for e in (p.email_work, p.email_personal) if e]
    other_emails = [e for e in emails if e.lower() != first["email"].lower()]
    ph: Phone | None = None
    email = ""
    want_address = False
    want_company = rng.random() < 0.75
    if mode in ("same_phone", "same_phone_email"):
        ph = same_phone() or p.mobile
        if mode == "same_phone_email":
            email = first["email"] or (emails[0] if emails else "")
        elif rng.random() < 0.5 and other_emails:
            email = rng.choice(other_emails)
    elif mode == "same_email_other_phone":
        email = first["email"] or (emails[0] if emails else "")
        ph = other_phone() if rng.random() < 0.8 else None
    elif mode == "other_phone_same_address":
        ph = other_phone()
        want_address = True
        email = rng.choice(other_emails) if other_emails and rng.random() < 0.4 else ""
    elif mode == "other_phone_other_email_company":
        ph = other_phone()
        email = rng.choice(other_emails) if other_emails else ""
        want_company = True
    elif mode == "no_phone_no_email_address":
        want_address = True
        want_company = True
    elif mode == "mobile_only":
        ph = p.mobile
    if strict:  # share with the first capture something no one else in the group has
        phones, own_emails = own_evidence(p)
        shared_phone = ph is not None and ph.nsn in phones and ph.nsn in first_digits
        shared_email = email.lower() in own_emails and email.lower() == first["email"].lower()
        if not (shared_phone or shared_email):
            if p.mobile and p.mobile.nsn in first_digits:
                ph = p.mobile
            else:
                email = first["email"]
    if ph:
        rec["phone"] = format_phone(ph, rng)
    if email:
        rec["email"] = email if rng.random() < 0.85 else (
            email[0].upper() + email[1:] if rng.random() < 0.5 else email.upper())
    weak = not (ph and first_digits and ph.nsn in first_digits) and not (
        email and email.lower() == first["email"].lower())
    name, nkind = perturb_name(p, first["name"], rng, mild=weak or strict)
    rec["name"] = name
    if p.company and (want_company or not (rec["phone"] or rec["email"])):
        rec["company"] = perturb_company(p.company, rng)
    if p.title and rng.random() < 0.6:
        rec["title"] = perturb_title(p, rng)
    if p.address and (want_address or rng.random() < 0.2):
        rec["address"] = format_address(p.address, rng, _addr_lang(p, rng), level=1)
        if rng.random() < 0.06 and p.address.country not in ("CN", "HK", "JP"):
            rec["address"] = typo(rec["address"], rng)
    if p.company and rng.random() < 0.2:
        rec["website"] = _website(p.company, rng)
    rec["notes"] = _note(p, rng)
    _link_to_first(p, first, rec, rng)
    return rec, mode, nkind


def _company_known(p: Person, rec: dict) -> bool:
    """The record names the person's firm: its name, website or a work email at its domain."""
    if not p.company:
        return False
    dom = p.company.domain
    return bool(rec["company"] or dom in rec["website"] or rec["email"].lower().endswith(dom))


def _link_to_first(p: Person, first: dict, rec: dict, rng: random.Random) -> None:
    """Keep at least one piece of evidence besides the name shared with the first capture: a
    reviewer with both records in front of them could tell it is one person."""
    fd, rd = _digits_of(first["phone"]), _digits_of(rec["phone"])
    nsns = [x.nsn for x in (p.mobile, p.work, p.home) if x]
    if any(n in fd and n in rd for n in nsns):
        return
    if first["email"] and first["email"].lower() == rec["email"].lower():
        return
    if _company_known(p, first) and _company_known(p, rec):
        return
    if first["address"] and rec["address"]:
        return
    if _company_known(p, first) and p.company:
        rec["company"] = perturb_company(p.company, rng)
    elif first["address"] and p.address:
        rec["address"] = format_address(p.address, rng, _addr_lang(p, rng), level=1)
    elif first["email"]:
        rec["email"] = first["email"]
    else:
        shared = next((x for x in (p.mobile, p.work, p.home) if x and x.nsn in fd), p.mobile)
        if shared:
            rec["phone"] = format_phone(shared, rng)


# --------------------------------------------------------------------------------------------
# Hard-negative groups
# --------------------------------------------------------------------------------------------


def _household(w: _World, kind: str) -> list[Person]:
    """Different people at one home address: Jr./Sr., parent and child, spouses, siblings."""
    rng = w.rng
    country = rng.choice(["US", "US", "GB", "AU", "CA", "DE", "CN", "CN", "ES", "FR"])
    if kind == "jr_sr" and country in ("CN", "DE", "ES", "FR"):
        country = rng.choice(["US", "GB", "AU", "CA"])
    a = w.person(country)
    while kind != "jr_sr" and a.script not in ("latin", "zh"):
        a = w.person(country)
    if kind == "jr_sr":
        while a.script != "latin":
            a = w.person(country)
    place, area = _new_place(rng, country)
    home_addr = _new_address(rng, country, place, office=False)
    home_phone = _new_phone(rng, country, "home", area, w.used_phones)
    members = [a]
    if kind == "jr_sr":
        a.gender = "m"
        a.given = rng.choice(["Robert", "William", "John", "James", "Richard", "Thomas",
                              "Charles", "Michael", "David", "Edward", "Henry", "Joseph"])
        b = w.person(country, company=(rng.random() < 0.7 and a.company) or True, gender="m")
        b.script, b.given, b.family, b.middle = "latin", a.given, a.family, a.middle
        a.suffix = rng.choice(["Sr.", "Sr.", "", "Senior"])
        b.suffix = rng.choice(["Jr.", "Jr.", "Jr", "II", "Junior"])
        a.keep_suffix = b.keep_suffix = True
        members.append(b)
    elif kind == "parent_child":
        b = w.person(country, gender=rng.choice("mf"))
        b.script = a.script
        if a.script == "zh":
            b.zh_family, b.py_family, b.family = a.zh_family, a.py_family, a.family
            b.en_name = ""
            while b.zh_given == a.zh_given:
                b.zh_given = rng.choice(HOMOPHONES)[0] + rng.choice(ZH_GIVEN_EXTRA)
            b.py_given = "".join(lazy_pinyin(b.zh_given)).capitalize()
            b.given = b.py_given
        else:
            b.family = a.family
            while b.given == a.given:
                b.given = w.faker("en_US").first_name()
        members.append(b)
    else:  # family: spouses or siblings
        n = rng.choice([2, 2, 3])
        for k in range(n - 1):
            b = w.person(country)
            b.script = a.script
            if a.script == "zh":
                if rng.random() < 0.5:  # siblings share the surname; spouses do not
                    b.zh_family, b.py_family, b.family = a.zh_family, a.py_family, a.family
            else:
                b.family = a.family
                if k == 0 and rng.random() < 0.4:
                    pair = rng.choice(SIBLING_PAIRS)
                    a.given, b.given = pair
                    a.middle = b.middle = ""
            if b.script == "zh" and b.zh_family + b.zh_given == a.zh_family + a.zh_given:
                b.zh_given = "子" + b.zh_given[:1]
            members.append(b)
    for m in members:
        w.refresh_emails(m)
        m.address = home_addr
        if rng.random() < 0.5:
            m.home = home_phone
        if not m.mobile or rng.random() < 0.1:
            m.mobile = _new_phone(rng, country, "mobile", area, w.used_phones)
        m.group = kind
    return members


def _office_group(w: _World, kind: str) -> list[Person]:
    """Different people at one company: namesakes on a switchboard, an assistant, info@,
    colleagues."""
    rng = w.rng
    if kind == "switchboard_namesake":
        country = "CN" if rng.random() < 0.8 else rng.choice(["US", "GB"])
    else:
        country = rng.choices(list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values()))[0]
    comp = w.new_company(country, small=kind == "shared_mailbox")
    w.companies[country].append(comp)
    board = comp.switchboard
    members: list[Person] = []
    if kind == "switchboard_namesake":
        a = w.person(country, company=comp)
        b = w.person(country, company=comp)
        b.email_personal = b.email_personal or w.unique_email(
            b, rng.choice(PERSONAL_DOMAINS[country]), True)
        if country == "CN":
            full = rng.choice(ZH_COMMON_FULL)
            for m in (a, b):
                m.script, m.zh_family, m.zh_given = "zh", full[0], full[1:]
                m.py_family = dict(ZH_SURNAMES)[full[0]]
                m.py_given = "".join(lazy_pinyin(full[1:])).capitalize()
                m.family, m.given = m.py_family, m.py_given
                m.en_name = ""
        else:
            b.script, b.given, b.family, b.middle = "latin", a.given, a.family, ""
            a.script, a.middle = "latin", ""
        while b.title == a.title:
            w.assign_title(b)
        for m in (a, b):
            m.work = Phone(country, board.nsn, board.groups, "work",
                           str(rng.randint(100, 8999)) if rng.random() < 0.5 else "")
            w.refresh_emails(m)
            m.address = comp.office
        members = [a, b]
    elif kind == "assistant":
        boss = w.person(country, company=comp)
        asst = w.person(country, company=comp)
        boss.title = rng.choice(["Chief Executive Officer", "Managing Director", "Founder & CEO",
                                 "Partner"]) if comp.lang != "zh" else "总经理"
        boss.title_alt = ""
        asst.title = rng.choice(ASSISTANT_TITLES) if comp.lang != "zh" else \
            rng.choice(["总经理助理", "行政助理", "秘书"])
        asst.title_alt = ""
        asst.email_work = boss.email_work
        asst.email_personal = ""
        for m in (boss, asst):
            m.work = Phone(country, board.nsn, board.groups, "work", "")
            m.address = comp.office
        members = [boss, asst]
    elif kind == "shared_mailbox":
        box = rng.choice(["info", "sales", "office", "contact", "hello", "admin"])
        box = f"{box}@{comp.domain}"
        n = rng.choice([2, 3, 3, 4])
        for _ in range(n):
            m = w.person(country, company=comp)
            m.email_work = box
            m.work = Phone(country, board.nsn, board.groups, "work", "")
            m.address = comp.office
            members.append(m)
    else:  # colleagues at one office
        n = rng.choice([3, 4, 5, 6])
        for _ in range(n):
            m = w.person(country, company=comp)
            m.work = Phone(country, board.nsn, board.groups, "work",
                           str(rng.randint(10, 899)) if rng.random() < 0.4 else "")
            m.address = comp.office
            members.append(m)
    for m in members:
        m.group = kind
    return members


HARD_GROUPS = [("jr_sr", 1.0), ("parent_child", 1.2), ("family", 1.5), ("assistant", 1.0),
               ("switchboard_namesake", 1.0), ("shared_mailbox", 0.8), ("colleagues", 1.0)]
HARD_SHARE = 0.12  # of people, roughly, in a hard-negative group


def generate_labelled(seed: int, n_people: int = 1500) -> tuple[list[dict], set[tuple[int, int]],
                                                                dict[str, set[tuple[int, int]]]]:
    """Records, true duplicate pairs, and hard-negative pairs by kind (pairs are i<j)."""
    recs, pairs, hard, _ = _build(seed, n_people)
    return recs, pairs, hard


def generate(seed: int, n_people: int = 1500) -> tuple[list[dict], set[tuple[int, int]]]:
    """Contact records (keys FIELDS, "" when absent) of n_people people, and the true pairs."""
    recs, pairs, _, _ = _build(seed, n_people)
    return recs, pairs


def _build(seed: int, n_people: int):
    w = _World(seed)
    rng = w.rng
    people: list[Person] = []
    gid = 0
    target_hard = int(n_people * HARD_SHARE)
    hard_count = 0
    while hard_count < target_hard:
        kind = rng.choices([k for k, _ in HARD_GROUPS], [x for _, x in HARD_GROUPS])[0]
        grp = _household(w, kind) if kind in ("jr_sr", "parent_child", "family") else \
            _office_group(w, kind)
        for m in grp:
            m.gid = gid
        gid += 1
        people.extend(grp)
        hard_count += len(grp)
    while len(people) < n_people:
        people.append(w.person())
    people = people[:n_people] if len(people) > n_people else people

    stats: Counter = Counter()
    rows: list[tuple[int, dict]] = []  # (person index, record)
    for k, p in enumerate(people):
        first = render_first(p, rng)
        if p.group:
            ensure_own_evidence(p, first, rng)
        rows.append((k, first))
        if rng.random() < DUP_RATE:
            copies = 2 if rng.random() < TRIPLE_RATE else 1
            for _ in range(copies):
                again, mode, nkind = render_again(p, first, rng, strict=bool(p.group))
                rows.append((k, again))
                stats[f"evidence:{mode}"] += 1
                stats[f"name:{nkind}"] += 1
            stats[f"cluster:{copies + 1}"] += 1
    rng.shuffle(rows)
    records = [r for _, r in rows]
    by_person: dict[int, list[int]] = defaultdict(list)
    for i, (k, _) in enumerate(rows):
        by_person[k].append(i)
    pairs = {(a, b) for idx in by_person.values() for a, b in itertools.combinations(idx, 2)}
    hard: dict[str, set[tuple[int, int]]] = defaultdict(set)
    by_group: dict[int, list[int]] = defaultdict(list)
    for k, p in enumerate(people):
        if p.gid >= 0:
            by_group[p.gid].append(k)
    for members in by_group.values():
        kind = people[members[0]].group
        for x, y in itertools.combinations(members, 2):
            for i in by_person[x]:
                for j in by_person[y]:
                    hard[kind].add((min(i, j), max(i, j)))
    stats["people"] = len(people)
    stats["records"] = len(records)
    stats["pairs"] = len(pairs)
    for p in people:
        stats[f"country:{p.country}"] += 1
        if p.group:
            stats[f"group:{p.group}"] += 1
    return records, pairs, dict(hard), stats


def describe(seed: int = SPLITS["tune"], n_people: int = 1500) -> dict:
    """Print and return the counts of one generated set."""
    _, _, hard, st = _build(seed, n_people)
    print(f"seed {seed}: {st['people']} people, {st['records']} records, "
          f"{st['pairs']} true pairs; clusters of 2: {st['cluster:2']}, of 3: {st['cluster:3']}")
    for prefix in ("country", "evidence", "name", "group"):
        items = sorted(((k.split(":", 1)[1], v) for k, v in st.items()
                        if k.startswith(prefix + ":")), key=lambda kv: -kv[1])
        print(f"  {prefix}: " + ", ".join(f"{k} {v}" for k, v in items))
    print("  hard-negative pairs: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(hard.items()))
          + f" (total {sum(len(v) for v in hard.values())})")
    out = dict(st)
    out.update({f"hard_pairs:{k}": len(v) for k, v in hard.items()})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=SPLITS["tune"])
    ap.add_argument("--people", type=int, default=1500)
    ap.add_argument("--show", type=int, default=8, help="print this many true pairs")
    args = ap.parse_args()
    describe(args.seed, args.people)
    recs, pairs, hard = generate_labelled(args.seed, args.people)
    show = sorted(pairs)[: args.show]
    print("\nsome true pairs:")
    for i, j in show:
        print(f"  {_short(recs[i])}\n  {_short(recs[j])}\n")
    print("some hard negatives:")
    for kind, ps in sorted(hard.items()):
        i, j = sorted(ps)[0]
        print(f"  [{kind}]\n  {_short(recs[i])}\n  {_short(recs[j])}\n")


def _short(r: dict) -> str:
    return " | ".join(r[k] for k in FIELDS if r[k] and k != "notes")


if __name__ == "__main__":
    main()
