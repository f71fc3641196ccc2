//! The kiosk's idea of the time, and whether to believe it.
//!
//! A Raspberry Pi has no clock that runs without power: offline it starts at
//! 1970 or at the last saved time. The [`TimeKeeper`] calls the clock wrong
//! when it reads before the release date of this program or before the newest
//! hour already counted. While it is wrong, counts are not put on a made-up
//! day: they land in the hour bucket [`UNDATED`] ("onbekend"), and the kiosk
//! remembers, in memory only, in which 10 minutes since start each happened.
//! When the team sets the time on the team screen, those counts are moved to
//! the hours they really happened in (to within 10 minutes). After a power
//! cut before that, they stay "onbekend": counted, but without a date.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};

use crate::events::HOUR_FORMAT;

/// The hour bucket of counts made while the clock was wrong.
pub const UNDATED: &str = "onbekend";

/// The day this version was released: a clock before it is certainly wrong.
pub const RELEASE_DATE: (i32, u32, u32) = (2026, 11, 1);

/// The steps in which the kiosk remembers, in memory, when undated taps happened.
pub const SLOT: Duration = Duration::from_secs(600);

pub fn release_date() -> NaiveDateTime {
    let (y, m, d) = RELEASE_DATE;
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// A wall clock and a monotonic clock since start.
pub trait Clock {
    fn system_now(&self) -> NaiveDateTime;
    /// Time since the kiosk started; never jumps.
    fn uptime(&self) -> Duration;
}

pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock { start: Instant::now() }
    }
}

impl Clock for SystemClock {
    fn system_now(&self) -> NaiveDateTime {
        chrono::Local::now().naive_local()
    }
    fn uptime(&self) -> Duration {
        self.start.elapsed()
    }
}

/// A clock set by hand: `simulate` and tests. Clones share the time.
#[derive(Clone)]
pub struct ManualClock {
    pub now: std::rc::Rc<std::cell::Cell<NaiveDateTime>>,
    pub uptime: std::rc::Rc<std::cell::Cell<Duration>>,
}

impl ManualClock {
    pub fn new(now: NaiveDateTime) -> ManualClock {
        ManualClock {
            now: std::rc::Rc::new(std::cell::Cell::new(now)),
            uptime: Default::default(),
        }
    }

    /// Time passes: both clocks move.
    pub fn advance(&self, d: Duration) {
        self.now
            .set(self.now.get() + TimeDelta::from_std(d).unwrap_or_default());
        self.uptime.set(self.uptime.get() + d);
    }

    /// The wall clock jumps (a bad battery, a wrong NTP answer); uptime does not.
    pub fn jump_to(&self, t: NaiveDateTime) {
        self.now.set(t);
    }
}

impl Clock for ManualClock {
    fn system_now(&self) -> NaiveDateTime {
        self.now.get()
    }
    fn uptime(&self) -> Duration {
        self.uptime.get()
    }
}

/// Where a count goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bucket {
    Hour(String),
    /// The clock is wrong: `UNDATED`, in this 10-minute slot since start.
    Undated(u64),
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ClockError {
    #[error("die datum ligt voor {0}, de datum van deze versie van de kiosk")]
    BeforeRelease(String),
}

pub struct TimeKeeper {
    clock: Box<dyn Clock>,
    /// Added to the system clock: set by the team when the clock was wrong.
    offset: TimeDelta,
    /// The clock is wrong when it reads before this; None: always believed.
    floor: Option<NaiveDateTime>,
}

impl TimeKeeper {
    /// A clock that is always believed (`simulate --start`, previews).
    pub fn trusted(clock: Box<dyn Clock>) -> TimeKeeper {
        TimeKeeper {
            clock,
            offset: TimeDelta::zero(),
            floor: None,
        }
    }

    /// A clock checked against the release date and the newest counted hour.
    pub fn guarded(clock: Box<dyn Clock>, newest_counted: Option<&str>) -> TimeKeeper {
        let mut t = TimeKeeper {
            clock,
            offset: TimeDelta::zero(),
            floor: Some(release_date()),
        };
        if let Some(h) = newest_counted {
            t.counted_at(h);
        }
        t
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.system_now() + self.offset
    }

    pub fn uptime(&self) -> Duration {
        self.clock.uptime()
    }

    /// Whether the clock can be believed.
    pub fn plausible(&self) -> bool {
        match self.floor {
            None => true,
            Some(floor) => hour_start(self.now()) >= hour_start(floor),
        }
    }

