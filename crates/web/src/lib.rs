//! The opcc web service: the route table with each route's roles, the layers every request
//! passes through, and the pages and JSON API.

mod api;
pub mod area;
pub mod areas;
mod assets;
mod charts;
mod context;
mod csrf;
pub mod download;
mod error;
mod form;
mod input;
mod layout;
mod page_cache;
mod pages;
pub mod policy;
mod rate_limit;
mod selections;
mod words;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use opcc_store::Db;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

pub use api::openapi_json;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies Secure and give them the `__Host-` prefix. Browsers accept Secure
    /// cookies from http://localhost and http://127.0.0.1, so this stays on locally too.
    pub secure_cookies: bool,
    /// Where the client's address comes from behind a reverse proxy; none: the socket's peer.
    pub trusted_proxy: Option<opcc_domain::security::client_ip::TrustedProxy>,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<WebConfig>,
    pub service_name: Arc<str>,
    /// The demo, not an office set up with `opcc init`: the banner says its figures are
    /// demonstration data.
    pub demo: bool,
    pub(crate) limiter: Arc<rate_limit::Limiter>,
    pub(crate) pages: Arc<page_cache::PageCache>,
    /// Assembly selections running in the background, by assembly.
    pub(crate) selections: Arc<selections::Selections>,
}

impl AppState {
    pub async fn new(db: Db, config: WebConfig) -> Result<AppState, opcc_store::StoreError> {
        let service_name = match opcc_store::force_area::current(&db).await? {
            Some(area) => format!("{} Police and Crime Commissioner", area.name),
            None => "Police and Crime Commissioner".to_string(),
        };
        let demo = !opcc_store::force_area::is_set_up_office(&db).await?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            service_name: service_name.into(),
            demo,
            limiter: Arc::default(),
            pages: Arc::default(),
            selections: Arc::default(),
        })
    }
}

/// Scripts and styles come only from our own origin, and nothing may frame the pages.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

/// A year, the value HSTS preload lists ask for; subdomains are left alone, since the service
/// may share a domain with sites it does not control.
const HSTS: &str = "max-age=31536000";

pub fn app(state: AppState) -> Router {
    let security_headers: [(HeaderName, &'static str); 8] = [
        // Pages may show personal data; assets set their own long-lived caching.
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    let mut router = areas::router()
        .fallback(pages::not_found)
        // Uploads are the largest bodies; the upload refuses a file over its own limit with
        // a 413 page, and forms are capped lower by the CSRF check.
        .layer(axum::extract::DefaultBodyLimit::max(
            pages::performance::MAX_UPLOAD_BODY,
        ))
        .layer(axum::middleware::from_fn(input::layer))
        .layer(CatchPanicLayer::custom(|_| {
            error::WebError::Internal("a handler panicked".into()).into_response()
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::layer,
        ))
        // Kept public pages come compressed already. Other HTML is not compressed: it may
        // carry a CSRF token beside text the request chose, which compression would let an
        // eavesdropper recover byte by byte (BREACH); downloads and the API carry no token.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(DefaultPredicate::new().and(NotForContentType::new("text/html"))),
        );
    // Secure cookies mean the site is served over HTTPS (or on localhost, where browsers
    // ignore HSTS), so browsers may be told never to use plain HTTP for it again.
    if state.config.secure_cookies {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ));
    }
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router.with_state(state)
}
