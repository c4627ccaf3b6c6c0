//! The demo's deadlines: what happened by itself while nobody acted. Each storyline starts in the
//! past (`clock::as_of`), as if the parties had acted then, and the sweep that ends the seed does
//! what came due since, as the server's first sweep would:
//! - an invitation Bếp Nhà Mai sent Hoa three days ago, which expired unanswered after two;
//! - content Tuấn submitted a week ago that the brand never reviewed: approved by the marketplace;
//! - a livestream An promised for five days ago and has not published: overdue.
//!
//! (Minh's fish-sauce video, submitted today by `delivery`, is the one still waiting, with its
//! review window.) Each runs once, while its proposal does not exist.

use chrono::Duration;
use entity::enums::{CompensationModel, DeliverableType, Platform};

use crate::{
    clock, deals,
    delivery::{self, ContentIn},
    error::{AppError, AppResult},
    seed::{
        deals::{brief_titled, terms},
        delivery::{Sides, creator_id, first_deliverable, has_proposal, invited_and_accepted},
        demo_viewer,
    },
    state::AppState,
    sweep,
};

pub async fn seed_deadlines(state: &AppState) -> AppResult<()> {
    let bep = demo_viewer(state, "brand@bepnhamai.vn").await?;
    let comem = demo_viewer(state, "brand@comem.vn").await?;
    let hoa = demo_viewer(state, "hoa.live@demo.vn").await?;
    let tuan = demo_viewer(state, "tuan.tech@demo.vn").await?;
    let an = demo_viewer(state, "an.eats@demo.vn").await?;
    let fish_sauce = brief_titled(state, "Nếm thử nước mắm nhĩ mới").await?;
    let livestream = brief_titled(state, "Livestream bán kem dưỡng da ban đêm").await?;
    let now = clock::now();

    if !has_proposal(state, fish_sauce.id, &hoa).await? {
        let sent = now - Duration::days(3);
        let mut offer = terms(
            CompensationModel::Gifting,
            None,
            None,
            &[(DeliverableType::Livestream, Platform::Tiktok, 1)],
        );
        offer.expires_at = Some(sent + Duration::days(2));
        clock::as_of(
            sent,
            deals::invite(
                &state.db,
                &state.events,
                &bep,
                fish_sauce.id,
                creator_id(&hoa),
                Some("Chị Hoa ơi, mời chị nấu thử một món với nước mắm nhĩ trên live nhé! Lời mời có hạn 2 ngày."),
                offer,
            ),
        )
        .await?;
    }

    if !has_proposal(state, fish_sauce.id, &tuan).await? {
        let week_ago = now - Duration::days(7);
        clock::as_of(week_ago, async {
            let sides = Sides {
                brand: &bep,
                creator: &tuan,
            };
            let c = invited_and_accepted(
                state,
                &sides,
                fish_sauce.id,
                "Mời anh Tuấn làm một video ngắn: nước mắm nhĩ chấm đồ nướng.",
                terms(
                    CompensationModel::Gifting,
                    None,
                    None,
                    &[(DeliverableType::ShortVideo, Platform::Tiktok, 1)],
                ),
            )
            .await?;
            let d = first_deliverable(state, c.id).await?;
            delivery::submit(
                &state.db,
                &state.events,
                &state.config.deadlines.calendar,
                &tuan,
                d,
                ContentIn {
                    media_urls: &[
                        "https://cdn.example.vn/demo/tuan/nuoc-mam-do-nuong.mp4".to_owned()
                    ],
                    caption: Some("Đồ nướng chấm nước mắm nhĩ Bếp Nhà Mai: hết sẩy! #bepnhamai"),
                    note: None,
                },
            )
            .await
        })
        .await?;
    }

    if !has_proposal(state, livestream.id, &an).await? {
        let month_ago = now - Duration::days(30);
        let mut offer = terms(
            CompensationModel::Commission,
            None,
            Some("12.5"),
            &[(DeliverableType::Livestream, Platform::Shopee, 1)],
        );
        offer.due_at = month_ago + Duration::days(25);
        let sides = Sides {
            brand: &comem,
            creator: &an,
        };
        clock::as_of(
            month_ago,
            invited_and_accepted(
                state,
                &sides,
                livestream.id,
                "Mời An livestream nấu ăn có dùng kem dưỡng da sau bếp: 12,5% mỗi đơn.",
                offer,
            ),
        )
        .await?;
    }

    let report = sweep::run(&state.db, &state.events).await?;
    if report.failed > 0 {
        return Err(AppError::internal("the demo's sweep failed on a deadline"));
    }
    Ok(())
}
