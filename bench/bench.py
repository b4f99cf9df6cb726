"""Benchmark: validating and loading a large JSONL file, against orjson parsing in the same run.

    python bench/bench.py                      # 1M records shaped like the bundled ones, twice
    python bench/bench.py --writer compact     # only the compact file
    python bench/bench.py --records 5000000 --only validate
    python bench/bench.py --bz2 --only bz2     # a .bz2 copy against `bzip2 -dc` alone
    python bench/bench.py --quotebank 20000 --only quotebank   # `quotes import quotebank`
    python bench/bench.py --extract 2000 --only extract        # `quotes extract`: rules, and
                                               # --model when python-crfsuite is there
    python bench/bench.py --ids 2000000 --only ids --repeat 1  # memory of an import's ids

Every measurement runs in its own process (so its peak RSS is its own: the largest process of its
tree, workers included), in ``--repeat`` rounds of every row (so that what else the machine runs
weighs on the baseline and the rows alike); the table shows the median time. Ratios are to the
orjson baseline measured in this run on the same file: parse every line with ``orjson.loads`` on
one core (also paired: the median over rounds of each round's ratio to that round's baseline);
rows on a ``.bz2`` copy (``--bz2``) also have their ratio to ``bzip2 -dc`` of that copy alone. The
records are the bundled quotes repeated (see ``synthetic.py``): real field lengths, about 1 KB
each, written twice, by two writers (``--writer``), and every row says which file it reads:
``compact:`` (separators without spaces, UTF-8, as ``quotes`` writes) and ``json.dumps default:``
(``", "`` and ``": "``, non-ASCII characters escaped), since real files come from many writers;
the jsonschema and ``datasets`` rows read the compact file only. ``--quotebank N`` also writes N
articles in Quotebank's article-centric layout, compressed with bzip2 as Quotebank ships them
(the bundled articles and their direct and mixed quotes, repeated: see
``synthetic.write_quotebank``), and measures ``quotes import quotebank`` on them, with articles
and quotations per second. ``--ids N`` imports N tiny Quotebank-style articles (a sentence each,
no quotations: the article ids are what grows), and a quarter of them, with ``--jobs all``: their
peak RSS shows whether memory stays flat as ids grow (past the 200,000 an import holds in memory:
give N of a million or more). Not a test: numbers depend on the machine
and on what else it runs.

``--write docs/benchmark.md`` also puts the results, with the date, the command and the machine,
into that page, between its ``<!-- bench:latest:start -->`` and ``<!-- bench:latest:end -->``
markers (the rest of the page, the history of earlier runs, is left as it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synthetic

PY = sys.executable
# Python's bytecode cache on, as for any user after a first run: an environment that turns it off
# (PYTHONDONTWRITEBYTECODE) would make every row that imports the package compile it again.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}

ORJSON = """
import sys, orjson
with open(sys.argv[1], "rb") as f:
    for line in f:
        orjson.loads(line)
