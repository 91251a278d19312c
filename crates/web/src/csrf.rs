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

/// Forms are small; uploads (multipart) send the token as their first field, read on its own.
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
    // A file upload's body is too big to buffer here. Its form sends the token as its first
    // field, read from the first few kilobytes of the body, which then goes on whole; a
    // script may send the header instead. Never the query string: a token in an address is
    // left in the address bar, in history and in logs.
    if content_type.starts_with(b"multipart/form-data") {
        let boundary = String::from_utf8_lossy(&content_type)
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"').to_string())
            .next()
            .ok_or(WebError::CsrfRejected)?;
        return first_field_token(req, &boundary, &expected).await;
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

/// How much of an upload is read for its token: the first field and its headers.
const MAX_TOKEN_PREFIX: usize = 8 << 10;

async fn first_field_token(
    req: Request,
    boundary: &str,
    expected: &str,
) -> Result<Request, WebError> {
    use futures_util::StreamExt;
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut prefix = Vec::new();
    while prefix.len() < MAX_TOKEN_PREFIX && multipart_first_value(&prefix, boundary).is_none() {
        match stream.next().await {
            Some(Ok(chunk)) => prefix.extend_from_slice(&chunk),
            Some(Err(_)) | None => break,
        }
    }
    let sent = multipart_first_value(&prefix, boundary)
        .filter(|(name, _)| name == "csrf_token")
        .map(|(_, v)| v);
    if !sent.is_some_and(|t| tokens_match(&t, expected)) {
        return Err(WebError::CsrfRejected);
    }
    let head =
        futures_util::stream::once(
            async move { Ok::<_, axum::Error>(axum::body::Bytes::from(prefix)) },
        );
    Ok(Request::from_parts(
        parts,
        Body::from_stream(head.chain(stream)),
    ))
}

/// The name and value of a multipart body's first field, once the prefix holds all of it.
fn multipart_first_value(prefix: &[u8], boundary: &str) -> Option<(String, String)> {
    let text = std::str::from_utf8(prefix.get(..prefix.len().min(MAX_TOKEN_PREFIX))?)
        .ok()
        .or_else(|| {
            // The prefix may end inside a multibyte character of a later part.
            let valid = std::str::from_utf8(prefix).err()?.valid_up_to();
            std::str::from_utf8(&prefix[..valid]).ok()
        })?;
    let delimiter = format!("--{boundary}");
    let start = text.find(&delimiter)? + delimiter.len();
    let rest = text[start..].strip_prefix("\r\n")?;
    let (headers, body) = rest.split_once("\r\n\r\n")?;
    let name = headers
        .split("\r\n")
        .find(|h| h.to_ascii_lowercase().starts_with("content-disposition:"))?
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("name="))
        .map(|n| n.trim_matches('"').to_string())
        .next()?;
    let end = body.find(&format!("\r\n{delimiter}"))?;
    Some((name, body[..end].to_string()))
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
    fn an_uploads_token_is_its_first_field() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc-_123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.csv\"\r\n\r\nmeasure,period\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_first_value(body.as_bytes(), "XyZ"),
            Some(("csrf_token".into(), "abc-_123".into()))
        );
        // Cut short before the field ends: not yet known.
        assert_eq!(multipart_first_value(&body.as_bytes()[..60], "XyZ"), None);
        let file_first = body.replacen("csrf_token", "file", 1);
        assert_eq!(
            multipart_first_value(file_first.as_bytes(), "XyZ").map(|(n, _)| n),
            Some("file".into())
        );
    }

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
