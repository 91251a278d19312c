//! The decisions register: decision notices numbered per year ("2024/007"), published unless
//! wholly exempt, their exempt parts kept from the public, searchable; and links to a decision
//! from a budget, a grant, a contract or a plan.

use super::Viewer;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::governance::DecisionNumber;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub year: i64,
    pub number: i64,
    pub title: String,
    pub decision_maker: String,
    pub decided_on: String,
    pub meeting_id: Option<i64>,
    pub summary: String,
    pub options: String,
    pub reasons: String,
    pub financial: String,
    pub legal: String,
    pub equality: String,
    pub exempt_part: String,
    pub exemption: Option<String>,
    pub fully_exempt: i64,
    pub published_at: Option<String>,
}

impl Decision {
    pub fn number(&self) -> DecisionNumber {
        DecisionNumber {
            year: self.year as i32,
            number: self.number as i32,
        }
    }

    /// What the public may read: nothing of a wholly exempt or unpublished notice, and never
    /// the exempt part.
    pub fn for_viewer(mut self, viewer: Viewer) -> Option<Decision> {
        if viewer == Viewer::Office {
            return Some(self);
        }
        if self.fully_exempt == 1 || self.published_at.is_none() {
            return None;
        }
        self.exempt_part = String::new();
        Some(self)
    }
}

/// A notice as the office writes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewDecision {
    pub title: String,
    pub decision_maker: String,
    /// ISO date.
    pub decided_on: String,
    pub meeting_id: Option<i64>,
    pub summary: String,
    pub options: String,
    pub reasons: String,
    pub financial: String,
    pub legal: String,
    pub equality: String,
    pub exempt_part: String,
    pub exemption: Option<String>,
    pub fully_exempt: bool,
}

impl NewDecision {
    fn check(&self) -> Result<time::Date> {
        let bad = |f: &str, m: &str| Err(StoreError::Invalid(format!("{f}: {m}")));
        for (f, v) in [
            ("title", &self.title),
            ("decision_maker", &self.decision_maker),
            ("summary", &self.summary),
            ("reasons", &self.reasons),
        ] {
            if v.trim().is_empty() {
                return bad(f, "this is required on a decision notice");
            }
        }
        let d = time::Date::parse(
            self.decided_on.trim(),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| StoreError::Invalid("decided_on: enter a date like 2024-06-13".into()))?;
        if (!self.exempt_part.trim().is_empty() || self.fully_exempt) && self.exemption.is_none() {
            return bad(
                "exemption",
                "an exempt part, or a wholly exempt notice, names its exemption",
            );
        }
        if let Some(e) = &self.exemption {
            opcc_domain::governance::parse_exemption(e).map_err(StoreError::Invalid)?;
        }
        Ok(d)
    }
}

const COLUMNS: &str = "id, year, number, title, decision_maker, decided_on, meeting_id, summary, \
     options, reasons, financial, legal, equality, exempt_part, exemption, fully_exempt, \
     published_at";

/// Decisions newest first; searched in title and summary when `q` is given.
pub async fn list(db: &Db, viewer: Viewer, q: &str) -> Result<Vec<Decision>> {
    let like = format!("%{}%", q.trim().to_lowercase());
    let rows: Vec<Decision> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_decisions \
         WHERE (LOWER(title) LIKE $1 OR LOWER(summary) LIKE $1 OR LOWER(reasons) LIKE $1) \
         ORDER BY year DESC, number DESC"
    ))
    .bind(like)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|d| d.for_viewer(viewer))
        .collect())
}

pub async fn get(db: &Db, n: DecisionNumber, viewer: Viewer) -> Result<Decision> {
    let d: Option<Decision> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_decisions WHERE year = $1 AND number = $2"
    ))
    .bind(i64::from(n.year))
    .bind(i64::from(n.number))
    .fetch_optional(&db.pool)
    .await?;
    d.and_then(|d| d.for_viewer(viewer))
        .ok_or_else(|| StoreError::NotFound(format!("decision {n}")))
}

