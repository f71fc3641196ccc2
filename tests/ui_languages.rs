//! Turkish and Arabic in the real UI: the picker in each language's own
//! script, right-to-left mirroring, Arabic letters drawn where they belong,
//! and every screen fitting at every size in both languages.

use std::time::Duration;

use i_slint_backend_testing::ElementHandle;
use rookvrij_kiosk::preview;
use rookvrij_kiosk::ui::{self, Screen};
use slint::{ComponentHandle, Model};

mod common;

use common::*;

fn centre_x(e: &ElementHandle) -> f32 {
    e.absolute_position().x + e.size().width / 2.0
}

fn label(r: &Rig, id: &str) -> String {
    r.find(id).accessible_label().unwrap().to_string()
}

#[test]
fn home_names_every_language_in_its_own_script_and_idle_returns_to_dutch() {
    let r = rig(1280, 800);
    r.tap("attract");
    let names: Vec<String> = ["nl", "tr", "ar", "en"]
        .iter()
        .map(|c| label(&r, &format!("lang-{c}")))
        .collect();
    assert_eq!(names, ["Nederlands", "Türkçe", "العربية", "English"]);
    r.tap("lang-ar");
    assert_eq!(r.count("language_choose", "ar"), 1);
    assert_eq!(label(&r, "tile-wheel"), "أدِر العجلة");
    assert_eq!(r.find("lang-ar").accessible_checked(), Some(true));
    let theme = r.kiosk.app().global::<ui::Theme>();
    assert!(theme.get_is_rtl());
    assert_eq!(theme.get_font(), "Noto Sans Arabic");

    r.tap("lang-tr");
    assert_eq!(r.count("language_choose", "tr"), 1);
    assert_eq!(label(&r, "tile-wheel"), "Çarkı çevir");
    assert!(!theme.get_is_rtl());
    assert_eq!(theme.get_font(), "Noto Sans");

    // Somebody walks away in Arabic: the next person starts in Dutch.
    r.tap("lang-ar");
    r.wait(Duration::from_secs(61));
    assert_eq!(r.screen(), Screen::Attract);
    assert!(!theme.get_is_rtl(), "left to right again on the attract screen");
    r.tap("attract");
    assert_eq!(label(&r, "tile-wheel"), "Draai het rad");
    assert_eq!(theme.get_font(), "Noto Sans");
    assert_eq!(r.count("language_choose", "ar"), 2);
}

/// Dark text pixels inside an element: how many, and the empty margin left
/// and right of them.
fn ink_in(r: &Rig, e: &ElementHandle) -> (usize, f32, f32) {
    let shot = r.kiosk.app().window().take_snapshot().unwrap();
    let (w, h) = (shot.width() as usize, shot.height() as usize);
    let p = e.absolute_position();
    let s = e.size();
    let (x0, y0) = (p.x.max(0.0) as usize, p.y.max(0.0) as usize);
    let (x1, y1) = (((p.x + s.width) as usize).min(w), ((p.y + s.height) as usize).min(h));
    let px = shot.as_slice();
    let (mut n, mut min_x, mut max_x) = (0, usize::MAX, 0);
    for y in y0..y1 {
        for x in x0..x1 {
            let c = px[y * w + x];
            if (c.r as u32 + c.g as u32 + c.b as u32) < 250 {
                n += 1;
                min_x = min_x.min(x);
                max_x = max_x.max(x);
            }
        }
    }
    if n == 0 {
        return (0, 0.0, 0.0);
    }
    (n, min_x as f32 - x0 as f32, x1 as f32 - 1.0 - max_x as f32)
}

