"""A sync client of the sandbox's control API: tests and benchmarks play users with it.

    client = SandboxClient(server.url)     # token=server.control_token, or learnt from the page
    alice = client.user(1003, first_name="Alice", language_code="en")
    replies = alice.send("/start")          # waits for the bot's answer, then for it to settle
    alice.press("Save")
    assert "Saved" in alice.wait_for("Saved").text

Every wait has a timeout and fails with an AssertionError that shows what the chat holds.
"Settle" is how long no new message must come before a reply counts as complete (0.3 s, or
SANDBOX_SETTLE); a client given `handled` (whether the bot has finished an update: the tests
read the bot's log) waits only 0.1 s more once it has, which took a third off the chat tests.
The control API wants the sandbox's per-run token: given, or learnt from the chat page's cookie
the first time it is needed, as the page in a browser gets it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from sandbox.state import TOKEN_HEADER, token_cookie

DEFAULT_TIMEOUT = 10.0
DEFAULT_SETTLE = float(os.environ.get("SANDBOX_SETTLE", "0.3"))
HANDLED_SETTLE = 0.1
"""How long a reply is waited out once the client's `handled` says the bot is done with the
update (a straggler such as an error apology comes within milliseconds); without that signal,
or when a caller asks for a longer settle, the whole settle is waited out after each message."""
HANDLED_POLL = 0.05  # how often `handled` is asked while a reply settles


class SandboxError(AssertionError):
    """The control API refused a request (no such button, blocked user...)."""


@dataclass
class Attachment:
    """A file in a bot message (document, or the largest size of a photo)."""

    file_id: str
    file_unique_id: str
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    client: SandboxClient | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        base = self.client.url if self.client else ""
        return f"{base}/control/files/{self.file_id}"

    def download(self) -> bytes:
        if self.client is None:
            raise SandboxError("this attachment is not bound to a SandboxClient")
        return self.client.file(self.file_id)


@dataclass
class BotMessage:
    """A bot message as the user sees it now (edits applied)."""

    message_id: int
    text: str | None  # the text, or the caption of a media message
    buttons: list[list[tuple[str, str | None]]]  # inline rows of (text, callback_data)
    keyboard: list[list[dict[str, Any]]] | None  # reply keyboard rows, as sent
    document: Attachment | None
    photo: Attachment | None  # the largest size
    edited: bool
    date: int
    removes_keyboard: bool = False
    deleted: bool = False
    entities: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions, oldest first
    markup: dict[str, Any] | None = None  # reply_markup exactly as the bot sent it
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # the Bot API Message

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    @property
    def previous_texts(self) -> list[str | None]:
        return [version.get("text") for version in self.history]

    @classmethod
    def from_view(cls, view: dict[str, Any], client: SandboxClient | None = None) -> BotMessage:
        msg = view["message"]
        markup = view.get("markup") or {}
        buttons = [
            [(b.get("text", ""), b.get("callback_data")) for b in row]
            for row in markup.get("inline_keyboard", [])
        ]
        keyboard = None
        if "keyboard" in markup:
            keyboard = [
                [b if isinstance(b, dict) else {"text": b} for b in row]
                for row in markup["keyboard"]
            ]
        document = None
        if "document" in msg:
            doc = msg["document"]
            document = Attachment(
                file_id=doc["file_id"],
                file_unique_id=doc["file_unique_id"],
                file_size=doc.get("file_size", 0),
                file_name=doc.get("file_name"),
                mime_type=doc.get("mime_type"),
                client=client,
            )
        photo = None
        if msg.get("photo"):
            big = msg["photo"][-1]
            photo = Attachment(
                file_id=big["file_id"],
                file_unique_id=big["file_unique_id"],
                file_size=big.get("file_size", 0),
                file_name="photo.jpg",
                mime_type="image/jpeg",
                width=big.get("width"),
                height=big.get("height"),
                client=client,
            )
        return cls(
            message_id=view["message_id"],
            text=msg.get("text", msg.get("caption")),
            buttons=buttons,
            keyboard=keyboard,
            document=document,
            photo=photo,
            edited=bool(view.get("edited")),
            date=view["date"],
            removes_keyboard=bool(markup.get("remove_keyboard")),
            deleted=bool(view.get("deleted")),
            entities=msg.get("entities", msg.get("caption_entities", [])),
            history=view.get("history", []),
            markup=view.get("markup"),
            raw=msg,
        )


@dataclass
class CallbackAnswer:
    """What the bot answered to a button press (the toast or alert the user sees)."""

    callback_query_id: str
    message_id: int
    data: str | None
    answered: bool
    text: str | None
    show_alert: bool
    url: str | None


def _describe(view: dict[str, Any], limit: int = 8) -> str:
    lines = []
    for item in view.get("messages", [])[-limit:]:
        msg = item["message"]
        who = "bot" if item["from_bot"] else "user"
        body = msg.get("text") or msg.get("caption")
        if body is None:
            kinds = [k for k in ("photo", "document", "contact", "sticker", "voice", "location")
                     if k in msg]  # fmt: skip
            body = f"<{kinds[0] if kinds else 'message'}>"
        buttons = [b.get("text") for row in (item.get("markup") or {}).get("inline_keyboard", [])
                   for b in row]  # fmt: skip
        extra = f" buttons={buttons}" if buttons else ""
        extra += " (edited)" if item.get("edited") else ""
        lines.append(f"  #{item['message_id']} {who}: {body!r}{extra}")
    rejected = [e for e in view.get("events", []) if e["kind"] == "rejected"]
    if rejected:
        lines.append(f"  bot sends refused: {[e['reason'] for e in rejected[-3:]]}")
    if view.get("user", {}).get("blocked"):
        lines.append("  (the user has blocked the bot)")
    return "\n".join(lines) or "  (nothing)"


class SandboxUser:
    """One Telegram user in a private chat with the bot."""

    def __init__(self, client: SandboxClient, user_id: int, info: dict[str, Any]) -> None:
        self.client = client
        self.id = user_id
        self.info = info
        self._marker: int = int(info.get("seq", 0))

    def __repr__(self) -> str:
        return f"SandboxUser({self.id}, {self.info.get('first_name')!r})"

    @property
    def user_id(self) -> int:
        return self.id

    # --- acting ----------------------------------------------------------------------------------

    def _act(
        self,
        action: str,
        payload: dict[str, Any] | None = None,
        *,
        wait: bool,
        timeout: float,
        settle: float,
        what: str,
    ) -> list[BotMessage]:
        result = self.client._request("POST", f"/control/users/{self.id}/{action}", json=payload)
        self._marker = int(result["seq"])
        if not wait:
            return []
        update_id = result.get("update_id")
        return self._collect(self._marker, timeout, settle, what, update_id)

    def send(
        self,
        text: str,
        *,
        reply_to: int | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        """Type text or a command (`/start payload` gets the bot_command entity)."""
        payload: dict[str, Any] = {"text": text}
        if reply_to is not None:
            payload["reply_to"] = reply_to
        return self._act(
            "text", payload, wait=wait, timeout=timeout, settle=settle, what=f"sending {text!r}"
        )

    def send_contact(
        self,
        phone_number: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
        *,
        telegram_user: bool = True,
        vcard: str | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        """Share a contact. user_id None = the user's own; telegram_user=False omits user_id.

        Without a phone_number the user's registered phone is used (as a request_contact button
        would); the names default to the user's own only for their own contact.
        """
        payload: dict[str, Any] = {}
        if phone_number is not None:
            payload["phone_number"] = phone_number
        if first_name is not None:
            payload["first_name"] = first_name
        if last_name is not None:
            payload["last_name"] = last_name
        if not telegram_user:
            payload["user_id"] = None
        elif user_id is not None:
            payload["user_id"] = user_id
        if vcard:
            payload["vcard"] = vcard
        return self._act(
            "contact", payload, wait=wait, timeout=timeout, settle=settle, what="sharing a contact"
        )

    def share_own_contact(self, **wait: Any) -> list[BotMessage]:
        """What pressing a request_contact keyboard button does."""
        return self.send_contact(**wait)

    def send_photo(
        self,
        photo: str | Path | bytes,
        *,
        as_document: bool = False,
        caption: str | None = None,
        file_name: str | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        """A compressed photo (PhotoSize list, largest last) or, as_document, an image file."""
        if isinstance(photo, bytes):
            data, name = photo, file_name or "photo.jpg"
        else:
            path = Path(photo)
            data, name = path.read_bytes(), file_name or path.name
        payload: dict[str, Any] = {
            "data_b64": base64.b64encode(data).decode(),
            "file_name": name,
            "as_document": as_document,
        }
        if caption is not None:
            payload["caption"] = caption
        return self._act(
            "photo",
            payload,
            wait=wait,
            timeout=timeout,
            settle=settle,
            what=f"sending photo {name}",
        )

    def send_document(
        self,
        data: bytes | str | Path,
        file_name: str | None = None,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        if not isinstance(data, bytes):
            path = Path(data)
            data, file_name = path.read_bytes(), file_name or path.name
        payload: dict[str, Any] = {
            "data_b64": base64.b64encode(data).decode(),
            "file_name": file_name or "document.bin",
        }
        if mime_type:
            payload["mime_type"] = mime_type
        if caption is not None:
            payload["caption"] = caption
        return self._act(
            "document", payload, wait=wait, timeout=timeout, settle=settle, what="sending a file"
        )

    def send_sticker(self, emoji: str = "👍", **wait: Any) -> list[BotMessage]:
        return self._simple("sticker", {"emoji": emoji}, "sending a sticker", wait)

    def send_voice(self, duration: int = 2, **wait: Any) -> list[BotMessage]:
        return self._simple("voice", {"duration": duration}, "sending a voice note", wait)

    def send_location(self, latitude: float, longitude: float, **wait: Any) -> list[BotMessage]:
        payload = {"latitude": latitude, "longitude": longitude}
        return self._simple("location", payload, "sending a location", wait)

    def send_animation(self, **wait: Any) -> list[BotMessage]:
        return self._simple("animation", {}, "sending a GIF", wait)

    def _simple(
        self, action: str, payload: dict[str, Any], what: str, options: dict[str, Any]
    ) -> list[BotMessage]:
        return self._act(
            action,
            payload,
            wait=options.get("wait", True),
            timeout=options.get("timeout", DEFAULT_TIMEOUT),
            settle=options.get("settle", DEFAULT_SETTLE),
            what=what,
        )

    def press(
        self,
        button: str,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        """Press the inline button with this text (exact, else contained) on the newest message.

        Waits for a bot message or edit like send(); use wait=False plus wait_for_answer() when
        the bot only answers the query.
        """
        return self._act(
            "press",
            {"button": button},
            wait=wait,
            timeout=timeout,
            settle=settle,
            what=f"pressing {button!r}",
        )

    def press_data(
        self,
        message_id: int,
        data: str,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        settle: float = DEFAULT_SETTLE,
    ) -> list[BotMessage]:
        """A callback query with any data on a bot message: for forged or stale buttons."""
        return self._act(
            "press",
            {"message_id": message_id, "data": data},
            wait=wait,
            timeout=timeout,
            settle=settle,
            what=f"pressing data {data!r} on message {message_id}",
        )

    def block(self) -> None:
        self._act("block", wait=False, timeout=0, settle=0, what="blocking")

    def unblock(self) -> None:
        self._act("unblock", wait=False, timeout=0, settle=0, what="unblocking")

    def mark(self) -> int:
        """Make later wait_for() calls look only at what happens from now on."""
        self._marker = int(self.chat(full=False)["seq"])
        return self._marker

    # --- reading ---------------------------------------------------------------------------------

    def chat(self, *, full: bool = True, after: int | None = None) -> dict[str, Any]:
        """The raw control view of this chat."""
        params: dict[str, Any] = {"full": int(full)}
        if after is not None:
            params["after"] = after
        return self.client._request("GET", f"/control/users/{self.id}/chat", params=params)

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message in the chat, oldest first, edits applied, deleted ones left out."""
        view = self.chat()
        return [
            BotMessage.from_view(item, self.client) for item in view["messages"] if item["from_bot"]
        ]

    @property
    def last(self) -> BotMessage:
        messages = self.messages
        if not messages:
            raise SandboxError(f"the bot has sent nothing to user {self.id}")
        return messages[-1]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return [CallbackAnswer(**{k: a.get(k) for k in CallbackAnswer.__dataclass_fields__})
                for a in self.chat(full=False)["callback_answers"] if a["answered"]]  # fmt: skip

    @property
    def chat_actions(self) -> list[str]:
        return [e["action"] for e in self.chat(full=False)["events"] if e["kind"] == "chat_action"]

    @property
    def keyboard(self) -> list[list[dict[str, Any]]] | None:
        """The reply keyboard the user currently sees (None once removed or used if one-time)."""
        markup = self.chat(full=False)["keyboard"]
        if not markup:
            return None
        return [
            [b if isinstance(b, dict) else {"text": b} for b in row] for row in markup["keyboard"]
        ]

    @property
    def blocked(self) -> bool:
        return bool(self.chat(full=False)["user"]["blocked"])

    def commands(self) -> list[tuple[str, str]]:
        """The command menu this user's app would show (scope and language resolved)."""
        items = self.client._request("GET", f"/control/users/{self.id}/commands")
        return [(c["command"], c["description"]) for c in items]

    # --- waiting ---------------------------------------------------------------------------------

    def _poll(self, after: int, wait: float) -> dict[str, Any]:
        return self.client._request(
            "GET",
            f"/control/users/{self.id}/chat",
            params={"after": after, "timeout": round(max(wait, 0.0), 3), "full": 0},
            timeout=wait + 10,
        )

    def _collect(
        self, marker: int, timeout: float, settle: float, what: str, update_id: int | None = None
    ) -> list[BotMessage]:
        handled = self.client.handled if update_id is not None else None
        if settle > DEFAULT_SETTLE:  # the caller expects something later than the handling
            handled = None
        start = time.monotonic()
        deadline = start + timeout
        order: list[int] = []
        latest: dict[int, dict[str, Any]] = {}
        last_change: float | None = None
        cursor = marker
        while True:
            now = time.monotonic()
            if last_change is None:
                if now >= deadline:
                    view = self.chat()
                    raise AssertionError(
                        f"user {self.id}: no bot message or edit within {timeout:g}s after "
                        f"{what}. The chat holds:\n{_describe(view)}"
                    )
                wait = min(deadline - now, 5.0)
            else:
                quiet = settle
                if handled is not None and update_id is not None and handled(update_id):
                    quiet = min(settle, HANDLED_SETTLE)
                end = min(last_change + quiet, deadline + quiet)
                if now >= end:
                    break
                wait = end - now if handled is None else min(end - now, HANDLED_POLL)
            view = self._poll(cursor, wait)
            cursor = max(cursor, int(view["seq"]))
            for event in view["events"]:
                if event["kind"] in ("message", "edit") and "message" in event:
                    mid = event["message_id"]
                    if mid not in latest:
                        order.append(mid)
                    latest[mid] = event["message"]
                    last_change = time.monotonic()
                elif event["kind"] == "delete" and event.get("message_id") in latest:
                    latest[event["message_id"]] = event["message"]
        return [
            BotMessage.from_view(latest[mid], self.client)
            for mid in order
            if not latest[mid]["deleted"]
        ]

    def wait_for(self, text: str | re.Pattern[str], timeout: float = DEFAULT_TIMEOUT) -> BotMessage:
        """The first bot message, sent or edited since the last action, whose text matches."""

        def matches(body: str | None) -> bool:
            if body is None:
                return False
            return bool(text.search(body)) if isinstance(text, re.Pattern) else text in body

        deadline = time.monotonic() + timeout
        cursor = self._marker
        latest: dict[int, dict[str, Any]] = {}
        while True:
            view = self._poll(cursor, 0)
            cursor = max(cursor, int(view["seq"]))
            for event in view["events"]:
                if event["kind"] in ("message", "edit") and "message" in event:
                    latest[event["message_id"]] = event["message"]
            for _mid, item in latest.items():
                msg = item["message"]
                if not item["deleted"] and matches(msg.get("text", msg.get("caption"))):
                    return BotMessage.from_view(item, self.client)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [item["message"].get("text", item["message"].get("caption"))
                        for item in latest.values()]  # fmt: skip
                raise AssertionError(
                    f"user {self.id}: no bot message containing {text!r} within {timeout:g}s. "
                    f"Sent or edited since the last action: {seen}. The chat holds:\n"
                    f"{_describe(self.chat())}"
                )
            self._poll(cursor, min(remaining, 5.0))  # returns as soon as anything happens

    def wait_for_answer(
        self, text: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> CallbackAnswer:
        """The bot's answer to a callback query made since the last action."""
        deadline = time.monotonic() + timeout
        while True:
            view = self._poll(self._marker, 0)
            answered = {e["callback_query_id"] for e in view["events"]
                        if e["kind"] == "callback_answer"}  # fmt: skip
            for item in view["callback_answers"]:
                if item["callback_query_id"] in answered and (
                    text is None or text in (item.get("text") or "")
                ):
                    return CallbackAnswer(
                        **{k: item.get(k) for k in CallbackAnswer.__dataclass_fields__}
                    )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"user {self.id}: no callback answer{f' containing {text!r}' if text else ''}"
                    f" within {timeout:g}s; answers so far: {view['callback_answers'][-5:]}"
                )
            self._poll(int(view["seq"]), min(remaining, 5.0))


