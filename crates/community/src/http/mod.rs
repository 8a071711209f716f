//! HTTP for the community domain: one file per sub-resource, each with its DTOs beside its thin
//! handlers, and [`configure`], the one place each route is registered.
//!
//! The quiz reads [`crate::CommunityConfig`] from the app's domain settings (the gateway
//! registers it at start-up; without it every quiz type recommends nothing).

mod attendance;
mod inquiries;
mod moderation;
mod notices;
mod quiz;
mod reviews;
mod social;
mod support;

use utoipa_actix_web::service_config::ServiceConfig;

pub use self::attendance::{AttendanceMonthResponse, AttendanceQuery, CheckInResponse};
pub use self::inquiries::{
    AnswerRequest, AskRequest, EditInquiryRequest, InquiryAnswer, InquiryAuthor, InquiryProduct,
    InquiryResponse, SellerInquiriesQuery,
};
pub use self::moderation::{AdminReviewResponse, AdminReviewsQuery};
pub use self::notices::{CreateNoticeRequest, NoticeResponse, NoticeSummary, UpdateNoticeRequest};
pub use self::quiz::{
    QuizOption, QuizQuery, QuizQuestionResponse, QuizResponse, QuizResultRequest, QuizResultResponse,
};
pub use self::reviews::{
    CreatedReviewResponse, EvaluationResponse, HideReviewRequest, LikeResponse, ReviewListResponse,
    ReviewResponse, ReviewUpload, ReviewableLineResponse, ReviewsQuery, UpdateReviewRequest,
};
pub use self::social::{FollowResponse, FollowedSeller, WishResponse, WishlistItem};
pub use self::support::{
    AdminTicketResponse, SupportAnswerRequest, SupportQuery, SupportTicketRequest, SupportTicketResponse,
    TicketAnswer, TicketUser,
};

/// Mounts this crate's routes, and so their OpenAPI operations; the gateway calls it inside the
/// `/api/v1` scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(social::get_wish)
        .service(social::put_wish)
        .service(social::delete_wish)
        .service(social::my_wishlist)
        .service(social::get_follow)
        .service(social::put_follow)
        .service(social::delete_follow)
        .service(social::my_follows)
        .service(inquiries::list_inquiries)
        .service(inquiries::ask_inquiry)
        .service(inquiries::edit_inquiry)
        .service(inquiries::delete_inquiry)
        .service(inquiries::answer_inquiry)
        .service(inquiries::my_inquiries)
        .service(inquiries::seller_inquiries)
        .service(inquiries::admin_delete_inquiry)
        .service(notices::list_notices)
        .service(notices::get_notice)
        .service(notices::create_notice)
        .service(notices::update_notice)
        .service(notices::delete_notice)
        .service(support::open_ticket)
        .service(support::my_tickets)
        .service(support::admin_tickets)
        .service(support::answer_ticket)
        .service(attendance::check_in)
        .service(attendance::get_attendance)
        .service(quiz::get_quiz)
        .service(quiz::quiz_result)
        .service(reviews::list_reviews)
        .service(reviews::create_review)
        .service(reviews::get_review)
        .service(reviews::update_review)
        .service(reviews::put_review_photo)
        .service(reviews::delete_review)
        .service(reviews::put_like)
        .service(reviews::delete_like)
        .service(reviews::my_reviews)
        .service(reviews::reviewable_lines)
        .service(reviews::hide_review)
        .service(reviews::unhide_review)
        .service(moderation::admin_reviews);
}
