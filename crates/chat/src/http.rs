//! HTTP for the chat domain: request/response DTOs, thin handlers, [`configure`].
//!
//! The WebSocket (`GET /ws/chat/{room_id}?ticket=…`, at the site root) is in [`crate::ws`]; the
//! gateway mounts it with [`crate::ws::configure_socket`].

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::web::{Data, Json, Path, Query};
use actix_web::{HttpResponse, delete, get, post};
use chrono::{DateTime, Utc};
use praline_accounts::AccountsConfig;
use praline_accounts::service::password;
use praline_kernel::AppState;
use praline_kernel::auth::AuthUser;
use praline_kernel::clock::utc;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::extract::OptionalJson;
use praline_kernel::openapi;
use praline_kernel::page::{MAX_PER_PAGE, Page, PageQuery};
use praline_kernel::text::query_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::hub::{ChatHub, TICKET_SECONDS};
use crate::model::Room;
use crate::service::{
    self, CreateRoom, DEFAULT_HISTORY_LIMIT, MAX_DESCRIPTION_CHARS, MAX_HISTORY_LIMIT, MAX_NAME_CHARS,
    Profile, RoomName,
};

/// Mounts this crate's routes (and so their OpenAPI operations); the gateway calls it inside
/// the `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_rooms)
        .service(create_room)
        .service(get_room)
        .service(delete_room)
        .service(create_ticket)
        .service(list_messages);
}

/// The hub the gateway registered in `AppState::settings`.
pub fn hub(state: &AppState) -> ApiResult<Arc<ChatHub>> {
    state.settings.get::<ChatHub>().ok_or_else(|| ApiError::internal("the chat hub was not registered"))
}

fn accounts_config(state: &AppState) -> Arc<AccountsConfig> {
    state.settings.get::<AccountsConfig>().unwrap_or_default()
}

/// Who created a room.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatorResponse {
    pub id: i64,
    pub nickname: String,
}

/// A chat room.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoomResponse {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub has_password: bool,
    pub creator: CreatorResponse,
    /// Users connected now, across gateways.
    pub participant_count: i64,
    pub created_at: DateTime<Utc>,
}

/// A user as chat shows them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChatUser {
    pub id: i64,
    pub nickname: String,
    pub avatar_url: Option<String>,
}

impl ChatUser {
    /// The public face of `profile` (or of a user who is gone).
    pub fn new(state: &AppState, id: i64, profile: Option<&Profile>) -> ChatUser {
        ChatUser {
            id,
            nickname: profile.map(|p| p.nickname.clone()).unwrap_or_default(),
            avatar_url: profile.and_then(|p| p.avatar_key.as_deref()).map(|k| state.storage.url(k)),
        }
    }
}

/// A stored message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageResponse {
    pub id: i64,
    pub room_id: i64,
    pub user: ChatUser,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// How far a user has read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReadResponse {
    pub user_id: i64,
    pub message_id: i64,
}

/// A page of history, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HistoryResponse {
    pub items: Vec<MessageResponse>,
    /// Pass as `before` for older messages; null at the start of the (7-day) history.
    pub next_before: Option<i64>,
    pub reads: Vec<ReadResponse>,
}

/// A ticket for the WebSocket.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketResponse {
    /// Single-use, bound to you and this room.
    pub ticket: String,
    /// Seconds it stays valid (60).
    pub expires_in: i64,
}

/// `GET /chat/rooms`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RoomsQuery {
    /// Part of the room's name (any case).
    #[param(schema_with = openapi::query_text)]
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[param(schema_with = openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 20).
    #[param(schema_with = openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// A character of a one-line text: anything but a control character (Unicode `Cc`).
const LINE_CHAR: &str = "[^\\u0000-\\u001f\\u007f-\\u009f]";

/// A room name as [`RoomName::parse`] reads it: at most 10 characters, no control characters,
/// one that trimming keeps.
fn room_name_schema() -> utoipa::openapi::schema::Object {
    let kept = "[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
    let mut schema = openapi::pattern(&format!("^{LINE_CHAR}*{kept}{LINE_CHAR}*$"), false);
    (schema.min_length, schema.max_length) = (Some(1), Some(MAX_NAME_CHARS));
    schema
}

/// A description: at most 50 characters, no control characters, or null.
fn description_schema() -> utoipa::openapi::schema::Object {
    let mut schema = openapi::pattern(&format!("^{LINE_CHAR}*$"), true);
    schema.max_length = Some(MAX_DESCRIPTION_CHARS);
    schema
}

/// `POST /chat/rooms`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoomRequest {
    /// 1–10 characters after trimming, no control characters; unique without regard to case.
    #[schema(schema_with = room_name_schema)]
    pub name: String,
    /// At most 50 characters, no control characters.
    #[serde(default)]
    #[schema(schema_with = description_schema)]
    pub description: Option<String>,
    /// 4–64 characters; those who enter must give it once.
    #[serde(default)]
    #[schema(nullable, min_length = 4, max_length = 64)]
    pub password: Option<String>,
}

