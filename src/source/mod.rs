//! Where bytes come from: walking the roots the user named (`walk`) and reading files in blocks
//! (`read`). Everything here opens files read-only; nothing here interprets content.

pub mod read;
pub mod sniff;
pub mod walk;
