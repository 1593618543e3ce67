//! Sorting the fetched page by a column. The API has no sort: this orders
//! the rows in hand, and says so in the UI.

use super::ascii_fold::cmp_ignore_ascii_case;
use sdrs_models::FailureJob;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    BeginTime,
    Status,
    Resource,
    JobType,
    ErrorCode,
    Reason,
    JobId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortDir {
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub dir: SortDir,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::BeginTime,
        SortKey::Status,
        SortKey::Resource,
        SortKey::JobType,
        SortKey::ErrorCode,
        SortKey::Reason,
        SortKey::JobId,
    ];

    /// Name in the page URL and in `data-sort-key`.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::BeginTime => "begin_time",
            SortKey::Status => "failure_status",
            SortKey::Resource => "resource_name",
            SortKey::JobType => "job_type",
            SortKey::ErrorCode => "error_code",
            SortKey::Reason => "fail_reason",
            SortKey::JobId => "job_id",
        }
    }

    pub fn parse(raw: &str) -> Option<SortKey> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// Times start newest first, text A to Z.
    fn first_dir(self) -> SortDir {
        match self {
            SortKey::BeginTime => SortDir::Desc,
            _ => SortDir::Asc,
        }
    }
}

impl Sort {
    /// The server's own order: newest first.
    pub const DEFAULT: Sort = Sort {
        key: SortKey::BeginTime,
        dir: SortDir::Desc,
    };

    /// A click on `key`'s header: the same column flips, another starts in
    /// its natural direction.
    pub fn toggled(self, key: SortKey) -> Sort {
        if self.key == key {
            let dir = match self.dir {
                SortDir::Asc => SortDir::Desc,
                SortDir::Desc => SortDir::Asc,
            };
            Sort { key, dir }
        } else {
            Sort {
                key,
                dir: key.first_dir(),
            }
        }
    }

    /// `begin_time.desc`.
    pub fn to_param(self) -> String {
        let dir = match self.dir {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        };
        format!("{}.{dir}", self.key.as_str())
    }

    pub fn from_param(raw: &str) -> Option<Sort> {
        let (key, dir) = raw.rsplit_once('.')?;
        let dir = match dir {
            "asc" => SortDir::Asc,
            "desc" => SortDir::Desc,
            _ => return None,
        };
        Some(Sort {
            key: SortKey::parse(key)?,
            dir,
        })
    }

    /// Stable sort; ties keep the server's order.
    pub fn apply<T: AsRef<FailureJob>>(self, rows: &mut [T]) {
        rows.sort_by(|a, b| {
            let ord = compare(self.key, a.as_ref(), b.as_ref());
            match self.dir {
                SortDir::Asc => ord,
                SortDir::Desc => ord.reverse(),
            }
        });
    }
}

/// Begin times are compared as text: the API's `yyyy-MM-ddTHH:mm:ss.SSSZ`
/// (always UTC) orders lexically.
fn compare(key: SortKey, a: &FailureJob, b: &FailureJob) -> Ordering {
    match key {
        SortKey::BeginTime => a.begin_time.cmp(&b.begin_time),
        SortKey::Status => a.failure_status.as_str().cmp(b.failure_status.as_str()),
        SortKey::Resource => cmp_ignore_ascii_case(&a.resource_name, &b.resource_name)
            .then_with(|| a.resource_id.cmp(&b.resource_id)),
        SortKey::JobType => a.job_type.cmp(&b.job_type),
        SortKey::ErrorCode => a.error_code.cmp(&b.error_code),
        SortKey::Reason => a.fail_reason.cmp(&b.fail_reason),
        SortKey::JobId => a.job_id.cmp(&b.job_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, time: &str, name: &str, code: Option<&str>) -> FailureJob {
        FailureJob {
            job_id: id.into(),
            begin_time: time.into(),
            resource_name: name.into(),
            error_code: code.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn sorts_each_way() {
        let mut rows = vec![
            (job("b", "2024-01-02T00:00:00.000Z", "beta", None)),
            (job("a", "2024-01-03T00:00:00.000Z", "Alpha", Some("EVS.2024"))),
            (job("c", "2024-01-01T00:00:00.000Z", "gamma", Some("SDRS.1820"))),
        ];
        let ids = |rows: &[FailureJob]| rows.iter().map(|r| r.job_id.clone()).collect::<String>();
        Sort::DEFAULT.apply(&mut rows);
        assert_eq!(ids(&rows), "abc");
        Sort {
            key: SortKey::Resource,
            dir: SortDir::Asc,
        }
        .apply(&mut rows);
        assert_eq!(ids(&rows), "abc");
        Sort {
            key: SortKey::ErrorCode,
            dir: SortDir::Desc,
        }
        .apply(&mut rows);
        assert_eq!(ids(&rows), "cab");
        Sort {
            key: SortKey::BeginTime,
            dir: SortDir::Asc,
        }
        .apply(&mut rows);
        assert_eq!(ids(&rows), "cba");
    }

    #[test]
    fn toggling_and_params() {
        let s = Sort::DEFAULT.toggled(SortKey::BeginTime);
        assert_eq!(s.dir, SortDir::Asc);
        let s = s.toggled(SortKey::Status);
        assert_eq!(
            s,
            Sort {
                key: SortKey::Status,
                dir: SortDir::Asc
            }
        );
        assert_eq!(Sort::from_param(&s.to_param()), Some(s));
        assert_eq!(Sort::from_param("nope.asc"), None);
        assert_eq!(Sort::from_param("job_id.sideways"), None);
    }
}
