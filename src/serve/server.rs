//! The preview's connections: accepting, reading requests, writing
//! answers, keeping connections alive, and parking long polls.
//!
//! Input: a bound listener and the [`Shared`] state; output: answers from
//! [`http::respond`]. One thread (the
//! *reactor*, on `mio`) owns every socket and never blocks on one: it
//! reads what has arrived and parses request heads with `httparse`, and
//! writes answers as far as the socket takes them, so an idle, slow or
//! slow-reading client costs a socket and a buffer, never a thread. A
//! complete head goes to a small fixed pool of workers, which make its
//! answer and hand it back: its head, and a body that shares the
//! snapshot's bytes or is a course file read a chunk at a time as the
//! socket takes it, so a connection holds at most one chunk of a file and
//! no copy of one in memory. A long poll that has nothing new yet
//! is parked in a list that a notifier thread answers when the site
//! changes or the poll's time is up, so any number of waiting tabs ties up
//! no worker; a parked poll whose client closes its side is dropped at
//! once, freeing its connection.
//!
//! Invariants: at most [`Limits::max_connections`] connections are open
//! (one more is answered 503 and closed); a connection with no complete
//! request for [`Limits::keep_alive`] is closed, and so is one that reads
//! nothing of its answer for [`Limits::write_timeout`]; a request line longer
//! than [`MAX_LINE`] is answered 414 and a head longer than [`MAX_HEAD`]
//! 431, without reading more of it; every socket has `TCP_NODELAY` and
//! gets an answer's head with its body in one vectored write where the
//! socket takes it, so no answer waits on Nagle's algorithm and a delayed
//! ACK.

use std::collections::HashMap;
use std::io::{ErrorKind, IoSlice, Read, Write};
use std::net::{Shutdown, TcpListener};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token, Waker};

use super::http::{self, Head, Outgoing, Reply, Response};
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
/// the connection is dropped (by default; see [`Limits::write_timeout`]).
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
    /// How long a client may go without reading any of its answer.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            keep_alive: Duration::from_secs(10),
            write_timeout: WRITE_TIMEOUT,
        }
    }
}

