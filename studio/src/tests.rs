//! The studio's logic on the host: the same code the browser runs.

use serde_json::json;

use crate::folder::{Folder, content_root};
use crate::path::Seg;
use crate::report::Reports;

fn at(path: &[serde_json::Value]) -> Vec<Seg> {
    serde_json::from_value(json!(path)).unwrap()
}

fn errors(f: &Folder) -> Vec<crate::folder::Placed> {
    f.check().into_iter().filter(|p| p.severity == "fout").collect()
}

#[test]
fn the_demo_content_has_no_errors() {
    let f = Folder::demo();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    assert_eq!(f.languages(), ["nl", "tr", "ar", "en"]);
}

#[test]
fn an_emptied_label_gets_the_kiosks_message_at_its_field_and_a_fix_clears_it() {
    let mut f = Folder::demo();
    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(2), json!("label"), json!("nl")]),
        &json!(""),
    )
    .unwrap();
    let errs = errors(&f);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.file, "wheel.toml");
    assert!(e.message.contains("standaardtaal"), "{}", e.message);
    let place = e.at.clone().expect("placed at a field");
    assert_eq!(
        place[..3],
        at(&[json!("topic"), json!(2), json!("label")])[..],
        "{place:?}"
    );
    // The same message check-content prints.
    assert!(e.text.starts_with("wheel.toml:"), "{}", e.text);

    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(2), json!("label"), json!("nl")]),
        &json!("Gezin"),
    )
    .unwrap();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("label.nl = \"Gezin\""), "{text}");
    // The team's comments stay where they were.
    assert!(text.starts_with("# De babbelschijf: onderwerpen op het rad."), "{text}");
    assert_eq!(f.changed(), ["wheel.toml"]);
}

#[test]
fn a_new_language_is_written_as_the_files_are() {
    let mut f = Folder::demo();
    f.set(
        "content.toml",
        &at(&[json!("languages")]),
        &json!(["nl", "tr", "ar", "en", "pl"]),
    )
    .unwrap();
    // Every text now misses Polish: warnings, not errors.
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    let warnings = f.check().into_iter().filter(|p| p.severity == "waarschuwing").count();
    assert!(warnings > 10, "{warnings}");
    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(0), json!("label"), json!("pl")]),
        &json!("Pieniądze"),
    )
    .unwrap();
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("label.pl = \"Pieniądze\""), "{text}");
    assert_eq!(f.languages().last().map(String::as_str), Some("pl"));
}

#[test]
fn a_number_typed_as_words_gets_the_kiosks_message_at_its_field() {
    let mut f = Folder::demo();
    f.set("quiz.toml", &at(&[json!("cost"), json!("pack_price")]), &json!("veel"))
        .unwrap();
    let errs = errors(&f);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].at, Some(at(&[json!("cost"), json!("pack_price")])), "{errs:?}");
}

#[test]
fn items_are_added_with_a_free_id_and_removed() {
    let mut f = Folder::demo();
    let n = f.add_item("wheel.toml", &at(&[json!("topic")]), "rad").unwrap();
    assert_eq!(n, 8);
    // The new topic has no label, question or colour yet: the kiosk says so there.
    let errs = errors(&f);
    assert!(!errs.is_empty());
    assert!(
        errs.iter()
            .all(|e| e.at.as_ref().is_some_and(|p| p.get(1) == Some(&Seg::Index(8)))),
        "{errs:?}"
    );
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("id = \"rad-1\""), "{text}");
    f.remove_item("wheel.toml", &at(&[json!("topic")]), 8).unwrap();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
}

#[test]
fn a_picked_folder_starts_where_content_toml_is() {
    assert_eq!(
        content_root(
            [
                "stick/rookvrij-inhoud/content.toml",
                "stick/x/content.toml.bak",
                "stick/rookvrij-inhoud/wheel.toml"
            ]
            .into_iter()
        ),
        "stick/rookvrij-inhoud/"
    );
    assert_eq!(content_root(["content.toml"].into_iter()), "");
    let mut f = Folder::new();
    let files: Vec<(String, Vec<u8>)> = rookvrij_core::content::builtin_files()
        .iter()
        .map(|(p, b)| (format!("rookvrij-inhoud/{p}"), b.to_vec()))
        .chain([("elders.txt".to_string(), b"x".to_vec())])
        .collect();
    f.add_picked(files);
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    assert!(f.file("wheel.toml").is_some());
    assert!(f.file("elders.txt").is_none());
    assert!(f.changed().is_empty());
}

