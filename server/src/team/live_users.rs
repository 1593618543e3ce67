//! The users file as it is on disk now: read again when its modification
//! time or size changes, so removing a user or changing a role applies to
//! the running server at the next request (the session layer asks at
//! every request). A file that no longer parses keeps the last good list,
//! with a warning naming the file and line, never a password hash.

use super::users_file::UsersFile;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// What identifies one version of the file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(path: &PathBuf) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

struct Loaded {
    users: Arc<UsersFile>,
    stamp: Option<Stamp>,
}

pub struct LiveUsers {
    path: PathBuf,
    loaded: RwLock<Loaded>,
}

impl LiveUsers {
    /// Reads `path`; a bad file is an error naming file and line.
    pub fn load(path: PathBuf) -> std::io::Result<Self> {
        let stamp = stamp(&path);
        let users = Arc::new(UsersFile::load(&path)?);
        Ok(LiveUsers {
            path,
            loaded: RwLock::new(Loaded { users, stamp }),
        })
    }

    /// The users as the file says now. Reading it again runs one argon2
    /// hash (the check of unknown names), so it happens only on a change.
    pub fn now(&self) -> Arc<UsersFile> {
        let current = stamp(&self.path);
        {
            let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
            if loaded.stamp == current {
                return loaded.users.clone();
            }
        }
        let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        if loaded.stamp != current {
            loaded.stamp = current;
            match UsersFile::load(&self.path) {
                Ok(users) => {
                    tracing::info!(
                        users = users.len(),
                        "users file read again: {}",
                        self.path.display()
                    );
                    loaded.users = Arc::new(users);
                }
                Err(e) => tracing::warn!("keeping the previous users: {e}"),
            }
        }
        loaded.users.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::identity::Role;
    use crate::team::users_file::user_line;

    fn write(path: &std::path::Path, lines: &[String]) {
        std::fs::write(path, lines.join("\n") + "\n").unwrap();
    }

    #[test]
    fn a_changed_file_is_read_again_and_a_broken_one_keeps_the_last_good_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users");
        let alice = user_line("alice", Role::Operator, "alice-password-1").unwrap();
        let bob = user_line("bob", Role::Viewer, "bob-password-12").unwrap();
        write(&path, &[alice.clone(), bob.clone()]);
        let live = LiveUsers::load(path.clone()).unwrap();
        assert_eq!(live.now().role_of("alice"), Some(Role::Operator));

        let bob_operator = user_line("bob", Role::Operator, "bob-password-12").unwrap();
        write(&path, &[bob_operator]);
        assert_eq!(live.now().role_of("alice"), None);
        assert_eq!(live.now().role_of("bob"), Some(Role::Operator));

        std::fs::write(&path, "not a users line\n").unwrap();
        assert_eq!(live.now().role_of("bob"), Some(Role::Operator));
    }
}
