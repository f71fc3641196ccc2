//! The command line (docs/CLI.md): parses arguments, calls the library, turns errors
//! into a plain message and an exit code: 0 success, 2 bad input, 1 anything else.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use clap::{Parser, Subcommand};

use crate::clock::{SystemClock, TimeKeeper};
use crate::config::Config;
use crate::content::{self, Content};
use crate::controller::Controller;
use crate::report::{self, ReportSource};
use crate::store::{Store, StoreOptions};
use crate::team::TeamSettings;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAIL: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;

#[derive(Parser)]
#[command(
    name = "rookvrij-kiosk",
    version,
    about = "Kiosk voor Rookvrij Leven voor Iedereen: babbelschijf, peukenpot, verhalen en stophulp"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(clap::Args, Clone, Default)]
struct RunArgs {
    /// Content folder (default: the demo content built in)
    #[arg(long, global = false)]
    content: Option<PathBuf>,
    /// Folder for the counts (default: a per-user data folder)
    #[arg(long)]
    data: Option<PathBuf>,
    /// kiosk.toml with this kiosk's settings
    #[arg(long)]
    config: Option<PathBuf>,
    /// Full screen (on the kiosk image)
    #[arg(long)]
    fullscreen: bool,
    /// The window's size in pixels, WxH (for measuring a screen size
    /// under a display without a window manager, as `bench` does)
    #[arg(long, value_parser = parse_size, hide = true)]
    window: Option<(u32, u32)>,
    /// Keep copies of the last good content and kiosk.toml in this folder and
    /// fall back to them when the team's are broken (the kiosk image)
    #[arg(long)]
    last_good: Option<PathBuf>,
    /// When the team sets the time, also set the system clock and the
    /// battery clock (the kiosk image; needs CAP_SYS_TIME)
    #[arg(long)]
    set_system_clock: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Start the kiosk
    Run(RunArgs),
    /// Check a content folder and say, per file and line, what is wrong
    CheckContent { dir: PathBuf },
    /// The content a team loads onto this kiosk: import, export, rollback
    #[command(subcommand)]
    Content(ContentCommand),
    /// Render every screen to PNG, headless
    Preview {
        #[arg(long)]
        content: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// Languages, comma separated (default: all of the content)
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Sizes WxH, comma separated (default: 800x480, 1280x800, 720x1280, 1920x1080)
        #[arg(long, value_delimiter = ',', value_parser = parse_size)]
        size: Vec<(u32, u32)>,
        /// Screens, comma separated (default: all)
        #[arg(long, value_delimiter = ',')]
        screen: Vec<String>,
        #[arg(long)]
        config: Option<PathBuf>,
        /// A kiosk's data folder: its photos already fitted to the screen are
        /// used (and new ones kept), its counts shown on the team screens
        #[arg(long)]
        data: Option<PathBuf>,
        /// Show --content as it is, not what the data folder loaded (the
        /// *Inhoud* tab's preview of a folder on a stick)
        #[arg(long, hide = true)]
        as_is: bool,
    },
    /// Play random visits through the controller into a data folder
    Simulate {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        visits: u64,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long)]
        content: Option<PathBuf>,
        #[arg(long)]
        kiosk_id: Option<String>,
        #[arg(long)]
        vindplaats: Option<String>,
        /// First hour, YYYY-MM-DDTHH (default: now)
        #[arg(long, value_parser = parse_hour)]
        start: Option<chrono::NaiveDateTime>,
        #[arg(long, default_value_t = 1)]
        hours: u32,
        /// Test only: synchronous=NORMAL, to show that the power-cut test catches loss
        #[arg(long, hide = true)]
        unsafe_sync: bool,
    },
    /// Measure this machine: startup, frame times, memory (prints JSON)
    Bench {
        /// Sizes WxH, comma separated (default: 800x480, 1280x800, 720x1280, 1920x1080)
        #[arg(long, value_delimiter = ',', value_parser = parse_size)]
        size: Vec<(u32, u32)>,
        /// Wheel-spin frames measured at each size
        #[arg(long, default_value_t = 600)]
        frames: u32,
        /// Spins played to watch memory
        #[arg(long, default_value_t = 1000)]
        spins: u32,
        #[arg(long)]
        content: Option<PathBuf>,
        /// Instead: time loading a team-size content folder (about 40 MB,
        /// made here) as `content import` and as the team side's *Inhoud* tab do it
        #[arg(long)]
        content_load: bool,
        /// Instead: time the real `run` from exec to its first frame, on the
        /// demo and on a team-size content made here, under the display or Xvfb
        #[arg(long)]
        startup: bool,
        /// Instead: the real `run` left on its attract screen; its CPU time
        /// over this many seconds, as a share of one core
        #[arg(long)]
        attract_cpu: Option<u64>,
        /// Instead: time `report` over this many generated kiosks
        #[arg(long)]
        report_kiosks: Option<usize>,
        /// Days of counts per generated kiosk
        #[arg(long, default_value_t = 365)]
        report_days: u32,
        /// Where the generated kiosks are kept (reused when there); default: a temporary folder
        #[arg(long)]
        report_dir: Option<PathBuf>,
        /// Where the tap-commit timing writes its test database: a folder on
        /// the disk the counts live on (on the kiosk image: the data
        /// partition), since /tmp may be memory; default: the temporary folder
        #[arg(long)]
        tap_dir: Option<PathBuf>,
    },
    /// On the kiosk image, before the kiosk starts: write the rotation from
    /// kiosk.toml as environment files for the display (kiosk.env) and for
    /// udev's touch calibration (touch.env)
    #[command(hide = true)]
    ImageEnv {
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        last_good: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// For the power-cut tests: saves one team change after another in
    /// DATA/team.toml the way the team screen does (places, jar, switches),
    /// printing `ack N` after each is safely on disk
    #[command(hide = true)]
    TeamChanges {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value_t = 100_000)]
        rounds: u32,
    },
    /// Print the argon2 hash of a team PIN, for `pin_hash` in kiosk.toml
    PinHash {
        /// The PIN (4 to 8 digits); without it, it is read from standard input
        pin: Option<String>,
    },
    /// Write this kiosk's counts as json, csv, xlsx and html into DIR/rookvrij-export
    Export {
        #[arg(long)]
        data: PathBuf,
        /// The folder (a USB stick's mount point); default: the first USB stick mounted
        #[arg(long)]
        to: Option<PathBuf>,
        #[arg(long, default_value = "kiosk")]
        kiosk_id: String,
    },
    /// Merge the counts of kiosks into one report
    Report {
        /// A kiosk's data folder (repeatable)
        #[arg(long)]
        data: Vec<PathBuf>,
        /// An exported JSON file (repeatable)
        #[arg(long = "import")]
        import: Vec<PathBuf>,
        #[arg(long, value_parser = parse_date)]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_parser = parse_date)]
        to: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
    Html,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("\"{s}\" is geen maat; schrijf bijvoorbeeld 1280x800"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\": breedte is geen getal"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("\"{s}\": hoogte is geen getal"))?;
    if !(200..=4096).contains(&w) || !(200..=4096).contains(&h) {
        return Err(format!("\"{s}\": breedte en hoogte moeten tussen 200 en 4096 liggen"));
    }
    Ok((w, h))
}

