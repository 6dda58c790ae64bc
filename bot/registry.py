"""Every contact field, declared once: the built-ins below and a deployment's own from FIELDS_FILE.

Question order, edit menus, summaries, what a customer sees, import and export columns, the vCard,
encryption, merge, erasure, /mydata and /stats completeness are all read from these declarations,
so adding a field is one `FieldSpec` (plus its locale strings, for a built-in) and nothing drifts.

A deployment's own fields ("custom fields") come from a TOML file named by `FIELDS_FILE`:

    [fields.industry]
    type = "choice"                       # text number choice multi date url phone email yesno
    label = { en = "Industry", zh = "行业" }
    question = { en = "Which industry?", zh = "哪个行业？" }
    choices = [{ value = "retail", en = "Retail", zh = "零售" }, ...]
    required = false                      # optional (default)
    staff_only = false                    # customers see and update it too
    asked = true                          # asked in /new (false: editable only)
    searchable = true                     # /find looks in it
    personal = false                      # informational: every custom value is sealed at rest

    [fields.company]                      # a built-in: only `required` may be changed
    required = true

Values are kept in one sealed JSON column per contact (`Contact.extra`) unless the field has a
column of its own (`CONTACT_COLUMNS`), so a new field — a deployment's or a built-in — needs no
migration, and removing one from the file only hides its stored values. A column is needed only
for what SQL must reach inside a value: a blind index (phone, email) or duplicate matching.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot import fields as v
from bot.fields import Result
from bot.i18n import LANGUAGES, label_list, t
from storage.models import CONTACT_COLUMNS, Contact

KINDS = ("text", "number", "choice", "multi", "date", "url", "phone", "email", "yesno")
_KIND_VALIDATORS: dict[str, Callable[[str, str], Result]] = {
    "text": v.validate_text,
    "number": v.validate_number,
    "date": v.validate_date,
    "url": v.validate_website,
    "phone": v.validate_phone,
    "email": v.validate_email,
    "yesno": v.validate_yesno,
}
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class FieldsFileError(Exception):
    """The fields file is wrong; the message is one line naming the field and the problem."""


@dataclass(frozen=True)
class Choice:
    value: str
    labels: dict[str, str]  # language -> label

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.value


@dataclass(frozen=True)
class FieldSpec:
    """One contact field and everything the product does with it."""

    key: str
    kind: str = "text"
    validate: Callable[[str, str], Result] = v.validate_text  # (typed text, region) -> value
    asked: bool = False  # asked, in declaration order, by /new
    register: bool = False  # asked when a customer signs up through a link
    required: bool = False
    staff_only: bool = False  # never shown to, asked of or changed by a customer
    sealed: bool = False  # encrypted at rest (custom values always are, in Contact.extra)
    blind_indexed: bool = False  # an exact look-up by keyed hash (phone, email)
    matched: bool = False  # evidence for duplicate matching
    searchable: bool = False  # /find looks in it
    vcard: str | None = None  # the vCard 4 property it exports as
    ocr: str | None = None  # the business-card reading that fills it
    custom: bool = False  # declared in FIELDS_FILE, kept in Contact.extra
    labels: dict[str, str] = field(default_factory=dict)  # custom: language -> label
    questions: dict[str, str] = field(default_factory=dict)  # custom: language -> question
    choices: tuple[Choice, ...] = ()

    @property
    def column(self) -> bool:
        """Kept in a Contact column of its own; any other field lives in the sealed `extra`."""
        return self.key in CONTACT_COLUMNS

    def label(self, lang: str) -> str:
        if not self.custom:
            return t(lang, f"field.{self.key}")
        return self.labels.get(lang) or self.labels.get("en") or self.key

    def question(self, lang: str, *, customer: bool, region: str, **params: str) -> str:
        if not self.custom:
            return t(lang, f"{'askme' if customer else 'ask'}.{self.key}", region=region, **params)
        asked = self.questions.get(lang) or self.questions.get("en")
        text = asked or t(lang, "ask.custom", field=self.label(lang))
        if self.choices:
            options = ", ".join(c.label(lang) for c in self.choices)
            key = "ask.custom_choices" if self.kind == "multi" else "ask.custom_choice"
            text += "\n" + t(lang, key, choices=options)
        elif self.kind in ("date", "yesno", "number", "url"):
            text += "\n" + t(lang, f"ask.custom_{self.kind}")
        return text

    def shown(self, value: str | None, lang: str) -> str | None:
        """A stored value as people read it: a choice's label, not its key; yes or no in the
        reader's language (stored as "yes"/"no")."""
        if value and self.kind == "yesno" and value in ("yes", "no"):
            return t(lang, f"button.{value}")
        if not value or not self.choices:
            return value
        labels = {c.value: c.label(lang) for c in self.choices}
        return ", ".join(labels.get(part, part) for part in value.split(","))


