//! Hand-written SVG charts. Each carries a title and description for screen readers, uses
//! shapes as well as colour for what a point means, and comes with the rows of a table of its
//! data, which pages show beside it.

use opcc_domain::measures::MeasureValue;
use opcc_domain::performance::change::{Change, change};
use opcc_domain::performance::{PointKind, RuleSettings, SpcInput, SpcResult, Variation, analyse};
use opcc_domain::plans::Unit;
use opcc_domain::plans::file::Measure;
use opcc_store::performance::MeasureSettings;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

mod axis;
mod bars;

pub use axis::with_unit;

pub use bars::{Bar, bar_chart, gap_line_chart};

pub struct ChartRow {
    pub period: String,
    pub value: String,
    pub mean: String,
    pub lower: String,
    pub upper: String,
    pub reading: &'static str,
}

pub struct Chart {
    /// What it charts: names the chart's scrolling box, which must differ from its neighbours'.
    pub title: String,
    pub svg: String,
    pub caption: String,
    pub rows: Vec<ChartRow>,
}

/// The SPC reading in words, as the pack and the measure page show it.
pub struct Reading {
    pub variation: &'static str,
    pub variation_class: &'static str,
    pub assurance: String,
    pub year_on_year: String,
    pub against_baseline: String,
    pub comparator: Option<String>,
    /// Said when the latest limits come from fewer values than Making Data Count advises.
    pub limits_note: Option<String>,
}

pub struct Analysis {
    pub chart: Chart,
    pub reading: Reading,
    pub result: SpcResult,
}

/// Numbers as people read them: thousands separated, at most two decimal places.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let frac = ((rounded.abs() - whole as f64) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        0 => format!("{sign}{grouped}"),
        f if f % 10 == 0 => format!("{sign}{grouped}.{}", f / 10),
        f => format!("{sign}{grouped}.{f:02}"),
    }
}

fn describe_change(c: Option<Change>, against: &str, unit: Unit) -> String {
    match c {
        None => format!("No value for {against} to compare with"),
        Some(c) if c.absolute == 0.0 => format!("No change on {against}"),
        Some(c) => {
            let dir = if c.absolute > 0.0 { "Up" } else { "Down" };
            let amount = axis::change_amount(c.absolute, unit);
            match c.percent {
                // A percentage's change is already in points: a relative change of it would
                // read as a second, different percentage.
                Some(p) if unit != Unit::Percentage => {
                    format!("{dir} {}% on {against} ({amount})", number(p.abs()))
                }
                _ => format!(
                    "{dir} {} on {against}",
                    amount.trim_start_matches(['+', '-'])
                ),
            }
        }
    }
}

fn variation_style(v: Option<Variation>) -> (&'static str, &'static str) {
    use Variation::*;
    match v {
        None => ("Too few values for process limits", "govuk-tag--grey"),
        Some(CommonCause) => (CommonCause.label(), "govuk-tag--grey"),
        Some(v @ (ImprovementHigh | ImprovementLow)) => (v.label(), "govuk-tag--blue"),
        Some(v @ (ConcernHigh | ConcernLow)) => (v.label(), "govuk-tag--orange"),
        Some(v @ (NeitherHigh | NeitherLow)) => (v.label(), "govuk-tag--purple"),
    }
}

