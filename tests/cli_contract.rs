//! The command line contract (docs/CLI.md), run on the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod folders;

use folders::{demo_copy as content_copy, replace};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
}

fn media() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("media")
}

fn check(dir: &Path) -> (i32, String) {
    let out = bin().arg("check-content").arg(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

/// The line number of the first line containing `needle` (1-based).
fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// Breaks one file of a copy of the demo content; check-content must refuse it
/// (exit 2). Returns its output and the line where the broken text now stands.
fn refused(file: &str, from: &str, to: &str) -> (String, usize) {
    let d = content_copy();
    replace(d.path(), file, from, to);
    let (code, out) = check(d.path());
    assert_eq!(code, 2, "{out}");
    (out, line_of(d.path(), file, to))
}

#[test]
fn the_demo_content_passes() {
    let (code, out) = check(&media());
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("fout"), "{out}");
}

/// A team's `note` is for the team: check-content shows it at its line, the
/// content the kiosk shows never holds it.
#[test]
fn a_team_note_is_shown_by_check_content_and_never_reaches_residents() {
    let (code, out) = check(&media());
    assert_eq!(code, 0, "{out}");
    let line = line_of(&media(), "quiz.toml", "note = \"Voorbeeldprijs");
    assert!(
        out.lines().any(
            |l| l.starts_with(&format!("quiz.toml:{line}:")) && l.contains(": notitie: Voorbeeldprijs: controleer")
        ),
        "{out}"
    );
    let content = rookvrij_kiosk::content::check_folder(&media()).content.unwrap();
    let everything = format!("{content:?}");
    assert!(
        !everything.contains("controleer de prijs"),
        "a note reached the content"
    );
    assert!(
        !everything.contains("met toestemming van de verteller"),
        "a note reached the content"
    );
}

#[test]
fn broken_toml_syntax() {
    let (out, line) = refused("wheel.toml", "id = \"stress\"", "id = \"stress");
    assert!(out.contains(&format!("wheel.toml:{line}:")), "{out}");
    assert!(out.contains(": fout: "), "{out}");
}

#[test]
fn wrong_type() {
    let (out, line) = refused("quiz.toml", "count = 347", "count = \"veel\"");
    assert!(
        out.contains(&format!(
            "quiz.toml:{line}:9: fout: verkeerd soort waarde: hier hoort een heel getal"
        )),
        "{out}"
    );
}

#[test]
fn missing_media_file() {
    let d = content_copy();
    std::fs::remove_file(d.path().join("images/story-ria.svg")).unwrap();
    let (code, out) = check(d.path());
    assert_eq!(code, 2);
    let line = line_of(d.path(), "stories.toml", "images/story-ria.svg");
    assert!(out.contains(&format!("stories.toml:{line}:")), "{out}");
    assert!(out.contains("bestaat niet"), "{out}");
}

#[test]
fn path_outside_the_folder() {
    let (out, line) = refused("help.toml", "images/help-online.svg", "../../etc/passwd.svg");
    assert!(
        out.contains(&format!("help.toml:{line}:")) && out.contains("buiten de inhoudsmap"),
        "{out}"
    );
}

#[test]
fn unknown_language_code() {
    let (out, line) = refused("wheel.toml", "label.en = \"Money\"", "label.xx = \"Money\"");
    assert!(
        out.contains(&format!("wheel.toml:{line}:")) && out.contains("onbekende taalcode \"xx\""),
        "{out}"
    );
}

#[test]
fn duplicate_id() {
    let d = content_copy();
    replace(d.path(), "stories.toml", "id = \"hasan\"", "id = \"ria\"");
    let (code, out) = check(d.path());
    assert_eq!(code, 2);
    let second = std::fs::read_to_string(d.path().join("stories.toml"))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id = \"ria\""))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert!(
        out.contains(&format!(
            "stories.toml:{second}:6: fout: id \"ria\" komt twee keer voor"
        )),
        "{out}"
    );
}

