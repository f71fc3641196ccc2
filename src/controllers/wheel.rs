//! The babbelschijf screen (and the wheel on the attract screen): the spin's
//! frames, a finger turning and flicking the wheel, and the discs drawn on a
//! worker at exactly the size the screen shows them.

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slint::{ComponentHandle, Image, Rgb8Pixel, SharedPixelBuffer};

use super::jobs::Lane;
use super::{Kiosk, on};
use crate::audio::Sound;
use crate::content::{Content, Source};
use crate::controller::{self, Intent};
use crate::ui;
use crate::wheel::art::{Finish, Fonts, Icon, Sector, WheelArt, ink_for};
use crate::wheel::sector_at_pointer;
use crate::wheel::spin::{FLICK_THRESHOLD, Push, Spin, angle_step, flick_speed};

/// While the wheel spins: sixty frames a second.
pub(super) const SPIN_FRAME: Duration = Duration::from_millis(16);

/// The wheel rests this long on its topic before the result card comes.
pub(super) const REST_BEFORE_RESULT: f32 = 1.0;

/// A touch that moves less than this (pixels) is a tap on the wheel: it spins.
pub(super) const TAP_SLOP: f32 = 12.0;

/// Where a wheel picture goes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum WheelPlace {
    Attract,
    Wheel,
}

#[derive(Default)]
pub(super) struct WheelView {
    /// The fonts for the wheel's words, loaded and used on the drawing worker.
    pub(super) fonts: Arc<Mutex<Option<Fonts>>>,
    /// Finished discs by place, size, language and the sector their words
    /// stand upright for, newest last.
    pub(super) arts: Vec<(Disc, WheelArt)>,
    /// Discs being drawn on the worker.
    pub(super) drawing: HashSet<Disc>,
    /// The wheel screen's last size in pixels: a new language's disc is
    /// drawn ahead at this size.
    pub(super) wheel_pixels: Option<u32>,
    pub(super) attract_rotation: f32,
    /// What the wheel screen shows now.
    pub(super) rotation: f32,
    pub(super) anim: Option<SpinAnim>,
    pub(super) drag: Option<Drag>,
    /// Two frames that take turns: while Slint shows one, the next is drawn
    /// into the other, so a turning wheel allocates nothing.
    pub(super) buffers: Vec<SharedPixelBuffer<Rgb8Pixel>>,
}

/// Which disc: where, how many pixels, which language, and which sector is
/// under the pointer when its words stand upright.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct Disc {
    place: WheelPlace,
    pixels: u32,
    lang: String,
    top: usize,
}

pub(super) struct SpinAnim {
    pub(super) spin: Spin,
    pub(super) started_ms: u64,
    pub(super) sector: usize,
    pub(super) at_rest: bool,
}

pub(super) struct Drag {
    /// When the finger came down (kiosk clock, ms).
    pub(super) since_ms: u64,
    /// (seconds since the finger came down, unwrapped angle) around the centre.
    pub(super) samples: Vec<(f32, f32)>,
    pub(super) raw: f32,
    pub(super) angle: f32,
    pub(super) start_angle: f32,
    pub(super) start_rotation: f32,
    pub(super) travel: f32,
    pub(super) last: (f32, f32),
}

/// Wires the wheel screen's adapter: the button, the finger, its size.
pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::WheelAdapter>();
    on!(kiosk, adapter, on_spin, |k| k.dispatch(Intent::Spin(Push::Button)));
    on!(kiosk, adapter, on_resized, |k| k.redraw_wheel(WheelPlace::Wheel));
    on!(kiosk, adapter, on_pointer_down, |k, x, y| k.finger_down(x, y));
    on!(kiosk, adapter, on_pointer_move, |k, x, y| k.finger_move(x, y));
    on!(kiosk, adapter, on_pointer_up, |k, x, y| k.finger_up(x, y));
    on!(kiosk, adapter, on_again, |k| k.dispatch(Intent::SpinAgain));
    on!(kiosk, adapter, on_done, |k| k.dispatch(Intent::ActivityDone));
}

