"""Telegram's text formatting rules, so the sandbox rejects what Telegram would reject.

Real Telegram strips HTML/Markdown markup and returns plain text plus entities, and answers
"can't parse entities" for markup it does not accept (an unescaped `<` in a customer's name, a `.`
in MarkdownV2). A stand-in that stored the raw markup would hide both kinds of bug.
Entity offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024


class EntityParseError(ValueError):
    """The markup is not accepted; the message is Telegram's `Bad Request: ...` description."""


def utf16_len(text: str) -> int:
    """Bot API offsets count UTF-16 code units: emoji and some CJK count twice."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _fail(message: str) -> EntityParseError:
    return EntityParseError(f"Bad Request: can't parse entities: {message}")


def parse(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Turn text in `parse_mode` into (plain text, entities) like the Bot API does."""
    mode = (parse_mode or "").strip().lower()
    if not mode:
        return text, []
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown(text, v2=True)
    if mode == "markdown":
        return _parse_markdown(text, v2=False)
    raise EntityParseError(f"Bad Request: unsupported parse_mode {parse_mode!r}")


class _Builder:
    """Accumulates plain text and tracks UTF-16 positions for entity offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


# --- HTML --------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")


def _unescape(raw: str) -> str:
    def repl(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("#x"):
            return chr(int(body[2:], 16))
        if body.startswith("#"):
            return chr(int(body[1:]))
        return _NAMED.get(body.lower(), match.group(0))

    return _ENTITY.sub(repl, raw)


def _parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    out = _Builder()
    stack: list[tuple[str, int, dict[str, Any], int]] = []  # tag, start, extra, source index
    i = 0
    while i < len(source):
        lt = source.find("<", i)
        if lt < 0:
            out.add(_unescape(source[i:]))
            break
        if lt > i:
            out.add(_unescape(source[i:lt]))
        match = _TAG.match(source, lt)
        if not match:
            following = source[lt + 1 : lt + 2] or "end of text"
            raise _fail(
                f'Unsupported start tag "{following}" at byte offset {_byte_offset(source, lt)}'
            )
        closing, name, attrs, _selfclose = match.groups()
        name = name.lower()
        if closing:
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {_byte_offset(source, lt)}")
            open_name, start, extra, _ = stack.pop()
            if open_name != name:
                raise _fail(
                    f"Unmatched end tag at byte offset {_byte_offset(source, lt)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            kind = _HTML_TAGS[open_name]
            if open_name == "code" and stack and stack[-1][0] == "pre":
                language = extra.get("language")
                if language:
                    stack[-1][2]["language"] = language
                # code inside pre only names the language
            elif open_name == "blockquote" and extra.pop("expandable", False):
                out.entity("expandable_blockquote", start)
            else:
                out.entity(kind, start, **extra)
        else:
            if name not in _HTML_TAGS:
                raise _fail(
                    f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, lt)}'
                )
            parsed = {
                m.group(1).lower(): _unescape(m.group(2) or m.group(3) or m.group(4) or "")
                for m in _ATTR.finditer(attrs or "")
            }
            extra = {}
            if name == "span" and parsed.get("class") != "tg-spoiler":
                raise _fail(
                    f'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(source, lt)}"
                )
            if name == "a":
                extra["url"] = parsed.get("href", "")
            if name == "code" and parsed.get("class", "").startswith("language-"):
                extra["language"] = parsed["class"][len("language-") :]
            if name == "tg-emoji":
                extra["custom_emoji_id"] = parsed.get("emoji-id", "")
            if name == "blockquote" and "expandable" in (attrs or ""):
                extra["expandable"] = True
            stack.append((name, out.pos, extra, lt))
        i = match.end()
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


# --- Markdown ------------------------------------------------------------------------------------

_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")


def _parse_markdown(source: str, *, v2: bool) -> tuple[str, list[dict[str, Any]]]:
    out = _Builder()
    open_: dict[str, tuple[int, int]] = {}  # kind -> (utf16 start, source index)
    link_stack: list[tuple[int, int]] = []
    quote_start: int | None = None
    i = 0
    n = len(source)

    def err_reserved(ch: str) -> EntityParseError:
        return _fail(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")

    def toggle(kind: str, at: int) -> None:
        if kind in open_:
            start, _ = open_.pop(kind)
            out.entity(kind, start)
        else:
            open_[kind] = (out.pos, at)

    while i < n:
        ch = source[i]
        at_line_start = i == 0 or source[i - 1] == "\n"
        if v2 and at_line_start:
            if ch == ">":
                if quote_start is None:
                    quote_start = out.pos
                i += 1
                continue
            if quote_start is not None:
                out.entity("blockquote", quote_start)
                quote_start = None
        if ch == "\\" and (v2 or (i + 1 < n and source[i + 1] in "_*`[")):
            if i + 1 >= n:
                raise _fail(f"Character '\\' is reserved at byte offset {_byte_offset(source, i)}")
            out.add(source[i + 1])
            i += 2
            continue
        if ch == "`":
            fence = source.startswith("```", i)
            end_marker = "```" if fence else "`"
            body_start = i + len(end_marker)
            language = ""
            if fence:
                newline = source.find("\n", body_start)
                first_line = source[body_start:newline] if newline >= 0 else ""
                if newline >= 0 and re.fullmatch(r"[\w+#-]*", first_line):
                    language = first_line
                    body_start = newline + 1
            j = body_start
            chunk: list[str] = []
            while j < n and not source.startswith(end_marker, j):
                if v2 and source[j] == "\\" and j + 1 < n:
                    chunk.append(source[j + 1])
                    j += 2
                    continue
                chunk.append(source[j])
                j += 1
            if j >= n:
                offset = _byte_offset(source, i)
                raise _fail(f"Can't find end of the entity starting at byte offset {offset}")
            start = out.pos
            out.add("".join(chunk))
            if fence:
                out.entity("pre", start, **({"language": language} if language else {}))
            else:
                out.entity("code", start)
            i = j + len(end_marker)
            continue
        if ch == "[":
            if v2:
                link_stack.append((out.pos, i))
                i += 1
                continue
            legacy = re.compile(r"\[([^\]]*)\]\(([^)]*)\)").match(source, i)
            if legacy:
                start = out.pos
                out.add(legacy.group(1))
                out.entity("text_link", start, url=legacy.group(2))
                i = legacy.end()
                continue
        if ch == "]" and link_stack:
            start, src = link_stack.pop()
            if i + 1 < n and source[i + 1] == "(":
                close = i + 2
                url: list[str] = []
                while close < n and source[close] != ")":
                    if source[close] == "\\" and close + 1 < n:
                        url.append(source[close + 1])
                        close += 2
                        continue
                    url.append(source[close])
                    close += 1
                if close >= n:
                    raise _fail(
                        f"Can't find end of a url at byte offset {_byte_offset(source, i + 1)}"
                    )
                out.entity("text_link", start, url="".join(url))
                i = close + 1
                continue
            if v2:
                raise err_reserved("]")
            i += 1
            continue
        if ch == "*":
            toggle("bold", i)
            i += 1
            continue
        if ch == "_":
            if (
                v2
                and source.startswith("__", i)
                and ("italic" not in open_ or "underline" in open_)
            ):
                toggle("underline", i)
                i += 2
                continue
            toggle("italic", i)
            i += 1
            continue
        if v2 and ch == "~":
            toggle("strikethrough", i)
            i += 1
            continue
        if v2 and ch == "|" and source.startswith("||", i):
            toggle("spoiler", i)
            i += 2
            continue
        if v2 and ch in _V2_RESERVED:
            raise err_reserved(ch)
        out.add(ch)
        i += 1
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    if link_stack and v2:
        raise _fail(
            "Can't find end of the entity starting at byte offset "
            f"{_byte_offset(source, link_stack[-1][1])}"
        )
    if open_:
        _start, src = min(open_.values(), key=lambda v: v[1])
        raise _fail(
            f"Can't find end of the entity starting at byte offset {_byte_offset(source, src)}"
        )
    return out.result()


# --- Entities Telegram detects in what users type -----------------------------------------------

_DETECT = [
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("url", re.compile(r"(?<![\w@])(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s]*)?")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#\w+")),
]


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a user's message; CommandHandler needs bot_command at offset 0."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DETECT:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url" and "." not in match.group(0):
                continue
            if any(start < t_end and end > t_start for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append((start, end, kind))
    found.sort()
    return [
        {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        for start, end, kind in found
    ]
