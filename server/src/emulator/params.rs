//! Query-string validation of the emulated calls. The raw query is parsed
//! here, not by an extractor, so that every bad value ends as a 400 with the
//! SDRS code the real service uses, never as a framework rejection:
//!
//! - `limit`: digits only, 1..=1000, default 1000, else `SDRS.0221`;
//! - `offset`: digits only, at least 0, default 0, else `SDRS.0222`;
//! - a known parameter given twice, an unknown `failure_status` or
//!   `resource_type`, a name longer than [`MAX_NAME_CHARS`], an empty
//!   `server_group_id`, or a query that is not UTF-8 once percent-decoded:
//!   `SDRS.0201` (`SDRS.0207` for the empty group id).
//!
//! Unknown parameters are ignored, as the service does. An empty
//! `resource_name` or `name` means no filter.

use crate::http::error::{codes, ApiError};
use crate::http::query::{parse_pairs, Pairs};
use sdrs_models::{FailureStatus, ResourceKind};

/// Largest page.
pub const MAX_LIMIT: usize = 1000;
/// Longest accepted `resource_name` / `name` filter, in characters (the
/// service's name fields hold at most 255 characters, so a longer filter can
/// never match).
pub const MAX_NAME_CHARS: usize = 255;

/// The value of a parameter given at most once.
fn single<'a>(pairs: &'a Pairs, name: &str) -> Result<Option<&'a str>, ApiError> {
    let mut found = None;
    for (n, v) in pairs {
        if n == name {
            if found.is_some() {
                return Err(ApiError::bad_request(
                    codes::PARAMS,
                    format!("Parameter {name} is given more than once"),
                ));
            }
            found = Some(v.as_str());
        }
    }
    Ok(found)
}

fn digits(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn limit(pairs: &Pairs) -> Result<usize, ApiError> {
    match single(pairs, "limit")? {
        None => Ok(MAX_LIMIT),
        Some(v) => match digits(v) {
            Some(n) if (1..=MAX_LIMIT as u64).contains(&n) => Ok(n as usize),
            _ => Err(ApiError::bad_request(
                codes::LIMIT,
                format!("limit must be an integer from 1 to {MAX_LIMIT}"),
            )),
        },
    }
}

fn offset(pairs: &Pairs) -> Result<usize, ApiError> {
    match single(pairs, "offset")? {
        None => Ok(0),
        Some(v) => digits(v)
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
            .ok_or_else(|| ApiError::bad_request(codes::OFFSET, "offset must be a non-negative integer")),
    }
}

/// A case-insensitive substring filter; empty means none.
fn name_filter(pairs: &Pairs, param: &str) -> Result<Option<String>, ApiError> {
    match single(pairs, param)? {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > MAX_NAME_CHARS => Err(ApiError::bad_request(
            codes::PARAMS,
            format!("{param} must be at most {MAX_NAME_CHARS} characters"),
        )),
        Some(v) => Ok(Some(v.to_lowercase())),
    }
}

/// Parameters of `GET task-center/failure-jobs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub failure_status: Option<FailureStatus>,
    pub resource_kind: Option<ResourceKind>,
    /// Lower-cased.
    pub resource_name: Option<String>,
    pub server_group_id: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl ListParams {
    /// `resource_type` accepts the four documented filter values and, being
    /// lenient like the response side, their response spellings
    /// (`protectedInstance`).
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let pairs = parse_pairs(raw)?;
        let failure_status = match single(&pairs, "failure_status")? {
            None => None,
            Some(v) => {
                let status = FailureStatus::parse(v);
                if !status.is_known() {
                    return Err(ApiError::bad_request(
                        codes::PARAMS,
                        "failure_status is not a known value",
                    ));
                }
                Some(status)
            }
        };
        let resource_kind = match single(&pairs, "resource_type")? {
            None => None,
            Some(v) => Some(
                ResourceKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.filter_value() == v || k.response_value() == v)
                    .ok_or_else(|| {
                        ApiError::bad_request(codes::PARAMS, "resource_type is not a known value")
                    })?,
            ),
        };
        let server_group_id = match single(&pairs, "server_group_id")? {
            None => None,
            Some("") => {
                return Err(ApiError::bad_request(
                    codes::GROUP_INVALID,
                    "server_group_id is empty",
                ))
            }
            Some(v) => Some(v.to_owned()),
        };
        Ok(ListParams {
            failure_status,
            resource_kind,
            resource_name: name_filter(&pairs, "resource_name")?,
            server_group_id,
            limit: limit(&pairs)?,
            offset: offset(&pairs)?,
        })
    }
}