fn parse_hour(s: &str) -> Result<chrono::NaiveDateTime, String> {
    chrono::NaiveDateTime::parse_from_str(&format!("{s}:00"), "%Y-%m-%dT%H:%M")
        .map_err(|_| format!("\"{s}\" is geen uur; schrijf bijvoorbeeld 2026-11-23T14"))
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is geen datum; schrijf bijvoorbeeld 2026-11-23"))
}

#[derive(Subcommand, Debug)]
enum ContentCommand {
    /// Check a content folder and, when usable, make it the content in use
    /// for the kiosk with this data folder (the previous one is kept)
    Import {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Write the content in use to DIR/rookvrij-inhoud, to edit and import again
    Export {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        to: PathBuf,
        /// The SD card's content folder the kiosk starts with (`run --content`):
        /// used when it changed after the last import
        #[arg(long)]
        content: Option<PathBuf>,
    },
    /// Go back to the content in use before the last import
    Rollback {
        #[arg(long)]
        data: PathBuf,
    },
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_BAD_INPUT } else { EXIT_OK };
        }
    };
    match cli.command {
        None => run(cli.run),
        Some(Command::Run(args)) => run(args),
        Some(Command::CheckContent { dir }) => check_content(&dir),
        Some(Command::Content(c)) => content_command(c),
        Some(Command::ImageEnv { config, last_good, out }) => image_env(&config, &last_good, &out),
        Some(Command::TeamChanges { data, rounds }) => team_changes(&data, rounds),
        Some(Command::PinHash { pin }) => pin_hash(pin),
        Some(Command::Export { data, to, kiosk_id }) => export(&data, to.as_deref(), &kiosk_id),
        Some(Command::Preview {
            content,
            out,
            lang,
            size,
            screen,
            config,
            data,
            as_is,
        }) => preview(
            content.as_deref(),
            &out,
            lang,
            size,
            screen,
            config.as_deref(),
            data,
            as_is,
        ),
        Some(Command::Simulate {
            data,
            visits,
            seed,
            content,
            kiosk_id,
            vindplaats,
            start,
            hours,
            unsafe_sync,
        }) => simulate(
            data,
            visits,
            seed,
            content.as_deref(),
            kiosk_id,
            vindplaats,
            start,
            hours,
            unsafe_sync,
        ),
        Some(Command::Bench { content_load: true, .. }) => bench_json(crate::bench_load::run()),
        Some(Command::Bench { startup: true, .. }) => bench_json(crate::bench_start::run()),
        Some(Command::Bench {
            attract_cpu: Some(seconds),
            ..
        }) => bench_json(crate::bench_start::attract_cpu(seconds)),
        Some(Command::Bench {
            report_kiosks: Some(kiosks),
            report_days,
            report_dir,
            ..
        }) => bench_report(kiosks, report_days, report_dir),
        Some(Command::Bench {
            size,
            frames,
            spins,
            content,
            tap_dir,
            ..
        }) => bench(size, frames, spins, content.as_deref(), tap_dir),
        Some(Command::Report {
            data,
            import,
            from,
            to,
            format,
            out,
        }) => report(data, import, from, to, format, out),
    }
}

