//! The draw of the final panel, from a published distribution and a published seed, by a
//! method simple enough to redo with any SHA-256 tool:
//!
//! 1. The j-th random number (j = 0, 1, 2, ...) is the first 8 bytes, read big-endian, of
//!    SHA-256 of the text `opcc-sortition:SEED:j` (SEED and j in decimal).
//! 2. A number below m is the next random number x with x < 2^64 − (2^64 mod m), taken mod m
//!    (numbers at or above that bound are skipped, so every value is equally likely).
//! 3. A fraction is the next random number divided by 2^64.
//! 4. The panel: a fraction u is drawn; walking the distribution's panels in the published
//!    order, the first whose cumulative probability exceeds u is chosen (the last if rounding
//!    leaves none).
//! 5. For each type in the published order, its members listed by ascending id, c of them are
//!    chosen by a partial Fisher–Yates shuffle: for i = 0..c, swap position i with position
//!    i + (a number below m − i), m being the type's size; the first c are selected.

use sha2::{Digest, Sha256};

use crate::Distribution;

/// The stream of random numbers for a seed.
#[derive(Debug, Clone)]
pub struct Randomness {
    seed: u64,
    counter: u64,
}

impl Randomness {
    pub fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }

    pub fn next_u64(&mut self) -> u64 {
        let digest = Sha256::digest(format!("opcc-sortition:{}:{}", self.seed, self.counter));
        self.counter += 1;
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    /// Uniform in 0..m (m > 0), by rejection.
    pub fn below(&mut self, m: u64) -> u64 {
        assert!(m > 0, "below(0)");
        // 2^64 mod m, computed without overflow.
        let rem = (u64::MAX % m + 1) % m;
        loop {
            let x = self.next_u64();
            if rem == 0 || x < 0u64.wrapping_sub(rem) {
                return x % m;
            }
        }
    }

    /// Uniform in [0, 1).
    pub fn fraction(&mut self) -> f64 {
        self.next_u64() as f64 / 18_446_744_073_709_551_616.0
    }
}

/// The drawn panel: indices into the instance's people, ascending.
pub fn draw(dist: &Distribution, seed: u64) -> Vec<usize> {
    let mut rng = Randomness::new(seed);
    let u = rng.fraction();
    let mut cumulative = 0.0;
    let mut chosen = dist.panels.last().expect("a distribution has a panel");
    for p in &dist.panels {
        cumulative += p.probability;
        if cumulative > u {
            chosen = p;
            break;
        }
    }
    let mut selected = Vec::new();
    for (members, &c) in dist.types.members.iter().zip(&chosen.counts) {
        let mut order = members.clone();
        let m = order.len() as u64;
        for i in 0..u64::from(c) {
            let j = i + rng.below(m - i);
            order.swap(i as usize, j as usize);
        }
        selected.extend_from_slice(&order[..c as usize]);
    }
    selected.sort_unstable();
    selected
}
