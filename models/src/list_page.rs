//! The one decoder of a page of `GET /v1/{project_id}/task-center/failure-jobs`,
//! generic over the row: full rows ([`crate::FailureJobList`]), shared rows
//! ([`crate::SharedFailureJobList`]) or the timeline's marks
//! ([`crate::FailureJobMarks`]). The rules: lenient per field, a row that is
//! not an object is counted in `malformed_rows` (one broken row never blanks
//! the page), `failure_jobs: null` or absent is an empty page, and only a
//! body that is not a JSON object is an error.

use crate::lenient;
use serde::Deserialize;

/// A decoded page with rows of type `R`.
pub(crate) struct ListPage<R> {
    pub count: Option<u64>,
    pub rows: Vec<R>,
    pub malformed_rows: usize,
}

#[derive(Deserialize)]
#[serde(bound = "R: Deserialize<'de>")]
struct WirePage<R> {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    count: Option<u64>,
    #[serde(default)]
    failure_jobs: lenient::Rows<R>,
}

impl<'de, R: Deserialize<'de>> Deserialize<'de> for ListPage<R> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire: WirePage<R> = lenient::object_only(d)?;
        Ok(ListPage {
            count: wire.count,
            rows: wire.failure_jobs.rows,
            malformed_rows: wire.failure_jobs.malformed,
        })
    }
}
