//! Emulated IAM users (`--iam-users FILE`) and the tokens issued to them.
//!
//! The file is JSON, a bare array or `{"users":[...],"agencies":[...]}`, of
//! `{"domain":"acme","user":"alice","password":"...","may_delete":true}`;
//! an agency is `{"domain":"acme","name":"sdrs-ops","trusts":"partner",
//! "may_delete":false}`: account `acme` lets users of account `partner`
//! act as `sdrs-ops`.
//! Passwords are plain text: this is an emulator for tests and demos, and
//! the file holds test data only. Tokens live in memory until they expire.

use crate::util::lock::lock;
use serde::Deserialize;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IamUser {
    /// Account (domain) name.
    pub domain: String,
    pub user: String,
    pub password: String,
    /// Whether the user's policy allows the failed-task DELETEs.
    #[serde(default)]
    pub may_delete: bool,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IamAgency {
    /// The account that created the agency (and owns the project).
    pub domain: String,
    pub name: String,
    /// The account whose users may act as the agency.
    pub trusts: String,
    #[serde(default)]
    pub may_delete: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum UsersFile {
    List(Vec<IamUser>),
    Wrapped {
        users: Vec<IamUser>,
        #[serde(default)]
        agencies: Vec<IamAgency>,
    },
}

/// Who a token is issued to: a user, or an agency (`name` is the agency's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub domain: String,
    pub may_delete: bool,
}

impl From<&IamUser> for Principal {
    fn from(u: &IamUser) -> Self {
        Principal {
            name: u.user.clone(),
            domain: u.domain.clone(),
            may_delete: u.may_delete,
        }
    }
}

impl From<&IamAgency> for Principal {
    fn from(a: &IamAgency) -> Self {
        Principal {
            name: a.name.clone(),
            domain: a.domain.clone(),
            may_delete: a.may_delete,
        }
    }
}

/// Whose token it is, what for and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub user: String,
    pub domain: String,
    pub may_delete: bool,
    /// Scoped to the project (SDRS takes only those), not to an account.
    pub project_scoped: bool,
    pub issued_ms: i64,
    pub expires_ms: i64,
}

/// Why a token is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    Unknown,
    Expired,
}

pub struct IamDirectory {
    users: Vec<IamUser>,
    agencies: Vec<IamAgency>,
    ttl_ms: i64,
    tokens: Mutex<HashMap<String, IssuedToken>>,
}

impl IamDirectory {
    pub fn new(users: Vec<IamUser>, agencies: Vec<IamAgency>, ttl_secs: u64) -> Self {
        IamDirectory {
            users,
            agencies,
            ttl_ms: i64::try_from(ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX / 2),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// Reads `--iam-users`; a missing, malformed or empty file is an error
    /// that names the file, never a password.
    pub fn load(path: &Path, ttl_secs: u64) -> io::Result<Self> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| io::Error::new(e.kind(), format!("--iam-users {shown}: {e}")))?;
        let (users, agencies) =
            parse_file(&text).map_err(|e| invalid(format!("--iam-users {shown}: {e}")))?;
        Ok(Self::new(users, agencies, ttl_secs))
    }

    /// The user with this domain, name and password (domain and user names
    /// compare without case, as IAM does).
    pub fn authenticate(&self, domain: &str, user: &str, password: &str) -> Option<&IamUser> {
        self.users.iter().find(|u| {
            u.domain.eq_ignore_ascii_case(domain)
                && u.user.eq_ignore_ascii_case(user)
                && u.password == password
        })
    }

    /// The agency `name` of account `domain`.
    pub fn agency(&self, domain: &str, name: &str) -> Option<&IamAgency> {
        self.agencies
            .iter()
            .find(|a| a.domain.eq_ignore_ascii_case(domain) && a.name == name)
    }

    /// A fresh token for `who`; expired tokens are forgotten on the way.
    pub fn issue(&self, who: Principal, project_scoped: bool, now_ms: i64) -> (String, IssuedToken) {
        let token = new_token();
        let issued = IssuedToken {
            user: who.name,
            domain: who.domain,
            may_delete: who.may_delete,
            project_scoped,
            issued_ms: now_ms,
            expires_ms: now_ms.saturating_add(self.ttl_ms),
        };
        let mut tokens = lock(&self.tokens);
        tokens.retain(|_, t| t.expires_ms > now_ms);
        tokens.insert(token.clone(), issued.clone());
        (token, issued)
    }