#[test]
fn the_zip_holds_the_folder() {
    let f = Folder::demo();
    let zip = f.zip("rookvrij-inhoud").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let n = rookvrij_core::content::builtin_files().len();
    assert_eq!(archive.len(), n);
    let mut toml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("rookvrij-inhoud/wheel.toml").unwrap(), &mut toml).unwrap();
    assert!(toml.contains("[[topic]]"));
}

fn export(rows: &[(&str, &str, &str, &str, u64)]) -> Vec<u8> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(hour, kiosk, event, item, count)| {
            json!({ "hour": hour, "kiosk": kiosk, "vindplaats": "markt", "event": event, "item": item, "count": count })
        })
        .collect();
    serde_json::to_vec(&json!({ "rows": rows })).unwrap()
}

#[test]
fn two_kiosks_exports_merge_into_one_report() {
    let mut r = Reports::new();
    r.add(
        "a.json",
        export(&[
            ("2026-11-02T10", "a", "visit_start", "", 5),
            ("2026-11-02T10", "a", "activity_open", "wheel", 3),
        ]),
    );
    r.add("b.json", export(&[("2026-11-03T11", "b", "visit_start", "", 7)]));
    let s = r.summary().unwrap();
    assert_eq!(s["taps"], 15);
    assert_eq!(s["funnel"][0]["visits"], 12);
    assert_eq!(s["per_kiosk"]["b"], 7);
    assert!(r.html().unwrap().contains("<html"));
    assert!(r.xlsx().unwrap().starts_with(b"PK"));
    assert!(!r.csv().unwrap().is_empty());
    // A broken file is named, with its line.
    r.add("kapot.json", b"{ \"rows\": [ }".to_vec());
    let e = r.summary().unwrap_err();
    assert!(e.starts_with("kapot.json:1:"), "{e}");
}

