//! Server-side IAM token for upstream mode: with `--iam` and an IAM user
//! given by environment variables (`SDRS_IAM_DOMAIN`, `SDRS_IAM_USER`,
//! `SDRS_IAM_PASSWORD`; never flags, which `ps` shows), the server signs in
//! itself, keeps the token in memory and renews it at 80% of its lifetime.
//! With `SDRS_IAM_AGENCY_DOMAIN` and `SDRS_IAM_AGENCY_NAME` too, that user
//! belongs to a delegated account and the token is the agency's
//! (`assume_role`).
//! A failed attempt is retried with exponential backoff (1 s doubling to
//! 5 min); nothing here can stop the server. `/healthz` shows the state.

use crate::iam::client::IamClient;
use crate::util::lock::lock;
use crate::util::timefmt::{format_ms, now_ms};
use serde_json::{json, Value};
use std::io;
use std::sync::Mutex;
use std::time::Duration;

pub const ENV_DOMAIN: &str = "SDRS_IAM_DOMAIN";
pub const ENV_USER: &str = "SDRS_IAM_USER";
pub const ENV_PASSWORD: &str = "SDRS_IAM_PASSWORD";
pub const ENV_AGENCY_DOMAIN: &str = "SDRS_IAM_AGENCY_DOMAIN";
pub const ENV_AGENCY_NAME: &str = "SDRS_IAM_AGENCY_NAME";

/// Share of a token's lifetime after which it is renewed.
pub const RENEW_AT_LIFETIME: f64 = 0.8;
pub const FIRST_RETRY_MS: u64 = 1_000;
pub const MAX_RETRY_MS: u64 = 300_000;

/// The server's own IAM user. No `Debug` that shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerIamUser {
    pub domain: String,
    pub user: String,
    pub password: String,
    /// Account and name of the agency to act as, if any.
    pub agency: Option<(String, String)>,
}

impl std::fmt::Debug for ServerIamUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerIamUser")
            .field("domain", &self.domain)
            .field("user", &self.user)
            .field("agency", &self.agency)
            .finish_non_exhaustive()
    }
}

impl ServerIamUser {
    /// From the three variables: all set, or none (`Ok(None)`); some but
    /// not all is an error naming the missing ones.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> io::Result<Option<Self>> {
        let read = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let (domain, user, password) = (read(ENV_DOMAIN), read(ENV_USER), read(ENV_PASSWORD));
        match (domain, user, password) {
            (None, None, None) => Ok(None),
            (Some(domain), Some(user), Some(password)) => {
                let agency = match (read(ENV_AGENCY_DOMAIN), read(ENV_AGENCY_NAME)) {
                    (None, None) => None,
                    (Some(d), Some(n)) => Some((d.trim().to_owned(), n.trim().to_owned())),
                    _ => {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidInput,
                            format!("an agency needs both {ENV_AGENCY_DOMAIN} and {ENV_AGENCY_NAME}"),
                        ))
                    }
                };
                Ok(Some(ServerIamUser {
                    domain: domain.trim().to_owned(),
                    user: user.trim().to_owned(),
                    password,
                    agency,
                }))
            }
            (d, u, p) => {
                let missing: Vec<&str> = [
                    (d.is_none(), ENV_DOMAIN),
                    (u.is_none(), ENV_USER),
                    (p.is_none(), ENV_PASSWORD),
                ]
                .into_iter()
                .filter_map(|(gone, name)| gone.then_some(name))
                .collect();
                Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("the server-side IAM user needs {ENV_DOMAIN}, {ENV_USER} and {ENV_PASSWORD}; missing: {}", missing.join(", ")),
                ))
            }
        }
    }

    pub fn from_env() -> io::Result<Option<Self>> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }
}

/// When to renew a token obtained at `now_ms` that expires at `expires_ms`,
/// as a delay; `None` when it is already expired (a clock far off).
pub fn renew_delay_ms(now_ms: i64, expires_ms: i64) -> Option<u64> {
    let lifetime = expires_ms.checked_sub(now_ms).filter(|l| *l > 0)?;
    Some(((lifetime as f64) * RENEW_AT_LIFETIME) as u64)
}

/// Delay before retry number `failures` (1 after the first failure).
pub fn backoff_ms(failures: u32) -> u64 {
    let doublings = failures.saturating_sub(1).min(20);
    FIRST_RETRY_MS.saturating_mul(1 << doublings).min(MAX_RETRY_MS)
}

struct Current {
    token: String,
    expires_ms: i64,
}

#[derive(Default)]
struct RenewalState {
    current: Option<Current>,
    /// Tokens obtained so far, the first one included.
    obtained: u64,
    consecutive_failures: u32,
    last_error: Option<String>,
    last_success_ms: Option<i64>,
    next_attempt_ms: Option<i64>,
}

pub struct TokenRenewer {
    iam: IamClient,
    user: ServerIamUser,
    project_id: String,
    quiet: bool,
    state: Mutex<RenewalState>,
}

impl TokenRenewer {
    pub fn new(iam: IamClient, user: ServerIamUser, project_id: String, quiet: bool) -> Self {
        TokenRenewer {
            iam,
            user,
            project_id,
            quiet,
            state: Mutex::new(RenewalState::default()),
        }
    }

    /// The current token while it is valid.
    pub fn token(&self) -> Option<String> {
        let state = lock(&self.state);
        let current = state.current.as_ref()?;
        (current.expires_ms > now_ms()).then(|| current.token.clone())
    }

