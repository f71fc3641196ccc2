//! The team side's *Inhoud* tab: which content is in use and where it came
//! from, loading a content folder from a USB stick (checked first, then
//! *Gebruiken* or *Annuleren*), going back to the previous content, and
//! writing the content in use to a stick. Every disk and stick step runs on a
//! worker; the kiosk shows the new content at once, without a restart.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::Kiosk;
use super::jobs::Lane;
use crate::shelf::{self, Shelf, ShelfError};
use crate::team::export;
use crate::ui;

/// The screens the *Inhoud* tab shows of a checked folder, in this order.
const SHOT_SCREENS: [&str; 4] = ["home", "wheel", "stories", "help"];

/// A checked folder's screens drawn by `preview`: the folder they are in
/// (removed with this), the content's languages, and the size drawn.
pub(super) struct Shots {
    folder: tempfile::TempDir,
    languages: Vec<String>,
    size: (u32, u32),
}

/// Content folders on a stick: `rookvrij-inhoud/` first, then any folder
/// holding a `content.toml`, up to two levels down.
pub fn content_folders(stick: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let named = stick.join(shelf::STICK_FOLDER);
    if named.join("content.toml").is_file() {
        found.push(named.clone());
    }
    if stick.join("content.toml").is_file() {
        found.push(stick.to_path_buf());
    }
    let mut level = vec![stick.to_path_buf()];
    for _ in 0..2 {
        let mut next = Vec::new();
        for dir in level {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut subs: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            subs.sort();
            for sub in subs {
                if sub.join("content.toml").is_file() && !found.contains(&sub) {
                    found.push(sub.clone());
                }
                next.push(sub);
            }
        }
        level = next;
    }
    found
}

/// What the tab says about the content in use.
fn in_use_text(data: Option<&Path>, sd: Option<&Path>, problems: usize) -> (String, bool) {
    let shelf = data.map(Shelf::in_data);
    let chosen = shelf.as_ref().and_then(|s| s.chosen(sd));
    let origin = shelf.as_ref().and_then(|s| s.in_use()).and_then(|(_, o)| o);
    let can_back = shelf.as_ref().is_some_and(|s| s.can_go_back());
    let what = match (&chosen, &origin, sd) {
        (Some(_), Some(o), _) => format!("Geladen van een USB-stick op {} (uit {}).", o.datum, o.van),
        (Some(dir), None, _) => format!("Geladen inhoud ({}).", dir.display()),
        (None, _, Some(sd)) => format!("De inhoudsmap op de SD-kaart ({}).", sd.display()),
        (None, _, None) => "De ingebouwde voorbeeldinhoud.".to_string(),
    };
    let health = match problems {
        0 => "Geen problemen gevonden.".to_string(),
        1 => "1 probleem: zie Onderhoud.".to_string(),
        n => format!("{n} problemen: zie Onderhoud."),
    };
    (format!("{what} {health}"), can_back)
}

