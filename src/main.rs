fn main() -> std::process::ExitCode {
    pimap::cli::run()
}
