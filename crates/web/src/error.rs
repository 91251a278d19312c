//! One error type for every handler. It turns into a bare response carrying an [`ErrorPage`]
//! marker; the context layer then renders the page with the layout (or JSON under `/api/`),
//! because only it knows the user and the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("page not found")]
    NotFound,
    #[error("you do not have permission to see this page")]
    Forbidden,
    #[error("sign in to see this page")]
    SignInRequired,
    #[error("the form could not be checked as yours")]
    CsrfRejected,
    #[error("{0}")]
    BadRequest(String),
    #[error(
        "The service cannot save changes right now. Nothing was changed. Try again later, \
         and tell the office if it goes on."
    )]
    Unavailable,
    /// A body over its limit; the message gives the limit in words.
    #[error("{0}")]
    TooLarge(String),
    /// A client over its allowance; the message says how long to wait.
    #[error("{0}")]
    TooManyRequests(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// Marks a response refused for want of space, so the context layer can tell `/healthz`.
#[derive(Debug, Clone, Copy)]
pub struct StorageFull;

/// What the context layer needs to render an error page.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub message: String,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::CsrfRejected => StatusCode::FORBIDDEN,
            WebError::SignInRequired => StatusCode::UNAUTHORIZED,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            // The detail of an internal error goes to the log, never to the page.
            WebError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                "Sorry, there is a problem with the service".to_string()
            }
            other => other.to_string(),
        };
        let full = matches!(self, WebError::Unavailable);
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorPage { status, message });
        if full {
            res.extensions_mut().insert(StorageFull);
        }
        res
    }
}

/// The one mapping of store errors to answers: what the store could not find is a 404, what
/// it refused as invalid is a 400 with its message, and anything else is a 500 whose detail
/// goes only to the log.
impl From<opcc_store::StoreError> for WebError {
    fn from(e: opcc_store::StoreError) -> Self {
        use opcc_store::StoreError;
        match e {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Invalid(m) => WebError::BadRequest(m),
            StoreError::Full => WebError::Unavailable,
            StoreError::Forbidden(_) => WebError::Forbidden,
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<opcc_store::performance::SaveError> for WebError {
    fn from(e: opcc_store::performance::SaveError) -> Self {
        use opcc_store::performance::SaveError;
        match e {
            SaveError::Store(e) => e.into(),
            locked @ SaveError::Locked(_) => WebError::BadRequest(locked.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}
