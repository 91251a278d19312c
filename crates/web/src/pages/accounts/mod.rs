//! Accounts: signing in and out, one's own account and password, and administrators managing
//! users.

pub mod account;
pub mod notifications;
pub mod sign_in;
pub mod users;
