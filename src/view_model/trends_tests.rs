use super::*;
use serde_json::json;

const DAY: i64 = 86_400_000;
/// 2026-12-01T00:00:00Z.
const DEC_1: i64 = 1_796_083_200_000;

fn answer() -> Value {
    json!({
        "from": "2026-12-01T00:00:00.000Z",
        "to": "2026-12-04T00:00:00.000Z",
        "from_ms": DEC_1,
        "to_ms": DEC_1 + 3 * DAY,
        "bucket": "day",
        "total": 9,
        "bars": [
            {"start": "2026-12-01T00:00:00.000Z", "start_ms": DEC_1, "total": 5,
             "by_status": [{"failure_status": "createFail", "count": 3}, {"failure_status": "failoverFail", "count": 2}]},
            {"start": "2026-12-02T00:00:00.000Z", "start_ms": DEC_1 + DAY, "total": 0, "by_status": []},
            {"start": "2026-12-03T00:00:00.000Z", "start_ms": DEC_1 + 2 * DAY, "total": 4,
             "by_status": [{"failure_status": "madeUpFail", "count": 4}]}
        ],
        "top_codes": [{"error_code": "SDRS.1006", "count": 6}, {"error_code": null, "count": 3}],
        "top_groups": [{"scope": "prod", "server_group_id": "g-1", "count": 9}],
        "time_to_clear": {"cleared": 4, "median_secs": 12_000, "p90_secs": 90_061}
    })
}

fn read(v: &Value) -> ReadTrends {
    decode_trends(v.to_string().as_bytes()).expect("an object")
}

#[test]
fn the_path_names_window_bucket_and_scope_encoded() {
    let mut p = TrendsParams::default();
    assert_eq!(p.path(), "/api/journal/trends?window=7d&bucket=day");
    p = p.with_window(TrendWindow::Day);
    assert_eq!(p.bucket, TrendBucket::Hour, "a day starts per hour");
    p.scope = Some("prod & dr".into());
    assert_eq!(
        p.path(),
        "/api/journal/trends?window=24h&bucket=hour&scope=prod%20%26%20dr"
    );
    assert_eq!(p.with_window(TrendWindow::Quarter).bucket, TrendBucket::Day);
    assert!(TrendWindow::Week.allows_hours());
    assert!(!TrendWindow::Month.allows_hours());
    for w in TrendWindow::ALL {
        assert_eq!(TrendWindow::parse(w.param()), Some(w));
    }
}

#[test]
fn a_good_answer_reads_whole() {
    let r = read(&answer());
    assert_eq!(r.malformed, 0);
    let t = &r.trends;
    assert_eq!((t.total, t.bars.len(), t.bucket), (9, 3, TrendBucket::Day));
    assert_eq!(t.top_codes[1].error_code, None);
    assert_eq!(t.top_groups[0].server_group_id, "g-1");
    assert_eq!(t.time_to_clear.p90_secs, Some(90_061));
}

