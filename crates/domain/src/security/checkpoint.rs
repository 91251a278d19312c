//! A signed statement of the audit chain's head, published outside the database. Whoever can
//! rewrite the database can forge a chain that verifies on its own; they cannot forge the
//! signature, nor recall copies of a checkpoint already published.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use std::fmt;

const MAGIC: &str = "opcc audit checkpoint v1";

/// The head at one moment: entry `seq` has hash `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    /// When it was taken, RFC 3339 UTC.
    pub at: String,
    pub public_key: [u8; 32],
    pub signature: [u8; 64],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("not an opcc audit checkpoint: {0}")]
    Format(String),
    #[error("the checkpoint's signature is not valid: it was altered or not signed by its key")]
    BadSignature,
    #[error("the checkpoint was signed by key {found}, not by the expected key {expected}")]
    WrongKey { found: String, expected: String },
    #[error("not a key file: {0}")]
    Key(String),
}

fn message(seq: i64, hash: &str, at: &str, public_key: &[u8; 32]) -> String {
    format!(
        "{MAGIC}\nseq: {seq}\nhash: {hash}\nat: {at}\npublic-key: {}\n",
        hex::encode(public_key)
    )
}

impl Checkpoint {
    pub fn sign(key: &SigningKey, seq: i64, hash: &str, at: &str) -> Checkpoint {
        let public_key = key.verifying_key().to_bytes();
        let signature = key.sign(message(seq, hash, at, &public_key).as_bytes());
        Checkpoint {
            seq,
            hash: hash.to_string(),
            at: at.to_string(),
            public_key,
            signature: signature.to_bytes(),
        }
    }

    /// Checks the signature, and that it is the expected key's when one is given (a
    /// checkpoint's own key proves only that the file is whole, not who wrote it).
    pub fn verify(&self, expected: Option<&VerifyingKey>) -> Result<(), CheckpointError> {
        let key = VerifyingKey::from_bytes(&self.public_key)
            .map_err(|_| CheckpointError::BadSignature)?;
        if let Some(e) = expected.filter(|e| e.as_bytes() != key.as_bytes()) {
            return Err(CheckpointError::WrongKey {
                found: hex::encode(key.as_bytes()),
                expected: hex::encode(e.as_bytes()),
            });
        }
        let msg = message(self.seq, &self.hash, &self.at, &self.public_key);
        key.verify(msg.as_bytes(), &Signature::from_bytes(&self.signature))
            .map_err(|_| CheckpointError::BadSignature)
    }

    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let bad = |m: &str| CheckpointError::Format(m.to_string());
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(MAGIC) {
            return Err(bad("the first line must be \"opcc audit checkpoint v1\""));
        }
        let mut field = |name: &str| {
            lines
                .next()
                .and_then(|l| l.strip_prefix(name))
                .and_then(|l| l.strip_prefix(": "))
                .map(str::to_string)
                .ok_or_else(|| bad(&format!("expected the line \"{name}: ...\"")))
        };
        let seq = field("seq")?
            .parse::<i64>()
            .map_err(|_| bad("seq is not a number"))?;
        let hash = field("hash")?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("hash is not 64 hexadecimal digits"));
        }
        let at = field("at")?;
        let public_key = hex_array::<32>(&field("public-key")?)
            .ok_or_else(|| bad("public-key is not 64 hexadecimal digits"))?;
        let signature = hex_array::<64>(&field("signature")?)
            .ok_or_else(|| bad("signature is not 128 hexadecimal digits"))?;
        Ok(Checkpoint {
            seq,
            hash,
            at,
            public_key,
            signature,
        })
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&message(self.seq, &self.hash, &self.at, &self.public_key))?;
        writeln!(f, "signature: {}", hex::encode(self.signature))
    }
}

fn hex_array<const N: usize>(s: &str) -> Option<[u8; N]> {
    hex::decode(s.trim()).ok()?.try_into().ok()
}

/// A signing key file holds the 32-byte secret seed in hexadecimal; its public key file the
/// 32-byte public key. Randomness comes from the caller.
pub fn signing_key_from_seed(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}

pub fn signing_key_to_file(key: &SigningKey) -> String {
    format!("{}\n", hex::encode(key.to_bytes()))
}

pub fn signing_key_from_file(text: &str) -> Result<SigningKey, CheckpointError> {
    hex_array::<32>(text)
        .map(|seed| SigningKey::from_bytes(&seed))
        .ok_or_else(|| CheckpointError::Key("expected 64 hexadecimal digits".into()))
}

pub fn public_key_to_file(key: &VerifyingKey) -> String {
    format!("{}\n", hex::encode(key.as_bytes()))
}

pub fn public_key_from_file(text: &str) -> Result<VerifyingKey, CheckpointError> {
    hex_array::<32>(text)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| CheckpointError::Key("expected a 64-digit hexadecimal public key".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SigningKey {
        signing_key_from_seed([n; 32])
    }

    #[test]
    fn a_checkpoint_round_trips_and_verifies() {
        let cp = Checkpoint::sign(&key(7), 42, &"ab".repeat(32), "2026-11-30T09:00:00.000000Z");
        let text = cp.to_string();
        assert!(
            text.starts_with("opcc audit checkpoint v1\nseq: 42\n"),
            "{text}"
        );
        let back = Checkpoint::parse(&text).unwrap();
        assert_eq!(back, cp);
        assert_eq!(back.verify(Some(&key(7).verifying_key())), Ok(()));
        assert_eq!(back.verify(None), Ok(()));
    }

    #[test]
    fn an_altered_checkpoint_or_another_key_is_refused() {
        let cp = Checkpoint::sign(&key(7), 42, &"ab".repeat(32), "2026-11-30T09:00:00.000000Z");
        let moved = Checkpoint::parse(&cp.to_string().replace("seq: 42", "seq: 41")).unwrap();
        assert_eq!(moved.verify(None), Err(CheckpointError::BadSignature));
        let resigned = Checkpoint::sign(&key(8), 42, &cp.hash, &cp.at);
        assert!(matches!(
            resigned.verify(Some(&key(7).verifying_key())),
            Err(CheckpointError::WrongKey { .. })
        ));
        assert!(Checkpoint::parse("hello").is_err());
    }

    #[test]
    fn key_files_round_trip() {
        let k = key(3);
        let back = signing_key_from_file(&signing_key_to_file(&k)).unwrap();
        assert_eq!(back.to_bytes(), k.to_bytes());
        let pk = public_key_from_file(&public_key_to_file(&k.verifying_key())).unwrap();
        assert_eq!(pk, k.verifying_key());
        assert!(signing_key_from_file("nope").is_err());
    }
}
