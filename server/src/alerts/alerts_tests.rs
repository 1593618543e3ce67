use super::answer::{by_status, retry_after, shown, Answer};
use super::markup::{chat_markdown, cut_bytes, plain, slack_mrkdwn, FIELD_CHARS};
use super::redact::display_url;
use super::request::ChannelRequest;
use super::testing::{burst, console, failure, one};
use super::{Alert, AlertEvent, ChannelKind, Outcome};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use url::Url;

#[test]
fn a_digest_lists_some_and_counts_the_rest() {
    let alert = burst();
    assert_eq!((alert.failures.len(), alert.folded, alert.count()), (3, 9, 12));
    assert_eq!(
        alert.headline(),
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert_eq!(
        one("j").headline(),
        "1 new failure in prod-ap-southeast-3 (ap-southeast-3)"
    );
    let mut cleared = Alert::digest(
        AlertEvent::Cleared,
        "dr",
        "",
        vec![failure("a", "x"), failure("b", "y")],
        5,
        console(),
    );
    assert_eq!(
        (cleared.folded, cleared.headline().as_str()),
        (0, "2 cleared failures in dr")
    );
    cleared.failures.clear();
    assert_eq!(cleared.count(), 0);
}

fn params(link: &str) -> Vec<(String, String)> {
    Url::parse(link).unwrap().query_pairs().into_owned().collect()
}

#[test]
fn links_use_the_parameters_the_console_reads() {
    let scope = "dr site&co";
    let alert = Alert::digest(
        AlertEvent::New,
        scope,
        "r",
        vec![failure("ff80#1", "vm")],
        5,
        console(),
    );
    let link = alert.link();
    assert!(link.starts_with("https://sdrs.example.com/console/?"), "{link}");
    let expected = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        params(&link),
        expected(&[
            ("in_scope", scope),
            ("state", "all"),
            ("job", "ff80#1"),
            ("job_scope", scope)
        ])
    );
    assert!(
        !link.contains('#'),
        "a job id's # is encoded, not a fragment: {link}"
    );
    assert_eq!(
        params(&burst().link()),
        expected(&[("in_scope", "prod-ap-southeast-3"), ("state", "open")])
    );
    let mut cleared = burst();
    cleared.event = AlertEvent::Cleared;
    assert_eq!(params(&cleared.link())[1], ("state".into(), "cleared".into()));
    // A base with a query or fragment of its own still links to the page root.
    let mut odd = one("j");
    odd.console = Url::parse("https://c.example/?x=1#top").unwrap();
    assert_eq!(
        odd.link(),
        "https://c.example/?in_scope=prod-ap-southeast-3&state=all&job=j&job_scope=prod-ap-southeast-3"
    );
}

#[test]
fn plain_text_is_one_line_and_bounded() {
    assert_eq!(plain("  a\n\tb\r\n  c  "), "a b c");
    let long = "数".repeat(FIELD_CHARS + 10);
    let cut = plain(&long);
    assert_eq!(cut.chars().count(), FIELD_CHARS + 1);
    assert!(cut.ends_with('…'));
}

#[test]
fn chat_markdown_neutralises_links_tags_and_mentions() {
    assert_eq!(
        chat_markdown("[x](https://e.example) <at id=all></at> @all ![i](u)"),
        "［x］(https:\u{2060}//e.example) ＜at id=all＞＜/at＞ ＠all !［i］(u)"
    );
    assert_eq!(
        chat_markdown("protected_instances *a*"),
        "protected_instances *a*"
    );
    assert_eq!(chat_markdown("a\n# b"), "a # b");
}

#[test]
fn slack_mrkdwn_uses_slacks_escapes() {
    assert_eq!(
        slack_mrkdwn("<!channel> <http://x|y> a&b @here"),
        "&lt;!channel&gt; &lt;http:\u{2060}//x|y&gt; a&amp;b ＠here"
    );
}

#[test]
fn cut_bytes_ends_on_a_character_boundary() {
    assert_eq!(cut_bytes("abc", 3), "abc");
    assert_eq!(cut_bytes("abcdef", 5), "ab…");
    // "数" is 3 bytes, "…" 3: 8 bytes hold one character and the ellipsis.
    assert_eq!(cut_bytes("数据库", 8), "数…");
    assert_eq!(cut_bytes("数据库", 6), "数…");
    assert_eq!(cut_bytes("数据库", 5), "…");
    assert_eq!(cut_bytes("数据库", 2), "");
    for max in 0..20 {
        assert!(cut_bytes(&"数据库abc".repeat(3), max).len() <= max);
    }
}

