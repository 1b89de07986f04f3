"""The public repository the book is built from, found where the book is built, never typed in.

The book's Binder, live-code and repository buttons and the URL on its "How to cite" page all
come from :func:`find_repository`, which the Sphinx extension ``_ext/repository_links.py`` and the
notebook ``how_to_cite`` both call, so the two cannot disagree. In order:

1. ``GITHUB_REPOSITORY`` (``owner/name``) and ``GITHUB_REF_NAME`` (the branch or tag), which
   GitHub Actions sets for every workflow, so the Pages workflow needs nothing extra;
2. otherwise the ``origin`` remote and the current branch of the git checkout, when the remote is
   on GitHub (``https://github.com/owner/name(.git)``, ``git@github.com:owner/name(.git)`` or
   ``ssh://git@github.com/owner/name(.git)``);
3. otherwise nothing: another host, no remote, a detached HEAD or no git at all raise
   :class:`RepositoryNotFound`, whose message says what was looked at. The book then has no
   launch or repository buttons rather than buttons to a made-up repository.

mybinder.org's ``gh`` provider serves github.com only, so only GitHub repositories count.

>>> github_slug("git@github.com:example-org/example-book.git")
'example-org/example-book'
>>> find_repository(environ={"GITHUB_REPOSITORY": "example-org/example-book",
...                          "GITHUB_REF_NAME": "main"}).url
'https://github.com/example-org/example-book'
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from analysis.core.errors import AnalysisError

__all__ = ["Repository", "RepositoryError", "RepositoryNotFound", "github_slug", "find_repository"]

GITHUB = "https://github.com"
_NAME = r"[A-Za-z0-9_.-]+"
_SLUG = re.compile(rf"(?P<owner>{_NAME})/(?P<name>{_NAME})")
_REMOTES = (
    re.compile(rf"^https?://(?:[^@/]+@)?github\.com/(?P<slug>{_NAME}/{_NAME})/?$"),
    re.compile(rf"^(?:ssh://)?git@github\.com[:/](?P<slug>{_NAME}/{_NAME})/?$"),
)
# git refuses branch names with these (git check-ref-format), and a URL path cannot carry them.
_BAD_BRANCH = re.compile(r"(^[-/.])|\.\.|[\s~^:?*\[\\]|@\{|(/|\.lock|\.)$")


class RepositoryError(AnalysisError):
    """A repository name or branch that is not what GitHub would give."""


class RepositoryNotFound(RepositoryError):
    """The book's build does not know its public GitHub repository (the message says why)."""


@dataclass(frozen=True)
class Repository:
    """A GitHub repository and the branch (or tag) the book is built from."""

    slug: str  # owner/name
    branch: str
    found_in: str  # where it was found, for the build log

    @property
    def url(self) -> str:
        return f"{GITHUB}/{self.slug}"

    @property
    def pages_url(self) -> str:
        """Where GitHub Pages publishes the book (``.github/workflows/pages.yml``), with a slash.

        >>> Repository("example-org/example-book", "main", "test").pages_url
        'https://example-org.github.io/example-book/'
        """
        owner, name = self.slug.split("/")
        if name.lower() == f"{owner.lower()}.github.io":  # a user or organisation site
            return f"https://{name.lower()}/"
        return f"https://{owner.lower()}.github.io/{name}/"


def github_slug(remote: str) -> str:
    """``owner/name`` of a GitHub remote URL (https or ssh form, with or without ``.git``).

    Raises :class:`RepositoryNotFound` for a remote on another host or of another shape.

    >>> github_slug("https://github.com/example-org/example-book")
    'example-org/example-book'
    """
    if not isinstance(remote, str):
        raise TypeError(f"github_slug() needs a remote URL, got {type(remote).__name__}")
    remote = remote.strip()
    for pattern in _REMOTES:
        match = pattern.match(remote)
        if match:
            slug = match["slug"].removesuffix(".git")
            if _SLUG.fullmatch(slug) and not slug.endswith("/"):
                return slug
    shown = re.sub(r"//[^@/]+@", "//", remote)  # never log a token from the URL
    raise RepositoryNotFound(f"the origin remote {shown!r} is not a GitHub repository (github.com/owner/name)")


def _check_branch(branch: str, where: str) -> str:
    if not branch or _BAD_BRANCH.search(branch):
        raise RepositoryError(f"{where}={branch!r} is not a usable branch name")
    return branch


def _git(folder: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=30, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def find_repository(folder: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Repository:
    """The GitHub repository and branch the book is built from (see the module's docstring).

    ``folder`` is where to ask git (default: the working directory); ``environ`` defaults to
    :data:`os.environ`. Raises :class:`RepositoryNotFound` when neither the environment nor the
    checkout names a GitHub repository and branch, and :class:`RepositoryError` when
    ``GITHUB_REPOSITORY`` or ``GITHUB_REF_NAME`` holds something GitHub would never set.
    """
    environ = os.environ if environ is None else environ
    folder = Path.cwd() if folder is None else Path(folder)
    server = environ.get("GITHUB_SERVER_URL", GITHUB).rstrip("/")
    slug = environ.get("GITHUB_REPOSITORY", "").strip()
    if slug:
        if server != GITHUB:
            raise RepositoryNotFound(f"GITHUB_SERVER_URL is {server}, not {GITHUB}: mybinder.org "
                                     f"cannot launch {slug} from there")
        if not _SLUG.fullmatch(slug):
            raise RepositoryError(f"GITHUB_REPOSITORY={slug!r} is not owner/name")
        branch = environ.get("GITHUB_REF_NAME", "").strip() or _git(folder, "symbolic-ref", "--short", "-q", "HEAD")
        if not branch:
            raise RepositoryNotFound(f"GITHUB_REPOSITORY={slug} names no branch: set GITHUB_REF_NAME")
        return Repository(slug, _check_branch(branch, "GITHUB_REF_NAME"), "GITHUB_REPOSITORY")
    if not folder.is_dir():
        raise RepositoryNotFound(f"no folder {folder} to ask git in")
    remote = _git(folder, "remote", "get-url", "origin")
    if remote is None:
        raise RepositoryNotFound(f"GITHUB_REPOSITORY is not set and {folder} is not in a git "
                                 f"checkout with an origin remote")
    slug = github_slug(remote)
    branch = _git(folder, "symbolic-ref", "--short", "-q", "HEAD")
    if branch is None:
        raise RepositoryNotFound(f"the checkout of {slug} at {folder} is on a detached HEAD, "
                                 f"so no branch to link to")
    return Repository(slug, _check_branch(branch, "the current branch"), "the origin remote")
