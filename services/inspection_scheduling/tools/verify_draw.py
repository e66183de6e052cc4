#!/usr/bin/env python3
"""Verify a published 双随机 draw of inspection_scheduling offline, with the Python standard library alone.

    python3 verify_draw.py PROOF.json ROSTER.csv [--commitment HEX] [--why CREDIT_CODE]

PROOF.json is the published proof; ROSTER.csv (header `credit_code,stratum`, UTF-8) or ROSTER.json (a list of
{"credit_code", "stratum"}) the published roster snapshot, in any order. The script re-derives the proof from its
inputs and the roster and prints a JSON report: "byte_identical" when the proof re-derived from the inputs it
states has the file's very bytes, "ok" when moreover every input agrees with its hash and the commitment (the roster
with the committed roster hash, each reveal with its party's commitment, …), and "differences", each naming the
input that does not reproduce (roster, stratum, reveal, commitment, …) with its stratum, party or object. Exit
status 0 when ok, 1 when something differs, 2 when a file cannot be read. --why answers why one credit code
was (not) drawn. The encodings are those of services/inspection_scheduling/README.md; this file imports nothing of
the service on purpose, so that anyone can read and run it alone.
"""

import argparse
import csv
import hashlib
import heapq
import json
import sys
from collections import defaultdict
from pathlib import Path

COMMITTED = ("scheme", "drawn_on", "roster", "strata", "exclusions_sha256", "inspectors_sha256",
             "inspectors_per_object", "parties")
REQUIRED = (*COMMITTED, "exclusions", "inspectors", "commitment", "reveals", "public_value", "seed", "selected",
            "assignments", "inspector_skips")


# --- encodings ------------------------------------------------------------------------------------------------

def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def roster_summary(ordered: list[tuple[str, str]]) -> dict:
    """Over the lines `code TAB stratum LF` in canonical order (read_roster's: by stratum key, then code), so the
    whole roster hashes as its strata's blocks one after the other (scheme inspection_scheduling.draw/2)."""
    whole, per, rows = hashlib.sha256(), {}, 0
    for code, stratum in ordered:
        line = f"{code}\t{stratum}\n".encode()
        whole.update(line)
        entry = per.setdefault(stratum, [hashlib.sha256(), 0])
        entry[0].update(line)
        entry[1] += 1
        rows += 1
    return {"sha256": whole.hexdigest(), "rows": rows,
            "strata": {key: {"rows": count, "sha256": digest.hexdigest()} for key, (digest, count) in per.items()}}


def commitment_of(proof: dict) -> str:
    return sha256_hex(canonical_json({key: proof[key] for key in COMMITTED}))


def seed_of(commitment: str, reveals: list[dict], public_value: str | None) -> bytes:
    ordered = sorted(reveals, key=lambda r: r["party"])
    return hashlib.sha256(canonical_json({"commitment": commitment, "public_value": public_value,
                                          "reveals": ordered})).digest()


def ticket(seed: bytes, stratum: str, code: str) -> str:
    return hashlib.sha256(seed + stratum.encode() + b"\x00" + code.encode("ascii")).hexdigest()


def inspector_ticket(seed: bytes, stratum: str, code: str, inspector_id: str) -> str:
    return hashlib.sha256(seed + stratum.encode() + b"\x00" + code.encode("ascii") + b"\x00"
                          + inspector_id.encode()).hexdigest()


# --- derivation -----------------------------------------------------------------------------------------------

