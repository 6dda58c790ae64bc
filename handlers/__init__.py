"""Thin Telegram adapters: an Update becomes an event for the core, its replies become messages.

Every handler is registered in `register`; no business rules live here. This package is the top
of the stack, so the process starts here (`main`, the `capture-bot` script): it hands `register` to
the CLI in bot/, which never imports handlers/.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from datetime import time as dt_time
from functools import partial
from typing import Any

from sqlalchemy.exc import OperationalError
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import cli, customers, digest, flow, hooks
from bot.commands import menu_of
from bot.core import Actor, CardFailed, Core, Event, Photo
from bot.i18n import language_for, t
from bot.limits import ALLOW, WARN
from bot.replies import Alert, Outcome, Reply
from bot.reports import ExportJob, ExportResult, export_messages
from bot.security import decode_button, encode_button, signing_key

log = logging.getLogger("capture.updates")

MAX_TEXT = 4000  # longer texts are refused before they reach the core
TELEGRAM_TEXT_MAX = 4096  # UTF-16 units a message may carry
WAL_CHECKPOINT_SECONDS = 1.0  # SQLite's WAL stays a few hundred pages at 25 updates/s
UNSUPPORTED_KINDS = (
    "sticker", "voice", "video", "video_note", "animation", "audio", "location", "venue",
    "poll", "dice", "game", "document", "story",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """`capture-bot`: the CLI with this layer's handlers wired in for `run`."""
    return cli.main(argv, register=register)


def register(app: Application) -> None:
    """Every handler, in one place, in the order they are tried."""
    app.add_handler(MessageHandler(filters.COMMAND, on_command))
    app.add_handler(MessageHandler(filters.TEXT, on_text))
    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(filters.PHOTO | filters.Document.IMAGE, on_photo))
    app.add_handler(CallbackQueryHandler(on_press))
    app.add_handler(MessageHandler(filters.ALL, on_other))
    app.add_error_handler(on_error)
    core: Core = app.bot_data["core"]
    jobs = app.job_queue
    if jobs is None:  # python-telegram-bot without its job-queue extra
        raise RuntimeError("python-telegram-bot[job-queue] is needed for reminders and digests")
    jobs.run_repeating(
        send_due_reminders, interval=core.settings.reminder_sweep_seconds, first=1,
        name="reminders",
    )  # fmt: skip
    jobs.run_repeating(
        send_digests, interval=core.settings.digest_sweep_seconds, first=5, name="digest"
    )
    if core.settings.hook_targets:
        jobs.run_repeating(
            deliver_hooks, interval=core.settings.hook_sweep_seconds, first=1, name="hooks",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )  # fmt: skip
    jobs.run_repeating(
        checkpoint_wal, interval=WAL_CHECKPOINT_SECONDS, first=WAL_CHECKPOINT_SECONDS,
        name="wal-checkpoint", job_kwargs={"max_instances": 1, "coalesce": True},
    )  # fmt: skip
    jobs.run_repeating(expire_cards, interval=3600, first=60, name="expire-cards")
    jobs.run_repeating(forget_idle_senders, interval=600, name="rate-limit-memory")
    jobs.run_repeating(forget_old_updates, interval=3600, first=120, name="update-ids")
    at = dt_time(hour=core.settings.backup_hour, tzinfo=UTC)
    jobs.run_daily(nightly_backup, time=at, name="nightly-backup")


# --- callbacks ---------------------------------------------------------------------------------


