//! Saving and reading measure values.

use crate::audit::{Actor, Change};
use crate::plans::plan_id;
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::measures::MeasureValue;
use opcc_domain::periods::{Period, PeriodKind};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{AnyConnection, Row, any::AnyRow};
use std::str::FromStr;

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Form,
    Upload,
    PoliceUk,
    Correction,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Form => "form",
            Origin::Upload => "upload",
            Origin::PoliceUk => "police_uk",
            Origin::Correction => "correction",
        }
    }
}

/// What a save did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Saved {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Values in published quarters that differ from what was published, left out (see
    /// [`OnLocked::SetAside`]).
    pub set_aside: usize,
}

fn dec(r: &AnyRow, col: &str) -> Result<Option<Decimal>> {
    let s: Option<String> = r.try_get(col)?;
    s.map(|s| Decimal::from_str(&s).map_err(|e| StoreError::Invalid(format!("{col}: {e}"))))
        .transpose()
}

pub(crate) fn value_from_row(r: &AnyRow) -> Result<MeasureValue> {
    let period: String = r.try_get("period")?;
    Ok(MeasureValue {
        measure: r.try_get("measure_key")?,
        period: Period::parse(&period).map_err(StoreError::Invalid)?,
        area: r.try_get("area")?,
        value: dec(r, "value")?.unwrap_or_default(),
        numerator: dec(r, "numerator")?,
        denominator: dec(r, "denominator")?,
        source: r.try_get("source")?,
        commentary: r.try_get("commentary")?,
    })
}

const COLUMNS: &str =
    "measure_key, period, area, value, numerator, denominator, source, commentary";

pub(crate) async fn existing(
    conn: &mut AnyConnection,
    plan: i64,
    v: &MeasureValue,
) -> Result<Option<MeasureValue>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM measure_values WHERE plan_id = $1 AND measure_key = $2 \
         AND period = $3 AND area = $4"
    );
    sqlx::query(&sql)
        .bind(plan)
        .bind(&v.measure)
        .bind(v.period.to_string())
        .bind(&v.area)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(value_from_row)
        .transpose()
}

pub(crate) async fn upsert(
    conn: &mut AnyConnection,
    plan: i64,
    v: &MeasureValue,
    origin: Origin,
    actor: &Actor,
    is_new: bool,
) -> Result<()> {
    let num = v.numerator.map(|d| d.to_string());
    let den = v.denominator.map(|d| d.to_string());
    if is_new {
        sqlx::query(
            "INSERT INTO measure_values (plan_id, measure_key, period, period_kind, area, value, \
             numerator, denominator, source, commentary, origin, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(plan)
        .bind(&v.measure)
        .bind(v.period.to_string())
        .bind(v.period.kind().as_str())
        .bind(&v.area)
        .bind(v.value.to_string())
        .bind(num)
        .bind(den)
        .bind(&v.source)
        .bind(&v.commentary)
        .bind(origin.as_str())
        .bind(&actor.label)
        .bind(now_utc())
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query(
            "UPDATE measure_values SET value = $1, numerator = $2, denominator = $3, source = $4, \
             commentary = $5, origin = $6, recorded_by = $7, recorded_at = $8 \
             WHERE plan_id = $9 AND measure_key = $10 AND period = $11 AND area = $12",
        )
        .bind(v.value.to_string())
        .bind(num)
        .bind(den)
        .bind(&v.source)
        .bind(&v.commentary)
        .bind(origin.as_str())
        .bind(&actor.label)
        .bind(now_utc())
        .bind(plan)
        .bind(&v.measure)
        .bind(v.period.to_string())
        .bind(&v.area)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Why a batch was refused: each value that falls in a locked quarter.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{} value(s) fall in published quarters and can only be corrected, with a reason: {}", .0.len(), .0.join("; "))]
    Locked(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> Self {
        SaveError::Store(e.into())
    }
}

/// What to do with a value that falls in a published (locked) quarter and differs from the
/// figure published there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnLocked {
    /// Refuse the whole batch, naming each such value (a person's upload or form).
    Refuse,
    /// Leave those values out and count them, for staff to correct with a reason (values
    /// derived from loaded data, which may have been revised since publication).
    SetAside,
}

/// Saves a batch of values all or nothing. A value equal to the stored one changes nothing,
/// so saving the same sheet twice is harmless. The locked quarters are read in the same
/// transaction that writes, so a pack published meanwhile cannot slip a change past its lock.
pub async fn save(
    db: &Db,
    actor: &Actor,
    slug: &str,
    values: &[MeasureValue],
    origin: Origin,
    on_locked: OnLocked,
) -> std::result::Result<Saved, SaveError> {
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let locked = super::locks::locked_in(&mut tx, plan).await?;
    let mut saved = Saved::default();
    let mut refused = Vec::new();
    let mut before = Vec::new();
    let mut after = Vec::new();
    for v in values {
        let old = existing(&mut tx, plan, v).await?;
        if old.as_ref() == Some(v) {
            saved.unchanged += 1;
            continue;
        }
        if super::locks::is_locked(&locked, v.period) {
            refused.push(format!("{} {} {}", v.measure, v.period, v.area));
            continue;
        }
        upsert(&mut tx, plan, v, origin, actor, old.is_none()).await?;
        match &old {
            None => saved.inserted += 1,
            Some(_) => saved.updated += 1,
        }
        before.push(old);
        after.push(v.clone());
    }
    saved.set_aside = refused.len();
    if !refused.is_empty() && on_locked == OnLocked::Refuse {
        return Err(SaveError::Locked(refused));
    }
    if after.is_empty() {
        // Nothing written: the transaction rolls back as it is dropped.
        return Ok(saved);
    }
    tx.commit(
        actor,
        Change::new(&format!("measure.values_{}", origin.as_str()), "plan", slug)
            .before(&before)
            .after(&serde_json::json!({ "saved": saved, "values": after })),
    )
    .await?;
    Ok(saved)
}

/// One measure's values for one area and kind of period, oldest first.
pub async fn series(
    db: &Db,
    slug: &str,
    measure: &str,
    area: &str,
    kind: PeriodKind,
) -> Result<Vec<MeasureValue>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM measure_values v JOIN plans p ON p.id = v.plan_id \
         WHERE p.slug = $1 AND v.measure_key = $2 AND v.area = $3 AND v.period_kind = $4"
    );
    let mut values = sqlx::query(&sql)
        .bind(slug)
        .bind(measure)
        .bind(area)
        .bind(kind.as_str())
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(value_from_row)
        .collect::<Result<Vec<_>>>()?;
    values.sort_by_key(|v| v.period);
    Ok(values)
}

/// Which (kind of period, area) series each measure of a plan has values in.
pub async fn available(db: &Db, slug: &str) -> Result<Vec<(String, PeriodKind, String, i64)>> {
    let rows = sqlx::query(
        "SELECT v.measure_key, v.period_kind, v.area, COUNT(*) AS n FROM measure_values v \
         JOIN plans p ON p.id = v.plan_id WHERE p.slug = $1 \
         GROUP BY v.measure_key, v.period_kind, v.area ORDER BY v.measure_key",
    )
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("period_kind")?;
            let kind = match kind.as_str() {
                "month" => PeriodKind::Month,
                "quarter" => PeriodKind::Quarter,
                _ => PeriodKind::Year,
            };
            Ok((
                r.try_get("measure_key")?,
                kind,
                r.try_get("area")?,
                r.try_get("n")?,
            ))
        })
        .collect()
}
