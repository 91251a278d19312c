//! Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps, as every
//! authenticator app reads them from an `otpauth://` URI. Time is passed in.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// A code from the step before or after is accepted too, for clocks a little apart.
pub const SKEW_STEPS: i64 = 1;

/// The step a moment falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// RFC 4226's HOTP with the dynamic truncation, for a counter and a number of digits.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[19] & 0x0f);
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    bin % 10_u32.pow(digits)
}

/// The 6-digit code for a step, zero-padded as apps show it.
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    format!(
        "{:0width$}",
        hotp(secret, step as u64, DIGITS),
        width = DIGITS as usize
    )
}

/// The step whose code this is, within the allowed skew of `now`, and only if it is later than
/// the last step used: a code, once used, cannot be used again (nor can an older one).
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_now: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_now);
    (now - SKEW_STEPS..=now + SKEW_STEPS)
        .filter(|s| last_used_step.is_none_or(|last| *s > last))
        .find(|s| constant_time_eq(code_for_step(secret, *s).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32
            .iter()
            .position(|&b| b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The URI an authenticator app reads (Google's "Key Uri Format").
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32_encode(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 column (8 digits, T0 = 0, X = 30).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, expected) in [
            (59_i64, 94_287_082_u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(secret, step_at(t) as u64, 8), expected, "T = {t}");
            assert_eq!(
                code_for_step(secret, step_at(t)),
                format!("{:06}", expected % 1_000_000)
            );
        }
    }

    #[test]
    fn codes_are_accepted_one_step_either_side_and_never_twice() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let here = step_at(now);
        assert_eq!(verify(secret, "050471", now, None), Some(here));
        assert_eq!(verify(secret, "050 471", now, None), Some(here));
        let before = code_for_step(secret, here - 1);
        let after = code_for_step(secret, here + 1);
        let too_late = code_for_step(secret, here - 2);
        assert_eq!(verify(secret, &before, now, None), Some(here - 1));
        assert_eq!(verify(secret, &after, now, None), Some(here + 1));
        assert_eq!(verify(secret, &too_late, now, None), None);
        assert_eq!(verify(secret, "050471", now, Some(here)), None, "reused");
        assert_eq!(
            verify(secret, &before, now, Some(here)),
            None,
            "older than one used"
        );
        assert_eq!(verify(secret, &after, now, Some(here)), Some(here + 1));
        assert_eq!(verify(secret, "12345", now, None), None);
        assert_eq!(verify(secret, "abcdef", now, None), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("MZXW6YTBOI").unwrap(), b"foobar");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZ1"), None);
        let secret: Vec<u8> = (0..20).collect();
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
    }

    #[test]
    fn the_uri_names_the_issuer_and_account() {
        let uri = otpauth_uri("Cheshire PCC", "a.b@example.org", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/Cheshire%20PCC:a.b@example.org?secret=MZXW6YTBOI&issuer=Cheshire%20PCC&algorithm=SHA1&digits=6&period=30"
        );
    }
}