def private_chat(update: Update) -> tuple[int, User] | None:
    """The chat id and sender of an update from a private chat; None for the rest (groups,
    channels, updates without a sender), which the bot does not answer."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != "private":
        return None
    return chat.id, user


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, private = update.effective_message, private_chat(update)
    if message is None or private is None:
        return
    chat_id = private[0]
    text = message.text or ""
    head, _, arg = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    outcome = await respond(
        update, context, "command", flow.Command(name[:32], arg.strip()[:MAX_TEXT])
    )
    if outcome is not None and outcome.run_scan:
        await run_scan(update, context)
    if outcome is not None and outcome.export is not None:
        job = outcome.export
        if job.user_id in _exporting:
            await context.bot.send_message(chat_id, t(job.lang, "export.busy"))
            return
        _exporting.add(job.user_id)
        # a task of its own: the chat goes on while a big export is built and sent
        context.application.create_task(run_export(context, chat_id, job), update=update)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is None:
        return
    text = update.effective_message.text or ""
    if len(text) > MAX_TEXT:
        await reply_plain(update, context, "input.too_long")
        return
    await respond(update, context, "text", flow.Text(text))


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, private = update.effective_message, private_chat(update)
    if message is None or message.contact is None or private is None:
        return
    contact = message.contact
    own = contact.user_id is not None and contact.user_id == private[1].id
    shared = flow.SharedContact(contact.phone_number, contact.first_name, contact.last_name, own)
    await respond(update, context, "contact", shared)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    outcome = await respond(update, context, "photo", Photo())
    message, private = update.effective_message, private_chat(update)
    if outcome is None or not outcome.read_card or message is None or private is None:
        return
    attachment = message.photo[-1] if message.photo else message.document
    if attachment is None:
        return
    await context.bot.send_chat_action(private[0], ChatAction.TYPING)
    reader = context.bot_data["cards"]
    if attachment.file_size and attachment.file_size > reader.max_bytes:
        event: Event = CardFailed("too_large")
    else:
        telegram_file = await attachment.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
        event = await reader.read(data)
    await respond(update, context, "card", event, first=False)


async def run_scan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The duplicate scan takes seconds at 10^5 contacts: a worker thread, no transaction held."""
    private = private_chat(update)
    if private is None:
        return
    chat_id, user = private
    core: Core = context.bot_data["core"]
    started = time.perf_counter()
    result = await asyncio.to_thread(core.scan, user.id)
    await send_outcome(context, chat_id, user.id, result)
    log.info(
        "user=%s handler=scan outcome=replies=%d ms=%.1f", user.id,
        len(result.replies), (time.perf_counter() - started) * 1000,
    )  # fmt: skip


PROGRESS_EVERY = 2.0  # seconds between edits of an export's progress message
_exporting: set[int] = set()  # users whose export is being built or sent (one at a time each)


async def run_export(context: ContextTypes.DEFAULT_TYPE, chat_id: int, job: ExportJob) -> None:
    """Build the export in a worker thread while a progress message counts the rows, then send
    the files (each under Telegram's upload limit) and delete them. The caller has put the user
    in `_exporting`; they leave it here."""
    core: Core = context.bot_data["core"]
    started = time.perf_counter()
    counted: list[tuple[int, int]] = []  # the worker's latest (done, total), read by the loop
    result: ExportResult | None = None
    note = None
    try:
        note = await context.bot.send_message(chat_id, t(job.lang, "export.started", fmt=job.fmt))
        shown = note.text
        build = asyncio.ensure_future(
            asyncio.to_thread(core.export, job, lambda done, total: counted.append((done, total)))
        )
        while not build.done():
            await asyncio.wait({build}, timeout=PROGRESS_EVERY)
            if counted and not build.done():
                done, total = counted[-1]
                text = t(job.lang, "export.progress", fmt=job.fmt, done=done, count=total)
                if text != shown:
                    with contextlib.suppress(BadRequest):
                        await note.edit_text(text)
                    shown = text
        result = build.result()
        final, files = export_messages(result)
        for path, caption in files:  # a Path: each retry reads the file afresh
            await with_retries(
                partial(
                    context.bot.send_document, chat_id, path, filename=path.name, caption=caption
                )
            )
        with contextlib.suppress(BadRequest):
            await note.edit_text(final)
    except Exception:
        with contextlib.suppress(TelegramError):
            if note is not None:
                await note.edit_text(t(job.lang, "export.failed"))
        raise
    finally:
        _exporting.discard(job.user_id)
        if result is not None:
            result.cleanup()
        log.info(
            "user=%s handler=export format=%s rows=%s parts=%s ms=%.1f", job.user_id, job.fmt,
            result.rows if result else "-", len(result.parts) if result else "-",
            (time.perf_counter() - started) * 1000,
        )  # fmt: skip


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    kind = next((k for k in UNSUPPORTED_KINDS if getattr(message, k, None)), "other")
    await respond(update, context, "other", flow.Unsupported(kind))


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    core: Core = context.bot_data["core"]
    decoded = decode_button(signing_key(), query.from_user.id, query.data or "")
    if decoded is None:
        lang = await asyncio.to_thread(
            core.language_of, query.from_user.id, query.from_user.language_code
        )
        await query.answer(t(lang, "button.forged"), show_alert=True)
        log.info("user=%s handler=press outcome=forged", query.from_user.id)
        return
    await query.answer()
    action, arg, rev = decoded
    outcome = await respond(update, context, "press", flow.Press(action, arg, rev))
    if outcome is not None and not outcome.refused and query.message is not None:
        await mark_choice(query, outcome.lang)


