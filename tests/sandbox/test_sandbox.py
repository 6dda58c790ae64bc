"""The sandbox, driven the way the bot drives Telegram: through a real python-telegram-bot Bot.

Two kinds of test: raw Bot API calls against a fresh sandbox (update queues, shapes, errors,
faults, webhooks), and the sync client against a small PTB Application polling a shared sandbox
(what the bot's own end-to-end tests rely on).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.error import TimedOut as TgTimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from sandbox import SandboxClient, SandboxServer
from sandbox.client import SandboxError

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ["no_proxy"] = os.environ["NO_PROXY"]

TOKEN = "123456789:sandbox-test-token"


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout=15))


def png(width: int = 640, height: int = 400, color: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as sandbox:
        yield sandbox


@pytest.fixture
def client(server: SandboxServer) -> Iterator[SandboxClient]:
    with SandboxClient(server.url) as c:
        yield c


def make_bot(server: SandboxServer, token: str = TOKEN, **request: Any) -> Bot:
    kwargs: dict[str, Any] = {}
    if request:
        kwargs["request"] = HTTPXRequest(**request)
    return Bot(token, base_url=server.api_url, base_file_url=server.file_url, **kwargs)


# --- Bot API basics ------------------------------------------------------------------------------


def test_get_me_answers_for_any_numeric_token(server: SandboxServer) -> None:
    async def main() -> None:
        async with make_bot(server, "42:whatever") as bot:
            me = await bot.get_me()
            assert (me.id, me.is_bot, me.username) == (42, True, "capture_sandbox_bot")
            assert me.first_name == "Capture Bot" and me.can_join_groups
        with pytest.raises(InvalidToken):
            async with make_bot(server, "not-a-token"):
                pass

    run(main())


def test_unknown_method_is_a_400_not_invalid_token(server: SandboxServer) -> None:
    response = httpx.post(f"{server.api_url}{TOKEN}/frobnicate", trust_env=False)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert response.json()["description"].startswith("Bad Request:")

    async def main() -> None:
        async with make_bot(server) as bot:
            with pytest.raises(BadRequest):
                await bot.do_api_request("frobnicate")

    run(main())


def test_long_poll_returns_as_soon_as_a_user_types(
    server: SandboxServer, client: SandboxClient
) -> None:
    alice = client.user(1003)

    async def main() -> None:
        async with make_bot(server) as bot:
            started = time.monotonic()
            assert await bot.get_updates(timeout=0) == ()
            assert time.monotonic() - started < 0.5, "timeout=0 must answer at once"

            threading.Timer(0.3, lambda: alice.send("/start ref_42", wait=False)).start()
            started = time.monotonic()
            updates = await bot.get_updates(timeout=5)
            elapsed = time.monotonic() - started
            assert 0.2 < elapsed < 1.5, f"long poll took {elapsed:.2f}s"
            message = updates[0].message
            assert message.text == "/start ref_42" and message.date.year > 2000
            assert message.from_user.is_bot is False and message.from_user.language_code == "en"
            assert (
                message.chat.id == message.from_user.id == 1003 and message.chat.type == "private"
            )
            entity = message.entities[0]
            assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)

            # Unconfirmed updates come again; an offset above them confirms and drops them.
            again = await bot.get_updates(timeout=0)
            assert [u.update_id for u in again] == [updates[0].update_id]
            alice.send("second", wait=False)
            newer = await bot.get_updates(offset=updates[0].update_id + 1, timeout=0)
            assert [u.message.text for u in newer] == ["second"]
            assert newer[0].update_id > updates[0].update_id
            gone = await bot.get_updates(offset=newer[0].update_id + 1, timeout=0)
            assert gone == ()

    run(main())


def test_send_message_keeps_markup_as_sent_and_strips_html(
    server: SandboxServer, client: SandboxClient
) -> None:
    alice = client.user(1003)
    alice.send("/start", wait=False)

    async def main() -> None:
        async with make_bot(server) as bot:
            keyboard = InlineKeyboardMarkup(
                [[InlineKeyboardButton("Save", callback_data="s:1")],
                 [InlineKeyboardButton("Docs", url="https://example.com/docs")]]
            )  # fmt: skip
            sent = await bot.send_message(
                1003, "<b>Lead</b> &lt;A&amp;B&gt;\nline two", parse_mode="HTML",
                reply_markup=keyboard,
            )  # fmt: skip
            assert sent.text == "Lead <A&B>\nline two" and sent.entities[0].type == "bold"
            assert sent.reply_markup == keyboard
            await bot.send_message(
                1003,
                "Share your phone",
                reply_markup=ReplyKeyboardMarkup(
                    [[KeyboardButton("Share my phone", request_contact=True)], ["Cancel"]],
                    one_time_keyboard=True,
                ),
            )
            await bot.send_message(1003, "Thanks", reply_markup=ReplyKeyboardRemove())

    run(main())
    first, second, third = alice.messages
    assert first.text == "Lead <A&B>\nline two"
    assert first.buttons == [[("Save", "s:1")], [("Docs", None)]]
    assert first.button_texts == ["Save", "Docs"]
    assert second.keyboard == [
        [{"text": "Share my phone", "request_contact": True}],
        [{"text": "Cancel"}],
    ]
    assert third.removes_keyboard and third.keyboard is None
    assert alice.keyboard is None  # removed by the last message


def test_telegram_rejections_are_reproduced(server: SandboxServer, client: SandboxClient) -> None:
    client.user(1003).send("hi", wait=False)
    client.user(1004)  # registered, but never wrote to the bot

    async def main() -> None:
        async with make_bot(server) as bot:
            with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
                await bot.send_message(1003, "Name: A<B", parse_mode="HTML")
            with pytest.raises(BadRequest, match=r"(?i)reserved"):
                await bot.send_message(1003, "Saved.", parse_mode="MarkdownV2")
            with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
                too_long = InlineKeyboardButton("x", callback_data="x" * 65)
                await bot.send_message(1003, "hi", reply_markup=InlineKeyboardMarkup([[too_long]]))
            with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
                many = [[InlineKeyboardButton(f"{i}", callback_data=f"{i}")] for i in range(101)]
                await bot.send_message(1003, "hi", reply_markup=InlineKeyboardMarkup(many))
            with pytest.raises(BadRequest, match=r"(?i)message is too long"):
                await bot.send_message(1003, "x" * 4097)
            with pytest.raises(BadRequest, match=r"(?i)chat not found"):
                await bot.send_message(999999, "hi")
            with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
                await bot.send_message(1004, "hi")

    run(main())


def test_callback_query_is_usable_by_ptb_and_edits_show_as_changes(
    server: SandboxServer, client: SandboxClient
) -> None:
    alice = client.user(1003)
    alice.send("/start", wait=False)

    async def main() -> None:
        async with make_bot(server) as bot:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Save", callback_data="save")]])
            sent = await bot.send_message(1003, "Check the lead", reply_markup=keyboard)
            alice.press("Save", wait=False)
            alice.press_data(sent.message_id, "forged:999", wait=False)
            updates = await bot.get_updates(timeout=2)
            raw = [u.to_dict() for u in updates if u.callback_query]
            parsed = [Update.de_json(data, bot) for data in raw]
            query, forged = parsed[0].callback_query, parsed[1].callback_query
            assert query.data == "save" and forged.data == "forged:999"
            assert query.chat_instance and query.from_user.id == 1003
            assert query.message.message_id == sent.message_id
            assert query.message.date.timestamp() > 0 and query.message.from_user.is_bot
            await query.answer("Saved!")
            edited = await query.edit_message_text("Saved ✓")
            assert edited.text == "Saved ✓" and edited.edit_date is not None
            with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
                await query.edit_message_text("Saved ✓")
            with pytest.raises(BadRequest, match=r"(?i)query is too old"):
                await query.answer("twice")
            await forged.answer("Unknown button", show_alert=True)

    run(main())
    message = alice.last
    assert message.text == "Saved ✓" and message.edited and message.buttons == []
    assert message.previous_texts == ["Check the lead"]
    answers = alice.callback_answers
    assert [(a.text, a.show_alert, a.data) for a in answers] == [
        ("Saved!", False, "save"),
        ("Unknown button", True, "forged:999"),
    ]


def test_blocked_user_gives_403_and_a_my_chat_member_update(
    server: SandboxServer, client: SandboxClient
) -> None:
    bob = client.user(1004)
    bob.send("/start", wait=False)
    bob.block()
    assert bob.blocked

    async def main() -> None:
        async with make_bot(server) as bot:
            with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
                await bot.send_message(1004, "Reminder")
            with pytest.raises(Forbidden):
                await bot.send_chat_action(1004, "typing")
            updates = await bot.get_updates(timeout=0)
            member = updates[-1].my_chat_member
            assert member.new_chat_member.status == "kicked"
            assert member.old_chat_member.status == "member" and member.from_user.id == 1004
            bob.unblock()
            await bot.send_message(1004, "Welcome back")

    run(main())
    with pytest.raises(SandboxError, match="blocked"):
        bob.block()
        bob.send("hello", wait=False)
    assert [m.text for m in bob.messages] == ["Welcome back"]


def test_file_round_trip_and_photo_sizes(server: SandboxServer, client: SandboxClient) -> None:
    alice = client.user(1003)
    alice.send("/start", wait=False)
    alice.send_photo(png(1600, 1000), caption="card", wait=False)
    alice.send_photo(png(300, 200), as_document=True, file_name="card.png", wait=False)
    payload = b"name,phone\nZhang Wei,+8613800138000\n"

    async def main() -> None:
        async with make_bot(server) as bot:
            updates = await bot.get_updates(timeout=0)
            photo_msg, doc_msg = updates[1].message, updates[2].message
            sizes = photo_msg.photo
            assert [s.width for s in sizes] == sorted(s.width for s in sizes)
            assert (sizes[-1].width, sizes[-1].height) == (1280, 800)  # compressed like Telegram
            assert photo_msg.caption == "card"
            file = await sizes[-1].get_file()
            assert file.file_path.startswith(server.file_url)
            assert "sandbox-files/" in file.file_path and not Path("sandbox-files").exists()
            data = await file.download_as_bytearray()
            assert Image.open(io.BytesIO(bytes(data))).size == (1280, 800)
            assert len(data) == file.file_size

            document = doc_msg.document
            assert (document.file_name, document.mime_type) == ("card.png", "image/png")
            raw = await (await document.get_file()).download_as_bytearray()
            assert Image.open(io.BytesIO(bytes(raw))).size == (300, 200)

            sent = await bot.send_document(1003, payload, filename="leads.csv", caption="Export")
            assert sent.document.file_name == "leads.csv" and sent.caption == "Export"
            again = await bot.send_document(1003, sent.document.file_id)  # by file_id
            assert again.document.file_unique_id == sent.document.file_unique_id
            photo = await bot.send_photo(1003, png(200, 100, "red"))
            assert photo.photo[-1].width == 200
            with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
                await bot.send_document(1003, "no-such-file-id")
            with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
                await bot.send_photo(1003, b"not an image")

    run(main())
    export = alice.messages[0]
    assert export.document.file_name == "leads.csv" and export.document.download() == payload
    assert export.text == "Export"
    assert alice.last.photo.width == 200 and alice.last.photo.download()[:3] == b"\xff\xd8\xff"


def test_shared_contacts_and_other_media_parse_in_ptb(
    server: SandboxServer, client: SandboxClient
) -> None:
    wang = client.user(1006)
    wang.send_contact(wait=False)  # own, the preset phone
    wang.send_contact("+8613800138000", "Wei", "Zhang", user_id=5555, wait=False)
    wang.send_contact("+8613800138001", "Li", telegram_user=False, wait=False)
    wang.send_sticker(wait=False)
    wang.send_voice(wait=False)
    wang.send_location(31.2, 121.5, wait=False)
    wang.send_animation(wait=False)

    async def main() -> list[Any]:
        async with make_bot(server) as bot:
            return [u.message for u in await bot.get_updates(timeout=0)]

    own, other, stranger, sticker, voice, location, gif = run(main())
    assert own.from_user.language_code == "zh-hans"
    assert (own.contact.phone_number, own.contact.user_id) == ("+8613912345678", 1006)
    assert own.contact.first_name == "王芳"
    assert (other.contact.first_name, other.contact.last_name) == ("Wei", "Zhang")
    assert other.contact.user_id == 5555 and stranger.contact.user_id is None
    assert sticker.sticker.emoji == "👍" and sticker.sticker.width == 512
    assert voice.to_dict()["voice"]["duration"] == 2 and voice.voice.mime_type == "audio/ogg"
    assert (location.location.latitude, location.location.longitude) == (31.2, 121.5)
    assert gif.animation.mime_type == "video/mp4" and gif.document is not None


def test_commands_per_scope_and_language(server: SandboxServer, client: SandboxClient) -> None:
    li = client.user(1005)  # zh-hans

    async def main() -> None:
        async with make_bot(server) as bot:
            await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("new", "New lead")])
            await bot.set_my_commands([BotCommand("new", "新建")], language_code="zh")
            admin_scope = BotCommandScopeChat(1001)
            await bot.set_my_commands([BotCommand("export", "Export")], scope=admin_scope)
            assert [c.command for c in await bot.get_my_commands()] == ["start", "new"]
            with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
                await bot.set_my_commands([BotCommand("New", "bad")])
            await bot.set_chat_menu_button()

    run(main())
    assert client.commands() == [("start", "Start"), ("new", "New lead")]
    assert client.commands({"type": "chat", "chat_id": 1001}) == [("export", "Export")]
    assert client.commands(language_code="zh") == [("new", "新建")]
    assert li.commands() == [("new", "新建")]
    assert client.user(1001).commands() == [("export", "Export")]
    assert client.user(1004).commands() == [("start", "Start"), ("new", "New lead")]


class Receiver:
    """A tiny webhook endpoint: records pushes, can fail the first few."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.pushes: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.arrived = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.failures > 0:
                    outer.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                outer.pushes.append((dict(self.headers), json.loads(body)))
                outer.arrived.set()
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_webhook_pushes_with_secret_and_retries(
    server: SandboxServer, client: SandboxClient
) -> None:
    receiver = Receiver(failures=1)
    alice = client.user(1003)
    try:

        async def main() -> None:
            async with make_bot(server) as bot:
                await bot.set_webhook(receiver.url, secret_token="s3cret-Token_1")
                info = await bot.get_webhook_info()
                assert info.url == receiver.url and info.pending_update_count == 0
                with pytest.raises(Conflict, match=r"(?i)webhook is active"):
                    await bot.get_updates(timeout=0)
                alice.send("/start", wait=False)
                arrived = await asyncio.to_thread(receiver.arrived.wait, 5)
                assert arrived, "no webhook push"
                headers, body = receiver.pushes[0]
                assert headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret-Token_1"
                update = Update.de_json(body, bot)
                assert update.message.text == "/start" and update.message.from_user.id == 1003
                info = await bot.get_webhook_info()
                assert info.last_error_message and "500" in info.last_error_message
                await bot.delete_webhook()
                alice.send("polling again", wait=False)
                updates = await bot.get_updates(timeout=1)
                assert [u.message.text for u in updates] == ["polling again"]

        run(main())
    finally:
        receiver.close()


