use super::dingtalk::{self, DingTalkSettings};
use super::feishu::{self, FeishuSettings};
use super::wecom::{self, WeComSettings, CONTENT_BYTES};
use crate::aksk::credentials::Secret;
use crate::alerts::testing::*;
use crate::alerts::{Alert, AlertEvent, Outcome};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::time::Duration;
use url::Url;

const DINGTALK_URL: &str =
    "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef";
const DINGTALK_SECRET: &str = "SEC0123456789abcdef0123456789abcdef";
const NOW_MS: i64 = 1_700_000_000_000;

fn dingtalk_settings(keyword: Option<&str>) -> DingTalkSettings {
    DingTalkSettings {
        url: Url::parse(DINGTALK_URL).unwrap(),
        keyword: keyword.map(str::to_owned),
    }
}

#[test]
fn dingtalk_sign_verifies_with_the_documented_algorithm() {
    let secret = Secret::new(DINGTALK_SECRET);
    let req = dingtalk::request(&dingtalk_settings(None), Some(&secret), &one("job-1"), NOW_MS);
    let pairs: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(
        get("access_token").as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    let timestamp = get("timestamp").unwrap();
    assert_eq!(timestamp, "1700000000000", "milliseconds");
    // base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret)), URL-decoded above.
    let message = format!("{timestamp}\n{DINGTALK_SECRET}");
    let expected = STANDARD.encode(hmac256(DINGTALK_SECRET.as_bytes(), message.as_bytes()));
    assert_eq!(get("sign"), Some(expected));
}

#[test]
fn dingtalk_sign_matches_a_vector_computed_with_python() {
    // python3 -c "import hmac,hashlib,base64,urllib.parse; s='SEC0123456789abcdef0123456789abcdef';
    //   ts='1700000000000'; d=hmac.new(s.encode(), (ts+'\n'+s).encode(), hashlib.sha256).digest();
    //   b=base64.b64encode(d).decode(); print(b); print(urllib.parse.quote_plus(b))"
    // hJ95/XWePTzrSwXDHEJJY1Ta0B6qiG/YMxNzB4v4U2w=
    // hJ95%2FXWePTzrSwXDHEJJY1Ta0B6qiG%2FYMxNzB4v4U2w%3D
    let secret = Secret::new(DINGTALK_SECRET);
    assert_eq!(
        dingtalk::sign(&secret, NOW_MS),
        "hJ95/XWePTzrSwXDHEJJY1Ta0B6qiG/YMxNzB4v4U2w="
    );
    let req = dingtalk::request(&dingtalk_settings(None), Some(&secret), &one("job-1"), NOW_MS);
    let query = req.url.query().unwrap();
    assert!(
        query.ends_with("&timestamp=1700000000000&sign=hJ95%2FXWePTzrSwXDHEJJY1Ta0B6qiG%2FYMxNzB4v4U2w%3D"),
        "URL-encoded once: {query}"
    );
}

#[test]
fn dingtalk_without_a_secret_keeps_its_url() {
    let req = dingtalk::request(&dingtalk_settings(None), None, &one("job-1"), NOW_MS);
    assert_eq!(req.url.as_str(), DINGTALK_URL);
}

#[test]
fn dingtalk_body_is_markdown_with_the_facts() {
    let body = dingtalk::body(&dingtalk_settings(None), &burst());
    assert_eq!(body["msgtype"], "markdown");
    assert_eq!(body["at"]["isAtAll"], false);
    assert_eq!(
        body["markdown"]["title"],
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    let text = body["markdown"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("### 12 new failures in prod-ap-southeast-3 (ap-southeast-3)\n"),
        "{text}"
    );
    for fact in [
        "**Scope:** prod-ap-southeast-3",
        "**Region:** ap-southeast-3",
        "- **Resource:** web-01 (protected_instances, res-job-01)",
        "- **Failure status:** failoverFail",
        "- **Error:** SDRS.1207 — The replication pair could not be switched over.",
        "- **Reason:** volume busy",
        "- **Began:** 2026-12-06T10:15:30.250Z",
        "- [Open in the console](https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=all&job=job-01&job_scope=prod-ap-southeast-3)",
        "…and 9 more: [all of them](https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=open)",
    ] {
        assert!(text.contains(fact), "{fact:?} not in {text}");
    }
    assert!(
        !text.contains("web-04"),
        "folded failures are counted, not listed"
    );
}

#[test]
fn dingtalk_puts_the_keyword_in_title_and_text() {
    let body = dingtalk::body(&dingtalk_settings(Some("SDRS告警")), &one("job-1"));
    assert!(body["markdown"]["title"]
        .as_str()
        .unwrap()
        .starts_with("SDRS告警 "));
    assert!(body["markdown"]["text"]
        .as_str()
        .unwrap()
        .starts_with("SDRS告警\n\n### "));
    // A keyword already in the message is not added again.
    let body = dingtalk::body(&dingtalk_settings(Some("failure")), &one("job-1"));
    assert!(body["markdown"]["text"]
        .as_str()
        .unwrap()
        .starts_with("### 1 new failure"));
}

#[test]
fn dingtalk_answers_inside_http_200() {
    assert_eq!(
        dingtalk::classify(&answer(200, r#"{"errcode":0,"errmsg":"ok"}"#)),
        Outcome::Delivered
    );
    let throttled = dingtalk::classify(&answer(
        200,
        r#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#,
    ));
    assert!(
        matches!(throttled, Outcome::Retry { after: Some(d), .. } if d == Duration::from_secs(60)),
        "{throttled:?}"
    );
    let wrong = dingtalk::classify(&answer(
        200,
        r#"{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}"#,
    ));
    match wrong {
        Outcome::Misconfigured { reason } => {
            assert!(
                reason.starts_with("DingTalk error 310000: the robot refused"),
                "{reason}"
            );
            assert!(reason.contains("sign not match"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        dingtalk::classify(&answer(200, "<html>")),
        Outcome::Retry { .. }
    ));
    assert!(matches!(
        dingtalk::classify(&answer(200, r#"{"errcode":999999}"#)),
        Outcome::Retry { .. }
    ));
}

#[test]
fn dingtalk_reason_never_carries_the_token() {
    let echo = format!(r#"{{"errcode":310000,"errmsg":"bad request {DINGTALK_URL}"}}"#);
    let body: &'static str = Box::leak(echo.into_boxed_str());
    let reason = dingtalk::classify(&answer(200, body))
        .reason()
        .unwrap()
        .to_owned();
    assert!(!reason.contains("0123456789abcdef0123456789abcdef"), "{reason}");
}

const FEISHU_SECRET: &str = "feishu-secret-0123456789";

fn feishu_settings() -> FeishuSettings {
    FeishuSettings {
        url: Url::parse("https://open.feishu.cn/open-apis/bot/v2/hook/2b5f2d4e-0c1a-4d7b-9e3f-0a1b2c3d4e5f")
            .unwrap(),
        keyword: None,
    }
}

#[test]
fn feishu_sign_verifies_with_the_documented_algorithm() {
    let req = feishu::request(
        &feishu_settings(),
        Some(&Secret::new(FEISHU_SECRET)),
        &one("job-1"),
        1_700_000_000_999,
    );
    assert_eq!(
        req.url,
        feishu_settings().url,
        "the signature is in the body, not the URL"
    );
    let body = req.json().unwrap();
    let timestamp = body["timestamp"].as_str().unwrap();
    assert_eq!(timestamp, "1700000000", "seconds, as a string");
    // base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = "")), not URL-encoded.
    let key = format!("{timestamp}\n{FEISHU_SECRET}");
    assert_eq!(body["sign"], STANDARD.encode(hmac256(key.as_bytes(), b"")));
}

#[test]
fn feishu_sign_matches_a_vector_computed_with_python() {
    // python3 -c "import hmac,hashlib,base64; s='feishu-secret-0123456789'; ts='1700000000';
    //   print(base64.b64encode(hmac.new((ts+'\n'+s).encode(), b'', hashlib.sha256).digest()).decode())"
    assert_eq!(
        feishu::sign(&Secret::new(FEISHU_SECRET), 1_700_000_000),
        "d3gGsFz+AHToelzC26bbD1t6jbk8R9u46n1N6K0Bj8o="
    );
}

#[test]
fn feishu_body_is_an_interactive_card() {
    let req = feishu::request(&feishu_settings(), None, &burst(), NOW_MS);
    let body = req.json().unwrap();
    assert_eq!(body["msg_type"], "interactive");
    assert!(body.get("sign").is_none() && body.get("timestamp").is_none());
    let header = &body["card"]["header"];
    assert_eq!(header["title"]["tag"], "plain_text");
    assert_eq!(
        header["title"]["content"],
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert_eq!(header["template"], "red");
    let element = &body["card"]["elements"][0];
    assert_eq!(element["tag"], "markdown");
    let content = element["content"].as_str().unwrap();
    assert!(
        content.contains("- **Error:** SDRS.1207 — The replication pair"),
        "{content}"
    );
    assert!(content.contains("…and 9 more"));
    let mut cleared = one("job-1");
    cleared.event = AlertEvent::Cleared;
    assert_eq!(
        feishu::body(&feishu_settings(), &cleared)["card"]["header"]["template"],
        "green"
    );
    let keyed = FeishuSettings {
        keyword: Some("灾备".into()),
        ..feishu_settings()
    };
    let title = feishu::body(&keyed, &one("job-1"))["card"]["header"]["title"]["content"].clone();
    assert!(title.as_str().unwrap().starts_with("灾备 "));
}

#[test]
fn feishu_answers_by_code() {
    assert_eq!(
        feishu::classify(&answer(200, r#"{"code":0,"msg":"success","data":{}}"#)),
        Outcome::Delivered
    );
    assert_eq!(
        feishu::classify(&answer(200, r#"{"StatusCode":0,"StatusMessage":"success"}"#)),
        Outcome::Delivered
    );
    assert!(matches!(
        feishu::classify(&answer(200, r#"{"code":11232,"msg":"frequency limited"}"#)),
        Outcome::Retry { after: Some(_), .. }
    ));
    for code in [19021, 19022, 19024, 9499] {
        let body: &'static str = Box::leak(format!(r#"{{"code":{code},"msg":"refused"}}"#).into_boxed_str());
        for status in [200, 400] {
            match feishu::classify(&answer(status, body)) {
                Outcome::Misconfigured { reason } => {
                    assert!(reason.starts_with(&format!("Feishu error {code}: ")), "{reason}")
                }
                other => panic!("{code} {status}: {other:?}"),
            }
        }
    }
    assert!(matches!(
        feishu::classify(&answer(502, "bad gateway")),
        Outcome::Retry { .. }
    ));
    assert!(matches!(
        feishu::classify(&answer(200, "garbage")),
        Outcome::Retry { .. }
    ));
}

fn wecom_settings() -> WeComSettings {
    WeComSettings {
        url: Url::parse(
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
        )
        .unwrap(),
    }
}

#[test]
fn wecom_body_is_markdown_with_a_colour() {
    let req = wecom::request(&wecom_settings(), &one("job-1"));
    assert_eq!(req.url, wecom_settings().url);
    let body = req.json().unwrap();
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(
        content.starts_with(
            "<font color=\"warning\">**1 new failure in prod-ap-southeast-3 (ap-southeast-3)**</font>"
        ),
        "{content}"
    );
    assert!(content.contains("- **Resource:** web-01"));
}

fn chinese_failure(i: usize) -> crate::alerts::FailureItem {
    let mut f = failure(&format!("job-{i}"), &"数据库服务器".repeat(60));
    f.fail_reason = Some("复制对切换失败，磁盘忙碌。".repeat(40));
    f.error_meaning = Some("复制对无法切换。".repeat(50));
    f
}

#[test]
fn wecom_cuts_chinese_text_at_2048_bytes_on_a_character_boundary() {
    // One failure bigger than the limit: cut, never split inside a character.
    let alert = Alert::digest(
        AlertEvent::New,
        "生产",
        "cn-north-4",
        vec![chinese_failure(1)],
        10,
        console(),
    );
    let content = wecom::content(&alert);
    assert!(content.len() <= CONTENT_BYTES, "{}", content.len());
    assert!(
        content.len() > CONTENT_BYTES - 8,
        "filled to the limit: {}",
        content.len()
    );
    assert!(content.ends_with('…'));
    assert!(content.contains("数据库服务器"));
    // Many failures: whole failures are folded before anything is cut.
    let many = (0..5)
        .map(|i| {
            let mut f = failure(&format!("job-{i}"), "数据库服务器");
            f.fail_reason = Some("磁盘忙碌".repeat(30));
            f
        })
        .collect();
    let alert = Alert::digest(AlertEvent::New, "生产", "cn-north-4", many, 5, console());
    let content = wecom::content(&alert);
    assert!(content.len() <= CONTENT_BYTES, "{}", content.len());
    assert!(content.contains("…and "), "{content}");
    assert!(
        content.trim_end().ends_with("state=open)"),
        "the folded line survives: {content}"
    );
    let body = wecom::body(&alert);
    assert_eq!(body["markdown"]["content"].as_str().unwrap(), content);
}

#[test]
fn wecom_answers_inside_http_200() {
    assert_eq!(
        wecom::classify(&answer(200, r#"{"errcode":0,"errmsg":"ok"}"#)),
        Outcome::Delivered
    );
    assert!(matches!(
        wecom::classify(&answer(
            200,
            r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#
        )),
        Outcome::Retry { after: Some(_), .. }
    ));
    let wrong = wecom::classify(&answer(
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1700000000_693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa]"}"#,
    ));
    let reason = wrong.reason().unwrap();
    assert!(matches!(wrong, Outcome::Misconfigured { .. }));
    assert!(
        !reason.contains("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"),
        "{reason}"
    );
    assert!(matches!(wecom::classify(&answer(200, "")), Outcome::Retry { .. }));
}

#[test]
fn chat_formats_escape_hostile_fields() {
    let alert = hostile();
    let texts = [
        all_text(&dingtalk::body(&dingtalk_settings(None), &alert)),
        all_text(&feishu::body(&feishu_settings(), &alert)),
        all_text(&wecom::body(&alert)),
    ];
    for text in texts {
        assert_inert(&text);
        assert!(
            text.contains("＜!channel＞ ＠all ［click］(https:\u{2060}//evil.example/x)"),
            "{text}"
        );
        assert!(text.contains("line1 # Heading"), "one line: {text}");
    }
}
