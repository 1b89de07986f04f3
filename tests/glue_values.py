"""Every value the book glues, read from a build's executed notebooks.

myst-nb's ``glue`` stores each value as a display output whose metadata carries
``scrapbook.name``; when it executes a notebook it moves those outputs into
``<build>/jupyter_execute/<page>.glue.json`` beside the executed copy (outputs still in a
notebook are read too).
Text values are kept as they are shown (``text/plain``, or ``text/html``/``text/markdown`` when
that is what the page pastes); figures and other binary outputs are kept as a SHA-256 of their
data, so a snapshot says *that* a figure changed, not how.

    python tests/glue_values.py BUILD_FOLDER OUT.json   # write a snapshot
    python tests/glue_values.py compare BEFORE.json AFTER.json   # every key added, removed or changed
    python tests/glue_values.py execute notebooks/ OUT_FOLDER   # run the notebooks, no book build
                                                                # (then OUT_FOLDER is a BUILD_FOLDER)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

TEXT_TYPES = ("text/plain", "text/markdown", "text/html", "text/latex")


def _value(data: dict, prefix: str) -> dict:
    shown = {}
    for mime, value in data.items():
        mime = mime[len(prefix):] if prefix and mime.startswith(prefix) else mime
        text = "".join(value) if isinstance(value, list) else value
        if mime in TEXT_TYPES:
            shown[mime] = text
        else:
            shown[mime] = "sha256:" + hashlib.sha256(str(text).encode()).hexdigest()
    return shown


def glue_values(build: Path) -> dict[str, dict[str, dict]]:
    """``{notebook path: {glue key: {mime type: value}}}`` for every executed notebook under
    ``build`` (any folder holding a ``jupyter_execute`` tree, searched recursively)."""
    found: dict[str, dict[str, dict]] = {}
    roots = sorted(Path(build).rglob("jupyter_execute"))
    if not roots:
        raise FileNotFoundError(f"no jupyter_execute folder under {build}")
    for root in roots:
        for nb_path in sorted(root.rglob("*.ipynb")):
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
            outputs = [out for cell in nb["cells"] for out in cell.get("outputs", [])]
            side = nb_path.with_suffix(".glue.json")
            if side.is_file():
                outputs += list(json.loads(side.read_text(encoding="utf-8")).values())
            keys: dict[str, dict] = {}
            for out in outputs:
                scrap = out.get("metadata", {}).get("scrapbook")
                if scrap and "name" in scrap:
                    keys[scrap["name"]] = _value(out.get("data", {}), scrap.get("mime_prefix", ""))
            if keys:
                found.setdefault(str(nb_path.relative_to(root).with_suffix("")), {}).update(keys)
    return found


def compare(before: dict, after: dict) -> list[str]:
    """One line per glue key that was removed, added or changed, notebook by notebook."""
    lines = []
    for nb in sorted(set(before) | set(after)):
        a, b = before.get(nb, {}), after.get(nb, {})
        for key in sorted(set(a) | set(b)):
            if key not in b:
                lines.append(f"{nb}: {key} removed (was {a[key]})")
            elif key not in a:
                lines.append(f"{nb}: {key} added ({b[key]})")
            elif a[key] != b[key]:
                lines.append(f"{nb}: {key} changed {a[key]} -> {b[key]}")
    return lines


def execute(folder: Path, out: Path, timeout: int = 600) -> None:
    """Execute every notebook of ``folder`` from that folder into ``out/jupyter_execute``."""
    import nbformat
    from nbclient import NotebookClient

    target = out / "jupyter_execute" / folder.resolve().name
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
        nbformat.write(nb, target / path.name)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "compare":
        before, after = (json.loads(Path(a).read_text(encoding="utf-8")) for a in argv[1:])
        lines = compare(before, after)
        print("\n".join(lines) if lines else f"all {sum(map(len, after.values()))} glued values are the same")
        return 1 if lines else 0
    if len(argv) == 3 and argv[0] == "execute":
        execute(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    values = glue_values(Path(argv[0]))
    Path(argv[1]).write_text(json.dumps(values, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    print(f"{sum(map(len, values.values()))} glued values from {len(values)} notebooks -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
