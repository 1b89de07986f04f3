"""Every value the book glues, read from executed notebooks, and a comparison of two such lists.

myst-nb's ``glue(name, value)`` leaves a display output whose ``metadata.scrapbook.name`` is the
key; its ``text/plain`` is what ``{glue:text}`` renders. A build keeps the executed notebooks in
``_build/.../jupyter_execute/**/*.ipynb``; :func:`glue_values` reads them (or any executed
notebooks). Figures are recorded by their MIME type and a digest of the image.

    python tests/glue_values.py extract _build/test/run1/_build/jupyter_execute -o glue.json
    python tests/glue_values.py compare tests/data/glue_v0.1.0.json glue.json
    python tests/glue_values.py execute notebooks/ -o /tmp/executed   # run notebooks, no book build
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path


def _value(output: dict) -> str:
    prefix = output["metadata"]["scrapbook"].get("mime_prefix", "")
    data = {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in output.get("data", {}).items()}
    images = sorted(k for k in data if k.startswith("image/"))
    if images:  # a figure: its image's digest (two clean builds draw the same bytes)
        raw = data[images[0]]
        raw = "".join(raw) if isinstance(raw, list) else raw
        return f"<{images[0]} sha256={hashlib.sha256(raw.encode()).hexdigest()[:16]}>"
    if "text/plain" in data:
        text = data["text/plain"]
        return "".join(text) if isinstance(text, list) else text
    return "<" + ", ".join(sorted(data)) + ">"


def notebook_glue(nb: dict) -> dict[str, str]:
    """``{key: text/plain}`` of every glued value in one executed notebook (as parsed JSON)."""
    out = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                out[name] = _value(output)
    return out


def glue_values(folder: str | Path) -> dict[str, dict[str, str]]:
    """``{notebook stem: {key: value}}`` for every executed ``*.ipynb`` under ``folder``."""
    found = {}
    for path in sorted(Path(folder).rglob("*.ipynb")):
        values = notebook_glue(json.loads(path.read_text(encoding="utf-8")))
        if values:
            found[path.stem] = values
    if not found:
        raise SystemExit(f"no glued values in executed notebooks under {folder}")
    return found


def compare(before: dict, after: dict) -> list[str]:
    """Lines naming every key that appeared, disappeared or changed value, per notebook."""
    lines = []
    for nb in sorted(set(before) | set(after)):
        a, b = before.get(nb, {}), after.get(nb, {})
        for key in sorted(set(a) | set(b)):
            if key not in b:
                lines.append(f"{nb}: {key} removed (was {a[key]!r})")
            elif key not in a:
                lines.append(f"{nb}: {key} added ({b[key]!r})")
            elif a[key] != b[key]:
                lines.append(f"{nb}: {key} changed {a[key]!r} -> {b[key]!r}")
    return lines


def execute(folder: Path, out: Path, timeout: int = 600) -> None:
    """Execute every notebook of ``folder`` from that folder into ``out`` (no book build)."""
    import nbformat
    from nbclient import NotebookClient

    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
        nbformat.write(nb, out / path.name)
        print(f"executed {path.name}", file=sys.stderr)


def _flat(values: dict) -> dict:
    return values.get("notebooks", values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("extract")
    ex.add_argument("folder")
    ex.add_argument("-o", "--output")
    cp = sub.add_parser("compare")
    cp.add_argument("before")
    cp.add_argument("after")
    run = sub.add_parser("execute")
    run.add_argument("folder", type=Path)
    run.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "extract":
        text = json.dumps(glue_values(args.folder), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        Path(args.output).write_text(text, encoding="utf-8") if args.output else sys.stdout.write(text)
        return 0
    if args.cmd == "execute":
        execute(args.folder, args.output)
        return 0
    before = _flat(json.loads(Path(args.before).read_text(encoding="utf-8")))
    after = _flat(json.loads(Path(args.after).read_text(encoding="utf-8")))
    lines = compare(before, after)
    print("\n".join(lines) if lines else f"all {sum(map(len, after.values()))} glued values are the same")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
