# English texts of the API: notification messages and error messages. Each text has the same id
# in vi.ftl; `src/i18n` writes them out and its tests check the two catalogues name the same texts.
# Money arguments come formatted ("3,500,000 VND").

## Errors shared by the whole API

authentication-required = authentication required
internal = internal server error
already-exists = already exists
dangling-reference = refers to something that does not exist or is still in use
within = { $at }: { $message }
not-eligible = the creator does not meet the brief's requirements: { $reasons }
rate-limited = too many attempts; try again in { $seconds } seconds
too-long = must have at most { $max } characters
not-found =
    { $what ->
         [API_key] API key not found
         [brand] brand not found
        *[brief] brief not found
         [collaboration] collaboration not found
         [conversion] conversion not found
         [creator] creator not found
         [creator_profile] creator profile not found
         [deliverable] deliverable not found
         [funding] funding not found
         [ledger_entry] ledger entry not found
         [livestream_session] livestream session not found
         [message] message not found
         [notification] notification not found
         [offer] offer not found
         [payout] payout not found
         [payout_method] payout method not found
         [proposal] proposal not found
         [review] review not found
         [sample] sample not found
         [social_account] social account not found
         [submission] submission not found
         [user] user not found
         [users_brand] user's brand not found
         [webhook_delivery] webhook delivery not found
         [webhook_endpoint] webhook endpoint not found
         [withdrawal] withdrawal not found
    }
changed-meanwhile =
    the { $what ->
         [collaboration] collaboration
         [conversion] conversion
         [deliverable] deliverable
         [funding] funding
        *[proposal] proposal
         [sample] sample
         [withdrawal] withdrawal
    } changed meanwhile; reload it

## Who may do what: `only-role-may` and `api-key-may-not` name an action below

only-role-may = only { $role ->
        [brand] brand
        [admin] admin
       *[creator] creator
    } users may { $action }
api-key-may-not = an API key may not { $action }
action-add-payout-methods = add payout methods
action-add-social-accounts = add social accounts
action-adjust-conversions = adjust conversions
action-apply-to-briefs = apply to briefs
action-attest-product-use = attest product use
action-cancel-briefs = cancel briefs
action-close-briefs = close briefs
action-complete-briefs = complete briefs
action-complete-collaborations = complete collaborations
action-confirm-fundings = confirm fundings
action-confirm-receiving-samples = confirm receiving samples
action-create-briefs = create briefs
action-edit-a-brand = edit a brand
action-edit-a-creator-profile = edit a creator profile
action-edit-briefs = edit briefs
action-edit-social-accounts = edit social accounts
action-extend-samples-deadlines = extend samples' deadlines
action-fail-withdrawals = fail withdrawals
action-fund-a-wallet = fund a wallet
action-invite-creators = invite creators
action-list-api-keys = list API keys
action-list-users = list users
action-manage-api-keys = manage API keys
action-mark-payouts-paid = mark payouts paid
action-mark-withdrawals-paid = mark withdrawals paid
action-publish-briefs = publish briefs
action-publish-content = publish content
action-record-conversions = record conversions
action-reinstate-users = reinstate users
action-remove-payout-methods = remove payout methods
action-remove-social-accounts = remove social accounts
action-request-completion = request completion
action-reverse-conversions = reverse conversions
action-review-content = review content
action-see-recommended-briefs = see recommended briefs
action-seed = seed
action-set-a-rate-card = set a rate card
action-settle-commission = settle commission
action-ship-samples = ship samples
action-submit-content = submit content
action-suspend-users = suspend users
action-withdraw-money = withdraw money
action-set-the-language = set the account's language

## Accounts and sign-in

email-invalid = not a valid email address
email-taken = this email is already registered
admin-sign-up = ADMIN accounts cannot sign up; an operator creates them
password-too-short = password must have at least { $min } characters
password-too-long = password must have at most { $max } characters
current-password-wrong = the current password is wrong
wrong-login = wrong email or password
unknown-user = unknown user
account-suspended = this account is suspended
admin-suspends-itself = an admin cannot suspend itself
access-token-expired = the access token has expired; refresh it
access-token-invalid = invalid access token
refresh-token-expired = the refresh token has expired; sign in again
refresh-token-invalid = invalid refresh token
login-ended = this login has ended; sign in again
api-key-invalid = invalid API key
api-key-revoked = this API key is revoked

## Inputs: text, numbers, money, IDs, lists, pages (`within` puts an input path before one)