/// Runs SPC over a measure's series and draws it; none for an empty series.
pub fn analyse_measure(
    m: &Measure,
    values: &[MeasureValue],
    settings: &MeasureSettings,
) -> Option<Analysis> {
    if values.is_empty() {
        return None;
    }
    let xs: Vec<f64> = values.iter().map(MeasureValue::as_f64).collect();
    let mut rebase: Vec<usize> = settings
        .rebase_at
        .iter()
        .filter_map(|p| values.iter().position(|v| v.period >= *p))
        .filter(|i| *i > 0)
        .collect();
    rebase.dedup();
    let target = settings.target.and_then(|t| t.to_f64());
    let result = analyse(&SpcInput {
        values: &xs,
        better: m.better,
        rebase_at: &rebase,
        baseline_points: None,
        target,
        rules: RuleSettings::default(),
    })
    .ok()?;
    let latest = values.last().expect("not empty");
    let find = |p| {
        values
            .iter()
            .find(|v| v.period == p)
            .map(MeasureValue::as_f64)
    };
    let year_before = latest.period.year_before();
    let (variation, variation_class) = variation_style(result.latest);
    let assurance = match (target, result.assurance) {
        (None, _) => "No target set".to_string(),
        (Some(_), None) => {
            "Not assessed: the measure has no better direction, or too few values".to_string()
        }
        (Some(t), Some(a)) => a.against(&with_unit(t, m.unit)),
    };
    let against_baseline = match settings.baseline {
        None => "No baseline set".to_string(),
        Some(b) => describe_change(
            change(Some(latest.as_f64()), find(b)),
            &b.to_string(),
            m.unit,
        ),
    };
    let comparator = settings.comparator_value.map(|c| {
        format!(
            "{}: {} against {} here in {}",
            settings
                .comparator_label
                .clone()
                .unwrap_or_else(|| "Comparator".into()),
            with_unit(c.to_f64().unwrap_or(f64::NAN), m.unit),
            with_unit(latest.as_f64(), m.unit),
            latest.period
        )
    });
    let reading = Reading {
        variation,
        variation_class,
        assurance,
        year_on_year: describe_change(
            change(Some(latest.as_f64()), find(year_before)),
            &year_before.to_string(),
            m.unit,
        ),
        against_baseline,
        comparator,
        limits_note: provisional_note(&result),
    };
    let chart = spc_chart(m, values, &result, target);
    Some(Analysis {
        chart,
        reading,
        result,
    })
}

/// How many values the latest limits come from, when fewer than Making Data Count advises.
fn provisional_note(r: &SpcResult) -> Option<String> {
    let phase = r.phases.last()?;
    let limits = phase.limits.as_ref()?;
    limits.limits_provisional.then(|| {
        format!(
            "Provisional: the limits come from {} values; Making Data Count advises at least {} \
             before they are relied on",
            phase.end - phase.start,
            opcc_domain::performance::MIN_POINTS_FOR_LIMITS
        )
    })
}

const W: f64 = 720.0;
const H: f64 = 320.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 80.0;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn marker(kind: PointKind, x: f64, y: f64) -> String {
    match kind {
        PointKind::CommonCause => {
            format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#505a5f"/>"##)
        }
        PointKind::Improvement => format!(
            r##"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="#1d70b8"/>"##,
            x - 5.0,
            y - 5.0
        ),
        PointKind::Concern => format!(
            r##"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#f47738" stroke="#0b0c0c" stroke-width="1"/>"##,
            x,
            y - 7.0,
            x - 6.0,
            y + 5.0,
            x + 6.0,
            y + 5.0
        ),
        PointKind::Neither => format!(
            r##"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#4c2c92"/>"##,
            x,
            y - 6.0,
            x + 6.0,
            y,
            x,
            y + 6.0,
            x - 6.0,
            y
        ),
    }
}

