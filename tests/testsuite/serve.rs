//! `induct serve` over loopback: what it serves, what it refuses, and how it
//! follows edits — written, atomically replaced, created, deleted, renamed —
//! and broken files. Waits poll the server until a change shows (a few
//! thousand tries, so a slow machine is not a failure); nothing asserts on
//! how long anything took.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use super::*;

/// A running `induct serve` on a copy of a fixture course.
struct Server {
    child: Child,
    port: u16,
    course: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(fixture: &str) -> Server {
        Server::start_on(fixture, "2026-11-23")
    }

    /// Serves as on `today` (for stories' consent).
    fn start_on(fixture: &str, today: &str) -> Server {
        Server::spawn(copy_fixture(fixture), today)
    }

    /// Serves the course in `course`.
    fn spawn(course: tempfile::TempDir, today: &str) -> Server {
        Server::spawn_with(course, today, &[])
    }

    /// Serves a copy of `fixture` with these environment variables set.
    fn start_with(fixture: &str, env: &[(&str, &str)]) -> Server {
        Server::spawn_with(copy_fixture(fixture), "2026-11-23", env)
    }

    fn spawn_with(course: tempfile::TempDir, today: &str, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_induct"))
            .args(["serve", "--port", "0"])
            .arg(course.path())
            .env("NO_COLOR", "1")
            .env("INDUCT_TODAY", today)
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // The URL is on the line that says where it serves.
        let mut stderr = child.stderr.take().unwrap();
        let mut seen = Vec::new();
        let mut byte = [0u8; 1];
        let port = loop {
            if stderr.read(&mut byte).unwrap() == 0 {
                panic!("serve stopped: {}", String::from_utf8_lossy(&seen));
            }
            seen.push(byte[0]);
            let text = String::from_utf8_lossy(&seen);
            if let Some(line) = text.lines().find(|l| l.contains(" at http://127.0.0.1:")) {
                if text.ends_with('\n') {
                    let port = line.split("127.0.0.1:").nth(1).unwrap();
                    break port.split('/').next().unwrap().parse().unwrap();
                }
            }
        };
        // Keep reading what it prints, so it never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = stderr.read_to_end(&mut sink);
        });
        Server {
            child,
            port,
            course,
        }
    }

    /// Sends raw bytes and returns (status, headers, body).
    fn raw(&self, request: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let split = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(answer.len());
        let head = String::from_utf8_lossy(&answer[..split]).into_owned();
        let body = answer.get(split + 4..).unwrap_or_default().to_vec();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let (status, head, body) = self.raw(
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// Polls `path` until `check` holds of its body, or fails after a
    /// minute (a wait, not a timing assertion).
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let mut last = (0, String::new());
        let found = retry(|| {
            let (status, _, body) = self.get(path);
            if check(status, &body) {
                return Some(body);
            }
            last = (status, body);
            None
        });
        found.unwrap_or_else(|| {
            panic!(
                "{what}: still {} {}",
                last.0,
                &last.1[..last.1.len().min(300)]
            )
        })
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.course.path().join(rel)
    }
}

