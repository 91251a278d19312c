//! Importing one data.police.uk file: parse and check every row, then replace its
//! (force, month, kind) in one transaction: rows, rollups, coverage and the audit entry.

use super::batch::Sink;
use super::geo::geo;
use super::parse::{BadRows, Parsed, parse};
use super::write::{write_outcomes, write_searches, write_street};
use crate::audit::{self, Actor, Change};
use crate::{Db, StoreError, WriteTx, now_utc};
use opcc_domain::crime::{FileName, Kind, OutcomeRow, RowError, SearchRow, StreetRow};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, PgConnection, Postgres, Row, Transaction};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{0}: not a data.police.uk file name (YYYY-MM-force-street.csv, -outcomes.csv or -stop-and-search.csv)"
    )]
    Name(String),
    #[error("{0}")]
    Row(#[from] RowError),
    /// Loading no rows over a month that has some would turn the month from data into a
    /// gap; it needs saying so (`Prepared::allow_empty`).
    #[error(
        "{file} has no rows, and {unit} has {loaded} rows loaded from {from}: importing it would empty the month"
    )]
    WouldEmpty {
        file: String,
        unit: String,
        loaded: i64,
        from: String,
    },
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
    /// What is odd about the file though it loaded: rows of another force, a file that may
    /// have been cut short.
    pub warnings: Vec<String>,
    /// The same file (by SHA-256) was already loaded, so nothing was written.
    pub unchanged: bool,
}

#[derive(Serialize)]
struct Loaded<'a> {
    rows: u64,
    skipped: u64,
    sha256: &'a str,
}

/// Which rows are kept beside the rollups. A map of points and the join of outcomes to crimes
/// need the rows; every count, rate and comparison reads only the rollups, which are always
/// written. A national month is 40 times the home force's rows, so by default only the home
/// force keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepRows {
    /// Rows for the office's force area (every force's, when no force area is set up).
    #[default]
    HomeForce,
    /// Rows for every force.
    All,
}

/// A file read and checked, ready to be written: the CPU-bound half of an import, which a
/// caller may run on another thread while the previous file is being written.
#[derive(Debug)]
pub struct Prepared {
    fname: FileName,
    base: String,
    sha256: String,
    /// A row error waits here until `write` has seen whether the same file is already loaded.
    parsed: Result<(Rows, u64, Vec<RowError>, Vec<String>), RowError>,
    allow_empty: bool,
    keep_rows: KeepRows,
}

#[derive(Debug)]
enum Rows {
    Street(Vec<StreetRow>),
    Outcomes(Vec<OutcomeRow>),
    Searches(Vec<SearchRow>),
}

impl Prepared {
    /// `force/YYYY-MM/kind`.
    pub fn unit(&self) -> String {
        self.fname.unit_id()
    }

    /// Lets a file with no rows replace a month that has rows (the month becomes a gap).
    pub fn allow_empty(mut self, allow: bool) -> Self {
        self.allow_empty = allow;
        self
    }

    pub fn keep_rows(mut self, keep: KeepRows) -> Self {
        self.keep_rows = keep;
        self
    }
}

fn split<T>(p: Parsed<T>, f: fn(Vec<T>) -> Rows) -> (Rows, u64, Vec<RowError>, Vec<String>) {
    (f(p.rows), p.skipped, p.errors, p.warnings)
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Street(r) => r.len(),
            Rows::Outcomes(r) => r.len(),
            Rows::Searches(r) => r.len(),
        }
    }
}

