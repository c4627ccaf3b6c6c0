//! Enumerations shared by the tables and the API. Stored as their upper-case names, so that the
//! database reads the same words as the contract.

use sea_orm::entity::prelude::*;

/// What a user is on the marketplace.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Makes content for brands; has a creator profile. Signs up with signUp.
    #[sea_orm(string_value = "CREATOR")]
    Creator,
    /// Runs campaigns; has a brand. Signs up with signUp.
    #[sea_orm(string_value = "BRAND")]
    Brand,
    /// Runs the marketplace: reads everything, suspends users, confirms fundings and settles
    /// withdrawals. Made by the server's command line, never by signUp.
    #[sea_orm(string_value = "ADMIN")]
    Admin,
}

/// Declares a string-stored enum shared by the tables and the API, with one line per value.
macro_rules! market_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum,
            async_graphql::Enum, serde::Serialize, serde::Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[sea_orm(string_value = $text)]
                #[graphql(name = $text)]
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// The stored (and API) spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

market_enum!(
    /// How a creator works with brands.
    CreatorKind {
    /// Key Opinion Leader: an expert or public figure; builds reach and brand image; usually paid a fee.
    Kol = "KOL",
    /// Key Opinion Consumer: an everyday consumer whose honest reviews build trust; often paid by commission.
    Koc = "KOC",
    /// Key Opinion Sales: a seller who closes orders, typically in livestreams; paid mainly on sales.
    Kos = "KOS",
});

market_enum!(
    /// Where content is published and where a creator has an audience.
    Platform {
    /// TikTok, TikTok Shop and TikTok Live.
    Tiktok = "TIKTOK",
    /// Facebook pages, groups and Facebook Live.
    Facebook = "FACEBOOK",
    /// Instagram posts, reels and stories.
    Instagram = "INSTAGRAM",
    /// YouTube videos, Shorts and live streams.
    Youtube = "YOUTUBE",
    /// Shopee, Shopee Video and Shopee Live.
    Shopee = "SHOPEE",
    /// Lazada and LazLive.
    Lazada = "LAZADA",
    /// Zalo official accounts and Zalo Video.
    Zalo = "ZALO",
    /// Any other platform.
    Other = "OTHER",
});

market_enum!(
    /// A field of interest that creators make content about and briefs look for.
    Niche {
    /// Cosmetics, skincare, hair.
    Beauty = "BEAUTY",
    /// Clothes, shoes, accessories.
    Fashion = "FASHION",
    /// Food, drinks, cooking, restaurants.
    Food = "FOOD",
    /// Gadgets, electronics, software.
    Tech = "TECH",
    /// Banking, investing, insurance, personal finance.
    Finance = "FINANCE",
    /// Trips, hotels, airlines.
    Travel = "TRAVEL",
    /// Sport, training, gyms.
    Fitness = "FITNESS",
    /// Health, wellness, pharmacy.
    Health = "HEALTH",
    /// Mothers, babies, children.
    Parenting = "PARENTING",
    /// Home, furniture, household goods.
    Home = "HOME",
    /// Video games, esports.
    Gaming = "GAMING",
    /// Courses, learning, books.
    Education = "EDUCATION",
    /// Everyday life, vlogs.
    Lifestyle = "LIFESTYLE",
    /// Music, film, comedy, celebrities.
    Entertainment = "ENTERTAINMENT",
    /// Art, design, photography, crafts.
    Art = "ART",
    /// Cars, motorbikes.
    Automotive = "AUTOMOTIVE",
    /// Pets and pet products.
    Pets = "PETS",
});

market_enum!(
    /// ISO 4217 currency. Amounts may not carry more decimals than the currency's minor unit (VND, JPY, KRW: 0; the rest: 2).
    CurrencyCode {
    /// Vietnamese đồng; no minor unit.
    Vnd = "VND",
    /// US dollar; 2 decimals.
    Usd = "USD",
    /// Euro; 2 decimals.
    Eur = "EUR",
    /// Singapore dollar; 2 decimals.
    Sgd = "SGD",
    /// Thai baht; 2 decimals.
    Thb = "THB",
    /// Malaysian ringgit; 2 decimals.
    Myr = "MYR",
    /// Philippine peso; 2 decimals.
    Php = "PHP",
    /// Indonesian rupiah; 2 decimals.
    Idr = "IDR",
    /// Japanese yen; no minor unit.
    Jpy = "JPY",
    /// South Korean won; no minor unit.
    Krw = "KRW",
    /// Chinese yuan renminbi; 2 decimals.
    Cny = "CNY",
});

