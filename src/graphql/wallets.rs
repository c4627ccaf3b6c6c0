//! Money held and paid, in the API: wallets and their ledger entries, fundings, payout methods,
//! withdrawals, a collaboration's escrow, and their queries and mutations.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{
    enums::{FundingStatus, LedgerEntryKind, PayoutMethodKind, WalletBalance, WithdrawalStatus},
    funding, ledger_entry, payout_method, wallet, withdrawal,
};

use crate::{
    clock,
    error::{AppError, AppResult},
    graphql::{
        brands::{Brand, brand_by_id},
        collaborations::Collaboration,
        context::{loaders, state, viewer},
        ids::{self, Kind},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
        scalars::{Money, MoneyInput},
    },
    keyset::TimeCursor,
    ledger::{self, Account},
    money::Money as MoneyValue,
    payments::{
        escrow, funding as fundings,
        methods::{self, MethodIn},
        withdrawals,
    },
};

fn money(minor: i64, currency: entity::enums::CurrencyCode) -> Money {
    MoneyValue::new(minor, currency).into()
}

pub struct Wallet(pub wallet::Model);

/// A brand's or creator's money in one currency; balances never go below zero. Readable by its
/// owner and admins.
#[Object]
impl Wallet {
    /// The wallet's currency: one wallet per owner and currency.
    async fn currency(&self) -> entity::enums::CurrencyCode {
        self.0.currency
    }

    /// Free to use: a brand's to hold for new deals, a creator's to withdraw.
    async fn available(&self) -> Money {
        money(self.0.available_minor, self.0.currency)
    }

    /// A brand's fees set aside for accepted deals; always zero for a creator.
    async fn held(&self) -> Money {
        money(self.0.held_minor, self.0.currency)
    }

    /// Newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn entries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<LedgerEntry>> {
        let viewer = viewer(ctx).await?;
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) =
            ledger::entries(&state(ctx).db, viewer, self.0.id, request.window(ctx)).await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |e| (e.created_at, e.id),
            LedgerEntry,
        ))
    }
}

/// The wallets of `account` that the viewer may read.
pub async fn wallets_of(ctx: &Context<'_>, account: Account) -> AppResult<Vec<Wallet>> {
    let viewer = viewer(ctx).await?;
    Ok(ledger::wallets(&state(ctx).db, viewer, account)
        .await?
        .into_iter()
        .map(Wallet)
        .collect())
}

pub struct LedgerEntry(pub ledger_entry::Model);

/// One movement of one of a wallet's balances, part of a balanced transfer whose entries (over all
/// wallets and the marketplace's bank account) sum to zero. Never changed once written; a HOLD is
/// two entries: AVAILABLE -fee and HELD +fee. Readable by the wallet's owner and admins.
#[Object]
impl LedgerEntry {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::LedgerEntry, self.0.id)
    }

    /// What moved the money.
    async fn kind(&self) -> LedgerEntryKind {
        self.0.kind
    }

    /// Which of the wallet's balances it moves.
    async fn balance(&self) -> WalletBalance {
        self.0.balance
    }

    /// Signed: positive into that balance, negative out of it.
    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency)
    }

    /// This wallet's available balance after the whole transfer the entry belongs to.
    async fn available_after(&self) -> Money {
        money(self.0.available_after_minor, self.0.currency)
    }

    /// This wallet's held balance after the whole transfer the entry belongs to.
    async fn held_after(&self) -> Money {
        money(self.0.held_after_minor, self.0.currency)
    }

    /// The collaboration it is for; null when none, or when the viewer is not one of its parties or
    /// an admin.
    async fn collaboration(&self, ctx: &Context<'_>) -> AppResult<Option<Collaboration>> {
        let Some(id) = self.0.collaboration_id else {
            return Ok(None);
        };
        let viewer = viewer(ctx).await?;
        Ok(loaders(ctx)
            .collaboration
            .load_one(id)
            .await
            .map_err(loader_error)?
            .filter(|c| {
                viewer.is_admin()
                    || viewer.owns_brand(c.brand_id)
                    || viewer.creator_id == Some(c.creator_id)
            })
            .map(Collaboration))
    }

    /// A line for people, e.g. "fee held for collaboration 7QDK9XHA"; null when none.
    async fn memo(&self) -> Option<&str> {
        self.0.memo.as_deref()
    }

    /// When it was written.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

