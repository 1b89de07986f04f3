"""The data dictionary: what every file in ``data/`` holds, checked against the files.

``data/dictionary.yml`` describes each file (format, description, provenance, the function
that reads it) and each column of a table (type, unit, allowed values, pattern, whether it
may be empty, whether its values are unique, whether a cell holds several values separated
by :data:`analysis.book.provenance.SEPARATOR`). :func:`dictionary_problems` compares the
description with the files and lists every disagreement, so a test can keep the two from
drifting; :func:`files_table` and :func:`columns_table` build the data appendix's tables,
with counts and ranges read from the files, not from the description.

Conventions
-----------
* Tables are read as text (``dtype=str``, empty cells as ``""``); a JSON ``null`` counts as
  an empty cell. Types are checked on the text: ``integer`` is an optional sign and digits,
  ``number`` anything :class:`float` accepts except ``nan``/``inf``, ``date`` an ISO 8601
  calendar date (``YYYY-MM-DD``) that exists.
* ``pattern`` must match the whole value (:func:`re.fullmatch`).
* A ``wordlist`` is a UTF-8 text of whitespace-separated words, ``#`` starting a comment;
  its ``pattern`` applies to every word, and no word may be listed twice.

>>> _value_problem("1956-02-30", {"type": "date"})
"not a date (YYYY-MM-DD): '1956-02-30'"
>>> _value_problem("day", {"type": "string", "allowed": ["day", "year"]}) is None
True
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from analysis.book.paths import data_dir
from analysis.book.provenance import split_cell
from analysis.core.errors import AnalysisError

__all__ = ["DataDictionaryError", "TYPES", "FORMATS", "load_dictionary", "data_files",
           "read_table", "dictionary_problems", "check_dictionary", "files_table", "columns_table"]

#: Column types the dictionary may declare.
TYPES = ("string", "integer", "number", "date")
#: File formats the dictionary may declare.
FORMATS = ("csv", "json", "text", "wordlist", "yaml")
_COLUMN_KEYS = {"type", "description", "unit", "allowed", "pattern", "nullable", "unique", "multi"}
_FILE_KEYS = {"format", "description", "provenance", "read_by", "columns", "records", "pattern"}
DICTIONARY_NAME = "dictionary.yml"


class DataDictionaryError(AnalysisError):
    """The data dictionary is malformed, or disagrees with the files it describes."""


def _data_root(root) -> Path:
    if root is None:

        return data_dir()
    root = Path(root)
    if not root.is_dir():
        raise DataDictionaryError(f"data folder not found: {root}")
    return root


def load_dictionary(root=None) -> dict:
    """``dictionary.yml`` of the data folder ``root`` (default: the book's ``data/``), checked
    for form: a ``files`` mapping, each file with a known format, a description and a
    provenance, each column with a known type and a description.

    Raises :class:`DataDictionaryError` naming the file or column at fault.

    >>> d = load_dictionary()
    >>> d["files"]["events.csv"]["columns"]["precision"]["allowed"]
    ['day', 'month', 'year', 'decade']
    """

    path = _data_root(root) / DICTIONARY_NAME
    if not path.is_file():
        raise DataDictionaryError(f"no data dictionary at {path}")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataDictionaryError(f"{path.name} is not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("files"), dict) or not doc["files"]:
        raise DataDictionaryError(f"{path.name} must hold a non-empty mapping 'files'")
    for name, spec in doc["files"].items():
        where = f"{path.name}: {name}"
        if not isinstance(spec, dict):
            raise DataDictionaryError(f"{where}: entry must be a mapping")
        unknown = set(spec) - _FILE_KEYS
        if unknown:
            raise DataDictionaryError(f"{where}: unknown key(s) {sorted(unknown)}")
        if spec.get("format") not in FORMATS:
            raise DataDictionaryError(f"{where}: format must be one of {FORMATS}, got {spec.get('format')!r}")
        for key in ("description", "provenance"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise DataDictionaryError(f"{where}: needs a {key}")
        tabular = spec["format"] in ("csv", "json")
        if tabular and not isinstance(spec.get("columns"), dict):
            raise DataDictionaryError(f"{where}: a {spec['format']} file needs 'columns'")
        if spec["format"] == "json" and not isinstance(spec.get("records"), str):
            raise DataDictionaryError(f"{where}: a json file needs 'records', the key of its record list")
        for col, cspec in (spec.get("columns") or {}).items():
            cwhere = f"{where}, column {col}"
            if not isinstance(cspec, dict):
                raise DataDictionaryError(f"{cwhere}: must be a mapping")
            unknown = set(cspec) - _COLUMN_KEYS
            if unknown:
                raise DataDictionaryError(f"{cwhere}: unknown key(s) {sorted(unknown)}")
            if cspec.get("type") not in TYPES:
                raise DataDictionaryError(f"{cwhere}: type must be one of {TYPES}, got {cspec.get('type')!r}")
            if not isinstance(cspec.get("description"), str) or not cspec["description"].strip():
                raise DataDictionaryError(f"{cwhere}: needs a description")
            if "allowed" in cspec and not (isinstance(cspec["allowed"], list) and cspec["allowed"]):
                raise DataDictionaryError(f"{cwhere}: allowed must be a non-empty list")
            if "pattern" in cspec:
                try:
                    re.compile(cspec["pattern"])
                except (re.error, TypeError) as exc:
                    raise DataDictionaryError(f"{cwhere}: bad pattern {cspec['pattern']!r}: {exc}") from None
    return doc


def data_files(root=None) -> list[str]:
    """Every file under the data folder, as POSIX paths relative to it, sorted.

    Hidden files (a name starting with ``.``) are left out.
    """
    base = _data_root(root)
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(base).parts))


def read_table(name: str, spec: dict, root=None):
    """The table ``name`` as a DataFrame of strings (empty cells and JSON nulls as ``""``)."""

    path = _data_root(root) / name
    if spec["format"] == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if spec["format"] == "json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        records = doc.get(spec["records"]) if isinstance(doc, dict) else None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise DataDictionaryError(f"{name}: key {spec['records']!r} must hold a list of records")
        columns = list(dict.fromkeys(k for r in records for k in r))
        rows = [{k: "" if r.get(k) is None else str(r.get(k)) for k in columns} for r in records]
        return pd.DataFrame(rows, columns=columns)
    raise DataDictionaryError(f"{name}: format {spec['format']!r} is not a table")


def _value_problem(value: str, cspec: dict) -> str | None:
    """What is wrong with one non-empty value under a column spec, or ``None``."""
    kind = cspec["type"]
    if kind == "integer" and not re.fullmatch(r"[-+]?\d+", value):
        return f"not an integer: {value!r}"
    if kind == "number":
        try:
            ok = math.isfinite(float(value))
        except ValueError:
            ok = False
        if not ok:
            return f"not a number: {value!r}"
    if kind == "date":
        try:
            date.fromisoformat(value)
            ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
        except ValueError:
            ok = False
        if not ok:
            return f"not a date (YYYY-MM-DD): {value!r}"
    if "pattern" in cspec and not re.fullmatch(cspec["pattern"], value):
        return f"{value!r} does not match the pattern {cspec['pattern']!r}"
    if "allowed" in cspec and value not in [str(a) for a in cspec["allowed"]]:
        return f"{value!r} is not an allowed value {cspec['allowed']}"
    return None


def _table_problems(name: str, spec: dict, root) -> list[str]:
    try:
        df = read_table(name, spec, root)
    except DataDictionaryError as exc:
        return [str(exc)]
    except Exception as exc:  # a table that does not parse is a problem to report, not a crash
        return [f"{name}: cannot be read as {spec['format']}: {exc}"]
    documented, present = list(spec["columns"]), list(df.columns)
    out = [f"{name}: column {c!r} is not documented" for c in present if c not in documented]
    out += [f"{name}: documented column {c!r} is missing from the file" for c in documented if c not in present]
    for col in (c for c in documented if c in present):
        cspec = spec["columns"][col]
        for i, cell in enumerate(df[col], start=1):
            where = f"{name} row {i}, column {col}"
            values = split_cell(cell) if cspec.get("multi") else ([cell] if cell != "" else [])
            if not values:
                if not cspec.get("nullable"):
                    out.append(f"{where}: empty, but the column is not nullable")
                continue
            for v in values:
                problem = _value_problem(v, cspec)
                if problem:
                    out.append(f"{where}: {problem}")
        if cspec.get("unique"):
            dup = sorted(set(df.loc[df[col].duplicated() & (df[col] != ""), col]))
            if dup:
                out.append(f"{name}, column {col}: values repeat but must be unique: {dup}")
    return out


def _wordlist_words(text: str) -> list[str]:
    return [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]


def dictionary_problems(root=None) -> list[str]:
    """Every disagreement between ``dictionary.yml`` and the files of the data folder.

    An empty list means: every file is documented and every documented file exists; each
    table's columns are exactly the documented ones; every value keeps its column's type,
    pattern and allowed values; non-nullable cells are filled; unique columns do not repeat;
    text files are UTF-8; every word of a word list matches its pattern. A malformed dictionary
    raises :class:`DataDictionaryError` instead (see :func:`load_dictionary`).
    """
    base = _data_root(root)
    spec_files = load_dictionary(base)["files"]
    present = data_files(base)
    out = [f"{f}: file in data/ is not documented in {DICTIONARY_NAME}" for f in present if f not in spec_files]
    out += [f"{f}: documented in {DICTIONARY_NAME} but not in data/" for f in spec_files if f not in present]
    for name, spec in spec_files.items():
        if name not in present:
            continue
        if spec["format"] in ("csv", "json"):
            out += _table_problems(name, spec, base)
            continue
        try:
            text = (base / name).read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            out.append(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        if spec["format"] == "wordlist":
            words = _wordlist_words(text)
            if not words:
                out.append(f"{name}: word list holds no words")
            bad = [w for w in words if "pattern" in spec and not re.fullmatch(spec["pattern"], w)]
            if bad:
                out.append(f"{name}: words that do not match {spec['pattern']!r}: {bad[:10]}")
            seen: set[str] = set()
            repeated = sorted({w for w in words if w in seen or seen.add(w)})
            if repeated:
                out.append(f"{name}: words listed more than once: {repeated[:10]}")
    return out


def check_dictionary(root=None) -> None:
    """Raise :class:`DataDictionaryError` listing every problem :func:`dictionary_problems` finds."""
    problems = dictionary_problems(root)
    if problems:
        raise DataDictionaryError(f"data dictionary disagrees with data/ ({len(problems)} problem(s)):\n- "
                                  + "\n- ".join(problems))


def files_table(root=None):
    """One row per file of the data folder: format, size and shape read from the file, and
    the dictionary's description, provenance and reading function."""

    base = _data_root(root)
    spec_files = load_dictionary(base)["files"]
    rows = []
    for name in data_files(base):
        spec = spec_files.get(name)
        if spec is None:
            raise DataDictionaryError(f"{name}: file in data/ is not documented in {DICTIONARY_NAME}")
        path = base / name
        if spec["format"] in ("csv", "json"):
            df = read_table(name, spec, base)
            shape = f"{len(df)} rows × {len(df.columns)} columns"
        elif spec["format"] == "wordlist":
            shape = f"{len(_wordlist_words(path.read_text(encoding='utf-8')))} words"
        else:
            shape = f"{len(path.read_text(encoding='utf-8').splitlines())} lines"
        rows.append({"file": name, "format": spec["format"], "bytes": path.stat().st_size, "shape": shape,
                     "description": " ".join(spec["description"].split()),
                     "provenance": " ".join(spec["provenance"].split()), "read by": spec.get("read_by", "")})
    return pd.DataFrame(rows)


def _observed(values: list[str], kind: str) -> str:
    """A short summary of the values a column holds: range for numbers and dates, else the
    number of distinct values."""
    if not values:
        return "all empty"
    if kind in ("integer", "number"):
        nums = [float(v) for v in values]
        return f"{min(nums):g} to {max(nums):g}"
    if kind == "date":
        return f"{min(values)} to {max(values)}"
    return f"{len(set(values))} distinct"


def columns_table(name: str, root=None):
    """One row per column of the table ``name``: type, unit, allowed values or pattern, the
    description, and what the file holds (filled cells, range or number of distinct values).

    Raises :class:`DataDictionaryError` for a file that is not a documented table.
    """

    base = _data_root(root)
    spec_files = load_dictionary(base)["files"]
    spec = spec_files.get(name)
    if spec is None or spec["format"] not in ("csv", "json"):
        tables = sorted(n for n, s in spec_files.items() if s["format"] in ("csv", "json"))
        raise DataDictionaryError(f"{name!r} is not a documented table; tables: {tables}")
    df = read_table(name, spec, base)
    rows = []
    for col, cspec in spec["columns"].items():
        cells = list(df[col]) if col in df.columns else []
        values = [v for c in cells for v in (split_cell(c) if cspec.get("multi") else [c]) if v != ""]
        if "allowed" in cspec:
            rule = "one of: " + " / ".join(str(a) for a in cspec["allowed"])
        elif "pattern" in cspec:
            rule = f"matches {cspec['pattern']}"
        else:
            rule = "free text" if cspec["type"] == "string" else ""
        flags = [f for f, on in (("may be empty", cspec.get("nullable")), ("unique", cspec.get("unique")),
                                 ('several values, " | "', cspec.get("multi"))) if on]
        rows.append({"column": col, "type": cspec["type"], "unit": cspec.get("unit", ""),
                     "values": "; ".join([rule, *flags]).strip("; "),
                     "description": " ".join(cspec["description"].split()),
                     "filled": f"{sum(c != '' for c in cells)}/{len(cells)}",
                     "observed": _observed(values, cspec["type"])})
    return pd.DataFrame(rows)
