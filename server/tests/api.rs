//! The emulated Task Center API over HTTP: list, filters, scope rule, count
//! modes, paging, validation, the sibling calls.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_models::{
    FailureJobList, FailureStatus, JobStatus, JobStatusRecord, ProtectionGroupList, ResourceKind,
};
use serde_json::Value;
use std::collections::HashSet;

fn list_url(base: &str, query: &str) -> String {
    api(base, &format!("task-center/failure-jobs?{query}"))
}

async fn list(base: &str, query: &str) -> Value {
    let r = get(&list_url(base, query)).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
    assert!(r.header("content-type").unwrap().starts_with("application/json"));
    r.json()
}

#[tokio::test]
async fn default_list_is_group_level_newest_first_and_decodes() {
    let base = start(&[]).await;
    let r = get(&list_url(&base, "")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.request_id().len(), 32);
    let list = FailureJobList::from_json(&r.text).unwrap();
    assert_eq!(list.malformed_rows, 0);
    let n = list.failure_jobs.len();
    assert!((150..=250).contains(&n), "{n} group-level tasks");
    assert_eq!(list.count, Some(n as u64));
    assert!(list
        .failure_jobs
        .iter()
        .all(|j| j.resource_type.kind() == Some(ResourceKind::ServerGroup)));
    assert!(list
        .failure_jobs
        .windows(2)
        .all(|w| w[0].begin_time >= w[1].begin_time));
    assert!(list.failure_jobs.iter().all(|j| j.job_status == JobStatus::Fail));
    let spellings: HashSet<_> = list
        .failure_jobs
        .iter()
        .map(|j| j.resource_type.as_str().to_owned())
        .collect();
    assert_eq!(
        spellings,
        HashSet::from(["server_groups".to_owned(), "serverGroup".to_owned()])
    );
}

#[tokio::test]
async fn same_seed_same_data_other_seed_other_data() {
    let (a, b, c) = (
        start(&["--seed", "9"]).await,
        start(&["--seed", "9"]).await,
        start(&["--seed", "10"]).await,
    );
    let (la, lb, lc) = (
        list(&a, "limit=50").await,
        list(&b, "limit=50").await,
        list(&c, "limit=50").await,
    );
    assert_eq!(la, lb);
    assert_ne!(la, lc);
}

