//! Map boundaries an office provides as GeoJSON (`opcc import boundaries FILE`), for a force
//! whose boundaries do not ship in the binary: its LSOAs (2011 or 2021, from the ONS Open
//! Geography Portal or the like) and, optionally, its local authorities' outlines. They are
//! projected as `scripts/derive-boundaries.py` does for the shipped ones, simplified together as
//! they are (`Boundaries::simplify`), and
//! stored in the database, one set per force area.

use super::boundaries::{Boundaries, LadOutline, LsoaShape, Projection};
use super::geo::{VINTAGE_2011, VINTAGE_2021, geo};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use serde_json::Value;
use std::sync::Arc;

/// A force's LSOA boundaries from the ONS portal are tens of MB at full resolution; the
/// generalised ones a few. Reading is bounded by this before anything is parsed.
pub const MAX_FILE_BYTES: u64 = 128 << 20;
const MAX_FEATURES: usize = 20_000;
const MAX_POINTS: usize = 20_000_000;
/// Map units: the frame is this wide, as for the shipped maps.
const WIDTH: f64 = 1000.0;

/// What an import read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Read {
    pub lsoas: usize,
    pub lads: usize,
    /// Features left out, with why (outside the force area, a code no lookup knows).
    pub skipped: Vec<String>,
}

fn is_gss(s: &str, prefixes: &[&str]) -> bool {
    s.len() == 9
        && prefixes.iter().any(|p| s.starts_with(p))
        && s[3..].bytes().all(|b| b.is_ascii_digit())
}

/// A feature's code, name and population, wherever its properties keep them: the code is the
/// first property holding an LSOA (E01/W01) or local authority (E06-E09/W06) GSS code.
fn describe(props: &serde_json::Map<String, Value>) -> Option<(String, String, Option<i64>)> {
    let code = props
        .values()
        .filter_map(Value::as_str)
        .find(|s| is_gss(s, &["E01", "W01", "E06", "E07", "E08", "E09", "W06"]))?;
    let name = props
        .iter()
        .find(|(k, v)| {
            let k = k.to_ascii_lowercase();
            v.is_string() && (k.ends_with("nm") || k == "name")
        })
        .and_then(|(_, v)| v.as_str())
        .unwrap_or(code);
    let population = props
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("population"))
        .and_then(|(_, v)| v.as_i64());
    Some((code.to_string(), name.to_string(), population))
}

type Ring = Vec<(f64, f64)>;

fn rings(geometry: &Value, at: &str, points: &mut usize) -> std::result::Result<Vec<Ring>, String> {
    let kind = geometry["type"].as_str().unwrap_or("");
    let polygons: Vec<&Value> = match kind {
        "Polygon" => vec![&geometry["coordinates"]],
        "MultiPolygon" => geometry["coordinates"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => {
            return Err(format!(
                "{at}: geometry type {other:?}, expected Polygon or MultiPolygon"
            ));
        }
    };
    let mut out = Vec::new();
    for poly in polygons {
        for ring in poly
            .as_array()
            .ok_or(format!("{at}: coordinates are not a list"))?
        {
            let mut r = Vec::new();
            for p in ring
                .as_array()
                .ok_or(format!("{at}: a ring is not a list"))?
            {
                let (Some(lon), Some(lat)) = (p[0].as_f64(), p[1].as_f64()) else {
                    return Err(format!("{at}: a point is not [longitude, latitude]"));
                };
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(format!(
                        "{at}: the point [{lon}, {lat}] is not a longitude and latitude (WGS 84, EPSG:4326); convert the file first, e.g. ogr2ogr -t_srs EPSG:4326"
                    ));
                }
                *points += 1;
                if *points > MAX_POINTS {
                    return Err(format!(
                        "more than {MAX_POINTS} points: simplify the file first"
                    ));
                }
                r.push((lon, lat));
            }
            out.push(r);
        }
    }
    Ok(out)
}

/// SVG path data as the shipped maps write it: whole units of the map. Shapes are simplified
/// afterwards, all together, so that neighbours keep their shared edges.
fn path(rings: &[Ring], proj: &Projection) -> String {
    let rings: Vec<Vec<(i64, i64)>> = rings
        .iter()
        .filter_map(|ring| {
            let mut pts: Vec<(i64, i64)> = ring
                .iter()
                .map(|(lon, lat)| {
                    let (x, y) = proj.project(*lon, *lat);
                    (x.round() as i64, y.round() as i64)
                })
                .collect();
            pts.dedup();
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            (pts.len() >= 3).then_some(pts)
        })
        .collect();
    super::simplify::path(&rings)
}

