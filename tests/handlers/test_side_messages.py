"""Side messages through the sandbox: an alert Telegram refuses never spoils the rep's Save;
it is recorded, the inviter hears of it once, /team and /dupes show it until it gets through."""

from __future__ import annotations

from tests.conftest import BotProcess, team_list
from tests.handlers.test_duplicates import capture, saved_id


def test_an_unreachable_manager_never_spoils_a_save(bot: BotProcess, new_user_id: int) -> None:
    rep = bot.client.user(new_user_id, first_name="Rosa", language_code="en")
    bot.set_role(rep.id, "rep")
    # a manager made from the command line who never opened the bot (Telegram: 403), and one
    # whose chat Telegram does not know at all (400 "chat not found")
    silent = bot.client.user(new_user_id + 400_000, first_name="Mona", language_code="en")
    bot.set_role(silent.id, "manager")
    ghost = new_user_id + 600_000
    bot.set_role(ghost, "manager")
    admin = bot.client.user(BotProcess.ADMIN_ID, language_code="en", started=True)
    admin.mark()

    first = saved_id(capture(rep, "Ines Duarte", "+351 912 345 678", None, "Tejo Lda"))
    capture(rep, "Ines Duarte", "+351 912 345 678", "ines@tejo.example", "Tejo Lda")
    saved = rep.press("Save anyway")
    second = saved_id(saved)  # the Save stands: no "Sorry, something went wrong"
    assert not any("went wrong" in (m.text or "") for m in saved)

    # the bot never saw their names: they are named by id
    notice = admin.wait_for(f"delivered to id {ghost}:")
    assert "Telegram knows no chat with them" in notice.text
    notice = admin.wait_for(f"delivered to id {silent.id}:")
    assert "they have not opened the bot yet" in notice.text and "press Start" in notice.text

    # a shared test bot's team runs to pages: each member looked up by the id /team shows
    team = team_list(admin.send(f"/team {silent.id}"))
    mona = next(line for line in team.splitlines() if line.startswith(f"id {silent.id} — "))
    assert "manager, has not opened the bot yet" in mona and "—  (" not in mona
    assert "cannot be reached" in mona and "last active" not in mona
    team = team_list(admin.send(f"/team {ghost}"))
    assert any(line.startswith(f"id {ghost} — ") for line in team.splitlines())

    dupes = " ".join(m.text or "" for m in admin.send("/dupes"))
    assert "could not be delivered" in dupes
    assert any(
        line.startswith("#") and f"to id {silent.id}: they have not opened the bot yet" in line
        for line in dupes.splitlines()
    )
    assert f"#{first}" in dupes and f"#{second}" in dupes

    silent.send("/start")  # she opens the bot: reachable again, named, the marks go
    team = team_list(admin.send(f"/team {silent.id}"))
    mona = next(line for line in team.splitlines() if f"Mona (id {silent.id})" in line)
    assert "cannot be reached" not in mona and ", last active 20" in mona
    assert f"to id {silent.id}" not in " ".join(m.text or "" for m in admin.send("/dupes"))


def test_chinese_manager_sees_the_marks_in_chinese(bot: BotProcess, new_user_id: int) -> None:
    rep = bot.client.user(new_user_id, first_name="Li", language_code="zh")
    bot.set_role(rep.id, "rep")
    quiet = bot.client.user(new_user_id + 400_000, first_name="王芳", language_code="zh")
    bot.set_role(quiet.id, "manager")
    boss = bot.client.user(new_user_id + 500_000, first_name="张强", language_code="zh")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    rep.send("/new")
    rep.send("赵敏")
    for answer in ("+86 139 1111 2222", "/skip", "星河科技", "/skip", "/skip"):
        rep.send(answer)
    rep.press("✅ 保存")
    rep.send("/new")
    rep.send("赵敏")
    for answer in ("+86 139 1111 2222", "zhaomin@xinghe.example", "星河科技", "/skip", "/skip"):
        rep.send(answer)
    rep.press("✅ 保存")
    saved = rep.press("仍然保存")
    assert any("已保存" in (m.text or "") for m in saved)
    boss.wait_for("可能重复")
    team = team_list(boss.send(f"/team {quiet.id}"))
    line = next(x for x in team.splitlines() if x.startswith(f"id {quiet.id} — "))
    assert "经理" in line and "尚未打开机器人" in line and "无法联系" in line
    assert "未能送达的提醒" in " ".join(m.text or "" for m in boss.send("/dupes"))
