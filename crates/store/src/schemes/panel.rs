//! The out-of-court resolution scrutiny panel: the force's lists of resolved cases (uploaded,
//! one transaction per file, the same file twice is one list), seeded draws that anyone can
//! redo from the recorded seed and list hash (`opcc_domain::schemes::draw`), members'
//! independent views, the panel's outcome and theme per case, and feedback to the force.

use super::day;
use crate::audit::{Actor, Change};
use crate::crime::batch;
use crate::{Backend, Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::schemes::draw;
use opcc_domain::schemes::oocr::{self, CaseRow};
use serde::Serialize;

pub(crate) use super::feedback::insert_feedback;
pub use super::feedback::{Feedback, add_feedback, feedback, feedback_response};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct List {
    pub id: i64,
    pub period_from: String,
    pub period_to: String,
    pub filename: String,
    pub list_hash: String,
    pub uploaded_at: String,
    pub cases: i64,
}

pub async fn lists(db: &Db) -> Result<Vec<List>> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.period_from, l.period_to, l.filename, l.list_hash, l.uploaded_at, \
         (SELECT COUNT(*) FROM oocr_cases c WHERE c.list_id = l.id) AS cases \
         FROM oocr_lists l ORDER BY l.period_from DESC, l.id DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub(crate) async fn insert_list(
    tx: &mut WriteTx,
    backend: Backend,
    filename: &str,
    sha256: &str,
    from: time::Date,
    to: time::Date,
    rows: &[CaseRow],
) -> Result<i64> {
    let hash = draw::list_hash(rows.iter().map(|r| r.case_ref.as_str()));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO oocr_lists (period_from, period_to, filename, sha256, list_hash, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(filename)
    .bind(sha256)
    .bind(&hash)
    .bind(now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let cols = [
        "list_id",
        "case_ref",
        "offence",
        "disposal",
        "age_group",
        "resolved_on",
        "summary",
    ];
    let sql = batch::Sql::new(backend, "oocr_cases", &cols, rows.len());
    let owned: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.resolved_on.to_string(), r.summary.clone()))
        .collect();
    let pairs: Vec<(&CaseRow, &(String, String))> = rows.iter().zip(owned.iter()).collect();
    batch::insert(tx, &sql, &pairs, |q, (r, (day, summary))| {
        q.bind(id)
            .bind(r.case_ref.as_str())
            .bind(r.offence.as_str())
            .bind(r.disposal)
            .bind(r.age_group)
            .bind(day.as_str())
            .bind(summary.as_str())
    })
    .await?;
    Ok(id)
}

/// Reads and stores an uploaded list for the period: every problem named by row and field and
/// nothing stored, or the list's id and whether it is new (the same file again is the same
/// list).
pub async fn import(
    db: &Db,
    actor: &Actor,
    filename: &str,
    bytes: &[u8],
    from: &str,
    to: &str,
) -> Result<(i64, bool)> {
    let (from, to) = (day("period_from", from)?, day("period_to", to)?);
    if to < from {
        return Err(StoreError::Invalid(
            "period_to: the period ends before it starts".into(),
        ));
    }
    let sha = hex::encode(Sha256::digest(bytes));
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM oocr_lists WHERE sha256 = $1")
        .bind(&sha)
        .fetch_optional(&db.pool)
        .await?;
    if let Some(id) = existing {
        return Ok((id, false));
    }
    let sheets = opcc_domain::sheets::read(filename, bytes).map_err(StoreError::Invalid)?;
    let Some((_, rows)) = sheets.into_iter().next() else {
        return Err(StoreError::Invalid(format!(
            "{filename}: the file is empty"
        )));
    };
    let cases = oocr::parse_list(filename, &rows, from, to)
        .map_err(|e| StoreError::Invalid(e.join("\n")))?;
    let mut tx = db.begin_write().await?;
    let id = insert_list(&mut tx, db.backend, filename, &sha, from, to, &cases).await?;
    tx.commit(
        actor,
        Change::new("schemes.oocr_list_upload", "oocr_list", &id.to_string())
            .after(&serde_json::json!({"filename": filename, "sha256": sha, "cases": cases.len()})),
    )
    .await?;
    Ok((id, true))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Draw {
    pub id: i64,
    pub list_id: i64,
    pub seed: String,
    pub list_hash: String,
    pub size: i64,
    pub stratify: String,
    pub scale: String,
    pub meets_on: String,
    pub drawn_at: String,
}

const DRAW_COLUMNS: &str =
    "id, list_id, seed, list_hash, size, stratify, scale, meets_on, drawn_at";

pub async fn draws(db: &Db) -> Result<Vec<Draw>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DRAW_COLUMNS} FROM oocr_draws ORDER BY meets_on DESC, id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn get_draw(db: &Db, id: i64) -> Result<Draw> {
    let d: Option<Draw> = sqlx::query_as(&format!(
        "SELECT {DRAW_COLUMNS} FROM oocr_draws WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    d.ok_or_else(|| StoreError::NotFound(format!("draw {id}")))
}

/// A list's cases as the draw takes them: (reference, stratum) for the stratification.
async fn population(
    conn: &mut sqlx::AnyConnection,
    list: i64,
    stratify: &str,
) -> Result<(Vec<(String, String)>, Vec<i64>)> {
    let column = match stratify {
        "age_group" => "age_group",
        "disposal" => "disposal",
        _ => "''",
    };
    let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT id, case_ref, {column} FROM oocr_cases WHERE list_id = $1 ORDER BY case_ref"
    ))
    .bind(list)
    .fetch_all(conn)
    .await?;
    let ids = rows.iter().map(|r| r.0).collect();
    Ok((rows.into_iter().map(|(_, r, s)| (r, s)).collect(), ids))
}

pub struct NewDraw<'a> {
    pub list_id: i64,
    pub seed: &'a str,
    pub size: i64,
    pub stratify: &'a str,
    pub scale: &'a str,
    pub meets_on: &'a str,
}

