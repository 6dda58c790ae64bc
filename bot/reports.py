"""Managers get the data out in the chat: /export as a file, /stats as a chart.

The core decides who may export what (`export_request`, inside the update's transaction); the
handler then runs `build_export` in a worker thread, outside any transaction, and sends the
files it wrote. Reading 10^5 contacts takes seconds, which must neither block the event loop nor
hold SQLite's writer lock.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, case, distinct, func
from sqlmodel import col, select

from bot import customers
from bot.export import ExportTooLarge, columns_for, write_parts
from bot.i18n import t
from bot.replies import Outcome, Reply
from bot.roles import SEES_ALL, is_staff, visible_owner
from storage import repo
from storage.db import read_scope, session_scope
from storage.files import private_dirs
from storage.models import Consent, Contact, DuplicateCandidate, Invite, utcnow

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core import Turn

CHAT_FORMATS = {"": "xlsx", "xlsx": "xlsx", "excel": "xlsx", "csv": "csv", "vcf": "vcf",
                "vcard": "vcf", "json": "json"}  # fmt: skip


@dataclass(frozen=True)
class ExportJob:
    """One user's export: what to write, of whose leads, and in which language to say so."""

    user_id: int
    fmt: str
    owner_id: int | None  # None: every owner's leads
    staff: bool  # staff-only fields included
    lang: str