@pytest.mark.filterwarnings("ignore:.*retry_after.*timedelta")  # PTB 22's own deprecation notice
def test_fault_injection_429_5xx_and_timeouts(server: SandboxServer, client: SandboxClient) -> None:
    alice = client.user(1003)
    alice.send("/start", wait=False)

    async def main() -> None:
        async with make_bot(server, read_timeout=0.3) as bot:
            client.inject_fault("sendMessage", "429", count=1, retry_after=3)
            client.inject_fault("getMe", "500", count=1)
            assert [f["kind"] for f in client.faults()] == ["429", "500"]
            with pytest.raises(RetryAfter) as excinfo:
                await bot.send_message(1003, "first try")
            assert "Retry in 3 seconds" in str(excinfo.value)
            await bot.send_message(1003, "second try")
            with pytest.raises(NetworkError):
                await bot.get_me()
            assert (await bot.get_me()).id == 123456789
            client.inject_fault("sendMessage", "timeout", count=1, delay=0.8)
            with pytest.raises(TgTimedOut):
                await bot.send_message(1003, "slow one")

    run(main())
    # Like Telegram, a request the bot gave up on may still have been delivered.
    assert alice.wait_for("slow one", timeout=3).text == "slow one"
    assert [m.text for m in alice.messages] == ["second try", "slow one"]
    calls = client.calls("sendMessage")
    assert [c.get("fault") for c in calls] == ["429", None, "timeout"]
    assert client.clear_faults() == 3
    assert client.faults() == []


