//! DataLoaders, made per request: one `IN (...)` query per relation, whatever the page size.

use std::{collections::HashMap, hash::Hash, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{
    brand, brief, brief_deliverable, collaboration, content_submission, conversion, creator_niche,
    creator_profile, deliverable, deliverable_metrics,
    enums::{ConversionStatus, Niche},
    offer, offer_deliverable, payout, payout_method, proposal, rate_card_item, social_account,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::{
    creators::eligibility::CreatorFacts,
    error::AppError,
    payments::escrow::{self, Escrow},
};

pub type LoadError = Arc<AppError>;

pub struct Loaders {
    pub creator_profile_by_user: DataLoader<CreatorProfileByUser>,
    pub brand_by_user: DataLoader<BrandByUser>,
    pub creator_profile: DataLoader<CreatorProfileById>,
    pub brand: DataLoader<BrandById, HashMapCache>,
    pub brief: DataLoader<BriefById>,
    pub social_accounts: DataLoader<SocialAccountsByCreator, HashMapCache>,
    pub niches: DataLoader<NichesByCreator, HashMapCache>,
    pub rate_card: DataLoader<RateCardByCreator, HashMapCache>,
    pub brief_deliverables: DataLoader<DeliverablesByBrief, HashMapCache>,
    pub proposal: DataLoader<ProposalById>,
    pub offer: DataLoader<OfferById>,
    pub offers: DataLoader<OffersByProposal>,
    pub offer_lines: DataLoader<LinesByOffer, HashMapCache>,
    pub collaboration: DataLoader<CollaborationById>,
    pub collaboration_of_proposal: DataLoader<CollaborationByProposal>,
    pub deliverables: DataLoader<DeliverablesByCollaboration>,
    pub payouts: DataLoader<PayoutsByCollaboration>,
    pub confirmed_commission: DataLoader<CommissionByCollaboration>,
    pub deliverable: DataLoader<DeliverableById>,
    pub submissions: DataLoader<SubmissionsByDeliverable>,
    pub metrics: DataLoader<MetricsByDeliverable>,
    pub escrow: DataLoader<EscrowByCollaboration>,
    pub payout_method: DataLoader<PayoutMethodById>,
    /// What eligibility needs of the viewing creator, read once per request.
    pub viewer_facts: OnceCell<Option<CreatorFacts>>,
}

impl Loaders {
    /// Forgets cached relations of creators, for a mutation that is about to change them (an
    /// operation may read a profile, change it and read it again).
    pub fn forget_creator_relations(&self) {
        self.social_accounts.clear::<Uuid>();
        self.niches.clear::<Uuid>();
        self.rate_card.clear::<Uuid>();
    }

    pub fn new(db: &DatabaseConnection) -> Self {
        let l = |db: &DatabaseConnection| Db(db.clone());
        Self {
            creator_profile_by_user: DataLoader::new(CreatorProfileByUser(l(db)), tokio::spawn),
            brand_by_user: DataLoader::new(BrandByUser(l(db)), tokio::spawn),
            creator_profile: DataLoader::new(CreatorProfileById(l(db)), tokio::spawn),
            brand: DataLoader::with_cache(BrandById(l(db)), tokio::spawn, HashMapCache::default()),
            brief: DataLoader::new(BriefById(l(db)), tokio::spawn),
            social_accounts: DataLoader::with_cache(
                SocialAccountsByCreator(l(db)),
                tokio::spawn,
                HashMapCache::default(),
            ),
            niches: DataLoader::with_cache(
                NichesByCreator(l(db)),
                tokio::spawn,
                HashMapCache::default(),
            ),
            rate_card: DataLoader::with_cache(
                RateCardByCreator(l(db)),
                tokio::spawn,
                HashMapCache::default(),
            ),
            brief_deliverables: DataLoader::with_cache(
                DeliverablesByBrief(l(db)),
                tokio::spawn,
                HashMapCache::default(),
            ),
            proposal: DataLoader::new(ProposalById(l(db)), tokio::spawn),
            offer: DataLoader::new(OfferById(l(db)), tokio::spawn),
            offers: DataLoader::new(OffersByProposal(l(db)), tokio::spawn),
            // An offer's lines never change once written.
            offer_lines: DataLoader::with_cache(
                LinesByOffer(l(db)),
                tokio::spawn,
                HashMapCache::default(),
            ),
            collaboration: DataLoader::new(CollaborationById(l(db)), tokio::spawn),
            collaboration_of_proposal: DataLoader::new(
                CollaborationByProposal(l(db)),
                tokio::spawn,
            ),
            deliverables: DataLoader::new(DeliverablesByCollaboration(l(db)), tokio::spawn),
            payouts: DataLoader::new(PayoutsByCollaboration(l(db)), tokio::spawn),
            confirmed_commission: DataLoader::new(CommissionByCollaboration(l(db)), tokio::spawn),
            deliverable: DataLoader::new(DeliverableById(l(db)), tokio::spawn),
            submissions: DataLoader::new(SubmissionsByDeliverable(l(db)), tokio::spawn),
            metrics: DataLoader::new(MetricsByDeliverable(l(db)), tokio::spawn),
            escrow: DataLoader::new(EscrowByCollaboration(l(db)), tokio::spawn),
            payout_method: DataLoader::new(PayoutMethodById(l(db)), tokio::spawn),
            viewer_facts: OnceCell::new(),
        }
    }
}

pub struct Db(DatabaseConnection);

fn err(e: sea_orm::DbErr) -> LoadError {
    Arc::new(AppError::from(e))
}

fn one_each<K: Eq + Hash, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> HashMap<K, V> {
    rows.into_iter().map(|r| (key(&r), r)).collect()
}

fn grouped<K: Eq + Hash, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        map.entry(key(&row)).or_default().push(row);
    }
    map
}

