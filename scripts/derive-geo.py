#!/usr/bin/env python3
"""Derives the compact geography lookups opcc ships in crates/store/geo/ from the public
files in ../shared/data (see crates/store/geo/README.md for provenance and licence).

    scripts/derive-geo.py [DATA_DIR]    (default: ../shared/data relative to the repo)

Outputs (deterministic, sorted, so a re-run without source changes gives no diff):
  lsoa_lad.csv.gz  lsoa_code,vintage,lad_code   vintage 2011|2021|both; lad_code is the current
                   (active) local authority, so 2011 and 2021 codes land on today's LADs.
  lad.csv          lad_code,name,pfa_code,population   population: ONS mid-2022 (table C4),
                   blank when unknown; pfa_code blank when no rule below finds it.
  lad_alias.csv    name,lad_code   every LAD name old and new (LSOA names start with one), for
                   LSOA codes in neither lookup (e.g. Welsh 2011 codes).
  pfa.csv          pfa_code,slug,name,population   population: ONS mid-2023 (table P3).
"""
import csv, gzip, io, os, re, sys
from collections import Counter, defaultdict

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data")
out = os.path.join(repo, "crates", "store", "geo")


def rows(path):
    with open(os.path.join(data, path), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def clean_name(s):
    return re.sub(r"\s*\[note[^\]]*\]", "", s).strip()


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower().replace("&", "and")).strip("-")


# Police force areas: P3 rows with E23/W15 codes.
pfa = {}
p3 = rows("recorded_crime/ons_pfa_ye_dec2024_table_P3_rates_population.csv")
for r in p3[1:]:
    if r and (r[0].startswith("E23") or r[0].startswith("W15")):
        pfa[r[0]] = {"name": clean_name(r[1]), "population": r[2].replace(",", "")}
by_pfa_slug = {slugify(v["name"]): k for k, v in pfa.items()}
SLUG_ALIASES = {"metropolitan": "metropolitan-police"}
for r in rows("lookups/forces_datasets-crime-uk.csv")[1:]:
    slug = r[0]
    code = by_pfa_slug.get(SLUG_ALIASES.get(slug, slug))
    if code:
        pfa[code]["slug"] = slug
    else:
        print(f"force slug {slug!r} has no police force area (kept out)", file=sys.stderr)
missing = [v["name"] for v in pfa.values() if "slug" not in v]
assert not missing, f"police force areas without a police.uk slug: {missing}"
pfa_by_name = {v["name"].lower(): k for k, v in pfa.items()}

# Local authorities: names, and old codes -> active codes.
la = rows("lookups/la_all_codes.csv")
h = la[0]
i_cd, i_nm, i_act, i_actnm = h.index("LADCD"), h.index("LADNM"), h.index("LADCD_ACTIVE"), h.index("LADNM_ACTIVE")
active = {}
names = {}
alias = {}
for r in la[1:]:
    active[r[i_cd]] = r[i_act]
    names[r[i_act]] = r[i_actnm]
    alias[r[i_nm]] = r[i_act]
    alias[r[i_actnm]] = r[i_act]

# LSOAs: 2021 lookup (active LAD given) and the 2011 lookup (LAD mapped to active).
lsoa = {}
county = {}
for r in csv.DictReader(open(os.path.join(data, "lookups/lsoa21_to_lad_drkane_derived.csv"), newline="")):
    lsoa[r["LSOA21CD"]] = ["2021", r["LADCD_ACTIVE"]]
    names.setdefault(r["LADCD_ACTIVE"], r["LADNM_ACTIVE"])
    if r["UTLACD"] != r["LADCD_ACTIVE"]:
        county[r["LADCD_ACTIVE"]] = r["UTLACD"]
