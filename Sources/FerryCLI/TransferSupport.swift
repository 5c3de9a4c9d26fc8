import AsyncHTTPClient
import DataPlane
import Foundation
import JSONValue

/// Opens the store an object URL points into, for `ferry extract` and `ferry load`.
///
/// The executable reads the environment here (libraries never do): S3 credentials come from `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY` and, for temporary credentials, `AWS_SESSION_TOKEN`.
enum TransferStores {
    /// Runs `body` with a store for `url`; an S3 store gets its own HTTP client, shut down afterwards.
    static func withStore<R>(
        _ url: ObjectStoreURL, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (any ObjectStore) async throws -> R
    ) async throws -> R {
        switch url {
        case .file(let path):
            return try await body(try LocalObjectStore(root: path))
        case .s3(let location):
            let aws = try AWSEnvironment(environment)
            guard let credentials = aws.credentials else {
                throw S3Error(
                    code: .invalidConfiguration, operation: "ReadEnvironment", bucket: location.bucket,
                    reason: "S3 needs credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            }
            let client = HTTPClient(
                eventLoopGroupProvider: .singleton, configuration: S3ObjectStore.makeHTTPClientConfiguration())
            do {
                let store = try S3ObjectStore(
                    configuration: .init(location: location, credentials: credentials), httpClient: client)
                let result = try await body(store)
                try? await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// An error as one line for stderr: its description with line breaks flattened.
    static func oneLine(_ error: any Error) -> String {
        let text = String(describing: error)
        return String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// Seconds since `start`, rounded to milliseconds, as JSON.
    static func seconds(since start: ContinuousClock.Instant) -> JSONValue {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return .double((seconds * 1000).rounded() / 1000)
    }
}
