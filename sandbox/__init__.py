"""A local stand-in for the Telegram Bot API (no internet here) and a client that plays users."""

from sandbox.client import BotMessage, SandboxClient, SandboxUser
from sandbox.server import SandboxServer, serve_forever

__all__ = ["BotMessage", "SandboxClient", "SandboxServer", "SandboxUser", "serve_forever"]
