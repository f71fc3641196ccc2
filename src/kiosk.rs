//! Binds the Slint UI to the controller: screens call adapter callbacks, which
//! become controller intents; after each intent the visit is pushed back into
//! the adapters. Rust never reaches into a screen's internals.

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use slint::{ComponentHandle, Image, ModelRc, Rgba8Pixel, SharedPixelBuffer, SharedString, VecModel};

use crate::content::{Content, Source, Text};
use crate::controller::{self, Activity, Controller, Intent};
use crate::ui;
use crate::wheel::{self, WheelPainter};

/// How fast the wheel turns on the attract screen: slow and calm.
const ATTRACT_TURN_PER_SECOND: f32 = 0.35;
const ATTRACT_FRAME: Duration = Duration::from_millis(50);

pub struct Kiosk {
    app: ui::App,
    controller: RefCell<Controller>,
    idle: slint::Timer,
    attract: slint::Timer,
    images: RefCell<HashMap<String, Image>>,
    shown_language: RefCell<Option<String>>,
    wheel: RefCell<WheelView>,
}

struct WheelView {
    painter: Option<WheelPainter>,
    rotation: f32,
}

impl Kiosk {
    /// Creates the window and binds it. A platform must be set (desktop, headless or test).
    pub fn new(controller: Controller) -> Result<Rc<Kiosk>, slint::PlatformError> {
        let app = ui::App::new()?;
        let kiosk = Rc::new(Kiosk {
            app,
            controller: RefCell::new(controller),
            idle: slint::Timer::default(),
            attract: slint::Timer::default(),
            images: RefCell::new(HashMap::new()),
            shown_language: RefCell::new(None),
            wheel: RefCell::new(WheelView {
                painter: None,
                rotation: 0.0,
            }),
        });
        kiosk.bind();
        kiosk.sync();
        Ok(kiosk)
    }

    pub fn app(&self) -> &ui::App {
        &self.app
    }

