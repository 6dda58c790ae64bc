"""The message catalogs: both languages complete, and every key the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.i18n import catalog, language_for, t

ROOT = Path(__file__).resolve().parents[2]
KEY_IN_CODE = re.compile(r"""(?:\bt\([^()"]*?|\.say\()\s*"([a-z_]+(?:\.[a-z_]+)+)\"""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    en, zh = catalog("en"), catalog("zh")
    assert set(en) == set(zh)
    for key in en:
        assert placeholders(en[key]) == placeholders(zh[key]), key


def test_every_key_named_in_the_code_exists() -> None:
    named = set()
    for path in [*ROOT.glob("bot/*.py"), *ROOT.glob("handlers/*.py")]:
        named |= set(KEY_IN_CODE.findall(path.read_text(encoding="utf-8")))
    assert len(named) > 100
    missing = sorted(k for k in named if k not in catalog("en"))
    assert missing == []


def test_language_from_telegram() -> None:
    assert language_for("zh-hans") == "zh" and language_for("zh-TW") == "zh"
    assert language_for("en-GB") == "en" and language_for(None) == "en"
    assert t("zh", "button.save") == "✅ 保存"
