//! What the page template needs on every page: title, service name, who is signed in, the
//! CSRF token for forms (the sign-out button is one) and the asset URLs.

use crate::AppState;
use crate::assets;
use crate::context::Ctx;
use crate::error::WebError;
use axum::response::Html;
use opcc_domain::accounts::Role;
use opcc_store::accounts::User;

/// Which item of the service navigation is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Plans,
    Crime,
    Account,
    Admin,
    None,
}

pub struct Layout {
    pub title: String,
    pub service_name: String,
    pub user: Option<User>,
    pub csrf: String,
    pub nav: Nav,
    pub request_id: String,
}

impl Layout {
    pub fn new(state: &AppState, ctx: &Ctx, title: impl Into<String>, nav: Nav) -> Layout {
        Layout {
            title: title.into(),
            service_name: state.service_name.to_string(),
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
            user: ctx.and_then(|c| c.user().cloned()),
            csrf: ctx.map(|c| c.csrf.clone()).unwrap_or_default(),
            nav: Nav::None,
            request_id: request_id.to_string(),
        }
    }

    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    pub fn is(&self, nav: Nav) -> bool {
        self.nav == nav
    }

    /// Staff, administrators and Panel members see the admin area in the navigation.
    pub fn sees_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Admin | Role::Staff | Role::Panel))
    }
}

pub fn render(t: &impl askama::Template) -> Result<Html<String>, WebError> {
    Ok(Html(t.render()?))
}
