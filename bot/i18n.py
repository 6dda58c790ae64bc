"""Messages in English and Simplified Chinese, one JSON catalog per language.

A message that counts something is an object of CLDR plural forms ({"one": ..., "other": ...}),
the form picked by Babel's plural rules for the language from the `count` parameter. A `region`
parameter is a country code (CN, GB) and is shown by the name the language gives it (中国, United
Kingdom): people do not read ISO codes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).with_name("locales")


Message = str | dict[str, str]  # a text, or its plural forms by CLDR category


@cache
def catalog(lang: str) -> dict[str, Message]:
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def language_for(code: str | None) -> str:
    """Telegram's language_code: zh, zh-hans, zh-CN ... read Chinese; everything else English."""
    return "zh" if code and code.lower().startswith("zh") else DEFAULT_LANGUAGE


def language_region(code: str | None) -> str | None:
    """The country a Telegram language_code names: en-US → US, pt_BR → BR; Chinese without
    one → CN. None when it names none (plain "en")."""
    if not code:
        return None
    parts = code.replace("_", "-").split("-")
    tail = parts[-1].upper() if len(parts) > 1 else ""
    if len(tail) == 2 and tail.isalpha():
        return tail
    return "CN" if parts[0].lower() == "zh" else None


def user_language(user: Any) -> str:
    """The language a user chose with /language, else the one their Telegram app reports (any
    object with `language` and `language_code`: a User, or a row of the reminder sweep)."""
    return user.language or language_for(user.language_code)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_form(lang: str, count: int) -> str:
    """The CLDR plural category of `count` in `lang`: one, other (English); other (Chinese)."""
    return str(_locale(lang).plural_form(abs(count)))


def region_name(lang: str, code: str) -> str:
    """A country as CLDR names it in `lang`; the code itself when CLDR has no name for it."""
    return str(_locale(lang).territories.get(code.upper(), code)) if code else code


def t(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang`, falling back to English so a missing entry is never blank;
    a counting message takes the plural form `count` needs."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(lang).get(key)
    if text is None:
        lang, text = DEFAULT_LANGUAGE, catalog(DEFAULT_LANGUAGE)[key]
    if isinstance(text, dict):
        count = params.get("count")
        form = plural_form(lang, count) if isinstance(count, int) else "other"
        text = text.get(form, text["other"])
    if isinstance(params.get("region"), str):
        params["region"] = region_name(lang, str(params["region"]))
    return text.format(**params) if params else text


def label_list(lang: str, labels: list[str]) -> str:
    """Field labels as a sentence's list: "name, phone and email" / "姓名、电话和邮箱"."""
    if lang == "en":  # "phone", "job title" in a sentence; a name keeps its capitals: WeChat
        labels = [label.lower() if label[1:].islower() else label for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return t(lang, "list.sep").join(labels[:-1]) + t(lang, "list.and") + labels[-1]
