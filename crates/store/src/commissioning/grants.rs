//! The grant cycle: an organisation's application (eligibility, budget lines, saved as a
//! draft and returned to, then submitted before the round closes), scorers' scores against
//! the round's criteria (each kept; a declared conflict refuses scoring), and the award, which
//! is a decision of the office: its notice goes in the governance decisions register, linked
//! to the award by kind 'grant' and the award's 360Giving identifier.

use super::awards::{FUNDER_ID, FUNDER_NAME};
use super::programme_by_id;
use crate::audit::{Actor, Change};
use crate::governance::decisions::{self, NewDecision};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::commissioning::{BudgetLine, check_score};
use rust_decimal::Decimal;
use serde::Serialize;

/// The office's 360Giving prefix: every award's identifier starts with it.
pub const PREFIX: &str = "360G-cheshirepcc";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Application {
    pub id: i64,
    pub programme_id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub title: String,
    pub summary: String,
    pub local_authority: String,
    pub status: String,
    pub eligible: i64,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

const APPLICATION: &str = "SELECT a.id, a.programme_id, a.organisation_id, \
    o.name AS organisation_name, a.title, a.summary, a.local_authority, a.status, a.eligible, \
    a.updated_at, a.submitted_at FROM com_applications a \
    JOIN com_organisations o ON o.id = a.organisation_id";

pub async fn application(db: &Db, id: i64) -> Result<Application> {
    sqlx::query_as(&format!("{APPLICATION} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("application {id}")))
}

/// One organisation's applications, or every submitted one (`None`, for the office).
pub async fn applications(db: &Db, organisation: Option<i64>) -> Result<Vec<Application>> {
    Ok(match organisation {
        Some(org) => {
            sqlx::query_as(&format!(
                "{APPLICATION} WHERE a.organisation_id = $1 ORDER BY a.id DESC"
            ))
            .bind(org)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "{APPLICATION} WHERE a.status <> 'draft' ORDER BY a.id DESC"
            ))
            .fetch_all(&db.pool)
            .await?
        }
    })
}

pub async fn budget(db: &Db, application_id: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT item, amount FROM com_budget_lines WHERE application_id = $1 ORDER BY position",
    )
    .bind(application_id)
    .fetch_all(&db.pool)
    .await?)
}

/// What the applicant's form holds.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub title: String,
    pub summary: String,
    pub local_authority: String,
    pub eligible: bool,
    pub lines: Vec<BudgetLine>,
}

/// Saves a draft: a new application (`id` none) or the organisation's own draft. Only a draft
/// changes; the caller has checked the person may act for `organisation`.
pub async fn save(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    organisation: i64,
    programme_id: i64,
    id: Option<i64>,
    d: &Draft,
) -> Result<i64> {
    let p = programme_by_id(db, programme_id).await?;
    if !p.is_open(&now_utc()[..10]) {
        return Err(StoreError::Invalid(format!(
            "programme: {} is not open for applications",
            p.title
        )));
    }
    let la = d.local_authority.trim();
    if !la.is_empty() && !opcc_domain::commissioning::is_local_authority(la) {
        return Err(StoreError::Invalid(
            "local_authority: choose the local authority the project serves".into(),
        ));
    }
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let id = match id {
        None => {
            sqlx::query_scalar(
                "INSERT INTO com_applications (programme_id, organisation_id, title, summary, \
                 local_authority, status, eligible, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $8) RETURNING id",
            )
            .bind(programme_id)
            .bind(organisation)
            .bind(d.title.trim())
            .bind(d.summary.trim())
            .bind(la)
            .bind(i64::from(d.eligible))
            .bind(user_id)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?
        }
        Some(id) => {
            let n = sqlx::query(
                "UPDATE com_applications SET title = $1, summary = $2, local_authority = $3, \
                 eligible = $4, updated_at = $5 \
                 WHERE id = $6 AND organisation_id = $7 AND status = 'draft'",
            )
            .bind(d.title.trim())
            .bind(d.summary.trim())
            .bind(la)
            .bind(i64::from(d.eligible))
            .bind(&now)
            .bind(id)
            .bind(organisation)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Invalid(
                    "application: only a draft can be changed; this one has been submitted".into(),
                ));
            }
            sqlx::query("DELETE FROM com_budget_lines WHERE application_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
    };
    for (i, l) in d.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO com_budget_lines (application_id, position, item, amount) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&l.item)
        .bind(l.amount.to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "commissioning.application_save",
            "com_application",
            &id.to_string(),
        )
        .after(d),
    )
    .await?;
    Ok(id)
}

