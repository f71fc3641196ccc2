//! Listening to stories, headless: the real story screen with a sound card the
//! test plays itself (it pulls the samples), mock time for the UI, and the
//! counts in the store.

use std::time::Duration;

use rodio::mixer::MixerSource;
use rookvrij_kiosk::audio::Phase;
use rookvrij_kiosk::content;
use rookvrij_kiosk::ui::{self, Screen};
use slint::{ComponentHandle, Model};

mod common;
mod folders;

use folders::copy_dir;

use common::*;

/// The sound card plays this long.
fn play(out: &mut MixerSource, seconds: f32) -> f32 {
    let n = (seconds * SAMPLE_RATE as f32) as usize;
    out.take(n).fold(0.0f32, |m, s| m.max(s.abs()))
}

fn sync(r: &Rig) {
    assert!(r.audio.sync(Duration::from_secs(10)), "the audio thread answers");
    // The progress bar follows the sound every 100 ms of UI time.
    r.wait(Duration::from_millis(200));
}

fn label(r: &Rig, id: &str) -> String {
    r.find(id).accessible_label().unwrap_or_default().to_string()
}

fn progress(r: &Rig) -> f32 {
    r.kiosk.app().global::<ui::StoriesAdapter>().get_progress()
}

fn open_story(r: &Rig, index: usize) -> String {
    r.tap("attract");
    r.tap("tile-stories");
    r.tap(&format!("story-{index}"));
    assert_eq!(r.screen(), Screen::Story);
    r.kiosk.controller().content().stories[index].id.clone()
}

#[test]
fn a_story_plays_its_progress_moves_it_pauses_and_its_end_is_counted_once() {
    let (r, mut out) = rig_heard(1280, 800, content::builtin());
    let id = open_story(&r, 3);
    assert_eq!(label(&r, "story-play"), "Luister");
    assert_eq!(progress(&r), 0.0);

    r.tap("story-play");
    sync(&r);
    assert_eq!(label(&r, "story-play"), "Pauze");
    let loud = play(&mut out, 3.0);
    assert!(loud > 0.05, "the story is heard: {loud}");
    r.wait(Duration::from_millis(200));
    let moved = progress(&r);
    assert!(moved > 0.05 && moved < 0.3, "three seconds of a story: {moved}");
    let time = r.kiosk.app().global::<ui::StoriesAdapter>().get_time();
    assert!(time.starts_with("0:03 / 0:2"), "{time}");
    let bar = r.find("story-progress").accessible_value().unwrap_or_default();
    assert_eq!(bar, format!("{}%", (moved * 100.0).round()));

    // Pause: silence, and the bar stands still however long the UI runs.
    r.tap("story-play");
    sync(&r);
    assert_eq!(label(&r, "story-play"), "Luister");
    play(&mut out, 0.05);
    let paused = progress(&r);
    assert_eq!(play(&mut out, 2.0), 0.0, "paused is silent");
    r.wait(Duration::from_secs(5));
    assert!((progress(&r) - paused).abs() < 0.005);

    // On again, to the end.
    r.tap("story-play");
    sync(&r);
    let mut played = 0.0;
    while r.audio.story_status().phase == Phase::Playing && played < 120.0 {
        play(&mut out, 1.0);
        played += 1.0;
        r.wait(Duration::from_millis(100));
    }
    r.wait(Duration::from_millis(200));
    assert_eq!(progress(&r), 1.0);
    assert_eq!(label(&r, "story-play"), "Luister", "after the end it can start again");
    assert_eq!(r.count("story_listen", &id), 1);
    assert_eq!(r.count("story_listen_end", &id), 1);
    r.wait(Duration::from_secs(2));
    assert_eq!(r.count("story_listen_end", &id), 1, "the end is counted once");

    // Again from the start: a second listen.
    r.tap("story-play");
    sync(&r);
    assert!(progress(&r) < 0.01);
    assert_eq!(r.count("story_listen", &id), 2);
}

