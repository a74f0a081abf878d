import HummingbirdCore
import HummingbirdTLS
import NIOCore

extension HTTPServerBuilder {
    /// The server's connections, from the socket in:
    ///
    /// 1. `ConnectionCapChannel`: a client address over `maxConnectionsPerAddress` open connections
    ///    is closed at once, before any TLS handshake or parsing is spent on it;
    /// 2. with `tls`, Hummingbird's TLS channel (swift-nio-ssl): the port then speaks only HTTPS;
    /// 3. Hummingbird's HTTP/1.1 channel with its `idleTimeout`, which is also the head-read
    ///    timeout: its idle clock restarts only on a whole request head (or body part) read or a
    ///    response finished, so a client that sends nothing, or half a head a byte at a time, is
    ///    closed `idleTimeoutSeconds` after it connected; a request being answered is never cut;
    /// 4. `CloseAfterResponseHandler`, which closes after an answer saying `Connection: close`
    ///    (the 413), instead of reading the rest of a refused upload;
    /// 5. the responder, run with the peer's address in `ClientAddress.current` for the rate limiter.
    ///
    /// The pieces are Hummingbird's own extension points (`ServerChildChannel`, the HTTP1 channel's
    /// `additionalChannelHandlers`), so nothing of Hummingbird is copied or patched.
    ///
    /// The PEM files are read when the server is built, before it listens; a bad one stops it with
    /// an error naming the file (`TLSFiles.loaded()`).
    static func cityGrid(_ transport: TransportConfiguration) -> HTTPServerBuilder {
        let counter = ConnectionCounter(limit: transport.maxConnectionsPerAddress)
        let http = HTTP1Channel.Configuration(additionalChannelHandlers: [CloseAfterResponseHandler()],
                                              idleTimeout: .nanoseconds(Int64(transport.idleTimeoutSeconds * 1e9)))
        return HTTPServerBuilder { responder in
            let tls = try transport.tls?.loaded()
            let base = HTTP1Channel(responder: ClientAddress.responder(responder), configuration: http)
            if let tls {
                return ConnectionCapChannel(base: try TLSChannel(base, tlsConfiguration: tls), counter: counter)
            }
            return ConnectionCapChannel(base: base, counter: counter)
        }
    }
}
