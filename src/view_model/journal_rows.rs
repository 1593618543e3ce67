//! The "All scopes" rows and drawer: each journal entry with its identity
//! (scope and job id), where it stands (still failing or cleaned up), how
//! it went once gone, and its history (first seen, last seen, gone since).

use crate::i18n::{fill, Locale, ScopeKey};
use crate::view_model::journal::EntryKey;
use sdrs_models::journal::{Clearance, JournalEntry};
use std::collections::HashSet;
use std::sync::Arc;

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalRow {
    /// Unique among the rows (`data-row-id`, the `<For>` key).
    pub id: String,
    pub key: EntryKey,
    pub entry: Arc<JournalEntry>,
}

/// The rows of a page in the server's order (begin time, newest first);
/// a repeated entry is shown once.
pub fn journal_rows(entries: &[JournalEntry]) -> Vec<JournalRow> {
    let mut seen = HashSet::with_capacity(entries.len());
    entries
        .iter()
        .filter_map(|e| {
            let key = EntryKey::of(e);
            let id = key.row_id();
            seen.insert(id.clone()).then(|| JournalRow {
                id,
                key,
                entry: Arc::new(e.clone()),
            })
        })
        .collect()
}

/// How a failure stands, or went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Listed by SDRS at the last poll.
    StillFailing,
    /// Deleted through this console: who, and the audit record.
    ByConsole { audit_id: i64, user: String },
    /// Gone upstream without a delete through this console.
    Outside,
}

pub fn fate(entry: &JournalEntry) -> Fate {
    match (&entry.gone_since, &entry.cleared) {
        (_, Some(Clearance::Console { audit_id, user })) => Fate::ByConsole {
            audit_id: *audit_id,
            user: user.clone(),
        },
        (Some(_), _) | (None, Some(Clearance::Outside)) => Fate::Outside,
        (None, None) => Fate::StillFailing,
    }
}

impl Fate {
    pub fn is_gone(&self) -> bool {
        *self != Fate::StillFailing
    }

    /// `open` or `cleared` (a `data-state`).
    pub fn state(&self) -> &'static str {
        if self.is_gone() {
            "cleared"
        } else {
            "open"
        }
    }

    /// The row's state in words.
    pub fn state_text(&self, locale: Locale) -> &'static str {
        if self.is_gone() {
            ScopeKey::RowCleared.text(locale)
        } else {
            ScopeKey::RowOpen.text(locale)
        }
    }

    /// How it went, for the drawer.
    pub fn text(&self, locale: Locale) -> String {
        let t = |k: ScopeKey| k.text(locale);
        match self {
            Fate::StillFailing => t(ScopeKey::FateOpen).to_owned(),
            Fate::ByConsole { audit_id, user } if user.trim().is_empty() => {
                fill(t(ScopeKey::FateConsoleNoUser), &[("id", &audit_id.to_string())]).into_owned()
            }
            Fate::ByConsole { audit_id, user } => fill(
                t(ScopeKey::FateConsole),
                &[("user", user), ("id", &audit_id.to_string())],
            )
            .into_owned(),
            Fate::Outside => t(ScopeKey::FateOutside).to_owned(),
        }
    }
}

/// The drawer's history: each field's label and its ISO time (`None`: not
/// yet, as "gone since" of a failure still failing).
pub fn history(entry: &JournalEntry) -> [(ScopeKey, Option<&str>); 3] {
    [
        (
            ScopeKey::FirstSeen,
            Some(entry.first_seen.as_str()).filter(|t| !t.is_empty()),
        ),
        (
            ScopeKey::LastSeen,
            Some(entry.last_seen.as_str()).filter(|t| !t.is_empty()),
        ),
        (
            ScopeKey::GoneSince,
            entry.gone_since.as_deref().filter(|t| !t.is_empty()),
        ),
    ]
}

/// Why the entry cannot be deleted, when it cannot: it is already gone
/// upstream (the role's rule is the panel's, checked first).
pub fn delete_blocked(entry: &JournalEntry) -> Option<ScopeKey> {
    fate(entry).is_gone().then_some(ScopeKey::AlreadyGone)
}

