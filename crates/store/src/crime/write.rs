//! Writing one unit's rows and its rollup, inside the import's transaction. Each row is
//! placed (LAD, and in or outside the force's area) as it is written.

use super::batch;
use super::geo::geo;
use crate::{Backend, StoreError};
use opcc_domain::crime::{Month, OutcomeRow, SearchRow, StreetRow};
use sqlx::AnyConnection;
use std::collections::HashMap;

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

pub(super) async fn write_street(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[StreetRow],
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    let cols = [
        "force",
        "month",
        "crime_id",
        "lon",
        "lat",
        "location",
        "lsoa_code",
        "lsoa_name",
        "lad_code",
        "area",
        "crime_type",
        "last_outcome",
        "context",
    ];
    let sql = batch::Sql::new(backend, "crime_street", &cols, placed.len());
    batch::insert(conn, &sql, &placed, |q, p| {
        let r = p.row;
        let q = q.bind(force).bind(m.as_str()).bind(r.crime_id.as_deref());
        let q = batch::bind_f64(batch::bind_f64(q, r.lon), r.lat);
        q.bind(r.location.as_str())
            .bind(r.lsoa_code.as_deref())
            .bind(r.lsoa_name.as_deref())
            .bind(p.lad)
            .bind(p.area)
            .bind(r.crime_type.as_str())
            .bind(r.last_outcome.as_deref())
            .bind(r.context.as_deref())
    })
    .await?;
    // The rollup: month x force x LAD x LSOA x crime type x last outcome (and where it lies),
    // grouped by the database from the rows just written (faster than binding each rollup row:
    // a unit's rollup has about half as many rows as the unit).
    sqlx::query(
        "INSERT INTO crime_rollup (force, month, lad_code, lsoa_code, lsoa_name, area, crime_type, \
         last_outcome, n) SELECT force, month, COALESCE(lad_code, ''), COALESCE(lsoa_code, ''), \
         COALESCE(lsoa_name, ''), area, crime_type, COALESCE(last_outcome, ''), COUNT(*) \
         FROM crime_street WHERE force = $1 AND month = $2 \
         GROUP BY force, month, lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome",
    )
    .bind(force)
    .bind(m.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn write_outcomes(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[OutcomeRow],
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    let cols = [
        "force",
        "month",
        "crime_id",
        "lon",
        "lat",
        "location",
        "lsoa_code",
        "lsoa_name",
        "lad_code",
        "area",
        "outcome_type",
    ];
    let sql = batch::Sql::new(backend, "crime_outcomes", &cols, placed.len());
    batch::insert(conn, &sql, &placed, |q, p| {
        let r = p.row;
        let q = q.bind(force).bind(m.as_str()).bind(r.crime_id.as_str());
        let q = batch::bind_f64(batch::bind_f64(q, r.lon), r.lat);
        q.bind(r.location.as_str())
            .bind(r.lsoa_code.as_deref())
            .bind(r.lsoa_name.as_deref())
            .bind(p.lad)
            .bind(p.area)
            .bind(r.outcome_type.as_str())
    })
    .await?;
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
) -> Result<(), StoreError> {
    let m = month.to_string();
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
            .bind(m.as_str())
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
    .await?;
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
