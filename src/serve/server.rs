//! The preview's connections: accepting, reading requests, writing
//! answers, keeping connections alive, and parking long polls.
//!
//! Input: a bound listener and the [`Shared`] state; output: answers from
//! [`http::respond`], each written in one piece. One thread (the
//! *reactor*, on `mio`) owns every socket and never blocks on one: it
//! reads what has arrived and parses request heads with `httparse`, and
//! writes answers as far as the socket takes them, so an idle, slow or
//! slow-reading client costs a socket and a buffer, never a thread. A
//! complete head goes to a small fixed pool of workers, which make its
//! answer and hand the bytes back. A long poll that has nothing new yet
//! is parked in a list that a notifier thread answers when the site
//! changes or the poll's time is up, so any number of waiting tabs ties up
//! no worker.
//!
//! Invariants: at most [`Limits::max_connections`] connections are open
//! (one more is answered 503 and closed); a connection with no complete
//! request for [`Limits::keep_alive`] is closed, and so is one that reads
//! nothing of its answer for [`WRITE_TIMEOUT`]; a request line longer
//! than [`MAX_LINE`] is answered 414 and a head longer than [`MAX_HEAD`]
//! 431, without reading more of it; every socket has `TCP_NODELAY` and
//! gets each answer as one buffer, so no answer waits on Nagle's
//! algorithm and a delayed ACK.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token, Waker};

use super::http::{self, Head, Reply, Response};
use super::Shared;
use crate::error::Error;

/// The longest request line read: a longer one is answered 414.
pub const MAX_LINE: usize = 8 * 1024;
/// The longest request head (request line and headers) read: a longer one
/// is answered 431.
pub const MAX_HEAD: usize = 32 * 1024;
/// The most header fields a request may have.
const MAX_HEADERS: usize = 100;
/// How long a connection the server closes may go on sending (what it
/// sends is read and dropped), so that the client reads the last answer
/// rather than a reset.
const LINGER: Duration = Duration::from_secs(2);
/// How long a client may go without reading any of its answer before
/// the connection is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Workers making answers: from memory (or a course file read from disk),
/// never waiting on a client.
const WORKERS: usize = 4;

/// How the server's threads are named.
pub const THREAD_PREFIX: &str = "induct-http";

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// The bounds on connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; one more is answered 503.
    pub max_connections: usize,
    /// How long a connection may wait for its next request.
    pub keep_alive: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            keep_alive: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// The defaults, changed by `INDUCT_SERVE_MAX_CONNECTIONS` and
    /// `INDUCT_SERVE_KEEP_ALIVE_MS` when they are set (for tests and for
    /// the rare course shown to a whole room).
    pub fn from_env() -> Result<Limits, Error> {
        let mut limits = Limits::default();
        if let Some(n) = env_number("INDUCT_SERVE_MAX_CONNECTIONS")? {
            limits.max_connections = usize::try_from(n).unwrap_or(usize::MAX).max(1);
        }
        if let Some(ms) = env_number("INDUCT_SERVE_KEEP_ALIVE_MS")? {
            limits.keep_alive = Duration::from_millis(ms.max(1));
        }
        Ok(limits)
    }
}

fn env_number(name: &str) -> Result<Option<u64>, Error> {
    let Some(value) = std::env::var_os(name) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    text.trim().parse().map(Some).map_err(|_| {
        Error::usage_with_help(
            format!("{name}=`{text}` is not a whole number"),
            format!("set it to a number such as {name}=100, or unset it"),
        )
    })
}

/// Serves `listener` until waiting for connections fails, and says why.
pub fn serve(listener: TcpListener, shared: Arc<Shared>, limits: Limits) -> Error {
    match start(listener, shared, limits) {
        Ok(mut reactor) => io_error(reactor.run()),
        Err(e) => io_error(e),
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::usage_with_help(
        format!("the preview cannot wait for connections: {e}"),
        "start `induct serve` again; close browser tabs or programs holding many connections to it",
    )
}

/// The reactor, with the workers and the notifier started.
fn start(listener: TcpListener, shared: Arc<Shared>, limits: Limits) -> std::io::Result<Reactor> {
    listener.set_nonblocking(true)?;
    let mut listener = mio::net::TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
    let done = HandBack { tx: done_tx, waker };
    let (job_tx, job_rx) = std::sync::mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let parked = Arc::new(Parked::default());
    for i in 0..WORKERS {
        let worker = Worker {
            jobs: Arc::clone(&job_rx),
            shared: Arc::clone(&shared),
            parked: Arc::clone(&parked),
            done: done.clone(),
        };
        spawn(&format!("worker-{i}"), move || worker.run())?;
    }
    {
        let shared = Arc::clone(&shared);
        let parked = Arc::clone(&parked);
        spawn("changes", move || watch_changes(&shared, &parked))?;
    }
    {
        let done = done.clone();
        spawn("polls", move || answer_polls(&shared, &parked, &done))?;
    }
    Ok(Reactor {
        poll,
        listener,
        limits,
        conns: HashMap::new(),
        next_token: 2,
        jobs: job_tx,
        done: done_rx,
        accept_paused: None,
    })
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}-{name}"))
        .spawn(f)
        .map(drop)
}