# Built-in fields, in the order /new asks them and summaries list them.
BUILTINS: tuple[FieldSpec, ...] = (
    FieldSpec("name", validate=v.validate_name, asked=True, register=True, required=True,
              matched=True, searchable=True, vcard="FN", ocr="name"),
    FieldSpec("phone", kind="phone", validate=v.validate_phone, asked=True, register=True,
              sealed=True, blind_indexed=True, matched=True, vcard="TEL", ocr="phone"),
    FieldSpec("email", kind="email", validate=v.validate_email, asked=True, register=True,
              sealed=True, blind_indexed=True, matched=True, vcard="EMAIL", ocr="email"),
    # personal like a phone number, so sealed and not in the plain search text
    FieldSpec("wechat", validate=v.validate_wechat, ocr="wechat"),
    FieldSpec("company", validate=v.validate_company, asked=True, register=True, matched=True,
              searchable=True, vcard="ORG", ocr="company"),
    FieldSpec("title", validate=v.validate_title, asked=True, register=True, matched=True,
              vcard="TITLE", ocr="title"),
    FieldSpec("notes", validate=v.validate_notes, asked=True, staff_only=True, sealed=True,
              vcard="NOTE"),
    FieldSpec("website", kind="url", validate=v.validate_website, vcard="URL", ocr="website"),
    FieldSpec("address", validate=v.validate_address, register=True, sealed=True, matched=True,
              vcard="ADR", ocr="address"),
)  # fmt: skip


@dataclass(frozen=True)
class Registry:
    """The fields in force: the built-ins, then a deployment's own, in declaration order."""

    fields: tuple[FieldSpec, ...] = BUILTINS
    _by_key: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})
        for spec in self.fields:  # what only SQL on a column of its own can do
            if not spec.column and (spec.blind_indexed or spec.matched):
                raise ValueError(f"field {spec.key!r}: an indexed or matched field needs a "
                                 "Contact column (storage/models.py) and a migration")  # fmt: skip

    def spec(self, key: str) -> FieldSpec:
        return self._by_key[key]

    def has(self, key: str) -> bool:
        return key in self._by_key

    def keys(self, **wanted: bool) -> tuple[str, ...]:
        """Keys of the fields whose flags are as given, e.g. `keys(asked=True, custom=False)`."""
        return tuple(
            f.key for f in self.fields if all(getattr(f, k) == want for k, want in wanted.items())
        )

    @property
    def asked(self) -> tuple[str, ...]:
        return self.keys(asked=True)

    @property
    def editable(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def customer(self) -> tuple[str, ...]:
        """What a customer sees and may change about themselves: all but staff-only fields,
        the sign-up questions first."""
        register = self.keys(register=True, staff_only=False)
        rest = (k for k in self.keys(staff_only=False) if k not in register)
        return (*register, *rest)

    @property
    def register(self) -> tuple[str, ...]:
        return (*self.keys(register=True, staff_only=False),
                *self.keys(custom=True, asked=True, staff_only=False))  # fmt: skip

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.keys(required=True))

    @property
    def staff_only(self) -> frozenset[str]:
        return frozenset(self.keys(staff_only=True))

    @property
    def custom(self) -> tuple[str, ...]:
        return self.keys(custom=True)

    @property
    def builtin(self) -> tuple[str, ...]:
        return self.keys(custom=False)

    @property
    def searched_in_extra(self) -> bool:
        """Whether /find looks in `Contact.extra_search`: a searchable field has no column."""
        return any(f.searchable and not f.column for f in self.fields)

    def label(self, key: str, lang: str) -> str:
        return self.spec(key).label(lang) if self.has(key) else key

    def label_list(self, keys: tuple[str, ...] | list[str], lang: str) -> str:
        """Fields named in a sentence: "name, phone and industry" / "姓名、电话和行业"."""
        return label_list(lang, [self.label(k, lang) for k in keys])

    def validate(self, key: str, value: str, region: str) -> Result:
        return self.spec(key).validate(value, region)

    def search_text(self, custom_values: Mapping[str, str]) -> str | None:
        """What /find may match among a contact's custom values: the searchable ones' labels in
        every language, lower-cased (choices are found by the word people see)."""
        parts = []
        for key, value in custom_values.items():
            if value and self.has(key) and self.spec(key).searchable:
                spec = self.spec(key)
                parts.append(value.lower())
                parts += [(spec.shown(value, lang) or "").lower() for lang in LANGUAGES]
        return "\n".join(dict.fromkeys(parts)) or None


VALIDATORS = {f.key: f.validate for f in BUILTINS}  # the built-ins' validators, by field
_current = Registry()


def current() -> Registry:
    return _current


def configure(registry: Registry) -> Registry:
    """Make `registry` the one in force (at start-up, from FIELDS_FILE); returns the previous."""
    global _current
    previous, _current = _current, registry
    return previous


# --- the fields file --------------------------------------------------------------------------

_BUILTIN_OVERRIDES = frozenset({"required"})
_CUSTOM_KEYS = frozenset({"type", "label", "question", "choices", "required", "staff_only",
                          "asked", "searchable", "personal"})  # fmt: skip


