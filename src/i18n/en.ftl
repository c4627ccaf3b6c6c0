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
rate-limited = too many attempts; try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }
untranslated = { $text }
too-long = must be at most { $max } characters
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
