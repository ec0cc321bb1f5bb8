//! A real SMTP server for the tests, in-process over tokio on port 0: it speaks enough SMTP for a
//! client to deliver (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps what it received.
//! It can be switched "down": it then answers every connection with 421 and hangs up, as a
//! server in trouble does.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The raw message (headers and body), dot-unstuffed.
    pub data: String,
}

impl Received {
    /// The parsed message.
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(self.data.as_bytes()).expect("a parseable message")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value(name)
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The decoded body of the part with this content type (`text/plain` or `text/html`).
    pub fn part(&self, mime: &str) -> Option<String> {
        fn find(p: &mailparse::ParsedMail<'_>, mime: &str) -> Option<String> {
            if p.ctype.mimetype == mime {
                return p.get_body().ok();
            }
            p.subparts.iter().find_map(|s| find(s, mime))
        }
        find(&self.parsed(), mime)
    }

    pub fn text(&self) -> String {
        self.part("text/plain").expect("a text/plain part")
    }

    #[allow(dead_code)]
    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.text();
        let start = text.find(prefix)?;
        let end = text[start..]
            .find(|c: char| c.is_whitespace())
            .map_or(text.len(), |e| start + e);
        Some(text[start..end].to_string())
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    down: bool,
    connections: usize,
}

/// The running server; it stops with the test's runtime.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
    arrived: Arc<tokio::sync::Notify>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = SmtpServer {
            port,
            state: Arc::default(),
            arrived: Arc::default(),
        };
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let conn = accepting.clone();
                tokio::spawn(async move {
                    let _ = conn.serve(stream).await;
                });
            }
        });
        server
    }

    /// `SMTP_URL` for this server (plain SMTP: it offers no STARTTLS).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_down(&self, down: bool) {
        self.state.lock().unwrap().down = down;
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// Messages to `address`.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == address))
            .collect()
    }

    #[allow(dead_code)]
    /// Waits until at least `n` messages have arrived (an event, not a timing: the sender runs
    /// on its own loop), failing after a generous limit.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let notified = self.arrived.notified();
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "expected {n} messages, the server received {}",
                    self.received().len()
                );
            }
        }
    }

    async fn serve(&self, stream: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        let down = {
            let mut state = self.state.lock().unwrap();
            state.connections += 1;
            state.down
        };
        if down {
            write.write_all(b"421 test server unavailable\r\n").await?;
            return Ok(());
        }
        write
            .write_all(b"220 localhost ESMTP tendo-test\r\n")
            .await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let upper = command.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10000000\r\n"
            } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
                b"250 OK\r\n"
            } else if upper.starts_with("RSET") {
                from.clear();
                to.clear();
                b"250 OK\r\n"
            } else if upper.starts_with("MAIL FROM:") {
                from = address(&command["MAIL FROM:".len()..]);
                to.clear();
                b"250 OK\r\n"
            } else if upper.starts_with("RCPT TO:") {
                to.push(address(&command["RCPT TO:".len()..]));
                b"250 OK\r\n"
            } else if upper == "DATA" {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                self.state.lock().unwrap().received.push(Received {
                    mail_from: std::mem::take(&mut from),
                    rcpt_to: std::mem::take(&mut to),
                    data,
                });
                self.arrived.notify_waiters();
                b"250 OK queued\r\n"
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"502 command not implemented\r\n"
            };
            write.write_all(reply).await?;
        }
    }
}

/// `<a@b> BODY=8BITMIME` → `a@b`.
fn address(rest: &str) -> String {
    let rest = rest.trim();
    match (rest.find('<'), rest.find('>')) {
        (Some(a), Some(b)) if b > a => rest[a + 1..b].to_string(),
        _ => rest.split_whitespace().next().unwrap_or("").to_string(),
    }
}
