import App
import Foundation

/// Entry point of the `motcua` executable. A configuration that cannot be used is reported on
/// standard error, every problem at once, and the process exits with status 1.
@main
struct Motcua {
    static func main() async {
        do {
            try await Commands.run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }
}
