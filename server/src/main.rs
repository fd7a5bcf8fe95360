//! `server`: serves the store (default), or runs one maintenance command. See `server --help`.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::run(std::env::args().skip(1).collect()).await
}
