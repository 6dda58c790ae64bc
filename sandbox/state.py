"""The sandbox's world: users, their private chats with the bot, files, updates, faults.

Everything is in memory behind one lock. The HTTP layer (server.py) calls these methods from its
IOLoop thread; tests may call them from others. Listeners are told about changes so that long
polls (getUpdates, the chat page, the client's waits) can return as soon as something happens.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import itertools
import json
import mimetypes
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sandbox import formatting

BOT_FIRST_NAME = "Capture Bot"
BOT_USERNAME = "capture_sandbox_bot"
DEFAULT_BOT_ID = 7000000001
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files, like the cloud Bot API
MAX_PHOTO_SIDE = 1280  # Telegram recompresses ordinary photos to this size
DEFAULT_UPDATE_TYPES = {
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "inline_query",
    "chosen_inline_result",
    "channel_post",
    "edited_channel_post",
    "shipping_query",
    "pre_checkout_query",
    "poll",
    "poll_answer",
    "chat_join_request",
}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

# Users a person can pick on the chat page; tests may use the same ids.
# The control API's per-run token travels in this header, or in the chat page's cookie.
TOKEN_HEADER = "X-Sandbox-Token"


def token_cookie(port: int) -> str:
    """Cookies are per host, not per port: the name keeps two sandboxes' tokens apart."""
    return f"sandbox_token_{port}"


