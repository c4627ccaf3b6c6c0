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

/// A brand's or creator's money in one currency. Balances never go below zero.
pub struct Wallet(pub wallet::Model);

#[Object]
impl Wallet {
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
        first: Option<i32>,
        after: Option<String>,
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

/// One movement of one of a wallet's balances, as part of a balanced transfer.
pub struct LedgerEntry(pub ledger_entry::Model);

#[Object]
impl LedgerEntry {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::LedgerEntry, self.0.id)
    }

    async fn kind(&self) -> LedgerEntryKind {
        self.0.kind
    }

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

    async fn memo(&self) -> Option<&str> {
        self.0.memo.as_deref()
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }
}

/// A brand's request to add money: it transfers `amount` to the marketplace's bank account with
/// `reference` in the memo.
pub struct Funding(pub funding::Model);

#[Object]
impl Funding {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Funding, self.0.id)
    }

    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Brand> {
        brand_by_id(ctx, self.0.brand_id)
            .await?
            .ok_or_else(|| AppError::internal("a funding without its brand"))
    }

    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency)
    }

    /// Short, unique, unambiguous code to write in the bank transfer's memo, e.g. "MKT7Q2K9X".
    async fn reference(&self) -> &str {
        &self.0.reference
    }

    async fn status(&self) -> FundingStatus {
        fundings::status_at(&self.0, clock::now())
    }

    /// The bank's transaction id of the confirmed transfer.
    async fn bank_transaction_id(&self) -> Option<&str> {
        self.0.bank_transaction_id.as_deref()
    }

    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    async fn confirmed_at(&self) -> Option<Time> {
        self.0.confirmed_at.map(Time)
    }

    async fn expires_at(&self) -> Time {
        self.0.expires_at.into()
    }
}

/// Where a creator's withdrawals go. Account numbers are shown masked.
pub struct PayoutMethod(pub payout_method::Model);

#[Object]
impl PayoutMethod {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::PayoutMethod, self.0.id)
    }

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

    async fn account_name(&self) -> &str {
        &self.0.account_name
    }

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

#[Object]
impl Withdrawal {
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Withdrawal, self.0.id)
    }

    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency)
    }

    async fn method(&self, ctx: &Context<'_>) -> AppResult<PayoutMethod> {
        loaders(ctx)
            .payout_method
            .load_one(self.0.method_id)
            .await
            .map_err(loader_error)?
            .map(PayoutMethod)
            .ok_or_else(|| AppError::internal("a withdrawal without its payout method"))
    }

    async fn status(&self) -> WithdrawalStatus {
        self.0.status
    }

    /// The payment reference, once PAID.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    async fn failure_reason(&self) -> Option<&str> {
        self.0.failure_reason.as_deref()
    }

    async fn requested_at(&self) -> Time {
        self.0.requested_at.into()
    }

    async fn paid_at(&self) -> Option<Time> {
        self.0.paid_at.map(Time)
    }

    async fn failed_at(&self) -> Option<Time> {
        self.0.failed_at.map(Time)
    }
}

/// The fee of a collaboration, as held and paid.
#[derive(SimpleObject)]
pub struct Escrow {
    /// Set aside when the offer was accepted.
    held: Money,
    released: Money,
    refunded: Money,
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
        status: Option<FundingStatus>,
        first: Option<i32>,
        after: Option<String>,
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
        status: Option<WithdrawalStatus>,
        first: Option<i32>,
        after: Option<String>,
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

#[derive(InputObject)]
pub struct PayoutMethodInput {
    kind: PayoutMethodKind,
    /// Required for BANK_TRANSFER: a Vietnamese bank's short code, e.g. "VCB", "TCB", "MB".
    bank_code: Option<String>,
    /// A bank account number (6 to 19 digits), or the phone number of the MoMo or ZaloPay wallet.
    account_number: String,
    /// The holder's name as the bank or wallet knows it.
    account_name: String,
}

#[derive(Default)]
pub struct WalletsMutation;

#[Object]
impl WalletsMutation {
    /// A brand asks to add money to its wallet in that currency.
    async fn request_funding(&self, ctx: &Context<'_>, amount: MoneyInput) -> AppResult<Funding> {
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
        funding_id: ID,
        bank_transaction_id: String,
    ) -> AppResult<Funding> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("fundingId", &funding_id, Kind::Funding)?;
        let s = state(ctx);
        Ok(Funding(
            fundings::confirm(&s.db, &s.events, viewer, id, &bank_transaction_id).await?,
        ))
    }

    async fn add_payout_method(
        &self,
        ctx: &Context<'_>,
        input: PayoutMethodInput,
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

    async fn remove_payout_method(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("id", &id, Kind::PayoutMethod)?;
        let s = state(ctx);
        withdrawals::remove_method(&s.db, &s.events, viewer, id).await
    }

    /// A creator moves money from its wallet to one of its payout methods.
    async fn request_withdrawal(
        &self,
        ctx: &Context<'_>,
        amount: MoneyInput,
        payout_method_id: ID,
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

    /// Admins: the money was sent.
    async fn mark_withdrawal_paid(
        &self,
        ctx: &Context<'_>,
        withdrawal_id: ID,
        reference: String,
    ) -> AppResult<Withdrawal> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("withdrawalId", &withdrawal_id, Kind::Withdrawal)?;
        let s = state(ctx);
        Ok(Withdrawal(
            withdrawals::mark_paid(&s.db, &s.events, viewer, id, &reference).await?,
        ))
    }

    /// Admins: the transfer failed; the money goes back to the creator's wallet.
    async fn fail_withdrawal(
        &self,
        ctx: &Context<'_>,
        withdrawal_id: ID,
        reason: String,
    ) -> AppResult<Withdrawal> {
        let viewer = viewer(ctx).await?;
        let id = ids::expect("withdrawalId", &withdrawal_id, Kind::Withdrawal)?;
        let s = state(ctx);
        Ok(Withdrawal(
            withdrawals::fail(&s.db, &s.events, viewer, id, &reason).await?,
        ))
    }
}
