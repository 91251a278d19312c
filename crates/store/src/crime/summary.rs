//! Summaries of street crime from the rollup: by month, local authority, LSOA, category or
//! last outcome, with rates per 1,000 residents where the population is known; and the
//! per-LSOA counts, map points and force comparison the public pages draw.

use super::coverage::months_loaded;
use super::geo::geo;
use crate::{Db, Result};
use opcc_domain::crime::{
    Area, By, Category, ForceRate, Kind, LsoaCount, Month, Point, Summary, SummaryRow, per_1000,
};
use sqlx::Row;
use std::collections::BTreeMap;

type Grouped = Vec<(Vec<String>, String, i64)>;

/// Sums of the rollup for a force and months, grouped by `dims` (and crime type, which the
/// category filter needs), as (dims values, crime type, n). Every summary, map and comparison
/// is built from these, so they are read once per version of the data.
async fn grouped(
    db: &Db,
    force: Option<&str>,
    from: Month,
    to: Month,
    dims: &[&str],
) -> Result<Grouped> {
    let key = format!("crime.grouped {force:?} {from} {to} {}", dims.join(","));
    let rows = db
        .figures(key, || read_grouped(db, force, from, to, dims))
        .await?;
    Ok(rows.as_ref().clone())
}

/// Where each dimension is read: the unit (force, month) or a term number of the rollup.
fn dim_sql(d: &str) -> Option<(&'static str, bool)> {
    Some(match d {
        "force" => ("u.force", false),
        "month" => ("u.month", false),
        "crime_type" => ("r.crime_type", true),
        "lad_code" => ("r.lad_code", true),
        "lsoa_code" => ("r.lsoa_code", true),
        "lsoa_name" => ("r.lsoa_name", true),
        "area" => ("r.area", true),
        "last_outcome" => ("r.last_outcome", true),
        _ => return None,
    })
}

/// Groups by term numbers and units first and reads the texts of the groups only; a grouping
/// by force, month and crime type alone reads the totals (thousands of rows at national
/// scale) instead of the rollup (millions).
async fn read_grouped(
    db: &Db,
    force: Option<&str>,
    from: Month,
    to: Month,
    dims: &[&str],
) -> Result<Grouped> {
    let mut all: Vec<&str> = dims.to_vec();
    all.push("crime_type");
    let span = super::terms::RID_SPAN;
    let (table, unit_join) = if all
        .iter()
        .all(|d| matches!(*d, "force" | "month" | "crime_type"))
    {
        ("crime_totals", "u.id = r.unit".to_string())
    } else {
        // A unit's rollup is one range of its row numbers (migration 0034).
        (
            "crime_rollup_rows",
            format!("r.rid >= u.id * {span} AND r.rid < (u.id + 1) * {span}"),
        )
    };
    let (mut inner, mut outer, mut joins) = (Vec::new(), Vec::new(), String::new());
    for (i, d) in all.iter().enumerate() {
        let (col, is_term) = dim_sql(d)
            .ok_or_else(|| crate::StoreError::Invalid(format!("no crime dimension {d}")))?;
        inner.push(format!("{col} AS d{i}"));
        if is_term {
            outer.push(format!("t{i}.term"));
            joins.push_str(&format!(" JOIN crime_terms t{i} ON t{i}.id = g.d{i}"));
        } else {
            outer.push(format!("g.d{i}"));
        }
    }
    let (force_filter, a, b) = if force.is_some() {
        ("u.force = $1 AND ", "$2", "$3")
    } else {
        ("", "$1", "$2")
    };
    let keys: Vec<String> = (0..all.len()).map(|i| format!("d{i}")).collect();
    let sql = format!(
        "SELECT {}, g.n FROM (SELECT {}, CAST(SUM(r.n) AS BIGINT) AS n FROM crime_units u \
         JOIN {table} r ON {unit_join} WHERE {force_filter}u.month >= {a} AND u.month <= {b} \
         GROUP BY {}) g{joins}",
        outer.join(", "),
        inner.join(", "),
        keys.join(", ")
    );
    let mut q = sqlx::query(&sql);
    if let Some(f) = force {
        q = q.bind(f);
    }
    let q = q.bind(from.to_string()).bind(to.to_string());
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let vals = (0..dims.len())
                .map(|i| r.try_get::<String, _>(i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((vals, r.try_get(dims.len())?, r.try_get(dims.len() + 1)?))
        })
        .collect()
}

