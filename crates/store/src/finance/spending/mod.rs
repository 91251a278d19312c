//! Importing spending files and reading them back. A file is one transaction: its rows all
//! go in, or none do. The same bytes from the same source change nothing the second time; a
//! file of the same name from the same source replaces the earlier one (a corrected export).

pub mod query;
pub mod read;

use crate::audit::{Actor, Change};
use crate::crime::batch;
use crate::{Db, StoreError};
use opcc_domain::finance::spending::{Limits, Mapping, Problem, TotalsRow, parse};
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub use query::{FileSummary, Payment, Search, SearchResult, files, search};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub source: String,
    pub filename: String,
    pub encoding: String,
    pub header_row: usize,
    pub rows: usize,
    pub total: Decimal,
    pub credit_notes: usize,
    pub withheld: usize,
    pub totals: Vec<TotalsRow>,
    /// The columns used, as "field ← header".
    pub mapping: String,
    /// The same bytes were imported before: nothing changed.
    pub unchanged: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {}", .problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Refused {
        file: String,
        problems: Vec<Problem>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(e.into())
    }
}

/// A source's saved mapping and the expense types it pays individuals under.
pub async fn source(db: &Db, name: &str) -> Result<Option<(Mapping, Vec<String>)>, StoreError> {
    let Some(r) =
        sqlx::query("SELECT mapping, personal_types FROM spending_sources WHERE name = $1")
            .bind(name)
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    let m: String = r.try_get("mapping")?;
    let p: String = r.try_get("personal_types")?;
    let mapping: Mapping = serde_json::from_str(&m)
        .map_err(|e| StoreError::Invalid(format!("source {name}: mapping: {e}")))?;
    let personal: Vec<String> = serde_json::from_str(&p)
        .map_err(|e| StoreError::Invalid(format!("source {name}: personal types: {e}")))?;
    Ok(Some((mapping, personal)))
}

/// Saves a source's column mapping and the expense types it pays individuals under.
pub async fn save_source(
    db: &Db,
    actor: &Actor,
    name: &str,
    mapping: &Mapping,
    personal_types: &[String],
) -> Result<(), StoreError> {
    check_source_name(name)?;
    let mut tx = db.begin_write().await?;
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM spending_sources WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *tx)
        .await?;
    let m = serde_json::to_string(mapping).expect("a mapping serialises");
    let p = serde_json::to_string(personal_types).expect("strings serialise");
    let sql = if exists == 0 {
        "INSERT INTO spending_sources (mapping, personal_types, name) VALUES ($1, $2, $3)"
    } else {
        "UPDATE spending_sources SET mapping = $1, personal_types = $2 WHERE name = $3"
    };
    sqlx::query(sql)
        .bind(&m)
        .bind(&p)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("spending.source", "spending_source", name)
            .after(&serde_json::json!({"mapping": mapping, "personal_types": personal_types})),
    )
    .await?;
    Ok(())
}

