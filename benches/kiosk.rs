//! `cargo bench` (criterion): the pieces a frame or a tap is made of, each on
//! its own. The whole window, startup and memory are measured by
//! `rookvrij-kiosk bench`; both are written down in BENCHMARKS.md.
//!
//! - wheel frame: one frame of the turning babbelschijf, copied from the
//!   pre-drawn disc at the angle of the moment (the sizes it has on 800x480,
//!   1280x800 and 1920x1080), while turning and at rest (finer sampling);
//! - wheel picture: drawing the disc itself, once per size and language;
//! - drawn jar: the quiz's drawn jar, once per visit that opens it;
//! - tap commit: a tap recorded until it is durably in SQLite (WAL,
//!   synchronous=FULL, so one fsync) — the latency before a tap is acknowledged;
//! - report: reading and merging one kiosk's month and writing it as csv.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rookvrij_kiosk::content;
use rookvrij_kiosk::store::{Store, StoreOptions, Tap};
use rookvrij_kiosk::wheel::art::{Finish, Fonts, Sector, WheelArt};

fn wheel(c: &mut Criterion) {
    let content = content::builtin();
    let labels: Vec<String> = content.topics.iter().map(|t| t.label.get("ar").to_string()).collect();
    let sectors: Vec<Sector<'_>> = content
        .topics
        .iter()
        .zip(&labels)
        .map(|(t, label)| Sector {
            color: t.color,
            label,
            icon: None,
        })
        .collect();
    let mut fonts = Fonts::new();
    let mut group = c.benchmark_group("wheel frame");
    for size in [388u32, 664, 896] {
        let art = WheelArt::new(size, &sectors, &mut fonts);
        let mut out = vec![0u8; (size * size * 3) as usize];
        for (name, finish) in [("turning", Finish::Turning), ("at rest", Finish::Still)] {
            let mut angle = 0.0f32;
            group.bench_with_input(BenchmarkId::new(name, size), &size, |b, _| {
                b.iter(|| {
                    angle += 0.037;
                    art.frame_on(angle, finish, [250, 247, 240], &mut out);
                    black_box(&out);
                })
            });
        }
    }
    group.finish();
    let mut group = c.benchmark_group("wheel picture");
    group.sample_size(10);
    group.bench_function("664 px, Arabic words", |b| {
        b.iter(|| black_box(WheelArt::new(664, &sectors, &mut fonts)))
    });
    group.finish();
}

fn jar(c: &mut Criterion) {
    c.bench_function("drawn jar 480x640, 420 butts", |b| {
        b.iter(|| black_box(rookvrij_kiosk::jar::draw(480, 640, 420, 7)))
    });
}

fn tap_commit(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), StoreOptions::default());
    let mut n = 0u64;
    c.bench_function("tap commit (record until durable)", |b| {
        b.iter(|| {
            n += 1;
            store.record(Tap {
                hour: "2026-11-24T10".into(),
                kiosk: "bench".into(),
                vindplaats: "markt".into(),
                event: "wheel_spin".into(),
                item: format!("onderwerp-{}", n % 8),
            });
            assert!(store.flush(Duration::from_secs(10)));
        })
    });
}

fn report(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
        .args([
            "simulate",
            "--visits",
            "3000",
            "--start",
            "2026-10-01T08",
            "--hours",
            "720",
            "--data",
        ])
        .arg(&data)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(made.success());
    let sources = [rookvrij_kiosk::report::ReportSource::Data(data)];
    let mut group = c.benchmark_group("report");
    group.sample_size(20);
    group.bench_function("one kiosk, a month, to csv", |b| {
        b.iter(|| {
            let r = rookvrij_kiosk::report::collect(&sources, None, None).unwrap();
            let mut out = Vec::new();
            rookvrij_kiosk::report::write_csv(&r, &mut out).unwrap();
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, wheel, jar, tap_commit, report);
criterion_main!(benches);
