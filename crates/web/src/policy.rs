//! Who may use what, in one place. Each route declares its [`Access`] in its area's route
//! list and is refused before any handler runs; handlers then take a capability
//! ([`Admin`], [`Office`], [`PanelOrOffice`], [`SignedIn`]) that proves the same again and
//! gives them the actor for the audit log. Role sets and object-level rules live in
//! `opcc_domain::policy`; nothing else in this crate names a role set.

use crate::context::Ctx;
use crate::error::WebError;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::accounts::{Audience, Role};
use opcc_domain::policy;
use opcc_store::accounts::User;
use opcc_store::audit::Actor;
use opcc_store::sessions::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, whatever their role.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

pub const ADMIN: Access = Access::Roles(policy::ADMIN);
pub const OFFICE: Access = Access::Roles(policy::OFFICE);
/// Members of the Police and Crime Panel, who ask questions and make recommendations.
pub const PANEL: Access = Access::Roles(policy::PANEL);
/// The office and the Police and Crime Panel, who scrutinise its work.
pub const OFFICE_AND_PANEL: Access = Access::Roles(policy::OFFICE_AND_PANEL);
/// The office and the volunteers of its scrutiny schemes.
pub const OFFICE_AND_VOLUNTEERS: Access = Access::Roles(policy::OFFICE_AND_VOLUNTEERS);

impl Access {
    pub fn allows(self, who: Audience) -> bool {
        match (self, who) {
            (Access::Public, _) => true,
            (_, Audience::Public) => false,
            (Access::SignedIn, Audience::User(_)) => true,
            (Access::Roles(roles), who) => policy::in_roles(who, roles),
        }
    }

    /// Who may use a route, in words, for the API document: "admin, staff".
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

/// Whether the request's user is in the office (for showing the office's buttons).
pub fn is_office(ctx: &Ctx) -> bool {
    policy::in_roles(ctx.audience(), policy::OFFICE)
}

/// Whether the request's user is in the office or on the Panel.
pub fn is_office_or_panel(ctx: &Ctx) -> bool {
    policy::in_roles(ctx.audience(), policy::OFFICE_AND_PANEL)
}

/// Whether the request's user is a member of the Panel (for showing the Panel's buttons).
pub fn is_panel(ctx: &Ctx) -> bool {
    policy::in_roles(ctx.audience(), policy::PANEL)
}

/// The request's user as object-level rules see them.
pub fn person(user: &User) -> policy::Person {
    policy::Person {
        user_id: user.id,
        role: user.role,
        organisation: None,
        complaints_team: false,
    }
}

/// Whether this user may be given office work to own (a measure, a commitment).
pub fn may_own_office_work(user: &User) -> bool {
    user.active && policy::OFFICE.contains(&user.role)
}

/// Where a Panel member lands after signing in: what is new since their last visit.
pub const WHATS_NEW: &str = "/admin/whats-new";

/// Where a user lands after signing in when no page asked for it: the office at its index,
/// the Panel at what is new since they last signed in, everyone else at their account.
pub fn landing(role: Role) -> &'static str {
    if policy::OFFICE.contains(&role) {
        "/admin"
    } else if policy::PANEL.contains(&role) {
        WHATS_NEW
    } else {
        "/account"
    }
}

/// Draft plans are seen only by the office and the Panel.
pub fn can_see_plan(ctx: &Ctx, status: opcc_domain::plans::PlanStatus) -> bool {
    policy::can_see_plan(ctx.audience(), status)
}

/// A capability: proof, taken from the request, that its user has the access named.
macro_rules! capability {
    ($(#[$doc:meta])* $name:ident, $access:expr) => {
        $(#[$doc])*
        pub struct $name(pub Session);

        impl $name {
            pub const ACCESS: Access = $access;

            pub fn user(&self) -> &User {
                &self.0.user
            }

            /// The user as the audit log names them.
            pub fn actor(&self) -> Actor {
                Actor::from(&self.0.user)
            }
        }

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = WebError;
            async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, WebError> {
                let ctx = Ctx::from_request_parts(parts, s).await?;
                let who = ctx.audience();
                match ctx.session {
                    Some(session) if Self::ACCESS.allows(who) => Ok($name(session)),
                    Some(_) => Err(WebError::Forbidden),
                    None => Err(WebError::SignInRequired),
                }
            }
        }
    };
}

capability!(
    /// Any signed-in user.
    SignedIn,
    Access::SignedIn
);
capability!(
    /// An administrator.
    Admin,
    ADMIN
);
capability!(
    /// A member of the office: administrator or staff.
    Office,
    OFFICE
);
capability!(
    /// A member of the Police and Crime Panel.
    PanelMember,
    PANEL
);
capability!(
    /// A member of the office or of the Police and Crime Panel.
    PanelOrOffice,
    OFFICE_AND_PANEL
);
capability!(
    /// A member of the office or a volunteer of its scrutiny schemes.
    OfficeOrVolunteer,
    OFFICE_AND_VOLUNTEERS
);

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
        return Ok(Redirect::to(crate::pages::accounts::sign_in::ENROL_PATH).into_response());
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
        crate::pages::accounts::sign_in::ENROL_PATH | "/logout" | "/signed-out"
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
