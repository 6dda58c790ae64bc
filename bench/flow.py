"""Capture-flow speed: many reps doing full captures through the sandbox, with many contacts stored.

    .venv/bin/python bench/flow.py [--contacts 100000] [--reps 20] [--leads 5] [--think 0]
                                   [--saturation-reps 0] [--database-url URL] [--out FILE]

Two ways to drive the bot (one phase each, against the same bot and database):
- paced (`--think S`, S > 0): each rep waits a random 0.5S-1.5S after reading a reply before
  sending the next answer, as a person typing on a phone does (an answer takes at least 1-2 s);
  reps start spread over the first S seconds. The offered load is reps / S updates/s; 50 reps at
  2 s is 25 updates/s, more than a real sales team sends. This is the reply latency reps see.
- saturation (`--think 0`, the default): every rep sends the next answer the instant the reply
  arrives, so the bot, the sandbox and the simulated users compete for the CPUs; updates/s is
  then the capacity of this machine, and latency is mostly queueing.
`--think S --saturation-reps N` runs the paced phase, then a saturation phase with N other reps.

Prints three latency figures per update and phase, from the bot's own log line for each update:
- core: the bot's work before its reply goes out (the core's transaction off the event loop) —
  the reply latency excluding Telegram's own network time; target p99 < 50 ms on SQLite;
- handled: core plus sending the replies to the sandbox over HTTP (the sandbox stands in for
  Telegram's network and shares this machine's two cores with the simulated users);
- end to end: from a simulated user's send until the reply that step must produce has arrived;
and the updates per second the bot sustained (and the offered load when paced), the bot
process's CPU time per update (all its threads; Linux only) and the load average when the phase
ended: the machine is shared, so latency figures mean little without them.

JSON: the first phase's figures at the top level ("think_s", "offered_updates_per_s", "reps",
"updates", "updates_per_s", "core_ms_p50/p99", "bot_ms_p50/p99", "end_to_end_ms_p50/p99",
"bot_cpu_ms_per_update", "load_average") with "contacts" and "database"; the saturation phase's
under "saturation" when one ran after a paced phase.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from dataclasses import dataclass  # noqa: E402

from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.dedupe import load_people, values  # noqa: E402
from bench.people import generate  # noqa: E402
from bot import registry  # noqa: E402
from bot.contacts import keys_for  # noqa: E402
from bot.fields import Rejected  # noqa: E402
from bot.i18n import t  # noqa: E402
from bot.matching import Person  # noqa: E402
from bot.sandbox import SandboxClient, SandboxServer  # noqa: E402
from bot.sandbox.client import BotMessage, SandboxUser  # noqa: E402
from storage import crypto  # noqa: E402
from storage.db import make_engine, migrate, session_scope  # noqa: E402
from storage.models import Contact, ContactKey, User, utcnow  # noqa: E402

FIRST_REP = 900_000
BENCH_SECRET = "bench-secret-key-0123456789abcdef"
REGION = "CN"  # the bot's DEFAULT_REGION, and a Chinese-speaking rep's
KNOWN_SAMPLE = 2000  # seeded people a rep may capture again (the duplicate check must warn)


def seed(url: str, contacts: int, reps: int) -> tuple[float, dict[str, int], list[Lead]]:
    """Load `contacts` generated people (bench/people.py: names, firms, phones, addresses as
    reps capture them) spread over the reps, through the write path's own key building
    (`contacts.keys_for`, the phone and email blind indexes; bench/dedupe.py's `load_people`
    checks the rows equal what `contacts.create` writes), so every capture's duplicate check
    runs against them. With custom fields in force, three in four also hold a value for each
    (typed the way reps type them, through the field's validator, stored as `Contact.set_value`
    and `contacts.reindex` store them). Returns seconds taken (generating included), the counts
    that show the keys and indexes are there, and seeded people a rep may capture again."""
    started = time.perf_counter()
    crypto.configure(BENCH_SECRET.encode())
    engine = make_engine(url)
    migrate(engine)
    now = utcnow()
    with session_scope(engine) as session:
        session.execute(
            insert(User),
            [{"id": FIRST_REP + r, "first_name": f"Rep {r}", "role": "rep", "active": True,
              "created_at": now, "last_seen_at": now} for r in range(reps)],
        )  # fmt: skip
    people = [r.person for r in generate(contacts, seed=7)]
    keys = [keys_for(values(p)) for p in people]
    pools = custom_pools(random.Random(3))
    rng = random.Random(11)

    def extra_of(p: Person) -> dict[str, str] | None:
        if not pools or (p.id or 0) % 4 == 0:  # three in four: real data is never complete
            return None
        return {key: rng.choice(pool) for key, pool in pools.items()}

    load_people(engine, people, keys, lambda p: FIRST_REP + (p.id or 0) % reps, extra_of)
    counts = seeded_counts(engine)
    counts["contactkey_expected"] = sum(len(k) for k in keys)
    counts["with_phone_expected"] = sum(1 for p in people if p.phone)
    counts["with_email_expected"] = sum(1 for p in people if p.email)
    engine.dispose()
    return time.perf_counter() - started, counts, known_leads(people)


def seeded_counts(engine: object) -> dict[str, int]:
    """What the seeding stored, counted in the database: the duplicate check and /find read
    these, so a seeding that skipped them would make the bench measure an empty index."""
    with session_scope(engine) as session:  # type: ignore[arg-type]

        def count(*where: object) -> int:
            return int(session.execute(select(func.count()).select_from(Contact).where(*where))
                       .scalar_one())  # fmt: skip

        return {
            "contacts": count(),
            "contactkey_rows": int(
                session.execute(select(func.count()).select_from(ContactKey)).scalar_one()
            ),
            "phone_index_set": count(Contact.phone_index.is_not(None)),  # type: ignore[union-attr]
            "email_index_set": count(Contact.email_index.is_not(None)),  # type: ignore[union-attr]
            "extra_set": count(Contact.extra_keys.is_not(None)),  # type: ignore[union-attr]
            "extra_search_set": count(Contact.extra_search.is_not(None)),  # type: ignore[union-attr]
        }


def custom_pools(rng: random.Random) -> dict[str, list[str]]:
    """Stored values for each custom field in force: answers typed as reps type them (both
    languages), each through the field's own validator."""
    fields = registry.current()
    pools: dict[str, list[str]] = {}
    for key in fields.custom:
        spec = fields.spec(key)
        pool = []
        for i in range(200):
            typed = custom_text(spec, rng, ("en", "zh")[i % 2], i)
            value = spec.validate(typed, REGION)
            if isinstance(value, Rejected) or value is None:
                raise SystemExit(f"bench answer {typed!r} for {key} refused: {value}")
            pool.append(value)
        pools[key] = pool
    return pools