#[test]
fn displayed_urls_hide_the_credential() {
    let show = |kind, url: &str| display_url(kind, &Url::parse(url).unwrap());
    assert_eq!(
        show(
            ChannelKind::WeCom,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
        ),
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
    );
    assert_eq!(
        show(
            ChannelKind::DingTalk,
            "https://oapi.dingtalk.com/robot/send?access_token=abc123def456&timestamp=1&sign=xyz"
        ),
        "https://oapi.dingtalk.com/robot/send?access_token=…&timestamp=1&sign=…"
    );
    assert_eq!(
        show(
            ChannelKind::Feishu,
            "https://open.feishu.cn/open-apis/bot/v2/hook/2b5f2d4e-0c1a-4d7b"
        ),
        "https://open.feishu.cn/open-apis/bot/v2/hook/…"
    );
    assert_eq!(
        show(
            ChannelKind::Slack,
            "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
        ),
        "https://hooks.slack.com/services/…"
    );
    assert_eq!(
        show(ChannelKind::Slack, "https://proxy.example/other/XXXX"),
        "https://proxy.example/…"
    );
    assert_eq!(
        show(
            ChannelKind::Webhook,
            "https://user:pw@hooks.example:8443/in?team=dr&token=s3cr3t"
        ),
        "https://…@hooks.example:8443/in?team=…&token=…"
    );
    assert_eq!(
        show(ChannelKind::Alertmanager, "http://am:9093/"),
        "http://am:9093/"
    );
}

#[test]
fn a_requests_debug_shows_no_key() {
    let req = ChannelRequest::post_json(
        ChannelKind::WeCom,
        Url::parse("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY-0123").unwrap(),
        &serde_json::json!({"a": 1}),
    );
    let debug = format!("{req:?}");
    assert!(!debug.contains("SECRETKEY"), "{debug}");
    assert!(debug.contains("key=…"));
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
    let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
    assert_eq!(retry_after(&later, now), Some(Duration::from_secs(90)));
    let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
    assert_eq!(retry_after(&earlier, now), Some(Duration::ZERO));
    assert_eq!(retry_after("soon", now), None);
}

fn status(code: u16, retry: Option<&'static str>) -> Outcome {
    by_status(&Answer {
        status: code,
        retry_after: retry,
        body: b"",
        received: SystemTime::UNIX_EPOCH,
    })
    .unwrap_or(Outcome::Delivered)
}

#[test]
fn statuses_decide_retry_or_configuration() {
    assert_eq!(status(200, None), Outcome::Delivered);
    assert!(
        matches!(status(429, Some("7")), Outcome::Retry { after: Some(d), .. } if d == Duration::from_secs(7))
    );
    assert!(matches!(
        status(503, Some("3")),
        Outcome::Retry { after: Some(_), .. }
    ));
    assert!(matches!(status(408, None), Outcome::Retry { after: None, .. }));
    for code in [301, 400, 401, 403, 404, 410, 422] {
        assert!(
            matches!(status(code, None), Outcome::Misconfigured { .. }),
            "{code}"
        );
    }
}

#[test]
fn a_reason_hides_long_tokens_and_stays_short() {
    assert_eq!(shown("no_service"), ": no_service");
    assert_eq!(
        shown("bad https://x/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa\nend"),
        ": bad https://x/send?key=… end"
    );
    assert_eq!(shown("   "), "");
    assert!(shown(&"word ".repeat(100)).chars().count() <= 163);
}

#[test]
fn each_kind_reads_its_own_answer() {
    let body = br#"{"errcode":310000,"errmsg":"keywords not in content"}"#;
    let answer = Answer {
        status: 200,
        retry_after: None,
        body,
        received: SystemTime::UNIX_EPOCH,
    };
    let misread: Vec<&str> = ChannelKind::ALL
        .into_iter()
        .filter(|k| matches!(k.classify(&answer), Outcome::Misconfigured { .. }))
        .map(ChannelKind::as_str)
        .collect();
    // Only DingTalk reads `errcode` 310000 as its configuration error.
    assert_eq!(misread, ["dingtalk"]);
    let mut names: Vec<&str> = ChannelKind::ALL.into_iter().map(ChannelKind::as_str).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 7);
}