/// A 64x32 JPEG, left red and right blue, stored sideways as a phone does:
/// EXIF orientation 6 (turn 90 degrees clockwise to see it upright).
fn sideways_phone_photo() -> Vec<u8> {
    use image::ImageEncoder;
    let pixels = image::RgbImage::from_fn(64, 32, |x, _| {
        image::Rgb(if x < 32 { [230, 20, 20] } else { [20, 20, 230] })
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .write_image(pixels.as_raw(), 64, 32, image::ExtendedColorType::Rgb8)
        .unwrap();
    // APP1 "Exif": a big-endian TIFF header and one IFD entry, 0x0112 = 6.
    let mut app1 = vec![0xFF, 0xE1, 0x00, 0x22];
    app1.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0");
    jpeg.splice(2..2, app1);
    jpeg
}

#[test]
fn a_phone_photo_shows_upright_as_the_kiosk_decodes_it() {
    let mut f = Folder::demo();
    f.add("images/zijkant.jpg", sideways_phone_photo());
    let png = crate::media::photo(&f, "images/zijkant.jpg").unwrap();
    let shown = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(shown.dimensions(), (32, 64), "upright: a portrait");
    assert!(shown.get_pixel(16, 8)[0] > 150, "red on top");
    assert!(shown.get_pixel(16, 56)[2] > 150, "blue below");
    // An iPhone photo gets the kiosk's own words, naming the file.
    f.add("images/iphone.jpg", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec());
    let e = crate::media::photo(&f, "images/iphone.jpg").unwrap_err();
    assert!(e.starts_with("images/iphone.jpg: ") && e.contains("HEIC"), "{e}");
    assert!(
        crate::media::photo(&f, "images/weg.jpg")
            .unwrap_err()
            .contains("staat niet in de map")
    );
}

#[test]
fn a_microphone_recording_is_kept_as_a_wav_the_kiosk_plays() {
    let rate = 24_000;
    let tone: Vec<f32> = (0..rate)
        .map(|i| 0.3 * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin())
        .collect();
    let wav = crate::media::wav(&tone, rate).unwrap();
    assert_eq!(wav.len(), 44 + 2 * rate as usize);
    let heard = rookvrij_core::recording::check(&wav, "wav").unwrap();
    assert!((990..=1010).contains(&heard.length_ms), "{heard:?}");
    // Used as a story's Dutch recording, the kiosk's checks are content.
    let mut f = Folder::demo();
    let name = crate::media::free_name(&f, "audio/ria-nl", "wav");
    assert_eq!(name, "audio/ria-nl.wav");
    f.add(&name, wav);
    assert_eq!(crate::media::free_name(&f, "audio/ria-nl", "wav"), "audio/ria-nl-2.wav");
    f.set(
        "stories.toml",
        &at(&[json!("story"), json!(0), json!("audio"), json!("nl")]),
        &json!(name),
    )
    .unwrap();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    assert!(String::from_utf8_lossy(f.file("stories.toml").unwrap()).contains("audio.nl = \"audio/ria-nl.wav\""));
    // Nothing heard, or a rate no microphone has: a plain message.
    assert!(crate::media::wav(&[], rate).unwrap_err().contains("leeg"));
    assert!(crate::media::wav(&tone, 3).is_err());
}

/// The preview's kiosk under Slint's testing backend (in the browser it is
/// the web backend on the page's canvas): the same staging and controllers.
#[test]
fn the_preview_is_the_kiosks_own_screens_and_follows_the_content() {
    use slint::ComponentHandle;
    slint::platform::set_platform(Box::new(i_slint_backend_testing::TestingBackend::new(
        i_slint_backend_testing::TestingBackendOptions {
            mock_time: true,
            threading: false,
            renderer_name: Some("software".into()),
        },
    )))
    .ok();
    assert!(
        crate::Studio::preview_on().is_empty(),
        "no kiosk before the first preview"
    );
    // Made with the demo while the team picks a folder: on the waiting screen.
    crate::Studio::warm_preview().unwrap();
    assert_eq!(crate::Studio::preview_on(), "Attract nl");
    let mut studio = crate::Studio::demo();
    assert!(studio.load(), "the demo loads as the kiosk starts on it");
    studio.preview("wheel", "ar", 800, 480).unwrap();
    assert_eq!(crate::Studio::preview_on(), "Wheel ar");
    // What the preview's kiosk shows: its window's pixels and size, and the
    // third topic's Dutch word in the content it runs on.
    let shown = || {
        crate::SCREENS.with(|s| {
            let s = s.borrow();
            let (screens, _) = s.as_ref().unwrap();
            let app = screens.kiosk().app();
            let shot = app.window().take_snapshot().unwrap();
            let label = screens.kiosk().controller().content().topics[2]
                .label
                .get("nl")
                .to_string();
            (shot.as_bytes().to_vec(), shot.width(), shot.height(), label)
        })
    };
    let (arabic, w, h, _) = shown();
    assert_eq!((w, h), (800, 480));
    studio.preview("wheel", "nl", 800, 480).unwrap();
    let (before, _, _, label) = shown();
    assert_eq!(label, "Familie");
    assert!(arabic != before, "the Arabic wheel looks like the Dutch one");
    // An emptied label is an error: the preview keeps the last good content.
    let field = serde_json::to_string(&at(&[json!("topic"), json!(2), json!("label"), json!("nl")])).unwrap();
    studio.set("wheel.toml", &field, "\"\"").unwrap();
    assert!(studio.check().contains("\"fout\""));
    studio.preview("wheel", "nl", 800, 480).unwrap();
    let (kept, _, _, label) = shown();
    assert_eq!(label, "Familie");
    assert!(kept == before, "an error reached the preview");
    // Fixed: the wheel is drawn with the new word.
    studio.set("wheel.toml", &field, "\"Gezin\"").unwrap();
    assert!(!studio.check().contains("\"fout\""));
    studio.preview("wheel", "nl", 800, 480).unwrap();
    let (after, _, _, label) = shown();
    assert_eq!(label, "Gezin");
    let changed = before.chunks(4).zip(after.chunks(4)).filter(|(a, b)| a != b).count();
    assert!(
        changed > 100,
        "the wheel did not change with its word ({changed} pixels)"
    );
    // Another size: the kiosk lays itself out for it.
    studio.preview("wheel", "ar", 1280, 800).unwrap();
    assert_eq!((shown().1, shown().2), (1280, 800));
    // Every screen the page offers can be shown, in Dutch and Arabic.
    for (screen, _) in crate::screens::SCREENS {
        for lang in ["nl", "ar"] {
            studio.preview(screen, lang, 800, 480).unwrap();
        }
    }
    assert_eq!(crate::Studio::preview_on(), "Attract nl");
    studio.preview("help-contact", "tr", 800, 480).unwrap();
    assert_eq!(crate::Studio::preview_on(), "HelpContact tr");
    assert!(
        studio
            .show_preview("rad", "nl", (800, 480))
            .unwrap_err()
            .contains("onbekend scherm")
    );
    assert!(
        studio
            .show_preview("home", "fr", (800, 480))
            .unwrap_err()
            .contains("niet in de inhoud")
    );
    assert!(
        studio
            .show_preview("home", "nl", (20, 480))
            .unwrap_err()
            .contains("schermmaat")
    );
}
