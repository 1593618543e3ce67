//! A page of failed tasks read for its begin times and statuses only: the
//! timeline's walk over every page. Decoding skips the other fields, so a
//! page costs its marks instead of a `FailureJob` per row. The rules are
//! those of every list page (`list_page`).

use crate::enums::FailureStatus;
use crate::lenient;
use crate::list_page::ListPage;
use serde::Deserialize;

/// What the timeline needs of one failed task.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FailureJobMark {
    #[serde(deserialize_with = "lenient::string")]
    pub begin_time: String,
    pub failure_status: FailureStatus,
}

/// A page of `GET /v1/{project_id}/task-center/failure-jobs`, marks only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailureJobMarks {
    pub count: Option<u64>,
    pub marks: Vec<FailureJobMark>,
    /// Elements of `failure_jobs` that were not objects.
    pub malformed_rows: usize,
}

impl<'de> Deserialize<'de> for FailureJobMarks {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let page = ListPage::deserialize(d)?;
        Ok(FailureJobMarks {
            count: page.count,
            marks: page.rows,
            malformed_rows: page.malformed_rows,
        })
    }
}

impl FailureJobMarks {
    pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, serde_json::Error> {
        lenient::decode(body.as_ref())
    }

    /// Decodes a body read through `reader`, never holding all of it. Only
    /// strict JSON: a body this refuses may still decode by
    /// [`FailureJobMarks::from_json`] (a byte-order mark, invalid UTF-8).
    pub fn from_reader(reader: &mut dyn std::io::Read) -> Result<Self, serde_json::Error> {
        serde_json::from_reader(reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FailureJobList;

    /// The marks of a body are those of its full rows, whatever the body.
    fn same_as_full_rows(body: &str) {
        let full = FailureJobList::from_json(body);
        let marks = FailureJobMarks::from_json(body);
        match (full, marks) {
            (Ok(full), Ok(marks)) => {
                assert_eq!(marks.count, full.count, "{body}");
                assert_eq!(marks.malformed_rows, full.malformed_rows, "{body}");
                let want: Vec<FailureJobMark> = full
                    .failure_jobs
                    .iter()
                    .map(|j| FailureJobMark {
                        begin_time: j.begin_time.clone(),
                        failure_status: j.failure_status.clone(),
                    })
                    .collect();
                assert_eq!(marks.marks, want, "{body}");
            }
            (Err(_), Err(_)) => {}
            (full, marks) => panic!("{body}: full {full:?}, marks {marks:?}"),
        }
    }

    const BODIES: [&str; 9] = [
        r#"{"count":"7","failure_jobs":[{"begin_time":12,"failure_status":"deleteFail","x":[1]},{}]}"#,
        r#"{"count":4,"failure_jobs":[{"begin_time":"2026-01-01T00:00:00Z"},"junk",7,null,[1,2],{"failure_status":null}]}"#,
        r#"{"failure_jobs":[{"failure_status":"migrateFail","begin_time":{"a":1}}]}"#,
        r#"{"count":0,"failure_jobs":null}"#,
        r#"{"failure_jobs":"nope"}"#,
        "\u{feff}{\"count\":1,\"failure_jobs\":[{\"begin_time\":\"t\"}]}",
        "<html>502</html>",
        "[1,2]",
        "",
    ];

    #[test]
    fn marks_follow_the_rules_of_full_rows() {
        same_as_full_rows(include_str!("../tests/data/official_example.json"));
        for body in BODIES {
            same_as_full_rows(body);
        }
    }

    /// What a reader decodes is what the whole body decodes; a body only
    /// the lenient rules take (here a byte-order mark) is refused, for the
    /// caller to decode whole.
    #[test]
    fn a_reader_decodes_the_marks_of_the_whole_body_or_refuses() {
        let official = include_str!("../tests/data/official_example.json");
        for body in BODIES.into_iter().chain([official]) {
            let whole = FailureJobMarks::from_json(body);
            match FailureJobMarks::from_reader(&mut body.as_bytes()) {
                Ok(read) => assert_eq!(Ok(read), whole.map_err(|e| e.to_string()), "{body}"),
                Err(_) => assert!(body.starts_with('\u{feff}') || whole.is_err(), "{body}"),
            }
        }
        assert!(FailureJobMarks::from_reader(&mut official.as_bytes()).is_ok());
    }

    #[test]
    fn an_odd_status_is_kept_as_written() {
        let page =
            FailureJobMarks::from_json(r#"{"failure_jobs":[{"failure_status":"migrateFail"}]}"#).unwrap();
        assert_eq!(
            page.marks[0].failure_status,
            FailureStatus::Other("migrateFail".into())
        );
    }
}
