//! The query string of `GET /api/journal` and its CSV, read into a
//! [`JournalQuery`]: unknown parameters are ignored, empty ones are no
//! filter, a bad value is a 400 naming the parameter.

use crate::http::error::{codes, ApiError};
use crate::http::query::parse_pairs;
use crate::util::iso_time::parse_iso_ms;
use sdrs_models::{JournalQuery, JournalState};

/// Entries of a JSON page when the query names no `limit`.
pub const DEFAULT_LIMIT: u32 = 50;

fn bad(message: String) -> ApiError {
    ApiError::bad_request(codes::PARAMS, message)
}

/// Parses `raw`; `limit` may be 1..=`max_limit`, `default_limit` when absent.
pub fn parse(raw: Option<&str>, default_limit: u32, max_limit: u32) -> Result<JournalQuery, ApiError> {
    let mut q = JournalQuery {
        limit: default_limit,
        ..JournalQuery::default()
    };
    for (name, value) in parse_pairs(raw)? {
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "scope" => q.scope = Some(value),
            "failure_status" => q.failure_status = Some(value),
            "resource_type" => q.resource_type = Some(value),
            "resource_name" => q.resource_name = Some(value),
            "server_group_id" => q.server_group_id = Some(value),
            "error_code" => q.error_code = Some(value),
            "begun_from" | "begun_before" => {
                if parse_iso_ms(&value).is_none() {
                    return Err(bad(format!(
                        "{name} must be an ISO 8601 time in UTC, such as 2026-12-01T00:00:00Z"
                    )));
                }
                if name == "begun_from" {
                    q.begun_from = Some(value);
                } else {
                    q.begun_before = Some(value);
                }
            }
            "state" => {
                q.state = JournalState::parse(value.trim())
                    .ok_or_else(|| bad("state must be open, cleared or all".into()))?
            }
            "limit" => {
                q.limit = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|l| (1..=max_limit).contains(l))
                    .ok_or_else(|| bad(format!("limit must be an integer in 1..={max_limit}")))?
            }
            "offset" => {
                q.offset = value
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|o| i64::try_from(*o).is_ok())
                    .ok_or_else(|| bad("offset must be an integer, 0 or more".into()))?
            }
            _ => {}
        }
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_and_the_page() {
        let q = parse(
            Some(
                "scope=prod%20a&state=cleared&failure_status=createFail&resource_type=replications\
                  &resource_name=web&server_group_id=g1&error_code=SDRS.1006\
                  &begun_from=2026-12-01T00%3A00%3A00Z&begun_before=2026-12-02T00%3A00%3A00Z\
                  &limit=20&offset=40&x=1",
            ),
            50,
            1000,
        )
        .unwrap();
        assert_eq!(
            q,
            JournalQuery {
                scope: Some("prod a".into()),
                state: JournalState::Cleared,
                failure_status: Some("createFail".into()),
                resource_type: Some("replications".into()),
                resource_name: Some("web".into()),
                server_group_id: Some("g1".into()),
                error_code: Some("SDRS.1006".into()),
                begun_from: Some("2026-12-01T00:00:00Z".into()),
                begun_before: Some("2026-12-02T00:00:00Z".into()),
                limit: 20,
                offset: 40,
            }
        );
        let round_trip = parse(Some(&q.to_query_string()), 50, 1000).unwrap();
        assert_eq!(round_trip, q);
    }

    #[test]
    fn defaults_and_empty_values() {
        let q = parse(Some("scope=&state=&limit="), 50, 1000).unwrap();
        assert_eq!(
            q,
            JournalQuery {
                limit: 50,
                ..JournalQuery::default()
            }
        );
        assert_eq!(parse(None, 7, 10).unwrap().limit, 7);
    }

    #[test]
    fn bad_values_are_400s_naming_the_parameter() {
        for (raw, names) in [
            ("state=bogus", "state"),
            ("state=OPEN", "state"),
            ("limit=0", "limit"),
            ("limit=1001", "limit"),
            ("limit=ten", "limit"),
            ("offset=-1", "offset"),
            ("offset=99999999999999999999", "offset"),
            ("offset=18446744073709551615", "offset"),
            ("begun_from=yesterday", "begun_from"),
            ("begun_before=2026-12-01", "begun_before"),
        ] {
            let e = parse(Some(raw), 50, 1000).unwrap_err();
            assert_eq!((e.status.as_u16(), e.code), (400, codes::PARAMS), "{raw}");
            assert!(e.message.starts_with(names), "{raw}: {}", e.message);
        }
        let e = parse(Some("scope=%FF"), 50, 1000).unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
    }
}
