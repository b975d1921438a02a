//! What survives a crash: the acceptor's promise and its accepted proposals (Paxos Made Simple
//! §2.3: "an acceptor must remember this information even if it fails and then restarts").

use common::SortedMap;
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::config::ConfigError;
use crate::value::{Accepted, Slot};

/// The durable state. A node also uses `promised` to pick its next ballot, so it never reuses
/// a ballot after a restart: it promised its own ballot before sending any Prepare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Durable<C> {
    pub promised: Ballot,
    pub accepted: SortedMap<Slot, Accepted<C>>,
}

impl<C> Default for Durable<C> {
    fn default() -> Self {
        Self {
            promised: Ballot::ZERO,
            accepted: SortedMap::new(),
        }
    }
}

impl<C> Durable<C> {
    /// Refuses states no correct acceptor can reach.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.accepted.contains_key(&0) {
            return Err(ConfigError::DurableSlotZero);
        }
        if let Some((&slot, _)) = self.accepted.iter().find(|(_, a)| a.ballot > self.promised) {
            return Err(ConfigError::DurableAcceptedAbovePromised { slot });
        }
        Ok(())
    }
}
