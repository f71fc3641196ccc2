//! Photos as a team takes them on its phones, made here by Debian's
//! ImageMagick and exiftool (installed by `./dev test`), through the real
//! binary: shown upright on the story screen, refused with file:line when
//! broken, warned about when too small, and learned once.

use std::path::Path;
use std::process::Command;

mod folders;

use folders::{demo_copy as content_copy, replace, tool};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
}

fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// A phone's portrait photo: stored sideways (magenta left, cyan right) with
/// EXIF orientation 6, as phones store it. Upright it is magenta above cyan.
fn sideways_portrait(path: &Path) {
    let p = path.to_string_lossy();
    tool(
        "convert",
        &[
            "-size",
            "400x600",
            "xc:#f000f0",
            "-size",
            "400x600",
            "xc:#00f0f0",
            "+append",
            "-quality",
            "92",
            &p,
        ],
    );
    tool("exiftool", &["-q", "-overwrite_original", "-Orientation=6", "-n", &p]);
}

fn is(pixel: &[u8], rgb: [u8; 3]) -> bool {
    pixel.iter().zip(rgb).all(|(a, b)| (*a as i32 - b as i32).abs() < 40)
}

#[test]
fn a_portrait_photo_from_a_phone_shows_upright_on_the_story_screen() {
    let content = content_copy();
    sideways_portrait(&content.path().join("images/ria.jpg"));
    replace(content.path(), "stories.toml", "images/story-ria.svg", "images/ria.jpg");
    let out = tempfile::tempdir().unwrap();
    let run = bin()
        .args([
            "preview",
            "--screen",
            "story",
            "--lang",
            "nl",
            "--size",
            "1920x1080",
            "--content",
        ])
        .arg(content.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let png = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a preview PNG");
    let shot = image::open(&png).unwrap().into_rgb8();
    let (mut magenta, mut cyan) = (Vec::new(), Vec::new());
    for (x, y, p) in shot.enumerate_pixels() {
        if is(&p.0, [240, 0, 240]) {
            magenta.push((x, y));
        } else if is(&p.0, [0, 240, 240]) {
            cyan.push((x, y));
        }
    }
    assert!(
        magenta.len() > 10_000 && cyan.len() > 10_000,
        "the photo is shown: {} {}",
        magenta.len(),
        cyan.len()
    );
    let bounds = |v: &[(u32, u32)]| {
        let xs = v.iter().map(|p| p.0);
        let ys = v.iter().map(|p| p.1);
        (
            xs.clone().min().unwrap(),
            xs.max().unwrap(),
            ys.clone().min().unwrap(),
            ys.max().unwrap(),
        )
    };
    let (m, c) = (bounds(&magenta), bounds(&cyan));
    assert!(m.3 <= c.2 + 2, "magenta above cyan (upright): {m:?} {c:?}");
    assert!(m.1 - m.0 > m.3 - m.2, "each half is wider than tall, as upright: {m:?}");
}

/// A PNG that says it is 30000x30000 pixels (900 megapixel), 2.7 MB of
/// zeros compressed: streamed by the png crate.
fn png_bomb(path: &Path) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut encoder = png::Encoder::new(file, 30_000, 30_000);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let row = vec![0u8; 30_000 / 8];
    for _ in 0..30_000 {
        std::io::Write::write_all(&mut stream, &row).unwrap();
    }
    stream.finish().unwrap();
}

