//! The (error_code, fail_reason) pairs of the generated data: a spread of
//! real SDRS codes from every area of the SDRS code table, and the codes
//! of other services that SDRS tasks report (EVS, ECS, VPC) with the
//! messages those services send. Picked uniformly by `seed.rs`.

pub const REASONS: &[(Option<&str>, Option<&str>)] = &[
    (
        Some("SDRS.1820"),
        Some("SdrsExpandReplicationPairTask-fail:failed to expand capacity of the replication pair"),
    ),
    (
        Some("EVS.2024"),
        Some("SdrsCreateVolumeTask-fail:EVS.2024 volume is error!"),
    ),
    (
        Some("Ecs.0114"),
        Some("SdrsStopServerTask-fail:Ecs.0114 Instance could not be found."),
    ),
    (
        Some("Ecs.0012"),
        Some("SdrsAttachNicTask-fail:Ecs.0012 The subnet does not contain enough IP addresses."),
    ),
    (
        Some("SDRS.0013"),
        Some("Internal error, please contact technical support"),
    ),
    (
        Some("SDRS.0405"),
        Some("SdrsGenerateNativeServerParamsTask-fail:volume is not available"),
    ),
    (
        Some("SDRS.0406"),
        Some("SdrsWaitReplicationSyncTask-fail:job execution timed out after 3600 seconds"),
    ),
    (
        Some("SDRS.1013"),
        Some("The protection group does not exist or has been deleted"),
    ),
    (
        Some("EVS.2021"),
        Some("SdrsDetachVolumeTask-fail:EVS.2021 volume is error_detaching!"),
    ),
    (
        Some("Ecs.0001"),
        Some("SdrsCreateServerTask-fail:Ecs.0001 Insufficient ECS quota. Contact customer service to increase quota."),
    ),
    (
        Some("SDRS.0306"),
        Some("SdrsCreateReplicationPairTask-fail:the replication pair quota is insufficient"),
    ),
    (
        Some("SDRS.0305"),
        Some("SdrsCreateServerGroupTask-fail:the protection group quota is insufficient"),
    ),
    (
        Some("SDRS.1002"),
        Some("SdrsStopServerGroupTask-fail:operation not allowed in the current protection group status"),
    ),
    (
        Some("SDRS.1019"),
        Some("SdrsFailoverServerGroupTask-fail:protection of the group is not started"),
    ),
    (
        Some("SDRS.1305"),
        Some("SdrsCreateProtectedInstanceTask-fail:server is already used by a protected instance"),
    ),
    (
        Some("SDRS.1316"),
        Some("SdrsReverseServerGroupTask-fail:server is not stopped"),
    ),
    (
        Some("SDRS.1357"),
        Some("SdrsCreateProtectedInstanceTask-fail:production site server is locked by the system"),
    ),
    (
        Some("SDRS.1329"),
        Some("SdrsResizeProtectedInstanceTask-fail:failed to modify the flavor of the protected instance"),
    ),
    (
        Some("SDRS.1601"),
        Some("SdrsAttachReplicationPairTask-fail:replication pair status is not available"),
    ),
    (
        Some("SDRS.1801"),
        Some("SdrsCreateReplicationPairTask-fail:volume status is not available"),
    ),
    (
        Some("SDRS.1816"),
        Some("SdrsExpandReplicationPairTask-fail:disk of the replication pair is not available"),
    ),
    (
        Some("SDRS.1830"),
        Some("SdrsReverseServerGroupTask-fail:replication pairs of the group are synchronizing data"),
    ),
    (
        Some("SDRS.1831"),
        Some("SdrsDetachVolumeTask-fail:the volume is locked"),
    ),
    (
        Some("SDRS.1921"),
        Some("SdrsCreateDrillTask-fail:the drill VPC is already used by another drill"),
    ),
    (
        Some("SDRS.1929"),
        Some("SdrsCreateDrillVpcTask-fail:the VPC quota is insufficient"),
    ),
    (
        Some("VPC.0003"),
        Some("SdrsCreateDrillTask-fail:VPC.0003 VPC does not exist."),
    ),
    (
        None,
        Some("SdrsDeleteReplicationTask-fail:replication pair is in use by a disaster recovery drill"),
    ),
    (Some("SDRS.0013"), None),
    (None, None),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const TABLE: &str = include_str!("../../../../data/sdrs-error-codes.tsv");

    fn table_codes() -> HashSet<&'static str> {
        TABLE
            .lines()
            .filter_map(|l| l.split('\t').nth(1))
            .filter(|c| c.starts_with("SDRS."))
            .collect()
    }

    #[test]
    fn every_sdrs_code_of_the_seed_is_in_the_code_table() {
        let table = table_codes();
        assert_eq!(table.len(), 218);
        for (code, _) in REASONS {
            if let Some(code) = code.filter(|c| c.starts_with("SDRS.")) {
                assert!(table.contains(code), "{code} is not in the SDRS code table");
            }
        }
    }

    #[test]
    fn the_generated_data_spreads_over_the_code_areas() {
        let data = crate::emulator::seed::generate(7, 3000, 12, 1_700_000_000_000);
        let codes: HashSet<&str> = data
            .jobs
            .iter()
            .filter_map(|j| j.job.error_code.as_deref())
            .collect();
        let sdrs: HashSet<&str> = codes.iter().copied().filter(|c| c.starts_with("SDRS.")).collect();
        assert!(sdrs.len() >= 20, "{sdrs:?}");
        // The first two digits name the area: 00 sign-in, parameters,
        // quotas and tasks; 10 groups; 13 instances; 16 pairs; 18 disks;
        // 19 drills.
        let areas: HashSet<&str> = sdrs.iter().map(|c| &c[5..7]).collect();
        for area in ["00", "10", "13", "16", "18", "19"] {
            assert!(areas.contains(area), "no SDRS.{area}xx code in {sdrs:?}");
        }
        for other in ["EVS.2024", "Ecs.0114", "VPC.0003"] {
            assert!(codes.contains(other), "{other}");
        }
    }
}
