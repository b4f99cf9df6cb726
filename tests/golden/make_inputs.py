"""Write the input files of the golden cases (one folder per case) from the synthetic fixture.

Run from the repository root: ``python tests/golden/make_inputs.py``. Each case folder holds its
input, an ``args`` file (the ``quotes`` command line, run inside the folder) and ``expected.txt``
(the exact exit code, standard output and standard error a user sees), which is written by hand
or by ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and then reviewed line by line.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import shutil
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
LINES = (DATA / "quotes.jsonl").read_bytes().splitlines(keepends=True)
ARTICLES = (DATA / "articles.jsonl").read_bytes()
CORPUS_ARGS = "validate input.jsonl --articles articles.jsonl"


def edit(line: bytes, change: dict[str, object]) -> bytes:
    record = json.loads(line)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        target = record
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


DELETE = object()

CASES: dict[str, tuple[bytes, str]] = {
    "ok-fixture": (b"".join(LINES), CORPUS_ARGS),
    "stdin-twice": (b"", "evaluate - -"),
    "export-checks-its-input": (
        edit(LINES[0], {"quote": "X" + json.loads(LINES[0])["quote"][1:]}),
        "export input.jsonl --articles articles.jsonl --format csv --out out",
    ),
    "empty-file": (b"", CORPUS_ARGS),
    "blank-lines": (LINES[0] + b"\n   \n" + LINES[1] + b"\n", CORPUS_ARGS),
    "bom": (b"\xef\xbb\xbf" + b"".join(LINES), CORPUS_ARGS),
    "crlf": (b"".join(line.replace(b"\n", b"\r\n") for line in LINES), CORPUS_ARGS),
    "no-final-newline": (b"".join(LINES).rstrip(b"\n"), CORPUS_ARGS),
    "invalid-utf8": (LINES[0] + LINES[1].replace(b"talks", b"t\xffalks"), CORPUS_ARGS),
    "truncated-last-line": (LINES[0] + LINES[1][:150], CORPUS_ARGS),
    "trailing-garbage": (LINES[0].rstrip(b"\n") + b" }x\n" + LINES[1], CORPUS_ARGS),
    "not-an-object": (b'[1, 2]\n"a string"\n42\nnull\n' + LINES[0], CORPUS_ARGS),
    "nan-infinity": (
        LINES[0].replace(b'"confidence":null', b'"confidence":NaN')
        + LINES[1].replace(b'"confidence":null', b'"confidence":Infinity'),
        CORPUS_ARGS,
    ),
    "duplicate-keys": (
        LINES[0].replace(b'"kind":"direct"', b'"kind":"direct","kind":"mixed"'),
        CORPUS_ARGS,
    ),
    "deeply-nested": (b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n" + LINES[0], CORPUS_ARGS),
    "unknown-keys": (edit(LINES[0], {"confidence": 0.9, "speaker.gender": "f"}), CORPUS_ARGS),
    "missing-keys": (edit(LINES[0], {"via": DELETE, "speaker.wikidata": DELETE}), CORPUS_ARGS),
    "wrong-types": (
        edit(
            LINES[0],
            {
                "spans": [["101", 122], [157, 178]],
                "speaker.members": "nobody",
                "annotation.confidence": "high",
            },
        ),
        CORPUS_ARGS,
    ),
    "impossible-date": (edit(LINES[0], {"date": "2010-02-30"}), CORPUS_ARGS),
    "bad-enum": (edit(LINES[0], {"kind": "paraphrase", "speaker.type": "robot"}), CORPUS_ARGS),
    "spans-reversed": (edit(LINES[1], {"spans": [[222, 192]]}), CORPUS_ARGS),
    "spans-overlapping": (
        edit(LINES[0], {"spans": [[101, 122], [110, 131]]}),
        CORPUS_ARGS,
    ),
    "span-out-of-range": (
        edit(LINES[1], {"id": "900-5000", "spans": [[5000, 5030]]}),
        CORPUS_ARGS,
    ),
    "span-not-matching-text": (
        edit(LINES[1], {"id": "900-193", "spans": [[193, 223]]}),
        CORPUS_ARGS,
    ),
    "quote-disagrees-with-spans": (
        edit(LINES[1], {"quote": "the talks would resume in July"}),
        CORPUS_ARGS,
    ),
    "quote-wrong-length": (edit(LINES[1], {"quote": "the talks resume"}), CORPUS_ARGS),
    "mention-and-cue-mismatch": (
        edit(LINES[1], {"cue.start": 188, "cue.end": 192, "speaker.mention.text": "Kari"}),
        CORPUS_ARGS,
    ),
    "id-rule": (edit(LINES[1], {"id": "900-1"}), CORPUS_ARGS),
    "duplicate-ids": (LINES[0] + LINES[1] + LINES[0], CORPUS_ARGS),
    "unknown-article": (edit(LINES[1], {"article_id": "777", "id": "777-192"}), CORPUS_ARGS),
    "date-and-outlet-mismatch": (
        edit(LINES[1], {"date": "2020-06-02", "outlet": "The Other Gazette"}),
        CORPUS_ARGS,
    ),
    "region-mismatch": (edit(LINES[3], {"region": "body"}), CORPUS_ARGS),
    # the mixed quote's quoted part moved out of its content; its quoted part made all of it
    "quoted-outside-content": (
        edit(
            LINES[2],
            {
                "quoted": [
                    [
                        json.loads(LINES[2])["spans"][0][0] - 5,
                        json.loads(LINES[2])["spans"][0][0] + 3,
                    ]
                ]
            },
        ),
        CORPUS_ARGS,
    ),
    "kind-mismatch": (edit(LINES[2], {"quoted": json.loads(LINES[2])["spans"]}), CORPUS_ARGS),
    "record-level-only": (
        edit(LINES[1], {"quote": "the talks would resume in July"}),
        "validate input.jsonl",
    ),
    "inconsistent-record": (edit(LINES[0], {"uttered": "2001-02-22"}), CORPUS_ARGS),
    "sha256-mismatch": (
        edit(ARTICLES, {"text": json.loads(ARTICLES)["text"] + " "}),
        "validate input.jsonl",
    ),
    "wrong-record": (LINES[0], "validate articles.jsonl --articles input.jsonl"),
    # the head and tail of a Parquet file, binary between: what a .parquet renamed .jsonl holds
    "wrong-format": (
        b"PAR1\x15\x04\x15\xe8\x07\n\x8c\xff\x00\x1c\n\xfe\x01quote\nPAR1",
        CORPUS_ARGS,
    ),
    "max-errors": (b"x\n" * 5, "validate input.jsonl --max-errors 2"),
    "json-format": (b"{}\n", "validate input.jsonl --format json"),
    "missing-file": (b"", "validate no-such-file.jsonl"),
    "directory": (b"", "validate ."),
    "bad-usage": (b"", "validate --max-errors lots"),
}

COMPRESSED = {
    "gzip": (".gz", gzip.compress),
    "bzip2": (".bz2", bz2.compress),
    "xz": (".xz", lzma.compress),
}


def main() -> None:
    for name, (content, args) in CASES.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        if "input.jsonl" in args:
            (folder / "input.jsonl").write_bytes(content)
        if "articles.jsonl" in args:
            (folder / "articles.jsonl").write_bytes(ARTICLES)
        (folder / "args").write_text(args + "\n")
    for name, (suffix, compress) in COMPRESSED.items():
        folder = HERE / f"compressed-{name}"
        folder.mkdir(exist_ok=True)
        (folder / f"input.jsonl{suffix}").write_bytes(compress(b"".join(LINES)))
        (folder / "args").write_text(f"validate input.jsonl{suffix}\n")
    folder = HERE / "compressed-truncated"
    folder.mkdir(exist_ok=True)
    (folder / "input.jsonl.gz").write_bytes(gzip.compress(b"".join(LINES))[:-12])
    (folder / "args").write_text("validate input.jsonl.gz\n")
    folder = HERE / "line-too-long"  # a 64 MiB line, skipped unread, then a valid one
    folder.mkdir(exist_ok=True)
    long = b"x" * (64 * 1024 * 1024 + 1) + b"\n" + LINES[0]
    (folder / "input.jsonl.xz").write_bytes(lzma.compress(long))
    (folder / "args").write_text("validate input.jsonl.xz\n")
    shutil.rmtree(HERE / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
