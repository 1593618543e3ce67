//! The official Python SDK (`huaweicloudsdksdrs` with `BasicCredentials`,
//! its own `SDK-HMAC-SHA256` signer) lists failed tasks from the emulator
//! with `--verify-aksk`: `ListFailureJobs`, the Task Center's list of
//! failed tasks. Run by `./scripts/test`, which installs the SDK in a venv
//! and sets `SDRS_PYTHON_SDK` to its python; without the variable the test
//! says that it skipped (a failure with `SDRS_REQUIRE_ALL_TOOLS=1`), with
//! it a missing interpreter is a failure.

mod common;

use common::*;
use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::cli::AkSkSource;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const AK: &str = "AKPYTHONSDK012345678";
const SK: &str = "PythonSdkSecret0123456789abcdefghijklmno";

async fn run_sdk(python: String, endpoint: String, mode: &'static str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/python_list_failure_jobs.py");
    let out = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .arg(script)
            .arg(&endpoint)
            .arg(mode)
            .env("HUAWEICLOUD_SDK_AK", AK)
            .env("HUAWEICLOUD_SDK_SK", SK)
            .env("HUAWEICLOUD_SDK_IAM_ENDPOINT", &endpoint)
            .env("SDRS_TEST_PROJECT_ID", PROJECT)
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{mode}: not JSON ({e}): {line}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_lists_failure_jobs_with_aksk() {
    let Some(python) = require_tool("the Python SDK (huaweicloudsdksdrs)", "SDRS_PYTHON_SDK") else {
        return;
    };
    assert!(
        Path::new(&python).is_file(),
        "SDRS_PYTHON_SDK={python} does not exist: scripts/tools.sh ensure_python_sdk installs it"
    );
    let mut c = cli(&["--verify-aksk"]);
    c.aksk_source = AkSkSource::Given(Some(SdkCredentials {
        keys: KeyPair {
            ak: AK.into(),
            sk: Secret::new(SK),
            security_token: None,
        },
        project_id: None,
        iam_endpoint: None,
        source: Source::Environment,
    }));
    let base = start_cli(c).await;

    let listed = run_sdk(python.clone(), base.clone(), "list").await;
    assert_eq!(listed["status"], 200, "{listed}");
    assert_eq!(listed["rows"], 5, "{listed}");
    assert_eq!(listed["statuses"], serde_json::json!(["createFail"]), "{listed}");

    // Without a project id the SDK asks the emulated IAM first.
    let looked_up = run_sdk(python.clone(), base.clone(), "lookup").await;
    assert_eq!(
        (&looked_up["status"], &looked_up["project_id"]),
        (&Value::from(200), &Value::from(PROJECT)),
        "{looked_up}"
    );

    let refused = run_sdk(python, base, "wrong-sk").await;
    assert_eq!(refused["status"], 401, "{refused}");
    assert_eq!(refused["error_code"], "APIGW.0301", "{refused}");
    assert_eq!(
        refused["error_msg"],
        "Incorrect IAM authentication information: verify aksk signature fail"
    );
}
