"""A reply longer than Telegram's 4,096 UTF-16 units arrives whole, as several messages."""

from __future__ import annotations

from handlers import TELEGRAM_TEXT_MAX, message_parts
from tests.conftest import BotProcess
from tests.handlers.test_duplicates import capture, saved_id


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_long_text_is_cut_between_lines_within_the_limit() -> None:
    short = "one\ntwo\n\nthree"
    assert message_parts(short) == [short]
    text = "\n".join(f"{i:03d} " + "历史" * 60 for i in range(120))
    parts = message_parts(text)
    assert len(parts) > 1 and all(units(p) <= TELEGRAM_TEXT_MAX for p in parts)
    assert "\n".join(parts) == text  # cut only between lines, nothing lost or added


def test_a_line_longer_than_a_message_is_cut_by_utf16_units() -> None:
    emoji = "😀" * 3000  # 2 UTF-16 units each: 6,000 units, under 4,096 characters
    parts = message_parts(f"head\n{emoji}")
    assert [units(p) for p in parts] == [4, 4096, 1904]
    assert "".join(parts[1:]) == emoji


def test_a_long_history_arrives_whole(bot: BotProcess, new_user_id: int) -> None:
    rep = bot.client.user(new_user_id, first_name="Rita", language_code="en")
    bot.set_role(rep.id, "rep")
    boss = bot.client.user(new_user_id + 400_000, first_name="Mona", language_code="en")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    contact_id = saved_id(capture(rep, "Long Notes", "+44 20 7946 0123", None, "Quill Ltd"))
    notes = [f"Visit {k}: " + chr(ord("a") + k) * 990 for k in range(4)]  # 1,000 characters
    for text in notes:
        rep.send(f"/edit {contact_id}")
        rep.press("Notes")
        rep.send(text)
        assert "updated" in rep.press("Save changes")[0].text
    history = [m.text or "" for m in boss.send(f"/history {contact_id}")]
    history = [h for h in history if h]
    assert len(history) >= 2 and all(units(h) <= TELEGRAM_TEXT_MAX for h in history)
    whole = "\n".join(history)
    assert f"#{contact_id}" in history[0].splitlines()[0]
    assert all(text in whole for text in notes)  # every change, old and new value, in full
