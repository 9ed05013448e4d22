//! How the CLI and the app prove to each other that they are the same user's where the
//! operating system cannot say it safely: over a Windows named pipe. A Unix socket needs
//! none of this, as the kernel names the peer's uid ([`super::server`]). A pipe's peer
//! can only be learnt through unsafe Win32 calls, which this crate forbids, and a pipe's
//! name belongs to whoever creates it first — so another user's impostor could answer
//! the CLI with credentials of its choosing, or ask the app for the user's.
//!
//! Each side shows it holds the key the app put in this user's keychain at start,
//! without sending it: both send a fresh nonce, and each answers the other's with an
//! HMAC-SHA256 under the key, bound to its role so a proof cannot be reflected back.

use std::io;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use zeroize::Zeroizing;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 32;
/// No handshake line is longer (two base64 values and a space).
const MAX_LINE: u64 = 256;

/// The key shared by the app and the CLI of one user, for one run of the app.
#[derive(Clone)]
pub struct BrokerKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for BrokerKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("BrokerKey(..)")
    }
}

impl BrokerKey {
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0; KEY_LEN]);
        getrandom::fill(key.as_mut()).expect("the operating system's random source");
        Self(key)
    }

    /// The key as the keychain holds it; `None` for anything but a key's length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(Self(Zeroizing::new(bytes.try_into().ok()?)))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    fn proof(&self, role: &[u8], theirs: &[u8], ours: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.as_bytes())
            .expect("HMAC takes a key of any length");
        for part in [role, theirs, ours] {
            mac.update(part);
        }
        mac
    }
}

/// The CLI's side: `Err(PermissionDenied)` when what answers does not hold the key.
pub async fn caller_proves(
    stream: &mut (impl AsyncBufRead + AsyncWrite + Unpin),
    key: &BrokerKey,
) -> io::Result<()> {
    let ours = nonce();
    send(stream, &[&ours]).await?;
    let [theirs, their_proof] = receive(stream).await?;
    key.proof(b"awning app", &ours, &theirs)
        .verify_slice(&their_proof)
        .map_err(|_| impostor("the Awning app's pipe is served by someone else"))?;
    let proof = key
        .proof(b"awning cli", &theirs, &ours)
        .finalize()
        .into_bytes();
    send(stream, &[&proof]).await
}

/// The app's side: `Ok(false)` when the caller does not hold the key.
pub async fn app_proves(
    stream: &mut (impl AsyncBufRead + AsyncWrite + Unpin),
    key: &BrokerKey,
) -> io::Result<bool> {
    let [theirs] = receive(stream).await?;
    let ours = nonce();
    let proof = key
        .proof(b"awning app", &theirs, &ours)
        .finalize()
        .into_bytes();
    send(stream, &[&ours, &proof]).await?;
    let [their_proof] = receive(stream).await?;
    Ok(key
        .proof(b"awning cli", &ours, &theirs)
        .verify_slice(&their_proof)
        .is_ok())
}

fn nonce() -> [u8; NONCE_LEN] {
    let mut nonce = [0; NONCE_LEN];
    getrandom::fill(&mut nonce).expect("the operating system's random source");
    nonce
}

async fn send(stream: &mut (impl AsyncWrite + Unpin), values: &[&[u8]]) -> io::Result<()> {
    let mut line = values
        .iter()
        .map(|value| URL_SAFE_NO_PAD.encode(value))
        .collect::<Vec<_>>()
        .join(" ");
    line.push('\n');
    stream.write_all(line.as_bytes()).await
}

async fn receive<const N: usize>(
    stream: &mut (impl AsyncBufRead + Unpin),
) -> io::Result<[Vec<u8>; N]> {
    let mut line = String::new();
    (&mut *stream).take(MAX_LINE).read_line(&mut line).await?;
    let values: Vec<Vec<u8>> = line
        .split_whitespace()
        .map(|value| URL_SAFE_NO_PAD.decode(value))
        .collect::<Result<_, _>>()
        .map_err(|_| impostor("the other side of the pipe does not speak Awning's handshake"))?;
    values
        .try_into()
        .map_err(|_| impostor("the other side of the pipe does not speak Awning's handshake"))
}

fn impostor(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, what.to_owned())
}

#[cfg(test)]
mod tests {
    use tokio::io::{BufReader, DuplexStream, duplex};

    use super::*;

    /// The two ends of an in-memory pipe.
    fn ends() -> (BufReader<DuplexStream>, BufReader<DuplexStream>) {
        let (near, far) = duplex(1024);
        (BufReader::new(near), BufReader::new(far))
    }

    /// Runs the CLI's side and the app's over an in-memory pipe.
    async fn handshake(cli: &BrokerKey, app: &BrokerKey) -> (io::Result<()>, io::Result<bool>) {
        let (mut near, mut far) = ends();
        // Each side hangs up when it is done, as a process would, so neither waits on
        // one that gave up.
        let cli = async move { caller_proves(&mut near, cli).await };
        let app = async move { app_proves(&mut far, app).await };
        tokio::join!(cli, app)
    }

    #[tokio::test]
    async fn the_cli_and_the_app_of_one_user_accept_each_other() {
        let key = BrokerKey::generate();
        let (cli, app) = handshake(&key, &key).await;
        cli.unwrap();
        assert!(app.unwrap());
    }

    #[tokio::test]
    async fn the_cli_refuses_an_app_without_the_users_key() {
        let (cli, _) = handshake(&BrokerKey::generate(), &BrokerKey::generate()).await;
        assert_eq!(cli.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
    }

    #[tokio::test]
    async fn the_app_refuses_a_caller_without_the_users_key() {
        let key = BrokerKey::generate();
        let (mut near, mut far) = ends();
        // A caller that replays the app's own proof as its answer.
        let caller = async {
            send(&mut near, &[&[7; NONCE_LEN]]).await.unwrap();
            let [_, proof] = receive::<2>(&mut near).await.unwrap();
            send(&mut near, &[&proof]).await.unwrap();
        };
        let (_, accepted) = tokio::join!(caller, app_proves(&mut far, &key));
        assert!(!accepted.unwrap());
    }

    #[tokio::test]
    async fn garbage_on_the_pipe_is_refused_as_an_impostor() {
        let key = BrokerKey::generate();
        let (mut near, mut far) = ends();
        let caller = async {
            near.write_all(b"hello there\n").await.unwrap();
        };
        let (_, accepted) = tokio::join!(caller, app_proves(&mut far, &key));
        assert_eq!(
            accepted.unwrap_err().kind(),
            io::ErrorKind::PermissionDenied
        );
    }

    #[test]
    fn a_key_of_the_wrong_length_is_no_key() {
        assert!(BrokerKey::from_bytes(&[0; 31]).is_none());
        assert!(BrokerKey::from_bytes(&[0; KEY_LEN]).is_some());
    }
}
