//! The console server's "Sign in with IAM user" route. The password goes
//! only into the request's body; the caller keeps the answer's token in
//! memory.

use super::server::post_json;
use crate::browser::time;
use crate::i18n::Key;
use crate::view_model::iam_session::{read_answer, IamSession, SignInError, SIGN_IN_PATH};

/// `POST /auth/iam/sign-in` with the form's body.
pub async fn sign_in(api_base: &str, body: String) -> Result<IamSession, SignInError> {
    let failed = |e: gloo_net::Error| SignInError {
        key: Key::IamFailed,
        reason: e.to_string(),
    };
    let response = post_json(api_base, SIGN_IN_PATH, body).await.map_err(failed)?;
    let status = response.status();
    let bytes = response.binary().await.map_err(failed)?;
    read_answer(status, &bytes, time::now_ms())
}
