//! iCalendar (RFC 5545) feeds of meetings, written by hand: lines end CRLF, are folded at 75
//! octets (never inside a UTF-8 character), and text values escape `\`, `;`, `,` and newlines.
//! Times are local to Europe/London, whose VTIMEZONE the feed defines, so a calendar shows a
//! 10am meeting at 10am on either side of the clocks changing.

use time::{OffsetDateTime, PrimitiveDateTime};

pub const TZID: &str = "Europe/London";

/// One meeting as a calendar event.
pub struct Event {
    /// Stable across feeds and fetches: "meeting-12@host".
    pub uid: String,
    /// When the event last changed, in UTC.
    pub stamp: OffsetDateTime,
    pub start: PrimitiveDateTime,
    pub end: PrimitiveDateTime,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: Option<String>,
    pub cancelled: bool,
}

/// The UK's rule since 1996: summer time from 1am UTC on the last Sunday of March to 1am UTC
/// on the last Sunday of October.
const LONDON: &str = "BEGIN:VTIMEZONE\nTZID:Europe/London\nBEGIN:DAYLIGHT\nTZOFFSETFROM:+0000\n\
TZOFFSETTO:+0100\nTZNAME:BST\nDTSTART:19810329T010000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n\
END:DAYLIGHT\nBEGIN:STANDARD\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nTZNAME:GMT\n\
DTSTART:19961027T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\nEND:VTIMEZONE";

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Other control characters are not allowed in a TEXT value.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75 octets.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn local(t: PrimitiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{}Z", local(PrimitiveDateTime::new(t.date(), t.time())))
}

/// A whole calendar: `name` is what a calendar application calls it.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//opcc//governance meetings//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, &format!("X-WR-TIMEZONE:{TZID}"));
    for l in LONDON.lines() {
        line(&mut out, l);
    }
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.stamp)));
        line(&mut out, &format!("DTSTART;TZID={TZID}:{}", local(e.start)));
        line(&mut out, &format!("DTEND;TZID={TZID}:{}", local(e.end)));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if !e.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&e.location)));
        }
        if let Some(url) = &e.url {
            // A URI value is not TEXT: it is not escaped, only folded.
            line(&mut out, &format!("URL:{url}"));
        }
        let status = if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}
