//! Calendar dates of articles, as precise as their source: a day
//! (`2025-10-17`), a month (`2011-05`) or a year (`2024`). Their localised
//! forms come from each language's Fluent bundle (`date-long`,
//! `date-month`, `date-year`), so adding a language adds its date forms
//! without code, and a month-precise date is never shown with a made-up day.

use std::fmt;

/// A calendar date known to a year, a month or a day, validated.
///
/// Dates order by the start of the period they name, and a less precise
/// date before a more precise one starting the same day: `2011` <
/// `2011-05` < `2011-05-01` < `2011-05-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, four digits.
    pub year: u16,
    /// Month, 1–12, when the source gives it.
    pub month: Option<u8>,
    /// Day of the month, 1–31 as the month allows, when the source gives it.
    pub day: Option<u8>,
}

/// How precisely a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Only the year.
    Year,
    /// The year and the month.
    Month,
    /// The day.
    Day,
}

impl Date {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, rejecting dates that do not exist.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!(
                "`{text}` is not a date: write it as YYYY-MM-DD (2025-10-17), or YYYY-MM (2011-05) or YYYY (2024) when the source gives no day"
            )
        };
        let parts: Vec<&str> = text.split('-').collect();
        let widths = [4, 2, 2];
        if parts.len() > 3
            || parts
                .iter()
                .zip(widths)
                .any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let month: Option<u8> = parts.get(1).map(|m| m.parse()).transpose().map_err(|_| bad())?;
        let day: Option<u8> = parts.get(2).map(|d| d.parse()).transpose().map_err(|_| bad())?;
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(format!("`{text}` has no month {month}"));
        }
        if let (Some(month), Some(day)) = (month, day) {
            let days = days_in_month(year, month);
            if day == 0 || day > days {
                return Err(format!(
                    "`{text}` does not exist: month {month} of {year} has {days} days"
                ));
            }
        }
        Ok(Date { year, month, day })
    }

    /// A day-precise date; `month` and `day` must exist.
    pub fn ymd(year: u16, month: u8, day: u8) -> Date {
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// How precisely this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day of the period this date names, for formats that need
    /// a full date (Atom timestamps).
    pub fn first_day(&self) -> Date {
        Date::ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((seconds / 86_400) as i64)
    }

    /// ISO 8601 with the site's time zone where the date is a day
    /// (`2025-10-17T00:00:00+07:00`); a month or a year stays as it is,
    /// since a made-up day would claim more than the source knows.
    pub fn with_zone(&self, zone: crate::config::TimeZone) -> String {
        match self.precision() {
            Precision::Day => format!("{self}T00:00:00{zone}"),
            Precision::Month | Precision::Year => self.to_string(),
        }
    }

    /// Days from 1970-01-01 to the first day of this date's period (the
    /// inverse of [`Date::from_days`], days-from-civil).
    pub fn days(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year) - i64::from(self.month.unwrap_or(1) <= 2),
            i64::from(self.month.unwrap_or(1)),
            i64::from(self.day.unwrap_or(1)),
        );
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (the civil-from-days algorithm
    /// of Howard Hinnant's date library).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date::ymd(year, month, day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ISO 8601 form at the date's own precision (`2025-10-17`, `2011-05`,
/// `2024`), as `<time datetime>`, sitemaps and schema.org accept.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_from_days_are_inverse() {
        assert_eq!(Date::ymd(1970, 1, 1).days(), 0);
        assert_eq!(Date::ymd(2000, 3, 1).days(), 11_017);
        assert_eq!(Date::parse("2011-05").unwrap().days(), Date::ymd(2011, 5, 1).days());
        for days in (-700_000..2_900_000).step_by(997) {
            assert_eq!(Date::from_days(days).days(), days);
        }
    }

    #[test]
    fn parses_and_prints_iso() {
        let d = Date::parse("2025-10-17").unwrap();
        assert_eq!(d, Date::ymd(2025, 10, 17));
        assert_eq!(d.to_string(), "2025-10-17");
        assert_eq!(d.precision(), Precision::Day);
    }

    #[test]
    fn keeps_the_precision_of_the_source() {
        let month = Date::parse("2011-05").unwrap();
        assert_eq!((month.year, month.month, month.day), (2011, Some(5), None));
        assert_eq!(month.to_string(), "2011-05");
        assert_eq!(month.precision(), Precision::Month);
        assert_eq!(month.first_day().to_string(), "2011-05-01");
        let year = Date::parse("2024").unwrap();
        assert_eq!(year.to_string(), "2024");
        assert_eq!(year.precision(), Precision::Year);
        assert_eq!(year.first_day().to_string(), "2024-01-01");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("2025-13").unwrap_err().contains("no month 13"));
        assert!(Date::parse("2025-00").is_err());
        for bad in [
            "17/10/2025",
            "2025-1-7",
            "2025-1",
            "25",
            "+025",
            "2025-10-17-1",
            "2025-",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_417).to_string(), "2025-11-25");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        assert!(Date::today().year >= 2025);
    }

    #[test]
    fn orders_by_time_then_precision() {
        let d = |t| Date::parse(t).unwrap();
        assert!(d("2024-12-31") < d("2025-01-01"));
        assert!(d("2011") < d("2011-05"));
        assert!(d("2011-05") < d("2011-05-01"));
        assert!(d("2011-05-31") < d("2011-06"));
        assert!(d("2010-12-31") < d("2011"));
    }
}