fn load_config(path: Option<&Path>) -> Result<Config, i32> {
    match path {
        None => Ok(Config::default()),
        Some(p) => Config::load(p).map_err(|problem| {
            eprintln!("{problem}");
            EXIT_BAD_INPUT
        }),
    }
}

/// Content for commands that cannot run on broken content: any error is exit 2.
fn strict_content(dir: Option<&Path>) -> Result<Content, i32> {
    strict_content_at(dir, content::Depth::Full)
}

fn strict_content_at(dir: Option<&Path>, depth: content::Depth) -> Result<Content, i32> {
    strict_content_known(dir, depth, None)
}

/// [`strict_content_at`], with a data folder's cache of what earlier checks learned.
fn strict_content_known(
    dir: Option<&Path>,
    depth: content::Depth,
    known: Option<rookvrij_core::known::Known>,
) -> Result<Content, i32> {
    let checked = match dir {
        None => return Ok(content::load_or_builtin_at(None, depth).0),
        Some(dir) => content::check_folder_known(dir, depth, known),
    };
    for p in &checked.problems {
        eprintln!("{p}");
    }
    checked.content.ok_or(EXIT_BAD_INPUT)
}

fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("rookvrij-kiosk");
    }
    match std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        Some(home) => PathBuf::from(home).join(".local/share/rookvrij-kiosk"),
        None => PathBuf::from("rookvrij-kiosk-data"),
    }
}

/// Change N of the team's day, whole: N places, a jar of N butts numbered
/// N, and every other N a story switched off. A reader that finds anything
/// else found a mix.
pub fn team_change(n: u32) -> TeamSettings {
    use crate::team::{Off, TodayJar};
    let places: Vec<String> = (1..=n % 7 + 1).map(|i| format!("Plek {i}")).collect();
    TeamSettings {
        vindplaats: places.last().cloned(),
        vindplaatsen: Some(places),
        pot: Some(TodayJar {
            aantal: Some(n % crate::team::today::JAR_MAX + 1),
            vindplaats: "Plek 1".into(),
            datum: "2026-11-28".into(),
            nummer: n,
            inhoud: None,
        }),
        uit: Off {
            verhalen: if n.is_multiple_of(2) {
                vec!["verhaal".into()]
            } else {
                Vec::new()
            },
            ..Off::default()
        },
        ..TeamSettings::default()
    }
}