pub struct Funding(pub funding::Model);

/// A brand's request to add money: it transfers `amount` to the marketplace's bank account with
/// `reference` in the memo. Readable by the brand and admins.
#[Object]
impl Funding {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Funding, self.0.id)
    }

    /// The brand adding money.
    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Brand> {
        brand_by_id(ctx, self.0.brand_id)
            .await?
            .ok_or_else(|| AppError::internal("a funding without its brand"))
    }

    /// The amount to transfer; credited to the brand's wallet in its currency once confirmed.
    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency)
    }

    /// Short, unique, unambiguous code to write in the bank transfer's memo: "MKT" and 6 characters
    /// without look-alikes, e.g. "MKT7QDK9X".
    async fn reference(&self) -> &str {
        &self.0.reference
    }

    /// PENDING, CONFIRMED, or EXPIRED once expiresAt passed unpaid.
    async fn status(&self) -> FundingStatus {
        fundings::status_at(&self.0, clock::now())
    }

    /// The bank's transaction id of the confirmed transfer.
    async fn bank_transaction_id(&self) -> Option<&str> {
        self.0.bank_transaction_id.as_deref()
    }

    /// When it was requested.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// When an admin confirmed the transfer; null until then.
    async fn confirmed_at(&self) -> Option<Time> {
        self.0.confirmed_at.map(Time)
    }

    /// 7 days after it was requested: a PENDING funding reads EXPIRED from then on.
    async fn expires_at(&self) -> Time {
        self.0.expires_at.into()
    }
}

pub struct PayoutMethod(pub payout_method::Model);

/// Where a creator's withdrawals go. Readable by the creator (account numbers masked) and admins
/// (in full).
#[Object]
impl PayoutMethod {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::PayoutMethod, self.0.id)
    }

    /// BANK_TRANSFER, MOMO or ZALOPAY.
    async fn kind(&self) -> PayoutMethodKind {
        self.0.kind
    }

    /// For BANK_TRANSFER: the bank's short code, e.g. "VCB".
    async fn bank_code(&self) -> Option<&str> {
        self.0.bank_code.as_deref()
    }

    /// Masked, e.g. "••••6789"; in full for admins, who send the money.
    async fn account_number(&self, ctx: &Context<'_>) -> AppResult<String> {
        Ok(if viewer(ctx).await?.is_admin() {
            self.0.account_number.clone()
        } else {
            methods::mask(&self.0.account_number)
        })
    }

    /// The holder's name in upper case without diacritics, as Vietnamese banks print it: "NGUYEN
    /// THI LAN".
    async fn account_name(&self) -> &str {
        &self.0.account_name
    }

    /// When it was added.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

/// The payout methods in use of creator `creator_id` that the viewer may read.
pub async fn payout_methods_of(
    ctx: &Context<'_>,
    creator_id: uuid::Uuid,
) -> AppResult<Vec<PayoutMethod>> {
    let viewer = viewer(ctx).await?;
    Ok(
        withdrawals::visible_methods(&state(ctx).db, viewer, creator_id)
            .await?
            .into_iter()
            .map(PayoutMethod)
            .collect(),
    )
}

pub struct Withdrawal(pub withdrawal::Model);

