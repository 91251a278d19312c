//! LSOA (2011 and 2021) -> local authority -> police force area, with populations, shipped in
//! the binary (crates/store/geo, derived by scripts/derive-geo.py; provenance in its README).
//!
//! Held in memory, parsed once on first use (~37k LSOAs, a few milliseconds), rather than
//! loaded into tables: the lookups are reference data that belong to the binary's version, not
//! to the database, so there is nothing to migrate or keep in step, no write on start-up, and
//! the importer places each row in Rust while it parses. What a row's place was when imported
//! is stored with it (lad_code, area), so reports never depend on the lookup changing later;
//! re-importing a file places it again with the lookup of the binary that imports it.

use opcc_domain::crime::Area;
use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

const LSOA_LAD_GZ: &[u8] = include_bytes!("../../geo/lsoa_lad.csv.gz");
const LAD_CSV: &str = include_str!("../../geo/lad.csv");
const LAD_ALIAS_CSV: &str = include_str!("../../geo/lad_alias.csv");
const PFA_CSV: &str = include_str!("../../geo/pfa.csv");

/// A local authority district (current boundaries), keyed by its GSS code.
#[derive(Debug, Clone)]
pub struct Lad {
    pub code: String,
    pub name: String,
    /// The police force area's GSS code (E23.../W15...).
    pub pfa: Option<String>,
    /// ONS mid-2022 estimate; unknown for districts ONS publishes only within a combined CSP.
    pub population: Option<i64>,
}

/// A police force area.
#[derive(Debug, Clone)]
pub struct Pfa {
    pub code: String,
    /// The data.police.uk force slug.
    pub slug: String,
    pub name: String,
    /// ONS mid-2023 estimate.
    pub population: i64,
}

#[derive(Debug)]
pub struct Geo {
    lsoa: HashMap<Box<str>, (u8, u16)>,
    lads: Vec<Lad>,
    lad_by_code: HashMap<String, u16>,
    lad_by_name: HashMap<String, u16>,
    pfas: Vec<Pfa>,
}

/// Which lookup an LSOA code is in (2011, 2021 or both).
pub const VINTAGE_2011: u8 = 1;
pub const VINTAGE_2021: u8 = 2;

fn records(text: &str) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.expect("the shipped lookup is valid CSV"))
}

fn load() -> Geo {
    let mut lads = Vec::new();
    let mut lad_by_code = HashMap::new();
    for r in records(LAD_CSV) {
        lad_by_code.insert(r[0].to_string(), lads.len() as u16);
        lads.push(Lad {
            code: r[0].to_string(),
            name: r[1].to_string(),
            pfa: (!r[2].is_empty()).then(|| r[2].to_string()),
            population: r[3].parse().ok(),
        });
    }
    let lad_by_name = records(LAD_ALIAS_CSV)
        .filter_map(|r| Some((r[0].to_string(), *lad_by_code.get(&r[1])?)))
        .collect();
    let pfas = records(PFA_CSV)
        .map(|r| Pfa {
            code: r[0].to_string(),
            slug: r[1].to_string(),
            name: r[2].to_string(),
            population: r[3].parse().expect("a PFA population"),
        })
        .collect();
    let mut text = String::new();
    flate2::read::GzDecoder::new(LSOA_LAD_GZ)
        .read_to_string(&mut text)
        .expect("the shipped LSOA lookup decompresses");
    let mut lsoa = HashMap::with_capacity(40_000);
    for r in records(&text) {
        let vintage = match &r[1] {
            "2011" => VINTAGE_2011,
            "2021" => VINTAGE_2021,
            _ => VINTAGE_2011 | VINTAGE_2021,
        };
        let lad = *lad_by_code
            .get(&r[2])
            .expect("every LSOA's LAD is in lad.csv");
        lsoa.insert(r[0].into(), (vintage, lad));
    }
    Geo {
        lsoa,
        lads,
        lad_by_code,
        lad_by_name,
        pfas,
    }
}

static GEO: LazyLock<Geo> = LazyLock::new(load);

/// The lookups, parsed on first use.
pub fn geo() -> &'static Geo {
    &GEO
}

impl Geo {
    /// The LAD of an LSOA, looked up in both vintages; failing that, by the LAD name that
    /// starts every LSOA name (`Blaenau Gwent 001A`), which places Welsh 2011 codes.
    pub fn lad_of_lsoa(&self, code: &str, name: Option<&str>) -> Option<&Lad> {
        if let Some((_, i)) = self.lsoa.get(code) {
            return Some(&self.lads[*i as usize]);
        }
        let name = name?;
        let (prefix, suffix) = name.rsplit_once(' ')?;
        let looks_like_lsoa = suffix.len() == 4 && suffix[..3].bytes().all(|b| b.is_ascii_digit());
        looks_like_lsoa
            .then(|| self.lad_by_name.get(prefix))
            .flatten()
            .map(|i| &self.lads[*i as usize])
    }

