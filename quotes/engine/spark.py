"""Apache Spark (``pip install '.[spark]'`` in a checkout): validate a directory of JSONL shards
(:func:`validate_on_spark`), and run the parts of an import or an extraction
(:class:`SparkMapper`, an engine for ``quotes.import_corpus`` and ``quotes.extract_files``).

The work is cut exactly as on one machine (:mod:`quotes.engine.parallel`): byte ranges of plain
shards, whole compressed shards. Each range becomes one Spark partition, validated by the same
:func:`quotes.engine.parallel.run_task` (fast validator, corpus checks) inside
``mapPartitions``; the results come back to the driver in order (:func:`in_order`: a window of
partitions a job), which numbers the lines, finds duplicate ids and builds the
:class:`~quotes.Report`, the same as ``quotes.validate`` on the same files. The driver's
duplicate check runs in bounded memory, with 17 bytes per quote line of temporary disk (see
:mod:`quotes.engine.parallel.spill`).

Every executor must see the shards at the same path as the driver (a shared file system, or
local mode) and have ``quotes`` installed in its Python.
"""

from __future__ import annotations

import errno
import os
import sys
import uuid
import warnings
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from quotes.core.report import Report
from quotes.engine.parallel import Result, Task, run_task
from quotes.engine.parallel.workers import init
from quotes.engine.pipeline import validate

__all__ = ["SparkMapper", "in_order", "shards", "spark_session", "validate_on_spark"]

SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz", ".json", ".json.gz", ".json.bz2")


def shards(directory: str | os.PathLike[str]) -> list[Path]:
    """The JSONL files in ``directory`` (and below it), sorted by path."""
    root = Path(directory)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))


def _validate_partition(articles: Any) -> Callable[[Iterator[Task]], Iterator[Result]]:
    def run(tasks: Iterator[Task]) -> Iterator[Result]:
        init(articles.value if articles is not None else None)
        for task in tasks:
            yield run_task(task)

    return run


class SparkEngine:
    """Runs :mod:`quotes.engine.parallel` tasks as Spark partitions, results in task order."""

    def __init__(self, spark: Any, articles: Any) -> None:
        self.spark = spark
        self.articles = articles

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Validate every task on the cluster; ``consume`` results in order until it says stop."""
        todo = list(tasks)
        if not todo:
            return
        context = self.spark.sparkContext
        broadcast = context.broadcast(self.articles) if self.articles is not None else None
        rdd = context.parallelize(todo, len(todo)).mapPartitions(_validate_partition(broadcast))
        results = in_order(context, rdd, len(todo), _slots(context))
        try:
            for task, result in zip(todo, results, strict=True):
                if not consume(task, result):
                    break
        finally:
            results.close()


T = TypeVar("T")
R = TypeVar("R")


def _slots(context: Any) -> int:
    """The cluster's default parallelism (the task slots of its executors)."""
    return max(1, int(context.defaultParallelism))


def in_order(context: Any, rdd: Any, count: int, window: int) -> Generator[Any, None, None]:
    """The one result of each of the ``count`` partitions of ``rdd``, in partition order, run
    ``window`` partitions a job: the next job runs while the driver takes this one's results
    (so at most two windows of results are held here). Closing the generator cancels the job
    still running. (``toLocalIterator`` runs one job a partition, one partition at a time.)"""
    from concurrent.futures import ThreadPoolExecutor

    group = f"quotes-{uuid.uuid4().hex}"

    def job(start: int) -> list[Any]:
        context.setJobGroup(group, "quotes: parts in order", interruptOnCancel=True)
        return list(context.runJob(rdd, list, range(start, min(start + window, count))))

    thread = ThreadPoolExecutor(1)
    try:
        running = thread.submit(job, 0)
        for start in range(window, count, window):
            done = running.result()
            running = thread.submit(job, start)
            yield from done
        yield from running.result()
    finally:
        context.cancelJobGroup(group)
        thread.shutdown(wait=False, cancel_futures=True)


def spark_session(master: str | None = None) -> Any:
    """The active ``SparkSession``, or a new one on ``master`` (default: Spark's own, e.g.
    ``local[*]`` or what ``spark-submit`` was given). A session made here runs its Python
    workers on this interpreter unless ``PYSPARK_PYTHON`` names another."""
    with warnings.catch_warnings():  # pyspark warns about pandas 3, which quotes does not use
        warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is not None and master is None:
            return active
        # The local executor takes its Python from the environment, not the config.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
        if master is not None:
            builder = builder.master(master)
        return builder.getOrCreate()


class SparkMapper:
    """An engine (:class:`quotes.engine.mapping.Mapper`) that runs each part as one Spark
    partition and hands the results to the driver in part order. The function and the parts
    are pickled to the executors, whose Python must import ``quotes`` (docs/scale.md)."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark

    @property
    def slots(self) -> int:
        """The cluster's default parallelism (the task slots of its executors)."""
        return _slots(self.spark.sparkContext)

    def map(self, func: Callable[[list[T]], R], parts: Sequence[list[T]]) -> Iterator[R]:
        """``func(part)`` for every part, one partition each, in part order."""
        if not parts:
            return iter(())
        context = self.spark.sparkContext
        rdd = context.parallelize(list(parts), len(parts)).map(func)
        return in_order(context, rdd, len(parts), self.slots)


def validate_on_spark(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    articles: Sequence[str | os.PathLike[str]] = (),
    max_errors: int | None = None,
    spark: Any = None,
) -> Report:
    """Validate shards on Spark and return the same :class:`~quotes.Report` as ``validate``.

    ``paths`` is a directory (every ``*.jsonl`` file below it, compressed or not, sorted by
    path) or a list of files. ``articles`` files are read on the driver and shipped to the
    executors (broadcast) for the corpus-level checks. ``spark`` is a ``SparkSession``; by
    default the active one, or a new local one.

    >>> from quotes.engine.spark import validate_on_spark
    >>> report = validate_on_spark("hdfs-mount/quotebank/")  # doctest: +SKIP
    """
    if isinstance(paths, str | os.PathLike) and not Path(paths).exists():
        raise FileNotFoundError(
            errno.ENOENT, "no such file or folder; give the folder holding the shards", str(paths)
        )
    if isinstance(paths, str | os.PathLike):
        files: list[str | os.PathLike[str]] = (
            list(shards(paths)) if Path(paths).is_dir() else [paths]
        )
    else:
        files = list(paths)
    session = spark if spark is not None else spark_session()

    def engine(articles: dict[str, Any] | None) -> SparkEngine:
        return SparkEngine(session, articles)

    return validate(files, articles=articles, max_errors=max_errors, engine=engine)
