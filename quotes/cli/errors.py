"""The one place where the library's errors and problems become what the command line says:
each error type is mapped to a message, naming the flag that answers it, and an exit code.

The library speaks of its parameters (``date=``, ``split=``, ``articles=``); only here are they
flags (``--date``, ``--split``, ``--articles``).
"""

from __future__ import annotations

import argparse
import dataclasses

from quotes.core.problems import REGISTRY, Problem

PROBLEM_HINTS: dict[str, tuple[str, str]] = {
    "unknown-article": (
        REGISTRY["unknown-article"].hint,
        "add it or pass its file with --articles",
    ),
    "wrong-record": (
        REGISTRY["wrong-record"].hint.format(found="article"),
        "pass article files as articles (--articles)",
    ),
}
"""Problem type -> (the library's hint, the command line's): hints that a flag answers."""


def with_flags(problem: Problem) -> Problem:
    """``problem`` as the command line says it: a hint that a flag answers names the flag."""
    library, ours = PROBLEM_HINTS.get(problem.type, ("", ""))
    if not library or not problem.message.endswith(library):
        return problem
    return dataclasses.replace(problem, message=problem.message[: -len(library)] + ours)


def describe(name: str, args: argparse.Namespace, e: Exception) -> tuple[list[str], int]:
    """What the command ``name`` (run with ``args``) prints on standard error for ``e``, line
    by line, and its exit code: 1 when the data has problems, 2 for bad usage or input that
    cannot be read."""
    found = _data_error(name, e) or _usage_error(name, e)
    if found is not None:
        return found
    from quotes.io.files import OutputExists

    if isinstance(e, OutputExists):
        hint = "--force replaces it" if hasattr(args, "force") else "give another name"
        return [f"{name}: {e.filename}: already exists; {hint}"], 2
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        return [f"{name}: {where}{e.strerror or e}"], 2
    if isinstance(e, ValueError):
        return [f"{name}: error: {e}"], 2
    return [f"{name}: internal error: {type(e).__name__}: {e}"], 2


def _data_error(name: str, e: Exception) -> tuple[list[str], int] | None:
    """Errors about the records read: a bad record, an import whose records do not validate."""
    from quotes.core.report import UNREADABLE
    from quotes.formats import ImportFailed
    from quotes.io.files import RecordError

    if isinstance(e, RecordError):
        unreadable = e.problem.type in UNREADABLE
        return [f"{name}: {with_flags(e.problem)}"], 2 if unreadable else 1

    if isinstance(e, ImportFailed):
        problems = [str(with_flags(p)) for p in e.report.problems[:20]]
        return [*problems, f"{name}: {e}"], 1
    return None


def _usage_error(name: str, e: Exception) -> tuple[list[str], int] | None:
    """The library's errors that a flag answers, each with that flag named."""
    from quotes.core.splits import UnknownSplit
    from quotes.export import NoStreamForm
    from quotes.extract import MissingDate, TextDiffers
    from quotes.formats import SourceError, SplitNotFound
    from quotes.publish.rights import RedistributionRefused
    from quotes.stats import ArticlesNeeded

    if isinstance(e, ArticlesNeeded):
        return [f"{name}: error: {e}; give the articles file with --articles"], 2
    if isinstance(e, SplitNotFound | UnknownSplit):
        return [f"{name}: {e}; give one of those with --split"], 2
    if isinstance(e, SourceError):
        return [f"{name}: {e}"], 2
    if isinstance(e, MissingDate):
        named = ", ".join(f"{path} (id {key!r})" for path, key in e.files)
        message = (
            f"no article record for {named} and no --date: a record needs the publication "
            "date; give --date YYYY-MM-DD (or YYYY-MM, YYYY), or an articles file holding these "
            "ids (--articles)"
        )
    elif isinstance(e, TextDiffers):
        message = (
            f"{e.path}: the text differs from article {e.article_id!r} in the given articles; "
            "give the matching file, or drop the articles file and give --date"
        )
    elif isinstance(e, RedistributionRefused):
        message = (
            f"{e.reason}. Only a folder for a private, gated repository may hold them: add "
            "--gated, and push it only as a private, gated repository"
        )
    elif isinstance(e, NoStreamForm):
        message = f"{e.format} cannot be written to standard output; give a folder with --out DIR"
    else:
        return None
    return [f"{name}: error: {message}"], 2