/// Tries `attempt` until it gives a value, a few thousand times with a
/// short pause between (a guard against hanging, not a timing assertion).
fn retry<T>(mut attempt: impl FnMut() -> Option<T>) -> Option<T> {
    for _ in 0..3000 {
        if let Some(found) = attempt() {
            return Some(found);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn serves_the_site_with_types_statuses_and_no_cache() {
    let server = Server::start("build/basic");
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(header(&head, "cache-control"), Some("no-store"));
    assert!(
        body.contains("/__induct/live.js"),
        "the preview adds its script"
    );
    let (status, head, _) = server.get("/assets/induct.css");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "content-type"),
        Some("text/css; charset=utf-8")
    );
    let (_, head, _) = server.get("/assets/induct.js");
    assert_eq!(
        header(&head, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let (_, head, _) = server.get("/files/leaflet.pdf");
    assert_eq!(header(&head, "content-type"), Some("application/pdf"));
    let (_, head, _) = server.get("/modules/02-support/map.png");
    assert_eq!(header(&head, "content-type"), Some("image/png"));
    let (_, head, _) = server.get("/sitemap.xml");
    assert_eq!(header(&head, "content-type"), Some("application/xml"));
    // A folder without its slash is sent to it.
    let (status, head, _) = server.get("/modules");
    assert_eq!(status, 301);
    assert_eq!(header(&head, "location"), Some("/modules/"));
    // A missing page: the site's 404 page, with status 404.
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");
    // The list of links is served; the preview records none in links.lock.
    let (status, _, body) = server.get("/links/");
    assert_eq!(status, 200);
    assert!(body.contains("Links to share"), "{body}");
    assert!(!server.course.path().join("links.lock").exists());
    // The script never reaches a built site.
    let out = tempfile::tempdir().unwrap();
    let built = induct(&[
        "build",
        server.course.path().to_str().unwrap(),
        "-d",
        out.path().join("site").to_str().unwrap(),
    ]);
    assert_eq!(built.status.code(), Some(0));
    for (rel, bytes) in snapshot(&out.path().join("site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__induct"),
            "{rel} has the preview's script"
        );
    }
}

#[test]
fn the_preview_never_installs_a_worker_and_retires_one_left_behind() {
    let course = copy_fixture("build/basic");
    let book = course.path().join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, text.replace("[site]\n", "[site]\noffline = true\n")).unwrap();
    let server = Server::spawn(course, "2026-11-23");
    let (status, _, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(!body.contains("data-offline"), "{body}");
    // At the worker's address: the one that removes an earlier build's.
    let (status, head, body) = server.get("/sw.js");
    assert_eq!(status, 200);
    assert_eq!(
        header(&head, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(body.as_bytes(), induct::render::offline::RETIRE);
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let server = Server::start("build/basic");
    std::fs::write(server.course.path().join("secret.txt"), "TOP-SECRET").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/modules/../../secret.txt",
        "/..%2fsecret.txt",
        "/content/index.md",
        "/book.toml",
        "//etc/passwd",
        "/%00",
        "/%ff%fe",
        "/files/..%5c..%5csecret.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(!body.contains("TOP-SECRET"), "{path} leaked a file");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }
    // A request that is not HTTP gets 400, and the server goes on.
    let (status, _, _) = server.raw(b"NONSENSE\r\n\r\n");
    assert!(status == 400 || status == 0, "status {status}");
    let (status, _, _) =
        server.raw(b"DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
    // A target in absolute form is served, and its host is checked like
    // the Host header.
    let port = server.port;
    let (status, _, body) = server.raw(
        format!(
            "GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 200, "absolute form");
    assert!(String::from_utf8_lossy(&body).contains("<html"));
    let (status, _, _) = server.raw(
        b"GET http://rebound.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 403, "absolute form naming another host");
    // An absolute-form target naming this computer does not make a foreign
    // Host header acceptable.
    let (status, _, body) = server.raw(
        format!(
            "GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 403, "absolute form with a foreign Host");
    assert!(!String::from_utf8_lossy(&body).contains("<html"));
    let (status, _, _) = server.raw(
        b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(status == 400 || status == 404, "status {status}");
    assert_eq!(server.get("/").0, 200, "still serving");
}

#[test]
fn many_clients_at_once() {
    let server = Server::start("build/basic");
    // Long-polls hold connections open, as browser tabs do.
    let port = server.port;
    let polls: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.write_all(
                    b"GET /__induct/poll?since=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                )
                .unwrap();
                s
            })
        })
        .collect();
    let workers: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                for _ in 0..25 {
                    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    let path = if i % 2 == 0 {
                        "/"
                    } else {
                        "/modules/first-weeks/"
                    };
                    s.write_all(
                        format!(
                            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .unwrap();
                    let mut answer = Vec::new();
                    s.read_to_end(&mut answer).unwrap();
                    assert!(
                        answer.starts_with(b"HTTP/1.1 200"),
                        "{}",
                        String::from_utf8_lossy(&answer[..40.min(answer.len())])
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    drop(
        polls
            .into_iter()
            .map(|p| p.join().unwrap())
            .collect::<Vec<_>>(),
    );
}

#[test]
fn edits_show_and_errors_keep_the_last_good_site() {
    let server = Server::start("build/basic");
    let page = server.file("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();

    // An edit in place.
    std::fs::write(&page, format!("{original}\nEDIT-IN-PLACE\n")).unwrap();
    let edited = server.wait_for("/modules/first-weeks/", "an edit", |s, b| {
        s == 200 && b.contains("EDIT-IN-PLACE")
    });
    // The page re-rendered alone is the page a full build makes.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(server.course.path(), copy.path());
    let fresh = Server::spawn(copy, "2026-11-23");
    let (_, _, full) = fresh.get("/modules/first-weeks/");
    let without_script = |html: &str| {
        html.lines()
            .filter(|l| !l.contains("/__induct/live.js"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_script(&edited), without_script(&full));
    // So is its module's printout.
    let (_, _, printout) = server.get("/modules/first-weeks/print/");
    let (_, _, full_printout) = fresh.get("/modules/first-weeks/print/");
    assert!(printout.contains("EDIT-IN-PLACE"), "{printout}");
    assert_eq!(without_script(&printout), without_script(&full_printout));
    drop(fresh);

    // An editor's atomic save: a temporary file renamed over the page.
    let temp = server.file("content/modules/.01-first-weeks.md.tmp~");
    std::fs::write(&temp, format!("{original}\nATOMIC-SAVE\n")).unwrap();
    std::fs::rename(&temp, &page).unwrap();
    server.wait_for("/modules/first-weeks/", "an atomic save", |s, b| {
        s == 200 && b.contains("ATOMIC-SAVE")
    });

    // A broken file: the last good page stays, and the poll reports the error.
    std::fs::write(&page, original.replacen("title:", "titel:", 1)).unwrap();
    let state = server.wait_for("/__induct/poll", "the error", |_, b| {
        b.contains("\"failed\":true")
    });
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    let d = &state["diagnostics"][0];
    assert_eq!(d["file"], "content/modules/01-first-weeks.md");
    assert_eq!(d["line"], 2);
    assert!(d["message"].as_str().unwrap().contains("titel"));
    let (status, _, body) = server.get("/modules/first-weeks/");
    assert_eq!(status, 200);
    assert!(body.contains("ATOMIC-SAVE"), "the last good site is served");

    // Fixed: the error goes.
    std::fs::write(&page, &original).unwrap();
    server.wait_for("/__induct/poll", "the fix", |_, b| {
        b.contains("\"failed\":false")
    });
    server.wait_for("/modules/first-weeks/", "the fixed page", |s, b| {
        s == 200 && !b.contains("ATOMIC-SAVE")
    });

    // A new page, then deleted.
    let new = server.file("content/modules/03-new.md");
    std::fs::write(&new, "---\ntitle: Brand new\n---\nNEW-PAGE\n").unwrap();
    server.wait_for("/modules/new/", "a new page", |s, b| {
        s == 200 && b.contains("NEW-PAGE")
    });
    std::fs::remove_file(&new).unwrap();
    server.wait_for("/modules/new/", "a deleted page", |s, _| s == 404);

    // A folder created, then renamed: its pages move.
    std::fs::create_dir(server.file("content/extra")).unwrap();
    std::fs::write(
        server.file("content/extra/page.md"),
        "---\ntitle: Extra\n---\nEXTRA\n",
    )
    .unwrap();
    server.wait_for("/extra/page/", "a new folder", |s, b| {
        s == 200 && b.contains("EXTRA")
    });
    std::fs::rename(server.file("content/extra"), server.file("content/more")).unwrap();
    server.wait_for("/more/page/", "a renamed folder", |s, b| {
        s == 200 && b.contains("EXTRA")
    });
    server.wait_for("/extra/page/", "the old folder", |s, _| s == 404);

    // Swap and backup files change nothing and break nothing.
    std::fs::write(
        server.file("content/modules/.01-first-weeks.md.swp"),
        "junk",
    )
    .unwrap();
    std::fs::write(server.file("content/modules/01-first-weeks.md~"), "junk").unwrap();
    std::fs::write(server.file("content/modules/4913"), "").unwrap();
    let (_, _, state) = server.get("/__induct/poll");
    assert!(state.contains("\"failed\":false"), "{state}");

    // Preview never writes into the course.
    let written: Vec<String> = std::fs::read_dir(server.course.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "site" || n.contains("induct"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn drafts_and_held_back_stories_show_in_preview_with_a_banner() {
    let server = Server::start("build/basic");
    let (status, _, body) = server.get("/about/");
    assert_eq!(status, 200, "a draft is shown in preview");
    assert!(body.contains("class=\"not-published\""), "{body}");
    assert!(body.contains("this page is a draft"));
    let (_, _, home) = server.get("/");
    assert!(
        !home.contains("not-published"),
        "a published page has no banner"
    );

    let server = Server::start_on("build/stories", "2026-11-23");
    let (status, _, body) = server.get("/stories/no-consent/");
    assert_eq!(status, 200);
    assert!(
        body.contains("this story is held back: consent is not given"),
        "{body}"
    );
    // `build` is unaffected.
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(["build", server.course.path().to_str().unwrap(), "-d"])
        .arg(out.path().join("site"))
        .env("INDUCT_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    assert!(!out.path().join("site/stories/no-consent").exists());
    for (rel, bytes) in snapshot(&out.path().join("site")) {
        if rel.ends_with(".html") {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("class=\"not-published\""),
                "{rel}"
            );
        }
    }
}

/// A service whose `check_by` has passed fails `build`, but the preview
/// goes on and marks it, as it does a held-back story.
#[test]
fn an_overdue_service_shows_in_preview_with_a_banner() {
    let server = Server::start_on("build/support", "2100-01-01");
    let (status, _, body) = server.get("/support/");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("<strong>Details overdue for checking.</strong> They were due to be checked by <time datetime=\"2099-11-24\">24 November 2099</time>"),
        "{body}"
    );
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(["build", server.course.path().to_str().unwrap(), "-d"])
        .arg(out.path().join("site"))
        .env("INDUCT_TODAY", "2100-01-01")
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    let on_time = Server::start_on("build/support", "2099-11-24");
    let (_, _, body) = on_time.get("/support/");
    assert!(!body.contains("overdue"), "{body}");
}

/// The preview is never a build to publish, even when book.toml says
/// every build is: an example service is a warning there, and the page
/// is served with its note.
#[test]
fn a_placeholder_is_a_warning_in_the_preview() {
    let course = copy_fixture("build/support");
    let book = course.path().join("book.toml");
    let toml = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, format!("{toml}publish = true\n")).unwrap();
    let server = Server::spawn(course, "2026-12-03");
    let (status, _, body) = server.get("/support/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Example entry"), "{body}");
    let state = server.wait_for("/__induct/poll", "the warning", |_, b| {
        b.contains("support-placeholder")
    });
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["failed"], false, "{state}");
    let d = state["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "support-placeholder")
        .unwrap();
    assert_eq!(d["severity"], "warning", "{d}");
    assert_eq!(d["line"], 2, "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("PSU (`psu`) is an example entry"),
        "{d}"
    );
}

#[test]
fn a_theme_folder_made_while_serving_is_watched() {
    let server = Server::start("build/basic");
    let templates = server.file("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block main %}THEMED {{ page.title }}{% endblock main %}",
    )
    .unwrap();
    server.wait_for("/modules/first-weeks/", "the new theme", |s, b| {
        s == 200 && b.contains("THEMED Your first weeks")
    });
    // And a later edit inside it is seen too.
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block main %}RETHEMED {{ page.title }}{% endblock main %}",
    )
    .unwrap();
    server.wait_for(
        "/modules/first-weeks/",
        "an edit in the new theme",
        |s, b| s == 200 && b.contains("RETHEMED"),
    );
}

#[test]
fn a_template_that_includes_itself_is_an_error_and_the_preview_goes_on() {
    let server = Server::start("build/basic");
    let templates = server.file("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("pager.html"),
        "<nav>\n{% include \"pager.html\" %}\n</nav>\n",
    )
    .unwrap();
    let state = server.wait_for("/__induct/poll", "the loop", |_, b| {
        b.contains("\"failed\":true")
    });
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    let d = &state["diagnostics"][0];
    assert_eq!(d["file"], "themes/default/templates/pager.html");
    assert_eq!(d["line"], 2);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`pager.html` includes itself"),
        "{d}"
    );
    // Still serving the last good site.
    let (status, _, body) = server.get("/modules/first-weeks/");
    assert_eq!(status, 200);
    assert!(body.contains("Your first weeks"));
    // Fixed: the theme's pager is used.
    std::fs::write(templates.join("pager.html"), "<nav>PAGER-FIXED</nav>\n").unwrap();
    server.wait_for("/modules/first-weeks/", "the fixed template", |s, b| {
        s == 200 && b.contains("PAGER-FIXED")
    });
}

#[test]
fn ctrl_c_stops_it_and_leaves_nothing_behind() {
    let mut server = Server::start("build/basic");
    assert_eq!(server.get("/").0, 200);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let stopped = retry(|| server.child.try_wait().unwrap().map(|_| ()));
    assert!(stopped.is_some(), "still running after Ctrl-C");
    let left: Vec<String> = std::fs::read_dir(server.course.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "site" || n.contains("induct"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "the port is free"
    );
}

#[test]
fn book_toml_first_failures_and_drafts() {
    let server = Server::start("build/basic");
    // book.toml is read again when it changes.
    let book = server.file("book.toml");
    let original = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, original.replace("Fixture course", "Renamed course")).unwrap();
    server.wait_for("/", "a new course title", |s, b| {
        s == 200 && b.contains("Renamed course")
    });
    std::fs::write(&book, format!("{original}\ntitel = \"x\"\n")).unwrap();
    server.wait_for("/__induct/poll", "a broken book.toml", |_, b| {
        b.contains("\"failed\":true") && b.contains("book.toml")
    });
    std::fs::write(&book, &original).unwrap();
    server.wait_for("/__induct/poll", "book.toml fixed", |_, b| {
        b.contains("\"failed\":false")
    });

    // An error in a draft does not stop the preview (build leaves it out).
    let draft = server.file("content/about.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(&draft, format!("{text}\n[broken](nowhere.md) DRAFT-EDIT\n")).unwrap();
    let body = server.wait_for("/about/", "the draft's edit", |s, b| {
        s == 200 && b.contains("DRAFT-EDIT")
    });
    assert!(body.contains("not-published"));
    let (_, _, state) = server.get("/__induct/poll");
    assert!(state.contains("\"failed\":false"), "{state}");

    // Only this computer's names are answered on loopback.
    let (status, _, body) = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: rebound.example:{}\r\nConnection: close\r\n\r\n",
            server.port
        )
        .as_bytes(),
    );
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("Fixture course"));
    let (status, _, _) = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            server.port
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    // A request must name the host: one with no Host is refused.
    let (status, _, body) = server.raw(b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("no Host header"));
    let (status, _, _) = server.raw(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400);
}

#[test]
fn a_first_build_that_fails_shows_its_errors_and_recovers() {
    let course = copy_fixture("build/basic");
    let page = course.path().join("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, original.replacen("title:", "titel:", 1)).unwrap();
    let server = Server::spawn(course, "2026-11-23");
    let (status, _, body) = server.get("/modules/first-weeks/");
    assert_eq!(status, 503);
    assert!(
        body.contains("/__induct/live.js"),
        "the page can show the overlay and reload"
    );
    let (_, _, state) = server.get("/__induct/poll");
    assert!(state.contains("titel"), "{state}");
    std::fs::write(&page, &original).unwrap();
    server.wait_for("/modules/first-weeks/", "the fixed course", |s, _| s == 200);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_course_is_not_served_or_built() {
    let course = copy_fixture("build/basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "OUTSIDE-SECRET").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        course.path().join("content/files/leak.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let built = induct(&[
        "build",
        course.path().to_str().unwrap(),
        "-d",
        out.path().join("site").to_str().unwrap(),
    ]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(stderr(&built)
        .contains("content/files/leak.txt: this is a symbolic link to a file outside the course"));
    assert!(!out.path().join("site/files/leak.txt").exists());
    let server = Server::spawn(course, "2026-11-23");
    let (status, _, body) = server.get("/files/leak.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("OUTSIDE-SECRET"));
}

#[test]
fn a_link_that_would_break_shows_in_the_preview_until_kept_or_retired() {
    let course = copy_fixture("build/basic");
    // A build records the course's addresses, as it would before publishing.
    assert_eq!(induct_in(course.path(), &["build"]).status.code(), Some(0));
    let server = Server::spawn(course, "2026-11-23");
    let page = server.file("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        original.replace("## Who to call {#pinned}", "## Who to call first {#first}"),
    )
    .unwrap();
    std::fs::write(
        server.file("content/modules/02-support/who.md"),
        std::fs::read_to_string(server.file("content/modules/02-support/who.md"))
            .unwrap()
            .replace("#pinned", "#first"),
    )
    .unwrap();
    let state = server.wait_for("/__induct/poll", "the lost link", |_, b| {
        b.contains("\"failed\":true") && b.contains("would break")
    });
    assert!(state.contains("links.lock"), "{state}");
    assert!(state.contains("pinned: first"), "{state}");
    // Retiring the address in links.lock is seen too, and the page updates.
    let lock = server.file("links.lock");
    let kept: String = std::fs::read_to_string(&lock)
        .unwrap()
        .lines()
        .filter(|l| *l != "modules/first-weeks/#pinned")
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&lock, kept).unwrap();
    server.wait_for("/modules/first-weeks/", "the renamed heading", |s, b| {
        s == 200 && b.contains("id=\"first\"")
    });
    let (_, _, state) = server.get("/__induct/poll");
    assert!(state.contains("\"failed\":false"), "{state}");
    assert!(
        !std::fs::read_to_string(&lock).unwrap().contains("#first"),
        "the preview never writes links.lock"
    );
}

#[test]
fn a_saved_page_is_searchable_at_once() {
    let server = Server::start("build/basic");
    let page = server.file("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{original}\nA quokkaesque word.\n")).unwrap();
    server.wait_for("/modules/first-weeks/", "the edit", |s, b| {
        s == 200 && b.contains("quokkaesque")
    });
    let index = server.wait_for("/search/index.js", "the index", |s, b| {
        s == 200 && b.contains("\"quokkaesque\"")
    });
    // The index written again after one page is the one a full build makes.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(server.course.path(), copy.path());
    let fresh = Server::spawn(copy, "2026-11-23");
    let (_, _, full) = fresh.get("/search/index.js");
    assert_eq!(index, full);
    let shard = |s: &Server| {
        (0..)
            .map(|k| s.get(&format!("/search/text-{k}.js")))
            .take_while(|(status, _, _)| *status == 200)
            .map(|(_, _, body)| body)
            .collect::<Vec<_>>()
    };
    assert_eq!(shard(&server), shard(&fresh));
    assert!(shard(&server).concat().contains("A quokkaesque word."));
}

#[test]
fn the_preview_sets_no_cookie() {
    let server = Server::start("build/basic");
    let paths = [
        "/",
        "/modules/first-weeks/",
        "/modules",
        "/assets/induct.css",
        "/assets/induct.js",
        "/modules/02-support/map.png",
        "/no/such/page/",
        "/links/",
        "/sitemap.xml",
        "/__induct/live.js",
        "/__induct/poll",
    ];
    for path in paths {
        let (status, head, _) = server.get(path);
        assert!(status > 0, "{path}: no answer");
        assert_eq!(header(&head, "set-cookie"), None, "{path}: {head}");
    }
    let (status, head, _) = server.raw(
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405);
    assert_eq!(header(&head, "set-cookie"), None, "{head}");
    // Pages served carry the site's policy too.
    let (_, _, body) = server.get("/modules/first-weeks/");
    assert!(
        body.contains("http-equiv=\"Content-Security-Policy\""),
        "{body}"
    );
}

/// Reads one answer from a connection that stays open: its head, then as
/// many bytes of body as `Content-Length` says (none for a HEAD request).
fn read_answer(reader: &mut impl std::io::BufRead, head_only: bool) -> (u16, String, Vec<u8>) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap();
        assert!(n > 0, "the connection closed before an answer: {head}");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length: usize = header(&head, "content-length").unwrap().parse().unwrap();
    let mut body = vec![0; if head_only { 0 } else { length }];
    reader.read_exact(&mut body).unwrap();
    (status, head, body)
}

/// A connection to `server` that waits at most a minute for each read.
fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
}

/// True once the server has closed `stream` (a read gives end of file or
/// a reset), false if it is still open after the read timeout.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    }
}

/// The generation the preview shows now.
fn generation(server: &Server) -> u64 {
    let (_, _, state) = server.get("/__induct/poll");
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    state["generation"].as_u64().unwrap()
}

#[test]
fn a_kept_alive_connection_answers_every_request_on_it() {
    // A file far larger than a socket's buffers: its answer is written
    // over many turns, as the client reads.
    let course = copy_fixture("build/basic");
    let big: Vec<u8> = (0..16 << 20).map(|i: u32| (i % 251) as u8).collect();
    std::fs::write(course.path().join("content/files/big.bin"), &big).unwrap();
    let server = Server::spawn(course, "2026-11-23");
    let stream = connect(&server);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let (_, _, home) = server.get("/");
    for i in 0..30 {
        let (method, path) = match i % 3 {
            0 => ("GET", "/"),
            1 => ("HEAD", "/assets/induct.css"),
            _ => ("GET", "/no/such/page/"),
        };
        writer
            .write_all(format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
            .unwrap();
        let (status, head, body) = read_answer(&mut reader, method == "HEAD");
        assert_eq!(status, [200, 200, 404][i % 3], "request {i}: {head}");
        assert_eq!(header(&head, "connection"), None, "kept alive: {head}");
        if i % 3 == 0 {
            assert_eq!(String::from_utf8_lossy(&body), home);
        }
    }
    for _ in 0..2 {
        writer
            .write_all(b"GET /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let (status, _, body) = read_answer(&mut reader, false);
        assert_eq!(status, 200);
        assert!(body == big, "the large file arrives whole");
    }
    // Requests sent together (pipelined) are answered in order.
    writer
        .write_all(
            b"GET /sitemap.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /modules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let (status, head, _) = read_answer(&mut reader, false);
    assert_eq!(status, 200);
    assert_eq!(header(&head, "content-type"), Some("application/xml"));
    assert_eq!(read_answer(&mut reader, false).0, 301);
    let (status, head, _) = read_answer(&mut reader, false);
    assert_eq!(status, 200);
    assert_eq!(header(&head, "connection"), Some("close"));
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "closed after `Connection: close`");
}

#[test]
fn connections_past_the_cap_get_503_and_service_resumes_when_they_close() {
    let server = Server::start_with("build/basic", &[("INDUCT_SERVE_MAX_CONNECTIONS", "4")]);
    // Four connections, each answered once and kept open.
    let held: Vec<_> = (0..4)
        .map(|_| {
            let stream = connect(&server);
            let mut writer = stream.try_clone().unwrap();
            let mut reader = std::io::BufReader::new(stream);
            writer
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .unwrap();
            assert_eq!(read_answer(&mut reader, false).0, 200);
            reader
        })
        .collect();
    let (status, head, body) = server.get("/");
    assert_eq!(status, 503, "{head}");
    assert_eq!(header(&head, "retry-after"), Some("2"));
    assert!(body.contains("connections open"), "{body}");
    drop(held);
    server.wait_for("/", "service after the connections closed", |s, _| s == 200);
}

#[test]
fn an_idle_connection_is_closed_after_the_keep_alive_timeout() {
    let server = Server::start_with("build/basic", &[("INDUCT_SERVE_KEEP_ALIVE_MS", "1000")]);
    // After an answer, a connection that sends nothing more.
    let mut stream = connect(&server);
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    assert_eq!(read_answer(&mut reader, false).0, 200);
    assert!(
        closed_by_server(&mut stream),
        "an idle connection stays open"
    );
    // A connection that never finishes its request.
    let mut stream = connect(&server);
    stream.write_all(b"GET / HTTP/1.1\r\nHost: 12").unwrap();
    assert!(closed_by_server(&mut stream), "a slow request stays open");
    // One that sends nothing at all.
    let mut stream = connect(&server);
    assert!(
        closed_by_server(&mut stream),
        "a silent connection stays open"
    );
    assert_eq!(server.get("/").0, 200, "still serving");
}

/// A new connection with `request` sent on it, to read the answer from.
fn send(server: &Server, request: &[u8]) -> std::io::BufReader<TcpStream> {
    let mut stream = connect(server);
    stream.write_all(request).unwrap();
    std::io::BufReader::new(stream)
}

/// `n` connections, each with a long poll that saw generation `seen`.
fn open_polls(server: &Server, n: usize, seen: u64) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut s = connect(server);
            s.write_all(
                format!("GET /__induct/poll?since={seen} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .as_bytes(),
            )
            .unwrap();
            s
        })
        .collect()
}

#[test]
fn many_long_polls_at_once_leave_pages_answered_and_all_hear_of_a_change() {
    let server = Server::start("build/basic");
    let seen = generation(&server);
    let polls = open_polls(&server, 64, seen);
    // Far more polls waiting than the server has workers: pages are
    // still answered.
    for path in ["/", "/modules/first-weeks/", "/assets/induct.css"] {
        assert_eq!(server.get(path).0, 200, "{path}");
    }
    // A save answers every one of them with the new generation, and each
    // connection stays open for the next poll.
    let page = server.file("content/modules/01-first-weeks.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{original}\nPOLLED\n")).unwrap();
    for stream in polls {
        let mut reader = std::io::BufReader::new(stream);
        let (status, head, body) = read_answer(&mut reader, false);
        assert_eq!(status, 200, "{head}");
        let state: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(state["generation"].as_u64().unwrap() > seen, "{state}");
        assert_eq!(header(&head, "connection"), None);
    }
}

#[test]
fn over_long_request_lines_and_heads_are_refused_without_reading_them() {
    let server = Server::start("build/basic");
    let (status, _, body) = server.raw(
        format!(
            "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "a".repeat(20_000)
        )
        .as_bytes(),
    );
    assert_eq!(status, 414);
    assert!(String::from_utf8_lossy(&body).contains("request line is longer"));
    let (status, _, _) = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
            "b".repeat(40_000)
        )
        .as_bytes(),
    );
    assert_eq!(status, 431);
    let many: String = (0..200).map(|i| format!("X-{i}: y\r\n")).collect();
    let (status, _, _) = server.raw(
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}Connection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 431);
    // HTTP/2 without TLS is answered, not left hanging.
    let (status, _, _) = server.raw(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assert_eq!(status, 505);

    // A request line that never ends: the answer comes while it is still
    // being sent, and the server's memory does not grow with it.
    #[cfg(target_os = "linux")]
    {
        let peak = || -> u64 {
            let status =
                std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
            let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
            line.split_whitespace().nth(1).unwrap().parse().unwrap()
        };
        let before = peak();
        let mut stream = connect(&server);
        let mut writer = stream.try_clone().unwrap();
        let sender = std::thread::spawn(move || {
            let chunk = vec![b'a'; 1 << 20];
            let _ = writer.write_all(b"GET /");
            // 64 MiB, or until the server stops taking it.
            for _ in 0..64 {
                if writer.write_all(&chunk).is_err() {
                    break;
                }
            }
        });
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        assert!(
            answer.starts_with(b"HTTP/1.1 414"),
            "{:?}",
            &answer[..answer.len().min(40)]
        );
        sender.join().unwrap();
        let grown_kib = peak().saturating_sub(before);
        assert!(grown_kib < 16 * 1024, "the server grew by {grown_kib} KiB");
        assert_eq!(server.get("/").0, 200, "still serving");
    }
}

/// The server's resident memory at its peak so far, in KiB.
#[cfg(target_os = "linux")]
fn peak_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A copy of `build/basic` with a 16 MiB file at `/files/big.bin`, and
/// that file's bytes.
fn course_with_a_big_file() -> (tempfile::TempDir, Vec<u8>) {
    let course = copy_fixture("build/basic");
    let big: Vec<u8> = (0..16 << 20).map(|i: u32| (i % 251) as u8).collect();
    std::fs::write(course.path().join("content/files/big.bin"), &big).unwrap();
    (course, big)
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_file_is_read_as_it_is_sent_not_held_whole_per_connection() {
    let (course, big) = course_with_a_big_file();
    let server = Server::spawn(course, "2026-11-23");
    assert_eq!(server.get("/").0, 200);
    let before = peak_kib(&server);
    // HEAD is answered from the file's length alone.
    let stream = connect(&server);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = std::io::BufReader::new(stream);
    for _ in 0..4 {
        writer
            .write_all(b"HEAD /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let (status, head, _) = read_answer(&mut reader, true);
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length"), Some("16777216"));
    }
    // Eight clients ask for it and read only the start of the answer, so
    // the server is in the middle of sending it to each.
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let mut reader = send(
                &server,
                b"GET /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            );
            let mut start = [0u8; 12];
            reader.read_exact(&mut start).unwrap();
            assert_eq!(&start, b"HTTP/1.1 200");
            reader
        })
        .collect();
    // Eight copies of the file would be 128 MiB.
    let grown_kib = peak_kib(&server).saturating_sub(before);
    assert!(grown_kib < 40 * 1024, "the server grew by {grown_kib} KiB");
    for mut reader in readers {
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8; 1];
            reader.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let mut body = vec![0; big.len()];
        reader.read_exact(&mut body).unwrap();
        assert!(body == big, "the file arrives whole");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn head_of_a_course_file_looks_only_at_its_length() {
    // 256 MiB that take no room on disk: reading them would show in the
    // server's memory.
    let course = copy_fixture("build/basic");
    let file = std::fs::File::create(course.path().join("content/files/sparse.bin")).unwrap();
    file.set_len(256 << 20).unwrap();
    drop(file);
    let server = Server::spawn(course, "2026-11-23");
    assert_eq!(server.get("/").0, 200);
    let before = peak_kib(&server);
    let (status, head, body) = server
        .raw(b"HEAD /files/sparse.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200, "{head}");
    assert_eq!(header(&head, "content-length"), Some("268435456"));
    assert!(body.is_empty());
    let grown_kib = peak_kib(&server).saturating_sub(before);
    assert!(grown_kib < 64 * 1024, "the server grew by {grown_kib} KiB");
}

#[test]
fn a_slow_reader_gets_a_large_file_whole() {
    // The write timeout bounds a client that reads nothing; one that
    // reads slowly, for longer in all than the timeout, still gets all.
    let (course, big) = course_with_a_big_file();
    let server = Server::spawn_with(
        course,
        "2026-11-23",
        // Each pause between reads is a hundredth of the timeout, so a
        // loaded machine that is late to run the reader does not fail it;
        // the whole read (about 5 s) is five times the timeout.
        &[("INDUCT_SERVE_WRITE_TIMEOUT_MS", "1000")],
    );
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let mut chunk = vec![0u8; 32 * 1024];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => 0,
            Err(e) => panic!("{e}"),
        };
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        std::thread::sleep(Duration::from_millis(10));
    }
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    assert_eq!(answer.len() - split, big.len(), "all of the file arrives");
    assert!(answer[split..] == big[..], "the file arrives unchanged");
}

#[test]
fn a_reader_that_reads_nothing_is_let_go_after_the_write_timeout() {
    let (course, big) = course_with_a_big_file();
    let server = Server::spawn_with(
        course,
        "2026-11-23",
        &[("INDUCT_SERVE_WRITE_TIMEOUT_MS", "300")],
    );
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    // Reads nothing for ten times the timeout, then all that is there.
    std::thread::sleep(Duration::from_secs(3));
    let mut answer = Vec::new();
    let mut chunk = vec![0u8; 256 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"), "the answer began");
    assert!(
        answer.len() < big.len(),
        "the server gave up on the answer: {} of {} bytes",
        answer.len(),
        big.len()
    );
    // And goes on serving others.
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn long_polls_closed_by_their_clients_free_their_connections_at_once() {
    let server = Server::start_with("build/basic", &[("INDUCT_SERVE_MAX_CONNECTIONS", "5")]);
    let seen = generation(&server);
    // One connection kept open to ask through.
    let probe = connect(&server);
    let mut probe_writer = probe.try_clone().unwrap();
    let mut probe = std::io::BufReader::new(probe);
    let mut ask = |path: &str| {
        probe_writer
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
            .unwrap();
        read_answer(&mut probe, false).0
    };
    for round in 0..3 {
        // Four polls fill the other connections.
        let polls = open_polls(&server, 4, seen);
        assert_eq!(ask("/"), 200);
        let (status, _, _) = server.get("/");
        assert_eq!(
            status, 503,
            "round {round}: the polls hold every connection"
        );
        // Their tabs close; the server hears of it (an answer on the
        // probe comes after it has read what came before).
        drop(polls);
        assert_eq!(ask("/"), 200);
        // Four new clients are served together, well before the polls'
        // time would be up.
        let clients: Vec<_> = (0..4)
            .map(|_| send(&server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            .collect();
        for mut client in clients {
            let (status, head, _) = read_answer(&mut client, false);
            assert_eq!(status, 200, "round {round}: {head}");
        }
    }
}

#[test]
fn refusals_of_head_requests_have_no_body() {
    let server = Server::start("build/basic");
    let request = |method: &str, status: u16| match status {
        414 => format!(
            "{method} /{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "a".repeat(20_000)
        ),
        _ => format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
            "b".repeat(40_000)
        ),
    };
    for status in [414, 431] {
        let (got, _, get_body) = server.raw(request("GET", status).as_bytes());
        assert_eq!(got, status);
        assert!(!get_body.is_empty());
        let (got, head, body) = server.raw(request("HEAD", status).as_bytes());
        assert_eq!(got, status, "{head}");
        assert!(body.is_empty(), "{status} to HEAD has a body: {body:?}");
        // The length a GET would get (RFC 9110, section 8.6).
        let length = get_body.len().to_string();
        assert_eq!(header(&head, "content-length"), Some(length.as_str()));
    }
}

/// The fingerprint `induct check` gives the story at `path` (from the
/// course root) of the course in `course`.
fn fingerprint_of(course: &Path, path: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_induct"))
        .args(["check", "--format", "json"])
        .arg(course)
        .env("INDUCT_TODAY", "2026-11-23")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let story = report["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
        .unwrap_or_else(|| panic!("{path}: {report}"));
    story["fingerprint"].as_str().unwrap().to_string()
}

#[test]
fn the_review_pages_list_every_story_and_mark_its_findings() {
    let server = Server::start_on("build/stories", "2026-11-23");
    let (status, head, list) = server.get("/__induct/review/");
    assert_eq!(status, 200, "{list}");
    assert!(head.contains("text/html"), "{head}");
    let doc = scraper::Html::parse_document(&list);
    let items: Vec<String> = select(&doc, "main .review-item")
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(items.len(), 7, "every story: {items:?}");
    let item = |title: &str| {
        items
            .iter()
            .find(|i| i.contains(title))
            .unwrap_or_else(|| panic!("{title}: {items:?}"))
            .clone()
    };
    assert!(item("Back on track").contains("Published"));
    assert!(item("Back on track").contains("0 findings"));
    assert!(item("Not yet agreed").contains("Held back: consent is not given"));
    assert!(item("Still being anonymised").contains("1 finding"));
    assert!(item("A draft story").contains("Draft"));
    let hrefs: Vec<&str> = select(&doc, "main .review-item > a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert!(hrefs.contains(&"stories/not-reviewed/"), "{hrefs:?}");

    let path = "/__induct/review/stories/not-reviewed/";
    let (status, _, view) = server.get(path);
    assert_eq!(status, 200, "{view}");
    let doc = scraper::Html::parse_document(&view);
    assert_eq!(text(&doc, "main h1"), "Review: Still being anonymised");
    let marks = select(&doc, "main mark.review-mark");
    assert_eq!(marks.len(), 1, "{view}");
    assert_eq!(marks[0].value().attr("title"), Some("a personal name"));
    assert_eq!(marks[0].text().collect::<String>(), "Okafor name");
    let snippets: Vec<String> = select(&doc, "main .review-snippet pre")
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    let hash = fingerprint_of(server.course.path(), "content/stories/05-not-reviewed.md");
    assert_eq!(
        snippets,
        [
            "allow: [\"Okafor\"]".to_string(),
            format!("anonymisation: reviewed\nreviewed_by: \nreviewed_on: 2026-11-23\nreviewed_hash: \"{hash}\"")
        ]
    );
    // Each snippet has the theme's copy button (shown by its script).
    let copies: Vec<&str> = select(&doc, "main .review-snippet button[data-copy][hidden]")
        .iter()
        .map(|b| b.value().attr("data-copy").unwrap())
        .collect();
    assert_eq!(
        copies,
        snippets.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(text(&doc, "main").contains("content/stories/05-not-reviewed.md:10:4"));
    assert_eq!(
        select(&doc, "main .review-checklist input[type=checkbox]").len(),
        7
    );
    assert!(
        !view.contains(" style="),
        "no inline style under the policy"
    );
    // The story's own page, held back, links to its review page.
    let (_, _, story) = server.get("/stories/not-reviewed/");
    assert!(
        story.contains("href=\"../../__induct/review/stories/not-reviewed/\""),
        "{story}"
    );

    // A save shows in the review page.
    let file = server.file("content/stories/05-not-reviewed.md");
    let before = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{before}\nI told Dr Mensah as well.\n")).unwrap();
    let view = server.wait_for(path, "the review page after an edit", |_, body| {
        body.contains("Mensah<span class=\"review-label\"> name</span></mark>")
    });
    let new_hash = fingerprint_of(server.course.path(), "content/stories/05-not-reviewed.md");
    assert_ne!(new_hash, hash);
    assert!(
        view.contains(&format!("reviewed_hash: &quot;{new_hash}&quot;")),
        "{view}"
    );
}