/// An XmR chart: values joined by a line, each phase's mean (solid) and process limits
/// (dashed), the target (dotted), and each point marked by what it shows.
pub fn spc_chart(
    m: &Measure,
    values: &[MeasureValue],
    r: &SpcResult,
    target: Option<f64>,
) -> Chart {
    let n = values.len();
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for p in &r.points {
        for v in [Some(p.value), p.upper, p.lower].into_iter().flatten() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if let Some(t) = target {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    let ticks = axis::nice_ticks(lo, hi, 4);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let x = |i: usize| {
        LEFT + (W - LEFT - RIGHT)
            * if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.5
            }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let first = values[0].period.to_string();
    let last = values[n - 1].period.to_string();
    let provisional = provisional_note(r);
    let caption = format!(
        "{}: {} values from {first} to {last}. Solid line: mean; dashed lines: process limits{}.{}",
        m.title,
        n,
        if target.is_some() {
            "; dotted line: target"
        } else {
            ""
        },
        provisional
            .as_ref()
            .map(|p| format!(
                " The limits are provisional: {}.",
                p.trim_start_matches("Provisional: ")
            ))
            .unwrap_or_default()
    );
    let id = format!("chart-{}", m.key);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg" font-family="Arial, 'Liberation Sans', Helvetica, sans-serif"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(&m.title),
        esc(&caption)
    );
    // Axis and gridlines at round numbers.
    for &v in &ticks {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d3d4" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            esc(&with_unit(v, m.unit))
        );
    }
    if provisional.is_some() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">Provisional limits: fewer than {} values</text>"##,
            W - RIGHT,
            TOP - 6.0,
            opcc_domain::performance::MIN_POINTS_FOR_LIMITS
        );
    }
    let step = n.div_ceil(8).max(1);
    for (i, v) in values.iter().enumerate() {
        if i % step == 0 || i == n - 1 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c" transform="rotate(-40 {:.1} {:.1})">{}</text>"##,
                x(i),
                H - BOTTOM + 18.0,
                x(i),
                H - BOTTOM + 18.0,
                esc(&v.period.to_string())
            );
        }
    }
    for phase in &r.phases {
        if let Some(l) = &phase.limits {
            let (x0, x1) = (x(phase.start), x(phase.end - 1));
            for (v, dash) in [
                (l.mean, ""),
                (l.upper, r#" stroke-dasharray="6 4""#),
                (l.lower, r#" stroke-dasharray="6 4""#),
            ] {
                let _ = write!(
                    s,
                    r##"<line x1="{x0:.1}" x2="{x1:.1}" y1="{:.1}" y2="{:.1}" stroke="#0b0c0c" stroke-width="1.5"{dash}/>"##,
                    y(v),
                    y(v)
                );
            }
        }
    }
    if let Some(t) = target {
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#00703c" stroke-width="2" stroke-dasharray="2 3"/>"##,
            W - RIGHT,
            y(t),
            y(t)
        );
    }
    let path: Vec<String> = r
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#505a5f" stroke-width="1.5"/>"##,
        path.join(" ")
    );
    for (i, p) in r.points.iter().enumerate() {
        s.push_str(&marker(p.kind, x(i), y(p.value)));
    }
    // Legend: the same shapes, with words.
    let legend = [
        (PointKind::CommonCause, "Common cause"),
        (PointKind::Improvement, "Improvement"),
        (PointKind::Concern, "Concern"),
        (PointKind::Neither, "Special cause, neither"),
    ];
    for (k, (kind, text)) in legend.iter().enumerate() {
        let lx = LEFT + k as f64 * 160.0;
        let ly = H - 12.0;
        s.push_str(&marker(*kind, lx, ly - 4.0));
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" font-size="12" fill="#0b0c0c">{text}</text>"##,
            lx + 10.0
        );
    }
    s.push_str("</svg>");
    let rows = values
        .iter()
        .zip(&r.points)
        .map(|(v, p)| ChartRow {
            period: v.period.to_string(),
            value: number(p.value),
            mean: p.mean.map(number).unwrap_or_else(|| "–".into()),
            lower: p.lower.map(number).unwrap_or_else(|| "–".into()),
            upper: p.upper.map(number).unwrap_or_else(|| "–".into()),
            reading: p.kind.label(),
        })
        .collect();
    Chart {
        title: m.title.clone(),
        svg: s,
        caption,
        rows,
    }
}

/// A survey proportion's 95% Wilson interval in words, for a percentage measure with whole
/// numbers of respondents; none otherwise.
pub fn confidence(unit: &opcc_domain::plans::Unit, v: &MeasureValue) -> Option<String> {
    use opcc_domain::performance::wilson::{Z95, wilson};
    use rust_decimal::prelude::ToPrimitive;
    if *unit != opcc_domain::plans::Unit::Percentage {
        return None;
    }
    let whole = |d: Option<rust_decimal::Decimal>| {
        d.filter(|d| d.fract().is_zero()).and_then(|d| d.to_u64())
    };
    let i = wilson(whole(v.numerator)?, whole(v.denominator)?, Z95)?;
    Some(format!(
        "95% confidence interval {}% to {}%",
        number(i.lower * 100.0),
        number(i.upper * 100.0)
    ))
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number(7412.0), "7,412");
        assert_eq!(number(20.3), "20.3");
        assert_eq!(number(-1234.567), "-1,234.57");
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(f64::NAN), "–");
    }
}
