//! Connections handed over after `101 Switching Protocols`.
//!
//! A handler that switches protocols (the chat WebSocket) answers 101 with a [`Takeover`] in the
//! response's extensions. The gateway's server then writes the 101 head and hands the connection
//! (its socket, and any bytes already read past the request) to the takeover, and actix-http's
//! HTTP/1 dispatcher ends. Its fixed 8 KiB read and write buffers would otherwise stay with every
//! open socket for the socket's whole life.
//!
//! The server marks each request it can hand over with [`CanTakeOver`]; a handler that finds no
//! mark (the app served some other way) refuses instead of answering a 101 nobody carries out.

use std::future::Future;

use actix_web::web::BytesMut;
use futures_util::future::LocalBoxFuture;
use tokio::net::TcpStream;

/// Set by the server in the request extensions of a request whose connection it can hand over.
#[derive(Debug, Clone, Copy)]
pub struct CanTakeOver;

type Run = Box<dyn FnOnce(TcpStream, BytesMut) -> LocalBoxFuture<'static, ()>>;

/// What runs the connection once the 101 head is written: the socket and the bytes the client
/// sent after its request (a client may send frames before it has read the 101).
pub struct Takeover(Run);

impl Takeover {
    pub fn new<F, Fut>(run: F) -> Takeover
    where
        F: FnOnce(TcpStream, BytesMut) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        Takeover(Box::new(move |io, read| Box::pin(run(io, read))))
    }

    /// Runs the connection to its end.
    pub fn run(self, io: TcpStream, read: BytesMut) -> LocalBoxFuture<'static, ()> {
        (self.0)(io, read)
    }
}

impl std::fmt::Debug for Takeover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Takeover")
    }
}
