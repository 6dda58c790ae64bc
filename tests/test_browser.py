"""The sandbox's chat page in a real browser, talking to the real bot.

Debian's Chromium runs headless and is driven over the DevTools protocol (a websocket, through
tornado's client: no Playwright, no browser download). A person would: open the page, pick the
Admin user, type /start, and read the bot's answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tornado.websocket import WebSocketClientConnection, websocket_connect

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=390,844",  # a phone-sized window
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
    ),
]


class Chromium:
    """A headless Chromium of our own, in its own process group so that it all goes away."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="sandbox-chromium-"))
        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.port = self._devtools_port()

    def _devtools_port(self, timeout: float = 20) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(
                    f"chromium exited at start ({self.proc.returncode}): {err[-2000:]}"
                )
            if marker.exists():
                first = marker.read_text().splitlines()[:1]
                if first and first[0].isdigit():
                    return int(first[0])
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def page_websocket(self) -> str:
        targets = httpx.get(f"http://127.0.0.1:{self.port}/json/list", trust_env=False).json()
        page = next(t for t in targets if t.get("type") == "page")
        return page["webSocketDebuggerUrl"]

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class DevTools:
    """Just enough of the Chrome DevTools protocol: call a method, evaluate JavaScript."""

    def __init__(self, ws: WebSocketClientConnection) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, timeout: float = 10, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        call_id = self.next_id
        await self.ws.write_message(json.dumps({"id": call_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.read_message(), deadline - time.monotonic())
            if raw is None:
                raise RuntimeError("the DevTools connection closed")
            message = json.loads(raw)
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    async def js(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def until(self, expression: str, what: str, timeout: float = 15) -> Any:
        """Poll a JavaScript expression until it is truthy; fail saying what was awaited."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                seen = await self.js("document.querySelector('#log')?.innerText ?? ''")
                raise AssertionError(f"page: {what} within {timeout}s; the chat shows:\n{seen}")
            await asyncio.sleep(0.1)


@pytest.fixture
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()


ADMIN = 1001


def test_admin_says_start_in_the_chat_page_and_reads_the_answer(bot, chromium: Chromium) -> None:  # type: ignore[no-untyped-def]
    sandbox_url = bot.sandbox.url

    async def session() -> dict[str, Any]:
        ws = await asyncio.wait_for(
            websocket_connect(chromium.page_websocket(), max_message_size=64 * 1024 * 1024), 10
        )
        page = DevTools(ws)
        try:
            await page.call("Page.enable")
            await page.call("Page.navigate", url=sandbox_url + "/")
            await page.until(
                f"!!document.querySelector('[data-user-id=\"{ADMIN}\"]')",
                "the Admin preset appears",
            )
            label = await page.js(f"document.querySelector('[data-user-id=\"{ADMIN}\"]').innerText")
            assert "Admin" in label
            await page.js(f"document.querySelector('[data-user-id=\"{ADMIN}\"]').click()")
            await page.until(  # the page may still be loading: no #text yet
                "document.querySelector('#text')?.disabled === false", "the input is enabled"
            )
            # Messages already in the chat (the session's bot may have met the admin before).
            loaded = await page.until(
                "typeof st !== 'undefined' && st.seq !== null && {ids: [...document"
                ".querySelectorAll('#log .msg')].map(m => +m.dataset.messageId)}",
                "the chat loaded",
            )
            before = loaded["ids"]
            await page.js(
                "(() => { const t = document.querySelector('#text'); t.value = '/start';"
                " document.querySelector('#send').click(); })()"
            )
            start_id = await page.until(
                "[...document.querySelectorAll('#log .row.user .msg')]"
                f".map(m => +m.dataset.messageId).filter(id => ![{','.join(map(str, before))}]"
                ".includes(id)).pop()",
                "the /start bubble appears",
            )
            answer = await page.until(
                f"(() => {{ const m = [...document.querySelectorAll('#log .row.bot .msg')]"
                f".find(m => +m.dataset.messageId > {start_id});"
                " return m && {id: +m.dataset.messageId,"
                " text: m.querySelector('.text')?.textContent ?? ''}; })()",
                "a bot answer to /start",
            )
            user_bubble = await page.js(
                f"document.querySelector('.msg[data-message-id=\"{start_id}\"]').innerText"
            )
            return {"answer": answer, "user_bubble": user_bubble}
        finally:
            ws.close()

    seen = asyncio.run(asyncio.wait_for(session(), timeout=60))
    assert "/start" in seen["user_bubble"]
    # The page shows exactly what the bot sent, as the control API records it.
    sent = {m.message_id: m.text for m in bot.client.user(ADMIN).messages}
    assert seen["answer"]["text"], "the bot's answer is empty in the page"
    assert seen["answer"]["text"] == sent[seen["answer"]["id"]]


def test_a_customer_tries_the_invitation_in_the_chat_page(  # type: ignore[no-untyped-def]
    bot, chromium: Chromium, new_user_id: int
) -> None:
    """Issue 19: a t.me/<bot>?start=… link in a bot message opens the bot as the selected user,
    pasting one does the same, the share-phone key reads once, the attach menu says Contact."""
    from bot.i18n import t

    manager = bot.client.user(new_user_id, first_name="Mia", language_code="en")
    bot.set_role(manager.id, "manager")
    link = manager.send("/campaign Expo")[-1].text.split()[-1]
    assert link.startswith("https://t.me/capture_sandbox_bot?start=c_")
    payload = link.split("start=")[1]
    guest = new_user_id + 300_000
    bot.client.user(guest, first_name="Gus", language_code="en")
    sandbox_url = bot.sandbox.url

    async def session() -> dict[str, Any]:
        ws = await asyncio.wait_for(
            websocket_connect(chromium.page_websocket(), max_message_size=64 * 1024 * 1024), 10
        )
        page = DevTools(ws)
        seen: dict[str, Any] = {}
        try:
            await page.call("Page.enable")
            await page.call("Page.navigate", url=f"{sandbox_url}/?user={guest}")
            await page.until(  # the page may still be loading: no #text yet
                "document.querySelector('#text')?.disabled === false", "the input is enabled"
            )
            await page.until("typeof st !== 'undefined' && st.botUsername", "the bot's username")
            await page.js(
                "(() => { const t = document.querySelector('#text'); t.value = '/start';"
                " document.querySelector('#send').click(); })()"
            )
            seen["keyboard"] = await page.until(
                "document.querySelector('#keyboard.open')?.innerText.trim()", "the reply keyboard"
            )
            seen["attach"] = await page.js(
                "document.querySelector('[data-attach=\"contact\"] b').innerText"
            )
            # the invitation link pasted into the message box
            await page.js(
                f"(() => {{ const t = document.querySelector('#text'); t.value = '{link}';"
                " document.querySelector('#send').click(); })()"
            )
            seen["pasted"] = await page.until(
                "[...document.querySelectorAll('#log .row.bot .msg')].map(m => m.innerText)"
                ".find(x => x.includes('Before we continue'))",
                "the consent question after pasting the link",
            )
            # the manager's own chat: the link in the bot's message is clickable
            await page.call("Page.navigate", url=f"{sandbox_url}/?user={manager.id}")
            seen["anchor"] = await page.until(
                "document.querySelector('#log a.deeplink')?.dataset.start", "a clickable link"
            )
            await page.js("document.querySelector('#log a.deeplink').click()")
            seen["clicked"] = await page.until(
                "[...document.querySelectorAll('#log .row.user .msg')].map(m => m.innerText)"
                ".find(x => x.includes('/start c_'))",
                "the /start bubble after clicking the link",
            )
        finally:
            ws.close()
        return seen

    seen = asyncio.run(asyncio.wait_for(session(), timeout=90))
    assert seen["keyboard"] == "📱 Share my phone number"  # once, as the bot wrote it
    assert seen["attach"] == "Contact" and "📎 → Contact" in t("en", "ask.name")
    assert "Before we continue" in seen["pasted"]
    assert seen["anchor"] == payload and f"/start {payload}" in seen["clicked"]
    # the bot's answer to the click (the page showed the /start bubble; the answer may lag):
    # a manager is staff, so the link is for forwarding, not for registering
    said = manager.wait_for("self-registration link for customers", timeout=30).text
    assert said == t("en", "campaign.for_staff")
