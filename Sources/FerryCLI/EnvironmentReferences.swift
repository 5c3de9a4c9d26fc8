import Foundation

/// `${NAME}` references to environment variables in connection URLs, so secrets need not be on the command line
/// (where `ps` and shell history would show them).
///
/// An argument that is exactly one reference (`'${DATABASE_URL}'`) is replaced by the variable's value as it is. A
/// reference inside a URL (`'mysql://app:${DB_PASSWORD}@db:3306/sales'`) is replaced by the value percent-encoded,
/// so a password with `@`, `:` or `/` in it cannot change the URL's structure. Quote such arguments with single
/// quotes, so the shell leaves the reference to Ferry.
enum EnvironmentReferences {
    /// An unset variable or a malformed reference, named with the option it appeared in.
    struct Failure: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    /// `text` with every `${NAME}` replaced.
    ///
    /// - Parameters:
    ///   - text: The argument as given.
    ///   - option: The option it came from (`--source`), for messages.
    ///   - environment: The variables to read.
    /// - Returns: The resolved text.
    /// - Throws: ``Failure`` for an unset variable or an unterminated `${`.
    static func resolve(
        _ text: String, option: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = text[...]
        var references = 0
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw Failure(description: "\(option): unterminated ${ (write ${NAME})")
            }
            let name = String(rest[start.upperBound..<end])
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw Failure(description: "\(option): \"${\(name)}\" is not an environment variable reference")
            }
            guard let value = environment[name] else {
                throw Failure(description: "\(option): the environment variable \(name) is not set")
            }
            references += 1
            let whole = start.lowerBound == text.startIndex && rest.index(after: end) == text.endIndex && references == 1
            result += whole ? value : percentEncoded(value)
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// `value` with everything but RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ value: String) -> String {
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        unreserved.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
