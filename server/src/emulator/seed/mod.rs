//! The emulated data set: protection groups and failed tasks, generated
//! deterministically from `--seed` or loaded from `--data`.
//!
//! Everything except time is a pure function of the seed and the sizes.
//! Begin times are the anchor (`--anchor-ms`, default: server start) minus
//! seeded offsets of up to 90 days, so the console's relative times look
//! live while ids, names, statuses and order stay reproducible.
//!
//! Resource ids of generated tasks are unique, so deleting a failed task by
//! its `resource_id` removes one row.

pub mod reasons;

use fastrand::Rng;
use reasons::REASONS;
use sdrs_models::{FailureJob, FailureStatus, JobStatus, ResourceKind, ResourceType};
use serde::Serialize;
use std::path::Path;

const DAY_MS: i64 = 86_400_000;
const SPAN_MS: i64 = 90 * DAY_MS;

/// A protection group as listed by `GET server-groups`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
    pub status: String,
    pub source_availability_zone: String,
    pub target_availability_zone: String,
    pub protected_instance_num: u64,
    pub replication_num: u64,
    pub disaster_recovery_drill_num: u64,
    pub created_at: String,
    pub updated_at: String,
}

/// A failed task and the group it belongs to (`None`: protection-group level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedJob {
    pub group_id: Option<String>,
    pub job: FailureJob,
}

/// Groups and failed tasks to fill the store with.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub groups: Vec<Group>,
    pub jobs: Vec<SeedJob>,
}

const GROUP_NAMES: &[&str] = &[
    "prod-web-ap-southeast-3",
    "生产-数据库组",
    "<b>pg</b>",
    "finance-erp-primary",
    "hr-portal",
    "sap-hana-dr",
    "Résumé-service-groupe",
    "k8s-worker-nodes",
    "analytics-warehouse-ζ",
    "",
    "test-drill-sandbox",
    "empty-standby-group",
];

const GROUP_STATUSES: &[&str] = &[
    "protected",
    "available",
    "protected",
    "error-failing-over",
    "protected",
    "failed-over",
    "available",
    "error-reversing",
    "protected",
    "error",
    "available",
    "protected",
];

const AZ_PAIRS: &[(&str, &str)] = &[
    ("ap-southeast-3a", "ap-southeast-3b"),
    ("cn-north-4a", "cn-north-4b"),
    ("cn-east-3a", "cn-east-3c"),
];

fn long_group_name() -> String {
    let mut name = String::from("dr-group-");
    while name.len() < 180 {
        name.push_str("very-long-protection-group-name-");
    }
    name.truncate(180);
    name
}

/// (job_type, failure_status) per resource kind.
const TEMPLATES: &[(ResourceKind, &str, FailureStatus)] = &[
    (
        ResourceKind::ServerGroup,
        "createServerGroup",
        FailureStatus::CreateFail,
    ),
    (
        ResourceKind::ServerGroup,
        "deleteServerGroup",
        FailureStatus::DeleteFail,
    ),
    (
        ResourceKind::ServerGroup,
        "failoverServerGroup",
        FailureStatus::FailoverFail,
    ),
    (
        ResourceKind::ServerGroup,
        "reverseServerGroup",
        FailureStatus::ReverseFail,
    ),
    (
        ResourceKind::ServerGroup,
        "reprotectServerGroup",
        FailureStatus::ReprotectFail,
    ),
    (
        ResourceKind::ServerGroup,
        "startServerGroup",
        FailureStatus::StartFail,
    ),
    (
        ResourceKind::ServerGroup,
        "stopServerGroup",
        FailureStatus::StopFail,
    ),
    (
        ResourceKind::ProtectedInstance,
        "createProtectedInstance",
        FailureStatus::CreateFail,
    ),
    (
        ResourceKind::ProtectedInstance,
        "deleteProtectedInstance",
        FailureStatus::DeleteFail,
    ),
    (
        ResourceKind::ProtectedInstance,
        "addProtectedInstanceNic",
        FailureStatus::AttachFail,
    ),
    (
        ResourceKind::ProtectedInstance,
        "deleteProtectedInstanceNic",
        FailureStatus::DetachFail,
    ),
    (
        ResourceKind::ProtectedInstance,
        "resizeProtectedInstance",
        FailureStatus::ResizeFail,
    ),
    (
        ResourceKind::Replication,
        "createReplicationPair",
        FailureStatus::CreateFail,
    ),
    (
        ResourceKind::Replication,
        "deleteReplicationPair",
        FailureStatus::DeleteFail,
    ),
    (
        ResourceKind::Replication,
        "expandReplicationPairNew",
        FailureStatus::ExpandFail,
    ),
    (
        ResourceKind::Replication,
        "attachReplicationPair",
        FailureStatus::AttachFail,
    ),
    (
        ResourceKind::Replication,
        "detachReplicationPair",
        FailureStatus::DetachFail,
    ),
    (
        ResourceKind::DisasterRecoveryDrill,
        "createDisasterRecoveryDrill",
        FailureStatus::CreateFail,
    ),
    (
        ResourceKind::DisasterRecoveryDrill,
        "deleteDisasterRecoveryDrill",
        FailureStatus::DeleteFail,
    ),
];