    pub fn controller(&self) -> Ref<'_, Controller> {
        self.controller.borrow()
    }

    /// One tap, through the controller, back onto the screen.
    pub fn dispatch(self: &Rc<Self>, intent: Intent) {
        self.controller.borrow_mut().handle(intent);
        self.sync();
        self.restart_idle_timer();
    }

    fn bind(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let on = move |intent: Intent| {
            let weak: Weak<Kiosk> = weak.clone();
            move || {
                if let Some(k) = weak.upgrade() {
                    k.dispatch(intent.clone());
                }
            }
        };
        let app_adapter = self.app.global::<ui::AppAdapter>();
        app_adapter.on_go_home(on(Intent::Home));
        app_adapter.on_open_help(on(Intent::Open(Activity::Help)));
        let w = Rc::downgrade(self);
        app_adapter.on_choose_language(move |code| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::ChooseLanguage(code.to_string()));
            }
        });
        self.app.global::<ui::AttractAdapter>().on_start(on(Intent::Touch));
        let w = Rc::downgrade(self);
        self.app.global::<ui::HomeAdapter>().on_open(move |a| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::Open(activity_from_ui(a)));
            }
        });
        self.app
            .global::<ui::HomeAdapter>()
            .on_open_interest(on(Intent::ActivityDone));
        let wheel_adapter = self.app.global::<ui::WheelAdapter>();
        wheel_adapter.on_spin(on(Intent::Spin));
        wheel_adapter.on_again(on(Intent::SpinAgain));
        wheel_adapter.on_done(on(Intent::ActivityDone));
        let quiz = self.app.global::<ui::QuizAdapter>();
        let w = Rc::downgrade(self);
        quiz.on_guess_chosen(move |n| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::Guess(n.max(0) as u32));
            }
        });
        quiz.on_done(on(Intent::ActivityDone));
        let stories = self.app.global::<ui::StoriesAdapter>();
        let w = Rc::downgrade(self);
        stories.on_open(move |i| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::OpenStory(i.max(0) as usize));
            }
        });
        stories.on_done(on(Intent::ActivityDone));
        let help = self.app.global::<ui::HelpAdapter>();
        let w = Rc::downgrade(self);
        help.on_open(move |i| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::OpenContact(i.max(0) as usize));
            }
        });
        help.on_close(on(Intent::CloseContact));
        let w = Rc::downgrade(self);
        self.app.global::<ui::InterestAdapter>().on_choose(move |item| {
            if let Some(k) = w.upgrade()
                && let Some(choice) = controller::Interest::from_item(&item)
            {
                k.dispatch(Intent::Interest(choice));
            }
        });
    }

    fn restart_idle_timer(self: &Rc<Self>) {
        if self.controller().visit().screen == controller::Screen::Attract {
            self.idle.stop();
            return;
        }
        let seconds = self.controller().idle_seconds();
        let w = Rc::downgrade(self);
        self.idle.start(
            slint::TimerMode::SingleShot,
            Duration::from_secs(seconds as u64),
            move || {
                if let Some(k) = w.upgrade() {
                    k.dispatch(Intent::IdleTimeout);
                }
            },
        );
    }

    /// Pushes the controller's state into the adapters.
    pub fn sync(self: &Rc<Self>) {
        let controller = self.controller.borrow();
        let visit = controller.visit().clone();
        let content = controller.content().clone();
        let conversation_mode = controller.config().conversation_mode;
        let ambassador = controller.config().ambassador_present;
        drop(controller);

        let lang = visit.language.clone();
        if self.shown_language.borrow().as_deref() != Some(lang.as_str()) {
            self.show_language(&content, &lang);
        }
        self.app.global::<ui::Nav>().set_screen(screen_to_ui(visit.screen));

        let wheel_adapter = self.app.global::<ui::WheelAdapter>();
        wheel_adapter.set_conversation_mode(conversation_mode);
        if let Some(topic) = visit.topic.and_then(|i| content.topics.get(i)) {
            wheel_adapter.set_topic(topic.label.get(&lang).into());
            wheel_adapter.set_question(topic.question.get(&lang).into());
            wheel_adapter.set_follow_up(topic.follow_up.get(&lang).into());
        }
        if matches!(
            visit.screen,
            controller::Screen::Wheel | controller::Screen::WheelResult
        ) {
            let rotation = visit
                .topic
                .map_or(0.0, |i| wheel::rotation_for(content.topics.len(), i));
            self.wheel.borrow_mut().rotation = rotation;
            self.draw_wheel::<ui::WheelAdapter>(&content);
        }

        if let Some(jar) = content.jars.get(visit.jar) {
            let quiz = self.app.global::<ui::QuizAdapter>();
            quiz.set_answer(jar.count as i32);
            quiz.set_guess(visit.guess.unwrap_or(0) as i32);
            quiz.set_place(jar.place.get(&lang).into());
            quiz.set_choices(int_model(&visit.choices));
            quiz.set_jar(
                jar.photo
                    .as_deref()
                    .map(|p| self.image(&content.source, p))
                    .unwrap_or_default(),
            );
        }

        let stories = self.app.global::<ui::StoriesAdapter>();
        if let Some(story) = visit.story.and_then(|i| content.stories.get(i)) {
            stories.set_story(self.story_card(&content, story, &lang));
            stories.set_paragraphs(string_model(paragraphs(&story.text, &lang)));
            stories.set_example(story.example);
        }
        let help = self.app.global::<ui::HelpAdapter>();
        help.set_ambassador_present(ambassador);
        if let Some(option) = visit.contact.and_then(|i| content.help.get(i)) {
            help.set_opened(self.help_card(&content, option, &lang));
            help.set_opened_qr(qr_image(&option.link));
        }

        if visit.screen == controller::Screen::Attract {
            self.start_attract(&content);
        } else {
            self.attract.stop();
        }
    }

    /// Language change: translations, reading direction, and every content text.
    fn show_language(&self, content: &Rc<Content>, lang: &str) {
        // Dutch is the source language of the UI strings: select "" for it.
        let bundle = if lang == "nl" { "" } else { lang };
        if slint::select_bundled_translation(bundle).is_err() {
            let _ = slint::select_bundled_translation("");
        }
        let rtl = content.language(lang).is_some_and(|l| l.rtl);
        self.app.global::<ui::Theme>().set_is_rtl(rtl);

        let app = self.app.global::<ui::AppAdapter>();
        app.set_language(lang.into());
        app.set_language_name(
            content
                .language(lang)
                .map(|l| l.name.clone())
                .unwrap_or_default()
                .into(),
        );
        app.set_example_content(content.example);
        let langs: Vec<ui::LanguageOption> = content
            .languages
            .iter()
            .map(|l| ui::LanguageOption {
                code: l.code.clone().into(),
                name: l.name.clone().into(),
            })
            .collect();
        app.set_languages(ModelRc::new(VecModel::from(langs)));

        let mut greetings: Vec<String> = Vec::new();
        for l in &content.languages {
            let g = content.greeting.get(&l.code).to_string();
            if !g.is_empty() && !greetings.contains(&g) {
                greetings.push(g);
            }
        }
        self.app
            .global::<ui::AttractAdapter>()
            .set_greetings(string_model(greetings));

        let cards: Vec<ui::StoryCard> = content
            .stories
            .iter()
            .map(|s| self.story_card(content, s, lang))
            .collect();
        self.app
            .global::<ui::StoriesAdapter>()
            .set_stories(ModelRc::new(VecModel::from(cards)));
        let options: Vec<ui::HelpCard> = content.help.iter().map(|o| self.help_card(content, o, lang)).collect();
        self.app
            .global::<ui::HelpAdapter>()
            .set_options(ModelRc::new(VecModel::from(options)));
        *self.shown_language.borrow_mut() = Some(lang.to_string());
    }

    fn story_card(&self, content: &Content, story: &crate::content::Story, lang: &str) -> ui::StoryCard {
        ui::StoryCard {
            name: story.name.get(lang).into(),
            quote: story.quote.get(lang).into(),
            photo: self.image(&content.source, &story.photo),
        }
    }

    fn help_card(&self, content: &Content, option: &crate::content::HelpOption, lang: &str) -> ui::HelpCard {
        ui::HelpCard {
            kind: format!("{:?}", option.kind).to_lowercase().into(),
            name: option.name.get(lang).into(),
            what: option.what.get(lang).into(),
            when: option.when.get(lang).into(),
            cost: option.cost.get(lang).into(),
            photo: self.image(&content.source, &option.photo),
            contact: option.show.clone().into(),
        }
    }

    /// Loads a content image once; a broken image shows as nothing, never as a crash.
    fn image(&self, source: &Source, rel: &str) -> Image {
        if let Some(img) = self.images.borrow().get(rel) {
            return img.clone();
        }
        let img = load_image(source, rel).unwrap_or_else(|e| {
            eprintln!("rookvrij-kiosk: afbeelding {rel}: {e}");
            Image::default()
        });
        self.images.borrow_mut().insert(rel.to_string(), img.clone());
        img
    }

    fn wheel_pixels(&self) -> u32 {
        let size = self.app.window().size();
        let scale = self.app.window().scale_factor().max(0.1);
        // The wheel takes at most 80% of the short side; draw it at screen resolution.
        let short = size.width.min(size.height) as f32;
        ((short * 0.8).max(64.0 * scale)) as u32
    }

    fn draw_wheel<A>(&self, content: &Content)
    where
        A: WheelImage,
    {
        let pixels = self.wheel_pixels();
        let mut view = self.wheel.borrow_mut();
        if view.painter.as_ref().map(WheelPainter::size) != Some(pixels.clamp(16, 4096)) {
            view.painter = Some(WheelPainter::new(pixels));
        }
        let colors: Vec<[u8; 3]> = content.topics.iter().map(|t| t.color).collect();
        let Some(painter) = view.painter.as_ref() else { return };
        let img = to_image(&painter.draw(&colors, view.rotation));
        A::set(&self.app, img);
    }

    fn start_attract(self: &Rc<Self>, content: &Rc<Content>) {
        self.draw_wheel::<ui::AttractAdapter>(content);
        if self.attract.running() {
            return;
        }
        let w = Rc::downgrade(self);
        let content = content.clone();
        self.attract.start(slint::TimerMode::Repeated, ATTRACT_FRAME, move || {
            if let Some(k) = w.upgrade() {
                k.wheel.borrow_mut().rotation += ATTRACT_TURN_PER_SECOND * ATTRACT_FRAME.as_secs_f32();
                k.draw_wheel::<ui::AttractAdapter>(&content);
            }
        });
    }
}

