"""`capture-bot`: run the bot, the sandbox, migrations, exports and admin tasks."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings, SettingsError, load_settings
from storage import crypto

if TYPE_CHECKING:
    from sandbox import SandboxServer

log = logging.getLogger("capture")

SANDBOX_TOKEN = "1000000001:sandbox-token"
SANDBOX_DIR = "sandbox"  # under CAPTURE_DATA_DIR: the sandbox's own database, key and photos
# The sandbox page's preset users get these roles, so a newcomer can try every part at once.
SANDBOX_ROLES = {1001: "admin", 1002: "manager", 1003: "rep", 1005: "rep"}


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    # httpx logs every request URL at INFO, and the URL holds the bot token. tornado.access
    # (webhook mode) logs every request at INFO, health probes included: our one line per update
    # says more. Its 4xx lines are WARNING and 5xx ERROR, so those still show.
    quiet = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic.runtime.plugins", "tornado.access"):
        logging.getLogger(noisy).setLevel(quiet)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="capture-bot",
        description="Capture Bot: accurate customer data by Telegram chat.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="run the bot (long polling); with no TELEGRAM_BOT_TOKEN, against the sandbox"
    )
    run.add_argument("--webhook", metavar="URL", help="webhook mode: Telegram posts to this URL")
    run.add_argument("--listen", default="127.0.0.1", help="webhook mode: address to listen on")
    run.add_argument("--port", type=int, default=8443, help="webhook mode: port to listen on")
    run.add_argument(
        "--secret", default=None, help="webhook mode: the secret token (default WEBHOOK_SECRET)"
    )

    sandbox = sub.add_parser(
        "sandbox", help="run only the local Telegram stand-in and its chat page"
    )
    sandbox.add_argument("--host", default=None, help="address to listen on (SANDBOX_HOST)")
    sandbox.add_argument("--port", type=int, default=None, help="port (SANDBOX_PORT)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply the schema migrations (also done at every start)")

    role = sub.add_parser(
        "role", help="give a Telegram user a role (admin, manager, rep, customer, none)"
    )
    role.add_argument("user_id", type=int)
    role.add_argument("role", choices=["admin", "manager", "rep", "customer", "none"])

    export = sub.add_parser(
        "export", help="write every contact as JSON lines, CSV, Excel (xlsx) or vCard 4"
    )
    export.add_argument("--format", choices=["json", "csv", "vcf", "xlsx"], default="json")
    export.add_argument(
        "-o", "--output", type=Path, help="file to write (default: standard output)"
    )

    imp = sub.add_parser("import", help="import contacts from CSV or vCard, through the validators")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--region", help="ISO country for phones without + (default DEFAULT_REGION)")
    imp.add_argument("--owner", type=int, help="Telegram id of the rep who owns the imported leads")

    dupes = sub.add_parser("duplicates", help="scan every contact for likely duplicate pairs")
    dupes.add_argument("--json", action="store_true", help="one JSON line per pair")
    dupes.add_argument("--min-score", type=float, default=None, help="default DEDUPE_THRESHOLD")
    dupes.add_argument(
        "--reindex", action="store_true", help="rebuild the blocking keys first (after upgrades)"
    )
    dupes.add_argument(
        "--train", action="store_true",
        help="first estimate the matching weights from the contacts (EM, no labels) and keep them",
    )  # fmt: skip

    backup = sub.add_parser(
        "backup", help="a consistent backup of the database, while the bot runs"
    )
    backup.add_argument("file", nargs="?", type=Path, help="default: the data dir's backups/")
    backup.add_argument(
        "--logical",
        action="store_true",
        help="portable JSON lines (e.g. to move SQLite → PostgreSQL)",
    )
    restore = sub.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", type=Path)

    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_sub.add_parser("verify", help="check the hash chain: an edited or deleted row shows")

    rotate = sub.add_parser(
        "rotate-key",
        help="re-encrypt everything under a new secret key (then set CAPTURE_SECRET_KEY)",
    )
    rotate.add_argument("--new-key", help="the new key (default: a random one, printed once)")

    ocr = sub.add_parser("ocr", help="read business-card images and print the fields found")
    ocr.add_argument("images", nargs="+", help="image files")
    ocr.add_argument("--json", action="store_true", help="one JSON line per image")
    return top


def main(argv: list[str] | None = None, *, register: Callable[[Any], None] | None = None) -> int:
    """Every command; `run` needs the Telegram handlers' `register`, which `handlers:main` (the
    `capture-bot` script) passes in, so bot/ never imports handlers/."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    problem = configure_fields(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.command == "run" and not settings.telegram_bot_token:
        settings = sandbox_settings(settings)
    if not settings.capture_secret_key and settings.pending_key_file.exists():
        problem = _settle_rotation(settings)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    if args.command != "restore":  # restore checks the key itself and must not generate one
        crypto.configure(settings.secret_key)
    from bot import hooks

    hooks.configure(settings.hook_targets)  # imports and merges here queue their events too
    from ocr import tessapi

    tessapi.configure(command=settings.ocr_tesseract_process)
    if args.command == "run":
        return cmd_run(settings, args, register)
    command = COMMANDS[args.command]
    return command(settings, args)


