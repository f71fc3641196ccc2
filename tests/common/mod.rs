//! The test rig shared by the headless UI tests: the real .slint UI through
//! Slint's testing backend with mock time, a store in a temporary folder, and
//! real pointer events on elements found by accessible-id.
#![allow(dead_code)] // each test file uses its own part of the rig

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use i_slint_backend_testing::{ElementHandle, ElementQuery, TestingBackend, TestingBackendOptions};
use rookvrij_kiosk::audio::Audio;
use rookvrij_kiosk::clock::{ManualClock, SystemClock, TimeKeeper};
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::content::{self, Content};
use rookvrij_kiosk::controller::Controller;
use rookvrij_kiosk::controllers::{Kiosk, TeamDesk};
use rookvrij_kiosk::store::{self, Store, StoreOptions};
use rookvrij_kiosk::ui::{self, Screen};
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition};

pub struct Rig {
    pub kiosk: Rc<Kiosk>,
    pub store: Arc<Store>,
    pub dir: tempfile::TempDir,
    pub audio: Audio,
}

pub fn test_config() -> Config {
    Config {
        kiosk_id: "test".into(),
        vindplaats: "markt".into(),
        ..Config::default()
    }
}

/// The demo content, no sound device.
pub fn rig(width: u32, height: u32) -> Rig {
    rig_with(width, height, test_config())
}

pub fn rig_with(width: u32, height: u32, config: Config) -> Rig {
    rig_full(width, height, config, content::builtin(), Audio::silent())
}

/// With a sound card the test plays itself: pull samples from the returned
/// source and the story moves on, as far as was pulled.
pub fn rig_heard(width: u32, height: u32, content: Content) -> (Rig, rodio::mixer::MixerSource) {
    let (mixer, out) = rodio::mixer::mixer(
        std::num::NonZero::new(1).unwrap(),
        std::num::NonZero::new(SAMPLE_RATE).unwrap(),
    );
    let audio = Audio::with_mixer(mixer, 1.0);
    (rig_full(width, height, test_config(), content, audio), out)
}

/// The sound card's rate in `rig_heard`.
pub const SAMPLE_RATE: u32 = 44_100;

pub fn rig_full(width: u32, height: u32, config: Config, content: Content, audio: Audio) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let time = TimeKeeper::trusted(Box::new(SystemClock::default()));
    rig_build(
        width,
        height,
        config,
        content,
        audio,
        time,
        dir,
        None,
        StoreOptions::default(),
    )
}

/// A kiosk with its team side on a data folder (which may hold a team.toml
/// or counts already), and a clock the test sets.
pub fn rig_team(width: u32, height: u32, config: Config, dir: tempfile::TempDir, clock: &ManualClock) -> Rig {
    rig_team_with(width, height, config, dir, clock, |_| {})
}

/// [`rig_team`], with a last change to the team desk (a restart hook).
pub fn rig_team_with(
    width: u32,
    height: u32,
    config: Config,
    dir: tempfile::TempDir,
    clock: &ManualClock,
    adjust: impl FnOnce(&mut TeamDesk),
) -> Rig {
    let newest = store::newest_hour(dir.path());
    let time = TimeKeeper::guarded(Box::new(clock.clone()), newest.as_deref());
    let adjust: AdjustDesk<'_> = Box::new(adjust);
    rig_build(
        width,
        height,
        config,
        content::builtin(),
        Audio::silent(),
        time,
        dir,
        Some(adjust),
        StoreOptions::default(),
    )
}

/// A kiosk with its team side, for the fault tests: its own content, a clock
/// the test sets, and store options (a disk quota, a quick retry).
pub fn rig_faults(
    width: u32,
    height: u32,
    content: Content,
    dir: tempfile::TempDir,
    clock: &ManualClock,
    options: StoreOptions,
) -> Rig {
    rig_faults_with(
        width,
        height,
        test_config(),
        content,
        dir,
        clock,
        options,
        Audio::silent(),
    )
}

