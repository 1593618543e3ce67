//! `config.json` beside `index.html` (fetched by `api::load_config`): where
//! the API is and which project to show. Unknown keys are ignored; every
//! key is optional.

use crate::i18n::Locale;
use crate::view_model::scopes::{usable_scopes, ScopeConfig};
use crate::view_model::team_session::TeamSignIn;
use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ConsoleConfig {
    /// Empty: the page's own origin (the server or a same-origin proxy).
    pub api_base: String,
    pub project_id: Option<String>,
    /// Huawei Cloud region of the server's upstream, shown beside the project.
    pub region: Option<String>,
    pub locale: Option<String>,
    /// The server offers "Sign in with IAM user" (`POST /auth/iam/sign-in`).
    pub iam_sign_in: bool,
    /// Team sign-in (users file, OpenID Connect, a sign-in proxy); `null`
    /// or absent: none, the console is used as before.
    pub team_sign_in: Option<TeamSignIn>,
    /// The scopes the server watches, each answering the Task Center API
    /// live under its own base; fewer than two: the single-project console.
    pub scopes: Vec<ScopeConfig>,
}

impl ConsoleConfig {
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn locale(&self) -> Option<Locale> {
        self.locale.as_deref().map(Locale::from_tag)
    }

    /// The project id when it is usable.
    pub fn project(&self) -> Option<&str> {
        self.project_id
            .as_deref()
            .map(str::trim)
            .filter(|p| valid_project_id(p))
    }

    /// The scopes usable by the console, in the file's order.
    pub fn usable_scopes(&self) -> Vec<ScopeConfig> {
        usable_scopes(&self.scopes)
    }

    /// The region when it looks like a region name (`ap-southeast-3`).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref().map(str::trim).filter(|r| {
            (1..=40).contains(&r.len())
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    }
}

/// Project ids are 32 hex characters on Huawei Cloud; accept any short
/// token of letters, digits, `-` and `_` so other deployments work.
pub fn valid_project_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let c =
            ConsoleConfig::from_json(r#"{"apiBase":"/proxy","projectId":"0123abc","locale":"zh-CN","x":1}"#)
                .unwrap();
        assert_eq!(c.api_base, "/proxy");
        assert_eq!(c.project(), Some("0123abc"));
        assert_eq!(c.locale(), Some(Locale::Zh));
        let c = ConsoleConfig::from_json(r#"{"projectId":"../x"}"#).unwrap();
        assert_eq!(c.project(), None);
        assert_eq!(ConsoleConfig::from_json("{}").unwrap(), ConsoleConfig::default());
        assert!(
            ConsoleConfig::from_json(r#"{"iamSignIn":true}"#)
                .unwrap()
                .iam_sign_in
        );
        assert!(!ConsoleConfig::default().iam_sign_in);
    }

    #[test]
    fn team_sign_in_is_read_when_offered() {
        let c = ConsoleConfig::from_json(
            r#"{"teamSignIn":{"local":true,"oidc":{"label":"Sign in with Dex"},"proxy":false}}"#,
        )
        .unwrap();
        let team = c.team_sign_in.unwrap();
        assert!(team.local && !team.proxy);
        assert_eq!(team.oidc.unwrap().label, "Sign in with Dex");
        assert_eq!(
            ConsoleConfig::from_json(r#"{"teamSignIn":null}"#)
                .unwrap()
                .team_sign_in,
            None
        );
        assert_eq!(ConsoleConfig::from_json("{}").unwrap().team_sign_in, None);
    }

    #[test]
    fn scopes_are_read_and_absent_scopes_are_none() {
        let c = ConsoleConfig::from_json(
            r#"{"projectId":"p0","scopes":[
                {"name":"prod","region":"ap-southeast-3","project_id":"p1","live_base":""},
                {"name":"dr","region":"ap-southeast-2","project_id":"p2","live_base":"/scopes/dr"},
                {"name":"bad","project_id":"p3","live_base":"https://elsewhere"}]}"#,
        )
        .unwrap();
        let names: Vec<_> = c.usable_scopes().into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["prod", "dr"]);
        assert!(ConsoleConfig::from_json("{}").unwrap().usable_scopes().is_empty());
        assert!(ConsoleConfig::from_json(r#"{"scopes":[]}"#).is_ok());
    }

    #[test]
    fn region_is_shown_only_when_it_is_a_region_name() {
        let region = |json: &str| {
            ConsoleConfig::from_json(json)
                .unwrap()
                .region()
                .map(str::to_owned)
        };
        assert_eq!(
            region(r#"{"region":"ap-southeast-3"}"#).as_deref(),
            Some("ap-southeast-3")
        );
        assert_eq!(region(r#"{"region":"<b>x</b>"}"#), None);
        assert_eq!(region(r#"{"region":""}"#), None);
        assert_eq!(region("{}"), None);
    }
}
