//! `opcc serve`: listen, serve until SIGINT or SIGTERM, then finish the requests in flight.

use crate::UsageError;
use crate::cli::{LogFormat, ServeArgs, connect};
use anyhow::Context;
use opcc_web::{AppState, WebConfig};
use std::net::SocketAddr;
use std::process::ExitCode;

pub async fn run(
    database_url: &str,
    log_format: LogFormat,
    args: ServeArgs,
) -> anyhow::Result<ExitCode> {
    if !args.no_demo {
        crate::demo::load_in_child(database_url, log_format).await?;
    }
    let db = connect(database_url).await?;
    let state = AppState::new(
        db.clone(),
        WebConfig {
            secure_cookies: !args.insecure_cookies,
            trusted_proxy: args.trusted_proxy.clone(),
        },
    )
    .await?;
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(UsageError(format!(
                "cannot listen on {}: the port is already in use (is opcc already running? choose another with --bind or OPCC_BIND)",
                args.bind
            ))
            .into());
        }
        Err(e) => {
            return Err(UsageError(format!("cannot listen on {}: {e}", args.bind)).into());
        }
    };
    let addr = listener.local_addr()?;
    let _mail = match crate::notify::mailer(&args.mail)? {
        Some(mailer) => {
            let base = args
                .mail
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{addr}"));
            tracing::info!(every = args.mail.mail_interval, "e-mail notifications on");
            Some(opcc_mail::spawn(
                db.clone(),
                mailer,
                base,
                std::time::Duration::from_secs(args.mail.mail_interval.max(5)),
            ))
        }
        None => {
            tracing::info!("no --smtp-url: e-mail notifications are off");
            None
        }
    };
    if opcc_store::accounts::user_count(&db).await? == 0 {
        println!(
            "There are no users yet. Create the first administrator with:\n  \
             cargo run --release -- user add --email you@example.org --role admin"
        );
    }
    println!(
        "opcc is running at http://{addr} ({} database); press Ctrl+C to stop",
        db.backend.name()
    );
    tracing::info!(%addr, database = db.backend.name(), "listening");
    axum::serve(
        listener,
        opcc_web::app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped")?;
    db.close().await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