/// What happens to a connection after its answer.
#[derive(Debug, Clone, Copy)]
enum Next {
    KeepAlive,
    Close,
}

/// An answer made for the connection `token`.
struct Done {
    token: Token,
    bytes: Vec<u8>,
    next: Next,
}

/// Hands answers to the reactor and wakes it.
#[derive(Clone)]
struct HandBack {
    tx: Sender<Done>,
    waker: Arc<Waker>,
}

impl HandBack {
    fn send(&self, token: Token, bytes: Vec<u8>, next: Next) {
        if self.tx.send(Done { token, bytes, next }).is_ok() {
            let _ = self.waker.wake();
        }
    }
}

/// A request for a worker to answer.
struct Job {
    token: Token,
    head: Head,
}

/// The reactor's state of one connection.
enum State {
    /// Waiting for (the rest of) a request head.
    Reading,
    /// A worker or a parked poll is making its answer.
    Busy,
    /// Writing an answer, `at` bytes of it written so far.
    Writing {
        bytes: Vec<u8>,
        at: usize,
        next: Next,
    },
    /// Closed for writing after its last answer: what it still sends is
    /// read and dropped until it closes or the deadline passes.
    Lingering,
}

struct Entry {
    stream: TcpStream,
    buf: Vec<u8>,
    state: State,
    /// When the connection is closed if it is still in this state (none
    /// while it is being registered).
    deadline: Option<Instant>,
}

struct Reactor {
    poll: Poll,
    listener: mio::net::TcpListener,
    limits: Limits,
    /// Every open connection, refused ones lingering included.
    conns: HashMap<Token, Entry>,
    next_token: usize,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Accepting failed (out of file descriptors): try again after this.
    accept_paused: Option<Instant>,
}

/// What reading a connection came to.
enum Progress {
    /// Nothing more for now.
    Pending,
    /// A complete head, taken out of the buffer.
    Head(Head),
    /// A request to refuse with this answer, then close.
    Refuse(Response),
    /// The client closed, or the connection failed.
    Gone,
}

