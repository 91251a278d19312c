//! Every state-changing request must prove it came from one of our own pages: the browser's
//! Origin (when sent) must be this host, and the request must carry the CSRF token, as the
//! form field `csrf_token` or the header `x-csrf-token`. It wraps each route's own methods
//! (`areas::router`), so a method no route has is answered 405 by the router.

use crate::context::Ctx;
use crate::error::WebError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Forms are small; uploads (multipart) send the token in the query string instead.
const MAX_FORM_BYTES: usize = 1 << 20;

pub async fn layer(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    match check(req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

fn same_origin(req: &Request) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, h)| h);
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Compares in time independent of where the strings first differ.
fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn check(req: Request) -> Result<Request, WebError> {
    if !same_origin(&req) {
        tracing::warn!("cross-origin write refused");
        return Err(WebError::CsrfRejected);
    }
    let expected = req
        .extensions()
        .get::<Ctx>()
        .map(|c| c.csrf.clone())
        .ok_or_else(|| WebError::Internal("context layer missing".into()))?;
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(t) = header_token {
        return if tokens_match(&t, &expected) {
            Ok(req)
        } else {
            Err(WebError::CsrfRejected)
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    // A file upload's body is too big to buffer here, and a browser's form cannot add a
    // header, so its form puts the token in the action's query string.
    if content_type.starts_with(b"multipart/form-data") {
        let sent = req
            .uri()
            .query()
            .and_then(|q| form_urlencoded_value(q.as_bytes(), "csrf_token"));
        return if sent.is_some_and(|t| tokens_match(&t, &expected)) {
            Ok(req)
        } else {
            Err(WebError::CsrfRejected)
        };
    }
    if !content_type.starts_with(b"application/x-www-form-urlencoded") {
        return Err(WebError::CsrfRejected);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError::TooLarge("The form must be smaller than 1 MB".into()))?;
    let sent = form_urlencoded_value(&bytes, "csrf_token");
    if !sent.is_some_and(|t| tokens_match(&t, &expected)) {
        return Err(WebError::CsrfRejected);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_among_other_fields() {
        let body = b"email=a%40b.org&csrf_token=abc-_123&password=x+y";
        assert_eq!(
            form_urlencoded_value(body, "csrf_token").as_deref(),
            Some("abc-_123")
        );
        assert_eq!(
            form_urlencoded_value(body, "email").as_deref(),
            Some("a@b.org")
        );
        assert_eq!(
            form_urlencoded_value(body, "password").as_deref(),
            Some("x y")
        );
    }

    #[test]
    fn tokens_must_match_exactly() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", "a"));
    }
}
