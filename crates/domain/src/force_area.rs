//! The police force area an OPCC serves, and the local authorities within it.

use serde::{Deserialize, Serialize};

/// A police force area, keyed by its ONS GSS code (E23...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForceArea {
    pub gss_code: String,
    /// The data.police.uk force slug, e.g. `cheshire`.
    pub slug: String,
    pub name: String,
    pub population: i64,
    pub population_source: String,
    pub households: Option<i64>,
    pub area_sq_miles: Option<i64>,
    pub area_source: Option<String>,
    pub local_authorities: Vec<LocalAuthority>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalAuthority {
    /// ONS GSS code (E06..., E07..., E08..., E09... or W06...).
    pub gss_code: String,
    pub name: String,
    pub population: i64,
    pub population_source: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GssError {
    #[error("{field}: {value:?} is not an ONS GSS code of the kind expected ({expected})")]
    Kind {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// A GSS code is a letter, two digits of entity type and six digits.
pub fn check_gss(
    field: &'static str,
    value: &str,
    prefixes: &[&'static str],
    expected: &'static str,
) -> Result<(), GssError> {
    let well_formed = value.len() == 9
        && value.as_bytes()[0].is_ascii_uppercase()
        && value[1..].bytes().all(|b| b.is_ascii_digit());
    if well_formed && prefixes.iter().any(|p| value.starts_with(p)) {
        Ok(())
    } else {
        Err(GssError::Kind {
            field,
            value: value.to_string(),
            expected,
        })
    }
}

impl ForceArea {
    /// Checks the codes, and that the local authorities add up to the area's population
    /// within 2% (the sources are different mid-year estimates, so exact sums are not expected).
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        if let Err(e) = check_gss(
            "gss_code",
            &self.gss_code,
            &["E23", "W15"],
            "police force area",
        ) {
            errors.push(e.to_string());
        }
        for la in &self.local_authorities {
            if let Err(e) = check_gss(
                "local_authorities.gss_code",
                &la.gss_code,
                &["E06", "E07", "E08", "E09", "W06"],
                "local authority",
            ) {
                errors.push(e.to_string());
            }
        }
        // A population of 0 is unknown (ONS publishes some districts only within a combined
        // partnership); the sum is then not checked.
        let all_known = self.local_authorities.iter().all(|l| l.population > 0);
        if self.local_authorities.is_empty() {
            errors.push("local_authorities: a force area needs at least one".into());
        } else if all_known {
            let sum: i64 = self.local_authorities.iter().map(|l| l.population).sum();
            if (sum - self.population).abs() * 50 > self.population {
                errors.push(format!(
                    "local_authorities: populations add up to {sum}, more than 2% away from the area's {}",
                    self.population
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gss_codes_are_checked_by_kind() {
        assert!(check_gss("f", "E23000006", &["E23"], "pfa").is_ok());
        assert!(check_gss("f", "E06000049", &["E23"], "pfa").is_err());
        assert!(check_gss("f", "E2300006", &["E23"], "pfa").is_err());
        assert!(check_gss("f", "e23000006", &["E23"], "pfa").is_err());
    }
}
