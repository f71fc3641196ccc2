//! The team side of the kiosk: the hidden corner, the PIN pad and the team
//! screen. Residents never get here by chance: the corner must be held five
//! seconds on the attract screen, then a PIN; the team screen closes itself
//! after two minutes without a touch.

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::Kiosk;
use super::jobs::Lane;
use crate::audio::{Device, Sound};
use crate::report::{self, ReportSource};
use crate::store::Store;
use crate::team::{Attempt, PinGate, TeamSettings, export, pin};
use crate::ui;

/// The team screen and the PIN pad close after this long without a touch.
pub const TEAM_IDLE: Duration = Duration::from_secs(120);
/// Days in the chart of recent visits.
pub const CHART_DAYS: i64 = 14;
/// Slow work says what it is doing only after this long.
const BUSY_NOTE: Duration = Duration::from_millis(150);

/// What the team side needs from outside the UI. Empty for previews.
#[derive(Default)]
pub struct TeamDesk {
    /// The data folder: counts for the charts, `team.toml` for the choices.
    pub data_dir: Option<PathBuf>,
    pub store: Option<Arc<Store>>,
    pub gate: Option<PinGate>,
    /// kiosk.toml's `pin_hash`, if any: a PIN changed on screen replaces it.
    pub configured_pin: Option<String>,
    pub settings: TeamSettings,
    /// A fixed folder to export to (config `export_dir`); else a USB stick is looked for.
    pub export_dir: Option<PathBuf>,
    /// check-content's findings about the content the kiosk runs on.
    pub content_problems: Vec<String>,
    /// Restarts the kiosk (quits the event loop; `run` starts it again).
    pub restart: Option<Box<dyn Fn()>>,
    /// The SD card's content folder the kiosk was started with (`--content`):
    /// the *Inhoud* tab weighs a loaded content against it.
    pub content_dir: Option<PathBuf>,
    /// The kiosk's own program: its `preview` draws a checked folder's
    /// screens on the *Inhoud* tab before *Gebruiken*. None: no preview.
    pub program: Option<PathBuf>,
}

