//! Offline, always, and nothing personal leaves: every command runs under
//! strace without a single network system call, and an export holds counters
//! and nothing else. (The window itself is traced in window_under_xvfb.rs;
//! media paths that leave the content folder are refused in content::source;
//! the PIN lock-out is in ui_team.rs.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn media() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("media")
}

/// Runs the binary under strace; returns its network system calls.
fn network_calls(dir: &Path, name: &str, args: &[&str]) -> String {
    let trace = dir.join(format!("{name}.trace"));
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=%network", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
        .args(args)
        .output()
        .expect("strace is needed: run ./dev test, which installs it");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(trace).unwrap_or_default()
}

#[test]
fn no_command_makes_a_network_call() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let stick = dir.path().join("stick");
    let proof = dir.path().join("proof");
    std::fs::create_dir_all(&stick).unwrap();
    let (d, s, p, m) = (
        data.to_str().unwrap(),
        stick.to_str().unwrap(),
        proof.to_str().unwrap(),
        media(),
    );
    let m = m.to_str().unwrap();
    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("check-content", vec!["check-content", m]),
        (
            "simulate",
            vec!["simulate", "--data", d, "--visits", "300", "--start", "2026-11-20T10"],
        ),
        ("report", vec!["report", "--data", d, "--format", "json"]),
        ("export", vec!["export", "--data", d, "--to", s]),
        (
            "preview",
            vec![
                "preview",
                "--content",
                m,
                "--out",
                p,
                "--lang",
                "ar",
                "--screen",
                "home,help-contact",
                "--size",
                "800x480",
            ],
        ),
        ("pin-hash", vec!["pin-hash", "4321"]),
    ];
    for (name, args) in commands {
        let calls = network_calls(dir.path(), name, &args);
        for bad in ["AF_INET", "AF_INET6", "AF_PACKET", "listen(", "connect("] {
            assert!(!calls.contains(bad), "{name} made a network call ({bad}):\n{calls}");
        }
    }
}

#[test]
fn an_export_holds_counters_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let stick = dir.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let bin = env!("CARGO_BIN_EXE_rookvrij-kiosk");
    let ok = Command::new(bin)
        .args([
            "simulate",
            "--kiosk-id",
            "markt-1",
            "--visits",
            "2000",
            "--hours",
            "30",
            "--start",
            "2026-11-20T08",
            "--data",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(ok.status.success());
    let out = Command::new(bin)
        .args(["export", "--kiosk-id", "markt-1", "--data"])
        .arg(&data)
        .arg("--to")
        .arg(&stick)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let folder = stick.join("rookvrij-export");
    let csv = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("a csv in the export");
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("uur;kiosk;vindplaats;gebeurtenis;onderdeel;aantal"));
    let c = rookvrij_kiosk::content::builtin();
    let mut items: Vec<String> = vec![String::new()];
    items.extend(c.topics.iter().map(|t| t.id.clone()));
    items.extend(c.jars.iter().map(|j| j.id.clone()));
    items.extend(c.myths.iter().map(|m| m.id.clone()));
    items.extend(c.stories.iter().map(|s| s.id.clone()));
    items.extend(c.help.iter().map(|h| h.id.clone()));
    items.extend(c.languages.iter().map(|l| l.code.clone()));
    let mut rows = 0;
    for line in lines {
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f.len(), 6, "{line}");
        // The hour and no finer: no minutes, no seconds.
        let hour = f[0];
        assert!(
            hour.len() == 13 && hour.as_bytes()[10] == b'T' && hour[..10].chars().filter(|c| *c == '-').count() == 2,
            "not an hour: {line}"
        );
        assert_eq!(f[1], "markt-1");
        assert!(f[3].chars().all(|c| c.is_ascii_lowercase() || c == '_'), "event {line}");
        // Items are content ids, language codes, activities, answers and
        // ranges of a hundred: never free text, never an exact guess.
        let item = f[4];
        let fixed = [
            "help",
            "quiz",
            "stories",
            "wheel",
            "more_info",
            "not_now",
            "want_to_quit",
        ];
        let known = |i: &str| items.iter().any(|k| k == i) || fixed.contains(&i);
        let ok = match item.split_once('/') {
            Some((id, "goed" | "fout")) => known(id),
            Some((id, range)) => {
                let (lo, hi) = range.split_once('-').unwrap_or(("x", "x"));
                let (lo, hi) = (lo.parse::<u32>(), hi.parse::<u32>());
                known(id) && matches!((lo, hi), (Ok(lo), Ok(hi)) if lo % 100 == 0 && hi == lo + 99)
            }
            None => known(item),
        };
        assert!(ok, "item {item:?} in {line}");
        assert!(f[5].parse::<u64>().is_ok_and(|n| n > 0), "count {line}");
        rows += 1;
    }
    assert!(rows > 50, "{rows} rows");
}
