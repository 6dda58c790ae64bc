"""A local stand-in for the Telegram Bot API, plus a control API that plays the users.

There is no internet here, so the bot, the tests and a person at the chat page all talk to this
server instead of Telegram. It runs tornado on its own IOLoop in a background thread, so sync
test code and the bot's own process can both start it.

Routes:
  /bot<token>/<method>            Bot API (what python-telegram-bot calls)
  /file/bot<token>/<file_path>    file downloads
  /                               the chat page

Control API (JSON; errors are 4xx {"error": "..."}). It plays every user and shows every chat,
so only this machine's own pages and scripts may use it (403 otherwise): the Host must be
127.0.0.1, localhost or [::1] on the sandbox's port (no DNS rebinding), an Origin, when sent,
the same (no cross-site form posts), and every request must carry the per-run token, as the
X-Sandbox-Token header or the cookie the chat page sets (SandboxClient learns it from the page).
The Bot API side (/bot<token>/..., /file/bot<token>/...) is unchanged: that is what the bot calls.
  GET  /control/presets                       the page's preset users
  GET  /control/users                         every user
  PUT  /control/users/<id>                    register/update {first_name, last_name, username,
                                              language_code, phone, started}; answers user + seq
  POST /control/users/<id>/text               {text, reply_to?}
  POST /control/users/<id>/contact            {phone_number?, first_name?, last_name?,
                                              user_id? (absent: own id, null: none), vcard?}
  POST /control/users/<id>/photo              {data_b64, file_name?, caption?, as_document?}
                                              or multipart: file, caption, as_document
  POST /control/users/<id>/document           {data_b64, file_name, mime_type?, caption?}
  POST /control/users/<id>/sticker|voice|location|animation   {emoji?|duration?|latitude,longitude}
  POST /control/users/<id>/press              {button: "text"} or {message_id, data}
  POST /control/users/<id>/block|unblock
       (each action answers {"seq": marker, ...}; seq orders every chat event)
  GET  /control/users/<id>/chat?after=SEQ&timeout=S&full=1   long-polled chat view
  GET  /control/users/<id>/commands           the command menu this user sees
  GET  /control/commands[?scope=JSON|type&language_code=]    setMyCommands registrations
  GET|POST|DELETE /control/faults             {method, kind: 429|5xx|timeout|slow, count,
                                              retry_after, delay}
  GET  /control/calls[?method=]               Bot API call log; GET /control/status;
  GET  /control/files/<file_id>[?download=1]  DELETE /control/state (reset)
"""

from __future__ import annotations

import asyncio
import base64
import builtins
import contextlib
import inspect
import io
import json
import logging
import mimetypes
import re
import secrets
import signal
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import tornado.httpclient
import tornado.locks
import tornado.netutil
import tornado.web
from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPFile

from sandbox import formatting
from sandbox.state import (
    BOT_FIRST_NAME,
    BOT_USERNAME,
    INLINE_ACTIONS,
    MAX_DOWNLOAD,
    PRESETS,
    TOKEN_HEADER,
    ApiError,
    ControlError,
    SandboxState,
    StoredFile,
    Update,
    Webhook,
    bad,
    token_cookie,
)

log = logging.getLogger(__name__)

PAGE = Path(__file__).with_name("page.html")
TOKEN = re.compile(r"^(\d+):(.+)$")
WEBHOOK_BACKOFF = (0.2, 0.5, 1.0, 2.0)  # seconds between push attempts; then the update is dropped
MAX_LONG_POLL = 60.0
MAX_INLINE_BUTTONS = 100  # Telegram refuses a bigger inline keyboard: "reply markup is too long"


def _redact(uri: str) -> str:
    return re.sub(r"/(file/)?bot[^/]+", r"/\1bot<token>", uri)


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """Tornado's access log would print the bot token; log a redacted line at debug instead."""
    request = handler.request
    log.debug(
        "%s %s %s %.1fms",
        handler.get_status(),
        request.method,
        _redact(request.uri or ""),
        1000 * request.request_time(),
    )


# --- request parameters ------------------------------------------------------------------------


