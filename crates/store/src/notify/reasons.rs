//! The scans that make notices, one per reason. An area adds a reason by adding a variant to
//! `opcc_domain::notify::Reason`, a scan here, and a line in [`scan`]. A scan may run as often
//! as it likes: each notice has a key, and a key is told once.

use crate::{Db, Result};
use opcc_domain::notify::{Notice, Reason, update_due};
use opcc_domain::plans::PlanStatus;
use sqlx::Row;
use time::OffsetDateTime;

/// Panel events older than this when first scanned are not told (a new installation, or the
/// service stopped for a while, does not send a flood about the past).
const RECENT_DAYS: i64 = 14;

/// Every reason's notices as of `now`.
pub async fn scan(db: &Db, now: OffsetDateTime) -> Result<Vec<Notice>> {
    let mut out = measure_updates_due(db, now.date()).await?;
    out.extend(panel_questions_asked(db, now).await?);
    out.extend(panel_responses_published(db, now).await?);
    out.extend(actions_overdue(db, now.date()).await?);
    out.extend(volunteer_checks_expiring(db, now.date()).await?);
    Ok(out)
}

/// The office, when an open action from a meeting passes its due date. Actions that fell due
/// more than [`RECENT_DAYS`] ago when first scanned are shown on the pages, not e-mailed. The
/// message names the body and the date, not what the action is.
pub async fn actions_overdue(db: &Db, today: time::Date) -> Result<Vec<Notice>> {
    let iso = |d: time::Date| crate::finance::iso(d);
    let rows = sqlx::query(
        "SELECT a.id, a.due_on, a.meeting_id, b.name FROM gov_actions a \
         JOIN gov_meetings m ON m.id = a.meeting_id JOIN gov_bodies b ON b.id = m.body_id \
         WHERE a.status = 'open' AND a.due_on < $1 AND a.due_on >= $2 ORDER BY a.id",
    )
    .bind(iso(today))
    .bind(iso(today - time::Duration::days(RECENT_DAYS)))
    .fetch_all(&db.pool)
    .await?;
    let staff = office_staff(db).await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let due: String = r.try_get("due_on")?;
        let meeting: i64 = r.try_get("meeting_id")?;
        let body: String = r.try_get("name")?;
        let due_words =
            time::Date::parse(&due, &time::format_description::well_known::Iso8601::DATE)
                .map(opcc_domain::plans::file::long_date)
                .unwrap_or_else(|_| due.clone());
        for user in &staff {
            out.push(Notice {
                user_id: *user,
                reason: Reason::ActionOverdue,
                dedupe_key: format!("{}:{id}:{due}:{user}", Reason::ActionOverdue.key()),
                summary: format!("An action from a meeting of the {body} was due on {due_words}"),
                link: format!("/governance/meetings/{meeting}"),
            });
        }
    }
    Ok(out)
}

/// A measure's owner, when the plan in force has no value for its last complete period.
pub async fn measure_updates_due(db: &Db, today: time::Date) -> Result<Vec<Notice>> {
    let mut out = Vec::new();
    for summary in crate::plans::list(db).await? {
        if !matches!(
            summary.status,
            PlanStatus::Published | PlanStatus::Refreshed
        ) {
            continue;
        }
        let Some(plan) = crate::plans::load(db, &summary.slug).await? else {
            continue;
        };
        for (_, item) in plan.all_items() {
            for m in item.measures.iter().filter(|m| !m.provisional) {
                let settings = crate::performance::settings(db, &plan.slug, &m.key).await?;
                let Some(owner) = settings.owner_id else {
                    continue;
                };
                let kind = match m.frequency {
                    Some(opcc_domain::plans::Frequency::Quarterly) => {
                        opcc_domain::periods::PeriodKind::Quarter
                    }
                    Some(opcc_domain::plans::Frequency::Annual) => {
                        opcc_domain::periods::PeriodKind::Year
                    }
                    _ => opcc_domain::periods::PeriodKind::Month,
                };
                let series =
                    crate::performance::series(db, &plan.slug, &m.key, &plan.force_area, kind)
                        .await?;
                let latest = series.last().map(|v| v.period);
                if let Some(due) =
                    update_due(kind, latest, plan.term_start.0, plan.term_end.0, today)
                {
                    out.push(Notice {
                        user_id: owner,
                        reason: Reason::MeasureUpdateDue,
                        dedupe_key: format!(
                            "{}:{}:{}:{due}:{owner}",
                            Reason::MeasureUpdateDue.key(),
                            plan.slug,
                            m.key
                        ),
                        summary: format!(
                            "The measure \"{}\" of {} has no value for {} yet",
                            m.title,
                            plan.title,
                            due.label()
                        ),
                        link: format!("/admin/performance/{}/measures/{}", plan.slug, m.key),
                    });
                }
            }
        }
    }
    Ok(out)
}