/// Money a creator takes out of its wallet to one of its payout methods. Readable by the creator
/// and admins.
#[Object]
impl Withdrawal {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Withdrawal, self.0.id)
    }

    /// Taken from the wallet's available balance when requested.
    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency)
    }

    /// Where the money goes.
    async fn method(&self, ctx: &Context<'_>) -> AppResult<PayoutMethod> {
        loaders(ctx)
            .payout_method
            .load_one(self.0.method_id)
            .await
            .map_err(loader_error)?
            .map(PayoutMethod)
            .ok_or_else(|| AppError::internal("a withdrawal without its payout method"))
    }

    /// REQUESTED until an admin marks it PAID or FAILED.
    async fn status(&self) -> WithdrawalStatus {
        self.0.status
    }

    /// The payment reference, once PAID.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// Why it failed; null unless FAILED.
    async fn failure_reason(&self) -> Option<&str> {
        self.0.failure_reason.as_deref()
    }

    /// When the creator asked for it.
    async fn requested_at(&self) -> Time {
        self.0.requested_at.into()
    }

    /// When an admin marked it paid; null unless PAID.
    async fn paid_at(&self) -> Option<Time> {
        self.0.paid_at.map(Time)
    }

    /// When an admin marked it failed; null unless FAILED.
    async fn failed_at(&self) -> Option<Time> {
        self.0.failed_at.map(Time)
    }
}

/// The fee of a collaboration, as held and paid.
#[derive(SimpleObject)]
pub struct Escrow {
    /// Set aside when the offer was accepted.
    held: Money,
    /// Paid to the creator when the collaboration completed; zero before.
    released: Money,
    /// Given back to the brand when the collaboration was cancelled.
    refunded: Money,
    /// Kept by the creator because the brand cancelled after content was submitted.
    kill_fee: Money,
}

impl Escrow {
    pub fn of(e: escrow::Escrow, currency: entity::enums::CurrencyCode) -> Self {
        Self {
            held: money(e.held, currency),
            released: money(e.released, currency),
            refunded: money(e.refunded, currency),
            kill_fee: money(e.kill_fee, currency),
        }
    }
}

#[derive(Default)]
pub struct WalletsQuery;

#[Object]
impl WalletsQuery {
    /// A brand's own fundings; all of them for admins.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn fundings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only fundings in this status (EXPIRED: PENDING ones past expiresAt).")]
        status: Option<FundingStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Funding>> {
        let viewer = viewer(ctx).await?;
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) =
            fundings::list(&state(ctx).db, viewer, status, request.window(ctx)).await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |f| (f.created_at, f.id),
            Funding,
        ))
    }

    /// A creator's own withdrawals; all of them for admins.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn withdrawals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only withdrawals in this status.")] status: Option<WithdrawalStatus>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<Withdrawal>> {
        let viewer = viewer(ctx).await?;
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) =
            withdrawals::list(&state(ctx).db, viewer, status, request.window(ctx)).await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |w| (w.requested_at, w.id),
            Withdrawal,
        ))
    }
}

/// A payout method to add.
#[derive(InputObject)]
pub struct PayoutMethodInput {
    /// BANK_TRANSFER, MOMO or ZALOPAY.
    kind: PayoutMethodKind,
    /// Required for BANK_TRANSFER: a Vietnamese bank's short code, e.g. "VCB", "TCB", "MB".
    bank_code: Option<String>,
    /// A bank account number (6 to 19 digits; spaces, dots and dashes dropped), or the Vietnamese
    /// mobile number of the MoMo or ZaloPay wallet (stored as +84…).
    account_number: String,
    /// The holder's name as the bank or wallet knows it, 1 to 100 letters; stored upper case
    /// without diacritics.
    account_name: String,
}

#[derive(Default)]
pub struct WalletsMutation;

