//! `content import`, `content export` and `content rollback` on the real
//! binary, as a script or a team at the market would use them: a stick with
//! a content folder, a kiosk's data folder, and `preview --data` to see what
//! the kiosk shows.

use std::path::{Path, PathBuf};
use std::process::Command;

mod folders;
mod powercut;

use folders::{demo_copy, replace};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
}

/// Runs the binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Pixels of exactly this colour in the wheel screen that `preview --data`
/// draws for the kiosk with this data folder (and SD card folder).
fn wheel_pixels(data: &Path, sd: Option<&Path>, rgb: [u8; 3]) -> usize {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["preview", "--data", s(data), "--out", s(out.path())];
    args.extend(["--screen", "wheel", "--size", "800x480", "--lang", "nl"]);
    if let Some(sd) = sd {
        args.extend(["--content", s(sd)]);
    }
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let file = std::fs::File::open(out.path().join("wheel-nl-800x480.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks_exact(channels)
        .filter(|p| p[..3] == rgb)
        .count()
}

const MAGENTA: [u8; 3] = [255, 0, 255];

/// A stick holding the demo with the first wheel topic in magenta.
fn stick() -> (tempfile::TempDir, PathBuf) {
    let stick = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&[
        "content",
        "export",
        "--data",
        "/nonexistent-data",
        "--to",
        s(stick.path()),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let folder = stick.path().join("rookvrij-inhoud");
    replace(&folder, "wheel.toml", "color = \"#e98a2f\"", "color = \"#ff00ff\"");
    (stick, folder)
}

#[test]
fn an_import_is_shown_kept_and_rolled_back() {
    let data = tempfile::tempdir().unwrap();
    let (_stick, folder) = stick();
    assert_eq!(
        wheel_pixels(data.path(), None, MAGENTA),
        0,
        "the built-in demo has no magenta"
    );

    let (code, out, err) = run(&["content", "import", "--from", s(&folder), "--data", s(data.path())]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("is in gebruik"), "{out}");
    assert!(
        wheel_pixels(data.path(), None, MAGENTA) > 1000,
        "preview --data shows the import"
    );

    // Exported again from the kiosk: the imported content, whole.
    let back = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["content", "export", "--data", s(data.path()), "--to", s(back.path())]);
    assert_eq!(code, 0, "{err}");
    let wheel = std::fs::read_to_string(back.path().join("rookvrij-inhoud/wheel.toml")).unwrap();
    assert!(wheel.contains("#ff00ff"));
    let (code, _, _) = run(&["check-content", s(&back.path().join("rookvrij-inhoud"))]);
    assert_eq!(code, 0);

    // Back to the content before the import, and forward again.
    let (code, out, _) = run(&["content", "rollback", "--data", s(data.path())]);
    assert_eq!(code, 0);
    assert!(out.contains("SD-kaart"), "{out}");
    assert_eq!(wheel_pixels(data.path(), None, MAGENTA), 0);
    let (code, out, _) = run(&["content", "rollback", "--data", s(data.path())]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&folder.display().to_string()),
        "says where it came from: {out}"
    );
    assert!(wheel_pixels(data.path(), None, MAGENTA) > 1000);
}

#[test]
fn the_import_wins_over_the_sd_card_until_the_sd_cards_folder_changes() {
    let data = tempfile::tempdir().unwrap();
    let (_stick, folder) = stick();
    let sd = demo_copy();
    let (code, _, err) = run(&["content", "import", "--from", s(&folder), "--data", s(data.path())]);
    assert_eq!(code, 0, "{err}");
    assert!(
        wheel_pixels(data.path(), Some(sd.path()), MAGENTA) > 1000,
        "the import wins"
    );
    assert!(
        wheel_pixels(data.path(), Some(sd.path()), MAGENTA) > 1000,
        "and goes on winning"
    );
    // The team edits the SD card on a laptop: its folder is used again.
    replace(sd.path(), "wheel.toml", "color = \"#e98a2f\"", "color = \"#00ff00\"");
    assert_eq!(wheel_pixels(data.path(), Some(sd.path()), MAGENTA), 0);
    assert!(wheel_pixels(data.path(), Some(sd.path()), [0, 255, 0]) > 1000);
}

#[test]
fn a_bad_folder_is_refused_with_its_problems_and_nothing_changes() {
    let data = tempfile::tempdir().unwrap();
    let (_stick, folder) = stick();
    run(&["content", "import", "--from", s(&folder), "--data", s(data.path())]);
    let keuze = std::fs::read(data.path().join("inhoud/keuze.toml")).unwrap();

    let broken = demo_copy();
    replace(broken.path(), "wheel.toml", "[[topic]]", "[[topic]");
    let (code, _, err) = run(&[
        "content",
        "import",
        "--from",
        s(broken.path()),
        "--data",
        s(data.path()),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("wheel.toml:"), "names the file and line: {err}");
    assert!(err.contains("niets veranderd"), "{err}");
    assert_eq!(std::fs::read(data.path().join("inhoud/keuze.toml")).unwrap(), keuze);
    assert!(
        wheel_pixels(data.path(), None, MAGENTA) > 1000,
        "the import stays in use"
    );

    // A link out of the folder, and a folder that is not there.
    let linked = demo_copy();
    std::os::unix::fs::symlink("/etc/passwd", linked.path().join("images/weg.png")).unwrap();
    let (code, _, err) = run(&[
        "content",
        "import",
        "--from",
        s(linked.path()),
        "--data",
        s(data.path()),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("buiten de map"), "{err}");
    let (code, _, err) = run(&["content", "import", "--from", "/geen/stick", "--data", s(data.path())]);
    assert_eq!(code, 2);
    assert!(err.contains("bestaat niet"), "{err}");
    assert_eq!(std::fs::read(data.path().join("inhoud/keuze.toml")).unwrap(), keuze);

    // Nothing to go back to on a fresh kiosk.
    let fresh = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["content", "rollback", "--data", s(fresh.path())]);
    assert_eq!(code, 2);
    assert!(err.contains("geen vorige inhoud"), "{err}");
}

/// A stick that cannot be written (here /proc, which refuses new files
/// even to root) or is gone: one plain sentence, nothing half-written.
#[test]
fn an_export_that_cannot_be_written_says_so_in_one_sentence() {
    let (code, _, err) = run(&["content", "export", "--data", "/nonexistent", "--to", "/proc"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("kon niet schrijven") && err.contains("alleen-lezen"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!Path::new("/proc/rookvrij-inhoud").exists());
    let (code, _, err) = run(&[
        "content",
        "export",
        "--data",
        "/nonexistent",
        "--to",
        "/media/geen-stick",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bestaat niet"), "{err}");
}

/// `kill -9` at any moment of an import: afterwards the kiosk has the old
/// content or the new one, each whole, and the next import tidies up.
#[test]
fn an_import_killed_at_any_moment_leaves_the_old_or_the_new_whole() {
    use rookvrij_kiosk::content;
    use rookvrij_kiosk::shelf::Shelf;
    let data = tempfile::tempdir().unwrap();
    let (_stick, folder) = stick();
    // How long one whole import takes on this machine: the kills are
    // spread over that, whatever the machine's speed.
    let whole = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    run(&["content", "import", "--from", s(&folder), "--data", s(whole.path())]);
    let span = started.elapsed().as_millis() as u64 + 1;
    for round in 0..24u64 {
        let mut child = bin()
            .args(["content", "import", "--from", s(&folder), "--data", s(data.path())])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Spread over the import's life: reading, checking, copying, choosing.
        std::thread::sleep(std::time::Duration::from_millis(span * round / 20));
        let _ = child.kill();
        let _ = child.wait();
        let shelf = Shelf::in_data(data.path());
        if let Some((dir, origin)) = shelf.in_use() {
            let checked = content::check_folder(&dir);
            assert!(!checked.has_errors(), "round {round}: {:?}", checked.problems);
            assert!(origin.is_some(), "round {round}: where it came from is known");
        }
    }
    // Then a whole import: it works, and only the newest two are kept.
    let (code, _, err) = run(&["content", "import", "--from", s(&folder), "--data", s(data.path())]);
    assert_eq!(code, 0, "{err}");
    let kept: Vec<String> = std::fs::read_dir(data.path().join("inhoud"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.ends_with(".toml"))
        .collect();
    assert!(kept.len() <= 2, "kept: {kept:?}");
    assert!(Shelf::in_data(data.path()).in_use().is_some());
}

/// A power cut at any moment of an import (the power-cut shim of
/// `tests/power_cut.rs`: what was not synced is gone): after the restart the
/// kiosk has the old content or the new one, each whole, never a mix.
#[test]
fn a_power_cut_at_any_moment_of_an_import_leaves_the_old_or_the_new_whole() {
    use rookvrij_kiosk::content;
    use rookvrij_kiosk::shelf::Shelf;
    let power = powercut::PowerRig::new();
    let data = power.data.clone();
    // Two contents that differ in the first topic's colour.
    let (_stick, magenta) = stick();
    let (_other, orange) = stick();
    replace(&orange, "wheel.toml", "color = \"#ff00ff\"", "color = \"#e98a2f\"");
    let colour = |dir: &Path| -> String {
        let c = content::check_folder(dir).content.expect("a whole content");
        format!("{:?}", c.topics[0].color)
    };
    let import = |from: &Path| {
        let mut cmd = power.kiosk();
        cmd.args(["content", "import", "--from", s(from), "--data", s(&data)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    // The first content, whole; and how long an import takes here.
    let started = std::time::Instant::now();
    assert!(import(&orange).status().unwrap().success());
    let span = started.elapsed().as_millis() as u64 + 1;
    power.resync();
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..10u64 {
        let from = if round % 2 == 0 { &magenta } else { &orange };
        let before = colour(&Shelf::in_data(&data).in_use().unwrap().0);
        let mut child = import(from).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(span * round / 8));
        let _ = child.kill();
        let _ = child.wait();
        power.cut_power();
        let (dir, origin) = Shelf::in_data(&data)
            .in_use()
            .unwrap_or_else(|| panic!("round {round}: the content in use was lost"));
        let checked = content::check_folder(&dir);
        assert!(!checked.has_errors(), "round {round}: {:?}", checked.problems);
        assert!(origin.is_some(), "round {round}: where it came from is known");
        let after = colour(&dir);
        assert!(
            after == before || after == colour(from),
            "round {round}: {after} is neither the old nor the new"
        );
        seen.insert(after != before);
        power.resync();
    }
    assert!(seen.contains(&true), "some cuts fell after the switch");
    assert!(seen.contains(&false), "some cuts fell before it");
}

#[test]
fn content_export_puts_the_studio_beside_the_content() {
    let studio = tempfile::tempdir().unwrap();
    std::fs::write(studio.path().join("index.html"), "<!DOCTYPE html><title>studio</title>").unwrap();
    std::fs::write(studio.path().join("studio-wasm.js"), "// wasm").unwrap();
    let to = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["content", "export", "--data", "/nonexistent-data", "--to", s(to.path())])
        .env("ROOKVRIJ_STUDIO", studio.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("open index.html"), "{said}");
    let copied = to.path().join("rookvrij-studio");
    assert_eq!(
        std::fs::read_to_string(copied.join("index.html")).unwrap(),
        "<!DOCTYPE html><title>studio</title>"
    );
    assert!(copied.join("studio-wasm.js").is_file());
    assert!(to.path().join("rookvrij-inhoud/content.toml").is_file());
}
