//! What the market learns from its deals, through the API: reviews of partners, and the stats
//! of creators and brands.

/// A partner's review of a completed collaboration.
pub const REVIEW_PARTNER: &str = "mutation($input: ReviewPartnerInput!) { r: reviewPartner(input: $input) { \
    id author rating comment } }";
pub const CREATOR_STATS: &str = "query($id: ID!) { creator(id: $id) { stats { activeCollaborations \
    completedCollaborations averageRating reviewCount onTimeRate totalOrders averageEngagementRate \
    conversionRate } reviews(first: 10) { totalCount nodes { author rating comment } } } }";
pub const BRAND_STATS: &str = "query($id: ID!) { brand(id: $id) { stats { openBriefs activeCollaborations \
    completedCollaborations averageRating reviewCount } \
    reviews(first: 10) { totalCount nodes { author rating comment } } } }";
