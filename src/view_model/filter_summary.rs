//! The one-line account of the filters that stands for the filter form on
//! a narrow panel: "Any status · Protection-group level · 200 tasks".

use crate::i18n::{fill, Key, Labelled, Locale};
use crate::view_model::format::{count, one_line, short_id};
use sdrs_models::paging::{MoreRows, Paging};
use sdrs_models::FailureJobQuery;

/// Characters of a resource name filter quoted in the summary.
const NAME_CHARS: usize = 24;

/// The summary of `query`: status, scope, the resource type and name when
/// set, and how many tasks match. `group_name` names the query's group when
/// the group list knows it. `counted` is the last load (its query and
/// paging): its count is told only when it was of these filters, so a
/// count never belongs to the filters before a change.
pub fn filter_summary(
    query: &FailureJobQuery,
    group_name: Option<&str>,
    counted: Option<(&FailureJobQuery, &Paging)>,
    locale: Locale,
) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(5);
    parts.push(match &query.failure_status {
        Some(status) => status.label(locale).into_owned(),
        None => Key::FilterAnyStatus.text(locale).to_owned(),
    });
    parts.push(match (&query.server_group_id, group_name) {
        (None, _) => Key::FilterGroupLevel.text(locale).to_owned(),
        (Some(_), Some(name)) => one_line(name, NAME_CHARS),
        (Some(id), None) => short_id(id),
    });
    if let Some(kind) = query.resource_type {
        parts.push(kind.label(locale).into_owned());
    }
    if let Some(name) = &query.resource_name {
        let name = one_line(name, NAME_CHARS);
        parts.push(fill(Key::FilterSummaryName.text(locale), &[("name", &name)]).into_owned());
    }
    if let Some(tasks) = counted
        .filter(|(loaded, _)| loaded.same_filters(query))
        .and_then(|(_, paging)| task_count(paging, locale))
    {
        parts.push(tasks);
    }
    parts.join(" · ")
}

/// "200 tasks" with a total; "50+ tasks" when a full page is all that is
/// known; `None` when nothing is.
fn task_count(paging: &Paging, locale: Locale) -> Option<String> {
    let (key, n) = match (paging.total, paging.more) {
        (Some(1), _) => return Some(Key::TaskCountOne.text(locale).to_owned()),
        (Some(total), _) => (Key::TaskCount, total),
        (None, MoreRows::No) => return None,
        (None, _) => (Key::TaskCountAtLeast, paging.offset + paging.rows_on_page),
    };
    Some(fill(key.text(locale), &[("n", &count(n))]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::{FailureStatus, ResourceKind};

    fn query(set: impl FnOnce(&mut FailureJobQuery)) -> FailureJobQuery {
        let mut q = FailureJobQuery::default();
        set(&mut q);
        q
    }

    fn paging(offset: u64, limit: u32, rows: usize, count: Option<u64>) -> Paging {
        Paging::from_response(offset, limit, rows, count)
    }

    #[test]
    fn defaults_read_as_the_issue_writes_them() {
        let q = FailureJobQuery::default();
        let p = paging(0, 50, 50, Some(200));
        assert_eq!(
            filter_summary(&q, None, Some((&q, &p)), Locale::En),
            "Any status · Protection-group level · 200 tasks"
        );
        assert_eq!(
            filter_summary(&q, None, Some((&q, &p)), Locale::Zh),
            "全部状态 · 保护组级别 · 200 个任务"
        );
    }

    #[test]
    fn every_set_filter_is_named() {
        let q = query(|q| {
            q.failure_status = Some(FailureStatus::ExpandFail);
            q.resource_type = Some(ResourceKind::Replication);
            q.server_group_id = Some("5ff3e6e5-1a41-4d0c-9b3c-ebd5b8a1c001".into());
            q.resource_name = Some("db-primary".into());
        });
        let p = paging(0, 50, 3, Some(3));
        assert_eq!(
            filter_summary(&q, Some("pg-web-prod"), Some((&q, &p)), Locale::En),
            "Expand failed · pg-web-prod · Replication pair · Name “db-primary” · 3 tasks"
        );
        assert_eq!(
            filter_summary(&q, Some("pg-web-prod"), Some((&q, &p)), Locale::Zh),
            "扩容失败 · pg-web-prod · 复制对 · 名称“db-primary” · 3 个任务"
        );
    }

    #[test]
    fn a_group_the_list_does_not_know_shows_its_short_id() {
        let q = query(|q| q.server_group_id = Some("5ff3e6e5-1a41-4d0c-9b3c-ebd5b8a1c001".into()));
        assert_eq!(
            filter_summary(&q, None, None, Locale::En),
            "Any status · 5ff3e6…c001"
        );
    }

    #[test]
    fn counts_say_one_task_thousands_and_at_least() {
        let q = FailureJobQuery::default();
        let one = paging(0, 50, 1, Some(1));
        assert_eq!(
            filter_summary(&q, None, Some((&q, &one)), Locale::En),
            "Any status · Protection-group level · 1 task"
        );
        let many = paging(0, 50, 50, Some(3000));
        assert!(filter_summary(&q, None, Some((&q, &many)), Locale::En).ends_with("· 3,000 tasks"));
        // A full second page and a count that is only the page's: more may follow.
        let page = paging(50, 50, 50, Some(50));
        assert!(filter_summary(&q, None, Some((&q, &page)), Locale::En).ends_with("· 100+ tasks"));
        assert!(filter_summary(&q, None, Some((&q, &page)), Locale::Zh).ends_with("· 100+ 个任务"));
        let empty = paging(0, 50, 0, Some(0));
        assert!(filter_summary(&q, None, Some((&q, &empty)), Locale::En).ends_with("· 0 tasks"));
    }

    #[test]
    fn a_count_of_other_filters_is_not_told() {
        let before = FailureJobQuery::default();
        let now = query(|q| q.failure_status = Some(FailureStatus::CreateFail));
        let p = paging(0, 50, 50, Some(200));
        assert_eq!(
            filter_summary(&now, None, Some((&before, &p)), Locale::En),
            "Create failed · Protection-group level"
        );
        // Another page of the same filters still counts.
        let page_two = now.clone().with_offset(50);
        let p = paging(50, 50, 50, Some(200));
        assert!(filter_summary(&now, None, Some((&page_two, &p)), Locale::En).ends_with("· 200 tasks"));
    }

    #[test]
    fn a_long_name_is_cut_to_one_short_line() {
        let q = query(|q| q.resource_name = Some("a-very-long-resource-name-that-goes-on\nand-on".into()));
        assert_eq!(
            filter_summary(&q, None, None, Locale::En),
            "Any status · Protection-group level · Name “a-very-long-resource-nam…”"
        );
    }
}