@dataclass
class ExportResult:
    job: ExportJob
    rows: int = 0
    parts: list[Path] = field(default_factory=list)
    refused: str | None = None  # an export.* message key saying why nothing is sent
    params: dict[str, object] = field(default_factory=dict)
    folder: Path | None = None  # delete it once the parts are sent
    progress: Callable[[int, int], None] = field(default=lambda done, total: None, repr=False)

    def cleanup(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def export_request(turn: Turn, arg: str) -> Outcome:
    """/export [csv|vcf|json]: Excel by default; reps get their own leads, managers everyone's."""
    if not is_staff(turn.user.role):
        return Outcome([turn.refusal()])
    fmt = CHAT_FORMATS.get(arg.strip().lower().lstrip("."))
    if fmt is None:
        return Outcome([turn.say("export.usage")])
    owner = visible_owner(
        turn.user.role, turn.user.id, reps_see_all=turn.core.settings.reps_see_all
    )
    job = ExportJob(turn.user.id, fmt, owner, staff=is_staff(turn.user.role), lang=turn.lang)
    return Outcome(export=job)


def build_export(
    engine: Engine, settings: Settings, job: ExportJob, progress: Callable[[int, int], None]
) -> ExportResult:
    """Write the export into a private folder under the data dir, in parts Telegram accepts,
    and audit it (who, format, rows, parts). `progress(done, total)` is called as rows go."""
    result = ExportResult(job, progress=progress)
    base = export_folder(settings.capture_data_dir)
    result.folder = Path(tempfile.mkdtemp(prefix="export-", dir=base))
    try:
        return _build(engine, settings, job, result)
    except BaseException:
        result.cleanup()
        raise


def export_folder(data_dir: Path) -> Path:
    """Where exports are written before they are sent (0700); a crash's leftovers are removed
    with the other expired files (Core.expire_cards)."""
    return private_dirs(data_dir / "exports")


STALE_EXPORT_SECONDS = 3600  # an export folder this old was left by a crash mid-send


def remove_stale_exports(data_dir: Path) -> int:
    folder = data_dir / "exports"
    if not folder.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - STALE_EXPORT_SECONDS
    for leftover in folder.glob("export-*"):
        if leftover.stat().st_mtime < cutoff:
            shutil.rmtree(leftover, ignore_errors=True)
            removed += 1
    return removed


def _build(
    engine: Engine, settings: Settings, job: ExportJob, result: ExportResult
) -> ExportResult:
    assert result.folder is not None
    progress = result.progress
    stem = f"leads-{datetime.now(UTC):%Y%m%d-%H%M}"
    with read_scope(engine) as session:
        total = repo.count_contacts(session, job.owner_id)
        progress(0, total)
        if total == 0:
            result.refused = "export.empty"
            return result
        try:
            files = write_parts(
                repo.iter_contacts(session, owner_id=job.owner_id), job.fmt, result.folder, stem,
                cols=columns_for(staff=job.staff),
                part_bytes=settings.export_part_mb * 2**20,
                max_parts=settings.export_max_parts,
                progress=lambda done: progress(done, total),
            )  # fmt: skip
        except ExportTooLarge as too_large:
            result.refused = f"export.too_large.{too_large.reason}"
            result.params = too_large.params
    if result.refused is None:
        result.rows, result.parts = files.rows, files.parts
    with session_scope(engine) as session:
        repo.record_audit(
            session, job.user_id, "export", field=job.fmt,
            new=f"rows={result.rows} parts={len(result.parts)}"
            + (f" refused={result.refused}" if result.refused else ""),
        )  # fmt: skip
    return result


def export_messages(result: ExportResult) -> tuple[str, list[tuple[Path, str]]]:
    """The progress message's last text, and each file with its caption."""
    lang, job = result.job.lang, result.job
    if result.refused is not None:
        return t(lang, result.refused, **result.params), []
    count = len(result.parts)
    files = [
        (path, t(lang, "export.caption", count=result.rows, part=i, parts=count, fmt=job.fmt))
        for i, path in enumerate(result.parts, 1)
    ]
    in_files = t(lang, "export.files", count=count)
    return t(lang, "export.done", count=result.rows, files=in_files, fmt=job.fmt), files


# --- /stats as a chart ----------------------------------------------------------------------------

WEEKS = 8  # weeks of leads per rep in the chart


def stats(turn: Turn) -> Outcome:
    """/stats: one chart, the text figures as its caption; counted and drawn after the update's
    commit (`Outcome.after_commit`), in the handler's worker thread, off the event loop."""
    if turn.user.role not in SEES_ALL:
        return Outcome([turn.refusal()])
    engine, settings, lang = turn.core.engine, turn.core.settings, turn.lang
    return Outcome(after_commit=lambda: [stats_reply(collect_figures(engine, settings), lang)])


def stats_reply(figures: dict[str, Any], lang: str) -> Reply:
    from bot import chart

    caption = customers.stats_reply(figures, lang).text
    return Reply(caption, photo=chart.render(figures, lang))


def week_starts(now: datetime, weeks: int = WEEKS) -> list[datetime]:
    """The Mondays (00:00 UTC) starting the last `weeks` weeks, this week's last."""
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)  # fmt: skip
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def collect_figures(engine: Engine, settings: Any, now: datetime | None = None) -> dict[str, Any]:
    """/stats' counts (customers.collect_stats) and the chart's: leads per rep per week, the
    customer funnel, duplicates by outcome. Counted by the database; the weekly query walks the
    (status, created_at) index over the last weeks only."""
    figures = customers.collect_stats(engine, settings)
    starts = week_starts(now or utcnow())
    created = col(Contact.created_at)
    week = case(*((created >= starts[i], i) for i in reversed(range(len(starts)))), else_=-1)
    weekly = (
        select(Contact.owner_id, week.label("week"), func.count())
        .where(col(Contact.status).in_(("active", "merged")), created >= starts[0])
        .group_by(col(Contact.owner_id), "week")
    )
    with read_scope(engine) as session:
        rows = list(session.exec(weekly))
        names: dict[int | None, str] = {
            u.id: u.first_name for u in repo.users_by_ids(session, {r[0] for r in rows if r[0]})
        }
        invited = session.exec(
            select(func.count(distinct(col(Invite.contact_id)))).where(
                col(Invite.kind) == "customer"
            )
        ).one()
        consented = session.exec(
            select(func.count(distinct(col(Consent.user_id)))).where(col(Consent.accepted))
        ).one()
        outcomes = dict(
            session.exec(
                select(DuplicateCandidate.status, func.count()).group_by(DuplicateCandidate.status)
            ).all()
        )
    per_owner: dict[int | None, list[int]] = {}
    for owner, index, count in rows:
        per_owner.setdefault(owner, [0] * len(starts))[index] += count
    shown = [names.get(owner) or (f"#{owner}" if owner else "—") for owner in per_owner]
    per_rep = {  # two reps of one first name are told apart by their ids
        (label if shown.count(label) == 1 else f"{label} #{owner}"): counts
        for label, (owner, counts) in zip(shown, per_owner.items(), strict=True)
    }
    linked = figures["customers"]
    figures["weekly"] = {"weeks": [f"{s:%m-%d}" for s in starts], "reps": per_rep}
    figures["funnel"] = {
        "invited": invited,
        "consented": consented,
        "confirmed": linked["confirmed"],
        "stale": linked["stale"],
    }
    figures["duplicates"] = {s: outcomes.get(s, 0) for s in ("open", "merged", "not_duplicate")}
    return figures
