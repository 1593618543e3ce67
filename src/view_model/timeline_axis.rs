//! The words and ticks of the failure timeline: the label of a bar (local
//! time at the offset passed in, as in [`super::timeline`]), which bars
//! carry an axis label, and the one-sentence summary for assistive
//! technology.

use super::civil::Civil;
use super::format::count;
use super::timeline::{BucketSize, Timeline};
use crate::i18n::{fill, Locale, TimelineKey};

/// The full name of a bar: `2026-11-28 14:00–15:00` or `2026-11-28`.
pub fn bucket_label(
    start_ms: i64,
    end_ms: i64,
    size: BucketSize,
    utc_offset_ms: &impl Fn(i64) -> i64,
) -> String {
    let start = Civil::at(start_ms, utc_offset_ms(start_ms));
    match size {
        BucketSize::Hour => {
            let end = Civil::at(end_ms, utc_offset_ms(end_ms));
            format!("{} {}–{}", start.date(), start.clock(), end.clock())
        }
        BucketSize::Day => start.date(),
    }
}

/// A bar's label on the axis: the hour (`14:00`, the date at midnight) or
/// the day.
pub fn tick_label(start_ms: i64, size: BucketSize, utc_offset_ms: i64, locale: Locale) -> String {
    let c = Civil::at(start_ms, utc_offset_ms);
    match size {
        BucketSize::Hour if c.hour != 0 => c.clock(),
        _ => c.short_date(locale),
    }
}

/// Which bars carry an axis label: about `max_labels` of them, on round
/// local hours (every 1, 2, 3, 6, 12 or 24 h) or every n-th day.
pub fn ticks(timeline: &Timeline, max_labels: usize, utc_offset_ms: &impl Fn(i64) -> i64) -> Vec<usize> {
    let n = timeline.buckets.len();
    let max_labels = max_labels.max(1);
    let needed = n.div_ceil(max_labels).max(1);
    match timeline.size {
        BucketSize::Hour => {
            let step = [1, 2, 3, 6, 12, 24]
                .into_iter()
                .find(|s| *s >= needed)
                .unwrap_or(24) as u32;
            timeline
                .buckets
                .iter()
                .enumerate()
                .filter(|(_, b)| Civil::at(b.start_ms, utc_offset_ms(b.start_ms)).hour % step == 0)
                .map(|(i, _)| i)
                .collect()
        }
        BucketSize::Day => {
            let step = [1, 2, 7, 14, 30, 60, 90]
                .into_iter()
                .find(|s| *s >= needed)
                .unwrap_or(needed);
            (0..n).rev().step_by(step).rev().collect()
        }
    }
}

/// One sentence for assistive technology: how many failures, from when to
/// when, per hour or day, and the busiest bar.
pub fn summary(timeline: &Timeline, locale: Locale, utc_offset_ms: &impl Fn(i64) -> i64) -> String {
    let (Some(first), Some(last)) = (timeline.buckets.first(), timeline.buckets.last()) else {
        return TimelineKey::SummaryEmpty.text(locale).to_owned();
    };
    let label =
        |b: &super::timeline::Bucket| bucket_label(b.start_ms, b.end_ms, timeline.size, utc_offset_ms);
    let peak = timeline
        .buckets
        .iter()
        .rev()
        .max_by_key(|b| b.total)
        .unwrap_or(last);
    let per = match timeline.size {
        BucketSize::Hour => TimelineKey::PerHour,
        BucketSize::Day => TimelineKey::PerDay,
    };
    fill(
        TimelineKey::Summary.text(locale),
        &[
            ("n", &count(timeline.total())),
            ("from", &label(first)),
            ("to", &label(last)),
            ("per", per.text(locale)),
            ("peak", &label(peak)),
            ("peak_n", &count(peak.total as u64)),
        ],
    )
    .into_owned()
}

/// A round top for the y axis: 1, 2 or 5 times a power of ten.
pub fn nice_top(peak: u32) -> u32 {
    let mut unit = 1u32;
    loop {
        for m in [1, 2, 5] {
            if let Some(top) = unit.checked_mul(m) {
                if top >= peak.max(1) {
                    return top;
                }
            }
        }
        match unit.checked_mul(10) {
            Some(u) => unit = u,
            None => return u32::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::timeline::{DAY_MS, HOUR_MS};
    use sdrs_models::FailureStatus;

    /// 2026-11-28T00:00:00Z.
    const NOV_28: i64 = 1_795_824_000_000;

    fn timeline(hours: &[f64], offset: i64) -> Timeline {
        let s = FailureStatus::CreateFail;
        Timeline::build(
            hours.iter().map(|h| (NOV_28 as f64 + h * HOUR_MS as f64, &s)),
            move |_| offset,
        )
    }

    #[test]
    fn labels_of_bars() {
        let plus8 = |_| 8 * HOUR_MS;
        assert_eq!(
            bucket_label(NOV_28, NOV_28 + HOUR_MS, BucketSize::Hour, &plus8),
            "2026-11-28 08:00–09:00"
        );
        assert_eq!(
            bucket_label(NOV_28, NOV_28 + DAY_MS, BucketSize::Day, &plus8),
            "2026-11-28"
        );
        assert_eq!(
            tick_label(NOV_28 + 16 * HOUR_MS, BucketSize::Hour, 8 * HOUR_MS, Locale::En),
            "Nov 29"
        );
        assert_eq!(
            tick_label(NOV_28 + 17 * HOUR_MS, BucketSize::Hour, 8 * HOUR_MS, Locale::En),
            "01:00"
        );
        assert_eq!(tick_label(NOV_28, BucketSize::Day, 0, Locale::Zh), "11月28日");
    }

    #[test]
    fn ticks_fall_on_round_hours_and_every_nth_day() {
        // 48 hours, 8 labels at most: every 6 h on local hours 0, 6, 12, 18.
        let t = timeline(&[0.0, 47.0], 0);
        assert_eq!(ticks(&t, 8, &|_| 0), vec![0, 6, 12, 18, 24, 30, 36, 42]);
        // In UTC+2 the first bar is 02:00 local: labels at local 06:00...
        assert_eq!(ticks(&t, 8, &|_| 2 * HOUR_MS)[0], 4);
        // 90 days, 8 labels: every 14th day, counted back from the newest.
        let days = timeline(&[0.0, 89.0 * 24.0], 0);
        assert_eq!(days.buckets.len(), 90);
        let d = ticks(&days, 8, &|_| 0);
        assert_eq!(d.last(), Some(&89));
        assert_eq!(d.len(), 7);
        assert!(d.windows(2).all(|w| w[1] - w[0] == 14));
    }

    #[test]
    fn summary_names_count_span_and_peak() {
        let t = timeline(&[0.2, 1.5, 1.7, 2.1], 0);
        assert_eq!(
            summary(&t, Locale::En, &|_| 0),
            "4 failures from 2026-11-28 00:00–01:00 to 2026-11-28 02:00–03:00, per hour. \
             Most in 2026-11-28 01:00–02:00 (2)."
        );
        let empty = timeline(&[], 0);
        assert_eq!(
            summary(&empty, Locale::En, &|_| 0),
            TimelineKey::SummaryEmpty.text(Locale::En)
        );
        assert!(summary(&t, Locale::Zh, &|_| 0).contains("每小时"));
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_top(0), 1);
        assert_eq!(nice_top(3), 5);
        assert_eq!(nice_top(11), 20);
        assert_eq!(nice_top(500), 500);
        assert_eq!(nice_top(501), 1000);
        assert_eq!(nice_top(u32::MAX), u32::MAX);
    }
}