const GROUP_LEVEL_TEMPLATES: usize = 7;

const ODD_REASONS: &[(Option<&str>, Option<&str>)] = &[
    (
        Some("SDRS.0013"),
        Some("<b>upstream</b> said <script>alert('reason')</script> <img src=x onerror=alert(1)>"),
    ),
    (
        Some("EVS.2024"),
        Some("卷状态不可用：云硬盘正在被其他任务使用，请稍后重试"),
    ),
    (
        Some("X-Unknown.9"),
        Some("RTL \u{202e}txt.exe\u{202c} and zero\u{200b}width characters"),
    ),
];

fn long_reason() -> String {
    let mut s = String::from("SdrsCreateProtectedInstanceTask-fail:");
    while s.len() < 420 {
        s.push_str(" at com.huawei.sdrs.task.SdrsCreateServerTask.execute(SdrsCreateServerTask.java:211) caused by EVS.2024;");
    }
    s
}

const ODD_NAMES: &[&str] = &[
    "生产-数据库-主节点-01",
    "сервер-приложений-02",
    "ウェブサーバー-03",
    "serveur-facturation-é",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "invoice\u{202e}gpj.exe",
    "web\u{200b}-zero\u{200d}-width-01",
];

fn long_resource_name() -> String {
    let mut s = String::from("ecs-");
    while s.chars().count() < 310 {
        s.push_str("very-long-resource-name-");
    }
    s
}

const APPS: &[&str] = &[
    "web", "db", "erp", "crm", "billing", "cache", "mq", "search", "auth", "report",
];
const ENVS: &[&str] = &["prod", "staging", "dr", "qa"];

/// 32 lower-case hex digits, like the service's job ids.
pub fn hex_id(rng: &mut Rng) -> String {
    format!("{:016x}{:016x}", rng.u64(..), rng.u64(..))
}

