//! The custody visitors' rota for a month, made the same way every time from a seed so that
//! the office can explain it and a test can check it. The rules:
//!
//! - Visits are made in pairs: two different volunteers, each available then.
//! - Nobody is in two visits on the same day (so never twice in the same slot).
//! - Each suite's visits are spread over the month: the month is cut into as many equal
//!   windows as the suite has visits, one visit in each, on a day the seed picks inside the
//!   window (so weekdays and weekends both come up and the force cannot predict the day).
//! - The parts of the day (day, evening, night) take turns across the whole rota, starting
//!   where the seed says, so nights are visited as often as days.
//! - Pairs go to the least-used volunteers first; ties are broken by the seed.
//!
//! A slot for which fewer than two volunteers are free is left as a gap for the office to fill
//! by hand. Nobody outside the office and the pair sees the rota: visits stay unannounced.

use sha2::{Digest, Sha256};
use time::{Date, Duration};

pub const PARTS: [(&str, &str); 3] = [
    ("day", "Day (9am to 5pm)"),
    ("evening", "Evening (5pm to 10pm)"),
    ("night", "Night (10pm to 9am)"),
];

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// When a volunteer can visit: weekday (0 is Monday) and part of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Available {
    pub volunteer: i64,
    pub when: Vec<(u8, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub place: i64,
    pub on: Date,
    pub part: &'static str,
    pub first: i64,
    pub second: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rota {
    pub visits: Vec<Visit>,
    /// Place, day and part of each slot that no pair could take.
    pub gaps: Vec<(i64, Date, &'static str)>,
}

/// The part's code as stored, if it is one.
pub fn part(code: &str) -> Option<&'static str> {
    PARTS.iter().map(|(c, _)| *c).find(|c| *c == code)
}

fn number(seed: &str, label: &str) -> u64 {
    let mut h = Sha256::new();
    h.update(b"opcc-rota-v1\n");
    h.update(seed.as_bytes());
    h.update(b"\n");
    h.update(label.as_bytes());
    let d = h.finalize();
    u64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

fn days_in_month(first: Date) -> i64 {
    let next = match first.month() {
        time::Month::December => {
            Date::from_calendar_date(first.year() + 1, time::Month::January, 1)
        }
        m => Date::from_calendar_date(first.year(), m.next(), 1),
    }
    .expect("the first of a month exists");
    (next - first).whole_days()
}

/// The rota for the month starting on `first` (any day of it will do): `per_place` visits to
/// each of `places`, by pairs of the `volunteers` available.
pub fn generate(
    seed: &str,
    first: Date,
    places: &[i64],
    per_place: usize,
    volunteers: &[Available],
) -> Rota {
    let first = first.replace_day(1).expect("day 1 exists");
    let days = days_in_month(first);
    let mut slots: Vec<(Date, i64)> = Vec::new();
    for (pi, place) in places.iter().enumerate() {
        for k in 0..per_place as i64 {
            let from = k * days / per_place as i64;
            let to = (k + 1) * days / per_place as i64;
            let width = (to - from).max(1) as u64;
            let pick = number(seed, &format!("day:{pi}:{k}")) % width;
            slots.push((first + Duration::days(from + pick as i64), *place));
        }
    }
    slots.sort();
    let start = (number(seed, "part") % 3) as usize;
    let mut load: Vec<(i64, usize)> = volunteers.iter().map(|v| (v.volunteer, 0)).collect();
    let mut busy: Vec<(Date, i64)> = Vec::new();
    let mut rota = Rota::default();
    for (i, (on, place)) in slots.into_iter().enumerate() {
        let part = PARTS[(start + i) % 3].0;
        let weekday = on.weekday().number_days_from_monday();
        let mut free: Vec<(usize, u64, i64)> = volunteers
            .iter()
            .filter(|v| v.when.contains(&(weekday, part)))
            .filter(|v| !busy.contains(&(on, v.volunteer)))
            .map(|v| {
                let used = load
                    .iter()
                    .find(|(id, _)| *id == v.volunteer)
                    .map_or(0, |(_, n)| *n);
                let tie = number(seed, &format!("pick:{i}:{}", v.volunteer));
                (used, tie, v.volunteer)
            })
            .collect();
        free.sort();
        if free.len() < 2 {
            rota.gaps.push((place, on, part));
            continue;
        }
        let (a, b) = (free[0].2, free[1].2);
        for id in [a, b] {
            busy.push((on, id));
            if let Some(l) = load.iter_mut().find(|(v, _)| *v == id) {
                l.1 += 1;
            }
        }
        rota.visits.push(Visit {
            place,
            on,
            part,
            first: a.min(b),
            second: a.max(b),
        });
    }
    rota
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn everyone(n: i64) -> Vec<Available> {
        (1..=n)
            .map(|v| Available {
                volunteer: v,
                // Each is free on most days and parts; some never at night.
                when: (0..7u8)
                    .flat_map(|d| PARTS.iter().map(move |(p, _)| (d, *p)))
                    .filter(|(d, p)| (v + i64::from(*d)) % 4 != 0 && !(v % 5 == 0 && *p == "night"))
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn pairs_spread_and_the_same_rota_from_the_same_seed() {
        let people = everyone(12);
        let places = [1, 2, 3];
        let first = date!(2024 - 03 - 01);
        let rota = generate("2024-03", first, &places, 4, &people);
        assert_eq!(rota, generate("2024-03", first, &places, 4, &people));
        assert_ne!(rota, generate("2024-03b", first, &places, 4, &people));
        assert!(rota.gaps.is_empty(), "{:?}", rota.gaps);
        assert_eq!(rota.visits.len(), 12);
        for v in &rota.visits {
            assert_ne!(v.first, v.second);
            let weekday = v.on.weekday().number_days_from_monday();
            for who in [v.first, v.second] {
                let p = people.iter().find(|p| p.volunteer == who).unwrap();
                assert!(p.when.contains(&(weekday, v.part)), "{v:?}");
                // Nobody twice on one day, so never twice in the same slot.
                let same_day = rota
                    .visits
                    .iter()
                    .filter(|o| o.on == v.on && (o.first == who || o.second == who))
                    .count();
                assert_eq!(same_day, 1, "{who} on {}", v.on);
            }
        }
        // Each suite once in each quarter of the month.
        for place in places {
            let mut days: Vec<u8> = rota
                .visits
                .iter()
                .filter(|v| v.place == place)
                .map(|v| v.on.day())
                .collect();
            days.sort();
            let windows: Vec<u8> = days
                .iter()
                .map(|d| (i64::from(*d - 1) * 4 / 31) as u8)
                .collect();
            assert_eq!(windows, vec![0, 1, 2, 3], "{place}: {days:?}");
        }
        // Every part of the day four times; weekends included.
        for (p, _) in PARTS {
            assert_eq!(rota.visits.iter().filter(|v| v.part == p).count(), 4, "{p}");
        }
        assert!(
            rota.visits
                .iter()
                .any(|v| v.on.weekday().number_days_from_monday() >= 5)
        );
        // The work is shared: 24 places in pairs among 12 people, nobody more than 3.
        for who in 1..=12 {
            let n = rota
                .visits
                .iter()
                .filter(|v| v.first == who || v.second == who)
                .count();
            assert!((1..=3).contains(&n), "{who}: {n}");
        }
    }

    #[test]
    fn a_slot_without_two_free_volunteers_is_a_gap() {
        let one = vec![Available {
            volunteer: 7,
            when: vec![(0, "day")],
        }];
        let rota = generate("x", date!(2024 - 02 - 10), &[1], 2, &one);
        assert!(rota.visits.is_empty());
        assert_eq!(rota.gaps.len(), 2);
        assert!(
            rota.gaps
                .iter()
                .all(|(_, d, _)| d.month() == time::Month::February)
        );
    }
}