impl CurrencyCode {
    /// Decimal places of the currency's minor unit.
    pub fn minor_digits(self) -> u32 {
        match self {
            Self::Vnd | Self::Jpy | Self::Krw => 0,
            _ => 2,
        }
    }
}

market_enum!(
    /// What a brief's campaign is for.
    CampaignObjective {
    /// Reach and brand image.
    Awareness = "AWARENESS",
    /// Orders, attributed through the tracking link and code.
    Sales = "SALES",
    /// Honest reviews and product feedback.
    Feedback = "FEEDBACK",
    /// Launch of a new product.
    ProductLaunch = "PRODUCT_LAUNCH",
});

market_enum!(
    /// How a creator is paid for a brief or an offer.
    CompensationModel {
    /// A fixed fee for the deliverables.
    FixedFee = "FIXED_FEE",
    /// A commission on each attributed order.
    Commission = "COMMISSION",
    /// The product as a gift; no money.
    Gifting = "GIFTING",
    /// A fixed fee plus a commission.
    Hybrid = "HYBRID",
});

market_enum!(
    /// A kind of content a creator delivers.
    DeliverableType {
    /// A video reviewing the product.
    VideoReview = "VIDEO_REVIEW",
    /// A video opening the product for the first time.
    Unboxing = "UNBOXING",
    /// A how-to using the product.
    Tutorial = "TUTORIAL",
    /// A live stream that presents or sells the product.
    Livestream = "LIVESTREAM",
    /// A short vertical video (TikTok, Reels, Shorts).
    ShortVideo = "SHORT_VIDEO",
    /// A feed post: photos and a caption.
    Post = "POST",
    /// A story that disappears after 24 hours.
    Story = "STORY",
});

market_enum!(
    /// Where a brief is in its life: DRAFT → OPEN → CLOSED → COMPLETED, or CANCELLED from DRAFT,
    /// OPEN or CLOSED.
    BriefStatus {
    /// Being written; only its brand and admins see it. publishBrief makes it OPEN.
    Draft = "DRAFT",
    /// Published: takes applications (if PUBLIC) and invitations.
    Open = "OPEN",
    /// Takes no new applications or invitations; running negotiations and collaborations go on.
    Closed = "CLOSED",
    /// Finished by its brand, with no collaboration left ACTIVE.
    Completed = "COMPLETED",
    /// Called off by its brand; its open proposals were declined.
    Cancelled = "CANCELLED",
});

market_enum!(
    /// Who may find and apply to a brief.
    BriefVisibility {
    /// Listed in discovery; any eligible creator may apply.
    Public = "PUBLIC",
    /// Not listed; only invited creators see it.
    InviteOnly = "INVITE_ONLY",
});

market_enum!(
    /// Which side started a proposal.
    ProposalOrigin {
    /// The creator applied to the brief.
    Application = "APPLICATION",
    /// The brand invited the creator.
    Invitation = "INVITATION",
});

market_enum!(
    /// Where a negotiation between a brand and a creator stands.
    ProposalStatus {
    /// The creator applied; the brand's turn.
    Applied = "APPLIED",
    /// The brand invited the creator; the creator's turn.
    Invited = "INVITED",
    /// At least one counter-offer was made; the side in `turn` answers next.
    Negotiating = "NEGOTIATING",
    /// An offer was accepted; the proposal has its collaboration.
    Accepted = "ACCEPTED",
    /// One side declined, or the brief was cancelled or completed.
    Declined = "DECLINED",
    /// The side that started it took it back.
    Withdrawn = "WITHDRAWN",
    /// Its open offer expired.
    Expired = "EXPIRED",
});

impl ProposalStatus {
    /// Whether the two sides are still talking terms.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Applied | Self::Invited | Self::Negotiating)
    }
}

market_enum!(
    /// One side of a proposal or collaboration.
    Party {
    /// The brand's side.
    Brand = "BRAND",
    /// The creator's side.
    Creator = "CREATOR",
});

impl Party {
    pub fn other(self) -> Self {
        match self {
            Self::Brand => Self::Creator,
            Self::Creator => Self::Brand,
        }
    }
}

