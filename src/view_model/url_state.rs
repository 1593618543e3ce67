//! The view as a page URL query: the scope shown (when the page offers a
//! choice), filters, page, page size, sort, the open job and the list's
//! view (table or grouped by error code). Pure, so the round trip is
//! tested natively; the browser side only reads `location.search` and
//! calls `history.replaceState`.

use crate::view_model::scopes::{with_scope_param, SCOPE_PARAM};
use crate::view_model::sort::Sort;
use sdrs_models::query::{encode_component, query_pairs};
use sdrs_models::FailureJobQuery;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    pub query: FailureJobQuery,
    pub sort: Option<Sort>,
    /// `job_id` of the job whose drawer is open.
    pub open_job: Option<String>,
    /// The table, or the failures grouped (`group=code`).
    pub list_view: ListView,
    /// The scope this live view shows (`scope=<name>`), when the page
    /// offers several; `None`: the page's only project.
    pub scope: Option<String>,
}

/// How the list shows the failures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListView {
    #[default]
    Table,
    /// One row per error code (`group=code`).
    ByErrorCode,
}

impl ViewState {
    pub fn to_query_string(&self) -> String {
        let mut out = self.query.to_query_string();
        if let Some(sort) = self.sort {
            out.push_str("&sort=");
            out.push_str(&sort.to_param());
        }
        if let Some(job) = &self.open_job {
            out.push_str("&job=");
            out.push_str(&encode_component(job));
        }
        if self.list_view == ListView::ByErrorCode {
            out.push_str("&group=code");
        }
        with_scope_param(self.scope.as_deref(), &out)
    }

    /// Junk is ignored, as in [`FailureJobQuery::from_query_string`].
    pub fn from_query_string(search: &str) -> Self {
        let mut state = ViewState {
            query: FailureJobQuery::from_query_string(search),
            ..Default::default()
        };
        for (key, value) in query_pairs(search) {
            match key.as_str() {
                "sort" => state.sort = Sort::from_param(&value),
                "job" if !value.trim().is_empty() && value.len() <= 128 => state.open_job = Some(value),
                "group" if value == "code" => state.list_view = ListView::ByErrorCode,
                SCOPE_PARAM if !value.trim().is_empty() && value.len() <= 128 => state.scope = Some(value),
                _ => {}
            }
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::sort::{SortDir, SortKey};
    use sdrs_models::FailureStatus;

    #[test]
    fn round_trip() {
        let mut query = FailureJobQuery::default().with_limit(20).with_offset(40);
        query.failure_status = Some(FailureStatus::DeleteFail);
        query.resource_name = Some("a&b".into());
        let state = ViewState {
            query,
            sort: Some(Sort {
                key: SortKey::ErrorCode,
                dir: SortDir::Asc,
            }),
            open_job: Some("ff80#80".into()),
            list_view: ListView::ByErrorCode,
            scope: Some("dr site".into()),
        };
        let text = state.to_query_string();
        assert!(text.starts_with("scope=dr%20site&"), "{text}");
        assert!(text.contains("job=ff80%2380"));
        assert!(text.ends_with("&group=code"), "{text}");
        assert_eq!(ViewState::from_query_string(&format!("?{text}")), state);
    }

    #[test]
    fn junk_is_ignored() {
        let s = ViewState::from_query_string("?sort=zzz&job=&limit=5000&utm=1&group=status");
        assert_eq!(s.list_view, ListView::Table);
        assert!(!ViewState::default().to_query_string().contains("group"));
        // Without a choice of scope the URL is what it always was.
        assert_eq!(ViewState::default().to_query_string(), "limit=50");
        assert_eq!(ViewState::from_query_string("?scope=").scope, None);
        assert_eq!(s.sort, None);
        assert_eq!(s.open_job, None);
        assert_eq!(s.query.limit(), 1000);
    }
}
