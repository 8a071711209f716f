//! Catalog services as other domains call them: query counts, aggregates and stock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use praline_accounts::AccountsConfig;
use praline_catalog::model::{ProductRow, Sort};
use praline_catalog::service::listing::{self, CountCache, Filter, SearchPlan};
use praline_catalog::service::product::{self, NewProduct};
use praline_catalog::service::{aggregate, category};
use praline_kernel::clock::Clock;
use praline_kernel::crypto::Secrets;
use praline_kernel::db::Conn;
use praline_kernel::page::PageRequest;
use praline_testkit::{TestDb, count_statements};

struct Seeded {
    db: TestDb,
    sellers: Vec<i64>,
    category: i64,
}

/// The demo accounts and categories, and `per_seller` products for each demo seller.
async fn seeded(per_seller: usize) -> Seeded {
    let db = TestDb::new();
    let pool = db.pool();
    let config = AccountsConfig { bcrypt_cost: 4, ..AccountsConfig::default() };
    let logins = praline_accounts::demo::seed(&pool, Arc::new(Secrets::for_tests()), config, Clock::system())
        .await
        .unwrap();
    let sellers: Vec<i64> = logins.iter().filter(|l| l.role == "seller").map(|l| l.user_id).collect();
    let mut conn = db.conn();
    let now = Utc::now();
    let category = category::ensure(&mut conn, &["초콜릿"], now).unwrap()[0].id;
    for (s, seller) in sellers.iter().enumerate() {
        for i in 0..per_seller {
            let input = NewProduct {
                category_id: category,
                name: format!("초콜릿 {s}-{i}"),
                description: "Dark chocolate".into(),
                price: 1_000 + i64::try_from(i).unwrap(),
                stock: 10,
                state: None,
            };
            product::create(&mut conn, *seller, input, now).unwrap();
        }
    }
    Seeded { db, sellers, category }
}

#[actix_web::test]
async fn a_list_page_costs_the_same_statements_for_1_and_for_50_items() {
    let shop = seeded(30).await;
    let mut conn = shop.db.conn();
    let cache = CountCache::new(Duration::ZERO);
    let mut statements = Vec::new();
    for per_page in [1, 50] {
        for filter in [
            Filter::default(),
            Filter::parse(Some(shop.category), None, Some("초콜릿"), Some(0), Some(5_000)).unwrap(),
        ] {
            let n = count_statements(&mut conn, |conn| {
                let page =
                    listing::public(conn, &cache, &filter, Sort::Popular, PageRequest::new(1, per_page))
                        .unwrap();
                assert_eq!(page.items.len(), usize::try_from(per_page).unwrap());
                assert!(page.items.iter().all(|l| l.seller.is_some()), "every item has its seller's name");
            });
            statements.push(n);
        }
        let n = count_statements(&mut conn, |conn| {
            let page = listing::store(
                conn,
                Some(shop.sellers[0]),
                shop.sellers[0],
                None,
                Sort::Recent,
                PageRequest::new(1, per_page),
            )
            .unwrap();
            assert_eq!(page.items.len(), usize::try_from(per_page.min(30)).unwrap());
        });
        statements.push(n);
    }
    assert_eq!(statements[..3], statements[3..], "statements per list: {statements:?}");
    assert!(statements.iter().all(|n| *n <= 4), "statements per list: {statements:?}");

    // With the cache on, a second identical list neither counts nor asks for hidden sellers again.
    let cache = CountCache::new(Duration::from_secs(60));
    let filter = Filter::default();
    let list = |conn: &mut Conn| {
        listing::public(conn, &cache, &filter, Sort::Recent, PageRequest::new(1, 20)).unwrap();
    };
    let first = count_statements(&mut conn, list);
    let second = count_statements(&mut conn, list);
    assert_eq!(second, first - 2, "the hidden sellers and the total are reused");
}

fn reload(conn: &mut Conn, id: i64) -> ProductRow {
    ProductRow::find(conn, id).unwrap().unwrap()
}

