use super::*;

#[test]
fn an_acknowledgement_names_each_entry_by_scope_and_job() {
    let a = entry_of("prod ap3", "j1");
    let b = entry_of("dr", "j2");
    let body: serde_json::Value =
        serde_json::from_str(&ack_body(&[&a, &b], "  quota raised, OPS-12 \n")).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "entries": [{"scope": "prod ap3", "job_id": "j1"}, {"scope": "dr", "job_id": "j2"}],
            "comment": "quota raised, OPS-12",
        })
    );
}

#[test]
fn a_withdrawal_names_each_entry_by_scope_and_job() {
    let a = entry_of("prod ap3", "j1");
    let body: serde_json::Value = serde_json::from_str(&ack_withdraw_body(&[&a])).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"entries": [{"scope": "prod ap3", "job_id": "j1"}]})
    );
}

fn entry_of(scope: &str, job_id: &str) -> JournalEntry {
    JournalEntry {
        scope: scope.into(),
        region: String::new(),
        project_id: "p".into(),
        server_group_id: None,
        job: sdrs_models::FailureJob {
            job_id: job_id.into(),
            ..Default::default()
        },
        first_seen: String::new(),
        last_seen: String::new(),
        gone_since: None,
        cleared: None,
        ack: None,
    }
}
use sdrs_models::{FailureStatus, ResourceKind};

#[test]
fn url_round_trip() {
    let mut filters = FailureJobQuery::default().with_limit(20).with_offset(40);
    filters.failure_status = Some(FailureStatus::DeleteFail);
    filters.resource_type = Some(ResourceKind::Replication);
    filters.resource_name = Some("a&b".into());
    let view = JournalView {
        filters,
        scope: Some("dr site".into()),
        state: StateFilter::Cleared,
        error_code: Some("SDRS.1006".into()),
        begun_from: Some("2026-12-01T00:00:00Z".into()),
        begun_before: None,
        open: Some(EntryKey {
            scope: "prod".into(),
            job_id: "ff80#1".into(),
        }),
    };
    let text = view.to_query_string();
    assert_eq!(
        text,
        "failure_status=deleteFail&resource_name=a%26b&resource_type=replications&limit=20&offset=40\
         &in_scope=dr%20site&state=cleared&error_code=SDRS.1006&begun_from=2026-12-01T00%3A00%3A00Z\
         &job=ff80%231&job_scope=prod"
    );
    assert_eq!(JournalView::from_query_string(&format!("?{text}")), view);
}

#[test]
fn defaults_and_junk() {
    let view = JournalView::from_query_string("?state=gone&in_scope=&job=x&limit=0");
    assert_eq!(view.state, StateFilter::Open, "the default is still failing");
    assert_eq!(view.scope, None);
    assert_eq!(view.open, None, "a job without its scope opens nothing");
    assert_eq!(view.filters.limit(), 1);
    assert_eq!(JournalView::default().to_query_string(), "limit=50");
}

#[test]
fn query_names_every_filter_for_the_server() {
    let mut view = JournalView::from_query_string(
        "?failure_status=createFail&resource_type=protected_instances&resource_name=%20web%20&server_group_id=pg-1&in_scope=prod&state=all&offset=100",
    );
    assert_eq!(
        view.page_path(),
        "/api/journal?scope=prod&failure_status=createFail&resource_type=protected%5Finstances\
         &resource_name=web&server_group_id=pg%2D1&state=all&limit=50&offset=100"
    );
    assert_eq!(
        view.csv_path(),
        "/api/journal.csv?scope=prod&failure_status=createFail&resource_type=protected%5Finstances\
         &resource_name=web&server_group_id=pg%2D1&state=all"
    );
    view.state = StateFilter::Open;
    view.scope = None;
    view.filters = FailureJobQuery::default();
    assert_eq!(view.page_path(), "/api/journal?state=open&limit=50&offset=0");
    assert_eq!(view.csv_path(), "/api/journal.csv?state=open");
}

#[test]
fn editing_filters_goes_to_the_first_page_and_closes_the_entry() {
    let view = JournalView::from_query_string("?offset=100&job=j&job_scope=s");
    assert!(view.open.is_some());
    let next = view.with_filters(|v| v.state = StateFilter::All);
    assert_eq!(
        (next.filters.offset(), next.open.clone(), next.state),
        (0, None, StateFilter::All)
    );
}

#[test]
fn server_paths_encode_names() {
    assert_eq!(retry_path("dr site/2"), "/api/scopes/dr%20site%2F2/retry");
    let entry: JournalEntry = serde_json::from_str(
        r#"{"scope":"prod","project_id":"p 1","job":{"job_id":"ff80/1","resource_id":"r/9"},"first_seen":"","last_seen":""}"#,
    )
    .unwrap();
    assert_eq!(
        delete_path("/scopes/prod/", &entry),
        "/scopes/prod/v1/p%201/task-center/failure-jobs/r%2F9",
        "the delete rule's id: the resource id when there is one"
    );
    let no_resource = JournalEntry {
        job: sdrs_models::FailureJob {
            job_id: "j1".into(),
            ..Default::default()
        },
        ..entry
    };
    assert_eq!(
        delete_path("", &no_resource),
        "/v1/p%201/task-center/failure-jobs/j1"
    );
}

#[test]
fn a_page_decodes_leniently_with_its_exact_total() {
    let body = br#"{"total":1203,"entries":[
        {"scope":"prod","job":{"job_id":"j1","failure_status":"createFail","begin_time":"2026-12-06T18:00:00Z","resource_name":7},
         "first_seen":"2026-12-06T18:01:00Z","last_seen":"2026-12-06T18:59:00Z",
         "gone_since":"2026-12-06T19:00:00Z","cleared":{"by":"console","audit_id":3,"user":"ana"}},
        "not an entry",
        {"scope":"dr"},
        {"scope":"dr","job":{"job_id":"j2"},"first_seen":"a","last_seen":"b","region":"ap-southeast-2"}
    ]}"#;
    let read = decode_page(body).unwrap();
    assert_eq!(read.page.total, 1203, "the server's total, not the page's length");
    assert_eq!(read.malformed, 2);
    let ids: Vec<_> = read.page.entries.iter().map(|e| e.job.job_id.as_str()).collect();
    assert_eq!(ids, ["j1", "j2"]);
    assert_eq!(
        read.page.entries[0].job.resource_name, "7",
        "fields read as the list reads them"
    );
    assert_eq!(read.page.entries[1].region, "ap-southeast-2");

    let no_total = decode_page(br#"{"entries":[]}"#).unwrap();
    assert_eq!((no_total.page.total, no_total.malformed), (0, 0));
    assert!(decode_page(b"[1]").is_err());
    assert!(decode_page(b"<html>").is_err());
}
