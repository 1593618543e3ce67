//! Counters over the fetched rows: by failure status and by resource kind,
//! largest first, for the summary line whose counts filter when clicked.

use sdrs_models::{FailureJob, FailureStatus, ResourceKind};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub by_status: Vec<(FailureStatus, usize)>,
    /// `None`: a resource type this console does not know.
    pub by_kind: Vec<(Option<ResourceKind>, usize)>,
}

pub fn summarize<T: AsRef<FailureJob>>(rows: &[T]) -> Summary {
    let mut by_status: Vec<(FailureStatus, usize)> = Vec::new();
    let mut by_kind: Vec<(Option<ResourceKind>, usize)> = Vec::new();
    for row in rows {
        let job = row.as_ref();
        match by_status.iter_mut().find(|(s, _)| *s == job.failure_status) {
            Some((_, n)) => *n += 1,
            None => by_status.push((job.failure_status.clone(), 1)),
        }
        let kind = job.resource_type.kind();
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => by_kind.push((kind, 1)),
        }
    }
    by_status.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_kind.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Summary { by_status, by_kind }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::ResourceType;

    #[test]
    fn counts_largest_first_and_merges_spellings() {
        let mk = |s: &str, t: &str| FailureJob {
            failure_status: FailureStatus::parse(s),
            resource_type: ResourceType(t.into()),
            ..Default::default()
        };
        let rows = vec![
            mk("createFail", "protectedInstance"),
            mk("deleteFail", "protected_instances"),
            mk("createFail", "server_groups"),
            mk("oddFail", "volume"),
        ];
        let s = summarize(&rows);
        assert_eq!(s.by_status[0], (FailureStatus::CreateFail, 2));
        assert_eq!(s.by_status.len(), 3);
        assert_eq!(s.by_kind[0], (Some(ResourceKind::ProtectedInstance), 2));
        assert!(s.by_kind.contains(&(None, 1)));
    }
}
