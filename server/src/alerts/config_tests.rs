use super::*;

const FILE: &str = "/etc/sdrs/scopes.toml";

fn parsed(text: &str) -> Result<AlertsConfig, ConfigError> {
    parse(text, Path::new(FILE))
}

/// The error of `text`, checked to start with `FILE:line: key: `.
fn error(text: &str, line: usize, key: &str) -> String {
    let e = parsed(text).map(|_| ()).unwrap_err();
    let shown = e.to_string();
    assert_eq!((e.line, e.key.as_deref()), (Some(line), Some(key)), "{shown}");
    assert!(shown.starts_with(&format!("{FILE}:{line}: {key}: ")), "{shown}");
    shown
}

#[test]
fn the_example_file_parses_with_every_kind() {
    let text = include_str!("../../../deploy/config/scopes.example.toml");
    let path = Path::new("/srv/sdrs/scopes.example.toml");
    let config = parse(text, path).unwrap();
    let kinds: Vec<ChannelKind> = config.channels.iter().map(|c| c.kind).collect();
    for kind in ChannelKind::ALL {
        assert!(kinds.contains(&kind), "the example shows {}", kind.as_str());
    }
    let ding = config
        .channels
        .iter()
        .find(|c| c.name == "oncall-dingtalk")
        .unwrap();
    assert_eq!(ding.per_minute, 20);
    assert_eq!(ding.batch, Duration::from_secs(60));
    assert_eq!(ding.remind_after, Some(Duration::from_secs(4 * 3600)));
    assert_eq!(ding.filter.scopes, vec!["prod-*".to_owned()]);
    assert!(matches!(&ding.url, Some(UrlSource::Env(e)) if e.var == "ONCALL_DINGTALK_URL"));
    let feishu = config.channels.iter().find(|c| c.name == "dr-feishu").unwrap();
    assert_eq!(
        feishu.secret,
        Some(SecretSource::File {
            path: PathBuf::from("/srv/sdrs/feishu.secret"),
            at: Place::new(feishu.at.line + 4, "alerts.channels[3].secret_file"),
        })
    );
    let smn = config
        .channels
        .iter()
        .find(|c| c.kind == ChannelKind::Smn)
        .unwrap();
    let topic = smn.smn.as_ref().unwrap();
    assert_eq!(
        topic.endpoint.as_str(),
        "https://smn.ap-southeast-3.myhuaweicloud.com/"
    );
    assert_eq!(topic.credential, "prod");
    let am = config
        .channels
        .iter()
        .find(|c| c.kind == ChannelKind::Alertmanager)
        .unwrap();
    assert!(am.send_cleared, "Alertmanager resolves what is gone");
    assert!(!ding.send_cleared);
    // The scopes' parser accepts the same file.
    crate::scopes::config::parse(text, path).unwrap();
}

#[test]
fn defaults_follow_the_kind() {
    let config = parsed(
        "[[alerts.channels]]\nname = \"w\"\nkind = \"wecom\"\nurl_env = \"W\"\n\
         [[alerts.channels]]\nname = \"s\"\nkind = \"slack\"\nurl_env = \"S\"\n",
    )
    .unwrap();
    assert_eq!(config.channels[0].per_minute, 20);
    assert_eq!(config.channels[1].per_minute, 60);
    assert_eq!(config.channels[0].batch, DEFAULT_BATCH);
    assert_eq!(config.channels[0].timeout, DEFAULT_TIMEOUT);
}

#[test]
fn a_file_without_alerts_has_no_channels() {
    assert_eq!(
        parsed("[watcher]\nperiod_secs = 5\n").unwrap(),
        AlertsConfig::default()
    );
}

#[test]
fn errors_name_the_line_and_key() {
    let head = "[[alerts.channels]]\nname = \"a\"\n";
    error(
        &format!("{head}kind = \"pager\"\nurl = \"https://x.example\"\n"),
        3,
        "alerts.channels[1].kind",
    );
    error(
        &format!("{head}kind = \"webhook\"\nurl = \"ftp://x\"\n"),
        4,
        "alerts.channels[1].url",
    );
    error(
        &format!("{head}kind = \"webhook\"\nurl = \"https://x.example\"\ncolour = 1\n"),
        5,
        "alerts.channels[1].colour",
    );
    error(
        &format!("{head}kind = \"webhook\"\nurl_env = \"9X\"\n"),
        4,
        "alerts.channels[1].url_env",
    );
    error(
        &format!("{head}kind = \"webhook\"\nurl = \"https://x.example\"\nper_minute = 0\n"),
        5,
        "alerts.channels[1].per_minute",
    );
    error(
        &format!("{head}kind = \"slack\"\nurl_env = \"S\"\nresend_secs = 30\n"),
        5,
        "alerts.channels[1].resend_secs",
    );
    error(
        &format!("{head}kind = \"alertmanager\"\nurl = \"http://am:9093/\"\nremind_after_secs = 60\n"),
        5,
        "alerts.channels[1].remind_after_secs",
    );
    error(
        &format!("{head}kind = \"slack\"\nurl_env = \"S\"\nremind_after_secs = 0\n"),
        5,
        "alerts.channels[1].remind_after_secs",
    );
    error(
        &format!("{head}kind = \"wecom\"\nurl_env = \"S\"\nsecret_env = \"K\"\n"),
        5,
        "alerts.channels[1].secret_env",
    );
    error(
        &format!("{head}kind = \"webhook\"\nurl = \"https://x.example\"\ntopic_urn = \"t\"\n"),
        5,
        "alerts.channels[1].topic_urn",
    );
    error(
        &format!("{head}kind = \"smn\"\nproject_id = \"p\"\ntopic_urn = \"t\"\ncredential = \"c\"\n"),
        1,
        "alerts.channels[1]",
    );
    error("[[alerts.channels]]\nkind = \"slack\"\n", 1, "alerts.channels[1]");
    let twice = format!("{head}kind = \"slack\"\nurl_env = \"S\"\n{head}kind = \"slack\"\nurl_env = \"T\"\n");
    assert!(error(&twice, 5, "alerts.channels[2]").contains("already used on line 1"));
}

#[test]
fn a_robot_url_written_in_the_file_is_refused_without_being_shown() {
    let text = "[[alerts.channels]]\nname = \"a\"\nkind = \"wecom\"\n\
                url = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY123\"\n";
    let shown = error(text, 4, "alerts.channels[1].url");
    assert!(shown.contains("url_env"), "{shown}");
    assert!(!shown.contains("SECRETKEY123"), "{shown}");
}

#[test]
fn a_wrongly_typed_value_is_not_quoted() {
    let text =
        "[[alerts.channels]]\nname = \"a\"\nkind = \"slack\"\nurl_env = \"S\"\nbatch_secs = \"hunter2\"\n";
    let shown = error(text, 5, "alerts.channels[1].batch_secs");
    assert!(!shown.contains("hunter2"), "{shown}");
}
