//! Team use of one server: who is calling (sign-in, sessions), what they
//! may do (roles), and the checks every state-changing call passes.

pub mod identity;
pub mod oidc;
pub mod oidc_claims;
pub mod oidc_pending;
pub mod oidc_routes;
pub mod session_store;
