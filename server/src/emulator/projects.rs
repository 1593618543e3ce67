//! The further projects of `--emulated-scopes N`: each its own store,
//! seeded from its own seed, with a project id, a name and a region label
//! derived from its index, so that one emulator stands for several accounts
//! in two regions.
//!
//! The ticker of `--new-failure-every` also changes them: on each tick one
//! project gains a fresh failure and another loses an old one, as if
//! someone cleared it outside the console. Which ones is decided by a
//! generator seeded from `--seed` alone, so a run is reproducible.

use crate::emulator::seed::{self, Dataset};
use crate::emulator::store::Store;
use crate::util::lock::lock;
use fastrand::Rng;
use serde::Serialize;
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The region labels the further projects take by turns.
pub const REGIONS: [&str; 2] = ["ap-southeast-3", "ap-southeast-2"];

/// One emulated project as the watcher sees it: where it is and what it is
/// called.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EmulatedScope {
    /// `demo-<region>-<index>`, index from 1.
    pub name: String,
    pub region: String,
    /// 32 lower-case hex digits, a function of the index only.
    pub project_id: String,
}

/// One change made by a tick of the ticker to the further projects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TickChange {
    pub project_id: String,
    pub job_id: String,
}

/// What one tick changed: the failure added to one project and the one
/// cleared from another (none when that project had nothing left).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tick {
    pub added: Option<TickChange>,
    pub cleared: Option<TickChange>,
}

/// The size of every further project; `None`: by index (see
/// [`Projects::new`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProjectSizes {
    pub jobs: Option<usize>,
    pub groups: Option<usize>,
}

/// A further project: what it is and its data.
pub struct Project {
    pub scope: EmulatedScope,
    seed: u64,
    jobs: usize,
    groups: usize,
    store: RwLock<Store>,
}

impl Project {
    fn new(index: usize, base_seed: u64, anchor_ms: i64, sizes: ProjectSizes) -> Self {
        let region = REGIONS[(index - 1) % REGIONS.len()];
        let project = Project {
            scope: EmulatedScope {
                name: format!("demo-{region}-{index}"),
                region: region.to_owned(),
                project_id: project_id(index),
            },
            seed: splitmix(base_seed ^ splitmix(index as u64)),
            // Different sizes, so that the projects are told apart at a
            // glance: 25, 60, 95, … failures; 10 to 14 groups.
            jobs: sizes.jobs.unwrap_or(25 + 35 * ((index - 1) % 8)),
            groups: sizes.groups.unwrap_or(10 + (index - 1) % 5),
            store: RwLock::new(Store::default()),
        };
        project.reset(anchor_ms);
        project
    }

    fn dataset(&self, anchor_ms: i64) -> Dataset {
        seed::generate(self.seed, self.jobs, self.groups, anchor_ms)
    }

    /// Puts the initial data back.
    fn reset(&self, anchor_ms: i64) {
        *self.write() = Store::new(self.dataset(anchor_ms));
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        read(&self.store)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        write(&self.store)
    }

    pub fn store(&self) -> &RwLock<Store> {
        &self.store
    }
}

pub fn read(store: &RwLock<Store>) -> RwLockReadGuard<'_, Store> {
    store.read().unwrap_or_else(PoisonError::into_inner)
}

pub fn write(store: &RwLock<Store>) -> RwLockWriteGuard<'_, Store> {
    store.write().unwrap_or_else(PoisonError::into_inner)
}

/// The further projects and the generator of their ticks.
pub struct Projects {
    list: Vec<Project>,
    anchor_ms: i64,
    base_seed: u64,
    rng: Mutex<Rng>,
}

impl Projects {
    /// `count` projects (indexes 1..=count) seeded from `base_seed`, of
    /// sizes that differ by index: 25, 60, 95, … failures (back to 25 after
    /// eight), 10 to 14 groups.
    pub fn new(count: usize, base_seed: u64, anchor_ms: i64) -> Self {
        Self::with_sizes(count, base_seed, anchor_ms, ProjectSizes::default())
    }

