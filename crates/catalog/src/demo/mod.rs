//! The catalog part of the demo shop: the chocolate categories of the spec and about forty
//! products from the two demo sellers, each with a drawn thumbnail and a detail picture.
//! Idempotent: a seller who already has products gets none added.

pub mod art;

use std::sync::Arc;

use diesel::prelude::*;
use praline_kernel::db::{self, Conn};
use praline_kernel::storage::Storage;

use crate::error::CatalogError;
use crate::model::{ProductState, search_text};
use crate::schema::catalog_products;
use crate::service::product::{self, NewProduct};
use crate::service::{category, image};
use art::{CARAMEL, DARK, MATCHA, MILK, Motif, Picture, RUBY, Rgb, WHITE};

/// The demo categories, in menu order (SPEC §3).
pub const CATEGORIES: [&str; 7] =
    ["초콜릿", "시럽·소스", "코코아 파우더", "스프레드", "케이크", "DIY 키트", "포장재"];

struct DemoProduct {
    seller: usize,
    category: usize,
    name: &'static str,
    description: &'static str,
    price: i64,
    stock: i64,
    motif: Motif,
    color: Rgb,
    accent: Rgb,
}

#[allow(clippy::too_many_arguments)]
const fn p(
    seller: usize,
    category: usize,
    name: &'static str,
    description: &'static str,
    price: i64,
    stock: i64,
    motif: Motif,
    color: Rgb,
    accent: Rgb,
) -> DemoProduct {
    DemoProduct { seller, category, name, description, price, stock, motif, color, accent }
}

const GOLD: Rgb = Rgb(214, 170, 72);
const RED: Rgb = Rgb(178, 40, 52);

