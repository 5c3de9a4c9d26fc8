import ArgumentParser
import Foundation
import Store

/// The state store options shared by `ferry serve` and `ferry schedule`: which store, which ferry.yaml, and the
/// region and account in ARNs.
struct StateStoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The state store: sqlite:///path/state.db or postgres://...", valueName: "url"))
    var store: String?

    @Option(
        help: ArgumentHelp(
            "The configuration file (default: $FERRY_CONFIG, else ./ferry.yaml).", valueName: "file"),
        completion: .file())
    var config: String?

    @Option(help: ArgumentHelp("The region in ARNs (default us-east-1).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("The 12-digit account id in ARNs (default 123456789012).", valueName: "account"))
    var account: String?

    func validate() throws {
        if let account, account.count != 12 || !account.allSatisfy(\.isNumber) {
            throw ValidationError("--account \(account): give a 12-digit account id")
        }
    }

    /// The configuration file's path.
    var configPath: String { FerryConfiguration.path(option: config) }

    /// ferry.yaml, when `--config` names one or `./ferry.yaml` (or `$FERRY_CONFIG`) exists; an unreadable one prints
    /// the error and exits 2.
    func settings() throws -> FerryConfiguration? {
        guard config != nil || FileManager.default.fileExists(atPath: configPath) else { return nil }
        do {
            return try FerryConfiguration.load(path: configPath, requiresDatabases: false)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    /// `--store`, else ferry.yaml's `state_store`, else `ferry-state.db` in the current folder.
    func storeURL(_ settings: FerryConfiguration?) -> String {
        store ?? settings?.stateStore ?? "sqlite://" + FileManager.default.currentDirectoryPath + "/ferry-state.db"
    }

    /// The region and account: the options, else ferry.yaml's `serve` section, else the defaults.
    func storeConfiguration(_ settings: FerryConfiguration?) -> Store.Configuration {
        Store.Configuration(
            region: region ?? settings?.serve.region ?? "us-east-1",
            account: account ?? settings?.serve.account ?? "123456789012")
    }
}
