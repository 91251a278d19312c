//! Public pages are rendered once per version of the data and served from memory until a
//! write moves the version (see `opcc_store::version`). A page is kept only when it is the
//! same for every visitor: asked for without a session, answered 200 without a cookie or a
//! caching rule of its own, and not carrying the visitor's CSRF token (a page with a form).
//! Kept pages answer conditional requests with 304 and are compressed once per encoding.

use crate::AppState;
use crate::context::Ctx;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// Memory the kept pages may use in all; the server's whole footprint is meant to stay small.
const BUDGET: usize = 16 << 20;
/// A page larger than this is served as rendered, not kept.
const MAX_PAGE: usize = 2 << 20;

/// Marks a response as a kept page: the same for everyone, so it sets no cookie.
#[derive(Debug, Clone, Copy)]
pub struct KeptPage;

#[derive(Default)]
pub struct PageCache {
    inner: Mutex<Kept>,
    /// One render at a time per page (by a stripe of its key): when a page is not kept yet,
    /// the requests arriving together (64 from a load test, a crawler's burst) wait for the
    /// first one's render instead of each reading the figures and rendering the same page,
    /// which is where the server's memory peaked (docs/performance.md).
    rendering: [tokio::sync::Mutex<()>; STRIPES],
    /// Keys whose response turned out not to be kept (a form's page, an error): they are
    /// rendered for each request and need not wait on one another.
    not_kept: Mutex<std::collections::HashSet<String>>,
}

const STRIPES: usize = 32;
/// Past this many keys the set of keys not kept starts again (it only saves a wait).
const MAX_NOT_KEPT: usize = 4096;

#[derive(Default)]
struct Kept {
    pages: HashMap<String, Arc<Page>>,
    bytes: usize,
}

struct Page {
    version: i64,
    hour: u64,
    headers: HeaderMap,
    etag: HeaderValue,
    last_modified: SystemTime,
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

fn stripe(key: &str) -> usize {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key) as usize % STRIPES
}

impl PageCache {
    fn is_not_kept(&self, key: &str) -> bool {
        let set = self.not_kept.lock().unwrap_or_else(|p| p.into_inner());
        set.contains(key)
    }

    fn not_kept(&self, key: &str) {
        let mut set = self.not_kept.lock().unwrap_or_else(|p| p.into_inner());
        if set.len() >= MAX_NOT_KEPT {
            set.clear();
        }
        set.insert(key.to_string());
    }

    fn get(&self, key: &str, version: i64) -> Option<Arc<Page>> {
        let kept = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        kept.pages
            .get(key)
            .filter(|p| p.version == version && p.hour == this_hour())
            .cloned()
    }

    fn put(&self, key: String, page: Arc<Page>) {
        let mut kept = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let size = page.identity.len() + key.len();
        if kept.bytes + size > BUDGET {
            // Pages of an older version are never served again; beyond them, any page may go.
            let version = page.version;
            kept.pages.retain(|_, p| p.version == version);
            kept.bytes = kept
                .pages
                .iter()
                .map(|(k, p)| k.len() + p.identity.len())
                .sum();
            if kept.bytes + size > BUDGET {
                kept.pages.clear();
                kept.bytes = 0;
            }
        }
        if let Some(old) = kept.pages.insert(key.clone(), page) {
            kept.bytes -= old.identity.len() + key.len();
        }
        kept.bytes += size;
    }
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let public = req
        .extensions()
        .get::<Ctx>()
        .filter(|c| c.session.is_none())
        .map(|c| c.csrf.clone());
    let Some(csrf) = public.filter(|_| req.method() == Method::GET) else {
        return next.run(req).await;
    };
    // Without the version there is nothing to key on; the page is rendered as usual.
    let Ok(version) = state.db.data_version().await else {
        return next.run(req).await;
    };
    let key = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let asked = Asked::from(req.headers());
    if let Some(page) = state.pages.get(&key, version) {
        return page.answer(&asked);
    }
    let _rendering = match state.pages.is_not_kept(&key) {
        true => None,
        false => {
            let guard = state.pages.rendering[stripe(&key)].lock().await;
            // Rendered by the request this one waited for.
            if let Some(page) = state.pages.get(&key, version) {
                return page.answer(&asked);
            }
            Some(guard)
        }
    };
    let res = next.run(req).await;
    if !keepable(&res) {
        state.pages.not_kept(&key);
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => return crate::error::WebError::Internal(e.to_string()).into_response(),
    };
    if contains(&bytes, csrf.as_bytes()) {
        state.pages.not_kept(&key);
        return Response::from_parts(parts, Body::from(bytes));
    }
    let page = Arc::new(Page::new(version, parts.headers, bytes));
    state.pages.put(key, page.clone());
    page.answer(&asked)
}

/// Pages also depend on the date ("update due", the month shown by default), which moves
/// without a write: a kept page is rendered again in each new hour.
fn this_hour() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 3600)
}

