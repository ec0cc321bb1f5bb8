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
    /// Show the e-mail outbox: messages waiting, retrying, failed, sent and dropped, and the
    /// newest errors.
    Outbox,
    /// Print a one-time password-reset link (valid 1 hour) for the account using EMAIL; for
    /// operators without SMTP.
    ResetLink {
        /// The account's e-mail address.
        email: String,
    },
    /// Print a single-use sign-up link (valid 14 days) for a clinician at EMAIL; needed when
    /// CLINICIAN_SIGNUP=invite.
    InviteClinician {
        /// The clinician's e-mail address; the invitation works for this address only.
        email: String,
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
        Command::Outbox => outbox(&cli.settings),
        Command::ResetLink { email } => reset_link(&cli.settings, &email),
        Command::InviteClinician { email } => invite_clinician(&cli.settings, &email),
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

fn outbox(settings: &Settings) -> anyhow::Result<()> {
    let store = tendo::store::Store::open(&settings.database(), &settings.pool())?;
    let mut conn = store.conn()?;
    let c = tendo::mail::status(&mut conn)?;
    let mail = if settings
        .smtp_url
        .as_deref()
        .is_some_and(|u| !u.trim().is_empty())
    {
        "on"
    } else {
        "off (no SMTP_URL)"
    };
    println!("e-mail:   {mail}");
    println!(
        "pending:  {} ({} retrying after a failure)",
        c.pending, c.retrying
    );
    println!("failed:   {} (given up)", c.failed);
    println!("sent:     {}", c.sent);
    println!(
        "dropped:  {} (reminders no longer true, or stale)",
        c.dropped
    );
    let errors = tendo::store::outbox::recent_errors(&mut conn, 10)?;
    if !errors.is_empty() {
        println!("newest errors:");
        for e in errors {
            let state = if e.given_up { "given up" } else { "will retry" };
            println!(
                "  #{} {}, {} attempts, {state}: {}",
                e.id, e.kind, e.attempts, e.error
            );
        }
    }
    Ok(())
}

fn invite_clinician(settings: &Settings, email: &str) -> anyhow::Result<()> {
    if !email.contains('@') {
        anyhow::bail!("{email:?} is not an e-mail address");
    }
    let store = tendo::store::Store::open(&settings.database(), &settings.pool())?;
    let config = tendo::mail::MailConfig::from_settings(settings)?;
    let mut conn = store.conn()?;
    let token = tendo::store::write_transaction(&mut conn, |conn| {
        tendo::store::invitations::issue(conn, email, tendo::store::now())
    })?;
    println!("{}/signup?invite={token}", config.public_url);
    eprintln!(
        "This link lets {email} create one clinician account within 14 days. Hand it over privately."
    );
    Ok(())
}

/// Exit status of `tendo reset-link` when no account uses the address.
const NO_ACCOUNT_STATUS: i32 = 4;

fn reset_link(settings: &Settings, email: &str) -> anyhow::Result<()> {
    let store = tendo::store::Store::open(&settings.database(), &settings.pool())?;
    let config = tendo::mail::MailConfig::from_settings(settings)?;
    let mut conn = store.conn()?;
    let link = tendo::store::write_transaction(&mut conn, |conn| {
        tendo::mail::reset_link(conn, email, &config.public_url, tendo::store::now())
    })?;
    match link {
        Some(link) => {
            println!("{link}");
            eprintln!("This link sets a new password for {email} once, within 1 hour. Hand it over privately.");
            Ok(())
        }
        None => {
            eprintln!("tendo reset-link: no account uses {email}");
            std::process::exit(NO_ACCOUNT_STATUS);
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
