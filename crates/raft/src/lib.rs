//! The Raft core (tutorial to be written).

mod bug;
mod candidate;
mod config;
mod event;
mod follower;
mod leader;
mod log;
mod message;
mod node;
mod view;

pub use bug::Bug;
pub use config::{Config, ConfigError, Options};
pub use event::{
    AppendSource, CampaignReason, Category, CommitReason, Event, EventKind, FollowerReason,
    Malformation, RejectReason, Tally, TermReason, VoteRefusal,
};
pub use log::{Entry, EntryPayload, LogPosition};
pub use message::{ConflictHint, Envelope, Message, MessageKind};
pub use node::{Durable, Node, NotLeader, Output, Progress, Role, TransferError};
pub use view::{PeerView, View};
