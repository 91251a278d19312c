//! Accounts in the JSON API: who is signed in.

use crate::policy::SignedIn;
use axum::Json;
use opcc_domain::accounts::Role;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i64,
    email: String,
    display_name: String,
    role: Role,
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "me", tag = "accounts",
    responses(
        (status = 200, description = "Who is signed in", body = Me),
        (status = 401, description = "Not signed in", body = super::ApiError),
    ))]
pub async fn me(SignedIn(s): SignedIn) -> Json<Me> {
    Json(Me {
        id: s.user.id,
        email: s.user.email,
        display_name: s.user.display_name,
        role: s.user.role,
    })
}