class Params:
    """Bot API parameters from the query, a form, multipart or JSON; form values are strings."""

    def __init__(self, values: dict[str, Any], files: dict[str, HTTPFile]) -> None:
        self.values = values
        self.files = files

    @classmethod
    def from_request(cls, request: Any) -> Params:
        values: dict[str, Any] = {
            k: v[-1].decode("utf-8", "replace") for k, v in request.query_arguments.items()
        }
        ctype = request.headers.get("Content-Type", "")
        if "application/json" in ctype and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                raise bad("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad("JSON body must be an object")
            values.update(body)
        else:
            values.update(
                {k: v[-1].decode("utf-8", "replace") for k, v in request.body_arguments.items()}
            )
        files = {k: v[0] for k, v in request.files.items() if v}
        return cls(values, files)

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value in (None, "") else value

    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str | None:
        value = self.get(name)
        return default if value is None else str(value)

    def required(self, name: builtins.str) -> Any:
        value = self.get(name)
        if value is None:
            raise bad(f"{name} is empty")
        return value

    def int(self, name: builtins.str, default: builtins.int | None = None) -> builtins.int | None:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad(f"field {name!r} must be an integer") from None

    def float(
        self, name: builtins.str, default: builtins.float | None = None
    ) -> builtins.float | None:
        value = self.get(name)
        if value is None:
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad(f"field {name!r} must be a number") from None

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1", "yes"}

    def json(self, name: builtins.str) -> Any:
        """Nested objects arrive as JSON strings in forms, and as objects or strings in JSON."""
        value = self.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad(f"can't parse {name} JSON object") from None
        return value


def _text_and_entities(
    params: Params, text_key: str, entities_key: str
) -> tuple[str, list[dict[str, Any]]]:
    text = params.str(text_key) or ""
    entities = params.json(entities_key)
    if entities:
        return text, list(entities)
    try:
        return formatting.parse(text, params.str("parse_mode"))
    except formatting.EntityParseError as exc:
        raise ApiError(400, str(exc)) from None


def _markup(params: Params) -> dict[str, Any] | None:
    """Validate reply_markup like Telegram (64-byte callback_data!) and keep it as sent."""
    raw = params.json("reply_markup")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        rows = raw["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad(
                'can\'t parse inline keyboard button: field "inline_keyboard" must be an Array'
            )
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
            raise bad("reply markup is too long")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad("can't parse inline keyboard button: Text must be non-empty")
                if not any(action in button for action in INLINE_ACTIONS):
                    raise bad(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not (1 <= len(str(data).encode("utf-8")) <= 64):
                    raise bad("BUTTON_DATA_INVALID")
        return raw
    if "keyboard" in raw:
        rows = raw["keyboard"]
        if not isinstance(rows, list) or not rows or not any(rows):
            raise bad("keyboard must be non-empty")
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else (button or {}).get("text")
                if not text:
                    raise bad("can't parse keyboard button: Text must be non-empty")
        return raw
    if raw.get("remove_keyboard") or raw.get("force_reply"):
        return raw
    raise bad("can't parse reply keyboard markup JSON object")


def _reply_target(params: Params) -> tuple[int | None, bool]:
    reply = params.json("reply_parameters")
    allow = params.bool("allow_sending_without_reply")
    if isinstance(reply, dict) and reply.get("message_id") is not None:
        return int(reply["message_id"]), bool(reply.get("allow_sending_without_reply", allow))
    return params.int("reply_to_message_id"), allow


def _caption(params: Params) -> dict[str, Any]:
    caption, entities = _text_and_entities(params, "caption", "caption_entities")
    if formatting.utf16_len(caption) > formatting.MAX_CAPTION:
        raise bad("message caption is too long")
    content: dict[str, Any] = {}
    if caption:
        content["caption"] = caption
    if entities:
        content["caption_entities"] = entities
    return content


# --- the Bot API -------------------------------------------------------------------------------


class BotApi:
    """One function per Bot API method; each returns the `result` or raises ApiError."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.state = server.state
        self.methods: dict[str, Callable[[Params], Any]] = {
            name[len("m_") :].lower(): getattr(self, name)
            for name in dir(self)
            if name.startswith("m_")
        }

    def m_getMe(self, p: Params) -> dict[str, Any]:
        return {
            "id": self.state.bot_id,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def m_logOut(self, p: Params) -> bool:
        return True

    def m_close(self, p: Params) -> bool:
        return True

    async def m_getUpdates(self, p: Params) -> list[dict[str, Any]]:
        return await self.server.long_poll_updates(
            offset=p.int("offset"),
            limit=p.int("limit", 100) or 100,
            timeout=min(p.float("timeout", 0.0) or 0.0, MAX_LONG_POLL),
            allowed=p.json("allowed_updates"),
        )

    def m_setWebhook(self, p: Params) -> bool:
        return self.state.set_webhook(
            url=p.str("url", "") or "",
            secret_token=p.str("secret_token"),
            max_connections=p.int("max_connections", 40) or 40,
            allowed_updates=p.json("allowed_updates"),
            drop_pending=p.bool("drop_pending_updates"),
        )

    def m_deleteWebhook(self, p: Params) -> bool:
        return self.state.delete_webhook(p.bool("drop_pending_updates"))

    def m_getWebhookInfo(self, p: Params) -> dict[str, Any]:
        return self.state.webhook_info()

    def m_sendMessage(self, p: Params) -> dict[str, Any]:
        chat_id = p.required("chat_id")
        text, entities = _text_and_entities(p, "text", "entities")
        if not text.strip():
            raise bad("message text is empty")
        if formatting.utf16_len(text) > formatting.MAX_TEXT:
            raise bad("message is too long")
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        markup = _markup(p)
        reply_to, allow = _reply_target(p)
        return self.state.bot_send(chat_id, content, markup, reply_to, allow)

    def m_editMessageText(self, p: Params) -> dict[str, Any]:
        self._no_inline(p)
        text, entities = _text_and_entities(p, "text", "entities")
        if not text.strip():
            raise bad("message text is empty")
        if formatting.utf16_len(text) > formatting.MAX_TEXT:
            raise bad("MESSAGE_TOO_LONG")
        return self.state.bot_edit(
            p.required("chat_id"),
            p.required("message_id"),
            text=(text, entities),
            markup=_markup(p),
        )

    def m_editMessageCaption(self, p: Params) -> dict[str, Any]:
        self._no_inline(p)
        content = _caption(p)
        return self.state.bot_edit(
            p.required("chat_id"),
            p.required("message_id"),
            caption=(content.get("caption", ""), content.get("caption_entities", [])),
            markup=_markup(p),
        )

    def m_editMessageReplyMarkup(self, p: Params) -> dict[str, Any]:
        self._no_inline(p)
        return self.state.bot_edit(
            p.required("chat_id"), p.required("message_id"), markup=_markup(p)
        )

    def _no_inline(self, p: Params) -> None:
        if p.get("inline_message_id") is not None:
            raise bad("inline messages are not supported by the sandbox")

    def m_deleteMessage(self, p: Params) -> bool:
        return self.state.bot_delete(p.required("chat_id"), [p.required("message_id")])

    def m_deleteMessages(self, p: Params) -> bool:
        ids = p.json("message_ids") or []
        return self.state.bot_delete(p.required("chat_id"), ids)

    def m_answerCallbackQuery(self, p: Params) -> bool:
        return self.state.answer_callback(
            str(p.required("callback_query_id")),
            text=p.str("text"),
            show_alert=p.bool("show_alert"),
            url=p.str("url"),
        )

    def m_sendChatAction(self, p: Params) -> bool:
        return self.state.chat_action(p.required("chat_id"), p.str("action", "") or "")

    def _input_file(self, p: Params, name: str) -> tuple[bytes, str, str | None] | StoredFile:
        """An uploaded file (bytes, filename, content type) or a file the sandbox already has."""
        upload = p.files.get(name)
        value = p.str(name)
        if upload is None and value and value.startswith("attach://"):
            upload = p.files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.body:
                raise bad("file must be non-empty")
            ctype: str | None = upload.content_type
            if not ctype or ctype == "application/octet-stream":
                ctype = None
            return upload.body, upload.filename or name, ctype
        if not value:
            raise bad(f"there is no {name} in the request")
        known = self.state.file_by_id(value)
        if known is None:
            if value.startswith(("http://", "https://")):
                raise bad("failed to get HTTP URL content")
            raise bad("wrong file identifier/HTTP URL specified")
        return known

    def _send_media(self, p: Params, content: dict[str, Any]) -> dict[str, Any]:
        chat_id = p.required("chat_id")
        content.update(_caption(p))
        markup = _markup(p)
        reply_to, allow = _reply_target(p)
        return self.state.bot_send(chat_id, content, markup, reply_to, allow)

    def m_sendDocument(self, p: Params) -> dict[str, Any]:
        p.required("chat_id")
        source = self._input_file(p, "document")
        if isinstance(source, tuple):
            source = self.state.store_file(*source)
        document = {
            **source.meta(),
            "file_name": source.file_name,
            "mime_type": source.mime_type,
        }
        return self._send_media(p, {"document": document})

    def m_sendPhoto(self, p: Params) -> dict[str, Any]:
        p.required("chat_id")
        source = self._input_file(p, "photo")
        if isinstance(source, tuple):
            sizes = self.state.photo_sizes(source[0])
        else:
            with self.state.lock:
                known = self.state.photo_sets.get(source.file_id)
            sizes = known or self.state.photo_sizes(source.data)
        return self._send_media(p, {"photo": sizes})

    def m_getFile(self, p: Params) -> dict[str, Any]:
        record = self.state.file_by_id(str(p.required("file_id")))
        if record is None:
            raise bad("invalid file_id")
        if len(record.data) > MAX_DOWNLOAD:
            raise bad("file is too big")
        return {**record.meta(), "file_path": record.path}

    def m_setMyCommands(self, p: Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list):
            raise bad("can't parse commands JSON object")
        return self.state.set_commands(commands, p.json("scope"), p.str("language_code", "") or "")

    def m_getMyCommands(self, p: Params) -> list[dict[str, str]]:
        return self.state.get_commands(p.json("scope"), p.str("language_code", "") or "")

    def m_deleteMyCommands(self, p: Params) -> bool:
        return self.state.set_commands([], p.json("scope"), p.str("language_code", "") or "")

    def m_setChatMenuButton(self, p: Params) -> bool:
        return self.state.set_menu_button(p.get("chat_id"), p.json("menu_button"))

    def m_getChatMenuButton(self, p: Params) -> dict[str, Any]:
        return self.state.get_menu_button(p.get("chat_id"))

    def _bot_text(self, p: Params, kind: str, key: str, set_: bool) -> Any:
        lang = p.str("language_code", "") or ""
        with self.state.lock:
            texts = self.state.bot_texts.setdefault(kind, {})
            if set_:
                texts[lang] = p.str(key, "") or ""
                return True
            return {key: texts.get(lang, texts.get("", BOT_FIRST_NAME if kind == "name" else ""))}

    def m_setMyName(self, p: Params) -> bool:
        return self._bot_text(p, "name", "name", True)

    def m_getMyName(self, p: Params) -> dict[str, str]:
        return self._bot_text(p, "name", "name", False)

    def m_setMyDescription(self, p: Params) -> bool:
        return self._bot_text(p, "description", "description", True)

    def m_getMyDescription(self, p: Params) -> dict[str, str]:
        return self._bot_text(p, "description", "description", False)

    def m_setMyShortDescription(self, p: Params) -> bool:
        return self._bot_text(p, "short_description", "short_description", True)

    def m_getMyShortDescription(self, p: Params) -> dict[str, str]:
        return self._bot_text(p, "short_description", "short_description", False)


class BaseHandler(tornado.web.RequestHandler):
    server: SandboxServer

    def initialize(self, server: SandboxServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def check_xsrf_cookie(self) -> None:  # a local test tool: no cookies, no XSRF
        return


class BotApiHandler(BaseHandler):
    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        match = TOKEN.match(unquote(token))
        if not match:
            self.write_json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
            return
        state = self.server.state
        with state.lock:
            state.bot_id = int(match.group(1))
        started = time.monotonic()
        entry: dict[str, Any] = {"time": time.time(), "method": method}
        try:
            params = Params.from_request(self.request)
            entry["params"] = _loggable(params)
            fault = state.take_fault(method)
            if fault is not None:
                entry["fault"] = fault.kind
                if fault.kind == "429":
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        retry_after=fault.retry_after,
                    )
                if fault.kind.isdigit():
                    code = int(fault.kind)
                    raise ApiError(code, _PHRASES.get(code, "Internal Server Error"))
                await asyncio.sleep(fault.delay)
            func = self.server.api.methods.get(method.lower())
            if func is None:
                raise bad(f"method {method!r} is not implemented by the sandbox")
            result = func(params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            entry.update(status=exc.code, error=exc.description)
            self.write_json(exc.payload(), exc.code)
        else:
            entry["status"] = 200
            self.write_json({"ok": True, "result": result})
        finally:
            entry["ms"] = round(1000 * (time.monotonic() - started), 1)
            state.log_call(entry)


_PHRASES = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _loggable(params: Params) -> dict[str, Any]:
    data = dict(params.values)
    for name, upload in params.files.items():
        data[name] = f"<upload {upload.filename!r}, {len(upload.body)} bytes>"
    return data


class FileHandler(BaseHandler):
    def get(self, token: str, path: str) -> None:
        if not TOKEN.match(unquote(token)):
            self.write_json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
            return
        record = self.server.state.file_by_path(unquote(path))
        if record is None:
            self.write_json({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
            return
        self.set_header("Content-Type", record.mime_type)
        self.finish(record.data)


# --- the control API -----------------------------------------------------------------------------


class LocalOnly(BaseHandler):
    """Served only to this machine by name: a foreign Host is a DNS-rebinding page."""

    def prepare(self) -> None:
        problem = self.server.foreign(self.request.host, self.request.headers.get("Origin"))
        if problem:
            log.warning("sandbox refused %s %s: %s", self.request.method, self.request.path,
                        problem)  # fmt: skip
            self.write_json({"error": f"forbidden: {problem}"}, 403)


class ControlHandler(LocalOnly):
    def prepare(self) -> None:
        super().prepare()
        if self._finished:
            return
        given = self.request.headers.get(TOKEN_HEADER) or self.get_cookie(
            token_cookie(self.server.port), ""
        )
        if not secrets.compare_digest(given.encode(), self.server.control_token.encode()):
            self.write_json(
                {"error": f"forbidden: the control API needs this run's token ({TOKEN_HEADER} "
                          "header, or open the chat page first)"}, 403,
            )  # fmt: skip

    def body(self) -> dict[str, Any]:
        ctype = self.request.headers.get("Content-Type", "")
        if "application/json" in ctype or (self.request.body and not ctype):
            try:
                data = json.loads(self.request.body or b"{}")
            except ValueError:
                raise ControlError("body is not JSON") from None
            if not isinstance(data, dict):
                raise ControlError("body must be a JSON object")
            return data
        return {k: v[-1].decode("utf-8") for k, v in self.request.body_arguments.items()}

    def _handle_exception(self, exc: BaseException) -> bool:
        if isinstance(exc, ControlError):
            self.write_json({"error": str(exc)}, exc.status)
            return True
        if isinstance(exc, ApiError):
            self.write_json({"error": exc.description}, 400)
            return True
        return False

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, (ControlError, ApiError)):
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if exc is not None and self._handle_exception(exc):
            return
        self.write_json({"error": self._reason}, status_code)


class PresetsHandler(ControlHandler):
    def get(self) -> None:
        self.write_json(PRESETS)


class UsersHandler(ControlHandler):
    def get(self) -> None:
        self.write_json(self.server.state.list_users())


class UserHandler(ControlHandler):
    def get(self, user_id: str) -> None:
        self.write_json(self.server.state.user_view(int(user_id)))

    def put(self, user_id: str) -> None:
        user = self.server.state.register_user(int(user_id), **self.body())
        self.write_json({**user.view(), "seq": self.server.state.seq})

    post = put


def _number(data: dict[str, Any], key: str, kind: type = float) -> Any:
    try:
        return kind(data[key])
    except KeyError:
        raise ControlError(f"{key} is required") from None
    except (TypeError, ValueError):
        raise ControlError(f"{key} must be a number") from None


class UserActionHandler(ControlHandler):
    """POST /control/users/<id>/<action>: the user does something in the chat."""

    def post(self, user_id: str, action: str) -> None:
        state = self.server.state
        uid = int(user_id)
        data = self.body()
        reply_to = data.get("reply_to")
        reply_to = int(reply_to) if reply_to not in (None, "") else None
        if action == "press":
            message_id = data.get("message_id")
            result = state.press(
                uid,
                message_id=int(message_id) if message_id not in (None, "") else None,
                data=data.get("data"),
                button=data.get("button"),
            )
        elif action in ("block", "unblock"):
            result = state.set_blocked(uid, action == "block")
        else:
            builder = getattr(self, f"_content_{action}", None)
            if builder is None:
                raise ControlError(f"unknown action {action!r}", 404)
            result = state.user_message(uid, builder(uid, data), reply_to)
        self.write_json(result)

    def _upload(self, data: dict[str, Any], default_name: str) -> tuple[bytes, str, str | None]:
        upload = self.request.files.get("file")
        if upload:
            file = upload[0]
            return file.body, file.filename or default_name, file.content_type or None
        if "data_b64" not in data:
            raise ControlError("send the file as multipart field 'file' or as JSON data_b64")
        try:
            raw = base64.b64decode(data["data_b64"], validate=True)
        except ValueError:
            raise ControlError("data_b64 is not base64") from None
        return raw, data.get("file_name") or default_name, data.get("mime_type")

    def _caption(self, data: dict[str, Any]) -> dict[str, Any]:
        caption = data.get("caption")
        if not caption:
            return {}
        content: dict[str, Any] = {"caption": caption}
        entities = formatting.detect_entities(caption)
        if entities:
            content["caption_entities"] = entities
        return content

    def _content_text(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        return self.server.state.text_content(str(data.get("text") or ""))

    def _content_contact(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        user = self.server.state.user_view(uid)
        own = "user_id" not in data or data.get("user_id") in (uid, str(uid))
        phone = data.get("phone_number") or (user["phone"] if own else None)
        if not phone:
            raise ControlError(f"phone_number is required (user {uid} has no phone set)")
        contact: dict[str, Any] = {
            "phone_number": str(phone),
            "first_name": data.get("first_name") or (user["first_name"] if own else "Contact"),
        }
        last_name = (
            data.get("last_name") if "last_name" in data else (user["last_name"] if own else None)
        )
        if last_name:
            contact["last_name"] = last_name
        if "user_id" not in data:
            contact["user_id"] = uid
        elif data["user_id"] not in (None, ""):
            contact["user_id"] = int(data["user_id"])
        if data.get("vcard"):
            contact["vcard"] = data["vcard"]
        return {"contact": contact}

    def _content_photo(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        raw, name, ctype = self._upload(data, "photo.jpg")
        state = self.server.state
        as_document = str(data.get("as_document", "")).lower() in {"true", "1", "yes"}
        if not as_document:
            return {"photo": state.photo_sizes(raw), **self._caption(data)}
        if not ctype:
            ctype = mimetypes.guess_type(name)[0] or _sniff_image_type(raw)
        return self._document(raw, name, ctype, data)

    def _content_document(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        raw, name, ctype = self._upload(data, "document.bin")
        return self._document(raw, name, ctype, data)

    def _document(
        self, raw: bytes, name: str, ctype: str | None, data: dict[str, Any]
    ) -> dict[str, Any]:
        record = self.server.state.store_file(raw, name, ctype)
        document = {**record.meta(), "file_name": name, "mime_type": record.mime_type}
        return {"document": document, **self._caption(data)}

    def _content_sticker(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        record = self.server.state.store_file(_sticker_bytes(), "sticker.webp", "image/webp")
        sticker = {
            **record.meta(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": data.get("emoji") or "👍",
            "set_name": "SandboxStickers",
        }
        return {"sticker": sticker}

    def _content_voice(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        duration = int(data.get("duration") or 2)
        record = self.server.state.store_file(
            b"OggS\x00\x02" + bytes(2000 * duration), "voice.ogg", "audio/ogg"
        )
        return {"voice": {**record.meta(), "duration": duration, "mime_type": "audio/ogg"}}

    def _content_location(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        latitude, longitude = _number(data, "latitude"), _number(data, "longitude")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ControlError("latitude must be in -90..90 and longitude in -180..180")
        return {"location": {"latitude": latitude, "longitude": longitude}}

    def _content_animation(self, uid: int, data: dict[str, Any]) -> dict[str, Any]:
        raw = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(4000)
        record = self.server.state.store_file(raw, "animation.mp4", "video/mp4")
        base = {**record.meta(), "file_name": "animation.mp4", "mime_type": "video/mp4"}
        animation = {**base, "width": 320, "height": 240, "duration": 2}
        # Telegram sends GIFs as MPEG-4 animations and repeats them as `document`.
        return {"animation": animation, "document": base, **self._caption(data)}


def _sticker_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((32, 32, 480, 480), fill=(255, 200, 40, 255))
    buffer = io.BytesIO()
    try:
        image.save(buffer, "WEBP")
    except (KeyError, OSError):
        image.save(buffer, "PNG")
    return buffer.getvalue()


class ChatHandler(ControlHandler):
    """GET /control/users/<id>/chat?after=SEQ&timeout=S&full=0|1, long-polled."""

    async def get(self, user_id: str) -> None:
        uid = int(user_id)
        after = self.get_argument("after", None)
        after_seq = int(after) if after not in (None, "") else None
        timeout = min(float(self.get_argument("timeout", "0") or 0), MAX_LONG_POLL)
        full = self.get_argument("full", "1") not in ("0", "false")
        if after_seq is not None and timeout > 0:
            await self.server.wait_for_chat(uid, after_seq, timeout)
        self.write_json(self.server.state.chat_view(uid, after_seq, full))


class UserCommandsHandler(ControlHandler):
    def get(self, user_id: str) -> None:
        self.write_json(self.server.state.resolved_commands(int(user_id)))


class CommandsHandler(ControlHandler):
    """GET /control/commands: every setMyCommands registration, or one scope's list."""

    def get(self) -> None:
        state = self.server.state
        scope = self.get_argument("scope", None)
        if scope is None:
            self.write_json(state.command_registrations())
            return
        parsed: Any = scope
        if scope.startswith("{"):
            try:
                parsed = json.loads(scope)
            except ValueError:
                raise ControlError("scope is not JSON") from None
        self.write_json(state.get_commands(parsed, self.get_argument("language_code", "")))


class FaultsHandler(ControlHandler):
    """Inject Bot API failures per method: 429 with retry_after, 5xx, or slow answers."""

    def get(self) -> None:
        self.write_json(self.server.state.list_faults())

    def post(self) -> None:
        data = self.body()
        count = data.get("count", 1)
        fault = self.server.state.add_fault(
            method=str(data.get("method") or "*"),
            kind=str(data.get("kind") or ""),
            count=None if count in (None, "") else int(count),
            retry_after=int(data.get("retry_after") or 1),
            delay=None if data.get("delay") in (None, "") else float(data["delay"]),
        )
        self.write_json(fault.view())

    def delete(self) -> None:
        removed = self.server.state.clear_faults(self.get_argument("method", None))
        self.write_json({"removed": removed})


class CallsHandler(ControlHandler):
    def get(self) -> None:
        self.write_json(self.server.state.list_calls(self.get_argument("method", None)))


class StatusHandler(ControlHandler):
    def get(self) -> None:
        state = self.server.state
        self.write_json(
            {
                "bot": state.bot_user(),
                "webhook": state.webhook_info(),
                "pending_updates": state.pending_update_count(),
                "users": len(state.users),
                "seq": state.seq,
            }
        )


class StateHandler(ControlHandler):
    def delete(self) -> None:
        self.server.state.reset()
        self.write_json({"reset": True})


class ControlFileHandler(ControlHandler):
    """Files by file_id for the page and the client, without needing the bot's token."""

    def get(self, file_id: str) -> None:
        record = self.server.state.file_by_id(file_id)
        if record is None:
            raise ControlError(f"no file {file_id}", 404)
        self.set_header("Content-Type", record.mime_type)
        if self.get_argument("download", None):
            safe = record.file_name.replace('"', "")
            self.set_header("Content-Disposition", f'attachment; filename="{safe}"')
        self.finish(record.data)


class PageHandler(LocalOnly):
    def get(self) -> None:
        # HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it
        self.set_cookie(
            token_cookie(self.server.port), self.server.control_token, httponly=True,
            samesite="Strict", path="/",
        )  # fmt: skip
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(PAGE.read_bytes())


class HealthHandler(BaseHandler):
    def get(self) -> None:
        self.write_json({"ok": True})


# --- the server ----------------------------------------------------------------------------------


class SandboxServer:
    """The sandbox on a background IOLoop thread; `with SandboxServer() as s:` starts and stops."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.state = SandboxState()
        self.api = BotApi(self)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._http: HTTPServer | None = None
        self._closing = False
        self._conditions: dict[str, tornado.locks.Condition] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._poller = 0
        self.control_token = secrets.token_urlsafe(24)  # new every run: see the control API

    # URLs
    @property
    def url(self) -> str:
        host = self.host if self.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + "/bot"

    def foreign(self, host: str, origin: str | None) -> str | None:
        """Why a request's Host or Origin is not this sandbox on this machine, or None."""
        names = {"127.0.0.1", "localhost", "[::1]"}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(f"[{self.host}]" if ":" in self.host else self.host)
        allowed = {f"{name}:{self.port}" for name in names}
        if host.lower() not in allowed:
            return f"Host {host!r} is not this sandbox (127.0.0.1:{self.port})"
        if origin is not None and origin.lower() not in {f"http://{a}" for a in allowed}:
            return f"Origin {origin!r} is another site"
        return None

    @property
    def file_url(self) -> str:
        return self.url + "/file/bot"

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _app(self) -> tornado.web.Application:
        kw = {"server": self}
        user = r"/control/users/(\d+)"
        return tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z_]+)/?", BotApiHandler, kw),
                (r"/file/bot([^/]+)/(.+)", FileHandler, kw),
                (r"/control/presets", PresetsHandler, kw),
                (r"/control/users/?", UsersHandler, kw),
                (user + r"/?", UserHandler, kw),
                (user + r"/chat", ChatHandler, kw),
                (user + r"/commands", UserCommandsHandler, kw),
                (user + r"/([a-z_]+)", UserActionHandler, kw),
                (r"/control/commands", CommandsHandler, kw),
                (r"/control/faults", FaultsHandler, kw),
                (r"/control/calls", CallsHandler, kw),
                (r"/control/status", StatusHandler, kw),
                (r"/control/state", StateHandler, kw),
                (r"/control/files/([^/]+)", ControlFileHandler, kw),
                (r"/health", HealthHandler, kw),
                (r"/", PageHandler, kw),
            ],
            log_function=_log_request,
        )

    def start(self) -> SandboxServer:
        """Bind (port 0 picks a free one), start the IOLoop thread, return once listening."""
        if self._thread is not None:
            return self
        sockets = tornado.netutil.bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._setup(sockets))
            except BaseException as exc:  # pragma: no cover - surfaced to start()
                failure.append(exc)
                ready.set()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.close()

        self._closing = False
        self._thread = threading.Thread(target=run, name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            self._thread = None
            raise RuntimeError(f"sandbox failed to start: {failure[0]!r}") from failure[0]
        return self

    async def _setup(self, sockets: list[Any]) -> None:
        loop = asyncio.get_running_loop()
        self._conditions = {
            name: tornado.locks.Condition() for name in ("updates", "chats", "webhook")
        }

        def listener(topic: str) -> None:
            targets = ["updates", "webhook"] if topic == "updates" else [topic]
            for name in targets:
                condition = self._conditions.get(name)
                if condition is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(condition.notify_all)

        self.state.add_listener(listener)
        self._http = HTTPServer(self._app(), max_body_size=60 * 1024 * 1024, xheaders=False)
        self._http.add_sockets(sockets)
        self._spawn(self._webhook_pump())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def stop(self) -> None:
        """Stop listening, release waiting long polls, end the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._closing = True
        try:
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            future.result(timeout=5)
        except Exception:  # pragma: no cover - best effort
            log.debug("sandbox shutdown was not clean", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        self._thread = None
        self._loop = None

    async def _shutdown(self) -> None:
        if self._http is not None:
            self._http.stop()
        for condition in self._conditions.values():
            condition.notify_all()
        await asyncio.sleep(0)
        if self._http is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._http.close_all_connections(), timeout=2)

    # --- waiting -------------------------------------------------------------------------------

    async def long_poll_updates(
        self, offset: int | None, limit: int, timeout: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates: answer at once when there is something, else hold up to `timeout`."""
        self._poller += 1
        me = self._poller
        condition = self._conditions["updates"]
        condition.notify_all()  # an older poller learns that it was replaced
        deadline = time.monotonic() + timeout
        first = True
        while True:
            if self._poller != me:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            result = self.state.take_updates(offset, limit, allowed if first else None)
            first = False
            remaining = deadline - time.monotonic()
            if result or remaining <= 0 or self._closing:
                return result
            await condition.wait(timeout=timedelta(seconds=remaining))

    async def wait_for_chat(self, user_id: int, after: int, timeout: float) -> None:
        condition = self._conditions["chats"]
        deadline = time.monotonic() + timeout
        while not self._closing and not self.state.has_events_after(user_id, after):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await condition.wait(timeout=timedelta(seconds=remaining))

    # --- webhook pushes --------------------------------------------------------------------------

    async def _webhook_pump(self) -> None:
        condition = self._conditions["webhook"]
        while not self._closing:
            hook, ready = self.state.webhook_take()
            for update in ready:
                self._spawn(self._deliver(hook, update))
            await condition.wait(timeout=timedelta(seconds=1))

    async def _deliver(self, hook: Webhook, update: Update) -> None:
        """POST one update; retry with backoff; one at a time per chat keeps a chat in order."""
        client = tornado.httpclient.AsyncHTTPClient()
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        body = json.dumps(update.tg(), ensure_ascii=False)
        delivered = False
        for attempt in range(len(WEBHOOK_BACKOFF) + 1):
            if self._closing:
                break
            if self.state.webhook is not hook:  # the webhook changed: send it the new way
                self.state.requeue(update)
                break
            try:
                response = await client.fetch(
                    hook.url,
                    method="POST",
                    body=body,
                    headers=headers,
                    connect_timeout=5,
                    request_timeout=15,
                    raise_error=False,
                )
            except Exception as exc:
                error = f"Connection error: {exc}"
            else:
                if 200 <= response.code < 300:
                    delivered = True
                    break
                error = f"Wrong response from the webhook: {response.code} {response.reason}"
            self.state.webhook_error(hook, error)
            log.debug("webhook push of update %s failed: %s", update.update_id, error)
            if attempt < len(WEBHOOK_BACKOFF):
                await asyncio.sleep(WEBHOOK_BACKOFF[attempt])
        self.state.webhook_done(hook, update, delivered)


def serve_forever(host: str = "127.0.0.1", port: int = 8081) -> None:
    """Run the sandbox in the foreground until Ctrl-C (the `capture-bot sandbox` command)."""
    server = SandboxServer(host, port).start()
    print(f"Telegram sandbox on {server.url}", flush=True)
    print(f"  chat page:     {server.url}/", flush=True)
    print(f"  bot API URL:   {server.api_url}   (any token like 123456:anything)", flush=True)
    print(f"  file API URL:  {server.file_url}", flush=True)
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        # Containers and process managers stop services with SIGTERM, people with Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(3600):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("Telegram sandbox stopped", flush=True)


def _sniff_image_type(raw: bytes) -> str:
    """Telegram passes documents through untouched: never decode them (bombs, broken files)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(raw)) as image:
            return f"image/{(image.format or 'jpeg').lower()}"
    except Exception:  # any file a user may upload, however broken
        return "image/jpeg"
