//! The first layer every request meets: it gives the request an id and a tracing span, finds
//! the session from the cookie, settles the CSRF token, and renders error pages on the way out.

use crate::AppState;
use crate::error::{ErrorPage, WebError};
use crate::layout::Layout;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use opcc_domain::accounts::Audience;
use opcc_store::accounts::User;
use opcc_store::sessions::{self, Session};
use std::net::SocketAddr;
use tracing::Instrument;

/// What every handler may know about the request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub request_id: String,
    pub session: Option<Session>,
    /// The token forms must send back: the session's, or for the public the cookie's.
    pub csrf: String,
    new_csrf_cookie: bool,
    pub client_ip: String,
    pub path: String,
}

impl Ctx {
    pub fn audience(&self) -> Audience {
        match &self.session {
            Some(s) => Audience::User(s.user.role),
            None => Audience::Public,
        }
    }

    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().map(|s| &s.user)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| WebError::Internal("context layer missing".into()))
    }
}

pub fn cookie_name(state: &AppState, base: &str) -> String {
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only
    // and for the whole site, so a sibling subdomain cannot plant one.
    if state.config.secure_cookies {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A Set-Cookie value; `max_age` none makes a browser-session cookie.
pub fn set_cookie(state: &AppState, base: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let mut c = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict",
        cookie_name(state, base)
    );
    if state.config.secure_cookies {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).expect("cookie values are URL-safe base64")
}

pub const SESSION_COOKIE: &str = "opcc_session";
pub const CSRF_COOKIE: &str = "opcc_csrf";

fn new_request_id() -> String {
    use rand::RngCore;
    let mut b = [0_u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = new_request_id();
    let span = tracing::info_span!(
        "request",
        id = %request_id,
        method = %req.method(),
        path = %req.uri().path(),
    );
    async move {
        let started = std::time::Instant::now();
        let client_ip = client_ip(&state, &req);
        let session = match read_cookie(req.headers(), &cookie_name(&state, SESSION_COOKIE)) {
            Some(token) => match sessions::find(&state.db, &token).await {
                Ok(s) => s,
                Err(e) => {
                    let res = WebError::from(e).into_response();
                    return finish(&state, None, &request_id, res);
                }
            },
            None => None,
        };
        let (csrf, new_csrf_cookie) = match &session {
            Some(s) => (s.csrf_token.clone(), false),
            None => match read_cookie(req.headers(), &cookie_name(&state, CSRF_COOKIE))
                .filter(|t| t.len() >= 32)
            {
                Some(t) => (t, false),
                None => (sessions::random_token(), true),
            },
        };
        let ctx = Ctx {
            request_id: request_id.clone(),
            session,
            csrf,
            new_csrf_cookie,
            client_ip,
            path: req.uri().path().to_string(),
        };
        req.extensions_mut().insert(ctx.clone());
        let res = next.run(req).await;
        if res
            .extensions()
            .get::<crate::error::StorageFull>()
            .is_some()
        {
            state.db.write_health.mark_full();
        }
        tracing::info!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "served"
        );
        let res = adopt_rejection(res).await;
        finish(&state, Some(&ctx), &request_id, res)
    }
    .instrument(span)
    .await
}

/// axum's extractors refuse what they cannot read (a repeated query parameter, a body of the
/// wrong type) with a plain-text response of their own; it becomes one of ours, so the API
/// answers in JSON and pages in the service's style, as for every other error.
async fn adopt_rejection(res: Response) -> Response {
    let status = res.status();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if !(status.is_client_error() || status.is_server_error())
        || !plain
        || res.extensions().get::<ErrorPage>().is_some()
    {
        return res;
    }
    let body = axum::body::to_bytes(res.into_body(), 16 << 10)
        .await
        .unwrap_or_default();
    let mut out = status.into_response();
    out.extensions_mut().insert(ErrorPage {
        status,
        message: String::from_utf8_lossy(&body).trim().to_string(),
    });
    out
}

/// The socket's peer, or the address a configured trusted proxy passes on.
fn client_ip(state: &AppState, req: &Request) -> String {
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    opcc_domain::security::client_ip::client_ip(state.config.trusted_proxy.as_ref(), peer, |h| {
        // A repeated header is read as one list, as RFC 9110 joins them.
        let values: Vec<&str> = req
            .headers()
            .get_all(h)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    })
    .to_string()
}

fn finish(state: &AppState, ctx: Option<&Ctx>, request_id: &str, mut res: Response) -> Response {
    if let Some(page) = res.extensions_mut().remove::<ErrorPage>() {
        res = render_error(state, ctx, request_id, page);
    }
    let headers = res.headers_mut();
    headers.insert(
        "x-request-id",
        HeaderValue::from_str(request_id).expect("hex"),
    );
    if let Some(ctx) = ctx {
        let is_html = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        // The public's CSRF cookie is set with the first page that may hold a form; a kept
        // page holds none, and stays the same for everyone.
        let kept = res
            .extensions()
            .get::<crate::page_cache::KeptPage>()
            .is_some();
        let headers = res.headers_mut();
        if ctx.new_csrf_cookie && is_html && !kept && !headers.contains_key(header::SET_COOKIE) {
            headers.append(
                header::SET_COOKIE,
                set_cookie(state, CSRF_COOKIE, &ctx.csrf, None),
            );
        }
    }
    res
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    l: Layout,
    status: u16,
    heading: &'static str,
    message: String,
    sign_in: bool,
}

fn render_error(
    state: &AppState,
    ctx: Option<&Ctx>,
    request_id: &str,
    page: ErrorPage,
) -> Response {
    use askama::Template;
    let path = ctx.map(|c| c.path.as_str()).unwrap_or("/");
    if path.starts_with("/api/") || path == "/healthz" {
        let body = serde_json::json!({
            "error": page.message,
            "status": page.status.as_u16(),
            "request_id": request_id,
        });
        return (page.status, axum::Json(body)).into_response();
    }
    let heading = match page.status.as_u16() {
        401 => "Sign in to continue",
        403 => "You cannot see this page",
        404 => "Page not found",
        429 => "Too many requests",
        503 => "Sorry, the service cannot save changes right now",
        500..=599 => "Sorry, there is a problem with the service",
        _ => "There is a problem",
    };
    let l = Layout::for_error(state, ctx, heading, request_id);
    let t = ErrorTemplate {
        l,
        status: page.status.as_u16(),
        heading,
        message: page.message.clone(),
        sign_in: page.status.as_u16() == 401,
    };
    match t.render() {
        Ok(html) => (page.status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (page.status, page.message).into_response()
        }
    }
}
