"""Labelled contacts for the duplicate-matching benchmark and tests.

Real CRM exports with labelled duplicates are not ours to ship, so this generates them:
English (US, GB) and Chinese people at companies of very uneven size, each maybe captured again
by another rep with the usual differences, plus the hard negatives that fool a naive matcher
(colleagues on one office line, the same common name at other firms, a family at one address).
Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import phonenumbers
from faker import Faker
from pypinyin import Style, lazy_pinyin

from bot.matching import Person

LOCALES = (("en_US", 0.4), ("en_GB", 0.2), ("zh_CN", 0.4))

# Surname readings people use for Faker's polyphonic surnames (ground truth, kept apart from
# the matcher's own table on purpose).
_SURNAME_PINYIN = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "查": "zha", "仇": "qiu", "朴": "piao",
    "盖": "ge", "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin", "欧阳": "ouyang",
}  # fmt: skip
_NICKNAMES = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"],
    "James": ["Jim", "Jimmy"], "John": ["Jack", "Johnny"], "Michael": ["Mike"],
    "Richard": ["Rick", "Dick", "Rich"], "Thomas": ["Tom", "Tommy"], "Anthony": ["Tony"],
    "Joseph": ["Joe"], "David": ["Dave"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"],
    "Nicholas": ["Nick"], "Christopher": ["Chris"], "Steven": ["Steve"], "Andrew": ["Andy"],
    "Benjamin": ["Ben"], "Charles": ["Charlie"], "Edward": ["Ed", "Ted"], "Gregory": ["Greg"],
    "Kenneth": ["Ken"], "Ronald": ["Ron"], "Donald": ["Don"], "Timothy": ["Tim"],
    "Jennifer": ["Jen", "Jenny"], "Elizabeth": ["Liz", "Beth"], "Katherine": ["Kate", "Katie"],
    "Margaret": ["Maggie", "Peggy"], "Patricia": ["Pat", "Patty"], "Susan": ["Sue"],
    "Rebecca": ["Becky"], "Jessica": ["Jess"], "Victoria": ["Vicky"], "Samantha": ["Sam"],
    "Alexander": ["Alex"], "Jeffrey": ["Jeff"], "Joshua": ["Josh"], "Deborah": ["Debbie"],
}  # fmt: skip
_COMMON_NAMES = {  # (given, family)
    "en_US": [("John", "Smith"), ("Michael", "Johnson"), ("David", "Williams"), ("James", "Brown")],
    "en_GB": [("David", "Jones"), ("Sarah", "Taylor"), ("Paul", "Smith")],
    "zh_CN": [("伟", "王"), ("娜", "李"), ("伟", "张"), ("芳", "王"), ("伟", "李"), ("洋", "刘")],
}
_EN_SUFFIXES = ["Ltd", "Ltd.", "Limited", "Inc", "Inc.", "LLC", "Corp.", "Co.", "PLC", "Group"]
_ZH_SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
_ZH_INDUSTRY = re.compile(r"(科技|网络|信息|传媒|电子)+$")
_FREE_MAIL = {
    "en_US": ["gmail.com", "yahoo.com", "outlook.com"],
    "en_GB": ["gmail.com", "hotmail.co.uk", "btinternet.com"],
    "zh_CN": ["qq.com", "163.com", "126.com"],
}
_COUNTRY = {"en_US": "1", "en_GB": "44", "zh_CN": "86"}


@dataclass(frozen=True)
class Labelled:
    """A generated contact with the truth: records with one `entity` are one real person."""

    person: Person
    entity: int
    kind: str  # original, duplicate, colleague, namesake, family


@dataclass
class _Company:
    locale: str
    base: str  # brand without legal suffix ('Garcia', '诺依曼软件科技')
    suffix: str
    domain: str
    switchboard: str
    address: str


@dataclass
class _Entity:
    locale: str
    given: str
    family: str
    company: _Company | None
    phone: str | None
    email: str | None
    address: str | None
    title: str | None

    @property
    def name(self) -> str:
        if self.locale == "zh_CN":
            return self.family + self.given
        return f"{self.given} {self.family}"


def _pinyin(han: str) -> str:
    return "".join(lazy_pinyin(han, style=Style.NORMAL, errors="ignore"))


def _surname_pinyin(han: str) -> str:
    return _SURNAME_PINYIN.get(han) or _pinyin(han)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _typo(rng: random.Random, word: str) -> str:
    """One slipped key, never on the first letter (people rarely get that wrong)."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "substitute":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


