//! A horizontal bar chart whose values are written as the page writes them ("£106.2m",
//! "50%"), for budgets: the bar chart of counts writes plain numbers.

use super::{TOP, W, esc};
use std::fmt::Write;

/// One bar: its label, its size, and its value as written.
pub struct LabelledBar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

pub fn labelled_bar_chart(id: &str, title: &str, desc: &str, bars: &[LabelledBar]) -> String {
    const LABEL: f64 = 250.0;
    const ROW: f64 = 26.0;
    const VALUE: f64 = 110.0;
    let height = TOP + ROW * bars.len().max(1) as f64 + 10.0;
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let span = W - LABEL - VALUE;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let w = (b.value.max(0.0) / max * span).max(0.0);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" text-anchor="end" fill="#0b0c0c">{}</text><rect x="{LABEL}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="#1d70b8"/><text x="{:.1}" y="{:.1}" font-size="14" fill="#0b0c0c">{}</text>"##,
            LABEL - 8.0,
            y + 17.0,
            esc(&b.label),
            y + 4.0,
            ROW - 8.0,
            LABEL + w + 6.0,
            y + 17.0,
            esc(&b.text)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LABEL}" x2="{LABEL}" y1="{TOP}" y2="{:.1}" stroke="#0b0c0c" stroke-width="1"/></svg>"##,
        height - 10.0
    );
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars_are_in_proportion_and_carry_their_written_values() {
        let bars = [
            super::LabelledBar {
                label: "Police pay".into(),
                value: 50.0,
                text: "50%".into(),
            },
            super::LabelledBar {
                label: "Staff pay".into(),
                value: 25.0,
                text: "25%".into(),
            },
        ];
        let svg = super::labelled_bar_chart("x", "T", "D", &bars);
        assert!(svg.contains(r#"width="360.0""#), "{svg}");
        assert!(svg.contains(r#"width="180.0""#));
        assert!(svg.contains(">50%<") && svg.contains("<title id=\"x-title\">T</title>"));
    }
}
