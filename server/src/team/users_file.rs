//! The local users file of `--users FILE`: one user a line,
//! `name:role:$argon2id$…` (`#` comments and blank lines allowed). A bad
//! line stops start-up with the file and line number, never the hash.

use super::identity::Role;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// One user of the file.
pub struct LocalUser {
    pub role: Role,
    /// The PHC string (`$argon2id$v=19$m=…`).
    hash: String,
}

/// The parsed file, plus a hash of a random password with the same cost,
/// checked for unknown names so they take as long as wrong passwords.
pub struct UsersFile {
    users: HashMap<String, LocalUser>,
    dummy_hash: String,
}

impl fmt::Debug for UsersFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UsersFile({} users)", self.users.len())
    }
}

/// A line that is not `name:role:$argon2id$…`.
#[derive(Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub reason: &'static str,
}

/// Why a name cannot be a user name (also for `add-user`).
pub fn check_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("empty user name");
    }
    if name.len() > 128 {
        return Err("user name longer than 128 bytes");
    }
    if name
        .chars()
        .any(|c| c == ':' || c.is_whitespace() || c.is_control())
    {
        return Err("user name with ':', a space or a control character");
    }
    Ok(())
}

fn parse_line(line: &str) -> Result<(String, LocalUser), &'static str> {
    let mut parts = line.splitn(3, ':');
    let (Some(name), Some(role), Some(hash)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected name:role:$argon2id$… (three fields separated by ':')");
    };
    check_name(name)?;
    let role = Role::parse(role).ok_or("role must be viewer or operator")?;
    let parsed = PasswordHash::new(hash).map_err(|_| "the third field is not a PHC password hash")?;
    if parsed.algorithm.as_str() != "argon2id" {
        return Err("the password hash is not argon2id");
    }
    Params::try_from(&parsed).map_err(|_| "the argon2id parameters are invalid")?;
    Ok((
        name.to_owned(),
        LocalUser {
            role,
            hash: hash.to_owned(),
        },
    ))
}

fn random_salt() -> Result<SaltString, String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness for a salt: {e}"))?;
    SaltString::encode_b64(&bytes).map_err(|e| format!("cannot encode a salt: {e}"))
}

fn hash_with(params: Params, password: &[u8]) -> Result<String, String> {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let salt = random_salt()?;
    argon
        .hash_password(password, &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

impl UsersFile {
    /// Parses the text of a file; the first bad line is the error.
    pub fn parse(text: &str) -> Result<Self, LineError> {
        let mut users = HashMap::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason| LineError {
                line: index + 1,
                reason,
            };
            let (name, user) = parse_line(line).map_err(err)?;
            if users.insert(name, user).is_some() {
                return Err(err("the user name is already on an earlier line"));
            }
        }
        // Unknown names are checked against a hash of the same cost as
        // the file's own, so the answer time does not tell who exists.
        let params = users
            .values()
            .find_map(|u| {
                PasswordHash::new(&u.hash)
                    .ok()
                    .and_then(|h| Params::try_from(&h).ok())
            })
            .unwrap_or_default();
        let dummy_hash = hash_with(params, b"no such user").map_err(|_| LineError {
            line: 0,
            reason: "cannot prepare the password check",
        })?;
        Ok(UsersFile { users, dummy_hash })
    }

    /// Reads and parses `path`; the message names the file and line.
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let invalid = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
        let text =
            std::fs::read_to_string(path).map_err(|e| invalid(format!("--users {}: {e}", path.display())))?;
        Self::parse(&text).map_err(|e| {
            invalid(format!(
                "--users {} line {}: {}",
                path.display(),
                e.line,
                e.reason
            ))
        })
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// The role of `name` now; `None` if the file has no such user.
    pub fn role_of(&self, name: &str) -> Option<Role> {
        self.users.get(name).map(|u| u.role)
    }

    /// The role of `name` if `password` is theirs. Unknown names cost a
    /// hash check too. Runs argon2: call it off the async threads.
    pub fn verify(&self, name: &str, password: &str) -> Option<Role> {
        let (hash, role) = match self.users.get(name) {
            Some(user) => (user.hash.as_str(), Some(user.role)),
            None => (self.dummy_hash.as_str(), None),
        };
        let parsed = PasswordHash::new(hash).ok()?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        role.filter(|_| ok)
    }
}

/// The users-file line of `add-user`: `name:role:$argon2id$…` with the
/// argon2 crate's default (OWASP-recommended) cost.
pub fn user_line(name: &str, role: Role, password: &str) -> Result<String, String> {
    check_name(name).map_err(str::to_owned)?;
    if password.is_empty() {
        return Err("empty password".into());
    }
    let hash = hash_with(Params::default(), password.as_bytes())?;
    Ok(format!("{name}:{}:{hash}", role.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters: the tests check logic, not cost.
    fn cheap_hash(password: &str) -> String {
        hash_with(Params::new(8, 1, 1, None).unwrap(), password.as_bytes()).unwrap()
    }

    #[test]
    fn parses_users_comments_and_blank_lines() {
        let text = format!(
            "# team\n\nalice:operator:{}\n  bob:viewer:{}  \n",
            cheap_hash("a-secret"),
            cheap_hash("b-secret")
        );
        let file = UsersFile::parse(&text).unwrap();
        assert_eq!(file.len(), 2);
        assert_eq!(file.verify("alice", "a-secret"), Some(Role::Operator));
        assert_eq!(file.verify("bob", "b-secret"), Some(Role::Viewer));
        assert_eq!(file.verify("alice", "b-secret"), None);
        assert_eq!(file.verify("carol", "a-secret"), None);
        assert_eq!(
            file.verify("carol", "no such user"),
            None,
            "the dummy hash signs nobody in"
        );
    }

    #[test]
    fn bad_lines_are_named_by_number_without_the_hash() {
        let good = cheap_hash("x");
        let cases = [
            (
                format!("alice:{good}"),
                "expected name:role:$argon2id$… (three fields separated by ':')",
            ),
            (
                "alice".to_owned(),
                "expected name:role:$argon2id$… (three fields separated by ':')",
            ),
            (format!("alice:admin:{good}"), "role must be viewer or operator"),
            (
                "alice:viewer:plaintext".to_owned(),
                "the third field is not a PHC password hash",
            ),
            (
                "alice:viewer:$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".to_owned(),
                "the password hash is not argon2id",
            ),
            (format!(":viewer:{good}"), "empty user name"),
        ];
        for (line, reason) in cases {
            let text = format!("# header\n\n{line}\n");
            let err = UsersFile::parse(&text).unwrap_err();
            assert_eq!(err, LineError { line: 3, reason }, "{line}");
        }
        let dup = format!("a:viewer:{good}\na:operator:{good}\n");
        assert_eq!(UsersFile::parse(&dup).unwrap_err().line, 2);
    }

    #[test]
    fn add_user_line_verifies() {
        let line = user_line("dana", Role::Operator, "correct horse").unwrap();
        assert!(
            line.starts_with("dana:operator:$argon2id$v=19$m=19456,t=2,p=1$"),
            "{line}"
        );
        let file = UsersFile::parse(&line).unwrap();
        assert_eq!(file.verify("dana", "correct horse"), Some(Role::Operator));
        assert!(user_line("a:b", Role::Viewer, "p").is_err());
        assert!(user_line("a b", Role::Viewer, "p").is_err());
        assert!(user_line("a", Role::Viewer, "").is_err());
    }
}
