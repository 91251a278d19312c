use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

/// Fixed width (microseconds, always six digits) so that text order is time order.
const STAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

pub fn format(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(STAMP)
        .expect("a UTC timestamp always formats")
}

/// Now, as stored.
pub fn now_utc() -> String {
    format(OffsetDateTime::now_utc())
}

pub fn in_future(d: time::Duration) -> String {
    format(OffsetDateTime::now_utc() + d)
}
