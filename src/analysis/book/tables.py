"""The one loader of the curated tables, driven by the Data Package descriptor ``data/datapackage.yaml``.

The descriptor (Frictionless Data Package v1 with Table Schema) declares every file in ``data/``:
for a table, its fields with type (``string``, ``integer``, ``number``, ``date``), constraints
(``required``, ``unique``, ``enum``, ``pattern``, ``minimum``, ``maximum``), primary key and
foreign keys. :func:`read_table` reads a table through it, checks every rule at once with pandas
(vectorised, no row loop) and returns typed columns; the first broken rule raises
:class:`DataError`, which names the file, the row, the column and the rule. The allowed values of
a field live in the descriptor only (:func:`enum_of`). :func:`package_problems` lists every
disagreement between the descriptor and the folder (a file without a resource, a table whose cells
break a rule, a text whose SHA-256 changed), and :func:`files_table` and :func:`columns_table` build
the data appendix from the descriptor. The test suite also validates the folder with the
``frictionless`` package, which proves that the descriptor and the data agree with the standard;
this module does not need it.

Conventions
-----------
* Cells are read as text; an empty cell is missing (Table Schema's default ``missingValues``).
* ``integer`` is an optional sign and digits (returned as pandas ``Int64``), ``number`` anything
  :class:`float` reads except ``nan``/``inf`` (``float64``), ``date`` an ISO 8601 calendar date
  that exists (:class:`datetime.date` objects); ``string`` stays text, missing as ``""``.
* ``pattern`` matches the whole value; on a field with ``separator`` (several values joined by
  ``" | "``) it matches the whole cell. Rows are numbered from 1, the header not counted.
* A word list (``wordlist_pattern``) is UTF-8 text of whitespace-separated words, ``#`` starting
  a comment; every word matches the pattern and none is listed twice.

>>> read_table("events").loc[0, "start"]
datetime.date(1956, 4, 23)
>>> enum_of("events", "precision")
('day', 'month', 'year', 'decade')
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from analysis.book.paths import data_dir
from analysis.book.provenance import split_cell
from analysis.core.errors import AnalysisError

__all__ = ["DataError", "DESCRIPTOR", "TYPES", "load_package", "resource", "enum_of", "read_table",
           "package_problems", "check_package", "files_table", "columns_table"]

#: The descriptor's file name in ``data/``.
DESCRIPTOR = "datapackage.yaml"
#: Field types the loader reads.
TYPES = ("string", "integer", "number", "date")
#: The pattern of a several-valued cell of free text: values that hold no separator.
_FREE_ITEMS = r"(?:(?! \| ).)+(?: \| (?:(?! \| ).)+)*"
_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}


class DataError(AnalysisError):
    """A curated file breaks a rule of the descriptor, or the descriptor is malformed.

    ``file``, ``row`` (1-based, header not counted; ``None`` for the whole file), ``column`` and
    ``rule`` say where and what.
    """

    def __init__(self, file: str, rule: str, row: int | None = None, column: str | None = None,
                 value=None):
        self.file, self.row, self.column, self.rule, self.value = file, row, column, rule, value
        where = file + (f" row {row}" if row is not None else "") + (f" column {column!r}" if column else "")
        super().__init__(f"{where}: {rule}" + (f" (got {value!r})" if value is not None else ""))


def _root(root) -> Path:
    if root is None:
        return data_dir()
    root = Path(root)
    if not root.is_dir():
        raise DataError(str(root), "data folder not found")
    return root


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict:
    try:
        package = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(DESCRIPTOR, f"not valid YAML: {exc}") from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(DESCRIPTOR, "needs a list of resources")
    for i, res in enumerate(package["resources"], start=1):
        if not isinstance(res, dict) or not {"name", "path"} <= set(res):
            raise DataError(DESCRIPTOR, f"resource {i} needs a name and a path")
        for field in res.get("schema", {}).get("fields", []):
            where = f"resource {res['name']!r} field {field.get('name')!r}"
            if field.get("type") not in TYPES:
                raise DataError(DESCRIPTOR, f"{where}: type must be one of {TYPES}, got {field.get('type')!r}")
            unknown = set(field.get("constraints", {})) - _CONSTRAINTS
            if unknown:
                raise DataError(DESCRIPTOR, f"{where}: unknown constraint(s) {sorted(unknown)}")
    return package


def load_package(root=None) -> dict:
    """The descriptor of the data folder ``root`` (default: the book's ``data/``), checked for form."""
    path = _root(root) / DESCRIPTOR
    if not path.is_file():
        raise DataError(DESCRIPTOR, f"no Data Package descriptor at {path}")
    return _load(str(path), path.stat().st_mtime)


def resource(name: str, root=None) -> dict:
    """The resource of a table by its name (``events``) or its path (``events.csv``)."""
    for res in load_package(root)["resources"]:
        if name in (res["name"], res["path"]):
            return res
    raise DataError(name, f"no resource of that name or path in {DESCRIPTOR}")


def enum_of(table: str, field: str, root=None) -> tuple:
    """The allowed values of a field, in the descriptor's order (a closed list there)."""
    for f in resource(table, root).get("schema", {}).get("fields", []):
        if f["name"] == field and "enum" in f.get("constraints", {}):
            return tuple(f["constraints"]["enum"])
    raise DataError(table, "the descriptor gives no list of allowed values", column=field)


def _cells(res: dict, base: Path) -> pd.DataFrame:
    path = base / res["path"]
    if not path.is_file():
        raise DataError(res["path"], f"file not found in {base}")
    if res.get("format") == "json":
        records = json.loads(path.read_text(encoding="utf-8"))
        key = res.get("dialect", {}).get("json", {}).get("property")
        records = records[key] if key else records
        df = pd.DataFrame(records)
        return df.astype(object).where(df.notna(), "").astype(str)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _first(mask: pd.Series) -> int | None:
    hits = mask[mask].index
    return int(hits[0]) if len(hits) else None


def _check_field(df: pd.DataFrame, field: dict, file: str):
    """Check one column; return it typed. Raises :class:`DataError` at the first broken rule."""
    name, kind = field["name"], field["type"]
    cons = field.get("constraints", {})
    text = df[name]
    empty = text.str.strip() == ""

    def fail(mask, rule):
        i = _first(mask)
        if i is not None:
            raise DataError(file, rule, i + 1, name, text.iloc[i])

    if cons.get("required"):
        fail(empty, "required: the cell is empty")
    if kind == "integer":
        fail(~empty & ~text.str.fullmatch(r"[+-]?\d+"), "type integer: not a whole number")
        typed = pd.array([int(v) if v != "" else None for v in text.where(~empty, "")], dtype="Int64")
        typed = pd.Series(typed, index=df.index)
    elif kind == "number":
        numbers = pd.to_numeric(text.where(~empty), errors="coerce")
        fail(~empty & (numbers.isna() | numbers.map(lambda x: math.isinf(x) if x == x else False)),
             "type number: not a finite number")
        typed = numbers.astype(float)
    elif kind == "date":
        stamps = pd.to_datetime(text.where(~empty), format="%Y-%m-%d", errors="coerce")
        fail(~empty & (stamps.isna() | ~text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")),
             "type date: not an ISO 8601 date (YYYY-MM-DD) that exists")
        typed = pd.Series([d.date() if not pd.isna(d) else None for d in stamps], index=df.index, dtype=object)
    else:
        typed = text
    if "enum" in cons:
        allowed = [str(a) for a in cons["enum"]]
        fail(~empty & ~text.isin(allowed), f"enum: not one of {allowed}")
    if "pattern" in cons:
        fail(~empty & ~text.str.fullmatch(cons["pattern"]), f"pattern: does not match {cons['pattern']}")
    for bound, op in (("minimum", typed.lt), ("maximum", typed.gt)):
        if bound in cons and kind in ("integer", "number"):
            fail((~empty & op(cons[bound])).fillna(False).astype(bool), f"{bound}: beyond {cons[bound]}")
    if cons.get("unique"):
        fail(~empty & text.duplicated(keep="first"), "unique: the value occurs in an earlier row")
    return typed


def _as_list(x) -> list[str]:
    return [x] if isinstance(x, str) else list(x)


def _check_keys(df: pd.DataFrame, schema: dict, file: str, base: Path) -> None:
    pk = _as_list(schema.get("primaryKey", []))
    if pk:
        dup = df.duplicated(subset=pk, keep="first")
        i = _first(dup)
        if i is not None:
            raise DataError(file, f"primary key {pk}: the value occurs in an earlier row", i + 1, pk[0],
                            df.loc[i, pk[0]])
    for fk in schema.get("foreignKeys", []):
        (col,), ref = _as_list(fk["fields"]), fk["reference"]
        (ref_col,) = _as_list(ref["fields"])
        target = _cells(resource(ref["resource"], base), base)[ref_col]
        bad = (df[col] != "") & ~df[col].isin(set(target))
        i = _first(bad)
        if i is not None:
            raise DataError(file, f"foreign key: not a {ref_col} of {ref['resource']}", i + 1, col, df.loc[i, col])


def read_table(name: str, root=None) -> pd.DataFrame:
    """A curated table, checked against its resource in the descriptor, with typed columns.

    ``name`` is the resource's name or path. Every column the schema declares must be in the file
    and no other; every cell must keep its field's type and constraints; keys must hold. The first
    broken rule raises :class:`DataError`.
    """
    base = _root(root)
    res = resource(name, base)
    schema = res.get("schema")
    if not schema:
        raise DataError(res["path"], "not a table: the resource has no schema")
    df = _cells(res, base)
    declared = [f["name"] for f in schema["fields"]]
    missing = [c for c in declared if c not in df.columns]
    if missing:
        raise DataError(res["path"], f"column(s) {missing} declared in {DESCRIPTOR} are not in the file")
    extra = [c for c in df.columns if c not in declared]
    if extra:
        raise DataError(res["path"], f"column(s) {extra} are not declared in {DESCRIPTOR}")
    df = df[declared]
    _check_keys(df, schema, res["path"], base)
    return pd.DataFrame({f["name"]: _check_field(df, f, res["path"]) for f in schema["fields"]})


def _words(text: str) -> list[str]:
    return [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]


def _data_files(base: Path) -> list[str]:
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file() and p.name != DESCRIPTOR)


def package_problems(root=None) -> list[str]:
    """Every disagreement between the descriptor and the data folder, one line each (``[]`` if none)."""
    base = _root(root)
    package = load_package(base)
    described = {r["path"]: r for r in package["resources"]}
    files = set(_data_files(base))
    problems = [f"{f}: file in data/ has no resource in {DESCRIPTOR}" for f in sorted(files - set(described))]
    problems += [f"{f}: resource in {DESCRIPTOR} but no such file" for f in sorted(set(described) - files)]
    for path, res in described.items():
        if path not in files:
            continue
        try:
            if "schema" in res:
                read_table(res["name"], base)
            if "hash" in res:
                algo, _, want = res["hash"].rpartition(":")
                got = hashlib.new(algo or "md5", (base / path).read_bytes()).hexdigest()
                if got != want:
                    raise DataError(path, f"hash: {algo or 'md5'} is {got}, the descriptor says {want}")
            if "wordlist_pattern" in res:
                words = _words((base / path).read_text(encoding="utf-8"))
                series = pd.Series(words, dtype=str)
                bad = series[~series.str.fullmatch(res["wordlist_pattern"])]
                if len(bad):
                    raise DataError(path, f"wordlist_pattern: does not match {res['wordlist_pattern']}",
                                    value=bad.iloc[0])
                dup = series[series.duplicated()]
                if len(dup):
                    raise DataError(path, "wordlist: a word is listed twice", value=dup.iloc[0])
        except DataError as exc:
            problems.append(str(exc))
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{path}: cannot be read: {exc}")
    return problems


def check_package(root=None) -> None:
    """Raise :class:`DataError` listing every problem of :func:`package_problems`."""
    problems = package_problems(root)
    if problems:
        raise DataError(DESCRIPTOR, "the data folder disagrees with its descriptor:\n  " + "\n  ".join(problems))


def files_table(root=None) -> pd.DataFrame:
    """One row per file of the data folder: format, size and shape read from the file, and the
    descriptor's description, provenance and reading function."""
    base = _root(root)
    described = {r["path"]: r for r in load_package(base)["resources"]}
    rows = []
    for path in sorted(_data_files(base) + [DESCRIPTOR]):
        res = described.get(path, {"format": "yaml", "description": "This descriptor.",
                                   "provenance": "Written for the book; checked against the files by the test suite "
                                                 "and by the frictionless package.",
                                   "read_by": "analysis.book.tables.load_package"})
        if path != DESCRIPTOR and path not in described:
            raise DataError(path, f"file in data/ has no resource in {DESCRIPTOR}")
        file = base / path
        if "schema" in res:
            df = read_table(res["name"], base)
            shape = f"{len(df)} rows × {len(df.columns)} columns"
        elif "wordlist_pattern" in res:
            shape = f"{len(_words(file.read_text(encoding='utf-8')))} words"
        else:
            shape = f"{len(file.read_text(encoding='utf-8').splitlines())} lines"
        fmt = {"txt": "wordlist" if "wordlist_pattern" in res else "text"}.get(res.get("format"), res.get("format"))
        rows.append({"file": path, "format": fmt, "bytes": file.stat().st_size, "shape": shape,
                     "description": " ".join(res["description"].split()),
                     "provenance": " ".join(res["provenance"].split()), "read by": res.get("read_by", "")})
    return pd.DataFrame(rows)


def _observed(values: list[str], kind: str) -> str:
    """Range for numbers and dates, else the number of distinct values."""
    if not values:
        return "all empty"
    if kind in ("integer", "number"):
        nums = [float(v) for v in values]
        return f"{min(nums):g} to {max(nums):g}"
    if kind == "date":
        return f"{min(values)} to {max(values)}"
    return f"{len(set(values))} distinct"


def _item_pattern(pattern: str) -> str | None:
    """How one value of a several-valued cell is checked, read back from the cell's pattern.

    >>> _item_pattern(r"(?:article|interview)(?: \\| (?:article|interview))*")
    'one of: article / interview'
    """
    if pattern == _FREE_ITEMS:
        return "free text"
    m = re.fullmatch(r"\(\?:(.+)\)\(\?: \\\| \(\?:\1\)\)\*", pattern)
    if not m:
        return None
    words = m.group(1).split("|")
    if all(re.fullmatch(r"[\w ']+", w) for w in words):
        return "one of: " + " / ".join(words)
    return f"matches {m.group(1)}"


def columns_table(name: str, root=None) -> pd.DataFrame:
    """One row per field of a table: type, unit, allowed values or pattern, the description, and
    what the file holds (filled cells, range or number of distinct values)."""
    base = _root(root)
    res = resource(name, base)
    if "schema" not in res:
        tables = [r["path"] for r in load_package(base)["resources"] if "schema" in r]
        raise DataError(name, f"not a table; tables: {tables}")
    df = _cells(res, base)
    keys = set(_as_list(res["schema"].get("primaryKey", [])))
    rows = []
    for field in res["schema"]["fields"]:
        cons = field.get("constraints", {})
        cells = list(df[field["name"]]) if field["name"] in df.columns else []
        multi = "separator" in field
        values = [v for c in cells for v in (split_cell(c) if multi else [c]) if v != ""]
        item = _item_pattern(cons.get("pattern", "")) if multi else None
        if "enum" in cons:
            rule = "one of: " + " / ".join(str(a) for a in cons["enum"])
        elif item:
            rule = item
        elif "pattern" in cons:
            rule = f"matches {cons['pattern']}"
        else:
            rule = "free text" if field["type"] == "string" else ""
        if "minimum" in cons or "maximum" in cons:
            rule = "; ".join(filter(None, [rule, f"from {cons.get('minimum', '…')} to {cons.get('maximum', '…')}"]))
        flags = [f for f, on in (("may be empty", not cons.get("required")),
                                 ("unique", cons.get("unique") or field["name"] in keys),
                                 ('several values, " | "', multi)) if on]
        rows.append({"column": field["name"], "type": field["type"], "unit": field.get("unit", ""),
                     "values": "; ".join([rule, *flags]).strip("; "),
                     "description": " ".join(field["description"].split()),
                     "filled": f"{sum(c != '' for c in cells)}/{len(cells)}",
                     "observed": _observed(values, field["type"])})
    return pd.DataFrame(rows)
