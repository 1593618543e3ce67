//! The failure timeline: failures per hour or per day, stacked by failure
//! status, with bucket boundaries in the user's local time.
//!
//! The rule for the bucket size: a span of at most three days is drawn per
//! hour (at most 72 bars), a longer one per day. The local zone comes in as
//! a function `utc_offset_ms(instant)` (the browser's zone in the console,
//! a fixed or made-up zone in tests), so a day bucket runs from local
//! midnight to local midnight also across a daylight-saving change.

use super::refine::TimeWindow;
use sdrs_models::FailureStatus;
use std::collections::BTreeSet;

pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Spans up to this are drawn per hour, longer ones per day.
pub const HOURLY_UP_TO_MS: i64 = 3 * DAY_MS;
/// At most this many bars: older failures are counted as "earlier" (a
/// stray time decades off must not make tens of thousands of bars).
pub const MAX_BUCKETS: usize = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BucketSize {
    Hour,
    Day,
}

impl BucketSize {
    /// Hours for a span (newest minus oldest time) of at most three days,
    /// days beyond.
    pub fn for_span(span_ms: i64) -> BucketSize {
        if span_ms <= HOURLY_UP_TO_MS {
            BucketSize::Hour
        } else {
            BucketSize::Day
        }
    }

    pub fn ms(self) -> i64 {
        match self {
            BucketSize::Hour => HOUR_MS,
            BucketSize::Day => DAY_MS,
        }
    }
}

/// One bar: `[start_ms, end_ms)` and its count per series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Per entry of [`Timeline::series`], in that order.
    pub counts: Vec<u32>,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub size: BucketSize,
    /// The statuses present, in stacking order (bottom first): the
    /// documented order, then unknown ones by name.
    pub series: Vec<FailureStatus>,
    /// Oldest first, contiguous (empty buckets included).
    pub buckets: Vec<Bucket>,
    /// Failures before the first bucket (only past [`MAX_BUCKETS`]).
    pub earlier: u64,
    /// Failures whose begin time is unreadable.
    pub undated: u64,
}

