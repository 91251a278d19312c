//! Reading payments back: the public search (by month, supplier, expense type, service),
//! the files imported, and an import's report found again by its bytes' hash.

use super::ImportReport;
use crate::finance::{date, dec};
use crate::{Db, Result};
use opcc_domain::finance::spending::TotalsRow;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A payment as anyone may see it: a withheld supplier is already "Redacted" in the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    pub paid_on: time::Date,
    pub supplier: String,
    pub withheld_reason: Option<String>,
    pub amount: Decimal,
    pub expense_type: String,
    pub service: String,
    pub reference: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Search {
    /// YYYY-MM.
    pub month: Option<String>,
    pub supplier: Option<String>,
    pub expense_type: Option<String>,
    pub service: Option<String>,
    pub page: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub payments: Vec<Payment>,
    pub count: usize,
    pub total: Decimal,
    pub page: usize,
    pub pages: usize,
}

pub const PAGE: usize = 50;

fn like(s: &str) -> String {
    let escaped: String = s
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

fn filters(s: &Search) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut binds = Vec::new();
    if let Some(m) = s.month.as_deref().filter(|m| !m.trim().is_empty()) {
        binds.push(m.trim().to_string());
        sql.push_str(&format!(" AND i.month = ${}", binds.len()));
    }
    for (col, v) in [
        ("i.supplier", &s.supplier),
        ("i.expense_type", &s.expense_type),
        ("i.service", &s.service),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            binds.push(like(v));
            sql.push_str(&format!(
                " AND LOWER({col}) LIKE ${} ESCAPE '\\'",
                binds.len()
            ));
        }
    }
    (sql, binds)
}

fn payment(r: &sqlx::any::AnyRow) -> Result<Payment> {
    Ok(Payment {
        paid_on: date(r, "paid_on")?,
        supplier: r.try_get("supplier")?,
        withheld_reason: r.try_get("withheld_reason")?,
        amount: dec(r, "amount")?.unwrap_or_default(),
        expense_type: r.try_get("expense_type")?,
        service: r.try_get("service")?,
        reference: r.try_get("reference")?,
        source: r.try_get("source")?,
    })
}

const FROM: &str = "FROM spending_items i JOIN spending_files f ON f.id = i.file_id";

/// One page of the payments matching the search, with the count and total of all of them.
pub async fn search(db: &Db, s: &Search) -> Result<SearchResult> {
    let (cond, binds) = filters(s);
    let amounts_sql = format!("SELECT i.amount {FROM}{cond}");
    let mut q = sqlx::query_scalar::<_, String>(&amounts_sql);
    for b in &binds {
        q = q.bind(b);
    }
    let amounts = q.fetch_all(&db.pool).await?;
    let total: Decimal = amounts
        .iter()
        .map(|a| a.parse::<Decimal>().unwrap_or_default())
        .sum();
    let count = amounts.len();
    let pages = count.div_ceil(PAGE).max(1);
    let page = s.page.unwrap_or(1).clamp(1, pages);
    let sql = format!(
        "SELECT i.paid_on, i.supplier, i.withheld_reason, i.amount, i.expense_type, i.service, \
         i.reference, f.source {FROM}{cond} ORDER BY i.paid_on, f.source, i.line \
         LIMIT {PAGE} OFFSET {}",
        (page - 1) * PAGE
    );
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let payments = q
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(payment)
        .collect::<Result<Vec<_>>>()?;
    Ok(SearchResult {
        payments,
        count,
        total,
        page,
        pages,
    })
}

/// Every payment matching the search (for the open-data downloads), up to `limit`.
pub async fn all(db: &Db, s: &Search, limit: usize) -> Result<Vec<Payment>> {
    let (cond, binds) = filters(s);
    let sql = format!(
        "SELECT i.paid_on, i.supplier, i.withheld_reason, i.amount, i.expense_type, i.service, \
         i.reference, f.source {FROM}{cond} ORDER BY i.paid_on, f.source, i.line LIMIT {limit}"
    );
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    q.fetch_all(&db.pool).await?.iter().map(payment).collect()
}

/// The months with payments, newest first.
pub async fn months(db: &Db) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT month FROM spending_items ORDER BY month DESC")
            .fetch_all(&db.pool)
            .await?,
    )
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    pub source: String,
    pub filename: String,
    pub encoding: String,
    pub rows: i64,
    pub total: Decimal,
    pub credit_notes: i64,
    pub withheld: i64,
    pub imported_at: String,
    pub imported_by: String,
}

pub async fn files(db: &Db) -> Result<Vec<FileSummary>> {
    sqlx::query(
        "SELECT source, filename, encoding, rows_imported, total, credit_notes, withheld, \
         imported_at, imported_by FROM spending_files ORDER BY imported_at DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(FileSummary {
            source: r.try_get("source")?,
            filename: r.try_get("filename")?,
            encoding: r.try_get("encoding")?,
            rows: r.try_get("rows_imported")?,
            total: dec(r, "total")?.unwrap_or_default(),
            credit_notes: r.try_get("credit_notes")?,
            withheld: r.try_get("withheld")?,
            imported_at: r.try_get("imported_at")?,
            imported_by: r.try_get("imported_by")?,
        })
    })
    .collect()
}

pub(super) async fn file_by_hash(db: &Db, source: &str, sha: &str) -> Result<Option<ImportReport>> {
    let Some(r) = sqlx::query(
        "SELECT f.filename, f.encoding, f.header_row, f.rows_imported, f.total, f.credit_notes, \
         f.withheld, f.totals_checked, s.mapping FROM spending_files f \
         JOIN spending_sources s ON s.name = f.source WHERE f.source = $1 AND f.sha256 = $2",
    )
    .bind(source)
    .bind(sha)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let totals: String = r.try_get("totals_checked")?;
    let totals: Vec<TotalsRow> = serde_json::from_str(&totals).unwrap_or_default();
    let mapping: String = r.try_get("mapping")?;
    let mapping: opcc_domain::finance::spending::Mapping =
        serde_json::from_str(&mapping).unwrap_or_default();
    Ok(Some(ImportReport {
        source: source.to_string(),
        filename: r.try_get("filename")?,
        encoding: r.try_get("encoding")?,
        header_row: r.try_get::<i64, _>("header_row")? as usize,
        rows: r.try_get::<i64, _>("rows_imported")? as usize,
        total: dec(&r, "total")?.unwrap_or_default(),
        credit_notes: r.try_get::<i64, _>("credit_notes")? as usize,
        withheld: r.try_get::<i64, _>("withheld")? as usize,
        totals,
        mapping: mapping.describe(),
        unchanged: true,
    }))
}
