//! The clock of the tray app: what is due when (`deadlines`, pure), the loop that
//! sleeps until then and acts (`scheduler`), and what wakes it: the wall clock (`wall`)
//! and the files it reads (`files`).

pub mod deadlines;
mod files;
pub mod scheduler;
pub mod wall;