/// `POST /chat/rooms/{id}/tickets`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketRequest {
    /// The room's password (needed once, for a room with one).
    #[serde(default)]
    #[schema(nullable, max_length = 64)]
    pub password: Option<String>,
}

/// `GET /chat/rooms/{id}/messages`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessagesQuery {
    /// Only messages with a smaller id (the `next_before` of the previous page).
    #[param(schema_with = openapi::int_min::<1>)]
    pub before: Option<i64>,
    /// 1–100 (default 50).
    #[param(schema_with = openapi::int_range::<1, MAX_HISTORY_LIMIT>)]
    pub limit: Option<i64>,
}

async fn room_responses(state: &AppState, rooms: Vec<Room>) -> ApiResult<Vec<RoomResponse>> {
    let hub = hub(state)?;
    let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    let counts = hub.counts(&ids).await;
    let creators: Vec<i64> = rooms.iter().map(|r| r.creator_id).collect();
    let profiles = state.run(move |conn, _| service::profiles(conn, &creators)).await?;
    Ok(rooms
        .into_iter()
        .map(|room| RoomResponse {
            creator: CreatorResponse {
                id: room.creator_id,
                nickname: profiles.get(&room.creator_id).map(|p| p.nickname.clone()).unwrap_or_default(),
            },
            participant_count: counts.get(&room.id).copied().unwrap_or(0) as i64,
            has_password: room.has_password(),
            id: room.id,
            name: room.name,
            description: room.description,
            created_at: utc(room.created_at),
        })
        .collect())
}

/// Rooms, newest first; `q` filters by name (any case).
#[utoipa::path(tag = "chat", security(("bearer" = [])), params(RoomsQuery),
    responses((status = 200, body = Page<RoomResponse>)))]
#[get("/chat/rooms")]
pub async fn list_rooms(
    state: Data<AppState>,
    _me: AuthUser,
    query: Query<RoomsQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = PageQuery { page: query.page, per_page: query.per_page }.validate()?;
    let q = query_text("q", query.q.as_deref())?.map(str::to_string);
    let (rooms, total) = state.run(move |conn, _| service::list_rooms(conn, q.as_deref(), page)).await?;
    let items = room_responses(&state, rooms).await?;
    Ok(HttpResponse::Ok().json(Page::new(items, page, total)))
}

/// Creates a room (at most 3 per user; names unique without regard to case).
#[utoipa::path(tag = "chat", security(("bearer" = [])), request_body = CreateRoomRequest,
    responses((status = 201, body = RoomResponse),
        (status = 409, description = "`room_name_taken` or `room_limit` (3 rooms of yours exist).")))]
#[post("/chat/rooms")]
pub async fn create_room(
    state: Data<AppState>,
    me: AuthUser,
    body: Json<CreateRoomRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let name = RoomName::parse(&body.name)?;
    let description = service::parse_description(body.description.as_deref())?;
    let password_hash = match body.password.as_deref() {
        Some(raw) => {
            service::check_password(raw)?;
            let cost = accounts_config(&state).bcrypt_cost;
            Some(password::hash_secret(raw, cost).await.map_err(ApiError::from)?)
        }
        None => None,
    };
    let input = CreateRoom { name, description, password_hash };
    let room = state.run(move |conn, now| service::create_room(conn, me.id, input, now)).await?;
    let mut response = room_responses(&state, vec![room]).await?;
    let room = response.pop().ok_or_else(|| ApiError::internal("the new room vanished"))?;
    Ok(HttpResponse::Created().json(room))
}

/// One room.
#[utoipa::path(tag = "chat", security(("bearer" = [])), responses((status = 200, body = RoomResponse)))]
#[get("/chat/rooms/{id}")]
pub async fn get_room(state: Data<AppState>, _me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let room = state.run(move |conn, _| service::get_room(conn, id)).await?;
    let mut response = room_responses(&state, vec![room]).await?;
    let room = response.pop().ok_or_else(|| ApiError::internal("the room vanished"))?;
    Ok(HttpResponse::Ok().json(room))
}