fn team_changes(data: &Path, rounds: u32) -> i32 {
    for n in 1..=rounds {
        if let Err(e) = team_change(n).save(data) {
            eprintln!("rookvrij-kiosk: {e}");
            return EXIT_FAIL;
        }
        println!("ack {n}");
    }
    EXIT_OK
}

fn pin_hash(pin: Option<String>) -> i32 {
    let pin = match pin {
        Some(p) => p,
        None => {
            let mut line = String::new();
            if let Err(e) = std::io::stdin().read_line(&mut line) {
                eprintln!("pin-hash: kan de pincode niet lezen: {e}");
                return EXIT_FAIL;
            }
            line.trim().to_string()
        }
    };
    match crate::team::pin::hash_pin(&pin) {
        Ok(hash) => {
            println!("pin_hash = \"{hash}\"");
            EXIT_OK
        }
        Err(e @ crate::team::pin::PinError::Format) => {
            eprintln!("pin-hash: {e}");
            EXIT_BAD_INPUT
        }
        Err(e) => {
            eprintln!("pin-hash: {e}");
            EXIT_FAIL
        }
    }
}

fn export(data: &Path, to: Option<&Path>, kiosk_id: &str) -> i32 {
    use crate::team::ExportError;
    if !crate::config::is_plain_name(kiosk_id) {
        eprintln!("export: --kiosk-id mag alleen letters, cijfers, - en _ bevatten");
        return EXIT_BAD_INPUT;
    }
    let day = chrono::Local::now().format("%Y-%m-%d").to_string();
    let result = crate::team::export::find_target(to)
        .and_then(|target| crate::team::export::export(data, &target, kiosk_id, &day));
    match result {
        Ok(done) => {
            for (name, bytes) in &done.files {
                println!("{}\t{bytes}", done.dir.join(name).display());
            }
            println!("{} rijen", done.rows);
            EXIT_OK
        }
        Err(e) => {
            eprintln!("export: {e}");
            match e {
                ExportError::NoStick | ExportError::NothingCounted | ExportError::Read(_) => EXIT_BAD_INPUT,
                _ => EXIT_FAIL,
            }
        }
    }
}