/// The two places a wheel image goes.
trait WheelImage {
    fn set(app: &ui::App, img: Image);
}

impl WheelImage for ui::AttractAdapter<'_> {
    fn set(app: &ui::App, img: Image) {
        app.global::<ui::AttractAdapter>().set_wheel(img);
    }
}

impl WheelImage for ui::WheelAdapter<'_> {
    fn set(app: &ui::App, img: Image) {
        app.global::<ui::WheelAdapter>().set_wheel(img);
    }
}

/// Eight pixels a module: crisp when Slint scales it (pixelated) to its place.
fn qr_image(link: &str) -> Image {
    let Some(qr) = crate::qr::encode(link, 8) else {
        return Image::default();
    };
    let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(qr.size, qr.size);
    for (dst, &v) in buffer.make_mut_slice().iter_mut().zip(&qr.pixels) {
        *dst = Rgba8Pixel {
            r: v,
            g: v,
            b: v,
            a: 255,
        };
    }
    Image::from_rgba8(buffer)
}

fn to_image(rgba: &wheel::Rgba) -> Image {
    let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(rgba.width, rgba.height);
    for (dst, src) in buffer.make_mut_slice().iter_mut().zip(&rgba.pixels) {
        *dst = Rgba8Pixel {
            r: src[0],
            g: src[1],
            b: src[2],
            a: src[3],
        };
    }
    Image::from_rgba8(buffer)
}

