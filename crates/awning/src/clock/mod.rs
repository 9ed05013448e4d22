//! The clock of the tray app: what is due when (`deadlines`, pure) and the loop that
//! sleeps until then and acts (`scheduler`).

pub mod deadlines;
pub mod scheduler;
