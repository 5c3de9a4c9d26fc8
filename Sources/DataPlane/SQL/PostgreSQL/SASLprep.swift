internal import Foundation

/// SASLprep (RFC 4013) as PostgreSQL applies it to SCRAM passwords, on the server when it stores a password and in
/// libpq when it answers a challenge: both sides must hash the same bytes.
///
/// An ASCII password is used as it is. Any other one is mapped (non-ASCII spaces to a space, the characters of
/// RFC 3454 table B.1 to nothing) and normalised to NFKC; if the result holds a prohibited or (in Unicode 3.2)
/// unassigned character, or breaks the bidirectional rule, PostgreSQL uses the password as given instead, and
/// so does this.
enum SASLprep {
    /// The password to hash: `password` prepared, or as given where PostgreSQL falls back to that.
    static func prepare(_ password: String) -> String {
        if password.utf8.allSatisfy({ $0 < 0x80 }) { return password }
        var mapped = String.UnicodeScalarView()
        for scalar in password.unicodeScalars {
            if contains(SASLprepTables.nonASCIISpaces, scalar) {
                mapped.append(" ")
            } else if !contains(SASLprepTables.mappedToNothing, scalar) {
                mapped.append(scalar)
            }
        }
        let prepared = String(mapped).precomposedStringWithCompatibilityMapping
        let scalars = Array(prepared.unicodeScalars)
        guard !scalars.isEmpty,
            !scalars.contains(where: { contains(SASLprepTables.prohibited, $0) || contains(SASLprepTables.unassigned, $0) })
        else { return password }
        if scalars.contains(where: { contains(SASLprepTables.rightToLeft, $0) }) {
            guard !scalars.contains(where: { contains(SASLprepTables.leftToRight, $0) }),
                contains(SASLprepTables.rightToLeft, scalars[0]), contains(SASLprepTables.rightToLeft, scalars[scalars.count - 1])
            else { return password }
        }
        return prepared
    }

    /// Whether one of the sorted, disjoint `ranges` holds `scalar` (binary search).
    private static func contains(_ ranges: [ClosedRange<UInt32>], _ scalar: Unicode.Scalar) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < scalar.value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < ranges.count && ranges[low].contains(scalar.value)
    }
}
