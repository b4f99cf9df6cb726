#!/bin/sh
# Measure `quotes extract` on PolNeAR's dev split through the package, as a user would:
#   sh bench/measure_extract.sh PATH/TO/PolNeAR [SPLIT] [SCRATCH]
# SPLIT is dev (default) or train; test is refused (it is for final scoring only).
set -eu
polnear=${1:?give the PolNeAR checkout}
split=${2:-dev}
scratch=${3:-polnear-$split}
case $split in train|dev) ;; *) echo "split must be train or dev, not $split" >&2; exit 2 ;; esac
quotes import polnear "$polnear" --split "$split" --out "$scratch" --force --quiet
quotes extract --articles "$scratch/articles.jsonl" --out "$scratch/pred.jsonl" --force
quotes evaluate "$scratch/quotes.jsonl" "$scratch/pred.jsonl" --articles "$scratch/articles.jsonl" --format markdown
python "$(dirname "$0")/calibrate_extract.py" "$scratch"