fn check_source_name(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 60
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{name:?} is not a source name (letters, digits, - and _, at most 60)"
        )))
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Imports one file from a source. The source's saved mapping is used; a new source saves
/// the mapping found in its first file.
pub async fn import(
    db: &Db,
    actor: &Actor,
    source_name: &str,
    filename: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<ImportReport, ImportError> {
    check_source_name(source_name)?;
    let filename = base_name(filename).to_string();
    let refused = |problems: Vec<Problem>| ImportError::Refused {
        file: filename.clone(),
        problems,
    };
    limits
        .check_size(bytes.len())
        .map_err(|p| refused(vec![p]))?;
    let sha = hex::encode(Sha256::digest(bytes));
    if let Some(done) = query::file_by_hash(db, source_name, &sha).await? {
        return Ok(ImportReport {
            unchanged: true,
            ..done
        });
    }
    let (rows, encoding) = read::rows(&filename, bytes, limits).map_err(|p| refused(vec![p]))?;
    let saved = source(db, source_name).await?;
    let parsed = parse(
        &rows,
        saved.as_ref().map(|(m, _)| m),
        saved.as_ref().map(|(_, p)| p.as_slice()).unwrap_or(&[]),
    )
    .map_err(refused)?;
    drop(rows);
    let report = ImportReport {
        source: source_name.to_string(),
        filename: filename.clone(),
        encoding: encoding.as_str().to_string(),
        header_row: parsed.header_row,
        rows: parsed.items.len(),
        total: parsed.total(),
        credit_notes: parsed.credit_notes(),
        withheld: parsed.withheld(),
        totals: parsed.totals.clone(),
        mapping: parsed.mapping.describe(),
        unchanged: false,
    };
    let mut tx = db.begin_write().await?;
    if saved.is_none() {
        let m = serde_json::to_string(&parsed.mapping).expect("a mapping serialises");
        sqlx::query(
            "INSERT INTO spending_sources (name, mapping, personal_types) VALUES ($1, $2, '[]')",
        )
        .bind(source_name)
        .bind(&m)
        .execute(&mut *tx)
        .await?;
        tx.record(
            actor,
            Change::new("spending.source", "spending_source", source_name).after(&parsed.mapping),
        )
        .await?;
    }
    let replaced: Option<i64> =
        sqlx::query_scalar("SELECT id FROM spending_files WHERE source = $1 AND filename = $2")
            .bind(source_name)
            .bind(&filename)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(old) = replaced {
        sqlx::query("DELETE FROM spending_items WHERE file_id = $1")
            .bind(old)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM spending_files WHERE id = $1")
            .bind(old)
            .execute(&mut *tx)
            .await?;
    }
    let totals = serde_json::to_string(&parsed.totals).expect("totals serialise");
    let file_id: i64 = sqlx::query_scalar(
        "INSERT INTO spending_files (source, filename, sha256, encoding, header_row, \
         rows_imported, total, credit_notes, withheld, totals_checked, imported_at, imported_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(source_name)
    .bind(&filename)
    .bind(&sha)
    .bind(encoding.as_str())
    .bind(parsed.header_row as i64)
    .bind(report.rows as i64)
    .bind(report.total.to_string())
    .bind(report.credit_notes as i64)
    .bind(report.withheld as i64)
    .bind(&totals)
    .bind(crate::now_utc())
    .bind(&actor.label)
    .fetch_one(&mut *tx)
    .await?;
    let cols = [
        "file_id",
        "line",
        "paid_on",
        "month",
        "supplier",
        "withheld_reason",
        "amount",
        "expense_type",
        "service",
        "reference",
    ];
    let values: Vec<(String, String, String)> = parsed
        .items
        .iter()
        .map(|i| {
            let d = super::iso(i.paid_on);
            let m = d[..7].to_string();
            (d, m, i.amount.to_string())
        })
        .collect();
    let pairs: Vec<_> = parsed.items.iter().zip(values.iter()).collect();
    let sql = batch::Sql::new(db.backend, "spending_items", &cols, pairs.len());
    batch::insert(&mut tx, &sql, &pairs, |q, (i, (d, m, a))| {
        q.bind(file_id)
            .bind(i.line as i64)
            .bind(d.as_str())
            .bind(m.as_str())
            .bind(i.supplier.as_str())
            .bind(i.withheld_reason.as_deref())
            .bind(a.as_str())
            .bind(i.expense_type.as_str())
            .bind(i.service.as_str())
            .bind(i.reference.as_str())
    })
    .await?;
    let id = format!("{source_name}/{filename}");
    let summary = serde_json::json!({
        "sha256": sha, "rows": report.rows, "total": report.total.to_string(),
        "credit_notes": report.credit_notes, "withheld": report.withheld,
        "encoding": report.encoding, "replaced": replaced.is_some(),
    });
    tx.commit(
        actor,
        Change::new("spending.import", "spending_file", &id).after(&summary),
    )
    .await?;
    Ok(report)
}