pub fn load_image(source: &Source, rel: &str) -> Result<Image, String> {
    if let Some(path) = source.file_path(rel) {
        return Image::load_from_path(&path).map_err(|e| format!("{e}"));
    }
    let bytes = source.read(rel).map_err(|e| e.to_string())?;
    if rel.to_ascii_lowercase().ends_with(".svg") {
        Image::load_from_svg_data(&bytes).map_err(|e| format!("{e}"))
    } else {
        decode_png(&bytes).map(Image::from_rgba8)
    }
}

fn decode_png(bytes: &[u8]) -> Result<SharedPixelBuffer<Rgba8Pixel>, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(
        png::Transformations::EXPAND | png::Transformations::STRIP_16 | png::Transformations::ALPHA,
    );
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("afbeelding te groot")?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let mut out = SharedPixelBuffer::<Rgba8Pixel>::new(info.width, info.height);
    let channels = info.color_type.samples();
    for (dst, src) in out.make_mut_slice().iter_mut().zip(buf.chunks(channels)) {
        *dst = match src {
            [g, a] => Rgba8Pixel {
                r: *g,
                g: *g,
                b: *g,
                a: *a,
            },
            [r, g, b, a] => Rgba8Pixel {
                r: *r,
                g: *g,
                b: *b,
                a: *a,
            },
            _ => Rgba8Pixel { r: 0, g: 0, b: 0, a: 0 },
        };
    }
    Ok(out)
}

/// Paragraphs are separated by an empty line in the content.
pub fn paragraphs(text: &Text, lang: &str) -> Vec<String> {
    text.get(lang)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn string_model(items: Vec<String>) -> ModelRc<SharedString> {
    ModelRc::new(VecModel::from(
        items.into_iter().map(SharedString::from).collect::<Vec<_>>(),
    ))
}

fn int_model(items: &[u32]) -> ModelRc<i32> {
    let current: Vec<i32> = items.iter().map(|&n| n as i32).collect();
    ModelRc::new(VecModel::from(current))
}

pub fn screen_to_ui(s: controller::Screen) -> ui::Screen {
    use controller::Screen as S;
    match s {
        S::Attract => ui::Screen::Attract,
        S::Home => ui::Screen::Home,
        S::Wheel => ui::Screen::Wheel,
        S::WheelResult => ui::Screen::WheelResult,
        S::Quiz => ui::Screen::Quiz,
        S::QuizResult => ui::Screen::QuizResult,
        S::Stories => ui::Screen::Stories,
        S::Story => ui::Screen::Story,
        S::Interest => ui::Screen::Interest,
        S::Help => ui::Screen::Help,
        S::HelpContact => ui::Screen::HelpContact,
    }
}

fn activity_from_ui(a: ui::Activity) -> Activity {
    match a {
        ui::Activity::Wheel => Activity::Wheel,
        ui::Activity::Quiz => Activity::Quiz,
        ui::Activity::Stories => Activity::Stories,
        ui::Activity::Help => Activity::Help,
    }
}