def pressed_label(markup: InlineKeyboardMarkup | None, data: str | None) -> str | None:
    """The label of the button whose data was pressed, read off the message itself."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def mark_choice(query: Any, lang: str) -> None:
    """A pressed keyboard has done its job: it goes (no double presses), and the message keeps
    a line saying what was chosen, so the chat's history still shows it. Only for an accepted
    press: a refused one (`Outcome.refused`) chose nothing, and its message is left as it was."""
    message = query.message
    label = pressed_label(message.reply_markup, query.data)
    with contextlib.suppress(BadRequest):
        if label is None:
            await query.edit_message_reply_markup(reply_markup=None)
        elif message.text is not None:
            marked = f"{message.text}\n\n{t(lang, 'button.chosen', choice=label)}"
            await query.edit_message_text(marked[:MAX_TEXT], reply_markup=None)
        else:
            caption = f"{message.caption or ''}\n\n{t(lang, 'button.chosen', choice=label)}"
            await query.edit_message_caption(caption.strip()[:1024], reply_markup=None)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await reply_plain(update, context, "error.generic")
        except Exception:  # the error may be the network itself
            log.warning("could not tell the user about the error")


async def send_due_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Claimed in the database (never twice, across restarts and instances), sent from here.
    The batch was claimed whole, so one refusal never stops the rest: a customer who blocked
    the bot, never started it or whose chat Telegram does not know is marked unreachable."""
    core: Core = context.bot_data["core"]
    result = await asyncio.to_thread(customers.sweep, core.engine, core.settings)
    for chat_id, reply in result.messages:
        try:
            await send_reply(context, chat_id, chat_id, reply, signing_key())
        except TelegramError as error:
            reason = refusal_reason(error)
            log.info("user=%s reminder not delivered: %s", chat_id, reason)
            if reason != "error":
                await asyncio.to_thread(customers.mark_unreachable, core.engine, chat_id)
    if result.claimed:
        log.info("reminders claimed=%d sent=%d", result.claimed, len(result.messages))


async def send_digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The weekly digest: claimed in the database per manager and week, then sent from here,
    each a side message (`send_side`): a manager it cannot reach is recorded (/team) and the
    rest still get theirs."""
    core: Core = context.bot_data["core"]
    for chat_id, reply in await asyncio.to_thread(digest.sweep, core.engine, core.settings):
        await send_side(context, Alert(chat_id, reply))


async def nightly_backup(context: ContextTypes.DEFAULT_TYPE) -> None:
    """BACKUP_KEEP copies in the data dir; the backup runs in a worker thread."""
    from storage.backup import BackupError
    from storage.backup import nightly_backup as run_backup

    core: Core = context.bot_data["core"]
    today = f"backup:{datetime.now(UTC):%Y-%m-%d}"
    if not await asyncio.to_thread(core.claim_job, today):
        return  # another instance took today's backup
    try:
        path = await asyncio.to_thread(run_backup, core.settings)
    except BackupError as exc:
        log.error("nightly backup failed: %s", exc)
        return
    log.info("nightly backup written: %s", path.name)


async def forget_old_updates(context: ContextTypes.DEFAULT_TYPE) -> None:
    await asyncio.to_thread(context.bot_data["core"].forget_old_updates)
    await asyncio.to_thread(hooks.prune, context.bot_data["core"].engine)


async def deliver_hooks(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Outbound hooks: due outbox events POSTed to HOOK_TARGETS (bot/hooks.py)."""
    core: Core = context.bot_data["core"]
    done = await hooks.deliver_due(core.engine, core.settings, context.bot_data["hook_client"])
    failed = sum(1 for r in done if r.error is not None)
    if done:
        log.info("hooks sent=%d failed=%d", len(done) - failed, failed)


