"""The audit hash chain: edits, deletions, insertions and moved values are caught; erasure is not.

Speed is measured in bench/, not here.
"""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    select,
)

from storage.audit_chain import (
    AUDIT_LOCK_ID,
    ChainBroken,
    Checkpoint,
    canonical,
    check_checkpoints,
    digest,
    link,
    relink,
    verify,
)
from storage.audit_chain import (
    Event as Row,
)
from storage.crypto import Keyring

KEY = Keyring(b"test-secret-key-for-signing-buttons")
NEW_KEY = Keyring(b"the-rotated-secret-key-0123456789")
T0 = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def _event(i: int) -> dict[str, object]:
    action = ("create", "update", "merge", "erase", "role", "import", "export")[i % 7]
    return {
        "at": T0 + timedelta(seconds=i, microseconds=i),
        "actor_id": 1000 + i % 5,
        "action": action,
        "contact_id": i // 3 if action != "role" else None,
        "field": ("phone", "email", "address", "notes", None)[i % 5],
        "old_value": None if i % 4 == 0 else f"+86 138 0013 {i:04d}",
        "new_value": f"wei{i}@example.cn 王伟",
    }


def _append(rows: list[Row], event: dict[str, object], keyring: Keyring = KEY) -> Row:
    """What the repository does on every audited change (under the append lock)."""
    old_value, new_value = event["old_value"], event["new_value"]
    fields = {
        **{k: v for k, v in event.items() if not k.endswith("_value")},
        "old_digest": digest(old_value, keyring),  # type: ignore[arg-type]
        "new_digest": digest(new_value, keyring),  # type: ignore[arg-type]
    }
    prev = rows[-1].hash if rows else None
    row = Row(
        id=len(rows) + 1,
        prev_hash=prev,
        hash=link(prev, fields, keyring),
        old_value=old_value,  # type: ignore[arg-type]
        new_value=new_value,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )
    rows.append(row)
    return row


@pytest.fixture(scope="module")
def chain() -> list[Row]:
    rows: list[Row] = []
    for i in range(1, 1001):
        _append(rows, _event(i))
    return rows


def test_an_intact_chain_verifies(chain: list[Row]) -> None:
    result = verify(chain, KEY)
    assert result.ok and result.rows_checked == 1000 and result.broken_id is None
    assert (result.last_id, result.last_hash) == (1000, chain[-1].hash)
    assert verify([], KEY).ok  # an empty log is a valid one
    # Partial verification from a known-good point.
    assert verify(chain[600:], KEY, after_hash=chain[599].hash).ok
    assert verify(chain[600:], KEY).broken_id == 601


@pytest.mark.parametrize(
    "change",
    [
        {"field": "email"},
        {"action": "update"},
        {"actor_id": 666},
        {"contact_id": 1},
        {"at": T0 + timedelta(days=1)},
        {"new_digest": digest("someone else", KEY)},
        {"old_digest": "x" * 43},
        {"hash": "x" * 43},
    ],
    ids=lambda change: next(iter(change)),
)
def test_an_edited_row_is_found(chain: list[Row], change: dict[str, object]) -> None:
    rows = list(chain)
    rows[499] = replace(rows[499], **change)  # type: ignore[arg-type]
    result = verify(rows, KEY)
    assert not result.ok and result.broken_id == 500 and result.rows_checked == 499
    assert "edited" in (result.reason or "")
    assert result.last_id == 499


@pytest.mark.parametrize("index", [0, 1, 499, 998])
def test_a_deleted_row_is_found(chain: list[Row], index: int) -> None:
    rows = chain[:index] + chain[index + 1 :]
    result = verify(rows, KEY)
    assert not result.ok and result.broken_id == chain[index + 1].id
    assert "deleted" in (result.reason or "")


def test_a_cut_tail_shows_only_against_a_kept_last_hash(chain: list[Row]) -> None:
    kept = verify(chain, KEY).last_hash
    result = verify(chain[:-3], KEY)
    assert result.ok and result.last_hash != kept  # the chain alone cannot tell; the copy can


def _checked(rows: list[Row], points: list[Checkpoint], key: Keyring = KEY):  # type: ignore[no-untyped-def]
    by_id = {r.id: r.hash for r in rows}
    return check_checkpoints(verify(rows, key), points, by_id.get, key.key_id)


def _point(row: Row, key: Keyring = KEY) -> Checkpoint:
    return Checkpoint(row.id, row.hash or "", key.key_id, "2026-12-03T03:00:00+00:00", "nightly")