def test_chat_page_and_presets_are_served(server: SandboxServer, client: SandboxClient) -> None:
    page = httpx.get(server.url + "/", trust_env=False)
    assert page.status_code == 200 and "<title>Capture Bot" in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # no external assets
    presets = client._request("GET", "/control/presets")
    assert {p["id"]: p["language_code"] for p in presets} == {
        1001: "en", 1002: "en", 1003: "en", 1005: "zh-hans", 1004: "en", 1006: "zh-hans",
    }  # fmt: skip
    assert {p["id"]: p["phone"] for p in presets}[1004] == "+447400900123"
    assert client.user(1006).info["phone"] == "+8613912345678"


# --- the control API is this machine's only ------------------------------------------------------


def _with_token(server: SandboxServer, **headers: str) -> dict[str, str]:
    return {"X-Sandbox-Token": server.control_token, **headers}


def test_the_control_api_needs_the_runs_token(server: SandboxServer) -> None:
    url = server.url + "/control/users"
    assert httpx.get(url, trust_env=False).status_code == 403
    wrong = {"X-Sandbox-Token": "guessed"}
    assert httpx.get(url, headers=wrong, trust_env=False).status_code == 403
    assert httpx.get(url, headers=_with_token(server), trust_env=False).status_code == 200
    # the chat page hands it over as an HttpOnly, SameSite=Strict cookie, per port
    page = httpx.get(server.url + "/", trust_env=False)
    cookie = page.headers["set-cookie"]
    assert f"sandbox_token_{server.port}={server.control_token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    cookies = {f"sandbox_token_{server.port}": server.control_token}
    assert httpx.get(url, cookies=cookies, trust_env=False).status_code == 200
    assert SandboxServer().control_token != server.control_token  # a new one every run


