//! The jar and the quiz: guess the butts, what smoking costs, myth or fact.

use std::rc::Rc;

use slint::{ComponentHandle, Image, ModelRc, Rgba8Pixel, SharedPixelBuffer, SharedString, VecModel};

use super::jobs::Lane;
use super::{Kiosk, on, update_rows};
use crate::content::{Content, JarKind};
use crate::controller::{self, Intent};
use crate::ui;

/// The quiz screens' own state: their models, kept and updated row by row.
#[derive(Default)]
pub(super) struct QuizView {
    bars: Rc<VecModel<ui::GuessBar>>,
    cost_examples: Rc<VecModel<SharedString>>,
}

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::QuizAdapter>();
    adapter.set_bars(ModelRc::from(kiosk.quiz_view.bars.clone()));
    adapter.set_cost_examples(ModelRc::from(kiosk.quiz_view.cost_examples.clone()));
    on!(kiosk, adapter, on_guess_chosen, |k, n| k
        .dispatch(Intent::Guess(n.max(0) as u32)));
    on!(kiosk, adapter, on_done, |k| k.dispatch(Intent::ActivityDone));
    on!(kiosk, adapter, on_next, |k| k.dispatch(Intent::QuizNext));
    on!(kiosk, adapter, on_per_day_changed, |k, n| k
        .dispatch(Intent::PerDay(n.max(0) as u32)));
    on!(kiosk, adapter, on_myth_answer, |k, fact| k
        .dispatch(Intent::MythAnswer(fact)));
}

/// The drawn jar's picture in pixels: sharp on the biggest screen.
pub(super) const JAR_SIZE: (u32, u32) = (480, 640);

/// Ranges of 100 in the chart of today's guesses.
pub(super) const CHART_BARS: u32 = 7;

impl Kiosk {
    pub(super) fn sync_quiz(&self, content: &Content, visit: &controller::Visit) {
        let lang = visit.language.as_str();
        let quiz = self.app.global::<ui::QuizAdapter>();
        if let Some(jar) = content.jars.get(visit.jar) {
            let answer = visit.jar_count;
            let guess = visit.guess.unwrap_or(0);
            quiz.set_answer(answer as i32);
            quiz.set_guess(guess as i32);
            quiz.set_closeness(match crate::quiz::closeness(guess, answer) {
                crate::quiz::Closeness::Exact => ui::Closeness::Exact,
                crate::quiz::Closeness::VeryClose => ui::Closeness::VeryClose,
                crate::quiz::Closeness::Close => ui::Closeness::Close,
                crate::quiz::Closeness::Far => ui::Closeness::Far,
            });
            quiz.set_place(content.shown(&jar.place, lang).into());
            let (place, date) = match &jar.picked {
                Some(p) => (content.shown_str(&p.place, lang), content.shown_str(&p.date, lang)),
                None => Default::default(),
            };
            quiz.set_picked_place(place.into());
            quiz.set_picked_date(date.into());
            let picture = match &jar.kind {
                JarKind::Counted { photo: Some(p), .. } => self.image(&content.source, p),
                // The team's jar of today, without a photo: drawn with its count.
                JarKind::Counted { photo: None, .. } => self.drawn_jar(visit.jar_seed, answer),
                JarKind::Drawn { .. } => self.drawn_jar(visit.jar_seed, answer),
            };
            quiz.set_jar(picture);
            let counts = self.controller.borrow().guess_counts();
            let bars = crate::quiz::chart(&counts, answer, guess, CHART_BARS);
            let bar_max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
            let mut bars: Vec<ui::GuessBar> = bars
                .into_iter()
                .map(|(from, count)| ui::GuessBar {
                    label: from.to_string().into(),
                    count: count as i32,
                    answer: crate::quiz::bucket(answer) == from,
                    guess: crate::quiz::bucket(guess) == from,
                })
                .collect();
            // Right to left, the chart reads from the right: few butts there.
            if content.language(lang).is_some_and(|l| l.rtl) {
                bars.reverse();
            }
            update_rows(&self.quiz_view.bars, bars);
            quiz.set_bar_max(bar_max as i32);
        }
        if let Some(cost) = &content.cost {
            let spend = crate::quiz::spend(cost, visit.per_day);
            quiz.set_per_day(visit.per_day as i32);
            quiz.set_max_per_day(controller::MAX_PER_DAY as i32);
            quiz.set_week(crate::quiz::euros(spend.week).into());
            quiz.set_month(crate::quiz::euros(spend.month).into());
            quiz.set_year(crate::quiz::euros(spend.year).into());
            let price = crate::quiz::euros_cents(cost.pack_cents as u64);
            // Price, pack and date are each one piece, also inside Arabic.
            let one = |t: &str| content.shown_str(t, lang);
            quiz.set_cost_source(
                format!(
                    "{} · {} ({})",
                    one(&format!("{price} / {}", cost.pack_size)),
                    content.shown(&cost.source, lang),
                    one(&cost.date.to_string())
                )
                .into(),
            );
            update_rows(
                &self.quiz_view.cost_examples,
                cost.examples.iter().map(|e| content.shown(e, lang).into()).collect(),
            );
        }
        let myth = visit.myths.get(visit.myth_at).and_then(|&i| content.myths.get(i));
        if let Some(myth) = myth {
            quiz.set_statement(content.shown(&myth.statement, lang).into());
            quiz.set_explanation(content.shown(&myth.explanation, lang).into());
            quiz.set_myth_source(content.shown_str(&myth.source, lang).into());
            quiz.set_is_fact(myth.fact);
            quiz.set_answered(visit.myth_answer.is_some());
            quiz.set_said_right(visit.myth_answer == Some(myth.fact));
            quiz.set_myth_number(visit.myth_at as i32 + 1);
            quiz.set_myth_total(visit.myths.len() as i32);
        }
    }

    /// The drawn jar for this visit, drawn once on a worker; nothing is
    /// shown in its place for the moment that takes.
    pub(super) fn drawn_jar(&self, seed: u64, count: u32) -> Image {
        let mut cache = self.drawn_jar.borrow_mut();
        if let Some((s, c, img)) = cache.as_ref()
            && *s == seed
            && *c == count
        {
            return img.clone().unwrap_or_default();
        }
        *cache = Some((seed, count, None));
        drop(cache);
        self.jobs.run(
            Lane::Draw,
            move || {
                let jar = crate::jar::draw(JAR_SIZE.0, JAR_SIZE.1, count, seed);
                let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(jar.image.width, jar.image.height);
                for (dst, p) in buffer.make_mut_slice().iter_mut().zip(&jar.image.pixels) {
                    *dst = Rgba8Pixel {
                        r: p[0],
                        g: p[1],
                        b: p[2],
                        a: p[3],
                    };
                }
                buffer
            },
            move |k, buffer| {
                let mut cache = k.drawn_jar.borrow_mut();
                if let Some((s, c, img)) = cache.as_mut()
                    && *s == seed
                    && *c == count
                {
                    *img = Some(Image::from_rgba8(buffer));
                    drop(cache);
                    k.sync();
                }
            },
        );
        Image::default()
    }
}
