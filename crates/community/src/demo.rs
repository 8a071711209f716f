//! Demo community for `praline seed-demo`: notices, reviews of the demo buyers' confirmed lines
//! (some with photos), likes, wishes, follows, questions with answers, support tickets and
//! check-ins, all written through the real services, so every count on a product card or a
//! seller card is the count of real rows. Runs once: when a notice exists it adds nothing.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use praline_catalog::model::{ProductRow, Sort};
use praline_catalog::service::listing::{self, CountCache, Filter};
use praline_kernel::calendar::BusinessCalendar;
use praline_kernel::db::Conn;
use praline_kernel::page::PageRequest;
use praline_kernel::storage::Storage;

use crate::error::CommunityError;
use crate::schema::community_notices;
use crate::service::notice::{self, NoticeInput};
use crate::service::review::{self, ReviewInput};
use crate::service::{attendance, follow, inquiry, support, wish};

/// Who the demo community is made of.
#[derive(Debug, Clone)]
pub struct DemoPeople {
    pub admin: i64,
    pub sellers: Vec<i64>,
    pub buyers: Vec<i64>,
}

/// What seeding added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCounts {
    pub notices: usize,
    pub reviews: usize,
    pub wishes: usize,
    pub inquiries: usize,
}

const NOTICES: [(&str, &str, bool); 3] = [
    (
        "[필독] 배송 및 교환 안내 / Shipping and returns",
        "모든 초콜릿은 아이스팩과 함께 보냅니다. 받은 날로부터 7일 안에 교환·반품을 신청할 수 있어요.\n\nEvery chocolate ships with ice packs. Returns can be requested within 7 days of delivery.",
        true,
    ),
    (
        "출석 체크 이벤트 / Daily check-in",
        "매일 출석하면 100포인트를 드려요. 마이페이지 > 출석 체크에서 참여하세요.\n\nCheck in every day for 100 points under My page > Attendance.",
        false,
    ),
    (
        "초콜릿 성향 테스트 오픈 / The chocolate quiz is open",
        "12가지 질문으로 나에게 꼭 맞는 초콜릿을 찾아보세요.\n\nTwelve questions to find the chocolate that suits you.",
        false,
    ),
];

const REVIEWS: [(&str, &str, i64); 3] = [
    ("선물용으로 최고예요", "포장이 정말 예쁘고 맛도 진해요. 부모님께서 아주 좋아하셨어요!", 5),
    ("Rich and smooth", "Melts beautifully and is not too sweet. Arrived cold and well packed.", 4),
    ("재구매 의사 있어요", "쌉싸름한 맛과 달콤함이 잘 어울려요. 배송도 빨랐습니다.", 5),
];

const QUESTIONS: [(&str, bool, Option<&str>); 3] = [
    ("유통기한이 얼마나 되나요?", false, Some("제조일로부터 6개월입니다. 서늘한 곳에 보관해 주세요.")),
    (
        "선물 포장 가능한가요? 받는 분 주소로 바로 보내고 싶어요.",
        true,
        Some("네, 주문 메모에 적어 주시면 선물 포장해 드려요."),
    ),
    ("Is it suitable for vegans?", false, None),
];

fn on_sale_products(conn: &mut Conn) -> Result<Vec<ProductRow>, CommunityError> {
    let cache = CountCache::new(std::time::Duration::ZERO);
    let page = listing::public(conn, &cache, &Filter::default(), Sort::Recent, PageRequest::new(1, 100))?;
    Ok(page.items.into_iter().map(|l| l.product).collect())
}

/// Seeds the demo community; `photos` are PNG pictures for the photo reviews.
pub fn seed(
    conn: &mut Conn,
    storage: &Arc<dyn Storage>,
    photos: &[Vec<u8>],
    people: &DemoPeople,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<DemoCounts, CommunityError> {
    let mut counts = DemoCounts::default();
    if community_notices::table.count().get_result::<i64>(conn)? > 0 {
        return Ok(counts);
    }
    for (i, (title, content, pinned)) in NOTICES.iter().enumerate() {
        let input = NoticeInput {
            title: Some((*title).into()),
            content: Some((*content).into()),
            pinned: Some(*pinned),
        };
        let at = now - Duration::days(i64::try_from(NOTICES.len() - i).unwrap_or(0));
        notice::create(conn, people.admin, input, at)?;
        counts.notices += 1;
    }
    let products = on_sale_products(conn)?;
    let mut review_ids = Vec::new();
    for (b, &buyer) in people.buyers.iter().enumerate() {
        // Reviews of every confirmed line, every other one with a photo.
        let lines = review::reviewable(conn, buyer, PageRequest::new(1, 100), now)?;
        for (l, line) in lines.items.into_iter().enumerate() {
            let (title, content, rating) = REVIEWS[(b + l) % REVIEWS.len()];
            let photo = match photos.get(b % photos.len().max(1)) {
                Some(png) if (b + l) % 2 == 0 => {
                    Some(storage.put(png, "png").map_err(|e| CommunityError::Storage(e.to_string()))?)
                }
                _ => None,
            };
            let input = ReviewInput {
                title: title.into(),
                content: content.into(),
                rating,
                delivery: ["fast", "normal", "fast"][(b + l) % 3].into(),
                service: ["friendly", "friendly", "normal"][(b + l) % 3].into(),
                rebuy: ["yes", "maybe", "yes"][(b + l) % 3].into(),
            };
            let (view, _) = review::create(conn, buyer, line.line.id, input, photo.as_deref(), now)?;
            review_ids.push((buyer, view.row.id));
            counts.reviews += 1;
        }
        // Wishes and follows.
        let theirs: Vec<&ProductRow> = products.iter().filter(|p| p.seller_id != buyer).collect();
        for p in theirs.iter().skip(b * 3).take(4) {
            wish::wish(conn, buyer, p.id, now)?;
            counts.wishes += 1;
        }
        for &seller in people.sellers.iter().take(b % people.sellers.len().max(1) + 1) {
            follow::follow(conn, buyer, seller, now)?;
        }
        // One question each, answered by the product's seller where the demo has an answer.
        if let Some(product) = theirs.get(b * 5 + 1) {
            let (content, secret, answer) = QUESTIONS[b % QUESTIONS.len()];
            let asked = inquiry::ask(conn, buyer, product.id, content, secret, now - Duration::hours(5))?;
            counts.inquiries += 1;
            if let Some(answer) = answer {
                inquiry::answer(conn, product.seller_id, asked.row.id, answer, now - Duration::hours(2))?;
            }
        }
        // Check-ins on a few recent business days.
        for days_ago in [0, 1, 3].into_iter().skip(b % 2) {
            attendance::check_in(conn, buyer, calendar, now - Duration::days(days_ago))?;
        }
    }
    // Buyers like one another's reviews.
    for &(author, review_id) in &review_ids {
        for &buyer in people.buyers.iter().filter(|b| **b != author).take(2) {
            review::like(conn, buyer, review_id, now)?;
        }
    }
    // One answered and one open support ticket.
    if let Some(&first) = people.buyers.first() {
        let ticket = support::open(
            conn,
            first,
            "포인트 적립 문의",
            "리뷰 포인트는 언제 적립되나요?",
            now - Duration::days(1),
        )?;
        support::answer(
            conn,
            people.admin,
            ticket.id,
            "리뷰를 작성하시면 바로 적립됩니다. 감사합니다!",
            now,
        )?;
    }
    if let Some(&second) = people.buyers.get(1) {
        support::open(
            conn,
            second,
            "Changing my address",
            "Can I change the address of an order that is being prepared?",
            now,
        )?;
    }
    Ok(counts)
}