def test_a_foreign_page_cannot_drive_the_sandbox(server: SandboxServer) -> None:
    """A form POST from another site, or a DNS-rebinding name, is refused before it acts."""
    client = SandboxClient(server.url, token=server.control_token)
    alice = client.user(3001, first_name="Alice")
    form = {"text": "/start"}
    hostile = [
        {"Origin": "http://evil.example"},  # CSRF: a cross-site form post
        {"Host": f"rebind.evil.example:{server.port}"},  # DNS rebinding to 127.0.0.1
        {"Host": f"127.0.0.1:{server.port + 1}"},
        {"Origin": "null"},
    ]
    for headers in hostile:
        posted = httpx.post(
            f"{server.url}/control/users/{alice.id}/text", data=form,
            headers=_with_token(server, **headers), trust_env=False,
        )  # fmt: skip
        assert posted.status_code == 403, headers
        read = httpx.get(f"{server.url}/control/users/{alice.id}/chat",
                         headers=_with_token(server, **headers), trust_env=False)  # fmt: skip
        assert read.status_code == 403 and "Alice" not in read.text, headers
    rebound = httpx.get(server.url + "/", headers={"Host": "rebind.evil.example"}, trust_env=False)
    assert rebound.status_code == 403 and "set-cookie" not in rebound.headers
    assert "/start" not in json.dumps(server.state.chat_view(alice.id, None, True))
    same = {"Origin": server.url, "Host": f"localhost:{server.port}"}
    ok = httpx.post(f"{server.url}/control/users/{alice.id}/text", json=form,
                    headers=_with_token(server, **same), trust_env=False)  # fmt: skip
    assert ok.status_code == 200
    assert "/start" in json.dumps(server.state.chat_view(alice.id, None, True))
    client.close()


