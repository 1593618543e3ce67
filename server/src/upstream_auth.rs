//! The proxy's server-side credential (upstream mode), added to same-origin
//! calls that carry none of their own (see `upstream.rs` for the rules).

use crate::token_renewal::TokenRenewer;
use std::sync::Arc;

pub enum UpstreamAuth {
    /// A fixed IAM token (`SDRS_AUTH_TOKEN`).
    Token(String),
    /// A token the server obtains and renews for its IAM user.
    IamUser(Arc<TokenRenewer>),
}

impl UpstreamAuth {
    /// The `X-Auth-Token` to send, or why there is none right now.
    pub fn token(&self) -> Result<String, String> {
        match self {
            UpstreamAuth::Token(t) => Ok(t.clone()),
            UpstreamAuth::IamUser(renewer) => renewer.token().ok_or_else(|| renewer.why_no_token()),
        }
    }
}
