//! Spin physics of the babbelschijf, fair by construction.
//!
//! The outcome is drawn first, uniformly, from the kiosk's random generator;
//! the gesture only decides how fast and how long the wheel turns and in which
//! direction. The motion then follows a friction curve that ends inside the
//! drawn sector. So every topic is equally likely whatever the swipe, and no
//! way of swiping (slow, fast, backwards, many times) can rig it.

use std::f32::consts::TAU;

use rand::{Rng, RngExt};

use super::sector_at_pointer;

/// Velocity falls as (1 - t/T)^2: fast at first, a long gentle slowing down,
/// like a wheel on an axle with friction. Position is then 1 - (1 - t/T)^3.
const EXPONENT: f32 = 3.0;
/// Flick speeds are clamped to this range (radians a second).
pub const MIN_SPEED: f32 = TAU * 1.2;
pub const MAX_SPEED: f32 = TAU * 4.0;
/// A normal spin lasts between these (seconds), longer for a harder flick.
pub const MIN_SECONDS: f32 = 3.2;
pub const MAX_SECONDS: f32 = 5.6;
/// With reduced motion: short, about half a turn to one and a half.
pub const REDUCED_SECONDS: f32 = 1.2;
/// Below this (radians a second) a release is not a flick.
pub const FLICK_THRESHOLD: f32 = 1.5;

/// One spin: where it starts, how far it turns, how long it takes, where it ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spin {
    /// Rotation at the start (radians, clockwise).
    pub from: f32,
    /// Signed angle turned in total; negative is anticlockwise.
    pub total: f32,
    /// Seconds from start to rest.
    pub seconds: f32,
    /// The sector that ends under the pointer.
    pub target: usize,
}

/// How the spin was started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Push {
    /// The big button: a lively spin of random strength.
    Button,
    /// A swipe on the wheel, with its angular speed (radians a second, signed).
    Flick(f32),
}

impl Spin {
    /// Plans a spin of a wheel with `sectors` sectors now at rotation `from`.
    pub fn plan(sectors: usize, from: f32, push: Push, reduced_motion: bool, rng: &mut impl Rng) -> Spin {
        let sectors = sectors.max(1);
        // The outcome first: uniform, independent of the gesture.
        let target = rng.random_range(0..sectors);
        let within = rng.random_range(0.2f32..0.8);
        let speed = match push {
            Push::Button => rng.random_range(MIN_SPEED * 1.6..MAX_SPEED * 0.7),
            Push::Flick(v) if v.is_finite() => v.abs().clamp(MIN_SPEED, MAX_SPEED),
            Push::Flick(_) => MIN_SPEED,
        };
        let direction = match push {
            Push::Flick(v) if v < 0.0 => -1.0,
            _ => 1.0,
        };
        let strength = (speed - MIN_SPEED) / (MAX_SPEED - MIN_SPEED);
        let seconds = if reduced_motion {
            REDUCED_SECONDS
        } else {
            MIN_SECONDS + strength * (MAX_SECONDS - MIN_SECONDS)
        };
        // The distance this speed would carry the wheel, then the little extra
        // (less than a turn) that ends in the target sector.
        let nominal = if reduced_motion {
            TAU * 0.5
        } else {
            speed * seconds / EXPONENT
        };
        let width = TAU / sectors as f32;
        let end = (-(target as f32 + within) * width).rem_euclid(TAU);
        let from = if from.is_finite() { from.rem_euclid(TAU) } else { 0.0 };
        let total = if direction > 0.0 {
            nominal + (end - from - nominal).rem_euclid(TAU)
        } else {
            -(nominal + (from - nominal - end).rem_euclid(TAU))
        };
        Spin {
            from,
            total,
            seconds,
            target,
        }
    }

    /// The rotation `t` seconds after the start.
    pub fn angle_at(&self, t: f32) -> f32 {
        let u = (t / self.seconds).clamp(0.0, 1.0);
        self.from + self.total * (1.0 - (1.0 - u).powf(EXPONENT))
    }

    /// Angular speed at `t` (radians a second, signed).
    pub fn speed_at(&self, t: f32) -> f32 {
        let u = (t / self.seconds).clamp(0.0, 1.0);
        self.total * EXPONENT * (1.0 - u).powf(EXPONENT - 1.0) / self.seconds
    }

    /// Where the wheel comes to rest.
    pub fn end(&self) -> f32 {
        (self.from + self.total).rem_euclid(TAU)
    }

    /// The sector under the pointer at rest: always the target.
    pub fn landed(&self, sectors: usize) -> usize {
        sector_at_pointer(sectors, self.end())
    }
}

/// Angular speed of a swipe from its last samples: (seconds, angle) pairs, in
/// order, angles unwrapped. Only the last `window` seconds count.
pub fn flick_speed(samples: &[(f32, f32)], window: f32) -> f32 {
    let Some(&(t_end, a_end)) = samples.last() else {
        return 0.0;
    };
    let first = samples
        .iter()
        .find(|(t, _)| t_end - t <= window)
        .copied()
        .unwrap_or((t_end, a_end));
    let dt = t_end - first.0;
    if dt < 0.005 {
        return 0.0;
    }
    (a_end - first.1) / dt
}

