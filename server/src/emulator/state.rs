//! Shared state of emulate mode: the store, where its data came from (for
//! `/__emulator/reset`), the further projects of `--emulated-scopes`,
//! queued faults and the log of recent API requests.

use crate::aksk::credentials::KeyPair;
use crate::cli::{Cli, EmulatorFlags};
use crate::emulator::fault_queue::{self, QueuedFault};
use crate::emulator::iam::directory::IamDirectory;
use crate::emulator::projects::{self, EmulatedScope, ProjectSizes, Projects, Tick};
use crate::emulator::seed::{self, Dataset};
use crate::emulator::store::Store;
use crate::util::lock::lock;
use fastrand::Rng;
use serde::Serialize;
use std::collections::VecDeque;
use std::io;
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How many API requests `/__emulator/requests` remembers.
pub const SEEN_REQUESTS: usize = 200;

/// One API request as seen by the emulator, for tests that check what the
/// console sent.
#[derive(Clone, Debug, Serialize)]
pub struct SeenRequest {
    pub method: String,
    /// Path and query.
    pub path: String,
    pub has_token: bool,
    /// The `X-Auth-Token` value, only with `--emulator-log-tokens` (tests);
    /// otherwise `None`: whoever reads the log learns no token.
    pub token: Option<String>,
    pub has_signature: bool,
    pub origin: Option<String>,
}

/// What the emulator is built from: its own flags and the parts of the
/// command line it shares with upstream mode.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    pub flags: EmulatorFlags,
    /// The only project id accepted in API paths.
    pub project_id: String,
    /// The key pair signatures are checked against (`--verify-aksk`).
    pub verify_keys: Option<KeyPair>,
}

impl EmulatorConfig {
    /// The emulator's part of the flags; `--verify-aksk` without a
    /// well-formed key pair is an error.
    pub fn from_cli(cli: &Cli) -> io::Result<Self> {
        let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
        let verify_keys = if cli.emulator.verify_aksk {
            let creds = cli.aksk_credentials().map_err(|e| invalid(e.to_string()))?;
            let creds = creds.ok_or_else(|| {
                invalid("--verify-aksk needs the key pair to accept: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK".into())
            })?;
            Some(creds.keys)
        } else {
            None
        };
        Ok(EmulatorConfig {
            flags: cli.emulator.clone(),
            project_id: cli.emulated_project_id().to_owned(),
            verify_keys,
        })
    }
}

pub struct Emulator {
    pub flags: EmulatorFlags,
    /// The main project's id (the one config.json names).
    pub project_id: String,
    /// The key pair signatures are checked against (`--verify-aksk`).
    pub verify_keys: Option<KeyPair>,
    anchor_ms: i64,
    /// The further projects of `--emulated-scopes`.
    pub projects: Projects,
    /// The parsed `--data` file, kept for resets.
    loaded: Option<Dataset>,
    store: RwLock<Store>,
    pub faults: Mutex<VecDeque<QueuedFault>>,
    /// `--emulator-faults`, queued again by every reset.
    startup_faults: Vec<QueuedFault>,
    pub seen: Mutex<VecDeque<SeenRequest>>,
    /// Randomness of latency jitter, `--fail-rate` and fresh tasks.
    pub rng: Mutex<Rng>,
    /// Emulated IAM (`--iam-users`).
    pub iam: Option<IamDirectory>,
    /// What was published to emulated SMN topics.
    pub smn: Mutex<Vec<super::smn::Published>>,
}

impl Emulator {
    /// Builds the data set from the flags; a bad `--data`, `--iam-users`
    /// or `--emulator-faults` file is an error.
    pub fn new(config: EmulatorConfig) -> io::Result<Self> {
        let EmulatorConfig {
            flags,
            project_id,
            verify_keys,
        } = config;
        let anchor_ms = flags.anchor_ms.unwrap_or_else(crate::util::timefmt::now_ms);
        let loaded = match &flags.data {
            Some(path) => {
                Some(seed::load(path, anchor_ms).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?)
            }
            None => None,
        };
        let iam = match &flags.iam_users {
            Some(path) => Some(IamDirectory::load(path, flags.iam_token_ttl)?),
            None => None,
        };
        let startup_faults = match &flags.emulator_faults {
            Some(path) => fault_queue::load_file(path)?,
            None => Vec::new(),
        };
        let emu = Emulator {
            iam,
            startup_faults,
            verify_keys,
            rng: Mutex::new(Rng::with_seed(flags.seed ^ 0x9e37_79b9_7f4a_7c15)),
            store: RwLock::new(Store::default()),
            faults: Mutex::new(VecDeque::new()),
            seen: Mutex::new(VecDeque::new()),
            smn: Mutex::new(Vec::new()),
            projects: Projects::with_sizes(
                usize::from(flags.emulated_scopes),
                flags.seed,
                anchor_ms,
                ProjectSizes {
                    jobs: flags.emulated_scope_jobs,
                    groups: flags.emulated_scope_groups,
                },
            ),
            anchor_ms,
            loaded,
            flags,
            project_id,
        };
        emu.reset();
        Ok(emu)
    }

    fn dataset(&self) -> Dataset {
        match &self.loaded {
            Some(data) => data.clone(),
            None => seed::generate(
                self.flags.seed,
                self.flags.jobs,
                self.flags.group_count(),
                self.anchor_ms,
            ),
        }
    }

    /// Puts the initial data back (of every project) and drops queued
    /// faults but those of `--emulator-faults`.
    pub fn reset(&self) {
        let store = Store::new(self.dataset());
        *self.write() = store;
        self.projects.reset();
        let mut faults = lock(&self.faults);
        faults.clear();
        faults.extend(self.startup_faults.iter().cloned());
    }

    /// The main project's store.
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        projects::read(&self.store)
    }

    /// The main project's store.
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        projects::write(&self.store)
    }

    /// The store of the project with this id: the main one or one of
    /// `--emulated-scopes`.
    pub fn store_of(&self, project_id: &str) -> Option<&RwLock<Store>> {
        if project_id == self.project_id {
            return Some(&self.store);
        }
        self.projects.get(project_id).map(|p| p.store())
    }

    /// The further projects of `--emulated-scopes` (not the main one), in
    /// index order.
    pub fn emulated_scopes(&self) -> Vec<EmulatedScope> {
        self.projects.scopes()
    }

    pub fn record(&self, req: SeenRequest) {
        let mut seen = lock(&self.seen);
        if seen.len() >= SEEN_REQUESTS {
            seen.pop_front();
        }
        seen.push_back(req);
    }

    /// Adds one fresh failed task dated now (`--new-failure-every`).
    pub fn add_fresh_failure(&self) {
        let groups = self.read().groups().to_vec();
        let job = seed::fresh_job(&mut lock(&self.rng), &groups, crate::util::timefmt::now_ms());
        let _ = self.write().add(job);
    }

    /// One tick of `--new-failure-every`: a fresh failure in the main
    /// project and, with `--emulated-scopes`, one added to a further project
    /// and one cleared from another. Says what changed in the further ones.
    pub fn tick(&self) -> Tick {
        self.add_fresh_failure();
        self.projects.tick(crate::util::timefmt::now_ms())
    }
}