#[test]
fn leaving_the_story_stops_the_sound() {
    let (r, mut out) = rig_heard(800, 480, content::builtin());
    open_story(&r, 0);
    r.tap("story-play");
    sync(&r);
    assert!(play(&mut out, 1.0) > 0.05);
    r.tap("nav-home");
    assert_eq!(r.screen(), Screen::Home);
    assert!(r.audio.sync(Duration::from_secs(10)));
    assert_eq!(r.audio.story_status().phase, Phase::Idle);
    play(&mut out, 0.05);
    assert_eq!(play(&mut out, 1.0), 0.0, "silence on the home screen");
    assert_eq!(r.total("story_listen_end"), 0);
}

#[test]
fn the_idle_reset_waits_for_a_story_being_heard_but_not_forever_and_stops_it() {
    let (r, mut out) = rig_heard(1280, 800, content::builtin());
    let idle = r.kiosk.controller().idle_seconds() as u64;
    open_story(&r, 1);
    r.tap("story-play");
    sync(&r);
    play(&mut out, 1.0);
    // Listening without touching is a visit going on.
    r.wait(Duration::from_secs(idle + 1));
    assert_eq!(r.screen(), Screen::Story, "someone is listening");
    // A sound card that stopped taking samples cannot hold the kiosk: after
    // the story's length plus the idle time, the visit ends and the sound stops.
    let length = r.audio.story_status().length.unwrap_or_default().as_secs();
    r.wait(Duration::from_secs(length + 2));
    assert_eq!(r.screen(), Screen::Attract);
    assert!(r.audio.sync(Duration::from_secs(10)));
    assert_eq!(r.audio.story_status().phase, Phase::Idle);
    play(&mut out, 0.05);
    assert_eq!(play(&mut out, 1.0), 0.0, "the attract screen is silent");
}

#[test]
fn a_paused_story_does_not_hold_the_visit() {
    let (r, mut out) = rig_heard(1280, 800, content::builtin());
    let idle = r.kiosk.controller().idle_seconds() as u64;
    open_story(&r, 2);
    r.tap("story-play");
    sync(&r);
    play(&mut out, 1.0);
    r.tap("story-play");
    sync(&r);
    r.wait(Duration::from_secs(idle + 1));
    assert_eq!(r.screen(), Screen::Attract);
    assert_eq!(r.audio.story_status().phase, Phase::Idle);
}

#[test]
fn without_a_sound_device_stories_are_read_and_have_no_play_button() {
    let r = rig(1280, 800);
    open_story(&r, 0);
    assert!(r.try_find("story-play").is_none(), "no button that cannot work");
    assert!(r.try_find("story-done").is_some());
    let paragraphs = r.kiosk.app().global::<ui::StoriesAdapter>().get_paragraphs();
    assert!(slint::Model::row_count(&paragraphs) >= 3, "the story is there to read");
}

#[test]
fn a_recording_that_breaks_after_start_disables_its_button_and_nothing_else() {
    // A team's folder whose recording disappears while the kiosk runs.
    let folder = tempfile::tempdir().unwrap();
    let media = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("media");
    copy_dir(&media, folder.path());
    let checked = content::check_folder(folder.path());
    assert!(!checked.has_errors(), "{:?}", checked.problems);
    let c = checked.content.unwrap();
    let (r, mut out) = rig_heard(1280, 800, c);
    open_story(&r, 0);
    std::fs::write(folder.path().join("audio/ria-nl.ogg"), b"gone bad").unwrap();
    r.tap("story-play");
    sync(&r);
    assert_eq!(r.audio.story_status().phase, Phase::Failed);
    let button = r.find("story-play");
    assert_eq!(button.accessible_enabled(), Some(false));
    assert_eq!(label(&r, "story-play"), "Geluid werkt niet");
    r.tap("story-play");
    sync(&r);
    assert_eq!(
        r.audio.story_status().phase,
        Phase::Failed,
        "a second tap tries nothing"
    );
    assert_eq!(play(&mut out, 0.5), 0.0);
    // The kiosk goes on: the story is still read, another story still plays.
    r.tap("story-done");
    assert_eq!(r.screen(), Screen::Interest);
    r.tap("nav-home");
    r.tap("tile-stories");
    r.tap("story-1");
    r.tap("story-play");
    sync(&r);
    assert_eq!(r.audio.story_status().phase, Phase::Playing);
    assert!(play(&mut out, 1.0) > 0.05);
}

