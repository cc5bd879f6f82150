import Foundation
import Hummingbird

/// Reads `+` in a query string as a space, as HTML forms and every form-encoding client mean it
/// (`?q=dang+ky` is `dang ky`; a literal plus comes as `%2B`): the query is rewritten once, so that
/// every reader of `request.uri.queryParameters` sees the same values.
struct FormQueryMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?"), path[mark...].contains("+") else {
            return try await next(request, context)
        }
        var head = request.head
        head.path = String(path[..<mark]) + path[mark...].replacingOccurrences(of: "+", with: "%20")
        return try await next(Request(head: head, body: request.body), context)
    }
}
