//! The team PIN: stored only as an argon2 hash, five wrong tries lock the pad
//! for five minutes. Times are the kiosk's own clock in seconds (mock time in
//! tests), never the wall clock, which may be wrong on a Pi.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The PIN of a kiosk nobody configured: it works, and the team screen warns
/// until it is changed.
pub const DEFAULT_PIN: &str = "1234";
pub const MAX_TRIES: u32 = 5;
pub const LOCK_SECONDS: f64 = 300.0;
pub const MIN_DIGITS: usize = 4;
pub const MAX_DIGITS: usize = 8;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PinError {
    #[error("een pincode is {MIN_DIGITS} tot {MAX_DIGITS} cijfers")]
    Format,
    #[error("de pincode kon niet veilig worden opgeslagen: {0}")]
    Hash(String),
}

/// A PIN is 4 to 8 digits.
pub fn check_format(pin: &str) -> Result<(), PinError> {
    if (MIN_DIGITS..=MAX_DIGITS).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PinError::Format)
    }
}

/// An argon2id hash (PHC string) of the PIN with a fresh random salt.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    check_format(pin)?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PinError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PinError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Whether a stored hash is one this program can check (for config validation).
pub fn is_valid_hash(hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
}

pub fn verify(pin: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt {
    Open,
    /// Wrong; this many tries before the lock.
    Wrong {
        left: u32,
    },
    /// Locked; try again after this many seconds.
    Locked {
        seconds: u32,
    },
}

/// The gate in front of the team screen.
#[derive(Debug, Clone)]
pub struct PinGate {
    /// None: the default PIN.
    hash: Option<String>,
    failures: u32,
    locked_until: Option<f64>,
}

impl PinGate {
    /// `failures`: wrong tries remembered from before a restart (pulling the
    /// plug does not give a child five fresh tries: the lock starts again).
    pub fn new(hash: Option<String>, failures: u32, now: f64) -> PinGate {
        let mut gate = PinGate {
            hash,
            failures: 0,
            locked_until: None,
        };
        if failures >= MAX_TRIES {
            gate.failures = MAX_TRIES;
            gate.locked_until = Some(now + LOCK_SECONDS);
        } else {
            gate.failures = failures;
        }
        gate
    }

    pub fn is_default(&self) -> bool {
        self.hash.is_none()
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }

    pub fn set_hash(&mut self, hash: String) {
        self.hash = Some(hash);
    }

    /// Seconds left on the lock, if locked.
    pub fn locked(&mut self, now: f64) -> Option<u32> {
        match self.locked_until {
            Some(until) if now < until => Some((until - now).ceil() as u32),
            Some(_) => {
                self.locked_until = None;
                self.failures = 0;
                None
            }
            None => None,
        }
    }

    pub fn try_pin(&mut self, pin: &str, now: f64) -> Attempt {
        if let Some(seconds) = self.locked(now) {
            return Attempt::Locked { seconds };
        }
        let right = self.checker()(pin);
        self.record(right, now)
    }

    /// What checks a typed PIN against this gate's hash: slow (argon2), so
    /// the kiosk runs it on a worker, then tells the gate with [`PinGate::record`].
    pub fn checker(&self) -> impl FnOnce(&str) -> bool + Send + 'static {
        let hash = self.hash.clone();
        move |pin: &str| match &hash {
            Some(hash) => verify(pin, hash),
            None => pin == DEFAULT_PIN,
        }
    }

    /// The outcome of a checked PIN, at `now` (seconds of the kiosk's clock).
    pub fn record(&mut self, right: bool, now: f64) -> Attempt {
        if let Some(seconds) = self.locked(now) {
            return Attempt::Locked { seconds };
        }
        if right {
            self.failures = 0;
            return Attempt::Open;
        }
        self.failures += 1;
        if self.failures >= MAX_TRIES {
            self.locked_until = Some(now + LOCK_SECONDS);
            return Attempt::Locked {
                seconds: LOCK_SECONDS as u32,
            };
        }
        Attempt::Wrong {
            left: MAX_TRIES - self.failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_checks_its_pin_and_no_other() {
        let h = hash_pin("4821").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(!h.contains("4821"));
        assert!(verify("4821", &h));
        assert!(!verify("4822", &h));
        assert!(!verify("4821", "not a hash"));
        assert!(is_valid_hash(&h));
        assert!(!is_valid_hash("$2b$10$abc"));
        // A fresh salt each time.
        assert_ne!(h, hash_pin("4821").unwrap());
        assert_eq!(hash_pin("12a4"), Err(PinError::Format));
        assert_eq!(hash_pin("123"), Err(PinError::Format));
    }

    #[test]
    fn five_wrong_tries_lock_for_five_minutes() {
        let mut g = PinGate::new(None, 0, 0.0);
        assert!(g.is_default());
        for left in (1..5).rev() {
            assert_eq!(g.try_pin("0000", 1.0), Attempt::Wrong { left });
        }
        assert_eq!(g.try_pin("0000", 2.0), Attempt::Locked { seconds: 300 });
        // Even the right PIN waits.
        assert_eq!(g.try_pin(DEFAULT_PIN, 100.0), Attempt::Locked { seconds: 202 });
        assert_eq!(g.try_pin(DEFAULT_PIN, 302.5), Attempt::Open);
        assert_eq!(g.failures(), 0);
    }

    #[test]
    fn the_lock_survives_a_restart() {
        let mut g = PinGate::new(Some(hash_pin("2580").unwrap()), 5, 10.0);
        assert_eq!(g.try_pin("2580", 11.0), Attempt::Locked { seconds: 299 });
        assert_eq!(g.try_pin("2580", 311.0), Attempt::Open);
        let mut g = PinGate::new(Some(hash_pin("2580").unwrap()), 3, 0.0);
        assert_eq!(g.try_pin("1234", 1.0), Attempt::Wrong { left: 1 });
    }
}
