"""Data flows one way: handlers/ → bot/ → storage/, ocr/, sandbox/. A test keeps it so.

bot/ is the core and may be used without Telegram's adapters (the CLI's admin commands, the
benches); storage/, ocr/ and the sandbox are leaves that know nothing of the product above them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each package, and which of our packages it may import.
ALLOWED = {
    "handlers": {"bot", "storage"},
    "bot": {"storage", "ocr", "sandbox"},
    "storage": set(),
    "ocr": set(),
    "sandbox": set(),
}


def imports_of(package: str) -> dict[str, set[str]]:
    """Our packages each of `package`'s modules imports (lazy imports inside functions too)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in ALLOWED and top != package:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_package_imports_only_the_layers_below_it() -> None:
    wrong = {
        f"{package} imports {other}: {sorted(files)}"
        for package, allowed in ALLOWED.items()
        for other, files in imports_of(package).items()
        if other not in allowed
    }
    assert not wrong, "\n".join(sorted(wrong))


def test_the_check_sees_imports_at_all() -> None:
    """Guards the test above from passing because it reads nothing."""
    assert "bot" in imports_of("handlers")
    assert "storage" in imports_of("bot")
