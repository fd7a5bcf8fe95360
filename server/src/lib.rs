//! The axum host: configuration, startup, plain HTTP routes (health, SEO files, media) and the
//! command-line entry point.

pub mod config;
#[cfg(feature = "dev-tools")]
pub mod fake_paypal;
#[cfg(feature = "dev-tools")]
pub mod fake_stripe;
pub mod live;
pub mod mail;
pub mod page_cache;
pub mod routes;
pub mod startup;
pub mod telemetry;

use anyhow::Context;

const USAGE: &str =
    "usage: server [serve|migrate|seed|create-admin EMAIL|generate-orders N|render-images|fake-stripe|fake-paypal|help]
  serve    migrate, load the demo catalog if the store is empty (OXCART_DEMO_DATA=auto,
           the default in development only), serve
  migrate  apply database migrations and exit
  seed     load the demo catalog and demo accounts (idempotent; development only) and exit
  create-admin EMAIL
           make EMAIL an admin: promote the account, or create it with the password in
           OXCART_ADMIN_PASSWORD
  generate-orders N [DAYS]
           add N synthetic orders over the last DAYS days (365), for measuring the dashboard
  render-images
           make the WebP and JPEG renditions of uploaded images that have none (uploaded
           before renditions existed); new uploads get them at once
  fake-stripe
           serve a local fake of Stripe's API and hosted Checkout for development and tests
           (OXCART_FAKE_STRIPE_ADDR, OXCART_FAKE_STRIPE_FORWARD_TO; see the README)
  fake-paypal
           serve a local fake of PayPal's REST API and approval page for development and tests
           (OXCART_FAKE_PAYPAL_ADDR, OXCART_FAKE_PAYPAL_FORWARD_TO; see the README)";

/// Runs the command named by `args` (default `serve`).
pub async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    if let Some(fake @ ("fake-stripe" | "fake-paypal")) = args.first().map(String::as_str) {
        #[cfg(feature = "dev-tools")]
        {
            telemetry::init(config::LogFormat::Pretty);
            return match fake {
                "fake-stripe" => fake_stripe::serve_from_env().await,
                _ => fake_paypal::serve_from_env().await,
            };
        }
        #[cfg(not(feature = "dev-tools"))]
        anyhow::bail!(
            "this build has no development tools: build with `--features dev-tools` (scripts/dev and scripts/test do) to run {fake}"
        );
    }
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
            if !settings.development {
                anyhow::bail!(
                    "server seed creates demo accounts whose passwords are published: it only runs in development (a loopback OXCART_SITE_URL and bind address)"
                );
            }
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            startup::load_demo(&pool).await
        }
        "create-admin" => {
            let email = args.get(1).context("usage: server create-admin EMAIL")?;
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            let password = std::env::var("OXCART_ADMIN_PASSWORD").ok();
            match app::auth::accounts::make_admin(&pool, email, password).await {
                Ok(true) => tracing::info!(%email, "admin account created"),
                Ok(false) => tracing::info!(%email, "existing account is now an admin"),
                Err(e) => anyhow::bail!("could not make {email} an admin: {e}"),
            }
            Ok(())
        }
        "generate-orders" => {
            let count: i64 = args
                .get(1)
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .context("usage: server generate-orders N [DAYS]")?;
            let days: i64 = args.get(2).and_then(|d| d.parse().ok()).unwrap_or(365);
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            let made = app::db::analytics::generate_orders(&pool, count, days, settings.currency)
                .await
                .context("generating orders")?;
            tracing::info!(made, days, "synthetic orders added");
            Ok(())
        }
        "render-images" => {
            let pool = startup::connect_postgres(&settings).await?;
            app::db::migrate(&pool)
                .await
                .context("running migrations")?;
            render_images(&pool, &settings.media_dir).await
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => anyhow::bail!("unknown command {other:?}\n{USAGE}"),
    }
}

/// `server render-images`: renditions for the uploads that have none. A file that is missing or
/// cannot be decoded is reported and skipped (the page keeps showing the original).
pub async fn render_images(pool: &sqlx::PgPool, dir: &std::path::Path) -> anyhow::Result<()> {
    let pending = app::db::images::without_renditions(pool).await?;
    let (mut made, mut skipped) = (0, 0);
    for (id, url) in pending {
        let Some(path) = app::media::path_of(dir, &url) else {
            continue;
        };
        let rendered = match tokio::fs::read(&path).await {
            Ok(bytes) => app::media::render(dir, &url, bytes)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match rendered {
            Ok((width, height)) => {
                app::db::images::mark_rendered(pool, id, width, height).await?;
                made += 1;
            }
            Err(error) => {
                tracing::warn!(%url, %error, "no renditions for this image");
                skipped += 1;
            }
        }
    }
    tracing::info!(made, skipped, "image renditions");
    Ok(())
}
