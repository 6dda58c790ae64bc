"""Webhook mode: several instances behind a load balancer, sharing one PostgreSQL.

PTB's own `run_webhook` serves only Telegram's path; instances behind a load balancer also need
a health check that says whether this instance can reach the database. So this is a small
tornado server (tornado comes with PTB's webhooks extra) in the shape of PTB's custom-webhook
example: verify Telegram's secret-token header, hand the update to the Application's queue,
answer 200 at once. Updates are deduplicated and serialized per chat in the database (core).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from urllib.parse import urlsplit

import tornado.web
from sqlalchemy import text
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # Telegram's updates are small; anything bigger is not Telegram


class TelegramUpdates(tornado.web.RequestHandler):
    def initialize(self, app: Application, secret: str) -> None:
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if self.secret and not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook call without the right secret token refused")
            raise tornado.web.HTTPError(403)
        if len(self.request.body) > MAX_BODY:
            raise tornado.web.HTTPError(413)
        try:
            update = Update.de_json(json.loads(self.request.body), self.app.bot)
        except (ValueError, TypeError, KeyError) as exc:
            raise tornado.web.HTTPError(400) from exc
        await self.app.update_queue.put(update)
        self.set_status(200)
        self.finish()


class Health(tornado.web.RequestHandler):
    def initialize(self, app: Application) -> None:
        self.app = app

    async def get(self) -> None:
        """200 when this instance can reach the database, 503 otherwise."""
        engine = self.app.bot_data["core"].engine

        def ping() -> None:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        try:
            await asyncio.to_thread(ping)
        except Exception as exc:  # any database failure means: do not send me traffic
            self.set_status(503)
            self.finish({"ok": False, "database": type(exc).__name__})
            return
        self.finish({"ok": True})


def path_of(url: str) -> str:
    return urlsplit(url).path or "/telegram"


def with_path(url: str) -> str:
    """A URL without a path gets /telegram: what Telegram is told and what is served agree."""
    parts = urlsplit(url)
    return url if parts.path not in ("", "/") else parts._replace(path="/telegram").geturl()


def web_app(app: Application, url: str, secret: str) -> tornado.web.Application:
    """The webhook path and /healthz. No access log line per request: see cli.setup_logging."""
    return tornado.web.Application(
        [
            (path_of(url), TelegramUpdates, {"app": app, "secret": secret}),
            ("/healthz", Health, {"app": app}),
        ]
    )


async def serve(app: Application, url: str, listen: str, port: int, secret: str) -> None:
    """Run until SIGINT/SIGTERM: start the Application, register the webhook, serve."""
    server = HTTPServer(web_app(app, url, secret), max_body_size=MAX_BODY)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with app:
        await app.start()
        await app.bot.set_webhook(
            url, secret_token=secret or None, allowed_updates=Update.ALL_TYPES, max_connections=40
        )
        server.listen(port, listen)
        log.info("webhook listening on %s:%s%s (health: /healthz)", listen, port, path_of(url))
        log.info("Application started")
        await stop.wait()
        server.stop()
        await app.stop()
