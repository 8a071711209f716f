//! The HTTP server: the app of [`build_app`] on actix-http and actix-server, as actix-web's
//! `HttpServer` would run it, plus one thing `HttpServer` cannot do: hand a connection over
//! after a `101 Switching Protocols` (see [`praline_kernel::takeover`]).
//!
//! A WebSocket handshake goes to the upgrade path: the same app answers it (its middleware, its
//! route, its errors), marked [`CanTakeOver`]. A 101 carrying a [`Takeover`] gets its head
//! written and the socket handed over; any other answer is written as is and the connection
//! closed. Every other request goes through actix-http's HTTP/1 dispatcher as usual.

use std::future::poll_fn;
use std::io;
use std::net::TcpListener;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use actix_codec::Framed;
use actix_http::body::{BodySize, MessageBody};
use actix_http::{ConnectionType, HttpMessage, HttpService, Request, Response, h1};
use actix_server::Server;
use actix_service::{
    IntoServiceFactory, Service, ServiceFactory, ServiceFactoryExt, fn_factory, fn_service, map_config,
};
use actix_web::dev::{AppConfig, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::rt::net::TcpStream;
use praline_kernel::AppState;
use praline_kernel::takeover::{CanTakeOver, Takeover};

use crate::build_app;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub workers: usize,
    /// Seconds a graceful stop waits for requests in flight.
    pub shutdown_timeout: u64,
    /// Stop on SIGTERM and Ctrl-C (off in tests, which stop through the handle).
    pub signals: bool,
}

/// Where the server listens.
#[derive(Debug)]
pub enum Listen {
    /// An address to bind (with a backlog of 1,024, as actix-web's server has).
    Address(String),
    /// A socket already bound.
    Socket(TcpListener),
}

/// A server for `state`; run it by awaiting it.
pub fn serve(state: AppState, listen: Listen, options: &ServerOptions) -> io::Result<Server> {
    let mut builder =
        Server::build().workers(options.workers).backlog(1024).shutdown_timeout(options.shutdown_timeout);
    if !options.signals {
        builder = builder.disable_signals();
    }
    // Idle keep-alive connections close as soon as a graceful stop begins.
    let shutdown = builder.graceful_shutdown_signal();
    let factory = move || {
        let app = build_app(state.clone()).into_factory().map_err(|e: actix_web::Error| e.error_response());
        let upgrade_state = state.clone();
        let shutdown = shutdown.clone();
        HttpService::build()
            .graceful_shutdown_signal(move || {
                let shutdown = shutdown.clone();
                async move { shutdown.notified().await }
            })
            // actix-web's defaults: a client whose request was answered early (a 413 before the
            // body) gets a second to stop sending before the connection closes.
            .client_disconnect_timeout(Duration::from_secs(1))
            // Frames go out as they are written (no waiting for the previous one's ACK).
            .tcp_nodelay(true)
            .upgrade(fn_factory(move || {
                let app = build_app(upgrade_state.clone()).into_factory().new_service(AppConfig::default());
                async move {
                    let app = Rc::new(app.await?);
                    Ok::<_, ()>(fn_service(move |(req, framed)| hand_over(app.clone(), req, framed)))
                }
            }))
            .finish(map_config(app, |_| AppConfig::default()))
            .tcp()
    };
    let builder = match listen {
        Listen::Address(address) => builder.bind("praline", address, factory)?,
        Listen::Socket(listener) => builder.listen("praline", listener, factory)?,
    };
    Ok(builder.run())
}

/// Answers a WebSocket handshake with the app, then hands the connection over or closes it.
async fn hand_over<S, B>(
    app: Rc<S>,
    req: Request,
    framed: Framed<TcpStream, h1::Codec>,
) -> Result<(), actix_web::Error>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    req.extensions_mut().insert(CanTakeOver);
    let mut response: Response<_> = match app.call(req).await {
        Ok(response) => Response::from(response).map_into_boxed_body(),
        Err(e) => e.error_response().map_into_boxed_body().into(),
    };
    let takeover = match response.status() {
        StatusCode::SWITCHING_PROTOCOLS => response.extensions_mut().remove::<Takeover>(),
        _ => None,
    };
    let Some(takeover) = takeover else {
        response.head_mut().set_connection_type(ConnectionType::Close);
        if response.status() == StatusCode::SWITCHING_PROTOCOLS {
            // A 101 with nothing to carry it out would leave the client waiting.
            response = Response::new(StatusCode::INTERNAL_SERVER_ERROR).map_into_boxed_body();
        }
        // Refusals are short envelopes: read whole, then written with their length.
        let (head, body) = response.into_parts();
        let body = actix_web::body::to_bytes(body).await.unwrap_or_default();
        h1::SendResponse::new(framed, head.set_body(body)).await?;
        return Ok(());
    };
    let (head, _) = response.into_parts();
    let mut framed = framed;
    Pin::new(&mut framed).write(h1::Message::Item((head, BodySize::None)))?;
    let flushed = tokio::time::timeout(
        Duration::from_secs(10),
        poll_fn(|cx| Pin::new(&mut framed).flush::<h1::Message<(Response<()>, BodySize)>>(cx)),
    )
    .await;
    if !matches!(flushed, Ok(Ok(()))) {
        return Ok(());
    }
    // Only the socket and the unread bytes go on; the dispatcher's write buffer and codec are
    // dropped here, not kept for the socket's life.
    let (io, read) = {
        let parts = framed.into_parts();
        (parts.io, parts.read_buf)
    };
    takeover.run(io, read).await;
    Ok(())
}