def configure_fields(settings: Settings) -> str | None:
    """Put FIELDS_FILE's fields in force; a bad file is one line naming the field and problem."""
    from bot import registry

    try:
        registry.configure(registry.load(settings.fields_file))
    except registry.FieldsFileError as exc:
        return f"Bad FIELDS_FILE: {exc}"
    return None


def _settle_rotation(settings: Settings) -> str | None:
    """A secret.key.new left by an interrupted rotate-key; None when settled."""
    from bot.rotation import settle_interrupted_rotation

    try:
        done = settle_interrupted_rotation(
            settings.effective_database_url, settings.key_file, settings.pending_key_file
        )
    except Exception as exc:  # e.g. the database is down: decide later, never guess
        return (
            f"{settings.pending_key_file} is left from an interrupted rotate-key, and the "
            f"database could not say whether it is in use ({type(exc).__name__}: {exc}); "
            "nothing was changed: run the command again when the database is reachable"
        )
    if done:
        log.warning(done)
    return None


# --- commands ------------------------------------------------------------------------------


def cmd_run(
    settings: Settings, args: argparse.Namespace, register: Callable[[Any], None] | None
) -> int:
    from bot.app import build_application

    if register is None:
        print("run starts from the Telegram layer: `capture-bot run` or `python -m handlers run`",
              file=sys.stderr)  # fmt: skip
        return 2
    sandbox: SandboxServer | None = None
    if not settings.telegram_bot_token:
        settings, sandbox = _with_sandbox(settings)
    try:
        app = build_application(settings, register)
        if sandbox is not None:
            _grant_sandbox_roles(settings)
        if args.webhook:
            import asyncio

            from bot.webhook import serve, with_path

            secret = args.secret if args.secret is not None else settings.webhook_secret
            if not secret:
                print("webhook mode needs a secret token: --secret or WEBHOOK_SECRET "
                      "(without it anyone could post updates)", file=sys.stderr)  # fmt: skip
                return 2
            log.info("bot starting (webhook)")
            asyncio.run(serve(app, with_path(args.webhook), args.listen, args.port, secret))
        else:
            log.info("bot starting (long polling)")
            app.run_polling(drop_pending_updates=False)
    finally:
        if sandbox is not None:
            sandbox.stop()
    return 0


def sandbox_settings(settings: Settings) -> Settings:
    """With no token the bot plays against the sandbox, in a data dir of its own.

    `<CAPTURE_DATA_DIR>/sandbox` holds its database, key and card photos: its preset roles,
    test leads and made-up customers never reach the real database, whatever DATABASE_URL says.
    """
    data_dir = settings.capture_data_dir / SANDBOX_DIR
    if settings.database_url:
        print(f"No TELEGRAM_BOT_TOKEN: sandbox mode keeps its data in {data_dir}, "
              "not in DATABASE_URL", file=sys.stderr, flush=True)  # fmt: skip
    return settings.model_copy(update={"capture_data_dir": data_dir, "database_url": ""})


def _with_sandbox(settings: Settings) -> tuple[Settings, SandboxServer]:
    from sandbox import SandboxServer

    server = SandboxServer(host=settings.sandbox_host, port=settings.sandbox_port)
    server.start()
    print(
        f"No TELEGRAM_BOT_TOKEN: running against the local sandbox. Chat page: {server.url}/",
        flush=True,
    )
    admins = sorted({*settings.admin_ids, *(u for u, r in SANDBOX_ROLES.items() if r == "admin")})
    updated = settings.model_copy(
        update={
            "telegram_bot_token": SANDBOX_TOKEN,
            "telegram_api_url": server.api_url,
            "telegram_file_url": server.file_url,
            "admin_ids": admins,
        }
    )
    return updated, server


