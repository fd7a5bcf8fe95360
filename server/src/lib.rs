//! The axum host: configuration, startup, plain HTTP routes (health, SEO files, media) and the
//! command-line entry point.

pub mod config;
pub mod routes;
pub mod startup;
pub mod telemetry;

use anyhow::Context;

const USAGE: &str = "usage: server [serve|migrate|seed|help]
  serve    migrate, load the demo catalog if the store is empty (OXCART_DEMO_DATA=auto), serve
  migrate  apply database migrations and exit
  seed     load the demo catalog (idempotent) and exit";

/// Runs the command named by `args` (default `serve`).
pub async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let settings = config::Settings::from_env()?;
    telemetry::init(settings.log_format);
    match args.first().map(String::as_str).unwrap_or("serve") {
        "serve" => startup::serve(settings).await,
        "migrate" => {
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        "seed" => {
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            let report = app::db::seed::load_demo_catalog(&pool, &app::demo::catalog())
                .await
                .context("loading the demo catalog")?;
            tracing::info!(?report, "demo catalog loaded");
            Ok(())
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => anyhow::bail!("unknown command {other:?}\n{USAGE}"),
    }
}
