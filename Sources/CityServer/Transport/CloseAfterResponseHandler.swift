import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Closes the connection after a response that says `Connection: close` (RFC 9112 §9.6), such as
/// the 413 for a body over the limit. Hummingbird closes after a request that says so, but after a
/// response it goes on reading the rest of the refused body before the next request, which leaves
/// an uploading client blocked until it has sent everything.
///
/// The close is lingering, as nginx's `lingering_close`: the output side is shut at once (the client
/// reads the answer, then end of stream), and the whole connection `linger` later. Closing both at
/// once while the client's body is still arriving would make the kernel answer with a reset, which
/// can destroy the answer before the client reads it.
final class CloseAfterResponseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let linger: TimeAmount
    private var closing = false

    init(linger: TimeAmount = .seconds(2)) {
        self.linger = linger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            closing = response.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closing else { return context.write(data, promise: promise) }
            closing = false
            context.writeAndFlush(data, promise: promise)
            let channel = context.channel
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
            channel.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
        }
    }
}