/// A random version-4 UUID.
pub fn uuid(rng: &mut Rng) -> String {
    let a = rng.u64(..);
    let b = rng.u64(..);
    let a = (a & !0xF000) | 0x4000;
    let b = (b & !(0xC000 << 48)) | (0x8000 << 48);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn generate_groups(rng: &mut Rng, count: usize, anchor_ms: i64) -> Vec<Group> {
    (0..count)
        .map(|i| {
            let name = match GROUP_NAMES.get(i) {
                Some(&"") => long_group_name(),
                Some(name) => (*name).to_owned(),
                None => format!("pg-{}-{}-{i:02}", pick(rng, APPS), pick(rng, ENVS)),
            };
            let (src, dst) = AZ_PAIRS[i % AZ_PAIRS.len()];
            let created = anchor_ms - SPAN_MS - rng.i64(0..180 * DAY_MS);
            let updated = anchor_ms - rng.i64(0..30 * DAY_MS);
            Group {
                id: uuid(rng),
                description: if i % 3 == 0 {
                    String::new()
                } else {
                    format!("Protection group {}", i + 1)
                },
                name,
                status: GROUP_STATUSES[i % GROUP_STATUSES.len()].to_owned(),
                source_availability_zone: src.to_owned(),
                target_availability_zone: dst.to_owned(),
                protected_instance_num: rng.u64(1..40),
                replication_num: rng.u64(1..80),
                disaster_recovery_drill_num: rng.u64(0..4),
                created_at: crate::util::timefmt::format_ms(created),
                updated_at: crate::util::timefmt::format_ms(updated),
            }
        })
        .collect()
}

fn resource_name(rng: &mut Rng, kind: ResourceKind, n: usize) -> String {
    if rng.usize(..40) == 0 {
        return if rng.usize(..ODD_NAMES.len() + 1) == 0 {
            long_resource_name()
        } else {
            (*pick(rng, ODD_NAMES)).to_owned()
        };
    }
    let app = pick(rng, APPS);
    let env = pick(rng, ENVS);
    match kind {
        ResourceKind::ServerGroup => format!("pg-{app}-{env}-{:03}", n % 1000),
        ResourceKind::ProtectedInstance => format!("ecs-{env}-{app}-{:02}", rng.u32(1..100)),
        ResourceKind::Replication => format!("replication-{app}-{:03}", rng.u32(1..1000)),
        ResourceKind::DisasterRecoveryDrill => format!("drill-{app}-{env}-{:02}", rng.u32(1..100)),
    }
}

fn reason(rng: &mut Rng) -> (Option<String>, Option<String>) {
    let roll = rng.usize(..60);
    let (code, text) = if roll == 0 {
        return (Some("SDRS.0405".into()), Some(long_reason()));
    } else if roll < 3 {
        *pick(rng, ODD_REASONS)
    } else {
        *pick(rng, REASONS)
    };
    (code.map(str::to_owned), text.map(str::to_owned))
}

/// Generates the data set of `--seed` with `job_count` tasks and
/// `group_count` groups (at least 10). About one task in 15 is at
/// protection-group level; the last group has no failed tasks.
pub fn generate(seed: u64, job_count: usize, group_count: usize, anchor_ms: i64) -> Dataset {
    let mut rng = Rng::with_seed(seed);
    let groups = generate_groups(&mut rng, group_count.max(10), anchor_ms);
    let group_level = ((job_count as f64 / 15.0).round() as usize).max(job_count.min(GROUP_LEVEL_TEMPLATES));
    let group_level = group_level.min(job_count);
    // Uneven group sizes; the last group stays empty.
    let weights: Vec<usize> = (0..groups.len() - 1)
        .map(|g| if g == 0 { 20 } else { 1 + (g * 7) % 5 })
        .collect();
    let weight_sum: usize = weights.iter().sum();
    let in_group_templates = &TEMPLATES[GROUP_LEVEL_TEMPLATES..];

    let mut jobs = Vec::with_capacity(job_count);
    for i in 0..job_count {
        let (group_id, (kind, job_type, status)) = if i < group_level {
            let t = if i < GROUP_LEVEL_TEMPLATES {
                i
            } else {
                rng.usize(..GROUP_LEVEL_TEMPLATES)
            };
            (None, TEMPLATES[t].clone())
        } else {
            let k = i - group_level;
            let t = if k < in_group_templates.len() {
                k
            } else {
                // Protected instances most often, drills least.
                match rng.usize(..20) {
                    0..=9 => rng.usize(..5),
                    10..=17 => 5 + rng.usize(..5),
                    _ => 10 + rng.usize(..2),
                }
            };
            let mut w = rng.usize(..weight_sum);
            let g = weights
                .iter()
                .position(|&x| {
                    if w < x {
                        true
                    } else {
                        w -= x;
                        false
                    }
                })
                .unwrap_or(0);
            (Some(groups[g].id.clone()), in_group_templates[t].clone())
        };
        // Group-level tasks on listed groups for the first few, on groups
        // that failed creation or are gone for the rest.
        let (resource_id, name) =
            if group_id.is_none() && i < groups.len() - 1 && status != FailureStatus::CreateFail {
                (groups[i].id.clone(), groups[i].name.clone())
            } else {
                (uuid(&mut rng), resource_name(&mut rng, kind, i))
            };
        let spelling = if rng.bool() {
            kind.filter_value()
        } else {
            kind.response_value()
        };
        let (error_code, fail_reason) = reason(&mut rng);
        let offset = if i % 97 == 0 {
            rng.i64(0..3_600_000)
        } else {
            rng.i64(0..SPAN_MS)
        };
        jobs.push(SeedJob {
            group_id,
            job: FailureJob {
                job_id: hex_id(&mut rng),
                job_type: job_type.to_owned(),
                job_status: JobStatus::Fail,
                failure_status: status,
                resource_id,
                resource_name: name,
                resource_type: ResourceType(spelling.to_owned()),
                begin_time: crate::util::timefmt::format_ms(anchor_ms - offset),
                error_code,
                fail_reason,
            },
        });
    }
    Dataset { groups, jobs }
}

/// One fresh failed task for `--new-failure-every`: every other one at
/// protection-group level, the rest in a listed group.
pub fn fresh_job(rng: &mut Rng, groups: &[Group], now_ms: i64) -> SeedJob {
    let group_level = groups.is_empty() || rng.bool();
    let range = if group_level {
        0..GROUP_LEVEL_TEMPLATES
    } else {
        GROUP_LEVEL_TEMPLATES..TEMPLATES.len()
    };
    let (kind, job_type, status) = TEMPLATES[rng.usize(range)].clone();
    let group_id = (!group_level).then(|| pick(rng, groups).id.clone());
    let (error_code, fail_reason) = reason(rng);
    let spelling = if rng.bool() {
        kind.filter_value()
    } else {
        kind.response_value()
    };
    let n = rng.usize(..1000);
    SeedJob {
        group_id,
        job: FailureJob {
            job_id: hex_id(rng),
            job_type: job_type.to_owned(),
            job_status: JobStatus::Fail,
            failure_status: status,
            resource_id: uuid(rng),
            resource_name: resource_name(rng, kind, n),
            resource_type: ResourceType(spelling.to_owned()),
            begin_time: crate::util::timefmt::format_ms(now_ms),
            error_code,
            fail_reason,
        },
    }
}

/// Loads `--data`: `{"failure_jobs":[...], "server_groups":[...]}` or a bare
/// array of jobs. A job object's `server_group_id` key puts it in that group;
/// groups named by jobs but absent from `server_groups` are listed with
/// their id as name. Fields follow the lenient models: missing ones default.
pub fn load(path: &Path, anchor_ms: i64) -> Result<Dataset, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_dataset(&text, anchor_ms).map_err(|e| format!("{}: {e}", path.display()))
}