async fn office_staff(db: &Db) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE role IN ('admin', 'staff') AND active = 1 ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?)
}

fn since(now: OffsetDateTime) -> String {
    crate::clock::format(now - time::Duration::days(RECENT_DAYS))
}

/// The office, when a Panel member asks a question or makes a recommendation it has not yet
/// answered. The message names the plan, never the question's words.
pub async fn panel_questions_asked(db: &Db, now: OffsetDateTime) -> Result<Vec<Notice>> {
    let rows = sqlx::query(
        "SELECT q.id, q.kind, p.slug, p.title FROM panel_questions q JOIN plans p \
         ON p.id = q.plan_id WHERE q.author_id IS NOT NULL AND q.withdrawn_at IS NULL \
         AND q.response IS NULL AND q.created_at >= $1 ORDER BY q.id",
    )
    .bind(since(now))
    .fetch_all(&db.pool)
    .await?;
    let staff = office_staff(db).await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let kind: String = r.try_get("kind")?;
        let slug: String = r.try_get("slug")?;
        let title: String = r.try_get("title")?;
        let what = if kind == "recommendation" {
            "made a recommendation"
        } else {
            "asked a question"
        };
        for user in &staff {
            out.push(Notice {
                user_id: *user,
                reason: Reason::PanelQuestionAsked,
                dedupe_key: format!("{}:{id}:{user}", Reason::PanelQuestionAsked.key()),
                summary: format!("A Panel member {what} on {title}"),
                link: format!("/admin/plans/{slug}/panel/{id}"),
            });
        }
    }
    Ok(out)
}

/// The Panel member who asked, when the office publishes its response.
pub async fn panel_responses_published(db: &Db, now: OffsetDateTime) -> Result<Vec<Notice>> {
    let rows = sqlx::query(
        "SELECT q.id, q.author_id, p.slug, p.title FROM panel_questions q JOIN plans p \
         ON p.id = q.plan_id WHERE q.author_id IS NOT NULL AND q.published_at IS NOT NULL \
         AND q.published_at >= $1 ORDER BY q.id",
    )
    .bind(since(now))
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let author: i64 = r.try_get("author_id")?;
        let slug: String = r.try_get("slug")?;
        let title: String = r.try_get("title")?;
        out.push(Notice {
            user_id: author,
            reason: Reason::PanelResponsePublished,
            dedupe_key: format!("{}:{id}", Reason::PanelResponsePublished.key()),
            summary: format!("The office published its response to you on {title}"),
            link: format!("/admin/plans/{slug}/panel/{id}"),
        });
    }
    Ok(out)
}

/// A volunteer (when linked to an account) and the office, when the volunteer's vetting or
/// training runs out within `EXPIRY_WARNING_DAYS`. Told once per expiry date: a renewal to a
/// new date is told afresh when that one nears. The office's message names no one.
pub async fn volunteer_checks_expiring(db: &Db, today: time::Date) -> Result<Vec<Notice>> {
    use opcc_domain::schemes::{EXPIRY_WARNING_DAYS, expires_within, oocr::parse_day};
    type Row = (i64, Option<i64>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, user_id, vetting_expires_on, training_expires_on FROM sch_volunteers \
         WHERE left_on IS NULL ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let staff = office_staff(db).await?;
    let key = Reason::VolunteerCheckExpiring.key();
    let mut out = Vec::new();
    for (id, user, vetting, training) in rows {
        for (what, on) in [("vetting", vetting), ("training", training)] {
            let Some(d) = on.as_deref().and_then(parse_day) else {
                continue;
            };
            if !expires_within(Some(d), today, EXPIRY_WARNING_DAYS) || d < today {
                continue;
            }
            let words = opcc_domain::plans::file::long_date(d);
            if let Some(user) = user {
                out.push(Notice {
                    user_id: user,
                    reason: Reason::VolunteerCheckExpiring,
                    dedupe_key: format!("{key}:{id}:{what}:{d}:{user}"),
                    summary: format!("Your {what} runs out on {words}: please contact the office"),
                    link: "/schemes/reports".into(),
                });
            }
            for s in &staff {
                out.push(Notice {
                    user_id: *s,
                    reason: Reason::VolunteerCheckExpiring,
                    dedupe_key: format!("{key}:{id}:{what}:{d}:{s}"),
                    summary: format!("A volunteer's {what} runs out on {words}"),
                    link: "/admin/schemes".into(),
                });
            }
        }
    }
    Ok(out)
}