fn keepable(res: &Response) -> bool {
    let h = res.headers();
    res.status() == StatusCode::OK
        && !h.contains_key(header::SET_COOKIE)
        && !h.contains_key(header::CACHE_CONTROL)
        && !h.contains_key(header::CONTENT_ENCODING)
        && res
            .body()
            .size_hint()
            .upper()
            .is_some_and(|n| n as usize <= MAX_PAGE)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// What the request asks of a kept page.
struct Asked {
    encoding: Encoding,
    if_none_match: Option<String>,
    if_modified_since: Option<SystemTime>,
}

impl From<&HeaderMap> for Asked {
    fn from(h: &HeaderMap) -> Asked {
        let text = |name| h.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        Asked {
            encoding: negotiate(text(header::ACCEPT_ENCODING).unwrap_or("")),
            if_none_match: text(header::IF_NONE_MATCH).map(str::to_string),
            if_modified_since: text(header::IF_MODIFIED_SINCE)
                .and_then(|d| httpdate::parse_http_date(d).ok()),
        }
    }
}

/// Brotli when the client takes it, then gzip; a coding given `q=0` is refused.
fn negotiate(accept: &str) -> Encoding {
    let takes = |name: &str| {
        accept.split(',').any(|part| {
            let mut bits = part.split(';').map(str::trim);
            let coding = bits.next().unwrap_or("");
            let q = bits
                .find_map(|b| b.strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            coding.eq_ignore_ascii_case(name) && q > 0.0
        })
    };
    if takes("br") {
        Encoding::Brotli
    } else if takes("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

impl Page {
    fn new(version: i64, mut headers: HeaderMap, identity: Bytes) -> Page {
        headers.remove(header::CONTENT_LENGTH);
        let digest = Sha256::digest(&identity);
        let etag = format!("\"{version}-{}\"", hex::encode(&digest[..12]));
        Page {
            version,
            hour: this_hour(),
            headers,
            etag: HeaderValue::from_str(&etag).expect("hex and digits"),
            last_modified: SystemTime::now(),
            identity,
            gzip: OnceLock::new(),
            br: OnceLock::new(),
        }
    }

    fn fresh_for(&self, asked: &Asked) -> bool {
        match &asked.if_none_match {
            Some(tags) => tags
                .split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/").as_bytes() == self.etag.as_bytes()),
            None => asked.if_modified_since.is_some_and(|since| {
                // HTTP dates are whole seconds; the page's own time has fractions.
                httpdate::HttpDate::from(self.last_modified) <= httpdate::HttpDate::from(since)
            }),
        }
    }

    fn answer(&self, asked: &Asked) -> Response {
        let mut res = if self.fresh_for(asked) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let (body, coding) = match asked.encoding {
                Encoding::Identity => (self.identity.clone(), None),
                Encoding::Gzip => (
                    self.gzip.get_or_init(|| gzip(&self.identity)).clone(),
                    Some("gzip"),
                ),
                Encoding::Brotli => (
                    self.br.get_or_init(|| brotli(&self.identity)).clone(),
                    Some("br"),
                ),
            };
            let mut res = Response::new(Body::from(body));
            *res.headers_mut() = self.headers.clone();
            if let Some(coding) = coding {
                res.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            res
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, self.etag.clone());
        let modified = httpdate::fmt_http_date(self.last_modified);
        h.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_str(&modified).expect("an HTTP date"),
        );
        // Stored by browsers and proxies, but checked with us before each use.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        h.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Encoding, Cookie"),
        );
        res
    }
}

fn gzip(bytes: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").into()
}

/// Brotli at quality 6 with a 256 KiB window (larger than any kept page): measured on 100 KB
/// of text, 1.5% larger than quality 9 in a sixth of the time, and 4 MiB of working memory
/// instead of quality 9's 30 MiB hash table (the server's memory peak; docs/performance.md).
fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 6, 18);
        w.write_all(bytes).expect("writing to memory");
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_and_q_zero_refuses() {
        assert_eq!(negotiate("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(negotiate("gzip, br;q=0"), Encoding::Gzip);
        assert_eq!(negotiate("identity"), Encoding::Identity);
        assert_eq!(negotiate(""), Encoding::Identity);
        assert_eq!(negotiate("GZIP;q=0.5"), Encoding::Gzip);
    }

    #[test]
    fn a_page_is_fresh_for_its_own_etag_only() {
        let page = Page::new(7, HeaderMap::new(), Bytes::from_static(b"<p>hello</p>"));
        let asked = |tag: Option<&str>| Asked {
            encoding: Encoding::Identity,
            if_none_match: tag.map(str::to_string),
            if_modified_since: None,
        };
        let own = page.etag.to_str().unwrap().to_string();
        assert!(page.fresh_for(&asked(Some(&own))));
        assert!(page.fresh_for(&asked(Some(&format!("\"x\", W/{own}")))));
        assert!(!page.fresh_for(&asked(Some("\"7-000\""))));
        assert!(!page.fresh_for(&asked(None)));
    }

    #[test]
    fn compressed_pages_decompress_to_the_page() {
        use std::io::Read;
        let page = b"<html>".repeat(500);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&page)[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, page);
        let mut back = Vec::new();
        brotli::Decompressor::new(&brotli(&page)[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, page);
    }

    #[test]
    fn the_budget_evicts_older_versions_first() {
        let cache = PageCache::default();
        let big = Bytes::from(vec![b'a'; MAX_PAGE]);
        for i in 0..7 {
            cache.put(
                format!("/old/{i}"),
                Arc::new(Page::new(1, HeaderMap::new(), big.clone())),
            );
        }
        cache.put(
            "/new".into(),
            Arc::new(Page::new(2, HeaderMap::new(), big.clone())),
        );
        cache.put(
            "/new2".into(),
            Arc::new(Page::new(2, HeaderMap::new(), big)),
        );
        assert!(cache.get("/new", 2).is_some());
        assert!(cache.get("/new2", 2).is_some());
        assert!(cache.get("/old/0", 1).is_none(), "older pages go first");
        let kept = cache.inner.lock().unwrap();
        assert!(kept.bytes <= BUDGET);
    }
}