fn run(args: RunArgs) -> i32 {
    let mut fallbacks: Vec<String> = Vec::new();
    let mut config = match (&args.last_good, &args.config) {
        (Some(keep), Some(file)) => {
            let chosen = crate::image::LastGood::new(keep).config(file);
            for p in &chosen.problems {
                eprintln!("{p}");
            }
            fallbacks.extend(chosen.problems.iter().map(|p| p.to_string()));
            fallbacks.extend(chosen.note);
            chosen.value
        }
        _ => match load_config(args.config.as_deref()) {
            Ok(c) => c,
            Err(code) => return code,
        },
    };
    // Content a team loaded onto the kiosk wins over the SD card's folder
    // until that folder changes (see `shelf`).
    let data = args.data.clone().unwrap_or_else(default_data_dir);
    let imported = crate::shelf::Shelf::in_data(&data).chosen(args.content.as_deref());
    let (content, problems) = match (&args.last_good, &args.content) {
        _ if imported.is_some() => content::load_or_builtin_known(
            imported.as_deref(),
            content::Depth::Quick,
            Some(rookvrij_core::known::Known::in_data(&data)),
        ),
        (Some(keep), Some(dir)) => {
            let chosen = crate::image::LastGood::new(keep).content(dir);
            fallbacks.extend(chosen.note);
            (chosen.value, chosen.problems)
        }
        // Recordings are only probed here (or known from an earlier check,
        // by their hash): counting starts at once.
        _ => content::load_or_builtin_known(
            args.content.as_deref(),
            content::Depth::Quick,
            Some(rookvrij_core::known::Known::in_data(&data)),
        ),
    };
    if !problems.is_empty() {
        eprintln!("rookvrij-kiosk: de inhoud heeft problemen (zie check-content):");
        for p in &problems {
            eprintln!("  {p}");
        }
        if args.content.is_some() && matches!(content.source, content::Source::Builtin) {
            eprintln!("rookvrij-kiosk: de kiosk draait op de ingebouwde voorbeeldinhoud");
        }
    }
    for f in &fallbacks {
        eprintln!("rookvrij-kiosk: {f}");
    }
    if std::env::var_os("SLINT_BACKEND").is_none()
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        eprintln!(
            "rookvrij-kiosk: geen beeldscherm gevonden (DISPLAY en WAYLAND_DISPLAY zijn leeg). \
             Start de kiosk op een bureaublad, of zet SLINT_BACKEND=linuxkms op het kioskapparaat. \
             Voor plaatjes zonder scherm: rookvrij-kiosk preview."
        );
        return EXIT_FAIL;
    }
    // The writer opens the database on its own thread: the first frame does
    // not wait for the disk (taps made before wait in memory for it).
    let store = std::sync::Arc::new(Store::start(&data, StoreOptions::default()));
    let last_store = store.clone();
    // What the team chose on the team screen, laid over kiosk.toml.
    let notes = fallbacks
        .into_iter()
        .chain(problems.iter().map(|p| p.to_string()))
        .collect();
    let mut desk = crate::controllers::TeamDesk::load(&data, &mut config, store.clone(), notes);
    desk.content_dir = args.content.clone();
    // The *Inhoud* tab draws a checked folder's screens with this program's `preview`.
    desk.program = std::env::current_exe().ok();
    // The clock is checked against the newest hour already counted.
    let clock = if args.set_system_clock {
        SystemClock::setting_system()
    } else {
        SystemClock::default()
    };
    let time = TimeKeeper::guarded(Box::new(clock), crate::store::newest_hour(&data).as_deref());
    if !time.plausible() {
        eprintln!(
            "rookvrij-kiosk: de klok staat niet goed ({}); tellingen worden bewaard zonder datum tot het team de tijd zet",
            time.now().format("%d-%m-%Y %H:%M")
        );
    }
    // The operating system's randomness seeds the wheel and the quiz. Should
    // it fail (it does not on Linux), the wheel is still fair, only foreseeable.
    let seed = getrandom::u64().unwrap_or(0x005e_ed0f_7157);
    // Sound on its own thread; without a sound device the kiosk stays silent.
    let audio = crate::audio::Audio::start(config.volume);
    let controller = Controller::new(Rc::new(content), config, Box::new(store), time, seed);
    let restart = Rc::new(std::cell::Cell::new(false));
    desk.restart = Some(Box::new({
        let restart = restart.clone();
        move || {
            restart.set(true);
            let _ = slint::quit_event_loop();
        }
    }));
    let kiosk = match crate::controllers::Kiosk::with_team(controller, audio, desk) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("rookvrij-kiosk: kan geen venster openen: {e}");
            return EXIT_FAIL;
        }
    };
    // The chart of today's guesses survives a restart (read on a worker).
    kiosk.seed_todays_guesses(&data);
    // The recordings were only probed: the full check follows the first frame.
    let shown_dir = imported
        .clone()
        .or(args.content.clone().filter(|_| args.last_good.is_none()));
    if let (Some(dir), content::Source::Folder(_)) = (shown_dir, &kiosk.controller().content().source) {
        kiosk.check_content_later(dir);
    }
    use slint::ComponentHandle;
    if args.fullscreen {
        kiosk.app().window().set_fullscreen(true);
    }
    if let Some((w, h)) = args.window {
        kiosk.app().window().set_size(slint::PhysicalSize::new(w, h));
    }
    // For measuring the start (BENCHMARKS.md): says when the first frame was drawn.
    if std::env::var_os("ROOKVRIJ_SAY_FIRST_FRAME").is_some() {
        let said = std::cell::Cell::new(false);
        let notified = kiosk.app().window().set_rendering_notifier(move |state, _| {
            if matches!(state, slint::RenderingState::AfterRendering) && !said.replace(true) {
                eprintln!(
                    "rookvrij-kiosk: eerste beeld na {:.0} ms",
                    crate::bench::process_age_ms()
                );
            }
        });
        if notified.is_err() {
            slint::Timer::single_shot(std::time::Duration::ZERO, || {
                eprintln!(
                    "rookvrij-kiosk: eerste beeld na {:.0} ms",
                    crate::bench::process_age_ms()
                );
            });
        }
    }
    let result = kiosk.app().run();
    // Every count is written before the kiosk stops or starts again (a job
    // still on a worker may hold the store a moment longer: flush it here).
    drop(kiosk);
    if !last_store.flush(std::time::Duration::from_secs(10)) {
        eprintln!("rookvrij-kiosk: niet alle tikken konden worden bewaard voor het stoppen");
    }
    drop(last_store);
    match result {
        Ok(()) if restart.get() => restart_self(),
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("rookvrij-kiosk: {e}");
            EXIT_FAIL
        }
    }
}