must-not-be-empty = must not be empty
must-not-be-null = must not be null
no-control-characters = must not contain control characters
no-nul = must not contain NUL characters
url-too-long = a URL has at most { $max } characters (once normalised)
http-url = must be an http(s) URL
country-code = must be an ISO 3166-1 alpha-2 country code, e.g. VN
language-tag = must be a BCP 47 language tag, e.g. vi or en-US
search-too-long = a search has at most { $max } characters
cursor-invalid = not a valid cursor
page-size = must be between 0 and { $max }
id-invalid = not a valid ID
list-too-long = { $path } has { $count } items; at most { $max } are allowed
not-an-int = { $value } is not an Int (a whole number from { $min } to { $max })
must-be-int = must be an Int
must-be-float = must be a finite Float
must-be-string = must be a String
must-be-id = must be an ID
decimal-expected = must be a decimal number, e.g. "12.50"
not-a-decimal = { $text } is not a decimal number
decimal-too-long = a decimal number has at most { $max } characters
decimal-out-of-range = { $text } is out of range for a decimal number
date-time-expected = must be an RFC 3339 date-time string
not-a-date-time = { $text } is not an RFC 3339 date-time with an offset, e.g. 2026-12-01T09:30:00+07:00
date-time-out-of-range = { $text } is outside the years 0001 to 9999
must-not-be-negative = must not be negative
currency-decimals = { $currency } allows at most { $digits } decimal places
amount-too-large = amount is too large: at most { $max }
rate-decimals = a rate has at most 2 decimal places
rate-range = must be 0 < rate ≤ 100
rate-range-from-zero = must be 0 ≤ rate ≤ 100
must-be-positive = must be positive
must-be-future = must be in the future
number-range = must be { $min } to { $max }
required = required
not-below = must not be below { $other }
must-not-be-future = must not be in the future
too-long-plain = too long

## Creators

languages-too-many = at most { $max } languages
niches-too-many = at most { $max } niches
handle-spaces = a handle has no spaces
zero-or-more = must be 0 or more
social-account-taken = this profile already has an account with this platform and handle
social-accounts-too-many = a profile has at most { $max } social accounts
rate-card-too-long = a rate card has at most { $max } items
rate-card-duplicate = the rate card already prices this deliverable type on this platform

## Brands, API keys and scopes

no-brand = this user has no brand
api-key-no-scopes = name at least one scope
api-keys-too-many = a brand has at most { $max } API keys in use; revoke one first
api-key-lacks-scope = this API key lacks the { $scope } scope
api-key-lacks-scope-for = this API key lacks the { $scope } scope that { $field } needs
api-key-may-not-use = an API key may not use { $field }
api-key-may-not-read = an API key may not read { $field }

## Briefs and their budgets

brief-is = the brief is { $status }
brief-full = the brief has no free slot
brief-over-budget = the fee would take the brief over its budget
slots-filled = { $filled } slots are already filled
budget-below-committed = the budget cannot go below what accepted offers already committed
brief-performance-forbidden = only the brief's brand and admins see its performance
recommended-creators-forbidden = only the brief's brand may see recommended creators
brief-not-editable = a { $status } brief cannot be edited
brief-not-publishable = a { $status } brief cannot be published
brief-cannot-become = a { $status } brief cannot become { $to }
brief-changed-meanwhile = the brief changed meanwhile; try again
brief-has-active-collaboration = the brief has an ACTIVE collaboration; complete or cancel it first
open-brief-currency = the currency of an OPEN brief cannot change
fees-in-old-currency = the fees are in { $old }; give the compensation again in { $new }
documents-too-many = at most { $max } documents
deliverable-lines-too-many = at most { $max } deliverable lines
model-needs-fee = { $model } needs a fee
model-has-no-fee = { $model } has no fee
model-needs-rate = { $model } needs a commission rate
model-has-no-rate = { $model } has no commission
gifting-needs-gift = GIFTING needs giftProduct: true
brief-needs-deliverable = a brief needs at least one deliverable
brief-needs-slot = a brief needs at least one slot
budget-positive = the budget must be positive

## Deals: proposals, offers and their messages

admin-not-a-party = admins may read deals but not take part in them
page-both-ways = page forwards (first, after) or backwards (last, before), not both
proposal-is = the proposal is { $status }
already-applied = you already have a proposal on this brief
creator-already-proposed = this creator already has a proposal on this brief
brief-takes-no-applications = a { $status } brief takes no applications
brief-takes-no-invitations = a { $status } brief takes no invitations
brief-invitation-only = this brief is by invitation only
application-deadline-passed = the application deadline has passed
expiry-without-terms = an expiry is for proposed terms: give proposedTerms or no expiresAt
their-turn = it is the { $party ->
        [brand] brand
       *[creator] creator
    }'s turn
