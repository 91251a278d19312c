//! What changed since a user's previous sign-in, for the Panel's landing page: plans moving
//! through their lifecycle, commitments' status reports and published scrutiny packs, read
//! from the audit log (which records when each was recorded, where the plan tables keep only
//! the date it is reported for).

use crate::{Db, Result};
use sqlx::Row;

/// When the user signed in before this session, if ever.
pub async fn previous_sign_in(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT previous_sign_in_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?
            .flatten(),
    )
}

/// One recorded change.
#[derive(Debug, Clone)]
pub struct News {
    /// When it was recorded (stored timestamp).
    pub at: String,
    /// `plan.transition`, `plan.commitment_status` or `measure.quarter_publish`.
    pub action: String,
    /// The plan's slug, or `slug/commitment-key`.
    pub entity_id: String,
    pub after: serde_json::Value,
}

/// Enough for a landing page; older changes are in the plans themselves.
const LIMIT: i64 = 200;

/// Plan status changes, commitment status reports and published packs recorded after
/// `since`, newest first.
pub async fn since(db: &Db, since: &str) -> Result<Vec<News>> {
    let rows = sqlx::query(
        "SELECT at, action, entity_id, after_json FROM audit_log \
         WHERE at > $1 AND action IN ('plan.transition', 'plan.commitment_status', \
           'measure.quarter_publish') \
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(since)
    .bind(LIMIT)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let after: Option<String> = r.try_get("after_json")?;
            Ok(News {
                at: r.try_get("at")?,
                action: r.try_get("action")?,
                entity_id: r.try_get("entity_id")?,
                after: after
                    .and_then(|a| serde_json::from_str(&a).ok())
                    .unwrap_or_default(),
            })
        })
        .collect()
}
