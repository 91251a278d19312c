//! How hard to push back on guessing and flooding. Time is passed in as seconds.

/// Sign-in attempts one account may have from one client before it must wait.
pub const FREE_ATTEMPTS: i64 = 5;
/// The first wait; each further attempt doubles it, up to the cap.
pub const FIRST_DELAY_SECONDS: i64 = 60;
pub const MAX_DELAY_SECONDS: i64 = 3600;
/// A client that stops for this long starts afresh.
pub const FORGET_AFTER_SECONDS: i64 = 24 * 3600;

/// How long the client must wait after its `attempts`-th unsuccessful attempt in a row.
pub fn delay_after(attempts: i64) -> i64 {
    if attempts < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (attempts - FREE_ATTEMPTS).min(20) as u32;
    (FIRST_DELAY_SECONDS << doublings).min(MAX_DELAY_SECONDS)
}

/// "1 minute", "5 minutes": a wait as the page says it, rounded up.
pub fn describe_wait(seconds: i64) -> String {
    let minutes = ((seconds.max(1) + 59) / 60).max(1);
    if minutes == 1 {
        "1 minute".into()
    } else {
        format!("{minutes} minutes")
    }
}

/// A token bucket: `capacity` requests at once, refilled at `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    tokens: f64,
    at: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub capacity: f64,
    pub per_second: f64,
}

impl Bucket {
    pub fn full(rate: Rate, now: f64) -> Bucket {
        Bucket {
            tokens: rate.capacity,
            at: now,
        }
    }

    /// Takes one token, or says how many seconds until one is there.
    pub fn take(&mut self, rate: Rate, now: f64) -> Result<(), f64> {
        let elapsed = (now - self.at).max(0.0);
        self.tokens = (self.tokens + elapsed * rate.per_second).min(rate.capacity);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - self.tokens) / rate.per_second)
        }
    }

    /// Full again, so it need not be remembered.
    pub fn is_idle(&self, rate: Rate, now: f64) -> bool {
        self.tokens + (now - self.at).max(0.0) * rate.per_second >= rate.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_the_free_attempts_and_are_capped() {
        let delays: Vec<i64> = (1..=13).map(delay_after).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        assert_eq!(delay_after(i64::MAX), MAX_DELAY_SECONDS);
        assert_eq!(describe_wait(1), "1 minute");
        assert_eq!(describe_wait(61), "2 minutes");
    }

    #[test]
    fn a_bucket_allows_a_burst_then_the_rate() {
        let rate = Rate {
            capacity: 3.0,
            per_second: 0.5,
        };
        let mut b = Bucket::full(rate, 0.0);
        assert!(b.take(rate, 0.0).is_ok());
        assert!(b.take(rate, 0.0).is_ok());
        assert!(b.take(rate, 0.0).is_ok());
        assert_eq!(b.take(rate, 0.0), Err(2.0));
        assert!(b.take(rate, 2.0).is_ok());
        assert!(!b.is_idle(rate, 2.0));
        assert!(b.is_idle(rate, 8.0));
    }
}
