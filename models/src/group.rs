//! Protection groups: `GET /v1/{project_id}/server-groups`, for the picker.

use crate::lenient;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectionGroup {
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(deserialize_with = "lenient::u64_or_zero")]
    pub protected_instance_num: u64,
    #[serde(deserialize_with = "lenient::u64_or_zero")]
    pub replication_num: u64,
    #[serde(deserialize_with = "lenient::u64_or_zero")]
    pub disaster_recovery_drill_num: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProtectionGroupList {
    pub server_groups: Vec<ProtectionGroup>,
    pub count: Option<u64>,
}

#[derive(Deserialize)]
struct WireGroups {
    #[serde(default)]
    server_groups: lenient::Rows<ProtectionGroup>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    count: Option<u64>,
}

impl<'de> Deserialize<'de> for ProtectionGroupList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire: WireGroups = lenient::object_only(d)?;
        Ok(ProtectionGroupList {
            server_groups: wire.server_groups.rows,
            count: wire.count,
        })
    }
}

impl ProtectionGroupList {
    pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, serde_json::Error> {
        lenient::decode(body.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_groups_with_extra_fields_and_string_counts() {
        let list = ProtectionGroupList::from_json(
            r#"{"count":2,"server_groups":[{"id":"g1","name":"pg-web","status":"available","protected_instance_num":"3",
                "replication_num":2,"disaster_recovery_drill_num":null,"domain_id":"x","priority_station":"source"},{"id":"g2"}]}"#,
        )
        .unwrap();
        assert_eq!(list.count, Some(2));
        assert_eq!(list.server_groups[0].protected_instance_num, 3);
        assert_eq!(list.server_groups[0].disaster_recovery_drill_num, 0);
        assert_eq!(list.server_groups[1].name, "");
    }
}