own-offer = you cannot accept your own offer
offer-is = the offer is { $status }
offer-no-longer-open = the offer is no longer open
offer-expired-at = the offer expired at { $at }
open-offer-closed-proposal = an open offer on a closed proposal
withdraw-only-starter = only the { $party ->
        [brand] brand
       *[creator] creator
    } that started this proposal may withdraw it; decline it instead
brief-currency = must be the brief's currency, { $currency }
at-least-one-deliverable = at least one deliverable
business-days-range = must be { $min } to { $max } business days
days-ahead-max = must be at most { $max } days ahead
# Why a brief's open proposals were declined, kept with them in English.
brief-cancelled-because = cancelled: { $reason }
campaign-completed = the campaign is completed

## Reviews

review-not-completed = a { $status } collaboration cannot be reviewed; wait until it is COMPLETED
review-twice = you have already reviewed this collaboration

## Money, wallets and conversions

not-enough-money = not enough money in { $owner ->
        [brand] the brand's
        [marketplace] the marketplace's
       *[creator] the creator's
    } wallet: { $needed } needed, { $balance } there
batch-orders = send 1 to { $max } orders
order-recorded-with-another-amount = this order was already recorded with another amount
collaboration-takes-no-conversions = a { $status } collaboration takes no conversions
conversion-reversed-already = the conversion is already reversed
conversion-locked = the conversion locked at { $at }; its commission is final
adjustment-positive = must be more than zero (reverse the conversion to refund all of it)
order-currency = must be the order's currency, { $currency }
below-order-amount = must be less than the order's current amount, { $amount }
payout-paid-already = the payout is already paid: the marketplace pays payouts from the brand's wallet when they are made
fundings-pending = { $pending } fundings are waiting for their transfer; pay one or let it expire first
funding-confirmed-with-another = the funding was already confirmed with another bank transaction
funding-expired = the funding expired; ask the brand for a new one, or credit the transfer by hand
bank-transaction-used = this bank transaction already confirmed another funding
no-creator-profile = this user has no creator profile
payout-methods-too-many = a creator has at most { $max } payout methods; remove one first
payout-method-exists = this payout method is already there
payout-method-in-use = a withdrawal to this method is waiting to be paid
payout-method-removed = the payout method was removed meanwhile
withdrawal-minimum = a withdrawal is at least { $least }
never-paid-in = no money was ever paid to you in { $currency }
withdrawal-already = the withdrawal is already { $status }
bank-code-required = a bank transfer needs the bank's short code, e.g. VCB
bank-code-only-for-transfer = only a bank transfer has a bank code
bank-unknown = not a Vietnamese bank we know; use its short code, e.g. VCB, TCB, MB
account-number-digits = an account number has only digits
account-number-length = an account number has 6 to 19 digits
phone-digits = a phone number has only digits
mobile-invalid = not a Vietnamese mobile number, e.g. 0901234567 or +84901234567
holder-name-letters = the holder's name has only letters and spaces, as the bank knows it
holder-name-too-long = at most { $max } characters as a bank prints it

## Webhooks

webhook-no-events = name at least one kind
webhook-events-too-many = at most { $max } kinds
webhook-endpoints-too-many = at most { $max } webhook endpoints; delete one first
webhook-delivery-busy = this delivery is being attempted right now; try again in a minute
not-a-url = not a URL: { $reason }
https-url = must be an https URL
non-public-address = must not point at a private, loopback or otherwise non-public address
url-without-host = must have a host
host-lookup-timeout = the host { $host } did not resolve within { $timeout }
host-unresolved = the host { $host } does not resolve: { $reason }
host-without-address = the host { $host } has no address
host-not-public = the host { $host } resolves to { $address }, which is not a public address

## Notifications: proposals and offers

notice-application-received = { $creator } applied to “{ $title }”
notice-invitation-received = { $brand } invited you to “{ $title }”
notice-offer-received = { $name } made an offer on “{ $title }”
notice-proposal-declined = { $name } declined the proposal on “{ $title }”
notice-proposal-withdrawn = { $name } withdrew from “{ $title }”
notice-offer-expired = Offer { $version } on “{ $title }” expired unanswered: the proposal is closed
notice-message-received = { $name } sent a message about “{ $title }”
notice-brief-ended = “{ $title }” ended: { $reason }

## Collaborations

collaboration-is = the collaboration is { $status }
only-brand-completes = only the brand completes a collaboration
only-creator-requests-completion = only the creator requests completion
deliverables-not-published = { $waiting } deliverable(s) not published yet
completion-already-requested = completion was already requested at { $at }
cancel-all-published = every deliverable is published: the brand completes the collaboration instead

## Delivery: submissions, reviews, publishing, metrics

