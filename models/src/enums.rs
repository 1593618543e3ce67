//! Open enums: every value the API documents has a variant and a label key;
//! any other value is kept verbatim in `Other` and shown as such. Serializing
//! gives back exactly the text that was received.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $key_prefix:literal { $($variant:ident => $wire:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A value this console does not know, kept as received.
            Other(String),
        }

        impl $name {
            /// Every documented value, in the documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(raw) => raw,
                }
            }

            /// Never fails: unknown text becomes `Other`.
            pub fn parse(raw: &str) -> Self {
                match raw {
                    $($wire => $name::$variant,)+
                    _ => $name::Other(raw.to_owned()),
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }

            /// Key of the human label in the console's catalogs; `None` for
            /// unknown values, which are shown raw.
            pub fn label_key(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some(concat!($key_prefix, ".", $wire)),)+
                    $name::Other(_) => None,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(crate::lenient::scalar(d, |s| $name::parse(&s))?.unwrap_or_default())
            }
        }
    };
}

open_enum! {
    /// `failure_status` of a failed task: which operation failed.
    FailureStatus, "failure_status" {
        CreateFail => "createFail",
        DeleteFail => "deleteFail",
        AttachFail => "attachFail",
        DetachFail => "detachFail",
        ExpandFail => "expandFail",
        ResizeFail => "resizeFail",
        StartFail => "startFail",
        StopFail => "stopFail",
        ReverseFail => "reverseFail",
        FailoverFail => "failoverFail",
        ReprotectFail => "reprotectFail",
    }
}

open_enum! {
    /// `status` of a job and `job_status` of a failed task.
    JobStatus, "job_status" {
        Success => "SUCCESS",
        Running => "RUNNING",
        Fail => "FAIL",
        Init => "INIT",
    }
}

/// The colour family of a failure status chip; the label carries the meaning,
/// the family only groups related operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFamily {
    Provision,
    Teardown,
    Switchover,
    Capacity,
    Unknown,
}

impl FailureStatus {
    pub fn family(&self) -> StatusFamily {
        use FailureStatus::*;
        match self {
            CreateFail | AttachFail | StartFail => StatusFamily::Provision,
            DeleteFail | DetachFail | StopFail => StatusFamily::Teardown,
            FailoverFail | ReverseFail | ReprotectFail => StatusFamily::Switchover,
            ExpandFail | ResizeFail => StatusFamily::Capacity,
            Other(_) => StatusFamily::Unknown,
        }
    }
}

/// What a failed task acted on, independent of spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    ServerGroup,
    ProtectedInstance,
    Replication,
    DisasterRecoveryDrill,
}

impl ResourceKind {
    pub const ALL: &'static [ResourceKind] = &[
        ResourceKind::ServerGroup,
        ResourceKind::ProtectedInstance,
        ResourceKind::Replication,
        ResourceKind::DisasterRecoveryDrill,
    ];

    /// The spelling of the `resource_type` query parameter.
    pub fn filter_value(self) -> &'static str {
        match self {
            ResourceKind::ServerGroup => "server_groups",
            ResourceKind::ProtectedInstance => "protected_instances",
            ResourceKind::Replication => "replications",
            ResourceKind::DisasterRecoveryDrill => "disaster_recovery_drills",
        }
    }

    /// The spelling seen in the official example response.
    pub fn response_value(self) -> &'static str {
        match self {
            ResourceKind::ServerGroup => "serverGroup",
            ResourceKind::ProtectedInstance => "protectedInstance",
            ResourceKind::Replication => "replication",
            ResourceKind::DisasterRecoveryDrill => "disasterRecoveryDrill",
        }
    }

    /// Exactly one of the four documented filter values.
    pub fn from_filter(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.filter_value() == raw)
    }

    /// Any spelling: `server_groups`, `serverGroup`, `server_group`,
    /// `ServerGroups`... Words are compared without case, `_`, `-` and a
    /// plural `s`.
    pub fn from_any(raw: &str) -> Option<Self> {
        let mut norm: String = raw
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if norm.ends_with('s') {
            norm.pop();
        }
        match norm.as_str() {
            "servergroup" | "protectiongroup" => Some(ResourceKind::ServerGroup),
            "protectedinstance" => Some(ResourceKind::ProtectedInstance),
            "replication" | "replicationpair" => Some(ResourceKind::Replication),
            "disasterrecoverydrill" | "drill" => Some(ResourceKind::DisasterRecoveryDrill),
            _ => None,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ResourceKind::ServerGroup => "resource_type.server_groups",
            ResourceKind::ProtectedInstance => "resource_type.protected_instances",
            ResourceKind::Replication => "resource_type.replications",
            ResourceKind::DisasterRecoveryDrill => "resource_type.disaster_recovery_drills",
        }
    }
}

/// `resource_type` of a failed task as received; [`ResourceType::kind`] maps
/// both documented spellings to one meaning, unknown text has no kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ResourceType(pub String);

impl ResourceType {
    pub fn kind(&self) -> Option<ResourceKind> {
        ResourceKind::from_any(&self.0)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<ResourceKind> for ResourceType {
    fn from(kind: ResourceKind) -> Self {
        ResourceType(kind.filter_value().to_owned())
    }
}

impl<'de> Deserialize<'de> for ResourceType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ResourceType(crate::lenient::string(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_status_round_trips_known_and_unknown() {
        for s in FailureStatus::ALL {
            assert_eq!(&FailureStatus::parse(s.as_str()), s);
            assert!(s.label_key().unwrap().starts_with("failure_status."));
        }
        assert_eq!(FailureStatus::ALL.len(), 11);
        let odd: FailureStatus = serde_json::from_str("\"migrateFail\"").unwrap();
        assert_eq!(odd, FailureStatus::Other("migrateFail".into()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"migrateFail\"");
        assert_eq!(odd.label_key(), None);
    }

    #[test]
    fn null_or_number_status_decodes() {
        let s: FailureStatus = serde_json::from_str("null").unwrap();
        assert_eq!(s, FailureStatus::Other(String::new()));
        let s: JobStatus = serde_json::from_str("7").unwrap();
        assert_eq!(s, JobStatus::Other("7".into()));
    }

    #[test]
    fn resource_type_spellings_share_a_kind() {
        for k in ResourceKind::ALL {
            assert_eq!(ResourceKind::from_any(k.filter_value()), Some(*k));
            assert_eq!(ResourceKind::from_any(k.response_value()), Some(*k));
            assert_eq!(ResourceKind::from_filter(k.filter_value()), Some(*k));
            assert_eq!(ResourceKind::from_filter(k.response_value()), None);
        }
        let t: ResourceType = serde_json::from_str("\"protectedInstance\"").unwrap();
        assert_eq!(t.kind(), Some(ResourceKind::ProtectedInstance));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"protectedInstance\"");
        let u: ResourceType = serde_json::from_str("\"volume\"").unwrap();
        assert_eq!(u.kind(), None);
        assert_eq!(u.as_str(), "volume");
    }

    #[test]
    fn every_status_has_a_family() {
        assert_eq!(FailureStatus::FailoverFail.family(), StatusFamily::Switchover);
        assert_eq!(FailureStatus::parse("x").family(), StatusFamily::Unknown);
    }
}
