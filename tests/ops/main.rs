//! Operations tests: the real binary as a separate process, killed, restarted, crowded and put
//! behind a load balancer.
#![allow(clippy::unwrap_used)]

mod concurrency;
mod crash;
mod outage;
mod scaleout;
mod support;
mod tools;