#[tokio::test]
async fn scope_rule_and_group_lists() {
    let base = start(&[]).await;
    let groups = group_ids(&base).await;
    assert_eq!(groups.len(), 12);
    let group_level: HashSet<String> = rows(&list(&base, "").await)
        .iter()
        .map(|j| j["job_id"].as_str().unwrap().to_owned())
        .collect();
    let mut total = group_level.len();
    for (i, g) in groups.iter().enumerate() {
        let v = list(&base, &format!("server_group_id={g}")).await;
        let ids: Vec<String> = rows(&v)
            .iter()
            .map(|j| j["job_id"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            ids.iter().all(|id| !group_level.contains(id)),
            "group rows never in the default view"
        );
        total += v["count"].as_u64().unwrap() as usize;
        if i == 0 {
            assert_eq!(ids.len(), 1000, "the first group is big enough to page");
            assert!(v["count"].as_u64().unwrap() > 1000);
        }
        if i == groups.len() - 1 {
            assert!(ids.is_empty(), "the last group has no failures");
        }
    }
    assert_eq!(total, 3000);

    let r = get(&list_url(&base, "server_group_id=no-such-group")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        (r.key().as_str(), r.code().as_str()),
        ("itemNotFound", "SDRS.1013")
    );
}

#[tokio::test]
async fn every_filter() {
    let base = start(&[]).await;
    let g = group_ids(&base).await[0].clone();
    let scope = format!("server_group_id={g}");
    let all = rows(&list(&base, &format!("{scope}&limit=1000")).await);

    for status in FailureStatus::ALL {
        let v = list(&base, &format!("{scope}&failure_status={}", status.as_str())).await;
        assert!(rows(&v).iter().all(|j| j["failure_status"] == status.as_str()));
        let expected = all
            .iter()
            .filter(|j| j["failure_status"] == status.as_str())
            .count();
        assert!(rows(&v).len() >= expected);
    }
    let creates = rows(&list(&base, &format!("{scope}&failure_status=createFail")).await);
    assert!(!creates.is_empty());

    for kind in ResourceKind::ALL {
        let by_filter = list(&base, &format!("{scope}&resource_type={}", kind.filter_value())).await;
        let by_response = list(&base, &format!("{scope}&resource_type={}", kind.response_value())).await;
        assert_eq!(by_filter, by_response);
        let found = rows(&by_filter);
        if *kind != ResourceKind::ServerGroup {
            assert!(!found.is_empty(), "{kind:?}");
        }
        let spellings: HashSet<&str> = found
            .iter()
            .map(|j| j["resource_type"].as_str().unwrap())
            .collect();
        assert!(spellings
            .iter()
            .all(|s| *s == kind.filter_value() || *s == kind.response_value()));
        if found.len() > 20 {
            assert_eq!(spellings.len(), 2, "both spellings of {kind:?}");
        }
    }

    // Substring, case-insensitive, url-encoded.
    let v = list(&base, &format!("{scope}&resource_name=ECS-PROD")).await;
    assert!(!rows(&v).is_empty());
    assert!(rows(&v).iter().all(|j| j["resource_name"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("ecs-prod")));
    let v = list(&base, "resource_name=%E7%94%9F%E4%BA%A7").await; // 生产
    assert!(rows(&v)
        .iter()
        .all(|j| j["resource_name"].as_str().unwrap().contains("生产")));

    // Combined filters, and a filter matching nothing.
    let v = list(
        &base,
        &format!("{scope}&failure_status=expandFail&resource_type=replications&resource_name=rep"),
    )
    .await;
    assert!(
        rows(&v)
            .iter()
            .all(|j| j["failure_status"] == "expandFail"
                && j["resource_name"].as_str().unwrap().contains("rep"))
    );
    let v = list(&base, "resource_name=zzzz-nothing-matches").await;
    assert_eq!((v["count"].as_u64(), rows(&v).len()), (Some(0), 0));

    // Unknown parameters are ignored, an empty name is no filter.
    assert_eq!(
        list(&base, "foo=bar&foo=baz&resource_name=").await,
        list(&base, "").await
    );
}

#[tokio::test]
async fn paging_and_both_count_modes() {
    let total = start(&["--count", "total"]).await;
    let page = start(&["--count", "page"]).await;
    let g = group_ids(&total).await[0].clone();
    let full = list(&total, &format!("server_group_id={g}")).await;
    let n = full["count"].as_u64().unwrap() as usize;
    assert!(n > 1000);

    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let q = format!("server_group_id={g}&limit=400&offset={offset}");
        let (t, p) = (list(&total, &q).await, list(&page, &q).await);
        assert_eq!(rows(&t), rows(&p), "same rows in both modes");
        assert_eq!(t["count"].as_u64().unwrap() as usize, n);
        assert_eq!(p["count"].as_u64().unwrap() as usize, rows(&p).len());
        let got = rows(&t);
        seen.extend(got.iter().map(|j| j["job_id"].as_str().unwrap().to_owned()));
        if got.len() < 400 {
            break;
        }
        offset += 400;
    }
    assert_eq!(seen.len(), n);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        n,
        "no row twice across pages"
    );
    let page1 = rows(&list(&total, &format!("server_group_id={g}&limit=1000")).await);
    assert_eq!(page1.len(), 1000);
    assert_eq!(
        page1[0..400]
            .iter()
            .map(|j| j["job_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        seen[0..400]
    );

    let beyond = list(&total, &format!("server_group_id={g}&offset=999999999")).await;
    assert_eq!(
        (rows(&beyond).len(), beyond["count"].as_u64().unwrap() as usize),
        (0, n)
    );
    let beyond = list(&page, &format!("server_group_id={g}&offset=999999999")).await;
    assert_eq!(beyond["count"], 0);
}

#[tokio::test]
async fn every_parameter_edge_is_a_400_with_its_code() {
    let base = start(&[]).await;
    let long = "x".repeat(256);
    let ten_kb = "n".repeat(10 * 1024);
    let cases: Vec<(String, &str)> = vec![
        ("limit=abc".into(), "SDRS.0221"),
        ("limit=".into(), "SDRS.0221"),
        ("limit=0".into(), "SDRS.0221"),
        ("limit=1001".into(), "SDRS.0221"),
        ("limit=-1".into(), "SDRS.0221"),
        ("limit=1.5".into(), "SDRS.0221"),
        ("limit=%2B5".into(), "SDRS.0221"),
        ("limit=99999999999999999999999999".into(), "SDRS.0221"),
        ("offset=-1".into(), "SDRS.0222"),
        ("offset=abc".into(), "SDRS.0222"),
        ("offset=".into(), "SDRS.0222"),
        ("offset=99999999999999999999999999".into(), "SDRS.0222"),
        ("limit=5&limit=5".into(), "SDRS.0201"),
        ("offset=0&offset=1".into(), "SDRS.0201"),
        (
            "failure_status=createFail&failure_status=deleteFail".into(),
            "SDRS.0201",
        ),
        ("failure_status=migrateFail".into(), "SDRS.0201"),
        ("failure_status=CREATEFAIL".into(), "SDRS.0201"),
        ("resource_type=volumes".into(), "SDRS.0201"),
        ("resource_type=".into(), "SDRS.0201"),
        (format!("resource_name={long}"), "SDRS.0201"),
        (format!("resource_name={ten_kb}"), "SDRS.0201"),
        ("resource_name=%FF%FE".into(), "SDRS.0201"),
        ("resource_name=%C3".into(), "SDRS.0201"),
        ("%FF=1".into(), "SDRS.0201"),
        ("server_group_id=".into(), "SDRS.0207"),
    ];
    for (query, code) in cases {
        let r = get(&list_url(&base, &query)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(r.code(), code, "{query}");
        assert_eq!(r.key(), "error");
        assert_eq!(r.request_id().len(), 32);
    }
    // Limits that pass.
    for ok in [
        "limit=1",
        "limit=1000",
        "limit=0001",
        "offset=0",
        &format!("resource_name={}", "x".repeat(255)),
    ] {
        assert_eq!(get(&list_url(&base, ok)).await.status, StatusCode::OK, "{ok}");
    }
    // Server-group list: same limit/offset codes.
    for (q, code) in [
        ("limit=0", "SDRS.0221"),
        ("offset=-3", "SDRS.0222"),
        ("query_type=nope", "SDRS.0201"),
        ("name=a&name=b", "SDRS.0201"),
    ] {
        let r = get(&api(&base, &format!("server-groups?{q}"))).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::BAD_REQUEST, code.to_owned()),
            "{q}"
        );
    }
}

#[tokio::test]
async fn raw_invalid_utf8_never_reaches_a_500() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let base = start(&[]).await;
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("GET /v1/{PROJECT}/task-center/failure-jobs?resource_name=").into_bytes();
    req.extend_from_slice(&[0xff, 0xfe, b'x']);
    req.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(&req).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let head = String::from_utf8_lossy(&out);
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
}