market_enum!(
    /// What became of an offer. A proposal has at most one OPEN offer.
    OfferStatus {
    /// The offer on the table: the other side may accept it or counter.
    Open = "OPEN",
    /// A later offer replaced it.
    Superseded = "SUPERSEDED",
    /// The other side accepted it; its terms are the collaboration's.
    Accepted = "ACCEPTED",
    /// The proposal was declined while this offer was open.
    Declined = "DECLINED",
    /// The proposal was withdrawn while this offer was open.
    Withdrawn = "WITHDRAWN",
    /// Its `expiresAt` passed before the other side answered.
    Expired = "EXPIRED",
});

market_enum!(
    /// Where a collaboration stands.
    CollaborationStatus {
    /// Work in progress: content is submitted, reviewed and published.
    Active = "ACTIVE",
    /// The brand completed it (or it completed by itself); the fee was paid.
    Completed = "COMPLETED",
    /// One side cancelled it; the held fee went back, less any kill fee.
    Cancelled = "CANCELLED",
});

market_enum!(
    /// Where one promised piece of content stands: AWAITING_CONTENT → IN_REVIEW →
    /// (CHANGES_REQUESTED → IN_REVIEW)* → APPROVED → PUBLISHED.
    DeliverableStatus {
    /// Waiting for the creator's first submission.
    AwaitingContent = "AWAITING_CONTENT",
    /// A submission waits for the brand's review.
    InReview = "IN_REVIEW",
    /// The brand asked for changes; the creator submits a new version.
    ChangesRequested = "CHANGES_REQUESTED",
    /// The brand (or the marketplace, when the review window passed) approved the content; the
    /// creator may publish it.
    Approved = "APPROVED",
    /// Live on the platform at `liveUrl`.
    Published = "PUBLISHED",
});

market_enum!(
    /// What happened, for a notification (and a webhook delivery's event).
    NotificationKind {
    /// To the brand: a creator applied to its brief.
    ApplicationReceived = "APPLICATION_RECEIVED",
    /// To the creator: a brand invited it to a brief.
    InvitationReceived = "INVITATION_RECEIVED",
    /// To the other side: a new offer on a proposal.
    OfferReceived = "OFFER_RECEIVED",
    /// To the offer's author: the offer was accepted and the collaboration started.
    OfferAccepted = "OFFER_ACCEPTED",
    /// To the other side: the proposal was declined (also when its brief was cancelled or
    /// completed).
    ProposalDeclined = "PROPOSAL_DECLINED",
    /// To the other side: the proposal was withdrawn.
    ProposalWithdrawn = "PROPOSAL_WITHDRAWN",
    /// To the other side: a new message on a proposal.
    MessageReceived = "MESSAGE_RECEIVED",
    /// To the brand: content was submitted for review.
    ContentSubmitted = "CONTENT_SUBMITTED",
    /// To the creator: the brand approved a submission.
    ContentApproved = "CONTENT_APPROVED",
    /// To the creator: the brand asked for changes to a submission.
    ChangesRequested = "CHANGES_REQUESTED",
    /// To the brand: a deliverable was published.
    DeliverablePublished = "DELIVERABLE_PUBLISHED",
    /// To the creator: an order was recorded on its tracking code.
    ConversionRecorded = "CONVERSION_RECORDED",
    /// The collaboration was completed and its fee released (to the creator; to both when it
    /// completed by itself).
    CollaborationCompleted = "COLLABORATION_COMPLETED",
    /// To the other side: the collaboration was cancelled, with the reason.
    CollaborationCancelled = "COLLABORATION_CANCELLED",
    /// To the creator: a payout was marked paid.
    PayoutPaid = "PAYOUT_PAID",
    /// To the brand: a funding was confirmed and its wallet credited.
    FundsReceived = "FUNDS_RECEIVED",
    /// To the creator: a conversion was reversed; its commission no longer counts.
    ConversionReversed = "CONVERSION_REVERSED",
    /// To the creator: a conversion's amount was lowered after a partial refund.
    ConversionAdjusted = "CONVERSION_ADJUSTED",
    /// To the creator: locked commission was paid into its wallet.
    CommissionSettled = "COMMISSION_SETTLED",
    /// To the creator: a withdrawal was sent.
    WithdrawalPaid = "WITHDRAWAL_PAID",
    /// To the creator: a withdrawal failed and its money is back in the wallet.
    WithdrawalFailed = "WITHDRAWAL_FAILED",
    /// To both: an offer passed its `expiresAt` unanswered, and its proposal expired.
    OfferExpired = "OFFER_EXPIRED",
    /// To the brand: a submission's review is due within one business day.
    ReviewDueSoon = "REVIEW_DUE_SOON",
    /// To both: the brand did not review in time, so the submission was approved.
    ContentAutoApproved = "CONTENT_AUTO_APPROVED",
    /// To both: a deliverable passed its due time unpublished.
    DeliverableOverdue = "DELIVERABLE_OVERDUE",
    /// To the brand: the creator asked to complete the collaboration.
    CompletionRequested = "COMPLETION_REQUESTED",
    /// To the creator: the brand shipped the product sample, with its carrier and tracking number.
    SampleShipped = "SAMPLE_SHIPPED",
    /// To the brand: the creator received the sample; its post-by deadline runs from now.
    SampleReceived = "SAMPLE_RECEIVED",
    /// To the brand: the creator took the sample's one extension of its post-by deadline.
    SamplePostByExtended = "SAMPLE_POST_BY_EXTENDED",
    /// To both: a received sample's post-by deadline passed with content unpublished.
    SampleOverdue = "SAMPLE_OVERDUE",
    /// To the brand: the creator scheduled a livestream session for the collaboration.
    LivestreamScheduled = "LIVESTREAM_SCHEDULED",
    /// To the brand: a livestream session ended, with the creator's reported figures.
    LivestreamEnded = "LIVESTREAM_ENDED",
    /// To the other side: a scheduled livestream session was cancelled.
    LivestreamCancelled = "LIVESTREAM_CANCELLED",
});