    /// The token's owner while it is valid.
    pub fn check(&self, token: &str, now_ms: i64) -> Result<IssuedToken, TokenRefusal> {
        match lock(&self.tokens).get(token.trim()) {
            None => Err(TokenRefusal::Unknown),
            Some(t) if t.expires_ms <= now_ms => Err(TokenRefusal::Expired),
            Some(t) => Ok(t.clone()),
        }
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Users and agencies of a `--iam-users` file.
pub fn parse_file(text: &str) -> Result<(Vec<IamUser>, Vec<IamAgency>), String> {
    let (users, agencies) = match serde_json::from_str::<UsersFile>(text) {
        Ok(UsersFile::List(u)) => (u, Vec::new()),
        Ok(UsersFile::Wrapped { users, agencies }) => (users, agencies),
        Err(_) => {
            return Err(
                "expected a JSON array (or {\"users\":[...],\"agencies\":[...]}) of {\"domain\",\"user\",\"password\",\"may_delete\"}"
                    .into(),
            )
        }
    };
    if users.is_empty() {
        return Err("no users".into());
    }
    if let Some(u) = users
        .iter()
        .find(|u| u.domain.trim().is_empty() || u.user.trim().is_empty() || u.password.is_empty())
    {
        return Err(format!(
            "user {:?} of domain {:?}: domain, user and password must not be empty",
            u.user, u.domain
        ));
    }
    if let Some(a) = agencies
        .iter()
        .find(|a| a.domain.trim().is_empty() || a.name.trim().is_empty() || a.trusts.trim().is_empty())
    {
        return Err(format!(
            "agency {:?}: domain, name and trusts must not be empty",
            a.name
        ));
    }
    Ok((users, agencies))
}

/// The users of a `--iam-users` file (tests and callers without agencies).
pub fn parse_users(text: &str) -> Result<Vec<IamUser>, String> {
    parse_file(text).map(|(users, _)| users)
}

/// Looks like an IAM token (they start `MII`), long and random enough that
/// tests never guess one.
fn new_token() -> String {
    let mut token = String::from("MIIemu");
    for _ in 0..4 {
        token.push_str(&format!("{:016x}", fastrand::u64(..)));
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory(ttl_secs: u64) -> IamDirectory {
        let users = parse_users(
            r#"[{"domain":"acme","user":"alice","password":"pw-a","may_delete":true},
                {"domain":"acme","user":"reader","password":"pw-r"}]"#,
        )
        .unwrap();
        IamDirectory::new(users, Vec::new(), ttl_secs)
    }

    #[test]
    fn file_shapes_and_errors() {
        assert_eq!(
            parse_users(r#"{"users":[{"domain":"d","user":"u","password":"p"}]}"#)
                .unwrap()
                .len(),
            1
        );
        assert!(parse_users("[]").unwrap_err().contains("no users"));
        let (_, agencies) = parse_file(
            r#"{"users":[{"domain":"p","user":"u","password":"x"}],
                "agencies":[{"domain":"acme","name":"sdrs-ops","trusts":"p"}]}"#,
        )
        .unwrap();
        assert_eq!(
            (agencies[0].name.as_str(), agencies[0].may_delete),
            ("sdrs-ops", false)
        );
        let bad = r#"{"users":[{"domain":"p","user":"u","password":"x"}],"agencies":[{"domain":"acme","name":"","trusts":"p"}]}"#;
        assert!(parse_file(bad).unwrap_err().contains("agency"));
        assert!(parse_users("{").is_err());
        assert!(parse_users(r#"[{"domain":"d","user":"u","password":"p","admin":1}]"#).is_err());
        let err = parse_users(r#"[{"domain":"d","user":"u","password":""}]"#).unwrap_err();
        assert!(err.contains("must not be empty"), "{err}");
    }

    #[test]
    fn authenticates_issues_and_expires() {
        let dir = directory(10);
        assert!(dir.authenticate("ACME", "Alice", "pw-a").is_some());
        assert!(dir.authenticate("acme", "alice", "PW-A").is_none());
        assert!(dir.authenticate("other", "alice", "pw-a").is_none());
        let reader = dir.authenticate("acme", "reader", "pw-r").unwrap().clone();
        let (token, issued) = dir.issue(Principal::from(&reader), true, 1_000);
        assert!(token.starts_with("MII") && token.len() > 60);
        assert_eq!((issued.expires_ms, issued.may_delete), (11_000, false));
        assert_eq!(dir.check(&token, 10_999).unwrap().user, "reader");
        assert_eq!(dir.check(&token, 11_000), Err(TokenRefusal::Expired));
        assert_eq!(dir.check("MIIforged", 1_000), Err(TokenRefusal::Unknown));
        // An expired token is forgotten when the next one is issued.
        let (second, _) = dir.issue(Principal::from(&reader), true, 20_000);
        assert_eq!(dir.check(&token, 20_000), Err(TokenRefusal::Unknown));
        assert_ne!(token, second);
    }
}
