//! The schemes' figures for a period, as the annual report gives them, computed by the store
//! from the records; percentages here, rounded as the report rounds them.

use serde::Serialize;

/// A period's figures. Counts are of submitted reports only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// "2023/24" or "2023/24 Q1".
    pub period: String,
    pub custody_visits: i64,
    /// Detainees visited (not those offered a visit who declined).
    pub detainees_visited: i64,
    pub detainees_declined: i64,
    pub call_audits: i64,
    pub calls: i64,
    pub calls_999: i64,
    pub calls_101: i64,
    pub dog_visits: i64,
    /// Different dogs, by the force's identifier.
    pub dogs: i64,
    pub dog_observations: i64,
    pub panel_cases: i64,
    pub panel_adult: i64,
    pub panel_youth: i64,
    pub supported: i64,
    pub not_supported: i64,
    pub split: i64,
    pub appropriate: i64,
    pub appropriate_with_observations: i64,
    pub inappropriate: i64,
    pub no_conclusion: i64,
    /// Active on the period's last day.
    pub active_volunteers: i64,
}

/// A share as a whole percentage, halves rounded up; 0 of nothing is 0.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (200 * part + whole) / (2 * whole)
}

impl Figures {
    pub fn pct_999(&self) -> i64 {
        percent(self.calls_999, self.calls)
    }
    pub fn pct_101(&self) -> i64 {
        percent(self.calls_101, self.calls)
    }
    fn three_point(&self) -> i64 {
        self.supported + self.not_supported + self.split
    }
    pub fn pct_supported(&self) -> i64 {
        percent(self.supported, self.three_point())
    }
    pub fn pct_not_supported(&self) -> i64 {
        percent(self.not_supported, self.three_point())
    }
    pub fn pct_split(&self) -> i64 {
        percent(self.split, self.three_point())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_annual_reports_percentages() {
        let f = Figures {
            calls: 152,
            calls_999: 74,
            calls_101: 78,
            supported: 271,
            not_supported: 32,
            split: 13,
            ..Default::default()
        };
        assert_eq!((f.pct_999(), f.pct_101()), (49, 51));
        assert_eq!(
            (f.pct_supported(), f.pct_not_supported(), f.pct_split()),
            (86, 10, 4)
        );
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
    }
}