/// Deletes your room with its messages, when nobody is connected to it.
#[utoipa::path(tag = "chat", security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "`forbidden`: not the room's creator."),
        (status = 409, description = "`room_busy`: someone is connected.")))]
#[delete("/chat/rooms/{id}")]
pub async fn delete_room(state: Data<AppState>, me: AuthUser, id: Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let hub = hub(&state)?;
    let busy = hub.counts(&[id]).await.get(&id).copied().unwrap_or(0) > 0;
    state.run(move |conn, _| service::delete_room(conn, me.id, id, busy)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A single-use WebSocket ticket (60 s) for this room; a room with a password wants it once,
/// and then you are a member.
#[utoipa::path(tag = "chat", security(("bearer" = [])), request_body = Option<TicketRequest>,
    responses((status = 201, body = TicketResponse),
        (status = 403, description = "`wrong_password` (or none given for a password room)."),
        (status = 429, description = "`rate_limited`: 10 password tries a minute per user and room.")))]
#[post("/chat/rooms/{id}/tickets")]
pub async fn create_ticket(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    body: OptionalJson<TicketRequest>,
) -> ApiResult<HttpResponse> {
    let room_id = id.into_inner();
    let given = body.into_inner().and_then(|b| b.password);
    if given.as_ref().is_some_and(|p| p.chars().count() > service::PASSWORD_CHARS.1) {
        let message = format!("At most {} characters.", service::PASSWORD_CHARS.1);
        return Err(ApiError::invalid_field("password", message));
    }
    let user_id = me.id;
    let access = state.run(move |conn, _| service::ticket_access(conn, user_id, room_id)).await?;
    if access.needs_password {
        let Some(given) = given else { return Err(crate::ChatError::WrongPassword.into()) };
        // Every password try counts, so the 11th in a minute is refused before it is checked.
        let key = format!("chat:password:{user_id}:{room_id}");
        state.limits.hit(&key, 10, 60, state.clock.now()).await?;
        let cost = accounts_config(&state).bcrypt_cost;
        let right = password::verify(&given, access.room.password_hash.as_deref(), cost)
            .await
            .map_err(ApiError::from)?;
        if !right {
            return Err(crate::ChatError::WrongPassword.into());
        }
        state.run(move |conn, now| service::add_member(conn, room_id, user_id, now)).await?;
    }
    let ticket = hub(&state)?.issue_ticket(user_id, room_id, state.clock.now()).await;
    Ok(HttpResponse::Created().json(TicketResponse { ticket, expires_in: TICKET_SECONDS }))
}

/// History, newest first, cursor-paged with `before`; the last 7 days.
#[utoipa::path(tag = "chat", security(("bearer" = [])), params(MessagesQuery),
    responses((status = 200, body = HistoryResponse),
        (status = 403, description = "`not_member`: a password room you have not entered.")))]
#[get("/chat/rooms/{id}/messages")]
pub async fn list_messages(
    state: Data<AppState>,
    me: AuthUser,
    id: Path<i64>,
    query: Query<MessagesQuery>,
) -> ApiResult<HttpResponse> {
    let room_id = id.into_inner();
    let query = query.into_inner();
    if query.before.is_some_and(|b| b < 1) {
        return Err(ApiError::invalid_field("before", "must be 1 or more"));
    }
    let limit = query.limit.unwrap_or(DEFAULT_HISTORY_LIMIT);
    if !(1..=MAX_HISTORY_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_field("limit", format!("must be between 1 and {MAX_HISTORY_LIMIT}")));
    }
    let (history, profiles) = state
        .run(move |conn, now| {
            let history = service::history(conn, me.id, room_id, query.before, limit, now)?;
            let ids: Vec<i64> = history.items.iter().map(|m| m.user_id).collect();
            let profiles = service::profiles(conn, &ids)?;
            Ok::<_, crate::ChatError>((history, profiles))
        })
        .await?;
    Ok(HttpResponse::Ok().json(history_response(&state, history, &profiles)))
}

fn history_response(
    state: &AppState,
    history: service::History,
    profiles: &HashMap<i64, Profile>,
) -> HistoryResponse {
    HistoryResponse {
        items: history
            .items
            .into_iter()
            .map(|m| MessageResponse {
                id: m.id,
                room_id: m.room_id,
                user: ChatUser::new(state, m.user_id, profiles.get(&m.user_id)),
                text: m.text,
                created_at: utc(m.created_at),
            })
            .collect(),
        next_before: history.next_before,
        reads: history
            .reads
            .into_iter()
            .map(|r| ReadResponse { user_id: r.user_id, message_id: r.message_id })
            .collect(),
    }
}