#[test]
fn bad_links_and_numbers_are_refused() {
    for bad in ["javascript:alert(1)", "http://ikstopnu.nl", "tel:0800-19"] {
        let (out, line) = refused("help.toml", "link = \"tel:0800-1995\"", &format!("link = \"{bad}\""));
        assert!(out.contains(&format!("help.toml:{line}:8: fout:")), "{bad}: {out}");
    }
}

#[test]
fn a_missing_folder_and_bad_arguments_are_exit_2() {
    let out = bin().args(["check-content", "/nonexistent/folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["simulate", "--data", "/tmp/x", "--visits", "veel"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["preview", "--out", "/tmp/x", "--size", "12"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["report", "--data", "/nonexistent/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("counts.sqlite"));
}

#[test]
fn run_without_a_display_says_so_and_exits_1() {
    let out: Output = bin()
        .args(["run", "--data"])
        .arg(tempfile::tempdir().unwrap().path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SLINT_BACKEND")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen beeldscherm"));
}

/// `bench` on a machine without a display or Xvfb, told to time the taps in a
/// folder that cannot be one: it still reports what it measured headless and
/// says what it could not measure, and why.
#[test]
fn bench_without_a_display_or_a_tap_folder_reports_what_it_can() {
    let work = tempfile::tempdir().unwrap();
    let not_a_folder = work.path().join("een-bestand");
    std::fs::write(&not_a_folder, "geen map").unwrap();
    let out: Output = bin()
        .args([
            "bench",
            "--size",
            "800x480",
            "--frames",
            "3",
            "--spins",
            "2",
            "--tap-dir",
        ])
        .arg(&not_a_folder)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // No Xvfb to start either.
        .env("PATH", work.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let said: Vec<String> = json["not_measured"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(
        said.iter()
            .any(|s| s.starts_with("run_first_frame_ms, attract_cpu_percent") && s.contains("Xvfb")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("tap_commit") && s.contains("een-bestand")),
        "{said:?}"
    );
    assert!(json["tap_commit"].is_null());
    assert!(json["run_first_frame_ms"].is_null());
    assert_eq!(json["attract_cpu_percent"], serde_json::json!({}));
    // What needs neither was measured.
    assert!(json["headless_first_frame_ms"].as_f64().unwrap() > 0.0);
    assert!(json["wake_first_frame_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(json["sizes"][0]["size"], "800x480");
    assert!(json["sizes"][0]["attract"]["frames"].as_u64().unwrap() > 0);
}

/// The kiosk image's start: `run --last-good` keeps good content and settings,
/// and `image-env` turns the screen by the last good kiosk.toml when the
/// team's is broken.
#[test]
fn the_image_keeps_the_last_good_settings_and_turns_the_screen_by_them() {
    let content = content_copy();
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("kiosk.toml");
    let keep = tmp.path().join("laatste-goede");
    let run_env = tmp.path().join("run");
    std::fs::write(&config, "kiosk_id = \"noord\"\nrotation = 90\n").unwrap();
    // (renderer = "software" is the default)
    let run = |config: &Path| {
        bin()
            .args(["run", "--data"])
            .arg(tmp.path().join("data"))
            .arg("--content")
            .arg(content.path())
            .arg("--config")
            .arg(config)
            .arg("--last-good")
            .arg(&keep)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("SLINT_BACKEND")
            .output()
            .unwrap()
    };
    let out = run(&config);
    assert_eq!(out.status.code(), Some(1), "no display here");
    assert!(keep.join("kiosk.toml").is_file() && keep.join("inhoud/wheel.toml").is_file());

    std::fs::write(&config, "kiosk_id = \"noord\"\nrotation = 45\n").unwrap();
    let out = run(&config);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kiosk.toml:2:") && err.contains("laatste goede instellingen"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken kiosk.toml does not stop the kiosk on the image: {err}"
    );

    let out = bin()
        .args(["image-env", "--config"])
        .arg(&config)
        .arg("--last-good")
        .arg(&keep)
        .arg("--out")
        .arg(&run_env)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kiosk.toml:2:"));
    let display = std::fs::read_to_string(run_env.join("kiosk.env")).unwrap();
    let touch = std::fs::read_to_string(run_env.join("touch.env")).unwrap();
    assert_eq!(display, "SLINT_BACKEND=linuxkms-software\nSLINT_KMS_ROTATION=90\n");
    assert_eq!(touch, "LIBINPUT_CALIBRATION_MATRIX=\"0 1 0 -1 0 1\"\n");
}

fn simulate(data: &Path, visits: &str, seed: &str) -> Vec<u64> {
    let out = bin()
        .args([
            "simulate",
            "--visits",
            visits,
            "--seed",
            seed,
            "--start",
            "2026-11-23T09",
            "--hours",
            "8",
            "--data",
        ])
        .arg(data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.strip_prefix("ack ").expect("only ack lines").parse().unwrap())
        .collect()
}

fn report_json(data: &Path) -> serde_json::Value {
    let out = bin()
        .args(["report", "--format", "json", "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn simulate_then_report_agree_and_the_seed_repeats() {
    let a = tempfile::tempdir().unwrap();
    let acks = simulate(a.path(), "500", "1");
    assert_eq!(
        acks,
        (1..=acks.len() as u64).collect::<Vec<_>>(),
        "one ack per tap, counting up"
    );
    let report = report_json(a.path());
    let last = *acks.last().unwrap();
    assert_eq!(report["taps"].as_u64().unwrap(), last);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.iter().map(|r| r["count"].as_u64().unwrap()).sum::<u64>(), last);
    assert_eq!(report["totals"]["visit_start"].as_u64().unwrap(), 500);
    assert!(rows.iter().any(|r| r["event"] == "interest"));
    assert!(rows.iter().any(|r| r["event"] == "help_contact_show"));
    // Spread over 8 hours from the start.
    let hours: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["hour"].as_str().unwrap()).collect();
    assert_eq!(hours.len(), 8);
    assert!(hours.contains("2026-11-23T09") && hours.contains("2026-11-23T16"));

    let b = tempfile::tempdir().unwrap();
    simulate(b.path(), "500", "1");
    assert_eq!(report_json(b.path())["rows"], report["rows"], "same seed, same rows");
    let c = tempfile::tempdir().unwrap();
    simulate(c.path(), "500", "2");
    assert_ne!(report_json(c.path())["rows"], report["rows"]);

    // CSV for Dutch Excel: BOM, ';', CRLF, one row per json row.
    let out = bin()
        .args(["report", "--format", "csv", "--data"])
        .arg(a.path())
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8_lossy(&out.stdout[3..]).to_string();
    assert!(text.starts_with("uur;kiosk;vindplaats;gebeurtenis;onderdeel;aantal\r\n"));
    assert_eq!(text.matches("\r\n").count(), rows.len() + 1);

    // An Excel workbook and one HTML page, written with --out.
    let xlsx = a.path().join("r.xlsx");
    let html = a.path().join("r.html");
    for (format, path) in [("xlsx", &xlsx), ("html", &html)] {
        let status = bin()
            .args(["report", "--format", format, "--data"])
            .arg(a.path())
            .arg("--out")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success(), "{format}");
    }
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an xlsx is a zip");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<svg") && page.contains(&format!("{last} tikken")),
        "html"
    );
    // The export read back: the same rows.
    let export = a.path().join("export.json");
    std::fs::write(&export, serde_json::to_string(&report).unwrap()).unwrap();
    let out = bin()
        .args(["report", "--format", "json", "--import"])
        .arg(&export)
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["rows"], report["rows"]);
}

