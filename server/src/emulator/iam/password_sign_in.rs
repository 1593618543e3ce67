//! The console's "Sign in with IAM user" answered by the emulated IAM, as
//! the real one answers `POST /v3/auth/tokens`.

use crate::emulator::iam::tokens::issue;
use crate::emulator::state::Emulator;
use crate::iam::client::{IamFailure, Issued};
use crate::iam::sign_in::TokenIssuer;
use crate::iam::wire::{AuthRequest, NamedRef};
use crate::util::iso_time::parse_iso_ms;

impl TokenIssuer for Emulator {
    fn name(&self) -> &str {
        "the emulated IAM"
    }

    fn password_token(
        &self,
        domain: &str,
        user: &str,
        password: &str,
        project_id: &str,
    ) -> Result<Issued, IamFailure> {
        let Some(dir) = &self.iam else {
            return Err(IamFailure::Unreachable);
        };
        let body = AuthRequest::password(domain, user, password, NamedRef::id(project_id));
        let body = serde_json::to_vec(&body).unwrap_or_default();
        match issue(dir, project_id, &body, None) {
            Ok((token, answer)) => Ok(Issued {
                token,
                expires_ms: parse_iso_ms(&answer.token.expires_at).unwrap_or_default(),
                expires_at: answer.token.expires_at,
                user: answer.token.user.name,
                domain: answer.token.user.domain.name.unwrap_or_default(),
            }),
            Err(r) => Err(IamFailure::Refused {
                status: r.status.as_u16(),
                message: r.message,
            }),
        }
    }
}
