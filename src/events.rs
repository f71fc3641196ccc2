//! The counted events, with the names of the command line contract (docs/CLI.md).

/// Counts land in hour buckets like `2026-11-23T14`: never a finer time.
pub const HOUR_FORMAT: &str = "%Y-%m-%dT%H";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub const ALL: [Event; 13] = [
        Event::VisitStart,
        Event::LanguageChoose,
        Event::ActivityOpen,
        Event::WheelSpin,
        Event::QuizGuess,
        Event::QuizGuessRange,
        Event::QuizCostOpen,
        Event::QuizMythAnswer,
        Event::StoryOpen,
        Event::StoryListen,
        Event::StoryListenEnd,
        Event::Interest,
        Event::HelpContactShow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Event::VisitStart => "visit_start",
            Event::LanguageChoose => "language_choose",
            Event::ActivityOpen => "activity_open",
            Event::WheelSpin => "wheel_spin",
            Event::QuizGuess => "quiz_guess",
            Event::QuizGuessRange => "quiz_guess_range",
            Event::QuizCostOpen => "quiz_cost_open",
            Event::QuizMythAnswer => "quiz_myth_answer",
            Event::StoryOpen => "story_open",
            Event::StoryListen => "story_listen",
            Event::StoryListenEnd => "story_listen_end",
            Event::Interest => "interest",
            Event::HelpContactShow => "help_contact_show",
        }
    }
}