impl Kiosk {
    /// The wheel screen follows the visit: the topic's card, and the wheel
    /// at rest where it was left, or spinning.
    pub(super) fn sync_wheel_screen(self: &Rc<Self>, content: &Content, visit: &controller::Visit) {
        let lang = visit.language.as_str();
        let adapter = self.app.global::<ui::WheelAdapter>();
        adapter.set_conversation_mode(self.controller().config().conversation_mode);
        if let Some(topic) = visit.topic.and_then(|i| content.topics.get(i)) {
            adapter.set_topic(content.shown(&topic.label, lang).into());
            adapter.set_question(content.shown(&topic.question, lang).into());
            adapter.set_follow_up(content.shown(&topic.follow_up, lang).into());
            let [r, g, b] = topic.color;
            adapter.set_topic_color(slint::Color::from_rgb_u8(r, g, b));
            let [r, g, b] = ink_for(topic.color);
            adapter.set_topic_ink(slint::Color::from_rgb_u8(r, g, b));
            adapter.set_topic_icon(
                topic
                    .icon
                    .as_deref()
                    .map(|p| self.image(&content.source, p))
                    .unwrap_or_default(),
            );
        }
        self.sync_wheel(visit);
    }

    /// The wheel screen follows the visit: at rest where it was left, or spinning.
    pub(super) fn sync_wheel(self: &Rc<Self>, visit: &controller::Visit) {
        let on_wheel = matches!(
            visit.screen,
            controller::Screen::Wheel | controller::Screen::WheelResult
        );
        let adapter = self.app.global::<ui::WheelAdapter>();
        let mut view = self.wheel.borrow_mut();
        match (&view.anim, visit.spin) {
            (Some(anim), Some(spin)) if anim.spin == spin => {}
            (_, Some(spin)) if visit.screen == controller::Screen::Wheel => {
                let sectors = self.controller().content().topics.len();
                view.drag = None;
                view.anim = Some(SpinAnim {
                    spin,
                    started_ms: self.now_ms(),
                    sector: sector_at_pointer(sectors, spin.from),
                    at_rest: false,
                });
                drop(view);
                adapter.set_spinning(true);
                let w = Rc::downgrade(self);
                self.frame.start(slint::TimerMode::Repeated, SPIN_FRAME, move || {
                    if let Some(k) = w.upgrade() {
                        k.spin_frame();
                    }
                });
                self.spin_frame();
                return;
            }
            _ => {
                view.anim = None;
                self.frame.stop();
                adapter.set_spinning(false);
                if view.drag.is_none() {
                    view.rotation = visit.rotation;
                }
            }
        }
        drop(view);
        if on_wheel {
            self.redraw_wheel(WheelPlace::Wheel);
        }
    }

    /// One frame of a spin; at the end, a moment of rest, then the result.
    pub(super) fn spin_frame(self: &Rc<Self>) {
        let now = self.now_ms();
        let sectors = self.controller().content().topics.len();
        let mut view = self.wheel.borrow_mut();
        let Some(anim) = view.anim.as_mut() else {
            self.frame.stop();
            return;
        };
        let t = now.saturating_sub(anim.started_ms) as f32 / 1000.0;
        let rotation = anim.spin.angle_at(t);
        let sector = sector_at_pointer(sectors, rotation);
        let passed = sector != anim.sector;
        anim.sector = sector;
        let arrived = t >= anim.spin.seconds && !anim.at_rest;
        if arrived {
            anim.at_rest = true;
        }
        let finished = t >= anim.spin.seconds + REST_BEFORE_RESULT;
        let at_rest = anim.at_rest;
        // One sample a pixel while it turns, even slowly: a soft finish costs
        // four times as much and would break the frame budget on a Pi.
        let finish = if at_rest { Finish::Still } else { Finish::Turning };
        view.rotation = rotation;
        drop(view);
        if passed && !at_rest {
            self.audio.effect(Sound::Tick);
        }
        if arrived {
            self.audio.effect(Sound::Stop);
        }
        if finished {
            self.frame.stop();
            self.wheel.borrow_mut().anim = None;
            self.dispatch(Intent::SpinEnd);
        } else if !at_rest || arrived {
            self.draw_wheel(WheelPlace::Wheel, rotation, finish);
        }
    }

    pub(super) fn finger_down(self: &Rc<Self>, x: f32, y: f32) {
        let now = self.now_ms();
        let mut view = self.wheel.borrow_mut();
        if view.anim.is_some() {
            return;
        }
        let raw = finger_angle(x, y);
        view.drag = Some(Drag {
            since_ms: now,
            samples: vec![(0.0, raw)],
            raw,
            angle: raw,
            start_angle: raw,
            start_rotation: view.rotation,
            travel: 0.0,
            last: (x, y),
        });
    }