async def forget_idle_senders(context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["core"].limiter.forget_idle(time.monotonic())


async def checkpoint_wal(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The SQLite WAL copied into the database file here, not in a chat's commit (the bot's
    engine is made with `background_checkpoints`, see storage.db.make_engine)."""
    await asyncio.to_thread(context.bot_data["core"].checkpoint)


async def expire_cards(context: ContextTypes.DEFAULT_TYPE) -> None:
    removed = await asyncio.to_thread(context.bot_data["core"].expire_cards)
    if removed:
        log.info("card photos past retention removed: %d", removed)


# --- the bridge to the core ------------------------------------------------------------------


async def respond(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    handler: str,
    event: Event,
    *,
    first: bool = True,
) -> Outcome | None:
    """Run the core off the event loop, send its replies, and log one line without personal data."""
    private = private_chat(update)
    if private is None:
        return None
    chat_id, user = private
    core: Core = context.bot_data["core"]
    verdict = core.limiter.check(user.id, time.monotonic()) if first else ALLOW
    if verdict != ALLOW:
        if verdict == WARN:
            await reply_plain(update, context, "limits.slow_down")
        log.info(
            "update=%s user=%s handler=%s outcome=rate-limited", update.update_id, user.id, handler
        )
        return None
    actor = Actor(user.id, user.first_name or "", user.username, user.language_code)
    started = time.perf_counter()
    core_ms = 0.0
    outcome = "error"
    try:
        update_id = update.update_id if first else None
        result = await handle_patiently(context, core, actor, event, update_id)
        core_ms = (time.perf_counter() - started) * 1000
        await send_outcome(context, chat_id, user.id, result)
        outcome = f"replies={len(result.replies)}"
        jobs = context.job_queue
        if result.hooks_written and "hook_client" in context.bot_data and jobs is not None:
            jobs.run_once(deliver_hooks, 0)  # committed: no need to wait a sweep
        return result
    finally:
        log.info(
            "update=%s user=%s handler=%s outcome=%s core_ms=%.1f ms=%.1f",
            update.update_id, user.id, handler, outcome, core_ms,
            (time.perf_counter() - started) * 1000,
        )  # fmt: skip


async def handle_patiently(
    context: ContextTypes.DEFAULT_TYPE,
    core: Core,
    actor: Actor,
    event: Event,
    update_id: int | None,
) -> Outcome:
    """Run the core; while the database is unreachable, say "one moment" once and keep the
    user's input here, retrying with backoff (this chat's later updates wait behind it)."""
    delay, waited, told = 0.5, 0.0, False
    while True:
        try:
            return await asyncio.to_thread(core.handle, actor, event, update_id)
        except OperationalError:
            if waited >= core.settings.db_retry_seconds:
                raise
            if not told:
                log.warning("user=%s database unreachable; holding the update", actor.user_id)
                text = t(language_for(actor.language_code), "db.one_moment")
                with contextlib.suppress(TelegramError):
                    await context.bot.send_message(actor.user_id, text)
                told = True
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 10.0)


async def with_retries(call: Callable[[], Awaitable[Any]], attempts: int = 4) -> Any:
    """Telegram's 5xx and timeouts: try again with backoff (429s are AIORateLimiter's job)."""
    for attempt in range(attempts):
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5 * 2**attempt)
    return None


async def send_outcome(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, outcome: Outcome
) -> None:
    for reply in outcome.replies:
        await send_reply(context, chat_id, user_id, reply, signing_key())
    for alert in outcome.alerts:
        await send_side(context, alert)
    if outcome.menu_role is not None:
        await set_menu(context, chat_id, outcome.menu_role or None, outcome.lang)


def refusal_reason(error: TelegramError) -> str:
    """Why Telegram would not deliver: an undelivered.* catalog key's last part."""
    text = str(error).lower()
    if "blocked" in text:
        return "blocked"
    if "initiate" in text:
        return "not_started"
    if "not found" in text:
        return "not_found"
    return "error"


