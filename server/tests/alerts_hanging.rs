//! A channel that never answers: its attempt ends at the channel's
//! timeout, is logged as unreachable and retried, and another channel is
//! told meanwhile.

mod alerts_common;

use alerts_common::*;
use sdrs_console_server::util::timefmt::now_ms;

#[tokio::test]
async fn a_hanging_channel_times_out_without_holding_up_another() {
    let hanging = Receiver::start(hang()).await;
    let answering = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"stuck\"\nkind = \"webhook\"\nurl = \"{}/stuck\"\ntimeout_secs = 1\nbatch_secs = 0\n\
         [[alerts.channels]]\nname = \"fine\"\nkind = \"webhook\"\nurl = \"{}/fine\"\nbatch_secs = 0\n",
        hanging.base, answering.base
    );
    let setup = channels(&config, &[], db.clone());
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let tasks = start(&setup);
    // Told while the other channel hangs.
    answering.wait_for(1).await;
    settled(&setup, "fine").await;
    let sender = setup.sender.clone();
    let mut stuck = Vec::new();
    for _ in 0..3000 {
        stuck = sender.log().list(Some("stuck"), 10).await.unwrap();
        if !stuck.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let first = stuck.last().expect("the hanging channel's attempt is logged");
    assert_eq!(first.outcome, "unreachable");
    assert_eq!(first.reason.as_deref(), Some("no answer within 1 s"));
    assert_eq!(first.http_status, None);
    let counts = sender.log().counts("stuck").await.unwrap();
    assert_eq!(counts.pending, 2, "kept for the next attempt");
    for t in tasks {
        t.abort();
    }
}