impl Timeline {
    /// Counts `failures` (begin time in epoch ms, NaN when unreadable, and
    /// status) into buckets of local hours or days.
    pub fn build<'a>(
        failures: impl IntoIterator<Item = (f64, &'a FailureStatus)> + Clone,
        utc_offset_ms: impl Fn(i64) -> i64,
    ) -> Timeline {
        let mut undated = 0u64;
        let mut range: Option<(i64, i64)> = None;
        // Distinct and in order as they are found: a page of thousands of
        // distinct statuses stays n log n to count.
        let mut seen: BTreeSet<&FailureStatus> = BTreeSet::new();
        for (ms, status) in failures.clone() {
            if !ms.is_finite() {
                undated += 1;
                continue;
            }
            let t = ms as i64;
            range = Some(range.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
            seen.insert(status);
        }
        let series: Vec<FailureStatus> = seen.into_iter().cloned().collect();
        let Some((oldest, newest)) = range else {
            return Timeline {
                size: BucketSize::Hour,
                series,
                buckets: Vec::new(),
                earlier: 0,
                undated,
            };
        };
        let size = BucketSize::for_span(newest - oldest);
        let last = bucket_start(newest, size, &utc_offset_ms);
        // Walk back from the newest bucket, at most MAX_BUCKETS of them.
        let mut starts = vec![last];
        let first_needed = bucket_start(oldest, size, &utc_offset_ms);
        while starts.len() < MAX_BUCKETS {
            let current = *starts.last().unwrap_or(&last);
            if current <= first_needed {
                break;
            }
            starts.push(bucket_start(current - 1, size, &utc_offset_ms));
        }
        starts.reverse();
        let mut buckets: Vec<Bucket> = starts
            .iter()
            .enumerate()
            .map(|(i, &start_ms)| Bucket {
                start_ms,
                end_ms: starts
                    .get(i + 1)
                    .copied()
                    .unwrap_or_else(|| next_start(start_ms, size, &utc_offset_ms)),
                counts: vec![0; series.len()],
                total: 0,
            })
            .collect();
        let mut earlier = 0u64;
        for (ms, status) in failures {
            if !ms.is_finite() {
                continue;
            }
            let t = ms as i64;
            // Buckets are sorted and contiguous: the last one starting at
            // or before `t`.
            let index = buckets.partition_point(|b| b.start_ms <= t);
            let (Some(bucket), Some(s)) = (
                index.checked_sub(1).and_then(|i| buckets.get_mut(i)),
                series.binary_search(status).ok(),
            ) else {
                earlier += 1;
                continue;
            };
            bucket.counts[s] += 1;
            bucket.total += 1;
        }
        Timeline {
            size,
            series,
            buckets,
            earlier,
            undated,
        }
    }

    /// Failures in the bars.
    pub fn total(&self) -> u64 {
        self.buckets.iter().map(|b| b.total as u64).sum()
    }

    /// The tallest bar's count (0 without bars).
    pub fn peak(&self) -> u32 {
        self.buckets.iter().map(|b| b.total).max().unwrap_or(0)
    }

    /// The time refinement of the bars `a..=b` (either order): from the
    /// first one's start to the last one's end, as the table's inclusive
    /// custom window.
    pub fn window(&self, a: usize, b: usize) -> Option<TimeWindow> {
        let (lo, hi) = (a.min(b), a.max(b));
        let (first, last) = (self.buckets.get(lo)?, self.buckets.get(hi)?);
        Some(TimeWindow::Custom {
            from_ms: Some(first.start_ms),
            to_ms: Some(last.end_ms - 1),
        })
    }

    /// The bars a time refinement covers exactly, if it is one of the
    /// timeline's own (to mark them as selected).
    pub fn selection(&self, window: &TimeWindow) -> Option<(usize, usize)> {
        let TimeWindow::Custom {
            from_ms: Some(from),
            to_ms: Some(to),
        } = *window
        else {
            return None;
        };
        let lo = self.buckets.iter().position(|b| b.start_ms == from)?;
        let hi = self.buckets.iter().position(|b| b.end_ms - 1 == to)?;
        (lo <= hi).then_some((lo, hi))
    }
}

/// Start of the local hour or day holding the instant `t` (epoch ms).
pub fn bucket_start(t: i64, size: BucketSize, utc_offset_ms: &impl Fn(i64) -> i64) -> i64 {
    let unit = size.ms();
    let start_local = (t + utc_offset_ms(t)).div_euclid(unit) * unit;
    let guess = start_local - utc_offset_ms(t);
    // Across a daylight-saving change between the boundary and `t`, the
    // offset in force at the boundary is the one that places it.
    let start = start_local - utc_offset_ms(guess);
    if start <= t {
        start
    } else {
        guess.min(t)
    }
}

/// Start of the next local hour or day after the bucket starting at `start`.
fn next_start(start: i64, size: BucketSize, utc_offset_ms: &impl Fn(i64) -> i64) -> i64 {
    // Half a unit past the next boundary: days of 23 or 25 hours land in
    // the right one.
    let next = bucket_start(start + size.ms() + size.ms() / 2, size, utc_offset_ms);
    if next > start {
        next
    } else {
        start + size.ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::refine::Refinement;
    use sdrs_models::FailureJob;
    use FailureStatus::*;

    const UTC: fn(i64) -> i64 = |_| 0;
    /// 2026-11-28T00:00:00Z.
    const NOV_28: i64 = 1_795_824_000_000;

    fn build(failures: &[(f64, FailureStatus)], offset: impl Fn(i64) -> i64) -> Timeline {
        Timeline::build(failures.iter().map(|(t, s)| (*t, s)), offset)
    }

    fn at(hours: f64) -> f64 {
        NOV_28 as f64 + hours * HOUR_MS as f64
    }

    /// The series of each row was found by a linear search, twice a row:
    /// quadratic for a page of thousands of distinct made-up statuses.
    #[test]
    fn thousands_of_distinct_statuses_each_get_their_own_series() {
        let rows: Vec<(f64, FailureStatus)> = (0..3000)
            .map(|i| (at(f64::from(i % 3)), Other(format!("s{i:04}"))))
            .collect();
        let t = build(&rows, UTC);
        assert_eq!(t.series.len(), 3000);
        assert!(t.series.windows(2).all(|w| w[0] < w[1]), "series are sorted");
        assert_eq!(t.buckets.len(), 3);
        for (h, bucket) in t.buckets.iter().enumerate() {
            assert_eq!(bucket.total, 1000);
            assert!((0..3000).all(|i| bucket.counts[i] == u32::from(i % 3 == h)));
        }
    }

    #[test]
    fn bucket_size_rule_hours_up_to_three_days() {
        assert_eq!(BucketSize::for_span(0), BucketSize::Hour);
        assert_eq!(BucketSize::for_span(72 * HOUR_MS), BucketSize::Hour);
        assert_eq!(BucketSize::for_span(72 * HOUR_MS + 1), BucketSize::Day);
    }

    #[test]
    fn hourly_counts_stacked_by_status() {
        let t = build(
            &[
                (at(0.5), DeleteFail),
                (at(0.1), CreateFail),
                (at(0.9), CreateFail),
                (at(2.0), Other("weirdFail".into())),
                (f64::NAN, CreateFail),
            ],
            UTC,
        );
        assert_eq!(t.size, BucketSize::Hour);
        assert_eq!(t.series, vec![CreateFail, DeleteFail, Other("weirdFail".into())]);
        let starts: Vec<i64> = t.buckets.iter().map(|b| b.start_ms).collect();
        assert_eq!(starts, vec![NOV_28, NOV_28 + HOUR_MS, NOV_28 + 2 * HOUR_MS]);
        assert_eq!(t.buckets[0].counts, vec![2, 1, 0]);
        assert_eq!(t.buckets[1].counts, vec![0, 0, 0], "an empty hour stays a bar");
        assert_eq!(t.buckets[2].counts, vec![0, 0, 1]);
        assert_eq!(t.buckets[2].end_ms, NOV_28 + 3 * HOUR_MS);
        assert_eq!((t.total(), t.undated, t.earlier, t.peak()), (4, 1, 0, 3));
    }

    #[test]
    fn days_start_at_local_midnight() {
        // UTC+8: 2026-11-28T15:59Z is 23:59 local on the 28th, 16:00Z is
        // the 29th.
        let plus8 = |_| 8 * HOUR_MS;
        let t = build(
            &[
                (at(15.99), CreateFail),
                (at(16.0), CreateFail),
                (at(100.0), StopFail),
            ],
            plus8,
        );
        assert_eq!(t.size, BucketSize::Day);
        assert_eq!(t.buckets[0].start_ms, NOV_28 - 8 * HOUR_MS);
        assert_eq!(t.buckets[0].counts, vec![1, 0]);
        assert_eq!(t.buckets[1].start_ms, NOV_28 + 16 * HOUR_MS);
        assert_eq!(t.buckets[1].counts, vec![1, 0]);
        assert_eq!(t.buckets.len(), 5);
        assert_eq!(t.buckets[4].counts, vec![0, 1]);
    }

    #[test]
    fn a_daylight_saving_day_has_23_hours() {
        // A zone at UTC+1 that moves to UTC+2 at 2026-11-29T01:00Z.
        let change = NOV_28 + 25 * HOUR_MS;
        let zone = move |t: i64| if t < change { HOUR_MS } else { 2 * HOUR_MS };
        let t = build(
            &[
                (at(0.0), CreateFail),
                (at(30.0), CreateFail),
                (at(90.0), CreateFail),
            ],
            zone,
        );
        assert_eq!(t.size, BucketSize::Day);
        let b = &t.buckets;
        // Local midnight of the 28th is 23:00Z the day before; of the 29th
        // 23:00Z on the 28th; of the 30th (after the change) 22:00Z.
        assert_eq!(b[0].start_ms, NOV_28 - HOUR_MS);
        assert_eq!(b[1].start_ms, NOV_28 + 23 * HOUR_MS);
        assert_eq!(b[2].start_ms, NOV_28 + 46 * HOUR_MS);
        assert_eq!(b[1].end_ms - b[1].start_ms, 23 * HOUR_MS);
        assert_eq!(b.iter().map(|x| x.total).collect::<Vec<_>>(), vec![1, 1, 0, 1]);
    }

    #[test]
    fn half_hour_zones_bucket_on_their_own_hours() {
        let plus530 = |_| 5 * HOUR_MS + 30 * 60_000;
        let t = build(&[(at(0.4), CreateFail), (at(0.6), CreateFail)], plus530);
        // 00:24Z is 05:54 local, 00:36Z is 06:06 local: two hours.
        assert_eq!(t.buckets.len(), 2);
        assert_eq!(t.buckets[1].start_ms, NOV_28 + 30 * 60_000);
    }

    #[test]
    fn no_dated_rows_no_bars() {
        let t = build(&[(f64::NAN, CreateFail)], UTC);
        assert!(t.buckets.is_empty());
        assert_eq!((t.total(), t.undated, t.peak()), (0, 1, 0));
        assert_eq!(t.window(0, 0), None);
    }

    #[test]
    fn a_stray_old_time_is_counted_earlier_not_drawn_as_thousands_of_bars() {
        let t = build(
            &[(0.0, CreateFail), (at(0.0), CreateFail), (at(-48.0), CreateFail)],
            UTC,
        );
        assert_eq!(t.buckets.len(), MAX_BUCKETS);
        assert_eq!(t.earlier, 1);
        assert_eq!(t.total(), 2);
        assert_eq!(t.buckets.last().unwrap().start_ms, NOV_28);
    }

    #[test]
    fn selection_refines_the_table_to_exactly_those_bars() {
        let t = build(&[(at(0.0), CreateFail), (at(5.5), CreateFail)], UTC);
        let window = t.window(3, 1).unwrap();
        assert_eq!(
            window,
            TimeWindow::Custom {
                from_ms: Some(NOV_28 + HOUR_MS),
                to_ms: Some(NOV_28 + 4 * HOUR_MS - 1),
            }
        );
        assert_eq!(t.selection(&window), Some((1, 3)));
        assert_eq!(t.selection(&TimeWindow::LastDay), None);
        let refinement = Refinement {
            window,
            ..Default::default()
        };
        let job = FailureJob::default();
        let keeps = |hours: f64| refinement.keeps(&job, at(hours), at(10.0));
        assert!(keeps(1.0) && keeps(3.999));
        assert!(!keeps(0.999) && !keeps(4.0));
    }
}

/// The widest window (CSS px) of the phone layout: 640 px of panel plus its
/// padding, as the stylesheet's fallback media query.
pub const PHONE_WINDOW_MAX: f64 = 688.0;

/// Whether the timeline starts folded: as the user last left it in this tab
/// (`stored` "1" folded, "0" shown), else folded on a phone-sized window so
/// the first rows stay on the first screen.
pub fn starts_hidden(stored: Option<&str>, window_width: Option<f64>) -> bool {
    match stored {
        Some("1") => true,
        Some("0") => false,
        _ => window_width.is_some_and(|w| w <= PHONE_WINDOW_MAX),
    }
}

#[cfg(test)]
mod start_tests {
    use super::starts_hidden;

    /// Regression: the timeline pushed the phone layout's first cards below
    /// the first screen at 360 and 390 px.
    #[test]
    fn folded_on_a_phone_unless_the_tab_chose() {
        assert!(starts_hidden(None, Some(360.0)));
        assert!(starts_hidden(None, Some(688.0)));
        assert!(!starts_hidden(None, Some(1400.0)));
        assert!(!starts_hidden(None, None));
        assert!(!starts_hidden(Some("0"), Some(360.0)));
        assert!(starts_hidden(Some("1"), Some(1400.0)));
    }
}
