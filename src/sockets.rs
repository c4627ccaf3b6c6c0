//! The registry of open GraphQL WebSockets (`ws`), which `AppState` holds and graceful shutdown
//! closes.

use std::time::Duration;

use tokio::time::timeout;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

/// The open sockets of the process. axum's graceful shutdown does not wait for upgraded
/// connections, so without this the process would exit under them and clients would see an
/// abnormal closure (1006) instead of 1001.
#[derive(Clone, Default)]
pub struct Sockets {
    pub(crate) closing: CancellationToken,
    pub(crate) open: TaskTracker,
}

impl Sockets {
    /// Closes every open socket with 1001 and waits, at most `grace`, until they are closed.
    /// Sockets opened afterwards are closed at once.
    pub async fn close_all(&self, grace: Duration) {
        self.closing.cancel();
        self.open.close();
        if timeout(grace, self.open.wait()).await.is_err() {
            tracing::warn!(
                open = self.open.len(),
                "websockets still open after the shutdown grace period"
            );
        }
    }
}