impl Kiosk {
    fn content_adapter(&self) -> ui::TeamAdapter<'_> {
        self.app.global::<ui::TeamAdapter>()
    }

    fn content_paths(&self) -> (Option<PathBuf>, Option<PathBuf>, Option<PathBuf>) {
        let t = self.team.borrow();
        let desk = t.desk();
        (desk.data_dir.clone(), desk.content_dir.clone(), desk.export_dir.clone())
    }

    fn content_say(&self, ok: bool, message: &str) {
        let a = self.content_adapter();
        a.set_content_ok(ok);
        a.set_content_message(message.into());
    }

    fn content_set_busy(&self, busy: bool) {
        self.team.borrow_mut().content_busy = busy;
        self.content_adapter().set_content_busy(busy);
    }

    /// *Nu in gebruik*, read on a worker.
    pub(super) fn content_refresh(self: &Rc<Self>) {
        let (data, sd, _) = self.content_paths();
        let problems = self.team.borrow().desk().content_problems.len();
        self.jobs.run(
            Lane::Export,
            move || in_use_text(data.as_deref(), sd.as_deref(), problems),
            |k, (text, can_back)| {
                let a = k.content_adapter();
                a.set_content_now(text.into());
                a.set_content_can_back(can_back);
            },
        );
    }

    /// *Laden van USB-stick*: the content folders on the stick.
    pub(super) fn content_look(self: &Rc<Self>) {
        if self.team.borrow().content_busy {
            return;
        }
        let (_, _, stick) = self.content_paths();
        self.content_cancel();
        self.content_set_busy(true);
        self.content_say(true, "De USB-stick wordt bekeken…");
        self.jobs.run(
            Lane::Export,
            move || export::find_target(stick.as_deref()).map(|root| content_folders(&root)),
            |k, found| {
                k.content_set_busy(false);
                match found {
                    Err(e) => k.content_say(false, &e.to_string()),
                    Ok(found) if found.is_empty() => k.content_say(
                        false,
                        "Geen inhoud gevonden op de USB-stick. Zet er een map rookvrij-inhoud op (of een map met content.toml).",
                    ),
                    Ok(found) if found.len() == 1 => k.content_check(found[0].clone()),
                    Ok(found) => {
                        let names: Vec<SharedString> = found.iter().map(|p| p.display().to_string().into()).collect();
                        k.team.borrow_mut().content_found = found;
                        k.content_adapter().set_content_folders(ModelRc::new(VecModel::from(names)));
                        k.content_say(true, "Er staan meer inhoudsmappen op de stick. Kies er een.");
                    }
                }
            },
        );
    }

    pub(super) fn content_check_found(self: &Rc<Self>, i: i32) {
        let dir = self.team.borrow().content_found.get(i.max(0) as usize).cloned();
        if let Some(dir) = dir {
            self.content_check(dir);
        }
    }

    /// Checks a folder on the stick with check-content's rules.
    fn content_check(self: &Rc<Self>, dir: PathBuf) {
        // What this check learns (photos opened, recordings measured) is kept
        // in the data folder: *Gebruiken* checks again without redoing it.
        let known = self.content_paths().0.as_deref().map(crate::known::Known::in_data);
        self.content_set_busy(true);
        self.content_say(true, &format!("{} wordt gecontroleerd…", dir.display()));
        self.content_adapter()
            .set_content_folders(ModelRc::new(VecModel::<SharedString>::default()));
        self.jobs.run(
            Lane::Export,
            move || {
                let refused = shelf::scan(&dir).err();
                let checked = crate::content::check_folder_known(&dir, crate::content::Depth::Full, known);
                let languages: Vec<(String, String)> = checked
                    .content
                    .as_ref()
                    .map(|c| c.languages.iter().map(|l| (l.code.clone(), l.name.clone())).collect())
                    .unwrap_or_default();
                (dir, refused, checked.has_errors(), checked.problems, languages)
            },
            |k, (dir, refused, errors, problems, languages)| {
                k.content_set_busy(false);
                let lines: Vec<SharedString> = problems.iter().map(|p| p.to_string().into()).collect();
                k.content_adapter()
                    .set_content_problems(ModelRc::new(VecModel::from(lines)));
                if let Some(refused) = refused {
                    k.content_say(false, &refused.to_string());
                } else if errors {
                    k.content_say(
                        false,
                        "Deze inhoud heeft fouten (hieronder). Verbeter ze op de stick en probeer het opnieuw.",
                    );
                } else {
                    let warnings = problems.len();
                    k.content_preview(dir.clone(), languages);
                    k.team.borrow_mut().content_pending = Some(dir.clone());
                    k.content_adapter().set_content_usable(true);
                    k.content_say(
                        true,
                        &format!(
                            "{} is bruikbaar{}. Gebruiken?",
                            dir.display(),
                            if warnings > 0 {
                                format!(" ({warnings} waarschuwing(en))")
                            } else {
                                String::new()
                            }
                        ),
                    );
                }
            },
        );
    }

    /// Draws the checked folder's home, wheel, stories and stop-help
    /// screens at the kiosk's size in every language of it, with the
    /// kiosk's own `preview` in a process of its own (the screen does not
    /// wait; nothing is counted), then shows the first language.
    fn content_preview(self: &Rc<Self>, dir: PathBuf, languages: Vec<(String, String)>) {
        self.content_preview_forget();
        let (program, data) = {
            let t = self.team.borrow();
            (t.desk().program.clone(), t.desk().data_dir.clone())
        };
        let a = self.content_adapter();
        let Some(program) = program else {
            a.set_content_preview_note("Een voorbeeld kan hier niet worden gemaakt.".into());
            return;
        };
        let Ok(out) = tempfile::tempdir() else {
            a.set_content_preview_note("Een voorbeeld kan niet worden gemaakt: er is geen tijdelijke map.".into());
            return;
        };
        let size = self.app.window().size();
        let size = (size.width.clamp(320, 3840), size.height.clamp(240, 3840));
        let names: Vec<ui::LanguageOption> = languages
            .iter()
            .map(|(code, name)| ui::LanguageOption {
                code: code.into(),
                name: name.into(),
                font: crate::content::font_family(code).into(),
            })
            .collect();
        a.set_content_preview_langs(ModelRc::new(VecModel::from(names)));
        a.set_content_preview_lang(0);
        a.set_content_preview_busy(true);
        let folder = out.path().to_path_buf();
        self.team.borrow_mut().content_shots = Some(Shots {
            folder: out,
            languages: languages.into_iter().map(|l| l.0).collect(),
            size,
        });
        self.jobs.run(
            Lane::Preview,
            move || {
                let mut cmd = std::process::Command::new(program);
                cmd.args(["preview", "--as-is", "--content"])
                    .arg(&dir)
                    .arg("--out")
                    .arg(&folder)
                    .args(["--size", &format!("{}x{}", size.0, size.1)])
                    .args(["--screen", &SHOT_SCREENS.join(",")])
                    .stdin(std::process::Stdio::null());
                if let Some(data) = data {
                    cmd.arg("--data").arg(data);
                }
                match cmd.output() {
                    Ok(o) if o.status.success() => Ok(()),
                    Ok(o) => Err(String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .last()
                        .unwrap_or("")
                        .to_string()),
                    Err(e) => Err(e.to_string()),
                }
            },
            |k, made: Result<(), String>| match made {
                Ok(()) => k.content_preview_show(0),
                Err(e) => {
                    let a = k.content_adapter();
                    a.set_content_preview_busy(false);
                    a.set_content_preview_note(format!("Het voorbeeld kon niet worden gemaakt ({e}).").into());
                }
            },
        );
    }

    /// The preview's screens in the content's language `i`, read on a worker.
    pub(super) fn content_preview_show(self: &Rc<Self>, i: usize) {
        let wanted = {
            let t = self.team.borrow();
            t.content_shots.as_ref().and_then(|s| {
                let lang = s.languages.get(i)?;
                let (w, h) = s.size;
                Some(
                    SHOT_SCREENS
                        .iter()
                        .map(|screen| s.folder.path().join(format!("{screen}-{lang}-{w}x{h}.png")))
                        .collect::<Vec<_>>(),
                )
            })
        };
        let Some(files) = wanted else { return };
        let a = self.content_adapter();
        a.set_content_preview_busy(true);
        a.set_content_preview_lang(i as i32);
        self.jobs.run(
            Lane::Preview,
            move || {
                files
                    .iter()
                    .map(|f| {
                        let img = image::open(f).ok()?.to_rgba8();
                        let (w, h) = img.dimensions();
                        Some(slint::SharedPixelBuffer::<slint::Rgba8Pixel>::clone_from_slice(
                            img.as_raw(),
                            w,
                            h,
                        ))
                    })
                    .collect::<Option<Vec<_>>>()
            },
            |k, shots| {
                let a = k.content_adapter();
                a.set_content_preview_busy(false);
                // The preview was let go meanwhile (*Annuleren*, *Gebruiken*).
                if k.team.borrow().content_shots.is_none() {
                    return;
                }
                match shots {
                    Some(shots) => {
                        let images: Vec<slint::Image> = shots.into_iter().map(slint::Image::from_rgba8).collect();
                        a.set_content_preview_note("".into());
                        a.set_content_preview(ModelRc::new(VecModel::from(images)));
                    }
                    None => a.set_content_preview_note("Het voorbeeld kon niet worden gelezen.".into()),
                }
            },
        );
    }

    /// Lets the preview go: its pictures and their folder.
    fn content_preview_forget(&self) {
        self.team.borrow_mut().content_shots = None;
        let a = self.content_adapter();
        a.set_content_preview(ModelRc::new(VecModel::<slint::Image>::default()));
        a.set_content_preview_langs(ModelRc::new(VecModel::<ui::LanguageOption>::default()));
        a.set_content_preview_note("".into());
        a.set_content_preview_big(-1);
    }

    pub(super) fn content_cancel(self: &Rc<Self>) {
        self.content_preview_forget();
        let mut t = self.team.borrow_mut();
        t.content_pending = None;
        t.content_found.clear();
        drop(t);
        let a = self.content_adapter();
        a.set_content_progress(-1.0);
        a.set_content_usable(false);
        a.set_content_problems(ModelRc::new(VecModel::<SharedString>::default()));
        a.set_content_folders(ModelRc::new(VecModel::<SharedString>::default()));
        a.set_content_message("".into());
    }

    /// *Gebruiken*: copied to the data disk, then the kiosk starts again on it.
    pub(super) fn content_use(self: &Rc<Self>) {
        let pending = self.team.borrow().content_pending.clone();
        let (Some(dir), (Some(data), _, _)) = (pending, self.content_paths()) else {
            return;
        };
        if self.team.borrow().content_busy {
            return;
        }
        self.content_preview_forget();
        self.content_set_busy(true);
        self.content_adapter().set_content_usable(false);
        self.content_say(true, "De inhoud wordt naar de kiosk gekopieerd…");
        let today = self.controller().today();
        // The copy's progress, in thousandths, from the worker; the bar
        // follows it ten times a second.
        let share = Arc::new(AtomicU32::new(0));
        let seen = share.clone();
        self.content_adapter().set_content_progress(0.0);
        let w = Rc::downgrade(self);
        self.team
            .borrow()
            .content_timer
            .start(slint::TimerMode::Repeated, Duration::from_millis(100), move || {
                if let Some(k) = w.upgrade() {
                    k.content_adapter()
                        .set_content_progress(seen.load(Ordering::Relaxed) as f32 / 1000.0);
                }
            });
        self.jobs.run(
            Lane::Export,
            move || {
                let tell = |done: u64, total: u64| {
                    share.store((done * 1000 / total.max(1)) as u32, Ordering::Relaxed);
                };
                Shelf::in_data(&data).load_with(&dir, &today, &tell)
            },
            |k, loaded| {
                k.team.borrow().content_timer.stop();
                k.content_adapter()
                    .set_content_progress(if loaded.is_ok() { 1.0 } else { -1.0 });
                k.content_set_busy(false);
                k.team.borrow_mut().content_pending = None;
                match loaded {
                    Ok(l) => k.content_switch(format!("De nieuwe inhoud is in gebruik ({} bestanden).", l.files)),
                    Err(ShelfError::Problems(_)) => k.content_say(
                        false,
                        "De inhoud op de stick is veranderd en heeft nu fouten. Er is niets veranderd.",
                    ),
                    Err(e) => k.content_say(false, &capital(&e.to_string())),
                }
            },
        );
    }

    /// *Vorige inhoud terugzetten*.
    pub(super) fn content_back(self: &Rc<Self>) {
        let (Some(data), _, _) = self.content_paths() else {
            return;
        };
        if self.team.borrow().content_busy {
            return;
        }
        self.content_set_busy(true);
        self.jobs.run(
            Lane::Export,
            move || Shelf::in_data(&data).back(),
            |k, back| {
                k.content_set_busy(false);
                match back {
                    Ok(_) => k.content_switch("De vorige inhoud is terug.".to_string()),
                    Err(e) => k.content_say(false, &capital(&e.to_string())),
                }
            },
        );
    }

    /// *Zet op USB-stick*: the content in use, to edit on a laptop.
    pub(super) fn content_to_stick(self: &Rc<Self>) {
        if self.team.borrow().content_busy {
            return;
        }
        let (data, sd, stick) = self.content_paths();
        self.content_set_busy(true);
        self.content_say(true, "De inhoud wordt op de USB-stick gezet…");
        self.jobs.run(
            Lane::Export,
            move || {
                let root = export::find_target(stick.as_deref()).map_err(|e| e.to_string())?;
                let from = data
                    .as_deref()
                    .and_then(|d| Shelf::in_data(d).chosen(sd.as_deref()))
                    .or(sd);
                let dir = shelf::export(from.as_deref(), &root).map_err(|e| capital(&e.to_string()))?;
                // The studio beside it, when this kiosk has one.
                let studio = shelf::studio_folder().map(|s| shelf::export_studio(&s, &root).map_err(|e| e.to_string()));
                Ok((dir, studio))
            },
            |k, written: Result<(std::path::PathBuf, Option<Result<std::path::PathBuf, String>>), String>| {
                k.content_set_busy(false);
                match written {
                    Ok((dir, studio)) => {
                        let studio = match studio {
                            Some(Ok(s)) => format!(
                                " Open op de laptop {} in Edge of Chrome: daar pas je hem aan in formulieren.",
                                s.join("index.html").display()
                            ),
                            Some(Err(e)) => format!(" De studio kon er niet bij: {e}"),
                            None => " Pas hem aan op een laptop".to_string() + ".",
                        };
                        k.content_say(
                            true,
                            &format!(
                                "De inhoud staat op de stick in {}.{studio} Laad hem daarna weer.",
                                dir.display()
                            ),
                        )
                    }
                    Err(e) => k.content_say(false, &e),
                }
            },
        );
    }

    /// Says so, writes every count, and starts the kiosk again on the
    /// content now chosen (where the kiosk cannot restart itself: says that).
    /// Shows the content the shelf now chooses, without a restart: read on
    /// a worker (quickly: the full check was just done, or follows at once),
    /// then laid under the team's choices of today. Whoever is at the kiosk
    /// starts afresh on the attract screen; nothing counted is lost.
    fn content_switch(self: &Rc<Self>, message: String) {
        let (Some(data), sd, _) = self.content_paths() else {
            return;
        };
        self.content_set_busy(true);
        self.jobs.run(
            Lane::Export,
            move || {
                let dir = Shelf::in_data(&data).chosen(sd.as_deref()).or(sd);
                let known = rookvrij_core::known::Known::in_data(&data);
                let (content, problems) =
                    crate::content::load_or_builtin_known(dir.as_deref(), crate::content::Depth::Quick, Some(known));
                let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                (dir, content, problems)
            },
            move |k, (dir, content, problems)| {
                k.content_set_busy(false);
                k.team.borrow_mut().desk.content_problems = problems;
                k.show_loaded(Rc::new(content));
                if let (Some(dir), crate::content::Source::Folder(_)) = (dir, &k.controller().content().source) {
                    k.check_content_later(dir);
                }
                k.content_say(true, &message);
                k.content_refresh();
                k.team_show();
            },
        );
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_folders_on_a_stick_are_found_two_levels_down() {
        let stick = tempfile::tempdir().unwrap();
        let named = stick.path().join("rookvrij-inhoud");
        let deep = stick.path().join("team/2026");
        let too_deep = stick.path().join("a/b/c");
        for d in [&named, &deep, &too_deep] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("content.toml"), "").unwrap();
        }
        assert_eq!(content_folders(stick.path()), vec![named, deep]);
    }
}