#[actix_web::test]
async fn aggregates_move_through_the_service_and_order_the_lists() {
    let shop = seeded(3).await;
    let mut conn = shop.db.conn();
    let cache = CountCache::new(Duration::ZERO);
    let all = |conn: &mut Conn, sort: Sort| -> Vec<i64> {
        listing::public(conn, &cache, &Filter::default(), sort, PageRequest::new(1, 100))
            .unwrap()
            .items
            .into_iter()
            .map(|l| l.product.id)
            .collect()
    };
    let ids = all(&mut conn, Sort::Recent);
    let (a, b) = (ids[2], ids[4]);

    aggregate::add_rating(&mut conn, a, 5).unwrap();
    aggregate::add_rating(&mut conn, a, 4).unwrap();
    aggregate::add_rating(&mut conn, b, 3).unwrap();
    assert_eq!(reload(&mut conn, a).rating_count, 2);
    assert!((reload(&mut conn, a).rating_avg - 4.5).abs() < 1e-9);
    aggregate::change_rating(&mut conn, a, 4, 2).unwrap();
    assert!((reload(&mut conn, a).rating_avg - 3.5).abs() < 1e-9);
    assert_eq!(all(&mut conn, Sort::Rating)[..2], [a, b]);
    aggregate::remove_rating(&mut conn, a, 5).unwrap();
    aggregate::remove_rating(&mut conn, a, 2).unwrap();
    let cleared = reload(&mut conn, a);
    assert_eq!((cleared.rating_count, cleared.rating_avg), (0, 0.0));
    assert!(aggregate::remove_rating(&mut conn, a, 5).is_err(), "never below zero");
    assert!(aggregate::add_rating(&mut conn, a, 6).is_err());

    aggregate::adjust_wish_count(&mut conn, b, 1).unwrap();
    aggregate::adjust_wish_count(&mut conn, b, 1).unwrap();
    aggregate::adjust_wish_count(&mut conn, a, 1).unwrap();
    assert_eq!(all(&mut conn, Sort::Popular)[..2], [b, a]);
    assert!(aggregate::adjust_wish_count(&mut conn, a, -2).is_err());
    assert_eq!(reload(&mut conn, a).wish_count, 1);

    aggregate::adjust_sales_count(&mut conn, a, 7).unwrap();
    assert_eq!(all(&mut conn, Sort::Sales)[0], a);
    assert!(aggregate::adjust_sales_count(&mut conn, 999_999, 1).is_err());
}

#[actix_web::test]
async fn concurrent_buyers_never_oversell_and_the_last_unit_sells_it_out() {
    let shop = seeded(1).await;
    let mut conn = shop.db.conn();
    let cache = CountCache::new(Duration::ZERO);
    let id = listing::public(&mut conn, &cache, &Filter::default(), Sort::Recent, PageRequest::new(1, 1))
        .unwrap()
        .items[0]
        .product
        .id;
    let pool = shop.db.pool();
    let handles: Vec<_> = (0..12)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                aggregate::reserve_stock(&mut conn, id, 1).is_ok()
            })
        })
        .collect();
    let sold = handles.into_iter().map(|h| h.join().unwrap()).filter(|ok| *ok).count();
    assert_eq!(sold, 10, "exactly the stock of 10 is sold");
    let row = reload(&mut conn, id);
    assert_eq!((row.stock, row.state.as_str()), (0, "sold_out"));
    assert!(aggregate::reserve_stock(&mut conn, id, 1).is_err());
    assert!(aggregate::reserve_stock(&mut conn, id, 0).is_err());
    let back = aggregate::release_stock(&mut conn, id, 2).unwrap();
    assert_eq!((back.stock, back.state.as_str()), (2, "on_sale"));
}

#[actix_web::test]
async fn products_deleted_long_ago_are_purged_with_their_images() {
    let shop = seeded(2).await;
    let mut conn = shop.db.conn();
    let seller = shop.sellers[0];
    let cache = CountCache::new(Duration::ZERO);
    let mine =
        listing::store(&mut conn, Some(seller), seller, None, Sort::Recent, PageRequest::new(1, 10)).unwrap();
    let (gone, kept) = (mine.items[0].product.id, mine.items[1].product.id);
    let now = Utc::now();
    praline_catalog::service::image::set_thumbnail(&mut conn, seller, gone, "ab/thumb.png", now).unwrap();
    praline_catalog::service::image::add_image(&mut conn, seller, gone, "cd/detail.png", now).unwrap();
    product::delete(&mut conn, seller, gone, now).unwrap();

    // Within the restore window nothing is purged.
    let early =
        praline_catalog::service::image::purge_deleted(&mut conn, now - chrono::Duration::days(30)).unwrap();
    assert!(early.is_empty());
    let mut keys =
        praline_catalog::service::image::purge_deleted(&mut conn, now + chrono::Duration::seconds(1))
            .unwrap();
    keys.sort();
    assert_eq!(keys, ["ab/thumb.png", "cd/detail.png"]);
    assert!(ProductRow::find(&mut conn, gone).unwrap().is_none());
    assert!(ProductRow::find(&mut conn, kept).unwrap().is_some());
    let listed =
        listing::public(&mut conn, &cache, &Filter::default(), Sort::Recent, PageRequest::new(1, 10))
            .unwrap();
    assert_eq!(listed.total, 3);
}

