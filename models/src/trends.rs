//! Trends of the failure journal, as `GET /api/journal/trends` answers
//! them: failures per hour or day by failure status over a window, the
//! error codes and protection groups with most failures, and how long
//! failures took to clear. Failures are counted by begin time, cleared ones
//! included, so a trend keeps what was cleaned up since.

use serde::{Deserialize, Serialize};

/// The width of one bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendBucket {
    Hour,
    #[default]
    Day,
}

impl TrendBucket {
    pub const fn millis(self) -> i64 {
        match self {
            TrendBucket::Hour => 3_600_000,
            TrendBucket::Day => 86_400_000,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TrendBucket::Hour => "hour",
            TrendBucket::Day => "day",
        }
    }

    pub fn parse(text: &str) -> Option<TrendBucket> {
        match text {
            "hour" => Some(TrendBucket::Hour),
            "day" => Some(TrendBucket::Day),
            _ => None,
        }
    }
}

/// Failures of one failure status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub failure_status: String,
    pub count: u64,
}

/// One bar: the failures that began in `[start, start + bucket)` (UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendBar {
    pub start: String,
    pub start_ms: i64,
    pub total: u64,
    /// Most first; statuses without failures left out.
    pub by_status: Vec<StatusCount>,
}

/// Failures with one error code (`None`: failures without a code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    pub error_code: Option<String>,
    pub count: u64,
}

/// Failures listed under one protection group of one scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub scope: String,
    pub server_group_id: String,
    pub count: u64,
}

/// From first seen to gone, over the failures of the window that are gone
/// (nearest-rank percentiles, in whole seconds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeToClear {
    pub cleared: u64,
    pub median_secs: Option<u64>,
    pub p90_secs: Option<u64>,
}

/// `GET /api/journal/trends`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Trends {
    /// The window, `[from, to)`, whole buckets in UTC.
    pub from: String,
    pub to: String,
    pub from_ms: i64,
    pub to_ms: i64,
    pub bucket: TrendBucket,
    /// Failures that began in the window.
    pub total: u64,
    /// Every bucket of the window, oldest first, empty ones included.
    pub bars: Vec<TrendBar>,
    /// At most [`Trends::TOP`], most first.
    pub top_codes: Vec<CodeCount>,
    /// At most [`Trends::TOP`], most first.
    pub top_groups: Vec<GroupCount>,
    pub time_to_clear: TimeToClear,
}

impl Trends {
    /// How many codes and groups are ranked.
    pub const TOP: usize = 10;
}

/// The nearest-rank `percent` percentile's 1-based rank among `n` sorted
/// values (`None` when there are none).
pub fn nearest_rank(percent: u32, n: u64) -> Option<u64> {
    if n == 0 {
        return None;
    }
    let rank = (u64::from(percent) * n).div_ceil(100);
    Some(rank.clamp(1, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(nearest_rank(50, 0), None);
        assert_eq!(nearest_rank(50, 1), Some(1));
        assert_eq!(nearest_rank(90, 1), Some(1));
        assert_eq!(nearest_rank(50, 4), Some(2));
        assert_eq!(nearest_rank(50, 5), Some(3));
        assert_eq!(nearest_rank(90, 10), Some(9));
        assert_eq!(nearest_rank(90, 11), Some(10));
        assert_eq!(nearest_rank(100, 7), Some(7));
    }

    #[test]
    fn buckets_read_and_write_their_words() {
        for b in [TrendBucket::Hour, TrendBucket::Day] {
            assert_eq!(TrendBucket::parse(b.as_str()), Some(b));
        }
        assert_eq!(TrendBucket::parse("week"), None);
        assert_eq!(TrendBucket::Day.millis(), 24 * TrendBucket::Hour.millis());
    }
}
