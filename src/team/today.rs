//! What the team sets for today on the kiosk itself, without a laptop: its
//! list of vindplaatsen, the jar it brought, and what is switched off for
//! now. Kept in `team.toml` (see [`super::TeamSettings`]); laid over the
//! content the kiosk loaded, which itself is never changed.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::content::{Content, Jar, JarKind, Picked, Text};

/// The longest name of a vindplaats typed on the kiosk.
pub const PLACE_MAX: usize = 40;
/// The wheel keeps at least this many topics when the team switches some off.
pub const MIN_TOPICS: usize = 6;
/// The most butts in a jar.
pub const JAR_MAX: u32 = crate::quiz::MAX_GUESS;

/// Today's jar: the team's own (a count, where and when it was picked up),
/// or one of the content's jars to show instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TodayJar {
    /// How many butts are in the team's jar (1 to 9999).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aantal: Option<u32>,
    /// Where its butts were picked up: a vindplaats.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vindplaats: String,
    /// When: YYYY-MM-DD.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub datum: String,
    /// Goes up with every new jar, so its chart of guesses starts afresh.
    pub nummer: u32,
    /// A jar of the content (its id) to show instead of the team's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inhoud: Option<String>,
}

impl TodayJar {
    /// The id its guesses are counted under: a new jar, a new chart.
    pub fn id(&self) -> String {
        format!("eigen-pot-{}", self.nummer)
    }

    /// A plain Dutch problem with it, or None.
    pub fn problem(&self) -> Option<String> {
        if let Some(n) = self.aantal
            && !(1..=JAR_MAX).contains(&n)
        {
            return Some(format!(
                "pot.aantal {n} kan niet; het moet tussen 1 en {JAR_MAX} liggen"
            ));
        }
        if !self.datum.is_empty() && NaiveDate::parse_from_str(&self.datum, "%Y-%m-%d").is_err() {
            return Some(format!(
                "pot.datum \"{}\" is geen datum; schrijf die als 2026-11-28",
                self.datum
            ));
        }
        None
    }
}

/// What is switched off for now, by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Off {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub onderwerpen: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verhalen: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hulp: Vec<String>,
}

impl Off {
    pub fn is_empty(&self) -> bool {
        self.onderwerpen.is_empty() && self.verhalen.is_empty() && self.hulp.is_empty()
    }
}

/// The three kinds of items a team can switch off for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Topic,
    Story,
    Help,
}

impl Kind {
    /// How many must stay on: a wheel of fewer than six is no wheel; the
    /// stories and stop-help screens are never empty.
    pub fn least(self) -> usize {
        match self {
            Kind::Topic => MIN_TOPICS,
            Kind::Story | Kind::Help => 1,
        }
    }
}

impl Off {
    pub fn list(&self, kind: Kind) -> &Vec<String> {
        match kind {
            Kind::Topic => &self.onderwerpen,
            Kind::Story => &self.verhalen,
            Kind::Help => &self.hulp,
        }
    }

    fn list_mut(&mut self, kind: Kind) -> &mut Vec<String> {
        match kind {
            Kind::Topic => &mut self.onderwerpen,
            Kind::Story => &mut self.verhalen,
            Kind::Help => &mut self.hulp,
        }
    }

    /// Switches `id` on or off among `all` (the content's ids of that kind).
    /// Refused with a sentence when it would leave fewer than the least.
    pub fn switch(&mut self, kind: Kind, id: &str, all: &[String]) -> Result<(), String> {
        let list = self.list_mut(kind);
        list.retain(|x| all.contains(x));
        if let Some(at) = list.iter().position(|x| x == id) {
            list.remove(at);
            return Ok(());
        }
        if !all.iter().any(|x| x == id) {
            return Ok(());
        }
        let on = all.len() - list.len();
        if on <= kind.least() {
            return Err(match kind {
                Kind::Topic => format!("Het rad houdt minstens {MIN_TOPICS} onderwerpen."),
                Kind::Story => "Er blijft minstens één verhaal aan.".to_string(),
                Kind::Help => "Er blijft minstens één manier van hulp aan.".to_string(),
            });
        }
        list.push(id.to_string());
        Ok(())
    }
}

/// The content as shown today: `base` with the team's jar and without what
/// is switched off. Ids no longer in the content are ignored; the least of
/// each kind always stays.
pub fn shown_today(base: &Content, jar: Option<&TodayJar>, off: &Off) -> Content {
    let mut c = base.clone();
    keep(&mut c.topics, |t| &t.id, &off.onderwerpen, Kind::Topic.least());
    keep(&mut c.stories, |s| &s.id, &off.verhalen, Kind::Story.least());
    keep(&mut c.help, |h| &h.id, &off.hulp, Kind::Help.least());
    if let Some(jar) = jar {
        if let Some(chosen) = jar
            .inhoud
            .as_ref()
            .and_then(|id| base.jars.iter().find(|j| &j.id == id))
        {
            c.jars = vec![chosen.clone()];
        } else if let Some(count) = jar.aantal.filter(|n| (1..=JAR_MAX).contains(n)) {
            c.jars = vec![Jar {
                id: jar.id(),
                kind: JarKind::Counted { count, photo: None },
                place: Text::default(),
                picked: Some(Picked {
                    place: jar.vindplaats.clone(),
                    date: NaiveDate::parse_from_str(&jar.datum, "%Y-%m-%d")
                        .map(|d| d.format("%d-%m-%Y").to_string())
                        .unwrap_or_default(),
                }),
            }];
        }
    }
    c
}

