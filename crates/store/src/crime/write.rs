//! Writing one unit's rows and its rollup, inside the import's transaction. Each row is
//! placed (LAD, and in or outside the force's area) as it is written.

use super::geo::geo;
use super::{batch, terms};
use crate::{Backend, StoreError};
use opcc_domain::crime::{Month, OutcomeRow, SearchRow, StreetRow};
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

struct Placed<'a, T> {
    row: &'a T,
    lad: Option<&'static str>,
    area: &'static str,
}

/// Places each row by its LSOA code and name (as `lsoa` reads them from the row).
fn place_all<'a, T>(
    rows: &'a [T],
    pfa: Option<&str>,
    lsoa: impl Fn(&T) -> (Option<&str>, Option<&str>),
) -> Vec<Placed<'a, T>> {
    rows.iter()
        .map(|r| {
            let (code, name) = lsoa(r);
            let (lad, area) = geo().place(pfa, code, name);
            Placed {
                row: r,
                lad,
                area: area.as_str(),
            }
        })
        .collect()
}

/// A text's number from the unit's interned terms (every text was interned first).
fn id(terms: &HashMap<&str, i64>, t: &str) -> i64 {
    terms[t]
}

fn opt_id(terms: &HashMap<&str, i64>, t: Option<&str>) -> Option<i64> {
    t.map(|t| id(terms, t))
}

