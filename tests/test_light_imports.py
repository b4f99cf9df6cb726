"""What a command loads: the features that do not validate files load neither the validation
engine nor msgspec, and validating valid quotes loads no pydantic, from a checkout too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = ("quotes.engine.pipeline", "quotes.engine.parallel", "quotes.engine.fast", "msgspec")


@pytest.mark.parametrize("feature", ["quotes.view", "quotes.extract", "quotes.formats"])
def test_a_feature_imports_without_the_validation_engine(feature: str) -> None:
    code = f"import sys, {feature}; print(*[m for m in {ENGINE!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def test_a_source_checkout_validates_valid_quotes_without_pydantic(tmp_path: Path) -> None:
    """Run from a checkout (no packaged schema copy), the fast path reads ``schema/``."""
    root = Path(__file__).resolve().parents[1]
    assert not (root / "quotes" / "data" / "schema").exists()
    valid = tmp_path / "valid.jsonl"
    valid.write_bytes((root / "quotes" / "data" / "quotes.jsonl").read_bytes())
    code = (
        "import sys; from quotes.cli import main; code = main(['validate', 'valid.jsonl']);"
        "print(code, 'pydantic' in sys.modules, sys.modules['quotes'].__file__)"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    code_, imported, where = done.stdout.split()[-3:]
    assert (code_, imported) == ("0", "False"), done.stderr
    assert where.startswith(str(root))
