//! Types and rules of an OPCC's work. Nothing here touches a disk, a socket or a clock:
//! callers pass time in, so every rule can be tested on worked examples.

pub mod accounts;
pub mod assemblies;
pub mod audit;
pub mod commissioning;
pub mod complaints;
pub mod crime;
pub mod engagement;
pub mod finance;
pub mod force_area;
pub mod governance;
pub mod measures;
pub mod month;
pub mod notify;
pub mod office;
pub mod performance;
pub mod periods;
pub mod plans;
pub mod policy;
pub mod reports;
pub mod retention;
pub mod schemes;
pub mod security;
pub mod sheets;