async def send_side(
    context: ContextTypes.DEFAULT_TYPE, alert: Alert, *, notify: bool = True
) -> None:
    """A message to another chat. Its failure is logged and recorded (/team, /dupes), the
    inviter is told once, and the sender's own answer, already sent, stands."""
    core: Core = context.bot_data["core"]
    try:
        await send_reply(context, alert.chat_id, alert.chat_id, alert.reply, signing_key())
    except TelegramError as error:
        reason = refusal_reason(error)
        log.warning("user=%s side message not delivered: %s", alert.chat_id, reason)
        notices = await asyncio.to_thread(core.undelivered, alert, reason)
        for notice in notices if notify else ():
            await send_side(context, notice, notify=False)
        return
    await asyncio.to_thread(core.delivered, alert.chat_id)


async def send_reply(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, reply: Reply, key: bytes
) -> None:
    markup: Any = None
    if reply.buttons:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(b.label, callback_data=encode_button(key, user_id, b))
                    for b in row
                ]
                for row in reply.buttons
            ]
        )
    elif reply.keyboard == "contact":
        markup = ReplyKeyboardMarkup(
            [
                [KeyboardButton(reply.contact_button_label, request_contact=True)],
                *([KeyboardButton(label)] for label in reply.text_buttons),
            ],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    elif reply.keyboard == "remove":
        markup = ReplyKeyboardRemove()
    photo, document = reply.photo, reply.document
    if photo is not None:
        await with_retries(
            lambda: context.bot.send_photo(chat_id, photo, caption=reply.text[:1024] or None)
        )
        return
    if document is not None:
        await with_retries(
            lambda: context.bot.send_document(
                chat_id,
                document,
                filename=reply.filename,
                caption=reply.text[:1024] or None,
                reply_markup=markup,
            )
        )
        return
    *before, last = message_parts(reply.text)
    for part in before:
        await with_retries(functools.partial(context.bot.send_message, chat_id, part))
    await with_retries(lambda: context.bot.send_message(chat_id, last, reply_markup=markup))


def message_parts(text: str, limit: int = TELEGRAM_TEXT_MAX) -> list[str]:
    """Telegram refuses a message over 4,096 UTF-16 units ("message is too long"): a longer
    reply (a lead's whole history, long notes) goes as several, cut between lines where it can."""

    def units(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    pieces: list[str] = []  # lines, a line longer than a message cut to message size
    for line in text.split("\n"):
        while units(line) > limit:
            size = cut = 0
            while size + units(line[cut]) <= limit:
                size += units(line[cut])
                cut += 1
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    parts: list[str] = []
    current: str | None = None
    for piece in pieces:
        joined = piece if current is None else f"{current}\n{piece}"
        if current is not None and units(joined) > limit:
            parts.append(current)
            joined = piece
        current = joined
    parts.append(current or "")
    return [p for p in parts if p.strip()] or [text]


async def set_menu(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, role: str | None, lang: str
) -> None:
    """Telegram's command menu for this chat: the role's commands, described in its language."""
    commands = [BotCommand(c, t(lang, key)) for c, key in menu_of(role)]
    await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))


async def reply_plain(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
    core: Core = context.bot_data["core"]
    user, chat = update.effective_user, update.effective_chat
    if chat is None:
        return
    lang = await asyncio.to_thread(core.language_of, user.id, user.language_code) if user else "en"
    await context.bot.send_message(chat.id, t(lang, key))
