"""The Application factory: python-telegram-bot wired to the core, the database and the OCR pool.

The Telegram handlers come in as `register` from the caller (handlers/ is the top of the stack and
the process entry, `handlers:main`), so bot/ never imports handlers/ and the core stays usable and
testable without them."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseUpdateProcessor

from bot import hooks, registry
from bot.cards import CardReader
from bot.commands import menu_of
from bot.config import Settings
from bot.core import Core
from bot.i18n import t
from storage import crypto
from storage.db import make_engine, migrate

log = logging.getLogger(__name__)

# Core.handle runs in worker threads while the event loop runs Telegram's I/O. Each of a
# transaction's SQL statements gives up the GIL and must win it back from the loop, which keeps it
# up to the switch interval (5 ms by default): an update's ~5-15 statements then held the SQLite
# write lock for tens of ms under load, and everyone else's update queued behind it. 1 ms:
# bench/flow.py saturation (20 reps, 2 cores, load 4.3-5.0) went from ~64 to ~80 updates/s, core
# p50 ~38 to ~28 ms, with no more CPU per update.
GIL_SWITCH_INTERVAL_S = 0.001


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """One chat's updates in order, different chats in parallel.

    PTB's default handles every update one after the other (one slow card read stalls everyone);
    plain `concurrent_updates` would reorder a fast typist's answers. A lock per chat gives both.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: Counter[int] = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = None
        if isinstance(update, Update):
            key = update.effective_chat.id if update.effective_chat else None
            if key is None and update.effective_user:
                key = update.effective_user.id
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] += 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(
    settings: Settings,
    register: Callable[[Application], None],
    *,
    migrate_schema: bool = True,
) -> Application:
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
    crypto.configure(settings.secret_key)  # generated now if missing, with its warning
    registry.configure(registry.load(settings.fields_file))  # FieldsFileError: a bad file
    hooks.configure(settings.hook_targets)
    engine = make_engine(settings.effective_database_url, background_checkpoints=True)
    if migrate_schema:
        migrate(engine)
    core = Core(settings, engine)
    core.sync_admins()
    core.replay_erasures()
    core.warm_up()
    limiter = AIORateLimiter(
        overall_max_rate=settings.telegram_rate_limit, overall_time_period=1, max_retries=3
    )
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(limiter)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["core"] = core
    app.bot_data["cards"] = CardReader(
        workers=settings.ocr_workers,
        languages=settings.ocr_languages,
        engine=settings.ocr_engine,
        region=settings.default_region,
        max_decoded=settings.ocr_max_decoded_bytes,
    )
    register(app)
    return app


async def _post_init(app: Application) -> None:
    """The command menu everyone sees; staff get theirs per chat once they have a role."""
    core = app.bot_data["core"]
    core.bot_username = app.bot.username
    if core.settings.hook_targets:  # one connection pool for the outbound hooks
        timeout = httpx.Timeout(core.settings.hook_timeout)
        app.bot_data["hook_client"] = httpx.AsyncClient(timeout=timeout)
    for lang in ("en", "zh"):
        commands = [BotCommand(c, t(lang, key)) for c, key in menu_of(None)]
        await app.bot.set_my_commands(commands, language_code=None if lang == "en" else lang)


async def _post_shutdown(app: Application) -> None:
    app.bot_data["cards"].close()
    if "hook_client" in app.bot_data:
        await app.bot_data["hook_client"].aclose()
    app.bot_data["core"].engine.dispose()