#[test]
fn preview_writes_every_screen_at_every_size_in_every_language_with_only_the_shipped_fonts() {
    let out_dir = tempfile::tempdir().unwrap();
    // A machine with no fonts but the kiosk's own: fontconfig sees only media/fonts.
    let fonts = tempfile::tempdir().unwrap();
    let conf = fonts.path().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  <dir>{}</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
            media().join("fonts").display(),
            fonts.path().join("cache").display()
        ),
    )
    .unwrap();
    let out = bin()
        .env("FONTCONFIG_FILE", &conf)
        .args(["preview", "--content"])
        .arg(media())
        .arg("--out")
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let screens = rookvrij_kiosk::preview::SCREENS;
    for lang in ["nl", "tr", "ar", "en"] {
        for size in ["800x480", "1280x800", "720x1280", "1920x1080"] {
            for screen in screens {
                let path = out_dir.path().join(format!("{screen}-{lang}-{size}.png"));
                let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
                let mut reader = decoder.read_info().unwrap();
                let mut buf = vec![0; reader.output_buffer_size().unwrap()];
                let info = reader.next_frame(&mut buf).unwrap();
                let (w, h) = size.split_once('x').unwrap();
                assert_eq!(
                    (info.width.to_string(), info.height.to_string()),
                    (w.to_string(), h.to_string())
                );
                let distinct: std::collections::HashSet<&[u8]> = buf.chunks(3).step_by(7).collect();
                assert!(distinct.len() > 10, "{} looks blank", path.display());
            }
        }
    }
    let out = bin()
        .args(["preview", "--screen", "nope", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The QR code on the opened stop-help option, read back from the 800x480
/// proof sheet by a QR decoder, holds exactly the option's link.
#[test]
fn the_qr_code_in_the_preview_decodes_to_the_link() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "preview",
            "--screen",
            "help-contact",
            "--size",
            "800x480",
            "--lang",
            "nl",
            "--content",
        ])
        .arg(media())
        .arg("--out")
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let path = out_dir.path().join("help-contact-nl-800x480.png");
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let p = &buf[(y * w + x) * 3..(y * w + x) * 3 + 3];
        ((p[0] as u32 * 30 + p[1] as u32 * 59 + p[2] as u32 * 11) / 100) as u8
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the screen");
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, "tel:0800-1995");
}