@dataclass(frozen=True)
class Lead:
    """What a rep types for one capture."""

    name: str
    phone: str
    email: str
    company: str
    title: str
    known: bool = False  # a seeded contact captured again: the duplicate check must warn


def known_leads(people: list[Person]) -> list[Lead]:
    """Seeded people a rep could meet again, typed exactly as stored (so their keys are the
    seeded ones), with a fresh email: the name and number alone must bring the warning."""
    fields = registry.current()
    step = max(1, len(people) // (KNOWN_SAMPLE * 2))
    found = []
    for p in people[::step]:
        if not (p.name and p.phone and p.company) or ";" in p.phone:
            continue
        if fields.validate("name", p.name, REGION) != p.name:
            continue
        if fields.validate("phone", p.phone, REGION) != p.phone:
            continue
        if fields.validate("company", p.company, REGION) != p.company:
            continue
        title = p.title if p.title and fields.validate("title", p.title, REGION) == p.title else ""
        found.append(Lead(p.name, p.phone, f"again{p.id}@example.net", p.company,
                          title or "Buyer", known=True))  # fmt: skip
        if len(found) == KNOWN_SAMPLE:
            break
    return found


def _letters(number: int) -> str:
    """Names may not contain digits: 901 -> 'Jab'."""
    return "".join(chr(97 + int(d)) for d in str(number)).capitalize()


GIVEN = (
    "Anna",
    "Boris",
    "Chen",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Luca",
    "Mei",
    "Nils",
    "Olga",
    "Pavel",
    "Qing",
    "Rosa",
    "Sven",
    "Tariq",
)
FAMILY = (
    "Abe",
    "Brandt",
    "Costa",
    "Dahl",
    "Eze",
    "Fong",
    "Gupta",
    "Haas",
    "Ito",
    "Jensen",
    "Kovac",
    "Lind",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quist",
    "Rossi",
    "Silva",
    "Tan",
)


def _person(a: int, b: int) -> str:
    """A distinct person per (rep, lead), so the duplicate check has nothing to say."""
    return f"{GIVEN[a % 20]} {_letters(a)}{FAMILY[b % 20].lower()} {FAMILY[(a // 20 + b) % 20]}"


def custom_text(spec: registry.FieldSpec, rng: random.Random, lang: str, n: int) -> str:
    """A valid answer to a deployment's own field, typed as a rep in `lang` would type it."""
    labels = [c.label(lang) for c in spec.choices]
    if spec.kind == "choice":
        return rng.choice(labels)
    if spec.kind == "multi":
        return ("、" if lang == "zh" else ", ").join(rng.sample(labels, rng.randint(1, 2)))
    if spec.kind == "date":
        return rng.choice(("下周五", "3月12日") if lang == "zh" else ("next friday", "3/12"))
    if spec.kind == "url":
        return rng.choice(("", "https://www.")) + f"linkedin.com/in/lead-{n}"
    if spec.kind == "number":
        return str(rng.randrange(1000, 500_000, 100))
    if spec.kind == "yesno":
        return rng.choice(("是", "否") if lang == "zh" else ("yes", "no"))
    if spec.kind == "phone":
        return f"+86 137 {n % 10_000:04d} {rng.randrange(10_000):04d}"
    if spec.kind == "email":
        return f"other{n}@example.org"
    return "来自基准测试" if lang == "zh" else "From the bench"


@dataclass
class Tally:
    """What the reps saw, summed over threads (list appends and += on ints under the GIL)."""

    timings: list[float]
    duplicate_expected: int = 0  # known leads saved
    duplicate_warned: int = 0  # known leads the duplicate check warned about
    duplicate_unexpected: int = 0  # fresh leads it warned about
    pressed: int = 0  # answers given with a button
    typed: int = 0


class Rep:
    """A simulated rep in `lang`: reads which question the bot asks (by the registry's own
    question texts), answers it with a valid value, and times each step until the reply that
    step must produce has arrived."""

    def __init__(self, user: SandboxUser, lang: str, rng: random.Random, think: float) -> None:
        self.user, self.lang, self.rng, self.think = user, lang, rng, think
        fields = registry.current()
        share = t(lang, "button.share_my_phone")
        self.questions = sorted(
            ((fields.spec(k).question(lang, customer=False, region=REGION, button=share)
              .splitlines()[0], k) for k in fields.asked),
            key=lambda q: -len(q[0]),
        )  # fmt: skip
        blank = re.escape(t(lang, "ask.step", n=0, total=0)).replace("0", "NUM")
        self.step_template = blank.replace("NUM", "{n}", 1).replace("NUM", r"(\d+)")
        self.summary = re.escape(t(lang, "summary.title"))
        saved = re.escape(t(lang, "capture.saved", id="ID", name="NAME"))
        self.saved = re.compile(saved.replace("ID", r"\d+").replace("NAME", ".*"))
        self.choose = t(lang, "duplicate.choose")

    def pause(self) -> None:
        if self.think:
            time.sleep(self.rng.uniform(0.5 * self.think, 1.5 * self.think))

    def act(self, text: str, expect: re.Pattern[str], tally: Tally, press: bool) -> BotMessage:
        """Send (or press) `text`; the time until a message matching `expect` arrives."""
        self.pause()
        began = time.perf_counter()
        if press:
            self.user.press(text, wait=False)
        else:
            self.user.send(text, wait=False)
        message = self.user.wait_for(expect)
        tally.timings.append(time.perf_counter() - began)
        return message

    def recognise(self, text: str) -> str:
        for question, key in self.questions:
            if question in text:
                return key
        raise AssertionError(f"rep {self.user.user_id}: a question no field asks: {text!r}")

    def answer(self, key: str, lead: Lead, message: BotMessage, n: int) -> tuple[str, bool]:
        """(text, pressed): a built-in from the lead, a custom field by its kind; a picklist or
        yes/no is pressed half the time, as its buttons invite."""
        builtin = {"name": lead.name, "phone": lead.phone, "email": lead.email,
                   "company": lead.company, "title": lead.title,
                   "notes": custom_text(registry.FieldSpec("notes"), self.rng, self.lang, n),
                   "website": f"www.lead{n}.example.com",
                   "address": "88 Century Avenue, Pudong, Shanghai"}  # fmt: skip
        spec = registry.current().spec(key)
        if not spec.custom:
            return builtin[key], False
        buttons = message.button_texts
        if spec.kind in ("choice", "yesno") and buttons and self.rng.random() < 0.5:
            return self.rng.choice(buttons), True
        return custom_text(spec, self.rng, self.lang, n), False

    def capture(self, lead: Lead, n: int, tally: Tally) -> None:
        """One /new from the first question to "Saved as #", whatever and however many fields
        the bot asks."""
        step = re.compile(self.step_template.format(n=1))
        message = self.act("/new", step, tally, press=False)
        asked = 1
        while not re.search(self.summary, message.text or ""):
            key = self.recognise(message.text or "")
            text, pressed = self.answer(key, lead, message, n)
            tally.pressed += pressed
            tally.typed += not pressed
            asked += 1
            following = re.compile(f"{self.step_template.format(n=asked)}|{self.summary}")
            message = self.act(text, following, tally, press=pressed)
        done = re.compile(f"{self.saved.pattern}|{re.escape(self.choose)}")
        message = self.act(t(self.lang, "button.save"), done, tally, press=True)
        tally.duplicate_expected += lead.known
        if self.choose in (message.text or ""):
            if lead.known:
                tally.duplicate_warned += 1
            else:
                tally.duplicate_unexpected += 1
            self.act(t(self.lang, "button.save_anyway"), self.saved, tally, press=True)


def one_rep(
    client: SandboxClient,
    rep_id: int,
    leads: int,
    tally: Tally,
    think: float = 0.0,
    known: list[Lead] | None = None,
    again: float = 0.0,
) -> None:
    """Full captures by one rep (every other one speaks Chinese); with `think`, a random
    0.5-1.5 x think seconds between reading a reply and sending the next; a share `again` of
    the leads are seeded contacts met again."""
    rng = random.Random(rep_id)
    lang = "zh" if rep_id % 2 else "en"
    user = client.user(rep_id, first_name=f"Rep {rep_id}", language_code=lang)
    rep = Rep(user, lang, rng, think)
    if think:
        time.sleep(rng.uniform(0, think))  # reps do not all start in the same instant
    for n in range(leads):
        if known and rng.random() < again:
            lead = rng.choice(known)
        else:
            lead = Lead(
                _person(rep_id, n), f"+86 139 {rep_id % 10_000:04d} {n:04d}",
                f"lead{rep_id}.{n}@example.org",
                f"{_person(n, rep_id).split()[1]} {_letters(rep_id * 97 + n)} Ltd", "Buyer",
            )  # fmt: skip
        rep.capture(lead, rep_id * 1000 + n, tally)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process, from /proc (None where there is no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--leads", type=int, default=5, help="full captures per rep")
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a rep takes to answer (uniform 0.5x-1.5x); 0: saturation",
    )  # fmt: skip
    parser.add_argument(
        "--saturation-reps", type=int, default=0,
        help="after a paced phase (--think > 0), a saturation phase with this many other reps",
    )  # fmt: skip
    parser.add_argument(
        "--fields", type=Path, default=None,
        help="a fields file (FIELDS_FILE) the bot runs with, e.g. docs/fields.example.toml; "
        "the seeded contacts hold its custom values and the reps answer its questions",
    )  # fmt: skip
    parser.add_argument(
        "--again", type=float, default=0.2,
        help="share of leads that are a seeded contact captured again (the duplicate warning "
        "must come, then Save anyway)",
    )  # fmt: skip
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="capture-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    url = args.database_url or f"sqlite:///{work / 'capture.db'}"
    database = make_url(url).get_backend_name()
    phases = [(args.reps, args.think)]
    if args.think > 0 and args.saturation_reps > 0:
        phases.append((args.saturation_reps, 0.0))
    registry.configure(registry.load(args.fields))  # FieldsFileError: a bad file
    asked = registry.current().asked
    seeded, counts, known = seed(url, args.contacts, sum(reps for reps, _ in phases))
    print(f"seeded {args.contacts:,} contacts in {seeded:.1f} s ({database}); "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))  # fmt: skip
    print(f"fields: {args.fields or 'built-ins only'}; /new asks {len(asked)}: {', '.join(asked)}")

    with SandboxServer(host="127.0.0.1", port=0) as server:
        env = {
            **os.environ, "TELEGRAM_BOT_TOKEN": "5555:bench", "TELEGRAM_API_URL": server.api_url,
            "TELEGRAM_FILE_URL": server.file_url, "DATABASE_URL": url,
            "CAPTURE_DATA_DIR": str(work), "CAPTURE_SECRET_KEY": BENCH_SECRET,
            "TELEGRAM_RATE_LIMIT": "0", "USER_RATE_LIMIT": "0", "LOG_LEVEL": "INFO",
            "PYTHONPATH": str(ROOT),  # this tree's bot, not whichever one is installed
            "DEFAULT_REGION": REGION,
        }  # fmt: skip
        env.pop("FIELDS_FILE", None)
        if args.fields:
            env["FIELDS_FILE"] = str(args.fields.resolve())
        log_path = work / "bot.log"
        with log_path.open("wb") as log:
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], env=env, cwd=work, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "Application started" not in log_path.read_text(errors="replace"):
                if time.monotonic() > deadline or bot.poll() is not None:
                    raise SystemExit(f"bot did not start:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.05)
            client = SandboxClient(server.url)
            results = []
            first_rep = FIRST_REP
            for reps, think in phases:
                results.append(
                    run_phase(client, bot.pid, log_path, first_rep, reps, args.leads, think,
                              known, args.again)
                )  # fmt: skip
                first_rep += reps
        finally:
            bot.terminate()
            bot.wait(timeout=30)

    figures: dict[str, object] = {
        "contacts": args.contacts, "database": database,
        "fields_file": str(args.fields) if args.fields else None, "asked_fields": list(asked),
        "seed_s": round(seeded, 1), "seeded": counts, **results[0],
    }  # fmt: skip
    if len(results) > 1:
        figures["saturation"] = results[1]
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if any(r["rep_errors"] for r in results) else 0


def run_phase(
    client: SandboxClient,
    pid: int,
    log_path: Path,
    first_rep: int,
    reps: int,
    leads: int,
    think: float,
    known: list[Lead],
    again: float,
) -> dict[str, object]:
    """One phase: `reps` reps doing `leads` captures each; prints and returns its figures."""
    tally = Tally([])
    errors: list[str] = []

    def rep(rep_id: int) -> None:
        try:
            one_rep(client, rep_id, leads, tally, think, known, again)
        except AssertionError as exc:  # a reply that never came: counted, the others go on
            errors.append(str(exc).splitlines()[0])

    threads = [threading.Thread(target=rep, args=(first_rep + r,)) for r in range(reps)]
    log_start = log_path.stat().st_size
    cpu_before = cpu_seconds(pid)
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    cpu_after = cpu_seconds(pid)
    load = os.getloadavg()
    time.sleep(0.2)  # the last update's log line
    with log_path.open("rb") as log:
        log.seek(log_start)
        text = log.read().decode(errors="replace")
    lines = re.findall(r"update=\d+ .* core_ms=([\d.]+) ms=([\d.]+)", text)
    core_ms = [float(core) for core, _ in lines]
    bot_ms = [float(total) for _, total in lines]
    figures: dict[str, object] = {
        "mode": "paced" if think else "saturation",
        "think_s": think,
        "offered_updates_per_s": round(reps / think, 1) if think else None,
        "reps": reps,
        "updates": len(bot_ms),
        "updates_per_s": round(len(bot_ms) / wall, 1),
        "core_ms_p50": round(statistics.median(core_ms), 1),
        "core_ms_p99": round(percentile(core_ms, 99), 1),
        "bot_ms_p50": round(statistics.median(bot_ms), 1),
        "bot_ms_p99": round(percentile(bot_ms, 99), 1),
        "end_to_end_ms_p50": round(statistics.median(tally.timings) * 1000, 1),
        "end_to_end_ms_p99": round(percentile(tally.timings, 99) * 1000, 1),
        "bot_cpu_ms_per_update": (
            round((cpu_after - cpu_before) * 1000 / len(bot_ms), 1)
            if cpu_before is not None and cpu_after is not None
            else None
        ),
        "load_average": [round(x, 2) for x in load],
        "answers_pressed": tally.pressed,
        "answers_typed": tally.typed,
        "duplicates_expected": tally.duplicate_expected,
        "duplicates_warned": tally.duplicate_warned,
        "duplicates_unexpected": tally.duplicate_unexpected,
        "rep_errors": errors,
    }
    if think:
        print(
            f"paced, {reps} reps answering every {think:g} s (0.5-1.5x): offered "
            f"{figures['offered_updates_per_s']} updates/s at most"
        )
    else:
        print(f"saturation, {reps} reps answering the instant a reply arrives:")
    print(f"{figures['updates']} updates in {wall:.1f} s: {figures['updates_per_s']} updates/s")
    for label, key in (("core per update", "core_ms"), ("handled (core + send)", "bot_ms")):
        print(f"{label + ':':23} p50 {figures[key + '_p50']} ms, p99 {figures[key + '_p99']} ms")
    print(f"{'end to end:':23} p50 {figures['end_to_end_ms_p50']} ms, "
          f"p99 {figures['end_to_end_ms_p99']} ms")  # fmt: skip
    if figures["bot_cpu_ms_per_update"] is not None:
        print(f"{'bot CPU per update:':23} {figures['bot_cpu_ms_per_update']} ms (all threads)")
    loads = " ".join(f"{x:.2f}" for x in load)
    print(f"{'load average at end:':23} {loads} ({os.cpu_count()} cpus)")
    print(f"{'answers:':23} {tally.typed} typed, {tally.pressed} pressed; duplicate check "
          f"warned on {tally.duplicate_warned} of {tally.duplicate_expected} seeded contacts "
          f"captured again, on {tally.duplicate_unexpected} new leads")  # fmt: skip
    for error in errors:
        print(f"rep failed: {error}")
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
