//! Rules that keep accounts and the record safe: where a sign-in may lead, which passwords are
//! refused, one-time codes, client addresses behind a proxy, throttling, and signed checkpoints
//! of the audit chain.

pub mod checkpoint;
pub mod client_ip;
pub mod common_passwords;
pub mod safe_next;
pub mod throttle;
pub mod totp;
