"""Runs PyPI sortition-algorithms on an instance in the paper's format and prints one line:
the method, the seconds taken and the minimum selection probability found.

    python compare.py maximin|legacy CATEGORIES.csv RESPONDENTS.csv PANEL

maximin (HiGHS) is the package's best method without Gurobi (its leximin needs Gurobi); its
minimum is LEXIMIN's first level, so it is the figure to compare. legacy is run LEGACY_RUNS
times (200) and the smallest share of those draws that a volunteer is in is printed.
"""

import contextlib
import csv
import io
import os
import sys
import time

from sortition_algorithms import Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin


def load(categories_path, respondents_path, panel):
    with open(categories_path, newline="") as f:
        rows = [
            {"feature": r["category"], "value": r["feature"], "min": r["min"], "max": r["max"]}
            for r in csv.DictReader(f)
        ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows, panel)
    with open(respondents_path, newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames)
        people_rows = [{"id": str(i), **r} for i, r in enumerate(reader)]
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(["id", *columns], people_rows, features, settings)
    return features, people, len(people_rows)


def main():
    method, categories_path, respondents_path, panel = sys.argv[1:5]
    panel = int(panel)
    features, people, n = load(categories_path, respondents_path, panel)
    started = time.monotonic()
    # The package (and HiGHS, from C) print as they go; only the result line is wanted.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            minimum = solve(method, features, people, panel, n)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
    print(f"python {method}: {time.monotonic() - started:.2f} s, minimum {minimum * 100:.4f}%")


def solve(method, features, people, panel, n):
    if method == "maximin":
        committees, probabilities, _ = find_distribution_maximin(features, people, panel, [])
        marginal = {str(i): 0.0 for i in range(n)}
        for committee, p in zip(committees, probabilities):
            for person in committee:
                marginal[person] += p
        minimum = min(marginal.values())
    elif method == "legacy":
        runs = int(os.environ.get("LEGACY_RUNS", "200"))
        hits = {str(i): 0 for i in range(n)}
        for _ in range(runs):
            committees, _ = find_random_sample_legacy(people, features, panel, [], max_attempts=100)
            for person in committees[0]:
                hits[person] += 1
        minimum = min(hits.values()) / runs
    else:
        sys.exit(f"unknown method {method}")
    return minimum


if __name__ == "__main__":
    main()