#[test]
fn bad_parts_are_counted_and_left_out_never_fatal() {
    let mut v = answer();
    v["bars"].as_array_mut().unwrap().extend([
        json!("not a bar"),
        json!({"start_ms": "soon", "by_status": []}),
        json!({"start_ms": DEC_1, "by_status": []}),
        json!({"start_ms": DEC_1 - DAY, "by_status": [{"failure_status": 7, "count": 1}]}),
    ]);
    v["top_codes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"error_code": 5, "count": 1}));
    v["top_groups"] = json!("nope");
    v["time_to_clear"] = json!({"cleared": -3, "median_secs": "x"});
    let r = read(&v);
    // Two unreadable bars, one with a bad status, one duplicate start, one code.
    assert_eq!(r.malformed, 5);
    assert_eq!(r.trends.bars.len(), 3);
    assert!(r.trends.top_groups.is_empty());
    assert_eq!(r.trends.time_to_clear, TimeToClear::default());
    assert!(decode_trends(b"[1,2]").is_err());
    assert!(decode_trends(b"garbage").is_err());
    let empty = decode_trends(b"{}").unwrap();
    assert_eq!((empty.trends.total, empty.trends.bars.len()), (0, 0));
    assert!(timeline(&empty.trends).buckets.is_empty());
}

#[test]
fn bars_out_of_order_are_sorted_and_too_many_are_capped() {
    let bars: Vec<Value> = (0..(MAX_BARS as i64 + 10))
        .rev()
        .map(|i| json!({"start_ms": DEC_1 + i * 3_600_000, "by_status": [{"failure_status": "createFail", "count": u64::MAX}]}))
        .collect();
    let r = read(&json!({"bucket": "hour", "bars": bars}));
    assert_eq!(r.trends.bars.len(), MAX_BARS);
    assert_eq!(r.malformed, 10);
    assert!(r.trends.bars.windows(2).all(|w| w[0].start_ms < w[1].start_ms));
    assert_eq!(r.trends.total, u64::MAX, "a sum past u64 saturates");
    let tl = timeline(&r.trends);
    assert_eq!(tl.buckets[0].total, u32::MAX, "a count past u32 saturates");
    assert_eq!(tl.buckets[0].end_ms, tl.buckets[1].start_ms);
}

#[test]
fn the_timeline_has_a_series_per_status_and_every_bar() {
    let r = read(&answer());
    let tl = timeline(&r.trends);
    assert_eq!(tl.size, BucketSize::Day);
    assert_eq!(
        tl.series,
        vec![
            FailureStatus::CreateFail,
            FailureStatus::FailoverFail,
            FailureStatus::parse("madeUpFail")
        ]
    );
    let totals: Vec<u32> = tl.buckets.iter().map(|b| b.total).collect();
    assert_eq!(totals, [5, 0, 4]);
    assert_eq!(tl.buckets[0].counts, [3, 2, 0]);
    assert_eq!(
        tl.buckets[2].end_ms,
        DEC_1 + 3 * DAY,
        "the last ends at the window's end"
    );
    assert_eq!(tl.total(), r.trends.total);
}

#[test]
fn a_picked_bar_spans_its_start_to_the_next_start_or_the_window_end() {
    let t = read(&answer()).trends;
    assert_eq!(
        bars_pick(&t, 0, 0, Some(&FailureStatus::CreateFail)),
        Some(Picked::Began {
            from: "2026-12-01T00:00:00.000Z".into(),
            before: "2026-12-02T00:00:00.000Z".into(),
            failure_status: Some("createFail".into()),
        })
    );
    assert_eq!(
        bars_pick(&t, 2, 1, None),
        Some(Picked::Began {
            from: "2026-12-02T00:00:00.000Z".into(),
            before: "2026-12-04T00:00:00.000Z".into(),
            failure_status: None,
        })
    );
    assert_eq!(bars_pick(&t, 0, 3, None), None);
    assert_eq!(utc_text(t.to_ms), "2026-12-04 00:00");
    // Without the server's texts, the instants are written from the ms.
    let mut bare = t.clone();
    bare.to.clear();
    for b in &mut bare.bars {
        b.start.clear();
    }
    assert_eq!(
        bars_pick(&bare, 2, 2, None),
        Some(Picked::Began {
            from: "2026-12-03T00:00:00.000Z".into(),
            before: "2026-12-04T00:00:00.000Z".into(),
            failure_status: None,
        })
    );
}

#[test]
fn times_to_clear_read_as_words() {
    use Locale::*;
    assert_eq!(clear_duration(12_000, En), "3 h 20 min");
    assert_eq!(clear_duration(90_061, En), "1 d 1 h");
    assert_eq!(clear_duration(2 * 86_400 + 59, En), "2 d");
    assert_eq!(clear_duration(45, En), "45 s");
    assert_eq!(clear_duration(0, En), "0 s");
    assert_eq!(clear_duration(125, En), "2 min 5 s");
    assert_eq!(clear_duration(7_200, En), "2 h");
    assert_eq!(clear_duration(12_000, Zh), "3 小时 20 分钟");
    assert_eq!(clear_duration(u64::MAX, En), "213,503,982,334,601 d 7 h");
    let ttc = read(&answer()).trends.time_to_clear;
    assert_eq!(
        clear_summary(&ttc, En),
        "Of 4 cleared failures, half cleared within 3 h 20 min and 90% within 1 d 1 h."
    );
    assert_eq!(
        clear_summary(&TimeToClear::default(), En),
        TrendsKey::ClearNone.text(En)
    );
}

#[test]
fn a_code_means_what_the_catalog_says() {
    let catalog = CodeCatalog::from_json(
        &json!({
            "sdrs": [{"area": "Protection groups", "codes": {"SDRS.1006": ["The group is busy.", "Wait."]}}],
            "services": [],
            "http": {}
        })
        .to_string(),
    );
    let Some(catalog) = catalog else {
        panic!("the test catalog parses");
    };
    assert_eq!(code_meaning(&catalog, "sdrs.1006"), Some("The group is busy."));
    assert_eq!(code_meaning(&catalog, "SDRS.9999"), None);
}

#[test]
fn instants_at_the_ends_of_time_neither_panic_nor_wrap() {
    let r = read(&json!({
        "bucket": "hour",
        "bars": [
            {"start_ms": i64::MIN, "by_status": []},
            {"start_ms": i64::MAX, "by_status": [{"failure_status": "createFail", "count": 1}]}
        ]
    }));
    let t = &r.trends;
    let tl = timeline(t);
    assert_eq!(tl.buckets[0].end_ms, i64::MAX);
    assert_eq!(tl.buckets[1].end_ms, i64::MAX, "saturates one bucket on");
    for b in &tl.buckets {
        let _ = crate::view_model::timeline_axis::bucket_label(b.start_ms, b.end_ms, tl.size, &|_| 0);
    }
    let _ = crate::view_model::timeline_axis::summary(&tl, Locale::En, &|_| 0);
    assert!(bars_pick(t, 0, 1, None).is_some());
    let _ = utc_text(i64::MIN);
}