PRESETS: list[dict[str, Any]] = [
    {"id": 1001, "role": "Admin", "first_name": "Admin", "last_name": None,
     "username": "sandbox_admin", "language_code": "en", "phone": "+12025550101"},
    {"id": 1002, "role": "Manager", "first_name": "Morgan", "last_name": "Manager",
     "username": "sandbox_manager", "language_code": "en", "phone": "+12025550102"},
    {"id": 1003, "role": "Rep", "first_name": "Alice", "last_name": "Rep",
     "username": "alice_rep", "language_code": "en", "phone": "+447400900103"},
    {"id": 1005, "role": "Rep", "first_name": "李娜", "last_name": None,
     "username": "li_na_rep", "language_code": "zh-hans", "phone": "+8613800138005"},
    {"id": 1004, "role": "Customer", "first_name": "Bob", "last_name": "Customer",
     "username": "bob_customer", "language_code": "en", "phone": "+447400900123"},
    {"id": 1006, "role": "Customer", "first_name": "王芳", "last_name": None,
     "username": None, "language_code": "zh-hans", "phone": "+8613912345678"},
]  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer: HTTP status = error_code, description like Telegram's."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class ControlError(Exception):
    """A control-API misuse (no such button, user blocked...): answered as 4xx JSON."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    phone: str | None = None
    blocked: bool = False
    started: bool = False

    def tg(self) -> dict[str, Any]:
        return _drop_none(
            {
                "id": self.id,
                "is_bot": False,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
                "language_code": self.language_code,
            }
        )

    def chat(self) -> dict[str, Any]:
        return _drop_none(
            {
                "id": self.id,
                "type": "private",
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
            }
        )

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
            "phone": self.phone,
            "blocked": self.blocked,
            "started": self.started,
        }


@dataclass
class Message:
    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    sender: dict[str, Any]
    content: dict[str, Any]
    markup: dict[str, Any] | None = None  # as sent: inline, reply keyboard, remove, force reply
    reply_to: int | None = None
    edit_date: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def inline_markup(self) -> dict[str, Any] | None:
        if self.markup and self.markup.get("inline_keyboard"):
            return self.markup
        return None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str
    mime_type: str
    path: str
    width: int | None = None
    height: int | None = None

    def meta(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }


@dataclass
class Update:
    update_id: int
    kind: str
    payload: dict[str, Any]
    chat_id: int

    def tg(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class Fault:
    method: str
    kind: str
    remaining: int | None
    retry_after: int
    delay: float
    hits: int = 0

    def view(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "kind": self.kind,
            "remaining": self.remaining,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "hits": self.hits,
        }


@dataclass
class Chat:
    user: User
    chat_instance: str
    messages: dict[int, Message] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    next_message_id: int = 1
    keyboard: dict[str, Any] | None = None
    menu_button: dict[str, Any] | None = None


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    pending: list[Update] = field(default_factory=list)
    in_flight: set[int] = field(default_factory=set)  # chat ids with a push under way
    delivered: int = 0


def _now() -> int:
    return int(time.time())


def _canonical_scope(scope: Any) -> dict[str, Any]:
    if not scope:
        return {"type": "default"}
    if isinstance(scope, str):
        return {"type": scope}
    scope = dict(scope)
    if "chat_id" in scope:
        with contextlib.suppress(TypeError, ValueError):
            scope["chat_id"] = int(scope["chat_id"])
    return scope


def _scope_key(scope: Any) -> str:
    return json.dumps(_canonical_scope(scope), sort_keys=True)


class SandboxState:
    """All mutable sandbox state; every public method takes the lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._listeners: list[Callable[[str], None]] = []
        # Like Telegram's, ids keep increasing across restarts of the sandbox (a bot remembers
        # recent ids to skip redeliveries), so start from the clock rather than from 1.
        self._update_ids = itertools.count(int(time.time() * 10) % 2_000_000_000)
        self._seq = 0
        self._callback_ids = itertools.count(1)
        self.bot_id = DEFAULT_BOT_ID
        self._reset_locked()

    def _reset_locked(self) -> None:
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.paths: dict[str, str] = {}
        self.photo_sets: dict[str, list[dict[str, Any]]] = {}
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.updates: list[Update] = []
        self.allowed_updates: set[str] = set(DEFAULT_UPDATE_TYPES)
        self.webhook = Webhook()
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.bot_texts: dict[str, dict[str, str]] = {}
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.faults: list[Fault] = []
        self.calls: deque[dict[str, Any]] = deque(maxlen=2000)
        self.poller_generation = 0

    def reset(self) -> None:
        """Forget everything except the update_id counter (a running bot keeps its offset)."""
        with self.lock:
            self._reset_locked()
            self._seq += 1
        self._emit("updates")
        self._emit("chats")

    # --- listeners ---------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, topic: str) -> None:
        for listener in list(self._listeners):
            listener(topic)

    @property
    def seq(self) -> int:
        return self._seq

    # --- users -------------------------------------------------------------------------------

    def register_user(self, user_id: int, **fields: Any) -> User:
        """Create or update a user; fields that are not given keep their value."""
        allowed = {"first_name", "last_name", "username", "language_code", "phone", "started"}
        unknown = set(fields) - allowed
        if unknown:
            raise ControlError(f"unknown user fields: {sorted(unknown)}")
        if fields.get("started") is not None:
            fields["started"] = str(fields["started"]).lower() in {"true", "1", "yes"}
        with self.lock:
            user = self.users.get(user_id)
            if user is None:
                preset = next((p for p in PRESETS if p["id"] == user_id), None)
                base = {k: preset[k] for k in allowed if k in preset} if preset else {}
                base.setdefault("first_name", f"User {user_id}")
                base.setdefault("language_code", "en")
                base.update({k: v for k, v in fields.items() if v is not None})
                if not base.get("first_name"):
                    base["first_name"] = f"User {user_id}"
                user = User(id=user_id, **base)
                self.users[user_id] = user
                self.chats[user_id] = Chat(
                    user=user, chat_instance=str((user_id * 2654435761 + 97) % 10**19)
                )
            else:
                for key, value in fields.items():
                    if value is not None:
                        setattr(user, key, value)
            self._seq += 1
        self._emit("chats")
        return user

    def _user(self, user_id: int) -> User:
        user = self.users.get(user_id)
        if user is None:
            return self.register_user(user_id)
        return user

    def user_view(self, user_id: int) -> dict[str, Any]:
        with self.lock:
            return self._user(user_id).view()

    def list_users(self) -> list[dict[str, Any]]:
        with self.lock:
            return [u.view() for u in self.users.values()]

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
        }

    # --- events and views --------------------------------------------------------------------

    def _event(self, chat: Chat, kind: str, **data: Any) -> int:
        self._seq += 1
        chat.events.append({"seq": self._seq, "kind": kind, "date": _now(), **data})
        return self._seq

    def message_tg(self, msg: Message, nested: bool = True) -> dict[str, Any]:
        chat = self.chats[msg.chat_id]
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": msg.sender,
            "chat": chat.user.chat(),
            "date": msg.date,
        }
        if msg.edit_date:
            data["edit_date"] = msg.edit_date
        if nested and msg.reply_to and msg.reply_to in chat.messages:
            data["reply_to_message"] = self.message_tg(chat.messages[msg.reply_to], nested=False)
        data.update(msg.content)
        if msg.inline_markup:
            data["reply_markup"] = msg.inline_markup
        return data

    def message_view(self, msg: Message) -> dict[str, Any]:
        return {
            "message_id": msg.message_id,
            "from_bot": msg.from_bot,
            "date": msg.date,
            "edit_date": msg.edit_date,
            "edited": msg.edit_date is not None,
            "deleted": msg.deleted,
            "markup": msg.markup,
            "history": msg.history,
            "message": self.message_tg(msg),
        }

    def _event_view(self, chat: Chat, event: dict[str, Any]) -> dict[str, Any]:
        view = dict(event)
        message_id = event.get("message_id")
        if message_id in chat.messages and event["kind"] in {
            "message",
            "edit",
            "delete",
            "user_message",
        }:
            view["message"] = self.message_view(chat.messages[message_id])
        return view

    def chat_view(
        self, user_id: int, after: int | None = None, full: bool = True
    ) -> dict[str, Any]:
        """What a person or a test sees in this chat; events after `after` for incremental reads."""
        with self.lock:
            chat = self.chats[self._user(user_id).id]
            events = [
                self._event_view(chat, e) for e in chat.events if after is None or e["seq"] > after
            ]
            view: dict[str, Any] = {
                "user": chat.user.view(),
                "seq": self._seq,
                "events": events,
                "keyboard": chat.keyboard,
                "callback_answers": self._callback_views(user_id),
            }
            if full:
                view["messages"] = [
                    self.message_view(m) for m in chat.messages.values() if not m.deleted
                ]
                view["commands"] = self.resolved_commands(user_id)
                view["menu_button"] = chat.menu_button or self.default_menu_button
            return view

    def has_events_after(self, user_id: int, after: int) -> bool:
        with self.lock:
            chat = self.chats.get(user_id)
            return bool(chat and chat.events and chat.events[-1]["seq"] > after)

    def _callback_views(self, user_id: int) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in q.items() if k != "payload"}
            for q in self.callbacks.values()
            if q["user_id"] == user_id
        ]

    # --- updates -----------------------------------------------------------------------------

    def _enqueue(self, kind: str, payload: dict[str, Any], chat_id: int) -> Update:
        update = Update(next(self._update_ids), kind, payload, chat_id)
        if self.webhook.url:
            self.webhook.pending.append(update)
        else:
            self.updates.append(update)
        self._emit("updates")
        return update

    def take_updates(
        self, offset: int | None, limit: int, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates without the waiting: confirm below offset, filter, return up to limit."""
        with self.lock:
            if self.webhook.url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            if allowed is not None:
                self.allowed_updates = set(allowed) if allowed else set(DEFAULT_UPDATE_TYPES)
            if offset is not None and offset < 0:
                self.updates = (
                    self.updates[offset:] if -offset < len(self.updates) else self.updates
                )
            elif offset:
                self.updates = [u for u in self.updates if u.update_id >= offset]
            wanted = [u for u in self.updates if u.kind in self.allowed_updates]
            return [u.tg() for u in wanted[: max(1, min(limit, 100))]]

    def pending_update_count(self) -> int:
        with self.lock:
            return len(self.webhook.pending) if self.webhook.url else len(self.updates)

    # --- users acting --------------------------------------------------------------------------

    def _user_can_act(self, user: User) -> None:
        if user.blocked:
            raise ControlError(
                f"user {user.id} has blocked the bot; unblock first (POST .../unblock)", 409
            )

    def user_message(
        self, user_id: int, content: dict[str, Any], reply_to: int | None = None
    ) -> dict[str, Any]:
        """The user sends something; it becomes a `message` update."""
        with self.lock:
            user = self._user(user_id)
            self._user_can_act(user)
            chat = self.chats[user.id]
            if reply_to is not None and reply_to not in chat.messages:
                raise ControlError(f"no message {reply_to} in chat {user.id} to reply to")
            msg = Message(
                chat_id=user.id,
                message_id=chat.next_message_id,
                from_bot=False,
                date=_now(),
                sender=user.tg(),
                content=content,
                reply_to=reply_to,
            )
            chat.next_message_id += 1
            chat.messages[msg.message_id] = msg
            user.started = True
            if chat.keyboard and chat.keyboard.get("one_time_keyboard"):
                chat.keyboard = None
            update = self._enqueue("message", self.message_tg(msg), user.id)
            seq = self._event(chat, "user_message", message_id=msg.message_id)
        self._emit("chats")
        return {"message": self.message_tg(msg), "update_id": update.update_id, "seq": seq}

    def text_content(self, text: str) -> dict[str, Any]:
        if not text:
            raise ControlError("text is empty")
        content: dict[str, Any] = {"text": text}
        entities = formatting.detect_entities(text)
        if entities:
            content["entities"] = entities
        return content

    def press(
        self,
        user_id: int,
        message_id: int | None = None,
        data: str | None = None,
        button: str | None = None,
    ) -> dict[str, Any]:
        """The user presses an inline button (or forges one): a `callback_query` update."""
        with self.lock:
            user = self._user(user_id)
            self._user_can_act(user)
            chat = self.chats[user.id]
            msg: Message | None
            if button is not None:
                msg, data = self._find_button(chat, button)
            else:
                msg = chat.messages.get(message_id or -1)
                if msg is None or msg.deleted or not msg.from_bot:
                    raise ControlError(f"no bot message {message_id} in chat {user.id}", 404)
                if data is None:
                    raise ControlError("give data (or button)")
            query_id = str(4_000_000_000_000_000_000 + next(self._callback_ids))
            payload = {
                "id": query_id,
                "from": user.tg(),
                "message": self.message_tg(msg),
                "chat_instance": chat.chat_instance,
                "data": data,
            }
            self.callbacks[query_id] = {
                "callback_query_id": query_id,
                "user_id": user.id,
                "message_id": msg.message_id,
                "data": data,
                "pressed_at": _now(),
                "answered": False,
                "text": None,
                "show_alert": False,
                "url": None,
            }
            update = self._enqueue("callback_query", payload, user.id)
            seq = self._event(chat, "callback_query", message_id=msg.message_id, data=data)
        self._emit("chats")
        return {"callback_query": payload, "update_id": update.update_id, "seq": seq}

    def _find_button(self, chat: Chat, wanted: str) -> tuple[Message, str]:
        recent = [m for m in reversed(chat.messages.values()) if m.from_bot and not m.deleted]
        for exact in (True, False):
            for msg in recent:
                for row in (msg.inline_markup or {}).get("inline_keyboard", []):
                    for btn in row:
                        text = btn.get("text", "")
                        if (text == wanted) if exact else (wanted.lower() in text.lower()):
                            if "callback_data" not in btn:
                                raise ControlError(
                                    f"button {text!r} has no callback_data: {json.dumps(btn)}"
                                )
                            return msg, btn["callback_data"]
        listing = [
            f"message {m.message_id}: {[b.get('text') for r in m.inline_markup['inline_keyboard'] for b in r]}"  # noqa: E501
            for m in recent[:5]
            if m.inline_markup
        ]
        raise ControlError(
            f"no inline button {wanted!r} in chat {chat.user.id}; buttons on the newest "
            f"messages: {listing or 'none'}",
            404,
        )

    def set_blocked(self, user_id: int, blocked: bool) -> dict[str, Any]:
        """Block/unblock the bot: Telegram tells the bot with a my_chat_member update."""
        with self.lock:
            user = self._user(user_id)
            chat = self.chats[user.id]
            if user.blocked == blocked:
                return {"seq": self._seq, "user": user.view()}
            user.blocked = blocked
            member = {"user": self.bot_user()}
            old: dict[str, Any] = {"status": "member", **member}
            new: dict[str, Any] = {"status": "kicked", "until_date": 0, **member}
            if not blocked:
                old, new = new, old
            payload = {
                "chat": user.chat(),
                "from": user.tg(),
                "date": _now(),
                "old_chat_member": old,
                "new_chat_member": new,
            }
            self._enqueue("my_chat_member", payload, user.id)
            seq = self._event(chat, "blocked" if blocked else "unblocked")
        self._emit("chats")
        return {"seq": seq, "user": user.view()}

    # --- files -------------------------------------------------------------------------------

    def store_file(self, data: bytes, file_name: str, mime_type: str | None = None) -> StoredFile:
        """Keep bytes under an id and a path that cannot exist under the bot's working dir."""
        with self.lock:
            token = uuid.uuid4().hex
            safe_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in file_name)
            digest = hashlib.sha256(data).digest()
            record = StoredFile(
                file_id="SBX" + base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="),
                file_unique_id="U" + base64.urlsafe_b64encode(digest[:9]).decode(),
                data=data,
                file_name=file_name,
                mime_type=mime_type
                or mimetypes.guess_type(file_name)[0]
                or "application/octet-stream",
                path=f"sandbox-files/{token}/{safe_name or 'file'}",
            )
            self.files[record.file_id] = record
            self.paths[record.path] = record.file_id
            return record

    def photo_sizes(self, data: bytes) -> list[dict[str, Any]]:
        """Store a photo the way Telegram does: JPEG sizes, real dimensions, largest last."""
        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise bad("IMAGE_PROCESS_FAILED") from exc
        orientation = image.getexif().get(0x0112, 1)
        keep_original = (
            image.format == "JPEG" and orientation == 1 and max(image.size) <= MAX_PHOTO_SIDE
        )
        image = ImageOps.exif_transpose(image).convert("RGB")
        sizes: list[dict[str, Any]] = []
        for side in (90, 320, 800):
            if side < max(image.size) * 0.9:
                sizes.append(self._photo_size(image, side))
        if keep_original:
            record = self.store_file(data, "photo.jpg", "image/jpeg")
            record.width, record.height = image.size
            sizes.append({**record.meta(), "width": image.width, "height": image.height})
        else:
            sizes.append(self._photo_size(image, MAX_PHOTO_SIDE))
        with self.lock:
            for size in sizes:
                self.photo_sets[size["file_id"]] = sizes
        return sizes

    def _photo_size(self, image: Any, side: int) -> dict[str, Any]:
        copy = image.copy()
        copy.thumbnail((side, side))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=87)
        record = self.store_file(buffer.getvalue(), "photo.jpg", "image/jpeg")
        record.width, record.height = copy.size
        return {**record.meta(), "width": copy.width, "height": copy.height}

    def file_by_id(self, file_id: str) -> StoredFile | None:
        with self.lock:
            return self.files.get(file_id)

    def file_by_path(self, path: str) -> StoredFile | None:
        with self.lock:
            file_id = self.paths.get(path)
            return self.files.get(file_id) if file_id else None

    # --- bot side ------------------------------------------------------------------------------

    def chat_for_bot(self, chat_id: Any, sending: bool = True) -> Chat:
        """Resolve chat_id the way Telegram would for a bot writing to a private chat."""
        try:
            cid = int(chat_id)
        except (TypeError, ValueError):
            raise bad("chat not found") from None
        chat = self.chats.get(cid)
        if chat is None:
            raise bad("chat not found")
        if sending and chat.user.blocked:
            self._event(chat, "rejected", reason="blocked")
            self._emit("chats")
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if sending and not chat.user.started:
            self._event(chat, "rejected", reason="not started")
            self._emit("chats")
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def bot_send(
        self,
        chat_id: Any,
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        reply_to: int | None = None,
        allow_without_reply: bool = False,
    ) -> dict[str, Any]:
        with self.lock:
            chat = self.chat_for_bot(chat_id)
            if reply_to is not None and reply_to not in chat.messages:
                if not allow_without_reply:
                    raise bad("message to be replied not found")
                reply_to = None
            msg = Message(
                chat_id=chat.user.id,
                message_id=chat.next_message_id,
                from_bot=True,
                date=_now(),
                sender=self.bot_user(),
                content=content,
                markup=markup,
                reply_to=reply_to,
            )
            chat.next_message_id += 1
            chat.messages[msg.message_id] = msg
            if markup and "keyboard" in markup:
                chat.keyboard = markup
            elif markup and markup.get("remove_keyboard"):
                chat.keyboard = None
            self._event(chat, "message", message_id=msg.message_id)
            result = self.message_tg(msg)
        self._emit("chats")
        return result

    def _bot_message(self, chat_id: Any, message_id: Any, missing: str) -> tuple[Chat, Message]:
        chat = self.chat_for_bot(chat_id, sending=False)
        if chat.user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        try:
            msg = chat.messages.get(int(message_id))
        except (TypeError, ValueError):
            msg = None
        if msg is None or msg.deleted:
            raise bad(missing)
        return chat, msg

    def bot_edit(
        self,
        chat_id: Any,
        message_id: Any,
        *,
        text: tuple[str, list[dict[str, Any]]] | None = None,
        caption: tuple[str, list[dict[str, Any]]] | None = None,
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """Edit text, caption or markup; identical content is a 400 like in Telegram."""
        with self.lock:
            chat, msg = self._bot_message(chat_id, message_id, "message to edit not found")
            if not msg.from_bot:
                raise bad("message can't be edited")
            new_content = dict(msg.content)
            if text is not None:
                if "text" not in msg.content:
                    raise bad("there is no text in the message to edit")
                new_content["text"] = text[0]
                new_content.pop("entities", None)
                if text[1]:
                    new_content["entities"] = text[1]
            if caption is not None:
                if "text" in msg.content:
                    raise bad("there is no caption in the message to edit")
                new_content.pop("caption", None)
                new_content.pop("caption_entities", None)
                if caption[0]:
                    new_content["caption"] = caption[0]
                if caption[1]:
                    new_content["caption_entities"] = caption[1]
            old_inline = msg.inline_markup
            new_inline = markup if markup and markup.get("inline_keyboard") else None
            if new_content == msg.content and new_inline == old_inline:
                raise bad(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            msg.history.append(
                {
                    "text": msg.content.get("text", msg.content.get("caption")),
                    "markup": msg.markup,
                    "date": msg.edit_date or msg.date,
                }
            )
            msg.content = new_content
            msg.markup = new_inline
            msg.edit_date = _now()
            self._event(chat, "edit", message_id=msg.message_id)
            result = self.message_tg(msg)
        self._emit("chats")
        return result

    def bot_delete(self, chat_id: Any, message_ids: Iterable[Any]) -> bool:
        with self.lock:
            targets = [
                self._bot_message(chat_id, mid, "message to delete not found")
                for mid in message_ids
            ]
            for chat, msg in targets:
                msg.deleted = True
                self._event(chat, "delete", message_id=msg.message_id)
        self._emit("chats")
        return True

    def answer_callback(
        self, query_id: str, text: str | None, show_alert: bool, url: str | None
    ) -> bool:
        with self.lock:
            query = self.callbacks.get(query_id)
            if query is None or query["answered"]:
                raise bad("query is too old and response timeout expired or query ID is invalid")
            query.update(
                answered=True, text=text, show_alert=show_alert, url=url, answered_at=_now()
            )
            chat = self.chats[query["user_id"]]
            self._event(
                chat,
                "callback_answer",
                callback_query_id=query_id,
                message_id=query["message_id"],
                text=text,
                show_alert=show_alert,
                url=url,
            )
        self._emit("chats")
        return True

    def chat_action(self, chat_id: Any, action: str) -> bool:
        if action not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        with self.lock:
            chat = self.chat_for_bot(chat_id)
            self._event(chat, "chat_action", action=action)
        self._emit("chats")
        return True

    def set_menu_button(self, chat_id: Any, button: dict[str, Any] | None) -> bool:
        with self.lock:
            if chat_id in (None, ""):
                self.default_menu_button = button or {"type": "commands"}
            else:
                self.chat_for_bot(chat_id, sending=False).menu_button = button
            self._seq += 1
        self._emit("chats")
        return True

    def get_menu_button(self, chat_id: Any) -> dict[str, Any]:
        with self.lock:
            if chat_id in (None, ""):
                return self.default_menu_button
            chat = self.chat_for_bot(chat_id, sending=False)
            return chat.menu_button or self.default_menu_button

    # --- commands ----------------------------------------------------------------------------

    def set_commands(self, commands: list[dict[str, str]], scope: Any, language: str) -> bool:
        cleaned = []
        for item in commands:
            command = str(item.get("command", "")).lstrip("/")
            description = str(item.get("description", ""))
            if not (1 <= len(command) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in command
            ):
                raise bad("BOT_COMMAND_INVALID")
            if not (1 <= len(description) <= 256):
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        with self.lock:
            key = (_scope_key(scope), language or "")
            if cleaned:
                self.commands[key] = cleaned
            else:
                self.commands.pop(key, None)
            self._seq += 1
        self._emit("chats")
        return True

    def get_commands(self, scope: Any, language: str) -> list[dict[str, str]]:
        with self.lock:
            return list(self.commands.get((_scope_key(scope), language or ""), []))

    def command_registrations(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {"scope": json.loads(scope), "language_code": lang, "commands": cmds}
                for (scope, lang), cmds in self.commands.items()
            ]

    def resolved_commands(self, user_id: int) -> list[dict[str, str]]:
        """The list a user's Telegram app would show, by Telegram's scope/language order."""
        with self.lock:
            user = self._user(user_id)
            lang = (user.language_code or "").split("-")[0]
            scopes = [
                {"type": "chat", "chat_id": user.id},
                {"type": "all_private_chats"},
                {"type": "default"},
            ]
            for scope in scopes:
                for language in (lang, ""):
                    found = self.commands.get((_scope_key(scope), language))
                    if found:
                        return list(found)
            return []

    # --- webhook -------------------------------------------------------------------------------

    def set_webhook(
        self,
        url: str,
        secret_token: str | None,
        max_connections: int,
        allowed_updates: list[str] | None,
        drop_pending: bool,
    ) -> bool:
        if secret_token and (
            len(secret_token) > 256
            or not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret_token)
        ):
            raise bad("secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        with self.lock:
            hook = self.webhook
            if not url:
                return self.delete_webhook(drop_pending)
            backlog = [] if drop_pending else hook.pending + self.updates
            self.updates = []
            hook.url = url
            hook.secret_token = secret_token or None
            hook.max_connections = max(1, min(max_connections or 40, 100))
            hook.allowed_updates = allowed_updates or None
            hook.pending = backlog
            hook.last_error_date = None
            hook.last_error_message = None
        self._emit("webhook")
        return True

    def delete_webhook(self, drop_pending: bool) -> bool:
        with self.lock:
            backlog = self.webhook.pending + self.updates
            self.webhook = Webhook()
            self.updates = [] if drop_pending else sorted(backlog, key=lambda u: u.update_id)
        self._emit("updates")
        return True

    def webhook_info(self) -> dict[str, Any]:
        with self.lock:
            hook = self.webhook
            return _drop_none(
                {
                    "url": hook.url,
                    "has_custom_certificate": False,
                    "pending_update_count": len(hook.pending) + len(hook.in_flight)
                    if hook.url
                    else len(self.updates),
                    "last_error_date": hook.last_error_date,
                    "last_error_message": hook.last_error_message,
                    "max_connections": hook.max_connections if hook.url else None,
                    "allowed_updates": hook.allowed_updates,
                }
            )

    def webhook_take(self) -> tuple[Webhook, list[Update]]:
        """Updates ready to push: oldest first, one per chat at a time, within max_connections."""
        with self.lock:
            hook = self.webhook
            if not hook.url:
                return hook, []
            ready: list[Update] = []
            busy = set(hook.in_flight)
            allowed = set(hook.allowed_updates or DEFAULT_UPDATE_TYPES)
            for update in list(hook.pending):
                if len(busy) >= hook.max_connections:
                    break
                if update.kind not in allowed:
                    hook.pending.remove(update)
                    continue
                if update.chat_id in busy:
                    continue
                busy.add(update.chat_id)
                ready.append(update)
            for update in ready:
                hook.pending.remove(update)
                hook.in_flight.add(update.chat_id)
            return hook, ready

    def requeue(self, update: Update) -> None:
        """An update whose push was cut short goes back, in update_id order."""
        with self.lock:
            queue = self.webhook.pending if self.webhook.url else self.updates
            queue.append(update)
            queue.sort(key=lambda u: u.update_id)
        self._emit("updates")

    def webhook_error(self, hook: Webhook, error: str) -> None:
        """Every failed push shows in getWebhookInfo, even if a retry then succeeds."""
        with self.lock:
            hook.last_error_date = _now()
            hook.last_error_message = error

    def webhook_done(self, hook: Webhook, update: Update, delivered: bool) -> None:
        with self.lock:
            hook.in_flight.discard(update.chat_id)
            if delivered:
                hook.delivered += 1
        self._emit("webhook")

    # --- faults and the call log ---------------------------------------------------------------

    def add_fault(
        self,
        method: str,
        kind: str,
        count: int | None = 1,
        retry_after: int = 1,
        delay: float | None = None,
    ) -> Fault:
        kind = str(kind).lower()
        if kind not in {"429", "timeout", "slow"} and not (
            kind.isdigit() and 500 <= int(kind) < 600
        ):
            raise ControlError("kind must be '429', a 5xx status like '500', 'timeout' or 'slow'")
        if delay is None:
            delay = 10.0 if kind == "timeout" else 1.0
        fault = Fault(
            method=(method or "*").lower(),
            kind=kind,
            remaining=count,
            retry_after=int(retry_after),
            delay=float(delay),
        )
        with self.lock:
            self.faults.append(fault)
        return fault

    def take_fault(self, method: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method in (method.lower(), "*") and fault.remaining != 0:
                    fault.hits += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
            return None

    def list_faults(self) -> list[dict[str, Any]]:
        with self.lock:
            return [f.view() for f in self.faults]

    def clear_faults(self, method: str | None = None) -> int:
        with self.lock:
            before = len(self.faults)
            if method:
                self.faults = [f for f in self.faults if f.method != method.lower()]
            else:
                self.faults = []
            return before - len(self.faults)

    def log_call(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(entry)

    def list_calls(self, method: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [c for c in self.calls if not method or c["method"].lower() == method.lower()]