impl Reactor {
    /// Runs until polling fails.
    fn run(&mut self) -> std::io::Error {
        let mut events = Events::with_capacity(256);
        let sweep_every = (self.limits.keep_alive / 2)
            .clamp(Duration::from_millis(10), Duration::from_millis(250));
        let mut next_sweep = Instant::now() + sweep_every;
        loop {
            let now = Instant::now();
            let mut timeout = next_sweep.saturating_duration_since(now);
            if let Some(at) = self.accept_paused {
                timeout = timeout.min(at.saturating_duration_since(now));
            }
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() != ErrorKind::Interrupted {
                    return e;
                }
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    token => {
                        if event.is_writable() {
                            self.write_out(token);
                        }
                        if event.is_readable() || event.is_read_closed() {
                            self.readable(token);
                        }
                    }
                }
            }
            while let Ok(done) = self.done.try_recv() {
                self.answer(done);
            }
            let now = Instant::now();
            if self.accept_paused.is_some_and(|at| at <= now) {
                self.accept_paused = None;
                self.accept();
            }
            if now >= next_sweep {
                self.sweep(now);
                next_sweep = now + sweep_every;
            }
        }
    }

    fn accept(&mut self) {
        while self.accept_paused.is_none() {
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => {
                    // Out of file descriptors, most likely: what is open
                    // goes on being served, and accepting resumes shortly.
                    self.accept_paused = Some(Instant::now() + Duration::from_millis(100));
                }
            }
        }
    }

    fn admit(&mut self, mut stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let open = self.conns.len();
        let max = self.limits.max_connections;
        if open >= max {
            // Refused connections linger too, but not without end.
            if open < 2 * max {
                if let Some(token) = self.insert(stream) {
                    let refusal = http::too_many_connections(max).to_bytes(false, true);
                    self.send(token, refusal, Next::Close);
                }
            } else {
                let _ = stream.write(&http::too_many_connections(max).to_bytes(false, true));
            }
            return;
        }
        if let Some(token) = self.insert(stream) {
            self.set_reading(token);
        }
    }

    /// Registers a new connection, busy until told otherwise.
    fn insert(&mut self, mut stream: TcpStream) -> Option<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.poll
            .registry()
            .register(&mut stream, token, Interest::READABLE | Interest::WRITABLE)
            .ok()?;
        self.conns.insert(
            token,
            Entry {
                stream,
                buf: Vec::new(),
                state: State::Busy,
                deadline: None,
            },
        );
        Some(token)
    }

    /// Waits for the next request on `token`, which may be in the buffer
    /// or on the socket already.
    fn set_reading(&mut self, token: Token) {
        if let Some(entry) = self.conns.get_mut(&token) {
            entry.state = State::Reading;
            entry.deadline = Some(Instant::now() + self.limits.keep_alive);
        }
        self.readable(token);
    }

    /// Starts writing `bytes` to `token`.
    fn send(&mut self, token: Token, bytes: Vec<u8>, next: Next) {
        if let Some(entry) = self.conns.get_mut(&token) {
            entry.state = State::Writing { bytes, at: 0, next };
            entry.deadline = Some(Instant::now() + WRITE_TIMEOUT);
        }
        self.write_out(token);
    }

    fn answer(&mut self, done: Done) {
        let Done { token, bytes, next } = done;
        if self
            .conns
            .get(&token)
            .is_some_and(|e| matches!(e.state, State::Busy))
        {
            self.send(token, bytes, next);
        }
    }

    /// Writes as much of the answer as the socket takes.
    fn write_out(&mut self, token: Token) {
        let Some(entry) = self.conns.get_mut(&token) else {
            return;
        };
        let State::Writing { bytes, at, next } = &mut entry.state else {
            return;
        };
        let next = *next;
        while *at < bytes.len() {
            match entry.stream.write(&bytes[*at..]) {
                Ok(0) => return self.close(token),
                Ok(n) => {
                    *at += n;
                    // The limit is on a client that stops reading, not
                    // on a large file going out at the pace of a slow link.
                    entry.deadline = Some(Instant::now() + WRITE_TIMEOUT);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return self.close(token),
            }
        }
        match next {
            Next::KeepAlive => self.set_reading(token),
            Next::Close => {
                let _ = entry.stream.shutdown(Shutdown::Write);
                entry.state = State::Lingering;
                entry.buf = Vec::new();
                entry.deadline = Some(Instant::now() + LINGER);
                self.readable(token);
            }
        }
    }

    fn readable(&mut self, token: Token) {
        let Some(entry) = self.conns.get_mut(&token) else {
            return;
        };
        match entry.state {
            State::Busy | State::Writing { .. } => {}
            State::Lingering => {
                if !drain(&mut entry.stream) {
                    self.close(token);
                }
            }
            State::Reading => match read_head(entry) {
                Progress::Pending => {}
                Progress::Gone => self.close(token),
                Progress::Refuse(response) => {
                    self.send(token, response.to_bytes(false, true), Next::Close)
                }
                Progress::Head(head) => {
                    entry.state = State::Busy;
                    // Its answer comes within a long poll's time; this is
                    // only a guard.
                    entry.deadline = Some(Instant::now() + http::POLL_TIMEOUT + WRITE_TIMEOUT);
                    let _ = self.jobs.send(Job { token, head });
                }
            },
        }
    }

    fn close(&mut self, token: Token) {
        if let Some(mut entry) = self.conns.remove(&token) {
            let _ = self.poll.registry().deregister(&mut entry.stream);
        }
    }

    /// Closes connections past their deadline: idle ones, ones that never
    /// finished a request head or do not read their answer, and lingering
    /// ones.
    fn sweep(&mut self, now: Instant) {
        let late: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, e)| e.deadline.is_some_and(|d| d <= now))
            .map(|(t, _)| *t)
            .collect();
        for token in late {
            self.close(token);
        }
    }
}

/// Reads and drops what a lingering connection sends; false once it has
/// closed (or failed).
fn drain(stream: &mut TcpStream) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Reads what has arrived on a connection waiting for a request, up to a
/// complete head or the size limits.
fn read_head(entry: &mut Entry) -> Progress {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        // A request may already be waiting in the buffer.
        match parse(&entry.buf) {
            Parsed::Complete(head, used) => {
                entry.buf.drain(..used);
                return Progress::Head(head);
            }
            Parsed::Refuse(response) => return Progress::Refuse(response),
            Parsed::Partial => {}
        }
        match entry.stream.read(&mut chunk) {
            Ok(0) => return Progress::Gone,
            Ok(n) => entry.buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Progress::Pending,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Progress::Gone,
        }
    }
}

