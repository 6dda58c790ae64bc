"""Duplicates through the sandbox: the rep's warning, the managers' alert, merge and unmerge."""

from __future__ import annotations

import json
import re

from tests.conftest import BotProcess


def capture(rep, name: str, phone: str | None, email: str | None, company: str | None):  # type: ignore[no-untyped-def]
    """Type a lead up to pressing Save; returns what Save produced."""
    rep.send("/new")
    rep.send(name)
    for answer in (phone, email, company, None, None):
        rep.send(answer or "/skip")
    return rep.press("Save")


def saved_id(replies) -> int:  # type: ignore[no-untyped-def]
    text = " ".join(m.text or "" for m in replies)
    return int(re.search(r"Saved as #(\d+)", text).group(1))


def test_warning_alert_merge_and_unmerge(bot: BotProcess, new_user_id: int) -> None:
    alice = bot.client.user(new_user_id, first_name="Alice", language_code="en")
    bruno = bot.client.user(new_user_id + 200_000, first_name="Bruno", language_code="en")
    boss = bot.client.user(new_user_id + 400_000, first_name="Mona", language_code="en")
    bot.set_role(alice.id, "rep")
    bot.set_role(bruno.id, "rep")
    bot.set_role(boss.id, "manager")
    boss.send("/start")  # Telegram lets a bot write only to people who started it
    first = saved_id(capture(alice, "Qiu Haoran", "+86 135 7777 0101", None, "Lotus Trading Ltd"))

    replies = capture(bruno, "Haoran Qiu", None, "qiu.haoran@lotus.example", "Lotus Trading")
    warning = " ".join(m.text for m in replies)
    # another rep's lead: who to ask, never its details (issue 14: no probing by phone or email)
    assert "A colleague, Alice, already has this person" in warning
    assert f"#{first}" not in warning and "Lotus Trading Ltd" not in warning
    assert "given and family name swapped" in warning or "similar name" in warning
    buttons = bruno.last.button_texts
    assert "Save anyway" in buttons and not any("Update #" in b for b in buttons)  # not his lead

    second = saved_id(bruno.press("Save anyway"))
    alert = boss.wait_for(f"#{second}: added by Bruno")
    assert f"#{first}: added by Alice" in alert.text and "Qiu Haoran | Haoran Qiu" in alert.text
    assert alert.button_texts == ["🔀 Merge", "Not a duplicate", "Later"]

    boss.press_data(alert.message_id, next(d for t, d in alert.buttons[0] if "Merge" in t))
    boss.press(f"Keep #{first}")
    boss.wait_for("Name: the records differ")
    boss.press("Qiu Haoran")
    boss.wait_for("Company: the records differ")
    boss.press("Lotus Trading Ltd")
    merged = boss.wait_for("Merged")
    assert f"Merged #{second} into #{first}" in merged.text
    view = boss.send(f"/view {first}")[-1].text
    assert "qiu.haoran@lotus.example" in view and "+86 135 7777 0101" in view
    assert f"#{second} was merged into #{first}" in boss.send(f"/view {second}")[-1].text

    restored = boss.send(f"/unmerge {first}")[-1].text
    assert f"Restored #{first} and #{second}" in restored
    assert "qiu.haoran" not in boss.send(f"/view {first}")[-1].text
    assert "Haoran Qiu" in boss.send(f"/view {second}")[-1].text


def test_not_a_duplicate_is_remembered(bot: BotProcess, new_user_id: int) -> None:
    rep = bot.client.user(new_user_id, first_name="Rosa", language_code="en")
    boss = bot.client.user(new_user_id + 400_000, first_name="Max", language_code="en")
    bot.set_role(rep.id, "rep")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    first = saved_id(capture(rep, "Tobias Brandt", "+49 30 901820", None, "Nordwind GmbH"))
    capture(rep, "Tobias Brandt", None, "t.brandt@nordwind.example", "Nordwind")
    second = saved_id(rep.press("Save anyway"))
    alert = boss.wait_for(f"#{second}: added by Rosa")
    assert f"#{first}: added by Rosa" in alert.text
    boss.press_data(alert.message_id, next(d for t, d in alert.buttons[0] if "Not a" in t))
    assert "different people" in boss.wait_for("different people").text
    boss.mark()
    rep.send(f"/edit {second}")
    rep.press("Title")
    rep.send("Head of Sales")
    assert "updated" in rep.press("Save changes")[0].text
    dupes = boss.send("/dupes")
    assert not any(f"#{second}:" in (m.text or "") for m in dupes)


