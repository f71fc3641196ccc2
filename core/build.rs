// Embeds the demo content (TOML, images and the stories' audio), the
// fallback when a team's folder is broken, so the binary runs from any folder
// and on the read-only kiosk image. (The screens are compiled in ui/.)
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=../media");
    if let Err(e) = embed_demo_content() {
        eprintln!("could not embed the demo content: {e}");
        std::process::exit(1);
    }
}

fn embed_demo_content() -> std::io::Result<()> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?;
    let media = Path::new(&manifest).join("../media");
    let mut files = Vec::new();
    collect(&media, &media, &mut files)?;
    files.sort();
    let mut out = String::from(
        "/// The demo content built into the binary (TOML, images, audio; no fonts).\npub static BUILTIN_MEDIA: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in files {
        out.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(std::io::Error::other)?;
    std::fs::write(Path::new(&out_dir).join("builtin_media.rs"), out)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let rel = path
            .strip_prefix(root)
            .map_err(std::io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if rel != "fonts" {
                collect(root, &path, files)?;
            }
        } else if [".toml", ".svg", ".png", ".jpg", ".ogg"]
            .iter()
            .any(|ext| rel.ends_with(ext))
        {
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
    Ok(())
}
