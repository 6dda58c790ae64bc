"""The message catalogs: both languages complete, and every key the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.i18n import catalog, language_for, t

ROOT = Path(__file__).resolve().parents[2]
CLDR_FORMS = ("zero", "one", "two", "few", "many", "other")
KEY_IN_CODE = re.compile(r"""(?:\bt\([^()"]*?|\.say\()\s*"([a-z_]+(?:\.[a-z_]+)+)\"""")


def placeholders(text: str | dict[str, str]) -> set[str]:
    """Of a text, or of all its plural forms together."""
    texts = text.values() if isinstance(text, dict) else [text]
    return {name for x in texts for _, name, _, _ in string.Formatter().parse(x) if name}


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


def test_counting_messages_take_the_plural_form_of_their_language() -> None:
    assert t("en", "find.title", count=1, text="acme") == '1 match for "acme":'
    assert t("en", "find.title", count=3, text="acme") == '3 matches for "acme":'
    assert t("en", "find.title", count=0, text="acme") == '0 matches for "acme":'
    assert t("zh", "find.title", count=1, text="张") == "“张”有 1 条匹配："
    for lang in ("en", "zh"):
        for key, text in catalog(lang).items():
            if isinstance(text, dict):
                assert "other" in text and set(text) <= set(CLDR_FORMS), key
    # no "(s)" or "(es)" plural tricks left in any message
    for key, text in catalog("en").items():
        forms = text.values() if isinstance(text, dict) else [text]
        assert not any("(s)" in x or "(es)" in x for x in forms), key


def test_a_list_of_labels_keeps_the_capitals_of_a_name() -> None:
    """QA: the consent text spelled 'wechat'."""
    from bot.i18n import label_list

    assert label_list("en", ["Name", "WeChat", "Job title"]) == "name, WeChat and job title"
    assert label_list("zh", ["姓名", "微信", "职位"]) == "姓名、微信和职位"


def test_chinese_lines_and_lists_use_chinese_punctuation() -> None:
    """QA: a Chinese summary mixed '姓名: ' with '电话：', and wrote '电话相同, 姓名相似'."""
    from bot.duplicates import reasons_text

    assert t("zh", "summary.line", field="姓名", value="王芳") == "姓名：王芳"
    assert reasons_text("zh", ["same_phone", "similar_name"]) == "电话相同、姓名相似"
    assert reasons_text("en", ["same_phone", "similar_name"]) == "same phone, similar name"
