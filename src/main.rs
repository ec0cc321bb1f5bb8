//! The `tendo` command: serve (the default), migrate, demo.

use clap::{Parser, Subcommand};
use tendo::config::Settings;
use tendo::startup::Application;

#[derive(Parser)]
#[command(
    name = "tendo",
    version,
    about = "Achilles-tendinopathy rehab for runners and their clinicians"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
}

fn main() -> anyhow::Result<()> {
    tendo::telemetry::init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.settings),
        Command::Migrate => {
            tendo::store::migrate(&cli.settings.database())?;
            tracing::info!("database is up to date");
            Ok(())
        }
    }
}

fn serve(settings: &Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(settings)?;
        tracing::info!(port = app.port(), database = ?redacted(&settings.database_url), "serving Tendo");
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// The database URL without a password, for the log.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}
