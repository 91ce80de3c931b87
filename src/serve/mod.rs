//! The dev server: build into a preview folder of its own, serve it on
//! loopback, watch the site, rebuild what an edit affects, and tell open
//! pages to reload. The loop reads: watch → [`classify`] the change →
//! [`affected`] jobs → render and write them → broadcast. A bad save is
//! shown in the terminal and in the page; the server keeps the last good
//! output and recovers on the next good save. The reload script is
//! injected into pages as they are served, never written to the output.
//!
//! The preview never goes to the build output (`public/`): it may hold
//! drafts (`--drafts`), and `public/` is what gets deployed.

mod classify;
mod http;
mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::output;

pub use classify::{Change, INPUT_DIRS, classify};
pub use http::{EVENTS_PATH, Hosts, MAX_HEAD, RELOAD_SCRIPT, resolve};

use crate::build;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::{Incremental, Update};
use http::Reload;
use watch::Watch;

/// The folder `duet build` writes by default, which is deployed: the
/// preview is never written there.
pub const BUILD_OUTPUT_DIR: &str = "public";

/// Where to serve what.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The preview folder, relative to the root unless absolute; `None`
    /// for a folder of this site's own in the system's temporary folder.
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The address to listen on: loopback unless told otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// `Host` names to answer besides this machine's loopback names and
    /// the bound address (see [`Hosts`]).
    pub allow_hosts: Vec<String>,
}

/// What the server reports as it works.
#[derive(Debug)]
pub enum Event {
    /// Listening on this address, serving this preview folder.
    Listening {
        /// The address listened on.
        address: SocketAddr,
        /// The preview folder.
        output: PathBuf,
    },
    /// Listening on an address other machines can reach: anyone who can
    /// reach it can read the preview, drafts included.
    BeyondLoopback(SocketAddr),
    /// Built (fully or in part): files written, wall time, whether everything was rebuilt.
    Built {
        /// Files written.
        files: usize,
        /// Wall time of the rebuild.
        elapsed: Duration,
        /// Whether the whole site was rebuilt.
        full: bool,
    },
    /// A build failed; the previous output is still served.
    Failed(Diagnostics),
}

/// The preview folder for the site at `root`: `output` if given (resolved
/// against the root), which must not be the build output `public/` nor
/// inside it; otherwise `duet-serve-HASH/site` in the system's temporary
/// folder, HASH naming the site's canonical root, in a folder only the
/// current user may enter. Either passes the output folder guard.
pub fn preview_dir(root: &Path, output: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let canonical = root
        .canonicalize()
        .map_err(|e| Diagnostic::new(root, format!("could not find the site root: {e}")))?;
    let chosen = match output {
        Some(output) => output.to_path_buf(),
        None => {
            private_dir(&std::env::temp_dir().join(format!("duet-serve-{:012x}", site_hash(&canonical))))?.join("site")
        }
    };
    let resolved = output::check_output_dir(root, &chosen)?;
    let build_output = canonical.join(BUILD_OUTPUT_DIR);
    let build_output = build_output.canonicalize().unwrap_or(build_output);
    if resolved.starts_with(&build_output) {
        return Err(Diagnostic::new(
            &chosen,
            format!(
                "refusing to write the preview into `{}`: it is the site's build output, which is deployed, and the preview may hold drafts",
                chosen.display()
            ),
        )
        .with_hint("leave out --output (a temporary folder is used), or name another folder"));
    }
    Ok(resolved)
}

/// A short, stable hash of a path (FNV-1a, 48 bits): the same site gets
/// the same preview folder across runs.
fn site_hash(path: &Path) -> u64 {
    crate::content::fingerprint::fnv1a(path.as_os_str().as_encoded_bytes()) & 0xffff_ffff_ffff
}

/// Makes `dir` (in a shared temporary folder) a folder only this user can
/// enter, or refuses it: not a symlink, and owned by this user, so no other
/// user can read the preview (drafts included) or plant files in it.
fn private_dir(dir: &Path) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::new(dir, format!("cannot use `{}` for the preview: {why}", dir.display()))
            .with_hint("pass --output with a folder of your own")
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        match std::fs::DirBuilder::new().mode(0o700).create(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                use std::os::unix::fs::MetadataExt;
                let meta = std::fs::symlink_metadata(dir).map_err(|e| refuse(e.to_string()))?;
                if !meta.is_dir() {
                    return Err(refuse("it exists and is not a folder".into()));
                }
                if meta.uid() != rustix::process::geteuid().as_raw() {
                    return Err(refuse("it belongs to another user".into()));
                }
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                    .map_err(|e| refuse(e.to_string()))?;
            }
            Err(e) => return Err(refuse(e.to_string())),
        }
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).map_err(|e| refuse(e.to_string()))?;
    Ok(dir.to_path_buf())
}

