//! Importing one data.police.uk file: parse and check every row, then replace its
//! (force, month, kind) in one transaction: rows, rollups, coverage and the audit entry.

use super::batch;
use super::geo::geo;
use super::parse::{BadRows, parse};
use crate::audit::{self, Actor, Change};
use crate::{Backend, Db, StoreError, now_utc};
use opcc_domain::crime::{FileName, Kind, Month, OutcomeRow, RowError, SearchRow, StreetRow};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{0}: not a data.police.uk file name (YYYY-MM-force-street.csv, -outcomes.csv or -stop-and-search.csv)"
    )]
    Name(String),
    #[error("{0}")]
    Row(#[from] RowError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(e.into())
    }
}

/// What importing one file did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// `force/YYYY-MM/kind`.
    pub unit: String,
    pub file: String,
    pub rows: u64,
    pub skipped: u64,
    /// The first few bad rows skipped (all of them when fewer than parse::ERRORS_KEPT).
    #[serde(skip)]
    pub errors: Vec<RowError>,
    /// The same file (by SHA-256) was already loaded, so nothing was written.
    pub unchanged: bool,
}

#[derive(Serialize)]
struct Loaded<'a> {
    rows: u64,
    skipped: u64,
    sha256: &'a str,
}

/// Imports one file's bytes. `name` is its file name (folders are ignored), which gives the
/// force, the month and the kind; the header must then have that kind's columns.
pub async fn import_file(
    db: &Db,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    policy: BadRows,
) -> Result<ImportReport, ImportError> {
    let fname = FileName::parse(name).ok_or_else(|| ImportError::Name(name.to_string()))?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
    let sha256 = hex::encode(Sha256::digest(bytes));
    let unit = fname.unit_id();
    let before = sqlx::query("SELECT rows_loaded, rows_skipped, sha256 FROM crime_coverage WHERE force = $1 AND month = $2 AND kind = $3")
        .bind(&fname.force)
        .bind(fname.month.to_string())
        .bind(fname.kind.as_str())
        .fetch_optional(&db.pool)
        .await?;
    let before = before
        .map(|r| -> Result<_, sqlx::Error> {
            Ok((
                r.try_get::<i64, _>(0)?,
                r.try_get::<i64, _>(1)?,
                r.try_get::<String, _>(2)?,
            ))
        })
        .transpose()?;
    if let Some((rows, skipped, sha)) = &before
        && *sha == sha256
    {
        return Ok(ImportReport {
            unit,
            file: base,
            rows: *rows as u64,
            skipped: *skipped as u64,
            errors: vec![],
            unchanged: true,
        });
    }
    let month = fname.month;
    let force_pfa = geo().pfa_by_slug(&fname.force).map(|p| p.code.as_str());
    let mut tx = db.begin_write().await?;
    let (rows, skipped, errors) = match fname.kind {
        Kind::Street => {
            let p = parse(&base, Kind::Street, month, bytes, policy, StreetRow::parse)?;
            delete_unit(
                &mut tx,
                &["crime_street", "crime_rollup"],
                &fname.force,
                month,
            )
            .await?;
            write_street(db.backend, &mut tx, &fname.force, month, force_pfa, &p.rows).await?;
            (p.rows.len(), p.skipped, p.errors)
        }
        Kind::Outcomes => {
            let p = parse(
                &base,
                Kind::Outcomes,
                month,
                bytes,
                policy,
                OutcomeRow::parse,
            )?;
            delete_unit(
                &mut tx,
                &["crime_outcomes", "outcome_rollup"],
                &fname.force,
                month,
            )
            .await?;
            write_outcomes(db.backend, &mut tx, &fname.force, month, force_pfa, &p.rows).await?;
            (p.rows.len(), p.skipped, p.errors)
        }
        Kind::StopAndSearch => {
            let p = parse(
                &base,
                Kind::StopAndSearch,
                month,
                bytes,
                policy,
                SearchRow::parse,
            )?;
            delete_unit(
                &mut tx,
                &["stop_search", "search_rollup"],
                &fname.force,
                month,
            )
            .await?;
            write_searches(db.backend, &mut tx, &fname.force, month, &p.rows).await?;
            (p.rows.len(), p.skipped, p.errors)
        }
    };
    let rows = rows as u64;
    sqlx::query("DELETE FROM crime_coverage WHERE force = $1 AND month = $2 AND kind = $3")
        .bind(&fname.force)
        .bind(month.to_string())
        .bind(fname.kind.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO crime_coverage (force, month, kind, rows_loaded, rows_skipped, file_name, sha256, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&fname.force)
    .bind(month.to_string())
    .bind(fname.kind.as_str())
    .bind(rows as i64)
    .bind(skipped as i64)
    .bind(&base)
    .bind(&sha256)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    let mut change = Change::new("crime.import", "police_uk", &unit).after(&Loaded {
        rows,
        skipped,
        sha256: &sha256,
    });
    if let Some((r, s, sha)) = &before {
        change = change.before(&Loaded {
            rows: *r as u64,
            skipped: *s as u64,
            sha256: sha,
        });
    }
    audit::append(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(ImportReport {
        unit,
        file: base,
        rows,
        skipped,
        errors,
        unchanged: false,
    })
}

async fn delete_unit(
    conn: &mut AnyConnection,
    tables: &[&str],
    force: &str,
    month: Month,
) -> Result<(), sqlx::Error> {
    for t in tables {
        sqlx::query(&format!("DELETE FROM {t} WHERE force = $1 AND month = $2"))
            .bind(force)
            .bind(month.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

struct Placed<'a, T> {
    row: &'a T,
    lad: Option<&'static str>,
    area: &'static str,
}

async fn write_street(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[StreetRow],
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed: Vec<Placed<StreetRow>> = rows
        .iter()
        .map(|r| {
            let (lad, area) = geo().place(pfa, r.lsoa_code.as_deref(), r.lsoa_name.as_deref());
            Placed {
                row: r,
                lad,
                area: area.as_str(),
            }
        })
        .collect();
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
    // The rollup: month x force x LAD x LSOA x crime type x last outcome (and where it lies).
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

async fn write_outcomes(
    backend: Backend,
    conn: &mut AnyConnection,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[OutcomeRow],
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed: Vec<Placed<OutcomeRow>> = rows
        .iter()
        .map(|r| {
            let (lad, area) = geo().place(pfa, r.lsoa_code.as_deref(), r.lsoa_name.as_deref());
            Placed {
                row: r,
                lad,
                area: area.as_str(),
            }
        })
        .collect();
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

async fn write_searches(
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