fn image_env(config: &Path, last_good: &Path, out: &Path) -> i32 {
    // Read only: the kiosk itself keeps the copy when it starts.
    let chosen = crate::image::LastGood::new(last_good).read_config(config);
    for p in &chosen.problems {
        eprintln!("{p}");
    }
    let config = chosen.value;
    let rotation = config.rotation;
    let write = |name: &str, text: String| crate::atomic_file::write(&out.join(name), text.as_bytes());
    let written = write("kiosk.env", crate::image::display_env(rotation, &config.renderer))
        .and_then(|()| write("touch.env", crate::image::touch_env(rotation)));
    match written {
        Ok(()) => {
            println!("rotation {rotation}, renderer {}", config.renderer);
            EXIT_OK
        }
        Err(e) => {
            eprintln!("image-env: kan niet schrijven in {}: {e}", out.display());
            EXIT_FAIL
        }
    }
}

/// The team pressed *Herstarten*: the same program with the same arguments.
fn restart_self() -> i32 {
    use std::os::unix::process::CommandExt;
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("rookvrij-kiosk: herstarten lukt niet: {e}");
            return EXIT_FAIL;
        }
    };
    let e = std::process::Command::new(exe).args(std::env::args_os().skip(1)).exec();
    eprintln!("rookvrij-kiosk: herstarten lukt niet: {e}");
    EXIT_FAIL
}

fn check_content(dir: &Path) -> i32 {
    if !dir.is_dir() {
        eprintln!("{}: fout: deze map bestaat niet", dir.display());
        return EXIT_BAD_INPUT;
    }
    let checked = content::check_folder(dir);
    for p in &checked.problems {
        println!("{p}");
    }
    // The team's own notes: shown here, never on the kiosk.
    for n in &checked.notes {
        println!("{n}");
    }
    if checked.has_errors() {
        EXIT_BAD_INPUT
    } else {
        let warnings = checked.problems.len();
        eprintln!(
            "De inhoud is in orde{}.",
            if warnings > 0 {
                format!(" ({warnings} waarschuwing(en))")
            } else {
                String::new()
            }
        );
        EXIT_OK
    }
}