force_2011 = {}
p11 = rows("lookups/PoliceforceLSOA.csv")
h = p11[0]  # the first column's header is empty
i_lad, i_ladnm, i_lsoa, i_force = h.index("Local authority code"), h.index("Local authority name"), h.index("LSOA Code"), h.index("Police_force")
for r in p11[1:]:
    lad = active.get(r[i_lad], r[i_lad])
    alias.setdefault(re.sub(r" UA$", "", r[i_ladnm]), lad)
    if r[i_lsoa] in lsoa:
        if lsoa[r[i_lsoa]][1] != lad:
            print(f"{r[i_lsoa]}: 2011 LAD {lad} differs from 2021 LAD {lsoa[r[i_lsoa]][1]}; using 2021", file=sys.stderr)
        lsoa[r[i_lsoa]][0] = "both"
    else:
        lsoa[r[i_lsoa]] = ["2011", lad]
    if r[i_force]:
        force_2011[lad] = r[i_force]

# LAD -> PFA: 1. ONS table C4 (2024 LADs); 2. the 2011 lookup's force names;
# 3. two-tier districts with a blank force: their county's other districts.
lad_pfa, lad_pop, how = {}, {}, Counter()
c4 = rows("recorded_crime/ons_csp_ye_dec2024_table_C4_rates_population.csv")
for r in c4[1:]:
    if re.fullmatch(r"[EW]0[6-9]\d{6}", r[4]):
        lad_pfa[r[4]] = r[0]
        lad_pop[r[4]] = r[6].replace(",", "") if r[6].replace(",", "").isdigit() else ""
        names.setdefault(r[4], r[5])
how["C4"] = len(lad_pfa)
all_lads = {v[1] for v in lsoa.values()}
for lad in sorted(all_lads - lad_pfa.keys()):
    f = force_2011.get(lad)
    if f and f.lower() in pfa_by_name:
        lad_pfa[lad] = pfa_by_name[f.lower()]
        how["2011 lookup"] += 1
county_pfa = defaultdict(set)
for lad, c in county.items():
    if lad in lad_pfa:
        county_pfa[c].add(lad_pfa[lad])
for lad in sorted(all_lads - lad_pfa.keys()):
    s = county_pfa.get(county.get(lad), set())
    if len(s) == 1:
        lad_pfa[lad] = next(iter(s))
        how["county"] += 1
# 4. Districts that C4 folds into "Combined Local Authorities" CSPs and whose whole county is
# so folded (rules 1-3 cannot reach them); the CSP rows name the force: North Worcestershire and
# South Worcester (West Mercia), Cwm Taf = Rhondda Cynon Taf + Merthyr Tydfil (South Wales).
MANUAL = {"E07000234": "E23000016", "E07000235": "E23000016", "E07000236": "E23000016",
          "E07000237": "E23000016", "E07000238": "E23000016", "E07000239": "E23000016",
          "W06000016": "W15000003", "W06000024": "W15000003"}
for lad, code in MANUAL.items():
    if lad in all_lads and lad not in lad_pfa:
        lad_pfa[lad] = code
        how["manual (C4 combined CSPs)"] += 1
unknown = sorted(all_lads - lad_pfa.keys())
print(f"LAD -> PFA: {dict(how)}; unknown: {len(unknown)} {unknown[:10]}", file=sys.stderr)

os.makedirs(out, exist_ok=True)
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
w.writerow(["lsoa_code", "vintage", "lad_code"])
for code in sorted(lsoa):
    w.writerow([code] + lsoa[code])
with open(os.path.join(out, "lsoa_lad.csv.gz"), "wb") as f:
    # mtime=0 keeps the file byte-identical between runs.
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=9) as g:
        g.write(buf.getvalue().encode())
with open(os.path.join(out, "lad.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lad_code", "name", "pfa_code", "population"])
    for lad in sorted(all_lads | lad_pfa.keys()):
        w.writerow([lad, names.get(lad, ""), lad_pfa.get(lad, ""), lad_pop.get(lad, "")])
with open(os.path.join(out, "lad_alias.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["name", "lad_code"])
    for n in sorted(alias):
        w.writerow([n, alias[n]])
with open(os.path.join(out, "pfa.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["pfa_code", "slug", "name", "population"])
    for code in sorted(pfa):
        v = pfa[code]
        w.writerow([code, v["slug"], v["name"], v["population"]])
print(f"{len(lsoa)} LSOAs, {len(all_lads)} LADs, {len(pfa)} PFAs written to {out}", file=sys.stderr)