    pub(super) fn finger_move(self: &Rc<Self>, x: f32, y: f32) {
        let now = self.now_ms();
        let mut view = self.wheel.borrow_mut();
        let Some(drag) = view.drag.as_mut() else { return };
        let now = now.saturating_sub(drag.since_ms) as f32 / 1000.0;
        let raw = finger_angle(x, y);
        drag.angle += angle_step(drag.raw, raw);
        drag.raw = raw;
        drag.travel += ((x - drag.last.0).powi(2) + (y - drag.last.1).powi(2)).sqrt();
        drag.last = (x, y);
        drag.samples.push((now, drag.angle));
        if drag.samples.len() > 64 {
            drag.samples.drain(..32);
        }
        // The wheel follows the finger.
        let rotation = drag.start_rotation + drag.angle - drag.start_angle;
        view.rotation = rotation;
        drop(view);
        self.draw_wheel(WheelPlace::Wheel, rotation, Finish::Turning);
    }

    pub(super) fn finger_up(self: &Rc<Self>, x: f32, y: f32) {
        self.finger_move(x, y);
        let Some(drag) = self.wheel.borrow_mut().drag.take() else {
            return;
        };
        let speed = flick_speed(&drag.samples, 0.1);
        let rotation = drag.start_rotation + drag.angle - drag.start_angle;
        self.controller.borrow_mut().handle(Intent::Turn(rotation));
        if speed.abs() >= FLICK_THRESHOLD {
            self.dispatch(Intent::Spin(Push::Flick(speed)));
        } else if drag.travel < TAP_SLOP {
            // A tap on the wheel spins it, like the button.
            self.dispatch(Intent::Spin(Push::Button));
        } else {
            // Turned slowly by hand and let go: it stays where it was put.
            self.dispatch(Intent::Touch);
        }
    }

    pub(super) fn redraw_wheel(self: &Rc<Self>, place: WheelPlace) {
        let view = self.wheel.borrow();
        let (rotation, finish) = match place {
            // A slow turn: soft edges, still cheap.
            WheelPlace::Attract => (view.attract_rotation, Finish::Gliding),
            WheelPlace::Wheel if view.anim.as_ref().is_none_or(|a| a.at_rest) && view.drag.is_none() => {
                (view.rotation, Finish::Still)
            }
            WheelPlace::Wheel => (view.rotation, Finish::Turning),
        };
        drop(view);
        self.draw_wheel(place, rotation, finish);
    }

    /// Draws the wheel exactly as big as its screen shows it, in physical pixels.
    pub(super) fn draw_wheel(&self, place: WheelPlace, rotation: f32, finish: Finish) {
        let (logical, backdrop) = match place {
            WheelPlace::Attract => {
                let a = self.app.global::<ui::AttractAdapter>();
                (a.get_view_size(), a.get_backdrop())
            }
            WheelPlace::Wheel => {
                let a = self.app.global::<ui::WheelAdapter>();
                (a.get_view_size(), a.get_backdrop())
            }
        };
        let backdrop = [backdrop.red(), backdrop.green(), backdrop.blue()];
        let scale = self.app.window().scale_factor().max(0.1);
        let pixels = ((logical * scale).round() as u32).clamp(16, 4096);
        let controller = self.controller.borrow();
        let content = controller.content().clone();
        let lang = controller.visit().language.clone();
        drop(controller);
        // Before the first spin (and while no finger turns it) the word beside
        // the wheel is a "?": a word there would read like a result.
        let asked = self.controller().visit().spin.is_some() || self.wheel.borrow().drag.is_some();
        if place == WheelPlace::Wheel
            && let Some(topic) = content.topics.get(sector_at_pointer(content.topics.len(), rotation))
        {
            let label = if asked { topic.label.get(&lang) } else { "?" };
            let adapter = self.app.global::<ui::WheelAdapter>();
            if adapter.get_pointer_label() != label {
                adapter.set_pointer_label(label.into());
            }
        }
        // At rest, the disc whose words stand upright for the sector under
        // the pointer; while it turns, any disc of this size and language.
        let sectors = content.topics.len();
        let at_rest = place == WheelPlace::Wheel && finish == Finish::Still;
        let top = if place == WheelPlace::Wheel {
            sector_at_pointer(sectors, rotation)
        } else {
            0
        };
        let mut view = self.wheel.borrow_mut();
        let same = |d: &Disc| d.place == place && d.pixels == pixels && d.lang == lang;
        let exact = view
            .arts
            .iter()
            .rposition(|(d, _)| same(d) && (!at_rest || d.top == top));
        if place == WheelPlace::Wheel {
            view.wheel_pixels = Some(pixels);
        }
        let index = match exact {
            Some(i) => i,
            None => {
                drop(view);
                self.draw_disc(Disc {
                    place,
                    pixels,
                    lang: lang.clone(),
                    top,
                });
                view = self.wheel.borrow_mut();
                // Until the new disc is ready: one of this size and language,
                // else the last one of this place (Slint scales it), or
                // nothing at all at the very start.
                let near = view.arts.iter().rposition(|(d, _)| same(d));
                match near.or_else(|| view.arts.iter().rposition(|(d, _)| d.place == place)) {
                    Some(i) => i,
                    None => return,
                }
            }
        };
        let size = view.arts[index].1.size();
        view.buffers.retain(|b| b.width() == size);
        // The older of the two: Slint let go of it when the newer one replaced it.
        let mut buffer = if view.buffers.len() == 2 {
            view.buffers.remove(0)
        } else {
            SharedPixelBuffer::<Rgb8Pixel>::new(size, size)
        };
        view.arts[index]
            .1
            .frame_on(rotation, finish, backdrop, buffer.make_mut_bytes());
        view.buffers.push(buffer.clone());
        drop(view);
        let img = Image::from_rgb8(buffer);
        match place {
            WheelPlace::Attract => self.app.global::<ui::AttractAdapter>().set_wheel(img),
            WheelPlace::Wheel => self.app.global::<ui::WheelAdapter>().set_wheel(img),
        }
    }