pub(crate) async fn insert_draw(
    tx: &mut WriteTx,
    backend: Backend,
    d: &NewDraw<'_>,
) -> Result<i64> {
    if !["none", "age_group", "disposal"].contains(&d.stratify) {
        return Err(StoreError::Invalid(
            "stratify: choose how to stratify".into(),
        ));
    }
    if !["three", "four"].contains(&d.scale) {
        return Err(StoreError::Invalid(
            "scale: choose the outcome scale".into(),
        ));
    }
    let meets = day("meets_on", d.meets_on)?;
    let hash: Option<String> = sqlx::query_scalar("SELECT list_hash FROM oocr_lists WHERE id = $1")
        .bind(d.list_id)
        .fetch_optional(&mut **tx)
        .await?;
    let hash = hash.ok_or_else(|| StoreError::NotFound(format!("list {}", d.list_id)))?;
    let (cases, ids) = population(tx, d.list_id, d.stratify).await?;
    let size = usize::try_from(d.size).unwrap_or(0);
    let drawn = draw::draw(d.seed.trim(), &hash, &cases, size, d.stratify != "none")
        .map_err(StoreError::Invalid)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO oocr_draws (list_id, seed, list_hash, size, stratify, scale, meets_on, drawn_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(d.list_id)
    .bind(d.seed.trim())
    .bind(&hash)
    .bind(d.size)
    .bind(d.stratify)
    .bind(d.scale)
    .bind(meets.to_string())
    .bind(now_utc())
    .fetch_one(&mut **tx)
    .await?;
    let rows: Vec<(i64, i64)> = drawn
        .iter()
        .enumerate()
        .map(|(pos, r)| {
            let at = cases
                .iter()
                .position(|(c, _)| c == r)
                .expect("drawn from the list");
            (ids[at], pos as i64 + 1)
        })
        .collect();
    let cols = ["draw_id", "case_id", "position", "theme"];
    let sql = batch::Sql::new(backend, "oocr_reviews", &cols, rows.len());
    batch::insert(tx, &sql, &rows, |q, (case, pos)| {
        q.bind(id).bind(*case).bind(*pos).bind("")
    })
    .await?;
    Ok(id)
}

/// Draws a sample from a list by the documented method, recording its seed and list hash.
pub async fn make_draw(db: &Db, actor: &Actor, d: &NewDraw<'_>) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id = insert_draw(&mut tx, db.backend, d).await?;
    tx.commit(
        actor,
        Change::new("schemes.oocr_draw", "oocr_draw", &id.to_string()).after(&serde_json::json!({
            "list": d.list_id, "seed": d.seed.trim(), "size": d.size, "stratify": d.stratify
        })),
    )
    .await?;
    Ok(id)
}

/// Redoes a draw from its recorded seed and list hash over the list as stored: whether the
/// list still has that hash and the same cases come out in the same order.
pub async fn redo(db: &Db, id: i64) -> Result<bool> {
    let d = get_draw(db, id).await?;
    let mut conn = db.pool.acquire().await?;
    let (cases, _) = population(&mut conn, d.list_id, &d.stratify).await?;
    if draw::list_hash(cases.iter().map(|(r, _)| r.as_str())) != d.list_hash {
        return Ok(false);
    }
    let again = draw::draw(
        &d.seed,
        &d.list_hash,
        &cases,
        usize::try_from(d.size).unwrap_or(0),
        d.stratify != "none",
    )
    .map_err(StoreError::Invalid)?;
    let stored: Vec<String> = reviews(db, id)
        .await?
        .into_iter()
        .map(|r| r.case_ref)
        .collect();
    Ok(again == stored)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Review {
    pub id: i64,
    pub draw_id: i64,
    pub position: i64,
    pub case_ref: String,
    pub offence: String,
    pub disposal: String,
    pub age_group: String,
    pub resolved_on: String,
    pub summary: String,
    pub outcome: Option<String>,
    pub reviewed_on: Option<String>,
    pub theme: String,
}

pub async fn reviews(db: &Db, draw_id: i64) -> Result<Vec<Review>> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.draw_id, v.position, c.case_ref, c.offence, c.disposal, c.age_group, \
         c.resolved_on, c.summary, v.outcome, v.reviewed_on, v.theme FROM oocr_reviews v \
         JOIN oocr_cases c ON c.id = v.case_id WHERE v.draw_id = $1 ORDER BY v.position",
    )
    .bind(draw_id)
    .fetch_all(&db.pool)
    .await?)
}