/// Builds, then serves and rebuilds until the process is stopped.
pub fn serve(options: &ServeOptions, on_event: &(dyn Fn(Event) + Sync)) -> Result<(), Diagnostics> {
    let output = preview_dir(&options.root, options.output.as_deref())?;
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Diagnostic::new(&options.root, format!("could not find the site root: {e}")))?;
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
        Diagnostic::new(
            "(serve)",
            format!("could not listen on {}:{}: {e}", options.bind, options.port),
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| Diagnostic::new("(serve)", format!("could not listen: {e}")))?;
    // Watch before the first build, so a save made while it runs is not missed.
    let mut watch = Watch::start(&root)?;
    let reload = Arc::new(Reload::default());
    let mut state = full_build(&root, &output, options.drafts, on_event, &reload);
    let hosts = Hosts {
        bound: options.bind,
        names: options.allow_hosts.iter().map(|n| n.to_ascii_lowercase()).collect(),
    };
    http::spawn(
        listener,
        Arc::new(http::Shared {
            output: output.clone(),
            hosts,
            reload: reload.clone(),
        }),
    );
    on_event(Event::Listening {
        address,
        output: output.clone(),
    });
    if !options.bind.is_loopback() {
        on_event(Event::BeyondLoopback(address));
    }

    let mut dirty: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        let Some(batch) = watch.next_batch() else { return Ok(()) };
        // New input folders are watched before they are read.
        if let Err(problem) = watch.refresh(&batch) {
            fail(problem.into(), on_event, &reload);
        }
        let change = match (&state, classify(&root, &output, &batch)) {
            (_, Change::Nothing) => continue,
            // Without a good state to update, every change starts afresh.
            (None, _) => Change::Everything,
            (Some(_), change) => change,
        };
        let loaded = match (change, state.as_mut()) {
            (Change::Content(files), Some(loaded)) => {
                dirty.extend(files);
                // Files that came or went with a folder have no events of their own.
                let listed = watch::content_files(&root);
                let known: BTreeSet<PathBuf> = loaded.loaded().files().map(Path::to_path_buf).collect();
                dirty.extend(listed.symmetric_difference(&known).cloned());
                loaded
            }
            _ => {
                dirty.clear();
                state = full_build(&root, &output, options.drafts, on_event, &reload);
                continue;
            }
        };
        if dirty.is_empty() {
            continue;
        }
        let started = Instant::now();
        match apply_edit(&root, &output, loaded, &dirty) {
            Ok(applied) => {
                dirty.clear();
                reload.succeed();
                on_event(Event::Built {
                    files: applied.files,
                    elapsed: started.elapsed(),
                    full: applied.full,
                });
            }
            Err(Failure { problems, relinked }) => {
                fail(problems, on_event, &reload);
                // The site in memory is ahead of the output: only a full build agrees again.
                if relinked {
                    state = None;
                }
            }
        }
    }
}

/// What [`apply_edit`] did.
#[derive(Debug)]
pub struct Applied {
    /// Files written.
    pub files: usize,
    /// Whether the whole site was rebuilt.
    pub full: bool,
}

/// Why [`apply_edit`] failed.
#[derive(Debug)]
pub struct Failure {
    /// The problems.
    pub problems: Diagnostics,
    /// Whether the site in memory had already taken the edit (the output
    /// then lags behind it).
    pub relinked: bool,
}

/// Applies an edit of `dirty` files (relative to `root`) to the site in
/// memory and writes what it affects, or everything if the site changed
/// shape.
pub fn apply_edit(
    root: &Path,
    output: &Path,
    state: &mut Incremental,
    dirty: &BTreeSet<PathBuf>,
) -> Result<Applied, Failure> {
    let update = state.edit(root, dirty).map_err(|problems| Failure {
        problems,
        relinked: false,
    })?;
    let after = |problems: Diagnostics| Failure {
        problems,
        relinked: true,
    };
    let full = matches!(update, Update::Everything);
    let written = state.write(output, &update).map_err(after)?;
    Ok(Applied {
        files: written.files,
        full,
    })
}

/// Loads the whole site afresh and replaces the whole preview with it.
fn full_build(
    root: &Path,
    output: &Path,
    drafts: bool,
    on_event: &(dyn Fn(Event) + Sync),
    reload: &Reload,
) -> Option<Incremental> {
    let started = Instant::now();
    let result = build::load(root, drafts, false).and_then(|loaded| {
        let state = Incremental::new(loaded)?;
        let written = state.write(output, &Update::Everything)?;
        Ok((state, written))
    });
    match result {
        Ok((loaded, written)) => {
            reload.succeed();
            on_event(Event::Built {
                files: written.files,
                elapsed: started.elapsed(),
                full: true,
            });
            Some(loaded)
        }
        Err(problems) => {
            fail(problems, on_event, reload);
            None
        }
    }
}

fn fail(problems: Diagnostics, on_event: &(dyn Fn(Event) + Sync), reload: &Reload) {
    reload.fail(&problems.to_string());
    on_event(Event::Failed(problems));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_never_the_build_output() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        for bad in ["public", "public/", "./public", "public/dev"] {
            let e = preview_dir(root, Some(Path::new(bad))).unwrap_err();
            assert!(e.message.contains("build output"), "{bad}: {}", e.message);
        }
        let elsewhere = preview_dir(root, Some(Path::new("preview"))).unwrap();
        assert!(elsewhere.ends_with("preview"));
        let default = preview_dir(root, None).unwrap();
        assert!(default.starts_with(std::env::temp_dir().canonicalize().unwrap()));
        assert_eq!(preview_dir(root, None).unwrap(), default, "stable per site");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(default.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "only the user may enter it");
        }
        let _ = std::fs::remove_dir_all(default.parent().unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_preview_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = tmp.path().join("duet-serve-link");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        assert!(private_dir(&link).is_err(), "a symlink");
        let file = tmp.path().join("duet-serve-file");
        std::fs::write(&file, "").unwrap();
        assert!(private_dir(&file).is_err(), "a file");
        let mine = private_dir(&tmp.path().join("duet-serve-mine")).unwrap();
        assert!(private_dir(&mine).is_ok(), "ours, again");
        // Another user's folder (only root can make one to test with).
        if rustix::process::geteuid().is_root() {
            let theirs = tmp.path().join("duet-serve-theirs");
            std::fs::create_dir(&theirs).unwrap();
            std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
            let e = private_dir(&theirs).unwrap_err();
            assert!(e.message.contains("another user"), "{}", e.message);
        }
    }
}