fn content_command(c: ContentCommand) -> i32 {
    use crate::shelf::{Shelf, ShelfError};
    let failed = |e: &ShelfError| {
        eprintln!("rookvrij-kiosk: {e}");
        match e {
            ShelfError::Problems(problems) => {
                for p in problems {
                    eprintln!("  {p}");
                }
                EXIT_BAD_INPUT
            }
            ShelfError::NoFolder(_) | ShelfError::Refused(_) | ShelfError::NothingBefore => EXIT_BAD_INPUT,
            _ => EXIT_FAIL,
        }
    };
    match c {
        ContentCommand::Import { from, data } => {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            match Shelf::in_data(&data).load(&from, &today) {
                Ok(loaded) => {
                    for w in &loaded.warnings {
                        println!("{w}");
                    }
                    println!(
                        "De inhoud uit {} is in gebruik ({} bestanden, {:.1} MB). De vorige inhoud is bewaard: rookvrij-kiosk content rollback zet die terug.",
                        from.display(),
                        loaded.files,
                        loaded.bytes as f64 / 1_048_576.0
                    );
                    EXIT_OK
                }
                Err(e) => failed(&e),
            }
        }
        ContentCommand::Export { data, to, content } => {
            let from = Shelf::in_data(&data).chosen(content.as_deref()).or(content);
            match crate::shelf::export(from.as_deref(), &to) {
                Ok(dir) => {
                    println!("De inhoud in gebruik staat in {}.", dir.display());
                    // The studio beside it, when this kiosk has one.
                    match crate::shelf::studio_folder().map(|s| crate::shelf::export_studio(&s, &to)) {
                        Some(Ok(studio)) => {
                            println!(
                                "De studio staat in {}: open index.html in Edge, Chrome of Firefox.",
                                studio.display()
                            );
                            EXIT_OK
                        }
                        Some(Err(e)) => failed(&e),
                        None => EXIT_OK,
                    }
                }
                Err(e) => failed(&e),
            }
        }
        ContentCommand::Rollback { data } => match Shelf::in_data(&data).back() {
            Ok(Some(n)) => {
                let origin = Shelf::in_data(&data).origin(n);
                println!(
                    "De vorige inhoud is weer in gebruik{}.",
                    origin
                        .map(|o| format!(" (uit {}, {})", o.van, o.datum))
                        .unwrap_or_default()
                );
                EXIT_OK
            }
            Ok(None) => {
                println!("De kiosk gebruikt weer de inhoud van de SD-kaart (of de ingebouwde voorbeeldinhoud).");
                EXIT_OK
            }
            Err(e) => failed(&e),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn preview(
    content_dir: Option<&Path>,
    out: &Path,
    langs: Vec<String>,
    sizes: Vec<(u32, u32)>,
    screens: Vec<String>,
    config: Option<&Path>,
    data: Option<PathBuf>,
    as_is: bool,
) -> i32 {
    let config = match load_config(config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let known = data.as_deref().map(rookvrij_core::known::Known::in_data);
    // A kiosk's data folder: what was imported there, by the same rule as `run`.
    let imported = data
        .as_deref()
        .filter(|_| !as_is)
        .and_then(|d| crate::shelf::Shelf::in_data(d).chosen(content_dir));
    let content_dir = imported.as_deref().or(content_dir);
    let content = match strict_content_known(content_dir, content::Depth::Full, known) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let languages = if langs.is_empty() {
        content.languages.iter().map(|l| l.code.clone()).collect()
    } else {
        langs
    };
    let sizes = if sizes.is_empty() {
        crate::preview::SIZES.to_vec()
    } else {
        sizes
    };
    let screens = if screens.is_empty() {
        crate::preview::SCREENS.iter().map(|s| s.to_string()).collect()
    } else {
        screens
    };
    let request = crate::preview::PreviewRequest {
        content,
        config,
        out,
        languages,
        sizes,
        screens,
        data,
    };
    match crate::preview::run(request) {
        Ok(files) => {
            println!("{} plaatjes geschreven in {}", files.len(), out.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("rookvrij-kiosk preview: {e}");
            if e.is_bad_input() { EXIT_BAD_INPUT } else { EXIT_FAIL }
        }
    }
}

fn bench(sizes: Vec<(u32, u32)>, frames: u32, spins: u32, content_dir: Option<&Path>, tap_dir: Option<PathBuf>) -> i32 {
    let content = match strict_content(content_dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let sizes = if sizes.is_empty() {
        vec![(800, 480), (1280, 800), (720, 1280), (1920, 1080)]
    } else {
        sizes
    };
    let request = crate::bench::BenchRequest {
        content,
        sizes,
        frames: frames.max(1),
        spins,
        tap_dir,
        content_dir: content_dir.map(Path::to_path_buf),
    };
    match crate::bench::run(request) {
        Ok(result) => match serde_json::to_string_pretty(&result) {
            Ok(json) => {
                println!("{json}");
                EXIT_OK
            }
            Err(e) => {
                eprintln!("rookvrij-kiosk bench: {e}");
                EXIT_FAIL
            }
        },
        Err(e) => {
            eprintln!("rookvrij-kiosk bench: {e}");
            EXIT_FAIL
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn simulate(
    data: PathBuf,
    visits: u64,
    seed: u64,
    content_dir: Option<&Path>,
    kiosk_id: Option<String>,
    vindplaats: Option<String>,
    start: Option<chrono::NaiveDateTime>,
    hours: u32,
    unsafe_sync: bool,
) -> i32 {
    // Recordings are only probed: counting starts at once.
    let content = match strict_content_at(content_dir, content::Depth::Quick) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut config = Config::default();
    if let Some(id) = kiosk_id {
        if !crate::config::is_plain_name(&id) {
            eprintln!("--kiosk-id \"{id}\": alleen letters, cijfers, - en _ (1 tot 40 tekens)");
            return EXIT_BAD_INPUT;
        }
        config.kiosk_id = id;
    }
    if let Some(v) = vindplaats {
        if v.trim().is_empty() || v.chars().count() > 60 {
            eprintln!("--vindplaats: een naam van 1 tot 60 tekens");
            return EXIT_BAD_INPUT;
        }
        config.vindplaats = v;
    }
    if hours == 0 || hours > 24 * 366 * 5 {
        eprintln!("--hours: tussen 1 en {} uur", 24 * 366 * 5);
        return EXIT_BAD_INPUT;
    }
    let start = start.unwrap_or_else(|| {
        use chrono::Timelike;
        let now = chrono::Local::now().naive_local();
        now.date().and_hms_opt(now.hour(), 0, 0).unwrap_or(now)
    });
    let request = crate::simulate::SimulateRequest {
        data,
        visits,
        seed,
        content,
        config,
        start,
        hours,
        unsafe_sync,
    };
    match crate::simulate::run(request) {
        Ok(_) => EXIT_OK,
        Err(e) => {
            eprintln!("rookvrij-kiosk simulate: {e}");
            EXIT_FAIL
        }
    }
}

fn bench_report(kiosks: usize, days: u32, dir: Option<PathBuf>) -> i32 {
    let temp;
    let dir = match dir {
        Some(d) => d,
        None => match tempfile::tempdir() {
            Ok(t) => {
                temp = t;
                temp.path().to_path_buf()
            }
            Err(e) => {
                eprintln!("bench: geen tijdelijke map: {e}");
                return EXIT_FAIL;
            }
        },
    };
    let result = report::bench::generate(&dir.join("kiosks"), kiosks, days)
        .and_then(|folders| report::bench::measure(&folders, &dir, days));
    bench_json(result)
}

/// A benchmark's figures as JSON on standard output, or its problem.
fn bench_json(result: Result<impl serde::Serialize, String>) -> i32 {
    match result {
        Ok(r) => {
            println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("bench: {e}");
            EXIT_FAIL
        }
    }
}

fn report(
    data: Vec<PathBuf>,
    import: Vec<PathBuf>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    format: Format,
    out: Option<PathBuf>,
) -> i32 {
    let mut sources: Vec<ReportSource> = data.into_iter().map(ReportSource::Data).collect();
    sources.extend(import.into_iter().map(ReportSource::Import));
    if sources.is_empty() {
        eprintln!("report: geef minstens één --data MAP of --import BESTAND");
        return EXIT_BAD_INPUT;
    }
    let report = match report::collect(&sources, from, to) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_BAD_INPUT;
        }
    };
    if matches!(format, Format::Xlsx) && out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        eprintln!("report: een Excel-bestand schrijf je met --out BESTAND.xlsx");
        return EXIT_BAD_INPUT;
    }
    let write = |w: &mut dyn std::io::Write| -> Result<(), report::ReportError> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        match format {
            Format::Table => report::write_table(&report, &mut w),
            Format::Csv => report::write_csv(&report, &mut w).map(|_| ()),
            Format::Json => report::write_json(&report, &mut w).map(|_| ()),
            Format::Xlsx => report::write_xlsx(&report, &mut w).map(|_| ()),
            Format::Html => report::write_html(&report, &mut w),
        }
    };
    let result = match &out {
        None => write(&mut std::io::stdout().lock()),
        Some(path) => match std::fs::File::create(path) {
            Ok(mut f) => write(&mut f),
            Err(e) => {
                eprintln!("report: kan {} niet schrijven: {e}", path.display());
                return EXIT_FAIL;
            }
        },
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("report: {e}");
            EXIT_FAIL
        }
    }
}
