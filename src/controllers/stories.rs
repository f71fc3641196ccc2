//! Quit stories: the cards, one story read and listened to. The recording
//! plays on the audio thread; this follows it without ever waiting.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{Kiosk, on, update_rows};
use crate::audio::Phase;
use crate::content::{Content, StoryAudio, Text};
use crate::controller::{self, Intent};
use crate::ui;

/// The stories screens' own models, kept and updated row by row.
#[derive(Default)]
pub(super) struct StoriesView {
    cards: Rc<VecModel<ui::StoryCard>>,
    paragraphs: Rc<VecModel<SharedString>>,
}

/// How often a playing story's progress bar moves.
pub(super) const LISTEN_POLL: Duration = Duration::from_millis(100);

/// The story being listened to, as the kiosk asked for it.
#[derive(Default)]
pub(super) struct Listening {
    /// The audio request playing now: its ticket, the story and its language,
    /// and when it started (kiosk clock, ms).
    pub(super) now: Option<(u64, usize, String, u64)>,
    /// `story_listen_end` was counted for this ticket.
    pub(super) ended: bool,
    /// Recordings that failed to play since start: their button is disabled.
    pub(super) broken: HashSet<(usize, String)>,
    /// Recordings measured after the start (the full check): how to play them.
    pub(super) measured: HashMap<String, StoryAudio>,
}

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::StoriesAdapter>();
    adapter.set_stories(ModelRc::from(kiosk.stories_view.cards.clone()));
    adapter.set_paragraphs(ModelRc::from(kiosk.stories_view.paragraphs.clone()));
    on!(kiosk, adapter, on_open, |k, i| k
        .dispatch(Intent::OpenStory(i.max(0) as usize)));
    // The play button on a card: the story opens and starts to play.
    on!(kiosk, adapter, on_listen, |k, i| {
        k.dispatch(Intent::OpenStory(i.max(0) as usize));
        k.play_pause();
    });
    on!(kiosk, adapter, on_done, |k| k.dispatch(Intent::ActivityDone));
    on!(kiosk, adapter, on_play_pause, |k| k.play_pause());
}

impl Kiosk {
    /// How to play a recording: as the full check after the start measured
    /// it (loudness, opening silence) when it has, else as the start found it.
    pub(super) fn heard(&self, recording: &StoryAudio) -> StoryAudio {
        self.listening
            .borrow()
            .measured
            .get(&recording.path)
            .cloned()
            .unwrap_or_else(|| recording.clone())
    }

    /// What the full check after the start measured, for the next plays.
    pub(crate) fn measured(&self, recordings: Vec<StoryAudio>) {
        let mut listening = self.listening.borrow_mut();
        for r in recordings {
            listening.measured.insert(r.path.clone(), r);
        }
    }
}

impl Kiosk {
    pub(super) fn sync_stories(&self, content: &Content, visit: &controller::Visit) {
        let lang = visit.language.as_str();
        let stories = self.app.global::<ui::StoriesAdapter>();
        if let Some(story) = visit.story.and_then(|i| content.stories.get(i)) {
            stories.set_story(self.story_card(content, story, lang));
            update_rows(
                &self.stories_view.paragraphs,
                paragraphs(&story.text, lang)
                    .into_iter()
                    .map(|p| SharedString::from(content.shown_str(&p, lang)))
                    .collect(),
            );
            stories.set_example(story.example);
        }
        self.stop_listening_unless(visit);
        self.show_listening();
    }

    /// The cards in the shown language, with the photos decoded so far.
    pub(super) fn refresh_story_cards(&self) {
        let controller = self.controller();
        let content = controller.content().clone();
        let visit = controller.visit().clone();
        drop(controller);
        let lang = visit.language.as_str();
        let cards: Vec<ui::StoryCard> = content
            .stories
            .iter()
            .map(|s| self.story_card(&content, s, lang))
            .collect();
        update_rows(&self.stories_view.cards, cards);
        if let Some(story) = visit.story.and_then(|i| content.stories.get(i)) {
            self.app
                .global::<ui::StoriesAdapter>()
                .set_story(self.story_card(&content, story, lang));
        }
    }

    /// A story playing keeps the visit, for at most its length plus the idle
    /// time from its start (a stalled sound card cannot hold the kiosk).
    /// Returns how long it may still hold it.
    pub(super) fn listening_holds_the_visit(&self) -> Option<f32> {
        let (ticket, _, _, started) = self.listening.borrow().now.clone()?;
        let status = self.audio.story_status();
        if status.ticket != ticket || !matches!(status.phase, Phase::Playing | Phase::Loading) {
            return None;
        }
        let idle = self.controller().idle_seconds() as f32;
        let limit = status.length.unwrap_or_default().as_secs_f32() + idle;
        let left = limit - self.now_ms().saturating_sub(started) as f32 / 1000.0;
        (left > 0.0).then_some(left.min(idle))
    }

