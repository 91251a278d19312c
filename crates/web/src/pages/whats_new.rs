//! Where a Panel member lands after signing in: what is new since they last signed in. Plan
//! status changes, commitment status reports and published scrutiny packs (for everyone on
//! the page), and responses to their own questions and recommendations.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pages::plans::panel::{QuestionView, Reader, view};
use crate::policy::PanelOrOffice;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use opcc_domain::periods::Period;
use opcc_domain::plans::file::{Day, PlanFile};
use std::collections::HashMap;

/// A user who never signed in before is shown the last four weeks.
const FIRST_VISIT_DAYS: i64 = 28;

/// One change, as the page lists it.
pub struct Line {
    pub date: String,
    pub plan: String,
    pub href: String,
    pub link: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "whats_new.html")]
struct Page {
    l: Layout,
    since: String,
    first_visit: bool,
    /// Plan slug and title, and the question.
    responses: Vec<(String, String, QuestionView)>,
    plans: Vec<Line>,
    commitments: Vec<Line>,
    packs: Vec<Line>,
}

impl Page {
    fn nothing(&self) -> bool {
        self.responses.is_empty()
            && self.plans.is_empty()
            && self.commitments.is_empty()
            && self.packs.is_empty()
    }

    /// The kinds of change that have any, with their headings.
    fn sections(&self) -> Vec<(&'static str, &[Line])> {
        [
            ("Plan status changes", &self.plans),
            ("Commitment status reports", &self.commitments),
            ("Published scrutiny packs", &self.packs),
        ]
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(h, lines)| (h, lines.as_slice()))
        .collect()
    }
}

/// "1 April 2024" from a stored timestamp.
fn day_of(stamp: &str) -> String {
    Day::parse(stamp.get(..10).unwrap_or(stamp))
        .map(|d| d.long())
        .unwrap_or_else(|_| stamp.to_string())
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_string()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: PanelOrOffice,
) -> Result<Html<String>, WebError> {
    let me = who.user().id;
    let previous = opcc_store::whats_new::previous_sign_in(&state.db, me).await?;
    let first_visit = previous.is_none();
    let since = previous.unwrap_or_else(|| {
        let t = time::OffsetDateTime::now_utc() - time::Duration::days(FIRST_VISIT_DAYS);
        format!("{}T00:00:00.000000Z", Day(t.date()))
    });
    let mut plans_by_slug: HashMap<String, PlanFile> = HashMap::new();
    for p in opcc_store::plans::list(&state.db).await? {
        if let Some(plan) = opcc_store::plans::load(&state.db, &p.slug).await? {
            plans_by_slug.insert(p.slug, plan);
        }
    }
    let title = |slug: &str| {
        plans_by_slug
            .get(slug)
            .map_or_else(|| slug.to_string(), |p| p.title.clone())
    };
    let mut page = Page {
        l: Layout::new(
            &state,
            &ctx,
            "What is new since you last signed in",
            "admin",
        ),
        since: day_of(&since),
        first_visit,
        responses: Vec::new(),
        plans: Vec::new(),
        commitments: Vec::new(),
        packs: Vec::new(),
    };
    for (slug, q) in opcc_store::plans::responses_since(&state.db, me, &since).await? {
        if let Some(plan) = plans_by_slug.get(&slug) {
            let title = plan.title.clone();
            page.responses
                .push((slug, title, view(plan, q, Reader::Staff)));
        }
    }
    for n in opcc_store::whats_new::since(&state.db, &since).await? {
        match n.action.as_str() {
            "plan.transition" => {
                let status = text(&n.after, "status")
                    .parse::<opcc_domain::plans::PlanStatus>()
                    .map(|s| s.label().to_string())
                    .unwrap_or_default();
                page.plans.push(Line {
                    date: day_of(&n.at),
                    plan: format!("Now {}", status.to_lowercase()),
                    href: format!("/admin/plans/{}#lifecycle", n.entity_id),
                    link: title(&n.entity_id),
                    detail: text(&n.after, "note"),
                });
            }
            "plan.commitment_status" => {
                let Some((slug, key)) = n.entity_id.split_once('/') else {
                    continue;
                };
                let commitment = plans_by_slug
                    .get(slug)
                    .and_then(|p| {
                        crate::pages::plans::commitment_paths(p)
                            .into_iter()
                            .find(|(_, c)| c.key == key)
                            .map(|(_, c)| c.text.clone())
                    })
                    .unwrap_or_else(|| key.to_string());
                let status = text(&n.after, "status")
                    .parse::<opcc_domain::plans::CommitmentStatus>()
                    .map(|s| s.label().to_string())
                    .unwrap_or_default();
                page.commitments.push(Line {
                    date: day_of(&n.at),
                    plan: title(slug),
                    href: format!("/admin/plans/{slug}/commitments/{key}"),
                    link: commitment,
                    detail: status,
                });
            }
            "measure.quarter_publish" => {
                let Ok(q) = Period::parse(&text(&n.after, "quarter")) else {
                    continue;
                };
                page.packs.push(Line {
                    date: day_of(&n.at),
                    plan: title(&n.entity_id),
                    href: format!(
                        "/performance/{}/packs/{}",
                        n.entity_id,
                        crate::pages::performance::quarter_slug(&q)
                    ),
                    link: format!("Scrutiny pack for {}", q.label()),
                    detail: String::new(),
                });
            }
            _ => {}
        }
    }
    render(&page)
}
