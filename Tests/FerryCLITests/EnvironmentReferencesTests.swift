@testable import FerryCLI
import Testing

@Suite struct EnvironmentReferencesTests {
    let environment = ["DB_PASSWORD": "p@ss:w/rd%", "DATABASE_URL": "mysql://u:p@h:1/d", "EMPTY": ""]

    @Test func aReferenceInsideAURLIsPercentEncoded() throws {
        let url = try EnvironmentReferences.resolve(
            "mysql://app:${DB_PASSWORD}@db:3306/sales", option: "--source", environment: environment)
        #expect(url == "mysql://app:p%40ss%3Aw%2Frd%25@db:3306/sales")
    }

    @Test func aWholeURLReferenceIsUsedAsItIs() throws {
        #expect(try EnvironmentReferences.resolve("${DATABASE_URL}", option: "--source", environment: environment)
            == "mysql://u:p@h:1/d")
        #expect(try EnvironmentReferences.resolve("${EMPTY}", option: "--source", environment: environment) == "")
    }

    @Test func textWithoutReferencesIsUnchanged() throws {
        #expect(try EnvironmentReferences.resolve("sqlite:///tmp/$x.db", option: "--source", environment: [:])
            == "sqlite:///tmp/$x.db")
    }

    @Test func unsetAndMalformedReferencesAreNamed() {
        #expect(throws: EnvironmentReferences.Failure(description: "--target: the environment variable NOPE is not set")) {
            try EnvironmentReferences.resolve("mysql://u:${NOPE}@h/d", option: "--target", environment: environment)
        }
        #expect(throws: EnvironmentReferences.Failure(description: "--source: unterminated ${ (write ${NAME})")) {
            try EnvironmentReferences.resolve("mysql://u:${DB_PASSWORD@h/d", option: "--source", environment: environment)
        }
        #expect(throws: EnvironmentReferences.Failure(description: "--source: \"${A B}\" is not an environment variable reference")) {
            try EnvironmentReferences.resolve("x${A B}", option: "--source", environment: environment)
        }
    }
}