/// See [`load`].
pub fn parse_dataset(text: &str, anchor_ms: i64) -> Result<Dataset, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let (rows, group_rows) = match value {
        serde_json::Value::Array(rows) => (rows, Vec::new()),
        serde_json::Value::Object(mut obj) => {
            let rows = match obj.remove("failure_jobs") {
                Some(serde_json::Value::Array(rows)) => rows,
                _ => return Err("expected a \"failure_jobs\" array".into()),
            };
            let groups = match obj.remove("server_groups") {
                Some(serde_json::Value::Array(g)) => g,
                _ => Vec::new(),
            };
            (rows, groups)
        }
        _ => return Err("expected an object or an array".into()),
    };
    let mut groups: Vec<Group> = Vec::new();
    for (i, row) in group_rows.into_iter().enumerate() {
        let pg: sdrs_models::ProtectionGroup =
            serde_json::from_value(row).map_err(|e| format!("server_groups[{i}]: {e}"))?;
        if pg.id.is_empty() {
            return Err(format!("server_groups[{i}] has no id"));
        }
        groups.push(group_from(pg.id, pg.name, pg.status, anchor_ms));
        let g = groups.last_mut().expect("just pushed");
        g.protected_instance_num = pg.protected_instance_num;
        g.replication_num = pg.replication_num;
        g.disaster_recovery_drill_num = pg.disaster_recovery_drill_num;
    }
    let mut jobs = Vec::with_capacity(rows.len());
    let mut fill = Rng::with_seed(0x5d75);
    for (i, mut row) in rows.into_iter().enumerate() {
        let Some(obj) = row.as_object_mut() else {
            return Err(format!("failure_jobs[{i}] is not an object"));
        };
        let group_id = match obj.remove("server_group_id") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(id)) if !id.is_empty() => Some(id),
            Some(_) => {
                return Err(format!(
                    "failure_jobs[{i}].server_group_id is not a non-empty string"
                ))
            }
        };
        let mut job: FailureJob =
            serde_json::from_value(row).map_err(|e| format!("failure_jobs[{i}]: {e}"))?;
        if job.job_id.is_empty() {
            job.job_id = hex_id(&mut fill);
        }
        if let Some(id) = &group_id {
            if !groups.iter().any(|g| &g.id == id) {
                groups.push(group_from(id.clone(), id.clone(), "protected".into(), anchor_ms));
            }
        }
        jobs.push(SeedJob { group_id, job });
    }
    Ok(Dataset { groups, jobs })
}