#[test]
fn arabic_mirrors_the_buttons_right_aligns_its_text_and_draws_its_letters() {
    for lang in ["nl", "ar"] {
        let rtl = lang == "ar";
        let r = rig(1280, 800);
        r.tap("attract");
        if rtl {
            r.tap("lang-ar");
        }
        // Home: the invitation on the far side, the tiles and the languages
        // in reading order.
        let (more, first, last) = (
            centre_x(&r.find("home-interest")),
            centre_x(&r.find("tile-wheel")),
            centre_x(&r.find("tile-help")),
        );
        let (nl, en) = (centre_x(&r.find("lang-nl")), centre_x(&r.find("lang-en")));
        if rtl {
            assert!(
                more < 640.0 && first > last && nl > en,
                "{lang}: {more} {first} {last} {nl} {en}"
            );
        } else {
            assert!(
                more > 640.0 && first < last && nl < en,
                "{lang}: {more} {first} {last} {nl} {en}"
            );
        }
        // Every activity: home at the start of the bar, help at its end.
        r.tap("tile-wheel");
        let (home, help) = (centre_x(&r.find("nav-home")), centre_x(&r.find("nav-help")));
        assert_eq!(home > 640.0, rtl, "{lang}: home at {home}");
        assert_eq!(help < 640.0, rtl, "{lang}: help at {help}");
        // The question after a spin: drawn, and against the reading side.
        preview::stage(&r.kiosk, "wheel-result", lang);
        r.wait(Duration::from_millis(200));
        assert_eq!(r.screen(), Screen::WheelResult);
        let question = r.find("wheel-question");
        let (ink, left, right) = ink_in(&r, &question);
        assert!(
            ink > 1500,
            "{lang}: the question's letters are drawn ({ink} dark pixels)"
        );
        let width = question.size().width;
        if rtl {
            assert!(
                right < width * 0.05 && left > right + 20.0,
                "{lang}: margins {left} | {right}"
            );
        } else {
            assert!(
                left < width * 0.05 && right > left + 20.0,
                "{lang}: margins {left} | {right}"
            );
        }
        // Forward lies the way one reads: "next" before "again" in Arabic.
        let (again, next) = (centre_x(&r.find("wheel-again")), centre_x(&r.find("wheel-done")));
        assert_eq!(next < again, rtl, "{lang}: next {next}, again {again}");
        // The chart of guesses starts at 0 on the reading side.
        preview::stage(&r.kiosk, "quiz-result", lang);
        r.wait(Duration::from_millis(200));
        let bars = r.kiosk.app().global::<ui::QuizAdapter>().get_bars();
        let first = bars.row_data(0).unwrap().label;
        let last = bars.row_data(bars.row_count() - 1).unwrap().label;
        assert_eq!((first == "0", last == "0"), (!rtl, rtl), "{lang}: {first} … {last}");
        // The cost slider: more is to the left in Arabic.
        preview::stage(&r.kiosk, "quiz-cost", lang);
        r.wait(Duration::from_millis(200));
        let (less, more) = (centre_x(&r.find("cost-less")), centre_x(&r.find("cost-more")));
        assert_eq!(more < less, rtl, "{lang}: more {more}, less {less}");
        let before = r.kiosk.controller().visit().per_day;
        r.tap("cost-more");
        assert_eq!(
            r.kiosk.controller().visit().per_day,
            before + 1,
            "{lang}: the + adds one"
        );
    }
}

const SIZES: [(u32, u32); 4] = [(800, 480), (1280, 800), (720, 1280), (1920, 1080)];
/// The screens a resident sees (the team's are Dutch and left to right).
fn resident_screens() -> impl Iterator<Item = &'static str> {
    preview::SCREENS
        .iter()
        .copied()
        .filter(|s| !s.starts_with("team") && *s != "pin")
}

#[test]
fn every_screen_fits_in_every_language_at_every_size() {
    let mut cut = Vec::new();
    for (w, h) in SIZES {
        let r = rig(w, h);
        for lang in ["nl", "tr", "ar", "en"] {
            for screen in resident_screens() {
                preview::stage(&r.kiosk, screen, lang);
                r.wait(Duration::from_millis(1500));
                if screen != "attract" {
                    assert_eq!(r.kiosk.controller().visit().language, lang);
                }
                // Every text and every button the screen shows lies wholly
                // inside the window (what a Flickable holds out of sight is
                // not shown, and not found).
                cut.extend(cut_off(&r, &format!("{screen} {lang} {w}x{h}"), w, h));
            }
        }
    }
    assert!(cut.is_empty(), "cut off: {cut:#?}");
}

/// Language first: each greeting on the attract screen starts the visit in
/// its own language; a touch elsewhere starts in Dutch.
#[test]
fn each_greeting_starts_the_visit_in_its_language() {
    for (lang, size) in [("tr", (800, 480)), ("ar", (800, 480)), ("en", (720, 1280))] {
        let r = rig(size.0, size.1);
        r.tap(&format!("attract-{lang}"));
        assert_eq!(r.screen(), Screen::Home, "{lang}");
        assert_eq!(r.kiosk.controller().visit().language, lang);
        assert_eq!(r.count("language_choose", lang), 1);
        assert_eq!(r.total("visit_start"), 1, "one visit, not two");
    }
    let r = rig(1920, 1080);
    r.tap("attract");
    assert_eq!(r.kiosk.controller().visit().language, "nl");
    assert_eq!(r.total("language_choose"), 0);
}
