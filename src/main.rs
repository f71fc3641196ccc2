fn main() {
    std::process::exit(rookvrij_kiosk::cli::main());
}