/// Everything the public list shows for `filter` in `sort`, worked out in Rust from every row.
fn expected(conn: &mut Conn, filter: &Filter, sort: Sort) -> Vec<i64> {
    use diesel::prelude::*;
    use praline_catalog::schema::catalog_products;
    let mut rows: Vec<ProductRow> =
        catalog_products::table.select(ProductRow::as_select()).load(conn).unwrap();
    rows.retain(|r| {
        r.state().is_listed()
            && filter.category.is_none_or(|c| r.category_id == c)
            && filter.seller.is_none_or(|s| r.seller_id == s)
            && filter.min_price.is_none_or(|min| r.price >= min)
            && filter.max_price.is_none_or(|max| r.price <= max)
            && filter.q.as_ref().is_none_or(|q| {
                praline_catalog::model::search_text(&r.name, &r.description).contains(q.as_str())
            })
    });
    rows.sort_by(|a, b| {
        let by = |x: &ProductRow, y: &ProductRow| match sort {
            Sort::Recent => y.created_at.cmp(&x.created_at),
            Sort::Popular => y.wish_count.cmp(&x.wish_count),
            Sort::Rating => y.rating_avg.total_cmp(&x.rating_avg),
            Sort::Sales => y.sales_count.cmp(&x.sales_count),
            Sort::PriceAsc => x.price.cmp(&y.price),
            Sort::PriceDesc => y.price.cmp(&x.price),
        };
        let ids = if sort == Sort::PriceAsc { a.id.cmp(&b.id) } else { b.id.cmp(&a.id) };
        by(a, b).then(ids)
    });
    rows.into_iter().map(|r| r.id).collect()
}

#[actix_web::test]
async fn every_search_plan_answers_the_same_rows_in_the_same_order_for_every_sort_and_filter() {
    let shop = seeded(0).await;
    let mut conn = shop.db.conn();
    let now = Utc::now();
    let other = category::ensure(&mut conn, &["케이크"], now).unwrap()[0].id;
    let names = [
        "다크 초콜릿 트러플",
        "Ruby CHOCOLATE Truffle",
        "밀크 초콜릿 바",
        "녹차 케이크",
        "100%_ 카카오 truffle",
    ];
    let mut ids = Vec::new();
    for i in 0..60_i64 {
        let seller = shop.sellers[usize::try_from(i).unwrap() % shop.sellers.len()];
        let input = NewProduct {
            category_id: if i % 3 == 0 { other } else { shop.category },
            name: format!("{} {i}", names[usize::try_from(i).unwrap() % names.len()]),
            description: if i % 4 == 0 { "Dark chocolate".into() } else { "설명".into() },
            // Ties on every sort key, and creation times out of id order.
            price: 1_000 + (i * 7) % 5 * 500,
            stock: i % 6,
            state: None,
        };
        let created = now - chrono::Duration::minutes((i * 11) % 7);
        let id = product::create(&mut conn, seller, input, created).unwrap().id;
        aggregate::adjust_wish_count(&mut conn, id, (i * 5) % 4).unwrap();
        aggregate::adjust_sales_count(&mut conn, id, (i * 3) % 5).unwrap();
        if i % 5 != 0 {
            aggregate::add_rating(&mut conn, id, 1 + (i * 13) % 5).unwrap();
        }
        ids.push((id, seller));
    }
    // Some products leave the lists.
    for (id, seller) in ids.iter().step_by(9) {
        product::delete(&mut conn, *seller, *id, now).unwrap();
    }

    let cache = CountCache::new(Duration::ZERO);
    let queries = [
        None,
        Some("초콜릿"),
        Some("콜릿"),
        Some("CHOCOLATE"),
        Some("truf"),
        Some("100%_"),
        Some("ru"),
        Some("k 초"),
    ];
    let filters = |q: Option<&str>| {
        [
            Filter::parse(None, None, q, None, None),
            Filter::parse(Some(shop.category), None, q, None, None),
            Filter::parse(None, Some(shop.sellers[0]), q, None, None),
            Filter::parse(None, None, q, Some(1_500), Some(2_500)),
            Filter::parse(Some(other), Some(shop.sellers[1]), q, Some(1_000), None),
        ]
        .map(Result::unwrap)
    };
    let sorts = [Sort::Recent, Sort::Popular, Sort::Rating, Sort::Sales, Sort::PriceAsc, Sort::PriceDesc];
    let mut searched = 0;
    for q in queries {
        for filter in filters(q) {
            for sort in sorts {
                let want = expected(&mut conn, &filter, sort);
                if q.is_some() && !want.is_empty() {
                    searched += 1;
                }
                for plan in [SearchPlan::Auto, SearchPlan::Match, SearchPlan::Walk] {
                    for (page, per_page) in [(1, 100), (1, 4), (3, 4)] {
                        let got = listing::public_with(
                            &mut conn,
                            &cache,
                            &filter,
                            sort,
                            PageRequest::new(page, per_page),
                            plan,
                        )
                        .unwrap();
                        let from = usize::try_from((page - 1) * per_page).unwrap().min(want.len());
                        let to = (from + usize::try_from(per_page).unwrap()).min(want.len());
                        let got_ids: Vec<i64> = got.items.iter().map(|l| l.product.id).collect();
                        assert_eq!(
                            got_ids,
                            want[from..to],
                            "{filter:?} {sort:?} {plan:?} page {page}×{per_page}"
                        );
                        assert_eq!(got.total, i64::try_from(want.len()).unwrap(), "{filter:?}");
                    }
                }
            }
        }
    }
    assert!(searched > 100, "the searches found something ({searched})");
}
