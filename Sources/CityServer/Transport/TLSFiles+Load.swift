import Foundation
import NIOSSL

extension TLSFiles {
    /// The server's TLS configuration from the two PEM files: TLS 1.2 at least (RFC 8996 deprecates
    /// 1.0 and 1.1), the key checked against the certificate. Each failure names the file at fault,
    /// so `citygrid serve` stops with it before it listens.
    public func loaded() throws(ServerError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            try Self.requireReadable(certificatePath)
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch let error as ServerError {
            throw error
        } catch {
            throw .configuration(file: certificatePath, field: nil, reason: "not a PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else {
            throw .configuration(file: certificatePath, field: nil, reason: "no certificate in the file (expected PEM: -----BEGIN CERTIFICATE-----)")
        }
        let key: NIOSSLPrivateKey
        do {
            try Self.requireReadable(keyPath)
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch let error as ServerError {
            throw error
        } catch {
            throw .configuration(file: keyPath, field: nil, reason: "not a PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            // What the server makes per connection; made here once, it checks that the key is the
            // certificate's (OpenSSL's SSL_CTX_check_private_key).
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .configuration(file: keyPath, field: nil, reason: "the key does not go with the certificate \(certificatePath) (\(error))")
        }
        return configuration
    }

    static func requireReadable(_ path: String) throws(ServerError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .configuration(file: path, field: nil, reason: "no such file")
        }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: path) else {
            throw .configuration(file: path, field: nil, reason: "cannot be read")
        }
    }
}
