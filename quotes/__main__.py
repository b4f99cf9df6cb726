from quotes.cli import run

run()
