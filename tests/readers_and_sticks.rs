//! The reports read by real readers: the html page in headless Chromium with
//! the network off, the xlsx in Python's openpyxl. And the export to a stick
//! that is read-only or full: real tmpfs mounts in a user namespace.
//! `./dev test` installs chromium and python3-openpyxl.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kiosk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
        .args(args)
        .output()
        .expect("the kiosk binary runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A kiosk's data folder with 150 simulated visits at two vindplaatsen.
fn counted(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let d = data.to_str().unwrap();
    ok(&kiosk(&[
        "simulate",
        "--data",
        d,
        "--visits",
        "90",
        "--start",
        "2026-11-20T10",
        "--hours",
        "8",
        "--vindplaats",
        "Markt Noord",
        "--seed",
        "3",
    ]));
    ok(&kiosk(&[
        "simulate",
        "--data",
        d,
        "--visits",
        "60",
        "--start",
        "2026-11-21T13",
        "--hours",
        "4",
        "--vindplaats",
        "Buurthuis De Boog",
        "--seed",
        "4",
    ]));
    data
}

fn json_report(data: &Path) -> serde_json::Value {
    let out = ok(&kiosk(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ]));
    serde_json::from_str(&out).unwrap()
}

/// Whether we can make mounts in a user namespace (unshare -rm).
fn user_namespaces() -> bool {
    Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn the_html_report_shows_its_charts_in_chromium_with_the_network_off() {
    let dir = tempfile::tempdir().unwrap();
    let data = counted(dir.path());
    let page = dir.path().join("rapport.html");
    ok(&kiosk(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]));
    let shot = dir.path().join("rapport.png");
    let url = format!("file://{}", page.display());
    let chromium_args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            // Belt and braces: even if the namespace is missing, no network.
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a.push(url.clone());
        a
    };
    // A network namespace of its own: no interface but a loopback that is down.
    let run = |args: Vec<String>| -> Output {
        let mut c = if user_namespaces() {
            let mut c = Command::new("unshare");
            c.arg("-rn").args(&args);
            c
        } else {
            let mut c = Command::new(&args[0]);
            c.args(&args[1..]);
            c
        };
        c.env("HOME", dir.path())
            .output()
            .expect("chromium is installed (./dev test installs it)")
    };
    let o = run(chromium_args(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=1200,1600",
    ]));
    assert!(shot.exists(), "no screenshot: {}", String::from_utf8_lossy(&o.stderr));
    let dom = run(chromium_args(&["--dump-dom"]));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.matches("<svg").count() >= 3, "charts are SVG: {}", dom.len());
    assert!(dom.matches("<rect").count() >= 10, "bars are there");
    assert!(dom.contains("Markt Noord") && dom.contains("Buurthuis De Boog"));

    // The screenshot is not blank: the funnel's and the charts' colours are drawn.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.line_size / info.width as usize;
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let near = |p: &[u8], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) < 8);
    let green = pixels.iter().filter(|p| near(p, [0x1f, 0x6f, 0x5c])).count();
    let white = pixels.iter().filter(|p| near(p, [255, 255, 255])).count();
    assert!(green > 5_000, "green bars drawn: {green} pixels");
    assert!(white < pixels.len() * 95 / 100, "not a blank page");
}