fn group_from(id: String, name: String, status: String, anchor_ms: i64) -> Group {
    let (src, dst) = AZ_PAIRS[0];
    Group {
        id,
        name,
        description: String::new(),
        status,
        source_availability_zone: src.into(),
        target_availability_zone: dst.into(),
        protected_instance_num: 0,
        replication_num: 0,
        disaster_recovery_drill_num: 0,
        created_at: crate::util::timefmt::format_ms(anchor_ms - SPAN_MS),
        updated_at: crate::util::timefmt::format_ms(anchor_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const ANCHOR: i64 = 1_700_000_000_000;

    #[test]
    fn deterministic_and_varied() {
        let a = generate(7, 3000, 12, ANCHOR);
        let b = generate(7, 3000, 12, ANCHOR);
        assert_eq!(a.jobs, b.jobs);
        assert_eq!(a.groups, b.groups);
        assert_ne!(generate(8, 3000, 12, ANCHOR).jobs, a.jobs);
        assert_eq!(a.jobs.len(), 3000);
        assert_eq!(a.groups.len(), 12);

        let statuses: HashSet<_> = a.jobs.iter().map(|j| j.job.failure_status.clone()).collect();
        assert_eq!(statuses.len(), 11);
        let spellings: HashSet<_> = a.jobs.iter().map(|j| j.job.resource_type.0.clone()).collect();
        assert_eq!(spellings.len(), 8);
        let group_level = a.jobs.iter().filter(|j| j.group_id.is_none()).count();
        assert!((150..=250).contains(&group_level), "{group_level}");
        assert!(a
            .jobs
            .iter()
            .filter(|j| j.group_id.is_none())
            .all(|j| j.job.resource_type.kind() == Some(ResourceKind::ServerGroup)));
        let ids: HashSet<_> = a.jobs.iter().map(|j| j.job.resource_id.clone()).collect();
        assert_eq!(ids.len(), 3000);
        let last = &a.groups[11].id;
        assert!(a.jobs.iter().all(|j| j.group_id.as_ref() != Some(last)));
        assert!(a.jobs.iter().any(|j| j.job.error_code.is_none()));
        assert!(a
            .jobs
            .iter()
            .any(|j| j.job.error_code.as_deref() == Some("EVS.2024")));
        assert!(a.jobs.iter().any(|j| j.job.resource_name.contains('<')));
        assert!(a.jobs.iter().any(|j| j.job.resource_name.chars().count() > 300));
        for j in &a.jobs {
            let t = crate::util::timefmt::parse_ms(&j.job.begin_time).unwrap();
            assert!(t <= ANCHOR && t > ANCHOR - SPAN_MS);
            assert_eq!(j.job.job_id.len(), 32);
        }
    }

    #[test]
    fn tiny_sets_still_cover_group_level_templates() {
        let d = generate(1, 10, 3, ANCHOR);
        assert_eq!(d.groups.len(), 10);
        assert_eq!(d.jobs.iter().filter(|j| j.group_id.is_none()).count(), 7);
        assert!(generate(1, 0, 10, ANCHOR).jobs.is_empty());
    }

    #[test]
    fn uuid_shape() {
        let mut rng = Rng::with_seed(3);
        let u = uuid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn data_file_shapes() {
        let d = parse_dataset(
            r#"{"server_groups":[{"id":"g1","name":"one"}],"failure_jobs":[
                {"job_id":"a","server_group_id":"g1","resource_type":"replication"},
                {"job_id":"b","server_group_id":"g2"},{"resource_name":"x"}]}"#,
            ANCHOR,
        )
        .unwrap();
        assert_eq!(d.groups.len(), 2);
        assert_eq!(d.groups[1].name, "g2");
        assert_eq!(d.jobs[0].group_id.as_deref(), Some("g1"));
        assert_eq!(d.jobs[2].group_id, None);
        assert_eq!(d.jobs[2].job.job_id.len(), 32);
        assert!(parse_dataset(r#"[{"job_id":"a"}]"#, ANCHOR).is_ok());
        assert!(parse_dataset(r#"[1]"#, ANCHOR).is_err());
        assert!(parse_dataset(r#"{"x":1}"#, ANCHOR).is_err());
        assert!(parse_dataset("nope", ANCHOR).is_err());
    }
}
