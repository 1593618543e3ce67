//! The production server as built without the emulator
//! (`--no-default-features`): it only proxies, and says so at start-up.
#![cfg(not(feature = "emulator"))]

use clap::Parser;
use sdrs_console_server::{Cli, Server};

#[test]
fn without_the_emulator_a_server_needs_an_upstream() {
    let cli = Cli::parse_from(["sdrs-console-server", "--port", "0", "--quiet"]);
    let Err(e) = Server::new(cli) else {
        panic!("a server without the emulator started in emulate mode");
    };
    assert_eq!(
        e.to_string(),
        "this build has no emulator; give --upstream or --region"
    );
}
