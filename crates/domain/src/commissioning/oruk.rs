//! Open Referral UK 3.0: commissioned services as the ORUK API lays them out (a page of
//! `contents` for lists, a full record for one service). Identifiers are UUIDs derived from
//! the service's slug, so they stay the same however often the feed is made.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A stable UUID (version 5 layout) for a name: the same name, the same identifier.
pub fn uuid_for(name: &str) -> String {
    let h = Sha256::digest(format!("opcc:{name}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// A service as the directory shows it.
#[derive(Debug, Clone)]
pub struct Service {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub eligibility: String,
    pub url: String,
    pub email: String,
    pub phone: String,
    pub opening_hours: String,
    pub organisation_name: String,
    pub organisation_org_id: String,
    pub organisation_web: String,
    /// (GSS code, name) of each local authority served.
    pub areas: Vec<(String, String)>,
    pub fund: String,
}

/// The one taxonomy: what kind of help a service gives.
pub const TAXONOMY: &str = "opcc-help";

fn org_uuid(s: &Service) -> String {
    uuid_for(&format!("organisation:{}", s.organisation_org_id))
}

pub fn service_id(s: &Service) -> String {
    uuid_for(&format!("service:{}", s.slug))
}

pub fn organisation(s: &Service) -> Value {
    let mut o = json!({
        "id": org_uuid(s),
        "name": s.organisation_name,
        "description": format!("{} ({})", s.organisation_name, s.organisation_org_id),
    });
    if !s.organisation_web.is_empty() {
        o["website"] = json!(s.organisation_web);
    }
    o
}

/// A service's one-to-one fields, as a list's contents hold it.
pub fn service_list_item(s: &Service) -> Value {
    let mut v = json!({
        "id": service_id(s),
        "organization_id": org_uuid(s),
        "name": s.name,
        "description": s.description,
        "status": "active",
    });
    if !s.url.is_empty() {
        v["url"] = json!(s.url);
    }
    if !s.email.is_empty() {
        v["email"] = json!(s.email);
    }
    v
}

/// The full record of one service: areas served, opening times, contact, funding.
pub fn service_full(s: &Service) -> Value {
    let id = service_id(s);
    let mut v = service_list_item(s);
    v["organization"] = organisation(s);
    v["service_areas"] = json!(
        s.areas
            .iter()
            .map(|(code, name)| json!({
                "id": uuid_for(&format!("area:{}:{code}", s.slug)),
                "service_id": id,
                "name": name,
                "extent_type": "other",
                "extent": code,
            }))
            .collect::<Vec<_>>()
    );
    v["schedules"] = json!([{
        "id": uuid_for(&format!("schedule:{}", s.slug)),
        "service_id": id,
        "description": s.opening_hours,
    }]);
    v["contacts"] = json!([{
        "id": uuid_for(&format!("contact:{}", s.slug)),
        "service_id": id,
        "name": s.organisation_name,
    }]);
    v["funding"] = json!([{
        "id": uuid_for(&format!("funding:{}", s.slug)),
        "service_id": id,
        "source": s.fund,
    }]);
    v["service_at_locations"] = json!([]);
    v["languages"] = json!([]);
    v["attributes"] = json!([]);
    v["cost_options"] = json!([]);
    v
}

/// A service's presence across its area: the directory lists none by address, so each
/// service has one entry naming the areas it serves.
pub fn service_at_location(s: &Service) -> Value {
    json!({
        "id": uuid_for(&format!("service-at-location:{}", s.slug)),
        "service_id": service_id(s),
    })
}

pub fn taxonomy() -> Value {
    json!({
        "id": uuid_for(TAXONOMY),
        "name": "Help for victims and communities",
        "description": "What kind of help a service commissioned by the Police and Crime Commissioner gives.",
        "version": "1",
    })
}

/// A page as the ORUK API returns one: every item on one page.
pub fn page(contents: Vec<Value>) -> Value {
    let n = contents.len();
    json!({
        "total_items": n,
        "total_pages": 1,
        "page_number": 1,
        "size": n,
        "first_page": true,
        "last_page": true,
        "empty": n == 0,
        "contents": contents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_uuids() {
        let a = uuid_for("service:rasasc");
        assert_eq!(a, uuid_for("service:rasasc"));
        assert_ne!(a, uuid_for("service:2wish"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5");
    }
}
