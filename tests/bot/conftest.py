"""Shared fixtures for the core's tests: the real core on a SQLite file of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot import contacts, customers, flow, registry
from bot.config import load_settings
from bot.core import Actor, Core
from bot.replies import Outcome
from storage import repo
from storage.db import make_engine, migrate, session_scope


@pytest.fixture
def sqlite_core(tmp_path: Path) -> Core:
    """A migrated SQLite database with a manager (`MANAGER`) and a rep (`REP`), and its core."""
    settings = load_settings(capture_data_dir=tmp_path, capture_secret_key="k" * 32)
    engine = make_engine(f"sqlite:///{tmp_path / 'capture.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        repo.set_role(s, MANAGER, "manager", actor_id=None)
        repo.set_role(s, REP, "rep", actor_id=None)
    return Core(settings, engine)


# --- the core driven as users drive it (tests of write paths, erasure, roles) ----------------

MANAGER, REP, CUSTOMER = 2, 3, 7000  # CUSTOMER: a customer's Telegram id
FIELDS = registry.Registry().editable  # the built-in fields
# Sample values every validator accepts as they are (already normalized), two per field.
VALUES: dict[str, tuple[str, str]] = {
    "name": ("Zhang Wei", "Maria García"),
    "phone": ("+8613800138000", "+14155552671"),
    "email": ("zhang.wei@example.org", "maria@contoso.net"),
    "wechat": ("zhangwei_88", "+14155552671"),
    "company": ("Acme Trading Ltd", "上海华信有限公司"),
    "title": ("Purchasing Manager", "销售总监"),
    "notes": ("INTERNAL: slow payer", "Met at the Canton Fair"),
    "website": ("https://www.acme.example", "https://contoso.example"),
    "address": ("88 Century Avenue, Pudong, Shanghai", "1 Main Street, Springfield, IL 62701"),
}
CLEARABLE = ("wechat", "company", "title", "notes", "website", "address")

# A deployment's own fields, as the issue that asked for them describes: a picklist, a date and a
# staff-only URL; and company made required.
CUSTOM_FIELDS_TOML = """
[fields.industry]
type = "choice"
label = { en = "Industry", zh = "行业" }
question = { en = "Which industry is the company in?", zh = "公司属于哪个行业？" }
choices = [
  { value = "retail", en = "Retail", zh = "零售" },
  { value = "finance", en = "Finance", zh = "金融" },
  { value = "manufacturing", en = "Manufacturing", zh = "制造业" },
]
searchable = true

[fields.next_followup]
type = "date"
label = { en = "Next follow-up", zh = "下次跟进" }
asked = false

[fields.linkedin]
type = "url"
label = { en = "LinkedIn", zh = "领英" }
staff_only = true
"""
CUSTOM_VALUES: dict[str, tuple[str, str]] = {
    "industry": ("retail", "manufacturing"),
    "next_followup": ("2027-03-12", "2027-01-05"),
    "linkedin": ("https://linkedin.com/in/zhangwei", "https://linkedin.com/in/maria"),
}


@pytest.fixture
def custom_fields() -> Iterator[registry.Registry]:
    """The three custom fields above in force for one test (and the built-ins as they are)."""
    fields = registry.parse(CUSTOM_FIELDS_TOML, "test fields")
    previous = registry.configure(fields)
    try:
        yield fields
    finally:
        registry.configure(previous)


@pytest.fixture
def core(engine: Engine, tmp_path: Path) -> Core:
    app_settings = load_settings(capture_data_dir=tmp_path, capture_secret_key="k" * 32)
    with session_scope(engine) as s:
        repo.set_role(s, MANAGER, "manager", actor_id=None)
        repo.set_role(s, REP, "rep", actor_id=None)
    return Core(app_settings, engine)


class Chat:
    """One user talking to the real core, the way the handlers feed it."""

    def __init__(self, core: Core, user_id: int, lang: str = "en") -> None:
        self.core, self.actor = core, Actor(user_id, "Tester", None, lang)

    def send(self, event: Any) -> str:
        outcome: Outcome = self.core.handle(self.actor, event)
        return "\n".join(r.text for r in outcome.replies)

    def text(self, text: str) -> str:
        return self.send(flow.Text(text))

    def command(self, name: str, arg: str = "") -> str:
        return self.send(flow.Command(name, arg))

    def state(self) -> dict[str, Any] | None:
        with session_scope(self.core.engine) as s:
            return repo.load_conversation(s, self.actor.user_id)

    def press(self, action: str, arg: str = "") -> str:
        state = self.state() or {}
        return self.send(flow.Press(action, arg, state.get("rev")))

    def menu(self, action: str, arg: str = "") -> str:
        return self.send(flow.Press(action, arg, None))

    def buttons(self, event: Any) -> list[tuple[str, str]]:
        outcome = self.core.handle(self.actor, event)
        return [(b.action, b.arg) for r in outcome.replies for row in r.buttons for b in row]

    def change(self, field: str, value: str | None) -> str:
        """From the edit menu: pick the field, answer it (None: clear it), back at the summary."""
        self.press("field", field)
        said = self.command("skip") if value is None else self.text(value)
        self.press("edit")  # back to the menu for the next field
        return said

    def save(self) -> str:
        self.press("summary")
        said = self.press("save")
        if (self.state() or {}).get("step") == "duplicate":
            said = self.press("save_anyway")
        return said


def add_contact(core: Core, values: dict[str, str], *, owner: int = REP, **extra: Any) -> int:
    with session_scope(core.engine) as s:
        contact = contacts.create(s, values, owner_id=owner, source="card", actor_id=owner)
        for key, value in extra.items():
            setattr(contact, key, value)
        s.add(contact)
        s.flush()
        return contact.id or 0


def fields_of(engine: Engine, contact_id: int) -> dict[str, str | None]:
    """Every field in force (custom ones included) as stored."""
    with session_scope(engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        return {f: contact.value(f) for f in registry.current().editable}


def link_customer(core: Core, contact_id: int, user_id: int = CUSTOMER) -> None:
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        repo.set_role(s, user_id, "customer", actor_id=None)
        customers.link_customer(s, core.settings, contact, user_id)


def manager_merges(core: Core, keep: int, other: int) -> str:
    """A manager presses Merge on the pair's alert and keeps `keep`, and its value on each
    conflict; what the last press answered."""
    with session_scope(core.engine) as s:
        candidate = repo.add_candidate(s, keep, other, 0.9, "name")
        assert candidate is not None
        cid = candidate.id
    manager = Chat(core, MANAGER)
    press = flow.Press("dmerge", str(cid))
    while True:
        outcome = core.handle(manager.actor, press)
        buttons = [b for r in outcome.replies for row in r.buttons for b in row]
        mine = [b for b in buttons if b.action in ("dkeep", "dval") and b.arg.endswith(f":{keep}")]
        if not mine:
            return "\n".join(r.text for r in outcome.replies)
        press = flow.Press(mine[0].action, mine[0].arg)


def imported_id(core: Core, csv: str, external_id: str) -> int:
    """Import a CSV through the real importer; the id of the row with `external_id`."""
    from bot.importer import import_rows, parse_csv

    import_rows(core.engine, parse_csv(csv), region="CN")
    with session_scope(core.engine) as s:
        contact = repo.get_contact_by_external_id(s, external_id)
        assert contact is not None
        return contact.id or 0