#[rustfmt::skip]
const PRODUCTS: [DemoProduct; 40] = [
    p(0, 0, "다크 초콜릿 트러플 9구", "벨기에산 70% 다크 커버춰로 만든 진한 트러플입니다. Rich dark chocolate truffles.", 18_900, 24, Motif::Truffles, DARK, GOLD),
    p(0, 0, "밀크 초콜릿 바 100g", "부드러운 밀크 초콜릿 바. Creamy milk chocolate bar.", 4_500, 120, Motif::Bar, MILK, RED),
    p(0, 0, "루비 초콜릿 하트 트러플", "상큼한 베리 향의 루비 초콜릿 트러플. Ruby chocolate with a berry note.", 21_000, 8, Motif::Truffles, RUBY, WHITE),
    p(0, 0, "화이트 초콜릿 바 (바닐라빈)", "마다가스카르 바닐라빈을 넣은 화이트 초콜릿. White chocolate with vanilla bean.", 5_200, 0, Motif::Bar, WHITE, MATCHA),
    p(0, 0, "말차 생초콜릿", "제주 말차로 만든 부드러운 생초콜릿. Matcha nama chocolate.", 16_500, 15, Motif::Truffles, MATCHA, WHITE),
    p(0, 0, "카카오 닙스 다크 바", "바삭한 카카오 닙스가 박힌 다크 초콜릿 바. Dark bar with cocoa nibs.", 5_900, 60, Motif::Bar, DARK, GOLD),
    p(0, 0, "솔티드 카라멜 봉봉 6구", "짭짤한 카라멜이 흐르는 봉봉. Salted caramel bonbons.", 15_800, 30, Motif::Truffles, CARAMEL, DARK),
    p(0, 0, "미니 초콜릿 한 입 (낱개)", "가볍게 즐기는 한 입 초콜릿. A single bite-size chocolate.", 850, 500, Motif::Bar, MILK, GOLD),
    p(0, 1, "초콜릿 시럽 500ml", "라떼와 아이스크림에 어울리는 초콜릿 시럽. Chocolate syrup for lattes.", 7_800, 80, Motif::Jar, DARK, RED),
    p(0, 1, "카라멜 소스 300g", "진하게 졸인 카라멜 소스. Thick caramel sauce.", 6_900, 45, Motif::Jar, CARAMEL, GOLD),
    p(0, 1, "화이트 초콜릿 소스", "디저트 토핑용 화이트 초콜릿 소스. White chocolate sauce.", 8_200, 0, Motif::Jar, WHITE, RUBY),
    p(0, 2, "더치 코코아 파우더 200g", "베이킹용 고급 더치 코코아. Dutch-process cocoa powder.", 6_500, 70, Motif::Powder, DARK, GOLD),
    p(0, 2, "핫초코 믹스 10개입", "우유에 타 먹는 진한 핫초코. Hot chocolate mix, 10 sachets.", 9_900, 55, Motif::Powder, MILK, RED),
    p(0, 2, "로우 카카오 파우더 500g", "저온 가공한 로우 카카오 파우더. Raw cacao powder.", 12_800, 3, Motif::Powder, DARK, MATCHA),
    p(0, 3, "헤이즐넛 초코 스프레드", "구운 헤이즐넛이 듬뿍 들어간 스프레드. Hazelnut chocolate spread.", 9_500, 40, Motif::Jar, MILK, GOLD),
    p(0, 3, "다크 초콜릿 스프레드", "설탕을 줄인 진한 다크 스프레드. Less-sugar dark chocolate spread.", 10_500, 25, Motif::Jar, DARK, RED),
    p(0, 4, "가나슈 초콜릿 케이크 1호", "진한 가나슈를 겹겹이 올린 초콜릿 케이크. Ganache chocolate cake.", 23_000, 5, Motif::Cake, DARK, RUBY),
    p(0, 4, "초코 브라우니 4조각", "꾸덕한 초콜릿 브라우니. Fudgy chocolate brownies.", 12_000, 0, Motif::Cake, MILK, GOLD),
    p(0, 5, "수제 초콜릿 만들기 키트", "템퍼링부터 포장까지 한 번에. Make-your-own chocolate kit.", 19_800, 20, Motif::GiftBox, MILK, RED),
    p(0, 6, "초콜릿 선물 상자 (9구용)", "트러플 9구가 들어가는 선물 상자. Gift box for nine truffles.", 2_500, 300, Motif::GiftBox, RED, GOLD),
    p(1, 0, "프랄린 셀렉션 16구", "쇼콜라티에가 고른 16가지 프랄린. A selection of 16 pralines.", 22_000, 12, Motif::Truffles, MILK, GOLD),
    p(1, 0, "딸기 루비 초콜릿 바", "동결건조 딸기를 더한 루비 초콜릿. Ruby chocolate with strawberry.", 6_800, 35, Motif::Bar, RUBY, WHITE),
    p(1, 0, "오렌지 필 다크 초콜릿", "오렌지 필을 다크 초콜릿으로 감쌌어요. Candied orange peel in dark chocolate.", 11_500, 0, Motif::Bar, DARK, CARAMEL),
    p(1, 0, "화이트 트러플 (라즈베리)", "라즈베리 가나슈를 채운 화이트 트러플. White truffles with raspberry.", 17_900, 18, Motif::Truffles, WHITE, RUBY),
    p(1, 0, "에스프레소 다크 봉봉", "에스프레소 가나슈 봉봉 6구. Espresso dark bonbons.", 14_500, 22, Motif::Truffles, DARK, CARAMEL),
    p(1, 0, "카카오 72% 싱글 오리진 바", "에콰도르 싱글 오리진 72% 바. Ecuador single-origin 72% bar.", 7_500, 90, Motif::Bar, DARK, GOLD),
    p(1, 0, "초코 아몬드 200g", "통아몬드를 밀크 초콜릿으로 코팅. Milk chocolate almonds.", 8_900, 65, Motif::Truffles, MILK, WHITE),
    p(1, 1, "민트 초콜릿 시럽", "민트 향이 산뜻한 초콜릿 시럽. Mint chocolate syrup.", 8_500, 28, Motif::Jar, DARK, MATCHA),
    p(1, 1, "라즈베리 초콜릿 소스", "새콤한 라즈베리 초콜릿 소스. Raspberry chocolate sauce.", 9_200, 14, Motif::Jar, RUBY, DARK),
    p(1, 2, "말차 라떼 파우더 300g", "제주 말차와 화이트 초콜릿 파우더. Matcha white chocolate latte powder.", 13_500, 33, Motif::Powder, MATCHA, WHITE),
    p(1, 2, "베이킹용 카카오 파우더 1kg", "대용량 베이킹 코코아. Baking cocoa, 1 kg.", 15_900, 10, Motif::Powder, MILK, GOLD),
    p(1, 3, "피스타치오 초코 스프레드", "고소한 피스타치오 화이트 스프레드. Pistachio white chocolate spread.", 14_800, 0, Motif::Jar, MATCHA, GOLD),
    p(1, 3, "밀크 초코 스프레드 (대용량)", "아이들이 좋아하는 밀크 스프레드. Milk chocolate spread, family size.", 11_900, 48, Motif::Jar, MILK, RED),
    p(1, 4, "초콜릿 마카롱 6구", "가나슈를 채운 초콜릿 마카롱. Chocolate macarons.", 13_800, 26, Motif::Cake, MILK, RUBY),
    p(1, 4, "루비 치즈케이크", "루비 초콜릿을 올린 치즈케이크. Ruby chocolate cheesecake.", 21_500, 7, Motif::Cake, RUBY, WHITE),
    p(1, 4, "클래식 가토 쇼콜라", "밀가루를 줄인 촉촉한 가토 쇼콜라. Classic gâteau au chocolat.", 19_000, 11, Motif::Cake, DARK, GOLD),
    p(1, 5, "초코 쿠키 DIY 키트", "아이와 함께 굽는 초코칩 쿠키 키트. Chocolate-chip cookie kit.", 12_500, 40, Motif::GiftBox, CARAMEL, DARK),
    p(1, 5, "발렌타인 초콜릿 만들기 세트", "하트 몰드와 포장까지 들어 있는 세트. Valentine chocolate-making set.", 17_500, 0, Motif::GiftBox, RUBY, WHITE),
    p(1, 6, "리본 포장 세트 10매", "초콜릿 선물용 리본과 봉투. Ribbons and bags for gifts.", 3_900, 150, Motif::GiftBox, WHITE, RED),
    p(1, 6, "트러플 종이 캡슐 100개", "트러플용 골드 종이 캡슐. Gold paper cups for truffles.", 1_900, 400, Motif::GiftBox, GOLD, DARK),
];