#[tokio::test]
async fn paths_methods_and_project() {
    let base = start(&[]).await;
    let r = get(&api(&base, "task-center/nothing")).await;
    assert_eq!(
        (r.status, r.key()),
        (StatusCode::NOT_FOUND, "itemNotFound".to_owned())
    );
    for path in [
        "/v1",
        "/v1/",
        &format!("/v1/{PROJECT}/server-groups/x/failover"),
        &format!("/v1/{PROJECT}/server-groups/"),
    ] {
        let r = get(&format!("{base}{path}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        r.code();
    }
    for (method, rest, allow) in [
        (Method::POST, "task-center/failure-jobs", "GET"),
        (Method::PUT, "server-groups", "GET"),
        (Method::GET, "task-center/failure-jobs/batch", "DELETE"),
        (Method::POST, "task-center/failure-jobs/x", "DELETE"),
        (Method::DELETE, "jobs/x", "GET"),
    ] {
        let r = call(method.clone(), &api(&base, rest)).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {rest}");
        assert_eq!(r.header("allow"), Some(allow));
        assert_eq!(r.code(), "SDRS.0201");
    }
    let r = get(&format!(
        "{base}/v1/ffffffffffffffffffffffffffffffff/task-center/failure-jobs"
    ))
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "SDRS.0001".to_owned())
    );
}

