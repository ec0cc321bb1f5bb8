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
    /// Fill the database with a demo clinician and linked runners; exits with status 3, writing
    /// nothing, if the demo accounts already exist.
    Demo {
        /// How many runners to create.
        #[arg(long, default_value_t = tendo::demo::DEFAULT_RUNNERS,
              value_parser = clap::value_parser!(u32).range(1..=100_000))]
        runners: u32,
        /// How many days of history each runner gets, up to today.
        #[arg(long, default_value_t = tendo::demo::DEFAULT_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
    },
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
        Command::Demo { runners, days } => demo(&cli.settings, runners, days),
    }
}

/// Exit status of `tendo demo` when the demo accounts already exist.
const DEMO_PRESENT_STATUS: i32 = 3;

fn demo(settings: &Settings, runners: u32, days: u32) -> anyhow::Result<()> {
    let store = tendo::store::Store::open(&settings.database(), &settings.pool())?;
    let options = tendo::demo::Options { runners, days };
    match actix_web::rt::System::new().block_on(tendo::demo::seed(&store, options)) {
        Ok(summary) => {
            println!("{}", summary.report(&redacted(&settings.database_url)));
            Ok(())
        }
        // Not a failure of the tool: say so plainly, with a status scripts can test for.
        Err(refused @ tendo::demo::DemoError::AlreadyPresent(_)) => {
            eprintln!("tendo demo: {refused}");
            std::process::exit(DEMO_PRESENT_STATUS);
        }
        Err(e) => Err(e.into()),
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
