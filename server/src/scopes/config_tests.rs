use super::*;

const FILE: &str = "/etc/sdrs/scopes.toml";

fn parsed(text: &str) -> Result<Config, ConfigError> {
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

const GOOD: &str = r#"
[watcher]
period_secs = 30
jitter_secs = 5
requests_per_second = 2.5
retention_days = 90

[credentials.prod]
kind = "aksk"
ak_env = "PROD_AK"
sk_env = "PROD_SK"

[credentials.files]
kind = "aksk"
profile = "staging"
credentials_file = "creds.ini"

[credentials.org]
kind = "iam_user"
domain = "acme"
user = "sdrs-ops"
password_env = "ORG_IAM_PASSWORD"

[credentials.member-a]
kind = "agency"
via = "org"
agency_domain = "acme-staging"
agency_name = "sdrs-readonly"

[credentials.fixed]
kind = "token"
token_env = "SDRS_TOKEN_A"

[[scope]]
name = "prod-ap-southeast-3"
region = "ap-southeast-3"
project_id = "0123456789abcdef0123456789abcdef"
credential = "prod"

[[scope]]
name = "lab"
endpoint = "http://127.0.0.1:8081/"
region = "lab-1"
project_id = "p2"
credential = "member-a"
"#;

#[test]
fn a_whole_file() {
    let c = parsed(GOOD).unwrap();
    assert_eq!(c.watcher.period, Duration::from_secs(30));
    assert_eq!(c.watcher.jitter, Duration::from_secs(5));
    assert_eq!(c.watcher.requests_per_second, 2.5);
    assert_eq!(c.watcher.retention_days, 90);
    assert_eq!(c.watcher.max_backoff, WatcherSettings::default().max_backoff);
    assert_eq!(c.scopes.len(), 2);
    let prod = &c.scopes[0];
    assert_eq!(
        (prod.name.as_str(), prod.region.as_str(), prod.endpoint.as_str()),
        (
            "prod-ap-southeast-3",
            "ap-southeast-3",
            "https://sdrs.ap-southeast-3.myhuaweicloud.com"
        )
    );
    assert_eq!(prod.at, Place::new(34, "scope[1]"));
    let lab = &c.scopes[1];
    assert_eq!(
        (
            lab.region.as_str(),
            lab.endpoint.as_str(),
            lab.credential.as_str()
        ),
        ("lab-1", "http://127.0.0.1:8081", "member-a")
    );
    match &c.credentials["prod"].kind {
        CredentialKind::AkSkEnv {
            ak,
            sk,
            security_token: None,
        } => {
            assert_eq!((ak.var.as_str(), ak.at.line), ("PROD_AK", 10));
            assert_eq!(sk.at.key, "credentials.prod.sk_env");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        c.credentials["files"].kind,
        CredentialKind::AkSkProfile {
            profile: "staging".into(),
            at: Place::new(15, "credentials.files.profile"),
            // Next to the config file.
            file: Some(PathBuf::from("/etc/sdrs/creds.ini")),
        }
    );
    assert!(matches!(
        &c.credentials["member-a"].kind,
        CredentialKind::Agency { via, iam: None, .. } if via == "org"
    ));
    assert!(matches!(
        &c.credentials["fixed"].kind,
        CredentialKind::Token { .. }
    ));
}

#[test]
fn defaults_without_a_watcher_table() {
    let c = parsed(
        "[credentials.t]\nkind = \"token\"\ntoken_env = \"T\"\n[[scope]]\nname = \"a\"\nendpoint = \"https://sdrs.cn-north-4.myhuaweicloud.com\"\nproject_id = \"p\"\ncredential = \"t\"\n",
    )
    .unwrap();
    assert_eq!(c.watcher, WatcherSettings::default());
    assert_eq!(c.watcher.period, Duration::from_secs(60));
    assert_eq!(c.watcher.retention_days, 365);
    // The region of an official endpoint is known.
    assert_eq!(c.scopes[0].region, "cn-north-4");
}

/// A file of `GOOD` with `line` replaced (1-based).
fn with_line(line: usize, new: &str) -> String {
    GOOD.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { new } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_test_file_is_where_the_tests_think() {
    assert_eq!(GOOD.lines().nth(10), Some("sk_env = \"PROD_SK\""));
    assert_eq!(
        GOOD.lines().nth(36),
        Some("project_id = \"0123456789abcdef0123456789abcdef\"")
    );
}

#[test]
fn unknown_keys_name_their_line() {
    // A secret written in the file itself: refused without showing it.
    let e = error(
        &with_line(11, "sk = \"Sup3rSecretValue\""),
        11,
        "credentials.prod.sk",
    );
    assert!(
        e.contains("unknown field `sk`") && !e.contains("Sup3rSecretValue"),
        "{e}"
    );
    let e = error(&with_line(3, "period = 30"), 3, "watcher.period");
    assert!(e.contains("unknown field `period`"), "{e}");
    let e = error(&with_line(38, "credentail = \"prod\""), 38, "scope[1].credentail");
    assert!(e.contains("unknown field"), "{e}");
    error(&format!("{GOOD}\n[extra]\nx = 1\n"), 47, "extra");
}

#[test]
fn syntax_and_type_errors_name_their_line_not_the_value() {
    let e = error(
        &with_line(12, "password_env = \"Sup3rSecretValue"),
        12,
        "credentials.prod.password_env",
    );
    assert!(!e.contains("Sup3rSecretValue"), "{e}");
    assert!(e.ends_with("invalid basic string, expected `\"`"), "{e}");
    let e = error("a = 'Sup3rSecretValue\n", 1, "a");
    assert!(e.ends_with("invalid literal string, expected `'`"), "{e}");
    let e = error("[[scope]]\nname = \n", 2, "scope[1].name");
    assert!(
        e.ends_with("string values must be quoted, expected literal string"),
        "{e}"
    );
    let e = parsed("[watcher\nx=1").unwrap_err();
    assert_eq!(e.to_string(), format!("{FILE}:1: unclosed table, expected `]`"));
    let e = error(
        &with_line(3, "period_secs = \"Sup3rSecretValue\""),
        3,
        "watcher.period_secs",
    );
    assert!(
        e.contains("invalid type") && !e.contains("Sup3rSecretValue"),
        "{e}"
    );
    let e = error(&with_line(37, "project_id = 12345678"), 37, "scope[1].project_id");
    assert!(!e.contains("12345678"), "{e}");
}

#[test]
fn watcher_values_are_checked() {
    let e = error(&with_line(3, "period_secs = 0"), 3, "watcher.period_secs");
    assert!(e.contains("between 1 and 86400"), "{e}");
    let e = error(&with_line(4, "jitter_secs = 31"), 4, "watcher.jitter_secs");
    assert!(e.contains("must not exceed watcher.period_secs"), "{e}");
    let e = error(
        &with_line(5, "requests_per_second = 0"),
        5,
        "watcher.requests_per_second",
    );
    assert!(e.contains("more than 0"), "{e}");
    error(&with_line(6, "retention_days = 0"), 6, "watcher.retention_days");
}

#[test]
fn the_default_jitter_fits_a_short_period() {
    let c = parsed(&with_line(4, "")).unwrap();
    assert_eq!(c.watcher.jitter, Duration::from_secs(10));
    let c = parsed(&with_line(3, "period_secs = 4").replace("jitter_secs = 5", "")).unwrap();
    assert_eq!(c.watcher.jitter, Duration::from_secs(4));
}

#[test]
fn duplicate_scope_names() {
    let text = format!("{GOOD}\n[[scope]]\nname = \"lab\"\nendpoint = \"http://127.0.0.1:1\"\nproject_id = \"p3\"\ncredential = \"prod\"\n");
    let e = error(&text, 48, "scope[3].name");
    assert!(e.contains("lab is already used on line 40"), "{e}");
}

#[test]
fn unknown_credentials_and_kinds() {
    let e = error(&with_line(38, "credential = \"nope\""), 38, "scope[1].credential");
    assert!(e.contains("no [credentials.nope]"), "{e}");
    let e = error(
        &with_line(38, "credential = \"Sup3r Secret\""),
        38,
        "scope[1].credential",
    );
    assert!(!e.contains("Sup3r"), "{e}");
    let e = error(&with_line(9, "kind = \"sso\""), 9, "credentials.prod.kind");
    assert!(e.contains("must be \"aksk\""), "{e}");
    let e = error(&with_line(9, ""), 8, "credentials.prod");
    assert!(e.contains("needs kind"), "{e}");
    let e = error(&with_line(26, "via = \"prod\""), 26, "credentials.member-a.via");
    assert!(e.contains("kind = \"iam_user\""), "{e}");
    let e = error(&with_line(26, "via = \"ghost\""), 26, "credentials.member-a.via");
    assert!(e.contains("names no credential"), "{e}");
}

#[test]
fn keys_must_fit_the_kind() {
    let e = error(
        &with_line(22, "token_env = \"X\""),
        22,
        "credentials.org.token_env",
    );
    assert!(e.contains("does not go with kind = \"iam_user\""), "{e}");
    let e = error(&with_line(22, ""), 18, "credentials.org");
    assert!(e.contains("needs password_env"), "{e}");
    let e = error(&with_line(11, "profile = \"p\""), 11, "credentials.prod.profile");
    assert!(e.contains("either profile or ak_env"), "{e}");
    let e = error(&with_line(11, ""), 8, "credentials.prod");
    assert!(e.contains("needs sk_env"), "{e}");
    let e = error(
        &with_line(11, "sk_env = \"not a name!\""),
        11,
        "credentials.prod.sk_env",
    );
    assert!(
        e.contains("not an environment variable name") && !e.contains("not a name!"),
        "{e}"
    );
    let e = error(&with_line(11, "sk_env = \" \""), 11, "credentials.prod.sk_env");
    assert!(e.contains("is empty"), "{e}");
}

#[test]
fn regions_and_endpoints() {
    let e = error(
        &with_line(36, "region = \"ap-southeast-9\""),
        36,
        "scope[1].region",
    );
    assert!(e.contains("no such Huawei Cloud region"), "{e}");
    let e = error(&with_line(42, "endpoint = \"ftp://x\""), 42, "scope[2].endpoint");
    assert!(e.contains("http(s) URL"), "{e}");
    let e = error(
        &with_line(42, "endpoint = \"https://me:Sup3rSecretValue@x\""),
        42,
        "scope[2].endpoint",
    );
    assert!(!e.contains("Sup3rSecretValue"), "{e}");
    error(
        &with_line(42, "endpoint = \"https://x/?a=1\""),
        42,
        "scope[2].endpoint",
    );
    let e = error(&with_line(36, ""), 34, "scope[1]");
    assert!(e.contains("needs region or endpoint"), "{e}");
    let e = error(&with_line(35, "name = \"a/b\""), 35, "scope[1].name");
    assert!(e.contains("scope name"), "{e}");
    let e = error(&with_line(37, "project_id = \"../x\""), 37, "scope[1].project_id");
    assert!(e.contains("not a project id"), "{e}");
    let e = error(
        &with_line(19, "kind = \"iam_user\"\niam = \"not an endpoint!\""),
        20,
        "credentials.org.iam",
    );
    assert!(e.contains("IAM URL"), "{e}");
}

#[test]
fn a_file_needs_a_scope() {
    let e = parsed("[watcher]\nperiod_secs = 5\n").unwrap_err();
    assert_eq!(e.line, None);
    assert_eq!(
        e.to_string(),
        format!("{FILE}: scope: no [[scope]] is configured")
    );
}

#[test]
fn the_example_in_deploy_parses() {
    let text = include_str!("../../../deploy/config/scopes.example.toml");
    let config = parse(text, Path::new("/etc/sdrs/scopes.toml")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = config.scopes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["prod-ap-southeast-3", "prod-dr-ap-southeast-2", "staging"]
    );
    assert_eq!(config.credentials.len(), 4);
    assert_eq!(config.watcher.max_backoff, Duration::from_secs(600));
    assert_eq!(
        config.scopes[2].endpoint,
        "https://sdrs.ap-southeast-3.myhuaweicloud.com"
    );
}
