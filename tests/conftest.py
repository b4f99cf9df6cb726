"""Shared fixtures. ``HF_HUB_OFFLINE`` is set before anything imports ``datasets``."""

from __future__ import annotations

import atexit
import importlib.util
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pydantic import BaseModel

    from quotes.core.models import Article, Quote, Region, Source

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
# a fresh datasets cache for every test session: nothing is reused from, or left in, the user's
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="quotes-tests-hf-")
atexit.register(shutil.rmtree, os.environ["HF_DATASETS_CACHE"], ignore_errors=True)

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"


FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
"""A fenced block of a Markdown page: its info string (the language) and its body."""


def code_blocks(page: str) -> list[tuple[str, str]]:
    """``(info, body)`` of each fenced block of a Markdown page, in order."""
    return [(m["info"], m["body"]) for m in FENCE.finditer(page)]


def command_lines(body: str) -> list[str]:
    """The commands of a bash block, without comments."""
    lines = [re.sub(r"\s+# .*$", "", line).strip() for line in body.splitlines()]
    return [line for line in lines if line]


def run_examples(
    blocks: list[tuple[str, str]], env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> tuple[list[str], str]:
    """Run a page's examples in order in the current folder: ```python blocks as scripts, each
    line of a ```bash block as written (``quotes ...`` in process, ``echo`` by the shell,
    ``pip install .`` not again); other blocks are not run. What ran (a line each) and what the
    scripts printed; fails at the first example that fails."""
    from quotes.cli import main

    ran, printed = [], ""
    for info, body in blocks:
        if info == "python":
            done = subprocess.run(
                [sys.executable, "-c", body], env=env, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, f"{body}\n{done.stderr[-3000:]}"
            ran.append(body.splitlines()[0])
            printed += done.stdout
        elif info == "bash":
            for line in command_lines(body):
                argv = shlex.split(line)
                if argv[0] == "quotes":
                    code = main(argv[1:])
                    err = capsys.readouterr().err
                    assert code == 0, f"{line}\n{err}"
                elif argv[0] == "echo":
                    subprocess.run(line, shell=True, check=True)
                elif line == "pip install .":  # done: the tests run in that install
                    pass
                else:
                    raise AssertionError(f"not run: {line}")
                ran.append(line)
    return ran, printed


def assert_examples_not_run_say_why(blocks: list[tuple[str, str]]) -> None:
    """Code that is not run is marked: ```py needs the Hub (a dataset named by its owner) or
    says what it needs, ```sh data, an extra, a tool or a package index the tests do not have;
    the other blocks are data (JSON, BibTeX), R, or a plain diagram."""
    for info, body in blocks:
        if info == "sh":
            reasons = ("/mnt/", "pip install '.[", "curation/", "git clone", "# needs ")
            assert any(m in body for m in reasons), body
        elif info == "py":
            assert "<org>/" in body or "# needs " in body, body
        else:
            assert info in ("bash", "python", "json", "bibtex", "r", ""), info


def copy_of_the_checkout(folder: Path) -> None:
    """What a clone holds for examples that read the checkout itself: README, ``quotes/``,
    ``hub/``."""
    shutil.copy(ROOT / "README.md", folder / "README.md")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "quotes", folder / "quotes", ignore=ignore)
    shutil.copytree(ROOT / "hub", folder / "hub")


def read_lines(
    stream: IO[bytes], size: int | None = None, limit: int | None = None, *, ends: bool = False
) -> list[bytes]:
    """Every line :func:`quotes.io.files.read_blocks` reads from ``stream``, in one list (with
    ``ends``, those it reads keeping line ends, each without it)."""
    from quotes.io.files import MAX_LINE_BYTES, read_blocks

    limit = MAX_LINE_BYTES if limit is None else limit
    lines = [line for block in read_blocks(stream, size, limit, ends=ends) for line in block]
    return [line[:-1] if ends and line.endswith(b"\n") else line for line in lines]


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and every record model nested in it, each once, parents first."""
    from quotes.core.fields import fields

    found: list[type[BaseModel]] = []

    def walk(m: type[BaseModel]) -> None:
        if m not in found:
            found.append(m)
            for field in fields(m):
                if field.model is not None:
                    walk(field.model)

    walk(model)
    return found


def require(available: object, why: str) -> None:
    """Skip a test that needs a tool this machine lacks, saying why, when run by hand; in CI (the
    ``CI`` variable set, as ``.ci/run`` runs) fail instead, since CI must run every test."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must run this test)", pytrace=False)
    pytest.skip(why, allow_module_level=True)