#[test]
fn check_content_refuses_a_cut_off_photo_and_a_png_bomb_at_their_lines_and_warns_about_a_small_one() {
    let content = content_copy();
    let dir = content.path();
    // A photo-like JPEG, cut off halfway as a broken copy leaves it.
    let whole = dir.join("images/whole.jpg");
    tool(
        "convert",
        &[
            "-size",
            "1600x1200",
            "plasma:fractal",
            "-quality",
            "90",
            &whole.to_string_lossy(),
        ],
    );
    let bytes = std::fs::read(&whole).unwrap();
    std::fs::write(dir.join("images/cut.jpg"), &bytes[..bytes.len() / 2]).unwrap();
    png_bomb(&dir.join("images/bomb.png"));
    // A photo saved from a chat: 240x180.
    tool(
        "convert",
        &[
            "-size",
            "240x180",
            "plasma:fractal",
            &dir.join("images/small.jpg").to_string_lossy(),
        ],
    );
    replace(dir, "stories.toml", "images/story-ria.svg", "images/cut.jpg");
    replace(dir, "stories.toml", "images/story-hasan.svg", "images/bomb.png");
    replace(dir, "stories.toml", "images/story-samira.svg", "images/small.jpg");
    let out = bin().arg("check-content").arg(dir).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    let cut = line_of(dir, "stories.toml", "images/cut.jpg");
    let bomb = line_of(dir, "stories.toml", "images/bomb.png");
    let small = line_of(dir, "stories.toml", "images/small.jpg");
    let said = |line: usize, words: &str| {
        text.lines()
            .any(|l| l.contains(&format!("stories.toml:{line}")) && l.contains(words))
    };
    assert!(said(cut, "afgebroken"), "cut-off at line {cut}: {text}");
    assert!(said(bomb, "900 megapixel"), "bomb at line {bomb}: {text}");
    assert!(said(small, "wazig"), "small photo warned at line {small}: {text}");
    assert!(!text.contains("unwrap") && !text.contains("panicked"), "{text}");
}

#[test]
fn a_photo_shown_once_is_kept_fitted_in_the_data_folder() {
    let content = content_copy();
    let photo = content.path().join("images/ria.jpg");
    sideways_portrait(&photo);
    replace(content.path(), "stories.toml", "images/story-ria.svg", "images/ria.jpg");
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let preview = || {
        let run = bin()
            .args([
                "preview",
                "--screen",
                "stories",
                "--lang",
                "nl",
                "--size",
                "800x480",
                "--content",
            ])
            .arg(content.path())
            .arg("--data")
            .arg(data.path())
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    };
    preview();
    let hash = rookvrij_kiosk::known::hash(&std::fs::read(&photo).unwrap());
    let kept = data.path().join("known").join(format!("{hash}-560x820.png"));
    let fitted = image::open(&kept).unwrap_or_else(|e| panic!("{}: {e}", kept.display()));
    assert_eq!(
        (fitted.width(), fitted.height()),
        (560, 747),
        "600x800 upright, fitted into 560x820"
    );
    // The kept photo is what is shown next time: a changed copy is not decoded.
    let mut marked = fitted.into_rgba8();
    for p in marked.pixels_mut() {
        *p = image::Rgba([10, 200, 10, 255]);
    }
    marked.save(&kept).unwrap();
    preview();
    let png = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    let shot = image::open(&png).unwrap().into_rgb8();
    assert!(
        shot.pixels().filter(|p| is(&p.0, [10, 200, 10])).count() > 1000,
        "the kept photo was shown, not decoded again"
    );
}

/// Every kind of photo a phone or laptop makes: the same orange, made by
/// ImageMagick as baseline, progressive and CMYK JPEG, PNG and WebP.
#[test]
fn every_photo_format_a_phone_makes_shows_its_colours() {
    let dir = tempfile::tempdir().unwrap();
    let made: [(&str, &[&str]); 5] = [
        ("baseline.jpg", &["-quality", "90"]),
        ("progressive.jpg", &["-interlace", "JPEG", "-quality", "90"]),
        ("cmyk.jpg", &["-colorspace", "CMYK", "-quality", "90"]),
        ("screenshot.png", &[]),
        ("chat.webp", &["-quality", "85"]),
    ];
    for (name, options) in made {
        let path = dir.path().join(name);
        let mut args = vec!["-size", "1200x900", "xc:#f08020"];
        args.extend(options);
        let out = path.to_string_lossy().into_owned();
        args.push(&out);
        tool("convert", &args);
        let bytes = std::fs::read(&path).unwrap();
        let fitted = rookvrij_kiosk::picture::decode_fitted(&bytes, Some(name), rookvrij_kiosk::picture::SHOWN)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(fitted.original, (1200, 900), "{name}");
        assert_eq!(fitted.image.dimensions(), (560, 420), "{name}");
        let p = fitted.image.get_pixel(280, 210).0;
        assert!(is(&p[..3], [0xf0, 0x80, 0x20]), "{name}: {p:?}");
    }
}
