//! `GET jobs/{job_id}`: the drill-down record of a failed task, derived from
//! the task itself with a PRNG seeded by its job id, so the same id always
//! gives the same record and the record agrees with the listed row: status
//! FAIL, same type, begin time, error code and reason.

use crate::emulator::seed::{hex_id, uuid};
use crate::emulator::store::StoredJob;
use crate::util::timefmt::{format_ms, parse_ms};
use fastrand::Rng;
use sdrs_models::{JobEntities, JobStatus, JobStatusRecord, ResourceKind};

fn id_seed(id: &str) -> u64 {
    // FNV-1a: stable across runs and platforms.
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

const SUB_JOBS: [&[&str]; 4] = [
    &[
        "lockServerGroup",
        "updateServerGroupStatus",
        "switchReplicationDirection",
        "unlockServerGroup",
    ],
    &[
        "createNativeServer",
        "createVolumes",
        "attachVolumes",
        "createReplicationPairs",
    ],
    &[
        "createTargetVolume",
        "createReplication",
        "expandVolume",
        "syncReplication",
    ],
    &[
        "createDrillVpc",
        "createDrillServer",
        "attachDrillVolumes",
        "startDrillServer",
    ],
];

fn kind_index(kind: Option<ResourceKind>) -> usize {
    match kind {
        Some(ResourceKind::ProtectedInstance) | None => 1,
        Some(ResourceKind::ServerGroup) => 0,
        Some(ResourceKind::Replication) => 2,
        Some(ResourceKind::DisasterRecoveryDrill) => 3,
    }
}

/// The status record of a stored failed task. Tasks inside a group carry
/// `entities.server_group_id` and 1 to 4 sub-jobs: those before the failing
/// one SUCCESS, the failing one FAIL with the task's error, later ones INIT.
pub fn record(stored: &StoredJob) -> JobStatusRecord {
    let job = &stored.job;
    let mut rng = Rng::with_seed(id_seed(&job.job_id));
    let begin = parse_ms(&job.begin_time);
    // A job ends after it began and never in the future.
    let end =
        begin.map(|b| (b + rng.i64(5_000..1_800_000)).min(crate::util::timefmt::now_ms().max(b + 1_000)));
    let end_time = end.map(format_ms).unwrap_or_else(|| job.begin_time.clone());

    let mut entities = JobEntities {
        server_group_id: stored.group_id.clone(),
        ..Default::default()
    };
    match stored.kind {
        Some(ResourceKind::ServerGroup) => {
            entities
                .server_group_id
                .get_or_insert_with(|| job.resource_id.clone());
        }
        Some(ResourceKind::ProtectedInstance) => {
            entities.protected_instance_id = Some(job.resource_id.clone());
            entities.native_server_id = Some(uuid(&mut rng));
            if job.job_type.contains("Nic") {
                entities.nic_id = Some(uuid(&mut rng));
            } else {
                entities.volume_ids = Some(format!("{},{}", uuid(&mut rng), uuid(&mut rng)));
            }
        }
        Some(ResourceKind::Replication) => {
            entities.replication_pair_id = Some(job.resource_id.clone());
            entities.volume_ids = Some(uuid(&mut rng));
        }
        Some(ResourceKind::DisasterRecoveryDrill) | None => {}
    }

    if stored.group_id.is_some() {
        let names = SUB_JOBS[kind_index(stored.kind)];
        let n = rng.usize(1..=4);
        let failing = if rng.bool() { n - 1 } else { rng.usize(..n) };
        let (start, stop) = (begin.unwrap_or(0), end.unwrap_or(0));
        let step = (stop - start) / n as i64;
        entities.sub_jobs = (0..n)
            .map(|i| {
                let status = match i.cmp(&failing) {
                    std::cmp::Ordering::Less => JobStatus::Success,
                    std::cmp::Ordering::Equal => JobStatus::Fail,
                    std::cmp::Ordering::Greater => JobStatus::Init,
                };
                let failed = status == JobStatus::Fail;
                let (b, e) = if begin.is_some() {
                    (
                        format_ms(start + step * i as i64),
                        format_ms(start + step * (i as i64 + 1)),
                    )
                } else {
                    (job.begin_time.clone(), job.begin_time.clone())
                };
                JobStatusRecord {
                    job_id: hex_id(&mut rng),
                    job_type: names[i].to_owned(),
                    begin_time: if status == JobStatus::Init {
                        String::new()
                    } else {
                        b
                    },
                    end_time: if status == JobStatus::Init {
                        String::new()
                    } else {
                        e
                    },
                    status,
                    error_code: if failed { job.error_code.clone() } else { None },
                    fail_reason: if failed { job.fail_reason.clone() } else { None },
                    entities: JobEntities {
                        server_group_id: entities.server_group_id.clone(),
                        protected_instance_id: entities.protected_instance_id.clone(),
                        replication_pair_id: entities.replication_pair_id.clone(),
                        ..Default::default()
                    },
                }
            })
            .collect();
    }

    JobStatusRecord {
        status: JobStatus::Fail,
        job_id: job.job_id.clone(),
        job_type: job.job_type.clone(),
        begin_time: job.begin_time.clone(),
        end_time,
        error_code: job.error_code.clone(),
        fail_reason: job.fail_reason.clone(),
        entities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::seed::generate;

    #[test]
    fn records_agree_with_their_tasks() {
        let data = generate(5, 300, 10, 1_700_000_000_000);
        for seed in data.jobs {
            let stored = StoredJob::new(seed);
            let rec = record(&stored);
            assert_eq!(rec, record(&stored));
            assert_eq!(rec.status, JobStatus::Fail);
            assert_eq!(rec.job_id, stored.job.job_id);
            assert_eq!(rec.error_code, stored.job.error_code);
            assert!(rec.end_time > rec.begin_time);
            match &stored.group_id {
                Some(g) => {
                    assert_eq!(rec.entities.server_group_id.as_ref(), Some(g));
                    assert!((1..=4).contains(&rec.entities.sub_jobs.len()));
                    assert_eq!(rec.failed_sub_jobs(), 1);
                    let failed = rec
                        .entities
                        .sub_jobs
                        .iter()
                        .find(|s| s.status == JobStatus::Fail)
                        .unwrap();
                    assert_eq!(failed.error_code, stored.job.error_code);
                }
                None => {
                    assert_eq!(
                        rec.entities.server_group_id.as_deref(),
                        Some(stored.job.resource_id.as_str())
                    );
                    assert!(rec.entities.sub_jobs.is_empty());
                }
            }
        }
    }
}