def _grant_sandbox_roles(settings: Settings) -> None:
    from storage import repo
    from storage.db import make_engine, session_scope

    engine = make_engine(settings.effective_database_url)
    with session_scope(engine) as session:
        for user_id, role in SANDBOX_ROLES.items():
            user = repo.get_user(session, user_id)
            if user is None or user.role is None:
                repo.set_role(session, user_id, role, actor_id=None)
    engine.dispose()


def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox import serve_forever

    host = args.host or settings.sandbox_host
    port = settings.sandbox_port if args.port is None else args.port
    print(
        f"Sandbox Bot API at http://{host}:{port}/bot<token>/ - chat page at http://{host}:{port}/"
    )
    serve_forever(host, port)
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    from bot.customers import replay_erasures
    from storage.db import make_engine, migrate, session_scope

    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    print("database is at the newest schema")
    with session_scope(engine) as session:
        erased = replay_erasures(session, settings.capture_data_dir)
    if erased:
        print(f"erased again, as the erasure ledger says (the database predates it): {erased}")
    return 0


def cmd_role(settings: Settings, args: argparse.Namespace) -> int:
    from storage import repo
    from storage.db import make_engine, migrate, session_scope

    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    role = None if args.role == "none" else args.role
    if role == "admin" and args.user_id not in settings.admin_ids:
        print(
            f"Admins come from ADMIN_IDS only: add {args.user_id} to ADMIN_IDS and restart.",
            file=sys.stderr,
        )
        return 2
    with session_scope(engine) as session:
        repo.set_role(session, args.user_id, role, actor_id=None)
    print(f"user {args.user_id} is now {args.role}")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export import write_contacts, write_xlsx
    from storage import repo
    from storage.db import make_engine, migrate, read_scope, session_scope

    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    if args.format == "xlsx":
        target = args.output or sys.stdout.buffer
        if not args.output and sys.stdout.isatty():
            print("an xlsx file is binary: give -o FILE, or redirect the output", file=sys.stderr)
            return 2
        with read_scope(engine) as session:
            count = write_xlsx(repo.iter_contacts(session), target)
    else:
        newline = "" if args.format in ("csv", "vcf") else None
        out = (
            args.output.open("w", encoding="utf-8", newline=newline) if args.output else sys.stdout
        )
        try:
            with read_scope(engine) as session:
                count = write_contacts(repo.iter_contacts(session), args.format, out)
        finally:
            if args.output:
                out.close()
    with session_scope(engine) as session:  # like /export: who (the server), format, rows
        repo.record_audit(session, None, "export", field=args.format, new=f"rows={count} parts=1")
    print(f"exported {count} contacts", file=sys.stderr)
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.importer import main as import_main

    region = args.region.upper() if args.region else None
    return import_main(settings, args.file, dry_run=args.dry_run, region=region, owner=args.owner)


