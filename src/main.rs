fn main() {
    one_malloc_arena();
    std::process::exit(rookvrij_kiosk::cli::main());
}

/// glibc gives every thread that allocates its own arena and keeps freed
/// blocks in it: the kiosk's few workers (photos, checks, the store) would
/// each hold their highest mark. One arena: the first start with eight 12 MP
/// photos peaks at 1.22x the demo's memory instead of 1.34x (BENCHMARKS.md).
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