/// Parameters of `GET server-groups`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupParams {
    pub status: Option<String>,
    /// Lower-cased.
    pub name: Option<String>,
    /// `query_type=status_abnormal`: only groups in an error state.
    pub abnormal_only: bool,
    pub availability_zone: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl GroupParams {
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let pairs = parse_pairs(raw)?;
        let abnormal_only = match single(&pairs, "query_type")? {
            None | Some("") => false,
            Some("status_abnormal") => true,
            Some(_) => {
                return Err(ApiError::bad_request(
                    codes::PARAMS,
                    "query_type is not a known value",
                ))
            }
        };
        let nonempty = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_owned);
        Ok(GroupParams {
            status: nonempty(single(&pairs, "status")?),
            name: name_filter(&pairs, "name")?,
            abnormal_only,
            availability_zone: nonempty(single(&pairs, "availability_zone")?),
            limit: limit(&pairs)?,
            offset: offset(&pairs)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> &'static str {
        ListParams::parse(Some(raw)).unwrap_err().code
    }

    #[test]
    fn defaults() {
        let p = ListParams::parse(None).unwrap();
        assert_eq!((p.limit, p.offset), (1000, 0));
        assert_eq!(p.server_group_id, None);
    }

    #[test]
    fn limit_and_offset_edges() {
        for bad in [
            "limit=abc",
            "limit=",
            "limit=0",
            "limit=1001",
            "limit=-1",
            "limit=+5",
            "limit=1e3",
            "limit=99999999999999999999999",
        ] {
            assert_eq!(code(bad), "SDRS.0221", "{bad}");
        }
        for bad in [
            "offset=-1",
            "offset=abc",
            "offset=",
            "offset=1.5",
            "offset=99999999999999999999999",
        ] {
            assert_eq!(code(bad), "SDRS.0222", "{bad}");
        }
        let p = ListParams::parse(Some("limit=1000&offset=18446744073709551615")).unwrap();
        assert_eq!(p.limit, 1000);
        assert_eq!(ListParams::parse(Some("limit=007")).unwrap().limit, 7);
    }

    #[test]
    fn other_edges() {
        assert_eq!(code("failure_status=migrateFail"), "SDRS.0201");
        assert_eq!(code("failure_status="), "SDRS.0201");
        assert_eq!(code("resource_type=volumes"), "SDRS.0201");
        assert_eq!(code("limit=5&limit=6"), "SDRS.0201");
        assert_eq!(code("resource_name=%FF%FE"), "SDRS.0201");
        assert_eq!(code(&format!("resource_name={}", "x".repeat(256))), "SDRS.0201");
        assert_eq!(code("server_group_id="), "SDRS.0207");
        let p = ListParams::parse(Some(
            "resource_type=protectedInstance&resource_name=Web+%E7%94%9F&foo=1&foo=2",
        ))
        .unwrap();
        assert_eq!(p.resource_kind, Some(ResourceKind::ProtectedInstance));
        assert_eq!(p.resource_name.as_deref(), Some("web 生"));
        let name = "é".repeat(255);
        assert!(ListParams::parse(Some(&format!("resource_name={name}"))).is_ok());
    }

    #[test]
    fn group_params() {
        let p = GroupParams::parse(Some(
            "name=PG&status=available&query_type=status_abnormal&limit=5",
        ))
        .unwrap();
        assert_eq!(
            (p.name.as_deref(), p.status.as_deref(), p.abnormal_only, p.limit),
            (Some("pg"), Some("available"), true, 5)
        );
        assert_eq!(
            GroupParams::parse(Some("query_type=x")).unwrap_err().code,
            "SDRS.0201"
        );
        assert_eq!(GroupParams::parse(Some("limit=0")).unwrap_err().code, "SDRS.0221");
    }
}