fn keep<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &String, off: &[String], least: usize) {
    let mut hide: HashSet<&String> = HashSet::new();
    let room = items.len().saturating_sub(least);
    for x in off {
        if hide.len() < room && items.iter().any(|i| id(i) == x) {
            hide.insert(x);
        }
    }
    let hide: HashSet<String> = hide.into_iter().cloned().collect();
    items.retain(|i| !hide.contains(id(i)));
}

/// A vindplaats name as typed on the kiosk, tidied (spaces trimmed and
/// single), or a plain Dutch sentence why it cannot be one. `others` are the
/// other names on the list: no two the same (big or small letters alike).
pub fn place_name(typed: &str, others: &[String]) -> Result<String, String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("Typ eerst een naam voor de plek.".to_string());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphabetic() || c.is_ascii_digit() || " '-.&".contains(*c)))
    {
        return Err(format!(
            "Het teken \"{bad}\" kan niet in een naam; gebruik letters, cijfers, spatie en ' - . &"
        ));
    }
    let n = name.chars().count();
    if n > PLACE_MAX {
        return Err(format!(
            "Een naam heeft hoogstens {PLACE_MAX} tekens; deze heeft er {n}."
        ));
    }
    let lower = name.to_lowercase();
    if let Some(same) = others.iter().find(|o| o.to_lowercase() == lower) {
        return Err(format!("Er is al een plek die \"{same}\" heet."));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<String> {
        items.iter().map(|i| id(i).clone()).collect()
    }

    #[test]
    fn a_place_name_is_tidied_and_checked() {
        let others = vec!["Markt Noord".to_string()];
        assert_eq!(
            place_name("  Buurthuis   De Ster ", &others).unwrap(),
            "Buurthuis De Ster"
        );
        assert_eq!(
            place_name("Çarşı İstasyon-2 & Zoë's .", &others).unwrap(),
            "Çarşı İstasyon-2 & Zoë's ."
        );
        assert!(
            place_name("markt noord", &others)
                .unwrap_err()
                .contains("\"Markt Noord\"")
        );
        assert!(place_name("   ", &others).unwrap_err().contains("Typ eerst"));
        assert!(place_name("Markt/Noord", &others).unwrap_err().contains("\"/\""));
        let long = "a".repeat(41);
        assert!(place_name(&long, &others).unwrap_err().contains("41"));
        assert!(place_name(&"ş".repeat(40), &others).is_ok());
    }

    #[test]
    fn switched_off_items_leave_the_content_shown_but_the_least_stay() {
        let base = crate::content::builtin();
        let topics = ids(&base.topics, |t| &t.id);
        let stories = ids(&base.stories, |s| &s.id);
        let mut off = Off::default();
        // The demo wheel has more than six topics: switch off until refused.
        let mut refused = None;
        for id in &topics {
            if let Err(e) = off.switch(Kind::Topic, id, &topics) {
                refused = Some(e);
                break;
            }
        }
        assert!(refused.unwrap().contains("minstens 6"));
        assert_eq!(off.onderwerpen.len(), topics.len() - MIN_TOPICS);
        off.switch(Kind::Story, &stories[0], &stories).unwrap();
        let shown = shown_today(&base, None, &off);
        assert_eq!(shown.topics.len(), MIN_TOPICS);
        assert_eq!(shown.stories.len(), base.stories.len() - 1);
        assert!(shown.stories.iter().all(|s| s.id != stories[0]));
        // On again.
        off.switch(Kind::Story, &stories[0], &stories).unwrap();
        assert!(off.verhalen.is_empty());
        // A list written by hand with too many off still keeps six.
        let by_hand = Off {
            onderwerpen: topics.clone(),
            ..Off::default()
        };
        assert_eq!(shown_today(&base, None, &by_hand).topics.len(), MIN_TOPICS);
        // Ids the content no longer has change nothing.
        let gone = Off {
            hulp: vec!["weg".into()],
            ..Off::default()
        };
        assert_eq!(shown_today(&base, None, &gone).help.len(), base.help.len());
    }

    #[test]
    fn todays_jar_replaces_the_contents_jars_and_a_new_one_gets_a_new_id() {
        let base = crate::content::builtin();
        let mut jar = TodayJar {
            aantal: Some(412),
            vindplaats: "Markt Noord".into(),
            datum: "2026-11-28".into(),
            nummer: 3,
            inhoud: None,
        };
        let shown = shown_today(&base, Some(&jar), &Off::default());
        assert_eq!(shown.jars.len(), 1);
        assert_eq!(shown.jars[0].id, "eigen-pot-3");
        assert_eq!(
            shown.jars[0].kind,
            JarKind::Counted {
                count: 412,
                photo: None
            }
        );
        let picked = shown.jars[0].picked.clone().unwrap();
        assert_eq!(
            (picked.place.as_str(), picked.date.as_str()),
            ("Markt Noord", "28-11-2026")
        );
        // One of the content's jars instead.
        jar.inhoud = Some(base.jars[0].id.clone());
        assert_eq!(
            shown_today(&base, Some(&jar), &Off::default()).jars[0].id,
            base.jars[0].id
        );
        // Out of range: the content's jars, and the problem is named.
        jar.inhoud = None;
        jar.aantal = Some(10_000);
        assert_eq!(
            shown_today(&base, Some(&jar), &Off::default()).jars.len(),
            base.jars.len()
        );
        assert!(jar.problem().unwrap().contains("10000"));
    }
}
