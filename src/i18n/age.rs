//! The age of a page against the build date, for the note newsrooms put
//! beside an old story's title ("This article is more than 14 years old").
//! The build date is today, unless `SOURCE_DATE_EPOCH` pins it so that a
//! build can be reproduced byte for byte on another day.

use tera::{Kwargs, State, Tera, TeraResult};

use super::Date;

/// The date a build is made on: `SOURCE_DATE_EPOCH` if set and valid, else today (UTC).
pub fn build_date() -> Date {
    pinned(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).unwrap_or_else(Date::today)
}

/// The UTC date of a `SOURCE_DATE_EPOCH` value (seconds since 1970), if it is one.
pub fn pinned(epoch: Option<&str>) -> Option<Date> {
    let seconds: i64 = epoch?.trim().parse().ok()?;
    Some(Date::from_days(seconds.div_euclid(86_400)))
}

/// Whole years from a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` to
/// `on`. A date known only to the month or year counts from the end of its
/// month or year, so a story is never called older than it can be.
pub fn years_since(date: &str, on: Date) -> Option<u16> {
    let date = Date::parse(date).ok()?;
    let latest = (date.month.unwrap_or(12), date.day.unwrap_or(31));
    let before_anniversary = (on.month.unwrap_or(1), on.day.unwrap_or(1)) < latest;
    Some(
        on.year
            .saturating_sub(date.year)
            .saturating_sub(u16::from(before_anniversary)),
    )
}

/// Gives templates the build date: `build_date()` is its ISO form and
/// `years_since(date=page.date.iso)` the whole years from a page's date to it.
pub fn register(tera: &mut Tera, on: Date) {
    tera.register_function("build_date", move |_: Kwargs, _: &State| on.to_string());
    tera.register_function("years_since", move |kwargs: Kwargs, _: &State| -> TeraResult<u16> {
        let date: String = kwargs.must_get("date")?;
        years_since(&date, on).ok_or_else(|| tera::Error::message(format!("`{date}` is not a date")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn source_date_epoch_pins_the_day() {
        assert_eq!(pinned(Some("1764547200")), Some(on("2025-12-01")));
        assert_eq!(pinned(Some("1764633599")), Some(on("2025-12-01")));
        assert_eq!(pinned(Some("soon")), None);
        assert_eq!(pinned(None), None);
    }

    #[test]
    fn whole_years_count_from_the_latest_day_the_date_allows() {
        assert_eq!(years_since("2011-05-01", on("2025-12-01")), Some(14));
        assert_eq!(years_since("2019-03-28", on("2021-03-27")), Some(1));
        assert_eq!(years_since("2019-03-28", on("2021-03-28")), Some(2));
        // May 2011 may have meant the 31st: two years old only from 31 May 2013.
        assert_eq!(years_since("2011-05", on("2013-05-31")), Some(2));
        assert_eq!(years_since("2011-05", on("2013-05-30")), Some(1));
        assert_eq!(years_since("2024", on("2026-12-30")), Some(1));
        assert_eq!(years_since("2024", on("2026-12-31")), Some(2));
        assert_eq!(years_since("2030-01-01", on("2025-12-01")), Some(0));
        assert_eq!(years_since("someday", on("2025-12-01")), None);
    }
}
