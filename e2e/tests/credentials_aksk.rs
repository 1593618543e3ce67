//! The console served by a signing proxy (`--upstream`, AK/SK from the
//! server's credentials) in front of an emulator that verifies signatures
//! as the API gateway does (`--verify-aksk`): rows with the right key pair,
//! the gateway's refusal shown clearly (not a blank page) with a wrong SK,
//! and the region next to the project.

use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::cli::AkSkSource;
use sdrs_e2e::{Browser, Console, Server, PROJECT_ID};

const AK: &str = "AKE2EBROWSER01234567";
const SK: &str = "E2eBrowserSecret0123456789abcdefghijklmn";

fn credentials(sk: &str, project: Option<&str>, iam: Option<String>) -> AkSkSource {
    AkSkSource::Given(Some(SdkCredentials {
        keys: KeyPair {
            ak: AK.into(),
            sk: Secret::new(sk),
            security_token: None,
        },
        project_id: project.map(str::to_owned),
        iam_endpoint: iam,
        source: Source::Environment,
    }))
}

/// The verifying emulator (no console of its own).
async fn verifying_emulator() -> Server {
    let mut cli = Server::cli(&["--verify-aksk"]);
    cli.console.dist = "/nonexistent/sdrs-dist".into();
    cli.aksk_source = credentials(SK, None, None);
    Server::start_cli(cli).await
}

/// The console behind a proxy to `emulator` signing with `sk`; without a
/// project id, so the proxy looks it up from the emulated IAM.
async fn console_signing_with(emulator: &Server, sk: &str) -> Console {
    let upstream = emulator.url("");
    let mut cli = Server::cli(&["--upstream", &upstream, "--region", "ap-southeast-3"]);
    cli.project_id = None;
    cli.aksk_source = credentials(sk, None, Some(upstream.clone()));
    let server = Server::start_cli(cli).await;
    let browser = Browser::start().await;
    Console { server, browser }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_calls_show_rows_and_the_region() {
    let emulator = verifying_emulator().await;
    let c = console_signing_with(&emulator, SK).await;
    let n = c.open("").await;
    assert!(n > 0, "no rows");
    // The rows are the emulator's, reached with signed calls only.
    let direct = emulator.list_jobs("limit=50").await;
    let ids: Vec<String> = direct.failure_jobs.iter().map(|j| j.job_id.clone()).collect();
    assert_eq!(c.row_ids().await, ids);
    let seen = emulator.requests().await;
    let browser_calls: Vec<_> = seen.iter().filter(|r| r["token"].is_null()).collect();
    assert!(!browser_calls.is_empty());
    assert!(
        browser_calls.iter().all(|r| r["has_signature"] == true),
        "{browser_calls:?}"
    );
    // The project came from the emulated IAM; the region is shown beside it.
    assert!(
        seen.iter()
            .any(|r| r["path"] == "/v3/projects?name=ap-southeast-3"),
        "{seen:?}"
    );
    assert_eq!(c.text(".sdrs-project .sdrs-region").await, "ap-southeast-3");
    assert!(c.text(".sdrs-project").await.contains(&PROJECT_ID[..4]));
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_key_shows_the_gateways_refusal() {
    let emulator = verifying_emulator().await;
    let mut cli = Server::cli(&["--upstream", &emulator.url("")]);
    cli.aksk_source = credentials("WrongSecretKey000", Some(PROJECT_ID), None);
    let server = Server::start_cli(cli).await;
    let c = Console {
        server,
        browser: Browser::start().await,
    };
    c.goto(&c.page_url("")).await;
    let alert = ".sdrs-error[role=alert]";
    c.wait_for(alert).await;
    assert_eq!(c.text(&format!("{alert} .sdrs-error-code")).await, "APIGW.0301");
    assert_eq!(
        c.text(&format!("{alert} .sdrs-error-message")).await,
        "Incorrect IAM authentication information: verify aksk signature fail"
    );
    // Explained as refused credentials at the gateway, once the code
    // catalog has loaded, not as a failure of some cloud resource.
    let explained = format!("{alert} .sdrs-advice[data-explanation=service]");
    c.wait_for(&explained).await;
    let meaning = c.text(&format!("{explained} [data-field=code_meaning]")).await;
    assert!(meaning.contains("AK/SK signature is wrong"), "{meaning}");
    let action = c.text(&format!("{explained} [data-field=code_action]")).await;
    assert!(action.contains("check the keys"), "{action}");
    assert!(!c.text("body").await.contains("WrongSecretKey"));
    // The refused calls are the 401s the browser logs; nothing else.
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}