#[Object]
impl WalletsMutation {
    /// A brand asks to add money to its wallet in that currency: a PENDING funding with a unique
    /// reference, expiring in 7 days. At most 20 PENDING at once (else CONFLICT).
    async fn request_funding(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Above 0, in any currency, with no more decimals than it has.")]
        amount: MoneyInput,
    ) -> AppResult<Funding> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        Ok(Funding(
            fundings::request(&s.db, &s.events, viewer, amount.pair()).await?,
        ))
    }

    /// Admins: the bank transfer with this funding's reference arrived. The same bank transaction id again changes nothing.
    async fn confirm_funding(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The PENDING Funding; an EXPIRED one is CONFLICT.")] funding_id: ID,
        #[graphql(
            desc = "The bank's transaction ID, 1 to 100 characters; one already used for another funding is CONFLICT."
        )]
        bank_transaction_id: String,
    ) -> AppResult<Funding> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("fundingId", &funding_id, Kind::Funding)?;
        let s = state(ctx);
        Ok(Funding(
            fundings::confirm(&s.db, &s.events, viewer, id, &bank_transaction_id).await?,
        ))
    }

    /// The creator adds a payout method: at most 5 in use, and the same kind, bank and number only
    /// once (else CONFLICT).
    async fn add_payout_method(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The method.")] input: PayoutMethodInput,
    ) -> AppResult<PayoutMethod> {
        let viewer = viewer(ctx).await?;
        let s = state(ctx);
        let input = MethodIn {
            kind: input.kind,
            bank_code: input.bank_code,
            account_number: input.account_number,
            account_name: input.account_name,
        };
        Ok(PayoutMethod(
            withdrawals::add_method(&s.db, &s.events, viewer, input).await?,
        ))
    }

    /// The creator stops using a payout method; true once removed. CONFLICT while a withdrawal to
    /// it is REQUESTED; past withdrawals still show it.
    async fn remove_payout_method(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One of the creator's PayoutMethods.")] id: ID,
    ) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::PayoutMethod)?;
        let s = state(ctx);
        withdrawals::remove_method(&s.db, &s.events, viewer, id).await
    }

    /// A creator moves money from its wallet to one of its payout methods: it leaves the available
    /// balance at once, REQUESTED until an admin sends it. More than the available balance is
    /// CONFLICT (`extensions.reason` INSUFFICIENT_FUNDS).
    async fn request_withdrawal(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "At least MIN_WITHDRAWAL for its currency (by default 100,000 VND, or 5 whole units of another currency), in a currency the creator has a wallet in."
        )]
        amount: MoneyInput,
        #[graphql(desc = "One of the creator's PayoutMethods in use.")] payout_method_id: ID,
    ) -> AppResult<Withdrawal> {
        let viewer = viewer(ctx).await?;
        let method = ids::expect("payoutMethodId", &payout_method_id, Kind::PayoutMethod)?;
        let s = state(ctx);
        Ok(Withdrawal(
            withdrawals::request(
                &s.db,
                &s.events,
                &s.config.money,
                viewer,
                amount.pair(),
                method,
            )
            .await?,
        ))
    }

    /// Admins: the money of a REQUESTED withdrawal was sent; it becomes PAID and the creator is
    /// told.
    async fn mark_withdrawal_paid(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The REQUESTED Withdrawal.")] withdrawal_id: ID,
        #[graphql(desc = "The payment reference, 1 to 200 characters.")] reference: String,
    ) -> AppResult<Withdrawal> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("withdrawalId", &withdrawal_id, Kind::Withdrawal)?;
        let s = state(ctx);
        Ok(Withdrawal(
            withdrawals::mark_paid(&s.db, &s.events, viewer, id, &reference).await?,
        ))
    }

    /// Admins: the transfer of a REQUESTED withdrawal failed; it becomes FAILED and the money goes
    /// back to the creator's wallet.
    async fn fail_withdrawal(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The REQUESTED Withdrawal.")] withdrawal_id: ID,
        #[graphql(desc = "Why, 1 to 1,000 characters; shown to the creator.")] reason: String,
    ) -> AppResult<Withdrawal> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("withdrawalId", &withdrawal_id, Kind::Withdrawal)?;
        let s = state(ctx);
        Ok(Withdrawal(
            withdrawals::fail(&s.db, &s.events, viewer, id, &reason).await?,
        ))
    }
}