def tickets_by_stratum(seed: bytes, ordered: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    tickets = defaultdict(list)
    for code, stratum in ordered:
        tickets[stratum].append((ticket(seed, stratum, code), code))
    return tickets


def select(seed: bytes, ordered: list[tuple[str, str]], counts: dict[str, int]) -> list[dict]:
    tickets, selected = tickets_by_stratum(seed, ordered), []
    for stratum in sorted(counts):
        smallest = heapq.nsmallest(counts[stratum], tickets.get(stratum, []))
        selected += [{"stratum": stratum, "credit_code": code, "ticket": t, "rank": rank}
                     for rank, (t, code) in enumerate(smallest, 1)]
    return selected


class Refused(Exception):
    """The inputs cannot give a draw (too few eligible inspectors for an object)."""


def uncertified(inspector: dict, drawn_on: str) -> str | None:
    valid_from, valid_until = inspector["certificate_valid_from"], inspector["certificate_valid_until"]
    if inspector["auxiliary"]:
        return "auxiliary"
    if valid_from is None or valid_until is None:
        return "no_certificate"
    if valid_until < drawn_on:
        return "certificate_expired"
    if drawn_on < valid_from:
        return "certificate_not_yet_valid"
    return None


def assign(proof: dict, selected: list[dict], seed: bytes) -> tuple[list[dict], list[dict]]:
    certified, skips = [], []
    for inspector in proof["inspectors"]:
        reason = uncertified(inspector, proof["drawn_on"])
        if reason:
            skips.append({"inspector": inspector["id"], "stratum": None, "credit_code": None, "reason": reason,
                          "rule": "E-1"})
        else:
            certified.append(inspector)
    by_stratum = {}
    for stratum in proof["strata"]:
        specialty = stratum["specialty"]
        if specialty is not None:
            skips += [{"inspector": i["id"], "stratum": stratum["key"], "credit_code": None, "reason": "specialty",
                       "rule": "R-2"} for i in certified if specialty not in i["specialties"]]
        by_stratum[stratum["key"]] = [i for i in certified if specialty is None or specialty in i["specialties"]]
    iseed, load = hashlib.sha256(seed + b"inspectors").digest(), {i["id"]: 0 for i in certified}
    per_object, assignments = proof["inspectors_per_object"], []
    for obj in selected:
        code, stratum, candidates = obj["credit_code"], obj["stratum"], []
        for inspector in by_stratum[stratum]:
            if code in inspector["conflicts"]:
                skips.append({"inspector": inspector["id"], "stratum": stratum, "credit_code": code,
                              "reason": "conflict", "rule": "R-10"})
            else:
                candidates.append((load[inspector["id"]], inspector_ticket(iseed, stratum, code, inspector["id"]),
                                   inspector["id"]))
        if len(candidates) < per_object:
            raise Refused(f"fewer than {per_object} eligible inspectors for {code} in {stratum}")
        chosen = [inspector_id for _, _, inspector_id in sorted(candidates)[:per_object]]
        for inspector_id in chosen:
            load[inspector_id] += 1
        assignments.append({"stratum": stratum, "credit_code": code, "inspectors": chosen})
    return assignments, skips


def derive(proof: dict, ordered: list[tuple[str, str]]) -> dict:
    seed = seed_of(proof["commitment"], proof["reveals"], proof["public_value"])
    selected = select(seed, ordered, {s["key"]: s["count"] for s in proof["strata"]})
    assignments, skips = assign(proof, selected, seed)
    return {**{key: proof[key] for key in (*COMMITTED, "exclusions", "inspectors", "commitment")},
            "reveals": sorted(proof["reveals"], key=lambda r: r["party"]), "public_value": proof["public_value"],
            "seed": seed.hex(), "selected": selected, "assignments": assignments, "inspector_skips": skips}


# --- verification ---------------------------------------------------------------------------------------------

def difference(input_: str, key: str | None, detail: str) -> dict:
    return {"input": input_, "key": key, "detail": detail}


def rows_of(summary: dict, key: str) -> str:
    stratum = summary["strata"].get(key)
    return "no rows" if stratum is None else f"{stratum['rows']} rows hashing to {stratum['sha256']}"


def roster_differences(proof: dict, ordered: list[tuple[str, str]]) -> list[dict]:
    claimed, actual = proof["roster"], roster_summary(ordered)
    if claimed == actual:
        return []
    keys = sorted(set(claimed["strata"]) | set(actual["strata"]))
    found = [difference("roster", key, f"stratum {key}: the roster given has {rows_of(actual, key)}, the proof "
                        f"{rows_of(claimed, key)}") for key in keys
             if claimed["strata"].get(key) != actual["strata"].get(key)]
    return found or [difference("roster", None, f"SHA-256 {actual['sha256']}, the proof {claimed['sha256']}")]


def input_differences(proof: dict, published: str | None) -> list[dict]:
    found = [difference(name, None, f"its list hashes to {sha256_hex(canonical_json(proof[name]))}, not "
                        f"{proof[name + '_sha256']}") for name in ("exclusions", "inspectors")
             if sha256_hex(canonical_json(proof[name])) != proof[name + "_sha256"]]
    committed = {p["party"]: p["commitment"] for p in proof["parties"]}
    revealed = {r["party"]: r["secret"] for r in proof["reveals"]}
    for party, secret in sorted(revealed.items()):
        hashed = sha256_hex(secret.encode())
        if committed.get(party) != hashed:
            found.append(difference("reveal", party, "this party made no commitment" if party not in committed
                                    else f"the secret hashes to {hashed}, the party committed to {committed[party]}"))
    found += [difference("reveal", party, "committed but did not reveal")
              for party in sorted(set(committed) - set(revealed))]
    if len(revealed) < 2:
        found.append(difference("reveal", None, "fewer than two parties revealed (R-4)"))
    if (recomputed := commitment_of(proof)) != proof["commitment"]:
        found.append(difference("commitment", None, f"the frozen inputs hash to {recomputed}, not to the "
                                f"commitment {proof['commitment']}"))
    if published is not None and published != proof["commitment"]:
        found.append(difference("commitment", None, f"published {published}, the proof {proof['commitment']}"))
    return found


def by_stratum(selected: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for item in selected:
        grouped[item["stratum"]].append(item)
    return grouped


def output_differences(proof: dict, derived: dict) -> list[dict]:
    claimed, rederived, found = by_stratum(proof["selected"]), by_stratum(derived["selected"]), []
    for stratum in proof["strata"]:
        key, theirs, mine = stratum["key"], claimed.pop(stratum["key"], []), rederived.get(stratum["key"], [])
        if len(theirs) != stratum["count"]:
            found.append(difference("stratum", key, f"count {stratum['count']}, yet the proof selects {len(theirs)}"))
        elif theirs != mine:
            only_mine = sorted({s["credit_code"] for s in mine} - {s["credit_code"] for s in theirs})
            only_theirs = sorted({s["credit_code"] for s in theirs} - {s["credit_code"] for s in mine})
            found.append(difference("selection", key, f"re-derived only: {only_mine or '-'}; in the proof only: "
                                    f"{only_theirs or '-'} (or tickets, ranks differ)"))
    found += [difference("selection", key, "not a stratum of the draw") for key in sorted(claimed)]
    assigned = {(a["stratum"], a["credit_code"]): a for a in proof["assignments"]}
    reassigned = {(a["stratum"], a["credit_code"]): a for a in derived["assignments"]}
    found += [difference("assignment", f"{key[0]} {key[1]}", f"re-derived {names(reassigned.get(key))}, the proof "
                         f"{names(assigned.get(key))}") for key in sorted(set(assigned) | set(reassigned))
              if assigned.get(key) != reassigned.get(key)]
    if derived["inspector_skips"] != proof["inspector_skips"]:
        found.append(difference("inspector_skips", None, "the logged skips differ from the re-derived ones"))
    return found


def names(assignment: dict | None) -> str:
    return "none" if assignment is None else ", ".join(assignment["inspectors"])


def verify(proof: dict, ordered: list[tuple[str, str]], published: str | None, raw: bytes) -> dict:
    missing = [key for key in REQUIRED if key not in proof]
    if missing:
        return report([difference("proof", key, "missing") for key in missing], None, raw)
    found = [*roster_differences(proof, ordered), *input_differences(proof, published)]
    seed = seed_of(proof["commitment"], proof["reveals"], proof["public_value"]).hex()
    if seed != proof["seed"]:
        found.append(difference("seed", None, f"the reveals and public value give {seed}, not {proof['seed']}"))
    try:
        derived = derive(proof, ordered)
    except Refused as refusal:
        return report([*found, difference("derivation", None, str(refusal))], None, raw)
    found += output_differences(proof, derived)
    reproduced = canonical_json(derived)
    if not found and reproduced != canonical_json(proof):
        found.append(difference("proof", None, "fields outside the draw differ"))
    return report(found, reproduced, raw)


def report(found: list[dict], reproduced: bytes | None, raw: bytes) -> dict:
    return {"ok": not found, "differences": found,
            "proof_sha256": None if reproduced is None else sha256_hex(reproduced),
            "byte_identical": reproduced is not None and raw.rstrip(b"\n") == reproduced}


def why(code: str, proof: dict, ordered: list[tuple[str, str]]) -> list[dict]:
    excluded = [e for e in proof["exclusions"] if e["credit_code"] == code]
    if excluded:
        return [{"credit_code": code, "outcome": "excluded", "rule": e["rule"],
                 "detail": f"{e['reason']}: {e['detail']}".rstrip(": ")} for e in excluded]
    strata = sorted({stratum for c, stratum in ordered if c == code})
    if not strata:
        return [{"credit_code": code, "outcome": "not_on_roster", "rule": None,
                 "detail": "on the frozen roster of no stratum of this draw"}]
    seed = seed_of(proof["commitment"], proof["reveals"], proof["public_value"])
    tickets = tickets_by_stratum(seed, [row for row in ordered if row[1] in strata])
    counts = {s["key"]: s["count"] for s in proof["strata"]}
    assigned = {(a["stratum"], a["credit_code"]): a["inspectors"] for a in proof["assignments"]}
    answers = []
    for stratum in strata:
        mine = next(t for t in tickets[stratum] if t[1] == code)
        rank, of, count = 1 + sum(1 for t in tickets[stratum] if t < mine), len(tickets[stratum]), counts.get(stratum, 0)
        drawn = rank <= count
        answers.append({"credit_code": code, "outcome": "drawn" if drawn else "not_drawn", "rule": "R-4",
                        "detail": f"ticket rank {rank} of {of} {'<=' if drawn else '>'} count {count}: "
                                  f"{'drawn' if drawn else 'not drawn'}",
                        "stratum": stratum, "rank": rank, "of": of, "count": count, "ticket": mine[0],
                        "inspectors": assigned.get((stratum, code), []) if drawn else []})
    return answers


# --- files ----------------------------------------------------------------------------------------------------

def read_roster(path: Path) -> list[tuple[str, str]]:
    if path.suffix.lower() == ".json":
        rows = [(r["credit_code"], r["stratum"]) for r in json.loads(path.read_text(encoding="utf-8"))]
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [(r["credit_code"], r["stratum"]) for r in csv.DictReader(handle)]
    return sorted(set(rows), key=lambda row: (row[1], row[0]))  # canonical: by stratum key, then credit code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("proof", type=Path)
    parser.add_argument("roster", type=Path)
    parser.add_argument("--commitment", help="the commitment published before the ceremony")
    parser.add_argument("--why", metavar="CREDIT_CODE", help="why this credit code was (not) drawn")
    args = parser.parse_args(argv)
    try:
        raw = args.proof.read_bytes()
        proof, ordered = json.loads(raw), read_roster(args.roster)
    except (OSError, ValueError, KeyError) as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}, ensure_ascii=False), file=sys.stderr)
        return 2
    result = verify(proof, ordered, args.commitment, raw)
    if args.why:
        result["why"] = why(args.why, proof, ordered)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
