//! `praline`'s command line: help for every command, and errors that name the bad argument.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

/// Runs `praline args…` in an empty folder, so a command that parsed by mistake touches nothing.
fn praline(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_praline"))
        .args(args)
        .current_dir(dir.path())
        .env_clear()
        .env("PRALINE_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_every_command() {
    let output = praline(&["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = stdout(&output);
    for command in
        ["serve", "migrate", "seed-demo", "seed-bench", "create-admin", "jobs", "gen-secrets", "--bind"]
    {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
}

#[test]
fn every_command_has_its_own_help() {
    for (args, expected) in [
        (&["serve", "--help"][..], &["--bind <ADDR>"][..]),
        (&["jobs", "--help"], &["list", "run"]),
        (&["jobs", "run", "--help"], &["<NAME>"]),
        (&["seed-bench", "--help"], &["--products <N>", "--sellers <M>", "100000", "200"]),
        (&["create-admin", "--help"], &["--email <E>", "--password <P>", "--nickname <N>"]),
        (&["help", "migrate"], &["migrations"]),
    ] {
        let output = praline(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        let help = stdout(&output);
        for text in expected {
            assert!(help.contains(text), "{args:?}: {text} missing from:\n{help}");
        }
    }
}

#[test]
fn the_version_is_printed() {
    for args in [&["--version"][..], &["version"]] {
        let output = praline(args);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains(env!("CARGO_PKG_VERSION")), "{args:?}");
    }
}

#[test]
fn a_bad_argument_exits_with_2_and_names_it() {
    for (args, named) in [
        (&["seed-bench", "--products", "abc"][..], "--products"),
        (&["seed-bench", "--sellers"], "--sellers"),
        (&["serve", "--port", "8080"], "--port"),
        (&["create-admin", "--email", "a@example.com"], "--password"),
        (&["jobs", "run"], "<NAME>"),
        (&["jobs", "stop"], "stop"),
        (&["frobnicate"], "frobnicate"),
    ] {
        let output = praline(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(named), "{args:?}: {named} missing from:\n{message}");
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
}
