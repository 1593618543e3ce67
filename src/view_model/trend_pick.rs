//! What a click in the trends picks, and the "All scopes" list of the
//! failures it counted: a bar (the failures that began in its span, of one
//! status when a status's part was picked), an error code, or a protection
//! group. Trends count cleared failures too, so the list shows every state.

use super::journal::{JournalView, StateFilter};
use sdrs_models::FailureStatus;

/// The trends' own filters go with every pick, so the list counts what the
/// figure counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrendPick {
    /// The scope the trends were read for (`None`: every scope).
    pub scope: Option<String>,
    /// The trends' window, `[from, before)` (ISO 8601, UTC): an error code
    /// or a group is listed within it, as it was counted (a bar is its own
    /// span).
    pub window: Option<(String, String)>,
    pub what: Picked,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Picked {
    /// Every failure of the trends' filters.
    #[default]
    All,
    /// Failures that began in `[from, before)` (ISO 8601, UTC).
    Began {
        from: String,
        before: String,
        failure_status: Option<String>,
    },
    ErrorCode(String),
    Group {
        scope: String,
        server_group_id: String,
    },
}

impl TrendPick {
    /// Sets `view`'s filters to the picked failures; the page size stays.
    pub fn apply(&self, view: &mut JournalView) {
        let limit = view.filters.limit();
        *view = JournalView::default();
        view.filters.set_limit(u64::from(limit));
        view.state = StateFilter::All;
        view.scope = self.scope.clone();
        if let Some((from, before)) = &self.window {
            view.begun_from = Some(from.clone());
            view.begun_before = Some(before.clone());
        }
        match &self.what {
            Picked::All => {}
            Picked::Began {
                from,
                before,
                failure_status,
            } => {
                view.begun_from = Some(from.clone());
                view.begun_before = Some(before.clone());
                view.filters.failure_status = failure_status.as_deref().map(FailureStatus::parse);
            }
            Picked::ErrorCode(code) => view.error_code = Some(code.clone()),
            Picked::Group {
                scope,
                server_group_id,
            } => {
                view.scope = Some(scope.clone());
                view.filters.server_group_id = Some(server_group_id.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(pick: &TrendPick) -> JournalView {
        let mut view = JournalView::from_query_string("?resource_name=web&state=open&limit=20&offset=40");
        pick.apply(&mut view);
        view
    }

    #[test]
    fn a_bar_lists_its_span_in_every_state_and_drops_other_filters() {
        let view = listed(&TrendPick {
            scope: Some("prod".into()),
            window: Some(("2026-11-01T00:00:00Z".into(), "2026-12-08T00:00:00Z".into())),
            what: Picked::Began {
                from: "2026-12-01T00:00:00Z".into(),
                before: "2026-12-02T00:00:00Z".into(),
                failure_status: Some("createFail".into()),
            },
        });
        let q = view.query();
        assert_eq!(q.scope.as_deref(), Some("prod"));
        assert_eq!(q.state, sdrs_models::JournalState::All);
        assert_eq!(q.failure_status.as_deref(), Some("createFail"));
        assert_eq!(q.begun_from.as_deref(), Some("2026-12-01T00:00:00Z"));
        assert_eq!(q.begun_before.as_deref(), Some("2026-12-02T00:00:00Z"));
        assert_eq!((q.resource_name, q.limit, q.offset), (None, 20, 0));
    }

    #[test]
    fn a_code_and_a_group_list_theirs() {
        let q = listed(&TrendPick {
            scope: None,
            window: None,
            what: Picked::ErrorCode("SDRS.1006".into()),
        })
        .query();
        assert_eq!((q.scope, q.error_code.as_deref()), (None, Some("SDRS.1006")));
        assert_eq!((q.begun_from, q.begun_before), (None, None));
        let q = listed(&TrendPick {
            scope: None,
            window: None,
            what: Picked::Group {
                scope: "dr".into(),
                server_group_id: "g-1".into(),
            },
        })
        .query();
        assert_eq!(
            (q.scope.as_deref(), q.server_group_id.as_deref()),
            (Some("dr"), Some("g-1"))
        );
    }

    /// A code counted over the trends' window listed every failure with
    /// that code, older ones too, so the list's total was not the count
    /// clicked.
    #[test]
    fn a_code_or_a_group_is_listed_within_the_window_it_was_counted_in() {
        let window = Some((
            "2026-09-09T00:00:00.000Z".into(),
            "2026-12-08T00:00:00.000Z".into(),
        ));
        for what in [
            Picked::ErrorCode("SDRS.1006".into()),
            Picked::Group {
                scope: "dr".into(),
                server_group_id: "g-1".into(),
            },
        ] {
            let q = listed(&TrendPick {
                scope: None,
                window: window.clone(),
                what,
            })
            .query();
            assert_eq!(q.begun_from.as_deref(), Some("2026-09-09T00:00:00.000Z"));
            assert_eq!(q.begun_before.as_deref(), Some("2026-12-08T00:00:00.000Z"));
        }
    }

    #[test]
    fn a_pick_survives_the_page_url() {
        let view = listed(&TrendPick {
            scope: None,
            window: None,
            what: Picked::Began {
                from: "2026-12-01T05:00:00Z".into(),
                before: "2026-12-01T06:00:00Z".into(),
                failure_status: None,
            },
        });
        assert_eq!(JournalView::from_query_string(&view.to_query_string()), view);
    }
}
