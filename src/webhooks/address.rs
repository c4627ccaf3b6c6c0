//! Which webhook URLs may be called in production: https only, to hosts whose every address is
//! public. Private, loopback, link-local, shared, documentation, benchmarking, reserved and
//! multicast addresses are refused (RFC 6890's table, by `ip_network`); an IPv4 address mapped
//! into IPv6 counts as the IPv4 address it carries.
//!
//! The check runs when an endpoint is made and again at every connection the worker opens
//! ([`PublicResolver`] is the HTTP client's resolver), so a name that later resolves elsewhere is
//! caught when it matters. A URL whose host is an address literal skips resolution, so
//! [`check_literal`] runs before every attempt too.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use crate::i18n::{Msg, msg};
use ip_network::IpNetwork;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Longest a name may take to resolve.
pub const LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether `ip` is a public (globally routable) address.
pub fn is_public(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    !ip.is_multicast() && !is_tunnel(ip) && IpNetwork::from(ip).is_global()
}

/// IPv6 prefixes that carry an IPv4 address to wherever a gateway takes it (NAT64
/// `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002::/16`, Teredo `2001::/32`): refused, since the
/// address inside may be private.
fn is_tunnel(ip: IpAddr) -> bool {
    let IpAddr::V6(v6) = ip else { return false };
    let s = v6.segments();
    (s[0] == 0x64 && s[1] == 0xff9b) || s[0] == 0x2002 || (s[0] == 0x2001 && s[1] == 0)
}

/// The reason `url` may not be called in production, if any, short of resolving its name: not
/// https, or a host that is a non-public address.
pub fn check_literal(url: &str) -> Result<(), Msg> {
    let parsed = Url::parse(url).map_err(|e| msg!("not-a-url", reason = e.to_string()))?;
    if parsed.scheme() != "https" {
        return Err(msg!("https-url"));
    }
    match parsed.host() {
        Some(Host::Ipv4(ip)) if !is_public(IpAddr::V4(ip)) => Err(msg!("non-public-address")),
        Some(Host::Ipv6(ip)) if !is_public(IpAddr::V6(ip)) => Err(msg!("non-public-address")),
        Some(_) => Ok(()),
        None => Err(msg!("url-without-host")),
    }
}

/// [`check_literal`], then the host's name resolved: every address it has must be public.
pub async fn check_public_url(url: &str) -> Result<(), Msg> {
    check_literal(url)?;
    let parsed = Url::parse(url).map_err(|e| msg!("not-a-url", reason = e.to_string()))?;
    if let Some(Host::Domain(name)) = parsed.host() {
        public_addresses(name).await?;
    }
    Ok(())
}

/// The addresses of `name`; an error when it has none, or any that is not public.
async fn public_addresses(name: &str) -> Result<Vec<SocketAddr>, Msg> {
    let lookup = tokio::time::timeout(LOOKUP_TIMEOUT, tokio::net::lookup_host((name, 0)))
        .await
        .map_err(|_| {
            msg!(
                "host-lookup-timeout",
                host = name.to_owned(),
                timeout = format!("{LOOKUP_TIMEOUT:?}")
            )
        })?;
    let found: Vec<SocketAddr> = lookup
        .map_err(|e| {
            msg!(
                "host-unresolved",
                host = name.to_owned(),
                reason = e.to_string()
            )
        })?
        .collect();
    if found.is_empty() {
        return Err(msg!("host-without-address", host = name.to_owned()));
    }
    if let Some(bad) = found.iter().find(|a| !is_public(a.ip())) {
        return Err(msg!(
            "host-not-public",
            host = name.to_owned(),
            address = bad.ip().to_string()
        ));
    }
    Ok(found)
}

/// The worker's resolver in production: a name with any non-public address is not connected to.
#[derive(Clone, Copy, Debug, Default)]
pub struct PublicResolver;

impl PublicResolver {
    pub fn shared() -> Arc<Self> {
        Arc::new(Self)
    }
}

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let addresses = public_addresses(name.as_str())
                .await
                .map_err(|m| m.english())?;
            let addrs: Addrs = Box::new(addresses.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_non_public_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "8.8.8.8", "113.160.0.1", "2606:4700:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn literal_urls() {
        assert!(check_literal("https://1.1.1.1/hook").is_ok());
        assert!(check_literal("https://shop.example.vn/hook").is_ok());
        assert!(check_literal("http://shop.example.vn/hook").is_err());
        assert!(check_literal("https://127.0.0.1/hook").is_err());
        assert!(check_literal("https://[::1]/hook").is_err());
        assert!(check_literal("https://[::ffff:192.168.0.1]/hook").is_err());
        assert!(check_literal("https://169.254.169.254/latest/meta-data").is_err());
    }
}
