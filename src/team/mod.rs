//! Team sign-in on the standalone page, when `config.json` has
//! `teamSignIn`: the session as the server keeps it ([`TeamAuth`]), the
//! sign-in screen, the header's user line, and the Audit view for
//! operators. The session cookie is HttpOnly (the console never sees it);
//! the CSRF token the session answer carries is kept in memory only.

mod audit_records;
mod audit_view;
mod page;
mod sign_in;
mod status;

pub(crate) use page::TeamPage;
pub(crate) use status::TeamStatus;

use crate::api::team;
use crate::api::SessionAuth;
use crate::view_model::team_session::{SessionCheck, SignInError, TeamSession, TeamSignIn};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Where the page stands with its team session.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TeamState {
    Checking,
    /// `ended`: a session this page had has ended (expired, signed out
    /// elsewhere); the screen says so.
    SignedOut {
        ended: bool,
    },
    SignedIn(TeamSession),
    /// The server's answer was neither a session nor a 401.
    CheckFailed(String),
}

#[derive(Clone, Copy)]
pub(crate) struct TeamAuth {
    /// `None` until `config.json` is read, and when it has no `teamSignIn`.
    pub offer: RwSignal<Option<TeamSignIn>>,
    pub state: RwSignal<TeamState>,
    /// Why the last sign-out failed.
    pub sign_out_error: RwSignal<Option<String>>,
    api_base: StoredValue<String>,
}

impl TeamAuth {
    pub fn new() -> Self {
        TeamAuth {
            offer: RwSignal::new(None),
            state: RwSignal::new(TeamState::Checking),
            sign_out_error: RwSignal::new(None),
            api_base: StoredValue::new(String::new()),
        }
    }

    /// Takes `config.json`'s offer and, when there is one, asks who is
    /// signed in.
    pub fn configure(self, offer: Option<TeamSignIn>, api_base: &str) {
        self.api_base.set_value(api_base.to_owned());
        let offered = offer.is_some();
        self.offer.set(offer);
        if offered {
            self.check();
        }
    }

    pub fn api_base(self) -> String {
        self.api_base.get_value()
    }

    /// Sets the state only when it changes: each change redraws the page.
    fn set_state(self, next: TeamState) {
        if self.state.with_untracked(|s| *s != next) {
            self.state.set(next);
        }
    }

    /// `GET /auth/session`.
    pub fn check(self) {
        let base = self.api_base();
        spawn_local(async move {
            let next = match team::session(&base).await {
                SessionCheck::SignedIn(s) => TeamState::SignedIn(s),
                SessionCheck::SignedOut => {
                    let had = self.state.with_untracked(|s| matches!(s, TeamState::SignedIn(_)));
                    TeamState::SignedOut { ended: had }
                }
                SessionCheck::Failed(reason) => TeamState::CheckFailed(reason),
            };
            self.set_state(next);
        });
    }

    /// What an API client of this session needs: the CSRF token, and a
    /// 401 leads to a check of the session (which shows the sign-in screen
    /// when it has ended, and nothing when the 401 was the upstream's).
    pub fn session_auth(self, session: &TeamSession) -> SessionAuth {
        SessionAuth {
            csrf_token: session.csrf_token.clone(),
            on_expired: Rc::new(move || self.check()),
        }
    }

    /// `POST /auth/local/sign-in` with the form's body.
    pub async fn sign_in_local(self, body: String) -> Result<(), SignInError> {
        let session = team::sign_in_local(&self.api_base(), body).await?;
        self.sign_out_error.set(None);
        self.set_state(TeamState::SignedIn(session));
        Ok(())
    }

    /// `POST /auth/sign-out`.
    pub fn sign_out(self) {
        let csrf = self.state.with_untracked(|s| match s {
            TeamState::SignedIn(session) => Some(session.csrf_token.clone()),
            _ => None,
        });
        let Some(csrf) = csrf else { return };
        let base = self.api_base();
        spawn_local(async move {
            match team::sign_out(&base, &csrf).await {
                Ok(()) => {
                    self.sign_out_error.set(None);
                    self.set_state(TeamState::SignedOut { ended: false });
                }
                Err(e) => self.sign_out_error.set(Some(e.summary())),
            }
        });
    }
}