def test_update_instead_of_a_second_record(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    first = saved_id(capture(rep, "Ingrid Lund", "+47 412 34 567", None, None))
    capture(rep, "Ingrid Lund", "+47 412 34 567", "ingrid@fjord.example", "Fjord AS")
    assert f"Update #{first} instead" in rep.last.button_texts
    rep.press(f"Update #{first} instead")
    summary = rep.last.text
    assert f"Check your changes to #{first}" in summary and "ingrid@fjord.example" in summary
    assert "updated" in rep.press("Save changes")[0].text
    assert "Fjord AS" in rep.send(f"/view {first}")[-1].text


def test_dupes_and_unmerge_are_for_managers(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    assert "role does not allow" in rep.send("/dupes")[0].text
    assert "role does not allow" in rep.send("/unmerge 1")[0].text


def test_a_chinese_managers_scan_answers_in_chinese(bot: BotProcess, new_user_id: int) -> None:
    """The scan's result is sent from a worker thread, outside the update's turn: it must
    still speak the language the manager's Telegram reports (QA: it came in English)."""
    boss = bot.client.user(new_user_id, first_name="王经理", language_code="zh")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    boss.send("/scan")
    assert "扫描完成" in boss.wait_for(re.compile("扫描完成|Scan finished"), timeout=60).text


def test_merge_on_an_alert_already_decided_is_refused_unstamped(
    bot: BotProcess, new_user_id: int
) -> None:
    """QA 46 #7: the alert answered from /dupes; its own Merge is refused and says so only."""
    rep = bot.client.user(new_user_id, first_name="Rosa", language_code="en")
    boss = bot.client.user(new_user_id + 400_000, first_name="Max", language_code="en")
    bot.set_role(rep.id, "rep")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    capture(rep, "Heike Vogt", "+49 30 901821", None, "Sturmvogel GmbH")
    capture(rep, "Heike Vogt", None, "h.vogt@sturmvogel.example", "Sturmvogel")
    second = saved_id(rep.press("Save anyway"))
    alert = boss.wait_for(f"#{second}: added by Rosa")
    boss.send("/dupes")
    boss.press("Not a duplicate")
    boss.wait_for("different people")
    said = boss.press_data(alert.message_id, next(d for t, d in alert.buttons[0] if "Merge" in t))
    assert "already" in " ".join(m.text or "" for m in said)
    shown = next(m for m in boss.messages if m.message_id == alert.message_id)
    assert "You chose" not in shown.text and not shown.edited


def test_her_link_update_and_forget_follow_a_merge(bot: BotProcess, new_user_id: int) -> None:
    """QA ops47: merged into an unlinked record, the customer lost her record, her Save in flight
    was refused, and her /forget said "erased" while the kept record still held her data."""
    rosa = bot.client.user(new_user_id, first_name="Rosa", language_code="en")
    boss = bot.client.user(new_user_id + 400_000, first_name="Max", language_code="en")
    bot.set_role(rosa.id, "rep")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    first = saved_id(capture(rosa, "Vera Vergessen", "+49 30 901801", None, "Vergiss AG"))
    replies = capture(rosa, "Vera Vergessen", None, "vera@vergiss.example", "Vergiss AG")
    if "Saved as #" not in " ".join(m.text or "" for m in replies):  # warned of the first
        replies = rosa.press("Save anyway")
    second = saved_id(replies)
    rosa.send(f"/view {second}")
    rosa.press("Invite customer")
    link = re.search(r"\?start=(i_[\w-]+)", rosa.wait_for("Invitation for").text).group(1)
    vera = bot.client.user(new_user_id + 600_000, first_name="Vera", language_code="en")
    vera.send(f"/start {link}")
    vera.press("I agree")
    vera.press("Update")
    vera.press("Title")
    vera.send("Chief Changer")

    alert = boss.wait_for(f"#{second}: added by Rosa")
    boss.press_data(alert.message_id, next(d for t, d in alert.buttons[0] if "Merge" in t))
    boss.press(f"Keep #{first}")
    boss.wait_for("Merged", timeout=30)
    assert "your details are saved" in " ".join(m.text or "" for m in vera.press("Save changes"))
    view = boss.send(f"/view {first}")[-1].text
    assert "Chief Changer" in view and "vera@vergiss.example" in view
    assert "Customer: linked" in view
    mydata = json.loads(vera.send("/mydata")[-1].document.download())
    assert mydata["contact"]["id"] == first and mydata["contact"]["phone"]

    vera.send("/forget")
    assert "erased" in vera.press("Yes, erase my data")[0].text
    view = boss.send(f"/view {first}")[-1].text
    assert "vera@vergiss.example" not in view and "Vergessen" not in view, view