#[test]
fn many_stories_scroll_by_touch_and_the_last_one_opens() {
    let folder = tempfile::tempdir().unwrap();
    let media = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("media");
    copy_dir(&media, folder.path());
    let mut toml = std::fs::read_to_string(folder.path().join("stories.toml")).unwrap();
    for i in 0..8 {
        toml.push_str(&format!(
            "\n[[story]]\nid = \"extra-{i}\"\nphoto = \"images/story-kees.svg\"\n\
             name = {{ nl = \"Buur {i}\" }}\nquote = {{ nl = \"Regel {i}\" }}\ntext = {{ nl = \"Tekst {i}.\" }}\n"
        ));
    }
    std::fs::write(folder.path().join("stories.toml"), toml).unwrap();
    let checked = content::check_folder(folder.path());
    let c = checked.content.expect("twelve stories are fine");
    assert_eq!(c.stories.len(), 12);
    let r = rig_full(800, 480, test_config(), c, rookvrij_kiosk::audio::Audio::silent());
    r.tap("attract");
    r.tap("tile-stories");
    // An element the list clips away is not found: it is not on the screen.
    let below = |r: &Rig| {
        r.try_find("story-11")
            .is_none_or(|e| e.absolute_position().y + e.size().height / 2.0 > 480.0)
    };
    assert!(below(&r), "the last story starts below the screen");
    // A finger pushes the list up, several times.
    let w = r.kiosk.app().window();
    for _ in 0..4 {
        let mut at = slint::LogicalPosition::new(400.0, 420.0);
        w.dispatch_event(slint::platform::WindowEvent::PointerPressed {
            position: at,
            button: slint::platform::PointerEventButton::Left,
        });
        for _ in 0..15 {
            at.y -= 20.0;
            r.wait(Duration::from_millis(16));
            w.dispatch_event(slint::platform::WindowEvent::PointerMoved { position: at });
        }
        w.dispatch_event(slint::platform::WindowEvent::PointerReleased {
            position: at,
            button: slint::platform::PointerEventButton::Left,
        });
        r.wait(Duration::from_secs(1));
    }
    assert_eq!(r.screen(), Screen::Stories, "scrolling opens nothing");
    assert!(!below(&r), "scrolled into view");
    r.tap("story-11");
    assert_eq!(r.screen(), Screen::Story);
    assert_eq!(r.count("story_open", "extra-7"), 1);
}

/// A phone photo is decoded on a worker: until it is ready, and when it
/// cannot be shown (here: damaged after the check, as a failing stick does),
/// its card shows a calm plain tile in its place, never a hole; a ready photo
/// replaces the tile.
#[test]
fn a_photo_not_ready_has_a_calm_tile_in_its_place() {
    let folder = tempfile::tempdir().unwrap();
    let media = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("media");
    copy_dir(&media, folder.path());
    let magenta = image::RgbImage::from_pixel(1200, 900, image::Rgb([240, 0, 240]));
    magenta.save(folder.path().join("images/ria.jpg")).unwrap();
    magenta.save(folder.path().join("images/hasan.jpg")).unwrap();
    let stories = folder.path().join("stories.toml");
    let toml = std::fs::read_to_string(&stories).unwrap();
    let toml = toml.replacen("images/story-ria.svg", "images/ria.jpg", 1).replacen(
        "images/story-hasan.svg",
        "images/hasan.jpg",
        1,
    );
    std::fs::write(&stories, toml).unwrap();
    let c = content::check_folder(folder.path()).content.expect("usable");
    // Damaged after the check: it can never be shown.
    let hasan = std::fs::read(folder.path().join("images/hasan.jpg")).unwrap();
    std::fs::write(folder.path().join("images/hasan.jpg"), &hasan[..hasan.len() / 2]).unwrap();
    let r = rig_full(1280, 800, test_config(), c, rookvrij_kiosk::audio::Audio::silent());
    r.tap("attract");
    r.tap("tile-stories");
    let shot = r.kiosk.app().window().take_snapshot().unwrap();
    let (w, bytes) = (shot.width() as usize, shot.as_bytes().to_vec());
    let colours = |id: &str| {
        let card = r.find(id);
        let (p, s) = (card.absolute_position(), card.size());
        let (mut tile, mut photo) = (0, 0);
        for y in p.y as usize..(p.y + s.height) as usize {
            for x in p.x as usize..(p.x + s.width * 0.4) as usize {
                let px = &bytes[(y * w + x) * 4..(y * w + x) * 4 + 3];
                let near = |c: [u8; 3]| px.iter().zip(c).all(|(a, b)| (*a as i32 - b as i32).abs() < 12);
                tile += near([0xe4, 0xdc, 0xcf]) as usize;
                photo += near([240, 0, 240]) as usize;
            }
        }
        (tile, photo)
    };
    let (tile, photo) = colours("story-0");
    assert!(photo > 10_000 && tile < 2_000, "ready: tile {tile}, photo {photo}");
    let (tile, photo) = colours("story-1");
    assert!(
        tile > 10_000 && photo == 0,
        "not to be shown: tile {tile}, photo {photo}"
    );
    assert_eq!(r.screen(), Screen::Stories);
}

