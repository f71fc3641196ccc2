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

use std::time::Duration;

use web_time::Instant;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};

use crate::events::HOUR_FORMAT;

/// The hour bucket of counts made while the clock was wrong.
pub use rookvrij_core::report::UNDATED;

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
    /// Sets the machine's own clock (and its battery clock, if any) to
    /// `real`, local time. False when this clock may not or cannot.
    fn set_system(&self, _real: NaiveDateTime) -> bool {
        false
    }
}

pub struct SystemClock {
    start: Instant,
    /// On the kiosk image only: setting the time also sets the system clock.
    sets_system: bool,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            start: Instant::now(),
            sets_system: false,
        }
    }
}

impl SystemClock {
    /// A clock that, when the team sets the time, also sets the system clock
    /// and the battery clock (`/dev/rtc0`): the time then survives a restart
    /// of the kiosk, and a reboot on a machine with a battery clock. Needs
    /// CAP_SYS_TIME (the image's unit gives it) and write access to the RTC.
    pub fn setting_system() -> SystemClock {
        SystemClock {
            start: Instant::now(),
            sets_system: true,
        }
    }
}

impl Clock for SystemClock {
    fn system_now(&self) -> NaiveDateTime {
        chrono::Local::now().naive_local()
    }
    fn uptime(&self) -> Duration {
        self.start.elapsed()
    }
    fn set_system(&self, real: NaiveDateTime) -> bool {
        if !self.sets_system {
            return false;
        }
        let Some(utc) = real.and_local_timezone(chrono::Local).earliest().map(|t| t.naive_utc()) else {
            return false;
        };
        set_system_clock(utc)
    }
}

/// Sets the system clock and the battery clock (UTC); false when not allowed.
#[cfg(unix)]
fn set_system_clock(utc: NaiveDateTime) -> bool {
    let spec = rustix::time::Timespec {
        tv_sec: utc.and_utc().timestamp(),
        tv_nsec: 0,
    };
    if rustix::time::clock_settime(rustix::time::ClockId::Realtime, spec).is_err() {
        return false;
    }
    // The battery clock keeps UTC; a machine without one has no /dev/rtc0.
    let _ = rtc::set("/dev/rtc0", utc);
    true
}

/// A browser's clock is not the kiosk's to set.
#[cfg(not(unix))]
fn set_system_clock(_utc: NaiveDateTime) -> bool {
    false
}

/// The battery-backed clock through the kernel's RTC interface.
#[cfg(unix)]
mod rtc {
    use chrono::{Datelike, NaiveDateTime, Timelike};

    /// `struct rtc_time` of `<linux/rtc.h>`: nine ints, months from 0, years from 1900.
    #[repr(C)]
    #[derive(Debug, PartialEq)]
    pub struct RtcTime([i32; 9]);

    pub fn rtc_time(utc: NaiveDateTime) -> RtcTime {
        RtcTime([
            utc.second() as i32,
            utc.minute() as i32,
            utc.hour() as i32,
            utc.day() as i32,
            utc.month0() as i32,
            utc.year() - 1900,
            utc.weekday().num_days_from_sunday() as i32,
            utc.ordinal0() as i32,
            0,
        ])
    }

    /// RTC_SET_TIME = _IOW('p', 0x0a, struct rtc_time).
    const RTC_SET_TIME: rustix::ioctl::Opcode = rustix::ioctl::opcode::write::<RtcTime>(b'p', 0x0a);

    pub fn set(path: &str, utc: NaiveDateTime) -> rustix::io::Result<()> {
        let fd = rustix::fs::open(
            path,
            rustix::fs::OFlags::WRONLY | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )?;
        // SAFETY: RTC_SET_TIME reads exactly one `struct rtc_time`, which
        // `RtcTime` is (nine C ints, repr(C)); the kernel does not keep the pointer.
        unsafe { rustix::ioctl::ioctl(&fd, rustix::ioctl::Setter::<RTC_SET_TIME, RtcTime>::new(rtc_time(utc))) }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_rtc_gets_the_kernels_layout() {
            let t = NaiveDateTime::parse_from_str("2026-11-24 13:05:09", "%Y-%m-%d %H:%M:%S").unwrap();
            // Tuesday, day 327 of the year (0-based), November is month 10.
            assert_eq!(rtc_time(t), RtcTime([9, 5, 13, 24, 10, 126, 2, 327, 0]));
            assert_eq!(RTC_SET_TIME, 0x4024_700a, "_IOW('p', 0x0a, 36 bytes)");
        }
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
        // The machine's clock when it may be set (the kiosk image), else a
        // difference kept for this run.
        self.offset = if self.clock.set_system(real) {
            TimeDelta::zero()
        } else {
            real - self.clock.system_now()
        };
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

    /// A machine clock that may be set: setting it moves the clock itself.
    struct SettableClock(ManualClock);
    impl Clock for SettableClock {
        fn system_now(&self) -> NaiveDateTime {
            self.0.system_now()
        }
        fn uptime(&self) -> Duration {
            self.0.uptime()
        }
        fn set_system(&self, real: NaiveDateTime) -> bool {
            self.0.jump_to(real);
            true
        }
    }

    #[test]
    fn where_the_machine_clock_may_be_set_it_is_set_and_no_difference_is_kept() {
        let machine = ManualClock::new(at("2000-01-01 00:00"));
        let mut t = TimeKeeper::guarded(Box::new(SettableClock(machine.clone())), None);
        t.set_now(at("2026-11-24 13:05")).unwrap();
        assert_eq!(
            machine.system_now(),
            at("2026-11-24 13:05"),
            "the machine's clock is set"
        );
        assert_eq!(t.offset, TimeDelta::zero());
        machine.advance(Duration::from_secs(600));
        assert_eq!(t.now(), at("2026-11-24 13:15"));
        // An ordinary system clock (desktop, tests) is never touched.
        assert!(!SystemClock::default().set_system(at("2026-11-24 13:05")));
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
    fn after_400_days_of_uptime_the_wrong_clock_logic_still_holds() {
        // A kiosk that booted in 1970 and ran 400 days before the team came.
        let clock = ManualClock::new(at("1970-01-01 00:00"));
        let mut t = TimeKeeper::guarded(Box::new(clock.clone()), None);
        clock.advance(Duration::from_secs(400 * 24 * 3600));
        assert!(!t.plausible());
        // Ten-minute slots since start: 400 days is slot 57,600.
        assert_eq!(t.bucket(), Bucket::Undated(57_600));
        t.set_now(at("2027-12-28 09:05")).unwrap();
        assert_eq!(t.hour_of_slot(57_600), "2027-12-28T09");
        assert_eq!(t.hour_of_slot(57_594), "2027-12-28T08");
        // Another 400 days on: still believed, and the hour follows uptime.
        clock.advance(Duration::from_secs(400 * 24 * 3600));
        assert!(t.plausible());
        assert_eq!(t.bucket(), Bucket::Hour("2029-01-31T09".into()));
    }

    #[test]
    fn a_trusted_clock_is_always_believed() {
        let t = TimeKeeper::trusted(Box::new(ManualClock::new(at("2001-01-01 00:00"))));
        assert_eq!(t.bucket(), Bucket::Hour("2001-01-01T00".into()));
    }
}
