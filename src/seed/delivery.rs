//! The demo after the handshake: content submitted (with one revision round), reviewed, published
//! and measured; clicks, orders (one returned), payouts and reviews; collaborations that are
//! COMPLETED, one still ACTIVE with content awaiting review, and one CANCELLED. All of it goes
//! through the domain functions the API calls, so every rule holds and every notification is sent.
//!
//! Each storyline runs once, while its starting point is untouched (the collaboration has no
//! submission yet, or the proposal it opens does not exist), as `mod.rs` checks each of its
//! objects: a second run changes nothing, and a database seeded before this module existed gets
//! the storylines too.

use entity::{
    collaboration, content_submission, deliverable,
    enums::{
        CollaborationStatus, CompensationModel, CurrencyCode, DeliverableType, Party, Platform,
        ReviewDecision,
    },
    proposal,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    auth::Viewer,
    collaborations, deals,
    delivery::{self, ContentIn, Counts, ReviewIn},
    error::{AppError, AppResult},
    payments::{self, ConversionIn},
    reviews,
    seed::{
        deals::{brief_titled, terms},
        demo_viewer,
    },
    state::AppState,
    tracking::Link,
};

/// One deliverable's life, from first draft to its reported numbers.
struct Delivery {
    media: &'static str,
    caption: &'static str,
    note: Option<&'static str>,
    /// A first version the brand sends back, and what it asks to change.
    revision: Option<(&'static str, &'static str)>,
    approval: &'static str,
    live_url: &'static str,
    /// (views, likes, comments, shares, saves)
    metrics: (i64, i64, i64, i64, i64),
    reported_by: Party,
}

/// The two sides of a collaboration, as the demo acts for them.
pub(crate) struct Sides<'a> {
    pub brand: &'a Viewer,
    pub creator: &'a Viewer,
}

/// Adds the demo's delivery and money, storyline by storyline.
pub async fn seed_delivery(state: &AppState) -> AppResult<()> {
    let comem = demo_viewer(state, "brand@comem.vn").await?;
    let saoviet = demo_viewer(state, "brand@saoviet.vn").await?;
    let linh = demo_viewer(state, "linh.beauty@demo.vn").await?;
    let minh = demo_viewer(state, "minh.review@demo.vn").await?;

    let lipstick = brief_titled(state, "Son môi mùa hè: review chân thực").await?;
    let livestream = brief_titled(state, "Livestream bán kem dưỡng da ban đêm").await?;
    let fish_sauce = brief_titled(state, "Nếm thử nước mắm nhĩ mới").await?;
    let buds = brief_titled(state, "Ra mắt tai nghe SV Buds Pro").await?;

    let comem_linh = Sides {
        brand: &comem,
        creator: &linh,
    };
    if let Some(c) = untouched(state, lipstick.id, &linh).await? {
        lipstick_completed(state, &comem_linh, &c).await?;
    }
    if !has_proposal(state, livestream.id, &linh).await? {
        livestream_completed(state, &comem_linh, livestream.id).await?;
    }
    if let Some(c) = untouched(state, fish_sauce.id, &minh).await? {
        fish_sauce_in_review(state, &minh, &c).await?;
    }
    if !has_proposal(state, buds.id, &minh).await? {
        buds_cancelled(state, &saoviet, &minh, buds.id).await?;
    }
    Ok(())
}

pub(crate) fn creator_id(v: &Viewer) -> Uuid {
    v.creator_id.expect("demo creators have profiles")
}

/// The creator's ACTIVE collaboration on the brief, if none of its deliverables has content yet.
async fn untouched(
    state: &AppState,
    brief_id: Uuid,
    creator: &Viewer,
) -> AppResult<Option<collaboration::Model>> {
    let Some(c) = collaboration::Entity::find()
        .filter(collaboration::Column::BriefId.eq(brief_id))
        .filter(collaboration::Column::CreatorId.eq(creator_id(creator)))
        .filter(collaboration::Column::Status.eq(CollaborationStatus::Active))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let ids: Vec<Uuid> = collaborations::deliverables_of(&state.db, c.id)
        .await?
        .iter()
        .map(|d| d.id)
        .collect();
    let submitted = content_submission::Entity::find()
        .filter(content_submission::Column::DeliverableId.is_in(ids))
        .count(&state.db)
        .await?;
    Ok((submitted == 0).then_some(c))
}

