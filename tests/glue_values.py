"""Every value the book glues, read from a build's executed notebooks: the command line of
:mod:`analysis.book.editions` (which reads and compares them), and a way to execute the
notebooks without a book build.

    python tests/glue_values.py BUILD_FOLDER OUT.json   # write a snapshot
    python tests/glue_values.py compare BEFORE.json AFTER.json   # every key added, removed or changed
    python tests/glue_values.py execute notebooks/ OUT_FOLDER   # run the notebooks, no book build
                                                                # (then OUT_FOLDER is a BUILD_FOLDER)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# reading and comparing glued values is the package's (the editions page uses it too)
from analysis.book.editions import compare, glue_values

__all__ = ["compare", "glue_values", "execute"]


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
