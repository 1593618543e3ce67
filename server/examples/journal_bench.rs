//! P8 of `scripts/bench`: the "All scopes" first page of a journal of a
//! million failures. Fills the database through the journal's own write
//! path (`Journal::record_round`, one round of every failure per scope,
//! then a second round that no longer lists one in twenty, so some are
//! cleared), then times the first page (`limit=50`) unfiltered, filtered
//! by failure status and by part of a resource name (one matching many
//! rows, one matching few: a name filter is summed and read by the names
//! of `failure_journal_names`), each for "still failing", "cleaned up"
//! and "all": through `Journal::page` directly, and through
//! `GET /api/journal` of a release server started in this process on the
//! same database. Prints one JSON object a line; figures only, no verdict.
//!
//! ```sh
//! cargo run --release -p sdrs-console-server --example journal_bench -- \
//!   --database sqlite:///tmp/journal.db --label sqlite [--queries 200]
//! ```

use clap::Parser;
use sdrs_console_server::db::journal::{Journal, ScopeRef, SeenFailure};
use sdrs_console_server::db::{Database, DatabaseTarget};
use sdrs_console_server::emulator::seed;
use sdrs_models::{JournalQuery, JournalState};
use serde_json::json;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// The database to fill: sqlite://FILE or postgres://…; it should be
    /// empty (a filled journal is reused as it is).
    #[arg(long)]
    database: String,
    /// Names the database engine in the output.
    #[arg(long, default_value = "db")]
    label: String,
    #[arg(long, default_value_t = 50)]
    scopes: usize,
    #[arg(long, default_value_t = 20)]
    groups: usize,
    /// Failures of each protection group.
    #[arg(long, default_value_t = 1000)]
    per_group: usize,
    /// Timed queries of each kind (after a few untimed ones).
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Only through `Journal::page`, no server.
    #[arg(long)]
    no_http: bool,
}

/// A kind of first page: a name and its filters.
struct Kind {
    name: &'static str,
    failure_status: Option<&'static str>,
    resource_name: Option<&'static str>,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "unfiltered",
        failure_status: None,
        resource_name: None,
    },
    Kind {
        name: "failure_status=createFail",
        failure_status: Some("createFail"),
        resource_name: None,
    },
    // An application name of the seeded names: about one name in ten.
    Kind {
        name: "resource_name=billing",
        failure_status: None,
        resource_name: Some("billing"),
    },
    // A part few names hold: the page is found deep in the index.
    Kind {
        name: "resource_name=qa-erp-4",
        failure_status: None,
        resource_name: Some("qa-erp-4"),
    },
];

const WARMUP: usize = 5;

fn query(kind: &Kind, state: JournalState) -> JournalQuery {
    JournalQuery {
        state,
        failure_status: kind.failure_status.map(str::to_owned),
        resource_name: kind.resource_name.map(str::to_owned),
        limit: 50,
        ..JournalQuery::default()
    }
}

fn emit(value: serde_json::Value) {
    println!("{value}");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(mut ms: Vec<f64>) -> serde_json::Value {
    ms.sort_by(f64::total_cmp);
    json!({
        "n": ms.len(),
        "p50_ms": percentile(&ms, 50.0),
        "p99_ms": percentile(&ms, 99.0),
        "max_ms": ms.last().copied().unwrap_or(f64::NAN),
    })
}

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn io_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// One round of every failure of each scope, then one that no longer lists
/// every twentieth.
async fn fill(journal: &Journal, args: &Args) -> io::Result<()> {
    let per_scope = args.groups * args.per_group;
    let now = sdrs_console_server::util::timefmt::now_ms();
    let started = Instant::now();
    let mut slowest_round_ms: f64 = 0.0;
    for s in 0..args.scopes {
        let scope = ScopeRef {
            name: format!("bench-{s:02}"),
            region: if s % 2 == 0 {
                "ap-southeast-3"
            } else {
                "ap-southeast-2"
            }
            .into(),
            project_id: format!("{:032x}", 0xbe_0000 + s),
        };
        let data = seed::generate(1000 + s as u64, per_scope, args.groups, now);
        let seen: Vec<SeenFailure> = data
            .jobs
            .into_iter()
            .enumerate()
            .map(|(i, j)| SeenFailure {
                server_group_id: Some(data.groups[(i / args.per_group) % data.groups.len()].id.clone()),
                job: j.job,
            })
            .collect();
        let round = Instant::now();
        journal
            .record_round(&scope, &seen, now - 7_200_000)
            .await
            .map_err(io_error)?;
        slowest_round_ms = slowest_round_ms.max(elapsed_ms(round));
        let listed: Vec<SeenFailure> = seen
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 20 != 0)
            .map(|(_, f)| f)
            .collect();
        let round = Instant::now();
        journal
            .record_round(&scope, &listed, now - 3_600_000)
            .await
            .map_err(io_error)?;
        slowest_round_ms = slowest_round_ms.max(elapsed_ms(round));
        eprintln!(
            "   journal bench: {} scope {}/{} recorded",
            args.label,
            s + 1,
            args.scopes
        );
    }
    emit(json!({
        "id": "P8", "kind": "fill", "backend": args.label,
        "rows": args.scopes * per_scope,
        "rounds": args.scopes * 2,
        "failures_per_round": per_scope,
        "seconds": started.elapsed().as_secs_f64(),
        "slowest_round_ms": slowest_round_ms,
    }));
    Ok(())
}

