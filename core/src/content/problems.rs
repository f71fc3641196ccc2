use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// A note the team wrote for itself (`note = "…"`): not a problem.
    Note,
}

/// One thing wrong in a content folder, said in plain Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line and column, where the file format gives them.
    pub position: Option<(usize, usize)>,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn note(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position,
            severity: Severity::Note,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `<file>:<line>:<column>: <fout|waarschuwing>: <message>` as in docs/CLI.md.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
            Severity::Note => "notitie",
        };
        match self.position {
            Some((line, col)) => write!(f, "{}:{}:{}: {}: {}", self.file, line, col, kind, self.message),
            None => write!(f, "{}: {}: {}", self.file, kind, self.message),
        }
    }
}

/// 1-based line and column of a byte offset in a text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// Turns serde and TOML messages into plain Dutch, keeping the detail.
pub fn dutch_toml_message(msg: &str) -> String {
    let msg = msg.trim();
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if msg.starts_with("missing field") {
        return format!("het veld \"{}\" ontbreekt hier", quoted(msg));
    }
    if msg.starts_with("unknown field") {
        let expected: Vec<&str> = msg.split('`').skip(3).step_by(2).collect();
        return format!(
            "onbekend veld \"{}\" (tikfout?); hier kan: {}",
            quoted(msg),
            expected.join(", ")
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "verkeerd soort waarde: hier hoort {}, maar er staat {}",
            dutch_type(expected),
            dutch_type(found)
        );
    }
    if msg.starts_with("duplicate key") || msg.contains("duplicate key") {
        return "deze sleutel staat er twee keer; haal er een weg".to_string();
    }
    let first = msg.lines().next().unwrap_or(msg);
    format!("de TOML-opmaak klopt hier niet ({first}); kijk naar aanhalingstekens, = en haakjes")
}

fn dutch_type(t: &str) -> String {
    let t = t.trim();
    if t.starts_with("string") || t.starts_with("a string") {
        let value = t.split('"').nth(1);
        return match value {
            Some(v) => format!("tekst \"{v}\""),
            None => "tekst tussen aanhalingstekens".to_string(),
        };
    }
    if t.starts_with("integer") || t.starts_with("i64") || t.starts_with("u32") || t.contains("integer") {
        return "een heel getal".to_string();
    }
    if t.starts_with("boolean") || t.contains("bool") {
        return "true of false".to_string();
    }
    if t.contains("sequence") || t.contains("array") {
        return "een lijst [ ... ]".to_string();
    }
    if t.contains("map") || t.contains("table") {
        return "een tabel { ... }".to_string();
    }
    if t.contains("float") {
        return "een kommagetal".to_string();
    }
    t.to_string()
}

/// A TOML or serde error as a problem with file, line and column.
pub fn toml_problem(file: &str, text: &str, e: &toml::de::Error) -> Problem {
    let pos = e.span().map(|s| line_col(text, s.start)).or(Some((1, 1)));
    Problem::error(file, pos, dutch_toml_message(e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let text = "a = 1\nnaam = \"ë\" x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // "ë" is two bytes but one column.
        assert_eq!(line_col(text, text.len() - 1), (2, 12));
    }

    #[test]
    fn serde_messages_become_dutch() {
        assert_eq!(
            dutch_toml_message("missing field `id`"),
            "het veld \"id\" ontbreekt hier"
        );
        assert!(dutch_toml_message("invalid type: string \"veel\", expected i64").contains("een heel getal"));
        assert!(dutch_toml_message("unknown field `colour`, expected one of `id`, `color`").contains("colour"));
    }

    #[test]
    fn display_follows_the_cli_contract() {
        let p = Problem::error("wheel.toml", Some((3, 5)), "dit klopt niet");
        assert_eq!(p.to_string(), "wheel.toml:3:5: fout: dit klopt niet");
        let w = Problem::warning("help.toml", None, "let op");
        assert_eq!(w.to_string(), "help.toml: waarschuwing: let op");
    }
}
