//! Business days in Vietnam: Monday to Friday in Asia/Ho_Chi_Minh, less the public holidays.
//!
//! The holidays are the days off of the Labour Code 2019 (article 112): New Year's Day, five days
//! of Tết, Hùng Kings' Day (the 10th day of the 3rd lunar month), 30 April, 1 May and two days of
//! National Day; a holiday that falls on a weekend is taken on the next working day. Only the
//! weekdays off matter here, so the table lists those. `HOLIDAYS_FILE` replaces it (one
//! `YYYY-MM-DD` per line, `#` for comments): the government announces each year's Tết days and
//! second National Day a few months ahead, and operations update the file without a release.
//! Outside the years the table covers, only weekends are days off.

use std::{collections::BTreeSet, path::Path};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

/// Vietnam's time zone: every business day is a local date there.
pub const ZONE: Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// The weekdays off of 2026 to 2028.
///
/// - 2026: the dates the government announced. Tết Bính Ngọ (New Year 17 February) is Monday 16
///   to Friday 20 February; Hùng Kings' Day, Sunday 26 April, is taken on Monday 27 April;
///   National Day is Tuesday 1 and Wednesday 2 September.
/// - 2027 and 2028 were not announced when this table was written: they follow the Labour Code
///   and the lunar calendar (Tết Đinh Mùi on Saturday 6 February 2027, Tết Mậu Thân on Wednesday
///   26 January 2028; Hùng Kings' Day on 16 April 2027 and 4 April 2028), with Tết as the eve and
///   the first four days of the year, weekend days among them made up on the following working
///   days, and the National Day's second day next to the weekend. Replace them through
///   `HOLIDAYS_FILE` once announced.
const VIETNAM_HOLIDAYS: &[(i32, u32, u32)] = &[
    // 2026
    (2026, 1, 1),  // New Year's Day (Thursday)
    (2026, 2, 16), // Tết: 29 Tháng Chạp (eve)
    (2026, 2, 17), // Tết: mùng 1
    (2026, 2, 18), // Tết: mùng 2
    (2026, 2, 19), // Tết: mùng 3
    (2026, 2, 20), // Tết: mùng 4
    (2026, 4, 27), // Hùng Kings' Day (Sunday 26 April), taken on Monday
    (2026, 4, 30), // Reunification Day (Thursday)
    (2026, 5, 1),  // Labour Day (Friday)
    (2026, 9, 1),  // National Day, first day
    (2026, 9, 2),  // National Day
    // 2027
    (2027, 1, 1),  // New Year's Day (Friday)
    (2027, 2, 5),  // Tết: eve
    (2027, 2, 8),  // Tết: mùng 3
    (2027, 2, 9),  // Tết: mùng 4
    (2027, 2, 10), // Tết: mùng 1 (Saturday), made up
    (2027, 2, 11), // Tết: mùng 2 (Sunday), made up
    (2027, 4, 16), // Hùng Kings' Day (Friday)
    (2027, 4, 30), // Reunification Day (Friday)
    (2027, 5, 3),  // Labour Day (Saturday 1 May), made up
    (2027, 9, 2),  // National Day (Thursday)
    (2027, 9, 3),  // National Day, second day
    // 2028
    (2028, 1, 3),  // New Year's Day (Saturday 1 January), made up
    (2028, 1, 25), // Tết: eve
    (2028, 1, 26), // Tết: mùng 1
    (2028, 1, 27), // Tết: mùng 2
    (2028, 1, 28), // Tết: mùng 3
    (2028, 1, 31), // Tết: mùng 4 (Saturday), made up
    (2028, 4, 4),  // Hùng Kings' Day (Tuesday)
    (2028, 5, 1),  // Labour Day (Monday)
    (2028, 5, 2),  // Reunification Day (Sunday 30 April), made up
    (2028, 9, 1),  // National Day, first day
    (2028, 9, 4),  // National Day (Saturday 2 September), made up
];

/// Vietnam's working calendar: which local dates are business days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessCalendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        Self::vietnam()
    }
}

