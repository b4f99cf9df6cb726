"""The package version, written once (``pyproject.toml`` reads it from here)."""

__version__ = "0.2.0"

DISTRIBUTION = "nato-russia-quotes"
"""The name to install (``pip install nato-russia-quotes``), of the Hub dataset and of the citation;
``quotes`` is only the import name and the command (``quotes`` on the package index is another
project). ``pyproject.toml`` says it too (a test checks that they agree)."""
