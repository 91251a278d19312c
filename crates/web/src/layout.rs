//! What the page template needs on every page: title, service name, who is signed in, the
//! CSRF token for forms (the sign-out button is one) and the asset URLs.

use crate::AppState;
use crate::assets;
use crate::context::Ctx;
use crate::error::WebError;
use axum::response::Html;
use opcc_domain::accounts::Audience;
use opcc_store::accounts::User;

pub struct Layout {
    pub title: String,
    pub service_name: String,
    pub demo: bool,
    pub user: Option<User>,
    pub csrf: String,
    /// The area whose navigation item is current ("" for none).
    pub nav: &'static str,
    pub request_id: String,
}

impl Layout {
    pub fn new(state: &AppState, ctx: &Ctx, title: impl Into<String>, nav: &'static str) -> Layout {
        Layout {
            title: title.into(),
            service_name: state.service_name.to_string(),
            demo: state.demo,
            user: ctx.user().cloned(),
            csrf: ctx.csrf.clone(),
            nav,
            request_id: ctx.request_id.clone(),
        }
    }

    pub fn for_error(state: &AppState, ctx: Option<&Ctx>, title: &str, request_id: &str) -> Layout {
        Layout {
            title: title.to_string(),
            service_name: state.service_name.to_string(),
            demo: state.demo,
            user: ctx.and_then(|c| c.user().cloned()),
            csrf: ctx.map(|c| c.csrf.clone()).unwrap_or_default(),
            nav: "",
            request_id: request_id.to_string(),
        }
    }

    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    pub fn is(&self, area: &str) -> bool {
        self.nav == area
    }

    /// The navigation items this page's user may follow.
    pub fn nav_items(&self) -> Vec<&'static crate::area::NavItem> {
        let who = match &self.user {
            Some(u) => Audience::User(u.role),
            None => Audience::Public,
        };
        crate::areas::nav_items()
            .iter()
            .filter(|i| i.shown_to(who))
            .collect()
    }
}

pub fn render(t: &impl askama::Template) -> Result<Html<String>, WebError> {
    Ok(Html(t.render()?))
}
