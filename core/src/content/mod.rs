//! The team's content folder: a serde model of the TOML files, validation with
//! plain Dutch messages naming file, line and column, and the resolved content
//! the controller works with.
//!
//! Folder layout (documented in the README):
//! `content.toml`, `wheel.toml`, `quiz.toml`, `stories.toml`, `help.toml`,
//! and media (images, audio) in sub-folders, referenced by relative paths.

mod model;
mod problems;
mod source;
mod validate;
pub use validate::Depth;

pub use model::*;
pub use problems::{Problem, Severity, line_col as problems_line_col, toml_problem};
pub use source::{Source, builtin_files};

use std::path::Path;

/// The outcome of reading a content folder: the content when the kiosk can show
/// it (warnings allowed), and every problem found.
pub struct Checked {
    pub content: Option<Content>,
    pub problems: Vec<Problem>,
    /// The team's own notes (`note = "…"` beside a topic, jar, price, myth,
    /// story or stop-help option): check-content shows them; residents never see them.
    pub notes: Vec<Problem>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Reads and validates a content folder on disk.
pub fn check_folder(dir: &Path) -> Checked {
    validate::check(Source::folder(dir))
}

/// Reads and validates content from any source: a browser front end passes
/// the team's files as bytes ([`Source::Files`]).
pub fn check_source(source: Source, depth: Depth) -> Checked {
    validate::check_at(source, depth)
}

/// [`check_folder`] at a chosen depth.
pub fn validate_at(dir: &Path, depth: Depth) -> Checked {
    validate::check_at(Source::folder(dir), depth)
}

/// [`check_source`], with a cache of what earlier checks learned: the
/// studio keeps one in memory, so a keystroke decodes no recording again.
pub fn check_source_known(source: Source, depth: Depth, known: crate::known::Known) -> Checked {
    validate::check_with(source, depth, Some(known))
}

/// [`validate_at`], with the kiosk's cache of what earlier checks learned
/// (recordings' loudness, fitted photos), which it also fills.
pub fn check_folder_known(dir: &Path, depth: Depth, known: Option<crate::known::Known>) -> Checked {
    validate::check_with(Source::folder(dir), depth, known)
}

/// The demo content built into the binary: what the kiosk shows when a team's
/// folder is broken, so the screen never goes dark.
pub fn builtin() -> Content {
    builtin_at(validate::Depth::Full)
}

/// The demo content, its recordings only probed (see [`validate::Depth`]).
pub fn builtin_quick() -> Content {
    builtin_at(validate::Depth::Quick)
}

fn builtin_at(depth: validate::Depth) -> Content {
    let checked = validate::check_at(Source::Builtin, depth);
    match checked.content {
        Some(content) => content,
        // The build embeds media/, which the test suite checks; this is a broken build.
        None => panic!(
            "the built-in demo content is invalid: {:?}",
            checked.problems.iter().map(Problem::to_string).collect::<Vec<_>>()
        ),
    }
}

/// Loads the content the kiosk should run on: the folder when it is usable,
/// otherwise the built-in demo content. The problems are kept for the team screen.
pub fn load_or_builtin(dir: Option<&Path>) -> (Content, Vec<Problem>) {
    load_or_builtin_at(dir, validate::Depth::Full)
}

/// [`load_or_builtin`] at a chosen depth: `run` starts on a quick check.
pub fn load_or_builtin_at(dir: Option<&Path>, depth: validate::Depth) -> (Content, Vec<Problem>) {
    load_or_builtin_known(dir, depth, None)
}

/// [`load_or_builtin_at`], with what earlier checks learned: a recording
/// already measured is not decoded again.
pub fn load_or_builtin_known(
    dir: Option<&Path>,
    depth: validate::Depth,
    known: Option<crate::known::Known>,
) -> (Content, Vec<Problem>) {
    match dir {
        None => (builtin_at(depth), Vec::new()),
        Some(dir) => {
            let checked = validate::check_with(Source::folder(dir), depth, known);
            match checked.content {
                Some(content) => (content, checked.problems),
                None => (builtin_at(depth), checked.problems),
            }
        }
    }
}