/// Submits a draft: every eligibility question answered yes, a title, a summary and at least
/// one budget line, before the round closes.
pub async fn submit(db: &Db, actor: &Actor, organisation: i64, id: i64) -> Result<()> {
    let a = application(db, id).await?;
    if a.organisation_id != organisation {
        return Err(StoreError::Forbidden(
            "another organisation's application".into(),
        ));
    }
    let p = programme_by_id(db, a.programme_id).await?;
    let bad = |m: &str| Err(StoreError::Invalid(m.to_string()));
    if a.status != "draft" {
        return bad("application: it has already been submitted");
    }
    if !p.is_open(&now_utc()[..10]) {
        return bad("application: the round has closed");
    }
    if a.eligible == 0 {
        return bad("eligibility: answer yes to every eligibility question to apply");
    }
    if a.title.is_empty() || a.summary.is_empty() {
        return bad("application: give the project a title and a summary");
    }
    if budget(db, id).await?.is_empty() {
        return bad("budget: add at least one budget line");
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE com_applications SET status = 'submitted', submitted_at = $1 WHERE id = $2",
    )
    .bind(now_utc())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.application_submit",
            "com_application",
            &id.to_string(),
        ),
    )
    .await?;
    Ok(())
}

pub async fn declare_conflict(
    db: &Db,
    actor: &Actor,
    scorer: i64,
    id: i64,
    reason: &str,
) -> Result<()> {
    application(db, id).await?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "reason: say what the conflict of interest is".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO com_conflicts (application_id, scorer_id, reason, declared_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (application_id, scorer_id) DO NOTHING",
    )
    .bind(id)
    .bind(scorer)
    .bind(reason.trim())
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.conflict_declare",
            "com_application",
            &id.to_string(),
        )
        .after(&serde_json::json!({"scorer": scorer, "reason": reason.trim()})),
    )
    .await?;
    Ok(())
}

pub async fn is_conflicted(db: &Db, scorer: i64, id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM com_conflicts WHERE application_id = $1 AND scorer_id = $2",
    )
    .bind(id)
    .bind(scorer)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// A scorer's scores, one a criterion (criterion id, score, comment); each scorer's are kept.
