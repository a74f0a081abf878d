import HummingbirdCore
import NIOCore

/// The address of the client whose request is being answered, set by the server's channel for the
/// whole of each request (`ClientAddress.responder(_:)`), so that the rate limiter can key on it
/// without the request context carrying the channel. Nil where there is no socket (the router tests
/// of HummingbirdTesting), and then nothing is limited per address.
enum ClientAddress {
    @TaskLocal static var current: String?

    /// The IP address of a channel's peer (`::ffff:` mapped IPv4 as IPv4, so one client is one key).
    static func of(_ channel: any Channel) -> String? {
        guard let ip = channel.remoteAddress?.ipAddress else { return nil }
        return ip.hasPrefix("::ffff:") && ip.contains(".") ? String(ip.dropFirst(7)) : ip
    }

    /// `responder` with the channel's peer address bound to `current` while it answers.
    static func responder(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        { request, writer, channel in
            // The writer cannot be captured by the closure below and consumed in it (it is
            // ~Copyable): it goes through an optional that the closure empties.
            var pending: ResponseWriter? = consume writer
            try await $current.withValue(of(channel)) {
                try await responder(request, pending.take()!, channel)
            }
        }
    }
}
