use std::process::ExitCode;

// Checking allocates many small, short-lived strings and vectors on every thread; mimalloc's
// per-thread free lists make that markedly cheaper than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    gwlint::commands::main()
}
