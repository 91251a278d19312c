//! Who may use each route, declared beside the route itself (see `routes.rs`) and enforced
//! here, before any handler runs.

use crate::context::Ctx;
use crate::error::WebError;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::accounts::{Audience, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, whatever their role.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

pub const ADMIN: Access = Access::Roles(&[Role::Admin]);
pub const OFFICE: Access = Access::Roles(&[Role::Admin, Role::Staff]);
/// The office and the Police and Crime Panel, who scrutinise its work.
pub const OFFICE_AND_PANEL: Access = Access::Roles(&[Role::Admin, Role::Staff, Role::Panel]);

impl Access {
    pub fn allows(self, who: Audience) -> bool {
        match (self, who) {
            (Access::Public, _) => true,
            (_, Audience::Public) => false,
            (Access::SignedIn, Audience::User(_)) => true,
            (Access::Roles(roles), Audience::User(r)) => roles.contains(&r),
        }
    }

    /// For the route table in the docs: "admin, staff".
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::SignedIn => "any signed-in user".into(),
            Access::Roles(roles) => roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

pub async fn enforce(access: Access, req: Request, next: Next) -> Result<Response, WebError> {
    let ctx = req
        .extensions()
        .get::<Ctx>()
        .expect("the context layer runs before every route");
    let who = ctx.audience();
    // A user whose role needs a second factor they have not set up may do nothing else first.
    if ctx.session.as_ref().is_some_and(|s| s.must_enrol)
        && !open_before_enrolment(req.uri().path())
    {
        return Ok(Redirect::to(crate::pages::auth::ENROL_PATH).into_response());
    }
    if access.allows(who) {
        return Ok(next.run(req).await);
    }
    Err(match who {
        Audience::Public => WebError::SignInRequired,
        Audience::User(_) => WebError::Forbidden,
    })
}

/// Enrolling, signing out, and what those pages need.
fn open_before_enrolment(path: &str) -> bool {
    matches!(
        path,
        crate::pages::auth::ENROL_PATH | "/logout" | "/signed-out"
    ) || path.starts_with("/assets/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_checked_exactly() {
        assert!(ADMIN.allows(Audience::User(Role::Admin)));
        assert!(!ADMIN.allows(Audience::User(Role::Staff)));
        assert!(!ADMIN.allows(Audience::Public));
        assert!(Access::SignedIn.allows(Audience::User(Role::Volunteer)));
        assert!(!Access::SignedIn.allows(Audience::Public));
        assert!(Access::Public.allows(Audience::Public));
    }
}
