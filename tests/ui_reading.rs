//! Readable at arm's length, in every language, with every content item:
//! the type scale on the 7" display measured on the drawn letters, every
//! myth, story, stop-help option and wheel topic fitting at every size, the
//! title in one place, sources behind "Bron", an honest jar chart and an
//! invitation that names its topic.

use std::collections::BTreeSet;
use std::time::Duration;

use i_slint_backend_testing::{ElementHandle, ElementQuery};
use rookvrij_kiosk::controller::{Activity, Intent, Screen as S};
use rookvrij_kiosk::preview;
use rookvrij_kiosk::ui::{self, Screen};
use rookvrij_kiosk::wheel::spin::Push;
use slint::ComponentHandle;

mod common;

use common::*;

const SIZES: [(u32, u32); 4] = [(800, 480), (1280, 800), (720, 1280), (1920, 1080)];
const LANGS: [&str; 4] = ["nl", "tr", "ar", "en"];

/// Every text on a story or stop-help card lies wholly inside that card.
fn out_of_cards(r: &Rig, what: &str) -> Vec<String> {
    let is_card = |id: &str| {
        ["story-", "help-option-"]
            .iter()
            .any(|p| id.strip_prefix(p).is_some_and(|n| n.parse::<usize>().is_ok()))
    };
    let all = ElementQuery::from_root(r.kiosk.app())
        .match_descendants()
        .match_predicate(|e| e.accessible_label().is_some_and(|l| !l.trim().is_empty()))
        .find_all();
    let cards: Vec<_> = all
        .iter()
        .filter(|e| e.accessible_id().is_some_and(|id| is_card(&id)))
        .map(|e| (e.absolute_position(), e.size(), e.accessible_id().unwrap_or_default()))
        .collect();
    assert!(!cards.is_empty(), "{what}: no cards");
    let mut out = Vec::new();
    for e in &all {
        if e.accessible_id().is_some_and(|id| is_card(&id)) {
            continue;
        }
        let (p, s) = (e.absolute_position(), e.size());
        let (cx, cy) = (p.x + s.width / 2.0, p.y + s.height / 2.0);
        for (cp, cs, id) in &cards {
            let holds = cx > cp.x && cx < cp.x + cs.width && cy > cp.y && cy < cp.y + cs.height;
            let inside = p.x >= cp.x - 0.5
                && p.y >= cp.y - 0.5
                && p.x + s.width <= cp.x + cs.width + 0.5
                && p.y + s.height <= cp.y + cs.height + 0.5;
            if holds && !inside {
                out.push(format!(
                    "{what}: {:?} runs out of {id} ({:.0},{:.0} {:.0}x{:.0} in {:.0},{:.0} {:.0}x{:.0})",
                    e.accessible_label().unwrap_or_default(),
                    p.x,
                    p.y,
                    s.width,
                    s.height,
                    cp.x,
                    cp.y,
                    cs.width,
                    cs.height
                ));
            }
        }
    }
    out
}

fn go(r: &Rig, steps: &[Intent]) {
    for step in steps {
        r.kiosk.dispatch(step.clone());
    }
    r.settle();
    r.wait(Duration::from_millis(1700));
}

/// A fresh visit in `lang`.
fn fresh(r: &Rig, lang: &str) {
    preview::stage(&r.kiosk, "home", lang);
}

