"""Reads cases as JSON on stdin, runs two independent XmR implementations on each phase, and
writes what they compute as JSON on stdout, for crates/domain/tests/spc_crosscheck.rs.

Input:  [{"values": [..], "phases": [[start, end], ..], "baseline": n | null,
          "target": t | null, "higher_is_better": bool}, ..]
Output: per case, per phase with >= 2 baseline points, the fields below (flags are lists of
        point indices within the phase).

statprocon 2.0.0 (Wheeler's conventions, Decimal arithmetic): rounds its lines to 3 decimal
places for display; we raise its module's ROUNDING to 15 places so the lines can be compared
to 1e-9. Its rule 2 is a run of 8 in which points on the mean neither count nor break.

abspc 1.1.0 (MDC after NHSRplotthedots, numpy floats): limits use 3 / 1.128 = 2.6596 where
MDC uses 2.66. Its own limits are reported as they are; for its rules we hand it limits at
2.66 × its own mR-bar (recovered from its limits), so the rules are compared on like lines.
"""

import importlib.metadata
import json
import sys
from decimal import Decimal, getcontext

import pandas as pd

import abspc
import abspc.spc as aspc
import statprocon.charts.xmr.base as sbase
from statprocon import XmR

for name, version in (("statprocon", "2.0.0"), ("abspc", "1.1.0")):
    found = importlib.metadata.version(name)
    if found != version:
        sys.exit(f"{name} {found} installed, {version} expected")

getcontext().prec = 50
sbase.ROUNDING = 15

ABSPC_FACTOR = 3.0 / 1.128
MDC = 2.66


def flags(bools):
    return [i for i, b in enumerate(bools) if bool(b)]


def statprocon_phase(values, baseline):
    x = XmR(values, subset_end_index=baseline)
    mean = x.x_central_line()[0]
    return {
        "mean": float(mean),
        "mr_bar": float(x.mr_central_line()[0]),
        "upper": float(x.upper_natural_process_limit()[0]),
        "lower": float(x.lower_natural_process_limit()[0]),
        "beyond": flags(x.rule_1_x_indices_beyond_limits()),
        "run8": flags(x.rule_2_runs_about_central_line()),
        # Which points lie exactly on its central line (where its run rule differs).
        "on_mean": [i for i, v in enumerate(x.counts) if v == mean],
    }


def abspc_phase(values, baseline, target, higher):
    own = aspc.calculate_control_limits(
        pd.DataFrame({"value": values[:baseline]}), chart_type="XmR"
    )
    mean = float(own["mean"].iloc[0])
    ucl = float(own["ucl"].iloc[0])
    mr_bar = (ucl - mean) / ABSPC_FACTOR
    df = pd.DataFrame({"value": values})
    df["mean"] = mean
    df["ucl"] = mean + MDC * mr_bar
    df["lcl"] = mean - MDC * mr_bar
    df["uwl"] = mean + (2.0 / 3.0) * MDC * mr_bar
    df["lwl"] = mean - (2.0 / 3.0) * MDC * mr_bar
    sc = aspc.detect_special_causes(df)
    v = df["value"].to_numpy(dtype=float)
    m = df["mean"].to_numpy(dtype=float)
    out = {
        "mean": mean,
        "mr_bar": mr_bar,
        "own_upper": ucl,
        "own_lower": float(own["lcl"].iloc[0]),
        "beyond": flags(sc["rule1"]),
        "run8": flags(sc["rule2"]),
        "trend6": flags(sc["rule3"]),
        "two_of_three": flags(sc["rule4"]),
        # Its rule functions at MDC's lengths (detect_special_causes fixes 8 and 6).
        "run7": flags(aspc._rule2_shift(v, m, run_length=7)),
        "trend7": flags(aspc._rule3_trend(v, run_length=7)),
    }
    if target is not None:
        direction = "high" if higher else "low"
        out["assurance"] = aspc.determine_assurance_type(df, target, direction)
    return out


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        values = case["values"]
        phases = []
        for start, end in case["phases"]:
            pv = values[start:end]
            baseline = min(case["baseline"] or len(pv), len(pv))
            if baseline < 2:
                phases.append(None)
                continue
            phases.append(
                {
                    "statprocon": statprocon_phase(pv, baseline),
                    "abspc": abspc_phase(
                        pv, baseline, case["target"], case["higher_is_better"]
                    ),
                }
            )
        results.append(phases)
    json.dump(results, sys.stdout)


main()