/// [`rig_faults`] with its own config and sound device.
#[allow(clippy::too_many_arguments)]
pub fn rig_faults_with(
    width: u32,
    height: u32,
    config: Config,
    content: Content,
    dir: tempfile::TempDir,
    clock: &ManualClock,
    options: StoreOptions,
    audio: Audio,
) -> Rig {
    let newest = store::newest_hour(dir.path());
    let time = TimeKeeper::guarded(Box::new(clock.clone()), newest.as_deref());
    let adjust: AdjustDesk<'_> = Box::new(|_| {});
    rig_build(width, height, config, content, audio, time, dir, Some(adjust), options)
}

/// A last change to the team desk before the kiosk starts.
type AdjustDesk<'a> = Box<dyn FnOnce(&mut TeamDesk) + 'a>;

#[allow(clippy::too_many_arguments)]
fn rig_build(
    width: u32,
    height: u32,
    mut config: Config,
    content: Content,
    audio: Audio,
    time: TimeKeeper,
    dir: tempfile::TempDir,
    team: Option<AdjustDesk<'_>>,
    options: StoreOptions,
) -> Rig {
    slint::platform::set_platform(Box::new(TestingBackend::new(TestingBackendOptions {
        mock_time: true,
        threading: false,
        renderer_name: Some("software".into()),
    })))
    .ok();
    let store = Arc::new(Store::open(dir.path(), options));
    let desk = match team {
        Some(adjust) => {
            let mut desk = TeamDesk::load(dir.path(), &mut config, store.clone(), Vec::new());
            // The Inhoud tab's preview runs the kiosk's own `preview`.
            desk.program = Some(std::path::PathBuf::from(env!("CARGO_BIN_EXE_rookvrij-kiosk")));
            adjust(&mut desk);
            desk
        }
        None => TeamDesk::default(),
    };
    let controller = Controller::new(Rc::new(content), config, Box::new(store.clone()), time, 11);
    let kiosk = Kiosk::with_team(controller, audio.clone(), desk).unwrap();
    kiosk.app().show().unwrap();
    kiosk.app().window().set_size(slint::PhysicalSize::new(width, height));
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(16));
    assert!(kiosk.settle(), "the kiosk's workers did not finish");
    Rig {
        kiosk,
        store,
        dir,
        audio,
    }
}

impl Rig {
    pub fn screen(&self) -> Screen {
        self.kiosk.app().global::<ui::Nav>().get_screen()
    }

    pub fn try_find(&self, id: &str) -> Option<ElementHandle> {
        let wanted = id.to_string();
        ElementQuery::from_root(self.kiosk.app())
            .match_descendants()
            .match_predicate(move |e| e.accessible_id().as_deref() == Some(wanted.as_str()))
            .find_first()
    }

    pub fn find(&self, id: &str) -> ElementHandle {
        self.try_find(id)
            .unwrap_or_else(|| panic!("no element with accessible-id {id:?} on {:?}", self.screen()))
    }

    /// A real tap: pointer down and up in the middle of the element.
    pub fn tap(&self, id: &str) {
        self.tap_at(self.centre(id));
    }

