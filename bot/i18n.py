"""Messages in English and Simplified Chinese, one JSON catalog per language."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).with_name("locales")


@cache
def catalog(lang: str) -> dict[str, str]:
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def language_for(code: str | None) -> str:
    """Telegram's language_code: zh, zh-hans, zh-CN ... read Chinese; everything else English."""
    return "zh" if code and code.lower().startswith("zh") else DEFAULT_LANGUAGE


def user_language(user: Any) -> str:
    """The language a user chose with /language, else the one their Telegram app reports (any
    object with `language` and `language_code`: a User, or a row of the reminder sweep)."""
    return user.language or language_for(user.language_code)


def t(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang`, falling back to English so a missing entry is never blank."""
    text = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def label_list(lang: str, labels: list[str]) -> str:
    """Field labels as a sentence's list: "name, phone and email" / "姓名、电话和邮箱"."""
    if lang == "en":
        labels = [label.lower() for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return t(lang, "list.sep").join(labels[:-1]) + t(lang, "list.and") + labels[-1]
