//! The demo data loaded into an empty database: the Cheshire force area from the seeds.

use crate::audit::Actor;
use crate::{Db, Result, StoreError};
use opcc_domain::force_area::ForceArea;

const FORCE_AREA: &str = include_str!("../demo/force_area.toml");

pub fn demo_force_area() -> Result<ForceArea> {
    toml::from_str(FORCE_AREA)
        .map_err(|e| StoreError::Invalid(format!("demo/force_area.toml: {e}")))
}

/// Loads the demo when the database holds no force area; says whether it did.
pub async fn load_if_empty(db: &Db) -> Result<bool> {
    if crate::force_area::current(db).await?.is_some() {
        return Ok(false);
    }
    crate::force_area::insert(db, &Actor::system("demo data"), &demo_force_area()?).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_area_is_cheshire_as_the_seeds_describe_it() {
        let area = super::demo_force_area().unwrap();
        assert_eq!(area.gss_code, "E23000006");
        assert_eq!(area.area_sq_miles, Some(919));
        let mut names: Vec<_> = area
            .local_authorities
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "Cheshire East",
                "Cheshire West and Chester",
                "Halton",
                "Warrington"
            ]
        );
        area.validate().unwrap();
    }
}
