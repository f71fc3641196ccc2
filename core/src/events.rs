//! The counted events, with the names of the command line contract (docs/CLI.md).

/// Counts land in hour buckets like `2026-11-23T14`: never a finer time.
pub const HOUR_FORMAT: &str = "%Y-%m-%dT%H";

/// The names are the contract's: `visit_start`, `wheel_spin`, … (snake case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Event {
    VisitStart,
    LanguageChoose,
    ActivityOpen,
    WheelSpin,
    QuizGuess,
    QuizGuessRange,
    QuizCostOpen,
    QuizMythAnswer,
    StoryOpen,
    /// Play pressed on a story (from its start).
    StoryListen,
    StoryListenEnd,
    Interest,
    HelpContactShow,
}

impl Event {
    /// Every event, in the contract's order.
    pub const ALL: &'static [Event] = <Event as strum::VariantArray>::VARIANTS;

    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_contracts() {
        assert_eq!(Event::VisitStart.name(), "visit_start");
        assert_eq!(Event::QuizGuessRange.name(), "quiz_guess_range");
        assert_eq!(Event::HelpContactShow.name(), "help_contact_show");
        assert_eq!(Event::ALL.len(), 13);
        for e in Event::ALL {
            assert_eq!(e.name().parse::<Event>(), Ok(*e));
        }
    }
}