    /// [`Projects::new`] with the sizes given.
    pub fn with_sizes(count: usize, base_seed: u64, anchor_ms: i64, sizes: ProjectSizes) -> Self {
        Projects {
            list: (1..=count)
                .map(|i| Project::new(i, base_seed, anchor_ms, sizes))
                .collect(),
            anchor_ms,
            base_seed,
            rng: Mutex::new(tick_rng(base_seed)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Project> {
        self.list.iter()
    }

    pub fn scopes(&self) -> Vec<EmulatedScope> {
        self.list.iter().map(|p| p.scope.clone()).collect()
    }

    /// The project with this id.
    pub fn get(&self, project_id: &str) -> Option<&Project> {
        self.list.iter().find(|p| p.scope.project_id == project_id)
    }

    /// Every project back to its initial data, ticks from the start.
    pub fn reset(&self) {
        for project in &self.list {
            project.reset(self.anchor_ms);
        }
        *lock(&self.rng) = tick_rng(self.base_seed);
    }

    /// One tick: a fresh failure dated `now_ms` in one project, and one
    /// failure removed from another (from the same one when there is only
    /// one project).
    pub fn tick(&self, now_ms: i64) -> Tick {
        if self.list.is_empty() {
            return Tick::default();
        }
        let mut rng = lock(&self.rng);
        let n = self.list.len();
        let gains = rng.usize(..n);
        let loses = if n == 1 {
            0
        } else {
            (gains + 1 + rng.usize(..n - 1)) % n
        };
        let added = {
            let project = &self.list[gains];
            let groups = project.read().groups().to_vec();
            let job = seed::fresh_job(&mut rng, &groups, now_ms);
            let job_id = job.job.job_id.clone();
            project.write().add(job).ok().map(|_| TickChange {
                project_id: project.scope.project_id.clone(),
                job_id,
            })
        };
        let cleared = {
            let project = &self.list[loses];
            let mut store = project.write();
            // Sorted: the store's own order of groups is not reproducible.
            let mut ids: Vec<String> = store.all().map(|j| j.job.job_id.clone()).collect();
            ids.sort_unstable();
            let fresh = added.as_ref().map(|a| a.job_id.as_str());
            ids.retain(|id| Some(id.as_str()) != fresh);
            if ids.is_empty() {
                None
            } else {
                let job_id = ids.swap_remove(rng.usize(..ids.len()));
                (store.delete_one(&job_id) > 0).then(|| TickChange {
                    project_id: project.scope.project_id.clone(),
                    job_id,
                })
            }
        };
        Tick { added, cleared }
    }
}

fn tick_rng(base_seed: u64) -> Rng {
    Rng::with_seed(splitmix(base_seed ^ 0x7469_636b))
}

/// The project id of the further project `index`: stable across runs and
/// seeds, shaped like Huawei Cloud's (32 lower-case hex digits).
pub fn project_id(index: usize) -> String {
    let a = splitmix(0x5d25_0000 ^ index as u64);
    format!("{a:016x}{:016x}", splitmix(a))
}

/// SplitMix64: spreads neighbouring numbers over the whole range.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const ANCHOR: i64 = 1_700_000_000_000;

    #[test]
    fn names_regions_and_ids() {
        let p = Projects::new(4, 1, ANCHOR);
        let scopes = p.scopes();
        let names: Vec<_> = scopes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "demo-ap-southeast-3-1",
                "demo-ap-southeast-2-2",
                "demo-ap-southeast-3-3",
                "demo-ap-southeast-2-4"
            ]
        );
        let ids: HashSet<_> = scopes.iter().map(|s| s.project_id.clone()).collect();
        assert_eq!(ids.len(), 4);
        for s in &scopes {
            assert_eq!(s.project_id.len(), 32);
            assert!(s
                .project_id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        // The id does not depend on the seed.
        assert_eq!(
            Projects::new(2, 99, ANCHOR).scopes()[1].project_id,
            scopes[1].project_id
        );
    }

    #[test]
    fn each_project_has_its_own_data() {
        let p = Projects::new(3, 1, ANCHOR);
        let sizes: Vec<_> = p
            .iter()
            .map(|p| (p.read().len(), p.read().groups().len()))
            .collect();
        assert_eq!(sizes, [(25, 10), (60, 11), (95, 12)]);
        let first: HashSet<_> = p.list[0].read().groups().iter().map(|g| g.id.clone()).collect();
        assert!(p.list[1].read().groups().iter().all(|g| !first.contains(&g.id)));
    }

    #[test]
    fn sizes_given_apply_to_every_project() {
        let sizes = ProjectSizes {
            jobs: Some(7),
            groups: Some(20),
        };
        let p = Projects::with_sizes(3, 1, ANCHOR, sizes);
        assert!(p
            .iter()
            .all(|p| p.read().len() == 7 && p.read().groups().len() == 20));
    }

    #[test]
    fn ticks_add_to_one_and_clear_from_another_reproducibly() {
        let run = || {
            let p = Projects::new(4, 7, ANCHOR);
            let ticks: Vec<Tick> = (0..20).map(|i| p.tick(ANCHOR + i)).collect();
            let sizes: Vec<usize> = p.iter().map(|p| p.read().len()).collect();
            (ticks, sizes)
        };
        let (ticks, sizes) = run();
        assert_eq!(run(), (ticks.clone(), sizes.clone()));
        assert_eq!(sizes.iter().sum::<usize>(), 25 + 60 + 95 + 130);
        for tick in &ticks {
            let (added, cleared) = (tick.added.as_ref().unwrap(), tick.cleared.as_ref().unwrap());
            assert_ne!(added.project_id, cleared.project_id);
        }
        let p = Projects::new(4, 7, ANCHOR);
        let tick = p.tick(ANCHOR);
        let gained = p.get(&tick.added.unwrap().project_id).unwrap();
        assert_eq!(gained.read().len(), gained.jobs + 1);
        let lost = tick.cleared.unwrap();
        assert!(p
            .get(&lost.project_id)
            .unwrap()
            .read()
            .find_job(&lost.job_id)
            .is_none());
        p.reset();
        assert_eq!(p.tick(ANCHOR), run().0[0]);
    }

    #[test]
    fn one_project_gains_and_loses_and_none_is_a_no_op() {
        let p = Projects::new(1, 3, ANCHOR);
        let tick = p.tick(ANCHOR);
        assert_eq!(p.list[0].read().len(), 25);
        assert_ne!(tick.added.unwrap().job_id, tick.cleared.unwrap().job_id);
        assert_eq!(Projects::new(0, 3, ANCHOR).tick(ANCHOR), Tick::default());
    }
}
