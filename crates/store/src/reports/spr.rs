//! The Strategic Policing Requirement in the annual report. The threats are national reference
//! data (migration 0033 holds the seven of the Strategic Policing Requirement, February 2023);
//! the office links each to the plan items that answer it and writes a short statement on it
//! for each year. The annual report's section is read from these records and the measures of
//! the linked items.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::reports::{CellLinks, Link, Section, Table};
use std::collections::BTreeMap;

/// Longest statement on one threat for one year: a short paragraph.
pub const MAX_STATEMENT: usize = 2_000;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Threat {
    pub id: i64,
    pub key: String,
    pub edition: String,
    pub title: String,
}

/// The plan in force in a financial year.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanRef {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// Something in a plan a threat can be linked to: a priority (at any level) or a commitment.
#[derive(Debug, Clone)]
pub struct Target {
    /// `item` or `commitment`.
    pub kind: String,
    pub key: String,
    pub title: String,
    /// What the plan calls it: "Priority", "Theme", "Commitment".
    pub level: String,
}

impl Target {
    /// The form's value for it.
    pub fn value(&self) -> String {
        format!("{}:{}", self.kind, self.key)
    }

    /// Its public page (a commitment is a row of its plan's page).
    pub fn href(&self, plan_slug: &str) -> String {
        match self.kind.as_str() {
            "commitment" => format!("/plans/{plan_slug}#commitment-{}", self.key),
            _ => format!("/plans/{plan_slug}/items/{}", self.key),
        }
    }
}

/// A threat's link to a plan item. `target` is None when the plan no longer holds the key.
#[derive(Debug, Clone)]
pub struct Linked {
    pub id: i64,
    pub threat_id: i64,
    pub kind: String,
    pub key: String,
    pub target: Option<Target>,
}

pub async fn threats(db: &Db) -> Result<Vec<Threat>> {
    Ok(
        sqlx::query_as("SELECT id, key, edition, title FROM spr_threats ORDER BY position, id")
            .fetch_all(&db.pool)
            .await?,
    )
}

/// The plan in force in the year: the latest published (or since refreshed or superseded)
/// whose term overlaps it.
pub async fn plan_in_force(db: &Db, fy: i32) -> Result<Option<PlanRef>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title FROM plans WHERE term_start <= $1 AND term_end >= $2 \
         AND status IN ('published', 'refreshed', 'superseded') ORDER BY term_start DESC LIMIT 1",
    )
    .bind(format!("{:04}-03-31", fy + 1))
    .bind(format!("{fy:04}-04-01"))
    .fetch_optional(&db.pool)
    .await?)
}

/// Every item of a plan in the order of its page, each followed by its commitments.
pub async fn targets(db: &Db, plan_id: i64) -> Result<Vec<Target>> {
    let levels: String = sqlx::query_scalar("SELECT levels FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&db.pool)
        .await?;
    let levels: Vec<String> = serde_json::from_str(&levels).unwrap_or_default();
    let items: Vec<(i64, Option<i64>, i64, String, String)> = sqlx::query_as(
        "SELECT id, parent_id, depth, key, title FROM plan_items WHERE plan_id = $1 \
         ORDER BY depth, position",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?;
    let commitments: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT item_id, key, text FROM plan_commitments WHERE plan_id = $1 ORDER BY position",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?;
    // Depth-first from the roots, so a theme follows its priority as on the plan's page.
    fn walk(
        parent: Option<i64>,
        items: &[(i64, Option<i64>, i64, String, String)],
        commitments: &[(i64, String, String)],
        levels: &[String],
        out: &mut Vec<Target>,
    ) {
        for (id, _, depth, key, title) in items.iter().filter(|i| i.1 == parent) {
            out.push(Target {
                kind: "item".into(),
                key: key.clone(),
                title: title.clone(),
                level: levels
                    .get(*depth as usize)
                    .cloned()
                    .unwrap_or_else(|| "Priority".into()),
            });
            for (_, ckey, text) in commitments.iter().filter(|c| c.0 == *id) {
                out.push(Target {
                    kind: "commitment".into(),
                    key: ckey.clone(),
                    title: text.clone(),
                    level: "Commitment".into(),
                });
            }
            walk(Some(*id), items, commitments, levels, out);
        }
    }
    let mut out = Vec::new();
    walk(None, &items, &commitments, &levels, &mut out);
    Ok(out)
}

/// The links of a plan, each with what it points at.
pub async fn links(db: &Db, plan_id: i64) -> Result<Vec<Linked>> {
    let all = targets(db, plan_id).await?;
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, threat_id, target_kind, target_key FROM spr_links WHERE plan_id = $1 \
         ORDER BY threat_id, id",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, threat_id, kind, key)| Linked {
            target: all.iter().find(|t| t.kind == kind && t.key == key).cloned(),
            id,
            threat_id,
            kind,
            key,
        })
        .collect())
}

