//! Builds the server: opens the store, binds the listener (port 0 works, for tests) and reports
//! the port it got.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{middleware, App, HttpServer};

use crate::config::Settings;
use crate::mail::{Mail, MailConfig, Sender};
use crate::store::auth_sessions::Lifetimes;
use crate::store::Store;
use crate::web::{self, AppState};

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    store: Store,
    lifetimes: Lifetimes,
    sender: Option<Sender>,
    mail_poll: Duration,
}

impl Application {
    /// Migrates the database, binds `settings.bind` and builds the server.
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        let store = Store::open(&settings.database(), &settings.pool())?;
        let listener = TcpListener::bind(&settings.bind)?;
        Application::with_listener(settings, store, listener)
    }

    pub fn with_listener(
        settings: &Settings,
        store: Store,
        listener: TcpListener,
    ) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let lifetimes = Lifetimes {
            idle: chrono::Duration::minutes(settings.session_idle_minutes.max(1)),
            absolute: chrono::Duration::hours(settings.session_absolute_hours.max(1)),
        };
        let mail_config = MailConfig::from_settings(settings)?;
        let sender = Sender::new(store.clone(), &mail_config)?;
        match mail_config.smtp.as_ref() {
            Some(smtp) => {
                tracing::info!(smtp = %smtp.redacted(), public_url = %mail_config.public_url, "e-mail is on")
            }
            None => tracing::info!("e-mail is off (no SMTP_URL)"),
        }
        let state = web::actix_data(AppState {
            store: store.clone(),
            cookie_secure: settings.cookie_secure,
            trust_proxy: settings.trust_proxy,
            lifetimes,
            mail: Mail::new(&mail_config),
            require_clinician_mfa: settings.require_clinician_mfa,
            clinician_signup: settings.clinician_signup,
            signups_per_hour: settings.signups_per_hour,
            records: web::records::RecordCache::default(),
        });
        let instance = settings.instance_id.clone();
        let https = settings.cookie_secure;
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(actix_web::web::FormConfig::default().limit(64 * 1024))
                .wrap(web::security_headers(instance.as_deref(), https))
                .wrap(middleware::Compress::default())
                .wrap(middleware::from_fn(web::head::head_as_get))
                .wrap(middleware::from_fn(web::request_log::log_request))
                .configure(web::routes)
                .default_service(actix_web::web::to(web::not_found))
        })
        .shutdown_timeout(settings.shutdown_timeout_seconds)
        .client_request_timeout(Duration::from_secs(10));
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        let server = server.listen(listener)?.run();
        Ok(Application {
            port,
            server,
            store,
            lifetimes,
            sender,
            mail_poll: mail_config.poll,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The e-mail sender, when e-mail is on (tests drive it with their own clock).
    pub fn sender(&self) -> Option<&Sender> {
        self.sender.as_ref()
    }

    /// Serves until stopped (SIGINT/SIGTERM stop accepting and let requests in flight finish).
    /// Housekeeping runs hourly alongside, and the e-mail sender when e-mail is on.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mailing = self
            .sender
            .clone()
            .map(|sender| tokio::spawn(sender.run(self.mail_poll)));
        let store = self.store.clone();
        let lifetimes = self.lifetimes;
        let housekeeping = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every.tick().await;
                let pruned = store
                    .write(move |conn| {
                        let now = crate::store::now();
                        let mut n = crate::store::maintenance::prune(conn, now, lifetimes)?;
                        n += crate::store::outbox::prune(conn, now, chrono::Duration::days(90))?;
                        n += crate::store::tokens::prune(conn, now)?;
                        Ok(n)
                    })
                    .await;
                if let Err(e) = pruned {
                    tracing::warn!(error = ?e, "housekeeping failed");
                }
            }
        });
        let result = self.server.await;
        housekeeping.abort();
        if let Some(mailing) = mailing {
            mailing.abort();
        }
        result
    }
}
