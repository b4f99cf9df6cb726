"""Write the reference pages when the site is built (mkdocs-gen-files runs this script): the
command line from the command definitions (:data:`quotes.cli.COMMANDS`), and the Python API from
the docstrings of the names in ``quotes.__all__``. Nothing here is retyped from the code."""

from __future__ import annotations

import argparse

import mkdocs_gen_files

import quotes
from quotes.cli import COMMANDS

CLI_INTRO = """# Command line reference

Generated from the command definitions (`quotes/cli/`): each command's help, description,
arguments and example, as `quotes COMMAND --help` prints them.

The same in every command: exit codes 0 success, 1 the data has problems, 2 bad usage or input
that cannot be read (130 after Ctrl-C, 141 when standard output closes early); `bundled` names
the bundled data wherever a command takes a data file (as the quotes file it also brings the
bundled articles unless `--articles` is given); `-` is standard input for an input file and
standard output for `--out`; the shared options (`--articles`, `--out`, `--force`, `--quiet`,
`--format`) mean the same wherever they appear.

"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _argument(action: argparse.Action) -> tuple[str, str]:
    """An argument's spelling and its help, as the table shows them."""
    if action.option_strings:
        name = ", ".join(action.option_strings)
        if action.nargs != 0:
            name += f" {action.metavar or action.dest.upper()}"
    else:
        name = str(action.metavar or action.dest.upper())
    help_text = action.help or ""
    if action.choices:
        help_text += f" (one of: {', '.join(map(str, action.choices))})"
    return name, help_text


def command_page() -> str:
    """The command line reference: every command of :data:`quotes.cli.COMMANDS`, in order."""
    parts = [CLI_INTRO]
    for name, command in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"quotes {name}", add_help=False)
        command.arguments(parser)
        rows = [_argument(a) for a in parser._actions]
        parts.append(f"## `quotes {name}`\n\n{command.help}\n\n{command.description}\n\n")
        parts.append(f"```text\n{parser.format_usage().strip()}\n```\n\n")
        if rows:
            parts.append("| argument | meaning |\n|---|---|\n")
            parts += [f"| `{_cell(n)}` | {_cell(h)} |\n" for n, h in rows]
            parts.append("\n")
        parts.append(f"Example:\n\n```bash\n{command.example}\n```\n\n")
    return "".join(parts)


def api_page() -> str:
    """The Python API: one section per name of ``quotes.__all__``, from its docstring."""
    parts = [
        "# Python API\n\n",
        "Generated from the docstrings of the names `quotes` exports (`quotes.__all__`); each is\n",
        "documented where it is defined.\n\n",
        "Offsets everywhere are Unicode code points into `Article.text`, end-exclusive.\n\n",
    ]
    for name in quotes.__all__:
        home = getattr(getattr(quotes, name), "__module__", None)
        # a class or a function where it is defined; a constant as quotes exports it
        path = f"{home}.{name}" if isinstance(home, str) and home.startswith("quotes.") else name
        parts.append(f"::: {path if '.' in path else 'quotes.' + path}\n\n")
    return "".join(parts)


with mkdocs_gen_files.open("cli.md", "w") as page:
    page.write(command_page())
with mkdocs_gen_files.open("api.md", "w") as page:
    page.write(api_page())