def load(path: Path | None) -> Registry:
    """The registry FIELDS_FILE describes (the built-ins alone without one).

    Raises FieldsFileError with one line naming the file, the field and the problem."""
    if path is None:
        return Registry()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FieldsFileError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise FieldsFileError(f"{path}: not UTF-8 text") from None
    return parse(text, str(path))


def parse(text: str, path: str = "FIELDS_FILE") -> Registry:
    """The registry a fields file's text describes; `path` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FieldsFileError(f"{path}: not valid TOML ({exc})") from None
    declared = data.get("fields", {})
    if set(data) - {"fields"} or not isinstance(declared, dict):
        raise FieldsFileError(f"{path}: put every field under [fields.<key>]")
    builtins = {f.key: f for f in BUILTINS}
    custom = []
    for key, spec in declared.items():
        where = f"{path}: field {key!r}"
        if not isinstance(spec, dict):
            raise FieldsFileError(f"{where}: must be a table of settings")
        if key in builtins:
            builtins[key] = _override(builtins[key], spec, where)
        else:
            custom.append(_custom(key, spec, where))
    return Registry((*builtins.values(), *custom))


def _override(spec: FieldSpec, settings: dict[str, Any], where: str) -> FieldSpec:
    unknown = set(settings) - _BUILTIN_OVERRIDES
    if unknown:
        raise FieldsFileError(f"{where}: a built-in field; only 'required' can be set, not "
                              f"{', '.join(sorted(unknown))}")  # fmt: skip
    return replace(spec, required=_flag(settings, "required", where, spec.required))


def _custom(key: str, settings: dict[str, Any], where: str) -> FieldSpec:
    if not key or set(key) - _KEY_CHARS or not key[0].isalpha():
        raise FieldsFileError(f"{where}: a key is lower-case letters, digits and _ only")
    if key in Contact.model_fields:  # country, source, owner_id, ...: the record's own columns
        raise FieldsFileError(f"{where}: the name is taken by the contact record; pick another")
    unknown = set(settings) - _CUSTOM_KEYS
    if unknown:
        raise FieldsFileError(f"{where}: unknown setting {', '.join(sorted(unknown))}")
    kind = settings.get("type", "text")
    if kind not in KINDS:
        raise FieldsFileError(f"{where}: type {kind!r} is not one of {', '.join(KINDS)}")
    labels = _texts(settings, "label", where, required=True)
    questions = _texts(settings, "question", where, required=False)
    choices = _choices(settings.get("choices"), kind, where)
    if kind in ("choice", "multi"):
        options = {c.value: tuple(c.labels.values()) for c in choices}
        check = v.validate_choice if kind == "choice" else v.validate_choices
        validate: Callable[[str, str], Result] = lambda text, region: check(text, options)  # noqa: E731
    else:
        validate = _KIND_VALIDATORS[kind]
    return FieldSpec(
        key, kind=kind, validate=validate, custom=True, labels=labels, questions=questions,
        choices=choices, asked=_flag(settings, "asked", where, True),
        required=_flag(settings, "required", where, False),
        staff_only=_flag(settings, "staff_only", where, False),
        searchable=_flag(settings, "searchable", where, False),
        sealed=True, register=False,
        vcard=None,
    )  # fmt: skip


def _flag(settings: dict[str, Any], name: str, where: str, default: bool) -> bool:
    value = settings.get(name, default)
    if not isinstance(value, bool):
        raise FieldsFileError(f"{where}: {name} must be true or false, not {value!r}")
    return value


def _texts(settings: dict[str, Any], name: str, where: str, *, required: bool) -> dict[str, str]:
    value = settings.get(name)
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"en": value}
    if (
        not isinstance(value, dict)
        or not value.get("en")
        or not all(isinstance(x, str) and x.strip() for x in value.values())
    ):
        raise FieldsFileError(f"{where}: {name} needs an English text, e.g. "
                              f'{name} = {{ en = "…", zh = "…" }}')  # fmt: skip
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise FieldsFileError(f"{where}: {name} in unknown language {', '.join(sorted(unknown))}")
    return {lang: text.strip() for lang, text in value.items()}


def _choices(value: Any, kind: str, where: str) -> tuple[Choice, ...]:
    if kind not in ("choice", "multi"):
        if value is not None:
            raise FieldsFileError(f"{where}: choices are only for type choice or multi")
        return ()
    if not isinstance(value, list) or not value:
        raise FieldsFileError(f"{where}: type {kind} needs a list of choices")
    found: list[Choice] = []
    for item in value:
        if isinstance(item, str):
            item = {"value": item, "en": item}
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise FieldsFileError(f'{where}: each choice is {{ value = "…", en = "…", zh = "…" }}')
        labels = {k: str(x) for k, x in item.items() if k in LANGUAGES}
        choice = Choice(item["value"].strip(), labels or {"en": item["value"].strip()})
        if not choice.value or "," in choice.value or choice.value in [c.value for c in found]:
            raise FieldsFileError(
                f"{where}: choice {choice.value!r} is empty, repeated or has a comma"
            )
        found.append(choice)
    return tuple(found)