/// The smallest signed difference between two angles: for unwrapping a swipe.
pub fn angle_step(from: f32, to: f32) -> f32 {
    let d = (to - from).rem_euclid(TAU);
    if d > TAU / 2.0 { d - TAU } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn same_seed_same_spin() {
        let a = Spin::plan(8, 1.0, Push::Flick(9.0), false, &mut ChaCha8Rng::seed_from_u64(3));
        let b = Spin::plan(8, 1.0, Push::Flick(9.0), false, &mut ChaCha8Rng::seed_from_u64(3));
        assert_eq!(a, b);
        let c = Spin::plan(8, 1.0, Push::Flick(9.0), false, &mut ChaCha8Rng::seed_from_u64(4));
        assert_ne!(a, c);
    }

    #[test]
    fn every_spin_lands_on_its_target_within_three_to_six_seconds() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut gestures = ChaCha8Rng::seed_from_u64(12);
        for sectors in [6, 7, 8, 12] {
            for _ in 0..500 {
                let push = if gestures.random_bool(0.2) {
                    Push::Button
                } else {
                    Push::Flick(gestures.random_range(-60.0f32..60.0))
                };
                let from = gestures.random_range(-20.0f32..20.0);
                let s = Spin::plan(sectors, from, push, false, &mut rng);
                assert_eq!(s.landed(sectors), s.target, "{s:?}");
                assert!((3.0..=6.0).contains(&s.seconds), "{s:?}");
                assert!(s.total.abs() > TAU, "it turns at least once: {s:?}");
                // It starts where the wheel was and moves continuously.
                assert!((s.angle_at(0.0) - s.from).abs() < 1e-4);
                assert!((s.angle_at(s.seconds).rem_euclid(TAU) - s.end()).abs() < 1e-3);
                assert!(s.speed_at(s.seconds).abs() < 1e-4, "it comes to rest");
            }
        }
    }

    #[test]
    fn the_swipe_sets_direction_and_strength_but_not_the_outcome() {
        let soft = Spin::plan(8, 0.0, Push::Flick(6.0), false, &mut ChaCha8Rng::seed_from_u64(5));
        let hard = Spin::plan(8, 0.0, Push::Flick(24.0), false, &mut ChaCha8Rng::seed_from_u64(5));
        let back = Spin::plan(8, 0.0, Push::Flick(-24.0), false, &mut ChaCha8Rng::seed_from_u64(5));
        assert!(hard.seconds > soft.seconds && hard.total > soft.total);
        assert!(back.total < 0.0);
        assert_eq!(soft.target, hard.target);
        assert_eq!(soft.target, back.target);
        let nan = Spin::plan(
            8,
            f32::NAN,
            Push::Flick(f32::INFINITY),
            false,
            &mut ChaCha8Rng::seed_from_u64(5),
        );
        assert_eq!(nan.landed(8), nan.target);
    }

    #[test]
    fn reduced_motion_is_short() {
        let s = Spin::plan(8, 0.3, Push::Flick(30.0), true, &mut ChaCha8Rng::seed_from_u64(1));
        assert_eq!(s.seconds, REDUCED_SECONDS);
        assert!(s.total.abs() < TAU * 1.5 + 0.01);
        assert_eq!(s.landed(8), s.target);
    }

    /// 6,000 spins of an 8-topic wheel planned by [`Spin::plan`] with random
    /// swipes, the outcomes drawn from `outcomes`; counted by what the wheel
    /// shows at rest, not by what it was told.
    fn six_thousand_spins(outcomes: &mut impl Rng) -> [u32; 8] {
        let mut gestures = ChaCha8Rng::seed_from_u64(1123);
        let mut counts = [0u32; 8];
        let mut from = 0.0;
        for _ in 0..6000 {
            let push = Push::Flick(gestures.random_range(-40.0f32..40.0));
            let s = Spin::plan(8, from, push, false, outcomes);
            counts[sector_at_pointer(8, s.angle_at(s.seconds))] += 1;
            from = s.end();
        }
        counts
    }

    /// The chi-square test of uniformity at p = 0.01 (critical value 18.475
    /// for 7 degrees of freedom).
    fn looks_uniform(counts: &[u32; 8]) -> (bool, f64) {
        let expected = counts.iter().sum::<u32>() as f64 / 8.0;
        let chi2: f64 = counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum();
        (chi2 < 18.475, chi2)
    }

    #[test]
    fn six_thousand_spins_are_uniform() {
        let counts = six_thousand_spins(&mut ChaCha8Rng::seed_from_u64(2026));
        let (uniform, chi2) = looks_uniform(&counts);
        assert!(uniform, "chi-square {chi2:.2} for {counts:?}");
    }

    /// An outcome source that favours low draws: one draw in three comes from
    /// the lowest eighth of the range, as a rigged or broken kiosk might.
    struct Rigged(ChaCha8Rng);

    impl rand::TryRng for Rigged {
        type Error = std::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            let x = self.0.next_u32();
            Ok(if x.is_multiple_of(3) { x >> 3 } else { self.0.next_u32() })
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            let high = self.try_next_u32()? as u64;
            Ok(high << 32 | self.0.next_u32() as u64)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            self.0.fill_bytes(dst);
            Ok(())
        }
    }

    #[test]
    fn the_same_check_catches_a_planner_fed_a_rigged_outcome_source() {
        // The product's planner, the same swipes and the same check as the
        // fair test: only the source of outcomes differs.
        let counts = six_thousand_spins(&mut Rigged(ChaCha8Rng::seed_from_u64(2026)));
        let (uniform, chi2) = looks_uniform(&counts);
        assert!(!uniform, "a rigged source passed: chi-square {chi2:.2} for {counts:?}");
    }

    #[test]
    fn flick_speed_from_the_last_samples() {
        let samples = [(0.0, 0.0), (0.5, 0.1), (0.55, 0.4), (0.6, 0.7)];
        let v = flick_speed(&samples, 0.1);
        assert!((v - 6.0).abs() < 0.01, "{v}");
        assert_eq!(flick_speed(&[(1.0, 2.0)], 0.1), 0.0);
        assert!((angle_step(6.2, 0.1) - (0.1 + TAU - 6.2)).abs() < 1e-5);
        assert!((angle_step(0.1, 6.2) + (0.1 + TAU - 6.2)).abs() < 1e-5);
    }
}