/// A card's own play button (a full touch target) opens that story and
/// plays it at once; a tap anywhere else on a card, its photo too, opens it.
#[test]
fn a_cards_play_button_plays_and_the_whole_card_opens_it() {
    let (r, mut out) = rig_heard(800, 480, content::builtin());
    r.tap("attract");
    r.tap("tile-stories");
    let play_mark = r.find("story-listen-1");
    assert!(
        play_mark.size().width >= 64.0 && play_mark.size().height >= 64.0,
        "12 mm or more on the 7\" display: {:?}",
        play_mark.size()
    );
    r.tap("story-listen-1");
    assert_eq!(r.screen(), Screen::Story);
    sync(&r);
    assert_eq!(label(&r, "story-play"), "Pauze");
    assert!(play(&mut out, 1.0) > 0.05, "the story is heard");
    let id = r.kiosk.controller().content().stories[1].id.clone();
    assert_eq!(r.count("story_open", &id), 1);
    assert_eq!(r.count("story_listen", &id), 1);

    // The photo's corner of another card.
    r.tap("nav-home");
    r.tap("tile-stories");
    let card = r.find("story-2");
    let (p, s) = (card.absolute_position(), card.size());
    r.tap_at(slint::LogicalPosition::new(p.x + s.width * 0.05, p.y + s.height * 0.1));
    assert_eq!(r.screen(), Screen::Story);
    let id = r.kiosk.controller().content().stories[2].id.clone();
    assert_eq!(r.count("story_open", &id), 1);
    assert_eq!(r.count("story_listen", &id), 0, "opened, not played");
}

/// A story longer than its card fades out with an arrow; the arrow moves the
/// text on until the end shows, and then it is gone.
#[test]
fn a_long_story_shows_that_it_goes_on() {
    let r = rig(800, 480);
    open_story(&r, 0);
    assert!(
        r.try_find("story-more").is_some(),
        "the first story is longer than the card at 800x480"
    );
    let mut taps = 0;
    while r.try_find("story-more").is_some() {
        r.tap("story-more");
        taps += 1;
        assert!(taps < 20, "the arrow reaches the end");
    }
    assert!(taps >= 1);
    let stories = r.kiosk.app().global::<ui::StoriesAdapter>();
    let last = stories.get_paragraphs().row_count() - 1;
    let last_text = stories.get_paragraphs().row_data(last).unwrap();
    // The last paragraph is on screen, inside the card.
    let shown = i_slint_backend_testing::ElementQuery::from_root(r.kiosk.app())
        .match_descendants()
        .match_predicate(move |e| e.accessible_label().as_deref() == Some(last_text.as_str()))
        .find_first()
        .expect("the last paragraph");
    let (p, s) = (shown.absolute_position(), shown.size());
    assert!(p.y >= 0.0 && p.y + s.height <= 480.0, "the end shows: {p:?} {s:?}");
}
