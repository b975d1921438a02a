//! The world the cores run in: simulated time and its event queue, the network, the servers
//! as machines (up, down, paused, skewed), the clients and their store, and time travel.
//!
//! - [`world`]: the queue and every step; [`network`] and [`in_flight`]: messages on the way.
//! - [`node`]: a server as the world holds it; [`clients`], [`kv`] and [`history`]: the
//!   workload and what it saw.
//! - [`timeline`] and [`simulation`]: checkpoints, seeking and forks; [`snapshot`]: the view
//!   the page draws.

pub mod clients;
pub mod history;
pub mod in_flight;
pub mod kv;
pub mod network;
pub mod node;
pub mod simulation;
pub mod snapshot;
pub mod timeline;
pub mod world;
