"""Validate quote files on every core, in flat memory, with the same report whatever the core count.

One module per job:

* :mod:`~quotes.engine.parallel.planning` cuts the input into tasks: byte ranges of regular files
  (a worker reads its range itself), parts of ``.bz2`` files cut at their bzip2 blocks
  (:mod:`~quotes.io.blocks`: a worker decompresses its part itself), batches of lines of
  other compressed files; one-pass inputs (``-``, pipes, FIFOs) are first copied, in one read,
  to a spool file read like a regular one;
* :mod:`~quotes.engine.parallel.workers` validates a task (fast validator, corpus-level checks) and
  runs
  tasks on a pool of processes, results in task order, at most ``2 * jobs`` in flight;
* :mod:`~quotes.engine.parallel.spill` keeps the duplicate check's hashes (the first 8 MiB, about a
  million lines, in memory) and each line's kind on disk (17 bytes per quote line in
  ``TMPDIR``: about 4 GB for Quotebank's 235M quotes), so the parent's memory does not grow
  with the number of lines;
* :mod:`~quotes.engine.parallel.assembly` numbers the results (joining the lines cut at the edges of
  ``.bz2`` parts), runs the exact duplicate check and builds the report: problems in line
  order, cut with ``max_errors`` at exactly the same problem as a run on one core. Output is
  identical for any ``jobs``.

Every reader stops keeping a line at :data:`quotes.io.files.MAX_LINE_BYTES` (the line is skipped, as
``line-too-long``); temporary files are removed at the end, on errors, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

from quotes.engine.parallel.assembly import validate_quote_files
from quotes.engine.parallel.planning import CHUNK_BYTES, Task, default_jobs, plan
from quotes.engine.parallel.spill import SORT_BUDGET
from quotes.engine.parallel.workers import Engine, EngineFactory, Result, run_task

__all__ = [
    "CHUNK_BYTES",
    "SORT_BUDGET",
    "Engine",
    "EngineFactory",
    "Result",
    "Task",
    "default_jobs",
    "plan",
    "run_task",
    "validate_quote_files",
]