"""

JSONSCHEMA = """
import json, sys, time, jsonschema
from quotes import Quote
from quotes.publish.schema import json_schema
validator = jsonschema.Draft202012Validator(json_schema(Quote),
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
n = int(sys.argv[2])
with open(sys.argv[1], "rb") as f:
    lines = [next(f) for _ in range(n)]
start = time.perf_counter()
for line in lines:
    for error in validator.iter_errors(json.loads(line)):
        raise SystemExit(f"invalid: {error.message}")
print(time.perf_counter() - start)
"""

LOAD_DATASET = """
import sys, datasets
datasets.disable_progress_bars()
d = datasets.load_dataset("json", data_files=sys.argv[1], cache_dir=sys.argv[2], split="train")
assert d.num_rows > 0
"""

TO_DATASET = """
import sys, quotes
import datasets
datasets.disable_progress_bars()
d = quotes.to_dataset(sys.argv[1], cache_dir=sys.argv[2])["quotes"]
assert d.num_rows > 0
"""


def run_measure(args: list[str]) -> tuple[float, float, str]:
    """Run a command; its wall time, the peak RSS of its largest process (MB), its stdout.

    The child is reaped with ``wait4``, whose usage is that process's own and its waited-for
    descendants' (``ru_maxrss`` is the largest single process), not this script's.
    """
    start = time.perf_counter()
    process = subprocess.Popen(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:  # the records are valid: anything else is a broken measurement
        raise SystemExit(f"{args} failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


Measure = Callable[[], tuple[float, float, str]]
"""A measurement: wall time, peak RSS (MB) and stdout of one run."""


def _from_cache(path: Path, measure: Measure) -> Measure:
    """``measure``, run once ``path`` is read through (untimed). A baseline runs first of the
    rows reading its file in a round: it then reads the file from the page cache as they do,
    though the rows before it, reading other large files, may have pushed it out."""

    def run() -> tuple[float, float, str]:
        with path.open("rb") as f:
            while f.read(1 << 24):
                pass
        return measure()

    return run


Row = tuple[str, Measure]
Result = tuple[str, float, float, list[float]]
"""A row's name, median time, largest peak RSS and time in each round."""


def main() -> None:
    args = _arguments()
    folder = (args.dir or Path(tempfile.mkdtemp(prefix="quotes-bench-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    # Every row runs from the data folder: `python -m quotes` is then the installed package (as
    # a user runs it), not a checkout's source tree, which lacks the wheel's schema copy.
    os.chdir(folder)
    jobs = len(os.sched_getaffinity(0))
    rows: list[Row] = []
    sizes = []
    for writer in args.writer or list(synthetic.WRITERS):
        data = _records_file(folder, args.records, writer)
        size = data.stat().st_size
        sizes.append(f"{writer}: {size / 1e6:,.0f} MB ({size / args.records:,.0f} bytes a record)")
        print(f"{data}, {sizes[-1]}, {jobs} cores, Python {sys.version.split()[0]}")
        rows += _validate_rows(folder, data, args, jobs, writer)
        if args.bz2:
            rows += _bz2_rows(data, jobs, writer)
    quotebank: tuple[int, int] | None = None
    if args.quotebank:
        quotebank_rows, quotebank = _quotebank_rows(folder, args.quotebank, jobs)
        rows += quotebank_rows
    if args.extract:
        rows += _extract_rows(folder, args.extract, jobs)
    if args.ids:
        rows += _ids_rows(folder, args.ids, jobs)
    if args.only:
        rows = [
            row
            for row in rows
            if "orjson" in row[0] or any(o.lower() in row[0].lower() for o in args.only)
        ]
    _compile_package()
    times, peaks = _rounds(rows, args.repeat)
    results = [
        (name, statistics.median(times[name]), max(peaks[name]), times[name]) for name, _ in rows
    ]
    report = [
        f"{args.records:,} records in each file ({'; '.join(sizes)}), {jobs} cores, "
        f"median of {args.repeat}",
        "",
        *_table(results),
    ]
    if quotebank is not None:
        articles, quotations = quotebank
        title = f"Quotebank-style file: {articles:,} articles, {quotations:,} quotations"
        counts = {"articles": articles, "quotations": quotations}
        report += _rate_table(results, title, "quotes import quotebank", counts)
    if args.extract:
        title = (
            f"Extraction from {args.extract:,} articles of the bundled kind (rules; --model: "
            "the rules and a CRF trained on the bundled quotes)"
        )
        report += _rate_table(results, title, "quotes extract", {"articles": args.extract})
    print()
    print("\n".join(report))
    if args.write:
        write_page(args.write, report)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--subset", type=int, default=10_000, help="records for jsonschema")
    parser.add_argument("--dir", type=Path, help="where to write the data (default: a temp dir)")
    parser.add_argument("--only", action="append", help="only rows whose name contains this")
    parser.add_argument("--bz2", action="store_true", help="also measure a .bz2 copy")
    parser.add_argument(
        "--writer",
        action="append",
        choices=list(synthetic.WRITERS),
        help="only the file this writer writes (default: every writer's)",
    )
    parser.add_argument(
        "--quotebank", type=int, metavar="N", help="also import N Quotebank-style articles"
    )
    parser.add_argument(
        "--extract", type=int, metavar="N", help="also extract from N articles (rules, --model)"
    )
    parser.add_argument(
        "--ids", type=int, metavar="N", help="also import N tiny articles (and N/4): peak RSS"
    )
    parser.add_argument(
        "--write", type=Path, metavar="PAGE", help="also write the results into PAGE (its markers)"
    )
    args = parser.parse_args()
    if args.write:  # before the run moves to the data folder
        args.write = args.write.resolve()
    return args


def _records_file(folder: Path, records: int, writer: str) -> Path:
    """The synthetic records file ``writer`` writes in ``folder``, written unless it is there."""
    data = folder / f"quotes-{records}-{writer.replace(' ', '-')}.jsonl"
    if not data.exists():
        started = time.perf_counter()
        size = synthetic.write(data, records, writer)
        print(
            f"wrote {records:,} records as {writer}, {size / 1e6:,.0f} MB "
            f"({size / records:.0f} bytes each) in {time.perf_counter() - started:.0f} s"
        )
    return data


def _validate_rows(
    folder: Path, data: Path, args: argparse.Namespace, jobs: int, writer: str
) -> list[Row]:
    """The baseline, then validating the records file ``writer`` wrote; and, for the compact
    one, loading it too."""
    counter = iter(range(10**6))

    def fresh() -> str:
        return str(folder / f"cache-{os.getpid()}-{next(counter)}")

    validate = [PY, "-m", "quotes", "validate", str(data), "--quiet", "--max-errors", "0"]
    rows: list[Row] = [
        (
            f"{writer}: orjson.loads per line, 1 core (baseline)",
            _from_cache(data, lambda: run_measure([PY, "-c", ORJSON, str(data)])),
        ),
        (f"{writer}: quotes validate --jobs 1", lambda: run_measure([*validate, "--jobs", "1"])),
        (
            f"{writer}: quotes validate --jobs all ({jobs})",
            lambda: run_measure([*validate, "--jobs", "all"]),
        ),
    ]
    if writer != "compact":
        return rows
    return [
        *rows,
        (
            f"jsonschema reference ({args.subset:,} records, extrapolated)",
            lambda: _jsonschema(data, args),
        ),
        (
            'datasets.load_dataset("json") cold',
            lambda: run_measure([PY, "-c", LOAD_DATASET, str(data), fresh()]),
        ),
        ("quotes.to_dataset cold", lambda: run_measure([PY, "-c", TO_DATASET, str(data), fresh()])),
    ]


def _bz2_rows(data: Path, jobs: int, writer: str) -> list[Row]:
    """Decompressing and validating a .bz2 copy of the records file ``writer`` wrote (written
    unless there)."""
    packed = data.with_name(data.name + ".bz2")
    if not packed.exists():
        with packed.open("wb") as out:
            subprocess.run(["bzip2", "-c", str(data)], stdout=out, check=True)
    on_bz2 = [PY, "-m", "quotes", "validate", str(packed), "--quiet", "--max-errors", "0"]
    return [
        (
            f"{writer}: bzip2 -dc of the .bz2 copy, 1 core (bz2 baseline)",
            _from_cache(packed, lambda: _bunzip(packed)),
        ),
        (f"{writer}: quotes validate .bz2 --jobs all ({jobs})", lambda: run_measure(on_bz2)),
    ]


def _quotebank_rows(folder: Path, articles: int, jobs: int) -> tuple[list[Row], tuple[int, int]]:
    """Decompressing and importing a Quotebank-style file of ``articles`` articles (written
    now), and (articles, quotations) it holds."""
    corpus = folder / f"quotebank-{articles}.json.bz2"
    quotations = synthetic.write_quotebank(corpus, articles)
    out = folder / "quotebank-import"
    imported = [PY, "-m", "quotes", "import", "quotebank", str(corpus), "--out", str(out)]
    imported += ["--force", "--quiet"]
    rows: list[Row] = [
        (
            "bzip2 -dc of the Quotebank file, 1 core (bz2 baseline)",
            _from_cache(corpus, lambda: _bunzip(corpus)),
        ),
        ("quotes import quotebank --jobs 1", lambda: run_measure([*imported, "--jobs", "1"])),
        (
            f"quotes import quotebank --jobs all ({jobs})",
            lambda: run_measure([*imported, "--jobs", "all"]),
        ),
    ]
    return rows, (articles, quotations)


def _ids_rows(folder: Path, articles: int, jobs: int) -> list[Row]:
    """Importing ``articles`` tiny Quotebank-style articles, and a quarter of them (written now),
    on all cores: rows named without "Quotebank", whose bzip2 baseline is another file's."""
    rows: list[Row] = []
    for n in (articles // 4, articles):
        corpus = folder / f"tiny-{n}.json.bz2"
        if not corpus.exists():
            synthetic.write_tiny_quotebank(corpus, n)
        imported = [PY, "-m", "quotes", "import", "quotebank", str(corpus), "--quiet", "--force"]
        imported += ["--out", str(folder / "tiny-import"), "--jobs", "all"]
        name = f"ids: quotes import of {n:,} tiny articles --jobs all ({jobs})"
        rows.append((name, functools.partial(run_measure, imported)))
    return rows


def _extract_rows(folder: Path, articles: int, jobs: int) -> list[Row]:
    """``quotes extract`` (the rules) over an articles file of ``articles`` articles (the bundled
    ones repeated under new ids, written now), on one core and on all."""
    import json

    from quotes.core.bundled import data_path

    with data_path("articles.jsonl") as path:
        bundled = [json.loads(line) for line in path.read_bytes().splitlines()]
    corpus = folder / f"extract-{articles}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(articles):
            record = {**bundled[i % len(bundled)], "id": f"{i:07d}", "regions": []}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    extract = [PY, "-m", "quotes", "extract", "--articles", str(corpus), "--force"]
    extract += ["--out", str(folder / "extracted.jsonl")]
    rows = []
    for name, command in (("quotes extract", extract), *_model_extract(folder, extract)):
        rows += [
            (f"{name} --jobs 1", functools.partial(run_measure, [*command, "--jobs", "1"])),
            (
                f"{name} --jobs all ({jobs})",
                functools.partial(run_measure, [*command, "--jobs", "all"]),
            ),
        ]
    return rows


def _model_extract(folder: Path, extract: list[str]) -> list[tuple[str, list[str]]]:
    """``quotes extract --model`` with a model trained now on the bundled quotes (for its speed
    only: a real model is trained on a corpus with a train split), when the ``learn`` extra is
    installed; else nothing."""
    if importlib.util.find_spec("pycrfsuite") is None:
        print("no python-crfsuite (the learn extra): no quotes extract --model rows")
        return []
    model = folder / "bundled-model"
    train = [PY, "-m", "quotes", "train", "bundled", "--out", str(model), "--force"]
    subprocess.run(train, check=True, capture_output=True)
    return [("quotes extract --model", [*extract, "--model", str(model)])]


def _compile_package() -> None:
    """Write the package's bytecode cache before the first round (an installed wheel has it
    already; an editable install writes it on its first run), so that no round compiles it."""
    spec = importlib.util.find_spec("quotes")
    if spec is not None and spec.submodule_search_locations:
        package = next(iter(spec.submodule_search_locations))
        subprocess.run([PY, "-m", "compileall", "-q", package], env=ENV, check=True)


def _rounds(rows: list[Row], repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Every row once per round, so that what else the machine runs weighs on the baseline and
    the rows alike: each row's times and peak RSS, by round."""
    times: dict[str, list[float]] = {name: [] for name, _ in rows}
    peaks: dict[str, list[float]] = {name: [] for name, _ in rows}
    for round_ in range(1, repeat + 1):
        for name, run in rows:
            elapsed, rss, _ = run()
            times[name].append(elapsed)
            peaks[name].append(rss)
            print(f"  round {round_}, {name}: {elapsed:.2f} s", flush=True)
    return times, peaks


def _writer(name: str) -> str:
    """The writer of the records file a row reads (its name's prefix), or "" for none."""
    return next((w for w in synthetic.WRITERS if name.startswith(f"{w}: ")), "")


def _bz2_baseline(name: str, results: list[Result]) -> float | None:
    """The `bzip2 -dc` time of the file the row reads (a .bz2 copy or Quotebank's)."""
    if "bz2" not in name and "quotebank" not in name.lower():
        return None
    which = "Quotebank" if "quotebank" in name.lower() else ".bz2 copy"
    return next(
        (
            r[1]
            for r in results
            if "bz2 baseline" in r[0] and which in r[0] and _writer(r[0]) == _writer(name)
        ),
        None,
    )


def _baseline(name: str, results: list[Result]) -> Result:
    """The orjson row of the file the row reads (the first one for rows of no writer's file)."""
    runs = [r for r in results if "orjson" in r[0]]
    return next((r for r in runs if _writer(r[0]) == _writer(name)), runs[0])


def _table(results: list[Result]) -> list[str]:
    """The table of rows: median time, ratios to the baselines, peak RSS."""
    lines = [
        "| what | time (s) | ratio to orjson | paired ratio | ratio to bzip2 -dc | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, median, peak, runs in results:
        shown = "n/a" if peak != peak else f"{peak:,.0f}"
        base = _bz2_baseline(name, results)
        to_bz2 = f"{median / base:.2f}x" if base else ""
        _, baseline, _, first = _baseline(name, results)
        # Paired: each round's time over that round's baseline, then the median of those ratios,
        # which cancels what a busy machine does to a whole round better than a ratio of medians.
        paired = statistics.median(t / b for t, b in zip(runs, first, strict=True))
        lines.append(
            f"| {name} | {median:.2f} | {median / baseline:.2f}x | {paired:.2f}x | {to_bz2} "
            f"| {shown} |"
        )
    return lines


def _rate_table(results: list[Result], title: str, rows: str, counts: dict[str, int]) -> list[str]:
    """A table of the rows whose name starts with ``rows``: each of ``counts`` (what -> how
    many the row handles) per second."""
    header = " | ".join(f"{what} per second" for what in counts)
    lines = ["", title, "", f"| what | {header} |", "| --- |" + " ---: |" * len(counts)]
    for name, median, _, _ in results:
        if name.startswith(rows):
            cells = " | ".join(f"{n / median:,.0f}" for n in counts.values())
            lines.append(f"| {name} | {cells} |")
    return lines


def machine() -> str:
    """The machine a run measures: processor, cores, system and Python (no host name)."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if "model name" in line), cpu
            )
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0))
    return (
        f"{cpu}, {cores} cores available, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def write_page(page: Path, report: list[str]) -> None:
    """Put ``report`` between the page's bench:latest markers, with the date, command and
    machine of the run; the rest of the page is kept."""
    start, end = "<!-- bench:latest:start -->\n", "<!-- bench:latest:end -->"
    text = page.read_text(encoding="utf-8")
    if text.count(start) != 1 or text.count(end) != 1:
        raise SystemExit(f"{page}: needs one {start.strip()} and one {end} line")
    head, rest = text.split(start)
    tail = rest.split(end, 1)[1]
    command = " ".join(["python bench/bench.py", *sys.argv[1:]])
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = [f"Run on {when}: `{command}`, on {machine()}.", "", *report, ""]
    page.write_text(head + start + "\n".join(block) + end + tail, encoding="utf-8")
    print(f"wrote {page}")


def _bunzip(packed: Path) -> tuple[float, float, str]:
    return run_measure(["sh", "-c", f"bzip2 -dc '{packed}' > /dev/null"])


def _jsonschema(data: Path, args: argparse.Namespace) -> tuple[float, float, str]:
    _, _, out = run_measure([PY, "-c", JSONSCHEMA, str(data), str(args.subset)])
    return float(out) * args.records / args.subset, float("nan"), out


if __name__ == "__main__":
    main()