impl BusinessCalendar {
    /// The built-in table of 2026 to 2028.
    pub fn vietnam() -> Self {
        let holidays = VIETNAM_HOLIDAYS
            .iter()
            .map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("the table holds real dates"))
            .collect();
        Self { holidays }
    }

    /// A calendar whose holidays are the dates of `text`: one `YYYY-MM-DD` per line; blank lines
    /// and anything after `#` are ignored. The error names the first bad line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut holidays = BTreeSet::new();
        for (number, line) in text.lines().enumerate() {
            let date = line.split('#').next().unwrap_or("").trim();
            if date.is_empty() {
                continue;
            }
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|e| {
                format!(
                    "line {}: {date:?} is not a YYYY-MM-DD date ({e})",
                    number + 1
                )
            })?;
            holidays.insert(date);
        }
        Ok(Self { holidays })
    }

    /// The calendar of `HOLIDAYS_FILE`.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&text)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// The `n`th business day after `t`'s local date (`t`'s own date never counts).
    pub fn nth_business_day_after(&self, t: DateTime<Utc>, n: u32) -> NaiveDate {
        let mut date = t.with_timezone(&ZONE).date_naive();
        let mut left = n.max(1);
        // A file that lists every day would never end the loop: stop after ten years (or at the
        // end of time).
        for _ in 0..3_660 {
            let Some(next) = date.checked_add_days(Days::new(1)) else {
                break;
            };
            date = next;
            if self.is_business_day(date) {
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        date
    }

    /// "`n` business days after `t`": 23:59:59 local time of the `n`th business day after `t`'s
    /// local date.
    pub fn add_business_days(&self, t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        local(self.nth_business_day_after(t, n), end_of_day())
    }

    /// When less than one business day is left before `add_business_days(t, n)`: the start
    /// (00:00 local) of that last business day.
    pub fn last_day_begins(&self, t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        local(self.nth_business_day_after(t, n), NaiveTime::MIN)
    }
}

fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).expect("a real time")
}