/// The office's statements of a year, by threat.
pub async fn statements(db: &Db, fy: i32) -> Result<BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT threat_id, statement FROM spr_statements WHERE fy = $1")
            .bind(i64::from(fy))
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().collect())
}

async fn threat(db: &Db, key: &str) -> Result<Threat> {
    sqlx::query_as("SELECT id, key, edition, title FROM spr_threats WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::Invalid("threats: choose one of the national threats".into()))
}

/// Links a threat to an item or commitment (`item:KEY`, `commitment:KEY`) of the plan in
/// force in the year. Refused: no plan in force, a target not in that plan, a link held.
pub async fn link(db: &Db, actor: &Actor, threat_key: &str, fy: i32, target: &str) -> Result<()> {
    let t = threat(db, threat_key).await?;
    let field = format!("target-{}", t.key);
    let plan = plan_in_force(db, fy).await?.ok_or_else(|| {
        StoreError::Invalid(format!(
            "{field}: no published plan is in force in that year"
        ))
    })?;
    let Some(found) = targets(db, plan.id)
        .await?
        .into_iter()
        .find(|x| x.value() == target)
    else {
        return Err(StoreError::Invalid(format!(
            "{field}: choose a priority or commitment of {}",
            plan.title
        )));
    };
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM spr_links WHERE threat_id = $1 AND plan_id = $2 \
         AND target_kind = $3 AND target_key = $4",
    )
    .bind(t.id)
    .bind(plan.id)
    .bind(&found.kind)
    .bind(&found.key)
    .fetch_one(&db.pool)
    .await?;
    if held > 0 {
        return Err(StoreError::Invalid(format!(
            "{field}: {} is linked to {} already",
            t.title, found.title
        )));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO spr_links (threat_id, plan_id, target_kind, target_key, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(t.id)
    .bind(plan.id)
    .bind(&found.kind)
    .bind(&found.key)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("spr.link", "spr_link", &key).after(&serde_json::json!({
            "threat": t.key, "plan": plan.slug, "kind": found.kind, "key": found.key
        })),
    )
    .await?;
    Ok(())
}

/// Removes a link. The annual reports approved already keep it in their frozen figures.
pub async fn unlink(db: &Db, actor: &Actor, link_id: i64) -> Result<()> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT t.key, p.slug, l.target_kind, l.target_key FROM spr_links l \
         JOIN spr_threats t ON t.id = l.threat_id JOIN plans p ON p.id = l.plan_id WHERE l.id = $1",
    )
    .bind(link_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((threat, plan, kind, key)) = row else {
        return Err(StoreError::NotFound(format!("link {link_id}")));
    };
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM spr_links WHERE id = $1")
        .bind(link_id)
        .execute(&mut *tx)
        .await?;
    let id = link_id.to_string();
    tx.commit(
        actor,
        Change::new("spr.unlink", "spr_link", &id).before(&serde_json::json!({
            "threat": threat, "plan": plan, "kind": kind, "key": key
        })),
    )
    .await?;
    Ok(())
}

