import Foundation
import Testing

/// `citygrid serve --tls-cert --tls-key`: HTTPS only on its port, TLS 1.2 at least, HSTS on every
/// answer; checked with curl and openssl, which share nothing with the server's TLS stack.
@Suite(.serialized) struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 and its key, made by openssl in a fresh folder.
    static func certificate(_ name: String) async throws -> (folder: URL, cert: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("citygrid-tls-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let made = try await Tool.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                           "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.status == 0, "openssl: \(made.standardError)")
        return (folder, cert, key)
    }

    @Test func httpsOnlyWithHSTSAndNothingOlderThanTLS12() async throws {
        let (folder, cert, key) = try await Self.certificate("serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await TransportServer.start("tls", arguments: ["--tls-cert", cert, "--tls-key", key], scheme: "https")
        #expect(server.logText.contains("serving https://"), "\(server.logText)")

        let ok = try await server.curl("/healthz", options: ["--cacert", cert])
        #expect(ok.exit == 0 && ok.status == 200, "\(ok.curlError)")
        #expect(ok.headers["strict-transport-security"] == "max-age=31536000", "\(ok.headers)")
        // An error answer too.
        let missing = try await server.curl("/no/such/path", options: ["--cacert", cert])
        #expect(missing.status == 404 && missing.headers["strict-transport-security"] != nil, "\(missing.headers)")
        // TLS 1.2 exactly is accepted (so the refusal below is about the version, not the setup).
        let tls12 = try await server.curl("/healthz", options: ["--cacert", cert, "--tlsv1.2", "--tls-max", "1.2"])
        #expect(tls12.status == 200, "\(tls12.curlError)")

        // Plain HTTP on the same port gets no answer.
        let plain = try await Tool.run("/usr/bin/curl", ["-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                                                         "http://127.0.0.1:\(server.port)/healthz"])
        #expect(plain.status != 0 && plain.standardOutput == "000", "plain HTTP answered: \(plain.standardOutput) \(plain.standardError)")

        // TLS 1.1, with the client's own floor lowered (OpenSSL 3 refuses 1.1 at its default
        // security level): the server's alert refuses it, which curl reports as such.
        let old = try await server.curl("/healthz", options: ["--cacert", cert, "--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0"])
        #expect(old.exit != 0 && old.status == 0, "TLS 1.1 answered \(old.status)")
        #expect(old.curlError.contains("alert protocol version"), "\(old.curlError)")
        // And openssl's own client agrees.
        let sClient = try await Tool.run("/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_1",
                                                              "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(sClient.status != 0, "openssl s_client -tls1_1 connected: \(sClient.standardOutput.prefix(300))")
    }

    @Test func aMissingOrBrokenFileStopsServeNamingIt() async throws {
        let (folder, cert, key) = try await Self.certificate("broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.pem").path
        try "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let absent = folder.appendingPathComponent("absent.pem").path
        let otherKey = folder.appendingPathComponent("other-key.pem").path
        let made = try await Tool.run("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey])
        try #require(made.status == 0, "\(made.standardError)")
        let store = try #require(LoadedSample.store)
        for (certificate, privateKey, named) in [(cert, absent, absent), (cert, garbage, garbage), (garbage, key, garbage),
                                                 (absent, key, absent), (cert, otherKey, otherKey)] {
            let started = Date()
            let run = try await CitygridProcess.run(["serve", "--store", store, "--port", String(Int.random(in: 20_000...40_000)),
                                                     "--tls-cert", certificate, "--tls-key", privateKey])
            #expect(run.status != 0, "serve started with \(certificate) and \(privateKey)")
            #expect(run.standardError.contains(named), "\(run.standardError)")
            #expect(!run.standardError.contains("listening on"))
            #expect(Date().timeIntervalSince(started) < 30)
        }
        // The same from the configuration file: refused before listening, the file named.
        let config = folder.appendingPathComponent("config.json").path
        try "{\"tlsCertificate\": \"\(cert)\", \"tlsKey\": \"\(absent)\"}".write(toFile: config, atomically: true, encoding: .utf8)
        let fromFile = try await CitygridProcess.run(["serve", "--store", store, "--port", String(Int.random(in: 20_000...40_000)), "--config", config])
        #expect(fromFile.status != 0 && fromFile.standardError.contains(absent) && !fromFile.standardError.contains("listening on"),
                "\(fromFile.standardError)")
    }

    @Test func helpSaysHTTPSReplacesHTTP() async throws {
        let help = try await CitygridProcess.run(["serve", "--help"])
        let text = help.standardOutput.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("--tls-cert") && text.contains("--tls-key"))
        #expect(text.contains("only HTTPS; plain HTTP is off"), "\(help.standardOutput)")
    }
}
