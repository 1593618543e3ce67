//! Production IAM: the client of `POST /v3/auth/tokens`, its wire types and
//! the console's "Sign in with IAM user" route.

pub mod client;
pub mod sign_in;
pub mod wire;