/// Saves the office's statement on a threat for a year; an empty one removes it.
pub async fn save_statement(
    db: &Db,
    actor: &Actor,
    threat_key: &str,
    fy: i32,
    text: &str,
) -> Result<()> {
    let t = threat(db, threat_key).await?;
    let text = text.trim().replace('\r', "");
    if text.chars().count() > MAX_STATEMENT {
        return Err(StoreError::Invalid(format!(
            "statement-{}: write at most {MAX_STATEMENT} characters",
            t.key
        )));
    }
    let before = statements(db, fy).await?.remove(&t.id).unwrap_or_default();
    if before == text {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM spr_statements WHERE threat_id = $1 AND fy = $2")
        .bind(t.id)
        .bind(i64::from(fy))
        .execute(&mut *tx)
        .await?;
    if !text.is_empty() {
        sqlx::query(
            "INSERT INTO spr_statements (threat_id, fy, statement, updated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(t.id)
        .bind(i64::from(fy))
        .bind(&text)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    let key = format!("{}/{fy}", t.key);
    tx.commit(
        actor,
        Change::new("spr.statement", "spr_statement", &key)
            .before(&serde_json::json!({ "statement": before }))
            .after(&serde_json::json!({ "statement": text })),
    )
    .await?;
    Ok(())
}

/// The annual report's section: each threat, the plan items linked to it (with links to their
/// pages), the figures of those items' measures for the year, and the office's statement.
pub async fn section(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("spr", "The Strategic Policing Requirement");
    let threats = threats(db).await?;
    let statements = statements(db, fy).await?;
    let plan = plan_in_force(db, fy).await?;
    let links = match &plan {
        Some(p) => links(db, p.id).await?,
        None => Vec::new(),
    };
    if threats.is_empty() || (plan.is_none() && statements.is_empty()) {
        return Ok(s.or_no_data(format!(
            "No published plan was in force in {label} and the office recorded no statement \
             on the threats."
        )));
    }
    let mut table = Table {
        caption: format!("The national threats and how the plan answers them, {label}"),
        header: vec![
            "Threat".into(),
            "How the plan answers it".into(),
            format!("Figures, {label}"),
            "The office's statement".into(),
        ],
        ..Default::default()
    };
    let mut answered = 0;
    for (row, t) in threats.iter().enumerate() {
        let mine: Vec<&Target> = links
            .iter()
            .filter(|l| l.threat_id == t.id)
            .filter_map(|l| l.target.as_ref())
            .collect();
        let mut figures = Vec::new();
        for target in &mine {
            figures.extend(
                target_figures(db, plan.as_ref().map_or(0, |p| p.id), target, fy, label).await?,
            );
        }
        let answer = if mine.is_empty() {
            "No plan item is linked".to_string()
        } else {
            answered += 1;
            let slug = plan.as_ref().map(|p| p.slug.as_str()).unwrap_or_default();
            table.links.push(CellLinks {
                row,
                column: 1,
                links: mine
                    .iter()
                    .map(|x| Link {
                        text: format!("{} ({})", x.title, x.level.to_lowercase()),
                        href: x.href(slug),
                    })
                    .collect(),
            });
            mine.iter()
                .map(|x| format!("{} ({})", x.title, x.level.to_lowercase()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        table.rows.push(vec![
            t.title.clone(),
            answer,
            if figures.is_empty() {
                "No measure recorded".into()
            } else {
                figures.join("\n")
            },
            statements
                .get(&t.id)
                .cloned()
                .unwrap_or_else(|| "No statement recorded".into()),
        ]);
    }
    if let Some(p) = &plan {
        s.fact("The plan in force", p.title.clone());
    }
    s.fact(
        "Threats the plan's items answer",
        format!("{answered} of {}", threats.len()),
    );
    s.tables.push(table);
    Ok(s)
}

/// The year's figures of a linked item's measures, or a commitment's marking at the year end.
async fn target_figures(
    db: &Db,
    plan_id: i64,
    target: &Target,
    fy: i32,
    label: &str,
) -> Result<Vec<String>> {
    if target.kind == "commitment" {
        let marking: Option<(String, String)> = sqlx::query_as(
            "SELECT u.status, u.date FROM plan_commitment_updates u \
             JOIN plan_commitments c ON c.id = u.commitment_id \
             WHERE c.plan_id = $1 AND c.key = $2 AND u.date <= $3 \
             ORDER BY u.date DESC, u.id DESC LIMIT 1",
        )
        .bind(plan_id)
        .bind(&target.key)
        .bind(format!("{:04}-03-31", fy + 1))
        .fetch_optional(&db.pool)
        .await?;
        return Ok(marking
            .map(|(status, date)| {
                let status = status
                    .parse::<opcc_domain::plans::CommitmentStatus>()
                    .map(|s| s.label().to_string())
                    .unwrap_or(status);
                vec![format!("{status} ({})", super::progress::long(&date))]
            })
            .unwrap_or_default());
    }
    let values: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.title, m.unit, v.value FROM plan_measures m \
         JOIN plan_items i ON i.id = m.item_id \
         JOIN measure_values v ON v.plan_id = m.plan_id AND v.measure_key = m.key \
         WHERE m.plan_id = $1 AND i.key = $2 AND v.period_kind = 'year' AND v.period = $3 \
         AND v.area = (SELECT force_area FROM plans WHERE id = $1) \
         ORDER BY m.position",
    )
    .bind(plan_id)
    .bind(&target.key)
    .bind(label)
    .fetch_all(&db.pool)
    .await?;
    Ok(values
        .into_iter()
        .map(|(title, unit, value)| {
            let value = value
                .parse::<rust_decimal::Decimal>()
                .map(|d| d.normalize().to_string())
                .unwrap_or(value);
            let unit = if unit == "percentage" { "%" } else { "" };
            format!("{title}: {value}{unit}")
        })
        .collect())
}
