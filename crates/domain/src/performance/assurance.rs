//! MDC's assurance icon: can the process, as it runs now, be relied on to meet the target?
//! Read from the latest phase's process limits, which bound the common-cause values:
//! - both limits on the passing side of the target: it will consistently pass;
//! - both on the failing side: it will consistently fail, until the process changes;
//! - the target between them: hit and miss, met in some periods and not others.
//!
//! Passing is inclusive, so a value equal to the target passes: with higher better, values
//! ≥ target pass, and a lower limit equal to the target still passes consistently. (NHSRplotthedots
//! calls that case hit and miss; abspc agrees with us.) With no better direction there is
//! nothing to pass, so no assurance.

use super::labelled_enum;
use super::spc::Limits;
use crate::plans::Better;

labelled_enum!(
    Assurance {
        ConsistentlyPasses = "Consistently passes the target",
        HitAndMiss = "Hit and miss: the target will be met in some periods and not others",
        ConsistentlyFails = "Consistently fails the target",
    }
);

impl Assurance {
    /// The reading against a target, as a sentence: "Hit and miss against a target of 90%".
    pub fn against(self, target: &str) -> String {
        match self {
            Assurance::ConsistentlyPasses => format!("Consistently passes a target of {target}"),
            Assurance::HitAndMiss => format!(
                "Hit and miss against a target of {target}: met in some periods and not others"
            ),
            Assurance::ConsistentlyFails => format!("Consistently fails a target of {target}"),
        }
    }
}

pub fn assess(target: f64, better: Better, limits: &Limits) -> Option<Assurance> {
    let passes = |v: f64| match better {
        Better::Higher => Some(v >= target),
        Better::Lower => Some(v <= target),
        Better::Neither => None,
    };
    Some(match (passes(limits.lower)?, passes(limits.upper)?) {
        (true, true) => Assurance::ConsistentlyPasses,
        (false, false) => Assurance::ConsistentlyFails,
        _ => Assurance::HitAndMiss,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::performance::spc::limits;

    // Mean 100, mR-bar 10: limits 73.4 and 126.6.
    fn lim() -> Limits {
        limits(&[95.0, 105.0, 95.0, 105.0, 100.0, 100.0], false)
            .map(|mut l| {
                l.mean = 100.0;
                l.lower = 73.4;
                l.upper = 126.6;
                l
            })
            .unwrap()
    }

    #[test]
    fn the_target_against_the_limits() {
        use Assurance::*;
        let l = lim();
        assert_eq!(assess(70.0, Better::Higher, &l), Some(ConsistentlyPasses));
        assert_eq!(assess(73.4, Better::Higher, &l), Some(ConsistentlyPasses));
        assert_eq!(assess(100.0, Better::Higher, &l), Some(HitAndMiss));
        assert_eq!(assess(130.0, Better::Higher, &l), Some(ConsistentlyFails));
        assert_eq!(assess(130.0, Better::Lower, &l), Some(ConsistentlyPasses));
        assert_eq!(assess(126.6, Better::Lower, &l), Some(ConsistentlyPasses));
        assert_eq!(assess(100.0, Better::Lower, &l), Some(HitAndMiss));
        assert_eq!(assess(70.0, Better::Lower, &l), Some(ConsistentlyFails));
        assert_eq!(assess(100.0, Better::Neither, &l), None);
    }

    #[test]
    fn labels_say_what_will_happen() {
        assert!(Assurance::HitAndMiss.label().starts_with("Hit and miss"));
        assert!(
            Assurance::HitAndMiss
                .against("90%")
                .starts_with("Hit and miss against a target of 90%")
        );
        assert_eq!(
            Assurance::ConsistentlyFails.against("12"),
            "Consistently fails a target of 12"
        );
        assert_eq!(
            serde_json::to_string(&Assurance::ConsistentlyFails).unwrap(),
            "\"consistently_fails\""
        );
    }
}