pub async fn score(
    db: &Db,
    actor: &Actor,
    scorer: i64,
    id: i64,
    scores: &[(i64, i64, String)],
) -> Result<()> {
    let a = application(db, id).await?;
    if a.status != "submitted" {
        return Err(StoreError::Invalid(
            "application: only a submitted application is scored".into(),
        ));
    }
    let conflicted = is_conflicted(db, scorer, id).await?;
    let criteria = super::criteria(db, a.programme_id).await?;
    let mut tx = db.begin_write().await?;
    for c in &criteria {
        let (_, s, comment) = scores
            .iter()
            .find(|(cid, _, _)| *cid == c.id)
            .ok_or_else(|| StoreError::Invalid(format!("score: score {:?}", c.title)))?;
        check_score(*s, c.max_score, conflicted)
            .map_err(|e| StoreError::Invalid(format!("{e} ({})", c.title)))?;
        sqlx::query(
            "DELETE FROM com_scores WHERE application_id = $1 AND criterion_id = $2 AND scorer_id = $3",
        )
        .bind(id)
        .bind(c.id)
        .bind(scorer)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO com_scores (application_id, criterion_id, scorer_id, score, comment, \
             scored_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(c.id)
        .bind(scorer)
        .bind(s)
        .bind(comment.trim())
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new("commissioning.score", "com_application", &id.to_string())
            .after(&serde_json::json!({"scorer": scorer, "scores": scores})),
    )
    .await?;
    Ok(())
}

/// Every scorer's scores: (scorer's email, criterion, score, out of, comment).
pub async fn scores(db: &Db, id: i64) -> Result<Vec<(String, String, i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.email, c.title, s.score, c.max_score, s.comment FROM com_scores s \
         JOIN users u ON u.id = s.scorer_id JOIN com_criteria c ON c.id = s.criterion_id \
         WHERE s.application_id = $1 ORDER BY u.email, c.position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// Declared conflicts: (scorer's email, reason).
pub async fn conflicts(db: &Db, id: i64) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.email, c.reason FROM com_conflicts c JOIN users u ON u.id = c.scorer_id \
         WHERE c.application_id = $1 ORDER BY u.email",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// The award as the office decides it.
#[derive(Debug, Clone, Serialize)]
pub struct AwardDecision {
    pub amount: Decimal,
    /// ISO date of the decision.
    pub decided_on: String,
    pub decision_maker: String,
    pub reasons: String,
    /// The offer letter's conditions.
    pub conditions: String,
    /// ISO date the grant ends; its end-of-grant report is due then.
    pub end_date: String,
    /// Instalments, due evenly from the decision to the end date.
    pub instalments: u32,
}

/// Awards a scored application: the decision notice (recorded and published in the
/// register), the award with its 360Giving identifier and the offer's conditions and end date,
/// the link between them, and the instalments, the first due on the decision's date; all in
/// one transaction. Returns the award's identifier.
pub async fn award(db: &Db, actor: &Actor, id: i64, d: &AwardDecision) -> Result<String> {
    let a = application(db, id).await?;
    if a.status != "submitted" {
        return Err(StoreError::Invalid(
            "application: only a submitted application is awarded".into(),
        ));
    }
    let scored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM com_scores WHERE application_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    if scored == 0 {
        return Err(StoreError::Invalid(
            "application: it is awarded only after it has been scored".into(),
        ));
    }
    let p = programme_by_id(db, a.programme_id).await?;
    if let Some(max) = p
        .max_award
        .as_deref()
        .and_then(|m| m.parse::<Decimal>().ok())
        && d.amount > max
    {
        return Err(StoreError::Invalid(format!(
            "amount: more than this round's largest grant, {}",
            opcc_domain::finance::pounds(max)
        )));
    }
    if d.amount <= Decimal::ZERO {
        return Err(StoreError::Invalid(
            "amount: enter the amount awarded".into(),
        ));
    }
    let start = super::cycle::iso_date("decided_on", &d.decided_on)?;
    let end = super::cycle::iso_date("end_date", &d.end_date)?;
    if end <= start {
        return Err(StoreError::Invalid(
            "end_date: the grant must end after the decision".into(),
        ));
    }
    if !(1..=12).contains(&d.instalments) {
        return Err(StoreError::Invalid(
            "instalments: pay it in 1 to 12 instalments".into(),
        ));
    }
    if d.conditions.trim().is_empty() {
        return Err(StoreError::Invalid(
            "conditions: state the offer's conditions".into(),
        ));
    }
    let org = super::organisation(db, a.organisation_id).await?;
    let identifier = format!("{PREFIX}-{}-{id}", p.slug);
    let now = now_utc();
    let notice = NewDecision {
        title: format!("{}: grant to {}", p.title, org.name),
        decision_maker: d.decision_maker.clone(),
        decided_on: d.decided_on.clone(),
        summary: format!(
            "To award {} to {} for {:?} from the {}.",
            opcc_domain::finance::pounds(d.amount),
            org.name,
            a.title,
            p.title
        ),
        reasons: d.reasons.clone(),
        financial: format!(
            "{} from the {} ({}).",
            opcc_domain::finance::pounds(d.amount),
            p.fund_title,
            p.fund_year
        ),
        ..NewDecision::default()
    };
    let mut tx = db.begin_write().await?;
    let (_, number) = decisions::insert(&mut tx, &notice, &now).await?;
    decisions::publish_in(&mut tx, number, &now).await?;
    decisions::link_in(&mut tx, number, "grant", &identifier).await?;
    let award_id: i64 = sqlx::query_scalar(
        "INSERT INTO com_awards (identifier, application_id, programme_id, title, description, \
         amount, currency, award_date, recipient_org_id, recipient_name, \
         recipient_charity_number, recipient_company_number, funder_org_id, funder_name, \
         programme_title, local_authority, decision_number, source, created_at, conditions, \
         end_date) VALUES ($1, $2, $3, $4, $5, $6, 'GBP', $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, 'office', $17, $18, $19) RETURNING id",
    )
    .bind(&identifier)
    .bind(id)
    .bind(p.id)
    .bind(&a.title)
    .bind(&a.summary)
    .bind(d.amount.to_string())
    .bind(&d.decided_on)
    .bind(&org.org_id)
    .bind(&org.name)
    .bind(&org.charity_number)
    .bind(&org.company_number)
    .bind(FUNDER_ID)
    .bind(FUNDER_NAME)
    .bind(&p.title)
    .bind(&a.local_authority)
    .bind(number.to_string())
    .bind(&now)
    .bind(d.conditions.trim())
    .bind(&d.end_date)
    .fetch_one(&mut *tx)
    .await?;
    let n = d.instalments;
    let step = (end - start) / n as i32;
    for (i, amount) in opcc_domain::commissioning::cycle::instalments(d.amount, n)
        .into_iter()
        .enumerate()
    {
        sqlx::query("INSERT INTO com_payments (award_id, due_on, amount) VALUES ($1, $2, $3)")
            .bind(award_id)
            .bind((start + step * i as i32).to_string())
            .bind(amount.to_string())
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE com_applications SET status = 'awarded' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("commissioning.award", "com_award", &identifier).after(&serde_json::json!({
            "application": id, "decision": number.to_string(), "award": d,
        })),
    )
    .await?;
    Ok(identifier)
}