/// Reads and checks one file's bytes. `name` is its file name (folders are ignored), which
/// gives the force, the month and the kind; the header must then have that kind's columns.
pub fn prepare(name: &str, bytes: &[u8], policy: BadRows) -> Result<Prepared, ImportError> {
    let fname = FileName::parse(name).ok_or_else(|| ImportError::Name(name.to_string()))?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
    let sha256 = hex::encode(Sha256::digest(bytes));
    let (m, b) = (fname.month, base.as_str());
    let parsed = match fname.kind {
        Kind::Street => parse(b, Kind::Street, m, bytes, policy, StreetRow::parse)
            .map(|p| split(p, Rows::Street)),
        Kind::Outcomes => parse(b, Kind::Outcomes, m, bytes, policy, OutcomeRow::parse)
            .map(|p| split(p, Rows::Outcomes)),
        Kind::StopAndSearch => parse(b, Kind::StopAndSearch, m, bytes, policy, SearchRow::parse)
            .map(|p| split(p, Rows::Searches)),
    };
    Ok(Prepared {
        fname,
        base,
        sha256,
        parsed,
        allow_empty: false,
        keep_rows: KeepRows::default(),
    })
}

/// The import's transaction: a `WriteTx`, or on PostgreSQL a transaction on the bulk pool's
/// concrete connection, so that rows go by `COPY` (decision 0001). Either way the rows, the
/// rollups, the coverage entry and the audit entry commit together.
enum Tx {
    Any(WriteTx),
    Pg(Transaction<'static, Postgres>),
}

/// Runs the same statements on whichever connection the import holds.
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            Tx::Any(t) => {
                let $c: &mut AnyConnection = t;
                $body
            }
            Tx::Pg(t) => {
                let $c: &mut PgConnection = t;
                $body
            }
        }
    };
}

impl Tx {
    async fn begin(db: &Db) -> Result<Tx, StoreError> {
        Ok(match &db.pg {
            Some(pool) => Tx::Pg(pool.begin().await.map_err(|e| db.note(e))?),
            None => Tx::Any(db.begin_write().await?),
        })
    }

    fn sink(&mut self, db: &Db) -> Sink<'_> {
        match self {
            Tx::Any(t) => Sink::Any(t, db.backend),
            Tx::Pg(t) => Sink::Pg(t),
        }
    }

    async fn commit(self, db: &Db, actor: &Actor, change: Change<'_>) -> Result<(), StoreError> {
        match self {
            Tx::Any(t) => {
                t.commit(actor, change).await?;
            }
            Tx::Pg(mut t) => {
                let seq = audit::append_pg(&mut t, actor, change).await?;
                t.commit().await.map_err(|e| db.note(e))?;
                db.committed(seq);
            }
        }
        Ok(())
    }
}

/// Imports one file's bytes: `prepare`, then `write`.
pub async fn import_file(
    db: &Db,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    policy: BadRows,
) -> Result<ImportReport, ImportError> {
    write(db, actor, prepare(name, bytes, policy)?).await
}