class SandboxClient:
    """Talks to a running sandbox (in this process or another one) over HTTP."""

    def __init__(
        self,
        url: str,
        timeout: float = DEFAULT_TIMEOUT,
        token: str | None = None,
        handled: Callable[[int], bool] | None = None,
    ) -> None:
        """`handled(update_id)`: whether the bot has finished that update (e.g. read from its
        log), so a reply is collected without waiting out the whole settle."""
        self.url = url.rstrip("/")
        self.handled = handled
        # trust_env=False: the sandbox is local; a proxy from the environment would break it.
        self._http = httpx.Client(base_url=self.url, timeout=timeout, trust_env=False)
        self._token = token

    def _authorize(self) -> None:
        """The control API's per-run token, from the chat page's cookie unless it was given."""
        if self._token is None:
            page = self._http.get("/")
            cookie = token_cookie(httpx.URL(self.url).port or 80)
            self._token = page.cookies.get(cookie) if page.is_success else None
            if not self._token:
                raise SandboxError(f"no control token from {self.url}/: {page.status_code}")
        self._http.cookies.clear()  # the header says it; no second copy to go stale
        self._http.headers[TOKEN_HEADER] = self._token

    def __enter__(self) -> SandboxClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        if path.startswith("/control/") and TOKEN_HEADER not in self._http.headers:
            self._authorize()
        response = self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                message = response.json().get("error", response.text)
            except (ValueError, AttributeError):
                message = response.text
            raise SandboxError(f"{method} {path}: {response.status_code} {message}")
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response.content

    def wait_ready(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """For a sandbox started in another process: wait until it answers."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._request("GET", "/health", timeout=1.0)
                return
            except (httpx.TransportError, SandboxError):
                if time.monotonic() >= deadline:
                    raise AssertionError(f"no sandbox answering at {self.url}") from None
                time.sleep(0.05)

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        phone: str | None = None,
        *,
        started: bool | None = None,
    ) -> SandboxUser:
        """Register (or update) a user and return a handle; preset ids get preset details.

        Like Telegram, the bot may not write first to a user who never wrote to it (403);
        started=True pretends the user opened the bot earlier.
        """
        fields = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "phone": phone,
            "started": started,
        }
        body = {k: v for k, v in fields.items() if v is not None}
        info = self._request("PUT", f"/control/users/{user_id}", json=body)
        return SandboxUser(self, user_id, info)

    def users(self) -> list[dict[str, Any]]:
        return self._request("GET", "/control/users")

    def commands(
        self, scope: dict[str, Any] | str | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """What setMyCommands registered for a scope (default scope when None)."""
        if scope is None:
            scope = {"type": "default"}
        scope_arg = json.dumps(scope) if isinstance(scope, dict) else scope
        items = self._request(
            "GET", "/control/commands", params={"scope": scope_arg, "language_code": language_code}
        )
        return [(c["command"], c["description"]) for c in items]

    def command_registrations(self) -> list[dict[str, Any]]:
        return self._request("GET", "/control/commands")

    def inject_fault(
        self,
        method: str,
        kind: str,
        count: int | None = 1,
        retry_after: int = 1,
        delay: float | None = None,
    ) -> dict[str, Any]:
        """Make the next `count` calls of a Bot API method fail: "429", "500", "timeout"..."""
        body: dict[str, Any] = {"method": method, "kind": str(kind), "count": count}
        body["retry_after"] = retry_after
        if delay is not None:
            body["delay"] = delay
        return self._request("POST", "/control/faults", json=body)

    def faults(self) -> list[dict[str, Any]]:
        return self._request("GET", "/control/faults")

    def clear_faults(self, method: str | None = None) -> int:
        params = {"method": method} if method else None
        return self._request("DELETE", "/control/faults", params=params)["removed"]

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """The Bot API calls the sandbox answered (newest last), e.g. to count retries."""
        params = {"method": method} if method else None
        return self._request("GET", "/control/calls", params=params)

    def status(self) -> dict[str, Any]:
        return self._request("GET", "/control/status")

    def file(self, file_id: str) -> bytes:
        """The file's bytes as the bot sent them (never parsed, even when it is JSON)."""
        if TOKEN_HEADER not in self._http.headers:
            self._authorize()
        response = self._http.request("GET", f"/control/files/{file_id}")
        if response.status_code >= 400:
            raise SandboxError(f"GET /control/files/{file_id}: {response.status_code}")
        return response.content

    def reset(self) -> None:
        """Forget users, chats, files, commands and faults (update ids keep increasing)."""
        self._request("DELETE", "/control/state")