market_enum!(
    /// Where a product sample stands: SHIPPED → RECEIVED → FULFILLED, or OVERDUE when its
    /// post-by deadline passes first.
    SampleStatus {
    /// The brand shipped it; the creator has not confirmed receipt.
    Shipped = "SHIPPED",
    /// The creator has it; its content is due by `postBy`.
    Received = "RECEIVED",
    /// Every deliverable of the collaboration went live by `postBy`.
    Fulfilled = "FULFILLED",
    /// `postBy` passed with a deliverable unpublished.
    Overdue = "OVERDUE",
});

market_enum!(
    /// What the sweep does when a deadline comes: the kind of a `deadlines` row, whose subject is
    /// the row named in each variant.
    DeadlineKind {
    /// An offer's `expires_at`: it expires with its proposal.
    OfferExpires = "OFFER_EXPIRES",
    /// The start of a submission's last business day of review: the brand is reminded.
    ReviewDueSoon = "REVIEW_DUE_SOON",
    /// A submission's `review_due_at`: it is approved by the marketplace.
    ReviewDue = "REVIEW_DUE",
    /// A deliverable's `due_at`: both sides hear it is overdue if it is not published.
    DeliverableDue = "DELIVERABLE_DUE",
    /// A collaboration's `auto_completes_at`: it completes.
    AutoComplete = "AUTO_COMPLETE",
    /// Just after a sample's post-by deadline: overdue unless its content went live.
    SamplePostBy = "SAMPLE_POST_BY",
    /// Just after a sample's extended post-by deadline (the first one is then moot).
    SampleExtendedPostBy = "SAMPLE_EXTENDED_POST_BY",
});

market_enum!(
    /// The brand's verdict on one version of content.
    SubmissionStatus {
    /// Waiting for the brand's review, until `reviewDueAt`.
    InReview = "IN_REVIEW",
    /// Approved by the brand, or by the marketplace when `autoApproved`.
    Approved = "APPROVED",
    /// The brand asked for changes; `feedback` says which.
    ChangesRequested = "CHANGES_REQUESTED",
});

market_enum!(
    /// The brand's decision in reviewContent.
    ReviewDecision {
    /// Approve the submission and its deliverable.
    Approve = "APPROVE",
    /// Send it back with feedback; uses one of the terms' revision rounds.
    RequestChanges = "REQUEST_CHANGES",
});

market_enum!(
    /// Whether an order still counts.
    ConversionStatus {
    /// Counts toward commission, revenue and orders.
    Confirmed = "CONFIRMED",
    /// The order was returned or cancelled; its commission no longer counts.
    Reversed = "REVERSED",
});

market_enum!(
    /// What a payout pays for.
    PayoutKind {
    /// The terms' fee released from escrow, or the kill fee the creator kept.
    Fee = "FEE",
    /// Settled commission on locked, confirmed conversions.
    Commission = "COMMISSION",
});