/// Seeds the demo categories and, for each of `sellers` (user ids in the order of the accounts
/// demo) without products, their demo products with pictures. Returns how many were added.
pub fn seed(
    conn: &mut Conn,
    storage: &Arc<dyn Storage>,
    sellers: &[i64],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, CatalogError> {
    let categories = category::ensure(conn, &CATEGORIES, now)?;
    let category_id = |index: usize| {
        categories.iter().find(|c| c.name == CATEGORIES[index]).map(|c| c.id).ok_or(CatalogError::NotFound)
    };
    let mut added = 0;
    for (index, &seller_id) in sellers.iter().enumerate() {
        let existing: i64 = catalog_products::table
            .filter(catalog_products::seller_id.eq(seller_id))
            .count()
            .get_result(conn)?;
        if existing > 0 {
            continue;
        }
        for (n, demo) in PRODUCTS.iter().enumerate().filter(|(_, d)| d.seller == index) {
            let variant = u32::try_from(n).unwrap_or(0);
            let picture = Picture { motif: demo.motif, color: demo.color, accent: demo.accent, variant };
            let detail = Picture { variant: variant + 7, ..picture };
            let store = |pic: Picture| {
                storage.put(&pic.png(), "png").map_err(|e| CatalogError::Storage(e.to_string()))
            };
            let (thumbnail, detail) = (store(picture)?, store(detail)?);
            // Listed the day the demo seller joined, a second apart so "recent" has an order.
            let created = now - chrono::Duration::seconds(i64::try_from(PRODUCTS.len() - n).unwrap_or(0));
            db::transaction(conn, |conn| {
                let input = NewProduct {
                    category_id: category_id(demo.category)?,
                    name: demo.name.into(),
                    description: demo.description.into(),
                    price: demo.price,
                    stock: demo.stock,
                    state: None,
                };
                let id = product::create(conn, seller_id, input, created)?.id;
                image::set_thumbnail(conn, seller_id, id, &thumbnail, created)?;
                image::add_image(conn, seller_id, id, &detail, created)?;
                // Ratings, wishes and sales come from the demo's real reviews, wishes and orders
                // (commerce and community seed them), never from made-up counts.
                Ok::<_, CatalogError>(())
            })?;
            added += 1;
        }
    }
    Ok(added)
}

/// True when no product exists yet.
pub fn is_empty(conn: &mut Conn) -> Result<bool, CatalogError> {
    Ok(product_total(conn)? == 0)
}

/// Every product row, whatever its state.
pub fn product_total(conn: &mut Conn) -> Result<i64, CatalogError> {
    Ok(catalog_products::table.count().get_result(conn)?)
}

const BENCH_STYLES: [&str; 10] =
    ["다크", "밀크", "화이트", "루비", "말차", "Dark", "Milk", "Ruby", "솔티드", "헤이즐넛"];
const BENCH_KINDS: [&str; 10] = [
    "초콜릿 바",
    "트러플",
    "봉봉",
    "프랄린",
    "가나슈",
    "Truffle",
    "Bonbon",
    "초코 스프레드",
    "코코아",
    "브라우니",
];
const BENCH_DESCRIPTIONS: [&str; 4] = [
    "쇼콜라티에가 매일 아침 만드는 초콜릿입니다.",
    "Small-batch chocolate from single-origin cacao.",
    "선물하기 좋은 상자에 담아 보내 드려요.",
    "Hazelnut, caramel and a pinch of sea salt.",
];

/// Bulk-inserts `total` benchmark products spread over `sellers` and the demo categories, with
/// thumbnails shared from `thumbnails` (a handful of drawn pictures). Returns how many were added.
/// Used by `praline seed-bench`; not for real shops (the pictures are shared between products).
pub fn bench_products(
    conn: &mut Conn,
    sellers: &[i64],
    total: usize,
    thumbnails: &[String],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, CatalogError> {
    let categories = category::ensure(conn, &CATEGORIES, now)?;
    let now = now.naive_utc();
    if sellers.is_empty() || categories.is_empty() || thumbnails.is_empty() {
        return Ok(0);
    }
    const BATCH: usize = 1_000;
    let mut per_seller = vec![0_i64; sellers.len()];
    let mut added = 0;
    while added < total {
        let rows: Vec<_> = (added..total.min(added + BATCH))
            .map(|n| {
                let name = format!("{} {} No.{n}", BENCH_STYLES[n % 10], BENCH_KINDS[(n / 10) % 10]);
                let description = BENCH_DESCRIPTIONS[n % 4];
                let stock = i64::try_from(n % 50).unwrap_or(0);
                let state = ProductState::OnSale.for_stock(stock);
                let seed = i64::try_from(n).unwrap_or(0);
                per_seller[n % sellers.len()] += 1;
                (
                    catalog_products::seller_id.eq(sellers[n % sellers.len()]),
                    catalog_products::category_id.eq(categories[n % categories.len()].id),
                    catalog_products::search_text.eq(search_text(&name, description)),
                    catalog_products::name.eq(name),
                    catalog_products::description.eq(description),
                    catalog_products::price.eq(850 + (seed * 7_919) % 22_151),
                    catalog_products::stock.eq(stock),
                    catalog_products::state.eq(state.as_str()),
                    catalog_products::thumbnail_key.eq(Some(thumbnails[n % thumbnails.len()].clone())),
                    (
                        catalog_products::rating_count.eq(seed % 7),
                        catalog_products::rating_sum.eq((seed % 7) * (3 + seed % 3)),
                        catalog_products::rating_avg.eq(if seed % 7 == 0 {
                            0.0
                        } else {
                            (3 + seed % 3) as f64
                        }),
                        catalog_products::wish_count.eq((seed * 31) % 997),
                        catalog_products::sales_count.eq((seed * 17) % 1_499),
                        catalog_products::created_at.eq(now - chrono::Duration::seconds(seed * 37)),
                        catalog_products::updated_at.eq(now),
                    ),
                )
            })
            .collect();
        let count = rows.len();
        // Multi-row inserts need the concrete connection (MultiConnection cannot batch them).
        db::transaction(conn, |conn| match conn {
            Conn::Pg(c) => diesel::insert_into(catalog_products::table).values(rows).execute(c),
            Conn::Sqlite(c) => diesel::insert_into(catalog_products::table).values(rows).execute(c),
        })?;
        added += count;
    }
    db::transaction(conn, |conn| {
        for (seller, n) in sellers.iter().zip(per_seller) {
            praline_accounts::service::seller::adjust_count(
                conn,
                *seller,
                praline_accounts::service::seller::SellerCounter::Products,
                n,
            )?;
        }
        Ok::<_, CatalogError>(())
    })?;
    Ok(added)
}

/// A few drawn pictures for benchmark products to share.
pub fn bench_pictures() -> Vec<Vec<u8>> {
    PRODUCTS
        .iter()
        .take(8)
        .enumerate()
        .map(|(n, p)| {
            Picture {
                motif: p.motif,
                color: p.color,
                accent: p.accent,
                variant: u32::try_from(n).unwrap_or(0),
            }
            .png()
        })
        .collect()
}
