import DataPlane
import Testing

@Suite struct ObjectStoreURLTests {
    @Test func parsesFileURLs() throws {
        #expect(try ObjectStoreURL("file:///var/lib/ferry/") == .file(path: "/var/lib/ferry"))
        #expect(try ObjectStoreURL("file://localhost/tmp/a%20b") == .file(path: "/tmp/a b"))
        #expect(try ObjectStoreURL("FILE:///") == .file(path: "/"))
        #expect(try ObjectStoreURL("file:///tmp/a%20b").description == "file:///tmp/a%20b")
    }

    @Test(arguments: [
        "file://relative/path", "file:relative", "file://", "file:///a/../b", "file:///a?x=1", "file:///a%zz",
        "file:///a%00b", "/plain/path", "ftp://host/x", "file:///a#frag",
    ])
    func refusesBadFileURLs(url: String) throws {
        #expect(throws: ObjectStoreError.self) { try ObjectStoreURL(url) }
    }

    @Test func parsesS3URLsWithDefaults() throws {
        let url = try ObjectStoreURL("s3://my-bucket/exports/daily")
        guard case .s3(let location) = url else { Issue.record("not s3"); return }
        #expect(location.bucket == "my-bucket")
        #expect(location.prefix == "exports/daily/")
        #expect(location.region == "us-east-1")
        #expect(location.endpoint == nil)
        #expect(!location.usesPathStyle)
        #expect(location.host == "my-bucket.s3.us-east-1.amazonaws.com")
    }

    @Test func parsesS3URLsWithEndpointRegionAndPathStyle() throws {
        let url = try ObjectStoreURL(
            "s3://reports?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-1&path_style=true")
        guard case .s3(let location) = url else { Issue.record("not s3"); return }
        #expect(location.prefix == "")
        #expect(location.endpoint == .init(usesTLS: false, host: "127.0.0.1", port: 9000))
        #expect(location.endpoint?.hostHeader == "127.0.0.1:9000")
        #expect(location.region == "eu-west-1")
        #expect(location.usesPathStyle)
        #expect(location.host == "127.0.0.1")
        let raw = try ObjectStoreURL("s3://reports/x/?endpoint=https://[::1]:443/&path_style=1")
        guard case .s3(let ipv6) = raw else { Issue.record("not s3"); return }
        #expect(ipv6.endpoint == .init(usesTLS: true, host: "::1", port: 443))
        #expect(ipv6.endpoint?.hostHeader == "[::1]")
        #expect(ipv6.prefix == "x/")
    }

    @Test(arguments: [
        ("s3://", "bucket name is missing"),
        ("s3://Upper-Case", "lowercase"),
        ("s3://ab", "3 to 63"),
        ("s3://bucket_name", "lowercase"),
        ("s3://-bucket", "begin and end"),
        ("s3://192.168.1.1", "IP address"),
        ("s3://bucket?regoin=us-east-1", "unknown parameter \"regoin\""),
        ("s3://bucket?region=us-east-1&region=eu-west-1", "given twice"),
        ("s3://bucket?path_style=maybe", "true or false"),
        ("s3://bucket?endpoint=127.0.0.1:9000", "http:// or https://"),
        ("s3://bucket?endpoint=http://host:99999", "between 1 and 65535"),
        ("s3://bucket?endpoint=http://host/path", "must not have a path"),
        ("s3://bucket/../x", "not a valid key prefix"),
        ("s3://bucket:9000/x", "endpoint parameter"),
        ("s3://my.bucket/x", "path_style=true"),
        ("s3://bucket/a b", "whitespace"),
    ])
    func refusesBadS3URLsWithAClearReason(url: String, reason: String) throws {
        do {
            _ = try ObjectStoreURL(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func credentialsInTheURLAreRefusedAndRedacted() throws {
        do {
            _ = try ObjectStoreURL("s3://AKIDEXAMPLE:superSecretKey@bucket/prefix")
            Issue.record("accepted credentials in URL")
        } catch {
            #expect(!error.description.contains("superSecretKey"))
            #expect(!error.subject.contains("superSecretKey"))
            #expect(error.description.contains("AWS_SECRET_ACCESS_KEY"))
        }
    }
}
