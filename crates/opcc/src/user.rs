//! `opcc user add`.

use crate::UsageError;
use crate::cli::{UserAddArgs, connect};
use opcc_domain::accounts::{Email, check_new_password};
use opcc_store::accounts::{self, CreateUserError, NewUser};
use opcc_store::audit::Actor;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

pub async fn add(database_url: &str, args: UserAddArgs) -> anyhow::Result<ExitCode> {
    let email = Email::parse(&args.email)
        .map_err(|e| UsageError(format!("--email {:?}: {e}", args.email)))?;
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (accounts::generate_password(), true)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            (accounts::generate_password(), true)
        } else {
            (line, false)
        }
    };
    check_new_password(&password).map_err(|e| UsageError(format!("password: {e}")))?;
    let display_name = args.name.unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let db = connect(database_url).await?;
    let user = match accounts::create_user(
        &db,
        &Actor::system("opcc user add"),
        NewUser {
            email,
            display_name,
            role: args.role,
            password: password.clone(),
        },
    )
    .await
    {
        Ok(u) => u,
        Err(CreateUserError::EmailTaken(e)) => {
            return Err(
                UsageError(format!("a user with the email address {e} already exists")).into(),
            );
        }
        Err(CreateUserError::Store(e)) => return Err(e.into()),
    };
    println!("created {} user {} (id {})", user.role, user.email, user.id);
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(ExitCode::SUCCESS)
}
