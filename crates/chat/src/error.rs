//! The chat domain's errors and their mapping to the API envelope.

use actix_web::http::StatusCode;
use praline_kernel::ApiError;
use praline_kernel::db::DbError;

/// Everything that can go wrong in the chat domain.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("no such room")]
    RoomNotFound,
    #[error("a room with this name exists")]
    NameTaken,
    #[error("you already have 3 rooms")]
    RoomLimit,
    #[error("only the creator may delete a room")]
    NotCreator,
    #[error("someone is connected to the room")]
    RoomBusy,
    #[error("wrong room password")]
    WrongPassword,
    #[error("not a member of this password room")]
    NotMember,
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl ChatError {
    /// A 400 `invalid_input` for one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> ChatError {
        ChatError::Invalid { field, message: message.into() }
    }
}

impl From<praline_accounts::AccountsError> for ChatError {
    fn from(error: praline_accounts::AccountsError) -> Self {
        ChatError::Internal(error.to_string())
    }
}

impl From<ChatError> for ApiError {
    fn from(error: ChatError) -> Self {
        match error {
            ChatError::Invalid { field, message } => ApiError::invalid_field(field, message),
            ChatError::RoomNotFound => ApiError::not_found("No such room."),
            ChatError::NameTaken => ApiError::new(
                StatusCode::CONFLICT,
                "room_name_taken",
                "A room with this name already exists.",
            ),
            ChatError::RoomLimit => ApiError::new(
                StatusCode::CONFLICT,
                "room_limit",
                "You already have 3 rooms; delete one first.",
            ),
            ChatError::NotCreator => ApiError::forbidden("Only the room's creator may delete it."),
            ChatError::RoomBusy => ApiError::new(
                StatusCode::CONFLICT,
                "room_busy",
                "Someone is connected to this room; it can be deleted once it is empty.",
            ),
            ChatError::WrongPassword => {
                ApiError::new(StatusCode::FORBIDDEN, "wrong_password", "The room password is wrong.")
            }
            ChatError::NotMember => ApiError::new(
                StatusCode::FORBIDDEN,
                "not_member",
                "Enter the room's password first to read its history.",
            ),
            ChatError::Internal(e) => ApiError::internal(e),
            ChatError::Db(e) => e.into(),
            ChatError::Query(e) => e.into(),
        }
    }
}