def test_a_cut_tail_or_an_emptied_table_is_found_against_a_checkpoint(chain: list[Row]) -> None:
    points = [_point(chain[499]), _point(chain[-1])]
    assert _checked(chain, points).ok
    cut = _checked(chain[:-3], points)
    assert (
        not cut.ok
        and cut.broken_id == chain[-1].id
        and "newest events were deleted" in (cut.reason or "")
    )
    emptied = _checked([], points)
    assert (
        not emptied.ok
        and emptied.broken_id == chain[-1].id
        and "is empty" in (emptied.reason or "")
    )


def test_a_tail_deleted_and_rewritten_differs_from_its_checkpoint(chain: list[Row]) -> None:
    rows = list(chain[:-3])
    for i in range(3):  # as many new events, with the same ids, appended in their place
        _append(rows, {**_event(5000 + i), "at": T0 + timedelta(days=1, seconds=i)})
    result = _checked(rows, [_point(chain[-1])])
    assert not result.ok and result.broken_id == chain[-1].id and "differs" in (result.reason or "")


def test_a_checkpoint_under_an_earlier_key_is_skipped(chain: list[Row]) -> None:
    """After rotate-key every hash changes: an old checkpoint can no longer be compared."""
    assert _checked(chain[:-3], [_point(chain[-1], NEW_KEY)]).ok


def test_a_row_whose_value_does_not_open_breaks_the_chain_there(chain: list[Row]) -> None:
    bad = replace(chain[41], problem="its new_value does not decrypt")
    result = verify([*chain[:41], bad, *chain[42:]], KEY)
    assert not result.ok and result.broken_id == chain[41].id and result.rows_checked == 41
    assert result.reason == "its new_value does not decrypt"


def test_an_inserted_row_is_found(chain: list[Row]) -> None:
    forged = replace(chain[499], field="notes", prev_hash=chain[499].hash, hash="f" * 43)
    forged_rows = [*chain[:500], forged, *chain[500:]]
    # ids stay increasing like a real insert between rows (gaps are fine).
    forged_rows = [replace(r, id=n * 2) for n, r in enumerate(forged_rows, 1)]
    result = verify(forged_rows, KEY)
    assert not result.ok and result.broken_id == 1002 and "forged" in (result.reason or "")


def test_a_replayed_genuine_row_is_found(chain: list[Row]) -> None:
    replay = [
        *chain[:700],
        replace(chain[199], id=701),
        *(replace(r, id=r.id + 1) for r in chain[700:]),
    ]
    result = verify(replay, KEY)
    assert not result.ok and result.broken_id == 701 and "prev_hash" in (result.reason or "")


def test_rows_out_of_order_or_without_hash_are_reported(chain: list[Row]) -> None:
    swapped = [*chain[:10], chain[11], chain[10], *chain[12:]]
    assert verify(swapped, KEY).broken_id == 12  # the first row that does not fit
    repeated = [*chain[:10], chain[9], *chain[10:]]
    result = verify(repeated, KEY)
    assert result.broken_id == 10 and "id order" in (result.reason or "")
    unhashed = [*chain[:10], replace(chain[10], hash=None), *chain[11:]]
    result = verify(unhashed, KEY)
    assert result.broken_id == 11 and "no hash" in (result.reason or "")


def test_a_value_moved_between_rows_is_found(chain: list[Row]) -> None:
    rows = list(chain)
    rows[299] = replace(rows[299], new_value=rows[300].new_value)
    result = verify(rows, KEY)
    assert result.broken_id == 300 and "new_value" in (result.reason or "")


def test_erasure_blanks_values_and_the_chain_still_verifies(chain: list[Row]) -> None:
    erased_contacts = {10, 11, 200}
    rows = [
        replace(r, old_value=None, new_value=None) if r.contact_id in erased_contacts else r
        for r in chain
    ]
    assert sum(r.contact_id in erased_contacts for r in rows) >= 6
    assert verify(rows, KEY).ok
    assert verify([replace(r, old_value=None, new_value=None) for r in chain], KEY).ok


def test_another_key_does_not_verify(chain: list[Row]) -> None:
    result = verify(chain, NEW_KEY)
    assert not result.ok and result.broken_id == 1


def test_verify_streams_and_stops_at_the_first_break() -> None:
    def rows(n: int, break_at: int | None = None) -> Iterator[Row]:
        prev: str | None = None
        for i in range(1, n + 1):
            if break_at is not None and i > break_at:
                raise AssertionError("read past the break")
            at = T0 + timedelta(seconds=i)
            event = {"at": at, "actor_id": 1, "action": "update", "contact_id": 2, "field": "f",
                     "old_digest": "o", "new_digest": "n"}  # fmt: skip
            h = link(prev, event, KEY)
            yield Row(i, at, 1, "update", 2, "f", "o", "n", prev, h if i != break_at else "bad")
            prev = h

    assert verify(rows(50, break_at=20), KEY).broken_id == 20
    tracemalloc.start()
    result = verify(rows(3_000), KEY)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.ok and result.rows_checked == 3_000
    assert peak < 200_000, f"verify held {peak} bytes for 3,000 rows: it must stream"


