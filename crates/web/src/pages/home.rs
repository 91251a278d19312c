//! Pages for everyone, signed in or not.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use opcc_domain::force_area::ForceArea;

/// The plan in force, as the home page leads with it.
struct InForce {
    slug: String,
    title: String,
    commissioner: String,
    term: String,
    commitments: u32,
    progress: String,
    /// The latest published scrutiny pack: address and label.
    pack: Option<(String, String)>,
}

/// The month's recorded crime in the area, from data.police.uk.
struct CrimeMonth {
    month: String,
    count: i64,
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct Home {
    l: Layout,
    area: Option<ForceArea>,
    in_force: Option<InForce>,
    /// Plans open for comment: slug, title, closing day.
    consultations: Vec<(String, String, String)>,
    crime: Option<CrimeMonth>,
}

async fn plan_in_force(state: &AppState, today: time::Date) -> Result<Option<InForce>, WebError> {
    let Some(area) = opcc_store::force_area::current(&state.db).await? else {
        return Ok(None);
    };
    let current = opcc_store::plans::in_force(&state.db, &area.gss_code, today).await?;
    let Some(summary) = current else {
        return Ok(None);
    };
    let Some(plan) = opcc_store::plans::load(&state.db, &summary.slug).await? else {
        return Ok(None);
    };
    let rollup = crate::pages::plans::plan_rollup(&plan);
    let pack = opcc_store::performance::locked_quarters(&state.db, &plan.slug)
        .await?
        .last()
        .map(|q| (crate::pages::performance::quarter_slug(q), q.label()));
    Ok(Some(InForce {
        term: format!("{} to {}", plan.term_start.long(), plan.term_end.long()),
        commitments: rollup.total(),
        progress: rollup.breakdown(),
        pack,
        slug: plan.slug,
        title: plan.title,
        commissioner: plan.commissioner,
    }))
}

async fn crime_this_month(
    state: &AppState,
    area: &ForceArea,
) -> Result<Option<CrimeMonth>, WebError> {
    let latest = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .filter(|e| e.force == area.slug && e.kind == opcc_domain::crime::Kind::Street)
        .map(|e| e.month)
        .max();
    let Some(month) = latest else {
        return Ok(None);
    };
    let counts =
        opcc_store::crime::series::total_crime(&state.db, &area.slug, month, month).await?;
    Ok(counts
        .first()
        .and_then(|c| c.count)
        .map(|count| CrimeMonth {
            month: month.long(),
            count,
        }))
}

/// Thousands separated by commas, as the published documents write them ("1,119,500").
pub fn thousands(n: &i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if *n < 0 { format!("-{out}") } else { out }
}

/// A local authority's population as the table shows it: 0 is unknown (the office set up
/// from lookups that give no figure for the authority alone).
pub fn la_population(n: &i64) -> String {
    if *n > 0 {
        thousands(n)
    } else {
        "Unknown".into()
    }
}

/// The different sources of the local authorities' populations, each once.
pub fn la_sources(las: &[opcc_domain::force_area::LocalAuthority]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for la in las {
        if !out.contains(&la.population_source.as_str()) {
            out.push(&la.population_source);
        }
    }
    out
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    let area = opcc_store::force_area::current(&state.db).await?;
    let title = match &area {
        Some(a) => format!("Policing and crime in {}", a.name),
        None => "Police and Crime Commissioner".to_string(),
    };
    let today = crate::pages::plans::today();
    let consultations = opcc_store::plans::list(&state.db)
        .await?
        .into_iter()
        .filter(|p| p.status == opcc_domain::plans::PlanStatus::Consultation)
        .filter_map(|p| {
            let closes =
                opcc_domain::plans::file::Day::parse(p.consultation_closes.as_deref()?).ok()?;
            (today <= closes).then(|| (p.slug, p.title, closes.long()))
        })
        .collect();
    let crime = match &area {
        Some(a) => crime_this_month(&state, a).await?,
        None => None,
    };
    render(&Home {
        l: Layout::new(&state, &ctx, title, "home"),
        in_force: plan_in_force(&state, today.0).await?,
        consultations,
        crime,
        area,
    })
}

#[derive(Template)]
#[template(path = "home/accessibility.html")]
struct Accessibility {
    l: Layout,
}

pub async fn accessibility(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Html<String>, WebError> {
    render(&Accessibility {
        l: Layout::new(&state, &ctx, "Accessibility statement", ""),
    })
}

#[derive(Template)]
#[template(path = "home/privacy.html")]
struct Privacy {
    l: Layout,
    rules: Vec<opcc_domain::retention::Rule>,
}

/// The privacy notice, its periods read from the rules the retention commands apply.
pub async fn privacy(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&Privacy {
        l: Layout::new(&state, &ctx, "Privacy notice", ""),
        rules: opcc_domain::retention::rules(),
    })
}

/// A page of plain information for the public: cookies.
macro_rules! info_page {
    ($fn:ident, $ty:ident, $path:literal, $title:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $ty {
            l: Layout,
        }

        pub async fn $fn(
            State(state): State<AppState>,
            ctx: Ctx,
        ) -> Result<Html<String>, WebError> {
            render(&$ty {
                l: Layout::new(&state, &ctx, $title, ""),
            })
        }
    };
}

info_page!(cookies, Cookies, "home/cookies.html", "Cookies");

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(&1_119_500), "1,119,500");
        assert_eq!(super::thousands(&919), "919");
        assert_eq!(super::thousands(&1000), "1,000");
        assert_eq!(super::thousands(&-45_000), "-45,000");
    }
}
