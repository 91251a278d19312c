//! Per-client rate limits for forms anyone may send. A handler takes `RateLimited<P>` as an
//! argument, so declaring it is all a new public form needs:
//!
//! ```ignore
//! pub async fn comment(_: RateLimited<PublicForm>, ...) -> ...
//! ```
//!
//! Buckets live in memory, per process: a restart forgets them, which costs nothing worth
//! keeping, and several instances each allow the rate.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use opcc_domain::security::throttle::{Bucket, Rate, describe_wait};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::Instant;

/// A kind of request with its own allowance.
pub trait Policy: Send + Sync + 'static {
    const NAME: &'static str;
    const RATE: Rate;
}

/// Comments and other public forms: ten at once, then one a minute.
pub struct PublicForm;

impl Policy for PublicForm {
    const NAME: &'static str = "public-form";
    const RATE: Rate = Rate {
        capacity: 10.0,
        per_second: 1.0 / 60.0,
    };
}

/// Buckets beyond this many are pruned of full ones, so a flood from many addresses cannot
/// grow memory without bound.
const PRUNE_AT: usize = 10_000;

pub struct Limiter {
    started: Instant,
    buckets: Mutex<HashMap<(&'static str, String), Bucket>>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter {
            started: Instant::now(),
            buckets: Mutex::new(HashMap::new()),
        }
    }
}

impl Limiter {
    /// Takes one request from the client's allowance, or says how long to wait.
    pub fn check(&self, name: &'static str, rate: Rate, client: &str) -> Result<(), f64> {
        let now = self.started.elapsed().as_secs_f64();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, b| !b.is_idle(rate, now));
        }
        buckets
            .entry((name, client.to_string()))
            .or_insert_with(|| Bucket::full(rate, now))
            .take(rate, now)
    }
}

/// Proof that the request was within its client's allowance under policy `P`.
pub struct RateLimited<P: Policy>(PhantomData<P>);

impl<P: Policy> FromRequestParts<AppState> for RateLimited<P> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        match state.limiter.check(P::NAME, P::RATE, &ctx.client_ip) {
            Ok(()) => Ok(RateLimited(PhantomData)),
            Err(wait) => {
                tracing::warn!(client = %ctx.client_ip, policy = P::NAME, "rate limited");
                Err(WebError::TooManyRequests(format!(
                    "You have sent this form too many times. Wait {} and try again",
                    describe_wait(wait.ceil() as i64)
                )))
            }
        }
    }
}
