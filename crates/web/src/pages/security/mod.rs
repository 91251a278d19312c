//! Security pages: one's second factor, an administrator's reset and setting, and the audit
//! chain's published checkpoint.

pub mod transparency;
pub mod two_factor;
