//! Security: the second step of signing in, one's own second factor, an administrator's
//! reset of someone else's and the office's setting, and the audit chain's published
//! checkpoint.

use crate::area::{AdminCard, Area, get, post};
use crate::pages::accounts::sign_in as auth;
use crate::pages::security::{transparency, two_factor};
use crate::policy::{ADMIN, Access::Public, Access::SignedIn};

pub fn area() -> Area {
    Area::new("security")
        .routes(vec![
            get("/login/code", Public, auth::code_form),
            post("/login/code", Public, auth::code),
            get("/account/two-factor", SignedIn, two_factor::show),
            post("/account/two-factor", SignedIn, two_factor::confirm),
            post(
                "/admin/users/{id}/two-factor/reset",
                ADMIN,
                two_factor::reset,
            ),
            get("/admin/settings", ADMIN, two_factor::settings),
            post("/admin/settings", ADMIN, two_factor::save_settings),
            get(
                "/transparency/audit-checkpoint",
                Public,
                transparency::audit_checkpoint,
            ),
            get(
                "/transparency/audit-checkpoint.txt",
                Public,
                transparency::audit_checkpoint_txt,
            ),
        ])
        .card(AdminCard {
            href: "/admin/settings",
            title: "Security settings",
            text: "Whether staff must sign in with a second factor, and the audit log's \
                   published checkpoint.",
            access: ADMIN,
            count: None,
        })
}