/// Declares a loader from a key to one row or to a list of rows, with one query per batch.
macro_rules! loader {
    ($name:ident, one $entity:ident, $column:ident, $key:ident) => {
        pub struct $name(Db);
        impl Loader<Uuid> for $name {
            type Value = $entity::Model;
            type Error = LoadError;
            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::$column.is_in(keys.iter().copied()))
                    .all(&self.0.0)
                    .await
                    .map_err(err)?;
                Ok(one_each(rows, |r| r.$key))
            }
        }
    };
    ($name:ident, many $entity:ident, $column:ident, $key:ident, $order:ident) => {
        pub struct $name(Db);
        impl Loader<Uuid> for $name {
            type Value = Vec<$entity::Model>;
            type Error = LoadError;
            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::$column.is_in(keys.iter().copied()))
                    .order_by_asc($entity::Column::$order)
                    .all(&self.0.0)
                    .await
                    .map_err(err)?;
                let mut map = grouped(rows, |r| r.$key);
                for key in keys {
                    map.entry(*key).or_default();
                }
                Ok(map)
            }
        }
    };
}

loader!(CreatorProfileByUser, one creator_profile, UserId, user_id);
loader!(BrandByUser, one brand, UserId, user_id);
loader!(CreatorProfileById, one creator_profile, Id, id);
loader!(BrandById, one brand, Id, id);
loader!(BriefById, one brief, Id, id);
loader!(SocialAccountsByCreator, many social_account, CreatorId, creator_id, CreatedAt);
loader!(RateCardByCreator, many rate_card_item, CreatorId, creator_id, Position);
loader!(DeliverablesByBrief, many brief_deliverable, BriefId, brief_id, Position);
loader!(ProposalById, one proposal, Id, id);
loader!(OfferById, one offer, Id, id);
loader!(OffersByProposal, many offer, ProposalId, proposal_id, Version);
loader!(LinesByOffer, many offer_deliverable, OfferId, offer_id, Position);
loader!(CollaborationById, one collaboration, Id, id);
loader!(CollaborationByProposal, one collaboration, ProposalId, proposal_id);
loader!(DeliverablesByCollaboration, many deliverable, CollaborationId, collaboration_id, Position);
loader!(PayoutsByCollaboration, many payout, CollaborationId, collaboration_id, CreatedAt);

/// Commission of each collaboration's CONFIRMED conversions, in one GROUP BY.
pub struct CommissionByCollaboration(Db);

impl Loader<Uuid> for CommissionByCollaboration {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows: Vec<(Uuid, i64)> = conversion::Entity::find()
            .select_only()
            .column(conversion::Column::CollaborationId)
            // PostgreSQL's SUM of a bigint is numeric.
            .column_as(Expr::cust("CAST(SUM(commission_minor) AS BIGINT)"), "total")
            .filter(conversion::Column::CollaborationId.is_in(keys.iter().copied()))
            .filter(conversion::Column::Status.eq(ConversionStatus::Confirmed))
            .group_by(conversion::Column::CollaborationId)
            .into_tuple()
            .all(&self.0.0)
            .await
            .map_err(err)?;
        let mut map: HashMap<Uuid, i64> = rows.into_iter().collect();
        for key in keys {
            map.entry(*key).or_insert(0);
        }
        Ok(map)
    }
}
loader!(DeliverableById, one deliverable, Id, id);
loader!(SubmissionsByDeliverable, many content_submission, DeliverableId, deliverable_id, Version);
loader!(MetricsByDeliverable, one deliverable_metrics, DeliverableId, deliverable_id);
loader!(PayoutMethodById, one payout_method, Id, id);

/// The escrow of each collaboration that had a fee held (`payments::escrow::of_many`).
pub struct EscrowByCollaboration(Db);

impl Loader<Uuid> for EscrowByCollaboration {
    type Value = Escrow;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        escrow::of_many(&self.0.0, keys).await.map_err(Arc::new)
    }
}

pub struct NichesByCreator(Db);

impl Loader<Uuid> for NichesByCreator {
    type Value = Vec<Niche>;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = creator_niche::Entity::find()
            .filter(creator_niche::Column::CreatorId.is_in(keys.iter().copied()))
            .all(&self.0.0)
            .await
            .map_err(err)?;
        let mut map: HashMap<Uuid, Vec<Niche>> = HashMap::new();
        for row in rows {
            map.entry(row.creator_id).or_default().push(row.niche);
        }
        for key in keys {
            map.entry(*key).or_default();
        }
        for niches in map.values_mut() {
            niches.sort();
        }
        Ok(map)
    }
}

/// Unwraps a loader's shared error.
pub fn loader_error(err: LoadError) -> AppError {
    Arc::unwrap_or_clone(err)
}
