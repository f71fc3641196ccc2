//! `cargo bench -p rookvrij-studio`… (run through the workspace: `cargo bench
//! --workspace --bench studio`): what the studio does after a keystroke, on the
//! host. The browser's own figures come from `studio/test` (Chromium).

use criterion::{Criterion, criterion_group, criterion_main};
use rookvrij_studio::folder::Folder;
use rookvrij_studio::path::Seg;
use serde_json::json;

fn keystroke(c: &mut Criterion) {
    let mut folder = Folder::demo();
    let at: Vec<Seg> = serde_json::from_value(json!(["topic", 2, "label", "nl"])).unwrap_or_default();
    let mut n = 0u64;
    c.bench_function("studio: set a label and check the demo content", |b| {
        b.iter(|| {
            n += 1;
            let _ = folder.set("wheel.toml", &at, &json!(format!("Familie {n}")));
            folder.check()
        })
    });
    c.bench_function("studio: open the demo content", |b| b.iter(Folder::demo));
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