enum Parsed {
    Complete(Head, usize),
    Partial,
    Refuse(Response),
}

/// Parses the request head at the start of `buf`.
fn parse(buf: &[u8]) -> Parsed {
    // Blank lines before a request are allowed (RFC 9112, section 2.2).
    let start = buf
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(buf.len());
    let line_end = buf[start..].iter().position(|b| *b == b'\n');
    if line_end.map_or(buf.len() - start, |n| n) > MAX_LINE {
        return Parsed::Refuse(http::refusal(
            414,
            &format!("the request line is longer than {MAX_LINE} bytes"),
        ));
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(buf) {
        Ok(httparse::Status::Complete(used)) if used <= MAX_HEAD => {
            Parsed::Complete(Head::of(&request), used)
        }
        Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => Parsed::Partial,
        Ok(_) => Parsed::Refuse(too_long()),
        Err(httparse::Error::TooManyHeaders) => Parsed::Refuse(http::refusal(
            431,
            &format!("the request has more than {MAX_HEADERS} header fields"),
        )),
        Err(httparse::Error::Version) => Parsed::Refuse(http::refusal(
            505,
            "the preview speaks HTTP/1.0 and HTTP/1.1 only",
        )),
        Err(_) => Parsed::Refuse(http::refusal(400, "the request is not HTTP")),
    }
}

fn too_long() -> Response {
    http::refusal(
        431,
        &format!("the request's header fields are longer than {MAX_HEAD} bytes in all"),
    )
}

struct Worker {
    jobs: Arc<Mutex<Receiver<Job>>>,
    shared: Arc<Shared>,
    parked: Arc<Parked>,
    done: HandBack,
}

impl Worker {
    fn run(self) {
        loop {
            let job = {
                let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
                jobs.recv()
            };
            let Ok(Job { token, head }) = job else { return };
            let next = if head.keep_alive() {
                Next::KeepAlive
            } else {
                Next::Close
            };
            match http::respond(&self.shared, &head) {
                Reply::Now(response) => {
                    let bytes = response.to_bytes(head.is_head(), matches!(next, Next::Close));
                    self.done.send(token, bytes, next);
                }
                Reply::Poll(since) => self.parked.park(Waiting {
                    token,
                    since,
                    deadline: Instant::now() + http::POLL_TIMEOUT,
                    head_only: head.is_head(),
                    next,
                }),
            }
        }
    }
}

/// A long poll waiting for a change.
struct Waiting {
    token: Token,
    since: u64,
    deadline: Instant,
    head_only: bool,
    next: Next,
}

/// The parked long polls.
#[derive(Default)]
struct Parked {
    state: Mutex<ParkedState>,
    wake: Condvar,
}

#[derive(Default)]
struct ParkedState {
    waiting: Vec<Waiting>,
    /// Something changed that the notifier has not looked at yet.
    poked: bool,
}

impl Parked {
    /// Parks a poll; the notifier compares its generation with the
    /// current one, so a change made before it was parked is not missed.
    fn park(&self, waiting: Waiting) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.waiting.push(waiting);
        state.poked = true;
        drop(state);
        self.wake.notify_all();
    }

    fn poke(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).poked = true;
        self.wake.notify_all();
    }
}

/// Tells the notifier of every new generation.
fn watch_changes(shared: &Shared, parked: &Parked) {
    let mut seen = shared.current().generation;
    loop {
        let now = shared.wait_for_change(seen, Duration::from_secs(3600));
        if now.generation != seen {
            seen = now.generation;
            parked.poke();
        }
    }
}

/// Answers parked polls when the site changes or their time is up.
fn answer_polls(shared: &Shared, parked: &Parked, done: &HandBack) {
    let mut state = parked.state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        state.poked = false;
        let snapshot = shared.current();
        let now = Instant::now();
        let (due, waiting): (Vec<Waiting>, Vec<Waiting>) = std::mem::take(&mut state.waiting)
            .into_iter()
            .partition(|w| w.since != snapshot.generation || w.deadline <= now);
        state.waiting = waiting;
        if !due.is_empty() {
            let response = http::poll_answer(&snapshot);
            for w in due {
                let bytes = response.to_bytes(w.head_only, matches!(w.next, Next::Close));
                done.send(w.token, bytes, w.next);
            }
        }
        let wait = state
            .waiting
            .iter()
            .map(|w| w.deadline.saturating_duration_since(now))
            .min()
            .unwrap_or(Duration::from_secs(3600));
        state = parked
            .wake
            .wait_timeout_while(state, wait, |s| !s.poked)
            .map_or_else(|e| e.into_inner().0, |(s, _)| s);
    }
}
