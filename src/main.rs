fn main() -> std::process::ExitCode {
    tactful_cli::main()
}