class Generator:
    """Builds entities and their records; one instance per data set."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers = {loc: Faker(loc) for loc, _ in LOCALES}
        for i, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed * 10 + i)
        self.companies: dict[str, list[_Company]] = defaultdict(list)
        # Running totals of the Pareto weights: `choices(cum_weights=...)` picks exactly as
        # `choices(weights=...)` would, without re-adding every weight on each pick (quadratic).
        self.company_cum_weights: dict[str, list[float]] = defaultdict(list)
        self.used_numbers: set[str] = set()
        self.used_emails: set[str] = set()
        self.brands: set[str] = set()

    # -- raw material

    def locale(self) -> str:
        return self.rng.choices([loc for loc, _ in LOCALES], [w for _, w in LOCALES])[0]

    def number(self, locale: str, landline: bool = False) -> str:
        """A unique E.164 number; uniqueness keeps accidental phone collisions out of the truth."""
        while True:
            r = self.rng
            if locale == "zh_CN":
                national = (
                    f"{r.choice(['10', '21', '755'])}{r.randrange(10**7, 10**8)}"
                    if landline
                    else f"1{r.choice('35789')}{r.randrange(10**8, 10**9)}"
                )
            elif locale == "en_GB":
                mobile = f"7{r.randrange(10**8, 10**9)}"
                national = f"20{r.randrange(10**7, 10**8)}" if landline else mobile
            else:
                national = f"{r.randrange(201, 990)}{r.randrange(200, 999)}{r.randrange(10**4)}"
                national = national[:3] + national[3:6] + national[6:].zfill(4)
            number = f"+{_COUNTRY[locale]}{national}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def address(self, locale: str) -> str:
        return self.fakers[locale].address().replace("\n", ", ")

    def brand(self, locale: str) -> str:
        """A brand no other generated firm has: two firms sharing one are one firm to anyone."""
        faker = self.fakers[locale]
        for attempt in range(100):
            if locale == "zh_CN":
                brand = faker.company_prefix() + (faker.company_prefix() if attempt else "")
            else:
                brand = re.sub(r"\s+(LLC|Ltd|PLC|Inc|Group)$", "", faker.company())
            if brand not in self.brands:
                break
        self.brands.add(brand)
        return brand

    def new_company(self, locale: str) -> _Company:
        if locale == "zh_CN":
            base = self.brand(locale) + self.rng.choice(["科技", "网络", "信息", "传媒"])
            suffix = self.rng.choice(_ZH_SUFFIXES)
            domain = _pinyin(_ZH_INDUSTRY.sub("", base)) + self.rng.choice([".com", ".cn"])
        else:
            base = self.brand(locale)
            suffix = self.rng.choice(_EN_SUFFIXES)
            domain = _slug(base)[:24] + ".com"
        return _Company(
            locale, base, suffix, domain, self.number(locale, landline=True), self.address(locale)
        )

    def company(self, locale: str) -> _Company:
        """Uneven sizes (Pareto weights), so some blocks are big, as at a real employer."""
        pool, cum = self.companies[locale], self.company_cum_weights[locale]
        if not pool or self.rng.random() < 0.2:
            pool.append(self.new_company(locale))
            weight = min(self.rng.paretovariate(1.2), 200.0)
            cum.append(cum[-1] + weight if cum else weight)
            return pool[-1]
        return self.rng.choices(pool, cum_weights=cum)[0]

    def person_name(self, locale: str) -> tuple[str, str]:
        faker = self.fakers[locale]
        return faker.first_name(), faker.last_name()

    def email(self, e: _Entity) -> str:
        if e.locale == "zh_CN":
            local = self.rng.choice(
                [_surname_pinyin(e.family) + _pinyin(e.given), _pinyin(e.given) + "." +
                 _surname_pinyin(e.family), str(self.rng.randrange(10**7, 10**10))]
            )  # fmt: skip
        else:
            g, f = _slug(e.given), _slug(e.family)
            local = self.rng.choice([f"{g}.{f}", f"{g[0]}{f}", f"{g}{f}{self.rng.randrange(99)}"])
        corporate = e.company and self.rng.random() < 0.7
        domain = e.company.domain if corporate else self.rng.choice(_FREE_MAIL[e.locale])
        email = f"{local}@{domain}"
        while email in self.used_emails:  # a mailbox belongs to one person
            email = f"{local}{self.rng.randrange(10, 1000)}@{domain}"
        self.used_emails.add(email)
        return email

    def entity(self, locale: str, name: tuple[str, str] | None = None) -> _Entity:
        given, family = name or self.person_name(locale)
        company = self.company(locale) if self.rng.random() < 0.9 else None
        e = _Entity(locale, given, family, company, None, None, None, None)
        e.phone = self.number(locale) if self.rng.random() < 0.85 else None
        e.email = self.email(e) if self.rng.random() < 0.8 else None
        if self.rng.random() < 0.5:
            e.address = company.address if company and self.rng.random() < 0.6 else None
            e.address = e.address or self.address(locale)
        e.title = self.fakers[locale].job() if self.rng.random() < 0.6 else None
        if not (e.phone or e.email):  # a lead comes with a way to reach it
            e.phone = self.number(locale)
        return e

    # -- records

    def company_text(self, c: _Company | None, variant: bool) -> str | None:
        if c is None:
            return None
        if not variant:
            return c.base + c.suffix if c.locale == "zh_CN" else f"{c.base} {c.suffix}"
        if c.locale == "zh_CN":
            return self.rng.choice(
                [c.base, c.base + "有限公司", "北京" + c.base + c.suffix,
                 _ZH_INDUSTRY.sub("", c.base) or c.base, c.base + "股份有限公司"]
            )  # fmt: skip
        return self.rng.choice(
            [c.base, f"{c.base} {self.rng.choice(_EN_SUFFIXES)}", f"{c.base.upper()} {c.suffix}",
             f"{c.base}, {c.suffix}"]
        )  # fmt: skip

    def record(self, e: _Entity) -> Person:
        return Person(
            None, e.name, self.company_text(e.company, False), e.phone, e.email, e.address, e.title
        )

    def duplicate(self, e: _Entity, earlier: Sequence[Person]) -> Person:
        """The same person captured again, with one to three realistic differences."""
        p = self.record(e)
        moves: list[Callable[[_Entity, Person], Person]] = [
            self.reformat_phone, self.recase_email, self.typo_email, self.recompany,
            self.typo_company, self.drop_field, self.reformat_address, self.other_channel,
        ]  # fmt: skip
        if e.locale == "zh_CN":
            moves += [self.as_pinyin] * 3
        else:
            moves += [self.typo_name, self.swap_name]
            if e.given in _NICKNAMES:
                moves += [self.nickname] * 2
        for move in self.rng.sample(moves, self.rng.choice((1, 2, 2, 3))):
            p = move(e, p)
        for other in earlier:
            p = self.keep_evidence(other, p)
        return p

    def keep_evidence(self, other: Person, dup: Person) -> Person:
        """Records sharing nothing but a name cannot be matched under the rules (a name alone
        is never enough), so each duplicate keeps one field in common with every earlier record.
        """
        if (
            (dup.phone and dup.phone == other.phone)
            or (dup.company and other.company)
            or (dup.address and other.address)
            or (dup.email and other.email and dup.email.lower() == other.email.lower())
        ):
            return dup
        for field in ("company", "phone", "address", "email"):
            if getattr(other, field):
                return replace(dup, **{field: getattr(other, field)})
        return dup

    def reformat_phone(self, e: _Entity, p: Person) -> Person:
        if not p.phone:
            return p
        spaced = phonenumbers.format_number(
            phonenumbers.parse(p.phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        text = self.rng.choice([spaced, spaced.replace(" ", "-"), p.phone.replace("+", "00", 1)])
        return replace(p, phone=text)

    def other_channel(self, e: _Entity, p: Person) -> Person:
        """A new mobile, or a private mailbox instead of the work one."""
        if self.rng.random() < 0.5:
            return replace(p, phone=self.number(e.locale))
        return replace(p, email=self.email(e))

    def recase_email(self, e: _Entity, p: Person) -> Person:
        if not p.email:
            return p
        return replace(p, email=self.rng.choice([p.email.upper(), p.email.title()]))

    def typo_email(self, e: _Entity, p: Person) -> Person:
        if not p.email:
            return p
        local, _, domain = p.email.partition("@")
        return replace(p, email=f"{_typo(self.rng, local)}@{domain}")

    def recompany(self, e: _Entity, p: Person) -> Person:
        return replace(p, company=self.company_text(e.company, True)) if p.company else p

    def typo_company(self, e: _Entity, p: Person) -> Person:
        if not p.company or re.search(r"[\u4e00-\u9fff]", p.company):
            return p
        words = p.company.split()
        i = max(range(len(words)), key=lambda k: len(words[k]))
        words[i] = _typo(self.rng, words[i])
        return replace(p, company=" ".join(words))

    def drop_field(self, e: _Entity, p: Person) -> Person:
        fields = [f for f in ("phone", "email", "company", "address", "title") if getattr(p, f)]
        if not fields:
            return p
        return replace(p, **{f: None for f in self.rng.sample(fields, min(len(fields), 2))})

    def reformat_address(self, e: _Entity, p: Person) -> Person:
        if not p.address:
            return p
        text = p.address.replace(", ", "\n") if self.rng.random() < 0.5 else p.address
        text = re.sub(r"\bStreet\b", "St.", re.sub(r"\bSuite\b", "Ste", text))
        return replace(p, address=text.upper() if self.rng.random() < 0.3 else text)

    def as_pinyin(self, e: _Entity, p: Person) -> Person:
        family, given = _surname_pinyin(e.family).title(), _pinyin(e.given).title()
        name = self.rng.choice(
            [f"{family} {given}", f"{given} {family}", f"{family.upper()} {given}",
             f"{family}{given}", f"{given} {family.upper()}"]
        )  # fmt: skip
        return replace(p, name=name)

    def typo_name(self, e: _Entity, p: Person) -> Person:
        words = p.name.split()
        i = self.rng.randrange(len(words))
        words[i] = _typo(self.rng, words[i])
        return replace(p, name=" ".join(words))

    def swap_name(self, e: _Entity, p: Person) -> Person:
        return replace(p, name=self.rng.choice([f"{e.family} {e.given}", f"{e.family}, {e.given}"]))

    def nickname(self, e: _Entity, p: Person) -> Person:
        return replace(p, name=f"{self.rng.choice(_NICKNAMES[e.given])} {e.family}")

    # -- hard negatives

    def colleague(self, of: _Entity) -> _Entity:
        """Someone else at the same firm, on the same switchboard, maybe with an extension."""
        e = self.entity(of.locale)
        e.company = of.company
        if of.company:
            e.phone = self.office_line(of.company)
            e.address = of.company.address if self.rng.random() < 0.5 else None
            e.email = self.email(e) if self.rng.random() < 0.7 else None
        return e

    def office_line(self, c: _Company) -> str:
        """The switchboard, sometimes with a desk extension."""
        if self.rng.random() < 0.4:
            return f"{c.switchboard};ext={self.rng.randrange(100, 1000)}"
        return c.switchboard

    def namesake(self, locale: str) -> _Entity:
        """The same common name at another firm: must never merge on the name alone."""
        e = self.entity(locale, self.rng.choice(_COMMON_NAMES[locale]))
        if e.company:
            e.company = self.new_company(locale)
            e.address = e.address and self.address(locale)
            e.email = e.email and self.email(e)
        return e

    def relative(self, of: _Entity) -> _Entity:
        """Family at one address, often on one home line."""
        e = self.entity(of.locale)
        while e.given == of.given:
            e.given = self.person_name(of.locale)[0]
        e.family = of.family
        e.email = e.email and self.email(e)
        e.address = of.address or self.address(of.locale)
        of.address = e.address
        if self.rng.random() < 0.5:
            e.phone = of.phone = of.phone or self.number(of.locale, landline=True)
        if self.rng.random() < 0.5:
            e.company = None
        return e


def generate(n: int, seed: int = 0, duplicate_rate: float = 0.2) -> list[Labelled]:
    """`n` records in capture order; about `duplicate_rate` of people were captured twice."""
    gen = Generator(seed)
    rng = gen.rng
    out: list[Labelled] = []
    entity_id = 0

    def add(person: Person, entity: int, kind: str) -> None:
        out.append(Labelled(person, entity, kind))

    office_lines: list[_Entity] = []
    while len(out) < n:
        entity_id += 1
        locale = gen.locale()
        roll = rng.random()
        if roll < 0.06 and office_lines:
            e, kind = gen.colleague(rng.choice(office_lines)), "colleague"
        elif roll < 0.10:
            e, kind = gen.namesake(locale), "namesake"
        elif roll < 0.13:
            base = gen.entity(locale)
            e, kind = gen.relative(base), "family"
            add(gen.record(base), entity_id, kind)
            entity_id += 1
        else:
            e, kind = gen.entity(locale), "original"
        if e.company and kind != "colleague" and rng.random() < 0.3:
            e.phone = gen.office_line(e.company)
            office_lines.append(e)
        records = [gen.record(e)]
        if rng.random() < duplicate_rate:
            for _ in range(rng.choice((1, 1, 1, 2))):
                records.append(gen.duplicate(e, records))
        for i, person in enumerate(records):
            add(person, entity_id, "duplicate" if i else kind)
    out = out[:n]
    rng.shuffle(out)
    return [replace(r, person=replace(r.person, id=i + 1)) for i, r in enumerate(out)]


def true_pairs(records: Sequence[Labelled]) -> set[tuple[int, int]]:
    """Id pairs (low, high) of records that are one person."""
    by_entity: dict[int, list[int]] = defaultdict(list)
    for r in records:
        assert r.person.id is not None
        by_entity[r.entity].append(r.person.id)
    return {(a, b) for ids in by_entity.values() for a, b in combinations(sorted(ids), 2)}