    /// Draws a disc on the worker, once; the screen shows it when it is
    /// ready. Keeps the two newest discs of each place.
    pub(super) fn draw_disc(&self, key: Disc) {
        let fonts = {
            let mut view = self.wheel.borrow_mut();
            if view.drawing.contains(&key) || view.arts.iter().any(|(d, _)| *d == key) {
                return;
            }
            view.drawing.insert(key.clone());
            view.fonts.clone()
        };
        let content = self.controller().content().clone();
        let source = content.source.clone();
        let topics: Vec<([u8; 3], String, Option<String>)> = content
            .topics
            .iter()
            .map(|t| (t.color, t.label.get(&key.lang).to_string(), t.icon.clone()))
            .collect();
        let (pixels, top) = (key.pixels, key.top);
        let shown = self.content_gen.get();
        self.jobs.run(
            Lane::Draw,
            move || {
                let icons: Vec<Option<Icon>> = topics
                    .iter()
                    .map(|(_, _, icon)| icon.as_deref().and_then(|rel| topic_icon(&source, rel)))
                    .collect();
                let sectors: Vec<Sector> = topics
                    .iter()
                    .zip(&icons)
                    .map(|((color, label, _), icon)| Sector {
                        color: *color,
                        label,
                        icon: icon.as_ref(),
                    })
                    .collect();
                let mut fonts = fonts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                WheelArt::upright_at(pixels, &sectors, fonts.get_or_insert_with(Fonts::new), top)
            },
            move |k, art| {
                if k.content_gen.get() != shown {
                    return;
                }
                let mut view = k.wheel.borrow_mut();
                view.drawing.remove(&key);
                let place = key.place;
                view.arts.push((key, art));
                while view.arts.iter().filter(|(d, _)| d.place == place).count() > 2 {
                    if let Some(oldest) = view.arts.iter().position(|(d, _)| d.place == place) {
                        view.arts.remove(oldest);
                    }
                }
                drop(view);
                k.redraw_wheel(place);
            },
        );
    }

    /// A new language's disc for the wheel screen, drawn before anyone taps
    /// the wheel tile (at the size the wheel screen had last).
    pub(super) fn draw_ahead(&self, lang: &str) {
        let (pixels, rotation) = {
            let view = self.wheel.borrow();
            (view.wheel_pixels, view.rotation)
        };
        if let Some(pixels) = pixels {
            let top = sector_at_pointer(self.controller().content().topics.len(), rotation);
            self.draw_disc(Disc {
                place: WheelPlace::Wheel,
                pixels,
                lang: lang.to_string(),
                top,
            });
        }
    }
}

/// The finger's angle around the wheel's centre, clockwise from the top.
pub(super) fn finger_angle(x: f32, y: f32) -> f32 {
    x.atan2(-y)
}

/// A topic's pictogram for the disc; a broken one is left out, never a crash.
pub(super) fn topic_icon(source: &Source, rel: &str) -> Option<Icon> {
    match source
        .read(rel)
        .map_err(|e| e.to_string())
        .and_then(|b| Icon::load(rel, &b))
    {
        Ok(icon) => Some(icon),
        Err(e) => {
            eprintln!("rookvrij-kiosk: pictogram {rel}: {e}");
            None
        }
    }
}
