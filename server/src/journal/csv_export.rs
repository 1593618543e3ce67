//! `GET /api/journal.csv`: one RFC 4180 line per journal entry, written
//! page by page; cells a spreadsheet would run as a formula are
//! neutralised as in the audit trail's CSV.

use crate::audit::csv_export::cell;
use sdrs_models::{Clearance, JournalEntry};

pub const CSV_HEADER: [&str; 23] = [
    "scope",
    "region",
    "project_id",
    "server_group_id",
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
    "first_seen",
    "last_seen",
    "gone_since",
    "cleared_by",
    "audit_id",
    "audit_user",
    "acked_by",
    "acked_at",
    "ack_comment",
];

/// A CSV document written a page of entries at a time.
pub struct JournalCsv {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for JournalCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl JournalCsv {
    /// A document with its header line (CRLF line ends, quoting by the
    /// `csv` crate).
    pub fn new() -> JournalCsv {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(CSV_HEADER);
        JournalCsv { writer }
    }

    pub fn push(&mut self, entries: &[JournalEntry]) {
        for e in entries {
            let job = &e.job;
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let (cleared_by, audit_id, audit_user) = match &e.cleared {
                Some(Clearance::Console { audit_id, user }) => {
                    ("console", audit_id.to_string(), user.clone())
                }
                Some(Clearance::Outside) => ("outside", String::new(), String::new()),
                None => ("", String::new(), String::new()),
            };
            let row = [
                e.scope.clone(),
                e.region.clone(),
                e.project_id.clone(),
                opt(&e.server_group_id),
                job.job_id.clone(),
                job.job_type.clone(),
                job.job_status.as_str().to_owned(),
                job.failure_status.as_str().to_owned(),
                job.resource_id.clone(),
                job.resource_name.clone(),
                job.resource_type.as_str().to_owned(),
                job.begin_time.clone(),
                opt(&job.error_code),
                opt(&job.fail_reason),
                e.first_seen.clone(),
                e.last_seen.clone(),
                opt(&e.gone_since),
                cleared_by.to_owned(),
                audit_id,
                audit_user,
                e.ack.as_ref().map(|a| a.user.clone()).unwrap_or_default(),
                e.ack.as_ref().map(|a| a.at.clone()).unwrap_or_default(),
                e.ack.as_ref().map(|a| a.comment.clone()).unwrap_or_default(),
            ];
            let _ = self.writer.write_record(row.iter().map(|c| cell(c)));
        }
    }

    pub fn finish(self) -> String {
        self.writer
            .into_inner()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::FailureJob;

    fn entry(name: &str, cleared: Option<Clearance>) -> JournalEntry {
        JournalEntry {
            scope: "prod".into(),
            region: "ap-southeast-3".into(),
            project_id: "p1".into(),
            server_group_id: None,
            job: FailureJob {
                job_id: "j1".into(),
                resource_name: name.into(),
                fail_reason: Some("disk, full".into()),
                ..FailureJob::default()
            },
            first_seen: "2026-01-01T00:00:00.000Z".into(),
            last_seen: "2026-01-02T00:00:00.000Z".into(),
            gone_since: cleared.as_ref().map(|_| "2026-01-03T00:00:00.000Z".into()),
            cleared,
            ack: None,
        }
    }

    #[test]
    fn one_line_per_entry_with_formulas_neutralised() {
        let mut csv = JournalCsv::new();
        csv.push(&[
            entry("=HYPERLINK(\"x\")", None),
            entry("-1+2", Some(Clearance::Outside)),
        ]);
        csv.push(&[entry(
            "@sum",
            Some(Clearance::Console {
                audit_id: 7,
                user: "+ana".into(),
            }),
        )]);
        let text = csv.finish();
        assert!(
            text.starts_with(&format!("{}\r\n", CSV_HEADER.join(","))),
            "{text}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][9], "'=HYPERLINK(\"x\")");
        assert_eq!((&rows[0][16], &rows[0][17]), ("", ""));
        assert_eq!(&rows[0][13], "disk, full");
        assert_eq!((&rows[1][9], &rows[1][17]), ("'-1+2", "outside"));
        assert_eq!(
            (&rows[2][9], &rows[2][17], &rows[2][18], &rows[2][19]),
            ("'@sum", "console", "7", "'+ana")
        );
    }
}
