"""A local stand-in for the Telegram Bot API (no internet here) and a client that plays users."""

from bot.sandbox.client import BotMessage, SandboxClient, SandboxUser
from bot.sandbox.server import SandboxServer, serve_forever

__all__ = ["BotMessage", "SandboxClient", "SandboxServer", "SandboxUser", "serve_forever"]