/// `date` at `time` in Vietnam, in UTC. Vietnam keeps no daylight saving time, so every local
/// time exists once; `earliest` would settle a gap or overlap if it ever did.
fn local(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    date.and_time(time)
        .and_local_timezone(ZONE)
        .earliest()
        .expect("Asia/Ho_Chi_Minh has every local time")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `YYYY-MM-DDTHH:MM` in Vietnam, as UTC.
    fn vn(text: &str) -> DateTime<Utc> {
        let t = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap();
        t.and_local_timezone(ZONE).unwrap().with_timezone(&Utc)
    }

    fn due(from: &str, n: u32) -> String {
        let end = BusinessCalendar::vietnam().add_business_days(vn(from), n);
        end.with_timezone(&ZONE)
            .format("%Y-%m-%d %H:%M:%S %a")
            .to_string()
    }

    #[test]
    fn windows_end_at_the_last_second_of_the_nth_business_day() {
        let cases = [
            // An ordinary Monday: three business days later is Thursday.
            ("2026-03-09T10:00", 3, "2026-03-12 23:59:59 Thu"),
            // Friday evening: the weekend does not count.
            ("2026-03-13T21:30", 1, "2026-03-16 23:59:59 Mon"),
            ("2026-03-13T21:30", 3, "2026-03-18 23:59:59 Wed"),
            // Late on Friday in Vietnam is still Friday afternoon in UTC, and vice versa: the
            // local date is what counts.
            ("2026-03-13T23:59", 1, "2026-03-16 23:59:59 Mon"),
            ("2026-03-14T00:01", 1, "2026-03-16 23:59:59 Mon"),
            // The eve of Tết 2026 (Friday 13 February): the whole Tết week is off.
            ("2026-02-13T18:00", 1, "2026-02-23 23:59:59 Mon"),
            ("2026-02-13T18:00", 3, "2026-02-25 23:59:59 Wed"),
            // Submitted during Tết.
            ("2026-02-17T09:00", 1, "2026-02-23 23:59:59 Mon"),
            // 30 April and 1 May 2026 (Thursday and Friday), then the weekend.
            ("2026-04-29T12:00", 1, "2026-05-04 23:59:59 Mon"),
            ("2026-04-30T12:00", 2, "2026-05-05 23:59:59 Tue"),
            // Hùng Kings' Day 2026 fell on a Sunday and is taken on Monday 27 April.
            ("2026-04-24T12:00", 1, "2026-04-28 23:59:59 Tue"),
            // Across the year end: 1 January is off.
            ("2026-12-31T16:00", 1, "2027-01-04 23:59:59 Mon"),
            ("2026-12-30T16:00", 3, "2027-01-05 23:59:59 Tue"),
            // 2027's Tết and National Day; 2028's New Year made up on Monday 3 January.
            ("2027-02-04T10:00", 1, "2027-02-12 23:59:59 Fri"),
            ("2027-09-01T10:00", 1, "2027-09-06 23:59:59 Mon"),
            ("2027-12-31T10:00", 1, "2028-01-04 23:59:59 Tue"),
            ("2028-01-24T10:00", 1, "2028-02-01 23:59:59 Tue"),
            // Ten business days, the longest review window.
            ("2026-03-09T10:00", 10, "2026-03-23 23:59:59 Mon"),
            // Beyond the table only weekends are off.
            ("2029-01-01T10:00", 1, "2029-01-02 23:59:59 Tue"),
        ];
        for (from, n, expected) in cases {
            assert_eq!(due(from, n), expected, "{n} business day(s) after {from}");
        }
    }

    #[test]
    fn the_window_ends_at_16_59_59_utc() {
        let end = BusinessCalendar::vietnam().add_business_days(vn("2026-03-09T10:00"), 1);
        assert_eq!(end.to_rfc3339(), "2026-03-10T16:59:59+00:00");
        let begins = BusinessCalendar::vietnam().last_day_begins(vn("2026-03-09T10:00"), 1);
        assert_eq!(begins.to_rfc3339(), "2026-03-09T17:00:00+00:00");
    }

    #[test]
    fn every_listed_holiday_is_a_weekday_and_no_weekend_is_a_business_day() {
        let calendar = BusinessCalendar::vietnam();
        for &(y, m, d) in VIETNAM_HOLIDAYS {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date} is a weekend: list the day it is made up on"
            );
            assert!(!calendar.is_business_day(date));
        }
        assert_eq!(VIETNAM_HOLIDAYS.len(), 33, "11 weekdays off a year");
        assert!(!calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 3, 14).unwrap()));
        assert!(calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()));
    }

    #[test]
    fn a_holidays_file_replaces_the_table() {
        let calendar =
            BusinessCalendar::parse("# company days off\n2026-03-10\n\n2026-03-11  # mid-week\n")
                .unwrap();
        assert!(!calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()));
        // The built-in holidays are gone: 1 January 2026 is a Thursday like any other.
        assert!(calendar.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
        assert_eq!(
            calendar
                .add_business_days(vn("2026-03-09T10:00"), 1)
                .with_timezone(&ZONE)
                .date_naive()
                .to_string(),
            "2026-03-12"
        );
        let err = BusinessCalendar::parse("2026-03-10\n10/03/2026\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(BusinessCalendar::parse("2026-02-30").is_err());
    }

    #[test]
    fn the_end_of_time_does_not_panic() {
        let t = NaiveDate::MAX.and_hms_opt(12, 0, 0).unwrap().and_utc() - chrono::Duration::days(2);
        let _ = BusinessCalendar::vietnam().nth_business_day_after(t, 10);
    }

    #[test]
    fn a_calendar_without_business_days_still_ends() {
        let every_day: String = (0..4_000)
            .map(|i| {
                (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(i)).to_string() + "\n"
            })
            .collect();
        let calendar = BusinessCalendar::parse(&every_day).unwrap();
        let end = calendar.add_business_days(vn("2026-03-09T10:00"), 3);
        assert!(end > vn("2035-01-01T00:00"));
    }
}
