import App
import Testing

/// Configuration: no default secret outside development mode.
@Suite("Configuration")
struct ConfigurationTests {
    @Test("production refuses to start without its own signing secret")
    func productionSecrets() throws {
        let base = ["MOTCUA_ENV": "production", "DATA_DIR": "/tmp/unused", "PUBLIC_BASE_URL": "https://dichvucong.example.vn"]
        #expect(throws: ConfigError.self) { try AppConfig(environment: base) }
        // Production needs no sandbox secret: without a payment provider, fees are paid at the counter.
        let noProvider = try AppConfig(environment: base.merging(["SIGNING_KEY_SECRET": "s" + String(repeating: "x", count: 20)]) { $1 })
        #expect(noProvider.paymentProvider == AppConfig.PaymentProviderKind.none)
        #expect(throws: ConfigError.self) {
            try AppConfig(
                environment: base.merging(["SIGNING_KEY_SECRET": "short", "PAYMENT_SANDBOX_SECRET": String(repeating: "p", count: 20)]) {
                    $1
                })
        }
        let config = try AppConfig(
            environment: base.merging([
                "SIGNING_KEY_SECRET": String(repeating: "s", count: 20),
                "PAYMENT_SANDBOX_SECRET": String(repeating: "p", count: 20),
            ]) { $1 })
        #expect(config.demoPassword == nil)
        #expect(config.signingKeySecret == String(repeating: "s", count: 20))
        // Development has placeholders, so the first command needs no set-up.
        let development = try AppConfig(environment: ["DATA_DIR": "/tmp/unused", "MOTCUA_ENV": "development"])
        #expect(!development.signingKeySecret.isEmpty && development.signingKeySecret != config.signingKeySecret)
    }
}
