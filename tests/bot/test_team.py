"""/team for a team bigger than one Telegram message: paged, searchable, every page within
Telegram's limits (4,096 characters, 100 buttons), through the real core and database."""

from __future__ import annotations

from bot import flow
from bot.core import Actor, Core
from bot.i18n import t
from bot.replies import Action, Outcome
from bot.team import TEAM_PAGE
from storage import repo
from storage.db import session_scope
from tests.bot.conftest import MANAGER, REP, Chat

TEAM = 45  # reps besides the fixture's rep: three pages with the manager and that rep


def _team(core: Core, user_id: int, event: flow.Command | flow.Press) -> Outcome:
    return core.handle(Actor(user_id, "Boss", None, "en"), event)


def _make_team(core: Core) -> None:
    with session_scope(core.engine) as s:
        for k in range(TEAM):
            user_id = 10_000 + k
            repo.set_role(s, user_id, "rep", actor_id=None)
            member = repo.get_user(s, user_id)
            assert member is not None
            member.first_name = f"Rep {k:02d}"
            s.add(member)


def _buttons(outcome: Outcome) -> list[tuple[str, str, str]]:
    return [(b.label, b.action, b.arg) for r in outcome.replies for row in r.buttons for b in row]


def test_a_big_team_is_paged_within_telegrams_limits(sqlite_core: Core) -> None:
    _make_team(sqlite_core)
    total = TEAM + 2  # the rep and the manager of the fixture
    first = _team(sqlite_core, MANAGER, flow.Command("team"))
    text = first.replies[0].text
    assert text.startswith(f"The team ({total}), 1–{TEAM_PAGE}:")
    assert len(text.splitlines()) >= TEAM_PAGE + 1 and len(text) <= 4096
    buttons = _buttons(first)
    assert len(buttons) <= 100
    assert ("Next ▶", Action.TEAM, "1") in buttons
    assert not any(action == Action.TEAM and arg == "-1" for _, action, arg in buttons)
    # a manager manages the page's reps: one disable button each, none for themselves
    toggles = [arg for _, action, arg in buttons if action == Action.DISABLE_MEMBER]
    assert 0 < len(toggles) <= TEAM_PAGE and str(MANAGER) not in toggles

    seen: list[str] = []
    page, outcome = 0, first
    while True:
        lines = outcome.replies[0].text.splitlines()[1:]
        seen += [line for line in lines if " — " in line]
        nxt = [arg for _, action, arg in _buttons(outcome) if action == Action.TEAM
               and int(arg) > page]  # fmt: skip
        if not nxt:
            break
        page = int(nxt[0])
        outcome = _team(sqlite_core, MANAGER, flow.Press(Action.TEAM, nxt[0]))
    # every member exactly once over the pages, the last page says where it ends
    assert len(seen) == total and len(set(seen)) == total
    assert outcome.replies[0].text.startswith(f"The team ({total}), 41–{total}:")
    assert ("◀ Previous", Action.TEAM, "1") in _buttons(outcome)


def test_a_member_is_found_by_name_or_id(sqlite_core: Core) -> None:
    _make_team(sqlite_core)
    found = _team(sqlite_core, MANAGER, flow.Command("team", "rep 07")).replies[0].text
    assert found.splitlines()[0] == "The team, matching “rep 07” (1):"
    assert "Rep 07 (id 10007) — sales rep" in found
    by_id = _team(sqlite_core, MANAGER, flow.Command("team", "10044")).replies[0].text
    assert "Rep 44 (id 10044)" in by_id and "Rep 04 " not in by_id
    # many matches: one page of them and how many more, no paging buttons for a search
    many = _team(sqlite_core, MANAGER, flow.Command("team", "Rep"))
    assert f"…and {TEAM - TEAM_PAGE} more" in many.replies[0].text
    assert not any(action == Action.TEAM for _, action, _ in _buttons(many))
    nobody = _team(sqlite_core, MANAGER, flow.Command("team", "Zed")).replies[0].text
    assert nobody == "No team member matches “Zed”. /team lists everyone."


def test_forged_or_stale_pages_change_nothing(sqlite_core: Core) -> None:
    _make_team(sqlite_core)
    forged = _team(sqlite_core, MANAGER, flow.Press(Action.TEAM, "x1")).replies[0].text
    assert forged == t("en", "button.stale_ended")
    # a page past the end (the team shrank since): the last page
    late = _team(sqlite_core, MANAGER, flow.Press(Action.TEAM, "99")).replies[0].text
    assert late.startswith(f"The team ({TEAM + 2}), 41–{TEAM + 2}:")
    # a rep may not page through the team
    refused = _team(sqlite_core, REP, flow.Press(Action.TEAM, "1")).replies[0].text
    assert refused == t("en", "role.not_allowed")


def test_reassign_to_the_same_member_says_so(sqlite_core: Core) -> None:
    """QA: /reassign 5 5 answered "Moved 0 leads from 5 to 5"."""
    said = _team(sqlite_core, MANAGER, flow.Command("reassign", f"{REP} {REP}")).replies
    assert [r.text for r in said] == [t("en", "team.reassign_same", id=REP)]


def test_a_role_link_never_lowers_anyone(sqlite_core: Core) -> None:
    admin = 1
    with session_scope(sqlite_core.engine) as s:
        repo.set_role(s, admin, "admin", actor_id=None)
    sqlite_core.admin_ids = frozenset({admin})

    def link(who: int, role: str) -> str:
        return Chat(sqlite_core, who).command("invite", role).split("start=")[1].split()[0]

    rep_link, manager_link = link(MANAGER, "rep"), link(admin, "manager")
    opened = [(MANAGER, rep_link, "manager"), (REP, rep_link, "rep"),
              (admin, manager_link, "admin"), (admin, rep_link, "admin")]  # fmt: skip
    for who, token, role in opened:
        assert Chat(sqlite_core, who).command("start", token) == t("en", f"team.already_{role}")
        with session_scope(sqlite_core.engine) as s:
            user = repo.get_user(s, who)
            assert user is not None and user.role == role
            invite = repo.get_invite(s, token)
            assert invite is not None and invite.used_at is None  # still for whom it was meant
    assert "You are now a manager" in Chat(sqlite_core, REP).command("start", manager_link)
    assert "You are now a sales rep" in Chat(sqlite_core, 9100).command("start", rep_link)
