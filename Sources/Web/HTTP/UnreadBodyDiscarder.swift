import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Lets a client that sends its whole body before reading (Python's urllib, many SDKs) get the
/// answer the server gave early (401, 403, 413): once the response is complete, what is left of
/// the request body is dropped as it arrives, on the event loop, instead of being passed up and
/// read piece by piece, and the connection stays usable. A remainder over `limit` bytes closes
/// the connection instead of being read to its end.
public final class UnreadBodyDiscarder: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let limit: Int
    private var requestOpen = false
    private var discarding = false
    private var discarded = 0

    /// A handler that drops at most `limit` unread bytes of one request.
    public init(limit: Int) { self.limit = limit }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestOpen = true
        case .body(let buffer) where discarding:
            discarded += buffer.readableBytes
            if discarded > limit { context.close(promise: nil) }
            return
        case .body:
            break
        case .end:
            requestOpen = false
            discarding = false
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), requestOpen {
            discarding = true
            discarded = 0
        }
        context.write(data, promise: promise)
    }
}
