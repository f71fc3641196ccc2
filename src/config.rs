//! `kiosk.toml`: the settings of one kiosk, set by its team.

use std::path::Path;

use serde::Deserialize;

use crate::content::{Problem, problems_line_col, toml_problem};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// A name for this kiosk in reports ("kiosk-noord"); no person's name.
    pub kiosk_id: String,
    /// Where the kiosk stands today; new counts carry it.
    pub vindplaats: String,
    /// The places a team can choose from on the team screen.
    pub vindplaatsen: Vec<String>,
    /// Seconds without a touch before the kiosk forgets the visit.
    pub idle_seconds: u32,
    /// Minutes on the attract screen without a touch before it turns slower
    /// and draws less often (0: never).
    pub calm_after_minutes: u32,
    /// The kiosk's default language; empty: the content's default.
    pub language: String,
    /// 0.0 to 1.0.
    pub volume: f32,
    pub conversation_mode: bool,
    pub ambassador_present: bool,
    pub reduced_motion: bool,
    /// argon2 hash of the team's PIN (`rookvrij-kiosk pin-hash`); empty: 1234, with a warning.
    pub pin_hash: String,
    /// Export to this folder instead of looking for a USB stick.
    pub export_dir: String,
    /// Turns picture and touch together on the kiosk image: 0, 90, 180 or 270
    /// degrees clockwise (a panel hung the other way up, or on its side).
    pub rotation: u16,
    /// On the kiosk image: "software" (Slint's software renderer, the
    /// default: no GPU driver needed, little memory) or "gpu" (femtovg on
    /// OpenGL ES, for big screens on a Pi with a working GPU driver).
    pub renderer: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kiosk_id: "kiosk-1".to_string(),
            vindplaats: "onbekend".to_string(),
            vindplaatsen: Vec::new(),
            idle_seconds: 60,
            calm_after_minutes: 10,
            language: String::new(),
            volume: 0.8,
            conversation_mode: false,
            ambassador_present: false,
            reduced_motion: false,
            pin_hash: String::new(),
            export_dir: String::new(),
            rotation: 0,
            renderer: "software".to_string(),
        }
    }
}

impl Config {
    /// Reads a config file; every problem names the file and line.
    pub fn load(path: &Path) -> Result<Config, Problem> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Problem::error(&name, None, format!("kan het instellingenbestand niet lezen: {e}")))?;
        let config: Config = toml::from_str(&text).map_err(|e| toml_problem(&name, &text, &e))?;
        config.validate(&name, &text)?;
        Ok(config)
    }

    fn validate(&self, name: &str, text: &str) -> Result<(), Problem> {
        // Where a key stands, from toml's own spans (a key in a comment or
        // inside another value is never taken for it).
        let table = toml::de::DeTable::parse(text).ok();
        let at = |key: &str| {
            table.as_ref().and_then(|t| {
                t.get_ref()
                    .iter()
                    .find(|(k, _)| k.get_ref().as_ref() == key)
                    .map(|(k, _)| problems_line_col(text, k.span().start))
            })
        };
        if !(5..=3600).contains(&self.idle_seconds) {
            return Err(Problem::error(
                name,
                at("idle_seconds"),
                "idle_seconds moet tussen 5 en 3600 liggen",
            ));
        }
        if self.calm_after_minutes > 1440 {
            return Err(Problem::error(
                name,
                at("calm_after_minutes"),
                "calm_after_minutes moet tussen 0 (nooit) en 1440 (een dag) liggen",
            ));
        }
        if !(0.0..=1.0).contains(&self.volume) {
            return Err(Problem::error(
                name,
                at("volume"),
                "volume moet tussen 0.0 en 1.0 liggen",
            ));
        }
        if !matches!(self.rotation, 0 | 90 | 180 | 270) {
            return Err(Problem::error(
                name,
                at("rotation"),
                "rotation moet 0, 90, 180 of 270 zijn (graden met de klok mee)",
            ));
        }
        if !matches!(self.renderer.as_str(), "software" | "gpu") {
            return Err(Problem::error(
                name,
                at("renderer"),
                "renderer moet \"software\" of \"gpu\" zijn",
            ));
        }
        if !is_plain_name(&self.kiosk_id) {
            return Err(Problem::error(
                name,
                at("kiosk_id"),
                "kiosk_id mag alleen letters, cijfers, - en _ bevatten (1 tot 40 tekens)",
            ));
        }
        if self.vindplaats.trim().is_empty() || self.vindplaats.chars().count() > 60 {
            return Err(Problem::error(
                name,
                at("vindplaats"),
                "vindplaats moet een naam van 1 tot 60 tekens zijn",
            ));
        }
        if !self.pin_hash.is_empty() && !crate::team::pin::is_valid_hash(&self.pin_hash) {
            return Err(Problem::error(
                name,
                at("pin_hash"),
                "pin_hash is geen argon2-hash; maak er een met: rookvrij-kiosk pin-hash",
            ));
        }
        if let Some(place) = self
            .vindplaatsen
            .iter()
            .find(|p| p.trim().is_empty() || p.chars().count() > 60)
        {
            return Err(Problem::error(
                name,
                at("vindplaatsen"),
                format!("vindplaats \"{place}\" in vindplaatsen moet een naam van 1 tot 60 tekens zijn"),
            ));
        }
        Ok(())
    }
}

pub fn is_plain_name(s: &str) -> bool {
    (1..=40).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn defaults_fill_what_is_not_set() {
        let (_d, p) = write("kiosk_id = \"noord\"\nidle_seconds = 30\n");
        let c = Config::load(&p).unwrap();
        assert_eq!(c.kiosk_id, "noord");
        assert_eq!(c.idle_seconds, 30);
        assert_eq!(c.volume, 0.8);
    }

    #[test]
    fn mistakes_name_file_and_line() {
        let (_d, p) = write("kiosk_id = \"noord\"\nidle_seconds = \"lang\"\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("kiosk.toml:2:"), "{e}");
        let (_d, p) = write("kiosk_id = \"noord\"\n\nidle_seconds = 2\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("kiosk.toml:3:1: fout: idle_seconds"), "{e}");
        let (_d, p) = write("kiosk_id = \"noord\"\nrenderer = \"snel\"\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("kiosk.toml:2:1: fout: renderer"), "{e}");
        let (_d, p) = write("# rotation = 90 would turn it\nrotation = 45\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(
            e.contains("kiosk.toml:2:1: fout: rotation"),
            "the key, not the comment: {e}"
        );
        let (_d, p) = write("rotation = 45\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("kiosk.toml:1:1: fout: rotation"), "{e}");
        let (_d, p) = write("kiosk_idd = \"noord\"\n");
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("onbekend veld"), "{e}");
    }
}
