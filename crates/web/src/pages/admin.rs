//! The office's index: a card for each area its user may use.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::PanelOrOffice;
use askama::Template;
use axum::extract::State;
use axum::response::Html;

/// A card as the index shows it.
struct Card {
    href: &'static str,
    title: &'static str,
    text: String,
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct AdminIndex {
    l: Layout,
    cards: Vec<Card>,
}

/// The office's index: the card of every area this user may use.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: PanelOrOffice,
) -> Result<Html<String>, WebError> {
    let mut cards = Vec::new();
    for card in crate::areas::admin_cards() {
        if !card.access.allows(ctx.audience()) {
            continue;
        }
        let text = match &card.count {
            Some(c) => {
                let n = (c.count)(&state.db).await?;
                let noun = if n == 1 { c.one } else { c.many };
                format!("{n} {noun}. {}", card.text)
            }
            None => card.text.to_string(),
        };
        cards.push(Card {
            href: card.href,
            title: card.title,
            text,
        });
    }
    render(&AdminIndex {
        l: Layout::new(&state, &ctx, "Admin", "admin"),
        cards,
    })
}