/// Writes a unit's street rows (when `keep_rows`) and always its rollup: month x force x LAD x
/// LSOA x crime type x last outcome, and where it lies.
#[allow(clippy::too_many_arguments)]
pub(super) async fn write_street(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[StreetRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    if keep_rows {
        let unit = terms::unit_id(conn, force, month).await?;
        let mut texts = BTreeSet::new();
        for p in &placed {
            let r = p.row;
            texts.extend([r.location.as_str(), p.area, r.crime_type.as_str()]);
            texts.extend(
                [r.lsoa_code.as_deref(), r.lsoa_name.as_deref(), p.lad]
                    .into_iter()
                    .flatten(),
            );
            texts.extend(r.last_outcome.as_deref());
        }
        let ids = terms::intern(backend, conn, texts).await?;
        let cols = [
            "unit",
            "crime_id",
            "lon_e6",
            "lat_e6",
            "location",
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "area",
            "crime_type",
            "last_outcome",
            "context",
        ];
        let sql = batch::Sql::new(backend, "crime_street_rows", &cols, placed.len());
        batch::insert(conn, &sql, &placed, |q, p| {
            let r = p.row;
            q.bind(unit)
                .bind(r.crime_id.as_deref())
                .bind(terms::fixed(r.lon))
                .bind(terms::fixed(r.lat))
                .bind(id(&ids, &r.location))
                .bind(opt_id(&ids, r.lsoa_code.as_deref()))
                .bind(opt_id(&ids, r.lsoa_name.as_deref()))
                .bind(opt_id(&ids, p.lad))
                .bind(id(&ids, p.area))
                .bind(id(&ids, &r.crime_type))
                .bind(opt_id(&ids, r.last_outcome.as_deref()))
                .bind(r.context.as_deref())
        })
        .await?;
    }
    let mut counts: HashMap<[&str; 6], i64> = HashMap::new();
    for p in &placed {
        let r = p.row;
        let key = [
            p.lad.unwrap_or(""),
            r.lsoa_code.as_deref().unwrap_or(""),
            r.lsoa_name.as_deref().unwrap_or(""),
            p.area,
            &r.crime_type,
            r.last_outcome.as_deref().unwrap_or(""),
        ];
        *counts.entry(key).or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = [
        "force",
        "month",
        "lad_code",
        "lsoa_code",
        "lsoa_name",
        "area",
        "crime_type",
        "last_outcome",
        "n",
    ];
    let sql = batch::Sql::new(backend, "crime_rollup", &cols, counts.len());
    batch::insert(conn, &sql, &counts, |q, (k, n)| {
        k.iter()
            .fold(q.bind(force).bind(m.as_str()), |q, v| q.bind(*v))
            .bind(*n)
    })
    .await
}

/// Writes a unit's outcome rows (when `keep_rows`) and always its rollup.
#[allow(clippy::too_many_arguments)]
pub(super) async fn write_outcomes(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[OutcomeRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    if keep_rows {
        let unit = terms::unit_id(conn, force, month).await?;
        let mut texts = BTreeSet::new();
        for p in &placed {
            let r = p.row;
            texts.extend([r.location.as_str(), p.area, r.outcome_type.as_str()]);
            texts.extend(
                [r.lsoa_code.as_deref(), r.lsoa_name.as_deref(), p.lad]
                    .into_iter()
                    .flatten(),
            );
        }
        let ids = terms::intern(backend, conn, texts).await?;
        let cols = [
            "unit",
            "crime_id",
            "lon_e6",
            "lat_e6",
            "location",
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "area",
            "outcome_type",
        ];
        let sql = batch::Sql::new(backend, "crime_outcome_rows", &cols, placed.len());
        batch::insert(conn, &sql, &placed, |q, p| {
            let r = p.row;
            q.bind(unit)
                .bind(r.crime_id.as_str())
                .bind(terms::fixed(r.lon))
                .bind(terms::fixed(r.lat))
                .bind(id(&ids, &r.location))
                .bind(opt_id(&ids, r.lsoa_code.as_deref()))
                .bind(opt_id(&ids, r.lsoa_name.as_deref()))
                .bind(opt_id(&ids, p.lad))
                .bind(id(&ids, p.area))
                .bind(id(&ids, &r.outcome_type))
        })
        .await?;
    }
    let mut counts: HashMap<[&str; 3], i64> = HashMap::new();
    for p in &placed {
        *counts
            .entry([p.lad.unwrap_or(""), p.area, &p.row.outcome_type])
            .or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = ["force", "month", "lad_code", "area", "outcome_type", "n"];
    let sql = batch::Sql::new(backend, "outcome_rollup", &cols, counts.len());
    batch::insert(conn, &sql, &counts, |q, (k, n)| {
        k.iter()
            .fold(q.bind(force).bind(m.as_str()), |q, v| q.bind(*v))
            .bind(*n)
    })
    .await
}

fn flag(b: Option<bool>) -> Option<i64> {
    b.map(i64::from)
}

pub(super) async fn write_searches(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    rows: &[SearchRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    if keep_rows {
        write_search_rows(backend, conn, force, &m, rows).await?;
    }
    let mut counts: HashMap<[&str; 4], (i64, i64)> = HashMap::new();
    for r in rows {
        let key = [
            r.search_type.as_str(),
            r.object.as_deref().unwrap_or(""),
            r.self_ethnicity.as_deref().unwrap_or(""),
            r.outcome.as_deref().unwrap_or(""),
        ];
        let c = counts.entry(key).or_default();
        c.0 += 1;
        c.1 += i64::from(r.outcome_linked == Some(true));
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = [
        "force",
        "month",
        "search_type",
        "object",
        "self_ethnicity",
        "outcome",
        "n",
        "n_linked",
    ];
    let sql = batch::Sql::new(backend, "search_rollup", &cols, counts.len());
    batch::insert(conn, &sql, &counts, |q, (k, (n, l))| {
        k.iter()
            .fold(q.bind(force).bind(m.as_str()), |q, v| q.bind(*v))
            .bind(*n)
            .bind(*l)
    })
    .await
}

async fn write_search_rows(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    m: &str,
    rows: &[SearchRow],
) -> Result<(), StoreError> {
    let cols = [
        "force",
        "month",
        "date",
        "search_type",
        "part_of_operation",
        "lon",
        "lat",
        "gender",
        "age_range",
        "self_ethnicity",
        "officer_ethnicity",
        "legislation",
        "object",
        "outcome",
        "outcome_linked",
        "removal",
    ];
    let sql = batch::Sql::new(backend, "stop_search", &cols, rows.len());
    batch::insert(conn, &sql, rows, |q, r| {
        let q = q
            .bind(force)
            .bind(m)
            .bind(r.date.as_str())
            .bind(r.search_type.as_str())
            .bind(flag(r.part_of_operation));
        let q = batch::bind_f64(batch::bind_f64(q, r.lon), r.lat);
        q.bind(r.gender.as_deref())
            .bind(r.age_range.as_deref())
            .bind(r.self_ethnicity.as_deref())
            .bind(r.officer_ethnicity.as_deref())
            .bind(r.legislation.as_deref())
            .bind(r.object.as_deref())
            .bind(r.outcome.as_deref())
            .bind(flag(r.outcome_linked))
            .bind(flag(r.removal))
    })
    .await
}