#[tokio::test]
async fn delete_one_by_resource_id_or_job_id() {
    let base = start(&[]).await;
    let first = rows(&list(&base, "limit=3").await);
    let count = list(&base, "").await["count"].as_u64().unwrap();

    let by_resource = first[0]["resource_id"].as_str().unwrap();
    let r = call(
        Method::DELETE,
        &api(&base, &format!("task-center/failure-jobs/{by_resource}")),
    )
    .await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::NO_CONTENT, ""));
    assert_eq!(r.request_id().len(), 32);
    let by_job = first[1]["job_id"].as_str().unwrap();
    let r = call(
        Method::DELETE,
        &api(&base, &format!("task-center/failure-jobs/{by_job}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let after = list(&base, "").await;
    assert_eq!(after["count"].as_u64().unwrap(), count - 2);
    assert_eq!(rows(&after)[0], first[2]);
    let r = get(&api(
        &base,
        &format!("jobs/{}", first[0]["job_id"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = call(
        Method::DELETE,
        &api(&base, &format!("task-center/failure-jobs/{by_resource}")),
    )
    .await;
    assert_eq!(
        (r.status, r.key(), r.code()),
        (
            StatusCode::NOT_FOUND,
            "itemNotFound".to_owned(),
            "SDRS.0201".to_owned()
        )
    );

    // A task inside a group is deleted by the same call.
    let g = group_ids(&base).await[1].clone();
    let in_group = rows(&list(&base, &format!("server_group_id={g}&limit=1")).await)[0].clone();
    let r = call(
        Method::DELETE,
        &api(
            &base,
            &format!(
                "task-center/failure-jobs/{}",
                in_group["resource_id"].as_str().unwrap()
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let again = rows(&list(&base, &format!("server_group_id={g}&limit=1")).await);
    assert_ne!(again.first(), Some(&in_group));
}

#[tokio::test]
async fn batch_deletes_clear_exactly_their_scope() {
    let base = start(&[]).await;
    let groups = group_ids(&base).await;
    let count = |v: Value| v["count"].as_u64().unwrap();
    let before: Vec<u64> = {
        let mut out = Vec::new();
        for g in &groups {
            out.push(count(list(&base, &format!("server_group_id={g}")).await));
        }
        out
    };
    let group_level = count(list(&base, "").await);
    assert!(group_level > 0 && before[2] > 0);

    let r = call(
        Method::DELETE,
        &api(&base, &format!("task-center/{}/failure-jobs/batch", groups[2])),
    )
    .await;
    assert_eq!((r.status, r.text.as_str()), (StatusCode::NO_CONTENT, ""));
    for (i, g) in groups.iter().enumerate() {
        let now = count(list(&base, &format!("server_group_id={g}")).await);
        assert_eq!(now, if i == 2 { 0 } else { before[i] }, "group {i}");
    }
    assert_eq!(count(list(&base, "").await), group_level);

    let r = call(Method::DELETE, &api(&base, "task-center/failure-jobs/batch")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(count(list(&base, "").await), 0);
    assert_eq!(
        count(list(&base, &format!("server_group_id={}", groups[0])).await),
        before[0]
    );

    let r = call(
        Method::DELETE,
        &api(&base, "task-center/no-such-group/failure-jobs/batch"),
    )
    .await;
    assert_eq!(
        (r.status, r.key(), r.code()),
        (
            StatusCode::NOT_FOUND,
            "itemNotFound".to_owned(),
            "SDRS.1013".to_owned()
        )
    );
    // Clearing an empty scope is fine.
    let r = call(Method::DELETE, &api(&base, "task-center/failure-jobs/batch")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn job_status_for_listed_jobs() {
    let base = start(&[]).await;
    let g = group_ids(&base).await[0].clone();
    let mut jobs = rows(&list(&base, "limit=25").await);
    jobs.extend(rows(
        &list(&base, &format!("server_group_id={g}&limit=25&offset=100")).await,
    ));
    assert_eq!(jobs.len(), 50);
    for job in &jobs {
        let id = job["job_id"].as_str().unwrap();
        let r = get(&api(&base, &format!("jobs/{id}"))).await;
        assert_eq!(r.status, StatusCode::OK, "{id}");
        let rec = JobStatusRecord::from_json(&r.text).unwrap();
        assert_eq!(rec.status, JobStatus::Fail);
        assert_eq!(rec.job_id, id);
        assert_eq!(rec.job_type, job["job_type"].as_str().unwrap());
        assert_eq!(rec.begin_time, job["begin_time"].as_str().unwrap());
        assert!(rec.end_time > rec.begin_time);
        assert_eq!(rec.error_code.as_deref(), job["error_code"].as_str());
        assert_eq!(rec.fail_reason.as_deref(), job["fail_reason"].as_str());
        let in_group = rec.entities.server_group_id.as_deref() == Some(g.as_str());
        if in_group {
            assert!((1..=4).contains(&rec.entities.sub_jobs.len()));
            let failed: Vec<_> = rec
                .entities
                .sub_jobs
                .iter()
                .filter(|s| s.status == JobStatus::Fail)
                .collect();
            assert_eq!(failed.len(), 1);
            assert_eq!(failed[0].error_code, rec.error_code);
        } else {
            assert_eq!(
                rec.entities.server_group_id.as_deref(),
                job["resource_id"].as_str()
            );
        }
        // Same answer twice.
        assert_eq!(get(&api(&base, &format!("jobs/{id}"))).await.text, r.text);
    }
    let r = get(&api(&base, "jobs/ffffffffffffffffffffffffffffffff")).await;
    assert_eq!(
        (r.status, r.key()),
        (StatusCode::NOT_FOUND, "itemNotFound".to_owned())
    );
}

#[tokio::test]
async fn server_groups_page_and_filter() {
    let base = start(&["--groups", "15"]).await;
    let r = get(&api(&base, "server-groups")).await;
    let all = ProtectionGroupList::from_json(&r.text).unwrap();
    assert_eq!((all.server_groups.len(), all.count), (15, Some(15)));
    let names: Vec<&str> = all.server_groups.iter().map(|g| g.name.as_str()).collect();
    assert!(names.contains(&"生产-数据库组") && names.contains(&"<b>pg</b>"));
    assert!(names.iter().any(|n| n.len() > 150));

    let page = ProtectionGroupList::from_json(&get(&api(&base, "server-groups?limit=4&offset=4")).await.text)
        .unwrap();
    assert_eq!(page.count, Some(15));
    assert_eq!(page.server_groups, all.server_groups[4..8]);

    let by_name = get(&api(&base, "server-groups?name=%E6%95%B0%E6%8D%AE"))
        .await
        .json(); // 数据
    assert_eq!(by_name["server_groups"].as_array().unwrap().len(), 1);
    let by_name = get(&api(&base, "server-groups?name=PG")).await.json();
    assert!(by_name["server_groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["name"].as_str().unwrap().to_lowercase().contains("pg")));

    let by_status = get(&api(&base, "server-groups?status=protected")).await.json();
    let protected = by_status["server_groups"].as_array().unwrap();
    assert!(!protected.is_empty() && protected.iter().all(|g| g["status"] == "protected"));
    assert_eq!(by_status["count"].as_u64().unwrap() as usize, protected.len());
    let abnormal = get(&api(&base, "server-groups?query_type=status_abnormal"))
        .await
        .json();
    assert!(abnormal["server_groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["status"].as_str().unwrap().starts_with("error")));
    let az = get(&api(&base, "server-groups?availability_zone=cn-north-4b"))
        .await
        .json();
    assert!(az["count"].as_u64().unwrap() > 0);
    let none = get(&api(&base, "server-groups?status=nope")).await.json();
    assert_eq!(none["count"], 0);
}