impl Limits {
    /// The defaults, changed by `INDUCT_SERVE_MAX_CONNECTIONS`,
    /// `INDUCT_SERVE_KEEP_ALIVE_MS` and `INDUCT_SERVE_WRITE_TIMEOUT_MS`
    /// when they are set (for tests and for the rare course shown to a
    /// whole room).
    pub fn from_env() -> Result<Limits, Error> {
        let mut limits = Limits::default();
        if let Some(n) = env_number("INDUCT_SERVE_MAX_CONNECTIONS")? {
            limits.max_connections = usize::try_from(n).unwrap_or(usize::MAX).max(1);
        }
        if let Some(ms) = env_number("INDUCT_SERVE_KEEP_ALIVE_MS")? {
            limits.keep_alive = Duration::from_millis(ms.max(1));
        }
        if let Some(ms) = env_number("INDUCT_SERVE_WRITE_TIMEOUT_MS")? {
            limits.write_timeout = Duration::from_millis(ms.max(1));
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
        let parked = Arc::clone(&parked);
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
        parked,
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

/// What a worker or the notifier hands back for the connection `token`.
struct Done {
    token: Token,
    what: Handed,
}

enum Handed {
    /// Its answer.
    Answer(Outgoing, Next),
    /// Its request is a long poll, parked until the site changes.
    Parked,
}

/// Hands answers to the reactor and wakes it.
#[derive(Clone)]
struct HandBack {
    tx: Sender<Done>,
    waker: Arc<Waker>,
}

impl HandBack {
    fn send(&self, token: Token, what: Handed) {
        if self.tx.send(Done { token, what }).is_ok() {
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
    /// A worker is making its answer.
    Busy,
    /// A long poll, parked: its answer comes when the site changes.
    Parked,
    /// Writing an answer, what is left of it in `out`.
    Writing { out: Outgoing, next: Next },
    /// Closed for writing after its last answer: what it still sends is
    /// read and dropped until it closes or the deadline passes.
    Lingering,
}

struct Entry {
    stream: TcpStream,
    buf: Vec<u8>,
    state: State,
    /// The client has closed its side (it may still read an answer).
    peer_closed: bool,
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
    /// The parked long polls, to forget one whose client has gone.
    parked: Arc<Parked>,
    /// Accepting failed (out of file descriptors): try again after this.
    accept_paused: Option<Instant>,
}

/// What reading a connection came to.
enum Progress {
    /// Nothing more for now.
    Pending,
    /// A complete head, taken out of the buffer.
    Head(Head),
    /// A request to refuse with this answer (its head only, for a HEAD
    /// request), then close.
    Refuse(Response, bool),
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
                Err(e) if accept_again_at_once(&e) => {}
                Err(_) => {
                    // Out of file descriptors or memory: what is open
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
            // The request is not read, so its method is not known: the
            // answer has its body.
            let Ok(refusal) = http::too_many_connections(max).encode(false, true) else {
                return;
            };
            if open < 2 * max {
                if let Some(token) = self.insert(stream) {
                    self.send(token, refusal, Next::Close);
                }
            } else {
                let slices: Vec<IoSlice> = refusal
                    .pieces
                    .iter()
                    .map(|p| IoSlice::new(p.as_slice()))
                    .collect();
                let _ = stream.write_vectored(&slices);
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
                peer_closed: false,
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

    /// Starts writing `out` to `token`.
    fn send(&mut self, token: Token, out: Outgoing, next: Next) {
        if let Some(entry) = self.conns.get_mut(&token) {
            entry.state = State::Writing { out, next };
            entry.deadline = Some(Instant::now() + self.limits.write_timeout);
        }
        self.write_out(token);
    }

    fn answer(&mut self, done: Done) {
        let Some(entry) = self.conns.get_mut(&done.token) else {
            return;
        };
        match (done.what, &entry.state) {
            (Handed::Answer(out, next), State::Busy | State::Parked) => {
                self.send(done.token, out, next)
            }
            (Handed::Parked, State::Busy) => {
                entry.state = State::Parked;
                // A client that closed while its poll was being parked.
                if entry.peer_closed {
                    self.drop_poll(done.token);
                }
            }
            _ => {}
        }
    }

    /// Closes a parked poll's connection and forgets the poll.
    fn drop_poll(&mut self, token: Token) {
        self.close(token);
        self.parked.cancel(token);
    }

    /// Writes as much of the answer as the socket takes.
    fn write_out(&mut self, token: Token) {
        let Some(entry) = self.conns.get_mut(&token) else {
            return;
        };
        let State::Writing { out, next } = &mut entry.state else {
            return;
        };
        let next = *next;
        loop {
            match out.refill() {
                Ok(true) => {}
                Ok(false) => break,
                // The file went, or shrank, while it was being sent.
                Err(_) => return self.close(token),
            }
            // The head and the body's pieces in one call where they fit.
            let mut slices = [IoSlice::new(&[]); 4];
            let mut count = 0;
            let pieces = out.pieces.iter().filter(|p| !p.as_slice().is_empty());
            for (slot, piece) in slices.iter_mut().zip(pieces) {
                *slot = IoSlice::new(piece.as_slice());
                count += 1;
            }
            match entry.stream.write_vectored(&slices[..count]) {
                Ok(0) => return self.close(token),
                Ok(n) => {
                    out.advance(n);
                    // The limit is on a client that stops reading, not
                    // on a large file going out at the pace of a slow link.
                    entry.deadline = Some(Instant::now() + self.limits.write_timeout);
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
            State::Writing { .. } => {}
            State::Busy | State::Parked => {
                if !entry.peer_closed && client_closed(entry) {
                    entry.peer_closed = true;
                    // A poll's answer would be read by no one: free its
                    // slot now rather than when the poll's time is up.
                    if matches!(entry.state, State::Parked) {
                        self.drop_poll(token);
                    }
                }
            }
            State::Lingering => {
                if !drain(&mut entry.stream) {
                    self.close(token);
                }
            }
            State::Reading => match read_head(entry) {
                Progress::Pending => {}
                Progress::Gone => self.close(token),
                Progress::Refuse(response, head_only) => match response.encode(head_only, true) {
                    Ok(out) => self.send(token, out, Next::Close),
                    Err(_) => self.close(token),
                },
                Progress::Head(head) => {
                    entry.state = State::Busy;
                    // The client may have closed right after its request,
                    // in the same event: it will not come again.
                    entry.peer_closed = client_closed(entry);
                    // Its answer comes within a long poll's time; this is
                    // only a guard.
                    entry.deadline =
                        Some(Instant::now() + http::POLL_TIMEOUT + self.limits.write_timeout);
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
            // A client reading its answer makes room in the socket; the
            // kernel tells of it only once much of the buffer is free (a
            // third, on Linux, of buffers that grow to megabytes), which at
            // a slow reader's pace can be longer than the timeout. Whether
            // it still reads is known by writing: more goes out (and the
            // deadline moves on) unless it has read nothing.
            if let Some(Entry {
                state: State::Writing { .. },
                ..
            }) = self.conns.get(&token)
            {
                self.write_out(token);
                let still_late = self
                    .conns
                    .get(&token)
                    .is_some_and(|e| e.deadline.is_some_and(|d| d <= now));
                if !still_late {
                    continue;
                }
            }
            self.close(token);
        }
    }
}

/// Whether the client of a connection whose answer is being made has
/// closed its side. What it sends meanwhile (a pipelined request) is kept
/// in the buffer, up to [`MAX_HEAD`] of it.
fn client_closed(entry: &mut Entry) -> bool {
    let mut chunk = [0u8; 4 * 1024];
    while entry.buf.len() <= MAX_HEAD {
        match entry.stream.read(&mut chunk) {
            Ok(0) => return true,
            Ok(n) => entry.buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return false,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
    false
}

/// Whether accepting may go on at once after `e`: yes for an error of the
/// one connection being accepted (it was aborted or reset before it was
/// taken, or the network under it failed), no when the process or the
/// system is out of descriptors, buffers or memory, and no for anything
/// unforeseen, so that an error that repeats cannot keep the reactor
/// spinning.
fn accept_again_at_once(e: &std::io::Error) -> bool {
    if matches!(
        e.kind(),
        ErrorKind::Interrupted
            | ErrorKind::ConnectionAborted
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionRefused
            | ErrorKind::TimedOut
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable
            | ErrorKind::NetworkDown
    ) {
        return true;
    }
    #[cfg(unix)]
    {
        // accept(2) on Linux passes on errors of the new connection,
        // which are to be treated like EAGAIN: try again.
        let per_connection = [
            libc::EPROTO,
            libc::ENOPROTOOPT,
            libc::EHOSTDOWN,
            libc::EOPNOTSUPP,
            libc::EPERM,
            #[cfg(target_os = "linux")]
            libc::ENONET,
        ];
        if e.raw_os_error()
            .is_some_and(|n| per_connection.contains(&n))
        {
            return true;
        }
    }
    false
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
            Parsed::Refuse(response) => {
                return Progress::Refuse(response, is_head_request(&entry.buf))
            }
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

/// Whether the request at the start of `buf` (after blank lines) is a
/// HEAD request, as far as it can be told from its first bytes: the answer
/// to one it refuses then has no body (RFC 9110, section 9.3.2) but says
/// the `Content-Length` a GET would get (section 8.6).
fn is_head_request(buf: &[u8]) -> bool {
    let start = buf
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(buf.len());
    buf[start..].starts_with(b"HEAD ")
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
                    let close = matches!(next, Next::Close);
                    // A course file that went since it was looked at.
                    let out = response
                        .encode(head.is_head(), close)
                        .or_else(|_| http::gone().encode(head.is_head(), close));
                    match out {
                        Ok(out) => self.done.send(token, Handed::Answer(out, next)),
                        Err(_) => {
                            let nothing = Outgoing {
                                pieces: Default::default(),
                                file: None,
                            };
                            self.done.send(token, Handed::Answer(nothing, Next::Close))
                        }
                    }
                }
                Reply::Poll(since) => {
                    // Told before the poll is parked, so that its answer
                    // cannot reach the reactor first.
                    self.done.send(token, Handed::Parked);
                    self.parked.park(Waiting {
                        token,
                        since,
                        deadline: Instant::now() + http::POLL_TIMEOUT,
                        head_only: head.is_head(),
                        next,
                    });
                }
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

    /// Forgets the poll of the connection `token`, closed by its client.
    fn cancel(&self, token: Token) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.waiting.retain(|w| w.token != token);
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
        let now = Instant::now();
        {
            // Not held while waiting: the next build shares its pages
            // with this generation's only while nothing else holds them.
            let snapshot = shared.current();
            let (due, waiting): (Vec<Waiting>, Vec<Waiting>) = std::mem::take(&mut state.waiting)
                .into_iter()
                .partition(|w| w.since != snapshot.generation || w.deadline <= now);
            state.waiting = waiting;
            if !due.is_empty() {
                let response = http::poll_answer(&snapshot);
                for w in due {
                    if let Ok(out) = response.encode(w.head_only, matches!(w.next, Next::Close)) {
                        done.send(w.token, Handed::Answer(out, w.next));
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepting_pauses_only_when_out_of_resources() {
        let kinds = [
            ErrorKind::ConnectionAborted,
            ErrorKind::ConnectionReset,
            ErrorKind::Interrupted,
        ];
        for kind in kinds {
            assert!(accept_again_at_once(&kind.into()), "{kind:?}");
        }
        #[cfg(unix)]
        {
            for n in [libc::EPROTO, libc::EPERM] {
                let e = std::io::Error::from_raw_os_error(n);
                assert!(accept_again_at_once(&e), "{e}");
            }
            for n in [libc::EMFILE, libc::ENFILE, libc::ENOBUFS, libc::ENOMEM] {
                let e = std::io::Error::from_raw_os_error(n);
                assert!(!accept_again_at_once(&e), "{e}");
            }
        }
    }
}
