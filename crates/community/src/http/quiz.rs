//! The chocolate "CBTI" quiz: its questions and a result with recommended products.

use actix_web::web::{Data, Json, Query};
use actix_web::{HttpResponse, get, post};
use praline_catalog::http::ProductSummary;
use praline_kernel::AppState;
use praline_kernel::error::{ApiError, ApiResult};
use praline_kernel::openapi;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Object;

use crate::service::CommunityConfig;
use crate::service::quiz::{self, Lang, QUESTIONS, ResultType};

/// One option of a question.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuizOption {
    /// `a` or `b`.
    pub key: &'static str,
    pub text: &'static str,
}

/// One question.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuizQuestionResponse {
    pub id: i64,
    /// `taste`, `texture`, `style` or `moment`.
    pub axis: &'static str,
    pub text: &'static str,
    pub options: Vec<QuizOption>,
}

/// `GET /quiz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuizResponse {
    pub questions: Vec<QuizQuestionResponse>,
}

/// `?lang=ko|en`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QuizQuery {
    /// `ko` (default) or `en`.
    #[param(schema_with = lang_schema)]
    pub lang: Option<String>,
}

fn lang_schema() -> Object {
    openapi::one_of(&["ko", "en"], false)
}

fn nullable_lang_schema() -> Object {
    openapi::one_of(&["ko", "en"], true)
}

fn answers_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(openapi::one_of(&["a", "b"], false))
        .min_items(Some(QUESTIONS))
        .max_items(Some(QUESTIONS))
        .build()
}

/// `POST /quiz/result`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizResultRequest {
    /// 12 × `a`/`b`, in question order.
    #[schema(schema_with = answers_schema)]
    pub answers: Vec<String>,
    /// `ko` (default) or `en`.
    #[serde(default)]
    #[schema(schema_with = nullable_lang_schema)]
    pub lang: Option<String>,
}

/// The quiz's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuizResultResponse {
    /// Four letters, e.g. `BCTA`.
    #[serde(rename = "type")]
    pub result_type: String,
    pub title: &'static str,
    pub description: String,
    /// Up to three on-sale products (may be empty).
    pub products: Vec<ProductSummary>,
}

fn lang(raw: Option<&str>) -> ApiResult<Lang> {
    Lang::parse(raw).map_err(ApiError::from)
}

/// The 12 questions, 3 per axis.
#[utoipa::path(tag = "community", params(QuizQuery),
    responses((status = 200, body = QuizResponse), (status = 400)))]
#[get("/quiz")]
pub async fn get_quiz(query: Query<QuizQuery>) -> ApiResult<HttpResponse> {
    let lang = lang(query.into_inner().lang.as_deref())?;
    let questions = quiz::questions(lang)
        .into_iter()
        .map(|q| QuizQuestionResponse {
            id: q.id,
            axis: q.axis,
            text: q.text,
            options: vec![QuizOption { key: "a", text: q.a }, QuizOption { key: "b", text: q.b }],
        })
        .collect();
    Ok(HttpResponse::Ok().json(QuizResponse { questions }))
}

/// The result type of 12 answers and the products it recommends.
#[utoipa::path(tag = "community", request_body = QuizResultRequest,
    responses((status = 200, body = QuizResultResponse), (status = 400)))]
#[post("/quiz/result")]
pub async fn quiz_result(state: Data<AppState>, body: Json<QuizResultRequest>) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let lang = lang(body.lang.as_deref())?;
    let result = ResultType::of_answers(&body.answers).map_err(ApiError::from)?;
    let picks =
        state.settings.get::<CommunityConfig>().and_then(|config| config.quiz.get(&result.name()).cloned());
    let products = state.run(move |conn, _| quiz::recommend(conn, picks.as_ref())).await?;
    Ok(HttpResponse::Ok().json(QuizResultResponse {
        result_type: result.name(),
        title: result.title(lang),
        description: result.description(lang),
        products: products.into_iter().map(|l| ProductSummary::new(&state, l)).collect(),
    }))
}