    /// The big play button: start, pause, go on, or start again after the end.
    pub(super) fn play_pause(self: &Rc<Self>) {
        let controller = self.controller.borrow();
        let visit = controller.visit();
        let (Some(index), true) = (visit.story, visit.screen == controller::Screen::Story) else {
            return;
        };
        let lang = visit.language.clone();
        let content = controller.content().clone();
        drop(controller);
        let Some(recording) = content.stories.get(index).and_then(|s| s.audio.get(&lang)) else {
            return;
        };
        if !self.audio.available() || self.listening.borrow().broken.contains(&(index, lang.clone())) {
            return;
        }
        let status = self.audio.story_status();
        let current = self.listening.borrow().now.as_ref().map(|n| n.0) == Some(status.ticket);
        match status.phase {
            Phase::Playing if current => self.audio.pause_story(status.ticket),
            Phase::Paused if current => self.audio.resume_story(status.ticket),
            Phase::Loading if current => {}
            _ => {
                let ticket = self.audio.play_story(&content.source, &self.heard(recording));
                let started = self.now_ms();
                let mut listening = self.listening.borrow_mut();
                listening.now = Some((ticket, index, lang, started));
                listening.ended = false;
                drop(listening);
                self.controller.borrow_mut().handle(Intent::StoryListen);
                let w = Rc::downgrade(self);
                self.listen_poll
                    .start(slint::TimerMode::Repeated, LISTEN_POLL, move || {
                        if let Some(k) = w.upgrade() {
                            k.poll_listening();
                        }
                    });
            }
        }
        self.show_listening();
        self.restart_idle_timer();
    }

    /// Follows the sound: the progress bar, the end (counted once), a failure.
    pub(super) fn poll_listening(self: &Rc<Self>) {
        let Some((ticket, index, lang, _)) = self.listening.borrow().now.clone() else {
            self.listen_poll.stop();
            return;
        };
        let status = self.audio.story_status();
        if status.ticket == ticket {
            match status.phase {
                Phase::Ended if !self.listening.borrow().ended => {
                    self.listening.borrow_mut().ended = true;
                    self.listen_poll.stop();
                    self.controller.borrow_mut().handle(Intent::StoryListenEnd);
                    self.restart_idle_timer();
                }
                Phase::Failed => {
                    self.listening.borrow_mut().broken.insert((index, lang));
                    self.listen_poll.stop();
                }
                Phase::Idle => self.listen_poll.stop(),
                _ => {}
            }
        }
        self.show_listening();
    }

    /// Stops the story when its screen, story or language is no longer shown:
    /// leaving, the idle reset, another language.
    pub(super) fn stop_listening_unless(&self, visit: &controller::Visit) {
        let mut listening = self.listening.borrow_mut();
        let Some((_, index, lang, _)) = &listening.now else {
            return;
        };
        let shown = visit.screen == controller::Screen::Story && visit.story == Some(*index) && visit.language == *lang;
        if !shown {
            listening.now = None;
            listening.ended = false;
            self.audio.stop_story();
            self.listen_poll.stop();
        }
    }

    /// The story screen's player: button shown, its state and the progress.
    pub(super) fn show_listening(&self) {
        let controller = self.controller.borrow();
        let visit = controller.visit();
        let lang = visit.language.clone();
        let story = visit.story;
        let recording = story
            .and_then(|i| controller.content().stories.get(i))
            .and_then(|s| s.audio.get(&lang))
            .cloned();
        drop(controller);
        let adapter = self.app.global::<ui::StoriesAdapter>();
        let listening = self.listening.borrow();
        let broken = story.is_some_and(|i| listening.broken.contains(&(i, lang.clone())));
        adapter.set_has_audio(recording.is_some() && self.audio.available());
        adapter.set_audio_broken(broken);
        let status = self.audio.story_status();
        let mine = listening.now.as_ref().is_some_and(|n| n.0 == status.ticket);
        let (playing, progress, position) = match (mine, status.phase) {
            (true, Phase::Playing | Phase::Loading) => (true, status.progress(), status.position),
            (true, Phase::Paused) => (false, status.progress(), status.position),
            (true, Phase::Ended) => (false, 1.0, status.length.unwrap_or_default()),
            _ => (false, 0.0, Duration::ZERO),
        };
        let length = status
            .length
            .filter(|_| mine)
            .or(recording.map(|r| r.length))
            .unwrap_or_default();
        adapter.set_playing(playing);
        adapter.set_progress(progress);
        adapter.set_time(format!("{} / {}", clock(position), clock(length)).into());
    }

    pub(super) fn story_card(&self, content: &Content, story: &crate::content::Story, lang: &str) -> ui::StoryCard {
        ui::StoryCard {
            name: content.shown(&story.name, lang).into(),
            quote: content.shown(&story.quote, lang).into(),
            photo: self.image(&content.source, &story.photo),
            audio: story.audio.contains_key(lang) && self.audio.available(),
        }
    }
}

/// `1:05`: minutes and seconds, as a player shows them.
pub(super) fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// Paragraphs are separated by an empty line in the content.
pub fn paragraphs(text: &Text, lang: &str) -> Vec<String> {
    text.get(lang)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}