    /// Why there is no valid token, for the proxy's answer.
    pub fn why_no_token(&self) -> String {
        let state = lock(&self.state);
        match &state.last_error {
            Some(e) => format!("The server's IAM token could not be renewed ({e}); see /healthz"),
            None => "The server is still obtaining its IAM token; try again in a moment".into(),
        }
    }

    /// The state for `/healthz`: no token, no password.
    pub fn health(&self) -> Value {
        let state = lock(&self.state);
        let now = now_ms();
        let valid = state.current.as_ref().is_some_and(|c| c.expires_ms > now);
        let phase = match (valid, state.consecutive_failures, state.obtained) {
            (_, 0, 0) => "starting",
            (true, 0, _) => "valid",
            (true, _, _) => "retrying",
            (false, _, _) => "failing",
        };
        json!({
            "state": phase,
            "iam": self.iam.endpoint,
            "user": self.user.user,
            "domain": self.user.domain,
            "agency": self.user.agency.as_ref().map(|(d, n)| format!("{d}/{n}")),
            "expires_at": state.current.as_ref().map(|c| format_ms(c.expires_ms)),
            "tokens_obtained": state.obtained,
            "renewals": state.obtained.saturating_sub(1),
            "consecutive_failures": state.consecutive_failures,
            "last_error": state.last_error,
            "last_success_at": state.last_success_ms.map(format_ms),
            "next_attempt_at": state.next_attempt_ms.map(format_ms),
        })
    }

    /// One attempt; returns the delay until the next one.
    async fn attempt(&self) -> u64 {
        let u = &self.user;
        let result = match &u.agency {
            None => {
                self.iam
                    .password_token(&u.domain, &u.user, &u.password, &self.project_id)
                    .await
            }
            Some((agency_domain, agency_name)) => {
                self.iam
                    .agency_token(
                        (&u.domain, &u.user, &u.password),
                        (agency_domain, agency_name),
                        &self.project_id,
                    )
                    .await
            }
        };
        let now = now_ms();
        let outcome = match result {
            Ok(issued) => renew_delay_ms(now, issued.expires_ms)
                .map(|delay| (issued, delay))
                .ok_or_else(|| "IAM's token.expires_at is already past; check the server's clock".to_owned()),
            Err(failure) => Err(failure.describe(&self.iam.endpoint)),
        };
        let mut state = lock(&self.state);
        let delay = match outcome {
            Ok((issued, delay)) => {
                state.current = Some(Current {
                    token: issued.token,
                    expires_ms: issued.expires_ms,
                });
                state.obtained += 1;
                state.consecutive_failures = 0;
                state.last_error = None;
                state.last_success_ms = Some(now);
                delay
            }
            Err(message) => {
                state.consecutive_failures = state.consecutive_failures.saturating_add(1);
                let delay = backoff_ms(state.consecutive_failures);
                if !self.quiet {
                    tracing::warn!(
                        "server-side IAM token: attempt {} failed: {message}; retrying in {} ms",
                        state.consecutive_failures,
                        delay
                    );
                }
                state.last_error = Some(message);
                delay
            }
        };
        state.next_attempt_ms = Some(now.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX / 2)));
        delay
    }

    /// Obtains and renews forever; the server aborts it on shutdown.
    pub async fn run(self: std::sync::Arc<Self>) {
        loop {
            let delay = self.attempt().await;
            tokio::time::sleep(Duration::from_millis(delay.max(100))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn schedule() {
        assert_eq!(renew_delay_ms(0, 10_000), Some(8_000));
        assert_eq!(renew_delay_ms(0, 86_400_000), Some(69_120_000));
        assert_eq!(renew_delay_ms(10, 10), None);
        assert_eq!(renew_delay_ms(20, 10), None);
        let waits: Vec<u64> = (1..=12).map(backoff_ms).collect();
        assert_eq!(&waits[..4], &[1_000, 2_000, 4_000, 8_000]);
        assert_eq!(waits[11], MAX_RETRY_MS);
        assert_eq!(backoff_ms(u32::MAX), MAX_RETRY_MS);
    }

    #[test]
    fn user_from_variables() {
        let env = |pairs: &[(&str, &str)]| {
            let map: HashMap<String, String> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            ServerIamUser::from_lookup(move |k| map.get(k).cloned())
        };
        assert_eq!(env(&[]).unwrap(), None);
        let u = env(&[(ENV_DOMAIN, "acme"), (ENV_USER, "svc"), (ENV_PASSWORD, "s3cret")])
            .unwrap()
            .unwrap();
        assert_eq!((u.domain.as_str(), u.user.as_str()), ("acme", "svc"));
        assert!(!format!("{u:?}").contains("s3cret"));
        let agent = env(&[
            (ENV_DOMAIN, "partner"),
            (ENV_USER, "svc"),
            (ENV_PASSWORD, "s3cret"),
            (ENV_AGENCY_DOMAIN, "acme"),
            (ENV_AGENCY_NAME, "sdrs-ops"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(agent.agency, Some(("acme".into(), "sdrs-ops".into())));
        let half = env(&[
            (ENV_DOMAIN, "p"),
            (ENV_USER, "s"),
            (ENV_PASSWORD, "x"),
            (ENV_AGENCY_NAME, "a"),
        ]);
        assert!(half.unwrap_err().to_string().contains(ENV_AGENCY_DOMAIN));
        let err = env(&[(ENV_DOMAIN, "acme"), (ENV_PASSWORD, "s3cret")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("missing: SDRS_IAM_USER") && !err.contains("s3cret"),
            "{err}"
        );
    }
}
