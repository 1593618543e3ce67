//! The begin time and status of every failure the timeline counts, kept
//! column by column: a row costs 12 bytes (its time and the index of its
//! status in a table of the distinct ones) where a row of `(f64,
//! FailureStatus)` took 32. A walk keeps up to 100,000 of them, and wasm
//! memory never shrinks once grown.

use indexmap::IndexSet;
use sdrs_models::{FailureJob, FailureStatus};

/// Begin times (ms since the epoch; NaN when one does not parse) and
/// statuses, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct TimeMarks {
    begin_ms: Vec<f64>,
    status: Vec<u32>,
    /// The distinct statuses, each kept once, in the order they were first
    /// seen; hashed, so a hostile page of thousands of distinct statuses
    /// stays linear to add.
    statuses: IndexSet<FailureStatus>,
}

impl TimeMarks {
    /// The marks of `jobs`, their begin times read by `parse_ms`.
    pub fn of_jobs<'a>(
        jobs: impl IntoIterator<Item = &'a FailureJob>,
        parse_ms: impl Fn(&str) -> f64,
    ) -> Self {
        let mut marks = TimeMarks::default();
        for job in jobs {
            marks.push(parse_ms(&job.begin_time), &job.failure_status);
        }
        marks
    }

    pub fn push(&mut self, begin_ms: f64, status: &FailureStatus) {
        let slot = match self.statuses.get_index_of(status) {
            Some(slot) => slot,
            None => self.statuses.insert_full(status.clone()).0,
        };
        self.begin_ms.push(begin_ms);
        // More distinct statuses than rows a walk keeps cannot be.
        self.status.push(u32::try_from(slot).unwrap_or(u32::MAX));
    }

    /// Room for `additional` more marks.
    pub fn reserve(&mut self, additional: usize) {
        self.begin_ms.reserve(additional);
        self.status.reserve(additional);
    }

    pub fn capacity(&self) -> usize {
        self.begin_ms.capacity().min(self.status.capacity())
    }

    pub fn len(&self) -> usize {
        self.begin_ms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.begin_ms.is_empty()
    }

    /// Each mark's begin time and status, in order.
    pub fn iter(&self) -> impl Iterator<Item = (f64, &FailureStatus)> + Clone {
        self.begin_ms
            .iter()
            .zip(&self.status)
            .map(|(&ms, &slot)| (ms, &self.statuses[slot as usize]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_keep_their_order_times_and_statuses() {
        let mut marks = TimeMarks::default();
        marks.push(10.0, &FailureStatus::CreateFail);
        marks.push(f64::NAN, &FailureStatus::Other("migrateFail".into()));
        marks.push(30.0, &FailureStatus::CreateFail);
        let got: Vec<_> = marks.iter().collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (10.0, &FailureStatus::CreateFail));
        assert!(got[1].0.is_nan());
        assert_eq!(got[1].1, &FailureStatus::Other("migrateFail".into()));
        assert_eq!(got[2], (30.0, &FailureStatus::CreateFail));
        assert_eq!(marks.statuses.len(), 2, "a status seen twice is kept once");
    }

    #[test]
    fn many_distinct_statuses_each_keep_their_own() {
        let mut marks = TimeMarks::default();
        for i in 0..5000 {
            marks.push(i as f64, &FailureStatus::Other(format!("s{i}")));
        }
        assert_eq!(marks.len(), 5000);
        assert!(marks
            .iter()
            .enumerate()
            .all(|(i, (ms, s))| ms == i as f64 && *s == FailureStatus::Other(format!("s{i}"))));
    }

    #[test]
    fn reserving_makes_room_in_both_columns() {
        let mut marks = TimeMarks::default();
        marks.reserve(100);
        assert!(marks.capacity() >= 100);
        assert!(marks.is_empty());
    }
}