def test_the_bot_api_side_needs_no_control_token(server: SandboxServer) -> None:
    response = httpx.post(f"{server.api_url}{TOKEN}/getMe", trust_env=False)
    assert response.status_code == 200 and response.json()["ok"]


# --- the client against a running PTB Application ------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = f"\npayload: {context.args[0]}" if context.args else ""
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Save", callback_data="save"),
          InlineKeyboardButton("Cancel", callback_data="cancel")]]
    )  # fmt: skip
    await update.message.reply_text(
        f"Hello, {update.effective_user.first_name}!{payload}", reply_markup=keyboard
    )


async def _two(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("one")
    await asyncio.sleep(0.1)
    await update.message.reply_text("two")


async def _slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.chat.send_action("typing")
    await asyncio.sleep(0.3)
    await update.message.reply_text("done")


async def _later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("ok, later")
    await asyncio.sleep(0.5)
    await update.message.reply_text("Reminder: call Zhang Wei")


async def _keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share my phone", request_contact=True)]], one_time_keyboard=True
    )
    await update.message.reply_text("Your phone, please", reply_markup=markup)


async def _doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_document(b"id,name\n1,Zhang Wei\n", filename="leads.csv")


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query.data == "save":
        await query.answer("Saved!")
        await query.edit_message_text("Saved ✓")
    elif query.data == "cancel":
        await query.answer("Cancelled", show_alert=True)
    else:
        await query.answer()
        await query.message.reply_text(f"Unknown button: {query.data}")