def require_spark() -> None:
    """:func:`require` what a Spark test needs: pyspark and Java."""
    require(
        importlib.util.find_spec("pyspark"),
        "needs pyspark (about 450 MB): pip install '.[test]' or '.[spark]'",
    )
    require(
        shutil.which("java"),
        "Spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)",
    )


SPARK_CLUSTER = "local-cluster[2,1,1024]"
"""Two workers, one core and 1 GiB each: two executor JVMs, apart from the driver's."""


_DRIVER = """
import json, os, pathlib, shutil, sys
import quotes
from pyspark.sql import SparkSession

master, work = sys.argv[1], pathlib.Path(sys.argv[2])
shutil.make_archive(str(work / "quotes"), "zip", pathlib.Path(quotes.__file__).parents[1], "quotes")
spark = (
    SparkSession.builder.master(master)
    .config("spark.submit.pyFiles", str(work / "quotes.zip"))
    .getOrCreate()
)
try:
    def where(_):
        import os, quotes
        return os.getpid(), quotes.__file__
    seen = spark.sparkContext.parallelize(range(4), 4).map(where).collect()
{body}
    print(json.dumps({{"seen": seen, "driver": os.getpid(), **found}}))
finally:
    spark.stop()
"""
"""A driver: the package zipped as docs/scale.md says, given as ``spark.submit.pyFiles``; where
the executors import quotes from (``seen``), then the body, which sets ``found``."""