#[test]
fn the_xlsx_report_opens_in_openpyxl_with_the_right_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = counted(dir.path());
    let book = dir.path().join("rapport.xlsx");
    ok(&kiosk(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "--format",
        "xlsx",
        "--out",
        book.to_str().unwrap(),
    ]));
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {"sheets": wb.sheetnames}
rows = list(wb["Tellingen"].iter_rows(values_only=True))
out["header"] = list(rows[0])
out["rows"] = len(rows) - 1
out["total"] = sum(r[5] for r in rows[1:])
out["summary"] = [list(r) for r in wb["Samenvatting"].iter_rows(values_only=True)]
print(json.dumps(out, default=str))
"#;
    // Debian's python3-openpyxl sits with Debian's python, which a pyenv may hide.
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let o = Command::new(python)
        .args(["-c", script, book.to_str().unwrap()])
        .output()
        .expect("python3 runs");
    let read: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let json = json_report(&data);
    assert_eq!(read["sheets"], serde_json::json!(["Samenvatting", "Tellingen"]));
    assert_eq!(
        read["header"],
        serde_json::json!(["uur", "kiosk", "vindplaats", "gebeurtenis", "onderdeel", "aantal"])
    );
    assert_eq!(read["rows"], json["rows"].as_array().unwrap().len());
    assert_eq!(read["total"], json["taps"]);
    // The funnel per vindplaats in the summary matches the counts.
    let rows = json["rows"].as_array().unwrap();
    let sum = |place: &str, event: &str, items: &[&str]| -> u64 {
        rows.iter()
            .filter(|r| r["vindplaats"] == place && r["event"] == event)
            .filter(|r| items.is_empty() || items.contains(&r["item"].as_str().unwrap()))
            .map(|r| r["count"].as_u64().unwrap())
            .sum()
    };
    for place in ["Markt Noord", "Buurthuis De Boog"] {
        let row = read["summary"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == place)
            .unwrap_or_else(|| panic!("{place} in the summary: {}", read["summary"]));
        let want = [
            sum(place, "visit_start", &[]),
            sum(place, "activity_open", &[]),
            sum(place, "interest", &["more_info", "want_to_quit"]),
            sum(place, "help_contact_show", &[]),
        ];
        let got: Vec<u64> = (1..5).map(|i| row[i].as_f64().unwrap() as u64).collect();
        assert_eq!(got, want, "{place}");
        assert!(want[0] > 0);
    }
}

/// Runs `export` with the stick as a small tmpfs, mounted read-only or
/// filled up first, inside a user namespace.
fn export_to_tmpfs(data: &Path, prepare: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_rookvrij-kiosk");
    let script = format!(
        "set -e; m=$(mktemp -d); mount -t tmpfs -o size=256k tmpfs \"$m\"; {prepare}; \
         \"{bin}\" export --data \"{}\" --to \"$m\" --kiosk-id noord; s=$?; ls -A \"$m\"/rookvrij-export 2>/dev/null | sed 's/^/LEFT /'; exit $s",
        data.display()
    );
    Command::new("unshare")
        .args(["-rm", "sh", "-c", &script.replace("set -e; ", "")])
        .output()
        .unwrap()
}

#[test]
fn export_to_a_read_only_or_full_stick_says_so_and_leaves_no_half_files() {
    assert!(
        user_namespaces(),
        "this test mounts tmpfs sticks in a user namespace (unshare -rm); the machine does not allow it"
    );
    let dir = tempfile::tempdir().unwrap();
    let data = counted(dir.path());

    let o = export_to_tmpfs(&data, "true");
    let out = ok(&o);
    assert_eq!(out.matches("LEFT ").count(), 4, "{out}");
    assert!(out.contains("rijen"), "{out}");

    let o = export_to_tmpfs(&data, "mount -o remount,ro \"$m\"");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("alleen-lezen"), "{err}");

    // Full: only a few KiB left when the export starts.
    let o = export_to_tmpfs(&data, "head -c 250000 /dev/zero > \"$m\"/vol.bin");
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is vol"), "{err}");
    assert!(!out.contains(".part"), "no half file left: {out}");
}

#[test]
fn a_pin_hash_for_kiosk_toml() {
    let o = kiosk(&["pin-hash", "4821"]);
    let line = ok(&o);
    assert!(line.starts_with("pin_hash = \"$argon2id$"), "{line}");
    assert!(!line.contains("4821"));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kiosk.toml");
    std::fs::write(&config, &line).unwrap();
    let c = rookvrij_kiosk::config::Config::load(&config).unwrap();
    assert!(rookvrij_kiosk::team::pin::verify("4821", &c.pin_hash));
    let o = kiosk(&["pin-hash", "12a"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("4 tot 8 cijfers"));
    std::fs::write(&config, "pin_hash = \"1234\"\n").unwrap();
    let e = rookvrij_kiosk::config::Config::load(&config).unwrap_err().to_string();
    assert!(e.contains("kiosk.toml:1:1: fout: pin_hash is geen argon2-hash"), "{e}");
}