    /// Scrolls the list under the middle of the window (a finger's wheel)
    /// until `id` is wholly on the screen, then taps it, as a team member
    /// scrolls down a long tab.
    pub fn tap_scrolled(&self, id: &str) {
        let w = self.kiosk.app().window();
        let size = w.size().to_logical(w.scale_factor());
        let middle = LogicalPosition::new(size.width / 2.0, size.height / 2.0);
        for _ in 0..60 {
            if let Some(e) = self.try_find(id) {
                let (p, s) = (e.absolute_position(), e.size());
                if p.y >= 0.0 && p.y + s.height <= size.height {
                    return self.tap_at(LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0));
                }
            }
            w.dispatch_event(WindowEvent::PointerScrolled {
                position: middle,
                delta_x: 0.0,
                delta_y: -60.0,
            });
            i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(20));
        }
        panic!("{id:?} did not come into view by scrolling on {:?}", self.screen());
    }

    /// A tap that does not wait for the workers: what the screen shows at once.
    pub fn tap_now(&self, id: &str) {
        self.press(self.centre(id));
    }

    pub fn tap_at(&self, position: LogicalPosition) {
        self.press(position);
        self.settle();
    }

    fn centre(&self, id: &str) -> LogicalPosition {
        let e = self.find(id);
        let p = e.absolute_position();
        let s = e.size();
        LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0)
    }

    /// Pointer down and up, and a moment of mock time.
    fn press(&self, position: LogicalPosition) {
        let w = self.kiosk.app().window();
        w.dispatch_event(WindowEvent::PointerMoved { position });
        w.dispatch_event(WindowEvent::PointerPressed {
            position,
            button: PointerEventButton::Left,
        });
        w.dispatch_event(WindowEvent::PointerReleased {
            position,
            button: PointerEventButton::Left,
        });
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(20));
    }

    /// What the tap asked of the workers (a PIN check, a photo, a disc) is
    /// done and shown: the test waits for the machine, never on a clock.
    pub fn settle(&self) {
        assert!(self.kiosk.settle(), "the kiosk's workers did not finish");
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(0));
    }

    /// A finger held on the element for `d`, then lifted.
    pub fn hold(&self, id: &str, d: Duration) {
        let position = self.centre(id);
        let w = self.kiosk.app().window();
        w.dispatch_event(WindowEvent::PointerMoved { position });
        w.dispatch_event(WindowEvent::PointerPressed {
            position,
            button: PointerEventButton::Left,
        });
        self.wait(d);
        w.dispatch_event(WindowEvent::PointerReleased {
            position,
            button: PointerEventButton::Left,
        });
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(20));
    }

    pub fn wait(&self, d: Duration) {
        let step = Duration::from_millis(50);
        let mut t = Duration::ZERO;
        while t < d {
            i_slint_backend_testing::mock_elapsed_time(step);
            self.kiosk.settle();
            t += step;
        }
    }

    pub fn counts(&self) -> Vec<(String, String, u64)> {
        assert!(self.store.flush(Duration::from_secs(10)));
        store::read_counts(self.dir.path())
            .unwrap()
            .into_iter()
            .map(|r| (r.event, r.item, r.count))
            .collect()
    }

    /// An event's count over all its items.
    pub fn total(&self, event: &str) -> u64 {
        self.counts()
            .iter()
            .filter(|(e, _, _)| e == event)
            .map(|(_, _, n)| n)
            .sum()
    }

    pub fn count(&self, event: &str, item: &str) -> u64 {
        self.counts()
            .iter()
            .filter(|(e, i, _)| e == event && i == item)
            .map(|(_, _, n)| n)
            .sum()
    }
}

/// Every text and button the screen shows, wholly inside the window.
pub fn cut_off(r: &Rig, what: &str, w: u32, h: u32) -> Vec<String> {
    let shown = ElementQuery::from_root(r.kiosk.app())
        .match_descendants()
        .match_predicate(|e| e.accessible_label().is_some_and(|l| !l.trim().is_empty()))
        .find_all();
    // A story longer than its card scrolls, and says so (a fade and an
    // arrow): its paragraphs may run past the window's edge.
    let scrolling: Vec<String> = if r.try_find("story-more").is_some() {
        use slint::Model;
        r.kiosk
            .app()
            .global::<ui::StoriesAdapter>()
            .get_paragraphs()
            .iter()
            .map(|p| p.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let shown: Vec<_> = shown
        .into_iter()
        .filter(|e| {
            !scrolling
                .iter()
                .any(|p| e.accessible_label().as_deref() == Some(p.as_str()))
        })
        .collect();
    let mut cut = Vec::new();
    if shown.len() < 3 {
        cut.push(format!("{what}: only {} elements", shown.len()));
    }
    for e in shown {
        let (p, s) = (e.absolute_position(), e.size());
        if s.width <= 0.0 || s.height <= 0.0 || e.computed_opacity() < 0.01 {
            continue;
        }
        let inside = p.x >= -0.5 && p.y >= -0.5 && p.x + s.width <= w as f32 + 0.5 && p.y + s.height <= h as f32 + 0.5;
        if !inside {
            cut.push(format!(
                "{what}: {:?} at {:.0},{:.0} size {:.0}x{:.0}",
                e.accessible_label().unwrap_or_default(),
                p.x,
                p.y,
                s.width,
                s.height
            ));
        }
    }
    cut
}
