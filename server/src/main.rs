//! `server`: serves the store (default), or runs one maintenance command. See `server --help`.

use std::ffi::{c_int, c_long};

// Rendering a page makes thousands of small allocations; with glibc's allocator they were over
// half of the instructions of a page render (callgrind, README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (checked by the test below).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// mimalloc 3 keeps the memory freed after a page render for a second (`purge_delay`, 1000 ms)
/// before giving it back to the OS; each cold render and cache compression then left the
/// server's resident memory tens of MiB higher. Giving it back at once took 30–50 MiB off the
/// benchmark's memory peak in every run, with no throughput change beyond run-to-run noise
/// (README, Performance: Memory). `MIMALLOC_PURGE_DELAY` in the environment still wins.
fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: plain calls into the linked allocator's option table.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    return_freed_memory_at_once();
    server::run(std::env::args().skip(1).collect()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
    }

    #[test]
    fn option_15_is_mimallocs_purge_delay() {
        // mimalloc 3's default purge delay is 1000 ms; a different option at index 15 (after an
        // upgrade) would not read 1000 here, nor take the value set.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        unsafe {
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            mi_option_set(MI_OPTION_PURGE_DELAY, 7);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 7);
        }
    }
}
