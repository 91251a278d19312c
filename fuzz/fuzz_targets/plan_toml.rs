//! A plan file as `opcc plan import` reads it. A file either fails with errors that each name
//! a field, or parses into a plan that writes back out and reads in again unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use opcc_domain::plans::file::PlanFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match PlanFile::parse(text) {
        Ok(plan) => {
            let again = PlanFile::parse(&plan.to_toml()).expect("an exported plan imports");
            assert_eq!(plan, again, "a plan survives export and import");
        }
        Err(errors) => assert!(errors.iter().all(|e| !e.field.is_empty())),
    }
});