async fn scale_of(conn: &mut sqlx::AnyConnection, review: i64) -> Result<String> {
    let s: Option<String> = sqlx::query_scalar(
        "SELECT d.scale FROM oocr_reviews v JOIN oocr_draws d ON d.id = v.draw_id WHERE v.id = $1",
    )
    .bind(review)
    .fetch_optional(conn)
    .await?;
    s.ok_or_else(|| StoreError::NotFound(format!("review {review}")))
}

pub(crate) async fn set_outcome_in(
    tx: &mut WriteTx,
    review: i64,
    outcome: &str,
    theme: &str,
    on: &str,
) -> Result<()> {
    let scale = scale_of(tx, review).await?;
    if !oocr::outcomes(&scale).iter().any(|(c, _)| *c == outcome) {
        return Err(StoreError::Invalid(
            "outcome: choose the panel's outcome".into(),
        ));
    }
    let theme = opcc_domain::schemes::no_names("theme", theme).map_err(StoreError::Invalid)?;
    sqlx::query("UPDATE oocr_reviews SET outcome = $1, theme = $2, reviewed_on = $3 WHERE id = $4")
        .bind(outcome)
        .bind(theme)
        .bind(on)
        .bind(review)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the panel's outcome of a case and its learning theme, on the day the panel met.
pub async fn set_outcome(
    db: &Db,
    actor: &Actor,
    review: i64,
    outcome: &str,
    theme: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let meets: Option<String> = sqlx::query_scalar(
        "SELECT d.meets_on FROM oocr_reviews v JOIN oocr_draws d ON d.id = v.draw_id WHERE v.id = $1",
    )
    .bind(review)
    .fetch_optional(&mut *tx)
    .await?;
    let meets = meets.ok_or_else(|| StoreError::NotFound(format!("review {review}")))?;
    set_outcome_in(&mut tx, review, outcome, theme, &meets).await?;
    tx.commit(
        actor,
        Change::new("schemes.oocr_outcome", "oocr_review", &review.to_string())
            .after(&serde_json::json!({"outcome": outcome, "theme": theme})),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct View {
    pub review_id: i64,
    pub member_id: i64,
    pub member: String,
    pub view: String,
    pub note: String,
}

/// Views of a draw's cases: every member's, or one member's own (`member` Some).
pub async fn views(db: &Db, draw_id: i64, member: Option<i64>) -> Result<Vec<View>> {
    Ok(sqlx::query_as(
        "SELECT w.review_id, w.member_id, u.display_name AS member, w.view, w.note \
         FROM oocr_views w JOIN oocr_reviews v ON v.id = w.review_id \
         JOIN users u ON u.id = w.member_id \
         WHERE v.draw_id = $1 AND (w.member_id = $2 OR $2 = 0) ORDER BY w.review_id, w.id",
    )
    .bind(draw_id)
    .bind(member.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

/// A panel member records their own view of a case, before the panel meets; a member may
/// change it until the panel has reached its outcome.
pub async fn record_member_view(
    db: &Db,
    actor: &Actor,
    member: i64,
    review: i64,
    view: &str,
    note: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let scale = scale_of(&mut tx, review).await?;
    if !oocr::member_views(&scale).iter().any(|(c, _)| *c == view) {
        return Err(StoreError::Invalid("view: choose your view".into()));
    }
    let decided: Option<String> =
        sqlx::query_scalar("SELECT outcome FROM oocr_reviews WHERE id = $1")
            .bind(review)
            .fetch_one(&mut *tx)
            .await?;
    if decided.is_some() {
        return Err(StoreError::Invalid(
            "the panel has reached its outcome on this case".into(),
        ));
    }
    let note = opcc_domain::schemes::no_names("note", note).map_err(StoreError::Invalid)?;
    sqlx::query("DELETE FROM oocr_views WHERE review_id = $1 AND member_id = $2")
        .bind(review)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO oocr_views (review_id, member_id, view, note, recorded_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(review)
    .bind(member)
    .bind(view)
    .bind(&note)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("schemes.oocr_view", "oocr_review", &review.to_string())
            .after(&serde_json::json!({"view": view})),
    )
    .await?;
    Ok(())
}