/// Adds up counts by key, keeping only the category's crime types.
fn add_up(
    rows: Vec<(Vec<String>, String, i64)>,
    category: &Category,
) -> BTreeMap<Vec<String>, i64> {
    let mut out = BTreeMap::new();
    for (k, t, n) in rows {
        if category.includes(&t) {
            *out.entry(k).or_default() += n;
        }
    }
    out
}

fn area_of(s: &str) -> Area {
    Area::parse(s).unwrap_or(Area::Unknown)
}

fn blank(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Street crime for a force over [from, to], broken down `by`. Months not loaded are listed
/// in `months_missing` and, by month, have a null count: absent data is never zero.
pub async fn summary(
    db: &Db,
    force: &str,
    from: Month,
    to: Month,
    by: By,
    category: &Category,
) -> Result<Summary> {
    let pfa = geo().pfa_by_slug(force);
    let loaded = months_loaded(db, force, Kind::Street, from, to).await?;
    let missing: Vec<Month> = from.through(to).filter(|m| !loaded.contains(m)).collect();
    let force_pop = pfa.map(|p| p.population);
    let row = |key: Option<String>,
               label: String,
               area: Option<Area>,
               count: i64,
               population: Option<i64>| SummaryRow {
        key,
        label,
        area,
        count: Some(count),
        population,
        rate_per_1000: per_1000(count, population),
    };
    let rows = match by {
        By::Month => {
            let counts = add_up(
                grouped(db, Some(force), from, to, &["month"]).await?,
                category,
            );
            from.through(to)
                .map(|m| {
                    let count = loaded
                        .contains(&m)
                        .then(|| counts.get(&vec![m.to_string()]).copied().unwrap_or(0));
                    SummaryRow {
                        key: Some(m.to_string()),
                        label: m.to_string(),
                        area: None,
                        count,
                        population: force_pop,
                        rate_per_1000: count.and_then(|c| per_1000(c, force_pop)),
                    }
                })
                .collect()
        }
        By::Lad => {
            let counts = add_up(
                grouped(db, Some(force), from, to, &["lad_code", "area"]).await?,
                category,
            );
            let mut rows: Vec<SummaryRow> = counts
                .into_iter()
                .map(|(k, n)| {
                    let area = area_of(&k[1]);
                    match (blank(&k[0]), area) {
                        (_, Area::NoLocation) => {
                            row(None, "No location".into(), Some(area), n, None)
                        }
                        (None, _) => row(None, "Unknown area".into(), Some(area), n, None),
                        (Some(code), _) => {
                            let lad = geo().lad(&code);
                            let pop = if area == Area::In {
                                lad.and_then(|l| l.population)
                            } else {
                                None
                            };
                            let name = lad.map_or(code.clone(), |l| l.name.clone());
                            row(Some(code), name, Some(area), n, pop)
                        }
                    }
                })
                .collect();
            rows.sort_by(|a, b| (a.area, &a.label).cmp(&(b.area, &b.label)));
            rows
        }
        By::Lsoa => {
            let counts = add_up(
                grouped(
                    db,
                    Some(force),
                    from,
                    to,
                    &["lsoa_code", "lsoa_name", "area"],
                )
                .await?,
                category,
            );
            counts
                .into_iter()
                .map(|(k, n)| match blank(&k[0]) {
                    None => row(None, "No location".into(), Some(area_of(&k[2])), n, None),
                    Some(code) => row(Some(code), k[1].clone(), Some(area_of(&k[2])), n, None),
                })
                .collect()
        }
        By::CrimeType => {
            let counts = add_up(
                grouped(db, Some(force), from, to, &["crime_type"]).await?,
                category,
            );
            counts
                .into_iter()
                .map(|(k, n)| row(Some(k[0].clone()), k[0].clone(), None, n, force_pop))
                .collect()
        }
        By::Outcome => {
            let counts = add_up(
                grouped(db, Some(force), from, to, &["last_outcome"]).await?,
                category,
            );
            let mut rows: Vec<SummaryRow> = counts
                .into_iter()
                .map(|(k, n)| match blank(&k[0]) {
                    None => row(None, "No outcome recorded".into(), None, n, None),
                    Some(o) => row(Some(o.clone()), o, None, n, None),
                })
                .collect();
            rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            rows
        }
    };
    Ok(Summary {
        force: force.to_string(),
        force_name: pfa.map(|p| p.name.clone()),
        pfa_code: pfa.map(|p| p.code.clone()),
        from,
        to,
        by,
        category: category.as_str().to_string(),
        months_loaded: loaded,
        months_missing: missing,
        rows,
    })
}

/// Counts per LSOA in one month (for a choropleth), rows without a location left out.
pub async fn lsoa_counts(
    db: &Db,
    force: &str,
    month: Month,
    category: &Category,
) -> Result<Vec<LsoaCount>> {
    let counts = add_up(
        grouped(
            db,
            Some(force),
            month,
            month,
            &["lsoa_code", "lsoa_name", "lad_code", "area"],
        )
        .await?,
        category,
    );
    Ok(counts
        .into_iter()
        .filter(|(k, _)| !k[0].is_empty())
        .map(|(k, n)| LsoaCount {
            lsoa_code: k[0].clone(),
            lsoa_name: k[1].clone(),
            lad_code: blank(&k[2]),
            area: area_of(&k[3]),
            count: n,
        })
        .collect())
}

/// Crimes per published point in one month (for a point map).
pub async fn points(db: &Db, force: &str, month: Month, category: &Category) -> Result<Vec<Point>> {
    let key = format!("crime.points {force} {month} {}", category.as_str());
    let points = db
        .figures(key, || read_points(db, force, month, category))
        .await?;
    Ok(points.as_ref().clone())
}

async fn read_points(
    db: &Db,
    force: &str,
    month: Month,
    category: &Category,
) -> Result<Vec<Point>> {
    // The unit's rows are one range of the table (migration 0034).
    let sql = format!(
        "SELECT g.lon_e6, g.lat_e6, t.term AS crime_type, g.n FROM (SELECT r.lon_e6, r.lat_e6, \
         r.crime_type, COUNT(*) AS n FROM crime_street_rows r WHERE {} \
         AND r.lon_e6 IS NOT NULL AND r.lat_e6 IS NOT NULL \
         GROUP BY r.lon_e6, r.lat_e6, r.crime_type) g JOIN crime_terms t ON t.id = g.crime_type",
        super::terms::in_unit("r.rid")
    );
    let rows = sqlx::query(&sql)
        .bind(force)
        .bind(month.to_string())
        .fetch_all(&db.pool)
        .await?;
    let mut out: Vec<Point> = Vec::new();
    let mut at: BTreeMap<(u64, u64), usize> = BTreeMap::new();
    for r in rows {
        let t: String = r.try_get("crime_type")?;
        if !category.includes(&t) {
            continue;
        }
        // As the crime_street view gives them: millionths divided in double precision.
        let e6 = |c: &str| -> Result<f64> { Ok(r.try_get::<i64, _>(c)? as f64 / 1_000_000.0) };
        let (lon, lat) = (e6("lon_e6")?, e6("lat_e6")?);
        let n: i64 = r.try_get("n")?;
        let i = *at.entry((lon.to_bits(), lat.to_bits())).or_insert_with(|| {
            out.push(Point { lon, lat, count: 0 });
            out.len() - 1
        });
        out[i].count += n;
    }
    Ok(out)
}

/// Every force with street data in [from, to]: its count and rate per 1,000 residents over
/// the months it has loaded (compare forces over the same months).
pub async fn force_rates(
    db: &Db,
    from: Month,
    to: Month,
    category: &Category,
) -> Result<Vec<ForceRate>> {
    let counts = add_up(grouped(db, None, from, to, &["force"]).await?, category);
    let months: Vec<(String, i64)> = sqlx::query(
        "SELECT force, COUNT(*) AS n FROM crime_coverage WHERE kind = 'street' AND rows_loaded > 0 AND month >= $1 AND month <= $2 GROUP BY force ORDER BY force",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("force")?, r.try_get("n")?)))
    .collect::<Result<_>>()?;
    Ok(months
        .into_iter()
        .map(|(force, months_loaded)| {
            let pfa = geo().pfa_by_slug(&force);
            let count = counts.get(&vec![force.clone()]).copied().unwrap_or(0);
            let population = pfa.map(|p| p.population);
            ForceRate {
                name: pfa.map(|p| p.name.clone()),
                pfa_code: pfa.map(|p| p.code.clone()),
                force,
                months_loaded,
                count,
                population,
                rate_per_1000: per_1000(count, population),
            }
        })
        .collect())
}
