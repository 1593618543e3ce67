//! Local calendar parts of an instant (epoch ms at a UTC offset passed in)
//! and the texts made of them: the table's times, the timeline's labels,
//! the values of date inputs. Written here rather than by
//! `Intl.DateTimeFormat`, whose first formatter costs a cold start 10–30 ms
//! of loading locale data before the first rows can show.

use crate::i18n::Locale;

/// A local date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    /// The local calendar parts of `t` (epoch ms) at `utc_offset_ms`.
    pub fn at(t: i64, utc_offset_ms: i64) -> Civil {
        let local = t + utc_offset_ms;
        let days = local.div_euclid(86_400_000);
        let ms_of_day = local.rem_euclid(86_400_000);
        // Howard Hinnant's days-to-civil.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: (ms_of_day / 3_600_000) as u32,
            minute: (ms_of_day / 60_000 % 60) as u32,
            second: (ms_of_day / 1000 % 60) as u32,
        }
    }

    /// `2026-11-28`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `14:00`.
    pub fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `2026-11-28T14:05`, the value of an `<input type="datetime-local">`.
    pub fn input_value(&self) -> String {
        format!("{}T{}", self.date(), self.clock())
    }

    /// `Nov 28` / `11月28日`: a day on the axis.
    pub fn short_date(&self, locale: Locale) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match locale {
            Locale::En => format!("{} {}", MONTHS[(self.month as usize + 11) % 12], self.day),
            Locale::Zh => format!("{}月{}日", self.month, self.day),
        }
    }

    /// The locale's numeric date and 24-hour time, as `Intl.DateTimeFormat`
    /// writes them for `en-US` and `zh-CN` with two-digit fields:
    /// `11/28/2026, 19:49:44` / `2026/11/28 19:49:44`.
    pub fn numeric(&self, locale: Locale) -> String {
        let (y, mo, d, h, mi, s) = (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        );
        match locale {
            Locale::En => format!("{mo:02}/{d:02}/{y}, {h:02}:{mi:02}:{s:02}"),
            Locale::Zh => format!("{y}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 3_600_000;
    const DAY_MS: i64 = 24 * HOUR_MS;
    /// 2026-11-28T00:00:00Z.
    const NOV_28: i64 = 1_795_824_000_000;

    #[test]
    fn civil_parts_in_a_zone() {
        let c = Civil::at(NOV_28 + 14 * HOUR_MS + 5 * 60_000, 0);
        assert_eq!((c.date(), c.clock()), ("2026-11-28".into(), "14:05".into()));
        assert_eq!(c.input_value(), "2026-11-28T14:05");
        // UTC+8 is already the next day at 16:00Z; UTC-5 still the day before at 03:00Z.
        assert_eq!(Civil::at(NOV_28 + 16 * HOUR_MS, 8 * HOUR_MS).date(), "2026-11-29");
        assert_eq!(Civil::at(NOV_28 + 3 * HOUR_MS, -5 * HOUR_MS).date(), "2026-11-27");
        assert_eq!(Civil::at(0, 0).date(), "1970-01-01");
        assert_eq!(Civil::at(951_782_400_000, 0).date(), "2000-02-29");
        assert_eq!(Civil::at(-1, 0).clock(), "23:59");
        assert_eq!(Civil::at(NOV_28, 0).short_date(Locale::En), "Nov 28");
        assert_eq!(Civil::at(NOV_28, 0).short_date(Locale::Zh), "11月28日");
        assert_eq!(Civil::at(NOV_28 + 40 * DAY_MS, 0).short_date(Locale::En), "Jan 7");
    }

    #[test]
    fn numeric_date_and_time_in_both_languages() {
        let t = NOV_28 + 19 * HOUR_MS + 49 * 60_000 + 44_999;
        assert_eq!(Civil::at(t, 0).numeric(Locale::En), "11/28/2026, 19:49:44");
        assert_eq!(Civil::at(t, 0).numeric(Locale::Zh), "2026/11/28 19:49:44");
        // Midnight is 00, not 24; the zone moves the date.
        let midnight = Civil::at(NOV_28 - 8 * HOUR_MS, 8 * HOUR_MS);
        assert_eq!(midnight.numeric(Locale::En), "11/28/2026, 00:00:00");
        assert_eq!(Civil::at(-1, 0).numeric(Locale::Zh), "1969/12/31 23:59:59");
        assert_eq!(
            Civil::at(NOV_28 + 5 * DAY_MS + 61_000, -HOUR_MS).numeric(Locale::Zh),
            "2026/12/02 23:01:01"
        );
    }
}