pub(crate) async fn has_proposal(
    state: &AppState,
    brief_id: Uuid,
    creator: &Viewer,
) -> AppResult<bool> {
    Ok(proposal::Entity::find()
        .filter(proposal::Column::BriefId.eq(brief_id))
        .filter(proposal::Column::CreatorId.eq(creator_id(creator)))
        .count(&state.db)
        .await?
        > 0)
}

/// The first deliverable of a demo collaboration.
pub(crate) async fn first_deliverable(state: &AppState, collaboration_id: Uuid) -> AppResult<Uuid> {
    collaborations::deliverables_of(&state.db, collaboration_id)
        .await?
        .first()
        .map(|d| d.id)
        .ok_or_else(|| AppError::internal("a demo collaboration without deliverables"))
}

/// An invitation on the brand's terms, accepted by the creator at once.
pub(crate) async fn invited_and_accepted(
    state: &AppState,
    sides: &Sides<'_>,
    brief_id: Uuid,
    message: &str,
    terms: deals::TermsIn,
) -> AppResult<collaboration::Model> {
    let (db, bus) = (&state.db, &state.events);
    let p = deals::invite(
        db,
        bus,
        sides.brand,
        brief_id,
        creator_id(sides.creator),
        Some(message),
        terms,
    )
    .await?;
    let offer = deals::current_offer(db, p.id)
        .await?
        .ok_or_else(|| AppError::internal("an invitation without its offer"))?;
    collaborations::start(db, bus, sides.creator, offer.id).await
}

/// Submits (after a revision round, if any), approves, publishes and measures a deliverable.
async fn deliver(
    state: &AppState,
    sides: &Sides<'_>,
    d: &deliverable::Model,
    code: &str,
    how: &Delivery,
) -> AppResult<()> {
    let (db, bus) = (&state.db, &state.events);
    let caption = format!("{} Nhập mã {code} khi mua.", how.caption);
    if let Some((draft, feedback)) = how.revision {
        let first = delivery::submit(
            db,
            bus,
            &state.config.deadlines.calendar,
            sides.creator,
            d.id,
            ContentIn {
                media_urls: &[draft.to_owned()],
                caption: Some(how.caption),
                note: None,
            },
        )
        .await?;
        delivery::review(
            db,
            bus,
            sides.brand,
            first.id,
            ReviewIn {
                decision: ReviewDecision::RequestChanges,
                feedback: Some(feedback),
                unlabelled_reason: None,
            },
        )
        .await?;
    }
    let s = delivery::submit(
        db,
        bus,
        &state.config.deadlines.calendar,
        sides.creator,
        d.id,
        ContentIn {
            media_urls: &[how.media.to_owned()],
            caption: Some(&caption),
            note: how.note,
        },
    )
    .await?;
    delivery::review(
        db,
        bus,
        sides.brand,
        s.id,
        ReviewIn {
            decision: ReviewDecision::Approve,
            feedback: Some(how.approval),
            unlabelled_reason: None,
        },
    )
    .await?;
    delivery::publish(db, bus, sides.creator, d.id, how.live_url).await?;
    let (views, likes, comments, shares, saves) = how.metrics;
    let reporter = match how.reported_by {
        Party::Brand => sides.brand,
        Party::Creator => sides.creator,
    };
    delivery::report_metrics(
        db,
        bus,
        reporter,
        d.id,
        Counts {
            views,
            likes,
            comments,
            shares,
            saves,
        },
    )
    .await?;
    Ok(())
}