def test_canonical_form_is_stable_across_database_round_trips() -> None:
    aware = {"at": T0, "actor_id": 7, "action": "update", "contact_id": 3, "field": "phone",
             "old_digest": "a", "new_digest": "b", "prev": None}  # fmt: skip
    naive = {**aware, "at": T0.replace(tzinfo=None)}  # SQLite hands times back naive
    shifted = {**aware, "at": T0.astimezone(timezone(timedelta(hours=8)))}
    text_at = {**aware, "at": "2025-03-01T08:30:00+00:00"}
    as_str_ids = {**aware, "actor_id": "7", "contact_id": 3, "prev_hash": None, "id": 99}
    forms = {canonical(f) for f in (aware, naive, shifted, text_at, as_str_ids)}
    assert len(forms) == 1
    assert canonical({**aware, "field": "email"}) != canonical(aware)
    assert canonical({**aware, "prev": "x"}) != canonical(aware)
    assert b"2025-03-01T08:30:00.000000Z" in forms.pop()
    assert digest(None, KEY) is None and digest("", KEY) != digest(" ", KEY)
    assert digest("+8613800138000", KEY) != KEY.blind_index("+8613800138000")
    assert 0 < AUDIT_LOCK_ID < 2**63


def test_verify_reads_sqlalchemy_rows_from_a_real_table(chain: list[Row]) -> None:
    """Rows straight from the database (naive times on SQLite) verify without conversion."""
    table = Table(
        "auditevent", MetaData(),
        Column("id", Integer, primary_key=True), Column("at", DateTime),
        Column("actor_id", BigInteger), Column("action", Text), Column("contact_id", Integer),
        Column("field", Text), Column("old_digest", Text), Column("new_digest", Text),
        Column("prev_hash", Text), Column("hash", Text),
    )  # fmt: skip
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    names = [c.name for c in table.columns]
    with engine.begin() as conn:
        conn.execute(table.insert(), [{n: getattr(r, n) for n in names} for r in chain[:200]])
    with engine.connect() as conn:
        rows = conn.execution_options(yield_per=50).execute(select(table).order_by(table.c.id))
        assert verify(rows, KEY).rows_checked == 200
    engine.dispose()


def _apply(rows: list[Row], updates: list) -> list[Row]:  # type: ignore[type-arg]
    by_id = {u.id: u for u in updates}
    return [
        replace(
            r, **{f.name: getattr(by_id[r.id], f.name) for f in dataclasses.fields(by_id[r.id])}
        )
        for r in rows
    ]


def test_rotation_relinks_the_chain_under_the_new_key(chain: list[Row]) -> None:
    rows = [replace(r, old_value=None, new_value=None) if r.contact_id == 10 else r for r in chain]
    erased = [r for r in rows if r.contact_id == 10 and r.new_digest]
    rotated = _apply(rows, list(relink(rows, NEW_KEY, old=KEY)))
    assert verify(rotated, NEW_KEY).ok and verify(rotated, NEW_KEY).rows_checked == 1000
    assert verify(rotated, KEY).broken_id == 1
    by_id = {r.id: r for r in rotated}
    for row in erased:  # the old-key digest of an erased value does not survive rotation
        assert by_id[row.id].new_digest not in (row.new_digest, None)
    assert by_id[3].new_digest == digest(chain[2].new_value, NEW_KEY)


def test_rotation_refuses_a_tampered_chain(chain: list[Row]) -> None:
    rows = list(chain)
    rows[700] = replace(rows[700], field="notes")
    with pytest.raises(ChainBroken, match="row 701") as info:
        for _ in relink(rows, NEW_KEY, old=KEY):
            pass
    assert info.value.result.broken_id == 701
    with pytest.raises(TypeError, match="old_value"):
        list(relink([object()], NEW_KEY, old=KEY))  # type: ignore[list-item]


def test_backfill_links_rows_written_before_the_chain(chain: list[Row]) -> None:
    legacy = [
        replace(r, old_digest=None, new_digest=None, prev_hash=None, hash=None) for r in chain
    ]
    assert not verify(legacy, KEY).ok
    backfilled = _apply(legacy, list(relink(legacy, KEY, old=None)))
    assert verify(backfilled, KEY).ok
    assert [r.hash for r in backfilled] == [r.hash for r in chain]  # same as written live
