"""Webhook mode's web server: one log line per update is ours; no access line per request."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer

import handlers
from bot.app import build_application
from bot.cli import setup_logging
from bot.config import load_settings
from bot.webhook import web_app
from tests.conftest import TEST_SECRET


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_requests_leave_no_access_line_but_refusals_still_show(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # LOG_LEVEL=INFO, the default
    setup_logging("INFO")
    settings = load_settings(
        telegram_bot_token="123456:webhook-test", capture_data_dir=tmp_path,
        capture_secret_key=TEST_SECRET, database_url="",
    )  # fmt: skip
    app = build_application(settings, handlers.register)
    port = free_port()

    async def requests() -> list[int]:
        server = HTTPServer(web_app(app, "https://bot.example.com/telegram", "s3cret"))
        server.listen(port, "127.0.0.1")
        client, base = AsyncHTTPClient(), f"http://127.0.0.1:{port}"
        try:
            return [
                (await client.fetch(base + path, raise_error=False, **kw)).code
                for path, kw in (
                    ("/healthz", {}),
                    ("/healthz", {}),
                    ("/telegram", {"method": "POST", "body": "{}"}),  # no secret token
                )
            ]
        finally:
            client.close()
            server.stop()

    try:
        assert asyncio.run(requests()) == [200, 200, 403]
    finally:
        app.bot_data["core"].engine.dispose()
    access = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "tornado.access"]
    assert [level for level, _ in access] == [logging.WARNING]  # the 403 only, no 200 probes
    assert access[0][1].startswith("403 POST /telegram")
    assert "webhook call without the right secret token refused" in caplog.text
