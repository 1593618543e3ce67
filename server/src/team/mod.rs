//! Team use of one server: who is calling (sign-in, sessions), what they
//! may do (roles), and the checks every state-changing call passes.

pub mod identity;
pub mod session_store;
