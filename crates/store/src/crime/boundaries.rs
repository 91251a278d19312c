//! Map boundaries shipped in the binary: per police force area, its LSOAs (2011 and 2021) and
//! local authority outlines as compact SVG paths, already projected, with each LSOA's 2011
//! census population (crates/store/geo/boundaries_*.json, derived by
//! scripts/derive-boundaries.py; provenance in crates/store/geo/README.md). Only the forces
//! whose boundaries are in ../shared/data are shipped: today Cheshire. Other forces import
//! their own (`boundaries_file`).

use super::geo::{VINTAGE_2011, VINTAGE_2021};
use serde::Deserialize;
use std::sync::LazyLock;

const SHIPPED: [(&str, &str); 1] = [(
    "E23000006",
    include_str!("../../geo/boundaries_E23000006.json"),
)];

/// Equirectangular: x = (lon - lon0) * kx, y = (lat0 - lat) * ky.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
pub struct Projection {
    pub lon0: f64,
    pub lat0: f64,
    pub kx: f64,
    pub ky: f64,
}

impl Projection {
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.lon0) * self.kx, (self.lat0 - lat) * self.ky)
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct LadOutline {
    pub code: String,
    pub name: String,
    /// SVG path data in the map's units.
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct LsoaShape {
    pub code: String,
    pub name: String,
    pub lad: String,
    /// `2011`, `2021` or `both`.
    pub vintage: String,
    /// Census 2011 usual residents; none for a 2021 LSOA that is not also a 2011 one.
    pub population: Option<i64>,
    pub path: String,
}

impl LsoaShape {
    /// Whether the shape belongs to the vintage (VINTAGE_2011 or VINTAGE_2021).
    pub fn in_vintage(&self, vintage: u8) -> bool {
        match self.vintage.as_str() {
            "2011" => vintage == VINTAGE_2011,
            "2021" => vintage == VINTAGE_2021,
            _ => true,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Boundaries {
    pub pfa: String,
    pub projection: Projection,
    pub width: f64,
    pub height: f64,
    pub lads: Vec<LadOutline>,
    pub lsoas: Vec<LsoaShape>,
}

/// The tolerance of simplification, in map units. The map is 1,000 units wide and drawn at
/// most 960 pixels wide (the page's widest column), so no point moves by a pixel.
pub const TOLERANCE: f64 = 1.0;

impl Boundaries {
    /// Simplifies every shape together to [`TOLERANCE`]: LSOAs of both vintages and the local
    /// authorities share their edges, so each shared stretch is simplified once.
    pub fn simplify(&mut self, tolerance: f64) {
        use super::simplify::{Simplifier, path, rings};
        let lsoas: Vec<_> = self.lsoas.iter().map(|l| rings(&l.path)).collect();
        let lads: Vec<_> = self.lads.iter().map(|l| rings(&l.path)).collect();
        let mut s = Simplifier::new(lsoas.iter().chain(&lads).flatten(), tolerance);
        for (shape, rs) in self.lsoas.iter_mut().zip(&lsoas) {
            shape.path = path(&rs.iter().map(|r| s.ring(r)).collect::<Vec<_>>());
        }
        for (shape, rs) in self.lads.iter_mut().zip(&lads) {
            shape.path = path(&rs.iter().map(|r| s.ring(r)).collect::<Vec<_>>());
        }
    }

    /// The LSOAs of one vintage, by code.
    pub fn lsoas_of(&self, vintage: u8) -> impl Iterator<Item = &LsoaShape> {
        self.lsoas.iter().filter(move |l| l.in_vintage(vintage))
    }
}

static ALL: LazyLock<Vec<std::sync::Arc<Boundaries>>> = LazyLock::new(|| {
    SHIPPED
        .iter()
        .map(|(code, text)| {
            let mut b: Boundaries =
                serde_json::from_str(text).expect("the shipped boundaries are valid JSON");
            assert_eq!(b.pfa, *code);
            b.simplify(TOLERANCE);
            std::sync::Arc::new(b)
        })
        .collect()
});

/// The boundaries of a police force area (GSS code), if shipped.
pub fn for_pfa(code: &str) -> Option<&'static Boundaries> {
    ALL.iter().find(|b| b.pfa == code).map(|b| b.as_ref())
}

/// The same, shared, for callers that may hold an imported map instead.
pub fn shipped(code: &str) -> Option<std::sync::Arc<Boundaries>> {
    ALL.iter().find(|b| b.pfa == code).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheshire_ships_both_vintages_inside_its_frame() {
        let b = for_pfa("E23000006").unwrap();
        assert_eq!(b.lsoas_of(VINTAGE_2011).count(), 652);
        assert_eq!(b.lsoas_of(VINTAGE_2021).count(), 678);
        assert_eq!(b.lads.len(), 4);
        // Chester town hall lies inside the frame.
        let (x, y) = b.projection.project(-2.8916, 53.1910);
        assert!((0.0..b.width).contains(&x) && (0.0..b.height).contains(&y));
        assert!(for_pfa("E23000001").is_none());
    }

    /// The visual error of simplification, measured: no original point is farther than the
    /// tolerance from the simplified outline, and the paths are much smaller.
    #[test]
    fn simplified_shapes_stay_within_the_tolerance() {
        use crate::crime::simplify::{deviation, rings};
        let raw: Boundaries = serde_json::from_str(SHIPPED[0].1).unwrap();
        let drawn = for_pfa("E23000006").unwrap();
        let mut worst = 0.0_f64;
        for (a, b) in raw
            .lsoas
            .iter()
            .zip(&drawn.lsoas)
            .map(|(a, b)| (&a.path, &b.path))
            .chain(
                raw.lads
                    .iter()
                    .zip(&drawn.lads)
                    .map(|(a, b)| (&a.path, &b.path)),
            )
        {
            let (ra, rb) = (rings(a), rings(b));
            assert_eq!(ra.len(), rb.len(), "no ring is lost");
            for (x, y) in ra.iter().zip(&rb) {
                worst = worst.max(deviation(x, y));
            }
        }
        assert!(worst <= TOLERANCE + 1e-9, "worst deviation {worst}");
        let size = |b: &Boundaries| b.lsoas.iter().map(|l| l.path.len()).sum::<usize>();
        assert!(
            size(drawn) * 10 < size(&raw) * 7,
            "{} bytes of paths, from {}",
            size(drawn),
            size(&raw)
        );
    }
}
