//! Operations tests: the real binary as a separate process, killed, restarted, crowded and put
//! behind a load balancer.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
mod concurrency;
mod crash;
mod outage;
mod scaleout;
mod support;
mod tools;
