//! `bench`: how fast this machine draws the kiosk. Headless, with the
//! software renderer and a clock moved by hand, so it measures drawing and
//! nothing else: no display, no vsync, no sound.

use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::clock::{SystemClock, TimeKeeper};
use crate::config::Config;
use crate::content::Content;
use crate::controller::{Activity, Controller, Intent, Screen};
use crate::controllers::Kiosk;
use crate::headless::Headless;
use crate::wheel::spin::Push;

/// One frame at 60 Hz.
const FRAME: Duration = Duration::from_millis(16);

pub struct BenchRequest {
    pub content: Content,
    pub sizes: Vec<(u32, u32)>,
    /// Wheel-spin frames measured at each size.
    pub frames: u32,
    /// Spins played (fast, a frame every half second) to watch memory.
    pub spins: u32,
    /// The folder the tap-commit timing's database goes in (default: temp).
    pub tap_dir: Option<std::path::PathBuf>,
    /// The content's folder, for the real `run` (default: the demo).
    pub content_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct Timing {
    pub frames: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Timing {
    fn from(mut samples: Vec<f64>) -> Timing {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if samples.is_empty() {
                0.0
            } else {
                samples[((samples.len() - 1) as f64 * q).round() as usize]
            }
        };
        Timing {
            frames: samples.len(),
            p50_ms: round(at(0.5)),
            p99_ms: round(at(0.99)),
            max_ms: round(samples.last().copied().unwrap_or(0.0)),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SizeResult {
    pub size: String,
    /// The wheel's picture on the wheel screen, pixels square.
    pub wheel_px: u32,
    /// A frame while the wheel spins: move the clock 16 ms (the kiosk draws
    /// the turned wheel into its image) and render what changed, as the
    /// software renderer does on a device.
    pub wheel_spin: Timing,
    /// Of that, drawing the turned wheel in Rust.
    pub wheel_draw: Timing,
    /// The same frames, rendering the whole window each time (worst case).
    pub wheel_spin_whole_window: Timing,
    /// The wheel's last frame, at rest, drawn with four samples a pixel.
    pub wheel_rest_ms: f64,
    /// A frame of the slowly turning wheel on the attract screen.
    pub attract: Timing,
    /// A frame of the quiz's reveal, the real count counting up (1.6 s).
    pub quiz_count_up: Timing,
}

#[derive(Debug, Serialize)]
pub struct BenchResult {
    pub machine: String,
    pub renderer: &'static str,
    /// From `exec` to the first attract frame of the real `run` (store,
    /// sound, content loaded and checked, a window under the display or a
    /// private Xvfb), on a later start; the headless figure when no display
    /// could be had (see `not_measured`).
    pub startup_to_first_frame_ms: f64,
    /// The same figure under its own name (absent when not measured).
    pub run_first_frame_ms: Option<f64>,
    /// This bench's own start to its first frame, headless: no store, no
    /// sound, no window.
    pub headless_first_frame_ms: f64,
    /// The lively attract screen of the real `run`, per window size: CPU
    /// time of the process over ten seconds, in percent of one core
    /// (`bench --attract-cpu` measures longer, and the calm screen too).
    pub attract_cpu_percent: std::collections::BTreeMap<String, f64>,
    /// From a touch on the calm attract screen to the first frame of the
    /// visit drawn, headless at the first size: what the event loop does
    /// before the screen answers.
    pub wake_first_frame_ms: f64,
    /// What could not be measured here, and why.
    pub not_measured: Vec<String>,
    pub sizes: Vec<SizeResult>,
    pub spins: u32,
    /// From recording a tap to its acknowledgement: durably committed to
    /// SQLite (WAL, synchronous=FULL), in a temporary folder on this disk
    /// (absent when that folder could not be made: see `not_measured`).
    pub tap_commit: Option<Timing>,
    /// Resident memory after the first tenth of the spins and after all of them.
    pub rss_after_warmup_kb: u64,
    pub rss_after_spins_kb: u64,
    pub peak_rss_kb: u64,
    /// The longest the event loop was busy with one callback, timer run or
    /// frame over a scripted session (every language, the wheel, the quiz,
    /// a story, stop-help, the team side with PIN, tabs, switches, charts and
    /// an export to a folder): what a tap may have to wait for.
    pub ui_stall_max_ms: f64,
    pub ui_stall_p99_ms: f64,
    /// How many callbacks, timer runs and frames that session had.
    pub ui_stall_samples: usize,
    /// What the longest of them was, and the window size of the session.
    pub ui_stall_worst: String,
    pub ui_stall_size: String,
}

pub fn run(req: BenchRequest) -> Result<BenchResult, String> {
    let headless = Headless::install().map_err(|e| e.to_string())?;
    let content = Rc::new(req.content);
    let config = Config::default();
    // A real store and team desk in a temporary folder: the team side's
    // charts and export in the stall session do real work.
    let data = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
    let stick = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
    let store = std::sync::Arc::new(crate::store::Store::start(
        data.path(),
        crate::store::StoreOptions::default(),
    ));
    let desk = crate::controllers::TeamDesk {
        data_dir: Some(data.path().to_path_buf()),
        store: Some(store.clone()),
        export_dir: Some(stick.path().to_path_buf()),
        ..Default::default()
    };
    let controller = Controller::new(
        content,
        config,
        Box::new(store),
        TimeKeeper::trusted(Box::new(SystemClock::default())),
        1,
    );
    let kiosk = Kiosk::with_team(controller, crate::audio::Audio::silent(), desk).map_err(|e| e.to_string())?;
    let (w0, h0) = req.sizes.first().copied().unwrap_or((1280, 800));
    let _ = headless.render(w0, h0);
    let startup = process_age_ms();
    let stalls = Session::new(&kiosk, &headless, w0, h0).play();

    let mut sizes = Vec::new();
    for &(w, h) in &req.sizes {
        headless.set_size(w, h);
        // The attract screen.
        kiosk.dispatch(Intent::IdleTimeout);
        let mut buffer = Vec::new();
        let _ = headless.render(w, h);
        // The disc for this size is drawn on a worker: wait for it.
        kiosk.settle();
        let _ = headless.render(w, h);
        let mut attract = Vec::new();
        for _ in 0..req.frames.min(200) {
            attract.push(time(|| {
                headless.advance(crate::controllers::ATTRACT_FRAME);
                headless.render_changes(&mut buffer, w, h);
            }));
        }
        kiosk.dispatch(Intent::Touch);
        kiosk.dispatch(Intent::Open(Activity::Wheel));
        let mut changes = Frames::default();
        let mut whole = Frames {
            whole_window: true,
            ..Frames::default()
        };
        for pass in [&mut changes, &mut whole] {
            let _ = headless.render(w, h);
            kiosk.settle();
            let _ = headless.render(w, h);
            headless.render_changes(&mut buffer, w, h);
            while pass.total.len() < req.frames as usize {
                kiosk.dispatch(Intent::Spin(Push::Button));
                let Some(plan) = kiosk.controller().visit().spin else {
                    return Err("het rad draait niet (te weinig onderwerpen?)".into());
                };
                let mut t = 0.0;
                let mut rested = false;
                for _ in 0..1000 {
                    let started = Instant::now();
                    headless.advance(FRAME);
                    let drawn = started.elapsed().as_secs_f64() * 1000.0;
                    if pass.whole_window {
                        let _ = headless.render(w, h);
                    } else {
                        headless.render_changes(&mut buffer, w, h);
                    }
                    let total = started.elapsed().as_secs_f64() * 1000.0;
                    t += FRAME.as_secs_f32();
                    if t < plan.seconds {
                        pass.total.push(total);
                        pass.draw.push(drawn);
                    } else if !rested {
                        pass.rest.push(total);
                        rested = true;
                    }
                    if kiosk.controller().visit().screen == Screen::WheelResult {
                        break;
                    }
                }
                kiosk.dispatch(Intent::Home);
                kiosk.dispatch(Intent::Open(Activity::Wheel));
            }
        }
        let wheel_px = slint::ComponentHandle::global::<crate::ui::WheelAdapter>(kiosk.app())
            .get_wheel()
            .size()
            .width;
        // The quiz's reveal: the real count counts up, then rests.
        kiosk.dispatch(Intent::Home);
        kiosk.dispatch(Intent::Open(Activity::Quiz));
        kiosk.dispatch(Intent::Guess(300));
        let _ = headless.render(w, h);
        kiosk.settle();
        let mut count_up = Vec::new();
        for _ in 0..(1600 / FRAME.as_millis()) {
            count_up.push(time(|| {
                headless.advance(FRAME);
                headless.render_changes(&mut buffer, w, h);
            }));
        }
        sizes.push(SizeResult {
            size: format!("{w}x{h}"),
            wheel_px,
            wheel_rest_ms: round(changes.rest.iter().copied().fold(0.0, f64::max)),
            wheel_draw: Timing::from(changes.draw),
            wheel_spin: Timing::from(changes.total),
            wheel_spin_whole_window: Timing::from(whole.total),
            attract: Timing::from(attract),
            quiz_count_up: Timing::from(count_up),
        });
    }

    // Waking the calm attract screen: the touch handled and the visit's
    // first frame drawn.
    let (w, h) = (w0, h0);
    headless.set_size(w, h);
    kiosk.dispatch(Intent::IdleTimeout);
    let mut buffer = Vec::new();
    for _ in 0..3 {
        headless.advance(Duration::from_millis(200));
        headless.render_changes(&mut buffer, w, h);
    }
    let quiet = u64::from(kiosk.controller().config().calm_after_minutes.max(1)) * 60 + 1;
    headless.advance(Duration::from_secs(quiet));
    headless.advance(Duration::from_millis(400));
    headless.render_changes(&mut buffer, w, h);
    let wake = time(|| {
        use slint::ComponentHandle;
        kiosk.app().global::<crate::ui::AttractAdapter>().invoke_start();
        headless.render_changes(&mut buffer, w, h);
    });

    // Memory over many spins: a frame every half second is enough to draw
    // every picture the spin needs.
    kiosk.dispatch(Intent::Home);
    kiosk.dispatch(Intent::Open(Activity::Wheel));
    let mut rss_after_warmup_kb = 0;
    for i in 0..req.spins {
        if i == req.spins / 10 {
            rss_after_warmup_kb = rss_kb("VmRSS");
        }
        kiosk.dispatch(Intent::Spin(Push::Flick(if i % 2 == 0 { 20.0 } else { -9.0 })));
        for _ in 0..40 {
            headless.advance(Duration::from_millis(500));
            let _ = headless.render(w, h);
            if kiosk.controller().visit().screen == Screen::WheelResult {
                break;
            }
        }
        kiosk.dispatch(Intent::SpinAgain);
        kiosk.dispatch(Intent::Home);
        kiosk.dispatch(Intent::Open(Activity::Wheel));
    }
    let mut quick = crate::bench_start::quick(req.content_dir.as_deref());
    let tap_commit = match tap_commit_latency(500, req.tap_dir.as_deref()) {
        Ok(t) => Some(t),
        Err(e) => {
            quick.not_measured.push(format!("tap_commit: {e}"));
            None
        }
    };
    Ok(BenchResult {
        machine: machine(),
        renderer: "software",
        startup_to_first_frame_ms: round(quick.first_frame_ms.unwrap_or(startup)),
        run_first_frame_ms: quick.first_frame_ms,
        headless_first_frame_ms: round(startup),
        attract_cpu_percent: quick.attract_cpu_percent,
        wake_first_frame_ms: round(wake),
        not_measured: quick.not_measured,
        sizes,
        spins: req.spins,
        tap_commit,
        rss_after_warmup_kb,
        rss_after_spins_kb: rss_kb("VmRSS"),
        peak_rss_kb: rss_kb("VmHWM"),
        ui_stall_samples: stalls.busy.len(),
        ui_stall_max_ms: round(stalls.worst.0),
        ui_stall_worst: stalls.worst.1.to_string(),
        ui_stall_size: format!("{w0}x{h0}"),
        ui_stall_p99_ms: Timing::from(stalls.busy).p99_ms,
    })
}

/// A scripted session through the kiosk's event loop: every callback a tap
/// makes, every run of the timers (which also hands over the workers'
/// answers) and every frame is timed on the UI thread. Real time passes
/// between frames so the workers do their part, as on a device.
struct Session<'a> {
    kiosk: &'a Rc<Kiosk>,
    headless: &'a Headless,
    size: (u32, u32),
    buffer: Vec<crate::headless::Rgb8Pixel>,
    busy: Vec<f64>,
    /// The longest busy stretch and what it was.
    worst: (f64, &'static str),
    /// What the session does now.
    step: &'static str,
}

/// What the stall session measured.
struct Stalls {
    busy: Vec<f64>,
    worst: (f64, String),
}

impl<'a> Session<'a> {
    fn new(kiosk: &'a Rc<Kiosk>, headless: &'a Headless, w: u32, h: u32) -> Session<'a> {
        Session {
            kiosk,
            headless,
            size: (w, h),
            buffer: Vec::new(),
            busy: Vec::new(),
            worst: (0.0, ""),
            step: "start",
        }
    }

    fn note(&mut self, ms: f64, what: &'static str) {
        self.busy.push(ms);
        if ms > self.worst.0 {
            self.worst = (ms, what);
        }
    }

    /// One tap: the callback the screen would call, timed.
    fn tap(&mut self, step: &'static str, f: impl FnOnce(&crate::ui::App)) {
        self.step = step;
        let app = self.kiosk.app();
        let ms = time(|| f(app));
        self.note(ms, step);
        self.frames(2);
    }

    fn frames(&mut self, n: usize) {
        let (w, h) = self.size;
        for _ in 0..n {
            let ms = time(|| self.headless.advance(FRAME));
            self.note(ms, "timers and answers");
            let buffer = &mut self.buffer;
            let ms = time(|| {
                self.headless.render_changes(buffer, w, h);
            });
            self.note(ms, "a frame");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Frames until the workers have answered (at most a minute of them).
    fn settle(&mut self) {
        for _ in 0..3750 {
            if self.kiosk.pending_jobs() == 0 {
                break;
            }
            self.frames(1);
        }
        self.frames(5);
    }

    fn play(mut self) -> Stalls {
        use crate::ui::{
            AppAdapter, AttractAdapter, HelpAdapter, HomeAdapter, PinKey, QuizAdapter, StoriesAdapter, TeamAdapter,
            TeamToggle, WheelAdapter,
        };
        use slint::ComponentHandle;
        self.settle();
        let languages: Vec<String> = self
            .kiosk
            .controller()
            .content()
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        self.tap("a touch on the attract screen", |a| {
            a.global::<AttractAdapter>().invoke_start()
        });
        self.settle();
        for code in languages.iter().rev() {
            self.tap("choosing a language", |a| {
                a.global::<AppAdapter>().invoke_choose_language(code.into())
            });
            self.settle();
        }
        // The wheel: a spin to its result.
        self.tap("opening the wheel", |a| {
            a.global::<HomeAdapter>().invoke_open(crate::ui::Activity::Wheel)
        });
        self.settle();
        self.tap("spinning the wheel", |a| a.global::<WheelAdapter>().invoke_spin());
        for _ in 0..600 {
            if self.kiosk.controller().visit().screen == Screen::WheelResult {
                break;
            }
            self.frames(1);
        }
        self.tap("going home", |a| a.global::<AppAdapter>().invoke_go_home());
        // The jar: a guess, the reveal, the cost, a myth.
        self.tap("opening the jar", |a| {
            a.global::<HomeAdapter>().invoke_open(crate::ui::Activity::Quiz)
        });
        self.settle();
        self.tap("a guess", |a| a.global::<QuizAdapter>().invoke_guess_chosen(300));
        self.frames(110);
        self.tap("the next quiz screen", |a| a.global::<QuizAdapter>().invoke_next());
        self.tap("the next quiz screen", |a| a.global::<QuizAdapter>().invoke_next());
        self.tap("answering a myth", |a| {
            a.global::<QuizAdapter>().invoke_myth_answer(true)
        });
        self.tap("going home", |a| a.global::<AppAdapter>().invoke_go_home());
        // A story, played.
        self.tap("opening the stories", |a| {
            a.global::<HomeAdapter>().invoke_open(crate::ui::Activity::Stories)
        });
        self.settle();
        self.tap("opening a story", |a| a.global::<StoriesAdapter>().invoke_open(0));
        self.tap("playing a story", |a| a.global::<StoriesAdapter>().invoke_play_pause());
        self.frames(30);
        self.tap("going home", |a| a.global::<AppAdapter>().invoke_go_home());
        // Stop-help, an option opened with its QR code.
        self.tap("opening stop-help", |a| a.global::<AppAdapter>().invoke_open_help());
        self.settle();
        self.tap("opening a stop-help option", |a| {
            a.global::<HelpAdapter>().invoke_open(0)
        });
        self.settle();
        self.tap("closing the option", |a| a.global::<HelpAdapter>().invoke_close());
        // The team side: back to the attract screen, the corner, the PIN.
        self.kiosk.dispatch(Intent::IdleTimeout);
        self.frames(2);
        self.tap("the team corner", |a| a.global::<TeamAdapter>().invoke_corner_held());
        for (key, digit) in [
            (PinKey::Digit, 1),
            (PinKey::Digit, 2),
            (PinKey::Digit, 3),
            (PinKey::Digit, 4),
            (PinKey::Ok, 0),
        ] {
            self.tap("a PIN key", |a| a.global::<TeamAdapter>().invoke_pin_key(key, digit));
        }
        self.settle();
        for tab in 0..5 {
            self.tap("a team tab", |a| a.global::<TeamAdapter>().set_tab(tab));
        }
        for key in [TeamToggle::Conversation, TeamToggle::Ambassador, TeamToggle::Motion].repeat(2) {
            self.tap("a switch", |a| a.global::<TeamAdapter>().invoke_toggle(key));
        }
        for step in [-1, -1, 1, 1] {
            self.tap("a volume step", |a| a.global::<TeamAdapter>().invoke_volume_step(step));
        }
        self.tap("a clock step", |a| a.global::<TeamAdapter>().invoke_clock_step(0, 1));
        self.tap("setting the clock", |a| a.global::<TeamAdapter>().invoke_set_clock());
        self.settle();
        self.tap("the export", |a| a.global::<TeamAdapter>().invoke_export());
        self.settle();
        self.tap("closing the team screen", |a| a.global::<TeamAdapter>().invoke_close());
        self.settle();
        Stalls {
            busy: self.busy,
            worst: (self.worst.0, format!("{} (during: {})", self.worst.1, self.step)),
        }
    }
}

#[derive(Default)]
struct Frames {
    whole_window: bool,
    total: Vec<f64>,
    draw: Vec<f64>,
    rest: Vec<f64>,
}

/// Taps recorded one by one, each timed until the store acknowledges it.
fn tap_commit_latency(taps: u32, within: Option<&std::path::Path>) -> Result<Timing, String> {
    let dir = match within {
        Some(parent) => tempfile::tempdir_in(parent),
        None => tempfile::tempdir(),
    }
    .map_err(|e| match within {
        Some(parent) => format!("geen tijdelijke map voor de tikken in {}: {e}", parent.display()),
        None => format!("geen tijdelijke map voor de tikken: {e}"),
    })?;
    let (tx, rx) = std::sync::mpsc::channel();
    let options = crate::store::StoreOptions {
        on_ack: Some(Box::new(move |n| {
            let _ = tx.send(n);
        })),
        ..Default::default()
    };
    let store = crate::store::Store::open(dir.path(), options);
    let mut times = Vec::new();
    for i in 0..taps {
        let started = Instant::now();
        store.record(crate::store::Tap {
            hour: "2026-11-24T10".into(),
            kiosk: "bench".into(),
            vindplaats: "markt".into(),
            event: "wheel_spin".into(),
            item: format!("onderwerp-{}", i % 8),
        });
        rx.recv_timeout(Duration::from_secs(10))
            .map_err(|_| format!("de database bevestigde tik {i} niet binnen 10 s"))?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(Timing::from(times))
}

fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// A line of /proc/self/status in kB (0 where there is no /proc).
fn rss_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Milliseconds since this process started, from /proc (10 ms steps).
/// Milliseconds since this process started (10 ms steps: the kernel's clock ticks).
pub fn process_age_ms() -> f64 {
    let ticks = 100.0; // USER_HZ on Linux
    let start = std::fs::read_to_string("/proc/self/stat").ok().and_then(|s| {
        // Field 22, counted after the command name in parentheses.
        let after = s.rsplit_once(')')?.1;
        after.split_whitespace().nth(19)?.parse::<f64>().ok()
    });
    let uptime = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok());
    match (start, uptime) {
        (Some(start), Some(up)) => ((up - start / ticks) * 1000.0).max(0.0),
        _ => 0.0,
    }
}

/// The processor's name and how many cores, for the record.
pub(crate) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name") || l.starts_with("Model"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} cores available (one used)")
}
