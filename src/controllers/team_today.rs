//! The team's day on the kiosk itself, without a laptop: its places (typed
//! on the on-screen keyboard, on the *Plek* tab), today's jar and what is
//! shown today (the *Vandaag* tab). Each change is kept in `team.toml`
//! (written beside, synced, renamed, on a worker) and shown at once.

use std::rc::Rc;

use chrono::{Days, NaiveDate};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::Kiosk;
use crate::content::{Content, JarKind};
use crate::team::today::{self, JAR_MAX, Kind, PLACE_MAX};
use crate::ui;

/// What the on-screen keyboard is typing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Typing {
    NewPlace,
    Rename(usize),
    JarCount,
}

/// The jar choices before the content's own jars.
const JAR_TURNS: usize = 0;
const JAR_OWN: usize = 1;

impl Kiosk {
    fn today_adapter(&self) -> ui::TeamAdapter<'_> {
        self.app.global::<ui::TeamAdapter>()
    }

    /// Shows `loaded` (the content as read from its folder) with the team's
    /// jar and switches of today laid over it.
    pub(super) fn show_loaded(self: &Rc<Self>, loaded: Rc<Content>) {
        self.team.borrow_mut().loaded = Some(loaded);
        self.show_today();
    }

    /// The content as loaded, with today's jar and switches: shown at once.
    fn show_today(self: &Rc<Self>) {
        let shown = {
            let t = self.team.borrow();
            let Some(loaded) = &t.loaded else { return };
            let s = &t.desk.settings;
            if s.pot.is_none() && s.uit.is_empty() {
                loaded.clone()
            } else {
                Rc::new(today::shown_today(loaded, s.pot.as_ref(), &s.uit))
            }
        };
        if !Rc::ptr_eq(&shown, self.controller().content()) {
            self.set_content(shown);
        }
    }

    fn places(&self) -> Vec<String> {
        self.controller().config().vindplaatsen.clone()
    }

    /// A new list of places: kept in team.toml, new counts carry the chosen one.
    fn set_places(self: &Rc<Self>, places: Vec<String>, chosen: Option<String>) {
        {
            let mut c = self.controller.borrow_mut();
            let config = c.config_mut();
            config.vindplaatsen = places.clone();
            if let Some(place) = &chosen {
                config.vindplaats = place.clone();
            }
            let mut t = self.team.borrow_mut();
            t.desk.settings.vindplaatsen = Some(places);
            if chosen.is_some() {
                t.desk.settings.vindplaats = chosen;
            }
            t.removing = None;
        }
        self.team_save();
        self.team_show();
    }

    /// *Plek toevoegen*: the keyboard, for a new name.
    pub fn team_place_add(self: &Rc<Self>) {
        self.kb_open(Typing::NewPlace, "Naam van de nieuwe plek", String::new());
    }

    pub(super) fn team_place_rename(self: &Rc<Self>, i: i32) {
        let Some(name) = self.places().get(i.max(0) as usize).cloned() else {
            return;
        };
        self.kb_open(
            Typing::Rename(i as usize),
            &format!("Nieuwe naam voor \"{name}\""),
            name,
        );
    }

    /// The first touch on *Weg* asks, the second removes. Counts already made
    /// keep the name they were made with.
    pub(super) fn team_place_remove(self: &Rc<Self>, i: i32) {
        let i = i.max(0) as usize;
        let mut places = self.places();
        if i >= places.len() {
            return;
        }
        if self.team.borrow().removing != Some(i) {
            self.team.borrow_mut().removing = Some(i);
            self.today_refresh();
            return;
        }
        let gone = places.remove(i);
        let current = self.controller().config().vindplaats.clone();
        // The place in use went: the first on the list, else none is known.
        let chosen = (current == gone).then(|| places.first().cloned().unwrap_or_else(|| "onbekend".to_string()));
        self.set_places(places, chosen);
    }

    fn kb_open(self: &Rc<Self>, typing: Typing, title: &str, text: String) {
        {
            let mut t = self.team.borrow_mut();
            t.typing = Some(typing);
            t.typed_text = text;
            t.removing = None;
        }
        let a = self.today_adapter();
        a.set_kb_title(title.into());
        a.set_kb_digits(typing == Typing::JarCount);
        a.set_kb_message("".into());
        a.set_kb_open(true);
        self.kb_show();
    }

    fn kb_show(&self) {
        let text = self.team.borrow().typed_text.clone();
        let a = self.today_adapter();
        // The first letter of a name is a capital, as on a phone.
        a.set_kb_shift(text.is_empty() && !a.get_kb_digits());
        a.set_kb_text(text.into());
    }

    /// One key of the on-screen keyboard: a character, "back" or "shift".
    pub(super) fn kb_key(self: &Rc<Self>, key: &str) {
        let Some(typing) = self.team.borrow().typing else {
            return;
        };
        let a = self.today_adapter();
        a.set_kb_message("".into());
        let mut t = self.team.borrow_mut();
        match key {
            "back" => {
                t.typed_text.pop();
            }
            "shift" => {
                drop(t);
                a.set_kb_shift(!a.get_kb_shift());
                return;
            }
            _ => {
                let most = if typing == Typing::JarCount { 4 } else { PLACE_MAX };
                if t.typed_text.chars().count() + key.chars().count() > most {
                    drop(t);
                    a.set_kb_message(
                        if typing == Typing::JarCount {
                            format!("Hoogstens {JAR_MAX} peuken.")
                        } else {
                            format!("Een naam heeft hoogstens {PLACE_MAX} tekens.")
                        }
                        .into(),
                    );
                    return;
                }
                t.typed_text.push_str(key);
            }
        }
        drop(t);
        self.kb_show();
    }

    pub(super) fn kb_close(self: &Rc<Self>) {
        {
            let mut t = self.team.borrow_mut();
            t.typing = None;
            t.typed_text.clear();
        }
        self.today_adapter().set_kb_open(false);
    }

    /// *OK*: checked; a problem keeps the keyboard open and says why.
    pub(super) fn kb_done(self: &Rc<Self>) {
        let (typing, text) = {
            let t = self.team.borrow();
            (t.typing, t.typed_text.clone())
        };
        let Some(typing) = typing else { return };
        let places = self.places();
        match typing {
            Typing::NewPlace | Typing::Rename(_) => {
                let at = match typing {
                    Typing::Rename(i) => Some(i),
                    _ => None,
                };
                let others: Vec<String> = places
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != at)
                    .map(|(_, p)| p.clone())
                    .collect();
                let name = match today::place_name(&text, &others) {
                    Ok(n) => n,
                    Err(e) => return self.today_adapter().set_kb_message(e.into()),
                };
                self.kb_close();
                let current = self.controller().config().vindplaats.clone();
                let mut places = places;
                let chosen = match at {
                    Some(i) if i < places.len() => {
                        let old = std::mem::replace(&mut places[i], name.clone());
                        (old == current).then_some(name)
                    }
                    Some(_) => return,
                    None => {
                        places.push(name.clone());
                        // The first place of a kiosk that knew none is today's.
                        (!places.contains(&current)).then_some(name)
                    }
                };
                self.set_places(places, chosen);
            }
            Typing::JarCount => {
                let n: u32 = text.parse().unwrap_or(0);
                if !(1..=JAR_MAX).contains(&n) {
                    return self
                        .today_adapter()
                        .set_kb_message(format!("Typ het aantal peuken in de pot: 1 tot {JAR_MAX}.").into());
                }
                self.kb_close();
                self.team.borrow_mut().jar_draft.aantal = Some(n);
                self.today_refresh();
            }
        }
    }

    /// Chooses which jar *Raad de peuken* uses: the content's in turn, one of
    /// them, or the team's own (then filled in and used with *Deze pot gebruiken*).
    pub(super) fn jar_choose(self: &Rc<Self>, i: i32) {
        let i = i.max(0) as usize;
        let ids: Vec<String> = self.loaded_jars().into_iter().map(|(id, _)| id).collect();
        self.today_adapter().set_jar_message("".into());
        if i == JAR_OWN {
            self.team.borrow_mut().jar_pick = JAR_OWN;
            self.jar_fill_draft();
            self.today_refresh();
            return;
        }
        let inhoud = match i {
            JAR_TURNS => None,
            _ => match ids.get(i - 2) {
                Some(id) => Some(id.clone()),
                None => return,
            },
        };
        {
            let mut t = self.team.borrow_mut();
            t.jar_pick = i;
            let pot = t.desk.settings.pot.get_or_insert_with(Default::default);
            pot.inhoud = inhoud;
            pot.aantal = None;
        }
        self.jar_in_use();
    }

    /// The content's jars as loaded: (id, what the team reads).
    fn loaded_jars(&self) -> Vec<(String, String)> {
        let t = self.team.borrow();
        let Some(loaded) = &t.loaded else {
            return Vec::new();
        };
        loaded
            .jars
            .iter()
            .map(|j| {
                let what = match &j.kind {
                    JarKind::Counted { count, .. } => format!("{} ({count})", j.id),
                    JarKind::Drawn { min, max } => format!("{} ({min}–{max})", j.id),
                };
                (j.id.clone(), what)
            })
            .collect()
    }

    /// The own jar's fields start from the jar in use, else today at this place.
    fn jar_fill_draft(&self) {
        let (place, today) = {
            let c = self.controller();
            let today = c.time().plausible().then(|| c.time().now().date());
            (c.config().vindplaats.clone(), today)
        };
        let mut t = self.team.borrow_mut();
        let in_use = t.desk.settings.pot.clone().unwrap_or_default();
        let d = &mut t.jar_draft;
        if d.aantal.is_none() {
            d.aantal = in_use.aantal;
        }
        if d.vindplaats.is_empty() {
            d.vindplaats = if in_use.vindplaats.is_empty() {
                place
            } else {
                in_use.vindplaats
            };
        }
        if d.datum.is_empty() {
            d.datum = if in_use.datum.is_empty() {
                today.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
            } else {
                in_use.datum
            };
        }
    }

    pub(super) fn jar_count_edit(self: &Rc<Self>) {
        let now = self
            .team
            .borrow()
            .jar_draft
            .aantal
            .map(|n| n.to_string())
            .unwrap_or_default();
        self.kb_open(Typing::JarCount, "Hoeveel peuken zitten er in de pot?", now);
    }

    pub(super) fn jar_place_step(self: &Rc<Self>, delta: i32) {
        let places = self.places();
        if places.is_empty() {
            return;
        }
        {
            let mut t = self.team.borrow_mut();
            let at = places.iter().position(|p| *p == t.jar_draft.vindplaats);
            let n = places.len() as i32;
            let next = match at {
                Some(i) => (i as i32 + delta).rem_euclid(n),
                None => 0,
            };
            t.jar_draft.vindplaats = places[next as usize].clone();
        }
        self.today_refresh();
    }

    /// A day earlier or later; never after today when the clock is right.
    pub(super) fn jar_day_step(self: &Rc<Self>, delta: i32) {
        let today = {
            let c = self.controller();
            c.time().plausible().then(|| c.time().now().date())
        };
        {
            let mut t = self.team.borrow_mut();
            let at = NaiveDate::parse_from_str(&t.jar_draft.datum, "%Y-%m-%d")
                .ok()
                .or(today)
                .unwrap_or_else(|| crate::clock::release_date().date());
            let moved = if delta < 0 {
                at.checked_sub_days(Days::new(delta.unsigned_abs() as u64))
            } else {
                at.checked_add_days(Days::new(delta as u64))
            }
            .unwrap_or(at);
            let moved = match today {
                Some(t) if moved > t => t,
                _ => moved,
            };
            t.jar_draft.datum = moved.format("%Y-%m-%d").to_string();
        }
        self.today_refresh();
    }

    /// *Deze pot gebruiken*: the team's jar is used at once, with a chart of
    /// guesses of its own.
    pub(super) fn jar_use(self: &Rc<Self>) {
        {
            let mut t = self.team.borrow_mut();
            if t.jar_draft.aantal.is_none() {
                return;
            }
            let nummer = t.desk.settings.pot.as_ref().map_or(0, |p| p.nummer) + 1;
            let mut pot = t.jar_draft.clone();
            pot.nummer = nummer;
            pot.inhoud = None;
            t.desk.settings.pot = Some(pot);
        }
        self.jar_in_use();
    }

    fn jar_in_use(self: &Rc<Self>) {
        self.team_save();
        self.show_today();
        self.today_adapter()
            .set_jar_message("Raad de peuken gebruikt nu deze pot. De grafiek van de gokken begint opnieuw.".into());
        self.today_refresh();
    }

    /// Switches a topic (0), story (1) or stop-help option (2) on or off for now.
    pub(super) fn show_switch(self: &Rc<Self>, kind: i32, i: i32) {
        let kind = match kind {
            0 => Kind::Topic,
            1 => Kind::Story,
            _ => Kind::Help,
        };
        let all: Vec<String> = {
            let t = self.team.borrow();
            let Some(c) = &t.loaded else { return };
            match kind {
                Kind::Topic => c.topics.iter().map(|x| x.id.clone()).collect(),
                Kind::Story => c.stories.iter().map(|x| x.id.clone()).collect(),
                Kind::Help => c.help.iter().map(|x| x.id.clone()).collect(),
            }
        };
        let Some(id) = all.get(i.max(0) as usize) else {
            return;
        };
        let switched = self.team.borrow_mut().desk.settings.uit.switch(kind, id, &all);
        match switched {
            Ok(()) => {
                self.today_adapter().set_show_message("".into());
                self.team_save();
                self.show_today();
            }
            Err(e) => self.today_adapter().set_show_message(e.into()),
        }
        self.today_refresh();
    }

    /// The *Plek* and *Vandaag* tabs, fresh.
    pub(super) fn today_refresh(&self) {
        let a = self.today_adapter();
        let t = self.team.borrow();
        a.set_place_removing(t.removing.map_or(-1, |i| i as i32));
        let s = &t.desk.settings;
        let pot = s.pot.clone().unwrap_or_default();
        let jars: Vec<(String, String)> = t
            .loaded
            .as_ref()
            .map(|c| c.jars.iter().map(|j| (j.id.clone(), j.id.clone())).collect())
            .unwrap_or_default();
        let in_use = if pot.inhoud.as_ref().is_some_and(|id| jars.iter().any(|j| &j.0 == id)) {
            2 + jars.iter().position(|j| Some(&j.0) == pot.inhoud.as_ref()).unwrap_or(0)
        } else if pot.aantal.is_some() {
            JAR_OWN
        } else {
            JAR_TURNS
        };
        a.set_jar_now(
            match in_use {
                JAR_OWN => format!(
                    "Nu: jullie eigen pot met {} peuken, opgeraapt bij {} op {}.",
                    pot.aantal.unwrap_or(0),
                    pot.vindplaats,
                    day(&pot.datum)
                ),
                JAR_TURNS if jars.len() == 1 => "Nu: de pot uit de inhoud.".to_string(),
                JAR_TURNS => "Nu: de potten uit de inhoud, om de beurt.".to_string(),
                i => format!("Nu: de pot \"{}\" uit de inhoud.", jars[i - 2].0),
            }
            .into(),
        );
        let d = &t.jar_draft;
        let pick = if t.jar_pick == JAR_OWN { JAR_OWN } else { in_use };
        a.set_jar_chosen(pick as i32);
        a.set_jar_count(d.aantal.unwrap_or(0) as i32);
        a.set_jar_place(d.vindplaats.clone().into());
        a.set_jar_date(day(&d.datum).into());
        let same =
            in_use == JAR_OWN && pot.aantal == d.aantal && pot.vindplaats == d.vindplaats && pot.datum == d.datum;
        a.set_jar_changed(d.aantal.is_some() && !same);

        let loaded = t.loaded.clone();
        let off = s.uit.clone();
        drop(t);
        let mut choices: Vec<SharedString> = vec!["Wisselend uit de inhoud".into(), "Onze eigen pot".into()];
        choices.extend(self.loaded_jars().into_iter().map(|(_, what)| what.into()));
        a.set_jar_choices(ModelRc::new(VecModel::from(choices)));
        let Some(c) = loaded else { return };
        let row = |name: &str, example: bool, id: &String, kind: Kind| ui::ShowItem {
            name: name.into(),
            example,
            on: !off.list(kind).contains(id),
        };
        let topics: Vec<ui::ShowItem> = c
            .topics
            .iter()
            .map(|x| row(x.label.get("nl"), false, &x.id, Kind::Topic))
            .collect();
        let stories: Vec<ui::ShowItem> = c
            .stories
            .iter()
            .map(|x| row(x.name.get("nl"), x.example || c.example, &x.id, Kind::Story))
            .collect();
        let help: Vec<ui::ShowItem> = c
            .help
            .iter()
            .map(|x| row(x.name.get("nl"), x.example || c.example, &x.id, Kind::Help))
            .collect();
        a.set_show_topics(ModelRc::new(VecModel::from(topics)));
        a.set_show_stories(ModelRc::new(VecModel::from(stories)));
        a.set_show_help(ModelRc::new(VecModel::from(help)));
    }
}

/// "2026-11-28" as the team reads it: "28-11-2026"; nothing when unknown.
fn day(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| "(datum onbekend)".to_string())
}