#[test]
fn wheel_topics_icons_and_their_number() {
    // A pictogram that is not a drawable SVG: an error on its line.
    let d = content_copy();
    std::fs::write(d.path().join("images/topics/geld.svg"), "<svg><path d=").unwrap();
    let (code, out) = check(d.path());
    assert_eq!(code, 2, "{out}");
    let line = line_of(d.path(), "wheel.toml", "images/topics/geld.svg");
    assert!(
        out.contains(&format!("wheel.toml:{line}:")) && out.contains("pictogram"),
        "{out}"
    );

    // A topic without a pictogram is usable, with a warning naming it.
    let d = content_copy();
    replace(d.path(), "wheel.toml", "icon = \"images/topics/stress.svg\"\n", "");
    let (code, out) = check(d.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("waarschuwing") && out.contains("\"stress\""), "{out}");

    // Thirteen topics are too many to read.
    let d = content_copy();
    let path = d.path().join("wheel.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 0..5 {
        text.push_str(&format!(
            "\n[[topic]]\nid = \"extra-{i}\"\ncolor = \"#336699\"\nicon = \"images/topics/geld.svg\"\nlabel = {{ nl = \"Extra\", en = \"Extra\" }}\nquestion = {{ nl = \"Vraag?\", en = \"Question?\" }}\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let (code, out) = check(d.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("wheel.toml") && out.contains("6 tot 12"), "{out}");
}

#[test]
fn quiz_mistakes_each_name_their_line() {
    // A jar with a photo but no count.
    let (out, line) = refused("quiz.toml", "count = 347", "photo = \"images/story-ria.svg\"");
    // Named at the jar's id, the line above.
    assert!(out.contains(&format!("quiz.toml:{}:", line - 1)), "{out}");
    assert!(out.contains("het echte aantal nodig"), "{out}");
    // A count out of range.
    let (out, line) = refused("quiz.toml", "count = 347", "count = 12000");
    assert!(out.contains(&format!("quiz.toml:{line}:")), "{out}");
    assert!(out.contains("tussen 1 en 9999"), "{out}");
    // A drawn jar upside down.
    let (out, line) = refused(
        "quiz.toml",
        "drawn = { min = 120, max = 420 }",
        "drawn = { min = 420, max = 120 }",
    );
    assert!(out.contains(&format!("quiz.toml:{line}:")), "{out}");
    assert!(out.contains("kleiner dan min"), "{out}");
    // A myth without its answer.
    let (out, line) = refused(
        "quiz.toml",
        "fact = false\nexplanation.nl = \"8 van",
        "explanation.nl = \"8 van",
    );
    // id, then the statement in four languages.
    let id_line = line - 5;
    assert!(out.contains(&format!("quiz.toml:{id_line}:")), "{out}");
    assert!(out.contains("heeft geen antwoord"), "{out}");
    // A price that cannot be.
    let (out, line) = refused("quiz.toml", "pack_price = 11.50", "pack_price = -3.0");
    assert!(out.contains(&format!("quiz.toml:{line}:")), "{out}");
    assert!(out.contains("pack_price"), "{out}");
}

#[test]
fn broken_recordings_are_errors_that_name_their_line_and_the_story_is_still_read() {
    let d = content_copy();
    let audio = d.path().join("audio");
    // Cut short (half a file), a flipped byte, a missing file, a text file.
    let whole = std::fs::read(audio.join("ria-nl.ogg")).unwrap();
    std::fs::write(audio.join("ria-nl.ogg"), &whole[..whole.len() / 2]).unwrap();
    let mut flipped = std::fs::read(audio.join("hasan-en.ogg")).unwrap();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    std::fs::write(audio.join("hasan-en.ogg"), flipped).unwrap();
    std::fs::remove_file(audio.join("samira-nl.ogg")).unwrap();
    std::fs::write(audio.join("kees-en.ogg"), "geen geluid").unwrap();
    let (code, out) = check(d.path());
    assert_eq!(code, 2, "{out}");
    let line = |id: &str| line_of(d.path(), "stories.toml", &format!("audio/{id}"));
    for (file, words) in [
        ("ria-nl", "afgebroken"),
        ("hasan-en", "beschadigd"),
        ("samira-nl", "bestaat niet"),
        ("kees-en", "geluidsformaat"),
    ] {
        let at = format!("stories.toml:{}:", line(file));
        let found = out.lines().find(|l| l.contains(&at) && l.contains(file));
        assert!(found.is_some_and(|l| l.contains(words)), "{file}: {words}\n{out}");
    }
    // The kiosk lives with it: the content loads, those recordings left out.
    let checked = rookvrij_kiosk::content::check_folder(d.path());
    let content = checked.content.expect("broken recordings do not take the content down");
    let ria = content.stories.iter().find(|s| s.id == "ria").unwrap();
    assert!(!ria.audio.contains_key("nl") && ria.audio.contains_key("en"));
}

/// A phone photo cut off while copying, and one saved under the wrong name:
/// check-content opens every photo fully and names the `photo` line.
#[test]
fn a_cut_off_or_misnamed_photo_is_an_error_at_its_line() {
    let mut pixels = image::RgbImage::new(400, 300);
    for (x, y, p) in pixels.enumerate_pixels_mut() {
        *p = image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    for (name, bytes, says) in [
        ("images/ria.jpg", jpeg[..jpeg.len() / 2].to_vec(), "kapot of afgebroken"),
        ("images/ria.png", jpeg.clone(), "eigenlijk een JPEG-bestand"),
    ] {
        let d = content_copy();
        std::fs::write(d.path().join(name), &bytes).unwrap();
        replace(
            d.path(),
            "stories.toml",
            "photo = \"images/story-ria.svg\"",
            &format!("photo = \"{name}\""),
        );
        let (code, out) = check(d.path());
        assert_eq!(code, 2, "{name}: {out}");
        let line = line_of(d.path(), "stories.toml", name);
        assert!(
            out.contains(&format!("stories.toml:{line}:")) && out.contains(says),
            "{name}: {out}"
        );
    }
}
