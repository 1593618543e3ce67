use super::*;
use std::collections::HashMap;

const AK: &str = "AKTEST1234567890ABCD";
const SK: &str = "sk0123456789abcdefghijklmnopqrstuvwxyzAB";

fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn err(vars: &[(&str, &str)]) -> String {
    load(&env_of(vars)).expect_err("must fail").0
}

#[test]
fn reads_the_sdk_environment_variables() {
    let c = load(&env_of(&[
        (ENV_AK, AK),
        (ENV_SK, SK),
        (ENV_SECURITY_TOKEN, "tok.en-1"),
        (ENV_PROJECT_ID, "0123456789abcdef0123456789abcdef"),
        (ENV_IAM_ENDPOINT, "https://iam.ap-southeast-3.myhuaweicloud.com/"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(c.keys.ak, AK);
    assert_eq!(c.keys.sk.expose(), SK);
    assert_eq!(
        c.keys.security_token.as_ref().map(Secret::expose),
        Some("tok.en-1")
    );
    assert_eq!(c.project_id.as_deref(), Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(
        c.iam_endpoint.as_deref(),
        Some("https://iam.ap-southeast-3.myhuaweicloud.com")
    );
    assert_eq!(c.source, Source::Environment);
}

#[test]
fn nothing_configured_is_none() {
    assert_eq!(load(&env_of(&[])).unwrap(), None);
    assert_eq!(load(&env_of(&[("HOME", "/nonexistent/home")])).unwrap(), None);
    // Empty variables count as unset, as in the SDKs.
    assert_eq!(load(&env_of(&[(ENV_AK, ""), (ENV_SK, "")])).unwrap(), None);
}

#[test]
fn debug_output_never_shows_secrets() {
    let c = load(&env_of(&[
        (ENV_AK, AK),
        (ENV_SK, SK),
        (ENV_SECURITY_TOKEN, "temporary-token"),
    ]))
    .unwrap()
    .unwrap();
    let shown = format!("{c:?}");
    assert!(
        !shown.contains(SK) && !shown.contains("temporary-token"),
        "{shown}"
    );
    assert!(shown.contains(AK));
}

#[test]
fn malformed_values_name_the_variable_not_the_value() {
    for (vars, names) in [
        (vec![(ENV_AK, AK)], ENV_AK),
        (vec![(ENV_SK, SK)], ENV_SK),
        (vec![(ENV_AK, "AK WITH SPACE"), (ENV_SK, SK)], ENV_AK),
        (vec![(ENV_AK, "\"AKQUOTED\""), (ENV_SK, SK)], ENV_AK),
        (vec![(ENV_AK, AK), (ENV_SK, "sk with space")], ENV_SK),
        (vec![(ENV_AK, AK), (ENV_SK, "sk-newline\n")], ENV_SK),
        (
            vec![(ENV_AK, AK), (ENV_SK, SK), (ENV_SECURITY_TOKEN, "a b")],
            ENV_SECURITY_TOKEN,
        ),
        (
            vec![(ENV_AK, AK), (ENV_SK, SK), (ENV_PROJECT_ID, "../x")],
            ENV_PROJECT_ID,
        ),
        (
            vec![(ENV_AK, AK), (ENV_SK, SK), (ENV_IAM_ENDPOINT, "iam.example")],
            ENV_IAM_ENDPOINT,
        ),
    ] {
        let message = err(&vars);
        assert!(message.starts_with(names), "{message}");
        for (_, value) in &vars {
            if value.len() > 3 {
                assert!(!message.contains(value.trim()), "value leaked: {message}");
            }
        }
    }
}

fn write_file(text: &str) -> (tempdir::Dir, PathBuf) {
    let dir = tempdir::Dir::new();
    let path = dir.0.join("credentials");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// A directory removed when dropped, without a crate for it.
mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!(
                "sdrs-credentials-test-{}-{}",
                std::process::id(),
                fastrand::u64(..)
            ));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn reads_the_sdk_credentials_file() {
    let (_dir, path) = write_file(&format!(
        "[global]\nak = OTHER\nsk = other\n\n[basic]\nak = {AK}\nsk = {SK}\nproject_id = 0123456789abcdef0123456789abcdef\n\
         security_token = tok\niam_endpoint = https://iam.example.com\n"
    ));
    let c = load(&env_of(&[(ENV_CREDENTIALS_FILE, path.to_str().unwrap())]))
        .unwrap()
        .unwrap();
    assert_eq!((c.keys.ak.as_str(), c.keys.sk.expose()), (AK, SK));
    assert_eq!(c.keys.security_token.as_ref().map(Secret::expose), Some("tok"));
    assert_eq!(c.project_id.as_deref(), Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(c.iam_endpoint.as_deref(), Some("https://iam.example.com"));
    assert_eq!(c.source, Source::File(path.clone()));

    // The default place is ~/.huaweicloud/credentials.
    let home = path.parent().unwrap().join("home");
    std::fs::create_dir_all(home.join(".huaweicloud")).unwrap();
    std::fs::copy(&path, home.join(".huaweicloud/credentials")).unwrap();
    let c = load(&env_of(&[("HOME", home.to_str().unwrap())]))
        .unwrap()
        .unwrap();
    assert_eq!(c.keys.ak, AK);

    // The environment's keys win over the file's.
    let c = load(&env_of(&[
        (ENV_CREDENTIALS_FILE, path.to_str().unwrap()),
        (ENV_AK, "AKFROMENV"),
        (ENV_SK, SK),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!((c.keys.ak.as_str(), c.source), ("AKFROMENV", Source::Environment));
}

#[test]
fn bad_credentials_files_say_what_is_wrong() {
    let missing = err(&[(ENV_CREDENTIALS_FILE, "/nonexistent/credentials")]);
    assert!(missing.contains("does not exist"), "{missing}");

    for (text, expected) in [
        ("[global]\nak = A\nsk = b\n", "no [basic] section"),
        ("[basic]\nak = AKONLY\n", "no ak and sk"),
        ("[basic]\nak = BAD-AK\nsk = s\n", "ak in [basic]"),
        ("[basic]\nak = AK1\nsk = has space\n", "sk in [basic]"),
    ] {
        let (_dir, path) = write_file(text);
        let message = err(&[(ENV_CREDENTIALS_FILE, path.to_str().unwrap())]);
        assert!(message.contains(expected), "{text:?}: {message}");
        assert!(!message.contains("has space"), "{message}");
    }
}
