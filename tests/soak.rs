//! A day at the market in mock time: visitors who tap what the screen shows,
//! with pointer events as a resident's finger makes them (any button of the
//! screen they are on, in any order), the idle reset, the attract screen
//! turning for long stretches. Measured each
//! hour: the heap (a counting allocator in this test binary) and the size of
//! the database files. Neither may grow with the hours beyond the rows a new
//! hour adds. CI plays 8 hours; `SOAK_HOURS=24` plays the whole day.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::NaiveDateTime;
use rand::{RngExt, SeedableRng};
use rookvrij_kiosk::clock::ManualClock;
use rookvrij_kiosk::content;
use rookvrij_kiosk::store::{self, StoreOptions};
use rookvrij_kiosk::ui::Screen;

mod common;

use common::*;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

/// The database's own size (pages in use, the log included) and the size of
/// its write-ahead log file.
fn db_bytes(dir: &std::path::Path) -> (u64, u64) {
    let conn =
        rusqlite::Connection::open_with_flags(dir.join("counts.sqlite"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let wal = std::fs::metadata(dir.join("counts.sqlite-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    ((pages * size) as u64, wal)
}

/// What a visitor can touch on each screen (accessible ids). A visitor taps
/// one of those the screen shows now.
fn touchable(screen: Screen) -> &'static [&'static str] {
    match screen {
        Screen::Attract => &["attract"],
        Screen::Home => &[
            "tile-wheel",
            "tile-quiz",
            "tile-stories",
            "tile-help",
            "home-interest",
            "lang-nl",
            "lang-tr",
            "lang-ar",
            "lang-en",
        ],
        Screen::Wheel => &["wheel-spin", "wheel", "nav-home"],
        Screen::WheelResult => &["wheel-again", "wheel-done", "nav-home"],
        Screen::Quiz => &[
            "pad-1",
            "pad-2",
            "pad-3",
            "pad-0",
            "pad-erase",
            "quiz-guess",
            "nav-home",
        ],
        Screen::QuizResult => &["quiz-next", "nav-home"],
        Screen::QuizCost => &["cost-more", "cost-less", "quiz-next", "nav-home"],
        Screen::QuizMyth => &["myth-fact", "myth-myth", "quiz-next", "nav-home"],
        Screen::Stories => &["story-0", "story-1", "story-2", "nav-home"],
        Screen::Story => &["story-play", "story-done", "nav-home"],
        Screen::Interest => &["interest-more", "interest-quit", "interest-not-now"],
        Screen::Help => &["help-option-0", "help-option-1", "help-option-2", "nav-home"],
        Screen::HelpContact => &["help-contact-close", "nav-home"],
        _ => &["nav-home"],
    }
}

#[test]
fn a_day_of_visits_and_idle_keeps_heap_and_database_bounded() {
    let hours: u32 = std::env::var("SOAK_HOURS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let start = NaiveDateTime::parse_from_str("2026-11-24 08:00", "%Y-%m-%d %H:%M").unwrap();
    let clock = ManualClock::new(start);
    let r = rig_faults(
        800,
        480,
        content::builtin(),
        tempfile::tempdir().unwrap(),
        &clock,
        StoreOptions::default(),
    );
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
    let mut seen = std::collections::HashSet::new();
    let mut heap = Vec::new();
    let mut db = Vec::new();
    let mut visits = 0u32;
    for hour in 0..hours {
        let mut seconds = 0u32;
        while seconds < 3600 {
            // A visitor: a few taps on whatever the screen shows, a while after each.
            for _ in 0..rng.random_range(1..16) {
                seen.insert(format!("{:?}", r.screen()));
                let shown: Vec<&str> = touchable(r.screen())
                    .iter()
                    .copied()
                    .filter(|id| r.try_find(id).is_some_and(|e| e.size().width > 0.0))
                    .collect();
                if let Some(id) = shown.get(rng.random_range(0..shown.len().max(1))) {
                    r.tap(id);
                }
                seen.insert(format!("{:?}", r.screen()));
                let stay = rng.random_range(2..12);
                for _ in 0..stay {
                    r.wait(Duration::from_secs(1));
                    clock.advance(Duration::from_secs(1));
                }
                seconds += stay;
            }
            visits += 1;
            // Nobody for a while: the idle reset, then the attract screen.
            let idle = rng.random_range(20..240);
            for _ in 0..idle / 10 {
                i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(10));
                clock.advance(Duration::from_secs(10));
            }
            seconds += idle / 10 * 10;
        }
        assert!(r.store.flush(Duration::from_secs(20)));
        heap.push(LIVE.load(Ordering::Relaxed));
        db.push(db_bytes(r.dir.path()));
        eprintln!(
            "hour {:2}: {visits:4} visits, heap {:6.1} MiB, database {:6.1} KiB, log file {:6.1} KiB",
            hour + 1,
            mib(heap[heap.len() - 1]),
            db[db.len() - 1].0 as f64 / 1024.0,
            db[db.len() - 1].1 as f64 / 1024.0
        );
    }
    // The visitors reached every part of the kiosk by tapping.
    for screen in [
        "Home",
        "WheelResult",
        "QuizCost",
        "QuizMyth",
        "Story",
        "HelpContact",
        "Interest",
    ] {
        assert!(seen.contains(screen), "no visitor reached {screen}: {seen:?}");
    }
    // Every tap is counted.
    let stored: u64 = store::read_counts(r.dir.path()).unwrap().iter().map(|c| c.count).sum();
    assert_eq!(stored, r.kiosk.controller().taps());
    // The heap after the first hour (caches warm) bounds every later hour.
    let first = heap[0];
    let most = *heap.iter().max().unwrap();
    assert!(
        most <= first + first / 4 + (4 << 20),
        "the heap grows with the hours: {:?} MiB",
        heap.iter().map(|b| mib(*b)).collect::<Vec<_>>()
    );
    // The database grows by the rows of a new hour, not by the taps: at most
    // 64 KiB an hour; the log file is checkpointed at SQLite's 1000 pages
    // (4 MiB) and never grows past that.
    let per_hour = db.windows(2).map(|w| w[1].0.saturating_sub(w[0].0)).max().unwrap_or(0);
    assert!(per_hour <= 64 * 1024, "database grows {per_hour} bytes an hour: {db:?}");
    assert!(db.iter().all(|d| d.1 <= 4300 * 1024), "{db:?}");
}
