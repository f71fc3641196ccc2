//! What the team changed on the team screen, kept in `team.toml` in the data
//! folder: it overrides `kiosk.toml` (which may sit on a read-only card or be
//! the team's own file, which the kiosk never rewrites). Written atomically:
//! a temporary file, fsync, rename, fsync of the folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::today::{Off, TodayJar};
use crate::config::Config;
use crate::content::{Problem, toml_problem};

pub const FILE: &str = "team.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vindplaats: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_mode: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambassador_present: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduced_motion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<f32>,
    /// argon2 hash of a PIN set on the team screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_hash: Option<String>,
    /// The `pin_hash` of kiosk.toml when the PIN was changed here: when the
    /// team later puts a new one in kiosk.toml (a forgotten PIN), that one wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_replaces: Option<String>,
    /// Wrong PIN tries in a row, so a restart does not reset the lock.
    #[serde(skip_serializing_if = "is_zero")]
    pub failed_pin_tries: u32,
    /// The team's list of vindplaatsen, made on the kiosk; kiosk.toml's list
    /// is the starting list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vindplaatsen: Option<Vec<String>>,
    /// Today's jar (tables last: TOML wants them after the plain keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pot: Option<TodayJar>,
    /// Stories, stop-help options and wheel topics switched off for now.
    #[serde(skip_serializing_if = "Off::is_empty")]
    pub uit: Off,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl TeamSettings {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE)
    }

    /// Reads `team.toml`; a missing file is no settings. A broken one is a
    /// problem (file and line) and the kiosk runs on `kiosk.toml` alone.
    pub fn load(data_dir: &Path) -> Result<TeamSettings, Problem> {
        let path = Self::path(data_dir);
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TeamSettings::default()),
            Err(e) => {
                return Err(Problem::error(
                    &name,
                    None,
                    format!("kan de teaminstellingen niet lezen: {e}"),
                ));
            }
        };
        let settings: TeamSettings = toml::from_str(&text).map_err(|e| toml_problem(&name, &text, &e))?;
        if let Some(v) = settings.volume
            && !(0.0..=1.0).contains(&v)
        {
            return Err(Problem::error(&name, None, "volume moet tussen 0.0 en 1.0 liggen"));
        }
        if let Some(problem) = settings.pot.as_ref().and_then(TodayJar::problem) {
            return Err(Problem::error(&name, None, problem));
        }
        if let Some(list) = &settings.vindplaatsen {
            for (i, place) in list.iter().enumerate() {
                if let Err(e) = super::today::place_name(place, &list[..i]) {
                    return Err(Problem::error(&name, None, format!("vindplaatsen: \"{place}\": {e}")));
                }
            }
        }
        Ok(settings)
    }

    /// Lays these settings over the config. A vindplaats no longer in the
    /// config's list is dropped: the team's list wins.
    pub fn apply(&self, config: &mut Config) {
        if let Some(list) = &self.vindplaatsen {
            config.vindplaatsen = list.clone();
        }
        if let Some(v) = &self.vindplaats
            && (config.vindplaatsen.is_empty() || config.vindplaatsen.contains(v))
            && !v.trim().is_empty()
        {
            config.vindplaats = v.clone();
        }
        if let Some(v) = self.conversation_mode {
            config.conversation_mode = v;
        }
        if let Some(v) = self.ambassador_present {
            config.ambassador_present = v;
        }
        if let Some(v) = self.reduced_motion {
            config.reduced_motion = v;
        }
        if let Some(v) = self.volume {
            config.volume = v.clamp(0.0, 1.0);
        }
    }

    /// The PIN hash in force: the one set on the team screen, unless kiosk.toml
    /// got a different one since. None: the default PIN.
    pub fn pin_hash(&self, config: &Config) -> Option<String> {
        let configured = Some(config.pin_hash.clone()).filter(|h| !h.is_empty());
        match &self.pin_hash {
            Some(own) if self.pin_replaces == configured => Some(own.clone()),
            _ => configured,
        }
    }

    /// Writes `team.toml` so that a power cut leaves the old or the new file, never half.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        crate::atomic_file::write(&Self::path(data_dir), text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_settings_come_back_and_override_the_config() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(TeamSettings::load(dir.path()).unwrap(), TeamSettings::default());
        let s = TeamSettings {
            vindplaats: Some("Markt Noord".into()),
            volume: Some(0.3),
            conversation_mode: Some(true),
            failed_pin_tries: 2,
            ..Default::default()
        };
        s.save(dir.path()).unwrap();
        let back = TeamSettings::load(dir.path()).unwrap();
        assert_eq!(back, s);
        let mut c = Config {
            vindplaatsen: vec!["Buurthuis".into(), "Markt Noord".into()],
            ..Config::default()
        };
        back.apply(&mut c);
        assert_eq!(c.vindplaats, "Markt Noord");
        assert_eq!(c.volume, 0.3);
        assert!(c.conversation_mode);
        // A place the team took off its list is not used any more.
        c.vindplaats = "Buurthuis".into();
        c.vindplaatsen = vec!["Buurthuis".into()];
        back.apply(&mut c);
        assert_eq!(c.vindplaats, "Buurthuis");
    }

    #[test]
    fn the_teams_places_jar_and_switches_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = TeamSettings {
            vindplaats: Some("Çarşı".into()),
            vindplaatsen: Some(vec!["Markt".into(), "Çarşı".into()]),
            pot: Some(TodayJar {
                aantal: Some(347),
                vindplaats: "Markt".into(),
                datum: "2026-11-28".into(),
                nummer: 2,
                inhoud: None,
            }),
            uit: Off {
                verhalen: vec!["ahmed".into()],
                ..Off::default()
            },
            ..Default::default()
        };
        s.save(dir.path()).unwrap();
        assert_eq!(TeamSettings::load(dir.path()).unwrap(), s);
        // The team's list replaces kiosk.toml's.
        let mut c = Config {
            vindplaatsen: vec!["Buurthuis".into()],
            ..Config::default()
        };
        s.apply(&mut c);
        assert_eq!(c.vindplaatsen, ["Markt", "Çarşı"]);
        assert_eq!(c.vindplaats, "Çarşı");
        // A jar of 0 butts or a list with a name twice is a problem, named.
        std::fs::write(dir.path().join(FILE), "[pot]\naantal = 0\nnummer = 1\n").unwrap();
        assert!(
            TeamSettings::load(dir.path())
                .unwrap_err()
                .to_string()
                .contains("pot.aantal 0")
        );
        std::fs::write(dir.path().join(FILE), "vindplaatsen = [\"Markt\", \"markt\"]\n").unwrap();
        assert!(
            TeamSettings::load(dir.path())
                .unwrap_err()
                .to_string()
                .contains("al een plek")
        );
    }

    #[test]
    fn a_pin_put_in_kiosk_toml_later_wins_over_the_one_set_on_screen() {
        let mut c = Config::default();
        let mut s = TeamSettings::default();
        assert_eq!(s.pin_hash(&c), None);
        s.pin_hash = Some("own".into());
        s.pin_replaces = None;
        assert_eq!(s.pin_hash(&c).as_deref(), Some("own"));
        c.pin_hash = "new-in-config".into();
        assert_eq!(s.pin_hash(&c).as_deref(), Some("new-in-config"));
        s.pin_replaces = Some("new-in-config".into());
        assert_eq!(s.pin_hash(&c).as_deref(), Some("own"));
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "vindplaats = \"Markt\"\nvolume = \"hard\"\n").unwrap();
        let e = TeamSettings::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("team.toml:2:"), "{e}");
    }
}
