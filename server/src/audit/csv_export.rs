//! `GET /audit/records.csv`: one RFC 4180 line per record; the removed
//! tasks summarised as their count and job ids; an acknowledgement's
//! comment last.

use super::record::AuditRecord;
use crate::util::timefmt::format_ms;
use serde_json::Value;

pub const CSV_HEADER: [&str; 18] = [
    "id",
    "user",
    "method",
    "action",
    "project_id",
    "region",
    "failure_job_id",
    "server_group_id",
    "started_at",
    "completed_at",
    "outcome",
    "upstream_status",
    "request_id",
    "removed_count",
    "removed_job_ids",
    "started_at_ms",
    "scope",
    "comment",
];

/// A cell a spreadsheet would run as a formula gets a leading `'` (as the
/// console's own CSV export does).
pub(crate) fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn job_ids(removed: &[Value]) -> String {
    removed
        .iter()
        .map(|r| r.get("job_id").and_then(Value::as_str).unwrap_or("?"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The records as CSV with a header line (CRLF line ends, quoting by the
/// `csv` crate).
pub fn to_csv(records: &[AuditRecord]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for r in records {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let row = [
            r.id.to_string(),
            r.user.clone(),
            r.method.clone(),
            r.action.as_str().to_owned(),
            r.project_id.clone(),
            opt(&r.region),
            opt(&r.failure_job_id),
            opt(&r.server_group_id),
            format_ms(r.started_at_ms),
            r.completed_at_ms.map(format_ms).unwrap_or_default(),
            r.outcome.as_str().to_owned(),
            r.upstream_status.map(|s| s.to_string()).unwrap_or_default(),
            opt(&r.request_id),
            r.removed.len().to_string(),
            job_ids(&r.removed),
            r.started_at_ms.to_string(),
            opt(&r.scope),
            opt(&r.comment),
        ];
        let _ = writer.write_record(row.iter().map(|c| cell(c)));
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::{Action, Outcome};
    use serde_json::json;

    #[test]
    fn one_line_per_record_quoted() {
        let record = AuditRecord {
            id: 7,
            user: "=cmd|evil".into(),
            method: "local".into(),
            action: Action::ClearGroup,
            project_id: "p".into(),
            region: None,
            scope: Some("prod ap3".into()),
            failure_job_id: None,
            server_group_id: Some("g,1".into()),
            started_at_ms: 1_700_000_000_000,
            completed_at_ms: None,
            outcome: Outcome::Pending,
            upstream_status: None,
            request_id: None,
            removed: vec![json!({"job_id": "j1"}), json!({"job_id": "j2\nx"})],
            comment: Some("=handed over".into()),
        };
        let text = to_csv(&[record]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert!(
            lines[1].starts_with(
                "7,'=cmd|evil,local,clear_group,p,,,\"g,1\",2023-11-14T22:13:20.000Z,,pending,,,2,\"j1 j2"
            ),
            "{text}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][14], "j1 j2\nx");
        assert_eq!(&rows[0][16], "prod ap3");
        assert_eq!(&rows[0][17], "'=handed over", "a comment is a cell like any");
    }
}
