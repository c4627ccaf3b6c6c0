//! `marketplace`: config → tracing → database → migrations → router → serve with graceful shutdown.

use std::{io::Read, net::SocketAddr};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use marketplace::{
    AppState, accounts, clock,
    config::Config,
    db, delivery, graphql, http, idempotency,
    seed::{self, DEMO_PASSWORD},
    sweep, telemetry, webhooks,
};
use tokio::{net::TcpListener, sync::watch};

/// How long shutdown waits for open WebSockets to close.
const SOCKET_CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Parser)]
#[command(
    name = "marketplace",
    version,
    about = "The influencer marketplace GraphQL API"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default): migrations first, then HTTP on BIND_ADDR.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL); `schema.graphql` is this output.
    ExportSchema,
    /// Make an ADMIN user; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
    },
    /// Do once what came due (offer expiries, review windows, overdue deliverables, completions)
    /// and exit; the server does it every SWEEP_INTERVAL.
    Sweep {
        /// The time that stands for "now" in everything this sweep decides and writes (RFC 3339,
        /// e.g. 2026-12-01T09:00:00+07:00); the current time if absent.
        #[arg(long, value_parser = parse_time)]
        as_of: Option<DateTime<Utc>>,
    },
    /// Fill the database with a small Vietnamese-market demo and print its logins.
    SeedDemo {
        /// Also top up to this many generated creators (and a tenth as many briefs), for load tests.
        #[arg(long)]
        scale: Option<usize>,
        /// With --scale: also top up to this many ACTIVE collaborations with pending deadlines,
        /// for measuring the sweep.
        #[arg(long, requires = "scale")]
        collaborations: Option<usize>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::ExportSchema) = cli.command {
        print!("{}", graphql::sdl());
        return Ok(());
    }

    let config = Config::from_env()?;
    telemetry::init(&config);
    if config.jwt_secret_generated {
        tracing::warn!(
            "JWT_SECRET is not set: using a random key for this process; tokens will not survive a restart"
        );
    }
    let database = db::connect(&config.database_url, config.database_max_connections)
        .await
        .with_context(|| "cannot connect to DATABASE_URL")?;
    db::migrate(&database).await.context("migrations failed")?;
    delivery::backfill_review_windows(&database, &config.deadlines.calendar)
        .await
        .map_err(|e| anyhow::anyhow!(seed::describe(&e)))
        .context("writing the review windows of earlier submissions")?;
    let state = AppState::new(database, config);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(state).await,
        Command::Migrate => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::ExportSchema => unreachable!("handled before configuration"),
        Command::Sweep { as_of } => {
            let started = std::time::Instant::now();
            let sweep = sweep::run(&state.db, &state.events);
            let report = match as_of {
                Some(t) => clock::as_of(t, sweep).await,
                None => sweep.await,
            }
            .map_err(|e| anyhow::anyhow!(seed::describe(&e)))?;
            println!(
                "swept in {:.1} ms: {} acted on, {} moot, {} taken by another instance, {} failed",
                started.elapsed().as_secs_f64() * 1000.0,
                report.acted,
                report.moot,
                report.taken,
                report.failed
            );
            if report.failed > 0 {
                anyhow::bail!("{} deadline(s) failed; see the log", report.failed);
            }
            Ok(())
        }
        Command::CreateAdmin { email } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from stdin")?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let user = accounts::create_admin(state.accounts(), &email, password)
                .await
                .map_err(|e| anyhow::anyhow!(seed::describe(&e)))?;
            println!("admin created: {}", user.email);
            Ok(())
        }
        Command::SeedDemo {
            scale,
            collaborations,
        } => {
            let logins = seed::seed_demo(&state)
                .await
                .map_err(|e| anyhow::anyhow!(seed::describe(&e)))?;
            if let Some(creators) = scale {
                let started = std::time::Instant::now();
                let report = seed::scale::fill(&state, creators)
                    .await
                    .map_err(|e| anyhow::anyhow!(seed::describe(&e)))?;
                eprintln!(
                    "scale: added {} creators, {} brands, {} briefs in {:.1}s",
                    report.creators_added,
                    report.brands_added,
                    report.briefs_added,
                    started.elapsed().as_secs_f64()
                );
            }
            if let Some(collaborations) = collaborations {
                let started = std::time::Instant::now();
                let added = seed::scale::fill_collaborations(&state, collaborations)
                    .await
                    .map_err(|e| anyhow::anyhow!(seed::describe(&e)))?;
                eprintln!(
                    "scale: added {added} collaborations in {:.1}s",
                    started.elapsed().as_secs_f64()
                );
            }
            println!("Demo logins (password for all: {DEMO_PASSWORD}):");
            for login in logins {
                println!(
                    "  {:<8} {:<24} {}",
                    format!("{:?}", login.role).to_uppercase(),
                    login.email,
                    login.name
                );
            }
            Ok(())
        }
    }
}

async fn serve(state: AppState) -> anyhow::Result<()> {
    state.hasher.warm_up().await;
    let addr = state.config.bind_addr;
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!("listening on http://{addr} (GraphiQL at /)");
    let (stop, stopped) = watch::channel(false);
    let sweeper = tokio::spawn(sweep::every(
        state.db.clone(),
        state.events.clone(),
        state.config.deadlines.sweep_interval,
        stopped,
    ));
    let webhooks = tokio::spawn(webhooks::worker::every(
        state.db.clone(),
        state.events.clone(),
        state.webhooks.clone(),
        stop.subscribe(),
    ));
    let purger = tokio::spawn(idempotency::purge_every(state.db.clone(), stop.subscribe()));
    let app = http::app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        })
        .await;
    // The sweep in hand, if any, stops at once: its deadline's transaction rolls back. Webhook
    // attempts in flight are dropped: their leases end and another run takes them again.
    let _ = sweeper.await;
    let _ = webhooks.await;
    let _ = purger.await;
    // Upgraded connections outlive `serve`: close them before the runtime drops them.
    state.sockets.close_all(SOCKET_CLOSE_GRACE).await;
    // No request is in flight any more: write the clicks counted since the last flush.
    let flushed = state.tracker.flush_all(5).await;
    served?;
    flushed.map_err(|_| anyhow::anyhow!("counted clicks could not be written"))?;
    tracing::info!("shut down");
    Ok(())
}

/// `--as-of`: an RFC 3339 time, with its offset.
fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}: write an RFC 3339 time such as 2026-12-01T09:00:00+07:00"))
}

/// Resolves on Ctrl-C or SIGTERM: stop accepting, let requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