#[test]
fn every_screen_fits_with_every_content_item_in_every_language_at_every_size() {
    let mut cut = Vec::new();
    let mut topics_seen = 0;
    for (w, h) in SIZES {
        let r = rig(w, h);
        let content = r.kiosk.controller().content().clone();
        for lang in LANGS {
            let at = |what: String| format!("{what} {lang} {w}x{h}");
            // The lists: every card's words inside their card.
            for (list, open) in [("stories", Activity::Stories), ("help", Activity::Help)] {
                fresh(&r, lang);
                go(&r, &[Intent::Open(open)]);
                cut.extend(cut_off(&r, &at(list.into()), w, h));
                cut.extend(out_of_cards(&r, &at(list.into())));
            }
            // Each story and each stop-help option.
            for i in 0..content.stories.len() {
                fresh(&r, lang);
                go(&r, &[Intent::Open(Activity::Stories), Intent::OpenStory(i)]);
                assert_eq!(r.kiosk.controller().visit().screen, S::Story);
                cut.extend(cut_off(&r, &at(format!("story {i}")), w, h));
                go(&r, &[Intent::ActivityDone]);
                cut.extend(cut_off(&r, &at(format!("interest after story {i}")), w, h));
            }
            for i in 0..content.help.len() {
                fresh(&r, lang);
                go(&r, &[Intent::Open(Activity::Help), Intent::OpenContact(i)]);
                assert_eq!(r.kiosk.controller().visit().screen, S::HelpContact);
                cut.extend(cut_off(&r, &at(format!("help-contact {i}")), w, h));
            }
            // Each myth, answered, and its source opened: rounds until every
            // myth has been shown.
            let mut myths = BTreeSet::new();
            for _round in 0..40 {
                if myths.len() == content.myths.len() {
                    break;
                }
                fresh(&r, lang);
                go(
                    &r,
                    &[Intent::Open(Activity::Quiz), Intent::Guess(300), Intent::QuizNext],
                );
                if r.kiosk.controller().visit().screen == S::QuizCost {
                    cut.extend(cut_off(&r, &at("quiz-cost".into()), w, h));
                    go(&r, &[Intent::QuizNext]);
                }
                while r.kiosk.controller().visit().screen == S::QuizMyth {
                    let myth = {
                        let c = r.kiosk.controller();
                        c.visit().myths[c.visit().myth_at]
                    };
                    go(&r, &[Intent::MythAnswer(myth % 2 == 0)]);
                    if myths.insert(myth) {
                        cut.extend(cut_off(&r, &at(format!("myth {myth}")), w, h));
                        r.tap("source-info");
                        cut.extend(cut_off(&r, &at(format!("myth {myth} source")), w, h));
                        r.tap("source-close");
                        assert!(r.try_find("source-text").is_none());
                    }
                    go(&r, &[Intent::QuizNext]);
                }
            }
            assert_eq!(myths.len(), content.myths.len(), "every myth was shown");
            // Each wheel topic: spins until every topic came up.
            let mut topics = BTreeSet::new();
            fresh(&r, lang);
            go(&r, &[Intent::Open(Activity::Wheel)]);
            for _spin in 0..300 {
                if topics.len() == content.topics.len() {
                    break;
                }
                let again = r.kiosk.controller().visit().screen == S::WheelResult;
                let spin = if again {
                    Intent::SpinAgain
                } else {
                    Intent::Spin(Push::Button)
                };
                go(&r, &[spin, Intent::SpinEnd]);
                let topic = r.kiosk.controller().visit().topic.expect("a topic after the spin");
                if topics.insert(topic) {
                    cut.extend(cut_off(&r, &at(format!("wheel-result {topic}")), w, h));
                    go(&r, &[Intent::ActivityDone]);
                    cut.extend(cut_off(&r, &at(format!("interest after topic {topic}")), w, h));
                    go(&r, &[Intent::Home, Intent::Open(Activity::Wheel)]);
                }
            }
            assert_eq!(topics.len(), content.topics.len(), "every topic came up");
            topics_seen += topics.len();
        }
    }
    assert!(topics_seen > 0);
    assert!(cut.is_empty(), "cut off: {cut:#?}");
}