def cmd_duplicates(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from bot import contacts, linkage
    from bot.duplicates import reasons_text, scan_pairs
    from storage import repo
    from storage.db import make_engine, migrate, session_scope

    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    if args.reindex:
        with session_scope(engine) as session:
            for contact in repo.iter_contacts(session):
                contacts.reindex(session, contact)
    from bot.duplicates import load_model, train

    if args.train:
        model, people = train(engine)
        if model is None:
            print(
                f"{people} contacts are too few to estimate the weights from; the ones in use stay",
                file=sys.stderr,
            )
            model = load_model(engine)
        print(
            f"weights (from {model.pairs} blocked pairs of the contacts; none: the defaults) "
            f"(prior {model.prior:.4f}, {model.iterations} EM iterations):",
            file=sys.stderr,
        )
        for field, levels in model.weights.items():
            named = zip(linkage.COMPARISONS[field], levels, strict=True)
            shown = ", ".join(f"{lv} {w:+.1f}" for lv, w in named if lv != "missing")
            print(f"  {field}: {shown}", file=sys.stderr)
    else:
        load_model(engine)
    min_score = settings.dedupe_threshold if args.min_score is None else args.min_score
    count = 0
    for pair in scan_pairs(engine, min_score):
        count += 1
        a, b = pair.a, pair.b
        if args.json:
            record = {
                "a": {"id": a.id, "external_id": a.external_id, "name": a.name},
                "b": {"id": b.id, "external_id": b.external_id, "name": b.name},
                "external_id_a": a.external_id, "external_id_b": b.external_id,
                "score": round(pair.match.score, 3), "reasons": list(pair.match.reasons),
            }  # fmt: skip
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(
                f"{pair.match.score:.2f}  #{a.id} {a.name}  ~  #{b.id} {b.name}  "
                f"({reasons_text('en', pair.match.reasons)})"
            )
    print(f"{count} likely duplicate pairs at score >= {min_score}", file=sys.stderr)
    return 0


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from bot.backup_cli import backup_main

    return backup_main(settings, args.file, method="logical" if args.logical else "auto")


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from bot.backup_cli import restore_main

    return restore_main(settings, args.file)


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    from storage import repo
    from storage.backup import CHECKPOINTS, read_checkpoints
    from storage.db import make_engine, migrate, session_scope

    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    checkpoints, unreadable = read_checkpoints(settings.capture_data_dir)
    if unreadable:
        print(f"note: {unreadable} line(s) of {CHECKPOINTS} could not be read and were skipped")
    with session_scope(engine) as session:
        wrong_key = repo.audit_key_problem(session)
        if wrong_key:
            print(f"cannot verify: {wrong_key}. Set CAPTURE_SECRET_KEY (or secret.key) to "
                  "the key the data is under; this says nothing about the chain",
                  file=sys.stderr)  # fmt: skip
            return 2
        result = repo.verify_audit(session, checkpoints=checkpoints)
        orphan = repo.contact_without_create_event(session) if result.ok else None
    if not result.ok:
        print(f"audit chain BROKEN at event {result.broken_id}: {result.reason} "
              f"({result.rows_checked} events before it are intact)")  # fmt: skip
        return 1
    if orphan is not None:
        print(f"audit chain BROKEN: contact {orphan} has no create event "
              "(its history was deleted)")  # fmt: skip
        return 1
    print(f"audit chain intact: {result.rows_checked} events, newest #{result.last_id}; "
          f"{len(checkpoints)} recorded tail(s) in {CHECKPOINTS} checked")  # fmt: skip
    return 0


def cmd_rotate_key(settings: Settings, args: argparse.Namespace) -> int:
    import secrets

    from bot.rotation import rotate_key, rotate_key_file
    from storage.backup import checkpoint_now
    from storage.db import make_engine, migrate

    new_key = args.new_key or secrets.token_urlsafe(48)
    if len(new_key.encode()) < 16:
        print("--new-key must be at least 16 characters", file=sys.stderr)
        return 2
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    if not settings.capture_secret_key:  # the key lives in secret.key: see bot/rotation.py
        counts = rotate_key_file(
            engine, settings.key_file, settings.pending_key_file,
            old=settings.secret_key, new=new_key.encode(),
        )  # fmt: skip
        where = f"written to {settings.key_file}"
    else:
        if args.new_key is None:  # shown before the commit: data never sits under a lost key
            print(f"new key (keep it safe, and back it up apart from the database): {new_key}",
                  flush=True)  # fmt: skip
        counts = rotate_key(engine, old=settings.secret_key, new=new_key.encode())
        shown = "above" if args.new_key is None else "the one you gave"
        where = f"{shown}: set CAPTURE_SECRET_KEY to it before starting the bot again"
    print(f"re-encrypted {counts['values']} values, {counts['indexes']} indexes, "
          f"{counts['events']} audit events; the new key is {where}")  # fmt: skip
    # every event was re-linked: tails recorded under the old key can no longer be compared
    crypto.configure(new_key.encode())
    checkpoint_now(settings.effective_database_url, settings.capture_data_dir, "rotate-key")
    return 0


def cmd_ocr(settings: Settings, args: argparse.Namespace) -> int:
    from ocr.cli import main as ocr_main

    return ocr_main(
        args.images, args.json, settings.ocr_languages, settings.default_region,
        max_decoded=settings.ocr_max_decoded_bytes, engine=settings.ocr_engine,
    )  # fmt: skip


COMMANDS = {
    "sandbox": cmd_sandbox,
    "db": cmd_db,
    "role": cmd_role,
    "export": cmd_export,
    "import": cmd_import,
    "duplicates": cmd_duplicates,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "audit": cmd_audit,
    "rotate-key": cmd_rotate_key,
    "ocr": cmd_ocr,
}
