use super::*;

/// `2026-03-01T10:00:00Z` read as the number 20260301100000: ordered like
/// the times (all in one zone here); anything else unreadable.
fn parse(t: &str) -> Option<f64> {
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14).then(|| digits.parse().ok()).flatten()
}

fn job(id: &str, code: Option<&str>, name: &str, resource_id: &str, at: &str) -> Arc<FailureJob> {
    Arc::new(FailureJob {
        job_id: id.into(),
        error_code: code.map(str::to_owned),
        resource_name: name.into(),
        resource_id: resource_id.into(),
        begin_time: at.into(),
        ..Default::default()
    })
}

fn sample() -> Vec<Arc<FailureJob>> {
    vec![
        job("j1", Some("SDRS.0406"), "web-1", "r1", "2026-03-01T10:00:00Z"),
        job("j2", Some("EVS.2021"), "db-1", "r2", "2026-03-01T09:00:00Z"),
        job("j3", Some("SDRS.0406"), "web-2", "r3", "2026-03-01T08:00:00Z"),
        job("j4", None, "", "r4", "2026-03-01T07:00:00Z"),
        job("j5", Some(" SDRS.0406 "), "web-1", "r1", "2026-02-28T23:30:00Z"),
        job("j6", Some(""), "cache", "r5", "not a time"),
        job("j7", Some("EVS.2021"), "db-2", "r6", "2026-03-01T11:00:00Z"),
    ]
}

fn ids(g: &CodeGroup) -> Vec<&str> {
    g.jobs.iter().map(|j| j.job_id.as_str()).collect()
}

#[test]
fn one_group_per_code_largest_first_no_code_last_among_equals() {
    let groups = group_by_code(&sample(), parse);
    let codes: Vec<Option<&str>> = groups.iter().map(|g| g.code.as_deref()).collect();
    assert_eq!(codes, vec![Some("SDRS.0406"), Some("EVS.2021"), None]);
    assert_eq!(
        groups.iter().map(CodeGroup::count).collect::<Vec<_>>(),
        vec![3, 2, 2]
    );
    // Service order kept inside a group; a padded code is the same code,
    // a blank one is no code.
    assert_eq!(ids(&groups[0]), vec!["j1", "j3", "j5"]);
    assert_eq!(ids(&groups[1]), vec!["j2", "j7"]);
    assert_eq!(ids(&groups[2]), vec!["j4", "j6"]);
    assert_eq!(groups[2].key(), "");
}

#[test]
fn counts_add_up_to_the_rows() {
    let rows = sample();
    let total: usize = group_by_code(&rows, parse).iter().map(CodeGroup::count).sum();
    assert_eq!(total, rows.len());
    assert!(group_by_code(&[], parse).is_empty());
}

#[test]
fn ties_sort_by_code() {
    let rows = vec![
        job("a", Some("VPC.0001"), "x", "1", ""),
        job("b", Some("ECS.0001"), "y", "2", ""),
        job("c", None, "z", "3", ""),
    ];
    let codes: Vec<String> = group_by_code(&rows, parse)
        .iter()
        .map(|g| g.key().to_owned())
        .collect();
    assert_eq!(codes, vec!["ECS.0001", "VPC.0001", ""]);
}

#[test]
fn span_is_the_earliest_and_latest_begin_time_whatever_the_order() {
    let groups = group_by_code(&sample(), parse);
    assert_eq!(
        groups[0].span,
        Some(("2026-02-28T23:30:00Z".into(), "2026-03-01T10:00:00Z".into()))
    );
    assert_eq!(
        groups[1].span,
        Some(("2026-03-01T09:00:00Z".into(), "2026-03-01T11:00:00Z".into()))
    );
    // An unreadable time is left out; one readable time spans itself.
    assert_eq!(
        groups[2].span,
        Some(("2026-03-01T07:00:00Z".into(), "2026-03-01T07:00:00Z".into()))
    );
    let unreadable = group_by_code(&[job("x", None, "n", "1", "soon")], parse);
    assert_eq!(unreadable[0].span, None);
}

#[test]
fn resources_are_distinct_named_or_by_id() {
    let groups = group_by_code(&sample(), parse);
    let labels = |g: &CodeGroup| {
        g.resources
            .iter()
            .map(|r| r.label().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(&groups[0]), vec!["web-1", "web-2"]);
    assert_eq!(labels(&groups[2]), vec!["r4", "cache"]);
    let (shown, more) = groups[0].resources_shown(1);
    assert_eq!((shown.len(), shown[0].label(), more), (1, "web-1", 1));
    assert_eq!(groups[0].resources_shown(5).1, 0);
    let nameless = group_by_code(&[job("x", None, " ", "", "")], parse);
    assert!(nameless[0].resources.is_empty());
}

#[test]
fn a_delete_asks_once_per_resource() {
    let groups = group_by_code(&sample(), parse);
    // j1 and j5 are failures of one resource: the service deletes by it.
    assert_eq!(
        delete_plan(&groups[0].jobs),
        vec![("r1".to_owned(), 2), ("r3".to_owned(), 1)]
    );
    let without_resource = vec![job("j9", None, "n", "", "")];
    assert_eq!(delete_plan(&without_resource), vec![("j9".to_owned(), 1)]);
}

#[test]
fn failures_of_the_same_resources_with_other_codes_are_counted() {
    let mut rows = sample();
    rows.push(job("j8", Some("ECS.0114"), "web-2", "r3", "2026-03-01T12:00:00Z"));
    let groups = group_by_code(&rows, parse);
    let sdrs = groups.iter().find(|g| g.key() == "SDRS.0406").unwrap();
    assert_eq!(taken_along(&sdrs.jobs, &rows), 1);
    let evs = groups.iter().find(|g| g.key() == "EVS.2021").unwrap();
    assert_eq!(taken_along(&evs.jobs, &rows), 0);
}
