//! `server`: serves the store (default), or runs one maintenance command. See `server --help`.

// Rendering a page makes thousands of small allocations; with glibc's allocator they were over
// half of the instructions of a page render (callgrind, README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::run(std::env::args().skip(1).collect()).await
}