/// Replaces the file's (force, month, kind) in one transaction, unless the same file (by
/// SHA-256) is already loaded, in which case nothing changes.
pub async fn write(
    db: &Db,
    actor: &Actor,
    prepared: Prepared,
) -> Result<ImportReport, ImportError> {
    let Prepared {
        fname,
        base,
        sha256,
        parsed,
        allow_empty,
        keep_rows,
    } = prepared;
    let unit = fname.unit_id();
    // The state before is read under the write lock, so the audit entry's "before" is the
    // state this import replaced, even with another import of the same unit running.
    let mut tx = Tx::begin(db).await?;
    let before = on!(&mut tx, c => {
        sqlx::query("SELECT rows_loaded, rows_skipped, sha256, file_name FROM crime_coverage WHERE force = $1 AND month = $2 AND kind = $3")
            .bind(&fname.force)
            .bind(fname.month.to_string())
            .bind(fname.kind.as_str())
            .fetch_optional(&mut *c)
            .await?
            .map(|r| -> Result<_, sqlx::Error> {
                Ok((
                    r.try_get::<i64, _>(0)?,
                    r.try_get::<i64, _>(1)?,
                    r.try_get::<String, _>(2)?,
                    r.try_get::<String, _>(3)?,
                ))
            })
            .transpose()?
    });
    if let Some((rows, skipped, sha, _)) = &before
        && *sha == sha256
    {
        // The same file is loaded already: the transaction rolls back as it is dropped.
        return Ok(ImportReport {
            unit,
            file: base,
            rows: *rows as u64,
            skipped: *skipped as u64,
            errors: vec![],
            warnings: vec![],
            unchanged: true,
        });
    }
    let (parsed, skipped, errors, mut warnings) = parsed?;
    if let Some((loaded, _, _, from)) = &before {
        let new = parsed.len() as i64;
        if new == 0 && *loaded > 0 && !allow_empty {
            return Err(ImportError::WouldEmpty {
                file: base,
                unit,
                loaded: *loaded,
                from: from.clone(),
            });
        }
        // A month is revised by a few rows at most; many fewer is a file cut short.
        if new > 0 && new * 10 < *loaded * 9 {
            warnings.push(format!(
                "{base}: {new} rows where {loaded} were loaded for {unit} from {from}: if the file was cut short, import the whole file again"
            ));
        }
    }
    let month = fname.month;
    let force_pfa = geo().pfa_by_slug(&fname.force).map(|p| p.code.as_str());
    let force = fname.force.as_str();
    let keep = match keep_rows {
        KeepRows::All => true,
        KeepRows::HomeForce => {
            let home: Option<String> = on!(&mut tx, c => {
                sqlx::query_scalar("SELECT slug FROM force_areas ORDER BY gss_code LIMIT 1")
                    .fetch_optional(&mut *c)
                    .await?
            });
            home.is_none_or(|h| h == force)
        }
    };
    // Street and outcome rows and rollups are a range of row numbers, the totals found by the
    // unit's number (migrations 0022 and 0034); stop-and-search by force and month.
    let (by_rid, by_unit, by_name): (&[&str], &[&str], &[&str]) = match &parsed {
        Rows::Street(_) => (
            &["crime_street_rows", "crime_rollup_rows"],
            &["crime_totals"],
            &[],
        ),
        Rows::Outcomes(_) => (&["crime_outcome_rows", "outcome_rollup_rows"], &[], &[]),
        Rows::Searches(_) => (&[], &[], &["stop_search", "search_rollup"]),
    };
    let mut deletes: Vec<String> = by_rid
        .iter()
        .map(|t| format!("DELETE FROM {t} WHERE {}", super::terms::in_unit("rid")))
        .collect();
    deletes.extend(by_unit.iter().map(|t| {
        format!("DELETE FROM {t} WHERE unit IN (SELECT id FROM crime_units WHERE force = $1 AND month = $2)")
    }));
    deletes.extend(
        by_name
            .iter()
            .map(|t| format!("DELETE FROM {t} WHERE force = $1 AND month = $2")),
    );
    on!(&mut tx, c => {
        for sql in &deletes {
            sqlx::query(sql)
                .bind(force)
                .bind(month.to_string())
                .execute(&mut *c)
                .await?;
        }
    });
    let mut sink = tx.sink(db);
    let rows = match &parsed {
        Rows::Street(rows) => {
            write_street(&mut sink, force, month, force_pfa, rows, keep).await?;
            rows.len()
        }
        Rows::Outcomes(rows) => {
            write_outcomes(&mut sink, force, month, force_pfa, rows, keep).await?;
            rows.len()
        }
        Rows::Searches(rows) => {
            write_searches(&mut sink, force, month, rows, keep).await?;
            rows.len()
        }
    };
    drop(parsed);
    let rows = rows as u64;
    on!(&mut tx, c => {
        sqlx::query("DELETE FROM crime_coverage WHERE force = $1 AND month = $2 AND kind = $3")
            .bind(&fname.force)
            .bind(month.to_string())
            .bind(fname.kind.as_str())
            .execute(&mut *c)
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
        .execute(&mut *c)
        .await?;
    });
    let mut change = Change::new("crime.import", "police_uk", &unit).after(&Loaded {
        rows,
        skipped,
        sha256: &sha256,
    });
    if let Some((r, s, sha, _)) = &before {
        change = change.before(&Loaded {
            rows: *r as u64,
            skipped: *s as u64,
            sha256: sha,
        });
    }
    tx.commit(db, actor, change).await?;
    Ok(ImportReport {
        unit,
        file: base,
        rows,
        skipped,
        errors,
        warnings,
        unchanged: false,
    })
}
