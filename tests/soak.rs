//! A day at the market in mock time: visits of every kind at random, the
//! idle reset, the attract screen turning for long stretches. Measured each
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
use rookvrij_kiosk::preview::stage;
use rookvrij_kiosk::store::{self, StoreOptions};

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

/// The screens a visitor can be on (not the attract screen, not the team's).
fn visitor_screens() -> Vec<&'static str> {
    rookvrij_kiosk::preview::SCREENS
        .iter()
        .copied()
        .filter(|s| !s.starts_with("team") && *s != "pin" && *s != "attract")
        .collect()
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
    let screens = visitor_screens();
    let mut heap = Vec::new();
    let mut db = Vec::new();
    let mut visits = 0u32;
    for hour in 0..hours {
        let mut seconds = 0u32;
        while seconds < 3600 {
            // A visitor: a few screens in one of the four languages, a while on each.
            let lang = ["nl", "tr", "ar", "en"][rng.random_range(0..4)];
            for _ in 0..rng.random_range(1..6) {
                stage(&r.kiosk, screens[rng.random_range(0..screens.len())], lang);
                let stay = rng.random_range(3..40);
                for _ in 0..stay {
                    r.wait(Duration::from_secs(1));
                    clock.advance(Duration::from_secs(1));
                }
                seconds += stay;
            }
            visits += 1;
            // Nobody for a while: the idle reset, then the attract screen.
            let idle = rng.random_range(30..600);
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
