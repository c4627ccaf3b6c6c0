//! `seed-demo`: a small, realistic Vietnamese-market demo. Idempotent: running it again changes
//! nothing that is already there. Every later area grows it with its own objects.

use entity::{
    brand, creator_profile,
    enums::{CreatorKind, Role},
    user,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    accounts::{self, SignUp},
    clock,
    error::{AppError, AppResult},
    state::AppState,
};

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub struct DemoLogin {
    pub email: &'static str,
    pub role: Role,
    pub name: &'static str,
}

struct DemoBrand {
    email: &'static str,
    name: &'static str,
    industry: &'static str,
    website: &'static str,
    description: &'static str,
}

struct DemoCreator {
    email: &'static str,
    name: &'static str,
    kind: CreatorKind,
    city: &'static str,
    bio: &'static str,
}

const ADMIN_EMAIL: &str = "admin@demo.vn";

const BRANDS: &[DemoBrand] = &[
    DemoBrand {
        email: "brand@comem.vn",
        name: "Cỏ Mềm Cosmetics",
        industry: "Mỹ phẩm thiên nhiên",
        website: "https://comem.example.vn",
        description: "Son môi và dưỡng da từ thảo mộc Việt.",
    },
    DemoBrand {
        email: "brand@bepnhamai.vn",
        name: "Bếp Nhà Mai",
        industry: "Thực phẩm",
        website: "https://bepnhamai.example.vn",
        description: "Nước mắm, gia vị và đồ ăn vặt nhà làm.",
    },
    DemoBrand {
        email: "brand@saoviet.vn",
        name: "Điện Máy Sao Việt",
        industry: "Điện tử tiêu dùng",
        website: "https://saoviet.example.vn",
        description: "Tai nghe, loa và đồ gia dụng thông minh.",
    },
];

const CREATORS: &[DemoCreator] = &[
    DemoCreator {
        email: "linh.beauty@demo.vn",
        name: "Linh Nguyễn Beauty",
        kind: CreatorKind::Kol,
        city: "Hồ Chí Minh",
        bio: "Chuyên gia trang điểm, review son môi và dưỡng da.",
    },
    DemoCreator {
        email: "minh.review@demo.vn",
        name: "Minh Trần Review",
        kind: CreatorKind::Koc,
        city: "Hà Nội",
        bio: "Người tiêu dùng thật, đánh giá thật: đồ ăn và đồ gia dụng.",
    },
    DemoCreator {
        email: "hoa.live@demo.vn",
        name: "Hoa Phạm Live",
        kind: CreatorKind::Kos,
        city: "Đà Nẵng",
        bio: "Livestream bán hàng mỗi tối trên TikTok Shop và Shopee Live.",
    },
    DemoCreator {
        email: "tuan.tech@demo.vn",
        name: "Tuấn Lê Tech",
        kind: CreatorKind::Kol,
        city: "Hồ Chí Minh",
        bio: "Đập hộp và so sánh đồ công nghệ.",
    },
    DemoCreator {
        email: "an.eats@demo.vn",
        name: "An Vũ Ăn Gì",
        kind: CreatorKind::Koc,
        city: "Cần Thơ",
        bio: "Ăn khắp miền Tây, chia sẻ món ngon giá mềm.",
    },
];

/// Fills the demo and returns its logins.
pub async fn seed_demo(state: &AppState) -> AppResult<Vec<DemoLogin>> {
    let mut logins = Vec::new();

    if find_user(state, ADMIN_EMAIL).await?.is_none() {
        accounts::create_admin(state, ADMIN_EMAIL, DEMO_PASSWORD.to_owned()).await?;
    }
    logins.push(DemoLogin {
        email: ADMIN_EMAIL,
        role: Role::Admin,
        name: "Admin",
    });

    for b in BRANDS {
        let user = ensure_user(state, b.email, Role::Brand, b.name).await?;
        if let Some(row) = brand::Entity::find()
            .filter(brand::Column::UserId.eq(user.id))
            .one(&state.db)
            .await?
            && row.industry.is_none()
        {
            let mut row: brand::ActiveModel = row.into();
            row.industry = Set(Some(b.industry.to_owned()));
            row.website = Set(Some(b.website.to_owned()));
            row.description = Set(Some(b.description.to_owned()));
            row.updated_at = Set(clock::now());
            row.update(&state.db).await?;
        }
        logins.push(DemoLogin {
            email: b.email,
            role: Role::Brand,
            name: b.name,
        });
    }

    for c in CREATORS {
        let user = ensure_user(state, c.email, Role::Creator, c.name).await?;
        if let Some(row) = creator_profile::Entity::find()
            .filter(creator_profile::Column::UserId.eq(user.id))
            .one(&state.db)
            .await?
            && row.bio.is_none()
        {
            let mut row: creator_profile::ActiveModel = row.into();
            row.kind = Set(c.kind);
            row.bio = Set(Some(c.bio.to_owned()));
            row.country = Set(Some("VN".to_owned()));
            row.city = Set(Some(c.city.to_owned()));
            row.updated_at = Set(clock::now());
            row.update(&state.db).await?;
        }
        logins.push(DemoLogin {
            email: c.email,
            role: Role::Creator,
            name: c.name,
        });
    }
    Ok(logins)
}

async fn find_user(state: &AppState, email: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&state.db)
        .await?)
}

async fn ensure_user(
    state: &AppState,
    email: &str,
    role: Role,
    name: &str,
) -> AppResult<user::Model> {
    if let Some(user) = find_user(state, email).await? {
        return Ok(user);
    }
    let session = accounts::sign_up(
        state,
        SignUp {
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            role,
            name: name.to_owned(),
        },
    )
    .await?;
    Ok(session.user)
}

/// For callers that want a message rather than an error value.
pub fn describe(err: &AppError) -> String {
    format!("{}: {}", err.code(), err.message())
}
