use super::*;

const PAGE: &[u8] = br#"{"records":[
  {"id":7,"user":"alice","method":"oidc","action":"delete","projectId":"p1","scope":"prod ap3","failureJobId":"job-1","serverGroupId":null,
   "startedAtMs":1764700000000,"completedAtMs":1764700000400,"outcome":"succeeded","upstreamStatus":204,"requestId":"req-7",
   "removed":[{"job_id":"job-1","resource_name":"vm-a","failure_status":"createFail","error_code":"EVS.2024"}]},
  {"id":6,"user":"bob","method":"local","action":"clear_group","projectId":"p1","failureJobId":null,"serverGroupId":"g-1",
   "startedAtMs":1764600000000,"completedAtMs":null,"outcome":"pending","upstreamStatus":null,"requestId":null,"removed":[]},
  "not a record",
  {"id":5,"user":"carol","action":"clear_group_level","outcome":"failed","upstreamStatus":500,"removed":[{"job_id":"j2"},3]}
],"total":60}"#;

#[test]
fn a_page_of_records_decodes_leniently() {
    let page = AuditPage::from_json(PAGE).unwrap();
    assert_eq!((page.records.len(), page.malformed, page.total), (3, 1, 60));
    let first = &page.records[0];
    assert_eq!(
        (first.id, first.user.as_str(), first.action, first.outcome),
        (7, "alice", Some(AuditAction::Delete), Outcome::Succeeded)
    );
    assert_eq!(
        (first.upstream_status, first.request_id.as_deref()),
        (Some(204), Some("req-7"))
    );
    assert_eq!(first.removed.len(), 1);
    assert_eq!(first.removed[0].resource_name, "vm-a");
    assert_eq!(first.removed[0].error_code.as_deref(), Some("EVS.2024"));
    assert_eq!(first.target(), (TeamKey::ScopeJob, Some("job-1")));
    assert_eq!(first.scope.as_deref(), Some("prod ap3"));

    let second = &page.records[1];
    assert_eq!(second.outcome, Outcome::Pending);
    assert_eq!(second.completed_at_ms, None);
    assert_eq!(second.target(), (TeamKey::ScopeGroup, Some("g-1")));
    assert_eq!(second.scope, None, "a server without scopes names none");

    let third = &page.records[2];
    assert_eq!(
        (third.outcome, third.upstream_status),
        (Outcome::Failed, Some(500))
    );
    assert_eq!(third.target(), (TeamKey::ScopeGroupLevel, None));
    // The 3 among the removed records is not a task.
    assert_eq!(third.removed.len(), 1);
}

#[test]
fn a_record_without_a_known_outcome_reads_as_pending() {
    // Written before the upstream call; the server stopped before the second write.
    let page = AuditPage::from_json(br#"{"records":[{"id":1,"action":"rename_all"}]}"#).unwrap();
    let r = &page.records[0];
    assert_eq!(
        (r.outcome, r.action, r.action_raw.as_str()),
        (Outcome::Pending, None, "rename_all")
    );
    assert_eq!(page.total, 1);
    assert_eq!(
        Outcome::Pending.key().text(crate::i18n::Locale::En),
        "pending — outcome unknown"
    );
}

#[test]
fn only_a_body_that_is_not_an_object_is_an_error() {
    assert!(AuditPage::from_json(b"[]").is_err());
    assert!(AuditPage::from_json(b"<html>").is_err());
    assert_eq!(AuditPage::from_json(b"{}").unwrap(), AuditPage::default());
}

#[test]
fn filters_go_to_the_server_encoded_and_only_when_set() {
    let q = AuditQuery {
        user: Some(" a&b ".into()),
        action: Some(AuditAction::ClearGroupLevel),
        from_ms: Some(1000),
        to_ms: Some(2000),
        offset: 50,
    };
    assert_eq!(
        q.records_path(),
        "/audit/records?user=a%26b&action=clear_group_level&from=1000&to=2000&limit=25&offset=50"
    );
    assert_eq!(
        q.csv_path(),
        "/audit/records.csv?user=a%26b&action=clear_group_level&from=1000&to=2000"
    );
    assert_eq!(
        AuditQuery::default().records_path(),
        "/audit/records?limit=25&offset=0"
    );
    assert_eq!(AuditQuery::default().csv_path(), "/audit/records.csv");
}

#[test]
fn the_page_url_round_trips_and_ignores_junk() {
    let q = AuditQuery {
        user: Some("bob".into()),
        action: Some(AuditAction::Delete),
        from_ms: Some(5),
        to_ms: None,
        offset: 25,
    };
    let text = q.to_page_query();
    assert_eq!(text, "view=audit&user=bob&action=delete&from=5&offset=25");
    assert!(is_audit_view(&format!("?{text}")));
    assert_eq!(AuditQuery::from_page_query(&format!("?{text}")), q);
    let junk = AuditQuery::from_page_query("?view=audit&action=drop&from=soon&offset=-3&user=");
    assert_eq!(junk, AuditQuery::default());
    assert!(!is_audit_view("?failure_status=createFail"));
    assert!(!is_audit_view("?view=auditx"));
}

#[test]
fn editing_a_filter_goes_back_to_the_first_page() {
    let q = AuditQuery {
        offset: 75,
        ..Default::default()
    };
    let edited = q.with_filters(|q| q.user = Some("alice".into()));
    assert_eq!((edited.offset, edited.user.as_deref()), (0, Some("alice")));
}

#[test]
fn pages_step_by_the_page_size_within_the_total() {
    let page = AuditPage {
        total: 60,
        ..Default::default()
    };
    assert_eq!(page.neighbours(0), (None, Some(25)));
    assert_eq!(page.neighbours(25), (Some(0), Some(50)));
    assert_eq!(page.neighbours(50), (Some(25), None));
    let one = AuditPage {
        total: 25,
        ..Default::default()
    };
    assert_eq!(one.neighbours(0), (None, None));
}

#[test]
fn methods_have_texts() {
    assert_eq!(method_key("oidc"), Some(TeamKey::MethodOidc));
    assert_eq!(method_key("kerberos"), None);
}

/// An acknowledgement's record names its failure, though the failure is in
/// a protection group, and carries the comment.
#[test]
fn acknowledgements_name_their_failure_and_comment() {
    let body = br#"{"records":[
      {"id":9,"user":"alice","method":"local","action":"withdraw_ack","projectId":"p1","scope":"prod",
       "failureJobId":"job-9","serverGroupId":"g-1","startedAtMs":1,"completedAtMs":1,"outcome":"succeeded",
       "removed":[],"comment":"handed to the storage team"},
      {"id":8,"user":"alice","method":"local","action":"acknowledge","failureJobId":"job-9","comment":""}
    ],"total":2}"#;
    let page = AuditPage::from_json(body).unwrap();
    let withdrawn = &page.records[0];
    assert_eq!(withdrawn.action, Some(AuditAction::WithdrawAck));
    assert_eq!(withdrawn.target(), (TeamKey::ScopeJob, Some("job-9")));
    assert_eq!(withdrawn.comment.as_deref(), Some("handed to the storage team"));
    let acked = &page.records[1];
    assert_eq!(acked.action, Some(AuditAction::Acknowledge));
    assert_eq!(acked.comment, None, "an empty comment is none");
    for action in AuditAction::ALL {
        assert_eq!(AuditAction::from_wire(action.wire()), Some(action));
    }
}
