//! The release console links with a 128 KiB wasm stack (`build.rs`): the
//! deepest decoding must fit in it on the built `dist/`, not only in the
//! debug browser tests' 512 KiB. A list answer nested to serde_json's
//! recursion limit, on both decode paths (streaming, and the `Value`
//! fallback a repeated key takes), shows its row; deeper nesting is skipped
//! (streaming) or a decode error (fallback); none traps the module.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test release_stack`.

use sdrs_e2e::{Console, PROJECT_ID};
use serde_json::json;

/// A one-row page whose `fail_reason` is `depth` nested arrays.
fn nested_page(repeated_key: bool, depth: usize) -> String {
    let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let extra = if repeated_key { r#""job_id":"deep-b","# } else { "" };
    format!(r#"{{"count":1,"failure_jobs":[{{"job_id":"deep-a",{extra}"fail_reason":{nest}}}]}}"#)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_decodes_within_the_release_stack() {
    let c = Console::start(&[]).await;
    c.open("limit=10").await;
    c.wait_timeline_settled().await;
    let cases = [
        (nested_page(false, 120), true),
        (nested_page(true, 120), true),
        (nested_page(false, 20_000), true),
        (nested_page(true, 20_000), false),
    ];
    for (i, (body, decodes)) in cases.into_iter().enumerate() {
        c.server
            .queue_fault(json!({
                "path_prefix": format!("/v1/{PROJECT_ID}/task-center/failure-jobs"),
                "status": 200,
                "body": body,
            }))
            .await;
        let size = if i % 2 == 0 { "20" } else { "10" };
        if decodes {
            c.reload_after(c.select("select[name=page_size]", size)).await;
            let ids = c.row_ids().await;
            assert!(ids.len() == 1 && ids[0].starts_with("deep-"), "case {i}: {ids:?}");
        } else {
            c.select("select[name=page_size]", size).await;
            let alert = ".sdrs-error[role=alert]";
            c.wait_for(alert).await;
            c.reload_after(c.click(&format!("{alert} button.sdrs-button-primary")))
                .await;
            c.wait_gone(alert).await;
        }
        // A trapped module would say "unreachable" or "RuntimeError" here,
        // and would not have drawn the next answer.
        c.assert_no_console_errors(&[]).await;
    }
    c.close().await;
}