/// Where the failure was listed: its protection group, or the group level.
pub fn listed_under(entry: &JournalEntry, locale: Locale) -> String {
    match entry.server_group_id.as_deref().filter(|g| !g.is_empty()) {
        Some(group) => group.to_owned(),
        None => ScopeKey::GroupLevel.text(locale).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::FailureJob;

    fn entry(scope: &str, job_id: &str) -> JournalEntry {
        let job: FailureJob = serde_json::from_str(&format!(
            r#"{{"job_id":"{job_id}","job_type":"createProtectedInstance","job_status":"FAIL","failure_status":"createFail","resource_id":"r1","resource_name":"vm-1","resource_type":"protected_instances","begin_time":"2026-12-06T18:00:00Z"}}"#
        ))
        .unwrap();
        JournalEntry {
            scope: scope.into(),
            region: "ap-southeast-3".into(),
            project_id: "p1".into(),
            server_group_id: None,
            job,
            first_seen: "2026-12-06T18:01:00Z".into(),
            last_seen: "2026-12-06T18:59:00Z".into(),
            gone_since: None,
            cleared: None,
            ack: None,
        }
    }

    #[test]
    fn rows_are_keyed_by_scope_and_job() {
        let list = [entry("prod", "j1"), entry("dr", "j1"), entry("prod", "j1")];
        let rows = journal_rows(&list);
        assert_eq!(
            rows.len(),
            2,
            "the same job in two scopes is two rows; a repeat is one"
        );
        assert_ne!(rows[0].id, rows[1].id);
        assert_eq!(
            rows[1].key,
            EntryKey {
                scope: "dr".into(),
                job_id: "j1".into()
            }
        );
        // A scope ending like another's job id cannot collide.
        let a = EntryKey {
            scope: "a".into(),
            job_id: "b/c".into(),
        };
        let b = EntryKey {
            scope: "a/b".into(),
            job_id: "c".into(),
        };
        assert_ne!(a.row_id(), b.row_id());
    }

    #[test]
    fn how_it_went() {
        let open = entry("prod", "j1");
        assert_eq!(fate(&open), Fate::StillFailing);
        assert_eq!(fate(&open).state(), "open");
        assert_eq!(delete_blocked(&open), None);
        assert_eq!(fate(&open).text(Locale::En), "Still failing at the last poll");

        let mut by_console = open.clone();
        by_console.gone_since = Some("2026-12-06T19:00:00Z".into());
        by_console.cleared = Some(Clearance::Console {
            audit_id: 42,
            user: "ana".into(),
        });
        let f = fate(&by_console);
        assert_eq!(
            f.text(Locale::En),
            "Deleted through this console by ana (audit record 42)"
        );
        assert_eq!(f.text(Locale::Zh), "由 ana 通过本控制台删除（审计记录 42）");
        assert_eq!(delete_blocked(&by_console), Some(ScopeKey::AlreadyGone));

        let mut no_user = by_console.clone();
        no_user.cleared = Some(Clearance::Console {
            audit_id: 7,
            user: String::new(),
        });
        assert_eq!(
            fate(&no_user).text(Locale::En),
            "Deleted through this console (audit record 7)"
        );

        let mut outside = open.clone();
        outside.gone_since = Some("2026-12-06T19:00:00Z".into());
        assert_eq!(
            fate(&outside),
            Fate::Outside,
            "gone without a clearance is cleared outside"
        );
        assert_eq!(fate(&outside).state_text(Locale::En), "cleaned up");
        outside.cleared = Some(Clearance::Outside);
        assert_eq!(fate(&outside).text(Locale::En), "Cleared outside this console");
    }

    #[test]
    fn history_fields_show_what_is_known() {
        let mut e = entry("prod", "j1");
        let h = history(&e);
        assert_eq!(h[0], (ScopeKey::FirstSeen, Some("2026-12-06T18:01:00Z")));
        assert_eq!(h[2], (ScopeKey::GoneSince, None));
        e.gone_since = Some("2026-12-06T19:00:00Z".into());
        e.first_seen.clear();
        let h = history(&e);
        assert_eq!((h[0].1, h[2].1), (None, Some("2026-12-06T19:00:00Z")));
        assert_eq!(listed_under(&e, Locale::En), "protection-group level");
        e.server_group_id = Some("pg-1".into());
        assert_eq!(listed_under(&e, Locale::En), "pg-1");
    }
}