    /// 2011, 2021 or both (bit flags), or None for a code in neither lookup.
    pub fn vintage(&self, code: &str) -> Option<u8> {
        self.lsoa.get(code).map(|(v, _)| *v)
    }

    pub fn lad(&self, code: &str) -> Option<&Lad> {
        self.lad_by_code.get(code).map(|i| &self.lads[*i as usize])
    }

    pub fn pfa_by_slug(&self, slug: &str) -> Option<&Pfa> {
        self.pfas.iter().find(|p| p.slug == slug)
    }

    pub fn pfas(&self) -> &[Pfa] {
        &self.pfas
    }

    /// The local authorities in a force area.
    pub fn lads_in(&self, pfa_code: &str) -> impl Iterator<Item = &Lad> {
        self.lads
            .iter()
            .filter(move |l| l.pfa.as_deref() == Some(pfa_code))
    }

    /// The local authorities in a force area that LSOAs lie in today (the lookup keeps some
    /// abolished districts, which no LSOA points to any more), by name.
    pub fn current_lads_in(&self, pfa_code: &str) -> impl Iterator<Item = &Lad> {
        let used: std::collections::HashSet<u16> = self.lsoa.values().map(|(_, i)| *i).collect();
        let mut out: Vec<&Lad> = self
            .lads
            .iter()
            .enumerate()
            .filter(|(i, l)| l.pfa.as_deref() == Some(pfa_code) && used.contains(&(*i as u16)))
            .map(|(_, l)| l)
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out.into_iter()
    }

    /// Where a row lies for the force that published it: its LAD and whether that is in the
    /// force's area. A force with no area (e.g. `btp`) places every located row as unknown.
    pub fn place<'a>(
        &'a self,
        force_pfa: Option<&str>,
        lsoa_code: Option<&str>,
        lsoa_name: Option<&str>,
    ) -> (Option<&'a str>, Area) {
        let Some(code) = lsoa_code else {
            return (None, Area::NoLocation);
        };
        match self.lad_of_lsoa(code, lsoa_name) {
            None => (None, Area::Unknown),
            Some(lad) => {
                let area = match (force_pfa, lad.pfa.as_deref()) {
                    (Some(f), Some(l)) if f == l => Area::In,
                    (Some(_), Some(_)) => Area::Outside,
                    _ => Area::Unknown,
                };
                (Some(lad.code.as_str()), area)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheshire_is_placed_from_both_vintages() {
        let g = geo();
        let ch = g.pfa_by_slug("cheshire").unwrap();
        assert_eq!((ch.code.as_str(), ch.population), ("E23000006", 1_119_500));
        let mut las: Vec<_> = g.lads_in("E23000006").map(|l| l.code.as_str()).collect();
        las.sort();
        assert_eq!(las, ["E06000006", "E06000007", "E06000049", "E06000050"]);
        assert_eq!(g.vintage("E01018585"), Some(VINTAGE_2011 | VINTAGE_2021));
        // A 2021-only code and a 2011-only code.
        let only21 = g
            .lsoa
            .iter()
            .find(|(k, (v, _))| *v == VINTAGE_2021 && k.starts_with("E01"))
            .unwrap();
        let only11 = g
            .lsoa
            .iter()
            .find(|(_, (v, _))| *v == VINTAGE_2011)
            .unwrap();
        assert!(g.lad_of_lsoa(only21.0, None).is_some() && g.lad_of_lsoa(only11.0, None).is_some());
        assert_eq!(
            g.place(Some("E23000006"), None, None),
            (None, Area::NoLocation)
        );
        assert_eq!(
            g.place(Some("E23000006"), Some("E01018585"), None).1,
            Area::In
        );
        assert_eq!(
            g.place(Some("E23000006"), Some("E01000001"), None).1,
            Area::Outside
        );
        assert_eq!(
            g.place(Some("E23000006"), Some("X99999999"), None),
            (None, Area::Unknown)
        );
        assert_eq!(
            g.lad_of_lsoa("W01999999", Some("Blaenau Gwent 001A"))
                .unwrap()
                .code,
            "W06000019"
        );
        assert_eq!(g.pfas().len(), 43);
    }
}
