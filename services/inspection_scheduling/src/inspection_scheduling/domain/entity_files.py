"""An object-pool file read into columns (R-2): CSV with a header row (UTF-8, an optional BOM), a JSON array of
objects, or NDJSON (one object a line). Field names are `entities.FIELDS`; in CSV `special_sectors` holds the sectors
separated by `|`, in JSON a list of strings. A missing optional field is blank; an unknown one refuses the file.
Problems of the file as a whole name row 0; a row's own name its number (from 1)."""

import csv
import io
import json
from itertools import chain, repeat

from inspection_scheduling.domain.entities import FIELDS, REQUIRED, Columns, Problem

FORMATS = {"text/csv": "csv", "application/json": "json", "application/x-ndjson": "ndjson"}


class Unreadable(Exception):
    """The file cannot be read as its format (what and where: `problems`, at least one)."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems[0].reason)
        self.problems = list(problems)


def read(body: bytes, fmt: str) -> Columns:
    """The file's entities field by field; Unreadable when the file is not what its format says, or holds none."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(Problem(0, "body", f"not UTF-8 text (byte {exc.start})")) from exc
    columns = _csv(text) if fmt == "csv" else _json(_objects(text, fmt))
    if columns.rows == 0:
        raise Unreadable(Problem(0, "body", "no entity in the file"))
    return columns


def _csv(text: str) -> Columns:
    header, cells, rows = _plain(text) if '"' not in text and "\r" not in text else (None, None, 0)
    if header is None:
        header, cells, rows = _quoted(text)
    _known(header)
    blank = [""] * rows
    values = {f: cells.get(f, blank) for f in FIELDS}
    split = {x: tuple(s.strip() for s in x.split("|")) if x.strip() else () for x in set(values["special_sectors"])}
    values["special_sectors"] = list(map(split.__getitem__, values["special_sectors"]))
    return Columns(rows, values)


def _plain(text: str) -> tuple[list[str] | None, dict[str, list[str]] | None, int]:
    """A file without quotes or CR split a whole column at a time (None when a line has another number of cells)."""
    lines = text.split("\n")
    if "" in lines:
        lines = [line for line in lines if line]
    if not lines:
        raise Unreadable(Problem(0, "body", "no header row"))
    header = [h.strip() for h in lines[0].split(",")]
    if set(map(str.count, lines, repeat(","))) != {len(header) - 1}:
        return None, None, 0
    flat = ",".join(lines[1:]).split(",") if len(lines) > 1 else []
    return header, {h: flat[k::len(header)] for k, h in enumerate(header)}, len(lines) - 1


def _quoted(text: str) -> tuple[list[str], dict[str, list[str]], int]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise Unreadable(Problem(0, "body", f"not CSV: {exc}")) from exc
    if not rows:
        raise Unreadable(Problem(0, "body", "no header row"))
    header, rows = [h.strip() for h in rows[0]], [r for r in rows[1:] if r]
    if set(map(len, rows)) - {len(header)}:
        bad = next(i for i, r in enumerate(rows, 1) if len(r) != len(header))
        raise Unreadable(Problem(bad, "body", f"{len(rows[bad - 1])} cells where the header has {len(header)}"))
    columns = map(list, zip(*rows, strict=True)) if rows else ([] for _ in header)
    return header, dict(zip(header, columns, strict=True)), len(rows)


def _known(names: list[str]) -> None:
    unknown = sorted(set(names) - set(FIELDS))
    missing = sorted(set(REQUIRED) - set(names))
    if unknown or missing or len(set(names)) < len(names):
        reason = "; ".join(filter(None, (unknown and f"unknown {', '.join(unknown)}",
                                         missing and f"missing {', '.join(missing)}",
                                         len(set(names)) < len(names) and "a field named twice")))
        raise Unreadable(Problem(0, "header", reason))


def _objects(text: str, fmt: str) -> list:
    try:
        if fmt == "json":
            items = json.loads(text)
            if not isinstance(items, list):
                raise Unreadable(Problem(0, "body", "not a JSON array of entities"))
            return items
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except (ValueError, RecursionError) as exc:
        raise Unreadable(Problem(0, "body", f"not {fmt.upper()}: {str(exc)[:200]}")) from exc


def _json(items: list) -> Columns:
    if not all(isinstance(item, dict) for item in items):
        bad = next(i for i, item in enumerate(items, 1) if not isinstance(item, dict))
        raise Unreadable(Problem(bad, "body", "not a JSON object"))
    unknown = set(chain.from_iterable(items)) - set(FIELDS)
    if unknown:
        raise Unreadable(Problem(0, "header", f"unknown {', '.join(sorted(map(str, unknown)))}"))
    values = {f: [item.get(f) for item in items] for f in FIELDS}
    wrong = [p for f in FIELDS for p in _typed(values, f)]
    if wrong:
        raise Unreadable(*wrong)
    values["special_sectors"] = [tuple(x or ()) for x in values["special_sectors"]]
    return Columns(len(items), values)


def _typed(values: dict[str, list], field: str) -> list[Problem]:
    """Text fields as text (a JSON number, e.g. a 区划, as its digits; null as blank); sectors a list of text."""
    column = values[field]
    if field == "special_sectors":
        return [Problem(i, field, "not a list of text") for i, x in enumerate(column, 1)
                if not (x is None or isinstance(x, list) and all(isinstance(s, str) for s in x))]
    kinds = set(map(type, column))
    if kinds <= {str}:
        return []
    if kinds <= {str, int, type(None)}:
        values[field] = ["" if x is None else str(x) for x in column]
        return []
    return [Problem(i, field, "not text") for i, x in enumerate(column, 1) if not isinstance(x, str | int | None)
            or isinstance(x, bool)]