/// Clicks on the collaboration's tracking link, counted by the tracker behind `GET /t/{code}` and
/// written by its flush, as the route's clicks are.
async fn clicks(state: &AppState, code: &str, n: u32) -> AppResult<()> {
    for _ in 0..n {
        if !matches!(state.tracker.click(code).await?, Link::Redirect(_)) {
            return Err(AppError::internal(format!(
                "the tracking link {code} does not redirect"
            )));
        }
    }
    state.tracker.flush().await
}

/// Orders on the tracking code: (order reference, amount in VND).
async fn orders(
    state: &AppState,
    brand: &Viewer,
    code: &str,
    orders: &[(&str, i64)],
) -> AppResult<()> {
    for &(order_ref, vnd) in orders {
        payments::record_conversion(
            &state.db,
            &state.events,
            &state.config.money,
            brand,
            ConversionIn {
                tracking_code: code.to_owned(),
                order_ref: order_ref.to_owned(),
                amount: (Decimal::from(vnd), CurrencyCode::Vnd),
                occurred_at: None,
                session_code: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Completes the collaboration, then each side rates the other: (brand's rating and comment,
/// creator's rating and comment).
async fn complete_and_review(
    state: &AppState,
    sides: &Sides<'_>,
    c: &collaboration::Model,
    by_brand: (i32, &str),
    by_creator: (i32, &str),
) -> AppResult<()> {
    collaborations::complete(&state.db, &state.events, sides.brand, c.id).await?;
    reviews::review_partner(
        &state.db,
        &state.events,
        sides.brand,
        c.id,
        by_brand.0,
        Some(by_brand.1),
    )
    .await?;
    reviews::review_partner(
        &state.db,
        &state.events,
        sides.creator,
        c.id,
        by_creator.0,
        Some(by_creator.1),
    )
    .await?;
    Ok(())
}

/// COMPLETED, fixed fee: three deliverables, the video after one revision round; clicks and a few
/// orders on the code; the fee payout PAID; reviews both ways.
async fn lipstick_completed(
    state: &AppState,
    sides: &Sides<'_>,
    c: &collaboration::Model,
) -> AppResult<()> {
    let deliverables = collaborations::deliverables_of(&state.db, c.id).await?;
    let plan = [
        Delivery {
            media: "https://cdn.example.vn/demo/linh/son-he-review-v2.mp4",
            caption: "Review thật son thảo mộc Cỏ Mềm Hè 2026: mềm môi, lên màu chuẩn sau 8 tiếng.",
            note: Some("Đã nhắc tên son trong 5 giây đầu và thêm mã giảm giá vào caption."),
            revision: Some((
                "https://cdn.example.vn/demo/linh/son-he-review-v1.mp4",
                "Video rất đẹp! Bạn nhắc tên “Cỏ Mềm Hè 2026” trong 5 giây đầu và thêm mã giảm giá \
                 vào caption giúp mình nhé.",
            )),
            approval: "Tuyệt vời, đăng được rồi!",
            live_url: "https://www.tiktok.com/@linhbeauty/video/7380000000000000101",
            metrics: (182_400, 9_850, 412, 655, 1_210),
            reported_by: Party::Creator,
        },
        Delivery {
            media: "https://cdn.example.vn/demo/linh/son-he-story-1.jpg",
            caption: "Màu Hồng Đất, tông hợp da ngăm.",
            note: None,
            revision: None,
            approval: "Ổn rồi, cảm ơn Linh.",
            live_url: "https://www.instagram.com/stories/linh.beauty/3380000000000000201/",
            metrics: (41_200, 1_320, 58, 96, 0),
            reported_by: Party::Creator,
        },
        Delivery {
            media: "https://cdn.example.vn/demo/linh/son-he-story-2.jpg",
            caption: "Màu Đỏ Gạch, đi tiệc cuối tuần.",
            note: None,
            revision: None,
            approval: "Ổn rồi, cảm ơn Linh.",
            live_url: "https://www.instagram.com/stories/linh.beauty/3380000000000000202/",
            metrics: (38_700, 1_105, 41, 73, 0),
            reported_by: Party::Brand,
        },
    ];
    if deliverables.len() != plan.len() {
        return Err(AppError::internal(
            "the demo lipstick collaboration has an unexpected number of deliverables",
        ));
    }
    for (d, how) in deliverables.iter().zip(&plan) {
        deliver(state, sides, d, &c.tracking_code, how).await?;
    }
    clicks(state, &c.tracking_code, 1_240).await?;
    // A thỏi son is 329,000 đồng.
    orders(
        state,
        sides.brand,
        &c.tracking_code,
        &[
            ("CM-2606-0101", 329_000),
            ("CM-2606-0102", 658_000),
            ("CM-2606-0103", 329_000),
            ("CM-2606-0104", 987_000),
            ("CM-2606-0105", 329_000),
            ("CM-2606-0106", 658_000),
            ("CM-2606-0107", 329_000),
            ("CM-2606-0108", 1_316_000),
        ],
    )
    .await?;
    complete_and_review(
        state,
        sides,
        c,
        (
            5,
            "Linh sửa video rất nhanh sau góp ý, đăng đúng hẹn, khán giả hỏi mua rất nhiều.",
        ),
        (
            4,
            "Brief rõ ràng, góp ý cụ thể, thanh toán đúng hạn. Mẫu thử gửi hơi trễ.",
        ),
    )
    .await?;
    Ok(())
}

/// COMPLETED, commission only: two TikTok livestreams, clicks and orders, one order returned and
/// reversed, one partly refunded; reviews. The orders lock `COMMISSION_LOCK` after they were
/// recorded, and their commission is settled then.
async fn livestream_completed(
    state: &AppState,
    sides: &Sides<'_>,
    brief_id: Uuid,
) -> AppResult<()> {
    use DeliverableType as D;
    use Platform as P;
    let c = invited_and_accepted(
        state,
        sides,
        brief_id,
        "Linh ơi, bên mình mời Linh live bán kem dưỡng đêm trên TikTok, hoa hồng 12,5% mỗi đơn.",
        terms(
            CompensationModel::Commission,
            None,
            Some("12.5"),
            &[(D::Livestream, P::Tiktok, 2)],
        ),
    )
    .await?;
    let deliverables = collaborations::deliverables_of(&state.db, c.id).await?;
    let plan = [
        Delivery {
            media: "https://cdn.example.vn/demo/linh/live-kem-dem-1-kich-ban.pdf",
            caption: "Tối thứ Sáu 20h: live chăm da đêm cùng kem dưỡng Cỏ Mềm.",
            note: Some("Kịch bản và ảnh bìa phiên live."),
            revision: None,
            approval: "Kịch bản ổn, chúc Linh live vui!",
            live_url: "https://www.tiktok.com/@linhbeauty/live/7380000000000000301",
            metrics: (64_300, 5_120, 2_870, 310, 95),
            reported_by: Party::Creator,
        },
        Delivery {
            media: "https://cdn.example.vn/demo/linh/live-kem-dem-2-kich-ban.pdf",
            caption: "Chủ nhật 20h: hỏi đáp về da khô cùng kem dưỡng Cỏ Mềm.",
            note: None,
            revision: None,
            approval: "Duyệt, cảm ơn Linh.",
            live_url: "https://www.tiktok.com/@linhbeauty/live/7380000000000000302",
            metrics: (71_800, 6_040, 3_315, 402, 120),
            reported_by: Party::Brand,
        },
    ];
    for (d, how) in deliverables.iter().zip(&plan) {
        deliver(state, sides, d, &c.tracking_code, how).await?;
    }
    clicks(state, &c.tracking_code, 2_150).await?;
    // A hũ kem is 459,000 đồng; two are 918,000; the combo of three 1,290,000.
    orders(
        state,
        sides.brand,
        &c.tracking_code,
        &[
            ("LS-2606-0201", 459_000),
            ("LS-2606-0202", 918_000),
            ("LS-2606-0203", 459_000),
            ("LS-2606-0204", 1_290_000),
            ("LS-2606-0205", 459_000),
            ("LS-2606-0206", 918_000),
            ("LS-2606-0207", 459_000),
            ("LS-2606-0208", 1_290_000),
            ("LS-2606-0209", 459_000),
            ("LS-2606-0210", 918_000),
            ("LS-2606-0211", 459_000),
            ("LS-2606-0212", 1_290_000),
            ("LS-2606-0213", 459_000),
            ("LS-2606-0214", 918_000),
        ],
    )
    .await?;
    payments::reverse_conversion(
        &state.db,
        &state.events,
        sides.brand,
        &c.tracking_code,
        "LS-2606-0210",
        "Khách trả hàng: hũ kem bị móp khi giao.",
    )
    .await?;
    payments::adjust_conversion(
        &state.db,
        &state.events,
        sides.brand,
        payments::AdjustmentIn {
            tracking_code: c.tracking_code.clone(),
            order_ref: "LS-2606-0212".to_owned(),
            amount: (Decimal::from(918_000), CurrencyCode::Vnd),
            reason: "Khách trả lại một hũ trong combo ba hũ.".to_owned(),
        },
    )
    .await?;
    complete_and_review(
        state,
        sides,
        &c,
        (
            5,
            "Hai phiên live chốt đơn đều, Linh trả lời câu hỏi về da rất có tâm.",
        ),
        (
            5,
            "Hoa hồng rõ ràng, đối soát đơn minh bạch, đơn trả được báo ngay.",
        ),
    )
    .await?;
    Ok(())
}

/// ACTIVE, mid-delivery: the gifted video is submitted and waits for the brand's review.
async fn fish_sauce_in_review(
    state: &AppState,
    creator: &Viewer,
    c: &collaboration::Model,
) -> AppResult<()> {
    let d = first_deliverable(state, c.id).await?;
    delivery::submit(
        &state.db,
        &state.events,
        &state.config.deadlines.calendar,
        creator,
        d,
        ContentIn {
            media_urls: &["https://cdn.example.vn/demo/minh/ca-kho-nuoc-mam-nhi.mp4".to_owned()],
            caption: Some("Cá kho tộ với nước mắm nhĩ Bếp Nhà Mai: đậm mà không gắt! #bepnhamai"),
            note: Some("Video 45 giây; nếu cần bản ngắn hơn chị báo mình nhé."),
        },
    )
    .await?;
    Ok(())
}

/// CANCELLED: a hybrid deal with a 30% kill fee, accepted; the creator submits a draft, then the
/// brand calls it off: its slot and fee go back to the brief, 30% of the held fee to the creator
/// (KILL_FEE) and the rest back to the brand (REFUND).
async fn buds_cancelled(
    state: &AppState,
    brand: &Viewer,
    creator: &Viewer,
    brief_id: Uuid,
) -> AppResult<()> {
    let sides = Sides { brand, creator };
    let mut with_kill_fee = terms(
        CompensationModel::Hybrid,
        Some(3_000_000),
        Some("5"),
        &[(DeliverableType::ShortVideo, Platform::Tiktok, 1)],
    );
    with_kill_fee.kill_fee_percent = Decimal::from(30);
    let c = invited_and_accepted(
        state,
        &sides,
        brief_id,
        "Mời anh Minh làm một video ngắn về SV Buds Pro cho người dùng phổ thông.",
        with_kill_fee,
    )
    .await?;
    let d = first_deliverable(state, c.id).await?;
    delivery::submit(
        &state.db,
        &state.events,
        &state.config.deadlines.calendar,
        creator,
        d,
        ContentIn {
            media_urls: &["https://cdn.example.vn/demo/minh/sv-buds-pro-nhap.mp4".to_owned()],
            caption: Some("Bản nháp: đập hộp SV Buds Pro."),
            note: None,
        },
    )
    .await?;
    collaborations::cancel(
        &state.db,
        &state.events,
        brand,
        c.id,
        "Lô SV Buds Pro về kho trễ ba tuần; bên mình xin hủy và sẽ mời lại đợt sau.",
    )
    .await?;
    Ok(())
}
