//! Bar charts and gap-aware line charts for counts and rates (the crime pages). Same habits
//! as the SPC chart: a title and description, words beside colours, a table on the page.

use super::{BOTTOM, H, LEFT, RIGHT, TOP, W, esc, number};
use std::fmt::Write;

/// One bar of a bar chart: a value (none: drawn as a gap with `missing` written beside it) and
/// whether it is the bar to pick out (bold label and a darker bar, not colour alone).
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub strong: bool,
}

/// A horizontal bar chart: a row per bar, its label on the left and its value at the end.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar], missing: &str) -> String {
    const LABEL: f64 = 290.0;
    const ROW: f64 = 24.0;
    const VALUE: f64 = 90.0;
    let height = TOP + ROW * bars.len().max(1) as f64 + 10.0;
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let span = W - LABEL - VALUE;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg" font-family="Arial, 'Liberation Sans', Helvetica, sans-serif"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let weight = if b.strong {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="end" fill="#0b0c0c"{weight}>{}</text>"##,
            LABEL - 8.0,
            y + 16.0,
            esc(&b.label)
        );
        match b.value {
            Some(v) => {
                let w = (v / max * span).max(0.0);
                let fill = if b.strong { "#003078" } else { "#1d70b8" };
                let _ = write!(
                    s,
                    r##"<rect x="{LABEL}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{fill}"/><text x="{:.1}" y="{:.1}" font-size="13" fill="#0b0c0c"{weight}>{}</text>"##,
                    y + 4.0,
                    ROW - 8.0,
                    LABEL + w + 6.0,
                    y + 16.0,
                    esc(&number(v))
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" font-size="13" font-style="italic" fill="#505a5f">{}</text>"##,
                    LABEL + 6.0,
                    y + 16.0,
                    esc(missing)
                );
            }
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{LABEL}" x2="{LABEL}" y1="{TOP}" y2="{:.1}" stroke="#0b0c0c" stroke-width="1"/></svg>"##,
        height - 10.0
    );
    s
}

/// The smallest 1, 2, 2.5 or 5 x 10^k at or above v, so that axis ticks read as round numbers.
fn nice_ceiling(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * p)
}

/// A line over months where a month without data (None) breaks the line and is drawn as a
/// hatched band labelled "Not loaded": a gap, never a zero.
pub fn gap_line_chart(
    id: &str,
    title: &str,
    desc: &str,
    points: &[(String, Option<f64>)],
) -> String {
    let n = points.len().max(1);
    let max = points
        .iter()
        .filter_map(|p| p.1)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let max = nice_ceiling(max * 1.05);
    let step = (W - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / max);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg" font-family="Arial, 'Liberation Sans', Helvetica, sans-serif"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#b1b4b6" stroke-width="2"/></pattern></defs>"##,
        esc(title),
        esc(desc)
    );
    for t in 0..=4 {
        let v = max * t as f64 / 4.0;
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d3d4" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            esc(&number(v))
        );
    }
    for (i, (label, v)) in points.iter().enumerate() {
        let xx = x(i);
        let _ = write!(
            s,
            r##"<text x="{xx:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c" transform="rotate(-40 {xx:.1} {:.1})">{}</text>"##,
            H - BOTTOM + 18.0,
            H - BOTTOM + 18.0,
            esc(label)
        );
        if v.is_none() {
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{TOP}" width="{:.1}" height="{:.1}" fill="url(#{id}-hatch)"/><text x="{xx:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c" transform="rotate(-90 {xx:.1} {:.1})">Not loaded</text>"##,
                xx - step / 2.0 + 1.0,
                step - 2.0,
                H - TOP - BOTTOM,
                (H - BOTTOM + TOP) / 2.0 + 4.0,
                (H - BOTTOM + TOP) / 2.0,
            );
        }
    }
    // One polyline per run of months with data, so a gap breaks the line.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                s,
                r##"<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2"/>"##,
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => run.push(format!("{:.1},{:.1}", x(i), y(*v))),
            None => flush(&mut run, &mut s),
        }
    }
    flush(&mut run, &mut s);
    for (i, (_, v)) in points.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#1d70b8"/>"##,
                x(i),
                y(*v)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(super::nice_ceiling(8230.0), 10000.0);
        assert_eq!(super::nice_ceiling(1800.0), 2000.0);
    }
}