pub(crate) async fn insert(
    tx: &mut WriteTx,
    d: &NewDecision,
    at: &str,
) -> Result<(i64, DecisionNumber)> {
    let date = d.check()?;
    let year = i64::from(date.year());
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM gov_decisions WHERE year = $1",
    )
    .bind(year)
    .fetch_one(&mut **tx)
    .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO gov_decisions (year, number, title, decision_maker, decided_on, meeting_id, \
         summary, options, reasons, financial, legal, equality, exempt_part, exemption, \
         fully_exempt, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16) RETURNING id",
    )
    .bind(year)
    .bind(number)
    .bind(d.title.trim())
    .bind(d.decision_maker.trim())
    .bind(d.decided_on.trim())
    .bind(d.meeting_id)
    .bind(d.summary.trim())
    .bind(d.options.trim())
    .bind(d.reasons.trim())
    .bind(d.financial.trim())
    .bind(d.legal.trim())
    .bind(d.equality.trim())
    .bind(d.exempt_part.trim())
    .bind(d.exemption.as_deref())
    .bind(i64::from(d.fully_exempt))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        id,
        DecisionNumber {
            year: year as i32,
            number: number as i32,
        },
    ))
}

/// Records a notice as a draft and gives it the year's next number.
pub async fn create(db: &Db, actor: &Actor, d: &NewDecision) -> Result<DecisionNumber> {
    let mut tx = db.begin_write().await?;
    let (_, n) = insert(&mut tx, d, &now_utc()).await?;
    tx.commit(
        actor,
        Change::new("governance.decision_create", "gov_decision", &n.to_string()).after(d),
    )
    .await?;
    Ok(n)
}

pub(crate) async fn publish_in(tx: &mut WriteTx, n: DecisionNumber, at: &str) -> Result<()> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT fully_exempt, published_at FROM gov_decisions WHERE year = $1 AND number = $2",
    )
    .bind(i64::from(n.year))
    .bind(i64::from(n.number))
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        None => Err(StoreError::NotFound(format!("decision {n}"))),
        Some((1, _)) => Err(StoreError::Invalid(format!(
            "decision {n} is wholly exempt and is not published"
        ))),
        Some((_, Some(_))) => Err(StoreError::Invalid(format!(
            "decision {n} is already published"
        ))),
        Some(_) => {
            sqlx::query(
                "UPDATE gov_decisions SET published_at = $1 WHERE year = $2 AND number = $3",
            )
            .bind(at)
            .bind(i64::from(n.year))
            .bind(i64::from(n.number))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    }
}

pub async fn publish(db: &Db, actor: &Actor, n: DecisionNumber) -> Result<()> {
    let mut tx = db.begin_write().await?;
    publish_in(&mut tx, n, &now_utc()).await?;
    tx.commit(
        actor,
        Change::new(
            "governance.decision_publish",
            "gov_decision",
            &n.to_string(),
        ),
    )
    .await?;
    Ok(())
}

pub const LINK_KINDS: [&str; 4] = ["budget", "grant", "contract", "plan"];

pub(crate) async fn link_in(
    tx: &mut WriteTx,
    n: DecisionNumber,
    kind: &str,
    target: &str,
) -> Result<()> {
    if !LINK_KINDS.contains(&kind) {
        return Err(StoreError::Invalid(format!(
            "kind: {kind:?} is not budget, grant, contract or plan"
        )));
    }
    if target.trim().is_empty() {
        return Err(StoreError::Invalid(
            "target: name what the decision is linked from".into(),
        ));
    }
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM gov_decisions WHERE year = $1 AND number = $2")
            .bind(i64::from(n.year))
            .bind(i64::from(n.number))
            .fetch_optional(&mut **tx)
            .await?;
    let id = id.ok_or_else(|| StoreError::NotFound(format!("decision {n}")))?;
    sqlx::query("INSERT INTO gov_decision_links (decision_id, kind, target) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(kind)
        .bind(target.trim())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Links a decision from something else: a budget year ("2023-24"), a grant, a contract, a plan.
pub async fn link(
    db: &Db,
    actor: &Actor,
    n: DecisionNumber,
    kind: &str,
    target: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    link_in(&mut tx, n, kind, target).await?;
    tx.commit(
        actor,
        Change::new("governance.decision_link", "gov_decision", &n.to_string())
            .after(&serde_json::json!({"kind": kind, "target": target})),
    )
    .await?;
    Ok(())
}

/// The decisions linked from one thing, as the viewer may see them.
pub async fn linked(db: &Db, kind: &str, target: &str, viewer: Viewer) -> Result<Vec<Decision>> {
    let rows: Vec<Decision> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_decisions WHERE id IN \
         (SELECT decision_id FROM gov_decision_links WHERE kind = $1 AND target = $2) \
         ORDER BY year, number"
    ))
    .bind(kind)
    .bind(target)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|d| d.for_viewer(viewer))
        .collect())
}

/// What links to a decision: (kind, target).
pub async fn links_of(db: &Db, id: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT kind, target FROM gov_decision_links WHERE decision_id = $1 ORDER BY kind, target",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}