media-urls-count = give 1 to { $max } URLs
only-creator-submits = only the creator submits content
only-brand-reviews = only the brand reviews content
only-creator-publishes = only the creator publishes content
only-creator-attests = only the creator attests having used the product
deliverable-not-awaiting-content = the deliverable is { $status }; content is submitted while it awaits content or changes
deliverable-not-approved = the deliverable is { $status }; content is published once approved
deliverable-not-published = the deliverable is { $status }; metrics are reported once it is published
feedback-required = say what should change: feedback must not be empty
unlabelled-reason-only-to-approve = a reason is given only to APPROVE an unlabelled submission
submission-not-in-review = the submission is { $status }; only the one under review can be reviewed
submission-reviewed-meanwhile = the submission was reviewed meanwhile; reload it
review-window-closed = the review window closed at { $at }: the marketplace approves the submission
caption-labelled = the caption is labelled ({ $labels }): no reason is needed
caption-unlabelled = the caption has no advertising label (such as "#quangcao" or "được tài trợ"), which the Advertising Law requires: ask for changes, or give the reason for approving it
no-revision-round-left = no revision round left: the terms allow { $rounds } and all are used
product-use-not-attested = the Advertising Law forbids promoting a product not used: attest having used it first (attestProductUse)
attest-after-publishing = the deliverable is PUBLISHED: use is attested before publishing
submission-reviewed = the submission was reviewed meanwhile

## Notifications: collaborations and content

notice-offer-accepted = { $name } accepted the offer on “{ $title }”
notice-content-submitted = { $creator } submitted content (version { $version }) for “{ $title }”
notice-content-approved = { $brand } approved version { $version } of your content for “{ $title }”
notice-changes-requested = { $brand } asked for changes to version { $version } of your content for “{ $title }”
notice-deliverable-published = { $creator } published content for “{ $title }”
notice-completion-requested = { $creator } asked to complete the collaboration on “{ $title }”: it completes by itself on { $due } unless you complete it first
notice-collaboration-completed = { $brand } completed the collaboration on “{ $title }”
notice-collaboration-auto-completed = The collaboration on “{ $title }” completed by itself: { $brand } did not complete it in time
notice-collaboration-cancelled = { $name } cancelled the collaboration on “{ $title }”: { $reason }
notice-review-due-soon = Review version { $version } of { $creator }'s content for “{ $title }” by { $time } on { $date } (Vietnam time), or it is approved automatically
notice-content-auto-approved = Version { $version } of { $creator }'s content for “{ $title }” was not reviewed in time and is approved
notice-deliverable-overdue = Deliverable { $position } of “{ $title }” passed its due time unpublished

## Samples

only-brand-ships = only the brand ships the sample
only-creator-confirms-receipt = only the creator confirms receipt
only-creator-extends = only the creator asks for the extension
no-sample-in-terms = the deal's terms give no product (giftProduct is false): there is no sample to ship
sample-shipped-already = the sample of this collaboration was shipped already
sample-not-shipped = the sample is { $status }; receipt is confirmed once, while SHIPPED
sample-not-received = the sample is { $status }; the post-by deadline of a RECEIVED sample is extended
sample-extended-already = the post-by deadline was extended already: there is one extension
post-by-passed = the post-by deadline passed at { $at }
sample-changed = the sample changed meanwhile

## Notifications: samples

notice-sample-shipped = { $brand } shipped the sample for “{ $title }” by { $carrier }, tracking number { $tracking_number }
notice-sample-received = { $creator } received the sample for “{ $title }”; the content is due by { $post_by }
notice-sample-post-by-extended = { $creator } took the extension for the sample of “{ $title }”: the content is now due by { $post_by }
notice-sample-overdue = The sample for “{ $title }” passed its post-by deadline with content unpublished

## Notifications: money

notice-conversion-recorded = { $brand } recorded order { $order } of { $amount } on “{ $title }”
notice-conversion-recorded-with-commission = { $brand } recorded order { $order } of { $amount } on “{ $title }”: { $commission } commission
notice-conversion-reversed = { $brand } reversed order { $order } on “{ $title }” ({ $reason }): { $commission } commission no longer counts
notice-conversion-adjusted = { $brand } lowered order { $order } on “{ $title }” from { $from } to { $to } ({ $reason }): commission { $commission }
notice-commission-settled = { $brand } paid { $amount } commission on “{ $title }” into your wallet
notice-payout-paid = { $brand } paid { $amount } for “{ $title }” (reference { $reference })
notice-funds-received = { $amount } arrived in your wallet (transfer { $reference })
notice-withdrawal-paid = { $amount } was sent to your payout method (reference { $reference })
notice-withdrawal-failed = your withdrawal of { $amount } failed ({ $reason }); the money is back in your wallet
