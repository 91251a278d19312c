"""Strict check of an iCalendar feed with the PyPI `icalendar` package (pinned by the test).

Reads the feed from the file named on the command line; prints a JSON summary
({"events": [...]}) on success; exits 1 naming the first problem otherwise.
"""
import json
import sys

import icalendar


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
if lines[-1] != b"":
    fail("the feed does not end with CRLF")
for n, line in enumerate(lines[:-1], 1):
    if b"\n" in line or b"\r" in line:
        fail(f"line {n}: a bare LF or CR")
    if len(line) > 75:
        fail(f"line {n}: {len(line)} octets, more than 75")

cal = icalendar.Calendar.from_ical(raw)
cal.validate()
for component in cal.walk():
    errors = getattr(component, "errors", [])
    if errors:
        fail(f"{component.name}: parse errors {errors}")
missing = cal.get_missing_tzids()
if missing:
    fail(f"time zones used but not defined: {missing}")
tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
if "Europe/London" not in tzids:
    fail(f"no VTIMEZONE for Europe/London, only {tzids}")

events = []
uids = set()
for ev in cal.walk("VEVENT"):
    for prop in ("UID", "DTSTAMP", "DTSTART"):
        if prop not in ev:
            fail(f"an event has no {prop}")
    uid = str(ev["UID"])
    if uid in uids:
        fail(f"UID {uid} is used twice")
    uids.add(uid)
    start = ev["DTSTART"].dt
    if getattr(start, "tzinfo", None) is None:
        fail(f"{uid}: DTSTART has no time zone")
    if ev["DTSTAMP"].dt.utcoffset().total_seconds() != 0:
        fail(f"{uid}: DTSTAMP is not UTC")
    events.append({
        "uid": uid,
        "summary": str(ev["SUMMARY"]),
        "start": start.isoformat(),
        "utc_offset_hours": start.utcoffset().total_seconds() / 3600,
        "location": str(ev.get("LOCATION", "")),
        "status": str(ev.get("STATUS", "")),
    })
print(json.dumps({"name": str(cal.get("X-WR-CALNAME", "")), "events": events}))