    /// The earliest time the kiosk would believe.
    pub fn floor(&self) -> Option<NaiveDateTime> {
        self.floor
    }

    pub fn bucket(&self) -> Bucket {
        if self.plausible() {
            Bucket::Hour(self.now().format(HOUR_FORMAT).to_string())
        } else {
            Bucket::Undated(self.slot())
        }
    }

    /// The 10 minutes since start we are in.
    pub fn slot(&self) -> u64 {
        self.uptime().as_secs() / SLOT.as_secs()
    }

    /// A count landed in this hour: an earlier reading later means the clock went back.
    pub fn counted_at(&mut self, hour: &str) {
        if let (Some(floor), Ok(t)) = (
            self.floor,
            NaiveDateTime::parse_from_str(&format!("{hour}:00"), "%Y-%m-%dT%H:%M"),
        ) && t > floor
        {
            self.floor = Some(t);
        }
    }

    /// The team says it is `real` now. Afterwards the clock is believed, and
    /// every later reading moves with the system clock.
    pub fn set_now(&mut self, real: NaiveDateTime) -> Result<(), ClockError> {
        if real < release_date() {
            return Err(ClockError::BeforeRelease(release_date().format("%d-%m-%Y").to_string()));
        }
        self.offset = real - self.clock.system_now();
        // What the team says wins over the newest counted hour.
        self.floor = self.floor.map(|f| f.min(hour_start(real)));
        Ok(())
    }

    /// The hour a tap in this 10-minute slot since start really happened in,
    /// now that the clock is right (the middle of the slot).
    pub fn hour_of_slot(&self, slot: u64) -> String {
        let middle = Duration::from_secs(slot * SLOT.as_secs() + SLOT.as_secs() / 2);
        let ago = self.uptime().saturating_sub(middle);
        let t = self.now() - TimeDelta::from_std(ago).unwrap_or_default();
        t.format(HOUR_FORMAT).to_string()
    }
}

fn hour_start(t: NaiveDateTime) -> NaiveDateTime {
    t.with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_clock_in_1970_is_not_believed_until_the_team_sets_it() {
        let clock = ManualClock::new(at("1970-01-01 00:00"));
        let mut t = TimeKeeper::guarded(Box::new(clock.clone()), None);
        assert!(!t.plausible());
        assert_eq!(t.bucket(), Bucket::Undated(0));
        clock.advance(Duration::from_secs(25 * 60));
        assert_eq!(t.bucket(), Bucket::Undated(2));
        assert!(t.set_now(at("2020-05-01 10:00")).is_err());
        t.set_now(at("2026-11-23 14:05")).unwrap();
        assert!(t.plausible());
        assert_eq!(t.bucket(), Bucket::Hour("2026-11-23T14".into()));
        // Set 25 minutes after start: the slot 20-30 minutes after start is
        // now (14h), the first 10 minutes were 15-25 minutes ago (13h).
        assert_eq!(t.hour_of_slot(2), "2026-11-23T14");
        assert_eq!(t.hour_of_slot(0), "2026-11-23T13");
        clock.advance(Duration::from_secs(3600));
        assert_eq!(t.bucket(), Bucket::Hour("2026-11-23T15".into()));
    }

    #[test]
    fn a_clock_behind_the_newest_count_is_wrong_and_a_jump_back_is_noticed() {
        let clock = ManualClock::new(at("2026-12-01 09:30"));
        let mut t = TimeKeeper::guarded(Box::new(clock.clone()), Some("2026-12-03T16"));
        assert!(!t.plausible());
        clock.jump_to(at("2026-12-03 16:59"));
        assert!(t.plausible());
        t.counted_at("2026-12-03T16");
        clock.jump_to(at("2026-12-05 10:00"));
        t.counted_at("2026-12-05T10");
        // Back by two days: not believed.
        clock.jump_to(at("2026-12-03 10:00"));
        assert!(!t.plausible());
        // Not a word from before: nothing moves the floor.
        t.counted_at(UNDATED);
        assert_eq!(t.floor(), Some(at("2026-12-05 10:00")));
    }

    #[test]
    fn a_trusted_clock_is_always_believed() {
        let t = TimeKeeper::trusted(Box::new(ManualClock::new(at("2001-01-01 00:00"))));
        assert_eq!(t.bucket(), Bucket::Hour("2001-01-01T00".into()));
    }
}
