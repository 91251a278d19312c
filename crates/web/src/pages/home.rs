//! Pages for everyone, signed in or not.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use opcc_domain::force_area::ForceArea;

#[derive(Template)]
#[template(path = "home/index.html")]
struct Home {
    l: Layout,
    area: Option<ForceArea>,
}

/// Thousands separated by commas, as the seeds write them ("1,119,500").
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

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    let area = opcc_store::force_area::current(&state.db).await?;
    let title = match &area {
        Some(a) => format!("Policing and crime in {}", a.name),
        None => "Police and Crime Commissioner".to_string(),
    };
    render(&Home {
        l: Layout::new(&state, &ctx, title, "home"),
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