async fn time_direct(journal: &Journal, args: &Args, kind: &Kind, state: JournalState) -> io::Result<()> {
    let q = query(kind, state);
    let mut ms = Vec::with_capacity(args.queries);
    let mut total = 0;
    for i in 0..WARMUP + args.queries {
        let started = Instant::now();
        let page = journal.page(&q).await.map_err(io_error)?;
        if i >= WARMUP {
            ms.push(elapsed_ms(started));
        }
        total = page.total;
        if page.entries.len() as u64 != total.min(50) {
            return Err(io_error(format!(
                "{}: {} entries of {total}",
                kind.name,
                page.entries.len()
            )));
        }
    }
    emit(json!({
        "id": "P8", "kind": "page", "path": "direct", "backend": args.label,
        "query": kind.name, "state": state.as_str(), "total": total, "latency": summary(ms),
    }));
    Ok(())
}

async fn time_http(
    client: &reqwest::Client,
    base: &str,
    args: &Args,
    kind: &Kind,
    state: JournalState,
) -> io::Result<()> {
    let url = format!("{base}/api/journal?{}", query(kind, state).to_query_string());
    let mut ms = Vec::with_capacity(args.queries);
    let mut bytes = 0;
    for i in 0..WARMUP + args.queries {
        let started = Instant::now();
        let res = client.get(&url).send().await.map_err(io_error)?;
        let status = res.status();
        let body = res.bytes().await.map_err(io_error)?;
        if !status.is_success() {
            return Err(io_error(format!(
                "GET {url}: {status}: {}",
                String::from_utf8_lossy(&body)
            )));
        }
        if i >= WARMUP {
            ms.push(elapsed_ms(started));
        }
        bytes = body.len();
    }
    emit(json!({
        "id": "P8", "kind": "page", "path": "http", "backend": args.label,
        "query": kind.name, "state": state.as_str(), "bytes": bytes, "latency": summary(ms),
    }));
    Ok(())
}

/// A release server of this build on `database`, in this process.
async fn start_server(database: &str) -> io::Result<String> {
    let cli = sdrs_console_server::Cli::parse_from([
        "sdrs-console-server",
        "--port",
        "0",
        "--quiet",
        "--jobs",
        "10",
        "--database",
        database,
    ]);
    let addr = sdrs_console_server::spawn(cli).await?;
    Ok(format!("http://{addr}"))
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let args = Args::parse();
    let database = Arc::new(Database::new(DatabaseTarget::from_url(&args.database)?)?);
    database.prepare().await?;
    let journal = Journal::new(database);
    let existing = journal
        .page(&JournalQuery {
            limit: 1,
            ..JournalQuery::default()
        })
        .await
        .map_err(io_error)?
        .total;
    if existing == 0 {
        fill(&journal, &args).await?;
    } else {
        eprintln!(
            "   journal bench: {} holds {existing} rows already; not filled again",
            args.label
        );
    }
    let states = [JournalState::Open, JournalState::Cleared, JournalState::All];
    for kind in KINDS {
        for state in states {
            time_direct(&journal, &args, kind, state).await?;
        }
    }
    if !args.no_http {
        let base = start_server(&args.database).await?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(io_error)?;
        for kind in KINDS {
            for state in states {
                time_http(&client, &base, &args, kind, state).await?;
            }
        }
    }
    Ok(())
}
