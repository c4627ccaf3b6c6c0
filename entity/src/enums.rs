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
    #[sea_orm(string_value = "CREATOR")]
    Creator,
    #[sea_orm(string_value = "BRAND")]
    Brand,
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

market_enum!(Platform {
    Tiktok = "TIKTOK",
    Facebook = "FACEBOOK",
    Instagram = "INSTAGRAM",
    Youtube = "YOUTUBE",
    Shopee = "SHOPEE",
    Lazada = "LAZADA",
    Zalo = "ZALO",
    Other = "OTHER",
});

market_enum!(Niche {
    Beauty = "BEAUTY",
    Fashion = "FASHION",
    Food = "FOOD",
    Tech = "TECH",
    Finance = "FINANCE",
    Travel = "TRAVEL",
    Fitness = "FITNESS",
    Health = "HEALTH",
    Parenting = "PARENTING",
    Home = "HOME",
    Gaming = "GAMING",
    Education = "EDUCATION",
    Lifestyle = "LIFESTYLE",
    Entertainment = "ENTERTAINMENT",
    Art = "ART",
    Automotive = "AUTOMOTIVE",
    Pets = "PETS",
});

market_enum!(
    /// ISO 4217 currency. Amounts may not carry more decimals than the currency's minor unit (VND, JPY, KRW: 0; the rest: 2).
    CurrencyCode {
    Vnd = "VND",
    Usd = "USD",
    Eur = "EUR",
    Sgd = "SGD",
    Thb = "THB",
    Myr = "MYR",
    Php = "PHP",
    Idr = "IDR",
    Jpy = "JPY",
    Krw = "KRW",
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

market_enum!(CampaignObjective {
    Awareness = "AWARENESS",
    Sales = "SALES",
    Feedback = "FEEDBACK",
    ProductLaunch = "PRODUCT_LAUNCH",
});

market_enum!(CompensationModel {
    /// A fixed fee for the deliverables.
    FixedFee = "FIXED_FEE",
    /// A commission on each attributed order.
    Commission = "COMMISSION",
    /// The product as a gift; no money.
    Gifting = "GIFTING",
    /// A fixed fee plus a commission.
    Hybrid = "HYBRID",
});

market_enum!(DeliverableType {
    VideoReview = "VIDEO_REVIEW",
    Unboxing = "UNBOXING",
    Tutorial = "TUTORIAL",
    Livestream = "LIVESTREAM",
    ShortVideo = "SHORT_VIDEO",
    Post = "POST",
    Story = "STORY",
});

market_enum!(BriefStatus {
    Draft = "DRAFT",
    Open = "OPEN",
    Closed = "CLOSED",
    Completed = "COMPLETED",
    Cancelled = "CANCELLED",
});

market_enum!(BriefVisibility {
    /// Listed in discovery; any eligible creator may apply.
    Public = "PUBLIC",
    /// Not listed; only invited creators see it.
    InviteOnly = "INVITE_ONLY",
});

market_enum!(ProposalOrigin {
    /// The creator applied to the brief.
    Application = "APPLICATION",
    /// The brand invited the creator.
    Invitation = "INVITATION",
});

market_enum!(ProposalStatus {
    Applied = "APPLIED",
    Invited = "INVITED",
    Negotiating = "NEGOTIATING",
    Accepted = "ACCEPTED",
    Declined = "DECLINED",
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
    Brand = "BRAND",
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

market_enum!(OfferStatus {
    /// The offer on the table: the other side may accept it or counter.
    Open = "OPEN",
    /// A later offer replaced it.
    Superseded = "SUPERSEDED",
    Accepted = "ACCEPTED",
    Declined = "DECLINED",
    Withdrawn = "WITHDRAWN",
    /// Its `expiresAt` passed before the other side answered.
    Expired = "EXPIRED",
});

market_enum!(CollaborationStatus {
    Active = "ACTIVE",
    Completed = "COMPLETED",
    Cancelled = "CANCELLED",
});

market_enum!(DeliverableStatus {
    AwaitingContent = "AWAITING_CONTENT",
    InReview = "IN_REVIEW",
    ChangesRequested = "CHANGES_REQUESTED",
    Approved = "APPROVED",
    Published = "PUBLISHED",
});

market_enum!(NotificationKind {
    ApplicationReceived = "APPLICATION_RECEIVED",
    InvitationReceived = "INVITATION_RECEIVED",
    OfferReceived = "OFFER_RECEIVED",
    OfferAccepted = "OFFER_ACCEPTED",
    ProposalDeclined = "PROPOSAL_DECLINED",
    ProposalWithdrawn = "PROPOSAL_WITHDRAWN",
    MessageReceived = "MESSAGE_RECEIVED",
    ContentSubmitted = "CONTENT_SUBMITTED",
    ContentApproved = "CONTENT_APPROVED",
    ChangesRequested = "CHANGES_REQUESTED",
    DeliverablePublished = "DELIVERABLE_PUBLISHED",
    ConversionRecorded = "CONVERSION_RECORDED",
    CollaborationCompleted = "COLLABORATION_COMPLETED",
    CollaborationCancelled = "COLLABORATION_CANCELLED",
    PayoutPaid = "PAYOUT_PAID",
    FundsReceived = "FUNDS_RECEIVED",
    ConversionReversed = "CONVERSION_REVERSED",
    ConversionAdjusted = "CONVERSION_ADJUSTED",
    CommissionSettled = "COMMISSION_SETTLED",
    WithdrawalPaid = "WITHDRAWAL_PAID",
    WithdrawalFailed = "WITHDRAWAL_FAILED",
    OfferExpired = "OFFER_EXPIRED",
    ReviewDueSoon = "REVIEW_DUE_SOON",
    ContentAutoApproved = "CONTENT_AUTO_APPROVED",
    DeliverableOverdue = "DELIVERABLE_OVERDUE",
    CompletionRequested = "COMPLETION_REQUESTED",
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
});

market_enum!(SubmissionStatus {
    InReview = "IN_REVIEW",
    Approved = "APPROVED",
    ChangesRequested = "CHANGES_REQUESTED",
});

market_enum!(ReviewDecision {
    Approve = "APPROVE",
    RequestChanges = "REQUEST_CHANGES",
});

market_enum!(ConversionStatus {
    Confirmed = "CONFIRMED",
    /// The order was returned or cancelled; its commission no longer counts.
    Reversed = "REVERSED",
});

market_enum!(PayoutKind {
    Fee = "FEE",
    Commission = "COMMISSION",
});

market_enum!(PayoutStatus {
    Pending = "PENDING",
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
    Available = "AVAILABLE",
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

market_enum!(FundingStatus {
    /// Waiting for the bank transfer that carries `reference` in its memo.
    Pending = "PENDING",
    Confirmed = "CONFIRMED",
    /// Not paid within 7 days; a later transfer with its reference needs an admin.
    Expired = "EXPIRED",
});

market_enum!(PayoutMethodKind {
    BankTransfer = "BANK_TRANSFER",
    Momo = "MOMO",
    Zalopay = "ZALOPAY",
});

market_enum!(WithdrawalStatus {
    Requested = "REQUESTED",
    Paid = "PAID",
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

market_enum!(WebhookDeliveryStatus {
    /// Waiting for its next attempt.
    Pending = "PENDING",
    /// An attempt got a 2xx answer.
    Delivered = "DELIVERED",
    /// Every attempt of the retry schedule failed.
    Failed = "FAILED",
});
