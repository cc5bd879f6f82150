import App

/// Entry point of the `motcua` executable.
@main
struct Motcua {
    static func main() async throws {
        try await Commands.run(Array(CommandLine.arguments.dropFirst()))
    }
}