def run_spark_driver(body: str, work: Path) -> dict[str, Any]:
    """Run a driver whose work is ``body`` (Python source, with ``master``, ``work``, ``spark``
    and ``json`` at hand, setting the dict ``found``) on :data:`SPARK_CLUSTER`, with no
    ``PYTHONPATH`` (it imports the checkout from its working folder) and this interpreter as
    the executors' Python; ``found`` as it printed it, after checking that the executors were
    processes of their own importing quotes from the shipped zip (``seen``, ``driver``)."""
    import json
    import textwrap

    driver = _DRIVER.format(body=textwrap.indent(textwrap.dedent(body).strip("\n"), "    "))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSPARK")}
    env.pop("PYTHONPATH", None)
    env["PYSPARK_PYTHON"] = sys.executable
    done = subprocess.run(
        [sys.executable, "-c", driver, SPARK_CLUSTER, str(work)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    assert {pid for pid, _ in found["seen"]}.isdisjoint({found["driver"]})
    assert all("quotes.zip" in origin for _, origin in found["seen"])
    return found


def quoted_parts(
    kind: str, spans: list[tuple[int, int]], quoted: list[tuple[int, int]] | None
) -> list[tuple[int, int]]:
    """A test quote's quoted parts: as given, else all of it (direct), its first span (mixed),
    none (indirect)."""
    if quoted is not None:
        return quoted
    return {"direct": list(spans), "mixed": list(spans[:1])}.get(kind, [])


def made_quote(
    text: str,
    spans: list[tuple[int, int]],
    *,
    kind: str,
    quoted: list[tuple[int, int]],
    speaker: Any,
    cue: Any,
    article_id: str = "900",
    **fields: Any,
) -> Quote:
    """A quote of made-up article ``article_id`` (whose text is ``text``): its content, quoted
    parts, speaker and cue (a ``TextSpan`` or None) as given, and any other field given; every
    other field empty, or 2020-01-01."""
    import datetime as dt

    from quotes.core.ids import quote_id
    from quotes.core.models import Annotation, Quote

    return Quote.model_validate(
        {
            "id": quote_id(article_id, spans[0][0]),
            "article_id": article_id,
            "kind": kind,
            "quote": " ".join(text[s:e] for s, e in spans),
            "spans": spans,
            "quoted": quoted,
            "speaker": speaker,
            "cue": cue,
            "addressee": None,
            "via": None,
            "date": dt.date(2020, 1, 1),
            "date_precision": "day",
            "uttered": None,
            "uttered_precision": None,
            "uttered_confidence": None,
            "uttered_evidence": None,
            "outlet": None,
            "region": "body",
            "annotation": Annotation(method="manual", tool=None, confidence=None),
            **fields,
        },
        strict=False,
    )


def made_source(split: str | None, corpus: str = "test", file: str = "950.txt") -> Source:
    """The ``source`` of an article made up for a test: only its corpus, file and split."""
    from quotes.core.models import Source

    return Source(
        corpus=corpus,
        file=file,
        record=None,
        annotator=None,
        split=split,
        label=None,
        candidates=[],
        notes=[],
    )


def quotes_command() -> list[str]:
    """The installed ``quotes`` console script (as a user runs it), else ``python -m quotes``."""
    script = shutil.which("quotes", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "quotes"]


Run = Callable[..., subprocess.CompletedProcess[str]]
"""``run(*args, cwd=None, stdin=None)``: run ``quotes ARGS...``; the exit code and output."""

_ENV = {"COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}


def run_in_process(
    *args: str, cwd: Path | None = None, stdin: str | bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``quotes ARGS...`` run by :func:`quotes.cli.main` in this process, as a user sees it.

    Standard input, output and error are UTF-8 streams over bytes (not terminals), the working
    directory is ``cwd`` and the terminal 100 columns wide, all restored afterwards; the exit
    code is what ``main`` returns, or the code of the ``SystemExit`` it raises (usage, --help).
    """
    from quotes.cli import main

    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    streams = {
        "stdin": io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
        "stdout": io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n"),
        "stderr": io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, stream in streams.items():
            patch.setattr(sys, name, stream)
        for key, value in _ENV.items():
            patch.setenv(key, value)
        if cwd is not None:
            patch.chdir(cwd)
        try:
            code: int | str | None = main(list(args))
        except SystemExit as e:
            code = e.code
        if isinstance(code, str):  # sys.exit("message") prints it and exits 1
            print(code, file=sys.stderr)
            code = 1
        out = []
        for name in ("stdout", "stderr"):
            streams[name].flush()
            out.append(streams[name].buffer.getvalue().decode())  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["quotes", *args], code or 0, *out)


def run_subprocess(
    *args: str, cwd: Path | None = None, stdin: str | bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``quotes ARGS...`` run by the installed console script in a new process."""
    done = subprocess.run(
        [*quotes_command(), *args],
        cwd=cwd,
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        env={**os.environ, **_ENV},
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


@pytest.fixture
def run_cli() -> Run:
    """Run ``quotes ARGS...`` in this process (fast) and return the completed "process"."""
    return run_in_process


@pytest.fixture
def run_cli_subprocess() -> Run:
    """Run ``quotes ARGS...`` through the real console script in a subprocess: only for the few
    tests where the process itself matters (the entry point, signals, start-up)."""
    return run_subprocess


@pytest.fixture
def fixture_quotes() -> Path:
    """The synthetic quotes file (``tests/data/quotes.jsonl``)."""
    return DATA / "quotes.jsonl"


@pytest.fixture
def fixture_articles() -> Path:
    """The synthetic articles file (``tests/data/articles.jsonl``)."""
    return DATA / "articles.jsonl"


def gazette_article(text: str, regions: list[Region] | None = None, **fields: Any) -> Article:
    """Article ``950`` of a made-up outlet, with ``text`` and ``regions`` (and any other field
    given): the test article the extractor, region and training tests build."""
    import datetime as dt
    import hashlib

    from quotes.core.models import Article

    record: dict[str, Any] = dict(
        id="950",
        file="950_test.txt",
        title=None,
        outlet="The Test Gazette",
        outlet_confidence="verified",
        outlet_evidence="test",
        url=None,
        wire=None,
        wire_confidence=None,
        wire_evidence=None,
        byline=None,
        published=dt.date(2015, 5, 5),
        published_precision="day",
        published_confidence="stated",
        published_evidence="test",
        language="en",
        rights="test",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        regions=regions or [],
        corrections=[],
    )
    return Article(**{**record, **fields})
