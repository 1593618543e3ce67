//! Exporting rows as CSV (the `csv` crate: quoting, embedded newlines and
//! commas handled) or JSON (the wire shape, so it can be read back).

use sdrs_models::FailureJob;

pub const CSV_HEADER: [&str; 10] = [
    "job_id",
    "job_type",
    "job_status",
    "failure_status",
    "resource_id",
    "resource_name",
    "resource_type",
    "begin_time",
    "error_code",
    "fail_reason",
];

/// Rows as CSV with a header line. Cells that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) get a leading `'`.
pub fn to_csv<T: AsRef<FailureJob>>(rows: &[T]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for row in rows {
        let j = row.as_ref();
        let record = [
            j.job_id.as_str(),
            j.job_type.as_str(),
            j.job_status.as_str(),
            j.failure_status.as_str(),
            j.resource_id.as_str(),
            j.resource_name.as_str(),
            j.resource_type.as_str(),
            j.begin_time.as_str(),
            j.error_code.as_deref().unwrap_or(""),
            j.fail_reason.as_deref().unwrap_or(""),
        ];
        let _ = writer.write_record(record.iter().map(|cell| neutralize_formula(cell).into_owned()));
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Rows as the API's list shape: `{"count":N,"failure_jobs":[...]}`.
pub fn to_json<T: AsRef<FailureJob>>(rows: &[T]) -> String {
    let jobs: Vec<&FailureJob> = rows.iter().map(AsRef::as_ref).collect();
    serde_json::json!({ "count": jobs.len(), "failure_jobs": jobs }).to_string()
}

/// `sdrs-failed-tasks-<project>-<yyyyMMdd-HHmmss>.<ext>` from an ISO time.
pub fn file_name(project_id: &str, iso_now: &str, ext: &str) -> String {
    let stamp: String = iso_now
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    let stamp = stamp.replacen('T', "-", 1);
    let project: String = project_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    format!("sdrs-failed-tasks-{project}-{stamp}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::{FailureJobList, FailureStatus};

    fn job(name: &str, reason: Option<&str>) -> FailureJob {
        FailureJob {
            job_id: "j1".into(),
            failure_status: FailureStatus::CreateFail,
            resource_name: name.into(),
            fail_reason: reason.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn csv_parses_back_to_the_rows() {
        let rows = vec![job("a,b \"c\"", Some("line1\nline2")), job("数据", None)];
        let text = to_csv(&rows);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(&records[0][5], "a,b \"c\"");
        assert_eq!(&records[0][9], "line1\nline2");
        assert_eq!(&records[1][5], "数据");
        assert_eq!(&records[0][3], "createFail");
    }

    #[test]
    fn formulas_are_neutralized() {
        let text = to_csv(&[job("=HYPERLINK(\"x\")", None)]);
        assert!(text.contains("'=HYPERLINK"));
    }

    #[test]
    fn json_reads_back_as_a_list() {
        let rows = vec![job("x", None)];
        let list = FailureJobList::from_json(to_json(&rows)).unwrap();
        assert_eq!(list.failure_jobs, rows);
        assert_eq!(list.count, Some(1));
    }

    #[test]
    fn file_names() {
        assert_eq!(
            file_name("0123abc", "2026-11-28T15:36:41.123Z", "csv"),
            "sdrs-failed-tasks-0123abc-20261128-153641.csv"
        );
        assert_eq!(file_name("../x", "", "json"), "sdrs-failed-tasks-x-.json");
    }
}
