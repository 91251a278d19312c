//! Which address a request comes from. Behind a reverse proxy every request arrives from the
//! proxy, and the real client is in a header the proxy sets; but anyone can send that header, so
//! it is read only when configured, and only from the proxy's own addresses when those are named.

use std::net::IpAddr;

/// `--trusted-proxy`: `HEADER` or `HEADER@ADDR[,ADDR...]`, e.g. `x-forwarded-for@10.0.0.5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxy {
    /// Lower case, as HTTP header names compare.
    pub header: String,
    /// Empty: the header is believed from any peer (the service must be reachable only
    /// through the proxy).
    pub proxies: Vec<IpAddr>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrustedProxyError {
    #[error("name the header the proxy sets, like x-forwarded-for or x-forwarded-for@10.0.0.5")]
    NoHeader,
    #[error("{0:?} is not a header name")]
    BadHeader(String),
    #[error("{0:?} is not an IP address")]
    BadAddress(String),
}

impl TrustedProxy {
    pub fn parse(spec: &str) -> Result<TrustedProxy, TrustedProxyError> {
        let (header, addrs) = match spec.trim().split_once('@') {
            Some((h, a)) => (h.trim(), Some(a)),
            None => (spec.trim(), None),
        };
        if header.is_empty() {
            return Err(TrustedProxyError::NoHeader);
        }
        if !header
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(TrustedProxyError::BadHeader(header.to_string()));
        }
        let proxies = addrs
            .into_iter()
            .flat_map(|a| a.split(','))
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse::<IpAddr>()
                    .map_err(|_| TrustedProxyError::BadAddress(a.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxy {
            header: header.to_ascii_lowercase(),
            proxies,
        })
    }

    /// The client: from the header when the peer is a trusted proxy and the header holds an
    /// address, else the peer itself. For a list (`X-Forwarded-For: client, proxy1`) the last
    /// entry is the one our proxy added; earlier ones are whatever the client claimed.
    pub fn client(&self, peer: IpAddr, header_value: Option<&str>) -> IpAddr {
        if !self.proxies.is_empty() && !self.proxies.contains(&peer) {
            return peer;
        }
        header_value
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
            .unwrap_or(peer)
    }
}

/// How the service finds the client: the socket's peer, or a trusted proxy's header.
pub fn client_ip(
    proxy: Option<&TrustedProxy>,
    peer: IpAddr,
    header: impl FnOnce(&str) -> Option<String>,
) -> IpAddr {
    match proxy {
        None => peer,
        Some(p) => p.client(peer, header(&p.header).as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn specs_parse() {
        assert_eq!(
            TrustedProxy::parse("X-Forwarded-For@10.0.0.5, ::1").unwrap(),
            TrustedProxy {
                header: "x-forwarded-for".into(),
                proxies: vec![ip("10.0.0.5"), ip("::1")]
            }
        );
        assert_eq!(
            TrustedProxy::parse("x-real-ip").unwrap().proxies,
            Vec::<IpAddr>::new()
        );
        assert_eq!(
            TrustedProxy::parse("@1.2.3.4"),
            Err(TrustedProxyError::NoHeader)
        );
        assert!(TrustedProxy::parse("x-forwarded-for@proxy.example").is_err());
        assert!(TrustedProxy::parse("x forwarded").is_err());
    }

    #[test]
    fn the_header_is_believed_only_from_the_proxy() {
        let p = TrustedProxy::parse("x-forwarded-for@10.0.0.5").unwrap();
        assert_eq!(
            p.client(ip("10.0.0.5"), Some("203.0.113.7")),
            ip("203.0.113.7")
        );
        assert_eq!(
            p.client(ip("10.0.0.5"), Some("198.51.100.1, 203.0.113.7")),
            ip("203.0.113.7"),
            "the entry our proxy added, not the one the client claimed"
        );
        assert_eq!(
            p.client(ip("192.0.2.9"), Some("203.0.113.7")),
            ip("192.0.2.9")
        );
        assert_eq!(p.client(ip("10.0.0.5"), Some("nonsense")), ip("10.0.0.5"));
        assert_eq!(p.client(ip("10.0.0.5"), None), ip("10.0.0.5"));
        assert_eq!(
            client_ip(None, ip("192.0.2.9"), |_| Some("203.0.113.7".into())),
            ip("192.0.2.9"),
            "without a trusted proxy the header is ignored"
        );
    }
}
