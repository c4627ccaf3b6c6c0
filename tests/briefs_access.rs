//! Who sees and who changes briefs and brands, through the router: drafts and invite-only briefs,
//! a brand's list of briefs for each viewer, ownership whatever the input says, the roles that
//! may write, and `updateBrand`.

mod common;

use common::{briefs::*, market::*, *};
use marketplace::graphql::ids;
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};
use uuid::Uuid;

const UPDATE_BRAND: &str = "mutation($input: BrandInput!) { updateBrand(input: $input) { id name industry website description } }";
const BRAND: &str = "query($id: ID!) { brand(id: $id) { id name industry website description } }";

// ---------------------------------------------------------------- 1. visibility

#[tokio::test]
async fn drafts_and_invite_only_briefs_are_invisible_and_untouchable_to_others() {
    let app = TestApp::new().await;
    let owner = brand_party(&app, "owner@brand.vn").await;
    let other = brand_party(&app, "other@brand.vn").await;
    let creator = app.creator("viewer@creator.vn").await;
    let admin = app.admin("root@market.vn").await;
    let t = owner.token();

    let draft = draft_brief(&app, &owner, brief_input("draft")).await;
    let invite_draft = draft_brief(
        &app,
        &owner,
        with(
            brief_input("invite draft"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let invite_open = open_unfunded_brief(
        &app,
        &owner,
        with(
            brief_input("invite open"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    let invite_closed = open_unfunded_brief(
        &app,
        &owner,
        with(
            brief_input("invite closed"),
            json!({ "visibility": "INVITE_ONLY" }),
        ),
    )
    .await;
    app.ok(CLOSE_BRIEF, json!({ "id": invite_closed }), t).await;
    let public_open = open_unfunded_brief(&app, &owner, brief_input("public open")).await;
    let public_closed = brief_in(&app, &owner, "CLOSED", "public closed").await;
    let public_completed = brief_in(&app, &owner, "COMPLETED", "public completed").await;
    let public_cancelled = brief_in(&app, &owner, "OPEN", "public cancelled").await;
    app.ok(
        CANCEL_BRIEF,
        json!({ "id": public_cancelled, "reason": "stop" }),
        t,
    )
    .await;

    let hidden = [&draft, &invite_draft, &invite_open, &invite_closed];
    let shown = [
        (&public_open, "public open"),
        (&public_closed, "public closed"),
        (&public_completed, "public completed"),
        (&public_cancelled, "public cancelled"),
    ];
    for viewer in [other.token(), creator.token()] {
        for id in hidden {
            assert_eq!(
                fetch_brief(&app, viewer, id).await,
                Value::Null,
                "brief({id})"
            );
            let data = app.ok(NODE, json!({ "id": id }), viewer).await;
            assert_eq!(data["node"], Value::Null, "node({id})");
        }
        for (id, title) in shown {
            let brief = fetch_brief(&app, viewer, id).await;
            assert_eq!(brief["title"], title);
            // committedBudget is the owner's business.
            assert_eq!(brief["committedBudget"], Value::Null, "{title}");
            assert_eq!(brief["brand"]["id"], owner.id.as_str());
            let data = app.ok(NODE, json!({ "id": id }), viewer).await;
            assert_eq!(data["node"]["title"], title);
        }
    }
    // The owner and admins see everything; only the owner sees committedBudget.
    for id in hidden.into_iter().chain(shown.iter().map(|(id, _)| *id)) {
        let mine = fetch_brief(&app, t, id).await;
        assert_eq!(mine["id"], id.as_str());
        assert_eq!(mine["committedBudget"], vnd("0"));
        let seen = fetch_brief(&app, admin.token(), id).await;
        assert_eq!(seen["id"], id.as_str());
        assert_eq!(seen["committedBudget"], Value::Null);
        let data = app.ok(NODE, json!({ "id": id }), admin.token()).await;
        assert_eq!(data["node"]["id"], id.as_str());
    }

    // Another brand's mutations: NOT_FOUND, whether or not it may read the brief.
    for id in [
        &draft,
        &invite_draft,
        &invite_open,
        &public_open,
        &public_closed,
    ] {
        for op in Op::ALL {
            let (query, vars) = op.request(id);
            let error = app.error(query, vars, other.token()).await;
            assert_error(&error, "NOT_FOUND", None, &format!("{op:?} {id}"));
        }
    }
    // Creators and admins may not change briefs at all: FORBIDDEN (the role is checked first).
    for viewer in [creator.token(), admin.token()] {
        for op in Op::ALL {
            let (query, vars) = op.request(&draft);
            let error = app.error(query, vars, viewer).await;
            assert_error(&error, "FORBIDDEN", None, &format!("{op:?}"));
        }
    }
    // Nothing moved.
    assert_eq!(fetch_brief(&app, t, &draft).await["status"], "DRAFT");
    assert_eq!(fetch_brief(&app, t, &draft).await["title"], "draft");
    assert_eq!(fetch_brief(&app, t, &invite_open).await["status"], "OPEN");
    assert_eq!(fetch_brief(&app, t, &public_open).await["status"], "OPEN");
    assert_eq!(
        fetch_brief(&app, t, &public_closed).await["status"],
        "CLOSED"
    );

    // IDs of another type or not ours at all.
    assert_eq!(fetch_brief(&app, t, &owner.id).await, Value::Null);
    assert_eq!(fetch_brief(&app, t, "bm90LWFuLWlk").await, Value::Null);
    let error = app.error(PUBLISH_BRIEF, json!({ "id": owner.id }), t).await;
    assert_error(&error, "NOT_FOUND", None, "brand ID as brief ID");
    let error = app
        .error(PUBLISH_BRIEF, json!({ "id": "garbage" }), t)
        .await;
    assert_error(&error, "BAD_USER_INPUT", Some("id"), "garbage ID");
    let unknown = ids::encode(ids::Kind::Brief, Uuid::new_v4());
    let error = app.error(PUBLISH_BRIEF, json!({ "id": unknown }), t).await;
    assert_error(&error, "NOT_FOUND", None, "unknown brief");

    // Discovery lists only the PUBLIC OPEN one.
    assert_eq!(
        discover(&app, creator.token(), json!(null)).await,
        ["public open"]
    );
}

#[tokio::test]
async fn brand_briefs_shows_others_public_non_drafts_and_the_owner_and_admins_everything() {
    let app = TestApp::new().await;
    let owner = brand_party(&app, "list-owner@brand.vn").await;
    let other = brand_party(&app, "list-other@brand.vn").await;
    let creator = app.creator("list@creator.vn").await;
    let admin = app.admin("list-admin@market.vn").await;
    let t = owner.token();

    // Created in this order; the list is newest created first.
    let mut all = Vec::new();
    for (title, status, visibility) in [
        ("draft", "DRAFT", "PUBLIC"),
        ("open", "OPEN", "PUBLIC"),
        ("closed", "CLOSED", "PUBLIC"),
        ("completed", "COMPLETED", "PUBLIC"),
        ("cancelled", "CANCELLED", "PUBLIC"),
        ("invite draft", "DRAFT", "INVITE_ONLY"),
        ("invite open", "OPEN", "INVITE_ONLY"),
        ("invite closed", "CLOSED", "INVITE_ONLY"),
    ] {
        let id = brief_in(&app, &owner, status, title).await;
        if visibility == "INVITE_ONLY" {
            // Set on the row, as the API changes visibility only while DRAFT or OPEN.
            edit_brief_row(&app, &id, |r| {
                r.visibility = Set(entity::enums::BriefVisibility::InviteOnly)
            })
            .await;
        }
        all.push((title, status, visibility));
    }
    all.reverse();

    let list = |token: Option<&str>, status: Option<&str>| {
        let vars = json!({ "id": owner.id, "status": status, "first": 50 });
        let token = token.map(str::to_owned);
        let app = &app;
        async move {
            let data = app.ok(BRAND_BRIEFS, vars, token.as_deref()).await;
            let conn = data["brand"]["briefs"].clone();
            let titles: Vec<String> = conn["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["title"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(conn["totalCount"], titles.len());
            titles
        }
    };
    let titles = |pred: &dyn Fn(&str, &str) -> bool| -> Vec<String> {
        all.iter()
            .filter(|(_, s, v)| pred(s, v))
            .map(|(t, _, _)| t.to_string())
            .collect()
    };

    let everything = titles(&|_, _| true);
    assert_eq!(list(t, None).await, everything);
    assert_eq!(list(admin.token(), None).await, everything);
    // "cancelled" was cancelled as a draft, never published: it stays private.
    let public = titles(&|s, v| v == "PUBLIC" && s != "DRAFT" && s != "CANCELLED");
    assert_eq!(public, ["completed", "closed", "open"].map(String::from));
    assert_eq!(list(other.token(), None).await, public);
    assert_eq!(list(creator.token(), None).await, public);

    for status in STATUSES {
        assert_eq!(
            list(t, Some(status)).await,
            titles(&|s, _| s == status),
            "owner {status}"
        );
        assert_eq!(
            list(admin.token(), Some(status)).await,
            titles(&|s, _| s == status),
            "admin {status}"
        );
        assert_eq!(
            list(other.token(), Some(status)).await,
            titles(&|s, v| s == status && v == "PUBLIC" && s != "DRAFT" && s != "CANCELLED"),
            "other {status}"
        );
    }
    assert_eq!(
        list(t, Some("DRAFT")).await,
        ["invite draft", "draft"].map(String::from)
    );
    assert!(list(other.token(), Some("DRAFT")).await.is_empty());

    // The owner pages through its list, newest first, each exactly once.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .ok(
                BRAND_BRIEFS,
                json!({ "id": owner.id, "first": 3, "after": after }),
                t,
            )
            .await;
        let conn = &data["brand"]["briefs"];
        for n in conn["nodes"].as_array().unwrap() {
            seen.push(n["title"].as_str().unwrap().to_owned());
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = Some(conn["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, everything);
}

#[tokio::test]
async fn a_draft_cancelled_before_publishing_stays_private() {
    // Cancelling a draft does not publish it: others never saw it, and still do not.
    let app = TestApp::new().await;
    let owner = brand_party(&app, "cancel-draft@brand.vn").await;
    let creator = app.creator("cancel-draft@creator.vn").await;
    let id = brief_in(&app, &owner, "CANCELLED", "never published").await;
    let q = "query($id: ID!) { brief(id: $id) { id } node(id: $id) { id } }";
    let data = app.ok(q, json!({ "id": id }), creator.token()).await;
    assert_eq!(data["brief"], Value::Null);
    assert_eq!(data["node"], Value::Null);
    let brief = fetch_brief(&app, owner.token(), &id).await;
    assert_eq!(brief["status"], "CANCELLED");
    assert_eq!(brief["publishedAt"], Value::Null);
    assert!(
        discover(&app, creator.token(), json!(null))
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------- 2. ownership and roles

#[tokio::test]
async fn a_brief_belongs_to_the_signed_in_brand_whatever_the_input_says() {
    let app = TestApp::new().await;
    let mine = brand_party(&app, "mine@brand.vn").await;
    let theirs = brand_party(&app, "theirs@brand.vn").await;
    let victim = theirs.id.as_str();
    let created = create_brief(
        &app,
        &mine,
        with(
            brief_input(victim),
            json!({
                "description": victim,
                "productName": victim,
                "productUrl": format!("https://shop.example.vn/?brand={victim}"),
                "deliverables": [{ "type": "POST", "platform": "FACEBOOK", "notes": victim }],
            }),
        ),
    )
    .await;
    assert_eq!(created["brand"]["id"], mine.id.as_str());
    assert_ne!(created["brand"]["id"], victim);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        fetch_brief(&app, mine.token(), id).await["brand"]["id"],
        mine.id.as_str()
    );

    // The input has no brand field: naming one is a validation error, and nothing is made.
    let error = app
        .error(
            CREATE_BRIEF,
            json!({ "input": with(brief_input("with brandId"), json!({ "brandId": victim })) }),
            mine.token(),
        )
        .await;
    assert!(
        error["message"].as_str().unwrap().contains("brandId"),
        "{error}"
    );
    let error = update_brief_error(&app, &mine, id, json!({ "brandId": victim })).await;
    assert!(
        error["message"].as_str().unwrap().contains("brandId"),
        "{error}"
    );

    let count = |b: &Party| {
        let vars = json!({ "id": b.id });
        let token = b.token().map(str::to_owned);
        let app = &app;
        async move {
            app.ok(BRAND_BRIEFS, vars, token.as_deref()).await["brand"]["briefs"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count(&mine).await, 1);
    assert_eq!(count(&theirs).await, 0);
    assert_eq!(
        fetch_brief(&app, mine.token(), id).await["brand"]["id"],
        mine.id.as_str()
    );
}

#[tokio::test]
async fn only_signed_in_brands_create_briefs() {
    let app = TestApp::new().await;
    let creator = app.creator("no-briefs@creator.vn").await;
    let admin = app.admin("no-briefs@admin.vn").await;
    let vars = json!({ "input": brief_input("not allowed") });
    let error = app.error(CREATE_BRIEF, vars.clone(), creator.token()).await;
    assert_error(&error, "FORBIDDEN", None, "creator");
    // Implementation's choice: admins do not write briefs either.
    let error = app.error(CREATE_BRIEF, vars.clone(), admin.token()).await;
    assert_error(&error, "FORBIDDEN", None, "admin");
    let error = app.error(CREATE_BRIEF, vars.clone(), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "no token");
    let error = app.error(CREATE_BRIEF, vars, Some("not.a.jwt")).await;
    assert_error(&error, "UNAUTHENTICATED", None, "bad token");

    // Reading needs a token too.
    let brand = brand_party(&app, "reader@brand.vn").await;
    let id = open_unfunded_brief(&app, &brand, brief_input("needs a token")).await;
    let error = app.error(BRIEF, json!({ "id": id }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "brief without token");
    let error = app.error(DISCOVER, json!({ "filter": null }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "briefs without token");
    let error = app.error(PUBLISH_BRIEF, json!({ "id": id }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "publish without token");
}

// ---------------------------------------------------------------- 3. brands

#[tokio::test]
async fn update_brand_round_trips_and_any_signed_in_user_reads_the_brand() {
    let app = TestApp::new().await;
    let brand = brand_party(&app, "profile@brand.vn").await;
    let t = brand.token();
    let updated = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": {
                "name": "  Cỏ Mềm  ", "industry": "Mỹ phẩm",
                "website": "https://comem.vn/gioi-thieu", "description": "Mỹ phẩm thuần chay."
            } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    let want = json!({
        "id": brand.id, "name": "Cỏ Mềm", "industry": "Mỹ phẩm",
        "website": "https://comem.vn/gioi-thieu", "description": "Mỹ phẩm thuần chay."
    });
    assert_eq!(updated, want);

    let creator = app.creator("reads-brand@creator.vn").await;
    let other = brand_party(&app, "reads-brand@brand.vn").await;
    let admin = app.admin("reads-brand@admin.vn").await;
    for viewer in [t, creator.token(), other.token(), admin.token()] {
        let data = app.ok(BRAND, json!({ "id": brand.id }), viewer).await;
        assert_eq!(data["brand"], want);
    }
    let error = app.error(BRAND, json!({ "id": brand.id }), None).await;
    assert_error(&error, "UNAUTHENTICATED", None, "brand without token");
    // Unknown or other-typed IDs read as null.
    let unknown = ids::encode(ids::Kind::Brand, Uuid::new_v4());
    let data = app.ok(BRAND, json!({ "id": unknown }), t).await;
    assert_eq!(data["brand"], Value::Null);
    let data = app
        .ok(BRAND, json!({ "id": brand.session.user_id }), t)
        .await;
    assert_eq!(data["brand"], Value::Null);
    let data = app
        .ok(
            "query($id: ID!) { node(id: $id) { id ... on Brand { name } } }",
            json!({ "id": brand.id }),
            creator.token(),
        )
        .await;
    assert_eq!(data["node"]["name"], "Cỏ Mềm");

    // Omitted fields stay; http is fine too.
    let b = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "website": "http://comem.vn" } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    // The URL comes back in its normal form (the implementation's choice).
    assert_eq!(b["website"], "http://comem.vn/");
    assert_eq!(b["name"], "Cỏ Mềm");
    assert_eq!(b["industry"], "Mỹ phẩm");

    // The website must be an http(s) URL.
    for website in [
        "ftp://comem.vn",
        "javascript:alert(1)",
        "comem.vn",
        "not a url",
        "https://",
    ] {
        let error = app
            .error(
                UPDATE_BRAND,
                json!({ "input": { "website": website, "name": "Changed" } }),
                t,
            )
            .await;
        assert_error(&error, "BAD_USER_INPUT", Some("input.website"), website);
    }
    for (input, field) in [
        (json!({ "name": "   " }), "input.name"),
        (json!({ "name": null }), "input.name"),
        (json!({ "industry": "i".repeat(101) }), "input.industry"),
        (
            json!({ "description": "d".repeat(2_001) }),
            "input.description",
        ),
    ] {
        let error = app.error(UPDATE_BRAND, json!({ "input": input }), t).await;
        assert_error(&error, "BAD_USER_INPUT", Some(field), field);
    }
    // A refused update changed nothing.
    let data = app.ok(BRAND, json!({ "id": brand.id }), t).await;
    assert_eq!(data["brand"]["name"], "Cỏ Mềm");
    assert_eq!(data["brand"]["website"], "http://comem.vn/");

    // Null (or empty) clears the optional fields.
    let b = app
        .ok(
            UPDATE_BRAND,
            json!({ "input": { "industry": null, "website": "", "description": null } }),
            t,
        )
        .await["updateBrand"]
        .clone();
    assert_eq!(
        b,
        json!({ "id": brand.id, "name": "Cỏ Mềm", "industry": null, "website": null, "description": null })
    );

    // Only the brand user edits its brand.
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            creator.token(),
        )
        .await;
    assert_error(&error, "FORBIDDEN", None, "creator");
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            admin.token(),
        )
        .await;
    assert_error(&error, "FORBIDDEN", None, "admin");
    let error = app
        .error(
            UPDATE_BRAND,
            json!({ "input": { "name": "Mine now" } }),
            None,
        )
        .await;
    assert_error(&error, "UNAUTHENTICATED", None, "no token");
    // Another brand's update changes its own brand only.
    app.ok(
        UPDATE_BRAND,
        json!({ "input": { "name": "Khác" } }),
        other.token(),
    )
    .await;
    let data = app.ok(BRAND, json!({ "id": brand.id }), t).await;
    assert_eq!(data["brand"]["name"], "Cỏ Mềm");
    let data = app.ok(BRAND, json!({ "id": other.id }), t).await;
    assert_eq!(data["brand"]["name"], "Khác");
}