market_enum!(
    /// Whether a payout was paid.
    PayoutStatus {
    /// Not paid yet: only payouts of collaborations accepted before money was held in escrow.
    Pending = "PENDING",
    /// Paid: every payout made now is PAID at once.
    Paid = "PAID",
});

market_enum!(
    /// Whose a wallet is: a brand's, a creator's, or the marketplace's bank account (the other
    /// side of every funding and withdrawal).
    WalletOwner {
    Brand = "BRAND",
    Creator = "CREATOR",
    Marketplace = "MARKETPLACE",
});

market_enum!(
    /// Which of a wallet's two balances an entry moves.
    WalletBalance {
    /// Free to use: a brand's for new holds, a creator's to withdraw.
    Available = "AVAILABLE",
    /// A brand's fees set aside for accepted deals.
    Held = "HELD",
});

market_enum!(
    /// What moved money in or out of a wallet.
    LedgerEntryKind {
    /// A brand's transfer arrived (bank transfer confirmed).
    Funding = "FUNDING",
    /// A fee set aside from the brand's available balance when an offer was accepted.
    Hold = "HOLD",
    /// A held fee paid to the creator when the collaboration completed.
    Release = "RELEASE",
    /// A held fee given back to the brand when the collaboration was cancelled.
    Refund = "REFUND",
    /// The part of a held fee that the creator keeps when the brand cancels after content was submitted.
    KillFee = "KILL_FEE",
    /// Locked commission charged to the brand and paid to the creator.
    Commission = "COMMISSION",
    /// Money sent from a creator's wallet to its payout method.
    Withdrawal = "WITHDRAWAL",
    /// A failed withdrawal's money back in the creator's wallet.
    WithdrawalReturned = "WITHDRAWAL_RETURNED",
});

market_enum!(
    /// Where a brand's request to add money stands.
    FundingStatus {
    /// Waiting for the bank transfer that carries `reference` in its memo.
    Pending = "PENDING",
    /// The transfer arrived and the brand's available balance was credited.
    Confirmed = "CONFIRMED",
    /// Not paid within 7 days; a later transfer with its reference needs an admin.
    Expired = "EXPIRED",
});

market_enum!(
    /// How a creator's withdrawals are sent.
    PayoutMethodKind {
    /// A Vietnamese bank account (NAPAS), by bank code and account number.
    BankTransfer = "BANK_TRANSFER",
    /// A MoMo e-wallet, by Vietnamese mobile number.
    Momo = "MOMO",
    /// A ZaloPay e-wallet, by Vietnamese mobile number.
    Zalopay = "ZALOPAY",
});

market_enum!(
    /// Where a creator's withdrawal stands. Only REQUESTED ones can change.
    WithdrawalStatus {
    /// Taken from the wallet; waiting for an admin to send it.
    Requested = "REQUESTED",
    /// Sent to the payout method; `reference` says how.
    Paid = "PAID",
    /// Could not be sent; the money went back to the wallet.
    Failed = "FAILED",
});

market_enum!(
    /// What an API key may do; it acts as its brand, and only within these.
    ApiScope {
    /// recordConversion, recordConversions, reverseConversion, adjustConversion.
    ConversionsWrite = "CONVERSIONS_WRITE",
    /// Read the brand's briefs, proposals and collaborations.
    MarketRead = "MARKET_READ",
    /// Create, delete and redeliver webhook endpoints.
    WebhooksManage = "WEBHOOKS_MANAGE",
});

market_enum!(
    /// Where a webhook delivery stands.
    WebhookDeliveryStatus {
    /// Waiting for its next attempt.
    Pending = "PENDING",
    /// An attempt got a 2xx answer.
    Delivered = "DELIVERED",
    /// Every attempt of the retry schedule failed.
    Failed = "FAILED",
});

market_enum!(
    /// The language of the texts people read: notification messages and error messages. Codes,
    /// field names and enum values stay in English whatever the language.
    Language {
    /// English.
    En = "EN",
    /// Vietnamese (tiếng Việt); money is written "3.500.000 ₫".
    Vi = "VI",
});

market_enum!(
    /// Where a livestream session stands: SCHEDULED → LIVE → ENDED, or CANCELLED before it goes
    /// live.
    LivestreamStatus {
    /// Planned; it may go live from an hour before its start.
    Scheduled = "SCHEDULED",
    /// On air now.
    Live = "LIVE",
    /// Over, with the creator's reported figures.
    Ended = "ENDED",
    /// Called off before it went live.
    Cancelled = "CANCELLED",
});
