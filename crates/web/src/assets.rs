//! Static assets, embedded in the binary and served under content-hashed names, so that a
//! browser may cache each for a year and still never sees a stale file after an upgrade.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

struct Asset {
    /// The name templates ask for, e.g. `opcc.css`.
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const FILES: &[Asset] = &[
    Asset {
        name: "opcc.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/opcc.css"),
    },
    Asset {
        name: "opcc.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/opcc.js"),
    },
    Asset {
        name: "js-enabled.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/js-enabled.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../assets/favicon.svg"),
    },
    Asset {
        name: "LICENCE-govuk-frontend.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: include_bytes!("../assets/LICENCE-govuk-frontend.txt"),
    },
];

/// (served name, asset) for every file: `opcc.css` is served as `opcc-1a2b3c4d5e.css`.
static SERVED: LazyLock<Vec<(String, &'static Asset)>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|a| {
            let digest = hex::encode(&Sha256::digest(a.bytes)[..5]);
            let served = match a.name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-{digest}.{ext}"),
                None => format!("{}-{digest}", a.name),
            };
            (served, a)
        })
        .collect()
});

/// The URL of an asset by its plain name. Panics on a name that is not embedded, which the
/// tests catch for every template.
pub fn url(name: &str) -> String {
    SERVED
        .iter()
        .find(|(_, a)| a.name == name)
        .map(|(served, _)| format!("/assets/{served}"))
        .unwrap_or_else(|| panic!("no embedded asset named {name}"))
}

pub async fn serve(Path(file): Path<String>) -> Response {
    match SERVED.iter().find(|(served, _)| *served == file) {
        Some((_, a)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(a.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn served_names_carry_the_content_hash() {
        let u = super::url("opcc.css");
        assert!(u.starts_with("/assets/opcc-") && u.ends_with(".css"), "{u}");
        assert_eq!(u.len(), "/assets/opcc-".len() + 10 + ".css".len());
    }
}
