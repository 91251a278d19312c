//! Text a request brings (its path, query and form fields) may not hold a NUL character:
//! PostgreSQL's text cannot store one, and no form or address has a use for it. Checked once
//! here for every route, so each handler can take its fields as they come.

use crate::error::WebError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Forms are small (the CSRF check caps them at the same); uploads are multipart, not read here.
const MAX_FORM_BYTES: usize = 1 << 20;

pub async fn layer(req: Request, next: Next) -> Response {
    match check(req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

fn refuse(field: &str) -> WebError {
    WebError::BadRequest(format!(
        "The {field} contains a NUL character (byte 0), which is not allowed: remove it and try again"
    ))
}

/// The first field (by name) whose name or value holds a NUL, in a query string or a form
/// body. A NUL can only be sent percent-encoded, as `%00`.
pub fn nul_field(pairs: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(pairs)
        .ok()?
        .into_iter()
        .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        .map(|(k, _)| k.replace('\0', "\u{fffd}"))
}

async fn check(req: Request) -> Result<Request, WebError> {
    if req.uri().path().contains("%00") {
        return Err(WebError::BadRequest(
            "The address contains a NUL character (byte 0), which is not allowed".into(),
        ));
    }
    if let Some(field) = req.uri().query().and_then(|q| nul_field(q.as_bytes())) {
        return Err(refuse(&format!("query field \"{field}\"")));
    }
    let is_form = req.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes()
            .starts_with(b"application/x-www-form-urlencoded")
    });
    if !is_form {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError::TooLarge("The form must be smaller than 1 MB".into()))?;
    if let Some(field) = nul_field(&bytes) {
        return Err(refuse(&format!("field \"{field}\"")));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_in_any_field_however_encoded() {
        assert_eq!(nul_field(b"a=1&title=x%00y").as_deref(), Some("title"));
        assert_eq!(nul_field(b"a=1&t%00=y").as_deref(), Some("t\u{fffd}"));
        assert_eq!(nul_field(b"a=1&b=%2500&c=+%"), None);
        assert_eq!(nul_field(b"a=%0"), None);
        assert_eq!(nul_field(b"%00"), Some("\u{fffd}".into()));
    }
}
