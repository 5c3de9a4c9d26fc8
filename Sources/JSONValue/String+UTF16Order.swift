extension String {
    /// -1, 0 or 1: how JavaScript's `<` and Java's `String.compareTo` order two strings, by UTF-16 code units (Swift's
    /// `<` and `==` compare by Unicode canonical equivalence instead: "é" precomposed equals "e\u{301}" in Swift,
    /// not in JavaScript).
    public func utf16Order(_ other: String) -> Int {
        var i = utf16.makeIterator()
        var j = other.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}
