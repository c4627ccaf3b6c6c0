# KOS livestream sessions (`src/livestreams.rs`).

## Notifications

livestream-scheduled = { $creator } scheduled a { $platform } livestream for “{ $title }” at { $starts }
livestream-ended = { $creator } ended livestream { $number } for “{ $title }”: { $viewers } viewers, peak { $peak }, { $minutes } minutes
livestream-cancelled = { $who } cancelled the livestream for “{ $title }” planned at { $starts }

## Errors

action-schedule-livestreams = schedule livestreams
action-start-livestreams = start livestreams
action-end-livestreams = end livestreams

livestream-creator-only = only the creator runs its livestream sessions
livestream-changed = the livestream session changed meanwhile; reload it
livestream-collaboration-not-active = the collaboration is { $status }
livestream-starts-in-future = must be in the future
livestream-too-far = must be within { $days } days from now
livestream-planned-minutes = must be from 1 to { $max } minutes
livestream-duration = must be from 0 to { $max } minutes
livestream-figure-negative = must be 0 or more
livestream-peak-above-total = must not exceed totalViewers
livestream-products-count = must list 1 to { $max } products
livestream-price-currency = must be the brief's currency, { $currency }
livestream-price-positive = must be positive
livestream-overlap = overlaps another livestream session of the creator, from { $starts } to { $ends }
livestream-too-many = a collaboration has at most { $max } livestream sessions
livestream-not-scheduled = the livestream session is { $status }; only a SCHEDULED one can do this
livestream-not-live = the livestream session is { $status }; only a LIVE one can end
livestream-too-early = the livestream session can go live from { $earliest }
livestream-order-not-live = the livestream session is { $status }: orders come from a LIVE or ENDED session
livestream-session-code = must be a livestream session code of the order's collaboration, { $code }-1, { $code }-2…, agreeing with the tracking code
