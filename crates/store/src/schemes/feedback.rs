//! The out-of-court resolution panel's learning themes and feedback to the force from a draw,
//! and the force's response.

use super::day;
use super::panel::get_draw;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Feedback {
    pub id: i64,
    pub draw_id: i64,
    pub theme: String,
    pub feedback: String,
    pub force_response: String,
    pub responded_on: Option<String>,
}

pub async fn feedback(db: &Db, draw_id: i64) -> Result<Vec<Feedback>> {
    Ok(sqlx::query_as(
        "SELECT id, draw_id, theme, feedback, force_response, responded_on FROM oocr_feedback \
         WHERE draw_id = $1 OR $1 = 0 ORDER BY id",
    )
    .bind(draw_id)
    .fetch_all(&db.pool)
    .await?)
}

pub(crate) async fn insert_feedback(
    tx: &mut WriteTx,
    draw_id: i64,
    theme: &str,
    text: &str,
) -> Result<i64> {
    let theme = opcc_domain::schemes::no_names("theme", theme).map_err(StoreError::Invalid)?;
    let text = opcc_domain::schemes::no_names("feedback", text).map_err(StoreError::Invalid)?;
    if theme.is_empty() || text.is_empty() {
        return Err(StoreError::Invalid(
            "feedback: give the theme and what the panel fed back".into(),
        ));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO oocr_feedback (draw_id, theme, feedback, force_response) \
         VALUES ($1, $2, $3, '') RETURNING id",
    )
    .bind(draw_id)
    .bind(theme)
    .bind(text)
    .fetch_one(&mut **tx)
    .await?)
}

/// Records the panel's learning theme and feedback to the force from a draw.
pub async fn add_feedback(
    db: &Db,
    actor: &Actor,
    draw_id: i64,
    theme: &str,
    text: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    get_draw(db, draw_id).await?;
    let id = insert_feedback(&mut tx, draw_id, theme, text).await?;
    tx.commit(
        actor,
        Change::new("schemes.oocr_feedback", "oocr_feedback", &id.to_string())
            .after(&serde_json::json!({"draw": draw_id, "theme": theme})),
    )
    .await?;
    Ok(id)
}

/// Records the force's response to the panel's feedback.
pub async fn feedback_response(
    db: &Db,
    actor: &Actor,
    id: i64,
    response: &str,
    on: &str,
) -> Result<()> {
    let on = day("on", on)?.to_string();
    if response.trim().is_empty() {
        return Err(StoreError::Invalid(
            "force_response: record the force's response".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE oocr_feedback SET force_response = $1, responded_on = $2 WHERE id = $3",
    )
    .bind(response.trim())
    .bind(&on)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("feedback {id}")));
    }
    tx.commit(
        actor,
        Change::new(
            "schemes.oocr_feedback_response",
            "oocr_feedback",
            &id.to_string(),
        )
        .after(&serde_json::json!({"on": on})),
    )
    .await?;
    Ok(())
}