/// Reads a GeoJSON FeatureCollection into a force area's map. Every problem names the
/// feature (by its position, counting from 1) and what is wrong with it.
pub fn from_geojson(
    pfa: &str,
    name: &str,
    bytes: &[u8],
) -> std::result::Result<(Boundaries, Read), String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("{name}: larger than {} MB", MAX_FILE_BYTES >> 20));
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| format!("{name}: not JSON: {e}"))?;
    if doc["type"] != "FeatureCollection" {
        return Err(format!("{name}: not a GeoJSON FeatureCollection"));
    }
    let features = doc["features"]
        .as_array()
        .ok_or(format!("{name}: no features"))?;
    if features.len() > MAX_FEATURES {
        return Err(format!(
            "{name}: {} features, more than the {MAX_FEATURES} a force area has",
            features.len()
        ));
    }
    let g = geo();
    let mut points = 0;
    let mut skipped = Vec::new();
    // (code, name, population, lad, vintage or None for a local authority, rings)
    type Shape = (
        String,
        String,
        Option<i64>,
        String,
        Option<&'static str>,
        Vec<Ring>,
    );
    let mut shapes: Vec<Shape> = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let at = format!("{name}: feature {}", i + 1);
        let Some(props) = f["properties"].as_object() else {
            return Err(format!("{at}: no properties"));
        };
        let Some((code, fname, population)) = describe(props) else {
            return Err(format!(
                "{at}: no property holds an LSOA or local authority GSS code (E01..., W01..., E06...-E09..., W06...)"
            ));
        };
        let rings = rings(&f["geometry"], &at, &mut points)?;
        if is_gss(&code, &["E01", "W01"]) {
            let Some(lad) = g.lad_of_lsoa(&code, Some(&fname)) else {
                skipped.push(format!("{code}: no lookup places this LSOA"));
                continue;
            };
            if lad.pfa.as_deref() != Some(pfa) {
                skipped.push(format!("{code} ({fname}): outside the force area"));
                continue;
            }
            let vintage = match g.vintage(&code) {
                Some(v) if v == VINTAGE_2011 | VINTAGE_2021 => "both",
                Some(VINTAGE_2021) => "2021",
                _ => "2011",
            };
            shapes.push((
                code,
                fname,
                population,
                lad.code.clone(),
                Some(vintage),
                rings,
            ));
        } else {
            match g.lad(&code) {
                Some(l) if l.pfa.as_deref() == Some(pfa) => {
                    shapes.push((code, fname, None, l.code.clone(), None, rings))
                }
                _ => skipped.push(format!(
                    "{code} ({fname}): a local authority outside the force area"
                )),
            }
        }
    }
    if !shapes.iter().any(|s| s.4.is_some()) {
        return Err(format!("{name}: no LSOA of this force area in the file"));
    }
    let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) =
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lon, lat) in shapes.iter().flat_map(|s| s.5.iter().flatten()) {
        min_lon = min_lon.min(*lon);
        max_lon = max_lon.max(*lon);
        min_lat = min_lat.min(*lat);
        max_lat = max_lat.max(*lat);
    }
    let span = (max_lon - min_lon).max(1e-6);
    let kx = WIDTH / span;
    // Equirectangular, scaled by the cosine of the middle latitude so shapes keep their form.
    let ky = kx / ((min_lat + max_lat) / 2.0).to_radians().cos();
    let projection = Projection {
        lon0: min_lon,
        lat0: max_lat,
        kx,
        ky,
    };
    let mut lads = Vec::new();
    let mut lsoas = Vec::new();
    for (code, fname, population, lad, vintage, rings) in shapes {
        let p = path(&rings, &projection);
        match vintage {
            None => lads.push(LadOutline {
                code,
                name: fname,
                path: p,
            }),
            Some(v) => lsoas.push(LsoaShape {
                code,
                name: fname,
                lad,
                vintage: v.into(),
                population,
                path: p,
            }),
        }
    }
    let read = Read {
        lsoas: lsoas.len(),
        lads: lads.len(),
        skipped,
    };
    let mut b = Boundaries {
        pfa: pfa.to_string(),
        projection,
        width: WIDTH,
        height: ((max_lat - min_lat) * ky).ceil(),
        lads,
        lsoas,
    };
    b.simplify(super::boundaries::TOLERANCE);
    Ok((b, read))
}

/// Stores a force area's map, replacing any before, with its audit entry.
pub async fn save(db: &Db, actor: &Actor, b: &Boundaries, read: &Read, file: &str) -> Result<()> {
    let body = serde_json::to_string(b).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM map_boundaries WHERE pfa_code = $1")
        .bind(&b.pfa)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO map_boundaries (pfa_code, boundaries, source, imported_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&b.pfa)
    .bind(&body)
    .bind(file)
    .bind(crate::now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("boundaries.import", "force_area", &b.pfa).after(&serde_json::json!({
            "file": file, "lsoas": read.lsoas, "lads": read.lads, "skipped": read.skipped.len()
        })),
    )
    .await?;
    Ok(())
}

/// A force area's map: the one the office imported (newer boundaries, say), else the one
/// shipped in the binary. Read once per version of the data, not parsed for every map drawn.
pub async fn for_force(db: &Db, pfa: &str) -> Result<Option<Arc<Boundaries>>> {
    let found = db
        .figures(format!("crime.boundaries {pfa}"), || {
            read_for_force(db, pfa)
        })
        .await?;
    Ok(found.as_ref().clone())
}

async fn read_for_force(db: &Db, pfa: &str) -> Result<Option<Arc<Boundaries>>> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT boundaries FROM map_boundaries WHERE pfa_code = $1")
            .bind(pfa)
            .fetch_optional(&db.pool)
            .await?;
    match body {
        Some(s) => serde_json::from_str(&s)
            .map(|b| Some(Arc::new(b)))
            .map_err(|e| StoreError::Invalid(format!("stored boundaries of {pfa}: {e}"))),
        None => Ok(super::boundaries::shipped(pfa)),
    }
}