async def _media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message.contact:
        own = message.contact.user_id == update.effective_user.id
        text = f"Contact {message.contact.phone_number} own={own}"
    elif message.photo:
        biggest = message.photo[-1]
        data = await (await biggest.get_file()).download_as_bytearray()
        width, height = Image.open(io.BytesIO(bytes(data))).size
        text = f"Photo {width}x{height}"
    elif message.animation:
        text = "GIF"
    elif message.document:
        text = f"Document {message.document.file_name} {message.document.mime_type}"
    elif message.sticker:
        text = f"Sticker {message.sticker.emoji}"
    elif message.voice:
        text = f"Voice {message.to_dict()['voice']['duration']}s"  # no timedelta warning
    elif message.location:
        text = f"Location {message.location.latitude},{message.location.longitude}"
    else:
        text = f"You said: {message.text}"
    await message.reply_text(text)


class PollingBot:
    """A real PTB Application polling the sandbox from its own thread and event loop."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping: asyncio.Event | None = None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stopping = asyncio.Event()
        app: Application = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(self.server.api_url)
            .base_file_url(self.server.file_url)
            .build()
        )
        app.add_handler(CommandHandler("start", _start))
        app.add_handler(CommandHandler("two", _two))
        app.add_handler(CommandHandler("slow", _slow))
        app.add_handler(CommandHandler("later", _later))
        app.add_handler(CommandHandler("keyboard", _keyboard))
        app.add_handler(CommandHandler("doc", _doc))
        app.add_handler(CommandHandler("nothing", lambda u, c: asyncio.sleep(0)))
        app.add_handler(CallbackQueryHandler(_button))
        app.add_handler(MessageHandler(~filters.COMMAND, _media))
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            self.ready.set()
            await self.stopping.wait()
            await app.updater.stop()
            await app.stop()

    def start(self) -> None:
        self.thread.start()
        assert self.ready.wait(10), "the PTB application did not start"

    def stop(self) -> None:
        if self.loop and self.stopping:
            self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(10)


@pytest.fixture(scope="module")
def polling() -> Iterator[SandboxClient]:
    with SandboxServer() as sandbox:
        app = PollingBot(sandbox)
        app.start()
        try:
            with SandboxClient(sandbox.url) as c:
                yield c
        finally:
            app.stop()


def test_send_waits_for_replies_and_press_sees_edits(polling: SandboxClient) -> None:
    alice = polling.user(2001, first_name="Alice", language_code="en")
    replies = alice.send("/start deep-link_1")
    assert [r.text for r in replies] == ["Hello, Alice!\npayload: deep-link_1"]
    assert replies[0].button_texts == ["Save", "Cancel"] and not replies[0].edited
    saved = alice.press("Save")
    assert [(m.message_id, m.text, m.edited) for m in saved] == [
        (replies[0].message_id, "Saved ✓", True)
    ]
    assert alice.callback_answers[-1].text == "Saved!"
    # waits for the second one, 0.1 s later (a settle well above that: on a loaded machine the
    # bot's second send has come more than the default 0.3 s after its first)
    assert [m.text for m in alice.send("/two", settle=2.0)] == ["one", "two"]


def test_press_answers_and_forged_data(polling: SandboxClient) -> None:
    bob = polling.user(2002, first_name="Bob")
    first = bob.send("/start")[0]
    bob.press("Canc", wait=False)  # contained text matches too
    answer = bob.wait_for_answer("Cancelled")
    assert answer.show_alert and answer.data == "cancel"
    replies = bob.press_data(first.message_id, "contact:999:delete")
    assert replies[0].text == "Unknown button: contact:999:delete"
    with pytest.raises(AssertionError, match=r"no inline button 'Nope'.*Save"):
        bob.press("Nope")


def test_timeouts_fail_fast_and_show_the_chat(polling: SandboxClient) -> None:
    carol = polling.user(2003, first_name="Carol")
    carol.send("hello")
    started = time.monotonic()
    with pytest.raises(AssertionError) as excinfo:
        carol.send("/nothing", timeout=0.5)
    assert time.monotonic() - started < 2
    assert "no bot message or edit within 0.5s" in str(excinfo.value)
    assert "You said: hello" in str(excinfo.value)
    with pytest.raises(AssertionError, match="no bot message containing 'never'"):
        carol.wait_for("never", timeout=0.3)


def test_wait_for_later_messages_and_chat_actions(polling: SandboxClient) -> None:
    dave = polling.user(2004, first_name="Dave")
    assert [m.text for m in dave.send("/later")] == ["ok, later"]
    reminder = dave.wait_for("Reminder", timeout=5)
    assert reminder.text == "Reminder: call Zhang Wei"
    assert dave.send("/slow")[0].text == "done"
    assert "typing" in dave.chat_actions
    assert dave.last.text == "done"


def test_media_through_the_client(polling: SandboxClient) -> None:
    erin = polling.user(2005, first_name="Erin", phone="+447700900555")
    quick = {"settle": 0.05}  # every step here answers with exactly one message
    reply = erin.send("/keyboard", **quick)[0]
    assert reply.keyboard == [[{"text": "Share my phone", "request_contact": True}]]
    assert erin.keyboard is not None
    assert erin.share_own_contact(**quick)[0].text == "Contact +447700900555 own=True"
    assert erin.keyboard is None  # one-time keyboards hide once used
    other = erin.send_contact("+8613800138000", "Wei", user_id=77, **quick)
    assert other[0].text == "Contact +8613800138000 own=False"
    assert erin.send_photo(png(500, 300), **quick)[0].text == "Photo 500x300"
    as_file = erin.send_photo(png(50, 40), as_document=True, file_name="card.png", **quick)
    assert as_file[0].text == "Document card.png image/png"
    assert erin.send_sticker(**quick)[0].text == "Sticker 👍"
    assert erin.send_voice(duration=3, **quick)[0].text == "Voice 3s"
    assert erin.send_location(31.2, 121.5, **quick)[0].text == "Location 31.2,121.5"
    assert erin.send_animation(**quick)[0].text == "GIF"
    document = erin.send("/doc", **quick)[0].document
    assert document.file_name == "leads.csv"
    assert document.download() == b"id,name\n1,Zhang Wei\n"
