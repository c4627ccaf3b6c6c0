//! Product samples in the API: shipped by the brand, received by the creator, with a post-by
//! deadline. The rules are in `crate::samples`.

use async_graphql::{Context, ID, InputObject, Object};
use entity::{enums::SampleStatus, sample};

use crate::{
    error::{AppError, AppResult},
    graphql::{
        collaborations::Collaboration,
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        scalars::Time,
    },
    samples,
};

pub struct Sample(pub sample::Model);

/// The product a brand sends a creator before the content (a KOC tries it, then reviews it), for
/// a collaboration whose terms give the product. From receipt, every deliverable must be
/// published by postBy (14 days; once extended by 7), or the sample is OVERDUE and both sides are
/// told. Readable by the collaboration's parties and admins.
#[Object]
impl Sample {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Sample, self.0.id)
    }

    /// The collaboration it is for.
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Collaboration> {
        loaders(ctx)
            .collaboration
            .load_one(self.0.collaboration_id)
            .await
            .map_err(loader_error)?
            .map(Collaboration)
            .ok_or_else(|| AppError::internal("sample without its collaboration"))
    }

    /// Where it stands.
    async fn status(&self) -> SampleStatus {
        self.0.status
    }

    /// Who carries it, as the brand gave it ("GHN", "Viettel Post").
    async fn carrier(&self) -> &str {
        &self.0.carrier
    }

    /// The carrier's tracking number.
    async fn tracking_number(&self) -> &str {
        &self.0.tracking_number
    }

    /// When the brand shipped it.
    async fn shipped_at(&self) -> Time {
        self.0.shipped_at.into()
    }

    /// When the creator confirmed receipt; null while SHIPPED.
    async fn received_at(&self) -> Option<Time> {
        self.0.received_at.map(Time)
    }

    /// Every deliverable is published by then (publishing at postBy is in time): receipt plus 14
    /// days, plus 7 once extended. Null while SHIPPED.
    async fn post_by(&self) -> Option<Time> {
        self.0.post_by.map(Time)
    }

    /// True once the creator took the one extension.
    async fn extended(&self) -> bool {
        self.0.extended_at.is_some()
    }

    /// When it became FULFILLED (the last deliverable went live) or OVERDUE; null before.
    async fn settled_at(&self) -> Option<Time> {
        self.0.settled_at.map(Time)
    }
}

/// The brand ships a collaboration's sample.
#[derive(InputObject)]
pub struct ShipSampleInput {
    /// An ACTIVE Collaboration of the brand whose terms give the product (giftProduct), with no
    /// sample yet (else CONFLICT).
    pub collaboration_id: ID,
    /// Who carries it, 1 to 100 characters.
    pub carrier: String,
    /// The carrier's tracking number, 1 to 100 characters.
    pub tracking_number: String,
}

#[derive(Default)]
pub struct SamplesMutation;

#[Object]
impl SamplesMutation {
    /// The brand ships the product sample of a collaboration whose terms give it; the creator is
    /// told. A second sample, or one for terms without giftProduct, is CONFLICT.
    async fn ship_sample(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The shipment.")] input: ShipSampleInput,
    ) -> AppResult<Sample> {
        let viewer = viewer(ctx).await?;
        let collaboration_id = ids::expect(
            "input.collaborationId",
            &input.collaboration_id,
            Kind::Collaboration,
        )?;
        let s = state(ctx);
        Ok(Sample(
            samples::ship(
                &s.db,
                &s.events,
                viewer,
                collaboration_id,
                &input.carrier,
                &input.tracking_number,
            )
            .await?,
        ))
    }

    /// The creator confirms it received the SHIPPED sample: RECEIVED, with postBy 14 days from
    /// now; the brand is told. Again, CONFLICT.
    async fn confirm_sample_receipt(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The SHIPPED Sample.")] sample_id: ID,
    ) -> AppResult<Sample> {
        let viewer = viewer(ctx).await?;
        let sample_id = ids::expect("sampleId", &sample_id, Kind::Sample)?;
        let s = state(ctx);
        Ok(Sample(
            samples::confirm_receipt(&s.db, &s.events, viewer, sample_id).await?,
        ))
    }

    /// The creator takes the one extension of a RECEIVED sample's postBy, by 7 days, before it
    /// passes; the brand is told. A second extension, or one after postBy, is CONFLICT.
    async fn extend_sample_post_by(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The RECEIVED Sample.")] sample_id: ID,
    ) -> AppResult<Sample> {
        let viewer = viewer(ctx).await?;
        let sample_id = ids::expect("sampleId", &sample_id, Kind::Sample)?;
        let s = state(ctx);
        Ok(Sample(
            samples::extend(&s.db, &s.events, viewer, sample_id).await?,
        ))
    }
}
