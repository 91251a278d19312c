#!/usr/bin/env python3
"""Derives the compact map boundaries opcc ships in crates/store/geo/ from the public files in
../shared/data (provenance and licences in crates/store/geo/README.md).

    scripts/derive-boundaries.py [DATA_DIR]    (default: ../shared/data relative to the repo)

For every police force area whose LSOA boundaries are in DATA_DIR/geo (today: Cheshire's four
local authorities) it writes boundaries_<PFA code>.json:

  projection  x = (lon - lon0) * kx, y = (lat0 - lat) * ky: equirectangular, scaled by
              cos(latitude) at the centre, so that the map is 1000 units wide.
  lads        the local authorities' outlines (TopoJSON of England's LADs, 2013 boundaries,
              which are still Cheshire's), for the point map.
  lsoas       code, name, lad, vintage (2011, 2021 or both: drawn with whichever the month's
              data uses), 2011 census population, and an SVG path.

Paths are in whole units (about 80 m in Cheshire), relative (m/l), simplified with
Douglas-Peucker at 0.6 units, so each force's file stays a few hundred kilobytes.

Population: Census 2011 usual residents by 2011 LSOA. A 2021 LSOA whose code is also a 2011
code (unchanged by the 2021 revision) takes the 2011 figure; a 2021 LSOA that is new (split or
merged) has no population, and the map shows its rate as unknown rather than guess one.
Deterministic output: a re-run without source changes gives no diff.
"""
import csv, glob, json, math, os, sys

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data")
out = os.path.join(repo, "crates", "store", "geo")
WIDTH = 1000.0
TOLERANCE = 0.6


def lad_pfa():
    with open(os.path.join(out, "lad.csv"), newline="") as f:
        return {r["lad_code"]: (r["pfa_code"], r["name"]) for r in csv.DictReader(f)}


def rings_of(geom):
    if geom["type"] == "Polygon":
        return geom["coordinates"]
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["coordinates"] for ring in poly]
    raise ValueError(geom["type"])


def dp(points, tol):
    """Douglas-Peucker on a list of (x, y), keeping the ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, at = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, at = d, i
        if at is not None and best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def path(rings, proj):
    lon0, lat0, kx, ky = proj
    parts = []
    for ring in rings:
        pts = [((lon - lon0) * kx, (lat0 - lat) * ky) for lon, lat, *_ in ring]
        pts = dp(pts, TOLERANCE)
        ipts = []
        for x, y in pts:
            p = (round(x), round(y))
            if not ipts or ipts[-1] != p:
                ipts.append(p)
        if len(ipts) > 1 and ipts[0] == ipts[-1]:
            ipts.pop()
        if len(ipts) < 3:
            continue
        s = "M%d %d" % ipts[0]
        rel = ["%d %d" % (x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in zip(ipts, ipts[1:])]
        parts.append(s + "l" + " ".join(rel) + "z")
    return "".join(parts)


def topo_lads(codes):
    """Rings of the LADs named, decoded from the TopoJSON (quantised, delta-encoded arcs)."""
    with open(os.path.join(data, "geo", "lad", "topo_lad_eng.json")) as f:
        topo = json.load(f)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    found = {}
    for g in topo["objects"]["lad"]["geometries"]:
        if g["id"] in codes:
            polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
            found[g["id"]] = [ring(r) for poly in polys for r in poly]
    return found


def population():
    pop = {}
    with open(os.path.join(data, "population", "census_2011_population_hh.csv"), newline="") as f:
        r = csv.reader(f)
        h = next(r)
        i_code, i_persons = h.index("LSOA Code"), h.index("Persons")
        for row in r:
            pop[row[i_code]] = int(row[i_persons].replace(",", ""))
    return pop


lads = lad_pfa()
pop = population()
by_pfa = {}
for f in sorted(glob.glob(os.path.join(data, "geo", "lsoa11_by_lad", "*.json"))):
    lad = os.path.basename(f).split(".")[0]
    by_pfa.setdefault(lads[lad][0], set()).add(lad)
for pfa, lad_codes in sorted(by_pfa.items()):
    lsoas = {}  # code -> dict
    for lad in sorted(lad_codes):
        for vintage, pattern, cd, nm in [
            ("2011", "lsoa11_by_lad/%s.json", "LSOA11CD", "LSOA11NM"),
            ("2021", "lsoa21_by_lad/%s.geojson", "LSOA21CD", "LSOA21NM"),
        ]:
            p = os.path.join(data, "geo", pattern % lad)
            if not os.path.exists(p):
                continue
            with open(p) as fh:
                for feat in json.load(fh)["features"]:
                    code = feat["properties"][cd]
                    if code in lsoas:
                        lsoas[code]["vintage"] = "both"  # keep the 2011 shape
                        continue
                    lsoas[code] = {"code": code, "name": feat["properties"][nm], "lad": lad,
                                   "vintage": vintage, "rings": rings_of(feat["geometry"])}
    lons = [pt[0] for l in lsoas.values() for r in l["rings"] for pt in r]
    lats = [pt[1] for l in lsoas.values() for r in l["rings"] for pt in r]
    lat_mid = (min(lats) + max(lats)) / 2
    kx = WIDTH / (max(lons) - min(lons))
    ky = kx / math.cos(math.radians(lat_mid))
    proj = (min(lons), max(lats), kx, ky)
    height = math.ceil((max(lats) - min(lats)) * ky)
    lad_rings = topo_lads(lad_codes)
    doc = {
        "pfa": pfa,
        "projection": {"lon0": round(proj[0], 8), "lat0": round(proj[1], 8),
                       "kx": round(kx, 6), "ky": round(ky, 6)},
        "width": int(WIDTH),
        "height": height,
        "lads": [{"code": c, "name": lads[c][1], "path": path(lad_rings[c], proj)}
                 for c in sorted(lad_rings)],
        "lsoas": [{"code": l["code"], "name": l["name"], "lad": l["lad"], "vintage": l["vintage"],
                   "population": pop.get(l["code"]), "path": path(l["rings"], proj)}
                  for l in sorted(lsoas.values(), key=lambda l: l["code"])],
    }
    target = os.path.join(out, "boundaries_%s.json" % pfa)
    with open(target, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"), ensure_ascii=False)
        fh.write("\n")
    missing = sorted(set(lad_codes) - set(lad_rings))
    print(f"{target}: {len(lsoas)} LSOAs, {len(lad_rings)} LADs (missing outlines: {missing}), "
          f"{os.path.getsize(target)} bytes", file=sys.stderr)