/// The rows of ink in an element: (first row, height) of each run of rows
/// with ink, ink being what differs clearly from the element's most common
/// colour (its background).
fn ink_rows(shot: &slint::SharedPixelBuffer<slint::Rgba8Pixel>, e: &ElementHandle) -> Vec<(usize, usize)> {
    let (w, h) = (shot.width() as usize, shot.height() as usize);
    let (p, s) = (e.absolute_position(), e.size());
    let (x0, y0) = (p.x.max(0.0) as usize, p.y.max(0.0) as usize);
    let (x1, y1) = (((p.x + s.width) as usize).min(w), ((p.y + s.height) as usize).min(h));
    if x1 <= x0 || y1 <= y0 {
        return Vec::new();
    }
    let px = shot.as_slice();
    let mut counts = std::collections::HashMap::new();
    for y in y0..y1 {
        for x in x0..x1 {
            let c = px[y * w + x];
            *counts.entry((c.r, c.g, c.b)).or_insert(0usize) += 1;
        }
    }
    let bg = counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
        .unwrap_or((255, 255, 255));
    let differs = |c: slint::Rgba8Pixel| {
        (c.r as i32 - bg.0 as i32).abs() + (c.g as i32 - bg.1 as i32).abs() + (c.b as i32 - bg.2 as i32).abs() > 160
    };
    let mut runs = Vec::new();
    let mut start = None;
    for y in y0..=y1 {
        let inked = y < y1 && (x0..x1).any(|x| differs(px[y * w + x]));
        match (inked, start) {
            (true, None) => start = Some(y),
            (false, Some(s0)) => {
                runs.push((s0, y - s0));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// On the 7" display (800x480, about 0.19 mm a pixel) no text a resident
/// reads is smaller than 18 px: the tallest line of every text element, as
/// drawn, is at least the height of an 18 px line's capitals (0.71 em,
/// 12.8 px; ascenders and descenders only add to it).
#[test]
fn no_resident_text_is_drawn_below_the_least_size_on_the_7_inch_display() {
    let r = rig(800, 480);
    let theme = r.kiosk.app().global::<ui::Theme>();
    assert_eq!(theme.get_text_least(), 18.0);
    assert!(theme.get_text_small() >= 18.0, "small {}", theme.get_text_small());
    assert!(theme.get_text_body() >= 24.0, "body {}", theme.get_text_body());
    let least_caps = 18.0 * 0.71 - 0.8;
    let mut small = Vec::new();
    let mut measured = 0;
    for lang in ["nl", "tr", "en"] {
        for screen in preview::SCREENS
            .iter()
            .filter(|s| !s.starts_with("team") && **s != "pin")
        {
            preview::stage(&r.kiosk, screen, lang);
            r.wait(Duration::from_millis(1700));
            let shot = r.kiosk.app().window().take_snapshot().expect("a snapshot");
            let texts = ElementQuery::from_root(r.kiosk.app())
                .match_descendants()
                .match_predicate(|e| {
                    e.type_name().as_deref() == Some("Text") || e.bases().is_some_and(|mut b| b.any(|t| t == "Text"))
                })
                .find_all();
            for e in texts {
                let label = e.accessible_label().unwrap_or_default();
                if label.trim().is_empty() || e.computed_opacity() < 0.5 {
                    continue;
                }
                let (p, s) = (e.absolute_position(), e.size());
                if p.x < 0.0 || p.y < 0.0 || p.x + s.width > 800.5 || p.y + s.height > 480.5 {
                    continue;
                }
                let runs = ink_rows(&shot, &e);
                let Some(tallest) = runs.iter().map(|r| r.1).max() else {
                    continue;
                };
                measured += 1;
                if (tallest as f32) < least_caps {
                    small.push(format!("{screen} {lang}: {label:?} drawn {tallest} px tall"));
                }
            }
        }
    }
    assert!(measured > 60, "only {measured} texts measured");
    assert!(small.is_empty(), "too small at 800x480: {small:#?}");
}

/// The screen title stands in one place on every activity screen.
#[test]
fn the_title_keeps_one_place() {
    for (w, h) in [(1280, 800), (1920, 1080)] {
        let r = rig(w, h);
        let mut centres = Vec::new();
        for screen in ["wheel", "quiz", "quiz-cost", "stories", "help", "help-contact", "story"] {
            preview::stage(&r.kiosk, screen, "nl");
            r.wait(Duration::from_millis(300));
            let t = r.find("screen-title");
            centres.push((screen, t.absolute_position().x + t.size().width / 2.0));
        }
        let first = centres[0].1;
        for (screen, x) in &centres {
            assert!(
                (x - first).abs() < 1.0,
                "{w}x{h} {screen}: title centre {x}, wheel's {first}"
            );
        }
        assert!((first - w as f32 / 2.0).abs() < 1.0, "in the middle of the screen");
    }
}

/// Sources live behind "Bron": large when opened, Latin inside Arabic kept
/// whole (isolated), closed again with one tap.
#[test]
fn a_source_opens_large_behind_bron_and_latin_inside_arabic_stays_whole() {
    let r = rig(800, 480);
    for lang in ["nl", "ar"] {
        preview::stage(&r.kiosk, "quiz-cost", lang);
        assert_eq!(r.screen(), Screen::QuizCost);
        r.tap("source-info");
        let text = r.find("source-text").accessible_label().unwrap_or_default().to_string();
        let cost = r
            .kiosk
            .controller()
            .content()
            .cost
            .clone()
            .expect("the demo has a cost block");
        assert!(text.contains(&cost.date.to_string()), "{lang}: {text}");
        if lang == "ar" {
            assert!(
                text.contains(&format!("\u{2066}{}\u{2069}", cost.date)),
                "the date is one left-to-right piece: {text:?}"
            );
        } else {
            assert!(!text.contains('\u{2066}'), "no marks in Dutch");
        }
        let size = r.find("source-text").size();
        assert!(size.width > 400.0, "{lang}: the source has room: {size:?}");
        r.tap("source-close");
        assert!(r.try_find("source-text").is_none());
        assert_eq!(r.screen(), Screen::QuizCost);
    }
}

/// The jar's chart: the real number and your guess are both marked, with
/// their numbers, also when the guess falls in the real number's range.
#[test]
fn the_jar_chart_always_marks_the_real_number_and_your_guess() {
    let r = rig(1280, 800);
    r.tap("attract");
    r.tap("tile-quiz");
    let answer = r.kiosk.controller().visit().jar_count;
    // A guess in the same hundred as the real number.
    r.kiosk.dispatch(Intent::Guess(answer));
    r.wait(Duration::from_millis(1700));
    assert_eq!(r.screen(), Screen::QuizResult);
    let label = |id: &str| r.find(id).accessible_label().unwrap_or_default().to_string();
    assert_eq!(label("chart-answer"), format!("echt: {answer}"));
    assert_eq!(label("chart-guess"), format!("jouw gok: {answer}"));
    let bars = r.kiosk.app().global::<ui::QuizAdapter>().get_bars();
    use slint::Model;
    let marked: Vec<_> = bars.iter().filter(|b| b.answer || b.guess).collect();
    assert_eq!(marked.len(), 1, "one range holds both");
    assert!(marked[0].answer && marked[0].guess);
    assert_eq!(marked[0].count, 1, "the bar counts guesses: this one");
}

/// The invitation names what the visit was about, offers "Ik wil stoppen"
/// first and "Niet nu" just as big, and keeps the stop-help button.
#[test]
fn the_invitation_names_its_topic_and_puts_quitting_first() {
    let r = rig(1280, 800);
    preview::stage(&r.kiosk, "wheel-result", "nl");
    let topic = {
        let c = r.kiosk.controller();
        c.content().topics[c.visit().topic.expect("a topic")]
            .label
            .get("nl")
            .to_string()
    };
    r.tap("wheel-done");
    assert_eq!(r.screen(), Screen::Interest);
    assert_eq!(r.find("interest-subject").accessible_label().unwrap_or_default(), topic);
    let (quit, more, not_now) = (
        r.find("interest-quit"),
        r.find("interest-more"),
        r.find("interest-not-now"),
    );
    assert!(quit.absolute_position().x < more.absolute_position().x);
    assert!(more.absolute_position().x < not_now.absolute_position().x);
    assert_eq!(quit.size(), not_now.size(), "Niet nu is as big as Ik wil stoppen");
    assert!(r.try_find("nav-help").is_some(), "the stop-help button is there");
    r.tap("nav-help");
    assert_eq!(r.screen(), Screen::Help);

    // From home: about stopping in general.
    r.tap("nav-home");
    r.tap("home-interest");
    assert_eq!(r.screen(), Screen::Interest);
    assert!(r.try_find("interest-subject").is_none());
}

/// WCAG 2.2's contrast ratio, as the wheel's sector labels use it.
fn contrast(a: slint::Color, b: slint::Color) -> f32 {
    let rgb = |c: slint::Color| [c.red(), c.green(), c.blue()];
    rookvrij_kiosk::wheel::art::contrast(rgb(a), rgb(b))
}

/// Every theme colour that carries text, on what it is drawn on, meets WCAG
/// 2.2 AA: 4.5:1, or 3:1 for large text (24 px, or 18.7 px bold, at the
/// design's 1280x800). The residents' tiles and buttons are bold and at least
/// that big; body text, sources and the example tag are held to 4.5:1.
#[test]
fn every_text_colour_on_its_ground_meets_wcag_aa() {
    let r = rig(1280, 800);
    let t = r.kiosk.app().global::<ui::Theme>();
    let white = slint::Color::from_rgb_u8(255, 255, 255);
    let calm = slint::Color::from_rgb_u8(0x6b, 0x77, 0x80);
    let light = slint::Color::from_rgb_u8(0xe9, 0xe2, 0xd6);
    // (what, text colour, its ground, large text)
    let pairs = [
        ("home tile Draai het rad", white, t.get_tile_wheel(), true),
        ("home tile Raad de peuken, Raden!", white, t.get_tile_quiz(), true),
        ("home tile Verhalen, Luister", white, t.get_tile_stories(), true),
        ("home tile Hulp bij stoppen", white, t.get_tile_help(), true),
        ("buttons", t.get_primary_ink(), t.get_primary(), true),
        (
            "stop-help buttons, Ik wil stoppen, Fabel",
            t.get_help_ink(),
            t.get_help(),
            true,
        ),
        ("calm buttons (Sluiten, Annuleren)", white, calm, true),
        ("light buttons (languages, Niet nu)", t.get_ink(), light, true),
        ("text on the page", t.get_ink(), t.get_bg(), false),
        ("text on a card", t.get_ink(), t.get_card(), false),
        (
            "soft text on the page (sources, captions)",
            t.get_ink_soft(),
            t.get_bg(),
            false,
        ),
        ("soft text on a card", t.get_ink_soft(), t.get_card(), false),
        ("voorbeeldverhaal on a card", t.get_example(), t.get_card(), false),
        ("voorbeeld on the page", t.get_example(), t.get_bg(), false),
        ("the real count on the page", t.get_tile_quiz(), t.get_bg(), true),
        ("the real count on a card", t.get_tile_quiz(), t.get_card(), true),
        ("a big number in the stop-help red", t.get_help(), t.get_bg(), true),
        ("warnings (team side)", t.get_warn(), t.get_warn_bg(), false),
        ("good news (team side)", t.get_good(), t.get_card(), false),
    ];
    let mut low = Vec::new();
    for (what, ink, ground, large) in pairs {
        let need = if large { 3.0 } else { 4.5 };
        let ratio = contrast(ink, ground);
        if ratio < need {
            low.push(format!("{what}: {ratio:.2}:1, needs {need}:1"));
        }
    }
    assert!(low.is_empty(), "{low:#?}");
    // The check itself: the old orange tile fails it.
    assert!(contrast(white, slint::Color::from_rgb_u8(0xe9, 0x8a, 0x2f)) < 3.0);
}