impl TeamDesk {
    /// The team side of a kiosk counting into `data`: reads `team.toml` (a
    /// problem with it joins `notes`, and kiosk.toml alone is used) and lays
    /// the team's choices over `config`.
    pub fn load(
        data: &std::path::Path,
        config: &mut crate::config::Config,
        store: Arc<Store>,
        mut notes: Vec<String>,
    ) -> TeamDesk {
        let settings = TeamSettings::load(data).unwrap_or_else(|problem| {
            eprintln!("rookvrij-kiosk: {problem} (de kiosk gebruikt kiosk.toml)");
            notes.push(problem.to_string());
            TeamSettings::default()
        });
        settings.apply(config);
        let gate = PinGate::new(settings.pin_hash(config), settings.failed_pin_tries, 0.0);
        TeamDesk {
            data_dir: Some(data.to_path_buf()),
            store: Some(store),
            gate: Some(gate),
            configured_pin: Some(config.pin_hash.clone()).filter(|h| !h.is_empty()),
            settings,
            export_dir: Some(PathBuf::from(&config.export_dir)).filter(|d| !d.as_os_str().is_empty()),
            content_problems: notes,
            restart: None,
            content_dir: None,
            program: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Pad {
    /// The team's PIN, to open the team screen.
    Open,
    /// A new PIN, then the same again.
    New,
    Repeat(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Mode {
    Closed,
    Pad(Pad),
    Open,
}

pub(super) struct TeamState {
    pub(super) desk: TeamDesk,
    gate: PinGate,
    mode: Mode,
    typed: String,
    clock: [i32; 5],
    /// A problem saving `team.toml`, shown under health.
    save_error: Option<String>,
    /// A typed PIN is being checked on a worker: keys wait.
    pin_busy: bool,
    /// An export is being written.
    export_busy: bool,
    /// What the disk says (free space, the content folder), read on a worker.
    disk: Vec<(bool, String)>,
    /// The *Inhoud* tab is loading, checking or writing.
    pub(super) content_busy: bool,
    /// A content folder on a stick that was checked and can be used.
    pub(super) content_pending: Option<PathBuf>,
    /// The content folders found on the stick, to choose from.
    pub(super) content_found: Vec<PathBuf>,
    /// Moves the copy's progress bar while a load runs.
    pub(super) content_timer: slint::Timer,
    /// The content as loaded, before the team's jar and switches of today.
    pub(super) loaded: Option<Rc<crate::content::Content>>,
    /// What the on-screen keyboard is typing, and what is typed.
    pub(super) typing: Option<super::team_today::Typing>,
    pub(super) typed_text: String,
    /// The place whose *Weg* was touched once: the second touch removes it.
    pub(super) removing: Option<usize>,
    /// The jar being filled in on the *Vandaag* tab (0: the content's jars,
    /// 1: the team's own, 2 and on: one of the content's), and its fields.
    pub(super) jar_pick: usize,
    pub(super) jar_draft: crate::team::TodayJar,
    /// The screens of the checked folder, drawn by `preview`.
    pub(super) content_shots: Option<super::team_content::Shots>,
}

impl TeamState {
    pub(super) fn desk(&self) -> &TeamDesk {
        &self.desk
    }

    pub(super) fn new(mut desk: TeamDesk) -> TeamState {
        let gate = desk.gate.take().unwrap_or_else(|| PinGate::new(None, 0, 0.0));
        TeamState {
            desk,
            gate,
            mode: Mode::Closed,
            typed: String::new(),
            clock: [1, 1, 2026, 12, 0],
            save_error: None,
            pin_busy: false,
            export_busy: false,
            disk: Vec::new(),
            content_busy: false,
            content_pending: None,
            content_found: Vec::new(),
            content_timer: slint::Timer::default(),
            loaded: None,
            typing: None,
            typed_text: String::new(),
            removing: None,
            jar_pick: 0,
            jar_draft: crate::team::TodayJar::default(),
            content_shots: None,
        }
    }

    pub(super) fn screen(&self) -> Option<ui::Screen> {
        match self.mode {
            Mode::Closed => None,
            Mode::Pad(_) => Some(ui::Screen::Pin),
            Mode::Open => Some(ui::Screen::Team),
        }
    }
}

/// Wires the team side's adapter: every touch there keeps it open.
pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let team = app.global::<ui::TeamAdapter>();
    macro_rules! team_on {
        ($setter:ident, |$k:ident $(, $arg:ident)*| $body:expr) => {{
            let w = Rc::downgrade(kiosk);
            team.$setter(move |$($arg),*| {
                if let Some($k) = w.upgrade() {
                    $k.team_touched();
                    $body;
                }
            });
        }};
    }
    team_on!(on_corner_held, |k| k.team_pad(Pad::Open));
    team_on!(on_pin_key, |k, key, digit| k.team_key(key, digit));
    team_on!(on_pin_cancel, |k| k.team_pin_cancel());
    team_on!(on_close, |k| k.team_close());
    // Any touch keeps the team side open (the macro restarts that timer).
    team_on!(on_touched, |k| {});
    team_on!(on_choose_place, |k, i| k.team_choose_place(i));
    team_on!(on_clock_step, |k, field, delta| k.team_clock_step(field, delta));
    team_on!(on_set_clock, |k| k.team_set_clock());
    team_on!(on_toggle, |k, what| k.team_toggle(what));
    team_on!(on_volume_step, |k, delta| k.team_volume(delta));
    team_on!(on_test_sound, |k| k.audio.effect(Sound::Stop));
    team_on!(on_export, |k| k.team_export());
    team_on!(on_change_pin, |k| k.team_pad(Pad::New));
    team_on!(on_restart, |k| k.team_restart());
    team_on!(on_content_look, |k| k.content_look());
    team_on!(on_content_check, |k, i| k.content_check_found(i));
    team_on!(on_content_use, |k| k.content_use());
    team_on!(on_content_cancel, |k| k.content_cancel());
    team_on!(on_content_back, |k| k.content_back());
    team_on!(on_content_to_stick, |k| k.content_to_stick());
    team_on!(on_content_preview_choose, |k, i| k
        .content_preview_show(i.max(0) as usize));
    team_on!(on_place_add, |k| k.team_place_add());
    team_on!(on_place_rename, |k, i| k.team_place_rename(i));
    team_on!(on_place_remove, |k, i| k.team_place_remove(i));
    team_on!(on_kb_key, |k, key| k.kb_key(&key));
    team_on!(on_kb_done, |k| k.kb_done());
    team_on!(on_kb_cancel, |k| k.kb_close());
    team_on!(on_jar_choose, |k, i| k.jar_choose(i));
    team_on!(on_jar_count_edit, |k| k.jar_count_edit());
    team_on!(on_jar_place_step, |k, d| k.jar_place_step(d));
    team_on!(on_jar_day_step, |k, d| k.jar_day_step(d));
    team_on!(on_jar_use, |k| k.jar_use());
    team_on!(on_show_switch, |k, kind, i| k.show_switch(kind, i));
}

impl Kiosk {
    /// Shows the PIN pad (`None`) or a tab of the team screen, without the
    /// corner and the PIN: for `preview`.
    pub fn show_team(self: &Rc<Self>, tab: Option<i32>) {
        match tab {
            None => {
                self.team.borrow_mut().mode = Mode::Pad(Pad::Open);
                self.show_pad(None);
            }
            Some(tab) => {
                self.team.borrow_mut().mode = Mode::Open;
                self.app.global::<ui::TeamAdapter>().set_tab(tab);
                self.team_fill_clock();
                self.team_show();
                self.team_refresh_counts();
                self.content_refresh();
            }
        }
        self.attract.stop();
        self.sync();
    }

    /// The full check of a content folder (every recording decoded to its
    /// end), after the first frame: what it finds joins the team's list of
    /// content problems. The kiosk started on a quick check.
    pub fn check_content_later(self: &Rc<Self>, dir: PathBuf) {
        let known = self.known();
        self.jobs.run(
            Lane::Start,
            move || {
                let checked = crate::content::check_folder_known(&dir, crate::content::Depth::Full, known);
                let problems = checked.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>();
                let measured = checked
                    .content
                    .map(|c| c.stories.into_iter().flat_map(|s| s.audio.into_values()).collect())
                    .unwrap_or_default();
                (problems, measured)
            },
            |k, (problems, measured): (Vec<String>, Vec<crate::content::StoryAudio>)| {
                k.measured(measured);
                let mut t = k.team.borrow_mut();
                for p in problems {
                    if !t.desk.content_problems.contains(&p) {
                        eprintln!("rookvrij-kiosk: {p}");
                        t.desk.content_problems.push(p);
                    }
                }
            },
        );
    }

    /// The cache of what checks learned about content files, in the data
    /// folder (none without one: then everything is learned at each start).
    pub(super) fn known(&self) -> Option<rookvrij_core::known::Known> {
        self.team
            .borrow()
            .desk
            .data_dir
            .as_deref()
            .map(rookvrij_core::known::Known::in_data)
    }

    /// The team screen or PIN pad is showing.
    pub fn team_active(&self) -> bool {
        self.team.borrow().mode != Mode::Closed
    }

    pub(super) fn team_screen(&self) -> Option<ui::Screen> {
        self.team.borrow().screen()
    }

    fn team_touched(self: &Rc<Self>) {
        let w = Rc::downgrade(self);
        self.team_idle.start(slint::TimerMode::SingleShot, TEAM_IDLE, move || {
            if let Some(k) = w.upgrade() {
                k.team_close();
            }
        });
    }

    fn team_pad(self: &Rc<Self>, pad: Pad) {
        // Only from the attract screen (the corner) or from the team screen.
        let from_attract = self.controller().visit().screen == crate::controller::Screen::Attract;
        {
            let mut t = self.team.borrow_mut();
            let allowed = match pad {
                Pad::Open => t.mode == Mode::Closed && from_attract,
                _ => t.mode == Mode::Open,
            };
            if !allowed {
                return;
            }
            t.mode = Mode::Pad(pad);
            t.typed.clear();
        }
        self.attract.stop();
        self.show_pad(None);
        self.sync();
    }

    fn show_pad(&self, message: Option<String>) {
        let now = self.now_ms() as f64 / 1000.0;
        let mut t = self.team.borrow_mut();
        let locked = t.gate.locked(now);
        let adapter = self.app.global::<ui::TeamAdapter>();
        adapter.set_pin_title(
            match &t.mode {
                Mode::Pad(Pad::New) => "Kies een nieuwe pincode (4 tot 8 cijfers)",
                Mode::Pad(Pad::Repeat(_)) => "Nog een keer de nieuwe pincode",
                _ => "Pincode van het team",
            }
            .into(),
        );
        adapter.set_pin_length(t.typed.len() as i32);
        adapter.set_pin_busy(t.pin_busy);
        adapter.set_pin_locked(locked.is_some() && t.mode == Mode::Pad(Pad::Open));
        let message = match (locked, &t.mode) {
            (Some(s), Mode::Pad(Pad::Open)) => Some(locked_text(s)),
            _ => message,
        };
        adapter.set_pin_message(message.unwrap_or_default().into());
    }

    fn team_key(self: &Rc<Self>, key: ui::PinKey, digit: i32) {
        let mode = self.team.borrow().mode.clone();
        let Mode::Pad(pad) = mode else { return };
        if self.team.borrow().pin_busy {
            return;
        }
        match key {
            ui::PinKey::Back => {
                self.team.borrow_mut().typed.pop();
                self.show_pad(None);
            }
            ui::PinKey::Ok => self.team_pin_entered(pad),
            ui::PinKey::Digit => {
                let Some(d) = u32::try_from(digit).ok().and_then(|d| char::from_digit(d, 10)) else {
                    return;
                };
                let mut t = self.team.borrow_mut();
                if t.typed.len() < pin::MAX_DIGITS {
                    t.typed.push(d);
                }
                drop(t);
                self.show_pad(None);
            }
        }
    }

    fn team_pin_entered(self: &Rc<Self>, pad: Pad) {
        let typed = std::mem::take(&mut self.team.borrow_mut().typed);
        match pad {
            Pad::Open => {
                let now = self.now_ms() as f64 / 1000.0;
                let check = {
                    let mut t = self.team.borrow_mut();
                    if t.gate.locked(now).is_some() {
                        drop(t);
                        self.show_pad(None);
                        return;
                    }
                    t.pin_busy = true;
                    t.gate.checker()
                };
                self.show_pad(None);
                // argon2 takes tens of milliseconds here, more on a Pi: a worker
                // checks, the pad shows a spinner if it takes a moment.
                self.jobs
                    .run(Lane::Pin, move || check(&typed), |k, right| k.team_pin_checked(right));
            }
            Pad::New => {
                if let Err(e) = pin::check_format(&typed) {
                    self.show_pad(Some(format!("Dat kan niet: {e}.")));
                    return;
                }
                self.team.borrow_mut().mode = Mode::Pad(Pad::Repeat(typed));
                self.show_pad(None);
            }
            Pad::Repeat(first) => {
                if typed != first {
                    self.team.borrow_mut().mode = Mode::Pad(Pad::New);
                    self.show_pad(Some("De twee pincodes zijn niet gelijk. Begin opnieuw.".into()));
                    return;
                }
                self.team.borrow_mut().pin_busy = true;
                self.show_pad(None);
                self.jobs.run(
                    Lane::Pin,
                    move || pin::hash_pin(&typed),
                    |k, hashed| {
                        k.team.borrow_mut().pin_busy = false;
                        let message = match hashed {
                            Ok(hash) => {
                                let mut t = k.team.borrow_mut();
                                t.gate.set_hash(hash.clone());
                                t.desk.settings.pin_hash = Some(hash);
                                t.desk.settings.pin_replaces = t.desk.configured_pin.clone();
                                drop(t);
                                k.team_save();
                                "De nieuwe pincode is bewaard.".to_string()
                            }
                            Err(e) => format!("De pincode is niet gewijzigd: {e}"),
                        };
                        k.team.borrow_mut().mode = Mode::Open;
                        let adapter = k.app.global::<ui::TeamAdapter>();
                        adapter.set_export_ok(true);
                        adapter.set_export_message(message.into());
                        k.team_show();
                        k.sync();
                    },
                );
            }
        }
    }

    fn team_pin_checked(self: &Rc<Self>, right: bool) {
        let now = self.now_ms() as f64 / 1000.0;
        // A wrong try counts even when the pad was closed meanwhile.
        let (attempt, still_asking) = {
            let mut t = self.team.borrow_mut();
            t.pin_busy = false;
            (t.gate.record(right, now), t.mode == Mode::Pad(Pad::Open))
        };
        let failures = self.team.borrow().gate.failures();
        if self.team.borrow().desk.settings.failed_pin_tries != failures {
            self.team.borrow_mut().desk.settings.failed_pin_tries = failures;
            self.team_save();
        }
        if !still_asking {
            return;
        }
        match attempt {
            Attempt::Open => {
                self.team.borrow_mut().mode = Mode::Open;
                self.app.global::<ui::TeamAdapter>().set_tab(0);
                self.team_fill_clock();
                self.team_show();
                self.team_refresh_counts();
                self.content_refresh();
                self.sync();
            }
            Attempt::Wrong { left } => self.show_pad(Some(if left == 1 {
                "Verkeerde pincode. Nog 1 poging, daarna 5 minuten op slot.".to_string()
            } else {
                format!("Verkeerde pincode. Nog {left} pogingen.")
            })),
            Attempt::Locked { .. } => self.show_pad(None),
        }
    }

    /// Writes `team.toml` on a worker, in order (written beside, synced,
    /// renamed); a problem shows under health.
    pub(super) fn team_save(self: &Rc<Self>) {
        let (dir, settings) = {
            let t = self.team.borrow();
            (t.desk.data_dir.clone(), t.desk.settings.clone())
        };
        let Some(dir) = dir else { return };
        self.jobs.run(
            Lane::Settings,
            move || {
                settings.save(&dir).err().map(|e| {
                    format!(
                        "De keuzes van het team konden niet worden bewaard in {}: {e}",
                        dir.display()
                    )
                })
            },
            |k, error| {
                let changed = k.team.borrow().save_error != error;
                k.team.borrow_mut().save_error = error;
                if changed && k.team_active() {
                    k.team_show();
                }
            },
        );
    }

    fn team_pin_cancel(self: &Rc<Self>) {
        let mode = self.team.borrow().mode.clone();
        match mode {
            Mode::Pad(Pad::Open) => self.team_close(),
            Mode::Pad(_) => {
                self.team.borrow_mut().mode = Mode::Open;
                self.team_show();
                self.sync();
            }
            _ => {}
        }
    }

    /// Back to the attract screen.
    pub fn team_close(self: &Rc<Self>) {
        {
            let mut t = self.team.borrow_mut();
            t.mode = Mode::Closed;
            t.typed.clear();
        }
        self.team_idle.stop();
        self.kb_close();
        let adapter = self.app.global::<ui::TeamAdapter>();
        adapter.set_export_message("".into());
        adapter.set_clock_message("".into());
        self.sync();
    }

    fn team_choose_place(self: &Rc<Self>, i: i32) {
        let place = {
            let c = self.controller();
            c.config().vindplaatsen.get(i.max(0) as usize).cloned()
        };
        let Some(place) = place else { return };
        self.controller.borrow_mut().config_mut().vindplaats = place.clone();
        {
            let mut t = self.team.borrow_mut();
            t.desk.settings.vindplaats = Some(place);
        }
        self.team_save();
        self.team_show();
    }

    fn team_toggle(self: &Rc<Self>, what: ui::TeamToggle) {
        {
            let mut c = self.controller.borrow_mut();
            let config = c.config_mut();
            let mut t = self.team.borrow_mut();
            let s = &mut t.desk.settings;
            match what {
                ui::TeamToggle::Conversation => {
                    config.conversation_mode = !config.conversation_mode;
                    s.conversation_mode = Some(config.conversation_mode);
                }
                ui::TeamToggle::Ambassador => {
                    config.ambassador_present = !config.ambassador_present;
                    s.ambassador_present = Some(config.ambassador_present);
                }
                ui::TeamToggle::Motion => {
                    config.reduced_motion = !config.reduced_motion;
                    s.reduced_motion = Some(config.reduced_motion);
                }
            }
        }
        self.team_save();
        self.team_show();
        self.sync();
    }

    fn team_volume(self: &Rc<Self>, delta: i32) {
        let volume = {
            let mut c = self.controller.borrow_mut();
            let config = c.config_mut();
            let steps = (config.volume * 10.0).round() as i32 + delta.signum();
            config.volume = steps.clamp(0, 10) as f32 / 10.0;
            config.volume
        };
        self.audio.set_volume(volume);
        self.audio.effect(Sound::Stop);
        {
            let mut t = self.team.borrow_mut();
            t.desk.settings.volume = Some(volume);
        }
        self.team_save();
        self.team_show();
    }

    /// The date and time to set start from the kiosk's clock, or from the
    /// earliest it would believe when its clock is wrong.
    fn team_fill_clock(&self) {
        let c = self.controller();
        let time = c.time();
        let t = if time.plausible() {
            time.now()
        } else {
            time.floor().unwrap_or_else(crate::clock::release_date)
        };
        drop(c);
        self.team.borrow_mut().clock = [
            t.day() as i32,
            t.month() as i32,
            t.year(),
            t.hour() as i32,
            t.minute() as i32,
        ];
    }

    fn team_clock_step(self: &Rc<Self>, field: i32, delta: i32) {
        {
            let mut t = self.team.borrow_mut();
            let f = &mut t.clock;
            let d = delta.signum();
            match field {
                0 => f[0] = wrap(f[0] + d, 1, 31),
                1 => f[1] = wrap(f[1] + d, 1, 12),
                2 => f[2] = (f[2] + d).clamp(crate::clock::RELEASE_DATE.0, 2099),
                3 => f[3] = wrap(f[3] + d, 0, 23),
                4 => f[4] = wrap(f[4] + d, 0, 59),
                _ => return,
            }
        }
        self.app.global::<ui::TeamAdapter>().set_clock_message("".into());
        self.team_show();
    }

    fn team_set_clock(self: &Rc<Self>) {
        let [d, m, y, h, min] = self.team.borrow().clock;
        let when =
            NaiveDate::from_ymd_opt(y, m as u32, d as u32).and_then(|date| date.and_hms_opt(h as u32, min as u32, 0));
        let message = match when {
            None => format!("{d}-{m}-{y} bestaat niet. Kies een andere dag."),
            Some(when) => match self.controller.borrow_mut().set_clock(when) {
                Ok(0) => format!("De tijd is gezet: {}.", long_time(when)),
                Ok(n) => format!(
                    "De tijd is gezet: {}. {n} tellingen zonder datum kregen hun uur.",
                    long_time(when)
                ),
                Err(e) => format!("Niet gezet: {e}."),
            },
        };
        self.app.global::<ui::TeamAdapter>().set_clock_message(message.into());
        self.team_show();
        // Counts may have got their hours.
        self.team_refresh_counts();
    }

    fn team_export(self: &Rc<Self>) {
        if self.team.borrow().export_busy {
            return;
        }
        let (data_dir, export_dir, store) = {
            let t = self.team.borrow();
            (t.desk.data_dir.clone(), t.desk.export_dir.clone(), t.desk.store.clone())
        };
        let (kiosk_id, day) = {
            let c = self.controller();
            (c.config().kiosk_id.clone(), c.today())
        };
        self.team.borrow_mut().export_busy = true;
        let adapter = self.app.global::<ui::TeamAdapter>();
        adapter.set_export_busy(true);
        adapter.set_export_ok(true);
        adapter.set_export_message("".into());
        // Said only when it takes a moment: a quick answer does not flash it.
        let w = Rc::downgrade(self);
        self.team_busy_note
            .start(slint::TimerMode::SingleShot, BUSY_NOTE, move || {
                if let Some(k) = w.upgrade()
                    && k.team.borrow().export_busy
                {
                    k.app
                        .global::<ui::TeamAdapter>()
                        .set_export_message("Bezig met opslaan op de USB-stick…".into());
                }
            });
        // A stick can take many seconds to write: the screen stays live.
        self.jobs.run(
            Lane::Export,
            move || {
                if let Some(store) = &store {
                    store.flush(Duration::from_secs(2));
                }
                match data_dir {
                    None => Err("Deze kiosk bewaart geen tellingen (voorbeeldweergave).".to_string()),
                    Some(dir) => export::find_target(export_dir.as_deref())
                        .and_then(|target| export::export(&dir, &target, &kiosk_id, &day))
                        .map(|done| {
                            format!(
                                "{} bestanden geschreven in {}: {} rijen tellingen (json, csv, xlsx, html).",
                                done.files.len(),
                                done.dir.display(),
                                done.rows
                            )
                        })
                        .map_err(|e| e.to_string()),
                }
            },
            |k, result| {
                k.team.borrow_mut().export_busy = false;
                let adapter = k.app.global::<ui::TeamAdapter>();
                adapter.set_export_busy(false);
                let (ok, message) = match result {
                    Ok(message) => (true, message),
                    Err(message) => (false, message),
                };
                adapter.set_export_ok(ok);
                adapter.set_export_message(message.into());
            },
        );
    }

    fn team_restart(self: &Rc<Self>) {
        let (store, can) = {
            let t = self.team.borrow();
            (t.desk.store.clone(), t.desk.restart.is_some())
        };
        let adapter = self.app.global::<ui::TeamAdapter>();
        if !can {
            adapter.set_export_ok(false);
            adapter.set_export_message("Herstarten kan hier niet.".into());
            return;
        }
        adapter.set_export_ok(true);
        adapter.set_export_message("Bezig met herstarten: eerst worden alle tellingen bewaard…".into());
        // Every count is written first, on a worker; then the restart.
        self.jobs.run(
            Lane::Counts,
            move || {
                if let Some(store) = &store {
                    store.flush(Duration::from_secs(5));
                }
            },
            |k, ()| {
                if let Some(restart) = &k.team.borrow().desk.restart {
                    restart();
                }
            },
        );
    }

    /// Everything the team screen shows, fresh.
    pub(super) fn team_show(&self) {
        let adapter = self.app.global::<ui::TeamAdapter>();
        let c = self.controller();
        let config = c.config().clone();
        let plausible = c.time().plausible();
        let now = c.time().now();
        let undated = c.undated_taps();
        let floor = c.time().floor();
        drop(c);

        adapter.set_kiosk_id(config.kiosk_id.clone().into());
        adapter.set_places(ModelRc::new(VecModel::from(
            config
                .vindplaatsen
                .iter()
                .map(|p| p.into())
                .collect::<Vec<slint::SharedString>>(),
        )));
        adapter.set_place(config.vindplaats.clone().into());
        adapter.set_conversation_mode(config.conversation_mode);
        adapter.set_ambassador_present(config.ambassador_present);
        adapter.set_reduced_motion(config.reduced_motion);
        adapter.set_volume((config.volume * 100.0).round() as i32);
        adapter.set_has_sound(self.audio.available());

        adapter.set_clock_ok(plausible);
        adapter.set_clock_now(
            if plausible {
                format!("Het is nu {}.", long_time(now))
            } else {
                format!("De klok staat niet goed: hij zegt {}.", now.format("%d-%m-%Y %H:%M"))
            }
            .into(),
        );
        adapter.set_clock_note(
            if plausible {
                "Klopt dit niet? Zet hieronder de juiste datum en tijd.".to_string()
            } else {
                format!(
                    "Dat is eerder dan {}. Tot u de tijd zet, worden tellingen bewaard zonder datum ({undated} tot nu toe); daarna krijgen ze hun uur.",
                    floor.map(|f| f.format("%d-%m-%Y %H:00").to_string()).unwrap_or_default()
                )
            }
            .into(),
        );
        let t = self.team.borrow();
        adapter.set_clock_fields(ModelRc::new(VecModel::from(t.clock.to_vec())));
        adapter.set_default_pin(t.gate.is_default());
        let store = t.desk.store.clone();
        let problems = t.desk.content_problems.clone();
        let save_error = t.save_error.clone();
        let disk = t.disk.clone();
        drop(t);

        // Health.
        let mut lines: Vec<ui::HealthLine> = Vec::new();
        let mut line = |ok: bool, text: String| lines.push(ui::HealthLine { ok, text: text.into() });
        line(
            true,
            format!(
                "Kiosk {}, vindplaats {}, rookvrij-kiosk {}.",
                config.kiosk_id,
                config.vindplaats,
                env!("CARGO_PKG_VERSION")
            ),
        );
        match store.as_ref().map(|s| s.health()) {
            None => line(true, "Voorbeeldweergave: er wordt niets bewaard.".into()),
            Some(h) => {
                if h.opening {
                    line(
                        h.waiting == 0,
                        "De database wordt geopend: de schijf antwoordt nog niet. Tikken wachten in het geheugen."
                            .into(),
                    );
                } else if h.ok {
                    line(
                        true,
                        format!("Database in orde; {} tikken bewaard sinds de start.", h.committed),
                    );
                } else {
                    line(false, format!("Database: {}", h.last_error.unwrap_or_default()));
                }
                line(
                    h.waiting == 0,
                    if h.waiting == 0 {
                        "Geen tikken in de wachtrij.".into()
                    } else {
                        format!("{} tikken wachten in het geheugen op de schijf.", h.waiting)
                    },
                );
                if h.dropped > 0 {
                    line(
                        false,
                        format!("{} tikken gingen verloren: de wachtrij was vol.", h.dropped),
                    );
                }
                if let Some(aside) = h.moved_aside {
                    line(
                        false,
                        format!("Een beschadigde database is opzij gezet: {}.", aside.display()),
                    );
                }
            }
        }
        for (ok, text) in disk {
            line(ok, text);
        }
        if !plausible {
            line(false, "De klok staat niet goed (tab Klok).".into());
        }
        if undated > 0 || !plausible {
            line(plausible, format!("{undated} tellingen van nu zonder datum."));
        }
        if problems.is_empty() {
            line(true, "Inhoud: geen problemen.".into());
        } else {
            line(
                false,
                format!("Inhoud: {} probleem/problemen. Eerste: {}", problems.len(), problems[0]),
            );
        }
        match self.audio.device() {
            Device::Ready => line(true, "Geluid werkt.".into()),
            Device::Missing => line(false, "Geen geluidsapparaat gevonden: de kiosk is stil.".into()),
            Device::Opening if self.sound_known.get() => line(
                false,
                "Het geluidsapparaat antwoordt niet: de kiosk is stil tot het antwoordt.".into(),
            ),
            Device::Opening => line(true, "Het geluid wordt gestart…".into()),
        }
        if let Some(e) = save_error {
            line(false, e);
        }
        adapter.set_health(ModelRc::new(VecModel::from(lines)));
        self.today_refresh();
    }

    /// Today's visits per hour, visits per day over 14 days, the funnel and
    /// the disk's health, read on a worker when the team screen opens and
    /// when the clock is set; the screen shows them when they are there.
    fn team_refresh_counts(&self) {
        let (data_dir, store) = {
            let t = self.team.borrow();
            (t.desk.data_dir.clone(), t.desk.store.clone())
        };
        let (now, undated) = {
            let c = self.controller();
            (c.time().plausible().then(|| c.time().now()), c.undated_taps())
        };
        let source = self.controller().content().source.clone();
        let adapter = self.app.global::<ui::TeamAdapter>();
        adapter.set_counts_busy(true);
        self.jobs.run(
            Lane::Counts,
            move || {
                // What was tapped just before is in the charts too.
                if let Some(store) = &store {
                    store.flush(Duration::from_millis(500));
                }
                let disk = disk_health(data_dir.as_deref(), &source);
                (read_charts(data_dir.as_deref(), now, undated), disk)
            },
            |k, (charts, disk)| {
                k.team.borrow_mut().disk = disk;
                let adapter = k.app.global::<ui::TeamAdapter>();
                adapter.set_counts_busy(false);
                adapter.set_today_title(charts.today_title.into());
                adapter.set_today_max(charts.today_bars.iter().map(|b| b.count).max().unwrap_or(0).max(1));
                adapter.set_days_max(charts.day_bars.iter().map(|b| b.count).max().unwrap_or(0).max(1));
                adapter.set_today_bars(ModelRc::new(VecModel::from(charts.today_bars)));
                adapter.set_days_bars(ModelRc::new(VecModel::from(charts.day_bars)));
                adapter.set_funnel(ModelRc::new(VecModel::from(charts.funnel)));
                adapter.set_counts_note(charts.note.into());
                if k.team_active() {
                    k.team_show();
                }
            },
        );
    }
}

/// What the team's charts show, read from the counts.
struct Charts {
    today_title: String,
    today_bars: Vec<ui::TeamBar>,
    day_bars: Vec<ui::TeamBar>,
    funnel: Vec<ui::FunnelRow>,
    note: String,
}

/// Free space on the data disk, and whether the content folder is still there
/// (a stick pulled, a folder deleted: the kiosk goes on with what it read).
fn disk_health(data_dir: Option<&std::path::Path>, source: &crate::content::Source) -> Vec<(bool, String)> {
    let mut lines = Vec::new();
    if let Some(dir) = data_dir {
        lines.push(match crate::team::free_space(dir) {
            Some(free) => (
                free >= 50_000_000,
                format!("Vrije ruimte: {}.", crate::team::human_bytes(free)),
            ),
            None => (false, format!("Vrije ruimte van {} is onbekend.", dir.display())),
        });
    }
    if let crate::content::Source::Folder(dir) = source
        && !dir.join("content.toml").is_file()
    {
        lines.push((
            false,
            format!(
                "De inhoudsmap {} is weg of onleesbaar: de kiosk toont wat hij bij de start las.",
                dir.display()
            ),
        ));
    }
    lines
}

fn read_charts(data_dir: Option<&std::path::Path>, now: Option<NaiveDateTime>, undated: u64) -> Charts {
    let Some(now) = now else {
        return Charts {
            today_title: "Vandaag: onbekend, de klok staat niet goed".into(),
            today_bars: Vec::new(),
            day_bars: Vec::new(),
            funnel: Vec::new(),
            note: format!("{undated} tellingen zonder datum. Zet de klok (tab Klok)."),
        };
    };
    let today = now.date();
    let first = today - chrono::Duration::days(CHART_DAYS - 1);
    let report = data_dir
        .filter(|d| d.join(crate::store::DB_FILE).exists())
        .map(|d| report::collect(&[ReportSource::Data(d.to_path_buf())], Some(first), None));
    let (report, note) = match report {
        None => (None, String::new()),
        Some(Ok(r)) => (Some(r), String::new()),
        Some(Err(e)) => (None, format!("De tellingen konden niet gelezen worden: {e}")),
    };
    let mut per_hour = [0u64; 24];
    let mut per_day = vec![0u64; CHART_DAYS as usize];
    let mut funnel = Vec::new();
    if let Some(r) = &report {
        let visit = r.event("visit_start");
        for row in r.rows() {
            if Some(row.event) != visit || row.hour == report::UNDATED_HOUR {
                continue;
            }
            let date = report::hour_date(row.hour);
            if date == today {
                per_hour[(row.hour % 24) as usize] += row.count;
            }
            let back = (today - date).num_days();
            if (0..CHART_DAYS).contains(&back) {
                per_day[(CHART_DAYS - 1 - back) as usize] += row.count;
            }
        }
        funnel = r
            .summary()
            .funnel
            .into_iter()
            .map(|f| ui::FunnelRow {
                place: f.place.into(),
                visits: f.visits.min(i32::MAX as u64) as i32,
                activities: f.activities.min(i32::MAX as u64) as i32,
                interest: f.interest.min(i32::MAX as u64) as i32,
                contacts: f.contacts.min(i32::MAX as u64) as i32,
            })
            .collect();
    }
    // The hours shown: 8 to 20, wider when there were visits outside them.
    let busy: Vec<usize> = (0..24).filter(|&h| per_hour[h] > 0).collect();
    let from = busy.first().copied().unwrap_or(8).min(8);
    let to = busy.last().copied().unwrap_or(20).max(20).max(now.hour() as usize);
    let today_bars: Vec<ui::TeamBar> = (from..=to)
        .map(|h| ui::TeamBar {
            label: if h % 2 == 0 { h.to_string().into() } else { "".into() },
            name: format!("{h} uur").into(),
            count: per_hour[h].min(i32::MAX as u64) as i32,
            mark: h == now.hour() as usize,
        })
        .collect();
    let day_bars: Vec<ui::TeamBar> = (0..CHART_DAYS)
        .map(|i| {
            let date = first + chrono::Duration::days(i);
            ui::TeamBar {
                label: date.day().to_string().into(),
                name: date.format("%d-%m").to_string().into(),
                count: per_day[i as usize].min(i32::MAX as u64) as i32,
                mark: date == today,
            }
        })
        .collect();
    let today_total: u64 = per_hour.iter().sum();
    Charts {
        today_title: format!("Vandaag ({}): {today_total} bezoeken per uur", today.format("%d-%m")),
        today_bars,
        day_bars,
        funnel,
        note: if note.is_empty() && undated > 0 {
            format!("En {undated} tellingen zonder datum.")
        } else {
            note
        },
    }
}

fn wrap(v: i32, lo: i32, hi: i32) -> i32 {
    if v > hi {
        lo
    } else if v < lo {
        hi
    } else {
        v
    }
}

fn locked_text(seconds: u32) -> String {
    format!(
        "Vijf keer een verkeerde pincode: op slot. Probeer het over {}:{:02} opnieuw.",
        seconds / 60,
        seconds % 60
    )
}

const DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// "maandag 23-11-2026 14:05"
fn long_time(t: NaiveDateTime) -> String {
    format!(
        "{} {}",
        DAYS[t.weekday().num_days_from_monday() as usize],
        t.format("%d-%m-%Y %H:%M")
    )
}
